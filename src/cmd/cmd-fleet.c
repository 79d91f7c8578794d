/*
 * cmd-fleet.c — `chipscreen fleet`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_fleet(int argc, char **argv)
{
	return usage_error("fleet", "not available in this build yet");
}
