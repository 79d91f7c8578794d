/*
 * test_import_fold.c — an NVMe drive that smartctl describes and its
 * controller's PCI function that lspci lists are one device (import.c,
 * fold_nvme): folded when their PCI vendor ids agree and neither could be
 * another's, in either order of the files; kept apart with a warning when two
 * drives could be one function or one drive two functions; never folded when
 * the ids differ, nor when the two disagree on a field both have.  The texts
 * are written here from the tools' formats (smartctl -x 7.3, lspci -nn).
 */
#include "import-test.h"

/* smartctl -x of an NVMe drive: the information section */
static char *smart(const char *model, const char *serial, const char *pci)
{
	char *s = NULL;
	if (asprintf(&s,
		     "smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0-13-amd64] (local build)\n"
		     "Copyright (C) 2002-22, Bruce Allen, Christian Franke, "
		     "www.smartmontools.org\n\n"
		     "=== START OF INFORMATION SECTION ===\n"
		     "Model Number:                       %s\n"
		     "Serial Number:                      %s\n"
		     "Firmware Version:                   P3CR021\n"
		     "PCI Vendor/Subsystem ID:            %s\n"
		     "IEEE OUI Identifier:                0x00a075\n"
		     "Number of Namespaces:               1\n",
		     model, serial, pci) < 0)
		fail_msg("asprintf");
	return s;
}

static const char lspci_one[] =
	"00:00.0 Host bridge [0600]: Intel Corporation Device [8086:9b43] (rev 05)\n"
	"01:00.0 Non-Volatile memory controller [0108]: Micron/Crucial Technology P1 NVMe PCIe "
	"SSD [c0a9:2263] (rev 03)\n";

static const char lspci_two[] =
	"01:00.0 Non-Volatile memory controller [0108]: Micron/Crucial Technology P1 NVMe PCIe "
	"SSD [c0a9:2263] (rev 03)\n"
	"02:00.0 Non-Volatile memory controller [0108]: Micron/Crucial Technology P1 NVMe PCIe "
	"SSD [c0a9:2263] (rev 03)\n";

static void add(struct inventory *inv, const char *text, const char *name)
{
	struct strbuf err = STRBUF_INIT;
	if (import_buffer(text, strlen(text), name, IMPORT_AUTO, NULL, inv, &err) != 0)
		fail_msg("import %s: %s", name, err.buf);
	strbuf_release(&err);
}

static bool warned(const struct inventory *inv, const char *needle)
{
	for (size_t i = 0; i < inv->nwarnings; i++)
		if (strstr(inv->warnings[i].reason, needle))
			return true;
	return false;
}

static void check_folded(struct inventory *inv)
{
	assert_int_equal(inv->ncomps, 2); /* the host bridge and the drive */
	assert_int_equal(count_kind(inv, KIND_PCI), 1);
	const struct component *c = find(inv, "nvme/1931E1A2B3C4");
	assert_string_equal(dec(c, FK_PCI_ADDRESS), "0000:01:00.0");
	assert_string_equal(dec(c, FK_PCI_VENDOR), "c0a9");
	assert_string_equal(dec(c, FK_PCI_DEVICE), "2263");
	assert_string_equal(raw(c, FK_PCI_CLASS), "0108"); /* lspci -nn: no prog-if */
	assert_string_equal(raw(c, FK_SERIAL), "1931E1A2B3C4");
	assert_string_equal(raw(c, FK_MODEL), "CT1000P1SSD8");
	assert_string_equal(extra(c, "pci_component", false), "pci/0000:01:00.0");
	/* the function's fields keep their source: the lspci file */
	assert_non_null(strstr(src_of(c, FK_PCI_DEVICE), "lspci.txt"));
	assert_non_null(strstr(src_of(c, FK_SERIAL), "smart.txt"));
	assert_int_equal(inv->nwarnings, 0);
}

static void test_folded_either_order(void **state)
{
	(void)state;
	char *s = smart("CT1000P1SSD8", "1931E1A2B3C4", "0xc0a9");
	struct inventory *inv = inventory_new();
	add(inv, lspci_one, "lspci.txt");
	add(inv, s, "smart.txt");
	check_folded(inv);
	inventory_free(inv);
	inv = inventory_new();
	add(inv, s, "smart.txt");
	add(inv, lspci_one, "lspci.txt");
	check_folded(inv);
	inventory_free(inv);
	free(s);
}

