/*
 * fleet-read.c — reading chipscreen's own collect JSON fast, for import.
 *
 * An import of a large fleet spends most of its time reading collect files
 * (a quarter of a megabyte each, a third of it the attributions, which the
 * store does not keep: a run attributes again).  cJSON builds a tree of every
 * value and inventory_from_json copies each string again; this reader walks
 * the text once, copies the strings it keeps into the inventory's arena, and
 * checks what it skips.  It never writes to the document, which the import
 * keeps as read.  (It once terminated the strings in the buffer and noted
 * where, to put the bytes back for the compressor: no faster, as measured.)
 *
 * It reads the common case only: the members in the order chipscreen writes
 * them, strings without escapes that are already clean (valid UTF-8, no
 * control character or backslash: what the inventory layer would store as
 * they are), JSON as RFC 8259 writes it.  For anything else — an escape, a
 * duplicated member, a member out of order, a value of another type, bytes
 * to escape, a syntax error — it gives up, and the caller reads the document
 * with cJSON and inventory_from_json, which then gives the inventory or the
 * error.  What it accepts, cJSON accepts too (it is the stricter), and it
 * makes the inventory inventory_from_json would make: the same host, notes,
 * components, fields in the same order, values trimmed and replaced the same
 * way (tests/store/test_fleet_read.c compares the two on many documents).
 *
 * Member names chipscreen writes are matched
 * byte for byte where they start, and strings passed over are only looked
 * for their end: most of the time went in reading strings one by one.
 */
#include "store/fleet.h"
#include "util/strmap.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <string.h>

/* Deeper than anything in an inventory document (values passed over are
 * counted from where they start); cJSON's limit is 1000. */
#define MAX_DEPTH 64

_Static_assert(FK_EXTRA <= 64, "struct rd's keys: a bit per field key");

struct rd {
	const char *p, *end;
	struct arena *arena; /* the inventory's: where kept strings go */
	uint64_t keys[2];    /* the component's named keys so far, decoded and raw */
};

/* A string kept: copied out of the document, terminated. */
static inline char *keep(struct rd *r, const char *s, size_t n)
{
	char *d = arena_alloc_uninit(r->arena, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Short names compared in line: a call to memcmp costs more than they. */
static inline bool same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* JSON whitespace; cJSON skips any byte up to 0x20, so it reads whatever
 * this does. */
static void ws(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

/* Compact JSON has no whitespace between tokens: look before looping. */
static inline bool eat(struct rd *r, char ch)
{
	if (r->p < r->end && *r->p == ch) {
		r->p++;
		return true;
	}
	ws(r);
	if (r->p < r->end && *r->p == ch) {
		r->p++;
		return true;
	}
	return false;
}

static inline bool peek(struct rd *r, char ch)
{
	ws(r);
	return r->p < r->end && *r->p == ch;
}

/* Bytes of w that are zero (the lowest one exactly; those above it may be
 * flagged too, which only sends the scan byte by byte). */
#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
static inline uint64_t zero_bytes(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

enum { S_ESCAPE = 1, S_CONTROL = 2, S_HIGH = 4 };

/*
 * A string: *s and *n get its bytes between the quotes; *what says whether
 * it holds an escape (then the bytes are the escaped text), a control
 * character or DEL, or bytes above ASCII.  Only the escapes cJSON decodes
 * one for one are taken; \u gives up (cJSON checks its surrogates).  Eight
 * bytes at a time while none is a quote or a backslash.
 */
static bool str(struct rd *r, const char **s, size_t *n, unsigned *what)
{
	ws(r);
	if (r->p >= r->end || *r->p != '"')
		return false;
	const char *p = ++r->p, *e = r->end;
	uint64_t ctl = 0, high = 0;
	*what = 0;
#ifdef __SSE2__
	/* Most strings are short and plain ASCII: the first byte that is
	 * anything but a plain character ends them, and that is all to see. */
	while (p + 16 <= e) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned odd = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
			_mm_or_si128(_mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xe0)),
						    _mm_setzero_si128()),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)))));
		odd |= (unsigned)_mm_movemask_epi8(v);
		if (!odd) {
			p += 16;
			continue;
		}
		p += __builtin_ctz(odd);
		if (*p == '"') {
			*s = r->p;
			*n = (size_t)(p - r->p);
			r->p = p + 1;
			return true;
		}
		break; /* the general loop looks again from here */
	}
