/*
 * cmd-identify.c — `chipscreen identify`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_identify(int argc, char **argv)
{
	return usage_error("identify", "not available in this build yet");
}
