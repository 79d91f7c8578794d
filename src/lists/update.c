/*
 * update.c — `chipscreen lists update`: fetch the official lists named in
 * data/list-sources.tsv and import them (lists_update, lists.h).
 *
 * Every file is fetched first (or found in --from DIR), into a fresh
 * temporary directory; only when all of them arrived whole is any imported,
 * so a failed download never leaves a mix of new and old lists behind a
 * "done".  Each import then replaces its source in one transaction with the
 * checks of every import: the format must parse, an older or under-half
 * version is refused without --force, and the replacement is reported.  The
 * server's Last-Modified is the publication date of a file that states none.
 */
#include "lists/lists.h"
#include "util/arena.h"
#include "util/datadir.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct lsrc {
	const char *id, *format, *file, *url, *deflt, *title;
	bool selected;
	const char *path;
	struct fetch_result fr;
};

static int load_table(struct arena *a, const char *path, struct lsrc **out, size_t *n,
		      struct strbuf *err)
{
	static const char *const want[] = {"id",      "format", "file",   "url",
					   "default", "title",  "source", NULL};
	struct tsv t;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (tsv_open(a, &t, path, want, err) < 0)
		return -1;
	int r;
	while ((r = tsv_next(&t, 7, err)) == 1) {
		struct lsrc *s = ARENA_PUSH(a, *out, *n, cap);
		memset(s, 0, sizeof *s);
		s->id = t.row[0];
		s->format = t.row[1];
		s->file = t.row[2];
		s->url = t.row[3];
		s->deflt = t.row[4];
		s->title = t.row[5];
		if (!*s->id || !*s->format || !*s->file || strchr(s->file, '/') ||
		    (strcmp(s->deflt, "yes") && strcmp(s->deflt, "optional")))
			return tsv_fail(&t, err,
					"id, format, file (a plain name) and default (yes or "
					"optional) must be given");
		for (size_t i = 0; i + 1 < *n; i++)
			if (!strcmp((*out)[i].id, s->id) || !strcmp((*out)[i].file, s->file))
				return tsv_fail(&t, err, "source %s or file %s given twice", s->id,
						s->file);
	}
	return r < 0 ? -1 : 0;
}

static struct lsrc *find(struct lsrc *v, size_t n, const char *id, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i].id) == len && !strncmp(v[i].id, id, len))
			return &v[i];
	return NULL;
}

static void known_ids(struct strbuf *err, const struct lsrc *v, size_t n)
{
	strbuf_addstr(err, " (the sources: ");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(err, "%s%s", i ? ", " : "", v[i].id);
	strbuf_addstr(err, ")");
}

/* Which sources, and from which URL.  -1 with err on an unknown id. */
static int select_sources(struct arena *a, struct lsrc *v, size_t n, const struct update_opts *o,
			  struct strbuf *err)
{
	for (size_t i = 0; i < n; i++)
		v[i].selected = !o->only && (!strcmp(v[i].deflt, "yes") || o->optional);
	for (const char *p = o->only; p && *p;) {
		size_t len = strcspn(p, ",");
		struct lsrc *s = find(v, n, p, len);
		if (!s) {
			strbuf_addf(err, "--source %.*s: no such source in the sources table",
				    (int)len, p);
			known_ids(err, v, n);
			return -1;
		}
		s->selected = true;
		p += len + (p[len] == ',');
	}
	for (size_t i = 0; i < n && o->mirror; i++) {
		size_t k = strlen(o->mirror);
		v[i].url = arena_printf(a, "%s%s%s", o->mirror,
					k && o->mirror[k - 1] == '/' ? "" : "/", v[i].file);
	}
	for (size_t i = 0; i < o->nurls; i++) {
		const char *eq = strchr(o->urls[i], '=');
		struct lsrc *s = eq ? find(v, n, o->urls[i], (size_t)(eq - o->urls[i])) : NULL;
		if (!s) {
			strbuf_addf(err, "--url %s: expected SOURCE=URL with a known SOURCE",
				    o->urls[i]);
			known_ids(err, v, n);
			return -1;
		}
		s->url = eq + 1;
		s->selected = true;
	}
	return 0;
}

