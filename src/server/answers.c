/*
 * answers.c — GET /api/v1/search answers kept for the queries asked again.
 *
 * A search's answer depends only on its arguments, the day (a listing that
 * has ended says so) and the name index, which does not change while the
 * server runs (lists are loaded at start).  Screening asks the same names
 * again and again — a supplier list re-screened, a dashboard refreshed — and
 * a search costs a third of a millisecond of CPU under the index's lock,
 * where copying a kept answer costs microseconds and takes no index lock.
 *
 * What differs between two answers to one query is each hit's
 * "screened_at": the answer is kept with the places of those timestamps
 * (found as `"screened_at":"<the timestamp it was made with>"`, which cannot
 * occur inside a JSON string, whose quotes are escaped) and the time of the
 * request is written there.  The key holds the day, so answers made on
 * another day are never served.
 *
 * Bounded: at most `max` answers and 16 MiB of them, least recently used
 * first out; an answer larger than 256 KiB is not kept.  One mutex guards
 * the table; it is held for a look-up and a copy, never during a search.
 *
 * Why its own chained table rather than util/strmap, the project's hash
 * table: answers are evicted, and strmap never removes a key (its entries
 * keep their insertion index, and its keys one growing pool), so a server
 * running for months would grow it without bound.  A chain per bucket
 * removes an answer in place.
 */
#include "server/server-int.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define ANSWERS_BYTES (16u << 20)
#define ANSWER_MAX    (256u << 10)
#define STAMP_LEN     20 /* "YYYY-MM-DDTHH:MM:SSZ" */

struct answer {
	char *key, *body;
	size_t klen, len;
	size_t *stamps; /* offsets of the screened_at values in body */
	size_t nstamps;
	uint64_t h;
	struct answer *prev, *next; /* by use, most recent first */
	struct answer *chain;       /* same bucket */
};

struct answers {
	pthread_mutex_t mu;
	struct answer **bucket;
	size_t nbucket, n, max, bytes;
	struct answer *head, *tail;
	uint64_t hits, misses;
};

struct answers *answers_new(size_t max)
{
	if (!max)
		return NULL;
	struct answers *a = xcalloc(1, sizeof *a);
	pthread_mutex_init(&a->mu, NULL);
	a->max = max;
	a->nbucket = 64;
	while (a->nbucket < max)
		a->nbucket *= 2;
	a->bucket = xcalloc(a->nbucket, sizeof *a->bucket);
	return a;
}

static void answer_free(struct answer *x)
{
	free(x->key);
	free(x->body);
	free(x->stamps);
	free(x);
}

void answers_free(struct answers *a)
{
	if (!a)
		return;
	for (struct answer *x = a->head, *n; x; x = n) {
		n = x->next;
		answer_free(x);
	}
	free(a->bucket);
	pthread_mutex_destroy(&a->mu);
	free(a);
}

static void unlink_use(struct answers *a, struct answer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		a->head = x->next;
	if (x->next)
		x->next->prev = x->prev;
	else
		a->tail = x->prev;
	x->prev = x->next = NULL;
}

static void push_use(struct answers *a, struct answer *x)
{
	x->next = a->head;
	if (a->head)
		a->head->prev = x;
	a->head = x;
	if (!a->tail)
		a->tail = x;
}

static struct answer **slot(struct answers *a, uint64_t h, const char *key, size_t klen)
{
	struct answer **p = &a->bucket[h & (a->nbucket - 1)];
	while (*p && !((*p)->h == h && (*p)->klen == klen && !memcmp((*p)->key, key, klen)))
		p = &(*p)->chain;
	return p;
}

static void evict_oldest(struct answers *a)
{
	struct answer *x = a->tail;
	*slot(a, x->h, x->key, x->klen) = x->chain;
	unlink_use(a, x);
	a->n--;
	a->bytes -= x->len + x->klen;
	answer_free(x);
}

bool answers_get(struct answers *a, const char *key, size_t klen, const char *now,
		 struct strbuf *out)
{
	if (!a)
		return false;
	uint64_t h = hash_fnv1a64(HASH_FNV64_INIT, key, klen);
	pthread_mutex_lock(&a->mu);
	struct answer *x = *slot(a, h, key, klen);
	if (x) {
		unlink_use(a, x);
		push_use(a, x);
		size_t at = out->len;
		strbuf_add(out, x->body, x->len);
		for (size_t i = 0; i < x->nstamps; i++)
			memcpy(out->buf + at + x->stamps[i], now, STAMP_LEN);
		a->hits++;
	} else {
		a->misses++;
	}
	pthread_mutex_unlock(&a->mu);
	return x != NULL;
}

void answers_put(struct answers *a, const char *key, size_t klen, const char *stamp,
		 const char *body, size_t len)
{
	if (!a || len > ANSWER_MAX || strlen(stamp) != STAMP_LEN)
		return;
	char pat[64];
	int plen = snprintf(pat, sizeof pat, "\"screened_at\":\"%s\"", stamp);
	struct answer *x = xcalloc(1, sizeof *x);
	for (const char *p = body; (p = memmem(p, len - (size_t)(p - body), pat, (size_t)plen));
	     p += plen) {
		x->stamps = xreallocarray(x->stamps, x->nstamps + 1, sizeof *x->stamps);
		x->stamps[x->nstamps++] = (size_t)(p - body) + (size_t)plen - 1 - STAMP_LEN;
	}
	x->key = xmalloc(klen);
	memcpy(x->key, key, klen);
	x->klen = klen;
	x->body = xmalloc(len);
	memcpy(x->body, body, len);
	x->len = len;
	x->h = hash_fnv1a64(HASH_FNV64_INIT, key, klen);
	pthread_mutex_lock(&a->mu);
	struct answer **p = slot(a, x->h, key, klen);
	if (*p) { /* another request made it meanwhile */
		pthread_mutex_unlock(&a->mu);
		answer_free(x);
		return;
	}
	*p = x;
	push_use(a, x);
	a->n++;
	a->bytes += len + klen;
	while (a->n > a->max || a->bytes > ANSWERS_BYTES)
		evict_oldest(a);
	pthread_mutex_unlock(&a->mu);
}

void answers_counts(struct answers *a, uint64_t *hits, uint64_t *misses, size_t *n)
{
	*hits = *misses = 0;
	*n = 0;
	if (!a)
		return;
	pthread_mutex_lock(&a->mu);
	*hits = a->hits;
	*misses = a->misses;
	*n = a->n;
	pthread_mutex_unlock(&a->mu);
}
