/*
 * test_devices.c — the device sources (pci, nvme, block, usb, emmc) on
 * trees built by fx_sysfs from the kernel's sysfs layout, every decoded value
 * asserted; then the same trees with hostile values planted.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "collect/collect.h"
#include "fx_sysfs.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const struct fx_pci pci[] = {
	{"0000:00:1c.0", NULL, "0x8086", "0xa33c", "0x8086", "0x7270", "0x060400", "0xf0"},
	{"0000:3b:00.0", "0000:00:1c.0", "0x1e49", "0x0071", "0x1e49", "0x0071", "0x010802",
	 "0x01"},
	{"0000:5e:00.0", NULL, "0x19e5", "0x1822", "0x19e5", "0xd139", "0x020000", "0x45"},
	{"0000:00:17.0", NULL, "0x8086", "0xa352", "0x8086", "0x7270", "0x010601", "0x10"},
	{"0000:00:14.0", NULL, "0x8086", "0xa36d", "0x8086", "0x7270", "0x0c0330", "0x10"},
	{"0000:00:04.0", NULL, "0x1af4", "0x1042", "0x1af4", "0x1100", "0x010000", "0x01"},
	{"0000:18:00.0", NULL, "0x1000", "0x0097", "0x1028", "0x1f45", "0x010700", "0x02"},
	{0},
};

static const struct fx_nvme nvme[] = {
	{.name = "nvme0",
	 .pci = "0000:3b:00.0",
	 .subsystem = "nvme-subsys0",
	 .model = "ZHITAI TiPlus7100 1TB",
	 .serial = "ZTA21T0KA2333003LM",
	 .firmware_rev = "ZTA09139",
	 .subsysnqn = "nqn.2021-09.com.ymtc:nvme:ZTA21T0KA2333003LM",
	 .transport = "pcie",
	 .cntlid = "1",
	 .ns = {{.name = "nvme0n1",
		 .wwid = "eui.a428b70000001234",
		 .eui = "a4 28 b7 00 00 00 12 34"},
		{.name = "nvme0n2",
		 .wwid = "eui.a428b70000005678",
		 .eui = "a4 28 b7 00 00 00 56 78"}}},
	/* on a PCI function the tree does not describe, multipath namespace */
	{.name = "nvme1",
	 .pci = "0000:5f:00.0",
	 .subsystem = "nvme-subsys1",
	 .model = "MZXL53T2HBLS-00A07",
	 .serial = "S6RTNE0R900058",
	 .firmware_rev = "GDC7102Q",
	 .transport = "pcie",
	 .cntlid = "65",
	 .multipath = true,
	 .ns = {{.name = "nvme1c1n1",
		 .wwid = "eui.36525430529000580025384500000001",
		 .nguid = "36525430-5290-0058-0025-384500000001"}}},
	/* over TCP: no PCI function at all */
	{.name = "nvme3",
	 .subsystem = "nvme-subsys3",
	 .model = "Linux",
	 .serial = "a1b2c3d4e5f6",
	 .firmware_rev = "6.1.0",
	 .subsysnqn = "nqn.2014-08.org.example:target1",
	 .transport = "tcp",
	 .address = "traddr=192.0.2.20,trsvcid=4420,src_addr=192.0.2.10",
	 .cntlid = "2",
	 .ns = {{.name = "nvme3n1", .wwid = "nvme.0000-6131623263336434-4c696e7578-00000001"}}},
	{0},
};

static const struct fx_usb usb[] = {
	{"1-1", "0000:00:14.0", "05e3", "0610", "9226", "09", "GenesysLogic", "USB2.1 Hub", NULL,
	 "09"},
	{"1-1.2", "0000:00:14.0", "12d1", "1506", "0102", "00", "HUAWEI_MOBILE", "HUAWEI_MOBILE",
	 NULL, "ff"},
	{"2-1", "0000:00:14.0", "0781", "5581", "0100", "00", "SanDisk", "Extreme",
	 "AA010203040506070809", "08"},
	{0},
};

