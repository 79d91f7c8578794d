/*
 * server.h — `chipscreen serve`: the fleet over HTTP(S) (doc/api.md).
 *
 * Agents POST collect documents to /api/v1/inventories; readers GET the
 * hosts, a host's scan, the fleet report, and search or screen names.
 * The pieces, one file each:
 *
 *   http.c     libmicrohttpd: connections, limits, timeouts, TLS, the
 *              request log, SIGTERM drain;
 *   auth.c     bearer tokens (store/token.h) held in memory, refreshed
 *              every second; roles per route; per-token rate limit;
 *   api.c      the routes under /api/v1 and their JSON;
 *   body.c     decoding a body: gzip, zstd, JSON depth and member limits;
 *   hosts.c    host list and history, read on pooled read-only connections;
 *   answers.c  search answers kept for the queries asked again;
 *   writer.c   the one thread that writes uploads, in batches, and
 *              acknowledges each only after its batch is committed;
 *   metrics.c  Prometheus text.
 *
 * Readers use read-only connections of their own: in WAL mode they read the
 * last committed state and never wait on the writer.  The writer's
 * connection uses synchronous=FULL, so a commit is on disk (the WAL fsync'd)
 * before any upload of its batch gets its 201.
 */
#ifndef SERVER_SERVER_H
#define SERVER_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

struct server_config {
	const char *db, *listen, *tls_cert, *tls_key, *config, *log_file;
	bool insecure;
	size_t body_limit;          /* bytes of body, and of the decoded document; 413 above */
	unsigned connections;       /* simultaneous connections */
	unsigned idle_timeout;      /* seconds a connection may stay silent */
	unsigned request_timeout;   /* seconds a request may take to arrive */
	unsigned json_depth;        /* nesting of arrays and objects */
	size_t json_members;        /* values in one document */
	double rate;                /* requests per second per token; 0: no limit */
	unsigned burst;             /* requests a token may make at once */
	unsigned batch;             /* uploads per commit, at most */
	unsigned search_cache;      /* search answers kept (server/answers.c); 0: none */
	unsigned drain;             /* seconds SIGTERM waits for requests in flight */
	bool quiet;                 /* no request log */
};

void server_config_defaults(struct server_config *c);
/* Run until SIGTERM or SIGINT; 0 after a clean stop, -1 with err. */
int server_run(const struct server_config *c, struct strbuf *err);

#endif
