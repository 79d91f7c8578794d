/*
 * pipeline.c — see pipeline.h.
 *
 * The ring holds workers * 32 slots; input i goes to slot i % nring.  A
 * worker takes the next input once its slot is free (the consumer has
 * passed input i - nring), marks it busy, fills it without the lock and
 * marks it ready; the consumer waits for slot i to be ready with index i.
 * One mutex and one condition variable serve both directions: the waits are
 * per file (milliseconds), not per byte, so contention does not show.
 *
 * cJSON allocates every node with malloc; a worker hands it an arena
 * (util/arena.h) instead, through cJSON's global hooks and a thread-local
 * pointer, reset after each file: a document of 100,000 nodes is then a
 * few block allocations, not 100,000 mallocs and frees.
 */
#include "import/pipeline.h"
#include "import/import-int.h"
#include "inventory-json.h"
#include "util/arena.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

static _Thread_local struct arena *json_arena;

/* cJSON's hooks: the thread's arena while it parses a file, else malloc. */
static void *json_alloc(size_t n)
{
	return json_arena ? arena_alloc_uninit(json_arena, n) : malloc(n);
}

static void json_free(void *p)
{
	if (!json_arena)
		free(p);
}

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

struct slot {
	int state;
	struct import_item item;
};

struct pipeline {
	const char *const *paths;
	size_t n;
	enum import_format fmt;
	const struct import_pipeline_calls *c;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot *ring;
	size_t nring, next, consumed;
	bool stop;
};

/* What one reading thread owns: the caller's state and cJSON's arena. */
struct reader {
	void *state;
	struct arena *ja;
};

static void reader_begin(const struct pipeline *pl, struct reader *r)
{
	r->state = pl->c->thread_begin ? pl->c->thread_begin(pl->c->ctx) : NULL;
	r->ja = arena_new();
}

static void reader_end(const struct pipeline *pl, struct reader *r)
{
	if (pl->c->thread_end)
		pl->c->thread_end(pl->c->ctx, r->state);
	arena_free(r->ja);
}

/* cJSON (allocating from the thread's arena), then inventory_from_json,
 * which says what is wrong. */
static void parse_general(struct import_item *it, struct arena *ja)
{
	json_arena = ja;
	struct strbuf e = STRBUF_INIT;
	/* as every JSON importer reads it: one document, said where not */
	cJSON *doc = import_json_parse(it->data.buf, it->data.len, &e);
	if (!doc) {
		strbuf_addf(&it->err, "%s: %s", it->path, e.buf);
	} else {
		if (inventory_from_json(doc, it->inv, &e) < 0)
			strbuf_addf(&it->err, "%s: %s", it->path, e.buf);
		cJSON_Delete(doc);
	}
	strbuf_release(&e);
	json_arena = NULL;
	arena_reset(ja);
}

/* A collect JSON file in it->data: parsed, checked, then the caller's part. */
static void read_inventory(const struct pipeline *pl, struct import_item *it, struct reader *r)
{
	it->inv = inventory_new();
	const struct import_pipeline_calls *c = pl->c;
	if (!c->read_fast || !c->read_fast(it->data.buf, it->data.len, it->inv)) {
		/* not the plain form: the general reader, on a fresh inventory */
		inventory_free(it->inv);
		it->inv = inventory_new();
		parse_general(it, r->ja);
	}
	/* as import_buffer holds for every other format (and scan for this
	 * one): a document from which nothing was read is an error, not a
	 * host without hardware */
	if (!it->err.len && !it->inv->ncomps && !it->inv->nunread)
		strbuf_addf(&it->err, "%s: nothing recognised: no component could be read from it as %s",
			    it->path, import_format_name(IMPORT_INVENTORY_JSON));
	if (it->err.len) {
		inventory_free(it->inv);
		it->inv = NULL;
	} else if (c->prepare) {
		c->prepare(c->ctx, r->state, it);
	}
}

/* A worker's part for one input: its format, and for collect JSON the rest. */
static void work(const struct pipeline *pl, struct import_item *it, struct reader *r)
{
	it->fmt = pl->fmt;
	if (it->fmt != IMPORT_AUTO && it->fmt != IMPORT_INVENTORY_JSON)
		return;
	if (read_file(it->path, IMPORT_MAX_FILE, &it->data, NULL) < 0) {
		/* unreadable: the caller's importer says why, in its turn */
		it->fmt = IMPORT_AUTO;
		return;
	}
	if (it->fmt == IMPORT_AUTO)
		it->fmt = import_detect(it->data.buf, it->data.len, it->path);
	if (it->fmt == IMPORT_INVENTORY_JSON)
		read_inventory(pl, it, r);
}

static void item_clear(const struct pipeline *pl, struct import_item *it)
{
	if (it->prep && pl->c->release)
		pl->c->release(pl->c->ctx, it->prep);
	inventory_free(it->inv);
	it->prep = NULL;
	it->inv = NULL;
	strbuf_reset(&it->data);
	strbuf_reset(&it->err);
}

/* Ask the kernel to start reading a file a worker will soon want: the
 * workers then wait less on a fleet that is not in the page cache. */
