/*
 * fleet-query.c — from verdicts per unit to hosts and components.
 *
 * A verdict is stored once per unit; the fleet report and the rescreen diff
 * fan it out to the hosts whose current snapshot (hosts.last_snapshot) holds
 * the unit, through the index snapshot_units_unit (fleet-int.h, SU_EPOCHS), so the
 * work grows with the units that have findings, not with the fleet.  Hosts
 * are counted with one bit per host and rule.
 */
#include "store/fleet-int.h"
#include "util/date.h"

#include <cjson/cJSON.h>
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------------- */
/* The current snapshots                                                   */

static char *json_list(const char *const *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	char *s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	return s;
}

/* Counting over the whole fleet needs no list of hosts: a snapshot is
 * current when a host names it (index hosts_last), and a host's id is its
 * index in the bitmaps. */
static int current_direct(struct fleet *f, struct current *cur, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (fleet_prep(f, &q, "SELECT coalesce(max(id), 0) FROM hosts", err) < 0)
		return -1;
	cur->n = sqlite3_step(q) == SQLITE_ROW ? (size_t)sqlite3_column_int64(q, 0) + 1 : 1;
	sqlite3_finalize(q);
	cur->direct = true;
	return 0;
}

int current_load(struct fleet *f, const struct fleet_filter *flt, bool light, struct arena *a,
		 struct current *cur, struct strbuf *err)
{
	static const struct fleet_filter none;
	sqlite3_stmt *q;
	memset(cur, 0, sizeof *cur);
	imap_init(&cur->snap);
	if (!flt)
		flt = &none;
	if (light && !flt->nsites && !flt->ntags && !flt->nhosts)
		return current_direct(f, cur, err);
	if (fleet_prep(f, &q,
		       "SELECT h.id, h.last_snapshot, h.name, h.key, h.site, s.components"
		       " FROM hosts h JOIN snapshots s ON s.id = h.last_snapshot"
		       " WHERE (?1 IS NULL OR h.site IN (SELECT value FROM json_each(?1)))"
		       " AND (?2 IS NULL OR (SELECT count(DISTINCT tag) FROM host_tags t"
		       "  WHERE t.host = h.id AND t.tag IN (SELECT value FROM json_each(?2))) = ?3)"
		       " AND (?4 IS NULL OR h.name IN (SELECT value FROM json_each(?4))"
		       "  OR h.key IN (SELECT value FROM json_each(?4)))"
		       " ORDER BY h.name, h.id",
		       err) < 0)
		return -1;
	char *sites = flt->nsites ? json_list(flt->sites, flt->nsites) : NULL;
	char *tags = flt->ntags ? json_list(flt->tags, flt->ntags) : NULL;
	char *hosts = flt->nhosts ? json_list(flt->hosts, flt->nhosts) : NULL;
	bind_text(q, 1, sites);
	bind_text(q, 2, tags);
	/* a tag given twice counts once */
	size_t ntags = 0;
	for (size_t i = 0; i < flt->ntags; i++) {
		bool dup = false;
		for (size_t k = 0; k < i; k++)
			dup |= !strcmp(flt->tags[k], flt->tags[i]);
		ntags += !dup;
	}
	sqlite3_bind_int64(q, 3, (sqlite3_int64)ntags);
	bind_text(q, 4, hosts);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (cur->n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			cur->host = arena_grow(a, cur->host, cap, nc, sizeof *cur->host);
			cur->name = arena_grow(a, cur->name, cap, nc, sizeof *cur->name);
			cur->key = arena_grow(a, cur->key, cap, nc, sizeof *cur->key);
			cur->site = arena_grow(a, cur->site, cap, nc, sizeof *cur->site);
			cur->ncomps = arena_grow(a, cur->ncomps, cap, nc, sizeof *cur->ncomps);
			cap = nc;
		}
		cur->host[cur->n] = sqlite3_column_int64(q, 0);
		imap_put(&cur->snap, sqlite3_column_int64(q, 1), (int64_t)cur->n + 1);
		cur->name[cur->n] = col_text(a, q, 2);
		cur->key[cur->n] = col_text(a, q, 3);
		cur->site[cur->n] = col_text(a, q, 4);
		cur->ncomps[cur->n] = (size_t)sqlite3_column_int64(q, 5);
		cur->components += cur->ncomps[cur->n];
		cur->n++;
	}
	sqlite3_finalize(q);
	cJSON_free(sites);
	cJSON_free(tags);
	cJSON_free(hosts);
	if (rc != SQLITE_DONE)
		return store_error(f->st, err, "reading the hosts");
	return 0;
}

void current_free(struct current *cur)
{
	imap_free(&cur->snap);
}

/* Each current, selected snapshot holding unit: host index, count, snapshot. */
struct hit {
	size_t host;
	int64_t count, snapshot;
};

static void push_hit(struct hit **hits, size_t *n, size_t *cap, struct hit h)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*hits = xreallocarray(*hits, *cap, sizeof **hits);
	}
	(*hits)[(*n)++] = h;
}

static int fanout(struct fleet *f, const struct current *cur, int64_t unit, struct hit **hits,
		  size_t *n, size_t *cap, struct strbuf *err)
{
	sqlite3_stmt *q =
		cur->direct
			? fleet_stmt(f,
				     "WITH RECURSIVE " SU_EPOCHS
				     " SELECT su.snapshot, su.count, h.id FROM su_epochs e"
				     " CROSS JOIN snapshot_units su CROSS JOIN hosts h"
				     " WHERE " SU_EPOCH_OF("su") " = e.n AND su.unit = ?1"
				     " AND h.last_snapshot = su.snapshot",
				     err)
			: fleet_stmt(f,
				     "WITH RECURSIVE " SU_EPOCHS
				     " SELECT su.snapshot, su.count FROM su_epochs e"
				     " CROSS JOIN snapshot_units su"
				     " WHERE " SU_EPOCH_OF("su") " = e.n AND su.unit = ?1",
				     err);
	if (!q)
		return -1;
	*n = 0;
	sqlite3_bind_int64(q, 1, unit);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t snap = sqlite3_column_int64(q, 0);
		int64_t hi =
			cur->direct ? sqlite3_column_int64(q, 2) + 1 : imap_get(&cur->snap, snap);
		if (!hi || (size_t)hi > cur->n)
			continue;
		push_hit(hits, n, cap,
			 (struct hit){(size_t)(hi - 1), sqlite3_column_int64(q, 1), snap});
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : store_error(f->st, err, "reading the snapshots' parts");
}

