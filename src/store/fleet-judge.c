/*
 * fleet-judge.c — screening runs: identify and judge the fleet's units, and
 * keep the verdicts with what produced them.
 *
 * A run is judged in a context: the profile, the date, the rule set (its
 * version, and each rule's version with the measure file as read), the
 * vocabulary and product classes (the schema hash), the identify knowledge
 * (a fingerprint of its files), the versions of the lists in `sources`, and
 * chipscreen's version.  All of it is stored with the run, so an auditor can
 * replay any verdict from the snapshot documents and the stored rules.
 *
 * The run before it for the same profile is the base.  When the base was
 * judged on the same date, with the same knowledge and schema, and the
 * stored attributions were made in that context, the run is incremental:
 *
 *   - the verdicts of the rules that did not change are the base's: the run
 *     stores only what it judged, and names its base (struct chain);
 *   - for each rule that was added, removed or changed, only the units it
 *     can reach are judged again: those the old version had a verdict for,
 *     those whose maker, chip maker or conflicting signal is a party of the
 *     new version (or an affiliate, on any day a unit is attributed as of),
 *     and, when the rule binds the profile, the units of unknown maker of a
 *     class a party makes (the judge asks about those);
 *   - units the base did not cover (new imports) are judged against every
 *     rule.
 *
 * Otherwise the run is full: every unit is identified and judged again.
 * Judging happens in memory; the run, its verdicts and changed attributions
 * are written in one transaction at the end, so imports wait only for that.
 */
#include "store/fleet-int.h"
#include "inventory-json.h"
#include "describe.h"
#include "rules/judge.h"
#include "util/datadir.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0.0.0"
#endif

/* Units judged per scratch inventory. */
#define BATCH 2048

/* ---------------------------------------------------------------------- */
/* Context                                                                 */

void fleet_profile_key(const struct profile *p, struct strbuf *out)
{
	strbuf_reset(out);
	if (!p) {
		strbuf_addstr(out, "none");
		return;
	}
	strbuf_addf(out, "%s: ", p->name);
	profile_describe(p, out);
}

/* The file at path, recorded under name. */
static void hash_named(struct strbuf *acc, const char *path, const char *name)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	unsigned char d[DIGEST_LEN];
	canon_str(acc, name);
	if (read_file(path, 256u << 20, &text, &err) == 0) {
		sha256(text.buf, text.len, d);
		strbuf_add(acc, d, sizeof d);
	}
	strbuf_release(&text);
	strbuf_release(&err);
}

static void hash_file(struct strbuf *acc, const char *path)
{
	hash_named(acc, path, path);
}

/* Every file under dir (by its name relative to the top), in name order, except the directories
 * named in skip. */
