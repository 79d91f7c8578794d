/*
 * identify.c — who made each part, and who made the chips on it.
 *
 * One pass over a component's fields turns each identifier into a signal: an
 * organisation, a role (maker, brand from the model string, the drive's
 * builder, the controller maker, a USB bridge, an OEM, the chip maker), a
 * confidence and the knowledge row that said so.  Identifiers that say
 * nothing (placeholders, bad parity, an OEM part number) leave a note instead,
 * which becomes the reason when the maker stays unknown.
 *
 * Then the strongest maker signal wins: a registered code (certain) over a
 * part or model pattern (strong) over a free-text name (weak); a brand in the
 * model string beats a PCI id that names only the drive's builder or its
 * controller.  The winner is resolved to its owner at the component's date
 * (Crucial -> Micron; Lexar -> Micron until 2017-08-31, then Longsys), every
 * signal pointing to the same owner becomes evidence, and every signal
 * pointing elsewhere is listed as a conflict.  The chip maker is decided the
 * same way from the chip signals.
 *
 * This runs for every component of a fleet, so it allocates only the
 * attribution itself: signals live on the stack, strings from the kb are
 * copied into the inventory's arena once per identify_inventory() call, and
 * components with identical identifiers share one attribution (see memo).
 */
#include "identify/identify.h"
#include "identify/jep106.h"
#include "identify/kb.h"
#include "identify/pattern.h"
#include "util/date.h"
#include "util/hex.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXSIG  24
#define MAXNOTE 8
#define MAXLEN  256 /* longer identifiers are refused, not matched */

enum sig_role { S_MAKER, S_BRAND, S_ODM, S_CONTROLLER, S_BRIDGE, S_OEM, S_CHIP };

struct sig {
	uint8_t role, conf;
	int org;
	const char *field, *raw;
	const char *rule, *source; /* kb strings (copied on output) unless own */
	bool own;                  /* rule already in the inventory arena */
};

/* kb string -> its copy in the inventory arena, direct-mapped. */
#define CACHE_SIZE 4096
struct strcache {
	const char *key[CACHE_SIZE];
	const char *val[CACHE_SIZE];
};

struct ctx {
	const struct kb *kb;
	struct inventory *inv;
	struct component *c;
	struct strcache *cache;
	struct sig s[MAXSIG];
	int n;
	const char *note[MAXNOTE]; /* why fields did not name the maker */
	int nnote;
	const char *chipnote[MAXNOTE];
	int nchipnote;
	/* Notes are only read when a side stays unknown, and formatting them
	 * costs more than the rest: a first pass skips them and says whether it
	 * did; a second pass, rarely needed, writes them. */
	bool want_notes, note_missed, chipnote_missed;
	bool storage;   /* a drive: vendor ids may name controllers or bridges */
	bool memory;    /* a memory module or chip */
	bool oem_names; /* an OEM's name here is the reseller (modules, drives, parts) */
	bool chip_kind; /* a pattern matched a chip, module or SSD */
	bool controller_seen;
	const char *controller_name;
	bool jedec_controller_seen;
};

static const char *copy(struct ctx *x, const char *s)
{
	if (!s)
		return NULL;
	if (!x->cache)
		return arena_strdup(x->inv->arena, s);
	size_t h = (size_t)(((uintptr_t)s * 0x9E3779B97F4A7C15ull) >> 52) & (CACHE_SIZE - 1);
	if (x->cache->key[h] != s) {
		x->cache->key[h] = s;
		x->cache->val[h] = arena_strdup(x->inv->arena, s);
	}
	return x->cache->val[h];
}

