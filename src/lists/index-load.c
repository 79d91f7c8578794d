/*
 * index-load.c — the store's lists handed to the name index
 * (lists/index-load.h).  Each table is read once, in id order, and its rows
 * are handed over as they come; the strings are the index's own copies.
 */
#include "lists/index-load.h"
#include "lists/lists.h"
#include "lists/review.h"
#include "util/datadir.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

static const char *text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

static bool is_org_format(const char *format)
{
	return format && (!strcmp(format, "orgs") || !strcmp(format, "org-table"));
}

static int read_entries(struct nindex *ix, struct store *st, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(
		    st->db,
		    "SELECT e.id, e.source, e.list, e.type, e.name, e.programs, e.citation,"
		    " e.start_date, e.end_date, e.url, s.format, e.license_requirement,"
		    " e.license_policy, e.ref FROM list_entries e"
		    " JOIN list_sources s ON s.id = e.source ORDER BY e.id",
		    -1, &q, NULL))
		return store_error(st, err, "reading the lists");
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct nx_entry e = {.id = sqlite3_column_int64(q, 0),
				     .source = text(q, 1),
				     .list = text(q, 2),
				     .type = text(q, 3),
				     .name = text(q, 4),
				     .programs = text(q, 5),
				     .citation = text(q, 6),
				     .start = text(q, 7),
				     .end = text(q, 8),
				     .url = text(q, 9),
				     .license_requirement = text(q, 11),
				     .license_policy = text(q, 12),
				     .ref = text(q, 13)};
		const char *format = text(q, 10);
		uint32_t at = nindex_add_entry(ix, &e, is_org_format(format));
		if (!strcmp(format, "org-table"))
			ix->orgtable = arena_printf(ix->arena, "org table %s (imported)",
						    ix->entries[at].source);
	}
	sqlite3_finalize(q);
	return 0;
}

static int read_addresses(struct nindex *ix, struct store *st, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT entry, address, country FROM list_addresses ORDER BY entry",
			       -1, &q, NULL))
		return store_error(st, err, "reading addresses");
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t e = nindex_entry_of(ix, sqlite3_column_int64(q, 0));
		if (e >= 0)
			nindex_add_address(ix, (uint32_t)e, text(q, 1), text(q, 2));
	}
	sqlite3_finalize(q);
	return 0;
}

static int read_ids(struct nindex *ix, struct store *st, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT entry, norm, type, value FROM list_ids", -1, &q,
			       NULL))
		return store_error(st, err, "reading identifiers");
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t e = nindex_entry_of(ix, sqlite3_column_int64(q, 0));
		const char *norm = text(q, 1);
		if (e >= 0 && norm)
			nindex_add_id(ix, (uint32_t)e, norm, text(q, 2), text(q, 3));
	}
	sqlite3_finalize(q);
	return 0;
}

/* Organisations of the store's org tables (formats orgs and org-table). */
static int read_store_orgs(struct nindex *ix, struct store *st, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT n.entry, n.name, n.kind, n.note, n.confidence, s.format"
			       " FROM list_names n JOIN list_entries e ON e.id = n.entry"
			       " JOIN list_sources s ON s.id = e.source"
			       " WHERE s.format IN ('orgs', 'org-table') ORDER BY n.entry, n.id",
			       -1, &q, NULL))
		return store_error(st, err, "reading the organisation tables");
	int64_t cur = -1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t e = nindex_entry_of(ix, sqlite3_column_int64(q, 0));
		if (e < 0 || !nindex_entry_is_org(ix, (uint32_t)e))
			continue;
		if (e != cur) {
			const struct nx_entry *x = &ix->entries[e];
			nindex_add_org(ix, x->name, x->citation, !strcmp(text(q, 5), "org-table"));
			cur = e;
		}
		nindex_add_org_name(ix, text(q, 1), text(q, 2), text(q, 3), text(q, 4));
	}
	sqlite3_finalize(q);
	return 0;
}

