/*
 * hash.h — the project's hash functions, one implementation of each.
 *
 * FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/): byte at a time,
 * stable across machines and releases, so it is the one used for anything
 * that is printed or stored — the rule-set and rule versions
 * (rules/rules.c, checked again by store/fleet-judge.c) — and for small
 * tables keyed by strings.  The 64-bit form continues from a previous value,
 * so several buffers can be hashed as one (start from HASH_FNV64_INIT).
 *
 * hash_mix64 is splitmix64's finaliser (Steele, Lea, Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014): it spreads every input bit
 * over the whole word, so a table can index with the low bits.  hash_words64
 * reads eight bytes at a time and ends with that mix, for hot look-ups
 * (identify's memo) where FNV's loop over bytes would cost more than the
 * look-up saves; its value depends on the machine's byte order, so it is
 * never printed or stored.  Both are inline because they sit in inner loops
 * of another file, where a call would cost as much as the hash.
 */
#ifndef UTIL_HASH_H
#define UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_FNV64_INIT 14695981039346656037ull /* the FNV-1a 64 offset basis */
#define HASH_FNV32_INIT 2166136261u		/* the FNV-1a 32 offset basis */

/* FNV-1a 64 of n bytes, continuing from h (HASH_FNV64_INIT to start). */
uint64_t hash_fnv1a64(uint64_t h, const void *data, size_t n);
/* FNV-1a 64 of a NUL-terminated string (the NUL not included). */
uint64_t hash_fnv1a64_str(const char *s);
/* FNV-1a 32 of a NUL-terminated string (the NUL not included). */
uint32_t hash_fnv1a32_str(const char *s);

/* splitmix64's finaliser: a bijection on 64-bit words. */
static inline uint64_t hash_mix64(uint64_t h)
{
	h = (h ^ h >> 30) * 0xBF58476D1CE4E5B9ull;
	h = (h ^ h >> 27) * 0x94D049BB133111EBull;
	return h ^ h >> 31;
}

/* Eight bytes at a time: each word is folded in with a multiply and a shift
 * down (so its high bits reach the low ones), the last 0-7 bytes as one more
 * word, then hash_mix64.  Not stable across byte orders: in memory only. */
static inline uint64_t hash_words64(const void *data, size_t n)
{
	const unsigned char *s = data;
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n, w;
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 32;
	}
	for (w = 0; n; n--) /* a variable-length memcpy would be a call */
		w = w << 8 | s[n - 1];
	return hash_mix64(h ^ w);
}

#endif
