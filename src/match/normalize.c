#include "match/normalize.h"
#include "util/strmap.h"
#include "match/translit.h"
#include "util/datadir.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define LEGAL_MAX_WORDS 6

struct cjk_legal {
	char *form; /* normalised, no spaces */
	size_t len;
	char *class;
};

struct norm_tables {
	struct strmap legal; /* raw tokens joined by ' ' -> index into classes */
	struct strmap legal_first; /* the first word of some legal form -> 0 */
	char **classes;
	size_t nclasses;
	int legal_max_words;
	struct cjk_legal *cjk; /* sorted longest first */
	size_t ncjk;
	struct strmap titles; /* title -> 0 (data/name-titles.tsv) */
	struct strmap suffixes; /* generational suffix -> 0 (data/name-suffixes.tsv) */
	struct strmap places; /* place word -> 0 (data/place-words.tsv) */
	struct strmap abbr; /* abbreviation -> index into expansions */
	char **expansions;
	size_t nexpansions;
	struct derivation *deriv; /* data/name-derivations.tsv, longest suffix first */
	size_t nderiv;
};

struct derivation {
	char *suffix, *repl;
	size_t len, min_stem;
};

static struct norm_tables *loaded;

/* ---------------------------------------------------------------------- */
/* Characters                                                              */

static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static void add_cp(struct strbuf *out, int32_t cp)
{
	uint8_t b[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, b);
	strbuf_add(out, b, (size_t)n);
}

bool utf8_or_cp1252(struct strbuf *out, const char *s, size_t n)
{
	bool recoded = false;
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		utf8proc_ssize_t k =
			utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k > 0 && cp != 0) {
			strbuf_add(out, s + i, (size_t)k);
			i += (size_t)k;
			continue;
		}
		unsigned char c = (unsigned char)s[i++];
		if (c == 0)
			continue;
		add_cp(out, c >= 0x80 && c < 0xA0 ? cp1252[c - 0x80] : c);
		recoded = true;
	}
	return recoded;
}

static bool is_cjk(int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x3040 && c <= 0x30FF) || c == 0x3005;
}

static bool is_apostrophe(int32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x2018 || c == '`' || c == 0xB4 || c == 0x2BC ||
	       c == 0x91 || c == 0x92;
}

static bool is_wordchar(int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_MN:
		return true;
	default:
		return false;
	}
}

/* Letters that NFKD does not decompose but every screener folds. */
static const char *extra_fold(int32_t c)
{
	switch (c) {
	case 0xF8:
		return "o";
	case 0x111:
		return "d";
	case 0x142:
		return "l";
	case 0xE6:
		return "ae";
	case 0x153:
		return "oe";
	case 0xFE:
		return "th";
	case 0xF0:
		return "d";
	case 0x131:
		return "i";
	case 0x127:
		return "h";
	default:
		return NULL;
	}
}

/* What utf8proc_map() below makes of ASCII, without it (most list names are
 * ASCII, and mapping them was a fifth of the index build): lower case; tab,
 * line feed, vertical tab, carriage return and form feed become spaces (NLF;
 * CR LF is one space there, two here: tokens split alike), other control
 * characters go.  false when s is not all ASCII. */
static bool ascii_fold(const char *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	strbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			strbuf_addch(out, (char)(c - 'A' + 'a'));
		else if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			strbuf_addch(out, ' ');
		else if ((unsigned char)c >= 0x20 && c != 0x7f)
			strbuf_addch(out, c);
	}
	return true;
}

/* NFKC + case fold + marks stripped + control characters dropped. */
static void fold(const char *s, size_t n, struct strbuf *out)
{
	struct strbuf clean = STRBUF_INIT;
	utf8_or_cp1252(&clean, s, n);
	if (translit_needed(clean.buf, clean.len)) {
		struct strbuf t = STRBUF_INIT;
		translit_latin(clean.buf, clean.len, &t);
		strbuf_release(&clean);
		clean = t;
	}
	if (ascii_fold(clean.buf, clean.len, out)) {
		strbuf_release(&clean);
		return;
	}
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t r = utf8proc_map(
		(const utf8proc_uint8_t *)clean.buf, (utf8proc_ssize_t)clean.len, &mapped,
		UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
			UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_STRIPCC | UTF8PROC_LUMP);
	strbuf_reset(out);
	if (r < 0) {
		strbuf_add(out, clean.buf, clean.len); /* cannot happen on valid UTF-8 */
	} else {
		for (utf8proc_ssize_t i = 0; i < r;) {
			int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(mapped + i, r - i, &cp);
			if (k <= 0)
				break;
			const char *x = extra_fold(cp);
			if (x)
				strbuf_addstr(out, x);
			else
				strbuf_add(out, mapped + i, (size_t)k);
			i += k;
		}
	}
	free(mapped);
	strbuf_release(&clean);
}

