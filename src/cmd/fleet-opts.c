/*
 * fleet-opts.c — options and set-up shared by `fleet` and `rescreen`.
 *
 * The profile is built as scan builds it: the config files (or --config),
 * then --profile, then --attr, later layers winning (rules/profile.h).
 */
#include "cmd/fleet-opts.h"
#include "cmd/cmd.h"
#include "report/report.h"
#include "rules/judge.h"
#include "util/date.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_FULL = FLEET_OPT_DB + 1, OPT_STATS, OPT_CREATE, OPT_MIN, OPT_SUMMARY };

void fleet_cli_init(struct fleet_cli *c, int argc)
{
	size_t n = (size_t)argc + 1;
	c->attrs = xcalloc(n, sizeof *c->attrs);
	c->sites = xcalloc(n, sizeof *c->sites);
	c->tags = xcalloc(n, sizeof *c->tags);
	c->hosts = xcalloc(n, sizeof *c->hosts);
	c->fail_on = V_REVIEW;
	optind = 0; /* full reset (GNU): tests run commands in-process */
}

int fleet_cli_option(struct fleet_cli *c, int ch, char *arg)
{
	switch (ch) {
	case FLEET_OPT_DB:
		c->db = arg;
		return 1;
	case 'p':
		c->profile = arg;
		return 1;
	case 'a':
		c->attrs[c->nattrs++] = arg;
		return 1;
	case 'd': {
		const char *why;
		if (!(c->date = date_parse_why(arg, &why)))
			return usage_error(c->cmd, "--date %s: %s", arg, why);
		return 1;
	}
	case 'c':
		c->config = arg;
		return 1;
	case 's':
		c->sites[c->nsites++] = arg;
		return 1;
	case 't':
		c->tags[c->ntags++] = arg;
		return 1;
	case 'H':
		c->hosts[c->nhosts++] = arg;
		return 1;
	default:
		return 0;
	}
}

void fleet_cli_finish(struct fleet_cli *c)
{
	if (!c->date)
		c->date = date_today();
	c->what_if = fleet_what_if(c->date);
	c->filter =
		(struct fleet_filter){c->sites, c->nsites, c->tags, c->ntags, c->hosts, c->nhosts};
}

/* the options only fleet, rescreen and hosts have */
static int fleet_only_option(struct fleet_cli *c, int ch, const char *arg, bool stats)
{
	switch (ch) {
	case 'F': {
		static char fmt[16];
		const char *f = cmd_lowercase(fmt, sizeof fmt, arg);
		if (strcmp(f, "table") && strcmp(f, "json") && strcmp(f, "csv"))
			return usage_error(c->cmd, "--format %s: expected table, json or csv", arg);
		c->format = f;
		return 0;
	}
	case 'f':
		if (!strcmp(c->cmd, "hosts")) /* it lists; fleet and rescreen gate */
			return usage_error(c->cmd, "unknown option --fail-on (fleet has it)");
		if (fail_on_parse(c->cmd, arg, &c->gate))
			return EXIT_ERROR;
		c->fail_on = c->gate.verdict;
		return 0;
	case OPT_FULL:
		if (!strcmp(c->cmd, "hosts"))
			return usage_error(c->cmd, "unknown option --full (rescreen has it)");
		c->full = true;
		return 0;
	case OPT_CREATE:
		c->create = true;
		return 0;
	case OPT_MIN:
		if (!stats)
			return usage_error(c->cmd, "unknown option --min-verdict");
		return min_verdict_parse(c->cmd, arg, &c->min) ? EXIT_ERROR : 0;
	case OPT_SUMMARY:
		if (!stats)
			return usage_error(c->cmd, "unknown option --summary");
		c->summary = true;
		return 0;
	default: /* OPT_STATS */
		if (!stats)
			return usage_error(c->cmd, "unknown option --stats");
		c->stats = true;
		return 0;
	}
}

