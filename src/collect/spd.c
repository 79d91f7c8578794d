/*
 * spd.c — SPD EEPROMs of memory modules: finding them in sysfs, decoding
 * them, and joining them to the modules SMBIOS listed.
 *
 * The kernel exposes SPD EEPROMs as /sys/bus/i2c/devices/<bus>-<addr>/eeprom
 * when a driver is bound: ee1004 (DDR4), spd5118 (DDR5, a 1024-byte nvmem),
 * at24 under the device name "spd" (DDR3), or the old "eeprom" driver.  It
 * does so only for 1-8 slots of one memory type and an SMBus the host owns,
 * so on most servers there is nothing: that is recorded, with what would tell.
 *
 * Decoding follows the JEDEC layouts (spd.h lists the fields).  Each
 * generation differs only in where the fields sit and how capacity is
 * computed, so a table of offsets drives one decoder, and capacity has one
 * function per generation.  The CRC is checked first, so that every field of
 * an image that fails it is marked untrusted as it is set.
 *
 * An image is decoded into a scratch component first and then merged
 * (spd_merge): onto the SMBIOS module with the same serial or unique part
 * number, else onto a new component "dimm/spd-<bus>-<addr>".
 */
#include "collect/spd.h"
#include "collect/collect.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/hex.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------------- */
/* Layouts                                                                 */

enum layout { L_NONE, L_DDR3, L_DDR4, L_DDR5 };

/* SPD byte 2 (JESD21-C 4.1.2 / JESD400-5 byte 2). */
static const struct {
	uint8_t code;
	const char *name;
	enum layout layout;
} types[] = {
	{0x01, "FPM DRAM", L_NONE},
	{0x02, "EDO", L_NONE},
	{0x03, "Pipelined Nibble", L_NONE},
	{0x04, "SDRAM", L_NONE},
	{0x05, "ROM", L_NONE},
	{0x06, "DDR SGRAM", L_NONE},
	{0x07, "DDR", L_NONE},
	{0x08, "DDR2", L_NONE},
	{0x09, "DDR2 FB-DIMM", L_NONE},
	{0x0A, "DDR2 FB-DIMM PROBE", L_NONE},
	{0x0B, "DDR3", L_DDR3},
	{0x0C, "DDR4", L_DDR4},
	{0x0E, "DDR4E", L_DDR4},
	{0x0F, "LPDDR3", L_DDR4},
	{0x10, "LPDDR4", L_DDR4},
	{0x11, "LPDDR4X", L_DDR4},
	{0x12, "DDR5", L_DDR5},
	{0x13, "LPDDR5", L_DDR5},
	{0x14, "DDR5 NVDIMM-P", L_NONE},
	{0x15, "LPDDR5X", L_DDR5},
};

/* Where the identification fields sit, per layout (byte offsets). */
struct offsets {
	size_t size;      /* image size the kernel exposes */
	unsigned mod_mfr; /* module maker, 2 bytes */
	unsigned date;    /* BCD year, BCD week */
	unsigned serial;  /* 4 bytes */
	unsigned part, part_len;
	unsigned dram_mfr;         /* DRAM maker, 2 bytes */
	unsigned stepping;         /* DRAM stepping, 0 when the layout has none */
	unsigned reg_mfr;          /* register/buffer maker in the module-specific part */
	const uint8_t *registered; /* module types (byte 3 bits 3:0) that have one, 0-ended */
};

/* RDIMM, Mini-RDIMM, 72b-SO-RDIMM, LRDIMM (Annex K byte 3). */
static const uint8_t ddr3_registered[] = {0x01, 0x05, 0x09, 0x0B, 0};
/* RDIMM, LRDIMM, Mini-RDIMM, 72b-SO-RDIMM (Annex L byte 3). */
static const uint8_t ddr4_registered[] = {0x01, 0x04, 0x05, 0x08, 0};
/* RDIMM, LRDIMM (JESD400-5 byte 3). */
static const uint8_t ddr5_registered[] = {0x01, 0x04, 0};

static const struct offsets offsets[] = {
	[L_DDR3] = {256, 117, 120, 122, 128, 18, 148, 0, 65, ddr3_registered},
	[L_DDR4] = {512, 320, 323, 325, 329, 20, 350, 352, 133, ddr4_registered},
	[L_DDR5] = {1024, 512, 515, 517, 521, 30, 552, 554, 240, ddr5_registered},
};

