/*
 * test_store_access.c — a store this user may only read still serves the
 * read commands (lists, search, fleet when its run is recorded), and what
 * cannot work says why (issue 17, item 9).  As root, the commands run in a
 * child dropped to nobody (run_as_user); the store's file and directory are
 * made read-only.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "store/store.h"
#include "util/fileio.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct ro {
	char *dir;   /* holds the store; made read-only */
	char db[4200];
};

static void setup_store(struct ro *x)
{
	x->dir = test_tmpdir();
	snprintf(x->db, sizeof x->db, "%s/s.db", x->dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	setenv("CHIPSCREEN_CONFIG", "", 1);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", x->db,
				 src_path("tests/fixtures/lists/bis-dpl.txt"), NULL),
			 EXIT_CLEAR);
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x->db,
				 src_path("tests/fixtures/hw/dmidecode/glpi_dell-r620.txt"), NULL),
			 EXIT_CLEAR);
	int rc = run_cmd(&out, &err, "fleet", "--db", x->db, "--date", "2026-01-15", NULL);
	if (rc != EXIT_CLEAR && rc != EXIT_FINDINGS)
		fail_msg("fleet: %s", err.buf);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* One line per command: its tag, exit status, output and errors (newlines
 * made spaces). */
static void add_line(struct strbuf *sb, const char *tag, int rc, const struct strbuf *out,
		     const struct strbuf *err)
{
	size_t from = sb->len;
	strbuf_addf(sb, "%s %d %s|%s", tag, rc, out->buf, err->buf);
	for (size_t i = from; i < sb->len; i++)
		if (sb->buf[i] == '\n')
			sb->buf[i] = ' ';
	strbuf_addch(sb, '\n');
}

/* What each command says, for the parent to check. */
static void run_reads(void *ctx, struct strbuf *sb)
{
	const struct ro *x = ctx;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "lists", "--db", x->db, NULL);
	add_line(sb, "lists", rc, &out, &err);
	rc = run_cmd(&out, &err, "search", "--db", x->db, "Huawei Technologies", NULL);
	add_line(sb, "search", rc, &out, &err);
	rc = run_cmd(&out, &err, "fleet", "--db", x->db, "--date", "2026-01-15", NULL);
	add_line(sb, "fleet", rc, &out, &err);
	rc = run_cmd(&out, &err, "fleet", "--db", x->db, "--date", "2026-01-16", NULL);
	add_line(sb, "newrun", rc, &out, &err);
	rc = run_cmd(&out, &err, "import", "--db", x->db,
		     src_path("tests/fixtures/hw/dmidecode/glpi_dell-r720.txt"), NULL);
	add_line(sb, "import", rc, &out, &err);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* The line of sb starting with tag, after the tag (valid until the next call). */
static const char *block(const struct strbuf *sb, const char *tag)
{
	static char line[1 << 16];
	size_t n = strlen(tag);
	for (const char *p = sb->buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, tag, n) && p[n] == ' ') {
			size_t len = strcspn(p + n + 1, "\n");
			snprintf(line, sizeof line, "%.*s", (int)len, p + n + 1);
			return line;
		}
	fail_msg("no %s in:\n%s", tag, sb->buf);
	return NULL;
}

static void check_reads(const struct strbuf *sb)
{
	const char *b = block(sb, "lists");
	assert_true(!strncmp(b, "0 ", 2));
	assert_non_null(strstr(b, "bis-dpl"));
	b = block(sb, "search");
	assert_true(b[0] == '0' || b[0] == '1');
	if (strstr(strchr(b, '|'), "error"))
		fail_msg("search: %s", b);
	b = block(sb, "fleet");
	if (!(b[0] == '0' || b[0] == '1') || !strstr(b, "run 1,"))
		fail_msg("fleet: %s", b);
	/* a new run must be written: refused, naming why */
	b = block(sb, "newrun");
	assert_true(!strncmp(b, "2 ", 2));
	assert_non_null(strstr(b, "a new screening run must be recorded (the date changed"));
	assert_non_null(strstr(b, "the store is read-only"));
	b = block(sb, "import");
	assert_true(!strncmp(b, "2 ", 2));
	assert_non_null(strstr(b, "attempt to write a readonly database (the store is read-only "
				  "for this user: "));
}

/* A read-only file in a writable directory: SQLite opens it read-only. */
static void test_readonly_file(void **state)
{
	(void)state;
	struct ro x;
	setup_store(&x);
	assert_int_equal(chmod(x.db, 0444), 0);
	if (geteuid() == 0)
		assert_int_equal(chmod(x.dir, 0777), 0); /* nobody may write the directory */
	struct strbuf sb = STRBUF_INIT;
	run_as_user(run_reads, &x, &sb);
	check_reads(&sb);
	assert_non_null(strstr(block(&sb, "import"), "s.db is not writable"));
	strbuf_release(&sb);
	chmod(x.db, 0644);
	test_rmtree(x.dir);
	free(x.dir);
}

