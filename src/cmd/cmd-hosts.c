/*
 * cmd-hosts.c — `chipscreen hosts`: the store's hosts, one line each (name,
 * site, tags, last import, components, worst verdict), and `hosts retire
 * NAME` for a decommissioned one.
 *
 * The worst verdict is the fleet's, for the profile and date given (the
 * last run is reused when nothing changed, as `fleet` does), so that hosts
 * and fleet never disagree.  A host whose parts are not all identified and
 * that has no finding shows NOT-IDENTIFIED, not CLEAR; one whose last
 * inventory holds no component, NOTHING-READ (fleet's REVIEW, with the
 * reason).
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "cmd/fleet-opts.h"
#include "report/report.h"
#include "report/scan-common.h"
#include "store/fleet.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen hosts [--db FILE] [--profile P] [--attr KEY=VALUE]... [--date D]\n"
	"                        [--site SITE]... [--tag TAG]... [--host H]...\n"
	"                        [--format table|json|csv] [--config FILE] [--create]\n"
	"       chipscreen hosts retire [--db FILE] NAME (--db may also come first)\n"
	"\n"
	"List the hosts in the store: name, site, tags, last import, components and\n"
	"the worst verdict for the profile as of the date (as fleet judges it).\n"
	"Retired hosts are listed as such; retire takes a decommissioned host out of\n"
	"every report, keeping its history (importing it again brings it back).\n"
	"\n"
	"      --db FILE        the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -p, --profile P      the profile the worst verdict is judged for\n"
	"  -a, --attr K=V       set a profile attribute (repeatable)\n"
	"  -d, --date D         judge as of D (YYYY-MM-DD); default today\n"
	"  -s, --site SITE      only hosts of this site (repeatable)\n"
	"  -t, --tag TAG        only hosts with this tag (repeatable: all of them)\n"
	"  -H, --host H         only this host, by name or key (repeatable)\n"
	"  -F, --format F       table, json or csv; default table\n"
	"  -c, --config FILE    read this config file instead of the usual ones\n"
	"      --create         make an empty store when --db names none (else exit 2)\n"
	"\n"
	"Exit status: 0 listed or retired, 2 error.\n";

/* Worst verdict per host key, from the fleet report; "-" none. */
static const char *worst_of(const struct fleet_report *r, const struct fleet_host_row *h)
{
	int worst = -1;
	bool unid = false;
	for (size_t i = 0; i < r->nnothing_read; i++)
		if (!strcmp(r->nothing_read[i].host_key, h->key))
			return NOTHING_READ_STATUS; /* REVIEW: fleet says why */
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].host_key, h->key) &&
		    (int)r->findings[i].verdict > worst)
			worst = (int)r->findings[i].verdict;
	for (size_t i = 0; i < r->nunidentified; i++)
		unid |= !strcmp(r->unidentified[i].host_key, h->key);
	if (worst > V_INFO || (worst >= 0 && !unid))
		return verdict_name((enum verdict)worst);
	return unid ? STATUS_NOT_IDENTIFIED : "CLEAR";
}

/* Is the host among those the report covers (the filter)? */
static bool selected(const struct fleet_report *r, const struct fleet_host_row *h,
		     const struct fleet_cli *c)
{
	if (h->retired)
		return !c->nsites && !c->ntags && !c->nhosts;
	(void)r;
	bool site = !c->nsites, tags = true, host = !c->nhosts;
	for (size_t i = 0; i < c->nsites; i++)
		site |= h->site && !strcmp(h->site, c->sites[i]);
	for (size_t i = 0; i < c->ntags; i++) {
		bool has = false;
		for (const char *p = h->tags; p && *p;) {
			size_t n = strcspn(p, ",");
			has |= n == strlen(c->tags[i]) && !strncmp(p, c->tags[i], n);
			p += n + (p[n] == ',');
		}
		tags &= has;
	}
	for (size_t i = 0; i < c->nhosts; i++)
		host |= !strcmp(h->name, c->hosts[i]) || !strcmp(h->key, c->hosts[i]);
	return site && tags && host;
}

