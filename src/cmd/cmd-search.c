/*
 * cmd-search.c — `chipscreen search NAME [--min S] [--source LIST] [--country CC] [--json]`
 *
 * Ranks the listed parties whose names match NAME (match/index.h), each with
 * its score, list, programs, citation, the per-token reason, and the verdict
 * for the one who screens: what the list means (data/list-consequences.tsv)
 * and the CSL's own licence requirement when the entry has one.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "report/report.h"
#include "lists/hit-json.h"
#include "lists/index-load.h"
#include "lists/lists.h"
#include "util/date.h"
#include "util/log.h"
#include "util/number.h"
#include "util/utf8.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen search [options] NAME\n"
	"\n"
	"Search NAME in the loaded restricted-party lists (chipscreen lists) and rank\n"
	"the hits with their score (0 to 1), list, programs, Federal Register citation\n"
	"and why each is a hit, token by token.  Word order, case, accents, CJK width,\n"
	"punctuation, legal forms (Co., Ltd., GmbH, 有限公司) and small typos do not\n"
	"hide a listed party; numbers must match exactly.  Brands, subsidiaries and\n"
	"other names from chipscreen's organisation table find their listed owner\n"
	"(\"ZhiTai\" finds YMTC).  Each hit has a verdict for you as exporter or\n"
	"seller: PROHIBITED (dealings barred: SDN, DPL), LICENSE (a licence is needed\n"
	"to export to the party: Entity List, MEU, UVL), REVIEW (a person decides),\n"
	"INFO (no export restriction: DoD 1260H, NDAA s.889, s.5949).\n"
	"\n"
	"  --min SCORE      report hits at or above SCORE (default 0.38)\n"
	"  --type TYPE      the party's type: person, organization or vessel\n"
	"  --source LIST    only these sources or lists, comma-separated (SDN,EL,ofac-sdn)\n"
	"  --country CC     supporting evidence: the party's country (ISO code or name)\n"
	"  --address TEXT   supporting evidence: the party's address\n"
	"  --id ID          an identifier (passport, registration number...) to match exactly\n"
	"  --limit N        at most N hits (default 20)\n"
	"  --exhaustive     score every listed name instead of using the index (slow;\n"
	"                   gives the same hits: it is the index's reference)\n"
	"  --db FILE        the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  --json           {\"hits\": [{name, matched_name, score, source, programs,\n"
	"                   citation, verdict, consequence, license_requirement, why,\n"
	"                   ..., list_source, list_version, list_date, screened_at}]}\n"
	"  -h, --help       this help\n"
	"\n"
	"Each hit is a decision: match (an identifier, or a distinctive name or one\n"
	"corroborated by --country/--address: its verdict holds), potential-match (a\n"
	"person reviews it: the verdict is what holds if confirmed).\n"
	"\n"
	"Exit status: 0 no hit (or only reviewed ones: chipscreen review), 1 hits,\n"
	"2 error (also no hit for a NAME not read whole: over 40 words, not UTF-8).\n";

int search_options(int argc, char **argv, struct nx_query *q, const char **db, bool *json,
		   const char *cmd);

/* The loaded lists, for each JSON hit's audit trail, and when it ran. */
static struct {
	struct lsource *src;
	size_t nsrc;
	char at[32];
} audit;

static int print_hits(struct nindex *ix, const struct nx_query *q, const struct nx_result *res,
		      bool json)
{
	struct strbuf why = STRBUF_INIT, title = STRBUF_INIT;
	cJSON *root = json ? cJSON_CreateObject() : NULL;
	cJSON *arr = json ? cJSON_AddArrayToObject(root, "hits") : NULL;
	/* lists/hit-json.c: the layout the server answers too, printed
	 * formatted here, so nothing kept */
	struct hit_writer *hw = json ? hit_writer_new(ix, audit.src, audit.nsrc, 0) : NULL;
	for (size_t i = 0; i < res->n; i++) {
		const struct nx_hit *h = &res->hits[i];
		const struct nx_entry *e = &ix->entries[h->entry];
		const char *matched = h->by_id ? NULL : ix->names[h->name].name;
		if (json) {
			cJSON_AddItemToArray(arr, hit_writer_json(hw, q, res, h, audit.at));
			continue;
		}
		nindex_explain(ix, q, res, h, &why, NULL);
		struct nx_verdict v;
		nindex_verdict(ix, h, &v);
		{
			printf("%.2f  %-10s %s\n", h->score, lists_list_title(e->list, &title),
			       e->name);
			if (matched && strcmp(matched, e->name))
				printf("      matched: %s\n", matched);
			if (e->programs)
				printf("      programs: %s\n", e->programs);
			if (e->citation)
				printf("      citation: %s\n", e->citation);
			if (e->start || e->end)
				printf("      listed: %s%s%s\n", e->start ? e->start : "?",
				       e->end ? " to " : "", e->end ? e->end : "");
			printf("      source: %s\n", e->source);
			if (e->ref)
				printf("      entry: %s:%s\n", e->source, e->ref);
			printf("      decision: %s\n", h->decided); /* "match: ..." */
			/* A potential match is not a finding: its consequence is
			 * what it would be, once a person confirms the party. */
			printf("      verdict%s: %s: %s",
			       h->decision == DEC_MATCH     ? ""
			       : h->decision == DEC_NO_MATCH ? " had it been this party"
							     : " if confirmed",
			       verdict_name(v.verdict), v.lowered ? v.lowered : v.c->meaning);
			if (!v.lowered && *v.c->citation != '-')
				printf(" (%s%s)", v.c->citation,
				       strcmp(v.c->confidence, "confirmed")
					       ? "; chipscreen's reading of it is to be verified"
					       : "");
			printf("\n");
			if (e->license_requirement)
				printf("      license requirement: %s\n", e->license_requirement);
			if (e->license_policy)
				printf("      license policy: %s\n", e->license_policy);
			printf("      why: %s\n", why.buf);
		}
	}
	if (json) {
		report_json_write(root, stdout);
	} else if (!res->n) {
		printf("no hit at or above %.2f in %u listed entries (%zu sources)\n", q->min,
		       ix->nentries, ix->nsources);
	}
	hit_writer_free(hw);
	strbuf_release(&why);
	strbuf_release(&title);
	size_t open = 0; /* hits a person has not reviewed away */
	for (size_t i = 0; i < res->n; i++)
		open += res->hits[i].decision != DEC_NO_MATCH;
	return open ? EXIT_FINDINGS : EXIT_CLEAR;
}

