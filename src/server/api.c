/*
 * api.c — the routes (doc/api.md, doc/openapi.yaml).
 *
 * Every answer is JSON except /metrics and /report (the HTML document of
 * `chipscreen report`, made by the same function: report_fleet_document).  Reads that need the engine (a
 * host's scan, the fleet report) take the engine lock: the rule set and the
 * knowledge base are shared, and a fleet report may record a screening run
 * (store/fleet.h), written on a connection of its own.  Search and screen
 * read the name index built at start-up, each with a scratch of its own
 * (match/index.h): they run side by side, and wait for nobody.
 */
#include "server/server-int.h"
#include "inventory-json.h"
#include "lists/hit-json.h"
#include "report/html.h"
#include "report/report.h"
#include "rules/judge.h"
#include "rules/profile.h"
#include "util/json.h"
#include "util/arena.h"
#include "lists/lists.h"
#include "util/date.h"
#include "util/number.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const route_names[ROUTE__COUNT] = {
	"healthz", "metrics", "inventories", "hosts", "host", "host_scan",
	"fleet",   "search",  "screen",      "report", "none",
};

const char *route_name(enum route r)
{
	return route_names[r];
}

/* "/api/v1/hosts/123" -> 123 and the rest ("" or "/scan"); 0 when not a number. */
static int64_t host_id(const char *p, const char **rest)
{
	int64_t id = 0;
	int n = 0;
	while (*p >= '0' && *p <= '9' && n < 18) {
		id = id * 10 + (*p++ - '0');
		n++;
	}
	*rest = p;
	return n ? id : 0;
}

enum route api_route(const char *method, const char *path, bool *method_ok)
{
	bool get = !strcmp(method, "GET"), post = !strcmp(method, "POST");
	enum route r = R_NONE;
	const char *rest;
	*method_ok = get;
	if (!strcmp(path, "/healthz"))
		r = R_HEALTHZ;
	else if (!strcmp(path, "/metrics"))
		r = R_METRICS;
	else if (!strcmp(path, "/report"))
		r = R_REPORT;
	else if (strncmp(path, "/api/v1/", 8))
		return R_NONE;
	else if (!strcmp(path + 8, "inventories"))
		r = R_INVENTORIES, *method_ok = post;
	else if (!strcmp(path + 8, "hosts"))
		r = R_HOSTS;
	else if (!strncmp(path + 8, "hosts/", 6) && host_id(path + 14, &rest))
		r = !*rest ? R_HOST : !strcmp(rest, "/scan") ? R_HOST_SCAN : R_NONE;
	else if (!strcmp(path + 8, "fleet"))
		r = R_FLEET;
	else if (!strcmp(path + 8, "search"))
		r = R_SEARCH;
	else if (!strcmp(path + 8, "screen"))
		r = R_SCREEN, *method_ok = post;
	return r;
}

unsigned api_roles(enum route r)
{
	switch (r) {
	case R_HEALTHZ:
	case R_NONE:
		return 0;
	case R_INVENTORIES:
		return ROLE_AGENT | ROLE_ADMIN;
	default:
		return ROLE_READER | ROLE_ADMIN;
	}
}

void api_error(struct api_response *out, unsigned status, const char *fmt, ...)
{
	char why[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error", why);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	out->status = status;
	out->content_type = "application/json";
	strbuf_reset(&out->body);
	strbuf_addstr(&out->body, s ? s : "{\"error\":\"out of memory\"}");
	strbuf_addch(&out->body, '\n');
	free(s);
}

static void send_json(struct api_response *out, unsigned status, cJSON *doc, bool pretty)
{
	char *s = pretty ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	if (!s) {
		api_error(out, 500, "out of memory");
		return;
	}
	out->status = status;
	out->content_type = "application/json";
	size_t len = strlen(s);
	strbuf_grow(&out->body, len + 1); /* a search's 20 KiB: grown once, not ten times */
	strbuf_add(&out->body, s, len);
	strbuf_addch(&out->body, '\n');
	free(s);
}

/* ---------------------------------------------------------------------- */
/* POST /api/v1/inventories                                                */

struct labels {
	const char *site;
	const char *tags[16];
	size_t ntags;
	bool bad;
};

static enum MHD_Result label_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct labels *l = cls;
	if (!value || !*value || strlen(value) > 100) {
		l->bad |= !strcmp(key, "site") || !strcmp(key, "tag");
		return MHD_YES;
	}
	if (!strcmp(key, "site"))
		l->site = value;
	else if (!strcmp(key, "tag") && l->ntags < 16)
		l->tags[l->ntags++] = value;
	return MHD_YES;
}

/* The document into inv: the fast reader, else cJSON and inventory_from_json
 * (which names what is wrong: not an inventory, another schema version).
 * The fast reader takes only chipscreen's own layout, whose nesting and
 * size are bounded by it; anything else is measured (cfg's JSON limits)
 * before cJSON builds a tree of it.  cfg NULL: a stored document. */