static const struct fx_disk disks[] = {
	{.name = "sda",
	 .bus = FX_SATA,
	 .pci = "0000:00:17.0",
	 .host = 0,
	 .vendor = "ATA",
	 .model = "Samsung SSD 870",
	 .rev = "1B6Q",
	 .wwid = "naa.5002538f4231a0b1",
	 .serial = "S6PNNS0W123456A"},
	{.name = "sdb",
	 .bus = FX_USB,
	 .usb_port = "2-1",
	 .host = 4,
	 .vendor = "SanDisk",
	 .model = "Extreme",
	 .rev = "1.00",
	 .serial = "AA010203040506070809"},
	{.name = "sdc",
	 .bus = FX_SAS,
	 .pci = "0000:18:00.0",
	 .host = 2,
	 .vendor = "SEAGATE",
	 .model = "ST4000NM0025",
	 .rev = "N005",
	 .wwid = "naa.5000c500a1b2c3d4",
	 .serial = "  ZC1ABCDE"},
	{.name = "vda",
	 .bus = FX_VIRTIO,
	 .pci = "0000:00:04.0",
	 .host = 1,
	 .virtio_vendor = "0x1af4",
	 .virtio_device = "0x0002",
	 .serial = "vol-01"},
	{.name = "loop0", .bus = FX_VIRTUAL},
	{.name = "zram0", .bus = FX_VIRTUAL},
	{0},
};

static const struct fx_mmc mmc[] = {
	{.name = "mmc0:0001",
	 .host = "fe310000.mmc",
	 .type = "MMC",
	 .manfid = "0x000015",
	 .oemid = "0x0100",
	 .card_name = "BJTD4R",
	 .serial = "0x1a2b3c4d",
	 .date = "02/2019",
	 .fwrev = "0x0",
	 .hwrev = "0x0",
	 .prv = "0x8",
	 .cid = "150100424a544434520b1a2b3c4d2900",
	 .block = "mmcblk0"},
	{.name = "mmc1:0001",
	 .host = "fe2c0000.mmc",
	 .type = "SDIO",
	 .vendor = "0x02d0",
	 .device = "0xa9a6"},
	{0},
};

static const struct fx_machine machine = {
	.hostname = "db1",
	.pci = pci,
	.nvme = nvme,
	.disks = disks,
	.usb = usb,
	.mmc = mmc,
};

/* ---- helpers ---- */

static const struct component *comp(struct inventory *inv, const char *id)
{
	const struct component *c = inventory_find(inv, id);
	if (!c)
		fail_msg("no component %s", id);
	return c;
}

/* The decoded value, or raw when raw is true; NULL when absent. */
static const char *val(struct inventory *inv, const char *id, enum fkey k, bool raw)
{
	const struct field *f = component_field(comp(inv, id), k, raw);
	return f ? f->value : NULL;
}

static const char *src(struct inventory *inv, const char *id, enum fkey k)
{
	const struct field *f = component_field(comp(inv, id), k, false);
	return f ? f->source : NULL;
}

static const char *extra(struct inventory *inv, const char *id, const char *name, bool raw)
{
	const struct component *c = comp(inv, id);
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA && !strcmp(c->fields[i].name, name) &&
		    !!(c->fields[i].flags & FIELD_RAW) == raw)
			return c->fields[i].value;
	return NULL;
}

static void assert_field(struct inventory *inv, const char *id, enum fkey k, const char *raw,
			 const char *dec)
{
	const char *r = val(inv, id, k, true), *d = val(inv, id, k, false);
	if (raw)
		assert_string_equal(r, raw);
	else
		assert_null(r);
	if (dec)
		assert_string_equal(d, dec);
	else
		assert_null(d);
}

static const struct note *note_with(const struct note *v, size_t n, const char *path,
				    const char *text)
{
	for (size_t i = 0; i < n; i++)
		if ((!path || (v[i].path && !strcmp(v[i].path, path))) && strstr(v[i].reason, text))
			return &v[i];
	return NULL;
}

static const struct note *warning(struct inventory *inv, const char *path, const char *text)
{
	const struct note *w = note_with(inv->warnings, inv->nwarnings, path, text);
	if (!w)
		fail_msg("no warning on %s with \"%s\"", path, text);
	return w;
}

/* The sources under test only: SMBIOS and SPD have their own tests, and
 * their notes about a tree without DMI tables are not this file's business. */
static void collect_devices(struct inventory *inv, const char *root)
{
	struct collect_ctx cc = {.root = root, .inv = inv};
	collect_host_facts(&cc);
	collect_pci(&cc);
	collect_nvme(&cc);
	collect_block(&cc);
	collect_usb(&cc);
	collect_emmc(&cc);
}

