/*
 * test_import_smartctl_ids.c — the identifying lines of smartctl's NVMe
 * text (issue 11, item 2).  smartctl (nvmeprint.cpp) prints "PCI
 * Vendor/Subsystem ID:" when the two ids are equal and the two lines "PCI
 * Vendor ID:" and "PCI Vendor Subsystem ID:" when they differ; both forms
 * are read, with the IEEE OUI, the namespace EUI-64 and the firmware.
 */
#include "testutil.h"
#include "import-test.h"

#include <stdlib.h>

static const char two_lines[] =
	"smartctl 7.4 2023-08-01 r5530 [x86_64-linux-6.5.0] (local build)\n"
	"Copyright (C) 2002-23, Bruce Allen, Christian Franke, www.smartmontools.org\n"
	"\n"
	"=== START OF INFORMATION SECTION ===\n"
	"Model Number:                       ZHITAI TiPlus7100 1TB\n"
	"Serial Number:                      ZTA21T0KA2222222\n"
	"Firmware Version:                   ZTA09139\n"
	"PCI Vendor ID:                      0x1e49\n"
	"PCI Vendor Subsystem ID:            0x1028\n"
	"IEEE OUI Identifier:                0xa428b7\n"
	"Total NVM Capacity:                 1,024,209,543,168 [1.02 TB]\n"
	"Namespace 1 IEEE EUI-64:            a428b7 8a2f000123\n"
	"\n";

static void test_two_lines(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(two_lines, "z.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 1);
	const struct component *c = &inv->comps[0];
	assert_int_equal(c->kind, KIND_NVME);
	assert_string_equal(component_get(c, FK_PCI_VENDOR), "1e49");
	assert_string_equal(component_get(c, FK_PCI_SUBVENDOR), "1028");
	assert_string_equal(component_field(c, FK_PCI_VENDOR, true)->value, "0x1e49");
	assert_string_equal(component_field(c, FK_PCI_VENDOR, true)->source, "z.txt:8");
	assert_string_equal(component_get(c, FK_IEEE_OUI), "a428b7");
	assert_string_equal(component_get(c, FK_EUI64), "a428b78a2f000123");
	assert_string_equal(component_get(c, FK_FIRMWARE), "ZTA09139");
	assert_string_equal(component_get(c, FK_TRANSPORT), "nvme");
	inventory_free(inv);
	/* a value that is not an id: warned, kept raw only */
	char *t = strdup(two_lines);
	char *v = strstr(t, "0x1028");
	memcpy(v, "0xZZ28", 6);
	inv = must_import_text(t, "bad.txt", IMPORT_AUTO, NULL);
	assert_string_equal(component_field(&inv->comps[0], FK_PCI_SUBVENDOR, true)->value,
			    "0xZZ28");
	assert_null(component_field(&inv->comps[0], FK_PCI_SUBVENDOR, false));
	assert_true(inv->nwarnings >= 1);
	inventory_free(inv);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_two_lines)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
