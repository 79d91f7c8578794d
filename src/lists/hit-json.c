/*
 * hit-json.c — a search hit as JSON (lists/hit-json.h).  The layout is
 * doc/lists.md's search --json: scores rounded to three decimals, absent
 * values null, never left out.
 *
 * Most of a hit is its entry's: the listed name, the entry, the list and
 * programs, the consequence, the place and dates, the lists' audit trail.
 * A server asked for names it never saw meets the same entries again and
 * again (issue 14: the eleven hits of "Islamic Revolutionary Guard Corps"
 * cost three times another answer, most of it in making, printing and
 * freeing cJSON nodes), so a writer told to keep them prints those parts
 * once per entry, with the very functions that add them to a hit, and
 * splices the printed text into later hits as cJSON raw values.  A part is
 * a run of consecutive fields: its text is what cJSON_PrintUnformatted
 * writes after the run's first key, so the raw value, under that first
 * key, prints the run exactly as the fields added one by one would (the
 * kept answers are therefore for unformatted printing only).  The parts
 * depend on the entry and on the loaded lists alone, both read-only for
 * the writer's life; the one part that also depends on the matched name
 * (a verdict lowered for a name from the organisation table) is built
 * afresh when it does.
 *
 * The tokens of a hit's explanation repeat too: the query's words paired
 * with the same listed words, scored alike, in hit after hit and answer
 * after answer.  Each token object is printed once, with its part of the
 * hit's why line (both depend on its five fields alone, compared exactly),
 * and kept in a table shared by the threads, within the same budget.  Kept text is spliced by reference
 * (a raw node whose string cJSON does not free): the hits must be printed
 * before the writer is freed.
 */
#include "lists/hit-json.h"

#include "lists/lists.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double round3(double x)
{
	return round(x * 1000) / 1000;
}

/* The keys are string literals: added as constants, not copied (a tenth of
 * a hit's allocations). */
static void add(cJSON *o, const char *k, cJSON *v)
{
	cJSON_AddItemToObjectCS(o, k, v);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	add(o, k, v ? cJSON_CreateString(v) : cJSON_CreateNull());
}

/* ---------------------------------------------------------------------- */
/* The entry's parts                                                       */

struct part_ctx {
	const struct nx_entry *e;
	const struct nx_verdict *v;
	const struct lsource *src;
	size_t nsrc;
};

static void part_name(cJSON *o, const struct part_ctx *c)
{
	add_str(o, "name", c->e->name);
}

static void part_entry(cJSON *o, const struct part_ctx *c)
{
	const struct nx_entry *e = c->e;
	if (e->ref) {
		char ent[512];
		snprintf(ent, sizeof ent, "%s:%s", e->source, e->ref);
		add_str(o, "entry", ent);
	} else {
		add(o, "entry", cJSON_CreateNull());
	}
}

/* The list, the verdict and what it means, the licence. */
static void part_listing(cJSON *o, const struct part_ctx *c)
{
	const struct nx_entry *e = c->e;
	const struct nx_verdict *v = c->v;
	add_str(o, "source", e->list);
	add_str(o, "programs", e->programs);
	add_str(o, "citation", e->citation);
	add_str(o, "verdict", verdict_name(v->verdict));
	add_str(o, "consequence", v->c->meaning);
	add_str(o, "consequence_citation", *v->c->citation != '-' ? v->c->citation : NULL);
	add_str(o, "consequence_confidence", v->c->confidence);
	add_str(o, "verdict_lowered", v->lowered);
	add_str(o, "license_requirement", e->license_requirement);
	add_str(o, "license_policy", e->license_policy);
}