/* Shared by search and compare: parse the options common to both. */
int search_options(int argc, char **argv, struct nx_query *q, const char **db, bool *json,
		   const char *cmd)
{
	static const struct option opts[] = {
		{"min", required_argument, NULL, 'm'},
		{"type", required_argument, NULL, 't'},
		{"source", required_argument, NULL, 's'},
		{"country", required_argument, NULL, 'c'},
		{"address", required_argument, NULL, 'a'},
		{"id", required_argument, NULL, 'i'},
		{"limit", required_argument, NULL, 'l'},
		{"exhaustive", no_argument, NULL, 'x'},
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	char *end;
	optind = 0; /* full reset (GNU): tests run commands in-process, one after another */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!number_in(optarg, 0, 1, &q->min))
				return usage_error(cmd,
						   "--min must be a number from 0 to 1, not '%s'",
						   optarg);
			break;
		case 's':
			q->sources = optarg;
			break;
		case 't':
			if (strcmp(optarg, "person") && strcmp(optarg, "organization") &&
			    strcmp(optarg, "vessel"))
				return usage_error(cmd,
						   "--type must be person, organization or vessel, "
						   "not '%s'",
						   optarg);
			q->type = optarg;
			break;
		case 'c':
			/* a typo would count as "listed elsewhere" against every hit */
			if (!country_code_given(optarg))
				return usage_error(cmd,
						   "--country '%s' is not a country code or name "
						   "(ISO 3166: CN, China, ...)",
						   optarg);
			q->country = optarg;
			break;
		case 'a':
			q->address = optarg;
			break;
		case 'i':
			q->id = optarg;
			break;
		case 'l':
			q->limit = (int)strtol(optarg, &end, 10);
			if (*end || q->limit < 1)
				return usage_error(cmd, "--limit must be a positive number");
			break;
		case 'x':
			q->exhaustive = true;
			break;
		case 'd':
			*db = optarg;
			break;
		case 'j':
			*json = true;
			break;
		case 'h':
			return -1;
		default:
			return usage_bad_option(cmd, argc, argv);
		}
	}
	return 0;
}

int cmd_search(int argc, char **argv)
{
	struct nx_query q = {.min = DECIDE_REVIEW, .limit = 20};
	const char *db = NULL;
	bool json = false;
	int rc = search_options(argc, argv, &q, &db, &json, "search");
	if (rc < 0)
		return print_usage(usage);
	if (rc)
		return rc;
	if (optind + 1 != argc && !(optind == argc && q.id))
		return usage_error("search", "give one NAME (quote it if it has spaces)");
	q.name = optind < argc ? argv[optind] : "";
	struct store *st;
	struct nindex *ix;
	struct strbuf err = STRBUF_INIT;
	/* "no hit" for a name with nothing in it would read as screened and clear */
	if (!(q.id && *q.id)) {
		const struct norm_tables *tab = norm_tables(&err);
		const char *why = tab ? text_unsearchable(tab, q.name) : NULL;
		if (!tab || why) {
			log_error("search: '%s': %s", q.name, tab ? why : err.buf);
			strbuf_release(&err);
			return EXIT_ERROR;
		}
	}
	if (store_must_exist("search", db, false))
		return EXIT_ERROR;
	if (nindex_open(db, &st, &ix, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	/* a --source typo would screen against nothing and say "no hit" */
	if (lists_check_filter(st, q.sources, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		nindex_free(ix);
		store_close(st);
		return EXIT_ERROR;
	}
	if (lists_sources(st, &audit.src, &audit.nsrc, &err) < 0)
		log_warn("%s", err.buf);
	lists_announce(audit.src, audit.nsrc, "search", false);
	timestamp_now(audit.at);
	strbuf_release(&err);
	struct nx_result res;
	nindex_search(ix, &q, &res);
	/* a name not read whole: "no hit" would say it was screened (as
	 * screen-names counts such a row damaged) */
	bool partial = res.truncated_query;
	if (res.truncated_query)
		log_warn("the name has more than %d words: the rest is ignored", NAME_MAX_TOKENS);
	if (!utf8_valid(q.name, strlen(q.name))) {
		log_warn("search: the name is not UTF-8: read as Windows-1252 (give it in UTF-8: "
			 "the terminal's or the script's encoding)");
		partial = true;
	}
	rc = print_hits(ix, &q, &res, json);
	if (rc == EXIT_CLEAR && partial)
		rc = EXIT_ERROR;
	free(audit.src);
	audit.src = NULL;
	nx_result_release(&res);
	nindex_free(ix);
	store_close(st);
	return rc;
}
