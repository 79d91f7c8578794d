/*
 * fleet-opts.c — options and set-up shared by `fleet` and `rescreen`.
 *
 * The profile is built as scan builds it: the config files (or --config),
 * then --profile, then --attr, later layers winning (rules/profile.h).
 */
#include "cmd/fleet-opts.h"
#include "cmd/cmd.h"
#include "report/report.h"
#include "util/date.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

int fleet_cli_parse(struct fleet_cli *c, int argc, char **argv, const char *usage, bool stats)
{
	enum { OPT_DB = 256, OPT_FULL, OPT_STATS, OPT_CREATE, OPT_MIN, OPT_SUMMARY };
	static const struct option opts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"profile", required_argument, NULL, 'p'},
		{"attr", required_argument, NULL, 'a'},
		{"date", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'F'},
		{"fail-on", required_argument, NULL, 'f'},
		{"site", required_argument, NULL, 's'},
		{"tag", required_argument, NULL, 't'},
		{"host", required_argument, NULL, 'H'},
		{"full", no_argument, NULL, OPT_FULL},
		{"stats", no_argument, NULL, OPT_STATS},
		{"create", no_argument, NULL, OPT_CREATE},
		{"min-verdict", required_argument, NULL, OPT_MIN},
		{"summary", no_argument, NULL, OPT_SUMMARY},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	size_t n = (size_t)argc + 1;
	c->attrs = xcalloc(n, sizeof *c->attrs);
	c->sites = xcalloc(n, sizeof *c->sites);
	c->tags = xcalloc(n, sizeof *c->tags);
	c->hosts = xcalloc(n, sizeof *c->hosts);
	c->format = "table";
	c->fail_on = V_REVIEW;
	c->gate = (struct fail_on){V_REVIEW, false};
	c->min = (struct fail_on){V_CLEAR, true};
	optind = 0; /* full reset (GNU): tests run commands in-process */
	int ch;
	while ((ch = getopt_long(argc, argv, "p:a:d:c:F:f:s:t:H:h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_DB:
			c->db = optarg;
			break;
		case 'p':
			c->profile = optarg;
			break;
		case 'a':
			c->attrs[c->nattrs++] = optarg;
			break;
		case 'd':
			if (!(c->date = date_parse(optarg)))
				return usage_error(c->cmd, "--date %s: expected a date YYYY-MM-DD",
						   optarg);
			break;
		case 'c':
			c->config = optarg;
			break;
		case 'F': {
			static char fmt[16];
			const char *f = cmd_lowercase(fmt, sizeof fmt, optarg);
			if (strcmp(f, "table") && strcmp(f, "json") && strcmp(f, "csv"))
				return usage_error(
					c->cmd, "--format %s: expected table, json or csv", optarg);
			c->format = f;
			break;
		}
		case 'f':
			if (!strcmp(c->cmd, "hosts")) /* it lists; fleet and rescreen gate */
				return usage_error(c->cmd,
						   "unknown option --fail-on (fleet has it)");
			if (fail_on_parse(c->cmd, optarg, &c->gate))
				return EXIT_ERROR;
			c->fail_on = c->gate.verdict;
			break;
		case 's':
			c->sites[c->nsites++] = optarg;
			break;
		case 't':
			c->tags[c->ntags++] = optarg;
			break;
		case 'H':
			c->hosts[c->nhosts++] = optarg;
			break;
		case OPT_FULL:
			if (!strcmp(c->cmd, "hosts"))
				return usage_error(c->cmd,
						   "unknown option --full (rescreen has it)");
			c->full = true;
			break;
		case OPT_CREATE:
			c->create = true;
			break;
		case OPT_MIN:
			if (!stats)
				return usage_error(c->cmd, "unknown option --min-verdict");
			if (min_verdict_parse(c->cmd, optarg, &c->min))
				return EXIT_ERROR;
			break;
		case OPT_SUMMARY:
			if (!stats)
				return usage_error(c->cmd, "unknown option --summary");
			c->summary = true;
			break;
		case OPT_STATS:
			if (!stats)
				return usage_error(c->cmd, "unknown option --stats");
			c->stats = true;
			break;
		case 'h':
			print_usage(usage);
			return FLEET_HELP_SHOWN;
		default:
			return usage_bad_option(c->cmd, argc, argv);
		}
	}
	if (optind < argc)
		return usage_error(c->cmd, "unexpected argument '%s'", argv[optind]);
	if (!c->date)
		c->date = date_today();
	/* as of another day: a what-if, never the baseline of the next rescreen */
	c->what_if = c->date != date_today();
	c->filter =
		(struct fleet_filter){c->sites, c->nsites, c->tags, c->ntags, c->hosts, c->nhosts};
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
	struct strbuf err = STRBUF_INIT;
	struct profile_request rq;
	profile_request_init(&rq, e->a);
	int rc = c->config ? cmd_config_read(&rq, c->config, &err)
			   : config_read_default(&rq, &err);
	if (!rc && c->profile)
		profile_request_add(&rq, "profile", c->profile, "--profile");
	for (size_t i = 0; !rc && i < c->nattrs; i++)
		rc = profile_request_add_arg(&rq, c->attrs[i], &err);
	if (!rc)
		rc = profile_resolve(e->rs, &rq, &e->profile, &err);
	if (rc)
		log_error("%s", err.buf);
	strbuf_release(&err);
	return rc;
}

int fleet_env_open(const struct fleet_cli *c, struct fleet_env *e)
{
	struct strbuf err = STRBUF_INIT;
	static struct strbuf path = STRBUF_INIT;
	memset(e, 0, sizeof *e);
	e->a = arena_new();
	e->db = c->db ? c->db : store_default_path(&path);
	if (!c->create && store_must_exist(c->cmd, c->db, true)) {
		fleet_env_close(e);
		return EXIT_ERROR;
	}
	if (!(e->rs = ruleset_load(NULL, &err)) || profiles_load(e->rs, NULL, &err) < 0 ||
	    build_profile(c, e) < 0 || !(e->kb = kb_load(NULL, NULL, NULL, &err)) ||
	    fleet_open(&e->f, e->db, false, &err) < 0 ||
	    fleet_filter_check(e->f, &c->filter, &err)) {
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
