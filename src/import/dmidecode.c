/*
 * dmidecode.c — dmidecode's text output into the components the SMBIOS
 * collector makes: bios, system, baseboard, chassis, cpu/<socket> and
 * dimm/<locator>.
 *
 * dmidecode prints one record per structure: "Handle 0x1100, DMI type 17,
 * 34 bytes", a title line, then tab-indented "Label: value" lines, with
 * lists indented by two tabs.  Versions 2.0 to 2.7 printed "Handle 0x1100"
 * alone, then "DMI type 17, 34 bytes." and the title indented by one tab and
 * the labels by two.  Both are read, and by indentation relative to the
 * title, not by tabs: a dump copied out of a ticket or an e-mail has spaces
 * where the tabs were, or none at all.  A record's lines are gathered first and read
 * when the record ends, because some lines decide about the whole record
 * ("Size: No Module Installed" means there is no DIMM to report).  With -q
 * (--quiet) dmidecode prints no "Handle" lines, no header and no handle
 * references: a record then starts with its title ("Memory Device") after a
 * blank line, and a DIMM without a locator is named by its record's place
 * in the file ("dimm/record-7").  A file with dmidecode's header and no
 * record is dmidecode saying it found no table: its words are the error.
 *
 * Values are kept as printed (trailing spaces included: they were in the
 * SMBIOS string) and decoded where the label calls for it: sizes to bytes,
 * speeds to numbers, hex-encoded part numbers to their text, "Bank 1, Hex
 * 0x2C" to the JEP106 pair "802C".  "Not Specified" is what dmidecode prints
 * for a missing string, so it sets nothing.  Labels without a key of their
 * own become extra fields named after the label, so nothing printed is lost
 * except the lists (CPU flags, BIOS characteristics).
 */
#include "import/import-int.h"
#include "util/hex.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum conv {
	C_STR,    /* raw, and trimmed when that differs */
	C_SIZE,   /* "16384 MB" -> bytes */
	C_NUM,    /* "1600 MHz" -> "1600" */
	C_HEXSTR, /* "0x4D33..." -> "M3..." */
	C_JEDEC,  /* "Bank 1, Hex 0x2C" -> raw "802C" */
	C_DATE,   /* SMBIOS mm/dd/yyyy -> yyyy-mm-dd */
};

struct dmi_map {
	int type;
	const char *label;
	enum fkey key;
	const char *extra; /* name when key is FK_EXTRA */
	enum conv conv;
};

