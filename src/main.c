/*
 * main.c — chipscreen's entry point: find the subcommand and run it.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

#include <locale.h>
#include <string.h>

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	if (argc < 2)
		return cmd_help(1, argv);
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		return cmd_help(1, argv);
	if (!strcmp(name, "--version") || !strcmp(name, "-V"))
		return cmd_version(1, argv);
	const struct command *cmd = command_find(name);
	if (!cmd)
		return usage_error(NULL, "'%s' is not a chipscreen command; see 'chipscreen help'",
				   name);
	return cmd->run(argc - 1, argv + 1);
}
