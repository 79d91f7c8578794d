/*
 * html-findings.c — the fleet report's lists: binding findings per rule
 * (each rule with its citation and source, each finding with its evidence
 * chain identifier -> maker -> rule, acquisition basis, deadline and hosts),
 * findings needing review and parts not identified (why, and what would
 * tell), the exposure to measures that do not bind this profile, and the
 * appendix.
 */
#include "report/html-int.h"
#include "rules/rules.h"
#include "store/fleet.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* What would tell the maker, per kind of part.  The judge says why it asks
 * for review; this says where the missing fact can be read. */
static const struct {
	const char *kind;
	bool chip;
	const char *tell;
} tells[] = {
	{"dimm", true,
	 "the DRAM maker's JEP106 code in the module's SPD EEPROM (byte 348-349 of DDR4, "
	 "552-553 of DDR5): `chipscreen collect` as root reads it; or the module vendor's "
	 "declaration of the DRAM it uses"},
	{"dimm", false,
	 "the module maker's JEP106 code in the SPD EEPROM (collect as root), or the label "
	 "on the module"},
	{"nvme", true,
	 "the NAND and controller makers: the drive vendor's declaration or datasheet for this "
	 "model"},
	{"disk", true,
	 "the NAND and controller makers: the drive vendor's declaration or datasheet for this "
	 "model"},
	{"emmc", true, "the flash maker: the eMMC CID manufacturer id (collect as root)"},
	{"pci", false, "the PCI vendor and subsystem ids (lspci -nn), or the card's label"},
	{"usb", false, "the USB vendor id (lsusb), or the device's label"},
	{"part", false,
	 "the manufacturer and the manufacturer's part number on the purchase record"},
};

const char *html_would_tell(const char *kind, bool chip)
{
	/* the kind's answer for the maker asked about, never the other one's: a
	 * purchase line's chip maker is not on the purchase record, which gives
	 * the manufacturer and part number it was judged from */
	for (size_t i = 0; i < sizeof tells / sizeof tells[0]; i++)
		if (kind && !strcmp(tells[i].kind, kind) && tells[i].chip == chip)
			return tells[i].tell;
	return chip ? "the chip maker: the vendor's declaration or datasheet for this part"
		    : "the maker's name as the part reports it, an entry for it in chipscreen's "
		      "organisation table, or the vendor's declaration";
}

static const char *day(day_t d, char *buf)
{
	return d ? date_format(d, buf) : "—";
}

static void lines_text(struct strbuf *o, const char *s, const char *sep)
{
	for (const char *p = s; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		struct strbuf one = STRBUF_INIT;
		strbuf_add(&one, p, n);
		html_text(o, one.buf);
		strbuf_release(&one);
		p = nl ? nl + 1 : p + n;
		if (*p)
			strbuf_addstr(o, sep);
	}
}

static void host_item(struct strbuf *o, const struct fleet_finding *f)
{
	html_text(o, f->host_name);
	if (f->site) {
		strbuf_addstr(o, " <span class=\"muted\">(");
		html_text(o, f->site);
		strbuf_addstr(o, ")</span>");
	}
	if (f->ids) {
		strbuf_addstr(o, ": <code>");
		lines_text(o, f->ids, ", ");
		strbuf_addstr(o, "</code>");
	}
}

/* Do the group's findings differ in their acquisition basis (or reason)? */
static bool mixed(const struct fleet_report *r, const struct html_groups *g,
		  const struct html_group *x)
{
	for (size_t i = 1; i < x->nfindings; i++) {
		const struct fleet_finding *f = &r->findings[g->order[x->first + i]];
		if (f->reason != x->f->reason &&
		    strcmp(f->reason ? f->reason : "", x->f->reason ? x->f->reason : ""))
			return true;
	}
	return false;
}

/* A host's own acquisition basis, in a row whose reason is the first
 * host's.  When the acquisition date is unknown the reasons differ in when
 * the part was made ("made 2019-W21, before the ban"), which the basis alone
 * does not say: the manufacture date goes with it, as the basis of a part
 * made after a ban carries it ("on or after 2023-10-02 (made 2023-W40)"). */