/* ---------------------------------------------------------------------- */
/* Raw tokens                                                              */

enum raw_kind { RAW_LATIN, RAW_CJK, RAW_AMP };

struct raw {
	enum raw_kind kind;
	size_t off, len; /* in the folded string */
	uint32_t cps;
	bool after_dot; /* started right after "x." with no space */
	bool after_comma; /* the first token after a ',' */
	bool dotted;    /* directly followed by '.' */
};

#define RAW_MAX 128

static int raw_tokens(const char *s, size_t n, struct raw *raw)
{
	int nr = 0;
	size_t i = 0;
	int cur = -1;           /* index of the open token */
	bool dot_after = false; /* the previous character was a '.' ending a token */
	bool comma = false;     /* a ',' since the last token */
	while (i < n && nr < RAW_MAX) {
		int32_t c;
		utf8proc_ssize_t k =
			utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0) {
			i++;
			continue;
		}
		enum raw_kind kind = is_cjk(c) ? RAW_CJK : RAW_LATIN;
		bool was_dot_after = dot_after;
		dot_after = false;
		if (c == '&') {
			raw[nr++] = (struct raw){RAW_AMP, i, (size_t)k, 1, false, false, false};
			cur = -1;
		} else if (is_wordchar(c) || kind == RAW_CJK) {
			if (cur < 0 || raw[cur].kind != kind || raw[cur].off + raw[cur].len != i) {
				raw[nr] = (struct raw){kind, i, 0, 0, was_dot_after, comma, false};
				cur = nr++;
				comma = false;
			}
			raw[cur].len += (size_t)k;
			raw[cur].cps++;
		} else {
			if (c == ',')
				comma = true;
			if (c == '.' && cur >= 0 && raw[cur].off + raw[cur].len == i) {
				raw[cur].dotted = true;
				dot_after = true;
			}
			cur = -1;
		}
		i += (size_t)k;
	}
	return nr;
}

/* ---------------------------------------------------------------------- */
/* Building the token list                                                 */

/* Code points in valid UTF-8: the bytes that do not continue a sequence. */
static uint32_t count_cps(const char *s, size_t n)
{
	uint32_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

static void push(struct nname *nn, char kind, const char *text, size_t len)
{
	if (nn->n == NAME_MAX_TOKENS) {
		nn->truncated = true;
		return;
	}
	struct ntok *t = &nn->t[nn->n++];
	t->kind = kind;
	t->folded = false;
	t->off = (uint32_t)nn->buf.len;
	t->len = (uint32_t)len;
	t->cps = count_cps(text, len);
	strbuf_add(&nn->buf, text, len);
	strbuf_addch(&nn->buf, '\0');
}

static bool ascii_suffix(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && !memcmp(w + n - k, suf, k);
}

size_t norm_fold_plural(const char *w, size_t n, char *out)
{
	memcpy(out, w, n);
	if (ascii_suffix(w, n, "ies")) {
		out[n - 3] = 'y';
		return n - 2;
	}
	if (ascii_suffix(w, n, "s") && !ascii_suffix(w, n, "ss") && !ascii_suffix(w, n, "us") &&
	    !ascii_suffix(w, n, "is"))
		return n - 1;
	return n;
}

/* Fold an English derivational suffix of the ASCII word w[n] in place
 * (data/name-derivations.tsv: "optical" -> "optic", "industrial" ->
 * "industry"), the first rule that applies; the new length. */
static size_t derive(const struct norm_tables *tab, char *w, size_t n, size_t cap)
{
	for (size_t i = 0; tab && i < tab->nderiv; i++) {
		const struct derivation *d = &tab->deriv[i];
		size_t r = strlen(d->repl);
		if (n >= d->len + d->min_stem && ascii_suffix(w, n, d->suffix) &&
		    n - d->len + r < cap) {
			memcpy(w + n - d->len, d->repl, r);
			return n - d->len + r;
		}
	}
	return n;
}

/* The vowels transliterations write two ways: long ones doubled or single
 * ("AMEEN" and "AMIN", "RAHEEM" and "RAHIM", "NOOR" and "NUR"), ee as i and
 * oo as u, aa as a and uu as u ("DAAWA" and "DAWA", "LEWAA" and "LIWA");
 * the diphthong ay before a consonant or at the end as ai ("ZAYD" and "ZAID",
 * "HUSAYN" and "HUSAIN"; not ei, another syllable in pinyin, nor ey: "AWEYS"
 * would become one edit from "Wei"); a y that is a vowel, after a consonant
 * and before another, as i (Ukrainian and Belarusian и and ы: "PUSHYLIN" and
 * "PUSHILIN", "HRYB" and "HRIB"), and at the end of a short word ("ALY" and
 * "ALI", "FAWZY" and "FAWZI"; a longer one is mostly English, "INDUSTRY",
 * which would then read as the start of "INDUSTRIAL", a pair left out on
 * purpose: data/name-derivations.tsv).  In place in an ASCII
 * word of n bytes; the new length.  Both sides of every comparison, the
 * lists' words and their keys included, go through it. */
#define Y_FINAL_MAX 6 /* "FAWZY", "SHAWKY"; not "INDUSTRY", "TECHNOLOGY" */

static size_t fold_vowels(char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)w[i] >= 0x80)
			return n;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && w[i] == 'a' && w[i + 1] == 'y' &&
		    (i + 2 == n || !strchr("aeiouy", w[i + 2]))) {
			w[k++] = 'a';
			w[k++] = 'i';
			i++;
			continue;
		}
		if (i + 1 < n && w[i] == w[i + 1] && (w[i] == 'e' || w[i] == 'o')) {
			w[k++] = w[i] == 'e' ? 'i' : 'u';
			i++;
			continue;
		}
		if (i + 1 < n && w[i] == w[i + 1] && (w[i] == 'a' || w[i] == 'u')) {
			w[k++] = w[i]; /* a long a or u doubled: "DAAWA", "SHABAAB" */
			i++;
			continue;
		}
		if (w[i] == 'y' && i > 0 && n >= 3 && !strchr("aeiouy", w[i - 1]) &&
		    (i + 1 < n ? !strchr("aeiouy", w[i + 1]) : n <= Y_FINAL_MAX)) {
			w[k++] = 'i'; /* a vowel y: "PUSHYLIN", "HRYB", "ALY" */
			continue;
		}
		w[k++] = w[i];
	}
	return k;
}

