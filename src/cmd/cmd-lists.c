/*
 * cmd-lists.c — `chipscreen lists`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_lists(int argc, char **argv)
{
	return usage_error("lists", "not available in this build yet");
}
