/*
 * test_import_glpi_memory.c — a GLPI inventory that lists no memory module
 * has memory that was not read (import/import.c memory_unlisted()).
 *
 * The GLPI agent reads memory modules with dmidecode, as root; run as
 * another user, or with its memory inventory off, the document has no
 * "memories", and the machine read as one without memory: CLEAR under
 * cn-cii, whose rule names Micron, exit 0.  Now the memory is a part
 * "dimm/not-read" whose maker is unknown for that reason (REVIEW), as collect
 * does when the kernel shows no module; a virtual machine's is its platform's
 * (the SMBIOS system strings: QEMU), judged by no rule.  The inventory is the
 * synthetic GLPI fixture (tests/fixtures/hw/README.md), its memories removed.
 */
#include "import-test.h"

#include "util/fileio.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

/* The fixture without its memories; vendor: the system maker put in. */
static char *without_memories(const char *vendor)
{
	struct strbuf t = STRBUF_INIT, e = STRBUF_INIT;
	if (read_file(src_path("tests/fixtures/hw/glpi/glpi-agent_inventory-synthetic.json"),
		      1 << 20, &t, &e))
		fail_msg("%s", e.buf);
	cJSON *d = cJSON_Parse(t.buf);
	assert_non_null(d);
	cJSON *content = cJSON_GetObjectItem(d, "content");
	assert_non_null(cJSON_GetObjectItem(content, "memories"));
	cJSON_DeleteItemFromObject(content, "memories");
	if (vendor) {
		cJSON *bios = cJSON_GetObjectItem(content, "bios");
		cJSON_ReplaceItemInObject(bios, "smanufacturer", cJSON_CreateString(vendor));
		cJSON_ReplaceItemInObject(bios, "smodel",
					  cJSON_CreateString("Standard PC (Q35 + ICH9, 2009)"));
	}
	char *s = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	strbuf_release(&t);
	strbuf_release(&e);
	return s;
}

static const char *not_read(const struct inventory *inv)
{
	for (size_t i = 0; i < inv->ncomps; i++)
		if (!strcmp(inv->comps[i].id, "dimm/not-read"))
			return extra(&inv->comps[i], "memory.not_read", false);
	return NULL;
}

/* The status of dimm/not-read when file is scanned under cn-cii. */
static void scan_status(const char *dir, const char *name, const char *text, int want_rc,
			const char *want)
{
	test_write_str(dir, name, text);
	struct strbuf p = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	int rc = run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01", "--format",
			 "json", p.buf, NULL);
	if (rc != want_rc)
		fail_msg("%s: exit %d, not %d: %s", name, rc, want_rc, e.buf);
	cJSON *d = cJSON_Parse(o.buf);
	const cJSON *c, *hit = NULL;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "components"))
	{
		if (!strcmp(cJSON_GetObjectItem(c, "id")->valuestring, "dimm/not-read"))
			hit = c;
	}
	assert_non_null(hit);
	assert_string_equal(cJSON_GetObjectItem(hit, "status")->valuestring, want);
	cJSON_Delete(d);
	strbuf_release(&p);
	strbuf_release(&o);
	strbuf_release(&e);
}

static void test_no_memories(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *text = without_memories(NULL);
	struct inventory *inv = must_import_text(text, "glpi.json", IMPORT_GLPI, NULL);
	assert_string_equal(not_read(inv), "the GLPI inventory lists no memory module (the agent "
					   "reads them with dmidecode, as root)");
	assert_int_equal(count_kind(inv, KIND_DIMM), 1);
	inventory_free(inv);

	/* exit 1 either way: the fixture's Crucial X9 Pro (Micron) is NO-NEW-PURCHASE */
	char *dir = test_tmpdir();
	scan_status(dir, "glpi.json", text, 1, "REVIEW");
	free(text);
	/* a guest: its platform's memory */
	text = without_memories("QEMU");
	scan_status(dir, "guest.json", text, 1, "CLEAR");
	free(text);
	test_rmtree(dir);
	free(dir);
}

static void test_memories_listed(void **state)
{
	(void)state;
	struct inventory *inv =
		must_import(src_path("tests/fixtures/hw/glpi/glpi-agent_inventory-synthetic.json"),
			    IMPORT_GLPI, NULL);
	assert_null(not_read(inv));
	assert_true(count_kind(inv, KIND_DIMM) > 0);
	inventory_free(inv);
}

/* The fixture with its first module's capacity replaced by text, and a
 * Micron part number in place of its Samsung one (the part a rule names). */
static char *capacity_text(const char *capacity)
{
	struct strbuf t = STRBUF_INIT, e = STRBUF_INIT;
	if (read_file(src_path("tests/fixtures/hw/glpi/glpi-agent_inventory-synthetic.json"),
		      1 << 20, &t, &e))
		fail_msg("%s", e.buf);
	cJSON *d = cJSON_Parse(t.buf);
	cJSON *m = cJSON_GetArrayItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(d, "content"), "memories"), 0);
	cJSON_ReplaceItemInObject(m, "capacity", cJSON_CreateString(capacity));
	cJSON_ReplaceItemInObject(m, "manufacturer", cJSON_CreateString("Micron Technology"));
	cJSON_ReplaceItemInObject(m, "model", cJSON_CreateString("MTC8C1084S1SC48BA1"));
	char *s = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	strbuf_release(&t);
	strbuf_release(&e);
	return s;
}

/* A capacity that is no number ("8 GB", "unknown") read as an empty slot:
 * the Micron module was dropped without a word, and its NO-NEW-PURCHASE
 * under cn-cii with it.  It is kept, its size raw only (not decoded), with a
 * warning naming the field; the empty slot (no capacity, nothing naming a
 * module) is still skipped. */
static void test_capacity_not_number(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	static const char *const caps[] = {"8 GB", "unknown"};
	for (size_t i = 0; i < 2; i++) {
		char *text = capacity_text(caps[i]);
		struct inventory *inv = must_import_text(text, "glpi.json", IMPORT_GLPI, NULL);
		assert_int_equal(count_kind(inv, KIND_DIMM), 2);
		const struct component *c = find(inv, "dimm/Controller0-ChannelA-DIMM0");
		assert_string_equal(raw(c, FK_PART_NUMBER), "MTC8C1084S1SC48BA1");
		assert_string_equal(raw(c, FK_SIZE_BYTES), caps[i]);
		assert_null(component_field(c, FK_SIZE_BYTES, false));
		struct strbuf w = STRBUF_INIT;
		strbuf_addf(&w, "content.memories[0].capacity \"%s\" is not a number of MiB: the "
				"module is kept, its size unknown",
			    caps[i]);
		assert_warning(inv, w.buf);
		strbuf_release(&w);
		assert_null(not_read(inv));
		inventory_free(inv);

		char *dir = test_tmpdir();
		test_write_str(dir, "glpi.json", text);
		struct strbuf p = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
		strbuf_addf(&p, "%s/glpi.json", dir);
		assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date",
					 "2026-06-01", "--format", "csv", p.buf, NULL),
				 1);
		assert_non_null(strstr(o.buf, "\"dimm/Controller0-ChannelA-DIMM0\",\"dimm\","
					      "\"MTC8C1084S1SC48BA1\",\"Micron Technology, Inc.\","
					      "\"Micron Technology, Inc.\",\"NO-NEW-PURCHASE\""));
		strbuf_release(&p);
		strbuf_release(&o);
		strbuf_release(&e);
		test_rmtree(dir);
		free(dir);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_memories),
		cmocka_unit_test(test_memories_listed),
		cmocka_unit_test(test_capacity_not_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
