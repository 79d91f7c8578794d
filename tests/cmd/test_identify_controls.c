/*
 * test_identify_controls.c — identify STRING echoes the string as the rest
 * of its output shows text: controls escaped (cmd/cmd-identify.c, through
 * report/scan-common.c display_safe_add).
 *
 * A part number pasted from a terminal dump can carry an escape sequence;
 * the "tried as" line printed it raw (ESC [ 2 J cleared the screen) while
 * the reason under it showed "\x1b[2J".
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void test_controls(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "identify", "\x1b[2JACME\x07", NULL), 1);
	assert_null(strchr(o.buf, '\x1b'));
	assert_null(strchr(o.buf, '\x07'));
	assert_non_null(strstr(o.buf, "\"\\x1b[2JACME\\x07\" tried as: JEP106 code, name, part "
				      "number or model\n"));
	assert_non_null(strstr(o.buf, "query \"\\x1b[2JACME\\x07\" names no organisation"));
	strbuf_release(&o);
	strbuf_release(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_controls)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
