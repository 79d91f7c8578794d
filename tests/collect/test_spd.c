/*
 * test_spd.c — SPD EEPROMs: images generated per JEDEC replayed through
 * collect, merging with SMBIOS modules, the real dumps in tests/fixtures/hw,
 * and corrupt, truncated and unreadable inputs.
 */
#include "testutil.h"
#include "fx_spd.h"

#include "chipscreen.h"
#include "collect/collect.h"
#include "collect/spd.h"
#include "util/fileio.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEV0 "/sys/bus/i2c/devices/0-0050/eeprom"

/* The field of c named key (a field key name or an extra's name). */
static const struct field *fld(const struct component *c, const char *key, bool raw)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		const char *name = f->key == FK_EXTRA ? f->name : field_key_name(f->key);
		if (!strcmp(name, key) && !!(f->flags & FIELD_RAW) == raw)
			return f;
	}
	return NULL;
}

#define RAW true
#define DEC false

/* Assert value and source of a field; source NULL: not checked. */
static void check(const struct component *c, const char *key, bool raw, const char *value,
		  const char *source)
{
	const struct field *f = fld(c, key, raw);
	if (!f)
		fail_msg("%s: no %s field %s", c->id, raw ? "raw" : "decoded", key);
	if (strcmp(f->value, value))
		fail_msg("%s: %s%s is \"%s\", expected \"%s\"", c->id, key, raw ? " (raw)" : "",
			 f->value, value);
	if (source && strcmp(f->source, source))
		fail_msg("%s: %s source is \"%s\", expected \"%s\"", c->id, key, f->source, source);
}

static size_t count_notes(const struct note *v, size_t n, const char *path)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].what, SPD_WHAT) && (!path || !strcmp(v[i].path, path)))
			k++;
	return k;
}

static const struct note *note_for(const struct note *v, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].what, SPD_WHAT) && !strcmp(v[i].path, path))
			return &v[i];
	return NULL;
}

static size_t count_dimms(const struct inventory *inv)
{
	size_t k = 0;
	for (size_t i = 0; i < inv->ncomps; i++)
		k += inv->comps[i].kind == KIND_DIMM;
	return k;
}

/* The SPD fields a Kingston DDR4 module with Micron DRAM carries. */
static const struct fx_spd kingston_ddr4 = {
	.type = FX_DDR4,
	.module_maker = {0x01, 0x98},
	.dram_maker = {0x80, 0x2C},
	.part = "KF432C16BB/16",
	.serial = 0xABCDEF01,
	.year = 2019,
	.week = 23,
	.die_gbit = 8,
	.width = 8,
	.ranks = 2,
	.dram_stepping = 0x01,
};

static void test_crc16(void **state)
{
	(void)state;
	/* CRC-16 with polynomial 0x1021 and initial value 0 is CRC-16/XMODEM,
	 * whose check value over "123456789" is 0x31C3. */
	assert_int_equal(spd_crc16((const uint8_t *)"123456789", 9), 0x31C3);
	assert_int_equal(spd_crc16((const uint8_t *)"", 0), 0);
	assert_string_equal(spd_type_name(0x12), "DDR5");
	assert_string_equal(spd_type_name(0x11), "LPDDR4X");
	assert_null(spd_type_name(0x42));
}

static void test_ddr4(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	fx_spd_install(root, 0, 0x50, &kingston_ddr4);
	/* A 256 GiB 3DS RDIMM: 16 Gbit x4, 2 package ranks of 4-high stacks. */
	struct fx_spd rd = {
		.type = FX_DDR4,
		.module = FX_RDIMM,
		.module_maker = {0x80, 0xCE},
		.dram_maker = {0x80, 0xCE},
		.register_maker = {0x86, 0x32},
		.part = "M393ABG40M5B-CYF",
		.serial = 0x00000001,
		.year = 2021,
		.week = 53,
		.die_gbit = 16,
		.width = 4,
		.ranks = 2,
		.dies = 4,
		.ecc = true,
		.dram_stepping = 0xFF,
	};
	fx_spd_install(root, 0, 0x51, &rd);

	struct inventory *inv = inventory_new();
	collect_run(inv, root);
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings, NULL), 0);
	assert_int_equal(count_notes(inv->unread, inv->nunread, NULL), 0);
	assert_int_equal(count_dimms(inv), 2);

	const struct component *c = inventory_find(inv, "dimm/spd-0-0050");
	assert_non_null(c);
	assert_int_equal(c->kind, KIND_DIMM);
	assert_string_equal(c->source, DEV0);
	check(c, "memory_type", DEC, "DDR4", DEV0 "#2");
	check(c, "jedec_module", RAW, "0198", DEV0 "#320-321");
	check(c, "jedec_dram", RAW, "802C", DEV0 "#350-351");
	check(c, "part_number", RAW, "KF432C16BB/16       ", DEV0 "#329-348");
	check(c, "part_number", DEC, "KF432C16BB/16", DEV0 "#329-348");
	check(c, "serial", DEC, "ABCDEF01", DEV0 "#325-328");
	check(c, "manufacture_date", RAW, "1923", DEV0 "#323-324");
	check(c, "manufacture_date", DEC, "2019-W23", DEV0 "#323-324");
	check(c, "size_bytes", DEC, "17179869184", DEV0 "#4-13");
	check(c, "ranks", DEC, "2", DEV0 "#4-13");
	check(c, "dram_stepping", RAW, "01", DEV0 "#352");
	check(c, "spd_crc", DEC, "ok", DEV0 "#126-127,254-255");
	check(c, "device", DEC, "0-0050", DEV0);
	assert_null(fld(c, "jedec_register", RAW)); /* a UDIMM has none */
	assert_int_equal(c->nfields, 13);
	for (size_t i = 0; i < c->nfields; i++)
		assert_false(c->fields[i].flags & FIELD_UNTRUSTED);

	c = inventory_find(inv, "dimm/spd-0-0051");
	assert_non_null(c);
	check(c, "memory_type", DEC, "DDR4", NULL);
	check(c, "jedec_module", RAW, "80CE", NULL);
	check(c, "jedec_dram", RAW, "80CE", NULL);
	check(c, "jedec_register", RAW, "8632", "/sys/bus/i2c/devices/0-0051/eeprom#133-134");
	check(c, "part_number", DEC, "M393ABG40M5B-CYF", NULL);
	check(c, "serial", DEC, "00000001", NULL);
	/* 2021 has 52 ISO weeks: week 53 stays raw, no date is made up */
	check(c, "manufacture_date", RAW, "2153", NULL);
	assert_null(fld(c, "manufacture_date", DEC));
	check(c, "size_bytes", DEC, "274877906944", NULL);
	check(c, "ranks", DEC, "2", NULL);
	assert_null(fld(c, "dram_stepping", RAW)); /* 0xFF: not given */
	check(c, "spd_crc", DEC, "ok", NULL);
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