/* chipscreen's own table, straight from data/, when it was never imported. */
static int read_bundled_orgs(struct nindex *ix, struct strbuf *err)
{
	struct limport *imp = limport_new("orgs.tsv");
	int rc = orgtable_read(imp, data_dir(), date_today(), err);
	if (rc < 0) {
		strbuf_addstr(err, " (chipscreen's organisation table, read for every search)");
		limport_free(imp);
		return -1;
	}
	for (size_t i = 0; i < imp->n; i++) {
		const struct lentry *e = &imp->e[i];
		nindex_add_org(ix, e->name, e->citation ? e->citation : "", true);
		for (size_t k = 0; k < e->nnames; k++) {
			const struct lname *n = &e->names[k];
			nindex_add_org_name(ix, n->name, n->kind, n->note, n->confidence);
		}
	}
	limport_free(imp);
	ix->orgtable = "chipscreen's org table (bundled, not imported)";
	return 0;
}

static int read_names(struct nindex *ix, struct store *st, struct strbuf *err)
{
	int rc = read_store_orgs(ix, st, err);
	if (rc == 0 && !ix->orgtable)
		rc = read_bundled_orgs(ix, err);
	sqlite3_stmt *q = NULL;
	if (rc == 0 &&
	    sqlite3_prepare_v2(st->db, "SELECT entry, name, kind FROM list_names ORDER BY entry, id",
			       -1, &q, NULL))
		rc = store_error(st, err, "reading names");
	if (rc < 0)
		return rc;
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t e = nindex_entry_of(ix, sqlite3_column_int64(q, 0));
		if (e >= 0)
			nindex_add_name(ix, (uint32_t)e, text(q, 1), text(q, 2));
	}
	sqlite3_finalize(q);
	return 0;
}

static void free_cons(struct ctable *t)
{
	ctable_free(t);
}

/* Each entry's consequence, looked up once: a batch meets the same entries
 * again and again, and the index is only read once built. */
static void attach_consequences(struct nindex *ix)
{
	ix->econs = xcalloc(ix->nentries + 1, sizeof *ix->econs);
	for (uint32_t e = 0; e < ix->nentries; e++)
		ix->econs[e] = ctable_find(ix->cons, ix->entries[e].list, ix->entries[e].programs);
}

/* Build from the lists' tables. */
static struct nindex *build(struct store *st, struct strbuf *err)
{
	struct nindex *ix = nindex_new(err);
	if (!ix)
		return NULL;
	if (read_entries(ix, st, err) < 0 || read_addresses(ix, st, err) < 0 ||
	    read_ids(ix, st, err) < 0 || (ix->nentries && read_names(ix, st, err) < 0)) {
		nindex_free(ix);
		return NULL;
	}
	nindex_finish(ix);
	return ix;
}

/* ---------------------------------------------------------------------- */
/* The built index kept in the store (list_index)                          */

/* Append every column of every row of sql to key. */
static int rows_into(struct store *st, const char *sql, struct strbuf *key, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL))
		return store_error(st, err, "reading the lists");
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(q); i++) {
			const unsigned char *v = sqlite3_column_text(q, i);
			strbuf_addf(key, "%s\x1f", v ? (const char *)v : "");
		}
		strbuf_addch(key, '\x1e');
	}
	sqlite3_finalize(q);
	return 0;
}

/*
 * What a built index depends on, as text: the index format, this program
 * (its executable's size, time and inode: a new build may index otherwise),
 * utf8proc's version (normalisation), the day (chipscreen's own org table
 * lends by links valid on a day), the normaliser's and the org table's data
 * files (their hashes), every loaded source's row (version, import time,
 * counts) and the count and last id of each list table.  An index is
 * restored only when its key is this text exactly: a list imported, updated
 * or removed, a data file edited or chipscreen rebuilt, and the index is
 * built again from the tables — never a stale one.  -1 when the key cannot
 * be made (the index is then built and not kept).
 */
