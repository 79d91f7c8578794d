/*
 * test_cmd_nosilent.c — issue 12, "no silent pass", through the commands a
 * user runs: each case is the issue's command on an input written here, and
 * each gave a clean exit 0 before the fix.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "cmd/cmd.h"

#include <cjson/cJSON.h>
#include "util/fileio.h"

#include <stdlib.h>
#include <string.h>

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static char *put_file(const char *dir, const char *name, const char *text)
{
	test_write_str(dir, name, text);
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Item 1: SSDs and a DIMM on a purchase record, §5949, bought in 2028. */
static void test_po_ssd_dimm_5949(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *po = put_file(dir, "po.csv",
			      "Manufacturer,Model,Description,Quantity,Purchase Date\n"
			      "Kingston,SA400S37/480G,Kingston A400 480GB SATA SSD,10,2028-02-01\n"
			      "Samsung,MZ-V8V1T0BW,Samsung 980 1TB NVMe SSD,5,2028-02-01\n"
			      "Kingston,KSM32RD8/16HDR,Kingston 16GB DDR4 RDIMM,20,2028-02-01\n");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "us-federal-agency", "--date",
			 "2028-03-01", po, NULL);
	if (rc != EXIT_FINDINGS)
		fail_msg("exit %d, want 1:\n%s%s", rc, out.buf, err.buf);
	assert_non_null(strstr(out.buf, "REVIEW (3)"));
	assert_null(strstr(out.buf, "No findings"));
	assert_int_equal(count(out.buf, ": could be "), 3);
	/* a declared product_class overrides: a "peripheral" holds no memory or NAND */
	char *po2 = put_file(dir, "po2.csv",
			       "Manufacturer,Model,Description,Quantity,Purchase Date,Product Class\n"
			       "Kingston,SA400S37/480G,Kingston A400 SSD,10,2028-02-01,peripheral\n");
	rc = run_cmd(&out, &err, "scan", "--profile", "us-federal-agency", "--date", "2028-03-01",
		     po2, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	strbuf_release(&out);
	strbuf_release(&err);
	free(po);
	free(po2);
	test_rmtree(dir);
	free(dir);
}

/* Item 2: a Kingston module bought in 2024, DRAM maker unknown, for a CII operator. */
static void test_cii_unknown_dram(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *po = put_file(dir, "po.csv",
			      "Manufacturer,Part Number,Description,Quantity,Date\n"
			      "Kingston,KSM32RD8/16HDR,16GB DDR4 RDIMM,20,2024-03-01\n"
			      "Kingston,KF432C16BB/16,Fury 16GB DDR4 Micron E-die,2,2024-03-01\n");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2025-01-01",
			 "--format", "json", po, NULL);
	if (rc != EXIT_FINDINGS)
		fail_msg("exit %d, want 1:\n%s%s", rc, out.buf, err.buf);
	assert_int_equal(count(out.buf, "\"verdict\":\t\"REVIEW\""), 2);
	assert_non_null(strstr(out.buf, "could be Micron Technology, Inc. DRAM: the part number "
					"does not say whose DRAM it carries") ||
			strstr(out.buf, "could be Micron Technology, Inc. DRAM; the part number "
					"does not say whose DRAM it carries"));
	assert_non_null(strstr(out.buf, "(\\\"Micron E-die\\\"): weak evidence"));
	strbuf_release(&out);
	strbuf_release(&err);
	free(po);
	test_rmtree(dir);
	free(dir);
}