static void test_ambiguous(void **state)
{
	(void)state;
	char *a = smart("CT1000P1SSD8", "1931E1A2B3C4", "0xc0a9");
	char *b = smart("CT1000P1SSD8", "1931E1A2B3C5", "0xc0a9");
	/* one drive, two functions it could be */
	struct inventory *inv = inventory_new();
	add(inv, lspci_two, "lspci.txt");
	add(inv, a, "smart-a.txt");
	assert_int_equal(inv->ncomps, 3);
	assert_int_equal(count_kind(inv, KIND_PCI), 2);
	assert_null(dec(find(inv, "nvme/1931E1A2B3C4"), FK_PCI_ADDRESS));
	assert_true(warned(inv, "nvme/1931E1A2B3C4 could be any of 2 NVMe PCI functions"));
	assert_int_equal(inv->nwarnings, 1);
	/* a second drive: two and two, still apart; warned once more, for it */
	add(inv, b, "smart-b.txt");
	assert_int_equal(inv->ncomps, 4);
	assert_true(warned(inv, "nvme/1931E1A2B3C5 could be any of 2 NVMe PCI functions"));
	assert_int_equal(inv->nwarnings, 2);
	inventory_free(inv);
	/* two drives, one function */
	inv = inventory_new();
	add(inv, a, "smart-a.txt");
	add(inv, b, "smart-b.txt");
	add(inv, lspci_one, "lspci.txt");
	assert_int_equal(inv->ncomps, 4);
	assert_true(warned(inv, "nvme/1931E1A2B3C4 is one of 2 drives that could be NVMe PCI "
				"function pci/0000:01:00.0"));
	assert_true(warned(inv, "nvme/1931E1A2B3C5 is one of 2 drives"));
	assert_int_equal(inv->nwarnings, 2);
	inventory_free(inv);
	free(a);
	free(b);
}

static void test_not_the_same(void **state)
{
	(void)state;
	/* another vendor: a Samsung drive is not the Micron function */
	char *s = smart("MZVL21T0HCLR-00B00", "S676NF0R123456", "0x144d");
	struct inventory *inv = inventory_new();
	add(inv, lspci_one, "lspci.txt");
	add(inv, s, "smart.txt");
	assert_int_equal(inv->ncomps, 3);
	assert_int_equal(inv->nwarnings, 0);
	inventory_free(inv);
	free(s);
	/* the same vendor, another subsystem vendor (lspci -nnmm -vvv names it) */
	s = smart("CT1000P1SSD8", "1931E1A2B3C4", "0xc0a9/0x1028");
	static const char vvv[] = "Slot:\t01:00.0\n"
				  "Class:\tNon-Volatile memory controller [0108]\n"
				  "Vendor:\tMicron/Crucial Technology [c0a9]\n"
				  "Device:\tP1 NVMe PCIe SSD [2263]\n"
				  "SVendor:\tMicron/Crucial Technology [c0a9]\n"
				  "SDevice:\tP1 NVMe PCIe SSD [2263]\n"
				  "Rev:\t03\n"
				  "ProgIf:\t02\n\n";
	inv = inventory_new();
	add(inv, vvv, "lspci.txt");
	add(inv, s, "smart.txt");
	assert_int_equal(inv->ncomps, 2);
	assert_null(dec(find(inv, "nvme/1931E1A2B3C4"), FK_PCI_ADDRESS));
	assert_int_equal(inv->nwarnings, 0);
	inventory_free(inv);
	free(s);
}

static void test_disagree(void **state)
{
	(void)state;
	/* the function's EUI-64 (its PCIe Device Serial Number, lspci -vvv)
	 * is not the one the drive reports: both kept, with the reason */
	static const char vvv[] =
		"01:00.0 Non-Volatile memory controller [0108]: Micron/Crucial Technology P1 NVMe "
		"PCIe SSD [c0a9:2263] (rev 03) (prog-if 02 [NVM Express])\n"
		"\tSubsystem: Micron/Crucial Technology P1 NVMe PCIe SSD [c0a9:2263]\n"
		"\tCapabilities: [1b8 v1] Device Serial Number 00-00-00-00-00-00-00-01\n"
		"\tKernel driver in use: nvme\n";
	char *base = smart("CT1000P1SSD8", "1931E1A2B3C4", "0xc0a9"), *s = NULL;
	if (asprintf(&s, "%sNamespace 1 IEEE EUI-64:             00a075 0123456789\n", base) < 0)
		fail_msg("asprintf");
	free(base);
	struct inventory *inv = inventory_new();
	add(inv, vvv, "lspci.txt");
	assert_string_equal(dec(find(inv, "pci/0000:01:00.0"), FK_EUI64), "0000000000000001");
	add(inv, s, "smart.txt");
	assert_string_equal(dec(find(inv, "nvme/1931E1A2B3C4"), FK_EUI64), "00a0750123456789");
	assert_int_equal(inv->ncomps, 2);
	assert_true(warned(inv, "nvme/1931E1A2B3C4 and pci/0000:01:00.0 have the same PCI vendor "
				"ids but differ in raw eui64"));
	inventory_free(inv);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folded_either_order),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_not_the_same),
		cmocka_unit_test(test_disagree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