static void part_place(cJSON *o, const struct part_ctx *c)
{
	const struct nx_entry *e = c->e;
	add_str(o, "dataset", e->source);
	add_str(o, "type", e->type && *e->type ? e->type : NULL);
	add_str(o, "start_date", e->start);
	add_str(o, "end_date", e->end);
	add_str(o, "url", e->url);
	cJSON *cs = cJSON_CreateArray();
	add(o, "countries", cs);
	for (int k = 0; k < e->ncountries; k++)
		cJSON_AddItemToArray(cs, cJSON_CreateString(e->countries[k]));
}

/* The lists' audit trail but for when the hit was screened. */
static void part_audit(cJSON *o, const struct part_ctx *c)
{
	struct strbuf title = STRBUF_INIT;
	add_str(o, "list_name", lists_list_title(c->e->list, &title));
	strbuf_release(&title);
	lists_audit_json(o, c->src, c->nsrc, c->e->source);
}

enum { P_NAME, P_ENTRY, P_LISTING, P_PLACE, P_AUDIT, NPARTS };

static const struct {
	const char *key; /* the part's first key */
	void (*add)(cJSON *o, const struct part_ctx *c);
} parts[NPARTS] = {
	[P_NAME] = {"name", part_name},
	[P_ENTRY] = {"entry", part_entry},
	[P_LISTING] = {"source", part_listing},
	[P_PLACE] = {"dataset", part_place},
	[P_AUDIT] = {"list_name", part_audit},
};

/* A raw node for kept text: spliced, neither copied nor freed by cJSON. */
static cJSON *raw_ref(const char *text)
{
	cJSON *r = cJSON_CreateStringReference(text);
	if (r)
		r->type = cJSON_Raw | cJSON_IsReference;
	return r;
}

/* An entry's parts printed: NPARTS strings, one after the other. */
struct printed {
	size_t size;
	char text[];
};

/* A token object printed, its part of the why line, and the fields both
 * were written from. */
struct printed_tok {
	uint64_t hash;
	double sim, weight;
	const char *query, *listed, *how; /* into text; NULL: null */
	const char *printed, *why;
	size_t size;
	char text[];
};

/* Slots of the token table: open addressing, filled, never emptied. */
#define TOK_SLOTS ((size_t)1 << 16)
#define TOK_PROBE 32

struct hit_writer {
	const struct nindex *ix;
	const struct lsource *src;
	size_t nsrc;
	size_t keep;           /* bytes of printed parts and tokens to keep at most */
	atomic_size_t kept;    /* bytes kept */
	_Atomic(struct printed *) *printed; /* one per entry, NULL until kept */
	_Atomic(struct printed_tok *) *toks;  /* TOK_SLOTS, NULL: free */
};

struct hit_writer *hit_writer_new(const struct nindex *ix, const struct lsource *src, size_t nsrc,
				  size_t keep)
{
	struct hit_writer *w = xcalloc(1, sizeof *w);
	w->ix = ix;
	w->src = src;
	w->nsrc = nsrc;
	w->keep = ix && ix->nentries ? keep : 0;
	atomic_init(&w->kept, 0);
	if (w->keep) {
		w->printed = xcalloc(ix->nentries, sizeof *w->printed);
		for (uint32_t i = 0; i < ix->nentries; i++)
			atomic_init(&w->printed[i], NULL);
		w->toks = xcalloc(TOK_SLOTS, sizeof *w->toks);
		for (size_t i = 0; i < TOK_SLOTS; i++)
			atomic_init(&w->toks[i], NULL);
	}
	return w;
}

size_t hit_writer_kept(struct hit_writer *w)
{
	return w ? atomic_load(&w->kept) : 0;
}

void hit_writer_free(struct hit_writer *w)
{
	if (!w)
		return;
	if (w->printed)
		for (uint32_t i = 0; i < w->ix->nentries; i++)
			free(atomic_load(&w->printed[i]));
	if (w->toks)
		for (size_t i = 0; i < TOK_SLOTS; i++)
			free(atomic_load(&w->toks[i]));
	free(w->printed);
	free(w->toks);
	free(w);
}