static void host_basis(struct strbuf *o, const struct fleet_finding *f)
{
	bool unknown = !f->acquired || !strcmp(f->acquired, "unknown");
	strbuf_addstr(o, " — acquired ");
	html_text(o, unknown ? "unknown" : f->acquired);
	if (unknown && f->made_fact) {
		strbuf_addstr(o, " (made ");
		html_text(o, f->made_fact);
		strbuf_addch(o, ')');
	}
}

/* The hosts of a group, in a row of their own under the finding. */
static void hosts_row(struct strbuf *o, const struct fleet_report *r, const struct html_groups *g,
		      const struct html_group *x, int span, bool basis)
{
	strbuf_addf(o, "<tr class=\"hostrow\"><td colspan=\"%d\">", span);
	if (x->n == 1)
		strbuf_addstr(o, "Host: <ul class=\"hosts\">");
	else
		strbuf_addf(o,
			    "<details class=\"hl\"><summary>%zu hosts</summary>"
			    "<ul class=\"hosts\">",
			    x->n);
	for (size_t i = 0; i < x->nfindings; i++) {
		const struct fleet_finding *f = &r->findings[g->order[x->first + i]];
		bool same = i && f->host == r->findings[g->order[x->first + i - 1]].host;
		if (same) {
			strbuf_addstr(o, ", <code>");
			lines_text(o, f->ids, ", ");
			strbuf_addstr(o, "</code>");
		} else {
			strbuf_addstr(o, i ? "</li><li>" : "<li>");
			host_item(o, f);
		}
		if (basis)
			host_basis(o, f);
	}
	strbuf_addstr(o, x->n == 1 ? "</li></ul>" : "</li></ul></details>");
	strbuf_addstr(o, "</td></tr>");
}

static void part_cell(struct strbuf *o, const struct fleet_finding *f)
{
	strbuf_addstr(o, "<td>");
	html_text(o, f->part ? f->part : f->kind);
	strbuf_addstr(o, "<br><span class=\"muted\">");
	html_text(o, f->makers);
	strbuf_addstr(o, "</span></td>");
}

/* identifier -> maker -> rule */
static void chain_cell(struct strbuf *o, const struct fleet_finding *f, bool varies)
{
	strbuf_addstr(o, "<td><ol class=\"chain\"><li>identifier: <code>");
	html_text(o, f->evidence ? f->evidence : "none stored");
	strbuf_addstr(o, "</code></li><li>maker: ");
	html_text(o, f->org_name ? f->org_name : f->makers);
	if (f->via && !strcmp(f->via, "chip_maker"))
		strbuf_addstr(o, " (maker of its chips)");
	if (f->relation) {
		strbuf_addstr(o, "; ");
		html_text(o, f->relation);
	}
	strbuf_addstr(o, "</li><li>rule <code>");
	html_text(o, f->rule_id);
	strbuf_addstr(o, "</code>: ");
	html_text(o, f->reason);
	if (varies)
		strbuf_addstr(o, " <span class=\"muted\">(so for the first host listed; the "
				 "others differ in when the part was made or acquired, given with "
				 "each)</span>");
	strbuf_addstr(o, "</li></ol></td>");
}

/* What would settle a finding under review.  Where the maker the rule names
 * is unknown, the place to read it (html_would_tell); where the evidence
 * names it (a Micron DRAM in a Kingston module, a Huawei card whose network
 * part is not declared), reading the part again tells nothing: the question
 * is the one the judge's reason leaves open. */
static const char *review_would_tell(const struct fleet_finding *f)
{
	bool chip = f->via && !strcmp(f->via, "chip_maker");
	if (!f->org || !strcmp(f->org, "unknown") || !f->evidence)
		return html_would_tell(f->kind, chip);
	return chip ? "not who made its chips, which the evidence names: what the reason leaves "
		      "open (whether the measure reaches chips inside another maker's part, the "
		      "part's use), from the measure's text, the operator's records or counsel"
		    : "not who made it, which the evidence names: what the reason leaves open (the "
		      "part of the network or the purpose it serves, when it was acquired, the "
		      "measure's reach), from the operator's records or counsel";
}

static void acquired_cell(struct strbuf *o, const struct fleet_finding *f)
{
	strbuf_addstr(o, "<td>");
	html_text(o, f->acquired ? f->acquired : "unknown");
	if (f->acquired_fact) {
		strbuf_addstr(o, "<br><span class=\"muted\">acquired ");
		html_text(o, f->acquired_fact);
		strbuf_addstr(o, "</span>");
	}
	strbuf_addstr(o, "</td>");
}

