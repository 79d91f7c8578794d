/*
 * test_tsv.c — util/tsv, the one reader of chipscreen's data tables: what a
 * table may hold (comments, blank lines, CRLF, columns in any order, a last
 * line without a newline) and each damage it refuses, with the file and
 * line named.
 */
#include "testutil.h"

#include "util/arena.h"
#include "util/tsv.h"

#include <string.h>

static const char *const want[] = {"id", "name", "source", NULL};

/* Open dir/rel holding text; the tsv_open result, err filled. */
static int open_text(struct arena *a, struct tsv *t, const char *dir, const char *text,
		     struct strbuf *err)
{
	test_write_str(dir, "t.tsv", text);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/t.tsv", dir);
	int rc = tsv_open(a, t, p.buf, want, err);
	strbuf_release(&p);
	return rc;
}

static void test_rows(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct arena *a = arena_new();
	struct strbuf err = STRBUF_INIT;
	struct tsv t;
	assert_int_equal(open_text(a, &t, dir,
				   "# a comment\n\nsource\tid\tname\r\n"
				   "pci.ids\tmicron\tMicron Technology\r\n"
				   "# between rows\n"
				   "JEP106\tymtc\tYangtze Memory",
				   &err),
			 0);
	assert_int_equal(t.ncol, 3);
	assert_int_equal(tsv_next(&t, 3, &err), 1);
	assert_string_equal(t.row[0], "micron");
	assert_string_equal(t.row[1], "Micron Technology");
	assert_string_equal(t.row[2], "pci.ids");
	assert_int_equal(t.line, 4);
	assert_int_equal(tsv_next(&t, 3, &err), 1);
	assert_string_equal(t.row[0], "ymtc");
	assert_string_equal(t.row[2], "JEP106");
	assert_int_equal(t.line, 6);
	assert_int_equal(tsv_next(&t, 3, &err), 0);
	arena_free(a);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static void test_damage(void **state)
{
	(void)state;
	static const struct {
		const char *text, *layout, *what;
	} bad[] = {
		{"id\tname\tsource\nx\ty\n", NULL, "t.tsv:2: 2 columns, the header has 3"},
		{"id\tname\tsource\nx\ty\n", "id, name, source",
		 "t.tsv:2: expected 3 tab-separated columns (id, name, source)"},
		{"id\tname\tsource\nx\ty\t\n", NULL,
		 "t.tsv:2: empty source column: every row needs its source"},
		{"id\tname\tsource\n1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t17\n",
		 NULL, "t.tsv:2: more than 16 columns"},
	};
	char *dir = test_tmpdir();
	struct strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct arena *a = arena_new();
		struct tsv t;
		assert_int_equal(open_text(a, &t, dir, bad[i].text, &err), 0);
		t.layout = bad[i].layout;
		assert_int_equal(tsv_next(&t, 3, &err), -1);
		if (!strstr(err.buf, bad[i].what))
			fail_msg("%s\nwanted: %s", err.buf, bad[i].what);
		arena_free(a);
	}
	/* the header: missing, or without a wanted column */
	struct arena *a = arena_new();
	struct tsv t;
	assert_int_equal(open_text(a, &t, dir, "# only a comment\n", &err), -1);
	assert_non_null(strstr(err.buf, "t.tsv:1: no header line"));
	assert_int_equal(open_text(a, &t, dir, "id\tname\n", &err), -1);
	assert_non_null(strstr(err.buf, "t.tsv:1: the header has no column \"source\""));
	/* several missing: the source column is named first, then in order */
	assert_int_equal(open_text(a, &t, dir, "name\n", &err), -1);
	assert_non_null(strstr(err.buf, "t.tsv:1: the header has no column \"source\""));
	assert_int_equal(open_text(a, &t, dir, "source\n", &err), -1);
	assert_non_null(strstr(err.buf, "t.tsv:1: the header has no column \"id\""));
	/* a NUL byte, and a file that is not there */
	test_write(dir, "t.tsv", "id\0name", 7);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/t.tsv", dir);
	assert_int_equal(tsv_open(a, &t, p.buf, want, &err), -1);
	assert_non_null(strstr(err.buf, "t.tsv: holds a NUL byte: not a text table"));
	strbuf_addstr(&p, ".gone");
	assert_int_equal(tsv_open(a, &t, p.buf, want, &err), -1);
	assert_non_null(strstr(err.buf, "t.tsv.gone"));
	strbuf_release(&p);
	arena_free(a);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