static void note(struct ctx *x, bool chip, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note(struct ctx *x, bool chip, const char *fmt, ...)
{
	const char **v = chip ? x->chipnote : x->note;
	int *n = chip ? &x->nchipnote : &x->nnote;
	if (!x->want_notes) {
		*(chip ? &x->chipnote_missed : &x->note_missed) = true;
		return;
	}
	if (*n == MAXNOTE)
		return;
	va_list ap;
	va_start(ap, fmt);
	v[(*n)++] = arena_vprintf(x->inv->arena, fmt, ap);
	va_end(ap);
}

static struct sig *add(struct ctx *x, int role, int conf, int org, const char *field,
                       const char *raw, const struct code *code)
{
	if (x->n == MAXSIG || org < 0)
		return NULL;
	struct sig *s = &x->s[x->n++];
	s->role = (uint8_t)role;
	s->conf = (uint8_t)conf;
	s->org = org;
	s->field = field;
	s->raw = raw;
	s->rule = code ? code_rule(x->kb, code) : NULL;
	s->source = code ? code->source : NULL;
	s->own = false;
	return s;
}

static const char *orgname(const struct ctx *x, int org)
{
	return x->kb->orgs[org].name;
}

/* ---- JEP106 ---- */

static const struct code *jep_lookup(struct ctx *x, const char *field, const char *raw,
                                     const struct jep_code *jc, bool chip)
{
	const struct code *c = kb_jep(x->kb, jc->bank, jc->id);
	if (!c)
		note(x, chip, "%s \"%s\": JEP106 bank %d has no ID 0x%02X", field, raw, jc->bank,
		     jc->id);
	return c;
}

/* A bare ID byte has no bank.  Bank 1 is what tools mean when they drop the
 * continuation, unless bank 1's entry is nobody we track and another bank's
 * is (0x9B: Eurotechnique in bank 1, Crucial in 6, YMTC in 10): then it is
 * ambiguous and says so. */
static void jep_bare(struct ctx *x, const char *field, const char *raw, uint8_t id)
{
	const struct code *b1 = kb_jep(x->kb, 1, id);
	if (!b1 || !x->kb->orgs[b1->org].curated) {
		struct strbuf sb = STRBUF_INIT;
		for (int b = 2; b <= JEP106_MAX_BANK; b++) {
			const struct code *c = kb_jep(x->kb, b, id);
			if (c && x->kb->orgs[c->org].curated)
				strbuf_addf(&sb, ", bank %d %s", b, orgname(x, c->org));
		}
		if (sb.len) {
			note(
			    x, false,
			    "%s \"%s\": a bare JEP106 ID byte 0x%02X without its bank is ambiguous "
			    "(bank 1 %s%s)",
			    field, raw, id, b1 ? orgname(x, b1->org) : "unassigned", sb.buf);
			strbuf_release(&sb);
			return;
		}
		strbuf_release(&sb);
		if (!b1) {
			note(x, false, "%s \"%s\": JEP106 bank 1 has no ID 0x%02X", field, raw, id);
			return;
		}
	}
	struct sig *s = add(x, S_MAKER, CONF_STRONG, b1->org, field, raw, b1);
	if (s)
		s->rule = code_form_rule(x->kb, b1, JF_BARE, 0);
}

/* A decoded JEP106 string from a manufacturer field. */
static void jep_string(struct ctx *x, const char *field, const char *raw,
                       const struct jep_decoded *d)
{
	if (d->form == JF_BARE) {
		jep_bare(x, field, raw, d->code[0].id);
		return;
	}
	for (int i = 0; i < d->n; i++) {
		if (!d->code[i].bank || (d->form == JF_OEM3 && i == 1))
			continue; /* absent, or the register maker: neither maker nor chips */
		bool chip = d->form == JF_OEM3 && i == 2;
		const struct code *c = jep_lookup(x, field, raw, &d->code[i], chip);
		if (!c)
			continue;
		struct sig *s =
		    add(x, chip ? S_CHIP : S_MAKER, CONF_CERTAIN, c->org, field, raw, c);
		if (s && d->form != JF_SPD)
			s->rule = code_form_rule(x->kb, c, d->form, i);
	}
}

/* FK_JEDEC_MODULE / FK_JEDEC_DRAM: an SPD pair, strictly. */
static void from_jedec(struct ctx *x, const char *field, const char *raw, bool chip)
{
	struct jep_decoded d;
	struct strbuf why = STRBUF_INIT;
	int rc = jep106_parse(raw, true, &d, &why);
	if (rc == JEP_OK) {
		const struct code *c = jep_lookup(x, field, raw, &d.code[0], chip);
		if (c)
			add(x, chip ? S_CHIP : S_MAKER, CONF_CERTAIN, c->org, field, raw, c);
	} else if (rc == JEP_UNDEFINED) {
		note(x, chip, "%s \"%s\" was never written (all bytes 0x00 or 0xFF)", field, raw);
	} else {
		note(x, chip, "%s \"%.64s\": %s", field, raw, why.buf);
	}
	strbuf_release(&why);
}

/* ---- free text ---- */

static bool placeholder(struct ctx *x, const char *field, const char *raw, const char *s, size_t n,
                        bool chip)
{
	const struct pattern *p;
	if (!kb_placeholder(x->kb, s, n, &p))
		return false;
	note(x, chip, "%s \"%s\" is a placeholder, not a name", field, raw);
	return true;
}

static void from_name(struct ctx *x, const char *field, const char *raw, const char *s, size_t n)
{
	int o = kb_name(x->kb, s, n);
	if (o < 0) {
		if (!placeholder(x, field, raw, s, n, false))
			note(x, false, "%s \"%.64s\" names no organisation chipscreen knows", field,
			     raw);
		return;
	}
	bool oem = x->oem_names && x->kb->orgs[o].oem;
	struct sig *sg = add(x, oem ? S_OEM : S_MAKER, CONF_WEAK, o, field, raw, NULL);
	if (!sg)
		return;
	sg->rule = org_name_rule(x->kb, o, oem);
	sg->source = x->kb->orgs[o].source;
	if (oem)
		note(x, false, "%s \"%s\" names %s, an OEM: the reseller, not the maker", field,
		     raw, orgname(x, o));
}

static void from_manufacturer(struct ctx *x, const char *field, const char *raw)
{
	size_t n = strlen(raw);
	if (n > MAXLEN) {
		note(x, false, "%s is %zu bytes long: not a manufacturer name", field, n);
		return;
	}
	/* Placeholders are looked for only when nothing else matched: they are
	 * rarer than names, and none is a name or a code. */
	struct jep_decoded d;
	struct strbuf why = STRBUF_INIT;
	int rc = jep106_parse(raw, false, &d, &why);
	if (rc == JEP_OK)
		jep_string(x, field, raw, &d);
	else if (rc == JEP_UNDEFINED)
		note(x, false, "%s \"%s\" was never written (all bytes 0x00 or 0xFF)", field, raw);
	else if (rc == JEP_MALFORMED)
		note(x, false, "%s \"%.64s\": %s", field, raw, why.buf);
	else
		from_name(x, field, raw, raw, n);
	strbuf_release(&why);
}

/* ---- part numbers and model strings ---- */

static void pattern_sig(struct ctx *x, const struct pattern *p, const char *field, const char *raw,
                        bool model)
{
	const struct code *c = &p->code;
	if (c->role == ROLE_OEM) {
		add(x, S_OEM, CONF_STRONG, c->org, field, raw, c);
		note(x, false,
		     "%s \"%s\" is a part number of %s, which hides the maker (only the part's "
		     "own ids, such as the SPD, would tell)",
		     field, raw, orgname(x, c->org));
		return;
	}
	add(x, model ? S_BRAND : S_MAKER, CONF_STRONG, c->org, field, raw, c);
	if (c->chip >= 0) {
		struct sig *cs = add(x, S_CHIP, CONF_STRONG, c->chip, field, raw, c);
		if (cs)
			cs->rule = c->chip_rule;
	}
	if (c->kind != PK_HDD && c->kind != PK_DRIVE)
		x->chip_kind = true;
	if (c->kind == PK_MODULE || c->kind == PK_DRAM_CHIP)
		x->memory = true;
}

/* "0x4D332037..." (SMBIOS of old boards): hex-encoded ASCII.  Decodes into
 * buf when every byte is printable or trailing padding. */
static const char *unhex_ascii(const char *s, char *buf, size_t bufsz)
{
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return NULL;
	size_t nd = strlen(s + 2);
	if (nd < 4 || nd % 2 || nd / 2 >= bufsz)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < nd; i += 2) {
		int hi = hex_digit((unsigned char)s[2 + i]),
		    lo = hex_digit((unsigned char)s[3 + i]);
		if (hi < 0 || lo < 0)
			return NULL;
		unsigned char ch = (unsigned char)(hi << 4 | lo);
		if (ch == 0 || ch == 0xff)
			break;
		if (ch < 0x20 || ch > 0x7e)
			return NULL;
		buf[k++] = (char)ch;
	}
	buf[k] = 0;
	return k ? buf : NULL;
}

