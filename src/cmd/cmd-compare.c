/*
 * cmd-compare.c — `chipscreen compare`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_compare(int argc, char **argv)
{
	return usage_error("compare", "not available in this build yet");
}
