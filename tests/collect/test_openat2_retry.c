/*
 * test_openat2_retry.c — openat2 with RESOLVE_BENEATH fails with EAGAIN when
 * a rename anywhere on the machine races with a lookup through "..", which
 * every sysfs link has; collect must retry (openat2(2)), or a busy machine
 * loses attributes now and then.  CHIPSCREEN_OPENAT2_EAGAIN=N makes the
 * first N calls of this process fail so: the scan must read as without it.
 */
#include "testutil.h"

#include <string.h>

static void test_retry(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* the first collect of this process meets 40 EAGAINs */
	run_cmd(&out, &err, "scan", "--root", src_path("examples/server"), "--profile", "cn-cii",
		NULL);
	assert_null(strstr(out.buf, "Could not read"));
	assert_non_null(strstr(out.buf, "30 components: 11 with findings, 15 CLEAR, 4 not identified"));
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	/* before any open: the count is read once, at the first call */
	setenv("CHIPSCREEN_OPENAT2_EAGAIN", "40", 1);
	setenv("CHIPSCREEN_TODAY", "2026-12-07", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
