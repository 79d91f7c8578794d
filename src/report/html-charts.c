/*
 * html-charts.c — the fleet report's charts (svg.c draws them), each with
 * its title, a description, and its numbers in a table below it, so that a
 * reader who cannot see the chart, or prints in black and white, loses
 * nothing:
 *
 *   1. components with findings per rule, by verdict (stacked bars);
 *   2. the next five years: when each rule's restrictions start or end
 *      (the rule set's dates for the rules with findings);
 *   3. hosts per site by their worst verdict;
 *   4. the makers most often named among the restricted parts.
 */
#include "report/html-int.h"
#include "report/svg.h"
#include "rules/rules.h"
#include "store/fleet.h"
#include "util/date.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The verdicts a chart shows, most severe first, and their CSS classes. */
static const char *const vnames[] = {"PROHIBITED", "REMOVE-BY", "NO-NEW-PURCHASE", "LICENSE",
				     "REVIEW",     "INFO",      "no finding"};
static const char *const vclass[] = {"v-prohibited", "v-remove-by", "v-no-new-purchase",
				     "v-license",    "v-review",    "v-info",
				     "v-none"};
#define NV 6 /* verdict series; the seventh is "no finding" */

static int series_of(enum verdict v)
{
	return V_PROHIBITED - (int)v; /* PROHIBITED 0 ... INFO 5 */
}

static void data_table(struct strbuf *o, const char *const *rows, size_t nrows,
		       const char *const *cols, size_t ncols, const size_t *v, const char *first)
{
	strbuf_addstr(o, "<details class=\"chart-data\"><summary>The chart's numbers</summary>"
			 "<table><thead><tr><th scope=\"col\">");
	html_text(o, first);
	strbuf_addstr(o, "</th>");
	for (size_t c = 0; c < ncols; c++) {
		strbuf_addstr(o, "<th scope=\"col\" class=\"n\">");
		html_text(o, cols[c]);
		strbuf_addstr(o, "</th>");
	}
	strbuf_addstr(o, "</tr></thead><tbody>");
	for (size_t r = 0; r < nrows; r++) {
		strbuf_addstr(o, "<tr><th scope=\"row\">");
		html_text(o, rows[r]);
		strbuf_addstr(o, "</th>");
		for (size_t c = 0; c < ncols; c++)
			strbuf_addf(o, "<td class=\"n\">%zu</td>", v[r * ncols + c]);
		strbuf_addstr(o, "</tr>");
	}
	strbuf_addstr(o, "</tbody></table></details>\n");
}

static void figure(struct strbuf *o, const char *caption)
{
	strbuf_addstr(o, "<figure><figcaption>");
	html_text(o, caption);
	strbuf_addstr(o, "</figcaption>");
}

/* 1 */
static void by_rule(struct strbuf *o, const struct fleet_report *r)
{
	const char **labels = xcalloc(r->nrules + 1, sizeof *labels);
	size_t *v = xcalloc(r->nrules * NV + 1, sizeof *v);
	for (size_t i = 0; i < r->nrules; i++) {
		labels[i] = r->rules[i].rule_id;
		for (int k = V_INFO; k <= V_PROHIBITED; k++)
			v[i * NV + (size_t)series_of((enum verdict)k)] = r->rules[i].verdicts[k];
	}
	struct strbuf desc = STRBUF_INIT;
	strbuf_addf(&desc, "Components with findings for each of %zu rules, by verdict.",
		    r->nrules);
	size_t most = 0;
	for (size_t i = 1; i < r->nrules; i++)
		if (r->rules[i].components > r->rules[most].components)
			most = i;
	char b[32];
	if (r->nrules)
		strbuf_addf(&desc, " Most: %s, %s components.", r->rules[most].rule_id,
			    html_num(r->rules[most].components, b));
	figure(o, "Findings by rule and verdict (components)");
	svg_bar_chart(o,
		      &(struct svg_bars){"chart-rules", "Findings by rule and verdict", desc.buf,
					 labels, r->nrules, vnames, vclass, NV, v, "components"});
	data_table(o, labels, r->nrules, vnames, NV, v, "Rule");
	strbuf_addstr(o, "</figure>\n");
	strbuf_release(&desc);
	free(labels);
	free(v);
}

/* 2: the dates of the rules with findings, from the rule set */
static void add_event(struct svg_event **ev, size_t *n, size_t *cap, size_t row, day_t d,
		      const char *what, const char *klass)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*ev = xrealloc(*ev, *cap * sizeof **ev);
	}
	(*ev)[(*n)++] = (struct svg_event){row, d, what, klass};
}

