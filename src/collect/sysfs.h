/*
 * sysfs.h — what the device sources (pci, nvme, block, usb, emmc) share:
 * reading attributes through the collect context, checking and decoding the
 * identifiers the kernel prints, and finding where a device sits.
 *
 * Each source describes the attributes it reads in a table (struct
 * attr_spec): the file name, the field key, and the form the kernel prints
 * (free text, or a fixed-width hexadecimal id with or without "0x").  One
 * reader then does the same thing for every attribute of every bus:
 *
 *   - the raw field holds the bytes exactly as read (less the newline the
 *     kernel appends), NULs and invalid UTF-8 kept as \xNN escapes;
 *   - the decoded field holds the trimmed text, or the id in its canonical
 *     form (lower-case, fixed width);
 *   - a value that is not what the kernel prints ("zz" for a vendor id, text
 *     that is not UTF-8, a file larger than a sysfs page) gives a warning
 *     naming the file, and the decoded field is left out rather than guessed;
 *   - a required attribute that is absent, or a file that cannot be read,
 *     gives an unread note, and the rest is still collected.
 *
 * Paths in notes are always root-relative ("/sys/bus/pci/devices/..."), so a
 * replayed capture gives the same notes as the live run.
 */
#ifndef COLLECT_SYSFS_H
#define COLLECT_SYSFS_H

#include <stdbool.h>

#include "collect/collect.h"

/* The largest value sysfs can show is one page; anything bigger is not sysfs. */
#define SYSFS_ATTR_MAX 4096

enum attr_form {
	AF_TEXT,     /* free text: decoded is trimmed */
	AF_HEX,      /* hex id printed without prefix ("1e49"): decoded the same, lower-case */
	AF_HEX_0X,   /* printed with 0x ("0x1e49"): decoded without it ("1e49") */
	AF_HEX_KEEP, /* printed with 0x: decoded keeps it, lower-case ("0x000015") */
	AF_BYTES,    /* digits bytes in hex, any of " -:" between them: decoded as plain hex */
};

struct attr_spec {
	const char *name; /* attribute file in the device directory */
	enum fkey key;
	const char *extra; /* field name when key is FK_EXTRA */
	enum attr_form form;
	int digits;    /* hex forms: number of digits the kernel prints; AF_BYTES: bytes */
	bool required; /* absence gives an unread note */
};

/*
 * Read dir/name.  Returns 1 with the value in out (trailing newlines
 * removed), 0 when the file is absent, -1 when it exists but could not be
 * read or is larger than SYSFS_ATTR_MAX (a note is added, naming what).
 */
int sysfs_get(struct collect_ctx *cc, const char *dir, const char *name, const char *what,
	      struct strbuf *out);
/* The same for binary attributes: the bytes as read, newlines included. */
int sysfs_get_bytes(struct collect_ctx *cc, const char *dir, const char *name, const char *what,
		    struct strbuf *out);

/* Read every attribute of specs[0..n) in dir into c.  Required attributes
 * that are absent are named together in one unread note.  Returns the
 * number of attributes read. */
int sysfs_read_attrs(struct collect_ctx *cc, struct component *c, const char *dir,
		     const struct attr_spec *specs, size_t n, const char *what);

/* Set one value read from path as raw and decoded field of c, as
 * sysfs_read_attrs does (warning when malformed).  Returns true when the
 * decoded field was set. */
bool sysfs_set(struct collect_ctx *cc, struct component *c, const struct attr_spec *spec,
	       const char *path, const char *value, size_t len, const char *what);

/* Decode a hex id of the given form and width into out (digits + 3 bytes).
 * False when the value is not of that form. */
bool sysfs_hex_id(const char *s, size_t n, enum attr_form form, int digits, char *out);

/* True when s[0..n) is UTF-8 text without control characters. */
bool sysfs_text_ok(const char *s, size_t n);

/*
 * The path with its last component's symbolic link resolved, lexically
 * ("/sys/block/sda" -> "/sys/devices/pci0000:00/.../block/sda"), into out.
 * A path that is not a link is copied as is.  Returns out->buf.
 */
const char *sysfs_resolve(struct collect_ctx *cc, const char *path, struct strbuf *out);

/* Join dir and rel, folding "." and ".." lexically, into out ("/a/b" + "../c" = "/a/c"). */
void sysfs_join(struct strbuf *out, const char *dir, const char *rel);

/* The last component of path that is a PCI address ("0000:3b:00.0"), into
 * out; false when there is none. */
bool sysfs_pci_address_in(const char *path, struct strbuf *out);
/* True when s is a PCI address as the kernel names functions: DDDD:BB:DD.F (domain 4+ digits). */
bool sysfs_is_pci_address(const char *s);

/*
 * The IEEE OUI (6 lower-case hex digits) in a world-wide name, or false:
 *   "eui.<16 hex>"  EUI-64: the first 3 bytes;
 *   "eui.<32 hex>"  NVMe NGUID: bytes 8-10 (NVMe base spec, NGUID format);
 *   "naa.5..."/"naa.6..." (SCSI NAA IEEE registered): the 24 bits after the NAA nibble;
 *   "naa.2..." (NAA IEEE extended): the 24 bits after 3 hex digits of vendor data.
 * detail receives where it was found ("bytes 0-2").
 */
bool sysfs_oui_from_wwid(const char *wwid, char oui[7], const char **detail);
/* Parse n bytes of hex with any of the separators " -:" between digits; false on anything else. */
bool sysfs_hex_bytes(const char *s, size_t len, unsigned char *out, size_t n);

/* Names in dir sorted so that nvme2 comes before nvme10 (strverscmp).
 * Returns the count, 0 when absent, -1 when unreadable (note added). */
int sysfs_list(struct collect_ctx *cc, const char *dir, const char *what, bool note_absent,
	       char ***names);

/* err with the root prefix removed, so messages name the path as collect sees it. */
void sysfs_strip_root(struct collect_ctx *cc, struct strbuf *err);

/* Does s match "<prefix><digits>" exactly ("usb3" for prefix "usb")? */
bool sysfs_name_num(const char *s, const char *prefix);

#endif