/* cols: header texts, "#..." for numbers; widths: percent, 0 for the rest */
static void table_head(struct strbuf *o, const char *const *cols, const int *widths, size_t n)
{
	strbuf_addstr(o, "<table class=\"data\"><colgroup>");
	for (size_t i = 0; i < n; i++)
		if (widths[i])
			strbuf_addf(o, "<col style=\"width:%d%%\">", widths[i]);
		else
			strbuf_addstr(o, "<col>");
	strbuf_addstr(o, "</colgroup><thead><tr>");
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(o, "<th scope=\"col\"");
		if (cols[i][0] == '#')
			strbuf_addstr(o, " class=\"n\"");
		strbuf_addch(o, '>');
		html_text(o, cols[i] + (cols[i][0] == '#'));
		strbuf_addstr(o, "</th>");
	}
	strbuf_addstr(o, "</tr></thead>");
}

static void rule_block(struct strbuf *o, const struct html_fleet_input *in, const char *id)
{
	const struct rule *ru = in->rs ? rule_find(in->rs, id) : NULL;
	char d[11];
	strbuf_addstr(o, "<div class=\"rule\" id=\"rule-");
	html_text(o, id);
	strbuf_addstr(o, "\"><h3>");
	html_text(o, id);
	if (ru) {
		strbuf_addstr(o, " — ");
		html_text(o, ru->title);
	}
	strbuf_addstr(o, "</h3>");
	if (!ru) {
		strbuf_addstr(o, "<p>This rule is not in the rule set loaded now; its findings are "
				 "as the screening run stored them.</p></div>");
		return;
	}
	strbuf_addstr(o, "<p>");
	html_text(o, ru->authority);
	strbuf_addstr(o, " (");
	html_text(o, ru->jurisdiction);
	strbuf_addstr(o, "), ");
	html_text(o, ru->instrument);
	strbuf_addf(o, "; in force since %s; %s.</p><p>Citation: ", day(ru->effective, d),
		    ru->confirmed ? "confirmed" : "not confirmed: it can only ask for review");
	struct strbuf cite = STRBUF_INIT;
	rule_citation(ru, &cite); /* with the provisions its restrictions cite */
	html_text(o, cite.buf);
	strbuf_release(&cite);
	if (ru->url) {
		strbuf_addstr(o, ". Source: <a href=\"");
		html_text(o, ru->url);
		strbuf_addstr(o, "\" rel=\"noreferrer\">");
		html_text(o, ru->url);
		strbuf_addstr(o, "</a>");
	}
	strbuf_addstr(o, "</p></div>");
}

static void finding_row(struct strbuf *o, const struct html_fleet_input *in,
			const struct html_groups *g, const struct html_group *x, bool tell)
{
	const struct fleet_finding *f = x->f;
	bool varies = mixed(in->r, g, x);
	char d[11];
	strbuf_addf(o, "<tbody class=\"g\"><tr><td data-sort=\"%d\">", (int)f->verdict);
	html_verdict(o, verdict_name(f->verdict));
	if (!f->binding)
		strbuf_addstr(o, "<br><span class=\"muted\">not binding</span>");
	strbuf_addstr(o, "</td>");
	part_cell(o, f);
	chain_cell(o, f, varies);
	if (tell) {
		strbuf_addstr(o, "<td>");
		html_text(o, review_would_tell(f));
		strbuf_addstr(o, "</td>");
	} else if (varies) {
		strbuf_addf(o, "<td>varies by host: listed with each</td><td>%s</td>",
			    day(f->deadline, d));
	} else {
		acquired_cell(o, f);
		strbuf_addf(o, "<td>%s</td>", day(f->deadline, d));
	}
	char b1[32], b2[32];
	strbuf_addf(o, "<td class=\"n\">%s</td><td class=\"n\">%s</td></tr>", html_num(x->n, b1),
		    html_num(x->components, b2));
	hosts_row(o, in->r, g, x, tell ? 6 : 7, varies);
	strbuf_addstr(o, "</tbody>");
}

