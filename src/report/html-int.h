/*
 * html-int.h — what the parts of the fleet report share (html-fleet.c,
 * html-charts.c, html-findings.c): the findings in groups.
 *
 * A group is the findings of one rule on one unit with one verdict: the same
 * finding on every host that holds the unit; html_groups_merge then joins
 * the groups a reader could not tell apart (same part, reason, evidence,
 * acquisition and deadline, from units that differ in facts not shown).
 * order[first .. first + nfindings) are its findings' indices in
 * r->findings, in host name order (a host holding two such units has two
 * findings side by side); n counts hosts.
 */
#ifndef REPORT_HTML_INT_H
#define REPORT_HTML_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "report/html.h"

struct fleet_finding;

struct html_group {
	size_t first, n;               /* n: hosts (one finding per host, unit and rule) */
	size_t components;             /* purchase quantities counted */
	const struct fleet_finding *f; /* the first: rule, part, verdict, reason */
	size_t nfindings;              /* order[first .. first + nfindings) */
};

struct html_groups {
	size_t *order;
	struct html_group *v; /* by rule (most severe rule first), verdict, unit */
	size_t n;
};

void html_groups_build(struct html_groups *g, const struct fleet_report *r);
void html_groups_merge(struct html_groups *g, const struct fleet_report *r);
void html_groups_free(struct html_groups *g);
/* Binding and restricting (LICENSE or worse): the findings the report lists per rule. */
bool html_group_binding(const struct html_group *x);

void html_charts(struct strbuf *o, const struct html_fleet_input *in, const struct html_groups *g);
void html_findings(struct strbuf *o, const struct html_fleet_input *in,
		   const struct html_groups *g);
void html_appendix(struct strbuf *o, const struct html_fleet_input *in);

/* The sections of report --screen (html-screen.c) and --orders (html-export.c);
 * nothing when NULL. */
void html_screen_summary(struct strbuf *o, const struct html_screen *s);
void html_screen_section(struct strbuf *o, const struct html_screen *s);
void html_export_summary(struct strbuf *o, const struct html_export *x);
void html_export_section(struct strbuf *o, const struct html_export *x);

/* What would tell the maker of a part of this kind, in a sentence. */
const char *html_would_tell(const char *kind, bool chip);

#endif
