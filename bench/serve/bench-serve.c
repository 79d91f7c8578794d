/*
 * bench-serve.c — load for `chipscreen serve` (bench/bench-serve.sh).
 *
 *   bench-serve upload URL TOKEN CA CLIENTS SECONDS FILE...
 *       CLIENTS concurrent agents (libcurl multi, one keep-alive connection
 *       each) POST the collect documents FILE... round-robin, zstd-encoded as
 *       the agent sends them, for SECONDS; then print uploads/s, latency
 *       percentiles, errors, and write the (host, snapshot) of every 201 to
 *       acked.txt for the caller to check against the store.
 *       BENCH_DISTINCT=N: every upload a new host — the template's host UUID
 *       and serial rewritten to upload N, N+1, ... — compressed as it is sent.
 *       BENCH_WRAP=M: ... up to N+M-1, then N again (the same hosts report again).
 *       BENCH_MAX=N: stop after N uploads (with or before SECONDS).
 *   bench-serve search URL TOKEN CA CLIENTS SECONDS NAME...
 *       CLIENTS concurrent readers GET /api/v1/search?name=NAME, the names
 *       round-robin, for SECONDS; the same summary line.  Each reader is a
 *       keep-alive TLS connection of its own, driven by one thread with epoll
 *       over GnuTLS rather than libcurl ("search" below: why).
 *       BENCH_LIBCURL=1: the readers through libcurl multi, as the agents
 *       (the client before; its own CPU is the difference).
 *
 * CA "-" means plain HTTP.  Loopback only: the URL must be 127.0.0.1 or ::1.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

struct doc {
	char *buf;   /* zstd-compressed */
	size_t len;
	char *raw;   /* as read (BENCH_DISTINCT) */
	size_t rlen;
};

struct client {
	char *tmp, *zbuf; /* BENCH_DISTINCT: the document being sent */
	CURL *c;
	struct curl_slist *h;
	char answer[1024];
	size_t alen;
	double start;
	size_t next;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t keep(char *p, size_t size, size_t n, void *ctx)
{
	struct client *cl = ctx;
	size_t k = size * n;
	if (cl->alen + k < sizeof cl->answer) {
		memcpy(cl->answer + cl->alen, p, k);
		cl->alen += k;
		cl->answer[cl->alen] = '\0';
	}
	return k;
}

static int load(const char *path, struct doc *d)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *raw = malloc((size_t)n);
	if (!raw || fread(raw, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(raw);
		return -1;
	}
	fclose(f);
	size_t cap = ZSTD_compressBound((size_t)n);
	d->buf = malloc(cap);
	d->len = ZSTD_compress(d->buf, cap, raw, (size_t)n, 3);
	d->raw = raw;
	d->rlen = (size_t)n;
	return ZSTD_isError(d->len) ? -1 : 0;
}

/* Template d as host number id: its first UUID's last 12 digits and its
 * first serial made of id, compressed into out. */
static void distinct(const struct doc *d, unsigned long id, char *tmp, char *out, size_t cap,
		     size_t *len)
{
	memcpy(tmp, d->raw, d->rlen);
	char *u = memmem(tmp, d->rlen, "\"uuid\":\"", 8);
	char digits[16];
	if (u && u + 8 + 36 < tmp + d->rlen) {
		snprintf(digits, sizeof digits, "%012lx", id);
		memcpy(u + 8 + 24, digits, 12);
	}
	char *sn = memmem(tmp, d->rlen, "\"serial\":\"", 10);
	if (sn && sn + 10 + 8 < tmp + d->rlen && !memchr(sn + 10, '"', 8)) {
		snprintf(digits, sizeof digits, "%08lu", id % 100000000);
		memcpy(sn + 10, digits, 8);
	}
	*len = ZSTD_compress(out, cap, tmp, d->rlen, 1);
}

static long distinct_from = -1; /* BENCH_DISTINCT */
static size_t wrap = (size_t)-1;  /* BENCH_WRAP */
static size_t maxdoc;

static void set_body(struct client *cl, const struct doc *d, size_t k)
{
	if (distinct_from < 0) {
		curl_easy_setopt(cl->c, CURLOPT_POSTFIELDS, d->buf);
		curl_easy_setopt(cl->c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)d->len);
		return;
	}
	size_t len, cap = ZSTD_compressBound(maxdoc);
	if (!cl->tmp) {
		cl->tmp = malloc(maxdoc);
		cl->zbuf = malloc(cap);
	}
	distinct(d, (unsigned long)distinct_from + k % wrap, cl->tmp, cl->zbuf, cap, &len);
	curl_easy_setopt(cl->c, CURLOPT_POSTFIELDS, cl->zbuf);
	curl_easy_setopt(cl->c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Latencies in seconds, one per answered request. */
struct lats {
	double *v;
	size_t n, cap;
};

static void lat_add(struct lats *l, double t)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1 << 20;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v) {
			fprintf(stderr, "bench-serve: out of memory\n");
			exit(2);
		}
	}
	l->v[l->n++] = t;
}