static const char *event_class(enum restricts w)
{
	switch (w) {
	case R_USE:
	case R_CAP:
		return "v-remove-by";
	case R_PURCHASE:
	case R_INSTALLATION:
	case R_FUNDING:
	case R_SUPPLY:
		return "v-no-new-purchase";
	default:
		return "v-info";
	}
}

static void timeline(struct strbuf *o, const struct html_fleet_input *in)
{
	const struct fleet_report *r = in->r;
	char y[11];
	day_t from = r->date, to = days_from_civil(atoi(date_format(r->date, y)) + 5, 12, 31);
	const char **labels = xcalloc(r->nrules + 1, sizeof *labels);
	struct svg_event *ev = NULL;
	size_t nrows = 0, nev = 0, cap = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule *ru = in->rs ? rule_find(in->rs, r->rules[i].rule_id) : NULL;
		size_t before = nev;
		for (size_t k = 0; ru && k < ru->nrestr; k++) {
			const struct restriction *x = &ru->restr[k];
			day_t start = x->from ? x->from : ru->effective;
			if (start > from && start <= to)
				add_event(&ev, &nev, &cap, nrows, start, x->requires,
					  event_class(x->what));
			if (x->by > from && x->by <= to)
				add_event(&ev, &nev, &cap, nrows, x->by, x->requires,
					  "v-remove-by");
		}
		if (nev > before)
			labels[nrows++] = r->rules[i].rule_id;
	}
	figure(o, "Deadlines and restrictions starting in the next five years");
	if (!nrows) {
		strbuf_addstr(o, "<p>No restriction of the rules with findings starts or ends "
				 "between this date and the end of the fifth year after it.</p>");
	} else {
		svg_timeline_chart(o,
				   &(struct svg_timeline){
					   "chart-timeline", "Deadline timeline",
					   "When each rule's restrictions start (purchase, supply) "
					   "or end (use deadlines), for the rules with findings.",
					   labels, nrows, from, to, ev, nev});
		strbuf_addstr(o,
			      "<details class=\"chart-data\"><summary>The chart's dates"
			      "</summary><table><thead><tr><th scope=\"col\">Rule</th>"
			      "<th scope=\"col\">Date</th><th scope=\"col\">What</th></tr></thead>"
			      "<tbody>");
		for (size_t i = 0; i < nev; i++) {
			strbuf_addstr(o, "<tr><th scope=\"row\">");
			html_text(o, labels[ev[i].row]);
			strbuf_addf(o, "</th><td>%s</td><td>", date_format(ev[i].date, y));
			html_text(o, ev[i].what);
			strbuf_addstr(o, "</td></tr>");
		}
		strbuf_addstr(o, "</tbody></table></details>");
	}
	strbuf_addstr(o, "</figure>\n");
	free(ev);
	free(labels);
}

/* 3 */
static size_t site_row(const struct html_fleet_input *in, const char *site, size_t shown)
{
	for (size_t i = 0; i < shown; i++) {
		const char *s = in->sites[i].site;
		if ((!s && !site) || (s && site && !strcmp(s, site)))
			return i;
	}
	return shown; /* "other sites" */
}

#define MAX_SITES 15

static void by_site(struct strbuf *o, const struct html_fleet_input *in)
{
	const struct fleet_report *r = in->r;
	size_t shown = in->nsites > MAX_SITES ? MAX_SITES - 1 : in->nsites;
	size_t rows = shown + (in->nsites > shown);
	size_t *v = xcalloc(rows * (NV + 1) + 1, sizeof *v);
	const char **labels = xcalloc(rows + 1, sizeof *labels);
	for (size_t i = 0; i < in->nsites; i++) {
		size_t row = i < shown ? i : shown;
		labels[row] = i < shown ? (in->sites[i].site ? in->sites[i].site : "(no site)")
					: "(other sites)";
		v[row * (NV + 1) + NV] += in->sites[i].hosts;
	}
	for (size_t i = 0; i < r->nfindings;) {
		const struct fleet_finding *f = &r->findings[i];
		int worst = (int)f->verdict;
		size_t j = i;
		for (; j < r->nfindings && r->findings[j].host == f->host; j++)
			if ((int)r->findings[j].verdict > worst)
				worst = (int)r->findings[j].verdict;
		size_t row = site_row(in, f->site, shown);
		if (row < rows && worst >= V_INFO) {
			v[row * (NV + 1) + (size_t)series_of((enum verdict)worst)]++;
			if (v[row * (NV + 1) + NV])
				v[row * (NV + 1) + NV]--;
		}
		i = j;
	}
	figure(o, "Hosts by site and worst verdict");
	svg_bar_chart(o, &(struct svg_bars){"chart-sites", "Hosts by site and worst verdict",
					    "Each site's hosts, by the most severe verdict of any "
					    "of their components; \"no finding\" hosts have none.",
					    labels, rows, vnames, vclass, NV + 1, v, "hosts"});
	data_table(o, labels, rows, vnames, NV + 1, v, "Site");
	strbuf_addstr(o, "</figure>\n");
	free(v);
	free(labels);
}

