/*
 * html-export.c — the report's export-check section (report --orders
 * FILE.csv): per order line, what `chipscreen export-check --orders`
 * determines (export/export.h, run by the command): the item and its
 * classification (ECCN, with the TPP and performance density computed),
 * destination, end user, date, whether a licence is needed — yes, no, no
 * but notify first (licence exception NAC/ACA), or REVIEW — and every
 * ground with its provision, Federal Register citation, review policy and
 * licence exceptions.  An unknown input is named with the REVIEW it gives.
 *
 * Identical determinations are shown once, as identical findings are:
 * lines that differ only in their order reference (the same item,
 * destination, end user, date, answer, grounds and unknowns) form one row
 * whose references are listed in a collapsed <details>.  An order book
 * ships the same part to the same customer many times; 100,000 lines of it
 * would otherwise repeat each ground's text 100,000 times.  Rows come in
 * the order of their first line; the table sorts and filters like the
 * others.  Nothing here decides: the words are the engine's.
 */
#include "report/html-int.h"

#include "util/hash.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const answers[] = {"LICENSE-REQUIRED", "REVIEW", "NOTIFY",
				      "NO-LICENSE-REQUIRED"};

/* The reader's question: is a licence needed? */
static const char *needed(const char *answer)
{
	return !strcmp(answer, "LICENSE-REQUIRED") ? "yes"
	       : !strcmp(answer, "NOTIFY")         ? "no: notify first (licence exception NAC/ACA)"
	       : !strcmp(answer, "REVIEW")         ? "REVIEW"
						   : "no";
}

static size_t count(const struct html_export *x, const char *answer)
{
	size_t n = 0;
	for (size_t i = 0; i < x->n; i++)
		n += !strcmp(x->lines[i].answer, answer);
	return n;
}

void html_export_summary(struct strbuf *o, const struct html_export *x)
{
	char b[5][32];
	if (!x)
		return;
	strbuf_addf(o,
		    "<h3>Export check</h3><p>%s order lines: <b>%s need a licence</b>, %s need "
		    "review, %s need a notification (NAC/ACA), %s need no licence. See "
		    "<a href=\"#export\">Export check</a>.</p>\n",
		    html_num(x->n, b[0]), html_num(count(x, "LICENSE-REQUIRED"), b[1]),
		    html_num(count(x, "REVIEW"), b[2]), html_num(count(x, "NOTIFY"), b[3]),
		    html_num(count(x, "NO-LICENSE-REQUIRED"), b[4]));
}

static void item_cell(struct strbuf *o, const struct html_export_line *l)
{
	strbuf_addstr(o, "<td>");
	html_text(o, l->item ? l->item : "not given");
	strbuf_addstr(o, "</td><td><b>");
	html_text(o, l->eccn ? l->eccn : "not decided");
	strbuf_addstr(o, "</b>");
	/* the engine's why names the TPP and PD it computed; else they alone */
	if (!l->eccn_why && (!isnan(l->tpp) || !isnan(l->pd))) {
		strbuf_addstr(o, "<br><span class=\"muted\">");
		if (!isnan(l->tpp))
			strbuf_addf(o, "TPP %.0f", l->tpp);
		if (!isnan(l->pd))
			strbuf_addf(o, "%sPD %.2f", isnan(l->tpp) ? "" : ", ", l->pd);
		strbuf_addstr(o, "</span>");
	}
	if (l->eccn_why) {
		strbuf_addstr(o, "<br><span class=\"muted\">");
		html_text(o, l->eccn_why);
		strbuf_addstr(o, "</span>");
	}
	strbuf_addstr(o, "</td>");
}

static void grounds_cell(struct strbuf *o, const struct html_export_line *l)
{
	strbuf_addstr(o, "<td>");
	if (!l->ngrounds)
		strbuf_addstr(o, strcmp(l->answer, "REVIEW")
					 ? "no ground for a licence applies"
					 : "no ground established: an unknown decides (below)");
	if (l->ngrounds)
		strbuf_addstr(o, "<ol class=\"chain\">");
	for (size_t i = 0; i < l->ngrounds; i++) {
		const struct html_export_ground *g = &l->grounds[i];
		strbuf_addstr(o, "<li><b>");
		html_text(o, g->provision);
		strbuf_addstr(o, "</b> [");
		html_text(o, g->answer);
		if (!g->confirmed)
			strbuf_addstr(o, ", UNCONFIRMED");
		strbuf_addstr(o, "]: ");
		html_text(o, g->citation);
		strbuf_addstr(o, "; review policy: ");
		html_text(o, g->policy);
		strbuf_addstr(o, "; exceptions: ");
		html_text(o, g->exceptions);
		strbuf_addstr(o, "</li>");
	}
	if (l->ngrounds)
		strbuf_addstr(o, "</ol>");
	for (size_t i = 0; i < l->nunknowns; i++) {
		strbuf_addstr(o, "<br><span class=\"muted\">unknown: ");
		html_text(o, l->unknowns[i]);
		strbuf_addstr(o, "</span>");
	}
	strbuf_addstr(o, "</td>");
}

