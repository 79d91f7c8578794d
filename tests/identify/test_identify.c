/*
 * test_identify.c — attribution of real identifiers, hard cases, hostile
 * input, organisations over time, and the identify command.
 *
 * The identifier strings are copied from the real tool outputs under
 * tests/fixtures/hw/ (file named at each case) and from
 * the identifier sources (JEP106, pci.ids); the expected makers are what those files show.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "identify/jep106.h"
#include "identify/kb.h"
#include "identify/pattern.h"
#include "inventory-json.h"
#include "report/inventory-text.h"
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

/*
 * A component from "key=value" pairs (field key names of the inventory
 * schema; "smbios.x" for extra fields), identified as of 2025-06-01.
 */
static const struct attribution *attr(struct inventory *inv, enum kind kind, ...)
{
	struct component *c = inventory_add(inv, kind, "t", "test");
	va_list ap;
	va_start(ap, kind);
	for (const char *kv; (kv = va_arg(ap, const char *));) {
		const char *eq = strchr(kv, '=');
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
		int k = field_key_from_name(key);
		if (k == FK_EXTRA)
			component_set_extra(inv, c, key, FIELD_RAW, eq + 1, "test");
		else
			component_set(inv, c, (enum fkey)k, FIELD_RAW, eq + 1, "test");
	}
	va_end(ap);
	identify_component(kb, inv, c, date_parse("2025-06-01"));
	return c->attr;
}

#define ORG(m) ((m)->org ? (m)->org : "(unknown)")

static bool ev_field(const struct maker *m, const char *field, const char *org)
{
	for (size_t i = 0; i < m->nev; i++)
		if (!strcmp(m->ev[i].field, field) && (!org || !strcmp(m->ev[i].org, org)))
			return true;
	return false;
}

/* ---- the real outputs ---- */

static void test_dmidecode(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* dmidecode/glpi_dell-r620.txt: Dell hex form, SK hynix DDR3 */
	const struct attribution *a = attr(inv, KIND_DIMM, "manufacturer=00AD00B300AD",
					   "part_number=HMT42GR7AFR4A-PB  ", NULL);
	assert_string_equal(ORG(&a->maker), "skhynix");
	assert_int_equal(a->maker.conf, CONF_CERTAIN);
	assert_string_equal(ORG(&a->chip_maker), "skhynix");
	assert_int_equal(a->chip_maker.conf, CONF_CERTAIN);
	assert_true(ev_field(&a->maker, "part_number", "skhynix"));
	assert_int_equal(a->nconflicts, 0);
	assert_null(a->oem.org);
	/* dmidecode/glpi_dell-r720.txt */
	a = attr(inv, KIND_DIMM, "manufacturer=00CE00B300CE", "part_number=M393B1G73QH0-CMA", NULL);
	assert_string_equal(ORG(&a->maker), "samsung");
	assert_string_equal(ORG(&a->chip_maker), "samsung");
	assert_int_equal(a->chip_maker.conf, CONF_CERTAIN);
	/* dmidecode/glpi_lenovo-thinkpad.txt: a plain name and a Samsung part */
	a = attr(inv, KIND_DIMM, "manufacturer=Samsung", "part_number=M471B5273CH0-CH9", NULL);
	assert_string_equal(ORG(&a->maker), "samsung");
	assert_int_equal(a->maker.conf, CONF_STRONG);
	assert_true(ev_field(&a->maker, "manufacturer", "samsung"));
	assert_string_equal(ORG(&a->chip_maker), "samsung");
	assert_int_equal(a->chip_maker.conf, CONF_STRONG);
	/* dmidecode/glpi_S3000AHLX.txt: 7F strings and hex-encoded part numbers */
	a = attr(inv, KIND_DIMM, "manufacturer=0x7F98000000000000",
		 "part_number=0x4B0000000000000000000000000000000000", NULL);
	assert_string_equal(ORG(&a->maker), "kingston");
	assert_int_equal(a->maker.conf, CONF_CERTAIN);
	assert_null(a->chip_maker.org);
	a = attr(inv, KIND_DIMM, "manufacturer=0xCE00000000000000",
		 "part_number=0x4D332037385432393533455A332D43453620", NULL);
	assert_string_equal(ORG(&a->maker), "samsung"); /* "M3 78T2953EZ3-CE6" */
	assert_true(ev_field(&a->maker, "part_number", "samsung"));
	assert_string_equal(ORG(&a->chip_maker), "samsung");
	/* dmidecode/glpi_hp-dl360-gen8.txt: the OEM's name and spare part number */
	a = attr(inv, KIND_DIMM, "manufacturer=HP     ", "part_number=647650-071          ", NULL);
	assert_null(a->maker.org);
	assert_non_null(strstr(a->maker.unknown_reason, "647650-071"));
	assert_non_null(strstr(a->maker.unknown_reason, "hides the maker"));
	assert_non_null(strstr(a->maker.unknown_reason, "OEM"));
	assert_string_equal(ORG(&a->oem), "hp");
	assert_true(a->has_chip);
	assert_null(a->chip_maker.org);
	/* empty slots of the same files */
	a = attr(inv, KIND_DIMM, "manufacturer=NO DIMM", "part_number=NO DIMM", NULL);
	assert_null(a->maker.org);
	assert_non_null(strstr(a->maker.unknown_reason, "placeholder"));
	a = attr(inv, KIND_DIMM, "manufacturer=UNKNOWN", "part_number=NOT AVAILABLE", NULL);
	assert_null(a->maker.org);
	inventory_free(inv);
}