static void test_ddr3(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	/* 16 GiB RDIMM, 4 Gbit x4, 2 ranks, ECC; CRC over bytes 0-116. */
	struct fx_spd r = {
		.type = FX_DDR3,
		.module = FX_RDIMM,
		.module_maker = {0x80, 0xCE},
		.dram_maker = {0x80, 0xCE},
		.register_maker = {0x80, 0xB3},
		.part = "M393B2G70BH0-CK0",
		.serial = 0xA1B2C3D4,
		.year = 2014,
		.week = 5,
		.die_gbit = 4,
		.width = 4,
		.ranks = 2,
		.ecc = true,
		.ddr3_crc_to_116 = true,
	};
	uint8_t img[FX_SPD_MAX];
	size_t n = fx_spd_build(&r, img);
	assert_int_equal(n, 256);
	/* Bytes 117-125 lie outside a 0-116 CRC: changing the week keeps it good. */
	img[121] = 0x06;
	fx_spd_write_device(root, 1, 0x51, "at24", "spd", img, n);
	/* 8 GiB Kingston UDIMM with Micron DRAM, CRC over 0-125. */
	struct fx_spd u = {
		.type = FX_DDR3,
		.module_maker = {0x01, 0x98},
		.dram_maker = {0x80, 0x2C},
		.part = "KVR16N11/8",
		.serial = 0x0102A0FF,
		.year = 2015,
		.week = 41,
		.die_gbit = 4,
		.width = 8,
		.ranks = 2,
	};
	fx_spd_install(root, 1, 0x52, &u);

	struct inventory *inv = inventory_new();
	collect_run(inv, root);
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings, NULL), 0);

	const char *src = "/sys/bus/i2c/devices/1-0051/eeprom";
	const struct component *c = inventory_find(inv, "dimm/spd-1-0051");
	assert_non_null(c);
	check(c, "memory_type", DEC, "DDR3", NULL);
	check(c, "jedec_module", RAW, "80CE", "/sys/bus/i2c/devices/1-0051/eeprom#117-118");
	check(c, "jedec_dram", RAW, "80CE", "/sys/bus/i2c/devices/1-0051/eeprom#148-149");
	check(c, "jedec_register", RAW, "80B3", "/sys/bus/i2c/devices/1-0051/eeprom#65-66");
	check(c, "part_number", RAW, "M393B2G70BH0-CK0  ", NULL);
	check(c, "part_number", DEC, "M393B2G70BH0-CK0",
	      "/sys/bus/i2c/devices/1-0051/eeprom#128-145");
	check(c, "serial", DEC, "A1B2C3D4", "/sys/bus/i2c/devices/1-0051/eeprom#122-125");
	check(c, "manufacture_date", RAW, "1406", NULL);
	check(c, "manufacture_date", DEC, "2014-W06", NULL);
	check(c, "size_bytes", DEC, "17179869184", "/sys/bus/i2c/devices/1-0051/eeprom#4-8");
	check(c, "ranks", DEC, "2", NULL);
	check(c, "spd_crc", DEC, "ok", "/sys/bus/i2c/devices/1-0051/eeprom#126-127");
	check(c, "device", DEC, "1-0051", src);
	assert_null(fld(c, "dram_stepping", RAW)); /* DDR3 has no such byte */
	assert_int_equal(c->nfields, 13);

	c = inventory_find(inv, "dimm/spd-1-0052");
	assert_non_null(c);
	check(c, "jedec_module", RAW, "0198", NULL);
	check(c, "jedec_dram", RAW, "802C", NULL);
	assert_null(fld(c, "jedec_register", RAW));
	check(c, "part_number", DEC, "KVR16N11/8", NULL);
	check(c, "serial", DEC, "0102A0FF", NULL);
	check(c, "manufacture_date", DEC, "2015-W41", NULL);
	check(c, "size_bytes", DEC, "8589934592", NULL);
	check(c, "spd_crc", DEC, "ok", NULL);
	inventory_free(inv);

	/* The same change inside a 0-125 CRC is caught. */
	r.ddr3_crc_to_116 = false;
	n = fx_spd_build(&r, img);
	img[121] = 0x06;
	fx_spd_write_device(root, 1, 0x51, "at24", "spd", img, n);
	inv = inventory_new();
	collect_run(inv, root);
	c = inventory_find(inv, "dimm/spd-1-0051");
	assert_non_null(c);
	assert_non_null(strstr(component_get(c, FK_SPD_CRC), "bad: stored 0x"));
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings, src), 1);
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

