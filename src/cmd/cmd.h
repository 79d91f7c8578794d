/*
 * cmd.h — the subcommands, one file each (src/cmd/cmd-NAME.c).
 *
 * Each command parses its own options (getopt_long), wires the stages it needs
 * and returns an exit status: EXIT_CLEAR (0), EXIT_FINDINGS (1) or
 * EXIT_ERROR (2).  `chipscreen CMD --help` prints the command's usage; the
 * full manual is doc/chipscreen-CMD.1.
 */
#ifndef CMD_H
#define CMD_H

#include <stdbool.h>
#include <stddef.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

extern const struct command commands[];
const struct command *command_find(const char *name);

/* Print "chipscreen CMD: <message>" and the hint to --help; returns EXIT_ERROR. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* After getopt_long returned '?': which option, and whether it is unknown or
 * lacks its value (GNU getopt has said so too, without "chipscreen"). */
int usage_bad_option(const char *cmd, int argc, char **argv);
/* Print usage text for a command to stdout and return 0. */
int print_usage(const char *text);

int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_identify(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_screen_names(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_fleet(int argc, char **argv);
int cmd_rescreen(int argc, char **argv);
int cmd_export_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* The order lines of path (`export-check --orders`: columns by header name or
 * map's "FIELD=COLUMN" words; db's lists screen the end users too; date the
 * default for a line without one), each determined and handed to fn with its
 * input (both valid during the call).  0, or EXIT_ERROR after saying which
 * file, column or line is wrong: a batch is never taken with lines unchecked
 * (cmd-export-check.c; `report --orders` shows them). */
struct xinput;
struct xresult;
typedef void (*export_order_fn)(void *ctx, const struct xinput *in, const struct xresult *r);
int export_orders_each(const char *cmd, const char *path, const char *const *map, size_t nmap,
		       const char *db, const char *date, export_order_fn fn, void *ctx);
int cmd_hosts(int argc, char **argv);

/* A command that reads a store: EXIT_ERROR (with the message) when db (NULL:
 * the default store) does not exist, 0 when it does (store-path.c).
 * can_create: the command takes --create (the message says so). */
int store_must_exist(const char *cmd, const char *db, bool can_create);

/* s lower-cased into buf (n bytes), for option values read case-insensitively
 * (--format JSON); s itself when it does not fit. */
const char *cmd_lowercase(char *buf, size_t n, const char *s);

/* --fail-on (fail-on.c): a verdict, and whether parts not identified fail
 * the gate too (NOT-IDENTIFIED sits between REVIEW and INFO). */
struct fail_on {
	int verdict;
	bool unidentified;
};
/* Parse arg into out; 0, or EXIT_ERROR after a usage message. */
int fail_on_parse(const char *cmd, const char *arg, struct fail_on *out);

/* --config FILE: config_read (rules/profile.h), refusing a regular file that
 * sets nothing; -1 with err. */
struct profile_request;
struct strbuf;
int cmd_config_read(struct profile_request *rq, const char *path, struct strbuf *err);
/* The profile the command judges by: the config files (or --config FILE),
 * then --profile (warning when it replaces what a config set), then each
 * --attr, later layers winning (doc/rules.md).  0, or -1 after an error
 * message. */
struct ruleset;
struct profile;
int cmd_profile_build(const struct ruleset *rs, struct profile_request *rq, const char *config,
		      const char *profile, const char *const *attrs, size_t nattrs,
		      const struct profile **out);

/* collect and scan --root: a tree or archive from which nothing at all was
 * collected (a wrong or empty directory) is an error, said here; true then. */
struct inventory;
bool collect_root_empty(const char *root, const struct inventory *inv);
int verdict_level_parse(const char *cmd, const char *opt, const char *arg, struct fail_on *out);
/* Does the gate fail: a verdict at or above it, or a part not identified? */
bool fail_on_hit(const struct fail_on *f, int worst, size_t unidentified);
/* --min-verdict V (scan, fleet): the same levels as --fail-on; findings
 * below V are not shown (the counts and the exit status still cover them).
 * m->unidentified: parts not identified are shown too (V at NOT-IDENTIFIED
 * or below). */
int min_verdict_parse(const char *cmd, const char *arg, struct fail_on *out);
/* Is a finding of this verdict shown under --min-verdict m? */
bool min_verdict_shows(const struct fail_on *m, int verdict);

int cmd_token(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_agent(int argc, char **argv);

#endif