static void test_spd_pairs(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* spd/Kingston_HP32D4R2D4HCI-64.bin: Kingston module, SK hynix DRAM */
	const struct attribution *a = attr(inv, KIND_DIMM, "jedec_module=0198", "jedec_dram=80AD",
					   "part_number=HP32D4R2D4HCI-64", NULL);
	assert_string_equal(ORG(&a->maker), "kingston");
	assert_int_equal(a->maker.conf, CONF_CERTAIN);
	assert_string_equal(ORG(&a->chip_maker), "skhynix");
	assert_int_equal(a->chip_maker.conf, CONF_CERTAIN);
	/* spd/Hynix_HMA81GU6DJR8N-XN.bin */
	a = attr(inv, KIND_DIMM, "jedec_module=80AD", "jedec_dram=80AD",
		 "part_number=HMA81GU6DJR8N-XN", NULL);
	assert_string_equal(ORG(&a->maker), "skhynix");
	assert_string_equal(ORG(&a->chip_maker), "skhynix");
	assert_int_equal(a->nconflicts, 0);
	/* spd/Samsung_M393A8G40CB4-CWE.bin */
	a = attr(inv, KIND_DIMM, "jedec_module=80CE", "jedec_dram=80CE",
		 "part_number=M393A8G40CB4-CWE", NULL);
	assert_string_equal(ORG(&a->maker), "samsung");
	assert_string_equal(ORG(&a->chip_maker), "samsung");
	/* spd-hex/ddr5_MTC40F2046S1RC48BA1.spd (ids written "80 2c") */
	a = attr(inv, KIND_DIMM, "jedec_module=80 2c", "jedec_dram=802C",
		 "part_number=MTC40F2046S1RC48BA1", NULL);
	assert_string_equal(ORG(&a->maker), "micron");
	assert_string_equal(ORG(&a->chip_maker), "micron");
	assert_true(ev_field(&a->maker, "jedec_module", "micron")); /* the code's own org */
	assert_true(ev_field(&a->chip_maker, "jedec_dram", "micron"));
	assert_int_equal(a->maker.nev, 2); /* SPD id and part number; no ownership step */
	/* spd-hex/ddr4_AQD-D4U32N32-SBW.spd: Apacer module; its made-up DRAM id
	 * 00 A4 has a continuation byte with even parity: reported, not guessed */
	a = attr(inv, KIND_DIMM, "jedec_module=017A", "jedec_dram=00A4", NULL);
	assert_string_equal(ORG(&a->maker), "apacer");
	assert_null(a->chip_maker.org);
	assert_non_null(
		strstr(a->chip_maker.unknown_reason, "continuation byte 0x00 fails odd parity"));
	/* spd-hex/ddr4_AQD-SD4U16GN32-SE1.spd: bank 11 0x48 Advantech */
	a = attr(inv, KIND_DIMM, "jedec_module=8AC8", NULL);
	assert_string_equal(ORG(&a->maker), "advantech");
	/* spd-hex/lpddr3_NT6CL256T32CQ.spd (synthetic): 03 0B has a bad parity bit */
	a = attr(inv, KIND_DIMM, "jedec_module=030B", "part_number=NT6CL256T32CQ", NULL);
	assert_string_equal(ORG(&a->maker), "nanya"); /* from the part number only */
	assert_int_equal(a->maker.conf, CONF_STRONG);
	inventory_free(inv);
}

static void test_smartctl_lspci_lsusb(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* smartctl/Crucial_CT1000P1SSD8_02A1B045C660.txt */
	const struct attribution *a = attr(inv, KIND_NVME, "model=CT1000P1SSD8", "pci_vendor=c0a9",
					   "ieee_oui=00a075", NULL);
	assert_string_equal(ORG(&a->maker), "micron");
	assert_int_equal(a->maker.conf, CONF_CERTAIN);
	assert_true(ev_field(&a->maker, "pci_vendor", "crucial"));
	assert_true(ev_field(&a->maker, "ieee_oui", "micron"));
	assert_true(ev_field(&a->maker, "model", "crucial"));
	assert_true(ev_field(&a->maker, "ownership", "micron"));
	assert_string_equal(maker_relation(&a->maker),
			    "Crucial is a brand of Micron Technology, Inc.");
	assert_true(a->has_chip);
	/* Micron makes its own NAND (data/own-chips.tsv): inferred, strong */
	assert_string_equal(ORG(&a->chip_maker), "micron");
	assert_int_equal(a->chip_maker.conf, CONF_STRONG);
	assert_non_null(strstr(a->chip_maker.ev[0].rule, "makes the NAND"));
	assert_int_equal(a->nconflicts, 0);
	/* smartctl/Lexar_SSD_NM610_PRO_1TB_5BE535A9BEBA.txt: Longsys id, Lexar
	 * brand (Longsys's since 2017-08-31), locally administered OUI */
	a = attr(inv, KIND_NVME, "model=Lexar SSD NM610 PRO 1TB", "pci_vendor=1d97",
		 "ieee_oui=caf25b", NULL);
	assert_string_equal(ORG(&a->maker), "longsys");
	assert_int_equal(a->maker.conf, CONF_CERTAIN);
	assert_non_null(strstr(maker_relation(&a->maker), "Lexar is a brand of Shenzhen Longsys"));
	assert_non_null(strstr(maker_relation(&a->maker), "date used: 2025-06-01 (as of)"));
	/* lspci/glpi_linux-xps.txt: Samsung SM951 [144d:a802], subsystem 144d:a801 */
	a = attr(inv, KIND_PCI, "pci_vendor=144d", "pci_device=a802", "pci_subsystem_vendor=144d",
		 "pci_class=010802", NULL);
	assert_string_equal(ORG(&a->maker), "samsung");
	assert_null(a->oem.org);
	/* same file: Intel host bridge [8086:1904], subsystem Dell [1028:0704] */
	a = attr(inv, KIND_PCI, "pci_vendor=8086", "pci_device=1904", "pci_subsystem_vendor=1028",
		 NULL);
	assert_string_equal(ORG(&a->maker), "intel");
	assert_string_equal(ORG(&a->oem), "dell");
	assert_false(a->has_chip);
	/* lspci/glpi_linux-imac.txt: Broadcom BCM5764M [14e4:1684] */
	a = attr(inv, KIND_PCI, "pci_vendor=14e4", NULL);
	assert_string_equal(ORG(&a->maker), "broadcom");
	/* lsusb/glpi_dell-xt2.txt */
	a = attr(inv, KIND_USB, "usb_vendor=0a5c", "usb_product=4500", NULL);
	assert_string_equal(ORG(&a->maker), "broadcom");
	a = attr(inv, KIND_USB, "usb_vendor=413c", "usb_product=8161", NULL);
	assert_string_equal(ORG(&a->maker), "dell");
	a = attr(inv, KIND_USB, "usb_vendor=1d6b", NULL);
	assert_string_equal(ORG(&a->maker), "linux-foundation");
	/* nvme-cli tree-pcie.out: the nqn names Samsung behind a generic model */
	a = attr(inv, KIND_NVME, "model=3.2TB NVMe Gen4 U.2 SSD V",
		 "nvme_subsysnqn=nqn.1994-11.com.samsung:nvme:PM1743:2.5-inch:S7HZNA0W100000",
		 NULL);
	assert_string_equal(ORG(&a->maker), "samsung");
	assert_int_equal(a->maker.conf, CONF_STRONG);
	/* the generic NVMe form carries the PCI vendor id */
	a = attr(inv, KIND_NVME, "nvme_subsysnqn=nqn.2014.08.org.nvmexpress:1e491e49SN1234ZHITAI",
		 NULL);
	assert_string_equal(ORG(&a->maker), "ymtc");
	/* its evidence quotes the whole value as read, not the 4 digits taken
	 * from it (those lived on the stack: the raw value was garbage) */
	assert_int_equal(a->maker.nev, 1);
	assert_string_equal(a->maker.ev[0].raw, "nqn.2014.08.org.nvmexpress:1e491e49SN1234ZHITAI");
	assert_string_equal(a->maker.ev[0].rule,
			    "PCI vendor 0x1e49: Yangtze Memory Technologies Co.,Ltd");
	/* so does a WWID of the nvme. form; a vendor id it cannot hold is said so */
	a = attr(inv, KIND_NVME, "wwid=nvme.144d-5332-4e4e-0001", NULL);
	assert_string_equal(ORG(&a->maker), "samsung");
	assert_string_equal(a->maker.ev[0].raw, "nvme.144d-5332-4e4e-0001");
	a = attr(inv, KIND_NVME, "wwid=nvme.zz99-0001", NULL);
	assert_null(a->maker.org);
	assert_string_equal(a->maker.unknown_reason, "wwid \"zz99\" is not a 16-bit hex vendor id");
	inventory_free(inv);
}

