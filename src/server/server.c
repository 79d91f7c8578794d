/*
 * server.c — `chipscreen serve` set up and torn down (server/server.h):
 * the store's tables, the writer, the tokens, the read connections, the
 * engine (rules, profiles, knowledge) and the name index, then http.c
 * serves until SIGTERM.
 */
#include "lists/hit-json.h"
#include "lists/lists.h"
#include "rules/judge.h"
#include "server/server-int.h"
#include "util/xalloc.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void server_config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof *c);
	c->body_limit = 8u << 20;
	c->connections = 256;
	c->idle_timeout = 30;
	c->request_timeout = 60;
	c->json_depth = 32;
	c->json_members = 1000000;
	c->rate = 20;
	c->burst = 40;
	c->batch = 64;
	c->search_cache = 4096;
	c->drain = 30;
}

struct fleet *server_reader(struct server *s, struct strbuf *err)
{
	struct fleet *f = NULL;
	pthread_mutex_lock(&s->pool_mu);
	if (s->npool)
		f = s->pool[--s->npool];
	pthread_mutex_unlock(&s->pool_mu);
	if (!f) {
		if (fleet_open(&f, s->cfg->db, true, err) < 0)
			return NULL;
		/* a reader reads a host or a page of hosts: a small cache will do
		 * (fleet_open sizes it for imports) */
		sqlite3_exec(fleet_store(f)->db, "PRAGMA cache_size=-4096", NULL, NULL, NULL);
	}
	return f;
}

void server_reader_done(struct server *s, struct fleet *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&s->pool_mu);
	if (s->npool < 64) {
		s->pool[s->npool++] = f;
		f = NULL;
	}
	pthread_mutex_unlock(&s->pool_mu);
	fleet_close(f);
}

/* chipscreen_list_info lines, read once: the lists do not change under a running server. */
static void lists_version(struct server *s)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->index_st->db,
			       "SELECT id, coalesce(version, ''), entries FROM list_sources ORDER BY id",
			       -1, &q, NULL) != SQLITE_OK)
		return; /* no lists imported: no line */
	size_t used = 0;
	while (sqlite3_step(q) == SQLITE_ROW && used < sizeof s->lists_version - 1) {
		int n = snprintf(s->lists_version + used, sizeof s->lists_version - used,
				 "chipscreen_list_info{list=\"%s\",version=\"%s\"} %lld\n",
				 (const char *)sqlite3_column_text(q, 0),
				 (const char *)sqlite3_column_text(q, 1),
				 (long long)sqlite3_column_int64(q, 2));
		if (n < 0 || (size_t)n >= sizeof s->lists_version - used) {
			s->lists_version[used] = '\0';
			break;
		}
		used += (size_t)n;
	}
	sqlite3_finalize(q);
}

/* Entries in the store's lists; 0 when none was ever imported. */
static int64_t list_entries(struct store *st)
{
	sqlite3_stmt *q;
	int64_t n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM list_entries", -1, &q, NULL) !=
	    SQLITE_OK)
		return 0; /* no lists table yet */
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* The bytes of hits' printed entry parts kept (lists/hit-json.c): about a
 * KiB an entry, so 16,000 entries, all of the OFAC SDN list twice over; a
 * server with more entries keeps those it meets first. */
#define HIT_PARTS_KEPT ((size_t)16 << 20)

static int engine_open(struct server *s, struct strbuf *err)
{
	const char *db = s->cfg->db;
	if (!(s->rs = ruleset_load(NULL, err)) || profiles_load(s->rs, NULL, err) < 0 ||
	    !(s->kb = kb_load(NULL, NULL, NULL, err)) || judge_check_parties(s->rs, s->kb, err) < 0 ||
	    fleet_open(&s->screen_f, db, false, err) < 0 ||
	    store_open(&s->index_st, db, false, err) < 0)
		return -1;
	sqlite3_exec(fleet_store(s->screen_f)->db, "PRAGMA cache_size=-32768", NULL, NULL, NULL);
	/* no lists: no index, and search and screen answer 503 saying so */
	if (list_entries(s->index_st) > 0 && nindex_load(&s->ix, s->index_st, err) < 0)
		return -1;
	if (s->ix)
		nindex_build_keys(s->ix); /* before the searches: they only read the index */
	if (lists_sources(s->index_st, &s->src, &s->nsrc, err) < 0)
		return -1;
	lists_version(s);
	s->answers = answers_new(s->cfg->search_cache);
	s->hits = hit_writer_new(s->ix, s->src, s->nsrc, HIT_PARTS_KEPT);
	return 0;
}

