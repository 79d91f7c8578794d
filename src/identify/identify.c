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
 * This runs for every component of a fleet (a million in a second or so), so
 * it allocates only the attribution itself, in one block of its exact size:
 * signals and the draft attribution live on the stack, and strings from the
 * kb are copied into the inventory's arena once per identify_inventory()
 * call.  Within that call, work is reused wherever the answer cannot differ
 * (struct run): the signals of a field value are worked out once (struct
 * fmemo), components with identical identifiers share one attribution, and
 * drives that differ only by their WWN get a copy of a twin's attribution
 * with their own WWN quoted (identify/memo.h).  identify_component() reuses
 * nothing; test_identify_memo.c checks that both give the same answers.
 */
#include "identify/identify.h"
#include "partdate.h"
#include "identify/jep106.h"
#include "identify/kb.h"
#include "identify/memo.h"
#include "identify/pattern.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/strmap.h"
#include "util/hex.h"
#include "util/utf8.h"
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
	const char *rule, *source; /* kb strings, copied into the inventory on output */
};

/*
 * What attributing one component after another can reuse, for the length of
 * one identify_inventory() call (identify_component() has none):
 *
 *  - kb strings copied into the inventory arena (rules, sources, org ids),
 *    so a million evidence entries quote a few hundred copies;
 *  - the signals of a field value (struct fmemo): decoding a manufacturer
 *    string, normalising a name, matching a part number against the
 *    patterns is done once per distinct value, not per component, which is
 *    what keeps a fleet whose drives all differ by serial and WWN fast;
 *  - strings formatted per component that depend on few inputs (the chip
 *    reason naming a controller, a dated ownership step).
 */
#define CACHE_SIZE 4096 /* direct-mapped: a miss only costs a copy */

struct fsig { /* a signal without its field and raw value: those are the caller's */
	uint8_t role, conf;
	int org;
	const char *rule, *source;
};

#define FMEMO_SIGS 3          /* more than one field gives (a pattern: maker and chips) */
#define FMEMO_MAX  (1u << 16) /* entries; values past this are decoded each time */

/* A field's key (fmemo_key) -> what reading it gave, in slot[entry index]
 * (util/strmap, the one hash table). */
struct fmemo {
	struct strmap keys;
	struct fslot {
		uint8_t nsig;
		uint8_t effects; /* enum effect bits the field set */
		struct fsig sig[FMEMO_SIGS];
	} * slot;
	size_t cap;
};

/* A formatted string and what it was formatted from. */
struct fmtslot {
	const void *a;
	day_t d;
	const char *b, *c;
	const char *val;
};

struct run {
	const char *key[CACHE_SIZE];
	const char *val[CACHE_SIZE];
	struct fmemo fields;
	struct fmtslot fmt[256];
};

struct ctx {
	const struct kb *kb;
	struct inventory *inv;
	struct component *c;
	struct run *run;
	uint64_t dec, raw; /* 1 << key for each key the component has decoded, raw */
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
	int owner; /* the maker decide() chose, as an org index; -1 none */
};

static const char *copy(struct ctx *x, const char *s)
{
	if (!s)
		return NULL;
	if (!x->run)
		return arena_strdup(x->inv->arena, s);
	struct run *r = x->run;
	size_t h = (size_t)(((uintptr_t)s * 0x9E3779B97F4A7C15ull) >> 52) & (CACHE_SIZE - 1);
	if (r->key[h] != s) {
		r->key[h] = s;
		r->val[h] = arena_strdup(x->inv->arena, s);
	}
	return r->val[h];
}

/* The value of key as component_get() gives it, without looking when the
 * component has no such field. */
