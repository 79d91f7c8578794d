/*
 * test_chip_unknown_paths.c — a part whose chip maker is unknown is REVIEW
 * under a rule that reaches chips inside parts, on every way a user feeds
 * it in (issue 12, item 2: "unknown is never safer than known").
 *
 *   - cn-cii on 2026-06-01 (CAC's Micron conclusion): a Kingston RDIMM
 *     (KSM32RD8/16HDR) whose DRAM maker nobody read: "could be Micron DRAM";
 *   - us-federal-agency on 2028-03-01 (NDAA FY2023 s.5949, YMTC NAND): a
 *     Kingston DC600M SATA SSD whose NAND maker is unknown.
 *
 * Each is fed as a purchase CSV, dmidecode text (the DIMM), a smartctl
 * report (the SSD), a captured sysfs tree (collect --root, no SPD readable),
 * a CycloneDX BOM, lshw -json, and imported into a store and judged by
 * fleet.  Before the fix a SATA SSD read by collect, smartctl or lshw was a
 * "disk" whose model did not say "SSD": its chips were "does not apply to
 * this kind of part", CLEAR; and lshw -json with a disk lshw gave no bus
 * (no "businfo") crashed the importer.  A spinning disk (smartctl's "5400
 * rpm", the kernel's queue/rotational 1) stays CLEAR: it holds no NAND.
 *
 * The inputs are written from the tools' documented formats (dmidecode 3.x,
 * smartctl 7.3, lshw B.02.19 JSON, CycloneDX 1.5) and the SMBIOS and sysfs
 * trees from DSP0134 and the kernel's sysfs ABI (tests/support/fx_*.c).
 */
#include "testutil.h"
#include "fx_smbios.h"
#include "fx_sysfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char dmi[] = "# dmidecode 3.3\n"
			  "Getting SMBIOS data from sysfs.\n"
			  "SMBIOS 3.2.0 present.\n\n"
			  "Handle 0x0001, DMI type 1, 27 bytes\n"
			  "System Information\n"
			  "\tManufacturer: Supermicro\n"
			  "\tProduct Name: SYS-1029P-WTR\n"
			  "\tSerial Number: S123456\n\n"
			  "Handle 0x0045, DMI type 17, 84 bytes\n"
			  "Memory Device\n"
			  "\tSize: 16 GB\n"
			  "\tForm Factor: DIMM\n"
			  "\tLocator: DIMMA1\n"
			  "\tType: DDR4\n"
			  "\tSpeed: 3200 MT/s\n"
			  "\tManufacturer: Kingston\n"
			  "\tSerial Number: 1A2B3C4D\n"
			  "\tPart Number: KSM32RD8/16HDR\n\n";

static const char smart_head[] =
	"smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0-18-amd64] (local build)\n"
	"Copyright (C) 2002-22, Bruce Allen, Christian Franke, www.smartmontools.org\n\n"
	"=== START OF INFORMATION SECTION ===\n";
static const char smart_ssd[] = "Device Model:     KINGSTON SEDC600M960G\n"
				"Serial Number:    50026B7686000001\n"
				"Firmware Version: SCEKH5.1\n"
				"User Capacity:    960,197,124,096 bytes [960 GB]\n"
				"Rotation Rate:    Solid State Device\n"
				"SATA Version is:  SATA 3.2, 6.0 Gb/s (current: 6.0 Gb/s)\n\n";
static const char smart_hdd[] = "Device Model:     WDC WD40EFRX-68N32N0\n"
				"Serial Number:    WD-WCC7K0000001\n"
				"Firmware Version: 82.00A82\n"
				"User Capacity:    4,000,787,030,016 bytes [4.00 TB]\n"
				"Rotation Rate:    5400 rpm\n"
				"SATA Version is:  SATA 3.1, 6.0 Gb/s (current: 6.0 Gb/s)\n\n";

static const char bom[] =
	"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
	"\"metadata\":{\"timestamp\":\"2026-05-01T10:00:00Z\",\"component\":{\"type\":\"device\","
	"\"name\":\"SYS-1029P-WTR\",\"manufacturer\":{\"name\":\"Supermicro\"}}},"
	"\"components\":["
	"{\"type\":\"device\",\"bom-ref\":\"dimm-a1\",\"manufacturer\":{\"name\":\"Kingston\"},"
	"\"name\":\"KSM32RD8/16HDR\",\"description\":\"16GB DDR4-3200 RDIMM\"},"
	"{\"type\":\"device\",\"bom-ref\":\"ssd0\",\"manufacturer\":{\"name\":\"Kingston\"},"
	"\"name\":\"SEDC600M/960G\",\"description\":\"DC600M 960GB SATA SSD\"}]}\n";

