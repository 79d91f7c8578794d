/*
 * test_import_cyclonedx.c — CycloneDX hardware BOMs (fixtures written from
 * the CycloneDX 1.4-1.6 JSON schema) and the round trip of chipscreen's own
 * CycloneDX properties (doc/import-formats.md).
 */
#include "import-test.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

static const char bom16[] =
	"{\n"
	"  \"bomFormat\": \"CycloneDX\",\n"
	"  \"specVersion\": \"1.6\",\n"
	"  \"serialNumber\": \"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\",\n"
	"  \"version\": 1,\n"
	"  \"metadata\": {\n"
	"    \"timestamp\": \"2024-05-01T10:00:00Z\",\n"
	"    \"component\": {\"type\": \"device\", \"name\": \"PowerEdge R650\",\n"
	"      \"manufacturer\": {\"name\": \"Dell Inc.\"},\n"
	"      \"properties\": [{\"name\": \"chipscreen:host:hostname\", \"value\": \"db1\"}]}\n"
	"  },\n"
	"  \"components\": [\n"
	"    {\"type\": \"device\", \"bom-ref\": \"dimm-a1\",\n"
	"     \"manufacturer\": {\"name\": \"Micron Technology\"}, \"supplier\": {\"name\": \"Dell "
	"Inc.\"},\n"
	"     \"name\": \"MTA36ASF8G72PZ-3G2E1\", \"version\": \"E1\",\n"
	"     \"description\": \"64GB DDR4-3200 RDIMM\",\n"
	"     \"properties\": [{\"name\": \"serialNumber\", \"value\": \"2A1B3C4D\"},\n"
	"                    {\"name\": \"acme:partNumber\", \"value\": \"36ASF8G72PZ-3G2E1\"},\n"
	"                    {\"name\": \"acme:slot\", \"value\": \"A1\"}]},\n"
	"    {\"type\": \"device\", \"bom-ref\": \"nic\", \"supplier\": {\"name\": \"Acme "
	"Distribution\"},\n"
	"     \"name\": \"X710-DA2\",\n"
	"     \"components\": [{\"type\": \"firmware\", \"bom-ref\": \"nic-fw\", \"name\": "
	"\"NVM\",\n"
	"                     \"version\": \"9.20\"}]},\n"
	"    {\"type\": \"library\", \"name\": \"openssl\", \"version\": \"3.0.11\",\n"
	"     \"purl\": \"pkg:generic/openssl@3.0.11\"},\n"
	"    {\"type\": \"application\", \"name\": \"nginx\"},\n"
	"    {\"type\": \"device\", \"name\": \"Crucial P1\",\n"
	"     \"properties\": [{\"name\": \"model\", \"value\": \"CT1000P1SSD8\"},\n"
	"                    {\"name\": \"mpn\", \"value\": \"CT1000P1SSD8\"}]}\n"
	"  ]\n"
	"}\n";

