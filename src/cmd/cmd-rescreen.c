/*
 * cmd-rescreen.c — `chipscreen rescreen`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_rescreen(int argc, char **argv)
{
	return usage_error("rescreen", "not available in this build yet");
}
