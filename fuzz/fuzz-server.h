/*
 * fuzz-server.h — the fleet service's request handling (src/server/) without
 * a socket: what the harnesses fuzz_server_* share.
 *
 * The routes (api_handle) run on a real server, opened by the server's own
 * server_open (what server_run does before it listens): a store in a private
 * directory, the writer thread, the bundled rules and knowledge, with tokens
 * and a restricted-party list made first so that search and screen have an
 * index.
 *
 * libmicrohttpd is replaced at its two calls the routes make on a
 * connection: MHD_lookup_connection_value (api_arg, the query arguments)
 * and MHD_get_connection_values (the upload's site and tags).  The harness
 * defines both (a definition in the program wins over the shared library's),
 * on a fake connection holding the query as MHD would have decoded it:
 * split at '&', then at the first '=', %XX decoded, a key without '='
 * having no value, the first of repeated keys returned by a lookup.  MHD's
 * own parsing of the request line and headers is not fuzzed here.
 *
 * What is checked for every answer (server_check): no 5xx (a client's input
 * is never the server's fault; 503 only where the service says it is
 * unavailable), a JSON answer parses, and a refusal (4xx) is {"error": why}
 * with a non-empty why.  An upload answered 201 is read back from the store:
 * the stored document is an inventory with as many components as the answer
 * says, and it round-trips through inventory_to_json/inventory_from_json
 * (server_check_stored).
 */
#ifndef FUZZ_SERVER_H
#define FUZZ_SERVER_H

#include "fuzz-support.h"

#include "inventory-json.h"
#include "lists/lists.h"
#include "server/server-int.h"
#include "store/token.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <dirent.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

/* ---- the fake connection */

struct fuzz_arg {
	char *key, *value; /* value NULL: "key" without '=' */
};

struct MHD_Connection {
	struct fuzz_arg args[64];
	size_t nargs;
};

const char *MHD_lookup_connection_value(struct MHD_Connection *c, enum MHD_ValueKind kind,
					const char *key)
{
	if (kind != MHD_GET_ARGUMENT_KIND)
		fuzz_abort("a route looked up a header on the connection (not faked)");
	for (size_t i = 0; i < c->nargs; i++)
		if (!strcmp(c->args[i].key, key))
			return c->args[i].value;
	return NULL;
}

int MHD_get_connection_values(struct MHD_Connection *c, enum MHD_ValueKind kind,
			      MHD_KeyValueIterator it, void *cls)
{
	if (kind != MHD_GET_ARGUMENT_KIND)
		fuzz_abort("a route listed the headers of the connection (not faked)");
	size_t i = 0;
	for (; i < c->nargs; i++)
		if (it && it(cls, kind, c->args[i].key, c->args[i].value) != MHD_YES)
			return (int)i + 1;
	return (int)i;
}