static void test_ddr5(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	/* 64 GiB RDIMM: 16 Gbit x4, 2 ranks per sub-channel, 2 sub-channels. */
	struct fx_spd r = {
		.type = FX_DDR5,
		.module = FX_RDIMM,
		.module_maker = {0x80, 0x2C},
		.dram_maker = {0x80, 0x2C},
		.register_maker = {0x86, 0x32},
		.part = "MTC40F2046S1RC48BA1",
		.serial = 0x0BADF00D,
		.year = 2023,
		.week = 52,
		.die_gbit = 16,
		.width = 4,
		.ranks = 2,
		.ecc = true,
		.dram_stepping = 0x41,
	};
	fx_spd_install(root, 3, 0x50, &r);
	/* 32 GiB UDIMM by Kingston with SK hynix DRAM: 16 Gbit x8, 2 ranks. */
	struct fx_spd u = {
		.type = FX_DDR5,
		.module_maker = {0x01, 0x98},
		.dram_maker = {0x80, 0xAD},
		.part = "KF560C36-32",
		.serial = 0x7E57AB1E,
		.year = 2024,
		.week = 9,
		.die_gbit = 16,
		.width = 8,
		.ranks = 2,
	};
	fx_spd_install(root, 3, 0x52, &u);

	struct inventory *inv = inventory_new();
	collect_run(inv, root);
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings, NULL), 0);
	const char *dev = "/sys/bus/i2c/devices/3-0050/eeprom";
	const struct component *c = inventory_find(inv, "dimm/spd-3-0050");
	assert_non_null(c);
	assert_string_equal(c->source, dev);
	check(c, "memory_type", DEC, "DDR5", NULL);
	check(c, "jedec_module", RAW, "802C", "/sys/bus/i2c/devices/3-0050/eeprom#512-513");
	check(c, "jedec_dram", RAW, "802C", "/sys/bus/i2c/devices/3-0050/eeprom#552-553");
	check(c, "jedec_register", RAW, "8632", "/sys/bus/i2c/devices/3-0050/eeprom#240-241");
	check(c, "part_number", RAW, "MTC40F2046S1RC48BA1           ", NULL);
	check(c, "part_number", DEC, "MTC40F2046S1RC48BA1",
	      "/sys/bus/i2c/devices/3-0050/eeprom#521-550");
	check(c, "serial", DEC, "0BADF00D", "/sys/bus/i2c/devices/3-0050/eeprom#517-520");
	check(c, "manufacture_date", RAW, "2352", "/sys/bus/i2c/devices/3-0050/eeprom#515-516");
	check(c, "manufacture_date", DEC, "2023-W52", NULL);
	check(c, "size_bytes", DEC, "68719476736", "/sys/bus/i2c/devices/3-0050/eeprom#4-235");
	check(c, "ranks", DEC, "2", NULL);
	check(c, "dram_stepping", RAW, "41", "/sys/bus/i2c/devices/3-0050/eeprom#554");
	check(c, "spd_crc", DEC, "ok", "/sys/bus/i2c/devices/3-0050/eeprom#510-511");
	check(c, "device", DEC, "3-0050", dev);
	assert_int_equal(c->nfields, 14);

	c = inventory_find(inv, "dimm/spd-3-0052");
	assert_non_null(c);
	check(c, "jedec_module", RAW, "0198", NULL);
	check(c, "jedec_dram", RAW, "80AD", NULL);
	assert_null(fld(c, "jedec_register", RAW));
	check(c, "part_number", DEC, "KF560C36-32", NULL);
	check(c, "serial", DEC, "7E57AB1E", NULL);
	check(c, "manufacture_date", DEC, "2024-W09", NULL);
	check(c, "size_bytes", DEC, "34359738368", NULL);
	check(c, "dram_stepping", RAW, "00", NULL);
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

/* An SMBIOS type 17 module as collect/smbios.c makes it. */
static struct component *smbios_dimm(struct inventory *inv, const char *locator, const char *serial,
				     const char *part, const char *jedec)
{
	char id[64];
	snprintf(id, sizeof id, "dimm/%s", locator);
	struct component *c = inventory_add(inv, KIND_DIMM, id, "/sys/firmware/dmi/tables/DMI");
	component_set(inv, c, FK_LOCATOR, 0, locator, "DMI#17");
	component_set(inv, c, FK_MEMORY_TYPE, 0, "DDR4", "DMI#17");
	if (serial) {
		component_set(inv, c, FK_SERIAL, FIELD_RAW, serial, "DMI#17");
		component_set(inv, c, FK_SERIAL, 0, serial, "DMI#17");
	}
	if (part)
		component_set(inv, c, FK_PART_NUMBER, 0, part, "DMI#17");
	if (jedec)
		component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, jedec, "DMI#17");
	return c;
}

static void run_spd(struct inventory *inv, const char *root)
{
	struct collect_ctx cc = {.root = root, .inv = inv};
	collect_spd(&cc);
}

