/*
 * test_cmd_leftovers.c — the rest of issue 12 through the commands a user
 * runs: scan --min-verdict (item 9, as fleet has it), a purchase record's
 * serial number dating the collected component with that serial, and the
 * fleet's first-seen date of a part bounding its acquisition (item 7).
 *
 * The inventories are written here in the chipscreen-inventory/1 form that
 * `chipscreen collect` writes (doc/inventory-schema.md); the part numbers
 * and JEP106 codes are real (Micron 0x802C, Kingston 0x0198).
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

/* scan --min-verdict: only findings at or above it are listed, in every
 * listing format; the summary and the exit status still count them all. */
static void test_scan_min_verdict(void **state)
{
	(void)state;
	const char *inv = src_path("data/examples/example-server.json");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
			 "--min-verdict", "review", inv, NULL);
	if (rc != EXIT_FINDINGS)
		fail_msg("exit %d, want 1:\n%s%s", rc, out.buf, err.buf);
	assert_non_null(strstr(out.buf, "\nPROHIBITED (1)\n"));
	assert_non_null(strstr(out.buf, "\nREVIEW (1)\n"));
	assert_null(strstr(out.buf, "INFO ("));
	assert_non_null(strstr(out.buf, "Summary: 1 PROHIBITED, 0 REMOVE-BY, 0 NO-NEW-PURCHASE, "
					"0 LICENSE, 1 REVIEW, 12 INFO"));
	assert_non_null(strstr(out.buf, "4 components: 4 with findings, 0 CLEAR"));
	/* nothing at or above it: said, not "No findings" */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--min-verdict", "PROHIBITED", inv,
		     NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_non_null(strstr(out.buf, "No findings shown: 14 below --min-verdict (counted in "
					"the summary)."));
	assert_null(strstr(out.buf, "No findings."));
	/* JSON: the findings listed, the summary whole, the statuses as found */
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
		     "--min-verdict", "PROHIBITED", "--format", "json", inv, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "findings")), 1);
	const cJSON *sum = cJSON_GetObjectItem(doc, "summary");
	assert_int_equal(cJSON_GetObjectItem(sum, "findings")->valueint, 14);
	assert_int_equal(
		cJSON_GetObjectItem(cJSON_GetObjectItem(sum, "verdicts"), "INFO")->valueint, 12);
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "components"))
	{
		if (!strcmp(cJSON_GetObjectItem(c, "id")->valuestring, "nvme/nvme0"))
			assert_string_equal(cJSON_GetObjectItem(c, "status")->valuestring, "INFO");
	}
	cJSON_Delete(doc);
	/* CSV: the rows at or above it; a part whose findings are hidden is not
	 * a CLEAR row */
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
		     "--min-verdict", "REVIEW", "--format", "csv", inv, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_int_equal(count(out.buf, "\r\n"), 3);
	assert_int_equal(count(out.buf, "\"cn-cac-micron-2023\""), 2);
	assert_null(strstr(out.buf, "\"CLEAR\""));
	/* the gate still sees what is hidden */
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
		     "--min-verdict", "PROHIBITED", "--fail-on", "REVIEW", "--format", "csv", inv,
		     NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	/* a typo names the option it came with; a whole-record format refuses */
	rc = run_cmd(&out, &err, "scan", "--min-verdict", "REVEIW", inv, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "--min-verdict REVEIW: expected PROHIBITED"));
	rc = run_cmd(&out, &err, "scan", "--min-verdict", "REVIEW", "--format", "sarif", inv,
		     NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "--min-verdict trims table, json and csv output"));
	/* fleet's own message names its option too (one parser) */
	rc = run_cmd(&out, &err, "fleet", "--db", "/nonexistent/x.db", "--min-verdict", "bad",
		     NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "--min-verdict bad: expected"));
	strbuf_release(&out);
	strbuf_release(&err);
}

/* A collect document of one host: Micron RDIMMs (JEP106 bank 1 0x2C, part
 * MTA18ASF2G72PZ-3G2R1, made 2021-W10), each in slot slots[i] with serial
 * serials[i] (NULL: none), as `chipscreen collect` writes them from SPD. */