static int parse_inventory(const struct server_config *cfg, const struct strbuf *doc,
			   struct inventory **inv, struct strbuf *why)
{
	*inv = inventory_new();
	if (fleet_read_inventory(doc->buf, doc->len, *inv))
		return 0;
	inventory_free(*inv);
	*inv = inventory_new();
	if (cfg && body_json_limits(doc->buf, doc->len, cfg->json_depth, cfg->json_members, why))
		return -1;
	/* a stored document is read as it was accepted (what followed it, if
	 * an earlier chipscreen took that, is left as it was then) */
	cJSON *j = cfg ? body_json_parse(doc->buf, doc->len, why)
		       : cJSON_ParseWithLength(doc->buf, doc->len);
	if (!j) {
		if (!cfg)
			strbuf_addstr(why, "not valid JSON");
		return -1;
	}
	struct strbuf e = STRBUF_INIT;
	int rc = 0;
	if (!cJSON_IsObject(j)) {
		strbuf_addstr(why, "not a chipscreen inventory: the document is not a JSON object");
		rc = -1;
	} else if ((cfg ? inventory_from_json(j, *inv, &e)
			: inventory_from_json_stored(j, *inv, &e)) < 0) {
		strbuf_addf(why, "not a chipscreen inventory: %s", e.buf);
		rc = -1;
	}
	strbuf_release(&e);
	cJSON_Delete(j);
	return rc;
}

/* The upload as it came, kept as the snapshot's document when it is one zstd
 * frame (what the agent sends) that shrinks the document at least fourfold:
 * compressing it again costs more than the rest of preparing it.  Anything
 * else is compressed here, so that no client can make the store keep its
 * documents uncompressed. */
static bool keep_as_sent(const struct upload_slot *u, const struct api_request *rq)
{
	return u->bd.zstd_frame && rq->body_len <= u->doc.len / 4;
}

static void post_inventory(struct server *s, const struct api_request *rq, struct api_response *out)
{
	struct strbuf why = STRBUF_INIT;
	struct inventory *inv = NULL;
	struct fleet_prepared *prep = NULL;
	struct labels l = {0};
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, label_arg, &l);
	struct upload_slot *u = server_slot(s);
	struct strbuf *doc = &u->doc;
	int st = l.bad ? 400 : body_decode(&u->bd, rq->encoding, rq->body, rq->body_len,
					   s->cfg->body_limit, doc, &why);
	if (l.bad)
		strbuf_addstr(&why, "site and tag: 1 to 100 characters");
	if (!st && !doc->len) {
		st = 400;
		strbuf_addstr(&why, "empty body: send a chipscreen collect document");
	}
	if (!st && parse_inventory(s->cfg, doc, &inv, &why) < 0)
		st = 400;
	/* as import refuses it: a machine of no part would be stored, and
	 * judged, as a machine with nothing restricted in it */
	if (!st && !inv->ncomps) {
		st = 400;
		strbuf_addstr(&why, "nothing recognised: the document has no component (collect "
				    "read nothing on that machine? see its \"unreadable\")");
	}
	char sources[160];
	snprintf(sources, sizeof sources, "api:%s", rq->who->name);
	struct fleet_host_opts ho = {.kind = FLEET_MACHINE,
				     .name = rq->who->name,
				     .site = l.site,
				     .tags = l.tags,
				     .ntags = l.ntags,
				     .sources = sources,
				     .original = doc->buf,
				     .original_len = doc->len};
	if (!st && keep_as_sent(u, rq)) {
		ho.original_zstd = rq->body;
		ho.original_zstd_len = rq->body_len;
	}
	struct strbuf e = STRBUF_INIT;
	if (!st && !(prep = fleet_prepare(u->pr, inv, &ho, &e))) {
		st = 400;
		strbuf_addf(&why, "%s", e.buf);
	}
	/* the document is in prep now, compressed (the server never defers it:
	 * fleet_preparer_known); the inventory stays until the commit */
	ho.original = ho.original_zstd = NULL;
	server_slot_done(s, u); /* the writer's wait holds no slot */
	if (st) {
		api_error(out, (unsigned)st, "%s", why.buf);
		metrics_upload(s->metrics, UP_REJECTED);
		goto out;
	}
	struct upload_job job = {.prep = prep};
	writer_submit(s->writer, &job);
	if (job.rc < 0) {
		api_error(out, 503, "not stored: %s", job.err);
		metrics_upload(s->metrics, UP_FAILED);
		goto out;
	}
	metrics_upload(s->metrics, job.res.outcome == FLEET_NEW_HOST  ? UP_NEW
				   : job.res.outcome == FLEET_CHANGED ? UP_CHANGED
								      : UP_UNCHANGED);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "host", (double)job.res.host);
	cJSON_AddNumberToObject(o, "snapshot", (double)job.res.snapshot);
	cJSON_AddBoolToObject(o, "changed", job.res.outcome != FLEET_UNCHANGED);
	cJSON_AddBoolToObject(o, "new_host", job.res.outcome == FLEET_NEW_HOST);
	/* false: collected before the host's current snapshot, kept as history */
	cJSON_AddBoolToObject(o, "current", !job.res.older);
	cJSON_AddStringToObject(o, "key", job.res.key);
	cJSON_AddStringToObject(o, "name", job.res.name);
	cJSON_AddNumberToObject(o, "components", (double)job.res.ncomps);
	send_json(out, 201, o, false);
