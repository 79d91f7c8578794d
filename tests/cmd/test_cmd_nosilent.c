/*
 * test_cmd_nosilent.c — issue 12, "no silent pass", through the commands a
 * user runs: each case is the command on an input written here, and
 * each gave a clean exit 0 before the fix.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "cmd/cmd.h"

#include <stdlib.h>
#include <string.h>

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static char *write_file(const char *dir, const char *name, const char *text)
{
	test_write_str(dir, name, text);
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Item 1: SSDs and a DIMM on a purchase record, §5949, bought in 2028. */
static void test_po_ssd_dimm_5949(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *po = write_file(dir, "po.csv",
			      "Manufacturer,Model,Description,Quantity,Purchase Date\n"
			      "Kingston,SA400S37/480G,Kingston A400 480GB SATA SSD,10,2028-02-01\n"
			      "Samsung,MZ-V8V1T0BW,Samsung 980 1TB NVMe SSD,5,2028-02-01\n"
			      "Kingston,KSM32RD8/16HDR,Kingston 16GB DDR4 RDIMM,20,2028-02-01\n");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "us-federal-agency", "--date",
			 "2028-03-01", po, NULL);
	if (rc != EXIT_FINDINGS)
		fail_msg("exit %d, want 1:\n%s%s", rc, out.buf, err.buf);
	assert_non_null(strstr(out.buf, "REVIEW (3)"));
	assert_null(strstr(out.buf, "No findings"));
	assert_int_equal(count(out.buf, ": could be "), 3);
	/* a declared product_class overrides: a "peripheral" holds no memory or NAND */
	char *po2 = write_file(dir, "po2.csv",
			       "Manufacturer,Model,Description,Quantity,Purchase Date,Product Class\n"
			       "Kingston,SA400S37/480G,Kingston A400 SSD,10,2028-02-01,peripheral\n");
	rc = run_cmd(&out, &err, "scan", "--profile", "us-federal-agency", "--date", "2028-03-01",
		     po2, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	strbuf_release(&out);
	strbuf_release(&err);
	free(po);
	free(po2);
	test_rmtree(dir);
	free(dir);
}

/* Item 2: a Kingston module bought in 2024, DRAM maker unknown, for a CII operator. */
static void test_cii_unknown_dram(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *po = write_file(dir, "po.csv",
			      "Manufacturer,Part Number,Description,Quantity,Date\n"
			      "Kingston,KSM32RD8/16HDR,16GB DDR4 RDIMM,20,2024-03-01\n"
			      "Kingston,KF432C16BB/16,Fury 16GB DDR4 Micron E-die,2,2024-03-01\n");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2025-01-01",
			 "--format", "json", po, NULL);
	if (rc != EXIT_FINDINGS)
		fail_msg("exit %d, want 1:\n%s%s", rc, out.buf, err.buf);
	assert_int_equal(count(out.buf, "\"verdict\":\t\"REVIEW\""), 2);
	assert_non_null(strstr(out.buf, "could be Micron Technology, Inc. DRAM: the part number "
					"does not say whose DRAM it carries") ||
			strstr(out.buf, "could be Micron Technology, Inc. DRAM; the part number "
					"does not say whose DRAM it carries"));
	assert_non_null(strstr(out.buf, "(\\\"Micron E-die\\\"): weak evidence"));
	strbuf_release(&out);
	strbuf_release(&err);
	free(po);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_po_ssd_dimm_5949),
		cmocka_unit_test(test_cii_unknown_dram),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