static void prefetch(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
		close(fd);
	}
}

/* Under the lock: the next input whose slot is free, or n when done. */
static size_t take_next(struct pipeline *pl)
{
	while (!pl->stop && pl->next < pl->n && pl->next >= pl->consumed + pl->nring)
		pthread_cond_wait(&pl->cv, &pl->mu);
	if (pl->stop || pl->next >= pl->n)
		return pl->n;
	size_t i = pl->next++;
	struct slot *s = &pl->ring[i % pl->nring];
	s->state = SLOT_BUSY;
	s->item.index = i;
	s->item.path = pl->paths[i];
	return i;
}

static void *worker(void *arg)
{
	struct pipeline *pl = arg;
	struct reader r;
	reader_begin(pl, &r);
	pthread_mutex_lock(&pl->mu);
	for (size_t i; (i = take_next(pl)) < pl->n;) {
		struct slot *s = &pl->ring[i % pl->nring];
		pthread_mutex_unlock(&pl->mu);
		if (i + pl->nring < pl->n)
			prefetch(pl->paths[i + pl->nring]);
		work(pl, &s->item, &r);
		pthread_mutex_lock(&pl->mu);
		s->state = SLOT_READY;
		pthread_cond_broadcast(&pl->cv);
	}
	pthread_mutex_unlock(&pl->mu);
	reader_end(pl, &r);
	return NULL;
}

static int jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

/* Start up to nworkers threads (none for one: this thread reads); how many ran. */
static int start_workers(struct pipeline *pl, pthread_t *th, int nworkers)
{
	int started = 0;
	for (; nworkers > 1 && started < nworkers; started++)
		if (pthread_create(&th[started], NULL, worker, pl) != 0)
			break;
	return started;
}

static void stop_workers(struct pipeline *pl, pthread_t *th, int started)
{
	pthread_mutex_lock(&pl->mu);
	pl->stop = true;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	for (int k = 0; k < started; k++)
		pthread_join(th[k], NULL);
}

/* Slot i once a worker has filled it (or, with no workers, filled here). */
static struct slot *wait_ready(struct pipeline *pl, size_t i, bool threads, struct reader *self)
{
	struct slot *s = &pl->ring[i % pl->nring];
	if (!threads) {
		s->item.index = i;
		s->item.path = pl->paths[i];
		work(pl, &s->item, self);
		return s;
	}
	pthread_mutex_lock(&pl->mu);
	while (s->state != SLOT_READY || s->item.index != i)
		pthread_cond_wait(&pl->cv, &pl->mu);
	pthread_mutex_unlock(&pl->mu);
	return s;
}

/* Input i consumed: its slot goes back to the workers. */
static void hand_back(struct pipeline *pl, struct slot *s, size_t i)
{
	item_clear(pl, &s->item);
	pthread_mutex_lock(&pl->mu);
	s->state = SLOT_FREE;
	pl->consumed = i + 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
}

/* The calling thread's loop: each input in order, until one says stop. */
static int consume_all(struct pipeline *pl, bool threads)
{
	struct reader self = {0};
	int rc = 0;
	if (!threads)
		reader_begin(pl, &self);
	for (size_t i = 0; i < pl->n; i++) {
		struct slot *s = wait_ready(pl, i, threads, &self);
		int r = pl->c->consume(pl->c->ctx, &s->item);
		if (r)
			rc = -1;
		if (r == IMPORT_PIPELINE_STOP)
			break;
		hand_back(pl, s, i);
	}
	if (!threads)
		reader_end(pl, &self);
	return rc;
}

static void ring_free(struct pipeline *pl)
{
	for (size_t k = 0; k < pl->nring; k++) {
		item_clear(pl, &pl->ring[k].item);
		strbuf_release(&pl->ring[k].item.data);
		strbuf_release(&pl->ring[k].item.err);
	}
	free(pl->ring);
}

int import_pipeline_run(const char *const *paths, size_t n, enum import_format fmt, int jobs,
			const struct import_pipeline_calls *calls)
{
	struct pipeline pl = {.paths = paths, .n = n, .fmt = fmt, .c = calls};
	int nworkers = jobs > 0 ? jobs : jobs_default();
	pl.nring = (size_t)nworkers * 32;
	pl.ring = xcalloc(pl.nring, sizeof *pl.ring);
	for (size_t k = 0; k < pl.nring; k++) {
		strbuf_init(&pl.ring[k].item.data, 0);
		strbuf_init(&pl.ring[k].item.err, 0);
	}
	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	cJSON_Hooks hooks = {json_alloc, json_free};
	cJSON_InitHooks(&hooks);
	pthread_t *th = xcalloc((size_t)nworkers, sizeof *th);
	int started = start_workers(&pl, th, nworkers);
	int rc = consume_all(&pl, started > 0);
	stop_workers(&pl, th, started);
	cJSON_InitHooks(NULL);
	ring_free(&pl);
	pthread_mutex_destroy(&pl.mu);
	pthread_cond_destroy(&pl.cv);
	free(th);
	return rc;
}