/* Item 5 / issue 17 item 7: a mistyped store is an error, and is not created. */
static void test_store_typo(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/chipscren.db", dir);
	static const char *const cmds[][4] = {
		{"fleet", "--db", NULL, NULL},
		{"rescreen", "--db", NULL, NULL},
		{"lists", "--db", NULL, NULL},
		{"search", "--db", NULL, "Huawei"},
		{"compare", "--db", NULL, "Huawei"},
	};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *argv[6] = {cmds[i][0], cmds[i][1], db.buf, cmds[i][3], NULL, NULL};
		if (!strcmp(cmds[i][0], "compare"))
			argv[4] = "Huawei Technologies";
		int argc = cmds[i][3] ? (argv[4] ? 5 : 4) : 3;
		int rc = run_cmdv(&out, &err, argc, argv);
		if (rc != EXIT_ERROR)
			fail_msg("%s --db TYPO: exit %d, want 2: %s", cmds[i][0], rc, err.buf);
		assert_non_null(strstr(err.buf, "no store at "));
		assert_non_null(strstr(err.buf, "chipscren.db: a typo?"));
		assert_false(path_exists(db.buf));
	}
	/* --create: an empty store, on purpose */
	int rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--create", NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_true(path_exists(db.buf));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

/* Item 5: a filter that matches nothing is exit 2 with the nearest values. */
static void test_filter_typo(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d1, "hw/dmidecode/glpi_dell-r620.txt");
	char *dell = strdup(d1);
	SKIP_WITHOUT_SHARED(d2, "hw/dmidecode/glpi_hp-dl360-gen8.txt");
	char *hp = strdup(d2);
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--site",
				 "dc1-berlin", "--tag", "prod", "--host", "web01", dell, NULL),
			 EXIT_CLEAR);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--site",
				 "dc2-paris", "--host", "db01", hp, NULL),
			 EXIT_CLEAR);
	int rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--site", "dc1-berln", NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "--site dc1-berln: no host in the store is at that site; "
					"did you mean dc1-berlin?"));
	rc = run_cmd(&out, &err, "rescreen", "--db", db.buf, "--tag", "Prod", NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "did you mean prod?"));
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--host", "web1", NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "did you mean web01?"));
	/* each value exists, no host has them all */
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--site", "dc2-paris", "--tag", "prod",
		     NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "the filter matches no host"));
	/* the right values: a report */
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--site", "dc1-berlin", "--profile",
		     "none", NULL);
	assert_true(rc == EXIT_CLEAR || rc == EXIT_FINDINGS);
	assert_non_null(strstr(out.buf, "filter: site=dc1-berlin\n1 host, 22 components"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(dell);
	free(hp);
}

/* Item 5: --profile CN-CII and --format JSON are read case-insensitively; a typo
 * suggests the nearest profile. */
static void test_profile_format_case(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *po = put_file(dir, "po.csv",
			      "Manufacturer,Part Number,Quantity,Date\n"
			      "Micron,MTA36ASF8G72PZ-3G2E1,4,2024-02-14\n");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "CN-CII", "--format", "JSON", "--date",
			 "2025-01-01", po, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_non_null(strstr(out.buf, "\"profile\":\t\"cn-cii\""));
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-ci", po, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "no profile \"cn-ci\"; did you mean cn-cii?"));
	rc = run_cmd(&out, &err, "scan", "--profile", "us-federal", po, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(
		strstr(err.buf, "did you mean us-federal-agency or us-federal-contractor?"));
	rc = run_cmd(&out, &err, "scan", "--profile", "NONE", "--format", "Csv", po, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	strbuf_release(&out);
	strbuf_release(&err);
	free(po);
	test_rmtree(dir);
	free(dir);
}


/* Item 4: which files are one machine, the same for scan and import. */
static void test_machines(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d1, "hw/dmidecode/glpi_dell-r620.txt");
	char *dell = strdup(d1);
	SKIP_WITHOUT_SHARED(d2, "hw/dmidecode/glpi_hp-dl360-gen8.txt");
	char *hp = strdup(d2);
	SKIP_WITHOUT_SHARED(s1, "hw/smartctl/Crucial_CT1000P1SSD8_02A1B045C660.txt");
	char *sm1 = strdup(s1);
	SKIP_WITHOUT_SHARED(s2, "hw/smartctl/Lexar_SSD_NM610_PRO_1TB_5BE535A9BEBA.txt");
	char *sm2 = strdup(s2);
	SKIP_WITHOUT_SHARED(s3, "hw/smartctl/Lexar_SSD_NM6A1_512GB_70A80069D5B6.txt");
	char *sm3 = strdup(s3);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* a Dell and an HP: two sections, no system#2 */
	int rc = run_cmd(&out, &err, "scan", "--profile", "none", dell, hp, NULL);
	assert_true(rc == EXIT_CLEAR || rc == EXIT_FINDINGS);
	assert_int_equal(count(out.buf, "== machine "), 2);
	assert_non_null(strstr(out.buf, "(Dell Inc. PowerEdge R620)"));
	assert_non_null(strstr(out.buf, "(HP ProLiant DL360p Gen8)"));
	assert_null(strstr(out.buf, "#2"));
	/* JSON: one document, a hosts array */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--format", "json", dell, hp, NULL);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	assert_string_equal(cJSON_GetObjectItem(doc, "schema")->valuestring,
			    "chipscreen-scan-hosts/1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "hosts")), 2);
	cJSON_Delete(doc);
	/* one machine: the single-host document as before */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--format", "json", dell, NULL);
	doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	assert_string_equal(cJSON_GetObjectItem(doc, "schema")->valuestring, "chipscreen-scan/1");
	cJSON_Delete(doc);
	/* three smartctl reports: three machines, unless --host says one */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", sm1, sm2, sm3, NULL);
	assert_int_equal(count(out.buf, "== machine "), 3);
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--host", "nas01", sm1, sm2, sm3,
		     NULL);
	assert_int_equal(count(out.buf, "== machine "), 0);
	assert_non_null(strstr(out.buf, "host      nas01"));
	/* --host cannot make two dumps of one tool one machine */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--host", "x", dell, hp, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "--host names one machine, but the files are 2"));
	/* sarif describes one machine */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--format", "sarif", dell, hp, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	/* import decides the same: three hosts, then one with --host */
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	rc = run_cmd(&out, &err, "import", "--db", db.buf, sm1, sm2, sm3, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_non_null(strstr(err.buf, "3 new hosts") ? err.buf : strstr(out.buf, "3 new hosts"));
	strbuf_reset(&db);
	strbuf_addf(&db, "%s/t.db", dir);
	rc = run_cmd(&out, &err, "import", "--db", db.buf, "--host", "nas01", sm1, sm2, sm3, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_non_null(strstr(err.buf, "1 new host") ? err.buf : strstr(out.buf, "1 new host"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(dell);
	free(hp);
	free(sm1);
	free(sm2);
	free(sm3);
}


/* Item 7: --acquired earlier than a part's manufacture date: warned, and the
 * manufacture date wins. */
static void test_acquired_before_made(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
			 "--acquired", "2019-01-01", "--format", "json",
			 src_path("data/examples/example-server.json"), NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_non_null(strstr(err.buf, "--acquired 2019-01-01: 2 parts were made after that day: "
					"the manufacture date wins"));
	assert_non_null(strstr(out.buf, "on or after 2024-02-12 (made 2024-W07; given 2019-01-01)"));
	/* made after the ban, so acquired after it: PROHIBITED, not NO-NEW-PURCHASE */
	cJSON *doc = cJSON_Parse(out.buf), *f;
	assert_non_null(doc);
	bool seen = false;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(doc, "findings"))
	{
		const char *comp = cJSON_GetObjectItem(f, "component")->valuestring;
		const char *rule = cJSON_GetObjectItem(f, "rule")->valuestring;
		if (!strcmp(comp, "dimm/DIMM_B1") && !strcmp(rule, "cn-cac-micron-2023")) {
			assert_string_equal(cJSON_GetObjectItem(f, "verdict")->valuestring,
					    "PROHIBITED");
			seen = true;
		}
	}
	assert_true(seen);
	cJSON_Delete(doc);
	strbuf_release(&out);
	strbuf_release(&err);
}


/* Item 3: --fail-on NOT-IDENTIFIED, and fleet names the unidentified parts. */
static void test_not_identified(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d1, "hw/dmidecode/glpi_hp-dl360-gen8.txt");
	char *hp = strdup(d1);
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	/* HP DIMMs with an HP part number: the maker is hidden; no profile, no finding */
	int rc = run_cmd(&out, &err, "scan", "--profile", "none", hp, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--fail-on", "not-identified", hp,
		     NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	/* INFO sits below NOT-IDENTIFIED: it fails too; REVIEW above it does not */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--fail-on", "INFO", hp, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--fail-on", "NOT-IDENTFIED", hp,
		     NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "REVIEW, NOT-IDENTIFIED, INFO or CLEAR"));
	strbuf_addf(&db, "%s/s.db", dir);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--host", "hp1", hp,
				 NULL),
			 EXIT_CLEAR);
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "none", NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_non_null(strstr(out.buf, "8 components are NOT-IDENTIFIED"));
	assert_non_null(strstr(out.buf, "  hp1\n    8 \xc3\x97 dimm 647650-071: maker: "));
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "none", "--fail-on",
		     "NOT-IDENTIFIED", NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "none", "--format", "csv",
		     NULL);
	assert_int_equal(count(out.buf, ",\"NOT-IDENTIFIED\","), 1);
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "none", "--format", "json",
		     NULL);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	const cJSON *parts = cJSON_GetObjectItem(doc, "not_identified_parts");
	assert_int_equal(cJSON_GetArraySize(parts), 1);
	const cJSON *p0 = cJSON_GetArrayItem(parts, 0);
	assert_string_equal(cJSON_GetObjectItem(p0, "host")->valuestring, "hp1");
	assert_int_equal(cJSON_GetObjectItem(p0, "count")->valueint, 8);
	assert_non_null(strstr(cJSON_GetObjectItem(p0, "reason")->valuestring,
			       "which hides the maker"));
	cJSON_Delete(doc);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(hp);
}