static void push_word(const struct norm_tables *tab, struct nname *nn, const char *w, size_t n,
		      uint32_t cps)
{
	uint32_t ix;
	if (tab && strmap_get(&tab->abbr, w, n, &ix)) {
		w = tab->expansions[ix];
		n = strlen(w);
		cps = (uint32_t)n;
	}
	bool digit = false;
	for (size_t i = 0; i < n; i++)
		if (w[i] >= '0' && w[i] <= '9')
			digit = true;
	if (!digit) {
		/* other scripts' digits: anything of category N */
		for (size_t i = 0; i < n;) {
			int32_t c;
			utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)w + i,
							      (utf8proc_ssize_t)(n - i), &c);
			if (k <= 0)
				break;
			utf8proc_category_t cat = utf8proc_category(c);
			if (cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_NL ||
			    cat == UTF8PROC_CATEGORY_NO)
				digit = true;
			i += (size_t)k;
		}
	}
	if (digit) {
		push(nn, TK_NUM, w, n);
		return;
	}
	if (cps == 1) {
		push(nn, TK_INITIAL, w, n);
		return;
	}
	char stem[256];
	if (cps >= 5 && n < sizeof stem && (unsigned char)w[n - 1] < 0x80) {
		size_t k = norm_fold_plural(w, n, stem);
		bool folded = k < n;
		k = derive(tab, stem, k, sizeof stem);
		k = fold_vowels(stem, k);
		int at = nn->n;
		push(nn, TK_WORD, stem, k);
		if (nn->n > at)
			nn->t[at].folded = folded;
		return;
	}
	if (n < sizeof stem) {
		memcpy(stem, w, n);
		push(nn, TK_WORD, stem, fold_vowels(stem, n));
		return;
	}
	push(nn, TK_WORD, w, n);
}

/* Strip legal forms from the ends of a CJK run, then emit bigrams. */
static void push_cjk(const struct norm_tables *tab, struct nname *nn, const char *s, size_t n)
{
	const char *legal_pre = NULL, *legal_suf[4];
	int nsuf = 0;
	bool again = true;
	while (again && tab) {
		again = false;
		for (size_t i = 0; i < tab->ncjk; i++) {
			const struct cjk_legal *l = &tab->cjk[i];
			if (n > l->len && !memcmp(s + n - l->len, l->form, l->len) && nsuf < 4) {
				legal_suf[nsuf++] = l->class;
				n -= l->len;
				again = true;
				break;
			}
			if (!legal_pre && n > l->len && !memcmp(s, l->form, l->len) &&
			    !strcmp(l->class, "kk")) {
				legal_pre = l->class;
				s += l->len;
				n -= l->len;
				again = true;
				break;
			}
		}
	}
	if (legal_pre)
		push(nn, TK_LEGAL, legal_pre, strlen(legal_pre));
	/* code point boundaries */
	size_t bounds[NAME_MAX_TOKENS * 4 + 1];
	size_t nb = 0;
	for (size_t i = 0; i < n && nb < sizeof bounds / sizeof *bounds - 1;) {
		int32_t c;
		utf8proc_ssize_t k =
			utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0)
			break;
		bounds[nb++] = i;
		i += (size_t)k;
	}
	bounds[nb] = n;
	if (nb == 1)
		push(nn, TK_CJK, s, n);
	for (size_t i = 0; i + 1 < nb; i++)
		push(nn, TK_CJK, s + bounds[i], bounds[i + 2 > nb ? nb : i + 2] - bounds[i]);
	for (int i = nsuf - 1; i >= 0; i--)
		push(nn, TK_LEGAL, legal_suf[i], strlen(legal_suf[i]));
}