out:
	fleet_prepared_free(prep);
	inventory_free(inv);
	strbuf_release(&e);
	strbuf_release(&why);
}

/* ---------------------------------------------------------------------- */
/* Hosts                                                                   */

static bool arg_int(const struct api_request *rq, const char *name, long long lo, long long hi,
		    long long *v, struct api_response *out)
{
	const char *a = api_arg(rq, name);
	if (!a)
		return true;
	char *end;
	long long x = strtoll(a, &end, 10);
	if (!*a || *end || x < lo || x > hi) {
		api_error(out, 400, "%s: expected a whole number from %lld to %lld", name, lo, hi);
		return false;
	}
	*v = x;
	return true;
}

static void get_hosts(struct server *s, const struct api_request *rq, struct api_response *out)
{
	long long after = 0, limit = 1000;
	if (!arg_int(rq, "after", 0, INT64_MAX, &after, out) ||
	    !arg_int(rq, "limit", 1, 10000, &limit, out))
		return;
	struct strbuf err = STRBUF_INIT;
	struct fleet *f = server_reader(s, &err);
	cJSON *doc = NULL;
	if (!f || hosts_list(f, after, (int)limit, &doc, &err) < 0)
		api_error(out, 500, "%s", err.buf);
	else
		send_json(out, 200, doc, false);
	server_reader_done(s, f);
	strbuf_release(&err);
}

static void get_host(struct server *s, const struct api_request *rq, struct api_response *out)
{
	const char *rest;
	int64_t id = host_id(rq->path + 14, &rest);
	struct strbuf err = STRBUF_INIT;
	struct fleet *f = server_reader(s, &err);
	cJSON *doc = NULL;
	int rc = f ? hosts_get(f, id, &doc, &err) : -1;
	if (rc < 0)
		api_error(out, 500, "%s", err.buf);
	else if (!rc)
		api_error(out, 404, "no host %lld", (long long)id);
	else
		send_json(out, 200, doc, false);
	server_reader_done(s, f);
	strbuf_release(&err);
}

/* ---------------------------------------------------------------------- */
/* The engine: a host's scan, the fleet                                    */

/* The profile of the server's config (--config), then ?profile=; under engine_mu. */
static int request_profile(struct server *s, const struct api_request *rq, struct arena *a,
			   const struct profile **p, struct strbuf *err)
{
	struct profile_request pr;
	profile_request_init(&pr, a);
	int rc = s->cfg->config ? config_read(&pr, s->cfg->config, true, err)
				: config_read_default(&pr, err);
	const char *name = api_arg(rq, "profile");
	if (!rc && name)
		profile_request_add(&pr, "profile", name, "profile=");
	if (!rc)
		rc = profile_resolve(s->rs, &pr, p, err);
	return rc;
}

static bool arg_date(const struct api_request *rq, day_t *d, struct api_response *out)
{
	const char *a = api_arg(rq, "date"), *why = NULL;
	*d = a ? date_parse_why(a, &why) : date_today();
	if (!*d) /* as the commands say it (util/date): "out of range: dates from ..." */
		api_error(out, 400, "date=%s: %s", a ? a : "", why ? why : DATE_FORM);
	return *d != 0;
}

/* What a renderer wrote to a FILE, as the answer. */
static void send_stream(struct api_response *out, char *buf, size_t len)
{
	out->status = 200;
	out->content_type = "application/json";
	strbuf_add(&out->body, buf, len);
	free(buf);
}