const char *spd_type_name(uint8_t type)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].code == type)
			return types[i].name;
	return NULL;
}

static int type_index(uint8_t type)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].code == type)
			return (int)i;
	return -1;
}

uint16_t spd_crc16(const uint8_t *buf, size_t len)
{
	unsigned crc = 0;
	for (size_t i = 0; i < len; i++) {
		crc ^= (unsigned)buf[i] << 8;
		for (int b = 0; b < 8; b++)
			crc = crc & 0x8000 ? crc << 1 ^ 0x1021 : crc << 1;
	}
	return (uint16_t)crc;
}

/* ---------------------------------------------------------------------- */
/* Capacity (JEDEC formulas)                                               */

/*
 * capacity = SDRAM density / 8 * primary bus width / SDRAM width * ranks,
 * with ranks counting logical ranks (3DS dies) and, for DDR5, times the
 * number of sub-channels.  0 means "cannot say": a reserved code, or an
 * asymmetric module whose second geometry chipscreen does not decode.
 */
static uint64_t mbit_bytes(uint64_t mbit)
{
	return mbit * 1024 * 1024 / 8;
}

static uint64_t ddr3_size(const uint8_t *b, unsigned *ranks)
{
	static const unsigned mbit[] = {256, 512, 1024, 2048, 4096, 8192, 16384};
	static const unsigned nranks[] = {1, 2, 3, 4, 8};
	unsigned d = b[4] & 0x0F, w = b[7] & 0x07, r = b[7] >> 3 & 0x07, bus = b[8] & 0x07;
	if (r < 5)
		*ranks = nranks[r];
	if (d >= 7 || w > 3 || r >= 5 || bus > 3)
		return 0;
	return mbit_bytes(mbit[d]) * (8u << bus) / (4u << w) * nranks[r];
}

static uint64_t ddr4_size(const uint8_t *b, unsigned *ranks)
{
	static const unsigned mbit[] = {256,  512,   1024,  2048,  4096,
					8192, 16384, 32768, 12288, 24576};
	unsigned d = b[4] & 0x0F, w = b[12] & 0x07, r = (b[12] >> 3 & 0x07) + 1, bus = b[13] & 0x07;
	*ranks = r;
	if (d >= 10 || w > 3 || bus > 3 || b[12] & 0x40)
		return 0;
	/* A 3DS package (signal loading 2) adds logical ranks; a multi-load
	 * stack (DDP) already counts its dies as package ranks. */
	unsigned dies = b[6] & 0x80 && (b[6] & 0x03) == 2 ? (b[6] >> 4 & 0x07) + 1 : 1;
	return mbit_bytes(mbit[d]) * (8u << bus) / (4u << w) * r * dies;
}

static uint64_t ddr5_size(const uint8_t *b, unsigned *ranks)
{
	static const unsigned gbit[] = {0, 4, 8, 12, 16, 24, 32, 48, 64};
	static const unsigned ndies[] = {1, 0, 2, 4, 8, 16, 0, 0};
	unsigned d = b[4] & 0x1F, dies = ndies[b[4] >> 5], w = b[6] >> 5;
	unsigned r = (b[234] >> 3 & 0x07) + 1, ch = b[235] >> 5 & 0x03, bus = b[235] & 0x07;
	*ranks = r;
	if (d == 0 || d >= 9 || !dies || w > 3 || ch > 1 || bus > 3 || b[234] & 0x40)
		return 0;
	return mbit_bytes(gbit[d] * 1024ull) * dies * (8u << bus) / (4u << w) * r * (ch + 1);
}

/* ---------------------------------------------------------------------- */
/* Decoding                                                                */

struct ctx {
	struct inventory *inv;
	struct component *c;
	const uint8_t *b;
	const char *src;
	unsigned flags; /* FIELD_UNTRUSTED after a bad CRC */
};

static const char *where(struct ctx *x, unsigned off, unsigned n)
{
	if (n == 1)
		return arena_printf(x->inv->arena, "%s#%u", x->src, off);
	return arena_printf(x->inv->arena, "%s#%u-%u", x->src, off, off + n - 1);
}

