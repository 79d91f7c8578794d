/*
 * test_import_spd.c — SPD dumps fed to scan, import and identify --spd
 * (issue 11, item 4): raw images, hex text in the forms users have
 * (illumos hex2spd, i2cdump, xxd, hexdump -C), decode-dimms text, bad CRCs,
 * and what goes wrong.
 *
 * Raw images are built from the JEDEC layouts by tests/support/fx_spd.c (no
 * real dump is copied: those published carry no licence); the hex forms are
 * made from them the way each tool prints (i2cdump: i2c-tools
 * tools/i2cdump.c; xxd; hexdump -C), and the illumos files are the real ones
 * under tests/fixtures/hw/spd-hex/.  Every form of one image must give the
 * same fields as collect would.
 */
#include "testutil.h"
#include "import-test.h"
#include "fx_spd.h"

#include "chipscreen.h"
#include "collect/spd.h"
#include "identify/identify.h"
#include "import/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kb *kb;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	kb = kb_load(src_path("data"), "", "", &err);
	strbuf_release(&err);
	return kb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	kb_free(kb);
	return 0;
}

/* Kingston DDR4 with Micron DRAM (real pairing: KF552C40-16, identifiers.md §4). */
static const struct fx_spd kingston = {
	.type = FX_DDR4,
	.module_maker = {0x01, 0x98},
	.dram_maker = {0x80, 0x2C},
	.part = "KF432C16BB/16",
	.serial = 0x12345678,
	.year = 2021,
	.week = 7,
	.die_gbit = 8,
	.width = 8,
	.ranks = 2,
};

/* The decoded fields of the one dimm, as a line, sources aside. */
static void fields(const struct inventory *inv, struct strbuf *out)
{
	strbuf_reset(out);
	assert_int_equal(inv->ncomps, 1);
	const struct component *c = &inv->comps[0];
	assert_int_equal(c->kind, KIND_DIMM);
	static const enum fkey keys[] = {FK_MEMORY_TYPE,      FK_JEDEC_MODULE, FK_JEDEC_DRAM,
					 FK_PART_NUMBER,      FK_SERIAL,       FK_SIZE_BYTES,
					 FK_MANUFACTURE_DATE, FK_SPD_CRC};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const struct field *f = component_field(c, keys[i], true);
		if (!f)
			f = component_field(c, keys[i], false);
		strbuf_addf(out, "%s=%s%s ", field_key_name(keys[i]), f ? f->value : "-",
			    f && (f->flags & FIELD_UNTRUSTED) ? "(untrusted)" : "");
	}
}

static void i2cdump(const uint8_t *b, size_t n, struct strbuf *sb)
{
	strbuf_addstr(sb, "No size specified (using byte-data access)\n"
			  "     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    "
			  "0123456789abcdef\n");
	for (size_t o = 0; o < n; o += 16) {
		strbuf_addf(sb, "%02zx:", o & 0xff);
		for (int i = 0; i < 16; i++)
			strbuf_addf(sb, " %02x", b[o + i]);
		strbuf_addstr(sb, "    ");
		for (int i = 0; i < 16; i++)
			strbuf_addch(sb, b[o + i] >= 0x20 && b[o + i] < 0x7f ? (char)b[o + i] : '.');
		strbuf_addch(sb, '\n');
	}
}

static void xxd(const uint8_t *b, size_t n, struct strbuf *sb)
{
	for (size_t o = 0; o < n; o += 16) {
		strbuf_addf(sb, "%08zx:", o);
		for (int i = 0; i < 16; i += 2)
			strbuf_addf(sb, " %02x%02x", b[o + i], b[o + i + 1]);
		strbuf_addstr(sb, "  ");
		for (int i = 0; i < 16; i++)
			strbuf_addch(sb, b[o + i] >= 0x20 && b[o + i] < 0x7f ? (char)b[o + i] : '.');
		strbuf_addch(sb, '\n');
	}
}

