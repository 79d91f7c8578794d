/*
 * test_import_spd_forms.c — SPD dumps in the forms the first importer
 * missed:
 *
 *   - hex bytes without offsets: `od -An -tx1 -v` (" 23 12 0c ..."), a hex
 *     editor's copy ("23 12 0C ..."), `xxd -p` (30 bytes a line, no
 *     spaces, a short last line).  They were "not a format chipscreen
 *     recognises";
 *   - `od` without -v squeezes repeated lines into "*", which without
 *     offsets cannot be expanded: an error that says so;
 *   - a raw image of a size other than 256/384/512/1024 (a programmer's
 *     partial read) was "binary data (NUL byte at offset 8), not text",
 *     even from `identify --spd`: it now gets the decoder's message
 *     ("300 bytes, but a DDR4 SPD image has 512: truncated").
 *
 * The images are the real illumos SPD files in tests/fixtures/hw/spd-hex/;
 * every form must give the fields of the original.
 */
#include "testutil.h"
#include "import-test.h"

#include "chipscreen.h"
#include "import/import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bytes of an illumos hex file ("0000: 23 12 ...", '#' comments). */
static size_t load(const char *path, unsigned char *img, size_t cap)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[512];
	size_t n = 0;
	while (fgets(line, sizeof line, f)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		for (char *t = strtok(line, " \t\r\n"); t; t = strtok(NULL, " \t\r\n")) {
			if (t[strlen(t) - 1] == ':')
				continue; /* the offset */
			assert_true(n < cap);
			img[n++] = (unsigned char)strtoul(t, NULL, 16);
		}
	}
	fclose(f);
	return n;
}

enum form { F_OD, F_UPPER, F_XXDP, F__COUNT };

static char *render(const unsigned char *b, size_t n, enum form f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t per = f == F_XXDP ? 30 : 16;
	for (size_t i = 0; i < n; i += per) {
		for (size_t k = i; k < n && k < i + per; k++) {
			if (f == F_OD)
				strbuf_addf(&sb, " %02x", b[k]);
			else if (f == F_UPPER)
				strbuf_addf(&sb, "%s%02X", k > i ? " " : "", b[k]);
			else
				strbuf_addf(&sb, "%02x", b[k]);
		}
		strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}

static void fields(const struct inventory *inv, struct strbuf *out)
{
	strbuf_reset(out);
	assert_int_equal(inv->ncomps, 1);
	static const enum fkey keys[] = {FK_MEMORY_TYPE, FK_JEDEC_MODULE, FK_JEDEC_DRAM,
					 FK_PART_NUMBER, FK_SERIAL,       FK_SPD_CRC};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = component_get(&inv->comps[0], keys[i]);
		strbuf_addf(out, "%s=%s ", field_key_name(keys[i]), v ? v : "-");
	}
}

static void test_plain_hex(void **state)
{
	(void)state;
	static const char *const files[] = {"hw/spd-hex/ddr3_M393B4G70BM0-CMA09.spd",
					    "hw/spd-hex/ddr4_M386AAK40B40-CWD70.spd",
					    "hw/spd-hex/ddr5_MTC40F2046S1RC48BA1.spd"};
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	unsigned char img[1024];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		SKIP_WITHOUT_SHARED(path, files[i]);
		size_t n = load(path, img, sizeof img);
		struct inventory *inv = must_import(path, IMPORT_SPD, NULL);
		fields(inv, &want);
		assert_non_null(strstr(want.buf, "spd_crc=ok"));
		inventory_free(inv);
		for (int f = 0; f < F__COUNT; f++) {
			char *t = render(img, n, (enum form)f);
			assert_int_equal(import_detect(t, strlen(t), "dimm0.txt"), IMPORT_SPD);
			inv = must_import_text(t, "dimm0.txt", IMPORT_AUTO, NULL);
			fields(inv, &got);
			if (strcmp(want.buf, got.buf))
				fail_msg("%s, form %d: %s\nwant %s", files[i], f, got.buf, want.buf);
			inventory_free(inv);
			free(t);
		}
	}
	strbuf_release(&want);
	strbuf_release(&got);
}