/* Item 6: an ERP export: "Mfr Part #", a PO line column, a TOTAL footer,
 * title lines and an ambiguous date; scan and import say the same. */
static void test_erp_csv(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *po = put_file(dir, "erp.csv",
			    "Purchase Order Report,,,,,,,\n"
			    "Generated 2025-03-04,,,,,,,\n"
			    "PO Number,Line,Mfr,Mfr Part #,Description,Qty,PO Date,Unit Price\n"
			    "4500012345,10,Micron,MTA36ASF8G72PZ-3G2E1,64GB DDR4 RDIMM,4,2/3/2025,"
			    "512.00\n"
			    "4500012345,20,Kingston,KSM32RD8/16HDR,16GB DDR4 RDIMM,8,2025-02-03,"
			    "80.00\n"
			    ",,,,TOTAL,12,,2688.00\n");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, db = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2025-06-01",
			 "--format", "json", po, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_non_null(strstr(err.buf, "erp.csv: header line 3: columns used: PO Number -> "
					"po_number, Line -> line, Mfr -> manufacturer, Mfr Part # -> "
					"part_number, Description -> description, Qty -> quantity, "
					"PO Date -> date; not used (kept as extras): Unit Price"));
	assert_non_null(strstr(out.buf, "\"id\":\t\"part/4500012345/10\""));
	assert_non_null(strstr(out.buf, "\"id\":\t\"part/4500012345/20\""));
	assert_non_null(strstr(out.buf, "\"components\":\t2"));
	assert_non_null(strstr(out.buf, "line 6: a total row, not a part: skipped"));
	assert_non_null(strstr(out.buf, "\"part_number\":\t{\n"));
	/* --date-order on scan reads 2/3/2025 as 2 March */
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2025-06-01",
		     "--date-order", "dmy", "--format", "json", po, NULL);
	assert_non_null(strstr(out.buf, "\"value\":\t\"2025-03-02\""));
	/* --map on scan */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--map", "model=Description",
		     "--format", "json", po, NULL);
	assert_non_null(strstr(err.buf, "Description -> model"));
	/* import prints what scan shows */
	strbuf_addf(&db, "%s/s.db", dir);
	rc = run_cmd(&out, &err, "import", "--db", db.buf, po, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_non_null(strstr(err.buf, "Mfr Part # -> part_number"));
	assert_non_null(strstr(err.buf, "warning: "));
	assert_non_null(strstr(err.buf, "lines 1-2, before the header row (line 3), skipped"));
	assert_non_null(strstr(err.buf, "date \"2/3/2025\" is ambiguous"));
	assert_non_null(strstr(err.buf, "line 6: a total row, not a part: skipped"));
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&db);
	free(po);
	test_rmtree(dir);
	free(dir);
}


