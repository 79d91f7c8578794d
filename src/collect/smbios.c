/*
 * smbios.c — the SMBIOS source: firmware tables to components.
 *
 * The kernel exposes the entry point and the structure table as two files
 * under /sys/firmware/dmi/tables, readable by root only.  The entry point
 * (_SM_ for 2.x, _SM3_ for 3.x; DSP0134 §5.2) carries a checksum, the version
 * and the table's length; the table is a run of structures, each a formatted
 * area (type, length, handle, fields) followed by a string set ending in two
 * NULs, up to the end-of-table structure (type 127).
 *
 * Reading is defensive and never gives up on the whole: a bad checksum
 * still yields the fields, marked untrusted; a truncated table yields every
 * structure that was complete; a string index past the string set loses that
 * one field.  Each problem is a warning naming the file and the offset.
 * Fields exist only when the structure is long enough to hold them, which is
 * how the specification versions its layouts: nothing is read past a
 * structure's declared length.
 *
 * What a cut table lost cannot be judged, and memory devices (type 17) may
 * be among it: read as a machine with only the modules before the cut, a
 * host was CLEAR under a rule naming a memory maker that could have made the
 * others.  So a table that ends before the length its entry point
 * announces, or inside a structure, or where no next structure can be
 * found, adds the part
 * "dimm/not-read" (collect_memory_not_read(), as collect/memory.c makes it
 * when no module was read at all), whose maker is unknown for the reason
 * given, and judge asks a person about it.  A cut inside the end-of-table
 * structure loses nothing.
 *
 * When the tables cannot be read (not root, or a kernel without them) the
 * world-readable /sys/class/dmi/id attributes still give the system, board,
 * chassis and BIOS strings; that fallback is recorded, not hidden.
 */
#include "collect/smbios.h"
#include "collect/collect.h"
#include "util/date.h"
#include "util/hex.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define DMI_DIR  "/sys/firmware/dmi/tables"
#define EP_PATH  DMI_DIR "/smbios_entry_point"
#define DMI_PATH DMI_DIR "/DMI"
#define DMI_ID   "/sys/class/dmi/id"
#define WHAT     SMBIOS_WHAT

#define VER(maj, min) ((unsigned)(maj) << 8 | (unsigned)(min))

/* ---------------------------------------------------------------------- */
/* Enumerations (DSP0134 7.4.1, 7.18.1, 7.18.2)                            */

static const char *const memory_types[] = {
	[0x01] = "Other",        [0x03] = "DRAM",   [0x04] = "EDRAM",
	[0x05] = "VRAM",         [0x06] = "SRAM",   [0x07] = "RAM",
	[0x08] = "ROM",          [0x09] = "Flash",  [0x0A] = "EEPROM",
	[0x0B] = "FEPROM",       [0x0C] = "EPROM",  [0x0D] = "CDRAM",
	[0x0E] = "3DRAM",        [0x0F] = "SDRAM",  [0x10] = "SGRAM",
	[0x11] = "RDRAM",        [0x12] = "DDR",    [0x13] = "DDR2",
	[0x14] = "DDR2 FB-DIMM", [0x18] = "DDR3",   [0x19] = "FBD2",
	[0x1A] = "DDR4",         [0x1B] = "LPDDR",  [0x1C] = "LPDDR2",
	[0x1D] = "LPDDR3",       [0x1E] = "LPDDR4", [0x1F] = "Logical non-volatile device",
	[0x20] = "HBM",          [0x21] = "HBM2",   [0x22] = "DDR5",
	[0x23] = "LPDDR5",       [0x24] = "HBM3",
};

static const char *const form_factors[] = {
	[0x01] = "Other",
	[0x03] = "SIMM",
	[0x04] = "SIP",
	[0x05] = "Chip",
	[0x06] = "DIP",
	[0x07] = "ZIP",
	[0x08] = "Proprietary Card",
	[0x09] = "DIMM",
	[0x0A] = "TSOP",
	[0x0B] = "Row of chips",
	[0x0C] = "RIMM",
	[0x0D] = "SODIMM",
	[0x0E] = "SRIMM",
	[0x0F] = "FB-DIMM",
	[0x10] = "Die",
	[0x11] = "CAMM",
};

static const char *const chassis_types[] = {
	[0x01] = "Other",
	[0x03] = "Desktop",
	[0x04] = "Low Profile Desktop",
	[0x05] = "Pizza Box",
	[0x06] = "Mini Tower",
	[0x07] = "Tower",
	[0x08] = "Portable",
	[0x09] = "Laptop",
	[0x0A] = "Notebook",
	[0x0B] = "Hand Held",
	[0x0C] = "Docking Station",
	[0x0D] = "All in One",
	[0x0E] = "Sub Notebook",
	[0x0F] = "Space-saving",
	[0x10] = "Lunch Box",
	[0x11] = "Main Server Chassis",
	[0x12] = "Expansion Chassis",
	[0x13] = "SubChassis",
	[0x14] = "Bus Expansion Chassis",
	[0x15] = "Peripheral Chassis",
	[0x16] = "RAID Chassis",
	[0x17] = "Rack Mount Chassis",
	[0x18] = "Sealed-case PC",
	[0x19] = "Multi-system chassis",
	[0x1A] = "Compact PCI",
	[0x1B] = "Advanced TCA",
	[0x1C] = "Blade",
	[0x1D] = "Blade Enclosure",
	[0x1E] = "Tablet",
	[0x1F] = "Convertible",
	[0x20] = "Detachable",
	[0x21] = "IoT Gateway",
	[0x22] = "Embedded PC",
	[0x23] = "Mini PC",
	[0x24] = "Stick PC",
};

