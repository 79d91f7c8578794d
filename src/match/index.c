/*
 * index.c — the name index (match/index.h): building it from the names
 * handed to it, searching it, explaining a hit.  Reading the lists from the
 * store is lists/index-load.c's.
 */
#include "match/index.h"
#include "util/strmap.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define MAXQ          NAME_MAX_TOKENS
#define BONUS_COUNTRY 0.05
#define BONUS_ADDRESS 0.05
#define TYPE_MISMATCH 0.9
#define WEAK_ALIAS    0.8 /* OFAC: weak AKAs are not expected to be screened on their own */

/* ---------------------------------------------------------------------- */
/* Building                                                                */

static uint32_t intern(struct nindex *ix, char kind, const char *text, size_t len)
{
	char key[512];
	if (len > sizeof key - 3)
		len = sizeof key - 3;
	key[0] = kind;
	key[1] = ':';
	memcpy(key + 2, text, len);
	uint32_t id;
	strmap_put(ix->vocab, key, len + 2, (uint32_t)ix->vocab->n, &id);
	return id;
}

static bool lookup(const struct nindex *ix, char kind, const char *text, uint32_t *id)
{
	char key[512];
	size_t len = strlen(text);
	if (len > sizeof key - 3)
		return false;
	key[0] = kind;
	key[1] = ':';
	memcpy(key + 2, text, len);
	return strmap_get(ix->vocab, key, len + 2, id);
}

static void add_name(struct nindex *ix, uint32_t entry, const char *name, const char *kind,
		     const char *via, struct nname *nn)
{
	normalize_name(ix->tab, name, strlen(name), nn);
	if (!nn->n)
		return;
	struct nx_name *n = ARENA_PUSH(ix->arena, ix->names, ix->nnames, ix->capnames);
	n->entry = entry;
	n->name = name;
	n->kind = kind;
	n->via = via;
	n->tok = (uint32_t)ix->nname_tok;
	n->ntok = (uint16_t)nn->n;
	for (int i = 0; i < nn->n; i++) {
		uint32_t v = intern(ix, nn->t[i].kind, ntok_text(nn, i), nn->t[i].len);
		*ARENA_PUSH(ix->arena, ix->name_tok, ix->nname_tok, ix->capname_tok) = v;
	}
}