/* The summary line bench-serve.sh reads. */
static void report(const char *what, struct lats *l, size_t errors, double wall, int nclients)
{
	size_t n = l->n;
	qsort(l->v, n, sizeof *l->v, cmp);
	printf("%s: %zu ok, %zu errors in %.2f s: %.0f/s; latency p50 %.2f ms, p99 %.2f ms, "
	       "max %.2f ms (%d clients)\n",
	       what, n, errors, wall, (double)n / wall, n ? l->v[n / 2] * 1000 : 0,
	       n ? l->v[(size_t)(n * 0.99)] * 1000 : 0, n ? l->v[n - 1] * 1000 : 0, nclients);
}

/* ---- search: one thread, epoll, HTTP/1.1 over GnuTLS ------------------------
 *
 * Through libcurl the readers cost a third of what the server spends on a
 * search (about 0.04 ms against 0.12: a transfer set up and its URL parsed
 * for each request, every socket polled and every handle visited on each
 * turn, reads until EAGAIN), on the same two CPUs as the server, so the
 * client's work showed in the server's latency.  Here each reader is still a
 * keep-alive TLS connection of its own (certificate and address verified, as
 * curl does); its requests' bytes are made once; epoll wakes the one thread
 * for the connections whose answer arrived, and a request costs one write and
 * one or two reads.  The latency of a request runs from just before its write
 * to the last byte of its answer, as with curl.  MHD's answers here are made
 * from one buffer: a status line, headers with Content-Length, the body. */

struct reader {
	int fd;
	gnutls_session_t tls; /* NULL: plain HTTP */
	size_t have, k;       /* bytes of the answer so far; request sent */
	double start;
	size_t in_off, in_len; /* TLS bytes read ahead, not yet decrypted */
	char in[1 << 16];
	char buf[1 << 16];
};

/* GnuTLS's reads, from what one recv brought: GnuTLS reads a record's header
 * and then its body, and an answer comes as two records (headers, body), four
 * system calls where one does. */
static ssize_t pull(gnutls_transport_ptr_t p, void *to, size_t len)
{
	struct reader *r = p;
	if (r->in_off == r->in_len) {
		ssize_t n = recv(r->fd, r->in, sizeof r->in, 0);
		if (n <= 0) {
			gnutls_transport_set_errno(r->tls, n < 0 ? errno : 0);
			return n;
		}
		r->in_off = 0;
		r->in_len = (size_t)n;
	}
	size_t k = r->in_len - r->in_off < len ? r->in_len - r->in_off : len;
	memcpy(to, r->in + r->in_off, k);
	r->in_off += k;
	return (ssize_t)k;
}

/* Read what arrived: > 0 bytes, 0 nothing yet, -1 the connection failed. */
static ssize_t reader_recv(struct reader *r)
{
	size_t room = sizeof r->buf - 1 - r->have;
	if (!r->tls) {
		ssize_t n = read(r->fd, r->buf + r->have, room);
		return n > 0 ? n : n < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : -1;
	}
	ssize_t n = gnutls_record_recv(r->tls, r->buf + r->have, room);
	return n > 0 ? n : n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED ? 0 : -1;
}

