/*
 * test_pairs.c — matching quality on the HELD-OUT labelled pairs, and the
 * decisions of hits (doc/matching.md, "Quality", "Decisions").
 *
 * tests/fixtures/names/pairs-heldout.tsv comes from the lists' alias groups
 * (tools/gen-name-pairs.py); no tuning looked at it (the thresholds and
 * weights were chosen on pairs-tune.tsv with build/bench/names/pairs).  The
 * weights are those of the OFAC SDN set and the DoD 1260H list, as a
 * screener who loaded them would have.  The figures are printed by type and
 * script; the assertions hold the levels reached, so that a change that
 * loses quality fails.
 */
#include "testutil.h"

#include "lists/index-load.h"
#include "match/quality.h"

#include <math.h>
#include <string.h>

static char *dir, *db;
static struct store *st;
static struct nindex *ix;

static int setup(void **state)
{
	(void)state;
	dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/t.db", dir);
	db = strbuf_detach(&p, NULL);
	if (run_cmd(&out, &err, "lists", "import", "-q", "--db", db,
		    src_path("tests/fixtures/lists/ofac-sdn-bench/sdn.csv"), NULL) != 0 ||
	    run_cmd(&out, &err, "lists", "import", "-q", "--db", db,
		    src_path("tests/fixtures/lists/dod-1260h/sanctions.csv"), NULL) != 0)
		return -1;
	if (nindex_open(db, &st, &ix, &err) < 0)
		return -1;
	if (ix->nsources != 2)
		return -1;
	strbuf_release(&out);
	strbuf_release(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nindex_free(ix);
	store_close(st);
	test_rmtree(dir);
	free(dir);
	free(db);
	return 0;
}

static struct prf show(const struct lpairs *lp, const char *type, const char *script)
{
	struct prf r = lpairs_prf(lp, DECIDE_RECALL, type, script);
	print_message("  %-15s %5d pos %5d neg  P %.3f  R %.3f  F1 %.3f\n",
		      type ? type : script ? script : "all", r.pos, r.neg, r.precision, r.recall,
		      r.f1);
	return r;
}

static void test_heldout(void **state)
{
	(void)state;
	struct lpairs lp;
	struct strbuf err = STRBUF_INIT;
	if (lpairs_load(src_path("tests/fixtures/names/pairs-heldout.tsv"), &lp, &err) < 0)
		fail_msg("%s", err.buf);
	lpairs_score(ix, &lp);
	print_message("held-out pairs at the recall-first threshold %.2f:\n", DECIDE_RECALL);
	struct prf all = show(&lp, NULL, NULL);
	struct prf person = show(&lp, "person", NULL);
	struct prf org = show(&lp, "organization", NULL);
	struct prf vessel = show(&lp, "vessel", NULL);
	struct prf latin = show(&lp, NULL, "latin");
	struct prf cyr = show(&lp, NULL, "cyrillic");
	struct prf cross = show(&lp, NULL, "cyrillic-latin");
	struct prf strict = lpairs_prf(&lp, DECIDE_MATCH, NULL, NULL);
	print_message("  at the match threshold %.2f: P %.3f R %.3f\n", DECIDE_MATCH,
		      strict.precision, strict.recall);
	/* (printed before any level is held: a failure shows them all) */
	struct prf mid = lpairs_prf(&lp, DECIDE_REVIEW, NULL, NULL);
	struct prf midorg = lpairs_prf(&lp, DECIDE_REVIEW, "organization", NULL);
	print_message("  at the default %.2f: P %.4f R %.4f F1 %.4f; organisations P %.4f R %.4f "
		      "F1 %.4f\n",
		      DECIDE_REVIEW, mid.precision, mid.recall, mid.f1, midorg.precision,
		      midorg.recall, midorg.f1);
	/* the set: thousands of pairs of each main type, every script there is */
	assert_true(all.pos > 4000 && all.neg > 5000);
	assert_true(person.pos > 2000 && org.pos > 1500);
	assert_true(cross.pos >= 20);
	/* the levels reached (doc/matching.md).  DECIDE_RECALL is the highest
	 * threshold whose recall on the tuning pairs is 0.95 (--min 0.31, a
	 * screen that must not miss; 0.37 before the conflict rule of issue
	 * 13's ninth round, 0.36 in the seventh): here recall 0.945, precision
	 * 0.844 (0.945 and 0.792 at 0.37 before) */
	assert_true(all.recall >= 0.944);
	assert_true(all.precision >= 0.843);
	assert_true(all.f1 >= 0.891);
	assert_true(person.recall >= 0.949);
	assert_true(org.recall >= 0.938);
	assert_true(person.f1 >= 0.905);
	assert_true(org.f1 >= 0.878);
	assert_true(latin.f1 >= 0.890);
	assert_true(cyr.recall >= 0.99);
	assert_true(cross.recall >= 0.99); /* "Захаров" meets "Zakharov" */
	assert_true(strict.precision >= 0.985);
	/* at the default, where F1 is highest on the tuning pairs (0.38 since
	 * the ninth round, 0.50 before): 0.9047 overall (0.8992 at 0.50 after
	 * the eighth round, 0.8959 after the seventh, 0.8899 after the sixth,
	 * 0.879 before the third), recall 0.8948 (0.8898, 0.8862, 0.8763,
	 * 0.858), precision 0.9148 (0.9088, 0.9058), 0.8925 for organisations
	 * (0.8846, 0.8831, 0.8823, 0.875): issue 13's target for
	 * organisations, 0.88, is held */
	assert_true(mid.f1 >= 0.9046);
	assert_true(mid.recall >= 0.8947);
	assert_true(mid.precision >= 0.9147);
	assert_true(midorg.f1 >= 0.8924);
	assert_true(midorg.f1 >= 0.88 && mid.f1 >= 0.85);
	(void)vessel; /* two positive pairs: printed, too few to hold to a level */
	lpairs_release(&lp);
	strbuf_release(&err);
}

/* The decision thresholds and the calibration follow from the tuning pairs
 * by their rules (doc/matching.md "Decisions"), so that a change to scoring
 * that moves them fails here until they are chosen again. */
static void test_thresholds_from_tuning(void **state)
{
	(void)state;
	struct lpairs lp;
	struct strbuf err = STRBUF_INIT;
	if (lpairs_load(src_path("tests/fixtures/names/pairs-tune.tsv"), &lp, &err) < 0)
		fail_msg("%s", err.buf);
	lpairs_score(ix, &lp);
	/* the highest threshold (in hundredths) whose recall is 0.95 at least */
	struct prf at = lpairs_prf(&lp, DECIDE_RECALL, NULL, NULL);
	struct prf above = lpairs_prf(&lp, DECIDE_RECALL + 0.01, NULL, NULL);
	print_message("tuning pairs: recall %.4f at %.2f, %.4f at %.2f\n", at.recall, DECIDE_RECALL,
		      above.recall, DECIDE_RECALL + 0.01);
	assert_true(at.recall >= 0.95);
	assert_true(above.recall < 0.95);
	/* match from a precision of 0.98 */
	assert_true(lpairs_prf(&lp, DECIDE_MATCH, NULL, NULL).precision >= 0.98);
	/* the default where F1 is highest, within 0.001 */
	double best = 0;
	for (int c = 30; c <= 80; c++)
		best = fmax(best, lpairs_prf(&lp, c / 100.0, NULL, NULL).f1);
	assert_true(lpairs_prf(&lp, DECIDE_REVIEW, NULL, NULL).f1 >= best - 0.001);
	/* score_probability(): each band's share of true pairs, made
	 * non-decreasing, to the three places the table holds */
	double floor = 0;
	for (int b = 0; b < 10; b++) {
		int n = 0, yes = 0;
		for (size_t i = 0; i < lp.n; i++)
			if (lp.p[i].score >= b / 10.0 && (lp.p[i].score < (b + 1) / 10.0 || b == 9)) {
				n++;
				yes += lp.p[i].label;
			}
		floor = fmax(floor, n ? (double)yes / n : 0);
		print_message("  band %.1f: %d pairs, %.3f the same name\n", b / 10.0, n, floor);
		assert_true(fabs(score_probability(b / 10.0 + 0.05) - floor) < 0.0006);
	}
	lpairs_release(&lp);
	strbuf_release(&err);
}

static void test_pairs_file_errors(void **state)
{
	(void)state;
	char *d = test_tmpdir();
	test_write_str(d, "bad.tsv", "query\tlisted\tlabel\ttype\tscript\nA\tB\tyes\tperson\tlatin\n");
	struct lpairs lp;
	struct strbuf err = STRBUF_INIT, p = STRBUF_INIT;
	strbuf_addf(&p, "%s/bad.tsv", d);
	assert_int_equal(lpairs_load(p.buf, &lp, &err), -1);
	assert_non_null(strstr(err.buf, "bad.tsv:2: expected query, listed, label (0 or 1), type"));
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/none.tsv", d);
	assert_int_equal(lpairs_load(p.buf, &lp, &err), -1);
	assert_non_null(strstr(err.buf, "none.tsv"));
	strbuf_release(&err);
	strbuf_release(&p);
	test_rmtree(d);
	free(d);
}

static const struct nx_hit *first(const char *name, const char *country, struct nx_result *res)
{
	struct nx_query q = {.name = name, .country = country, .min = DECIDE_REVIEW, .limit = 5};
	nindex_search(ix, &q, res);
	if (!res->n)
		fail_msg("no hit for \"%s\"", name);
	return &res->hits[0];
}

static void test_decisions(void **state)
{
	(void)state;
	struct nx_result res;
	/* a full, uncommon name: match */
	const struct nx_hit *h = first("Nicolas Maduro Moros", NULL, &res);
	assert_string_equal(ix->entries[h->entry].name, "MADURO MOROS, Nicolas");
	assert_int_equal(h->decision, DEC_MATCH);
	nx_result_release(&res);
	/* two words of a person's name: potential, until corroborated */
	h = first("Nicolas Maduro", NULL, &res);
	assert_string_equal(ix->entries[h->entry].name, "MADURO MOROS, Nicolas");
	assert_int_equal(h->decision, DEC_POTENTIAL);
	assert_non_null(strstr(h->decided, "the listed name has words the query lacks"));
	nx_result_release(&res);
	h = first("Nicolas Maduro Moros", "VE", &res);
	assert_int_equal(h->decision, DEC_MATCH);
	assert_non_null(strstr(h->decided, "supporting evidence"));
	nx_result_release(&res);
	/* "Zhang Wei", an SDN alias at 1.00: potential (issue 13's example) */
	h = first("Zhang Wei", NULL, &res);
	assert_true(h->score == 1.0);
	assert_int_equal(h->decision, DEC_POTENTIAL);
	nx_result_release(&res);
	/* a generic company name inside a longer listed one: potential */
	h = first("Pacific Trading GmbH", NULL, &res);
	assert_string_equal(ix->entries[h->entry].name, "INTERNATIONAL PACIFIC TRADING, INC.");
	assert_int_equal(h->decision, DEC_POTENTIAL);
	nx_result_release(&res);
	/* an organisation's distinctive name: match */
	h = first("Banco Nacional de Cuba", NULL, &res);
	assert_int_equal(h->decision, DEC_MATCH);
	assert_string_equal(decision_name(h->decision), "match");
	nx_result_release(&res);
	/* a subsidiary's extra place word: found, for review */
	h = first("Huawei Technologies Deutschland GmbH", NULL, &res);
	assert_string_equal(ix->entries[h->entry].name, "Huawei Technologies Co., Ltd.");
	assert_true(h->score >= 0.85);
	assert_int_equal(h->decision, DEC_POTENTIAL);
	assert_non_null(strstr(h->decided, "a subsidiary, a branch or another party"));
	nx_result_release(&res);
	/* a person named so is not the company: at most potential, and said
	 * (it was a match at 0.90, the type factor alone) */
	struct nx_query q = {.name = "Banco Nacional de Cuba", .type = "person",
			     .min = DECIDE_REVIEW, .limit = 5};
	nindex_search(ix, &q, &res);
	assert_true(res.n > 0);
	assert_true(fabs(res.hits[0].score - 0.9) < 1e-9);
	assert_int_equal(res.hits[0].decision, DEC_POTENTIAL);
	assert_non_null(strstr(res.hits[0].decided, "the query names a person"));
	struct strbuf why = STRBUF_INIT;
	nindex_explain(ix, &q, &res, &res.hits[0], &why, NULL);
	assert_non_null(strstr(why.buf, "the query is of another type than the listed party"));
	strbuf_release(&why);
	nx_result_release(&res);
	assert_string_equal(decision_name(DEC_POTENTIAL), "potential-match");
	assert_string_equal(decision_name(DEC_NO_MATCH), "no-match");
}

/* A hit scoring exactly --min is kept (index.c: fin < q->min drops it). */
static void test_min_inclusive(void **state)
{
	(void)state;
	struct nx_query q = {.name = "Banco Nacional de Cuba", .min = 1.0, .limit = 5};
	struct nx_result res;
	nindex_search(ix, &q, &res);
	assert_int_equal(res.n, 1);
	assert_true(res.hits[0].score == 1.0);
	nx_result_release(&res);
	/* and a fractional score: search at it, then just above it */
	q.name = "Nicolas Maduro";
	q.min = 0.5;
	nindex_search(ix, &q, &res);
	assert_true(res.n >= 1);
	double s = res.hits[0].score;
	nx_result_release(&res);
	q.min = s;
	nindex_search(ix, &q, &res);
	assert_true(res.n >= 1 && res.hits[0].score == s);
	nx_result_release(&res);
	q.min = nextafter(s, 2.0);
	nindex_search(ix, &q, &res);
	for (size_t i = 0; i < res.n; i++)
		assert_true(res.hits[i].score > s);
	nx_result_release(&res);
}

/* Joined words, places and transliterations are found by the index exactly
 * as by scoring every name. */
static void test_index_equals_exhaustive(void **state)
{
	(void)state;
	const char *names[] = {"AIRKORYO",		"Air Koryo",	    "Захаров Никита",
			       "Hikvision USA Inc.",	"Iran Saffron Co",  "Mullah Naim Bareh",
			       "Muammar Gaddafi",	"RA NAM 3",	    "Aleksei Chaliy",
			       "Vacuum Karan Company", "Mohammadreza ALI-AKBARI",
			       "Muammar ELQADHAFI",	"ALHARAMEIN Foundation",
			       "KHAYR BAYK Muhammad",	"Sara Khan"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		struct nx_query q = {.name = names[i], .min = DECIDE_REVIEW, .limit = 50};
		struct nx_result a, b;
		nindex_search(ix, &q, &a);
		q.exhaustive = true;
		nindex_search(ix, &q, &b);
		assert_int_equal(a.n, b.n);
		for (size_t k = 0; k < a.n; k++) {
			assert_int_equal(a.hits[k].entry, b.hits[k].entry);
			assert_true(a.hits[k].score == b.hits[k].score);
		}
		nx_result_release(&a);
		nx_result_release(&b);
	}
	struct nx_query q = {.name = "AIRKORYO", .min = DECIDE_REVIEW, .limit = 5};
	struct nx_result res;
	nindex_search(ix, &q, &res);
	assert_true(res.n >= 1);
	assert_string_equal(ix->entries[res.hits[0].entry].name, "AIR KORYO");
	assert_true(res.hits[0].score == 1.0);
	nx_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heldout),
		cmocka_unit_test(test_thresholds_from_tuning),
		cmocka_unit_test(test_pairs_file_errors),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_min_inclusive),
		cmocka_unit_test(test_index_equals_exhaustive),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
