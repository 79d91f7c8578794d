/*
 * test_virtual_own.c — virtual devices (data/virtual.tsv) and makers that
 * make their own chips (data/own-chips.tsv), with dated ownership
 * (data/org-links.tsv): issue 11, items 6, 7 and 8.
 *
 * The ids are pci.ids/usb.ids entries and the strings emulators write (QEMU
 * docs/specs/pci-ids, hw/smbios/smbios.c); each case says which.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "rules/judge.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

static struct kb *kb;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	kb = kb_load(src_path("data"), "", "", &err);
	if (!kb)
		print_message("kb_load: %s\n", err.buf);
	strbuf_release(&err);
	return kb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	kb_free(kb);
	return 0;
}

/* A component of kind k from key=value pairs, identified as of 2025-06-01. */
static const struct attribution *attr(struct inventory *inv, enum kind k, ...)
{
	struct component *c = inventory_add(inv, k, "t", "test");
	va_list ap;
	va_start(ap, k);
	for (const char *kv; (kv = va_arg(ap, const char *));) {
		const char *eq = strchr(kv, '=');
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
		component_set(inv, c, (enum fkey)field_key_from_name(key), FIELD_RAW, eq + 1,
			      "test");
	}
	va_end(ap);
	identify_component(kb, inv, c, date_parse("2025-06-01"));
	return c->attr;
}

static void is_virtual(const struct attribution *a, const char *org, const char *what)
{
	assert_non_null(a->virtual_reason);
	if (!strstr(a->virtual_reason, what))
		fail_msg("virtual reason \"%s\" lacks \"%s\"", a->virtual_reason, what);
	assert_non_null(a->maker.org);
	assert_string_equal(a->maker.org, org);
	assert_false(a->has_chip);
	assert_null(a->chip_maker.org);
}

static void test_virtual_ids(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* pci.ids 1af4 1001 "Virtio block device" */
	is_virtual(attr(inv, KIND_DISK, "pci_vendor=1af4", "pci_device=1001", "transport=virtio",
			NULL),
		   "redhat", "virtio");
	/* pci.ids 1b36 0010 "QEMU NVM Express Controller" */
	is_virtual(attr(inv, KIND_NVME, "pci_vendor=1b36", "pci_device=0010",
			"model=QEMU NVMe Ctrl", NULL),
		   "redhat", "QEMU");
	/* QEMU docs/specs/standard-vga: 1234:1111; 1234 alone is not virtual */
	is_virtual(attr(inv, KIND_PCI, "pci_vendor=1234", "pci_device=1111", NULL), "qemu",
		   "standard VGA");
	assert_null(attr(inv, KIND_PCI, "pci_vendor=1234", "pci_device=2222", NULL)
			    ->virtual_reason);
	/* pci.ids 15ad 07f0 "NVMe SSD Controller" (VMware's virtual NVMe) */
	is_virtual(attr(inv, KIND_NVME, "pci_vendor=15ad", "pci_device=07f0",
			"model=VMware Virtual NVMe Disk", NULL),
		   "vmware", "VMware");
	/* pci.ids 1d0f 8061 "NVMe EBS Controller"; cd01 (instance storage) is hardware */
	is_virtual(attr(inv, KIND_NVME, "pci_vendor=1d0f", "pci_device=8061",
			"model=Amazon Elastic Block Store", NULL),
		   "amazon", "EBS");
	const struct attribution *a =
		attr(inv, KIND_NVME, "pci_vendor=1d0f", "pci_device=cd01",
		     "model=Amazon EC2 NVMe Instance Storage", NULL);
	assert_null(a->virtual_reason);
	assert_true(a->has_chip);
	/* smartctl text gives no device id: the model says EBS */
	is_virtual(attr(inv, KIND_NVME, "pci_vendor=1d0f", "model=Amazon Elastic Block Store",
			NULL),
		   "amazon", "EBS");
	/* pci.ids 1ae0 001f "NVMe device" (# NVMe drive in GCP), 5853 Xen, 80ee VirtualBox */
	is_virtual(attr(inv, KIND_NVME, "pci_vendor=1ae0", "pci_device=001f", NULL), "google",
		   "Persistent Disk");
	is_virtual(attr(inv, KIND_PCI, "pci_vendor=5853", "pci_device=0001", NULL), "xensource",
		   "Xen");
	is_virtual(attr(inv, KIND_PCI, "pci_vendor=80ee", "pci_device=beef", NULL), "innotek",
		   "VirtualBox");
	/* Hyper-V: pci.ids 1414 5353; a Microsoft Xbox device is hardware */
	is_virtual(attr(inv, KIND_PCI, "pci_vendor=1414", "pci_device=5353", NULL), "microsoft",
		   "Hyper-V");
	assert_null(attr(inv, KIND_PCI, "pci_vendor=1414", "pci_device=5811", NULL)
			    ->virtual_reason);
	/* USB: usb.ids 0627 (QEMU USB Tablet), 80ee VirtualBox, 0e0f VMware */
	is_virtual(attr(inv, KIND_USB, "usb_vendor=0627", "usb_product=0001", NULL), "qemu",
		   "QEMU");
	is_virtual(attr(inv, KIND_USB, "usb_vendor=0e0f", "usb_product=0003", NULL), "vmware",
		   "VMware");
	/* disks by model string: QEMU hw/ide/core.c, VirtualBox DevAHCI.cpp */
	is_virtual(attr(inv, KIND_DISK, "model=QEMU HARDDISK", NULL), "qemu", "QEMU");
	is_virtual(attr(inv, KIND_DISK, "model=VBOX HARDDISK", NULL), "innotek", "VirtualBox");
	inventory_free(inv);
}