#endif
	for (;;) {
#ifdef __SSE2__
		/* sixteen at a time where SSE2 is (every x86-64) */
		unsigned mctl = 0, mhigh = 0;
		while (p + 16 <= e) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
			unsigned stop = (unsigned)_mm_movemask_epi8(
				_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
					     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
			unsigned c = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xe0)),
					       _mm_setzero_si128()),
				_mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))));
			unsigned h = (unsigned)_mm_movemask_epi8(v);
			unsigned k = stop ? (unsigned)__builtin_ctz(stop) : 16;
			unsigned below = k == 16 ? 0xffffu : (1u << k) - 1;
			mctl |= c & below;
			mhigh |= h & below;
			p += k;
			if (k < 16)
				break;
		}
		ctl |= mctl;
		high |= mhigh;
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		while (p + 8 <= e && *p != '"' && *p != '\\') {
			uint64_t w;
			memcpy(&w, p, 8);
			uint64_t stop =
				zero_bytes(w ^ ('"' * ONES)) | zero_bytes(w ^ ('\\' * ONES));
			unsigned k = 8;
			if (stop) {
				/* the lowest flagged byte is exact: look below it only
				 * (the bytes above become 'A') */
				k = (unsigned)__builtin_ctzll(stop) >> 3;
				uint64_t below = k ? ~0ull >> (64 - 8 * k) : 0;
				w = (w & below) | (0x41 * ONES & ~below);
			}
			ctl |= zero_bytes(w & ~(0x1f * ONES)) | zero_bytes(w ^ (0x7f * ONES));
			high |= w & HIGHS;
			p += k;
			if (k < 8)
				break;
		}
#endif
		for (; p < e && *p != '"' && *p != '\\'; p++) {
			unsigned char c = (unsigned char)*p;
			if (c < 0x20 || c == 0x7f)
				*what |= S_CONTROL;
			else if (c >= 0x80)
				*what |= S_HIGH;
		}
		if (p >= e)
			return false;
		if (*p == '"')
			break;
		/* a backslash: one escape */
		*what |= S_ESCAPE;
		if (p + 1 >= e || !p[1] || !strchr("\"\\/bfnrt", p[1]))
			return false;
		p += 2;
	}
	if (ctl)
		*what |= S_CONTROL;
	if (high)
		*what |= S_HIGH;
	*s = r->p;
	*n = (size_t)(p - r->p);
	r->p = p + 1;
	return true;
}

/*
 * A string passed over: only where it ends matters, and that its escapes are
 * ones str takes (what it holds is not kept, so neither control characters
 * nor bytes above ASCII are looked for; cJSON accepts both).  A third of a
 * collect file is attributions, passed over string by string.
 */
static inline bool str_skip(struct rd *r)
{
	ws(r);
	if (r->p >= r->end || *r->p != '"')
		return false;
	const char *p = r->p + 1, *e = r->end;
	for (;;) {
#ifdef __SSE2__
		while (p + 16 <= e) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
			unsigned stop = (unsigned)_mm_movemask_epi8(
				_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
					     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
			if (stop) {
				p += __builtin_ctz(stop);
				break;
			}
			p += 16;
		}
#endif
		while (p < e && *p != '"' && *p != '\\')
			p++;
		if (p >= e)
			return false;
		if (*p == '"')
			break;
		if (p + 1 >= e || !p[1] || !strchr("\"\\/bfnrt", p[1]))
			return false;
		p += 2;
	}
	r->p = p + 1;
	return true;
}

/* A string that could be kept as it is: no escape, clean. */
static bool clean(struct rd *r, const char **s, size_t *n)
{
	unsigned what;
	return str(r, s, n, &what) && !(what & (S_ESCAPE | S_CONTROL)) &&
	       (!(what & S_HIGH) || utf8_clean(*s, *n));
}

