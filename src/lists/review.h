/*
 * review.h — reviewed hits in the store: recording one, reading them all
 * (match/review.h says what a review is and how it decides a hit).
 */
#ifndef LISTS_REVIEW_H
#define LISTS_REVIEW_H

#include "match/review.h"
#include "store/store.h"
#include "util/strbuf.h"

/* Record that NAME is not the party of entry source:ref.  -1 with err when
 * there is no such entry (or the store cannot be written). */
int review_add(struct store *st, const char *name, const char *source, const char *ref,
	       const char *reviewer, const char *reason, struct strbuf *err);

/* All reviews, each marked current or not; *out is allocated (free with
 * review_free).  -1 with err when the store cannot be read. */
int review_load(struct store *st, struct review **out, size_t *n, struct strbuf *err);
#endif
