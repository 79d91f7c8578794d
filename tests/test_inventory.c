/*
 * test_inventory.c — components, fields and the inventory JSON round trip.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "inventory-json.h"

#include <string.h>

static void test_fields(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct component *c =
		inventory_add(inv, KIND_DIMM, "dimm/DIMM_A1", "/sys/firmware/dmi/tables/DMI");
	component_set(inv, c, FK_PART_NUMBER, FIELD_RAW, "0x4D33203738", "DMI#17");
	component_set(inv, c, FK_PART_NUMBER, 0, "  M3 78  ", "DMI#17");
	component_set(inv, c, FK_SERIAL, FIELD_RAW, "", "DMI#17"); /* empty: not set */
	assert_string_equal(component_get(c, FK_PART_NUMBER), "M3 78");
	assert_string_equal(component_field(c, FK_PART_NUMBER, true)->value, "0x4D33203738");
	assert_null(component_get(c, FK_SERIAL));
	/* replacing keeps one field */
	component_set(inv, c, FK_PART_NUMBER, 0, "M378", "DMI#17");
	assert_int_equal(c->nfields, 2);
	assert_string_equal(component_get(c, FK_PART_NUMBER), "M378");
	/* raw bytes with NUL and invalid UTF-8 are kept, escaped */
	component_set_bytes(inv, c, FK_MANUFACTURER, FIELD_RAW, "Mi\0\xff", 4, "DMI#17");
	assert_string_equal(component_get(c, FK_MANUFACTURER), "Mi\\x00\\xff");
	assert_int_equal(kind_from_name("nvme"), KIND_NVME);
	assert_int_equal(kind_from_name("nope"), -1);
	assert_int_equal(field_key_from_name("pci_subsystem_vendor"), FK_PCI_SUBVENDOR);
	assert_int_equal(field_key_from_name("whatever"), FK_EXTRA);
	assert_int_equal(verdict_from_name("no_new_purchase"), V_NO_NEW_PURCHASE);
	assert_int_equal(verdict_from_name("Remove-By"), V_REMOVE_BY);
	assert_int_equal(verdict_from_name("x"), -1);
	assert_true(V_PROHIBITED > V_REMOVE_BY && V_REVIEW > V_INFO && V_INFO > V_CLEAR);
	inventory_free(inv);
}

static void test_json_round_trip(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	inv->host.hostname = "db1";
	inventory_unread(inv, "/sys/firmware/dmi/tables/DMI", "SMBIOS tables", "permission denied");
	inventory_warn(inv, "/sys/bus/i2c/devices/0-0050/eeprom", "SPD",
		       "CRC 0x%04x, computed 0x%04x", 0x1234, 0x5678);
	struct component *c = inventory_add(inv, KIND_NVME, "nvme/nvme0", "/sys/class/nvme/nvme0");
	component_set(inv, c, FK_MODEL, FIELD_RAW, "ZHITAI TiPlus7100 1TB          ",
		      "/sys/class/nvme/nvme0/model");
	component_set(inv, c, FK_MODEL, 0, "ZHITAI TiPlus7100 1TB", "/sys/class/nvme/nvme0/model");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "1e49",
		      "/sys/class/nvme/nvme0/device/vendor");
	component_set_extra(inv, c, "numa_node", FIELD_RAW, "0", "/sys/class/nvme/nvme0/numa_node");
	component_set_bytes(inv, c, FK_FIRMWARE, FIELD_RAW, "C:\\p\xff\0", 6, "fw\\src");
	inventory_add(inv, KIND_USB, "usb/we\\ird\x01", "src\xfe");
	struct field *f = component_set(inv, c, FK_SERIAL, FIELD_RAW, "S7DF", "x");
	f->flags |= FIELD_UNTRUSTED;

	cJSON *doc = inventory_to_json(inv);
	char *text = cJSON_Print(doc);
	struct inventory *back = inventory_new();
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(inventory_from_json(doc, back, &err), 0);
	assert_string_equal(back->host.hostname, "db1");
	assert_int_equal(back->nunread, 1);
	assert_string_equal(back->unread[0].reason, "permission denied");
	assert_int_equal(back->nwarnings, 1);
	assert_string_equal(back->warnings[0].reason, "CRC 0x1234, computed 0x5678");
	assert_int_equal(back->ncomps, 2);
	/* escaped values come back as they were, not escaped twice */
	assert_string_equal(component_field(&back->comps[0], FK_FIRMWARE, true)->value,
			    "C:\\\\p\\xff\\x00");
	assert_string_equal(component_field(&back->comps[0], FK_FIRMWARE, true)->source,
			    "fw\\\\src");
	assert_string_equal(back->comps[1].id, "usb/we\\\\ird\\x01");
	assert_string_equal(back->comps[1].source, "src\\xfe");
	const struct component *b = &back->comps[0];
	assert_int_equal(b->kind, KIND_NVME);
	assert_string_equal(component_field(b, FK_MODEL, true)->value,
			    "ZHITAI TiPlus7100 1TB          ");
	assert_string_equal(component_get(b, FK_MODEL), "ZHITAI TiPlus7100 1TB");
	assert_string_equal(component_get(b, FK_PCI_VENDOR), "1e49");
	assert_true(component_field(b, FK_SERIAL, true)->flags & FIELD_UNTRUSTED);
	assert_int_equal(b->nfields, c->nfields);
	/* the same document again, byte for byte */
	cJSON *doc2 = inventory_to_json(back);
	char *text2 = cJSON_Print(doc2);
	assert_string_equal(text, text2);
	cJSON_free(text);
	cJSON_free(text2);
	cJSON_Delete(doc);
	cJSON_Delete(doc2);
	strbuf_release(&err);
	inventory_free(back);
	inventory_free(inv);
}

