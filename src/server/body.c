/*
 * body.c — a request body made safe to parse.
 *
 * Decoding is bounded by the same limit as the body (a gzip or zstd bomb
 * stops at `max` bytes with 413), and the JSON's nesting and number of
 * values are counted by a scan over the bytes before any parser builds a
 * tree from them: a document of a million empty arrays is refused before
 * it costs memory.
 */
#include "server/server-int.h"

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

static int unzstd(const char *in, size_t len, size_t max, struct strbuf *out, struct strbuf *why)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	if (!d) {
		strbuf_addstr(why, "cannot start zstd decoding");
		return 500;
	}
	/* the decoded size, when the frame says it: one allocation */
	unsigned long long size = ZSTD_getFrameContentSize(in, len);
	if (size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR && size <= max)
		strbuf_grow(out, (size_t)size);
	ZSTD_inBuffer ib = {in, len, 0};
	char buf[65536];
	size_t rc = 1;
	while (ib.pos < ib.size || rc != 0) {
		ZSTD_outBuffer ob = {buf, sizeof buf, 0};
		rc = ZSTD_decompressStream(d, &ob, &ib);
		if (ZSTD_isError(rc)) {
			strbuf_addf(why, "the zstd body is corrupt (%s)", ZSTD_getErrorName(rc));
			ZSTD_freeDCtx(d);
			return 400;
		}
		if (out->len + ob.pos > max) {
			ZSTD_freeDCtx(d);
			return too_big(why, max);
		}
		strbuf_add(out, buf, ob.pos);
		if (ib.pos == ib.size && rc != 0 && ob.pos < ob.size) {
			strbuf_addstr(why, "the zstd body is truncated");
			ZSTD_freeDCtx(d);
			return 400;
		}
	}
	ZSTD_freeDCtx(d);
	return 0;
}

int body_decode(const char *encoding, const char *in, size_t len, size_t max, struct strbuf *out,
		struct strbuf *why)
{
	strbuf_reset(out);
	if (!encoding || !*encoding || !strcasecmp(encoding, "identity")) {
		if (len > max)
			return too_big(why, max);
		strbuf_add(out, in, len);
		return 0;
	}
	if (!strcasecmp(encoding, "gzip") || !strcasecmp(encoding, "x-gzip"))
		return gunzip(in, len, max, out, why);
	if (!strcasecmp(encoding, "zstd"))
		return unzstd(in, len, max, out, why);
	strbuf_addf(why, "Content-Encoding %.40s is not supported (gzip, zstd, identity)",
		    encoding);
	return 415;
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