/* 4: per maker, the components of its restricted parts (a part counted
 * once however many rules name it: its largest group) */
struct mk {
	const char *maker;
	int64_t unit;
	size_t comps;
};

static int cmp_mk_unit(const void *a, const void *b)
{
	const struct mk *x = a, *y = b;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return x->comps > y->comps ? -1 : x->comps < y->comps;
}

static int cmp_mk_maker(const void *a, const void *b)
{
	const struct mk *x = a, *y = b;
	return strcmp(x->maker, y->maker);
}

static int cmp_mk_comps(const void *a, const void *b)
{
	const struct mk *x = a, *y = b;
	return x->comps != y->comps ? (x->comps > y->comps ? -1 : 1) : strcmp(x->maker, y->maker);
}

static size_t maker_totals(const struct html_groups *g, int level, struct mk *m)
{
	size_t n = 0, k = 0;
	for (size_t i = 0; i < g->n; i++) {
		const struct html_group *x = &g->v[i];
		bool in = level == 2   ? html_group_binding(x)
			  : level == 1 ? x->f->verdict >= V_REVIEW
				       : true;
		if (in)
			m[n++] = (struct mk){x->f->org_name ? x->f->org_name
					     : x->f->makers ? x->f->makers
							    : "unknown",
					     x->f->unit, x->components};
	}
	qsort(m, n, sizeof *m, cmp_mk_unit);
	for (size_t i = 0; i < n; i++) /* keep each unit's largest */
		if (!k || m[k - 1].unit != m[i].unit)
			m[k++] = m[i];
	qsort(m, k, sizeof *m, cmp_mk_maker);
	n = 0;
	for (size_t i = 0; i < k; i++) {
		if (n && !strcmp(m[n - 1].maker, m[i].maker))
			m[n - 1].comps += m[i].comps;
		else
			m[n++] = m[i];
	}
	qsort(m, n, sizeof *m, cmp_mk_comps);
	return n;
}

static void top_makers(struct strbuf *o, const struct html_groups *g)
{
	struct mk *m = xcalloc(g->n + 1, sizeof *m);
	int level = 2;
	size_t n = 0;
	while (level >= 0 && !(n = maker_totals(g, level, m)))
		level--;
	static const char *const what[] = {
		"named by any measure (none binds this profile, none asks for review)",
		"needing review or restricted", "restricted for this profile"};
	static const char *const klass[] = {"v-info", "v-review", "v-prohibited"};
	if (level < 0)
		level = 0;
	if (n > 10)
		n = 10;
	const char **labels = xcalloc(n + 1, sizeof *labels);
	size_t *v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		labels[i] = m[i].maker;
		v[i] = m[i].comps;
	}
	struct strbuf cap = STRBUF_INIT;
	strbuf_addf(&cap, "Top makers among parts %s (components)", what[level]);
	figure(o, cap.buf);
	if (n) {
		const char *series[] = {"components"};
		const char *cls[] = {klass[level]};
		svg_bar_chart(o, &(struct svg_bars){"chart-makers", cap.buf,
						    "The makers whose parts the findings name, by "
						    "components; a part named by several rules "
						    "counts once.",
						    labels, n, series, cls, 1, v, "components"});
		data_table(o, labels, n, series, 1, v, "Maker");
	} else {
		strbuf_addstr(o, "<p>No finding names a maker.</p>");
	}
	strbuf_addstr(o, "</figure>\n");
	strbuf_release(&cap);
	free(labels);
	free(v);
	free(m);
}

void html_charts(struct strbuf *o, const struct html_fleet_input *in, const struct html_groups *g)
{
	strbuf_addstr(o, "<section id=\"charts\"><h2>Charts</h2>");
	if (in->r->nrules)
		by_rule(o, in->r);
	else
		strbuf_addstr(o, "<p>No rule names a maker identified in these hosts: no "
				 "findings to chart.</p>");
	timeline(o, in);
	by_site(o, in);
	top_makers(o, g);
	strbuf_addstr(o, "</section>\n");
}