static int64_t find_entry(const struct nindex *ix, int64_t id)
{
	uint32_t lo = 0, hi = ix->nentries;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (ix->entries[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->nentries && ix->entries[lo].id == id ? (int64_t)lo : -1;
}

/* Tokens apart from legal forms (with them, as their class, when legal),
 * sorted: equal keys mean the same name. */
static void content_key(const struct nname *nn, struct strbuf *out, bool legal)
{
	const char *t[NAME_MAX_TOKENS];
	int n = 0;
	for (int i = 0; i < nn->n; i++)
		if (legal || nn->t[i].kind != TK_LEGAL)
			t[n++] = ntok_text(nn, i);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(t[j - 1], t[j]) > 0; j--) {
			const char *x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	strbuf_reset(out);
	for (int i = 0; i < n; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", t[i]);
}

/* Organisation tables lend names to the listed parties they name: an org's
 * own names (no note) are its keys; all its names are lent. */
struct org_name {
	uint32_t org; /* index into orgset.orgs */
	const char *name, *kind, *note, *conf;
};

struct org {
	const char *display, *citation;
	const char *full;  /* the display name's key, legal forms included */
	bool table;        /* chipscreen's org table (else a flattened one) */
	uint32_t first, n; /* its names in orgset.names */
};

struct orgset {
	struct org *orgs;
	size_t norgs, caporgs;
	struct org_name *names;
	size_t nnames, capnames;
	struct strmap keys; /* content key -> index into chain */
	struct {
		uint32_t org, next;
		uint32_t name; /* the org's name that gave the key */
	} * chain;
	size_t nchain, capchain;
	const char *origin; /* how chipscreen's table came in, for the why */
};

static struct org *org_add(struct nindex *ix, struct orgset *os, const char *display,
			   const char *citation, bool table)
{
	struct org *o = ARENA_PUSH(ix->arena, os->orgs, os->norgs, os->caporgs);
	o->display = display;
	o->citation = citation;
	o->table = table;
	o->first = (uint32_t)os->nnames;
	o->n = 0;
	return o;
}

static void org_name_add(struct nindex *ix, struct orgset *os, const char *name, const char *kind,
			 const char *note, const char *conf, struct nname *nn, struct strbuf *key)
{
	struct org_name *o = ARENA_PUSH(ix->arena, os->names, os->nnames, os->capnames);
	o->org = (uint32_t)os->norgs - 1;
	o->name = name;
	o->kind = kind;
	o->note = note;
	o->conf = conf;
	os->orgs[os->norgs - 1].n++;
	if (note)
		return; /* lent to it: not a name of the organisation itself */
	normalize_name(ix->tab, name, strlen(name), nn);
	struct org *org = &os->orgs[o->org];
	if (!org->full && !strcmp(kind, "name")) {
		content_key(nn, key, true);
		org->full = arena_strndup(ix->arena, key->buf, key->len);
	}
	content_key(nn, key, false);
	if (!key->len)
		return;
	uint32_t head, me = (uint32_t)os->nchain;
	ARENA_PUSH(ix->arena, os->chain, os->nchain, os->capchain);
	os->chain[me].org = o->org;
	os->chain[me].next = UINT32_MAX;
	if (!strmap_put(&os->keys, key->buf, key->len, me, &head)) {
		uint32_t k = head;
		while (os->chain[k].next != UINT32_MAX && os->chain[k].org != o->org)
			k = os->chain[k].next;
		if (os->chain[k].org != o->org)
			os->chain[k].next = me;
	}
}

/* How a lent name came: which table, what the name is to the organisation,
 * and by which of its names the listed entry is that organisation. */
static const char *lent_via(struct nindex *ix, const struct org *o, const struct org_name *n,
			    const char *listed)
{
	if (!o->table)
		return arena_printf(ix->arena, "org table %s, %s", o->display, n->kind);
	if (n->note)
		return arena_printf(ix->arena, "%s: %s; listed as \"%s\"", ix->orgtable, n->note,
				    listed);
	return arena_printf(ix->arena,
			    "%s: \"%s\" is a name of %s (orgs.tsv, source %s); listed as \"%s\"",
			    ix->orgtable, n->name, o->display, o->citation, listed);
}

/* A listed entry found to be an organisation: by which name, how surely
 * (2: the organisation's full name, legal form and all; 1: another of its
 * names, or the full name with another legal form). */
struct lend_pair {
	uint32_t entry, org;
	uint32_t listed; /* the listed name that agrees */
	int strength;
};

/* An organisation found as several entries of one source by different names
 * is the entry its full name finds: "China Mobile" is an alias of China
 * Mobile Communications Group in the org table, but DoD's short name for
 * China Mobile Limited, listed beside the group; "China Telecom" names both
 * China Telecom Corporation Limited and DoD's China Telecom Group.  Weaker
 * bridges lose. */
static bool weaker_bridge(const struct nindex *ix, const struct lend_pair *p, size_t np, size_t i)
{
	for (size_t j = 0; j < np; j++)
		if (p[j].org == p[i].org && p[j].strength > p[i].strength &&
		    !strcmp(ix->entries[p[j].entry].source, ix->entries[p[i].entry].source))
			return true;
	return false;
}

/*
 * What building keeps until nindex_finish(): which entries are
 * organisations of an org table (their names lend, they are not searched),
 * the organisations and their names, and the listed entries found to be one.
 */
struct nx_build {
	bool *is_org;
	size_t capentries;
	size_t capids, capidtext;
	struct orgset os;
	struct lend_pair *pairs;
	size_t npairs, cappairs;
	uint32_t *first; /* per entry: 1 + its first name (listed names are contiguous) */
	struct nname nn;
	struct strbuf key, full;
};

struct nindex *nindex_new(struct strbuf *err)
{
	const struct norm_tables *tab = norm_tables(err);
	if (!tab)
		return NULL;
	struct nindex *ix = xcalloc(1, sizeof *ix);
	ix->arena = arena_new();
	ix->tab = tab;
	ix->vocab = xcalloc(1, sizeof *ix->vocab);
	strmap_init(ix->vocab);
	ix->ids = xcalloc(1, sizeof *ix->ids);
	strmap_init(ix->ids);
	struct nx_build *b = ix->build = xcalloc(1, sizeof *b);
	strmap_init(&b->os.keys);
	nname_init(&b->nn);
	strbuf_init(&b->key, 0);
	strbuf_init(&b->full, 0);
	return ix;
}

static void build_free(struct nx_build *b)
{
	if (!b)
		return;
	free(b->is_org);
	free(b->first);
	strmap_free(&b->os.keys);
	strbuf_release(&b->key);
	strbuf_release(&b->full);
	nname_release(&b->nn);
	free(b);
}

uint32_t nindex_add_entry(struct nindex *ix, const struct nx_entry *from, bool org)
{
	struct nx_build *b = ix->build;
	struct nx_entry *e = ARENA_PUSH(ix->arena, ix->entries, ix->nentries, b->capentries);
	struct arena *a = ix->arena;
	*e = (struct nx_entry){.id = from->id,
			       .source = arena_strdup(a, from->source),
			       .ref = arena_strdup(a, from->ref),
			       .list = arena_strdup(a, from->list),
			       .type = arena_strdup(a, from->type),
			       .name = arena_strdup(a, from->name),
			       .programs = arena_strdup(a, from->programs),
			       .citation = arena_strdup(a, from->citation),
			       .start = arena_strdup(a, from->start),
			       .end = arena_strdup(a, from->end),
			       .url = arena_strdup(a, from->url),
			       .license_requirement = arena_strdup(a, from->license_requirement),
			       .license_policy = arena_strdup(a, from->license_policy)};
	b->is_org = xreallocarray(b->is_org, ix->nentries, sizeof *b->is_org);
	b->is_org[ix->nentries - 1] = org;
	return ix->nentries - 1;
}

int64_t nindex_entry_of(const struct nindex *ix, int64_t id)
{
	return find_entry(ix, id);
}

void nindex_add_address(struct nindex *ix, uint32_t entry, const char *address,
			const char *country)
{
	struct nx_entry *e = &ix->entries[entry];
	if (address) /* normalised when a query gives an address (evidence): a tenth of a load */
		e->addr = e->addr ? arena_printf(ix->arena, "%s\x1f%s", e->addr, address)
				  : arena_strdup(ix->arena, address);
	if (!country)
		return;
	for (int i = 0; i < e->ncountries; i++)
		if (!strcmp(e->countries[i], country))
			return;
	e->countries = arena_grow(ix->arena, e->countries, (size_t)e->ncountries,
				  (size_t)e->ncountries + 1, sizeof *e->countries);
	e->countries[e->ncountries++] = arena_strdup(ix->arena, country);
}

void nindex_add_id(struct nindex *ix, uint32_t entry, const char *norm, const char *type,
		   const char *value)
{
	struct nx_build *b = ix->build;
	size_t n2 = ix->nids;
	/* one identifier may belong to several entries: chain by repeated keys */
	struct strbuf k = STRBUF_INIT;
	strbuf_addf(&k, "%s#%u", norm, (unsigned)entry);
	strmap_put(ix->ids, k.buf, k.len, ix->nids, NULL);
	strbuf_release(&k);
	*ARENA_PUSH(ix->arena, ix->id_entry, ix->nids, b->capids) = entry;
	*ARENA_PUSH(ix->arena, ix->id_text, n2, b->capidtext) =
		arena_printf(ix->arena, "%s %s", type ? type : "identifier", value ? value : norm);
}

void nindex_add_org(struct nindex *ix, const char *display, const char *citation, bool table)
{
	org_add(ix, &ix->build->os, arena_strdup(ix->arena, display),
		arena_strdup(ix->arena, citation), table);
}

void nindex_add_org_name(struct nindex *ix, const char *name, const char *kind, const char *note,
			 const char *conf)
{
	struct nx_build *b = ix->build;
	org_name_add(ix, &b->os, arena_strdup(ix->arena, name), arena_strdup(ix->arena, kind),
		     arena_strdup(ix->arena, note), arena_strdup(ix->arena, conf), &b->nn, &b->key);
}

bool nindex_entry_is_org(const struct nindex *ix, uint32_t entry)
{
	return ix->build && ix->build->is_org[entry];
}

void nindex_add_name(struct nindex *ix, uint32_t e, const char *name_in, const char *kind_in)
{
	struct nx_build *b = ix->build;
	struct orgset *os = &b->os;
	if (b->is_org[e])
		return;
	if (!b->first)
		b->first = xcalloc(ix->nentries + 1, sizeof *b->first);
	if (!b->first[e])
		b->first[e] = ix->nnames + 1;
	const char *name = arena_strdup(ix->arena, name_in), *kind = arena_strdup(ix->arena, kind_in);
	add_name(ix, e, name, kind, NULL, &b->nn);
	if (!os->nchain)
		return;
	normalize_name(ix->tab, name, strlen(name), &b->nn);
	content_key(&b->nn, &b->key, false);
	uint32_t k;
	if (!b->key.len || !strmap_get(&os->keys, b->key.buf, b->key.len, &k))
		return;
	content_key(&b->nn, &b->full, true);
	for (; k != UINT32_MAX; k = os->chain[k].next) {
		const char *of = os->orgs[os->chain[k].org].full;
		int strength = of && !strcmp(of, b->full.buf) ? 2 : 1;
		struct lend_pair *dup = NULL;
		for (size_t j = b->npairs; j-- > 0 && b->pairs[j].entry == e && !dup;)
			if (b->pairs[j].org == os->chain[k].org)
				dup = &b->pairs[j];
		if (!dup) {
			dup = ARENA_PUSH(ix->arena, b->pairs, b->npairs, b->cappairs);
			dup->entry = e;
			dup->org = os->chain[k].org;
			dup->strength = 0;
		}
		if (strength > dup->strength) {
			dup->strength = strength;
			dup->listed = ix->nnames - 1;
		}
	}
}

/* Lend: every name of the organisation the entry does not already have. */
static void lend_names(struct nindex *ix, struct nx_build *b)
{
	uint32_t nlisted = ix->nlisted = ix->nnames;
	struct strmap lent;
	strmap_init(&lent);
	for (size_t i = 0; i < b->npairs; i++) {
		if (weaker_bridge(ix, b->pairs, b->npairs, i))
			continue;
		uint32_t entry = b->pairs[i].entry;
		const struct org *o = &b->os.orgs[b->pairs[i].org];
		for (uint32_t k = o->first; k < o->first + o->n; k++) {
			const struct org_name *n = &b->os.names[k];
			bool dup = false;
			for (uint32_t j = b->first[entry] - 1;
			     j < nlisted && ix->names[j].entry == entry; j++)
				if (!strcmp(ix->names[j].name, n->name))
					dup = true;
			strbuf_reset(&b->key);
			strbuf_addf(&b->key, "%u\t%s", entry, n->name);
			if (dup || !strmap_put(&lent, b->key.buf, b->key.len, 0, NULL))
				continue;
			uint32_t before = ix->nnames;
			add_name(ix, entry, n->name, n->kind,
				 lent_via(ix, o, n, ix->names[b->pairs[i].listed].name), &b->nn);
			if (ix->nnames > before)
				ix->names[before].conf = n->conf;
		}
	}
	strmap_free(&lent);
}

/* Hashes of s and of every string made by deleting up to depth code points. */
static size_t deletions(const int32_t *cp, int n, int depth, uint64_t *out, size_t max)
{
	size_t k = 0;
	int32_t buf[64];
	if (n > 64)
		n = 64;
	out[k++] = strmap_hash(cp, (size_t)n * sizeof *cp);
	for (int i = 0; depth >= 1 && i < n && k < max; i++) {
		int m = 0;
		for (int x = 0; x < n; x++)
			if (x != i)
				buf[m++] = cp[x];
		out[k++] = strmap_hash(buf, (size_t)m * sizeof *buf);
		for (int j = i + 1; depth >= 2 && j < n && k < max; j++) {
			m = 0;
			for (int x = 0; x < n; x++)
				if (x != i && x != j)
					buf[m++] = cp[x];
			out[k++] = strmap_hash(buf, (size_t)m * sizeof *buf);
		}
	}
	return k;
}

#define MAX_DELETIONS (1 + 64 + 64 * 63 / 2)
#define KEYS_MAX      (2 * MAX_DELETIONS + 2) /* deletions, article_keys() */

/* The key under which a word's phonetic key is filed among the deletion
 * keys (a distinct domain: a collision only adds a candidate, which is then
 * compared for real). */
static bool phon_hash(const char *w, uint64_t *h)
{
	char k[64];
	int n = phon_key(w, k, sizeof k);
	if (!n)
		return false;
	*h = strmap_hash(k, (size_t)n) ^ 0x9e3779b97f4a7c15ull;
	return true;
}

/* A word's keys besides its deletions: its phonetic key, and when it opens
 * with a joined article (score.h joined_article) the rest's deletions, so
 * that "alharamain" and "haramein" share one, as the deletions of two words
 * within the edit budget do.  At most KEYS_MAX - MAX_DELETIONS. */
static size_t article_keys(const char *w, const int32_t *cp, int n, uint64_t *out)
{
	size_t k = 0;
	uint64_t ph;
	if (phon_hash(w, &ph))
		out[k++] = ph;
	int a = joined_article(w, (uint32_t)n);
	if (!a)
		return k;
	k += deletions(cp + a, n - a, deletion_depth((uint32_t)(n - a)), out + k, MAX_DELETIONS);
	return k;
}

static void build_postings(struct nindex *ix)
{
	uint32_t nv = ix->nvocab;
	ix->post_off = arena_calloc(ix->arena, nv + 1, sizeof *ix->post_off);
	uint32_t *last = xcalloc(nv, sizeof *last);
	for (uint32_t i = 0; i < ix->nnames; i++)
		for (uint32_t k = 0; k < ix->names[i].ntok; k++) {
			uint32_t v = ix->name_tok[ix->names[i].tok + k];
			if (last[v] != i + 1) {
				last[v] = i + 1;
				ix->post_off[v + 1]++;
			}
		}
	for (uint32_t v = 0; v < nv; v++)
		ix->post_off[v + 1] += ix->post_off[v];
	ix->post = arena_calloc(ix->arena, ix->post_off[nv] + 1, sizeof *ix->post);
	uint32_t *fillp = xcalloc(nv, sizeof *fillp);
	memset(last, 0, nv * sizeof *last);
	for (uint32_t i = 0; i < ix->nnames; i++)
		for (uint32_t k = 0; k < ix->names[i].ntok; k++) {
			uint32_t v = ix->name_tok[ix->names[i].tok + k];
			if (last[v] != i + 1) {
				last[v] = i + 1;
				ix->post[ix->post_off[v] + fillp[v]++] = i;
			}
		}
	free(last);
	free(fillp);
}

static void range(const struct nx_key *keys, size_t n, uint64_t h, size_t *lo, size_t *hi);

/* The slot of a key's hash in a directory (the hash is a hash already:
 * mixed once more so that nearby values spread). */
static size_t kdir_slot(const struct nx_kdir *d, uint64_t h)
{
	return (size_t)((h * 0x9e3779b97f4a7c15ull) >> 17) & d->mask;
}

/*
 * A directory over sorted keys (the deletion keys, the joins): each distinct
 * hash's first index, in an open-addressed table at most half full.  A query
 * word looks up each of its deletions (dozens); a binary search over a few
 * million keys was twenty cache misses each and a quarter of the screening
 * time.  Not util/strmap, the project's one map: the keys are sorted already
 * and a slot holds only a 4-byte index into them (no key copy, no value
 * array), so the directory of a few million keys is a quarter of what a
 * map of 8-byte keys would take, and a lookup is one probe and one compare.
 */
static void build_kdir(const struct nx_key *keys, size_t n, struct nx_kdir *d)
{
	d->dir = NULL;
	if (n >= UINT32_MAX)
		return; /* key_range searches the keys instead */
	size_t distinct = 0;
	for (size_t i = 0; i < n; i++)
		distinct += !i || keys[i].h != keys[i - 1].h;
	size_t size = 16;
	while (size < 2 * distinct)
		size *= 2;
	d->dir = xcalloc(size, sizeof *d->dir);
	d->mask = size - 1;
	for (size_t i = 0; i < n; i++) {
		if (i && keys[i].h == keys[i - 1].h)
			continue;
		size_t s = kdir_slot(d, keys[i].h);
		while (d->dir[s])
			s = (s + 1) & d->mask;
		d->dir[s] = (uint32_t)i + 1;
	}
}

/* The keys [lo, hi) of hash h. */
static void key_range(const struct nx_key *keys, size_t n, const struct nx_kdir *d, uint64_t h,
		      size_t *lo, size_t *hi)
{
	*lo = *hi = 0;
	if (!d->dir) {
		range(keys, n, h, lo, hi);
		return;
	}
	for (size_t s = kdir_slot(d, h); d->dir[s]; s = (s + 1) & d->mask) {
		size_t a = d->dir[s] - 1;
		if (keys[a].h != h)
			continue;
		size_t b = a;
		while (b < n && keys[b].h == h)
			b++;
		*lo = a;
		*hi = b;
		return;
	}
}

static void build_vocab(struct nindex *ix)
{
	uint32_t nv = ix->nvocab = (uint32_t)ix->vocab->n;
	ix->vkind = arena_alloc(ix->arena, nv + 1);
	ix->vcps = arena_calloc(ix->arena, nv + 1, sizeof *ix->vcps);
	ix->vtext = arena_calloc(ix->arena, nv + 1, sizeof *ix->vtext);
	ix->idf = arena_calloc(ix->arena, nv + 1, sizeof *ix->idf);
	ix->vplace = arena_calloc(ix->arena, nv + 1, sizeof *ix->vplace);
	for (uint32_t v = 0; v < nv; v++) {
		const char *k = strmap_key(ix->vocab, v);
		ix->vkind[v] = k[0];
		ix->vtext[v] = k + 2;
		ix->vcps[v] = (uint32_t)utf8proc_decompose(
			(const uint8_t *)k + 2, (utf8proc_ssize_t)strlen(k + 2), NULL, 0, 0);
	}
	build_postings(ix);
	/* Weights come from the lists alone: names an org table lends (after
	 * nlisted) find their entries but do not make a word commoner, so
	 * importing or updating the table never moves other queries' scores. */
	double N = ix->nlisted;
	ix->idf_unknown = log((N + 1) / 0.5);
	ix->idf_rare = log((N + 1) / (RARE_DF + 0.5)); /* df <= RARE_DF among the lists' names */
	size_t capl = 0;
	for (uint32_t v = 0; v < nv; v++) {
		double df = 0;
		for (uint32_t k = ix->post_off[v]; k < ix->post_off[v + 1]; k++)
			df += ix->post[k] < ix->nlisted;
		char kind = ix->vkind[v];
		ix->vplace[v] = kind == TK_WORD &&
				norm_is_place(ix->tab, ix->vtext[v], strlen(ix->vtext[v]));
		ix->idf[v] = kind == TK_LEGAL     ? WEIGHT_LEGAL * ix->idf_unknown
			     : kind == TK_INITIAL ? WEIGHT_INITIAL * ix->idf_unknown
						  : log((N + 1) / (df + 0.5));
		if (kind == TK_LEGAL)
			*ARENA_PUSH(ix->arena, ix->legal, ix->nlegal, capl) = v;
	}
	for (uint32_t i = 0; i < ix->nnames; i++) {
		double W = 0;
		for (uint32_t k = 0; k < ix->names[i].ntok; k++)
			W += ix->idf[ix->name_tok[ix->names[i].tok + k]];
		ix->names[i].weight = W;
	}
}

/*
 * The deletion keys, phonetic keys and first letters of the words, which
 * let a query find its similar words without comparing it with the whole
 * vocabulary.  Sorting a few million keys is a third of the load time, so
 * they are built when a second query comes (a single `search` compares its
 * few words with the vocabulary instead: the same similar words).
 */
/* Sort keys by (h, then v), for keys pushed in increasing v:
 * a stable least-significant-digit radix sort on h, 16 bits a pass, keeps
 * equal hashes in v order.  The deletion keys of the SDN set are millions,
 * and qsort() took a tenth of a second of every run that builds them. */
static void sort_keys(struct nx_key *k, size_t n)
{
	if (n < 2)
		return;
	struct nx_key *tmp = xmalloc(n * sizeof *tmp), *src = k, *dst = tmp;
	size_t *count = xmalloc(65536 * sizeof *count);
	for (int shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(src[i].h >> shift) & 0xFFFF]++;
		if (count[(src[0].h >> shift) & 0xFFFF] == n)
			continue; /* all share this digit: the pass would change nothing */
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i].h >> shift) & 0xFFFF]++] = src[i];
		struct nx_key *t = src;
		src = dst;
		dst = t;
	}
	if (src != k)
		memcpy(k, src, n * sizeof *k);
	free(count);
	free(tmp);
}

/* The key of a word's start under which prefix_of() (match/score.h) pairs
 * it: a listed word is filed under each start it may be shortened to, and a
 * query word looks its whole self up there (a listed word longer than it),
 * and its own starts up among the words (a listed word shorter). */
#define PREFIX_SALT 0x94d049bb133111ebull
static uint64_t prefix_key(const char *w, size_t len)
{
	return strmap_hash(w, len) ^ PREFIX_SALT;
}

/* Whether w (n code points) is ASCII, the words prefix_of() pairs. */
static bool ascii_word(const char *w, int n)
{
	return strlen(w) == (size_t)n;
}

