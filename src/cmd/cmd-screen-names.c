/*
 * cmd-screen-names.c — `chipscreen screen-names`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_screen_names(int argc, char **argv)
{
	return usage_error("screen-names", "not available in this build yet");
}
