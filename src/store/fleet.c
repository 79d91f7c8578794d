/*
 * fleet.c — the fleet tables, and importing one host's inventory.
 *
 * An import is one transaction (BEGIN IMMEDIATE ... COMMIT): the host, its
 * snapshot, the snapshot's unit rows and any new parts and units go in
 * together or not at all, so a process killed midway leaves the store as it
 * was before that host, and running the import again finishes the job.
 * Readers are never blocked: the store is in WAL mode.
 *
 * The work that needs no database (digests, identities, compressing the
 * document) is done by fleet_prepare, so a caller may run it on other
 * threads; fleet_commit does the SQL.  Parts and units are looked up in
 * memory (fleet-map.c): the maps are filled from the tables once, and a miss
 * goes to the table (INSERT ... ON CONFLICT DO NOTHING, then SELECT), which
 * stays right when another process imports at the same time.
 */
#include "store/fleet-int.h"
#include "partdate.h"
#include "inventory-json.h"
#include "util/datadir.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pthread.h>
#include <time.h>
#include <zstd.h>

/* ---------------------------------------------------------------------- */
/* Schema                                                                  */

static const struct store_step fleet_steps[] = {
	{1, "CREATE TABLE hosts("
	    " id INTEGER PRIMARY KEY,"
	    " key TEXT NOT NULL UNIQUE,"
	    " kind TEXT NOT NULL,"
	    " name TEXT NOT NULL,"
	    " uuid TEXT, serial TEXT, vendor TEXT, product TEXT,"
	    " site TEXT,"
	    " first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,"
	    " last_snapshot INTEGER, last_digest BLOB,"
	    " snapshots INTEGER NOT NULL DEFAULT 0);"
	    "CREATE INDEX hosts_uuid ON hosts(uuid) WHERE uuid IS NOT NULL;"
	    "CREATE INDEX hosts_serial ON hosts(serial) WHERE serial IS NOT NULL;"
	    "CREATE INDEX hosts_name ON hosts(name);"
	    "CREATE INDEX hosts_last ON hosts(last_snapshot);"
	    "CREATE TABLE host_tags("
	    " host INTEGER NOT NULL REFERENCES hosts(id), tag TEXT NOT NULL,"
	    " PRIMARY KEY(tag, host)) WITHOUT ROWID;"
	    "CREATE TABLE snapshots("
	    " id INTEGER PRIMARY KEY,"
	    " host INTEGER NOT NULL REFERENCES hosts(id),"
	    " digest BLOB NOT NULL,"
	    " imported_at TEXT NOT NULL,"
	    " collected_at TEXT, collector TEXT, sources TEXT,"
	    " components INTEGER NOT NULL,"
	    " units INTEGER NOT NULL,"
	    " encoding TEXT NOT NULL,"
	    " size INTEGER NOT NULL,"
	    " document BLOB NOT NULL);"
	    "CREATE INDEX snapshots_host ON snapshots(host, id);"
	    "CREATE TABLE parts("
	    " id INTEGER PRIMARY KEY,"
	    " digest BLOB NOT NULL UNIQUE,"
	    " kind TEXT NOT NULL,"
	    " label TEXT NOT NULL,"
	    " document TEXT NOT NULL);"
	    "CREATE TABLE units("
	    " id INTEGER PRIMARY KEY,"
	    " digest BLOB NOT NULL UNIQUE,"
	    " part INTEGER NOT NULL REFERENCES parts(id),"
	    " facts TEXT NOT NULL,"
	    " acquired TEXT, made TEXT, purpose TEXT,"
	    " own_day INTEGER NOT NULL,"
	    " attr_run INTEGER, attr_hash TEXT,"
	    " maker TEXT, chip_maker TEXT, has_chip INTEGER, class TEXT,"
	    " makers TEXT, attribution TEXT);"
	    "CREATE INDEX units_own_day ON units(own_day);"
	    "CREATE INDEX units_unknown ON units(class)"
	    " WHERE maker IS NULL OR (has_chip AND chip_maker IS NULL);"
	    "CREATE TABLE unit_orgs("
	    " org TEXT NOT NULL, unit INTEGER NOT NULL,"
	    " PRIMARY KEY(org, unit)) WITHOUT ROWID;"
	    "CREATE INDEX unit_orgs_unit ON unit_orgs(unit);"
	    "CREATE TABLE attribution("
	    " id INTEGER PRIMARY KEY CHECK (id = 1),"
	    " kb TEXT NOT NULL, asof TEXT NOT NULL, schema_hash TEXT NOT NULL,"
	    " max_unit INTEGER NOT NULL, run INTEGER NOT NULL);"
	    "CREATE TABLE snapshot_units("
	    " unit INTEGER NOT NULL,"
	    " snapshot INTEGER NOT NULL,"
	    " count INTEGER NOT NULL,"
	    " ids TEXT NOT NULL,"
	    " PRIMARY KEY(unit, snapshot)) WITHOUT ROWID;"
	    "CREATE TABLE rule_versions("
	    " rule_id TEXT NOT NULL, version TEXT NOT NULL,"
	    " measure TEXT NOT NULL, file TEXT NOT NULL, title TEXT NOT NULL,"
	    " document TEXT NOT NULL,"
	    " first_seen TEXT NOT NULL,"
	    " PRIMARY KEY(rule_id, version)) WITHOUT ROWID;"
	    "CREATE TABLE rulesets("
	    " version TEXT PRIMARY KEY,"
	    " schema_hash TEXT NOT NULL,"
	    " rules TEXT NOT NULL,"
	    " first_seen TEXT NOT NULL) WITHOUT ROWID;"
	    "CREATE TABLE sources("
	    " kind TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,"
	    " loaded_at TEXT, detail TEXT,"
	    " PRIMARY KEY(kind, name)) WITHOUT ROWID;"
	    "CREATE TABLE runs("
	    " id INTEGER PRIMARY KEY,"
	    " command TEXT NOT NULL, mode TEXT NOT NULL, base INTEGER,"
	    " started_at TEXT NOT NULL, finished_at TEXT NOT NULL,"
	    " profile_key TEXT NOT NULL, profile TEXT, date TEXT NOT NULL,"
	    " ruleset TEXT NOT NULL REFERENCES rulesets(version),"
	    " schema_hash TEXT NOT NULL, kb TEXT NOT NULL,"
	    " chipscreen TEXT NOT NULL, sources TEXT NOT NULL,"
	    " changed TEXT NOT NULL,"
	    " max_unit INTEGER NOT NULL, units INTEGER NOT NULL, judged INTEGER NOT NULL,"
	    " verdicts INTEGER NOT NULL);"
	    "CREATE INDEX runs_profile ON runs(profile_key, id);"
	    "CREATE TABLE verdicts("
	    " run INTEGER NOT NULL, unit INTEGER NOT NULL, rule_id TEXT NOT NULL,"
	    " rule_version TEXT NOT NULL, verdict TEXT NOT NULL, binding INTEGER NOT NULL,"
	    " effective TEXT, deadline TEXT, requires TEXT,"
	    " org TEXT, org_name TEXT, via TEXT, relation TEXT, acquired TEXT,"
	    " reason TEXT NOT NULL, evidence TEXT,"
	    " PRIMARY KEY(run, unit, rule_id)) WITHOUT ROWID;"
	    "CREATE INDEX verdicts_rule ON verdicts(run, rule_id);"},
	/* a what-if run (another --date) is kept, but is never the baseline the
	 * next rescreen compares with (fleet_last_run) */
	{2, "ALTER TABLE runs ADD COLUMN what_if INTEGER NOT NULL DEFAULT 0;"},
	/* `hosts retire`: the host's last snapshot moved aside, its history kept */
	{3, "ALTER TABLE hosts ADD COLUMN retired_at TEXT;"
	    "ALTER TABLE hosts ADD COLUMN retired_snapshot INTEGER;"},
	/* the serial numbers purchase records name, and each snapshot's serial
	 * hashes, to find the machines a later purchase record dates (fleet-seen.c) */
	{4, "CREATE TABLE purchase_serials("
	    " serial TEXT PRIMARY KEY, acquired TEXT NOT NULL, source TEXT NOT NULL,"
	    " written TEXT NOT NULL) WITHOUT ROWID;"
	    "ALTER TABLE snapshots ADD COLUMN serials BLOB;"},
	/* the store keeps data, not words (fleet-words.c): a part's label and a
	 * unit's makers were describe.c's words, made again from the part's
	 * document and the unit's attribution when read; verdicts keep their
	 * evidence as a JSON array from now on (older runs' words still read) */
	{5, "ALTER TABLE parts DROP COLUMN label;"
	    "ALTER TABLE units DROP COLUMN makers;"},
	/* snapshot_units keyed by (snapshot, unit), the order commits add rows
	 * in, and found by unit through an index whose key starts with the
	 * snapshot's epoch (fleet-int.h, SU_EPOCHS): keyed by (unit, snapshot),
	 * every commit rewrote the page at the end of each of its units' rows,
	 * 1.7 MB of log per upload at 25,000 hosts (doc/fleet.md, "Tables") */
	{6, "CREATE TABLE snapshot_units_6("
	    " snapshot INTEGER NOT NULL,"
	    " unit INTEGER NOT NULL,"
	    " count INTEGER NOT NULL,"
	    " ids TEXT NOT NULL,"
	    " PRIMARY KEY(snapshot, unit)) WITHOUT ROWID;"
	    "INSERT INTO snapshot_units_6(snapshot, unit, count, ids)"
	    " SELECT snapshot, unit, count, ids FROM snapshot_units ORDER BY snapshot, unit;"
	    "DROP TABLE snapshot_units;"
	    "ALTER TABLE snapshot_units_6 RENAME TO snapshot_units;"
	    "CREATE INDEX snapshot_units_unit ON snapshot_units(snapshot >> 10, unit, count);"},
};