static int index_key(struct store *st, struct strbuf *key, struct strbuf *err)
{
	struct stat sb;
	if (stat("/proc/self/exe", &sb) < 0)
		return -1;
	char day[11];
	date_format(date_today(), day);
	strbuf_addf(key, "index %d; exe %lld %lld.%09ld %llu; utf8proc %s;|day %s;",
		    INDEX_FILE_VERSION, (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
		    (long)sb.st_mtim.tv_nsec, (unsigned long long)sb.st_ino, utf8proc_version(),
		    day);
	static const char *const files[] = {"legal-forms.tsv",	      "name-titles.tsv",
					    "place-words.tsv",	      "name-abbreviations.tsv",
					    "name-derivations.tsv", "name-suffixes.tsv",
					    "name-variants.tsv",    "orgs.tsv",
					    "org-links.tsv"};
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, ferr = STRBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < sizeof files / sizeof *files && rc == 0; i++) {
		strbuf_reset(&text);
		if (read_file(data_path(&path, files[i]), 1 << 24, &text, &ferr) < 0)
			rc = -1; /* the build says what is wrong with it */
		else
			strbuf_addf(key, " %s %016llx", files[i],
				    (unsigned long long)strmap_hash(text.buf, text.len));
	}
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&ferr);
	if (rc == 0)
		rc = rows_into(st, "SELECT * FROM list_sources ORDER BY id", key, err);
	if (rc == 0)
		rc = rows_into(st,
			       "SELECT (SELECT count(*) FROM list_entries),"
			       " (SELECT max(id) FROM list_entries),"
			       " (SELECT count(*) FROM list_names), (SELECT max(id) FROM list_names),"
			       " (SELECT count(*) FROM list_addresses),"
			       " (SELECT max(rowid) FROM list_addresses),"
			       " (SELECT count(*) FROM list_ids), (SELECT max(rowid) FROM list_ids)",
			       key, err);
	return rc;
}

/* The index kept under key, or NULL (none, another key, or unreadable). */
static struct nindex *index_restore(struct store *st, const struct strbuf *key,
				    struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT data FROM list_index WHERE key = ?", -1, &q, NULL))
		return NULL;
	sqlite3_bind_text(q, 1, key->buf, (int)key->len, SQLITE_STATIC);
	struct nindex *ix = NULL;
	if (sqlite3_step(q) == SQLITE_ROW)
		ix = nindex_restore(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0),
				    err);
	sqlite3_finalize(q);
	return ix;
}

/* Keep ix under key, in place of the index this program kept before (the
 * key up to its "|": format, executable, utf8proc).  Other programs' copies
 * stay, the three newest: chipscreen, a test and a benchmark tool reading
 * one store do not rebuild in turn.  A store that cannot be written
 * (read-only, busy) keeps none: the next lookup builds again. */
static void index_keep(struct store *st, const struct strbuf *key, const struct nindex *ix)
{
	struct strbuf data = STRBUF_INIT, err = STRBUF_INIT;
	nindex_save(ix, &data);
	sqlite3_stmt *q = NULL;
	if (store_begin(st, &err) == 0) {
		const char *bar = strchr(key->buf, '|');
		int who = bar ? (int)(bar - key->buf + 1) : (int)key->len;
		int rc = sqlite3_prepare_v2(st->db,
					    "DELETE FROM list_index WHERE substr(key, 1, ?) = ?"
					    " OR rowid NOT IN (SELECT rowid FROM list_index"
					    " ORDER BY rowid DESC LIMIT 2)",
					    -1, &q, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int(q, 1, who);
			sqlite3_bind_text(q, 2, key->buf, who, SQLITE_STATIC);
			rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
			sqlite3_finalize(q);
			q = NULL;
		}
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(st->db,
						"INSERT INTO list_index(key, data) VALUES (?, ?)", -1,
						&q, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(q, 1, key->buf, (int)key->len, SQLITE_STATIC);
			sqlite3_bind_blob64(q, 2, data.buf, data.len, SQLITE_STATIC);
			rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		}
		sqlite3_finalize(q);
		if (rc == SQLITE_OK)
			store_commit(st, &err);
		else
			store_rollback(st);
	}
	strbuf_release(&data);
	strbuf_release(&err);
}