static const char *get(const struct ctx *x, enum fkey key)
{
	return (x->dec | x->raw) & (1ull << key) ? component_get(x->c, key) : NULL;
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
			note(x, false,
			     "%s \"%s\": a bare JEP106 ID byte 0x%02X without its bank is "
			     "ambiguous "
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
		note(x, chip, "%s \"%.*s\": %s", field, utf8_cut(raw, 64), raw, why.buf);
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
			note(x, false, "%s \"%.*s\" names no organisation chipscreen knows", field,
			     utf8_cut(raw, 64), raw);
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

/* A DRAM maker given by name (decode-dimms prints names, not codes): a weak
 * chip signal. */
static void from_chip_name(struct ctx *x, const char *field, const char *raw)
{
	size_t n = strlen(raw);
	int o = n <= MAXLEN ? kb_name(x->kb, raw, n) : -1;
	if (o < 0) {
		if (n > MAXLEN || !placeholder(x, field, raw, raw, n, true))
			note(x, true, "%s \"%.*s\" names no organisation chipscreen knows", field,
			     utf8_cut(raw, 64), raw);
		return;
	}
	struct sig *sg = add(x, S_CHIP, CONF_WEAK, o, field, raw, NULL);
	if (sg) {
		sg->rule = org_name_rule(x->kb, o, false);
		sg->source = x->kb->orgs[o].source;
	}
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
		note(x, false, "%s \"%.*s\": %s", field, utf8_cut(raw, 64), raw, why.buf);
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
	if (c->kind != PK_HDD && c->kind != PK_DRIVE && c->kind != PK_EQUIPMENT)
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
		uint8_t ch;
		if (!hex_decode(s + 2 + i, 1, &ch))
			return NULL;
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
		note(x, false, "%s \"%.*s\" matches no known part-number pattern", field,
		     utf8_cut(raw, 64), raw);
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
		note(x, false, "%s \"%.*s\" matches no known model pattern", field,
		     utf8_cut(raw, 64), raw);
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
static void from_vendor(struct ctx *x, const char *field, const char *id, const char *raw, bool pci)
{
	unsigned v;
	if (!parse_id16(id, &v)) {
		note(x, false, "%s \"%.*s\" is not a 16-bit hex vendor id", field, utf8_cut(id, 32),
		     id);
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
	const char *vs = get(x, FK_PCI_VENDOR);
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
		note(x, false, "%s \"%.*s\" is not an OUI (6 hex digits)", field, utf8_cut(raw, 32),
		     raw);
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
		note(x, false, "%s \"%.*s\" is not an NVMe qualified name", field,
		     utf8_cut(raw, 64), raw);
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
		} else {
			/* the UUID form (NVMe Base Specification, "NQN format"): read,
			 * and naming nobody; not "no field identifies the maker" */
			note(x, false,
			     "%s \"%.*s\": the NVMe specification's generic form "
			     "(org.nvmexpress, not a PCI vendor id after the colon) names no maker",
			     field, utf8_cut(raw, 64), raw);
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
		note(x, false, "%s \"%.*s\" is not a hex manufacturer id", field, utf8_cut(raw, 32),
		     raw);
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

/* The CPU's own vendor id (collect/cpuinfo.c): the x86 CPUID vendor
 * string, which only that maker's processors return, or an Arm implementer
 * code of a maker that designs its own cores: certain.  Arm Ltd's own code
 * (0x41) names the core's designer, not the chip's maker, and has no row. */
static void from_cpu_vendor(struct ctx *x, const char *field, const char *raw)
{
	char k[32];
	size_t n = 0;
	for (const char *p = raw; *p && n + 1 < sizeof k; p++)
		if (*p != ' ')
			k[n++] = (char)tolower((unsigned char)*p);
	k[n] = '\0';
	const struct code *c = n ? kb_cpu(x->kb, k) : NULL;
	if (!c) {
		note(x, false,
		     "%s \"%.*s\" is not a CPU vendor id chipscreen knows%s", field,
		     utf8_cut(raw, 32), raw,
		     !strcmp(k, "arm-0x41") ? " (Arm Ltd's code names the core's designer, not the "
					      "chip's maker)"
					    : "");
		return;
	}
	add(x, S_MAKER, CONF_CERTAIN, c->org, field, raw, c);
}

/* The shape a field's value must have before any table is read, as the
 * readers above check it; NULL when it has it, else what it should be.  For
 * identifiers a user types (identify --oui): a value of the wrong shape is
 * an input error, not an unknown maker. */
const char *identify_value_shape(enum fkey key, const char *raw)
{
	char h[6];
	uint32_t v;
	switch (key) {
	case FK_IEEE_OUI:
		if (raw[0] == '0' && (raw[1] == 'x' || raw[1] == 'X'))
			raw += 2;
		return hex6(raw, h) ? NULL : "an IEEE OUI: 6 hex digits (a428b7, A4-28-B7)";
	case FK_NVME_SUBSYSNQN:
		return !strncasecmp(raw, "nqn.", 4) && strlen(raw) >= 12
			       ? NULL
			       : "an NVMe qualified name (nqn.2014-08.com.example:...)";
	case FK_EMMC_MANFID:
		return hex_parse_u32(raw, &v) ? NULL : "an eMMC manufacturer id in hex (0x15)";
	default:
		return NULL;
	}
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
		else
			from_chip_name(x, field, v); /* decode-dimms: the DRAM maker's name */
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
	case FK_CPU_VENDOR:
		from_cpu_vendor(x, field, v);
		break;
	default:
		break;
	}
}

static void one_extra(struct ctx *x, const struct field *f)
{
	if (x->c->kind == KIND_PCI && !component_get(x->c, FK_PCI_VENDOR) &&
	    (!strcmp(f->name, "vendor_name") || !strcmp(f->name, "description"))) {
		/* lspci without -n: the vendor's name (as its pci.ids has it, alone
		 * or before the device's) is all that names the maker: weak, as any
		 * name (a Huawei NIC in plain lspci output was "not identified") */
		size_t n = strlen(f->value);
		if (n <= MAXLEN)
			from_name(x, f->name, f->value, f->value, n);
		return;
	}
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

static bool usb_storage(const struct ctx *x)
{
	const char *cls = get(x, FK_USB_CLASS);
	return cls && (!strcmp(cls, "08") || !strcmp(cls, "8") || !strcasecmp(cls, "0x08"));
}

static void classify(struct ctx *x)
{
	const struct component *c = x->c;
	const char *cls = get(x, FK_PCI_CLASS);
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
		x->storage = usb_storage(x);
		break;
	default:
		break;
	}
}

static void read_field(struct ctx *x, const struct field *f, bool israw)
{
	if (f->key == FK_EXTRA)
		one_extra(x, f);
	else
		one_field(x, f->key, field_key_name(f->key), f->value, israw);
}

/* ---- the field memo ---- */

/* What a field did to the ctx besides adding signals. */
enum effect { E_CHIP_KIND = 1, E_MEMORY = 2, E_NOTE = 4, E_CHIPNOTE = 8 };

/* Is reading this field worth remembering by value?  Free text and part
 * numbers are: they are decoded, normalised and matched against patterns.
 * A vendor id or an OUI is one hash look-up already, and a WWN or EUI-64
 * never repeats.  Each of these readers depends only on the value, the
 * component's kind and what classify() made of it (the memo key). */
static bool memo_worth(const struct field *f)
{
	enum fkey k = f->key;
	if (k == FK_EXTRA) {
		if (!strcmp(f->name, "query"))
			return true;
		if (strncmp(f->name, "smbios.", 7))
			return false;
		k = (enum fkey)field_key_from_name(f->name + 7);
	}
	switch (k) {
	case FK_MANUFACTURER:
	case FK_PRODUCT:
	case FK_MODEL:
	case FK_PART_NUMBER:
	case FK_EMMC_NAME:
	case FK_JEDEC_MODULE:
	case FK_JEDEC_DRAM:
		return true;
	default:
		return false;
	}
}

/* The key: the kind and class of component, the field's key, rawness and
 * name, and its value.  false when it is too long to be worth keeping. */
static bool fmemo_key(const struct ctx *x, const struct field *f, bool israw, char *buf, size_t cap,
		      uint32_t *len)
{
	size_t nn = f->key == FK_EXTRA ? strlen(f->name) + 1 : 0, vn = strlen(f->value);
	if (4 + nn + vn > cap)
		return false;
	buf[0] = (char)x->c->kind;
	buf[1] = (char)(x->storage | x->oem_names << 1 | israw << 2);
	buf[2] = (char)f->key;
	buf[3] = 0;
	memcpy(buf + 4, f->name ? f->name : "", nn);
	memcpy(buf + 4 + nn, f->value, vn);
	*len = (uint32_t)(4 + nn + vn);
	return true;
}

/* The slot for a new key. */
static struct fslot *fmemo_add(struct fmemo *m, const char *key, uint32_t len)
{
	size_t i = strmap_intern(&m->keys, key, len, NULL);
	if (i >= m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->slot = xreallocarray(m->slot, m->cap, sizeof *m->slot);
	}
	return &m->slot[i];
}

static void fmemo_free(struct fmemo *m)
{
	strmap_free(&m->keys);
	free(m->slot);
}

/* Read one field, through the memo when there is one: the first time a value
 * is read its signals and effects are recorded; after that they are replayed
 * with this field's name and value.  The second pass (notes wanted) always
 * reads, since notes quote the values. */
static void read_field_memo(struct ctx *x, const struct field *f, bool israw)
{
	struct fmemo *m = x->run ? &x->run->fields : NULL;
	char key[MAXLEN + 80];
	uint32_t len;
	if (!m || x->want_notes || !memo_worth(f) ||
	    !fmemo_key(x, f, israw, key, sizeof key, &len)) {
		read_field(x, f, israw);
		return;
	}
	const char *field = f->key == FK_EXTRA ? f->name : field_key_name(f->key);
	long known = strmap_find(&m->keys, key, len);
	if (known >= 0) {
		const struct fslot *sl = &m->slot[known];
		for (int i = 0; i < sl->nsig && x->n < MAXSIG; i++) {
			const struct fsig *fs = &sl->sig[i];
			x->s[x->n++] = (struct sig){fs->role, fs->conf, fs->org,   field,
						    f->value, fs->rule, fs->source};
		}
		x->chip_kind |= (sl->effects & E_CHIP_KIND) != 0;
		x->memory |= (sl->effects & E_MEMORY) != 0;
		x->note_missed |= (sl->effects & E_NOTE) != 0;
		x->chipnote_missed |= (sl->effects & E_CHIPNOTE) != 0;
		return;
	}
	/* Read it from a clean state, so the effects recorded are this field's. */
	int n0 = x->n;
	bool ck = x->chip_kind, mem = x->memory, nm = x->note_missed, cm = x->chipnote_missed;
	x->chip_kind = x->memory = x->note_missed = x->chipnote_missed = false;
	read_field(x, f, israw);
	uint8_t effects =
		(uint8_t)((x->chip_kind ? E_CHIP_KIND : 0) | (x->memory ? E_MEMORY : 0) |
			  (x->note_missed ? E_NOTE : 0) | (x->chipnote_missed ? E_CHIPNOTE : 0));
	x->chip_kind |= ck;
	x->memory |= mem;
	x->note_missed |= nm;
	x->chipnote_missed |= cm;
	int nsig = x->n - n0;
	/* Not kept: signals cut off by MAXSIG, or not of this field (none are:
	 * checked so that a reader changed one day cannot make the memo lie). */
	if (x->n == MAXSIG || nsig > FMEMO_SIGS || m->keys.n >= FMEMO_MAX)
		return;
	for (int i = n0; i < x->n; i++)
		if (x->s[i].field != field || x->s[i].raw != f->value)
			return;
	struct fslot *sl = fmemo_add(m, key, len);
	sl->effects = effects;
	sl->nsig = (uint8_t)nsig;
	for (int i = 0; i < nsig; i++) {
		const struct sig *s = &x->s[n0 + i];
		sl->sig[i] = (struct fsig){s->role, s->conf, s->org, s->rule, s->source};
	}
}

/* One value per key is read: decoded before raw, except JEP106 ids, whose
 * raw code is the evidence. */
static bool skipped(const struct ctx *x, const struct field *f)
{
	bool israw = f->flags & FIELD_RAW;
	uint64_t bit = 1ull << f->key;
	return f->key != FK_EXTRA &&
	       (is_jedec(f->key) ? (!israw && (x->raw & bit)) : (israw && (x->dec & bit)));
}

/* The keys whose values identify() reads for a maker or chip maker. */
static bool identifying(enum fkey k)
{
	switch (k) {
	case FK_JEDEC_MODULE:
	case FK_JEDEC_DRAM:
	case FK_MANUFACTURER:
	case FK_PART_NUMBER:
	case FK_MODEL:
	case FK_EMMC_NAME:
	case FK_PRODUCT:
	case FK_PCI_VENDOR:
	case FK_PCI_SUBVENDOR:
	case FK_USB_VENDOR:
	case FK_NVME_SUBSYSNQN:
	case FK_IEEE_OUI:
	case FK_EUI64:
	case FK_WWID:
	case FK_EMMC_MANFID:
	case FK_CPU_VENDOR:
		return true;
	default:
		return false;
	}
}

/*
 * A field whose source failed its own check (an SPD image whose CRC does not
 * match, an SMBIOS table without a valid entry point) names nobody: identify
 * must not rest an attribution on it (doc/inventory-schema.md).  A certain
 * "DRAM by SK hynix" read from a corrupt image cleared a module under a rule
 * naming Micron.  It is noted instead, on the side it would have told (the
 * DRAM maker id on the chip side), so the reason an unknown side gives
 * says what was read and why it was not used.
 */
static void untrusted_field(struct ctx *x, const struct field *f)
{
	if (!identifying(f->key))
		return;
	/* the fleet store keeps a part's fields without their sources */
	note(x, f->key == FK_JEDEC_DRAM,
	     "%s \"%s\" was read from a source that failed its own check%s%s%s: not used",
	     field_key_name(f->key), f->value, f->source ? " (" : "", f->source ? f->source : "",
	     f->source ? ")" : "");
}

static void gather(struct ctx *x)
{
	const struct component *c = x->c;
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		if (skipped(x, f))
			continue;
		if (f->flags & FIELD_UNTRUSTED)
			untrusted_field(x, f);
		else
			read_field_memo(x, f, f->flags & FIELD_RAW);
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
	e->rule = copy(x, s->rule);
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

/*
 * A string formatted from (a, d, b, c), kept for the run: a and b are kb or
 * static strings (compared by address), c a value read (by content, may be
 * NULL).  Returns the slot, whose val is NULL when the caller must format it
 * (and store it there); NULL without a run.
 */
static struct fmtslot *fmt_slot(struct ctx *x, const void *a, day_t d, const char *b, const char *c)
{
	if (!x->run)
		return NULL;
	uint64_t h = ((uintptr_t)a ^ (uint64_t)d << 32 ^ (uintptr_t)b) * 0x9E3779B97F4A7C15ull;
	if (c)
		h ^= hash_words64(c, strlen(c));
	struct fmtslot *s = &x->run->fmt[(h >> 40) % (sizeof x->run->fmt / sizeof *x->run->fmt)];
	if (s->val && s->a == a && s->d == d && s->b == b &&
	    (s->c == c || (s->c && c && !strcmp(s->c, c))))
		return s;
	s->a = a;
	s->d = d;
	s->b = b;
	s->c = c;
	s->val = NULL;
	return s;
}

/* "Lexar was a brand of Micron ... until 2017-08-31; date used: ..." */
static const char *dated_phrase(struct ctx *x, const struct link *l, const struct datebasis *db)
{
	struct fmtslot *s = fmt_slot(x, l->phrase, db->d, db->what, db->raw);
	if (s && s->val)
		return s->val;
	char buf[11];
	const char *v = arena_printf(x->inv->arena, "%s; date used: %s (%s%s%s)", l->phrase,
				     date_format(db->d, buf), db->what, db->raw ? " " : "",
				     db->raw ? db->raw : "");
	if (s)
		s->val = v;
	return v;
}

/*
 * The signal that decides a side, whatever the order of the fields (a file
 * whose lines are swapped, a fleet store that keeps fields in another order
 * than the file: the same answer).  Signals are grouped by the owner they
 * resolve to; the group with the strongest signal wins, and between groups
 * whose strongest signals are equal, the one more fields agree on (a model
 * string and a vendor id that agree outweigh one id that disagrees), then
 * the greater sum of ranks, then the owner's id, so a tie never falls to
 * field order.  Within the winning group, its strongest signal is the one
 * decided on (the first of equals that name the same organisation: which
 * one only changes the order of the evidence, not the attribution).
 */
struct group {
	int owner, top, nfield, sum, best;
};

static int sig_score(const struct sig *s, bool chip)
{
	return chip ? s->conf : rank(s);
}

/* Is a better than b?  Both groups of candidates for one side. */
static bool group_better(const struct kb *kb, const struct group *a, const struct group *b)
{
	if (a->top != b->top)
		return a->top > b->top;
	if (a->nfield != b->nfield)
		return a->nfield > b->nfield;
	if (a->sum != b->sum)
		return a->sum > b->sum;
	return strcmp(kb->orgs[a->owner].id, kb->orgs[b->owner].id) < 0;
}

static int pick(struct ctx *x, bool chip, day_t d)
{
	struct group g[MAXSIG];
	int ng = 0, owner_of[MAXSIG];
	for (int i = 0; i < x->n; i++) {
		const struct sig *s = &x->s[i];
		owner_of[i] = -1;
		if (!is_candidate(s, chip))
			continue;
		int o = kb_resolve(x->kb, s->org, d, NULL, NULL), k, sc = sig_score(s, chip);
		owner_of[i] = o;
		for (k = 0; k < ng && g[k].owner != o; k++)
			;
		if (k == ng)
			g[ng++] = (struct group){o, -1, 0, 0, -1};
		struct group *gp = &g[k];
		/* a field counts once however many signals it gives */
		bool seen = false;
		for (int j = 0; j < i && !seen; j++)
			seen = owner_of[j] == o && !strcmp(x->s[j].field, s->field);
		gp->nfield += !seen;
		gp->sum += sc;
		if (sc > gp->top || (sc == gp->top && s->org != x->s[gp->best].org &&
				     strcmp(x->kb->orgs[s->org].id, x->kb->orgs[x->s[gp->best].org].id) < 0)) {
			gp->top = sc;
			gp->best = i;
		}
	}
	int w = -1;
	for (int k = 0; k < ng; k++)
		if (w < 0 || group_better(x->kb, &g[k], &g[w]))
			w = k;
	return w < 0 ? -1 : g[w].best;
}

/* "Intel made the NAND ... ; date used: 2020-05-01 (manufactured 2020-W18)" */
static const char *dated_phrase_own(struct ctx *x, const struct ownchip *o,
				    const struct datebasis *db)
{
	struct fmtslot *s = fmt_slot(x, o->rule, db->d, db->what, db->raw);
	if (s && s->val)
		return s->val;
	char buf[11], f[11], u[11];
	const char *v = arena_printf(
		x->inv->arena, "%s (%s%s%s%s%s); date used: %s (%s%s%s)", o->rule,
		o->from ? "from " : "", o->from ? date_format(o->from, f) : "",
		o->from && o->until ? " " : "", o->until ? "until " : "",
		o->until ? date_format(o->until, u) : "", date_format(db->d, buf), db->what,
		db->raw ? " " : "", db->raw ? db->raw : "");
	if (s)
		s->val = v;
	return v;
}

/* Fill m and ev (its evidence, m->nev entries; m->ev is left to the caller)
 * from the signals of one side; conflicting ones go to the conflicts list. */
static void decide(struct ctx *x, struct maker *m, struct evidence *ev, bool chip,
		   const struct datebasis *db, struct evidence *conflicts, int *nconflicts)
{
	const struct kb *kb = x->kb;
	int best = pick(x, chip, db->d);
	if (best < 0)
		return;
	int chain[8], nchain = 0;
	int owner = kb_resolve(kb, x->s[best].org, db->d, chain, &nchain);
	if (!chip)
		x->owner = owner;
	int conf = CONF_NONE;
	bool brand = x->s[best].role == S_BRAND;
	/* evidence: every signal for the owner, and the drive's builder and
	 * controller ids behind a brand; the others are conflicts */
	bool agrees[MAXSIG];
	for (int i = 0; i < x->n; i++) {
		const struct sig *s = &x->s[i];
		agrees[i] = false;
		if (!is_candidate(s, chip))
			continue;
		int r = kb_resolve(kb, s->org, db->d, NULL, NULL);
		agrees[i] = r == owner || (!chip && s->role == S_CONTROLLER) ||
			    (!chip && s->role == S_ODM && brand);
		if (r == owner && sig_conf(s) > conf)
			conf = sig_conf(s);
		if (!agrees[i])
			set_ev(x, &conflicts[(*nconflicts)++], s, sig_conf(s));
	}
	m->org = copy(x, kb->orgs[owner].id);
	m->name = copy(x, kb->orgs[owner].name);
	m->conf = (enum confidence)conf;
	for (int i = 0; i < x->n; i++)
		if (agrees[i])
			set_ev(x, &ev[m->nev++], &x->s[i], sig_conf(&x->s[i]));
	/* the ownership steps, with the date they were judged at when it matters */
	bool dated = nchain && kb_org_dated(kb, x->s[best].org);
	for (int i = 0; i < nchain; i++) {
		const struct link *l = &kb->links[chain[i]];
		struct evidence *e = &ev[m->nev++];
		e->field = EVIDENCE_OWNERSHIP;
		e->raw = copy(x, kb->orgs[l->org].id);
		e->rule = dated ? dated_phrase(x, l, db) : copy(x, l->phrase);
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

/* The decoded value of the extra field name, or NULL. */
static const char *extra_of(const struct component *c, const char *name)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA && !(c->fields[i].flags & FIELD_RAW) &&
		    c->fields[i].name && !strcmp(c->fields[i].name, name))
			return c->fields[i].value;
	return NULL;
}

/*
 * A disk's medium: 1 solid-state (it holds NAND), 0 spinning (none), -1
 * not known.  Solid-state when a pattern names an SSD, the model says
 * "SSD", it is on NVMe, or the kernel or smartctl said so (the extra
 * "rotational" 0); spinning when they said 1 or the model is a hard disk's
 * (data/patterns.tsv kind hdd).  A "drive" pattern (a maker of both, such
 * as "KINGSTON *" or "WDC *") or no pattern leaves it unknown: lshw, GLPI
 * and purchase records do not tell, and such a drive may carry NAND.
 */
static int disk_medium(const struct ctx *x)
{
	const struct component *c = x->c;
	const char *model = component_get(c, FK_MODEL);
	const char *tr = component_get(c, FK_TRANSPORT), *rot = extra_of(c, "rotational");
	if (x->chip_kind || (model && strstr(model, "SSD")) || (tr && !strcmp(tr, "nvme")) ||
	    (rot && !strcmp(rot, "0")))
		return 1;
	if (rot && !strcmp(rot, "1"))
		return 0;
	const struct pattern *p =
		model ? kb_match(x->kb, &x->kb->patterns, PF_MODEL, model, strlen(model)) : NULL;
	if (p && (p->code.kind == PK_HDD || p->code.kind == PK_EQUIPMENT))
		return 0;
	return -1;
}

static bool has_chip(const struct ctx *x)
{
	const struct component *c = x->c;
	switch (c->kind) {
	case KIND_DIMM:
	case KIND_NVME:
	case KIND_EMMC:
		return true;
	case KIND_DISK:
		return disk_medium(x) != 0; /* unknown: it may be an SSD */
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
				 "and the SPD was not read (chipscreen reads SPD dumps: decode-dimms or "
				 "i2cdump output, a copy of the eeprom file; identify --spd FILE)";
	case KIND_EMMC:
		return "the eMMC manufacturer id names the package maker; the NAND dies' maker is "
		       "not reported";
	case KIND_PART:
		if (x->memory)
			return "the part number does not say whose DRAM is on the module";
		break;
	case KIND_DISK:
		if (disk_medium(x) < 0)
			return "the input does not say whether the drive is solid-state (holding "
			       "NAND) or a spinning disk, nor whose NAND an SSD would carry "
			       "(collect or smartctl read the medium)";
		break;
	default:
		break;
	}
	if (x->controller_seen) {
		struct fmtslot *s = fmt_slot(x, x->controller_name, 0, NULL, NULL);
		if (s && s->val)
			return s->val;
		const char *v =
			arena_printf(x->inv->arena,
				     "the NAND maker is not visible to the host: the %s "
				     "controller id says nothing about the NAND on the drive",
				     x->controller_name);
		if (s)
			s->val = v;
		return v;
	}
	(void)maker;
	return "the drive does not report its NAND maker (not visible to the host through "
	       "standard interfaces)";
}

/* The date the part is attributed as of: partdate.h, as the judge and the
 * store read it (an untrusted manufacture date is not used). */
static void date_of(const struct ctx *x, day_t as_of, struct datebasis *db)
{
	struct part_date pd;
	part_date(x->c, 0, as_of ? as_of : date_today(), NULL, &pd);
	/* who made it is decided when it was made: an Elpida module of 2009
	 * bought second-hand in 2014 is Elpida's, not Micron's (a manufacture
	 * date that failed its own check is not used: part_date) */
	if (pd.made) {
		db->d = pd.made;
		db->what = "manufactured";
		db->raw = pd.made_raw;
		return;
	}
	db->d = pd.when;
	db->what = pd.what;
	db->raw = NULL;
}

static void ctx_init(struct ctx *x, const struct kb *kb, struct inventory *inv, struct component *c,
		     struct run *run)
{
	x->kb = kb;
	x->inv = inv;
	x->c = c;
	x->run = run;
	x->dec = x->raw = 0;
	for (size_t i = 0; i < c->nfields; i++)
		*(c->fields[i].flags & FIELD_RAW ? &x->raw : &x->dec) |= 1ull << c->fields[i].key;
	x->n = x->nnote = x->nchipnote = 0;
	x->storage = x->memory = x->oem_names = x->chip_kind = false;
	x->controller_seen = x->jedec_controller_seen = false;
	x->controller_name = NULL;
	x->owner = -1;
	x->want_notes = x->note_missed = x->chipnote_missed = false;
	classify(x);
}

/* The attribution built on the stack, then copied into the arena at its
 * exact size: one allocation per component, nothing over-allocated. */
struct draft {
	struct attribution a;
	struct evidence maker[MAXSIG + 8], chip[MAXSIG + 8], oem[MAXSIG], conflicts[MAXSIG];
};

static struct attribution *commit(struct ctx *x, struct draft *d)
{
	struct attribution *a = &d->a;
	size_t n = a->maker.nev + a->chip_maker.nev + a->oem.nev + a->nconflicts;
	struct attr_block *b =
		arena_alloc_uninit(x->inv->arena, sizeof *b + n * sizeof(struct evidence));
	b->a = *a;
	struct evidence *e = b->ev;
	struct {
		struct evidence **dst;
		const struct evidence *src;
		size_t n;
	} part[] = {{&b->a.maker.ev, d->maker, a->maker.nev},
		    {&b->a.chip_maker.ev, d->chip, a->chip_maker.nev},
		    {&b->a.oem.ev, d->oem, a->oem.nev},
		    {&b->a.conflicts, d->conflicts, a->nconflicts}};
	for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
		*part[i].dst = part[i].n ? memcpy(e, part[i].src, part[i].n * sizeof *e) : NULL;
		e += part[i].n;
	}
	return &b->a;
}

/* ---- virtual devices and own chips ---- */

/* The virtual.tsv row that makes c a virtual device, and the field that
 * says so; NULL for hardware.  Ids first, then the model, then the maker
 * as decided (a hypervisor's name on a memory module). */
static const struct vrow *virtual_of(struct ctx *x, const struct attribution *a,
				     const char **field, const char **raw)
{
	const struct kb *kb = x->kb;
	const struct vrow *v = NULL;
	unsigned vid, dev;
	const char *s;
	if ((s = get(x, FK_PCI_VENDOR)) && parse_id16(s, &vid)) {
		const char *d = get(x, FK_PCI_DEVICE);
		v = kb_virtual_pci(kb, vid, d && parse_id16(d, &dev) ? (int)dev : -1);
		*field = "pci_vendor", *raw = s;
	}
	if (!v && (s = get(x, FK_USB_VENDOR)) && parse_id16(s, &vid))
		v = kb_virtual_usb(kb, vid), *field = "usb_vendor", *raw = s;
	if (!v && (s = get(x, FK_MODEL)))
		v = kb_virtual_model(kb, s), *field = "model", *raw = s;
	if (!v && (s = get(x, FK_PRODUCT)))
		v = kb_virtual_model(kb, s), *field = "product", *raw = s;
	if (!v && (s = get(x, FK_TRANSPORT)) && s[0] == 'v') /* only "virtio" has a row */
		v = kb_virtual_transport(kb, s), *field = "transport", *raw = s;
	if (!v && a->maker.org && x->oem_names) {
		v = kb_virtual_org(kb, x->owner);
		*field = "maker", *raw = a->maker.name;
	}
	/* a module naming nobody, in a virtual machine's SMBIOS (the importer
	 * copies the host's system strings onto such a module) */
	for (size_t i = 0; !v && !a->maker.org && x->c->kind == KIND_DIMM && i < x->c->nfields;
	     i++) {
		const struct field *f = &x->c->fields[i];
		if (f->key == FK_EXTRA && f->name && f->value &&
		    (!strcmp(f->name, "smbios.system_vendor") ||
		     !strcmp(f->name, "smbios.system_product")) &&
		    (v = kb_virtual_host(kb, f->value)))
			*field = f->name, *raw = f->value;
	}
	/* the memory collect could not read module by module, on a CPU that
	 * reports a hypervisor (collect/memory.c): a guest's memory, whose
	 * platform the SMBIOS strings above name when the kernel shows them */
	if (!v && !a->maker.org && x->c->kind == KIND_DIMM && (s = extra_of(x->c, CPU_FLAGS)))
		v = kb_virtual_cpuflag(kb, s), *field = CPU_FLAGS, *raw = s;
	return v;
}

static void set_virtual(struct ctx *x, struct draft *d, const struct vrow *v, const char *field,
			const char *raw)
{
	struct attribution *a = &d->a;
	const struct kb *kb = x->kb;
	a->virtual_reason = copy(x, v->rule);
	if (!a->maker.org) {
		a->maker.org = copy(x, kb->orgs[v->org].id);
		a->maker.name = copy(x, kb->orgs[v->org].name);
		a->maker.conf = v->match == VM_MODEL || v->match == VM_NAME || v->match == VM_HOST ||
					      v->match == VM_CPUFLAG
				      ? CONF_STRONG
									    : CONF_CERTAIN;
	}
	struct evidence *e = &d->maker[a->maker.nev++];
	e->field = field;
	e->raw = raw;
	e->rule = copy(x, v->rule);
	e->source = copy(x, v->source);
	e->org = copy(x, kb->orgs[v->org].id);
	e->conf = a->maker.conf;
	/* a virtual device has no chips of its own */
	memset(&a->chip_maker, 0, sizeof a->chip_maker);
	a->has_chip = false;
}

/* The chip maker inferred from a maker that makes its own NAND or DRAM
 * (own-chips.tsv), as of the part's date: strong, never certain (a maker
 * may buy chips), and only from a maker attributed strongly. */
static void own_chips(struct ctx *x, struct draft *d, const struct datebasis *db)
{
	struct attribution *a = &d->a;
	if (!a->has_chip || a->chip_maker.org || !a->maker.org || a->maker.conf < CONF_STRONG)
		return;
	bool dram = x->memory || x->c->kind == KIND_DIMM;
	const struct ownchip *o = kb_own_chips(x->kb, x->owner, !dram, db->d);
	if (!o)
		return;
	a->chip_maker.org = a->maker.org;
	a->chip_maker.name = a->maker.name;
	a->chip_maker.conf = CONF_STRONG;
	struct evidence *e = &d->chip[a->chip_maker.nev++];
	e->field = "maker";
	e->raw = a->maker.name;
	e->rule = o->from || o->until ? dated_phrase_own(x, o, db) : copy(x, o->rule);
	e->source = copy(x, o->source);
	e->org = a->maker.org;
	e->conf = CONF_STRONG;
}

/* Attribute c; true when its notes were read (a side stayed unknown with a
 * reason to tell), which quote the values themselves. */
static bool identify_one(const struct kb *kb, struct inventory *inv, struct component *c,
			 day_t as_of, struct run *run)
{
	struct ctx x;
	ctx_init(&x, kb, inv, c, run);
	gather(&x);

	struct datebasis db;
	date_of(&x, as_of, &db);
	struct draft d;
	struct attribution *a = &d.a;
	memset(a, 0, sizeof *a);
	int nconflicts = 0;
	decide(&x, &a->maker, d.maker, false, &db, d.conflicts, &nconflicts);
	decide(&x, &a->chip_maker, d.chip, true, &db, d.conflicts, &nconflicts);
	a->nconflicts = (size_t)nconflicts;
	a->has_chip = has_chip(&x) || a->chip_maker.org;
	const char *vfield = NULL, *vraw = NULL;
	const struct vrow *vr = virtual_of(&x, a, &vfield, &vraw);
	if (vr)
		set_virtual(&x, &d, vr, vfield, vraw);
	else
		own_chips(&x, &d, &db);
	bool notes = (!a->maker.org && x.note_missed) || (!a->chip_maker.org && x.chipnote_missed);
	if (notes) {
		/* the second pass, for the notes only */
		struct ctx *y = &x;
		y->n = y->nnote = y->nchipnote = 0;
		y->want_notes = true;
		gather(y);
	}
	const char *not_read = c->kind == KIND_DIMM ? extra_of(c, MEMORY_NOT_READ) : NULL;
	if (!a->maker.org && not_read && component_get(c, FK_SIZE_BYTES))
		/* collect's: the kernel's total (a guest's memory has its platform
		 * as maker) */
		a->maker.unknown_reason =
			arena_printf(inv->arena,
				     "no memory module could be read (%s), only the kernel's total "
				     "of memory: collect as root, with the SPD driver loaded, to read "
				     "the modules",
				     not_read);
	else if (!a->maker.org && not_read) /* a dump or table cut before its memory devices */
		a->maker.unknown_reason =
			arena_printf(inv->arena, "memory that was not read: %s", not_read);
	else if (!a->maker.org)
		a->maker.unknown_reason = join_notes(&x, x.note, x.nnote,
						     "no field identifies the maker (no "
						     "manufacturer id or name, vendor id, part "
						     "number or model)");
	if (!a->chip_maker.org)
		a->chip_maker.unknown_reason =
			a->virtual_reason ? a->virtual_reason
			: a->has_chip     ? chip_reason(&x, &a->maker)
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
		}
		if (!strcmp(kb->orgs[o].id, a->oem.org)) {
			set_ev(&x, &d.oem[a->oem.nev++], s, s->conf);
			if (s->conf > a->oem.conf)
				a->oem.conf = (enum confidence)s->conf;
		}
	}
	c->attr = commit(&x, &d);
	return notes;
}

void identify_component(const struct kb *kb, struct inventory *inv, struct component *c,
			day_t as_of)
{
	(void)identify_one(kb, inv, c, as_of, NULL);
}

/* The most a digest takes in the key. */
#define DIGEST_MAX (2 + sizeof(void *) + FMEMO_SIGS * (4 + sizeof(int32_t) + 3 * sizeof(void *)))
_Static_assert(DIGEST_MAX <= MEMO_DIGEST_CAP, "a digest must fit the memo's buffer");

/*
 * What reading a unique field does, for the key: the signals it gives
 * (role, confidence, organisation, field name, rule and source: kb or static
 * strings, so their addresses stand for them; and where in the value the
 * raw value they quote starts) and its effects on the component's reading.
 * false when it cannot be told that way.
 */
static bool digest(struct ctx *x, const struct field *f, char *buf, size_t *k)
{
	if (skipped(x, f)) {
		buf[(*k)++] = 0;
		return true;
	}
	if (f->flags & FIELD_UNTRUSTED)
		return false; /* not read (gather): attributed on its own */
	x->n = 0;
	x->note_missed = x->chipnote_missed = x->chip_kind = false;
	x->controller_seen = x->jedec_controller_seen = false;
	x->controller_name = NULL;
	bool memory = x->memory;
	x->memory = false;
	read_field(x, f, f->flags & FIELD_RAW);
	size_t vn = strlen(f->value);
	if (x->n > FMEMO_SIGS || vn > UINT16_MAX)
		return false;
	buf[(*k)++] = (char)(1 + x->n);
	buf[(*k)++] =
		(char)(x->note_missed | x->chipnote_missed << 1 | x->chip_kind << 2 |
		       x->memory << 3 | x->controller_seen << 4 | x->jedec_controller_seen << 5);
	memo_put(buf, k, &x->controller_name, sizeof x->controller_name);
	for (int i = 0; i < x->n; i++) {
		const struct sig *s = &x->s[i];
		if (!memo_points_into(s->raw, f->value, vn))
			return false; /* quotes something else: not handled */
		uint16_t off = (uint16_t)((uintptr_t)s->raw - (uintptr_t)f->value);
		int32_t org = s->org;
		buf[(*k)++] = (char)s->role;
		buf[(*k)++] = (char)s->conf;
		memo_put(buf, k, &off, sizeof off);
		memo_put(buf, k, &org, sizeof org);
		memo_put(buf, k, &s->field, sizeof s->field);
		memo_put(buf, k, &s->rule, sizeof s->rule);
		memo_put(buf, k, &s->source, sizeof s->source);
	}
	x->memory = memory;
	return true;
}

/* What memo_key needs to digest a component's unique fields: a ctx made
 * (once per component, on its first unique field) as identify_one would. */
struct digester {
	const struct kb *kb;
	struct inventory *inv;
	struct run *run;
	struct component *c;
	bool xinit;
	struct ctx x;
};

static bool digest_field(void *arg, const struct field *f, char *buf, size_t *len)
{
	struct digester *d = arg;
	if (!d->xinit) /* what classify() makes of the component */
		ctx_init(&d->x, d->kb, d->inv, d->c, d->run), d->xinit = true;
	return digest(&d->x, f, buf, len);
}

void identify_inventory(const struct kb *kb, struct inventory *inv, day_t as_of)
{
	struct run *run = xcalloc(1, sizeof *run);
	struct memo *memo = memo_new();
	struct digester *dg = xcalloc(1, sizeof *dg);
	char key[2048];
	const char *u[MEMO_MAXUNIQUE];
	int nu;
	if (!as_of)
		as_of = date_today();
	*dg = (struct digester){.kb = kb, .inv = inv, .run = run};
	for (size_t i = 0; i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		size_t len;
		dg->c = c;
		dg->xinit = false;
		if (!memo_key(memo, c, digest_field, dg, key, sizeof key, &len, u, &nu)) {
			identify_one(kb, inv, c, as_of, run);
			continue;
		}
		struct memo_slot *s = memo_find(memo, key, len);
		if (memo_known(s)) {
			struct attribution *a = memo_reuse(inv, s, u);
			if (a)
				c->attr = a;
			else
				identify_one(kb, inv, c, as_of, run);
			continue;
		}
		bool notes = identify_one(kb, inv, c, as_of, run);
		memo_learn(memo, s, c, notes, key, len, u, nu);
	}
	memo_free(memo);
	free(dg);
	fmemo_free(&run->fields);
	free(run);
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
