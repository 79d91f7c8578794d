/*
 * html-screen.c — the report's name-screening section (report --screen
 * FILE.csv): the results of a `chipscreen screen-names` run, read back from
 * its output.
 *
 * Screen-names stores nothing but the reviews; its output file is the
 * record of a screening: every input row with the hit of the most severe
 * verdict, its decision (match, potential-match, no-match), the list, the
 * list's version and publication date, and when it was screened.  The
 * report reads that file rather than screening again, so that the document
 * shows the screening that was run, with the lists it ran against; the
 * file's SHA-256 on the cover ties the two together.  A file that is not
 * such an output (a column missing, a decision that is not one of the
 * three, a row cut short) is refused with its line: a report must not show
 * half a screening.
 *
 * A hit a person reviewed as "not this party" is decided no-match by
 * screen-names, its consequence reading "no-match: reviewed, not this party
 * (by WHO, WHEN: WHY)" (match/index.c); the section lists those hits with
 * the reviewer, the time and the reason taken from it.  Rows without a hit
 * are counted, not listed: on a customer master they are most of the rows.
 */
#include "report/html-int.h"
#include "util/csvread.h"
#include "util/arena.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	S_MATCHED_NAME,
	S_SCORE,
	S_SOURCE,
	S_PROGRAMS,
	S_CITATION,
	S_VERDICT,
	S_CONSEQUENCE,
	S_LISTED_NAME,
	S_DECISION,
	S_LIST_SOURCE,
	S_LIST_VERSION,
	S_LIST_DATE,
	S_SCREENED_AT,
	S__COUNT
};
/* the columns screen-names adds (doc/chipscreen-screen-names.1) that the section shows */
static const char *const cols[S__COUNT] = {
	"matched_name", "score",       "source",      "programs", "citation",
	"verdict",      "consequence", "listed_name", "decision", "list_source",
	"list_version", "list_date",   "screened_at"};

static const char reviewed_prefix[] = "no-match: reviewed, not this party (by ";

/* ", 2026-12-07T10:00:00Z: " at p? */
static bool stamp_at(const char *p)
{
	static const char shape[] = ", dddd-dd-ddTdd:dd:ddZ: ";
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)p[i]) : p[i] != shape[i])
			return false;
	return true;
}

/* Who, when and why of a reviewed hit, from its consequence. */
static void review_of(struct arena *a, struct html_screen_row *row)
{
	const char *c = row->consequence;
	size_t np = sizeof reviewed_prefix - 1;
	if (!c || strncmp(c, reviewed_prefix, np))
		return;
	const char *who = c + np, *p = who;
	while (*p && !stamp_at(p))
		p++;
	size_t len = strlen(p);
	if (!*p || len < 25 || p[len - 1] != ')')
		return;
	row->reviewer = arena_strndup(a, who, (size_t)(p - who));
	row->reviewed_at = arena_strndup(a, p + 2, 20);
	row->review_reason = arena_strndup(a, p + 24, len - 25);
}

static const char *field(struct arena *a, const struct csvrec *rec, int i)
{
	return i >= 0 && i < rec->nf && rec->len[i] ? arena_strndup(a, rec->f[i], rec->len[i])
						    : NULL;
}

static int header(struct html_screen *s, const struct csvrec *h, int *col, int *cname,
		  struct strbuf *err)
{
	for (int k = 0; k < S__COUNT; k++) {
		col[k] = -1;
		for (int i = 0; i < h->nf && col[k] < 0; i++)
			if (!strcmp(h->f[i], cols[k]))
				col[k] = i;
		if (col[k] < 0) {
			strbuf_addf(err,
				    "%s: no column '%s': not the output of chipscreen "
				    "screen-names (give its --out file)",
				    s->file, cols[k]);
			return -1;
		}
	}
	/* screen-names appends its columns (matched_name first) to the input's,
	 * and its file does not say which input column it screened: with more
	 * than one, the first is a guess (an id column shown as the screened
	 * names), so the column must be named */
	int input = col[S_MATCHED_NAME];
	if (!s->column && input > 1) {
		strbuf_addf(err,
			    "%s: %d columns before those screen-names adds (", s->file, input);
		for (int i = 0; i < input && i < 4; i++)
			strbuf_addf(err, "%s%s", i ? ", " : "", h->f[i]);
		strbuf_addf(err, "%s): say which holds the screened names with --screen-column",
			    input > 4 ? ", ..." : "");
		return -1;
	}
	*cname = s->column ? -1 : 0;
	for (int i = 0; s->column && i < h->nf && *cname < 0; i++)
		if (!strcasecmp(h->f[i], s->column))
			*cname = i;
	if (*cname < 0) {
		strbuf_addf(err, "%s: no column '%s' in the header (--screen-column)", s->file,
			    s->column);
		return -1;
	}
	for (int k = 0; k < S__COUNT; k++)
		if (*cname == col[k]) {
			strbuf_addf(err,
				    "%s: the screened names are in a column of their own before "
				    "the ones screen-names adds; give it with --screen-column",
				    s->file);
			return -1;
		}
	if (!s->column)
		s->column = h->f[0]; /* copied by the caller */
	return 0;
}