/* A string kept as it is (a copy). */
static bool kept(struct rd *r, char **s, size_t *n)
{
	const char *t;
	if (!clean(r, &t, n))
		return false;
	*s = keep(r, t, *n);
	return true;
}

/* A member name followed by its colon; not copied (most are only compared:
 * the caller keeps one it needs). */
static bool key(struct rd *r, const char **k, size_t *n)
{
	return clean(r, k, n) && eat(r, ':');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number as JSON writes it (cJSON reads 63 characters of one at most). */
static bool number(struct rd *r)
{
	const char *p = r->p, *e = r->end;
	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++;
	else if (p < e && is_digit(*p))
		while (p < e && is_digit(*p))
			p++;
	else
		return false;
	if (p < e && *p == '.') {
		if (++p >= e || !is_digit(*p))
			return false;
		while (p < e && is_digit(*p))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || !is_digit(*p))
			return false;
		while (p < e && is_digit(*p))
			p++;
	}
	if (p - r->p > 63)
		return false;
	r->p = p;
	return true;
}

static bool literal(struct rd *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
		return false;
	r->p += n;
	return true;
}

/* A scalar: string, number or literal. */
static bool scalar(struct rd *r)
{
	switch (*r->p) {
	case '"':
		return str_skip(r);
	case 't':
		return literal(r, "true");
	case 'f':
		return literal(r, "false");
	case 'n':
		return literal(r, "null");
	default:
		return number(r);
	}
}

/* A member's name and colon, in a value passed over. */
static bool skip_name(struct rd *r)
{
	return str_skip(r) && eat(r, ':');
}

/*
 * Any value, checked and passed over: a loop with a stack of the open
 * objects and arrays rather than a call per value (a third of a collect
 * file is attributions, which are passed over).
 */
static bool skip(struct rd *r)
{
	char open[MAX_DEPTH];
	int depth = 0;
	for (;;) {
		ws(r);
		if (r->p >= r->end)
			return false;
		char c = *r->p;
		if (c == '{' || c == '[') {
			if (depth == MAX_DEPTH)
				return false;
			r->p++;
			if (eat(r, c == '{' ? '}' : ']'))
				goto after;
			open[depth++] = c;
			if (c == '{' && !skip_name(r))
				return false;
			continue;
		}
		if (!scalar(r))
			return false;
	after:
		/* after a value: the next one, or the end of containers */
		for (;;) {
			if (!depth)
				return true;
			ws(r);
			if (r->p >= r->end)
				return false;
			char o = open[depth - 1];
			if (*r->p == ',') {
				r->p++;
				if (o == '{' && !skip_name(r))
					return false;
				break;
			}
			if (*r->p != (o == '{' ? '}' : ']'))
				return false;
			r->p++;
			depth--;
		}
	}
}

static bool is(const char *k, size_t n, const char *name)
{
	return strlen(name) == n && !memcmp(k, name, n);
}

/* A string member's value, or (not a string) nothing: *v stays NULL. */
static bool opt_string(struct rd *r, char **v)
{
	size_t n;
	if (peek(r, '"'))
		return kept(r, v, &n);
	*v = NULL;
	/* null, or another type: given up, for inventory_from_json to say
	 * "expected a string" where it reads one */
	return peek(r, 'n') && skip(r);
}

/* A member name as chipscreen writes it: quotes and colon, no space. */
struct lit {
	const char *s;
	size_t n;
};
#define LIT(name)                                                                                  \
	{                                                                                          \
		"\"" name "\":", sizeof name + 2                                                   \
	}

/*
 * Which of the names the next member is: its index, nnames for another
 * (then passed over by the caller), -1 on a syntax error.  The names are
 * first tried byte for byte where the member starts: the members chipscreen
 * writes are known, and most strings in a component are their names, so
 * most never go through str.  Anything else (a space before the colon, an
 * escape) is read as any name and compared: the same answer, slower.
 */