static void test_hardware_bom(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(bom16, "bom.json", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 4);
	assert_str(inv->host.hostname, "db1");
	assert_str(inv->host.vendor, "Dell Inc.");
	assert_str(inv->host.product, "PowerEdge R650");
	assert_str(inv->host.collected_at, "2024-05-01T10:00:00Z");
	assert_str(inv->host.collector, "import cyclonedx");

	const struct component *d = find(inv, "part/dimm-a1");
	assert_int_equal(d->kind, KIND_PART);
	assert_str(raw(d, FK_MANUFACTURER), "Micron Technology");
	assert_str(src_of(d, FK_MANUFACTURER), "bom.json#components[0].manufacturer.name");
	assert_str(raw(d, FK_SUPPLIER), "Dell Inc.");
	assert_str(raw(d, FK_MODEL), "MTA36ASF8G72PZ-3G2E1");
	assert_str(raw(d, FK_VERSION), "E1");
	assert_str(raw(d, FK_SERIAL), "2A1B3C4D");
	assert_str(raw(d, FK_PART_NUMBER), "36ASF8G72PZ-3G2E1");
	assert_str(src_of(d, FK_PART_NUMBER), "bom.json#components[0].properties[1]");
	assert_str(extra(d, "acme:slot", true), "A1");
	assert_str(extra(d, "description", true), "64GB DDR4-3200 RDIMM");

	const struct component *nic = find(inv, "part/nic");
	assert_str(raw(nic, FK_SUPPLIER), "Acme Distribution");
	assert_null(raw(nic, FK_MANUFACTURER)); /* the supplier is not the maker */
	const struct component *fw = find(inv, "other/nic-fw");
	assert_int_equal(fw->kind, KIND_OTHER);
	assert_str(raw(fw, FK_PRODUCT), "NVM");
	assert_str(raw(fw, FK_FIRMWARE), "9.20");
	assert_str(src_of(fw, FK_FIRMWARE), "bom.json#components[1].components[0].version");

	const struct component *p1 = find(inv, "part/Crucial P1");
	assert_str(raw(p1, FK_MODEL), "CT1000P1SSD8");
	assert_str(raw(p1, FK_PRODUCT), "Crucial P1"); /* name, since a model property exists */
	assert_str(raw(p1, FK_PART_NUMBER), "CT1000P1SSD8");

	assert_int_equal(inv->nwarnings, 1);
	assert_str(inv->warnings[0].reason,
		   "2 software components (type \"library\", ...) skipped: "
		   "chipscreen reads hardware (device, firmware)");
	inventory_free(inv);

	/* 1.4 and 1.5 call the maker "manufacture" */
	inv = must_import_text("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"version\":1,"
			       "\"components\":[{\"type\":\"device\",\"name\":\"KSM32RD8/16HDR\","
			       "\"manufacture\":{\"name\":\"Kingston\"}}]}",
			       "bom14.json", IMPORT_CYCLONEDX, NULL);
	const struct component *k = find(inv, "part/KSM32RD8/16HDR");
	assert_str(raw(k, FK_MANUFACTURER), "Kingston");
	assert_str(src_of(k, FK_MANUFACTURER), "bom14.json#components[0].manufacture.name");
	assert_int_equal(inv->nwarnings, 0);
	inventory_free(inv);
}

/* chipscreen's CycloneDX properties, as doc/import-formats.md specifies them
 * for the report writer; built here from an inventory. */
static char *to_cdx(const struct inventory *inv)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "bomFormat", "CycloneDX");
	cJSON_AddStringToObject(doc, "specVersion", "1.6");
	cJSON *comps = cJSON_AddArrayToObject(doc, "components");
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "device");
		cJSON_AddStringToObject(o, "bom-ref", c->id);
		const char *name = component_get(c, FK_MODEL);
		cJSON_AddStringToObject(o, "name", name ? name : c->id);
		const char *mfr = component_get(c, FK_MANUFACTURER);
		if (mfr)
			cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "manufacturer"), "name",
						mfr);
		cJSON *props = cJSON_AddArrayToObject(o, "properties");
#define PROP(n, v)                                                                                 \
	do {                                                                                       \
		cJSON *p_ = cJSON_CreateObject();                                                  \
		cJSON_AddStringToObject(p_, "name", n);                                            \
		cJSON_AddStringToObject(p_, "value", v);                                           \
		cJSON_AddItemToArray(props, p_);                                                   \
	} while (0)
		PROP("chipscreen:kind", kind_name(c->kind));
		PROP("chipscreen:id", c->id);
		PROP("chipscreen:source", c->source);
		for (size_t j = 0; j < c->nfields; j++) {
			const struct field *f = &c->fields[j];
			const char *key = f->key == FK_EXTRA ? f->name : field_key_name(f->key);
			const char *side = f->flags & FIELD_RAW ? "raw" : "decoded";
			char pn[128];
			snprintf(pn, sizeof pn, "chipscreen:%s:%s", side, key);
			PROP(pn, f->value);
			if (f->flags & FIELD_UNTRUSTED) {
				snprintf(pn, sizeof pn, "chipscreen:untrusted:%s:%s", side, key);
				PROP(pn, "true");
			}
		}
