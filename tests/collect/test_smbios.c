/*
 * test_smbios.c — the SMBIOS source, replayed on tables generated from the
 * specification's layouts (tests/support/fx_smbios.c).
 *
 * One machine description is written as SMBIOS 2.8 and 3.3 and read back
 * through collect_run() and `chipscreen collect --root`; every value is
 * asserted exactly.  Then each kind of damage (checksums, truncation, a string
 * index past the string set, a zero-length structure, no anchor, unreadable
 * files) is applied to the same machine and the warning text and what
 * survived are asserted.  When dmidecode is installed, it decodes the
 * generated tables too, as an independent check of the generator.
 */
#include "testutil.h"
#include "fx_smbios.h"

#include "chipscreen.h"
#include "collect/collect.h"
#include "collect/smbios.h"
#include "util/fileio.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EP   "/sys/firmware/dmi/tables/smbios_entry_point"
#define DMI  "/sys/firmware/dmi/tables/DMI"
#define WHAT "SMBIOS tables"
/* the same, relative to a tree's root */
#define EP_REL  "sys/firmware/dmi/tables/smbios_entry_point"
#define DMI_REL "sys/firmware/dmi/tables/DMI"

static const struct fx_cpu cpus[] = {
	{.socket = "CPU0",
	 .manufacturer = "Intel(R) Corporation",
	 .version = "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz",
	 .id = 0xBFEBFBFF000606A6ull,
	 .max_speed = 3200,
	 .core_count = 32,
	 .family = 0xB3,
	 .serial = "CPU0-SN",
	 .part_number = "CD8068904572601 "},
	/* 288 cores do not fit the byte at 0x23: Core Count 2 (3.0+) holds them. */
	{.socket = "CPU 1",
	 .manufacturer = "Intel(R) Corporation",
	 .version = "Intel(R) Xeon(R) 6 6900E",
	 .id = 0xBFEBFBFF000A06F3ull,
	 .max_speed = 3000,
	 .core_count = 288},
	{.socket = "CPU2", .unpopulated = true},
};

static const struct fx_dimm dimms[] = {
	/* 64 GiB: size word 0x7FFF, Extended Size 65536 MiB. */
	{.locator = "DIMM_A1",
	 .bank_locator = "P0 CHANNEL A",
	 .size_bytes = 64ull << 30,
	 .form_factor = FX_FF_DIMM,
	 .memory_type = FX_MEM_DDR5,
	 .speed = 4800,
	 .configured_speed = 4400,
	 .rank = 2,
	 .manufacturer = "Micron Technology",
	 .serial = "3A1B2C3D",
	 .asset_tag = "A1-TAG",
	 .part_number = "MTC40F2046S1RC48BA1  ",
	 .firmware = "0001",
	 .module_mfr_id = 0x2C80},
	/* An empty slot: size word 0. */
	{.locator = "DIMM_A2", .bank_locator = "P0 CHANNEL A", .manufacturer = "NO DIMM"},
	/* Hex-encoded part number, OEM hex manufacturer, Kingston module id (bank 2). */
	{.locator = "DIMM B1",
	 .bank_locator = "P0 CHANNEL B",
	 .size_bytes = 32ull << 30,
	 .form_factor = FX_FF_DIMM,
	 .memory_type = FX_MEM_DDR4,
	 .speed = 3200,
	 .configured_speed = 2933,
	 .rank = 1,
	 .manufacturer = "002C0632002C",
	 .part_number = "0x4D332037385432393533455A332D434536",
	 .module_mfr_id = 0x9801},
	/* Same locator again; KiB granularity; not UTF-8; bare hex part number;
	 * a controller id; a speed only the 3.3 extended dword holds. */
	{.locator = "DIMM_A1",
	 .bank_locator = "P1 CHANNEL A",
	 .size_bytes = 512ull << 10,
	 .form_factor = FX_FF_SODIMM,
	 .memory_type = FX_MEM_LPDDR4,
	 .speed = 70000,
	 .manufacturer = "Mi\xff"
			 "cron",
	 .part_number = "484D413831475536",
	 .controller_mfr_id = 0x8980},
	/* Size the firmware does not know; type "Unknown". */
	{.locator = "DIMM_C1", .size_bytes = FX_SIZE_UNKNOWN, .manufacturer = "Unknown"},
};

static struct fx_smbios machine(unsigned major, unsigned minor)
{
	struct fx_smbios m = {
		.major = (uint8_t)major,
		.minor = (uint8_t)minor,
		.bios = {.vendor = "American Megatrends International, LLC.",
			 .version = "1.4a ",
			 .date = "03/14/2023",
			 .major = 5,
			 .minor = 27},
		.system = {.manufacturer = "Supermicro",
			   .product = "SYS-221H-TNR",
			   .version = "0123456789",
			   .serial = "S123456X3B01234",
			   .uuid = "4c4c4544-0042-3510-8052-b4c04f4e4d32",
			   .sku = "To be filled by O.E.M.",
			   .family = "Family"},
		.board = {.manufacturer = "Supermicro",
			  .product = "X13DEM",
			  .version = "1.11",
			  .serial = "OM23BS001234",
			  .asset_tag = "Base Board Asset Tag"},
		.chassis = {.manufacturer = "Supermicro",
			    .type = 0x17,
			    .version = "0123456789",
			    .serial = "C2160LM23A01234",
			    .sku = "Default string"},
		.cpus = cpus,
		.ncpus = sizeof cpus / sizeof cpus[0],
		.dimms = dimms,
		.ndimms = sizeof dimms / sizeof dimms[0],
	};
	return m;
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static void field_is(const struct component *c, enum fkey k, bool raw, const char *want)
{
	const struct field *f = component_field(c, k, raw);
	if (!want) {
		if (f)
			fail_msg("%s: %s %s is \"%s\", expected none", c->id,
				 raw ? "raw" : "decoded", field_key_name(k), f->value);
		return;
	}
	if (!f)
		fail_msg("%s: no %s %s, expected \"%s\"", c->id, raw ? "raw" : "decoded",
			 field_key_name(k), want);
	assert_string_equal(f->value, want);
}

/* Raw and decoded the same. */
static void both_are(const struct component *c, enum fkey k, const char *want)
{
	field_is(c, k, true, want);
	field_is(c, k, false, want);
}

static const struct field *extra(const struct component *c, const char *name, bool raw)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA && !strcmp(c->fields[i].name, name) &&
		    !!(c->fields[i].flags & FIELD_RAW) == raw)
			return &c->fields[i];
	return NULL;
}

