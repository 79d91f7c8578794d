/*
 * test_import_dmidecode_cut.c — what a dmidecode dump says of its own length
 * (import/dmidecode.c).
 *
 * dmidecode prints "N structures occupying M bytes." for a whole SMBIOS 2.x
 * table only (not with -t, which filters; not for an SMBIOS 3 table, whose
 * entry point has no count).  That line, and only it, is the count.
 */
#include "import-test.h"

#include "import/import-int.h"

#include <stdlib.h>

/* dmidecode -q prints no header, and titles of its own: "32-bit Memory Error
 * Information" is no count of 32 structures (it was read as one, and warned
 * "dmidecode announced 32 structures but the file holds 1") */
static void test_quiet_title_no_count(void **state)
{
	(void)state;
	static const char q[] = "Memory Device\n"
				"\tSize: 8 GB\n"
				"\tLocator: DIMM_A1\n"
				"\tManufacturer: Samsung\n"
				"\tPart Number: M393A1G40EB1-CRC\n"
				"\n"
				"32-bit Memory Error Information\n"
				"\tType: OK\n"
				"\tGranularity: Unknown\n"
				"\n";
	struct inventory *inv = must_import_text(q, "quiet.txt", IMPORT_DMIDECODE, NULL);
	assert_int_equal(inv->nwarnings, 0);
	assert_int_equal(count_kind(inv, KIND_DIMM), 1);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet_title_no_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