static void binding(struct strbuf *o, const struct html_fleet_input *in,
		    const struct html_groups *g)
{
	static const char *const cols[] = {"Verdict",           "Part and maker", "Evidence chain",
					   "Acquisition basis", "Deadline",       "#Hosts",
					   "#Components"};
	static const int widths[] = {12, 17, 35, 10, 9, 7, 10};
	const char *rule = NULL;
	size_t n = 0;
	strbuf_addstr(o, "<section id=\"binding\"><h2>Binding findings, by rule</h2>");
	for (size_t i = 0; i < g->n; i++) {
		const struct html_group *x = &g->v[i];
		if (!html_group_binding(x))
			continue;
		if (!rule || strcmp(rule, x->f->rule_id)) {
			if (rule)
				strbuf_addstr(o, "</table>");
			rule = x->f->rule_id;
			rule_block(o, in, rule);
			table_head(o, cols, widths, 7);
		}
		finding_row(o, in, g, x, false);
		n++;
	}
	size_t review = 0;
	char nb[32];
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].f->binding && g->v[i].f->verdict == V_REVIEW)
			review += g->v[i].components;
	if (n)
		strbuf_addstr(o, "</table>");
	else if (review)
		/* a measure that binds may still restrict these parts: what the
		 * judge could not decide is under review, not cleared */
		strbuf_addf(o,
			    "<p>None decided: no part is found restricted (LICENSE or worse) by a "
			    "measure that binds this profile, but such measures have findings "
			    "under review on %s component%s (<a href=\"#review\">below</a>): "
			    "not cleared.</p>",
			    html_num(review, nb), review == 1 ? "" : "s");
	else
		strbuf_addstr(o, "<p>None: no measure that binds this profile restricts a part "
				 "identified in these hosts.</p>");
	strbuf_addstr(o, "</section>\n");
}

/* The hosts nothing was read from (REVIEW, fleet_report.nothing_read), with
 * the reason: none of their parts was judged. */
static void nothing_read(struct strbuf *o, const struct fleet_report *r)
{
	if (!r->nnothing_read)
		return;
	char b[32];
	strbuf_addf(o,
		    "<h3 id=\"nothing-read\">Hosts with nothing read</h3><p>%s hosts: "
		    "<b>" NOTHING_READ_STATUS "</b>, reviewed as ",
		    html_num(r->nnothing_read, b));
	html_verdict(o, verdict_name(V_REVIEW));
	strbuf_addstr(o, ", never cleared.</p><ul>");
	for (size_t i = 0; i < r->nnothing_read; i++) {
		const struct fleet_unread_host *u = &r->nothing_read[i];
		strbuf_addstr(o, "<li><b>");
		html_text(o, u->host_name);
		strbuf_addstr(o, "</b>");
		if (u->site) {
			strbuf_addstr(o, " @ ");
			html_text(o, u->site);
		}
		strbuf_addstr(o, ": ");
		html_text(o, u->reason);
		strbuf_addstr(o, "</li>");
	}
	strbuf_addstr(o, "</ul>");
}

static void review(struct strbuf *o, const struct html_fleet_input *in, const struct html_groups *g)
{
	static const char *const cols[] = {"Verdict",         "Part and maker", "Why",
					   "What would tell", "#Hosts",         "#Components"};
	static const int widths[] = {12, 18, 37, 16, 7, 10};
	size_t n = 0;
	strbuf_addstr(o, "<section id=\"review\"><h2>Needing review, and parts not "
			 "identified</h2><p>Not cleared: parts a binding measure could restrict "
			 "where chipscreen cannot decide, for a fact it could not read (who made "
			 "the part or its chips, where it sits in the network, when it was "
			 "bought) or a question the measure&#39;s wording leaves open; each row "
			 "says which.</p>"
			 "<h3>Findings needing review</h3>");
	for (size_t i = 0; i < g->n; i++) {
		const struct html_group *x = &g->v[i];
		if (x->f->verdict != V_REVIEW)
			continue;
		if (!n++)
			table_head(o, cols, widths, 6);
		finding_row(o, in, g, x, true);
	}
	strbuf_addstr(o, n ? "</table>" : "<p>None.</p>");
	nothing_read(o, in->r);
}

