/*
 * cmd-agent.c — `chipscreen agent`: collect this machine (as collect does)
 * and upload it to a chipscreen server (POST /api/v1/inventories, doc/api.md).
 *
 * Nothing collected is lost: with --spool, each inventory is first written
 * to the spool directory (a temporary file renamed into place, so a crash
 * leaves whole files only), then every spooled file is sent, oldest first,
 * and removed once the server has answered 201 — the server answers 201
 * only after the snapshot is committed.  A file the server refuses as bad
 * (400, 413, 415) is moved to spool/rejected/ rather than sent for ever.
 * The spool keeps at most --spool-max files; the oldest go first.
 *
 * Uploads are zstd-compressed; the server's certificate is always verified
 * (--ca for a private CA).  Failed attempts are retried with exponential
 * backoff (1 s, 2 s, 4 s, ... capped at 5 minutes) with full jitter, so a
 * fleet restarted at once does not come back in step.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "collect/capture.h"
#include "inventory-json.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

static const char usage[] =
	"usage: chipscreen agent --server URL --token TOKEN|--token-file FILE [--ca PEM]\n"
	"                        [--once | --interval 24h] [--spool DIR] [--spool-max N]\n"
	"                        [--site S] [--tag T]... [--root DIR|FILE.tar.gz]\n"
	"                        [--retries N] [-q]\n"
	"\n"
	"Collect this machine's hardware (as chipscreen collect does) and upload it to\n"
	"a chipscreen server.  When the server cannot be reached the inventory is kept\n"
	"in the spool and sent on a later run.\n"
	"\n"
	"  -s, --server URL     the server: https://fleet.example.org:8443\n"
	"  -t, --token TOKEN    an agent token (chipscreen token create --role agent);\n"
	"                       $CHIPSCREEN_TOKEN works too, and keeps it out of ps\n"
	"      --token-file F   read the token from F (for a service)\n"
	"      --ca PEM         trust this CA (a private CA or a self-signed server)\n"
	"      --once           collect, send what is spooled, exit (cron, Ansible, timer)\n"
	"      --interval D     otherwise collect every D: 30m, 6h, 24h (default 24h)\n"
	"      --spool DIR      keep inventories here until the server has them\n"
	"      --spool-max N    at most N spooled inventories, the oldest dropped (default 30)\n"
	"      --site S         label the host with a site\n"
	"      --tag T          label the host with a tag (repeatable)\n"
	"      --root R         collect from a capture directory or .tar.gz instead of /\n"
	"      --retries N      attempts after the first, with backoff (default 5)\n"
	"  -q, --quiet          only errors\n"
	"\n"
	"Exit status (--once): 0 sent; 75 the server could not be reached, the inventory\n"
	"waits in the spool; 2 an error, or refused by the server, or not sent (no spool).\n";

struct opts {
	const char *server, *ca, *spool, *site, *root;
	char token[256];
	const char **tags;
	size_t ntags;
	bool once, quiet;
	long interval, retries, spool_max;
};

enum send_result { SENT, REFUSED, UNREACHABLE };

/* --once: the server could not be reached, the inventory waits in the spool
 * (EX_TEMPFAIL of sysexits.h: a service manager may treat it as success) */
#define EXIT_SPOOLED 75

static volatile sig_atomic_t stopping;
static void on_term(int sig)
{
	stopping = 1;
}

static double rand01(void)
{
	uint32_t r = 0;
	if (getrandom(&r, sizeof r, 0) != sizeof r)
		r = (uint32_t)rand();
	return r / 4294967296.0;
}

static void sleep_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
	while (!stopping && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
	struct strbuf *b = ctx;
	if (b->len < 4096)
		strbuf_add(b, p, size * n);
	return size * n;
}