static void test_free_text(void **state)
{
	(void)state;
	static const struct {
		const char *text, *org;
	} cases[] = {
		{"Micron Technology", "micron"},
		{"Micron", "micron"},
		{"MICRON", "micron"},
		{"Crucial Technology", "micron"},
		{"Hynix Semiconductor", "skhynix"},
		{"HYNIX", "skhynix"},
		{"Samsung", "samsung"},
		{"SAMSUNG", "samsung"},
		{"Kingston", "kingston"},
		{"0x2C00", "micron"},
		{"Intel(R) Corporation", "intel"},
		{"长江存储", "ymtc"},
		{"海康威视", "hikvision"},
		{"Bank 2, Hex 0x98", "kingston"},
		{"0416", "positivo"},
		{"80AD000080AD", "skhynix"},
		{"7F7FFE0000000000", "micron"},
	};
	struct inventory *inv = inventory_new();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct attribution *a = attr(inv, KIND_DIMM, "manufacturer=", NULL);
		char kv[128];
		snprintf(kv, sizeof kv, "manufacturer=%s", cases[i].text);
		a = attr(inv, KIND_DIMM, kv, NULL);
		if (!a->maker.org || strcmp(a->maker.org, cases[i].org)) {
			print_error("\"%s\": expected %s, got %s\n", cases[i].text, cases[i].org,
				    a->maker.org ? a->maker.org : a->maker.unknown_reason);
			fail();
		}
	}
	/* names are weak, codes certain */
	assert_int_equal(attr(inv, KIND_DIMM, "manufacturer=Micron", NULL)->maker.conf, CONF_WEAK);
	assert_int_equal(attr(inv, KIND_DIMM, "manufacturer=0x2C00", NULL)->maker.conf,
			 CONF_CERTAIN);
	/* a bare JEP106 id byte, without its bank: bank 1 taken as meant, so
	 * strong, never certain (JEP106: 0x2C in bank 1 is Micron) */
	const struct attribution *bare = attr(inv, KIND_DIMM, "manufacturer=2C", NULL);
	assert_string_equal(ORG(&bare->maker), "micron");
	assert_int_equal(bare->maker.conf, CONF_STRONG);
	assert_true(ev_field(&bare->maker, "manufacturer", "micron"));
	/* Elpida's 7F string: Elpida, now Micron's */
	const struct attribution *a = attr(inv, KIND_DIMM, "manufacturer=7F7FFE0000000000", NULL);
	assert_true(ev_field(&a->maker, "manufacturer", "elpida"));
	inventory_free(inv);
}

static void test_placeholders(void **state)
{
	(void)state;
	static const char *const ph[] = {"Not Specified",      "Unknown",     "UNKNOWN", "NO DIMM",
					 "Manufacturer00",     "Undefined",   "0000",    "FFFF",
					 "0x0000000000000000", "ffffffffffff"};
	struct inventory *inv = inventory_new();
	for (size_t i = 0; i < sizeof ph / sizeof ph[0]; i++) {
		char kv[64];
		snprintf(kv, sizeof kv, "manufacturer=%s", ph[i]);
		const struct attribution *a = attr(inv, KIND_DIMM, kv, NULL);
		if (a->maker.org) {
			print_error("placeholder \"%s\" became %s\n", ph[i], a->maker.org);
			fail();
		}
		assert_true(strstr(a->maker.unknown_reason, "placeholder") ||
			    strstr(a->maker.unknown_reason, "never written"));
	}
	inventory_free(inv);
}