static int cmp_unident(const void *a, const void *b)
{
	const struct fleet_unident_part *x = *(const struct fleet_unident_part *const *)a;
	const struct fleet_unident_part *y = *(const struct fleet_unident_part *const *)b;
	if (x->components != y->components)
		return x->components > y->components ? -1 : 1;
	return x->part_id < y->part_id ? -1 : x->part_id > y->part_id;
}

static void unidentified(struct strbuf *o, const struct html_fleet_input *in)
{
	static const char *const cols[] = {
		"Part", "Kind", "Why not identified", "What would tell", "#Hosts", "#Components"};
	static const int widths[] = {20, 10, 29, 24, 7, 10};
	char b[32], b2[32];
	strbuf_addf(o,
		    "<h3>Parts not identified</h3><p>%s components: their maker, or the "
		    "maker of their chips, is unknown.</p>",
		    html_num(in->r->not_identified_components, b));
	if (!in->nunident) {
		strbuf_addstr(o, "</section>\n");
		return;
	}
	table_head(o, cols, widths, 6);
	strbuf_addstr(o, "<tbody>");
	const struct fleet_unident_part **v = xcalloc(in->nunident, sizeof *v);
	for (size_t i = 0; i < in->nunident; i++)
		v[i] = &in->unident[i];
	qsort(v, in->nunident, sizeof *v, cmp_unident);
	for (size_t i = 0; i < in->nunident; i++) {
		const struct fleet_unident_part *u = v[i];
		strbuf_addstr(o, "<tr><td>");
		html_text(o, u->part ? u->part : u->kind);
		strbuf_addstr(o, "<br><span class=\"muted\">");
		html_text(o, u->makers);
		if (u->first_host) {
			strbuf_addstr(o, "; e.g. on ");
			html_text(o, u->first_host);
		}
		strbuf_addstr(o, "</span></td><td>");
		html_text(o, u->kind);
		if (u->cls) {
			strbuf_addstr(o, " (");
			html_text(o, u->cls);
			strbuf_addstr(o, ")");
		}
		strbuf_addstr(o, "</td><td>");
		if (u->maker_reason) {
			strbuf_addstr(o, "maker: ");
			html_text(o, u->maker_reason);
		}
		if (u->chip_reason) {
			strbuf_addstr(o, u->maker_reason ? "<br>chip maker: " : "chip maker: ");
			html_text(o, u->chip_reason);
		}
		strbuf_addstr(o, "</td><td>");
		html_text(o, html_would_tell(u->kind, !u->maker_reason));
		strbuf_addf(o, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>",
			    html_num(u->hosts, b), html_num(u->components, b2));
	}
	free(v);
	strbuf_addstr(o, "</tbody></table></section>\n");
}

/* The exposure rows: a rule's groups on the same part (in any acquisition
 * context) merged, hosts counted once. */
struct xrow {
	const struct html_group *x;
	size_t pos; /* the group's position: rules stay in the report's order */
};

static int str_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_xrow(const void *a, const void *b)
{
	const struct xrow *p = a, *q = b;
	const struct fleet_finding *f = p->x->f, *g = q->x->f;
	int c = strcmp(f->rule_id, g->rule_id);
	if (c) /* groups come by rule: keep that order */
		return p->pos < q->pos ? -1 : 1;
	if ((c = (int)g->verdict - (int)f->verdict) || (c = str_cmp(f->part, g->part)) ||
	    (c = str_cmp(f->makers, g->makers)) || (c = str_cmp(f->kind, g->kind)))
		return c;
	return p->pos < q->pos ? -1 : p->pos > q->pos;
}