/* ---------------------------------------------------------------------- */
/* Rule totals                                                             */

struct tally {
	struct fleet_rule_sum s;
	unsigned char *hosts, *bhosts; /* one bit per host index */
};

static bool set_bit(unsigned char *b, size_t i)
{
	unsigned char m = (unsigned char)(1u << (i & 7));
	if (b[i >> 3] & m)
		return false;
	b[i >> 3] |= m;
	return true;
}

static struct tally *tally_for(struct tally **v, size_t *n, const char *rule, size_t nhosts,
			       struct arena *a)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].s.rule_id, rule))
			return &(*v)[i];
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	struct tally *t = &(*v)[(*n)++];
	memset(t, 0, sizeof *t);
	t->s.rule_id = arena_strdup(a, rule);
	t->s.worst = -1;
	t->hosts = xcalloc(nhosts / 8 + 1, 1);
	t->bhosts = xcalloc(nhosts / 8 + 1, 1);
	return t;
}

static void tally_add(struct tally *t, const struct hit *h, enum verdict v, bool binding,
		      day_t deadline)
{
	t->s.components += (size_t)h->count;
	t->s.verdicts[v] += (size_t)h->count;
	if ((int)v > t->s.worst)
		t->s.worst = (int)v;
	if (set_bit(t->hosts, h->host))
		t->s.hosts++;
	if (binding) {
		t->s.binding_components += (size_t)h->count;
		if (set_bit(t->bhosts, h->host))
			t->s.binding_hosts++;
	}
	if (v == V_REMOVE_BY && deadline) {
		if (!t->s.next_deadline || deadline < t->s.next_deadline) {
			t->s.next_deadline = deadline;
			t->s.next_deadline_components = 0;
		}
		if (deadline == t->s.next_deadline)
			t->s.next_deadline_components += (size_t)h->count;
	}
}

/* Title, legal source, version and the next date a restriction starts or
 * ends, from the rule set. */
static void tally_rule_facts(struct fleet_rule_sum *s, const struct ruleset *rs, day_t date,
			     struct arena *a)
{
	const struct rule *x = rs ? rule_find(rs, s->rule_id) : NULL;
	if (!x)
		return;
	s->title = x->title;
	s->jurisdiction = x->jurisdiction;
	s->authority = x->authority;
	struct strbuf cite = STRBUF_INIT;
	rule_citation(x, &cite);
	s->citation = arena_strdup(a, cite.buf);
	strbuf_release(&cite);
	s->url = x->url;
	if (!s->version)
		s->version = x->version;
	for (size_t i = 0; i < x->nrestr; i++) {
		const struct restriction *r = &x->restr[i];
		day_t from = r->from ? r->from : x->effective;
		if (from > date && (!s->upcoming || from < s->upcoming)) {
			s->upcoming = from;
			s->upcoming_what = arena_printf(a, "%s restriction in force: %s",
							restricts_name(r->what), r->requires);
		}
		if (r->by > date && (!s->upcoming || r->by < s->upcoming)) {
			s->upcoming = r->by;
			s->upcoming_what = arena_printf(a, "%s deadline: %s",
							restricts_name(r->what), r->requires);
		}
	}
}

static int cmp_rule_sum(const void *a, const void *b)
{
	const struct fleet_rule_sum *x = a, *y = b;
	if (x->worst != y->worst)
		return y->worst - x->worst;
	if (x->components != y->components)
		return x->components < y->components ? 1 : -1;
	return strcmp(x->rule_id, y->rule_id);
}

static void tallies_finish(struct tally *t, size_t n, const struct ruleset *rs, day_t date,
			   struct arena *a, struct fleet_rule_sum **out, size_t *nout)
{
	size_t k = 0;
	*out = arena_calloc(a, n + 1, sizeof **out);
	for (size_t i = 0; i < n; i++) {
		if (t[i].s.components) {
			tally_rule_facts(&t[i].s, rs, date, a);
			(*out)[k++] = t[i].s;
		}
		free(t[i].hosts);
		free(t[i].bhosts);
	}
	free(t);
	qsort(*out, k, sizeof **out, cmp_rule_sum);
	*nout = k;
}

/* ---------------------------------------------------------------------- */
/* The fleet report                                                        */

struct stored {
	int64_t unit;
	const char *rule_id, *rule_version, *requires, *org, *org_name, *via, *relation;
	const char *acquired, *reason, *evidence;
	const char *kind, *part, *makers, *u_acquired, *u_made, *u_purpose;
	enum verdict verdict;
	bool binding;
	day_t effective, deadline;
};

static day_t col_day(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	return s ? date_parse((const char *)s) : 0;
}

static int cmp_stored(const void *a, const void *b)
{
	const struct stored *x = a, *y = b;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return strcmp(x->rule_id, y->rule_id);
}

