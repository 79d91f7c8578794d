/*
 * test_fleet_crash.c — an import killed with kill -9 midway leaves the store
 * consistent (integrity check, only whole snapshots) and can be run again;
 * readers keep reading while an import writes.
 *
 * The import runs as `chipscreen import` in a child process, on collect JSON
 * files this test writes (1200 hosts), so what is killed is the command as a
 * user runs it.  By default an import is one transaction: killed, it leaves
 * nothing, and a reader sees no host or all of them.  With --commit-every 100
 * it leaves the hosts of its committed transactions, and a reader sees them
 * come a hundred at a time, each whole.  Midway is when the importer's own
 * progress lines (one a file, CHIPSCREEN_PROGRESS_INTERVAL=0) say so.
 */
#include "fleet-test.h"

#include "cmd/cmd.h"
#include "store/store.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NHOSTS 1200

static char *files_dir, *work_dir;

static void write_host(int i)
{
	char name[32], uuid[40], rel[64];
	snprintf(name, sizeof name, "crash%04d", i);
	snprintf(uuid, sizeof uuid, "20000000-0000-4000-8000-%012d", i);
	struct inventory *inv = t_host(name, uuid, NULL);
	static const char *const pn[][3] = {{"80ce", "80ce", "M393A4K40DB3-CWE"},
					    {"802c", "802c", "MTA36ASF4G72PZ-3G2R1"},
					    {"0198", "80ad", "KSM32RD4/32HDR"}};
	for (int k = 0; k < 8; k++) {
		char slot[16], serial[32], week[32];
		snprintf(slot, sizeof slot, "S%d", k);
		snprintf(serial, sizeof serial, "%04x%04x", i, k);
		snprintf(week, sizeof week, "202%d-W%02d", i % 4, 1 + i % 50);
		t_dimm(inv, slot, pn[i % 3][0], pn[i % 3][1], pn[i % 3][2], week, serial);
	}
	for (int k = 0; k < 22; k++) {
		char addr[32], dev[16];
		snprintf(addr, sizeof addr, "0000:%02x:00.0", k);
		snprintf(dev, sizeof dev, "%04x", 0x09a0 + k);
		t_pci(inv, addr, "8086", dev, "060400");
	}
	snprintf(rel, sizeof rel, "%02d/%s.json", i / 100, name);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", files_dir, rel);
	char *slash = strrchr(p.buf, '/');
	*slash = '\0';
	struct strbuf err = STRBUF_INIT;
	if (make_dirs(p.buf, &err) < 0)
		fail_msg("%s", err.buf);
	*slash = '/';
	FILE *f = fopen(p.buf, "w");
	assert_non_null(f);
	assert_int_equal(inventory_write(inv, f), 0);
	fclose(f);
	strbuf_release(&p);
	strbuf_release(&err);
	inventory_free(inv);
}

static int group_setup(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	work_dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/files", work_dir);
	files_dir = strbuf_detach(&p, NULL);
	for (int i = 0; i < NHOSTS; i++)
		write_host(i);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	test_rmtree(work_dir);
	free(work_dir);
	free(files_dir);
	return 0;
}

/* A child running `chipscreen import --jobs 1 [--commit-every N] --db DB
 * FILES`, its progress lines (one a file) on a pipe the parent reads without
 * waiting. */
struct importer {
	pid_t pid;
	int progress_fd;
	long long imported; /* the last count the progress lines gave */
	char line[256];
	size_t len;
};

static void spawn_import(struct importer *im, const char *db, const char *commit_every)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	im->pid = fork();
	assert_true(im->pid >= 0);
	if (im->pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		setenv("CHIPSCREEN_PROGRESS_INTERVAL", "0", 1);
		char *argv[10] = {"import", "--jobs", "1", "--db", (char *)db};
		int argc = 5;
		if (commit_every) {
			argv[argc++] = "--commit-every";
			argv[argc++] = (char *)commit_every;
		}
		argv[argc++] = files_dir;
		argv[argc] = NULL;
		optind = 0;
		_exit(cmd_import(argc, argv));
	}
	close(fds[1]);
	im->progress_fd = fds[0];
	assert_int_equal(fcntl(im->progress_fd, F_SETFL, O_NONBLOCK), 0);
	im->imported = 0;
	im->len = 0;
}