static struct inventory *collect_machine(char **dir)
{
	*dir = test_tmpdir();
	assert_int_equal(fx_machine(*dir, &machine), 0);
	struct inventory *inv = inventory_new();
	collect_devices(inv, *dir);
	return inv;
}

static void done(struct inventory *inv, char *dir)
{
	inventory_free(inv);
	test_rmtree(dir);
	free(dir);
}

/* ---- the clean machine ---- */

static void test_components(void **state)
{
	(void)state;
	char *dir;
	struct inventory *inv = collect_machine(&dir);
	static const char *const ids[] = {
		"pci/0000:00:04.0",
		"pci/0000:00:14.0",
		"pci/0000:00:17.0",
		"pci/0000:00:1c.0",
		/* pci/0000:3b:00.0 is nvme0's own function: folded into it */
		"pci/0000:18:00.0",
		"pci/0000:5e:00.0",
		"nvme/nvme0",
		"nvme/nvme1",
		"nvme/nvme3",
		"disk/sda",
		"disk/sdb",
		"disk/sdc",
		"disk/vda",
		"usb/1-1",
		"usb/1-1.2",
		"usb/2-1",
		"emmc/mmc0:0001",
		"emmc/mmc1:0001",
	};
	assert_int_equal(inv->ncomps, sizeof ids / sizeof ids[0]);
	for (size_t i = 0; i < inv->ncomps; i++)
		assert_string_equal(inv->comps[i].id, ids[i]);
	assert_string_equal(inv->host.hostname, "db1");
	/* a clean tree: no warnings; the one unread note is nvme1's PCI ids */
	for (size_t i = 0; i < inv->nwarnings; i++)
		print_message("unexpected warning: %s\n", inv->warnings[i].reason);
	assert_int_equal(inv->nwarnings, 0);
	assert_int_equal(inv->nunread, 1);
	assert_string_equal(inv->unread[0].path, "/sys/class/nvme/nvme1/device");
	assert_string_equal(inv->unread[0].what, "NVMe PCI ids");
	assert_non_null(strstr(inv->unread[0].reason, "no PCI vendor or device id for nvme1"));
	assert_non_null(strstr(inv->unread[0].reason, "(0000:5f:00.0)"));
	done(inv, dir);
}

static void test_pci(void **state)
{
	(void)state;
	char *dir;
	struct inventory *inv = collect_machine(&dir);
	const char *id = "pci/0000:5e:00.0";
	const struct component *c = comp(inv, id);
	assert_int_equal(c->kind, KIND_PCI);
	assert_string_equal(c->source, "/sys/bus/pci/devices/0000:5e:00.0");
	assert_field(inv, id, FK_PCI_ADDRESS, NULL, "0000:5e:00.0");
	assert_string_equal(src(inv, id, FK_PCI_VENDOR),
			    "/sys/bus/pci/devices/0000:5e:00.0/vendor");
	assert_field(inv, id, FK_PCI_VENDOR, "0x19e5", "19e5");
	assert_field(inv, id, FK_PCI_DEVICE, "0x1822", "1822");
	assert_field(inv, id, FK_PCI_SUBVENDOR, "0x19e5", "19e5");
	assert_field(inv, id, FK_PCI_SUBDEVICE, "0xd139", "d139");
	assert_field(inv, id, FK_PCI_CLASS, "0x020000", "020000");
	assert_field(inv, id, FK_PCI_REVISION, "0x45", "45");
	/* the OEM in the subsystem, the silicon in the vendor */
	id = "pci/0000:18:00.0";
	assert_field(inv, id, FK_PCI_VENDOR, "0x1000", "1000");
	assert_field(inv, id, FK_PCI_SUBVENDOR, "0x1028", "1028");
	assert_int_equal(comp(inv, id)->nfields, 13);
	done(inv, dir);
}