static char *dimm_host(const char *dir, const char *file, const char *host, const char *collected,
		       const char *const *slots, const char *const *serials, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb,
		    "{\"schema\":\"chipscreen-inventory/1\",\n"
		    " \"host\":{\"hostname\":\"%s\",\"collected_at\":\"%s\","
		    "\"collector\":\"chipscreen collect 0.1.0\",\"root_privileges\":true},\n"
		    " \"unreadable\":[],\"warnings\":[],\n \"components\":[",
		    host, collected);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&sb,
			    "%s\n  {\"id\":\"dimm/%s\",\"kind\":\"dimm\",\"source\":\"spd/0-005%zu\","
			    "\"raw\":{\"jedec_module\":{\"value\":\"802c\",\"source\":\"spd/0-005%zu#320\"},"
			    "\"jedec_dram\":{\"value\":\"802c\",\"source\":\"spd/0-005%zu#350\"}},"
			    "\"decoded\":{\"part_number\":{\"value\":\"MTA18ASF2G72PZ-3G2R1\","
			    "\"source\":\"spd/0-005%zu#329\"},",
			    i ? "," : "", slots[i], i, i, i, i);
		if (serials[i])
			strbuf_addf(&sb, "\"serial\":{\"value\":\"%s\",\"source\":\"spd/0-005%zu#325\"},",
				    serials[i], i);
		strbuf_addf(&sb,
			    "\"manufacture_date\":{\"value\":\"2021-W10\",\"source\":\"spd/0-005%zu#323\"}}}",
			    i);
	}
	strbuf_addstr(&sb, "]}\n");
	char *p = put_file(dir, file, sb.buf);
	strbuf_release(&sb);
	return p;
}

/* The purchase order of two of those modules, by serial: one bought after the
 * CAC conclusion of 2023-05-21, one dated before it was made. */
static const char po_text[] = "Manufacturer,Part Number,Serial Number,Quantity,Purchase Date\n"
			      "Micron,MTA18ASF2G72PZ-3G2R1,2a3b4c5d,1,2023-06-01\n"
			      "Micron,MTA18ASF2G72PZ-3G2R1,2A3B4C6E,1,2020-01-15\n";

/* The finding of rule on component comp of host (NULL: any host) in a scan or
 * fleet JSON document's findings array, or NULL. */
static const cJSON *finding(const cJSON *findings, const char *host, const char *comp,
			    const char *rule)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, findings)
	{
		const cJSON *h = cJSON_GetObjectItem(f, "host");
		const cJSON *c = cJSON_GetObjectItem(f, "component");
		const cJSON *cs = cJSON_GetObjectItem(f, "components"), *x;
		bool comp_ok = c && cJSON_IsString(c) && !strcmp(c->valuestring, comp);
		cJSON_ArrayForEach(x, cs)
		{
			comp_ok |= cJSON_IsString(x) && !strcmp(x->valuestring, comp);
		}
		if ((!host || (h && cJSON_IsString(h) && !strcmp(h->valuestring, host))) &&
		    comp_ok && !strcmp(cJSON_GetObjectItem(f, "rule")->valuestring, rule))
			return f;
	}
	return NULL;
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	return v && cJSON_IsString(v) ? v->valuestring : "";
}

/* Item 7: a PO line's serial dates the collected component with that serial,
 * when both are scanned together. */
static void test_po_serial_scan(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	static const char *const slots[] = {"DIMM_A1", "DIMM_B1"};
	static const char *const serials[] = {"2A3B4C5D", "2A3B4C6E"};
	char *inv = dimm_host(dir, "db2.json", "db2", "2026-01-10T10:00:00Z", slots, serials, 2);
	char *po = put_file(dir, "po.csv", po_text);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
			 "--format", "json", inv, po, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	const cJSON *h0 = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "hosts"), 0);
	const cJSON *fs = cJSON_GetObjectItem(h0, "findings");
	const cJSON *a1 = finding(fs, NULL, "dimm/DIMM_A1", "cn-cac-micron-2023");
	assert_non_null(a1);
	/* bought 2023-06-01, after the CAC conclusion: PROHIBITED, the line cited */
	assert_string_equal(str_of(a1, "verdict"), "PROHIBITED");
	assert_non_null(strstr(str_of(a1, "acquired"), "2023-06-01 (purchase record: "));
	assert_non_null(strstr(str_of(a1, "acquired"), "po.csv:2, serial 2a3b4c5d)"));
	/* dated before it was made: the manufacture date wins, and stderr says so */
	const cJSON *b1 = finding(fs, NULL, "dimm/DIMM_B1", "cn-cac-micron-2023");
	assert_non_null(b1);
	assert_string_equal(str_of(b1, "verdict"), "NO-NEW-PURCHASE");
	assert_string_equal(str_of(b1, "acquired"),
			    "on or after 2021-03-08 (made 2021-W10; given 2020-01-15)");
	assert_non_null(strstr(err.buf, "po.csv:3: dimm/DIMM_B1 (serial 2A3B4C6E) was bought "
					"2020-01-15 but made 2021-03-08: the manufacture date wins"));
	cJSON_Delete(doc);
	strbuf_release(&out);
	strbuf_release(&err);
	free(inv);
	free(po);
	test_rmtree(dir);
	free(dir);
}

