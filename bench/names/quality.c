/*
 * quality.c — precision, recall and F1 of the name matcher on the labelled
 * set, over a range of thresholds (match/quality.h).
 *
 *   build/bench/names/quality --db FILE [-v] [--check-exhaustive] LABELLED.tsv [MIN...]
 */
#include "lists/index-load.h"
#include "match/quality.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *db = NULL, *tsv = NULL;
	int verbose = 0, check = 0;
	double mins[32];
	int nmins = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--check-exhaustive"))
			check = 1;
		else if (!tsv)
			tsv = argv[i];
		else if (nmins < 32)
			mins[nmins++] = atof(argv[i]);
	}
	if (!db || !tsv) {
		fprintf(stderr, "usage: quality --db FILE [-v] [--check-exhaustive] LABELLED.tsv "
				"[MIN...]\n");
		return 2;
	}
	if (!nmins) {
		double d[] = {0.70, 0.75, 0.80, 0.85, 0.90, 0.95};
		for (int i = 0; i < 6; i++)
			mins[nmins++] = d[i];
	}
	struct store *st;
	struct nindex *ix;
	struct strbuf err = STRBUF_INIT;
	if (nindex_open(db, &st, &ix, &err) < 0) {
		fprintf(stderr, "%s\n", err.buf);
		return 2;
	}
	printf("%-6s %5s %5s %5s %4s %4s %4s %9s %9s %9s%s\n", "min", "rows", "pos", "neg", "tp",
	       "fp", "fn", "precision", "recall", "F1", check ? "  index!=exhaustive" : "");
	for (int i = 0; i < nmins; i++) {
		struct quality qu;
		if (quality_eval(ix, tsv, mins[i], check, &qu, verbose ? stdout : NULL, &err) < 0) {
			fprintf(stderr, "%s\n", err.buf);
			return 2;
		}
		printf("%-6.2f %5d %5d %5d %4d %4d %4d %9.3f %9.3f %9.3f", mins[i], qu.rows,
		       qu.positives, qu.negatives, qu.tp, qu.fp, qu.fn, qu.precision, qu.recall,
		       qu.f1);
		if (check)
			printf("  %d", qu.index_mismatches);
		printf("\n");
	}
	nindex_free(ix);
	store_close(st);
	strbuf_release(&err);
	return 0;
}