/* One data row: counted, and kept when it has a hit. */
static int row(struct html_screen *s, struct arena *a, const struct csvrec *rec, const int *col,
	       int cname, int nf, struct html_screen_row **v, size_t *cap, struct strbuf *err)
{
	if (rec->nf != nf || rec->oversized || rec->toomany) {
		strbuf_addf(err,
			    "%s:%ld: %d fields where the header has %d: not as screen-names "
			    "writes its rows",
			    s->file, rec->line, rec->nf, nf);
		return -1;
	}
	struct html_screen_row r = {.line = rec->line};
	r.name = field(a, rec, cname);
	const char **f[S__COUNT] = {
		&r.matched_name, &r.score,       &r.source,      &r.programs, &r.citation,
		&r.verdict,      &r.consequence, &r.listed_name, &r.decision, &r.list_source,
		&r.list_version, &r.list_date,   &r.screened_at};
	for (int k = 0; k < S__COUNT; k++)
		*f[k] = field(a, rec, col[k]);
	s->screened++;
	const char *d = r.decision ? r.decision : "";
	bool hit = r.matched_name != NULL;
	if (!strcmp(d, "match") && hit)
		s->matches++;
	else if (!strcmp(d, "potential-match") && hit)
		s->potential++;
	else if (!strcmp(d, "no-match") && hit)
		s->reviewed++, review_of(a, &r);
	else if (!strcmp(d, "no-match"))
		s->no_hit++;
	else {
		strbuf_addf(err,
			    "%s:%ld: decision '%s': expected match, potential-match or no-match%s",
			    s->file, rec->line, d, *d ? "" : " (a hit needs its decision)");
		return -1;
	}
	if (hit)
		*ARENA_PUSH(a, *v, s->nrows, *cap) = r;
	return 0;
}

int html_screen_read(const char *path, const char *column, struct arena *a, struct html_screen *s,
		     struct strbuf *err)
{
	struct csvr cr;
	struct csvrec h, rec;
	int col[S__COUNT], cname, got, rc = 0;
	struct html_screen_row *v = NULL;
	size_t cap = 0;
	*s = (struct html_screen){.file = path, .column = column};
	if (html_file_digest(path, s->sha256, err) < 0 || csvr_open(&cr, path, NULL, 0, err) < 0)
		return -1;
	if ((got = csvr_next(&cr, &h)) != 1) {
		strbuf_addf(err, "%s: %s", path,
			    got == 0 ? "empty file: no header row" : "unreadable header row");
		csvr_close(&cr);
		return -1;
	}
	/* the header's fields are overwritten by the next record */
	struct csvrec hc = h;
	for (int i = 0; i < h.nf; i++)
		hc.f[i] = arena_strndup(a, h.f[i], h.len[i]);
	rc = header(s, &hc, col, &cname, err);
	while (!rc && (got = csvr_next(&cr, &rec)) != 0) {
		if (got == 2) {
			strbuf_addf(err, "%s:%ld: %s", path, cr.lost_line, cr.lost_why);
			rc = -1;
		} else {
			rc = row(s, a, &rec, col, cname, hc.nf, &v, &cap, err);
		}
	}
	csvr_close(&cr);
	if (!rc && !s->screened) {
		strbuf_addf(err, "%s: no row under the header: nothing was screened", path);
		rc = -1;
	}
	s->rows = v;
	return rc;
}

/* ---------------------------------------------------------------------- */

static void cell(struct strbuf *o, const char *s, const char *none)
{
	strbuf_addstr(o, "<td>");
	html_text(o, s ? s : none);
	strbuf_addstr(o, "</td>");
}

static void version_text(struct strbuf *o, const struct html_screen_row *r)
{
	html_text(o, r->list_version ? r->list_version : "version not stated");
	strbuf_addstr(o, "<br><span class=\"muted\">published ");
	html_text(o, r->list_date ? r->list_date : "date unknown");
	strbuf_addstr(o, "</span>");
}