/* What each label of the record types we read becomes (doc/import-formats.md). */
static const struct dmi_map dmi_maps[] = {
	{0, "Vendor", FK_MANUFACTURER, NULL, C_STR},
	{0, "Version", FK_VERSION, NULL, C_STR},
	{0, "Release Date", FK_EXTRA, "release_date", C_DATE},
	{0, "BIOS Revision", FK_REVISION, NULL, C_STR},
	{1, "Manufacturer", FK_MANUFACTURER, NULL, C_STR},
	{1, "Product Name", FK_PRODUCT, NULL, C_STR},
	{1, "Version", FK_VERSION, NULL, C_STR},
	{1, "Serial Number", FK_SERIAL, NULL, C_STR},
	{1, "UUID", FK_UUID, NULL, C_STR},
	{2, "Manufacturer", FK_MANUFACTURER, NULL, C_STR},
	{2, "Product Name", FK_PRODUCT, NULL, C_STR},
	{2, "Version", FK_VERSION, NULL, C_STR},
	{2, "Serial Number", FK_SERIAL, NULL, C_STR},
	{2, "Asset Tag", FK_ASSET_TAG, NULL, C_STR},
	{3, "Manufacturer", FK_MANUFACTURER, NULL, C_STR},
	{3, "Version", FK_VERSION, NULL, C_STR},
	{3, "Serial Number", FK_SERIAL, NULL, C_STR},
	{3, "Asset Tag", FK_ASSET_TAG, NULL, C_STR},
	{4, "Socket Designation", FK_SOCKET, NULL, C_STR},
	{4, "Manufacturer", FK_MANUFACTURER, NULL, C_STR},
	{4, "Version", FK_MODEL, NULL, C_STR},
	{4, "Serial Number", FK_SERIAL, NULL, C_STR},
	{4, "Asset Tag", FK_ASSET_TAG, NULL, C_STR},
	{4, "Part Number", FK_PART_NUMBER, NULL, C_STR},
	{4, "ID", FK_EXTRA, "cpu_id", C_STR},
	{17, "Locator", FK_LOCATOR, NULL, C_STR},
	{17, "Bank Locator", FK_BANK_LOCATOR, NULL, C_STR},
	{17, "Size", FK_SIZE_BYTES, NULL, C_SIZE},
	{17, "Form Factor", FK_FORM_FACTOR, NULL, C_STR},
	{17, "Type", FK_MEMORY_TYPE, NULL, C_STR},
	{17, "Speed", FK_SPEED_MTS, NULL, C_NUM},
	{17, "Manufacturer", FK_MANUFACTURER, NULL, C_STR},
	{17, "Serial Number", FK_SERIAL, NULL, C_STR},
	{17, "Asset Tag", FK_ASSET_TAG, NULL, C_STR},
	{17, "Part Number", FK_PART_NUMBER, NULL, C_HEXSTR},
	{17, "Rank", FK_RANKS, NULL, C_NUM},
	{17, "Firmware Version", FK_FIRMWARE, NULL, C_STR},
	{17, "Module Manufacturer ID", FK_JEDEC_MODULE, NULL, C_JEDEC},
	{17, "Memory Subsystem Controller Manufacturer ID", FK_JEDEC_CONTROLLER, NULL, C_JEDEC},
};

struct kv {
	const char *label, *value;
	size_t line;
};

struct rec {
	int type; /* -1: no record open */
	unsigned handle; /* or, with quiet, the record's number in the file */
	bool quiet;      /* dmidecode -q: no Handle line */
	size_t line; /* of the Handle line */
	bool titled;
	struct kv *kv;
	size_t nkv, capkv;
};

static const char *rec_get(const struct rec *r, const char *label, size_t *line)
{
	for (size_t i = 0; i < r->nkv; i++)
		if (!strcmp(r->kv[i].label, label)) {
			if (line)
				*line = r->kv[i].line;
			return r->kv[i].value;
		}
	return NULL;
}

static const char *size_bytes(struct imp *im, const char *v)
{
	char unit[8];
	unsigned long long n;
	if (sscanf(v, "%llu %7s", &n, unit) != 2)
		return NULL;
	static const char *const units[] = {"bytes", "kB", "MB", "GB", "TB"};
	for (unsigned i = 0; i < 5; i++) {
		if (!strcmp(unit, units[i])) {
			unsigned long long b = n << (10 * i);
			if (i && b >> (10 * i) != n)
				return NULL;
			return arena_printf(im->inv->arena, "%llu", b);
		}
	}
	return NULL;
}

static const char *leading_number(struct imp *im, const char *v)
{
	while (*v == ' ')
		v++;
	size_t n = 0;
	while (isdigit((unsigned char)v[n]))
		n++;
	return n ? arena_strndup(im->inv->arena, v, n) : NULL;
}

/* "0x4D332037..." -> "M3 7..." when the bytes are printable ASCII, padded
 * with NULs, spaces or 0xFF; NULL when they are anything else. */
static const char *hex_text(struct imp *im, const char *v)
{
	while (*v == ' ')
		v++;
	if (v[0] != '0' || (v[1] != 'x' && v[1] != 'X'))
		return NULL;
	v += 2;
	size_t n = 0;
	while (hex_digit((unsigned char)v[n]) >= 0)
		n++;
	for (size_t k = n; v[k]; k++)
		if (v[k] != ' ')
			return NULL;
	if (n < 2 || n % 2)
		return NULL;
	size_t nb = n / 2;
	uint8_t *b = arena_alloc(im->inv->arena, nb + 1);
	hex_decode(v, nb, b);
	while (nb && (b[nb - 1] == 0 || b[nb - 1] == 0xFF || b[nb - 1] == ' '))
		nb--;
	if (!nb)
		return NULL;
	for (size_t i = 0; i < nb; i++)
		if (b[i] < 0x20 || b[i] > 0x7e)
			return NULL;
	b[nb] = '\0';
	return (const char *)b;
}

