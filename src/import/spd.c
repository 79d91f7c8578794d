/*
 * spd.c — SPD EEPROM dumps as users hold them, into dimm components:
 *
 *   - raw images (256, 512 or 1024 bytes: DDR3, DDR4/LPDDR4, DDR5/LPDDR5),
 *     copied from /sys/bus/i2c/devices/N-00NN/eeprom or read by a programmer;
 *   - hex text: illumos' hex2spd form ("0000: 23 12 ..." with '#' comments),
 *     i2cdump output (a column header, "00: 92 10 ...", an ASCII column,
 *     "XX" where a byte could not be read), xxd ("00000000: 9210 0b02 ...")
 *     and hexdump -C ("00000000  92 10 ...  |....|", "*" for repeated lines);
 *   - decode-dimms text (i2c-tools): "Decoding EEPROM: ..." blocks of
 *     "Label<spaces>value" lines, one block per module.
 *
 * Images and hex text go through collect's decoder (collect/spd.h): every
 * hex form is first rewritten into the illumos form, which spd_parse_hex_text
 * reads with its rules (bytes go where the offset says; a gap or a byte given
 * twice with two values is an error), then spd_decode() decodes the image
 * exactly as collect does from sysfs, CRC check and untrusted fields
 * included.  decode-dimms has already decoded the bytes: its maker names are
 * taken as names (identify matches them, weakly), and a CRC it reports as
 * bad makes every field of that module untrusted, as collect would.
 *
 * A dump is part of a machine: fed with that machine's dmidecode, the SPD
 * fields go onto the module whose serial or part number they share
 * (spd_merge), else onto a module of their own ("dimm/spd-<file>").
 */
#include "import/import-int.h"
#include "collect/spd.h"
#include "util/hex.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- detection ---- */

/* DDR3 to LPDDR5X (byte 2): the types an image of another size is taken
 * for, so that a truncated or over-long dump gets the decoder's message
 * ("300 bytes, but a DDR4 SPD image has 512: truncated") instead of "binary
 * data, not text".  Older codes are too small to tell from other files (a
 * ZIP archive's third byte is 0x03). */
static bool spd_modern_type(uint8_t t)
{
	return t == 0x0B || t == 0x0C || (t >= 0x0F && t <= 0x13) || t == 0x15;
}

bool spd_binary_like(const char *data, size_t len)
{
	bool usual = len == 256 || len == 384 || len == 512 || len == 1024;
	if (len < 3 || (!usual && len > SPD_MAX_SIZE))
		return false;
	const uint8_t *b = (const uint8_t *)data;
	if (!spd_type_name(b[2]) || (!usual && !spd_modern_type(b[2])) ||
	    spd_is_hex_text(data, len))
		return false;
	/* byte 1: the SPD revision, major 0-5 in the high nibble */
	return (b[1] >> 4) <= 5;
}

/* An i2cdump header, or a hex dump line: an offset, then at least 8 hex
 * bytes (or 4 xxd groups). */
/*
 * Bytes without offsets, as `od -An -tx1` (" 23 12 0c ..."), a hex editor's
 * copy ("23 12 0C ...") or `xxd -p` ("23120c04...", 30 bytes a line) print
 * them: false when s is not such a line of at least min bytes (8 to start
 * a dump, so that a line of a few hex words is not taken for one), else
 * true with the bytes' count in *n.
 */
static bool plain_hex_line(const char *s, size_t min, size_t *n)
{
	size_t bytes = 0, tokens = 0;
	bool pairs = true;
	for (const char *p = s;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t k = 0;
		while (isxdigit((unsigned char)p[k]))
			k++;
		if (!k || k % 2 || (p[k] && p[k] != ' ' && p[k] != '\t'))
			return false;
		pairs &= k == 2;
		bytes += k / 2, tokens++;
		p += k;
	}
	*n = bytes;
	/* pairs ("23 12 0c"), or one run of digits (xxd -p) */
	return bytes >= min && (pairs || tokens == 1);
}

