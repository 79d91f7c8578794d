/*
 * test_match.c — normalisation, token similarity, scores and their known
 * failure cases in other screeners (doc/matching.md).
 */
#include "testutil.h"

#include "match/index.h"
#include "match/normalize.h"
#include "match/score.h"

#include <string.h>

static void tokens(const char *name, const char *want)
{
	struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;
	const struct norm_tables *t = norm_tables(&err);
	if (!t)
		fail_msg("%s", err.buf);
	struct nname nn;
	nname_init(&nn);
	normalize_name(t, name, strlen(name), &nn);
	for (int i = 0; i < nn.n; i++)
		strbuf_addf(&got, "%s%c:%s", i ? " " : "", nn.t[i].kind, ntok_text(&nn, i));
	assert_string_equal(got.buf, want);
	nname_release(&nn);
	strbuf_release(&got);
	strbuf_release(&err);
}

static void test_normalize(void **state)
{
	(void)state;
	tokens("BOYLE CHEMICAL CO., LTD.", "W:boyle W:chemical L:ltd");
	tokens("Boyle Chemical Company Limited", "W:boyle W:chemical L:ltd");
	tokens("CORPORACION CIMEX, S.A.", "W:corporacion W:cimex L:sa");
	tokens("JIM'ALE, Ahmed", "W:jimale W:ahmed");
	tokens("11420 CORP.", "N:11420 L:corp");
	tokens("Ｈｕａｗｅｉ　Ｔｅｃｈｎｏｌｏｇｉｅｓ", "W:huawei W:technology");
	tokens("Banco Nacional de Cúba", "W:banco W:nacional W:de W:cuba");
	tokens("长江存储科技有限责任公司", "C:长江 C:江存 C:存储 C:储科 C:科技 L:llc");
	tokens("杭州海康威视数字技术股份有限公司",
	       "C:杭州 C:州海 C:海康 C:康威 C:威视 C:视数 C:数字 C:字技 C:技术 L:jsc");
	tokens("H & H METALFORM GMBH", "I:h W:and I:h W:metalform L:gmbh");
	tokens("D.G.D. INVESTMENTS LTD.", "W:dgd W:investment L:ltd");
	tokens("Petrochemical Co Intl", "W:petrochemical L:co W:international");
	tokens("INC", "W:inc"); /* a name that is only a legal form keeps it */
	/* bytes that are not UTF-8 are read as Windows-1252 */
	tokens("Soci\xe9t\xe9 G\xe9n\xe9rale", "W:societe W:generale");
	tokens("", "");
}

static void test_token_sim(void **state)
{
	(void)state;
	enum sim_why w;
	int e;
	assert_true(token_sim('W', "huawei", 6, 'W', "hauwei", 6, &w, &e) > 0.8);
	assert_int_equal(w, SIM_FUZZY);
	assert_int_equal(e, 1); /* a transposition is one edit */
	assert_true(token_sim('W', "bush", 4, 'W', "habbash", 7, &w, &e) == 0);
	assert_true(token_sim('N', "11420", 5, 'W', "belletech", 9, &w, &e) == 0);
	assert_true(token_sim('N', "11420", 5, 'N', "11421", 5, &w, &e) == 0);
	assert_true(token_sim('W', "abc", 3, 'W', "abd", 3, &w, &e) == 0); /* short: exact only */
	assert_true(token_sim('L', "ltd", 3, 'L', "ltd", 3, &w, &e) == 1);
	assert_true(token_sim('L', "ltd", 3, 'L', "gmbh", 4, &w, &e) == SIM_LEGAL_OTHER);
	assert_true(token_sim('I', "j", 1, 'W', "john", 4, &w, &e) == SIM_INITIAL);
	assert_int_equal(max_edits(3), 0);
	assert_int_equal(max_edits(4), 1);
	assert_int_equal(max_edits(8), 2);
	/* deletion depth covers every partner within max_edits */
	for (uint32_t n = 1; n < 30; n++)
		for (uint32_t m = 1; m < 30; m++) {
			uint32_t big = n > m ? n : m;
			int k = max_edits(big);
			int diff = n > m ? (int)(n - m) : (int)(m - n);
			if (diff <= k) {
				assert_true(deletion_depth(n) >= k);
				assert_true(deletion_depth(m) >= k);
			}
		}
}

static double cmp(const char *a, const char *b)
{
	return compare_names(NULL, a, b, NULL, NULL);
}

static void test_scores(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	assert_non_null(norm_tables(&err));
	/* Watchman #483, #338, #115 */
	assert_true(cmp("BELLETECH CORP", "11420 CORP.") < 0.5);
	assert_true(cmp("emma daniels", "EMMA LLC") < 0.7);
	assert_true(cmp("George Bush", "George Habbash") < 0.7);
	/* order, case, legal form, accents */
	assert_true(cmp("Nicolas Maduro Moros", "MADURO MOROS, Nicolas") == 1.0);
	assert_true(cmp("Boyle Chemical Company Limited", "BOYLE CHEMICAL CO., LTD.") == 1.0);
	assert_true(cmp("Corporación Cimex", "CORPORACION CIMEX S.A.") >= 0.85);
	assert_true(cmp("11420 Corp", "11420 CORP.") == 1.0);
	assert_true(cmp("11421 Corp", "11420 CORP.") < 0.5);
	struct strbuf why = STRBUF_INIT;
	double s = compare_names(NULL, "Hauwei Technologies", "Huawei Technologies Co., Ltd.", &why,
				 NULL);
	assert_true(s > 0.7 && s < 1.0);
	assert_non_null(strstr(why.buf, "\"hauwei\"~\"huawei\" 0.83 1 edit"));
	assert_non_null(strstr(why.buf, "listed \"ltd\" unmatched"));
	strbuf_release(&why);
	strbuf_release(&err);
}

static void test_tables_errors(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	test_write_str(dir, "legal-forms.tsv", "form\tclass\tjurisdiction\tsource\nLtd\tltd\n");
	test_write_str(dir, "name-abbreviations.tsv", "abbreviation\texpansion\tsource\n");
	setenv("CHIPSCREEN_DATA", dir, 1);
	norm_tables_reset();
	struct strbuf err = STRBUF_INIT;
	assert_null(norm_tables(&err));
	assert_non_null(strstr(err.buf, "legal-forms.tsv:2: expected 4 tab-separated columns"));
	unsetenv("CHIPSCREEN_DATA");
	norm_tables_reset();
	assert_non_null(norm_tables(&err));
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_token_sim),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_tables_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