void nname_init(struct nname *nn)
{
	nn->n = 0;
	nn->truncated = false;
	nn->only_legal = false;
	strbuf_init(&nn->buf, 256);
}

void nname_release(struct nname *nn)
{
	strbuf_release(&nn->buf);
}

/* Remove apostrophes (they join) so that spans stay contiguous. */
static void drop_apostrophes(struct strbuf *sb)
{
	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; i < sb->len;) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)sb->buf + i,
						      (utf8proc_ssize_t)(sb->len - i), &c);
		if (k <= 0) {
			i++;
			continue;
		}
		if (!is_apostrophe(c))
			strbuf_add(&out, sb->buf + i, (size_t)k);
		i += (size_t)k;
	}
	strbuf_reset(sb);
	strbuf_add(sb, out.buf, out.len);
	strbuf_release(&out);
}

/* Merge "s" "." "a" "." into "sa"; result tokens in lat (spans into joined). */
struct lat {
	enum raw_kind kind;
	char text[128];
	size_t len;
	uint32_t cps;
	bool opens;        /* opens the name or follows a ',' */
	bool initials;     /* dotted letters run together ("I.V.") */
	const char *legal; /* class when part of a legal form */
	int legal_words;   /* words the legal form spans (on its first word) */
};

static int merge_initials(const char *s, const struct raw *raw, int nr, struct lat *lat)
{
	int nl = 0;
	for (int i = 0; i < nr; i++) {
		struct lat *l = &lat[nl];
		memset(l, 0, sizeof *l);
		l->kind = raw[i].kind;
		size_t len = raw[i].len < sizeof l->text - 1 ? raw[i].len : sizeof l->text - 1;
		memcpy(l->text, s + raw[i].off, len);
		l->len = len;
		l->cps = raw[i].cps;
		l->opens = i == 0 || raw[i].after_comma;
		if (raw[i].kind == RAW_AMP) {
			strcpy(l->text, "and");
			l->len = 3;
			l->cps = 3;
			l->kind = RAW_LATIN;
		}
		while (raw[i].kind == RAW_LATIN && raw[i].cps == 1 && raw[i].dotted && i + 1 < nr &&
		       raw[i + 1].kind == RAW_LATIN && raw[i + 1].cps <= 2 &&
		       raw[i + 1].after_dot && l->len + raw[i + 1].len < sizeof l->text - 1) {
			memcpy(l->text + l->len, s + raw[i + 1].off, raw[i + 1].len);
			l->len += raw[i + 1].len;
			l->initials = true;
			l->cps += raw[i + 1].cps;
			i++;
			if (raw[i].cps != 1)
				break;
		}
		l->text[l->len] = '\0';
		nl++;
	}
	return nl;
}

static void mark_legal(const struct norm_tables *tab, struct lat *lat, int nl, struct strbuf *sb)
{
	for (int i = 0; i < nl; i++) {
		uint32_t v;
		if (lat[i].kind != RAW_LATIN ||
		    !strmap_get(&tab->legal_first, lat[i].text, lat[i].len, &v))
			continue; /* opens no legal form: one lookup, not one per length */
		for (int w = tab->legal_max_words; w >= 1; w--) {
			if (i + w > nl)
				continue;
			strbuf_reset(sb);
			bool ok = true;
			for (int j = i; j < i + w; j++) {
				if (lat[j].kind != RAW_LATIN)
					ok = false;
				if (j > i)
					strbuf_addch(sb, ' ');
				strbuf_add(sb, lat[j].text, lat[j].len);
			}
			uint32_t ix;
			if (ok && strmap_get(&tab->legal, sb->buf, sb->len, &ix)) {
				lat[i].legal = tab->classes[ix];
				lat[i].legal_words = w;
				for (int j = i + 1; j < i + w; j++)
					lat[j].legal = tab->classes[ix], lat[j].legal_words = 0;
				i += w - 1;
				break;
			}
		}
	}
}

/* The words marked in drop[] taken out of lat, when any is and two other
 * words (legal forms not counted) remain; the new count. */
static int drop_marked(struct lat *lat, int nl, const bool *drop)
{
	int dropped = 0, words = 0;
	for (int i = 0; i < nl; i++) {
		dropped += drop[i];
		words += !drop[i] && !lat[i].legal;
	}
	if (!dropped || words < 2)
		return nl;
	int k = 0;
	for (int i = 0; i < nl; i++)
		if (!drop[i])
			lat[k++] = lat[i];
	return k;
}

/* Drop titles (data/name-titles.tsv) that open the name or follow a comma,
 * one after another ("Maulana Haji"), when two other words remain. */
