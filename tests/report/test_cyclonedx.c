/*
 * test_cyclonedx.c — `scan --format cyclonedx`: valid against the official
 * CycloneDX 1.5 JSON schema (tests/schemas/cyclonedx), one device per
 * component with the attributed maker, raw identifiers and the verdicts as
 * properties; a fresh serial number each time.
 */
#include "testutil.h"

#include "fixture.h"
#include "render.h"
#include "report/report.h"

#include <cjson/cJSON.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#define CDX_SCHEMA "tests/schemas/cyclonedx/bom-1.5.SNAPSHOT.schema.json"

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsString(v))
		fail_msg("\"%s\" is not a string", key);
	return v->valuestring;
}

/* Values of the properties named name, joined by "|". */
static char *props(const cJSON *o, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(
				      o, "properties")) if (!strcmp(str(p, "name"), name))
		strbuf_addf(&sb, "%s%s", sb.len ? "|" : "", str(p, "value"));
	return strbuf_detach(&sb, NULL);
}

static void prop_is(const cJSON *o, const char *name, const char *want)
{
	char *got = props(o, name);
	if (strcmp(got, want))
		fail_msg("property %s: \"%s\", want \"%s\"", name, got, want);
	free(got);
}

static const cJSON *component(const cJSON *doc, const char *ref)
{
	const cJSON *c;
	cJSON_ArrayForEach(
		c, cJSON_GetObjectItemCaseSensitive(
			   doc, "components")) if (!strcmp(str(c, "bom-ref"), ref)) return c;
	fail_msg("no component %s", ref);
	return NULL;
}

static void test_bom(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	char *text = render(r, "cyclonedx");
	validate_json(CDX_SCHEMA, text);
	cJSON *doc = cJSON_Parse(text);
	assert_non_null(doc);
	assert_string_equal(str(doc, "bomFormat"), "CycloneDX");
	assert_string_equal(str(doc, "specVersion"), "1.5");
	assert_int_equal(cJSON_GetObjectItem(doc, "version")->valueint, 1);
	regex_t re;
	assert_int_equal(regcomp(&re,
				 "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
				 "[0-9a-f]{12}$",
				 REG_EXTENDED | REG_NOSUB),
			 0);
	assert_int_equal(regexec(&re, str(doc, "serialNumber"), 0, NULL, 0), 0);
	regfree(&re);

	const cJSON *meta = cJSON_GetObjectItem(doc, "metadata");
	assert_int_equal(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
				 REG_EXTENDED | REG_NOSUB) == 0 &&
				 regexec(&re, str(meta, "timestamp"), 0, NULL, 0) == 0,
			 1);
	regfree(&re);
	const cJSON *tool = cJSON_GetArrayItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(meta, "tools"), "components"), 0);
	assert_string_equal(str(tool, "name"), "chipscreen");
	const cJSON *host = cJSON_GetObjectItem(meta, "component");
	assert_string_equal(str(host, "type"), "device");
	assert_string_equal(str(host, "name"), "db1");
	assert_string_equal(str(host, "publisher"), "Dell Inc.");
	prop_is(host, "chipscreen:serial", "7XK2LM3");
	prop_is(meta, "chipscreen:profile", "us-federal-contractor+cn-cii");
	prop_is(meta, "chipscreen:exposure_view", "false");
	prop_is(meta, "chipscreen:date", "2025-03-01");
	prop_is(meta, "chipscreen:summary:PROHIBITED", "1");
	prop_is(meta, "chipscreen:summary:CLEAR", "1");
	prop_is(meta, "chipscreen:summary:NOT-IDENTIFIED", "3");
	prop_is(meta, "chipscreen:unreadable",
		"SPD EEPROM /sys/bus/i2c/devices/0-0051/eeprom: permission denied: run as root");

	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "components")), 10);
	const cJSON *c = component(doc, "dimm/DIMM_A1");
	assert_string_equal(str(c, "type"), "device");
	assert_string_equal(str(c, "name"), "KSM32RD8/16MEI");
	assert_string_equal(str(c, "publisher"), "Kingston Technology");
	prop_is(c, "chipscreen:status", "NO-NEW-PURCHASE");
	prop_is(c, "chipscreen:maker_id", "kingston");
	prop_is(c, "chipscreen:chip_maker", "Micron Technology");
	prop_is(c, "chipscreen:chip_maker_id", "micron");
	prop_is(c, "chipscreen:raw:jedec_dram", "802C");
	prop_is(c, "chipscreen:raw:jedec_module", "0198");
	prop_is(c, "chipscreen:decoded:acquired", "2024-01-10");
	prop_is(c, "chipscreen:verdict:cn-cac-micron-2023", "NO-NEW-PURCHASE");
	prop_is(c, "chipscreen:via:cn-cac-micron-2023", "chip_maker");
	prop_is(c, "chipscreen:effective:cn-cac-micron-2023", "2023-05-21");
	prop_is(c, "chipscreen:citation:cn-cac-micron-2023",
		"美光公司在华销售的产品未通过网络安全审查 (CAC, 2023-05-21)");
	prop_is(c, "chipscreen:evidence:cn-cac-micron-2023",
		"jedec_dram \"802C\": JEP106 bank 1 0x2C [JEP106AL] (certain)");

	c = component(doc, "nvme/nvme0");
	assert_string_equal(str(c, "name"), "致态 TiPlus7100 1TB");
	prop_is(c, "chipscreen:verdict:us-ndaa-5949", "REMOVE-BY");
	prop_is(c, "chipscreen:deadline:us-ndaa-5949", "2027-12-23");

	c = component(doc, "part/PO-7#2");
	assert_string_equal(
		cJSON_GetObjectItem(cJSON_GetObjectItem(c, "supplier"), "name")->valuestring,
		"@Acme, \"Resale\" Ltd");
	prop_is(c, "chipscreen:reason:us-ndaa-889",
		"-1+1 only a supplier name suggests Dahua (weak, \\xff byte): confirm the maker.");

	c = component(doc, "dimm/DIMM_C1");
	prop_is(c, "chipscreen:status", "NOT-IDENTIFIED");
	prop_is(c, "chipscreen:chip_maker_unknown_reason", "SPD not readable: run as root");
	c = component(doc, "other/tpm0");
	assert_string_equal(str(c, "name"), "other/tpm0");
	prop_is(c, "chipscreen:maker_unknown_reason",
		"not identified: no attribution (identify did not run)");
	assert_null(cJSON_GetObjectItem(c, "publisher"));
	c = component(doc, "cpu/CPU0");
	prop_is(c, "chipscreen:status", "CLEAR");

	/* a new serial number every time */
	char *again = render(r, "cyclonedx");
	cJSON *doc2 = cJSON_Parse(again);
	assert_string_not_equal(str(doc, "serialNumber"), str(doc2, "serialNumber"));
	cJSON_Delete(doc2);
	free(again);
	cJSON_Delete(doc);
	free(text);
	fixture_free(r);
}