static void extra_is(const struct component *c, const char *name, bool raw, const char *want)
{
	const struct field *f = extra(c, name, raw);
	if (!want) {
		assert_null(f);
		return;
	}
	if (!f)
		fail_msg("%s: no %s %s, expected \"%s\"", c->id, raw ? "raw" : "decoded", name,
			 want);
	assert_string_equal(f->value, want);
}

static const struct component *comp(struct inventory *inv, const char *id)
{
	const struct component *c = inventory_find(inv, id);
	if (!c)
		fail_msg("no component %s", id);
	return c;
}

static size_t count_notes(const struct note *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += !strcmp(v[i].what, WHAT);
	return k;
}

/* The only SMBIOS warning, which must be on path with this text. */
static void one_warning(struct inventory *inv, const char *path, const char *text)
{
	if (count_notes(inv->warnings, inv->nwarnings) != 1)
		for (size_t i = 0; i < inv->nwarnings; i++)
			print_message("warning: %s: %s\n", inv->warnings[i].path,
				      inv->warnings[i].reason);
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings), 1);
	for (size_t i = 0; i < inv->nwarnings; i++) {
		if (strcmp(inv->warnings[i].what, WHAT))
			continue;
		assert_string_equal(inv->warnings[i].path, path);
		assert_string_equal(inv->warnings[i].reason, text);
	}
}

static size_t smbios_components(const struct inventory *inv)
{
	size_t n = 0;
	for (size_t i = 0; i < inv->ncomps; i++)
		n += !strncmp(inv->comps[i].source, "/sys/firmware/dmi/", 18);
	return n;
}

/* The reason of the part "dimm/not-read" a cut table adds, NULL without it. */
static const char *not_read(struct inventory *inv)
{
	const struct component *c = inventory_find(inv, "dimm/not-read");
	if (!c)
		return NULL;
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA && !strcmp(c->fields[i].name, "memory.not_read"))
			return c->fields[i].value;
	fail_msg("dimm/not-read has no memory.not_read");
	return NULL;
}

static char *write_tree(const struct fx_smbios *m, struct fx_layout *l)
{
	char *dir = test_tmpdir();
	fx_smbios_write(m, dir, l);
	return dir;
}

static struct inventory *replay(const char *dir)
{
	struct inventory *inv = inventory_new();
	collect_run(inv, dir);
	return inv;
}

static void done(struct inventory *inv, char *dir)
{
	inventory_free(inv);
	test_rmtree(dir);
	free(dir);
}

/* ---------------------------------------------------------------------- */
/* A good machine, 3.3 and 2.8                                             */

static void check_platform(struct inventory *inv, bool v3)
{
	const struct host *h = &inv->host;
	assert_string_equal(h->smbios_version, v3 ? "3.3.0" : "2.8");
	assert_string_equal(h->vendor, "Supermicro");
	assert_string_equal(h->product, "SYS-221H-TNR");
	assert_string_equal(h->serial, "S123456X3B01234");
	assert_string_equal(h->uuid, "4c4c4544-0042-3510-8052-b4c04f4e4d32");

	const struct component *c = comp(inv, "bios");
	assert_int_equal(c->kind, KIND_BIOS);
	assert_string_equal(c->source, DMI "#type=0,handle=0x0000");
	both_are(c, FK_MANUFACTURER, "American Megatrends International, LLC.");
	field_is(c, FK_VERSION, true, "1.4a ");
	field_is(c, FK_VERSION, false, "1.4a");
	extra_is(c, "release_date", true, "03/14/2023");
	extra_is(c, "release_date", false, "2023-03-14");
	field_is(c, FK_REVISION, false, "5.27");

	c = comp(inv, "system");
	assert_int_equal(c->kind, KIND_SYSTEM);
	assert_string_equal(c->source, DMI "#type=1,handle=0x0100");
	both_are(c, FK_MANUFACTURER, "Supermicro");
	both_are(c, FK_PRODUCT, "SYS-221H-TNR");
	both_are(c, FK_VERSION, "0123456789");
	both_are(c, FK_SERIAL, "S123456X3B01234");
	/* stored with the first three fields little-endian (2.6+) */
	field_is(c, FK_UUID, true, "44454C4C420010358052B4C04F4E4D32");
	field_is(c, FK_UUID, false, "4c4c4544-0042-3510-8052-b4c04f4e4d32");
	extra_is(c, "sku", false, "To be filled by O.E.M.");
	extra_is(c, "family", true, "Family");
	assert_string_equal(component_field(c, FK_SERIAL, false)->source,
			    DMI "#type=1,handle=0x0100");

	c = comp(inv, "baseboard");
	assert_int_equal(c->kind, KIND_BASEBOARD);
	both_are(c, FK_MANUFACTURER, "Supermicro");
	both_are(c, FK_PRODUCT, "X13DEM");
	both_are(c, FK_VERSION, "1.11");
	both_are(c, FK_SERIAL, "OM23BS001234");
	both_are(c, FK_ASSET_TAG, "Base Board Asset Tag");

	c = comp(inv, "chassis");
	assert_int_equal(c->kind, KIND_CHASSIS);
	both_are(c, FK_MANUFACTURER, "Supermicro");
	field_is(c, FK_FORM_FACTOR, true, "0x17");
	field_is(c, FK_FORM_FACTOR, false, "Rack Mount Chassis");
	both_are(c, FK_SERIAL, "C2160LM23A01234");
	extra_is(c, "sku", false, "Default string");
}

