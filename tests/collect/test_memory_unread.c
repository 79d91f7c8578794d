/*
 * test_memory_unread.c — memory no module of which could be read is a
 * question, not a clear (collect/memory.c).
 *
 * Run as another user than root, or where the kernel exposes neither SMBIOS
 * nor SPD, collect read no memory module, and a host whose other parts were
 * clear was CLEAR under cn-cii, whose rule names Micron, a memory maker.  Now
 * the kernel's total (/proc/meminfo, written here as the kernel prints it:
 * "MemTotal:       16318480 kB", fs/proc/meminfo.c) is a component whose
 * maker is unknown for the reason the memory sources gave, judged REVIEW
 * under that rule, in scan and in the fleet alike; on a CPU that reports a
 * hypervisor (the "hypervisor" word in /proc/cpuinfo's flags) it is a virtual
 * machine's memory and judged by no rule.  Where modules were read, or
 * nothing else was (tests/collect/test_nothing_read.c), nothing is added.
 */
#include "testutil.h"
#include "fx_smbios.h"
#include "fx_sysfs.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMINFO    "MemTotal:       16318480 kB\nMemFree:         9013372 kB\n"
#define CPUINFO_HW "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse tsc msr\n"
#define CPUINFO_VM                                                                                 \
	"processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse hypervisor "         \
	"lahf_lm\n"

/* The document a command printed, when it exited with want. */
static cJSON *json_of(const char *what, int rc, int want, struct strbuf *o, struct strbuf *e)
{
	if (rc != want)
		fail_msg("%s: exit %d, not %d: %s", what, rc, want, e->buf);
	cJSON *doc = cJSON_Parse(o->buf);
	if (!doc)
		fail_msg("%s: not JSON: %.200s", what, o->buf);
	strbuf_release(o);
	strbuf_release(e);
	return doc;
}

static cJSON *collect(const char *dir)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	int rc = run_cmd(&o, &e, "collect", "--root", dir, NULL);
	return json_of("collect", rc, 0, &o, &e);
}

static cJSON *scan(const char *dir, int want_rc)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	int rc = run_cmd(&o, &e, "scan", "--root", dir, "--profile", "cn-cii", "--date",
			 "2026-06-01", "--format", "json", NULL);
	return json_of("scan", rc, want_rc, &o, &e);
}

static void test_physical_machine_not_read(void **state)
{
	(void)state;
	char *dir = fx_proc_machine(MEMINFO, CPUINFO_HW);
	cJSON *doc = collect(dir);
	const cJSON *c = test_component(doc, "dimm/not-read");
	assert_non_null(c);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "kind")->valuestring, "dimm");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "source")->valuestring,
			    "/proc/meminfo");
	const char *src;
	/* 16318480 kB of 1024 bytes, 15.6 GiB: rounded up to 16 GiB, so that the
	 * kernel's reservations moving between boots change nothing */
	assert_string_equal(test_decoded(c, "size_bytes", &src), "17179869184");
	assert_string_equal(src, "/proc/meminfo");
	assert_string_equal(test_decoded(c, "memory.not_read", NULL),
			    "SMBIOS tables: no SMBIOS tables exposed by the kernel; SPD EEPROM: no "
			    "SPD EEPROM exposed");
	assert_null(test_decoded(c, "cpu.flags", NULL));
	cJSON_Delete(doc);
	/* another boot's total of the same memory: the same part */
	char *again = fx_proc_machine("MemTotal:       16291840 kB\n", CPUINFO_HW);
	doc = collect(again);
	assert_string_equal(test_decoded(test_component(doc, "dimm/not-read"), "size_bytes", NULL),
			    "17179869184");
	cJSON_Delete(doc);
	test_rmtree(again);
	free(again);

	/* judged: a question under the rule that names Micron */
	doc = scan(dir, 1);
	const cJSON *f, *hit = NULL;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(doc, "findings"))
	{
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(f, "component");
		if (cJSON_IsString(id) && !strcmp(id->valuestring, "dimm/not-read"))
			hit = f;
	}
	if (!hit)
		fail_msg("no finding on dimm/not-read");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(hit, "rule")->valuestring,
			    "cn-cac-micron-2023");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(hit, "verdict")->valuestring,
			    "REVIEW");
	const char *why = cJSON_GetObjectItemCaseSensitive(hit, "reason")->valuestring;
	if (!strstr(why, "no memory module could be read (SMBIOS tables: no SMBIOS tables "
			 "exposed by the kernel; SPD EEPROM: no SPD EEPROM exposed), only the "
			 "kernel's total of memory: collect as root, with the SPD driver loaded, "
			 "to read the modules"))
		fail_msg("reason: %s", why);
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(doc, "summary");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(sum, "worst")->valuestring, "REVIEW");
	cJSON_Delete(doc);

	/* the same in the fleet, from collect's document imported */
	struct strbuf js = STRBUF_INIT, db = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&js, "%s/h1.json", dir);
	strbuf_addf(&db, "%s/fleet.db", dir);
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", dir, "-o", js.buf, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, js.buf, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
				 "2026-06-01", NULL),
			 1);
	assert_non_null(strstr(o.buf, "cn-cac-micron-2023"));
	strbuf_release(&js);
	strbuf_release(&db);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

