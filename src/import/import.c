/*
 * import.c — format names, detection, and the frame every importer runs in.
 *
 * import_buffer() does what is common to all formats: pick the format (by
 * content first, since file names lie, then by name), refuse what is plainly
 * not text, snapshot the inventory so that a rejected file leaves nothing
 * behind, and hand the importer a private NUL-terminated copy it may cut up.
 *
 * The helpers below keep every importer honest in the same way: raw values
 * as read next to decoded ones, sources naming file and line, unique ids,
 * and a cap on warnings so that a million bad rows give fifty messages and a
 * count rather than a million messages.
 */
#include "import/import-int.h"
#include "collect/spd.h"
#include "inventory-json.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/hex.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

static const char *const format_names[IMPORT__COUNT] = {
	[IMPORT_AUTO] = "auto",
	[IMPORT_INVENTORY_JSON] = "inventory-json",
	[IMPORT_DMIDECODE] = "dmidecode",
	[IMPORT_SMARTCTL_TEXT] = "smartctl",
	[IMPORT_SMARTCTL_JSON] = "smartctl-json",
	[IMPORT_LSPCI] = "lspci",
	[IMPORT_LSUSB] = "lsusb",
	[IMPORT_CYCLONEDX] = "cyclonedx",
	[IMPORT_CSV] = "csv",
	[IMPORT_SPD] = "spd",
	[IMPORT_DECODE_DIMMS] = "decode-dimms",
	[IMPORT_LSHW_JSON] = "lshw",
	[IMPORT_LSHW_XML] = "lshw-xml",
	[IMPORT_GLPI] = "glpi",
};

/* Other spellings accepted by --format. */
static const struct {
	const char *alias;
	enum import_format f;
} format_aliases[] = {
	{"inventory", IMPORT_INVENTORY_JSON},
	{"chipscreen", IMPORT_INVENTORY_JSON},
	{"smartctl-text", IMPORT_SMARTCTL_TEXT},
	{"cdx", IMPORT_CYCLONEDX},
	{"i2cdump", IMPORT_SPD},
	{"eeprom", IMPORT_SPD},
	{"lshw-json", IMPORT_LSHW_JSON},
	{"glpi-agent", IMPORT_GLPI},
};

const char *import_format_name(enum import_format f)
{
	return (unsigned)f < IMPORT__COUNT ? format_names[f] : "?";
}

int import_format_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int f = 0; f < IMPORT__COUNT; f++)
		if (!strcasecmp(format_names[f], name))
			return f;
	for (size_t i = 0; i < sizeof format_aliases / sizeof format_aliases[0]; i++)
		if (!strcasecmp(format_aliases[i].alias, name))
			return (int)format_aliases[i].f;
	return -1;
}

const char *import_format_list(void)
{
	return "inventory-json, dmidecode, smartctl, smartctl-json, lspci, lsusb, cyclonedx, csv, "
	       "spd, decode-dimms, lshw, lshw-xml, glpi";
}

static const char *const column_names[ICOL__COUNT] = {
	[ICOL_SUPPLIER] = "supplier",
	[ICOL_MANUFACTURER] = "manufacturer",
	[ICOL_PART_NUMBER] = "part_number",
	[ICOL_MODEL] = "model",
	[ICOL_QUANTITY] = "quantity",
	[ICOL_DATE] = "date",
	[ICOL_SITE] = "site",
	[ICOL_SERIAL] = "serial",
	[ICOL_TAG] = "tag",
	[ICOL_PURPOSE] = "purpose",
	[ICOL_PO] = "po_number",
	[ICOL_DESCRIPTION] = "description",
	[ICOL_LINE] = "line",
};

const char *import_column_name(enum import_column c)
{
	return (unsigned)c < ICOL__COUNT ? column_names[c] : "?";
}

int import_options_map(struct import_options *opt, const char *spec, struct strbuf *err)
{
	strbuf_reset(err);
	const char *eq = spec ? strchr(spec, '=') : NULL;
	if (!eq || eq == spec || !eq[1]) {
		strbuf_addf(err, "--map %s: expected FIELD=COLUMN, e.g. part_number=MPN",
			    spec ? spec : "");
		return -1;
	}
	size_t n = (size_t)(eq - spec);
	for (int c = 0; c < ICOL__COUNT; c++) {
		if (strlen(column_names[c]) == n && !strncasecmp(column_names[c], spec, n)) {
			opt->csv_map[c] = eq + 1;
			return 0;
		}
	}
	/* "acquired" and "po" are natural names too */
	if (n == 8 && !strncasecmp(spec, "acquired", 8)) {
		opt->csv_map[ICOL_DATE] = eq + 1;
		return 0;
	}
	if (n == 2 && !strncasecmp(spec, "po", 2)) {
		opt->csv_map[ICOL_PO] = eq + 1;
		return 0;
	}
	strbuf_addf(err, "--map %s: unknown field \"%.*s\" (", spec, (int)n, spec);
	for (int c = 0; c < ICOL__COUNT; c++)
		strbuf_addf(err, "%s%s", c ? ", " : "", column_names[c]);
	strbuf_addch(err, ')');
	return -1;
}

