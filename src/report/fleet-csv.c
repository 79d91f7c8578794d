/*
 * fleet-csv.c — `fleet --format csv` (one row per host, part and rule) and
 * `rescreen --format csv` (one row per change), for spreadsheets.
 *
 * Quoting is libcsv's and cells get the formula guard of util/csvout.h
 * (csv_guard_cell): part names come from hardware anyone can program.
 */
#include "report/report.h"
#include "report/scan-common.h"
#include "store/fleet.h"
#include "util/date.h"

#include <csv.h>
#include <string.h>

static const char *const fleet_cols[] = {
	"host",     "host_key", "site",     "components", "count",        "kind",      "part",
	"makers",   "verdict",  "binding",  "rule",       "rule_version", "effective", "deadline",
	"requires", "org",      "org_name", "via",        "relation",     "acquired",  "reason",
	"evidence", "profile",  "date",     "run",        "citation",
};
#define NFLEET (sizeof fleet_cols / sizeof fleet_cols[0])

/* The citation of rule id: a row carries its legal source, as the HTML
 * report's rule blocks and scan's findings do. */
static const char *citation_of(const struct fleet_report *r, const char *id)
{
	for (size_t i = 0; id && i < r->nrules; i++)
		if (!strcmp(r->rules[i].rule_id, id))
			return r->rules[i].citation;
	return NULL;
}

int report_fleet_csv(const struct fleet_report *r, FILE *out)
{
	if (csv_write_row(out, fleet_cols, NFLEET, 0) < 0)
		return -1;
	char eff[11], dl[11], date[11], run[24], count[24];
	struct strbuf ids = STRBUF_INIT;
	int rc = 0;
	snprintf(run, sizeof run, "%lld", (long long)r->run);
	for (size_t i = 0; i < r->nfindings && rc == 0; i++) {
		const struct fleet_finding *f = &r->findings[i];
		strbuf_reset(&ids);
		for (const char *p = f->ids; p && *p; p++)
			strbuf_addch(&ids, *p == '\n' ? ' ' : *p);
		snprintf(count, sizeof count, "%zu", f->count);
		const char *cells[NFLEET] = {f->host_name,
					     f->host_key,
					     f->site,
					     ids.buf,
					     count,
					     f->kind,
					     f->part,
					     f->makers,
					     verdict_name(f->verdict),
					     f->binding ? "true" : "false",
					     f->rule_id,
					     f->rule_version,
					     day_or_null(f->effective, eff),
					     day_or_null(f->deadline, dl),
					     f->requires,
					     f->org,
					     f->org_name,
					     f->via,
					     f->relation,
					     f->acquired,
					     f->reason,
					     f->evidence,
					     r->profile,
					     day_or_null(r->date, date),
					     run,
					     citation_of(r, f->rule_id)};
		rc = csv_write_row(out, cells, NFLEET, 1);
	}
	/* the parts no rule could be applied to: named, with the reason */
	for (size_t i = 0; i < r->nunidentified && rc == 0; i++) {
		const struct fleet_unidentified *u = &r->unidentified[i];
		strbuf_reset(&ids);
		for (const char *p = u->ids; p && *p; p++)
			strbuf_addch(&ids, *p == '\n' ? ' ' : *p);
		snprintf(count, sizeof count, "%zu", u->count);
		const char *cells[NFLEET] = {u->host_name, u->host_key, u->site, ids.buf, count,
					     u->kind,      u->part,     u->makers, STATUS_NOT_IDENTIFIED};
		cells[20] = u->reason;
		cells[22] = r->profile;
		cells[23] = day_or_null(r->date, date);
		cells[24] = run;
		rc = csv_write_row(out, cells, NFLEET, 1);
	}
	/* the hosts nothing was read from: no part, the reason */
	for (size_t i = 0; i < r->nnothing_read && rc == 0; i++) {
		const struct fleet_unread_host *u = &r->nothing_read[i];
		const char *cells[NFLEET] = {u->host_name, u->host_key, u->site, "", "0"};
		cells[8] = NOTHING_READ_STATUS; /* verdict */
		cells[20] = u->reason;
		cells[22] = r->profile;
		cells[23] = day_or_null(r->date, date);
		cells[24] = run;
		rc = csv_write_row(out, cells, NFLEET, 1);
	}
	strbuf_release(&ids);
	return rc;
}

static const char *const change_cols[] = {
	"change",      "rule",        "title",       "old_version",  "new_version",  "old_verdict",
	"new_verdict", "old_binding", "new_binding", "old_deadline", "new_deadline", "kind",
	"part",        "makers",      "org_name",    "new_part",     "hosts",        "components",
	"reason",      "old_ruleset", "new_ruleset", "old_run",      "new_run",
};
#define NCHANGE (sizeof change_cols / sizeof change_cols[0])

int report_rescreen_csv(const struct fleet_changes *c, const struct fleet_run *run, FILE *out)
{
	(void)run;
	if (csv_write_row(out, change_cols, NCHANGE, 0) < 0)
		return -1;
	int rc = 0;
	char od[11], nd[11], hosts[24], comps[24], orun[24], nrun[24];
	snprintf(orun, sizeof orun, "%lld", (long long)c->old_run);
	snprintf(nrun, sizeof nrun, "%lld", (long long)c->new_run);
	for (size_t i = 0; i < c->n && rc == 0; i++) {
		const struct fleet_change *x = &c->v[i];
		snprintf(hosts, sizeof hosts, "%zu", x->hosts);
		snprintf(comps, sizeof comps, "%zu", x->components);
		const char *cells[NCHANGE] = {
			fleet_change_name(x->type),
			x->rule_id,
			x->rule_title,
			x->old_version,
			x->new_version,
			x->old_verdict >= 0 ? verdict_name((enum verdict)x->old_verdict) : NULL,
			x->new_verdict >= 0 ? verdict_name((enum verdict)x->new_verdict) : NULL,
			x->old_verdict >= 0 ? (x->old_binding ? "true" : "false") : NULL,
			x->new_verdict >= 0 ? (x->new_binding ? "true" : "false") : NULL,
			day_or_null(x->old_deadline, od),
			day_or_null(x->new_deadline, nd),
			x->kind,
			x->part,
			x->makers,
			x->org_name,
			x->new_unit ? "true" : "false",
			hosts,
			comps,
			x->reason,
			c->old_run ? c->old_ruleset : NULL,
			c->new_ruleset,
			c->old_run ? orun : NULL,
			nrun};
		rc = csv_write_row(out, cells, NCHANGE, 1);
	}
	/* a list or other source that changed: a row of its own, change
	 * "source", what changed in reason (as the table's "source" lines) */
	for (size_t i = 0; i < c->nsources && rc == 0; i++) {
		const char *cells[NCHANGE] = {"source"};
		cells[18] = c->sources[i];
		cells[19] = c->old_run ? c->old_ruleset : NULL;
		cells[20] = c->new_ruleset;
		cells[21] = c->old_run ? orun : NULL;
		cells[22] = nrun;
		rc = csv_write_row(out, cells, NCHANGE, 1);
	}
	return rc;
}