int nindex_load(struct nindex **out, struct store *st, struct strbuf *err)
{
	*out = NULL;
	if (lists_schema(st, err) < 0)
		return -1;
	struct strbuf key = STRBUF_INIT;
	bool keyed = index_key(st, &key, err) == 0;
	strbuf_reset(err);
	struct nindex *ix = keyed ? index_restore(st, &key, err) : NULL;
	if (!ix && !err->len && (ix = build(st, err)) && keyed)
		index_keep(st, &key, ix);
	strbuf_release(&key);
	if (!ix)
		return -1;
	ix->country_code = country_code;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM list_sources", -1, &q, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			ix->nsources = (size_t)sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	if ((ix->cons = ctable_load(NULL, err)))
		ix->free_cons = free_cons;
	if (!ix->cons || review_load(st, &ix->reviews, &ix->nreviews, err) < 0) {
		nindex_free(ix);
		return -1;
	}
	attach_consequences(ix);
	*out = ix;
	return 0;
}

int lists_index_keep(struct store *st, struct strbuf *err)
{
	struct nindex *ix;
	if (nindex_load(&ix, st, err) < 0)
		return -1;
	nindex_free(ix);
	return 0;
}

/* Whether a listing's end date (YYYY-MM-DD, as every reader stores it) is
 * today or before: the party is off that list (a denial order expired, an
 * entry delisted).  Another form of date is not judged. */
static bool listing_ended(const char *end)
{
	if (!end || strlen(end) != 10 || end[4] != '-' || end[7] != '-')
		return false;
	char today[11];
	date_format(date_today(), today);
	return strcmp(end, today) <= 0;
}

void nindex_verdict(const struct nindex *ix, const struct nx_hit *h, struct nx_verdict *v)
{
	v->c = ix->econs[h->entry]; /* looked up at load: a batch meets the same entries */
	v->verdict = v->c->verdict;
	v->lowered = NULL;
	/* "AARON ABRAHAM VILLA", a DPL denial that expired on 2026-01-14, was
	 * PROHIBITED: a past listing binds no one; it is shown, for the record */
	if (v->verdict > V_INFO && listing_ended(ix->entries[h->entry].end)) {
		v->verdict = V_INFO;
		v->lowered = "the listing has ended (its end date is past): the party is no longer "
			     "on this list; shown for the record";
		return;
	}
	const struct nx_name *n = h->by_id ? NULL : &ix->names[h->name];
	if (!n || !n->via)
		return;
	const struct consequence *limit = !strcmp(n->kind, "subsidiary") ? ix->cons->subsidiary
					  : n->conf && !strcmp(n->conf, "unconfirmed")
						  ? ix->cons->unconfirmed
						  : NULL;
	if (limit && limit->verdict < v->verdict) {
		v->verdict = limit->verdict;
		v->lowered = limit->meaning;
	}
}

int nindex_open(const char *db, struct store **st, struct nindex **ix, struct strbuf *err)
{
	struct strbuf def = STRBUF_INIT;
	const char *path = db ? db : store_default_path(&def);
	*st = NULL;
	*ix = NULL;
	if (!path_exists(path)) {
		strbuf_reset(err);
		strbuf_addf(
			err,
			"%s: no store yet: import lists first (chipscreen lists import FILE...)",
			path);
		strbuf_release(&def);
		return -1;
	}
	int rc = store_open(st, path, false, err);
	strbuf_release(&def);
	if (rc < 0)
		return -1;
	if (nindex_load(ix, *st, err) < 0) {
		store_close(*st);
		*st = NULL;
		return -1;
	}
	if (!(*ix)->nentries) {
		strbuf_reset(err);
		strbuf_addf(
			err,
			"%s: no lists loaded: import lists first (chipscreen lists import FILE...)",
			(*st)->path);
		nindex_free(*ix);
		store_close(*st);
		*ix = NULL;
		*st = NULL;
		return -1;
	}
	return 0;
}