static void hash_tree(struct strbuf *acc, const char *dir, const char *rel, const char *const *skip)
{
	char **names;
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT, sub = STRBUF_INIT;
	int n = list_dir(dir, &names, &err);
	for (int i = 0; i < n; i++) {
		if (names[i][0] == '.')
			continue;
		strbuf_reset(&sub);
		strbuf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		bool skipped = false;
		for (size_t k = 0; skip[k]; k++)
			skipped |= !strcmp(sub.buf, skip[k]);
		if (skipped)
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		struct stat st;
		if (lstat(path.buf, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			hash_tree(acc, path.buf, sub.buf, skip);
		else if (S_ISREG(st.st_mode))
			hash_named(acc, path.buf, sub.buf);
	}
	if (n >= 0)
		free_names(names, n);
	strbuf_release(&err);
	strbuf_release(&path);
	strbuf_release(&sub);
}

/*
 * hwdata's id file identify reads, found as kb_load finds it (identify/kb.c):
 * the environment variable, else the first of the usual places.  Its size
 * and times stand for it (1.3 MB is too much to hash for every run).
 */
static void hash_hwdata(struct strbuf *acc, const char *env, const char *const *paths)
{
	const char *path = getenv(env);
	struct stat st;
	for (size_t i = 0; !path && paths[i]; i++)
		if (stat(paths[i], &st) == 0)
			path = paths[i];
	canon_str(acc, path ? path : "none");
	if (path && stat(path, &st) == 0) {
		canon_int(acc, (long long)st.st_size);
		canon_int(acc, (long long)st.st_mtim.tv_sec);
		canon_int(acc, (long long)st.st_mtim.tv_nsec);
	} else {
		canon_int(acc, -1);
	}
}

const char *fleet_kb_fingerprint(struct strbuf *out)
{
	static const char *const skip[] = {"rules", "profiles", "examples", "fleet", NULL};
	static const char *const pci[] = {"/usr/share/hwdata/pci.ids", "/usr/share/misc/pci.ids",
					  "/usr/share/pci.ids", NULL};
	static const char *const usb[] = {"/usr/share/hwdata/usb.ids", "/usr/share/misc/usb.ids",
					  "/var/lib/usbutils/usb.ids", NULL};
	struct strbuf acc = STRBUF_INIT;
	unsigned char d[DIGEST_LEN];
	canon_str(&acc, CHIPSCREEN_VERSION);
	hash_tree(&acc, data_dir(), "", skip);
	hash_hwdata(&acc, "CHIPSCREEN_PCI_IDS", pci);
	hash_hwdata(&acc, "CHIPSCREEN_USB_IDS", usb);
	sha256(acc.buf, acc.len, d);
	strbuf_release(&acc);
	strbuf_reset(out);
	char hex[2 * DIGEST_LEN + 1];
	hex_of(d, 8, hex);
	strbuf_addstr(out, hex);
	return out->buf;
}

/* The vocabulary and product classes the rule set was loaded with. */
static const char *schema_hash(struct arena *a, const struct ruleset *rs)
{
	struct strbuf acc = STRBUF_INIT, p = STRBUF_INIT;
	unsigned char d[DIGEST_LEN];
	char hex[2 * DIGEST_LEN + 1];
	strbuf_addf(&p, "%s/schema/vocabulary.json", rs->dir);
	hash_file(&acc, p.buf);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/schema/product-classes.tsv", rs->dir);
	hash_file(&acc, p.buf);
	/* the path is part of what was hashed; only the contents matter */
	strbuf_reset(&p);
	for (size_t i = 0; i + 4 <= acc.len;) {
		uint32_t n = (uint32_t)((unsigned char)acc.buf[i] << 24 |
					(unsigned char)acc.buf[i + 1] << 16 |
					(unsigned char)acc.buf[i + 2] << 8 |
					(unsigned char)acc.buf[i + 3]);
		i += 4 + n;
		if (i + DIGEST_LEN <= acc.len) {
			strbuf_add(&p, acc.buf + i, DIGEST_LEN);
			i += DIGEST_LEN;
		}
	}
	sha256(p.buf, p.len, d);
	hex_of(d, 8, hex);
	strbuf_release(&acc);
	strbuf_release(&p);
	return arena_strdup(a, hex);
}

/* ---------------------------------------------------------------------- */
/* The run's state                                                         */

struct job {
	int64_t unit, part;
	const char *facts;
	const char *old_hash;
	bool all_rules;
};

struct vrow {
	int64_t unit;
	const char *rule_id, *rule_version, *verdict, *requires, *org, *org_name, *via;
	const char *relation, *acquired, *reason, *evidence;
	bool binding;
	day_t effective, deadline;
};

struct arow {
	int64_t unit;
	const char *hash, *maker, *chip, *cls, *json;
	const char **orgs;
	size_t norgs;
	bool has_chip;
};

struct base {
	int64_t id, max_unit;
	const char *date, *ruleset, *schema, *kb, *sources, *pkey;
};

struct run {
	struct fleet *f;
	const struct fleet_screen_opts *o;
	struct arena *a;
	const char *pkey, *date, *ruleset, *schema, *kb, *sources, *started;
	int64_t max_unit, nunits;
	struct base b;
	bool has_base;
	struct chain bchain; /* the base's verdicts */
	/* the stored attributions: made for this context up to unit attr_max */
	bool attr_valid;
	int64_t attr_max, attr_run;
	/* rules that differ from the base's */
	const char **changed;
	size_t nchanged;
	struct ruleset sub;
	/* parts: id -> index + 1 in parts->comps */
	struct inventory *parts;
	struct imap part_idx;
	struct job *jobs;
	size_t njobs, capjobs;
	struct imap queued; /* unit -> 1 queued, 2 noted as a candidate */
	cJSON *cand;        /* candidates noted, loaded at once */
	struct vrow *v;
	size_t nv, capv;
	struct arow *at;
	size_t nat, capat;
	const char *mode, *why_full;
	bool reading; /* in the read transaction */
};

static int64_t scalar(struct fleet *f, const char *sql, int64_t bind, struct strbuf *err, int *rc)
{
	sqlite3_stmt *q;
	int64_t v = 0;
	*rc = 0;
	if (fleet_prep(f, &q, sql, err) < 0) {
		*rc = -1;
		return 0;
	}
	if (bind)
		sqlite3_bind_int64(q, 1, bind);
	int s = sqlite3_step(q);
	if (s == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	else if (s != SQLITE_DONE)
		*rc = store_error(f->st, err, "reading the store");
	sqlite3_finalize(q);
	return v;
}

/* The restricted-party lists loaded, one "list ID VERSION" line each, as the
 * lists module keeps them (list_sources; none in a store never given a
 * list): a run records them, and rescreen reports one added, removed or
 * replaced.  A list's version is what tells one load from another: its own
 * version, publication date and entry count (its import time changes when
 * the same file is loaded again). */
static void list_lines(struct fleet *f, struct strbuf *sb)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(f->st->db,
			       "SELECT id, coalesce(version, '-'), coalesce(published, '-'), entries"
			       " FROM list_sources ORDER BY id",
			       -1, &q, NULL) != SQLITE_OK)
		return; /* no list tables: no list */
	while (sqlite3_step(q) == SQLITE_ROW) {
		long long n = (long long)sqlite3_column_int64(q, 3);
		strbuf_addf(sb, "list %s %s (published %s, %lld entr%s)\n",
			    sqlite3_column_text(q, 0), sqlite3_column_text(q, 1),
			    sqlite3_column_text(q, 2), n, n == 1 ? "y" : "ies");
	}
	sqlite3_finalize(q);
}

static const char *sources_text(struct fleet *f, struct arena *a, struct strbuf *err)
{
	sqlite3_stmt *q;
	struct strbuf sb = STRBUF_INIT;
	if (fleet_prep(f, &q, "SELECT kind, name, version FROM sources ORDER BY kind, name", err) <
	    0)
		return NULL;
	while (sqlite3_step(q) == SQLITE_ROW)
		strbuf_addf(&sb, "%s %s %s\n", sqlite3_column_text(q, 0), sqlite3_column_text(q, 1),
			    sqlite3_column_text(q, 2));
	sqlite3_finalize(q);
	list_lines(f, &sb);
	const char *s = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return s;
}

int64_t fleet_last_run(struct fleet *f, const struct profile *p, day_t *date)
{
	struct strbuf key = STRBUF_INIT, err = STRBUF_INIT;
	sqlite3_stmt *q;
	int64_t id = 0;
	fleet_profile_key(p, &key);
	if (date)
		*date = 0;
	if (fleet_prep(f, &q,
		       "SELECT id, date FROM runs WHERE profile_key = ? AND what_if = 0"
		       " ORDER BY id DESC LIMIT 1",
		       &err) == 0) {
		bind_text(q, 1, key.buf);
		if (sqlite3_step(q) == SQLITE_ROW) {
			id = sqlite3_column_int64(q, 0);
			if (date)
				*date = date_parse((const char *)sqlite3_column_text(q, 1));
		}
		sqlite3_finalize(q);
	}
	strbuf_release(&key);
	strbuf_release(&err);
	return id;
}

/* ---------------------------------------------------------------------- */
/* The verdicts of a run: a chain of runs                                  */

static void json_add_ids(cJSON *set, const char *json)
{
	cJSON *a = json ? cJSON_Parse(json) : NULL;
	const cJSON *it;
	cJSON_ArrayForEach(it, a)
	{
		bool have = false;
		const cJSON *x;
		cJSON_ArrayForEach(x, set) have |= cJSON_IsString(x) && cJSON_IsString(it) &&
						   !strcmp(x->valuestring, it->valuestring);
		if (!have && cJSON_IsString(it))
			cJSON_AddItemToArray(set, cJSON_CreateString(it->valuestring));
	}
	cJSON_Delete(a);
}

int chain_load(struct fleet *f, int64_t run, struct arena *a, struct chain *c, struct strbuf *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	memset(c, 0, sizeof *c);
	if (fleet_prep(f, &q, "SELECT mode, coalesce(base, 0), changed FROM runs WHERE id = ?",
		       err) < 0)
		return -1;
	cJSON *skip = cJSON_CreateArray();
	int rc = 0;
	while (run) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, run);
		if (sqlite3_step(q) != SQLITE_ROW) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: no run %lld", f->st->path, (long long)run);
			rc = -1;
			break;
		}
		struct chain_link *l = ARENA_PUSH(a, c->v, c->n, cap);
		char *s = cJSON_PrintUnformatted(skip);
		l->run = run;
		l->skip = arena_strdup(a, s);
		cJSON_free(s);
		const char *mode = (const char *)sqlite3_column_text(q, 0);
		if (!mode || strcmp(mode, "incremental"))
			break;
		/* the base's rows of the rules judged again here are superseded */
		json_add_ids(skip, (const char *)sqlite3_column_text(q, 2));
		run = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	cJSON_Delete(skip);
	return rc;
}