bool looks_spd_text(const char *s)
{
	size_t nplain;
	while (*s == ' ' || *s == '\t')
		s++;
	if (plain_hex_line(s, 8, &nplain))
		return true;
	if (!strncmp(s, "0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f", 45))
		return true; /* i2cdump's column header */
	if (!strncmp(s, "Decoding EEPROM: ", 17) ||
	    !strncmp(s, "Memory Serial Presence Detect Decoder", 37))
		return true; /* decode-dimms */
	size_t n = 0;
	while (isxdigit((unsigned char)s[n]))
		n++;
	if (n != 2 && n != 4 && n != 8)
		return false;
	const char *p = s + n;
	if (*p == ':')
		p++;
	else if (n != 8 || p[0] != ' ' || p[1] != ' ')
		return false; /* hexdump -C: 8 digits and two spaces, no colon */
	int bytes = 0;
	for (;;) {
		while (*p == ' ')
			p++;
		size_t k = 0;
		while (isxdigit((unsigned char)p[k]))
			k++;
		if ((k != 2 && k != 4) || (p[k] && p[k] != ' '))
			break;
		bytes += (int)k / 2;
		p += k;
	}
	return bytes >= 8;
}

/* Whether the n bytes at p open with the string s: the buffer need not end
 * in a NUL (a file's bytes as read, a fuzzer's input), so strncmp, which
 * reads on while the bytes agree, could read past it. */
static bool opens_with(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && !memcmp(p, s, k);
}

bool looks_decode_dimms(const char *data, size_t len)
{
	size_t n = len < 8192 ? len : 8192;
	for (const char *p = data; p && p < data + n;) {
		size_t left = (size_t)(data + n - p);
		if (opens_with(p, left, "Decoding EEPROM: ") ||
		    opens_with(p, left, "Memory Serial Presence Detect Decoder"))
			return true;
		p = memchr(p, '\n', (size_t)(data + n - p));
		p = p ? p + 1 : NULL;
	}
	return false;
}

/* ---- one image ---- */

/* An id not taken yet: "dimm/spd-<base name of the file>", then "#2", ... */
static const char *new_id(struct imp *im)
{
	const char *base = strrchr(im->name, '/');
	base = base ? base + 1 : im->name;
	const char *id = arena_printf(im->inv->arena, "dimm/spd-%s", base);
	for (int k = 2; inventory_find(im->inv, id); k++)
		id = arena_printf(im->inv->arena, "dimm/spd-%s#%d", base, k);
	return id;
}

/* The reason of the last warning since n (spd_decode explains there). */
static void last_warning(struct imp *im, size_t n, struct strbuf *err)
{
	if (im->inv->nwarnings > n)
		strbuf_addstr(err, im->inv->warnings[im->inv->nwarnings - 1].reason);
	else
		strbuf_addstr(err, "not an SPD image chipscreen can decode");
}

static int one_image(struct imp *im, const uint8_t *img, size_t n, struct strbuf *err)
{
	struct component scratch = {.kind = KIND_DIMM};
	size_t w = im->inv->nwarnings;
	if (spd_decode(im->inv, &scratch, img, n, im->name) < 0) {
		last_warning(im, w, err);
		return -1;
	}
	size_t n0 = im->inv->ncomps;
	spd_merge(im->inv, &scratch, new_id(im), im->name);
	im->merged += im->inv->ncomps == n0;
	return 0;
}

/* ---- hex dumps into the illumos form ---- */

struct hexconv {
	struct strbuf out;
	uint8_t last[16]; /* the previous line's bytes (hexdump's "*") */
	size_t nlast;
	long next;      /* offset after the previous line; -1 before data */
	bool squeezed;  /* a "*" since the previous line */
	bool any;       /* data seen */
	bool offset_only; /* the last data-like line was a bare offset (hexdump's end) */
	int plain;        /* 1: bytes without offsets (od -An, xxd -p); 0: with; -1 not seen */
};

static void emit(struct hexconv *h, unsigned long off, const uint8_t *b, size_t n)
{
	strbuf_addf(&h->out, "%04lX:", off);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&h->out, " %02X", b[i]);
	strbuf_addch(&h->out, '\n');
}

