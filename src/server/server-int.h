/*
 * server-int.h — what the parts of the server share (server/server.h).
 */
#ifndef SERVER_INT_H
#define SERVER_INT_H

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "identify/identify.h"
#include "lists/index-load.h"
#include "rules/rules.h"
#include "server/server.h"
#include "store/fleet.h"
#include "store/token.h"

/* Routes, for the role check and the metrics' labels. */
enum route {
	R_HEALTHZ,
	R_METRICS,
	R_INVENTORIES,
	R_HOSTS,
	R_HOST,
	R_HOST_SCAN,
	R_FLEET,
	R_SEARCH,
	R_SCREEN,
	R_REPORT, /* the fleet document for auditors (HTML) */
	R_NONE,   /* no such route: 404 */
	ROUTE__COUNT
};
const char *route_name(enum route r);

/* ---- auth.c */
struct auth;
struct auth_who {
	int64_t id;
	char name[128];
	enum token_role role;
};
struct auth *auth_new(const char *db, double rate, unsigned burst, struct strbuf *err);
void auth_free(struct auth *a);
/* 0 and *who filled, or the HTTP status to answer (401) with *why. */
int auth_check(struct auth *a, const char *authorization, struct auth_who *who, const char **why);
/* The token may make one more request now (token bucket). */
bool auth_rate_ok(struct auth *a, int64_t token);

/* ---- writer.c */
struct writer;
struct upload_job {
	struct fleet_prepared *prep;
	struct fleet_imported res;
	int rc;
	char err[512];
	bool done;
	struct upload_job *next;
};
struct writer *writer_start(const char *db, unsigned batch, struct strbuf *err);
/* Queue the job and wait until its batch is committed (rc 0) or failed. */
void writer_submit(struct writer *w, struct upload_job *j);
/* Write what is queued, then stop the thread and close. */
void writer_stop(struct writer *w);
uint64_t writer_commits(struct writer *w);

/* ---- metrics.c */
struct metrics;
struct metrics *metrics_new(void);
void metrics_free(struct metrics *m);
void metrics_request(struct metrics *m, enum route r, unsigned status, double seconds);
enum upload_outcome { UP_NEW, UP_CHANGED, UP_UNCHANGED, UP_REJECTED, UP_FAILED, UP__COUNT };
void metrics_upload(struct metrics *m, enum upload_outcome o);
/* extra: lines appended (gauges read by the caller). */
void metrics_render(struct metrics *m, struct strbuf *out);

/* ---- body.c */
/* What decoding keeps from one body to the next, and what it found. */
struct body_decoder {
	void *zd;        /* ZSTD_DCtx, made at the first zstd body */
	bool zstd_frame; /* the body was one zstd frame that declared its decoded size */
};
void body_decoder_free(struct body_decoder *bd);
/* Decode a body by its Content-Encoding (NULL, identity, gzip, zstd) into
 * out, at most max bytes.  0, or the HTTP status (400, 413, 415) with why.
 * bd NULL: nothing kept. */
int body_decode(struct body_decoder *bd, const char *encoding, const char *in, size_t len,
		size_t max, struct strbuf *out, struct strbuf *why);
/* The body as one JSON document (cJSON), nothing but whitespace after it;
 * NULL with why ("not valid JSON (near byte N)", or what follows). */
struct cJSON;
struct cJSON *body_json_parse(const char *s, size_t len, struct strbuf *why);
/* JSON's nesting and count of values, without parsing it, and no \u0000 in
 * a string; 0, or 400 with why. */
int body_json_limits(const char *s, size_t len, unsigned max_depth, size_t max_values,
		     struct strbuf *why);

/* ---- answers.c: search answers kept, by query and day */
struct answers;
struct answers *answers_new(size_t max); /* max 0: NULL, nothing kept */
void answers_free(struct answers *a);
/* The answer kept for key, with now (a timestamp) as every hit's
 * screened_at, appended to out: true; false when none is kept. */
bool answers_get(struct answers *a, const char *key, size_t klen, const char *now,
		 struct strbuf *out);
/* Keep body, the answer to key, made with stamp as its hits' screened_at. */
void answers_put(struct answers *a, const char *key, size_t klen, const char *stamp,
		 const char *body, size_t len);
