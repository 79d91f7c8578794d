/*
 * pairs.c — precision, recall and F1 of `compare` on labelled name pairs
 * (match/quality.h, tools/gen-name-pairs.py), by type and by script, over a
 * range of thresholds: the tuning tool.  Run it on pairs-tune.tsv only; the
 * held-out part is read by tests/match/test_pairs.c alone.
 *
 *   build/bench/names/pairs [--db FILE] [-v MIN] PAIRS.tsv [MIN...]
 *
 * -v MIN prints the pairs scored wrong at MIN (misses and false hits).
 * --dump prints every pair instead, with the scorer's account of it (label,
 * type, script, score, why, query, listed; tab-separated): the input of
 * tools/fit-name-model.py, which measures what a model fitted over the
 * pairing's features would gain (doc/matching.md).
 */
#include "lists/index-load.h"
#include "match/quality.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *types[] = {NULL, "person", "organization", "vessel"};
static const char *scripts[] = {"latin", "cyrillic", "cyrillic-latin"};

static void row(const char *what, struct prf r)
{
	printf("  %-22s %5d %5d  P %.3f  R %.3f  F1 %.3f\n", what, r.pos, r.neg, r.precision,
	       r.recall, r.f1);
}

static void dump_pairs(struct nindex *ix, const struct lpairs *lp)
{
	struct strbuf why = STRBUF_INIT;
	for (size_t i = 0; i < lp->n; i++) {
		const struct lpair *x = &lp->p[i];
		strbuf_reset(&why);
		double s = compare_names_typed(ix, x->query, x->listed, x->type, &why, NULL);
		printf("%d\t%s\t%s\t%.4f\t%s\t%s\t%s\n", x->label, x->type, x->script, s, why.buf,
		       x->query, x->listed);
	}
	strbuf_release(&why);
}

int main(int argc, char **argv)
{
	const char *db = NULL, *tsv = NULL;
	double mins[32], vmin = -1;
	int nmins = 0;
	bool dump = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "-v") && i + 1 < argc)
			vmin = atof(argv[++i]);
		else if (!strcmp(argv[i], "--dump"))
			dump = true;
		else if (!tsv)
			tsv = argv[i];
		else if (nmins < 32)
			mins[nmins++] = atof(argv[i]);
	}
	if (!tsv) {
		fprintf(stderr, "usage: pairs [--db FILE] [-v MIN | --dump] PAIRS.tsv [MIN...]\n");
		return 2;
	}
	if (!nmins)
		for (double m = 0.5; m < 0.951; m += 0.05)
			mins[nmins++] = m;
	struct strbuf err = STRBUF_INIT;
	struct store *st = NULL;
	struct nindex *ix = NULL;
	if (db && nindex_open(db, &st, &ix, &err) < 0) {
		fprintf(stderr, "%s\n", err.buf);
		return 2;
	}
	struct lpairs lp;
	if (lpairs_load(tsv, &lp, &err) < 0) {
		fprintf(stderr, "%s\n", err.buf);
		return 2;
	}
	lpairs_score(ix, &lp);
	if (dump) {
		dump_pairs(ix, &lp);
		nmins = 0;
	}
	for (int k = 0; k < nmins; k++) {
		printf("min %.2f%*s  pos   neg\n", mins[k], 15, "");
		for (size_t t = 0; t < sizeof types / sizeof *types; t++)
			row(types[t] ? types[t] : "all", lpairs_prf(&lp, mins[k], types[t], NULL));
		for (size_t s = 0; s < sizeof scripts / sizeof *scripts; s++)
			row(scripts[s], lpairs_prf(&lp, mins[k], NULL, scripts[s]));
	}
	/* calibration: how often a pair scoring in each band is the same name */
	if (dump)
		goto out;
	printf("score band     pairs  same name\n");
	for (int b = 0; b < 10; b++) {
		double lo = b / 10.0, hi = (b + 1) / 10.0;
		int n = 0, same = 0;
		for (size_t i = 0; i < lp.n; i++)
			if (lp.p[i].score >= lo && (lp.p[i].score < hi || (b == 9 && lp.p[i].score <= 1))) {
				n++;
				same += lp.p[i].label;
			}
		printf("[%.1f, %.1f%c  %6d  %s%.3f\n", lo, hi, b == 9 ? ']' : ')', n, "",
		       n ? (double)same / n : 0);
	}
	if (vmin >= 0)
		for (size_t i = 0; i < lp.n; i++)
			if ((lp.p[i].score >= vmin) != lp.p[i].label)
				printf("%s\t%.3f\t%s\t%s\t%s\n", lp.p[i].label ? "MISS" : "FALSE",
				       lp.p[i].score, lp.p[i].type, lp.p[i].query, lp.p[i].listed);
out:
	lpairs_release(&lp);
	nindex_free(ix);
	store_close(st);
	strbuf_release(&err);
	return 0;
}