static void server_free(struct server *s)
{
	writer_stop(s->writer);
	auth_free(s->auth);
	metrics_free(s->metrics);
	for (size_t i = 0; i < s->npool; i++)
		fleet_close(s->pool[i]);
	free(s->pool);
	fleet_close(s->screen_f);
	for (size_t i = 0; i < s->nscratch; i++)
		nx_scratch_free(s->scratch[i]);
	free(s->scratch);
	hit_writer_free(s->hits);
	nindex_free(s->ix);
	answers_free(s->answers);
	free(s->src);
	store_close(s->index_st);
	kb_free(s->kb);
	ruleset_free(s->rs);
	pthread_mutex_destroy(&s->pool_mu);
	pthread_mutex_destroy(&s->engine_mu);
	pthread_mutex_destroy(&s->index_mu);
	sem_destroy(&s->prepare_slots);
	for (size_t i = 0; i < s->nslot_mem; i++) {
		fleet_preparer_free(s->slot_mem[i].pr);
		body_decoder_free(&s->slot_mem[i].bd);
		strbuf_release(&s->slot_mem[i].doc);
	}
	free(s->slot_mem);
	free(s->slots);
}

struct upload_slot *server_slot(struct server *s)
{
	while (sem_wait(&s->prepare_slots) < 0)
		; /* EINTR */
	pthread_mutex_lock(&s->pool_mu);
	struct upload_slot *u = s->slots[--s->nslots]; /* never empty: the semaphore */
	pthread_mutex_unlock(&s->pool_mu);
	return u;
}

void server_slot_done(struct server *s, struct upload_slot *u)
{
	/* a document larger than agents send is not kept */
	if (u->doc.alloc > (1u << 20))
		strbuf_release(&u->doc);
	else
		strbuf_reset(&u->doc);
	pthread_mutex_lock(&s->pool_mu);
	s->slots[s->nslots++] = u;
	pthread_mutex_unlock(&s->pool_mu);
	sem_post(&s->prepare_slots);
}

int server_open(struct server *s, const struct server_config *c, struct strbuf *err)
{
	memset(s, 0, sizeof *s);
	s->cfg = c;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned slots = (unsigned)(ncpu < 1 ? 2 : ncpu > 16 ? 32 : 2 * ncpu);
	sem_init(&s->prepare_slots, 0, slots);
	s->slot_mem = xcalloc(slots, sizeof *s->slot_mem);
	s->slots = xcalloc(slots, sizeof *s->slots);
	for (unsigned i = 0; i < slots; i++) {
		struct upload_slot *u = &s->slot_mem[i];
		u->pr = fleet_preparer_new();
		strbuf_init(&u->doc, 0);
		s->slots[s->nslots++] = u;
	}
	s->nslot_mem = slots;
	pthread_mutex_init(&s->pool_mu, NULL);
	pthread_mutex_init(&s->engine_mu, NULL);
	pthread_mutex_init(&s->index_mu, NULL);
	s->pool = xcalloc(64, sizeof *s->pool);
	s->metrics = metrics_new();
	/* the tables first (fleet_open in the writer makes the fleet's) */
	if (!(s->writer = writer_start(c->db, c->batch, err)))
		return -1;
	struct store *st = NULL;
	if (store_open(&st, c->db, false, err) < 0 || token_schema(st, err) < 0) {
		store_close(st);
		return -1;
	}
	store_close(st);
	if (!(s->auth = auth_new(c->db, c->rate, c->burst, err)) || engine_open(s, err) < 0)
		return -1;
	return 0;
}

void server_close(struct server *s)
{
	server_free(s);
}

int server_run(const struct server_config *c, struct strbuf *err)
{
	struct server s;
	server_block_signals();
	/* A fixed mmap threshold: the large buffers of an upload that its slot
	 * does not keep (a body sent uncompressed, the inventory's larger arena
	 * blocks: hundreds of KiB) are mapped and unmapped, not left in the heaps
	 * of the connections' threads, which glibc would otherwise keep at their
	 * peak (its threshold grows with every such buffer freed): 120 MiB less
	 * at the peak of a 64-agent load.  The decoded document and the
	 * compressor's output, which every upload needs, stay in the slots. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	int rc = server_open(&s, c, err);
	if (rc == 0)
		rc = server_listen_and_wait(&s, err);
	server_close(&s);
	return rc;
}
