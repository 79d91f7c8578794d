/*
 * fleet-filter.c — a --site, --tag or --host that matches nothing is an
 * error, with the values the store does hold that come nearest.
 *
 * A typo in a filter used to print "0 hosts" and exit 0: a CI gate passed on
 * nothing.  Each value is checked on its own first (so the message can name
 * the one that is wrong and suggest the store's nearest value), then the
 * whole filter (sites any-of, tags all-of, hosts any-of), through the same
 * host selection the reports use (current_load).
 */
#include "store/fleet-int.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Every distinct value of a column (sql selects one text column). */
static int values(struct fleet *f, const char *sql, struct arena *a, const char ***out,
		  size_t *n, struct strbuf *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (fleet_prep(f, &q, sql, err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			*out = arena_grow(a, *out, cap, nc, sizeof **out);
			cap = nc;
		}
		(*out)[(*n)++] = col_text(a, q, 0);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_error(f->st, err, "reading the filter's values");
}

/* One value of one filter: 0 it is there, 1 it is not (err says so). */
static int one(const char *what, const char *flag, const char *v, const char **known, size_t n,
	       struct strbuf *err)
{
	for (size_t i = 0; i < n; i++)
		if (known[i] && !strcmp(known[i], v))
			return 0;
	strbuf_addf(err, "%s%s: no host in the store %s", flag, v, what);
	struct strbuf near = STRBUF_INIT;
	if (suggest_nearest(&near, v, known, n, 3))
		strbuf_addf(err, "; did you mean %s?", near.buf);
	else if (n) {
		strbuf_addstr(err, "; the store's: ");
		for (size_t i = 0; i < n && i < 8; i++)
			strbuf_addf(err, "%s%s", i ? ", " : "", known[i] ? known[i] : "");
		if (n > 8)
			strbuf_addf(err, " (%zu in all)", n);
	}
	strbuf_release(&near);
	return 1;
}

static int check_list(struct fleet *f, const char *sql, const char *what, const char *flag,
		      const char *const *v, size_t nv, struct arena *a, struct strbuf *err)
{
	const char **known;
	size_t n;
	if (!nv)
		return 0;
	if (values(f, sql, a, &known, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < nv; i++)
		if (one(what, flag, v[i], known, n, err))
			return 1;
	return 0;
}

int fleet_filter_check(struct fleet *f, const struct fleet_filter *flt,
		       enum fleet_filter_words words, struct strbuf *err)
{
	if (!flt || (!flt->nsites && !flt->ntags && !flt->nhosts))
		return 0;
	/* the words the user typed: an API client has no --site to fix */
	bool q = words == FILTER_QUERY;
	struct arena *a = arena_new();
	int rc = check_list(f, "SELECT DISTINCT site FROM hosts WHERE site IS NOT NULL ORDER BY 1",
			    "is at that site", q ? "site=" : "--site ", flt->sites, flt->nsites, a,
			    err);
	if (!rc)
		rc = check_list(f, "SELECT DISTINCT tag FROM host_tags ORDER BY 1", "has that tag",
				q ? "tag=" : "--tag ", flt->tags, flt->ntags, a, err);
	if (!rc)
		rc = check_list(f,
				"SELECT name FROM hosts UNION SELECT key FROM hosts ORDER BY 1",
				"has that name or key", q ? "host=" : "--host ", flt->hosts,
				flt->nhosts, a, err);
	if (!rc) {
		struct current cur;
		if (current_load(f, flt, false, a, &cur, err) < 0)
			rc = -1;
		else if (!cur.n) {
			strbuf_addstr(err, "the filter matches no host: each value is in the store, "
					   "but no host has them all (sites: any of; tags: all of; "
					   "hosts: any of)");
			rc = 1;
		}
		current_free(&cur);
	}
	arena_free(a);
	return rc;
}
