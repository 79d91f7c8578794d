/*
 * test_import_cyclonedx_firmware.c — a BOM's firmware is of class firmware
 * (import/cyclonedx.c).
 *
 * A CycloneDX component of type "firmware" becomes kind "other", whose
 * product class no row of product-classes.tsv gives: "unknown", which a
 * party of a binding rule could have made (rules/judge.c could_make).  BMC
 * firmware of a maker chipscreen does not know was then a REVIEW under
 * §889(a)(1)(B) "who could have made it", though the BOM says what it is:
 * firmware, which no party of §889 makes.  The type is now its declared
 * class (extra product_class, as a purchase record's column declares it);
 * one the BOM declares itself is kept; a device of an unknown maker is still
 * asked about.
 */
#include "import-test.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

static const char bom[] =
	"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":["
	"{\"type\":\"firmware\",\"name\":\"BMC firmware\",\"version\":\"1.2.3\","
	"\"manufacturer\":{\"name\":\"Acme\"}},"
	"{\"type\":\"firmware\",\"name\":\"NIC firmware\",\"manufacturer\":{\"name\":\"Acme\"},"
	"\"properties\":[{\"name\":\"product_class\",\"value\":\"telecom-equipment\"}]},"
	"{\"type\":\"device\",\"name\":\"Widget\",\"manufacturer\":{\"name\":\"Acme\"}}]}";

static void test_firmware_class(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(bom, "hbom.cdx.json", IMPORT_CYCLONEDX, NULL);
	const struct component *fw = find(inv, "other/BMC firmware");
	assert_non_null(extra(fw, "product_class", false));
	assert_string_equal(extra(fw, "product_class", false), "firmware");
	assert_string_equal(extra(find(inv, "other/NIC firmware"), "product_class", true),
			    "telecom-equipment");
	assert_null(extra(find(inv, "part/Widget"), "product_class", false));
	inventory_free(inv);

	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	test_write_str(dir, "hbom.cdx.json", bom);
	struct strbuf p = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT, got = STRBUF_INIT;
	strbuf_addf(&p, "%s/hbom.cdx.json", dir);
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "us-federal-contractor", "--date",
				 "2026-06-01", "--format", "json", p.buf, NULL),
			 1);
	cJSON *d = cJSON_Parse(o.buf);
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings"))
	{
		strbuf_addf(&got, "%s %s\n", cJSON_GetObjectItem(f, "component")->valuestring,
			    cJSON_GetObjectItem(f, "verdict")->valuestring);
	}
	/* the firmware declared telecom equipment and the device: asked about */
	assert_string_equal(got.buf, "other/NIC firmware REVIEW\npart/Widget REVIEW\n");
	cJSON_Delete(d);
	strbuf_release(&p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&got);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_firmware_class)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
