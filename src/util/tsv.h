/*
 * tsv.h — reading chipscreen's own tab-separated data tables.
 *
 * The tables are ours, so a damaged row is an error naming the file and
 * line, never a row skipped: a silently shorter table would be a silent miss.
 * The whole file is read into the arena and split in place.
 */
#ifndef UTIL_TSV_H
#define UTIL_TSV_H

#include "util/arena.h"
#include "util/strbuf.h"

#define TSV_MAX_COLS 16

struct tsv {
	const char *path;
	char *p, *end;
	long line;
	char *col[TSV_MAX_COLS];
	int ncol;
	int idx[TSV_MAX_COLS];
	char *row[TSV_MAX_COLS];
	unsigned lines; /* lines after the header: at least the rows to come */
	const char *layout; /* set after tsv_open: the columns, named in errors */
};

/* Read path (its text copied into a, where the rows' strings point); the
 * header must name every column of want (NULL-terminated). */
int tsv_open(struct arena *a, struct tsv *t, const char *path, const char *const *want,
	     struct strbuf *err);
/* The next row into t->row, by wanted column: 1, 0 at the end, -1 with err.
 * The last wanted column (the source) must not be empty. */
int tsv_next(struct tsv *t, int nwant, struct strbuf *err);
/* err = "path:line: ..."; returns -1. */
int tsv_fail(struct tsv *t, struct strbuf *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
