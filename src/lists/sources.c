/*
 * sources.c — what the loaded lists are: one record per source with its
 * version, the publisher's date and where that date came from, for the
 * audit trail every screening result carries (lists.h, struct lsource), the
 * "screening against" lines printed when a screening starts, and the warning
 * when a loaded list is older than it should be.
 */
#include "lists/lists.h"
#include "util/date.h"
#include "util/log.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void copy(char *dst, size_t n, const unsigned char *s)
{
	snprintf(dst, n, "%s", s ? (const char *)s : "");
}

int lists_sources(struct store *st, struct lsource **out, size_t *n, struct strbuf *err)
{
	*out = NULL;
	*n = 0;
	if (lists_schema(st, err) < 0)
		return -1;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, format, version, published, published_from, imported_at,"
			       " entries, url, path FROM list_sources ORDER BY id",
			       -1, &q, NULL))
		return store_error(st, err, "reading the loaded lists");
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		struct lsource *s = &(*out)[(*n)++];
		memset(s, 0, sizeof *s);
		copy(s->id, sizeof s->id, sqlite3_column_text(q, 0));
		copy(s->format, sizeof s->format, sqlite3_column_text(q, 1));
		copy(s->version, sizeof s->version, sqlite3_column_text(q, 2));
		copy(s->published, sizeof s->published, sqlite3_column_text(q, 3));
		copy(s->published_from, sizeof s->published_from, sqlite3_column_text(q, 4));
		copy(s->imported_at, sizeof s->imported_at, sqlite3_column_text(q, 5));
		s->entries = (size_t)sqlite3_column_int64(q, 6);
		copy(s->origin, sizeof s->origin,
		     sqlite3_column_text(q, sqlite3_column_type(q, 7) == SQLITE_NULL ? 8 : 7));
	}
	sqlite3_finalize(q);
	if (r != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_error(st, err, "reading the loaded lists");
	}
	return 0;
}

const struct lsource *lists_source_find(const struct lsource *v, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (!strcmp(v[i].id, id))
			return &v[i];
	return NULL;
}

const char *lsource_date_kind(const struct lsource *s)
{
	if (!s->published[0])
		return "none";
	if (strstr(s->published_from, "modification time"))
		return "mtime";
	if (strstr(s->published_from, "HTTP"))
		return "http";
	return "file";
}

int lists_max_age_days(void)
{
	const char *e = getenv("CHIPSCREEN_LISTS_MAX_AGE");
	if (!e || !*e)
		return LISTS_MAX_AGE_DAYS;
	char *end;
	long d = strtol(e, &end, 10);
	if (*end || d < 0 || d > 36500) {
		log_warn("CHIPSCREEN_LISTS_MAX_AGE=%s is not a number of days; using %d", e,
			 LISTS_MAX_AGE_DAYS);
		return LISTS_MAX_AGE_DAYS;
	}
	return (int)d;
}

/* chipscreen's own organisation tables list no one: they are not lists a
 * publisher updates, so their age is not a warning. */
static bool own_table(const struct lsource *s)
{
	return !strcmp(s->format, "org-table") || !strcmp(s->format, "orgs");
}

int lists_announce(const struct lsource *v, size_t n, const char *cmd, bool verbose)
{
	int max_age = lists_max_age_days(), stale = 0;
	day_t today = date_today();
	for (size_t i = 0; i < n; i++) {
		const struct lsource *s = &v[i];
		if (verbose)
			fprintf(stderr, "chipscreen: %s: screening against %s: version %s, published %s (%s), %zu "
				 "entries, imported %s\n",
				 cmd, s->id, s->version[0] ? s->version : "-",
				 s->published[0] ? s->published : "unknown",
				 s->published[0] ? s->published_from : "no date known",
				 s->entries, s->imported_at);
		if (own_table(s) || !max_age)
			continue;
		day_t d = date_parse(s->published);
		if (!d) {
			log_warn("%s: %s states no publication date: its age is unknown "
				 "(chipscreen lists update)",
				 cmd, s->id);
			stale++;
		} else if (d > (day_t)(time(NULL) / 86400) + 1) {
			/* recorded by an earlier chipscreen: no age can be told */
			log_warn("%s: %s says it was published %s, in the future: its age is "
				 "unknown (chipscreen lists update)",
				 cmd, s->id, s->published);
			stale++;
		} else if (today - d > max_age) {
			log_warn("%s: %s was published %s, %d days ago, older than %d days: "
				 "refresh it (chipscreen lists update; CHIPSCREEN_LISTS_MAX_AGE "
				 "sets the age)",
				 cmd, s->id, s->published, (int)(today - d), max_age);
			stale++;
		}
	}
	return stale;
}

