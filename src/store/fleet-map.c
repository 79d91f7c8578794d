/*
 * fleet-map.c — the small hash maps the fleet code keeps in memory, and
 * SHA-256 (nettle).
 *
 * An import looks up every component's part and unit by digest: a fleet of
 * 100,000 hosts has about ten million components but only thousands of
 * distinct parts, so the lookups must not go to SQLite.  The maps are
 * util/strmap (the project's one hash table) with the ids beside it.
 */
#include "store/fleet-int.h"
#include "util/xalloc.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

void sha256(const void *data, size_t len, unsigned char out[DIGEST_LEN])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, DIGEST_LEN, out);
}

void sha256_tagged(char tag, const char *value, unsigned char out[DIGEST_LEN])
{
	const char head[2] = {tag, ':'};
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, sizeof head, (const uint8_t *)head);
	sha256_update(&ctx, strlen(value), (const uint8_t *)value);
	sha256_digest(&ctx, DIGEST_LEN, out);
}

void hex_of(const unsigned char *b, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

void canon_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_add(sb, "\xff\xff\xff\xff", 4); /* NULL differs from "" */
		return;
	}
	size_t n = strlen(s);
	unsigned char len[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
				(unsigned char)(n >> 8), (unsigned char)n};
	strbuf_add(sb, len, 4);
	strbuf_add(sb, s, n);
}

void canon_int(struct strbuf *sb, long long v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((unsigned long long)v >> (56 - 8 * i));
	strbuf_add(sb, b, 8);
}

/* ---- bytes -> id (util/strmap) ---- */

static int64_t map_get(const struct dmap *m, const void *key, size_t len)
{
	long i = strmap_find(&m->keys, key, len);
	return i < 0 ? 0 : m->vals[i];
}

static void map_put(struct dmap *m, const void *key, size_t len, int64_t val)
{
	size_t i = strmap_intern(&m->keys, key, len, NULL);
	if (i >= m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->vals = xreallocarray(m->vals, m->cap, sizeof *m->vals);
	}
	m->vals[i] = val;
	m->n = m->keys.n;
}

void dmap_init(struct dmap *m)
{
	memset(m, 0, sizeof *m);
}

void dmap_free(struct dmap *m)
{
	strmap_free(&m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

int64_t dmap_get(const struct dmap *m, const unsigned char *key)
{
	return map_get(m, key, DIGEST_LEN);
}

void dmap_put(struct dmap *m, const unsigned char *key, int64_t val)
{
	map_put(m, key, DIGEST_LEN, val);
}

void imap_init(struct imap *m)
{
	dmap_init(&m->m);
}

void imap_free(struct imap *m)
{
	dmap_free(&m->m);
}

int64_t imap_get(const struct imap *m, int64_t key)
{
	return map_get(&m->m, &key, sizeof key);
}

void imap_put(struct imap *m, int64_t key, int64_t val)
{
	map_put(&m->m, &key, sizeof key, val);
}