#define LOOKUP(table, v) ((v) < sizeof table / sizeof table[0] ? table[v] : NULL)

const char *smbios_memory_type(unsigned type)
{
	return LOOKUP(memory_types, type);
}

const char *smbios_memory_form_factor(unsigned ff)
{
	return LOOKUP(form_factors, ff);
}

const char *smbios_chassis_type(unsigned type)
{
	return LOOKUP(chassis_types, type);
}

/* ---------------------------------------------------------------------- */
/* Small decoders                                                          */

static bool padding(uint8_t b)
{
	return b == 0x00 || b == 0x20 || b == 0xFF;
}

bool smbios_unhex(const char *s, size_t n, struct strbuf *out)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\0'))
		n--;
	while (n && *s == ' ')
		s++, n--;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2, n -= 2;
	if (n < 4 || n % 2)
		return false;
	uint8_t buf[128];
	size_t nb = n / 2;
	if (nb > sizeof buf || !hex_decode(s, nb, buf))
		return false;
	while (nb && padding(buf[nb - 1]))
		nb--;
	bool alnum = false;
	for (size_t i = 0; i < nb; i++) {
		if (buf[i] < 0x20 || buf[i] > 0x7E)
			return false;
		alnum |= isalnum(buf[i]) != 0;
	}
	if (!alnum)
		return false;
	strbuf_reset(out);
	strbuf_add(out, buf, nb);
	return true;
}

/* "MM/DD/YYYY", as BIOS release dates are written, to "YYYY-MM-DD". */
static bool iso_date(const char *s, char out[11])
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (n != 10 || s[2] != '/' || s[5] != '/')
		return false;
	snprintf(out, 11, "%.4s-%.2s-%.2s", s + 6, s, s + 3);
	return date_parse(out) != 0;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

/* ---------------------------------------------------------------------- */
/* Decoding context                                                        */

struct entry {
	bool v3;
	unsigned major, minor, docrev;
	uint32_t table_len; /* exact for 2.x, a maximum for 3.x */
	unsigned count;     /* 2.x: number of structures */
};

struct dec {
	struct inventory *inv;
	const char *ep_path, *path;
	const uint8_t *d;
	size_t len;             /* bytes of the table walked */
	size_t file_len;        /* bytes of the table read */
	const struct entry *ep; /* NULL without a usable entry point */
	unsigned ver;           /* VER(major, minor); 0 unknown */
	unsigned flags;         /* FIELD_UNTRUSTED after a failed checksum */
	bool have_system;
	const char *lost; /* why memory devices may be missing: the table was cut */
};

/* One structure of the table. */
struct st {
	const uint8_t *p; /* formatted area, p[0] is the type */
	size_t off;       /* offset in the table */
	uint8_t type, len;
	uint16_t handle;
	const char *strs; /* string set */
	unsigned nstr;
	char src[160]; /* "/sys/firmware/dmi/tables/DMI#type=17,handle=0x1100" */
};

static bool has(const struct st *s, unsigned off, unsigned n)
{
	return off + n <= s->len;
}

static void where(struct strbuf *sb, size_t off, const struct st *s)
{
	strbuf_addf(sb, "structure at offset 0x%04zX", off);
	if (s)
		strbuf_addf(sb, " (type %u, handle 0x%04X)", s->type, s->handle);
}

static void warn(struct dec *dc, const char *path, struct strbuf *msg)
{
	inventory_warn(dc->inv, path, WHAT, "%s", msg->buf);
	strbuf_release(msg);
}

/* "(0x0240 bytes, entry point says 0x0260)": what the table is against what
 * the entry point promised, for truncation messages. */
static void sizes(struct strbuf *sb, const struct dec *dc)
{
	strbuf_addf(sb, "0x%04zX bytes", dc->file_len);
	if (dc->ep)
		strbuf_addf(sb, ", entry point says %s0x%04X", dc->ep->v3 ? "at most " : "",
			    dc->ep->table_len);
}

/*
 * The structures after a cut, memory devices among them, were not read: the
 * warning in sb says so (after), and why becomes the reason of the part
 * "dimm/not-read" that smbios_decode() adds.
 */
static void memory_lost(struct dec *dc, struct strbuf *sb, const char *after, const char *why)
{
	strbuf_addf(sb, "; memory devices %s were not read", after);
	if (!dc->lost)
		dc->lost = why;
}

/* "the SMBIOS table ends at byte 1270 of the 1280 its entry point
 * announces" (3.x: "... before the 1280 its entry point announces at most")
 * and how, for the reasons of memory_lost(). */
