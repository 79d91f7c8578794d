/*
 * test_edit_budget.c — the edit budget of match/score.c, pinned: no edit up
 * to 3 letters, one up to 5, two from 6 (issue 13's second round: Sayyid and
 * Sayed, Youcef and Youssef are two edits apart at six letters); the index's
 * deletion depth follows it, so every partner within the budget shares a
 * deletion key.  And the budget as a user meets it: a 5-letter name two
 * edits off is no hit, a 6-letter one is.  (tools/mutations.txt: a budget
 * moved by one letter survived every other test.)
 */
#include "match/score.h"
#include "testutil.h"

#include <string.h>

static void test_budget(void **state)
{
	(void)state;
	static const int want[] = {0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2};
	for (uint32_t m = 0; m < sizeof want / sizeof *want; m++)
		assert_int_equal(max_edits(m), want[m]);
	/* a 4-letter word meets 6-letter partners two edits off */
	assert_int_equal(deletion_depth(4), 2);
	assert_int_equal(deletion_depth(3), 1);
	assert_int_equal(deletion_depth(1), 0);
}

/* compare's token pairing, on names with no list weights: a word pairs
 * within the budget, else counts as unmatched. */
static void test_compare_budget(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* five letters, two substitutions: beyond the budget */
	run_cmd(&out, &err, "compare", "--json", "Brant", "Bxanx", NULL);
	assert_non_null(strstr(out.buf, "\"score\":\t0,"));
	assert_null(strstr(out.buf, "edit"));
	/* six letters, two substitutions: within it */
	run_cmd(&out, &err, "compare", "--json", "Brantz", "Bxantx", NULL);
	assert_non_null(strstr(out.buf, "\"how\":\t\"2 edits\""));
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_compare_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
