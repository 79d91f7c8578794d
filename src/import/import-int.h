/*
 * import-int.h — what the importers share, not part of the public API.
 *
 * Every importer fills the target inventory through a struct imp, which knows
 * the file name (for sources and messages), keeps component ids unique, caps
 * the warnings one file can produce and notes text that is not valid UTF-8.
 * import_buffer() snapshots the inventory first and puts it back if the
 * importer fails, so a rejected file leaves nothing behind.
 *
 * Text importers get a private, NUL-terminated copy of the file without NUL
 * bytes inside, and walk it with struct lines, which cuts lines in place.
 */
#ifndef IMPORT_INT_H
#define IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "chipscreen.h"
#include "import/import.h"
#include "util/strbuf.h"

/* Beyond this many warnings for one file, the rest are only counted. */
#define IMP_MAX_WARN 50

struct idset;

struct imp {
	struct inventory *inv;
	const char *name; /* file name, as given */
	const char *what; /* format name, the "what" of warnings */
	const struct import_options *opt;
	struct idset *ids;
	size_t nwarn, nsuppressed;
	size_t line;     /* line being read (text formats), 0 otherwise */
	size_t enc_line; /* last line warned about for encoding */
	size_t src_line; /* cache for imp_src() */
	const char *src_cached;
	size_t merged; /* SPD modules whose fields went onto a module already read */
	/* what a whole machine's inventory says of itself, for the memory it
	 * should have listed (import.c memory_unlisted): machine, the file is a
	 * whole machine's (lshw: a root "system" node, not a -class extract);
	 * cpu_flags, the CPU flags it gives that identify reads against
	 * virtual.tsv's "cpuflag" rows ("hypervisor"), as collect keeps them */
	bool machine;
	const char *cpu_flags;
};

/* Line iteration, in place.  Each line is NUL-terminated with its \n or \r\n
 * removed; l->no is its number, from 1.  l->cut is true when the last line
 * had no newline (the file may be truncated). */
struct lines {
	char *p, *end;
	size_t no;
	bool cut;
};
void lines_init(struct lines *l, char *buf, size_t len);
char *lines_next(struct lines *l);

/* "name:line", cached per line, in the inventory's arena. */
const char *imp_src(struct imp *im, size_t line);
/* "name#detail" for structured formats. */
const char *imp_srcf(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A warning about the file: "line N: ..." when line > 0.  Capped. */
void imp_warn(struct imp *im, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A record the file holds that could not be read (a device entry that is not
 * an object, a record without its type line): warned like imp_warn, and
 * counted on the inventory (nskipped) past the cap on warnings, so that scan
 * and import exit 2 rather than say "nothing found" of parts never judged. */
void imp_skip(struct imp *im, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A new component with a unique id (id, then id#2, id#3, ...). */
struct component *imp_add(struct imp *im, enum kind k, const char *id);

/* The part "dimm/not-read" for memory the file should have listed and did
 * not (a dump cut short, an inventory without modules): its maker unknown
 * for the reason why, read from source (memory.not_read, as
 * collect_memory_not_read() makes it for the kernel's sources). */
struct component *imp_memory_not_read(struct imp *im, const char *why, const char *source);

/* The raw value as read, and the decoded one: dec when given and not ""
 * (the value in the key's documented form, set even when equal to raw);
 * dec NULL: the raw value trimmed, set only when trimming changed it; dec "":
 * none (the value could not be decoded).  Warns once per line about bytes
 * that are not UTF-8. */
void imp_set(struct imp *im, struct component *c, enum fkey k, const char *raw, const char *dec,
	     const char *src);
void imp_extra(struct imp *im, struct component *c, const char *name, const char *raw,
	       const char *dec, const char *src);
/* A decoded value with no raw form of its own (a transport named by the format). */
void imp_dec(struct imp *im, struct component *c, enum fkey k, const char *dec, const char *src);

/* Host facts: set only when not yet set (several files describe one host). */
void imp_host(struct imp *im, const char **slot, const char *value);

/* Small parsing helpers. */
char *str_trim(char *s);                             /* in place, returns s */
bool str_prefix(const char *s, const char *prefix);  /* case-sensitive */
bool str_iprefix(const char *s, const char *prefix); /* ASCII case-insensitive */
bool is_hex_n(const char *s, size_t n);              /* exactly n hex digits at s */
/* Lower-case snake name of a label: "Type Detail" -> "type_detail". */
char *label_key(struct imp *im, const char *label);
/* "0x00a075" / "00A075" -> "00a075" when it is digits hex digits (with an
 * optional 0x); NULL otherwise.  Arena copy. */
const char *hex_norm(struct imp *im, const char *s, size_t digits);
/* Decimal digits of s with , . ' and spaces between them dropped, up to the
 * first other character: "1,000,204,886,016 [1.00 TB]" -> "1000204886016". */
const char *digits_only(struct imp *im, const char *s);
/* Upper-case JEP106 pair "802C" from dmidecode's "Bank 1, Hex 0x2C". */
bool jep106_from_bank(const char *s, char out[5]);
/* Header synonyms (csv.c), used by detection too. */
int csv_column_of_header(const char *header); /* enum import_column or -1 */
/* Why data/csv-headers.tsv could not be read, or NULL. */
const char *csv_headers_error(void);
bool csv_looks_like_header(const char *line, size_t n);

/* The importers.  text is a private NUL-terminated copy (len bytes, no NUL
 * inside); err gets the reason without the file name. */
int import_dmidecode(struct imp *im, char *text, size_t len, struct strbuf *err);
/* The DMI type whose record title ("Memory Device") s is, among those the
 * importer reads; -1 otherwise.  dmidecode -q prints records without their
 * "Handle" lines: the title starts them. */
int dmidecode_title(const char *s);
int import_smartctl_text(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_smartctl_json(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_lspci(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_lsusb(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_cyclonedx(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_csv(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_inventory_json(struct imp *im, char *text, size_t len, struct strbuf *err);
/* spd.c: text is the file as read (a raw image holds NUL bytes: len counts). */
int import_spd(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_decode_dimms(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_lshw_json(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_lshw_xml(struct imp *im, char *text, size_t len, struct strbuf *err);
int import_glpi(struct imp *im, char *text, size_t len, struct strbuf *err);
/* Detection (spd.c): a raw SPD image; one line of SPD hex text or of
 * decode-dimms; decode-dimms text anywhere in its first 8 KiB. */
bool spd_binary_like(const char *data, size_t len);
bool looks_spd_text(const char *line);
bool looks_decode_dimms(const char *data, size_t len);

/* The line of byte off in text, from 1. */
size_t imp_line_at(const char *text, size_t off);
/* Where a parse error is: "not valid JSON (near line 3, byte 57)". */
void json_parse_error(struct strbuf *err, const char *text, const char *at);
/* text as one JSON document (util/json.h), NULL with err saying why: the
 * parse error, or "more after the JSON document, at line L, byte N (two
 * documents appended?): nothing imported", since cJSON alone reads the first
 * of two appended documents and drops the rest without a word.  For formats
 * of one document per file (collect JSON, CycloneDX, GLPI); lshw and
 * smartctl JSON read every document one after the other. */
struct cJSON;
struct cJSON *import_json_parse(const char *text, size_t len, struct strbuf *err);

#endif