/* ---------------------------------------------------------------------- */
/* Statements                                                              */

int fleet_prep(struct fleet *f, sqlite3_stmt **q, const char *sql, struct strbuf *err)
{
	if (sqlite3_prepare_v2(f->st->db, sql, -1, q, NULL) != SQLITE_OK) {
		*q = NULL;
		return store_error(f->st, err, "preparing a query");
	}
	return 0;
}

sqlite3_stmt *fleet_stmt(struct fleet *f, const char *sql, struct strbuf *err)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		if (f->stmts[i].sql == sql) {
			sqlite3_reset(f->stmts[i].q);
			sqlite3_clear_bindings(f->stmts[i].q);
			return f->stmts[i].q;
		}
	}
	sqlite3_stmt *q;
	if (fleet_prep(f, &q, sql, err) < 0)
		return NULL;
	if (f->nstmts < FLEET_STMTS) {
		f->stmts[f->nstmts].sql = sql;
		f->stmts[f->nstmts++].q = q;
	}
	/* beyond the cache a statement would leak: FLEET_STMTS is above the
	 * number of constants that use it */
	return q;
}

int fleet_done(struct fleet *f, sqlite3_stmt *q, const char *what, struct strbuf *err)
{
	int rc = sqlite3_step(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_error(f->st, err, what);
	sqlite3_reset(q);
	return 0;
}

void bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

const char *col_text(struct arena *a, sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	return s ? arena_strdup(a, (const char *)s) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Opening                                                                 */

/*
 * Host identifiers that identify nothing: data/fleet/host-id-placeholders.tsv
 * (kind, value, source).  Also any value made of one repeated character.
 */
static int load_placeholders(struct fleet *f, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	data_path(&path, "fleet/host-id-placeholders.tsv");
	int rc = read_file(path.buf, 1u << 20, &text, err);
	if (rc < 0)
		goto out;
	size_t cap = 0;
	int lineno = 0;
	for (char *line = text.buf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (*line == '#' || !*line)
			continue;
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2) {
			strbuf_reset(err);
			strbuf_addf(err, "%s:%d: expected kind<TAB>value<TAB>source", path.buf,
				    lineno);
			rc = -1;
			goto out;
		}
		*t1 = *t2 = '\0';
		if (!strcmp(line, "kind"))
			continue; /* the header */
		if (strcmp(line, "uuid") && strcmp(line, "serial")) {
			strbuf_reset(err);
			strbuf_addf(err, "%s:%d: kind \"%s\": expected uuid or serial", path.buf,
				    lineno, line);
			rc = -1;
			goto out;
		}
		if (f->nph == cap) {
			cap = cap ? cap * 2 : 16;
			f->ph = xreallocarray(f->ph, cap, sizeof *f->ph);
		}
		snprintf(f->ph[f->nph].kind, sizeof f->ph[f->nph].kind, "%s", line);
		f->ph[f->nph++].value = xstrdup(t1 + 1);
	}
out:
	strbuf_release(&path);
	strbuf_release(&text);
	return rc;
}

bool fleet_placeholder(const struct fleet *f, const char *kind, const char *value)
{
	if (!value || !*value)
		return true;
	/* "00000000-0000-...", "XXXXXXXX", "........": one repeated character */
	char first = 0;
	bool same = true;
	for (const char *p = value; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char c = (char)tolower((unsigned char)*p);
		if (!first)
			first = c;
		else if (c != first)
			same = false;
	}
	if (same)
		return true;
	for (size_t i = 0; i < f->nph; i++)
		if (!strcmp(f->ph[i].kind, kind) && !strcasecmp(f->ph[i].value, value))
			return true;
	return false;
}

int fleet_open(struct fleet **out, const char *path, bool readonly, struct strbuf *err)
{
	struct fleet *f = xcalloc(1, sizeof *f);
	strbuf_init(&f->rowtext, 0);
	*out = NULL;
	f->readonly = readonly;
	dmap_init(&f->parts);
	dmap_init(&f->units);
	dmap_init(&f->known);
	if (store_open(&f->st, path, readonly, err) < 0) {
		free(f);
		return -1;
	}
	if (readonly) {
		/* a read-only open cannot create the tables: they must be there */
		sqlite3_stmt *q;
		int have = 0;
		if (fleet_prep(f, &q,
			       "SELECT count(*) FROM sqlite_master WHERE name = 'schema_versions'",
			       err) == 0) {
			if (sqlite3_step(q) == SQLITE_ROW)
				have = sqlite3_column_int(q, 0);
			sqlite3_finalize(q);
		}
		sqlite3_stmt *v = NULL;
		if (have &&
		    fleet_prep(f, &v, "SELECT version FROM schema_versions WHERE module = 'fleet'",
			       err) == 0) {
			have = sqlite3_step(v) == SQLITE_ROW;
			sqlite3_finalize(v);
		} else {
			have = 0;
		}
		if (!have) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: no fleet in this store: import inventories first",
				    f->st->path);
			fleet_close(f);
			return -1;
		}
	} else if (store_ensure_schema(f->st, "fleet", fleet_steps,
				       sizeof fleet_steps / sizeof fleet_steps[0], err) < 0) {
		fleet_close(f);
		return -1;
	}
	/* Imports touch many index pages: a larger page cache keeps them in memory. */
	sqlite3_exec(f->st->db, "PRAGMA cache_size = -131072", NULL, NULL, NULL);
	sqlite3_exec(f->st->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	/* checkpoint every 16,384 pages of log rather than 1,000 (512 MiB with
	 * a new store's pages): an import writes a lot */
	if (!readonly)
		sqlite3_exec(f->st->db, "PRAGMA wal_autocheckpoint = 16384", NULL, NULL, NULL);
	if (load_placeholders(f, err) < 0) {
		fleet_close(f);
		return -1;
	}
	*out = f;
	return 0;
}

static void drop_rows(struct fleet *f, size_t from);

void fleet_close(struct fleet *f)
{
	if (!f)
		return;
	if (f->batch)
		store_rollback(f->st); /* an unfinished batch is not kept */
	drop_rows(f, 0);
	free(f->rows);
	strbuf_release(&f->rowtext);
	fleet_bulk_end(f);
	sqlite3_finalize(f->su_multi);
	for (size_t i = 0; i < f->nstmts; i++)
		sqlite3_finalize(f->stmts[i].q);
	store_close(f->st);
	dmap_free(&f->parts);
	dmap_free(&f->units);
	dmap_free(&f->hostvals);
	dmap_free(&f->known);
	dmap_free(&f->purchases);
	fleet_preparer_free(f->pr);
	for (size_t i = 0; i < f->nph; i++)
		free(f->ph[i].value);
	free(f->ph);
	free(f);
}

struct store *fleet_store(struct fleet *f)
{
	return f->st;
}

/* ---------------------------------------------------------------------- */
/* Prepare                                                                 */

