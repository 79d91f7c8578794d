/*
 * csvread.h — CSV records with line numbers, in constant memory (libcsv).
 *
 * libcsv parses; this reader feeds it one physical line at a time so that
 * every record knows the line it starts on, and so that damage stays local:
 *
 *   - a field longer than CSVR_MAX_FIELD makes its record "oversized";
 *   - a quote that never closes would swallow the rest of the file: once a
 *     record spans more than CSVR_MAX_LINES lines, the reader reports its
 *     first line, drops it and parses again from the next line;
 *   - a line ends at LF, CR LF or a CR alone (classic Mac files), as libcsv
 *     ends a record, and its end is kept however long the line;
 *   - a UTF-8 byte-order mark and a trailing DOS end-of-file mark (0x1A, as
 *     in OFAC's files) are ignored;
 *   - a NUL byte in a field is read as a space and the record says so: as a
 *     C string the field would end there ("Sinobright\0 Import ..." screened
 *     as "Sinobright", a listed name missed).
 *
 * Memory is bounded by CSVR_MAX_LINES lines of at most CSVR_MAX_FIELD bytes
 * each, whatever the file, so screen-names can stream any input.
 */
#ifndef UTIL_CSVREAD_H
#define UTIL_CSVREAD_H

#include <csv.h>
#include <stdbool.h>
#include <stdio.h>

#include "util/strbuf.h"

#define CSVR_MAX_FIELD  (64 * 1024)
#define CSVR_MAX_LINES  32
#define CSVR_MAX_FIELDS 256

struct csvr {
	FILE *f;
	bool own;
	struct csv_parser p;
	char delim;
	bool auto_delim; /* delim is guessed from the first line */
	bool utf16;      /* the file starts with a UTF-16 byte-order mark */
	/* the record being built */
	struct strbuf fields[CSVR_MAX_FIELDS];
	int nf;
	bool oversized, toomany, nul;
	/* lines of the record being built, for the resync */
	struct strbuf pend[CSVR_MAX_LINES + 1];
	int npend;
	long pend_line; /* line number of pend[0] */
	/* lines to parse again after a resync */
	struct strbuf redo[CSVR_MAX_LINES + 1];
	int nredo, redo_at;
	long line; /* physical lines read */
	/* completed records waiting */
	int ready; /* 1 when a record is complete */
	long ready_line;
	bool eof;
	struct strbuf linebuf;
	/* set when a record had to be given up */
	long lost_line;
	const char *lost_why;
	/* the line of the record that was open inside a quoted field when the
	 * file ended (a file cut short), or 0: the record is given up as any
	 * lost one, but a caller that must not take a cut file for a whole one
	 * (lists import) asks this after the last record */
	long cut_line;
	bool unterminated; /* the file's last line has no line end */
};

struct csvrec {
	int nf;
	const char *f[CSVR_MAX_FIELDS];
	size_t len[CSVR_MAX_FIELDS];
	long line;
	bool oversized; /* a field was longer than CSVR_MAX_FIELD (it is cut) */
	bool toomany;   /* more than CSVR_MAX_FIELDS fields (the rest dropped) */
	bool nul;       /* a field held NUL bytes: each is read as a space */
};

/* Open path (or use f when path is NULL).  delim 0: guess it from the
 * first line (csvr_guess_delim); r->delim says which after the first
 * csvr_next.  -1 with err on failure. */
int csvr_open(struct csvr *r, const char *path, FILE *f, char delim, struct strbuf *err);
void csvr_close(struct csvr *r);
/* The separator of a header line: the most frequent of , ; tab | outside
 * quotes (a comma when none occurs, or on a tie with it). */
char csvr_guess_delim(const char *line, size_t n);
/* Next record: 1, 0 at the end.  A record given up on (unbalanced quote) is
 * reported through *lost_line / *lost_why before the next record: the caller
 * checks csvr_lost() after each call. */
int csvr_next(struct csvr *r, struct csvrec *rec);
/* The line and reason of a record given up since the last call, or 0. */
long csvr_lost(struct csvr *r, const char **why);

#endif
