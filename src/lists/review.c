/*
 * review.c — reviewed hits in the store (lists/review.h, match/review.h).
 *
 * The table is the screening's own (created when first written); a store
 * without it has no reviews.  The fingerprint is a 64-bit hash over the
 * entry's fields and its names, addresses and identifiers in a fixed order,
 * so that any change a list update makes to the party shows.
 */
#include "lists/review.h"
#include "lists/lists.h"
#include "match/normalize.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS match_reviews("
	" id INTEGER PRIMARY KEY, query TEXT NOT NULL, name TEXT NOT NULL,"
	" source TEXT NOT NULL, ref TEXT NOT NULL, fingerprint TEXT NOT NULL,"
	" verdict TEXT NOT NULL, reviewer TEXT NOT NULL, reviewed_at TEXT NOT NULL,"
	" reason TEXT NOT NULL);";

/* Append every column of every row of sql (one int64 parameter) to sb. */
static int rows_into(struct store *st, const char *sql, int64_t id, struct strbuf *sb,
		     struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL))
		return store_error(st, err, "reading the lists");
	sqlite3_bind_int64(q, 1, id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(q); i++) {
			const unsigned char *v = sqlite3_column_text(q, i);
			strbuf_addf(sb, "%s\x1f", v ? (const char *)v : "");
		}
		strbuf_addch(sb, '\x1e');
	}
	sqlite3_finalize(q);
	return 0;
}

/* The fingerprint of entry source:ref into out (16 hex digits); 0 when found,
 * 1 when there is no such entry, -1 on a store error. */
static int fingerprint(struct store *st, const char *source, const char *ref, char out[17],
		       struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, list, type, name, programs, citation, start_date,"
			       " end_date, remarks FROM list_entries WHERE source = ? AND ref = ?",
			       -1, &q, NULL))
		return store_error(st, err, "reading the lists");
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, ref, -1, SQLITE_STATIC);
	struct strbuf sb = STRBUF_INIT;
	int64_t id = -1;
	if (sqlite3_step(q) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		for (int i = 1; i < sqlite3_column_count(q); i++) {
			const unsigned char *v = sqlite3_column_text(q, i);
			strbuf_addf(&sb, "%s\x1f", v ? (const char *)v : "");
		}
	}
	sqlite3_finalize(q);
	int rc = id < 0 ? 1 : 0;
	if (!rc &&
	    (rows_into(st, "SELECT name, kind FROM list_names WHERE entry = ? ORDER BY name, kind",
		       id, &sb, err) < 0 ||
	     rows_into(st,
		       "SELECT address, country FROM list_addresses WHERE entry = ?"
		       " ORDER BY address, country",
		       id, &sb, err) < 0 ||
	     rows_into(st,
		       "SELECT type, value, country FROM list_ids WHERE entry = ?"
		       " ORDER BY type, value, country",
		       id, &sb, err) < 0))
		rc = -1;
	if (!rc)
		snprintf(out, 17, "%016llx", (unsigned long long)strmap_hash(sb.buf, sb.len));
	strbuf_release(&sb);
	return rc;
}

/* Entries of source in the store. */
static int64_t source_entries(struct store *st, const char *source)
{
	sqlite3_stmt *q;
	int64_t n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM list_entries WHERE source = ?", -1,
			       &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

int review_add(struct store *st, const char *name, const char *source, const char *ref,
	       const char *reviewer, const char *reason, struct strbuf *err)
{
	char fp[17];
	/* a store lists were never imported into has no list tables: its
	 * answer is "no such list", not SQLite's "no such table" */
	if (lists_schema(st, err) < 0)
		return -1;
	int rc = fingerprint(st, source, ref, fp, err);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		strbuf_reset(err);
		if (source_entries(st, source) > 0)
			strbuf_addf(err, "%s: no listed entry %s:%s (search prints a hit's entry as "
					 "SOURCE:REF)",
				    st->path, source, ref);
		else
			strbuf_addf(err, "%s: no list %s is loaded in this store (chipscreen "
					 "lists shows those that are; search prints a hit's entry as "
					 "SOURCE:REF)",
				    st->path, source);
		return -1;
	}
	const struct norm_tables *tab = norm_tables(err);
	if (!tab)
		return -1;
	struct nname nn;
	nname_init(&nn);
	normalize_name(tab, name, strlen(name), &nn);
	struct strbuf key = STRBUF_INIT;
	review_key(&nn, &key);
	nname_release(&nn);
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_stmt *q = NULL;
	rc = 0;
	if (!key.len) {
		strbuf_reset(err);
		strbuf_addf(err, "the name '%s' has no word to remember", name);
		rc = -1;
	} else if (sqlite3_exec(st->db, schema, NULL, NULL, NULL) ||
		   sqlite3_prepare_v2(st->db,
				      "INSERT INTO match_reviews(query, name, source, ref,"
				      " fingerprint, verdict, reviewer, reviewed_at, reason)"
				      " VALUES(?, ?, ?, ?, ?, 'not this party', ?, ?, ?)",
				      -1, &q, NULL)) {
		rc = store_error(st, err, "recording the review");
	} else {
		const char *v[] = {key.buf, name, source, ref, fp, reviewer, now, reason};
		for (int i = 0; i < 8; i++)
			sqlite3_bind_text(q, i + 1, v[i], -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = store_error(st, err, "recording the review");
	}
	sqlite3_finalize(q);
	strbuf_release(&key);
	return rc;
}

static char *dup_col(sqlite3_stmt *q, int i)
{
	const unsigned char *v = sqlite3_column_text(q, i);
	return xstrdup(v ? (const char *)v : "");
}

int review_load(struct store *st, struct review **out, size_t *n, struct strbuf *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT query, name, source, ref, reviewer, reviewed_at, reason,"
			       " fingerprint FROM match_reviews ORDER BY id",
			       -1, &q, NULL))
		return 0; /* no table: no review yet */
	size_t cap = 0;
	int rc = 0;
	while (rc == 0 && sqlite3_step(q) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		struct review *r = &(*out)[(*n)++];
		r->query = dup_col(q, 0);
		r->name = dup_col(q, 1);
		r->source = dup_col(q, 2);
		r->ref = dup_col(q, 3);
		r->reviewer = dup_col(q, 4);
		r->at = dup_col(q, 5);
		r->reason = dup_col(q, 6);
		char fp[17];
		int f = fingerprint(st, r->source, r->ref, fp, err);
		if (f < 0)
			rc = -1;
		r->listed = f == 0;
		r->current = f == 0 && !strcmp(fp, (const char *)sqlite3_column_text(q, 7));
	}
	sqlite3_finalize(q);
	if (rc < 0) {
		review_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