struct pcomp {
	unsigned char part[DIGEST_LEN], unit[DIGEST_LEN];
	size_t comp;  /* index in inv->comps */
	size_t facts; /* offset in prepared.facts */
	long count;
};

struct fleet_prepared {
	struct inventory *inv;
	const struct fleet_host_opts *o;
	unsigned char digest[DIGEST_LEN];
	struct pcomp *pc;
	size_t n;
	struct strbuf facts; /* NUL-separated facts strings */
	struct strbuf doc;   /* the document, compressed */
	struct strbuf serials; /* machines: the serial hashes (snapshots.serials) */
	const char *encoding;
	size_t doc_size; /* before compression */
	long ncomps;     /* purchase quantities counted */
	size_t nunits;   /* distinct units */
	bool deferred;   /* the document is not compressed yet (likely unchanged) */
	bool standin;    /* the name is the caller's stand-in (a file's name): the
			  * input gave none and --host was not given */
};

static int cmp_pcomp(const void *a, const void *b)
{
	const struct pcomp *x = a, *y = b;
	int c = memcmp(x->unit, y->unit, DIGEST_LEN);
	return c ? c : (x->comp < y->comp ? -1 : x->comp > y->comp);
}

struct fleet_preparer {
	ZSTD_CCtx *z;
	const struct dmap *known; /* fleet_preparer_known */
	struct strbuf tmp;
	struct strbuf zbuf; /* compress_doc's output */
	struct digest_scratch ds;
	struct comp_digest *cd; /* per component of the inventory being prepared */
	size_t capcd;
};

struct fleet_preparer *fleet_preparer_new(void)
{
	struct fleet_preparer *pr = xcalloc(1, sizeof *pr);
	pr->z = ZSTD_createCCtx();
	if (!pr->z) {
		free(pr);
		return NULL;
	}
	strbuf_init(&pr->tmp, 0);
	strbuf_init(&pr->zbuf, 0);
	strbuf_init(&pr->ds.whole, 0);
	strbuf_init(&pr->ds.part, 0);
	strbuf_init(&pr->ds.facts, 0);
	return pr;
}

void fleet_preparer_free(struct fleet_preparer *pr)
{
	if (!pr)
		return;
	ZSTD_freeCCtx(pr->z);
	strbuf_release(&pr->tmp);
	strbuf_release(&pr->zbuf);
	strbuf_release(&pr->ds.whole);
	strbuf_release(&pr->ds.part);
	strbuf_release(&pr->ds.facts);
	free(pr->cd);
	free(pr);
}

/* zstd at its fastest standard level: a collect document shrinks about
 * twentyfold in a tenth of a millisecond.  It is compressed into the
 * preparer's buffer, kept from one document to the next, and only its
 * compressed size copied out: a buffer of the bound's size (the document's)
 * for every snapshot was a fresh mapping of a quarter of a MiB, faulted in
 * page by page, for a result twenty times smaller. */
static int compress_doc(struct fleet_preparer *pr, struct fleet_prepared *p, const char *data,
			size_t len, struct strbuf *err)
{
	size_t n = ZSTD_compressBound(len);
	strbuf_reset(&pr->zbuf);
	strbuf_grow(&pr->zbuf, n);
	size_t r = ZSTD_compressCCtx(pr->z, pr->zbuf.buf, n, data, len, 1);
	if (ZSTD_isError(r)) {
		strbuf_reset(err);
		strbuf_addf(err, "compressing the snapshot document: %s", ZSTD_getErrorName(r));
		return -1;
	}
	strbuf_reset(&p->doc);
	strbuf_add(&p->doc, pr->zbuf.buf, r);
	if (pr->zbuf.alloc > (8u << 20)) /* an exceptional document: not kept */
		strbuf_release(&pr->zbuf);
	p->encoding = "zstd";
	p->doc_size = len;
	return 0;
}

static struct fleet_prepared *prepare(struct fleet_preparer *pr, struct inventory *inv,
				      const struct fleet_host_opts *o, struct strbuf *err)
{
	struct fleet_prepared *p = xcalloc(1, sizeof *p);
	struct strbuf *tmp = &pr->tmp, *facts = &pr->ds.facts;
	p->inv = inv;
	p->o = o;
	strbuf_init(&p->facts, 0);
	strbuf_init(&p->doc, 0);
	strbuf_init(&p->serials, 0);
	p->standin = o->name && !o->name_overrides && !inv->host.hostname;
	if (o->name && (o->name_overrides || !inv->host.hostname))
		inv->host.hostname = inventory_strdup(inv, o->name);
	/* the document is the inventory as given, written before the store adds
	 * its own facts */
	char *text = NULL;
	if (!o->original) {
		cJSON *doc = inventory_to_json(inv);
		text = cJSON_PrintUnformatted(doc);
		cJSON_Delete(doc);
	}
	/* the day first seen, at its likeliest (fleet-seen.c): the commit
	 * changes only the components the host held before */
	if (o->kind == FLEET_MACHINE)
		seen_prepare(inv, &p->serials);
	if (inv->ncomps > pr->capcd) {
		pr->capcd = inv->ncomps;
		pr->cd = xreallocarray(pr->cd, pr->capcd, sizeof *pr->cd);
	}
	p->pc = xcalloc(inv->ncomps + 1, sizeof *p->pc);
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		struct pcomp *pc = &p->pc[p->n++];
		comp_digests(c, &pr->ds, &pr->cd[i]);
		memcpy(pc->part, pr->cd[i].part, DIGEST_LEN);
		memcpy(pc->unit, pr->cd[i].unit, DIGEST_LEN);
		pc->comp = i;
		pc->count = comp_count(c);
		pc->facts = p->facts.len;
		strbuf_add(&p->facts, facts->buf, facts->len + 1);
		p->ncomps += pc->count;
	}
	snapshot_digest(inv, pr->cd, tmp, p->digest);
	qsort(p->pc, p->n, sizeof *p->pc, cmp_pcomp);
	for (size_t i = 0; i < p->n; i++)
		if (!i || memcmp(p->pc[i].unit, p->pc[i - 1].unit, DIGEST_LEN))
			p->nunits++;
	int rc;
	if (o->original && o->original_zstd) {
		strbuf_add(&p->doc, o->original_zstd, o->original_zstd_len);
		p->encoding = "zstd";
		p->doc_size = o->original_len;
		rc = 0;
	} else if (o->original && pr->known && dmap_get(pr->known, p->digest)) {
		/* some host's last snapshot already: most likely this host's, and
		 * then nothing is stored (fleet_commit compresses it otherwise) */
		p->deferred = true;
		rc = 0;
	} else if (o->original) {
		rc = compress_doc(pr, p, o->original, o->original_len, err);
	} else {
		rc = compress_doc(pr, p, text, strlen(text), err);
	}
	cJSON_free(text);
	if (rc < 0) {
		fleet_prepared_free(p);
		return NULL;
	}
	return p;
}

struct fleet_prepared *fleet_prepare(struct fleet_preparer *pr, struct inventory *inv,
				     const struct fleet_host_opts *o, struct strbuf *err)
{
	if (pr)
		return prepare(pr, inv, o, err);
	struct fleet_preparer *own = fleet_preparer_new();
	if (!own) {
		strbuf_reset(err);
		strbuf_addstr(err, "out of memory for the compressor");
		return NULL;
	}
	struct fleet_prepared *p = prepare(own, inv, o, err);
	fleet_preparer_free(own);
	return p;
}

