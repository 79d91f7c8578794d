/*
 * pattern.h — the small pattern language of data/patterns.tsv and
 * data/placeholders.tsv.
 *
 * Part numbers and model strings are matched against a few hundred patterns
 * per component, millions of times in a fleet, so the language is as small as
 * the data needs and matched without allocation: a pattern matches the whole
 * value, ASCII case-insensitively, where
 *
 *   #      is one or more decimal digits,
 *   *      is any run of characters (possibly empty),
 *   ?      is exactly one byte,
 *   [A-Z0-9]  is one byte from the set (ranges allowed),
 *
 * and every other byte stands for itself.  Regular expressions would be more
 * general and ten times slower; nothing in the tables needs them.
 */
#ifndef IDENTIFY_PATTERN_H
#define IDENTIFY_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

bool pattern_match(const char *pat, const char *s, size_t n);
/* Is pat well formed (balanced brackets, not empty)?  *why gets the reason. */
bool pattern_valid(const char *pat, const char **why);
/*
 * Which first bytes can a match start with?  Sets first[b] for each upper-
 * cased byte b that the pattern's first element accepts (all 256 for a
 * leading * or ?).  Used to bucket patterns by their first byte.
 */
void pattern_first(const char *pat, bool first[256]);

#endif