/* The verdicts of a run (its chain of runs), by unit and rule. */
static int load_stored(struct fleet *f, int64_t run, struct arena *a, struct stored **out,
		       size_t *n, struct strbuf *err)
{
	sqlite3_stmt *q;
	struct chain ch;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (chain_load(f, run, a, &ch, err) < 0 ||
	    fleet_prep(
		    f, &q,
		    "SELECT v.unit, v.rule_id, v.rule_version, v.verdict, v.binding, v.effective,"
		    " v.deadline, v.requires, v.org, v.org_name, v.via, v.relation, v.acquired,"
		    " v.reason, v.evidence, p.kind, u.acquired, u.made,"
		    " u.purpose FROM verdicts v JOIN units u ON u.id = v.unit"
		    " JOIN parts p ON p.id = u.part WHERE v.run = ? AND v.rule_id NOT IN"
		    " (SELECT value FROM json_each(?))",
		    err) < 0)
		return -1;
	int rc = SQLITE_DONE;
	struct words w;
	words_init(&w, f, a);
	for (size_t k = 0; k < ch.n && rc == SQLITE_DONE; k++) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, ch.v[k].run);
		bind_text(q, 2, ch.v[k].skip);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			struct stored *s = ARENA_PUSH(a, *out, *n, cap);
			int v = verdict_from_name((const char *)sqlite3_column_text(q, 3));
			s->unit = sqlite3_column_int64(q, 0);
			s->rule_id = col_text(a, q, 1);
			s->rule_version = col_text(a, q, 2);
			s->verdict = v < 0 ? V_REVIEW : (enum verdict)v;
			s->binding = sqlite3_column_int(q, 4) != 0;
			s->effective = col_day(q, 5);
			s->deadline = col_day(q, 6);
			s->requires = col_text(a, q, 7);
			s->org = col_text(a, q, 8);
			s->org_name = col_text(a, q, 9);
			s->via = col_text(a, q, 10);
			s->relation = col_text(a, q, 11);
			s->acquired = col_text(a, q, 12);
			s->reason = col_text(a, q, 13);
			s->evidence =
				evidence_words_of(a, (const char *)sqlite3_column_text(q, 14));
			s->kind = col_text(a, q, 15);
			words_unit(&w, s->unit, &s->part, &s->makers);
			s->u_acquired = col_text(a, q, 16);
			s->u_made = col_text(a, q, 17);
			s->u_purpose = col_text(a, q, 18);
		}
	}
	sqlite3_finalize(q);
	words_free(&w);
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_stored);
	return rc == SQLITE_DONE && !w.failed ? 0 : store_error(f->st, err, "reading the verdicts");
}

static const char *unit_ids(struct fleet *f, struct arena *a, int64_t snap, int64_t unit,
			    struct strbuf *err)
{
	sqlite3_stmt *q = fleet_stmt(
		f, "SELECT ids FROM snapshot_units WHERE snapshot = ? AND unit = ?", err);
	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, snap);
	sqlite3_bind_int64(q, 2, unit);
	const char *s = sqlite3_step(q) == SQLITE_ROW ? col_text(a, q, 0) : NULL;
	sqlite3_reset(q);
	return s ? s : "";
}

static int cmp_finding(const void *a, const void *b)
{
	const struct fleet_finding *x = a, *y = b;
	int c = strcmp(x->host_name, y->host_name);
	if (c)
		return c;
	if (x->host != y->host)
		return x->host < y->host ? -1 : 1;
	if (x->verdict != y->verdict)
		return (int)y->verdict - (int)x->verdict;
	if ((c = strcmp(x->rule_id, y->rule_id)))
		return c;
	if ((c = strcmp(x->part ? x->part : "", y->part ? y->part : "")))
		return c;
	return strcmp(x->ids, y->ids);
}

static int run_facts(struct fleet *f, int64_t run, struct arena *a, const char **profile,
		     day_t *date, const char **ruleset, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (fleet_prep(f, &q, "SELECT profile, date, ruleset FROM runs WHERE id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, run);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*profile = col_text(a, q, 0);
		*date = col_day(q, 1);
		*ruleset = col_text(a, q, 2);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: no run %lld", f->st->path, (long long)run);
		return -1;
	}
	return 0;
}

/* Why a stored attribution is incomplete, from its JSON: "maker: ...; chip maker: ...". */
static const char *unknown_reason(struct arena *a, const char *attribution, bool maker_known)
{
	cJSON *j = attribution ? cJSON_Parse(attribution) : NULL;
	struct strbuf sb = STRBUF_INIT;
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "maker_unknown_reason");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, "unknown_reason");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "chip_maker_unknown_reason");
	if (!maker_known)
		strbuf_addf(&sb, "maker: %s",
			    cJSON_IsString(m)   ? m->valuestring
			    : cJSON_IsString(u) ? u->valuestring
						: "unknown");
	else
		strbuf_addf(&sb, "chip maker: %s",
			    cJSON_IsString(c) ? c->valuestring : "unknown");
	const char *r = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	cJSON_Delete(j);
	return r;
}

static int cmp_unidentified(const void *x, const void *y)
{
	const struct fleet_unidentified *a = x, *b = y;
	int c = strcmp(a->host_name ? a->host_name : "", b->host_name ? b->host_name : "");
	return c ? c : strcmp(a->ids ? a->ids : "", b->ids ? b->ids : "");
}

/* The parts of the current snapshots whose maker or chip maker is unknown:
 * counted, and listed with the reason (fleet must name them, not only count). */
static int count_unidentified(struct fleet *f, const struct current *cur, struct fleet_report *r,
			      struct strbuf *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	r->not_identified_components = 0;
	if (fleet_prep(f, &q,
		       "WITH RECURSIVE " SU_EPOCHS
		       " SELECT su.snapshot, su.count, su.ids, p.kind, u.id,"
		       " u.maker IS NOT NULL, u.attribution FROM units u CROSS JOIN su_epochs e"
		       " CROSS JOIN snapshot_units su CROSS JOIN parts p"
		       " WHERE (u.maker IS NULL OR (u.has_chip AND u.chip_maker IS NULL))"
		       " AND " SU_EPOCH_OF("su") " = e.n AND su.unit = u.id AND p.id = u.part",
		       err) < 0)
		return -1;
	int rc;
	struct words w;
	words_init(&w, f, r->arena);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t k = imap_get(&cur->snap, sqlite3_column_int64(q, 0));
		if (!k)
			continue;
		size_t h = (size_t)(k - 1);
		struct fleet_unidentified *x =
			ARENA_PUSH(r->arena, r->unidentified, r->nunidentified, cap);
		x->host_name = cur->name[h];
		x->host_key = cur->key[h];
		x->site = cur->site[h];
		x->count = (size_t)sqlite3_column_int64(q, 1);
		x->ids = col_text(r->arena, q, 2);
		x->kind = col_text(r->arena, q, 3);
		words_unit(&w, sqlite3_column_int64(q, 4), &x->part, &x->makers);
		x->reason = unknown_reason(r->arena, (const char *)sqlite3_column_text(q, 6),
					   sqlite3_column_int(q, 5) != 0);
		r->not_identified_components += x->count;
	}
	sqlite3_finalize(q);
	words_free(&w);
	if (r->nunidentified)
		qsort(r->unidentified, r->nunidentified, sizeof *r->unidentified,
		      cmp_unidentified);
	return rc == SQLITE_DONE && !w.failed
		       ? 0
		       : store_error(f->st, err, "listing unidentified parts");
}

