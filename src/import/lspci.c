/*
 * lspci.c — lspci listings into pci/<address> components with the numeric
 * ids the PCI collector reads from sysfs.
 *
 * Accepted: `lspci -nn` with any -v level (ids in brackets after the names),
 * `lspci -n` (ids only), `lspci -mm -nn` (quoted fields) and `lspci -vmm -nn`
 * ("Slot:", "Vendor:" ... records).  The names lspci prints come from its
 * pci.ids, not from the device, so they are kept as extra fields
 * (vendor_name, device_name, ...) and never as the manufacturer.  Output
 * without numeric ids (plain `lspci`) is read, with a warning that the ids
 * that name a maker are missing.
 *
 * With -x (-xxx, -xxxx) the configuration space that follows each device is
 * read too: it gives the subsystem ids and the programming interface even
 * when the text does not, and a header that disagrees with it is reported.
 *
 * Ids are decoded to 4 lower-case hex digits, the class to 6 (class and
 * programming interface).  lspci prints "rev" only when it is not zero and
 * "prog-if" only when not zero and -v was given, so their absence means 00
 * only where that rule applies.
 */
#include "import/import-int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pcidev {
	char addr[16]; /* "0000:00:1f.3" */
	const char *cls, *progif, *rev;
	const char *vid, *did, *svid, *sdid;
	const char *cls_name, *v_name, *d_name, *sv_name, *sd_name;
	const char *desc; /* -nn: vendor and device names run together */
	size_t line;
};

static bool parse_addr(const char *s, size_t *n, char out[16])
{
	size_t i = 0;
	const char *dom = "0000";
	if (is_hex_n(s, 4) && s[4] == ':') {
		dom = s;
		i = 5;
	}
	if (!is_hex_n(s + i, 2) || s[i + 2] != ':' || !is_hex_n(s + i + 3, 2) || s[i + 5] != '.' ||
	    s[i + 6] < '0' || s[i + 6] > '7')
		return false;
	snprintf(out, 16, "%.4s:%.7s", dom, s + i);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*n = i + 7;
	return true;
}