/* Read what progress there is, without waiting: im->imported. */
static void read_progress(struct importer *im)
{
	char c;
	while (read(im->progress_fd, &c, 1) == 1) {
		if (c != '\n') {
			if (im->len + 1 < sizeof im->line)
				im->line[im->len++] = c;
			continue;
		}
		im->line[im->len] = '\0';
		im->len = 0;
		long long n;
		if (sscanf(im->line, "chipscreen import: %lld/", &n) == 1)
			im->imported = n;
	}
}

/* Wait until the importer says it has imported at least n files. */
static void wait_progress(struct importer *im, long long n)
{
	for (int i = 0; i < 400000 && im->imported < n; i++) {
		read_progress(im);
		if (im->imported < n)
			usleep(50);
	}
	if (im->imported < n)
		fail_msg("the import never got to %lld files (at %lld)", n, im->imported);
	if (im->imported >= NHOSTS)
		fail_msg("the import finished before it could be killed: nothing tested");
}

static void kill_import(struct importer *im)
{
	assert_int_equal(kill(im->pid, SIGKILL), 0);
	int ws;
	assert_int_equal(waitpid(im->pid, &ws, 0), im->pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	close(im->progress_fd);
}

/* A read-only connection, once the importer has made the tables. */
static sqlite3 *reader(const char *db)
{
	for (int tries = 0; tries < 20000; tries++) {
		sqlite3 *r;
		if (sqlite3_open_v2(db, &r, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
			sqlite3_busy_timeout(r, 10000);
			sqlite3_stmt *q;
			if (sqlite3_prepare_v2(r, "SELECT count(*) FROM hosts", -1, &q, NULL) ==
			    SQLITE_OK) {
				sqlite3_finalize(q);
				return r;
			}
		}
		sqlite3_close(r);
		usleep(1000);
	}
	fail_msg("%s: the import never created its tables", db);
	return NULL;
}

static long long one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	long long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	else if (rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(q);
	return v;
}

static const char *text(sqlite3 *db, const char *sql, char *buf, size_t n)
{
	sqlite3_stmt *q;
	buf[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(q) == SQLITE_ROW)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return buf;
}

/* Only whole snapshots: each with all its rows, each host with its last one. */
static void assert_whole(sqlite3 *db)
{
	char buf[256];
	assert_string_equal(text(db, "PRAGMA integrity_check", buf, sizeof buf), "ok");
	assert_int_equal(one(db, "PRAGMA foreign_key_check"), -1); /* no row: no violation */
	assert_int_equal(one(db, "SELECT count(*) FROM snapshots") -
				 one(db, "SELECT count(DISTINCT snapshot) FROM snapshot_units"),
			 0);
	assert_int_equal(one(db, "SELECT count(*) FROM (SELECT snapshot, count(*) n, sum(count) c"
				 " FROM snapshot_units GROUP BY snapshot) g JOIN snapshots s ON"
				 " s.id = g.snapshot WHERE g.n != s.units OR g.c != s.components"),
			 0);
	assert_int_equal(one(db,
			     "SELECT count(*) FROM snapshot_units WHERE snapshot NOT IN"
			     " (SELECT id FROM snapshots) OR unit NOT IN (SELECT id FROM units)"),
			 0);
	assert_int_equal(one(db, "SELECT count(*) FROM hosts h WHERE last_snapshot IS NULL OR"
				 " NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.id ="
				 " h.last_snapshot AND s.host = h.id) OR snapshots != (SELECT"
				 " count(*) FROM snapshots s WHERE s.host = h.id)"),
			 0);
	assert_int_equal(one(db, "SELECT count(*) FROM units WHERE part NOT IN (SELECT id FROM"
				 " parts)"),
			 0);
}

/* The import again: what is in is unchanged, the rest goes in. */
static void run_again(const char *db, long long kept)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "import", "--db", db, files_dir, NULL);
	assert_int_equal(rc, 0);
	strbuf_addf(&want, "%d files into %s: %lld new hosts, 0 changed, %lld unchanged", NHOSTS,
		    db, NHOSTS - kept, kept);
	if (!strstr(err.buf, want.buf))
		fail_msg("\"%s\" lacks \"%s\"", err.buf, want.buf);
	sqlite3 *r;
	assert_int_equal(sqlite3_open(db, &r), SQLITE_OK);
	assert_int_equal(one(r, "SELECT count(*) FROM hosts"), NHOSTS);
	assert_int_equal(one(r, "SELECT count(*) FROM snapshots"), NHOSTS);
	assert_whole(r);
	sqlite3_close(r);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&want);
}

