/*
 * hash.c — FNV-1a, 64 and 32 bits (see hash.h for why these and where).
 * Prime and offset bases from the FNV reference: 64-bit prime 2^40 + 2^8 +
 * 0xb3, 32-bit prime 2^24 + 2^8 + 0x93.
 */
#include "util/hash.h"

#define FNV64_PRIME 1099511628211ull
#define FNV32_PRIME 16777619u

uint64_t hash_fnv1a64(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * FNV64_PRIME;
	return h;
}

uint64_t hash_fnv1a64_str(const char *s)
{
	uint64_t h = HASH_FNV64_INIT;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * FNV64_PRIME;
	return h;
}

uint32_t hash_fnv1a32_str(const char *s)
{
	uint32_t h = HASH_FNV32_INIT;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * FNV32_PRIME;
	return h;
}
