/*
 * fleet-unident.c — the parts of the fleet that identify could not attribute
 * (maker unknown, or chip maker unknown where one applies), per part, with
 * identify's own reason and how many hosts and components of the hosts a
 * filter selects hold them.  The HTML report lists them; `fleet` counts them
 * (fleet-query.c, count_unidentified) with the same condition.
 *
 * The reasons are those identify stored with the unit's attribution
 * (maker_unknown_reason, chip_maker_unknown_reason): nothing is judged here.
 * Also the hosts per site, for the report's chart of sites.
 */
#include "store/fleet-int.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const char unident_sql[] =
	"WITH RECURSIVE " SU_EPOCHS
	" SELECT p.id, p.kind, u.id, u.class,"
	" json_extract(u.attribution, '$.maker_unknown_reason'),"
	" CASE WHEN u.has_chip AND u.chip_maker IS NULL"
	"  THEN json_extract(u.attribution, '$.chip_maker_unknown_reason') END,"
	" su.snapshot, su.count FROM units u CROSS JOIN parts p CROSS JOIN su_epochs e"
	" CROSS JOIN snapshot_units su"
	" WHERE (u.maker IS NULL OR (u.has_chip AND u.chip_maker IS NULL)) AND p.id = u.part"
	" AND " SU_EPOCH_OF("su") " = e.n AND su.unit = u.id"
	" ORDER BY p.id, u.id";

/* One host index per part, counted once: seen[] holds the part's id. */
struct seen {
	int64_t *part;
	size_t n;
};

/* The part's row, from its first unit's (the makers are that unit's). */
static struct fleet_unident_part *part_row(struct arena *a, struct fleet_unident_part **v,
					   size_t *n, size_t *cap, sqlite3_stmt *q, struct words *w)
{
	struct fleet_unident_part *x = ARENA_PUSH(a, *v, *n, *cap);
	memset(x, 0, sizeof *x);
	x->part_id = sqlite3_column_int64(q, 0);
	x->kind = col_text(a, q, 1);
	words_unit(w, sqlite3_column_int64(q, 2), &x->part, &x->makers);
	x->cls = col_text(a, q, 3);
	x->maker_reason = col_text(a, q, 4);
	x->chip_reason = col_text(a, q, 5);
	return x;
}

int fleet_unidentified_list(struct fleet *f, const struct fleet_filter *flt, struct arena *a,
			    struct fleet_unident_part **out, size_t *nout, struct strbuf *err)
{
	struct current cur;
	sqlite3_stmt *q;
	size_t cap = 0;
	*out = NULL;
	*nout = 0;
	if (current_load(f, flt, false, a, &cur, err) < 0)
		return -1;
	if (fleet_prep(f, &q, unident_sql, err) < 0) {
		current_free(&cur);
		return -1;
	}
	struct seen s = {xcalloc(cur.n + 1, sizeof *s.part), cur.n};
	struct fleet_unident_part *x = NULL;
	struct words w;
	words_init(&w, f, a);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t hi = imap_get(&cur.snap, sqlite3_column_int64(q, 6));
		if (!hi || (size_t)hi > cur.n)
			continue;
		if (!x || x->part_id != sqlite3_column_int64(q, 0))
			x = part_row(a, out, nout, &cap, q, &w);
		x->components += (size_t)sqlite3_column_int64(q, 7);
		if (s.part[hi - 1] != x->part_id) {
			s.part[hi - 1] = x->part_id;
			x->hosts++;
			if (!x->first_host)
				x->first_host = cur.name[hi - 1];
		}
	}
	sqlite3_finalize(q);
	words_free(&w);
	free(s.part);
	current_free(&cur);
	if (rc != SQLITE_DONE || w.failed)
		return store_error(f->st, err, "reading the unidentified parts");
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	if (!x || !y)
		return !x - !y;
	return strcmp(x, y);
}

static int cmp_site(const void *a, const void *b)
{
	const struct fleet_site *x = a, *y = b;
	if (x->hosts != y->hosts)
		return x->hosts > y->hosts ? -1 : 1;
	return cmp_name(&x->site, &y->site);
}

int fleet_site_counts(struct fleet *f, const struct fleet_filter *flt, struct arena *a,
		      struct fleet_site **out, size_t *nout, struct strbuf *err)
{
	struct current cur;
	size_t cap = 0;
	*out = NULL;
	*nout = 0;
	if (current_load(f, flt, false, a, &cur, err) < 0)
		return -1;
	const char **v = xcalloc(cur.n + 1, sizeof *v);
	if (cur.n)
		memcpy(v, cur.site, cur.n * sizeof *v);
	qsort(v, cur.n, sizeof *v, cmp_name);
	for (size_t i = 0; i < cur.n; i++) {
		if (!*nout || cmp_name(&(*out)[*nout - 1].site, &v[i])) {
			struct fleet_site *x = ARENA_PUSH(a, *out, *nout, cap);
			*x = (struct fleet_site){v[i], 0};
		}
		(*out)[*nout - 1].hosts++;
	}
	free(v);
	if (*nout)
		qsort(*out, *nout, sizeof **out, cmp_site);
	current_free(&cur);
	return 0;
}
