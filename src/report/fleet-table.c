/*
 * fleet-table.c — the fleet and the rescreen for a person.
 *
 * The fleet: a header (profile, date, run, counts), one line per rule with
 * findings (worst verdict, hosts and components affected, of those bound,
 * the next deadline and the next date the rule's restrictions start or end),
 * then each host with its findings: verdict, rule, part and how many, the
 * component ids, and the reason.
 *
 * The rescreen: what the run compared, then per rule the changes — new,
 * cleared, verdict changed, deadline moved — each with the old and new rule
 * versions, the part, and how many hosts and components it concerns now.
 *
 * Host names, part names and ids come from hardware: they go through
 * display_safe_add so they cannot move the cursor or reorder the line.
 */
#include "report/report.h"
#include "report/scan-common.h"
#include "store/fleet.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static void safe(struct strbuf *sb, const char *s)
{
	display_safe_add(sb, s ? s : "");
}

static const char *day(day_t d, char *buf)
{
	const char *s = day_or_null(d, buf);
	return s ? s : "-";
}

static const char *short_version(const char *v, char *buf)
{
	if (!v)
		return "(none)";
	snprintf(buf, 13, "%.12s", v);
	return buf;
}

static void rule_lines(struct strbuf *sb, const struct fleet_rule_sum *rules, size_t n)
{
	char d1[11], d2[11];
	strbuf_addf(sb, "%-30s %-15s %7s %10s %8s  %s\n", "RULE", "WORST", "HOSTS", "COMPONENTS",
		    "BINDING", "NEXT DEADLINE");
	for (size_t i = 0; i < n; i++) {
		const struct fleet_rule_sum *s = &rules[i];
		strbuf_addf(sb, "%-30s %-15s %7zu %10zu %8zu  %s", s->rule_id,
			    s->worst >= 0 ? verdict_name((enum verdict)s->worst) : "-", s->hosts,
			    s->components, s->binding_components, day(s->next_deadline, d1));
		if (s->next_deadline)
			strbuf_addf(sb, " (%zu components)", s->next_deadline_components);
		strbuf_addch(sb, '\n');
		if (s->title)
			strbuf_addf(sb, "    %s\n", s->title);
		if (s->upcoming)
			strbuf_addf(sb, "    next: %s %s\n", day(s->upcoming, d2),
				    s->upcoming_what);
	}
}

static void ids_line(struct strbuf *sb, const char *ids)
{
	size_t shown = 0, total = 0;
	for (const char *p = ids; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (shown < 8) {
			struct strbuf one = STRBUF_INIT;
			strbuf_add(&one, p, n);
			strbuf_addstr(sb, shown ? ", " : "");
			safe(sb, one.buf);
			strbuf_release(&one);
			shown++;
		}
		total++;
		p = nl ? nl + 1 : p + n;
	}
	if (total > shown)
		strbuf_addf(sb, ", ... (%zu in all)", total);
}

static void host_findings(struct strbuf *sb, const struct fleet_report *r)
{
	char d1[11];
	int64_t host = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct fleet_finding *f = &r->findings[i];
		if (!i || f->host != host) {
			host = f->host;
			strbuf_addch(sb, '\n');
			safe(sb, f->host_name);
			strbuf_addstr(sb, " (");
			safe(sb, f->host_key);
			if (f->site) {
				strbuf_addstr(sb, ", site ");
				safe(sb, f->site);
			}
			strbuf_addstr(sb, ")\n");
		}
		strbuf_addf(sb, "  %-15s %s  ", verdict_name(f->verdict), f->rule_id);
		safe(sb, f->part ? f->part : f->kind);
		strbuf_addf(sb, " x%zu", f->count);
		if (f->verdict == V_INFO) {
			/* as scan does: INFO (binds nobody here) is one line */
			strbuf_addch(sb, '\n');
			continue;
		}
		if (f->deadline)
			strbuf_addf(sb, "  by %s", day(f->deadline, d1));
		if (!f->binding && f->verdict >= V_REVIEW)
			strbuf_addstr(sb, "  (not binding)");
		strbuf_addstr(sb, "\n      ");
		ids_line(sb, f->ids);
		if (f->makers) {
			strbuf_addstr(sb, "; ");
			safe(sb, f->makers);
		}
		strbuf_addstr(sb, "\n      ");
		safe(sb, f->reason);
		strbuf_addch(sb, '\n');
	}
}