static void check_cpus(struct inventory *inv, bool v3)
{
	const struct component *c = comp(inv, "cpu/CPU0");
	assert_int_equal(c->kind, KIND_CPU);
	assert_string_equal(c->source, DMI "#type=4,handle=0x0400");
	both_are(c, FK_SOCKET, "CPU0");
	both_are(c, FK_MANUFACTURER, "Intel(R) Corporation");
	both_are(c, FK_MODEL, "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz");
	extra_is(c, "processor_id", true, "A6 06 06 00 FF FB EB BF");
	extra_is(c, "max_speed_mhz", false, "3200");
	extra_is(c, "core_count", false, "32");
	both_are(c, FK_SERIAL, "CPU0-SN");
	field_is(c, FK_PART_NUMBER, true, "CD8068904572601 ");
	field_is(c, FK_PART_NUMBER, false, "CD8068904572601");
	field_is(c, FK_ASSET_TAG, false, NULL);

	c = comp(inv, "cpu/CPU_1");
	assert_string_equal(c->source, DMI "#type=4,handle=0x0401");
	both_are(c, FK_SOCKET, "CPU 1");
	extra_is(c, "processor_id", true, "F3 06 0A 00 FF FB EB BF");
	/* 2.8 has no Core Count 2: 0xFF in the byte means "see the word" */
	extra_is(c, "core_count", false, v3 ? "288" : NULL);
	/* the unpopulated socket is no part */
	assert_null(inventory_find(inv, "cpu/CPU2"));
}

static void check_dimms(struct inventory *inv, bool v3)
{
	const struct component *c = comp(inv, "dimm/DIMM_A1");
	const char *src = DMI "#type=17,handle=0x1100";
	assert_int_equal(c->kind, KIND_DIMM);
	assert_string_equal(c->source, src);
	both_are(c, FK_LOCATOR, "DIMM_A1");
	both_are(c, FK_BANK_LOCATOR, "P0 CHANNEL A");
	field_is(c, FK_SIZE_BYTES, false, "68719476736");
	field_is(c, FK_FORM_FACTOR, true, "0x09");
	field_is(c, FK_FORM_FACTOR, false, "DIMM");
	field_is(c, FK_MEMORY_TYPE, true, "0x22");
	field_is(c, FK_MEMORY_TYPE, false, "DDR5");
	field_is(c, FK_SPEED_MTS, false, "4800");
	extra_is(c, "configured_speed_mts", false, "4400");
	field_is(c, FK_RANKS, false, "2");
	both_are(c, FK_MANUFACTURER, "Micron Technology");
	both_are(c, FK_SERIAL, "3A1B2C3D");
	both_are(c, FK_ASSET_TAG, "A1-TAG");
	field_is(c, FK_PART_NUMBER, true, "MTC40F2046S1RC48BA1  ");
	field_is(c, FK_PART_NUMBER, false, "MTC40F2046S1RC48BA1");
	/* 0x2B and up exist from 3.2 on only */
	both_are(c, FK_FIRMWARE, v3 ? "0001" : NULL);
	field_is(c, FK_JEDEC_MODULE, true, v3 ? "802C" : NULL);
	field_is(c, FK_JEDEC_MODULE, false, NULL);
	field_is(c, FK_JEDEC_CONTROLLER, true, NULL); /* word 0: absent */
	field_is(c, FK_JEDEC_REGISTER, true, NULL);
	assert_string_equal(component_field(c, FK_PART_NUMBER, true)->source, src);
	assert_int_equal(component_field(c, FK_PART_NUMBER, true)->flags, FIELD_RAW);

	assert_null(inventory_find(inv, "dimm/DIMM_A2")); /* empty slot */

	c = comp(inv, "dimm/DIMM_B1");
	assert_string_equal(c->source, DMI "#type=17,handle=0x1102");
	both_are(c, FK_LOCATOR, "DIMM B1");
	field_is(c, FK_SIZE_BYTES, false, "34359738368");
	field_is(c, FK_MEMORY_TYPE, false, "DDR4");
	field_is(c, FK_SPEED_MTS, false, "3200");
	extra_is(c, "configured_speed_mts", false, "2933");
	field_is(c, FK_RANKS, false, "1");
	both_are(c, FK_MANUFACTURER, "002C0632002C"); /* identify decodes OEM hex */
	field_is(c, FK_PART_NUMBER, true, "0x4D332037385432393533455A332D434536");
	field_is(c, FK_PART_NUMBER, false, "M3 78T2953EZ3-CE6");
	field_is(c, FK_JEDEC_MODULE, true, v3 ? "0198" : NULL);

	c = comp(inv, "dimm/DIMM_A1#2");
	assert_string_equal(c->source, DMI "#type=17,handle=0x1103");
	both_are(c, FK_LOCATOR, "DIMM_A1");
	both_are(c, FK_BANK_LOCATOR, "P1 CHANNEL A");
	field_is(c, FK_SIZE_BYTES, false, "524288"); /* KiB granularity: 0x8200 */
	field_is(c, FK_FORM_FACTOR, false, "SODIMM");
	field_is(c, FK_MEMORY_TYPE, false, "LPDDR4");
	/* 70000 MT/s needs the 3.3 Extended Speed; 2.8 firmware caps the word */
	field_is(c, FK_SPEED_MTS, false, v3 ? "70000" : "65534");
	extra_is(c, "configured_speed_mts", false, NULL);
	field_is(c, FK_RANKS, false, NULL);
	both_are(c, FK_MANUFACTURER, "Mi\\xffcron");
	field_is(c, FK_PART_NUMBER, true, "484D413831475536");
	field_is(c, FK_PART_NUMBER, false, "HMA81GU6");
	field_is(c, FK_JEDEC_MODULE, true, NULL);
	field_is(c, FK_JEDEC_CONTROLLER, true, v3 ? "8089" : NULL);

	c = comp(inv, "dimm/DIMM_C1");
	field_is(c, FK_SIZE_BYTES, false, NULL); /* 0xFFFF: unknown */
	field_is(c, FK_MEMORY_TYPE, true, "0x02");
	field_is(c, FK_MEMORY_TYPE, false, NULL);
	field_is(c, FK_FORM_FACTOR, false, NULL);
	field_is(c, FK_SPEED_MTS, false, NULL);
	both_are(c, FK_MANUFACTURER, "Unknown");
}

static void check_machine(struct inventory *inv, bool v3)
{
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings), 0);
	assert_int_equal(count_notes(inv->unread, inv->nunread), 0);
	assert_int_equal(smbios_components(inv), 10);
	check_platform(inv, v3);
	check_cpus(inv, v3);
	check_dimms(inv, v3);
	/* nothing untrusted in a good table */
	for (size_t i = 0; i < inv->ncomps; i++)
		for (size_t j = 0; j < inv->comps[i].nfields; j++)
			assert_false(inv->comps[i].fields[j].flags & FIELD_UNTRUSTED);
}

static void test_replay_33(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	char *dir = write_tree(&m, NULL);
	struct inventory *inv = replay(dir);
	check_machine(inv, true);
	done(inv, dir);
}

