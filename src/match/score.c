#include "match/score.h"
#include "match/normalize.h"
#include "util/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int max_edits(uint32_t m)
{
	return m <= 3 ? 0 : m <= 5 ? 1 : 2;
}

int deletion_depth(uint32_t n)
{
	int d = 0;
	for (uint32_t m = n > 2 ? n - 2 : 1; m <= n + 2; m++) {
		uint32_t big = m > n ? m : n;
		int k = max_edits(big);
		int diff = (int)m - (int)n;
		if (diff < 0)
			diff = -diff;
		if (diff <= k && k > d)
			d = k;
	}
	return d;
}

#define OSA_MAX 64

/* Optimal string alignment distance, or bound+1 once it must exceed bound. */
static int osa(const int32_t *a, int n, const int32_t *b, int m, int bound)
{
	int rows[3][OSA_MAX + 1];
	int *pp = rows[0], *p = rows[1], *c = rows[2];
	for (int j = 0; j <= m; j++)
		p[j] = j;
	for (int i = 1; i <= n; i++) {
		c[0] = i;
		int best = c[0];
		for (int j = 1; j <= m; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = p[j - 1] + cost;
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > bound)
			return bound + 1;
		int *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[m];
}

/* Beyond the edit budget: the same sound written another way. */
/* xk, yk: the words' phonetic keys when the caller has them ("" for none),
 * or NULL to compute them here. */
static double phon_sim(const char *x, const char *xk, const char *y, const char *yk, int *edits)
{
	char a[64], b[64];
	if (!xk)
		xk = phon_key(x, a, sizeof a) ? a : "";
	if (!*xk)
		return 0;
	if (!yk)
		yk = phon_key(y, b, sizeof b) ? b : "";
	if (!*yk || strcmp(xk, yk))
		return 0;
	*edits = -1;
	return SIM_PHONETIC;
}

static bool vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* The consonant class of c (after digraphs): letters that transliterations
 * of one sound put in each other's place share a class. */
static char cclass(char c)
{
	switch (c) {
	case 'b': case 'p':
		return 'b';
	case 'f': case 'v': case 'w':
		return 'f';
	case 'c': case 'g': case 'j': case 'k': case 'q':
		return 'k';
	case 's': case 'z': case 'x':
		return 's';
	case 'd': case 't':
		return 't';
	default:
		return c;
	}
}

/*
 * Whether the u at w[i] is a Belarusian v (BGN/PCGN Belarusian romanization,
 * 1979): ў after a, before a consonant or at the end, where Russian has в
 * ("paulauna", "pavlovna"; "paulichenka", "pavlichenko"; "ivanau",
 * "ivanov"; "uladzislau", "vladislav"), and у opening a word before л and a
 * vowel, for Russian в ("uladzimir", "vladimir").  w has 4 letters or more.
 */
static bool belarusian_v(const char *w, size_t i)
{
	if (w[i] != 'u')
		return false;
	if (i == 0)
		return w[1] == 'l' && vowel(w[2]);
	return w[i - 1] == 'a' && !vowel(w[i + 1]);
}

int phon_key(const char *w, char *out, size_t cap)
{
	size_t n = strlen(w), k = 0;
	if (n < 4 || n >= 64 || cap < 2)
		return 0;
	char prev = 0;
	for (size_t i = 0; i < n; i++) {
		char c = w[i], d = w[i + 1];
		if (c < 'a' || c > 'z')
			return 0; /* another script or a digit: no key */
		if (c == prev)
			continue; /* doubled letters: "gaddafi" is "gadafi" */
		prev = c;
		char cls;
		if (vowel(c) && !belarusian_v(w, i)) {
			continue;
		} else if (c == 'u') {
			cls = 'f'; /* belarusian_v */
		} else if (c == 'd' && d == 'z') {
			cls = 't'; /* Belarusian дз for Russian д: "dzmitry", "dmitry" */
			i++;
		} else if (c == 'h') {
			/* kept before a vowel ("muhammad"), silent before a
			 * consonant ("mahmoud") and at the end; after k, g, d,
			 * t, p, z, s, c it made a digraph already */
			if (!vowel(d))
				continue;
			cls = 'k'; /* Ukrainian h for Russian g: "serhiy", "sergey" */
		} else if ((c == 's' || c == 'c') && d == 'h') {
			cls = 'S'; /* sh, ch, sch */
			i++;
		} else if (c == 't' && d == 'j' && i + 2 == n) {
			/* a final tj: ч in the Swedish romanisation of Russian
			 * and Belarusian, of some SDN patronymics
			 * ("ULADZIMIRAVITJ", "ULADZIMIRAVICH") */
			cls = 'S';
			i++;
		} else if (c == 's' && d == 'c' && w[i + 2] == 'h') {
			/* German sch, one sound: Russian ш in the German
			 * romanisation (Duden; "SCHUKOW", "SHUKOV"), and with
			 * tsch above ч ("IWANOWITSCH", "IVANOVICH") */
			cls = 'S';
			i += 2;
		} else if (d == 'h' &&
			   (c == 'k' || c == 'g' || c == 'd' || c == 't' || c == 'p' || c == 'z')) {
			cls = cclass(c == 'p' ? 'f' : c); /* kh, gh, dh, th, ph, zh */
			i++;
		} else if (c == 'x' && i) {
			/* "alexei", "aleksei": x is k and s (not at the start,
			 * where it is pinyin's sh: "xi") */
			if (!k || out[k - 1] != 'k') {
				if (k + 1 >= cap)
					return 0;
				out[k++] = 'k';
			}
			cls = 's';
		} else if (c == 't' && d == 's' && w[i + 2] == 'c' && w[i + 3] == 'h') {
			continue; /* German "tsch" is "ch" */
		} else if ((c == 't' && (d == 's' || d == 'z')) || (c == 'c' && d == 'z')) {
			cls = 's'; /* ts, tz, cz: Cyrillic ц, German z ("kontsern", "concern") */
			i++;
		} else if (c == 'c' && (d == 'e' || d == 'i' || d == 'y')) {
			cls = 's'; /* a soft c ("concern", "tsentr", "central") */
		} else {
			cls = cclass(c);
		}
		if (k && out[k - 1] == cls)
			continue;
		if (k + 1 >= cap)
			return 0;
		out[k++] = cls;
	}
	/* a final s is no sound of the name: words of five letters or more
	 * lose an English plural's (normalize.h norm_fold_plural) but not a
	 * double s, nor another language's ("biznes" is "bizne", "business"
	 * stays); kept where the key would be too short to tell ("qods") */
	if (w[n - 1] == 's' && k > PHON_MIN && out[k - 1] == 's')
		k--;
	out[k] = '\0';
	return k >= PHON_MIN ? (int)k : 0;
}

int joined_article(const char *w, uint32_t n)
{
	/* a consonant after it: "alharamain", not "electronic" or "alexander" */
	return n >= 2 + ARTICLE_REST && (w[0] == 'a' || w[0] == 'e') && w[1] == 'l' &&
			       w[2] >= 'a' && w[2] <= 'z' && !strchr("aeiouy", w[2])
		       ? 2
		       : 0;
}

static double word_sim_plain(const char *x, uint32_t xn, const char *xk, const char *y,
			     uint32_t yn, const char *yk, int *edits);

void prefix_lengths(uint32_t n, uint32_t *lo, uint32_t *hi)
{
	*lo = (n + 1) / 2 > PREFIX_MIN ? (n + 1) / 2 : PREFIX_MIN;
	*hi = n ? n - 1 : 0;
}

/*
 * The endings that make a Slavic patronymic of a given name (the father's
 * name, not the person's): Russian -ovich/-evich/-ovna/-evna and their
 * romanisations (-ich, -na after a name ending in -ov, -yevich), Serbian and
 * Croatian -ović/-ević ("ovic" once folded), the Swedish-style -itj of some
 * SDN entries ("Vladimirovitj"), the German -owitsch/-owna ("Iwanowitsch").
 * Source: BGN/PCGN 1947 Russian romanisation (patronymic forms); Wikipedia,
 * "Patronymic", East Slavic; Duden, the German romanisation of Russian.
 */
static bool patronymic_ending(const char *rest)
{
	static const char *const endings[] = {
		"ich",    "na",    "ovich", "evich", "ovna",    "evna",    "yevich", "yevna",
		"ievich", "ievna", "ic",    "ovic",  "evic",    "itj",     "ovitj",  "evitj",
		"ovych",  "ivna",  "ych",   "itsch", "owitsch", "ewitsch", "owna",   "ewna"};
	for (size_t i = 0; i < sizeof endings / sizeof *endings; i++)
		if (!strcmp(rest, endings[i]))
			return true;
	return false;
}

bool prefix_of(const char *x, uint32_t xn, const char *y, uint32_t yn)
{
	const char *sh = xn < yn ? x : y, *lo = xn < yn ? y : x;
	uint32_t sn = xn < yn ? xn : yn, ln = xn < yn ? yn : xn, a, b;
	prefix_lengths(ln, &a, &b);
	/* the starts compared first (each word has sn bytes at least: a code
	 * point is a byte or more), which ends almost every call of this hot
	 * path; then code points equal bytes: ASCII both */
	return sn >= a && sn <= b && ln <= PREFIX_MAX && !memcmp(sh, lo, sn) &&
	       strlen(sh) == sn && strlen(lo) == ln && !patronymic_ending(lo + sn);
}

/* word_sim_plain(), and without a joined article on one side. */
static double word_sim(const char *x, uint32_t xn, const char *xk, const char *y, uint32_t yn,
		       const char *yk, int *edits)
{
	double s = word_sim_plain(x, xn, xk, y, yn, yk, edits);
	if (s >= SIM_PHONETIC)
		return s;
	if (s < SIM_PREFIX && prefix_of(x, xn, y, yn)) {
		*edits = -2;
		return SIM_PREFIX;
	}
	int ax = joined_article(x, xn), ay = joined_article(y, yn), e = 0;
	double t = 0;
	/* by edits only: sounds are too loose here ("el-ectronic" sounds
	 * like "katrangi") */
	if (ax && !joined_article(y, yn))
		t = word_sim_plain(x + ax, xn - (uint32_t)ax, "", y, yn, "", &e);
	else if (ay && !ax)
		t = word_sim_plain(x, xn, "", y + ay, yn - (uint32_t)ay, "", &e);
	if (t > SIM_PHONETIC)
		t = SIM_PHONETIC;
	if (t > s) {
		s = t;
		*edits = e;
	}
	return s;
}

/* Three letters alike but for one consonant and its voiced or voiceless
 * partner: romanisations of Korean (McCune-Reischauer and the Revised
 * Romanization write g/k, d/t, b/p, j/ch for one letter: "Ho-Kyu" and "Ho
 * Gyu", "Pak" and "Bak") and of Chinese syllables.  Words this short have
 * no edit to spare otherwise (max_edits). */
static bool voiced_pair(const char *x, uint32_t xn, const char *y, uint32_t yn)
{
	static const char *const pairs[] = {"gk", "dt", "bp", "jc", "sz", "fv"};
	if (xn != 3 || yn != 3 || strlen(x) != 3 || strlen(y) != 3)
		return false;
	int at = -1;
	for (int i = 0; i < 3; i++)
		if (x[i] != y[i]) {
			if (at >= 0)
				return false;
			at = i;
		}
	for (size_t p = 0; at >= 0 && p < sizeof pairs / sizeof *pairs; p++)
		if ((x[at] == pairs[p][0] && y[at] == pairs[p][1]) ||
		    (x[at] == pairs[p][1] && y[at] == pairs[p][0]))
			return true;
	return false;
}

static double word_sim_plain(const char *x, uint32_t xn, const char *xk, const char *y,
			     uint32_t yn, const char *yk, int *edits)
{
	uint32_t m = xn > yn ? xn : yn;
	int k = max_edits(m);
	uint32_t diff = xn > yn ? xn - yn : yn - xn;
	if ((int)diff > k)
		return phon_sim(x, xk, y, yk, edits);
	if (!strcmp(x, y)) {
		*edits = 0;
		return 1;
	}
	if (k == 0 && voiced_pair(x, xn, y, yn)) {
		*edits = 1;
		return 1.0 - FUZZY_COST / 3.0;
	}
	if (k == 0 || m > OSA_MAX)
		return phon_sim(x, xk, y, yk, edits);
	int32_t a[OSA_MAX], b[OSA_MAX];
	int n1 = utf8_codepoints(x, a, OSA_MAX), n2 = utf8_codepoints(y, b, OSA_MAX);
	int d = osa(a, n1, b, n2, k);
	if (d > k)
		return phon_sim(x, xk, y, yk, edits);
	double s = 1.0 - FUZZY_COST * (double)d / (double)m;
	if (s < SIM_PHONETIC && phon_sim(x, xk, y, yk, edits) > 0)
		return SIM_PHONETIC; /* two edits in seven letters, but one sound */
	*edits = d;
	return s;
}

static int32_t first_cp(const char *s)
{
	int32_t c = 0;
	utf8proc_iterate((const uint8_t *)s, (utf8proc_ssize_t)strlen(s), &c);
	return c;
}

double token_sim(char kx, const char *x, uint32_t xcps, char ky, const char *y, uint32_t ycps,
		 enum sim_why *why, int *edits)
{
	return token_sim_keyed(kx, x, xcps, NULL, ky, y, ycps, NULL, why, edits);
}

double token_sim_keyed(char kx, const char *x, uint32_t xcps, const char *xk, char ky,
		       const char *y, uint32_t ycps, const char *yk, enum sim_why *why, int *edits)
{
	enum sim_why w = SIM_NONE;
	double s = 0;
	int e = 0;
	if (kx == TK_LEGAL || ky == TK_LEGAL) {
		if (kx == ky) {
			bool same = !strcmp(x, y);
			s = same ? 1 : SIM_LEGAL_OTHER;
			w = same ? SIM_LEGAL_SAME : SIM_LEGAL_DIFF;
		}
	} else if (kx == TK_NUM || ky == TK_NUM || kx == TK_CJK || ky == TK_CJK) {
		if (kx == ky && !strcmp(x, y))
			s = 1, w = SIM_EXACT;
	} else if (kx == TK_INITIAL || ky == TK_INITIAL) {
		if (kx == ky) {
			if (!strcmp(x, y))
				s = 1, w = SIM_EXACT;
		} else if (first_cp(x) == first_cp(y)) {
			s = SIM_INITIAL, w = SIM_INITIAL_OF;
		}
	} else {
		s = word_sim(x, xcps, xk, y, ycps, yk, &e);
		if (s > 0)
			w = e == -2 ? SIM_PREFIX_OF
			    : e < 0 ? SIM_PHONETIC_OF
			    : e	    ? SIM_FUZZY
				    : SIM_EXACT;
		if (e < 0)
			e = 0;
	}
	if (why)
		*why = w;
	if (edits)
		*edits = e;
	return s;
}

struct cand {
	double key;
	int i, j;
};

static int by_key(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? 1 : -1;
	if (a->i != b->i)
		return a->i - b->i;
	return a->j - b->j;
}

void score_pairs(int nq, const double *a, const char *ka, int nc, const double *b, const char *kb,
		 const double *sim, struct pairing *out)
{
	struct cand pairs[NAME_MAX_TOKENS * NAME_MAX_TOKENS];
	int np = 0;
	out->nq = nq;
	out->nc = nc;
	out->conflict = false;
	out->alone = 0;
	out->num = out->place = false;
	out->weak = 1;
	for (int i = 0; i < nq; i++) {
		out->match[i] = -1;
		out->sim[i] = 0;
	}
	for (int j = 0; j < nc; j++)
		out->matched[j] = -1;
	for (int i = 0; i < nq; i++)
		for (int j = 0; j < nc; j++) {
			double s = sim[i * nc + j];
			if (s > 0)
				pairs[np++] = (struct cand){s * (a[i] + b[j]), i, j};
		}
	if (np > 24) {
		qsort(pairs, (size_t)np, sizeof *pairs, by_key);
	} else { /* a few pairs, the usual case: insertion sort, same order */
		for (int k = 1; k < np; k++) {
			struct cand c = pairs[k];
			int m = k;
			for (; m > 0 && by_key(&pairs[m - 1], &c) > 0; m--)
				pairs[m] = pairs[m - 1];
			pairs[m] = c;
		}
	}
	double A = 0, B = 0, qa = 0, cb = 0;
	for (int k = 0; k < np; k++) {
		int i = pairs[k].i, j = pairs[k].j;
		if (out->match[i] >= 0 || out->matched[j] >= 0)
			continue;
		out->match[i] = j;
		out->matched[j] = i;
		out->sim[i] = sim[i * nc + j];
		/* A word and an initial ("Maria" and "M"): the pair covers what
		 * the initial weighs, on both sides, not the word's weight: a
		 * letter tells far less than a name ("David Rossi" is not "R D I") */
		bool init = ka && kb && (ka[i] == TK_INITIAL) != (kb[j] == TK_INITIAL);
		double wa = a[i], wb = b[j];
		if (init)
			wa = wb = a[i] < b[j] ? a[i] : b[j];
		qa += out->sim[i] * wa;
		cb += out->sim[i] * wb;
	}
	/* Unmatched query words cost SCORE_DELTA of their weight when the list
	 * has nothing in their place (an extra middle name), all of it when an
	 * unmatched listed word stands against them (another given name). */
	int conflicts = 0, order[NAME_MAX_TOKENS], nu = 0, words = 0;
	for (int j = 0; j < nc; j++)
		conflicts += out->matched[j] < 0 && (!kb || kb[j] == TK_WORD);
	/* ... and only when two words at least matched: one listed word found
	 * in a longer query ("emma" in "emma daniels") is no name of it */
	for (int i = 0; i < nq; i++)
		words += out->match[i] >= 0 && (!ka || ka[i] == TK_WORD || ka[i] == TK_CJK);
	if (words < 2)
		conflicts = nq;
	for (int i = 0; i < nq; i++) {
		if (out->match[i] >= 0) {
			A += a[i];
			continue;
		}
		if (ka && ka[i] != TK_WORD) {
			A += SCORE_DELTA * a[i];
			continue;
		}
		int k = nu++;
		for (; k > 0 && a[order[k - 1]] < a[i]; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	for (int k = 0; k < nu; k++)
		A += k < conflicts ? a[order[k]] : SCORE_DELTA * a[order[k]];
	for (int j = 0; j < nc; j++)
		B += b[j];
	/* the sums ran in pairing order and in token order: rounding can put
	 * a full cover a hair above 1 (0.1 + 0.2 + 0.3 > 0.3 + 0.2 + 0.1) */
	out->q = A > 0 ? fmin(qa / A, 1.0) : 0;
	out->c = B > 0 ? fmin(cb / B, 1.0) : 0;
	out->score = out->q * (1.0 - SCORE_LAMBDA * (1.0 - out->c));
	/* Different numbers on both sides ("RA NAM 2", "RA NAM 3"; "CETC 13",
	 * "CETC 14") are different parties, whatever the words share. */
	bool qnum = false, cnum = false, qplace = false, cplace = false;
	for (int i = 0; ka && i < nq; i++) {
		qnum |= out->match[i] < 0 && ka[i] == TK_NUM;
		qplace |= out->match[i] < 0 && ka[i] == TK_PLACE;
	}
	for (int j = 0; kb && j < nc; j++) {
		cnum |= out->matched[j] < 0 && kb[j] == TK_NUM;
		cplace |= out->matched[j] < 0 && kb[j] == TK_PLACE;
	}
	out->num = qnum && cnum;
	out->place = qplace && cplace;
	if (out->num)
		out->score *= NUM_MISMATCH;
	if (out->place)
		out->score *= PLACE_MISMATCH;
	/* A name whose one paired word pairs by two edits in six or seven
	 * letters (or a three-letter voiced pair) has nothing else to
	 * corroborate it: ship names "MARIVAN" and "MARIANA", "PATRIOT" and
	 * "PATRIS", companies "TAWAFUK" and "TAWASUL".  The score is weighed
	 * by that similarity once more (0.61 -> 0.44).  Not a word shortened
	 * (SIM_PREFIX), another kind of evidence. */
	if (words == 1)
		for (int i = 0; i < nq; i++)
			if (out->match[i] >= 0 && (!ka || ka[i] == TK_WORD) &&
			    out->sim[i] < SIM_WEAK && out->sim[i] != SIM_PREFIX) {
				out->score *= out->sim[i];
				out->weak *= out->sim[i];
			}
}

static bool wordlike(char k)
{
	return k == TK_WORD || k == TK_PLACE;
}

/* Append to f the text t[0..n), if it fits. */
static bool put_text(struct join_form *f, const char *t, size_t n)
{
	if (f->len + n + 1 > sizeof f->text)
		return false;
	memcpy(f->text + f->len, t, n);
	f->len += (uint32_t)n;
	f->text[f->len] = '\0';
	return true;
}

/* Put the form of y[0..k-1] run together, with an s after part "s_after"
 * (-1: none), into f; false when it does not fit. */
static bool put_form(const struct tokview *y, int k, int s_after, struct join_form *f)
{
	f->len = 0;
	for (int i = 0; i < k; i++)
		if (!put_text(f, y[i].text, y[i].len) || (i == s_after && !put_text(f, "s", 1)))
			return false;
	return true;
}

/* Letters the Arabic article assimilates to (the "sun letters" of
 * transliterations: t, th, d, dh, r, z, s, sh, n and their emphatic forms). */
static bool sun_letter(char c)
{
	return c && strchr("tdrzsn", c);
}

/* The article assimilated: two words, the first ending in al, el or ul
 * ("ABDUL", "ABDEL") and the second opening with a sun letter, or three
 * with the article between; the article's vowel as written, and u (the
 * most common spelling: "-UDDIN", "-URRAHMAN").  Into out; how many. */
static int join_assimilated(const struct tokview *y, int k, struct join_form *out)
{
	const struct tokview *a = &y[0], *b = &y[k - 1];
	const char *art; /* the article: its vowel and l */
	size_t keep;     /* the letters of y[0] kept before the vowel */
	if (k == 2 && a->len >= 4 && a->text[a->len - 1] == 'l' && strchr("aeu", a->text[a->len - 2])) {
		art = a->text + a->len - 2;
		keep = a->len - 2;
	} else if (k == 3 && y[1].len == 2 && y[1].text[1] == 'l' && strchr("aeu", y[1].text[0])) {
		art = y[1].text;
		keep = a->len;
	} else {
		return 0;
	}
	if (!b->len || !sun_letter(b->text[0]))
		return 0;
	int n = 0;
	const char vowels[2] = {art[0], 'u'};
	for (int v = 0; v < (art[0] == 'u' ? 1 : 2); v++) {
		struct join_form *f = &out[n];
		f->len = 0;
		if (put_text(f, a->text, keep) && put_text(f, &vowels[v], 1) &&
		    put_text(f, b->text, 1) && put_text(f, b->text, b->len))
			n++;
	}
	return n;
}

int join_forms(const struct tokview *y, int k, bool restore_s, struct join_form *out, int *nspell)
{
	int n = 0;
	if (!put_form(y, k, -1, &out[n]))
		return 0;
	n++;
	n += join_assimilated(y, k, &out[n]);
	if (nspell)
		*nspell = n;
	/* folded as one word (the last part's ASCII ending decides) */
	const struct join_form *w = &out[0];
	char f[JOIN_FORM_MAX];
	if (w->len >= 5 && (unsigned char)w->text[w->len - 1] < 0x80) {
		size_t nf = norm_fold_plural(w->text, w->len, f);
		if (nf < w->len) {
			out[n].len = 0;
			n += put_text(&out[n], f, nf);
		}
	}
	/* a part that lost its plural s: folded parts keep four letters at
	 * least (norm_fold_plural runs on five or more) */
	for (int i = 0; restore_s && k == 2 && i + 1 < k; i++) {
		const struct tokview *t = &y[i];
		if (t->folded && t->len >= 4 && t->text[t->len - 1] != 's' &&
		    (unsigned char)t->text[t->len - 1] < 0x80 && put_form(y, k, i, &out[n]))
			n++;
	}
	return n;
}

bool join_respellable(const struct tokview *y, int k)
{
	uint32_t n = 0;
	for (int i = 0; i < k; i++)
		n += y[i].len;
	return k == 2 && y[0].len >= JOIN_PART && n >= JOIN_RESPELT_MIN && n < 64;
}

bool join_short(const struct tokview *y, int k)
{
	for (int i = 0; i < k; i++)
		if (y[i].len < JOIN_PART)
			return true;
	return false;
}

/* Whether x is the spelling b respelt: the same phonetic key, within the
 * edit budget; a short part ("UL", "TEL") leaves one edit, and fewer edits
 * than it has letters: "CHARITABLE AL" is not "CHARITABLE" respelt. */
static bool respelt_as(const struct tokview *x, const struct join_form *b,
		       const struct tokview *y, int k)
{
	char a[64], ka[64], kb[64];
	uint32_t big = x->len > b->len ? x->len : b->len;
	uint32_t diff = x->len > b->len ? x->len - b->len : b->len - x->len;
	if (x->len >= sizeof a || b->len >= 64 || (int)diff > max_edits(big))
		return false;
	memcpy(a, x->text, x->len);
	a[x->len] = '\0';
	if (!phon_key(a, ka, sizeof ka) || !phon_key(b->text, kb, sizeof kb) || strcmp(ka, kb))
		return false;
	int32_t ca[64], cb[64];
	int n = 0, m = 0;
	for (; a[n]; n++)
		ca[n] = (unsigned char)a[n];
	for (; b->text[m]; m++)
		cb[m] = (unsigned char)b->text[m];
	uint32_t shortest = y[0].len;
	for (int i = 1; i < k; i++)
		shortest = y[i].len < shortest ? y[i].len : shortest;
	int e = max_edits((uint32_t)(n > m ? n : m));
	if (join_short(y, k))
		e = 1;
	if (e >= (int)shortest)
		e = (int)shortest - 1;
	return osa(ca, n, cb, m, e) <= e;
}

double joined_sim(const struct tokview *x, const struct tokview *y, int k)
{
	if (!x->len || !y[0].len || x->text[0] != y[0].text[0] || !wordlike(x->kind))
		return 0; /* (one letter tells most pairs apart: this runs for every pair) */
	uint32_t total = 0;
	for (int i = 0; i < k; i++) {
		if (!wordlike(y[i].kind))
			return 0;
		total += y[i].len;
	}
	/* every form is within two letters of the parts' length, and opens
	 * with the first part (less an article it ends with): most pairs stop
	 * here */
	uint32_t open = y[0].len > 2 ? y[0].len - 2 : y[0].len;
	bool written = x->len + 2 >= total && x->len <= total + 1 && x->len >= open &&
		       !memcmp(x->text, y[0].text, open);
	bool respelt = join_respellable(y, k) && x->len + 2 >= total && x->len <= total + 2;
	if (!written && !respelt)
		return 0;
	struct join_form f[JOIN_FORMS];
	int nspell = 0, nf = join_forms(y, k, true, f, &nspell);
	for (int i = 0; written && i < nf; i++)
		if (f[i].len == x->len && !memcmp(x->text, f[i].text, x->len))
			return 1;
	/* respelt too ("KHAYR BAYK", "KHAYRBIK"), as written or with the
	 * article assimilated: the same first letter and phonetic key, within
	 * the edit budget (join_respellable) */
	for (int i = 0; respelt && i < nspell; i++)
		if (respelt_as(x, &f[i], y, k))
			return SIM_JOIN_RESPELT;
	return 0;
}

double clipped_sim(const struct tokview *x, const struct tokview *y, int k)
{
	const struct tokview *tail = &y[k - 1];
	if (x->len < CLIP_WORD || tail->len < CLIP_TAIL || x->len < tail->len + CLIP_HEAD ||
	    !wordlike(x->kind) || !wordlike(y[0].kind) || !wordlike(tail->kind))
		return 0;
	uint32_t head = x->len - tail->len;
	if (head >= y[0].len || head > CLIP_HEAD_MAX || memcmp(x->text, y[0].text, head) ||
	    memcmp(x->text + head, tail->text, tail->len))
		return 0;
	for (int i = 1; i + 1 < k; i++)
		if (y[i].kind != TK_WORD || y[i].len > CLIP_GAP)
			return 0;
	return SIM_JOIN_CLIPPED;
}

/* Merge, on side A (n tokens, weights w), token k+1 into token k: the sims
 * of row/column k become 1 for the partner p on side B, 0 otherwise. */
struct side {
	int n;
	int map[NAME_MAX_TOKENS]; /* reduced index of each original token */
	double w[NAME_MAX_TOKENS];
	char kind[NAME_MAX_TOKENS];
	int joined[NAME_MAX_TOKENS]; /* reduced token -> partner on the other side, or -1 */
};

static void side_init(struct side *s, int n, const struct tokview *t, const double *w)
{
	s->n = n;
	for (int i = 0; i < n; i++) {
		s->map[i] = i;
		s->w[i] = w[i];
		s->kind[i] = t[i].kind;
		s->joined[i] = -1;
	}
}

/* A join: on one side (qside: the query) tokens y .. y+k-1 run together
 * give token x of the other side. */
struct join {
	bool qside;
	int x, y, k;
	double sim; /* 1; SIM_JOIN_RESPELT run together and respelt; SIM_JOIN_CLIPPED */
};

/* Find on side x tokens equal to two or three adjacent tokens of side y run
 * together, or a clipped compound of two to four (the longer run first),
 * each token of either side in one join at most (the first wins):
 * "Mohammadreza ALI-AKBARI" and "ALIAKBARI, Mohammad Reza" hold two, one
 * each way. */
static int find_joins(bool qside, int nx, const struct tokview *x, bool *xused, int ny,
		      const struct tokview *y, bool *yused, struct join *out, int n)
{
	for (int i = 0; i < nx; i++) {
		if (!x[i].len || !wordlike(x[i].kind))
			continue;
		char c = x[i].text[0]; /* every join opens with x's letter: most stop here */
		for (int j = 0; !xused[i] && j + 1 < ny; j++) {
			bool ahead = y[j].len && y[j].text[0] == c;
			if (!ahead && !(y[j + 1].len && y[j + 1].text[0] == c))
				continue;
			for (int k = CLIP_MAX_PARTS; !xused[i] && k >= 2; k--) {
				bool free = j + k <= ny;
				for (int t = j; free && t < j + k; t++)
					free = !yused[t];
				if (!free)
					continue;
				double s = ahead && k <= JOIN_MAX_PARTS ? joined_sim(&x[i], &y[j], k) : 0;
				/* "VladimirPutin", "PUTIN, Vladimir": two words in the
				 * other order as written only (respelt, "Anna Silva"
				 * sounds like "SILVANIA") */
				struct tokview r[2] = {y[j + 1], y[j]};
				if (s < 1 && k == 2 && joined_sim(&x[i], r, 2) == 1)
					s = 1;
				if (!s && ahead)
					s = clipped_sim(&x[i], &y[j], k);
				if (s > 0) {
					xused[i] = true;
					for (int t = j; t < j + k; t++)
						yused[t] = true;
					out[n++] = (struct join){qside, i, j, k, s};
				}
			}
		}
	}
	return n;
}

static void merge(struct side *s, int j, int partner)
{
	/* original token j+1 folds into j; later tokens shift down by one */
	s->w[j] += s->w[j + 1];
	s->joined[j] = partner;
	for (int k = j + 1; k + 1 < s->n; k++) {
		s->w[k] = s->w[k + 1];
		s->kind[k] = s->kind[k + 1];
		s->joined[k] = s->joined[k + 1];
	}
	s->n--;
	for (int k = 0; k < NAME_MAX_TOKENS; k++)
		if (s->map[k] > j)
			s->map[k]--;
}

/* score_pairs() over the tokens, joined words merged first. */
static void pair_tokens(int nq, const struct tokview *q, const double *a, int nc,
			const struct tokview *c, const double *b, const double *sim,
			struct pairing *out)
{
	bool qused[NAME_MAX_TOKENS] = {false}, cused[NAME_MAX_TOKENS] = {false};
	struct join js[NAME_MAX_TOKENS];
	/* a listed word is two query words; then a query word is two listed */
	int nj = find_joins(true, nc, c, cused, nq, q, qused, js, 0);
	nj = find_joins(false, nq, q, qused, nc, c, cused, js, nj);
	if (!nj) {
		char ka[NAME_MAX_TOKENS], kb[NAME_MAX_TOKENS];
		for (int i = 0; i < nq; i++)
			ka[i] = q[i].kind;
		for (int j = 0; j < nc; j++)
			kb[j] = c[j].kind;
		score_pairs(nq, a, ka, nc, b, kb, sim, out);
		return;
	}
	struct side sq, sc;
	side_init(&sq, nq, q, a);
	side_init(&sc, nc, c, b);
	for (int k = nq; k < NAME_MAX_TOKENS; k++)
		sq.map[k] = k;
	for (int k = nc; k < NAME_MAX_TOKENS; k++)
		sc.map[k] = k;
	/* tokens of a join were in no other, so y .. y+k-1 are still adjacent */
	for (int k = 0; k < nj; k++)
		for (int t = 1; t < js[k].k; t++)
			merge(js[k].qside ? &sq : &sc, (js[k].qside ? sq.map : sc.map)[js[k].y],
			      js[k].x);
	double rs[NAME_MAX_TOKENS * NAME_MAX_TOKENS] = {0};
	for (int i = 0; i < nq; i++)
		for (int j = 0; j < nc; j++) {
			int ri = sq.map[i], rj = sc.map[j];
			double v = sim[i * nc + j];
			if (v > rs[ri * sc.n + rj])
				rs[ri * sc.n + rj] = v;
		}
	/* a merged token pairs with its partner exactly, with nothing else */
	for (int k = 0; k < nj; k++) {
		int ri = js[k].qside ? sq.map[js[k].y] : sq.map[js[k].x];
		int rj = js[k].qside ? sc.map[js[k].x] : sc.map[js[k].y];
		for (int j = 0; j < sc.n; j++)
			rs[ri * sc.n + j] = 0;
		for (int i = 0; i < sq.n; i++)
			rs[i * sc.n + rj] = 0;
		rs[ri * sc.n + rj] = js[k].sim;
	}
	struct pairing r;
	score_pairs(sq.n, sq.w, sq.kind, sc.n, sc.w, sc.kind, rs, &r);
	/* back to the original tokens: both halves of a merged token share its pair */
	out->nq = nq;
	out->nc = nc;
	for (int i = 0; i < nq; i++) {
		int ri = sq.map[i], rj = r.match[ri];
		out->match[i] = -1;
		out->sim[i] = r.sim[ri];
		if (rj >= 0)
			for (int j = 0; j < nc; j++)
				if (sc.map[j] == rj) {
					out->match[i] = j;
					break;
				}
	}
	for (int j = 0; j < nc; j++) {
		int rj = sc.map[j], ri = r.matched[rj];
		out->matched[j] = -1;
		if (ri >= 0)
			for (int i = 0; i < nq; i++)
				if (sq.map[i] == ri) {
					out->matched[j] = i;
					break;
				}
	}
	out->q = r.q;
	out->c = r.c;
	out->score = r.score;
	out->num = r.num;
	out->place = r.place;
	out->weak = r.weak;
}

/* Whether two words are spelt alike: at most half the longer's letters
 * edited (1 - edits / length >= CONFLICT_NEAR, over bytes: folded words are
 * ASCII; a word longer than OSA_MAX compares its start), or a word of three
 * letters at least starting the other, an abbreviation ("INFO",
 * "INFORMATION"; "ELEC", "ELECTRONICS").  The distance is bounded: most
 * pairs are far apart and the bound stops them early. */
static bool spelt_alike(const char *x, uint32_t xn, const char *y, uint32_t yn)
{
	uint32_t shorter = xn < yn ? xn : yn;
	if (shorter >= 3 && !memcmp(x, y, shorter))
		return true;
	int n = xn < OSA_MAX ? (int)xn : OSA_MAX, m = yn < OSA_MAX ? (int)yn : OSA_MAX;
	int longer = n > m ? n : m;
	int bound = (int)((1 - CONFLICT_NEAR) * longer + 1e-9);
	if (abs(n - m) > bound)
		return false;
	int32_t a[OSA_MAX], b[OSA_MAX];
	for (int i = 0; i < n; i++)
		a[i] = (unsigned char)x[i];
	for (int j = 0; j < m; j++)
		b[j] = (unsigned char)y[j];
	return osa(a, n, b, m, bound) <= bound;
}

/* A token that can make a conflict: a word or a number, not a legal form,
 * initial or place, of any length (spelt_alike() finds "al" and "el" alike,
 * "al" and "bin" not). */
static bool conflict_word(const struct tokview *t)
{
	return t->kind == TK_WORD || t->kind == TK_NUM;
}

/* The conflict rule (score.h CONFLICT_NEAR): both names keep an unpaired
 * word, and none of one is spelt like one of the other. */
static bool conflict(int nq, const struct tokview *q, int nc, const struct tokview *c,
		     const struct pairing *p)
{
	bool found = false;
	for (int i = 0; i < nq; i++)
		for (int j = 0; p->match[i] < 0 && conflict_word(&q[i]) && j < nc; j++)
			if (p->matched[j] < 0 && conflict_word(&c[j])) {
				if (spelt_alike(q[i].text, q[i].len, c[j].text, c[j].len))
					return false;
				found = true;
			}
	return found;
}

/* The one-word rule (score.h ALONE_FACTOR): one word paired, and words of
 * one name only left over (both: the conflict rule's case).  'q' when the
 * query keeps them (the listed name one word of it), 'c' when the listed name
 * does, else 0. */
static char alone(int nq, const struct tokview *q, int nc, const struct tokview *c,
		  const struct pairing *p)
{
	int words = 0;
	bool qextra = false, cextra = false;
	for (int j = 0; j < nc; j++)
		cextra |= p->matched[j] < 0 && conflict_word(&c[j]);
	for (int i = 0; i < nq; i++) {
		words += p->match[i] >= 0 && (q[i].kind == TK_WORD || q[i].kind == TK_CJK);
		qextra |= p->match[i] < 0 && conflict_word(&q[i]);
	}
	if (words != 1 || qextra == cextra)
		return 0;
	return qextra ? 'q' : 'c';
}

void score_penalties(int nq, const struct tokview *q, int nc, const struct tokview *c,
		     struct pairing *out)
{
	out->conflict = conflict(nq, q, nc, c, out);
	if (out->conflict)
		out->score *= CONFLICT_FACTOR;
	out->alone = alone(nq, q, nc, c, out);
	if (out->alone)
		out->score *= ALONE_FACTOR;
}

void score_tokens(int nq, const struct tokview *q, const double *a, int nc, const struct tokview *c,
		  const double *b, const double *sim, struct pairing *out)
{
	pair_tokens(nq, q, a, nc, c, b, sim, out);
	score_penalties(nq, q, nc, c, out);
}

/* The share of tuning pairs that were the same name, by score band
 * (pairs-tune.tsv, `build/bench/names/pairs`, doc/matching.md), at each
 * band's middle; made non-decreasing. */
static const double calib_x[] = {0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1.0};
static const double calib_y[] = {0.0,   0.011, 0.017, 0.088, 0.367, 0.599,
				 0.721, 0.902, 0.947, 0.975, 0.994, 0.995};

double score_probability(double s)
{
	size_t n = sizeof calib_x / sizeof *calib_x;
	if (s <= 0)
		return calib_y[0];
	for (size_t i = 1; i < n; i++)
		if (s <= calib_x[i])
			return calib_y[i - 1] + (calib_y[i] - calib_y[i - 1]) * (s - calib_x[i - 1]) /
							(calib_x[i] - calib_x[i - 1]);
	return calib_y[n - 1];
}
