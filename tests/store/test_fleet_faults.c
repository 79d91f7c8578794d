/*
 * test_fleet_faults.c — the store's failure paths, with the failure injected
 * by an SQLite trigger that refuses one write (as a full disk or a broken
 * row would):
 *
 *   - a host that fails partway leaves nothing, in a batch (its savepoint
 *     is rolled back, not released) and alone;
 *   - a screening run that fails before its commit leaves no run, no
 *     verdicts and no rule versions;
 *   - `import --commit-every` whose batch fails counts only the hosts that
 *     were committed (issue 17, item 11).
 */
#include "fleet-test.h"

#include <sqlite3.h>

static void exec(struct fleet *f, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(fleet_store(f)->db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static struct inventory *host(int i)
{
	char name[32], uuid[48], serial[16];
	snprintf(name, sizeof name, "h%02d", i);
	snprintf(uuid, sizeof uuid, "30000000-0000-4000-8000-%012d", i);
	struct inventory *inv = t_host(name, uuid, NULL);
	snprintf(serial, sizeof serial, "S%04d", i);
	t_dimm(inv, "A1", "802c", "802c", "MTA36ASF4G72PZ-3G2R1", "2021-W10", serial);
	t_pci(inv, "0000:5e:00.0", "19e5", "1822", "020000");
	return inv;
}

static int try_import(struct fleet *f, int i, struct strbuf *err)
{
	struct inventory *inv = host(i);
	char name[32];
	snprintf(name, sizeof name, "h%02d", i);
	struct fleet_host_opts o = {.kind = FLEET_MACHINE, .name = name, .sources = "test"};
	struct fleet_imported r;
	int rc = fleet_import(f, inv, &o, &r, err);
	inventory_free(inv);
	return rc;
}

/* The trigger fails the snapshot of host "h02", after its hosts row. */
static const char *refuse_h02 =
	"CREATE TRIGGER refuse BEFORE INSERT ON snapshots"
	" WHEN (SELECT name FROM hosts WHERE id = NEW.host) = 'h02' BEGIN"
	" SELECT RAISE(ABORT, 'refused (a test)'); END";

static void test_host_fails_partway(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct fleet *f = t_fleet(dir);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(try_import(f, 0, &err), 0);
	exec(f, refuse_h02);
	/* in a batch: h01 and h03 stored, nothing of h02 */
	assert_int_equal(fleet_batch_begin(f, &err), 0);
	assert_int_equal(try_import(f, 1, &err), 0);
	assert_int_equal(try_import(f, 2, &err), -1);
	assert_non_null(strstr(err.buf, "refused (a test)"));
	assert_int_equal(try_import(f, 3, &err), 0);
	assert_int_equal(fleet_batch_commit(f, &err), 0);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM hosts"), 3);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM hosts WHERE name = 'h02'"), 0);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM snapshots"), 3);
	/* alone (its own transaction): the same */
	assert_int_equal(try_import(f, 2, &err), -1);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM hosts WHERE name = 'h02'"), 0);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM hosts"), 3);
	/* and the store takes further hosts */
	assert_int_equal(try_import(f, 4, &err), 0);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM hosts"), 4);
	fleet_close(f);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

/* A run refused at its last write leaves nothing of itself. */
static void test_run_fails(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct fleet *f = t_fleet(dir);
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT, db = STRBUF_INIT;
	for (int i = 0; i < 3; i++)
		assert_int_equal(try_import(f, i, &err), 0);
	exec(f, "CREATE TRIGGER refuse BEFORE UPDATE ON runs BEGIN"
		" SELECT RAISE(ABORT, 'refused (a test)'); END");
	fleet_close(f);
	strbuf_addf(&db, "%s/store.db", dir);
	setenv("CHIPSCREEN_CONFIG", "", 1);
	assert_int_equal(run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "cn-cii",
				 "--date", "2026-01-15", NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, "refused (a test)"));
	f = t_fleet(dir);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM runs"), 0);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM verdicts"), 0);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM rule_versions"), 0);
	/* without the trigger the same run is recorded, with verdicts: the
	 * refused one had them to leave behind */
	exec(f, "DROP TRIGGER refuse");
	fleet_close(f);
	int rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
			 "2026-01-15", NULL);
	assert_true(rc == EXIT_CLEAR || rc == EXIT_FINDINGS);
	f = t_fleet(dir);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM runs"), 1);
	assert_true(t_sql(f, "SELECT count(*) FROM verdicts") > 0);
	fleet_close(f);
	strbuf_release(&err);
	strbuf_release(&out);
	strbuf_release(&db);
	test_rmtree(dir);
	free(dir);
}

/* --commit-every 3 over five hosts; the second batch (h04, h05) cannot be
 * committed at the end (the rows of h04's snapshot are refused when written
 * at the commit).  Three stored, two rolled back: the counts differ, so a
 * summary that swapped them would show. */
static void test_commit_every_counts(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT, db = STRBUF_INIT,
		      files = STRBUF_INIT;
	strbuf_addf(&files, "%s/in", dir);
	assert_int_equal(make_dirs(files.buf, &err), 0);
	for (int i = 1; i <= 5; i++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/h%02d.json", files.buf, i);
		FILE *fp = fopen(p.buf, "w");
		assert_non_null(fp);
		struct inventory *inv = host(i);
		assert_int_equal(inventory_write(inv, fp), 0);
		fclose(fp);
		inventory_free(inv);
		strbuf_release(&p);
	}
	struct fleet *f = t_fleet(dir);
	assert_int_equal(try_import(f, 0, &err), 0);
	exec(f, "CREATE TRIGGER refuse BEFORE INSERT ON snapshot_units"
		" WHEN NEW.snapshot = (SELECT max(id) FROM snapshots s WHERE s.host ="
		" (SELECT id FROM hosts WHERE name = 'h04')) BEGIN"
		" SELECT RAISE(ABORT, 'disk full (a test)'); END");
	fleet_close(f);
	strbuf_addf(&db, "%s/store.db", dir);
	assert_int_equal(run_cmd(&out, &err, "import", "--jobs", "1", "--commit-every", "3", "--db",
				 db.buf, files.buf, NULL),
			 EXIT_ERROR);
	f = t_fleet(dir);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM hosts"), 4); /* h00 to h03 */
	fleet_close(f);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want,
		    "chipscreen import: 5 files into %s: 3 new hosts, 0 changed, 0 unchanged (6 "
		    "components); 2 hosts rolled back with a transaction that failed (not stored)",
		    db.buf);
	if (!strstr(err.buf, want.buf))
		fail_msg("want \"%s\" in:\n%s", want.buf, err.buf);
	strbuf_release(&want);
	strbuf_release(&err);
	strbuf_release(&out);
	strbuf_release(&db);
	strbuf_release(&files);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_fails_partway),
		cmocka_unit_test(test_run_fails),
		cmocka_unit_test(test_commit_every_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
