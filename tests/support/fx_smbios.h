/*
 * fx_smbios.h — SMBIOS entry points and structure tables built from a
 * declarative description, for tests and example captures.
 *
 * The layouts follow the SMBIOS specification (DMTF DSP0134): an entry point
 * (_SM_ with its _DMI_ intermediate anchor for 2.x, _SM3_ for 3.x) and a table
 * of structures, each a formatted area (type, length, handle, fields) followed
 * by its string set.  Which fields a structure carries, and so its length,
 * depends on the version, as in the specification: a 2.8 memory device is
 * 0x28 bytes and has no Module Manufacturer ID, a 3.3 one is 0x5C bytes and
 * has it.  Nothing here is copied from a captured table.
 *
 * Use:
 *
 *	static const struct fx_dimm dimms[] = {
 *		{.locator = "DIMM_A1", .bank_locator = "P0_Node0_Channel0_Dimm0",
 *		 .size_bytes = 32ull << 30, .memory_type = FX_MEM_DDR4,
 *		 .form_factor = FX_FF_DIMM, .speed = 3200, .manufacturer = "Micron",
 *		 .part_number = "MTA36ASF4G72PZ-3G2R1", .module_mfr_id = 0x2C80},
 *	};
 *	struct fx_smbios m = {.major = 3, .minor = 3,
 *		.system = {.manufacturer = "Example", .product = "Server 1"},
 *		.dimms = dimms, .ndimms = 1};
 *	fx_smbios_write(&m, root);   // root/sys/firmware/dmi/tables/{smbios_entry_point,DMI}
 *
 * Word fields are given as the SMBIOS WORD value (little-endian in the
 * table): module_mfr_id = 0x2C80 is stored as the bytes 80 2C, which is
 * JEP106 bank 1 (continuation byte 0x80 with its parity bit), ID 0x2C.
 *
 * Structures are emitted in this order, with these handles: type 0 (0x0000),
 * 1 (0x0100), 2 (0x0200), 3 (0x0300), 4 (0x0400 + i), 16 (0x1000),
 * 17 (0x1100 + i), 127 (0x7F00).  Types 0, 2 and 3 are left out when all their
 * strings are NULL; type 1 and 16 are always there.
 */
#ifndef FX_SMBIOS_H
#define FX_SMBIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* Memory Device Type (type 17 offset 0x12), DSP0134 7.18.2. */
enum {
	FX_MEM_DDR3 = 0x18,
	FX_MEM_DDR4 = 0x1A,
	FX_MEM_LPDDR4 = 0x1E,
	FX_MEM_DDR5 = 0x22,
	FX_MEM_LPDDR5 = 0x23,
};

/* Memory Device Form Factor (type 17 offset 0x0E), DSP0134 7.18.1. */
enum {
	FX_FF_UNKNOWN = 0x02,
	FX_FF_DIMM = 0x09,
	FX_FF_SODIMM = 0x0D,
};

/* size_bytes of a slot whose size the firmware does not know (word 0xFFFF). */
#define FX_SIZE_UNKNOWN UINT64_MAX

struct fx_bios {
	const char *vendor, *version, *date; /* date as firmware writes it: "MM/DD/YYYY" */
	uint8_t major, minor;                /* System BIOS release (0x14/0x15); 0,0 = 0xFF */
};

struct fx_system {
	const char *manufacturer, *product, *version, *serial, *sku, *family;
	/* "4c4c4544-0042-3510-8052-b4c04f4e4d32": written in the byte order of the
	 * version (first three fields little-endian from 2.6 on).  NULL: all 0xFF. */
	const char *uuid;
};

struct fx_board {
	const char *manufacturer, *product, *version, *serial, *asset_tag;
};

struct fx_chassis {
	const char *manufacturer, *version, *serial, *asset_tag, *sku;
	uint8_t type; /* 0x17 rack mount, 0x03 desktop, ...; 0 = 0x02 unknown */
};

struct fx_cpu {
	const char *socket, *manufacturer, *version, *serial, *asset_tag, *part_number;
	uint64_t id;         /* Processor ID, as the QWORD at 0x08 */
	uint16_t max_speed;  /* MHz */
	uint16_t core_count; /* > 254 goes to Core Count 2 (3.0+) */
	uint8_t family;      /* 0 = 0x02 unknown */
	bool unpopulated;    /* status bit 6 clear: an empty socket */
};

struct fx_dimm {
	const char *locator, *bank_locator;
	const char *manufacturer, *serial, *asset_tag, *part_number, *firmware;
	/* 0 = empty slot (size word 0).  Encoded as the firmware would: KiB
	 * granularity (bit 15) below 32 MiB or when not a whole number of MiB,
	 * MiB below 32767 MiB, else 0x7FFF and the Extended Size dword (2.7+). */
	uint64_t size_bytes;
	uint8_t form_factor, memory_type, rank;
	uint32_t speed, configured_speed; /* MT/s; >= 0xFFFF uses the 3.3 extended dwords */
	uint16_t module_mfr_id, module_product_id;         /* 0x2C, 0x2E (3.2+) */
	uint16_t controller_mfr_id, controller_product_id; /* 0x30, 0x32 (3.2+) */
	uint16_t rcd_mfr_id;                               /* 0x60 (3.7+) */
	/* Corruptions of this one structure: */
	bool bad_part_string; /* part-number string index one past the string set */
	bool zero_length;     /* length byte 0: a reader cannot go further */
};

struct fx_smbios {
	uint8_t major, minor, docrev; /* 2.8 gives _SM_, 3.x gives _SM3_ */
	struct fx_bios bios;
	struct fx_system system;
	struct fx_board board;
	struct fx_chassis chassis;
	const struct fx_cpu *cpus;
	size_t ncpus;
	const struct fx_dimm *dimms;
	size_t ndimms;
	/* Corruptions of the whole: */
	uint8_t ep_checksum_error;  /* added to the entry point checksum byte */
	uint8_t dmi_checksum_error; /* added to the _DMI_ intermediate checksum (2.x) */
	size_t truncate;            /* bytes cut from the end of the DMI file */
};

/* Where the generator put things, for tests that name offsets. */
struct fx_layout {
	size_t table_len;    /* before truncation */
	unsigned nstructs;   /* including type 127 */
	size_t system_off;   /* offset of the type 1 structure */
	size_t cpu_off[16];  /* first 16 processors */
	size_t dimm_off[64]; /* first 64 memory devices */
	size_t end_off;      /* offset of the type 127 structure */
};

/* Build the entry point and table (truncation applied) into ep and table. */
void fx_smbios_build(const struct fx_smbios *m, struct strbuf *ep, struct strbuf *table,
		     struct fx_layout *layout);
/* Build and write root/sys/firmware/dmi/tables/{smbios_entry_point,DMI}. */
void fx_smbios_write(const struct fx_smbios *m, const char *root, struct fx_layout *layout);
/* Write root/sys/class/dmi/id/ attributes as the kernel derives them from the
 * same description (sys_vendor, product_name, board_vendor, bios_date, ...). */
void fx_smbios_write_dmi_id(const struct fx_smbios *m, const char *root);
/* A dmidecode --dump-bin image (entry point at 0, table at 0x20), for
 * checking the generator against dmidecode --from-dump. */
void fx_smbios_dump_bin(const struct fx_smbios *m, struct strbuf *out);

#endif
