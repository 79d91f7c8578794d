/*
 * cmd-import.c — `chipscreen import`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_import(int argc, char **argv)
{
	return usage_error("import", "not available in this build yet");
}