static bool all_bytes(const uint8_t *b, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

/* A field of n bytes that was never programmed reads all 0x00 or all 0xFF. */
static bool unset(const uint8_t *b, size_t n)
{
	return all_bytes(b, n, 0x00) || all_bytes(b, n, 0xFF);
}

static void set_jedec(struct ctx *x, enum fkey key, unsigned off)
{
	if (unset(x->b + off, 2))
		return;
	char hex[5];
	hex_encode_upper(x->b + off, 2, 0, hex);
	component_set(x->inv, x->c, key, FIELD_RAW | x->flags, hex, where(x, off, 2));
}

static void set_part(struct ctx *x, unsigned off, unsigned n)
{
	const uint8_t *p = x->b + off;
	size_t len = n;
	while (len && (p[len - 1] == ' ' || p[len - 1] == 0x00 || p[len - 1] == 0xFF))
		len--;
	size_t start = 0;
	while (start < len && p[start] == ' ')
		start++;
	if (start == len)
		return;
	const char *w = where(x, off, n);
	component_set_bytes(x->inv, x->c, FK_PART_NUMBER, FIELD_RAW | x->flags, p, n, w);
	component_set_bytes(x->inv, x->c, FK_PART_NUMBER, x->flags, p + start, len - start, w);
}

static void set_serial(struct ctx *x, unsigned off)
{
	if (unset(x->b + off, 4))
		return;
	char hex[9];
	hex_encode_upper(x->b + off, 4, 0, hex);
	component_set(x->inv, x->c, FK_SERIAL, x->flags, hex, where(x, off, 4));
}

static int bcd(uint8_t v)
{
	return (v >> 4) < 10 && (v & 15) < 10 ? (v >> 4) * 10 + (v & 15) : -1;
}

static void set_date(struct ctx *x, unsigned off)
{
	const uint8_t *p = x->b + off;
	if (unset(p, 2))
		return;
	char hex[5];
	hex_encode_upper(p, 2, 0, hex);
	const char *w = where(x, off, 2);
	component_set(x->inv, x->c, FK_MANUFACTURE_DATE, FIELD_RAW | x->flags, hex, w);
	int y = bcd(p[0]), wk = bcd(p[1]);
	if (y >= 0 && wk >= 1 && date_from_iso_week(2000 + y, wk))
		component_setf(x->inv, x->c, FK_MANUFACTURE_DATE, x->flags, w, "%04d-W%02d",
			       2000 + y, wk);
}

static bool registered(const struct offsets *o, uint8_t module_type)
{
	for (const uint8_t *t = o->registered; *t; t++)
		if (*t == (module_type & 0x0F))
			return true;
	return false;
}

/* Capacity and ranks, for the three generations whose formula is certain;
 * LPDDR packages count channels per die differently, so they get none
 * rather than a wrong one. */
static void set_geometry(struct ctx *x, uint8_t type)
{
	uint64_t size = 0;
	unsigned ranks = 0, last;
	if (type == 0x0B) {
		size = ddr3_size(x->b, &ranks);
		last = 8;
	} else if (type == 0x0C) {
		size = ddr4_size(x->b, &ranks);
		last = 13;
	} else if (type == 0x12) {
		size = ddr5_size(x->b, &ranks);
		last = 235;
	} else {
		return;
	}
	const char *w = where(x, 4, last - 4 + 1);
	if (size)
		component_setf(x->inv, x->c, FK_SIZE_BYTES, x->flags, w, "%" PRIu64, size);
	if (ranks)
		component_setf(x->inv, x->c, FK_RANKS, x->flags, w, "%u", ranks);
}

/* One CRC-covered range: [first, last], stored little-endian at store. */
struct crc_block {
	unsigned first, last, store;
};

/* Check the image's CRCs; on failure warn and describe them in bad. */
static bool check_crc(struct ctx *x, enum layout l, struct strbuf *bad)
{
	struct crc_block blocks[2];
	size_t n = 0;
	if (l == L_DDR3)
		blocks[n++] = (struct crc_block){0, x->b[0] & 0x80 ? 116 : 125, 126};
	else if (l == L_DDR4) {
		blocks[n++] = (struct crc_block){0, 125, 126};
		blocks[n++] = (struct crc_block){128, 253, 254};
	} else
		blocks[n++] = (struct crc_block){0, 509, 510};
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const struct crc_block *k = &blocks[i];
		uint16_t want = (uint16_t)(x->b[k->store] | x->b[k->store + 1] << 8);
		uint16_t got = spd_crc16(x->b + k->first, k->last - k->first + 1);
		if (want == got)
			continue;
		strbuf_addstr(bad, ok ? "bad: " : "; ");
		if (k->first)
			strbuf_addf(bad, "bytes %u-%u ", k->first, k->last);
		strbuf_addf(bad, "stored 0x%04X, computed 0x%04X", want, got);
		inventory_warn(x->inv, x->src, SPD_WHAT,
			       "CRC of bytes %u-%u does not match: stored 0x%04X, computed 0x%04X; "
			       "the image is corrupt or misread, and every field from it is "
			       "marked untrusted",
			       k->first, k->last, want, got);
		ok = false;
	}
	return ok;
}

