/*
 * test_not_read_names.c — the part standing for memory that was not read has
 * one id and one pair of extra-field names (chipscreen.h DIMM_NOT_READ_ID,
 * MEMORY_NOT_READ, CPU_FLAGS), which collect and import write and identify
 * reads.
 *
 * The three modules each spelled "dimm/not-read", "memory.not_read" and
 * "cpu.flags" themselves: a typo in one would have left identify blind to a
 * writer's part (its maker then "no field identifies the maker", and a guest
 * judged as a physical machine) with nothing failing.  Here each writer's part
 * is found by the shared names, and identify gives the reason it reads
 * under MEMORY_NOT_READ and recognises the flag under CPU_FLAGS.  The GLPI
 * inventory is a minimal one written from glpi-project/inventory_format
 * (content.bios, content.cpus; no memories).
 */
#include "import-test.h"

#include "collect/collect.h"
#include "identify/identify.h"
#include "util/date.h"

#include <stdlib.h>

static struct kb *kb(void)
{
	struct strbuf err = STRBUF_INIT;
	struct kb *k = kb_load(src_path("data"), "", "", &err);
	if (!k)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	return k;
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(DIMM_NOT_READ_ID, "dimm/not-read");
	assert_string_equal(MEMORY_NOT_READ, "memory.not_read");
	assert_string_equal(CPU_FLAGS, "cpu.flags");
}

/* collect's part, on a guest's CPU flag: identify reads both names */
static void test_collect_part(void **state)
{
	(void)state;
	struct kb *k = kb();
	struct inventory *inv = inventory_new();
	struct component *c = collect_memory_not_read(inv, "/proc/meminfo", "smbios: not root");
	assert_string_equal(c->id, DIMM_NOT_READ_ID);
	assert_string_equal(extra(c, MEMORY_NOT_READ, false), "smbios: not root");
	identify_component(k, inv, c, date_parse("2026-06-01"));
	assert_null(c->attr->maker.org);
	assert_string_equal(c->attr->maker.unknown_reason,
			    "memory that was not read: smbios: not root");
	component_set_extra(inv, c, CPU_FLAGS, 0, "hypervisor", "/proc/cpuinfo");
	identify_component(k, inv, c, date_parse("2026-06-01"));
	assert_string_equal(c->attr->maker.org, "hypervisor");
	inventory_free(inv);
	kb_free(k);
}

/* import's part, for a GLPI inventory without memories */
static void test_import_part(void **state)
{
	(void)state;
	static const char glpi[] =
		"{\"deviceid\":\"pc-2026-06-01\",\"content\":{\"bios\":{\"smanufacturer\":"
		"\"Dell Inc.\",\"smodel\":\"PowerEdge R640\"},\"cpus\":[{\"manufacturer\":"
		"\"Intel\",\"name\":\"Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\"}]}}";
	struct kb *k = kb();
	struct inventory *inv = must_import_text(glpi, "glpi.json", IMPORT_GLPI, NULL);
	const struct component *c = find(inv, DIMM_NOT_READ_ID);
	const char *why = extra(c, MEMORY_NOT_READ, false);
	assert_string_equal(why, "the GLPI inventory lists no memory module (the agent reads "
				 "them with dmidecode, as root)");
	identify_inventory(k, inv, date_parse("2026-06-01"));
	char *want = NULL;
	if (asprintf(&want, "memory that was not read: %s", why) < 0)
		fail();
	assert_string_equal(c->attr->maker.unknown_reason, want);
	free(want);
	inventory_free(inv);
	kb_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_collect_part),
		cmocka_unit_test(test_import_part),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
