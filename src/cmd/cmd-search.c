/*
 * cmd-search.c — `chipscreen search`.  Not built yet: see the open issues.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

int cmd_search(int argc, char **argv)
{
	return usage_error("search", "not available in this build yet");
}