static int load_base(struct run *r, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (fleet_prep(r->f, &q,
		       "SELECT id, max_unit, date, ruleset, schema_hash, kb, sources FROM runs "
		       "WHERE profile_key = ?1 AND (what_if = 0 OR ?2) ORDER BY id DESC LIMIT 1",
		       err) < 0)
		return -1;
	bind_text(q, 1, r->pkey);
	/* a real run builds on real runs only; a what-if may reuse another */
	sqlite3_bind_int(q, 2, r->o->what_if);
	if (sqlite3_step(q) == SQLITE_ROW) {
		r->has_base = true;
		r->b.id = sqlite3_column_int64(q, 0);
		r->b.max_unit = sqlite3_column_int64(q, 1);
		r->b.date = col_text(r->a, q, 2);
		r->b.ruleset = col_text(r->a, q, 3);
		r->b.schema = col_text(r->a, q, 4);
		r->b.kb = col_text(r->a, q, 5);
		r->b.sources = col_text(r->a, q, 6);
	}
	sqlite3_finalize(q);
	if (fleet_prep(r->f, &q, "SELECT kb, asof, schema_hash, max_unit, run FROM attribution",
		       err) < 0)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW) {
		const char *kb = (const char *)sqlite3_column_text(q, 0);
		const char *asof = (const char *)sqlite3_column_text(q, 1);
		const char *sch = (const char *)sqlite3_column_text(q, 2);
		r->attr_valid = kb && asof && sch && !strcmp(kb, r->kb) && !strcmp(asof, r->date) &&
				!strcmp(sch, r->schema);
		r->attr_max = sqlite3_column_int64(q, 3);
		r->attr_run = sqlite3_column_int64(q, 4);
	}
	sqlite3_finalize(q);
	return 0;
}

/* The rule versions of a stored rule set: "id version" lines. */
static const char *base_rules(struct run *r, struct strbuf *err)
{
	sqlite3_stmt *q;
	const char *s = NULL;
	if (fleet_prep(r->f, &q, "SELECT rules FROM rulesets WHERE version = ?", err) < 0)
		return NULL;
	bind_text(q, 1, r->b.ruleset);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = col_text(r->a, q, 0);
	sqlite3_finalize(q);
	if (!s) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: run %lld names rule set %s, which is not stored",
			    r->f->st->path, (long long)r->b.id, r->b.ruleset);
	}
	return s;
}

static void add_changed(struct run *r, const char *id)
{
	for (size_t i = 0; i < r->nchanged; i++)
		if (!strcmp(r->changed[i], id))
			return;
	r->changed = arena_grow(r->a, r->changed, r->nchanged, r->nchanged + 1, sizeof *r->changed);
	r->changed[r->nchanged++] = arena_strdup(r->a, id);
}

struct rv {
	const char *id, *version;
};

/* "id version" lines into pairs. */
static size_t parse_rules(struct arena *a, const char *lines, struct rv **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (const char *p = lines; *p;) {
		const char *sp = strchr(p, ' '), *nl = strchr(p, '\n');
		if (!sp || !nl || sp > nl)
			break;
		struct rv *v = ARENA_PUSH(a, *out, n, cap);
		v->id = arena_strndup(a, p, (size_t)(sp - p));
		v->version = arena_strndup(a, sp + 1, (size_t)(nl - sp - 1));
		p = nl + 1;
	}
	return n;
}

