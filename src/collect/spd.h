/*
 * spd.h — decoding the SPD EEPROM of memory modules.
 *
 * The SPD (Serial Presence Detect) EEPROM on a memory module is the only
 * place a host can read who made the DRAM chips on it.  Its layout is set by
 * JEDEC per generation (JESD21-C Annex K for DDR3, Annex L for DDR4,
 * JESD400-5 for DDR5; LPDDR3/4 share the DDR4 layout of the maker fields,
 * LPDDR5/5X the DDR5 one).  This module decodes an image held in memory, so
 * that collect (reading /sys/bus/i2c/devices/.../eeprom), importers (raw
 * dumps, illumos hex text) and tests all go through the same code.
 *
 * Fields produced on the component (source "<file>#<first>-<last byte>"):
 *
 *   FK_MEMORY_TYPE       decoded  "DDR3", "DDR4", "LPDDR4X", "DDR5", ...
 *   FK_JEDEC_MODULE      raw      module maker, JEP106 as stored: "0198"
 *   FK_JEDEC_DRAM        raw      DRAM maker, same form: "802C"
 *   FK_JEDEC_REGISTER    raw      RCD / memory-buffer maker (registered and
 *                                 load-reduced modules only): "80B3"
 *   FK_PART_NUMBER       raw (with its padding) and decoded (trimmed)
 *   FK_SERIAL            decoded  8 upper-case hex digits: "362E2D16"
 *   FK_MANUFACTURE_DATE  raw "1923" (BCD year, week); decoded "2019-W23"
 *                                 only when both are valid BCD and the week exists
 *   FK_SIZE_BYTES        decoded  DDR3, DDR4, DDR5 only (JEDEC formula);
 *                                 omitted for LPDDR and asymmetric modules
 *   FK_RANKS             decoded  package ranks (DDR5: per sub-channel)
 *   extra "dram_stepping" raw     DDR4/DDR5 byte 352/554, two hex digits
 *   FK_SPD_CRC           decoded  "ok" or "bad: stored 0x1234, computed 0x5678"
 *
 * JEP106 codes are kept exactly as stored (continuation count with its
 * parity bit first, then the id byte with its parity bit): naming the maker
 * is identify's job.  A bad CRC is a warning naming the file, and every other
 * field from that image carries FIELD_UNTRUSTED.
 */
#ifndef COLLECT_SPD_H
#define COLLECT_SPD_H

#include <stddef.h>
#include <stdint.h>

#include "chipscreen.h"
#include "util/strbuf.h"

/* Largest image chipscreen reads (DDR5 hubs hold 1024 bytes; room to spare). */
#define SPD_MAX_SIZE 4096

/* What inventory notes about SPD are filed under. */
#define SPD_WHAT "SPD EEPROM"

/*
 * Decode one SPD image into c.  source names the image (a path as the user
 * knows it) in field sources and warnings.
 *
 * Returns 0 when the image was recognised and its fields set (also with a bad
 * CRC: a warning then says so and the fields are untrusted).  Returns -1 when
 * nothing could be decoded — blank image, unknown memory type, wrong size for
 * its type — after a warning on inv saying why; no field is set then.
 * A known type whose layout chipscreen does not decode (SDRAM, DDR, DDR2)
 * gets FK_MEMORY_TYPE only and an unread note; that returns 0.
 */
int spd_decode(struct inventory *inv, struct component *c, const uint8_t *buf, size_t len,
	       const char *source);

/* The JEDEC SPD CRC-16 (polynomial 0x1021, initial value 0). */
uint16_t spd_crc16(const uint8_t *buf, size_t len);

/* Name of a memory type byte (SPD byte 2): "DDR4"; NULL when unknown. */
const char *spd_type_name(uint8_t type);

/*
 * Parse SPD hex text, as illumos' hex2spd test data holds it: lines
 * "OOOO: XX XX ... XX" (a hex byte offset, a colon, hex bytes), blank lines,
 * and '#' comments.  Bytes go where the offset says, so a repeated line is
 * harmless; a repeated offset with different bytes, a gap, or anything that is
 * not hex is an error.  The image is the bytes from 0 to the highest offset
 * given.  Returns 0 and sets *outlen, or -1 with err naming the line.
 */
int spd_parse_hex_text(const char *text, size_t len, uint8_t *out, size_t cap, size_t *outlen,
		       struct strbuf *err);

/* True if data looks like hex text rather than a binary image: printable
 * ASCII and white space only (a binary SPD always holds control bytes). */
int spd_is_hex_text(const char *data, size_t len);

/*
 * Put the fields of spd (a component spd_decode filled, not in inv) on the
 * memory module they describe.  That is the one KIND_DIMM in inv, not yet
 * carrying SPD fields, whose serial equals the SPD serial (case-insensitive,
 * an optional 0x ignored) or whose part number equals the SPD part number and
 * is unique among the DIMMs.  On a field it already has with an equal value
 * the module keeps its own; on a different value the SPD value replaces it and
 * the previous one is kept as extra field "smbios.<key>" (same flags, same
 * source).  With no match, or more than one, a new component new_id is made
 * (source as its source).  Never matches by position.  Returns the component.
 */
struct component *spd_merge(struct inventory *inv, const struct component *spd, const char *new_id,
			    const char *source);

#endif