static void list_text(struct strbuf *o, const struct html_screen_row *r)
{
	html_text(o, r->source ? r->source : r->list_source);
	if (r->programs) {
		strbuf_addstr(o, "<br><span class=\"muted\">");
		html_text(o, r->programs);
		strbuf_addstr(o, "</span>");
	}
}

static void party_text(struct strbuf *o, const struct html_screen_row *r)
{
	html_text(o, r->listed_name ? r->listed_name : r->matched_name);
	if (r->listed_name && strcmp(r->listed_name, r->matched_name)) {
		strbuf_addstr(o, "<br><span class=\"muted\">matched as ");
		html_text(o, r->matched_name);
		strbuf_addstr(o, "</span>");
	}
}

static void table_start(struct strbuf *o, const char *const *head, const int *w, size_t n)
{
	strbuf_addstr(o, "<table class=\"data\"><colgroup>");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(o, "<col style=\"width:%d%%\">", w[i]);
	strbuf_addstr(o, "</colgroup><thead><tr>");
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(o, "<th scope=\"col\">");
		strbuf_addstr(o, head[i]);
		strbuf_addstr(o, "</th>");
	}
	strbuf_addstr(o, "</tr></thead><tbody>");
}

static void hits(struct strbuf *o, const struct html_screen *s, const char *decision)
{
	static const char *const head[] = {"Decision", "Screened name", "Listed party",
					   "List",     "List version",  "Verdict and consequence",
					   "Score"};
	static const int w[] = {11, 15, 17, 17, 12, 22, 6};
	table_start(o, head, w, 7);
	for (size_t i = 0; i < s->nrows; i++) {
		const struct html_screen_row *r = &s->rows[i];
		if (strcmp(r->decision, decision))
			continue;
		strbuf_addstr(o, "<tr><td><b>");
		html_text(o, r->decision);
		strbuf_addstr(o, "</b></td>");
		cell(o, r->name, "(empty)");
		strbuf_addstr(o, "<td>");
		party_text(o, r);
		strbuf_addstr(o, "</td><td>");
		list_text(o, r);
		strbuf_addstr(o, "</td><td>");
		version_text(o, r);
		strbuf_addstr(o, "</td><td>");
		if (r->verdict)
			html_verdict(o, r->verdict);
		strbuf_addstr(o, " ");
		html_text(o, r->consequence);
		if (r->citation) {
			strbuf_addstr(o, "<br><span class=\"muted\">");
			html_text(o, r->citation);
			strbuf_addstr(o, "</span>");
		}
		strbuf_addstr(o, "</td><td class=\"n\">");
		html_text(o, r->score);
		strbuf_addstr(o, "</td></tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
}

static void reviewed(struct strbuf *o, const struct html_screen *s)
{
	static const char *const head[] = {"Screened name", "Listed party", "List and version",
					   "Reviewed by",   "When",         "Why not this party"};
	static const int w[] = {16, 17, 20, 13, 13, 21};
	table_start(o, head, w, 6);
	for (size_t i = 0; i < s->nrows; i++) {
		const struct html_screen_row *r = &s->rows[i];
		if (strcmp(r->decision, "no-match"))
			continue;
		strbuf_addstr(o, "<tr>");
		cell(o, r->name, "(empty)");
		strbuf_addstr(o, "<td>");
		party_text(o, r);
		strbuf_addstr(o, "</td><td>");
		list_text(o, r);
		strbuf_addstr(o, "<br>");
		version_text(o, r);
		strbuf_addstr(o, "</td>");
		if (r->reviewer) {
			cell(o, r->reviewer, NULL);
			strbuf_addstr(o, "<td class=\"d\">");
			html_text(o, r->reviewed_at);
			strbuf_addstr(o, "</td>");
			cell(o, r->review_reason, NULL);
		} else { /* not in the form screen-names writes: shown as it is */
			strbuf_addstr(o, "<td colspan=\"2\">not stated</td>");
			cell(o, r->consequence, "no reason given");
		}
		strbuf_addstr(o, "</tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
}

static int sc(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static bool same_list(const struct html_screen_row *p, const struct html_screen_row *r)
{
	return !sc(p->list_source, r->list_source) && !sc(p->list_version, r->list_version) &&
	       !sc(p->list_date, r->list_date);
}

/* The lists the hits came from: source, version, publication date, hits;
 * in the order first met.  A screening names a few lists: each row is
 * compared with those seen, not with every other row. */
static void lists_used(struct strbuf *o, const struct html_screen *s)
{
	const struct html_screen_row **seen = xcalloc(s->nrows + 1, sizeof *seen);
	size_t *hits = xcalloc(s->nrows + 1, sizeof *hits), n = 0;
	for (size_t i = 0; i < s->nrows; i++) {
		size_t k = 0;
		while (k < n && !same_list(seen[k], &s->rows[i]))
			k++;
		if (k == n)
			seen[n++] = &s->rows[i];
		hits[k]++;
	}
	strbuf_addstr(o, "<h3>Lists the hits came from</h3>");
	if (n)
		strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">Source</th>"
				 "<th scope=\"col\">Version</th><th scope=\"col\">"
				 "Published</th><th scope=\"col\" class=\"n\">Hits</th>"
				 "</tr></thead><tbody>");
	for (size_t k = 0; k < n; k++) {
		char b[32];
		strbuf_addstr(o, "<tr>");
		cell(o, seen[k]->list_source, "not stated");
		cell(o, seen[k]->list_version, "not stated in the file");
		cell(o, seen[k]->list_date, "unknown");
		strbuf_addf(o, "<td class=\"n\">%s</td></tr>", html_num(hits[k], b));
	}
	strbuf_addstr(o, n ? "</tbody></table>" : "<p>No hit: no list named.</p>");
	free(seen);
	free(hits);
}

static void span(const struct html_screen *s, const char **first, const char **last)
{
	*first = *last = NULL;
	for (size_t i = 0; i < s->nrows; i++) {
		const char *t = s->rows[i].screened_at;
		if (t && (!*first || strcmp(t, *first) < 0))
			*first = t;
		if (t && (!*last || strcmp(t, *last) > 0))
			*last = t;
	}
}

void html_screen_summary(struct strbuf *o, const struct html_screen *s)
{
	char b[5][32];
	if (!s)
		return;
	strbuf_addf(o,
		    "<h3>Name screening</h3><p>%s names screened: <b>%s match</b>, %s potential "
		    "match (a person decides), %s reviewed as not this party, %s with no hit. "
		    "See <a href=\"#screening\">Name screening</a>.</p>\n",
		    html_num(s->screened, b[0]), html_num(s->matches, b[1]),
		    html_num(s->potential, b[2]), html_num(s->reviewed, b[3]),
		    html_num(s->no_hit, b[4]));
}

void html_screen_section(struct strbuf *o, const struct html_screen *s)
{
	if (!s)
		return;
	const char *first, *last;
	char b[32];
	span(s, &first, &last);
	strbuf_addstr(o, "<section id=\"screening\"><h2>Name screening</h2><p>The names in column "
			 "<code>");
	html_text(o, s->column);
	strbuf_addstr(o, "</code> of <code>");
	html_text(o, s->file);
	strbuf_addstr(o, "</code> (SHA-256 <code>");
	html_text(o, s->sha256);
	strbuf_addstr(o, "</code>), as <code>chipscreen screen-names</code> screened them");
	if (first) {
		strbuf_addstr(o, " at ");
		html_text(o, first);
		if (strcmp(first, last)) {
			strbuf_addstr(o, " to ");
			html_text(o, last);
		}
	}
	strbuf_addf(o,
		    ". Each row shows the hit of the most severe verdict; a potential match binds "
		    "only once a person confirms it.</p>"
		    "<table><thead><tr><th scope=\"col\">Decision</th><th scope=\"col\" "
		    "class=\"n\">Names</th></tr></thead><tbody>"
		    "<tr><th scope=\"row\">match</th><td class=\"n\">%s</td></tr>",
		    html_num(s->matches, b));
	strbuf_addf(o, "<tr><th scope=\"row\">potential-match</th><td class=\"n\">%s</td></tr>",
		    html_num(s->potential, b));
	strbuf_addf(o,
		    "<tr><th scope=\"row\">no-match, reviewed: not this party</th>"
		    "<td class=\"n\">%s</td></tr>",
		    html_num(s->reviewed, b));
	strbuf_addf(o,
		    "<tr><th scope=\"row\">no-match, no hit</th><td class=\"n\">%s</td></tr>"
		    "</tbody></table>",
		    html_num(s->no_hit, b));
	lists_used(o, s);
	strbuf_addstr(o, "<h3>Matches</h3>");
	if (s->matches)
		hits(o, s, "match");
	else
		strbuf_addstr(o, "<p>None.</p>");
	strbuf_addstr(o, "<h3>Potential matches</h3>");
	if (s->potential)
		hits(o, s, "potential-match");
	else
		strbuf_addstr(o, "<p>None.</p>");
	strbuf_addstr(o, "<h3>Reviewed: not this party</h3>");
	if (s->reviewed)
		reviewed(o, s);
	else
		strbuf_addstr(o, "<p>None.</p>");
	strbuf_addstr(o, "</section>\n");
}