/* Reject what cannot be an SPD image of a known type; -1 after a warning. */
static int check_image(struct inventory *inv, const uint8_t *b, size_t len, const char *src,
		       int *ti)
{
	if (len == 0) {
		inventory_warn(inv, src, SPD_WHAT, "empty file: no SPD image to decode");
		return -1;
	}
	if (all_bytes(b, len, 0xFF) || all_bytes(b, len, 0x00)) {
		inventory_warn(inv, src, SPD_WHAT,
			       "blank image (all %zu bytes are 0x%02X): the EEPROM is unprogrammed "
			       "or was not read; nothing decoded",
			       len, b[0]);
		return -1;
	}
	if (len < 3 || (*ti = type_index(b[2])) < 0) {
		inventory_warn(inv, src, SPD_WHAT,
			       "unknown memory type 0x%02X in byte 2: not an SPD image, or a type "
			       "this chipscreen does not know; nothing decoded",
			       len < 3 ? 0 : b[2]);
		return -1;
	}
	enum layout l = types[*ti].layout;
	if (l == L_NONE)
		return 0;
	const struct offsets *o = &offsets[l];
	if (len < o->size) {
		/* The old eeprom driver shows only the first 256-byte page of a
		 * DDR4 EEPROM; ee1004 shows all of it. */
		const char *hint =
			l == L_DDR4 && len == 256
				? " (the old eeprom driver shows only the first 256 bytes "
				  "of a DDR4 SPD: load ee1004)"
				: "";
		inventory_warn(inv, src, SPD_WHAT,
			       "%zu bytes, but a %s SPD image has %zu: truncated or partly read%s; "
			       "nothing decoded",
			       len, types[*ti].name, o->size, hint);
		return -1;
	}
	if (len > o->size)
		inventory_warn(inv, src, SPD_WHAT,
			       "%zu bytes, more than the %zu of a %s SPD image: decoding the "
			       "first %zu",
			       len, o->size, types[*ti].name, o->size);
	return 0;
}

/* LPDDR modules (soldered, CAMM) have no register to name. */
static bool low_power(uint8_t type)
{
	return type == 0x0F || type == 0x10 || type == 0x11 || type == 0x13 || type == 0x15;
}

