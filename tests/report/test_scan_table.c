/*
 * test_scan_table.c — the table for people: exact output without and with
 * colour, the exposure view, findings that say the same thing as one entry
 * (identical parts, dates merged or listed, evidence strongest first with a
 * legend), INFO in a few words and in full with verbose, the verbose list of
 * clear parts, colour only on a terminal and never with NO_COLOR, wrapping
 * with CJK, and hostile strings that must not reach the terminal raw.
 */
#include "testutil.h"

#include "fixture.h"
#include "render.h"
#include "report/report.h"

#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <utf8proc.h>

static const char expect_profile[] =
	"host      db1 (Dell Inc. PowerEdge R650)\n"
	"profile   us-federal-contractor+cn-cii\n"
	"date      2025-03-01\n"
	"rules     2025.1\n"
	"collected 2025-03-01T09:30:00Z by chipscreen collect 0.1.0 from / (not as root)\n"
	"\n"
	"PROHIBITED (1)\n"
	"  usb HIK 1080P Camera\\u202eexe.txt: 1-1.2\n"
	"      rule      us-ndaa-889: NDAA FY2019 §889: covered telecom and video\n"
	"                surveillance equipment\n"
	"      maker     Hangzhou Hikvision Digital Technology\n"
	"      why       Hikvision video equipment used by a federal contractor for\n"
	"                physical security: the contractor may not use it.\n"
	"      acquired  2021-03-02 (acquired field)\n"
	"      evidence  certain  usb_vendor \"2bdf\": USB vendor 2bdf [1]\n"
	"\n"
	"REMOVE-BY 2027-12-23 (1)\n"
	"  nvme 致态 TiPlus7100 1TB: nvme0\n"
	"      rule      us-ndaa-5949: NDAA FY2023 §5949: covered semiconductors\n"
	"      maker     Yangtze Memory Technologies\n"
	"      deadline  remove by 2027-12-23: no covered YMTC semiconductors in systems\n"
	"                sold to US agencies\n"
	"      why       YMTC NAND in a drive of a system delivered to a US\n"
	"                agency.\\x0aContractor representations apply.\n"
	"      relation  ZhiTai is a brand of YMTC\n"
	"      acquired  2024-06-02 (purchase record po.csv#9)\n"
	"      evidence  certain  pci_vendor \"1e49\": PCI vendor 1e49 [2]\n"
	"\n"
	"NO-NEW-PURCHASE (1)\n"
	"  dimm KSM32RD8/16MEI: DIMM_A1\n"
	"      rule      cn-cac-micron-2023: CAC: Micron products fail cybersecurity\n"
	"                review\n"
	"      maker     Kingston Technology, DRAM by Micron Technology\n"
	"      why       Micron DRAM on a Kingston module; CII operators in China should\n"
	"                stop purchasing Micron products. Installed parts may stay.\n"
	"      chips     DRAM by Micron Technology, Inc. on this part; the measure's\n"
	"                wording on components: the decision names \"美光公司产品\"\n"
	"                (Micron's products); it does not say whether Micron chips inside\n"
	"                other makers' products are covered\n"
	"      acquired  unknown: no purchase record or acquired date\n"
	"      evidence  certain  jedec_dram \"802C\": JEP106 bank 1 0x2C [3]\n"
	"\n"
	"LICENSE (1)\n"
	"  pci 19e5:1822: 0000:3b:00.0\n"
	"      rule      us-bis-entity-list-huawei: BIS Entity List: Huawei and\n"
	"                affiliates\n"
	"      maker     Huawei Technologies\n"
	"      why       Exporting or transferring EAR items to Huawei needs a licence;\n"
	"                owning this card does not.\n"
	"      evidence  certain  pci_vendor \"19e5\": PCI vendor 19e5 [2]\n"
	"\n"
	"REVIEW (1)\n"
	"  part =HYPERLINK(\"http://x.example\",\"Evil, \"\"Drive\"\"\"): PO-7#2\n"
	"      rule      us-ndaa-889: NDAA FY2019 §889: covered telecom and video\n"
	"                surveillance equipment\n"
	"      maker     Dahua Technology\n"
	"      why       -1+1 only a supplier name suggests Dahua (weak, \\xff byte):\n"
	"                confirm the maker.\n"
	"      acquired  unknown\n"
	"      evidence  weak     supplier \"+Dahua reseller\": name ~ Dahua [4]\n"
	"\n"
	"INFO (1): measures that name the maker, not binding here as of the date\n"
	"  dimm CT16G4RFD832A: DIMM_B1 (Crucial, DRAM by Micron Technology)\n"
	"      relation  Crucial is a brand of Micron\n"
	"      cn-cac-micron-2023  binds jurisdiction=CN and cii=yes, not this profile\n"
	"\n"
	"Rules cited\n"
	"  us-ndaa-889: NDAA FY2019 §889: covered telecom and video surveillance\n"
	"    equipment\n"
	"      citation  Pub. L. 115-232, §889(a)(1)(B); FAR 52.204-25\n"
	"      by        US Congress; FAR 52.204-25 (US), effective 2020-08-13\n"
	"      url       https://www.acquisition.gov/far/52.204-25\n"
	"  us-ndaa-5949: NDAA FY2023 §5949: covered semiconductors\n"
	"      citation  Pub. L. 117-263, §5949\n"
	"      by        US Congress (US), effective 2027-12-23\n"
	"      url       https://www.congress.gov/bill/117th-congress/house-bill/7776\n"
	"  cn-cac-micron-2023: CAC: Micron products fail cybersecurity review\n"
	"      citation  美光公司在华销售的产品未通过网络安全审查 (CAC, 2023-05-21)\n"
	"      by        Cyberspace Administration of China (CN), effective 2023-05-21\n"
	"      status    unverified: check the official text before acting on it\n"
	"  us-bis-entity-list-huawei: BIS Entity List: Huawei and affiliates\n"
	"      citation  15 CFR part 744, Supplement No. 4; 84 FR 22961\n"
	"      by        US Department of Commerce, BIS (US), effective 2019-05-16\n"
	"      url       "
	"https://www.ecfr.gov/current/title-15/part-744/appendix-Supplement%20No.%204\n"
	"\n"
	"Evidence sources\n"
	"  [1] data/usb-vendors.tsv:4\n"
	"  [2] pci.ids\n"
	"  [3] JEP106AL\n"
	"  [4] data/names.tsv:7\n"
	"\n"
	"Could not identify (3): not judged, check by hand\n"
	"  dimm M393A2K43DB3-CWE: DIMM_C1\n"
	"      why       DRAM maker unknown: SPD not readable: run as root\n"
	"  usb 1a2b:3c4d: 1-1.4\n"
	"      why       maker unknown: USB vendor id 1a2b is in neither usb.ids nor\n"
	"                data/usb-vendors.tsv\n"
	"  other: tpm0\n"
	"      why       not identified: no attribution (identify did not run)\n"
	"\n"
	"Could not read (1)\n"
	"  SPD EEPROM /sys/bus/i2c/devices/0-0051/eeprom: permission denied: run as\n"
	"    root\n"
	"\n"
	"Warnings (1)\n"
	"  SMBIOS /sys/firmware/dmi/tables/DMI: type 17 record 3 truncated\n"
	"\n"
	"Summary: 1 PROHIBITED, 1 REMOVE-BY, 1 NO-NEW-PURCHASE, 1 LICENSE, 1 REVIEW,\n"
	"         1 INFO\n"
	"         10 components: 6 with findings, 1 CLEAR, 3 not identified\n";