static void test_merge_agree(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	fx_spd_install(root, 0, 0x50, &kingston_ddr4);
	struct inventory *inv = inventory_new();
	/* SMBIOS prints the serial in lower case, padded; same module. */
	smbios_dimm(inv, "DIMM_A1", "abcdef01  ", "KF432C16BB/16", "0198");
	smbios_dimm(inv, "DIMM_B1", "00000002", "KF432C16BB/16", "0198");
	component_set(inv, &inv->comps[0], FK_SIZE_BYTES, 0, "17179869184", "DMI#17");
	run_spd(inv, root);

	assert_int_equal(inv->ncomps, 2); /* merged, nothing new */
	assert_null(inventory_find(inv, "dimm/spd-0-0050"));
	const struct component *c = inventory_find(inv, "dimm/DIMM_A1");
	assert_string_equal(c->source, "/sys/firmware/dmi/tables/DMI");
	/* agreeing values: SMBIOS keeps its own fields */
	check(c, "serial", DEC, "abcdef01", "DMI#17");
	check(c, "serial", RAW, "abcdef01  ", "DMI#17");
	check(c, "part_number", DEC, "KF432C16BB/16", "DMI#17");
	check(c, "jedec_module", RAW, "0198", "DMI#17");
	check(c, "memory_type", DEC, "DDR4", "DMI#17");
	check(c, "size_bytes", DEC, "17179869184", "DMI#17");
	check(c, "locator", DEC, "DIMM_A1", "DMI#17");
	/* new from SPD */
	check(c, "jedec_dram", RAW, "802C", DEV0 "#350-351");
	check(c, "part_number", RAW, "KF432C16BB/16       ", DEV0 "#329-348");
	check(c, "manufacture_date", DEC, "2019-W23", DEV0 "#323-324");
	check(c, "spd_crc", DEC, "ok", NULL);
	check(c, "device", DEC, "0-0050", NULL);
	for (size_t i = 0; i < c->nfields; i++)
		assert_false(c->fields[i].key == FK_EXTRA &&
			     !strncmp(c->fields[i].name, "smbios.", 7));
	/* the other module is untouched */
	c = inventory_find(inv, "dimm/DIMM_B1");
	assert_null(fld(c, "jedec_dram", RAW));
	assert_null(fld(c, "spd_crc", DEC));
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

static void test_merge_conflict(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	fx_spd_install(root, 0, 0x50, &kingston_ddr4);
	struct inventory *inv = inventory_new();
	/* Same serial, but the BIOS reports another maker, part and size. */
	struct component *s = smbios_dimm(inv, "DIMM_A1", "ABCDEF01", "HX432C16FB3/16", "80CE");
	component_set(inv, s, FK_SIZE_BYTES, 0, "8589934592", "DMI#17");
	run_spd(inv, root);

	assert_int_equal(inv->ncomps, 1);
	const struct component *c = inventory_find(inv, "dimm/DIMM_A1");
	check(c, "jedec_module", RAW, "0198", DEV0 "#320-321");
	check(c, "smbios.jedec_module", RAW, "80CE", "DMI#17");
	check(c, "part_number", DEC, "KF432C16BB/16", DEV0 "#329-348");
	check(c, "smbios.part_number", DEC, "HX432C16FB3/16", "DMI#17");
	check(c, "size_bytes", DEC, "17179869184", DEV0 "#4-13");
	check(c, "smbios.size_bytes", DEC, "8589934592", "DMI#17");
	check(c, "serial", DEC, "ABCDEF01", "DMI#17");
	assert_null(fld(c, "smbios.serial", DEC));
	check(c, "jedec_dram", RAW, "802C", NULL);
	inventory_free(inv);

	/* No serial from SMBIOS: the part number matches, unique among DIMMs. */
	inv = inventory_new();
	smbios_dimm(inv, "DIMM_A1", NULL, "KF432C16BB/16", NULL);
	smbios_dimm(inv, "DIMM_B1", NULL, "KF432C16BB/32", NULL);
	run_spd(inv, root);
	assert_int_equal(inv->ncomps, 2);
	check(inventory_find(inv, "dimm/DIMM_A1"), "jedec_dram", RAW, "802C", NULL);
	assert_null(fld(inventory_find(inv, "dimm/DIMM_B1"), "jedec_dram", RAW));
	inventory_free(inv);

	/* Two modules with that part number and no serial: which one is not
	 * known, so the SPD module stands alone; nothing is matched by position. */
	inv = inventory_new();
	smbios_dimm(inv, "DIMM_A1", NULL, "KF432C16BB/16", NULL);
	smbios_dimm(inv, "DIMM_B1", NULL, "KF432C16BB/16", NULL);
	run_spd(inv, root);
	assert_int_equal(inv->ncomps, 3);
	assert_null(fld(inventory_find(inv, "dimm/DIMM_A1"), "jedec_dram", RAW));
	assert_null(fld(inventory_find(inv, "dimm/DIMM_B1"), "jedec_dram", RAW));
	check(inventory_find(inv, "dimm/spd-0-0050"), "jedec_dram", RAW, "802C", NULL);
	inventory_free(inv);

	/* Serial matches one module, the unique part number another: ambiguous. */
	inv = inventory_new();
	smbios_dimm(inv, "DIMM_A1", "ABCDEF01", "OTHER", NULL);
	smbios_dimm(inv, "DIMM_B1", "1111", "KF432C16BB/16", NULL);
	run_spd(inv, root);
	assert_int_equal(inv->ncomps, 3);
	assert_non_null(inventory_find(inv, "dimm/spd-0-0050"));
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

/* ---------------------------------------------------------------------- */
/* The real dumps                                                          */

static const struct {
	const char *file, *type, *module, *dram, *part, *size;
} real[] = {
	{"spd-hex/ddr3_M393B4G70BM0-CMA09.spd", "DDR3", "80CE", "80CE", "M393B4G70BM0-CMA",
	 "34359738368"},
	/* Micron stores its part number without "MT" and abridged to 18 bytes. */
	{"spd-hex/ddr3_MT36KSZF2G72LDZ-1G6E2A7.spd", "DDR3", "802C", "802C", "36KSZ2G72LD1G6E2A7",
	 "17179869184"},
	{"spd-hex/ddr4_AQD-D4U32N32-SBW.spd", "DDR4", "017A", "00A4", "AQD-D4U32N32-SBW",
	 "34359738368"},
	{"spd-hex/ddr4_AQD-SD4U16GN32-SE1.spd", "DDR4", "8AC8", "0AC8", "AQD-SD4U16GN32-SE1",
	 "17179869184"},
	{"spd-hex/ddr4_M386AAK40B40-CWD70.spd", "DDR4", "80CE", "80CE", "M386AAK40B40-CWD",
	 "137438953472"},
	{"spd-hex/ddr5_MTC40F2046S1RC48BA1.spd", "DDR5", "802C", "802C", "MTC40F2046S1RC48BA1",
	 "68719476736"},
	/* LPDDR: no capacity (NULL), rather than a guessed one */
	{"spd-hex/lpddr3_NT6CL256T32CQ.spd", "LPDDR3", "030B", "030B", "NT6CL256T32CQ-H1", NULL},
	{"spd-hex/lpddr4_MT53D1024M32D4.spd", "LPDDR4", "802C", "002C", "MT53D1024M32D4", NULL},
	{"spd-hex/lpddr5_MT62F4G32D8DV-023.spd", "LPDDR5", "802C", "802C", "MT62F4G32D8DV-023",
	 NULL},
	{"spd-hex/lpddr5_CAMM2.spd", "LPDDR5X", "801A", "8031", "FAKEDIMM-CAMM2", NULL},
	{"spd-hex/lpddr5_SOCAMM2.spd", "LPDDR5X", "801A", "8031", "FAKEDIMM-CAMM2-No, socamm2",
	 NULL},
};

/* Read a dump, raw or hex text, into img; returns its length. */
static size_t load_dump(const char *path, uint8_t *img)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	if (read_file(path, 64 * 1024, &sb, &err) < 0)
		fail_msg("%s", err.buf);
	size_t n = sb.len;
	if (spd_is_hex_text(sb.buf, sb.len)) {
		if (spd_parse_hex_text(sb.buf, sb.len, img, SPD_MAX_SIZE, &n, &err) < 0)
			fail_msg("%s: %s", path, err.buf);
	} else {
		assert_true(n <= SPD_MAX_SIZE);
		memcpy(img, sb.buf, n);
	}
	strbuf_release(&sb);
	strbuf_release(&err);
	return n;
}

static void test_real_dumps(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(dir, "hw/spd-hex");
	(void)dir;
	for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) {
		char rel[256];
		snprintf(rel, sizeof rel, "hw/%s", real[i].file);
		const char *path = shared_data(rel);
		if (!path)
			fail_msg("tests/fixtures/%s is missing", rel);
		uint8_t img[SPD_MAX_SIZE];
		size_t n = load_dump(path, img);
		assert_int_equal(n, !strcmp(real[i].type, "DDR3")  ? 256
				    : strstr(real[i].type, "DDR5") ? 1024
								   : 512);
		struct inventory *inv = inventory_new();
		struct component c = {.kind = KIND_DIMM, .id = real[i].file};
		assert_int_equal(spd_decode(inv, &c, img, n, real[i].file), 0);
		assert_int_equal(inv->nwarnings, 0);
		check(&c, "memory_type", DEC, real[i].type, NULL);
		check(&c, "jedec_module", RAW, real[i].module, NULL);
		check(&c, "jedec_dram", RAW, real[i].dram, NULL);
		check(&c, "part_number", DEC, real[i].part, NULL);
		check(&c, "spd_crc", DEC, "ok", NULL);
		if (real[i].size)
			check(&c, "size_bytes", DEC, real[i].size, NULL);
		else
			assert_null(fld(&c, "size_bytes", DEC));
		inventory_free(inv);
	}
}