/* ---- lines that read the same, once ---- */

static uint64_t h_str(uint64_t h, const char *s)
{
	return hash_fnv1a64(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t h_num(uint64_t h, double v)
{
	return isnan(v) ? hash_fnv1a64(h, "-", 1) : hash_fnv1a64(h, &v, sizeof v);
}

/* Of everything a row shows but the order reference. */
static uint64_t line_hash(const struct html_export_line *l)
{
	uint64_t h = HASH_FNV64_INIT;
	const char *f[] = {l->item,   l->destination, l->end_user, l->date,
			   l->answer, l->eccn,        l->eccn_why};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		h = h_str(h, f[i]);
	h = h_num(h_num(h, l->tpp), l->pd);
	for (size_t i = 0; i < l->ngrounds; i++) {
		const struct html_export_ground *g = &l->grounds[i];
		const char *gf[] = {g->answer, g->provision,  g->citation,
				    g->policy, g->exceptions, g->confirmed ? "1" : "0"};
		for (size_t k = 0; k < sizeof gf / sizeof gf[0]; k++)
			h = h_str(h, gf[k]);
	}
	for (size_t i = 0; i < l->nunknowns; i++)
		h = h_str(h, l->unknowns[i]);
	return hash_fnv1a64(h, &l->ngrounds, sizeof l->ngrounds);
}

static int sc(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static bool num_eq(double a, double b)
{
	return isnan(a) ? isnan(b) : a == b;
}

static bool same_line(const struct html_export_line *a, const struct html_export_line *b)
{
	if (sc(a->item, b->item) || sc(a->destination, b->destination) ||
	    sc(a->end_user, b->end_user) || sc(a->date, b->date) || sc(a->answer, b->answer) ||
	    sc(a->eccn, b->eccn) || sc(a->eccn_why, b->eccn_why) || !num_eq(a->tpp, b->tpp) ||
	    !num_eq(a->pd, b->pd) || a->ngrounds != b->ngrounds || a->nunknowns != b->nunknowns)
		return false;
	for (size_t i = 0; i < a->ngrounds; i++) {
		const struct html_export_ground *g = &a->grounds[i], *k = &b->grounds[i];
		if (sc(g->answer, k->answer) || sc(g->provision, k->provision) ||
		    sc(g->citation, k->citation) || sc(g->policy, k->policy) ||
		    sc(g->exceptions, k->exceptions) || g->confirmed != k->confirmed)
			return false;
	}
	for (size_t i = 0; i < a->nunknowns; i++)
		if (sc(a->unknowns[i], b->unknowns[i]))
			return false;
	return true;
}

struct hkey {
	uint64_t h;
	size_t i;
};

static int cmp_hkey(const void *a, const void *b)
{
	const struct hkey *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* group[i]: the first line reading as line i does (i itself when none before). */
static size_t *group_lines(const struct html_export *x)
{
	struct hkey *k = xcalloc(x->n + 1, sizeof *k);
	size_t *group = xcalloc(x->n + 1, sizeof *group);
	for (size_t i = 0; i < x->n; i++)
		k[i] = (struct hkey){line_hash(&x->lines[i]), i};
	qsort(k, x->n, sizeof *k, cmp_hkey);
	for (size_t i = 0; i < x->n; i++) {
		size_t j = i; /* an earlier line of the same hash that reads the same */
		while (j > 0 && k[j - 1].h == k[i].h &&
		       !same_line(&x->lines[k[j - 1].i], &x->lines[k[i].i]))
			j--;
		group[k[i].i] = j > 0 && k[j - 1].h == k[i].h ? group[k[j - 1].i] : k[i].i;
	}
	free(k);
	return group;
}

/* The order references of a group (next: the following line of each line's
 * group, SIZE_MAX at its end): one, or all of them in a collapsed list. */
static void refs_cell(struct strbuf *o, const struct html_export *x, const size_t *next,
		      size_t first, size_t n)
{
	strbuf_addstr(o, "<td>");
	if (n == 1) {
		html_text(o, x->lines[first].ref);
		strbuf_addstr(o, "</td>");
		return;
	}
	char b[32];
	strbuf_addf(o,
		    "<details class=\"hl\"><summary>%s order lines</summary><ul class=\"hosts\">",
		    html_num(n, b));
	for (size_t i = first; i != SIZE_MAX; i = next[i]) {
		strbuf_addstr(o, "<li>");
		html_text(o, x->lines[i].ref);
		strbuf_addstr(o, "</li>");
	}
	strbuf_addstr(o, "</ul></details></td>");
}

static void line_row(struct strbuf *o, const struct html_export *x, const size_t *next,
		     size_t first, size_t n)
{
	const struct html_export_line *l = &x->lines[first];
	strbuf_addstr(o, "<tr>");
	refs_cell(o, x, next, first, n);
	item_cell(o, l);
	strbuf_addstr(o, "<td>");
	html_text(o, l->destination);
	strbuf_addstr(o, "</td><td>");
	html_text(o, l->end_user ? l->end_user : "not given");
	strbuf_addstr(o, "</td><td class=\"d\">");
	html_text(o, l->date);
	strbuf_addstr(o, "</td><td><b>");
	html_text(o, needed(l->answer));
	strbuf_addstr(o, "</b>");
	if (strcmp(l->answer, "REVIEW")) {
		strbuf_addstr(o, "<br><span class=\"muted\">");
		html_text(o, l->answer);
		strbuf_addstr(o, "</span>");
	}
	strbuf_addstr(o, "</td>");
	grounds_cell(o, l);
	strbuf_addstr(o, "</tr>");
}

void html_export_section(struct strbuf *o, const struct html_export *x)
{
	static const char *const head[] = {
		"Order",          "Item",
		"Classification", "Destination",
		"End user",       "Date",
		"Licence needed", "Grounds: provision, citation, policy, exceptions"};
	static const int w[] = {8, 10, 14, 8, 11, 9, 10, 30};
	char b[32];
	if (!x)
		return;
	strbuf_addstr(o, "<section id=\"export\"><h2>Export check</h2><p>The order lines of "
			 "<code>");
	html_text(o, x->file);
	strbuf_addstr(o, "</code> (SHA-256 <code>");
	html_text(o, x->sha256);
	strbuf_addstr(o, "</code>), each determined as <code>chipscreen export-check --orders"
			 "</code> determines it: the item classified under the text in force on "
			 "the line's date, the destination placed in that date's country groups, "
			 "the end user screened against the bundled Entity List parties and the "
			 "lists in this store. REVIEW means an input is unknown or the governing "
			 "fact is not confirmed; the line says which.</p><table><thead><tr>"
			 "<th scope=\"col\">Answer</th><th scope=\"col\" class=\"n\">Order lines"
			 "</th></tr></thead><tbody>");
	for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		strbuf_addstr(o, "<tr><th scope=\"row\">");
		html_text(o, answers[i]);
		strbuf_addf(o, "</th><td class=\"n\">%s</td></tr>",
			    html_num(count(x, answers[i]), b));
	}
	strbuf_addstr(o, "</tbody></table><table class=\"data\"><colgroup>");
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		strbuf_addf(o, "<col style=\"width:%d%%\">", w[i]);
	strbuf_addstr(o, "</colgroup><thead><tr>");
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		strbuf_addf(o, "<th scope=\"col\">%s</th>", head[i]);
	strbuf_addstr(o, "</tr></thead><tbody>");
	size_t *group = group_lines(x), *count = xcalloc(x->n + 1, sizeof *count),
	       *next = xcalloc(x->n + 1, sizeof *next), *last = xcalloc(x->n + 1, sizeof *last);
	for (size_t i = 0; i < x->n; i++) {
		size_t g = group[i];
		next[i] = SIZE_MAX;
		if (count[g]++)
			next[last[g]] = i;
		last[g] = i;
	}
	for (size_t i = 0; i < x->n; i++)
		if (group[i] == i)
			line_row(o, x, next, i, count[i]);
	free(group);
	free(count);
	free(next);
	free(last);
	strbuf_addstr(o, "</tbody></table><h3>Not decided by chipscreen</h3><ul>");
	for (size_t i = 0; i < x->nnot_decided; i++) {
		strbuf_addstr(o, "<li>");
		html_text(o, x->not_decided[i]);
		strbuf_addstr(o, "</li>");
	}
	strbuf_addstr(o, "</ul></section>\n");
}
