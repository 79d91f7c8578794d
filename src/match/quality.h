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

/*
 * Labelled name pairs (tests/fixtures/names/pairs-*.tsv, made by
 * tools/gen-name-pairs.py): one row a pair, columns query, listed, label
 * (1 the same name, 0 not), type (person, organization, vessel), script,
 * source, ref.  Each pair is scored with compare_names_typed() under the
 * row's type; a pair counts as found when its score reaches the threshold.
 */
struct lpair {
	const char *query, *listed, *type, *script;
	int label;
	double score;
};

struct lpairs {
	struct lpair *p;
	size_t n;
	char *text; /* the file, which the strings point into */
};

struct prf {
	int pos, neg, tp, fp, fn;
	double precision, recall, f1;
};

/* Read a pairs file; -1 with err naming the file and line on bad rows. */
int lpairs_load(const char *tsv, struct lpairs *out, struct strbuf *err);
void lpairs_release(struct lpairs *lp);
/* Score every pair with the weights of ix (NULL: uniform). */
void lpairs_score(struct nindex *ix, struct lpairs *lp);
/* P/R/F1 at min over the pairs of type and script (NULL: any). */
struct prf lpairs_prf(const struct lpairs *lp, double min, const char *type, const char *script);

#endif
