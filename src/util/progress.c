/*
 * progress.c — see progress.h.
 */
#include "util/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, const char *what, const char *unit, size_t total,
		   bool quiet)
{
	memset(p, 0, sizeof *p);
	p->what = what;
	p->unit = unit;
	p->total = total;
	p->quiet = quiet;
	p->tty = isatty(2);
	p->start = p->last = now_s();
	const char *iv = getenv("CHIPSCREEN_PROGRESS_INTERVAL");
	p->interval = iv && *iv ? atof(iv) : p->tty ? 0.1 : 5.0;
}

static void show(struct progress *p, bool final)
{
	char extra[64] = "";
	if (p->extra_label)
		snprintf(extra, sizeof extra, ", %zu %s", p->extra, p->extra_label);
	if (p->tty && p->total) {
		int width = 30, fill = (int)((p->done < p->total ? p->done : p->total) *
					     (size_t)width / p->total);
		fprintf(stderr, "\r%s [%.*s%*s] %zu/%zu %s%s", p->what, fill,
			"##############################", width - fill, "", p->done, p->total,
			p->unit, extra);
	} else if (p->tty) {
		fprintf(stderr, "\r%s: %zu %s%s", p->what, p->done, p->unit, extra);
	} else {
		fprintf(stderr, "chipscreen %s: %zu", p->what, p->done);
		if (p->total)
			fprintf(stderr, "/%zu", p->total);
		fprintf(stderr, " %s%s (%.0f s)%s\n", p->unit, extra, now_s() - p->start,
			final ? ", done" : "");
	}
	if (p->tty && final)
		fputc('\n', stderr);
	fflush(stderr);
	p->shown = true;
}

void progress_step(struct progress *p, size_t n, size_t extra)
{
	p->done += n;
	p->extra += extra;
	if (p->quiet)
		return;
	double t = now_s();
	if (t - p->last >= p->interval) {
		p->last = t;
		show(p, false);
	}
}

void progress_end(struct progress *p)
{
	if (!p->quiet && (p->summary || p->shown || now_s() - p->start >= p->interval))
		show(p, true);
}