static void build_keys(struct nindex *ix)
{
	size_t capk = 0, capf = 0;
	uint64_t *del = xmalloc(KEYS_MAX * sizeof *del);
	int32_t cp[64];
	ix->keys_built = true;
	for (uint32_t v = 0; v < ix->nvocab; v++) {
		char kind = ix->vkind[v];
		if (kind != TK_WORD && kind != TK_INITIAL)
			continue;
		int n = utf8_codepoints(ix->vtext[v], cp, 64);
		int depth = kind == TK_WORD ? deletion_depth((uint32_t)n) : 0;
		size_t nd = deletions(cp, n, depth, del, MAX_DELETIONS);
		if (kind == TK_WORD)
			nd += article_keys(ix->vtext[v], cp, n, del + nd);
		for (size_t i = 0; i < nd; i++)
			*ARENA_PUSH(ix->arena, ix->keys, ix->nkeys, capk) =
				(struct nx_key){del[i], v};
		if (kind == TK_WORD && n)
			*ARENA_PUSH(ix->arena, ix->firsts, ix->nfirsts, capf) =
				(struct nx_key){(uint64_t)cp[0], v};
		uint32_t lo, hi;
		prefix_lengths((uint32_t)n, &lo, &hi);
		if (kind != TK_WORD || !ascii_word(ix->vtext[v], n))
			hi = 0; /* no starts: prefix_of() pairs ASCII words */
		for (uint32_t l = lo; l <= hi; l++)
			*ARENA_PUSH(ix->arena, ix->keys, ix->nkeys, capk) =
				(struct nx_key){prefix_key(ix->vtext[v], l), v};
	}
	free(del);
	sort_keys(ix->keys, ix->nkeys);
	/* duplicates (a word's deletions that coincide) */
	size_t w = 0;
	for (size_t i = 0; i < ix->nkeys; i++)
		if (!w || ix->keys[i].h != ix->keys[w - 1].h || ix->keys[i].v != ix->keys[w - 1].v)
			ix->keys[w++] = ix->keys[i];
	ix->nkeys = w;
	build_kdir(ix->keys, ix->nkeys, &ix->kdir);
	sort_keys(ix->firsts, ix->nfirsts);
}

static bool is_person(const char *type)
{
	return type && (!strcasecmp(type, "individual") || !strcasecmp(type, "person"));
}

/* The hash of a word's first letter and phonetic key, what joined_sim()
 * (match/score.h) asks of words run together and respelt; false for none. */
static uint64_t first_phon_hash(char first, const char *key, size_t n)
{
	char k[65];
	if (n + 1 > sizeof k)
		return 0;
	k[0] = first;
	memcpy(k + 1, key, n);
	return strmap_hash(k, n + 1) ^ 0xc2b2ae3d27d4eb4full;
}

static bool join_phon_hash(const char *w, uint64_t *h)
{
	char k[64];
	int n = phon_key(w, k, sizeof k);
	if (!n)
		return false;
	*h = first_phon_hash(w[0], k, (size_t)n);
	return true;
}

/* The same of words run together, each spelling a respelt join may start
 * from (match/score.h join_forms: as written, the article assimilated)
 * into h and their lengths into len; how many (none for words joined_sim()
 * does not respell, join_respellable). */
static int join_phons(const struct tokview *y, int k, uint64_t *h, uint32_t *len)
{
	struct join_form f[JOIN_FORMS];
	int nspell = 0, n = 0;
	if (!join_respellable(y, k) || join_forms(y, k, false, f, &nspell) < 1)
		return 0;
	for (int i = 0; i < nspell; i++)
		if (join_phon_hash(f[i].text, &h[n])) {
			len[n] = f[i].len;
			n++;
		}
	return n;
}

/* A listed word's join_phon_hash() in a domain of its own: two query words
 * run together that sound like it find the name. */
#define JOIN_WORD_SALT 0x5bd1e9955bd1e995ull

/* Words run together with a short part (match/score.h join_short) are
 * within one edit of the word they give: their key, and a word's, holds
 * the length too, so a word meets only runs one letter longer or shorter
 * at most ("CHARITABLE AL" sounds like "CHARITABLE", but is two letters
 * longer).  Two domains of their own, as above. */
#define JOIN_SHORT_SALT 0x27d4eb2f165667c5ull
#define JOIN_SHORT_WORD_SALT 0x165667b19e3779f9ull
static uint64_t with_len(uint64_t h, uint32_t len, uint64_t salt)
{
	return (h ^ salt) + 0x9e3779b97f4a7c15ull * (len + 1);
}

/* The key of a clipped compound (match/score.h clipped_sim): the head's
 * first CLIP_HEAD letters and the whole tail, in a domain of its own. */
#define CLIP_SALT 0x9e3779b97f4a7c15ull
#define CLIP_WORD_SALT 0x2545f4914f6cdd1dull /* a listed word split (push_clip_keys) */
static uint64_t clip_key(const char *head, const char *tail, size_t ntail)
{
	char buf[JOIN_FORM_MAX];
	if (CLIP_HEAD + ntail > sizeof buf)
		return 0;
	memcpy(buf, head, CLIP_HEAD);
	memcpy(buf + CLIP_HEAD, tail, ntail);
	return strmap_hash(buf, CLIP_HEAD + ntail) ^ CLIP_SALT;
}

/* The tail of a clipped compound whose head is word 0 of w[0..n-1]: the
 * first later word of CLIP_TAIL letters, with only words of CLIP_GAP letters
 * before it; -1 when none.  The head must leave a letter out: CLIP_HEAD + 1
 * letters at least. */
static int clip_tail(const struct tokview *w, int n)
{
	if (w[0].kind != TK_WORD || w[0].len < CLIP_HEAD + 1)
		return -1;
	for (int j = 1; j < n && j < CLIP_MAX_PARTS; j++) {
		if (w[j].kind != TK_WORD)
			return -1;
		if (w[j].len >= CLIP_TAIL)
			return j;
		if (w[j].len > CLIP_GAP)
			return -1;
	}
	return -1;
}

/* Name i's clipped compound with w[0] as head (w[0..n-1]: its words from there on), and
 * w[0] itself split as one: their keys. */
static void push_clip_keys(struct nindex *ix, uint32_t i, const struct tokview *w, int n,
			   size_t *cap)
{
	uint64_t h;
	int t = clip_tail(w, n);
	if (t > 0 && (h = clip_key(w[0].text, w[t].text, w[t].len)))
		*ARENA_PUSH(ix->arena, ix->joins, ix->njoins, *cap) = (struct nx_key){h, i};
	/* the word itself as a clipped compound, at every split: query words
	 * whose head and tail it could be find it with one key */
	for (uint32_t s = CLIP_HEAD; w[0].len >= CLIP_WORD && s <= CLIP_HEAD_MAX &&
				     s + CLIP_TAIL <= w[0].len;
	     s++)
		if ((h = clip_key(w[0].text, w[0].text + s, w[0].len - s)))
			*ARENA_PUSH(ix->arena, ix->joins, ix->njoins, *cap) =
				(struct nx_key){h ^ CLIP_WORD_SALT, i};
}

/* The name's word at position k with the next one or two, run together:
 * every form (join_forms()) of the pair in either order and of the triple
 * as written, and the pair as written by its phonetic key (respelt). */
static void push_join_forms(struct nindex *ix, uint32_t i, uint32_t k, size_t *cap)
{
	/* the words from k on, up to the first that is none: one view for the
	 * runs and the clipped compounds */
	struct tokview t[CLIP_MAX_PARTS];
	uint32_t n = 0;
	for (; n < CLIP_MAX_PARTS && k + n < ix->names[i].ntok; n++) {
		uint32_t v = ix->name_tok[ix->names[i].tok + k + n];
		if (ix->vkind[v] != TK_WORD)
			break;
		t[n] = (struct tokview){TK_WORD, ix->vtext[v], (uint32_t)strlen(ix->vtext[v]), true};
	}
	if (!n)
		return;
	struct join_form f[JOIN_FORMS];
	for (uint32_t parts = 2; parts <= n && parts <= JOIN_MAX_PARTS; parts++)
		for (int order = 0; order < (parts == 2 ? 2 : 1); order++) {
			struct tokview r[2] = {t[1], t[0]};
			int nf = join_forms(order ? r : t, (int)parts, !order, f, NULL);
			for (int m = 0; m < nf; m++)
				*ARENA_PUSH(ix->arena, ix->joins, ix->njoins, *cap) =
					(struct nx_key){strmap_hash(f[m].text, f[m].len), i};
		}
	uint64_t h[JOIN_FORMS];
	uint32_t len[JOIN_FORMS];
	int nh = n >= 2 ? join_phons(t, 2, h, len) : 0;
	for (int m = 0; m < nh; m++) {
		if (!join_short(t, 2))
			*ARENA_PUSH(ix->arena, ix->joins, ix->njoins, *cap) = (struct nx_key){h[m], i};
		else /* one key for each length of word one edit away */
			for (uint32_t l = len[m] - 1; l <= len[m] + 1; l++)
				*ARENA_PUSH(ix->arena, ix->joins, ix->njoins, *cap) =
					(struct nx_key){with_len(h[m], l, JOIN_SHORT_SALT), i};
	}
	push_clip_keys(ix, i, t, (int)n, cap);
}

/* Every name's adjacent word pairs and triples, run together, as written
 * and by their phonetic key, and its words' phonetic keys: a query word
 * equal to or sounding like a pair or triple, or two query words run
 * together sounding like a word, find the name (score_tokens() pairs them, match/score.h
 * joined_sim()). */
static void build_joins(struct nindex *ix)
{
	size_t cap = 0;
	for (uint32_t i = 0; i < ix->nnames; i++)
		for (uint32_t k = 0; k < ix->names[i].ntok; k++) {
			uint32_t v = ix->name_tok[ix->names[i].tok + k];
			uint64_t h;
			uint32_t len = (uint32_t)strlen(ix->vtext[v]);
			if (ix->vkind[v] == TK_WORD && len >= JOIN_MIN_WORD &&
			    join_phon_hash(ix->vtext[v], &h)) {
				*ARENA_PUSH(ix->arena, ix->joins, ix->njoins, cap) =
					(struct nx_key){h ^ JOIN_WORD_SALT, i};
				*ARENA_PUSH(ix->arena, ix->joins, ix->njoins, cap) =
					(struct nx_key){with_len(h, len, JOIN_SHORT_WORD_SALT), i};
			}
			push_join_forms(ix, i, k, &cap);
		}
	sort_keys(ix->joins, ix->njoins); /* pushed in name order: by (h, v) */
	build_kdir(ix->joins, ix->njoins, &ix->jdir);
}

void nindex_build_keys(struct nindex *ix)
{
	if (!ix->keys_built)
		build_keys(ix);
}

void nindex_abandon_build(struct nindex *ix)
{
	build_free(ix->build);
	ix->build = NULL;
}

void nindex_derive(struct nindex *ix)
{
	strmap_reserve(ix->vocab, ix->nvocab);
	for (uint32_t v = 0; v < ix->nvocab; v++)
		intern(ix, ix->vkind[v], ix->vtext[v], strlen(ix->vtext[v]));
	build_kdir(ix->joins, ix->njoins, &ix->jdir);
	ix->spans = xcalloc(ix->nnames + 1, sizeof *ix->spans);
	for (uint32_t i = 0; i < ix->nnames; i++)
		ix->spans[i] = (struct nx_span){ix->names[i].tok, ix->names[i].ntok,
						ix->names[i].weak, ix->names[i].entry};
}

void nindex_finish(struct nindex *ix)
{
	lend_names(ix, ix->build);
	build_free(ix->build);
	ix->build = NULL;
	build_vocab(ix);
	ix->vphon = arena_calloc(ix->arena, ix->nvocab + 1, sizeof *ix->vphon);
	for (uint32_t v = 0; v < ix->nvocab; v++) { /* once, not once per comparison */
		char k[64];
		ix->vphon[v] = ix->vkind[v] == TK_WORD && phon_key(ix->vtext[v], k, sizeof k)
				       ? arena_strdup(ix->arena, k)
				       : "";
	}
	build_joins(ix);
	ix->eperson = arena_calloc(ix->arena, ix->nentries + 1, sizeof *ix->eperson);
	for (uint32_t e = 0; e < ix->nentries; e++)
		ix->eperson[e] = is_person(ix->entries[e].type);
	for (uint32_t i = 0; i < ix->nnames; i++)
		ix->names[i].weak = !strcmp(ix->names[i].kind, "weak");
	ix->spans = xcalloc(ix->nnames + 1, sizeof *ix->spans);
	ix->cweight = arena_calloc(ix->arena, ix->nnames + 1, sizeof *ix->cweight);
	for (uint32_t i = 0; i < ix->nnames; i++)
		ix->spans[i] = (struct nx_span){ix->names[i].tok, ix->names[i].ntok,
						ix->names[i].weak, ix->names[i].entry};
	for (uint32_t i = 0; i < ix->nnames; i++) { /* B of score_name(), for the search's bound */
		const struct nx_name *n = &ix->names[i];
		uint32_t nc = n->ntok > MAXQ ? MAXQ : n->ntok;
		double B = 0;
		for (uint32_t j = 0; j < nc; j++)
			B += ix->idf[ix->name_tok[n->tok + j]];
		ix->cweight[i] = (float)B;
	}
}