/* Fetch (or find) every selected file; false when any is missing. */
static bool gather(struct arena *a, struct lsrc *v, size_t n, const struct update_opts *o,
		   const char *tmp)
{
	struct strbuf err = STRBUF_INIT;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		struct lsrc *s = &v[i];
		if (!s->selected)
			continue;
		if (o->from_dir) {
			s->path = arena_printf(a, "%s/%s", o->from_dir, s->file);
			if (access(s->path, R_OK) < 0 && errno == ENOENT) {
				log_error("%s: %s is not there (--from %s)", s->id, s->path,
					  o->from_dir);
				ok = false;
			} else if (access(s->path, R_OK) < 0) { /* a link loop, no permission */
				strbuf_reset(&err);
				describe_errno(&err, s->path, errno);
				log_error("%s: %s (--from %s)", s->id, err.buf, o->from_dir);
				ok = false;
			}
			continue;
		}
		s->path = arena_printf(a, "%s/%s", tmp, s->file);
		struct fetch_opts fo = {
			.timeout = o->timeout,
			.max_bytes = o->max_bytes                  ? o->max_bytes
				     : lists_format_streams(s->format) ? LISTS_MAX_STREAM_BYTES
								       : LISTS_MAX_BYTES,
		};
		if (lists_fetch(s->url, s->path, &fo, &s->fr, &err) < 0) {
			log_error("%s: %s", s->id, err.buf);
			ok = false;
		}
	}
	strbuf_release(&err);
	return ok;
}

static int import_all(struct store *st, struct lsrc *v, size_t n, const struct update_opts *o,
		      struct arena *a)
{
	int failed = 0;
	struct strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		struct lsrc *s = &v[i];
		if (!s->selected)
			continue;
		struct import_opts io = {
			.format = s->format,
			.source = s->id,
			.force = o->force,
			.max_bytes = o->max_bytes,
		};
		if (!o->from_dir) {
			io.url = s->url;
			io.label = s->url;
			if (s->fr.last_modified[0]) {
				io.published = s->fr.last_modified;
				io.published_from =
					arena_printf(a, "the HTTP Last-Modified of %s", s->url);
			}
		}
		struct import_result r;
		if (lists_import_file(st, s->path, &io, &r, &err) < 0) {
			log_error("%s", err.buf);
			failed++;
		} else if (o->done) {
			o->done(o->from_dir ? s->path : s->url, &r);
		}
	}
	strbuf_release(&err);
	return failed;
}

static void remove_tmp(const char *tmp, const struct lsrc *v, size_t n)
{
	struct strbuf p = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", tmp, v[i].file);
		unlink(p.buf);
	}
	strbuf_release(&p);
	rmdir(tmp);
}

int lists_update(struct store *st, const struct update_opts *o, struct strbuf *err)
{
	struct arena *a = arena_new();
	struct lsrc *v;
	size_t n;
	struct strbuf tp = STRBUF_INIT;
	const char *table = o->table ? o->table : data_path(&tp, "list-sources.tsv");
	int rc = -1;
	char tmp[4096] = "";
	strbuf_reset(err);
	if (load_table(a, table, &v, &n, err) < 0 || select_sources(a, v, n, o, err) < 0)
		goto out;
	struct stat sb;
	if (o->from_dir) { /* one message, not "X is not there" for every list */
		if (stat(o->from_dir, &sb) < 0 && errno == ENOENT) {
			strbuf_addf(err, "--from %s: no such directory", o->from_dir);
			goto out;
		}
		if (stat(o->from_dir, &sb) < 0) {
			describe_errno(err, o->from_dir, errno);
			goto out;
		}
		if (!S_ISDIR(sb.st_mode)) {
			strbuf_addf(err, "--from %s: not a directory", o->from_dir);
			goto out;
		}
	}
	if (!o->from_dir) {
		const char *t = getenv("TMPDIR");
		snprintf(tmp, sizeof tmp, "%s/chipscreen-lists-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmp)) {
			describe_errno(err, tmp, errno);
			tmp[0] = '\0';
			goto out;
		}
	}
	if (!gather(a, v, n, o, tmp)) {
		strbuf_addstr(err, "not every list could be fetched: nothing imported, the loaded "
				   "lists are unchanged");
		goto out;
	}
	int failed = import_all(st, v, n, o, a);
	if (failed)
		strbuf_addf(err, "%d of the lists could not be imported (see above): each is as "
				 "it was; the others were updated",
			    failed);
	else
		rc = 0;
out:
	if (tmp[0])
		remove_tmp(tmp, v, n);
	strbuf_release(&tp);
	arena_free(a);
	return rc;
}