/* The fleet's findings as JSON, parsed. */
static cJSON *fleet_json(const char *db, const char *date)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "fleet", "--db", db, "--profile", "cn-cii", "--date", date,
			 "--format", "json", NULL);
	if (rc != EXIT_FINDINGS && rc != EXIT_CLEAR)
		fail_msg("fleet: exit %d\n%s", rc, err.buf);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	strbuf_release(&out);
	strbuf_release(&err);
	return doc;
}

/* Item 7: in the store, a PO line's serial dates the component with that
 * serial, whichever of the two is imported first. */
static void test_po_serial_store(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	static const char *const slots[] = {"DIMM_A1", "DIMM_B1"};
	static const char *const serials[] = {"2A3B4C5D", "2A3B4C6E"};
	char *inv = dimm_host(dir, "db2.json", "db2", "2026-01-10T10:00:00Z", slots, serials, 2);
	char *po = put_file(dir, "po.csv", po_text);
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	for (int order = 0; order < 2; order++) {
		strbuf_reset(&db);
		strbuf_addf(&db, "%s/s%d.db", dir, order);
		const char *first = order ? inv : po, *second = order ? po : inv;
		assert_int_equal(run_cmd(&out, &err, "import", "--db", db.buf, first, NULL), 0);
		assert_int_equal(run_cmd(&out, &err, "import", "--db", db.buf, second, NULL), 0);
		assert_non_null(strstr(err.buf, "po.csv:3: dimm/DIMM_B1 (serial 2A3B4C6E) was "
						"bought 2020-01-15 but made 2021-03-08: the "
						"manufacture date wins"));
		cJSON *doc = fleet_json(db.buf, "2026-06-01");
		const cJSON *fs = cJSON_GetObjectItem(doc, "findings");
		const cJSON *a1 = finding(fs, "db2", "dimm/DIMM_A1", "cn-cac-micron-2023");
		if (!a1)
			fail_msg("order %d: no finding for DIMM_A1", order);
		assert_string_equal(str_of(a1, "verdict"), "PROHIBITED");
		assert_non_null(strstr(str_of(a1, "acquired"), "2023-06-01 (purchase record: "));
		assert_non_null(strstr(str_of(a1, "acquired"), "po.csv:2, serial 2a3b4c5d)"));
		const cJSON *b1 = finding(fs, "db2", "dimm/DIMM_B1", "cn-cac-micron-2023");
		assert_non_null(b1);
		assert_string_equal(str_of(b1, "verdict"), "NO-NEW-PURCHASE");
		cJSON_Delete(doc);
	}
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	free(inv);
	free(po);
	test_rmtree(dir);
	free(dir);
}

/* Item 7: the fleet's first sight of a part bounds its acquisition: by
 * serial (in another slot too), else by slot and part, in the host's
 * history. */
