/*
 * suggest.h — "did you mean": the nearest of a set of known words.
 *
 * A typo in a profile name, a host, a site or a tag must fail with the value
 * the user probably meant (guide: a typo is exit 2 with a message, never an
 * empty result).  Nearness is the edit distance (insert, delete, substitute,
 * and swap of two neighbours), ASCII case-insensitive; a candidate counts
 * when it is at most a third of the word's length away (at least 2), or when
 * one contains the other.  Small sets only: the work is O(n * len^2).
 */
#ifndef UTIL_SUGGEST_H
#define UTIL_SUGGEST_H

#include <stddef.h>

#include "util/strbuf.h"

/* Edit distance, ASCII case-insensitive (optimal string alignment). */
size_t suggest_distance(const char *a, const char *b);

/*
 * Append to sb the candidates near word, nearest first, at most max, as
 * "a, b or c"; returns how many.  NULL entries are skipped.
 */
size_t suggest_nearest(struct strbuf *sb, const char *word, const char *const *cands, size_t n,
		       size_t max);

#endif
