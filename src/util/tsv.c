/*
 * tsv.c — chipscreen's own data tables (the .tsv files under data/): "#" comments, a header
 * naming the columns, tab-separated rows with a source column last wanted.
 * Errors name the file and line.
 */
#include "util/tsv.h"
#include "util/fileio.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int tsv_fail(struct tsv *t, struct strbuf *err, const char *fmt, ...)
{
	va_list ap;
	strbuf_reset(err);
	strbuf_addf(err, "%s:%ld: ", t->path, t->line);
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

/* The next line that is not a comment, split at tabs: 1, 0 at the end, -1
 * when it has too many columns. */
static int tsv_line(struct tsv *t, int *n)
{
	while (t->p < t->end) {
		char *line = t->p;
		char *nl = memchr(line, '\n', (size_t)(t->end - line));
		if (!nl)
			nl = t->end;
		*nl = '\0';
		t->p = nl + 1;
		t->line++;
		if (nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		int k = 0;
		for (char *c = line;; c++) {
			if (k == TSV_MAX_COLS)
				return -1;
			t->col[k++] = c;
			c = strchr(c, '\t');
			if (!c)
				break;
			*c = '\0';
		}
		*n = k;
		return 1;
	}
	return 0;
}

int tsv_open(struct arena *a, struct tsv *t, const char *path, const char *const *want,
	     struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT;
	memset(t, 0, sizeof *t);
	t->path = arena_strdup(a, path);
	if (read_file(path, 16u << 20, &data, err) < 0) {
		strbuf_release(&data);
		return -1;
	}
	if (memchr(data.buf, 0, data.len)) {
		strbuf_release(&data);
		strbuf_reset(err);
		strbuf_addf(err, "%s: holds a NUL byte: not a text table", path);
		return -1;
	}
	t->p = arena_strndup(a, data.buf, data.len);
	t->end = t->p + data.len;
	strbuf_release(&data);
	int n;
	int rc = tsv_line(t, &n);
	if (rc <= 0)
		return tsv_fail(t, err, "%s", rc < 0 ? "more than 16 columns" : "no header line");
	t->ncol = n;
	/* for callers that size their tables once */
	for (const char *q = t->p; q < t->end && (q = memchr(q, '\n', (size_t)(t->end - q))); q++)
		t->lines++;
	t->lines++; /* the last line may have no newline */
	int nwant = 0;
	for (int i = 0; want[i]; i++, nwant++) {
		t->idx[i] = -1;
		for (int j = 0; j < n; j++)
			if (!strcmp(t->col[j], want[i]))
				t->idx[i] = j;
	}
	/* The source column (the last wanted) is named first when missing: every
	 * table must have it, whatever else its readers want. */
	if (nwant && t->idx[nwant - 1] < 0)
		return tsv_fail(t, err, "the header has no column \"%s\"", want[nwant - 1]);
	for (int i = 0; i < nwant; i++)
		if (t->idx[i] < 0)
			return tsv_fail(t, err, "the header has no column \"%s\"", want[i]);
	return 0;
}

/* The next row into t->row, by wanted column: 1, 0 at the end, -1. */
int tsv_next(struct tsv *t, int nwant, struct strbuf *err)
{
	int n;
	int rc = tsv_line(t, &n);
	if (rc < 0)
		return tsv_fail(t, err, "%s", "more than 16 columns");
	if (rc == 0)
		return 0;
	if (n != t->ncol) {
		if (t->layout) /* a table whose columns are fixed says which */
			return tsv_fail(t, err, "expected %d tab-separated columns (%s)", t->ncol,
					t->layout);
		return tsv_fail(t, err, "%d columns, the header has %d", n, t->ncol);
	}
	for (int i = 0; i < nwant; i++)
		t->row[i] = t->col[t->idx[i]];
	if (!*t->row[nwant - 1])
		return tsv_fail(t, err, "%s", "empty source column: every row needs its source");
	return 1;
}