/* A read-only directory: no -shm can be made, so the store is read immutable. */
static void test_readonly_dir(void **state)
{
	(void)state;
	struct ro x;
	setup_store(&x);
	assert_int_equal(chmod(x.db, 0444), 0);
	assert_int_equal(chmod(x.dir, 0555), 0);
	struct strbuf sb = STRBUF_INIT;
	run_as_user(run_reads, &x, &sb);
	check_reads(&sb);
	strbuf_release(&sb);

	/* unreadable altogether: the message names the permission, not "not a store" */
	assert_int_equal(chmod(x.db, 0), 0);
	struct strbuf out = STRBUF_INIT;
	run_as_user(run_reads, &x, &out);
	const char *b = block(&out, "lists");
	assert_true(!strncmp(b, "2 ", 2));
	assert_non_null(strstr(b, "s.db: permission denied"));
	assert_null(strstr(b, "not a chipscreen store"));
	strbuf_release(&out);
	chmod(x.dir, 0755);
	chmod(x.db, 0644);
	test_rmtree(x.dir);
	free(x.dir);
}

/* ---- two processes (issue 17, item 10) ---- */

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A child that holds the store's write lock until go is closed. */
static pid_t hold_store(const char *db, int *go_out)
{
	int ready[2], go[2];
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		struct store *st;
		struct strbuf err = STRBUF_INIT;
		char c = store_open(&st, db, false, &err) == 0 && store_begin(st, &err) == 0 ? '1' : '0';
		(void)!write(ready[1], &c, 1);
		(void)!read(go[0], &c, 1); /* until the parent closes it */
		store_rollback(st);
		store_close(st);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	char c = 0;
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(c, '1');
	close(ready[0]);
	*go_out = go[1];
	return pid;
}

static void test_second_writer(void **state)
{
	(void)state;
	struct ro x;
	setup_store(&x);
	setenv("CHIPSCREEN_LOCK_WAIT", "1", 1);
	int go;
	pid_t pid = hold_store(x.db, &go);
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT, want = STRBUF_INIT, note = STRBUF_INIT;
	strbuf_addf(&note, "%s-writer", x.db);
	assert_true(path_exists(note.buf));

	/* a writer waits, then names the holder */
	struct store *st;
	assert_int_equal(store_open(&st, x.db, false, &err), 0);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(store_begin(st, &err), -1);
	double waited = since(&t0);
	assert_true(waited >= 0.9 && waited < 5);
	strbuf_addf(&want, "%s: the store is being written by another process (pid %ld, `", x.db,
		    (long)pid);
	if (strncmp(err.buf, want.buf, want.len))
		fail_msg("got: %s", err.buf);
	assert_non_null(strstr(err.buf, "test_store_access"));
	assert_non_null(strstr(err.buf, "`, writing since 20"));
	assert_non_null(strstr(err.buf, "gave up after waiting 1s (CHIPSCREEN_LOCK_WAIT)"));

	/* readers do not wait: lists, and fleet served from its recorded run */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(run_cmd(&out, &err, "lists", "--db", x.db, NULL), EXIT_CLEAR);
	int rc = run_cmd(&out, &err, "search", "--db", x.db, "Huawei Technologies", NULL);
	if (rc != EXIT_CLEAR && rc != EXIT_FINDINGS)
		fail_msg("search: %s", err.buf);
	rc = run_cmd(&out, &err, "fleet", "--db", x.db, "--date", "2026-01-15", NULL);
	assert_true(rc == EXIT_CLEAR || rc == EXIT_FINDINGS);
	assert_true(since(&t0) < 0.9);
	/* commands that must write say who holds the store */
	assert_int_equal(run_cmd(&out, &err, "fleet", "--db", x.db, "--date", "2026-01-16", NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, want.buf));
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x.db,
				 src_path("tests/fixtures/hw/dmidecode/glpi_dell-r720.txt"), NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, want.buf));
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", x.db,
				 src_path("tests/fixtures/lists/bis-dpl.txt"), NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, want.buf));

	/* the holder lets go: its note goes, the writer gets in */
	close(go);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_false(path_exists(note.buf));
	assert_int_equal(store_begin(st, &err), 0);
	assert_true(path_exists(note.buf));
	assert_int_equal(store_commit(st, &err), 0);
	assert_false(path_exists(note.buf));

	/* a holder that left no note (sqlite3 itself), and a stale note */
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(x.db, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_begin(st, &err), -1);
	assert_non_null(strstr(err.buf, "(not one that left a note: sqlite3 or an older "
					"chipscreen?); gave up after waiting 1s"));
	test_write_str(x.dir, "s.db-writer", "2147483646\t2026-01-01T00:00:00Z\tchipscreen import\n");
	assert_int_equal(store_begin(st, &err), -1);
	assert_non_null(strstr(err.buf, "pid 2147483646, which left"));
	sqlite3_exec(raw, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(raw);
	store_close(st);
	unsetenv("CHIPSCREEN_LOCK_WAIT");
	strbuf_release(&err);
	strbuf_release(&out);
	strbuf_release(&want);
	strbuf_release(&note);
	test_rmtree(x.dir);
	free(x.dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readonly_file),
		cmocka_unit_test(test_readonly_dir),
		cmocka_unit_test(test_second_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
