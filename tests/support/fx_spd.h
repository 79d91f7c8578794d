/*
 * fx_spd.h — building SPD EEPROM images and sysfs trees that hold them.
 *
 * Tests and example captures need SPD images of modules nobody has dumped:
 * a Kingston DIMM with Micron DRAM, a module with a corrupt CRC.  This builds
 * them from a declarative description following the JEDEC layouts (DDR3:
 * JESD21-C Annex K, 256 bytes; DDR4: Annex L, 512 bytes; DDR5: JESD400-5,
 * 1024 bytes) — never from a real dump — with correct CRCs unless asked
 * otherwise.  It shares no code with the decoder (src/collect/spd.c), so a
 * mistake in one shows up as a test failure instead of cancelling out.
 *
 * Capacity follows the JEDEC formula, so choose the geometry for the size:
 *
 *   DDR3/DDR4: die_gbit / 8 * bus_width / width * ranks * (3DS dies)  bytes (in GiB)
 *   DDR5:      die_gbit / 8 * bus_width / width * ranks * dies * channels
 *
 *   8 GiB DDR4 UDIMM   {.die_gbit = 8,  .width = 8, .ranks = 1}
 *   16 GiB DDR4        {.die_gbit = 8,  .width = 8, .ranks = 2}
 *   32 GiB DDR4 RDIMM  {.die_gbit = 8,  .width = 4, .ranks = 2, .ecc = true}
 *   64 GiB DDR4 RDIMM  {.die_gbit = 16, .width = 4, .ranks = 2, .ecc = true}
 *   8 GiB DDR3         {.die_gbit = 4,  .width = 8, .ranks = 2}
 *   32 GiB DDR5 UDIMM  {.die_gbit = 16, .width = 8, .ranks = 2}   (2 x 32-bit sub-channels)
 *   64 GiB DDR5 RDIMM  {.die_gbit = 16, .width = 4, .ranks = 2, .ecc = true}
 *
 * Maker codes are the two bytes as stored: continuation count with odd
 * parity, then the id byte with odd parity — {0x80, 0x2C} Micron,
 * {0x01, 0x98} Kingston, {0x80, 0xAD} SK hynix, {0x80, 0xCE} Samsung
 * (the JEDEC JEP106 and pci.ids sources §2).
 *
 * Example — a Kingston 16 GiB DDR4 UDIMM with Micron DRAM at bus 0, 0x50:
 *
 *   struct fx_spd d = {
 *           .type = FX_DDR4, .module_maker = {0x01, 0x98}, .dram_maker = {0x80, 0x2C},
 *           .part = "KF432C16BB/16", .serial = 0x12345678, .year = 2021, .week = 7,
 *           .die_gbit = 8, .width = 8, .ranks = 2,
 *   };
 *   fx_spd_install(root, 0, 0x50, &d);
 *
 * writes root/sys/bus/i2c/devices/0-0050/{eeprom,name,driver} as the ee1004
 * driver exposes them.
 */
#ifndef FX_SPD_H
#define FX_SPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fx_spd_type {
	FX_DDR3, /* byte 2 = 0x0B, 256 bytes, at24 "spd" */
	FX_DDR4, /* byte 2 = 0x0C, 512 bytes, ee1004 */
	FX_DDR5, /* byte 2 = 0x12, 1024 bytes, spd5118 */
};

/* Module types; the byte written (byte 3 bits 3:0) depends on the generation. */
enum fx_spd_module {
	FX_UDIMM = 0, /* default */
	FX_RDIMM,
	FX_LRDIMM,
	FX_SODIMM,
};

#define FX_SPD_MAX 1024 /* largest image built (DDR5) */

struct fx_spd {
	enum fx_spd_type type;
	enum fx_spd_module module;
	uint8_t module_maker[2];   /* module maker, as stored: {0x01, 0x98} */
	uint8_t dram_maker[2];     /* DRAM maker: {0x80, 0x2C} */
	uint8_t register_maker[2]; /* RCD / buffer maker; written for RDIMM/LRDIMM only */
	const char *part;          /* ASCII; space-padded to 18 / 20 / 30 bytes; NULL: none */
	uint32_t serial;           /* stored big-endian: 0x12345678 -> 12 34 56 78 */
	int year, week;            /* 2019, 23 -> BCD 0x19 0x23; 0/0 leaves 00 00 */
	/* geometry (see above); 0 means the default in brackets */
	unsigned die_gbit;     /* SDRAM density per die in Gbit [DDR3 4, DDR4 8, DDR5 16] */
	unsigned width;        /* SDRAM I/O width 4, 8, 16 [8] */
	unsigned ranks;        /* package ranks (DDR5: per sub-channel) [1] */
	unsigned dies;         /* dies per package [1]; > 1 makes a 3DS stack on DDR4/DDR5 */
	unsigned bus_width;    /* primary bus width [DDR3/DDR4 64, DDR5 32 per sub-channel] */
	bool ecc;              /* add the ECC bus extension */
	uint8_t dram_stepping; /* DDR4/DDR5 byte 352/554 (0 is written as 0) */
	bool ddr3_crc_to_116;  /* DDR3 only: CRC covers bytes 0-116 (byte 0 bit 7) */
	bool bad_crc;          /* store a wrong CRC (base block) */
};

/* Size in bytes of the image for this type: 256, 512 or 1024. */
size_t fx_spd_size(enum fx_spd_type type);

/* Build the image into out (at least fx_spd_size bytes); returns its size. */
size_t fx_spd_build(const struct fx_spd *d, uint8_t *out);

/* The kernel driver (and device name) that exposes this type: "spd" is at24
 * for DDR3; "ee1004"; "spd5118". */
const char *fx_spd_driver(enum fx_spd_type type);
const char *fx_spd_name(enum fx_spd_type type);

/*
 * Write an SPD device into a sysfs-like tree under root:
 *   sys/bus/i2c/devices/<bus>-<addr %04x>/eeprom    the image
 *   sys/bus/i2c/devices/<bus>-<addr %04x>/name      device name ("ee1004")
 *   sys/bus/i2c/devices/<bus>-<addr %04x>/driver -> ../../../bus/i2c/drivers/<driver>
 * driver NULL writes no driver link (device without a driver bound); name
 * NULL writes no name file.  Fails the test on error.
 */
void fx_spd_write_device(const char *root, int bus, int addr, const char *driver, const char *name,
			 const uint8_t *img, size_t len);

/* Build d and write it as the right driver exposes it; returns the image size. */
size_t fx_spd_install(const char *root, int bus, int addr, const struct fx_spd *d);

#endif
