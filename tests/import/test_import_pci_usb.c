/*
 * test_import_pci_usb.c — lspci and lsusb listings: the real glpi-agent
 * samples, and fixtures in the other forms lspci and lsusb print (-nnmm,
 * -vmm, -n, plain, -vvv with VPD; lsusb without -v).
 */
#include "import-test.h"

#include <stdlib.h>

static void test_lspci_xps(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/lspci/glpi_linux-xps.txt");
	struct inventory *inv = must_import(path, IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 20);
	assert_int_equal(count_kind(inv, KIND_PCI), 20);
	assert_int_equal(inv->nwarnings, 0);
	const struct component *nvme = find(inv, "pci/0000:3c:00.0");
	assert_str(dec(nvme, FK_PCI_ADDRESS), "0000:3c:00.0");
	assert_str(dec(nvme, FK_PCI_VENDOR), "144d");
	assert_str(dec(nvme, FK_PCI_DEVICE), "a802");
	assert_str(dec(nvme, FK_PCI_SUBVENDOR), "144d");
	assert_str(dec(nvme, FK_PCI_SUBDEVICE), "a801");
	assert_str(dec(nvme, FK_PCI_CLASS), "010802");
	assert_str(dec(nvme, FK_PCI_REVISION), "01");
	assert_null(component_field(nvme, FK_MANUFACTURER, true)); /* names are lspci's */
	assert_str(extra(nvme, "description", true),
		   "Samsung Electronics Co Ltd NVMe SSD Controller SM951/PM951");
	assert_str(extra(nvme, "class_name", true), "Non-Volatile memory controller");
	assert_str(extra(nvme, "driver", true), "nvme");
	assert_str(base_of(src_of(nvme, FK_PCI_VENDOR)), "glpi_linux-xps.txt:209");
	assert_str(base_of(src_of(nvme, FK_PCI_SUBVENDOR)), "glpi_linux-xps.txt:210");
	const struct component *vga = find(inv, "pci/0000:00:02.0");
	assert_str(dec(vga, FK_PCI_VENDOR), "8086");
	assert_str(dec(vga, FK_PCI_DEVICE), "1916");
	assert_str(dec(vga, FK_PCI_SUBVENDOR), "1028");
	assert_str(dec(vga, FK_PCI_SUBDEVICE), "0704");
	assert_str(dec(vga, FK_PCI_CLASS), "030000");
	assert_str(dec(vga, FK_PCI_REVISION), "07");
	assert_str(extra(vga, "subsystem_name", true), "Dell Skylake GT2 [HD Graphics 520]");
	const struct component *wifi = find(inv, "pci/0000:3a:00.0");
	assert_str(dec(wifi, FK_PCI_DEVICE), "24f3");
	assert_str(raw(wifi, FK_EUI64), "44-85-00-ff-ff-2b-86-b2");
	assert_str(dec(wifi, FK_EUI64), "448500ffff2b86b2");
	assert_str(dec(find(inv, "pci/0000:3b:00.0"), FK_PCI_VENDOR), "10ec");
	assert_str(dec(find(inv, "pci/0000:00:1f.3"), FK_PCI_CLASS), "040380");
	inventory_free(inv);
}

static void test_lspci_imac(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/lspci/glpi_linux-imac.txt");
	struct inventory *inv = must_import(path, IMPORT_LSPCI, NULL);
	assert_int_equal(inv->ncomps, 27);
	const struct component *gpu = find(inv, "pci/0000:01:00.0");
	assert_str(dec(gpu, FK_PCI_VENDOR), "1002");
	assert_str(dec(gpu, FK_PCI_DEVICE), "9488");
	assert_str(dec(gpu, FK_PCI_REVISION), "00"); /* lspci prints rev only when not 0 */
	assert_str(dec(gpu, FK_PCI_SUBVENDOR), "106b");
	assert_str(dec(gpu, FK_PCI_SUBDEVICE), "00b6");
	assert_str(extra(gpu, "description", true),
		   "Advanced Micro Devices, Inc. [AMD/ATI] RV730/M96-XT [Mobility Radeon HD 4670]");
	const struct component *eth = find(inv, "pci/0000:02:00.0");
	assert_str(dec(eth, FK_PCI_VENDOR), "14e4");
	assert_str(dec(eth, FK_PCI_DEVICE), "1684");
	assert_str(dec(find(inv, "pci/0000:03:00.0"), FK_PCI_VENDOR), "168c");
	assert_str(dec(find(inv, "pci/0000:ff:02.3"), FK_PCI_DEVICE), "2d13");
	inventory_free(inv);
}

