/*
 * http.c — the server's HTTP side, on libmicrohttpd.
 *
 * A thread per connection (MHD's own): a request may wait for the writer's
 * commit without holding up others, and MHD's connection limit bounds the
 * threads.  What is checked before a body is read: the route and method,
 * the token, its role and its rate, the declared length — a client that
 * fails any of them gets its answer without the server reading its upload.
 * A body larger than the limit, or arriving slower than the request timeout
 * allows, is cut; a connection silent longer than the idle timeout is
 * closed by MHD.
 *
 * One log line per request: time, token name ("-" without one), method,
 * path (without the query, which may hold a name being screened), status,
 * bytes sent, milliseconds.  Never the token itself.
 *
 * SIGTERM or SIGINT: stop accepting, let the requests in flight finish (up
 * to `drain` seconds), write what the writer holds, close the store.
 */
#include "server/server-int.h"
#include "store/token.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct conn_state {
	double start;
	enum route route;
	struct strbuf body;
	unsigned early;      /* status decided before the body; 0 none */
	size_t dropped;      /* bytes of body read and dropped under an early answer */
	char early_why[256];
	struct auth_who who;
	bool authed;
	bool answered;
};

static atomic_int in_flight;
static int log_fd = 2;

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void log_request(const struct server *s, const struct conn_state *cs, const char *method,
			const char *url, unsigned status, size_t bytes)
{
	if (s->cfg->quiet)
		return;
	char ts[21], line[1024];
	size_t plen = strcspn(url, "?");
	int n = snprintf(line, sizeof line, "%s %s %s %.*s %u %zu %.1fms\n", timestamp_now(ts),
			 cs->authed ? cs->who.name : "-", method, (int)(plen > 300 ? 300 : plen),
			 url, status, bytes, (mono() - cs->start) * 1000);
	if (n > 0) /* one write per line, O_APPEND: lines never mix */
		(void)!write(log_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static enum MHD_Result send_answer(struct server *s, struct MHD_Connection *c,
				   struct conn_state *cs, const char *method, const char *url,
				   struct api_response *r)
{
	size_t len;
	char *buf = strbuf_detach(&r->body, &len);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(buf);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				r->content_type ? r->content_type : "application/json");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (r->status == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer realm=\"chipscreen\"");
	if (r->status == 429)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	enum MHD_Result ok = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	cs->answered = true;
	metrics_request(s->metrics, cs->route, r->status, mono() - cs->start);
	log_request(s, cs, method, url, r->status, len);
	return ok;
}

static enum MHD_Result send_error(struct server *s, struct MHD_Connection *c,
				  struct conn_state *cs, const char *method, const char *url,
				  unsigned status, const char *why)
{
	struct api_response r = {.status = status};
	strbuf_init(&r.body, 0);
	api_error(&r, status, "%s", why);
	return send_answer(s, c, cs, method, url, &r);
}

const char *api_arg(const struct api_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* A query argument holding a NUL byte (%00): read as a C string it ends
 * there, "Acme%00Banco Nacional de Cuba" searched as "Acme", no hit. */
static enum MHD_Result arg_nul(void *cls, enum MHD_ValueKind kind, const char *key,
			       size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	(void)key_size;
	const char **bad = cls;
	if (value && memchr(value, '\0', value_size)) {
		*bad = key;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Everything decided from the request line and headers. */
static void check_headers(struct server *s, struct MHD_Connection *c, struct conn_state *cs,
			  const char *method, const char *url)
{
	bool method_ok;
	cs->route = api_route(method, url, &method_ok);
	const char *why = NULL;
	if (cs->route == R_NONE) {
		cs->early = 404;
		snprintf(cs->early_why, sizeof cs->early_why, "no such resource");
		return;
	}
	if (!method_ok) {
		cs->early = 405;
		snprintf(cs->early_why, sizeof cs->early_why, "method %.16s not allowed here",
			 method);
		return;
	}
	const char *nul = NULL;
	MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, arg_nul, &nul);
	if (nul) {
		cs->early = 400;
		snprintf(cs->early_why, sizeof cs->early_why,
			 "%.64s: the value holds a NUL byte (%%00)", nul);
		return;
	}
	unsigned roles = api_roles(cs->route);
	if (!roles)
		return;
	const char *authz =
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	int st = auth_check(s->auth, authz, &cs->who, &why);
	if (st) {
		cs->early = (unsigned)st;
		snprintf(cs->early_why, sizeof cs->early_why, "%s", why);
		return;
	}
	cs->authed = true;
	if (!(cs->who.role & roles)) {
		cs->early = 403;
		snprintf(cs->early_why, sizeof cs->early_why,
			 "the token's role (%s) may not use this route",
			 token_role_name(cs->who.role));
		return;
	}
	if (!auth_rate_ok(s->auth, cs->who.id)) {
		cs->early = 429;
		snprintf(cs->early_why, sizeof cs->early_why,
			 "too many requests for this token: at most %g a second", s->cfg->rate);
		return;
	}
	const char *cl =
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && strtoull(cl, NULL, 10) > s->cfg->body_limit) {
		cs->early = 413;
		snprintf(cs->early_why, sizeof cs->early_why, "the body is larger than %zu bytes",
			 s->cfg->body_limit);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct conn_state *cs = *con_cls;
	if (!cs) {
		cs = xcalloc(1, sizeof *cs);
		cs->start = mono();
		strbuf_init(&cs->body, 0);
		*con_cls = cs;
		atomic_fetch_add(&in_flight, 1);
		check_headers(s, c, cs, method, url);
		/* A body too large is refused before it is sent.  Other early
		 * answers (401, 403, 429) wait until the client has sent its
		 * body, read and dropped: answered mid-upload, the connection
		 * is closed under a client still writing, which then sees a
		 * reset instead of the status (curl: "status 0"). */
		if (cs->early == 413)
			return send_error(s, c, cs, method, url, cs->early, cs->early_why);
		return MHD_YES;
	}
	if (cs->answered)
		return MHD_YES;
	if (*upload_size && cs->early) {
		if (mono() - cs->start > s->cfg->request_timeout)
			return MHD_NO;
		cs->dropped += *upload_size;
		*upload_size = 0;
		if (cs->dropped > s->cfg->body_limit) /* bounded, as a body kept is */
			return send_error(s, c, cs, method, url, cs->early, cs->early_why);
		return MHD_YES;
	}
	if (cs->early)
		return send_error(s, c, cs, method, url, cs->early, cs->early_why);
	if (*upload_size) {
		if (mono() - cs->start > s->cfg->request_timeout)
			return MHD_NO; /* a body that arrives too slowly: close */
		if (cs->body.len + *upload_size > s->cfg->body_limit) {
			*upload_size = 0;
			char why[96];
			snprintf(why, sizeof why, "the body is larger than %zu bytes",
				 s->cfg->body_limit);
			return send_error(s, c, cs, method, url, 413, why);
		}
		strbuf_add(&cs->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	struct api_request rq = {
		.method = method,
		.path = url,
		.conn = c,
		.body = cs->body.buf,
		.body_len = cs->body.len,
		.encoding = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							MHD_HTTP_HEADER_CONTENT_ENCODING),
		.who = cs->authed ? &cs->who : NULL,
	};
	struct api_response r = {.status = 500};
	strbuf_init(&r.body, 0);
	api_handle(s, cs->route, &rq, &r);
	return send_answer(s, c, cs, method, url, &r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	strbuf_release(&cs->body);
	free(cs);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

/* ---------------------------------------------------------------------- */
/* Start and stop                                                          */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, bool *loopback,
			bool *v6, struct strbuf *err)
{
	char host[256];
	const char *port;
	if (listen[0] == '[') {
		const char *end = strchr(listen, ']');
		if (!end || end[1] != ':' || (size_t)(end - listen - 1) >= sizeof host)
			goto bad;
		memcpy(host, listen + 1, (size_t)(end - listen - 1));
		host[end - listen - 1] = '\0';
		port = end + 2;
	} else {
		const char *colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof host)
			goto bad;
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = '\0';
		port = colon + 1;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 0 || p > 65535)
		goto bad;
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
				 .ai_socktype = SOCK_STREAM},
			*ai;
	if (getaddrinfo(host[0] ? host : "0.0.0.0", port, &hints, &ai) != 0)
		goto bad;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	if (*v6) {
		const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)ss;
		*loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
	} else {
		const struct sockaddr_in *a4 = (const struct sockaddr_in *)ss;
		*loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
	}
	return 0;
bad:
	strbuf_addf(err, "--listen %s: expected ADDRESS:PORT (127.0.0.1:8443, [::1]:8443)", listen);
	return -1;
}

/* The certificate (want_key false) or the key file, read and its PEM
 * blocks checked for what they hold: MHD only says that it failed. */
static int read_pem(const char *path, bool want_key, struct strbuf *out, struct strbuf *err)
{
	if (read_file(path, 1 << 20, out, err) < 0)
		return -1;
	strbuf_reset(err);
	if (!strstr(out->buf, "-----BEGIN ")) {
		strbuf_addf(err, "%s: not a PEM file (no -----BEGIN line)", path);
		return -1;
	}
	bool cert = strstr(out->buf, "-----BEGIN CERTIFICATE-----") != NULL;
	bool key = strstr(out->buf, "PRIVATE KEY-----") != NULL;
	if (want_key && strstr(out->buf, "-----BEGIN ENCRYPTED PRIVATE KEY-----"))
		strbuf_addf(err, "%s: the private key is encrypted: give it decrypted (readable by "
				 "the server's user only)", path);
	else if (want_key && !key)
		strbuf_addf(err, "%s: holds no private key (%s)", path,
			    cert ? "a certificate: --tls-cert and --tls-key swapped?"
				 : "no -----BEGIN ... PRIVATE KEY----- block");
	else if (!want_key && !cert)
		strbuf_addf(err, "%s: holds no certificate (%s)", path,
			    key ? "a private key: --tls-cert and --tls-key swapped?"
				: "no -----BEGIN CERTIFICATE----- block");
	return err->len ? -1 : 0;
}

/* What MHD says while it starts (a key that is not the certificate's, a
 * port in use), kept for the error; afterwards its messages are dropped,
 * as they were before a logger was given. */
static char start_msg[256];
static atomic_bool starting;

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	if (!atomic_load(&starting))
		return;
	char m[256];
	vsnprintf(m, sizeof m, fmt, ap);
	m[strcspn(m, "\n")] = '\0';
	if (m[0] && !start_msg[0])
		snprintf(start_msg, sizeof start_msg, "%s", m);
}

static struct MHD_Daemon *start_daemon(struct server *s, struct strbuf *cert, struct strbuf *key,
				       struct strbuf *err)
{
	const struct server_config *c = s->cfg;
	struct sockaddr_storage ss;
	bool loopback, v6;
	if (parse_listen(c->listen, &ss, &loopback, &v6, err) < 0)
		return NULL;
	bool tls = c->tls_cert || c->tls_key;
	if (tls && !(c->tls_cert && c->tls_key)) {
		strbuf_addstr(err, "give both --tls-cert and --tls-key");
		return NULL;
	}
	if (!tls && !loopback && !c->insecure) {
		strbuf_addf(err,
			    "%s is not a loopback address: give --tls-cert and --tls-key (or "
			    "--insecure to serve plain HTTP anyway, behind a TLS proxy)",
			    c->listen);
		return NULL;
	}
	if (tls &&
	    (read_pem(c->tls_cert, false, cert, err) < 0 || read_pem(c->tls_key, true, key, err) < 0))
		return NULL;
	if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		strbuf_addstr(err, "this libmicrohttpd was built without TLS");
		return NULL;
	}
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG | (tls ? MHD_USE_TLS : 0) |
			 (v6 ? MHD_USE_IPv6 : 0);
	struct MHD_OptionItem opts[] = {
		{MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL},
		{MHD_OPTION_SOCK_ADDR, 0, &ss},
		{MHD_OPTION_CONNECTION_LIMIT, c->connections, NULL},
		{MHD_OPTION_CONNECTION_TIMEOUT, c->idle_timeout, NULL},
		{MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
		{tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert->buf},
		{MHD_OPTION_HTTPS_MEM_KEY, 0, key->buf},
		{MHD_OPTION_END, 0, NULL},
	};
	start_msg[0] = '\0';
	atomic_store(&starting, true);
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
						MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	atomic_store(&starting, false);
	if (d)
		return d;
	/* MHD names the certificate and key as "x509" or "certificate" */
	if (tls && (strstr(start_msg, "x509") || strstr(start_msg, "ertificate") ||
		    strstr(start_msg, "TLS") || strstr(start_msg, "key")))
		strbuf_addf(err, "%s and %s: the key is not the certificate's, or either cannot "
				 "be used (%s)",
			    c->tls_cert, c->tls_key, start_msg);
	else if (strstr(start_msg, "bind") && strrchr(start_msg, ':'))
		/* "Failed to bind to port 0: ...": the port is in the address */
		strbuf_addf(err, "cannot listen on %s:%s", c->listen, strrchr(start_msg, ':') + 1);
	else
		strbuf_addf(err, "cannot listen on %s: %s", c->listen,
			    start_msg[0] ? start_msg : "libmicrohttpd could not start");
	return NULL;
}

void server_block_signals(void)
{
	/* before any thread starts: threads inherit the mask, so SIGTERM and
	 * SIGINT reach only the sigwait of server_listen_and_wait */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void drain(const struct server *s, struct MHD_Daemon *d)
{
	/* no new connections: MHD stops accepting and hands the listening
	 * socket back; closed, connecting clients are refused at once rather
	 * than left waiting in its backlog */
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	double until = mono() + s->cfg->drain;
	while (atomic_load(&in_flight) > 0 && mono() < until) {
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

int server_listen_and_wait(struct server *s, struct strbuf *err)
{
	const struct server_config *c = s->cfg;
	if (c->log_file &&
	    (log_fd = open(c->log_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) < 0) {
		strbuf_addf(err, "%s: cannot open the log: %s", c->log_file, strerror(errno));
		log_fd = 2;
		return -1;
	}
	sigset_t set; /* blocked in every thread by server_block_signals */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	struct strbuf cert = STRBUF_INIT, key = STRBUF_INIT;
	struct MHD_Daemon *d = start_daemon(s, &cert, &key, err);
	if (!d) {
		strbuf_release(&cert);
		strbuf_release(&key);
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "chipscreen serve: listening on %s://%s (port %u), store %s\n",
		c->tls_cert ? "https" : "http", c->listen, info ? info->port : 0, c->db);
	int sig;
	sigwait(&set, &sig);
	fprintf(stderr, "chipscreen serve: %s: finishing %d request(s) in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT", atomic_load(&in_flight));
	drain(s, d);
	MHD_stop_daemon(d);
	strbuf_release(&cert);
	strbuf_release(&key);
	if (log_fd != 2)
		close(log_fd);
	log_fd = 2;
	return 0;
}
