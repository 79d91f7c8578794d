/*
 * import.h — turning what other tools wrote into chipscreen inventories.
 *
 * A machine chipscreen cannot run on still has a record somewhere: dmidecode
 * and smartctl outputs kept by an asset agent, lspci and lsusb listings, a
 * CycloneDX hardware BOM, a purchase order or an asset register as CSV.  Each
 * importer reads one such file into the same components, field keys and raw
 * values the collectors make (doc/import-formats.md gives every mapping), so
 * identify and judge cannot tell an imported DIMM from a collected one except
 * by its source, which names the file and line ("dmi.txt:498").
 *
 * Several files of one host go into one inventory: call import_file once per
 * file.  Host facts already set are kept; component ids are made unique
 * ("dimm/DIMM_A1", then "dimm/DIMM_A1#2").  A file either imports (0: its
 * components, plus warnings with line numbers for the records it had to skip)
 * or is rejected whole (-1: err names the file and the reason, and the
 * inventory is left as it was).
 */
#ifndef IMPORT_H
#define IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "chipscreen.h"
#include "util/strbuf.h"

enum import_format {
	IMPORT_AUTO = 0,       /* detect from the content, then the file name */
	IMPORT_INVENTORY_JSON, /* chipscreen's own collect output */
	IMPORT_DMIDECODE,      /* dmidecode text */
	IMPORT_SMARTCTL_TEXT,  /* smartctl -x / -i / -a text */
	IMPORT_SMARTCTL_JSON,  /* smartctl --json (-j) */
	IMPORT_LSPCI,          /* lspci -nn [-v...], -n, -mm, -vmm */
	IMPORT_LSUSB,          /* lsusb, lsusb -v */
	IMPORT_CYCLONEDX,      /* CycloneDX 1.4-1.6 JSON */
	IMPORT_CSV,            /* purchase orders, asset registers */
	IMPORT_SPD,            /* an SPD EEPROM dump: raw image, or hex text (illumos, i2cdump,
				* xxd, hexdump -C): part of a machine */
	IMPORT_DECODE_DIMMS,   /* decode-dimms text (i2c-tools): part of a machine */
	IMPORT_LSHW_JSON,      /* lshw -json: a whole machine */
	IMPORT_LSHW_XML,       /* lshw -xml: a whole machine */
	IMPORT_GLPI,           /* GLPI agent inventory JSON: a whole machine */
	IMPORT__COUNT
};

/* The columns a CSV row can map to (doc/import-formats.md). */
enum import_column {
	ICOL_SUPPLIER,     /* FK_SUPPLIER */
	ICOL_MANUFACTURER, /* FK_MANUFACTURER */
	ICOL_PART_NUMBER,  /* FK_PART_NUMBER */
	ICOL_MODEL,        /* FK_MODEL */
	ICOL_QUANTITY,     /* FK_QUANTITY */
	ICOL_DATE,         /* FK_ACQUIRED */
	ICOL_SITE,         /* FK_SITE */
	ICOL_SERIAL,       /* FK_SERIAL */
	ICOL_TAG,          /* FK_TAG */
	ICOL_PURPOSE,      /* FK_PURPOSE */
	ICOL_PO,           /* purchase order number: extra "po_number", part of the id */
	ICOL_DESCRIPTION,  /* extra "description" */
	ICOL_LINE,         /* the PO's own line number: extra "po_line", part of the id */
	ICOL__COUNT
};

/* How to read dates written with slashes (03/04/2024).  ISO dates need none. */
enum import_date_order {
	IMPORT_DATE_AUTO = 0, /* decode only when unambiguous (a number above 12) */
	IMPORT_DATE_DMY,
	IMPORT_DATE_MDY,
};

struct import_options {
	/* CSV: column per field, by header text (case-insensitive) or 1-based
	 * number ("3").  NULL: found by the header synonyms; "-": not mapped. */
	const char *csv_map[ICOL__COUNT];
	char csv_delim; /* 0: detected from the header line (, ; tab |) */
	bool csv_register; /* an asset register (host -> purchase date): no part
			    * column needed, a serial, tag or date column will do */
	enum import_date_order date_order;
};

/* Detect the format of a file's content; IMPORT_AUTO if unknown.  data is the
 * start of the file (a few KiB is enough), filename may be NULL. */
enum import_format import_detect(const char *data, size_t len, const char *filename);

const char *import_format_name(enum import_format f); /* "dmidecode", ... for --format */
int import_format_from_name(const char *name);        /* -1 if unknown */
/* "inventory-json, dmidecode, ..." for usage texts; static storage. */
const char *import_format_list(void);

const char *import_column_name(enum import_column c); /* "part_number" */
/* Parse one "--map FIELD=COLUMN" argument into opt (keeps a pointer into spec).
 * Returns 0, or -1 with err ("--map qty=B: unknown field "qty" (supplier, ...)"). */
int import_options_map(struct import_options *opt, const char *spec, struct strbuf *err);

/* Parse one file into inv.  opt may be NULL.  Returns 0, or -1 with err
 * naming the file and what is wrong ("x.txt: line 12: ..."); on -1 inv is
 * unchanged.  Files are read whole, up to IMPORT_MAX_FILE bytes. */
int import_file(const char *path, enum import_format fmt, const struct import_options *opt,
		struct inventory *inv, struct strbuf *err);
/* Same for bytes in memory; name is used in messages and field sources. */
int import_buffer(const char *data, size_t len, const char *name, enum import_format fmt,
		  const struct import_options *opt, struct inventory *inv, struct strbuf *err);

#define IMPORT_MAX_FILE (256u << 20)

/* The "what" of the CSV importer's note on the columns it used and did not:
 * an inventory warning that scan and import also print on stderr. */
#define CSV_COLUMNS_NOTE "columns"

#endif