/* Which rules were added, removed or changed since the base. */
static int diff_rules(struct run *r, struct strbuf *err)
{
	const char *old = base_rules(r, err);
	if (!old)
		return -1;
	struct rv *ov;
	size_t on = parse_rules(r->a, old, &ov);
	const struct ruleset *rs = r->o->rs;
	for (size_t i = 0; i < rs->nrules; i++) {
		const char *was = NULL;
		for (size_t k = 0; k < on && !was; k++)
			if (!strcmp(ov[k].id, rs->rules[i].id))
				was = ov[k].version;
		if (!was || strcmp(was, rs->rules[i].version))
			add_changed(r, rs->rules[i].id);
	}
	for (size_t k = 0; k < on; k++)
		if (!rule_find(rs, ov[k].id))
			add_changed(r, ov[k].id);
	/* the judge sees only the changed rules that exist now */
	r->sub = *rs;
	r->sub.rules = arena_calloc(r->a, r->nchanged + 1, sizeof *r->sub.rules);
	r->sub.nrules = r->sub.caprules = 0;
	for (size_t i = 0; i < r->nchanged; i++) {
		const struct rule *x = rule_find(rs, r->changed[i]);
		if (x)
			r->sub.rules[r->sub.nrules++] = *x;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Which units to judge                                                    */

static void queue(struct run *r, sqlite3_stmt *q, bool all_rules)
{
	int64_t id = sqlite3_column_int64(q, 0);
	if (imap_get(&r->queued, id) == 1)
		return;
	imap_put(&r->queued, id, 1);
	struct job *j = ARENA_PUSH(r->a, r->jobs, r->njobs, r->capjobs);
	j->unit = id;
	j->part = sqlite3_column_int64(q, 1);
	j->facts = col_text(r->a, q, 2);
	j->old_hash = col_text(r->a, q, 3);
	j->all_rules = all_rules;
}

static int queue_range(struct run *r, int64_t above, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (fleet_prep(r->f, &q,
		       "SELECT id, part, facts, attr_hash FROM units WHERE id > ? AND id <= ? "
		       "ORDER BY id",
		       err) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, above);
	sqlite3_bind_int64(q, 2, r->max_unit);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		queue(r, q, true);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_error(r->f->st, err, "reading units");
}

/* Note the units a query returns (their ids in column 0) as candidates. */
static int queue_ids(struct run *r, sqlite3_stmt *ids, struct strbuf *err)
{
	int rc;
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(ids, 0);
		if (id > r->b.max_unit || imap_get(&r->queued, id))
			continue;
		imap_put(&r->queued, id, 2); /* 2: noted, not loaded yet */
		cJSON_AddItemToArray(r->cand, cJSON_CreateNumber((double)id));
	}
	return rc == SQLITE_DONE ? 0 : store_error(r->f->st, err, "reading units");
}

/* Load the candidates noted, in one statement. */
static int queue_noted(struct run *r, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (!cJSON_GetArraySize(r->cand))
		return 0;
	char *json = cJSON_PrintUnformatted(r->cand);
	int rc = fleet_prep(r->f, &q,
			    "SELECT id, part, facts, attr_hash FROM units WHERE id IN"
			    " (SELECT value FROM json_each(?)) ORDER BY id",
			    err);
	if (rc == 0) {
		bind_text(q, 1, json);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			imap_put(&r->queued, sqlite3_column_int64(q, 0), 0); /* queue() sets it */
			queue(r, q, false);
		}
		rc = rc == SQLITE_DONE ? 0 : store_error(r->f->st, err, "reading units");
		sqlite3_finalize(q);
	}
	cJSON_free(json);
	return rc;
}

static int load_strings(struct run *r, const char *sql, const char ***out, size_t *n,
			struct strbuf *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (fleet_prep(r->f, &q, sql, err) < 0)
		return -1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char **slot = ARENA_PUSH(r->a, *out, *n, cap);
		*slot = col_text(r->a, q, 0);
	}
	sqlite3_finalize(q);
	return 0;
}

/* Could org be party p (or its affiliate) on any day a unit is attributed as of? */
static bool org_reaches(struct run *r, const char *org, const struct party *p, const char **days,
			size_t ndays)
{
	const struct kb *kb = r->o->kb;
	if (kb_org_is(kb, org, p->org, true, r->o->date, NULL))
		return true;
	for (size_t i = 0; i < ndays; i++)
		if (kb_org_is(kb, org, p->org, true, (day_t)atoi(days[i]), NULL))
			return true;
	return false;
}

/* The classes whose unknown-maker parts a rule asks about (judge.c, could_make). */
static void unknown_classes(const struct rule *x, const char ***out, size_t *n, struct arena *a)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < x->nparties; i++) {
		const struct party *p = &x->parties[i];
		const struct strlist *l = p->makes.n   ? &p->makes
					  : p->scope.n ? &p->scope
						       : &x->scope;
		if (!p->makes.n && l->n == 1 && !strcmp(l->v[0], "all"))
			continue;
		for (size_t k = 0; k < l->n; k++) {
			bool dup = false;
			for (size_t m = 0; m < *n; m++)
				dup |= !strcmp((*out)[m], l->v[k]);
			if (!dup)
				*ARENA_PUSH(a, *out, *n, cap) = l->v[k];
		}
	}
}

static int queue_candidates(struct run *r, struct strbuf *err)
{
	const char **orgs, **days;
	size_t norgs, ndays;
	sqlite3_stmt *q;
	if (!r->nchanged)
		return 0;
	if (load_strings(r, "SELECT DISTINCT org FROM unit_orgs", &orgs, &norgs, err) < 0 ||
	    load_strings(r, "SELECT DISTINCT own_day FROM units WHERE own_day > 0", &days, &ndays,
			 err) < 0)
		return -1;
	for (size_t i = 0; i < r->nchanged; i++) {
		/* what the old version found */
		int rc = 0;
		for (size_t k = 0; !rc && k < r->bchain.n; k++) {
			if (fleet_prep(
				    r->f, &q,
				    "SELECT unit FROM verdicts WHERE run = ? AND rule_id = ? AND "
				    "rule_id NOT IN (SELECT value FROM json_each(?))",
				    err) < 0)
				return -1;
			sqlite3_bind_int64(q, 1, r->bchain.v[k].run);
			bind_text(q, 2, r->changed[i]);
			bind_text(q, 3, r->bchain.v[k].skip);
			rc = queue_ids(r, q, err);
			sqlite3_finalize(q);
		}
		if (rc < 0)
			return -1;
		const struct rule *x = rule_find(r->o->rs, r->changed[i]);
		if (!x)
			continue; /* removed: only what it found changes */
		/* what the new version can name */
		for (size_t k = 0; k < norgs; k++) {
			bool hit = false;
			for (size_t p = 0; p < x->nparties && !hit; p++)
				hit = org_reaches(r, orgs[k], &x->parties[p], days, ndays);
			if (!hit)
				continue;
			if (fleet_prep(r->f, &q, "SELECT unit FROM unit_orgs WHERE org = ?", err) <
			    0)
				return -1;
			bind_text(q, 1, orgs[k]);
			rc = queue_ids(r, q, err);
			sqlite3_finalize(q);
			if (rc < 0)
				return -1;
		}
		/* what it asks about when the maker is unknown */
		if (!r->o->profile || !profile_binds(r->o->profile, x))
			continue;
		const char **cls;
		size_t ncls;
		unknown_classes(x, &cls, &ncls, r->a);
		for (size_t k = 0; k < ncls; k++) {
			if (fleet_prep(r->f, &q,
				       "SELECT id FROM units WHERE class = ? AND (maker IS NULL OR "
				       "(has_chip AND chip_maker IS NULL))",
				       err) < 0)
				return -1;
			bind_text(q, 1, cls[k]);
			rc = queue_ids(r, q, err);
			sqlite3_finalize(q);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Identify and judge                                                      */

static int load_part(struct run *r, int64_t id, const char *text, struct strbuf *err)
{
	cJSON *doc = cJSON_Parse(text);
	struct strbuf e = STRBUF_INIT;
	int rc = doc ? inventory_from_json(doc, r->parts, &e) : -1;
	cJSON_Delete(doc);
	if (rc < 0 || !r->parts->ncomps) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: part %lld: its stored document does not read: %s",
			    r->f->st->path, (long long)id, doc ? e.buf : "not JSON");
		strbuf_release(&e);
		return -1;
	}
	strbuf_release(&e);
	imap_put(&r->part_idx, id, (int64_t)r->parts->ncomps);
	return 0;
}

static int load_parts(struct run *r, struct strbuf *err)
{
	sqlite3_stmt *q;
	int rc = 0;
	r->parts = inventory_new();
	if (r->njobs > 4096) {
		if (fleet_prep(r->f, &q, "SELECT id, document FROM parts ORDER BY id", err) < 0)
			return -1;
		while (!rc && sqlite3_step(q) == SQLITE_ROW)
			rc = load_part(r, sqlite3_column_int64(q, 0),
				       (const char *)sqlite3_column_text(q, 1), err);
		sqlite3_finalize(q);
		return rc;
	}
	if (fleet_prep(r->f, &q, "SELECT document FROM parts WHERE id = ?", err) < 0)
		return -1;
	for (size_t i = 0; i < r->njobs && !rc; i++) {
		if (imap_get(&r->part_idx, r->jobs[i].part))
			continue;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, r->jobs[i].part);
		if (sqlite3_step(q) != SQLITE_ROW) {
			rc = store_error(r->f->st, err, "reading a part");
			break;
		}
		rc = load_part(r, r->jobs[i].part, (const char *)sqlite3_column_text(q, 0), err);
	}
	sqlite3_finalize(q);
	return rc;
}

