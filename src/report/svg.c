/*
 * svg.c — stacked bars and a timeline as inline SVG (see svg.h).
 *
 * Sizes are fixed in SVG units and the element scales with its viewBox, so
 * a chart reads the same on screen and on an A4 page.  Each verdict class
 * has a colour and a pattern (table below): printed in black and white, or
 * read by someone who does not tell red from orange, the hatching and the
 * legend's words still tell the verdicts apart.
 */
#include "report/svg.h"
#include "report/html.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>

#define LABEL_W 230
#define ROW_H   24
#define BAR_H   16
#define TOP     10
#define RIGHT   80

static const struct {
	const char *klass, *colour, *ink, *pattern;
} looks[] = {
	/* pattern: the strokes drawn over the colour, in an 8x8 tile */
	{"v-prohibited", "#8b0000", "#ffffff", "M0 0L8 8M8 0L0 8"},
	{"v-remove-by", "#c2410c", "#ffffff", "M0 8L8 0M-2 2L2 -2M6 10L10 6"},
	{"v-no-new-purchase", "#d97706", "#ffffff", "M0 2H8M0 6H8"},
	{"v-license", "#6d28d9", "#ffffff", "M2 0V8M6 0V8"},
	{"v-review", "#ca8a04", "#1f2937", "M0 0L8 8M-2 6L2 10M6 -2L10 2"},
	{"v-info", "#64748b", "#ffffff", ""},
	{"v-clear", "#15803d", "#ffffff", ""},
	{"v-not-identified", "#9ca3af", "#1f2937", "M4 0V8M0 4H8"},
	{"v-none", "#cbd5e1", "#1f2937", ""},
};

static int look_of(const char *klass)
{
	for (size_t i = 0; i < sizeof looks / sizeof looks[0]; i++)
		if (klass && !strcmp(looks[i].klass, klass))
			return (int)i;
	return (int)(sizeof looks / sizeof looks[0]) - 1;
}

void svg_verdict_defs(struct strbuf *out, const char *id)
{
	strbuf_addstr(out, "<defs>");
	for (size_t i = 0; i < sizeof looks / sizeof looks[0]; i++) {
		strbuf_addf(out,
			    "<pattern id=\"%s-pat-%s\" width=\"8\" height=\"8\" "
			    "patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" "
			    "fill=\"%s\"/>",
			    id, looks[i].klass + 2, looks[i].colour);
		if (*looks[i].pattern)
			strbuf_addf(out,
				    "<path d=\"%s\" stroke=\"%s\" stroke-width=\"1.3\" "
				    "stroke-opacity=\"0.75\"/>",
				    looks[i].pattern, looks[i].ink);
		strbuf_addstr(out, "</pattern>");
	}
	strbuf_addstr(out, "</defs>");
}

void svg_fill_for(struct strbuf *out, const char *id, const char *klass)
{
	strbuf_addf(out, "url(#%s-pat-%s)", id, looks[look_of(klass)].klass + 2);
}

size_t svg_axis_max(size_t total, size_t *step)
{
	size_t p = 1;
	if (!total)
		total = 1;
	/* about four to eight ticks */
	for (;;) {
		static const size_t mult[] = {1, 2, 5};
		for (size_t i = 0; i < 3; i++) {
			size_t s = p * mult[i];
			if ((total + s - 1) / s <= 8) {
				*step = s;
				return (total + s - 1) / s * s;
			}
		}
		p *= 10;
	}
}

static void head(struct strbuf *out, const char *id, const char *title, const char *desc, size_t w,
		 size_t h)
{
	strbuf_addf(out,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" "
		    "viewBox=\"0 0 %zu %zu\" width=\"%zu\" height=\"%zu\" role=\"img\" "
		    "aria-labelledby=\"%s-t %s-d\"><title id=\"%s-t\">",
		    id, w, h, w, h, id, id, id);
	html_text(out, title);
	strbuf_addf(out, "</title><desc id=\"%s-d\">", id);
	html_text(out, desc);
	strbuf_addstr(out, "</desc>");
	svg_verdict_defs(out, id);
}