static const char expect_exposure[] =
	"host      db1 (Dell Inc. PowerEdge R650)\n"
	"profile   exposure view (no profile): every measure that names a part's maker,\n"
	"          without a verdict against you\n"
	"date      2025-03-01\n"
	"rules     2025.1\n"
	"collected 2025-03-01T09:30:00Z by chipscreen collect 0.1.0 from / (not as root)\n"
	"\n"
	"EXPOSURE (2): measures that name the maker; no profile, so no verdict against\n"
	"  you\n"
	"  dimm KSM32RD8/16MEI: DIMM_A1 (Kingston Technology, DRAM by Micron\n"
	"      Technology)\n"
	"      cn-cac-micron-2023  The CAC decision names Micron, which made this\n"
	"                          module's DRAM.\n"
	"  nvme 致态 TiPlus7100 1TB: nvme0 (Yangtze Memory Technologies)\n"
	"      us-ndaa-5949        §5949 names YMTC, the maker of this drive.\n"
	"\n"
	"Rules cited\n"
	"  cn-cac-micron-2023: CAC: Micron products fail cybersecurity review\n"
	"    (unverified)\n"
	"  us-ndaa-5949: NDAA FY2023 §5949: covered semiconductors\n"
	"\n"
	"Could not identify (3): not judged, check by hand\n"
	"  dimm M393A2K43DB3-CWE: DIMM_C1\n"
	"      why       DRAM maker unknown: SPD not readable: run as root\n"
	"  usb 1a2b:3c4d: 1-1.4\n"
	"      why       maker unknown: USB vendor id 1a2b is in neither usb.ids nor\n"
	"                data/usb-vendors.tsv\n"
	"  other: tpm0\n"
	"      why       not identified: no attribution (identify did not run)\n"
	"\n"
	"Could not read (1)\n"
	"  SPD EEPROM /sys/bus/i2c/devices/0-0051/eeprom: permission denied: run as\n"
	"    root\n"
	"\n"
	"Warnings (1)\n"
	"  SMBIOS /sys/firmware/dmi/tables/DMI: type 17 record 3 truncated\n"
	"\n"
	"Summary (exposure view): 0 PROHIBITED, 0 REMOVE-BY, 0 NO-NEW-PURCHASE,\n"
	"         0 LICENSE, 0 REVIEW, 2 INFO\n"
	"         10 components: 2 with findings, 5 CLEAR, 3 not identified\n";