static bool same_row(const struct fleet_finding *f, const struct fleet_finding *g)
{
	return !strcmp(f->rule_id, g->rule_id) && f->verdict == g->verdict &&
	       !str_cmp(f->part, g->part) && !str_cmp(f->makers, g->makers) &&
	       !str_cmp(f->kind, g->kind);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Hosts of rows[from .. to), each counted once. */
static size_t distinct_hosts(const struct fleet_report *r, const struct html_groups *g,
			     const struct xrow *rows, size_t from, size_t to, size_t *comps)
{
	size_t n = 0, k = 0;
	*comps = 0;
	for (size_t i = from; i < to; i++) {
		n += rows[i].x->nfindings;
		*comps += rows[i].x->components;
	}
	if (to - from == 1)
		return rows[from].x->n;
	int64_t *h = xcalloc(n + 1, sizeof *h);
	for (size_t i = from; i < to; i++)
		for (size_t j = 0; j < rows[i].x->nfindings; j++)
			h[k++] = r->findings[g->order[rows[i].x->first + j]].host;
	qsort(h, k, sizeof *h, cmp_i64);
	n = 0;
	for (size_t i = 0; i < k; i++)
		n += !i || h[i] != h[i - 1];
	free(h);
	return n;
}

static void exposure_row(struct strbuf *o, const struct fleet_finding *f, size_t hosts,
			 size_t comps)
{
	strbuf_addstr(o, "<tr><td><code>");
	html_text(o, f->rule_id);
	strbuf_addf(o, "</code></td><td data-sort=\"%d\">", (int)f->verdict);
	html_verdict(o, verdict_name(f->verdict));
	strbuf_addstr(o, "</td>");
	part_cell(o, f);
	char b1[32], b2[32];
	strbuf_addf(o, "<td class=\"n\">%s</td><td class=\"n\">%s</td></tr>", html_num(hosts, b1),
		    html_num(comps, b2));
}

static void exposure(struct strbuf *o, const struct html_fleet_input *in,
		     const struct html_groups *g)
{
	static const char *const cols[] = {"Rule", "Verdict", "Part and maker", "#Hosts",
					   "#Components"};
	static const int widths[] = {24, 12, 47, 7, 10};
	struct xrow *rows = xcalloc(g->n + 1, sizeof *rows);
	size_t n = 0;
	for (size_t i = 0; i < g->n; i++)
		if (!html_group_binding(&g->v[i]) && g->v[i].f->verdict != V_REVIEW)
			rows[n++] = (struct xrow){&g->v[i], i};
	qsort(rows, n, sizeof *rows, cmp_xrow);
	strbuf_addstr(o,
		      "<section id=\"exposure\"><h2>For information: named, not restricted "
		      "here</h2><p>These measures name the maker, but restrict nothing for this "
		      "profile as of this date: they do not bind it, or they list the maker "
		      "without restricting purchase or use (the rules and whom they bind are in "
		      "the appendix). Counted per part; <code>chipscreen fleet --format csv</code> "
		      "lists every host.</p>");
	if (n)
		table_head(o, cols, widths, 5), strbuf_addstr(o, "<tbody>");
	for (size_t i = 0; i < n;) {
		size_t j = i + 1, comps;
		while (j < n && same_row(rows[i].x->f, rows[j].x->f))
			j++;
		size_t hosts = distinct_hosts(in->r, g, rows, i, j, &comps);
		exposure_row(o, rows[i].x->f, hosts, comps);
		i = j;
	}
	strbuf_addstr(o, n ? "</tbody></table>" : "<p>None.</p>");
	strbuf_addstr(o, "</section>\n");
	free(rows);
}

void html_findings(struct strbuf *o, const struct html_fleet_input *in, const struct html_groups *g)
{
	binding(o, in, g);
	review(o, in, g);
	unidentified(o, in);
	exposure(o, in, g);
}

/* ---------------------------------------------------------------------- */
/* Appendix                                                                */

static void strlist_text(struct strbuf *o, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strbuf_addstr(o, ", ");
		html_text(o, l->v[i]);
	}
}

/* A rule without a scope of its own: its parties' classes, each once. */
static void party_scopes(struct strbuf *o, const struct rule *ru)
{
	size_t n = 0;
	strbuf_addstr(o, "per party: ");
	for (size_t i = 0; i < ru->nparties; i++)
		for (size_t k = 0; k < ru->parties[i].scope.n; k++) {
			const char *c = ru->parties[i].scope.v[k];
			bool seen = false;
			for (size_t j = 0; j <= i && !seen; j++)
				for (size_t m = 0; m < ru->parties[j].scope.n && !seen; m++)
					seen = (j < i || m < k) &&
					       !strcmp(ru->parties[j].scope.v[m], c);
			if (!seen) {
				strbuf_addstr(o, n++ ? ", " : "");
				html_text(o, c);
			}
		}
}