int fleet_cli_parse(struct fleet_cli *c, int argc, char **argv, const char *usage, bool stats)
{
	static const struct option opts[] = {
		FLEET_CLI_LONGOPTS,
		{"format", required_argument, NULL, 'F'},
		{"fail-on", required_argument, NULL, 'f'},
		{"full", no_argument, NULL, OPT_FULL},
		{"stats", no_argument, NULL, OPT_STATS},
		{"create", no_argument, NULL, OPT_CREATE},
		{"min-verdict", required_argument, NULL, OPT_MIN},
		{"summary", no_argument, NULL, OPT_SUMMARY},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	fleet_cli_init(c, argc);
	c->format = "table";
	c->gate = (struct fail_on){V_REVIEW, false};
	c->min = (struct fail_on){V_CLEAR, true};
	int ch;
	while ((ch = getopt_long(argc, argv, "p:a:d:c:F:f:s:t:H:h", opts, NULL)) != -1) {
		int rc = fleet_cli_option(c, ch, optarg);
		if (rc == 1)
			continue;
		if (rc)
			return rc;
		if (ch == 'h') {
			print_usage(usage);
			return FLEET_HELP_SHOWN;
		}
		if (ch == '?')
			return usage_bad_option(c->cmd, argc, argv);
		if ((rc = fleet_only_option(c, ch, optarg, stats)))
			return rc;
	}
	if (optind < argc)
		return usage_error(c->cmd, "unexpected argument '%s'", argv[optind]);
	fleet_cli_finish(c);
	return 0;
}

void fleet_cli_free(struct fleet_cli *c)
{
	free(c->attrs);
	free(c->sites);
	free(c->tags);
	free(c->hosts);
}

static int build_profile(const struct fleet_cli *c, struct fleet_env *e)
{
	struct profile_request rq;
	profile_request_init(&rq, e->a);
	return cmd_profile_build(e->rs, &rq, c->config, c->profile, c->attrs, c->nattrs,
				 &e->profile);
}

int fleet_env_open(const struct fleet_cli *c, struct fleet_env *e)
{
	struct strbuf err = STRBUF_INIT;
	static struct strbuf path = STRBUF_INIT;
	memset(e, 0, sizeof *e);
	e->a = arena_new();
	e->db = c->db ? c->db : store_default_path(&path);
	/* report parses its own options, without --create: not offered to it */
	if (!c->create && store_must_exist(c->cmd, c->db, strcmp(c->cmd, "report") != 0)) {
		fleet_env_close(e);
		return EXIT_ERROR;
	}
	if (!(e->rs = ruleset_load(NULL, &err)) || profiles_load(e->rs, NULL, &err) < 0 ||
	    build_profile(c, e) < 0 || !(e->kb = kb_load(NULL, NULL, NULL, &err)) ||
	    judge_check_parties(e->rs, e->kb, &err) < 0 ||
	    fleet_open(&e->f, e->db, false, &err) < 0 ||
	    fleet_filter_check(e->f, &c->filter, FILTER_OPTIONS, &err)) {
		if (err.len)
			log_error("%s", err.buf);
		strbuf_release(&err);
		fleet_env_close(e);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	return 0;
}

void fleet_env_close(struct fleet_env *e)
{
	fleet_close(e->f);
	kb_free(e->kb);
	ruleset_free(e->rs);
	arena_free(e->a);
	memset(e, 0, sizeof *e);
}

bool fleet_cli_start(struct fleet_cli *c, struct fleet_env *e, int argc, char **argv,
		     const char *usage, bool stats, int *status)
{
	int rc = fleet_cli_parse(c, argc, argv, usage, stats);
	if (!rc)
		rc = fleet_env_open(c, e);
	if (rc) {
		fleet_cli_free(c);
		*status = rc == FLEET_HELP_SHOWN ? EXIT_CLEAR : rc;
		return false;
	}
	return true;
}