/*
 * fleet_fixture(): one host of identical parts, to show how the table makes
 * one entry of findings that say the same thing.  Four Micron modules share
 * one attribution (as identify gives them) and were made in different weeks:
 * one entry, the weeks merged.  A fifth was made after the ban: PROHIBITED,
 * its own entry.  Two Kingston modules with Micron DRAM have acquisition
 * dates that differ (listed per module).  Two ZhiTai drives differ in their
 * world-wide names (left out of the entry) and in their reasons by more
 * than a date (shown apart); their INFO findings share one heading.
 */
static struct evidence *fl_ev(struct inventory *inv, const struct evidence *v, size_t n)
{
	struct evidence *e = fx_ev(inv, n);
	memcpy(e, v, n * sizeof *e);
	return e;
}

static void fl_dimm(struct inventory *inv, const char *slot, const char *part, const char *made,
		    const char *spd, struct attribution *a)
{
	char id[64], src[64];
	snprintf(id, sizeof id, "dimm/%s", slot);
	snprintf(src, sizeof src, "%s#323-324", spd);
	struct component *c = inventory_add(inv, KIND_DIMM, id, spd);
	component_set(inv, c, FK_PART_NUMBER, 0, part, "DMI#17");
	component_set(inv, c, FK_MANUFACTURE_DATE, 0, made, src);
	c->attr = a;
}

static void fl_nvme(struct inventory *inv, int i)
{
	char id[32], wwid[40], eui[20];
	snprintf(id, sizeof id, "nvme/nvme%d", i);
	snprintf(wwid, sizeof wwid, "eui.a428b7000000004%d", i);
	snprintf(eui, sizeof eui, "a428b7000000004%d", i);
	struct component *c = inventory_add(inv, KIND_NVME, id, "/sys/class/nvme");
	component_set(inv, c, FK_MODEL, 0, "ZHITAI TiPlus7100 1TB", "model");
	const struct evidence ev[] = {
		{"model", "ZHITAI TiPlus7100 1TB", "pattern ZHITAI*: ZhiTai", "data/patterns.tsv",
		 "zhitai", CONF_STRONG},
		{"wwid", arena_strdup(inv->arena, wwid), "IEEE OUI a428b7: YMTC", "ieee-data",
		 "ymtc", CONF_CERTAIN},
		{"eui64", arena_strdup(inv->arena, eui), "IEEE OUI a428b7: YMTC", "ieee-data",
		 "ymtc", CONF_CERTAIN},
	};
	struct attribution *a = fx_attr(inv, c);
	a->maker = (struct maker){"ymtc", "YMTC", CONF_CERTAIN, NULL, fl_ev(inv, ev, 3), 3};
}

static struct finding *fl_cac(struct scan_result *r, size_t comp, enum verdict v,
			      const char *reason, const char *acquired)
{
	struct finding *f = fx_finding(r, &r->inv->comps[comp], v, "cn-cac-micron-2023");
	fx_rule_cac(f);
	f->reason = arena_strdup(r->inv->arena, reason);
	f->acquired = arena_strdup(r->inv->arena, acquired);
	return f;
}

static struct scan_result *fleet_fixture(void)
{
	struct inventory *inv = inventory_new();
	inv->host.hostname = "db2";
	struct scan_result *r = arena_calloc(inv->arena, 1, sizeof *r);
	r->inv = inv;
	r->profile = "cn-cii";
	r->date = days_from_civil(2025, 3, 1);
	r->ruleset_version = "2025.1";