static void from_part(struct ctx *x, const char *field, const char *raw, bool also_model)
{
	char dec[MAXLEN + 1], buf[MAXLEN + 1];
	size_t n = strlen(raw);
	if (n > MAXLEN) {
		note(x, false, "%s is %zu bytes long: not a part number", field, n);
		return;
	}
	const char *s = unhex_ascii(raw, dec, sizeof dec);
	if (!s)
		s = raw;
	/* Part numbers carry no meaningful spaces ("M3 78T2953EZ3-CE6"). */
	size_t k = 0;
	for (const char *p = s; *p; p++)
		if (*p != ' ')
			buf[k++] = *p;
	buf[k] = 0;
	const struct pattern *p = kb_match(x->kb, &x->kb->patterns, PF_PART, buf, k);
	if (!p && also_model)
		p = kb_match(x->kb, &x->kb->patterns, PF_MODEL, s, strlen(s));
	if (p)
		pattern_sig(x, p, field, raw, false);
	else if (!placeholder(x, field, raw, s, strlen(s), false))
		note(x, false, "%s \"%.64s\" matches no known part-number pattern", field, raw);
}

static void from_model(struct ctx *x, const char *field, const char *raw)
{
	size_t n = strlen(raw);
	if (n > MAXLEN) {
		note(x, false, "%s is %zu bytes long: not a model string", field, n);
		return;
	}
	const struct pattern *p = kb_match(x->kb, &x->kb->patterns, PF_MODEL, raw, n);
	if (p)
		pattern_sig(x, p, field, raw, true);
	else if (!placeholder(x, field, raw, raw, n, false))
		note(x, false, "%s \"%.64s\" matches no known model pattern", field, raw);
}

/* ---- vendor ids ---- */

static bool parse_id16(const char *s, unsigned *v)
{
	uint32_t u;
	if (!hex_parse_u32(s, &u) || u > 0xffff)
		return false;
	*v = u;
	return true;
}

/* id: the vendor id as written in the field (notes quote it); raw: the field's
 * whole value, which the evidence quotes. */
static void vendor_sig(struct ctx *x, const struct code *c, const char *field, const char *id,
                       const char *raw)
{
	int role = S_MAKER;
	if (x->storage) {
		if (c->role == ROLE_ODM)
			role = S_ODM;
		else if (c->role == ROLE_CONTROLLER)
			role = S_CONTROLLER;
		else if (c->role == ROLE_BRIDGE)
			role = S_BRIDGE;
	}
	if (role == S_CONTROLLER) {
		x->controller_seen = true;
		x->controller_name = orgname(x, c->org);
	}
	if (role == S_BRIDGE)
		note(x, false, "%s %s is %s, a USB bridge: it names the bridge chip, not the drive",
		     field, id, orgname(x, c->org));
	add(x, role, CONF_CERTAIN, c->org, field, raw, c);
}

/* A vendor id: a field of its own (id and raw are its value), or the one
 * inside a WWID or NQN (id: the 4 digits read from raw, the value the
 * evidence quotes). */
static void from_vendor(struct ctx *x, const char *field, const char *id, const char *raw,
                        bool pci)
{
	unsigned v;
	if (!parse_id16(id, &v)) {
		note(x, false, "%s \"%.32s\" is not a 16-bit hex vendor id", field, id);
		return;
	}
	if (v == 0 || v == 0xffff) {
		note(x, false, "%s %s is not a vendor id (0000/ffff: no device)", field, id);
		return;
	}
	const struct code *c = pci ? kb_pci_vendor(x->kb, v) : kb_usb_vendor(x->kb, v);
	if (!c) {
		note(x, false, "%s %s is in neither chipscreen's vendor table nor %s", field, id,
		     pci ? "pci.ids" : "usb.ids");
		return;
	}
	vendor_sig(x, c, field, id, raw);
}

