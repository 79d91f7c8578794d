/*
 * index-file.c — a built name index as bytes, and back (match/index.h,
 * nindex_save, nindex_restore).
 *
 * Building the index of the SDN set normalises every name (a third of a
 * one-name `search`), so the lists' loader keeps the built index beside the
 * lists (lists/index-load.c) and restores it: what the build computed is
 * written as it is — the vocabulary with its weights and phonetic keys, the
 * names with their tokens, the entries, the postings, the joins, the
 * identifiers — and what is quick to derive (the vocabulary's hash map, the
 * directories, the spans) is derived again.  The deletion keys are never
 * written: a single search does without them, and many searches build them.
 *
 * The bytes are read with every length checked against what is left: a
 * short or damaged blob gives NULL, and the caller builds from the lists.
 * Integers are in the machine's order; the format's version is the first
 * word (INDEX_FILE_VERSION), bumped when the layout or what a build
 * computes changes.
 */
#include "match/index.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <string.h>

#define INDEX_FILE_MAGIC 0x78646e69u /* "indx" */

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

static void put(struct strbuf *o, const void *p, size_t n)
{
	if (n) /* an empty array may be NULL */
		strbuf_add(o, (const char *)p, n);
}

static void put_u32(struct strbuf *o, uint32_t v)
{
	put(o, &v, sizeof v);
}

static void put_f64(struct strbuf *o, double v)
{
	put(o, &v, sizeof v);
}

/* A string: its length + 1 (0: NULL), then its bytes. */
static void put_str(struct strbuf *o, const char *s)
{
	if (!s) {
		put_u32(o, 0);
		return;
	}
	size_t n = strlen(s);
	put_u32(o, (uint32_t)n + 1);
	put(o, s, n);
}

static void put_entry(struct strbuf *o, const struct nx_entry *e)
{
	put(o, &e->id, sizeof e->id);
	const char *s[] = {e->source, e->ref,  e->list,	e->type,
			   e->name,   e->programs, e->citation, e->start,
			   e->end,    e->url,	   e->addr,	e->license_requirement,
			   e->license_policy};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		put_str(o, s[i]);
	put_u32(o, (uint32_t)e->ncountries);
	for (int i = 0; i < e->ncountries; i++)
		put_str(o, e->countries[i]);
}

void nindex_save(const struct nindex *ix, struct strbuf *o)
{
	put_u32(o, INDEX_FILE_MAGIC);
	put_u32(o, INDEX_FILE_VERSION);
	uint32_t nv = ix->nvocab;
	put_u32(o, nv);
	put_u32(o, ix->nnames);
	put_u32(o, ix->nlisted);
	put_u32(o, ix->nentries);
	put_u32(o, (uint32_t)ix->nname_tok);
	put_u32(o, (uint32_t)ix->njoins);
	put_u32(o, ix->nlegal);
	put_u32(o, ix->nids);
	put_u32(o, (uint32_t)ix->ids->n);
	put_f64(o, ix->idf_unknown);
	put_f64(o, ix->idf_rare);
	put_str(o, ix->orgtable);
	for (uint32_t v = 0; v < nv; v++) {
		put(o, &ix->vkind[v], 1);
		put_str(o, ix->vtext[v]);
		put_str(o, ix->vphon[v]);
	}
	put(o, ix->vplace, nv);
	put(o, ix->vcps, nv * sizeof *ix->vcps);
	put(o, ix->idf, nv * sizeof *ix->idf);
	for (uint32_t i = 0; i < ix->nnames; i++) {
		const struct nx_name *n = &ix->names[i];
		put_u32(o, n->entry);
		put_u32(o, n->tok);
		put_u32(o, n->ntok);
		put(o, &n->weak, 1);
		put_f64(o, n->weight);
		put_str(o, n->name);
		put_str(o, n->kind);
		put_str(o, n->via);
		put_str(o, n->conf);
	}
	put(o, ix->name_tok, ix->nname_tok * sizeof *ix->name_tok);
	for (uint32_t e = 0; e < ix->nentries; e++)
		put_entry(o, &ix->entries[e]);
	put(o, ix->post_off, (nv + 1) * sizeof *ix->post_off);
	put(o, ix->post, ix->post_off[nv] * sizeof *ix->post);
	for (size_t k = 0; k < ix->njoins; k++) {
		put(o, &ix->joins[k].h, sizeof ix->joins[k].h);
		put_u32(o, ix->joins[k].v);
	}
	put(o, ix->legal, ix->nlegal * sizeof *ix->legal);
	for (size_t k = 0; k < ix->ids->n; k++) { /* keys in order, with their values */
		const struct strmap_entry *x = &ix->ids->entries[k];
		put_u32(o, x->klen);
		put(o, strmap_key(ix->ids, k), x->klen);
		put_u32(o, x->value);
	}
	put(o, ix->id_entry, ix->nids * sizeof *ix->id_entry);
	for (uint32_t k = 0; k < ix->nids; k++)
		put_str(o, ix->id_text[k]);
	put(o, ix->eperson, ix->nentries);
	put(o, ix->cweight, ix->nnames * sizeof *ix->cweight);
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                 */

struct rd {
	const char *p, *end;
	bool bad;
	struct arena *a;
};

static const void *take(struct rd *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return NULL;
	}
	const void *at = r->p;
	r->p += n;
	return at;
}