static void get_host_scan(struct server *s, const struct api_request *rq, struct api_response *out)
{
	const char *rest;
	int64_t id = host_id(rq->path + 14, &rest), snap;
	day_t date;
	if (!arg_date(rq, &date, out))
		return;
	struct strbuf err = STRBUF_INIT, doc = STRBUF_INIT;
	struct fleet *f = server_reader(s, &err);
	int rc = f ? hosts_last_snapshot(f, id, &snap, &err) : -1;
	if (rc > 0 && fleet_snapshot_document(f, snap, &doc, &err) < 0)
		rc = -1;
	server_reader_done(s, f);
	struct inventory *inv = NULL;
	if (rc < 0) {
		api_error(out, 500, "%s", err.buf);
	} else if (!rc) {
		api_error(out, 404, "no host %lld", (long long)id);
	} else if (parse_inventory(NULL, &doc, &inv, &err) < 0) {
		api_error(out, 500, "snapshot %lld: %s", (long long)snap, err.buf);
	} else {
		struct arena *a = arena_new();
		const struct profile *p = NULL;
		pthread_mutex_lock(&s->engine_mu);
		if (request_profile(s, rq, a, &p, &err) < 0) {
			api_error(out, 400, "%s", err.buf);
		} else {
			struct scan_result res = {.inv = inv};
			struct judge_opts jo = {s->rs, s->kb, p, date, 0};
			identify_inventory(s->kb, inv, date);
			judge_inventory(&jo, &res);
			char *buf = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&buf, &len);
			if (!m || report_scan(&res, "json", m, &err) < 0) {
				api_error(out, 500, "%s", err.len ? err.buf : "out of memory");
				if (m)
					fclose(m);
				free(buf);
			} else {
				fclose(m);
				send_stream(out, buf, len);
			}
		}
		pthread_mutex_unlock(&s->engine_mu);
		arena_free(a);
	}
	inventory_free(inv);
	strbuf_release(&doc);
	strbuf_release(&err);
}

/* Keep the findings at or above min (fleet --format json has them flat). */
static void filter_findings(cJSON *doc, int min)
{
	cJSON *fs = cJSON_GetObjectItemCaseSensitive(doc, "findings");
	for (cJSON *f = fs ? fs->child : NULL, *next; f; f = next) {
		next = f->next;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(f, "verdict");
		if (!cJSON_IsString(v) || verdict_from_name(v->valuestring) < min)
			cJSON_Delete(cJSON_DetachItemViaPointer(fs, f));
	}
}

/* Every value of a repeatable argument (site, tag), at most max. */
struct argvals {
	const char *name;
	const char **v;
	size_t n, max;
};

static enum MHD_Result arg_value(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	struct argvals *a = cls;
	if (value && !strcmp(key, a->name) && a->n < a->max)
		a->v[a->n++] = value;
	return MHD_YES;
}

static size_t arg_all(const struct api_request *rq, const char *name, const char **v, size_t max)
{
	struct argvals a = {name, v, 0, max};
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, arg_value, &a);
	return a.n;
}

/* ?site=A&site=B&tag=T: hosts at any of the sites with all of the tags, as
 * fleet --site A --site B --tag T selects them */
struct qfilter {
	const char *sites[16], *tags[16];
	struct fleet_filter f;
};

static void query_filter(const struct api_request *rq, struct qfilter *q)
{
	memset(q, 0, sizeof *q);
	q->f.sites = q->sites;
	q->f.nsites = arg_all(rq, "site", q->sites, 16);
	q->f.tags = q->tags;
	q->f.ntags = arg_all(rq, "tag", q->tags, 16);
}

static void get_fleet(struct server *s, const struct api_request *rq, struct api_response *out)
{
	day_t date;
	if (!arg_date(rq, &date, out))
		return;
	const char *mv = api_arg(rq, "min_verdict");
	int min = mv ? verdict_from_name(mv) : 0;
	if (min < 0) {
		api_error(out, 400, "min_verdict: expected PROHIBITED, REMOVE-BY, NO-NEW-PURCHASE, "
				    "LICENSE, REVIEW, INFO or CLEAR");
		return;
	}
	struct qfilter qf;
	query_filter(rq, &qf);
	const struct fleet_filter flt = qf.f;
	struct strbuf err = STRBUF_INIT;
	struct arena *a = arena_new();
	const struct profile *p = NULL;
	struct fleet_report *r = NULL;
	struct fleet_run run;
	pthread_mutex_lock(&s->engine_mu);
	int frc;
	if (request_profile(s, rq, a, &p, &err) < 0) {
		api_error(out, 400, "%s", err.buf);
	} else if ((frc = fleet_filter_check(s->screen_f, &flt, FILTER_QUERY, &err)) != 0) {
		/* a site or tag that selects nothing is no empty fleet (a typo
		 * must not read as "no findings") */
		api_error(out, frc > 0 ? 404 : 500, "%s", err.buf);
	} else {
		struct fleet_screen_opts so = {.rs = s->rs,
					       .kb = s->kb,
					       .profile = p,
					       .date = date,
					       .command = "serve",
					       .reuse = true,
					       .what_if = fleet_what_if(date)};
		struct strbuf why = STRBUF_INIT;
		if (fleet_screen(s->screen_f, &so, &run, &err) < 0 ||
		    fleet_report_build(s->screen_f, run.id, s->rs, &flt, &r, &err) < 0) {
			api_error(out, 500, "%s", err.buf);
		} else if (!r->hosts && fleet_hosts_current(s->screen_f, &why, &err) <= 0) {
			/* no host yet, or every one retired: nothing judged is no
			 * clean fleet (fleet exits 2, /report is a 404) */
			if (why.len)
				api_error(out, 404, "%s; nothing to judge", why.buf);
			else
				api_error(out, 500, "%s", err.buf);
		} else {
			cJSON *doc = report_fleet_to_json(r);
			if (min > 0)
				filter_findings(doc, min);
			send_json(out, 200, doc, true);
		}
		strbuf_release(&why);
	}
	fleet_report_free(r);
	pthread_mutex_unlock(&s->engine_mu);
	arena_free(a);
	strbuf_release(&err);
}

