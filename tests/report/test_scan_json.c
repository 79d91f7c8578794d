/*
 * test_scan_json.c — `scan --format json`: the document validates against
 * doc/scan.schema.json, and every finding carries the values the judge set,
 * in order of severity, with the evidence of the attribution it matched.
 */
#include "testutil.h"

#include "fixture.h"
#include "render.h"
#include "report/report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsString(v))
		fail_msg("\"%s\" is not a string", key);
	return v->valuestring;
}

static bool is_null(const cJSON *o, const char *key)
{
	return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, key));
}

static int num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsNumber(v))
		fail_msg("\"%s\" is not a number", key);
	return v->valueint;
}

static const cJSON *get(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v)
		fail_msg("no \"%s\"", key);
	return v;
}

/* The finding of the document for component id and rule. */
static const cJSON *finding(const cJSON *doc, const char *comp, const char *rule)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, get(doc, "findings")) if (!strcmp(str(f, "component"), comp) &&
							!strcmp(str(f, "rule"), rule)) return f;
	fail_msg("no finding for %s under %s", comp, rule);
	return NULL;
}

static void test_profile_document(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	char *text = render(r, "json");
	validate_json("doc/scan.schema.json", text);
	cJSON *doc = cJSON_Parse(text);
	assert_non_null(doc);
	assert_string_equal(str(doc, "schema"), "chipscreen-scan/1");
	assert_string_equal(str(get(doc, "tool"), "name"), "chipscreen");
	const cJSON *host = get(doc, "host");
	assert_string_equal(str(host, "hostname"), "db1");
	assert_string_equal(str(host, "product"), "PowerEdge R650");
	assert_true(cJSON_IsFalse(get(host, "root_privileges")));
	assert_string_equal(str(doc, "profile"), "us-federal-contractor+cn-cii");
	assert_true(cJSON_IsFalse(get(doc, "exposure_view")));
	assert_string_equal(str(doc, "date"), "2025-03-01");
	assert_string_equal(str(doc, "ruleset_version"), "2025.1");

	const cJSON *sum = get(doc, "summary");
	assert_int_equal(num(sum, "components"), 10);
	assert_int_equal(num(sum, "findings"), 6);
	assert_string_equal(str(sum, "worst"), "PROHIBITED");
	assert_int_equal(num(sum, "with_findings"), 6);
	assert_int_equal(num(sum, "not_identified"), 3);
	const cJSON *v = get(sum, "verdicts");
	static const char *const names[] = {
		"PROHIBITED", "REMOVE-BY", "NO-NEW-PURCHASE", "LICENSE", "REVIEW", "INFO", "CLEAR"};
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(num(v, names[i]), 1);

	/* most severe first */
	const cJSON *fs = get(doc, "findings");
	assert_int_equal(cJSON_GetArraySize(fs), 6);
	for (int i = 0; i < 6; i++)
		assert_string_equal(str(cJSON_GetArrayItem(fs, i), "verdict"), names[i]);

	/* the chip-maker finding: Micron DRAM on a Kingston module */
	const cJSON *f = finding(doc, "dimm/DIMM_A1", "cn-cac-micron-2023");
	assert_string_equal(str(f, "verdict"), "NO-NEW-PURCHASE");
	assert_true(cJSON_IsTrue(get(f, "binding")));
	assert_string_equal(str(f, "via"), "chip_maker");
	assert_string_equal(str(f, "org"), "micron");
	assert_string_equal(str(f, "citation"),
			    "美光公司在华销售的产品未通过网络安全审查 (CAC, 2023-05-21)");
	assert_true(is_null(f, "url"));
	assert_string_equal(str(f, "effective"), "2023-05-21");
	assert_true(is_null(f, "deadline"));
	assert_string_equal(str(f, "acquired"), "unknown: no purchase record or acquired date");
	assert_non_null(strstr(str(f, "reach"), "does not say whether Micron chips inside"));
	assert_string_equal(str(f, "rule_confidence"), "unverified");
	const cJSON *ev = get(f, "evidence");
	assert_int_equal(cJSON_GetArraySize(ev), 1); /* the DRAM evidence, not the module's */
	assert_string_equal(str(cJSON_GetArrayItem(ev, 0), "field"), "jedec_dram");
	assert_string_equal(str(cJSON_GetArrayItem(ev, 0), "raw"), "802C");
	assert_string_equal(str(cJSON_GetArrayItem(ev, 0), "rule"), "JEP106 bank 1 0x2C");
	assert_string_equal(str(cJSON_GetArrayItem(ev, 0), "confidence"), "certain");

	f = finding(doc, "nvme/nvme0", "us-ndaa-5949");
	assert_string_equal(str(f, "verdict"), "REMOVE-BY");
	assert_string_equal(str(f, "deadline"), "2027-12-23");
	assert_string_equal(str(f, "deadline_requires"),
			    "no covered YMTC semiconductors in systems sold to US agencies");
	assert_string_equal(str(f, "relation"), "ZhiTai is a brand of YMTC");
	assert_string_equal(str(f, "reason"), "YMTC NAND in a drive of a system delivered to a US "
					      "agency.\nContractor representations apply.");
	assert_string_equal(str(f, "via"), "maker");

	f = finding(doc, "dimm/DIMM_B1", "cn-cac-micron-2023");
	assert_string_equal(str(f, "verdict"), "INFO");
	assert_true(cJSON_IsFalse(get(f, "binding")));

	/* a byte that is not UTF-8 is escaped, never passed on */
	f = finding(doc, "part/PO-7#2", "us-ndaa-889");
	assert_string_equal(str(f, "reason"), "-1+1 only a supplier name suggests Dahua "
					      "(weak, \\xff byte): confirm the maker.");

	/* components: as in the inventory, with a status */
	const cJSON *comps = get(doc, "components");
	assert_int_equal(cJSON_GetArraySize(comps), 10);
	static const char *const status[] = {
		"NO-NEW-PURCHASE", "INFO",   "NOT-IDENTIFIED", "REMOVE-BY",      "LICENSE",
		"PROHIBITED",      "REVIEW", "CLEAR",          "NOT-IDENTIFIED", "NOT-IDENTIFIED"};
	for (int i = 0; i < 10; i++)
		assert_string_equal(str(cJSON_GetArrayItem(comps, i), "status"), status[i]);
	const cJSON *c2 = cJSON_GetArrayItem(comps, 2);
	assert_string_equal(str(c2, "not_identified_reason"),
			    "DRAM maker unknown: SPD not readable: run as root");
	const cJSON *c3 = cJSON_GetArrayItem(comps, 3);
	assert_string_equal(str(get(get(c3, "decoded"), "model"), "value"), "致态 TiPlus7100 1TB");
	assert_string_equal(str(get(get(c3, "attribution"), "maker"), "id"), "ymtc");

	const cJSON *un = get(doc, "unreadable");
	assert_int_equal(cJSON_GetArraySize(un), 1);
	assert_string_equal(str(cJSON_GetArrayItem(un, 0), "reason"),
			    "permission denied: run as root");
	const cJSON *w = get(doc, "warnings");
	assert_string_equal(str(cJSON_GetArrayItem(w, 0), "message"), "type 17 record 3 truncated");
	cJSON_Delete(doc);
	free(text);
	fixture_free(r);
}