/* lshw -json: a bank, and a disk lshw listed with no businfo (it gives none
 * for disks behind some controllers, and users trim the tree by hand). */
static const char lshw[] =
	"{\"id\":\"db02\",\"class\":\"system\",\"product\":\"SYS-1029P-WTR\",\"vendor\":"
	"\"Supermicro\",\"serial\":\"S1\",\"children\":[{\"id\":\"core\",\"class\":\"bus\","
	"\"children\":[{\"id\":\"memory\",\"class\":\"memory\",\"description\":\"System Memory\","
	"\"children\":[{\"id\":\"bank:0\",\"class\":\"memory\",\"claimed\":true,\"handle\":"
	"\"DMI:1100\",\"description\":\"DIMM DDR4 Synchronous Registered (Buffered) 3200 MHz "
	"(0.3 ns)\",\"product\":\"KSM32RD8/16HDR\",\"vendor\":\"Kingston\",\"physid\":\"0\","
	"\"serial\":\"1A2B3C4D\",\"slot\":\"DIMMA1\",\"units\":\"bytes\",\"size\":17179869184}]},"
	"{\"id\":\"scsi\",\"class\":\"storage\",\"children\":[{\"id\":\"disk\",\"class\":\"disk\","
	"\"claimed\":true,\"description\":\"ATA Disk\",\"product\":\"KINGSTON SEDC600M960G\","
	"\"vendor\":\"Kingston\",\"logicalname\":\"/dev/sda\",\"version\":\"SCEKH5.1\","
	"\"serial\":\"50026B7686000001\",\"units\":\"bytes\",\"size\":960197124096}]}]}]}\n";

static const char po_dimm[] = "Manufacturer,Part Number,Description,Quantity,PO Date\n"
			      "Kingston,KSM32RD8/16HDR,16GB DDR4-3200 ECC Registered DIMM,4,"
			      "2026-03-02\n";
static const char po_ssd[] = "Manufacturer,Part Number,Description,Quantity,PO Date\n"
			     "Kingston,SEDC600M/960G,DC600M 960GB enterprise SATA SSD,2,2028-02-01\n";

struct profile {
	const char *name, *date;
};
static const struct profile cii = {"cn-cii", "2026-06-01"};
static const struct profile fed = {"us-federal-agency", "2028-03-01"};

static char *dir;

static char *at(const char *rel)
{
	char *p = malloc(strlen(dir) + strlen(rel) + 2);
	sprintf(p, "%s/%s", dir, rel);
	return p;
}

/* Some line of out holds part and verdict ("\"REVIEW\""). */
static bool line_with(const char *out, const char *part, const char *verdict)
{
	for (const char *l = out; l && *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		char *line = strndup(l, n);
		bool ok = strstr(line, part) && strstr(line, verdict);
		free(line);
		if (ok)
			return true;
		l = e ? e + 1 : NULL;
	}
	return false;
}

/* scan ARGS (a file or --root DIR) as csv: exit 1, a REVIEW row for part. */
static void scan_review(const struct profile *p, const char *a1, const char *a2, const char *part)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	int rc = a2 ? run_cmd(&o, &e, "scan", "--profile", p->name, "--date", p->date, "--format",
			      "csv", a1, a2, NULL)
		    : run_cmd(&o, &e, "scan", "--profile", p->name, "--date", p->date, "--format",
			      "csv", a1, NULL);
	if (rc != 1 || !line_with(o.buf, part, "\"REVIEW\""))
		fail_msg("scan %s %s: exit %d, no REVIEW for %s:\n%s%s", a1, a2 ? a2 : "", rc, part,
			 o.buf, e.buf);
	strbuf_release(&o);
	strbuf_release(&e);
}

/* import file into a store of its own, then fleet: exit 1, REVIEW for part. */
static void fleet_review(const struct profile *p, const char *file, const char *part)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, db = STRBUF_INIT;
	strbuf_addf(&db, "%s.db", file);
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, file, NULL), 0);
	int rc = run_cmd(&o, &e, "fleet", "--db", db.buf, "--profile", p->name, "--date", p->date,
			 "--format", "csv", NULL);
	if (rc != 1 || !line_with(o.buf, part, "\"REVIEW\""))
		fail_msg("fleet of %s: exit %d, no REVIEW for %s:\n%s%s", file, rc, part, o.buf,
			 e.buf);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&db);
}

