/*
 * fixture.h — hand-built scan results for the report tests.
 *
 * scan_fixture() is one host judged against a profile with a finding of
 * every verdict, a chip-maker finding (Micron DRAM on a Kingston module), a
 * brand relation, a non-binding finding, a clear part, parts whose maker or
 * DRAM maker is unknown, unreadable notes and warnings, and hostile strings:
 * quotes, commas, a newline, spreadsheet formulas, CJK, a bidi override and a
 * byte that is not UTF-8.  exposure_fixture() is the same host without a
 * profile.  The rule facts follow the cited official texts.
 *
 * Included by each report test program; the functions are static.
 */
#ifndef TESTS_REPORT_FIXTURE_H
#define TESTS_REPORT_FIXTURE_H

#include "chipscreen.h"
#include "util/arena.h"
#include "util/date.h"

#include <string.h>

#define UNUSED __attribute__((unused))

static struct evidence *fx_ev(struct inventory *inv, size_t n)
{
	return arena_calloc(inv->arena, n, sizeof(struct evidence));
}

static void fx_maker(struct inventory *inv, struct maker *m, const char *org, const char *name,
		     enum confidence conf, const char *field, const char *raw, const char *rule,
		     const char *source)
{
	m->org = org;
	m->name = name;
	m->conf = conf;
	m->ev = fx_ev(inv, 1);
	m->nev = 1;
	m->ev[0] = (struct evidence){field, raw, rule, source, org, conf};
}

static struct attribution *fx_attr(struct inventory *inv, struct component *c)
{
	c->attr = arena_calloc(inv->arena, 1, sizeof *c->attr);
	return c->attr;
}

static struct finding *fx_finding(struct scan_result *r, const struct component *c, enum verdict v,
				  const char *rule)
{
	struct finding *f = ARENA_PUSH(r->inv->arena, r->findings, r->nfindings, r->capfindings);
	memset(f, 0, sizeof *f);
	f->comp = c;
	f->verdict = v;
	f->binding = true;
	f->rule_id = rule;
	f->rule_version = "2025.1";
	f->rule_confidence = "confirmed";
	f->via = "maker";
	return f;
}

static void fx_rule_cac(struct finding *f)
{
	f->rule_title = "CAC: Micron products fail cybersecurity review";
	f->authority = "Cyberspace Administration of China";
	f->jurisdiction = "CN";
	f->citation = "美光公司在华销售的产品未通过网络安全审查 (CAC, 2023-05-21)";
	f->url = NULL;
	f->effective = days_from_civil(2023, 5, 21);
	f->org = "micron";
	f->org_name = "Micron Technology, Inc.";
	f->rule_confidence = "unverified";
}

/* The hosts' components, with their attributions; returns the inventory. */
static struct inventory *fx_inventory(void)
{
	struct inventory *inv = inventory_new();
	inv->host.hostname = "db1";
	inv->host.vendor = "Dell Inc.";
	inv->host.product = "PowerEdge R650";
	inv->host.serial = "7XK2LM3";
	inv->host.collected_at = "2025-03-01T09:30:00Z";
	inv->host.collector = "chipscreen collect 0.1.0";
	inv->host.root = "/";
	inv->host.is_root = false;
	struct component *c;
	struct attribution *a;