static void finding_from(struct fleet_finding *x, const struct stored *s, const struct current *cur,
			 const struct hit *h)
{
	memset(x, 0, sizeof *x);
	x->host = cur->host[h->host];
	x->unit = s->unit;
	x->host_name = cur->name[h->host];
	x->host_key = cur->key[h->host];
	x->site = cur->site[h->host];
	x->count = (size_t)h->count;
	x->kind = s->kind;
	x->part = s->part;
	x->makers = s->makers;
	x->acquired_fact = s->u_acquired;
	x->made_fact = s->u_made;
	x->purpose_fact = s->u_purpose;
	x->rule_id = s->rule_id;
	x->rule_version = s->rule_version;
	x->verdict = s->verdict;
	x->binding = s->binding;
	x->effective = s->effective;
	x->deadline = s->deadline;
	x->requires = s->requires;
	x->org = s->org;
	x->org_name = s->org_name;
	x->via = s->via;
	x->relation = s->relation;
	x->acquired = s->acquired;
	x->reason = s->reason;
	x->evidence = s->evidence;
}

static int report_fill(struct fleet *f, struct fleet_report *r, const struct ruleset *rs,
		       struct current *cur, struct strbuf *err)
{
	struct arena *a = r->arena;
	struct stored *sv;
	size_t nsv, nt = 0, capf = 0, nh = 0, caph = 0;
	struct tally *t = NULL;
	struct hit *hits = NULL;
	unsigned char *any = xcalloc(cur->n / 8 + 1, 1);
	int rc = load_stored(f, r->run, a, &sv, &nsv, err);
	for (size_t i = 0; !rc && i < nsv;) {
		size_t j = i;
		while (j < nsv && sv[j].unit == sv[i].unit)
			j++;
		if ((rc = fanout(f, cur, sv[i].unit, &hits, &nh, &caph, err)) < 0)
			break;
		for (size_t h = 0; h < nh && !rc; h++) {
			const char *ids = unit_ids(f, a, hits[h].snapshot, sv[i].unit, err);
			if (!ids) {
				rc = -1;
				break;
			}
			r->components_with_findings += (size_t)hits[h].count;
			if (set_bit(any, hits[h].host))
				r->hosts_with_findings++;
			for (size_t k = i; k < j; k++) {
				tally_add(tally_for(&t, &nt, sv[k].rule_id, cur->n, a), &hits[h],
					  sv[k].verdict, sv[k].binding, sv[k].deadline);
				struct fleet_finding *x =
					ARENA_PUSH(a, r->findings, r->nfindings, capf);
				finding_from(x, &sv[k], cur, &hits[h]);
				x->ids = ids;
				if ((int)sv[k].verdict > r->worst)
					r->worst = (int)sv[k].verdict;
			}
		}
		i = j;
	}
	free(hits);
	free(any);
	tallies_finish(t, nt, rs, r->date, a, &r->rules, &r->nrules);
	if (!rc)
		rc = count_unidentified(f, cur, r, err);
	if (r->nfindings)
		qsort(r->findings, r->nfindings, sizeof *r->findings, cmp_finding);
	return rc;
}

/* The hosts whose snapshot holds no component (NOTHING_READ_REASON): no part
 * of theirs was judged, so the fleet is not clear while they are in it. */
static void nothing_read(struct fleet_report *r, const struct current *cur)
{
	size_t cap = 0;
	for (size_t i = 0; i < cur->n; i++) {
		if (cur->ncomps[i])
			continue;
		struct fleet_unread_host *x =
			ARENA_PUSH(r->arena, r->nothing_read, r->nnothing_read, cap);
		x->host_name = cur->name[i];
		x->host_key = cur->key[i];
		x->site = cur->site[i];
		x->reason = NOTHING_READ_REASON;
		r->worst = V_REVIEW;
	}
}

int fleet_report_build(struct fleet *f, int64_t run, const struct ruleset *rs,
		       const struct fleet_filter *filter, struct fleet_report **out,
		       struct strbuf *err)
{
	struct arena *a = arena_new();
	struct fleet_report *r = arena_alloc(a, sizeof *r);
	struct current cur;
	r->arena = a;
	r->run = run;
	r->filter = filter;
	*out = NULL;
	sqlite3_exec(f->st->db, "BEGIN", NULL, NULL, NULL); /* one snapshot, one lock */
	if (run_facts(f, run, a, &r->profile, &r->date, &r->ruleset, err) < 0 ||
	    current_load(f, filter, false, a, &cur, err) < 0) {
		sqlite3_exec(f->st->db, "COMMIT", NULL, NULL, NULL);
		arena_free(a);
		return -1;
	}
	r->hosts = cur.n;
	r->components = cur.components;
	r->worst = cur.n ? V_CLEAR : -1;
	nothing_read(r, &cur);
	int rc = report_fill(f, r, rs, &cur, err);
	current_free(&cur);
	sqlite3_exec(f->st->db, "COMMIT", NULL, NULL, NULL);
	if (rc < 0) {
		arena_free(a);
		return -1;
	}
	*out = r;
	return 0;
}

void fleet_report_free(struct fleet_report *r)
{
	if (r)
		arena_free(r->arena);
}

/* ---------------------------------------------------------------------- */
/* Changes between two runs                                                */

struct runinfo {
	const char *mode, *ruleset, *rules, *changed, *sources, *profile;
	day_t date;
	int64_t base, max_unit;
};