static void test_replay_28(void **state)
{
	(void)state;
	struct fx_smbios m = machine(2, 8);
	char *dir = write_tree(&m, NULL);
	struct inventory *inv = replay(dir);
	check_machine(inv, false);
	done(inv, dir);
}

/* The generator against the specification: where the bytes go. */
static void test_generator_bytes(void **state)
{
	(void)state;
	struct strbuf ep = STRBUF_INIT, t = STRBUF_INIT;
	struct fx_layout l;
	struct fx_smbios m = machine(2, 8);
	fx_smbios_build(&m, &ep, &t, &l);
	const uint8_t *e = (const uint8_t *)ep.buf, *d = (const uint8_t *)t.buf;
	assert_int_equal(ep.len, 0x1F);
	assert_memory_equal(e, "_SM_", 4);
	assert_memory_equal(e + 0x10, "_DMI_", 5);
	assert_int_equal(e[0x06], 2);
	assert_int_equal(e[0x07], 8);
	assert_int_equal(e[0x16] | e[0x17] << 8, t.len);
	assert_int_equal(e[0x1C] | e[0x1D] << 8, 14); /* 0, 1, 2, 3, 3 x 4, 16, 5 x 17, 127 */
	assert_int_equal(e[0x1E], 0x28);
	/* UUID 4c4c4544-0042-3510-...: time_low, time_mid, time_hi little-endian */
	static const uint8_t uuid[16] = {0x44, 0x45, 0x4C, 0x4C, 0x42, 0x00, 0x10, 0x35,
					 0x80, 0x52, 0xB4, 0xC0, 0x4F, 0x4E, 0x4D, 0x32};
	assert_int_equal(d[l.system_off], 1);
	assert_int_equal(d[l.system_off + 1], 0x1B);
	assert_memory_equal(d + l.system_off + 8, uuid, 16);
	/* 2.8 memory device: 0x28 bytes, 64 GiB as 0x7FFF + 65536 MiB */
	const uint8_t *a1 = d + l.dimm_off[0];
	assert_int_equal(a1[0], 17);
	assert_int_equal(a1[1], 0x28);
	assert_int_equal(a1[2] | a1[3] << 8, 0x1100);
	assert_int_equal(a1[0x0C] | a1[0x0D] << 8, 0x7FFF);
	assert_int_equal(a1[0x1C] | a1[0x1D] << 8 | a1[0x1E] << 16, 65536);
	/* 512 KiB: bit 15 set, 512 */
	const uint8_t *a1b = d + l.dimm_off[3];
	assert_int_equal(a1b[0x0C] | a1b[0x0D] << 8, 0x8200);
	assert_int_equal(d[l.end_off], 127);
	assert_int_equal(l.end_off + 6, t.len);

	m = machine(3, 3);
	fx_smbios_build(&m, &ep, &t, &l);
	e = (const uint8_t *)ep.buf;
	d = (const uint8_t *)t.buf;
	assert_int_equal(ep.len, 0x18);
	assert_memory_equal(e, "_SM3_", 5);
	assert_int_equal(e[0x07], 3);
	assert_int_equal(e[0x08], 3);
	assert_int_equal(e[0x0C] | e[0x0D] << 8, t.len);
	a1 = d + l.dimm_off[0];
	assert_int_equal(a1[1], 0x5C);
	assert_int_equal(a1[0x2C], 0x80); /* Module Manufacturer ID, low byte first */
	assert_int_equal(a1[0x2D], 0x2C);
	const uint8_t *cpu1 = d + l.cpu_off[1];
	assert_int_equal(cpu1[1], 0x30);
	assert_int_equal(cpu1[0x23], 0xFF);
	assert_int_equal(cpu1[0x2A] | cpu1[0x2B] << 8, 288);
	strbuf_release(&ep);
	strbuf_release(&t);
}

/* UUID byte order follows the version: before 2.6 all fields big-endian. */
static void test_uuid_order(void **state)
{
	(void)state;
	struct fx_smbios m = machine(2, 4);
	char *dir = write_tree(&m, NULL);
	struct inventory *inv = replay(dir);
	assert_string_equal(inv->host.smbios_version, "2.4");
	const struct component *c = comp(inv, "system");
	field_is(c, FK_UUID, true, "4C4C4544004235108052B4C04F4E4D32");
	field_is(c, FK_UUID, false, "4c4c4544-0042-3510-8052-b4c04f4e4d32");
	done(inv, dir);
}

/* 3.7 adds the RCD Manufacturer ID at 0x60. */
static void test_rcd_37(void **state)
{
	(void)state;
	static const struct fx_dimm d[] = {{.locator = "P0_A1",
					    .size_bytes = 96ull << 30,
					    .memory_type = FX_MEM_DDR5,
					    .module_mfr_id = 0xAD80,
					    .rcd_mfr_id = 0x3286}};
	struct fx_smbios m = {.major = 3, .minor = 7, .dimms = d, .ndimms = 1};
	char *dir = write_tree(&m, NULL);
	struct inventory *inv = replay(dir);
	assert_string_equal(inv->host.smbios_version, "3.7.0");
	const struct component *c = comp(inv, "dimm/P0_A1");
	field_is(c, FK_SIZE_BYTES, false, "103079215104");
	field_is(c, FK_JEDEC_MODULE, true, "80AD");
	field_is(c, FK_JEDEC_REGISTER, true, "8632");
	done(inv, dir);
}

static const cJSON *jget(const cJSON *o, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	const cJSON *cur = o;
	for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
		cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
	if (!cur)
		fail_msg("no %s in the JSON", path);
	return cur;
}