/* A line of bytes without an offset: they follow the previous line's. */
static int plain_line(struct hexconv *h, const char *s, size_t line, struct strbuf *err)
{
	uint8_t b[16];
	size_t n = 0;
	unsigned long off = h->next < 0 ? 0 : (unsigned long)h->next;
	if (off > 65536) {
		strbuf_addf(err, "line %zu: more bytes than any SPD image", line);
		return -1;
	}
	h->plain = 1;
	for (const char *p = s; *p; p++) {
		if (!isxdigit((unsigned char)*p))
			continue;
		b[n++] = (uint8_t)(hex_digit((unsigned char)p[0]) << 4 |
				   hex_digit((unsigned char)p[1]));
		p++;
		if (n == sizeof b) {
			emit(h, off, b, n);
			off += n, n = 0;
		}
	}
	if (n)
		emit(h, off, b, n);
	h->next = (long)(off + n);
	h->any = true;
	return 0;
}

/* One line.  0: read (or skipped as preamble); -1 with err. */
static int hex_dump_line(struct hexconv *h, char *s, size_t line, struct strbuf *err)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		s[--len] = 0;
	if (!*s || *s == '#')
		return 0;
	if (!strcmp(s, "*")) {
		if (h->plain == 1) {
			strbuf_addf(err, "line %zu: \"*\" (od's repeated lines) in a dump without "
					 "offsets: where the repeat ends cannot be told (run od with -v)",
				    line);
			return -1;
		}
		h->squeezed = true;
		return 0;
	}
	size_t nplain;
	/* the first such line has 8 bytes or more; the last may have fewer */
	if (h->plain != 0 && plain_hex_line(s, h->plain == 1 ? 1 : 8, &nplain))
		return plain_line(h, s, line, err);
	char *p = s;
	unsigned long off = 0;
	size_t nd = 0;
	while (isxdigit((unsigned char)*p) && nd < 9)
		off = off << 4 | (unsigned)hex_digit((unsigned char)*p++), nd++;
	bool colon = *p == ':';
	bool data = nd && (colon || ((*p == ' ' || !*p) && nd == 8));
	if (!data) {
		if (h->any) {
			strbuf_addf(err, "line %zu: not a hex dump line: \"%.40s\"", line, s);
			return -1;
		}
		return 0; /* i2cdump's header and warnings, a title */
	}
	if (h->plain == 1) {
		strbuf_addf(err, "line %zu: a line with an offset in a dump without offsets", line);
		return -1;
	}
	/* no SPD image is larger: an offset past it is no SPD dump, and after
	 * a "*" the lines up to it would be repeated to fill gigabytes */
	if (off > SPD_MAX_SIZE) { /* (a closing offset may equal the size) */
		strbuf_addf(err,
			    "line %zu: offset 0x%lX is past the end of any SPD image (%d bytes at "
			    "most): not an SPD dump",
			    line, off, SPD_MAX_SIZE);
		return -1;
	}
	h->plain = 0;
	p += colon;
	uint8_t b[16];
	size_t n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '|' || n == 16)
			break;
		char *t = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		size_t k = (size_t)(p - t);
		if (k == 2 && (t[0] == 'X' || t[0] == 'x') && (t[1] == 'X' || t[1] == 'x')) {
			strbuf_addf(err,
				    "line %zu: byte 0x%04lX is \"XX\": i2cdump could not read it, "
				    "so the image is incomplete",
				    line, off + n);
			return -1;
		}
		bool hex = (k == 2 || k == 4);
		for (size_t i = 0; hex && i < k; i++)
			hex = isxdigit((unsigned char)t[i]);
		if (!hex || n + k / 2 > 16)
			break; /* the ASCII column */
		for (size_t i = 0; i < k; i += 2)
			b[n++] = (uint8_t)(hex_digit((unsigned char)t[i]) << 4 |
					   hex_digit((unsigned char)t[i + 1]));
	}
	if (!n) { /* hexdump's closing line: the total length */
		if (!h->any) {
			return 0;
		}
		h->offset_only = true;
		if (h->squeezed && h->nlast)
			for (long o = h->next; o + (long)h->nlast <= (long)off; o += (long)h->nlast)
				emit(h, (unsigned long)o, h->last, h->nlast);
		h->squeezed = false;
		return 0;
	}
	if (h->offset_only) {
		strbuf_addf(err, "line %zu: data after the closing offset line", line);
		return -1;
	}
	if (h->squeezed && h->nlast) /* "*": the previous line repeats up to this one */
		for (long o = h->next; o < (long)off; o += (long)h->nlast)
			emit(h, (unsigned long)o, h->last, h->nlast);
	h->squeezed = false;
	emit(h, off, b, n);
	memcpy(h->last, b, n);
	h->nlast = n;
	h->next = (long)(off + n);
	h->any = true;
	return 0;
}