static int run_info(struct fleet *f, int64_t run, struct arena *a, struct runinfo *ri,
		    struct strbuf *err)
{
	sqlite3_stmt *q;
	memset(ri, 0, sizeof *ri);
	if (!run)
		return 0;
	if (fleet_prep(f, &q,
		       "SELECT r.mode, r.ruleset, s.rules, r.changed, r.sources, r.date,"
		       " coalesce(r.base, 0), r.max_unit, r.profile FROM runs r"
		       " LEFT JOIN rulesets s ON s.version = r.ruleset WHERE r.id = ?",
		       err) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, run);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		ri->mode = col_text(a, q, 0);
		ri->ruleset = col_text(a, q, 1);
		ri->rules = col_text(a, q, 2);
		ri->changed = col_text(a, q, 3);
		ri->sources = col_text(a, q, 4);
		ri->date = col_day(q, 5);
		ri->base = sqlite3_column_int64(q, 6);
		ri->max_unit = sqlite3_column_int64(q, 7);
		ri->profile = col_text(a, q, 8);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: no run %lld", f->st->path, (long long)run);
		return -1;
	}
	if (!ri->rules)
		ri->rules = "";
	return 0;
}

/* The version of rule id in "id version" lines, or NULL. */
static const char *rule_version_in(struct arena *a, const char *lines, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = lines; p && *p;) {
		const char *nl = strchr(p, '\n');
		if (!nl)
			break;
		if (!strncmp(p, id, n) && p[n] == ' ')
			return arena_strndup(a, p + n + 1, (size_t)(nl - p - n - 1));
		p = nl + 1;
	}
	return NULL;
}

struct vkey {
	int64_t unit;
	const char *rule_id, *version, *reason, *org_name;
	const char *kind;
	int verdict;
	bool binding;
	day_t deadline;
};

static int cmp_vkey(const struct vkey *x, const struct vkey *y);

static int cmp_vkey_q(const void *a, const void *b)
{
	return cmp_vkey(a, b);
}

/* The verdicts of a run, by unit and rule; only_rules (JSON) and above:
 * only those of these rules or of units above that id. */
static int load_vkeys(struct fleet *f, int64_t run, const char *only_rules, int64_t above,
		      struct arena *a, struct vkey **out, size_t *n, struct strbuf *err)
{
	sqlite3_stmt *q;
	struct chain ch;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (!run)
		return 0;
	/* all of them; or those of the rules given (index verdicts_rule) and
	 * those of units above (the key's range): two queries, disjoint */
	static const char *const sql[] = {
		"SELECT unit, rule_id, rule_version, verdict, binding, deadline, reason, org_name,"
		" p.kind FROM verdicts JOIN units u ON u.id = unit"
		" JOIN parts p ON p.id = u.part WHERE run = ?1 AND rule_id NOT IN (SELECT value "
		"FROM json_each(?4))",
		"SELECT unit, rule_id, rule_version, verdict, binding, deadline, reason, org_name,"
		" p.kind FROM verdicts INDEXED BY verdicts_rule JOIN units u"
		" ON u.id = unit JOIN parts p ON p.id = u.part"
		" WHERE run = ?1 AND rule_id IN (SELECT value FROM json_each(?2))"
		" AND rule_id NOT IN (SELECT value FROM json_each(?4))",
		"SELECT unit, rule_id, rule_version, verdict, binding, deadline, reason, org_name,"
		" p.kind FROM verdicts JOIN units u ON u.id = unit"
		" JOIN parts p ON p.id = u.part WHERE run = ?1 AND unit > ?3 AND rule_id NOT IN "
		"(SELECT value FROM"
		" json_each(?2)) AND rule_id NOT IN (SELECT value FROM json_each(?4))",
	};
	if (chain_load(f, run, a, &ch, err) < 0)
		return -1;
	size_t first = only_rules ? 1 : 0, end = only_rules ? 3 : 1;
	int rc = SQLITE_DONE;
	for (size_t s = first; s < end && rc == SQLITE_DONE; s++) {
		if (fleet_prep(f, &q, sql[s], err) < 0)
			return -1;
		for (size_t k = 0; k < ch.n && rc == SQLITE_DONE; k++) {
			sqlite3_reset(q);
			sqlite3_bind_int64(q, 1, ch.v[k].run);
			bind_text(q, 2, only_rules);
			sqlite3_bind_int64(q, 3, above);
			bind_text(q, 4, ch.v[k].skip);
			while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
				struct vkey *v = ARENA_PUSH(a, *out, *n, cap);
				v->unit = sqlite3_column_int64(q, 0);
				v->rule_id = col_text(a, q, 1);
				v->version = col_text(a, q, 2);
				v->verdict =
					verdict_from_name((const char *)sqlite3_column_text(q, 3));
				v->binding = sqlite3_column_int(q, 4) != 0;
				v->deadline = col_day(q, 5);
				v->reason = col_text(a, q, 6);
				v->org_name = col_text(a, q, 7);
				v->kind = col_text(a, q, 8);
			}
		}
		sqlite3_finalize(q);
	}
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_vkey_q);
	return rc == SQLITE_DONE ? 0 : store_error(f->st, err, "reading verdicts");
}

static int cmp_vkey(const struct vkey *x, const struct vkey *y)
{
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return strcmp(x->rule_id, y->rule_id);
}

static void push_change(struct fleet_changes *c, size_t *cap, enum fleet_change_type type,
			const struct vkey *o, const struct vkey *n, const struct runinfo *ro,
			const struct runinfo *rn, int64_t old_max)
{
	struct arena *a = c->arena;
	struct fleet_change *x = ARENA_PUSH(a, c->v, c->n, *cap);
	memset(x, 0, sizeof *x);
	const struct vkey *any = n ? n : o;
	x->type = type;
	x->unit = any->unit;
	x->rule_id = any->rule_id;
	x->old_version = o ? o->version : rule_version_in(a, ro->rules, any->rule_id);
	x->new_version = n ? n->version : rule_version_in(a, rn->rules, any->rule_id);
	x->old_ruleset = ro->ruleset;
	x->new_ruleset = rn->ruleset;
	x->old_verdict = o ? o->verdict : -1;
	x->new_verdict = n ? n->verdict : -1;
	x->old_binding = o && o->binding;
	x->new_binding = n && n->binding;
	x->old_deadline = o ? o->deadline : 0;
	x->new_deadline = n ? n->deadline : 0;
	x->reason = any->reason;
	x->kind = any->kind;
	x->org_name = any->org_name;
	x->new_unit = old_max >= 0 && any->unit > old_max; /* -1: no old run */
}