/* ---- detection ---- */

#define DETECT_MAX (64u * 1024)

static bool memfind(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

static enum import_format detect_json(const char *p, size_t n)
{
	if (memfind(p, n, "\"bomFormat\"") && memfind(p, n, "CycloneDX"))
		return IMPORT_CYCLONEDX;
	if (memfind(p, n, "\"chipscreen-inventory/"))
		return IMPORT_INVENTORY_JSON;
	if (memfind(p, n, "\"json_format_version\"") || memfind(p, n, "\"smartctl\""))
		return IMPORT_SMARTCTL_JSON;
	if (memfind(p, n, "\"content\"") && memfind(p, n, "\"deviceid\""))
		return IMPORT_GLPI; /* glpi-agent --json: {"action", "content", "deviceid", ...} */
	if (memfind(p, n, "\"class\"") && memfind(p, n, "\"id\"") && memfind(p, n, "\"claimed\""))
		return IMPORT_LSHW_JSON; /* every lshw node says whether a driver claimed it */
	return IMPORT_AUTO;
}

static bool is_pci_addr(const char *s, size_t *len)
{
	/* [dddd:]bb:dd.f */
	size_t i = 0;
	if (is_hex_n(s, 4) && s[4] == ':')
		i = 5;
	if (!is_hex_n(s + i, 2) || s[i + 2] != ':' || !is_hex_n(s + i + 3, 2) || s[i + 5] != '.' ||
	    s[i + 6] < '0' || s[i + 6] > '7')
		return false;
	*len = i + 7;
	return true;
}

static bool looks_lspci(const char *s)
{
	size_t n;
	if (str_prefix(s, "Slot:\t"))
		return true;
	return is_pci_addr(s, &n) && s[n] == ' ' && (strchr(s + n, ':') || s[n + 1] == '"');
}

static bool looks_lsusb(const char *s)
{
	unsigned bus, dev;
	char id[10];
	return sscanf(s, "Bus %3u Device %3u: ID %9s", &bus, &dev, id) == 3 && is_hex_n(id, 4) &&
	       id[4] == ':' && is_hex_n(id + 5, 4);
}

static bool looks_dmidecode(const char *s)
{
	unsigned h, t;
	int n = 0;
	while (*s == ' ' || *s == '\t')
		s++; /* copied out of a ticket or a mail: indented */
	return str_prefix(s, "# dmidecode ") ||
	       sscanf(s, "Handle 0x%4x, DMI type %u,", &h, &t) == 2 ||
	       (sscanf(s, "Handle 0x%4x%n", &h, &n) == 1 && n && !s[n]); /* 2.0-2.7 */
}

/* dmidecode -q: the line after a record title ("Memory Device") is an
 * indented "Label: value". */
static bool looks_dmidecode_quiet(const char *s)
{
	return (*s == '\t' || *s == ' ') && strstr(s, ": ") && !strchr(": ", s[strspn(s, " \t")]);
}

static bool looks_smartctl(const char *s)
{
	return str_prefix(s, "smartctl ") && isdigit((unsigned char)s[9]);
}

static bool name_has(const char *filename, const char *word)
{
	if (!filename)
		return false;
	const char *base = strrchr(filename, '/');
	base = base ? base + 1 : filename;
	return strcasestr(base, word) != NULL;
}

static enum import_format detect_by_name(const char *filename)
{
	if (!filename)
		return IMPORT_AUTO;
	size_t n = strlen(filename);
	bool json = n > 5 && !strcasecmp(filename + n - 5, ".json");
	if (n > 4 && !strcasecmp(filename + n - 4, ".csv"))
		return IMPORT_CSV;
	if (name_has(filename, "dmidecode"))
		return IMPORT_DMIDECODE;
	if (name_has(filename, "smartctl"))
		return json ? IMPORT_SMARTCTL_JSON : IMPORT_SMARTCTL_TEXT;
	if (name_has(filename, "lspci"))
		return IMPORT_LSPCI;
	if (name_has(filename, "lsusb"))
		return IMPORT_LSUSB;
	if (json && (name_has(filename, ".cdx.") || name_has(filename, "bom")))
		return IMPORT_CYCLONEDX;
	return IMPORT_AUTO;
}

enum import_format import_detect(const char *data, size_t len, const char *filename)
{
	size_t n = len < DETECT_MAX ? len : DETECT_MAX;
	const char *p = data, *end = data + n;
	if (data && spd_binary_like(data, len))
		return IMPORT_SPD;
	if (!data || memchr(data, '\0', n))
		return IMPORT_AUTO; /* binary, or UTF-16: nothing chipscreen reads */
	if (looks_decode_dimms(data, n))
		return IMPORT_DECODE_DIMMS;
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p < end && (*p == '{' || *p == '[')) {
		enum import_format f = detect_json(p, (size_t)(end - p));
		if (f != IMPORT_AUTO)
			return f;
		return detect_by_name(filename);
	}
	/* Text: look at the first lines one by one. */
	char line[1024];
	bool first = true, title = false;
	for (int k = 0; k < 64 && p < end; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ln = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t cp = ln < sizeof line - 1 ? ln : sizeof line - 1;
		memcpy(line, p, cp);
		line[cp] = '\0';
		if (cp && line[cp - 1] == '\r')
			line[--cp] = '\0';
		p = nl ? nl + 1 : end;
		if (looks_dmidecode(line) || (title && looks_dmidecode_quiet(line)))
			return IMPORT_DMIDECODE;
		title = dmidecode_title(line + strspn(line, " \t")) >= 0;
		if (looks_smartctl(line))
			return IMPORT_SMARTCTL_TEXT;
		if (looks_lsusb(line))
			return IMPORT_LSUSB;
		if (looks_lspci(line))
			return IMPORT_LSPCI;
		if (looks_spd_text(line))
			return IMPORT_SPD;
		if (strstr(line, "<!-- generated by lshw") || str_prefix(line, "<node id=") ||
		    str_prefix(line, "<list>"))
			return IMPORT_LSHW_XML;
		if (first && cp) {
			first = false;
			if (csv_looks_like_header(line, cp))
				return IMPORT_CSV;
		}
	}
	return detect_by_name(filename);
}