static void get(struct rd *r, void *to, size_t n)
{
	const void *p = take(r, n);
	if (p)
		memcpy(to, p, n);
	else
		memset(to, 0, n);
}

static uint32_t get_u32(struct rd *r)
{
	uint32_t v;
	get(r, &v, sizeof v);
	return v;
}

static double get_f64(struct rd *r)
{
	double v;
	get(r, &v, sizeof v);
	return v;
}

static const char *get_str(struct rd *r)
{
	uint32_t n = get_u32(r);
	if (!n)
		return NULL;
	const char *p = take(r, n - 1);
	return p ? arena_strndup(r->a, p, n - 1) : NULL;
}

/* An array of n items of size bytes into the arena (n + 1 of them, as the
 * build allocates), or NULL when the bytes run out. */
static void *get_array(struct rd *r, size_t n, size_t size)
{
	if (n && size > (size_t)(r->end - r->p) / n) {
		r->bad = true;
		return NULL;
	}
	void *to = arena_calloc(r->a, n + 1, size);
	get(r, to, n * size);
	return to;
}

static void get_entry(struct rd *r, struct nx_entry *e)
{
	get(r, &e->id, sizeof e->id);
	const char **s[] = {&e->source, &e->ref,  &e->list,	 &e->type,
			    &e->name,	&e->programs, &e->citation, &e->start,
			    &e->end,	&e->url,      &e->addr,	 &e->license_requirement,
			    &e->license_policy};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		*s[i] = get_str(r);
	uint32_t nc = get_u32(r);
	e->ncountries = 0;
	e->countries = NULL;
	if (nc > (size_t)(r->end - r->p) / sizeof(uint32_t)) { /* each at least its length */
		r->bad = true;
		return;
	}
	if (nc)
		e->countries = arena_calloc(r->a, nc + 1, sizeof *e->countries);
	for (uint32_t i = 0; i < nc && !r->bad; i++)
		e->countries[e->ncountries++] = get_str(r);
}

/* Indices read must point inside what they index. */
static bool consistent(const struct nindex *ix)
{
	for (uint32_t i = 0; i < ix->nnames; i++) {
		const struct nx_name *n = &ix->names[i];
		if (n->entry >= ix->nentries || (size_t)n->tok + n->ntok > ix->nname_tok ||
		    !n->name || !n->kind)
			return false;
	}
	for (size_t k = 0; k < ix->nname_tok; k++)
		if (ix->name_tok[k] >= ix->nvocab)
			return false;
	for (uint32_t v = 0; v < ix->nvocab; v++)
		if (ix->post_off[v] > ix->post_off[v + 1] || !ix->vtext[v] || !ix->vphon[v])
			return false;
	for (uint32_t k = 0; k < ix->post_off[ix->nvocab]; k++)
		if (ix->post[k] >= ix->nnames)
			return false;
	for (size_t k = 0; k < ix->njoins; k++)
		if (ix->joins[k].v >= ix->nnames)
			return false;
	for (uint32_t k = 0; k < ix->nlegal; k++)
		if (ix->legal[k] >= ix->nvocab)
			return false;
	for (uint32_t k = 0; k < ix->nids; k++)
		if (ix->id_entry[k] >= ix->nentries || !ix->id_text[k])
			return false;
	for (size_t k = 0; k < ix->ids->n; k++)
		if (ix->ids->entries[k].value >= ix->nids)
			return false;
	for (uint32_t e = 0; e < ix->nentries; e++)
		if (!ix->entries[e].source)
			return false;
	return ix->nlisted <= ix->nnames;
}

