/*
 * judge.h — components × rules × profile × date → findings.
 *
 * For each component and each rule naming its maker (or the maker of its
 * chips), the judge gives one finding (struct finding, chipscreen.h) with the
 * verdict, the rule and its citation, the dates, the attribution that matched
 * and one or two sentences of reason.  A component no rule names gets no
 * finding: it is CLEAR.  The semantics — which restriction gives which
 * verdict, when uncertainty turns a verdict into REVIEW, how the acquisition
 * date is found — are in doc/rules.md, "Verdicts".
 *
 * Without a profile (the exposure view) every match is INFO and not binding:
 * the scan shows what names the maker, in every jurisdiction, and judges
 * nobody.
 */
#ifndef RULES_JUDGE_H
#define RULES_JUDGE_H

#include "chipscreen.h"
#include "identify/identify.h"
#include "rules/profile.h"
#include "rules/rules.h"

struct judge_opts {
	const struct ruleset *rs;
	const struct kb *kb;
	const struct profile *profile; /* NULL: the exposure view */
	day_t date;                    /* judged as of */
	day_t acquired;                /* --acquired: every part acquired that day; 0 unknown */
};

/* Judge every component of r->inv; sets r->profile, r->date, r->ruleset_version
 * and appends the findings (strings in the inventory's arena). */
void judge_inventory(const struct judge_opts *o, struct scan_result *r);
void judge_component(const struct judge_opts *o, struct scan_result *r, const struct component *c);

/* A component's product class (product_class_infer), with the kind of the
 * data/patterns.tsv row its part number or model matches. */
const char *judge_class(const struct judge_opts *o, const struct component *c, const char **source);

/* -1 with err naming the rule file, the rule and the id when a party's
 * organisation id is not in the knowledge base (it would match no part). */
int judge_check_parties(const struct ruleset *rs, const struct kb *kb, struct strbuf *err);

/* The most severe verdict in r, counting components without findings as CLEAR;
 * REVIEW when the inventory holds no component (nothing read); -1 without one. */
int scan_worst(const struct scan_result *r);

#endif