	/* 0: Kingston module with Micron DRAM */
	c = inventory_add(inv, KIND_DIMM, "dimm/DIMM_A1", "/sys/firmware/dmi/tables/DMI");
	component_set(inv, c, FK_PART_NUMBER, 0, "KSM32RD8/16MEI", "DMI#17");
	component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, "0198", "spd/0-0050#320");
	component_set(inv, c, FK_JEDEC_DRAM, FIELD_RAW, "802C", "spd/0-0050#350");
	component_set(inv, c, FK_ACQUIRED, 0, "2024-01-10", "po.csv#3");
	a = fx_attr(inv, c);
	a->has_chip = true;
	fx_maker(inv, &a->maker, "kingston", "Kingston Technology", CONF_CERTAIN, "jedec_module",
		 "0198", "JEP106 bank 2 0x98", "JEP106AL");
	fx_maker(inv, &a->chip_maker, "micron", "Micron Technology", CONF_CERTAIN, "jedec_dram",
		 "802C", "JEP106 bank 1 0x2C", "JEP106AL");

	/* 1: Crucial module (a Micron brand) */
	c = inventory_add(inv, KIND_DIMM, "dimm/DIMM_B1", "/sys/firmware/dmi/tables/DMI");
	component_set(inv, c, FK_PART_NUMBER, 0, "CT16G4RFD832A", "DMI#17");
	a = fx_attr(inv, c);
	a->has_chip = true;
	fx_maker(inv, &a->maker, "crucial", "Crucial", CONF_STRONG, "part_number", "CT16G4RFD832A",
		 "part /^CT[0-9]+G/", "data/parts.tsv:12");
	fx_maker(inv, &a->chip_maker, "micron", "Micron Technology", CONF_STRONG, "part_number",
		 "CT16G4RFD832A", "part /^CT[0-9]+G/", "data/parts.tsv:12");

	/* 2: Samsung module whose DRAM maker could not be read */
	c = inventory_add(inv, KIND_DIMM, "dimm/DIMM_C1", "/sys/firmware/dmi/tables/DMI");
	component_set(inv, c, FK_PART_NUMBER, 0, "M393A2K43DB3-CWE", "DMI#17");
	a = fx_attr(inv, c);
	a->has_chip = true;
	fx_maker(inv, &a->maker, "samsung", "Samsung Electronics", CONF_CERTAIN, "jedec_module",
		 "80CE", "JEP106 bank 1 0x4E", "JEP106AL");
	a->chip_maker.unknown_reason = "SPD not readable: run as root";

	/* 3: NVMe drive by a YMTC brand, model in CJK */
	c = inventory_add(inv, KIND_NVME, "nvme/nvme0", "/sys/class/nvme/nvme0");
	component_set(inv, c, FK_MODEL, 0, "致态 TiPlus7100 1TB", "/sys/class/nvme/nvme0/model");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "1e49",
		      "/sys/class/nvme/nvme0/device/vendor");
	a = fx_attr(inv, c);
	fx_maker(inv, &a->maker, "ymtc", "Yangtze Memory Technologies", CONF_CERTAIN, "pci_vendor",
		 "1e49", "PCI vendor 1e49", "pci.ids");

	/* 4: Huawei network card */
	c = inventory_add(inv, KIND_PCI, "pci/0000:3b:00.0", "/sys/bus/pci/devices/0000:3b:00.0");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "19e5",
		      "/sys/bus/pci/devices/0000:3b:00.0/vendor");
	component_set(inv, c, FK_PCI_DEVICE, FIELD_RAW, "1822",
		      "/sys/bus/pci/devices/0000:3b:00.0/device");
	a = fx_attr(inv, c);
	fx_maker(inv, &a->maker, "huawei", "Huawei Technologies", CONF_CERTAIN, "pci_vendor",
		 "19e5", "PCI vendor 19e5", "pci.ids");

	/* 5: Hikvision USB camera, with a bidi override in its product string */
	c = inventory_add(inv, KIND_USB, "usb/1-1.2", "/sys/bus/usb/devices/1-1.2");
	component_set(inv, c, FK_PRODUCT, 0,
		      "HIK 1080P Camera\xe2\x80\xae"
		      "exe.txt",
		      "/sys/bus/usb/devices/1-1.2/product");
	component_set(inv, c, FK_USB_VENDOR, FIELD_RAW, "2bdf",
		      "/sys/bus/usb/devices/1-1.2/idVendor");
	a = fx_attr(inv, c);
	fx_maker(inv, &a->maker, "hikvision", "Hangzhou Hikvision Digital Technology", CONF_CERTAIN,
		 "usb_vendor", "2bdf", "USB vendor 2bdf", "data/usb-vendors.tsv:4");

	/* 6: purchase-order line with hostile text, weakly attributed */
	c = inventory_add(inv, KIND_PART, "part/PO-7#2", "po.csv");
	component_set(inv, c, FK_PART_NUMBER, 0,
		      "=HYPERLINK(\"http://x.example\",\"Evil, \"\"Drive\"\"\")", "po.csv#2");
	component_set(inv, c, FK_SUPPLIER, 0, "@Acme, \"Resale\" Ltd", "po.csv#2");
	a = fx_attr(inv, c);
	fx_maker(inv, &a->maker, "dahua", "Dahua Technology", CONF_WEAK, "supplier",
		 "+Dahua reseller", "name ~ Dahua", "data/names.tsv:7");

	/* 7: Intel CPU: identified, nothing restricts it */
	c = inventory_add(inv, KIND_CPU, "cpu/CPU0", "/sys/firmware/dmi/tables/DMI");
	component_set(inv, c, FK_PRODUCT, 0, "Intel(R) Xeon(R) Gold 6338", "DMI#4");
	a = fx_attr(inv, c);
	fx_maker(inv, &a->maker, "intel", "Intel", CONF_WEAK, "manufacturer",
		 "Intel(R) Corporation", "name ~ Intel", "data/names.tsv:2");

	/* 8: USB device nobody knows */
	c = inventory_add(inv, KIND_USB, "usb/1-1.4", "/sys/bus/usb/devices/1-1.4");
	component_set(inv, c, FK_USB_VENDOR, FIELD_RAW, "1a2b",
		      "/sys/bus/usb/devices/1-1.4/idVendor");
	component_set(inv, c, FK_USB_PRODUCT, FIELD_RAW, "3c4d",
		      "/sys/bus/usb/devices/1-1.4/idProduct");
	a = fx_attr(inv, c);
	a->maker.unknown_reason =
		"USB vendor id 1a2b is in neither usb.ids nor data/usb-vendors.tsv";

	/* 9: identify did not run on this one */
	c = inventory_add(inv, KIND_OTHER, "other/tpm0", NULL);

	inventory_unread(inv, "/sys/bus/i2c/devices/0-0051/eeprom", "SPD EEPROM",
			 "permission denied: run as root");
	inventory_warn(inv, "/sys/firmware/dmi/tables/DMI", "SMBIOS", "type 17 record %d truncated",
		       3);
	return inv;
}