/* GET /report: `chipscreen report --format html` for the same store,
 * profile, date and filters, byte for byte but the generation time (and the
 * screening run it records, under this server's name, when none covers the
 * context yet).  A filter that selects no host is a 404 saying why. */
static void get_report(struct server *s, const struct api_request *rq, struct api_response *out)
{
	day_t date;
	if (!arg_date(rq, &date, out))
		return;
	struct qfilter qf;
	query_filter(rq, &qf);
	const struct fleet_filter flt = qf.f;
	struct strbuf err = STRBUF_INIT;
	struct arena *a = arena_new();
	const struct profile *p = NULL;
	char *buf = NULL;
	size_t len = 0;
	pthread_mutex_lock(&s->engine_mu);
	if (request_profile(s, rq, a, &p, &err) < 0) {
		api_error(out, 400, "%s", err.buf);
	} else {
		struct report_doc d = {.f = s->screen_f,
				       .db = s->cfg->db,
				       .rs = s->rs,
				       .kb = s->kb,
				       .profile = p,
				       .date = date,
				       .filter = &flt,
				       .run_command = "serve",
				       .query_words = true};
		FILE *m = open_memstream(&buf, &len);
		int rc = m ? report_fleet_document(&d, m, &err) : -1;
		if (m && fclose(m) != 0 && !rc)
			rc = -1;
		if (rc) {
			api_error(out, rc > 0 ? 404 : 500, "%s", err.len ? err.buf : "out of memory");
		} else {
			out->status = 200;
			out->content_type = "text/html; charset=utf-8";
			strbuf_add(&out->body, buf, len);
		}
	}
	pthread_mutex_unlock(&s->engine_mu);
	free(buf);
	arena_free(a);
	strbuf_release(&err);
}

/* ---------------------------------------------------------------------- */
/* Names                                                                   */

/* A search's scratch: a free one, or a new one when all are in use (as
 * many are made as searches ever ran at once; the connection limit bounds
 * that).  Each keeps the similar words of 2^16 query-token pairs, under a
 * MiB: a search server meets the same words again and again. */
static struct nx_scratch *scratch_take(struct server *s)
{
	struct nx_scratch *sc = NULL;
	pthread_mutex_lock(&s->index_mu);
	if (s->nscratch)
		sc = s->scratch[--s->nscratch];
	pthread_mutex_unlock(&s->index_mu);
	return sc ? sc : nx_scratch_new(s->ix, (size_t)1 << 16);
}

static void scratch_give(struct server *s, struct nx_scratch *sc)
{
	pthread_mutex_lock(&s->index_mu);
	s->scratch = xreallocarray(s->scratch, s->nscratch + 1, sizeof *s->scratch);
	s->scratch[s->nscratch++] = sc;
	pthread_mutex_unlock(&s->index_mu);
}

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
#define WORDS_MAX STRINGIFY(NAME_MAX_TOKENS)

/* Hits for q into arr (kind: drop entries of another kind of party; one of
 * unknown kind stays, since nothing rules it out), screened at time at;
 * the worst verdict, -1 none.  *nothing: why the name screens
 * nothing (match/normalize.h name_unsearchable) when no identifier hit
 * either, else NULL: "no hit" would read as screened and clear. */
static int search_into(struct server *s, struct nx_scratch *sc, const struct nx_query *q,
		       enum party_kind kind, const char *at, cJSON *arr, const char **nothing)
{
	struct nx_result res;
	int worst = -1;
	nindex_search_in(s->ix, sc, q, &res);
	*nothing = res.n ? NULL : res.unsearchable;
	/* screened on its first words only: no hit there says nothing of the rest */
	if (!res.n && !res.unsearchable && res.truncated_query)
		*nothing = "it has more than " WORDS_MAX " words: the first " WORDS_MAX
			   " found nothing and the rest was not screened";
	for (size_t i = 0; i < res.n; i++) {
		const struct nx_entry *e = &s->ix->entries[res.hits[i].entry];
		enum party_kind k = party_kind(e->type);
		if (kind != PARTY_UNKNOWN && k != PARTY_UNKNOWN && k != kind)
			continue;
		struct nx_verdict v;
		nindex_verdict(s->ix, &res.hits[i], &v);
		if ((int)v.verdict > worst)
			worst = (int)v.verdict;
		/* as search --json, with the lists' audit trail */
		cJSON_AddItemToArray(arr, hit_writer_json(s->hits, q, &res, &res.hits[i], at));
	}
	nx_result_release(&res);
	return worst;
}