static void test_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *kv, *reason;
	} cases[] = {
		{"manufacturer=0x", "not hexadecimal"},
		{"manufacturer=0xZZ", "not hexadecimal"},
		{"jedec_module=ZZ", "not hexadecimal"},
		{"manufacturer=ZZ", "names no organisation"},
		{"jedec_module=802", "odd number of hex digits"},
		{"jedec_module=802D", "ID byte 0x2D fails odd parity"},
		{"jedec_module=002C", "continuation byte 0x00 fails odd parity"},
		{"manufacturer=802D", "ID byte 0x2D fails odd parity"},
		{"manufacturer=002C0632002C0", "odd number of hex digits (13)"},
		{"manufacturer=002D0632002C", "ID byte 0x2D fails odd parity (in the module part)"},
		{"manufacturer=7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F", "only continuation codes"},
		{"manufacturer=Bank 99, Hex 0x2C", "no valid bank"},
		{"manufacturer=Bank 1, Hex 0xZZ", "no valid ID byte"},
		{"manufacturer=9B", "ambiguous"},
		{"manufacturer=CE12000000000000", "should be padding"},
		{"pci_vendor=12345", "not a 16-bit hex vendor id"},
		{"pci_vendor=ffff", "no device"},
		{"ieee_oui=00a0", "not an OUI"},
		{"nvme_subsysnqn=garbage", "not an NVMe qualified name"},
		{"emmc_manfid=0x0000ee", "not a known eMMC manufacturer id"},
	};
	struct inventory *inv = inventory_new();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct attribution *a = attr(inv, KIND_DIMM, cases[i].kv, NULL);
		if (a->maker.org || !strstr(a->maker.unknown_reason, cases[i].reason)) {
			print_error("%s: expected unknown with \"%s\", got %s\n", cases[i].kv,
				    cases[i].reason,
				    a->maker.org ? a->maker.org : a->maker.unknown_reason);
			fail();
		}
	}
	/* hostile: long, binary, not UTF-8 (stored escaped by component_set) */
	char big[20000];
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = 0;
	memcpy(big, "manufacturer=", 13);
	const struct attribution *a = attr(inv, KIND_DIMM, big, NULL);
	assert_null(a->maker.org);
	assert_non_null(strstr(a->maker.unknown_reason, "bytes long"));
	memcpy(big, "part_number=0x", 14);
	a = attr(inv, KIND_DIMM, big, NULL);
	assert_null(a->maker.org);
	a = attr(inv, KIND_DIMM, "manufacturer=Mi\xff\xfe\x01on", "model=\xc3(", NULL);
	assert_null(a->maker.org);
	/* the table's most backtracking-prone pattern on the longest value it
	 * is ever given (longer ones are refused) */
	memcpy(big, "CT", 2);
	memset(big + 2, '1', 250);
	memcpy(big + 252, "SSX", 4);
	assert_false(pattern_match("CT#*SSD*", big, 255));
	a = attr(inv, KIND_PART,
		 "model=CT111111111111111111111111111111111111111111111111111111111111"
		 "1111111111111111111111111111111111111111111111111111111111111111111"
		 "1111111111111111111111111111111111111SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS"
		 "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS",
		 NULL);
	assert_string_equal(ORG(&a->maker), "micron"); /* CT#* matches: a Crucial-style code */
	inventory_free(inv);
}

static void test_hard_cases(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* a Phison controller: the brand from the model string is the maker */
	const struct attribution *a =
		attr(inv, KIND_NVME, "pci_vendor=1987", "model=Corsair MP600 PRO", NULL);
	assert_string_equal(ORG(&a->maker), "corsair");
	assert_true(ev_field(&a->maker, "pci_vendor", "phison"));
	assert_int_equal(a->nconflicts, 0);
	assert_null(a->chip_maker.org);
	assert_non_null(strstr(a->chip_maker.unknown_reason, "Phison"));
	/* without a known brand: Phison, and only weakly */
	a = attr(inv, KIND_NVME, "pci_vendor=1987", "model=NE-512", NULL);
	assert_string_equal(ORG(&a->maker), "phison");
	assert_int_equal(a->maker.conf, CONF_WEAK);
	/* Maxio controller under a HIKSEMI drive: Hikvision, through two links */
	a = attr(inv, KIND_NVME, "pci_vendor=1e4b", "model=HIKSEMI FUTURE 1TB", NULL);
	assert_string_equal(ORG(&a->maker), "hikvision");
	assert_int_equal(a->maker.conf, CONF_STRONG);
	/* Longsys's id on a HIKSEMI-branded drive: the model string decides */
	a = attr(inv, KIND_NVME, "pci_vendor=1d97", "pci_device=0304", "model=HIKSEMI FUTURE Lite",
		 NULL);
	assert_string_equal(ORG(&a->maker), "hikvision");
	assert_true(ev_field(&a->maker, "pci_vendor", "longsys"));
	/* the OEM's subsystem vendor does not make the Micron drive Dell's */
	a = attr(inv, KIND_NVME, "pci_vendor=1344", "pci_device=51c3", "pci_subsystem_vendor=1028",
		 NULL);
	assert_string_equal(ORG(&a->maker), "micron");
	assert_string_equal(ORG(&a->oem), "dell");
	/* a USB bridge is not the drive's maker */
	a = attr(inv, KIND_USB, "usb_vendor=152d", "usb_product=0578", "usb_class=08", NULL);
	assert_null(a->maker.org);
	assert_non_null(strstr(a->maker.unknown_reason, "USB bridge"));
	a = attr(inv, KIND_DISK, "usb_vendor=174c", "model=Samsung SSD 870 EVO 1TB", NULL);
	assert_string_equal(ORG(&a->maker), "samsung");
	/* conflicting signals are shown: SPD says Samsung DRAM, the part SK hynix */
	a = attr(inv, KIND_DIMM, "jedec_module=80AD", "jedec_dram=80CE",
		 "part_number=HMA81GU6DJR8N-XN", NULL);
	assert_string_equal(ORG(&a->chip_maker), "samsung");
	assert_int_equal(a->nconflicts, 1);
	assert_string_equal(a->conflicts[0].org, "skhynix");
	assert_string_equal(a->conflicts[0].field, "part_number");
	/* SMBIOS merged in as smbios.* extra fields counts too, and disagrees */
	a = attr(inv, KIND_DIMM, "jedec_module=802C", "smbios.manufacturer=Kingston", NULL);
	assert_string_equal(ORG(&a->maker), "micron");
	assert_int_equal(a->nconflicts, 1);
	assert_string_equal(a->conflicts[0].field, "smbios.manufacturer");
	/* SMBIOS 0x30 is not the DRAM maker */
	a = attr(inv, KIND_DIMM, "jedec_module=0198", "jedec_controller=80CE", NULL);
	assert_string_equal(ORG(&a->maker), "kingston");
	assert_null(a->chip_maker.org);
	assert_non_null(strstr(a->chip_maker.unknown_reason, "controller"));
	/* a Micron module: Micron makes its own DRAM, inferred (strong), not from 0x30 */
	a = attr(inv, KIND_DIMM, "jedec_module=802C", "jedec_controller=80CE", NULL);
	assert_string_equal(ORG(&a->chip_maker), "micron");
	assert_int_equal(a->chip_maker.conf, CONF_STRONG);
	assert_string_equal(a->chip_maker.ev[0].field, "maker");
	/* eMMC CID ids are not JEP106 codes: 0x13 is Micron here */
	a = attr(inv, KIND_EMMC, "emmc_manfid=0x000013", NULL);
	assert_string_equal(ORG(&a->maker), "micron");
	/* ZHITAI and YMTC */
	a = attr(inv, KIND_NVME, "model=ZHITAI TiPlus7100 1TB", "pci_vendor=1e49", NULL);
	assert_string_equal(ORG(&a->maker), "ymtc");
	assert_int_equal(a->maker.conf, CONF_CERTAIN);
	a = attr(inv, KIND_NVME, "model=YMTC PC300-1TB-B", "ieee_oui=0xa428b7", NULL);
	assert_string_equal(ORG(&a->maker), "ymtc");
	/* CXMT by JEP106 bank 11 */
	a = attr(inv, KIND_DIMM, "jedec_module=8A91", "jedec_dram=8A91", NULL);
	assert_string_equal(ORG(&a->maker), "cxmt");
	assert_string_equal(ORG(&a->chip_maker), "cxmt");
	/* NAA WWN of a Seagate disk */
	a = attr(inv, KIND_DISK, "wwid=naa.5000c500a1b2c3d4", NULL);
	assert_string_equal(ORG(&a->maker), "seagate");
	inventory_free(inv);
}