static void test_nvme(void **state)
{
	(void)state;
	char *dir;
	struct inventory *inv = collect_machine(&dir);
	const char *id = "nvme/nvme0";
	assert_int_equal(comp(inv, id)->kind, KIND_NVME);
	assert_string_equal(comp(inv, id)->source, "/sys/class/nvme/nvme0");
	assert_field(inv, id, FK_MODEL, "ZHITAI TiPlus7100 1TB                   ",
		     "ZHITAI TiPlus7100 1TB");
	assert_field(inv, id, FK_SERIAL, "ZTA21T0KA2333003LM  ", "ZTA21T0KA2333003LM");
	assert_field(inv, id, FK_FIRMWARE, "ZTA09139", "ZTA09139");
	assert_field(inv, id, FK_NVME_SUBSYSNQN, "nqn.2021-09.com.ymtc:nvme:ZTA21T0KA2333003LM",
		     "nqn.2021-09.com.ymtc:nvme:ZTA21T0KA2333003LM");
	assert_field(inv, id, FK_TRANSPORT, "pcie", "pcie");
	assert_field(inv, id, FK_PCI_ADDRESS, "0000:3b:00.0", "0000:3b:00.0");
	assert_field(inv, id, FK_DEVICE, NULL, "nvme0");
	assert_string_equal(extra(inv, id, "cntlid", false), "1");
	assert_string_equal(extra(inv, id, "nvme_subsystem", false), "nvme-subsys0");
	/* PCI ids through device/ */
	assert_field(inv, id, FK_PCI_VENDOR, "0x1e49", "1e49");
	assert_field(inv, id, FK_PCI_DEVICE, "0x0071", "0071");
	assert_field(inv, id, FK_PCI_SUBVENDOR, "0x1e49", "1e49");
	assert_field(inv, id, FK_PCI_SUBDEVICE, "0x0071", "0071");
	assert_string_equal(src(inv, id, FK_PCI_VENDOR), "/sys/class/nvme/nvme0/device/vendor");
	/* first namespace: main fields; second: extras */
	assert_field(inv, id, FK_WWID, "eui.a428b70000001234", "eui.a428b70000001234");
	assert_field(inv, id, FK_EUI64, "a4 28 b7 00 00 00 12 34", "a428b70000001234");
	assert_field(inv, id, FK_NGUID, NULL, NULL);
	assert_field(inv, id, FK_IEEE_OUI, NULL, "a428b7");
	assert_string_equal(src(inv, id, FK_IEEE_OUI),
			    "/sys/class/nvme/nvme0/nvme0n1/eui#EUI-64 bytes 0-2");
	assert_string_equal(extra(inv, id, "ns2_wwid", false), "eui.a428b70000005678");
	assert_string_equal(extra(inv, id, "ns2_eui64", false), "a428b70000005678");
	assert_string_equal(extra(inv, id, "ns2_eui64", true), "a4 28 b7 00 00 00 56 78");
	/* its PCI function, folded in: what only it had, with its sources, and its id */
	assert_null(inventory_find(inv, "pci/0000:3b:00.0"));
	assert_field(inv, id, FK_PCI_CLASS, "0x010802", "010802");
	assert_field(inv, id, FK_PCI_REVISION, "0x01", "01");
	assert_string_equal(src(inv, id, FK_PCI_CLASS), "/sys/bus/pci/devices/0000:3b:00.0/class");
	assert_string_equal(extra(inv, id, "pci_component", false), "pci/0000:3b:00.0");
	assert_null(extra(inv, id, "pci_component", true));
	/* the fields both had are kept once, as the controller read them */
	size_t n = 0;
	for (size_t i = 0; i < comp(inv, id)->nfields; i++)
		n += comp(inv, id)->fields[i].key == FK_PCI_VENDOR;
	assert_int_equal(n, 2);                               /* raw and decoded */
	assert_int_equal(comp(inv, id)->nfields, 33 + 4 + 1); /* + class, revision, id */

	/* multipath path namespace, NGUID OUI, no PCI ids */
	id = "nvme/nvme1";
	assert_field(inv, id, FK_MODEL, "MZXL53T2HBLS-00A07                      ",
		     "MZXL53T2HBLS-00A07");
	assert_field(inv, id, FK_PCI_ADDRESS, "0000:5f:00.0", "0000:5f:00.0");
	assert_field(inv, id, FK_PCI_VENDOR, NULL, NULL);
	/* no subsysnqn on the controller: none on the subsystem either */
	assert_field(inv, id, FK_NVME_SUBSYSNQN, NULL, NULL);
	assert_field(inv, id, FK_NGUID, "36525430-5290-0058-0025-384500000001",
		     "36525430529000580025384500000001");
	assert_field(inv, id, FK_IEEE_OUI, NULL, "002538");
	assert_string_equal(src(inv, id, FK_IEEE_OUI),
			    "/sys/class/nvme/nvme1/nvme1c1n1/nguid#NGUID bytes 8-10");

	/* fabrics: address kept as an extra; the nvme. wwid gives the VID */
	id = "nvme/nvme3";
	assert_field(inv, id, FK_TRANSPORT, "tcp", "tcp");
	assert_field(inv, id, FK_PCI_ADDRESS, NULL, NULL);
	assert_string_equal(extra(inv, id, "address", false),
			    "traddr=192.0.2.20,trsvcid=4420,src_addr=192.0.2.10");
	assert_field(inv, id, FK_PCI_VENDOR, NULL, "0000");
	assert_string_equal(src(inv, id, FK_PCI_VENDOR),
			    "/sys/class/nvme/nvme3/nvme3n1/wwid#Identify Controller VID");
	assert_field(inv, id, FK_IEEE_OUI, NULL, NULL);
	done(inv, dir);
}

