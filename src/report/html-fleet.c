/*
 * html-fleet.c — `chipscreen report`: the fleet as one HTML document for an
 * auditor (doc/report.md).
 *
 * It renders the fleet report the `fleet` command prints (store/fleet.h:
 * fleet_report_build), nothing judged again.  In the order a reader needs:
 * the cover (who, as of when, with which rule set, lists and run, and the
 * SHA-256 of the data shown), the executive summary, the charts
 * (html-charts.c), the binding findings per rule, what needs review and what
 * could not be identified, what other measures name without binding this
 * profile, and the appendix (rules, scope, how to reproduce).
 *
 * Identical findings are shown once: a finding is one stored verdict (a
 * unit, i.e. a part in one acquisition context, judged against one rule)
 * fanned out to the hosts holding the unit, so the findings of one rule and
 * unit form a group with its hosts listed in a collapsed <details>.  The
 * groups of a restricted part that differ only in their acquisition (the
 * reason then names another manufacture week) are one row too, each host's
 * acquisition basis listed with it.  The
 * findings that bind nobody here (INFO) are counted per group, without host
 * lists: on a 100,000-host fleet they are most of the rows.
 *
 * The digest covers the bytes between the data markers (html.h): the body
 * is rendered first, hashed, then written after the cover that shows it.
 */
#include "report/html-int.h"
#include "report/report.h"
#include "rules/rules.h"
#include "store/fleet.h"
#include "util/date.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0.0.0"
#endif

static const char *day(day_t d, char *buf)
{
	return d ? date_format(d, buf) : "—";
}

/* ---------------------------------------------------------------------- */
/* Groups                                                                  */

struct key {
	uint32_t rule;
	int verdict, binding;
	int64_t unit;
	uint32_t idx;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if (x->verdict != y->verdict)
		return y->verdict - x->verdict;
	if (x->binding != y->binding)
		return y->binding - x->binding;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static uint32_t rule_rank(const struct fleet_report *r, const char *id)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (!strcmp(r->rules[i].rule_id, id))
			return (uint32_t)i;
	return (uint32_t)r->nrules;
}

/* Sort the findings into groups: rule, verdict, binding, unit; hosts in name order. */
void html_groups_build(struct html_groups *g, const struct fleet_report *r)
{
	struct key *k = xcalloc(r->nfindings + 1, sizeof *k);
	const char *last = NULL;
	uint32_t rank = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct fleet_finding *f = &r->findings[i];
		if (f->rule_id != last) {
			last = f->rule_id;
			rank = rule_rank(r, last);
		}
		k[i] = (struct key){rank, (int)f->verdict, f->binding, f->unit, (uint32_t)i};
	}
	qsort(k, r->nfindings, sizeof *k, cmp_key);
	g->order = xcalloc(r->nfindings + 1, sizeof *g->order);
	g->v = NULL;
	g->n = 0;
	size_t cap = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		g->order[i] = k[i].idx;
		if (!i ||
		    cmp_key(&(struct key){k[i].rule, k[i].verdict, k[i].binding, k[i].unit, 0},
			    &(struct key){k[i - 1].rule, k[i - 1].verdict, k[i - 1].binding,
					  k[i - 1].unit, 0})) {
			if (g->n == cap) {
				cap = cap ? cap * 2 : 64;
				g->v = xrealloc(g->v, cap * sizeof *g->v);
			}
			g->v[g->n++] = (struct html_group){i, 0, 0, &r->findings[k[i].idx], 0};
		}
		g->v[g->n - 1].n++;
		g->v[g->n - 1].nfindings++;
		g->v[g->n - 1].components += r->findings[k[i].idx].count;
	}
	free(k);
}

/* Groups that read the same (rule, verdict, part, makers, evidence, reason,
 * acquisition, deadline) are one finding to a reader, whatever unit they
 * come from: merge them, their hosts in name order, a host counted once. */
static int sc(const char *a, const char *b)
{
	return a == b ? 0 : strcmp(a ? a : "", b ? b : "");
}

static int cmp_look(const struct html_group *x, const struct html_group *y)
{
	const struct fleet_finding *f = x->f, *g = y->f;
	int c;
	if ((c = sc(f->rule_id, g->rule_id)) || (c = (int)g->verdict - (int)f->verdict) ||
	    (c = (int)g->binding - (int)f->binding) || (c = sc(f->part, g->part)) ||
	    (c = sc(f->kind, g->kind)) || (c = sc(f->makers, g->makers)) ||
	    (c = sc(f->evidence, g->evidence)))
		return c;
	/* a restricted part's units differ mostly by when they were acquired (a
	 * manufacture week each): one row, each host's basis in its list */
	if (!html_group_binding(x) &&
	    ((c = sc(f->reason, g->reason)) || (c = sc(f->acquired, g->acquired)) ||
	     (c = sc(f->acquired_fact, g->acquired_fact))))
		return c;
	return f->deadline != g->deadline ? (f->deadline < g->deadline ? -1 : 1) : 0;
}