static char *lower_dup(struct imp *im, const char *s, size_t n)
{
	char *r = arena_strndup(im->inv->arena, s, n);
	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

/* The last "[xxxx]" (digits 4) or "[xxxx:xxxx]" (pair) in s[0..n): ids out,
 * the text before it as the name.  Returns false when there is none. */
static bool bracket_ids(struct imp *im, const char *s, size_t n, bool pair, const char **a,
			const char **b, const char **name)
{
	size_t w = pair ? 11 : 6;
	for (size_t i = n >= w ? n - w + 1 : 0; i-- > 0;) {
		const char *q = s + i;
		if (q[0] != '[' || q[w - 1] != ']' || !is_hex_n(q + 1, 4))
			continue;
		if (pair && (q[5] != ':' || !is_hex_n(q + 6, 4)))
			continue;
		*a = lower_dup(im, q + 1, 4);
		if (pair)
			*b = lower_dup(im, q + 6, 4);
		size_t nn = i;
		while (nn && s[nn - 1] == ' ')
			nn--;
		*name = nn ? arena_strndup(im->inv->arena, s, nn) : NULL;
		return true;
	}
	return false;
}

static void emit(struct imp *im, struct pcidev *d, bool verbose)
{
	struct component *c =
		imp_add(im, KIND_PCI, arena_printf(im->inv->arena, "pci/%s", d->addr));
	const char *src = imp_src(im, d->line);
	im->line = d->line;
	imp_dec(im, c, FK_PCI_ADDRESS, d->addr, src);
	imp_dec(im, c, FK_PCI_VENDOR, d->vid, src);
	imp_dec(im, c, FK_PCI_DEVICE, d->did, src);
	if (d->cls && (d->progif || verbose))
		imp_dec(im, c, FK_PCI_CLASS,
			arena_printf(im->inv->arena, "%s%s", d->cls, d->progif ? d->progif : "00"),
			src);
	else if (d->cls)
		component_set(im->inv, c, FK_PCI_CLASS, FIELD_RAW, d->cls, src);
	imp_dec(im, c, FK_PCI_REVISION, d->rev ? d->rev : "00", src);
	imp_extra(im, c, "class_name", d->cls_name, NULL, src);
	imp_extra(im, c, "vendor_name", d->v_name, NULL, src);
	imp_extra(im, c, "device_name", d->d_name, NULL, src);
	imp_extra(im, c, "description", d->desc, NULL, src);
	if (!d->vid)
		imp_warn(im, d->line,
			 "%s has no numeric vendor and device ids (run lspci with -nn)", d->addr);
}

static void subsystem(struct imp *im, struct component *c, const char *v, size_t line)
{
	const char *sv = NULL, *sd = NULL, *name = NULL;
	const char *src = imp_src(im, line);
	if (is_hex_n(v, 4) && v[4] == ':' && is_hex_n(v + 5, 4) && !v[9]) {
		sv = lower_dup(im, v, 4);
		sd = lower_dup(im, v + 5, 4);
	} else if (!bracket_ids(im, v, strlen(v), true, &sv, &sd, &name)) {
		imp_extra(im, c, "subsystem_name", v, NULL, src);
		return;
	}
	imp_dec(im, c, FK_PCI_SUBVENDOR, sv, src);
	imp_dec(im, c, FK_PCI_SUBDEVICE, sd, src);
	imp_extra(im, c, "subsystem_name", name, NULL, src);
}

/* "00:1f.3 Audio device [0403]: Intel Corporation Sunrise ... [8086:9d70] (rev 21) (prog-if 80)" */
static bool device_line(struct imp *im, char *s, struct pcidev *d)
{
	size_t n;
	if (!parse_addr(s, &n, d->addr) || s[n] != ' ')
		return false;
	char *p = s + n + 1;
	char *sep = strstr(p, ": ");
	if (!sep)
		return false;
	*sep = '\0';
	const char *dummy;
	if (is_hex_n(p, 4) && !p[4])
		d->cls = lower_dup(im, p, 4); /* -n */
	else if (!bracket_ids(im, p, strlen(p), false, &d->cls, &dummy, &d->cls_name))
		d->cls_name = p;
	char *q = sep + 2;
	/* the tail: " (rev xx)" and " (prog-if xx [name])" */
	char *tail = strstr(q, " (rev ");
	char *pi = strstr(q, " (prog-if ");
	if (tail && is_hex_n(tail + 6, 2))
		d->rev = lower_dup(im, tail + 6, 2);
	if (pi && is_hex_n(pi + 10, 2))
		d->progif = lower_dup(im, pi + 10, 2);
	char *cut = tail && (!pi || tail < pi) ? tail : pi;
	if (cut)
		*cut = '\0';
	if (is_hex_n(q, 4) && q[4] == ':' && is_hex_n(q + 5, 4)) {
		d->vid = lower_dup(im, q, 4); /* -n */
		d->did = lower_dup(im, q + 5, 4);
	} else if (!bracket_ids(im, q, strlen(q), true, &d->vid, &d->did, &d->desc)) {
		d->desc = q; /* no -nn */
	}
	return true;
}

static void verbose_line(struct imp *im, struct component *c, const char *s, size_t line)
{
	const char *src = imp_src(im, line);
	const char *dsn = strstr(s, "Device Serial Number ");
	if (str_prefix(s, "Subsystem: ")) {
		subsystem(im, c, s + 11, line);
	} else if (str_prefix(s, "Kernel driver in use: ")) {
		imp_extra(im, c, "driver", s + 22, NULL, src);
	} else if (str_prefix(s, "Kernel modules: ")) {
		imp_extra(im, c, "kernel_modules", s + 16, NULL, src);
	} else if (str_prefix(s, "Capabilities: ") && dsn) {
		const char *v = dsn + 21;
		struct strbuf hex = STRBUF_INIT;
		for (const char *p = v; *p; p++)
			if (*p != '-')
				strbuf_addch(&hex, (char)tolower((unsigned char)*p));
		bool ok = hex.len == 16 && is_hex_n(hex.buf, 16);
		imp_set(im, c, FK_EUI64, v, ok ? arena_strdup(im->inv->arena, hex.buf) : NULL, src);
		strbuf_release(&hex);
	} else if (str_prefix(s, "Product Name: ")) {
		imp_extra(im, c, "vpd_product_name", s + 14, NULL, src);
	} else if (str_prefix(s, "[PN] Part number: ")) {
		imp_set(im, c, FK_PART_NUMBER, s + 18, NULL, src);
	} else if (str_prefix(s, "[SN] Serial number: ")) {
		imp_set(im, c, FK_SERIAL, s + 20, NULL, src);
	} else if (str_prefix(s, "[MN] Manufacture ID: ")) {
		imp_extra(im, c, "vpd_manufacture_id", s + 21, NULL, src);
	} else if (str_prefix(s, "[EC] Engineering changes: ")) {
		imp_extra(im, c, "vpd_engineering_changes", s + 26, NULL, src);
	}
}

/* -mm: 00:1f.3 "Audio device [0403]" "Intel Corporation [8086]" "Sunrise ... [9d70]" -r21 -p80
 * "Dell [1028]" "Device [0704]" */
static bool mm_line(struct imp *im, char *s, struct pcidev *d)
{
	size_t n;
	if (!parse_addr(s, &n, d->addr) || s[n] != ' ' || s[n + 1] != '"')
		return false;
	char *str[6] = {0};
	int ns = 0;
	char *p = s + n;
	while (*p) {
		while (*p == ' ')
			p++;
		if (*p == '"') {
			char *e = strchr(p + 1, '"');
			if (!e)
				return false;
			*e = '\0';
			if (ns < 6)
				str[ns++] = p + 1;
			p = e + 1;
		} else if (*p == '-' && (p[1] == 'r' || p[1] == 'p') && is_hex_n(p + 2, 2)) {
			if (p[1] == 'r')
				d->rev = lower_dup(im, p + 2, 2);
			else
				d->progif = lower_dup(im, p + 2, 2);
			p += 4;
		} else if (*p) {
			while (*p && *p != ' ')
				p++;
		}
	}
	const char *dummy;
	const char **ids[6] = {&d->cls, &d->vid, &d->did, &d->svid, &d->sdid, NULL};
	const char **names[6] = {&d->cls_name, &d->v_name, &d->d_name, &d->sv_name, &d->sd_name};
	for (int i = 0; i < ns && i < 5; i++) {
		if (!*str[i])
			continue;
		if (is_hex_n(str[i], 4) && !str[i][4])
			*ids[i] = lower_dup(im, str[i], 4);
		else if (!bracket_ids(im, str[i], strlen(str[i]), false, ids[i], &dummy, names[i]))
			*names[i] = str[i];
	}
	return true;
}

static void emit_sub(struct imp *im, struct component *c, struct pcidev *d)
{
	const char *src = imp_src(im, d->line);
	imp_dec(im, c, FK_PCI_SUBVENDOR, d->svid, src);
	imp_dec(im, c, FK_PCI_SUBDEVICE, d->sdid, src);
	imp_extra(im, c, "subsystem_vendor_name", d->sv_name, NULL, src);
	imp_extra(im, c, "subsystem_name", d->sd_name, NULL, src);
}

/* -vmm records: "Tag:\tvalue" lines, a blank line between devices. */
static int vmm(struct imp *im, struct lines *L)
{
	struct pcidev d = {0};
	bool open = false;
	int n = 0;
	char *s;
	struct {
		const char *tag;
		int slot;
	} tags[] = {
		{"Class:", 0}, {"Vendor:", 1}, {"Device:", 2}, {"SVendor:", 3}, {"SDevice:", 4}};
	const char *extra_driver = NULL, *extra_module = NULL;
	size_t drv_line = 0, mod_line = 0;
	for (;;) {
		s = lines_next(L);
		if (!s || !*s) {
			if (open) {
				emit(im, &d, true);
				struct component *c = &im->inv->comps[im->inv->ncomps - 1];
				emit_sub(im, c, &d);
				imp_extra(im, c, "driver", extra_driver, NULL,
					  imp_src(im, drv_line));
				imp_extra(im, c, "kernel_modules", extra_module, NULL,
					  imp_src(im, mod_line));
				n++;
			}
			d = (struct pcidev){0};
			open = false;
			extra_driver = extra_module = NULL;
			if (!s)
				break;
			continue;
		}
		char *tab = strchr(s, '\t');
		if (!tab) {
			imp_warn(im, L->no, "not a \"Tag:<tab>value\" line: ignored");
			continue;
		}
		*tab = '\0';
		char *v = tab + 1;
		if (!strcmp(s, "Slot:")) {
			size_t an;
			if (!parse_addr(v, &an, d.addr)) {
				imp_skip(im, L->no, "bad slot address \"%s\": device skipped", v);
				continue;
			}
			open = true;
			d.line = L->no;
			continue;
		}
		if (!open)
			continue;
		if (!strcmp(s, "Rev:") && is_hex_n(v, 2))
			d.rev = lower_dup(im, v, 2);
		else if (!strcmp(s, "ProgIf:") && is_hex_n(v, 2))
			d.progif = lower_dup(im, v, 2);
		else if (!strcmp(s, "Driver:"))
			extra_driver = v, drv_line = L->no;
		else if (!strcmp(s, "Module:"))
			extra_module = v, mod_line = L->no;
		for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
			if (strcmp(s, tags[i].tag) != 0)
				continue;
			const char **id[] = {&d.cls, &d.vid, &d.did, &d.svid, &d.sdid};
			const char **nm[] = {&d.cls_name, &d.v_name, &d.d_name, &d.sv_name,
					     &d.sd_name};
			const char *dummy;
			int k = tags[i].slot;
			if (is_hex_n(v, 4) && !v[4])
				*id[k] = lower_dup(im, v, 4);
			else if (!bracket_ids(im, v, strlen(v), false, id[k], &dummy, nm[k]))
				*nm[k] = v;
		}
	}
	return n;
}

