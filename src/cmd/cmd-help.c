/*
 * cmd-help.c — `chipscreen help [CMD]` and the command table.
 *
 * The table names every command, so whatever links it links the whole
 * program; usage.c holds what a command needs without the table (the
 * collector links collect, capture and version only).
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

#include <stdio.h>
#include <string.h>

const struct command commands[] = {
	{"collect", cmd_collect,
	 "read this machine's hardware from the kernel (or a captured tree)"},
	{"capture", cmd_capture, "copy exactly the files collect reads, to replay or send"},
	{"scan", cmd_scan, "collect, identify makers and judge them against the rules"},
	{"identify", cmd_identify, "explain who made one part, from its identifiers"},
	{"rules", cmd_rules, "list the bundled rules, or show one with its citation"},
	{"profiles", cmd_profiles, "list the operator profiles, or show one"},
	{"lists", cmd_lists, "import restricted-party lists, or show what is loaded"},
	{"search", cmd_search, "search a name in the restricted-party lists"},
	{"compare", cmd_compare, "score two names against each other, with the explanation"},
	{"review", cmd_review, "record that a hit is not the party screened (by whom, why)"},
	{"screen-names", cmd_screen_names, "screen a CSV of supplier or customer names"},
	{"import", cmd_import,
	 "import inventories (collect JSON, dmidecode, smartctl, ...) into the store"},
	{"fleet", cmd_fleet, "judge every host in the store and report per rule and per host"},
	{"rescreen", cmd_rescreen,
	 "re-judge the fleet after a rule or list change, and show what changed"},
	{"export-check", cmd_export_check,
	 "whether a US licence is needed to ship a chip, computer, HBM or chip tool"},
	{"report", cmd_report, "write the fleet's screening as an HTML or PDF document for auditors"},
	{"hosts", cmd_hosts, "list the store's hosts (site, tags, last import, worst verdict); retire one"},
	{"serve", cmd_serve, "serve the fleet over HTTPS: agents upload, readers query"},
	{"agent", cmd_agent, "collect this machine and upload it to a chipscreen server"},
	{"token", cmd_token, "create, list or revoke the server's API tokens"},
	{"help", cmd_help, "show help for chipscreen or for one command"},
	{"version", cmd_version, "print the version"},
	{NULL, NULL, NULL},
};

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int cmd_help(int argc, char **argv)
{
	if (argc >= 2) {
		const struct command *c = command_find(argv[1]);
		if (!c)
			return usage_error("help", "no such command '%s'", argv[1]);
		char *args[] = {(char *)c->name, "--help", NULL};
		return c->run(2, args);
	}
	printf("usage: chipscreen <command> [options] [args]\n\n"
	       "Which hardware in a fleet, or on purchase orders, is restricted for its\n"
	       "operator, under which decision, since when, and what must go by when.\n\n"
	       "Commands:\n");
	for (const struct command *c = commands; c->name; c++)
		printf("  %-13s %s\n", c->name, c->summary);
	printf("\nExit status: 0 nothing found, 1 findings, 2 usage or input error.\n"
	       "'chipscreen CMD --help' shows a command's options; 'man chipscreen-CMD' its "
	       "manual.\n");
	return EXIT_CLEAR;
}