static void read_body(struct rd *r, struct nindex *ix)
{
	uint32_t nv = ix->nvocab = get_u32(r);
	ix->nnames = ix->capnames = get_u32(r);
	ix->nlisted = get_u32(r);
	ix->nentries = get_u32(r);
	ix->nname_tok = ix->capname_tok = get_u32(r);
	ix->njoins = get_u32(r);
	ix->nlegal = get_u32(r);
	ix->nids = get_u32(r);
	uint32_t nidkeys = get_u32(r);
	ix->idf_unknown = get_f64(r);
	ix->idf_rare = get_f64(r);
	ix->orgtable = get_str(r);
	/* counts beyond the bytes left cannot be true: checked before allocating */
	size_t left = (size_t)(r->end - r->p);
	if (r->bad || nv > left || ix->nnames > left || ix->nentries > left ||
	    ix->nname_tok > left || ix->njoins > left || ix->nids > left || nidkeys > left) {
		r->bad = true;
		return;
	}
	ix->vkind = arena_alloc(r->a, nv + 1);
	ix->vtext = arena_calloc(r->a, nv + 1, sizeof *ix->vtext);
	ix->vphon = arena_calloc(r->a, nv + 1, sizeof *ix->vphon);
	for (uint32_t v = 0; v < nv && !r->bad; v++) {
		get(r, &ix->vkind[v], 1);
		ix->vtext[v] = get_str(r);
		ix->vphon[v] = get_str(r);
	}
	ix->vplace = get_array(r, nv, 1);
	ix->vcps = get_array(r, nv, sizeof *ix->vcps);
	ix->idf = get_array(r, nv, sizeof *ix->idf);
	ix->names = arena_calloc(r->a, ix->nnames + 1, sizeof *ix->names);
	for (uint32_t i = 0; i < ix->nnames && !r->bad; i++) {
		struct nx_name *n = &ix->names[i];
		n->entry = get_u32(r);
		n->tok = get_u32(r);
		n->ntok = (uint16_t)get_u32(r);
		get(r, &n->weak, 1);
		n->weight = get_f64(r);
		n->name = get_str(r);
		n->kind = get_str(r);
		n->via = get_str(r);
		n->conf = get_str(r);
	}
	ix->name_tok = get_array(r, ix->nname_tok, sizeof *ix->name_tok);
	ix->entries = arena_calloc(r->a, ix->nentries + 1, sizeof *ix->entries);
	for (uint32_t e = 0; e < ix->nentries && !r->bad; e++)
		get_entry(r, &ix->entries[e]);
	ix->post_off = get_array(r, nv + 1, sizeof *ix->post_off);
	if (r->bad || ix->post_off[nv] > left) {
		r->bad = true;
		return;
	}
	ix->post = get_array(r, ix->post_off[nv], sizeof *ix->post);
	ix->joins = arena_calloc(r->a, ix->njoins + 1, sizeof *ix->joins);
	for (size_t k = 0; k < ix->njoins && !r->bad; k++) {
		get(r, &ix->joins[k].h, sizeof ix->joins[k].h);
		ix->joins[k].v = get_u32(r);
	}
	ix->legal = get_array(r, ix->nlegal, sizeof *ix->legal);
	for (uint32_t k = 0; k < nidkeys && !r->bad; k++) {
		uint32_t n = get_u32(r);
		const char *key = take(r, n);
		uint32_t value = get_u32(r);
		if (key)
			strmap_put(ix->ids, key, n, value, NULL);
	}
	ix->id_entry = get_array(r, ix->nids, sizeof *ix->id_entry);
	ix->id_text = arena_calloc(r->a, ix->nids + 1, sizeof *ix->id_text);
	for (uint32_t k = 0; k < ix->nids && !r->bad; k++)
		ix->id_text[k] = get_str(r);
	ix->eperson = get_array(r, ix->nentries, 1);
	ix->cweight = get_array(r, ix->nnames, sizeof *ix->cweight);
}

struct nindex *nindex_restore(const void *buf, size_t n, struct strbuf *err)
{
	struct nindex *ix = nindex_new(err);
	if (!ix)
		return NULL;
	nindex_abandon_build(ix);
	struct rd r = {buf, (const char *)buf + n, false, ix->arena};
	if (get_u32(&r) != INDEX_FILE_MAGIC || get_u32(&r) != INDEX_FILE_VERSION)
		r.bad = true;
	if (!r.bad)
		read_body(&r, ix);
	if (r.bad || r.p != r.end || !consistent(ix)) {
		nindex_free(ix);
		return NULL;
	}
	nindex_derive(ix);
	return ix;
}
