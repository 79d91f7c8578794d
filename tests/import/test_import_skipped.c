/*
 * test_import_skipped.c — every importer that skips a record it cannot read
 * counts it (imp_skip, inventory.nskipped), as the CSV importer counts its
 * malformed rows: scan and import then exit 2 instead of passing a file
 * whose parts were never judged (tests/cmd/test_scan_skipped_rows.c).
 *
 * Each fixture (tests/fixtures/hw/skipped/, README there) holds a Samsung
 * part that reads and one record of a Micron part that cannot be read.
 */
#include "import-test.h"

static const struct {
	const char *file;
	enum import_format fmt;
	size_t ncomps; /* components read besides the skipped record */
	const char *warning;
} cases[] = {
	{"cyclonedx_one-bad.json", IMPORT_CYCLONEDX, 1,
	 "components[1]: no \"type\" (device, firmware, library, ...): skipped"},
	{"lshw_one-bad.json", IMPORT_LSHW_JSON, 2,
	 "/server01/core/memory/children[1]: expected an lshw node (an object): skipped"},
	{"smartctl_one-bad.json", IMPORT_SMARTCTL_JSON, 1,
	 "after 1 smartctl objects: the rest was not read"},
	{"glpi_one-bad.json", IMPORT_GLPI, 2, "content.memories[1]: expected an object: skipped"},
	{"dmidecode_dell-r620_one-bad.txt", IMPORT_DMIDECODE, 0,
	 "line 485: record 0x1100 has no \"DMI type N, N bytes\" line: skipped"},
	{"lspci_linux-xps_one-bad.txt", IMPORT_LSPCI, 0,
	 "line 209: device 0000:3c:00.0: not an lspci device line: skipped"},
};

static void test_one_bad_record(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char path[256];
		snprintf(path, sizeof path, "tests/fixtures/hw/skipped/%s", cases[i].file);
		struct inventory *inv = must_import(src_path(path), cases[i].fmt, NULL);
		if (inv->nskipped != 1)
			fail_msg("%s: %zu skipped, want 1", cases[i].file, inv->nskipped);
		assert_warning(inv, cases[i].warning);
		if (cases[i].ncomps && inv->ncomps != cases[i].ncomps)
			fail_msg("%s: %zu components, want %zu", cases[i].file, inv->ncomps,
				 cases[i].ncomps);
		inventory_free(inv);
	}
}

/* The same files whole: nothing skipped (the count is of bad records only). */
static void test_whole_files(void **state)
{
	(void)state;
	static const char *const whole[] = {"tests/fixtures/hw/dmidecode/glpi_dell-r620.txt",
					     "tests/fixtures/hw/lspci/glpi_linux-xps.txt",
					     "tests/fixtures/hw/lshw/lshw-json_server-synthetic.json",
					     "tests/fixtures/hw/glpi/glpi-agent_inventory-synthetic.json"};
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
		struct inventory *inv = must_import(src_path(whole[i]), IMPORT_AUTO, NULL);
		if (inv->nskipped)
			fail_msg("%s: %zu skipped", whole[i], inv->nskipped);
		inventory_free(inv);
	}
}

/* A file rejected as a whole leaves no count behind (import_buffer puts the
 * inventory back). */
static void test_rejected_file(void **state)
{
	(void)state;
	const char *bad = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[7]}";
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(import_buffer(bad, strlen(bad), "b.json", IMPORT_CYCLONEDX, NULL, inv, &err),
			 -1);
	assert_int_equal(inv->nskipped, 0);
	strbuf_release(&err);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_bad_record),
		cmocka_unit_test(test_whole_files),
		cmocka_unit_test(test_rejected_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