int lists_check_age(struct store *st, const char *cmd)
{
	struct lsource *v;
	size_t n;
	struct strbuf err = STRBUF_INIT;
	int stale = 0;
	if (lists_sources(st, &v, &n, &err) < 0)
		log_warn("%s", err.buf);
	else
		stale = lists_announce(v, n, cmd, false);
	free(v);
	strbuf_release(&err);
	return stale;
}

void lists_audit_json(struct cJSON *o, const struct lsource *v, size_t n, const char *source)
{
	const struct lsource *s = lists_source_find(v, n, source);
	cJSON_AddStringToObject(o, "list_source", source);
	if (s && s->version[0])
		cJSON_AddStringToObject(o, "list_version", s->version);
	else
		cJSON_AddNullToObject(o, "list_version");
	if (s && s->published[0]) {
		cJSON_AddStringToObject(o, "list_date", s->published);
		cJSON_AddStringToObject(o, "list_date_from", s->published_from);
	} else {
		cJSON_AddNullToObject(o, "list_date");
		cJSON_AddNullToObject(o, "list_date_from");
	}
}

/* Whether item (n bytes) is a loaded source id or the list code of an entry. */
static int filter_item_known(struct store *st, const char *item, size_t n, struct strbuf *err)
{
	if (strlen(ORGTABLE_SOURCE) == n && !strncasecmp(item, ORGTABLE_SOURCE, n))
		return 1; /* read from data/ when never imported */
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT 1 FROM list_sources WHERE id = ?1 COLLATE NOCASE UNION ALL"
			       " SELECT 1 FROM (SELECT 1 FROM list_entries"
			       " WHERE list = ?1 COLLATE NOCASE LIMIT 1)",
			       -1, &q, NULL))
		return store_error(st, err, "reading the loaded lists");
	sqlite3_bind_text(q, 1, item, (int)n, SQLITE_STATIC);
	int r = sqlite3_step(q);
	sqlite3_finalize(q);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_error(st, err, "reading the loaded lists");
	return r == SQLITE_ROW;
}

/* The names a --source item may take: the loaded source ids and the list
 * codes of their entries (an OpenSanctions entity's comma list of datasets
 * is not one code: left out).  Read only when an item is wrong. */
static size_t filter_names(struct store *st, char ***out)
{
	*out = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id FROM list_sources UNION SELECT DISTINCT list FROM"
			       " list_entries WHERE list IS NOT NULL AND list <> ''"
			       " AND instr(list, ',') = 0 ORDER BY 1 LIMIT 200",
			       -1, &q, NULL))
		return 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[n++] = xstrdup((const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
	return n;
}

/* err: the unknown item, the nearest loaded names, and all of them. */
static void filter_unknown(struct store *st, const char *filter, const char *item, size_t len,
			   struct strbuf *err)
{
	char **names;
	size_t n = filter_names(st, &names);
	char *word = xstrndup(item, len);
	struct strbuf near = STRBUF_INIT;
	strbuf_reset(err);
	strbuf_addf(err, "--source %s: no loaded source or list is called '%s'", filter, word);
	if (suggest_nearest(&near, word, (const char *const *)names, n, 3))
		strbuf_addf(err, "; did you mean %s?", near.buf);
	strbuf_addstr(err, n ? " (loaded sources and lists: " : " (no list is loaded: ");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(err, "%s%s", i ? ", " : "", names[i]);
	strbuf_addstr(err, n ? "; chipscreen lists shows them)" : "chipscreen lists import)");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(word);
	strbuf_release(&near);
}

int lists_check_filter(struct store *st, const char *filter, struct strbuf *err)
{
	if (!filter)
		return 0;
	if (lists_schema(st, err) < 0)
		return -1;
	size_t named = 0; /* "csl," is csl; "," or "" names nothing */
	for (const char *p = filter;;) {
		size_t n = strcspn(p, ",");
		/* "SDN, EL": the blanks around an item are no part of it (the
		 * search skips them too: match/index.c source_ok) */
		const char *w = p;
		size_t m = n;
		for (; m && (*w == ' ' || *w == '\t'); w++, m--)
			;
		for (; m && (w[m - 1] == ' ' || w[m - 1] == '\t'); m--)
			;
		int k = m ? filter_item_known(st, w, m, err) : 1;
		if (k < 0)
			return -1;
		if (!k) {
			filter_unknown(st, filter, w, m, err);
			return -1;
		}
		named += m > 0;
		if (!p[n])
			break;
		p += n + 1;
	}
	if (!named) {
		strbuf_reset(err);
		strbuf_addf(err, "--source '%s' names no source or list", filter);
		return -1;
	}
	return 0;
}