/* The unit as one component: its part's fields and its own facts. */
static struct component *unit_component(struct run *r, struct inventory *inv, const struct job *j)
{
	const struct component *pc = &r->parts->comps[imap_get(&r->part_idx, j->part) - 1];
	char id[32];
	snprintf(id, sizeof id, "unit/%lld", (long long)j->unit);
	return unit_make(inv, pc, j->facts, id);
}

int fleet_unit_component(struct fleet *f, int64_t unit, struct inventory *inv,
			 struct component **out, struct strbuf *err)
{
	sqlite3_stmt *q;
	*out = NULL;
	if (fleet_prep(f, &q,
		       "SELECT p.document, u.facts FROM units u JOIN parts p ON p.id = u.part"
		       " WHERE u.id = ?",
		       err) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, unit);
	int rc = -1;
	if (sqlite3_step(q) != SQLITE_ROW) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: no unit %lld", f->st->path, (long long)unit);
		goto out;
	}
	struct inventory *part = inventory_new();
	const char *doc = (const char *)sqlite3_column_text(q, 0);
	cJSON *j = doc ? cJSON_Parse(doc) : NULL;
	struct strbuf e = STRBUF_INIT;
	if (!j || inventory_from_json(j, part, &e) < 0 || part->ncomps != 1) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: unit %lld: its part's document does not read: %s",
			    f->st->path, (long long)unit, j ? e.buf : "not JSON");
	} else {
		char id[32];
		snprintf(id, sizeof id, "unit/%lld", (long long)unit);
		*out = unit_make(inv, &part->comps[0], (const char *)sqlite3_column_text(q, 1), id);
		/* the part's strings belong to its inventory: copy them over */
		for (size_t i = 0; i < (*out)->nfields; i++) {
			struct field *fl = &(*out)->fields[i];
			fl->value = arena_strdup(inv->arena, fl->value);
			fl->name = fl->name ? arena_strdup(inv->arena, fl->name) : NULL;
		}
		rc = 0;
	}
	cJSON_Delete(j);
	strbuf_release(&e);
	inventory_free(part);
out:
	sqlite3_finalize(q);
	return rc;
}

static const char *adup(struct run *r, const char *s)
{
	return s ? arena_strdup(r->a, s) : NULL;
}

static void add_org(struct run *r, struct arow *w, const char *org)
{
	if (!org)
		return;
	for (size_t i = 0; i < w->norgs; i++)
		if (!strcmp(w->orgs[i], org))
			return;
	w->orgs = arena_grow(r->a, w->orgs, w->norgs, w->norgs + 1, sizeof *w->orgs);
	w->orgs[w->norgs++] = arena_strdup(r->a, org);
}

/* Keep the attribution when it differs from the stored one. */
static void keep_attribution(struct run *r, const struct job *j, const struct component *c)
{
	const struct attribution *at = c->attr;
	struct judge_opts jo = {r->o->rs, r->o->kb, NULL, 0, 0};
	const char *cls = judge_class(&jo, c, NULL);
	cJSON *aj = attribution_to_json(at);
	cJSON_AddStringToObject(aj, "class", cls);
	char *json = cJSON_PrintUnformatted(aj);
	cJSON_Delete(aj);
	unsigned char d[DIGEST_LEN];
	char hex[2 * DIGEST_LEN + 1];
	sha256(json, strlen(json), d);
	hex_of(d, 16, hex);
	if (j->old_hash && !strcmp(j->old_hash, hex)) {
		cJSON_free(json);
		return;
	}
	struct arow *w = ARENA_PUSH(r->a, r->at, r->nat, r->capat);
	memset(w, 0, sizeof *w);
	w->unit = j->unit;
	w->hash = adup(r, hex);
	w->maker = adup(r, at->maker.org);
	w->chip = at->has_chip ? adup(r, at->chip_maker.org) : NULL;
	w->has_chip = at->has_chip;
	w->cls = adup(r, cls);
	w->json = adup(r, json);
	add_org(r, w, at->maker.org);
	if (at->has_chip)
		add_org(r, w, at->chip_maker.org);
	for (size_t i = 0; i < at->nconflicts; i++)
		add_org(r, w, at->conflicts[i].org);
	cJSON_free(json);
}