static const char *jstr(const cJSON *o, const char *path)
{
	const cJSON *v = jget(o, path);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static const cJSON *jcomp(const cJSON *doc, const char *id)
{
	const cJSON *c = test_component(doc, id);
	if (!c)
		fail_msg("no component %s", id);
	return c;
}

static void test_collect_command(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	char *dir = write_tree(&m, NULL);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(run_cmd(&out, &err, "collect", "--root", dir, NULL), 0);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	assert_string_equal(jstr(doc, "host.smbios_version"), "3.3.0");
	assert_string_equal(jstr(doc, "host.vendor"), "Supermicro");
	assert_string_equal(jstr(doc, "host.uuid"), "4c4c4544-0042-3510-8052-b4c04f4e4d32");
	const cJSON *a1 = jcomp(doc, "dimm/DIMM_A1");
	assert_string_equal(jstr(a1, "kind"), "dimm");
	assert_string_equal(jstr(a1, "source"), DMI "#type=17,handle=0x1100");
	assert_string_equal(jstr(a1, "raw.jedec_module.value"), "802C");
	assert_string_equal(jstr(a1, "raw.jedec_module.source"), DMI "#type=17,handle=0x1100");
	assert_string_equal(jstr(a1, "raw.part_number.value"), "MTC40F2046S1RC48BA1  ");
	assert_string_equal(jstr(a1, "decoded.part_number.value"), "MTC40F2046S1RC48BA1");
	assert_string_equal(jstr(a1, "decoded.size_bytes.value"), "68719476736");
	assert_string_equal(jstr(a1, "decoded.memory_type.value"), "DDR5");
	const cJSON *b1 = jcomp(doc, "dimm/DIMM_B1");
	assert_string_equal(jstr(b1, "raw.jedec_module.value"), "0198");
	assert_string_equal(jstr(b1, "decoded.part_number.value"), "M3 78T2953EZ3-CE6");
	const cJSON *a1b = jcomp(doc, "dimm/DIMM_A1#2");
	assert_string_equal(jstr(a1b, "raw.manufacturer.value"), "Mi\\xffcron");
	assert_string_equal(jstr(a1b, "decoded.size_bytes.value"), "524288");
	assert_string_equal(jstr(jcomp(doc, "cpu/CPU_1"), "decoded.core_count.value"), "288");
	assert_string_equal(jstr(jcomp(doc, "bios"), "decoded.release_date.value"), "2023-03-14");
	assert_null(strstr(err.buf, "SMBIOS"));
	cJSON_Delete(doc);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

/* ---------------------------------------------------------------------- */
/* Damage                                                                  */

static void all_untrusted(struct inventory *inv)
{
	size_t n = 0;
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		if (strncmp(c->source, DMI, strlen(DMI)))
			continue;
		for (size_t j = 0; j < c->nfields; j++, n++)
			if (!(c->fields[j].flags & FIELD_UNTRUSTED))
				fail_msg("%s: %s is not marked untrusted", c->id,
					 field_key_name(c->fields[j].key));
	}
	assert_true(n > 50);
}

static void test_bad_entry_checksum(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	m.ep_checksum_error = 0x12;
	char *dir = write_tree(&m, NULL);
	struct inventory *inv = replay(dir);
	one_warning(inv, EP,
		    "entry point checksum is 0x12, should be 0x00: every SMBIOS field is marked "
		    "untrusted");
	/* still read, all of it */
	assert_int_equal(smbios_components(inv), 10);
	assert_string_equal(inv->host.smbios_version, "3.3.0");
	field_is(comp(inv, "dimm/DIMM_A1"), FK_JEDEC_MODULE, true, "802C");
	all_untrusted(inv);
	done(inv, dir);
}

static void test_bad_intermediate_checksum(void **state)
{
	(void)state;
	struct fx_smbios m = machine(2, 8);
	m.dmi_checksum_error = 0x05;
	char *dir = write_tree(&m, NULL);
	struct inventory *inv = replay(dir);
	/* the entry point sum covers the intermediate bytes too */
	one_warning(inv, EP,
		    "intermediate (_DMI_) checksum is 0x05, should be 0x00: every SMBIOS field is "
		    "marked untrusted");
	assert_int_equal(smbios_components(inv), 10);
	all_untrusted(inv);
	done(inv, dir);
}

static void test_truncated_28(void **state)
{
	(void)state;
	struct fx_smbios m = machine(2, 8);
	m.truncate = 10; /* the end structure (6 bytes) and 4 bytes of the last DIMM */
	struct fx_layout l;
	char *dir = write_tree(&m, &l);
	struct inventory *inv = replay(dir);
	char want[300];
	snprintf(want, sizeof want,
		 "structure at offset 0x%04zX (type 17, handle 0x1104) runs past the end of the "
		 "table (0x%04zX bytes, entry point says 0x%04zX): kept the 12 structures before "
		 "it; memory devices from it on were not read",
		 l.dimm_off[4], l.table_len - 10, l.table_len);
	one_warning(inv, DMI, want);
	assert_null(inventory_find(inv, "dimm/DIMM_C1"));
	/* the memory after the cut (tests/collect/test_smbios_cut.c) */
	snprintf(want, sizeof want,
		 "the SMBIOS table ends at byte %zu of the %zu its entry point announces, inside "
		 "a structure of type 17: it was cut, and memory devices from there on were not "
		 "read",
		 l.table_len - 10, l.table_len);
	assert_string_equal(not_read(inv), want);
	assert_int_equal(smbios_components(inv), 10);
	field_is(comp(inv, "dimm/DIMM_A1#2"), FK_PART_NUMBER, false, "HMA81GU6");
	assert_false(component_field(comp(inv, "system"), FK_SERIAL, true)->flags &
		     FIELD_UNTRUSTED);
	done(inv, dir);
}

static void test_truncated_33(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	m.truncate = 3; /* into the end-of-table header */
	struct fx_layout l;
	char *dir = write_tree(&m, &l);
	struct inventory *inv = replay(dir);
	char want[256];
	snprintf(want, sizeof want,
		 "structure at offset 0x%04zX runs past the end of the table (0x%04zX bytes, "
		 "entry point says at most 0x%04zX): kept the 13 structures before it",
		 l.end_off, l.table_len - 3, l.table_len);
	one_warning(inv, DMI, want);
	assert_null(not_read(inv)); /* nothing comes after the end-of-table structure */
	assert_int_equal(smbios_components(inv), 10);
	done(inv, dir);
}

/* Cut on a structure boundary: every structure whole, but fewer than promised. */
static void test_short_table_28(void **state)
{
	(void)state;
	struct fx_smbios m = machine(2, 8);
	m.truncate = 6; /* exactly the end structure */
	struct fx_layout l;
	char *dir = write_tree(&m, &l);
	struct inventory *inv = replay(dir);
	char want[250];
	snprintf(want, sizeof want,
		 "table is 0x%04zX bytes, entry point says 0x%04zX: kept the 13 structures read; "
		 "memory devices after them were not read",
		 l.table_len - 6, l.table_len);
	one_warning(inv, DMI, want);
	/* what is missing cannot be told: it may be memory */
	snprintf(want, sizeof want,
		 "the SMBIOS table ends at byte %zu of the %zu its entry point announces, after 13 "
		 "whole structures: it was cut, and memory devices after the cut were not read",
		 l.table_len - 6, l.table_len);
	assert_string_equal(not_read(inv), want);
	assert_int_equal(smbios_components(inv), 11);
	done(inv, dir);
}

/* 3.x gives only a maximum: a table that stops short of it without an
 * end-of-table structure was cut. */
static void test_short_table_33(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	m.truncate = 6;
	struct fx_layout l;
	char *dir = write_tree(&m, &l);
	struct inventory *inv = replay(dir);
	char want[250];
	snprintf(want, sizeof want,
		 "table is 0x%04zX bytes, entry point says up to 0x%04zX, and has no end-of-table "
		 "structure (type 127): kept the 13 structures read; memory devices after them "
		 "were not read",
		 l.table_len - 6, l.table_len);
	one_warning(inv, DMI, want);
	snprintf(want, sizeof want,
		 "the SMBIOS table ends at byte %zu, before the %zu its entry point announces at "
		 "most, after 13 whole structures and without its end-of-table structure: it was "
		 "cut, and memory devices after the cut were not read",
		 l.table_len - 6, l.table_len);
	assert_string_equal(not_read(inv), want);
	assert_int_equal(smbios_components(inv), 11);
	done(inv, dir);
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* 2.x: the table is as long as promised but holds fewer structures. */
static void test_count_mismatch_28(void **state)
{
	(void)state;
	struct strbuf ep = STRBUF_INIT, t = STRBUF_INIT;
	struct fx_smbios m = machine(2, 8);
	m.truncate = 6; /* no end-of-table structure */
	fx_smbios_build(&m, &ep, &t, NULL);
	uint8_t *e = (uint8_t *)ep.buf;
	e[0x16] = (uint8_t)t.len; /* the entry point agrees on the length */
	e[0x17] = (uint8_t)(t.len >> 8);
	e[0x15] = 0;
	e[0x15] = (uint8_t)-sum(e + 0x10, 0x0F);
	e[0x04] = 0;
	e[0x04] = (uint8_t)-sum(e, 0x1F);
	struct inventory *inv = inventory_new();
	assert_int_equal(smbios_decode(inv, e, ep.len, (const uint8_t *)t.buf, t.len, EP, DMI), 13);
	one_warning(inv, DMI, "table holds 13 structures, entry point says 14");
	/* every byte announced is there: a miscount, not a cut */
	assert_null(not_read(inv));
	inventory_free(inv);
	strbuf_release(&ep);
	strbuf_release(&t);
}

static void test_bad_string_index(void **state)
{
	(void)state;
	struct fx_dimm d[sizeof dimms / sizeof dimms[0]];
	memcpy(d, dimms, sizeof d);
	d[0].bad_part_string = true;
	struct fx_smbios m = machine(3, 3);
	m.dimms = d;
	struct fx_layout l;
	char *dir = write_tree(&m, &l);
	struct inventory *inv = replay(dir);
	/* strings: locator, bank, manufacturer, serial, asset tag, firmware */
	char want[200];
	snprintf(want, sizeof want,
		 "structure at offset 0x%04zX (type 17, handle 0x1100): part number (offset "
		 "0x1A) is string 7, but the structure has 6 strings",
		 l.dimm_off[0]);
	one_warning(inv, DMI, want);
	const struct component *c = comp(inv, "dimm/DIMM_A1");
	field_is(c, FK_PART_NUMBER, true, NULL);
	field_is(c, FK_PART_NUMBER, false, NULL);
	both_are(c, FK_MANUFACTURER, "Micron Technology");
	both_are(c, FK_FIRMWARE, "0001");
	field_is(c, FK_JEDEC_MODULE, true, "802C");
	assert_int_equal(smbios_components(inv), 10);
	done(inv, dir);
}

static void test_zero_length(void **state)
{
	(void)state;
	struct fx_dimm d[sizeof dimms / sizeof dimms[0]];
	memcpy(d, dimms, sizeof d);
	d[2].zero_length = true;
	struct fx_smbios m = machine(3, 3);
	m.dimms = d;
	struct fx_layout l;
	char *dir = write_tree(&m, &l);
	struct inventory *inv = replay(dir);
	char want[300];
	snprintf(want, sizeof want,
		 "structure at offset 0x%04zX (type 17, handle 0x1102) has length 0, less than its "
		 "4-byte header: cannot find the next structure, kept the 10 structures before "
		 "it; memory devices from it on were not read",
		 l.dimm_off[2]);
	one_warning(inv, DMI, want);
	assert_non_null(inventory_find(inv, "dimm/DIMM_A1"));
	assert_null(inventory_find(inv, "dimm/DIMM_B1"));
	assert_null(inventory_find(inv, "dimm/DIMM_A1#2"));
	snprintf(want, sizeof want,
		 "the SMBIOS table's structure at byte %zu (type 17) has length 0, less than its "
		 "4-byte header: memory devices from there on were not read",
		 l.dimm_off[2]);
	assert_string_equal(not_read(inv), want);
	assert_int_equal(smbios_components(inv), 8);
	done(inv, dir);
}

static void test_no_anchor(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	char *dir = write_tree(&m, NULL);
	test_write_str(dir, EP_REL, "garbage, not an entry point");
	struct inventory *inv = replay(dir);
	one_warning(
		inv, EP,
		"entry point (27 bytes) starts with neither _SM_ nor _SM3_: the table is read "
		"without it, up to its end-of-table structure, and every SMBIOS field is marked "
		"untrusted");
	assert_null(inv->host.smbios_version);
	assert_int_equal(smbios_components(inv), 10);
	assert_string_equal(inv->host.uuid, "4c4c4544-0042-3510-8052-b4c04f4e4d32");
	all_untrusted(inv);
	done(inv, dir);
}

static void test_short_entry_point(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	char *dir = write_tree(&m, NULL);
	test_write(dir, EP_REL, "_SM3_\x01\x18\x03", 8);
	struct inventory *inv = replay(dir);
	one_warning(
		inv, EP,
		"_SM3_ entry point is 8 bytes, should be 24: the table is read without it, up to "
		"its end-of-table structure, and every SMBIOS field is marked untrusted");
	assert_int_equal(smbios_components(inv), 10);
	done(inv, dir);
}

/* Hostile bytes: random-looking tables must not crash (run under ASan). */
static void test_hostile_tables(void **state)
{
	(void)state;
	struct strbuf ep = STRBUF_INIT, t = STRBUF_INIT;
	struct fx_smbios m = machine(3, 3);
	fx_smbios_build(&m, &ep, &t, NULL);
	uint32_t x = 2463534242u;
	for (int round = 0; round < 300; round++) {
		struct strbuf c = STRBUF_INIT;
		strbuf_add(&c, t.buf, t.len);
		for (int k = 0; k < 8; k++) { /* xorshift: flip bytes anywhere */
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			c.buf[x % c.len] = (char)(x >> 8);
		}
		size_t cut = round % 3 ? c.len : (x >> 4) % c.len;
		struct inventory *inv = inventory_new();
		smbios_decode(inv, (const uint8_t *)ep.buf, ep.len, (const uint8_t *)c.buf, cut, EP,
			      DMI);
		for (size_t i = 0; i < inv->ncomps; i++)
			assert_non_null(inv->comps[i].id);
		inventory_free(inv);
		strbuf_release(&c);
	}
	strbuf_release(&ep);
	strbuf_release(&t);
}

/* ---------------------------------------------------------------------- */
/* Unreadable tables: the /sys/class/dmi/id fallback                       */

static void check_fallback(struct inventory *inv, bool serial)
{
	assert_string_equal(inv->host.vendor, "Supermicro");
	assert_string_equal(inv->host.product, "SYS-221H-TNR");
	if (serial) {
		assert_string_equal(inv->host.serial, "S123456X3B01234");
		assert_string_equal(inv->host.uuid, "4c4c4544-0042-3510-8052-b4c04f4e4d32");
	} else {
		assert_null(inv->host.serial);
		assert_null(inv->host.uuid);
	}
	assert_null(inv->host.smbios_version);
	const struct component *c = comp(inv, "system");
	assert_string_equal(c->source, "/sys/class/dmi/id");
	both_are(c, FK_MANUFACTURER, "Supermicro");
	both_are(c, FK_VERSION, "0123456789");
	assert_string_equal(component_field(c, FK_PRODUCT, true)->source,
			    "/sys/class/dmi/id/product_name");
	c = comp(inv, "baseboard");
	both_are(c, FK_PRODUCT, "X13DEM");
	c = comp(inv, "bios");
	field_is(c, FK_VERSION, true, "1.4a ");
	field_is(c, FK_VERSION, false, "1.4a");
	extra_is(c, "release_date", false, "2023-03-14");
	both_are(c, FK_REVISION, "5.27");
	c = comp(inv, "chassis");
	field_is(c, FK_FORM_FACTOR, true, "23");
	field_is(c, FK_FORM_FACTOR, false, "Rack Mount Chassis");
	assert_null(inventory_find(inv, "dimm/DIMM_A1"));
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings), 0);
}