static void test_block(void **state)
{
	(void)state;
	char *dir;
	struct inventory *inv = collect_machine(&dir);
	const char *id = "disk/sda";
	assert_int_equal(comp(inv, id)->kind, KIND_DISK);
	assert_string_equal(comp(inv, id)->source, "/sys/block/sda");
	/* libata's "ATA" is not a maker: kept raw only */
	assert_field(inv, id, FK_MANUFACTURER, "ATA     ", NULL);
	assert_field(inv, id, FK_MODEL, "Samsung SSD 870 ", "Samsung SSD 870");
	assert_field(inv, id, FK_FIRMWARE, "1B6Q", "1B6Q");
	assert_field(inv, id, FK_WWID, "naa.5002538f4231a0b1", "naa.5002538f4231a0b1");
	assert_field(inv, id, FK_IEEE_OUI, NULL, "002538");
	assert_field(inv, id, FK_SERIAL, "S6PNNS0W123456A", "S6PNNS0W123456A");
	assert_string_equal(src(inv, id, FK_SERIAL), "/sys/block/sda/device/vpd_pg80#bytes 4-");
	assert_field(inv, id, FK_TRANSPORT, NULL, "sata");
	assert_field(inv, id, FK_DEVICE, NULL, "sda");
	assert_string_equal(extra(inv, id, "host_pci_address", false), "0000:00:17.0");
	assert_string_equal(
		extra(inv, id, "sysfs_path", true),
		"/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda");

	id = "disk/sdb";
	assert_field(inv, id, FK_MANUFACTURER, "SanDisk ", "SanDisk");
	assert_field(inv, id, FK_MODEL, "Extreme         ", "Extreme");
	assert_field(inv, id, FK_TRANSPORT, NULL, "usb");
	assert_field(inv, id, FK_WWID, NULL, NULL);
	assert_field(inv, id, FK_SERIAL, "AA010203040506070809", "AA010203040506070809");
	assert_string_equal(extra(inv, id, "host_pci_address", false), "0000:00:14.0");

	id = "disk/sdc";
	assert_field(inv, id, FK_MANUFACTURER, "SEAGATE ", "SEAGATE");
	assert_field(inv, id, FK_TRANSPORT, NULL, "sas");
	assert_field(inv, id, FK_IEEE_OUI, NULL, "000c50");
	assert_field(inv, id, FK_SERIAL, "  ZC1ABCDE", "ZC1ABCDE");
	assert_string_equal(extra(inv, id, "host_pci_address", false), "0000:18:00.0");

	id = "disk/vda";
	assert_field(inv, id, FK_TRANSPORT, NULL, "virtio");
	assert_field(inv, id, FK_SERIAL, "vol-01", "vol-01");
	assert_string_equal(extra(inv, id, "virtio_vendor", true), "0x1af4");
	assert_string_equal(extra(inv, id, "virtio_vendor", false), "1af4");
	assert_string_equal(extra(inv, id, "virtio_device", false), "0002");
	assert_field(inv, id, FK_MANUFACTURER, NULL, NULL);
	/* loop0, zram0 (virtual), nvme0n1, nvme1n1, nvme3n1 (nvme.c), mmcblk0 (emmc.c): not disks
	 */
	assert_null(inventory_find(inv, "disk/loop0"));
	assert_null(inventory_find(inv, "disk/nvme0n1"));
	assert_null(inventory_find(inv, "disk/mmcblk0"));
	done(inv, dir);
}

