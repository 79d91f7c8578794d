/*
 * cmd-fleet.c — `chipscreen fleet`: judge every host in the store for a
 * profile as of a date, and report per rule (hosts and components affected,
 * the next deadlines) and per host (its findings).
 *
 * The judging is a screening run (store/fleet.h): a run for the same
 * profile, date, rules and knowledge that covers every part already imported
 * is reused; otherwise the parts that need it are judged and the run is
 * recorded with its verdicts.  Exit status as for scan: 1 when a finding is
 * at or above --fail-on (default REVIEW) in the hosts reported.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "cmd/fleet-opts.h"
#include "report/report.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen fleet [--db FILE] [--profile P] [--attr KEY=VALUE]... [--date D]\n"
	"                        [--config FILE] [--site SITE]... [--tag TAG]... [--host H]...\n"
	"                        [--format table|json|csv] [--fail-on VERDICT] [--full] [--stats]\n"
	"                        [--min-verdict V] [--summary]\n"
	"\n"
	"Judge every host in the store against the rules for an operator profile and\n"
	"report, per rule, how many hosts and components are affected and which\n"
	"deadlines come next, and per host its findings.\n"
	"\n"
	"      --db FILE        the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -p, --profile P      a bundled profile, or 'none' for the exposure view\n"
	"  -a, --attr K=V       set a profile attribute (repeatable)\n"
	"  -d, --date D         judge as of D (YYYY-MM-DD); default today\n"
	"  -c, --config FILE    read this config file instead of the usual ones\n"
	"  -s, --site SITE      only hosts of this site (repeatable: any of them)\n"
	"  -t, --tag TAG        only hosts with this tag (repeatable: all of them)\n"
	"  -H, --host H         only this host, by name or key (repeatable)\n"
	"  -F, --format F       table, json or csv; default table\n"
	"  -f, --fail-on V      exit 1 when a verdict is at or above V; default REVIEW;\n"
	"                       NOT-IDENTIFIED (between REVIEW and INFO): also when a\n"
	"                       part's maker or chip maker is unknown\n"
	"      --full           identify and judge every part again\n"
	"      --create         make an empty store when --db names none (else exit 2)\n"
	"      --stats          print the store's sizes instead\n"
	"      --min-verdict V  show only findings at or above V (the counts and the\n"
	"                       exit status still cover everything)\n"
	"      --summary        one page: rules, per site and per maker counts of REVIEW\n"
	"                       and above, the next deadlines; no per-host listing\n"
	"\n"
	"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 error.\n";

static int stats(struct fleet *f, const char *db)
{
	struct fleet_stats s;
	struct strbuf err = STRBUF_INIT;
	if (fleet_stats(f, &s, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	printf("store:            %s\n", db);
	printf("hosts:            %lld\n", (long long)s.hosts);
	printf("snapshots:        %lld\n", (long long)s.snapshots);
	printf("components:       %lld (in the hosts' last snapshots)\n", (long long)s.components);
	printf("distinct parts:   %lld\n", (long long)s.parts);
	printf("judged units:     %lld (parts in an acquisition context)\n", (long long)s.units);
	printf("snapshot rows:    %lld\n", (long long)s.unit_rows);
	printf("runs:             %lld\n", (long long)s.runs);
	printf("verdicts:         %lld\n", (long long)s.verdicts);
	printf("file size:        %lld bytes (with the write-ahead log)\n",
	       (long long)s.file_bytes);
	printf("documents:        %lld bytes stored for %lld bytes of inventory JSON\n",
	       (long long)s.document_bytes, (long long)s.document_raw_bytes);
	if (s.hosts)
		printf("per host:         %lld bytes\n", (long long)(s.file_bytes / s.hosts));
	return EXIT_CLEAR;
}

/* --min-verdict V: findings below V, and rules whose worst is below it, are
 * not shown (the counts in the header stay those of the whole fleet). */
static void min_verdict(struct fleet_report *r, const struct fleet_cli *c)
{
	size_t k = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (min_verdict_shows(&c->min, (int)r->findings[i].verdict))
			r->findings[k++] = r->findings[i];
	r->nfindings = k;
	k = 0;
	for (size_t i = 0; i < r->nrules; i++)
		if (min_verdict_shows(&c->min, r->rules[i].worst))
			r->rules[k++] = r->rules[i];
	r->nrules = k;
	if (!c->min.unidentified)
		r->nunidentified = 0;
}

int cmd_fleet(int argc, char **argv)
{
	struct fleet_cli c = {.cmd = "fleet"};
	struct fleet_env e;
	int rc;
	if (!fleet_cli_start(&c, &e, argc, argv, usage, true, &rc))
		return rc;
	if (c.stats) {
		rc = stats(e.f, e.db);
		goto out;
	}
	struct fleet_screen_opts so = {.rs = e.rs,
				       .kb = e.kb,
				       .profile = e.profile,
				       .date = c.date,
				       .command = "fleet",
				       .what_if = c.what_if,
				       .full = c.full,
				       .reuse = true};
	struct fleet_run run;
	struct fleet_report *r = NULL;
	struct strbuf err = STRBUF_INIT;
	rc = EXIT_ERROR;
	if (c.summary && strcmp(c.format, "table")) {
		rc = usage_error("fleet", "--summary is a table: drop --format %s", c.format);
		goto out;
	}
	if (fleet_screen(e.f, &so, &run, &err) < 0 ||
	    fleet_report_build(e.f, run.id, e.rs, &c.filter, &r, &err) < 0) {
		log_error("%s", err.buf);
	} else if (!r->hosts && !c.create) {
		/* "0 hosts, no findings" would pass a gate on a fleet never
		 * imported (an import that failed upstream), or every host of
		 * which was retired: nothing judged is no clean result (the
		 * filters were checked above).  --create asks for the empty
		 * store: that one is said, not refused. */
		struct strbuf why = STRBUF_INIT;
		if (fleet_hosts_current(e.f, &why, &err) < 0)
			log_error("%s", err.buf);
		else
			log_error("%s: %s; nothing to judge", e.db,
				  why.len ? why.buf : "no host is current");
		strbuf_release(&why);
	} else {
		/* the gate sees everything; --min-verdict only trims what is shown */
		rc = fail_on_hit(&c.gate, r->worst, r->not_identified_components) ? EXIT_FINDINGS
										    : EXIT_CLEAR;
		min_verdict(r, &c);
		if ((c.summary ? report_fleet_summary(r, stdout)
			       : report_fleet(r, c.format, stdout, &err)) < 0) {
			log_error("%s", err.len ? err.buf : "cannot write the report");
			rc = EXIT_ERROR;
		}
	}
	if (r && !r->hosts && c.create)
		log_warn("%s holds no host yet: import inventories first (chipscreen import)",
			 e.db);
	fleet_report_free(r);
	strbuf_release(&err);
out:
	fleet_env_close(&e);
	fleet_cli_free(&c);
	return rc;
}
