/*
 * hosts.c — GET /api/v1/hosts and /api/v1/hosts/{id}: the hosts and a
 * host's history, read on a pooled read-only connection.  Each request
 * reads in one transaction (a WAL snapshot): a host and its snapshots are
 * seen as of one commit, while the writer goes on.
 */
#include "server/server-int.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static void add_col(cJSON *o, const char *k, sqlite3_stmt *q, int i)
{
	switch (sqlite3_column_type(q, i)) {
	case SQLITE_NULL:
		cJSON_AddNullToObject(o, k);
		break;
	case SQLITE_INTEGER:
		cJSON_AddNumberToObject(o, k, (double)sqlite3_column_int64(q, i));
		break;
	default:
		cJSON_AddStringToObject(o, k, (const char *)sqlite3_column_text(q, i));
	}
}

#define HOST_COLUMNS                                                                               \
	"id, key, kind, name, site, vendor, product, first_seen, last_seen, snapshots, "          \
	"last_snapshot, (SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM host_tags t "    \
	"WHERE t.host = hosts.id ORDER BY tag))"
static const char *const host_keys[] = {"id",       "key",        "kind",      "name",
					"site",     "vendor",     "product",   "first_seen",
					"last_seen", "snapshots", "last_snapshot"};

static cJSON *host_json(sqlite3_stmt *q)
{
	cJSON *o = cJSON_CreateObject();
	for (int i = 0; i < 11; i++)
		add_col(o, host_keys[i], q, i);
	cJSON *tags = cJSON_AddArrayToObject(o, "tags");
	const char *t = (const char *)sqlite3_column_text(q, 11);
	while (t && *t) {
		size_t n = strcspn(t, "\n");
		char *s = strndup(t, n);
		cJSON_AddItemToArray(tags, cJSON_CreateString(s));
		free(s);
		t += n + (t[n] == '\n');
	}
	return o;
}

static int fail(struct store *st, struct strbuf *err, sqlite3_stmt *q)
{
	store_error(st, err, "reading the hosts");
	sqlite3_finalize(q);
	return -1;
}

int hosts_list(struct fleet *f, int64_t after, int limit, cJSON **out, struct strbuf *err)
{
	struct store *st = fleet_store(f);
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT " HOST_COLUMNS " FROM hosts WHERE id > ? ORDER BY id LIMIT ?",
			       -1, &q, NULL) != SQLITE_OK)
		return fail(st, err, q);
	sqlite3_bind_int64(q, 1, after);
	sqlite3_bind_int(q, 2, limit + 1);
	cJSON *doc = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(doc, "hosts");
	int rc, n = 0;
	int64_t last = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n++ == limit)
			break; /* one more exists: there is a next page */
		last = sqlite3_column_int64(q, 0);
		cJSON_AddItemToArray(arr, host_json(q));
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		cJSON_Delete(doc);
		return fail(st, err, q);
	}
	if (n > limit)
		cJSON_AddNumberToObject(doc, "next_after", (double)last);
	else
		cJSON_AddNullToObject(doc, "next_after");
	sqlite3_finalize(q);
	*out = doc;
	return 0;
}

/* 1 found, 0 no such host, -1 error. */
int hosts_get(struct fleet *f, int64_t id, cJSON **out, struct strbuf *err)
{
	struct store *st = fleet_store(f);
	sqlite3_stmt *q = NULL;
	if (store_exec(st, "BEGIN", err) < 0)
		return -1;
	int found = -1;
	if (sqlite3_prepare_v2(st->db, "SELECT " HOST_COLUMNS " FROM hosts WHERE id = ?", -1, &q,
			       NULL) != SQLITE_OK) {
		fail(st, err, q);
		goto out;
	}
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		found = 0;
		sqlite3_finalize(q);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		fail(st, err, q);
		goto out;
	}
	cJSON *doc = host_json(q);
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, imported_at, collected_at, collector, sources, components,"
			       " units, size FROM snapshots WHERE host = ? ORDER BY id",
			       -1, &q, NULL) != SQLITE_OK) {
		cJSON_Delete(doc);
		fail(st, err, q);
		goto out;
	}
	static const char *const keys[] = {"id",      "imported_at", "collected_at", "collector",
					   "sources", "components",  "units",        "size"};
	sqlite3_bind_int64(q, 1, id);
	cJSON *hist = cJSON_AddArrayToObject(doc, "history");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();
		for (int i = 0; i < 8; i++)
			add_col(o, keys[i], q, i);
		cJSON_AddItemToArray(hist, o);
	}
	if (rc != SQLITE_DONE) {
		cJSON_Delete(doc);
		fail(st, err, q);
		goto out;
	}
	sqlite3_finalize(q);
	*out = doc;
	found = 1;
out:
	store_exec(st, "COMMIT", NULL);
	return found;
}

/* The last snapshot of host id: 1 with *snapshot, 0 no such host, -1 error. */
int hosts_last_snapshot(struct fleet *f, int64_t id, int64_t *snapshot, struct strbuf *err)
{
	struct store *st = fleet_store(f);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT last_snapshot FROM hosts WHERE id = ?", -1, &q,
			       NULL) != SQLITE_OK)
		return store_error(st, err, "reading the hosts");
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	*snapshot = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(st, err, "reading the hosts");
	return rc == SQLITE_ROW && *snapshot;
}
