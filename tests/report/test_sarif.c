/*
 * test_sarif.c — `scan --format sarif`: valid against the SARIF 2.1.0 schema
 * (tests/schemas/sarif), with the levels, rules, locations and properties a
 * CI dashboard reads.
 */
#include "testutil.h"

#include "fixture.h"
#include "render.h"
#include "report/report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "tests/schemas/sarif/sarif-schema-2.1.0.json"

static const cJSON *get(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v)
		fail_msg("no \"%s\"", key);
	return v;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);
	if (!cJSON_IsString(v))
		fail_msg("\"%s\" is not a string", key);
	return v->valuestring;
}

static const cJSON *at(const cJSON *a, int i)
{
	const cJSON *v = cJSON_GetArrayItem(a, i);
	if (!v)
		fail_msg("no item %d", i);
	return v;
}

static void test_log(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	char *text = render(r, "sarif");
	validate_json(SARIF_SCHEMA, text);
	cJSON *doc = cJSON_Parse(text);
	assert_non_null(doc);
	assert_string_equal(str(doc, "version"), "2.1.0");
	assert_non_null(strstr(str(doc, "$schema"), "sarif-schema-2.1.0.json"));
	const cJSON *runs = get(doc, "runs");
	assert_int_equal(cJSON_GetArraySize(runs), 1);
	const cJSON *run = at(runs, 0);
	const cJSON *driver = get(get(run, "tool"), "driver");
	assert_string_equal(str(driver, "name"), "chipscreen");

	/* the rules that produced findings, each once, in order of first use */
	const cJSON *rules = get(driver, "rules");
	static const char *const rule_ids[] = {"us-ndaa-889", "us-ndaa-5949", "cn-cac-micron-2023",
					       "us-bis-entity-list-huawei"};
	assert_int_equal(cJSON_GetArraySize(rules), 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(str(at(rules, i), "id"), rule_ids[i]);
	const cJSON *rule = at(rules, 1);
	assert_string_equal(str(rule, "name"), "NDAA FY2023 §5949: covered semiconductors");
	assert_string_equal(str(get(rule, "shortDescription"), "text"),
			    "NDAA FY2023 §5949: covered semiconductors");
	assert_string_equal(str(rule, "helpUri"),
			    "https://www.congress.gov/bill/117th-congress/house-bill/7776");
	assert_string_equal(str(get(rule, "properties"), "citation"), "Pub. L. 117-263, §5949");
	assert_null(cJSON_GetObjectItem(at(rules, 2), "helpUri")); /* no URL known */

	/* results: level by verdict, rule index, location, properties */
	const cJSON *results = get(run, "results");
	assert_int_equal(cJSON_GetArraySize(results), 6);
	static const struct {
		const char *rule, *level, *verdict, *comp;
		int index;
	} want[] = {
		{"us-ndaa-889", "error", "PROHIBITED", "usb/1-1.2", 0},
		{"us-ndaa-5949", "error", "REMOVE-BY", "nvme/nvme0", 1},
		{"cn-cac-micron-2023", "warning", "NO-NEW-PURCHASE", "dimm/DIMM_A1", 2},
		{"us-bis-entity-list-huawei", "warning", "LICENSE", "pci/0000:3b:00.0", 3},
		{"us-ndaa-889", "warning", "REVIEW", "part/PO-7#2", 0},
		{"cn-cac-micron-2023", "note", "INFO", "dimm/DIMM_B1", 2},
	};
	for (int i = 0; i < 6; i++) {
		const cJSON *res = at(results, i);
		assert_string_equal(str(res, "ruleId"), want[i].rule);
		assert_int_equal(get(res, "ruleIndex")->valueint, want[i].index);
		assert_string_equal(str(res, "level"), want[i].level);
		assert_string_equal(str(get(res, "properties"), "verdict"), want[i].verdict);
		const cJSON *loc = at(get(res, "locations"), 0);
		assert_string_equal(str(at(get(loc, "logicalLocations"), 0), "name"), want[i].comp);
	}
	const cJSON *res = at(results, 1);
	assert_string_equal(
		str(get(res, "message"), "text"),
		"REMOVE-BY: nvme/nvme0 (nvme 致态 TiPlus7100 1TB; Yangtze Memory "
		"Technologies) under us-ndaa-5949, remove by 2027-12-23. YMTC NAND in a "
		"drive of a system delivered to a US agency.\\x0aContractor "
		"representations apply.");
	const cJSON *p = get(res, "properties");
	assert_string_equal(str(p, "deadline"), "2027-12-23");
	assert_string_equal(str(p, "relation"), "ZhiTai is a brand of YMTC");
	assert_string_equal(cJSON_GetStringValue(at(get(p, "evidence"), 0)),
			    "pci_vendor \"1e49\": PCI vendor 1e49 [pci.ids] (certain)");
	const cJSON *art =
		get(get(at(get(res, "locations"), 0), "physicalLocation"), "artifactLocation");
	assert_string_equal(str(art, "uri"), "sys/class/nvme/nvme0");
	assert_string_equal(str(art, "uriBaseId"), "ROOT");
	assert_string_equal(str(get(get(run, "originalUriBaseIds"), "ROOT"), "uri"), "file:///");
	assert_string_equal(str(get(res, "partialFingerprints"), "chipscreenFinding/v1"),
			    "db1|nvme/nvme0|us-ndaa-5949");

	/* the chip-maker finding says so, with the measure's reach */
	p = get(at(results, 2), "properties");
	assert_string_equal(str(p, "via"), "chip_maker");
	assert_non_null(strstr(str(p, "reach"), "does not say whether Micron chips"));
	assert_true(cJSON_IsTrue(get(p, "binding")));
	assert_true(cJSON_IsFalse(get(get(at(results, 5), "properties"), "binding")));

	/* the bidi override does not reach a dashboard raw */
	assert_non_null(
		strstr(str(get(at(results, 0), "message"), "text"), "Camera\\u202eexe.txt"));
	/* a '#' in a component id stays in the logical location; file paths are URI-encoded */
	assert_string_equal(
		str(at(get(at(get(at(results, 4), "locations"), 0), "logicalLocations"), 0),
		    "fullyQualifiedName"),
		"db1/part/PO-7#2");

	/* what was not judged goes to the notifications */
	const cJSON *inv = at(get(run, "invocations"), 0);
	assert_true(cJSON_IsTrue(get(inv, "executionSuccessful")));
	const cJSON *notes = get(inv, "toolExecutionNotifications");
	assert_int_equal(cJSON_GetArraySize(notes), 5);
	assert_string_equal(str(get(at(notes, 0), "descriptor"), "id"),
			    "chipscreen/not-identified");
	assert_string_equal(str(get(at(notes, 0), "message"), "text"),
			    "dimm/DIMM_C1 (dimm M393A2K43DB3-CWE) was not judged: DRAM maker "
			    "unknown: SPD not readable: run as root");
	assert_string_equal(str(get(at(notes, 3), "descriptor"), "id"), "chipscreen/unreadable");
	assert_string_equal(str(get(at(notes, 4), "descriptor"), "id"), "chipscreen/input-warning");

	const cJSON *props = get(run, "properties");
	assert_string_equal(str(props, "profile"), "us-federal-contractor+cn-cii");
	assert_int_equal(get(get(props, "summary"), "NOT-IDENTIFIED")->valueint, 3);
	cJSON_Delete(doc);
	free(text);
	fixture_free(r);
}

static void test_uri_encoding(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	r->inv->host.root = "/srv/captures/db 1";
	((struct component *)r->findings[4].comp)->source =
		"/sys/bus/usb/devices/1-1.2 (copy)#iProduct";
	char *text = render(r, "sarif");
	validate_json(SARIF_SCHEMA, text);
	cJSON *doc = cJSON_Parse(text);
	const cJSON *run = at(get(doc, "runs"), 0);
	assert_string_equal(str(get(get(run, "originalUriBaseIds"), "ROOT"), "uri"),
			    "file:///srv/captures/db%201/");
	const cJSON *res = at(get(run, "results"), 0);
	assert_string_equal(
		str(get(get(at(get(res, "locations"), 0), "physicalLocation"), "artifactLocation"),
		    "uri"),
		"sys/bus/usb/devices/1-1.2%20(copy)#iProduct");
	cJSON_Delete(doc);
	free(text);
	fixture_free(r);
}

static void test_exposure_and_empty(void **state)
{
	(void)state;
	struct scan_result *r = exposure_fixture();
	char *text = render(r, "sarif");
	validate_json(SARIF_SCHEMA, text);
	cJSON *doc = cJSON_Parse(text);
	const cJSON *run = at(get(doc, "runs"), 0);
	const cJSON *res;
	cJSON_ArrayForEach(res, get(run, "results")) assert_string_equal(str(res, "level"), "note");
	assert_true(cJSON_IsNull(get(get(run, "properties"), "profile")));
	cJSON_Delete(doc);
	free(text);
	fixture_free(r);

	/* nothing found, nothing unknown: still a valid log, with no results */
	struct inventory *inv = inventory_new();
	struct scan_result empty = {.inv = inv, .profile = "p", .date = 20000};
	text = render(&empty, "sarif");
	validate_json(SARIF_SCHEMA, text);
	doc = cJSON_Parse(text);
	run = at(get(doc, "runs"), 0);
	assert_int_equal(cJSON_GetArraySize(get(run, "results")), 0);
	assert_int_equal(cJSON_GetArraySize(get(get(get(run, "tool"), "driver"), "rules")), 0);
	cJSON_Delete(doc);
	free(text);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_uri_encoding),
		cmocka_unit_test(test_exposure_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