/* One transaction: killed after 300 of its hosts, the import leaves none. */
static void test_kill_midway(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/killed.db", work_dir);
	struct importer im;
	spawn_import(&im, db.buf, NULL);
	wait_progress(&im, 300);
	kill_import(&im);
	/* recovery happens on open, as for any reader after a crash */
	sqlite3 *r;
	assert_int_equal(sqlite3_open(db.buf, &r), SQLITE_OK);
	assert_int_equal(one(r, "SELECT count(*) FROM hosts"), 0);
	assert_int_equal(one(r, "SELECT count(*) FROM snapshots"), 0);
	assert_whole(r);
	sqlite3_close(r);
	run_again(db.buf, 0);
	strbuf_release(&db);
}

/* --commit-every 100: killed after 300 hosts, it keeps its committed ones. */
static void test_kill_midway_commit_every(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/killed-batches.db", work_dir);
	struct importer im;
	spawn_import(&im, db.buf, "100");
	wait_progress(&im, 300);
	kill_import(&im);
	sqlite3 *r;
	assert_int_equal(sqlite3_open(db.buf, &r), SQLITE_OK);
	long long kept = one(r, "SELECT count(*) FROM hosts");
	/* the first 200 were committed when the 300th was imported */
	assert_true(kept >= 200 && kept < NHOSTS);
	assert_int_equal(kept % 100, 0);
	assert_whole(r);
	sqlite3_close(r);
	run_again(db.buf, kept);
	strbuf_release(&db);
}

/*
 * The rows of hosts already in the transaction cannot be written (here a
 * trigger refuses one snapshot's rows, as a full disk would): the import
 * stops and rolls back, never committing hosts without their rows.  1,200
 * hosts of 30 components write their rows twice with
 * CHIPSCREEN_IMPORT_FLUSH_ROWS=20000: once between hosts (the refused one
 * among them), once at the commit.
 */