static const struct html_group *sort_base;

static int cmp_gidx(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct html_group *x = &sort_base[i], *y = &sort_base[j];
	if (strcmp(x->f->rule_id, y->f->rule_id)) /* rules keep the report's order */
		return i < j ? -1 : 1;
	int c = cmp_look(x, y);
	return c ? c : (i < j ? -1 : i > j);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

void html_groups_merge(struct html_groups *g, const struct fleet_report *r)
{
	size_t *gi = xcalloc(g->n + 1, sizeof *gi),
	       *order = xcalloc(r->nfindings + 1, sizeof *order);
	struct html_group *v = xcalloc(g->n + 1, sizeof *v);
	size_t nv = 0, pos = 0;
	for (size_t i = 0; i < g->n; i++)
		gi[i] = i;
	sort_base = g->v;
	qsort(gi, g->n, sizeof *gi, cmp_gidx);
	for (size_t i = 0; i < g->n;) {
		size_t j = i + 1;
		while (j < g->n && !strcmp(g->v[gi[i]].f->rule_id, g->v[gi[j]].f->rule_id) &&
		       !cmp_look(&g->v[gi[i]], &g->v[gi[j]]))
			j++;
		struct html_group *m = &v[nv++];
		*m = (struct html_group){pos, 0, 0, g->v[gi[i]].f, 0};
		for (size_t k = i; k < j; k++) {
			const struct html_group *x = &g->v[gi[k]];
			memcpy(order + pos, g->order + x->first, x->n * sizeof *order);
			pos += x->n;
			m->components += x->components;
		}
		if (j - i > 1) { /* findings by host name: their indices in order */
			qsort(order + m->first, pos - m->first, sizeof *order, cmp_size);
			m->f = &r->findings[order[m->first]]; /* the first host's */
		}
		for (size_t k = m->first; k < pos; k++)
			m->n += k == m->first ||
				r->findings[order[k]].host != r->findings[order[k - 1]].host;
		m->nfindings = pos - m->first;
		i = j;
	}
	free(g->order);
	free(g->v);
	free(gi);
	g->order = order;
	g->v = v;
	g->n = nv;
}

void html_groups_free(struct html_groups *g)
{
	free(g->order);
	free(g->v);
}

bool html_group_binding(const struct html_group *x)
{
	return x->f->binding && x->f->verdict >= V_LICENSE;
}

/* ---------------------------------------------------------------------- */
/* Cover                                                                   */

static void filter_text(struct strbuf *o, const struct fleet_filter *flt)
{
	if (!flt || (!flt->nsites && !flt->ntags && !flt->nhosts)) {
		strbuf_addstr(o, "every host in the store");
		return;
	}
	const char *sep = "";
	for (size_t i = 0; i < flt->nsites; i++, sep = ", ") {
		strbuf_addf(o, "%ssite ", sep);
		html_text(o, flt->sites[i]);
	}
	for (size_t i = 0; i < flt->ntags; i++, sep = ", ") {
		strbuf_addf(o, "%stag ", sep);
		html_text(o, flt->tags[i]);
	}
	for (size_t i = 0; i < flt->nhosts; i++, sep = ", ") {
		strbuf_addf(o, "%shost ", sep);
		html_text(o, flt->hosts[i]);
	}
}

static void lists_cover(struct strbuf *o, const struct html_fleet_input *in)
{
	if (!in->nlists) {
		strbuf_addstr(
			o, "none imported into this store (the rules name their parties "
			   "themselves; name screening is <code>chipscreen screen-names</code>)");
		return;
	}
	strbuf_addstr(o, "<table class=\"lists\"><thead><tr><th scope=\"col\">Source</th>"
			 "<th scope=\"col\">Format</th><th scope=\"col\">Version (publication)</th>"
			 "<th scope=\"col\">Imported</th><th scope=\"col\" class=\"n\">Entries</th>"
			 "</tr></thead><tbody>");
	for (size_t i = 0; i < in->nlists; i++) {
		const struct html_list_version *l = &in->lists[i];
		strbuf_addstr(o, "<tr><td>");
		html_text(o, l->source);
		strbuf_addstr(o, "</td><td>");
		html_text(o, l->format);
		strbuf_addstr(o, "</td><td>");
		html_text(o, l->version ? l->version : "not stated in the file");
		if (l->published) {
			/* where the date came from, as `lists` says it: a file's
			 * modification time is when it was saved, not published */
			strbuf_addstr(o, " (published ");
			html_text(o, l->published);
			if (l->published_from) {
				strbuf_addstr(o, ", from ");
				html_text(o, l->published_from);
			}
			strbuf_addstr(o, ")");
		}
		strbuf_addstr(o, "</td><td>");
		html_text(o, l->imported_at);
		strbuf_addf(o, "</td><td class=\"n\">%lld</td></tr>", l->entries);
	}
	strbuf_addstr(o, "</tbody></table>");
}

/* The files the name-screening and export sections were read from, with
 * their SHA-256: the data shown (and its digest) rest on them. */
static void inputs_cover(struct strbuf *o, const struct html_fleet_input *in)
{
	char b[32];
	if (in->screen) {
		strbuf_addstr(o, "<dt>Name screening</dt><dd><code>");
		html_text(o, in->screen->file);
		strbuf_addf(o, "</code>, %s names (SHA-256 <code>",
			    html_num(in->screen->screened, b));
		html_text(o, in->screen->sha256);
		strbuf_addstr(o, "</code>)</dd>");
	}
	if (in->exp) {
		strbuf_addstr(o, "<dt>Export orders</dt><dd><code>");
		html_text(o, in->exp->file);
		strbuf_addf(o, "</code>, %s order lines (SHA-256 <code>", html_num(in->exp->n, b));
		html_text(o, in->exp->sha256);
		strbuf_addstr(o, "</code>)</dd>");
	}
}

static void cover(struct strbuf *o, const struct html_fleet_input *in, const char *digest)
{
	const struct fleet_report *r = in->r;
	char d[11];
	strbuf_addstr(o, "<header class=\"cover\"><h1>Restricted hardware: screening report</h1>"
			 "<p class=\"lead\">");
	char b1[32], b2[32];
	strbuf_addf(o,
		    "%s hosts and %s components judged against the measures that restrict "
		    "named makers, for ",
		    html_num(r->hosts, b1), html_num(r->components, b2));
	if (r->profile) {
		strbuf_addstr(o, "the profile <b>");
		html_text(o, r->profile);
		strbuf_addstr(o, "</b>");
	} else {
		strbuf_addstr(o, "no profile (the exposure view: every match is INFO)");
	}
	strbuf_addf(o, ", as of %s.</p><dl>", day(r->date, d));
	strbuf_addstr(o, "<dt>Profile</dt><dd>");
	html_text(o, r->profile ? r->profile : "none (exposure view)");
	strbuf_addf(o, "</dd><dt>As of</dt><dd>%s</dd><dt>Generated at</dt><dd>", day(r->date, d));
	html_text(o, in->generated_at);
	strbuf_addstr(o, "</dd><dt>Hosts</dt><dd>");
	filter_text(o, r->filter);
	strbuf_addstr(o, "</dd><dt>chipscreen</dt><dd>version " CHIPSCREEN_VERSION "</dd>"
			 "<dt>Rule set</dt><dd><code>");
	html_text(o, r->ruleset);
	strbuf_addstr(
		o, "</code> (each rule's own version is in the appendix)</dd><dt>Lists</dt><dd>");
	lists_cover(o, in);
	strbuf_addstr(o, "</dd><dt>Store</dt><dd><code>");
	html_text(o, in->store);
	strbuf_addf(o, "</code>, screening run %lld</dd>", (long long)r->run);
	if (in->fingerprint) {
		strbuf_addstr(o, "<dt>Verdicts fingerprint</dt><dd><code>");
		html_text(o, in->fingerprint);
		strbuf_addf(o, "</code> (SHA-256 over the run's %zu verdicts)</dd>", in->nverdicts);
	}
	inputs_cover(o, in);
	strbuf_addf(o,
		    "<dt>SHA-256 of the data shown</dt><dd><code id=\"digest\">%s</code> "
		    "<span class=\"muted\">(of everything below the cover; see the appendix)</span>"
		    "</dd></dl></header>\n",
		    digest);
}

/* ---------------------------------------------------------------------- */
/* Summary                                                                 */

static void cards(struct strbuf *o, const struct fleet_report *r, size_t binding_hosts)
{
	struct {
		size_t v;
		const char *what;
	} c[] = {
		{r->hosts, "hosts"},
		{r->components, "components"},
		{binding_hosts, "hosts with a restricted part"},
		{r->hosts_with_findings, "hosts named by any measure"},
		{r->components_with_findings, "components named by any measure"},
		{r->not_identified_components, "components not identified"},
	};
	char b[32];
	strbuf_addstr(o, "<div class=\"cards\">");
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		strbuf_addf(o, "<div class=\"card\"><b>%s</b><span>%s</span></div>",
			    html_num(c[i].v, b), c[i].what);
	strbuf_addstr(o, "</div>\n");
}

static void verdict_table(struct strbuf *o, const struct fleet_report *r, const size_t comps[][2],
			  const size_t *hosts)
{
	strbuf_addstr(o, "<table><caption class=\"muted\">Findings by verdict: a component "
			 "named by two measures counts under each</caption><thead><tr>"
			 "<th scope=\"col\">Verdict</th><th scope=\"col\" class=\"n\">Components, "
			 "binding</th><th scope=\"col\" class=\"n\">Components, not binding</th>"
			 "<th scope=\"col\" class=\"n\">Hosts</th></tr></thead><tbody>");
	for (int v = V_PROHIBITED; v >= V_INFO; v--) {
		strbuf_addstr(o, "<tr><th scope=\"row\">");
		html_verdict(o, verdict_name((enum verdict)v));
		char b1[32], b2[32], b3[32];
		strbuf_addf(o,
			    "</th><td class=\"n\">%s</td><td class=\"n\">%s</td>"
			    "<td class=\"n\">%s</td></tr>",
			    html_num(comps[v][1], b1), html_num(comps[v][0], b2),
			    html_num(hosts[v], b3));
	}
	strbuf_addf(o, "<tr><th scope=\"row\">");
	html_verdict(o, "NOT-IDENTIFIED");
	char b[32];
	strbuf_addf(o,
		    "</th><td class=\"n\" colspan=\"2\">%s (maker or chip maker unknown: "
		    "not cleared)</td><td class=\"n\">—</td></tr>",
		    html_num(r->not_identified_components, b));
	if (r->nnothing_read) /* no part of theirs was judged: hosts only */
		strbuf_addf(o,
			    "<tr><th scope=\"row\"><a href=\"#nothing-read\">" NOTHING_READ_STATUS
			    "</a></th><td class=\"n\" colspan=\"2\">— (no component read: "
			    "not cleared, REVIEW)</td><td class=\"n\">%s</td></tr>",
			    html_num(r->nnothing_read, b));
	strbuf_addstr(o, "</tbody></table>\n");
}

static void binding_list(struct strbuf *o, const struct fleet_report *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		const struct fleet_rule_sum *s = &r->rules[i];
		if (!s->binding_components)
			continue;
		strbuf_addstr(o, n++ ? "<li>" : "<h3>What is binding</h3><ul><li>");
		strbuf_addstr(o, "<a href=\"#rule-");
		html_text(o, s->rule_id);
		strbuf_addstr(o, "\"><b>");
		html_text(o, s->rule_id);
		strbuf_addstr(o, "</b></a> ");
		html_verdict(o, verdict_name((enum verdict)s->worst));
		strbuf_addstr(o, " — ");
		html_text(o, s->title);
		char b1[32], b2[32];
		strbuf_addf(o, ": %s components with a binding finding, on %s hosts.</li>",
			    html_num(s->binding_components, b1), html_num(s->binding_hosts, b2));
	}
	if (n)
		strbuf_addstr(o, "</ul>\n");
	else
		strbuf_addstr(o, "<h3>What is binding</h3><p>No measure that binds this profile "
				 "names a maker identified in these hosts. Parts not identified "
				 "are not cleared: see <a href=\"#review\">Review</a>.</p>\n");
}