/* Dates, serials and register makers of a few dumps, read off the bytes. */
static void test_real_details(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(p1, "hw/spd-hex/ddr5_MTC40F2046S1RC48BA1.spd");
	uint8_t img[SPD_MAX_SIZE];
	size_t n = load_dump(p1, img);
	struct inventory *inv = inventory_new();
	struct component c = {.kind = KIND_DIMM, .id = "ddr5"};
	assert_int_equal(spd_decode(inv, &c, img, n, "ddr5.spd"), 0);
	check(&c, "serial", DEC, "3BF239F8", "ddr5.spd#517-520");
	check(&c, "manufacture_date", DEC, "2022-W43", NULL);
	check(&c, "jedec_register", RAW, "8632", "ddr5.spd#240-241"); /* Montage RCD */
	check(&c, "ranks", DEC, "2", NULL);

	/* Week byte 0x1D is not BCD: the raw bytes stay, no date is made up. */
	SKIP_WITHOUT_SHARED(p2, "hw/spd-hex/ddr4_AQD-SD4U16GN32-SE1.spd");
	n = load_dump(p2, img);
	struct component d = {.kind = KIND_DIMM, .id = "aqd"};
	assert_int_equal(spd_decode(inv, &d, img, n, "aqd.spd"), 0);
	check(&d, "manufacture_date", RAW, "291D", NULL);
	assert_null(fld(&d, "manufacture_date", DEC));
	check(&d, "serial", DEC, "E1BEE218", NULL);

	SKIP_WITHOUT_SHARED(p3, "hw/spd-hex/ddr3_M393B4G70BM0-CMA09.spd");
	n = load_dump(p3, img);
	struct component e = {.kind = KIND_DIMM, .id = "ddr3"};
	assert_int_equal(spd_decode(inv, &e, img, n, "ddr3.spd"), 0);
	/* the comment in the file: Year/Week 0x12/0x19, Serial A22B2E95 */
	check(&e, "manufacture_date", DEC, "2012-W19", NULL);
	check(&e, "serial", DEC, "A22B2E95", NULL);
	check(&e, "jedec_register", RAW, "04B3", "ddr3.spd#65-66");

	assert_int_equal(inv->nwarnings, 0);
	inventory_free(inv);
}

/* ---------------------------------------------------------------------- */
/* Corrupt inputs                                                          */