#undef PROP
		cJSON_AddItemToArray(comps, o);
	}
	char *s = cJSON_Print(doc);
	cJSON_Delete(doc);
	return s;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct component *c =
		inventory_add(inv, KIND_DIMM, "dimm/DIMM_A1", "/sys/firmware/dmi/tables/DMI");
	component_set(inv, c, FK_MANUFACTURER, FIELD_RAW, "00AD00B300AD", "DMI#17");
	component_set(inv, c, FK_PART_NUMBER, FIELD_RAW, "HMT42GR7AFR4A-PB  ", "DMI#17");
	component_set(inv, c, FK_PART_NUMBER, 0, "HMT42GR7AFR4A-PB", "DMI#17");
	component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, "80AD", "DMI#17");
	component_set_bytes(inv, c, FK_SERIAL, FIELD_RAW, "Mi\0\xff\\x", 6, "DMI#17");
	component_set_extra(inv, c, "type_detail", FIELD_RAW, "Synchronous", "DMI#17");
	struct field *f = component_set(inv, c, FK_SIZE_BYTES, 0, "17179869184", "DMI#17");
	f->flags |= FIELD_UNTRUSTED;
	c = inventory_add(inv, KIND_NVME, "nvme/nvme0", "/sys/class/nvme/nvme0");
	component_set(inv, c, FK_MODEL, FIELD_RAW, "CT1000P1SSD8                            ", "x");
	component_set(inv, c, FK_MODEL, 0, "CT1000P1SSD8", "x");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "0xc0a9", "x");
	component_set(inv, c, FK_PCI_VENDOR, 0, "c0a9", "x");
	component_set(inv, c, FK_IEEE_OUI, 0, "00a075", "x");
	assert_str(raw(&inv->comps[0], FK_SERIAL), "Mi\\x00\\xff\\\\x");

	char *text = to_cdx(inv);
	struct inventory *back = must_import_text(text, "own.cdx.json", IMPORT_AUTO, NULL);
	assert_int_equal(back->ncomps, inv->ncomps);
	assert_int_equal(back->nwarnings, 0);
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *a = &inv->comps[i], *b = &back->comps[i];
		assert_str(b->id, a->id);
		assert_int_equal(b->kind, a->kind);
		assert_str(b->source, a->source);
		assert_int_equal(b->nfields, a->nfields);
		for (size_t j = 0; j < a->nfields; j++) {
			assert_int_equal(b->fields[j].key, a->fields[j].key);
			assert_int_equal(b->fields[j].flags, a->fields[j].flags);
			assert_str(b->fields[j].value, a->fields[j].value);
			if (a->fields[j].key == FK_EXTRA)
				assert_str(b->fields[j].name, a->fields[j].name);
		}
	}
	/* the standard members (name, manufacturer) are not read twice */
	assert_null(raw(&back->comps[0], FK_MODEL));
	cJSON_free(text);
	inventory_free(back);
	inventory_free(inv);
}

static void test_errors(void **state)
{
	(void)state;
	const char *spdx = "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[]}";
	char *m = must_reject(spdx, strlen(spdx), "sbom.json", IMPORT_CYCLONEDX, NULL);
	assert_str(m,
		   "sbom.json: bomFormat: expected \"CycloneDX\", found none: not a CycloneDX BOM");
	free(m);
	const char *bad = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":{}}";
	m = must_reject(bad, strlen(bad), "b.json", IMPORT_AUTO, NULL);
	assert_str(m, "b.json: components: expected an array");
	free(m);
	m = must_reject(bom16, 300, "cut.json", IMPORT_AUTO, NULL);
	assert_non_null(strstr(m, "cut.json: not valid JSON (near line "));
	free(m);
	/* wrong member types are warnings about that member, the rest is read */
	struct inventory *inv = must_import_text(
		"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"2.0\",\"components\":["
		"{\"type\":\"device\",\"name\":\"A\",\"properties\":{}},7,"
		"{\"type\":\"device\",\"name\":\"B\",\"properties\":[{\"name\":\"chipscreen:kind\","
		"\"value\":\"toaster\"}]}]}",
		"odd.json", IMPORT_CYCLONEDX, NULL);
	assert_int_equal(inv->ncomps, 2);
	assert_warning(inv, "specVersion \"2.0\": chipscreen reads CycloneDX 1.4 to 1.6");
	assert_warning(inv, "components[0].properties: expected an array: ignored");
	assert_warning(inv, "components[1]: expected an object: skipped");
	assert_warning(inv, "components[2]: unknown chipscreen:kind \"toaster\": read as part");
	assert_str(raw(find(inv, "part/B"), FK_MODEL), "B");
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hardware_bom),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