static const char *ends(const struct dec *dc, const char *how)
{
	const struct entry *ep = dc->ep;
	struct arena *a = dc->inv->arena;
	if (!ep)
		return arena_printf(a, "the SMBIOS table ends at byte %zu%s", dc->len, how);
	if (dc->len >= ep->table_len) /* a structure crosses the end announced */
		return arena_printf(a,
				    "the SMBIOS table ends at byte %zu, where its entry point "
				    "says%s",
				    dc->len, how);
	if (ep->v3)
		return arena_printf(a,
				    "the SMBIOS table ends at byte %zu, before the %u its entry "
				    "point announces at most%s",
				    dc->len, ep->table_len, how);
	return arena_printf(
		a, "the SMBIOS table ends at byte %zu of the %u its entry point announces%s",
		dc->len, ep->table_len, how);
}

static void warn_past_end(struct dec *dc, size_t off, const struct st *s, int n)
{
	struct strbuf sb = STRBUF_INIT;
	where(&sb, off, s);
	strbuf_addstr(&sb, " runs past the end of the table (");
	sizes(&sb, dc);
	strbuf_addf(&sb, "): kept the %d structures before it", n);
	/* cut inside the end-of-table structure: nothing came after it */
	if (dc->d[off] != 127) {
		const char *type = s ? arena_printf(dc->inv->arena, " of type %u", s->type) : "";
		memory_lost(dc, &sb, "from it on",
			    ends(dc, arena_printf(dc->inv->arena,
						  ", inside a structure%s: it was cut, and "
						  "memory devices from there on were not read",
						  type)));
	}
	warn(dc, dc->path, &sb);
}

/* String k of the structure, NULL for 0 or when out of range (warned). */
static const char *string_at(struct dec *dc, const struct st *s, unsigned off, const char *what)
{
	if (!has(s, off, 1) || s->p[off] == 0)
		return NULL;
	unsigned k = s->p[off];
	if (k > s->nstr) {
		struct strbuf sb = STRBUF_INIT;
		where(&sb, s->off, s);
		strbuf_addf(&sb, ": %s (offset 0x%02X) is string %u, but the structure has %u",
			    what, off, k, s->nstr);
		strbuf_addstr(&sb, s->nstr == 1 ? " string" : " strings");
		warn(dc, dc->path, &sb);
		return NULL;
	}
	const char *p = s->strs;
	while (--k)
		p += strlen(p) + 1;
	return p;
}

/* Set v raw and trimmed; returns the decoded value (NULL when blank). */
static const char *put_text(struct dec *dc, const struct st *s, struct component *c, enum fkey key,
			    const char *extra, const char *v)
{
	if (!v)
		return NULL;
	struct field *f;
	if (extra) {
		component_set_extra(dc->inv, c, extra, FIELD_RAW | dc->flags, v, s->src);
		f = component_set_extra(dc->inv, c, extra, dc->flags, v, s->src);
	} else {
		component_set_bytes(dc->inv, c, key, FIELD_RAW | dc->flags, v, strlen(v), s->src);
		f = component_set_bytes(dc->inv, c, key, dc->flags, v, strlen(v), s->src);
	}
	return f ? f->value : NULL;
}

static const char *text(struct dec *dc, const struct st *s, struct component *c, enum fkey key,
			unsigned off, const char *what)
{
	return put_text(dc, s, c, key, NULL, string_at(dc, s, off, what));
}

static void number(struct dec *dc, const struct st *s, struct component *c, enum fkey key,
		   const char *extra, unsigned long long v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%llu", v);
	if (extra)
		component_set_extra(dc->inv, c, extra, dc->flags, buf, s->src);
	else
		component_set(dc->inv, c, key, dc->flags, buf, s->src);
}

/* An enumerated byte: raw "0x1A", decoded from the specification's table. */
static void enumerated(struct dec *dc, const struct st *s, struct component *c, enum fkey key,
		       unsigned raw, const char *name)
{
	char buf[8];
	snprintf(buf, sizeof buf, "0x%02X", raw);
	component_set(dc->inv, c, key, FIELD_RAW | dc->flags, buf, s->src);
	if (name)
		component_set(dc->inv, c, key, dc->flags, name, s->src);
}

/* A JEP106 word as SPD stores it, continuation byte first: word 0x2C80 is
 * "802C".  Zero means the firmware did not fill it in. */
static void jep106(struct dec *dc, const struct st *s, struct component *c, enum fkey key,
		   unsigned off)
{
	if (!has(s, off, 2) || le16(s->p + off) == 0)
		return;
	char buf[8];
	snprintf(buf, sizeof buf, "%02X%02X", s->p[off], s->p[off + 1]);
	component_set(dc->inv, c, key, FIELD_RAW | dc->flags, buf, s->src);
}

/* A component named prefix/name (or prefix alone), made unique with "#2",
 * "#3", ...  Ids hold no spaces or separators: anything but letters, digits
 * and ._:+- becomes '_'. */