static void test_bad_crc(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	uint8_t good[FX_SPD_MAX], img[FX_SPD_MAX];
	fx_spd_build(&kingston_ddr4, good);
	struct fx_spd bad = kingston_ddr4;
	bad.bad_crc = true;
	size_t n = fx_spd_build(&bad, img);
	fx_spd_write_device(root, 0, 0x50, "ee1004", "ee1004", img, n);
	unsigned computed = good[126] | good[127] << 8, stored = computed ^ 0xFFFF;

	struct inventory *inv = inventory_new();
	collect_run(inv, root);
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings, NULL), 1);
	const struct note *w = note_for(inv->warnings, inv->nwarnings, DEV0);
	assert_non_null(w);
	char want[256];
	snprintf(want, sizeof want,
		 "CRC of bytes 0-125 does not match: stored 0x%04X, computed 0x%04X; the image is "
		 "corrupt or misread, and every field from it is marked untrusted",
		 stored, computed);
	assert_string_equal(w->reason, want);
	const struct component *c = inventory_find(inv, "dimm/spd-0-0050");
	assert_non_null(c);
	snprintf(want, sizeof want, "bad: stored 0x%04X, computed 0x%04X", stored, computed);
	check(c, "spd_crc", DEC, want, NULL);
	check(c, "jedec_dram", RAW, "802C", NULL);
	size_t untrusted = 0;
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		bool spd_field = f->key != FK_SPD_CRC && f->key != FK_DEVICE;
		assert_int_equal(!!(f->flags & FIELD_UNTRUSTED), spd_field);
		untrusted += spd_field;
	}
	assert_int_equal(untrusted, 11);
	inventory_free(inv);

	/* DDR4 block 1 (bytes 128-253) has its own CRC. */
	memcpy(img, good, 512);
	img[200] ^= 0x01;
	fx_spd_write_device(root, 0, 0x50, "ee1004", "ee1004", img, 512);
	inv = inventory_new();
	collect_run(inv, root);
	c = inventory_find(inv, "dimm/spd-0-0050");
	unsigned c1 = good[254] | good[255] << 8;
	const char *v = component_get(c, FK_SPD_CRC);
	assert_non_null(strstr(v, "bad: bytes 128-253 stored 0x"));
	snprintf(want, sizeof want, "bad: bytes 128-253 stored 0x%04X, computed 0x", c1);
	assert_memory_equal(v, want, strlen(want));
	assert_true(fld(c, "part_number", DEC)->flags & FIELD_UNTRUSTED);
	w = note_for(inv->warnings, inv->nwarnings, DEV0);
	assert_non_null(strstr(w->reason, "CRC of bytes 128-253 does not match"));
	inventory_free(inv);

	/* DDR5: bytes 0-509. */
	struct fx_spd d5 = {.type = FX_DDR5,
			    .module_maker = {0x80, 0x2C},
			    .dram_maker = {0x80, 0x2C},
			    .part = "X",
			    .serial = 1,
			    .bad_crc = true};
	test_rmtree(root);
	fx_spd_install(root, 0, 0x50, &d5);
	inv = inventory_new();
	collect_run(inv, root);
	w = note_for(inv->warnings, inv->nwarnings, DEV0);
	assert_non_null(w);
	assert_non_null(strstr(w->reason, "CRC of bytes 0-509 does not match"));
	c = inventory_find(inv, "dimm/spd-0-0050");
	assert_true(fld(c, "jedec_dram", RAW)->flags & FIELD_UNTRUSTED);
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

static void test_wrong_images(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	uint8_t img[2048];
	size_t n = fx_spd_build(&kingston_ddr4, img);
	/* DDR4 read through a driver that shows only the first page */
	fx_spd_write_device(root, 0, 0x50, "eeprom", "eeprom", img, 256);
	/* DDR5 cut short */
	struct fx_spd d5 = {.type = FX_DDR5, .part = "X", .serial = 1};
	uint8_t img5[FX_SPD_MAX];
	fx_spd_build(&d5, img5);
	fx_spd_write_device(root, 0, 0x51, "spd5118", "spd5118", img5, 600);
	/* blank, all 0xFF and all zero */
	uint8_t blank[512];
	memset(blank, 0xFF, sizeof blank);
	fx_spd_write_device(root, 0, 0x52, "ee1004", "ee1004", blank, 512);
	memset(blank, 0x00, sizeof blank);
	fx_spd_write_device(root, 0, 0x53, "ee1004", "ee1004", blank, 512);
	/* not a memory type */
	uint8_t junk[256];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (uint8_t)(i * 7 + 3);
	junk[2] = 0x42;
	fx_spd_write_device(root, 0, 0x54, "at24", "spd", junk, sizeof junk);
	/* empty file */
	fx_spd_write_device(root, 0, 0x55, "ee1004", "ee1004", img, 0);
	/* longer than its type: decoded, with a warning */
	memset(img + n, 0xEE, 1024 - n);
	fx_spd_write_device(root, 0, 0x56, "ee1004", "ee1004", img, 1024);

	struct inventory *inv = inventory_new();
	collect_run(inv, root);
	static const struct {
		const char *dev, *reason;
	} want[] = {
		{"0-0050",
		 "256 bytes, but a DDR4 SPD image has 512: truncated or partly read (the old "
		 "eeprom driver shows only the first 256 bytes of a DDR4 SPD: load ee1004); "
		 "nothing decoded"},
		{"0-0051",
		 "600 bytes, but a DDR5 SPD image has 1024: truncated or partly read; nothing "
		 "decoded"},
		{"0-0052",
		 "blank image (all 512 bytes are 0xFF): the EEPROM is unprogrammed or was not "
		 "read; nothing decoded"},
		{"0-0053",
		 "blank image (all 512 bytes are 0x00): the EEPROM is unprogrammed or was not "
		 "read; nothing decoded"},
		{"0-0054", "unknown memory type 0x42 in byte 2: not an SPD image, or a type this "
			   "chipscreen does not know; nothing decoded"},
		{"0-0055", "empty file: no SPD image to decode"},
		{"0-0056",
		 "1024 bytes, more than the 512 of a DDR4 SPD image: decoding the first 512"},
	};
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings, NULL), 7);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char path[128], id[64];
		snprintf(path, sizeof path, "/sys/bus/i2c/devices/%s/eeprom", want[i].dev);
		const struct note *w = note_for(inv->warnings, inv->nwarnings, path);
		if (!w)
			fail_msg("no warning for %s", path);
		assert_string_equal(w->reason, want[i].reason);
		snprintf(id, sizeof id, "dimm/spd-%s", want[i].dev);
		if (i < 6)
			assert_null(inventory_find(inv, id)); /* no fields invented */
	}
	const struct component *c = inventory_find(inv, "dimm/spd-0-0056");
	assert_non_null(c);
	check(c, "part_number", DEC, "KF432C16BB/16", NULL);
	check(c, "spd_crc", DEC, "ok", NULL);
	assert_int_equal(count_dimms(inv), 1);
	inventory_free(inv);

	/* A DDR2 image: the type is known, its layout is not decoded. */
	uint8_t ddr2[256] = {0x80, 0x08, 0x08};
	struct component d = {.kind = KIND_DIMM, .id = "x"};
	inv = inventory_new();
	assert_int_equal(spd_decode(inv, &d, ddr2, sizeof ddr2, "ddr2.bin"), 0);
	check(&d, "memory_type", DEC, "DDR2", NULL);
	assert_int_equal(d.nfields, 1);
	assert_int_equal(inv->nunread, 1);
	assert_string_equal(inv->unread[0].reason,
			    "DDR2 SPD: maker fields not decoded (chipscreen "
			    "decodes DDR3, DDR4, DDR5 and LPDDR3 to LPDDR5X)");
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