static void from_subvendor(struct ctx *x, const char *field, const char *raw)
{
	unsigned v, vendor;
	const char *vs = component_get(x->c, FK_PCI_VENDOR);
	if (!parse_id16(raw, &v) || v == 0 || v == 0xffff)
		return;
	if (vs && parse_id16(vs, &vendor) && vendor == v)
		return; /* the vendor's own subsystem: no OEM */
	const struct code *c = kb_pci_vendor(x->kb, v);
	if (c)
		add(x, S_OEM, CONF_CERTAIN, c->org, field, raw, c);
}

/* ---- OUIs, WWNs, NQNs, eMMC ---- */

static void oui_sig(struct ctx *x, const char *field, const char *raw, const char *hex6)
{
	char k[7];
	for (int i = 0; i < 6; i++)
		k[i] = (char)tolower((unsigned char)hex6[i]);
	k[6] = 0;
	if (hex_digit(k[1]) & 0x2) {
		note(x, false,
		     "%s %s: OUI %s is locally administered (bit 1 of its first byte): it names no "
		     "maker",
		     field, raw, k);
		return;
	}
	const struct code *c = kb_oui(x->kb, k);
	if (!c) {
		note(x, false, "%s %s: OUI %s is not one of the tracked organisations'", field, raw,
		     k);
		return;
	}
	int role = x->storage && x->kb->orgs[c->org].controller ? S_CONTROLLER : S_MAKER;
	add(x, role, CONF_CERTAIN, c->org, field, raw, c);
}

/* Copy the first 6 hex digits of s (skipping separators) into out. */
static bool hex6(const char *s, char out[6])
{
	int k = 0;
	for (; *s && k < 6; s++) {
		if (hex_digit((unsigned char)*s) >= 0)
			out[k++] = *s;
		else if (*s != '-' && *s != ':' && *s != ' ')
			return false;
	}
	return k == 6;
}

static void from_oui(struct ctx *x, const char *field, const char *raw)
{
	char h[6];
	const char *s = raw;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!hex6(s, h)) {
		note(x, false, "%s \"%.32s\" is not an OUI (6 hex digits)", field, raw);
		return;
	}
	oui_sig(x, field, raw, h);
}

static void from_wwid(struct ctx *x, const char *field, const char *raw)
{
	char h[6];
	if (!strncasecmp(raw, "eui.", 4) && hex6(raw + 4, h)) {
		oui_sig(x, field, raw, h);
	} else if (!strncasecmp(raw, "naa.", 4) && (raw[4] == '5' || raw[4] == '6') &&
	           hex6(raw + 5, h)) {
		oui_sig(x, field, raw, h); /* NAA 5/6: the OUI follows the type digit */
	} else if (!strncasecmp(raw, "nvme.", 5) && strlen(raw) > 9 && raw[9] == '-') {
		char v[5]; /* nvme.VVVV-...: the PCI vendor id */
		memcpy(v, raw + 5, 4);
		v[4] = 0;
		from_vendor(x, field, v, raw, true);
	}
}

static void from_nqn(struct ctx *x, const char *field, const char *raw)
{
	/* nqn.2014-08.com.samsung:... ; nqn.2014.08.org.nvmexpress:VVVVSSSS... */
	if (strncasecmp(raw, "nqn.", 4) || strlen(raw) < 12) {
		note(x, false, "%s \"%.64s\" is not an NVMe qualified name", field, raw);
		return;
	}
	const char *d = raw + 12; /* past "nqn.yyyy-mm." */
	const char *colon = strchr(d, ':');
	size_t n = colon ? (size_t)(colon - d) : strlen(d);
	char dom[64];
	if (n >= sizeof dom)
		return;
	for (size_t i = 0; i < n; i++)
		dom[i] = (char)tolower((unsigned char)d[i]);
	dom[n] = 0;
	if (!strcmp(dom, "org.nvmexpress")) {
		char v[6];
		if (colon && hex6(colon + 1, v)) {
			memcpy(v, colon + 1, 4);
			v[4] = 0;
			from_vendor(x, field, v, raw, true);
		}
		return;
	}
	const struct code *c = kb_nqn(x->kb, dom);
	if (!c) {
		/* "com.samsung.ssd" -> "com.samsung" */
		char *dot = strchr(dom, '.');
		dot = dot ? strchr(dot + 1, '.') : NULL;
		if (dot) {
			*dot = 0;
			c = kb_nqn(x->kb, dom);
		}
	}
	if (!c) {
		note(x, false, "%s: naming authority %s is not one of the tracked organisations'",
		     field, dom);
		return;
	}
	int role = x->storage && x->kb->orgs[c->org].controller ? S_CONTROLLER : S_MAKER;
	add(x, role, CONF_STRONG, c->org, field, raw, c);
}