static int drop_titles(const struct norm_tables *tab, struct lat *lat, int nl)
{
	bool drop[RAW_MAX] = {false};
	for (int i = 0; i < nl; i++) {
		uint32_t v;
		drop[i] = lat[i].kind == RAW_LATIN && !lat[i].legal &&
			  (lat[i].opens || (i && drop[i - 1])) &&
			  strmap_get(&tab->titles, lat[i].text, lat[i].len, &v);
	}
	return drop_marked(lat, nl, drop);
}

/* Generational suffixes (data/name-suffixes.tsv: Jr., Sr.) that end the
 * name or the part before a comma ("MORENO JR., Daniel", "KNOWLES, JR.,
 * Samuel", "Gustavo Gonzalez, Jr.") are no name words: dropped when two
 * other words remain.  The first word is never one ("JR CONTROLADORA"). */
static int drop_suffixes(const struct norm_tables *tab, struct lat *lat, int nl)
{
	bool drop[RAW_MAX] = {false};
	for (int i = 0; i < nl; i++) {
		uint32_t v;
		bool ends = i + 1 == nl || lat[i + 1].opens;
		drop[i] = i > 0 && ends && lat[i].kind == RAW_LATIN && !lat[i].legal &&
			  strmap_get(&tab->suffixes, lat[i].text, lat[i].len, &v);
	}
	return drop_marked(lat, nl, drop);
}

/* A Latin word that is no part of a legal form. */
static bool plain_latin(const struct lat *l)
{
	return l->kind == RAW_LATIN && !l->legal;
}

/* The Arabic article's vowel as romanisations write it: al, el, il, ul. */
static bool article_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'u';
}

/*
 * 'Abd al-, the theophoric compound ("servant of the ..."), written apart,
 * hyphenated or run together, is one word, "abdul": "ABD AL-KARIM",
 * "ABD-AL-KARIM" and "ABDULKARIM" meet as words run together, "ABDEL
 * AZIZ" is "ABDUL AZIZ", "ABDALLAH" "ABDULLAH" (ALA-LC romanisation of
 * Arabic: 'Abd al-; the lists write every form).  "ABD" with no article
 * after it stays.  The new count of lat.
 */
static int join_abd(struct lat *lat, int nl)
{
	int k = 0;
	for (int i = 0; i < nl; i++) {
		struct lat *l = &lat[i];
		const struct lat *next = i + 1 < nl ? &lat[i + 1] : NULL;
		bool abd = plain_latin(l) && l->len >= 3 && !memcmp(l->text, "abd", 3);
		if (abd && l->len == 3 && next && plain_latin(next) && !next->opens &&
		    next->len == 2 && article_vowel(next->text[0]) && next->text[1] == 'l') {
			memcpy(l->text, "abdul", 6);
			l->len = l->cps = 5;
			i++; /* the article is in the word now */
		} else if (abd && l->len >= 5 && article_vowel(l->text[3]) && l->text[4] == 'l') {
			l->text[3] = 'u';
		}
		lat[k++] = *l;
	}
	return k;
}

/* A Roman numeral of i, v and x (1 to 39) written in its one standard form,
 * as its number in out (3 bytes at least); 0 when it is none. */
static int roman_value(const char *w, size_t n, char *out)
{
	static const char *const units[] = {"",	 "i",  "ii",  "iii",  "iv",
					    "v", "vi", "vii", "viii", "ix"};
	for (int v = 1; v < 40; v++) {
		char r[16];
		int k = 0;
		for (int t = 0; t < v / 10; t++)
			r[k++] = 'x';
		strcpy(r + k, units[v % 10]);
		if (strlen(r) == n && !memcmp(r, w, n)) {
			int k2 = 0; /* v < 40: two digits at most */
			if (v >= 10)
				out[k2++] = (char)('0' + v / 10);
			out[k2++] = (char)('0' + v % 10);
			out[k2] = '\0';
			return v;
		}
	}
	return 0;
}

/* Is lat[i] a Roman numeral that numbers the party ("RIM GROUP INVESTMENTS
 * II CORP.", "SHELIMAR REAL ESTATE HOLDINGS III, INC", "FUND VII")?  Never
 * the first word, nor dotted initials ("I.V."), nor a single letter, which
 * stays an initial: "I" read as 1 let "First Energy Logistics GmbH" and
 * every made-up "First ..." name of the benchmark reach "FLEURETTE ENERGY I
 * B.V." (29 more clean names flagged).  A numeral that is also a name ("Xi",
 * "Vi") counts only right before a legal form ("HOLDINGS XI LTD"). */
static int roman_number(const struct lat *lat, int i, int nl, char *out)
{
	const struct lat *l = &lat[i];
	if (i == 0 || l->kind != RAW_LATIN || l->legal || l->initials || l->len < 2 ||
	    l->len > 6 || !roman_value(l->text, l->len, out))
		return 0;
	bool ambiguous = !strcmp(l->text, "xi") || !strcmp(l->text, "vi");
	if (ambiguous && !(i + 1 < nl && lat[i + 1].legal))
		return 0;
	return 1;
}