/* hexdump -C, with its "*" for lines that repeat the one before. */
static void hexdump_c(const uint8_t *b, size_t n, struct strbuf *sb)
{
	bool star = false;
	for (size_t o = 0; o < n; o += 16) {
		if (o && !memcmp(b + o, b + o - 16, 16)) {
			if (!star)
				strbuf_addstr(sb, "*\n");
			star = true;
			continue;
		}
		star = false;
		strbuf_addf(sb, "%08zx ", o);
		for (int i = 0; i < 16; i++)
			strbuf_addf(sb, "%s %02x", i == 8 ? " " : "", b[o + i]);
		strbuf_addstr(sb, "  |");
		for (int i = 0; i < 16; i++)
			strbuf_addch(sb, b[o + i] >= 0x20 && b[o + i] < 0x7f ? (char)b[o + i] : '.');
		strbuf_addstr(sb, "|\n");
	}
	strbuf_addf(sb, "%08zx\n", n);
}

static struct inventory *imp(const void *data, size_t n, const char *name, enum import_format f)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (import_buffer(data, n, name, f, NULL, inv, &err))
		fail_msg("%s: %s", name, err.buf);
	strbuf_release(&err);
	return inv;
}

static void test_every_form_same(void **state)
{
	(void)state;
	uint8_t img[FX_SPD_MAX];
	size_t n = fx_spd_build(&kingston, img);
	assert_int_equal(n, 512);
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT, text = STRBUF_INIT;
	/* raw, detected from its bytes */
	assert_int_equal(import_detect((const char *)img, n, NULL), IMPORT_SPD);
	struct inventory *inv = imp(img, n, "0-0050.eeprom", IMPORT_AUTO);
	fields(inv, &want);
	assert_string_equal(want.buf, "memory_type=DDR4 jedec_module=0198 jedec_dram=802C "
				      "part_number=KF432C16BB/16        serial=12345678 "
				      "size_bytes=17179869184 manufacture_date=2107 "
				      "spd_crc=ok ");
	/* identified: Kingston module, Micron DRAM (certain, from the SPD) */
	identify_inventory(kb, inv, 0);
	assert_string_equal(inv->comps[0].attr->maker.org, "kingston");
	assert_string_equal(inv->comps[0].attr->chip_maker.org, "micron");
	assert_int_equal(inv->comps[0].attr->chip_maker.conf, CONF_CERTAIN);
	inventory_free(inv);
	void (*forms[])(const uint8_t *, size_t, struct strbuf *) = {i2cdump, xxd, hexdump_c};
	const char *names[] = {"i2cdump", "xxd", "hexdump -C"};
	for (int k = 0; k < 3; k++) {
		strbuf_reset(&text);
		if (k == 0) { /* i2cdump shows 256 bytes a page: DDR4's two pages */
			i2cdump(img, 256, &text);
			strbuf_addstr(&text, "# page 1 (ee1004 set_page 1)\n");
			struct strbuf p2 = STRBUF_INIT;
			i2cdump(img + 256, 256, &p2);
			/* offsets of page 1 are printed from 00 again: rewrite them */
			for (size_t o = 0, line = 0; o < p2.len; line++) {
				const char *nl = memchr(p2.buf + o, '\n', p2.len - o);
				size_t ln = (size_t)(nl - (p2.buf + o));
				if (line >= 2)
					strbuf_addf(&text, "1%.*s\n", (int)ln, p2.buf + o);
				o += ln + 1;
			}
			strbuf_release(&p2);
		} else {
			forms[k](img, n, &text);
		}
		assert_int_equal(import_detect(text.buf, text.len, NULL), IMPORT_SPD);
		inv = imp(text.buf, text.len, "dump.txt", IMPORT_AUTO);
		fields(inv, &got);
		if (strcmp(got.buf, want.buf))
			fail_msg("%s: %s\nwant %s", names[k], got.buf, want.buf);
		inventory_free(inv);
	}
	strbuf_release(&want);
	strbuf_release(&got);
	strbuf_release(&text);
}

/* A bad CRC: fields kept, untrusted, warned about, as collect does. */
static void test_bad_crc(void **state)
{
	(void)state;
	struct fx_spd d = kingston;
	d.bad_crc = true;
	uint8_t img[FX_SPD_MAX];
	size_t n = fx_spd_build(&d, img);
	struct inventory *inv = imp(img, n, "bad.bin", IMPORT_SPD);
	struct strbuf got = STRBUF_INIT;
	fields(inv, &got);
	assert_non_null(strstr(got.buf, "jedec_dram=802C(untrusted)"));
	assert_non_null(strstr(got.buf, "spd_crc=bad: stored"));
	assert_true(inv->nwarnings >= 1);
	inventory_free(inv);
	strbuf_release(&got);
}