static void axis(struct strbuf *out, size_t max, size_t step, size_t y0, size_t y1,
		 const char *unit)
{
	char b[32];
	for (size_t v = 0; v <= max; v += step) {
		double x = LABEL_W + (double)v * SVG_PLOT_WIDTH / (double)max;
		strbuf_addf(out,
			    "<line class=\"grid\" x1=\"%.1f\" y1=\"%zu\" x2=\"%.1f\" y2=\"%zu\"/>"
			    "<text class=\"tick\" x=\"%.1f\" y=\"%zu\" text-anchor=\"middle\" "
			    "data-tick=\"%zu\">%s</text>",
			    x, y0, x, y1, x, y1 + 14, v, html_num(v, b));
	}
	strbuf_addf(out, "<text class=\"axis-unit\" x=\"%d\" y=\"%zu\" text-anchor=\"middle\">",
		    LABEL_W + SVG_PLOT_WIDTH / 2, y1 + 30);
	html_text(out, unit);
	strbuf_addstr(out, "</text>");
}

static size_t legend(struct strbuf *out, const char *id, const char *const *names,
		     const char *const *classes, size_t n, size_t y)
{
	size_t x = 10;
	for (size_t i = 0; i < n; i++) {
		size_t w = 30 + strlen(names[i]) * 15 / 2; /* 11px text, capitals */
		if (x + w > LABEL_W + SVG_PLOT_WIDTH + RIGHT) {
			x = 10;
			y += 20;
		}
		strbuf_addf(out, "<rect x=\"%zu\" y=\"%zu\" width=\"14\" height=\"14\" fill=\"", x,
			    y);
		svg_fill_for(out, id, classes[i]);
		strbuf_addstr(out, "\" stroke=\"#374151\" stroke-width=\"0.5\"/>");
		strbuf_addf(out, "<text class=\"legend\" x=\"%zu\" y=\"%zu\">", x + 19, y + 11);
		html_text(out, names[i]);
		strbuf_addstr(out, "</text>");
		x += w;
	}
	return y + 20;
}

static size_t row_total(const struct svg_bars *b, size_t r)
{
	size_t t = 0;
	for (size_t s = 0; s < b->nseries; s++)
		t += b->values[r * b->nseries + s];
	return t;
}

static void bar_row(struct strbuf *out, const struct svg_bars *b, size_t r, size_t max)
{
	size_t y = TOP + r * ROW_H;
	double x = LABEL_W;
	strbuf_addf(out,
		    "<g class=\"row\"><text class=\"label\" x=\"%d\" y=\"%zu\" "
		    "text-anchor=\"end\">",
		    LABEL_W - 8, y + 12);
	html_text(out, b->labels[r]);
	strbuf_addstr(out, "</text>");
	for (size_t s = 0; s < b->nseries; s++) {
		size_t v = b->values[r * b->nseries + s];
		if (!v)
			continue;
		double w = (double)v * SVG_PLOT_WIDTH / (double)max;
		strbuf_addf(out,
			    "<rect class=\"bar %s\" x=\"%.2f\" y=\"%zu\" width=\"%.2f\" "
			    "height=\"%d\" data-value=\"%zu\" fill=\"",
			    b->series_class[s], x, y + 2, w, BAR_H, v);
		svg_fill_for(out, b->id, b->series_class[s]);
		strbuf_addstr(out, "\"><title>");
		html_text(out, b->labels[r]);
		char num[32];
		strbuf_addf(out, ": %s ", html_num(v, num));
		html_text(out, b->series[s]);
		strbuf_addstr(out, "</title></rect>");
		x += w;
	}
	char num[32];
	strbuf_addf(out, "<text class=\"total\" x=\"%.2f\" y=\"%zu\">%s</text></g>", x + 4, y + 12,
		    html_num(row_total(b, r), num));
}

