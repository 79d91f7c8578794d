/*
 * utf8.h — making strings read from hardware safe to print and to store.
 *
 * Firmware strings are bytes in no declared encoding.  chipscreen keeps them
 * exactly, but as valid UTF-8: every byte that is not part of a valid UTF-8
 * sequence, and every control character, becomes the four characters \xNN.
 * A backslash itself becomes \\ so the escaping can be undone (utf8_unescape)
 * and no two different inputs give the same output.
 */
#ifndef UTIL_UTF8_H
#define UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* Append the escaped form of s[0..n) to out; returns true if anything was escaped. */
bool utf8_escape(struct strbuf *out, const char *s, size_t n);
/* True if s[0..n) is valid UTF-8 without control characters (so needs no escaping). */
bool utf8_clean(const char *s, size_t n);
/* True if s[0..n) is valid UTF-8 (control characters allowed). */
bool utf8_valid(const char *s, size_t n);
/* Undo utf8_escape; returns the number of bytes written to out (always <= strlen(s)). */
size_t utf8_unescape(const char *s, char *out);
/* How many bytes of s to quote in a message that shows at most max: max
 * (or all of a shorter s), less the bytes of a character the cut would
 * split, so "%.*s" never ends in the middle of a character.  An int, for
 * the precision argument. */
int utf8_cut(const char *s, size_t max);
/* The code points of the UTF-8 string s, at most max of them, into cp; stops
 * at the first invalid sequence.  Returns how many. */
int utf8_codepoints(const char *s, int32_t *cp, int max);

#endif
