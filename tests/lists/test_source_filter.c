/*
 * test_source_filter.c — a --source that names nothing loaded is an error
 * on every command that takes it (lists_check_filter, one check): search
 * printed "no hit ... (1 sources)", exit 0, on `--source cls`, and compare
 * took --source and dropped it.  The message names the wrong value, the
 * nearest loaded names and all of them.  The same for the other values a
 * screening takes from the user: lists import --source, search --country
 * and a screen-names country column.
 */
#include "testutil.h"

#include <string.h>

static void test_search_source_typo(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *csl = shared_data("lists/csl/consolidated-sample.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, csl, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--source", "cls",
				 "Sinobright Import and Export Company", NULL),
			 2);
	assert_string_equal(o.buf, "");
	assert_non_null(strstr(e.buf, "--source cls: no loaded source or list is called 'cls'; "
				      "did you mean csl, EL or PLC? (loaded sources and lists: "
				      "DPL, DTC, EL, FSE, ISN, MEU, PLC, SDN, SSI, UVL, csl;"));
	/* the second item of a list, and a filter of commas only */
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--source", "EL,sdnn", "xyz", NULL),
			 2);
	assert_non_null(strstr(e.buf, "is called 'sdnn'; did you mean SDN"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--source", ",", "xyz", NULL), 2);
	assert_non_null(strstr(e.buf, "--source ',' names no source or list"));
	/* what is loaded still screens: a source id and a list code, any case */
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--source", "CSL",
				 "Sinobright Import and Export Company", NULL),
			 1);
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--source", "isn,",
				 "Sinobright Import and Export Company", NULL),
			 1);
	test_rmtree(dir);
	free(dir);
	free(db);
	strbuf_release(&o);
	strbuf_release(&e);
}

/* lists import --source with a typo made a new source beside the loaded
 * one ("cls" beside csl), exit 0: screening then read the old csl. */
static void test_import_source_typo(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *csl = shared_data("lists/csl/consolidated-sample.csv");
	/* near the file's own id, in an empty store */
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "-q", "--db", db, "--source", "cls", csl, NULL),
		2);
	assert_non_null(strstr(e.buf, "--source cls: no source of that id is loaded; did you "
				      "mean csl, the file's own id? (--force stores the file as a "
				      "new source cls)"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, csl, NULL), 0);
	/* near a loaded one */
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, "--source",
				 "csl2", csl, NULL),
			 2);
	assert_non_null(strstr(e.buf, "did you mean csl"));
	/* the id itself, a distinct new one, and a forced near one are taken */
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "-q", "--db", db, "--source", "csl", csl, NULL),
		0);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, "--source",
				 "supplier-blocklist", csl, NULL),
			 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--force", "--db", db,
				 "--source", "cls", csl, NULL),
			 0);
	test_rmtree(dir);
	free(dir);
	free(db);
	strbuf_release(&o);
	strbuf_release(&e);
}

/* search --country with a typo ("Chna") counted as "listed elsewhere"
 * (-0.05) against every hit, and could drop one below --min; in a
 * screen-names country column the same, row by row. */
static void test_country_typo(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *csl = shared_data("lists/csl/consolidated-sample.csv");
	const char *name = "Sinobright Import and Export Company";
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, csl, NULL), 0);
	static const char *const bad[] = {"Chna", "XX", "C"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(
			run_cmd(&o, &e, "search", "--db", db, "--country", bad[i], name, NULL), 2);
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "--country '%s' is not a country code or name", bad[i]);
		if (!strstr(e.buf, want.buf))
			fail_msg("'%s' not in %s", want.buf, e.buf);
		strbuf_release(&want);
	}
	static const char *const good[] = {"CN", "cn", "China"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_int_equal(
			run_cmd(&o, &e, "search", "--db", db, "--country", good[i], name, NULL), 1);
	test_write_str(dir, "sup.csv",
		       "name,country\nSinobright Import and Export Company,Chna\nAcme,China\n");
	char *p = test_path(dir, "sup.csv");
	/* a hit still exits 1 (findings first), with the warning */
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--country-column", "country", p, NULL),
			 1);
	assert_non_null(strstr(e.buf, "sup.csv:2: country 'Chna' is not a country code or name; "
				      "the row is screened without it"));
	assert_non_null(strstr(o.buf, "\nSinobright Import and Export Company,Chna,Sinobright "
				      "Import and Export Company,1.000,"));
	/* no hit: the typo is the result, exit 2 */
	test_write_str(dir, "sup.csv", "name,country\nAcme Screws,Chna\n");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--country-column", "country", p, NULL),
			 2);
	free(p);
	test_rmtree(dir);
	free(dir);
	free(db);
	strbuf_release(&o);
	strbuf_release(&e);
}

/* compare scores two names against each other: a list filter or the
 * evidence options of search would be dropped without a word. */
static void test_compare_refuses_search_options(void **state)
{
	(void)state;
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	static const char *const opt[][2] = {
		{"--source", "cls"}, {"--country", "CN"}, {"--id", "123"}, {"--limit", "3"}};
	for (size_t i = 0; i < sizeof opt / sizeof *opt; i++) {
		assert_int_equal(run_cmd(&o, &e, "compare", opt[i][0], opt[i][1], "Huawei",
					 "Hua Wei", NULL),
				 2);
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "are options of chipscreen search, not of compare");
		if (!strstr(e.buf, want.buf))
			fail_msg("%s: '%s' not in %s", opt[i][0], want.buf, e.buf);
		strbuf_release(&want);
	}
	strbuf_release(&o);
	strbuf_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_source_typo),
		cmocka_unit_test(test_compare_refuses_search_options),
		cmocka_unit_test(test_import_source_typo),
		cmocka_unit_test(test_country_typo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