	/* the components first: adding one may move the others */
	static const struct evidence micron_ev[] = {
		{"manufacturer", "Micron Technology", "free-text name: Micron", "data/orgs.tsv",
		 "micron", CONF_WEAK},
		{"part_number", "MTA36ASF4G72PZ-3G2E1", "pattern MTA#*: Micron",
		 "data/patterns.tsv", "micron", CONF_STRONG},
		{"jedec_module", "802C", "JEP106 bank 1 0x2C: Micron", "JEP106BB", "micron",
		 CONF_CERTAIN},
	};
	static const struct evidence kingston_ev[] = {
		{"jedec_module", "0198", "JEP106 bank 2 0x98: Kingston", "JEP106BB", "kingston",
		 CONF_CERTAIN},
	};
	struct attribution *mi = arena_calloc(inv->arena, 1, sizeof *mi);
	mi->has_chip = true;
	mi->maker =
		(struct maker){"micron", "Micron", CONF_CERTAIN, NULL, fl_ev(inv, micron_ev, 3), 3};
	mi->chip_maker = (struct maker){
		"micron", "Micron", CONF_CERTAIN, NULL, fl_ev(inv, micron_ev + 2, 1), 1};
	struct attribution *ki = arena_calloc(inv->arena, 1, sizeof *ki);
	ki->has_chip = true;
	ki->maker = (struct maker){
		"kingston", "Kingston", CONF_CERTAIN, NULL, fl_ev(inv, kingston_ev, 1), 1};
	ki->chip_maker = mi->chip_maker;
	static const struct {
		const char *slot, *made, *spd;
	} dimm[] = {
		{"A1", "2019-W18", "spd/0-0050"}, {"B1", "2019-W18", "spd/0-0051"},
		{"C1", "2019-W21", "spd/0-0052"}, {"D1", "2024-W07", "spd/0-0053"},
		{"E1", "2019-W21", "spd/0-0054"}, {"F1", "2024-W09", "spd/0-0055"},
		{"G1", "2024-W11", "spd/0-0056"},
	};
	for (size_t i = 0; i < 7; i++)
		fl_dimm(inv, dimm[i].slot, i < 5 ? "MTA36ASF4G72PZ-3G2E1" : "KSM32RD4/32MRR",
			dimm[i].made, dimm[i].spd, i < 5 ? mi : ki);
	fl_nvme(inv, 0);
	fl_nvme(inv, 1);

	char why[512], acq[128];
	for (size_t i = 0; i < 5; i++) {
		if (i == 3) {
			fl_cac(r, i, V_PROHIBITED,
			       "made by Micron; made 2024-W07 (spd/0-0053#323-324), after "
			       "2023-05-21, so necessarily acquired after it: stop purchasing",
			       "on or after 2024-02-12 (made 2024-W07 (spd/0-0053#323-324))");
			continue;
		}
		snprintf(
			why, sizeof why,
			"made by Micron; acquisition date unknown: PROHIBITED if acquired on or "
			"after 2023-05-21; buying more is barred (made %s (%s#323-324), before the "
			"ban)",
			dimm[i].made, dimm[i].spd);
		fl_cac(r, i, V_NO_NEW_PURCHASE, why, "unknown");
	}
	static const char *const from[] = {"2024-02-26", "2024-03-11"};
	for (size_t i = 5; i < 7; i++) {
		snprintf(why, sizeof why,
			 "its chips are made by Micron, the part by Kingston; a component-level "
			 "question: whether it reaches Micron chips inside other makers' modules "
			 "is not stated; it would be PROHIBITED: made %s (%s#323-324), after "
			 "2023-05-21",
			 dimm[i].made, dimm[i].spd);
		snprintf(acq, sizeof acq, "on or after %s (made %s (%s#323-324))", from[i - 5],
			 dimm[i].made, dimm[i].spd);
		struct finding *f = fl_cac(r, i, V_REVIEW, why, acq);
		f->via = "chip_maker";
		f->reach = "whether it reaches Micron chips inside other makers' modules is not "
			   "stated.";
	}
	static const char *const info[][2] = {
		{"us-bis-el-ymtc-2022", "export restriction: matters when screening customers"},
		{"us-dod-1260h-ymtc-2024", "a listing: restricts no purchase or use by itself"},
	};
	for (size_t i = 7; i < 9; i++) {
		struct finding *f = fx_finding(r, &inv->comps[i], V_REVIEW, "us-ndaa5949-a1b");
		f->rule_title = "US §5949(a)(1)(B): no contract to supply parts with covered chips";
		f->citation = "Pub. L. 117-263, §5949";
		f->authority = "US Congress";
		f->effective = days_from_civil(2027, 12, 23);
		f->org = "ymtc";
		f->org_name = "YMTC";
		f->relation = "ZhiTai is a brand of YMTC (confirmed)";
		f->acquired = "unknown";
		f->reason = i == 7 ? "made by YMTC; binds what the operator supplies to agencies: "
				     "a person decides"
				   : "made by YMTC; binds what the operator supplies: a person "
				     "decides";
		for (int k = 0; k < 2; k++) {
			f = fx_finding(r, &inv->comps[i], V_INFO, info[k][0]);
			f->binding = false;
			f->org = "ymtc";
			f->org_name = "YMTC";
			f->relation = "ZhiTai is a brand of YMTC (confirmed)";
			f->acquired = "unknown";
			f->reason = "made by YMTC; not binding";
			f->brief = info[k][1];
		}
	}
	return r;
}

