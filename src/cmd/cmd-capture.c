/*
 * cmd-capture.c — `chipscreen capture`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_capture(int argc, char **argv)
{
	return usage_error("capture", "not available in this build yet");
}