const char *name_unsearchable(const struct nname *nn)
{
	if (!nn->n)
		return "it has no letter or digit to screen on";
	if (nn->only_legal)
		return "it is only a legal form, which names no party";
	/* a letter alone found every listed name with a word of that letter
	 * ("a": 20 potential matches, "A A TRADING FZCO" first) */
	for (int i = 0; i < nn->n; i++)
		if (nn->t[i].kind != TK_INITIAL && nn->t[i].kind != TK_LEGAL)
			return NULL;
	return "it is only single letters, which name no party";
}

const char *text_unsearchable(const struct norm_tables *tab, const char *name)
{
	struct nname nn;
	nname_init(&nn);
	normalize_name(tab, name, strlen(name), &nn);
	const char *why = name_unsearchable(&nn);
	nname_release(&nn);
	return why;
}

void normalize_name(const struct norm_tables *tab, const char *name, size_t n, struct nname *nn)
{
	nn->n = 0;
	nn->truncated = false;
	nn->only_legal = false;
	strbuf_reset(&nn->buf);
	struct strbuf f = STRBUF_INIT, sb = STRBUF_INIT;
	fold(name, n, &f);
	drop_apostrophes(&f);
	struct raw raw[RAW_MAX]; /* on the stack: names are normalised in many threads at once */
	struct lat lat[RAW_MAX];
	int nr = raw_tokens(f.buf, f.len, raw);
	int nl = merge_initials(f.buf, raw, nr, lat);
	if (tab) {
		mark_legal(tab, lat, nl, &sb);
		bool other = false;
		for (int i = 0; i < nl; i++)
			if (!lat[i].legal)
				other = true;
		if (!other) { /* scored as words; nothing to screen on (name_unsearchable) */
			nn->only_legal = nl > 0;
			for (int i = 0; i < nl; i++)
				lat[i].legal = NULL;
		}
	}
	if (tab) {
		nl = drop_titles(tab, lat, nl);
		nl = drop_suffixes(tab, lat, nl);
		nl = join_abd(lat, nl);
	}
	for (int i = 0; i < nl; i++) {
		struct lat *l = &lat[i];
		char num[4];
		if (l->legal) {
			if (l->legal_words)
				push(nn, TK_LEGAL, l->legal, strlen(l->legal));
		} else if (l->kind == RAW_CJK) {
			push_cjk(tab, nn, l->text, l->len);
		} else if (roman_number(lat, i, nl, num)) {
			push(nn, TK_NUM, num, strlen(num));
		} else {
			push_word(tab, nn, l->text, l->len, l->cps);
		}
	}
	if (nr == RAW_MAX)
		nn->truncated = true;
	strbuf_release(&f);
	strbuf_release(&sb);
}

void normalize_plain(const char *s, struct strbuf *out)
{
	struct strbuf f = STRBUF_INIT;
	fold(s, strlen(s), &f);
	drop_apostrophes(&f);
	strbuf_reset(out);
	bool space = false;
	for (size_t i = 0; i < f.len;) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)f.buf + i,
						      (utf8proc_ssize_t)(f.len - i), &c);
		if (k <= 0) {
			i++;
			continue;
		}
		if (is_wordchar(c) || is_cjk(c)) {
			if (space && out->len)
				strbuf_addch(out, ' ');
			space = false;
			strbuf_add(out, f.buf + i, (size_t)k);
		} else {
			space = true;
		}
		i += (size_t)k;
	}
	strbuf_release(&f);
}

/* ---------------------------------------------------------------------- */
/* Tables                                                                  */

static char *next_field(char **p)
{
	char *s = *p;
	if (!s)
		return NULL;
	char *tab = strchr(s, '\t');
	if (tab) {
		*tab = '\0';
		*p = tab + 1;
	} else {
		*p = NULL;
	}
	return s;
}

typedef int (*row_fn)(struct norm_tables *t, char **f, int nf, struct strbuf *err);

