/*
 * test_cmd_scan_inputs.c — `chipscreen scan FILE...` reads every format
 * import reads: tool outputs named one after another are one machine, each
 * collect JSON file, BOM or purchase-record CSV is judged on its own, and a
 * file of no known format is an error naming it.
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

static void test_tool_outputs_are_one_machine(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d, "hw/dmidecode/glpi_dell-r620.txt");
	char *dmi = strdup(d);
	SKIP_WITHOUT_SHARED(l, "hw/lspci/glpi_linux-xps.txt");
	char *pci = strdup(l);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* dmidecode + lspci: one report of 22 + 20 components */
	int rc = run_cmd(&out, &err, "scan", "--profile", "none", "--format", "json", dmi, pci,
			 NULL);
	assert_true(rc == 0 || rc == 1);
	assert_int_equal(count(out.buf, "\"schema\":\t\"chipscreen-scan/1\""), 1);
	assert_non_null(strstr(out.buf, "\"components\":\t42"));
	/* a collect JSON file after them is a second report */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--format", "json", dmi, pci,
		     src_path("data/examples/example-server.json"), NULL);
	assert_true(rc == 0 || rc == 1);
	assert_int_equal(count(out.buf, "\"schema\":\t\"chipscreen-scan/1\""), 2);
	strbuf_release(&out);
	strbuf_release(&err);
	free(dmi);
	free(pci);
}

static void test_purchase_records_and_errors(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	test_write_str(dir, "po.csv",
		       "Supplier,Manufacturer,Part Number,Quantity,Date\n"
		       "Acme,Micron,MTA36ASF8G72PZ-3G2E1,4,2024-02-14\n"
		       "Acme,Samsung,M393A8G40MB2-CVF,2,2024-04-03\n");
	test_write_str(dir, "notes.txt", "Shopping list: milk, eggs.\n");
	struct strbuf p = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/po.csv", dir);
	int rc = run_cmd(&out, &err, "scan", "--profile", "none", "--format", "json", p.buf, NULL);
	assert_true(rc == 0 || rc == 1);
	assert_non_null(strstr(out.buf, "\"components\":\t2"));
	assert_non_null(strstr(out.buf, "\"kind\":\t\"part\""));
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/notes.txt", dir);
	rc = run_cmd(&out, &err, "scan", "--profile", "none", p.buf, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "notes.txt: not a format chipscreen recognises"));
	strbuf_release(&p);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	setenv("CHIPSCREEN_CONFIG", "", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tool_outputs_are_one_machine),
		cmocka_unit_test(test_purchase_records_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