static void test_dates(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	/* Lexar: Micron's until 2017-08-31, then Longsys's */
	const struct attribution *a =
		attr(inv, KIND_PART, "model=Lexar JumpDrive S70", "acquired=2016-05-01", NULL);
	assert_string_equal(ORG(&a->maker), "micron");
	assert_non_null(strstr(maker_relation(&a->maker), "until 2017-08-31"));
	assert_non_null(strstr(maker_relation(&a->maker), "date used: 2016-05-01 (acquired)"));
	a = attr(inv, KIND_PART, "model=Lexar JumpDrive S70", "acquired=2017-08-31", NULL);
	assert_string_equal(ORG(&a->maker), "longsys");
	/* the manufacturing week when there is no acquisition date */
	a = attr(inv, KIND_DIMM, "manufacturer=Bank 7, Hex 0x5E", "manufacture_date=2015-W10",
		 NULL);
	assert_string_equal(ORG(&a->maker), "micron");
	assert_non_null(strstr(maker_relation(&a->maker), "manufactured 2015-W10"));
	/* Lorex: Dahua's, then Skywatch's */
	a = attr(inv, KIND_OTHER, "manufacturer=Lorex", "acquired=2020-01-01", NULL);
	assert_string_equal(ORG(&a->maker), "dahua");
	a = attr(inv, KIND_OTHER, "manufacturer=Lorex", "acquired=2024-06-01", NULL);
	assert_string_equal(ORG(&a->maker), "skywatch");
	/* in between, the owner is unconfirmed: the maker stays Lorex */
	a = attr(inv, KIND_OTHER, "manufacturer=Lorex", "acquired=2023-03-01", NULL);
	assert_string_equal(ORG(&a->maker), "lorex");
	inventory_free(inv);
}

static void test_org_is(void **state)
{
	(void)state;
	day_t d = date_parse("2025-06-01");
	const char *how;
	struct org_relation r;
	assert_true(kb_org_is(kb, "micron", "micron", false, d, &how));
	assert_null(how);
	/* a brand is the party itself, affiliates or not */
	assert_true(kb_org_is(kb, "crucial", "micron", false, d, &how));
	assert_string_equal(how, "Crucial is a brand of Micron Technology, Inc.");
	/* HiSilicon: a subsidiary, but the facts call it unconfirmed */
	assert_false(kb_org_is(kb, "hisilicon", "huawei", false, d, NULL));
	assert_true(kb_org_relation(kb, "hisilicon", "huawei", true, d, &r));
	assert_true(r.unconfirmed);
	assert_true(r.affiliation);
	assert_string_equal(r.confidence, "unconfirmed");
	assert_non_null(strstr(r.how, "(unconfirmed)"));
	/* SMIC's listed affiliates are confirmed */
	assert_true(kb_org_relation(kb, "sj-semi", "smic", true, d, &r));
	assert_false(r.unconfirmed);
	assert_string_equal(r.confidence, "confirmed");
	/* a chain: HIKSEMI -> Hikstorage -> Hikvision */
	assert_true(kb_org_relation(kb, "hiksemi", "hikvision", true, d, &r));
	assert_non_null(strstr(r.how, "HIKSEMI is a brand of Hangzhou Hikstorage"));
	assert_non_null(strstr(r.how, "; Hangzhou Hikstorage Technology Co., Ltd. is a subsidiary "
				      "of Hangzhou Hikvision"));
	assert_string_equal(r.confidence, "secondary");
	/* dated: Teltronic -> Sepura -> Hytera only from May 2017 to July 2022 */
	assert_true(kb_org_is(kb, "teltronic", "hytera", true, date_parse("2019-01-01"), NULL));
	assert_false(kb_org_is(kb, "teltronic", "hytera", true, date_parse("2023-01-01"), NULL));
	assert_false(kb_org_is(kb, "lexar", "micron", true, d, NULL));
	assert_true(kb_org_is(kb, "lexar", "micron", false, date_parse("2010-01-01"), NULL));
	assert_false(kb_org_is(kb, "micron", "crucial", true, d, NULL));
	assert_false(kb_org_is(kb, "nope", "micron", true, d, NULL));
	assert_string_equal(kb_org_name(kb, "ymtc"), "Yangtze Memory Technologies Co., Ltd.");
	assert_null(kb_org_name(kb, "nope"));
	/* the measures' parties are all there, with their names in Chinese too */
	static const char *const parties[] = {
		"micron",       "ymtc",      "ymtc-japan", "cxmt",         "smic",
		"huawei",       "hisilicon", "zte",        "hytera",       "hikvision",
		"hikstorage",   "ezviz",     "dahua",      "imou",         "lorex",
		"kaspersky",    "dji",       "autel",      "china-mobile", "china-telecom",
		"china-unicom", NULL};
	for (int i = 0; parties[i]; i++)
		assert_non_null(kb_org_name(kb, parties[i]));
}

