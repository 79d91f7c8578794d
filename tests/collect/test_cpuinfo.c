/*
 * test_cpuinfo.c — processors from /proc/cpuinfo when SMBIOS gave none
 * (collect/cpuinfo.c), attributed by their vendor id (cpu-vendors.tsv).
 *
 * The cpuinfo texts are written as the kernel prints them
 * (arch/x86/kernel/cpu/proc.c: "processor\t: 0", "vendor_id\t: ...",
 * "physical id\t: 0", "model name\t: ..."; arch/arm64/kernel/cpuinfo.c:
 * "CPU implementer\t: 0x48", "CPU part\t: 0xd01"), with the vendor strings of
 * Linux's per-vendor files; the model names are made up.
 *
 * collect_memory() reads the same file for the "hypervisor" flag: collect
 * reads it once for both (test_read_once).
 */
#include "testutil.h"
#include "fx_smbios.h"
#include "fx_sysfs.h"
#include "chipscreen.h"
#include "collect/collect.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A block of cpuinfo for one logical CPU on x86. */
static void x86(struct strbuf *sb, int n, const char *vendor, const char *model, int package)
{
	strbuf_addf(sb,
		    "processor\t: %d\nvendor_id\t: %s\ncpu family\t: 6\nmodel name\t: %s\n"
		    "physical id\t: %d\ncpu cores\t: 2\nflags\t\t: fpu vme de pse\n\n",
		    n, vendor, model, package);
}

static void arm(struct strbuf *sb, int n, const char *implementer)
{
	strbuf_addf(sb,
		    "processor\t: %d\nBogoMIPS\t: 200.00\nFeatures\t: fp asimd\n"
		    "CPU implementer\t: %s\nCPU architecture: 8\nCPU variant\t: 0x1\n"
		    "CPU part\t: 0xd01\nCPU revision\t: 0\n\n",
		    n, implementer);
}

/* SMBIOS tables listing one processor (and no memory) under dir. */
static void write_smbios_cpu(const char *dir)
{
	static const struct fx_cpu cpu = {.socket = "CPU1",
					  .manufacturer = "Intel(R) Corporation",
					  .version = "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz",
					  .core_count = 20};
	struct fx_smbios s = {.major = 3,
			      .minor = 0,
			      .system = {.manufacturer = "Dell Inc.", .product = "PowerEdge"},
			      .cpus = &cpu,
			      .ncpus = 1};
	fx_smbios_write(&s, dir, NULL);
}

/* collect --root on a machine with one PCI function and this cpuinfo. */
static cJSON *collect(const char *cpuinfo, bool smbios_cpu)
{
	char *dir = fx_proc_machine(NULL, cpuinfo);
	if (smbios_cpu)
		write_smbios_cpu(dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	if (run_cmd(&o, &e, "scan", "--root", dir, "--format", "json", NULL) > 1)
		fail_msg("scan: %s", e.buf);
	cJSON *doc = cJSON_Parse(o.buf);
	if (!doc)
		fail_msg("not JSON: %.300s %s", o.buf, e.buf);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	return doc;
}

/* The maker's id, or NULL, and the unknown reason in *why. */
static const char *maker(const cJSON *c, const char **why)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, "attribution");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(a, "maker");
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(a, "unknown_reason");
	if (why)
		*why = cJSON_IsString(r) ? r->valuestring : NULL;
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(m, "id");
	return cJSON_IsString(id) ? id->valuestring : NULL;
}

static void test_x86_packages(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 4; i++)
		x86(&sb, i, "GenuineIntel", "Intel(R) Xeon(R) Silver 4210 CPU @ 2.20GHz", i / 2);
	cJSON *doc = collect(sb.buf, false);
	for (int p = 0; p < 2; p++) {
		char id[32];
		snprintf(id, sizeof id, "cpu/cpuinfo-%d", p);
		const cJSON *c = test_component(doc, id);
		if (!c)
			fail_msg("no %s", id);
		assert_string_equal(test_decoded(c, "cpu_vendor", NULL), "GenuineIntel");
		assert_string_equal(test_decoded(c, "model", NULL),
				    "Intel(R) Xeon(R) Silver 4210 CPU @ 2.20GHz");
		assert_string_equal(test_decoded(c, "logical_cpus", NULL), "2");
		assert_string_equal(maker(c, NULL), "intel");
	}
	assert_null(test_component(doc, "cpu/cpuinfo-2"));
	cJSON_Delete(doc);

	/* the vendors whose processors alone return their string */
	static const struct {
		const char *vendor, *org;
	} v[] = {{"AuthenticAMD", "amd"}, {"HygonGenuine", "hygon"}, {"  Shanghai  ", "zhaoxin"}};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		strbuf_reset(&sb);
		x86(&sb, 0, v[i].vendor, "a processor", 0);
		doc = collect(sb.buf, false);
		const cJSON *c = test_component(doc, "cpu/cpuinfo-0");
		assert_non_null(c);
		assert_string_equal(maker(c, NULL), v[i].org);
		cJSON_Delete(doc);
	}
	/* VIA's string, which Zhaoxin's processors return too: not guessed */
	strbuf_reset(&sb);
	x86(&sb, 0, "CentaurHauls", "VIA Nano", 0);
	doc = collect(sb.buf, false);
	const char *why;
	assert_null(maker(test_component(doc, "cpu/cpuinfo-0"), &why));
	assert_non_null(why);
	if (!strstr(why, "cpu_vendor \"CentaurHauls\" is not a CPU vendor id chipscreen knows"))
		fail_msg("why: %s", why);
	cJSON_Delete(doc);
	strbuf_release(&sb);
}

