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
 * The lines come in file order; the table sorts and filters like the
 * others.  Nothing here decides: the words are the engine's.
 */
#include "report/html-int.h"

#include <math.h>
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

static void line_row(struct strbuf *o, const struct html_export_line *l)
{
	strbuf_addstr(o, "<tr>");
	strbuf_addstr(o, "<td>");
	html_text(o, l->ref);
	strbuf_addstr(o, "</td>");
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
	for (size_t i = 0; i < x->n; i++)
		line_row(o, &x->lines[i]);
	strbuf_addstr(o, "</tbody></table><h3>Not decided by chipscreen</h3><ul>");
	for (size_t i = 0; i < x->nnot_decided; i++) {
		strbuf_addstr(o, "<li>");
		html_text(o, x->not_decided[i]);
		strbuf_addstr(o, "</li>");
	}
	strbuf_addstr(o, "</ul></section>\n");
}