/* Parse text; returns rc and leaves the error in err. */
static int parse(const char *text, size_t len, uint8_t *img, size_t *n, struct strbuf *err)
{
	return spd_parse_hex_text(text, len, img, SPD_MAX_SIZE, n, err);
}

static void test_hex_text(void **state)
{
	(void)state;
	uint8_t img[SPD_MAX_SIZE];
	size_t n = 0;
	struct strbuf err = STRBUF_INIT;
	/* comments, blank lines, mixed case, CRLF, a repeated line */
	const char *ok = "# header\n\n0000: 23 11 0c 02\r\n0004: AA Bb\n  # indented comment\n"
			 "0004: aa bb\n0006: 01 # trailing comment\n";
	assert_int_equal(parse(ok, strlen(ok), img, &n, &err), 0);
	assert_int_equal(n, 7);
	static const uint8_t want[] = {0x23, 0x11, 0x0C, 0x02, 0xAA, 0xBB, 0x01};
	assert_memory_equal(img, want, sizeof want);
	/* lines out of order land at their offsets */
	const char *rev = "0002: 03 04\n0000: 01 02\n";
	assert_int_equal(parse(rev, strlen(rev), img, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(img[0], 1);
	assert_int_equal(img[3], 4);

	static const struct {
		const char *text, *err;
	} bad[] = {
		/* truncated in the middle of a byte */
		{"0000: 23 11 0C 02\n0010: 00 0", "line 2: expected a hex byte, found \"0\""},
		{"hello world\n",
		 "line 1: expected \"OOOO: XX XX ...\" (a hex offset and a colon), "
		 "found \"hello world\""},
		{"0000 23 11\n", "line 1: expected \"OOOO: XX XX ...\" (a hex offset and a colon), "
				 "found \"0000 23 11\""},
		{"0000: 23 1G\n", "line 1: expected a hex byte, found \"1G\""},
		{"0000: 231\n", "line 1: expected a hex byte, found \"231\""},
		{"0000: 23\n0000: 24\n", "line 2: byte 0x0000 given twice, as 23 and 24"},
		{"0000: 23\n0010: 24\n", "bytes 0x0001-0x000F are missing (no line gives them)"},
		{"1000: 00\n",
		 "line 1: offset 0x1000 is past the 4096 bytes an SPD image can hold"},
		{"", "no data lines (\"OOOO: XX XX ...\"): not SPD hex text"},
		{"# only\n# comments\n", "no data lines (\"OOOO: XX XX ...\"): not SPD hex text"},
		{"0000: \xff\xfe\n", "line 1: expected a hex byte, found \"\\xff\\xfe\""},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		strbuf_reset(&err);
		assert_int_equal(parse(bad[i].text, strlen(bad[i].text), img, &n, &err), -1);
		assert_string_equal(err.buf, bad[i].err);
	}
	/* a NUL inside the text is not hex either */
	assert_int_equal(parse("0000: 2\0003\n", 11, img, &n, &err), -1);
	assert_string_equal(err.buf, "line 1: expected a hex byte, found \"2\\x003\"");
	/* binary SPD is not mistaken for text (DDR4 byte 0 is '#') */
	uint8_t bin[512];
	fx_spd_build(&kingston_ddr4, bin);
	assert_false(spd_is_hex_text((const char *)bin, sizeof bin));
	assert_true(spd_is_hex_text(ok, strlen(ok)));
	strbuf_release(&err);
}

/* A hex dump cut at a line boundary parses, and decoding says it is short. */
static void test_hex_truncated(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/spd-hex/ddr4_M386AAK40B40-CWD70.spd");
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(read_file(path, 65536, &sb, &err), 0);
	const char *cut = strstr(sb.buf, "0100:");
	assert_non_null(cut);
	uint8_t img[SPD_MAX_SIZE];
	size_t n;
	assert_int_equal(
		spd_parse_hex_text(sb.buf, (size_t)(cut - sb.buf), img, sizeof img, &n, &err), 0);
	assert_int_equal(n, 256);
	struct inventory *inv = inventory_new();
	struct component c = {.kind = KIND_DIMM, .id = "x"};
	assert_int_equal(spd_decode(inv, &c, img, n, "cut.spd"), -1);
	assert_int_equal(c.nfields, 0);
	assert_int_equal(inv->nwarnings, 1);
	assert_string_equal(inv->warnings[0].path, "cut.spd");
	assert_non_null(strstr(inv->warnings[0].reason, "256 bytes, but a DDR4 SPD image has 512"));
	inventory_free(inv);
	strbuf_release(&sb);
	strbuf_release(&err);
}

static void test_unreadable(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	/* eeprom is a directory */
	test_write_str(root, "sys/bus/i2c/devices/0-0050/name", "ee1004\n");
	test_symlink(root, "sys/bus/i2c/devices/0-0050/driver",
		     "../../../../bus/i2c/drivers/ee1004");
	strbuf_addf(&p, "%s/sys/bus/i2c/devices/0-0050/eeprom", root);
	assert_int_equal(make_dirs(p.buf, &err), 0);
	/* eeprom is a dangling symlink */
	test_write_str(root, "sys/bus/i2c/devices/0-0051/name", "spd5118\n");
	test_symlink(root, "sys/bus/i2c/devices/0-0051/driver",
		     "../../../../bus/i2c/drivers/spd5118");
	test_symlink(root, "sys/bus/i2c/devices/0-0051/eeprom", "nonexistent/eeprom");
	/* instantiated, but no driver bound: no eeprom at all */
	test_write_str(root, "sys/bus/i2c/devices/0-0052/name", "ee1004\n");
	/* a good one beside them still decodes */
	fx_spd_install(root, 0, 0x53, &kingston_ddr4);

	struct inventory *inv = inventory_new();
	collect_run(inv, root);
	assert_int_equal(count_notes(inv->unread, inv->nunread, NULL), 3);
	const struct note *u =
		note_for(inv->unread, inv->nunread, "/sys/bus/i2c/devices/0-0050/eeprom");
	assert_non_null(u);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/sys/bus/i2c/devices/0-0050/eeprom: Is a directory", root);
	assert_string_equal(u->reason, p.buf);
	u = note_for(inv->unread, inv->nunread, "/sys/bus/i2c/devices/0-0051/eeprom");
	assert_non_null(u);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/sys/bus/i2c/devices/0-0051/eeprom: no such file", root);
	assert_string_equal(u->reason, p.buf);
	u = note_for(inv->unread, inv->nunread, "/sys/bus/i2c/devices/0-0052/eeprom");
	assert_non_null(u);
	strbuf_reset(&p);
	strbuf_addf(&p,
		    "%s/sys/bus/i2c/devices/0-0052/eeprom: no such file (device 0-0052 has no "
		    "driver bound: load it with modprobe ee1004)",
		    root);
	assert_string_equal(u->reason, p.buf);
	assert_int_equal(count_dimms(inv), 1);
	assert_non_null(inventory_find(inv, "dimm/spd-0-0053"));
	assert_int_equal(count_notes(inv->warnings, inv->nwarnings, NULL), 0);
	inventory_free(inv);

	/* Without root privileges, an unreadable file says so. */
	if (geteuid() != 0) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/sys/bus/i2c/devices/0-0053/eeprom", root);
		chmod(p.buf, 0);
		inv = inventory_new();
		collect_run(inv, root);
		u = note_for(inv->unread, inv->nunread, "/sys/bus/i2c/devices/0-0053/eeprom");
		assert_non_null(u);
		assert_non_null(strstr(u->reason, "permission denied"));
		inventory_free(inv);
	}
	strbuf_release(&p);
	strbuf_release(&err);
	test_rmtree(root);
	free(root);
}

static void test_no_spd(void **state)
{
	(void)state;
	static const char why[] =
		"no SPD EEPROM exposed: load the driver (modprobe ee1004 for DDR4, spd5118 for "
		"DDR5, at24 for DDR3) and collect again, or feed a dump to chipscreen "
		"(decode-dimms output, i2cdump output or a copy of the eeprom file: chipscreen "
		"identify --spd FILE, or scan/import FILE); servers with >8 slots or BMC-owned "
		"SMBus never expose SPD";
	char *root = test_tmpdir();
	struct inventory *inv = inventory_new();
	collect_run(inv, root); /* no /sys at all */
	assert_int_equal(count_notes(inv->unread, inv->nunread, NULL), 1);
	const struct note *u = note_for(inv->unread, inv->nunread, "/sys/bus/i2c/devices");
	assert_non_null(u);
	assert_string_equal(u->reason, why);
	inventory_free(inv);

	/* i2c devices, none of them SPD: an adapter, an RTC, an EEPROM at 0x60 */
	test_write_str(root, "sys/bus/i2c/devices/i2c-0/name", "SMBus I801 adapter\n");
	test_write_str(root, "sys/bus/i2c/devices/1-0068/name", "ds1307\n");
	test_symlink(root, "sys/bus/i2c/devices/1-0068/driver",
		     "../../../../bus/i2c/drivers/rtc-ds1307");
	uint8_t img[512];
	fx_spd_build(&kingston_ddr4, img);
	fx_spd_write_device(root, 1, 0x60, "at24", "24c02", img, 256);
	inv = inventory_new();
	collect_run(inv, root);
	assert_int_equal(count_dimms(inv), 0);
	u = note_for(inv->unread, inv->nunread, "/sys/bus/i2c/devices");
	assert_non_null(u);
	assert_string_equal(u->reason, why);
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

/* Every file collect reads is recorded, so `chipscreen capture` copies it. */
struct seen {
	char paths[32][128];
	size_t n;
};

static void remember(void *arg, const char *path)
{
	struct seen *s = arg;
	if (s->n < 32)
		snprintf(s->paths[s->n++], sizeof s->paths[0], "%s", path);
}

static bool was_seen(const struct seen *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->paths[i], path))
			return true;
	return false;
}