void nindex_free(struct nindex *ix)
{
	if (!ix)
		return;
	if (ix->vocab)
		strmap_free(ix->vocab);
	free(ix->vocab);
	if (ix->ids)
		strmap_free(ix->ids);
	free(ix->ids);
	free(ix->kdir.dir);
	free(ix->jdir.dir);
	free(ix->spans);
	free(ix->econs);
	nx_scratch_free(ix->own);
	if (ix->free_cons)
		ix->free_cons(ix->cons);
	build_free(ix->build);
	review_free(ix->reviews, ix->nreviews);
	arena_free(ix->arena);
	free(ix);
}

/* ---------------------------------------------------------------------- */
/* Searching                                                               */

#define SIMCACHE_TOKENS 65536
#define SIMCACHE_PAIRS  (1u << 21)

/* A name as a candidate of the current query: 32 bytes, aligned, so that
 * one never straddles two cache lines (the walk over the postings reads one
 * at random per posting). */
struct __attribute__((aligned(32))) nx_cand {
	uint32_t stamp; /* == nx_scratch.stamp: a candidate of this query */
	uint8_t last;   /* the last query token counted, + 1 */
	uint8_t words;  /* query words (W, C) it holds a similar token for */
	float acc;      /* the query weight it may cover (similarity x weight) */
	float best;     /* what the last token counted added */
	float accb;     /* the listed weight it may cover (similarity x listed weight) */
	float bestb;    /* what the last token counted added to accb */
	float weight;   /* the name's listed weight (nindex.cweight, copied: one cache line) */
};

/*
 * What one search writes, so that the index itself is only read and
 * searches with scratches of their own run side by side.  Arrays per
 * vocabulary word, per name and per entry hold the stamp of the query that
 * last touched them, so nothing is cleared between queries.
 */
struct nx_scratch {
	uint32_t stamp, *estamp;
	/* per vocabulary word: seen by this query (stamp) and its row of
	 * similarities in the query's table; together, one cache miss */
	struct nx_vstate {
		uint32_t stamp, row;
	} * vs;
	struct nx_cand *ncand; /* per name, for the query at stamp */
	uint32_t *jstamp;      /* names a joined or split word may pair with (join_mark) */
	uint32_t *jl;          /* ... listed, for the query at stamp */
	size_t njl, capjl;
	uint32_t *ebest;
	/* the similar listed tokens of query tokens met before (simcache_get):
	 * a batch repeats its words ("Trading", "Ltd") */
	struct strmap *simcache; /* kind + text -> index into simc */
	struct nx_simc {
		uint32_t off, n;
	} * simc;
	size_t nsimc, capsimc;
	uint32_t *sc_v; /* vocabulary ids, simc[k].off .. + n */
	double *sc_s;   /* their similarities */
	size_t nsc, capsc;
	uint32_t nvocab, nnames, nentries; /* of the index it was made for */
	size_t cache_pairs;                /* the bound of sc_v, sc_s */
	const float *cweight;
	uint64_t del[KEYS_MAX]; /* a word's deletion keys (similar_indexed) */
};

static void cand_weights(struct nx_scratch *sc)
{
	for (uint32_t i = 0; i < sc->nnames; i++)
		sc->ncand[i].weight = sc->cweight[i];
}

struct nx_scratch *nx_scratch_new(const struct nindex *ix, size_t cache_pairs)
{
	struct nx_scratch *sc = xcalloc(1, sizeof *sc);
	sc->cache_pairs = cache_pairs ? cache_pairs : SIMCACHE_PAIRS;
	sc->nvocab = ix->nvocab;
	sc->nnames = ix->nnames;
	sc->nentries = ix->nentries;
	sc->cweight = ix->cweight;
	sc->vs = xcalloc(ix->nvocab + 1, sizeof *sc->vs);
	/* on cache-line boundaries (struct nx_cand) */
	size_t bytes = ((ix->nnames + 1) * sizeof *sc->ncand + 63) & ~(size_t)63;
	sc->ncand = aligned_alloc(64, bytes);
	if (!sc->ncand) {
		fprintf(stderr, "chipscreen: out of memory (%zu bytes)\n", bytes);
		abort();
	}
	memset(sc->ncand, 0, bytes);
	cand_weights(sc);
	sc->jstamp = xcalloc(ix->nnames + 1, sizeof *sc->jstamp);
	sc->estamp = xcalloc(ix->nentries + 1, sizeof *sc->estamp);
	sc->ebest = xcalloc(ix->nentries + 1, sizeof *sc->ebest);
	return sc;
}

void nx_scratch_free(struct nx_scratch *sc)
{
	if (!sc)
		return;
	if (sc->simcache)
		strmap_free(sc->simcache);
	free(sc->simcache);
	free(sc->simc);
	free(sc->sc_v);
	free(sc->sc_s);
	free(sc->vs);
	free(sc->ncand);
	free(sc->jstamp);
	free(sc->jl);
	free(sc->estamp);
	free(sc->ebest);
	free(sc);
}

/* The prepared query a result keeps for nindex_explain(). */
struct nx_prepared {
	struct nname nn;
	double wq[NAME_MAX_TOKENS];
	char phon[NAME_MAX_TOKENS][64]; /* as qstate's: for explaining */
};

struct qstate {
	struct nname nn;
	int nq;
	double wq[MAXQ], A;
	char kq[MAXQ];
	struct tokview qv[MAXQ];
	/* similar vocabulary per query token */
	uint32_t *sv[MAXQ];
	double *ss[MAXQ];
	size_t ns[MAXQ], cap[MAXQ];
	uint64_t cost[MAXQ];
	double *rows; /* per similar word (vs[v].row), nq similarities; -1 not computed */
	size_t nrows, caprows;
	/* last, and not cleared (query_prepare): set for every token */
	char phon[MAXQ][64]; /* each token's phonetic key, "" for none */
};

/* A token's kind as scoring sees it: place words are TK_PLACE. */
static char view_kind(const struct norm_tables *tab, const struct nname *nn, int i)
{
	char k = nn->t[i].kind;
	return k == TK_WORD && norm_is_place(tab, ntok_text(nn, i), nn->t[i].len) ? TK_PLACE : k;
}

static double token_weight(const struct nindex *ix, const struct nname *nn, int i, bool query);

static double query_weight(const struct nindex *ix, const struct nname *nn, int i)
{
	return token_weight(ix, nn, i, true);
}

/* A token's weight: IDF over the lists' names, fixed shares for legal forms
 * and initials, and for place words on the query side only (match/score.h). */
static double token_weight(const struct nindex *ix, const struct nname *nn, int i, bool query)
{
	char k = nn->t[i].kind;
	double unseen = ix ? ix->idf_unknown : IDF_UNIFORM;
	if (k == TK_LEGAL)
		return WEIGHT_LEGAL * unseen;
	if (k == TK_INITIAL)
		return WEIGHT_INITIAL * unseen;
	if (query && k == TK_WORD &&
	    norm_is_place(ix ? ix->tab : norm_tables(NULL), ntok_text(nn, i), nn->t[i].len))
		return WEIGHT_PLACE * unseen;
	uint32_t v;
	if (ix && lookup(ix, k, ntok_text(nn, i), &v))
		return ix->idf[v];
	return ix ? ix->idf_unknown : 1.0;
}

/* Record s, the similarity of query token i to vocabulary word v. */
static void similar_set(const struct nindex *ix, struct nx_scratch *sc, struct qstate *qs, int i, uint32_t v, double s)
{
	size_t nq = (size_t)qs->nq;
	if (sc->vs[v].stamp != sc->stamp) {
		sc->vs[v].stamp = sc->stamp;
		if (qs->nrows == qs->caprows) {
			qs->caprows = qs->caprows ? qs->caprows * 2 : 256;
			qs->rows = xreallocarray(qs->rows, qs->caprows * nq, sizeof *qs->rows);
		}
		sc->vs[v].row = (uint32_t)qs->nrows;
		double *r = qs->rows + qs->nrows++ * nq;
		for (size_t k = 0; k < nq; k++)
			r[k] = -1; /* not computed */
	}
	qs->rows[sc->vs[v].row * nq + (size_t)i] = s;
	if (s <= 0)
		return;
	if (qs->ns[i] == qs->cap[i]) {
		qs->cap[i] = qs->cap[i] ? qs->cap[i] * 2 : 16;
		qs->sv[i] = xreallocarray(qs->sv[i], qs->cap[i], sizeof *qs->sv[i]);
		qs->ss[i] = xreallocarray(qs->ss[i], qs->cap[i], sizeof *qs->ss[i]);
	}
	qs->sv[i][qs->ns[i]] = v;
	qs->ss[i][qs->ns[i]] = s;
	qs->ns[i]++;
	qs->cost[i] += ix->post_off[v + 1] - ix->post_off[v];
}

static void similar_add(const struct nindex *ix, struct nx_scratch *sc, struct qstate *qs, int i, uint32_t v)
{
	size_t nq = (size_t)qs->nq;
	if (sc->vs[v].stamp == sc->stamp && sc->vs[v].row != UINT32_MAX &&
	    qs->rows[sc->vs[v].row * nq + (size_t)i] >= 0)
		return; /* seen for this token already */
	const struct nname *nn = &qs->nn;
	double s =
		token_sim_keyed(nn->t[i].kind, ntok_text(nn, i), nn->t[i].cps, qs->phon[i],
				ix->vkind[v], ix->vtext[v], ix->vcps[v], ix->vphon[v], NULL, NULL);
	similar_set(ix, sc, qs, i, v, s);
}

/*
 * The similar words of a query token depend on the token alone, and a batch
 * of names repeats its words: the cache keeps each token's list (in the
 * order similar_indexed() found it, so that every sum over it comes out the
 * same) and replays it.  Bounded: once full, new tokens are looked up as
 * before, never cached.
 */

static size_t simcache_key(const struct qstate *qs, int i, char *buf, size_t cap)
{
	size_t n = qs->nn.t[i].len;
	if (n + 1 > cap)
		return 0;
	buf[0] = qs->nn.t[i].kind;
	memcpy(buf + 1, ntok_text(&qs->nn, i), n);
	return n + 1;
}

static bool simcache_get(const struct nindex *ix, struct nx_scratch *sc, struct qstate *qs, int i)
{
	char key[256];
	size_t kn = simcache_key(qs, i, key, sizeof key);
	uint32_t k;
	if (!sc->simcache || !kn || !strmap_get(sc->simcache, key, kn, &k))
		return false;
	const struct nx_simc *c = &sc->simc[k];
	for (uint32_t j = 0; j < c->n; j++)
		similar_set(ix, sc, qs, i, sc->sc_v[c->off + j], sc->sc_s[c->off + j]);
	return true;
}

static void simcache_put(struct nx_scratch *sc, const struct qstate *qs, int i)
{
	char key[256];
	size_t kn = simcache_key(qs, i, key, sizeof key), n = qs->ns[i];
	if (!kn || sc->nsimc >= SIMCACHE_TOKENS || sc->nsc + n > sc->cache_pairs)
		return;
	if (!sc->simcache) {
		sc->simcache = xcalloc(1, sizeof *sc->simcache);
		strmap_init(sc->simcache);
	}
	if (!strmap_put(sc->simcache, key, kn, (uint32_t)sc->nsimc, NULL))
		return;
	if (sc->nsimc == sc->capsimc) {
		sc->capsimc = sc->capsimc ? sc->capsimc * 2 : 1024;
		sc->simc = xreallocarray(sc->simc, sc->capsimc, sizeof *sc->simc);
	}
	while (sc->nsc + n > sc->capsc) {
		sc->capsc = sc->capsc ? sc->capsc * 2 : 16384;
		sc->sc_v = xreallocarray(sc->sc_v, sc->capsc, sizeof *sc->sc_v);
		sc->sc_s = xreallocarray(sc->sc_s, sc->capsc, sizeof *sc->sc_s);
	}
	sc->simc[sc->nsimc++] = (struct nx_simc){(uint32_t)sc->nsc, (uint32_t)n};
	if (n) {
		memcpy(sc->sc_v + sc->nsc, qs->sv[i], n * sizeof *sc->sc_v);
		memcpy(sc->sc_s + sc->nsc, qs->ss[i], n * sizeof *sc->sc_s);
	}
	sc->nsc += n;
}