static int import_spd_hex(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	struct hexconv h = {.out = STRBUF_INIT, .next = -1, .plain = -1};
	struct lines L;
	char *s;
	int rc = 0;
	lines_init(&L, text, len);
	while (rc == 0 && (s = lines_next(&L)))
		rc = hex_dump_line(&h, s, L.no, err);
	uint8_t *img = xmalloc(SPD_MAX_SIZE);
	size_t n = 0;
	if (rc == 0 && !h.any) {
		strbuf_addstr(err, "no hex dump lines (\"0000: 23 12 ...\", i2cdump, xxd or "
				   "hexdump -C): not an SPD dump");
		rc = -1;
	}
	if (rc == 0 && spd_parse_hex_text(h.out.buf, h.out.len, img, SPD_MAX_SIZE, &n, err) < 0)
		rc = -1;
	if (rc == 0)
		rc = one_image(im, img, n, err);
	free(img);
	strbuf_release(&h.out);
	return rc;
}

/* ---- decode-dimms ---- */

struct ddfield {
	const char *label;
	enum fkey key;
};

/* decode-dimms' labels (i2c-tools eeprom/decode-dimms, printl()). */
static const struct ddfield ddmap[] = {
	{"Fundamental Memory type", FK_MEMORY_TYPE},
	{"Module Manufacturer", FK_JEDEC_MODULE},
	{"DRAM Manufacturer", FK_JEDEC_DRAM},
	{"Part Number", FK_PART_NUMBER},
	{"Assembly Serial Number", FK_SERIAL},
	{"Manufacturing Date", FK_MANUFACTURE_DATE},
	{"Size", FK_SIZE_BYTES},
	{"Module Type", FK_FORM_FACTOR},
	{"Ranks", FK_RANKS},
};

struct ddblock {
	size_t line;       /* "Decoding EEPROM:" */
	const char *eeprom; /* its path */
	struct skv {
		const char *label, *value;
		size_t line;
	} kv[64];
	int n;
	bool bad_crc;
	const char *crc;
};

static const char *dd_value(struct imp *im, enum fkey k, const char *v)
{
	if (!strcmp(v, "Undefined") || !strcmp(v, "Invalid") || !strncmp(v, "Unknown", 7) ||
	    !strcmp(v, "N/A"))
		return NULL;
	switch (k) {
	case FK_MEMORY_TYPE: {
		const char *sp = strstr(v, " SDRAM");
		return sp ? arena_strndup(im->inv->arena, v, (size_t)(sp - v)) : v;
	}
	case FK_SERIAL:
		return v[0] == '0' && (v[1] == 'x' || v[1] == 'X') ? v + 2 : v;
	case FK_SIZE_BYTES: {
		unsigned long long mb;
		char unit[4];
		if (sscanf(v, "%llu %3s", &mb, unit) == 2 && !strcmp(unit, "MB"))
			return arena_printf(im->inv->arena, "%llu", mb << 20);
		return NULL;
	}
	default:
		return v;
	}
}