static const char *smbios_date(struct imp *im, const char *v)
{
	unsigned m, d, y;
	char tail;
	if (sscanf(v, "%2u/%2u/%4u%c", &m, &d, &y, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return NULL;
	if (y < 100)
		y += 1900; /* SMBIOS before 2.3 allowed two digits, meaning 19yy */
	return arena_printf(im->inv->arena, "%04u-%02u-%02u", y, m, d);
}

static void set_mapped(struct imp *im, struct component *c, const struct dmi_map *m,
		       const struct kv *kv)
{
	const char *src = imp_src(im, kv->line);
	const char *v = kv->value, *dec = NULL;
	im->line = kv->line;
	switch (m->conv) {
	case C_STR:
		break;
	case C_SIZE:
		dec = size_bytes(im, v);
		break;
	case C_NUM:
		dec = leading_number(im, v);
		break;
	case C_HEXSTR:
		dec = hex_text(im, v);
		break;
	case C_DATE:
		dec = smbios_date(im, v);
		break;
	case C_JEDEC: {
		char pair[5];
		if (!strcmp(v, "Unknown"))
			return;
		if (jep106_from_bank(v, pair)) {
			component_set(im->inv, c, m->key, FIELD_RAW, pair, src);
		} else {
			imp_warn(im, kv->line, "%s \"%s\" is not \"Bank N, Hex 0xNN\": kept as %s",
				 kv->label, v, label_key(im, kv->label));
			imp_extra(im, c, label_key(im, kv->label), v, NULL, src);
		}
		return;
	}
	}
	/* Numeric fields say "Unknown" when the firmware left them empty. */
	if (m->conv != C_STR && m->conv != C_HEXSTR && !dec && !strcmp(v, "Unknown"))
		return;
	if (m->key == FK_EXTRA)
		imp_extra(im, c, m->extra, v, dec, src);
	else
		imp_set(im, c, m->key, v, dec, src);
}

static const struct dmi_map *find_map(int type, const char *label)
{
	for (size_t i = 0; i < sizeof dmi_maps / sizeof dmi_maps[0]; i++)
		if (dmi_maps[i].type == type && !strcmp(dmi_maps[i].label, label))
			return &dmi_maps[i];
	return NULL;
}

static void fill(struct imp *im, struct component *c, const struct rec *r)
{
	for (size_t i = 0; i < r->nkv; i++) {
		const struct kv *kv = &r->kv[i];
		if (field_no_value(kv->value))
			continue;
		const struct dmi_map *m = find_map(r->type, kv->label);
		if (m) {
			set_mapped(im, c, m, kv);
		} else {
			im->line = kv->line;
			imp_extra(im, c, label_key(im, kv->label), kv->value, NULL,
				  imp_src(im, kv->line));
		}
	}
}

static char *trimmed(struct imp *im, const char *v)
{
	return str_trim(arena_strdup(im->inv->arena, v));
}

static const char *record_id(struct imp *im, const struct rec *r)
{
	const char *v;
	switch (r->type) {
	case 0:
		return "bios";
	case 1:
		return "system";
	case 2:
		return "baseboard";
	case 3:
		return "chassis";
	case 4:
		v = rec_get(r, "Socket Designation", NULL);
		break;
	default:
		v = rec_get(r, "Locator", NULL);
		break;
	}
	const char *prefix = r->type == 4 ? "cpu" : "dimm";
	if (v && !field_no_value(v))
		return arena_printf(im->inv->arena, "%s/%s", prefix, trimmed(im, v));
	if (r->quiet)
		return arena_printf(im->inv->arena, "%s/record-%u", prefix, r->handle);
	return arena_printf(im->inv->arena, "%s/handle-0x%04X", prefix, r->handle);
}

static void host_facts(struct imp *im, const struct rec *r)
{
	struct host *h = &im->inv->host;
	static const struct {
		const char *label;
		size_t off;
	} facts[] = {
		{"Manufacturer", offsetof(struct host, vendor)},
		{"Product Name", offsetof(struct host, product)},
		{"Serial Number", offsetof(struct host, serial)},
		{"UUID", offsetof(struct host, uuid)},
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		const char *v = rec_get(r, facts[i].label, NULL);
		if (v && !field_no_value(v))
			imp_host(im, (const char **)((char *)h + facts[i].off), v);
	}
}

static const enum kind type_kind[] = {
	[0] = KIND_BIOS,    [1] = KIND_SYSTEM, [2] = KIND_BASEBOARD,
	[3] = KIND_CHASSIS, [4] = KIND_CPU,
};

static void finish(struct imp *im, struct rec *r)
{
	if (r->type < 0)
		return;
	int t = r->type;
	if (t > 4 && t != 17)
		goto done;
	if (t == 17) {
		const char *size = rec_get(r, "Size", NULL);
		if (size && (!strcmp(str_trim((char *)size), "No Module Installed") ||
			     !strcmp(size, "Not Installed")))
			goto done;
	}
	if (t == 4) {
		const char *st = rec_get(r, "Status", NULL);
		if (st && str_prefix(st, "Unpopulated"))
			goto done;
	}
	if (!r->nkv) {
		imp_skip(im, r->line, "DMI type %d record 0x%04X has no fields: skipped", t,
			 r->handle);
		goto done;
	}
	if (t == 1)
		host_facts(im, r);
	struct component *c = imp_add(im, t == 17 ? KIND_DIMM : type_kind[t], record_id(im, r));
	fill(im, c, r);
done:
	r->type = -1;
	r->nkv = 0;
}

/* "Label: value" into the record; true when it opened a list ("Flags:"),
 * whose items follow. */
static bool add_kv(struct imp *im, struct rec *r, char *s, size_t line)
{
	char *colon = strstr(s, ": ");
	if (!colon) {
		size_t n = strlen(s);
		if (n && s[n - 1] == ':')
			return true; /* a list follows, indented one more level */
		imp_warn(im, line, "line without \"Label: value\" in DMI type %d record: ignored",
			 r->type);
		return false;
	}
	*colon = '\0';
	struct kv *kv = ARENA_PUSH(im->inv->arena, r->kv, r->nkv, r->capkv);
	kv->label = s;
	kv->value = colon + 2;
	kv->line = line;
	return false;
}

/*
 * The indentation of a line, in columns (a tab to the next multiple of 8),
 * and where its text starts.  Spaces count as well as tabs and so do no-break
 * spaces (U+00A0): a dump copied from a ticket, a web page or an e-mail has
 * lost its tabs, and what a reader still sees is which lines are indented
 * more than others, so that is all this parser relies on.
 */
static size_t indent_of(char *s, char **text)
{
	size_t col = 0;
	for (;;) {
		if (*s == ' ')
			col++, s++;
		else if (*s == '\t')
			col = (col / 8 + 1) * 8, s++;
		else if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			col++, s += 2;
		else
			break;
	}
	*text = s;
	return col;
}

/* The parser's place in the file. */
struct dstate {
	struct rec r;
	bool open;       /* a Handle line was read and its record not finished */
	bool typed;      /* its DMI type is known (2.x layouts print it on a line of its own) */
	size_t title_in; /* indentation of the record's title */
	long kv_in;      /* indentation of its "Label: value" lines; -1 not seen yet */
	bool blank;      /* a blank line since the last line of the record */
	bool list;       /* the last label opened a list */
};

static void open_record(struct imp *im, struct dstate *d, unsigned handle, int type, size_t line)
{
	finish(im, &d->r);
	d->open = true;
	d->typed = type >= 0;
	d->r.type = type < 0 ? 255 : type > 255 ? 255 : type;
	d->r.handle = handle;
	d->r.quiet = false;
	d->r.line = line;
	d->r.titled = false;
	d->kv_in = -1;
	d->blank = d->list = false;
}

static void close_record(struct imp *im, struct dstate *d)
{
	finish(im, &d->r);
	d->open = false;
}

/* A "Handle" line in any layout dmidecode has printed: "Handle 0x0011, DMI
 * type 17, 40 bytes" (2.8 on), or "Handle 0x0011" with "DMI type 17, 27
 * bytes." on the next line (2.0 to 2.7).  Returns 2, 1 (type to come) or 0. */
static int handle_line(const char *t, unsigned *handle, unsigned *type)
{
	int n = 0;
	if (sscanf(t, "Handle 0x%x, DMI type %u,", handle, type) == 2)
		return 2;
	if (sscanf(t, "Handle 0x%x%n", handle, &n) == 1 && n > 0) {
		const char *rest = t + n;
		while (*rest == ' ' || *rest == ',')
			rest++;
		return *rest ? 0 : 1;
	}
	return 0;
}

/* The titles dmidecode prints for the record types read here (dmidecode.c,
 * dmi_decode(): pr_handle_name()); the same since 2.0. */
static const struct {
	const char *title;
	int type;
} dmi_titles[] = {
	{"BIOS Information", 0},       {"System Information", 1},
	{"Base Board Information", 2}, {"Chassis Information", 3},
	{"Processor Information", 4},  {"Memory Device", 17},
};

int dmidecode_title(const char *s)
{
	for (size_t i = 0; i < sizeof dmi_titles / sizeof dmi_titles[0]; i++)
		if (!strcmp(s, dmi_titles[i].title))
			return dmi_titles[i].type;
	return -1;
}

/* dmidecode -q: a record opened by its title (t, at indentation in). */
static void open_quiet(struct imp *im, struct dstate *d, int type, size_t in, size_t line,
		       unsigned n)
{
	open_record(im, d, n, type, line);
	d->r.quiet = true;
	d->r.titled = true;
	d->title_in = in;
}

/* What dmidecode printed instead of records ("# No SMBIOS nor DMI entry point
 * found, sorry.", "/dev/mem: Permission denied"), as the error. */
static void no_records(const struct strbuf *said, bool header, struct strbuf *err)
{
	if (!header || !said->len) {
		strbuf_addstr(err, "no DMI structures (\"Handle 0x..., DMI type N, ...\" lines): "
				   "not dmidecode output");
		return;
	}
	strbuf_addf(err, "dmidecode output without any DMI structure: dmidecode said \"%s\"",
		    said->buf);
	if (strstr(said->buf, "Permission denied"))
		strbuf_addstr(err, " (run dmidecode as root)");
	else
		strbuf_addstr(err, " (no SMBIOS table on that machine, or not readable: "
				   "a virtual machine may have none)");
}

/* One line inside a record (text t, indentation in). */
static void record_line(struct imp *im, struct dstate *d, char *t, size_t in, size_t line)
{
	unsigned type, bytes;
	if (!d->typed) {
		if (sscanf(t, "DMI type %u, %u bytes", &type, &bytes) == 2) {
			d->r.type = type > 255 ? 255 : (int)type;
			d->typed = true;
			return;
		}
		imp_skip(im, line, "record 0x%04X has no \"DMI type N, N bytes\" line: skipped",
			 d->r.handle);
		d->open = false;
		d->r.type = -1;
		d->r.nkv = 0;
		return;
	}
	if (!d->r.titled) {
		d->r.titled = true; /* "Memory Device" */
		d->title_in = in;
		return;
	}
	if (d->kv_in < 0)
		d->kv_in = (long)in;
	if ((long)in > d->kv_in)
		return; /* a list item */
	if ((long)in < d->kv_in) {
		imp_warn(im, line, "unexpected line in DMI type %d record: ignored", d->r.type);
		return;
	}
	if (d->list && !strstr(t, ": ") && t[strlen(t) - 1] != ':')
		return; /* a list item that lost its indentation */
	d->list = add_kv(im, &d->r, t, line);
}

/*
 * A dump cut short (fewer structures than dmidecode announced, or an end in
 * the middle of a line outside the end-of-table record) may have lost memory
 * devices, and what is not there cannot be judged: a host whose dump was cut
 * before its type 17 records read as a machine without memory, CLEAR under a
 * rule that names a memory maker.  The memory not read becomes one part,
 * "dimm/not-read", whose maker is unknown for that reason (memory.not_read,
 * as collect/memory.c makes it when the kernel shows no module), so that
 * such a rule asks a person about it.
 */
static void memory_cut(struct imp *im, size_t nhandles, unsigned long announced, bool cut,
		       int last_type, size_t line)
{
	const char *why;
	if (announced)
		why = nhandles < announced
			      ? arena_printf(im->inv->arena,
					     "the dmidecode output holds %zu of the %lu structures "
					     "dmidecode announced: it was cut, and memory devices "
					     "among the missing ones were not read (keep the whole "
					     "output of dmidecode)",
					     nhandles, announced)
			      : NULL;
	else
		why = cut && last_type != 127
			      ? "the dmidecode output ends in the middle of a line: it was cut, "
				"and memory devices after the cut were not read (keep the whole "
				"output of dmidecode)"
			      : NULL;
	if (why)
		imp_memory_not_read(im, why, imp_src(im, line));
}

int import_dmidecode(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	struct lines L;
	struct dstate d = {.r = {.type = -1}};
	size_t nhandles = 0;
	unsigned long announced = 0;
	int last_type = -1; /* of the last record opened; -1 not told yet */
	bool header = false;
	struct strbuf said = STRBUF_INIT;
	char *s;
	lines_init(&L, text, len);
	while ((s = lines_next(&L))) {
		char *t;
		size_t in = indent_of(s, &t);
		unsigned handle, type;
		char ver[16];
		int h = handle_line(t, &handle, &type);
		if (h) {
			open_record(im, &d, handle, h == 2 ? (int)type : -1, L.no);
			last_type = h == 2 ? (int)type : -1;
			nhandles++;
			continue;
		}
		/* A line after a blank one, indented no more than the title, is
		 * outside the record (the next run's header, a note). */
		if (d.open && d.blank && d.r.titled && *t && in <= d.title_in)
			close_record(im, &d);
		if (!d.open) {
			int qt = dmidecode_title(t);
			if (qt >= 0) {
				open_quiet(im, &d, qt, in, L.no, (unsigned)++nhandles);
				last_type = qt;
				continue;
			}
			/* %n: sscanf counts conversions, not the words after them, so
			 * without it "32-bit Memory Error Information" (a title -q
			 * prints) announced 32 structures */
			int end = 0;
			unsigned long count;
			if (sscanf(t, "SMBIOS %15s present%n", ver, &end) == 1 && end)
				imp_host(im, &im->inv->host.smbios_version, ver);
			else if (sscanf(t, "%lu structures occupying%n", &count, &end) == 1 && end)
				announced = count;
			else if (str_prefix(t, "# dmidecode "))
				header = true;
			else if (*t && said.len < 200)
				strbuf_addf(&said, "%s%s", said.len ? " " : "",
					    str_prefix(t, "# ") ? t + 2 : t);
			continue;
		}
		if (!*t) {
			d.blank = true;
			continue;
		}
		d.blank = false;
		record_line(im, &d, t, in, L.no);
	}
	close_record(im, &d);
	if (!nhandles) {
		no_records(&said, header, err);
		strbuf_release(&said);
		return -1;
	}
	strbuf_release(&said);
	if (L.cut)
		imp_warn(im, L.no, "the file ends in the middle of a line: it may be truncated");
	if (announced && nhandles < announced)
		imp_warn(im, 0,
			 "dmidecode announced %lu structures but the file holds %zu: output "
			 "truncated or filtered",
			 announced, nhandles);
	memory_cut(im, nhandles, announced, L.cut, last_type, L.no);
	return 0;
}