static void test_exposure_bom(void **state)
{
	(void)state;
	struct scan_result *r = exposure_fixture();
	char *text = render(r, "cyclonedx");
	validate_json(CDX_SCHEMA, text);
	cJSON *doc = cJSON_Parse(text);
	const cJSON *meta = cJSON_GetObjectItem(doc, "metadata");
	prop_is(meta, "chipscreen:exposure_view", "true");
	prop_is(meta, "chipscreen:profile", "");
	prop_is(component(doc, "dimm/DIMM_A1"), "chipscreen:verdict:cn-cac-micron-2023", "INFO");
	prop_is(component(doc, "dimm/DIMM_A1"), "chipscreen:binding:cn-cac-micron-2023", "false");
	cJSON_Delete(doc);
	free(text);
	fixture_free(r);
}

/* The validator is a real check: a BOM with a type CycloneDX 1.5 lacks fails. */
static void test_schema_rejects(void **state)
{
	(void)state;
	const char *py = python_with_jsonschema();
	assert_non_null(py);
	char *dir = test_tmpdir();
	test_write_str(dir, "bad.json",
		       "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
		       "\"components\":[{\"type\":\"device\",\"name\":\"x\","
		       "\"manufacturer\":{\"name\":\"1.6 only\"}}]}");
	struct strbuf cmd = STRBUF_INIT;
	strbuf_addf(&cmd, "%s '%s/tests/schemas/validate.py' '%s/%s' '%s/bad.json' 2>/dev/null", py,
		    CHIPSCREEN_SRCDIR, CHIPSCREEN_SRCDIR, CDX_SCHEMA, dir);
	int st = system(cmd.buf);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	strbuf_release(&cmd);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_exposure_bom),
		cmocka_unit_test(test_schema_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
