/*
 * test_list_versions.c — a list's version is its newest date, never its
 * oldest: the FollowTheMoney exports' newest `last_change`, the DoD 1260H
 * table's newest `Start date` (computed from the fixtures with a script
 * independent of chipscreen: min and max differ in each file).
 */
#include "testutil.h"

#include "chipscreen.h"

#include <string.h>

static void expect_version(const char *db, const char *rel, const char *want)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *p = shared_data(rel);
	assert_non_null(p);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db, p, NULL), EXIT_CLEAR);
	if (!strstr(out.buf, want))
		fail_msg("%s: want \"%s\" in: %s%s", rel, want, out.buf, err.buf);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_newest_date(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/l.db", dir);
	/* last_change from 2023-11-02T16:38:16 to 2026-04-29T07:55:02 */
	expect_version(db.buf, "lists/ftm/zala-entities.ftm.json",
		       "ftm-zala-entities (ftm, 2026-04-29T07:55:02): 14 entries");
	/* from 2023-07-14T20:00:27 to 2024-03-28T18:57:01 */
	expect_version(db.buf, "lists/ftm/t1-entities.ftm.json",
		       "ftm-t1-entities (ftm, 2024-03-28T18:57:01): 6 entries");
	/* Start date from 2021-06-03 to 2026-06-08 */
	expect_version(db.buf, "lists/dod-1260h/sanctions.csv",
		       "dod-1260h (dod-1260h, 2026-06-08): 233 entries");
	strbuf_release(&db);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_newest_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
