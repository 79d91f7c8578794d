/*
 * cmd-scan.c — `chipscreen scan`.  Until identify and rules land, scan shows
 * the collected inventory with makers unknown: no verdicts are invented.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "collect/collect.h"
#include "inventory-json.h"
#include "report/inventory-text.h"
#include "util/log.h"

#include <getopt.h>
#include <stdio.h>

static const char usage[] = "usage: chipscreen scan [--root DIR | FILE...]\n"
			    "\n"
			    "Collect this machine's hardware (or read a captured tree or a\n"
			    "collect JSON file) and show it.  Makers and verdicts come with\n"
			    "the identify and rules stages.\n";

int cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = "/";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'r')
			root = optarg;
		else if (c == 'h')
			return print_usage(usage);
		else
			return usage_error("scan", "unknown option");
	}
	struct inventory *inv = inventory_new();
	if (optind < argc) {
		struct strbuf err = STRBUF_INIT;
		if (inventory_load_file(argv[optind], inv, &err) < 0) {
			log_error("%s", err.buf);
			strbuf_release(&err);
			inventory_free(inv);
			return EXIT_ERROR;
		}
		strbuf_release(&err);
	} else {
		collect_run(inv, root);
	}
	inventory_write_text(inv, stdout);
	inventory_free(inv);
	return EXIT_CLEAR;
}