static int list(int argc, char **argv)
{
	struct fleet_cli c = {.cmd = "hosts"};
	struct fleet_env e;
	int rc;
	if (!fleet_cli_start(&c, &e, argc, argv, usage, false, &rc))
		return rc;
	struct fleet_screen_opts so = {.rs = e.rs,
				       .kb = e.kb,
				       .profile = e.profile,
				       .date = c.date,
				       .command = "hosts",
				       .what_if = c.what_if,
				       .reuse = true};
	struct fleet_run run;
	struct fleet_report *r = NULL;
	struct strbuf err = STRBUF_INIT;
	struct arena *a = arena_new();
	struct fleet_host_row *v;
	size_t n, k = 0;
	rc = EXIT_ERROR;
	if (fleet_screen(e.f, &so, &run, &err) < 0 ||
	    fleet_report_build(e.f, run.id, e.rs, &c.filter, &r, &err) < 0 ||
	    fleet_hosts_list(e.f, a, &v, &n, &err) < 0) {
		log_error("%s", err.buf);
		goto out;
	}
	const char **worst = arena_calloc(a, n + 1, sizeof *worst);
	for (size_t i = 0; i < n; i++)
		if (selected(r, &v[i], &c)) {
			v[k] = v[i];
			worst[k++] = v[i].retired ? NULL : worst_of(r, &v[i]);
		}
	if (!n) { /* an empty listing would read as "no hosts to worry about" */
		log_error("%s: the store holds no host yet (import inventories first: chipscreen "
			  "import)",
			  e.db);
		goto out;
	}
	if (report_hosts(r, v, k, worst, c.format, stdout) < 0) {
		log_error("cannot write the list of hosts");
		goto out;
	}
	rc = EXIT_CLEAR;
out:
	fleet_report_free(r);
	arena_free(a);
	strbuf_release(&err);
	fleet_env_close(&e);
	fleet_cli_free(&c);
	return rc;
}

static int retire(int argc, char **argv)
{
	const char *db = NULL, *name = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strncmp(argv[i], "--db=", 5))
			db = argv[i] + 5;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return print_usage(usage);
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error("hosts", "retire: unknown option %s", argv[i]);
		else if (name)
			return usage_error("hosts", "retire takes one NAME");
		else
			name = argv[i];
	}
	if (!name)
		return usage_error("hosts", "retire needs the NAME (or key) of a host");
	if (store_must_exist("hosts", db, false))
		return EXIT_ERROR;
	struct strbuf err = STRBUF_INIT, def = STRBUF_INIT;
	struct fleet *f = NULL;
	int rc = EXIT_ERROR;
	const char *path = db ? db : store_default_path(&def);
	if (fleet_open(&f, path, false, &err) < 0 || fleet_host_retire(f, name, &err) < 0)
		log_error("%s", err.buf);
	else {
		printf("retired %s: no report counts it any more; its history is kept\n", name);
		rc = EXIT_CLEAR;
	}
	fleet_close(f);
	strbuf_release(&err);
	strbuf_release(&def);
	return rc;
}

/* Where `retire` stands: first, or after the one option it takes
 * (`hosts --db X retire NAME`, as other commands take --db before their
 * verb); 0 when the command is the listing. */
static int retire_at(int argc, char **argv)
{
	int i = 1;
	while (i < argc && (!strncmp(argv[i], "--db=", 5) || !strcmp(argv[i], "--db")))
		i += strcmp(argv[i], "--db") ? 1 : 2;
	return i < argc && !strcmp(argv[i], "retire") ? i : 0;
}

int cmd_hosts(int argc, char **argv)
{
	int at = retire_at(argc, argv);
	if (!at)
		return list(argc, argv);
	/* retire's own argv: the verb first, then what stood before and after it */
	char **args = xcalloc((size_t)argc + 1, sizeof *args);
	args[0] = argv[at];
	int n = 1;
	for (int i = 1; i < argc; i++)
		if (i != at)
			args[n++] = argv[i];
	int rc = retire(n, args);
	free(args);
	return rc;
}