void answers_counts(struct answers *a, uint64_t *hits, uint64_t *misses, size_t *n);

/* ---- hosts.c */
struct cJSON;
int hosts_list(struct fleet *f, int64_t after, int limit, struct cJSON **out, struct strbuf *err);
int hosts_get(struct fleet *f, int64_t id, struct cJSON **out, struct strbuf *err);
int hosts_last_snapshot(struct fleet *f, int64_t id, int64_t *snapshot, struct strbuf *err);

/* ---- the server's state, shared by the routes */
struct server {
	const struct server_config *cfg;
	struct auth *auth;
	struct writer *writer;
	struct metrics *metrics;
	/* read-only connections, one per request at a time */
	pthread_mutex_t pool_mu;
	struct fleet **pool;
	size_t npool;
	/* the engine (rules, knowledge, name index) and the connection that
	 * records screening runs: one request at a time */
	pthread_mutex_t engine_mu;
	struct ruleset *rs;
	struct kb *kb;
	struct fleet *screen_f;
	struct store *index_st;
	/* the name index, read-only once built: each search takes a scratch
	 * of its own from the free ones (api.c scratch_take), so searches run
	 * side by side; index_mu guards that list only */
	struct nindex *ix;
	pthread_mutex_t index_mu;
	struct nx_scratch **scratch;
	size_t nscratch;
	struct lsource *src; /* the loaded lists, for each hit's audit trail */
	size_t nsrc;
	struct hit_writer *hits; /* each entry's part of a hit, kept printed */
	char lists_version[256];
	struct answers *answers; /* NULL: --search-cache 0 */
	/* uploads decoded, parsed and prepared at once, at most (two per CPU):
	 * more would not go faster and would each hold a document in memory */
	sem_t prepare_slots;
	/* what each of them reuses, free ones on a stack */
	struct upload_slot *slot_mem, **slots;
	size_t nslots, nslot_mem;
};

/* An upload's working set, reused from one upload to the next: allocating
 * them afresh (a quarter of a MiB of document, mapped and faulted in page by
 * page, a zstd decoder) cost more than parsing. */
struct upload_slot {
	struct fleet_preparer *pr; /* NULL: fleet_prepare makes one for the call */
	struct body_decoder bd;
	struct strbuf doc; /* the decoded document */
};
/* Wait for a free slot and take it; give it back when the document is no
 * longer needed. */
/* Everything server_run sets up before it listens: the upload slots, the
 * writer, the tokens' table, the engine (rules, knowledge, index); and its
 * undoing (also after a failed open).  The fuzz harnesses (fuzz/fuzz-server.h)
 * drive the routes of a server opened so, with no socket. */
int server_open(struct server *s, const struct server_config *c, struct strbuf *err);
void server_close(struct server *s);
struct upload_slot *server_slot(struct server *s);
void server_slot_done(struct server *s, struct upload_slot *u);

/* http.c: listen, serve until SIGTERM/SIGINT, drain. */
int server_listen_and_wait(struct server *s, struct strbuf *err);
/* Block SIGTERM and SIGINT (and ignore SIGPIPE) before any thread starts. */
void server_block_signals(void);

struct fleet *server_reader(struct server *s, struct strbuf *err);
void server_reader_done(struct server *s, struct fleet *f);

/* ---- api.c: one request, its body read */
struct api_request {
	const char *method, *path;
	void *conn; /* struct MHD_Connection */
	const char *body;
	size_t body_len;
	const char *encoding;
	const struct auth_who *who;
};
struct api_response {
	unsigned status;
	const char *content_type;
	struct strbuf body;
};
enum route api_route(const char *method, const char *path, bool *method_ok);
/* The roles that may use the route (enum token_role bits); 0: no token needed. */
unsigned api_roles(enum route r);
void api_handle(struct server *s, enum route r, const struct api_request *rq,
		struct api_response *out);
/* The query argument, or NULL (http.c). */
const char *api_arg(const struct api_request *rq, const char *name);
/* {"error": why} with status. */
void api_error(struct api_response *out, unsigned status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
