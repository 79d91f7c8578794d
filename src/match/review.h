/*
 * review.h — reviewed hits: "not this party", by whom, when, why.
 *
 * A person who reviewed a potential match and found that the screened party
 * is not the listed one records it (`chipscreen review`).  The store keeps
 * the review in its own table, match_reviews: the screened name's key (its
 * tokens, sorted: order, case and legal-form spelling do not matter), the
 * listed entry (source and ref, as `search` prints them: "entry:
 * ofac-sdn:23647"), a fingerprint of that entry as it was reviewed, the
 * reviewer, the time and the reason.
 *
 * Later screens of the same name show the review beside the hit and decide
 * `no-match` — as long as the entry is what was reviewed.  The fingerprint
 * covers everything a list publisher may change about a party (names and
 * their kinds, type, programs, dates, addresses, identifiers); when it
 * differs, the review no longer holds: the hit is decided afresh, and says
 * that an earlier review was made on an older entry.
 *
 * The store's table is read and written by lists/review.h; this is what
 * matching needs of it.
 */
#ifndef MATCH_REVIEW_H
#define MATCH_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

struct nname;

struct review {
	const char *query; /* the key: sorted tokens of the screened name */
	const char *name;  /* the name as the reviewer gave it */
	const char *source, *ref;
	const char *reviewer, *at, *reason;
	bool current; /* the entry is as it was reviewed */
	bool listed;  /* the entry is on the loaded lists (changed, or removed) */
};

/* The key of a tokenised name (its token texts, sorted, space-separated). */
void review_key(const struct nname *nn, struct strbuf *out);

/* Free what lists/review.c review_load() read. */
void review_free(struct review *r, size_t n);

#endif