static int member(struct rd *r, const struct lit *names, int nnames)
{
	if (r->p < r->end && *r->p == '"')
		for (int i = 0; i < nnames; i++)
			if ((size_t)(r->end - r->p) >= names[i].n && r->p[1] == names[i].s[1] &&
			    same(r->p, names[i].s, names[i].n)) {
				r->p += names[i].n;
				return i;
			}
	const char *k;
	size_t n;
	if (!key(r, &k, &n))
		return -1;
	for (int i = 0; i < nnames; i++)
		if (names[i].n - 3 == n && same(names[i].s + 1, k, n))
			return i;
	return nnames;
}

/* ---- the host and the notes ---- */

static bool read_host(struct rd *r, struct inventory *inv)
{
	static const char *const names[] = {
		"hostname",       "vendor",       "product",   "serial", "uuid",
		"smbios_version", "collected_at", "collector", "root",   "root_privileges"};
	struct host *h = &inv->host;
	const char **slot[] = {&h->hostname,     &h->vendor,    &h->product,
			       &h->serial,       &h->uuid,      &h->smbios_version,
			       &h->collected_at, &h->collector, &h->root};
	unsigned seen = 0;
	if (!eat(r, '{'))
		return false;
	if (eat(r, '}'))
		return true;
	do {
		const char *k;
		char *v;
		size_t n, i = 0;
		if (!key(r, &k, &n))
			return false;
		while (i < sizeof names / sizeof names[0] && !is(k, n, names[i]))
			i++;
		if (i == sizeof names / sizeof names[0]) {
			if (!skip(r))
				return false;
			continue;
		}
		if (seen & 1u << i)
			return false; /* the first counts: leave duplicates to cJSON */
		seen |= 1u << i;
		if (i == 9) {
			ws(r);
			h->is_root = peek(r, 't');
			if (!skip(r))
				return false;
		} else {
			if (!opt_string(r, &v))
				return false;
			*slot[i] = v;
		}
	} while (eat(r, ','));
	return eat(r, '}');
}

static bool read_notes(struct rd *r, struct inventory *inv, bool warnings)
{
	if (!eat(r, '['))
		return false;
	if (eat(r, ']'))
		return true;
	do {
		char *v[3] = {NULL, NULL, NULL};
		unsigned seen = 0;
		if (!eat(r, '{'))
			return false;
		if (!eat(r, '}')) {
			do {
				const char *k;
				size_t n;
				int i = -1;
				if (!key(r, &k, &n))
					return false;
				if (is(k, n, "path"))
					i = 0;
				else if (is(k, n, "what"))
					i = 1;
				else if (is(k, n, warnings ? "message" : "reason"))
					i = 2;
				if (i < 0) {
					if (!skip(r))
						return false;
					continue;
				}
				if (seen & 1u << i)
					return false;
				seen |= 1u << i;
				if (!opt_string(r, &v[i]))
					return false;
			} while (eat(r, ','));
			if (!eat(r, '}'))
				return false;
		}
		if (v[2] && warnings)
			inventory_warn(inv, v[0], v[1], "%s", v[2]);
		else if (v[2])
			inventory_unread(inv, v[0], v[1], v[2]);
	} while (eat(r, ','));
	return eat(r, ']');
}

/* ---- components ---- */

/* Field key names -> keys (util/strmap), made once: field_key_from_name
 * compares the names one by one, and an import looks up millions. */
static struct strmap keytab;
static pthread_once_t keytab_once = PTHREAD_ONCE_INIT;

static void keytab_init(void)
{
	for (int k = 0; k < FK_EXTRA; k++)
		strmap_puts(&keytab, field_key_name((enum fkey)k), (uint32_t)k, NULL);
}

/* keytab is made by fleet_read_inventory, before any read. */
static int key_of(const char *s, size_t n)
{
	uint32_t k;
	return strmap_get(&keytab, s, n, &k) ? (int)k : FK_EXTRA;
}