static void range(const struct nx_key *keys, size_t n, uint64_t h, size_t *lo, size_t *hi)
{
	size_t a = 0, b = n;
	while (a < b) {
		size_t m = (a + b) / 2;
		if (keys[m].h < h)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	while (a < n && keys[a].h == h)
		a++;
	*hi = a;
}

/* The listed words query word text (n code points) is the start of, and
 * those that are its start (prefix_of). */
static void similar_prefixes(const struct nindex *ix, struct nx_scratch *sc, struct qstate *qs,
			     int i, const char *text, int n)
{
	if (!ascii_word(text, n) || n < PREFIX_MIN)
		return;
	size_t lo, hi;
	key_range(ix->keys, ix->nkeys, &ix->kdir, prefix_key(text, (size_t)n), &lo, &hi);
	for (size_t k = lo; k < hi; k++)
		if (ix->vkind[ix->keys[k].v] == TK_WORD)
			similar_add(ix, sc, qs, i, ix->keys[k].v);
	uint32_t a, b;
	prefix_lengths((uint32_t)n, &a, &b);
	char start[64];
	for (uint32_t l = a; l <= b && l < sizeof start; l++) {
		uint32_t v;
		memcpy(start, text, l);
		start[l] = '\0';
		if (lookup(ix, TK_WORD, start, &v))
			similar_add(ix, sc, qs, i, v);
	}
}

static void similar_indexed(const struct nindex *ix, struct nx_scratch *sc, struct qstate *qs, int i)
{
	const struct nname *nn = &qs->nn;
	const char *text = ntok_text(nn, i);
	char kind = nn->t[i].kind;
	uint32_t v;
	if (kind == TK_LEGAL) {
		for (uint32_t k = 0; k < ix->nlegal; k++)
			similar_add(ix, sc, qs, i, ix->legal[k]);
		return;
	}
	if (kind == TK_NUM || kind == TK_CJK) {
		if (lookup(ix, kind, text, &v))
			similar_add(ix, sc, qs, i, v);
		return;
	}
	int32_t cp[64];
	int n = utf8_codepoints(text, cp, 64);
	if (kind == TK_INITIAL) {
		if (lookup(ix, TK_INITIAL, text, &v))
			similar_add(ix, sc, qs, i, v);
		size_t lo, hi;
		range(ix->firsts, ix->nfirsts, n ? (uint64_t)cp[0] : 0, &lo, &hi);
		for (size_t k = lo; k < hi; k++)
			similar_add(ix, sc, qs, i, ix->firsts[k].v);
		return;
	}
	/* a word: its deletion keys, and the initial of its first letter */
	uint64_t *del = sc->del;
	size_t nd = deletions(cp, n, deletion_depth((uint32_t)n), del, MAX_DELETIONS);
	nd += article_keys(text, cp, n, del + nd);
	for (size_t d = 0; d < nd; d++) {
		size_t lo, hi;
		key_range(ix->keys, ix->nkeys, &ix->kdir, del[d], &lo, &hi);
		for (size_t k = lo; k < hi; k++)
			if (ix->vkind[ix->keys[k].v] == TK_WORD)
				similar_add(ix, sc, qs, i, ix->keys[k].v);
	}
	similar_prefixes(ix, sc, qs, i, text, n);
	if (n) {
		uint8_t b[4];
		utf8proc_ssize_t k = utf8proc_encode_char(cp[0], b);
		char first[5];
		memcpy(first, b, (size_t)k);
		first[k] = '\0';
		if (lookup(ix, TK_INITIAL, first, &v))
			similar_add(ix, sc, qs, i, v);
	}
}

static void similar_all(const struct nindex *ix, struct nx_scratch *sc, struct qstate *qs, int i)
{
	for (uint32_t v = 0; v < ix->nvocab; v++)
		similar_add(ix, sc, qs, i, v);
}

static bool source_ok(const struct nx_entry *e, const char *sources)
{
	if (!sources || !*sources)
		return true;
	const char *p = sources;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		const char *w = p; /* "SDN, EL": the blanks around an item are no part of it */
		size_t k = n;
		for (; k && (*w == ' ' || *w == '\t'); w++, k--)
			;
		for (; k && (w[k - 1] == ' ' || w[k - 1] == '\t'); k--)
			;
		if ((strlen(e->source) == k && !strncasecmp(e->source, w, k)) ||
		    (e->list && strlen(e->list) == k && !strncasecmp(e->list, w, k)))
			return true;
		p += n + (c ? 1 : 0);
	}
	return false;
}


/* The entry's addresses, each normalised, as " a1  a2 ": a word is found
 * whole by looking for " word ". */
static void entry_addresses(const struct nx_entry *e, struct strbuf *out)
{
	struct strbuf one = STRBUF_INIT, norm = STRBUF_INIT;
	for (const char *p = e->addr; *p;) {
		const char *end = strchr(p, '\x1f');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		strbuf_reset(&one);
		strbuf_add(&one, p, n);
		normalize_plain(one.buf, &norm);
		strbuf_addf(out, " %s ", norm.buf);
		p += n + (end ? 1 : 0);
	}
	strbuf_release(&one);
	strbuf_release(&norm);
}