static const char expect_fleet[] =
	"host      db2\n"
	"profile   cn-cii\n"
	"date      2025-03-01\n"
	"rules     2025.1\n"
	"\n"
	"PROHIBITED (1)\n"
	"  dimm MTA36ASF4G72PZ-3G2E1: D1\n"
	"      rule      cn-cac-micron-2023: CAC: Micron products fail cybersecurity\n"
	"                review\n"
	"      maker     Micron, DRAM by Micron\n"
	"      why       made by Micron; made 2024-W07, after 2023-05-21, so necessarily\n"
	"                acquired after it: stop purchasing\n"
	"      acquired  on or after 2024-02-12 (made 2024-W07)\n"
	"      evidence  certain  jedec_module \"802C\": JEP106 bank 1 0x2C: Micron [1]\n"
	"                strong   part_number \"MTA36ASF4G72PZ-3G2E1\": pattern MTA#*:\n"
	"                         Micron [2]\n"
	"                weak     manufacturer \"Micron Technology\": free-text name:\n"
	"                         Micron [3]\n"
	"\n"
	"NO-NEW-PURCHASE (4)\n"
	"  4 × dimm MTA36ASF4G72PZ-3G2E1: A1, B1, C1, E1\n"
	"      rule      cn-cac-micron-2023: CAC: Micron products fail cybersecurity\n"
	"                review\n"
	"      maker     Micron, DRAM by Micron\n"
	"      why       made by Micron; acquisition date unknown: PROHIBITED if acquired\n"
	"                on or after 2023-05-21; buying more is barred (made 2019-W18 or\n"
	"                2019-W21, before the ban)\n"
	"      acquired  unknown\n"
	"      evidence  certain  jedec_module \"802C\": JEP106 bank 1 0x2C: Micron [1]\n"
	"                strong   part_number \"MTA36ASF4G72PZ-3G2E1\": pattern MTA#*:\n"
	"                         Micron [2]\n"
	"                weak     manufacturer \"Micron Technology\": free-text name:\n"
	"                         Micron [3]\n"
	"\n"
	"REVIEW (4)\n"
	"  2 × dimm KSM32RD4/32MRR: F1, G1\n"
	"      rule      cn-cac-micron-2023: CAC: Micron products fail cybersecurity\n"
	"                review\n"
	"      maker     Kingston, DRAM by Micron\n"
	"      why       its chips are made by Micron, the part by Kingston; a\n"
	"                component-level question: whether it reaches Micron chips inside\n"
	"                other makers' modules is not stated; it would be PROHIBITED:\n"
	"                made 2024-W09 or 2024-W11, after 2023-05-21\n"
	"      acquired  F1: on or after 2024-02-26 (made 2024-W09)\n"
	"                G1: on or after 2024-03-11 (made 2024-W11)\n"
	"      evidence  certain  jedec_module \"802C\": JEP106 bank 1 0x2C: Micron [1]\n"
	"  2 × nvme ZHITAI TiPlus7100 1TB: nvme0, nvme1\n"
	"      rule      us-ndaa5949-a1b: US §5949(a)(1)(B): no contract to supply parts\n"
	"                with covered chips\n"
	"      maker     YMTC\n"
	"      why       nvme0: made by YMTC; binds what the operator supplies to\n"
	"                agencies: a person decides\n"
	"                nvme1: made by YMTC; binds what the operator supplies: a person\n"
	"                decides\n"
	"      relation  ZhiTai is a brand of YMTC (confirmed)\n"
	"      acquired  unknown\n"
	"      evidence  certain  wwid, eui64: IEEE OUI a428b7: YMTC [4]\n"
	"                strong   model \"ZHITAI TiPlus7100 1TB\": pattern ZHITAI*: ZhiTai\n"
	"                         [2]\n"
	"\n"
	"INFO (4): measures that name the maker, not binding here as of the date\n"
	"  2 × nvme ZHITAI TiPlus7100 1TB: nvme0, nvme1 (YMTC)\n"
	"      relation  ZhiTai is a brand of YMTC (confirmed)\n"
	"      us-bis-el-ymtc-2022     export restriction: matters when screening\n"
	"                              customers\n"
	"      us-dod-1260h-ymtc-2024  a listing: restricts no purchase or use by itself\n"
	"\n"
	"Rules cited\n"
	"  cn-cac-micron-2023: CAC: Micron products fail cybersecurity review\n"
	"      citation  美光公司在华销售的产品未通过网络安全审查 (CAC, 2023-05-21)\n"
	"      by        Cyberspace Administration of China (CN), effective 2023-05-21\n"
	"      status    unverified: check the official text before acting on it\n"
	"  us-ndaa5949-a1b: US §5949(a)(1)(B): no contract to supply parts with covered\n"
	"    chips\n"
	"      citation  Pub. L. 117-263, §5949\n"
	"      by        US Congress, effective 2027-12-23\n"
	"  us-bis-el-ymtc-2022\n"
	"  us-dod-1260h-ymtc-2024\n"
	"\n"
	"Evidence sources\n"
	"  [1] JEP106BB\n"
	"  [2] data/patterns.tsv\n"
	"  [3] data/orgs.tsv\n"
	"  [4] ieee-data\n"
	"\n"
	"Summary: 1 PROHIBITED, 0 REMOVE-BY, 4 NO-NEW-PURCHASE, 0 LICENSE, 4 REVIEW,\n"
	"         4 INFO\n"
	"         9 components: 9 with findings, 0 CLEAR, 0 not identified\n";