static void test_json_errors(void **state)
{
	(void)state;
	static const struct {
		const char *doc, *err;
	} cases[] = {
		{"[]", "top level: expected an object"},
		{"{}", "schema: expected \"chipscreen-inventory/1\", found none"},
		{"{\"schema\":\"chipscreen-inventory/9\",\"components\":[]}",
		 "schema: version \"chipscreen-inventory/9\" is newer than this chipscreen reads "
		 "(chipscreen-inventory/1)"},
		{"{\"schema\":\"chipscreen-inventory/1\"}", "components: expected an array"},
		{"{\"schema\":\"chipscreen-inventory/1\",\"components\":[{\"kind\":\"toaster\"}]}",
		 "components[0].kind: unknown kind \"toaster\""},
		{"{\"schema\":\"chipscreen-inventory/"
		 "1\",\"components\":[{\"kind\":\"pci\",\"raw\":[]}]}",
		 "components[0].raw: expected an object"},
		{"{\"schema\":\"chipscreen-inventory/"
		 "1\",\"components\":[{\"kind\":\"pci\",\"raw\":{\"pci_vendor\":7}}]}",
		 "components[0].raw.pci_vendor: expected a string or {\"value\": ...}"},
		/* two values for one thing: which is meant is not known */
		{"{\"schema\":\"chipscreen-inventory/1\",\"host\":{\"hostname\":\"a\","
		 "\"hostname\":\"b\"},\"components\":[]}",
		 "host: \"hostname\" appears twice (which one is meant is not known)"},
		{"{\"schema\":\"chipscreen-inventory/1\",\"components\":[{\"kind\":\"dimm\","
		 "\"raw\":{\"manufacturer\":\"Micron Technology\",\"manufacturer\":\"Samsung\"}}]}",
		 "components[0].raw: \"manufacturer\" appears twice (which one is meant is not "
		 "known)"},
		{"{\"schema\":\"chipscreen-inventory/1\",\"components\":[],\"components\":[]}",
		 "top level: \"components\" appears twice (which one is meant is not known)"},
		/* a fact of another type is an error, not a fact missing */
		{"{\"schema\":\"chipscreen-inventory/1\",\"host\":{\"hostname\":5},"
		 "\"components\":[]}",
		 "host.hostname: expected a string"},
		{"{\"schema\":\"chipscreen-inventory/1\",\"components\":[{\"kind\":\"dimm\","
		 "\"id\":[\"dimm/A1\"]}]}",
		 "components[0].id: expected a string"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cJSON *doc = cJSON_Parse(cases[i].doc);
		assert_non_null(doc);
		struct inventory *inv = inventory_new();
		struct strbuf err = STRBUF_INIT;
		assert_int_equal(inventory_from_json(doc, inv, &err), -1);
		assert_string_equal(err.buf, cases[i].err);
		strbuf_release(&err);
		inventory_free(inv);
		cJSON_Delete(doc);
	}
}

/* A document a store kept (accepted by an earlier chipscreen) is read still:
 * a host's history never becomes unreadable. */
static void test_stored_read_as_before(void **state)
{
	(void)state;
	cJSON *doc = cJSON_Parse("{\"schema\":\"chipscreen-inventory/1\",\"host\":{\"hostname\":"
				 "\"a\",\"hostname\":\"b\",\"uuid\":5},\"components\":[{\"kind\":"
				 "\"pci\",\"raw\":{\"model\":\"x\",\"model\":\"y\"}}]}");
	assert_non_null(doc);
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(inventory_from_json(doc, inv, &err), -1);
	inventory_free(inv);
	inv = inventory_new();
	assert_int_equal(inventory_from_json_stored(doc, inv, &err), 0);
	assert_string_equal(inv->host.hostname, "a");
	assert_null(inv->host.uuid);
	assert_int_equal(inv->ncomps, 1);
	assert_string_equal(component_get(&inv->comps[0], FK_MODEL), "y");
	inventory_free(inv);
	strbuf_release(&err);
	cJSON_Delete(doc);
}

static void test_load_file_errors(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	test_write_str(dir, "bad.json", "{\n \"schema\": \n");
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/bad.json", dir);
	struct inventory *inv = inventory_new();
	assert_int_equal(inventory_load_file(p.buf, inv, &err), -1);
	assert_non_null(strstr(err.buf, "bad.json: not valid JSON (near line 2"));
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/missing.json", dir);
	assert_int_equal(inventory_load_file(p.buf, inv, &err), -1);
	assert_non_null(strstr(err.buf, "missing.json: no such file"));
	inventory_free(inv);
	strbuf_release(&p);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_stored_read_as_before),
		cmocka_unit_test(test_load_file_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