/* component_set_bytes / component_set_extra_bytes (inventory.c, set_field)
 * without their checks: the same trimming; a field set twice is given up;
 * the text is one clean() passed (else the general reader escapes
 * it), and only the trimmed value is copied. */
static bool put_field(struct rd *r, struct inventory *inv, struct component *c, enum fkey k,
		      const char *name, unsigned flags, const char *text, size_t n,
		      const char *source)
{
	text += field_trim(text, &n, flags);
	if (n == 0)
		return true;
	/* clean already (clean checked it): trimming takes whole ASCII
	 * characters off its ends only */
	char *value = keep(r, text, n);
	struct field *f = NULL;
	/* a key set twice: given up, for inventory_from_json to refuse a
	 * repeated member (or, for two names of one key, replace it); the
	 * bits say whether to look (the fields of a component were searched
	 * for each one added) */
	bool maybe = true;
	if (k != FK_EXTRA) {
		uint64_t bit = UINT64_C(1) << k, *keys = &r->keys[(flags & FIELD_RAW) != 0];
		maybe = (*keys & bit) != 0;
		*keys |= bit;
	}
	for (size_t i = 0; maybe && i < c->nfields && !f; i++) {
		struct field *g = &c->fields[i];
		if (g->key == k && (g->flags & FIELD_RAW) == (flags & FIELD_RAW) &&
		    (k != FK_EXTRA || !strcmp(g->name, name)))
			f = g;
	}
	if (f)
		return false;
	f = ARENA_PUSH(inv->arena, c->fields, c->nfields, c->capfields);
	f->key = k;
	f->flags = flags;
	f->name = k == FK_EXTRA ? name : NULL;
	f->value = value;
	f->source = source;
	return true;
}

/* One field: "key": "value", or "key": {"value": ..., "source": ...,
 * "untrusted": true}, the first of a repeated member counting. */
static bool read_field(struct rd *r, struct inventory *inv, struct component *c, unsigned flags,
		       const char *name, size_t namelen)
{
	const char *value = NULL;
	char *source = NULL;
	size_t vn = 0, sn;
	if (peek(r, '"')) {
		if (!clean(r, &value, &vn))
			return false;
	} else {
		bool have_value = false, have_source = false, have_untrusted = false;
		if (!eat(r, '{'))
			return false;
		if (!eat(r, '}')) {
			static const struct lit names[] = {LIT("value"), LIT("source"),
							   LIT("untrusted")};
			do {
				int m = member(r, names, 3);
				if (m < 0)
					return false;
				if (!have_value && m == 0) {
					have_value = true;
					if (!clean(r, &value, &vn))
						return false; /* not a string: an error */
				} else if (!have_source && m == 1) {
					have_source = true;
					if (peek(r, '"')) {
						if (!kept(r, &source, &sn))
							return false;
					} else if (!skip(r)) {
						return false;
					}
				} else if (!have_untrusted && m == 2) {
					have_untrusted = true;
					if (peek(r, 't'))
						flags |= FIELD_UNTRUSTED;
					if (!skip(r))
						return false;
				} else if (!skip(r)) {
					return false;
				}
			} while (eat(r, ','));
			if (!eat(r, '}'))
				return false;
		}
		if (!value)
			return false;
	}
	int k = key_of(name, namelen);
	const char *kept_name = k == FK_EXTRA ? keep(r, name, namelen) : NULL;
	return put_field(r, inv, c, (enum fkey)k, kept_name, flags, value, vn, source);
}

static bool read_fields(struct rd *r, struct inventory *inv, struct component *c, unsigned flags)
{
	if (!eat(r, '{'))
		return false;
	if (eat(r, '}'))
		return true;
	do {
		const char *name;
		size_t n;
		if (!key(r, &name, &n) || !read_field(r, inv, c, flags, name, n))
			return false;
	} while (eat(r, ','));
	return eat(r, '}');
}

enum { M_ID = 1, M_KIND = 2, M_SOURCE = 4, M_RAW = 8, M_DECODED = 16, M_ATTR = 32 };