static bool arg_min(const char *a, double *min, struct api_response *out)
{
	if (!a)
		return true;
	if (!number_in(a, 0, 1, min)) {
		api_error(out, 400, "min: expected a score from 0 to 1");
		return false;
	}
	return true;
}

static void get_search(struct server *s, const struct api_request *rq, struct api_response *out)
{
	struct nx_query q = {.min = DECIDE_REVIEW, .limit = 20};
	long long limit = 20;
	q.name = api_arg(rq, "name");
	q.country = api_arg(rq, "country");
	if (!q.name || !*q.name || strlen(q.name) > 1000) {
		api_error(out, 400, "name: give the name to search (1 to 1000 bytes)");
		return;
	}
	if (!arg_min(api_arg(rq, "min"), &q.min, out) ||
	    !arg_int(rq, "limit", 1, 1000, &limit, out))
		return;
	q.limit = (int)limit;
	/* a country that is none would count as "listed elsewhere" against
	 * every hit and could lower one under min (search --country refuses it) */
	if (q.country && !country_code_given(q.country)) {
		api_error(out, 400,
			  "country: '%s' is not a country code or name (ISO 3166: CN, China, ...)",
			  q.country);
		return;
	}
	/* a type that names no kind of party filtered every hit away */
	const char *type = api_arg(rq, "type");
	enum party_kind kind = party_kind(type);
	if (type && kind == PARTY_UNKNOWN) {
		api_error(out, 400,
			  "type: expected person, organization, vessel or aircraft (or individual, "
			  "entity)");
		return;
	}
	if (!s->ix || !s->ix->nentries) {
		api_error(out, 503, "no restricted-party list in the store: chipscreen lists import");
		return;
	}
	/* the answer depends on the arguments and the day the index's
	 * explanations are written as of (answers.c) */
	char at[32], key[1200];
	timestamp_now(at);
	/* lengths before the strings: no two queries give one key */
	int klen = snprintf(key, sizeof key, "%ld %.17g %d %d:%s %d:%s %s", (long)date_today(),
			    q.min, q.limit, type ? (int)strlen(type) : -1, type ? type : "",
			    q.country ? (int)strlen(q.country) : -1, q.country ? q.country : "",
			    q.name);
	bool keyed = klen > 0 && (size_t)klen < sizeof key;
	out->content_type = "application/json";
	if (keyed && answers_get(s->answers, key, (size_t)klen, at, &out->body)) {
		out->status = 200;
		return;
	}
	cJSON *doc = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(doc, "hits");
	struct nx_scratch *sc = scratch_take(s);
	const char *nothing;
	search_into(s, sc, &q, kind, at, arr, &nothing);
	scratch_give(s, sc);
	if (nothing) {
		cJSON_Delete(doc);
		api_error(out, 400, "name: %s", nothing);
		return;
	}
	send_json(out, 200, doc, false);
	if (keyed && out->status == 200)
		answers_put(s->answers, key, (size_t)klen, at, out->body.buf, out->body.len);
}

static const char *obj_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Is every member of o one of the words of allowed (" a b "), none twice
 * (util/json.h)?  where names o in the reason. */
static bool members_known(const cJSON *o, const char *allowed, const char *where,
			  struct strbuf *why)
{
	/* the first member (of a repeated name) that appears again later */
	const char *twice = json_repeated_member(o);
	for (const cJSON *m = o->child; m; m = m->next) {
		char word[80];
		if (!m->string || snprintf(word, sizeof word, " %s ", m->string) >= (int)sizeof word ||
		    !strstr(allowed, word)) {
			strbuf_addf(why, "%s: unknown member \"%.40s\" (it takes:%.*s)", where,
				    m->string ? m->string : "", (int)strlen(allowed) - 1, allowed);
			return false;
		}
		if (m->string == twice) {
			strbuf_addf(why, "%s: \"%s\" appears twice (which one is meant is not known)",
				    where, twice);
			return false;
		}
	}
	return true;
}

/* A screen request's members: a misspelt one ("minimum": 0.3) or one given
 * twice was passed over, the names screened at the default threshold or
 * without the country meant. */
static bool screen_members(const cJSON *in, struct strbuf *why)
{
	if (!cJSON_IsObject(in))
		return true; /* said below: expected {"names": [...]} */
	if (!members_known(in, " names min ", "the request", why))
		return false;
	const cJSON *n;
	int i = 0;
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(in, "names"))
	{
		char where[32];
		snprintf(where, sizeof where, "names[%d]", i++);
		if (cJSON_IsObject(n) && !members_known(n, " name country address id ", where, why))
			return false;
	}
	return true;
}