/* Item 8: a what-if run (another --date) is never rescreen's baseline. */
static void test_what_if_baseline(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d1, "hw/dmidecode/glpi_dell-r620.txt");
	char *dell = strdup(d1);
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	setenv("CHIPSCREEN_TODAY", "2026-06-01", 1);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, dell, NULL), 0);
	int rc = run_cmd(&out, &err, "rescreen", "--db", db.buf, "--profile", "us-federal-agency",
			 NULL);
	assert_true(rc == EXIT_CLEAR || rc == EXIT_FINDINGS);
	assert_non_null(strstr(out.buf, "no earlier run of this profile as of today to compare with: run 1"));
	rc = run_cmd(&out, &err, "rescreen", "--db", db.buf, "--profile", "us-federal-agency",
		     "--date", "2027-12-23", NULL);
	assert_non_null(strstr(out.buf, "compared: run 1 (as of 2026-06-01"));
	assert_non_null(strstr(out.buf, "-> run 2"));
	/* the plain rescreen after it compares with run 1 again, not the what-if */
	rc = run_cmd(&out, &err, "rescreen", "--db", db.buf, "--profile", "us-federal-agency",
		     NULL);
	assert_non_null(strstr(out.buf, "compared: run 1 (as of 2026-06-01"));
	assert_null(strstr(out.buf, "2027-12-23"));
	unsetenv("CHIPSCREEN_TODAY");
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(dell);
}


