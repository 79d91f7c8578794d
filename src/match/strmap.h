/*
 * strmap.h — an open-addressing hash map from strings to 32-bit values.
 *
 * The vocabulary of the name index (tens of thousands of tokens) and the
 * small normalisation tables both need string lookups; a linear-probing table
 * with the key copied into one growing byte pool keeps that to two
 * allocations.  Keys are byte strings with a length, values are uint32_t.
 */
#ifndef MATCH_STRMAP_H
#define MATCH_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap {
	uint32_t *slots; /* 1 + entry index, 0 = empty */
	size_t nslots;
	struct strmap_entry {
		uint64_t hash;
		uint32_t koff, klen;
		uint32_t value;
	} * entries;
	size_t n, cap;
	char *pool;
	size_t poollen, poolcap;
};

uint64_t strmap_hash(const void *key, size_t len);
void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Value of key, or false. */
bool strmap_get(const struct strmap *m, const void *key, size_t len, uint32_t *value);
/* Insert or find key; *value gets the stored value.  Returns true if it was
 * new (and stored value).  The entry index (0..n-1) is stable. */
bool strmap_put(struct strmap *m, const void *key, size_t len, uint32_t value, uint32_t *stored);
static inline const char *strmap_key(const struct strmap *m, size_t i)
{
	return m->pool + m->entries[i].koff;
}

#endif