UNUSED static struct scan_result *scan_fixture(void)
{
	struct inventory *inv = fx_inventory();
	struct scan_result *r = arena_calloc(inv->arena, 1, sizeof *r);
	struct finding *f;
	r->inv = inv;
	r->profile = "us-federal-contractor+cn-cii";
	r->date = days_from_civil(2025, 3, 1);
	r->ruleset_version = "2025.1";

	/* in the judge's order, not by severity: the report sorts */
	f = fx_finding(r, &inv->comps[0], V_NO_NEW_PURCHASE, "cn-cac-micron-2023");
	fx_rule_cac(f);
	f->via = "chip_maker";
	f->acquired = "unknown: no purchase record or acquired date";
	f->reach =
		"the decision names \"美光公司产品\" (Micron's products); it does not say whether "
		"Micron chips inside other makers' products are covered";
	f->reason = "Micron DRAM on a Kingston module; CII operators in China should stop "
		    "purchasing Micron products. Installed parts may stay.";

	f = fx_finding(r, &inv->comps[4], V_LICENSE, "us-bis-entity-list-huawei");
	f->rule_title = "BIS Entity List: Huawei and affiliates";
	f->authority = "US Department of Commerce, BIS";
	f->jurisdiction = "US";
	f->citation = "15 CFR part 744, Supplement No. 4; 84 FR 22961";
	f->url = "https://www.ecfr.gov/current/title-15/part-744/appendix-Supplement%20No.%204";
	f->effective = days_from_civil(2019, 5, 16);
	f->org = "huawei";
	f->org_name = "Huawei Technologies Co., Ltd.";
	f->reason = "Exporting or transferring EAR items to Huawei needs a licence; owning this "
		    "card does not.";

	f = fx_finding(r, &inv->comps[1], V_INFO, "cn-cac-micron-2023");
	fx_rule_cac(f);
	f->binding = false;
	f->relation = "Crucial is a brand of Micron";
	f->acquired = "unknown";
	f->reason = "Crucial is Micron's brand; the CAC decision binds CII operators in China, "
		    "which this profile is for other sites only.";
	f->brief = "binds jurisdiction=CN and cii=yes, not this profile";

	f = fx_finding(r, &inv->comps[3], V_REMOVE_BY, "us-ndaa-5949");
	f->rule_title = "NDAA FY2023 §5949: covered semiconductors";
	f->authority = "US Congress";
	f->jurisdiction = "US";
	f->citation = "Pub. L. 117-263, §5949";
	f->url = "https://www.congress.gov/bill/117th-congress/house-bill/7776";
	f->effective = days_from_civil(2027, 12, 23);
	f->deadline = days_from_civil(2027, 12, 23);
	f->deadline_what = "no covered YMTC semiconductors in systems sold to US agencies";
	f->org = "ymtc";
	f->org_name = "Yangtze Memory Technologies Co., Ltd.";
	f->relation = "ZhiTai is a brand of YMTC";
	f->acquired = "2024-06-02 (purchase record po.csv#9)";
	f->reason = "YMTC NAND in a drive of a system delivered to a US agency.\nContractor "
		    "representations apply.";

	f = fx_finding(r, &inv->comps[5], V_PROHIBITED, "us-ndaa-889");
	f->rule_title = "NDAA FY2019 §889: covered telecom and video surveillance equipment";
	f->authority = "US Congress; FAR 52.204-25";
	f->jurisdiction = "US";
	f->citation = "Pub. L. 115-232, §889(a)(1)(B); FAR 52.204-25";
	f->url = "https://www.acquisition.gov/far/52.204-25";
	f->effective = days_from_civil(2020, 8, 13);
	f->org = "hikvision";
	f->org_name = "Hangzhou Hikvision Digital Technology Co., Ltd.";
	f->acquired = "2021-03-02 (acquired field)";
	f->reason = "Hikvision video equipment used by a federal contractor for physical "
		    "security: the contractor may not use it.";

	f = fx_finding(r, &inv->comps[6], V_REVIEW, "us-ndaa-889");
	f->rule_title = "NDAA FY2019 §889: covered telecom and video surveillance equipment";
	f->authority = "US Congress; FAR 52.204-25";
	f->jurisdiction = "US";
	f->citation = "Pub. L. 115-232, §889(a)(1)(B); FAR 52.204-25";
	f->url = "https://www.acquisition.gov/far/52.204-25";
	f->effective = days_from_civil(2020, 8, 13);
	f->org = "dahua";
	f->org_name = "Dahua Technology Co., Ltd.";
	f->acquired = "unknown";
	f->reason =
		"-1+1 only a supplier name suggests Dahua (weak, \xff byte): confirm the maker.";
	return r;
}

