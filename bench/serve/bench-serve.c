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
 *       CLIENTS concurrent readers GET /api/v1/search?name=NAME.
 *
 * CA "-" means plain HTTP.  Loopback only: the URL must be 127.0.0.1 or ::1.
 */
#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
	size_t cap = 1 << 20, nlat = 0, next = 0, errors = 0;
	double *lat = malloc(cap * sizeof *lat);
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
				if (nlat == cap)
					lat = realloc(lat, (cap *= 2) * sizeof *lat);
				lat[nlat++] = t - c->start;
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
	qsort(lat, nlat, sizeof *lat, cmp);
	printf("%s: %zu ok, %zu errors in %.2f s: %.0f/s; latency p50 %.2f ms, p99 %.2f ms, "
	       "max %.2f ms (%d clients)\n",
	       upload ? "uploads" : "searches", nlat, errors, wall, (double)nlat / wall,
	       nlat ? lat[nlat / 2] * 1000 : 0, nlat ? lat[(size_t)(nlat * 0.99)] * 1000 : 0,
	       nlat ? lat[nlat - 1] * 1000 : 0, nclients);
	if (acked)
		fclose(acked);
	return errors ? 1 : 0;
}