static struct component *add(struct dec *dc, const struct st *s, enum kind kind, const char *prefix,
			     const char *name)
{
	struct strbuf id = STRBUF_INIT;
	strbuf_addstr(&id, prefix);
	if (name) {
		strbuf_addch(&id, '/');
		for (const unsigned char *p = (const unsigned char *)name; *p; p++)
			strbuf_addch(&id, isalnum(*p) || strchr("._:+-", *p) ? *p : '_');
	}
	size_t base = id.len;
	for (int n = 2; inventory_find(dc->inv, id.buf); n++) {
		strbuf_setlen(&id, base);
		strbuf_addf(&id, "#%d", n);
	}
	struct component *c = inventory_add(dc->inv, kind, id.buf, s->src);
	strbuf_release(&id);
	return c;
}

/* ---------------------------------------------------------------------- */
/* Structures                                                              */

static void bios(struct dec *dc, const struct st *s)
{
	struct component *c = add(dc, s, KIND_BIOS, "bios", NULL);
	text(dc, s, c, FK_MANUFACTURER, 0x04, "vendor");
	text(dc, s, c, FK_VERSION, 0x05, "version");
	const char *date = string_at(dc, s, 0x08, "release date");
	if (date) {
		char iso[11];
		component_set_extra(dc->inv, c, "release_date", FIELD_RAW | dc->flags, date,
				    s->src);
		component_set_extra(dc->inv, c, "release_date", dc->flags,
				    iso_date(date, iso) ? iso : date, s->src);
	}
	if (has(s, 0x14, 2) && !(s->p[0x14] == 0xFF && s->p[0x15] == 0xFF))
		component_setf(dc->inv, c, FK_REVISION, dc->flags, s->src, "%u.%u", s->p[0x14],
			       s->p[0x15]);
}

/* The UUID: raw as the 16 bytes read, decoded in the usual text form.  From
 * 2.6 on the first three fields are little-endian (DSP0134 7.2.1). */
static const char *uuid(struct dec *dc, const struct st *s, struct component *c)
{
	if (!has(s, 0x08, 16))
		return NULL;
	const uint8_t *u = s->p + 0x08;
	char raw[33];
	hex_encode_upper(u, 16, 0, raw);
	component_set(dc->inv, c, FK_UUID, FIELD_RAW | dc->flags, raw, s->src);
	bool ff = true, zero = true;
	for (int i = 0; i < 16; i++) {
		ff &= u[i] == 0xFF;
		zero &= u[i] == 0x00;
	}
	if (ff || zero) /* "not present" and "not settable" */
		return NULL;
	uint8_t b[16];
	memcpy(b, u, 16);
	if (dc->ver == 0 || dc->ver >= VER(2, 6)) {
		static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
		for (int i = 0; i < 16; i++)
			b[i] = u[order[i]];
	}
	char h[33];
	hex_encode(b, 16, h);
	struct field *f =
		component_setf(dc->inv, c, FK_UUID, dc->flags, s->src, "%.8s-%.4s-%.4s-%.4s-%.12s",
			       h, h + 8, h + 12, h + 16, h + 20);
	return f ? f->value : NULL;
}

static void system_(struct dec *dc, const struct st *s)
{
	struct component *c = add(dc, s, KIND_SYSTEM, "system", NULL);
	const char *vendor = text(dc, s, c, FK_MANUFACTURER, 0x04, "manufacturer");
	const char *product = text(dc, s, c, FK_PRODUCT, 0x05, "product name");
	text(dc, s, c, FK_VERSION, 0x06, "version");
	const char *serial = text(dc, s, c, FK_SERIAL, 0x07, "serial number");
	const char *id = uuid(dc, s, c);
	put_text(dc, s, c, FK_EXTRA, "sku", string_at(dc, s, 0x19, "SKU number"));
	put_text(dc, s, c, FK_EXTRA, "family", string_at(dc, s, 0x1A, "family"));
	if (dc->have_system)
		return;
	dc->have_system = true;
	struct host *h = &dc->inv->host;
	h->vendor = vendor;
	h->product = product;
	h->serial = serial;
	h->uuid = id;
}

static void baseboard(struct dec *dc, const struct st *s)
{
	struct component *c = add(dc, s, KIND_BASEBOARD, "baseboard", NULL);
	text(dc, s, c, FK_MANUFACTURER, 0x04, "manufacturer");
	text(dc, s, c, FK_PRODUCT, 0x05, "product");
	text(dc, s, c, FK_VERSION, 0x06, "version");
	text(dc, s, c, FK_SERIAL, 0x07, "serial number");
	text(dc, s, c, FK_ASSET_TAG, 0x08, "asset tag");
}

static void chassis(struct dec *dc, const struct st *s)
{
	struct component *c = add(dc, s, KIND_CHASSIS, "chassis", NULL);
	text(dc, s, c, FK_MANUFACTURER, 0x04, "manufacturer");
	if (has(s, 0x05, 1))
		enumerated(dc, s, c, FK_FORM_FACTOR, s->p[0x05],
			   smbios_chassis_type(s->p[0x05] & 0x7F));
	text(dc, s, c, FK_VERSION, 0x06, "version");
	text(dc, s, c, FK_SERIAL, 0x07, "serial number");
	text(dc, s, c, FK_ASSET_TAG, 0x08, "asset tag");
	/* The SKU string follows the contained elements (2.7+). */
	if (has(s, 0x13, 2)) {
		unsigned off = 0x15u + (unsigned)s->p[0x13] * s->p[0x14];
		put_text(dc, s, c, FK_EXTRA, "sku", string_at(dc, s, off, "SKU number"));
	}
}