static int setup(void **state)
{
	(void)state;
	report_set_width(80);
	report_set_color(REPORT_COLOR_NEVER);
	report_set_verbose(0);
	return 0;
}

static void test_profile_plain(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	char *out = render(r, "table");
	assert_string_equal(out, expect_profile);
	free(out);
	fixture_free(r);
}

/* Replace the first occurrence of from in s (which must exist). */
static void replace(struct strbuf *s, const char *from, const char *to)
{
	char *p = strstr(s->buf, from);
	assert_non_null(p);
	struct strbuf t = STRBUF_INIT;
	strbuf_add(&t, s->buf, (size_t)(p - s->buf));
	strbuf_addstr(&t, to);
	strbuf_addstr(&t, p + strlen(from));
	strbuf_reset(s);
	strbuf_addstr(s, t.buf);
	strbuf_release(&t);
}

/* With colour: the same text, with headings and non-zero counts coloured. */
static void test_profile_color(void **state)
{
	(void)state;
	struct strbuf want = STRBUF_INIT;
	strbuf_addstr(&want, expect_profile);
	replace(&want, "\nPROHIBITED (1)\n", "\n\033[1;31mPROHIBITED (1)\033[0m\n");
	replace(&want, "\nREMOVE-BY 2027-12-23 (1)\n",
		"\n\033[31mREMOVE-BY 2027-12-23 (1)\033[0m\n");
	replace(&want, "\nNO-NEW-PURCHASE (1)\n", "\n\033[33mNO-NEW-PURCHASE (1)\033[0m\n");
	replace(&want, "\nLICENSE (1)\n", "\n\033[33mLICENSE (1)\033[0m\n");
	replace(&want, "\nREVIEW (1)\n", "\n\033[35mREVIEW (1)\033[0m\n");
	replace(&want,
		"\nINFO (1): measures that name the maker, not binding here as of the date\n",
		"\n\033[36mINFO (1): measures that name the maker, not binding here as of the "
		"date\033[0m\n");
	replace(&want, "\nCould not identify (3): not judged, check by hand\n",
		"\n\033[1;33mCould not identify (3): not judged, check by hand\033[0m\n");
	replace(&want, "\nCould not read (1)\n", "\n\033[1;33mCould not read (1)\033[0m\n");
	replace(&want, "\nWarnings (1)\n", "\n\033[1;33mWarnings (1)\033[0m\n");
	replace(&want,
		"Summary: 1 PROHIBITED, 1 REMOVE-BY, 1 NO-NEW-PURCHASE, 1 LICENSE, 1 REVIEW,\n"
		"         1 INFO\n"
		"         10 components: 6 with findings, 1 CLEAR, 3 not identified\n",
		"Summary: \033[1;31m1 PROHIBITED\033[0m, \033[31m1 REMOVE-BY\033[0m, "
		"\033[33m1 NO-NEW-PURCHASE\033[0m, \033[33m1 LICENSE\033[0m, \033[35m1 "
		"REVIEW\033[0m,\n"
		"         \033[36m1 INFO\033[0m\n"
		"         10 components: 6 with findings, \033[32m1 CLEAR\033[0m, "
		"\033[1;33m3 not identified\033[0m\n");
	struct scan_result *r = scan_fixture();
	report_set_color(REPORT_COLOR_ALWAYS);
	char *out = render(r, "table");
	assert_string_equal(out, want.buf);
	free(out);
	fixture_free(r);
	strbuf_release(&want);
}

static void test_exposure(void **state)
{
	(void)state;
	struct scan_result *r = exposure_fixture();
	char *out = render(r, "table");
	assert_string_equal(out, expect_exposure);
	free(out);
	fixture_free(r);
}