static void diff_vkeys(struct fleet_changes *c, const struct vkey *ov, size_t on,
		       const struct vkey *nv, size_t nn, const struct runinfo *ro,
		       const struct runinfo *rn, int64_t old_max)
{
	size_t i = 0, j = 0, cap = 0;
	while (i < on || j < nn) {
		int k = i == on ? 1 : j == nn ? -1 : cmp_vkey(&ov[i], &nv[j]);
		if (k < 0) {
			push_change(c, &cap, CHANGE_CLEARED, &ov[i++], NULL, ro, rn, old_max);
		} else if (k > 0) {
			push_change(c, &cap, CHANGE_NEW, NULL, &nv[j++], ro, rn, old_max);
		} else {
			const struct vkey *o = &ov[i++], *n = &nv[j++];
			if (o->verdict != n->verdict || o->binding != n->binding)
				push_change(c, &cap, CHANGE_VERDICT, o, n, ro, rn, old_max);
			else if (o->deadline != n->deadline)
				push_change(c, &cap, CHANGE_DEADLINE, o, n, ro, rn, old_max);
		}
	}
}

static int cmp_change(const void *a, const void *b)
{
	const struct fleet_change *x = a, *y = b;
	int c = strcmp(x->rule_id, y->rule_id);
	if (c)
		return c;
	if (x->type != y->type)
		return (int)x->type - (int)y->type;
	if (x->components != y->components)
		return x->components < y->components ? 1 : -1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Fan-outs already made, by unit: a change and its rule's totals need the same. */
struct fcache {
	struct imap off, len; /* unit -> offset + 1, count */
	struct hit *pool;
	size_t n, cap;
};

static int cached_fanout(struct fleet *f, const struct current *cur, struct fcache *fc,
			 int64_t unit, const struct hit **hits, size_t *nh, struct hit **tmp,
			 size_t *captmp, struct strbuf *err)
{
	int64_t off = imap_get(&fc->off, unit);
	if (!off) {
		size_t n;
		if (fanout(f, cur, unit, tmp, &n, captmp, err) < 0)
			return -1;
		off = (int64_t)fc->n + 1;
		for (size_t i = 0; i < n; i++)
			push_hit(&fc->pool, &fc->n, &fc->cap, (*tmp)[i]);
		imap_put(&fc->off, unit, off);
		imap_put(&fc->len, unit, (int64_t)n + 1);
	}
	*hits = fc->pool + off - 1;
	*nh = (size_t)imap_get(&fc->len, unit) - 1;
	return 0;
}

static void fcache_free(struct fcache *fc)
{
	imap_free(&fc->off);
	imap_free(&fc->len);
	free(fc->pool);
}

/* The fan-outs of every changed unit, in one statement. */
static int prefetch(struct fleet *f, const struct current *cur, struct fcache *fc,
		    const struct fleet_changes *c, struct strbuf *err)
{
	if (!cur->direct || !c->n)
		return 0;
	cJSON *ids = cJSON_CreateArray();
	for (size_t i = 0; i < c->n; i++)
		if (!i || c->v[i].unit != c->v[i - 1].unit)
			cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)c->v[i].unit));
	char *json = cJSON_PrintUnformatted(ids);
	cJSON_Delete(ids);
	sqlite3_stmt *q;
	int rc = fleet_prep(f, &q,
			    "WITH RECURSIVE " SU_EPOCHS
			    " SELECT su.unit, su.snapshot, su.count, h.id FROM json_each(?) j"
			    " CROSS JOIN su_epochs e CROSS JOIN snapshot_units su CROSS JOIN hosts h"
			    " WHERE " SU_EPOCH_OF("su") " = e.n AND su.unit = j.value"
			    " AND h.last_snapshot = su.snapshot ORDER BY su.unit",
			    err);
	if (rc == 0) {
		bind_text(q, 1, json);
		int64_t unit = 0;
		size_t start = 0;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			int64_t u = sqlite3_column_int64(q, 0);
			if (u != unit) {
				if (unit)
					imap_put(&fc->len, unit, (int64_t)(fc->n - start) + 1);
				unit = u;
				start = fc->n;
				imap_put(&fc->off, u, (int64_t)start + 1);
			}
			size_t hi = (size_t)sqlite3_column_int64(q, 3);
			if (hi < cur->n)
				push_hit(&fc->pool, &fc->n, &fc->cap,
					 (struct hit){hi, sqlite3_column_int64(q, 2),
						      sqlite3_column_int64(q, 1)});
		}
		if (unit)
			imap_put(&fc->len, unit, (int64_t)(fc->n - start) + 1);
		rc = rc == SQLITE_DONE ? 0
				       : store_error(f->st, err, "reading the snapshots' parts");
		sqlite3_finalize(q);
	}
	cJSON_free(json);
	return rc;
}

static int count_changes(struct fleet *f, struct fleet_changes *c, const struct current *cur,
			 struct fcache *fc, struct strbuf *err)
{
	if (prefetch(f, cur, fc, c, err) < 0)
		return -1;
	struct hit *tmp = NULL;
	const struct hit *hits = NULL;
	size_t nh = 0, captmp = 0, k = 0;
	unsigned char *seen = xcalloc(cur->n / 8 + 1, 1);
	int rc = 0;
	for (size_t i = 0; i < c->n && !rc; i++) {
		struct fleet_change *x = &c->v[i];
		if ((rc = cached_fanout(f, cur, fc, x->unit, &hits, &nh, &tmp, &captmp, err)) < 0)
			break;
		x->hosts = x->components = 0;
		for (size_t h = 0; h < nh; h++) {
			x->components += (size_t)hits[h].count;
			x->hosts += set_bit(seen, hits[h].host);
		}
		for (size_t h = 0; h < nh; h++) /* clear what was set, not the whole map */
			seen[hits[h].host >> 3] = 0;
		if (x->components) {
			c->v[k++] = *x;
			c->count[x->type]++;
		}
	}
	c->n = k;
	free(tmp);
	free(seen);
	return rc;
}

