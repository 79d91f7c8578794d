/*
 * test_store.c — opening, schema steps, foreign files.
 */
#include "testutil.h"

#include "store/store.h"

#include <string.h>

static const struct store_step steps_v1[] = {
	{1, "CREATE TABLE t(a INTEGER)"},
};
static const struct store_step steps_v2[] = {
	{1, "CREATE TABLE t(a INTEGER)"},
	{2, "ALTER TABLE t ADD COLUMN b TEXT"},
};

static void test_schema_steps(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/sub/dir/cs.db", dir);
	struct store *st;
	assert_int_equal(store_open(&st, p.buf, false, &err), 0);
	assert_int_equal(store_ensure_schema(st, "test", steps_v1, 1, &err), 0);
	assert_int_equal(store_ensure_schema(st, "test", steps_v1, 1, &err), 0); /* idempotent */
	assert_int_equal(store_ensure_schema(st, "test", steps_v2, 2, &err), 0);
	assert_int_equal(store_exec(st, "INSERT INTO t(a, b) VALUES (1, 'x')", &err), 0);
	store_close(st);
	/* an older chipscreen meets a newer store */
	assert_int_equal(store_open(&st, p.buf, false, &err), 0);
	assert_int_equal(store_ensure_schema(st, "test", steps_v1, 1, &err), -1);
	assert_non_null(strstr(
		err.buf, "the test tables are at version 2, newer than this chipscreen knows (1)"));
	store_close(st);
	strbuf_release(&p);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static void test_foreign_file(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	test_write_str(dir, "notadb.db",
		       "this is a text file, not a database, and long enough to show it\n");
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/notadb.db", dir);
	struct store *st;
	assert_int_equal(store_open(&st, p.buf, false, &err), -1);
	assert_non_null(
		strstr(err.buf, "notadb.db: not a chipscreen store: file is not a database"));
	strbuf_release(&p);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static void test_default_path(void **state)
{
	(void)state;
	struct strbuf p = STRBUF_INIT;
	setenv("XDG_DATA_HOME", "/x/data", 1);
	assert_string_equal(store_default_path(&p), "/x/data/chipscreen/chipscreen.db");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	assert_string_equal(store_default_path(&p),
			    "/home/u/.local/share/chipscreen/chipscreen.db");
	strbuf_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_steps),
		cmocka_unit_test(test_foreign_file),
		cmocka_unit_test(test_default_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
