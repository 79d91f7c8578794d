/*
 * fx_random.c — random valid inventories for the property tests; see
 * fx_random.h.  Every value goes through the inventory API (component_set
 * and the rest), so what is generated is what an importer could have made:
 * the API escapes controls and bytes that are not UTF-8, and trims decoded
 * values, exactly as it does for a parser.
 */
#include "fx_random.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t prng_next(struct prng *r)
{
	/* splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
	 * generators", OOPSLA 2014) */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t prng_below(struct prng *r, uint32_t n)
{
	return n ? (uint32_t)(prng_next(r) % n) : 0;
}

bool prng_chance(struct prng *r, uint32_t num, uint32_t den)
{
	return prng_below(r, den) < num;
}

uint64_t prop_seed(uint64_t def)
{
	const char *e = getenv("CHIPSCREEN_PROP_SEED");
	if (!e || !*e)
		return def;
	if (!strcmp(e, "random"))
		return (uint64_t)time(NULL) * 2654435761u;
	return strtoull(e, NULL, 0);
}

unsigned prop_iterations(unsigned def)
{
	const char *e = getenv("CHIPSCREEN_PROP_ITER");
	long n = e && *e ? strtol(e, NULL, 10) : 0;
	return n > 0 ? (unsigned)n : def;
}

uint64_t prop_iter_seed(uint64_t seed, unsigned i)
{
	if (!i)
		return seed;
	struct prng r = {seed ^ ((uint64_t)i << 32 | i)};
	return prng_next(&r);
}

/* What a hostile device, supplier master or list file can put in a valid
 * value: markup, formulas, quotes and separators, escapes that look like
 * the inventory's own (a literal backslash-x-4-1), controls, a bidi
 * override, line and paragraph separators, several scripts, a four-byte
 * character, combining marks and joiners. */
static const char *const pieces[] = {
	"Micron",
	"Samsung Electronics",
	"M393A4K40DB3-CWE",
	"HMA82GR7CJR8N-XN",
	"DIMM_A1",
	"0000:3b:00.0",
	"\"quoted\"",
	"it's",
	"a,b;c\td",
	"line\nbreak",
	"cr\rlf\r\n",
	"back\\slash",
	"\\x41",
	"\\\\",
	"\\",
	"=HYPERLINK(\"http://x\",\"y\")",
	"+1+2",
	"-2",
	"@SUM(A1)",
	"=1+1",
	"'quote-first",
	"\x1b[31mred\x1b[0m",
	"bell\x07",
	"del\x7f",
	"\xc2\x85next-line",
	"\342\200\256evil-rtl", /* U+202E in octal: a hex escape would take the e */
	"\xe2\x80\xa8sep",
	"美光科技",
	"长江存储",
	"華為技術有限公司",
	"Хуавэй Текнолоджиз",
	"هواوي",
	"Ελληνικά",
	"Ünïcödé Gmbh",
	"e\xcc\x81",
	"zero\xe2\x80\x8bwidth",
	"\xf0\x9f\x92\xbe",
	"&amp;&lt;&#x27;",
	"]]>",
	"{\"json\":[1,2]}",
	"%s%n%x",
	"   ",
	"\xff\xfe not utf8",
	"NULL",
	"To Be Filled By O.E.M.",
};

static const char *const markup[] = {
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"</td></tr></table>",
	"<!--",
	"<b>bold</b>",
	"q<z",
	"\"><svg onload=alert(1)>",
};

#define NPIECES (sizeof pieces / sizeof pieces[0])
#define NMARKUP (sizeof markup / sizeof markup[0])

static bool markup_on;

static void add_piece(struct prng *r, struct strbuf *out)
{
	switch (prng_below(r, 10)) {
	case 0: { /* random ASCII, controls included (no NUL) */
		size_t n = 1 + prng_below(r, 12);
		for (size_t i = 0; i < n; i++)
			strbuf_addch(out, (char)(1 + prng_below(r, 127)));
		break;
	}
	case 1: /* a plain word */
		strbuf_addf(out, "w%08x", (unsigned)prng_below(r, 0xffffffffu));
		break;
	case 2:
		if (markup_on) {
			strbuf_addstr(out, markup[prng_below(r, NMARKUP)]);
			break;
		}
		/* fall through */
	default:
		strbuf_addstr(out, pieces[prng_below(r, NPIECES)]);
	}
}

void fx_random_text(struct prng *r, struct strbuf *out)
{
	if (prng_chance(r, 1, 40)) {
		/* very long: 1-9 KiB of one piece repeated with a counter */
		size_t target = out->len + 1024 * (1 + prng_below(r, 9));
		const char *p = pieces[prng_below(r, NPIECES)];
		for (unsigned k = 0; out->len < target; k++)
			strbuf_addf(out, "%s%u", p, k);
		return;
	}
	size_t n = prng_below(r, 4);
	for (size_t i = 0; i < n; i++) {
		if (i && prng_chance(r, 1, 2))
			strbuf_addch(out, ' ');
		add_piece(r, out);
	}
}

void fx_random_word_text(struct prng *r, struct strbuf *out)
{
	size_t start = out->len;
	fx_random_text(r, out);
	for (size_t i = start; i < out->len; i++)
		if ((unsigned char)out->buf[i] > ' ')
			return;
	strbuf_addf(out, "x%u", (unsigned)prng_below(r, 1000000));
}

/* A random text in inv's arena, or NULL (now and then). */
static const char *text_or_null(struct prng *r, struct inventory *inv, unsigned null_in)
{
	if (null_in && prng_chance(r, 1, null_in))
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	fx_random_text(r, &sb);
	const char *s = inventory_strndup(inv, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

/* Extra field names: ones importers make, hostile ones, and ones the store
 * treats as an instance's (po_number, *_handle): never a key's own name. */
static const char *const extra_names[] = {
	"po_number", "set", "bank_handle", "array_handle", "ns2_wwid",  "x_note", "Comment",
	"注記",      "a b", "quote\"name", "back\\slash",  "tab\tname", "",
};

static const char *uuid_text(struct prng *r, char *buf, size_t n)
{
	uint64_t a = prng_next(r), b = prng_next(r);
	snprintf(buf, n, "%08X-%04X-%04X-%04X-%012llX", (unsigned)(a >> 32),
		 (unsigned)(a >> 16) & 0xffff, (unsigned)a & 0xffff, (unsigned)(b >> 48),
		 (unsigned long long)(b & 0xffffffffffffull));
	return buf;
}

static void random_field(struct prng *r, struct inventory *inv, struct component *c)
{
	unsigned flags = (prng_chance(r, 1, 2) ? FIELD_RAW : 0) |
			 (prng_chance(r, 1, 10) ? FIELD_UNTRUSTED : 0);
	struct strbuf v = STRBUF_INIT;
	fx_random_text(r, &v);
	const char *src = text_or_null(r, inv, 3);
	if (prng_chance(r, 1, 6)) {
		const char *name =
			extra_names[prng_below(r, sizeof extra_names / sizeof *extra_names)];
		component_set_extra_bytes(inv, c, name, flags, v.buf, v.len, src);
	} else {
		enum fkey k = (enum fkey)prng_below(r, FK_EXTRA);
		component_set_bytes(inv, c, k, flags, v.buf, v.len, src);
	}
	strbuf_release(&v);
}

/* Codes of makers the shipped rules name (JEP106 and PCI ids, identify's
 * tables), so that judging gives findings. */
static void restricted(struct prng *r, struct inventory *inv, struct component *c)
{
	switch (c->kind) {
	case KIND_DIMM:
		component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW,
			      prng_chance(r, 1, 2) ? "802c" : "0198", "spd");
		component_set(inv, c, FK_JEDEC_DRAM, FIELD_RAW,
			      prng_chance(r, 1, 2) ? "802c" : "8a91", "spd");
		component_set(inv, c, FK_MANUFACTURE_DATE, 0,
			      prng_chance(r, 1, 2) ? "2019-W10" : "2024-W07", "spd");
		break;
	case KIND_PCI:
	case KIND_NVME:
		component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW,
			      prng_chance(r, 1, 2) ? "19e5" : "1e49", "sysfs");
		component_set(inv, c, FK_PCI_DEVICE, FIELD_RAW, "1822", "sysfs");
		break;
	default:
		component_set(inv, c, FK_MANUFACTURER, 0,
			      prng_chance(r, 1, 2) ? "Huawei Technologies Co., Ltd." : "Micron",
			      "dmi");
	}
}

static void random_host(struct prng *r, struct inventory *inv, const struct fx_random_opts *o)
{
	char u[40];
	struct host *h = &inv->host;
	h->hostname = text_or_null(r, inv, 4);
	h->vendor = text_or_null(r, inv, 3);
	h->product = text_or_null(r, inv, 3);
	h->serial = o->serial ? inventory_strdup(inv, o->serial) : text_or_null(r, inv, 3);
	if (o->uuid)
		h->uuid = inventory_strdup(inv, o->uuid);
	else if (prng_chance(r, 1, 2))
		h->uuid = inventory_strdup(inv, uuid_text(r, u, sizeof u));
	h->collected_at = prng_chance(r, 3, 4) ? "2025-06-01T12:00:00Z" : text_or_null(r, inv, 2);
	h->collector = text_or_null(r, inv, 2);
	h->root = text_or_null(r, inv, 2);
	h->smbios_version = prng_chance(r, 1, 2) ? "3.3" : NULL;
	h->is_root = prng_chance(r, 1, 2);
	for (unsigned i = prng_below(r, 3); i; i--) {
		struct strbuf why = STRBUF_INIT;
		fx_random_word_text(r, &why);
		if (prng_chance(r, 1, 2))
			inventory_unread(inv, text_or_null(r, inv, 3), text_or_null(r, inv, 3),
					 why.buf);
		else
			inventory_warn(inv, text_or_null(r, inv, 3), text_or_null(r, inv, 3), "%s",
				       why.buf);
		strbuf_release(&why);
	}
}

struct inventory *fx_random_inventory(struct prng *r, const struct fx_random_opts *o)
{
	static const char *const serials[] = {"S1", "DUPLICATE", "0", "1a2b3c4d"};
	struct inventory *inv = inventory_new();
	markup_on = o->markup;
	random_host(r, inv, o);
	size_t n = prng_below(r, (uint32_t)o->max_comps + 1);
	if (prng_chance(r, 1, 12))
		n *= 5; /* many components */
	for (size_t i = 0; i < n; i++) {
		enum kind k = (enum kind)prng_below(r, KIND__COUNT);
		struct strbuf id = STRBUF_INIT;
		strbuf_addf(&id, "%s/%zu", kind_name(k), i);
		if (prng_chance(r, 1, 3)) { /* unique all the same: the index, then ':' */
			strbuf_addch(&id, ':');
			fx_random_text(r, &id);
		}
		struct component *c = inventory_add(inv, k, id.buf, text_or_null(r, inv, 4));
		strbuf_release(&id);
		if (prng_chance(r, 1, 4))
			restricted(r, inv, c);
		for (unsigned f = prng_below(r, 10); f; f--)
			random_field(r, inv, c);
		if (prng_chance(r, 1, 3)) /* serials shared between components */
			component_set(inv, c, FK_SERIAL, FIELD_RAW,
				      serials[prng_below(r, sizeof serials / sizeof *serials)],
				      NULL);
		if (k == KIND_PART && prng_chance(r, 1, 2))
			component_setf(inv, c, FK_QUANTITY, 0, NULL, "%u", 1 + prng_below(r, 500));
	}
	markup_on = false;
	return inv;
}