int spd_decode(struct inventory *inv, struct component *c, const uint8_t *buf, size_t len,
	       const char *source)
{
	int ti = -1;
	if (check_image(inv, buf, len, source, &ti) < 0)
		return -1;
	struct ctx x = {.inv = inv, .c = c, .b = buf, .src = source};
	enum layout l = types[ti].layout;
	if (l == L_NONE) {
		component_set(inv, c, FK_MEMORY_TYPE, 0, types[ti].name, where(&x, 2, 1));
		inventory_unread(inv, source, SPD_WHAT,
				 arena_printf(inv->arena,
					      "%s SPD: maker fields not decoded (chipscreen "
					      "decodes DDR3, DDR4, DDR5 and LPDDR3 to LPDDR5X)",
					      types[ti].name));
		return 0;
	}
	const struct offsets *o = &offsets[l];
	struct strbuf bad = STRBUF_INIT;
	if (!check_crc(&x, l, &bad))
		x.flags = FIELD_UNTRUSTED;
	component_set(inv, c, FK_MEMORY_TYPE, x.flags, types[ti].name, where(&x, 2, 1));
	set_jedec(&x, FK_JEDEC_MODULE, o->mod_mfr);
	set_jedec(&x, FK_JEDEC_DRAM, o->dram_mfr);
	if (registered(o, buf[3]) && !low_power(buf[2]))
		set_jedec(&x, FK_JEDEC_REGISTER, o->reg_mfr);
	set_part(&x, o->part, o->part_len);
	set_serial(&x, o->serial);
	set_date(&x, o->date);
	set_geometry(&x, buf[2]);
	if (o->stepping && buf[o->stepping] != 0xFF)
		component_set_extra(inv, c, "dram_stepping", FIELD_RAW | x.flags,
				    arena_printf(inv->arena, "%02X", buf[o->stepping]),
				    where(&x, o->stepping, 1));
	const char *crc_src = l == L_DDR4   ? arena_printf(inv->arena, "%s#126-127,254-255", source)
			      : l == L_DDR5 ? where(&x, 510, 2)
					    : where(&x, 126, 2);
	component_set(inv, c, FK_SPD_CRC, 0, bad.len ? bad.buf : "ok", crc_src);
	strbuf_release(&bad);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Hex text                                                                */

int spd_is_hex_text(const char *data, size_t len)
{
	if (!len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)data[i];
		if (!(ch >= 0x20 && ch < 0x7F) && ch != '\n' && ch != '\r' && ch != '\t')
			return 0;
	}
	return 1;
}

static void hex_error(struct strbuf *err, unsigned line, const char *what, const char *tok,
		      size_t n)
{
	strbuf_reset(err);
	strbuf_addf(err, "line %u: %s", line, what);
	if (tok) {
		strbuf_addstr(err, ", found \"");
		utf8_escape(err, tok, n > 40 ? 40 : n);
		strbuf_addstr(err, n > 40 ? "...\"" : "\"");
	}
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* One data line [p, end): "OOOO: XX XX ...".  -1 with err on junk. */
static int hex_line(const char *p, const char *end, unsigned line, uint8_t *out, uint8_t *seen,
		    size_t cap, size_t *extent, struct strbuf *err)
{
	const char *s = p;
	uint32_t off = 0;
	while (p < end && hex_digit((unsigned char)*p) >= 0 && p - s < 8)
		off = off << 4 | (uint32_t)hex_digit((unsigned char)*p++);
	if (p == s || p == end || *p != ':') {
		hex_error(err, line, "expected \"OOOO: XX XX ...\" (a hex offset and a colon)", s,
			  (size_t)(end - s));
		return -1;
	}
	p++;
	for (;;) {
		while (p < end && is_blank(*p))
			p++;
		if (p == end || *p == '#')
			return 0;
		const char *t = p;
		while (p < end && !is_blank(*p))
			p++;
		if (p - t != 2 || hex_digit((unsigned char)t[0]) < 0 ||
		    hex_digit((unsigned char)t[1]) < 0) {
			hex_error(err, line, "expected a hex byte", t, (size_t)(p - t));
			return -1;
		}
		if (off >= cap) {
			strbuf_reset(err);
			strbuf_addf(err,
				    "line %u: offset 0x%04" PRIX32
				    " is past the %zu bytes an SPD image can hold",
				    line, off, cap);
			return -1;
		}
		uint8_t v = (uint8_t)(hex_digit((unsigned char)t[0]) << 4 |
				      hex_digit((unsigned char)t[1]));
		if (seen[off] && out[off] != v) {
			strbuf_reset(err);
			strbuf_addf(err,
				    "line %u: byte 0x%04" PRIX32 " given twice, as %02X and %02X",
				    line, off, out[off], v);
			return -1;
		}
		out[off] = v;
		seen[off] = 1;
		if (off + 1 > *extent)
			*extent = off + 1;
		off++;
	}
}

int spd_parse_hex_text(const char *text, size_t len, uint8_t *out, size_t cap, size_t *outlen,
		       struct strbuf *err)
{
	uint8_t *seen = xcalloc(cap ? cap : 1, 1);
	size_t extent = 0;
	unsigned line = 0;
	const char *p = text, *end = text + len;
	int rc = 0;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		line++;
		while (p < e && is_blank(*p))
			p++;
		if (p < e && *p != '#')
			rc = hex_line(p, e, line, out, seen, cap, &extent, err);
		p = nl ? nl + 1 : end;
	}
	if (rc == 0 && extent == 0) {
		strbuf_reset(err);
		strbuf_addstr(err, "no data lines (\"OOOO: XX XX ...\"): not SPD hex text");
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < extent; i++) {
		if (seen[i])
			continue;
		size_t j = i;
		while (j + 1 < extent && !seen[j + 1])
			j++;
		strbuf_reset(err);
		strbuf_addf(err, "bytes 0x%04zX-0x%04zX are missing (no line gives them)", i, j);
		rc = -1;
	}
	free(seen);
	if (rc == 0)
		*outlen = extent;
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Merging with SMBIOS                                                     */

/* Compare values as identifiers: surrounding blanks, case and a 0x prefix
 * do not make two serials different. */
static bool same_value(const char *a, const char *b)
{
	while (*a == ' ' || *a == '\t')
		a++;
	while (*b == ' ' || *b == '\t')
		b++;
	if (a[0] == '0' && (a[1] == 'x' || a[1] == 'X') && b[0] != '0')
		a += 2;
	if (b[0] == '0' && (b[1] == 'x' || b[1] == 'X') && a[0] != '0')
		b += 2;
	size_t la = strlen(a), lb = strlen(b);
	while (la && (a[la - 1] == ' ' || a[la - 1] == '\t'))
		la--;
	while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\t'))
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* A module SMBIOS listed that no SPD image has been put on yet. */
static bool candidate(const struct component *c)
{
	return c->kind == KIND_DIMM && !component_field(c, FK_SPD_CRC, false);
}

static bool matches(const struct component *c, enum fkey key, const char *v)
{
	const char *have = component_get(c, key);
	return v && have && same_value(have, v);
}

static struct component *find_module(struct inventory *inv, const struct component *spd)
{
	const char *serial = component_get(spd, FK_SERIAL);
	const char *part = component_get(spd, FK_PART_NUMBER);
	/* The part number identifies a module only if no other DIMM, merged or
	 * not, carries it. */
	size_t nparts = 0;
	for (size_t i = 0; part && i < inv->ncomps; i++)
		if (inv->comps[i].kind == KIND_DIMM &&
		    matches(&inv->comps[i], FK_PART_NUMBER, part))
			nparts++;
	struct component *found = NULL;
	for (size_t i = 0; i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		if (!candidate(c))
			continue;
		if (matches(c, FK_SERIAL, serial) ||
		    (nparts == 1 && matches(c, FK_PART_NUMBER, part))) {
			if (found)
				return NULL; /* two modules fit: do not guess */
			found = c;
		}
	}
	return found;
}

static const struct field *find_field(const struct component *c, const struct field *f)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *g = &c->fields[i];
		if (g->key == f->key && (g->flags & FIELD_RAW) == (f->flags & FIELD_RAW) &&
		    (f->key != FK_EXTRA || !strcmp(g->name, f->name)))
			return g;
	}
	return NULL;
}