static void test_recorded(void **state)
{
	(void)state;
	char *root = test_tmpdir();
	fx_spd_install(root, 0, 0x50, &kingston_ddr4);
	struct inventory *inv = inventory_new();
	struct seen s = {.n = 0};
	struct collect_ctx cc = {.root = root, .inv = inv, .record = remember, .record_arg = &s};
	collect_spd(&cc);
	assert_true(was_seen(&s, "/sys/bus/i2c/devices"));
	assert_true(was_seen(&s, "/sys/bus/i2c/devices/0-0050/driver"));
	assert_true(was_seen(&s, "/sys/bus/i2c/devices/0-0050/name"));
	assert_true(was_seen(&s, DEV0));
	assert_non_null(inventory_find(inv, "dimm/spd-0-0050"));
	inventory_free(inv);
	test_rmtree(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc16),       cmocka_unit_test(test_ddr4),
		cmocka_unit_test(test_ddr3),        cmocka_unit_test(test_ddr5),
		cmocka_unit_test(test_merge_agree), cmocka_unit_test(test_merge_conflict),
		cmocka_unit_test(test_real_dumps),  cmocka_unit_test(test_real_details),
		cmocka_unit_test(test_bad_crc),     cmocka_unit_test(test_wrong_images),
		cmocka_unit_test(test_hex_text),    cmocka_unit_test(test_hex_truncated),
		cmocka_unit_test(test_unreadable),  cmocka_unit_test(test_no_spd),
		cmocka_unit_test(test_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
