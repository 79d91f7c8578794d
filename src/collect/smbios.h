/*
 * smbios.h — the SMBIOS decoder behind collect_smbios().
 *
 * collect_smbios() (collect.h) reads /sys/firmware/dmi/tables through the
 * collect context and hands the bytes to smbios_decode(), which knows nothing
 * of files: an importer holding a dmidecode --dump-bin image, or a test, can
 * call it on any entry point and table in memory.
 *
 * The decoder adds components (bios, system, baseboard, chassis, cpu/SOCKET,
 * dimm/LOCATOR) and host facts to the inventory.  Strings go in twice: raw,
 * exactly as the firmware wrote them, and decoded (trimmed; hex-encoded part
 * numbers turned into their ASCII).  JEP106 words stay raw: naming the maker
 * is identify's job.  Whatever is wrong with the input becomes a warning
 * naming the file and the offset, never a failure; a table cut short adds
 * "dimm/not-read" too, for the memory devices after the cut.
 */
#ifndef COLLECT_SMBIOS_H
#define COLLECT_SMBIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chipscreen.h"
#include "util/strbuf.h"

/* What the unread notes of this source call it. */
#define SMBIOS_WHAT "SMBIOS tables"

/*
 * Decode an entry point (ep, NULL when there is none) and its structure
 * table into inv.  ep_path and table_path name the files in warnings and
 * field sources.  Without a usable entry point the table is still read, up to
 * its end-of-table structure, with every field marked FIELD_UNTRUSTED.
 * Returns the number of structures read.
 */
int smbios_decode(struct inventory *inv, const uint8_t *ep, size_t eplen, const uint8_t *table,
		  size_t tlen, const char *ep_path, const char *table_path);

/* Names from the specification's enumerations (DSP0134), NULL when the value
 * is "Unknown", reserved or newer than this table. */
const char *smbios_memory_type(unsigned type);      /* type 17 offset 0x12: "DDR4" */
const char *smbios_memory_form_factor(unsigned ff); /* type 17 offset 0x0E: "DIMM" */
const char *smbios_chassis_type(unsigned type);     /* type 3 offset 0x05: "Rack Mount Chassis" */

/*
 * A part number written as hex of its ASCII ("0x4D332037385432393533455A332D434536"
 * or the same without "0x"): the ASCII into out ("M3 78T2953EZ3-CE6") and
 * true.  False, out untouched, when s is not such a string: the hex must have
 * an even number of digits (at least 4) and decode to printable ASCII holding
 * a letter or digit, after dropping NUL, space and 0xFF padding.
 */
bool smbios_unhex(const char *s, size_t n, struct strbuf *out);

#endif