static void put_field(struct inventory *inv, struct component *c, const struct field *f)
{
	if (f->key == FK_EXTRA)
		component_set_extra(inv, c, f->name, f->flags, f->value, f->source);
	else
		component_set(inv, c, f->key, f->flags, f->value, f->source);
}

static void merge_field(struct inventory *inv, struct component *c, const struct field *f)
{
	const struct field *old = find_field(c, f);
	if (old && same_value(old->value, f->value))
		return;
	if (old) {
		/* Copy before setting: adding a field may move the array. */
		struct field keep = *old;
		const char *name = f->key == FK_EXTRA ? keep.name : field_key_name(keep.key);
		component_set_extra(inv, c, arena_printf(inv->arena, "smbios.%s", name), keep.flags,
				    keep.value, keep.source);
	}
	put_field(inv, c, f);
}

struct component *spd_merge(struct inventory *inv, const struct component *spd, const char *new_id,
			    const char *source)
{
	struct component *c = find_module(inv, spd);
	if (!c) {
		c = inventory_add(inv, KIND_DIMM, new_id, source);
		for (size_t i = 0; i < spd->nfields; i++)
			put_field(inv, c, &spd->fields[i]);
		return c;
	}
	for (size_t i = 0; i < spd->nfields; i++)
		merge_field(inv, c, &spd->fields[i]);
	return c;
}

/* ---------------------------------------------------------------------- */
/* Collecting from sysfs                                                   */

