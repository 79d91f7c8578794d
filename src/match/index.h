/*
 * index.h — the name index over the loaded lists, and searching it.
 *
 * Built in memory when a command starts, from the names handed to it
 * (nindex_new, nindex_add_*, nindex_finish; lists/index-load.c hands over
 * the store's lists): every name is tokenised (match/normalize.h) into a
 * vocabulary of distinct tokens, with postings vocabulary -> names.  Token
 * weights are IDF over the names (df = posting length).  Words are also
 * indexed by their deletion neighbourhood: every string obtained by deleting
 * up to deletion_depth(len) characters.  Two words within max_edits of each
 * other always share such a string (each edit costs at most one deletion on
 * each side), so looking up a query word's own deletions finds every listed
 * word it could be similar to — no similar word is ever missed.
 *
 * A search then needs only the names holding a similar token for some query
 * tokens, not all: since score <= Q (match/score.h), a name that matches none
 * of a set P of query tokens with weight(P) > (1 - T) * weight(all) cannot
 * reach T.  The search picks P among the query tokens with the shortest
 * postings first.  The result is exactly what --exhaustive (every name
 * scored, similar words found by comparing with the whole vocabulary) finds
 * at that threshold; tests and the benchmark check it.
 *
 * Organisation tables (source formats "orgs" and "org-table") are not
 * searched themselves: an organisation one of whose own names equals a listed
 * name (same tokens apart from legal forms) lends all its names — aliases,
 * and the brands and subsidiaries lent to it by its links — to that listed
 * entry, so "ZhiTai" finds the listed YMTC.  When chipscreen's own table
 * (lists/orgtable.c) was never imported, the loader hands it over from
 * data/ (a few milliseconds) and the hits say so.
 *
 * Matching knows names, not what a listing means: the consequence of each
 * entry's list is attached by the loader (cons, econs), and a hit's verdict
 * is lists/index-load.h's nindex_verdict().
 */
#ifndef MATCH_INDEX_H
#define MATCH_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "chipscreen.h"
#include "match/normalize.h"
#include "match/review.h"
#include "match/score.h"

struct strmap;
struct ctable;      /* lists/consequence.h: attached by the loader, never read here */
struct consequence; /* idem */
struct nx_build;

struct nx_entry {
	int64_t id;
	const char *source, *ref, *list, *type, *name, *programs, *citation, *start, *end, *url;
	const char **countries;
	int ncountries;
	const char *addr; /* all addresses as listed, separated by \x1f (index.c entry_addresses) */
	const char *license_requirement, *license_policy; /* the CSL's, or NULL */
};

struct nx_name {
	uint32_t entry;
	const char *name, *kind;
	const char *via;  /* how a name lent by an org table came, else NULL */
	const char *conf; /* the confidence of that link (org-table names), or NULL */
	uint32_t tok;     /* first token in nindex.name_tok */
	uint16_t ntok;
	bool weak; /* kind "weak" (an OFAC weak alias) */
	double weight; /* sum of token weights */
};

/* What scoring reads of a name, apart from the rest of nx_name: twelve
 * bytes a name keep more of them in the cache. */
struct nx_span {
	uint32_t tok;
	uint16_t ntok;
	bool weak;
	uint32_t entry;
};

struct nx_key {
	uint64_t h;
	uint32_t v;
};

struct nindex {
	struct arena *arena;
	const struct norm_tables *tab;
	struct strmap *vocab; /* "K:text" -> vocabulary id */
	char *vkind;
	uint8_t *vplace; /* 1: a place word (norm_is_place) */
	uint32_t *vcps;
	const char **vtext;
	const char **vphon; /* phonetic keys of words (score.h phon_key), "" for none */
	double *idf;
	uint32_t nvocab;
	uint32_t *name_tok;
	size_t nname_tok, capname_tok;
	struct nx_name *names;
	uint32_t nnames, capnames;
	struct nx_span *spans; /* names[i].tok, .ntok, .weak, .entry (set at load) */
	uint32_t nlisted; /* names[0..nlisted) are the lists'; then names lent */
	struct nx_entry *entries;
	uint32_t nentries;
	uint32_t *post_off, *post; /* vocabulary -> names */
	bool keys_built;           /* keys, kdir, firsts: on the second search (index.c build_keys) */
	unsigned nsearches;        /* by nindex_search(), the one-thread form */
	struct nx_key *keys;       /* deletion keys of words, sorted */
	size_t nkeys;
	struct nx_kdir { /* hash -> 1 + first index in the keys with it, 0: none */
		uint32_t *dir;
		size_t mask;
	} kdir, jdir;          /* over keys, over joins */
	struct nx_key *firsts; /* first code point of words, sorted */
	size_t nfirsts;
	struct nx_key *joins; /* two adjacent words of a name run together -> the name, sorted */
	size_t njoins;
	uint32_t *legal; /* vocabulary ids of legal forms */
	uint32_t nlegal;
	double idf_unknown;
	double idf_rare; /* the IDF of a word held by RARE_DF names */
	struct review *reviews; /* match/review.h */
	size_t nreviews;
	struct strmap *ids; /* normalised identifier -> index into id_entry */
	uint32_t *id_entry;
	const char **id_text;
	uint32_t nids;
	size_t nsources;
	struct ctable *cons; /* list -> consequence (attached by the loader) */
	void (*free_cons)(struct ctable *);
	const struct consequence **econs; /* per entry, its list's consequence (idem) */
	/* the ISO code of a country name given with a query, or NULL (the
	 * loader's; NULL: the country is compared as given) */
	const char *(*country_code)(const char *name);
	struct nx_build *build; /* until nindex_finish() */
	const char *orgtable; /* which chipscreen org table lent names, or NULL */
	bool *eperson;   /* entries of persons */
	float *cweight;  /* per name, its listed weight as scoring sums it (the search's bound) */
	/* the scratch of nindex_search() and compare_names(), the one-thread
	 * forms; nindex_search_in() takes one of the caller's */
	struct nx_scratch *own;
};

