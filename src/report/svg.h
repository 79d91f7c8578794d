/*
 * svg.h — the report's charts, drawn as inline SVG by chipscreen itself.
 *
 * Two shapes: horizontal stacked bars (a row per label, a segment per
 * series) and a timeline (a row per label, a marker per dated event).  Each
 * chart carries a <title> and a <desc> (role="img", aria-labelledby), each
 * series a CSS class and a fill pattern as well as a colour, and a legend
 * in words, so colour never carries meaning alone.  Every bar segment has
 * data-value: its number; its width is value * plot width / axis maximum,
 * the axis maximum being the largest row total rounded up to a tick step
 * of 1, 2 or 5 times a power of ten (tests/report/test_html_svg.c checks
 * both).  Labels are escaped with html_text (the XML subset it emits is
 * valid in SVG too).
 */
#ifndef REPORT_SVG_H
#define REPORT_SVG_H

#include <stddef.h>

#include "chipscreen.h"
#include "util/strbuf.h"

struct svg_bars {
	const char *id; /* unique in the document: prefixes pattern ids */
	const char *title, *desc;
	const char *const *labels; /* nrows */
	size_t nrows;
	const char *const *series;       /* names, for the legend */
	const char *const *series_class; /* CSS classes ("v-prohibited") */
	size_t nseries;
	const size_t *values; /* nrows * nseries, row-major */
	const char *unit;     /* "components", "hosts" */
};

/* The plot width bars are scaled to, in SVG units. */
#define SVG_PLOT_WIDTH 480

/* The axis maximum for a largest total: 1, 2 or 5 times a power of ten, times the ticks. */
size_t svg_axis_max(size_t total, size_t *step);
void svg_bar_chart(struct strbuf *out, const struct svg_bars *b);

struct svg_event {
	size_t row; /* index into labels */
	day_t date;
	const char *what;  /* shown on hover and in the chart's text */
	const char *klass; /* CSS class of the marker */
};

struct svg_timeline {
	const char *id, *title, *desc;
	const char *const *labels;
	size_t nrows;
	day_t from, to; /* the axis: from the as-of date to a year end */
	const struct svg_event *events;
	size_t nevents;
};

void svg_timeline_chart(struct strbuf *out, const struct svg_timeline *t);

/* The fill patterns for the verdict classes, for a chart's <defs>. */
void svg_verdict_defs(struct strbuf *out, const char *id);
/* "url(#ID-pat-prohibited)" style fill for a verdict class, or the plain class colour. */
void svg_fill_for(struct strbuf *out, const char *id, const char *klass);

#endif