/* Configuration space from lspci -x: rows "30: 00 00 ... 00". */
struct cfg {
	uint8_t b[4096];
	size_t row_line[256]; /* line of each 16-byte row, 0 if not seen */
	bool any;
};

static bool cfg_row(struct cfg *cf, const char *s, size_t line)
{
	unsigned off;
	int n = 0;
	if (sscanf(s, "%3x:%n", &off, &n) != 1 || n < 3 || off % 16 || off >= 4096 ||
	    !isxdigit((unsigned char)s[0]))
		return false;
	const char *p = s + n;
	uint8_t row[16];
	for (int i = 0; i < 16; i++) {
		if (p[0] != ' ' || !is_hex_n(p + 1, 2))
			return false;
		row[i] = (uint8_t)strtoul((char[3]){p[1], p[2], 0}, NULL, 16);
		p += 3;
	}
	memcpy(cf->b + off, row, 16);
	cf->row_line[off / 16] = line;
	cf->any = true;
	return true;
}

static unsigned cfg16(const struct cfg *cf, unsigned off)
{
	return cf->b[off] | (unsigned)cf->b[off + 1] << 8;
}

/* Take the ids from the configuration space, and check the header's. */
static void cfg_apply(struct imp *im, struct component *c, struct cfg *cf)
{
	struct arena *a = im->inv->arena;
	if (!cf->any)
		return;
	if (cf->row_line[0]) {
		const char *src = imp_src(im, cf->row_line[0]);
		const char *vid = arena_printf(a, "%04x", cfg16(cf, 0));
		const char *did = arena_printf(a, "%04x", cfg16(cf, 2));
		const char *hv = component_get(c, FK_PCI_VENDOR),
			   *hd = component_get(c, FK_PCI_DEVICE);
		if ((hv && strcmp(hv, vid) != 0) || (hd && strcmp(hd, did) != 0))
			imp_warn(im, cf->row_line[0],
				 "configuration space says %s:%s, the device line %s:%s: kept the "
				 "device line",
				 vid, did, hv ? hv : "?", hd ? hd : "?");
		if (!hv)
			imp_dec(im, c, FK_PCI_VENDOR, vid, src);
		if (!hd)
			imp_dec(im, c, FK_PCI_DEVICE, did, src);
		imp_dec(im, c, FK_PCI_CLASS,
			arena_printf(a, "%02x%02x%02x", cf->b[0xb], cf->b[0xa], cf->b[9]), src);
		imp_dec(im, c, FK_PCI_REVISION, arena_printf(a, "%02x", cf->b[8]), src);
	}
	/* subsystem ids live at 0x2c in type 0 (endpoint) headers only */
	if (cf->row_line[0] && (cf->b[0xe] & 0x7f) == 0 && cf->row_line[2] &&
	    !component_field(c, FK_PCI_SUBVENDOR, false)) {
		const char *src = imp_src(im, cf->row_line[2]);
		imp_dec(im, c, FK_PCI_SUBVENDOR, arena_printf(a, "%04x", cfg16(cf, 0x2c)), src);
		imp_dec(im, c, FK_PCI_SUBDEVICE, arena_printf(a, "%04x", cfg16(cf, 0x2e)), src);
	}
	memset(cf->row_line, 0, sizeof cf->row_line);
	cf->any = false;
}