static char *write_file(const char *rel, const char *a, const char *b)
{
	struct strbuf t = STRBUF_INIT;
	strbuf_addstr(&t, a);
	if (b)
		strbuf_addstr(&t, b);
	test_write_str(dir, rel, t.buf);
	strbuf_release(&t);
	return at(rel);
}

/* A captured tree: SMBIOS with the Kingston module (no SPD under /sys/bus/
 * i2c: nothing names its DRAM), a Kingston SATA SSD the kernel calls
 * solid-state and a WD disk it calls rotational. */
static char *write_tree(void)
{
	char *root = at("tree");
	test_write_str(dir, "tree/.keep", "");
	static const struct fx_dimm dimm = {.locator = "DIMMA1",
					    .size_bytes = 16ull << 30,
					    .form_factor = FX_FF_DIMM,
					    .memory_type = FX_MEM_DDR4,
					    .speed = 3200,
					    .manufacturer = "Kingston",
					    .serial = "1A2B3C4D",
					    .part_number = "KSM32RD8/16HDR"};
	struct fx_smbios m = {.major = 3,
			      .minor = 2,
			      .system = {.manufacturer = "Supermicro", .product = "SYS-1029P-WTR"},
			      .dimms = &dimm,
			      .ndimms = 1};
	fx_smbios_write(&m, root, NULL);
	static const struct fx_pci pci[] = {
		{"0000:00:17.0", NULL, "0x8086", "0xa182", "0x15d9", "0x0921", "0x010601", "0x09"},
		{0},
	};
	/* INQUIRY: "ATA", the model cut to 16 characters */
	static const struct fx_disk disks[] = {
		{.name = "sda",
		 .bus = FX_SATA,
		 .pci = "0000:00:17.0",
		 .host = 0,
		 .vendor = "ATA",
		 .model = "KINGSTON SEDC600",
		 .rev = "H5.1",
		 .serial = "50026B7686000001"},
		{.name = "sdb",
		 .bus = FX_SATA,
		 .pci = "0000:00:17.0",
		 .host = 1,
		 .vendor = "ATA",
		 .model = "WDC WD40EFRX-68N",
		 .rev = "0A82",
		 .serial = "WD-WCC7K0000001"},
		{0},
	};
	struct fx_machine mach = {.hostname = "db03", .pci = pci, .disks = disks};
	assert_int_equal(fx_machine(root, &mach), 0);
	assert_int_equal(fx_attr(root, "/sys/block/sda/queue/rotational", "0"), 0);
	assert_int_equal(fx_attr(root, "/sys/block/sdb/queue/rotational", "1"), 0);
	return root;
}

static void test_dimm_cn_cii(void **state)
{
	(void)state;
	const char *part = "KSM32RD8/16HDR";
	char *csv = write_file("po-dimm.csv", po_dimm, NULL);
	char *txt = write_file("dmi.txt", dmi, NULL);
	char *cdx = write_file("bom.json", bom, NULL);
	char *lsj = write_file("lshw.json", lshw, NULL);
	char *root = write_tree();
	scan_review(&cii, csv, NULL, part);
	scan_review(&cii, txt, NULL, part);
	scan_review(&cii, cdx, NULL, part);
	scan_review(&cii, lsj, NULL, part);
	scan_review(&cii, "--root", root, part);
	fleet_review(&cii, csv, part);
	fleet_review(&cii, txt, part);
	fleet_review(&cii, cdx, part);
	fleet_review(&cii, lsj, part);
	/* the tree, as an agent would send it: collect's JSON, imported */
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", root, NULL), 0);
	char *col = write_file("collect.json", o.buf, NULL);
	fleet_review(&cii, col, part);
	strbuf_release(&o);
	strbuf_release(&e);
	free(csv), free(txt), free(cdx), free(lsj), free(root), free(col);
}

