/*
 * body.c — a request body made safe to parse.
 *
 * Decoding is bounded by the same limit as the body (a gzip or zstd bomb
 * stops at `max` bytes with 413), and the JSON's nesting and number of
 * values are counted by a scan over the bytes before any parser builds a
 * tree from them: a document of a million empty arrays is refused before
 * it costs memory.
 *
 * A zstd body as the agent sends it (one frame that declares its size) is
 * decoded in one call into a buffer of that size, with a decoder kept from
 * one upload to the next (body_decoder): making a decoder and copying
 * through a 64 KiB window was a sixth of an upload's cost.
 */
#include "server/server-int.h"
#include "util/json.h"

#include <cjson/cJSON.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>

static int too_big(struct strbuf *why, size_t max)
{
	strbuf_addf(why, "the decoded body is larger than %zu bytes", max);
	return 413;
}

static int gunzip(const char *in, size_t len, size_t max, struct strbuf *out, struct strbuf *why)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK) { /* +32: gzip or zlib header */
		strbuf_addstr(why, "cannot start gzip decoding");
		return 500;
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	char buf[65536];
	int rc;
	do {
		z.next_out = (Bytef *)buf;
		z.avail_out = sizeof buf;
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&z);
			strbuf_addf(why, "the gzip body is corrupt (%s)", z.msg ? z.msg : "bad data");
			return 400;
		}
		size_t got = sizeof buf - z.avail_out;
		if (out->len + got > max) {
			inflateEnd(&z);
			return too_big(why, max);
		}
		strbuf_add(out, buf, got);
		if (rc == Z_OK && !z.avail_in && z.avail_out) {
			inflateEnd(&z);
			strbuf_addstr(why, "the gzip body is truncated");
			return 400;
		}
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
	return 0;
}

/* One frame that declares its decoded size, and nothing after it: decoded
 * straight into out, one allocation, no copy.  -1: not such a body (the
 * stream below reads it, and says what is wrong with it). */
static int unzstd_frame(ZSTD_DCtx *d, const char *in, size_t len, size_t max, struct strbuf *out,
			struct strbuf *why)
{
	unsigned long long size = ZSTD_getFrameContentSize(in, len);
	if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR ||
	    ZSTD_findFrameCompressedSize(in, len) != len)
		return -1;
	if (size > max)
		return too_big(why, max);
	strbuf_grow(out, (size_t)size);
	size_t n = ZSTD_decompressDCtx(d, out->buf, (size_t)size, in, len);
	if (ZSTD_isError(n) || n != size) {
		strbuf_reset(out);
		return -1; /* the stream names the fault */
	}
	strbuf_setlen(out, n);
	return 0;
}

static int unzstd(ZSTD_DCtx *d, const char *in, size_t len, size_t max, struct strbuf *out,
		  bool *one_frame, struct strbuf *why)
{
	int st = unzstd_frame(d, in, len, max, out, why);
	if (st >= 0) {
		*one_frame = !st;
		return st;
	}
	ZSTD_DCtx_reset(d, ZSTD_reset_session_only);
	ZSTD_inBuffer ib = {in, len, 0};
	char buf[65536];
	size_t rc = 1;
	while (ib.pos < ib.size || rc != 0) {
		ZSTD_outBuffer ob = {buf, sizeof buf, 0};
		rc = ZSTD_decompressStream(d, &ob, &ib);
		if (ZSTD_isError(rc)) {
			strbuf_addf(why, "the zstd body is corrupt (%s)", ZSTD_getErrorName(rc));
			return 400;
		}
		if (out->len + ob.pos > max)
			return too_big(why, max);
		strbuf_add(out, buf, ob.pos);
		if (ib.pos == ib.size && rc != 0 && ob.pos < ob.size) {
			strbuf_addstr(why, "the zstd body is truncated");
			return 400;
		}
	}
	return 0;
}

void body_decoder_free(struct body_decoder *bd)
{
	ZSTD_freeDCtx(bd->zd);
	bd->zd = NULL;
}

int body_decode(struct body_decoder *bd, const char *encoding, const char *in, size_t len,
		size_t max, struct strbuf *out, struct strbuf *why)
{
	strbuf_reset(out);
	if (bd)
		bd->zstd_frame = false;
	if (!encoding || !*encoding || !strcasecmp(encoding, "identity")) {
		if (len > max)
			return too_big(why, max);
		strbuf_add(out, in, len);
		return 0;
	}
	if (!strcasecmp(encoding, "gzip") || !strcasecmp(encoding, "x-gzip"))
		return gunzip(in, len, max, out, why);
	if (strcasecmp(encoding, "zstd")) {
		strbuf_addf(why, "Content-Encoding %.40s is not supported (gzip, zstd, identity)",
			    encoding);
		return 415;
	}
	struct body_decoder own = {0};
	if (!bd)
		bd = &own;
	if (!bd->zd && !(bd->zd = ZSTD_createDCtx())) {
		strbuf_addstr(why, "cannot start zstd decoding");
		return 500;
	}
	int st = unzstd(bd->zd, in, len, max, out, &bd->zstd_frame, why);
	body_decoder_free(&own);
	return st;
}

int body_json_limits(const char *s, size_t len, unsigned max_depth, size_t max_values,
		     struct strbuf *why)
{
	unsigned depth = 0;
	size_t values = 0;
	bool in_str = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			/* cJSON writes \u0000 as a NUL that ends the C string:
			 * "Acme\u0000Banco Nacional de Cuba" screened as "Acme" */
			if (c == '\\' && i + 5 < len && !memcmp(s + i + 1, "u0000", 5)) {
				strbuf_addstr(why, "a JSON string holds \\u0000 (a NUL character), "
						   "which would end it there");
				return 400;
			}
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		switch (c) {
		case '"':
			in_str = true;
			break;
		case '{':
		case '[':
			if (++depth > max_depth) {
				strbuf_addf(why, "JSON nested deeper than %u levels", max_depth);
				return 400;
			}
			break;
		case '}':
		case ']':
			if (depth)
				depth--;
			break;
		case ',':
		case ':':
			if (++values > max_values) {
				strbuf_addf(why, "JSON with more than %zu values", max_values);
				return 400;
			}
			break;
		}
	}
	return 0;
}

cJSON *body_json_parse(const char *s, size_t len, struct strbuf *why)
{
	/* one document and only white space after it (util/json.h): "{...}{...}"
	 * would be read as its first, the rest unsaid */
	size_t at;
	bool more;
	cJSON *j = json_parse_one(s, len, &at, &more);
	if (!j && more)
		strbuf_addf(why, "not one JSON document: more follows the first, at byte %zu", at);
	else if (!j)
		strbuf_addf(why, "not valid JSON (near byte %zu)", at);
	return j;
}