static void rules_applied(struct strbuf *o, const struct html_fleet_input *in)
{
	static const char *const cols[] = {
		"Rule",   "Title and authority", "Citation", "Effective", "Scope", "Status",
		"Version"};
	static const int widths[] = {13, 21, 27, 11, 10, 9, 9};
	char d[11];
	strbuf_addstr(o, "<h3 id=\"rules\">Rules applied</h3>");
	if (!in->rs || !in->rs->nrules) {
		strbuf_addstr(o, "<p>No rule set loaded.</p>");
		return;
	}
	table_head(o, cols, widths, 7);
	strbuf_addstr(o, "<tbody>");
	for (size_t i = 0; i < in->rs->nrules; i++) {
		const struct rule *ru = &in->rs->rules[i];
		strbuf_addstr(o, "<tr><td><code>");
		html_text(o, ru->id);
		strbuf_addstr(o, "</code></td><td>");
		html_text(o, ru->title);
		strbuf_addstr(o, "<br><span class=\"muted\">");
		html_text(o, ru->authority);
		strbuf_addstr(o, "</span></td><td>");
		struct strbuf cite = STRBUF_INIT;
		rule_citation(ru, &cite);
		html_text(o, cite.buf);
		strbuf_release(&cite);
		if (ru->url) {
			strbuf_addstr(o, "<br><a href=\"");
			html_text(o, ru->url);
			strbuf_addstr(o, "\" rel=\"noreferrer\"><code>");
			html_text(o, ru->url);
			strbuf_addstr(o, "</code></a>");
		}
		strbuf_addf(o, "</td><td class=\"d\">%s</td><td>", day(ru->effective, d));
		if (ru->scope.n)
			strlist_text(o, &ru->scope);
		else
			party_scopes(o, ru);
		strbuf_addf(o, "</td><td>%s</td><td><code>",
			    ru->confirmed ? "confirmed" : "not confirmed");
		html_text(o, ru->version);
		strbuf_addstr(o, "</code></td></tr>");
	}
	strbuf_addstr(o, "</tbody></table>");
}

static const char out_of_scope[] =
	"<h3>Out of scope</h3><ul>"
	"<li>Parts the operating system does not show (chips on boards, firmware-only devices), "
	"and hosts not imported into the store.</li>"
	"<li>Caps on a share of a network (a fleet-wide question the rules record but do not "
	"judge per part), and what an operator supplies to others.</li>"
	"<li>Measures not in the rule set listed above; rules marked not confirmed only ask for "
	"review.</li>"
	"<li>Legal advice: the report says which measure names which part and why; whether an "
	"exception or a licence applies is for counsel.</li></ul>";

void html_appendix(struct strbuf *o, const struct html_fleet_input *in)
{
	strbuf_addstr(o, "<section id=\"appendix\"><h2>Appendix</h2>");
	rules_applied(o, in);
	strbuf_addstr(o, out_of_scope);
	/* the sections given with --screen and --orders, and what is not */
	strbuf_addstr(o, "<p>Name screening of suppliers and customers (<code>chipscreen "
			 "screen-names</code>): ");
	strbuf_addstr(o, in->screen ? "shown for the one file named on the cover, as it was "
				      "screened; names not in it were not screened."
				    : "not part of this report (<code>--screen</code>).");
	strbuf_addstr(o, " Export licensing of shipments (<code>chipscreen export-check</code>): ");
	strbuf_addstr(o, in->exp ? "shown for the order lines of the file named on the cover "
				   "only."
				 : "not part of this report (<code>--orders</code>).");
	strbuf_addstr(o, "</p>");
	strbuf_addstr(o, "<h3>How to reproduce this report</h3><pre><code>");
	html_text(o, in->command);
	strbuf_addstr(o, "</code></pre><p>With the same store, rule set and lists the findings "
			 "are the same (the verdicts fingerprint on the cover says so); the "
			 "generation time differs.</p><h3>How to check the digest</h3><p>The "
			 "SHA-256 on the cover is of the bytes between the lines "
			 "<code>&lt;!-- chipscreen-data-begin --&gt;</code> and <code>&lt;!-- "
			 "chipscreen-data-end --&gt;</code> of this file, those lines excluded:</p>"
			 "<pre><code>sed -n '/^&lt;!-- chipscreen-data-begin --&gt;$/,/^&lt;!-- "
			 "chipscreen-data-end --&gt;$/{//!p}' report.html | sha256sum</code></pre>"
			 "</section>\n");
}