struct nx_query {
	const char *name;
	const char *type;    /* the query's entity type (person, organization, vessel), optional */
	const char *country; /* supporting evidence, optional */
	const char *address; /* supporting evidence, optional */
	const char *id;      /* exact identifier, optional */
	const char *sources; /* comma-separated source ids or list codes, optional */
	double min;
	bool exhaustive;
	int limit;
};

/*
 * A hit is a decision (doc/matching.md, "Decisions"):
 *   match            an identifier matches, or the name scores DECIDE_MATCH
 *                    or more and is corroborated (country or address), or is
 *                    an organisation's distinctive name (one of its words is
 *                    held by at most RARE_DF listed names) or a person's full
 *                    name (three words or more, one of them rare), and every
 *                    word of the query has its partner (else a subsidiary,
 *                    branch or another party: potential) and the query covers
 *                    DECIDE_COVER of the listed name ("Pacific Trading" is
 *                    not "International Pacific Trading");
 *   potential-match  any other hit at or above --min: a person reviews it,
 *                    and the list's consequence holds only if confirmed;
 *   no-match         below --min (never a hit), or reviewed: a person recorded
 *                    that the name is not this entry's party, and the entry
 *                    has not changed since (match/review.h).
 * A person's common name ("Zhang Wei") and a short generic company name
 * ("Pacific Trading") thus never reach `match` on the name alone.
 */
enum decision { DEC_NO_MATCH, DEC_POTENTIAL, DEC_MATCH };
#define DECIDE_MATCH  0.80 /* chosen on pairs-tune.tsv: precision >= 0.98 there */
/* The default --min.  0.38: F1 is highest there on the tuning pairs (0.50
 * before the conflict and one-word rules of match/score.h lowered the
 * scores of names that differ by a name), and 16.3 % of the benchmark's
 * 50,136 made-up names (9.3 % of the distinct ones) get a potential match;
 * at DECIDE_RECALL (the highest threshold whose recall on the tuning pairs
 * is at least 0.95) 35 % do (18 %), a review load few screening teams keep
 * up with.  DECIDE_RECALL is offered, documented, as --min 0.31 for a
 * screen that must not miss (doc/matching.md). */
#define DECIDE_REVIEW 0.38
#define DECIDE_RECALL 0.31
#define RARE_DF       10
#define DECIDE_COVER  0.9
const char *decision_name(enum decision d); /* "match", "potential-match", "no-match" */

struct nx_hit {
	uint32_t entry, name;
	double score;
	double name_score; /* before evidence */
	double bonus;
	bool by_id;
	const char *evidence; /* a sentence, or NULL */
	bool partial; /* a word of the query has no partner in the listed name */
	double cover; /* the share of the listed name's weight the query covers */
	bool other_type; /* the query is a person and the party not, or the reverse */
	enum decision decision;
	const char *decided; /* why this decision, a sentence */
	const struct review *review; /* a review of this name and entry (match/review.h), or NULL */
};

/* The query as the search prepared it: its tokens and their weights, which
 * explaining a hit reads again (finding a token's similar words, which the
 * weights depend on, is most of a search's work). */
struct nx_prepared;

struct nx_result {
	struct nx_hit *hits;
	size_t n, cap;
	size_t scored; /* names scored: the work done */
	bool truncated_query;
	const char *unsearchable; /* name_unsearchable(): why the name screens nothing, or NULL */
	struct nx_prepared *prep; /* for nindex_explain() */
	struct arena *arena;      /* the hits' sentences that are not constants */
};

/*
 * Building.  nindex_new() (NULL with err when the normaliser's tables cannot
 * be read); then every entry, in increasing id (strings are copied); then
 * their addresses and identifiers; the organisations of org tables with
 * their names (an org's own names, note NULL, are the keys that find listed
 * entries; all its names are lent to them); then the listed names, each
 * entry's together and entries in order; nindex_finish() lends, weighs and
 * indexes.  An organisation entry (org true) keeps its names out of the
 * search.
 */