UNUSED static struct scan_result *exposure_fixture(void)
{
	struct inventory *inv = fx_inventory();
	struct scan_result *r = arena_calloc(inv->arena, 1, sizeof *r);
	struct finding *f;
	r->inv = inv;
	r->profile = NULL;
	r->date = days_from_civil(2025, 3, 1);
	r->ruleset_version = "2025.1";
	f = fx_finding(r, &inv->comps[0], V_INFO, "cn-cac-micron-2023");
	fx_rule_cac(f);
	f->binding = false;
	f->via = "chip_maker";
	f->reach = "not stated in the decision";
	f->reason = "The CAC decision names Micron, which made this module's DRAM.";
	f = fx_finding(r, &inv->comps[3], V_INFO, "us-ndaa-5949");
	f->binding = false;
	f->rule_title = "NDAA FY2023 §5949: covered semiconductors";
	f->citation = "Pub. L. 117-263, §5949";
	f->authority = "US Congress";
	f->jurisdiction = "US";
	f->effective = days_from_civil(2027, 12, 23);
	f->org = "ymtc";
	f->org_name = "Yangtze Memory Technologies Co., Ltd.";
	f->reason = "§5949 names YMTC, the maker of this drive.";
	return r;
}

UNUSED static void fixture_free(struct scan_result *r)
{
	inventory_free(r->inv);
}

#endif