/* %XX decoded in place (MHD_http_unescape): an invalid escape stays as it is. */
static void fuzz_unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		int hi, lo;
		if (*r == '%' && sscanf(r + 1, "%1x", &hi) == 1 && sscanf(r + 2, "%1x", &lo) == 1) {
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* The query (modified: split in place) into c; a NUL decoded ends a value, as in C. */
static void fuzz_query(struct MHD_Connection *c, char *q)
{
	c->nargs = 0;
	for (char *p = q, *amp; p && *p && c->nargs < 64; p = amp) {
		amp = strchr(p, '&');
		if (amp)
			*amp++ = '\0';
		if (!*p)
			continue;
		char *eq = strchr(p, '=');
		if (eq)
			*eq++ = '\0';
		fuzz_unescape(p);
		if (eq)
			fuzz_unescape(eq);
		c->args[c->nargs++] = (struct fuzz_arg){p, eq};
	}
}

/* ---- the server */

static struct server fuzz_srv;
static struct server_config fuzz_cfg;
static char fuzz_db[4200];
static char fuzz_token[3][TOKEN_TEXT_LEN + 1]; /* agent, reader, admin */
static struct fleet *fuzz_check_f;             /* reads back what was stored */

static void server_die(const char *what, const struct strbuf *err)
{
	fprintf(stderr, "fuzz server set-up: %s: %s\n", what, err->buf);
	abort();
}

static void server_tokens(void)
{
	struct strbuf err = STRBUF_INIT;
	struct store *st = NULL;
	struct token_info ti;
	const enum token_role roles[3] = {ROLE_AGENT, ROLE_READER, ROLE_ADMIN};
	if (store_open(&st, fuzz_db, false, &err) < 0 || token_schema(st, &err) < 0)
		server_die("tokens", &err);
	for (int i = 0; i < 3; i++)
		if (token_create(st, roles[i], NULL, 0, fuzz_token[i], &ti, &err) < 0)
			server_die("token_create", &err);
	/* a list, so that search and screen have names to find */
	struct import_opts o = {.today = "2026-12-01"};
	struct import_result res;
	if (lists_import_file(st, CHIPSCREEN_SRCDIR "/tests/fixtures/lists/csl/consolidated-sample.csv",
			      &o, &res, &err) < 0)
		server_die("lists import", &err);
	store_close(st);
	strbuf_release(&err);
}

/* As server_run opens it (server_open, server.c), without listening; the
 * tokens and a list are made first, so that the engine loads the index. */
static void fuzz_server_open(void)
{
	struct strbuf err = STRBUF_INIT;
	/* the store on a tmpfs when there is one: the writer fsyncs every batch */
	struct stat sb;
	if (!getenv("TMPDIR") && stat("/dev/shm", &sb) == 0 && access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
	snprintf(fuzz_db, sizeof fuzz_db, "%s/fleet.db", fuzz_dir());
	setenv("XDG_CONFIG_HOME", fuzz_dir(), 1); /* no user configuration */
	setenv("HOME", fuzz_dir(), 1);
	setenv("CHIPSCREEN_DATA", CHIPSCREEN_DATADIR, 0);
	server_config_defaults(&fuzz_cfg);
	fuzz_cfg.db = fuzz_db;
	fuzz_cfg.quiet = true;
	fuzz_cfg.rate = 0;
	/* limits the fuzzer can reach with inputs of 64 KiB */
	fuzz_cfg.body_limit = 1u << 20;
	fuzz_cfg.json_depth = 32;
	fuzz_cfg.json_members = 20000;
	server_tokens();
	if (server_open(&fuzz_srv, &fuzz_cfg, &err) < 0)
		server_die("server_open", &err);
	if (fleet_open(&fuzz_check_f, fuzz_db, true, &err) < 0)
		server_die("reader", &err);
	strbuf_release(&err);
}
static void server_hosts(void);

/* ---- the checks */

/* The stored document of snapshot is an inventory of ncomps components,
 * and it round-trips through inventory_to_json/inventory_from_json. */
static void server_check_stored(int64_t snapshot, double ncomps)
{
	struct strbuf doc = STRBUF_INIT, err = STRBUF_INIT;
	if (fleet_snapshot_document(fuzz_check_f, snapshot, &doc, &err) < 0)
		fuzz_abort("snapshot %lld answered 201 is not readable: %s", (long long)snapshot,
			   err.buf);
	cJSON *j = cJSON_ParseWithLength(doc.buf, doc.len);
	struct inventory *a = inventory_new(), *b = inventory_new();
	if (!j || inventory_from_json(j, a, &err) < 0)
		fuzz_abort("snapshot %lld stored is not an inventory: %s", (long long)snapshot,
			   err.buf);
	if ((double)a->ncomps != ncomps)
		fuzz_abort("answered %g components, stored %zu", ncomps, a->ncomps);
	cJSON *ja = inventory_to_json(a);
	char *sa = cJSON_PrintUnformatted(ja);
	if (inventory_from_json(ja, b, &err) < 0)
		fuzz_abort("inventory_to_json wrote what inventory_from_json refuses: %s", err.buf);
	cJSON *jb = inventory_to_json(b);
	char *sb = cJSON_PrintUnformatted(jb);
	if (!sa || !sb || strcmp(sa, sb))
		fuzz_abort("the inventory does not round-trip:\n%s\n%s", sa ? sa : "", sb ? sb : "");
	free(sa);
	free(sb);
	cJSON_Delete(ja);
	cJSON_Delete(jb);
	cJSON_Delete(j);
	inventory_free(a);
	inventory_free(b);
	strbuf_release(&doc);
	strbuf_release(&err);
}

static void server_check(enum route r, const struct api_response *out)
{
	unsigned st = out->status;
	const char *verbose = getenv("FUZZ_VERBOSE"); /* to see what a corpus reaches */
	if (verbose)
		fprintf(stderr, "%s %u %.*s\n", route_name(r), st, *verbose == '2' ? 100000 : 160,
			out->body.buf);
	if (st >= 500 && st != 503)
		fuzz_abort("route %s answered %u: %.300s", route_name(r), st, out->body.buf);
	if (st == 503 && r != R_INVENTORIES)
		fuzz_abort("route %s answered 503: %.300s", route_name(r), out->body.buf);
	const char *ct = out->content_type ? out->content_type : "application/json";
	if (strcmp(ct, "application/json"))
		return;
	cJSON *j = cJSON_ParseWithLength(out->body.buf, out->body.len);
	if (!j)
		fuzz_abort("route %s answered %u with a body that is not JSON: %.300s",
			   route_name(r), st, out->body.buf);
	if (st >= 400) {
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
		if (!cJSON_IsString(e) || !*e->valuestring)
			fuzz_abort("route %s refused (%u) without a reason: %.300s", route_name(r),
				   st, out->body.buf);
	}
	if (r == R_INVENTORIES && st == 201) {
		const cJSON *sn = cJSON_GetObjectItemCaseSensitive(j, "snapshot");
		const cJSON *nc = cJSON_GetObjectItemCaseSensitive(j, "components");
		if (!cJSON_IsNumber(sn) || !cJSON_IsNumber(nc))
			fuzz_abort("an upload answered 201 without its snapshot: %.300s",
				   out->body.buf);
		server_check_stored((int64_t)sn->valuedouble, nc->valuedouble);
	}
	cJSON_Delete(j);
}

/* ---- a request */

/* "@agent", "@reader", "@admin" in an Authorization value become the tokens
 * made at set-up (the fuzzer cannot guess them); into out. */
static void server_authorization(const char *v, struct strbuf *out)
{
	static const char *const ph[3] = {"@agent", "@reader", "@admin"};
	strbuf_reset(out);
	while (*v) {
		int i = 0;
		while (i < 3 && strncmp(v, ph[i], strlen(ph[i])))
			i++;
		if (i < 3) {
			strbuf_addstr(out, fuzz_token[i]);
			v += strlen(ph[i]);
		} else {
			strbuf_addch(out, *v++);
		}
	}
}

/*
 * One request, as http.c's check_headers and on_request take it: the
 * route and method, the token and its role (authorization NULL: none sent),
 * then the route with the body.  target is modified (the query split).
 */
static void server_request(const char *method, char *target, const char *authorization,
			   const char *encoding, const char *body, size_t len)
{
	struct MHD_Connection conn;
	char *q = strchr(target, '?');
	if (q)
		*q++ = '\0';
	fuzz_unescape(target); /* MHD hands the handler the path decoded */
	fuzz_query(&conn, q);
	bool method_ok;
	enum route r = api_route(method, target, &method_ok);
	if (r == R_NONE || !method_ok)
		return;
	struct auth_who who = {0};
	unsigned roles = api_roles(r);
	if (roles) {
		struct strbuf a = STRBUF_INIT;
		const char *why = NULL;
		if (authorization)
			server_authorization(authorization, &a);
		int st = auth_check(fuzz_srv.auth, authorization ? a.buf : NULL, &who, &why);
		strbuf_release(&a);
		if (st && (st != 401 || !why || !*why))
			fuzz_abort("a token refused with %d and no reason", st);
		if (st || !(who.role & roles))
			return;
	}
	struct api_request rq = {.method = method,
				 .path = target,
				 .conn = &conn,
				 .body = body,
				 .body_len = len,
				 .encoding = encoding,
				 .who = roles ? &who : NULL};
	struct api_response out = {.status = 500};
	strbuf_init(&out.body, 0);
	api_handle(&fuzz_srv, r, &rq, &out);
	server_check(r, &out);
	strbuf_release(&out.body);
}

/* Hosts for the routes that read them: the collect documents of
 * fuzz/corpus/fuzz_collect_json, uploaded at site "leeds" with tag "lab". */
static void server_hosts(void)
{
	const char *dir = CHIPSCREEN_SRCDIR "/fuzz/corpus/fuzz_collect_json";
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strbuf path = STRBUF_INIT, doc = STRBUF_INIT;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path.buf, "rb");
		char buf[65536];
		size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
		if (f)
			fclose(f);
		strbuf_reset(&doc);
		strbuf_add(&doc, buf, n);
		char target[] = "/api/v1/inventories?site=leeds&tag=lab";
		server_request("POST", target, "Bearer @agent", NULL, doc.buf, doc.len);
	}
	if (d)
		closedir(d);
	strbuf_release(&path);
	strbuf_release(&doc);
}