/* ---- lines ---- */

void lines_init(struct lines *l, char *buf, size_t len)
{
	l->p = buf;
	l->end = buf + len;
	l->no = 0;
	l->cut = false;
}

char *lines_next(struct lines *l)
{
	if (l->p >= l->end)
		return NULL;
	char *s = l->p;
	char *nl = memchr(s, '\n', (size_t)(l->end - s));
	if (nl) {
		*nl = '\0';
		l->p = nl + 1;
	} else {
		nl = l->end; /* the buffer is NUL-terminated just past end */
		l->p = l->end;
		l->cut = true;
	}
	if (nl > s && nl[-1] == '\r')
		nl[-1] = '\0';
	l->no++;
	return s;
}

/* ---- ids ---- */

/* The component ids of the inventory being imported into (util/strmap as a
 * set), so each new one is made unique without a scan of them all. */
struct idset {
	struct strmap ids;
};

struct component *imp_add(struct imp *im, enum kind k, const char *id)
{
	struct arena *a = im->inv->arena;
	const char *uid = id;
	for (unsigned n = 2; strmap_gets(&im->ids->ids, uid, NULL); n++)
		uid = arena_printf(a, "%s#%u", id, n);
	struct component *c = inventory_add(im->inv, k, uid, im->name);
	strmap_puts(&im->ids->ids, c->id, 0, NULL);
	return c;
}

struct component *imp_memory_not_read(struct imp *im, const char *why, const char *source)
{
	struct component *c = imp_add(im, KIND_DIMM, DIMM_NOT_READ_ID);
	component_set_extra(im->inv, c, MEMORY_NOT_READ, 0, why, source);
	return c;
}

/* ---- fields, sources, warnings ---- */

const char *imp_src(struct imp *im, size_t line)
{
	if (line != im->src_line || !im->src_cached) {
		im->src_cached = arena_printf(im->inv->arena, "%s:%zu", im->name, line);
		im->src_line = line;
	}
	return im->src_cached;
}

const char *imp_srcf(struct imp *im, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *detail = arena_vprintf(im->inv->arena, fmt, ap);
	va_end(ap);
	return arena_printf(im->inv->arena, "%s#%s", im->name, detail);
}