static void test_verbose_lists_clear(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	char *quiet = render(r, "table");
	assert_null(strstr(quiet, "\nCLEAR (1)\n"));
	report_set_verbose(1);
	char *out = render(r, "table");
	assert_non_null(strstr(out, "\nCLEAR (1)\n"
				    "  cpu Intel(R) Xeon(R) Gold 6338: CPU0 (Intel)\n"
				    "\nCould not read (1)\n"));
	/* INFO in full, and its rule with its citation */
	assert_non_null(strstr(out, "\n  dimm CT16G4RFD832A: DIMM_B1\n"
				    "      rule      cn-cac-micron-2023: CAC: Micron products fail "
				    "cybersecurity\n"
				    "                review\n"
				    "      maker     Crucial, DRAM by Micron Technology\n"
				    "      why       Not binding on this profile. Crucial is "
				    "Micron's brand; the CAC\n"));
	assert_null(strstr(out, "cn-cac-micron-2023  binds"));
	assert_null(strstr(quiet, "Not binding on this profile."));
	free(quiet);
	free(out);
	fixture_free(r);
}

/* Render to a pseudo-terminal with colour on auto; returns whether ESC was written. */
static bool color_on_tty(const char *no_color)
{
	int master, slave;
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	struct termios tio;
	assert_int_equal(tcgetattr(slave, &tio), 0);
	cfmakeraw(&tio);
	assert_int_equal(tcsetattr(slave, TCSANOW, &tio), 0);
	if (no_color)
		setenv("NO_COLOR", no_color, 1);
	else
		unsetenv("NO_COLOR");
	/* a small scan, so the output fits in the terminal's buffer */
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_USB, "usb/1-1", "/sys/bus/usb/devices/1-1");
	c->attr = arena_calloc(inv->arena, 1, sizeof *c->attr);
	c->attr->maker.unknown_reason = "USB vendor id 1a2b is not known";
	struct scan_result r = {.inv = inv, .profile = "p", .date = 20000};
	FILE *f = fdopen(slave, "w");
	assert_non_null(f);
	report_set_color(REPORT_COLOR_AUTO);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(report_scan(&r, "table", f, &err), 0);
	fclose(f);
	char buf[8192];
	size_t n = 0;
	ssize_t k;
	while (n < sizeof buf - 1 && (k = read(master, buf + n, sizeof buf - 1 - n)) > 0)
		n += (size_t)k; /* ends with EIO once the slave is closed */
	buf[n] = '\0';
	close(master);
	unsetenv("NO_COLOR");
	assert_non_null(strstr(buf, "Could not identify (1)"));
	strbuf_release(&err);
	inventory_free(inv);
	return memchr(buf, '\033', n) != NULL;
}

static void test_color_auto(void **state)
{
	(void)state;
	assert_true(color_on_tty(NULL));
	assert_true(color_on_tty("")); /* NO_COLOR set but empty: no effect */
	assert_false(color_on_tty("1"));
	/* not a terminal: no colour */
	struct scan_result *r = scan_fixture();
	report_set_color(REPORT_COLOR_AUTO);
	unsetenv("NO_COLOR");
	char *out = render(r, "table");
	assert_null(strchr(out, '\033'));
	free(out);
	fixture_free(r);
}

/* Display width of a line, in terminal cells. */
static int line_cells(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
							(utf8proc_ssize_t)(n - i), &cp);
		assert_true(len > 0); /* the table is valid UTF-8 */
		w += utf8proc_charwidth(cp);
		i += (size_t)len;
	}
	return w;
}

static void test_hostile_and_width(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	for (int width = 60; width <= 140; width += 40) {
		report_set_width(width);
		char *out = render(r, "table");
		/* no control character but newline, no bidi override, no bad byte */
		for (const unsigned char *p = (const unsigned char *)out; *p; p++)
			assert_true(*p == '\n' || (*p >= 0x20 && *p != 0x7f));
		assert_null(strstr(out, "\xe2\x80\xae"));
		assert_non_null(strstr(out, "Camera\\u202eexe"));
		assert_non_null(strstr(out, "\\xff byte"));
		assert_non_null(strstr(out, "agency.\\x0aContractor"));
		/* every line fits, except one holding an unbreakable URL */
		for (const char *l = out; *l;) {
			const char *e = strchr(l, '\n');
			assert_non_null(e);
			int w = line_cells(l, (size_t)(e - l));
			if (w > width && !memmem(l, (size_t)(e - l), "https://", 8))
				fail_msg("line wider than %d cells (%d): %.*s", width, w,
					 (int)(e - l), l);
			l = e + 1;
		}
		free(out);
	}
	fixture_free(r);
}

static void test_remove_by_groups_by_date(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	struct finding *f = ARENA_PUSH(r->inv->arena, r->findings, r->nfindings, r->capfindings);
	*f = r->findings[3]; /* the REMOVE-BY on nvme0, two years earlier */
	f->rule_id = "xx-earlier";
	f->deadline = days_from_civil(2025, 12, 23);
	char *out = render(r, "table");
	const char *a = strstr(out, "\nREMOVE-BY 2025-12-23 (1)\n");
	const char *b = strstr(out, "\nREMOVE-BY 2027-12-23 (1)\n");
	const char *p = strstr(out, "\nPROHIBITED (1)\n");
	const char *n = strstr(out, "\nNO-NEW-PURCHASE (1)\n");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(p < a && a < b && b < n);
	assert_non_null(strstr(out, "remove by 2025-12-23: no covered YMTC"));
	assert_non_null(strstr(out, "Summary: 1 PROHIBITED, 2 REMOVE-BY,"));
	free(out);
	fixture_free(r);
}