/* od without -v: "*" cannot be expanded without offsets. */
static void test_od_squeezed(void **state)
{
	(void)state;
	static const char t[] = " 23 12 0c 04 85 29 b2 08 00 60 00 03 08 0b 80 00\n"
				" 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
				"*\n"
				" 00 00 00 00 00 00 00 00 00 00 00 00 00 00 11 22\n";
	char *e = must_reject(t, sizeof t - 1, "od.txt", IMPORT_AUTO, NULL);
	assert_non_null(strstr(e, "od.txt: line 3: \"*\" (od's repeated lines) in a dump without "
				  "offsets"));
	assert_non_null(strstr(e, "run od with -v"));
	free(e);
}

/* A squeezed hexdump ("*") followed by an offset past any SPD image: the
 * repeated line was written out up to it, gigabytes for 0x615A00B0 (found by
 * fuzz_import_spd: an out-of-memory); now the offset is refused.  A closing
 * offset equal to the largest image is a hexdump's own end line. */
static void test_offset_past_any_image(void **state)
{
	(void)state;
	static const char t[] = "0000: 23 12 0c 04 85 29 b2 08 00 60 00 03 08 0b 80 00\n"
				"*\n"
				"615A00B0: 07 00\n";
	char *e = must_reject(t, sizeof t - 1, "big.txt", IMPORT_SPD, NULL);
	if (!strstr(e, "big.txt: line 3: offset 0x615A00B0 is past the end of any SPD image "
		       "(4096 bytes at most): not an SPD dump"))
		fail_msg("%s", e);
	free(e);
}

/* A raw image of an unusual size: the decoder's message, not "binary data". */
static void test_partial_image(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/spd-hex/ddr4_M386AAK40B40-CWD70.spd");
	unsigned char img[1024];
	size_t n = load(path, img, sizeof img);
	assert_int_equal(n, 512);
	assert_int_equal(import_detect((const char *)img, 300, "dimm.bin"), IMPORT_SPD);
	char *e = must_reject((const char *)img, 300, "dimm.bin", IMPORT_AUTO, NULL);
	assert_non_null(strstr(e, "dimm.bin: 300 bytes, but a DDR4 SPD image has 512: truncated"));
	free(e);
	/* a ZIP archive (third byte 0x03, an old SPD type) is not taken for one */
	unsigned char zip[300] = {'P', 'K', 3, 4, 20, 0};
	assert_int_equal(import_detect((const char *)zip, sizeof zip, "a.bin"), IMPORT_AUTO);
}

/* The bytes a file holds need not end in a NUL: the check for decode-dimms
 * output compared each line's opening with strncmp, which reads on while the
 * bytes agree, past the end of a buffer ending "\nD" (found by
 * fuzz_import_auto; under ASan a heap-buffer-overflow).  Exactly as many
 * bytes as the file has are allocated here, so ASan sees any read past them. */
static void test_detect_unterminated(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"smartctl 7.4\nD",
		"smartctl 7.4\nDecoding EEPROM",
		"x\nMemory Serial Presence",
		"Decoding EEPROM: /sys/bus/i2c/drivers/ee1004/0-0050",
	};
	static const enum import_format want[] = {IMPORT_SMARTCTL_TEXT, IMPORT_SMARTCTL_TEXT,
						  IMPORT_AUTO, IMPORT_DECODE_DIMMS};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		size_t n = strlen(texts[i]);
		char *b = malloc(n);
		memcpy(b, texts[i], n); /* no NUL */
		assert_int_equal(import_detect(b, n, "x.txt"), want[i]);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_hex),
		cmocka_unit_test(test_od_squeezed),
		cmocka_unit_test(test_partial_image),
		cmocka_unit_test(test_detect_unterminated),
		cmocka_unit_test(test_offset_past_any_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