static void test_json_and_inventory(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_DIMM, "dimm/A1", "test");
	component_set(inv, c, FK_MANUFACTURER, FIELD_RAW, "HP", "t");
	component_set(inv, c, FK_PART_NUMBER, FIELD_RAW, "647650-071", "t");
	struct component *d = inventory_add(inv, KIND_NVME, "nvme/nvme0", "test");
	component_set(inv, d, FK_MODEL, FIELD_RAW, "CT1000P1SSD8", "t");
	identify_inventory(kb, inv, date_parse("2025-06-01"));
	cJSON *j = attribution_to_json(c->attr);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "maker")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "chip_maker")));
	assert_non_null(
		strstr(cJSON_GetObjectItem(j, "unknown_reason")->valuestring, "647650-071"));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "oem"), "id")->valuestring,
			    "hp");
	cJSON_Delete(j);
	j = attribution_to_json(d->attr);
	cJSON *m = cJSON_GetObjectItem(j, "maker");
	assert_string_equal(cJSON_GetObjectItem(m, "id")->valuestring, "micron");
	assert_string_equal(cJSON_GetObjectItem(m, "confidence")->valuestring, "strong");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(m, "evidence")), 2);
	cJSON_Delete(j);
	/* attributions outlive the kb: their strings are in the inventory */
	struct strbuf err = STRBUF_INIT;
	struct kb *k2 = kb_load(src_path("data"), "", "", &err);
	assert_non_null(k2);
	identify_inventory(k2, inv, date_parse("2025-06-01"));
	kb_free(k2);
	assert_string_equal(d->attr->maker.name, "Micron Technology, Inc.");
	assert_string_equal(d->attr->maker.ev[0].rule, "part/model pattern CT#*SSD*: Crucial");
	strbuf_release(&err);
	inventory_free(inv);
}

static void test_text_output(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_DIMM, "dimm/DIMM_A1", "test");
	component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, "0198", "spd");
	component_set(inv, c, FK_JEDEC_DRAM, FIELD_RAW, "80AD", "spd");
	c = inventory_add(inv, KIND_PCI, "pci/0000:00:00.0", "test");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "8086", "pci");
	component_set(inv, c, FK_PCI_SUBVENDOR, FIELD_RAW, "1028", "pci");
	c = inventory_add(inv, KIND_CPU, "cpu/0", "test");
	component_set(inv, c, FK_MANUFACTURER, 0, "GenuineIntel", "dmi");
	identify_inventory(kb, inv, date_parse("2025-06-01"));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	inventory_write_text(inv, f);
	fclose(f);
	assert_non_null(
		strstr(buf, "maker                  Kingston Technology Company, Inc. (certain)"));
	assert_non_null(strstr(buf, "chip maker             SK hynix Inc. (certain)"));
	assert_non_null(strstr(buf, "oem                    Dell Technologies Inc. (certain)"));
	assert_non_null(strstr(buf, "maker                  Intel Corporation (weak)"));
	free(buf);
	inventory_free(inv);
}

static void test_load_errors(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	assert_null(kb_load("/nonexistent/chipscreen-data", "", "", &err));
	assert_non_null(strstr(err.buf, "/nonexistent/chipscreen-data/orgs.tsv"));
	/* a copy of data/ with one broken row in each of several tables */
	static const char *const files[] = {"orgs.tsv",
					    "org-links.tsv",
					    "jep106.tsv",
					    "pci-vendors.tsv",
					    "usb-vendors.tsv",
					    "oui.tsv",
					    "emmc-manfid.tsv",
					    "nqn-domains.tsv",
					    "cpu-vendors.tsv",
					    "patterns.tsv",
					    "placeholders.tsv",
					    NULL};
	static const struct {
		const char *file, *append, *msg;
	} bad[] = {
		{"pci-vendors.tsv", "zz12\tmicron\tmaker\tx\tsrc\n", "is not 4 hex digits"},
		{"pci-vendors.tsv", "abcd\tnobody\tmaker\tx\tsrc\n",
		 "unknown organisation \"nobody\""},
		{"jep106.tsv", "1\t0x2D\t802D\tX\tx\tsrc\n", "not a JEP106 ID byte with parity"},
		{"org-links.tsv", "lexar\tbrand\tmicron\t2020-02-30\t\tconfirmed\t\tsrc\n",
		 "is not a date"},
		{"patterns.tsv", "part\tAB[C\tmicron\t-\tmodule\tsrc\n", "unbalanced"},
		{"orgs.tsv", "x1\tX One\t\t\tMicron\tsrc\n", "already names micron"},
		{"usb-vendors.tsv", "1234\tmicron\tmaker\tx\t\n", "empty source column"},
		{"oui.tsv", "00a075\tmicron\tdup\n", "3 columns, the header has 4"},
		{"cpu-vendors.tsv", "genuineintel\tamd\tsrc\n", "\"genuineintel\" listed twice"},
	};
	for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
		char *dir = test_tmpdir();
		for (int i = 0; files[i]; i++) {
			struct strbuf path = STRBUF_INIT;
			strbuf_addf(&path, "data/%s", files[i]);
			FILE *f = fopen(src_path(path.buf), "rb");
			assert_non_null(f);
			struct strbuf data = STRBUF_INIT;
			char chunk[65536];
			size_t n;
			while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
				strbuf_add(&data, chunk, n);
			fclose(f);
			if (!strcmp(files[i], bad[b].file))
				strbuf_addstr(&data, bad[b].append);
			test_write(dir, files[i], data.buf, data.len);
			strbuf_release(&data);
			strbuf_release(&path);
		}
		/* orgs and links are read by kb_load, the other tables on first use
		 * or all at once by kb_load_all: either says what is wrong */
		struct kb *k = kb_load(dir, "", "", &err);
		bool loaded = k && kb_load_all(k, &err) == 0;
		kb_free(k);
		if (loaded || !strstr(err.buf, bad[b].msg) || !strstr(err.buf, bad[b].file)) {
			print_error("%s + %s: expected \"%s\", got \"%s\"\n", bad[b].file,
				    bad[b].append, bad[b].msg, loaded ? "(loaded)" : err.buf);
			fail();
		}
		test_rmtree(dir);
		free(dir);
	}
	strbuf_release(&err);
}