static void one_unread(struct inventory *inv, const char *path, const char *reason)
{
	assert_int_equal(count_notes(inv->unread, inv->nunread), 1);
	for (size_t i = 0; i < inv->nunread; i++) {
		if (strcmp(inv->unread[i].what, WHAT))
			continue;
		assert_string_equal(inv->unread[i].path, path);
		assert_string_equal(inv->unread[i].reason, reason);
	}
}

static void test_unreadable_directory(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	char *dir = test_tmpdir();
	fx_smbios_write_dmi_id(&m, dir);
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s%s", dir, EP);
	assert_int_equal(make_dirs(p.buf, &err), 0); /* a directory where the file should be */
	struct inventory *inv = replay(dir);
	one_unread(inv, EP, "Is a directory");
	check_fallback(inv, true); /* as root, product_serial (0400) is readable */
	strbuf_release(&p);
	strbuf_release(&err);
	done(inv, dir);
}

static void test_dangling_symlink(void **state)
{
	(void)state;
	struct fx_smbios m = machine(2, 8);
	char *dir = write_tree(&m, NULL);
	fx_smbios_write_dmi_id(&m, dir);
	/* relative: an absolute link leads out of the root, which is refused
	 * as such (tests/collect/test_devices.c test_root_confined) */
	test_symlink(dir, DMI_REL, "nonexistent/DMI");
	struct inventory *inv = replay(dir);
	one_unread(inv, DMI, "no such file");
	check_fallback(inv, true);
	done(inv, dir);
}

