/*
 * fetch.c — downloading a list file with libcurl (lists_fetch, lists.h).
 *
 * Only HTTPS, and plain HTTP to this machine's loopback address (a local
 * mirror; the tests' server): a restricted-party list read over plain HTTP
 * from elsewhere could be altered on the way.  Redirects are followed to
 * HTTPS only.  Every transfer is bounded: a connect timeout, a total timeout,
 * a minimum speed, and a maximum size (the import's cap), so a stalled or
 * endless server cannot hang or fill the machine.  A transfer that ends
 * short of its Content-Length, an HTTP error status or an empty body is an
 * error.  The server's Last-Modified, when it sends one, is the publisher's
 * date of the file.  libcurl is loaded on first use (util/lazylib.h): only
 * this command downloads, and linked it would map 27 libraries into every
 * command's start.
 */
#include "lists/lists.h"
#include "util/fileio.h"
#include "util/lazylib.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CURL_FUNCS(X)                                                                              \
	X(curl_global_init)                                                                        \
	X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_perform) X(curl_easy_getinfo)            \
		X(curl_easy_strerror) X(curl_easy_cleanup)
CURL_FUNCS(LAZYLIB_DECLARE)
static const struct lazysym curl_syms[] = {CURL_FUNCS(LAZYLIB_ENTRY){0}};
#ifndef LIBCURL_SONAME
#define LIBCURL_SONAME "libcurl-gnutls.so.4"
#endif
static struct lazylib libcurl =
	LAZYLIB_INIT(LIBCURL_SONAME, "libcurl3-gnutls", "downloading lists", curl_syms);

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0"
#endif

/* https://..., or http:// to 127.0.0.1, [::1] or localhost. */
static bool allowed_url(const char *url)
{
	if (!strncasecmp(url, "https://", 8))
		return true;
	if (strncasecmp(url, "http://", 7))
		return false;
	/* the authority, up to the path: "127.0.0.1:80@example.com" is user
	 * "127.0.0.1", password "80", on example.com; only host[:port] passes */
	const char *h = url + 7;
	size_t alen = strcspn(h, "/?#");
	static const char *const local[] = {"127.0.0.1", "[::1]", "localhost"};
	for (size_t i = 0; i < sizeof local / sizeof *local; i++) {
		size_t n = strlen(local[i]);
		if (alen < n || strncasecmp(h, local[i], n))
			continue;
		if (alen == n)
			return true;
		if (h[n] != ':')
			continue;
		size_t digits = strspn(h + n + 1, "0123456789");
		if (n + 1 + digits == alen)
			return true;
	}
	return false;
}

/* Whether the transfer followed at least one redirect. */
static bool redirected(CURL *c)
{
	long n = 0;
	return sym_curl_easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &n) == CURLE_OK && n > 0;
}

static bool curl_ready;

/* The file being written, and the limit: libcurl's MAXFILESIZE only holds
 * when the server says the size (Content-Length); a chunked body, or one
 * that runs past what it announced, is cut here. */
struct sink {
	FILE *f;
	curl_off_t got, max;
	bool over;
};

static size_t sink_write(char *p, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n;
	if (s->got + (curl_off_t)len > s->max) {
		s->over = true;
		return 0; /* CURLE_WRITE_ERROR */
	}
	s->got += (curl_off_t)len;
	return fwrite(p, 1, len, s->f);
}

int lists_fetch(const char *url, const char *dest, const struct fetch_opts *o,
		struct fetch_result *res, struct strbuf *err)
{
	memset(res, 0, sizeof *res);
	strbuf_reset(err);
	if (!allowed_url(url)) {
		strbuf_addf(err,
			    "%s: not an https:// URL (plain http is accepted only from this "
			    "machine: 127.0.0.1, [::1], localhost)",
			    url);
		return -1;
	}
	if (lazylib_load(&libcurl, err) < 0)
		return -1;
	if (!curl_ready) {
		if (sym_curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			strbuf_addstr(err, "libcurl could not be initialised");
			return -1;
		}
		curl_ready = true;
	}
	FILE *f = fopen(dest, "wb");
	if (!f) {
		describe_errno(err, dest, errno);
		return -1;
	}
	CURL *c = sym_curl_easy_init();
	if (!c) {
		fclose(f);
		strbuf_addstr(err, "libcurl could not start a transfer");
		return -1;
	}
	char ebuf[CURL_ERROR_SIZE] = "";
	long timeout = o && o->timeout > 0 ? o->timeout : 600;
	curl_off_t max = o && o->max_bytes ? (curl_off_t)o->max_bytes : (curl_off_t)LISTS_MAX_BYTES;
	sym_curl_easy_setopt(c, CURLOPT_URL, url);
	struct sink sk = {f, 0, max, false};
	sym_curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	sym_curl_easy_setopt(c, CURLOPT_WRITEDATA, &sk);
	sym_curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	sym_curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	sym_curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	sym_curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	sym_curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	sym_curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	sym_curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	sym_curl_easy_setopt(c, CURLOPT_FILETIME, 1L);
	sym_curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 30 ? timeout : 30L);
	sym_curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	/* a server that sends under 1 KB/s for a minute has stalled */
	sym_curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	sym_curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, timeout < 60 ? timeout : 60L);
	sym_curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, max);
	sym_curl_easy_setopt(c, CURLOPT_USERAGENT, "chipscreen/" CHIPSCREEN_VERSION);
	CURLcode rc = sym_curl_easy_perform(c);
	bool werr = fclose(f) != 0;
	int ret = 0;
	if (rc != CURLE_OK) {
		long status = 0;
		sym_curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (rc == CURLE_HTTP_RETURNED_ERROR)
			strbuf_addf(err, "%s: the server answered HTTP %ld", url, status);
		else if (rc == CURLE_TOO_MANY_REDIRECTS)
			strbuf_addf(err, "%s: more than 5 redirects (a redirect loop?)", url);
		else if (rc == CURLE_UNSUPPORTED_PROTOCOL && redirected(c))
			/* libcurl says "Protocol "http" not supported", as if
			 * the URL given were wrong */
			strbuf_addf(err,
				    "%s: the server redirected to an address that is not "
				    "HTTPS (%s); only HTTPS redirects are followed",
				    url, ebuf[0] ? ebuf : sym_curl_easy_strerror(rc));
		else if (rc == CURLE_FILESIZE_EXCEEDED || sk.over)
			strbuf_addf(err, "%s: larger than the import limit of %lld MiB", url,
				    (long long)(max >> 20));
		else
			strbuf_addf(err, "%s: %s", url, ebuf[0] ? ebuf : sym_curl_easy_strerror(rc));
		ret = -1;
	} else if (werr) {
		strbuf_addf(err, "%s: write error", dest);
		ret = -1;
	} else {
		curl_off_t size = 0;
		sym_curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &size);
		res->bytes = (size_t)size;
		if (!size) {
			strbuf_addf(err, "%s: the server sent an empty file", url);
			ret = -1;
		}
		curl_off_t ft = -1;
		if (sym_curl_easy_getinfo(c, CURLINFO_FILETIME_T, &ft) == CURLE_OK && ft > 0) {
			time_t t = (time_t)ft;
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(res->last_modified, sizeof res->last_modified, "%Y-%m-%d", &tm);
		}
	}
	sym_curl_easy_cleanup(c);
	return ret;
}