#define I2C_DEVICES "/sys/bus/i2c/devices"

static const char no_spd[] =
	"no SPD EEPROM exposed: load the driver (modprobe ee1004 for DDR4, spd5118 for DDR5, "
	"at24 for DDR3) and collect again, or feed a dump to chipscreen (decode-dimms "
	"output, i2cdump output or a copy of the eeprom file: chipscreen identify --spd FILE, "
	"or scan/import FILE); servers with >8 slots or BMC-owned SMBus never expose SPD";

/* "<bus>-<addr>" as i2c client devices are named: "0-0050". */
static bool client_name(const char *name, unsigned *addr)
{
	const char *dash = strchr(name, '-');
	if (!dash || dash == name || strlen(dash + 1) != 4)
		return false;
	for (const char *p = name; p < dash; p++)
		if (*p < '0' || *p > '9')
			return false;
	uint32_t a;
	if (!hex_parse_u32(dash + 1, &a))
		return false;
	*addr = a;
	return true;
}

/* Is this i2c client an SPD EEPROM?  By the driver bound to it, else by the
 * name it was instantiated under.  at24 and the old eeprom driver also serve
 * other EEPROMs, so those count only at the SPD addresses 0x50-0x57. */
static bool is_spd(const char *driver, const char *name, unsigned addr)
{
	static const char *const spd_only[] = {"ee1004", "spd5118", "spd"};
	for (size_t i = 0; i < sizeof spd_only / sizeof spd_only[0]; i++)
		if (!strcmp(driver, spd_only[i]) || !strcmp(name, spd_only[i]))
			return true;
	bool generic =
		!strcmp(driver, "at24") || !strcmp(driver, "eeprom") || !strcmp(name, "eeprom");
	return generic && addr >= 0x50 && addr <= 0x57;
}

static void read_device(struct collect_ctx *cc, const char *dev, const char *driver,
			const char *name)
{
	struct inventory *inv = cc->inv;
	struct strbuf path = STRBUF_INIT, img = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s/eeprom", I2C_DEVICES, dev);
	if (cc_read(cc, path.buf, SPD_MAX_SIZE, &img, &err) < 0) {
		if (!*driver)
			strbuf_addf(&err,
				    " (device %s has no driver bound: load it with modprobe %s)",
				    dev, name);
		inventory_unread(inv, path.buf, SPD_WHAT, err.buf);
		goto out;
	}
	struct component scratch = {.kind = KIND_DIMM};
	if (spd_decode(inv, &scratch, (const uint8_t *)img.buf, img.len, path.buf) < 0)
		goto out;
	component_set(inv, &scratch, FK_DEVICE, 0, dev, path.buf);
	char *id = arena_printf(inv->arena, "dimm/spd-%s", dev);
	spd_merge(inv, &scratch, id, path.buf);
out:
	strbuf_release(&path);
	strbuf_release(&img);
	strbuf_release(&err);
}

void collect_spd(struct collect_ctx *cc)
{
	char **names = NULL;
	struct strbuf err = STRBUF_INIT, p = STRBUF_INIT, driver = STRBUF_INIT, name = STRBUF_INIT;
	int n = cc_list(cc, I2C_DEVICES, &names, &err);
	int found = 0;
	for (int i = 0; i < n; i++) {
		unsigned addr;
		if (!client_name(names[i], &addr))
			continue;
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s/driver", I2C_DEVICES, names[i]);
		strbuf_reset(&driver);
		if (cc_readlink(cc, p.buf, &driver) == 0) {
			const char *base = strrchr(driver.buf, '/');
			base = base ? base + 1 : driver.buf;
			memmove(driver.buf, base, strlen(base) + 1);
		}
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s/name", I2C_DEVICES, names[i]);
		if (cc_attr(cc, p.buf, &name) < 0)
			strbuf_reset(&name);
		if (!is_spd(driver.buf, name.buf, addr))
			continue;
		found++;
		read_device(cc, names[i], driver.buf, name.buf);
	}
	if (!found)
		inventory_unread(cc->inv, I2C_DEVICES, SPD_WHAT, no_spd);
	if (n > 0)
		free_names(names, n);
	strbuf_release(&err);
	strbuf_release(&p);
	strbuf_release(&driver);
	strbuf_release(&name);
}
