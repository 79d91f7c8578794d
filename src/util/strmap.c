/*
 * strmap.c — see strmap.h.  Entries live in insertion order (so an entry's
 * index is stable and callers may keep it); the slot array holds 1 + entry
 * index and is rebuilt at twice the size when half full.
 */
#include "util/strmap.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

uint64_t strmap_hash(const void *key, size_t len)
{
	return hash_mix64(hash_fnv1a64(HASH_FNV64_INIT, key, len));
}

/* The table's own hash: eight bytes at a time, since identify's memo looks
 * up a key of 50 to 200 bytes per component and FNV's loop over bytes cost
 * it a fifth of its speed.  Only in memory, so its byte-order dependence
 * does not matter (strmap_hash is the stable one). */
static inline uint64_t slot_hash(const void *key, size_t len)
{
	return hash_words64(key, len);
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void strmap_free(struct strmap *m)
{
	free(m->slots);
	free(m->entries);
	free(m->pool);
	memset(m, 0, sizeof *m);
}

static void rehash(struct strmap *m, size_t nslots)
{
	free(m->slots);
	m->slots = xcalloc(nslots, sizeof *m->slots);
	m->nslots = nslots;
	for (size_t i = 0; i < m->n; i++) {
		size_t s = m->entries[i].hash & (nslots - 1);
		while (m->slots[s])
			s = (s + 1) & (nslots - 1);
		m->slots[s] = (uint32_t)i + 1;
	}
}

static long probe(const struct strmap *m, const void *key, size_t len, uint64_t h, size_t *slot)
{
	if (!m->nslots)
		return -1;
	size_t s = h & (m->nslots - 1);
	while (m->slots[s]) {
		const struct strmap_entry *e = &m->entries[m->slots[s] - 1];
		if (e->hash == h && e->klen == len && !memcmp(m->pool + e->koff, key, len))
			return (long)m->slots[s] - 1;
		s = (s + 1) & (m->nslots - 1);
	}
	if (slot)
		*slot = s;
	return -1;
}

void strmap_reserve(struct strmap *m, size_t n)
{
	size_t want = m->nslots ? m->nslots : 64;
	while ((m->n + n) * 2 > want)
		want *= 2;
	if (want != m->nslots)
		rehash(m, want);
}

bool strmap_get(const struct strmap *m, const void *key, size_t len, uint32_t *value)
{
	long i = probe(m, key, len, slot_hash(key, len), NULL);
	if (i < 0)
		return false;
	if (value)
		*value = m->entries[i].value;
	return true;
}

long strmap_find(const struct strmap *m, const void *key, size_t len)
{
	return probe(m, key, len, slot_hash(key, len), NULL);
}

/* A new entry for key (hash h) in the empty slot probe found. */
static size_t add(struct strmap *m, const void *key, size_t len, uint64_t h, size_t slot,
		  uint32_t value)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->entries = xreallocarray(m->entries, m->cap, sizeof *m->entries);
	}
	if (m->poollen + len + 1 > m->poolcap) {
		while (m->poollen + len + 1 > m->poolcap)
			m->poolcap = m->poolcap ? m->poolcap * 2 : 4096;
		m->pool = xrealloc(m->pool, m->poolcap);
	}
	memcpy(m->pool + m->poollen, key, len);
	m->pool[m->poollen + len] = '\0';
	m->entries[m->n] = (struct strmap_entry){h, (uint32_t)m->poollen, (uint32_t)len, value};
	m->poollen += len + 1;
	m->slots[slot] = (uint32_t)m->n + 1;
	return m->n++;
}

size_t strmap_intern(struct strmap *m, const void *key, size_t len, bool *added)
{
	uint64_t h = slot_hash(key, len);
	if ((m->n + 1) * 2 > m->nslots)
		rehash(m, m->nslots ? m->nslots * 2 : 64);
	size_t slot = 0;
	long i = probe(m, key, len, h, &slot);
	if (added)
		*added = i < 0;
	return i >= 0 ? (size_t)i : add(m, key, len, h, slot, 0);
}

bool strmap_put(struct strmap *m, const void *key, size_t len, uint32_t value, uint32_t *stored)
{
	bool added;
	size_t i = strmap_intern(m, key, len, &added);
	if (added)
		m->entries[i].value = value;
	if (stored)
		*stored = m->entries[i].value;
	return added;
}