/* Item 7: import --acquired DATE dates a host's parts; a part made later keeps
 * its manufacture date. */
static void test_import_acquired(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	int rc = run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--host", "srv1",
			 "--acquired", "2024-02-01", src_path("data/examples/example-server.json"),
			 NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
		     "2026-06-01", "--format", "json", NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_non_null(strstr(out.buf, "acquired 2024-02-01"));
	assert_non_null(strstr(out.buf, "on or after 2024-02-12 (made 2024-W07; given 2024-02-01)"));
	rc = run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--acquired", "someday",
		     src_path("data/examples/example-server.json"), NULL);
	assert_int_equal(rc, EXIT_ERROR);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}


/* Item 9: `hosts` lists the store's hosts; `hosts retire` takes one out of the
 * reports and keeps its history. */
static void test_hosts(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d1, "hw/dmidecode/glpi_dell-r620.txt");
	char *dell = strdup(d1);
	SKIP_WITHOUT_SHARED(d2, "hw/dmidecode/glpi_hp-dl360-gen8.txt");
	char *hp = strdup(d2);
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--site", "dc1",
				 "--tag", "prod", "--host", "web01", dell, NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--site", "dc2",
				 "--host", "db01", hp, NULL),
			 0);
	int rc = run_cmd(&out, &err, "hosts", "--db", db.buf, "--profile", "none", NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_non_null(strstr(out.buf, "HOST "));
	/* the HP's DIMMs hide their maker: not CLEAR */
	assert_non_null(strstr(out.buf, "db01 "));
	assert_non_null(strstr(out.buf, "13  NOT-IDENTIFIED\n"));
	assert_non_null(strstr(out.buf, "prod"));
	assert_non_null(strstr(out.buf, "22  CLEAR\n"));
	rc = run_cmd(&out, &err, "hosts", "retire", "--db", db.buf, "db1", NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "did you mean db01?"));
	/* --db before the verb, as other commands take it (it was "unexpected
	 * argument 'retire'") */
	rc = run_cmd(&out, &err, "hosts", "--db", db.buf, "retire", "db1", NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "did you mean db01?"));
	rc = run_cmd(&out, &err, "hosts", "retire", "--db", db.buf, "db01", NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "none", NULL);
	assert_non_null(strstr(out.buf, "1 host, 22 components"));
	rc = run_cmd(&out, &err, "hosts", "--db", db.buf, "--profile", "none", "--format", "json",
		     NULL);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	const cJSON *h0 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "hosts"), 0);
	assert_string_equal(cJSON_GetObjectItem(h0, "name")->valuestring, "db01");
	assert_true(cJSON_IsString(cJSON_GetObjectItem(h0, "retired_at")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(h0, "worst")));
	cJSON_Delete(doc);
	/* importing it again brings it back */
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--site", "dc2",
				 "--host", "db01", hp, NULL),
			 0);
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "none", NULL);
	assert_non_null(strstr(out.buf, "2 hosts, 35 components"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(dell);
	free(hp);
}

/* A machine named with --host keeps its name when its next input names it
 * only by the file it came in: a plain import of the same dmidecode dump
 * renamed "web01" to "glpi_dell-r620" (the host found by its serial); an
 * explicit --host still renames it. */
static void test_name_kept(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d1, "hw/dmidecode/glpi_dell-r620.txt");
	char *dell = strdup(d1);
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	assert_int_equal(
		run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--host", "web01", dell, NULL),
		0);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, dell, NULL), 0);
	assert_int_equal(run_cmd(&out, &err, "hosts", "--db", db.buf, "--profile", "none", NULL),
			 EXIT_CLEAR);
	assert_non_null(strstr(out.buf, "\nweb01 "));
	assert_null(strstr(out.buf, "glpi_dell-r620"));
	assert_int_equal(
		run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--host", "web02", dell, NULL),
		0);
	assert_int_equal(run_cmd(&out, &err, "hosts", "--db", db.buf, "--profile", "none", NULL),
			 EXIT_CLEAR);
	assert_non_null(strstr(out.buf, "\nweb02 "));
	assert_null(strstr(out.buf, "web01"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(dell);
}

/* A store whose every host was retired: fleet and report said "the store
 * holds no host yet (import inventories first)", wrongly, and rescreen
 * answered "nothing changed since that run ... 0 new, 0 cleared", exit 0: a
 * gate passed on a fleet of nothing judged.  Each is exit 2 saying so. */
static void test_all_retired(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, o = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	strbuf_addf(&o, "%s/r.html", dir);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--host", "srv1",
				 src_path("data/examples/example-server.json"), NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "rescreen", "--db", db.buf, "--profile",
				 "us-federal-agency", NULL),
			 EXIT_FINDINGS);
	assert_int_equal(run_cmd(&out, &err, "hosts", "retire", "--db", db.buf, "srv1", NULL),
			 EXIT_CLEAR);
	const char *why = "every host of the store is retired (1; chipscreen hosts lists them)";
	assert_int_equal(run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile",
				 "us-federal-agency", NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, why));
	assert_int_equal(run_cmd(&out, &err, "rescreen", "--db", db.buf, "--profile",
				 "us-federal-agency", NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, why));
	assert_non_null(strstr(err.buf, "nothing to screen again"));
	assert_int_equal(run_cmd(&out, &err, "report", "--db", db.buf, "--profile",
				 "us-federal-agency", "-o", o.buf, NULL),
			 EXIT_ERROR);
	assert_non_null(strstr(err.buf, why));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&o);
	test_rmtree(dir);
	free(dir);
}