static void from_emmc(struct ctx *x, const char *field, const char *raw)
{
	uint32_t v;
	if (!hex_parse_u32(raw, &v)) {
		note(x, false, "%s \"%.32s\" is not a hex manufacturer id", field, raw);
		return;
	}
	char k[16];
	snprintf(k, sizeof k, "0x%06x", v);
	const struct code *c = kb_emmc(x->kb, k);
	if (!c) {
		note(x, false,
		     "%s %s is not a known eMMC manufacturer id (these are not JEP106 codes)",
		     field, raw);
		return;
	}
	add(x, S_MAKER, CONF_CERTAIN, c->org, field, raw, c);
}

/* ---- the pass over the fields ---- */

static bool is_jedec(enum fkey k)
{
	return k == FK_JEDEC_MODULE || k == FK_JEDEC_DRAM || k == FK_JEDEC_CONTROLLER ||
	       k == FK_JEDEC_REGISTER;
}

/* Hex digits with the usual decorations: "802C", "0x80,0x2C", "80 2C". */
static bool looks_hex(const char *v)
{
	for (; *v; v++)
		if (hex_digit((unsigned char)*v) < 0 && !strchr("xX ,:", *v))
			return false;
	return true;
}

static void one_field(struct ctx *x, enum fkey key, const char *field, const char *v, bool raw)
{
	switch (key) {
	case FK_JEDEC_MODULE:
	case FK_JEDEC_DRAM:
		if (raw || looks_hex(v))
			from_jedec(x, field, v, key == FK_JEDEC_DRAM);
		else if (key == FK_JEDEC_MODULE)
			from_manufacturer(x, field, v); /* a name decoded by collect */
		break;
	case FK_JEDEC_CONTROLLER:
		x->jedec_controller_seen = true; /* SMBIOS 0x30: not the DRAM maker */
		break;
	case FK_MANUFACTURER:
		from_manufacturer(x, field, v);
		break;
	case FK_PART_NUMBER:
		from_part(x, field, v, x->c->kind == KIND_PART);
		break;
	case FK_MODEL:
	case FK_EMMC_NAME:
		from_model(x, field, v);
		break;
	case FK_PRODUCT:
		if (x->c->kind == KIND_USB || x->c->kind == KIND_PART || x->c->kind == KIND_DISK)
			from_model(x, field, v);
		break;
	case FK_PCI_VENDOR:
		from_vendor(x, field, v, v, true);
		break;
	case FK_PCI_SUBVENDOR:
		from_subvendor(x, field, v);
		break;
	case FK_USB_VENDOR:
		from_vendor(x, field, v, v, false);
		break;
	case FK_NVME_SUBSYSNQN:
		from_nqn(x, field, v);
		break;
	case FK_IEEE_OUI:
		from_oui(x, field, v);
		break;
	case FK_EUI64:
		from_oui(x, field, !strncasecmp(v, "eui.", 4) ? v + 4 : v);
		break;
	case FK_WWID:
		from_wwid(x, field, v);
		break;
	case FK_EMMC_MANFID:
		from_emmc(x, field, v);
		break;
	default:
		break;
	}
}

static void one_extra(struct ctx *x, const struct field *f)
{
	if (!strncmp(f->name, "smbios.", 7)) {
		int k = field_key_from_name(f->name + 7);
		if (k != FK_EXTRA)
			one_field(x, (enum fkey)k, f->name, f->value, false);
	} else if (!strcmp(f->name, "query")) {
		/* chipscreen identify STRING: whatever the string is */
		struct jep_decoded d;
		struct strbuf why = STRBUF_INIT;
		int rc = jep106_parse(f->value, false, &d, &why);
		strbuf_release(&why);
		if (rc != JEP_NOT_CODE) {
			from_manufacturer(x, f->name, f->value);
			return;
		}
		size_t n = strlen(f->value);
		const struct pattern *p =
		    n <= MAXLEN ? kb_match(x->kb, &x->kb->patterns, PF_ANY, f->value, n) : NULL;
		if (p)
			pattern_sig(x, p, f->name, f->value, false);
		else
			from_manufacturer(x, f->name, f->value);
	}
}

static bool usb_storage(const struct component *c)
{
	const char *cls = component_get(c, FK_USB_CLASS);
	return cls && (!strcmp(cls, "08") || !strcmp(cls, "8") || !strcasecmp(cls, "0x08"));
}

static void classify(struct ctx *x)
{
	const struct component *c = x->c;
	const char *cls = component_get(c, FK_PCI_CLASS);
	switch (c->kind) {
	case KIND_DIMM:
		x->memory = x->oem_names = true;
		break;
	case KIND_NVME:
	case KIND_DISK:
	case KIND_EMMC:
	case KIND_PART:
		x->storage = x->oem_names = true;
		break;
	case KIND_PCI:
		x->storage = cls && !strncmp(cls, "0108", 4);
		break;
	case KIND_USB:
		x->storage = usb_storage(c);
		break;
	default:
		break;
	}
}

static void gather(struct ctx *x)
{
	const struct component *c = x->c;
	/* One value per key: decoded before raw, except JEP106 ids, whose raw
	 * code is the evidence. */
	uint64_t dec = 0, raw = 0;
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		if (f->key == FK_EXTRA)
			continue;
		if (f->flags & FIELD_RAW)
			raw |= 1ull << f->key;
		else
			dec |= 1ull << f->key;
	}
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		if (f->key == FK_EXTRA) {
			one_extra(x, f);
			continue;
		}
		bool israw = f->flags & FIELD_RAW;
		uint64_t bit = 1ull << f->key;
		if (is_jedec(f->key) ? (!israw && (raw & bit)) : (israw && (dec & bit)))
			continue;
		one_field(x, f->key, field_key_name(f->key), f->value, israw);
	}
}