void imp_warn(struct imp *im, size_t line, const char *fmt, ...)
{
	if (im->nwarn >= IMP_MAX_WARN) {
		im->nsuppressed++;
		return;
	}
	im->nwarn++;
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(im->inv->arena, fmt, ap);
	va_end(ap);
	if (line)
		inventory_warn(im->inv, im->name, im->what, "line %zu: %s", line, msg);
	else
		inventory_warn(im->inv, im->name, im->what, "%s", msg);
}

void imp_skip(struct imp *im, size_t line, const char *fmt, ...)
{
	im->inv->nskipped++;
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(im->inv->arena, fmt, ap);
	va_end(ap);
	imp_warn(im, line, "%s", msg);
}

static bool valid_utf8(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (len <= 0)
			return false;
		i += (size_t)len;
	}
	return true;
}

static void check_encoding(struct imp *im, const char *what, const char *raw)
{
	if (valid_utf8(raw))
		return;
	size_t line = im->line;
	if (line && line == im->enc_line)
		return;
	im->enc_line = line;
	imp_warn(im, line,
		 "%s is not valid UTF-8: bytes kept as hex escapes (is the file Latin-1?)", what);
}

static bool same_trimmed(const char *raw, const char *dec)
{
	while (*raw == ' ' || *raw == '\t')
		raw++;
	size_t n = strlen(raw);
	while (n && (raw[n - 1] == ' ' || raw[n - 1] == '\t' || raw[n - 1] == '\0'))
		n--;
	return strlen(dec) == n && !memcmp(raw, dec, n);
}

void imp_set(struct imp *im, struct component *c, enum fkey k, const char *raw, const char *dec,
	     const char *src)
{
	if (raw && *raw) {
		check_encoding(im, field_key_name(k), raw);
		component_set(im->inv, c, k, FIELD_RAW, raw, src);
	}
	if (!dec) {
		if (raw && !same_trimmed(raw, raw))
			component_set(im->inv, c, k, 0, raw, src); /* trims */
	} else if (*dec) {
		component_set(im->inv, c, k, 0, dec, src);
	}
}

void imp_extra(struct imp *im, struct component *c, const char *name, const char *raw,
	       const char *dec, const char *src)
{
	/* an extra named like a key would clash with it in the JSON output */
	if (field_key_from_name(name) != FK_EXTRA || !strcmp(name, "extra"))
		name = arena_printf(im->inv->arena, "extra_%s", name);
	if (raw && *raw) {
		check_encoding(im, name, raw);
		component_set_extra(im->inv, c, name, FIELD_RAW, raw, src);
	}
	if (!dec) {
		if (raw && !same_trimmed(raw, raw)) {
			char *t = str_trim(arena_strdup(im->inv->arena, raw));
			component_set_extra(im->inv, c, name, 0, t, src);
		}
	} else if (*dec) {
		component_set_extra(im->inv, c, name, 0, dec, src);
	}
}

void imp_dec(struct imp *im, struct component *c, enum fkey k, const char *dec, const char *src)
{
	if (dec && *dec)
		component_set(im->inv, c, k, 0, dec, src);
}

void imp_host(struct imp *im, const char **slot, const char *value)
{
	if (*slot || !value)
		return;
	char *v = str_trim(arena_strdup(im->inv->arena, value));
	if (*v)
		*slot = v;
}

/* ---- small parsing helpers ---- */

char *str_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

bool str_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_iprefix(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool is_hex_n(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (hex_digit((unsigned char)s[i]) < 0)
			return false;
	return true;
}

char *label_key(struct imp *im, const char *label)
{
	char *k = arena_strdup(im->inv->arena, label);
	size_t o = 0;
	bool sep = false;
	for (const char *p = label; *p; p++) {
		if (isalnum((unsigned char)*p)) {
			if (sep && o)
				k[o++] = '_';
			k[o++] = (char)tolower((unsigned char)*p);
			sep = false;
		} else {
			sep = true;
		}
	}
	k[o] = '\0';
	return k;
}

const char *hex_norm(struct imp *im, const char *s, size_t digits)
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t n = 0;
	while (hex_digit((unsigned char)s[n]) >= 0)
		n++;
	if (n != digits || (s[n] && s[n] != ' ' && s[n] != '/'))
		return NULL;
	char *out = arena_strndup(im->inv->arena, s, n);
	for (char *q = out; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return out;
}

const char *digits_only(struct imp *im, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	while (*s == ' ')
		s++;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			strbuf_addch(&sb, *s);
		else if ((*s == ',' || *s == '.' || *s == '\'' || *s == ' ') &&
			 isdigit((unsigned char)s[1]) && sb.len)
			continue;
		else
			break;
	}
	const char *r = sb.len ? arena_strndup(im->inv->arena, sb.buf, sb.len) : NULL;
	strbuf_release(&sb);
	return r;
}