static void post_screen(struct server *s, const struct api_request *rq, struct api_response *out)
{
	struct strbuf doc = STRBUF_INIT, why = STRBUF_INIT;
	int st = body_decode(NULL, rq->encoding, rq->body, rq->body_len, s->cfg->body_limit, &doc,
			     &why);
	if (!st)
		st = body_json_limits(doc.buf, doc.len, 8, 200000, &why);
	cJSON *in = st ? NULL : body_json_parse(doc.buf, doc.len, &why);
	if (in && !screen_members(in, &why))
		st = 400;
	const cJSON *names = in ? cJSON_GetObjectItemCaseSensitive(in, "names") : NULL;
	struct nx_query base = {.min = DECIDE_REVIEW, .limit = 100};
	const cJSON *min = in ? cJSON_GetObjectItemCaseSensitive(in, "min") : NULL;
	if (!s->ix || !s->ix->nentries) {
		api_error(out, 503, "no restricted-party list in the store: chipscreen lists import");
	} else if (st) {
		api_error(out, (unsigned)st, "%s", why.buf);
	} else if (!in) {
		api_error(out, 400, "%s", why.buf);
	} else if (!cJSON_IsArray(names) || cJSON_GetArraySize(names) > 10000) {
		api_error(out, 400, "expected {\"names\": [...]} with at most 10000 names");
	} else if (min && (!cJSON_IsNumber(min) || min->valuedouble < 0 || min->valuedouble > 1)) {
		api_error(out, 400, "min: expected a score from 0 to 1");
	} else {
		if (min)
			base.min = min->valuedouble;
		cJSON *res = cJSON_CreateObject();
		cJSON *arr = cJSON_AddArrayToObject(res, "results");
		char at[32];
		timestamp_now(at);
		struct nx_scratch *sc = scratch_take(s);
		const cJSON *n;
		cJSON_ArrayForEach(n, names)
		{
			struct nx_query q = base;
			q.name = cJSON_IsString(n) ? n->valuestring : obj_str(n, "name");
			q.country = cJSON_IsObject(n) ? obj_str(n, "country") : NULL;
			q.address = cJSON_IsObject(n) ? obj_str(n, "address") : NULL;
			q.id = cJSON_IsObject(n) ? obj_str(n, "id") : NULL;
			cJSON *r = cJSON_CreateObject();
			cJSON_AddItemToArray(arr, r);
			if (!q.name) {
				cJSON_AddNullToObject(r, "name");
				cJSON_AddStringToObject(r, "error", "no name");
				continue;
			}
			cJSON_AddStringToObject(r, "name", q.name);
			if (q.country && *q.country && !country_code_given(q.country)) {
				/* not screened: as written it would lower every hit */
				cJSON_AddStringToObject(r, "error",
							"country: not a country code or name");
				continue;
			}
			cJSON *hits = cJSON_CreateArray();
			const char *nothing;
			int worst = search_into(s, sc, &q, PARTY_UNKNOWN, at, hits, &nothing);
			if (nothing) { /* not screened: not a "no hit" */
				cJSON_Delete(hits);
				cJSON_AddStringToObject(r, "error", nothing);
				continue;
			}
			if (worst >= 0)
				cJSON_AddStringToObject(r, "verdict", verdict_name(worst));
			else
				cJSON_AddNullToObject(r, "verdict");
			cJSON_AddItemToObject(r, "hits", hits);
		}
		scratch_give(s, sc);
		send_json(out, 200, res, false);
	}
	cJSON_Delete(in);
	strbuf_release(&doc);
	strbuf_release(&why);
}

/* ---------------------------------------------------------------------- */
/* Health and metrics                                                      */

static int64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
}