/* NOT-IDENTIFIED parts, by host: "    2 × dimm M393A...: chip maker: ..." */
static void unidentified_lines(struct strbuf *sb, const struct fleet_report *r)
{
	const char *host = NULL;
	for (size_t i = 0; i < r->nunidentified; i++) {
		const struct fleet_unidentified *u = &r->unidentified[i];
		if (!host || strcmp(host, u->host_name ? u->host_name : "")) {
			host = u->host_name ? u->host_name : "";
			strbuf_addstr(sb, "  ");
			safe(sb, host);
			if (u->site) {
				strbuf_addstr(sb, " @ ");
				safe(sb, u->site);
			}
			strbuf_addch(sb, '\n');
		}
		strbuf_addstr(sb, "    ");
		if (u->count > 1)
			strbuf_addf(sb, "%zu \xc3\x97 ", u->count);
		/* the part and the reason (which quotes field values) come from
		 * hardware, as host names do */
		safe(sb, u->part ? u->part : u->kind ? u->kind : "part");
		strbuf_addstr(sb, ": ");
		safe(sb, u->reason);
		strbuf_addch(sb, '\n');
	}
}
/* "1 host", "2 hosts": the plural of a count */
#define S(n) ((n) == 1 ? "" : "s")

/* The hosts nothing was read from, each with the reason: REVIEW, not clear. */
static void nothing_read_lines(struct strbuf *sb, const struct fleet_report *r)
{
	if (!r->nnothing_read)
		return;
	strbuf_addf(sb,
		    "\n%zu host%s %s nothing read (" NOTHING_READ_STATUS ", REVIEW): not "
		    "cleared.\n",
		    r->nnothing_read, S(r->nnothing_read), r->nnothing_read == 1 ? "has" : "have");
	for (size_t i = 0; i < r->nnothing_read; i++) {
		const struct fleet_unread_host *u = &r->nothing_read[i];
		strbuf_addstr(sb, "  ");
		safe(sb, u->host_name ? u->host_name : "");
		if (u->site) {
			strbuf_addstr(sb, " @ ");
			safe(sb, u->site);
		}
		strbuf_addstr(sb, "\n      ");
		safe(sb, u->reason);
		strbuf_addch(sb, '\n');
	}
}

/* the fleet's totals, the second line of the table and of the summary */
/* "filter: site=Leeds tag=prod host=db1": the hosts counted, fleet's and
 * rescreen's, so a filtered output is not read as the fleet's. */
static void filter_line(struct strbuf *sb, const struct fleet_filter *flt)
{
	if (!flt || !(flt->nsites || flt->ntags || flt->nhosts))
		return;
	strbuf_addstr(sb, "filter:");
	for (size_t i = 0; i < flt->nsites; i++)
		strbuf_addf(sb, " site=%s", flt->sites[i]);
	for (size_t i = 0; i < flt->ntags; i++)
		strbuf_addf(sb, " tag=%s", flt->tags[i]);
	for (size_t i = 0; i < flt->nhosts; i++)
		strbuf_addf(sb, " host=%s", flt->hosts[i]);
	strbuf_addch(sb, '\n');
}

static void totals_line(struct strbuf *sb, const struct fleet_report *r)
{
	strbuf_addf(sb,
		    "%zu host%s, %zu component%s; %zu host%s and %zu component%s with findings; "
		    "%zu component%s not identified\n",
		    r->hosts, S(r->hosts), r->components, S(r->components), r->hosts_with_findings,
		    S(r->hosts_with_findings), r->components_with_findings,
		    S(r->components_with_findings), r->not_identified_components,
		    S(r->not_identified_components));
}


int report_fleet_table(const struct fleet_report *r, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	char d[11];
	strbuf_addf(&sb, "chipscreen fleet: %s, as of %s (run %lld, rule set %s)\n",
		    r->profile ? r->profile : "no profile (exposure view: every match is INFO)",
		    day(r->date, d), (long long)r->run, r->ruleset ? r->ruleset : "?");
	filter_line(&sb, r->filter);
	totals_line(&sb, r);
	if (r->nrules) {
		strbuf_addch(&sb, '\n');
		rule_lines(&sb, r->rules, r->nrules);
	} else if (r->hosts) {
		strbuf_addstr(&sb, "\nNo rule names the makers identified in this fleet.\n");
	}
	if (r->nfindings) {
		strbuf_addstr(&sb, "\nFINDINGS BY HOST\n");
		host_findings(&sb, r);
	}
	if (r->not_identified_components) {
		strbuf_addf(&sb,
			    "\n%zu components are NOT-IDENTIFIED: their maker (or chip maker) is "
			    "unknown, so they are not cleared.\n",
			    r->not_identified_components);
		unidentified_lines(&sb, r);
	}
	nothing_read_lines(&sb, r);
	int rc = fwrite(sb.buf, 1, sb.len, out) == sb.len ? 0 : -1;
	strbuf_release(&sb);
	return rc;
}

static const char *verdict_or_none(int v)
{
	return v >= 0 ? verdict_name((enum verdict)v) : "none";
}