int fleet_known_load(struct fleet *f, struct strbuf *err)
{
	sqlite3_stmt *q;
	dmap_free(&f->known);
	dmap_init(&f->known);
	if (fleet_prep(f, &q, "SELECT id, last_digest FROM hosts WHERE last_digest IS NOT NULL",
		       err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (sqlite3_column_bytes(q, 1) == DIGEST_LEN)
			dmap_put(&f->known, sqlite3_column_blob(q, 1), sqlite3_column_int64(q, 0));
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_error(f->st, err, "reading the hosts");
}

void fleet_preparer_known(struct fleet_preparer *pr, const struct fleet *f)
{
	pr->known = f->known.n ? &f->known : NULL;
}

void fleet_prepared_free(struct fleet_prepared *p)
{
	if (!p)
		return;
	free(p->pc);
	strbuf_release(&p->facts);
	strbuf_release(&p->doc);
	strbuf_release(&p->serials);
	free(p);
}

/* ---------------------------------------------------------------------- */
/* Commit                                                                  */

static int load_map(struct fleet *f, struct dmap *m, const char *sql, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (fleet_prep(f, &q, sql, err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(q, 1) == DIGEST_LEN)
			dmap_put(m, sqlite3_column_blob(q, 1), sqlite3_column_int64(q, 0));
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_error(f->st, err, "reading parts and units");
	return 0;
}

/*
 * What the hosts table holds, as digests of "k:KEY", "u:UUID", "s:SERIAL"
 * and "n:NAME": a host is looked up in SQLite by a value only when the value
 * may be there.  In an import of new hosts every lookup would find nothing,
 * and four index searches a host were a fifth of the writer's time.  The set
 * may hold more than the table (a superset only costs a search); it never
 * holds less: it is read at the first host of a batch, whose transaction
 * keeps other writers out until it ends, values are added as hosts are
 * written, and it is read again after a host is rolled back.  Outside a
 * batch every lookup goes to SQLite.
 *
 * A batch that follows another on the same connection keeps the set when no
 * other connection has committed since (PRAGMA data_version, read once the
 * batch's transaction holds the write lock, is unchanged): the server's
 * writer commits small batches one after the other, and reading every host
 * again at each (four digests a host) grew with the fleet until it was the
 * largest part of an upload's cost.
 */
static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

/* -1 when it cannot be read: the set is then read again. */
static int64_t data_version(struct fleet *f)
{
	struct strbuf err = STRBUF_INIT;
	sqlite3_stmt *q = fleet_stmt(f, SQL_DATA_VERSION, &err);
	int64_t v = -1;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	strbuf_release(&err);
	return v;
}

static void hostval_add(struct fleet *f, char tag, const char *value)
{
	unsigned char d[DIGEST_LEN];
	if (!value)
		return;
	sha256_tagged(tag, value, d);
	dmap_put(&f->hostvals, d, 1);
}

static bool hostval_maybe(const struct fleet *f, char tag, const char *value)
{
	unsigned char d[DIGEST_LEN];
	sha256_tagged(tag, value, d);
	return dmap_get(&f->hostvals, d) != 0;
}

static int load_hostvals(struct fleet *f, struct strbuf *err)
{
	sqlite3_stmt *q;
	dmap_free(&f->hostvals);
	dmap_init(&f->hostvals);
	if (fleet_prep(f, &q, "SELECT key, uuid, serial, name FROM hosts", err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++)
			hostval_add(f, "kusn"[i], (const char *)sqlite3_column_text(q, i));
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_error(f->st, err, "reading the hosts");
}

static int load_caches(struct fleet *f, struct strbuf *err)
{
	if (f->caches)
		return 0;
	dmap_free(&f->parts);
	dmap_free(&f->units);
	if (load_map(f, &f->parts, "SELECT id, digest FROM parts", err) < 0 ||
	    load_map(f, &f->units, "SELECT id, digest FROM units", err) < 0)
		return -1;
	f->caches = true;
	return 0;
}

/* A row's id by its digest, after inserting it if absent. */
static int64_t id_by_digest(struct fleet *f, const char *select, const unsigned char *digest,
			    struct strbuf *err)
{
	sqlite3_stmt *q = fleet_stmt(f, select, err);
	if (!q)
		return -1;
	sqlite3_bind_blob(q, 1, digest, DIGEST_LEN, SQLITE_STATIC);
	int64_t id = 0;
	if (sqlite3_step(q) == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (!id)
		return store_error(f->st, err, "finding a part");
	return id;
}

/* Step q, an insert that does nothing on a digest already there, and give
 * the row's id: the insert's rowid when it added the row (no trigger adds
 * others: one change), else found by the digest.  Most units are new, and
 * the lookup after each was a second search of the index. */
static int64_t insert_id(struct fleet *f, sqlite3_stmt *q, const char *what, const char *select,
			 const unsigned char *digest, struct strbuf *err)
{
	sqlite3_int64 before = sqlite3_total_changes64(f->st->db);
	if (fleet_done(f, q, what, err) < 0)
		return -1;
	if (sqlite3_total_changes64(f->st->db) == before + 1)
		return sqlite3_last_insert_rowid(f->st->db);
	return id_by_digest(f, select, digest, err);
}

static const char SQL_PART_INSERT[] =
	"INSERT INTO parts(digest, kind, document) VALUES(?, ?, ?) "
	"ON CONFLICT(digest) DO NOTHING";
static const char SQL_PART_ID[] = "SELECT id FROM parts WHERE digest = ?";
static const char SQL_UNIT_INSERT[] =
	"INSERT INTO units(digest, part, facts, acquired, made, purpose, own_day) "
	"VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(digest) DO NOTHING";
static const char SQL_UNIT_ID[] = "SELECT id FROM units WHERE digest = ?";

static int64_t part_id(struct fleet *f, const struct component *c, const unsigned char *d,
		       struct strbuf *err)
{
	int64_t id = dmap_get(&f->parts, d);
	if (id)
		return id;
	sqlite3_stmt *q = fleet_stmt(f, SQL_PART_INSERT, err);
	if (!q)
		return -1;
	char *doc = part_document(c);
	sqlite3_bind_blob(q, 1, d, DIGEST_LEN, SQLITE_STATIC);
	bind_text(q, 2, kind_name(c->kind));
	bind_text(q, 3, doc);
	id = insert_id(f, q, "adding a part", SQL_PART_ID, d, err);
	cJSON_free(doc);
	if (id < 0)
		return -1;
	dmap_put(&f->parts, d, id);
	return id;
}

/* The value the judge reads: decoded, else raw. */
static const struct field *fact(const struct component *c, enum fkey k)
{
	const struct field *fl = component_field(c, k, false);
	return fl ? fl : component_field(c, k, true);
}

/* The day the judge attributes the part as of, when the component gives one
 * (partdate.h: acquisition, else a trusted manufacture date); 0 when not. */
static day_t own_day(const struct component *c)
{
	struct part_date pd;
	part_date(c, 0, 0, NULL, &pd);
	return pd.when;
}

static int64_t unit_id(struct fleet *f, const struct component *c, const unsigned char *d,
		       int64_t part, const char *facts, struct strbuf *err)
{
	int64_t id = dmap_get(&f->units, d);
	if (id)
		return id;
	sqlite3_stmt *q = fleet_stmt(f, SQL_UNIT_INSERT, err);
	if (!q)
		return -1;
	const struct field *a = fact(c, FK_ACQUIRED), *m = fact(c, FK_MANUFACTURE_DATE);
	const struct field *pu = fact(c, FK_PURPOSE);
	sqlite3_bind_blob(q, 1, d, DIGEST_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, part);
	bind_text(q, 3, facts);
	bind_text(q, 4, a ? a->value : NULL);
	bind_text(q, 5, m ? m->value : NULL);
	bind_text(q, 6, pu ? pu->value : NULL);
	sqlite3_bind_int(q, 7, own_day(c));
	if ((id = insert_id(f, q, "adding a unit", SQL_UNIT_ID, d, err)) < 0)
		return -1;
	dmap_put(&f->units, d, id);
	return id;
}

struct match {
	int64_t id;
	bool found;
	char stored_name[128], stored_key[160]; /* of the host found */
	unsigned char last[DIGEST_LEN];
	bool has_last;
	const char *name, *key;
};

static const char SQL_BY_KEY[] = "SELECT id, last_digest, name, key FROM hosts WHERE key = ? ORDER "
				 "BY last_seen DESC LIMIT 1";
static const char SQL_BY_UUID[] = "SELECT id, last_digest, name, key FROM hosts WHERE uuid = ? "
				  "ORDER BY last_seen DESC LIMIT 1";
static const char SQL_BY_SERIAL[] =
	"SELECT id, last_digest, name, key FROM hosts WHERE serial = ? AND kind = 'machine' "
	"ORDER BY last_seen DESC LIMIT 1";
static const char SQL_BY_NAME[] =
	"SELECT id, last_digest, name, key FROM hosts WHERE name = ? AND kind = 'machine' "
	"ORDER BY last_seen DESC LIMIT 1";
static const char SQL_BY_NAME_ONLY[] =
	"SELECT id, last_digest, name, key FROM hosts WHERE name = ? AND kind = 'machine'"
	" AND uuid IS NULL AND serial IS NULL ORDER BY last_seen DESC LIMIT 1";

static int find_host(struct fleet *f, const char *sql, char tag, const char *value, struct match *m,
		     struct strbuf *err)
{
	if (!value || m->found || (f->hostvals_ok && !hostval_maybe(f, tag, value)))
		return 0;
	sqlite3_stmt *q = fleet_stmt(f, sql, err);
	if (!q)
		return -1;
	bind_text(q, 1, value);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		m->found = true;
		m->id = sqlite3_column_int64(q, 0);
		const char *name = (const char *)sqlite3_column_text(q, 2);
		const char *key = (const char *)sqlite3_column_text(q, 3);
		snprintf(m->stored_name, sizeof m->stored_name, "%.*s",
			 utf8_cut(name, sizeof m->stored_name - 1), name);
		snprintf(m->stored_key, sizeof m->stored_key, "%.*s",
			 utf8_cut(key, sizeof m->stored_key - 1), key);
		if (sqlite3_column_bytes(q, 1) == DIGEST_LEN) {
			memcpy(m->last, sqlite3_column_blob(q, 1), DIGEST_LEN);
			m->has_last = true;
		}
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(q);
		return store_error(f->st, err, "finding the host");
	}
	sqlite3_reset(q);
	return 0;
}

/* UUIDs compare in lower case: SMBIOS tools print them either way. */
static const char *usable(struct fleet *f, struct arena *a, const char *kind, const char *v)
{
	if (!v || fleet_placeholder(f, kind, v))
		return NULL;
	if (strcmp(kind, "uuid"))
		return v;
	char *l = arena_strdup(a, v);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

/*
 * Which host this is: a purchase-record host by its key; a machine by its
 * SMBIOS UUID, else its serial number, else its name — any machine of that
 * name when the inventory carries neither UUID nor serial, else only a
 * machine known so far by name alone.  A machine first seen through lspci
 * under a name and later through collect with its UUID is the same host.
 */
static int match_host(struct fleet *f, struct fleet_prepared *p, struct match *m, const char **uuid,
		      const char **serial, struct strbuf *err)
{
	struct inventory *inv = p->inv;
	struct arena *a = inv->arena;
	memset(m, 0, sizeof *m);
	*uuid = *serial = NULL;
	m->name = inv->host.hostname;
	if (p->o->kind == FLEET_RECORDS) {
		m->key = p->o->key;
		return find_host(f, SQL_BY_KEY, 'k', m->key, m, err);
	}
	*uuid = usable(f, a, "uuid", inv->host.uuid);
	*serial = usable(f, a, "serial", inv->host.serial);
	if (*uuid)
		m->key = arena_printf(a, "uuid:%s", *uuid);
	else if (*serial)
		m->key = arena_printf(a, "serial:%s", *serial);
	else if (m->name)
		m->key = arena_printf(a, "name:%s", m->name);
	if (!m->key) {
		strbuf_reset(err);
		strbuf_addstr(err, "the inventory names no host (no UUID, serial number or "
				   "hostname): give it a name with --host");
		return -1;
	}
	if (!m->name)
		m->name = *serial ? *serial : *uuid;
	if (find_host(f, SQL_BY_UUID, 'u', *uuid, m, err) < 0 ||
	    find_host(f, SQL_BY_SERIAL, 's', *serial, m, err) < 0)
		return -1;
	/* known only by name: any machine of that name; known by UUID or
	 * serial: a machine so far known only by that name (lspci first,
	 * collect later) */
	if (find_host(f, !*uuid && !*serial ? SQL_BY_NAME : SQL_BY_NAME_ONLY, 'n', m->name, m,
		      err) < 0)
		return -1;
	/* the key of an existing host stays as it was made */
	if (find_host(f, SQL_BY_KEY, 'k', m->key, m, err) < 0)
		return -1;
	/* a machine known by its UUID or serial keeps the name it has when
	 * this input names it only by the file it came in ("web01", given
	 * with --host, became "glpi_dell-r620" on a plain import) */
	if (p->standin && m->found && (*uuid || *serial) && *m->stored_name)
		m->name = arena_strdup(a, m->stored_name);
	return 0;
}

static const char SQL_HOST_INSERT[] =
	"INSERT INTO hosts(key, kind, name, uuid, serial, vendor, product, first_seen, last_seen) "
	"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_HOST_SEEN[] = "UPDATE hosts SET last_seen = ? WHERE id = ?";
static const char SQL_HOST_UPDATE[] =
	"UPDATE hosts SET name = ?, uuid = coalesce(uuid, ?), serial = coalesce(serial, ?),"
	" vendor = coalesce(?, vendor), product = coalesce(?, product), last_seen = ?,"
	" last_snapshot = ?, last_digest = ?, snapshots = snapshots + 1 WHERE id = ?";
/* a host added just now: the rest of its row is as add_host wrote it, and
 * setting it again would rewrite the name, UUID and serial indexes */
static const char SQL_HOST_SNAPPED[] = "UPDATE hosts SET last_snapshot = ?, last_digest = ?, "
				       "snapshots = snapshots + 1 WHERE id = ?";
/* a snapshot collected before the host's current one: history only */
static const char SQL_HOST_OLDER[] = "UPDATE hosts SET last_seen = ?, snapshots = snapshots + 1 "
				     "WHERE id = ?";
static const char SQL_HOST_SITE[] = "UPDATE hosts SET site = ? WHERE id = ?";
static const char SQL_HOST_TAG[] = "INSERT OR IGNORE INTO host_tags(host, tag) VALUES(?, ?)";
static const char SQL_SNAPSHOT_INSERT[] =
	"INSERT INTO snapshots(host, digest, imported_at, collected_at, collector, sources,"
	" components, units, encoding, size, document, serials)"
	" VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SU_INSERT[] =
	"INSERT INTO snapshot_units(unit, snapshot, count, ids) VALUES(?, ?, ?, ?)";
static const char SQL_LAST_COLLECTED[] =
	"SELECT s.collected_at FROM hosts h JOIN snapshots s ON s.id = h.last_snapshot"
	" WHERE h.id = ?";
static const char SQL_LAST_SNAPSHOT[] =
	"SELECT h.last_snapshot, s.units FROM hosts h JOIN snapshots s ON s.id = h.last_snapshot"
	" WHERE h.id = ?";

static int add_host(struct fleet *f, struct fleet_prepared *p, struct match *m, const char *uuid,
		    const char *serial, const char *now, struct strbuf *err)
{
	sqlite3_stmt *q = fleet_stmt(f, SQL_HOST_INSERT, err);
	if (!q)
		return -1;
	const struct host *h = &p->inv->host;
	bind_text(q, 1, m->key);
	bind_text(q, 2, p->o->kind == FLEET_RECORDS ? "records" : "machine");
	bind_text(q, 3, m->name);
	bind_text(q, 4, uuid);
	bind_text(q, 5, serial);
	bind_text(q, 6, h->vendor);
	bind_text(q, 7, h->product);
	bind_text(q, 8, now);
	bind_text(q, 9, now);
	if (fleet_done(f, q, "adding the host", err) < 0)
		return -1;
	m->id = sqlite3_last_insert_rowid(f->st->db);
	hostval_add(f, 'k', m->key);
	hostval_add(f, 'u', uuid);
	hostval_add(f, 's', serial);
	hostval_add(f, 'n', m->name);
	return 0;
}

static int labels(struct fleet *f, const struct fleet_host_opts *o, int64_t host,
		  struct strbuf *err)
{
	sqlite3_stmt *q;
	if (o->site) {
		if (!(q = fleet_stmt(f, SQL_HOST_SITE, err)))
			return -1;
		bind_text(q, 1, o->site);
		sqlite3_bind_int64(q, 2, host);
		if (fleet_done(f, q, "labelling the host", err) < 0)
			return -1;
	}
	for (size_t i = 0; i < o->ntags; i++) {
		if (!(q = fleet_stmt(f, SQL_HOST_TAG, err)))
			return -1;
		sqlite3_bind_int64(q, 1, host);
		bind_text(q, 2, o->tags[i]);
		if (fleet_done(f, q, "tagging the host", err) < 0)
			return -1;
	}
	return 0;
}

/* The snapshot's rows: one per unit, with the count and component ids. */
static int add_units(struct fleet *f, struct fleet_prepared *p, int64_t snapshot, size_t *nunits,
		     struct strbuf *err)
{
	struct strbuf ids = STRBUF_INIT;
	int rc = 0;
	*nunits = 0;
	for (size_t i = 0; i < p->n && !rc;) {
		const struct pcomp *pc = &p->pc[i];
		const struct component *c = &p->inv->comps[pc->comp];
		int64_t part = part_id(f, c, pc->part, err);
		int64_t unit =
			part < 0 ? -1
				 : unit_id(f, c, pc->unit, part, p->facts.buf + pc->facts, err);
		if (unit < 0) {
			rc = -1;
			break;
		}
		/* the ids, one a line: in a batch straight into the rows' text */
		long count = 0;
		struct strbuf *t = f->batch ? &f->rowtext : &ids;
		size_t start = f->batch ? t->len : 0;
		strbuf_setlen(t, start);
		size_t j = i;
		for (; j < p->n && !memcmp(p->pc[j].unit, pc->unit, DIGEST_LEN); j++) {
			const struct component *cj = &p->inv->comps[p->pc[j].comp];
			if (t->len > start)
				strbuf_addch(t, '\n');
			strbuf_addstr(t, cj->id ? cj->id : "?");
			count += p->pc[j].count;
		}
		i = j;
		(*nunits)++;
		if (f->batch) {
			/* written later, between hosts, in the table's order */
			if (f->nrows == f->caprows) {
				f->caprows = f->caprows ? f->caprows * 2 : 4096;
				f->rows = xreallocarray(f->rows, f->caprows, sizeof *f->rows);
			}
			f->rows[f->nrows++] =
				(struct surow){unit, snapshot, count, start, t->len - start};
			continue;
		}
		sqlite3_stmt *q = fleet_stmt(f, SQL_SU_INSERT, err);
		if (!q) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(q, 1, unit);
		sqlite3_bind_int64(q, 2, snapshot);
		sqlite3_bind_int64(q, 3, count);
		bind_text(q, 4, ids.buf);
		rc = fleet_done(f, q, "adding the snapshot's parts", err);
	}
	strbuf_release(&ids);
	return rc;
}

/* The host's last snapshot, 0 when it has none (retired). */
static const char SQL_HOST_LAST[] = "SELECT last_snapshot FROM hosts WHERE id = ?";
static int host_last_snapshot(struct fleet *f, int64_t host, int64_t *snap, struct strbuf *err)
{
	sqlite3_stmt *q = fleet_stmt(f, SQL_HOST_LAST, err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, host);
	*snap = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return 0;
}

/*
 * What the store adds to a machine's components before its snapshot is
 * written (fleet-seen.c): a purchase line's date, the day first seen.  A
 * component given one is another unit: its facts and unit digest are made
 * again, and the units sorted and counted again.  The snapshot's digest
 * stays the inventory's.
 */
static int stamp_units(struct fleet *f, struct fleet_prepared *p, const struct match *m,
		       struct fleet_imported *res, struct strbuf *err)
{
	struct inventory *inv = p->inv;
	const unsigned char **part = xcalloc(inv->ncomps + 1, sizeof *part);
	bool *changed = xcalloc(inv->ncomps + 1, sizeof *changed);
	struct strbuf warn = STRBUF_INIT;
	for (size_t i = 0; i < p->n; i++)
		part[p->pc[i].comp] = p->pc[i].part;
	/* an older inventory is not the sequel of the current snapshot: what it
	 * holds was first seen no later than when it was collected */
	int64_t prev = 0;
	int rc = m->found && !res->older ? host_last_snapshot(f, m->id, &prev, err) : 0;
	if (!rc)
		rc = seen_stamp(f, inv, prev, part, changed, &warn, err);
	struct digest_scratch ds;
	strbuf_init(&ds.whole, 0);
	strbuf_init(&ds.part, 0);
	strbuf_init(&ds.facts, 0);
	for (size_t i = 0; !rc && i < p->n; i++) {
		struct pcomp *pc = &p->pc[i];
		if (!changed[pc->comp])
			continue;
		struct comp_digest cd;
		comp_digests(&inv->comps[pc->comp], &ds, &cd);
		memcpy(pc->unit, cd.unit, DIGEST_LEN);
		pc->facts = p->facts.len;
		strbuf_add(&p->facts, ds.facts.buf, ds.facts.len + 1);
	}
	if (!rc) {
		qsort(p->pc, p->n, sizeof *p->pc, cmp_pcomp);
		p->nunits = 0;
		for (size_t i = 0; i < p->n; i++)
			if (!i || memcmp(p->pc[i].unit, p->pc[i - 1].unit, DIGEST_LEN))
				p->nunits++;
		/* after what collected_before_last says, when it said anything */
		size_t n = strlen(res->warning);
		if (warn.len)
			snprintf(res->warning + n, sizeof res->warning - n, "%s%s", n ? "; " : "",
				 warn.buf);
	}
	strbuf_release(&ds.whole);
	strbuf_release(&ds.part);
	strbuf_release(&ds.facts);
	strbuf_release(&warn);
	free(part);
	free(changed);
	return rc;
}

static int add_snapshot(struct fleet *f, struct fleet_prepared *p, struct match *m,
			const char *uuid, const char *serial, const char *now,
			struct fleet_imported *res, struct strbuf *err)
{
	const struct host *h = &p->inv->host;
	if (p->deferred) {
		if (!f->pr && !(f->pr = fleet_preparer_new())) {
			strbuf_reset(err);
			strbuf_addstr(err, "out of memory for the compressor");
			return -1;
		}
		if (compress_doc(f->pr, p, p->o->original, p->o->original_len, err) < 0)
			return -1;
		p->deferred = false;
	}
	if ((p->o->kind == FLEET_MACHINE ? stamp_units(f, p, m, res, err)
					 : seen_purchases(f, p->inv, err)) < 0)
		return -1;
	sqlite3_stmt *q = fleet_stmt(f, SQL_SNAPSHOT_INSERT, err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, m->id);
	sqlite3_bind_blob(q, 2, p->digest, DIGEST_LEN, SQLITE_STATIC);
	bind_text(q, 3, now);
	bind_text(q, 4, h->collected_at);
	bind_text(q, 5, h->collector);
	bind_text(q, 6, p->o->sources);
	sqlite3_bind_int64(q, 7, p->ncomps);
	sqlite3_bind_int64(q, 8, (sqlite3_int64)p->nunits);
	bind_text(q, 9, p->encoding);
	sqlite3_bind_int64(q, 10, (sqlite3_int64)p->doc_size);
	sqlite3_bind_blob(q, 11, p->doc.buf, (int)p->doc.len, SQLITE_STATIC);
	if (p->o->kind == FLEET_MACHINE)
		sqlite3_bind_blob(q, 12, p->serials.buf, (int)p->serials.len, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, 12);
	if (fleet_done(f, q, "adding the snapshot", err) < 0)
		return -1;
	int64_t snap = sqlite3_last_insert_rowid(f->st->db);
	size_t nunits;
	if (add_units(f, p, snap, &nunits, err) < 0)
		return -1;
	res->snapshot = snap;
	res->nunits = nunits;
	if (res->older) {
		/* kept in the history; the host, its name and last snapshot stay */
		if (!(q = fleet_stmt(f, SQL_HOST_OLDER, err)))
			return -1;
		bind_text(q, 1, now);
		sqlite3_bind_int64(q, 2, m->id);
		return fleet_done(f, q, "updating the host", err);
	}
	if (!m->found) {
		if (!(q = fleet_stmt(f, SQL_HOST_SNAPPED, err)))
			return -1;
		sqlite3_bind_int64(q, 1, snap);
		sqlite3_bind_blob(q, 2, p->digest, DIGEST_LEN, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, m->id);
		return fleet_done(f, q, "updating the host", err);
	}
	if (!(q = fleet_stmt(f, SQL_HOST_UPDATE, err)))
		return -1;
	bind_text(q, 1, m->name);
	bind_text(q, 2, uuid);
	bind_text(q, 3, serial);
	bind_text(q, 4, h->vendor);
	bind_text(q, 5, h->product);
	bind_text(q, 6, now);
	sqlite3_bind_int64(q, 7, snap);
	sqlite3_bind_blob(q, 8, p->digest, DIGEST_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(q, 9, m->id);
	if (fleet_done(f, q, "updating the host", err) < 0)
		return -1;
	hostval_add(f, 'u', uuid); /* set when the host had none */
	hostval_add(f, 's', serial);
	hostval_add(f, 'n', m->name);
	res->snapshot = snap;
	res->nunits = nunits;
	return 0;
}

static int last_snapshot(struct fleet *f, int64_t host, struct fleet_imported *res,
			 struct strbuf *err)
{
	sqlite3_stmt *q = fleet_stmt(f, SQL_LAST_SNAPSHOT, err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, host);
	if (sqlite3_step(q) == SQLITE_ROW) {
		res->snapshot = sqlite3_column_int64(q, 0);
		res->nunits = (size_t)sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	return 0;
}

/*
 * Whether the machine's inventory was collected before the host's current
 * snapshot, so that storing it as current would roll the host back: an
 * agent's spooled report sent after a newer one, a capture imported late.
 * Times that do not parse (or none) cannot be ordered: the inventory is
 * then current, as it always was.
 */
static int collected_before_last(struct fleet *f, const struct fleet_prepared *p,
				 const struct match *m, struct fleet_imported *res,
				 struct strbuf *err)
{
	int64_t mine, last;
	const char *at = p->inv->host.collected_at;
	if (p->o->kind != FLEET_MACHINE || !m->found || !m->has_last ||
	    !timestamp_parse(at, &mine))
		return 0;
	sqlite3_stmt *q = fleet_stmt(f, SQL_LAST_COLLECTED, err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, m->id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *was = (const char *)sqlite3_column_text(q, 0);
		/* a current snapshot stamped in the future (a clock set wrong
		 * once) would hold every later report back: it is no bound */
		if (timestamp_parse(was, &last) && mine < last &&
		    last <= (int64_t)time(NULL) + 86400) {
			res->older = true;
			const char *name = m->stored_name;
			snprintf(res->warning, sizeof res->warning,
				 "%.*s: collected %.40s, before the host's current snapshot "
				 "(collected %.40s): kept in its history, not made current",
				 utf8_cut(name, 120), name, at, was);
		}
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(q);
		return store_error(f->st, err, "reading the host's last snapshot");
	}
	sqlite3_reset(q);
	return 0;
}

static int commit_body(struct fleet *f, struct fleet_prepared *p, struct fleet_imported *res,
		       const char *now, struct strbuf *err)
{
	struct match m;
	const char *uuid, *serial;
	if (match_host(f, p, &m, &uuid, &serial, err) < 0)
		return -1;
	res->ncomps = (size_t)p->ncomps;
	if (m.found && m.has_last && !memcmp(m.last, p->digest, DIGEST_LEN)) {
		sqlite3_stmt *q = fleet_stmt(f, SQL_HOST_SEEN, err);
		if (!q)
			return -1;
		bind_text(q, 1, now);
		sqlite3_bind_int64(q, 2, m.id);
		if (fleet_done(f, q, "updating the host", err) < 0 ||
		    last_snapshot(f, m.id, res, err) < 0)
			return -1;
		res->outcome = FLEET_UNCHANGED;
	} else {
		res->outcome = m.found ? FLEET_CHANGED : FLEET_NEW_HOST;
		if (collected_before_last(f, p, &m, res, err) < 0)
			return -1;
		if (!m.found && add_host(f, p, &m, uuid, serial, now, err) < 0)
			return -1;
		if (add_snapshot(f, p, &m, uuid, serial, now, res, err) < 0)
			return -1;
	}
	res->host = m.id;
	if (labels(f, p->o, m.id, err) < 0)
		return -1;
	/* the name is the latest; a host keeps the key it was made with (both
	 * cut between two characters: `import -v` prints them) */
	const char *name = m.name ? m.name : m.stored_name, *key = m.found ? m.stored_key : m.key;
	snprintf(res->name, sizeof res->name, "%.*s", utf8_cut(name, sizeof res->name - 1), name);
	snprintf(res->key, sizeof res->key, "%.*s", utf8_cut(key, sizeof res->key - 1), key);
	return 0;
}

static void drop_rows(struct fleet *f, size_t from)
{
	if (from >= f->nrows)
		return;
	/* rows are dropped from the end: those of the host rolled back, or all */
	strbuf_setlen(&f->rowtext, from ? f->rows[from].ids : 0);
	f->nrows = from;
}

static int cmp_surow(const void *a, const void *b)
{
	const struct surow *x = a, *y = b;
	if (x->snapshot != y->snapshot)
		return x->snapshot < y->snapshot ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/*
 * A batch's snapshot rows, written every FLUSH_ROWS rows, between hosts,
 * rather than all at the batch's end, which would keep the threads
 * preparing hosts waiting that long.  $CHIPSCREEN_IMPORT_FLUSH_ROWS sets
 * another number (tests use a small one to write between hosts).
 */
#define FLUSH_ROWS 200000

static size_t flush_rows_limit(void)
{
	const char *e = getenv("CHIPSCREEN_IMPORT_FLUSH_ROWS");
	long n = e ? atol(e) : 0;
	return n > 0 ? (size_t)n : FLUSH_ROWS;
}

/*
 * The rows by (snapshot, unit), the table's key: each insert lands after the
 * one before, at the table's end.  They come in snapshot order (a host's
 * rows after those of the host before, and a new snapshot's id is the
 * largest yet), a snapshot's rows in the order of their units' digests: only
 * each snapshot's rows (a hundred or so) are sorted by unit.  Rows that are
 * not in snapshot order go to one sort of them all.
 */
void fleet_sort_rows(struct surow *rows, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (rows[i].snapshot < rows[i - 1].snapshot) {
			qsort(rows, n, sizeof *rows, cmp_surow);
			return;
		}
	}
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && rows[j].snapshot == rows[i].snapshot; j++)
			;
		qsort(rows + i, j - i, sizeof *rows, cmp_surow);
	}
}

#define SU_MULTI 64
static int flush_rows(struct fleet *f, struct strbuf *err)
{
	int rc = 0;
	fleet_sort_rows(f->rows, f->nrows);
	/* SU_MULTI rows a statement: one cursor, one step for all of them */
	if (!f->su_multi && f->nrows >= SU_MULTI) {
		struct strbuf sql = STRBUF_INIT;
		strbuf_addstr(&sql,
			      "INSERT INTO snapshot_units(unit, snapshot, count, ids) VALUES");
		for (int k = 0; k < SU_MULTI; k++)
			strbuf_addstr(&sql, k ? ",(?,?,?,?)" : "(?,?,?,?)");
		rc = fleet_prep(f, &f->su_multi, sql.buf, err);
		strbuf_release(&sql);
	}
	size_t i = 0;
	for (; !rc && i + SU_MULTI <= f->nrows; i += SU_MULTI) {
		sqlite3_stmt *q = f->su_multi;
		sqlite3_reset(q);
		for (int k = 0; k < SU_MULTI; k++) {
			const struct surow *w = &f->rows[i + (size_t)k];
			sqlite3_bind_int64(q, 4 * k + 1, w->unit);
			sqlite3_bind_int64(q, 4 * k + 2, w->snapshot);
			sqlite3_bind_int64(q, 4 * k + 3, w->count);
			sqlite3_bind_text(q, 4 * k + 4, f->rowtext.buf + w->ids, (int)w->idslen,
					  SQLITE_STATIC);
		}
		rc = fleet_done(f, q, "adding the snapshots' parts", err);
	}
	for (; !rc && i < f->nrows; i++) {
		const struct surow *w = &f->rows[i];
		sqlite3_stmt *q = fleet_stmt(f, SQL_SU_INSERT, err);
		if (!q) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(q, 1, w->unit);
		sqlite3_bind_int64(q, 2, w->snapshot);
		sqlite3_bind_int64(q, 3, w->count);
		sqlite3_bind_text(q, 4, f->rowtext.buf + w->ids, (int)w->idslen, SQLITE_STATIC);
		rc = fleet_done(f, q, "adding the snapshots' parts", err);
	}
	drop_rows(f, 0);
	return rc;
}

static int commit_one(struct fleet *f, struct fleet_prepared *p, struct fleet_imported *res,
		      struct strbuf *err)
{
	size_t rows_before = f->nrows;
	char now[32];
	memset(res, 0, sizeof *res);
	if (f->readonly) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: opened read-only", f->st->path);
		return -1;
	}
	if (f->batch_failed) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: the transaction failed earlier and will be rolled back",
			    f->st->path);
		return -1;
	}
	if (load_caches(f, err) < 0)
		return -1;
	if (f->batch && !f->hostvals_ok) {
		if (load_hostvals(f, err) < 0)
			return -1;
		f->hostvals_ok = true;
	}
	/* in a batch, a savepoint keeps each host all or nothing */
	if ((f->batch ? store_exec(f->st, "SAVEPOINT host", err) : store_begin(f->st, err)) < 0)
		return -1;
	timestamp_now(now);
	if (commit_body(f, p, res, now, err) < 0 ||
	    (f->batch ? store_exec(f->st, "RELEASE host", err) : store_commit(f->st, err)) < 0) {
		if (f->batch)
			sqlite3_exec(f->st->db, "ROLLBACK TO host; RELEASE host", NULL, NULL, NULL);
		else
			store_rollback(f->st);
		drop_rows(f, rows_before);
		/* the maps may hold ids of rows that were rolled back */
		f->caches = false;
		f->hostvals_ok = false;
		f->purchases_ok = false;
		return -1;
	}
	/* outside a transaction of its own, another process may add purchase
	 * records before the next host */
	if (!f->batch)
		f->purchases_ok = false;
	/* between hosts: the rows written here are those of hosts already
	 * released into the batch, so a failure is the batch's: it is rolled
	 * back, never committed with hosts missing their rows */
	if (f->batch && f->nrows >= f->flush_limit && flush_rows(f, err) < 0) {
		f->batch_failed = true;
		return -1;
	}
	return 0;
}

int fleet_commit(struct fleet *f, struct fleet_prepared *p, struct fleet_imported *res,
		 struct strbuf *err)
{
	int rc = commit_one(f, p, res, err);
	/* the caller's inventory as it gave it: the day first seen was the
	 * store's, for its units */
	seen_forget(p->inv);
	return rc;
}

int fleet_batch_begin(struct fleet *f, struct strbuf *err)
{
	if (f->batch)
		return 0;
	if (f->readonly) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: opened read-only", f->st->path);
		return -1;
	}
	if (store_begin(f->st, err) < 0)
		return -1;
	f->batch = true;
	/* others may have written since: then read at the first host */
	int64_t dv = data_version(f);
	f->hostvals_ok = f->hostvals_kept && dv >= 0 && dv == f->hostvals_dv;
	f->hostvals_kept = false;
	f->hostvals_dv = dv;
	f->purchases_ok = false; /* the purchase lines: read again at the first host */
	f->flush_limit = flush_rows_limit();
	return 0;
}

int fleet_batch_commit(struct fleet *f, struct strbuf *err)
{
	if (!f->batch)
		return 0;
	f->batch = false;
	if (f->batch_failed) {
		f->hostvals_ok = false;
		f->batch_failed = false;
		drop_rows(f, 0);
		store_rollback(f->st);
		f->caches = false;
		strbuf_reset(err);
		strbuf_addf(err, "%s: rolled back: rows of its hosts could not be written",
			    f->st->path);
		return -1;
	}
	bool whole = f->hostvals_ok;
	f->hostvals_ok = false;
	if (flush_rows(f, err) < 0 || store_commit(f->st, err) < 0) {
		store_rollback(f->st);
		f->caches = false;
		return -1;
	}
	f->hostvals_kept = whole; /* this connection's commits leave data_version as it was */
	return 0;
}

bool fleet_batch_failed(const struct fleet *f)
{
	return f->batch_failed;
}

int fleet_import(struct fleet *f, struct inventory *inv, const struct fleet_host_opts *o,
		 struct fleet_imported *res, struct strbuf *err)
{
	struct fleet_prepared *p = fleet_prepare(NULL, inv, o, err);
	if (!p)
		return -1;
	int rc = fleet_commit(f, p, res, err);
	fleet_prepared_free(p);
	return rc;
}

int fleet_snapshot_document(struct fleet *f, int64_t snapshot, struct strbuf *out,
			    struct strbuf *err)
{
	sqlite3_stmt *q;
	if (fleet_prep(f, &q, "SELECT encoding, size, document FROM snapshots WHERE id = ?", err) <
	    0)
		return -1;
	sqlite3_bind_int64(q, 1, snapshot);
	int rc = -1;
	strbuf_reset(out);
	if (sqlite3_step(q) != SQLITE_ROW) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: no snapshot %lld", f->st->path, (long long)snapshot);
		goto out;
	}
	const char *enc = (const char *)sqlite3_column_text(q, 0);
	size_t size = (size_t)sqlite3_column_int64(q, 1);
	const void *blob = sqlite3_column_blob(q, 2);
	size_t len = (size_t)sqlite3_column_bytes(q, 2);
	if (enc && !strcmp(enc, "zstd")) {
		strbuf_grow(out, size + 1);
		size_t n = ZSTD_decompress(out->buf, size + 1, blob, len);
		if (ZSTD_isError(n) || n != size) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: snapshot %lld: the document does not decompress (%s)",
				    f->st->path, (long long)snapshot,
				    ZSTD_isError(n) ? ZSTD_getErrorName(n) : "wrong size");
			goto out;
		}
		strbuf_setlen(out, n);
	} else if (enc && !strcmp(enc, "identity")) {
		strbuf_add(out, blob, len);
	} else {
		strbuf_reset(err);
		strbuf_addf(err, "%s: snapshot %lld: unknown document encoding \"%s\"", f->st->path,
			    (long long)snapshot, enc ? enc : "");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(q);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Bulk imports                                                            */

/*
 * Copying the write-ahead log back into the database (a checkpoint) is work
 * the committing thread does when the log passes its limit, and the
 * threads preparing hosts wait for it.  During a bulk import a thread of its
 * own does it, on a connection of its own, a few times a second: PASSIVE
 * checkpoints copy what no reader needs and never wait for the writer.
 */
static void *checkpointer(void *arg)
{
	struct fleet *f = arg;
	pthread_mutex_lock(&f->bulk_mu);
	while (!f->bulk_stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&f->bulk_cv, &f->bulk_mu, &ts);
		if (f->bulk_stop)
			break;
		pthread_mutex_unlock(&f->bulk_mu);
		sqlite3_wal_checkpoint_v2(f->bulk_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&f->bulk_mu);
	}
	pthread_mutex_unlock(&f->bulk_mu);
	return NULL;
}