static void test_rows_refused(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, one0 = STRBUF_INIT;
	strbuf_addf(&db, "%s/refused.db", work_dir);
	strbuf_addf(&one0, "%s/00/crash0000.json", files_dir);
	/* a store with one host, and the trigger */
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, one0.buf, NULL), 0);
	sqlite3 *r;
	assert_int_equal(sqlite3_open(db.buf, &r), SQLITE_OK);
	assert_int_equal(sqlite3_exec(r,
				      "CREATE TRIGGER refuse BEFORE INSERT ON snapshot_units"
				      " WHEN NEW.snapshot = 5 BEGIN"
				      " SELECT RAISE(ABORT, 'disk full (a test)'); END",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(r);
	setenv("CHIPSCREEN_IMPORT_FLUSH_ROWS", "20000", 1);
	for (int every = 0; every < 2; every++) {
		int rc = every ? run_cmd(&out, &err, "import", "--commit-every", "2000", "--db",
					 db.buf, files_dir, NULL)
			       : run_cmd(&out, &err, "import", "--db", db.buf, files_dir, NULL);
		assert_int_equal(rc, EXIT_ERROR);
		if (!strstr(err.buf, "disk full (a test)") ||
		    !strstr(err.buf, "the import stops: its transaction cannot be committed") ||
		    !strstr(err.buf, every ? "hosts rolled back with a transaction that failed (not stored)"
					   : "rolled back: nothing of this import is stored"))
			fail_msg("unexpected messages: %s", err.buf);
		assert_int_equal(sqlite3_open(db.buf, &r), SQLITE_OK);
		assert_int_equal(one(r, "SELECT count(*) FROM hosts"), 1);
		assert_int_equal(one(r, "SELECT count(*) FROM snapshots"), 1);
		assert_whole(r);
		sqlite3_close(r);
	}
	/* without the trigger, the import goes through */
	assert_int_equal(sqlite3_open(db.buf, &r), SQLITE_OK);
	assert_int_equal(sqlite3_exec(r, "DROP TRIGGER refuse", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(r);
	run_again(db.buf, 1);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&one0);
}

/*
 * A reader reads while the import writes: it never waits for it, and each read
 * is consistent.  One transaction: no host or every host.  --commit-every 100:
 * hosts come a hundred at a time, the newest with its whole snapshot.
 */
static void reader_during_import(const char *commit_every)
{
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/shared-%s.db", work_dir, commit_every ? commit_every : "one");
	struct importer im;
	spawn_import(&im, db.buf, commit_every);
	sqlite3 *r = reader(db.buf);
	long long last = 0, midway = 0, reads = 0;
	for (;;) {
		int ws;
		pid_t done = waitpid(im.pid, &ws, WNOHANG);
		read_progress(&im);
		long long said = im.imported;
		/* one consistent read: the newest host has its whole snapshot */
		assert_int_equal(sqlite3_exec(r, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
		long long n = one(r, "SELECT count(*) FROM hosts");
		long long broken =
			one(r, "SELECT coalesce((SELECT s.units - (SELECT count(*) FROM"
			       " snapshot_units su WHERE su.snapshot = s.id) FROM hosts h"
			       " JOIN snapshots s ON s.id = h.last_snapshot ORDER BY h.id"
			       " DESC LIMIT 1), 0)");
		assert_int_equal(sqlite3_exec(r, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(broken, 0);
		assert_true(n >= last); /* hosts only come */
		if (commit_every)
			assert_int_equal(n % 100 == 0 || n == NHOSTS, 1);
		else if (n != 0 && n != NHOSTS)
			fail_msg("a reader saw %lld of %d hosts: half an import", n, NHOSTS);
		last = n;
		reads++;
		/* read while the importer had written hosts it had not all committed */
		midway += done != im.pid && said > 0 && said < NHOSTS && n < said;
		if (done == im.pid) {
			assert_true(WIFEXITED(ws));
			assert_int_equal(WEXITSTATUS(ws), 0);
			break;
		}
		usleep(2000);
	}
	close(im.progress_fd);
	assert_int_equal(one(r, "SELECT count(*) FROM hosts"), NHOSTS);
	sqlite3_close(r);
	print_message("reader (%s): %lld reads, %lld while the import was midway\n",
		      commit_every ? "--commit-every" : "one transaction", reads, midway);
	assert_true(midway > 0);
	strbuf_release(&db);
}

static void test_reader_during_import(void **state)
{
	(void)state;
	reader_during_import(NULL);
}

static void test_reader_during_import_commit_every(void **state)
{
	(void)state;
	reader_during_import("100");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_midway),
		cmocka_unit_test(test_kill_midway_commit_every),
		cmocka_unit_test(test_rows_refused),
		cmocka_unit_test(test_reader_during_import),
		cmocka_unit_test(test_reader_during_import_commit_every),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