static void processor(struct dec *dc, const struct st *s)
{
	/* Status bit 6: socket populated.  Empty sockets are not parts. */
	if (has(s, 0x18, 1) && !(s->p[0x18] & 0x40))
		return;
	const char *sock = string_at(dc, s, 0x04, "socket designation");
	struct strbuf name = STRBUF_INIT;
	strbuf_add(&name, sock ? sock : "", sock ? strlen(sock) : 0);
	strbuf_trim(&name);
	if (!name.len)
		strbuf_addf(&name, "0x%04X", s->handle);
	struct component *c = add(dc, s, KIND_CPU, "cpu", name.buf);
	strbuf_release(&name);
	put_text(dc, s, c, FK_SOCKET, NULL, sock);
	text(dc, s, c, FK_MANUFACTURER, 0x07, "manufacturer");
	/* "Processor Version" is the model name: "Intel(R) Xeon(R) Gold ..." */
	text(dc, s, c, FK_MODEL, 0x10, "version");
	if (has(s, 0x08, 8)) {
		char id[24];
		hex_encode_upper(s->p + 0x08, 8, ' ', id);
		component_set_extra(dc->inv, c, "processor_id", FIELD_RAW | dc->flags, id, s->src);
	}
	if (has(s, 0x14, 2) && le16(s->p + 0x14))
		number(dc, s, c, FK_EXTRA, "max_speed_mhz", le16(s->p + 0x14));
	text(dc, s, c, FK_SERIAL, 0x20, "serial number");
	text(dc, s, c, FK_ASSET_TAG, 0x21, "asset tag");
	text(dc, s, c, FK_PART_NUMBER, 0x22, "part number");
	unsigned cores = has(s, 0x23, 1) ? s->p[0x23] : 0;
	/* 0xFF: "see Core Count 2" (3.0+).  Without that word 0xFF may mean 255
	 * or more, so it is left out rather than guessed. */
	if (cores == 0xFF && has(s, 0x2A, 2))
		cores = le16(s->p + 0x2A);
	if (cores && cores != 0xFF && cores != 0xFFFF)
		number(dc, s, c, FK_EXTRA, "core_count", cores);
}

/* Size of a memory device in bytes; 0 for an empty slot, -1 unknown. */
static long long dimm_size(const struct st *s)
{
	if (!has(s, 0x0C, 2))
		return -1;
	unsigned w = le16(s->p + 0x0C);
	if (w == 0)
		return 0;
	if (w == 0xFFFF)
		return -1;
	if (w == 0x7FFF && has(s, 0x1C, 4)) {
		uint32_t mib = le32(s->p + 0x1C) & 0x7FFFFFFF;
		return mib ? (long long)mib << 20 : -1;
	}
	if (w & 0x8000)
		return (long long)(w & 0x7FFF) << 10;
	return (long long)w << 20;
}

/* A speed word, 0xFFFF meaning "see the extended dword" (3.3+); 0 unknown. */
static uint32_t speed(const struct st *s, unsigned off, unsigned ext)
{
	if (!has(s, off, 2))
		return 0;
	uint32_t v = le16(s->p + off);
	if (v == 0xFFFF)
		v = has(s, ext, 4) ? le32(s->p + ext) & 0x7FFFFFFF : 0;
	return v;
}

static void part_number(struct dec *dc, const struct st *s, struct component *c)
{
	const char *pn = string_at(dc, s, 0x1A, "part number");
	if (!pn)
		return;
	struct strbuf ascii = STRBUF_INIT;
	component_set(dc->inv, c, FK_PART_NUMBER, FIELD_RAW | dc->flags, pn, s->src);
	component_set(dc->inv, c, FK_PART_NUMBER, dc->flags,
		      smbios_unhex(pn, strlen(pn), &ascii) ? ascii.buf : pn, s->src);
	strbuf_release(&ascii);
}