int fleet_bulk_begin(struct fleet *f, struct strbuf *err)
{
	if (f->bulk || f->readonly)
		return 0;
	if (sqlite3_open_v2(f->st->path, &f->bulk_db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: %s", f->st->path, sqlite3_errmsg(f->bulk_db));
		sqlite3_close(f->bulk_db);
		f->bulk_db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(f->bulk_db, 10000);
	pthread_mutex_init(&f->bulk_mu, NULL);
	pthread_cond_init(&f->bulk_cv, NULL);
	f->bulk_stop = false;
	if (pthread_create(&f->bulk_thread, NULL, checkpointer, f) != 0) {
		pthread_mutex_destroy(&f->bulk_mu);
		pthread_cond_destroy(&f->bulk_cv);
		sqlite3_close(f->bulk_db);
		f->bulk_db = NULL;
		strbuf_reset(err);
		strbuf_addstr(err, "cannot start the checkpointing thread");
		return -1;
	}
	f->bulk = true;
	/* the commits no longer checkpoint; a larger cache keeps the index
	 * pages an import goes back to */
	sqlite3_exec(f->st->db, "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL);
	sqlite3_exec(f->st->db, "PRAGMA cache_size = -524288", NULL, NULL, NULL);
	return 0;
}

void fleet_bulk_end(struct fleet *f)
{
	if (!f->bulk)
		return;
	pthread_mutex_lock(&f->bulk_mu);
	f->bulk_stop = true;
	pthread_cond_signal(&f->bulk_cv);
	pthread_mutex_unlock(&f->bulk_mu);
	pthread_join(f->bulk_thread, NULL);
	pthread_mutex_destroy(&f->bulk_mu);
	pthread_cond_destroy(&f->bulk_cv);
	sqlite3_close(f->bulk_db);
	f->bulk_db = NULL;
	f->bulk = false;
	sqlite3_exec(f->st->db, "PRAGMA wal_autocheckpoint = 16384", NULL, NULL, NULL);
	sqlite3_exec(f->st->db, "PRAGMA cache_size = -131072", NULL, NULL, NULL);
}