static void get_metrics(struct server *s, struct api_response *out)
{
	metrics_render(s->metrics, &out->body);
	char wal[4096];
	snprintf(wal, sizeof wal, "%s-wal", s->cfg->db);
	strbuf_addf(&out->body,
		    "# HELP chipscreen_store_bytes The store's file and its write-ahead log.\n"
		    "# TYPE chipscreen_store_bytes gauge\n"
		    "chipscreen_store_bytes{file=\"db\"} %lld\n"
		    "chipscreen_store_bytes{file=\"wal\"} %lld\n",
		    (long long)file_size(s->cfg->db), (long long)file_size(wal));
	strbuf_addf(&out->body,
		    "# HELP chipscreen_commits_total Transactions the writer committed.\n"
		    "# TYPE chipscreen_commits_total counter\n"
		    "chipscreen_commits_total %llu\n",
		    (unsigned long long)writer_commits(s->writer));
	uint64_t hits, misses;
	size_t kept;
	answers_counts(s->answers, &hits, &misses, &kept);
	strbuf_addf(&out->body,
		    "# HELP chipscreen_search_answers_total Searches answered from kept answers"
		    " (hit) or searched (miss).\n"
		    "# TYPE chipscreen_search_answers_total counter\n"
		    "chipscreen_search_answers_total{result=\"hit\"} %llu\n"
		    "chipscreen_search_answers_total{result=\"miss\"} %llu\n"
		    "# HELP chipscreen_search_answers_kept Search answers kept.\n"
		    "# TYPE chipscreen_search_answers_kept gauge\n"
		    "chipscreen_search_answers_kept %zu\n",
		    (unsigned long long)hits, (unsigned long long)misses, kept);
	strbuf_addf(&out->body,
		    "# HELP chipscreen_ruleset_info The rule set served.\n"
		    "# TYPE chipscreen_ruleset_info gauge\n"
		    "chipscreen_ruleset_info{version=\"%s\"} 1\n",
		    s->rs->version);
	strbuf_addstr(&out->body, "# HELP chipscreen_list_info The restricted-party lists loaded.\n"
				  "# TYPE chipscreen_list_info gauge\n");
	strbuf_addstr(&out->body, s->lists_version);
	out->status = 200;
	out->content_type = "text/plain; version=0.0.4";
}

/*
 * The query arguments each route reads.  Any other is refused, not passed
 * over: "?sit=Leeds" answered with the whole fleet, and "?profile=a&
 * profile=b" with one of them, where the reader meant something else.  Only
 * site and tag may repeat (hosts at any of those sites, with all of those
 * tags, as fleet --site/--tag select).  NULL: not checked (health and metrics probes add their own).
 */
static const char *const route_args[ROUTE__COUNT] = {
	[R_INVENTORIES] = " site tag ",
	[R_HOSTS] = " after limit ",
	[R_HOST] = " ",
	[R_HOST_SCAN] = " profile date ",
	[R_FLEET] = " profile date site tag min_verdict ",
	[R_SEARCH] = " name min type country limit ",
	[R_SCREEN] = " ",
	[R_REPORT] = " profile date site tag ",
};

struct argcheck {
	const char *allowed;
	const char *seen[16];
	size_t nseen;
	char why[160];
};

static enum MHD_Result arg_check(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	(void)value;
	struct argcheck *c = cls;
	char word[80];
	if (snprintf(word, sizeof word, " %s ", key) >= (int)sizeof word ||
	    !strstr(c->allowed, word)) {
		int n = (int)strlen(c->allowed) - 1; /* its last space */
		if (n > 0)
			snprintf(c->why, sizeof c->why,
				 "unknown query argument '%.40s' (this route takes:%.*s)", key, n,
				 c->allowed);
		else
			snprintf(c->why, sizeof c->why,
				 "unknown query argument '%.40s' (this route takes none)", key);
		return MHD_NO;
	}
	if (!strcmp(key, "site") || !strcmp(key, "tag"))
		return MHD_YES;
	for (size_t i = 0; i < c->nseen; i++)
		if (!strcmp(c->seen[i], key)) {
			snprintf(c->why, sizeof c->why,
				 "query argument '%s' given twice: which one is meant is not known",
				 key);
			return MHD_NO;
		}
	if (c->nseen < sizeof c->seen / sizeof *c->seen)
		c->seen[c->nseen++] = key;
	return MHD_YES;
}

static bool args_known(enum route r, const struct api_request *rq, struct api_response *out)
{
	if (!route_args[r])
		return true;
	struct argcheck c = {.allowed = route_args[r]};
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, arg_check, &c);
	if (!c.why[0])
		return true;
	api_error(out, 400, "%s", c.why);
	return false;
}

void api_handle(struct server *s, enum route r, const struct api_request *rq,
		struct api_response *out)
{
	if (r < ROUTE__COUNT && !args_known(r, rq, out))
		return;
	switch (r) {
	case R_HEALTHZ:
		out->status = 200;
		strbuf_addstr(&out->body, "{\"status\":\"ok\"}\n");
		break;
	case R_METRICS:
		get_metrics(s, out);
		break;
	case R_INVENTORIES:
		post_inventory(s, rq, out);
		break;
	case R_HOSTS:
		get_hosts(s, rq, out);
		break;
	case R_HOST:
		get_host(s, rq, out);
		break;
	case R_HOST_SCAN:
		get_host_scan(s, rq, out);
		break;
	case R_FLEET:
		get_fleet(s, rq, out);
		break;
	case R_SEARCH:
		get_search(s, rq, out);
		break;
	case R_SCREEN:
		post_screen(s, rq, out);
		break;
	case R_REPORT:
		get_report(s, rq, out);
		break;
	default:
		api_error(out, 404, "no such resource");
	}
}