/* Data rows of a table: lines that are not comments, empty or the header. */
static size_t table_rows(const char *file)
{
	char rel[64];
	snprintf(rel, sizeof rel, "data/%s", file);
	FILE *f = fopen(src_path(rel), "r");
	assert_non_null(f);
	char line[8192];
	size_t n = 0;
	while (fgets(line, sizeof line, f))
		if (line[0] != '#' && line[0] != '\n')
			n++;
	fclose(f);
	return n - 1;
}

/* Tables are read when a look-up first needs them, and the answers are the
 * same as with every table read up front. */
static void test_lazy_tables(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct kb *k = kb_load(src_path("data"), "", "", &err);
	assert_non_null(k);
	assert_int_equal(kb_nrows(k), table_rows("orgs.tsv") + table_rows("org-links.tsv"));
	for (int t = 0; t < KT_NTABLES; t++)
		assert_int_equal(k->table[t], 0);
	struct inventory *inv = inventory_new();
	/* a PCI function reads the PCI table only */
	struct component *c = inventory_add(inv, KIND_PCI, "p", "t");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "8086", "t");
	identify_component(k, inv, c, 0);
	assert_string_equal(ORG(&c->attr->maker), "intel");
	assert_int_equal(k->table[KT_PCI], 1);
	assert_int_equal(k->table[KT_JEP106], 0);
	assert_int_equal(k->table[KT_OUI], 0);
	assert_int_equal(k->table[KT_VIRTUAL], 1); /* is it a virtual device? */
	assert_int_equal(kb_nrows(k), table_rows("orgs.tsv") + table_rows("org-links.tsv") +
					      table_rows("pci-vendors.tsv") +
					      table_rows("virtual.tsv"));
	/* an SPD pair reads JEP106 */
	c = inventory_add(inv, KIND_DIMM, "d", "t");
	component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, "802C", "t");
	identify_component(k, inv, c, 0);
	assert_string_equal(ORG(&c->attr->maker), "micron");
	assert_int_equal(k->table[KT_JEP106], 1);
	assert_int_equal(k->table[KT_OWNCHIPS], 1); /* its DRAM maker inferred */
	assert_int_equal(k->table[KT_OUI], 0);
	/* an OUI on a drive reads the OUI table, and the vendor tables first: a
	 * controller maker's OUI names the controller only (Phison) */
	c = inventory_add(inv, KIND_NVME, "n", "t");
	component_set(inv, c, FK_IEEE_OUI, FIELD_RAW, "6479a7", "t");
	identify_component(k, inv, c, 0);
	assert_int_equal(k->table[KT_OUI], 1);
	assert_int_equal(k->table[KT_USB], 1);
	struct kb *all = kb_load(src_path("data"), "", "", &err);
	assert_int_equal(kb_load_all(all, &err), 0);
	struct component *d = inventory_add(inv, KIND_NVME, "n2", "t");
	component_set(inv, d, FK_IEEE_OUI, FIELD_RAW, "6479a7", "t");
	identify_component(all, inv, d, 0);
	cJSON *jc = attribution_to_json(c->attr), *jd = attribution_to_json(d->attr);
	char *tc = cJSON_PrintUnformatted(jc), *td = cJSON_PrintUnformatted(jd);
	/* Phison's OUI names the controller: weak, not certain */
	assert_non_null(strstr(tc, "\"id\":\"phison\",\"name\":\"Phison Electronics "
				   "Corporation\",\"confidence\":\"weak\""));
	assert_string_equal(tc, td);
	free(tc);
	free(td);
	cJSON_Delete(jc);
	cJSON_Delete(jd);
	/* an organisation named by JEP106 only is found by name before JEP106 is read */
	struct kb *k2 = kb_load(src_path("data"), "", "", &err);
	assert_int_equal(k2->table[KT_JEP106], 0);
	assert_string_equal(kb_org_name(k2, "purple-ray"), "Purple Ray");
	assert_int_equal(k2->table[KT_JEP106], 1);
	kb_free(k2);
	/* everything, then: the same rows as read in one go */
	assert_int_equal(kb_load_all(k, &err), 0);
	assert_int_equal(kb_nrows(k), kb_nrows(all));
	assert_int_equal(k->ncodes, all->ncodes);
	kb_free(all);
	kb_free(k);
	inventory_free(inv);
	strbuf_release(&err);
}

/* A table broken on first use: said once, named in the reason of every part
 * it leaves unknown; the other tables still answer. */