bool jep106_from_bank(const char *s, char out[5])
{
	unsigned bank, id;
	char tail;
	if (sscanf(s, "Bank %u, Hex 0x%2x%c", &bank, &id, &tail) != 2 || bank < 1 || bank > 128)
		return false;
	unsigned cont = bank - 1;
	/* the continuation count carries odd parity in bit 7, as SPD stores it */
	if (__builtin_popcount(cont) % 2 == 0)
		cont |= 0x80;
	snprintf(out, 5, "%02X%02X", cont & 0xff, id & 0xff);
	return true;
}

size_t imp_line_at(const char *text, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

void json_parse_error(struct strbuf *err, const char *text, const char *at)
{
	size_t off = at && at >= text ? (size_t)(at - text) : 0;
	strbuf_addf(err, "not valid JSON (near line %zu, byte %zu)", imp_line_at(text, off), off);
}

cJSON *import_json_parse(const char *text, size_t len, struct strbuf *err)
{
	size_t at;
	bool more;
	cJSON *doc = json_parse_one(text, len, &at, &more);
	if (doc)
		return doc;
	if (!more) {
		json_parse_error(err, text, text + at);
		return NULL;
	}
	strbuf_addf(err,
		    "more after the JSON document, at line %zu, byte %zu (two documents "
		    "appended?): nothing imported",
		    imp_line_at(text, at), at);
	return NULL;
}

/* ---- chipscreen's own inventory JSON ---- */

static const char *dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s);
}

int import_inventory_json(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	cJSON *doc = import_json_parse(text, len, err);
	if (!doc)
		return -1;
	/* Read into a scratch inventory (inventory_from_json sets host facts
	 * outright), then merge, keeping what the target already knows. */
	struct inventory *src = inventory_new();
	int rc = inventory_from_json(doc, src, err);
	cJSON_Delete(doc);
	if (rc < 0) {
		inventory_free(src);
		return -1;
	}
	struct inventory *inv = im->inv;
	struct arena *a = inv->arena;
	const char **from[] = {&src->host.hostname,  &src->host.vendor, &src->host.product,
			       &src->host.serial,    &src->host.uuid,   &src->host.collected_at,
			       &src->host.collector, &src->host.root,   &src->host.smbios_version};
	const char **to[] = {&inv->host.hostname,  &inv->host.vendor, &inv->host.product,
			     &inv->host.serial,    &inv->host.uuid,   &inv->host.collected_at,
			     &inv->host.collector, &inv->host.root,   &inv->host.smbios_version};
	for (size_t i = 0; i < sizeof from / sizeof from[0]; i++)
		if (!*to[i] && *from[i])
			*to[i] = dup(a, *from[i]);
	inv->host.is_root |= src->host.is_root;
	for (size_t i = 0; i < src->nunread; i++)
		inventory_unread(inv, src->unread[i].path, src->unread[i].what,
				 src->unread[i].reason);
	for (size_t i = 0; i < src->nwarnings; i++)
		inventory_warn(inv, src->warnings[i].path, src->warnings[i].what, "%s",
			       src->warnings[i].reason);
	for (size_t i = 0; i < src->ncomps; i++) {
		const struct component *s = &src->comps[i];
		struct component *c = imp_add(im, s->kind, s->id);
		c->source = s->source ? dup(a, s->source) : c->source;
		/* Values are already clean: copy them as they are, since setting
		 * them again would escape their backslashes a second time. */
		for (size_t j = 0; j < s->nfields; j++) {
			struct field *f = ARENA_PUSH(a, c->fields, c->nfields, c->capfields);
			f->key = s->fields[j].key;
			f->flags = s->fields[j].flags;
			f->name = dup(a, s->fields[j].name);
			f->value = dup(a, s->fields[j].value);
			f->source = dup(a, s->fields[j].source);
		}
	}
	inventory_free(src);
	return 0;
}

/* ---- the frame ---- */

typedef int (*importer_fn)(struct imp *, char *, size_t, struct strbuf *);

static const importer_fn importers[IMPORT__COUNT] = {
	[IMPORT_INVENTORY_JSON] = import_inventory_json,
	[IMPORT_DMIDECODE] = import_dmidecode,
	[IMPORT_SMARTCTL_TEXT] = import_smartctl_text,
	[IMPORT_SMARTCTL_JSON] = import_smartctl_json,
	[IMPORT_LSPCI] = import_lspci,
	[IMPORT_LSUSB] = import_lsusb,
	[IMPORT_CYCLONEDX] = import_cyclonedx,
	[IMPORT_CSV] = import_csv,
	[IMPORT_SPD] = import_spd,
	[IMPORT_DECODE_DIMMS] = import_decode_dimms,
	[IMPORT_LSHW_JSON] = import_lshw_json,
	[IMPORT_LSHW_XML] = import_lshw_xml,
	[IMPORT_GLPI] = import_glpi,
};

