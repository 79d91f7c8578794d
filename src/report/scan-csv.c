/*
 * scan-csv.c — `scan --format csv`: the scan for spreadsheets.
 *
 * One row per finding, most severe first, then one row per component that
 * has none: verdict CLEAR when its maker (and chip maker, where one applies)
 * is known, NOT-IDENTIFIED with the reason when not — so the sheet lists
 * every part and never shows an unjudged part as clear.
 *
 * Quoting is libcsv's (csv_fwrite: every cell quoted, quotes doubled, RFC
 * 4180); rows end in CRLF.  Cells get the formula guard every CSV writer
 * shares (util/csvout.h): part names come from hardware anyone can program.
 */
#include "report/report.h"
#include "report/scan-common.h"
#include "util/date.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

static const char *const columns[] = {
	"host",
	"profile",
	"date",
	"component",
	"kind",
	"part",
	"maker",
	"chip_maker",
	"verdict",
	"binding",
	"rule",
	"rule_title",
	"citation",
	"url",
	"authority",
	"jurisdiction",
	"effective",
	"deadline",
	"deadline_requires",
	"org",
	"org_name",
	"via",
	"relation",
	"acquired",
	"reach",
	"reason",
	"rule_confidence",
	"evidence",
	"source",
};
enum { NCOLS = sizeof columns / sizeof columns[0] };

struct row {
	const char *cell[NCOLS];
	struct strbuf own[NCOLS]; /* cells built here */
};

static void row_init(struct row *w)
{
	for (size_t i = 0; i < NCOLS; i++) {
		w->cell[i] = NULL;
		strbuf_init(&w->own[i], 0);
	}
}

static void row_release(struct row *w)
{
	for (size_t i = 0; i < NCOLS; i++)
		strbuf_release(&w->own[i]);
}

static int col(const char *name)
{
	for (int i = 0; i < NCOLS; i++)
		if (!strcmp(columns[i], name))
			return i;
	abort(); /* a typo in this file */
}

static void set(struct row *w, const char *name, const char *v)
{
	w->cell[col(name)] = v;
}

/* A cell built here: fill the buffer, then set() the column to its buf. */
static struct strbuf *own(struct row *w, const char *name)
{
	return &w->own[col(name)];
}

int csv_write_row(FILE *out, const char *const *cells, size_t n, int guard)
{
	struct strbuf g = STRBUF_INIT, tmp = STRBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *v = cells[i];
		strbuf_reset(&g);
		if (guard)
			csv_guard_cell(&g, v ? utf8_valid_or_escaped(v, &tmp) : NULL);
		else
			strbuf_addstr(&g, v ? v : "");
		if ((i && fputc(',', out) == EOF) || csv_fwrite(out, g.buf, g.len) != 0)
			rc = -1;
	}
	if (rc == 0 && fputs("\r\n", out) == EOF)
		rc = -1;
	strbuf_release(&g);
	strbuf_release(&tmp);
	return rc;
}

static void common(struct row *w, const struct scan_result *r, const struct component *c,
		   char *date)
{
	set(w, "host", r->inv->host.hostname);
	set(w, "profile", r->profile);
	set(w, "date", day_or_null(r->date, date));
	if (!c)
		return;
	set(w, "component", c->id);
	set(w, "kind", kind_name(c->kind));
	set(w, "part", comp_part(c));
	set(w, "source", c->source);
	const struct attribution *a = c->attr;
	set(w, "maker",
	    a && a->maker.org ? (a->maker.name ? a->maker.name : a->maker.org) : "unknown");
	if (a && a->has_chip)
		set(w, "chip_maker",
		    a->chip_maker.org
			    ? (a->chip_maker.name ? a->chip_maker.name : a->chip_maker.org)
			    : "unknown");
}

static int finding_row(FILE *out, const struct scan_result *r, const struct finding *f)
{
	struct row w;
	char date[11], eff[11], dl[11];
	row_init(&w);
	common(&w, r, f->comp, date);
	set(&w, "verdict", verdict_name(f->verdict));
	set(&w, "binding", f->binding ? "true" : "false");
	set(&w, "rule", f->rule_id);
	set(&w, "rule_title", f->rule_title);
	set(&w, "citation", f->citation);
	set(&w, "url", f->url);
	set(&w, "authority", f->authority);
	set(&w, "jurisdiction", f->jurisdiction);
	set(&w, "effective", day_or_null(f->effective, eff));
	set(&w, "deadline", day_or_null(f->deadline, dl));
	set(&w, "deadline_requires", f->deadline_what);
	set(&w, "org", f->org);
	set(&w, "org_name", f->org_name);
	set(&w, "via", f->via);
	set(&w, "relation", f->relation);
	set(&w, "acquired", f->acquired);
	set(&w, "reach", f->reach);
	set(&w, "reason", f->reason);
	set(&w, "rule_confidence", f->rule_confidence);
	const struct maker *m = finding_maker(f);
	struct strbuf *ev = own(&w, "evidence");
	for (size_t i = 0; m && i < m->nev; i++) {
		if (i)
			strbuf_addstr(ev, "; ");
		evidence_text(ev, &m->ev[i]);
	}
	set(&w, "evidence", ev->buf);
	int rc = csv_write_row(out, w.cell, NCOLS, 1);
	row_release(&w);
	return rc;
}

static int component_row(FILE *out, const struct scan_result *r, const struct component *c)
{
	struct row w;
	char date[11];
	row_init(&w);
	common(&w, r, c, date);
	set(&w, "verdict", comp_status(c, -1));
	if (!comp_identified(c)) {
		struct strbuf *why = own(&w, "reason");
		comp_unknown_reason(why, c);
		set(&w, "reason", why->buf);
	}
	int rc = csv_write_row(out, w.cell, NCOLS, 1);
	row_release(&w);
	return rc;
}

int report_scan_csv(const struct scan_result *r, FILE *out)
{
	if (csv_write_row(out, columns, NCOLS, 0) < 0)
		return -1;
	size_t *idx = scan_sorted_findings(r);
	int *worst = scan_worst_by_comp(r);
	int rc = 0;
	for (size_t i = 0; i < r->nfindings && rc == 0; i++)
		rc = finding_row(out, r, &r->findings[idx[i]]);
	for (size_t i = 0; i < r->inv->ncomps && rc == 0; i++)
		if (worst[i] < 0)
			rc = component_row(out, r, &r->inv->comps[i]);
	free(idx);
	free(worst);
	return rc;
}
