/*
 * fleet-opts.h — what `chipscreen fleet`, `rescreen` and `hosts` share:
 * their options (store, profile, date, filters, format) and loading the
 * rule set, the profile, the knowledge base and the store.
 */
#ifndef CMD_FLEET_OPTS_H
#define CMD_FLEET_OPTS_H

#include <stdbool.h>

#include "chipscreen.h"
#include "cmd/cmd.h"
#include "identify/identify.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "store/fleet.h"

struct fleet_cli {
	const char *cmd;
	const char *db, *profile, *config, *format;
	const char **attrs, **sites, **tags, **hosts;
	size_t nattrs, nsites, ntags, nhosts;
	day_t date;
	int fail_on;
	struct fail_on gate; /* fail_on, and whether unidentified parts fail it too */
	bool full, stats, create;
	bool what_if; /* --date other than today */
	struct fail_on min; /* --min-verdict: findings below it are not shown; unidentified
			     * parts shown when at NOT-IDENTIFIED or below */
	bool summary;          /* --summary */
	struct fleet_filter filter;
};

/*
 * The options every fleet-reading command shares (fleet, rescreen, hosts,
 * report): the store, the profile, the date and the filters.  A command's
 * own table starts with FLEET_CLI_LONGOPTS, its short options include
 * "p:a:d:c:s:t:H:", and its own long-only options number from
 * FLEET_OPT_DB + 1.  fleet_cli_init before getopt (arrays for argc values,
 * getopt reset), fleet_cli_option for each option (1 taken, 0 not one of
 * these, EXIT_ERROR on a bad value), fleet_cli_finish after (today's date
 * by default, the filter).
 */
#define FLEET_OPT_DB 256
/* clang-format off */
#define FLEET_CLI_LONGOPTS \
	{"db", required_argument, NULL, FLEET_OPT_DB}, \
	{"profile", required_argument, NULL, 'p'}, \
	{"attr", required_argument, NULL, 'a'}, \
	{"date", required_argument, NULL, 'd'}, \
	{"config", required_argument, NULL, 'c'}, \
	{"site", required_argument, NULL, 's'}, \
	{"tag", required_argument, NULL, 't'}, \
	{"host", required_argument, NULL, 'H'}
/* clang-format on */
void fleet_cli_init(struct fleet_cli *c, int argc);
int fleet_cli_option(struct fleet_cli *c, int ch, char *arg);
void fleet_cli_finish(struct fleet_cli *c);

/* Parse the options; 0, HELP_SHOWN (-1) after --help, or EXIT_ERROR.
 * stats: accept --stats, --min-verdict and --summary (fleet).  hosts, which
 * neither gates nor re-identifies, refuses --fail-on and --full. */
int fleet_cli_parse(struct fleet_cli *c, int argc, char **argv, const char *usage, bool stats);
void fleet_cli_free(struct fleet_cli *c);

struct fleet_env {
	struct ruleset *rs;
	struct kb *kb;
	struct arena *a;
	const struct profile *profile;
	struct fleet *f;
	const char *db;
};

/* Load what a screening needs; EXIT_ERROR (with the message printed) or 0. */
int fleet_env_open(const struct fleet_cli *c, struct fleet_env *e);
void fleet_env_close(struct fleet_env *e);

#define FLEET_HELP_SHOWN (-1)

/* The start of both commands: parse, then load.  True to go on; false when
 * the command is done (--help, a usage or load error), *status then its exit
 * status and c freed. */
bool fleet_cli_start(struct fleet_cli *c, struct fleet_env *e, int argc, char **argv,
		     const char *usage, bool stats, int *status);

#endif
