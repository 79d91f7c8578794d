/*
 * html-scan.c — `scan --format html`: one host's scan as a self-contained
 * HTML document, the same page frame, escaping and digest as the fleet
 * report (html-page.c): the cover (host, profile, date, rule set, digest),
 * the findings most severe first with their evidence chain, citation and
 * source, the components not identified with why and what would tell, what
 * could not be read, and every component with its status.
 */
#include "report/html-int.h"
#include "report/scan-common.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0.0.0"
#endif

static void row2(struct strbuf *o, const char *k, const char *v)
{
	if (!v)
		return;
	strbuf_addf(o, "<dt>%s</dt><dd>", k);
	html_text(o, v);
	strbuf_addstr(o, "</dd>");
}

static void th_row(struct strbuf *o, const char *const *cols, const int *widths, size_t n)
{
	strbuf_addstr(o, "<table class=\"data\"><colgroup>");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(o, "<col style=\"width:%d%%\">", widths[i]);
	strbuf_addstr(o, "</colgroup><thead><tr>");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(o, "<th scope=\"col\">%s</th>", cols[i]);
	strbuf_addstr(o, "</tr></thead><tbody>");
}

static void evidence_chain(struct strbuf *o, const struct finding *f)
{
	const struct maker *m = finding_maker(f);
	strbuf_addstr(o, "<ol class=\"chain\">");
	for (size_t i = 0; m && i < m->nev; i++) {
		struct strbuf e = STRBUF_INIT;
		evidence_text(&e, &m->ev[i]);
		strbuf_addstr(o, "<li>identifier: <code>");
		html_text(o, e.buf);
		strbuf_addstr(o, "</code></li>");
		strbuf_release(&e);
	}
	strbuf_addstr(o, "<li>maker: ");
	html_text(o, f->org_name ? f->org_name : m ? m->name : NULL);
	if (finding_via_chip(f))
		strbuf_addstr(o, " (maker of its chips)");
	if (f->relation) {
		strbuf_addstr(o, "; ");
		html_text(o, f->relation);
	}
	strbuf_addstr(o, "</li><li>rule <code>");
	html_text(o, f->rule_id);
	strbuf_addstr(o, "</code>: ");
	html_text(o, f->reason);
	strbuf_addstr(o, "</li></ol>");
}

static void finding_row(struct strbuf *o, const struct finding *f)
{
	struct strbuf d = STRBUF_INIT;
	char day[11];
	strbuf_addf(o, "<tr><td data-sort=\"%d\">", (int)f->verdict);
	html_verdict(o, verdict_name(f->verdict));
	if (!f->binding)
		strbuf_addstr(o, "<br><span class=\"muted\">not binding</span>");
	strbuf_addstr(o, "</td><td><code>");
	html_text(o, f->comp ? f->comp->id : NULL);
	strbuf_addstr(o, "</code><br>");
	if (f->comp)
		comp_describe(&d, f->comp);
	html_text(o, d.buf);
	strbuf_addstr(o, "</td><td>");
	evidence_chain(o, f);
	strbuf_addstr(o, "</td><td>");
	html_text(o, f->rule_title);
	strbuf_addstr(o, "<br><span class=\"muted\">");
	html_text(o, f->citation);
	strbuf_addstr(o, "</span>");
	if (f->url) {
		strbuf_addstr(o, "<br><a href=\"");
		html_text(o, f->url);
		strbuf_addstr(o, "\" rel=\"noreferrer\">source</a>");
	}
	strbuf_addstr(o, "</td><td>");
	html_text(o, f->acquired);
	strbuf_addf(o, "</td><td>%s</td></tr>", f->deadline ? date_format(f->deadline, day) : "—");
	strbuf_release(&d);
}

static void findings(struct strbuf *o, const struct scan_result *r)
{
	static const char *const cols[] = {"Verdict",           "Component",
					   "Evidence chain",    "Rule and citation",
					   "Acquisition basis", "Deadline"};
	static const int widths[] = {12, 16, 38, 18, 9, 7};
	size_t *idx = scan_sorted_findings(r);
	strbuf_addstr(o, "<section id=\"findings\"><h2>Findings</h2>");
	if (!r->nfindings)
		strbuf_addstr(o, "<p>No rule names a maker identified on this host.</p>");
	else
		th_row(o, cols, widths, 6);
	for (size_t i = 0; i < r->nfindings; i++)
		finding_row(o, &r->findings[idx[i]]);
	if (r->nfindings)
		strbuf_addstr(o, "</tbody></table>");
	strbuf_addstr(o, "</section>\n");
	free(idx);
}