static void change_line(struct strbuf *sb, const struct fleet_change *x)
{
	char d1[11], d2[11], v1[13], v2[13];
	strbuf_addf(sb, "  %-8s ", fleet_change_name(x->type));
	switch (x->type) {
	case CHANGE_NEW:
		strbuf_addf(sb, "%s", verdict_name((enum verdict)x->new_verdict));
		break;
	case CHANGE_CLEARED:
		strbuf_addf(sb, "was %s", verdict_or_none(x->old_verdict));
		break;
	case CHANGE_VERDICT:
		strbuf_addf(sb, "%s%s -> %s%s", verdict_or_none(x->old_verdict),
			    x->old_binding ? "" : " (not binding)", verdict_or_none(x->new_verdict),
			    x->new_binding ? "" : " (not binding)");
		break;
	case CHANGE_DEADLINE:
		strbuf_addf(sb, "%s deadline %s -> %s", verdict_or_none(x->new_verdict),
			    day(x->old_deadline, d1), day(x->new_deadline, d2));
		break;
	}
	strbuf_addstr(sb, "  ");
	safe(sb, x->part ? x->part : x->kind);
	if (x->makers) {
		strbuf_addstr(sb, " (");
		safe(sb, x->makers);
		strbuf_addch(sb, ')');
	}
	strbuf_addf(sb, ": %zu component%s on %zu host%s%s\n", x->components, S(x->components),
		    x->hosts, S(x->hosts), x->new_unit ? " (newly imported)" : "");
	strbuf_addf(sb, "           rule version %s -> %s\n", short_version(x->old_version, v1),
		    short_version(x->new_version, v2));
	if (x->reason) {
		strbuf_addstr(sb, "           ");
		safe(sb, x->reason);
		strbuf_addch(sb, '\n');
	}
}

int report_rescreen_table(const struct fleet_changes *c, const struct fleet_run *run, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	char d1[11], d2[11];
	strbuf_addf(&sb, "chipscreen rescreen: %s, as of %s\n",
		    c->profile ? c->profile : "no profile (exposure view)", day(c->new_date, d1));
	filter_line(&sb, c->filter);
	if (c->old_run)
		strbuf_addf(
			&sb,
			"compared: run %lld (as of %s, rule set %s) -> run %lld (rule set %s)\n",
			(long long)c->old_run, day(c->old_date, d2),
			c->old_ruleset ? c->old_ruleset : "?", (long long)c->new_run,
			c->new_ruleset ? c->new_ruleset : "?");
	else
		/* a run as of another date than today (--date) is never compared
		 * with, so this need not be the profile's first run */
		strbuf_addf(&sb,
			    "no earlier run of this profile as of today to compare with: run %lld "
			    "(rule set %s); every finding is new\n",
			    (long long)c->new_run, c->new_ruleset ? c->new_ruleset : "?");
	if (run) {
		if (!strcmp(run->mode, "reused") && !c->old_run)
			strbuf_addf(&sb, "run %lld reused: no rule, list or part changed since it "
					 "was recorded\n",
				    (long long)c->new_run);
		else if (!strcmp(run->mode, "reused"))
			strbuf_addstr(&sb, "nothing changed since that run: no rule, list or part "
					   "to judge again\n");
		else
			strbuf_addf(&sb,
				    "%s run: %zu of %zu distinct parts judged, %zu rules "
				    "changed%s%s%s\n",
				    run->mode, run->units_judged, run->units_total,
				    run->rules_changed, run->why_full[0] ? " (full: " : "",
				    run->why_full, run->why_full[0] ? ")" : "");
	}
	for (size_t i = 0; i < c->nsources; i++)
		strbuf_addf(&sb, "source %s\n", c->sources[i]);
	strbuf_addf(&sb, "%zu new, %zu cleared, %zu verdicts changed, %zu deadlines moved\n",
		    c->count[CHANGE_NEW], c->count[CHANGE_CLEARED], c->count[CHANGE_VERDICT],
		    c->count[CHANGE_DEADLINE]);
	for (size_t i = 0; i < c->n; i++) {
		const struct fleet_change *x = &c->v[i];
		if (!i || strcmp(x->rule_id, c->v[i - 1].rule_id)) {
			strbuf_addf(&sb, "\n%s", x->rule_id);
			if (x->rule_title)
				strbuf_addf(&sb, "  %s", x->rule_title);
			strbuf_addch(&sb, '\n');
		}
		change_line(&sb, x);
	}
	if (c->nrules) {
		strbuf_addstr(&sb, "\nTotals now, for the rules with changes:\n");
		rule_lines(&sb, c->rules, c->nrules);
	}
	int rc = fwrite(sb.buf, 1, sb.len, out) == sb.len ? 0 : -1;
	strbuf_release(&sb);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* fleet --summary                                                         */

struct tally {
	const char *name;
	size_t hosts, components;
	int worst;
	int64_t last_host;
};

static struct tally *tally_get(struct tally **v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].name, name))
			return &(*v)[i];
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n] = (struct tally){name, 0, 0, -1, 0};
	return &(*v)[(*n)++];
}