struct dl {
	day_t date;
	const struct fleet_rule_sum *s;
	const char *what;
	size_t comps;
};

static int cmp_dl(const void *a, const void *b)
{
	const struct dl *x = a, *y = b;
	return x->date != y->date ? (x->date < y->date ? -1 : 1)
				  : strcmp(x->s->rule_id, y->s->rule_id);
}

/* "(not binding)" only for a measure that does not bind the profile: one
 * that binds it, its restriction starting on that date, has no binding
 * finding yet (us-ndaa5949-a1a for a federal agency before 2027-12-23), and
 * will have. */
static const char *binding_note(const struct html_fleet_input *in, const struct dl *x)
{
	if (x->s->binding_components)
		return "";
	const struct rule *ru = in->rs ? rule_find(in->rs, x->s->rule_id) : NULL;
	if (in->profile && ru && profile_binds(in->profile, ru))
		return " (binds this profile from then)";
	return " (not binding)";
}

static void deadlines(struct strbuf *o, const struct html_fleet_input *in)
{
	const struct fleet_report *r = in->r;
	struct dl *v = xcalloc(2 * r->nrules + 1, sizeof *v);
	size_t n = 0;
	char d[11];
	for (size_t i = 0; i < r->nrules; i++) {
		const struct fleet_rule_sum *s = &r->rules[i];
		if (s->next_deadline)
			v[n++] = (struct dl){s->next_deadline, s, "remove by this date",
					     s->next_deadline_components};
		if (s->upcoming)
			v[n++] = (struct dl){s->upcoming, s, s->upcoming_what, s->components};
	}
	qsort(v, n, sizeof *v, cmp_dl);
	strbuf_addstr(o, "<h3>Next deadlines</h3>");
	if (!n)
		strbuf_addstr(o, "<p>No deadline and no restriction starting or ending after this "
				 "date for the measures with findings.</p>\n");
	else
		strbuf_addstr(o,
			      "<table class=\"fixed\"><colgroup><col style=\"width:12%\">"
			      "<col style=\"width:22%\"><col><col style=\"width:15%\"></colgroup>"
			      "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">"
			      "Measure</th><th scope=\"col\">What happens</th><th scope=\"col\" "
			      "class=\"n\">Components concerned</th></tr></thead><tbody>");
	for (size_t i = 0; i < n && i < 10; i++) {
		strbuf_addf(o, "<tr><td class=\"d\">%s</td><td>", day(v[i].date, d));
		html_text(o, v[i].s->rule_id);
		strbuf_addstr(o, "</td><td>");
		html_text(o, v[i].what);
		char b[32];
		strbuf_addf(o, "</td><td class=\"n\">%s%s</td></tr>", html_num(v[i].comps, b),
			    binding_note(in, &v[i]));
	}
	if (n)
		strbuf_addstr(o, "</tbody></table>\n");
	free(v);
}