static void test_lazy_table_error(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	static const char *const files[] = {"orgs.tsv",        "org-links.tsv",   "jep106.tsv",
					    "pci-vendors.tsv", "usb-vendors.tsv", "virtual.tsv",
					    NULL};
	for (int i = 0; files[i]; i++) {
		char rel[64];
		snprintf(rel, sizeof rel, "data/%s", files[i]);
		FILE *f = fopen(src_path(rel), "rb");
		assert_non_null(f);
		struct strbuf data = STRBUF_INIT;
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			strbuf_add(&data, chunk, n);
		fclose(f);
		test_write(dir, files[i], data.buf, data.len);
		strbuf_release(&data);
	}
	test_write_str(dir, "oui.tsv", "oui\torg\tname\tsource\n00a075\tmicron\tx\tsrc\nzz\n");
	struct strbuf err = STRBUF_INIT;
	struct kb *k = kb_load(dir, "", "", &err);
	assert_non_null(k);
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_NVME, "n", "t");
	component_set(inv, c, FK_IEEE_OUI, FIELD_RAW, "00a075", "t");
	struct component *p = inventory_add(inv, KIND_PCI, "p", "t");
	component_set(inv, p, FK_PCI_VENDOR, FIELD_RAW, "144d", "t");
	identify_inventory(k, inv, date_parse("2025-06-01"));
	assert_null(c->attr->maker.org);
	assert_non_null(
		strstr(c->attr->maker.unknown_reason, "; and the knowledge base is incomplete: "));
	assert_non_null(
		strstr(c->attr->maker.unknown_reason, "/oui.tsv:3: 1 columns, the header has 4"));
	assert_string_equal(ORG(&p->attr->maker), "samsung");
	assert_int_equal(k->table[KT_OUI], -1);
	/* asked again: the same answer, the file is not read again */
	size_t rows = kb_nrows(k);
	assert_null(kb_oui(k, "00a075"));
	assert_int_equal(kb_nrows(k), rows);
	assert_int_equal(kb_load_all(k, &err), -1);
	assert_non_null(strstr(err.buf, "/oui.tsv:3: "));
	kb_free(k);
	inventory_free(inv);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static void test_hwdata(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	test_write_str(dir, "pci.ids",
		       "# test\n1234  Example Silicon Ltd.\n\t5678  Widget\n144d  Samsung Clone\n"
		       "C 01  Mass storage controller\n9999  Not a vendor\n");
	test_write_str(dir, "usb.ids", "abcd  Example USB, Inc.\n");
	struct strbuf p = STRBUF_INIT, u = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/pci.ids", dir);
	strbuf_addf(&u, "%s/usb.ids", dir);
	struct kb *k = kb_load(src_path("data"), p.buf, u.buf, &err);
	assert_non_null(k);
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_PCI, "a", "t");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "1234", "t");
	identify_component(k, inv, c, 0);
	assert_string_equal(ORG(&c->attr->maker), "example-silicon");
	assert_string_equal(c->attr->maker.name, "Example Silicon Ltd.");
	assert_int_equal(c->attr->maker.conf, CONF_CERTAIN);
	/* bundled first: 144d stays Samsung; after the class list, nothing */
	c = inventory_add(inv, KIND_PCI, "b", "t");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "144d", "t");
	identify_component(k, inv, c, 0);
	assert_string_equal(ORG(&c->attr->maker), "samsung");
	c = inventory_add(inv, KIND_PCI, "c", "t");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "9999", "t");
	identify_component(k, inv, c, 0);
	assert_null(c->attr->maker.org);
	c = inventory_add(inv, KIND_USB, "d", "t");
	component_set(inv, c, FK_USB_VENDOR, FIELD_RAW, "abcd", "t");
	identify_component(k, inv, c, 0);
	assert_string_equal(ORG(&c->attr->maker), "example-usb");
	kb_free(k);
	/* a missing pci.ids: not found, said so, no crash */
	k = kb_load(src_path("data"), "/nonexistent/pci.ids", "", &err);
	c = inventory_add(inv, KIND_PCI, "e", "t");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "1234", "t");
	identify_component(k, inv, c, 0);
	assert_null(c->attr->maker.org);
	assert_non_null(strstr(c->attr->maker.unknown_reason, "pci.ids"));
	kb_free(k);
	inventory_free(inv);
	strbuf_release(&p);
	strbuf_release(&u);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static void test_command(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	assert_int_equal(run_cmd(&out, &err, "identify", "--json", "--jedec", "0x80,0x2c", NULL),
			 0);
	cJSON *j = cJSON_Parse(out.buf);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "maker"), "id")->valuestring,
			    "micron");
	/* Micron makes its own DRAM: the chip maker is inferred, strong */
	assert_string_equal(
		cJSON_GetObjectItem(cJSON_GetObjectItem(j, "chip_maker"), "confidence")->valuestring,
		"strong");
	cJSON_Delete(j);
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--manufacturer", "002C0632002C", NULL),
			 0);
	assert_non_null(strstr(out.buf, "chip maker: Micron Technology, Inc. [micron], certain"));
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--pci", "1e49:0071", NULL), 0);
	assert_non_null(strstr(
		out.buf, "maker:      Yangtze Memory Technologies Co., Ltd. [ymtc], certain"));
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--usb", "0634:5603", NULL), 0);
	assert_non_null(strstr(out.buf, "[micron]"));
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--part", "9ASF1G72PZ-3G2E2", NULL), 0);
	assert_non_null(strstr(out.buf, "[micron], strong"));
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--model", "CT1000P1SSD8", NULL), 0);
	assert_non_null(strstr(out.buf, "Crucial is a brand of Micron"));
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "MTA18ASF2G72PZ-2G3B1", NULL), 0);
	assert_non_null(strstr(out.buf, "[micron]"));
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--json", "Not Specified", NULL), 1);
	j = cJSON_Parse(out.buf);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "maker")));
	assert_non_null(
		strstr(cJSON_GetObjectItem(j, "unknown_reason")->valuestring, "placeholder"));
	cJSON_Delete(j);
	assert_int_equal(run_cmd(&out, &err, "identify", NULL), 2);
	assert_int_equal(run_cmd(&out, &err, "identify", "--date", "2025-13-01", "x", NULL), 2);
	assert_int_equal(run_cmd(&out, &err, "identify", "--pci", "zz:1", NULL), 2);
	assert_int_equal(run_cmd(&out, &err, "identify", "--kind", "toaster", "x", NULL), 2);
	assert_int_equal(run_cmd(&out, &err, "identify", "a", "b", NULL), 2);
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--help", NULL), 0);
	assert_non_null(strstr(out.buf, "usage: chipscreen identify"));
	setenv("CHIPSCREEN_DATA", "/nonexistent", 1);
	strbuf_reset(&err);
	assert_int_equal(run_cmd(&out, &err, "identify", "x", NULL), 2);
	assert_non_null(strstr(err.buf, "/nonexistent/orgs.tsv"));
	unsetenv("CHIPSCREEN_DATA");
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dmidecode),
		cmocka_unit_test(test_spd_pairs),
		cmocka_unit_test(test_smartctl_lspci_lsusb),
		cmocka_unit_test(test_free_text),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_hard_cases),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_org_is),
		cmocka_unit_test(test_json_and_inventory),
		cmocka_unit_test(test_text_output),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_lazy_tables),
		cmocka_unit_test(test_lazy_table_error),
		cmocka_unit_test(test_hwdata),
		cmocka_unit_test(test_command),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