/* bytes more kept, false (none) past the budget */
static bool keep_more(struct hit_writer *w, size_t bytes)
{
	if (atomic_fetch_add(&w->kept, bytes) + bytes <= w->keep)
		return true;
	atomic_fetch_sub(&w->kept, bytes);
	return false;
}

/* Part k of c printed: what follows its first key and colon in the
 * unformatted object, into sb; false if cJSON wrote something else. */
static bool print_part(int k, const struct part_ctx *c, struct strbuf *sb)
{
	cJSON *o = cJSON_CreateObject();
	parts[k].add(o, c);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		return false;
	size_t klen = strlen(parts[k].key), len = strlen(s);
	bool ok = len > klen + 5 && s[0] == '{' && s[1] == '"' &&
		  !memcmp(s + 2, parts[k].key, klen) && s[klen + 2] == '"' &&
		  s[klen + 3] == ':' && s[len - 1] == '}';
	if (ok) {
		strbuf_add(sb, s + klen + 4, len - klen - 5);
		strbuf_addch(sb, '\0');
	}
	cJSON_free(s);
	return ok;
}

/* Entry i's printed parts: kept ones, or printed now and kept while the
 * budget lasts; NULL past it. */
static const struct printed *printed_parts(struct hit_writer *w, uint32_t i)
{
	if (!w || !w->keep)
		return NULL;
	struct printed *p = atomic_load_explicit(&w->printed[i], memory_order_acquire);
	if (p || atomic_load_explicit(&w->kept, memory_order_relaxed) >= w->keep)
		return p;
	const struct nx_entry *e = &w->ix->entries[i];
	/* the verdict as the entry gives it: a lowered one is never kept */
	struct nx_verdict v = {.c = w->ix->econs[i], .verdict = w->ix->econs[i]->verdict};
	struct part_ctx c = {e, &v, w->src, w->nsrc};
	struct strbuf sb = STRBUF_INIT;
	strbuf_grow(&sb, 1024);
	for (int k = 0; k < NPARTS; k++)
		if (!print_part(k, &c, &sb)) {
			strbuf_release(&sb);
			return NULL;
		}
	p = xmalloc(sizeof *p + sb.len);
	p->size = sizeof *p + sb.len;
	memcpy(p->text, sb.buf, sb.len);
	strbuf_release(&sb);
	if (!keep_more(w, p->size)) {
		free(p);
		return NULL;
	}
	struct printed *none = NULL;
	if (!atomic_compare_exchange_strong_explicit(&w->printed[i], &none, p,
						     memory_order_acq_rel, memory_order_acquire)) {
		/* another search kept it first */
		atomic_fetch_sub(&w->kept, p->size);
		free(p);
		p = none;
	}
	return p;
}

/* Part k of the hit: spliced from pr when given (and, for the listing, the
 * verdict is the entry's own), else its fields added. */
static void put_part(cJSON *o, int k, const struct printed *pr, const struct part_ctx *c)
{
	if (pr && !(k == P_LISTING && c->v->lowered)) {
		const char *t = pr->text;
		for (int j = 0; j < k; j++)
			t += strlen(t) + 1;
		add(o, parts[k].key, raw_ref(t));
	} else {
		parts[k].add(o, c);
	}
}

/* ---------------------------------------------------------------------- */
/* The explanation's tokens                                                */

