/*
 * test_identify_empty.c — an identifier given empty is no identifier
 * (cmd/cmd-identify.c).
 *
 * `identify ""` (a shell variable that was unset: identify "$PN") and
 * `identify --part ""` set no field, and were answered "maker: unknown: no
 * field identifies the maker", exit 1, as if a part had been looked up and
 * not found.  Now exit 2, "nothing to identify: the identifier given is
 * empty"; an empty option beside a real one is just not used.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void test_empty(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	static const char want[] = "chipscreen identify: nothing to identify: the identifier "
				   "given is empty\nTry 'chipscreen identify --help'.\n";
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "identify", "", NULL), 2);
	assert_string_equal(e.buf, want);
	assert_string_equal(o.buf, "");
	assert_int_equal(run_cmd(&o, &e, "identify", "  ", NULL), 2);
	assert_string_equal(e.buf, want);
	assert_int_equal(run_cmd(&o, &e, "identify", "--part", "", "--json", NULL), 2);
	assert_string_equal(e.buf, want);
	/* beside one that is there: that one is read */
	assert_int_equal(run_cmd(&o, &e, "identify", "--part", "", "--jedec", "802C", NULL), 0);
	assert_non_null(strstr(o.buf, "Micron Technology, Inc."));
	strbuf_release(&o);
	strbuf_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_empty)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