static void test_virtual_machine(void **state)
{
	(void)state;
	char *dir = fx_proc_machine(MEMINFO, CPUINFO_VM);
	cJSON *doc = scan(dir, 0);
	const cJSON *c = test_component(doc, "dimm/not-read");
	assert_non_null(c);
	assert_string_equal(test_decoded(c, "cpu.flags", NULL), "hypervisor");
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, "attribution");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "virtual");
	assert_true(cJSON_IsString(v));
	assert_string_equal(
		v->valuestring,
		"virtual device: memory on a CPU that reports the flag \"hypervisor\": "
		"a virtual machine's memory, which is its host's (CPUID leaf 1, ECX bit "
		"31)");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "status")->valuestring, "CLEAR");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "findings")), 0);
	cJSON_Delete(doc);
	test_rmtree(dir);
	free(dir);

	/* the kernel's world-readable DMI strings name the platform: they win */
	dir = fx_proc_machine(MEMINFO, CPUINFO_VM);
	test_write_str(dir, "sys/class/dmi/id/sys_vendor", "QEMU\n");
	test_write_str(dir, "sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n");
	doc = scan(dir, 0);
	c = test_component(doc, "dimm/not-read");
	assert_non_null(c);
	a = cJSON_GetObjectItemCaseSensitive(c, "attribution");
	v = cJSON_GetObjectItemCaseSensitive(a, "virtual");
	assert_true(cJSON_IsString(v));
	if (!strstr(v->valuestring, "on a host whose SMBIOS system is \"QEMU...\""))
		fail_msg("virtual: %s", v->valuestring);
	const cJSON *maker = cJSON_GetObjectItemCaseSensitive(a, "maker");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(maker, "id")->valuestring, "qemu");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "status")->valuestring, "CLEAR");
	cJSON_Delete(doc);
	test_rmtree(dir);
	free(dir);
}

static void test_nothing_added(void **state)
{
	(void)state;
	/* modules read from SMBIOS: they say more than a total */
	char *dir = fx_proc_machine(MEMINFO, CPUINFO_HW);
	static const struct fx_dimm dimm = {.locator = "DIMM_A1",
					    .size_bytes = 16ull << 30,
					    .form_factor = FX_FF_DIMM,
					    .memory_type = 0x1a /* DDR4 */,
					    .manufacturer = "Samsung",
					    .part_number = "M393A2K43BB1-CTD"};
	struct fx_smbios m = {.major = 3,
			      .minor = 0,
			      .system = {.manufacturer = "Dell Inc.", .product = "PowerEdge R740"},
			      .dimms = &dimm,
			      .ndimms = 1};
	fx_smbios_write(&m, dir, NULL);
	cJSON *doc = collect(dir);
	assert_null(test_component(doc, "dimm/not-read"));
	assert_non_null(test_component(doc, "dimm/DIMM_A1"));
	cJSON_Delete(doc);
	test_rmtree(dir);
	free(dir);

	/* no total the kernel gives, or one that is not a number of kB */
	static const char *const bad[] = {NULL,
					  "MemFree: 1 kB\n",
					  "MemTotal: lots kB\n",
					  "MemTotal:       0 kB\n",
					  "MemTotal:       16318480 MB\n",
					  "XMemTotal:      16318480 kB\n"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		dir = fx_proc_machine(bad[i], CPUINFO_HW);
		doc = collect(dir);
		if (test_component(doc, "dimm/not-read"))
			fail_msg("a memory component from meminfo %s", bad[i] ? bad[i] : "(none)");
		cJSON_Delete(doc);
		test_rmtree(dir);
		free(dir);
	}
}

int main(void)
{
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_physical_machine_not_read),
		cmocka_unit_test(test_virtual_machine),
		cmocka_unit_test(test_nothing_added),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