/* Why a file is not text, or "" if it is. */
static void describe_binary(struct strbuf *err, const char *data, size_t len)
{
	if (len >= 2 && ((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE)) {
		strbuf_addstr(err, "UTF-16 text (byte order mark FF FE): save it as UTF-8");
		return;
	}
	if (len >= 2 && ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)) {
		strbuf_addstr(err, "UTF-16 text (byte order mark FE FF): save it as UTF-8");
		return;
	}
	const char *z = memchr(data, '\0', len);
	if (z)
		strbuf_addf(err, "binary data (NUL byte at offset %zu), not text",
			    (size_t)(z - data));
}

static void add_collector(struct imp *im, enum import_format fmt)
{
	struct host *h = &im->inv->host;
	const char *fname = import_format_name(fmt);
	if (fmt == IMPORT_INVENTORY_JSON && h->collector)
		return; /* the document names its own collector */
	if (!h->collector) {
		h->collector = arena_printf(im->inv->arena, "import %s", fname);
	} else if (str_prefix(h->collector, "import ") && !strstr(h->collector, fname)) {
		h->collector = arena_printf(im->inv->arena, "%s+%s", h->collector, fname);
	}
}

/*
 * smartctl describes an NVMe drive and lspci lists its controller's PCI
 * function: one device, which would be judged twice.  smartctl does not say a
 * drive's PCI address, only its PCI vendor and subsystem vendor (the NVMe
 * controller's VID and SSVID), so a drive and a function of class 0108 (NVM
 * controller) are taken for one device when those ids agree and neither could
 * be another's; the function then folds into the drive, as collect folds them
 * by address (inventory_fold).  When two drives could be one function, or one
 * drive two functions, all stay, with a warning, once: from the file that
 * brought one of them.  Runs after each file of a host.
 */
static bool nvme_function(const struct component *c)
{
	const char *cls = component_get(c, FK_PCI_CLASS);
	return c->kind == KIND_PCI && cls && !strncmp(cls, "0108", 4);
}

static bool unplaced_drive(const struct component *c)
{
	return c->kind == KIND_NVME && !component_get(c, FK_PCI_ADDRESS) &&
	       component_get(c, FK_PCI_VENDOR);
}

static bool same_ids(const struct component *drive, const struct component *fn)
{
	const char *dv = component_get(drive, FK_PCI_VENDOR),
		   *fv = component_get(fn, FK_PCI_VENDOR);
	const char *ds = component_get(drive, FK_PCI_SUBVENDOR),
		   *fs = component_get(fn, FK_PCI_SUBVENDOR);
	return dv && fv && !strcasecmp(dv, fv) && (!ds || !fs || !strcasecmp(ds, fs));
}

static void fold_nvme(struct inventory *inv, size_t first_new)
{
	for (size_t d = 0; d < inv->ncomps; d++) {
		if (!unplaced_drive(&inv->comps[d]))
			continue;
		size_t fn = 0, nfn = 0, ndrives = 0;
		bool fresh = d >= first_new;
		for (size_t f = 0; f < inv->ncomps; f++)
			if (nvme_function(&inv->comps[f]) &&
			    same_ids(&inv->comps[d], &inv->comps[f])) {
				fn = f;
				nfn++;
				fresh |= f >= first_new;
			}
		for (size_t e = 0; nfn == 1 && e < inv->ncomps; e++)
			if (unplaced_drive(&inv->comps[e]) &&
			    same_ids(&inv->comps[e], &inv->comps[fn]))
				ndrives++;
		if (nfn == 1 && ndrives == 1) {
			if (inventory_fold(inv, d, fn, "the same PCI vendor ids") && fn < d)
				d--; /* the drive moved down one place */
		} else if (nfn > 1 && fresh) {
			inventory_warn(inv, inv->comps[d].source, "NVMe drive",
				       "%s could be any of %zu NVMe PCI functions with its PCI "
				       "vendor ids (smartctl does not say its PCI address): kept "
				       "apart, so the drive and its controller are both listed",
				       inv->comps[d].id, nfn);
		} else if (nfn == 1 && fresh) {
			inventory_warn(inv, inv->comps[d].source, "NVMe drive",
				       "%s is one of %zu drives that could be NVMe PCI function %s "
				       "(smartctl does not say their PCI addresses): kept apart, "
				       "so the drive and its controller are both listed",
				       inv->comps[d].id, ndrives, inv->comps[fn].id);
		}
	}
}