/* One POST of the zstd body; the HTTP status, or 0 when no answer came. */
static long post_once(const struct opts *o, const char *url, const struct strbuf *body,
		      struct strbuf *answer, struct strbuf *err)
{
	CURL *c = curl_easy_init();
	if (!c) {
		strbuf_addstr(err, "cannot start libcurl");
		return 0;
	}
	char auth[300];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", o->token);
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Content-Encoding: zstd");
	h = curl_slist_append(h, "Expect:");
	char ebuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->buf);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, answer);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "chipscreen-agent/" CHIPSCREEN_VERSION);
	if (o->ca) {
		/* trust that CA alone (a private CA): not the system store too */
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca);
		curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
	}
	long status = 0;
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		strbuf_addf(err, "%s: %s", o->server, ebuf[0] ? ebuf : curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

static void upload_url(const struct opts *o, struct strbuf *url)
{
	CURL *c = curl_easy_init();
	strbuf_addstr(url, o->server);
	while (url->len && url->buf[url->len - 1] == '/')
		strbuf_setlen(url, url->len - 1);
	strbuf_addstr(url, "/api/v1/inventories");
	char sep = '?';
	for (size_t i = 0; c && i <= o->ntags; i++) {
		const char *v = i < o->ntags ? o->tags[i] : o->site;
		if (!v)
			continue;
		char *e = curl_easy_escape(c, v, 0);
		strbuf_addf(url, "%c%s=%s", sep, i < o->ntags ? "tag" : "site", e ? e : "");
		curl_free(e);
		sep = '&';
	}
	curl_easy_cleanup(c);
}

/* Send one compressed document, retrying with backoff. */
static enum send_result send_doc(const struct opts *o, const struct strbuf *body, const char *what)
{
	struct strbuf url = STRBUF_INIT;
	upload_url(o, &url);
	enum send_result res = UNREACHABLE;
	for (long attempt = 0; attempt <= o->retries && !stopping; attempt++) {
		if (attempt) {
			double cap = 1.0 * (double)(1L << (attempt > 8 ? 8 : attempt - 1));
			sleep_s(rand01() * (cap > 300 ? 300 : cap) + 0.1);
		}
		struct strbuf answer = STRBUF_INIT, err = STRBUF_INIT;
		long st = post_once(o, url.buf, body, &answer, &err);
		if (st == 201) {
			if (!o->quiet)
				log_info("%s: uploaded: %.*s", what, (int)strcspn(answer.buf, "\n"),
					 answer.buf);
			res = SENT;
		} else if (st == 400 || st == 413 || st == 415) {
			log_error("%s: the server refused it (%ld): %s", what, st, answer.buf);
			res = REFUSED;
		} else if (st == 401 || st == 403) {
			log_error("%s: the server refused the token (%ld): %s", what, st,
				  answer.buf);
		} else if (!o->quiet) {
			log_warn("%s: attempt %ld: %s", what, attempt + 1,
				 st ? "the server answered an error" : err.buf);
			if (st)
				log_warn("%s: HTTP %ld %s", what, st, answer.buf);
		}
		strbuf_release(&answer);
		strbuf_release(&err);
		if (res != UNREACHABLE || st == 401 || st == 403)
			break;
	}
	strbuf_release(&url);
	return res;
}

static int compress(const struct strbuf *in, struct strbuf *out)
{
	size_t cap = ZSTD_compressBound(in->len);
	strbuf_reset(out);
	strbuf_grow(out, cap);
	size_t n = ZSTD_compress(out->buf, cap, in->buf, in->len, 3);
	if (ZSTD_isError(n))
		return -1;
	strbuf_setlen(out, n);
	return 0;
}

/* Collect into doc (compact collect JSON). */
static int collect(const struct opts *o, struct strbuf *doc)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	int rc = -1;
	if (capture_collect(inv, o->root ? o->root : "/", &err) < 0) {
		log_error("%s", err.buf);
	} else {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		if (m && inventory_write_json(inv, m, false) == 0) {
			fclose(m);
			strbuf_reset(doc);
			strbuf_add(doc, buf, len);
			rc = 0;
		} else {
			if (m)
				fclose(m);
			log_error("cannot write the inventory");
		}
		free(buf);
	}
	strbuf_release(&err);
	inventory_free(inv);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The spool                                                               */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The spooled files (*.json.zst), oldest first (names start with the time). */
static char **spool_list(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	if (!d)
		return NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l < 10 || strcmp(e->d_name + l - 9, ".json.zst"))
			continue;
		if (*n == cap)
			v = xrealloc(v, (cap = cap ? 2 * cap : 16) * sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, name_cmp);
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Write body to the spool: a temporary name, fsync, rename. */
static int spool_put(const struct opts *o, const struct strbuf *body)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char final[4096], tmp[4200];
	snprintf(final, sizeof final, "%s/%010lld.%09ld-%d.json.zst", o->spool,
		 (long long)ts.tv_sec, ts.tv_nsec, (int)getpid());
	snprintf(tmp, sizeof tmp, "%s.tmp", final);
	FILE *f = fopen(tmp, "wb");
	if (!f || fwrite(body->buf, 1, body->len, f) != body->len || fflush(f) ||
	    fsync(fileno(f)) || fclose(f)) {
		log_error("%s: cannot write the spool: %s", tmp, strerror(errno));
		if (f)
			fclose(f);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, final) < 0) {
		log_error("%s: cannot write the spool: %s", final, strerror(errno));
		unlink(tmp);
		return -1;
	}
	/* bounded: the oldest go */
	size_t n;
	char **v = spool_list(o->spool, &n);
	for (size_t i = 0; n > (size_t)o->spool_max && i < n - (size_t)o->spool_max; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", o->spool, v[i]);
		log_warn("%s: the spool holds more than %ld inventories: dropped", p, o->spool_max);
		unlink(p);
	}
	free_list(v, n);
	return 0;
}

