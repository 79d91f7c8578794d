/*
 * progress.h — the one progress display of long commands (import,
 * screen-names, export-check --orders).
 *
 * On a terminal it redraws one line at most every 0.1 s; into a log it
 * writes a line every 5 s (CHIPSCREEN_PROGRESS_INTERVAL sets the seconds),
 * so a log of a long run says how far it got without a line per item (the
 * clock is read at each step: a vDSO call, some 20 ns).  --quiet shows
 * nothing.
 */
#ifndef UTIL_PROGRESS_H
#define UTIL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct progress {
	const char *what; /* "import", "screen-names" */
	const char *unit; /* "files", "rows" */
	const char *extra_label; /* a second count shown ("matched"), or NULL */
	size_t total;            /* 0: unknown (no bar) */
	size_t done, extra;
	bool tty, quiet, shown;
	bool summary; /* the last line always, as the run's count (unless quiet) */
	double last, interval, start;
};

/* total 0 when unknown. */
void progress_init(struct progress *p, const char *what, const char *unit, size_t total,
		   bool quiet);
/* n more done (extra more of the second count). */
void progress_step(struct progress *p, size_t n, size_t extra);
/* The last line: a terminal's line is finished; a log gets one if it got any
 * or the run took longer than the interval. */
void progress_end(struct progress *p);

#endif