static void test_first_seen(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	static const char *const slots[] = {"DIMM_A1", "DIMM_C1"};
	static const char *const serials[] = {"2A3B4C5D", NULL};
	char *early = dimm_host(dir, "db3-2023.json", "db3", "2023-01-10T10:00:00Z", slots,
				serials, 2);
	/* collected again in 2026: the serial-numbered module moved to DIMM_B1,
	 * the other one where it was, and a new one in DIMM_D1 */
	static const char *const slots2[] = {"DIMM_B1", "DIMM_C1", "DIMM_D1"};
	static const char *const serials2[] = {"2A3B4C5D", NULL, NULL};
	char *late = dimm_host(dir, "db3-2026.json", "db3", "2026-01-10T10:00:00Z", slots2,
			       serials2, 3);
	/* the module on another host: the store keeps no fleet-wide serial
	 * index (doc/fleet.md, "First seen"), so it starts again there */
	static const char *const slots3[] = {"DIMM_A1"};
	char *moved =
		dimm_host(dir, "db4.json", "db4", "2026-02-01T10:00:00Z", slots3, serials, 1);
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, early, NULL), 0);
	/* one snapshot of 2023: the fleet knows the parts were there before 2023-05-21 */
	cJSON *doc = fleet_json(db.buf, "2026-06-01");
	const cJSON *fs = cJSON_GetObjectItem(doc, "findings");
	const cJSON *a1 = finding(fs, "db3", "dimm/DIMM_A1", "cn-cac-micron-2023");
	assert_non_null(a1);
	assert_string_equal(str_of(a1, "verdict"), "NO-NEW-PURCHASE");
	assert_string_equal(str_of(a1, "acquired"),
			    "on or before 2023-01-10 (first seen in the fleet's snapshot of "
			    "2023-01-10)");
	assert_null(strstr(str_of(a1, "reason"), "acquisition date unknown"));
	cJSON_Delete(doc);
	/* the 2026 collection: the modules seen in 2023 keep that bound; the new
	 * one was first seen in 2026, after the ban: acquisition unknown */
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, late, moved, NULL),
			 0);
	doc = fleet_json(db.buf, "2026-06-01");
	fs = cJSON_GetObjectItem(doc, "findings");
	const cJSON *b1 = finding(fs, "db3", "dimm/DIMM_B1", "cn-cac-micron-2023");
	assert_non_null(b1);
	assert_non_null(strstr(str_of(b1, "acquired"), "on or before 2023-01-10"));
	const cJSON *c1 = finding(fs, "db3", "dimm/DIMM_C1", "cn-cac-micron-2023");
	assert_non_null(c1);
	assert_non_null(strstr(str_of(c1, "acquired"), "on or before 2023-01-10"));
	const cJSON *d1 = finding(fs, "db3", "dimm/DIMM_D1", "cn-cac-micron-2023");
	assert_non_null(d1);
	assert_string_equal(str_of(d1, "acquired"), "unknown");
	assert_non_null(strstr(str_of(d1, "reason"), "acquisition date unknown"));
	const cJSON *moved_a1 = finding(fs, "db4", "dimm/DIMM_A1", "cn-cac-micron-2023");
	assert_non_null(moved_a1);
	assert_string_equal(str_of(moved_a1, "acquired"), "unknown");
	cJSON_Delete(doc);
	/* importing the 2026 collection again changes nothing */
	assert_int_equal(run_cmd(&out, &err, "import", "--db", db.buf, late, NULL), 0);
	assert_non_null(strstr(err.buf, "0 new hosts, 0 changed, 1 unchanged"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	free(early);
	free(late);
	free(moved);
	test_rmtree(dir);
	free(dir);
}

/* Item 7, first bullet: a replayed capture reports the capture's own time and
 * privileges, and the fleet takes that day as the parts' first sight. */
static void test_replay_capture(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf cap = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, m = STRBUF_INIT;
	strbuf_addf(&cap, "%s/cap", dir);
	assert_int_equal(run_cmd(&out, &err, "capture", "--root", src_path("examples/server"),
				 "-o", cap.buf, NULL),
			 EXIT_CLEAR);
	/* the manifest as a capture made on 2023-01-10 by a user without root writes it */
	strbuf_addf(&m, "%s/chipscreen-capture.txt", cap.buf);
	struct strbuf text = STRBUF_INIT, e = STRBUF_INIT, fixed = STRBUF_INIT;
	assert_int_equal(read_file(m.buf, 1 << 16, &text, &e), 0);
	for (const char *p = text.buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (!strncmp(p, "captured_at: ", 13))
			strbuf_addstr(&fixed, "captured_at: 2023-01-10T10:00:00Z\n");
		else if (!strncmp(p, "captured_as_root: ", 18))
			strbuf_addstr(&fixed, "captured_as_root: no\n");
		else
			strbuf_add(&fixed, p, len);
		p += len;
	}
	test_write_str(cap.buf, "chipscreen-capture.txt", fixed.buf);
	assert_int_equal(run_cmd(&out, &err, "collect", "--root", cap.buf, NULL), EXIT_CLEAR);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	const cJSON *host = cJSON_GetObjectItem(doc, "host");
	assert_string_equal(str_of(host, "collected_at"), "2023-01-10T10:00:00Z");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(host, "root_privileges")));
	cJSON_Delete(doc);
	char *inv = put_file(dir, "replayed.json", out.buf);
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/s.db", dir);
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", db.buf, inv, NULL), 0);
	doc = fleet_json(db.buf, "2026-06-01");
	const cJSON *f = finding(cJSON_GetObjectItem(doc, "findings"), NULL, "dimm/CPU1_DIMM_A1",
				 "cn-cac-micron-2023");
	assert_non_null(f);
	assert_string_equal(str_of(f, "verdict"), "NO-NEW-PURCHASE");
	assert_non_null(strstr(str_of(f, "acquired"), "on or before 2023-01-10"));
	cJSON_Delete(doc);
	strbuf_release(&cap);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&m);
	strbuf_release(&text);
	strbuf_release(&e);
	strbuf_release(&fixed);
	strbuf_release(&db);
	free(inv);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_min_verdict),
		cmocka_unit_test(test_po_serial_scan),
		cmocka_unit_test(test_po_serial_store),
		cmocka_unit_test(test_first_seen),
		cmocka_unit_test(test_replay_capture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