static void tally_add(struct tally *t, const struct fleet_finding *f)
{
	if (t->last_host != f->host) {
		t->hosts++;
		t->last_host = f->host;
	}
	t->components += f->count;
	if ((int)f->verdict > t->worst)
		t->worst = (int)f->verdict;
}

static int by_worst(const void *x, const void *y)
{
	const struct tally *a = x, *b = y;
	if (a->worst != b->worst)
		return b->worst - a->worst;
	return a->components < b->components ? 1 : a->components > b->components ? -1 : 0;
}

static void tally_lines(struct strbuf *sb, const char *what, struct tally *v, size_t n)
{
	qsort(v, n, sizeof *v, by_worst);
	strbuf_addf(sb, "\n%-40s %-15s %7s %10s\n", what, "WORST", "HOSTS", "COMPONENTS");
	for (size_t i = 0; i < n; i++) {
		struct strbuf name = STRBUF_INIT;
		safe(&name, v[i].name);
		strbuf_addf(sb, "%-40s %-15s %7zu %10zu\n", name.buf,
			    verdict_name((enum verdict)v[i].worst), v[i].hosts, v[i].components);
		strbuf_release(&name);
	}
}

/*
 * The fleet in a page: the header and the rules, then per site and per
 * maker the hosts and components with findings of REVIEW and above, and the
 * next deadlines; no per-host listing (fleet without --summary has it).
 */
int report_fleet_summary(const struct fleet_report *r, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct tally *sites = NULL, *makers = NULL;
	size_t nsites = 0, nmakers = 0;
	char d1[11];
	strbuf_addf(&sb, "chipscreen fleet summary: %s, as of %s (run %lld)\n",
		    r->profile ? r->profile : "no profile (exposure view)", day(r->date, d1),
		    (long long)r->run);
	totals_line(&sb, r);
	nothing_read_lines(&sb, r);
	/* the rules that bind (REVIEW and above); the INFO ones in one line, as
	 * scan collapses them: other jurisdictions' measures, exports, listings */
	size_t nbind = 0, ninfo = 0;
	for (size_t i = 0; i < r->nrules; i++)
		nbind += r->rules[i].worst >= V_REVIEW;
	struct fleet_rule_sum *bind = xcalloc(nbind + 1, sizeof *bind);
	nbind = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		if (r->rules[i].worst >= V_REVIEW)
			bind[nbind++] = r->rules[i];
		else
			ninfo++;
	}
	if (nbind) {
		strbuf_addch(&sb, '\n');
		rule_lines(&sb, bind, nbind);
	}
	if (ninfo)
		strbuf_addf(&sb,
			    "\n%zu more rules name makers in this fleet but bind nobody here "
			    "(INFO: other jurisdictions' measures, export rules, listings)\n",
			    ninfo);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct fleet_finding *f = &r->findings[i];
		if (f->verdict < V_REVIEW)
			continue;
		tally_add(tally_get(&sites, &nsites, f->site ? f->site : "(no site)"), f);
		tally_add(tally_get(&makers, &nmakers, f->org_name ? f->org_name : "(unknown)"), f);
	}
	if (nsites)
		tally_lines(&sb, "SITE", sites, nsites);
	if (nmakers)
		tally_lines(&sb, "MAKER NAMED", makers, nmakers);
	bool any = false;
	for (size_t i = 0; i < nbind; i++)
		if (bind[i].next_deadline || bind[i].upcoming) {
			if (!any)
				strbuf_addstr(&sb, "\nNEXT DATES\n");
			any = true;
			const struct fleet_rule_sum *s = &bind[i];
			if (s->next_deadline)
				strbuf_addf(&sb, "  %s  %s: remove %zu components\n",
					    day(s->next_deadline, d1), s->rule_id,
					    s->next_deadline_components);
			if (s->upcoming)
				strbuf_addf(&sb, "  %s  %s: %s\n", day(s->upcoming, d1), s->rule_id,
					    s->upcoming_what);
		}
	if (!nsites && r->hosts)
		strbuf_addf(&sb, "\nNo finding of REVIEW or above%s.\n",
			    r->nnothing_read ? " among the parts read" : "");
	free(sites);
	free(makers);
	free(bind);
	int rc = fwrite(sb.buf, 1, sb.len, out) == sb.len ? 0 : -1;
	strbuf_release(&sb);
	return rc;
}