/*
 * The real case: tables 0400 root-only, read by an ordinary user.  As root,
 * a child drops to nobody (65534) and reports what it collected through a
 * pipe; as an ordinary user, files of mode 000 do the same.
 */
static void summarise(struct inventory *inv, struct strbuf *sb)
{
	for (size_t i = 0; i < inv->nunread; i++)
		if (!strcmp(inv->unread[i].what, WHAT))
			strbuf_addf(sb, "unread %s: %s\n", inv->unread[i].path,
				    inv->unread[i].reason);
	const struct component *c = inventory_find(inv, "system");
	strbuf_addf(sb, "vendor=%s product=%s serial=%s warnings=%zu system=%s\n",
		    inv->host.vendor ? inv->host.vendor : "-",
		    inv->host.product ? inv->host.product : "-",
		    inv->host.serial ? inv->host.serial : "-",
		    count_notes(inv->warnings, inv->nwarnings), c ? c->source : "-");
}

static void replay_summary(void *dir, struct strbuf *out)
{
	struct inventory *inv = replay(dir);
	summarise(inv, out);
	inventory_free(inv);
}

static void test_not_root(void **state)
{
	(void)state;
	struct fx_smbios m = machine(3, 3);
	char *dir = write_tree(&m, NULL);
	fx_smbios_write_dmi_id(&m, dir);
	chmod(dir, 0755);
	struct strbuf p = STRBUF_INIT, got = STRBUF_INIT;
	bool root = geteuid() == 0;
	strbuf_addf(&p, "%s%s", dir, EP);
	chmod(p.buf, root ? 0400 : 0);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s%s", dir, DMI);
	chmod(p.buf, root ? 0400 : 0);
	run_as_user(replay_summary, dir, &got);
	/* product_serial is root-only too: no serial */
	assert_string_equal(got.buf, "unread " EP
				     ": permission denied (readable by root only: run as root)\n"
				     "vendor=Supermicro product=SYS-221H-TNR serial=- warnings=0 "
				     "system=/sys/class/dmi/id\n");
	strbuf_release(&p);
	strbuf_release(&got);
	test_rmtree(dir);
	free(dir);
}

