/*
 * test_report_full_disk.c — a report that cannot be written says which file
 * (cmd/cmd-report.c write_html()).
 *
 * On a full disk `report -o fleet.html` said "chipscreen: error: writing the
 * report failed": no file named, where every error names it; and a failed
 * flush named the temporary beside the file (fleet.html.tmp-1234), a name the
 * user never gave.  Now "fleet.html: writing failed: File too large (nothing
 * written there)", and the earlier file of that name is as it was.  The full
 * disk is played by RLIMIT_FSIZE (EFBIG, as ENOSPC on a full disk); the store
 * holds the shipped example capture.
 */
#include "testutil.h"

#include "util/fileio.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static void test_full_disk(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, html = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&db, "%s/fleet.db", dir);
	strbuf_addf(&html, "%s/fleet.html", dir);
	assert_int_equal(
		run_cmd(&o, &e, "import", "-q", "--db", db.buf, src_path("examples/server"), NULL),
		0);
	/* once, so that the store holds this run and the next writes nothing to it
	 * (the limit below would stop the store too) */
	assert_int_equal(run_cmd(&o, &e, "report", "--db", db.buf, "--profile", "cn-cii", "--date",
				 "2026-06-01", "-o", html.buf, NULL),
			 0);
	test_write_str(dir, "fleet.html", "last week's report\n");

	struct rlimit saved, r;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	r.rlim_cur = 40000; /* the report is some 60 KB; the store's WAL index 32 KB */
	r.rlim_max = saved.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &r), 0);
	int rc = run_cmd(&o, &e, "report", "--db", db.buf, "--profile", "cn-cii", "--date",
			 "2026-06-01", "-o", html.buf, NULL);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);

	assert_int_equal(rc, 2);
	char want[1024];
	snprintf(want, sizeof want,
		 "chipscreen: error: %s: writing failed: File too large (nothing written "
		 "there)\n",
		 html.buf);
	assert_string_equal(e.buf, want);
	struct strbuf now = STRBUF_INIT;
	assert_int_equal(read_file(html.buf, 1 << 20, &now, &e), 0);
	assert_string_equal(now.buf, "last week's report\n");
	char **names;
	int n = list_dir(dir, &names, &e); /* fleet.db, fleet.html: no temporary */
	assert_int_equal(n, 2);
	free_names(names, n);
	strbuf_release(&now);
	strbuf_release(&db);
	strbuf_release(&html);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_full_disk)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
