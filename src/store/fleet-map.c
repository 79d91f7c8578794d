/*
 * fleet-map.c — the small hash maps the fleet code keeps in memory, and
 * SHA-256 (nettle).
 *
 * An import looks up every component's part and unit by digest: a fleet of
 * 100,000 hosts has about ten million components but only thousands of
 * distinct parts, so the lookups must not go to SQLite.  Digests are SHA-256,
 * uniformly distributed already, so the first eight bytes are the hash.
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

/* ---- digest -> id ---- */

static size_t dhash(const unsigned char *key)
{
	uint64_t h;
	memcpy(&h, key, sizeof h);
	return (size_t)h;
}

void dmap_init(struct dmap *m)
{
	memset(m, 0, sizeof *m);
}

void dmap_free(struct dmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

int64_t dmap_get(const struct dmap *m, const unsigned char *key)
{
	if (!m->cap)
		return 0;
	for (size_t i = dhash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->vals[i])
			return 0;
		if (!memcmp(m->keys + i * DIGEST_LEN, key, DIGEST_LEN))
			return m->vals[i];
	}
}

static void dmap_grow(struct dmap *m)
{
	struct dmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 1024;
	m->keys = xmalloc(m->cap * DIGEST_LEN);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.vals[i])
			dmap_put(m, old.keys + i * DIGEST_LEN, old.vals[i]);
	free(old.keys);
	free(old.vals);
}

void dmap_put(struct dmap *m, const unsigned char *key, int64_t val)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		dmap_grow(m);
	size_t i = dhash(key) & (m->cap - 1);
	for (; m->vals[i]; i = (i + 1) & (m->cap - 1)) {
		if (!memcmp(m->keys + i * DIGEST_LEN, key, DIGEST_LEN)) {
			m->vals[i] = val;
			return;
		}
	}
	memcpy(m->keys + i * DIGEST_LEN, key, DIGEST_LEN);
	m->vals[i] = val;
	m->n++;
}

/* ---- id -> id ---- */

static size_t ihash(int64_t k)
{
	uint64_t x = (uint64_t)k;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (size_t)x;
}

void imap_init(struct imap *m)
{
	memset(m, 0, sizeof *m);
}

void imap_free(struct imap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

int64_t imap_get(const struct imap *m, int64_t key)
{
	if (!m->cap)
		return 0;
	for (size_t i = ihash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return 0;
		if (m->keys[i] == key)
			return m->vals[i];
	}
}

static void imap_grow(struct imap *m)
{
	struct imap old = *m;
	m->cap = old.cap ? old.cap * 2 : 1024;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i])
			imap_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

void imap_put(struct imap *m, int64_t key, int64_t val)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		imap_grow(m);
	size_t i = ihash(key) & (m->cap - 1);
	for (; m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return;
		}
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}