/*
 * An SPD dump read before its machine's listing (scan dimm0.bin dmi.txt)
 * made a module of its own ("dimm/spd-<file>"), as spd_merge does when no
 * module matches.  Once the listing has added modules, each such one is
 * merged again, so the order of the files does not change the answer: it
 * goes onto the module whose serial or part number it shares, or, matching
 * none, back to a module of its own (now after the listing's, where it
 * would have been in the other order).
 */
static void remerge_spd(struct inventory *inv, size_t from)
{
	bool listed = false;
	for (size_t i = from; i < inv->ncomps && !listed; i++)
		listed = inv->comps[i].kind == KIND_DIMM && !str_prefix(inv->comps[i].id, "dimm/spd-");
	if (!listed)
		return;
	for (size_t i = 0; i < from;) {
		struct component *s = &inv->comps[i];
		if (s->kind != KIND_DIMM || !str_prefix(s->id, "dimm/spd-")) {
			i++;
			continue;
		}
		struct component spd = *s; /* its fields live in the arena */
		memmove(s, s + 1, (inv->ncomps - i - 1) * sizeof *s);
		inv->ncomps--;
		from--;
		spd_merge(inv, &spd, spd.id, spd.source);
	}
}

/* lshw's text forms (the default tree, -short, -businfo), which users paste
 * although only -json and -xml are read: what it is, or NULL. */
static const char *lshw_text(const char *data, size_t len)
{
	size_t n = len < DETECT_MAX ? len : DETECT_MAX;
	if (memfind(data, n, "H/W path ") && memfind(data, n, "Class"))
		return "lshw -short output";
	if (memfind(data, n, "Bus info ") && memfind(data, n, "Class"))
		return "lshw -businfo output";
	if (memfind(data, n, "\n  *-core") || memfind(data, n, "\n  *-cpu") ||
	    memfind(data, n, "\n     *-memory"))
		return "lshw's text output";
	return NULL;
}

/*
 * A whole machine's inventory that lists no memory module: the GLPI agent or
 * lshw ran without root (both read the modules from SMBIOS, which only root
 * may read), or the agent's memory inventory was off.  Every machine has
 * memory, and the machine read without it was CLEAR under a rule naming a
 * memory maker.  The memory becomes one part, "dimm/not-read", whose maker is
 * unknown for that reason (memory.not_read, as collect/memory.c makes it).
 * A virtual machine's memory is its host's, judged by no rule; identify tells
 * (virtual_of(), one test for collect and every importer) from what the file
 * says of the machine: its system strings ("QEMU", "VMware Virtual
 * Platform"), which inventory_bare_dimms() copies onto the part as onto any
 * module naming no maker, or a CPU flag "hypervisor" (lshw lists the CPU's
 * flags as capabilities), kept as collect keeps it.  An lshw extract
 * (-class disk) is no machine: its memory was not asked for.
 */
static void memory_unlisted(struct imp *im, enum import_format fmt, size_t from)
{
	const char *why = NULL;
	if (fmt == IMPORT_GLPI)
		why = "the GLPI inventory lists no memory module (the agent reads them with "
		      "dmidecode, as root)";
	else if ((fmt == IMPORT_LSHW_JSON || fmt == IMPORT_LSHW_XML) && im->machine)
		why = "the lshw output lists no memory bank (lshw reads them from the SMBIOS "
		      "tables, as root: run lshw as root, or import dmidecode's output)";
	if (!why || im->inv->ncomps == from)
		return;
	for (size_t i = from; i < im->inv->ncomps; i++)
		if (im->inv->comps[i].kind == KIND_DIMM)
			return;
	struct component *c = imp_memory_not_read(im, why, im->name);
	if (im->cpu_flags)
		component_set_extra(im->inv, c, CPU_FLAGS, 0, im->cpu_flags, im->name);
}