struct nindex *nindex_new(struct strbuf *err);
uint32_t nindex_add_entry(struct nindex *ix, const struct nx_entry *e, bool org);
int64_t nindex_entry_of(const struct nindex *ix, int64_t id); /* by nx_entry.id; -1 none */
bool nindex_entry_is_org(const struct nindex *ix, uint32_t entry); /* while building */
void nindex_add_address(struct nindex *ix, uint32_t entry, const char *address,
			const char *country);
void nindex_add_id(struct nindex *ix, uint32_t entry, const char *norm, const char *type,
		   const char *value);
void nindex_add_org(struct nindex *ix, const char *display, const char *citation, bool table);
void nindex_add_org_name(struct nindex *ix, const char *name, const char *kind, const char *note,
			 const char *conf);
void nindex_add_name(struct nindex *ix, uint32_t entry, const char *name, const char *kind);
void nindex_finish(struct nindex *ix);
void nindex_free(struct nindex *ix);

/*
 * A built index as bytes (match/index-file.c), for the loader to keep beside
 * the lists, and back.  nindex_restore() gives NULL (and nothing in err)
 * for bytes that are not a whole index of this version; err only when the
 * normaliser's tables cannot be read.  What the loader attaches
 * (consequences, reviews, the country lookup, nsources) is not in the bytes.
 */
#define INDEX_FILE_VERSION 2
void nindex_save(const struct nindex *ix, struct strbuf *out);
struct nindex *nindex_restore(const void *buf, size_t n, struct strbuf *err);
/* For index-file.c: drop the builder's state; derive the vocabulary's map,
 * the joins' directory and the spans from what was read. */
void nindex_abandon_build(struct nindex *ix);
void nindex_derive(struct nindex *ix);

/*
 * Searching.  A built index is read-only: what a search writes (which words
 * and names the query met, its candidates, the similar words of tokens met
 * before) lives in a scratch, so searches with scratches of their own run in
 * parallel, in as many threads as there are scratches.
 *
 * nindex_search() is the one-thread form: it uses the index's own scratch,
 * and on the second search builds the deletion keys (a single search
 * compares its few words with the whole vocabulary instead: the same similar
 * words, without the keys' build).  nindex_search_in() never writes the
 * index: call nindex_build_keys() first when many searches will follow.
 * Both give the same hits.  res is released with nx_result_release().
 */
struct nx_scratch;
/* A scratch for ix; it keeps the similar words of query tokens met before
 * up to cache_pairs (token, word) pairs, 12 bytes each (0: 2^21). */
struct nx_scratch *nx_scratch_new(const struct nindex *ix, size_t cache_pairs);
void nx_scratch_free(struct nx_scratch *sc);
int nindex_search(struct nindex *ix, const struct nx_query *q, struct nx_result *res);
int nindex_search_in(const struct nindex *ix, struct nx_scratch *sc, const struct nx_query *q,
		     struct nx_result *res);
void nx_result_release(struct nx_result *res);
/* The per-token explanation of hit h of res, the result of searching q: one
 * line of text into why; tokens, if not NULL, gets a cJSON array of {query,
 * listed, similarity, weight, how}.  Reads the index only. */
struct cJSON;
void nindex_explain(const struct nindex *ix, const struct nx_query *q, const struct nx_result *res,
		    const struct nx_hit *h, struct strbuf *why, struct cJSON *tokens);
/* The same, each token given to tokens->add (if tokens is not NULL) in the
 * order of the array, query or listed NULL for none, to add its part of the
 * line to why (nx_token_why) and its object to the array.  A writer that
 * keeps the tokens' printed text (lists/hit-json.c) makes neither again
 * for a kept one. */
struct nx_tokens {
	void (*add)(void *ctx, struct strbuf *why, const char *query, const char *listed,
		    double similarity, double weight, const char *how);
	void *ctx;
};
/* A token's part of the line, after "; " if why is not empty. */
void nx_token_why(struct strbuf *why, const char *query, const char *listed, double similarity,
		  double weight, const char *how);
void nindex_explain_to(const struct nindex *ix, const struct nx_query *q,
		       const struct nx_result *res, const struct nx_hit *h, struct strbuf *why,
		       const struct nx_tokens *tokens);
/* A token's object as the array of nindex_explain() holds it. */
struct cJSON *nx_token_json(const char *query, const char *listed, double similarity,
			    double weight, const char *how);

/* Build now the keys a second search would build (for many compare_names). */
void nindex_build_keys(struct nindex *ix);

/* Compare two free names with the weights of ix (NULL: all words weigh 1);
 * one thread, as nindex_search(). */
double compare_names(struct nindex *ix, const char *a, const char *b, struct strbuf *why,
		     struct cJSON *tokens);
/* The same, both names read as names of an entity of type ("person",
 * "organization", "vessel"; NULL or "" unknown): doc/matching.md, "Types". */
double compare_names_typed(struct nindex *ix, const char *a, const char *b, const char *type,
			   struct strbuf *why, struct cJSON *tokens);

#endif