static void test_exposure_document(void **state)
{
	(void)state;
	struct scan_result *r = exposure_fixture();
	char *text = render(r, "json");
	validate_json("doc/scan.schema.json", text);
	cJSON *doc = cJSON_Parse(text);
	assert_true(is_null(doc, "profile"));
	assert_true(cJSON_IsTrue(get(doc, "exposure_view")));
	const cJSON *f;
	cJSON_ArrayForEach(f, get(doc, "findings"))
	{
		assert_string_equal(str(f, "verdict"), "INFO");
		assert_true(cJSON_IsFalse(get(f, "binding")));
	}
	assert_string_equal(str(get(doc, "summary"), "worst"), "INFO");
	cJSON_Delete(doc);
	free(text);
	fixture_free(r);
}

/* The schema is a real check: documents that break it are rejected. */
static void test_schema_rejects(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	char *text = render(r, "json");
	cJSON *doc = cJSON_Parse(text);
	cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "findings"), 0);
	cJSON_ReplaceItemInObject(f, "verdict", cJSON_CreateString("BANNED"));
	char *bad = cJSON_Print(doc);
	const char *py = python_with_jsonschema();
	assert_non_null(py);
	char *dir = test_tmpdir();
	test_write_str(dir, "bad.json", bad);
	struct strbuf cmd = STRBUF_INIT;
	strbuf_addf(&cmd, "%s '%s' '%s' '%s/bad.json' 2>/dev/null", py,
		    src_path("tests/schemas/validate.py"),
		    CHIPSCREEN_SRCDIR "/doc/scan.schema.json", dir);
	int st = system(cmd.buf);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	strbuf_release(&cmd);
	test_rmtree(dir);
	free(dir);
	cJSON_free(bad);
	cJSON_Delete(doc);
	free(text);
	fixture_free(r);
}