static void test_ssd_5949(void **state)
{
	(void)state;
	char *csv = write_file("po-ssd.csv", po_ssd, NULL);
	char *smart = write_file("smart-ssd.txt", smart_head, smart_ssd);
	char *cdx = write_file("bom.json", bom, NULL);
	char *lsj = write_file("lshw.json", lshw, NULL);
	char *root = write_tree();
	scan_review(&fed, csv, NULL, "SEDC600M/960G");
	scan_review(&fed, smart, NULL, "KINGSTON SEDC600M960G");
	scan_review(&fed, cdx, NULL, "SEDC600M/960G");
	scan_review(&fed, lsj, NULL, "KINGSTON SEDC600M960G");
	scan_review(&fed, "--root", root, "KINGSTON SEDC600");
	fleet_review(&fed, csv, "SEDC600M/960G");
	fleet_review(&fed, smart, "KINGSTON SEDC600M960G");
	fleet_review(&fed, cdx, "SEDC600M/960G");
	fleet_review(&fed, lsj, "KINGSTON SEDC600M960G");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", root, NULL), 0);
	char *col = write_file("collect.json", o.buf, NULL);
	fleet_review(&fed, col, "KINGSTON SEDC600");
	/* a spinning disk holds no NAND: not a finding, by smartctl or the kernel */
	char *hdd = write_file("smart-hdd.txt", smart_head, smart_hdd);
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", fed.name, "--date", fed.date,
				 "--format", "csv", hdd, NULL),
			 0);
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", fed.name, "--date", fed.date,
				 "--format", "csv", "--verbose", "--root", root, NULL),
			 1);
	assert_false(line_with(o.buf, "WDC WD40EFRX-68N", "REVIEW"));
	/* nor when lshw names it: a WD hard disk's model (drivedb.h) says so */
	char *lsh = write_file("lshw-hdd.json",
			       "{\"id\":\"nas\",\"class\":\"system\",\"claimed\":true,"
			       "\"vendor\":\"Supermicro\","
			       "\"product\":\"SYS-5019C-M\",\"children\":[{\"id\":\"disk\","
			       "\"class\":\"disk\",\"claimed\":true,\"businfo\":\"scsi@0:0.0.0\","
			       "\"product\":"
			       "\"WDC WD40EFRX-68N32N0\",\"vendor\":\"Western Digital\","
			       "\"logicalname\":\"/dev/sda\",\"serial\":\"WD-WCC7K0000001\"}]}\n",
			       NULL);
	/* (its memory, which this lshw lists no bank of, is a question: CXMT) */
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", fed.name, "--date", fed.date,
				 "--format", "csv", lsh, NULL),
			 1);
	assert_false(line_with(o.buf, "WDC WD40EFRX-68N", "REVIEW"));
	assert_true(line_with(o.buf, "dimm/not-read", "\"REVIEW\""));
	free(lsh);
	strbuf_release(&o);
	strbuf_release(&e);
	free(csv), free(smart), free(cdx), free(lsj), free(root), free(col), free(hdd);
}

/* A declared product class with a typo ("stroage") judged as "unknown",
 * and one in capitals ("Storage") too; the column was listed as "not used". */
static void test_declared_class(void **state)
{
	(void)state;
	char *typo = write_file("po-typo.csv",
				"Manufacturer,Part Number,Description,Product Class,PO Date\n"
				"Kingston,SEDC600M/960G,DC600M 960GB SATA SSD,stroage,2028-02-01\n",
				NULL);
	char *caps = write_file("po-caps.csv",
				"Manufacturer,Part Number,Product Class,PO Date\n"
				"Kingston,SEDC600M/960G,Storage,2028-02-01\n",
				NULL);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, want = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", fed.name, "--date", fed.date, typo,
				 NULL),
			 2);
	strbuf_addf(&want, "%s:2: product_class \"stroage\" is not a product class; did you "
			   "mean storage? (the classes: memory, storage,", typo);
	if (!strstr(e.buf, want.buf))
		fail_msg("'%s' not in %s", want.buf, e.buf);
	/* import refuses it as scan does: the fleet would judge it "unknown" */
	strbuf_reset(&want);
	strbuf_addf(&want, "%s.db", typo);
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", want.buf, typo, NULL), 2);
	assert_non_null(strstr(e.buf, ":2: product_class \"stroage\" is not a product class"));
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", fed.name, "--date", fed.date,
				 "--format", "json", caps, NULL),
			 1);
	assert_non_null(strstr(e.buf, "Product Class -> product_class"));
	assert_null(strstr(e.buf, "not used"));
	assert_null(strstr(o.buf, "product class unknown"));
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
	free(typo), free(caps);
}

static int setup(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	dir = test_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_rmtree(dir);
	free(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dimm_cn_cii, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ssd_5949, setup, teardown),
		cmocka_unit_test_setup_teardown(test_declared_class, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
