/*
 * test_store.c — opening, schema steps, foreign files, a failing disk.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "store/store.h"
#include "util/fileio.h"

#include <errno.h>
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

/*
 * A disk that fails under the store, without a failing disk: a VFS over the
 * default one whose reads of the main database fail with fail_code and the
 * system error fail_errno, as a full, dying or read-only-remounted disk makes
 * them.  The 100-byte header read when SQLite opens the file passes, so the
 * fault strikes at the first read of a page, as a full disk's strikes when
 * SQLite extends the -shm file.  It hands the file to the real VFS and swaps in a copy of its methods
 * with xRead replaced, so every other call goes to the real file unchanged.
 */
static sqlite3_vfs faulty_vfs, *real_vfs;
static sqlite3_io_methods faulty_methods;
static const sqlite3_io_methods *real_methods;
static int fail_code, fail_errno;

static int faulty_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (fail_code && n > 100) { /* not the header peek of sqlite3_open_v2 */
		errno = fail_errno;
		return fail_code;
	}
	return real_methods->xRead(f, buf, n, off);
}

static int faulty_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
		       int *out)
{
	(void)vfs;
	int rc = real_vfs->xOpen(real_vfs, name, f, flags, out);
	if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_DB) && f->pMethods) {
		real_methods = f->pMethods;
		faulty_methods = *f->pMethods;
		faulty_methods.xRead = faulty_read;
		f->pMethods = &faulty_methods;
	}
	return rc;
}

/* Open path through the faulty VFS failing with code and errno e. */
static int open_faulty(const char *path, int code, int e, struct strbuf *err)
{
	real_vfs = sqlite3_vfs_find(NULL);
	faulty_vfs = *real_vfs;
	faulty_vfs.zName = "faulty";
	faulty_vfs.xOpen = faulty_open;
	assert_int_equal(sqlite3_vfs_register(&faulty_vfs, 1), SQLITE_OK);
	fail_code = code;
	fail_errno = e;
	struct store *st;
	int rc = store_open(&st, path, false, err);
	if (rc == 0)
		store_close(st);
	fail_code = 0;
	sqlite3_vfs_unregister(&faulty_vfs);
	return rc;
}

/* A store on a disk that fails is not called "not a chipscreen store":
 * the message names the store, what SQLite said and the system's reason. */
static void test_disk_error(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	strbuf_addf(&p, "%s/cs.db", dir);
	struct store *st;
	assert_int_equal(store_open(&st, p.buf, false, &err), 0);
	assert_int_equal(store_ensure_schema(st, "test", steps_v1, 1, &err), 0);
	store_close(st);
	static const struct {
		int code, e;
		const char *said;
	} cases[] = {
		{SQLITE_IOERR_READ, EIO, "cannot read the store: disk I/O error (Input/output error)"},
		{SQLITE_IOERR_READ, ENOSPC,
		 "cannot read the store: disk I/O error (No space left on device)"},
		{SQLITE_IOERR_READ, EROFS,
		 "cannot read the store: disk I/O error (Read-only file system)"},
		{SQLITE_IOERR_READ, EACCES, "cannot read the store: disk I/O error (Permission denied)"},
		{SQLITE_FULL, 0, "cannot read the store: database or disk is full"},
		{SQLITE_NOTADB, 0, "not a chipscreen store: file is not a database"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(open_faulty(p.buf, cases[i].code, cases[i].e, &err), -1);
		strbuf_reset(&want);
		strbuf_addf(&want, "%s: %s", p.buf, cases[i].said);
		assert_string_equal(err.buf, want.buf);
	}
	/* the disk mended, the store opens as it was */
	assert_int_equal(store_open(&st, p.buf, false, &err), 0);
	assert_int_equal(store_exec(st, "SELECT a FROM t", &err), 0);
	store_close(st);
	strbuf_release(&p);
	strbuf_release(&err);
	strbuf_release(&want);
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
		cmocka_unit_test(test_disk_error),
		cmocka_unit_test(test_default_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
