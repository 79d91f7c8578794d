/*
 * test_nothing_to_screen.c — a name with nothing in it to screen on is an
 * error, never "no hit".
 *
 * `search ""`, `search "!!!"` and `search "Co., Ltd."` printed "no hit at or
 * above 0.50", exit 0, and `compare "GmbH" "AG"` scored 0.000 "no-match":
 * read as a party screened and clear.  A name that normalises to nothing (no
 * letter or digit) or to legal forms alone names no party
 * (match/normalize.h name_unsearchable), and so does a name of single
 * letters ("a" found every listed name with a word of that letter, at
 * 0.52-0.57): search and compare exit 2 saying
 * so; screen-names reports the row with its line and writes it
 * "not-screened", as it does an empty name.
 */
#include "testutil.h"

#include "match/normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir, *db;

static int setup(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	setenv("CHIPSCREEN_LISTS_MAX_AGE", "100000", 1);
	dir = test_tmpdir();
	size_t n = strlen(dir) + 8;
	db = malloc(n);
	snprintf(db, n, "%s/t.db", dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	int rc = run_cmd(&o, &e, "lists", "import", "-q", "--db", db,
			 src_path("tests/fixtures/lists/dod-1260h/sanctions.csv"), NULL);
	strbuf_release(&o);
	strbuf_release(&e);
	return rc == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	test_rmtree(dir);
	free(dir);
	free(db);
	return 0;
}

static void expect_refused(const char *cmd, const char *name, const char *other,
			   const char *why)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, want = STRBUF_INIT;
	int rc = other ? run_cmd(&o, &e, cmd, "--db", db, name, other, NULL)
		       : run_cmd(&o, &e, cmd, "--db", db, name, NULL);
	strbuf_addf(&want, "%s: '%s': %s", cmd, name, why);
	if (rc != 2 || !strstr(e.buf, want.buf))
		fail_msg("%s '%s': exit %d, stderr %s (wanted 2 and '%s')", cmd, name, rc, e.buf,
			 want.buf);
	assert_string_equal(o.buf, "");
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
}

#define NOTHING "it has no letter or digit to screen on"
#define LEGAL   "it is only a legal form, which names no party"
#define LETTERS "it is only single letters, which name no party"

static void test_search_and_compare(void **state)
{
	(void)state;
	expect_refused("search", "", NULL, NOTHING);
	expect_refused("search", "   ", NULL, NOTHING);
	expect_refused("search", "!!! ---", NULL, NOTHING);
	expect_refused("search", "Co., Ltd.", NULL, LEGAL);
	expect_refused("search", "S.A. de C.V.", NULL, LEGAL);
	expect_refused("compare", "GmbH", "AG", LEGAL);
	expect_refused("compare", "", "Huawei", NOTHING);
	/* a letter alone was a potential match of every listed name with a
	 * word of that letter ("a": 20 hits at 0.52-0.57) */
	expect_refused("search", "a", NULL, LETTERS);
	expect_refused("search", "J K", NULL, LETTERS);
	expect_refused("search", "X Corp", NULL, LETTERS);
	/* a name beside a legal form is a name */
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Huawei Co., Ltd.", NULL), 1);
	assert_non_null(strstr(o.buf, "Huawei"));
	assert_int_equal(run_cmd(&o, &e, "compare", "--db", db, "ACME GmbH", "ACME AG", NULL), 1);
	strbuf_release(&o);
	strbuf_release(&e);
}

static void test_screen_names(void **state)
{
	(void)state;
	test_write_str(dir, "in.csv",
		       "name,country\nHuawei Technologies,CN\nCo. Ltd.,\n!!!,\nACME Widgets Ltd,US\n");
	struct strbuf in = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&in, "%s/in.csv", dir);
	int rc = run_cmd(&o, &e, "screen-names", "--db", db, "--column", "name", in.buf, NULL);
	assert_int_equal(rc, 2); /* rows not screened: as with an empty name */
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s:3: name 'Co. Ltd.' in column 'name': " LEGAL "; row not screened",
		    in.buf);
	if (!strstr(e.buf, want.buf))
		fail_msg("'%s' not in %s", want.buf, e.buf);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s:4: name '!!!' in column 'name': " NOTHING "; row not screened",
		    in.buf);
	if (!strstr(e.buf, want.buf))
		fail_msg("'%s' not in %s", want.buf, e.buf);
	/* the rows are written, said not screened: not "no-match" */
	assert_non_null(strstr(o.buf, "\nCo. Ltd.,,,,,,,,,,,,,not-screened,,,,\n"));
	assert_non_null(strstr(o.buf, "\n!!!,,,,,,,,,,,,,not-screened,,,,\n"));
	assert_non_null(strstr(o.buf, "\nACME Widgets Ltd,US,,,,,,,,,,,,no-match,"));
	strbuf_release(&want);
	strbuf_release(&in);
	strbuf_release(&o);
	strbuf_release(&e);
}

static void test_normalised_names(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	const struct norm_tables *tab = norm_tables(&err);
	if (!tab)
		fail_msg("%s", err.buf);
	assert_string_equal(text_unsearchable(tab, ""), NOTHING);
	assert_string_equal(text_unsearchable(tab, "\t-/-"), NOTHING);
	assert_string_equal(text_unsearchable(tab, "LIMITED LIABILITY COMPANY"), LEGAL);
	assert_string_equal(text_unsearchable(tab, "Aktiengesellschaft"), LEGAL);
	assert_null(text_unsearchable(tab, "Huawei"));
	assert_null(text_unsearchable(tab, "7"));     /* a number is a name's part */
	assert_null(text_unsearchable(tab, "J. Smith")); /* so is an initial ... */
	assert_string_equal(text_unsearchable(tab, "A"), LETTERS); /* ... not alone */
	assert_null(text_unsearchable(tab, "华为")); /* and another script */
	assert_null(text_unsearchable(tab, "ACME GmbH"));
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_and_compare),
		cmocka_unit_test(test_screen_names),
		cmocka_unit_test(test_normalised_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
