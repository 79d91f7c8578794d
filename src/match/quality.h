/*
 * quality.h — precision, recall and F1 of the matcher on a labelled set.
 *
 * The set (tests/fixtures/names/labelled.tsv) has a header and the columns
 * query, expected, category, note.  expected holds the listed names that are
 * right answers, separated by " | ", or nothing for a hard negative.  A
 * query is a true positive when some hit at the threshold is an expected
 * name; every query with a hit that is not expected counts one false
 * positive; a positive query without an expected hit is a false negative.
 */
#ifndef MATCH_QUALITY_H
#define MATCH_QUALITY_H

#include <stdio.h>

#include "match/index.h"

struct quality {
	int rows, positives, negatives;
	int tp, fp, fn;
	double precision, recall, f1;
	int index_mismatches; /* queries where --exhaustive found other hits */
};

/* Evaluate at threshold min; with check_exhaustive, also run every query
 * exhaustively and count differences.  Errors (file, labels naming no listed
 * entry) go to err: -1.  Wrong answers are printed to verbose when not NULL. */
int quality_eval(struct nindex *ix, const char *tsv, double min, int check_exhaustive,
		 struct quality *out, FILE *verbose, struct strbuf *err);

#endif