static void memory_device(struct dec *dc, const struct st *s)
{
	long long size = dimm_size(s);
	if (size == 0) /* no module installed */
		return;
	const char *loc = string_at(dc, s, 0x10, "device locator");
	struct strbuf name = STRBUF_INIT;
	strbuf_add(&name, loc ? loc : "", loc ? strlen(loc) : 0);
	strbuf_trim(&name);
	if (!name.len)
		strbuf_addf(&name, "0x%04X", s->handle);
	struct component *c = add(dc, s, KIND_DIMM, "dimm", name.buf);
	strbuf_release(&name);

	put_text(dc, s, c, FK_LOCATOR, NULL, loc);
	text(dc, s, c, FK_BANK_LOCATOR, 0x11, "bank locator");
	if (size > 0)
		number(dc, s, c, FK_SIZE_BYTES, NULL, (unsigned long long)size);
	if (has(s, 0x0E, 1))
		enumerated(dc, s, c, FK_FORM_FACTOR, s->p[0x0E],
			   smbios_memory_form_factor(s->p[0x0E]));
	if (has(s, 0x12, 1))
		enumerated(dc, s, c, FK_MEMORY_TYPE, s->p[0x12], smbios_memory_type(s->p[0x12]));
	uint32_t mts = speed(s, 0x15, 0x54);
	if (mts)
		number(dc, s, c, FK_SPEED_MTS, NULL, mts);
	text(dc, s, c, FK_MANUFACTURER, 0x17, "manufacturer");
	text(dc, s, c, FK_SERIAL, 0x18, "serial number");
	text(dc, s, c, FK_ASSET_TAG, 0x19, "asset tag");
	part_number(dc, s, c);
	if (has(s, 0x1B, 1) && (s->p[0x1B] & 0x0F))
		number(dc, s, c, FK_RANKS, NULL, s->p[0x1B] & 0x0F);
	mts = speed(s, 0x20, 0x58);
	if (mts)
		number(dc, s, c, FK_EXTRA, "configured_speed_mts", mts);
	text(dc, s, c, FK_FIRMWARE, 0x2B, "firmware version");
	jep106(dc, s, c, FK_JEDEC_MODULE, 0x2C);
	jep106(dc, s, c, FK_JEDEC_CONTROLLER, 0x30);
	jep106(dc, s, c, FK_JEDEC_REGISTER, 0x60); /* RCD Manufacturer ID (3.7+) */
}