void svg_bar_chart(struct strbuf *out, const struct svg_bars *b)
{
	size_t top = 1, step;
	for (size_t r = 0; r < b->nrows; r++)
		if (row_total(b, r) > top)
			top = row_total(b, r);
	size_t max = svg_axis_max(top, &step);
	size_t plot_h = TOP + b->nrows * ROW_H;
	size_t legend_rows = 1 + b->nseries / 5;
	size_t h = plot_h + 40 + legend_rows * 20 + 10;
	head(out, b->id, b->title, b->desc, LABEL_W + SVG_PLOT_WIDTH + RIGHT, h);
	axis(out, max, step, TOP - 4, plot_h, b->unit);
	for (size_t r = 0; r < b->nrows; r++)
		bar_row(out, b, r, max);
	legend(out, b->id, b->series, b->series_class, b->nseries, plot_h + 40);
	strbuf_addstr(out, "</svg>");
}

/* ---------------------------------------------------------------------- */

static double day_x(const struct svg_timeline *t, day_t d)
{
	return LABEL_W + (double)(d - t->from) * SVG_PLOT_WIDTH / (double)(t->to - t->from);
}

static void year_ticks(struct strbuf *out, const struct svg_timeline *t, size_t y1)
{
	char buf[11];
	int y0 = atoi(date_format(t->from, buf));
	for (int y = y0 + 1;; y++) {
		day_t d = days_from_civil(y, 1, 1);
		if (d > t->to)
			break;
		double x = day_x(t, d);
		strbuf_addf(out,
			    "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%zu\"/>"
			    "<text class=\"tick\" x=\"%.1f\" y=\"%zu\" "
			    "text-anchor=\"middle\">%d</text>",
			    x, TOP - 4, x, y1, x, y1 + 14, y);
	}
	strbuf_addf(out,
		    "<line class=\"today\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%zu\"/>"
		    "<text class=\"tick\" x=\"%d\" y=\"%zu\" text-anchor=\"start\">as of %s</text>",
		    LABEL_W, TOP - 4, LABEL_W, y1, LABEL_W, y1 + 28, date_format(t->from, buf));
}

void svg_timeline_chart(struct strbuf *out, const struct svg_timeline *t)
{
	size_t plot_h = TOP + t->nrows * ROW_H;
	head(out, t->id, t->title, t->desc, LABEL_W + SVG_PLOT_WIDTH + RIGHT, plot_h + 44);
	year_ticks(out, t, plot_h);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t y = TOP + r * ROW_H;
		strbuf_addf(out,
			    "<line class=\"lane\" x1=\"%d\" y1=\"%zu\" x2=\"%d\" y2=\"%zu\"/>"
			    "<text class=\"label\" x=\"%d\" y=\"%zu\" text-anchor=\"end\">",
			    LABEL_W, y + 10, LABEL_W + SVG_PLOT_WIDTH, y + 10, LABEL_W - 8, y + 14);
		html_text(out, t->labels[r]);
		strbuf_addstr(out, "</text>");
	}
	for (size_t i = 0; i < t->nevents; i++) {
		const struct svg_event *e = &t->events[i];
		char buf[11];
		if (e->date < t->from || e->date > t->to || e->row >= t->nrows)
			continue;
		double x = day_x(t, e->date);
		size_t y = TOP + e->row * ROW_H + 10;
		strbuf_addf(out,
			    "<path class=\"event %s\" d=\"M%.1f %zu l6 6 l-6 6 l-6 -6 z\" "
			    "data-date=\"%s\" fill=\"",
			    e->klass, x, y - 6, date_format(e->date, buf));
		svg_fill_for(out, t->id, e->klass);
		strbuf_addstr(out, "\" stroke=\"#111827\" stroke-width=\"0.8\"><title>");
		strbuf_addf(out, "%s: ", buf);
		html_text(out, e->what);
		strbuf_addstr(out, "</title></path>");
		strbuf_addf(out, "<text class=\"evlabel\" x=\"%.1f\" y=\"%zu\">%s</text>", x + 8,
			    y + 4, buf);
	}
	strbuf_addstr(out, "</svg>");
}