static void components(struct strbuf *o, const struct scan_result *r, const int *worst)
{
	static const char *const cols[] = {"Status", "Component", "Makers", "Why not identified",
					   "What would tell"};
	static const int widths[] = {14, 26, 20, 22, 18};
	strbuf_addstr(o, "<section id=\"components\"><h2>Components</h2>");
	th_row(o, cols, widths, 5);
	for (size_t i = 0; i < r->inv->ncomps; i++) {
		const struct component *c = &r->inv->comps[i];
		struct strbuf t = STRBUF_INIT;
		strbuf_addstr(o, "<tr><td>");
		html_verdict(o, comp_status(c, worst[i]));
		strbuf_addstr(o, "</td><td><code>");
		html_text(o, c->id);
		strbuf_addstr(o, "</code><br>");
		comp_describe(&t, c);
		html_text(o, t.buf);
		strbuf_reset(&t);
		strbuf_addstr(o, "</td><td>");
		comp_makers(&t, c);
		html_text(o, t.buf);
		strbuf_reset(&t);
		strbuf_addstr(o, "</td><td>");
		bool known = comp_identified(c);
		if (!known) {
			comp_unknown_reason(&t, c);
			html_text(o, t.buf);
		}
		strbuf_addstr(o, "</td><td>");
		if (!known)
			html_text(o, html_would_tell(kind_name(c->kind),
						     c->attr && c->attr->maker.org));
		strbuf_addstr(o, "</td></tr>");
		strbuf_release(&t);
	}
	strbuf_addstr(o, "</tbody></table></section>\n");
}

static void notes(struct strbuf *o, const char *title, const struct note *n, size_t cnt)
{
	if (!cnt)
		return;
	strbuf_addf(o, "<h3>%s</h3><ul>", title);
	for (size_t i = 0; i < cnt; i++) {
		struct strbuf t = STRBUF_INIT;
		note_text(&t, &n[i]);
		strbuf_addstr(o, "<li>");
		html_text(o, t.buf);
		strbuf_addstr(o, "</li>");
		strbuf_release(&t);
	}
	strbuf_addstr(o, "</ul>");
}

static void summary(struct strbuf *o, const struct scan_result *r)
{
	struct scan_summary s;
	scan_summarize(r, &s);
	strbuf_addstr(o, "<section class=\"first\" id=\"summary\"><h2>Summary</h2>"
			 "<div class=\"cards\">");
	strbuf_addf(o, "<div class=\"card\"><b>%zu</b><span>components</span></div>", s.ncomps);
	strbuf_addf(o, "<div class=\"card\"><b>%zu</b><span>with findings</span></div>",
		    s.with_findings);
	strbuf_addf(o, "<div class=\"card\"><b>%zu</b><span>not identified</span></div></div>",
		    s.not_identified);
	strbuf_addstr(o, "<table><thead><tr><th scope=\"col\">Verdict</th><th scope=\"col\" "
			 "class=\"n\">Findings</th></tr></thead><tbody>");
	for (int v = V_PROHIBITED; v >= V_INFO; v--) {
		strbuf_addstr(o, "<tr><th scope=\"row\">");
		html_verdict(o, verdict_name((enum verdict)v));
		strbuf_addf(o, "</th><td class=\"n\">%zu</td></tr>", s.verdicts[v]);
	}
	strbuf_addstr(o, "</tbody></table>");
	notes(o, "Not read", r->inv->unread, r->inv->nunread);
	notes(o, "Warnings about the input", r->inv->warnings, r->inv->nwarnings);
	strbuf_addstr(o, "</section>\n");
}

static void cover(struct strbuf *o, const struct scan_result *r, const char *digest)
{
	const struct host *h = &r->inv->host;
	char d[11], at[32];
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	strbuf_addstr(o, "<header class=\"cover\"><h1>Restricted hardware: host screening</h1>"
			 "<p class=\"lead\">");
	html_text(o, h->hostname ? h->hostname : "(host without a name)");
	strbuf_addstr(o, "</p><dl>");
	row2(o, "Host", h->hostname);
	row2(o, "System maker", h->vendor);
	row2(o, "Product", h->product);
	row2(o, "Serial number", h->serial);
	row2(o, "UUID", h->uuid);
	row2(o, "Collected at", h->collected_at);
	row2(o, "Collected by", h->collector);
	row2(o, "Profile", r->profile ? r->profile : "none (exposure view: every match is INFO)");
	row2(o, "As of", r->date ? date_format(r->date, d) : NULL);
	row2(o, "Generated at", at);
	row2(o, "chipscreen", "version " CHIPSCREEN_VERSION);
	row2(o, "Rule set", r->ruleset_version);
	strbuf_addf(o,
		    "<dt>SHA-256 of the data shown</dt><dd><code id=\"digest\">%s</code> "
		    "<span class=\"muted\">(of everything below the cover; doc/report.md)"
		    "</span></dd></dl></header>\n",
		    digest);
}

int report_scan_html(const struct scan_result *r, FILE *out)
{
	struct strbuf page = STRBUF_INIT, body = STRBUF_INIT;
	char digest[65];
	int *worst = scan_worst_by_comp(r);
	summary(&body, r);
	findings(&body, r);
	components(&body, r, worst);
	html_digest(body.buf, body.len, digest);
	struct strbuf title = STRBUF_INIT;
	strbuf_addstr(&title, "chipscreen scan: ");
	strbuf_addstr(&title, r->inv->host.hostname ? r->inv->host.hostname : "host");
	html_page_begin(&page, title.buf, NULL);
	cover(&page, r, digest);
	strbuf_addstr(&page, HTML_DATA_BEGIN);
	strbuf_add(&page, body.buf, body.len);
	strbuf_addstr(&page, HTML_DATA_END);
	html_page_end(&page);
	int rc = fwrite(page.buf, 1, page.len, out) == page.len ? 0 : -1;
	strbuf_release(&page);
	strbuf_release(&body);
	strbuf_release(&title);
	free(worst);
	return rc;
}
