/*
 * index-load.h — the name index of the lists in a store, and what a hit
 * means for the one who screens.
 *
 * Matching (match/index.h) takes names handed to it; this reads them from
 * the store (list_entries, list_names, list_addresses, list_ids, the org
 * tables, match_reviews) and hands them over, with chipscreen's own org
 * table from data/ when it was never imported, and attaches to each entry
 * the consequence of its list (data/list-consequences.tsv,
 * lists/consequence.h).
 *
 * Each hit has a verdict (nindex_verdict): its list's consequence, lowered
 * to REVIEW when the name matched is a subsidiary's or comes through an
 * unconfirmed link — the listing names the owner, not the subsidiary.
 */
#ifndef LISTS_INDEX_LOAD_H
#define LISTS_INDEX_LOAD_H

#include "lists/consequence.h"
#include "match/index.h"
#include "store/store.h"

/* Build from the store, or restore the index built before for the lists as
 * they are now (index-load.c index_key: never a stale one; it is kept in the
 * table list_index, and a build keeps it there when the store can be
 * written).  -1 with err when the store cannot be read; an empty store gives
 * an empty index (nindex.nentries == 0). */
int nindex_load(struct nindex **out, struct store *st, struct strbuf *err);

/* Open the store at db (NULL: default) and build its index.  The store must
 * exist and hold lists: otherwise -1 and err says to import some. */
int nindex_open(const char *db, struct store **st, struct nindex **ix, struct strbuf *err);

/* Build the index of the lists as they are now and keep it, for `lists
 * import` and `lists update`: the next lookup restores it. */
int lists_index_keep(struct store *st, struct strbuf *err);

/* The verdict of a hit for the one who screens. */
struct nx_verdict {
	enum verdict verdict;
	const struct consequence *c; /* the list's consequence (never NULL) */
	const char *lowered;         /* why verdict is below c->verdict, or NULL */
};
void nindex_verdict(const struct nindex *ix, const struct nx_hit *h, struct nx_verdict *v);

#endif
