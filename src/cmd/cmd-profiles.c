/*
 * cmd-profiles.c — `chipscreen profiles`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_profiles(int argc, char **argv)
{
	return usage_error("profiles", "not available in this build yet");
}