static void dd_finish(struct imp *im, struct ddblock *b)
{
	if (!b->line)
		return;
	if (!b->n) {
		imp_skip(im, b->line, "decode-dimms block without decoded fields: skipped");
		return;
	}
	unsigned flags = b->bad_crc ? FIELD_UNTRUSTED : 0;
	struct component scratch = {.kind = KIND_DIMM};
	struct inventory *inv = im->inv;
	for (int i = 0; i < b->n; i++) {
		const struct skv *kv = &b->kv[i];
		const char *src = imp_src(im, kv->line);
		for (size_t j = 0; j < sizeof ddmap / sizeof ddmap[0]; j++) {
			if (strcmp(kv->label, ddmap[j].label))
				continue;
			const char *dec = dd_value(im, ddmap[j].key, kv->value);
			if (dec)
				component_set(inv, &scratch, ddmap[j].key, flags, dec, src);
			break;
		}
	}
	if (b->crc)
		component_set(inv, &scratch, FK_SPD_CRC, 0, b->crc, imp_src(im, b->line));
	if (b->bad_crc)
		inventory_warn(inv, im->name, SPD_WHAT,
			       "line %zu: decode-dimms reports a bad SPD checksum for %s: its "
			       "fields are untrusted",
			       b->line, b->eeprom);
	const char *dev = strrchr(b->eeprom, '/');
	component_set(inv, &scratch, FK_DEVICE, 0, dev ? dev + 1 : b->eeprom,
		      imp_src(im, b->line));
	const char *base = dev ? dev + 1 : b->eeprom;
	const char *id = arena_printf(inv->arena, "dimm/spd-%s", base);
	for (int k = 2; inventory_find(inv, id); k++)
		id = arena_printf(inv->arena, "dimm/spd-%s#%d", base, k);
	size_t n0 = inv->ncomps;
	spd_merge(inv, &scratch, id, imp_src(im, b->line));
	im->merged += inv->ncomps == n0;
}

/* "Label<two or more spaces>value" (printl pads labels to 48 columns). */
static bool dd_split(char *s, char **label, char **value)
{
	char *gap = strstr(s, "  ");
	if (!gap && strlen(s) > 49 && s[48] == ' ')
		gap = s + 48;
	if (!gap)
		return false;
	*gap = 0;
	char *v = gap + 1;
	while (*v == ' ')
		v++;
	*label = str_trim(s);
	*value = str_trim(v);
	return **label && **value;
}

int import_decode_dimms(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	struct lines L;
	struct ddblock *b = xcalloc(1, sizeof *b);
	size_t blocks = 0;
	char *s;
	lines_init(&L, text, len);
	while ((s = lines_next(&L))) {
		if (!strncmp(s, "Decoding EEPROM: ", 17)) {
			dd_finish(im, b);
			memset(b, 0, sizeof *b);
			b->line = L.no;
			b->eeprom = str_trim(s + 17);
			blocks++;
			continue;
		}
		char *label, *value;
		if (!b->line || !dd_split(s, &label, &value))
			continue;
		if (!strncmp(label, "EEPROM CRC of bytes", 19)) {
			bool ok = !strncmp(value, "OK", 2);
			b->bad_crc |= !ok;
			if (!b->crc || !ok)
				b->crc = ok ? "ok"
					    : arena_printf(im->inv->arena, "bad: %s %s", label,
							   value);
			continue;
		}
		if (b->n < 64)
			b->kv[b->n++] = (struct skv){label, value, L.no};
	}
	dd_finish(im, b);
	free(b);
	if (!blocks) {
		strbuf_addstr(err, "no \"Decoding EEPROM:\" block: not decode-dimms output");
		return -1;
	}
	return 0;
}

/* ---- the importer ---- */

int import_spd(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	if (!spd_is_hex_text(text, len)) {
		if (len > SPD_MAX_SIZE) {
			strbuf_addf(err, "%zu bytes: larger than any SPD image (at most %d)", len,
				    SPD_MAX_SIZE);
			return -1;
		}
		return one_image(im, (const uint8_t *)text, len, err);
	}
	if (looks_decode_dimms(text, len))
		return import_decode_dimms(im, text, len, err);
	return import_spd_hex(im, text, len, err);
}