/* Totals now for the rules with changes. */
static int rule_totals(struct fleet *f, struct fleet_changes *c, int64_t run,
		       const struct ruleset *rs, const struct current *cur, struct fcache *fc,
		       struct strbuf *err)
{
	struct tally *t = NULL;
	size_t nt = 0, nh = 0, caph = 0;
	struct hit *tmp = NULL;
	const struct hit *hits = NULL;
	int rc = 0;
	struct chain ch;
	if (chain_load(f, run, c->arena, &ch, err) < 0)
		return -1;
	for (size_t i = 0; i < c->n && !rc; i++) {
		if (i && !strcmp(c->v[i].rule_id, c->v[i - 1].rule_id))
			continue;
		struct tally *tt = tally_for(&t, &nt, c->v[i].rule_id, cur->n, c->arena);
		sqlite3_stmt *q;
		if ((rc = fleet_prep(f, &q,
				     "SELECT unit, verdict, binding, deadline, rule_version FROM"
				     " verdicts WHERE run = ? AND rule_id = ? AND rule_id NOT IN"
				     " (SELECT value FROM json_each(?))",
				     err)) < 0)
			break;
		for (size_t k = 0; k < ch.n && !rc; k++) {
			sqlite3_reset(q);
			sqlite3_bind_int64(q, 1, ch.v[k].run);
			bind_text(q, 2, c->v[i].rule_id);
			bind_text(q, 3, ch.v[k].skip);
			while (!rc && sqlite3_step(q) == SQLITE_ROW) {
				int v = verdict_from_name((const char *)sqlite3_column_text(q, 1));
				bool binding = sqlite3_column_int(q, 2) != 0;
				day_t dl = col_day(q, 3);
				if (!tt->s.version)
					tt->s.version = col_text(c->arena, q, 4);
				rc = cached_fanout(f, cur, fc, sqlite3_column_int64(q, 0), &hits,
						   &nh, &tmp, &caph, err);
				for (size_t h = 0; h < nh && !rc; h++)
					tally_add(tt, &hits[h], v < 0 ? V_REVIEW : (enum verdict)v,
						  binding, dl);
			}
		}
		sqlite3_finalize(q);
	}
	free(tmp);
	/* rules whose every finding was cleared have nothing now, and say so */
	tallies_finish(t, nt, rs, c->new_date, c->arena, &c->rules, &c->nrules);
	return rc;
}

/* Lines of a that b lacks or has otherwise: "kind name: old -> new". */
static void diff_sources(struct fleet_changes *c, const char *old, const char *new)
{
	struct arena *a = c->arena;
	size_t cap = 0;
	for (int pass = 0; pass < 2; pass++) {
		const char *x = pass ? old : new, *y = pass ? new : old;
		for (const char *p = x ? x : ""; *p;) {
			const char *nl = strchr(p, '\n');
			if (!nl)
				break;
			const char *s1 = memchr(p, ' ', (size_t)(nl - p));
			const char *s2 = s1 ? memchr(s1 + 1, ' ', (size_t)(nl - s1 - 1)) : NULL;
			if (!s2) {
				p = nl + 1;
				continue;
			}
			char *name = arena_strndup(a, p, (size_t)(s2 - p));
			char *ver = arena_strndup(a, s2 + 1, (size_t)(nl - s2 - 1));
			const char *other = NULL;
			for (const char *q = y ? y : ""; *q;) {
				const char *ql = strchr(q, '\n');
				if (!ql)
					break;
				if (!strncmp(q, name, strlen(name)) && q[strlen(name)] == ' ')
					other = arena_strndup(a, q + strlen(name) + 1,
							      (size_t)(ql - q - strlen(name) - 1));
				q = ql + 1;
			}
			const char *line = NULL;
			if (!pass && !other)
				line = arena_printf(a, "%s: added, version %s", name, ver);
			else if (!pass && strcmp(other, ver))
				line = arena_printf(a, "%s: version %s -> %s", name, other, ver);
			else if (pass && !other)
				line = arena_printf(a, "%s: removed (was version %s)", name, ver);
			if (line)
				*ARENA_PUSH(a, c->sources, c->nsources, cap) = line;
			p = nl + 1;
		}
	}
}