/* SMBIOS type 17 of a guest: the hypervisor's name as the memory's maker. */
static void test_virtual_names(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* Hyper-V guests: "Microsoft Corporation" */
	is_virtual(attr(inv, KIND_DIMM, "manufacturer=Microsoft Corporation",
			"part_number=None", NULL),
		   "microsoft", "Hyper-V");
	/* QEMU hw/smbios/smbios.c: type 17 manufacturer "QEMU" */
	is_virtual(attr(inv, KIND_DIMM, "manufacturer=QEMU", NULL), "qemu", "QEMU");
	/* a Microsoft USB keyboard is hardware (the name rule is for modules and drives) */
	const struct attribution *a =
		attr(inv, KIND_USB, "usb_vendor=045e", "manufacturer=Microsoft", NULL);
	assert_null(a->virtual_reason);
	inventory_free(inv);
}

/* A virtual device is never judged: no finding, whatever the profile. */
static void test_virtual_not_judged(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_DIMM, "dimm/0", "test");
	component_set(inv, c, FK_MANUFACTURER, FIELD_RAW, "QEMU", "test");
	identify_inventory(kb, inv, date_parse("2025-06-01"));
	assert_non_null(c->attr->virtual_reason);
	/* the chip side says why it does not apply, never "unknown" */
	assert_string_equal(c->attr->chip_maker.unknown_reason, c->attr->virtual_reason);
	inventory_free(inv);
}

/* Own NAND/DRAM: inferred strong, with the reason; dated. */
static void test_own_chips(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* a ZhiTai SSD (pci.ids 1e49:0071 "ZHITAI TiPlus7100"): YMTC NAND, strong */
	const struct attribution *a =
		attr(inv, KIND_NVME, "pci_vendor=1e49", "model=ZHITAI TiPlus7100 1TB", NULL);
	assert_string_equal(a->maker.org, "ymtc");
	assert_string_equal(a->chip_maker.org, "ymtc");
	assert_int_equal(a->chip_maker.conf, CONF_STRONG);
	assert_non_null(strstr(a->chip_maker.ev[0].rule, "YMTC makes 3D NAND"));
	assert_non_null(strstr(a->chip_maker.ev[0].source, "ymtc.com"));
	/* a Samsung SSD (pci.ids 144d:a80a "NVMe SSD Controller PM9A1/980PRO") */
	a = attr(inv, KIND_NVME, "pci_vendor=144d", "model=Samsung SSD 980 PRO 1TB", NULL);
	assert_string_equal(a->chip_maker.org, "samsung");
	/* Kingston buys its NAND: unknown */
	a = attr(inv, KIND_NVME, "pci_vendor=2646", "model=KINGSTON SNV2S1000G", NULL);
	assert_string_equal(a->maker.org, "kingston");
	assert_null(a->chip_maker.org);
	/* an Intel SSD made before SK hynix bought Intel's NAND business (2021-12-29):
	 * Intel NAND; made after: not inferred */
	a = attr(inv, KIND_NVME, "pci_vendor=8086", "manufacture_date=2020-W18", NULL);
	assert_string_equal(a->chip_maker.org, "intel");
	assert_non_null(strstr(a->chip_maker.ev[0].rule, "until 2021-12-29"));
	assert_non_null(strstr(a->chip_maker.ev[0].rule, "date used: 2020-04-27"));
	a = attr(inv, KIND_NVME, "pci_vendor=8086", "manufacture_date=2022-W10", NULL);
	assert_null(a->chip_maker.org);
	/* a weak maker (a free-text name only) infers nothing */
	a = attr(inv, KIND_NVME, "manufacturer=Samsung", NULL);
	assert_int_equal(a->maker.conf, CONF_WEAK);
	assert_null(a->chip_maker.org);
	/* a Samsung DIMM by its JEP106 id: Samsung DRAM */
	a = attr(inv, KIND_DIMM, "jedec_module=80CE", NULL);
	assert_string_equal(a->chip_maker.org, "samsung");
	assert_non_null(strstr(a->chip_maker.ev[0].rule, "DRAM"));
	inventory_free(inv);
}

/* Elpida became Micron's on 2013-07-31 (completion of the acquisition): an
 * Elpida module made before is Elpida's, one made after is Micron's. */
static void test_dated_ownership(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* JEP106 bank 3 0xFE = Elpida (SPD bytes 02 FE) */
	const struct attribution *a =
		attr(inv, KIND_DIMM, "jedec_module=02FE", "manufacture_date=2009-W20", NULL);
	assert_string_equal(a->maker.org, "elpida");
	a = attr(inv, KIND_DIMM, "jedec_module=02FE", "manufacture_date=2014-W20", NULL);
	assert_string_equal(a->maker.org, "micron");
	assert_non_null(strstr(maker_relation(&a->maker), "since 2013-07-31"));
	assert_non_null(strstr(maker_relation(&a->maker), "date used: 2014-05-12"));
	/* made in 2009, bought second-hand in 2015: still Elpida's (made before) */
	a = attr(inv, KIND_DIMM, "jedec_module=02FE", "manufacture_date=2009-W20",
		 "acquired=2015-03-01", NULL);
	assert_string_equal(a->maker.org, "elpida");
	/* no manufacture date: the acquisition date decides */
	a = attr(inv, KIND_DIMM, "jedec_module=02FE", "acquired=2015-03-01", NULL);
	assert_string_equal(a->maker.org, "micron");
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virtual_ids),       cmocka_unit_test(test_virtual_names),
		cmocka_unit_test(test_virtual_not_judged), cmocka_unit_test(test_own_chips),
		cmocka_unit_test(test_dated_ownership),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
