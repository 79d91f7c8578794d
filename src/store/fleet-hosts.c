/*
 * fleet-hosts.c — the store's hosts, for `chipscreen hosts`: listing them
 * and retiring one that was decommissioned.
 *
 * A retired host keeps its history (snapshots, runs, verdicts): retiring
 * only moves its last snapshot aside (hosts.retired_snapshot), so that no
 * report counts it any more — every report finds a host's current parts
 * through hosts.last_snapshot.  Importing it again brings it back with a new
 * snapshot (its last digest is cleared, so the import is never "unchanged").
 */
#include "store/fleet-int.h"

#include "util/date.h"
#include "util/suggest.h"

#include <limits.h>

#include <string.h>

int fleet_hosts_list(struct fleet *f, struct arena *a, struct fleet_host_row **out, size_t *n,
		     struct strbuf *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (fleet_prep(f, &q,
		       "SELECT h.name, h.key, h.site, h.last_seen, s.components, h.retired_at,"
		       " (SELECT group_concat(tag, ',') FROM (SELECT tag FROM host_tags t"
		       "  WHERE t.host = h.id ORDER BY tag)), h.first_seen"
		       " FROM hosts h LEFT JOIN snapshots s ON s.id = h.last_snapshot"
		       " ORDER BY h.name, h.key",
		       err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct fleet_host_row *h = ARENA_PUSH(a, *out, *n, cap);
		h->name = col_text(a, q, 0);
		h->key = col_text(a, q, 1);
		h->site = col_text(a, q, 2);
		h->last_import = col_text(a, q, 3);
		h->components = (size_t)sqlite3_column_int64(q, 4);
		h->retired = sqlite3_column_type(q, 4) == SQLITE_NULL;
		h->retired_at = h->retired ? col_text(a, q, 5) : NULL;
		h->tags = col_text(a, q, 6);
		h->first_seen = col_text(a, q, 7);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_error(f->st, err, "listing the hosts");
}

int fleet_hosts_current(struct fleet *f, struct strbuf *why, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (fleet_prep(f, &q, "SELECT count(*), count(last_snapshot) FROM hosts", err) < 0)
		return -1;
	int rc = sqlite3_step(q);
	int64_t all = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	int64_t current = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return store_error(f->st, err, "counting the hosts");
	if (!current && all)
		strbuf_addf(why,
			    "every host of the store is retired (%lld; chipscreen hosts lists "
			    "them)",
			    (long long)all);
	else if (!current)
		strbuf_addstr(why, "the store holds no host yet (import inventories first: "
				   "chipscreen import)");
	return current > INT_MAX ? INT_MAX : (int)current;
}

/* The host named or keyed s: its id; 0 with err when none or several. */
static int64_t find_host(struct fleet *f, const char *s, struct strbuf *err)
{
	sqlite3_stmt *q;
	int64_t id = 0;
	size_t n = 0;
	struct strbuf keys = STRBUF_INIT;
	if (fleet_prep(f, &q,
		       "SELECT id, key FROM hosts WHERE (name = ?1 OR key = ?1)"
		       " AND last_snapshot IS NOT NULL ORDER BY key",
		       err) < 0)
		return 0;
	bind_text(q, 1, s);
	while (sqlite3_step(q) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		strbuf_addf(&keys, "%s%s", n++ ? ", " : "", (const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_finalize(q);
	if (n > 1) {
		strbuf_addf(err, "%s names %zu hosts (%s): give the key", s, n, keys.buf);
		id = 0;
	} else if (!n) {
		struct arena *a = arena_new();
		struct fleet_host_row *rows;
		size_t nr;
		strbuf_addf(err, "no host in the store is named %s (or retired already)", s);
		if (fleet_hosts_list(f, a, &rows, &nr, err) == 0 && nr) {
			const char **names = arena_calloc(a, nr + 1, sizeof *names);
			for (size_t i = 0; i < nr; i++)
				names[i] = rows[i].retired ? NULL : rows[i].name;
			struct strbuf near = STRBUF_INIT;
			if (suggest_nearest(&near, s, names, nr, 3))
				strbuf_addf(err, "; did you mean %s?", near.buf);
			strbuf_release(&near);
		}
		arena_free(a);
	}
	strbuf_release(&keys);
	return id;
}

int fleet_host_retire(struct fleet *f, const char *name, struct strbuf *err)
{
	char now[32];
	int64_t id = find_host(f, name, err);
	if (!id)
		return -1;
	sqlite3_stmt *q;
	if (store_begin(f->st, err) < 0)
		return -1;
	if (fleet_prep(f, &q,
		       "UPDATE hosts SET retired_at = ?2, retired_snapshot = last_snapshot,"
		       " last_snapshot = NULL, last_digest = NULL WHERE id = ?1",
		       err) < 0) {
		store_rollback(f->st);
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	bind_text(q, 2, timestamp_now(now));
	int rc = sqlite3_step(q) == SQLITE_DONE ? 0 : store_error(f->st, err, "retiring the host");
	sqlite3_finalize(q);
	if (rc == 0)
		rc = store_commit(f->st, err);
	if (rc)
		store_rollback(f->st);
	return rc;
}