/* Item 9: fleet --min-verdict and --summary, INFO collapsed. */
static void test_fleet_reader(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d2, "hw/dmidecode/glpi_hp-dl360-gen8.txt");
	char *hp = strdup(d2);
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--host", "srv1",
				 "--site", "Leeds", src_path("data/examples/example-server.json"),
				 NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--host", "hp1",
				 "--site", "Paris", hp, NULL),
			 0);
	int rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
			 "2026-06-01", "--summary", NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_non_null(strstr(out.buf, "cn-cac-micron-2023             PROHIBITED            2"));
	assert_non_null(strstr(out.buf, "12 more rules name makers in this fleet but bind nobody "
					"here"));
	assert_non_null(strstr(out.buf, "\nLeeds                                    PROHIBITED            1"));
	assert_non_null(strstr(out.buf, "\nParis                                    REVIEW                1"));
	assert_non_null(strstr(out.buf, "Micron Technology, Inc.                  PROHIBITED"));
	assert_null(strstr(out.buf, "FINDINGS BY HOST"));
	assert_null(strstr(out.buf, "us-bis-el-ymtc-2022"));
	/* --min-verdict: only what is at or above it is shown; the gate sees all */
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
		     "2026-06-01", "--min-verdict", "prohibited", NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_null(strstr(out.buf, "  REVIEW "));
	assert_null(strstr(out.buf, "  INFO "));
	assert_non_null(strstr(out.buf, "  PROHIBITED      cn-cac-micron-2023"));
	/* INFO findings are one line each in the full table */
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
		     "2026-06-01", NULL);
	const char *info = strstr(out.buf, "  INFO            us-bis-el-ymtc-2022");
	assert_non_null(info);
	const char *nl = strchr(info, '\n');
	assert_true(nl && strncmp(nl + 1, "      ", 6) != 0);
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--summary", "--format", "json", NULL);
	assert_int_equal(rc, EXIT_ERROR);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(hp);
}


