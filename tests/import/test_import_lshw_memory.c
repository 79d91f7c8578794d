/*
 * test_import_lshw_memory.c — an lshw output that lists no memory bank has
 * memory that was not read (import/import.c memory_unlisted()).
 *
 * lshw reads memory banks from the SMBIOS tables, which only root may read:
 * run as another user, its output lists the system memory's total and no
 * bank, and the machine read as one without memory was CLEAR ("No
 * findings") under cn-cii, whose rule names Micron.  Now the memory is a
 * part "dimm/not-read" whose maker is unknown for that reason (REVIEW), as
 * for a GLPI inventory without memory and a cut dmidecode dump.  A virtual
 * machine's memory is its host's, and stays clear, by the one test identify
 * makes for every input: the system strings the file gives (QEMU, Hyper-V's
 * "Virtual Machine") or the CPU's "hypervisor" flag, which lshw lists among
 * the CPU's capabilities (the real KVM guest run, tests/fixtures/hw/lshw/,
 * has no SMBIOS strings).  An "lshw -class disk" extract is no machine.
 * The physical machine is the synthetic Dell fixture
 * (tests/fixtures/hw/README.md) with its banks removed, as lshw without root
 * prints it.
 */
#include "import-test.h"

#include "util/fileio.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#define SERVER "tests/fixtures/hw/lshw/lshw-json_server-synthetic.json"
#define GUEST "tests/fixtures/hw/lshw/lshw-B.02.19_kvm-guest"

static void drop_banks(cJSON *n)
{
	cJSON *kids = cJSON_GetObjectItem(n, "children");
	for (int i = cJSON_GetArraySize(kids) - 1; i >= 0; i--) {
		cJSON *k = cJSON_GetArrayItem(kids, i);
		const cJSON *id = cJSON_GetObjectItem(k, "id");
		if (cJSON_IsString(id) && !strncmp(id->valuestring, "bank", 4))
			cJSON_DeleteItemFromArray(kids, i);
		else
			drop_banks(k);
	}
}

/* The server without its banks; vendor, product: the system strings put in
 * (NULL: as the fixture has them). */
static char *without_banks(const char *vendor, const char *product)
{
	struct strbuf t = STRBUF_INIT, e = STRBUF_INIT;
	if (read_file(src_path(SERVER), 1 << 20, &t, &e))
		fail_msg("%s", e.buf);
	cJSON *d = cJSON_Parse(t.buf);
	assert_non_null(d);
	drop_banks(d);
	if (vendor)
		cJSON_ReplaceItemInObject(d, "vendor", cJSON_CreateString(vendor));
	if (product)
		cJSON_ReplaceItemInObject(d, "product", cJSON_CreateString(product));
	char *s = cJSON_Print(d);
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

/* The exit status and the status of dimm/not-read when path is scanned
 * under cn-cii. */
static void scan_status(const char *path, int want_rc, const char *want)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	int rc = run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01", "--format",
			 "json", path, NULL);
	if (rc != want_rc)
		fail_msg("%s: exit %d, not %d: %s", path, rc, want_rc, e.buf);
	cJSON *d = cJSON_Parse(o.buf);
	const cJSON *c, *hit = NULL;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "components"))
	{
		if (!strcmp(cJSON_GetObjectItem(c, "id")->valuestring, "dimm/not-read"))
			hit = c;
	}
	if (!hit)
		fail_msg("%s: no dimm/not-read", path);
	assert_string_equal(cJSON_GetObjectItem(hit, "status")->valuestring, want);
	cJSON_Delete(d);
	strbuf_release(&o);
	strbuf_release(&e);
}

static void test_no_banks(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *text = without_banks(NULL, NULL);
	struct inventory *inv = must_import_text(text, "lshw.json", IMPORT_LSHW_JSON, NULL);
	assert_non_null(not_read(inv));
	assert_string_equal(not_read(inv),
			    "the lshw output lists no memory bank (lshw reads them from the SMBIOS "
			    "tables, as root: run lshw as root, or import dmidecode's output)");
	assert_int_equal(count_kind(inv, KIND_DIMM), 1);
	inventory_free(inv);

	char *dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT;
	/* exit 1 either way: the fixture's ZhiTai SSD is YMTC, Micron SSD too */
	test_write_str(dir, "lshw.json", text);
	strbuf_addf(&p, "%s/lshw.json", dir);
	scan_status(p.buf, 1, "REVIEW");
	free(text);
	/* guests, by their system strings: their platform's memory */
	text = without_banks("QEMU", "Standard PC (Q35 + ICH9, 2009)");
	test_write_str(dir, "qemu.json", text);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/qemu.json", dir);
	scan_status(p.buf, 1, "CLEAR");
	free(text);
	text = without_banks("Microsoft Corporation", "Virtual Machine");
	test_write_str(dir, "hyperv.json", text);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/hyperv.json", dir);
	scan_status(p.buf, 1, "CLEAR");
	free(text);
	strbuf_release(&p);
	test_rmtree(dir);
	free(dir);
}

/* The real KVM guest: no SMBIOS strings, a CPU flag "hypervisor"; nothing
 * else in it is judged, so the scan is clean. */
static void test_guest_flag(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	static const struct {
		const char *ext;
		enum import_format fmt;
	} forms[] = {{".json", IMPORT_LSHW_JSON}, {".xml", IMPORT_LSHW_XML}};
	for (size_t i = 0; i < 2; i++) {
		char *path = NULL;
		if (asprintf(&path, "%s%s", src_path(GUEST), forms[i].ext) < 0)
			fail();
		struct inventory *inv = must_import(path, forms[i].fmt, NULL);
		const struct component *c = find(inv, "dimm/not-read");
		assert_non_null(c);
		assert_string_equal(extra(c, "cpu.flags", false), "hypervisor");
		inventory_free(inv);
		scan_status(path, 0, "CLEAR");
		free(path);
	}
}

static void test_banks_or_extract(void **state)
{
	(void)state;
	struct inventory *inv = must_import(src_path(SERVER), IMPORT_LSHW_JSON, NULL);
	assert_null(not_read(inv));
	assert_int_equal(count_kind(inv, KIND_DIMM), 2);
	inventory_free(inv);
	/* lshw -json -class disk: nodes without the machine's root */
	static const char disk[] = "[{\"id\":\"disk\",\"class\":\"disk\",\"product\":\"Micron_5300_"
				   "MTFDDAK960TDC\",\"businfo\":\"scsi@0:0.0.0\",\"logicalname\":"
				   "\"/dev/sda\"}]";
	inv = must_import_text(disk, "disk.json", IMPORT_LSHW_JSON, NULL);
	assert_null(not_read(inv));
	assert_int_equal(inv->ncomps, 1);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_banks),
		cmocka_unit_test(test_guest_flag),
		cmocka_unit_test(test_banks_or_extract),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