static const char lspci_mm[] =
	"00:00.0 \"Host bridge [0600]\" \"Intel Corporation [8086]\" \"Xeon E3-1200 v5/E3-1500 "
	"v5/6th "
	"Gen Core Processor Host Bridge/DRAM Registers [1904]\" -r08 \"Dell [1028]\" \"Device "
	"[0704]\"\n"
	"0000:3c:00.0 \"Non-Volatile memory controller [0108]\" \"Samsung Electronics Co Ltd "
	"[144d]\" "
	"\"NVMe SSD Controller SM951/PM951 [a802]\" -r01 -p02 \"Samsung Electronics Co Ltd "
	"[144d]\" "
	"\"Device [a801]\"\n"
	"00:1c.0 \"PCI bridge [0604]\" \"Intel Corporation [8086]\" \"Sunrise Point-LP PCI Express "
	"Root Port #1 [9d10]\" -rf1 \"\" \"\"\n";

static const char lspci_vmm[] = "Slot:\t00:02.0\n"
				"Class:\tVGA compatible controller [0300]\n"
				"Vendor:\tIntel Corporation [8086]\n"
				"Device:\tSkylake GT2 [HD Graphics 520] [1916]\n"
				"SVendor:\tDell [1028]\n"
				"SDevice:\tDevice [0704]\n"
				"Rev:\t07\n"
				"Driver:\ti915\n"
				"Module:\ti915\n"
				"IOMMUGroup:\t1\n"
				"\n"
				"Slot:\t3c:00.0\n"
				"Class:\tNon-Volatile memory controller [0108]\n"
				"Vendor:\tSamsung Electronics Co Ltd [144d]\n"
				"Device:\tNVMe SSD Controller SM951/PM951 [a802]\n"
				"SVendor:\tSamsung Electronics Co Ltd [144d]\n"
				"SDevice:\tDevice [a801]\n"
				"Rev:\t01\n"
				"ProgIf:\t02\n"
				"Driver:\tnvme\n"
				"NUMANode:\t0\n";

static const char lspci_vvv[] =
	"02:00.0 Ethernet controller [0200]: Intel Corporation Ethernet Controller X710 for 10GbE "
	"SFP+ [8086:1572] (rev 01)\n"
	"\tSubsystem: Intel Corporation Ethernet Converged Network Adapter X710-2 [8086:0007]\n"
	"\tCapabilities: [e0] Vital Product Data\n"
	"\t\tProduct Name: XL710 40GbE Controller\n"
	"\t\tRead-only fields:\n"
	"\t\t\t[PN] Part number: X710DA2\n"
	"\t\t\t[EC] Engineering changes: K34151-005\n"
	"\t\t\t[SN] Serial number: 3CFDFE123456\n"
	"\t\t\t[V0] Vendor specific: FFV17.5.10\n"
	"\t\tEnd\n"
	"\tCapabilities: [140 v1] Device Serial Number 3c-fd-fe-ff-ff-12-34-56\n"
	"\tKernel driver in use: i40e\n"
	"\tKernel modules: i40e\n";

