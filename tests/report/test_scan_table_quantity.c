/*
 * test_scan_table_quantity.c — the table says how many units a purchase line
 * is (report/scan-table.c heading_of()).
 *
 * A line of a purchase order is one component whose id is its line: the
 * table read "part KSM32RD4/32MRR: 2" for four Kingston modules on line 2, a
 * "2" an officer reads as a count, while fleet and rescreen counted the line
 * as 4 components.  Now "part KSM32RD4/32MRR: 2 [quantity 4]"; a line of one
 * unit is as before.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void test_quantity_shown(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	test_write_str(dir, "po.csv",
		       "Manufacturer,Part Number,Qty,Date\n"
		       "Kingston,KSM32RD4/32MRR,4,2024-03-01\n"
		       "Micron,MTA36ASF4G72PZ-3G2E1,1,2024-03-01\n");
	struct strbuf path = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&path, "%s/po.csv", dir);
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
				 path.buf, NULL),
			 1);
	if (!strstr(o.buf, "\n  part KSM32RD4/32MRR: 2 [quantity 4]\n"))
		fail_msg("no quantity:\n%s", o.buf);
	if (!strstr(o.buf, "\n  part MTA36ASF4G72PZ-3G2E1: 3\n"))
		fail_msg("a line of one unit:\n%s", o.buf);
	strbuf_release(&path);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_quantity_shown)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