/* Supporting evidence: country and address. */
static double evidence(const struct nx_entry *e, const struct nx_query *q, const char *qcountry,
		       struct strbuf *why)
{
	double b = 0;
	if (qcountry && e->ncountries) {
		bool hit = false;
		for (int i = 0; i < e->ncountries; i++)
			if (!strcasecmp(e->countries[i], qcountry))
				hit = true;
		if (hit) {
			b += BONUS_COUNTRY;
			if (why)
				strbuf_addf(why, "country %s matches (+%.2f)", qcountry,
					    BONUS_COUNTRY);
		} else {
			b -= BONUS_COUNTRY;
			if (why)
				strbuf_addf(why, "listed in %s, not %s (-%.2f)", e->countries[0],
					    qcountry, BONUS_COUNTRY);
		}
	}
	if (q->address && *q->address && e->addr) {
		struct strbuf n = STRBUF_INIT, addr = STRBUF_INIT;
		entry_addresses(e, &addr);
		normalize_plain(q->address, &n);
		int total = 0, found = 0;
		char *save = NULL;
		for (char *t = strtok_r(n.buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			if (strlen(t) < 3)
				continue;
			total++;
			char pat[256];
			snprintf(pat, sizeof pat, " %s ", t);
			if (strstr(addr.buf, pat))
				found++;
		}
		strbuf_release(&n);
		strbuf_release(&addr);
		if (total && found * 2 >= total) {
			b += BONUS_ADDRESS;
			if (why)
				strbuf_addf(why, "%saddress words %d/%d match (+%.2f)",
					    why->len ? "; " : "", found, total, BONUS_ADDRESS);
		}
	}
	return b;
}

/* An upper bound of the score of a name paired token by token, from its
 * similarity matrix alone: each query token covers at most its best
 * similarity x weight, each listed token likewise, and Q <= qa / (DELTA A +
 * (1 - DELTA) qa) (match/score.h); most candidates fall below the threshold
 * here, before the pairing is built. */
static double score_bound(const struct qstate *qs, int nc, const double *b, const char *kb,
			  const double *sim)
{
	double qa = 0, cb = 0, cq = 0, B = 0, aw = 0, lone[MAXQ];
	int words = 0, nlone = 0, l0 = 0;
	for (int i = 0; i < qs->nq; i++) {
		double m = 0, mb = 0;
		for (int j = 0; j < nc; j++) {
			double s = sim[i * nc + j];
			if (s > m)
				m = s;
			if (s * b[j] > mb)
				mb = s * b[j];
		}
		qa += m * qs->wq[i];
		cq += mb;
		if (qs->kq[i] == TK_WORD) {
			aw += qs->wq[i];
			if (m <= 0) { /* certainly unpaired: heaviest first */
				int k = nlone++;
				for (; k > 0 && lone[k - 1] < qs->wq[i]; k--)
					lone[k] = lone[k - 1];
				lone[k] = qs->wq[i];
			}
		}
		words += m > 0 && (qs->kq[i] == TK_WORD || qs->kq[i] == TK_CJK);
	}
	for (int j = 0; j < nc; j++) {
		double m = 0;
		for (int i = 0; i < qs->nq; i++)
			if (sim[i * nc + j] > m)
				m = sim[i * nc + j];
		cb += m * b[j];
		B += b[j];
		l0 += m <= 0 && kb[j] == TK_WORD;
	}
	if (cq < cb)
		cb = cq;
	/* score_pairs(): the unpaired query words cost all their weight, the
	 * heaviest first, as many as unpaired listed words stand against them
	 * (at least l0), or all of them when fewer than two words can pair */
	double full = 0;
	for (int k = 0; k < nlone && k < l0; k++)
		full += lone[k];
	double den = SCORE_DELTA * qs->A + (1 - SCORE_DELTA) * (qa + full);
	if (words < 2 && aw + SCORE_DELTA * (qs->A - aw) > den)
		den = aw + SCORE_DELTA * (qs->A - aw);
	double Q = den > 0 ? qa / den : 0, C = B > 0 ? cb / B : 0;
	if (C > 1)
		C = 1;
	return Q * (1 - SCORE_LAMBDA * (1 - C)) + 1e-9;
}

/* A listed name's tokens as scoring reads them, kinds kb[] (places marked). */
static void listed_views(const struct nindex *ix, const struct nx_span *n, const char *kb,
			 struct tokview *cv)
{
	int nc = n->ntok > MAXQ ? MAXQ : (int)n->ntok;
	for (int j = 0; j < nc; j++) {
		uint32_t v = ix->name_tok[n->tok + j];
		cv[j] = (struct tokview){kb[j], ix->vtext[v], (uint32_t)strlen(ix->vtext[v]), true};
	}
}

static void score_name(const struct nindex *ix, struct nx_scratch *sc, struct qstate *qs, uint32_t ni, double tmin,
		       struct pairing *p)
{
	struct tokview cv[MAXQ];
	const struct nx_span *n = &ix->spans[ni];
	int nc = n->ntok > MAXQ ? MAXQ : (int)n->ntok;
	double b[MAXQ], sim[MAXQ * MAXQ];
	for (int j = 0; j < nc; j++) {
		uint32_t v = ix->name_tok[n->tok + j];
		b[j] = ix->idf[v];
		bool have = sc->vs[v].stamp == sc->stamp;
		for (int i = 0; i < qs->nq; i++) {
			double s =
				have ? qs->rows[(size_t)sc->vs[v].row * (size_t)qs->nq + (size_t)i]
				     : 0;
			sim[i * nc + j] = s > 0 ? s : 0;
		}
	}
	char kb[MAXQ];
	for (int j = 0; j < nc; j++) {
		uint32_t v = ix->name_tok[n->tok + j];
		kb[j] = ix->vplace[v] ? TK_PLACE : ix->vkind[v];
	}
	/* Only names join_mark() found can have joined words: the others are
	 * paired token by token, which costs far less. */
	if (sc->jstamp[ni] != sc->stamp) {
		if (tmin > 0 && score_bound(qs, nc, b, kb, sim) < tmin) {
			p->q = p->score = 0; /* cannot reach: not paired */
			return;
		}
		score_pairs(qs->nq, qs->wq, qs->kq, nc, b, kb, sim, p);
		/* the conflict and one-word rules read the words: only for a
		 * name that may be a hit (they can only lower the score) */
		if (p->score >= tmin) {
			listed_views(ix, n, kb, cv);
			score_penalties(qs->nq, qs->qv, nc, cv, p);
		}
		return;
	}
	listed_views(ix, n, kb, cv);
	score_tokens(qs->nq, qs->qv, qs->wq, nc, cv, b, sim, p);
}

static void add_hit(struct nx_result *res, struct nx_hit h)
{
	if (res->n == res->cap) {
		res->cap = res->cap ? res->cap * 2 : 16;
		res->hits = xreallocarray(res->hits, res->cap, sizeof *res->hits);
	}
	res->hits[res->n++] = h;
}

static int by_score(const void *x, const void *y)
{
	const struct nx_hit *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

static void id_hits(const struct nindex *ix, struct nx_scratch *sc, const struct nx_query *q, struct nx_result *res)
{
	struct strbuf norm = STRBUF_INIT;
	for (const char *p = q->id; *p; p++)
		if (isalnum((unsigned char)*p))
			strbuf_addch(&norm, (char)toupper((unsigned char)*p));
		else if ((unsigned char)*p >= 0x80)
			strbuf_addch(&norm, *p);
	for (uint32_t e = 0; norm.len && e < ix->nentries; e++) {
		struct strbuf k = STRBUF_INIT;
		strbuf_addf(&k, "%s#%u", norm.buf, (unsigned)e);
		uint32_t at;
		if (strmap_get(ix->ids, k.buf, k.len, &at) &&
		    source_ok(&ix->entries[e], q->sources)) {
			struct nx_hit h = {e,	UINT32_MAX, 1.0, 0, 0, true, ix->id_text[at],
					   false, 1, false, 0,		  NULL, NULL};
			add_hit(res, h);
			sc->estamp[e] = sc->stamp;
			sc->ebest[e] = (uint32_t)(res->n - 1);
		}
		strbuf_release(&k);
	}
	strbuf_release(&norm);
}

static void new_stamp(const struct nindex *ix, struct nx_scratch *sc)
{
	if (++sc->stamp == 0) { /* wrapped: clear */
		memset(sc->vs, 0, (ix->nvocab + 1) * sizeof *sc->vs);
		memset(sc->ncand, 0, (ix->nnames + 1) * sizeof *sc->ncand);
		memset(sc->jstamp, 0, (ix->nnames + 1) * sizeof *sc->jstamp);
		memset(sc->estamp, 0, (ix->nentries + 1) * sizeof *sc->estamp);
		cand_weights(sc);
		sc->stamp = 1;
	}
}

/* Tokenise the query, find each token's similar listed tokens, weigh them. */
static void query_prepare(const struct nindex *ix, struct nx_scratch *sc, struct qstate *qs, const char *name, bool exhaustive)
{
	memset(qs, 0, offsetof(struct qstate, phon)); /* a query a name: 2.5 KB less to clear */
	nname_init(&qs->nn);
	normalize_name(ix->tab, name ? name : "", name ? strlen(name) : 0, &qs->nn);
	qs->nq = qs->nn.n;
	for (int i = 0; i < qs->nq; i++)
		if (qs->nn.t[i].kind != TK_WORD ||
		    !phon_key(ntok_text(&qs->nn, i), qs->phon[i], 64))
			qs->phon[i][0] = '\0';
	for (int i = 0; i < qs->nq; i++) {
		if (exhaustive || !ix->keys_built) { /* the same similar words, found slower */
			similar_all(ix, sc, qs, i);
		} else if (!simcache_get(ix, sc, qs, i)) {
			similar_indexed(ix, sc, qs, i);
			simcache_put(sc, qs, i);
		}
		qs->wq[i] = query_weight(ix, &qs->nn, i);
		qs->kq[i] = view_kind(ix->tab, &qs->nn, i);
		qs->qv[i] = (struct tokview){qs->kq[i], ntok_text(&qs->nn, i), qs->nn.t[i].len,
					     qs->nn.t[i].folded};
		/* A word not in the lists weighs what the listed word it resembles
		 * most weighs (a typo of a common word stays common). */
		if (qs->nn.t[i].kind == TK_WORD && qs->wq[i] == ix->idf_unknown) {
			double best = 0, w = 0;
			for (size_t k = 0; k < qs->ns[i]; k++)
				if (ix->vkind[qs->sv[i][k]] == TK_WORD &&
				    (qs->ss[i][k] > best ||
				     (qs->ss[i][k] == best && ix->idf[qs->sv[i][k]] > w))) {
					best = qs->ss[i][k];
					w = ix->idf[qs->sv[i][k]];
				}
			if (best > 0)
				qs->wq[i] = w;
		}
		qs->A += qs->wq[i];
	}
}

static void query_release(struct qstate *qs)
{
	for (int i = 0; i < MAXQ; i++) {
		free(qs->sv[i]);
		free(qs->ss[i]);
	}
	free(qs->rows);
	nname_release(&qs->nn);
}

static void cand_add(const struct nindex *ix, struct nx_scratch *sc, uint32_t n, uint32_t **cand, size_t *ncand, size_t *cap)
{
	sc->jstamp[n] = sc->stamp;
	if (!cand || sc->ncand[n].stamp == sc->stamp)
		return;
	sc->ncand[n].stamp = sc->stamp;
	if (*ncand == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*cand = xreallocarray(*cand, *cap, sizeof **cand);
	}
	(*cand)[(*ncand)++] = n;
}

/* A name join_mark() found: marked, and listed once for join_cands(). */
static void join_note(const struct nindex *ix, struct nx_scratch *sc, uint32_t n)
{
	if (sc->jstamp[n] == sc->stamp)
		return;
	sc->jstamp[n] = sc->stamp;
	if (sc->njl == sc->capjl) {
		sc->capjl = sc->capjl ? sc->capjl * 2 : 64;
		sc->jl = xreallocarray(sc->jl, sc->capjl, sizeof *sc->jl);
	}
	sc->jl[sc->njl++] = n;
}

/* Mark the names whose joins are keyed h (build_joins). */
static void note_key(const struct nindex *ix, struct nx_scratch *sc, uint64_t h)
{
	size_t lo, hi;
	key_range(ix->joins, ix->njoins, &ix->jdir, h, &lo, &hi);
	for (size_t k = lo; k < hi; k++)
		join_note(ix, sc, ix->joins[k].v);
}

/* Mark the names holding the listed word w. */
static void note_word(const struct nindex *ix, struct nx_scratch *sc, const char *w)
{
	uint32_t v;
	if (lookup(ix, TK_WORD, w, &v))
		for (uint32_t p = ix->post_off[v]; p < ix->post_off[v + 1]; p++)
			join_note(ix, sc, ix->post[p]);
}

/* The names holding a word that the query's words t[0..n-1] (from position
 * i, words only) run together give: two in either order or three (any of
 * join_forms()), or one that sounds like the first two as written. */
static void join_mark_runs(const struct nindex *ix, struct nx_scratch *sc, const struct tokview *t,
			   int n)
{
	struct join_form f[JOIN_FORMS];
	for (int parts = 2; parts <= n && parts <= JOIN_MAX_PARTS; parts++)
		for (int order = 0; order < (parts == 2 ? 2 : 1); order++) {
			struct tokview r[2] = {t[1], t[0]};
			int nf = join_forms(order ? r : t, parts, !order, f, NULL);
			for (int m = 0; m < nf; m++)
				note_word(ix, sc, f[m].text);
		}
	uint64_t ph[JOIN_FORMS]; /* a listed word sounding like the two as written */
	uint32_t len[JOIN_FORMS];
	int nh = n >= 2 ? join_phons(t, 2, ph, len) : 0;
	bool brief = nh && join_short(t, 2);
	for (int m = 0; m < nh; m++)
		for (uint32_t l = brief ? len[m] - 1 : 0; l <= (brief ? len[m] + 1 : 0); l++)
			note_key(ix, sc,
				 brief ? with_len(ph[m], l, JOIN_SHORT_WORD_SALT)
				       : ph[m] ^ JOIN_WORD_SALT);
}

/* The names a clipped compound pairs with (match/score.h clipped_sim): a
 * listed head and tail the query word t[0] opens and ends with, and listed
 * words split so that t[0]'s opening letters and a later query word of
 * t[0..n-1] make them (push_clip_keys). */
static void clip_mark(const struct nindex *ix, struct nx_scratch *sc, const struct tokview *t,
		      int n)
{
	const char *x = t[0].text;
	uint32_t len = t[0].len;
	for (uint32_t s = CLIP_HEAD; len >= CLIP_WORD && s <= CLIP_HEAD_MAX && s + CLIP_TAIL <= len;
	     s++)
		note_key(ix, sc, clip_key(x, x + s, len - s));
	int tail = clip_tail(t, n);
	uint64_t h;
	if (tail > 0 && (h = clip_key(t[0].text, t[tail].text, t[tail].len)))
		note_key(ix, sc, h ^ CLIP_WORD_SALT);
}

/* Mark (jstamp) the names a joined or split word pairs with
 * (score_tokens()), which the deletion keys do not find: names with two
 * adjacent words that run together give a query word, and names holding the
 * word two adjacent query words run together give.  join_cands() then makes
 * them candidates: they are few, and the bound on the others does not hold
 * for them.  Every name with such a pair is marked, so --exhaustive and the
 * index score alike. */
static void join_mark(const struct nindex *ix, struct nx_scratch *sc, const struct qstate *qs)
{
	sc->njl = 0;
	const struct nname *nn = &qs->nn;
	for (int i = 0; i < qs->nq; i++) {
		if (nn->t[i].kind != TK_WORD)
			continue;
		note_key(ix, sc, strmap_hash(ntok_text(nn, i), nn->t[i].len));
		uint64_t ph; /* a pair that sounds like it (the key query_prepare made) */
		if (qs->phon[i][0] && nn->t[i].len >= JOIN_MIN_WORD &&
		    (ph = first_phon_hash(ntok_text(nn, i)[0], qs->phon[i], strlen(qs->phon[i])))) {
			note_key(ix, sc, ph);
			note_key(ix, sc, with_len(ph, nn->t[i].len, JOIN_SHORT_SALT));
		}
		/* the words from i on, up to the first that is none: one view
		 * for the runs and the clipped compounds */
		struct tokview run[CLIP_MAX_PARTS];
		int n = 0;
		for (; n < CLIP_MAX_PARTS && i + n < qs->nq && nn->t[i + n].kind == TK_WORD; n++)
			run[n] = (struct tokview){TK_WORD, ntok_text(nn, i + n), nn->t[i + n].len,
						  nn->t[i + n].folded};
		join_mark_runs(ix, sc, run, n);
		clip_mark(ix, sc, run, n);
	}
}

static void join_cands(const struct nindex *ix, struct nx_scratch *sc, uint32_t **cand, size_t *ncand, size_t *cap)
{
	for (size_t k = 0; k < sc->njl; k++)
		cand_add(ix, sc, sc->jl[k], cand, ncand, cap);
}

/* Whether a word, place or number of the query has no partner. */
static bool partial(const struct qstate *qs, const struct pairing *p)
{
	for (int i = 0; i < qs->nq; i++)
		if (p->match[i] < 0 && qs->kq[i] != TK_LEGAL && qs->kq[i] != TK_INITIAL)
			return true;
	return false;
}

static struct arena *result_arena(struct nx_result *res)
{
	if (!res->arena)
		res->arena = arena_new();
	return res->arena;
}

/* A person's review of this name and entry: "not this party" while the
 * entry is as reviewed, else a note that it no longer holds. */
static void apply_review(const struct nindex *ix, const char *key, struct nx_hit *h,
			 struct nx_result *res)
{
	const struct nx_entry *e = &ix->entries[h->entry];
	for (size_t i = ix->nreviews; i-- > 0;) { /* the latest first */
		const struct review *r = &ix->reviews[i];
		if (!e->ref || strcmp(r->query, key) || strcmp(r->source, e->source) ||
		    strcmp(r->ref, e->ref))
			continue;
		h->review = r;
		if (r->current) {
			h->decision = DEC_NO_MATCH;
			h->decided = arena_printf(result_arena(res),
						  "no-match: reviewed, not this party (by %s, %s: %s)",
						  r->reviewer, r->at, r->reason);
		} else {
			h->decided = arena_printf(result_arena(res),
						  "%s; a review (by %s, %s) no longer holds: the "
						  "listed entry changed since",
						  h->decided, r->reviewer, r->at);
		}
		return;
	}
}

const char *decision_name(enum decision d)
{
	return d == DEC_MATCH ? "match" : d == DEC_POTENTIAL ? "potential-match" : "no-match";
}

/* Whether the listed name is specific enough to stand on its own: a word
 * held by at most RARE_DF of the lists' names, and for a person at least
 * three words (given, family and another), as the query must. */
static bool distinctive(const struct nindex *ix, const struct nx_name *n, bool person, int qwords)
{
	int words = 0;
	bool rare = false;
	for (uint32_t k = 0; k < n->ntok; k++) {
		uint32_t v = ix->name_tok[n->tok + k];
		if (ix->vkind[v] != TK_WORD && ix->vkind[v] != TK_CJK)
			continue;
		words++;
		if (ix->idf[v] >= ix->idf_rare)
			rare = true;
	}
	return rare && (!person || (words >= 3 && qwords >= 3));
}

static void decide(const struct nindex *ix, struct nx_hit *h, int qwords)
{
	if (h->by_id) {
		h->decision = DEC_MATCH;
		h->decided = "match: an identifier matches";
		return;
	}
	const struct nx_name *n = &ix->names[h->name];
	bool person = ix->eperson[h->entry];
	h->decision = DEC_POTENTIAL;
	if (h->name_score < DECIDE_MATCH) {
		h->decided = "potential match: the name is similar, not the same; review it";
	} else if (h->other_type) {
		/* "--type person Huawei" is a person of that name, not the company */
		h->decided = person ? "potential match: the query names an organisation, the "
				      "listed party is a person; review it"
				    : "potential match: the query names a person, the listed "
				      "party is not one; review it";
	} else if (h->bonus > 0) {
		h->decision = DEC_MATCH;
		h->decided = "match: the name and supporting evidence (country or address) agree";
	} else if (h->partial || h->cover < DECIDE_COVER) {
		h->decided = h->partial ? "potential match: the query has words the listed name "
					  "lacks (a subsidiary, a branch or another party); "
					  "review it"
					: "potential match: the listed name has words the query "
					  "lacks; review it";
	} else if (!strcmp(n->kind, "weak")) {
		h->decided = "potential match: a weak alias; confirm with a country, address or "
			     "identifier";
	} else if (distinctive(ix, n, person, qwords)) {
		h->decision = DEC_MATCH;
		h->decided = person ? "match: a full, uncommon name"
				    : "match: a distinctive name";
	} else {
		h->decided = person ? "potential match: a person's name alone is held by many; "
				      "confirm with a country, address or identifier"
				    : "potential match: a short or generic name; confirm with a "
				      "country, address or identifier";
	}
}

/* The bound on a candidate's score from what the walk over the postings
 * gathered (nindex_search): up bounds the query weight it covers, accb plus
 * restb the listed weight, of B (nc->weight); a candidate that can pair one
 * query word at most gets no discount on the unpaired ones ("one" there). */
static double cand_bound(const struct nx_cand *nc, double up, double restb, int restw, double aw,
			 double A)
{
	double cmax = (nc->accb + restb) / nc->weight + 1e-4;
	double den = nc->words + restw >= 2 ? SCORE_DELTA * A + (1 - SCORE_DELTA) * up
					    : aw + SCORE_DELTA * (A - aw);
	double qmax = up / den + 1e-4;
	return cmax < 1 ? qmax * (1 - SCORE_LAMBDA * (1 - cmax)) : 1;
}

/* The one-thread form's scratch, made when first needed. */
static struct nx_scratch *own_scratch(struct nindex *ix)
{
	if (!ix->own)
		ix->own = nx_scratch_new(ix, 0);
	return ix->own;
}

int nindex_search(struct nindex *ix, const struct nx_query *q, struct nx_result *res)
{
	if (!q->exhaustive && !ix->keys_built && ix->nsearches++ >= 1)
		build_keys(ix); /* a second query: many may follow */
	return nindex_search_in(ix, own_scratch(ix), q, res);
}

/* Keep the query's tokens and weights in res for nindex_explain(); qs
 * gives its tokens up. */
static void keep_prepared(struct nx_result *res, struct qstate *qs)
{
	res->prep = xmalloc(sizeof *res->prep);
	res->prep->nn = qs->nn;
	memcpy(res->prep->wq, qs->wq, sizeof qs->wq);
	memcpy(res->prep->phon, qs->phon, sizeof qs->phon);
	nname_init(&qs->nn);
}

/* A search's hits decided, reviews applied, sorted and cut to the limit;
 * the prepared query kept for explanations, the rest released. */
static void search_finish(const struct nindex *ix, const struct nx_query *q, struct qstate *qs,
			  struct nx_result *res)
{
	int qwords = 0;
	for (int i = 0; i < qs->nq; i++)
		qwords += qs->nn.t[i].kind == TK_WORD || qs->nn.t[i].kind == TK_CJK;
	struct strbuf key = STRBUF_INIT;
	if (ix->nreviews)
		review_key(&qs->nn, &key);
	keep_prepared(res, qs);
	query_release(qs);
	for (size_t i = 0; i < res->n; i++) {
		decide(ix, &res->hits[i], qwords);
		if (ix->nreviews)
			apply_review(ix, key.buf, &res->hits[i], res);
	}
	strbuf_release(&key);
	if (res->n > 1)
		qsort(res->hits, res->n, sizeof *res->hits, by_score);
	if (q->limit > 0 && res->n > (size_t)q->limit)
		res->n = (size_t)q->limit;
}

int nindex_search_in(const struct nindex *ix, struct nx_scratch *sc, const struct nx_query *q,
		     struct nx_result *res)
{
	memset(res, 0, sizeof *res);
	new_stamp(ix, sc);
	if (q->id && *q->id)
		id_hits(ix, sc, q, res);
	struct qstate qs;
	query_prepare(ix, sc, &qs, q->name, q->exhaustive);
	res->truncated_query = qs.nn.truncated;
	res->unsearchable = name_unsearchable(&qs.nn);
	if (res->unsearchable) { /* no name to score by: an identifier's hits alone */
		search_finish(ix, q, &qs, res);
		return 0;
	}
	const char *qcountry = NULL;
	char ccbuf[8];
	if (q->country && *q->country) {
		const char *cc = ix->country_code ? ix->country_code(q->country) : NULL;
		snprintf(ccbuf, sizeof ccbuf, "%s", cc ? cc : "");
		qcountry = cc ? ccbuf : q->country;
	}
	double bonus_max =
		(qcountry ? BONUS_COUNTRY : 0) + (q->address && *q->address ? BONUS_ADDRESS : 0);
	double tmin = q->min - bonus_max;
	join_mark(ix, sc, &qs); /* once: marks now, candidates after the pruning */
	/* candidates */
	uint32_t *cand = NULL;
	size_t ncand = 0, capcand = 0;
	bool all = q->exhaustive || tmin <= 0;
	if (!all && qs.nq) {
		int order[MAXQ];
		for (int i = 0; i < qs.nq; i++)
			order[i] = i;
		for (int i = 1; i < qs.nq; i++)
			for (int j = i; j > 0 && qs.cost[order[j]] < qs.cost[order[j - 1]]; j--) {
				int t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		double mmin = score_need(tmin) * qs.A, need = qs.A - mmin, got = 0;
		bool qword[MAXQ];
		for (int i = 0; i < qs.nq; i++)
			qword[i] = qs.kq[i] == TK_WORD || qs.kq[i] == TK_CJK;
		bool in_p[MAXQ] = {false};
		for (int k = 0; k < qs.nq && got - need <= 1e-9; k++) {
			int i = order[k];
			got += qs.wq[i];
			in_p[i] = true;
			for (size_t s = 0; s < qs.ns[i]; s++) {
				uint32_t v = qs.sv[i][s];
				double sw = qs.ss[i][s] * qs.wq[i]; /* at most this of token i */
				/* at most this of the listed weight */
				float sb = (float)(qs.ss[i][s] * ix->idf[v]);
				for (uint32_t p = ix->post_off[v]; p < ix->post_off[v + 1]; p++) {
					uint32_t n = ix->post[p];
					struct nx_cand *nc = &sc->ncand[n];
					if (nc->stamp != sc->stamp) {
						nc->stamp = sc->stamp;
						nc->acc = 0;
						nc->last = 0;
						nc->words = 0;
						nc->accb = 0;
						if (ncand == capcand) {
							capcand = capcand ? capcand * 2 : 256;
							cand = xreallocarray(cand, capcand, sizeof *cand);
						}
						cand[ncand++] = n;
					}
					if (nc->last !=
					    i + 1) { /* each query token once: its best */
						nc->last = (uint8_t)(i + 1);
						nc->words += qword[i];
						nc->best = (float)sw;
						nc->acc += (float)sw;
						nc->bestb = sb;
						nc->accb += sb;
						continue;
					}
					if (sw > nc->best) {
						nc->acc += (float)sw - nc->best;
						nc->best = (float)sw;
					}
					if (sb > nc->bestb) {
						nc->accb += sb - nc->bestb;
						nc->bestb = sb;
					}
				}
			}
		}
		if (got - need <= 1e-9) { /* the whole query weighs too little: score all */
			all = true;
		} else {
			/* A name's covered query weight (similarity x weight, qa) is at
			 * most what it holds of P plus all the query weight outside P;
			 * Q <= qa / (DELTA A + (1 - DELTA) qa), so below mmin it cannot
			 * reach tmin (max-score pruning); names a joined word may pair
			 * with stay. */
			/* A name that can pair one query word at most gets no discount
			 * on the unpaired ones (score_pairs): its denominator is at
			 * least AW + DELTA (A - AW), AW the weight of the query's words
			 * proper, so Q <= qa / (AW + DELTA (A - AW)). */
			double aw = 0, rest = qs.A - got;
			int restw = 0;
			for (int i = 0; i < qs.nq; i++) {
				aw += qs.kq[i] == TK_WORD ? qs.wq[i] : 0;
				restw += qword[i] && !in_p[i];
			}
			double one = tmin * (aw + SCORE_DELTA * (qs.A - aw));
			/* The listed side: a query token pairs with one listed token
			 * at most, so the listed weight covered (cb) is at most, per
			 * token of P, its best similarity x listed weight in the name,
			 * and per token outside P the best over all its similar words
			 * (restb).  score = Q (1 - LAMBDA (1 - cb / B)) then bounds
			 * names with many words the query lacks. */
			double restb = 0;
			for (int i = 0; i < qs.nq; i++) {
				double mb = 0;
				for (size_t s = 0; !in_p[i] && s < qs.ns[i]; s++)
					if (qs.ss[i][s] * ix->idf[qs.sv[i][s]] > mb)
						mb = qs.ss[i][s] * ix->idf[qs.sv[i][s]];
				restb += mb;
			}
			size_t w = 0;
			for (size_t c = 0; c < ncand; c++) {
				uint32_t n = cand[c];
				double up = sc->ncand[n].acc + rest;
				/* (acc is a float: a margin far above its rounding) */
				double eps = 1e-4 * qs.A;
				bool keep = up >= mmin - eps &&
					    (sc->ncand[n].words + restw >= 2 || up >= one - eps);
				if (keep && sc->ncand[n].weight > 0)
					keep = cand_bound(&sc->ncand[n], up, restb, restw, aw,
							  qs.A) >= tmin - 1e-4;
				if (keep || sc->jstamp[n] == sc->stamp)
					cand[w++] = n;
			}
			ncand = w;
		}
	}
	if (!all)
		join_cands(ix, sc, &cand, &ncand, &capcand);
	size_t total = all ? ix->nnames : ncand;
	/* the query names an organisation (a legal form, or --type) or a person */
	bool qorg = q->type && *q->type && !is_person(q->type), qperson = q->type && is_person(q->type);
	for (int i = 0; i < qs.nq; i++)
		if (qs.nn.t[i].kind == TK_LEGAL)
			qorg = true;
	struct pairing p;
	for (size_t c = 0; qs.nq && c < total; c++) {
		uint32_t ni = all ? (uint32_t)c : cand[c];
		/* candidates are scattered: fetch a few ahead (a third of the
		 * time went into waiting for names[ni]) */
		if (!all && c + 8 < total)
			__builtin_prefetch(&ix->spans[cand[c + 8]]);
		if (!all && c + 4 < total)
			__builtin_prefetch(&ix->name_tok[ix->spans[cand[c + 4]].tok]);
		/* the entry only for --source and for a name that may be a hit:
		 * each is one more cache miss */
		if (q->sources && *q->sources &&
		    !source_ok(&ix->entries[ix->names[ni].entry], q->sources))
			continue;
		res->scored++;
		score_name(ix, sc, &qs, ni, tmin, &p);
		if (p.q < tmin)
			continue; /* score <= q: cannot reach */
		/* names[] and entries[] are read for what may be a hit only
		 * (the type and weak-alias factors only lower the score): most
		 * candidates end here, and each read is a cache miss */
		if (p.score + bonus_max < q->min)
			continue;
		const struct nx_span *n = &ix->spans[ni]; /* in the cache: just scored */
		double s = p.score;
		bool eperson = ix->eperson[n->entry];
		const char *etype = qperson && !eperson ? ix->entries[n->entry].type : NULL;
		bool other_type = (qorg && eperson) || (etype && *etype);
		if (other_type)
			s *= TYPE_MISMATCH;
		if (n->weak)
			s *= WEAK_ALIAS;
		if (s + bonus_max < q->min)
			continue;
		const struct nx_entry *e = &ix->entries[n->entry];
		double bonus = evidence(e, q, qcountry, NULL);
		double fin = s + bonus;
		if (fin > 1)
			fin = 1;
		if (fin < q->min)
			continue;
		if (sc->estamp[n->entry] == sc->stamp) {
			struct nx_hit *h = &res->hits[sc->ebest[n->entry]];
			/* the best name; of equals the first listed, as --exhaustive sees them */
			if (h->by_id || h->score > fin || (h->score == fin && h->name < ni))
				continue;
			h->score = fin;
			h->name = ni;
			h->name_score = s;
			h->bonus = bonus;
			h->partial = partial(&qs, &p);
			h->cover = p.c;
			h->other_type = other_type;
			continue;
		}
		sc->estamp[n->entry] = sc->stamp;
		struct nx_hit h = {n->entry, ni,	      fin, s, bonus, false, NULL,
				   partial(&qs, &p), p.c, other_type, 0,   NULL, NULL};
		add_hit(res, h);
		sc->ebest[n->entry] = (uint32_t)(res->n - 1);
	}
	free(cand);
	search_finish(ix, q, &qs, res);
	return 0;
}

void nx_result_release(struct nx_result *res)
{
	free(res->hits);
	if (res->prep) {
		nname_release(&res->prep->nn);
		free(res->prep);
	}
	arena_free(res->arena);
	memset(res, 0, sizeof *res);
}

/* ---------------------------------------------------------------------- */
/* Explaining                                                              */

static const char *how(enum sim_why w, int edits, char *buf, size_t n)
{
	switch (w) {
	case SIM_EXACT:
		return "exact";
	case SIM_FUZZY:
		snprintf(buf, n, "%d edit%s", edits, edits > 1 ? "s" : "");
		return buf;
	case SIM_INITIAL_OF:
		return "initial";
	case SIM_LEGAL_SAME:
		return "same legal form";
	case SIM_LEGAL_DIFF:
		return "other legal form";
	case SIM_PHONETIC_OF:
		return "sounds alike";
	case SIM_PREFIX_OF:
		return "shortened";
	default:
		return "unmatched";
	}
}

/* The keys are literals, added as constants and not copied: a search's
 * answer makes some thirty of these a hit. */
cJSON *nx_token_json(const char *qt, const char *lt, double s, double w, const char *h)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObjectCS(o, "query", qt ? cJSON_CreateString(qt) : cJSON_CreateNull());
	cJSON_AddItemToObjectCS(o, "listed", lt ? cJSON_CreateString(lt) : cJSON_CreateNull());
	cJSON_AddItemToObjectCS(o, "similarity", cJSON_CreateNumber(round(s * 1000) / 1000));
	cJSON_AddItemToObjectCS(o, "weight", cJSON_CreateNumber(round(w * 100) / 100));
	cJSON_AddItemToObjectCS(o, "how", cJSON_CreateString(h));
	return o;
}

void nx_token_why(struct strbuf *why, const char *qt, const char *lt, double s, double w,
		  const char *h)
{
	const char *sep = why->len ? "; " : "";
	if (!qt)
		strbuf_addf(why, "%slisted \"%s\" unmatched (w %.1f)", sep, lt ? lt : "", w);
	else if (!lt)
		strbuf_addf(why, "%s\"%s\" unmatched (w %.1f)", sep, qt, w);
	else
		strbuf_addf(why, "%s\"%s\"%s\"%s\" %.2f %s (w %.1f)", sep, qt, s >= 1 ? "=" : "~", lt,
			    s, h, w);
}

static void tok_to_array(void *arr, struct strbuf *why, const char *qt, const char *lt, double s,
			 double w, const char *h)
{
	nx_token_why(why, qt, lt, s, w, h);
	cJSON_AddItemToArray(arr, nx_token_json(qt, lt, s, w, h));
}

/* A token into why, and to tk if given. */
static void tok(const struct nx_tokens *tk, struct strbuf *why, const char *qt, const char *lt,
		double s, double w, const char *h)
{
	if (tk)
		tk->add(tk->ctx, why, qt, lt, s, w, h);
	else
		nx_token_why(why, qt, lt, s, w, h);
}

/* Explain the pairing of a (query) and b (listed), with weights wa, wb and
 * the words' phonetic keys ka, kb (NULL: worked out). */
static void explain_pair(const struct nname *a, const double *wa, const char *const *ka,
			 const struct nname *b, const double *wb, const char *const *kb,
			 const struct pairing *p, struct strbuf *why, const struct nx_tokens *tokens)
{
	char buf[32];
	for (int i = 0; i < a->n && i < MAXQ; i++) {
		int j = p->match[i];
		if (j < 0) {
			tok(tokens, why, ntok_text(a, i), NULL, 0, wa[i], "unmatched");
			continue;
		}
		enum sim_why w;
		int edits;
		double s = token_sim_keyed(a->t[i].kind, ntok_text(a, i), a->t[i].cps,
					   ka ? ka[i] : NULL, b->t[j].kind, ntok_text(b, j),
					   b->t[j].cps, kb ? kb[j] : NULL, &w, &edits);
		const char *h = how(w, edits, buf, sizeof buf);
		const char *lt = ntok_text(b, j);
		char joined[256];
		if (p->sim[i] > 0 && p->sim[i] != s) { /* score_tokens() joined words */
			s = p->sim[i];
			h = s == SIM_JOIN_CLIPPED ? "clipped compound" : "words run together";
			/* every listed word of the join: "uno mas uno" */
			size_t n = (size_t)snprintf(joined, sizeof joined, "%s", lt);
			for (int k = j + 1; k < b->n && p->matched[k] == i && n < sizeof joined; k++)
				n += (size_t)snprintf(joined + n, sizeof joined - n, " %s",
						      ntok_text(b, k));
			lt = joined;
		}
		tok(tokens, why, ntok_text(a, i), lt, s, wa[i], h);
	}
	for (int j = 0; j < b->n && j < MAXQ; j++)
		if (p->matched[j] < 0) {
			tok(tokens, why, NULL, ntok_text(b, j), 0, wb[j], "listed, unmatched");
		}
	/* every factor after Q and C, so that the score shown is their product */
	if (p->num)
		strbuf_addf(why, "; a number on each side the other lacks: x%.2f", NUM_MISMATCH);
	if (p->place)
		strbuf_addf(why, "; a place on each side the other lacks: x%.2f", PLACE_MISMATCH);
	if (p->weak < 1)
		strbuf_addf(why, "; the one paired word is weak evidence: x%.2f", p->weak);
	if (p->conflict) /* match/score.h CONFLICT_NEAR */
		strbuf_addf(why, "; both keep a word the other lacks, none spelt alike: x%.2f",
			    CONFLICT_FACTOR);
	if (p->alone) /* ALONE_FACTOR */
		strbuf_addf(why, "; %s: x%.2f",
			    p->alone == 'q' ? "the listed name is one word of the query"
					    : "the query is one word of the listed name",
			    ALONE_FACTOR);
	strbuf_addf(why, " | query covered %.2f, listed covered %.2f -> %.2f", p->q, p->c,
		    p->score);
}

static void views(const struct norm_tables *tab, const struct nname *nn, struct tokview *v, int n)
{
	for (int i = 0; i < n; i++)
		v[i] = (struct tokview){view_kind(tab, nn, i), ntok_text(nn, i), nn->t[i].len,
					nn->t[i].folded};
}

static double listed_weight(const struct nindex *ix, const struct nname *nn, int j)
{
	return token_weight(ix, nn, j, false);
}

/* A listed name's tokens as normalize_name() gave them at load, from the
 * vocabulary: normalising every hit's name again was a tenth of a server
 * search.  Tokens are at most 127 bytes (normalize.c), so the vocabulary
 * keeps them whole. */
static void listed_tokens(const struct nindex *ix, uint32_t name, struct nname *b)
{
	const struct nx_name *n = &ix->names[name];
	b->n = 0;
	b->truncated = false;
	strbuf_reset(&b->buf);
	for (uint32_t k = 0; k < n->ntok && k < NAME_MAX_TOKENS; k++) {
		uint32_t v = ix->name_tok[n->tok + k];
		size_t len = strlen(ix->vtext[v]);
		b->t[b->n++] = (struct ntok){.kind = ix->vkind[v],
					     .folded = true, /* unknown: as scoring takes it */
					     .off = (uint32_t)b->buf.len,
					     .len = (uint32_t)len,
					     .cps = ix->vcps[v]};
		strbuf_add(&b->buf, ix->vtext[v], len);
		strbuf_addch(&b->buf, '\0');
	}
}

/* The query as a search prepared it, for a result that has not kept it
 * (it always does: one from nindex_search_in()). */
static struct nx_prepared *prepare_again(const struct nindex *ix, const char *name)
{
	struct nx_scratch *sc = nx_scratch_new(ix, 1);
	struct qstate qs;
	new_stamp(ix, sc);
	query_prepare(ix, sc, &qs, name, false);
	struct nx_result r = {0};
	keep_prepared(&r, &qs);
	query_release(&qs);
	nx_scratch_free(sc);
	return r.prep;
}

void nindex_explain(const struct nindex *ix, const struct nx_query *q, const struct nx_result *res,
		    const struct nx_hit *h, struct strbuf *why, cJSON *tokens)
{
	struct nx_tokens tk = {tok_to_array, tokens};
	nindex_explain_to(ix, q, res, h, why, tokens ? &tk : NULL);
}

void nindex_explain_to(const struct nindex *ix, const struct nx_query *q,
		       const struct nx_result *res, const struct nx_hit *h, struct strbuf *why,
		       const struct nx_tokens *tokens)
{
	strbuf_reset(why);
	if (h->by_id) {
		strbuf_addf(why, "identifier matches exactly: %s", h->evidence);
		return;
	}
	const struct nx_name *n = &ix->names[h->name];
	struct nx_prepared *again = res->prep ? NULL : prepare_again(ix, q->name);
	const struct nx_prepared *prep = res->prep ? res->prep : again;
	struct nname b;
	const struct nname *pa = &prep->nn;
#define a (*pa)
	nname_init(&b);
	listed_tokens(ix, h->name, &b);
	double wa[MAXQ], wb[MAXQ], sim[MAXQ * MAXQ];
	int nc = b.n > MAXQ ? MAXQ : b.n;
	/* the phonetic keys the search compared: worked out again, they were
	 * a third of explaining a hit */
	const char *ka[MAXQ], *kb[MAXQ];
	for (int i = 0; i < a.n; i++) {
		wa[i] = prep->wq[i];
		ka[i] = prep->phon[i];
	}
	for (int j = 0; j < nc; j++) { /* the weights listed_weight() gives */
		wb[j] = ix->idf[ix->name_tok[n->tok + (uint32_t)j]];
		kb[j] = ix->vphon[ix->name_tok[n->tok + (uint32_t)j]];
	}
	for (int i = 0; i < a.n; i++)
		for (int j = 0; j < nc; j++)
			sim[i * nc + j] = token_sim_keyed(a.t[i].kind, ntok_text(&a, i),
							  a.t[i].cps, ka[i], b.t[j].kind,
							  ntok_text(&b, j), b.t[j].cps, kb[j],
							  NULL, NULL);
	struct pairing p;
	struct tokview va[MAXQ], vb[MAXQ];
	views(ix->tab, &a, va, a.n);
	views(ix->tab, &b, vb, nc);
	score_tokens(a.n, va, wa, nc, vb, wb, sim, &p);
	if (n->via)
		strbuf_addf(why, "name \"%s\" from %s: ", n->name, n->via);
	else if (strcmp(n->kind, "primary"))
		strbuf_addf(why, "%s \"%s\": ", n->kind, n->name);
	struct strbuf t = STRBUF_INIT;
	strbuf_grow(&t, 512); /* each part formatted once, not again as t grows */
	explain_pair(&a, wa, ka, &b, wb, kb, &p, &t, tokens);
	strbuf_add(why, t.buf, t.len);
	strbuf_release(&t);
	if (!strcmp(n->kind, "weak"))
		strbuf_addf(why, "; a weak alias (x%.1f)", WEAK_ALIAS);
	if (h->other_type)
		strbuf_addf(why,
			    "; the query is of another type than the listed party (x%.1f)",
			    TYPE_MISMATCH);
	const char *qc = NULL;
	char ccbuf[8];
	if (q->country && *q->country) {
		const char *cc = ix->country_code ? ix->country_code(q->country) : NULL;
		snprintf(ccbuf, sizeof ccbuf, "%s", cc ? cc : "");
		qc = cc ? ccbuf : q->country;
	}
	struct strbuf ev = STRBUF_INIT;
	evidence(&ix->entries[h->entry], q, qc, &ev);
	if (ev.len)
		strbuf_addf(why, "; %s", ev.buf);
	strbuf_release(&ev);
	const char *end = ix->entries[h->entry].end;
	if (end) {
		char today[11];
		date_format(date_today(), today);
		strbuf_addf(why, "; listing %s %s", strcmp(end, today) <= 0 ? "ended" : "ends",
			    end);
	}
#undef a
	if (again) {
		nname_release(&again->nn);
		free(again);
	}
	nname_release(&b);
}

double compare_names(struct nindex *ix, const char *x, const char *y, struct strbuf *why,
		     cJSON *tokens)
{
	const struct norm_tables *tab = ix ? ix->tab : norm_tables(NULL);
	struct qstate qs;
	struct nname b;
	if (ix) {
		struct nx_scratch *sc = own_scratch(ix);
		new_stamp(ix, sc);
		query_prepare(ix, sc, &qs, x, false);
	} else {
		memset(&qs, 0, sizeof qs);
		nname_init(&qs.nn);
		normalize_name(tab, x, strlen(x), &qs.nn);
		qs.nq = qs.nn.n;
		for (int i = 0; i < qs.nq; i++) {
			qs.wq[i] = query_weight(NULL, &qs.nn, i);
			qs.kq[i] = view_kind(tab, &qs.nn, i);
			qs.qv[i] = (struct tokview){qs.kq[i], ntok_text(&qs.nn, i), qs.nn.t[i].len,
						    qs.nn.t[i].folded};
		}
	}
	const struct nname *pa = &qs.nn;
#define a (*pa)
	nname_init(&b);
	normalize_name(tab, y, strlen(y), &b);
	double wa[MAXQ], wb[MAXQ], sim[MAXQ * MAXQ];
	for (int i = 0; i < a.n; i++)
		wa[i] = qs.wq[i];
	for (int j = 0; j < b.n; j++)
		wb[j] = listed_weight(ix, &b, j);
	for (int i = 0; i < a.n; i++)
		for (int j = 0; j < b.n; j++)
			sim[i * b.n + j] =
				token_sim(a.t[i].kind, ntok_text(&a, i), a.t[i].cps, b.t[j].kind,
					  ntok_text(&b, j), b.t[j].cps, NULL, NULL);
	struct pairing p;
	struct tokview va[MAXQ], vb[MAXQ];
	views(tab, &a, va, a.n);
	views(tab, &b, vb, b.n);
	score_tokens(a.n, va, wa, b.n, vb, wb, sim, &p);
	if (why) {
		struct nx_tokens tk = {tok_to_array, tokens};
		strbuf_reset(why);
		explain_pair(&a, wa, NULL, &b, wb, NULL, &p, why, tokens ? &tk : NULL);
	}
#undef a
	query_release(&qs);
	nname_release(&b);
	return p.score;
}

double compare_names_typed(struct nindex *ix, const char *a, const char *b, const char *type,
			   struct strbuf *why, cJSON *tokens)
{
	(void)type;
	return compare_names(ix, a, b, why, tokens);
}