int import_buffer(const char *data, size_t len, const char *name, enum import_format fmt,
		  const struct import_options *opt, struct inventory *inv, struct strbuf *err)
{
	static const struct import_options defaults;
	struct strbuf why = STRBUF_INIT;
	strbuf_reset(err);
	if (!name)
		name = "(input)";
	if (!opt)
		opt = &defaults;
	if ((unsigned)fmt >= IMPORT__COUNT) {
		strbuf_addf(err, "%s: unknown import format %d", name, (int)fmt);
		return -1;
	}
	size_t blank = 0;
	while (blank < len && isspace((unsigned char)data[blank]))
		blank++;
	if (blank == len && !(fmt == IMPORT_SPD && len)) {
		strbuf_addf(err, "%s: empty file%s", name, len ? " (white space only)" : "");
		return -1;
	}
	if (fmt == IMPORT_AUTO && spd_binary_like(data, len))
		fmt = IMPORT_SPD;
	if (fmt != IMPORT_SPD) /* an SPD image is binary: its importer says what is wrong */
		describe_binary(&why, data, len);
	if (why.len) {
		strbuf_addf(err, "%s: %s%s%s", name, why.buf,
			    fmt != IMPORT_AUTO ? "; it is not " : "",
			    fmt != IMPORT_AUTO ? import_format_name(fmt) : "");
		strbuf_release(&why);
		return -1;
	}
	if (fmt == IMPORT_AUTO) {
		fmt = import_detect(data, len, name);
		if (fmt == IMPORT_AUTO) {
			const char *lshw = lshw_text(data, len);
			if (lshw) {
				strbuf_addf(err,
					    "%s: %s, which chipscreen does not read: it reads lshw "
					    "-json and lshw -xml (the same facts, in a form that "
					    "parses reliably); run one of them",
					    name, lshw);
				return -1;
			}
			strbuf_addf(err,
				    "%s: not a format chipscreen recognises (it reads %s); if it "
				    "is one of them, name it with chipscreen import --format FORMAT",
				    name, import_format_list());
			return -1;
		}
	}

	/* Skip a UTF-8 byte order mark (spreadsheets write one). */
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	char *text = xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = '\0';

	struct inventory saved = *inv;
	struct idset ids = {0};
	for (size_t i = 0; i < inv->ncomps; i++)
		if (inv->comps[i].id)
			strmap_puts(&ids.ids, inv->comps[i].id, 0, NULL);
	struct imp im = {
		.inv = inv,
		.name = arena_strdup(inv->arena, name),
		.what = import_format_name(fmt),
		.opt = opt,
		.ids = &ids,
	};
	int rc = importers[fmt](&im, text, len, &why);
	if (rc == 0 && inv->ncomps == saved.ncomps && !im.merged && inv->nunread == saved.nunread) {
		/* Read as the format, and nothing in it was recognised: an error,
		 * never a clean pass (an empty scan would say "no findings"). */
		strbuf_reset(&why);
		strbuf_addf(&why, "nothing recognised: no component could be read from it as %s",
			    import_format_name(fmt));
		/* the first reason, as the warnings will be undone; a CSV's note of
		 * the columns it used is not a reason */
		size_t w = saved.nwarnings;
		while (w < inv->nwarnings && inv->warnings[w].what &&
		       !strcmp(inv->warnings[w].what, CSV_COLUMNS_NOTE))
			w++;
		if (w < inv->nwarnings)
			strbuf_addf(&why, " (%s%s)", inv->warnings[w].reason,
				    inv->nwarnings > w + 1 ? "; ..." : "");
		rc = -1;
	}
	if (rc < 0) {
		/* Put the inventory back as it was; arena memory stays until free. */
		inv->host = saved.host;
		inv->ncomps = saved.ncomps;
		inv->nwarnings = saved.nwarnings;
		inv->nunread = saved.nunread;
		inv->nskipped = saved.nskipped;
		strbuf_addf(err, "%s: %s", name, why.buf);
	} else {
		if (im.nsuppressed)
			inventory_warn(inv, im.name, im.what,
				       "%zu more warnings for this file not shown", im.nsuppressed);
		add_collector(&im, fmt);
		fold_nvme(inv, saved.ncomps);
		remerge_spd(inv, saved.ncomps);
		memory_unlisted(&im, fmt, saved.ncomps);
		inventory_bare_dimms(inv, saved.ncomps, im.name); /* a VM's memory */
	}
	strmap_free(&ids.ids);
	free(text);
	strbuf_release(&why);
	return rc;
}

int import_file(const char *path, enum import_format fmt, const struct import_options *opt,
		struct inventory *inv, struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT;
	strbuf_reset(err);
	if (is_dir(path)) {
		strbuf_addf(err, "%s: is a directory, not a file", path);
		return -1;
	}
	if (read_file(path, IMPORT_MAX_FILE, &data, err) < 0) {
		strbuf_release(&data);
		return -1;
	}
	int rc = import_buffer(data.buf, data.len, path, fmt, opt, inv, err);
	strbuf_release(&data);
	return rc;
}