static void test_groups(void **state)
{
	(void)state;
	struct scan_result *r = fleet_fixture();
	char *out = render(r, "table");
	assert_string_equal(out, expect_fleet);
	free(out);
	fixture_free(r);
}

/* With verbose, each INFO entry in full, still one per group of parts. */
static void test_groups_verbose(void **state)
{
	(void)state;
	struct scan_result *r = fleet_fixture();
	report_set_verbose(1);
	char *out = render(r, "table");
	assert_non_null(
		strstr(out, "\n  2 × nvme ZHITAI TiPlus7100 1TB: nvme0, nvme1\n"
			    "      rule      us-bis-el-ymtc-2022\n"
			    "      maker     YMTC\n"
			    "      why       Not binding on this profile. made by YMTC; not "
			    "binding\n"
			    "      relation  ZhiTai is a brand of YMTC (confirmed)\n"
			    "      acquired  unknown\n"
			    "      evidence  certain  wwid, eui64: IEEE OUI a428b7: YMTC [4]\n"));
	assert_non_null(strstr(out, "\n  us-dod-1260h-ymtc-2024\n"
				    "      citation  (none given)\n"));
	/* the evidence is numbered once, whatever the number of entries citing it */
	assert_non_null(strstr(out, "\nEvidence sources\n"
				    "  [1] JEP106BB\n"
				    "  [2] data/patterns.tsv\n"
				    "  [3] data/orgs.tsv\n"
				    "  [4] ieee-data\n\n"));
	free(out);
	fixture_free(r);
}

static void test_no_findings(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_CPU, "cpu/CPU0", NULL);
	c->attr = arena_calloc(inv->arena, 1, sizeof *c->attr);
	c->attr->maker.org = "intel";
	c->attr->maker.name = "Intel";
	struct scan_result r = {
		.inv = inv, .profile = "eu-operator", .date = days_from_civil(2025, 1, 2)};
	char *out = render(&r, "table");
	assert_string_equal(
		out, "host      (host name unknown)\n"
		     "profile   eu-operator\n"
		     "date      2025-01-02\n"
		     "rules     (version unknown)\n"
		     "\n"
		     "No findings.\n"
		     "\n"
		     "Summary: 0 PROHIBITED, 0 REMOVE-BY, 0 NO-NEW-PURCHASE, 0 LICENSE, 0 REVIEW,\n"
		     "         0 INFO\n"
		     "         1 component: 0 with findings, 1 CLEAR, 0 not identified\n");
	free(out);
	inventory_free(inv);
}

static void test_errors(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(report_scan(r, "xml", stdout, &err), -1);
	assert_string_equal(err.buf,
			    "unknown format \"xml\" (formats: table, json, csv, cyclonedx, sarif, html)");
	assert_int_equal(report_scan(NULL, "table", stdout, &err), -1);
	assert_string_equal(err.buf, "report: no scan result to render");
	assert_true(report_format_known("sarif"));
	assert_true(report_format_known("cyclonedx"));
	assert_false(report_format_known("Table"));
	assert_false(report_format_known(NULL));
	/* a full disk is an error, not a silently short report */
	FILE *full = fopen("/dev/full", "w");
	if (full) {
		const char *fmts[] = {"table", "json", "csv", "cyclonedx", "sarif"};
		for (size_t i = 0; i < 5; i++) {
			assert_int_equal(report_scan(r, fmts[i], full, &err), -1);
			assert_non_null(strstr(err.buf, "report failed: No space left on device"));
			clearerr(full);
		}
		fclose(full);
	}
	strbuf_release(&err);
	fixture_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_profile_plain, setup),
		cmocka_unit_test_setup(test_profile_color, setup),
		cmocka_unit_test_setup(test_exposure, setup),
		cmocka_unit_test_setup(test_verbose_lists_clear, setup),
		cmocka_unit_test_setup(test_color_auto, setup),
		cmocka_unit_test_setup(test_hostile_and_width, setup),
		cmocka_unit_test_setup(test_remove_by_groups_by_date, setup),
		cmocka_unit_test_setup(test_groups, setup),
		cmocka_unit_test_setup(test_groups_verbose, setup),
		cmocka_unit_test_setup(test_no_findings, setup),
		cmocka_unit_test_setup(test_errors, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
