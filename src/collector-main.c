/*
 * collector-main.c — chipscreen-collector: collect and capture, nothing else.
 *
 * A fleet runs the collector on every machine and judges centrally (chipscreen
 * import, or the fleet server), so the machines need neither SQLite, utf8proc,
 * ICU nor the knowledge tables.  `make collector` links this main against the
 * same library as chipscreen, with every library static except the C library
 * and cJSON (Debian ships no static cJSON); the linker keeps only what collect
 * and capture reach.  Inventories are written without maker attributions
 * (`collect --no-identify`): attribution needs the data files, which the
 * collector does not ship.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen-collector collect [--root DIR|FILE] [--format json|text] [-o FILE]\n"
	"       chipscreen-collector capture -o FILE.tar.gz|DIR [--root DIR]\n"
	"       chipscreen-collector version\n"
	"\n"
	"The collecting half of chipscreen, for fleets: read this machine's hardware\n"
	"and write the inventory (without maker attributions: `chipscreen import` or\n"
	"the fleet server adds them), or capture the files collect reads.\n"
	"'chipscreen-collector CMD --help' shows a command's options.\n";

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	opterr = 0; /* a bad option: the command says so once (usage_bad_option) */
	const char *name = argc >= 2 ? argv[1] : "";
	if (!strcmp(name, "collect")) {
		/* argv[1..] with --no-identify added after the command name */
		char **args = xcalloc((size_t)argc + 1, sizeof *args);
		args[0] = argv[1];
		args[1] = "--no-identify";
		for (int i = 2; i < argc; i++)
			args[i] = argv[i];
		int rc = cmd_collect(argc, args);
		free(args);
		return rc;
	}
	if (!strcmp(name, "capture"))
		return cmd_capture(argc - 1, argv + 1);
	if (!strcmp(name, "version") || !strcmp(name, "--version"))
		return cmd_version(argc - 1, argv + 1);
	if (!strcmp(name, "help") || !strcmp(name, "--help") || !strcmp(name, "-h")) {
		fputs(usage, stdout);
		return EXIT_CLEAR;
	}
	fputs(usage, stderr);
	if (*name)
		fprintf(stderr, "chipscreen-collector: '%s' is not a collector command\n", name);
	return EXIT_ERROR;
}
