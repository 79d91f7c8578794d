/*
 * suggest.c — the nearest known words to a typo (suggest.h).
 */
#include "util/suggest.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	/* three rows of the (n+1) x (m+1) table: the swap looks two rows back */
	size_t *prev2 = xcalloc(m + 1, sizeof *prev2), *prev = xcalloc(m + 1, sizeof *prev),
	       *cur = xcalloc(m + 1, sizeof *cur);
	for (size_t j = 0; j <= m; j++)
		prev[j] = j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = i;
		int ca = tolower((unsigned char)a[i - 1]);
		for (size_t j = 1; j <= m; j++) {
			int cb = tolower((unsigned char)b[j - 1]);
			size_t cost = ca != cb;
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		size_t *t = prev2;
		prev2 = prev, prev = cur, cur = t;
	}
	size_t d = prev[m];
	free(prev2);
	free(prev);
	free(cur);
	return d;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return false;
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

struct cand {
	const char *s;
	size_t d;
};

static int by_distance(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return strcmp(x->s, y->s);
}

size_t suggest_nearest(struct strbuf *sb, const char *word, const char *const *cands, size_t n,
		       size_t max)
{
	size_t len = strlen(word), limit = len / 3 > 2 ? len / 3 : 2, k = 0;
	struct cand *v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		if (!cands[i] || !*cands[i])
			continue;
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = !strcmp(v[j].s, cands[i]);
		if (dup)
			continue;
		size_t d = suggest_distance(word, cands[i]);
		if (d > limit && (contains_ci(cands[i], word) || contains_ci(word, cands[i])))
			d = limit; /* "dc1" for "dc1-berlin": near enough to show */
		if (d <= limit)
			v[k++] = (struct cand){cands[i], d};
	}
	qsort(v, k, sizeof *v, by_distance);
	if (k > max)
		k = max;
	for (size_t i = 0; i < k; i++)
		strbuf_addf(sb, "%s%s", i == 0 ? "" : i + 1 == k ? " or " : ", ", v[i].s);
	free(v);
	return k;
}
