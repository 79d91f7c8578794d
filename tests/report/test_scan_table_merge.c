/*
 * test_scan_table_merge.c — findings merged into one table entry keep their
 * brackets paired (report/scan-table.c merged_word()).
 *
 * The table writes the why of identical modules once, the words that differ
 * (dates) joined with "or".  Punctuation they all end in was written once,
 * but not punctuation they all start with: the example server's Kingston
 * modules, made in 2024-W09 and 2024-W11 and given an acquisition date before
 * both, read "before the part was made (2024-W09 or (2024-W11): the
 * manufacture date wins".  Now "(2024-W09 or 2024-W11):".
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* The text with every run of blanks and line ends as one space (the table
 * wraps lines and indents them). */
static void unwrap(struct strbuf *out, const char *s)
{
	strbuf_reset(out);
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n') {
			if (out->len && out->buf[out->len - 1] != ' ')
				strbuf_addch(out, ' ');
			continue;
		}
		strbuf_addch(out, *s);
	}
}

static void test_leading_bracket_once(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, u = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "scan", "--root", src_path("examples/server"), "--profile",
				 "cn-cii", "--date", "2026-06-01", "--acquired", "2020-01-01",
				 NULL),
			 1);
	unwrap(&u, o.buf);
	if (!strstr(u.buf, "the acquisition date 2020-01-01 is before the part was made "
			   "(2024-W09 or 2024-W11): the manufacture date wins"))
		fail_msg("not merged as expected:\n%s", o.buf);
	assert_null(strstr(u.buf, "or (2024-W11"));
	/* the dates merged elsewhere in the same why, as before */
	assert_non_null(strstr(u.buf, "(made 2024-W09 or 2024-W11; given 2020-01-01)"));
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_leading_bracket_once)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