static void summary(struct strbuf *o, const struct html_fleet_input *in)
{
	const struct fleet_report *r = in->r;
	size_t comps[V__COUNT][2] = {{0}}, hosts[V__COUNT] = {0}, binding_hosts = 0;
	int64_t last[V__COUNT] = {0}, last_b = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct fleet_finding *f = &r->findings[i];
		comps[f->verdict][f->binding] += f->count;
		if (last[f->verdict] != f->host) {
			last[f->verdict] = f->host;
			hosts[f->verdict]++;
		}
		if (f->binding && f->verdict >= V_LICENSE && last_b != f->host) {
			last_b = f->host;
			binding_hosts++;
		}
	}
	strbuf_addstr(o, "<section class=\"first\" id=\"summary\"><h2>Executive summary</h2>");
	cards(o, r, binding_hosts);
	binding_list(o, r);
	deadlines(o, in);
	strbuf_addstr(o, "<h3>Findings by verdict</h3>");
	verdict_table(o, r, comps, hosts);
	html_screen_summary(o, in->screen);
	html_export_summary(o, in->exp);
	strbuf_addstr(o, "</section>\n");
}

/* ---------------------------------------------------------------------- */

int report_fleet_html(const struct html_fleet_input *in, FILE *out)
{
	struct strbuf page = STRBUF_INIT, body = STRBUF_INIT;
	struct html_groups g;
	char digest[65], title[200];
	html_groups_build(&g, in->r);
	html_groups_merge(&g, in->r);
	strbuf_grow(&body, 1 << 20);
	summary(&body, in);
	html_charts(&body, in, &g);
	html_findings(&body, in, &g);
	html_screen_section(&body, in->screen);
	html_export_section(&body, in->exp);
	html_appendix(&body, in);
	html_digest(body.buf, body.len, digest);
	snprintf(title, sizeof title, "chipscreen report: %s, as of ",
		 in->r->profile ? in->r->profile : "exposure view");
	date_format(in->r->date, title + strlen(title));
	html_page_begin(&page, title, in->paper);
	cover(&page, in, digest);
	strbuf_addstr(&page, HTML_DATA_BEGIN);
	int rc = fwrite(page.buf, 1, page.len, out) == page.len &&
				 fwrite(body.buf, 1, body.len, out) == body.len
			 ? 0
			 : -1;
	strbuf_reset(&page);
	strbuf_addstr(&page, HTML_DATA_END);
	html_page_end(&page);
	if (fwrite(page.buf, 1, page.len, out) != page.len)
		rc = -1;
	strbuf_release(&page);
	strbuf_release(&body);
	html_groups_free(&g);
	return rc;
}