static int read_table(struct norm_tables *t, const char *rel, const char *header, int want,
		      row_fn fn, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	data_path(&path, rel);
	int rc = read_file(path.buf, 1 << 20, &text, err);
	int line = 0;
	bool seen_header = false;
	for (char *p = text.buf; rc == 0 && p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *l = p;
		p = nl ? nl + 1 : NULL;
		line++;
		size_t len = strlen(l);
		if (len && l[len - 1] == '\r')
			l[--len] = '\0';
		if (!len || l[0] == '#')
			continue;
		if (!seen_header) {
			seen_header = true;
			if (strcmp(l, header)) {
				strbuf_reset(err);
				strbuf_addf(err, "%s:%d: header should be '%s'", path.buf, line,
					    header);
				rc = -1;
			}
			continue;
		}
		char *f[8];
		int nf = 0;
		char *q = l;
		while (nf < 8 && (f[nf] = next_field(&q)))
			nf++;
		if (nf != want || !*f[0] || !*f[nf - 1]) {
			strbuf_reset(err);
			strbuf_addf(err, "%s:%d: expected %d tab-separated columns with a source",
				    path.buf, line, want);
			rc = -1;
			break;
		}
		if (fn(t, f, nf, err) < 0) {
			strbuf_addf(err, " (%s:%d)", path.buf, line);
			rc = -1;
		}
	}
	if (rc == 0 && !seen_header) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: empty table", path.buf);
		rc = -1;
	}
	strbuf_release(&path);
	strbuf_release(&text);
	return rc;
}

static uint32_t intern(char ***arr, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*arr)[i], s))
			return (uint32_t)i;
	*arr = xreallocarray(*arr, *n + 1, sizeof **arr);
	(*arr)[*n] = xstrdup(s);
	return (uint32_t)(*n)++;
}

static int legal_row(struct norm_tables *t, char **f, int nf, struct strbuf *err)
{
	struct strbuf folded = STRBUF_INIT, key = STRBUF_INIT;
	fold(f[0], strlen(f[0]), &folded);
	drop_apostrophes(&folded);
	struct raw raw[RAW_MAX];
	static struct lat lat[RAW_MAX];
	int nr = raw_tokens(folded.buf, folded.len, raw);
	int nl = merge_initials(folded.buf, raw, nr, lat);
	uint32_t cls = intern(&t->classes, &t->nclasses, f[1]);
	int rc = 0;
	if (nl == 1 && lat[0].kind == RAW_CJK) {
		t->cjk = xreallocarray(t->cjk, t->ncjk + 1, sizeof *t->cjk);
		t->cjk[t->ncjk++] =
			(struct cjk_legal){xstrdup(lat[0].text), lat[0].len, t->classes[cls]};
	} else if (nl >= 1 && nl <= LEGAL_MAX_WORDS) {
		for (int i = 0; i < nl; i++) {
			if (i)
				strbuf_addch(&key, ' ');
			strbuf_add(&key, lat[i].text, lat[i].len);
		}
		strmap_put(&t->legal, key.buf, key.len, cls, NULL);
		strmap_put(&t->legal_first, lat[0].text, lat[0].len, 0, NULL);
		if (nl > t->legal_max_words)
			t->legal_max_words = nl;
	} else {
		strbuf_reset(err);
		strbuf_addf(err, "legal form '%s' has no words or more than %d", f[0],
			    LEGAL_MAX_WORDS);
		rc = -1;
	}
	strbuf_release(&folded);
	strbuf_release(&key);
	return rc;
}

/* A word written another way read as the word it stands for, both sides,
 * before plurals fold: abbreviations ("intl") and name variants ("mykola"),
 * one map. */
static int word_row(struct norm_tables *t, const char *what, char **f, struct strbuf *err)
{
	struct strbuf a = STRBUF_INIT, e = STRBUF_INIT;
	normalize_plain(f[0], &a);
	normalize_plain(f[1], &e);
	int rc = 0;
	if (!a.len || !e.len || strchr(a.buf, ' ') || strchr(e.buf, ' ')) {
		strbuf_reset(err);
		strbuf_addf(err, "%s '%s' -> '%s' must be one word each", what, f[0], f[1]);
		rc = -1;
	} else {
		uint32_t ix = intern(&t->expansions, &t->nexpansions, e.buf);
		strmap_put(&t->abbr, a.buf, a.len, ix, NULL);
	}
	strbuf_release(&a);
	strbuf_release(&e);
	return rc;
}

static int abbr_row(struct norm_tables *t, char **f, int nf, struct strbuf *err)
{
	(void)nf;
	return word_row(t, "abbreviation", f, err);
}

static int variant_row(struct norm_tables *t, char **f, int nf, struct strbuf *err)
{
	(void)nf;
	return word_row(t, "name variant", f, err);
}

static int derivation_row(struct norm_tables *t, char **f, int nf, struct strbuf *err)
{
	(void)nf;
	char *end = NULL;
	long min = strtol(f[2], &end, 10);
	bool ok = *f[0] && *f[1] && end && !*end && min >= 1 && min <= 20;
	for (const char *c = f[0]; ok && *c; c++)
		ok = *c >= 'a' && *c <= 'z';
	for (const char *c = f[1]; ok && *c; c++)
		ok = *c >= 'a' && *c <= 'z';
	if (!ok) {
		strbuf_reset(err);
		strbuf_addf(err, "derivation '%s' -> '%s' (min_stem '%s'): expected lower-case "
				 "ASCII suffixes and a stem length of 1 to 20", f[0], f[1], f[2]);
		return -1;
	}
	t->deriv = xreallocarray(t->deriv, t->nderiv + 1, sizeof *t->deriv);
	size_t k = t->nderiv++;
	/* longest suffix first: "ical" before "al" */
	for (; k > 0 && t->deriv[k - 1].len < strlen(f[0]); k--)
		t->deriv[k] = t->deriv[k - 1];
	t->deriv[k] = (struct derivation){xstrdup(f[0]), xstrdup(f[1]), strlen(f[0]),
					  (size_t)min};
	return 0;
}