/* The evidence of the maker a finding matched, as the store keeps it: a JSON
 * array of evidence records (fleet-words.c puts it into words); NULL for none. */
static const char *evidence_stored(struct run *r, const struct maker *m)
{
	if (!m || !m->nev)
		return NULL;
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < m->nev; i++)
		cJSON_AddItemToArray(arr, evidence_to_json(&m->ev[i]));
	char *json = cJSON_PrintUnformatted(arr);
	const char *s = adup(r, json);
	cJSON_free(json);
	cJSON_Delete(arr);
	return s;
}

static void keep_finding(struct run *r, int64_t unit, const struct finding *f)
{
	struct vrow *v = ARENA_PUSH(r->a, r->v, r->nv, r->capv);
	const struct maker *m = finding_maker(f);
	v->unit = unit;
	v->rule_id = adup(r, f->rule_id);
	v->rule_version = adup(r, f->rule_version);
	v->verdict = verdict_name(f->verdict);
	v->binding = f->binding;
	v->effective = f->effective;
	v->deadline = f->deadline;
	v->requires = adup(r, f->deadline_what);
	v->org = adup(r, f->org);
	v->org_name = adup(r, f->org_name);
	v->via = adup(r, f->via);
	v->relation = adup(r, f->relation);
	v->acquired = adup(r, f->acquired);
	v->reason = adup(r, f->reason);
	v->evidence = evidence_stored(r, m);
}

static void judge_jobs(struct run *r)
{
	const struct fleet_screen_opts *o = r->o;
	struct judge_opts all = {o->rs, o->kb, o->profile, o->date, 0};
	struct judge_opts some = {&r->sub, o->kb, o->profile, o->date, 0};
	for (size_t start = 0; start < r->njobs; start += BATCH) {
		struct inventory *inv = inventory_new();
		struct scan_result res = {.inv = inv};
		size_t end = start + BATCH < r->njobs ? start + BATCH : r->njobs;
		for (size_t i = start; i < end; i++) {
			const struct job *j = &r->jobs[i];
			struct component *c = unit_component(r, inv, j);
			if (o->identify)
				o->identify(o->identify_ctx, o->kb, inv, c, o->date);
			else
				identify_component(o->kb, inv, c, o->date);
			if (!c->attr)
				continue; /* an identifier that gave nothing: nothing to judge */
			/* a candidate of an incremental run is attributed as stored
			 * (same knowledge, date and schema): only new units change */
			if (j->all_rules)
				keep_attribution(r, j, c);
			res.nfindings = 0;
			judge_component(j->all_rules ? &all : &some, &res, c);
			for (size_t k = 0; k < res.nfindings; k++)
				keep_finding(r, j->unit, &res.findings[k]);
		}
		inventory_free(inv);
	}
}

/* ---------------------------------------------------------------------- */
/* Writing the run                                                         */

/* The rule set and each rule's measure file, as judged. */
static int record_ruleset(struct run *r, struct strbuf *err)
{
	const struct ruleset *rs = r->o->rs;
	struct strbuf lines = STRBUF_INIT, text = STRBUF_INIT;
	const char *file = NULL;
	int rc = 0;
	for (size_t i = 0; i < rs->nrules && !rc; i++) {
		const struct rule *x = &rs->rules[i];
		strbuf_addf(&lines, "%s %s\n", x->id, x->version);
		if (!file || strcmp(file, x->file)) {
			file = x->file;
			if (read_file(file, 16u << 20, &text, err) < 0) {
				rc = -1;
				break;
			}
			char v[17];
			snprintf(v, sizeof v, "%016llx",
				 (unsigned long long)hash_fnv1a64(HASH_FNV64_INIT, text.buf, text.len));
			if (strcmp(v, x->version)) {
				strbuf_reset(err);
				strbuf_addf(err,
					    "%s: changed after the rules were loaded: run again",
					    file);
				rc = -1;
				break;
			}
		}
		sqlite3_stmt *q = fleet_stmt(r->f,
					     "INSERT OR IGNORE INTO rule_versions(rule_id, "
					     "version, measure, file, title, "
					     "document, first_seen) VALUES(?, ?, ?, ?, ?, ?, ?)",
					     err);
		if (!q) {
			rc = -1;
			break;
		}
		const char *base = strrchr(x->file, '/');
		bind_text(q, 1, x->id);
		bind_text(q, 2, x->version);
		bind_text(q, 3, x->measure);
		bind_text(q, 4, base ? base + 1 : x->file);
		bind_text(q, 5, x->title);
		sqlite3_bind_text(q, 6, text.buf, (int)text.len, SQLITE_TRANSIENT);
		bind_text(q, 7, r->started);
		rc = fleet_done(r->f, q, "recording the rules", err);
	}
	if (!rc) {
		sqlite3_stmt *q = fleet_stmt(r->f,
					     "INSERT OR IGNORE INTO rulesets(version, schema_hash, "
					     "rules, first_seen) VALUES(?, ?, ?, ?)",
					     err);
		if (!q)
			rc = -1;
		else {
			bind_text(q, 1, r->ruleset);
			bind_text(q, 2, r->schema);
			bind_text(q, 3, lines.buf);
			bind_text(q, 4, r->started);
			rc = fleet_done(r->f, q, "recording the rule set", err);
		}
	}
	strbuf_release(&lines);
	strbuf_release(&text);
	return rc;
}

static const char *changed_json(struct run *r)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < r->nchanged; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(r->changed[i]));
	char *s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	const char *c = arena_strdup(r->a, s);
	cJSON_free(s);
	return c;
}