static void test_arm(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 4; i++)
		arm(&sb, i, "0x48");
	cJSON *doc = collect(sb.buf, false);
	const cJSON *c = test_component(doc, "cpu/cpuinfo-0");
	assert_non_null(c);
	assert_string_equal(test_decoded(c, "cpu_vendor", NULL), "arm-0x48");
	assert_null(test_decoded(c, "model", NULL));
	assert_string_equal(test_decoded(c, "logical_cpus", NULL), "4");
	assert_string_equal(maker(c, NULL), "hisilicon");
	cJSON_Delete(doc);

	/* Arm Ltd's own code names the core's designer, not the chip's maker */
	strbuf_reset(&sb);
	arm(&sb, 0, "0x41");
	doc = collect(sb.buf, false);
	const char *why;
	assert_null(maker(test_component(doc, "cpu/cpuinfo-0"), &why));
	if (!why || !strstr(why, "(Arm Ltd's code names the core's designer, not the chip's "
				 "maker)"))
		fail_msg("why: %s", why ? why : "(none)");
	cJSON_Delete(doc);
	strbuf_release(&sb);
}

static void test_nothing_added(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	x86(&sb, 0, "GenuineIntel", "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", 0);
	/* SMBIOS listed the processor: it says more (socket, cores) */
	cJSON *doc = collect(sb.buf, true);
	assert_null(test_component(doc, "cpu/cpuinfo-0"));
	assert_non_null(test_component(doc, "cpu/CPU1"));
	cJSON_Delete(doc);
	/* blocks naming nothing (no vendor, no model) are no processor read */
	doc = collect("processor\t: 0\nBogoMIPS\t: 200.00\n\n", false);
	assert_null(test_component(doc, "cpu/cpuinfo-0"));
	cJSON_Delete(doc);
	strbuf_release(&sb);
}

/* The record hook: how many times collect opened /proc/cpuinfo. */
static void count_cpuinfo(void *arg, const char *path)
{
	if (!strcmp(path, "/proc/cpuinfo"))
		++*(int *)arg;
}

/* The value of extra field name on component id, or NULL. */
static const char *extra(struct inventory *inv, const char *id, const char *name)
{
	const struct component *c = inventory_find(inv, id);
	for (size_t i = 0; c && i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA && !strcmp(c->fields[i].name, name))
			return c->fields[i].value;
	return NULL;
}

/* collect_all() on a machine without SMBIOS memory; reads of cpuinfo in *n. */
static struct inventory *collect_counting(const char *dir, int *n)
{
	struct inventory *inv = inventory_new();
	*n = 0;
	struct collect_ctx cc = {.root = dir, .inv = inv, .record = count_cpuinfo, .record_arg = n};
	collect_all(&cc); /* frees what it kept: ASan's leak check says so */
	return inv;
}

/* The processors and the memory's hypervisor flag come from one read of
 * /proc/cpuinfo: two reads could see two texts, and cost twice. */
static void test_read_once(void **state)
{
	(void)state;
	char *dir = fx_proc_machine("MemTotal:       16318480 kB\n",
				    "processor\t: 0\nvendor_id\t: GenuineIntel\n"
				    "model name\t: Intel(R) Xeon(R) Processor\n"
				    "flags\t\t: fpu vme de pse hypervisor lahf_lm\n\n");
	int n;
	/* both sources use it */
	struct inventory *inv = collect_counting(dir, &n);
	assert_int_equal(n, 1);
	assert_string_equal(extra(inv, "cpu/cpuinfo-0", "logical_cpus"), "1");
	assert_string_equal(extra(inv, "dimm/not-read", "cpu.flags"), "hypervisor");
	inventory_free(inv);
	/* SMBIOS listed the processor: the memory alone reads it, once */
	write_smbios_cpu(dir);
	inv = collect_counting(dir, &n);
	assert_int_equal(n, 1);
	assert_null(inventory_find(inv, "cpu/cpuinfo-0"));
	assert_string_equal(extra(inv, "dimm/not-read", "cpu.flags"), "hypervisor");
	inventory_free(inv);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86_packages),
		cmocka_unit_test(test_arm),
		cmocka_unit_test(test_nothing_added),
		cmocka_unit_test(test_read_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