static void test_usb(void **state)
{
	(void)state;
	char *dir;
	struct inventory *inv = collect_machine(&dir);
	const char *id = "usb/2-1";
	assert_int_equal(comp(inv, id)->kind, KIND_USB);
	assert_string_equal(comp(inv, id)->source, "/sys/bus/usb/devices/2-1");
	assert_field(inv, id, FK_USB_VENDOR, "0781", "0781");
	assert_field(inv, id, FK_USB_PRODUCT, "5581", "5581");
	assert_field(inv, id, FK_USB_BCD_DEVICE, "0100", "0100");
	assert_field(inv, id, FK_USB_CLASS, "00", "00");
	assert_field(inv, id, FK_MANUFACTURER, "SanDisk", "SanDisk");
	assert_field(inv, id, FK_PRODUCT, "Extreme", "Extreme");
	assert_field(inv, id, FK_SERIAL, "AA010203040506070809", "AA010203040506070809");
	assert_field(inv, id, FK_DEVICE, NULL, "2-1");
	assert_string_equal(extra(inv, id, "host_pci_address", false), "0000:00:14.0");
	id = "usb/1-1.2";
	assert_field(inv, id, FK_USB_VENDOR, "12d1", "12d1");
	assert_field(inv, id, FK_USB_PRODUCT, "1506", "1506");
	assert_field(inv, id, FK_MANUFACTURER, "HUAWEI_MOBILE", "HUAWEI_MOBILE");
	assert_field(inv, id, FK_SERIAL, NULL, NULL);
	id = "usb/1-1";
	assert_field(inv, id, FK_USB_CLASS, "09", "09");
	/* root hubs and interfaces are not components */
	assert_null(inventory_find(inv, "usb/usb1"));
	assert_null(inventory_find(inv, "usb/1-1:1.0"));
	assert_null(inventory_find(inv, "usb/1-0:1.0"));
	done(inv, dir);
}

static void test_emmc(void **state)
{
	(void)state;
	char *dir;
	struct inventory *inv = collect_machine(&dir);
	const char *id = "emmc/mmc0:0001";
	assert_int_equal(comp(inv, id)->kind, KIND_EMMC);
	assert_string_equal(comp(inv, id)->source, "/sys/bus/mmc/devices/mmc0:0001");
	assert_field(inv, id, FK_EMMC_MANFID, "0x000015", "0x000015");
	assert_field(inv, id, FK_EMMC_OEMID, "0x0100", "0x0100");
	assert_field(inv, id, FK_EMMC_NAME, "BJTD4R", "BJTD4R");
	assert_field(inv, id, FK_SERIAL, "0x1a2b3c4d", "0x1a2b3c4d");
	assert_field(inv, id, FK_MANUFACTURE_DATE, "02/2019", "2019-02");
	assert_field(inv, id, FK_TRANSPORT, "MMC", "mmc");
	assert_field(inv, id, FK_FIRMWARE, "0x0", "0x0");
	assert_field(inv, id, FK_REVISION, "0x8", "0x8");
	assert_field(inv, id, FK_DEVICE, NULL, "mmc0:0001");
	assert_string_equal(extra(inv, id, "cid", true), "150100424a544434520b1a2b3c4d2900");
	id = "emmc/mmc1:0001";
	assert_field(inv, id, FK_TRANSPORT, "SDIO", "sdio");
	assert_string_equal(extra(inv, id, "sdio_vendor", false), "02d0");
	assert_string_equal(extra(inv, id, "sdio_device", false), "a9a6");
	assert_field(inv, id, FK_EMMC_MANFID, NULL, NULL);
	done(inv, dir);
}

/* ---- hostile and broken trees ---- */