/* Send every spooled file, oldest first: 0 when the spool is empty after, 1
 * when the server could not be reached (the files wait), -1 when one was
 * refused or could not be read. */
static int spool_flush(const struct opts *o)
{
	size_t n;
	char **v = spool_list(o->spool, &n);
	int rc = 0;
	for (size_t i = 0; i < n && !stopping; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", o->spool, v[i]);
		struct strbuf body = STRBUF_INIT, err = STRBUF_INIT;
		if (read_file(p, 64u << 20, &body, &err) < 0) {
			log_error("%s", err.buf);
			rc = -1;
		} else {
			enum send_result r = send_doc(o, &body, p);
			if (r == SENT) {
				unlink(p);
			} else if (r == REFUSED) {
				char dir[4096], q[8192];
				snprintf(dir, sizeof dir, "%s/rejected", o->spool);
				snprintf(q, sizeof q, "%s/%s", dir, v[i]);
				mkdir(dir, 0700);
				if (rename(p, q) == 0)
					log_error("%s: kept in %s", p, dir);
				rc = -1;
			} else {
				rc = rc < 0 ? rc : 1;
				strbuf_release(&body);
				strbuf_release(&err);
				break; /* unreachable: the rest waits for the next run */
			}
		}
		strbuf_release(&body);
		strbuf_release(&err);
	}
	free_list(v, n);
	return rc;
}

/* One round: collect, spool (or hold), send.  0 sent, 1 kept in the spool
 * for later, -1 an error (or, without a spool, not sent). */
static int round_once(const struct opts *o)
{
	struct strbuf doc = STRBUF_INIT, z = STRBUF_INIT;
	int rc = -1;
	if (collect(o, &doc) < 0 || compress(&doc, &z) < 0)
		goto out;
	if (o->spool) {
		if (spool_put(o, &z) < 0)
			goto out;
		rc = spool_flush(o);
		if (rc > 0 && !o->quiet)
			log_warn("not sent: kept in %s for the next run", o->spool);
	} else {
		rc = send_doc(o, &z, "inventory") == SENT ? 0 : -1;
		if (rc < 0)
			log_error("the inventory was not sent (give --spool DIR to keep it)");
	}
out:
	strbuf_release(&doc);
	strbuf_release(&z);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Options                                                                 */

static long duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	double mul = !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60 : !strcmp(end, "h") ? 3600
				 : !strcmp(end, "d") ? 86400 : -1;
	if (end == s || mul < 0 || v <= 0 || v * mul < 60 || v * mul > 86400 * 31)
		return -1;
	return (long)(v * mul);
}

/*
 * The token as given (from --token, $CHIPSCREEN_TOKEN or a file's text),
 * its surrounding white space trimmed.  A token is one word: an empty one
 * would only meet a 401 later, and one holding a line break (export
 * CHIPSCREEN_TOKEN="$(cat f; echo)") ended the Authorization header there,
 * its rest read as the request's end: the server answered "empty body".
 */
static int take_token(struct opts *o, const char *text, const char *what, bool file)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_addstr(&b, text);
	strbuf_trim(&b);
	int rc = 0;
	bool word = true;
	for (size_t i = 0; i < b.len; i++)
		word &= (unsigned char)b.buf[i] > ' ' && (unsigned char)b.buf[i] != 0x7f;
	if (!b.len || !word || b.len >= sizeof o->token) {
		log_error("%s: %s: give the token that chipscreen token create printed", what,
			  !b.len  ? (file ? "empty file, no token in it" : "empty, no token in it")
			  : !word ? "not a token (it holds spaces, control characters or several "
				    "lines)"
				  : "longer than any token");
		rc = -1;
	} else {
		snprintf(o->token, sizeof o->token, "%s", b.buf);
	}
	strbuf_release(&b);
	return rc;
}

static int read_token(struct opts *o, const char *path)
{
	struct strbuf b = STRBUF_INIT, err = STRBUF_INIT;
	int rc = read_file(path, 4096, &b, &err);
	if (rc < 0)
		log_error("%s", err.buf);
	else
		rc = take_token(o, b.buf, path, true);
	strbuf_release(&b);
	strbuf_release(&err);
	return rc;
}

/* --ca: said now, naming the file, rather than as a TLS failure on each attempt. */
static int check_ca(const char *path)
{
	struct strbuf b = STRBUF_INIT, err = STRBUF_INIT;
	int rc = read_file(path, 1 << 20, &b, &err);
	if (rc < 0)
		log_error("--ca %s", err.buf);
	else if (!strstr(b.buf, "-----BEGIN ")) {
		log_error("--ca %s: not a PEM certificate (no -----BEGIN line)", path);
		rc = -1;
	}
	strbuf_release(&b);
	strbuf_release(&err);
	return rc;
}

