/*
 * translit.h — names in other scripts into Latin letters, with ICU.
 *
 * A name holding letters of a script other than Latin, Han and kana
 * (Cyrillic, Greek, Arabic, Hebrew, Hangul, ...) is transliterated before it
 * is tokenised, on both sides of every comparison, so that "Захаров" meets
 * "Zakharov" and "ООО “ЦСТ”" meets "TsST OOO".  The transform is ICU's
 *
 *   ::[^[:Han:][:Hiragana:][:Katakana:]]; ::Russian-Latin/BGN; ::Any-Latin; ::Latin-ASCII;
 *
 * Cyrillic by the BGN/PCGN romanisation that OFAC and the other lists use
 * ("kh", "ts", "shch"), every other script by ICU's default, Han and kana
 * left alone (they are compared as character bigrams, match/normalize.h).
 *
 * libicu is loaded on first use (util/lazylib.h): a command that never meets
 * such a name never maps it.  When it cannot be loaded, names are compared
 * untransliterated and a warning says so once.
 */
#ifndef MATCH_TRANSLIT_H
#define MATCH_TRANSLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Whether s (valid UTF-8) holds a letter that translit_latin() would change. */
bool translit_needed(const char *s, size_t n);
/* Transliterate s into out (reset first).  false, with out holding s
 * unchanged, when ICU is not available. */
bool translit_latin(const char *s, size_t n, struct strbuf *out);

#endif