/* A token's fields, as nindex_explain_to() gives them. */
struct tok_fields {
	const char *query, *listed, *how;
	double sim, weight;
	uint64_t hash;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t tok_hash(const struct tok_fields *f)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	h = fnv(h, f->query ? f->query : "", f->query ? strlen(f->query) + 1 : 0);
	h = fnv(h, f->listed ? f->listed : "", f->listed ? strlen(f->listed) + 1 : 0);
	h = fnv(h, f->how, strlen(f->how) + 1);
	h = fnv(h, &f->sim, sizeof f->sim);
	return fnv(h, &f->weight, sizeof f->weight);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool tok_is(const struct printed_tok *k, const struct tok_fields *f)
{
	return k->hash == f->hash && !memcmp(&k->sim, &f->sim, sizeof f->sim) &&
	       !memcmp(&k->weight, &f->weight, sizeof f->weight) && same_str(k->query, f->query) &&
	       same_str(k->listed, f->listed) && !strcmp(k->how, f->how);
}

/* The token's object printed, with its part of the why line and its
 * fields, to keep. */
static struct printed_tok *tok_print(const cJSON *t, const char *why, const struct tok_fields *f)
{
	char *s = cJSON_PrintUnformatted(t);
	if (!s)
		return NULL;
	size_t lq = f->query ? strlen(f->query) + 1 : 0, ll = f->listed ? strlen(f->listed) + 1 : 0;
	size_t lh = strlen(f->how) + 1, ls = strlen(s) + 1, lw = strlen(why) + 1;
	struct printed_tok *k = xmalloc(sizeof *k + lq + ll + lh + ls + lw);
	k->size = sizeof *k + lq + ll + lh + ls + lw;
	k->hash = f->hash;
	k->sim = f->sim;
	k->weight = f->weight;
	char *q = k->text, *l = q + lq, *h = l + ll, *pr = h + lh;
	k->query = f->query ? memcpy(q, f->query, lq) : NULL;
	k->listed = f->listed ? memcpy(l, f->listed, ll) : NULL;
	k->how = memcpy(h, f->how, lh);
	k->printed = memcpy(pr, s, ls);
	k->why = memcpy(pr + ls, why, lw);
	cJSON_free(s);
	return k;
}

/* The kept token f, NULL if none is kept. */
static const struct printed_tok *tok_find(struct hit_writer *w, const struct tok_fields *f)
{
	for (size_t n = 0; n < TOK_PROBE; n++) {
		const struct printed_tok *k = atomic_load_explicit(
			&w->toks[(f->hash + n) & (TOK_SLOTS - 1)], memory_order_acquire);
		if (!k)
			return NULL;
		if (tok_is(k, f))
			return k;
	}
	return NULL;
}

/* Token f, whose object is t and part of the why line why, printed and
 * kept while the budget and the table's room last: its object's text,
 * NULL past them. */
static const char *tok_keep(struct hit_writer *w, const struct tok_fields *f, const cJSON *t,
			    const char *why)
{
	if (atomic_load_explicit(&w->kept, memory_order_relaxed) >= w->keep)
		return NULL;
	struct printed_tok *mine = tok_print(t, why, f);
	if (!mine)
		return NULL;
	if (!keep_more(w, mine->size)) {
		free(mine);
		return NULL;
	}
	for (size_t n = 0; n < TOK_PROBE; n++) {
		_Atomic(struct printed_tok *) *slot = &w->toks[(f->hash + n) & (TOK_SLOTS - 1)];
		struct printed_tok *k = NULL;
		if (atomic_compare_exchange_strong_explicit(slot, &k, mine, memory_order_acq_rel,
							    memory_order_acquire))
			return mine->printed;
		if (tok_is(k, f)) /* another thread kept it first */
			break;
	}
	atomic_fetch_sub(&w->kept, mine->size);
	free(mine);
	return NULL;
}

/* Where a hit's tokens go: its array, and the writer that keeps them. */
struct tok_sink {
	struct hit_writer *w;
	cJSON *arr;
};

/* A token into why and the array: its kept parts, or written (and kept
 * now if it can be). */
static void tok_add(void *ctx, struct strbuf *why, const char *query, const char *listed,
		    double sim, double weight, const char *how)
{
	struct tok_sink *sk = ctx;
	struct tok_fields f = {query, listed, how, sim, weight, 0};
	f.hash = tok_hash(&f);
	const struct printed_tok *k = tok_find(sk->w, &f);
	cJSON *t = NULL;
	if (k) {
		if (why->len)
			strbuf_add(why, "; ", 2);
		strbuf_addstr(why, k->why);
		t = raw_ref(k->printed);
	} else {
		size_t at = why->len;
		nx_token_why(why, query, listed, sim, weight, how);
		cJSON *o = nx_token_json(query, listed, sim, weight, how);
		const char *text = tok_keep(sk->w, &f, o, why->buf + at + (at ? 2 : 0));
		if (text && (t = raw_ref(text)))
			cJSON_Delete(o);
		else
			t = o;
	}
	if (!t) /* a raw node not made: the object */
		t = nx_token_json(query, listed, sim, weight, how);
	cJSON_AddItemToArray(sk->arr, t);
}

/* ---------------------------------------------------------------------- */
/* A hit                                                                   */

static void add_review(cJSON *o, const struct nx_hit *h)
{
	cJSON *rv = cJSON_CreateObject();
	add(o, "review", rv);
	add_str(rv, "verdict", "not this party");
	add_str(rv, "by", h->review->reviewer);
	add_str(rv, "at", h->review->at);
	add_str(rv, "why", h->review->reason);
	add(rv, "holds", cJSON_CreateBool(h->review->current));
}

/* The hit without the lists' audit trail; its parts from pr when given. */
static cJSON *hit_object(const struct nindex *ix, struct hit_writer *w, const struct nx_query *q,
			 const struct nx_result *res, const struct nx_hit *h,
			 const struct printed *pr, const struct part_ctx *c)
{
	const char *matched = h->by_id ? NULL : ix->names[h->name].name;
	struct strbuf why = STRBUF_INIT;
	strbuf_grow(&why, 512); /* formatted once, not again as it grows */
	cJSON *tokens = cJSON_CreateArray();
	if (w && w->keep) {
		struct tok_sink sk = {w, tokens};
		struct nx_tokens tk = {tok_add, &sk};
		nindex_explain_to(ix, q, res, h, &why, &tk);
	} else {
		nindex_explain(ix, q, res, h, &why, tokens);
	}
	cJSON *o = cJSON_CreateObject();
	put_part(o, P_NAME, pr, c);
	add_str(o, "matched_name", matched);
	add(o, "score", cJSON_CreateNumber(round3(h->score)));
	add(o, "same_name_probability", cJSON_CreateNumber(round3(score_probability(h->name_score))));
	add_str(o, "decision", decision_name(h->decision));
	add_str(o, "decision_why", h->decided);
	put_part(o, P_ENTRY, pr, c);
	if (h->review)
		add_review(o, h);
	put_part(o, P_LISTING, pr, c);
	add_str(o, "why", why.buf);
	add_str(o, "matched_via", h->by_id ? NULL : ix->names[h->name].via);
	put_part(o, P_PLACE, pr, c);
	add(o, "tokens", tokens);
	strbuf_release(&why);
	return o;
}

cJSON *nindex_hit_json(const struct nindex *ix, const struct nx_query *q,
		       const struct nx_result *res, const struct nx_hit *h)
{
	struct nx_verdict v;
	nindex_verdict(ix, h, &v);
	struct part_ctx c = {&ix->entries[h->entry], &v, NULL, 0};
	return hit_object(ix, NULL, q, res, h, NULL, &c);
}

cJSON *hit_writer_json(struct hit_writer *w, const struct nx_query *q,
		       const struct nx_result *res, const struct nx_hit *h, const char *at)
{
	struct nx_verdict v;
	nindex_verdict(w->ix, h, &v);
	struct part_ctx c = {&w->ix->entries[h->entry], &v, w->src, w->nsrc};
	const struct printed *pr = printed_parts(w, h->entry);
	cJSON *o = hit_object(w->ix, w, q, res, h, pr, &c);
	put_part(o, P_AUDIT, pr, &c);
	add_str(o, "screened_at", at);
	return o;
}