/* ---- deciding ---- */

static int rank(const struct sig *s)
{
	switch (s->role) {
	case S_MAKER:
		return s->conf * 2;
	case S_BRAND:
		return 5; /* a brand in the model string beats a builder's or controller's id */
	case S_ODM:
		return 3;
	case S_CONTROLLER:
		return 1;
	default:
		return -1;
	}
}

static bool is_candidate(const struct sig *s, bool chip)
{
	return chip ? s->role == S_CHIP : rank(s) >= 0;
}

static void set_ev(struct ctx *x, struct evidence *e, const struct sig *s, int conf)
{
	e->field = s->field;
	e->raw = s->raw;
	e->rule = s->own ? s->rule : copy(x, s->rule);
	e->source = copy(x, s->source);
	e->org = copy(x, x->kb->orgs[s->org].id);
	e->conf = (enum confidence)conf;
}

static int sig_conf(const struct sig *s)
{
	/* a controller's id is no more than a hint about the drive's maker */
	return s->role == S_CONTROLLER ? CONF_WEAK : s->conf;
}

struct datebasis {
	day_t d;
	const char *what; /* "acquired", "manufactured", "as of" */
	const char *raw;
};

/* Fill m from the signals of one side; conflicting ones go to the conflicts list. */
static void decide(struct ctx *x, struct maker *m, bool chip, const struct datebasis *db,
                   struct evidence *conflicts, int *nconflicts)
{
	const struct kb *kb = x->kb;
	int best = -1;
	for (int i = 0; i < x->n; i++) {
		const struct sig *s = &x->s[i];
		if (!is_candidate(s, chip))
			continue;
		if (best < 0 || (chip ? s->conf > x->s[best].conf : rank(s) > rank(&x->s[best])))
			best = i;
	}
	if (best < 0)
		return;
	int chain[8], nchain = 0;
	int owner = kb_resolve(kb, x->s[best].org, db->d, chain, &nchain);
	int res[MAXSIG];
	int nev = 0, conf = CONF_NONE;
	for (int i = 0; i < x->n; i++) {
		const struct sig *s = &x->s[i];
		res[i] = -1;
		if (!is_candidate(s, chip))
			continue;
		res[i] = kb_resolve(kb, s->org, db->d, NULL, NULL);
		if (res[i] == owner || (!chip && s->role == S_CONTROLLER) ||
		    (!chip && s->role == S_ODM && x->s[best].role == S_BRAND)) {
			nev++;
			if (res[i] == owner && sig_conf(s) > conf)
				conf = sig_conf(s);
		}
	}
	m->org = copy(x, kb->orgs[owner].id);
	m->name = copy(x, kb->orgs[owner].name);
	m->conf = (enum confidence)conf;
	m->ev = arena_calloc(x->inv->arena, (size_t)(nev + nchain), sizeof *m->ev);
	for (int i = 0; i < x->n; i++) {
		const struct sig *s = &x->s[i];
		if (res[i] < 0)
			continue;
		if (res[i] == owner || (!chip && s->role == S_CONTROLLER) ||
		    (!chip && s->role == S_ODM && x->s[best].role == S_BRAND))
			set_ev(x, &m->ev[m->nev++], s, sig_conf(s));
		else
			set_ev(x, &conflicts[(*nconflicts)++], s, sig_conf(s));
	}
	/* the ownership steps, with the date they were judged at when it matters */
	for (int i = 0; i < nchain; i++) {
		const struct link *l = &kb->links[chain[i]];
		struct evidence *e = &m->ev[m->nev++];
		e->field = EVIDENCE_OWNERSHIP;
		e->raw = copy(x, kb->orgs[l->org].id);
		if (kb_org_dated(kb, x->s[best].org)) {
			char buf[11];
			e->rule = arena_printf(x->inv->arena, "%s; date used: %s (%s%s%s)",
			                       l->phrase, date_format(db->d, buf), db->what,
			                       db->raw ? " " : "", db->raw ? db->raw : "");
		} else {
			e->rule = copy(x, l->phrase);
		}
		e->source = copy(x, l->source);
		e->org = copy(x, kb->orgs[l->parent].id);
		e->conf = (enum confidence)conf;
	}
}

