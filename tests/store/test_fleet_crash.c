/*
 * test_fleet_crash.c — an import killed with kill -9 midway leaves the store
 * consistent (integrity check, only whole snapshots) and can be run again;
 * readers keep reading while an import writes.
 *
 * The import runs as `chipscreen import` in a child process, on collect JSON
 * files this test writes (1200 hosts), so what is killed is the command as a
 * user runs it.
 */
#include "fleet-test.h"

#include "cmd/cmd.h"
#include "store/store.h"

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
	/* transactions of 100 hosts, so that there is a midway to kill at */
	setenv("CHIPSCREEN_IMPORT_BATCH", "100", 1);
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

/* `chipscreen import -q --jobs 1 --db DB FILES` in a child process. */
static pid_t spawn_import(const char *db)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *argv[] = {"import", "-q", "--jobs", "1", "--db", (char *)db, files_dir, NULL};
		optind = 0;
		_exit(cmd_import(7, argv));
	}
	return pid;
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

static void test_kill_midway(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/killed.db", work_dir);
	pid_t pid = spawn_import(db.buf);
	sqlite3 *r = reader(db.buf);
	/* kill it as soon as its first transaction is in */
	long long seen = 0;
	for (int i = 0; i < 200000 && seen == 0; i++) {
		seen = one(r, "SELECT count(*) FROM hosts");
		if (!seen)
			usleep(500);
	}
	assert_int_equal(kill(pid, SIGKILL), 0);
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	sqlite3_close(r);
	/* recovery happens on open, as for any reader after a crash */
	assert_int_equal(sqlite3_open(db.buf, &r), SQLITE_OK);
	long long kept = one(r, "SELECT count(*) FROM hosts");
	if (kept >= NHOSTS)
		fail_msg("the import finished before it could be killed: nothing tested");
	assert_true(kept > 0);
	assert_whole(r);
	sqlite3_close(r);
	/* run again: what was in is unchanged, the rest goes in */
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "import", "--db", db.buf, files_dir, NULL);
	assert_int_equal(rc, 0);
	strbuf_addf(&want, "%d files into %s: %lld new hosts, 0 changed, %lld unchanged", NHOSTS,
		    db.buf, NHOSTS - kept, kept);
	if (!strstr(err.buf, want.buf))
		fail_msg("\"%s\" lacks \"%s\"", err.buf, want.buf);
	assert_int_equal(sqlite3_open(db.buf, &r), SQLITE_OK);
	assert_int_equal(one(r, "SELECT count(*) FROM hosts"), NHOSTS);
	assert_int_equal(one(r, "SELECT count(*) FROM snapshots"), NHOSTS);
	assert_whole(r);
	sqlite3_close(r);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&want);
}

static void test_reader_during_import(void **state)
{
	(void)state;
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/shared.db", work_dir);
	pid_t pid = spawn_import(db.buf);
	sqlite3 *r = reader(db.buf);
	long long last = 0, midway = 0, reads = 0;
	for (;;) {
		int ws;
		pid_t done = waitpid(pid, &ws, WNOHANG);
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
		last = n;
		reads++;
		midway += n > 0 && n < NHOSTS;
		if (done == pid) {
			assert_true(WIFEXITED(ws));
			assert_int_equal(WEXITSTATUS(ws), 0);
			break;
		}
		usleep(2000);
	}
	assert_int_equal(one(r, "SELECT count(*) FROM hosts"), NHOSTS);
	sqlite3_close(r);
	print_message("reader: %lld reads, %lld while the import was midway\n", reads, midway);
	assert_true(midway > 0);
	strbuf_release(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_midway),
		cmocka_unit_test(test_reader_during_import),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
