/*
 * cmd-rules.c — `chipscreen rules [ID]`: the bundled rules, with citations.
 *
 * Listing shows one line per rule; showing one prints every field a verdict
 * rests on, so that a user can check the rule against the official text.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "rules/judge.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "util/date.h"
#include "util/log.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen rules [ID]\n"
	"\n"
	"List the bundled rules (id, confidence, jurisdiction, effective date,\n"
	"title), or show one rule in full: authority, instrument, citation,\n"
	"URL, dates, who it binds, parties, product scope, restrictions with\n"
	"their deadlines, what it says about components, and its source.\n"
	"\n"
	"Rules live in data/rules/ (CHIPSCREEN_DATA overrides the data folder);\n"
	"doc/rules.md describes the format.\n";

static void list_line(const struct strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++)
		printf("%s%s", i ? sep : "", l->v[i]);
}

static void show_rule(const struct ruleset *rs, const struct rule *r)
{
	char b1[16], b2[16];
	struct strbuf who = STRBUF_INIT;
	binds_describe(r, &who);
	printf("%s  %s\n", r->id, r->title);
	printf("  measure:      %s (%s)\n", r->measure, r->file);
	printf("  confidence:   %s%s\n", r->confidence,
	       r->confirmed ? "" : " (gives INFO or REVIEW only, never a binding verdict)");
	printf("  authority:    %s\n", r->authority);
	printf("  jurisdiction: %s\n", r->jurisdiction);
	printf("  instrument:   %s\n", r->instrument);
	printf("  citation:     %s\n", r->citation);
	if (r->url)
		printf("  url:          %s\n", r->url);
	if (r->announced)
		printf("  announced:    %s\n", date_format(r->announced, b1));
	printf("  effective:    %s\n", date_format(r->effective, b1));
	printf("  binds:        %s\n", who.buf);
	printf("  components:   %s\n", r->components == COMP_COVERED   ? "covered"
				       : r->components == COMP_UNCLEAR ? "unclear"
								       : "not covered");
	printf("  reach:        %s\n", r->reach);
	if (r->scope.n) {
		printf("  scope:        ");
		list_line(&r->scope, ", ");
		putchar('\n');
	}
	printf("  parties:\n");
	for (size_t i = 0; i < r->nparties; i++) {
		const struct party *p = &r->parties[i];
		printf("    %s: %s%s", p->org, p->name,
		       p->affiliates ? ", with subsidiaries and affiliates" : "");
		if (p->since)
			printf(", since %s", date_format(p->since, b1));
		if (p->scope.n) {
			printf("; scope ");
			list_line(&p->scope, ", ");
		}
		if (p->purposes.n) {
			printf("; only for ");
			list_line(&p->purposes, ", ");
		}
		putchar('\n');
		if (p->note)
			printf("      %s\n", p->note);
	}
	printf("  restrictions:\n");
	for (size_t i = 0; i < r->nrestr; i++) {
		const struct restriction *x = &r->restr[i];
		printf("    %s from %s", restricts_name(x->what),
		       date_format(x->from ? x->from : r->effective, b1));
		if (x->by)
			printf(", deadline %s", date_format(x->by, b2));
		if (x->network.n) {
			printf(", in ");
			list_line(&x->network, "/");
		}
		printf(": %s\n", x->requires);
		if (x->citation)
			printf("      %s\n", x->citation);
	}
	if (r->notes)
		printf("  notes:        %s\n", r->notes);
	printf("  source:       %s\n", r->source);
	printf("  version:      %s\n", r->version);
	(void)rs;
	strbuf_release(&who);
}

/* A rule id that is none, with the nearest ids: "us-ndaa5949" names two. */
static int no_rule(const struct ruleset *rs, const char *id)
{
	const char **ids = xcalloc(rs->nrules + 1, sizeof *ids);
	for (size_t i = 0; i < rs->nrules; i++)
		ids[i] = rs->rules[i].id;
	struct strbuf near = STRBUF_INIT;
	int rc = suggest_nearest(&near, id, ids, rs->nrules, 3)
			 ? usage_error(
				   "rules",
				   "no rule '%s'; did you mean %s? ('chipscreen rules' lists them)",
				   id, near.buf)
			 : usage_error("rules", "no rule '%s'; 'chipscreen rules' lists them", id);
	strbuf_release(&near);
	free(ids);
	return rc;
}

int cmd_rules(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0; /* full reset (GNU): tests run commands in-process, one after another */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return print_usage(usage);
		return usage_bad_option("rules", argc, argv);
	}
	if (argc - optind > 1)
		return usage_error("rules", "give at most one rule id");
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(NULL, &err);
	/* the parties too: a rule file is refused here as the judging commands
	 * refuse it, not listed as if it would match */
	struct kb *kb = rs ? kb_load(NULL, NULL, NULL, &err) : NULL;
	if (!kb || judge_check_parties(rs, kb, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		kb_free(kb);
		ruleset_free(rs);
		return EXIT_ERROR;
	}
	kb_free(kb);
	strbuf_release(&err);
	int rc = EXIT_CLEAR;
	if (optind < argc) {
		const struct rule *r = rule_find(rs, argv[optind]);
		if (r)
			show_rule(rs, r);
		else
			rc = no_rule(rs, argv[optind]);
	} else {
		char b[16];
		printf("%-28s %-10s %-3s %-10s %s\n", "ID", "CONFIDENCE", "JUR", "EFFECTIVE",
		       "TITLE");
		for (size_t i = 0; i < rs->nrules; i++) {
			const struct rule *r = &rs->rules[i];
			printf("%-28s %-10s %-3s %-10s %s\n", r->id, r->confidence, r->jurisdiction,
			       date_format(r->effective, b), r->title);
		}
		printf("\n%zu rules, rule set version %s\n", rs->nrules, rs->version);
	}
	ruleset_free(rs);
	return rc;
}
