/*
 * fx_spd.c — SPD images from a description, laid out per JEDEC (see fx_spd.h).
 *
 * Only the bytes a decoder of maker, part, serial, date and capacity reads
 * are meaningful, plus a few timing bytes so the image looks like a module
 * rather than a blank page.  The CRC is written by its own implementation of
 * the JEDEC algorithm, independent of the one under test.
 */
#include "fx_spd.h"
#include "testutil.h"

#include "util/fileio.h"

#include <stdio.h>
#include <string.h>

size_t fx_spd_size(enum fx_spd_type type)
{
	return type == FX_DDR3 ? 256 : type == FX_DDR4 ? 512 : 1024;
}

const char *fx_spd_driver(enum fx_spd_type type)
{
	return type == FX_DDR3 ? "at24" : type == FX_DDR4 ? "ee1004" : "spd5118";
}

const char *fx_spd_name(enum fx_spd_type type)
{
	return type == FX_DDR3 ? "spd" : type == FX_DDR4 ? "ee1004" : "spd5118";
}

/* JEDEC SPD CRC-16, written as the JEDEC annex prints it. */
static unsigned crc16(const uint8_t *p, size_t n)
{
	unsigned crc = 0;
	while (n--) {
		crc ^= (unsigned)*p++ << 8;
		for (int i = 0; i < 8; i++)
			crc = (crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1;
	}
	return crc & 0xFFFF;
}

static void store_crc(uint8_t *img, size_t first, size_t last, size_t at, bool bad)
{
	unsigned crc = crc16(img + first, last - first + 1);
	if (bad)
		crc ^= 0xFFFF;
	img[at] = (uint8_t)(crc & 0xFF); /* least significant byte first */
	img[at + 1] = (uint8_t)(crc >> 8);
}

static uint8_t to_bcd(int v)
{
	return (uint8_t)((v / 10 % 10) << 4 | v % 10);
}

/* Index of v in a zero-ended list of values, or fail the test. */
static uint8_t code_of(unsigned v, const unsigned *list, const char *what)
{
	for (uint8_t i = 0; list[i]; i++)
		if (list[i] == v)
			return i;
	fail_msg("fx_spd: %s %u has no JEDEC code", what, v);
	return 0;
}

static void put_ident(uint8_t *img, const struct fx_spd *d, size_t mod, size_t date, size_t serial,
		      size_t part, size_t part_len, size_t dram)
{
	memcpy(img + mod, d->module_maker, 2);
	img[mod + 2] = 0x01; /* manufacturing location */
	if (d->year || d->week) {
		img[date] = to_bcd(d->year % 100);
		img[date + 1] = to_bcd(d->week);
	}
	img[serial] = (uint8_t)(d->serial >> 24);
	img[serial + 1] = (uint8_t)(d->serial >> 16);
	img[serial + 2] = (uint8_t)(d->serial >> 8);
	img[serial + 3] = (uint8_t)d->serial;
	if (d->part) {
		memset(img + part, ' ', part_len);
		size_t n = strlen(d->part);
		memcpy(img + part, d->part, n < part_len ? n : part_len);
	}
	memcpy(img + dram, d->dram_maker, 2);
}

static const unsigned widths[] = {4, 8, 16, 32, 0};
static const unsigned buses[] = {8, 16, 32, 64, 0};

/* JESD21-C Annex K. */
static void build_ddr3(const struct fx_spd *d, uint8_t *img)
{
	static const unsigned mbit[] = {256, 512, 1024, 2048, 4096, 8192, 16384, 0};
	static const unsigned ranks[] = {1, 2, 3, 4, 8, 0};
	static const uint8_t module[] = {
		[FX_UDIMM] = 0x02, [FX_RDIMM] = 0x01, [FX_LRDIMM] = 0x0B, [FX_SODIMM] = 0x03};
	img[0] = (uint8_t)((d->ddr3_crc_to_116 ? 0x80 : 0x00) | 0x12); /* 256 total, 176 used */
	img[1] = 0x13;
	img[2] = 0x0B;
	img[3] = module[d->module];
	img[4] = code_of((d->die_gbit ? d->die_gbit : 4) * 1024, mbit, "DDR3 density (Mbit)");
	img[5] = 0x19; /* 15 row, 10 column address bits */
	img[7] = (uint8_t)(code_of(d->ranks ? d->ranks : 1, ranks, "DDR3 ranks") << 3 |
			   code_of(d->width ? d->width : 8, widths, "DDR3 width"));
	img[8] = (uint8_t)(code_of(d->bus_width ? d->bus_width : 64, buses, "bus width") |
			   (d->ecc ? 0x08 : 0));
	img[10] = 0x01; /* medium timebase 1/8 ns */
	img[11] = 0x08;
	img[12] = 0x0A; /* tCKmin 1.25 ns: DDR3-1600 */
	if (d->module == FX_RDIMM || d->module == FX_LRDIMM)
		memcpy(img + 65, d->register_maker, 2);
	put_ident(img, d, 117, 120, 122, 128, 18, 148);
	store_crc(img, 0, d->ddr3_crc_to_116 ? 116 : 125, 126, d->bad_crc);
}

/* JESD21-C Annex L. */
static void build_ddr4(const struct fx_spd *d, uint8_t *img)
{
	static const unsigned mbit[] = {256,   512,   1024,  2048,  4096, 8192,
					16384, 32768, 12288, 24576, 0};
	static const uint8_t module[] = {
		[FX_UDIMM] = 0x02, [FX_RDIMM] = 0x01, [FX_LRDIMM] = 0x04, [FX_SODIMM] = 0x03};
	unsigned width = d->width ? d->width : 8, dies = d->dies ? d->dies : 1;
	img[0] = 0x23; /* 512 total, 384 used */
	img[1] = 0x11;
	img[2] = 0x0C;
	img[3] = module[d->module];
	/* x16 devices have 2 bank groups, x4/x8 have 4; 4 banks each */
	img[4] = (uint8_t)((width == 16 ? 0x40 : 0x80) |
			   code_of((d->die_gbit ? d->die_gbit : 8) * 1024, mbit,
				   "DDR4 density (Mbit)"));
	img[5] = 0x21; /* 16 row, 10 column address bits */
	if (dies > 1)  /* non-monolithic, 3DS single load stack */
		img[6] = (uint8_t)(0x80 | (dies - 1) << 4 | 0x02);
	img[11] = 0x03; /* 1.2 V */
	img[12] = (uint8_t)(((d->ranks ? d->ranks : 1) - 1) << 3 |
			    code_of(width, widths, "DDR4 width"));
	img[13] = (uint8_t)(code_of(d->bus_width ? d->bus_width : 64, buses, "bus width") |
			    (d->ecc ? 0x08 : 0));
	img[17] = 0x00;  /* MTB 0.125 ns, FTB 1 ps */
	img[18] = 0x06;  /* tCKmin 0.75 ns: DDR4-2666 */
	img[128] = 0x11; /* module nominal height */
	if (d->module == FX_RDIMM || d->module == FX_LRDIMM)
		memcpy(img + 133, d->register_maker, 2);
	put_ident(img, d, 320, 323, 325, 329, 20, 350);
	img[352] = d->dram_stepping;
	store_crc(img, 0, 125, 126, d->bad_crc);
	store_crc(img, 128, 253, 254, false);
}

/* JESD400-5. */
static void build_ddr5(const struct fx_spd *d, uint8_t *img)
{
	static const unsigned gbit[] = {0xFFFF, 4, 8, 12, 16, 24, 32, 48, 64, 0};
	static const uint8_t module[] = {
		[FX_UDIMM] = 0x02, [FX_RDIMM] = 0x01, [FX_LRDIMM] = 0x04, [FX_SODIMM] = 0x03};
	static const uint8_t die_code[] = {[1] = 0, [2] = 2, [4] = 3, [8] = 4, [16] = 5};
	unsigned width = d->width ? d->width : 8, dies = d->dies ? d->dies : 1;
	if (dies > 16 || (dies != 1 && !die_code[dies]))
		fail_msg("fx_spd: DDR5 dies per package %u has no JEDEC code", dies);
	img[0] = 0x30; /* 1024 bytes */
	img[1] = 0x10;
	img[2] = 0x12;
	img[3] = module[d->module];
	img[4] = (uint8_t)(die_code[dies] << 5 |
			   code_of(d->die_gbit ? d->die_gbit : 16, gbit, "DDR5 density (Gbit)"));
	img[5] = 0x00; /* 16 row, 10 column address bits */
	img[6] = (uint8_t)(code_of(width, widths, "DDR5 width") << 5);
	img[7] = width == 16 ? 0x42 : 0x62; /* 4 or 8 bank groups of 4 banks */
	img[192] = 0x10;
	img[234] = (uint8_t)(((d->ranks ? d->ranks : 1) - 1) << 3);
	img[235] =
		(uint8_t)(0x20 /* two sub-channels */ |
			  (d->ecc ? (d->module == FX_RDIMM || d->module == FX_LRDIMM ? 0x10 : 0x08)
				  : 0) |
			  code_of(d->bus_width ? d->bus_width : 32, buses, "bus width"));
	if (d->module == FX_RDIMM || d->module == FX_LRDIMM)
		memcpy(img + 240, d->register_maker, 2);
	put_ident(img, d, 512, 515, 517, 521, 30, 552);
	img[554] = d->dram_stepping;
	store_crc(img, 0, 509, 510, d->bad_crc);
}

size_t fx_spd_build(const struct fx_spd *d, uint8_t *out)
{
	size_t n = fx_spd_size(d->type);
	memset(out, 0, n);
	if (d->type == FX_DDR3)
		build_ddr3(d, out);
	else if (d->type == FX_DDR4)
		build_ddr4(d, out);
	else
		build_ddr5(d, out);
	return n;
}

void fx_spd_write_device(const char *root, int bus, int addr, const char *driver, const char *name,
			 const uint8_t *img, size_t len)
{
	char dev[64], rel[256];
	snprintf(dev, sizeof dev, "sys/bus/i2c/devices/%d-%04x", bus, addr);
	snprintf(rel, sizeof rel, "%s/eeprom", dev);
	test_write(root, rel, img, len);
	if (name) {
		snprintf(rel, sizeof rel, "%s/name", dev);
		char line[64];
		snprintf(line, sizeof line, "%s\n", name);
		test_write_str(root, rel, line);
	}
	if (driver) {
		struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
		strbuf_addf(&p, "%s/sys/bus/i2c/drivers/%s", root, driver);
		if (make_dirs(p.buf, &err) < 0)
			fail_msg("%s", err.buf);
		strbuf_release(&p);
		strbuf_release(&err);
		char target[128];
		/* from sys/bus/i2c/devices/B-AAAA/ up to sys/ */
		snprintf(target, sizeof target, "../../../../bus/i2c/drivers/%s", driver);
		snprintf(rel, sizeof rel, "%s/driver", dev);
		test_symlink(root, rel, target);
	}
}

size_t fx_spd_install(const char *root, int bus, int addr, const struct fx_spd *d)
{
	uint8_t img[FX_SPD_MAX];
	size_t n = fx_spd_build(d, img);
	fx_spd_write_device(root, bus, addr, fx_spd_driver(d->type), fx_spd_name(d->type), img, n);
	return n;
}