static void test_no_tables(void **state)
{
	(void)state;
	/* A VM without DMI: nothing at all. */
	char *dir = test_tmpdir();
	struct inventory *inv = replay(dir);
	one_unread(inv, "/sys/firmware/dmi/tables", "no SMBIOS tables exposed by the kernel");
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings), 0);
	assert_null(inventory_find(inv, "system"));
	assert_null(inv->host.vendor);
	inventory_free(inv);
	/* An old kernel: no tables, but /sys/class/dmi/id. */
	struct fx_smbios m = machine(3, 3);
	fx_smbios_write_dmi_id(&m, dir);
	inv = replay(dir);
	one_unread(inv, "/sys/firmware/dmi/tables", "no SMBIOS tables exposed by the kernel");
	check_fallback(inv, true);
	done(inv, dir);
}

/* ---------------------------------------------------------------------- */
/* Pieces                                                                  */

static void test_unhex(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"0x4D332037385432393533455A332D434536", "M3 78T2953EZ3-CE6"},
		{"0x4D332037385432393533455A332D43453600000000", "M3 78T2953EZ3-CE6"},
		{"484D413831475536  ", "HMA81GU6"},
		{"4D33", "M3"},
		{"002C0632002C", NULL},     /* bytes 00 2C 06 32 ...: not text */
		{"HMT42GR7AFR4A-PB", NULL}, /* not hex */
		{"0x4D3", NULL},            /* odd */
		{"0x", NULL},
		{"2020202020202020", NULL}, /* padding only */
		{"2D2D2D2D", NULL},         /* no letter or digit */
		{"80AD000080AD", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		strbuf_reset(&sb);
		bool ok = smbios_unhex(cases[i].in, strlen(cases[i].in), &sb);
		if (!cases[i].out) {
			if (ok)
				fail_msg("%s decoded to \"%s\"", cases[i].in, sb.buf);
			continue;
		}
		assert_true(ok);
		assert_string_equal(sb.buf, cases[i].out);
	}
	strbuf_release(&sb);
	assert_string_equal(smbios_memory_type(0x1A), "DDR4");
	assert_string_equal(smbios_memory_type(0x22), "DDR5");
	assert_string_equal(smbios_memory_type(0x1E), "LPDDR4");
	assert_string_equal(smbios_memory_type(0x18), "DDR3");
	assert_null(smbios_memory_type(0x02));
	assert_null(smbios_memory_type(0x15));
	assert_null(smbios_memory_type(0xF0));
	assert_string_equal(smbios_memory_form_factor(0x0D), "SODIMM");
	assert_string_equal(smbios_chassis_type(0x17), "Rack Mount Chassis");
}

/* dmidecode, when installed, reads the generated tables as we do. */
static void test_dmidecode_agrees(void **state)
{
	(void)state;
	if (access("/usr/sbin/dmidecode", X_OK) != 0) {
		print_message("SKIP: /usr/sbin/dmidecode is absent; generator not cross-checked\n");
		skip();
	}
	struct fx_smbios m = machine(3, 3);
	struct strbuf bin = STRBUF_INIT, cmd = STRBUF_INIT, out = STRBUF_INIT;
	fx_smbios_dump_bin(&m, &bin);
	char *dir = test_tmpdir();
	test_write(dir, "dump.bin", bin.buf, bin.len);
	strbuf_addf(&cmd, "/usr/sbin/dmidecode --from-dump %s/dump.bin 2>&1", dir);
	FILE *f = popen(cmd.buf, "r");
	assert_non_null(f);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&out, buf, n);
	assert_int_equal(pclose(f), 0);
	static const char *const lines[] = {
		"SMBIOS 3.3.0 present.",
		"\tUUID: 4c4c4544-0042-3510-8052-b4c04f4e4d32\n",
		"\tType: Rack Mount Chassis\n",
		"\tCore Count: 288\n",
		"\tStatus: Unpopulated\n",
		"\tSize: 64 GB\n",
		"\tSize: 512 kB\n",
		"\tType: LPDDR4\n",
		"\tSpeed: 70000 MT/s\n",
		"\tModule Manufacturer ID: Bank 1, Hex 0x2C\n",
		"\tModule Manufacturer ID: Bank 2, Hex 0x98\n",
		"\tMemory Subsystem Controller Manufacturer ID: Bank 1, Hex 0x89\n",
		"\tPart Number: 0x4D332037385432393533455A332D434536\n",
		"Handle 0x7F00, DMI type 127, 4 bytes",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!strstr(out.buf, lines[i]))
			fail_msg("dmidecode output lacks \"%s\":\n%s", lines[i], out.buf);
	assert_null(strstr(out.buf, "checksum"));
	assert_null(strstr(out.buf, "Invalid"));
	strbuf_release(&bin);
	strbuf_release(&cmd);
	strbuf_release(&out);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_33),
		cmocka_unit_test(test_replay_28),
		cmocka_unit_test(test_generator_bytes),
		cmocka_unit_test(test_uuid_order),
		cmocka_unit_test(test_rcd_37),
		cmocka_unit_test(test_collect_command),
		cmocka_unit_test(test_bad_entry_checksum),
		cmocka_unit_test(test_bad_intermediate_checksum),
		cmocka_unit_test(test_truncated_28),
		cmocka_unit_test(test_truncated_33),
		cmocka_unit_test(test_short_table_28),
		cmocka_unit_test(test_short_table_33),
		cmocka_unit_test(test_count_mismatch_28),
		cmocka_unit_test(test_bad_string_index),
		cmocka_unit_test(test_zero_length),
		cmocka_unit_test(test_no_anchor),
		cmocka_unit_test(test_short_entry_point),
		cmocka_unit_test(test_hostile_tables),
		cmocka_unit_test(test_unreadable_directory),
		cmocka_unit_test(test_dangling_symlink),
		cmocka_unit_test(test_not_root),
		cmocka_unit_test(test_no_tables),
		cmocka_unit_test(test_unhex),
		cmocka_unit_test(test_dmidecode_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
