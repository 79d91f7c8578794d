/*
 * hex.h — hexadecimal in and out, for identifiers read as bytes.
 */
#ifndef UTIL_HEX_H
#define UTIL_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int hex_digit(int c); /* -1 if c is not a hex digit */
/* Parse exactly 2*n hex digits (no prefix, no separators) into out. */
bool hex_decode(const char *s, size_t n, uint8_t *out);
/* Are the n bytes at s all hex digits (n == 0: true)? */
bool hex_all(const char *s, size_t n);
/* Lower-case hex of n bytes, NUL-terminated; out holds 2n+1. */
void hex_encode(const uint8_t *in, size_t n, char *out);
/* Upper-case, bytes separated by sep when sep != 0: "80 2C". */
void hex_encode_upper(const uint8_t *in, size_t n, char sep, char *out);
/* Parse an unsigned hex number with optional 0x prefix, whole string; false on junk. */
bool hex_parse_u32(const char *s, uint32_t *out);

#endif
