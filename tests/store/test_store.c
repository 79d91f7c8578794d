/*
 * test_store.c — opening, schema steps, foreign files.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "store/store.h"
#include "util/fileio.h"

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

/* The bytes of a file, for comparing before and after. */
static void slurp(const char *path, struct strbuf *out)
{
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(read_file(path, 1 << 24, out, &err), 0);
	strbuf_release(&err);
}

/* An SQLite database of someone else's given as --db is refused, byte for
 * byte unchanged: no chipscreen tables added, not switched to WAL. */
static void test_foreign_database(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT, before = STRBUF_INIT,
		      after = STRBUF_INIT, wal = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&p, "%s/accounts.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(p.buf, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE TABLE accounts(id INTEGER PRIMARY KEY, name TEXT);"
				      "INSERT INTO accounts(name) VALUES ('alice'), ('bob');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	slurp(p.buf, &before);
	const char *want = "accounts.db: an SQLite database without chipscreen's schema_versions "
			   "table: not a chipscreen store (left unchanged";
	for (int readonly = 0; readonly < 2; readonly++) {
		struct store *st;
		assert_int_equal(store_open(&st, p.buf, readonly, &err), -1);
		if (!strstr(err.buf, want))
			fail_msg("readonly=%d: %s", readonly, err.buf);
	}
	/* the commands that write: lists import, import */
	assert_int_equal(run_cmd(&out, &err, "lists", "--db", p.buf, NULL), EXIT_ERROR);
	assert_non_null(strstr(err.buf, want));
	assert_int_equal(run_cmd(&out, &err, "import", "--db", p.buf,
				 src_path("tests/fixtures/hw/dmidecode/glpi_dell-r620.txt"), NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, want));
	slurp(p.buf, &after);
	assert_int_equal(after.len, before.len);
	assert_memory_equal(after.buf, before.buf, before.len);
	strbuf_addf(&wal, "%s-wal", p.buf);
	assert_false(path_exists(wal.buf));
	/* a new, empty file is a store to be */
	struct store *st;
	strbuf_addf(&p, ".new");
	assert_int_equal(store_open(&st, p.buf, false, &err), 0);
	store_close(st);
	strbuf_release(&p);
	strbuf_release(&err);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&wal);
	strbuf_release(&out);
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
		cmocka_unit_test(test_foreign_database),
		cmocka_unit_test(test_default_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