static void test_hostile(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	assert_int_equal(fx_machine(dir, &machine), 0);
	/* a vendor id that is not one */
	test_write_str(dir, "sys/bus/pci/devices/0000:00:14.0/vendor", "zz\n");
	/* a file no sysfs attribute can be */
	char *big = malloc(1 << 20);
	memset(big, 'A', 1 << 20);
	test_write(dir, "sys/bus/pci/devices/0000:00:17.0/device", big, 1 << 20);
	free(big);
	/* text that is not UTF-8, and a NUL inside a model */
	test_write_str(dir, "sys/bus/usb/devices/2-1/product", "Ex\xfftreme\n");
	test_write(dir, "sys/class/nvme/nvme0/model", "ZHITAI\0X\n", 9);
	/* a required attribute missing */
	char p[4096];
	snprintf(p, sizeof p, "%s/sys/bus/usb/devices/1-1/idVendor", dir);
	assert_int_equal(remove(p), 0);
	/* malformed date, EUI-64, VPD page, MMC manfid width */
	test_write_str(dir, "sys/bus/mmc/devices/mmc0:0001/date", "13/2019\n");
	test_write_str(dir, "sys/bus/mmc/devices/mmc0:0001/manfid", "0x15\n");
	test_write_str(dir, "sys/class/nvme/nvme0/nvme0n1/eui", "zz zz\n");
	test_write(dir, "sys/block/sda/device/vpd_pg80", "\x00\x80\x00\x40SHORT", 9);
	/* an attribute that is a directory: unreadable */
	snprintf(p, sizeof p, "%s/sys/block/sdc/device/model", dir);
	assert_int_equal(remove(p), 0);
	assert_int_equal(mkdir(p, 0755), 0);
	/* a link that loops, in the PCI listing */
	test_symlink(dir, "sys/bus/pci/devices/0000:00:1f.0", "0000:00:1f.0");

	struct inventory *inv = inventory_new();
	collect_devices(inv, dir);

	warning(inv, "/sys/bus/pci/devices/0000:00:14.0/vendor",
		"/sys/bus/pci/devices/0000:00:14.0/vendor: \"zz\" is not an id of 0x and 4 "
		"hexadecimal digits as the kernel writes it; kept as read, not decoded");
	assert_field(inv, "pci/0000:00:14.0", FK_PCI_VENDOR, "zz", NULL);
	assert_field(inv, "pci/0000:00:14.0", FK_PCI_DEVICE, "0xa36d", "a36d");

	warning(inv, "/sys/bus/pci/devices/0000:00:17.0/device",
		"/sys/bus/pci/devices/0000:00:17.0/device: larger than 4096 bytes, which no sysfs "
		"attribute is; not read");
	assert_field(inv, "pci/0000:00:17.0", FK_PCI_DEVICE, NULL, NULL);
	assert_field(inv, "pci/0000:00:17.0", FK_PCI_VENDOR, "0x8086", "8086");

	warning(inv, "/sys/bus/usb/devices/2-1/product",
		"/sys/bus/usb/devices/2-1/product: \"Ex\\xfftreme\" is not UTF-8 text; kept with "
		"its bytes escaped");
	assert_field(inv, "usb/2-1", FK_PRODUCT, "Ex\\xfftreme", "Ex\\xfftreme");
	assert_field(inv, "nvme/nvme0", FK_MODEL, "ZHITAI\\x00X", "ZHITAI\\x00X");
	warning(inv, "/sys/class/nvme/nvme0/model", "\"ZHITAI\xe2\x90\x80X\" is not UTF-8 text");

	const struct note *n = note_with(inv->unread, inv->nunread, "/sys/bus/usb/devices/1-1",
					 "idVendor: absent from sysfs, so not known");
	assert_non_null(n);
	assert_string_equal(n->what, "USB device");
	assert_field(inv, "usb/1-1", FK_USB_PRODUCT, "0610", "0610");

	warning(inv, "/sys/bus/mmc/devices/mmc0:0001/date",
		"/sys/bus/mmc/devices/mmc0:0001/date: not a manufacturing date of the form "
		"MM/YYYY; kept as read, not decoded");
	assert_field(inv, "emmc/mmc0:0001", FK_MANUFACTURE_DATE, "13/2019", NULL);
	warning(inv, "/sys/bus/mmc/devices/mmc0:0001/manfid",
		"\"0x15\" is not an id of 0x and 6 hexadecimal digits");
	assert_field(inv, "emmc/mmc0:0001", FK_EMMC_MANFID, "0x15", NULL);
	assert_field(inv, "emmc/mmc0:0001", FK_EMMC_NAME, "BJTD4R", "BJTD4R");

	warning(inv, "/sys/class/nvme/nvme0/nvme0n1/eui",
		"/sys/class/nvme/nvme0/nvme0n1/eui: \"zz zz\" is not 8 bytes in hexadecimal; kept "
		"as read, not decoded");
	assert_field(inv, "nvme/nvme0", FK_EUI64, "zz zz", NULL);
	/* the OUI then comes from the wwid */
	assert_field(inv, "nvme/nvme0", FK_IEEE_OUI, NULL, "a428b7");
	assert_string_equal(src(inv, "nvme/nvme0", FK_IEEE_OUI),
			    "/sys/class/nvme/nvme0/nvme0n1/wwid#EUI-64 bytes 0-2");

	warning(inv, "/sys/block/sda/device/vpd_pg80",
		"/sys/block/sda/device/vpd_pg80: not a VPD Unit Serial Number page (9 bytes, page "
		"code 0x80, or a length beyond the data); serial not read");
	assert_field(inv, "disk/sda", FK_SERIAL, NULL, NULL);
	assert_field(inv, "disk/sda", FK_MODEL, "Samsung SSD 870 ", "Samsung SSD 870");

	n = note_with(inv->unread, inv->nunread, "/sys/block/sdc/device/model", "Is a directory");
	assert_non_null(n);
	/* the path is named as collect sees it, without the root */
	assert_string_equal(n->reason, "/sys/block/sdc/device/model: Is a directory");
	assert_field(inv, "disk/sdc", FK_FIRMWARE, "N005", "N005");

	/* the looping link: a component with its ids noted absent */
	n = note_with(inv->unread, inv->nunread, "/sys/bus/pci/devices/0000:00:1f.0",
		      "vendor, device, class: absent from sysfs");
	assert_non_null(n);
	/* everything else still there */
	assert_non_null(inventory_find(inv, "emmc/mmc1:0001"));
	assert_field(inv, "nvme/nvme0", FK_PCI_VENDOR, "0x1e49", "1e49");
	assert_field(inv, "nvme/nvme0", FK_PCI_CLASS, "0x010802", "010802");
	inventory_free(inv);
	test_rmtree(dir);
	free(dir);
}

