/*
 * strmap.h — the project's one hash table: byte strings to 32-bit values.
 *
 * Every keyed table uses it: the vocabulary of the name index (tens of
 * thousands of tokens), the normalisation tables, the identification tables
 * (OUIs, NQN prefixes, organisation ids and names, PCI and USB vendor ids),
 * identify's memos, the store's digest and id maps, the fast reader's field
 * names, the importers' component ids, the org table of the lists and the
 * export parties' cache.  A linear-probing table with the
 * key copied into one growing byte pool keeps that to three allocations and
 * frees the caller from keeping keys alive.  Keys are byte strings with a
 * length (strmap_gets/strmap_puts for NUL-terminated ones), values uint32_t.
 * A zeroed struct is an empty map.
 *
 * Keys are any bytes: text, or a fixed-size binary key (a SHA-256 digest, an
 * integer's bytes).  A caller whose values are not 32-bit numbers keeps them
 * in an array of its own indexed by entry (strmap_intern, strmap_find): the
 * stable index is what makes one table serve every shape of value, so the
 * project has no second hash table to keep right.
 *
 * strmap_hash is FNV-1a 64 (util/hash.h) with splitmix64's finaliser, so
 * linear probing sees spread low bits; it is stable across machines, so a
 * value derived from it may be stored.
 */
#ifndef UTIL_STRMAP_H
#define UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
/* The same for NUL-terminated keys. */
static inline bool strmap_gets(const struct strmap *m, const char *key, uint32_t *value)
{
	return strmap_get(m, key, strlen(key), value);
}
static inline bool strmap_puts(struct strmap *m, const char *key, uint32_t value, uint32_t *stored)
{
	return strmap_put(m, key, strlen(key), value, stored);
}
/* The entry index (0..n-1) of key, or -1. */
long strmap_find(const struct strmap *m, const void *key, size_t len);
/* The entry index of key, adding it (value 0) when new; *added, when not
 * NULL, says whether it was. */
size_t strmap_intern(struct strmap *m, const void *key, size_t len, bool *added);
/* Room for n more keys without growing. */
void strmap_reserve(struct strmap *m, size_t n);
static inline const char *strmap_key(const struct strmap *m, size_t i)
{
	return m->pool + m->entries[i].koff;
}

#endif