int fleet_changes_build(struct fleet *f, int64_t old_run, int64_t new_run, const struct ruleset *rs,
			const struct fleet_filter *filter, struct fleet_changes **out,
			struct strbuf *err)
{
	struct arena *a = arena_new();
	struct fleet_changes *c = arena_alloc(a, sizeof *c);
	struct runinfo ro, rn;
	struct current cur;
	struct vkey *ov = NULL, *nv = NULL;
	size_t on = 0, nn = 0;
	*out = NULL;
	c->arena = a;
	c->old_run = old_run;
	c->new_run = new_run;
	c->filter = filter;
	if (run_info(f, old_run, a, &ro, err) < 0 || run_info(f, new_run, a, &rn, err) < 0) {
		arena_free(a);
		return -1;
	}
	c->old_ruleset = ro.ruleset;
	c->new_ruleset = rn.ruleset;
	c->old_date = ro.date;
	c->new_date = rn.date;
	c->profile = rn.profile;
	if (old_run == new_run) {
		/* nothing judged since: nothing changed */
		*out = c;
		return 0;
	}
	/* one read transaction: one snapshot of the store, one lock */
	sqlite3_exec(f->st->db, "BEGIN", NULL, NULL, NULL);
	/* An incremental run on top of old_run differs from it only in the
	 * rules it lists as changed and in the units old_run did not cover. */
	const char *only = NULL;
	if (old_run && rn.base == old_run && rn.mode && !strcmp(rn.mode, "incremental"))
		only = rn.changed;
	if (load_vkeys(f, old_run, only, ro.max_unit, a, &ov, &on, err) < 0 ||
	    load_vkeys(f, new_run, only, ro.max_unit, a, &nv, &nn, err) < 0 ||
	    current_load(f, filter, true, a, &cur, err) < 0) {
		sqlite3_exec(f->st->db, "COMMIT", NULL, NULL, NULL);
		arena_free(a);
		return -1;
	}
	diff_vkeys(c, ov, on, nv, nn, &ro, &rn, old_run ? ro.max_unit : -1);
	/* the changed units in words: only those, not every verdict read */
	struct words w;
	words_init(&w, f, a);
	for (size_t i = 0; i < c->n; i++)
		words_unit(&w, c->v[i].unit, &c->v[i].part, &c->v[i].makers);
	words_free(&w);
	struct fcache fc = {0};
	imap_init(&fc.off);
	imap_init(&fc.len);
	int rc = w.failed ? store_error(f->st, err, "reading the changed units")
			  : count_changes(f, c, &cur, &fc, err);
	if (!rc && c->n)
		qsort(c->v, c->n, sizeof *c->v, cmp_change);
	for (size_t i = 0; i < c->n; i++) {
		const struct rule *x = rs ? rule_find(rs, c->v[i].rule_id) : NULL;
		c->v[i].rule_title = x ? x->title : NULL;
	}
	if (!rc)
		rc = rule_totals(f, c, new_run, rs, &cur, &fc, err);
	fcache_free(&fc);
	if (old_run)
		diff_sources(c, ro.sources, rn.sources);
	current_free(&cur);
	sqlite3_exec(f->st->db, "COMMIT", NULL, NULL, NULL);
	if (rc < 0) {
		arena_free(a);
		return -1;
	}
	*out = c;
	return 0;
}

void fleet_changes_free(struct fleet_changes *c)
{
	if (c)
		arena_free(c->arena);
}

/* ---------------------------------------------------------------------- */
/* A run's fingerprint                                                     */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int fleet_run_fingerprint(struct fleet *f, int64_t run, char hex[65], size_t *count,
			  struct strbuf *err)
{
	static const char *const cols[] = {
		"rule_version", "verdict", "binding",  "effective", "deadline", "requires", "org",
		"org_name",     "via",     "relation", "acquired",  "reason",   "evidence"};
	struct arena *a = arena_new();
	struct chain ch;
	sqlite3_stmt *q;
	const char **rows = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;
	if (chain_load(f, run, a, &ch, err) < 0 ||
	    fleet_prep(
		    f, &q,
		    "SELECT unit, rule_id, rule_version, verdict, binding, effective, deadline,"
		    " requires, org, org_name, via, relation, acquired, reason, evidence FROM"
		    " verdicts WHERE run = ? AND rule_id NOT IN (SELECT value FROM json_each(?))",
		    err) < 0)
		goto out;
	struct strbuf line = STRBUF_INIT;
	int st = SQLITE_DONE;
	for (size_t k = 0; k < ch.n && st == SQLITE_DONE; k++) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, ch.v[k].run);
		bind_text(q, 2, ch.v[k].skip);
		while ((st = sqlite3_step(q)) == SQLITE_ROW) {
			strbuf_reset(&line);
			canon_int(&line, sqlite3_column_int64(q, 0));
			canon_str(&line, (const char *)sqlite3_column_text(q, 1));
			for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
				canon_str(&line, (const char *)sqlite3_column_text(q, (int)c + 2));
			/* canonical pieces hold NULs: hex them so the rows sort as strings */
			char *h = arena_alloc(a, 2 * line.len + 1);
			hex_of((const unsigned char *)line.buf, line.len, h);
			*ARENA_PUSH(a, rows, n, cap) = h;
		}
	}
	sqlite3_finalize(q);
	strbuf_release(&line);
	if (st != SQLITE_DONE) {
		store_error(f->st, err, "reading verdicts");
		goto out;
	}
	if (n)
		qsort(rows, n, sizeof *rows, cmp_str);
	struct strbuf all = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(&all, rows[i]);
		strbuf_addch(&all, '\n');
	}
	unsigned char d[DIGEST_LEN];
	sha256(all.buf, all.len, d);
	hex_of(d, DIGEST_LEN, hex);
	strbuf_release(&all);
	*count = n;
	rc = 0;
out:
	arena_free(a);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Sizes                                                                   */

int fleet_stats(struct fleet *f, struct fleet_stats *s, struct strbuf *err)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM hosts",
		"SELECT count(*) FROM snapshots",
		"SELECT count(*) FROM parts",
		"SELECT count(*) FROM units",
		"SELECT count(*) FROM snapshot_units",
		("SELECT coalesce(sum(s.components), 0) FROM hosts h JOIN snapshots s"
		 " ON s.id = h.last_snapshot"),
		"SELECT count(*) FROM runs",
		"SELECT count(*) FROM verdicts",
		"SELECT coalesce(sum(length(document)), 0) FROM snapshots",
		"SELECT coalesce(sum(size), 0) FROM snapshots",
	};
	int64_t *dst[] = {&s->hosts,          &s->snapshots,         &s->parts, &s->units,
			  &s->unit_rows,      &s->components,        &s->runs,  &s->verdicts,
			  &s->document_bytes, &s->document_raw_bytes};
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *q;
		if (fleet_prep(f, &q, sql[i], err) < 0)
			return -1;
		if (sqlite3_step(q) == SQLITE_ROW)
			*dst[i] = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	struct strbuf p = STRBUF_INIT;
	struct stat st;
	if (stat(f->st->path, &st) == 0)
		s->file_bytes += st.st_size;
	strbuf_addf(&p, "%s-wal", f->st->path);
	if (stat(p.buf, &st) == 0)
		s->file_bytes += st.st_size;
	strbuf_release(&p);
	return 0;
}
