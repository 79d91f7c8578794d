/*
 * main.c — chipscreen's entry point: find the subcommand and run it, and
 * make a write error on standard output the run's error (exit status 2).
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

#include "util/log.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	opterr = 0; /* a bad option: the command says so once (usage_bad_option) */
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
	int rc = cmd->run(argc - 1, argv + 1);
	/* an answer lost on its way out (a full disk: "search X > hits.txt")
	 * must not pass for "no hit" or for a listing: the exit status says so */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (rc != EXIT_ERROR)
			log_error("standard output: write error: %s", strerror(errno));
		rc = EXIT_ERROR;
	}
	return rc;
}