/* A table of single words (titles, generational suffixes): the word, normalised, into map. */
static int one_word_row(struct strmap *map, const char *what, const char *word, struct strbuf *err)
{
	struct strbuf a = STRBUF_INIT;
	normalize_plain(word, &a);
	int rc = 0;
	if (!a.len || strchr(a.buf, ' ')) {
		strbuf_reset(err);
		strbuf_addf(err, "%s '%s' must be one word", what, word);
		rc = -1;
	} else {
		strmap_put(map, a.buf, a.len, 0, NULL);
	}
	strbuf_release(&a);
	return rc;
}

static int title_row(struct norm_tables *t, char **f, int nf, struct strbuf *err)
{
	(void)nf;
	return one_word_row(&t->titles, "title", f[0], err);
}

static int suffix_row(struct norm_tables *t, char **f, int nf, struct strbuf *err)
{
	(void)nf;
	return one_word_row(&t->suffixes, "suffix", f[0], err);
}

static int place_row(struct norm_tables *t, char **f, int nf, struct strbuf *err)
{
	(void)nf;
	struct strbuf a = STRBUF_INIT;
	normalize_plain(f[0], &a);
	int rc = 0;
	if (!a.len || strchr(a.buf, ' ')) {
		strbuf_reset(err);
		strbuf_addf(err, "place '%s' must be one word", f[0]);
		rc = -1;
	} else { /* as a word of a name is: "greek" is "grik" */
		a.len = fold_vowels(a.buf, a.len);
		a.buf[a.len] = '\0';
		strmap_put(&t->places, a.buf, a.len, 0, NULL);
	}
	strbuf_release(&a);
	return rc;
}

bool norm_is_place(const struct norm_tables *tab, const char *w, size_t n)
{
	uint32_t v;
	return tab && strmap_get(&tab->places, w, n, &v);
}

static int cjk_longest_first(const void *a, const void *b)
{
	const struct cjk_legal *x = a, *y = b;
	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static void tables_free(struct norm_tables *t)
{
	if (!t)
		return;
	strmap_free(&t->legal);
	strmap_free(&t->legal_first);
	strmap_free(&t->abbr);
	strmap_free(&t->titles);
	strmap_free(&t->suffixes);
	strmap_free(&t->places);
	for (size_t i = 0; i < t->nclasses; i++)
		free(t->classes[i]);
	for (size_t i = 0; i < t->nexpansions; i++)
		free(t->expansions[i]);
	for (size_t i = 0; i < t->ncjk; i++)
		free(t->cjk[i].form);
	for (size_t i = 0; i < t->nderiv; i++) {
		free(t->deriv[i].suffix);
		free(t->deriv[i].repl);
	}
	free(t->deriv);
	free(t->classes);
	free(t->expansions);
	free(t->cjk);
	free(t);
}

const struct norm_tables *norm_tables(struct strbuf *err)
{
	if (loaded)
		return loaded;
	struct norm_tables *t = xcalloc(1, sizeof *t);
	strmap_init(&t->legal);
	strmap_init(&t->legal_first);
	strmap_init(&t->abbr);
	strmap_init(&t->titles);
	strmap_init(&t->suffixes);
	strmap_init(&t->places);
	if (read_table(t, "legal-forms.tsv", "form\tclass\tjurisdiction\tsource", 4, legal_row,
		       err) < 0 ||
	    read_table(t, "name-titles.tsv", "title\tsource", 2, title_row, err) < 0 ||
	    read_table(t, "name-suffixes.tsv", "suffix\tsource", 2, suffix_row, err) < 0 ||
	    read_table(t, "place-words.tsv", "word\tcountry\tsource", 3, place_row, err) < 0 ||
	    read_table(t, "name-abbreviations.tsv", "abbreviation\texpansion\tsource", 3, abbr_row,
		       err) < 0 ||
	    read_table(t, "name-variants.tsv", "variant\tname\tsource", 3, variant_row, err) < 0 ||
	    read_table(t, "name-derivations.tsv", "suffix\treplacement\tmin_stem\tsource", 4,
		       derivation_row, err) < 0) {
		tables_free(t);
		return NULL;
	}
	qsort(t->cjk, t->ncjk, sizeof *t->cjk, cjk_longest_first);
	loaded = t;
	return loaded;
}

void norm_tables_reset(void)
{
	tables_free(loaded);
	loaded = NULL;
}