static void structure(struct dec *dc, struct st *s)
{
	snprintf(s->src, sizeof s->src, "%s#type=%u,handle=0x%04X", dc->path, s->type, s->handle);
	switch (s->type) {
	case 0:
		bios(dc, s);
		break;
	case 1:
		system_(dc, s);
		break;
	case 2:
		baseboard(dc, s);
		break;
	case 3:
		chassis(dc, s);
		break;
	case 4:
		processor(dc, s);
		break;
	case 17:
		memory_device(dc, s);
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------------- */
/* Entry point and table                                                   */

static void untrusted(struct dec *dc, struct strbuf *sb)
{
	strbuf_addstr(sb, sb->len && sb->buf[sb->len - 1] == ','
				  ? " and every SMBIOS field is marked untrusted"
				  : ": every SMBIOS field is marked untrusted");
	dc->flags |= FIELD_UNTRUSTED;
	warn(dc, dc->ep_path, sb);
}

/* An entry point that cannot bound the table: sb says why. */
static bool bad_entry(struct dec *dc, struct strbuf *sb)
{
	strbuf_addstr(sb, ": the table is read without it, up to its end-of-table structure,");
	untrusted(dc, sb);
	return false;
}

static void check_sum(struct dec *dc, const char *what, const uint8_t *p, size_t n)
{
	uint8_t sum = checksum(p, n);
	if (!sum)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s checksum is 0x%02X, should be 0x00", what, sum);
	untrusted(dc, &sb);
}

/* Parse the entry point into ep; false when it cannot bound the table. */
static bool parse_entry(struct dec *dc, const uint8_t *e, size_t n, struct entry *ep)
{
	struct strbuf sb = STRBUF_INIT;
	memset(ep, 0, sizeof *ep);
	if (n >= 5 && !memcmp(e, "_SM3_", 5)) {
		if (n < 0x18 || e[0x06] < 0x18 || e[0x06] > n) {
			strbuf_addf(&sb, "_SM3_ entry point is %zu bytes, should be 24", n);
			return bad_entry(dc, &sb);
		}
		check_sum(dc, "entry point", e, e[0x06]);
		ep->v3 = true;
		ep->major = e[0x07];
		ep->minor = e[0x08];
		ep->docrev = e[0x09];
		ep->table_len = le32(e + 0x0C);
		return true;
	}
	if (n >= 4 && !memcmp(e, "_SM_", 4)) {
		/* 0x1E: a length some 2.1 firmware wrote for a 0x1F-byte entry point. */
		if (n < 0x1E || e[0x05] < 0x1E || e[0x05] > n) {
			strbuf_addf(&sb, "_SM_ entry point is %zu bytes, should be 31", n);
			return bad_entry(dc, &sb);
		}
		check_sum(dc, "entry point", e, e[0x05]);
		if (memcmp(e + 0x10, "_DMI_", 5)) {
			strbuf_addstr(&sb, "_SM_ entry point has no _DMI_ anchor at offset 0x10");
			return bad_entry(dc, &sb);
		}
		check_sum(dc, "intermediate (_DMI_)", e + 0x10, e[0x05] - 0x10u);
		ep->major = e[0x06];
		ep->minor = e[0x07];
		ep->table_len = le16(e + 0x16);
		ep->count = le16(e + 0x1C);
		return true;
	}
	strbuf_addf(&sb, "entry point (%zu bytes) starts with neither _SM_ nor _SM3_", n);
	return bad_entry(dc, &sb);
}

/* The table ended cleanly without an end-of-table structure. */
static void check_end(struct dec *dc, int n)
{
	struct strbuf sb = STRBUF_INIT;
	const struct entry *ep = dc->ep;
	struct arena *a = dc->inv->arena;
	if (ep && !ep->v3 && dc->file_len < ep->table_len) {
		strbuf_addf(&sb,
			    "table is 0x%04zX bytes, entry point says 0x%04X: kept the %d "
			    "structures read",
			    dc->file_len, ep->table_len, n);
		memory_lost(dc, &sb, "after them",
			    ends(dc, arena_printf(a,
						  ", after %d whole structures: it was cut, and "
						  "memory devices after the cut were not read",
						  n)));
	} else if (ep && !ep->v3 && ep->count) {
		/* every byte announced is there: the firmware miscounted, and
		 * nothing was lost on the way (a copy cut short is the case
		 * above), so no memory is taken for missing */
		strbuf_addf(&sb, "table holds %d structures, entry point says %u", n, ep->count);
	} else if (ep && ep->v3 && dc->file_len < ep->table_len) {
		strbuf_addf(&sb,
			    "table is 0x%04zX bytes, entry point says up to 0x%04X, and has no "
			    "end-of-table structure (type 127): kept the %d structures read",
			    dc->file_len, ep->table_len, n);
		memory_lost(dc, &sb, "after them",
			    ends(dc, arena_printf(a,
						  ", after %d whole structures and without its "
						  "end-of-table structure: it was cut, and memory "
						  "devices after the cut were not read",
						  n)));
	}
	if (sb.len)
		warn(dc, dc->path, &sb);
	strbuf_release(&sb);
}

static int walk(struct dec *dc)
{
	const uint8_t *d = dc->d;
	size_t off = 0, len = dc->len;
	int n = 0;
	for (;;) {
		if (dc->ep && dc->ep->count && (unsigned)n >= dc->ep->count)
			return n;
		if (off >= len)
			break;
		if (len - off < 4) {
			warn_past_end(dc, off, NULL, n);
			return n;
		}
		struct st s = {.p = d + off, .off = off, .type = d[off], .len = d[off + 1]};
		s.handle = le16(d + off + 2);
		if (s.len < 4) {
			struct strbuf sb = STRBUF_INIT;
			where(&sb, off, &s);
			strbuf_addf(&sb,
				    " has length %u, less than its 4-byte header: cannot find "
				    "the next structure, kept the %d structures before it",
				    s.len, n);
			memory_lost(dc, &sb, "from it on",
				    arena_printf(dc->inv->arena,
						 "the SMBIOS table's structure at byte %zu (type "
						 "%u) has length %u, less than its 4-byte header: "
						 "memory devices from there on were not read",
						 off, s.type, s.len));
			warn(dc, dc->path, &sb);
			return n;
		}
		/* The string set ends at the first pair of NULs after the formatted
		 * area; p is the first of them. */
		size_t start = off + s.len, p = start;
		while (p + 1 < len && (d[p] || d[p + 1]))
			p++;
		if (start > len || p + 1 >= len) {
			warn_past_end(dc, off, &s, n);
			return n;
		}
		s.strs = (const char *)d + start;
		if (p > start) /* else the set is empty: just the two NULs */
			for (size_t i = start; i <= p; i++)
				s.nstr += d[i] == 0;
		structure(dc, &s);
		n++;
		off = p + 2;
		if (s.type == 127)
			return n;
	}
	check_end(dc, n);
	return n;
}

int smbios_decode(struct inventory *inv, const uint8_t *ep, size_t eplen, const uint8_t *table,
		  size_t tlen, const char *ep_path, const char *table_path)
{
	struct dec dc = {.inv = inv,
			 .ep_path = ep_path,
			 .path = table_path,
			 .d = table,
			 .len = tlen,
			 .file_len = tlen};
	struct entry e;
	if (!ep) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "no entry point: the table is read up to its end-of-table "
				   "structure,");
		untrusted(&dc, &sb);
	} else if (parse_entry(&dc, ep, eplen, &e)) {
		dc.ep = &e;
		dc.ver = VER(e.major, e.minor);
		inv->host.smbios_version =
			e.v3 ? arena_printf(inv->arena, "%u.%u.%u", e.major, e.minor, e.docrev)
			     : arena_printf(inv->arena, "%u.%u", e.major, e.minor);
		if (e.table_len < dc.len)
			dc.len = e.table_len;
	}
	int n = walk(&dc);
	if (dc.lost)
		collect_memory_not_read(inv, table_path, dc.lost);
	return n;
}

/* ---------------------------------------------------------------------- */
/* Collecting                                                              */