/*
 * A body harness's input: the first byte chooses how the rest is sent.
 *   0  as it is (no Content-Encoding)
 *   1  Content-Encoding gzip, the bytes as they are (corrupt, truncated, bombs)
 *   2  Content-Encoding zstd, the bytes as they are
 *   3  gzip, compressed here (a valid stream of the fuzzed document)
 *   4  zstd, compressed here
 *   5  Content-Encoding "identity", the bytes as they are
 *   6  an encoding not supported ("br"): 415
 *   7  ...: as 0
 * Returns the encoding (NULL: none); the body into *body.
 */
static const char *server_body(const uint8_t *data, size_t size, struct strbuf *body)
{
	strbuf_reset(body);
	if (!size)
		return NULL;
	unsigned mode = data[0] & 7;
	const char *in = (const char *)data + 1;
	size_t len = size - 1;
	if (mode == 3) {
		z_stream z;
		memset(&z, 0, sizeof z);
		if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			abort();
		strbuf_grow(body, deflateBound(&z, len));
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)len;
		z.next_out = (Bytef *)body->buf;
		z.avail_out = (uInt)deflateBound(&z, len);
		if (deflate(&z, Z_FINISH) != Z_STREAM_END)
			abort();
		strbuf_setlen(body, z.total_out);
		deflateEnd(&z);
		return "gzip";
	}
	if (mode == 4) {
		size_t cap = ZSTD_compressBound(len);
		strbuf_grow(body, cap);
		size_t n = ZSTD_compress(body->buf, cap, in, len, 1);
		if (ZSTD_isError(n))
			abort();
		strbuf_setlen(body, n);
		return "zstd";
	}
	strbuf_add(body, in, len);
	return mode == 1 ? "gzip" : mode == 2 ? "zstd" : mode == 5 ? "identity" : mode == 6 ? "br" : NULL;
}

/* POST path with the body harness's input, as the role's token. */
__attribute__((unused)) static int server_post(const char *path, int role, const uint8_t *data, size_t size)
{
	static bool open;
	if (!open) {
		fuzz_server_open();
		server_hosts();
		open = true;
	}
	struct strbuf body = STRBUF_INIT;
	const char *enc = server_body(data, size, &body);
	char target[128], authz[128];
	snprintf(target, sizeof target, "%s", path);
	snprintf(authz, sizeof authz, "Bearer %s", fuzz_token[role]);
	server_request("POST", target, authz, enc, body.buf, body.len);
	strbuf_release(&body);
	return 0;
}

#endif