static int parse(int argc, char **argv, struct opts *o)
{
	enum { OPT_CA = 256, OPT_ONCE, OPT_INT, OPT_SPOOL, OPT_SMAX, OPT_SITE, OPT_ROOT,
	       OPT_RETRIES, OPT_TFILE };
	static const struct option opts[] = {
		{"server", required_argument, NULL, 's'},
		{"token", required_argument, NULL, 't'},
		{"token-file", required_argument, NULL, OPT_TFILE},
		{"ca", required_argument, NULL, OPT_CA},
		{"once", no_argument, NULL, OPT_ONCE},
		{"interval", required_argument, NULL, OPT_INT},
		{"spool", required_argument, NULL, OPT_SPOOL},
		{"spool-max", required_argument, NULL, OPT_SMAX},
		{"site", required_argument, NULL, OPT_SITE},
		{"tag", required_argument, NULL, 'T'},
		{"root", required_argument, NULL, OPT_ROOT},
		{"retries", required_argument, NULL, OPT_RETRIES},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	/* checked once the options are read: --token or --token-file wins */
	const char *env = getenv("CHIPSCREEN_TOKEN");
	int c;
	char *end;
	optind = 0;
	while ((c = getopt_long(argc, argv, "s:t:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->server = optarg;
			break;
		case 't':
			if (take_token(o, optarg, "--token", false) < 0)
				return EXIT_ERROR;
			break;
		case OPT_TFILE:
			if (read_token(o, optarg) < 0)
				return EXIT_ERROR;
			break;
		case OPT_CA:
			if (check_ca(optarg) < 0)
				return EXIT_ERROR;
			o->ca = optarg;
			break;
		case OPT_ONCE:
			o->once = true;
			break;
		case OPT_INT:
			if ((o->interval = duration(optarg)) < 0)
				return usage_error("agent",
						   "--interval %s: expected 30m, 6h, 24h... "
						   "(1 minute to 31 days)",
						   optarg);
			break;
		case OPT_SPOOL:
			o->spool = optarg;
			break;
		case OPT_SMAX:
			o->spool_max = strtol(optarg, &end, 10);
			if (*end || o->spool_max < 1 || o->spool_max > 100000)
				return usage_error("agent", "--spool-max %s: expected 1 to 100000",
						   optarg);
			break;
		case OPT_SITE:
			/* an empty one is a variable left unset, not "no site" */
			if (!*optarg)
				return usage_error("agent", "--site: expected a site name");
			o->site = optarg;
			break;
		case 'T':
			if (!*optarg)
				return usage_error("agent", "--tag: expected a tag");
			o->tags[o->ntags++] = optarg;
			break;
		case OPT_ROOT:
			o->root = optarg;
			break;
		case OPT_RETRIES:
			o->retries = strtol(optarg, &end, 10);
			if (*end || o->retries < 0 || o->retries > 30)
				return usage_error("agent", "--retries %s: expected 0 to 30", optarg);
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			print_usage(usage);
			return -1;
		default:
			return usage_bad_option("agent", argc, argv);
		}
	}
	if (optind < argc)
		return usage_error("agent", "unexpected argument '%s'", argv[optind]);
	if (!o->server || (strncmp(o->server, "https://", 8) && strncmp(o->server, "http://", 7)))
		return usage_error("agent", "give --server https://HOST:PORT");
	if (!o->token[0] && env && take_token(o, env, "$CHIPSCREEN_TOKEN", false) < 0)
		return EXIT_ERROR;
	if (!o->token[0])
		return usage_error("agent", "give --token, --token-file or $CHIPSCREEN_TOKEN");
	return 0;
}

int cmd_agent(int argc, char **argv)
{
	struct opts o = {.interval = 86400, .retries = 5, .spool_max = 30};
	o.tags = xcalloc((size_t)argc + 1, sizeof *o.tags);
	int rc = parse(argc, argv, &o);
	if (rc) {
		free(o.tags);
		return rc < 0 ? EXIT_CLEAR : rc;
	}
	if (o.spool) {
		struct strbuf err = STRBUF_INIT;
		if (make_dirs(o.spool, &err) < 0) {
			log_error("%s", err.buf);
			strbuf_release(&err);
			free(o.tags);
			return EXIT_ERROR;
		}
		strbuf_release(&err);
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	stopping = 0;
	if (o.once) {
		rc = round_once(&o);
		rc = rc == 0 ? EXIT_CLEAR : rc > 0 ? EXIT_SPOOLED : EXIT_ERROR;
	} else {
		struct sigaction sa = {.sa_handler = on_term};
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		while (!stopping) {
			round_once(&o);
			/* a little jitter: agents started together spread out */
			sleep_s((double)o.interval * (0.95 + 0.1 * rand01()));
		}
		rc = EXIT_CLEAR;
	}
	curl_global_cleanup();
	free(o.tags);
	return rc;
}