/* /sys/class/dmi/id attributes: what the kernel shows anyone. */
static const struct dmi_id {
	const char *file;
	enum kind kind;
	const char *id;
	enum fkey key;
	const char *extra;
} dmi_ids[] = {
	{"bios_vendor", KIND_BIOS, "bios", FK_MANUFACTURER, NULL},
	{"bios_version", KIND_BIOS, "bios", FK_VERSION, NULL},
	{"bios_date", KIND_BIOS, "bios", FK_EXTRA, "release_date"},
	{"bios_release", KIND_BIOS, "bios", FK_REVISION, NULL},
	{"sys_vendor", KIND_SYSTEM, "system", FK_MANUFACTURER, NULL},
	{"product_name", KIND_SYSTEM, "system", FK_PRODUCT, NULL},
	{"product_version", KIND_SYSTEM, "system", FK_VERSION, NULL},
	{"product_serial", KIND_SYSTEM, "system", FK_SERIAL, NULL}, /* root only */
	{"product_uuid", KIND_SYSTEM, "system", FK_UUID, NULL},     /* root only */
	{"product_sku", KIND_SYSTEM, "system", FK_EXTRA, "sku"},
	{"product_family", KIND_SYSTEM, "system", FK_EXTRA, "family"},
	{"board_vendor", KIND_BASEBOARD, "baseboard", FK_MANUFACTURER, NULL},
	{"board_name", KIND_BASEBOARD, "baseboard", FK_PRODUCT, NULL},
	{"board_version", KIND_BASEBOARD, "baseboard", FK_VERSION, NULL},
	{"board_serial", KIND_BASEBOARD, "baseboard", FK_SERIAL, NULL}, /* root only */
	{"board_asset_tag", KIND_BASEBOARD, "baseboard", FK_ASSET_TAG, NULL},
	{"chassis_vendor", KIND_CHASSIS, "chassis", FK_MANUFACTURER, NULL},
	{"chassis_type", KIND_CHASSIS, "chassis", FK_FORM_FACTOR, NULL},
	{"chassis_version", KIND_CHASSIS, "chassis", FK_VERSION, NULL},
	{"chassis_serial", KIND_CHASSIS, "chassis", FK_SERIAL, NULL}, /* root only */
	{"chassis_asset_tag", KIND_CHASSIS, "chassis", FK_ASSET_TAG, NULL},
};

static void dmi_id_field(struct inventory *inv, struct component *c, const struct dmi_id *a,
			 const char *v, const char *src)
{
	const char *dec = v;
	char iso[11];
	if (a->key == FK_EXTRA && !strcmp(a->extra, "release_date") && iso_date(v, iso))
		dec = iso;
	if (a->key == FK_FORM_FACTOR) {
		unsigned t = 0;
		if (sscanf(v, "%u", &t) == 1)
			dec = smbios_chassis_type(t & 0x7F);
		else
			dec = NULL;
	}
	if (a->key == FK_EXTRA) {
		component_set_extra(inv, c, a->extra, FIELD_RAW, v, src);
		component_set_extra(inv, c, a->extra, 0, dec, src);
	} else {
		component_set(inv, c, a->key, FIELD_RAW, v, src);
		component_set(inv, c, a->key, 0, dec, src);
	}
}

static void from_dmi_id(struct collect_ctx *cc)
{
	struct inventory *inv = cc->inv;
	struct strbuf v = STRBUF_INIT, path = STRBUF_INIT;
	for (size_t i = 0; i < sizeof dmi_ids / sizeof dmi_ids[0]; i++) {
		const struct dmi_id *a = &dmi_ids[i];
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", DMI_ID, a->file);
		if (cc_attr(cc, path.buf, &v) < 0 || !v.len)
			continue;
		struct component *c = inventory_find(inv, a->id);
		if (!c)
			c = inventory_add(inv, a->kind, a->id, DMI_ID);
		dmi_id_field(inv, c, a, v.buf, path.buf);
	}
	struct component *sys = inventory_find(inv, "system");
	if (sys && !inv->host.vendor) {
		inv->host.vendor = component_get(sys, FK_MANUFACTURER);
		inv->host.product = component_get(sys, FK_PRODUCT);
		inv->host.serial = component_get(sys, FK_SERIAL);
		inv->host.uuid = component_get(sys, FK_UUID);
	}
	strbuf_release(&v);
	strbuf_release(&path);
}

/* Note what could not be read: the reason without the path, which the
 * note carries itself ("permission denied (readable by root only: run as root)"). */
static void unread(struct collect_ctx *cc, const char *path, const struct strbuf *err)
{
	const char *full = cc_path(cc, path);
	size_t n = strlen(full);
	const char *reason = err->buf;
	if (!strncmp(reason, full, n) && !strncmp(reason + n, ": ", 2))
		reason += n + 2;
	inventory_unread(cc->inv, path, WHAT, reason);
}

void collect_smbios(struct collect_ctx *cc)
{
	struct inventory *inv = cc->inv;
	if (!cc_exists(cc, DMI_DIR)) {
		inventory_unread(inv, DMI_DIR, WHAT, "no SMBIOS tables exposed by the kernel");
		from_dmi_id(cc);
		return;
	}
	struct strbuf ep = STRBUF_INIT, table = STRBUF_INIT, err = STRBUF_INIT;
	int n = 0;
	if (cc_read(cc, EP_PATH, 4096, &ep, &err) < 0)
		unread(cc, EP_PATH, &err);
	else if (cc_read(cc, DMI_PATH, 64u << 20, &table, &err) < 0)
		unread(cc, DMI_PATH, &err);
	else
		n = smbios_decode(inv, (const uint8_t *)ep.buf, ep.len, (const uint8_t *)table.buf,
				  table.len, EP_PATH, DMI_PATH);
	/* Nothing decoded: the world-readable strings are better than none. */
	if (n == 0)
		from_dmi_id(cc);
	strbuf_release(&ep);
	strbuf_release(&table);
	strbuf_release(&err);
}
