/*
 * parties.c — screening the end user (and its owner) with chipscreen's own
 * name index (match/index.h).
 *
 * The Entity List parties the facts name (data/export/parties.tsv) are
 * loaded, through the lists module's import API, into an in-memory store of
 * their own and indexed like any imported list: so "YMTC", "长江存储" or a
 * misspelt "Yangtze Memory Technology" find the entry with the same scores
 * and the same organisation-table names as `chipscreen search`, and nothing
 * needs importing first.  With --db, the lists imported there are searched
 * too (a second index): the Entity List rows bring their footnotes and
 * review policies from the CSL's own columns, the other lists their
 * consequence (data/list-consequences.tsv).
 *
 * A hit is certain (it binds) when its score is at least CERTAIN and the
 * index did not lower its verdict (a subsidiary's or an unconfirmed link's
 * name): anything weaker is a possible match a person must confirm, which
 * determine.c turns into REVIEW.
 */
#include "export/export.h"
#include "lists/lists.h"
#include "lists/index-load.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MIN_SCORE 0.85
#define CERTAIN   0.97

/* Orders repeat their customers: the hits of a name are kept (in the
 * screen's own arena) for the next line naming it, up to CACHE_MAX names. */
#define CACHE_MAX 200000

struct xscreen {
	const struct xtables *t;
	struct store *mem, *db;
	struct nindex *bundled, *imported;
	struct arena *ca;
	struct strmap cache;
	struct xhits *cached;
	size_t ncached, capcached;
};

static int load_bundled(struct xscreen *s, struct strbuf *err)
{
	if (store_open(&s->mem, ":memory:", false, err) < 0 || lists_schema(s->mem, err) < 0)
		return -1;
	struct limport *imp = limport_new("data/export/parties.tsv");
	imp->format = "export-parties";
	imp->source = "chipscreen-export-parties";
	imp->version = "bundled";
	for (size_t i = 0; i < s->t->nparties; i++) {
		const struct xparty *p = &s->t->parties[i];
		struct lentry *e = limport_entry(imp, (long)i + 1);
		e->ref = arena_printf(imp->arena, "P%zu", i);
		e->list = "EL";
		e->type = "entity";
		e->name = p->name;
		e->citation = p->citation;
		e->license_requirement = p->requirement;
		e->license_policy = p->policy;
		lentry_name(imp, e, p->name, "primary");
		char *al = arena_strdup(imp->arena, p->aliases);
		for (char *tok = strtok(al, "|"); tok; tok = strtok(NULL, "|"))
			lentry_name(imp, e, tok, "aka");
	}
	struct import_result res;
	int rc = limport_commit(s->mem, imp, &res, err);
	limport_free(imp);
	if (rc < 0)
		return -1;
	return nindex_load(&s->bundled, s->mem, err);
}

int xscreen_open(struct xscreen **out, const struct xtables *t, const char *db, struct strbuf *err)
{
	struct xscreen *s = xcalloc(1, sizeof *s);
	s->t = t;
	s->ca = arena_new();
	strmap_init(&s->cache);
	*out = s;
	if (load_bundled(s, err) < 0)
		goto fail;
	if (db && nindex_open(db, &s->db, &s->imported, err) < 0)
		goto fail;
	return 0;
fail:
	xscreen_free(s);
	*out = NULL;
	return -1;
}

void xscreen_free(struct xscreen *s)
{
	if (!s)
		return;
	nindex_free(s->bundled);
	nindex_free(s->imported);
	store_close(s->mem);
	store_close(s->db);
	strmap_free(&s->cache);
	arena_free(s->ca);
	free(s);
}

size_t xscreen_size(const struct xscreen *s, bool bundled)
{
	const struct nindex *ix = bundled ? s->bundled : s->imported;
	return ix ? ix->nentries : 0;
}

static const struct xparty *party_named(const struct xtables *t, const char *name)
{
	for (size_t i = 0; i < t->nparties; i++)
		if (!strcmp(t->parties[i].name, name))
			return &t->parties[i];
	return NULL;
}

/* The Entity List footnote an imported entry's licence text names
 * ("see §§ 734.9(e)(1) and 744.11", "734.9(e)1"), or 0. */
static int footnote_of(const char *req)
{
	const char *p = req ? strstr(req, "734.9(e)") : NULL;
	if (!p)
		return 0;
	p += strlen("734.9(e)");
	if (*p == '(')
		p++;
	return *p == '1' ? 1 : *p == '2' ? 4 : *p == '3' ? 5 : 0;
}

static bool is_ear_list(const char *list)
{
	return list && (!strcmp(list, "EL") || !strcmp(list, "MEU") || !strcmp(list, "UVL"));
}

static void search(struct xscreen *s, struct nindex *ix, bool bundled, const char *name,
		   struct arena *a, struct xhits *out)
{
	struct nx_query q = {.name = name, .min = MIN_SCORE, .limit = 20};
	struct nx_result res;
	memset(&res, 0, sizeof res);
	nindex_search(ix, &q, &res);
	for (size_t i = 0; i < res.n && out->n < XHIT_MAX; i++) {
		const struct nx_hit *h = &res.hits[i];
		const struct nx_entry *e = &ix->entries[h->entry];
		struct nx_verdict v;
		nindex_verdict(ix, h, &v);
		/* an imported EL entry for a party the bundled data already gave */
		bool dup = false;
		for (int k = 0; !bundled && k < out->n; k++)
			dup |= !strcasecmp(out->h[k].listed_name, e->name);
		if (dup)
			continue;
		struct xhit *x = &out->h[out->n++];
		memset(x, 0, sizeof *x);
		x->listed_name = arena_strdup(a, e->name);
		x->list = arena_strdup(a, e->list);
		x->citation = arena_strdup(a, e->citation);
		x->requirement = arena_strdup(a, e->license_requirement);
		x->policy = arena_strdup(a, e->license_policy);
		x->score = h->score;
		x->certain = h->score >= CERTAIN && !v.lowered;
		x->ear_list = is_ear_list(e->list);
		x->verdict = verdict_name(v.verdict);
		x->source_db = bundled ? "bundled" : "imported";
		const struct xparty *p = bundled ? party_named(s->t, e->name) : NULL;
		if (p) {
			x->footnote = p->footnote;
			x->fn_from = p->fn_from;
			x->listed = p->listed;
			x->maybe_from = p->maybe_from;
		} else {
			x->footnote = footnote_of(e->license_requirement);
			x->listed = e->start ? date_parse(e->start) : 0;
		}
	}
	nx_result_release(&res);
}

const char *xscreen_unsearchable(const char *name)
{
	struct strbuf err = STRBUF_INIT;
	const struct norm_tables *tab = norm_tables(&err);
	strbuf_release(&err);
	/* without the tables, screening itself says what is wrong */
	return tab ? text_unsearchable(tab, name) : NULL;
}

int xscreen_name(struct xscreen *s, const char *name, struct arena *a, struct xhits *out)
{
	(void)a; /* hits live in the screen's arena, so the cache can keep them */
	uint32_t k;
	size_t len = strlen(name);
	if (strmap_get(&s->cache, name, len, &k)) {
		*out = s->cached[k];
		return out->n;
	}
	memset(out, 0, sizeof *out);
	search(s, s->bundled, true, name, s->ca, out);
	if (s->imported)
		search(s, s->imported, false, name, s->ca, out);
	if (s->ncached < CACHE_MAX) {
		*ARENA_PUSH(s->ca, s->cached, s->ncached, s->capcached) = *out;
		strmap_put(&s->cache, name, len, (uint32_t)(s->ncached - 1), &k);
	}
	return out->n;
}