static int insert_run(struct run *r, int64_t *id, struct strbuf *err)
{
	char now[32];
	timestamp_now(now);
	sqlite3_stmt *q = fleet_stmt(
		r->f,
		"INSERT INTO runs(command, mode, base, started_at, finished_at, profile_key, "
		"profile, "
		"date, ruleset, schema_hash, kb, chipscreen, sources, changed, max_unit, units, "
		"judged, verdicts, what_if) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"0, ?)",
		err);
	if (!q)
		return -1;
	bind_text(q, 1, r->o->command ? r->o->command : "fleet");
	bind_text(q, 2, r->mode);
	if (r->has_base)
		sqlite3_bind_int64(q, 3, r->b.id);
	else
		sqlite3_bind_null(q, 3);
	bind_text(q, 4, r->started);
	bind_text(q, 5, now);
	bind_text(q, 6, r->pkey);
	bind_text(q, 7, r->o->profile ? r->o->profile->label : NULL);
	bind_text(q, 8, r->date);
	bind_text(q, 9, r->ruleset);
	bind_text(q, 10, r->schema);
	bind_text(q, 11, r->kb);
	bind_text(q, 12, CHIPSCREEN_VERSION);
	bind_text(q, 13, r->sources);
	bind_text(q, 14, changed_json(r));
	sqlite3_bind_int64(q, 15, r->max_unit);
	sqlite3_bind_int64(q, 16, r->nunits);
	sqlite3_bind_int64(q, 17, (sqlite3_int64)r->njobs);
	sqlite3_bind_int(q, 18, r->o->what_if);
	if (fleet_done(r->f, q, "recording the run", err) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(r->f->st->db);
	return 0;
}

static void bind_day(sqlite3_stmt *q, int i, day_t d)
{
	char buf[16];
	if (d)
		bind_text(q, i, date_format(d, buf));
	else
		sqlite3_bind_null(q, i);
}