/*
 * A judge that leaves fields empty, a finding about no component and one whose
 * matched attribution is unknown: every format still renders, valid, and says
 * what is missing instead of crashing or inventing it.
 */
static void test_sparse_everywhere(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_DIMM, "dimm/X", NULL);
	c->attr = arena_calloc(inv->arena, 1, sizeof *c->attr);
	c->attr->has_chip = true;
	c->attr->maker.org = "kingston";
	struct scan_result r = {.inv = inv};
	struct finding *f = ARENA_PUSH(inv->arena, r.findings, r.nfindings, r.capfindings);
	f->verdict = V_REVIEW; /* no component, no rule, no text */
	f = ARENA_PUSH(inv->arena, r.findings, r.nfindings, r.capfindings);
	f->comp = c;
	f->verdict = V_REVIEW;
	f->rule_id = "r1";
	f->via = "chip_maker"; /* whose chip maker is unknown */

	report_set_width(80);
	report_set_color(REPORT_COLOR_NEVER);
	char *table = render(&r, "table");
	assert_non_null(strstr(table, "host      (host name unknown)\n"
				      "profile   exposure view (no profile)"));
	assert_non_null(strstr(table, "date      (none)\nrules     (version unknown)\n"));
	assert_non_null(strstr(table, "  (host)"));
	assert_non_null(strstr(table, "      why       (no reason given)\n"
				      "      evidence  (none recorded)\n"));
	assert_non_null(strstr(table, "      why       DRAM maker unknown: no reason given\n"));
	free(table);

	char *json = render(&r, "json");
	validate_json("doc/scan.schema.json", json);
	cJSON *doc = cJSON_Parse(json);
	assert_true(is_null(doc, "date"));
	const cJSON *f0 = cJSON_GetArrayItem(get(doc, "findings"), 0);
	assert_true(is_null(f0, "component"));
	assert_true(is_null(f0, "rule"));
	assert_true(is_null(f0, "reason"));
	assert_int_equal(cJSON_GetArraySize(get(f0, "evidence")), 0);
	cJSON_Delete(doc);
	free(json);

	char *bom = render(&r, "cyclonedx");
	validate_json("tests/schemas/cyclonedx/bom-1.5.SNAPSHOT.schema.json", bom);
	assert_non_null(strstr(bom, "\"chipscreen:verdict:?\""));
	free(bom);
	char *sarif = render(&r, "sarif");
	validate_json("tests/schemas/sarif/sarif-schema-2.1.0.json", sarif);
	free(sarif);
	char *csv = render(&r, "csv");
	size_t lines = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
		lines++;
	assert_int_equal(lines, 3);
	free(csv);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_document),
		cmocka_unit_test(test_exposure_document),
		cmocka_unit_test(test_schema_rejects),
		cmocka_unit_test(test_sparse_everywhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