static void test_lspci_forms(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(lspci_mm, "lspci-mm.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 3);
	const struct component *hb = find(inv, "pci/0000:00:00.0");
	assert_str(dec(hb, FK_PCI_VENDOR), "8086");
	assert_str(dec(hb, FK_PCI_DEVICE), "1904");
	assert_str(dec(hb, FK_PCI_SUBVENDOR), "1028");
	assert_str(dec(hb, FK_PCI_SUBDEVICE), "0704");
	assert_str(dec(hb, FK_PCI_REVISION), "08");
	assert_str(raw(hb, FK_PCI_CLASS), "0600"); /* -mm without -v: prog-if unknown */
	assert_null(dec(hb, FK_PCI_CLASS));
	assert_str(extra(hb, "vendor_name", true), "Intel Corporation");
	const struct component *nv = find(inv, "pci/0000:3c:00.0");
	assert_str(dec(nv, FK_PCI_CLASS), "010802");
	assert_str(dec(nv, FK_PCI_SUBDEVICE), "a801");
	const struct component *br = find(inv, "pci/0000:00:1c.0");
	assert_str(dec(br, FK_PCI_REVISION), "f1");
	assert_null(dec(br, FK_PCI_SUBVENDOR));
	inventory_free(inv);

	inv = must_import_text(lspci_vmm, "lspci-vmm.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 2);
	const struct component *vga = find(inv, "pci/0000:00:02.0");
	assert_str(dec(vga, FK_PCI_DEVICE), "1916");
	assert_str(dec(vga, FK_PCI_CLASS), "030000");
	assert_str(dec(vga, FK_PCI_SUBVENDOR), "1028");
	assert_str(extra(vga, "driver", true), "i915");
	assert_str(extra(vga, "device_name", true), "Skylake GT2 [HD Graphics 520]");
	assert_str(src_of(vga, FK_PCI_VENDOR), "lspci-vmm.txt:1");
	nv = find(inv, "pci/0000:3c:00.0");
	assert_str(dec(nv, FK_PCI_VENDOR), "144d");
	assert_str(dec(nv, FK_PCI_CLASS), "010802");
	assert_str(dec(nv, FK_PCI_REVISION), "01");
	inventory_free(inv);

	inv = must_import_text(lspci_vvv, "lspci-vvv.txt", IMPORT_AUTO, NULL);
	const struct component *eth = find(inv, "pci/0000:02:00.0");
	assert_str(raw(eth, FK_PART_NUMBER), "X710DA2");
	assert_str(raw(eth, FK_SERIAL), "3CFDFE123456");
	assert_str(dec(eth, FK_EUI64), "3cfdfeffff123456");
	assert_str(extra(eth, "vpd_product_name", true), "XL710 40GbE Controller");
	assert_str(extra(eth, "vpd_engineering_changes", true), "K34151-005");
	assert_str(dec(eth, FK_PCI_SUBDEVICE), "0007");
	assert_str(src_of(eth, FK_SERIAL), "lspci-vvv.txt:8");
	inventory_free(inv);

	/* -n: numbers only */
	inv = must_import_text("00:00.0 0600: 8086:1904 (rev 08)\n"
			       "00:02.0 0300: 8086:1916 (rev 07) (prog-if 00 [VGA controller])\n"
			       "\tSubsystem: 1028:0704\n",
			       "lspci-n.txt", IMPORT_LSPCI, NULL);
	assert_str(dec(find(inv, "pci/0000:00:02.0"), FK_PCI_SUBVENDOR), "1028");
	assert_str(dec(find(inv, "pci/0000:00:02.0"), FK_PCI_CLASS), "030000");
	assert_str(dec(find(inv, "pci/0000:00:00.0"), FK_PCI_DEVICE), "1904");
	inventory_free(inv);

	/* plain lspci: names only; read, with the missing ids said */
	inv = must_import_text("00:00.0 Host bridge: Intel Corporation Xeon E3-1200 v5 Host Bridge "
			       "(rev 08)\n",
			       "lspci-plain.txt", IMPORT_AUTO, NULL);
	const struct component *p = find(inv, "pci/0000:00:00.0");
	assert_null(dec(p, FK_PCI_VENDOR));
	assert_str(extra(p, "description", true), "Intel Corporation Xeon E3-1200 v5 Host Bridge");
	assert_warning(inv, "line 1: 0000:00:00.0 has no numeric vendor and device ids (run lspci "
			    "with -nn)");
	inventory_free(inv);

	/* a stray line among devices is reported with its number */
	inv = must_import_text("00:00.0 Host bridge [0600]: Intel Corporation X [8086:1904]\n"
			       "garbage here\n"
			       "00:02.0 VGA compatible controller [0300]: Intel Corporation Y "
			       "[8086:1916]\n",
			       "mixed.txt", IMPORT_LSPCI, NULL);
	assert_int_equal(inv->ncomps, 2);
	assert_warning(inv, "line 2: not an lspci device line: ignored");
	inventory_free(inv);

	char *m = must_reject("hello\nworld\n", 12, "x.txt", IMPORT_LSPCI, NULL);
	assert_str(m, "x.txt: no lspci device line (\"00:1f.3 Audio device [0403]: ... "
		      "[8086:9d70]\") among its lines: not lspci output");
	free(m);
}

static void test_lsusb_v(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/lsusb/glpi_dell-xt2.txt");
	struct inventory *inv = must_import(path, IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 15);
	assert_int_equal(count_kind(inv, KIND_USB), 15);
	assert_int_equal(inv->nwarnings, 0);
	const struct component *bt = find(inv, "usb/001:002");
	assert_str(dec(bt, FK_USB_VENDOR), "0a5c");
	assert_str(dec(bt, FK_USB_PRODUCT), "4500");
	assert_str(raw(bt, FK_MANUFACTURER), "Broadcom");
	assert_str(raw(bt, FK_PRODUCT), "BCM2046B1");
	assert_null(raw(bt, FK_SERIAL)); /* iSerial 0 */
	assert_str(raw(bt, FK_USB_BCD_DEVICE), "1.00");
	assert_str(dec(bt, FK_USB_BCD_DEVICE), "0100");
	assert_str(raw(bt, FK_USB_CLASS), "9 Hub");
	assert_str(dec(bt, FK_USB_CLASS), "09");
	assert_str(extra(bt, "vendor_name", true), "Broadcom Corp.");
	assert_str(base_of(src_of(bt, FK_MANUFACTURER)), "glpi_dell-xt2.txt:79");
	const struct component *kb = find(inv, "usb/001:003");
	assert_str(dec(kb, FK_USB_VENDOR), "413c");
	assert_str(dec(kb, FK_USB_PRODUCT), "8161");
	assert_null(raw(kb, FK_MANUFACTURER)); /* iManufacturer 0 */
	assert_str(dec(kb, FK_USB_CLASS), "00");
	const struct component *fp = find(inv, "usb/003:002");
	assert_str(raw(fp, FK_SERIAL), "0123456789ABCD");
	assert_str(raw(fp, FK_PRODUCT), "5880");
	assert_str(dec(find(inv, "usb/001:007"), FK_USB_CLASS), "e0");
	assert_str(dec(find(inv, "usb/001:007"), FK_USB_BCD_DEVICE), "0173");
	assert_str(dec(find(inv, "usb/005:002"), FK_USB_VENDOR), "1b96");
	assert_str(dec(find(inv, "usb/006:002"), FK_USB_PRODUCT), "101f");
	const struct component *hub = find(inv, "usb/008:001");
	assert_str(dec(hub, FK_USB_VENDOR), "1d6b");
	assert_str(dec(hub, FK_USB_PRODUCT), "0002");
	assert_str(raw(hub, FK_SERIAL), "0000:00:1d.7");
	assert_str(raw(hub, FK_MANUFACTURER), "Linux 2.6.36.2-desktop-1mnb ehci_hcd");
	inventory_free(inv);
}

static void test_lsusb_short(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(
		"Bus 002 Device 003: ID 0634:5602 Micron Technology, Inc. CT1000X9SSD9\n"
		"Bus 001 Device 002: ID 8087:0024 Intel Corp. Integrated Rate "
		"Matching Hub\n"
		"Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n"
		"Bus 003 Device 004: ID 152D:0578 \n",
		"lsusb.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 4);
	const struct component *x9 = find(inv, "usb/002:003");
	assert_str(dec(x9, FK_USB_VENDOR), "0634");
	assert_str(dec(x9, FK_USB_PRODUCT), "5602");
	assert_str(extra(x9, "description", true), "Micron Technology, Inc. CT1000X9SSD9");
	assert_null(raw(x9, FK_MANUFACTURER)); /* usb.ids text is not the device's word */
	assert_str(src_of(x9, FK_USB_VENDOR), "lsusb.txt:1");
	assert_str(dec(find(inv, "usb/003:004"), FK_USB_VENDOR), "152d"); /* lower-cased */
	assert_str(inv->host.collector, "import lsusb");
	inventory_free(inv);

	char *m = must_reject("Bus 1\n", 6, "u.txt", IMPORT_LSUSB, NULL);
	assert_str(m, "u.txt: no \"Bus NNN Device NNN: ID vvvv:pppp\" line: not lsusb output");
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lspci_xps),   cmocka_unit_test(test_lspci_imac),
		cmocka_unit_test(test_lspci_forms), cmocka_unit_test(test_lsusb_v),
		cmocka_unit_test(test_lsusb_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