static int insert_verdicts(struct run *r, int64_t run, struct strbuf *err)
{
	for (size_t i = 0; i < r->nv; i++) {
		const struct vrow *v = &r->v[i];
		sqlite3_stmt *q = fleet_stmt(
			r->f,
			"INSERT INTO verdicts(run, unit, rule_id, rule_version, verdict, binding, "
			"effective, deadline, requires, org, org_name, via, relation, acquired, "
			"reason, "
			"evidence) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			err);
		if (!q)
			return -1;
		sqlite3_bind_int64(q, 1, run);
		sqlite3_bind_int64(q, 2, v->unit);
		bind_text(q, 3, v->rule_id);
		bind_text(q, 4, v->rule_version);
		bind_text(q, 5, v->verdict);
		sqlite3_bind_int(q, 6, v->binding);
		bind_day(q, 7, v->effective);
		bind_day(q, 8, v->deadline);
		bind_text(q, 9, v->requires);
		bind_text(q, 10, v->org);
		bind_text(q, 11, v->org_name);
		bind_text(q, 12, v->via);
		bind_text(q, 13, v->relation);
		bind_text(q, 14, v->acquired);
		bind_text(q, 15, v->reason ? v->reason : "");
		bind_text(q, 16, v->evidence);
		if (fleet_done(r->f, q, "recording a verdict", err) < 0)
			return -1;
	}
	return 0;
}

static int write_attributions(struct run *r, int64_t run, struct strbuf *err)
{
	for (size_t i = 0; i < r->nat; i++) {
		const struct arow *w = &r->at[i];
		sqlite3_stmt *q = fleet_stmt(
			r->f,
			"UPDATE units SET attr_run = ?, attr_hash = ?, maker = ?, chip_maker = ?, "
			"has_chip = ?, class = ?, attribution = ? WHERE id = ?",
			err);
		if (!q)
			return -1;
		sqlite3_bind_int64(q, 1, run);
		bind_text(q, 2, w->hash);
		bind_text(q, 3, w->maker);
		bind_text(q, 4, w->chip);
		sqlite3_bind_int(q, 5, w->has_chip);
		bind_text(q, 6, w->cls);
		bind_text(q, 7, w->json);
		sqlite3_bind_int64(q, 8, w->unit);
		if (fleet_done(r->f, q, "recording an attribution", err) < 0)
			return -1;
		if (!(q = fleet_stmt(r->f, "DELETE FROM unit_orgs WHERE unit = ?", err)))
			return -1;
		sqlite3_bind_int64(q, 1, w->unit);
		if (fleet_done(r->f, q, "recording an attribution", err) < 0)
			return -1;
		for (size_t k = 0; k < w->norgs; k++) {
			if (!(q = fleet_stmt(r->f, "INSERT INTO unit_orgs(org, unit) VALUES(?, ?)",
					     err)))
				return -1;
			bind_text(q, 1, w->orgs[k]);
			sqlite3_bind_int64(q, 2, w->unit);
			if (fleet_done(r->f, q, "recording an attribution", err) < 0)
				return -1;
		}
	}
	sqlite3_stmt *q =
		fleet_stmt(r->f,
			   "INSERT OR REPLACE INTO attribution(id, kb, asof, schema_hash, "
			   "max_unit, run) VALUES(1, ?, ?, ?, ?, ?)",
			   err);
	if (!q)
		return -1;
	bind_text(q, 1, r->kb);
	bind_text(q, 2, r->date);
	bind_text(q, 3, r->schema);
	sqlite3_bind_int64(q, 4, r->max_unit);
	sqlite3_bind_int64(q, 5, run);
	return fleet_done(r->f, q, "recording the attribution context", err);
}

/* Another run may have rewritten the attributions while this one judged. */
static int attribution_unchanged(struct run *r, struct strbuf *err)
{
	int rc;
	int64_t now = scalar(r->f, "SELECT coalesce(max(run), 0) FROM attribution", 0, err, &rc);
	if (rc < 0)
		return -1;
	if (now != r->attr_run) {
		strbuf_reset(err);
		strbuf_addf(err,
			    "%s: another screening run changed the stored attributions while "
			    "this one ran: run it again",
			    r->f->st->path);
		return -1;
	}
	return 0;
}

static int write_run(struct run *r, int64_t *id, struct strbuf *err)
{
	int rc;
	if (store_begin(r->f->st, err) < 0)
		return -1;
	rc = attribution_unchanged(r, err);
	if (!rc)
		rc = record_ruleset(r, err);
	if (!rc)
		rc = insert_run(r, id, err);
	if (!rc)
		rc = insert_verdicts(r, *id, err);
	if (!rc)
		rc = write_attributions(r, *id, err);
	if (!rc) {
		sqlite3_stmt *q = fleet_stmt(
			r->f,
			"UPDATE runs SET verdicts = (SELECT count(*) FROM verdicts WHERE run = ?1) "
			"WHERE id = ?1",
			err);
		if (!q)
			rc = -1;
		else {
			sqlite3_bind_int64(q, 1, *id);
			rc = fleet_done(r->f, q, "counting the verdicts", err);
		}
	}
	if (!rc)
		rc = store_commit(r->f->st, err);
	if (rc)
		store_rollback(r->f->st);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The run                                                                 */

static void decide(struct run *r, const struct fleet_screen_opts *o)
{
	r->mode = "full";
	if (o->full)
		r->why_full = "a full run was asked for";
	else if (!r->has_base)
		r->why_full = "no earlier run for this profile";
	else if (strcmp(r->b.date, r->date))
		r->why_full = arena_printf(r->a, "the date changed (the last run was as of %s)",
					   r->b.date);
	else if (strcmp(r->b.kb, r->kb))
		r->why_full = "the identify knowledge changed since the last run";
	else if (strcmp(r->b.schema, r->schema))
		r->why_full = "the rule vocabulary or product classes changed";
	else if (!r->attr_valid || r->attr_max < r->b.max_unit)
		r->why_full = "the stored attributions were made for another date or knowledge";
	else if (r->bchain.n >= CHAIN_MAX)
		r->why_full =
			"the last runs were all incremental: a full run keeps the chain short";
	else
		r->mode = "incremental";
}

static void fill(struct run *r, struct fleet_run *out, int64_t id)
{
	memset(out, 0, sizeof *out);
	out->id = id;
	out->base = r->has_base ? r->b.id : 0;
	out->mode = r->mode;
	snprintf(out->why_full, sizeof out->why_full, "%s", r->why_full ? r->why_full : "");
	out->units_total = (size_t)r->nunits;
	out->units_judged = r->njobs;
	out->rules_changed = r->nchanged;
	out->verdicts = r->nv;
	snprintf(out->ruleset, sizeof out->ruleset, "%s", r->ruleset);
	snprintf(out->date, sizeof out->date, "%s", r->date);
	if (r->has_base) {
		snprintf(out->base_ruleset, sizeof out->base_ruleset, "%s", r->b.ruleset);
		snprintf(out->base_date, sizeof out->base_date, "%s", r->b.date);
	}
}

static int screen(struct run *r, struct fleet_run *out, struct strbuf *err)
{
	const struct fleet_screen_opts *o = r->o;
	struct strbuf tmp = STRBUF_INIT;
	char day[16], now[32];
	int rc;
	fleet_profile_key(o->profile, &tmp);
	r->pkey = arena_strdup(r->a, tmp.buf);
	r->date = arena_strdup(r->a, date_format(o->date, day));
	r->ruleset = o->rs->version;
	r->schema = schema_hash(r->a, o->rs);
	r->kb = arena_strdup(r->a, o->kb_version ? o->kb_version : fleet_kb_fingerprint(&tmp));
	r->started = arena_strdup(r->a, timestamp_now(now));
	strbuf_release(&tmp);
	/* read in one transaction (one snapshot, one lock), write in another */
	sqlite3_exec(r->f->st->db, "BEGIN", NULL, NULL, NULL);
	r->reading = true;
	if (!(r->sources = sources_text(r->f, r->a, err)))
		return -1;
	r->max_unit = scalar(r->f, "SELECT coalesce(max(id), 0) FROM units", 0, err, &rc);
	if (rc < 0)
		return -1;
	r->nunits = scalar(r->f, "SELECT count(*) FROM units", 0, err, &rc);
	if (rc < 0 || load_base(r, err) < 0)
		return -1;
	if (r->has_base && chain_load(r->f, r->b.id, r->a, &r->bchain, err) < 0)
		return -1;
	decide(r, o);
	if (!strcmp(r->mode, "incremental")) {
		if (diff_rules(r, err) < 0)
			return -1;
		if (!r->nchanged && r->b.max_unit == r->max_unit &&
		    !strcmp(r->b.sources, r->sources)) {
			r->mode = "reused";
			fill(r, out, r->b.id);
			sqlite3_exec(r->f->st->db, "COMMIT", NULL, NULL, NULL);
			r->reading = false;
			return 0;
		}
		if (queue_range(r, r->b.max_unit, err) < 0 || queue_candidates(r, err) < 0 ||
		    queue_noted(r, err) < 0)
			return -1;
	} else if (queue_range(r, 0, err) < 0) {
		return -1;
	}
	if (load_parts(r, err) < 0)
		return -1;
	judge_jobs(r);
	sqlite3_exec(r->f->st->db, "COMMIT", NULL, NULL, NULL);
	r->reading = false;
	if (r->f->readonly || r->f->st->readonly_why) {
		/* A run already recorded for this context is served above; a
		 * new one would have to be written. */
		strbuf_reset(err);
		strbuf_addf(err,
			    "%s: a new screening run must be recorded (%s) and the store is "
			    "read-only%s%s: run the command once as a user who may write the "
			    "store, then readers are served from it",
			    r->f->st->path,
			    r->why_full ? r->why_full : "the rules, lists or units changed",
			    r->f->st->readonly_why ? " for this user: " : "",
			    r->f->st->readonly_why ? r->f->st->readonly_why : "");
		return -1;
	}
	int64_t id = 0;
	if (write_run(r, &id, err) < 0)
		return -1;
	fill(r, out, id);
	return 0;
}

int fleet_screen(struct fleet *f, const struct fleet_screen_opts *o, struct fleet_run *out,
		 struct strbuf *err)
{
	struct run r = {.f = f, .o = o, .a = arena_new()};
	imap_init(&r.part_idx);
	imap_init(&r.queued);
	r.cand = cJSON_CreateArray();
	memset(out, 0, sizeof *out);
	int rc = screen(&r, out, err);
	if (r.reading) /* an error while reading */
		sqlite3_exec(f->st->db, "COMMIT", NULL, NULL, NULL);
	inventory_free(r.parts);
	imap_free(&r.part_idx);
	imap_free(&r.queued);
	cJSON_Delete(r.cand);
	arena_free(r.a);
	return rc;
}