static int reader_send(struct reader *r, const char *p, size_t len)
{
	while (len) {
		ssize_t n = r->tls ? gnutls_record_send(r->tls, p, len) : write(r->fd, p, len);
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED ||
		    (!r->tls && n < 0 && (errno == EAGAIN || errno == EINTR)))
			continue; /* a few hundred bytes: the socket's buffer frees at once */
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The length of the answer complete in r->buf (headers and body), its status
 * set; 0 while bytes are missing; -1 if it cannot be read. */
static long answer_length(struct reader *r, int *status)
{
	r->buf[r->have] = '\0';
	char *eoh = strstr(r->buf, "\r\n\r\n");
	if (!eoh)
		return r->have == sizeof r->buf - 1 ? -1 : 0;
	char *cl = strcasestr(r->buf, "\r\ncontent-length:");
	if (sscanf(r->buf, "HTTP/1.%*d %d", status) != 1 || !cl || cl > eoh)
		return -1;
	long total = (long)(eoh + 4 - r->buf) + strtol(cl + 17, NULL, 10);
	if (total >= (long)sizeof r->buf)
		return -1;
	return (size_t)total <= r->have ? total : 0;
}

/* A connected, verified reader on HOST:PORT (TLS unless cred is NULL). */
static int reader_open(struct reader *r, const char *host, const char *port,
		       gnutls_certificate_credentials_t cred)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST}, *ai;
	if (getaddrinfo(host, port, &hints, &ai))
		return -1;
	r->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1, rc = r->fd < 0 ? -1 : connect(r->fd, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	if (rc < 0)
		return -1;
	setsockopt(r->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* as curl */
	if (cred) {
		gnutls_init(&r->tls, GNUTLS_CLIENT);
		gnutls_set_default_priority(r->tls);
		gnutls_credentials_set(r->tls, GNUTLS_CRD_CERTIFICATE, cred);
		gnutls_session_set_verify_cert(r->tls, host, 0);
		gnutls_transport_set_int(r->tls, r->fd);
		do
			rc = gnutls_handshake(r->tls);
		while (rc < 0 && !gnutls_error_is_fatal(rc));
		if (rc < 0) {
			fprintf(stderr, "bench-serve: TLS: %s\n", gnutls_strerror(rc));
			return -1;
		}
		gnutls_transport_set_ptr2(r->tls, r, (gnutls_transport_ptr_t)(intptr_t)r->fd);
		gnutls_transport_set_pull_function(r->tls, pull);
	}
	return fcntl(r->fd, F_SETFL, fcntl(r->fd, F_GETFL) | O_NONBLOCK);
}

static int search_lean(const char *url, const char *token, const char *ca, int nclients,
		       double seconds, char **names, size_t nnames)
{
	/* host and port of https://127.0.0.1:P or https://[::1]:P */
	char host[64], port[16];
	const char *h = strstr(url, "://") + 3, *colon = strrchr(h, ':');
	bool v6 = *h == '[';
	snprintf(host, sizeof host, "%.*s", (int)(colon - h - 2 * v6), h + v6);
	snprintf(port, sizeof port, "%.15s", colon + 1);
	gnutls_certificate_credentials_t cred = NULL;
	if (strcmp(ca, "-")) {
		gnutls_certificate_allocate_credentials(&cred);
		if (gnutls_certificate_set_x509_trust_file(cred, ca, GNUTLS_X509_FMT_PEM) <= 0) {
			fprintf(stderr, "bench-serve: %s: no certificate\n", ca);
			return 2;
		}
	}
	char **req = calloc(nnames, sizeof *req);
	size_t *rlen = calloc(nnames, sizeof *rlen);
	CURL *esc = curl_easy_init();
	for (size_t i = 0; i < nnames; i++) {
		char *e = curl_easy_escape(esc, names[i], 0);
		rlen[i] = (size_t)asprintf(&req[i],
					   "GET /api/v1/search?name=%s HTTP/1.1\r\nHost: %s:%s\r\n"
					   "Authorization: Bearer %s\r\nAccept: */*\r\n\r\n",
					   e, v6 ? "[::1]" : host, port, token);
		curl_free(e);
	}
	struct reader *rd = calloc((size_t)nclients, sizeof *rd);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	for (int i = 0; i < nclients; i++) {
		if (reader_open(&rd[i], host, port, cred) < 0) {
			fprintf(stderr, "bench-serve: cannot connect reader %d to %s\n", i, url);
			return 2;
		}
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &rd[i]};
		epoll_ctl(ep, EPOLL_CTL_ADD, rd[i].fd, &ev);
	}
	struct lats lat = {0};
	size_t next = 0, errors = 0;
	int busy = 0;
	double t0 = now(), end = t0 + seconds;
	for (int i = 0; i < nclients; i++) {
		rd[i].k = next++ % nnames;
		rd[i].start = now();
		if (reader_send(&rd[i], req[rd[i].k], rlen[rd[i].k]) == 0)
			busy++;
	}
	struct epoll_event evs[64];
	while (busy > 0) {
		int n = epoll_wait(ep, evs, 64, 1000);
		for (int e = 0; e < n; e++) {
			struct reader *r = evs[e].data.ptr;
			/* what was read ahead, or GnuTLS holds decrypted, is read
			 * before epoll is asked again */
			do {
				ssize_t got = reader_recv(r);
				int status = 0;
				long len = got > 0 ? (r->have += (size_t)got, answer_length(r, &status)) : 0;
				if (got < 0 || len < 0) {
					fprintf(stderr, "bench-serve: reader %td: %s\n", r - rd,
						got < 0 ? "connection lost" : "answer unreadable");
					errors++;
					busy--;
					epoll_ctl(ep, EPOLL_CTL_DEL, r->fd, NULL);
					break;
				}
				if (len == 0)
					continue;
				double t = now();
				if (status == 200) {
					lat_add(&lat, t - r->start);
				} else if (++errors < 5) {
					fprintf(stderr, "bench-serve: error: HTTP %d %.200s\n", status,
						strstr(r->buf, "\r\n\r\n") + 4);
				}
				r->have = 0;
				if (t >= end) {
					busy--;
					break;
				}
				r->k = next++ % nnames;
				r->start = now();
				if (reader_send(r, req[r->k], rlen[r->k]) < 0) {
					errors++;
					busy--;
					break;
				}
			} while (r->tls && (r->in_off < r->in_len || gnutls_record_check_pending(r->tls)));
		}
	}
	double wall = now() - t0;
	report("searches", &lat, errors, wall, nclients);
	for (int i = 0; i < nclients; i++) {
		if (rd[i].tls)
			gnutls_deinit(rd[i].tls);
		close(rd[i].fd);
	}
	for (size_t i = 0; i < nnames; i++)
		free(req[i]);
	free(req);
	free(rlen);
	free(rd);
	free(lat.v);
	curl_easy_cleanup(esc);
	if (cred)
		gnutls_certificate_free_credentials(cred);
	close(ep);
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 8 || (strcmp(argv[1], "upload") && strcmp(argv[1], "search"))) {
		fprintf(stderr, "usage: bench-serve upload|search URL TOKEN CA CLIENTS SECONDS "
				"FILE|NAME...\n");
		return 2;
	}
	bool upload = !strcmp(argv[1], "upload");
	const char *url = argv[2], *token = argv[3], *ca = argv[4];
	int nclients = atoi(argv[5]);
	double seconds = atof(argv[6]);
	if (!strstr(url, "://127.0.0.1:") && !strstr(url, "://[::1]:")) {
		fprintf(stderr, "bench-serve: loopback only (127.0.0.1 or [::1])\n");
		return 2;
	}
	size_t nitems = (size_t)argc - 7;
	if (!upload && !(getenv("BENCH_LIBCURL") && atoi(getenv("BENCH_LIBCURL"))))
		return search_lean(url, token, ca, nclients, seconds, argv + 7, nitems);
	const char *dv = getenv("BENCH_DISTINCT"), *mv = getenv("BENCH_MAX");
	if (dv && *dv)
		distinct_from = atol(dv);
	const char *wv = getenv("BENCH_WRAP");
	if (wv && atol(wv) > 0)
		wrap = (size_t)atol(wv);
	size_t maxreq = mv && *mv ? (size_t)atol(mv) : (size_t)-1;
	struct doc *docs = calloc(nitems, sizeof *docs);
	char **urls = calloc(nitems, sizeof *urls);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	CURL *esc = curl_easy_init();
	for (size_t i = 0; i < nitems; i++) {
		if (upload && load(argv[7 + i], &docs[i]) < 0) {
			fprintf(stderr, "bench-serve: %s: cannot read\n", argv[7 + i]);
			return 2;
		}
		if (upload && docs[i].rlen > maxdoc)
			maxdoc = docs[i].rlen;
		char *e = curl_easy_escape(esc, argv[7 + i], 0);
		urls[i] = malloc(strlen(url) + strlen(e) + 64);
		if (upload)
			sprintf(urls[i], "%s/api/v1/inventories", url);
		else
			sprintf(urls[i], "%s/api/v1/search?name=%s", url, e);
		curl_free(e);
	}
	char auth[300];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	CURLM *m = curl_multi_init();
	struct client *cl = calloc((size_t)nclients, sizeof *cl);
	size_t next = 0, errors = 0;
	struct lats lat = {0};
	FILE *acked = upload ? fopen("acked.txt", "w") : NULL;
	double t0 = now(), end = t0 + seconds;
	for (int i = 0; i < nclients; i++) {
		cl[i].c = curl_easy_init();
		cl[i].h = curl_slist_append(NULL, auth);
		if (upload) {
			cl[i].h = curl_slist_append(cl[i].h, "Content-Encoding: zstd");
			cl[i].h = curl_slist_append(cl[i].h, "Content-Type: application/json");
			cl[i].h = curl_slist_append(cl[i].h, "Expect:");
		}
		curl_easy_setopt(cl[i].c, CURLOPT_HTTPHEADER, cl[i].h);
		curl_easy_setopt(cl[i].c, CURLOPT_WRITEFUNCTION, keep);
		curl_easy_setopt(cl[i].c, CURLOPT_WRITEDATA, &cl[i]);
		curl_easy_setopt(cl[i].c, CURLOPT_PRIVATE, &cl[i]);
		curl_easy_setopt(cl[i].c, CURLOPT_TIMEOUT, 30L);
		if (strcmp(ca, "-")) {
			curl_easy_setopt(cl[i].c, CURLOPT_CAINFO, ca);
			/* only that CA: libcurl-gnutls otherwise parses the whole
			 * system store on every connection */
			curl_easy_setopt(cl[i].c, CURLOPT_CAPATH, NULL);
		}
		/* BENCH_NEW_CONNECTIONS=1: each request on a new connection (and
		 * TLS handshake), as agents that report once a day do */
		if (getenv("BENCH_NEW_CONNECTIONS") && atoi(getenv("BENCH_NEW_CONNECTIONS")))
			curl_easy_setopt(cl[i].c, CURLOPT_FORBID_REUSE, 1L);
	}
	int running = 0;
	for (int i = 0; i < nclients; i++) {
		size_t k = next++ % nitems;
		curl_easy_setopt(cl[i].c, CURLOPT_URL, urls[k]);
		if (upload)
			set_body(&cl[i], &docs[k], next - 1);
		cl[i].start = now();
		cl[i].alen = 0;
		curl_multi_add_handle(m, cl[i].c);
	}
	do {
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct client *c;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&c);
			long st = 0;
			curl_easy_getinfo(c->c, CURLINFO_RESPONSE_CODE, &st);
			double t = now();
			if (msg->data.result != CURLE_OK || st != (upload ? 201 : 200)) {
				errors++;
				if (errors < 5)
					fprintf(stderr, "bench-serve: error: %s HTTP %ld %s\n",
						curl_easy_strerror(msg->data.result), st, c->answer);
			} else {
				lat_add(&lat, t - c->start);
				if (acked)
					fprintf(acked, "%s", c->answer);
			}
			curl_multi_remove_handle(m, c->c);
			if (t < end && next < maxreq) {
				size_t k = next++ % nitems;
				curl_easy_setopt(c->c, CURLOPT_URL, urls[k]);
				if (upload)
					set_body(c, &docs[k], next - 1);
				c->start = now();
				c->alen = 0;
				curl_multi_add_handle(m, c->c);
				running++;
			}
		}
		if (running)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	} while (running);
	double wall = now() - t0;
	report(upload ? "uploads" : "searches", &lat, errors, wall, nclients);
	if (acked)
		fclose(acked);
	return errors ? 1 : 0;
}