static bool read_component(struct rd *r, struct inventory *inv, int index)
{
	struct component *c = ARENA_PUSH(inv->arena, inv->comps, inv->ncomps, inv->capcomps);
	unsigned seen = 0;
	char *id = NULL, *kind = NULL, *source = NULL;
	size_t n;
	memset(c, 0, sizeof *c);
	r->keys[0] = r->keys[1] = 0;
	if (!eat(r, '{'))
		return false;
	if (!eat(r, '}')) {
		static const struct lit names[] = {LIT("id"),  LIT("kind"),    LIT("source"),
						   LIT("raw"), LIT("decoded"), LIT("attribution")};
		do {
			/* a member collect does not write (i == 6): given up, for
			 * inventory_from_json to read, or refuse when repeated */
			int i = member(r, names, 6);
			if (i < 0 || i >= 6)
				return false;
			unsigned m = 1u << i;
			/* once each, attribution too (inventory_from_json refuses a
			 * repeated member); raw before decoded, as they are read */
			if ((seen & m) || (m == M_RAW && (seen & M_DECODED)))
				return false;
			seen |= m;
			if (m == M_ATTR) { /* passed over: identify makes it again */
				if (!skip(r))
					return false;
				continue;
			}
			bool ok = m == M_ID     ? kept(r, &id, &n)
				  : m == M_KIND ? kept(r, &kind, &n)
				  : m == M_SOURCE
					  ? kept(r, &source, &n)
					  : read_fields(r, inv, c, m == M_RAW ? FIELD_RAW : 0);
			if (!ok)
				return false;
		} while (eat(r, ','));
		if (!eat(r, '}'))
			return false;
	}
	int k = kind ? kind_from_name(kind) : -1;
	if (k < 0)
		return false;
	c->kind = (enum kind)k;
	c->id = id ? id : arena_printf(inv->arena, "%s/%d", kind, index);
	c->source = source;
	return true;
}

static bool read_components(struct rd *r, struct inventory *inv)
{
	if (!eat(r, '['))
		return false;
	if (eat(r, ']'))
		return true;
	int i = 0;
	do {
		if (!read_component(r, inv, i++))
			return false;
	} while (eat(r, ','));
	return eat(r, ']');
}

enum { T_SCHEMA = 1, T_HOST = 2, T_UNREAD = 4, T_WARN = 8, T_COMPS = 16 };

/* The document. */
static int read_document(struct rd *rd, struct inventory *inv)
{
	struct rd r = *rd;
	unsigned seen = 0;
	if (!eat(&r, '{') || peek(&r, '}'))
		return 0;
	do {
		const char *k, *v;
		size_t n;
		unsigned t = 0;
		if (!key(&r, &k, &n))
			return 0;
		if (is(k, n, "schema"))
			t = T_SCHEMA;
		else if (is(k, n, "host"))
			t = T_HOST;
		else if (is(k, n, "unreadable"))
			t = T_UNREAD;
		else if (is(k, n, "warnings"))
			t = T_WARN;
		else if (is(k, n, "components"))
			t = T_COMPS;
		if (!t) {
			if (!skip(&r))
				return 0;
			continue;
		}
		if (seen & t)
			return 0;
		seen |= t;
		bool ok = t == T_SCHEMA   ? clean(&r, &v, &n) && is(v, n, INVENTORY_SCHEMA)
			  : t == T_HOST   ? read_host(&r, inv)
			  : t == T_UNREAD ? read_notes(&r, inv, false)
			  : t == T_WARN   ? read_notes(&r, inv, true)
					  : read_components(&r, inv);
		if (!ok)
			return 0;
	} while (eat(&r, ','));
	if (!eat(&r, '}'))
		return 0;
	ws(&r);
	return r.p == r.end && (seen & T_SCHEMA) && (seen & T_COMPS) ? 1 : 0;
}

int fleet_read_inventory(const char *buf, size_t len, struct inventory *inv)
{
	pthread_once(&keytab_once, keytab_init);
	struct rd r = {buf, buf + len, inv->arena, {0, 0}};
	return read_document(&r, inv);
}