int import_lspci(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	struct lines L;
	lines_init(&L, text, len);
	/* -vmm is a different shape altogether: look for its first tag. */
	char *probe = text;
	while (*probe == '\n' || *probe == '\r')
		probe++;
	if (str_prefix(probe, "Slot:\t")) {
		if (!vmm(im, &L)) {
			strbuf_addstr(err, "no device in lspci -vmm output");
			return -1;
		}
		return 0;
	}
	struct component *cur = NULL;
	size_t ndev = 0, nbad = 0;
	bool verbose = strstr(text, "\n\t") != NULL;
	struct cfg *cf = calloc(1, sizeof *cf);
	char *s;
	if (!cf)
		abort();
	while ((s = lines_next(&L))) {
		if (!*s)
			continue;
		if (cur && cfg_row(cf, s, L.no))
			continue;
		if (s[0] == '\t' || s[0] == ' ') {
			if (cur)
				verbose_line(im, cur, str_trim(s), L.no);
			continue;
		}
		struct pcidev d = {.line = L.no};
		bool mm = false;
		size_t an;
		if (parse_addr(s, &an, d.addr) && s[an] == ' ' && s[an + 1] == '"')
			mm = mm_line(im, s, &d);
		if (cur)
			cfg_apply(im, cur, cf);
		if (mm || device_line(im, s, &d)) {
			emit(im, &d, verbose);
			cur = &im->inv->comps[im->inv->ncomps - 1];
			if (mm)
				emit_sub(im, cur, &d);
			ndev++;
		} else if (parse_addr(s, &an, d.addr)) {
			/* a device, by its address, whose line could not be read:
			 * counted, as it was never judged (lspci's own complaints,
			 * "pcilib: ...", are only ignored) */
			cur = NULL;
			nbad++;
			imp_skip(im, L.no, "device %s: not an lspci device line: skipped", d.addr);
		} else {
			cur = NULL;
			nbad++;
			imp_warn(im, L.no, "not an lspci device line: ignored");
		}
	}
	if (cur)
		cfg_apply(im, cur, cf);
	free(cf);
	if (!ndev) {
		strbuf_addf(
			err,
			"no lspci device line (\"00:1f.3 Audio device [0403]: ... [8086:9d70]\")"
			"%s: not lspci output",
			nbad ? " among its lines" : "");
		return -1;
	}
	if (L.cut)
		imp_warn(im, L.no, "the file ends in the middle of a line: it may be truncated");
	return 0;
}