/* The real illumos files: each gives one module with its maker codes. */
static void test_illumos_files(void **state)
{
	(void)state;
	static const struct {
		const char *file, *module, *dram;
	} cases[] = {
		{"hw/spd-hex/ddr3_M393B4G70BM0-CMA09.spd", "80CE", "80CE"},
		{"hw/spd-hex/ddr3_MT36KSZF2G72LDZ-1G6E2A7.spd", "802C", "802C"},
		{"hw/spd-hex/ddr4_M386AAK40B40-CWD70.spd", "80CE", "80CE"},
		{"hw/spd-hex/ddr5_MTC40F2046S1RC48BA1.spd", "802C", "802C"},
		/* synthetic: its DRAM id 00 2C lacks the parity bit, kept as stored */
		{"hw/spd-hex/lpddr4_MT53D1024M32D4.spd", "802C", "002C"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		SKIP_WITHOUT_SHARED(path, cases[i].file);
		struct inventory *inv = must_import(path, IMPORT_AUTO, NULL);
		assert_int_equal(inv->ncomps, 1);
		const struct component *c = &inv->comps[0];
		assert_string_equal(component_field(c, FK_JEDEC_MODULE, true)->value,
				    cases[i].module);
		assert_string_equal(component_field(c, FK_JEDEC_DRAM, true)->value,
				    cases[i].dram);
		assert_string_equal(component_get(c, FK_SPD_CRC), "ok");
		inventory_free(inv);
	}
}

/* decode-dimms text, as its printl() lays it out (i2c-tools eeprom/decode-dimms). */
static const char decode_dimms[] =
	"# decode-dimms version 4.3\n"
	"\n"
	"Memory Serial Presence Detect Decoder\n"
	"By Philip Edelbrock, Christian Zuckschwerdt, Burkart Lingner,\n"
	"Jean Delvare, Trent Piepho and others\n"
	"\n"
	"\n"
	"Decoding EEPROM: /sys/bus/i2c/drivers/ee1004/0-0050\n"
	"Guessing DIMM is in                              bank 1\n"
	"Kernel driver used                               ee1004\n"
	"\n"
	"---=== SPD EEPROM Information ===---\n"
	"EEPROM CRC of bytes 0-125                        OK (0x583C)\n"
	"# of bytes written to SDRAM EEPROM               384\n"
	"Total number of bytes in EEPROM                  512\n"
	"Fundamental Memory type                          DDR4 SDRAM\n"
	"SPD Revision                                     1.1\n"
	"Module Type                                      UDIMM\n"
	"EEPROM CRC of bytes 128-253                      OK (0x3D5C)\n"
	"\n"
	"---=== Memory Characteristics ===---\n"
	"Maximum module speed                             3200 MT/s (PC4-25600)\n"
	"Size                                             16384 MB\n"
	"\n"
	"---=== Manufacturer Data ===---\n"
	"Module Manufacturer                              Kingston\n"
	"DRAM Manufacturer                                Micron Technology\n"
	"Manufacturing Location Code                      0x01\n"
	"Manufacturing Date                               2021-W07\n"
	"Assembly Serial Number                           0x12345678\n"
	"Part Number                                      KF432C16BB/16\n"
	"\n"
	"Decoding EEPROM: /sys/bus/i2c/drivers/ee1004/0-0051\n"
	"\n"
	"---=== SPD EEPROM Information ===---\n"
	"EEPROM CRC of bytes 0-125                        Bad\n"
	"(found 0x1234, calculated 0x583C)\n"
	"Fundamental Memory type                          DDR4 SDRAM\n"
	"\n"
	"---=== Manufacturer Data ===---\n"
	"Module Manufacturer                              Samsung\n"
	"DRAM Manufacturer                                Samsung\n"
	"Part Number                                      M378A2K43EB1-CWE\n"
	"\n"
	"\n"
	"Number of SDRAM DIMMs detected and decoded: 2\n";

static void test_decode_dimms(void **state)
{
	(void)state;
	assert_int_equal(import_detect(decode_dimms, sizeof decode_dimms - 1, NULL),
			 IMPORT_DECODE_DIMMS);
	struct inventory *inv = imp(decode_dimms, sizeof decode_dimms - 1, "dd.txt", IMPORT_AUTO);
	assert_int_equal(inv->ncomps, 2);
	const struct component *a = inventory_find(inv, "dimm/spd-0-0050");
	assert_non_null(a);
	assert_string_equal(component_get(a, FK_PART_NUMBER), "KF432C16BB/16");
	assert_string_equal(component_get(a, FK_SERIAL), "12345678");
	assert_string_equal(component_get(a, FK_SIZE_BYTES), "17179869184");
	assert_string_equal(component_get(a, FK_MANUFACTURE_DATE), "2021-W07");
	assert_string_equal(component_get(a, FK_SPD_CRC), "ok");
	identify_inventory(kb, inv, 0);
	/* names only: the chip maker from "DRAM Manufacturer", weak */
	assert_string_equal(a->attr->chip_maker.org, "micron");
	assert_int_equal(a->attr->chip_maker.conf, CONF_WEAK);
	assert_string_equal(a->attr->maker.org, "kingston");
	/* the second: a bad CRC makes its fields untrusted */
	const struct component *b = inventory_find(inv, "dimm/spd-0-0051");
	assert_non_null(b);
	assert_true(component_field(b, FK_PART_NUMBER, false)->flags & FIELD_UNTRUSTED);
	assert_non_null(strstr(component_get(b, FK_SPD_CRC), "bad"));
	inventory_free(inv);
}

/* Real decode-dimms 4.3 output (i2c-tools, `decode-dimms -x` on hexdumps of
 * two illumos SPD files): the same modules as the SPD bytes give. */
static void test_decode_dimms_real(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/decode-dimms/decode-dimms-4.3_ddr3-ddr4.txt");
	struct inventory *inv = must_import(path, IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 2);
	const struct component *a = &inv->comps[0], *b = &inv->comps[1];
	assert_string_equal(component_get(a, FK_PART_NUMBER), "36KSZ2G72LD1G6E2A7");
	assert_string_equal(component_get(a, FK_SERIAL), "CC94AB07");
	assert_string_equal(component_get(a, FK_MANUFACTURE_DATE), "2009-W04");
	assert_string_equal(component_get(a, FK_MEMORY_TYPE), "DDR3");
	assert_string_equal(component_get(a, FK_SPD_CRC), "ok");
	assert_string_equal(component_get(b, FK_PART_NUMBER), "M386AAK40B40-CWD");
	assert_string_equal(component_get(b, FK_SIZE_BYTES), "137438953472");
	identify_inventory(kb, inv, 0);
	assert_string_equal(a->attr->maker.org, "micron");
	assert_string_equal(a->attr->chip_maker.org, "micron");
	assert_string_equal(b->attr->maker.org, "samsung");
	assert_string_equal(b->attr->chip_maker.org, "samsung");
	inventory_free(inv);
}

/* What goes wrong says so, naming the file. */
static void test_errors(void **state)
{
	(void)state;
	uint8_t img[FX_SPD_MAX];
	assert_int_equal(fx_spd_build(&kingston, img), 512);
	struct strbuf text = STRBUF_INIT;
	i2cdump(img, 256, &text);
	/* a byte i2cdump could not read */
	char *xx = strstr(text.buf, "\n20: ") + 5;
	memcpy(xx, "XX", 2);
	char *e = must_reject(text.buf, text.len, "i2c.txt", IMPORT_AUTO, NULL);
	assert_non_null(strstr(e, "i2c.txt: line 5: byte 0x0020 is \"XX\""));
	free(e);
	/* a blank image */
	memset(img, 0xff, 512);
	e = must_reject((const char *)img, 512, "blank.bin", IMPORT_SPD, NULL);
	assert_non_null(strstr(e, "blank.bin: "));
	free(e);
	/* a truncated DDR4 image (256 of 512 bytes) */
	fx_spd_build(&kingston, img);
	e = must_reject((const char *)img, 256, "half.bin", IMPORT_SPD, NULL);
	assert_non_null(strstr(e, "half.bin: "));
	free(e);
	/* a gap in hex text */
	static const char gap[] = "0000: 23 11 0c 02 85 21 00 08 00 60 00 03 01 0b 80 00\n"
				  "0020: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n";
	e = must_reject(gap, sizeof gap - 1, "gap.spd", IMPORT_SPD, NULL);
	assert_non_null(strstr(e, "gap.spd: bytes 0x0010-0x001F are missing"));
	free(e);
	strbuf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_form_same), cmocka_unit_test(test_bad_crc),
		cmocka_unit_test(test_illumos_files),   cmocka_unit_test(test_decode_dimms),
		cmocka_unit_test(test_decode_dimms_real),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