static const char *join_notes(struct ctx *x, const char **v, int n, const char *fallback)
{
	if (!n)
		return fallback;
	if (n == 1)
		return v[0];
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(&sb, "; ");
		strbuf_addstr(&sb, v[i]);
	}
	const char *r = arena_strndup(x->inv->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

static const char *incomplete(struct ctx *x, const char *reason)
{
	return arena_printf(x->inv->arena, "%s; and the knowledge base is incomplete: %s",
	                    reason ? reason : "unknown", x->kb->table_error);
}

static bool has_chip(const struct ctx *x)
{
	const struct component *c = x->c;
	switch (c->kind) {
	case KIND_DIMM:
	case KIND_NVME:
	case KIND_EMMC:
		return true;
	case KIND_DISK: {
		const char *model = component_get(c, FK_MODEL);
		const char *tr = component_get(c, FK_TRANSPORT);
		return x->chip_kind || (model && strstr(model, "SSD")) ||
		       (tr && !strcmp(tr, "nvme"));
	}
	case KIND_PCI:
	case KIND_USB:
		return x->storage;
	case KIND_PART:
		return x->chip_kind;
	default:
		return false;
	}
}

static const char *chip_reason(struct ctx *x, const struct maker *maker)
{
	if (x->nchipnote)
		return join_notes(x, x->chipnote, x->nchipnote, NULL);
	switch (x->c->kind) {
	case KIND_DIMM:
		return x->jedec_controller_seen
		           ? "no DRAM manufacturer id was read: the SMBIOS memory subsystem "
		             "controller id names the module's controller, not the DRAM, and "
		             "SMBIOS has no DRAM maker field (the SPD would tell)"
		           : "no DRAM manufacturer id was read: SMBIOS has no DRAM maker field "
		             "and the SPD was not read";
	case KIND_EMMC:
		return "the eMMC manufacturer id names the package maker; the NAND dies' maker is "
		       "not reported";
	case KIND_PART:
		if (x->memory)
			return "the part number does not say whose DRAM is on the module";
		break;
	default:
		break;
	}
	if (x->controller_seen)
		return arena_printf(
		    x->inv->arena,
		    "the NAND maker is not visible to the host: the %s controller id "
		    "says nothing about the NAND on the drive",
		    x->controller_name);
	(void)maker;
	return "the drive does not report its NAND maker (not visible to the host through "
	       "standard interfaces)";
}

/* "2019-W23", as SPD dates are written; 0 if not that. */
static day_t iso_week(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (s[4] != '-' || s[5] != 'W' || !isdigit((unsigned char)s[6]) ||
	    !isdigit((unsigned char)s[7]) || s[8])
		return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	return date_from_iso_week(y, (s[6] - '0') * 10 + (s[7] - '0'));
}

static void date_of(const struct component *c, day_t as_of, struct datebasis *db)
{
	const char *acq = component_get(c, FK_ACQUIRED);
	const char *mfg = component_get(c, FK_MANUFACTURE_DATE);
	day_t d;
	if (acq && (d = date_parse(acq))) {
		db->d = d;
		db->what = "acquired";
		db->raw = NULL;
		return;
	}
	if (mfg) {
		if ((d = date_parse(mfg)) || (d = iso_week(mfg))) {
			db->d = d;
			db->what = "manufactured";
			db->raw = mfg;
			return;
		}
	}
	db->d = as_of ? as_of : date_today();
	db->what = "as of";
	db->raw = NULL;
}

static void identify_one(const struct kb *kb, struct inventory *inv, struct component *c,
                         day_t as_of, struct strcache *cache)
{
	struct ctx x;
	x.kb = kb;
	x.inv = inv;
	x.c = c;
	x.cache = cache;
	x.n = x.nnote = x.nchipnote = 0;
	x.storage = x.memory = x.oem_names = x.chip_kind = false;
	x.controller_seen = x.jedec_controller_seen = false;
	x.controller_name = NULL;
	x.want_notes = x.note_missed = x.chipnote_missed = false;
	classify(&x);
	gather(&x);

	struct datebasis db;
	date_of(c, as_of, &db);
	struct attribution *a = arena_alloc(inv->arena, sizeof *a);
	struct evidence conflicts[MAXSIG];
	int nconflicts = 0;
	decide(&x, &a->maker, false, &db, conflicts, &nconflicts);
	decide(&x, &a->chip_maker, true, &db, conflicts, &nconflicts);
	if (nconflicts) {
		a->conflicts = arena_calloc(inv->arena, (size_t)nconflicts, sizeof *a->conflicts);
		memcpy(a->conflicts, conflicts, (size_t)nconflicts * sizeof *conflicts);
		a->nconflicts = (size_t)nconflicts;
	}
	a->has_chip = has_chip(&x) || a->chip_maker.org;
	if ((!a->maker.org && x.note_missed) || (!a->chip_maker.org && x.chipnote_missed)) {
		/* the second pass, for the notes only */
		struct ctx *y = &x;
		y->n = y->nnote = y->nchipnote = 0;
		y->want_notes = true;
		gather(y);
	}
	if (!a->maker.org)
		a->maker.unknown_reason = join_notes(
		    &x, x.note, x.nnote,
		    "no field identifies the maker (no manufacturer id or name, vendor id, part "
		    "number or model)");
	if (!a->chip_maker.org)
		a->chip_maker.unknown_reason = a->has_chip ? chip_reason(&x, &a->maker)
		                                           : "does not apply to this kind of part";
	if (kb->table_error) {
		/* a table could not be read: what it would have named is not known */
		if (!a->maker.org)
			a->maker.unknown_reason = incomplete(&x, a->maker.unknown_reason);
		if (!a->chip_maker.org && a->has_chip)
			a->chip_maker.unknown_reason = incomplete(&x, a->chip_maker.unknown_reason);
	}
	/* The OEM, when the part names one other than its maker. */
	for (int i = 0; i < x.n; i++) {
		const struct sig *s = &x.s[i];
		if (s->role != S_OEM)
			continue;
		int o = kb_resolve(kb, s->org, db.d, NULL, NULL);
		if (a->maker.org && !strcmp(kb->orgs[o].id, a->maker.org))
			continue;
		if (!a->oem.org) {
			a->oem.org = copy(&x, kb->orgs[o].id);
			a->oem.name = copy(&x, kb->orgs[o].name);
			a->oem.conf = (enum confidence)s->conf;
			a->oem.ev = arena_calloc(inv->arena, (size_t)x.n, sizeof *a->oem.ev);
		}
		if (!strcmp(kb->orgs[o].id, a->oem.org)) {
			set_ev(&x, &a->oem.ev[a->oem.nev++], s, s->conf);
			if (s->conf > a->oem.conf)
				a->oem.conf = (enum confidence)s->conf;
		}
	}
	c->attr = a;
}

void identify_component(const struct kb *kb, struct inventory *inv, struct component *c,
                        day_t as_of)
{
	identify_one(kb, inv, c, as_of, NULL);
}

/*
 * Components with the same identifiers get the same attribution: a fleet
 * holds thousands of one DIMM model.  The memo key is the kind and every
 * field identification reads (key, rawness, value), so two components share
 * an attribution only when every piece of its evidence, raw values included,
 * is the same.  Serial numbers and the like are not read, so they do not
 * split the key; EUI-64s and WWNs are read (their raw value is evidence) and
 * unique to each device, so drives carrying them are attributed one by one
 * without a memo entry.
 */
static bool memo_field(const struct field *f)
{
	switch (f->key) {
	case FK_MANUFACTURER:
	case FK_PRODUCT:
	case FK_MODEL:
	case FK_PART_NUMBER:
	case FK_JEDEC_MODULE:
	case FK_JEDEC_DRAM:
	case FK_JEDEC_CONTROLLER:
	case FK_JEDEC_REGISTER:
	case FK_MANUFACTURE_DATE:
	case FK_PCI_VENDOR:
	case FK_PCI_SUBVENDOR:
	case FK_PCI_CLASS:
	case FK_USB_VENDOR:
	case FK_USB_CLASS:
	case FK_NVME_SUBSYSNQN:
	case FK_IEEE_OUI:
	case FK_TRANSPORT:
	case FK_EMMC_MANFID:
	case FK_EMMC_NAME:
	case FK_ACQUIRED:
		return true;
	case FK_EXTRA:
		return !strncmp(f->name, "smbios.", 7) || !strcmp(f->name, "query");
	default:
		return false;
	}
}

struct memo {
	struct arena *keys;
	struct memo_slot {
		uint64_t hash;
		const char *key;
		size_t len;
		struct attribution *attr;
	} * slot;
	size_t cap, n;
};

/* The key into buf; false when it does not fit, or when the component
 * carries an identifier unique to the device (a WWN or EUI-64 is evidence,
 * and never repeats): then no memo. */
static bool memo_key(const struct component *c, char *buf, size_t cap, size_t *len)
{
	size_t k = 0;
	buf[k++] = (char)c->kind;
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		if (f->key == FK_WWID || f->key == FK_EUI64)
			return false;
		if (!memo_field(f))
			continue;
		size_t vn = strlen(f->value), nn = f->key == FK_EXTRA ? strlen(f->name) + 1 : 0;
		if (k + 3 + nn + vn + 1 > cap)
			return false;
		buf[k++] = (char)(f->key + 1);
		buf[k++] = (char)((f->flags & FIELD_RAW) + 1);
		if (nn) {
			memcpy(buf + k, f->name, nn);
			k += nn;
		}
		memcpy(buf + k, f->value, vn + 1);
		k += vn + 1;
	}
	*len = k;
	return true;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static struct memo_slot *memo_find(struct memo *m, uint64_t h, const char *key, size_t len)
{
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct memo_slot *s = &m->slot[i];
		if (!s->key || (s->hash == h && s->len == len && !memcmp(s->key, key, len)))
			return s;
	}
}

