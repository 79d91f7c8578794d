/*
 * cmd-compare.c — `chipscreen compare NAME1 NAME2 [--json] [--min S]`
 *
 * Scores NAME1 (as a query) against NAME2 (as a listed name) with the
 * explanation, token by token.  The token weights come from the loaded lists
 * when there are any (a common word weighs less); otherwise every word weighs
 * the same, and the output says so.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "report/report.h"
#include "lists/index-load.h"
#include "lists/lists.h"
#include "util/fileio.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen compare [--min SCORE] [--type TYPE] [--db FILE] [--json] NAME1 NAME2\n"
	"\n"
	"Score NAME1 (the name to screen) against NAME2 (a listed name), from 0 to 1,\n"
	"and explain it token by token: which tokens paired, how similar, how much\n"
	"each weighs.  Token weights come from the lists in the store (rare words\n"
	"weigh more); with no lists loaded every word weighs the same.\n"
	"\n"
	"  --min SCORE   the threshold for \"potential-match\" (default 0.38); from\n"
	"                0.80 the decision is \"match\"\n"
	"  --type TYPE   both names are of a person, organization or vessel\n"
	"  --db FILE     the store to take the weights from\n"
	"  --json        {\"score\", \"match\", \"decision\", \"explanation\"}\n"
	"  -h, --help    this help\n"
	"\n"
	"Exit status: 0 no-match, 1 match or potential-match, 2 error.\n";

int search_options(int argc, char **argv, struct nx_query *q, const char **db, bool *json,
		   const char *cmd);

int cmd_compare(int argc, char **argv)
{
	struct nx_query q = {.min = DECIDE_REVIEW};
	const char *db = NULL;
	bool json = false;
	int rc = search_options(argc, argv, &q, &db, &json, "compare");
	if (rc < 0)
		return print_usage(usage);
	if (rc)
		return rc;
	/* the options are search's; these would be taken and silently not used */
	if (q.sources || q.country || q.address || q.id || q.limit || q.exhaustive)
		return usage_error("compare",
				   "--source, --country, --address, --id, --limit and --exhaustive "
				   "are options of chipscreen search, not of compare");
	if (argc - optind != 2)
		return usage_error("compare", "give two names");
	/* search's options that compare would ignore: the user asked for
	 * something compare does not do, so say it rather than drop it */
	const char *ignored = q.sources ? "--source" : q.country ? "--country" : q.address ? "--address"
			      : q.id ? "--id" : q.limit ? "--limit" : q.exhaustive ? "--exhaustive" : NULL;
	if (ignored)
		return usage_error("compare",
				   "%s does not apply: compare scores NAME1 against NAME2 only "
				   "(chipscreen search %s ... NAME screens a name against the lists)",
				   ignored, ignored);
	struct strbuf err = STRBUF_INIT, why = STRBUF_INIT, def = STRBUF_INIT;
	struct store *st = NULL;
	struct nindex *ix = NULL;
	const char *weights = "IDF over the loaded lists";
	/* the weights are optional, but a store named by --db must be there */
	if (db && store_must_exist("compare", db, false))
		return EXIT_ERROR;
	const char *path = db ? db : store_default_path(&def);
	if (path_exists(path) && nindex_open(db, &st, &ix, &err) < 0)
		log_warn("%s", err.buf);
	if (st)
		lists_check_age(st, "compare"); /* its weights come from those lists */
	if (!ix)
		weights = "uniform (no lists loaded)";
	if (!norm_tables(&err)) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	/* a score of 0 for a name with nothing in it would read as "not the same" */
	for (int i = optind; i < optind + 2; i++) {
		const char *nothing = text_unsearchable(norm_tables(&err), argv[i]);
		if (nothing) {
			log_error("compare: '%s': %s", argv[i], nothing);
			nindex_free(ix);
			store_close(st);
			strbuf_release(&err);
			strbuf_release(&def);
			return EXIT_ERROR;
		}
	}
	cJSON *tokens = json ? cJSON_CreateArray() : NULL;
	double s = compare_names_typed(ix, argv[optind], argv[optind + 1], q.type, &why, tokens);
	bool match = s >= q.min;
	/* Two names alone: at most a potential match under DECIDE_MATCH; a
	 * match above it (compare knows no identifier or country). */
	enum decision d = !match ? DEC_NO_MATCH : s >= DECIDE_MATCH ? DEC_MATCH : DEC_POTENTIAL;
	if (d == DEC_MATCH && q.type && !strcmp(q.type, "person"))
		d = DEC_POTENTIAL; /* a person's name alone: see search */
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "score", round(s * 1000) / 1000);
		cJSON_AddNumberToObject(o, "same_name_probability",
					round(score_probability(s) * 1000) / 1000);
		cJSON_AddBoolToObject(o, "match", match);
		cJSON_AddStringToObject(o, "decision", decision_name(d));
		if (q.type)
			cJSON_AddStringToObject(o, "type", q.type);
		cJSON_AddNumberToObject(o, "threshold", q.min);
		cJSON *ex = cJSON_AddObjectToObject(o, "explanation");
		cJSON_AddStringToObject(ex, "text", why.buf);
		cJSON_AddStringToObject(ex, "weights", weights);
		cJSON_AddItemToObject(ex, "tokens", tokens);
		report_json_write(o, stdout);
	} else {
		printf("%.3f %s (potential match from %.2f, match from %.2f); the same name in "
		       "%.0f%% of tuning pairs scoring so\n",
		       s, decision_name(d), q.min, DECIDE_MATCH, 100 * score_probability(s));
		printf("why: %s\nweights: %s\n", why.buf, weights);
	}
	nindex_free(ix);
	store_close(st);
	strbuf_release(&err);
	strbuf_release(&why);
	strbuf_release(&def);
	return match ? EXIT_FINDINGS : EXIT_CLEAR;
}
