/*
 * fuzz_server_request.c — any request to the fleet service (fuzz-server.h):
 * the route and method, the query arguments of every route (profile, date,
 * site, tag, min_verdict, name, min, type, country, after, limit), the
 * Authorization header, and a body.  The input is a request without the
 * version:
 *
 *   GET /api/v1/fleet?date=2026-01-01&min_verdict=REVIEW
 *   Authorization: Bearer @reader
 *   Content-Encoding: gzip
 *
 *   body
 *
 * Headers other than Authorization and Content-Encoding are ignored.
 * "@agent", "@reader", "@admin" in the Authorization value stand for the
 * tokens made at set-up.
 */
#include "fuzz-server.h"

/* The next line of [*p, end) (without its CR LF), NUL-terminated in place. */
static char *next_line(char **p, char *end)
{
	char *s = *p;
	if (s >= end)
		return NULL;
	char *nl = memchr(s, '\n', (size_t)(end - s));
	char *e = nl ? nl : end;
	*p = nl ? nl + 1 : end;
	if (e > s && e[-1] == '\r')
		e--;
	*e = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool open;
	if (!open) {
		fuzz_server_open();
		server_hosts();
		open = true;
	}
	char *buf = xmalloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	char *p = buf, *end = buf + size;
	char *line = next_line(&p, end);
	char *sp = line ? strchr(line, ' ') : NULL;
	if (!sp) {
		free(buf);
		return 0;
	}
	*sp = '\0';
	char *method = line, *target = sp + 1;
	const char *authz = NULL, *enc = NULL;
	char *h;
	while ((h = next_line(&p, end)) && *h) {
		char *colon = strchr(h, ':');
		if (!colon)
			continue;
		*colon = '\0';
		char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		if (!strcasecmp(h, "Authorization"))
			authz = v;
		else if (!strcasecmp(h, "Content-Encoding"))
			enc = v;
	}
	server_request(method, target, authz, enc, p, (size_t)(end - p));
	free(buf);
	return 0;
}