/* A controller whose address names another device's function: not one
 * drive, so nothing is folded, and the disagreement is said. */
static void test_fold_needs_agreement(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	assert_int_equal(fx_machine(dir, &machine), 0);
	test_write_str(dir, "sys/class/nvme/nvme0/address", "0000:5e:00.0\n");
	struct inventory *inv = inventory_new();
	collect_devices(inv, dir);
	assert_non_null(inventory_find(inv, "pci/0000:5e:00.0"));
	assert_non_null(inventory_find(inv, "pci/0000:3b:00.0"));
	assert_null(extra(inv, "nvme/nvme0", "pci_component", false));
	assert_field(inv, "nvme/nvme0", FK_PCI_CLASS, NULL, NULL);
	warning(inv, "/sys/bus/pci/devices/0000:5e:00.0",
		"nvme/nvme0 and pci/0000:5e:00.0 have the same PCI address but differ in raw "
		"pci_vendor (\"0x1e49\", \"0x19e5\"): both kept");
	/* the sources alone (no PCI listing): nothing to fold, nothing lost */
	struct inventory *alone = inventory_new();
	struct collect_ctx cc = {.root = dir, .inv = alone};
	collect_nvme(&cc);
	assert_int_equal(alone->ncomps, 3);
	assert_null(extra(alone, "nvme/nvme0", "pci_component", false));
	inventory_free(alone);
	inventory_free(inv);
	test_rmtree(dir);
	free(dir);
}

static void test_empty_root(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct inventory *inv = inventory_new();
	collect_devices(inv, dir);
	assert_int_equal(inv->ncomps, 0);
	assert_int_equal(inv->nwarnings, 0);
	/* PCI and block devices are on every Linux machine: their absence is said */
	assert_non_null(note_with(inv->unread, inv->nunread, "/sys/bus/pci/devices",
				  "absent: no such directory"));
	assert_non_null(
		note_with(inv->unread, inv->nunread, "/sys/block", "absent: no such directory"));
	inventory_free(inv);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_components),
		cmocka_unit_test(test_pci),
		cmocka_unit_test(test_nvme),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_fold_needs_agreement),
		cmocka_unit_test(test_usb),
		cmocka_unit_test(test_emmc),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_empty_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