static void memo_grow(struct memo *m)
{
	struct memo old = *m;
	m->cap = old.cap ? old.cap * 2 : 1024;
	m->slot = xcalloc(m->cap, sizeof *m->slot);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].key)
			*memo_find(m, old.slot[i].hash, old.slot[i].key, old.slot[i].len) =
			    old.slot[i];
	free(old.slot);
}

void identify_inventory(const struct kb *kb, struct inventory *inv, day_t as_of)
{
	struct strcache *cache = xcalloc(1, sizeof *cache);
	struct memo memo = {arena_new(), NULL, 0, 0};
	char key[2048];
	if (!as_of)
		as_of = date_today();
	memo_grow(&memo);
	for (size_t i = 0; i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		size_t len;
		if (!memo_key(c, key, sizeof key, &len)) {
			identify_one(kb, inv, c, as_of, cache);
			continue;
		}
		uint64_t h = hash_bytes(key, len);
		struct memo_slot *s = memo_find(&memo, h, key, len);
		if (s->key) {
			c->attr = s->attr;
			continue;
		}
		identify_one(kb, inv, c, as_of, cache);
		s->hash = h;
		s->key = memcpy(arena_alloc(memo.keys, len), key, len);
		s->len = len;
		s->attr = c->attr;
		if (++memo.n * 2 > memo.cap)
			memo_grow(&memo);
	}
	free(memo.slot);
	arena_free(memo.keys);
	free(cache);
}

const char *maker_relation(const struct maker *m)
{
	if (!m)
		return NULL;
	for (size_t i = 0; i < m->nev; i++)
		if (m->ev[i].field && !strcmp(m->ev[i].field, EVIDENCE_OWNERSHIP))
			return m->ev[i].rule;
	return NULL;
}

double kb_load_ms(const struct kb *kb)
{
	return kb->load_ms;
}

size_t kb_nrows(const struct kb *kb)
{
	return kb->nrows;
}
