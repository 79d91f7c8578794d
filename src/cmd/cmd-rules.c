/*
 * cmd-rules.c — `chipscreen rules`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_rules(int argc, char **argv)
{
	return usage_error("rules", "not available in this build yet");
}