/* Item 7: a replayed capture reports the capture's own time, and that date
 * bounds every part's acquisition. */
static void test_replay_time(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf cap = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, m = STRBUF_INIT;
	strbuf_addf(&cap, "%s/cap", dir);
	int rc = run_cmd(&out, &err, "capture", "--root", src_path("examples/server"), "-o",
			 cap.buf, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	/* the manifest as a capture made on 2023-01-10 writes it */
	strbuf_addf(&m, "%s/chipscreen-capture.txt", cap.buf);
	struct strbuf text = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(read_file(m.buf, 1 << 16, &text, &e), 0);
	const char *at = strstr(text.buf, "captured_at: ");
	assert_non_null(at);
	const char *nl = strchr(at, '\n');
	struct strbuf fixed = STRBUF_INIT;
	strbuf_add(&fixed, text.buf, (size_t)(at - text.buf));
	strbuf_addstr(&fixed, "captured_at: 2023-01-10T10:00:00Z");
	strbuf_addstr(&fixed, nl);
	test_write_str(cap.buf, "chipscreen-capture.txt", fixed.buf);
	rc = run_cmd(&out, &err, "scan", "--root", cap.buf, "--profile", "cn-cii", "--date",
		     "2026-06-01", "--format", "json", NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_non_null(strstr(out.buf, "\"collected_at\":\t\"2023-01-10T10:00:00Z\""));
	/* the Micron DIMMs (made 2019) were there before the CAC ban of 2023-05-21 */
	assert_non_null(strstr(out.buf, "before 2023-05-21 (already in the inventory collected "
					"2023-01-10T10:00:00Z"));
	assert_null(strstr(out.buf, "PROHIBITED if acquired on or after 2023-05-21"));
	strbuf_release(&cap);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&m);
	strbuf_release(&text);
	strbuf_release(&e);
	strbuf_release(&fixed);
	test_rmtree(dir);
	free(dir);
}


/* Item 7: an asset register (host name, serial or asset tag -> purchase date)
 * dates each host's parts. */
static void test_asset_register(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(d1, "hw/dmidecode/glpi_dell-r620.txt");
	char *dell = strdup(d1);
	char *dir = test_tmpdir();
	char *reg = put_file(dir, "register.csv",
			     "Asset Tag,Hostname,Serial Number,Purchase Date,Cost Center\n"
			     "A-1001,web01,3FHW8Z1,2022-04-01,IT\n"
			     "A-1002,ghost,NOPE123,2021-01-01,IT\n");
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	int rc = run_cmd(&out, &err, "import", "--db", db.buf, "--register", reg, dell, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	/* matched by the SMBIOS serial 3FHW8Z1; the other row is said */
	assert_non_null(strstr(err.buf, "register.csv:3: names no host imported here"));
	assert_null(strstr(err.buf, "register.csv:2: names"));
	/* by host name: the example inventory (db1): its Micron parts get the register's date,
	 * before the CAC ban (NO-NEW-PURCHASE, acquisition known) */
	char *reg2 = put_file(dir, "register2.csv",
			      "Hostname,Purchase Date\ndb1,2022-04-01\n");
	rc = run_cmd(&out, &err, "import", "-q", "--db", db.buf, "--register", reg2,
		     src_path("data/examples/example-server.json"), NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	rc = run_cmd(&out, &err, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
		     "2026-06-01", "--format", "json", NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_non_null(strstr(out.buf, "acquired 2022-04-01"));
	assert_null(strstr(out.buf, "acquisition date unknown"));
	free(reg2);
	/* a register with no host or date column is refused */
	char *bad = put_file(dir, "bad.csv", "Cost Center,Owner\nIT,Bob\n");
	rc = run_cmd(&out, &err, "import", "--db", db.buf, "--register", bad, dell, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	free(reg);
	free(bad);
	test_rmtree(dir);
	free(dir);
	free(dell);
}


/* Item 4: two dumps that claim one machine (one UUID) but disagree on its
 * serial: scan and import both say so. */
static void test_claims_disagree(void **state)
{
	(void)state;
	static const char dmi[] = "# dmidecode 3.4\n"
				  "SMBIOS 3.2.0 present.\n\n"
				  "Handle 0x0001, DMI type 1, 27 bytes\n"
				  "System Information\n"
				  "\tManufacturer: Dell Inc.\n"
				  "\tProduct Name: PowerEdge R640\n"
				  "\tSerial Number: %s\n"
				  "\tUUID: 4C4C4544-0048-3210-804B-B7C04F585932\n\n";
	char *dir = test_tmpdir(), text[512];
	snprintf(text, sizeof text, dmi, "7H2KXY2");
	char *a = put_file(dir, "a.txt", text);
	snprintf(text, sizeof text, dmi, "9ZZZZZ9");
	char *b = put_file(dir, "b.txt", text);
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "none", a, b, NULL);
	assert_true(rc == EXIT_CLEAR || rc == EXIT_FINDINGS);
	assert_non_null(strstr(err.buf, "a.txt and "));
	assert_non_null(strstr(err.buf, "b.txt claim one machine (SMBIOS UUID "
					"4C4C4544-0048-3210-804B-B7C04F585932) but disagree on its "
					"serial number (7H2KXY2, 9ZZZZZ9)"));
	strbuf_addf(&db, "%s/s.db", dir);
	rc = run_cmd(&out, &err, "import", "--db", db.buf, a, b, NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_non_null(strstr(err.buf, "but disagree on its serial number (7H2KXY2, 9ZZZZZ9)"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	free(a);
	free(b);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_po_ssd_dimm_5949),
		cmocka_unit_test(test_cii_unknown_dram),
		cmocka_unit_test(test_store_typo),
		cmocka_unit_test(test_filter_typo),
		cmocka_unit_test(test_profile_format_case),
		cmocka_unit_test(test_machines),
		cmocka_unit_test(test_acquired_before_made),
		cmocka_unit_test(test_not_identified),
		cmocka_unit_test(test_erp_csv),
		cmocka_unit_test(test_what_if_baseline),
		cmocka_unit_test(test_import_acquired),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_all_retired),
		cmocka_unit_test(test_name_kept),
		cmocka_unit_test(test_fleet_reader),
		cmocka_unit_test(test_replay_time),
		cmocka_unit_test(test_asset_register),
		cmocka_unit_test(test_claims_disagree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
