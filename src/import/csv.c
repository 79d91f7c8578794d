/*
 * csv.c — purchase orders and asset registers (CSV) into part components,
 * one per row: "part/<line>", or "part/<PO>/<line>" when a PO column exists.
 *
 * Columns are found by the header's names (case-insensitive synonyms:
 * Vendor/Supplier, Manufacturer/Mfr/Brand, Part Number/MPN/P/N, ...) unless
 * the caller maps them (--map part_number=MPN, or a 1-based column number).
 * Columns mapped to nothing are kept as extra fields named after the header,
 * so nothing in the file is lost.  Dates become YYYY-MM-DD: ISO dates as
 * they are, DD/MM/YYYY and MM/DD/YYYY only when the caller said which or the
 * date itself cannot be read the other way; anything else is kept raw with a
 * warning naming the line.
 *
 * libcsv does the quoting.  The file is fed to it one line at a time so that
 * every record knows the lines it spans.  A bad row (wrong number of fields,
 * an oversized field) is skipped with a warning naming its line; when the row
 * spanned several lines — the mark of an unbalanced quote, which makes the
 * parser swallow the lines after it — parsing restarts on the line after the
 * row's first, so one stray quote costs one row, not the rest of the file.
 */
#include "import/import-int.h"
#include "util/csvread.h"
#include "util/datadir.h"
#include "util/date.h"
#include "util/tsv.h"

#include <csv.h>
#include <pthread.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CSV_MAX_FIELD   (16u * 1024)   /* bytes in one field */
#define CSV_MAX_LINES   100            /* physical lines in one record */
#define CSV_MAX_RECORD  (1024u * 1024) /* bytes in one record */
#define CSV_HEADER_SCAN 10             /* records searched for the header row */

/*
 * Header names are data (data/csv-headers.tsv, with the ERP each comes from),
 * read once.  Both the table's names and a file's headers are normalised the
 * same way (header_key), so "Mfr Part #", "Mfr. Part No." and "MfrPartNumber"
 * are one name.
 */
struct header_name {
	char *key; /* normalised */
	int col;   /* enum import_column */
};

static struct {
	pthread_once_t once;
	struct arena *arena;
	struct header_name *v;
	size_t n;
	char *error; /* why the table could not be read, or NULL */
} headers = {PTHREAD_ONCE_INIT, NULL, NULL, 0, NULL};

/* One word, lower-cased: the forms of "number" read as "no". */
static void header_word(struct strbuf *out, const char *w, size_t n)
{
	static const char *const no[] = {"no", "nr", "num", "nbr", "number"};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (n == strlen(no[i]) && !strncmp(w, no[i], n)) {
			strbuf_addstr(out, "no");
			return;
		}
	if (n > 6 && !strncmp(w + n - 6, "number", 6)) { /* "PartNumber" */
		strbuf_add(out, w, n - 6);
		strbuf_addstr(out, "no");
		return;
	}
	strbuf_add(out, w, n);
}

/* "Mfr. Part #" -> "mfrpartno". */
static void header_key(const char *s, size_t n, struct strbuf *out)
{
	char w[64];
	size_t k = 0;
	strbuf_reset(out);
	for (size_t i = 0; i <= n; i++) {
		unsigned char ch = i < n ? (unsigned char)s[i] : ' ';
		if (ch < 0x80 && isalnum(ch)) {
			if (k < sizeof w)
				w[k++] = (char)tolower(ch);
			continue;
		}
		if (k)
			header_word(out, w, k);
		k = 0;
		if (ch == '#')
			strbuf_addstr(out, "no");
	}
}

static void headers_load(void)
{
	static const char *const want[] = {"header", "field", "source", NULL};
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT, key = STRBUF_INIT;
	struct tsv t;
	size_t cap = 0;
	int rc;
	headers.arena = arena_new();
	strbuf_addf(&path, "%s/csv-headers.tsv", data_dir());
	if (tsv_open(headers.arena, &t, path.buf, want, &err) < 0)
		goto out;
	while ((rc = tsv_next(&t, 3, &err)) == 1) {
		int col = -1;
		for (int c = 0; c < ICOL__COUNT && col < 0; c++)
			if (!strcmp(import_column_name(c), t.row[1]))
				col = c;
		if (col < 0) {
			tsv_fail(&t, &err, "unknown field \"%s\"", t.row[1]);
			goto out;
		}
		header_key(t.row[0], strlen(t.row[0]), &key);
		struct header_name *h = ARENA_PUSH(headers.arena, headers.v, headers.n, cap);
		h->key = arena_strdup(headers.arena, key.buf);
		h->col = col;
	}
	if (rc < 0)
		goto out;
	strbuf_reset(&err);
out:
	if (err.len) {
		headers.error = arena_strdup(headers.arena, err.buf);
		headers.n = 0;
	}
	strbuf_release(&err);
	strbuf_release(&path);
	strbuf_release(&key);
}

const char *csv_headers_error(void)
{
	pthread_once(&headers.once, headers_load);
	return headers.error;
}

int csv_column_of_header(const char *header)
{
	struct strbuf key = STRBUF_INIT;
	int col = -1;
	pthread_once(&headers.once, headers_load);
	header_key(header, strlen(header), &key);
	for (size_t i = 0; key.len && i < headers.n && col < 0; i++)
		if (!strcmp(headers.v[i].key, key.buf))
			col = headers.v[i].col;
	strbuf_release(&key);
	return col;
}

bool csv_looks_like_header(const char *line, size_t n)
{
	char d = csvr_guess_delim(line, n);
	int known = 0, cells = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && line[i] != d)
			continue;
		char cell[64];
		size_t a = start, b = i;
		while (a < b && (line[a] == ' ' || line[a] == '"'))
			a++;
		while (b > a && (line[b - 1] == ' ' || line[b - 1] == '"' || line[b - 1] == '\r'))
			b--;
		size_t cn = b - a < sizeof cell - 1 ? b - a : sizeof cell - 1;
		memcpy(cell, line + a, cn);
		cell[cn] = '\0';
		cells++;
		known += csv_column_of_header(cell) >= 0;
		start = i + 1;
	}
	return cells >= 2 && known >= 2;
}

/* ---- the importer ---- */

struct column {
	const char *header;
	int icol;          /* enum import_column, or -1: kept as an extra */
	const char *extra; /* extra field name */
};

struct csvx {
	struct imp *im;
	struct csv_parser p;
	char delim;
	/* the record being read */
	struct strbuf cells;
	size_t *off, *clen;
	size_t ncell, capcell;
	size_t big_cell, big_len; /* first oversized field: index + 1, its length */
	bool done;
	/* the header */
	bool have_header;
	size_t nrecords; /* records before the header */
	size_t preamble_first, preamble_last;
	char **first; /* the first record, kept to explain a missing header */
	size_t nfirst, first_line;
	struct column *cols;
	size_t ncols;
	int map[ICOL__COUNT];
	/* counts */
	size_t nrows, nparts, nbad;
	/* date order seen in the file when guessing: 'd' or 'm', and where */
	char seen_order;
	size_t seen_line;
};

static void cell_cb(void *s, size_t len, void *data)
{
	struct csvx *x = data;
	if (x->ncell == x->capcell) {
		x->capcell = x->capcell ? x->capcell * 2 : 16;
		x->off = realloc(x->off, x->capcell * sizeof *x->off);
		x->clen = realloc(x->clen, x->capcell * sizeof *x->clen);
		if (!x->off || !x->clen)
			abort();
	}
	if (len > CSV_MAX_FIELD) {
		if (!x->big_cell) {
			x->big_cell = x->ncell + 1;
			x->big_len = len;
		}
		len = 0;
	}
	x->off[x->ncell] = x->cells.len;
	x->clen[x->ncell] = len;
	x->ncell++;
	if (len)
		strbuf_add(&x->cells, s, len);
	strbuf_addch(&x->cells, '\0');
}

static void row_cb(int c, void *data)
{
	(void)c;
	((struct csvx *)data)->done = true;
}

static const char *cell(const struct csvx *x, size_t i)
{
	return i < x->ncell ? x->cells.buf + x->off[i] : "";
}

static void clear_record(struct csvx *x)
{
	strbuf_reset(&x->cells);
	x->ncell = 0;
	x->big_cell = 0;
	x->done = false;
}

static int is_space_only(unsigned char c)
{
	return c == ' ';
}

/* Strict by default, so that a quote in the wrong place is caught on its own
 * line; lenient to re-read one line whose stray quote is an inch mark. */
#define CSV_OPTS_STRICT  (CSV_STRICT | CSV_STRICT_FINI)
#define CSV_OPTS_LENIENT 0

static void parser_init(struct csvx *x, unsigned char opts)
{
	csv_init(&x->p, opts);
	csv_set_delim(&x->p, (unsigned char)x->delim);
	/* only spaces around unquoted fields are trimmed: tab may be the delimiter */
	csv_set_space_func(&x->p, is_space_only);
}

/* ---- header ---- */

static int header_score(const struct csvx *x)
{
	int known = 0;
	for (size_t i = 0; i < x->ncell; i++)
		known += csv_column_of_header(cell(x, i)) >= 0;
	return known;
}

/* Does the record hold a column named in a --map option? */
static bool names_a_mapped_column(const struct csvx *x)
{
	for (int c = 0; c < ICOL__COUNT; c++) {
		const char *m = x->im->opt->csv_map[c];
		if (!m || !strcmp(m, "-") || isdigit((unsigned char)m[0]))
			continue;
		for (size_t i = 0; i < x->ncell; i++)
			if (!strcasecmp(str_trim((char *)cell(x, i)), m))
				return true;
	}
	return false;
}

static bool mapped_by_name(const struct csvx *x)
{
	for (int c = 0; c < ICOL__COUNT; c++) {
		const char *m = x->im->opt->csv_map[c];
		if (m && strcmp(m, "-") != 0 && !isdigit((unsigned char)m[0]))
			return true;
	}
	return false;
}

static bool mapped_by_number(const struct csvx *x)
{
	for (int c = 0; c < ICOL__COUNT; c++) {
		const char *m = x->im->opt->csv_map[c];
		if (m && isdigit((unsigned char)m[0]))
			return true;
	}
	return false;
}

static void list_headers(const struct csvx *x, struct strbuf *err)
{
	strbuf_addstr(err, " (columns:");
	for (size_t i = 0; i < x->ncols; i++)
		strbuf_addf(err, "%s \"%s\"", i ? "," : "", x->cols[i].header);
	strbuf_addch(err, ')');
}

/* "columns used: Mfr Part # -> part_number, ...; kept as extras: Unit Price":
 * a warning of its own (what "columns"), which scan and import also print on
 * stderr, so that a column read under the wrong name is seen at once. */
static void columns_note(struct csvx *x, size_t line)
{
	struct strbuf sb = STRBUF_INIT;
	size_t used = 0, extra = 0;
	strbuf_addf(&sb, "header line %zu: columns used:", line);
	/* product_class is an extra the judge reads: used, not "not used" */
	for (size_t i = 0; i < x->ncols; i++)
		if (x->cols[i].icol >= 0)
			strbuf_addf(&sb, "%s %s -> %s", used++ ? "," : "", x->cols[i].header,
				    import_column_name(x->cols[i].icol));
		else if (x->cols[i].extra && !strcmp(x->cols[i].extra, "product_class"))
			strbuf_addf(&sb, "%s %s -> product_class", used++ ? "," : "",
				    x->cols[i].header);
	for (size_t i = 0; i < x->ncols; i++)
		if (x->cols[i].icol < 0 &&
		    !(x->cols[i].extra && !strcmp(x->cols[i].extra, "product_class")))
			strbuf_addf(&sb, "%s %s", extra++ ? "," : "; not used (kept as extras):",
				    x->cols[i].header);
	inventory_warn(x->im->inv, x->im->name, CSV_COLUMNS_NOTE, "%s", sb.buf);
	strbuf_release(&sb);
}

static int set_header(struct csvx *x, size_t line, struct strbuf *err)
{
	struct imp *im = x->im;
	struct arena *a = im->inv->arena;
	x->ncols = x->ncell;
	x->cols = arena_calloc(a, x->ncols, sizeof *x->cols);
	for (size_t i = 0; i < x->ncols; i++) {
		char *h = str_trim(arena_strdup(a, cell(x, i)));
		x->cols[i].header = *h ? h : arena_printf(a, "column %zu", i + 1);
		x->cols[i].icol = -1;
	}
	for (int c = 0; c < ICOL__COUNT; c++)
		x->map[c] = -1;
	/* explicit mappings first */
	for (int c = 0; c < ICOL__COUNT; c++) {
		const char *m = im->opt->csv_map[c];
		if (!m || !strcmp(m, "-"))
			continue;
		int idx = -1;
		char *end;
		unsigned long n = strtoul(m, &end, 10);
		if (isdigit((unsigned char)m[0]) && !*end) {
			if (n < 1 || n > x->ncols) {
				strbuf_addf(err,
					    "--map %s=%s: the header (line %zu) has %zu columns",
					    import_column_name(c), m, line, x->ncols);
				return -1;
			}
			idx = (int)n - 1;
		} else {
			for (size_t i = 0; i < x->ncols && idx < 0; i++)
				if (!strcasecmp(x->cols[i].header, m))
					idx = (int)i;
			if (idx < 0) {
				strbuf_addf(
					err,
					"--map %s=%s: no column \"%s\" in the header (line %zu)",
					import_column_name(c), m, m, line);
				list_headers(x, err);
				return -1;
			}
		}
		if (x->cols[idx].icol >= 0) {
			strbuf_addf(err, "--map: column \"%s\" is mapped to both %s and %s",
				    x->cols[idx].header, import_column_name(x->cols[idx].icol),
				    import_column_name(c));
			return -1;
		}
		x->cols[idx].icol = c;
		x->map[c] = idx;
	}
	/* then the synonyms, for fields not mapped explicitly */
	for (size_t i = 0; i < x->ncols; i++) {
		int c = csv_column_of_header(x->cols[i].header);
		if (x->cols[i].icol >= 0 || c < 0 || x->map[c] >= 0 || im->opt->csv_map[c])
			continue;
		x->cols[i].icol = c;
		x->map[c] = (int)i;
	}
	for (size_t i = 0; i < x->ncols; i++) {
		if (x->cols[i].icol >= 0)
			continue;
		const char *k = label_key(im, x->cols[i].header);
		x->cols[i].extra = *k ? k : arena_printf(a, "column_%zu", i + 1);
	}
	if (csv_headers_error()) {
		strbuf_addf(err, "the header names cannot be read: %s", csv_headers_error());
		return -1;
	}
	bool reg = im->opt->csv_register && (x->map[ICOL_SERIAL] >= 0 || x->map[ICOL_TAG] >= 0 ||
					     x->map[ICOL_DATE] >= 0);
	if (!reg && x->map[ICOL_MANUFACTURER] < 0 && x->map[ICOL_PART_NUMBER] < 0 &&
	    x->map[ICOL_MODEL] < 0 && x->map[ICOL_SUPPLIER] < 0 && x->map[ICOL_DESCRIPTION] < 0) {
		strbuf_addf(err,
			    "the header (line %zu) names no manufacturer, part number, model, "
			    "supplier or description column",
			    line);
		list_headers(x, err);
		strbuf_addstr(err, "; map them with --map FIELD=COLUMN");
		return -1;
	}
	x->have_header = true;
	columns_note(x, line);
	if (x->preamble_first == x->preamble_last && x->preamble_first)
		imp_warn(im, 0, "line %zu, before the header row (line %zu), skipped",
			 x->preamble_first, line);
	else if (x->preamble_first)
		imp_warn(im, 0, "lines %zu-%zu, before the header row (line %zu), skipped",
			 x->preamble_first, x->preamble_last, line);
	return 0;
}

/* ---- dates ---- */

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
				     "jul", "aug", "sep", "oct", "nov", "dec"};

static int month_of(const char *w)
{
	if (strlen(w) < 3)
		return 0;
	for (int m = 0; m < 12; m++)
		if (!strncasecmp(w, months[m], 3))
			return m + 1;
	return 0;
}

static const char *iso(struct imp *im, int y, int m, int d)
{
	char buf[16];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	return date_parse(buf) ? arena_strdup(im->inv->arena, buf) : NULL;
}

/* YYYY-MM-DD (or with / or .), optionally with a time after it. */
static bool year_first(const char *s, int *y, int *m, int *d)
{
	char s1, s2;
	int n = 0;
	if (strspn(s, "0123456789") != 4)
		return false;
	if (sscanf(s, "%4d%c%2d%c%2d%n", y, &s1, m, &s2, d, &n) != 5 || n < 8 || s1 != s2 ||
	    (s1 != '-' && s1 != '/' && s1 != '.'))
		return false;
	return !s[n] || s[n] == 'T' || s[n] == ' ';
}

static const char *csv_date(struct csvx *x, const char *v, size_t line)
{
	struct imp *im = x->im;
	int y, m, d, a, b;
	char s1, s2, tail;
	char w1[16], w2[16], w3[16];
	if (year_first(v, &y, &m, &d)) {
		const char *r = iso(im, y, m, d);
		if (!r)
			imp_warn(im, line, "date \"%s\" is not a valid date: kept raw", v);
		return r;
	}
	if (strlen(v) == 8 && strspn(v, "0123456789") == 8) {
		y = atoi(v) / 10000, m = atoi(v) / 100 % 100, d = atoi(v) % 100;
		const char *r = iso(im, y, m, d);
		if (r)
			return r;
	}
	if (sscanf(v, "%2d%c%2d%c%d%c", &a, &s1, &b, &s2, &y, &tail) == 5 && s1 == s2 &&
	    (s1 == '/' || s1 == '.' || s1 == '-')) {
		if (y < 100) {
			imp_warn(im, line,
				 "date \"%s\" has a two-digit year: kept raw (write YYYY-MM-DD)",
				 v);
			return NULL;
		}
		enum import_date_order o = im->opt->date_order;
		char guess = 0;
		if (o == IMPORT_DATE_AUTO) {
			if (a > 12 && b <= 12)
				guess = 'd';
			else if (b > 12 && a <= 12)
				guess = 'm';
			else {
				imp_warn(im, line,
					 "date \"%s\" is ambiguous (day/month or month/day?): kept "
					 "raw, "
					 "not used as the acquisition date; give the date order "
					 "(--date-order dmy or mdy) or write YYYY-MM-DD",
					 v);
				return NULL;
			}
			if (x->seen_order && x->seen_order != guess)
				imp_warn(im, line,
					 "date \"%s\" can only be %s-first, but line %zu was "
					 "%s-first: "
					 "the file mixes date orders",
					 v, guess == 'd' ? "day" : "month", x->seen_line,
					 x->seen_order == 'd' ? "day" : "month");
			else if (!x->seen_order) {
				x->seen_order = guess;
				x->seen_line = line;
			}
		}
		bool dmy = o == IMPORT_DATE_DMY || guess == 'd';
		const char *r = dmy ? iso(im, y, b, a) : iso(im, y, a, b);
		if (!r)
			imp_warn(im, line, "date \"%s\" is not a valid %s date: kept raw", v,
				 dmy ? "DD/MM/YYYY" : "MM/DD/YYYY");
		return r;
	}
	/* 14 Feb 2024, 14-Feb-2024, Feb 14 2024, February 14, 2024 */
	char norm[64];
	size_t o = 0;
	for (const char *p = v; *p && o < sizeof norm - 1; p++)
		norm[o++] = isalnum((unsigned char)*p) ? *p : ' ';
	norm[o] = '\0';
	if (sscanf(norm, "%15s %15s %15s %c", w1, w2, w3, &tail) == 3) {
		if (isdigit((unsigned char)w1[0]) && month_of(w2) && strlen(w3) == 4)
			return iso(im, atoi(w3), month_of(w2), atoi(w1));
		if (month_of(w1) && isdigit((unsigned char)w2[0]) && strlen(w3) == 4)
			return iso(im, atoi(w3), month_of(w1), atoi(w2));
	}
	if (strspn(v, "0123456789") == strlen(v) && strlen(v) == 5)
		imp_warn(im, line,
			 "date \"%s\" looks like a spreadsheet serial number: kept raw (export "
			 "dates as text, YYYY-MM-DD)",
			 v);
	else
		imp_warn(im, line, "\"%s\" is not a date chipscreen reads (YYYY-MM-DD): kept raw",
			 v);
	return NULL;
}

/* "12", "1,200", "1 200" -> digits; NULL for anything else. */
static const char *quantity(struct imp *im, const char *v)
{
	size_t n = strlen(v), digits = 0, group = 0;
	bool grouped = false;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)v[i])) {
			digits++;
			group++;
		} else if ((v[i] == ',' || v[i] == ' ') && digits && group <= 3 &&
			   (!grouped || group == 3)) {
			grouped = true;
			group = 0;
		} else {
			return NULL;
		}
	}
	if (!digits || (grouped && group != 3))
		return NULL;
	return digits_only(im, v);
}

/* The most units one purchase line may count: a larger number is a
 * spreadsheet slip (a part number pasted in), not an order. */
#define CSV_MAX_QUANTITY 100000000L

/* A quantity cell that cannot count the parts of its row: garbage ("10
 * pcs"), zero, or above CSV_MAX_QUANTITY.  The row is refused rather than
 * counted once, which would understate what was bought.  NULL when fine
 * (or empty: no quantity means one). */
static const char *bad_quantity(struct imp *im, const char *v)
{
	if (!v[strspn(v, " \t")])
		return NULL;
	const char *q = quantity(im, v);
	if (!q)
		return "is not a whole number";
	size_t n = strspn(q, "0");
	if (!q[n])
		return "is zero";
	if (strlen(q + n) > 9 || strtol(q + n, NULL, 10) > CSV_MAX_QUANTITY)
		return "is above 100,000,000, the most one line may count";
	return NULL;
}

/* ---- rows ---- */

static const enum fkey col_key[ICOL__COUNT] = {
	[ICOL_SUPPLIER] = FK_SUPPLIER,
	[ICOL_MANUFACTURER] = FK_MANUFACTURER,
	[ICOL_PART_NUMBER] = FK_PART_NUMBER,
	[ICOL_MODEL] = FK_MODEL,
	[ICOL_QUANTITY] = FK_QUANTITY,
	[ICOL_DATE] = FK_ACQUIRED,
	[ICOL_SITE] = FK_SITE,
	[ICOL_SERIAL] = FK_SERIAL,
	[ICOL_TAG] = FK_TAG,
	[ICOL_PURPOSE] = FK_PURPOSE,
	[ICOL_PO] = FK_EXTRA,
	[ICOL_DESCRIPTION] = FK_EXTRA,
	[ICOL_LINE] = FK_EXTRA,
};

/*
 * A footer that sums the order ("TOTAL", "Subtotal:", "Grand total") is not a
 * part: a row with no manufacturer, part number or model whose first
 * non-empty cell starts with such a word.
 */
static bool total_row(const struct csvx *x)
{
	static const char *const words[] = {"total", "subtotal", "sub-total", "grand total",
					    "sum", "totals"};
	static const enum import_column ids[] = {ICOL_MANUFACTURER, ICOL_PART_NUMBER, ICOL_MODEL};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (x->map[ids[i]] >= 0 && *cell(x, (size_t)x->map[ids[i]]))
			return false;
	for (size_t i = 0; i < x->ncols; i++) {
		const char *v = cell(x, i);
		v += strspn(v, " \t");
		if (!*v)
			continue;
		for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
			size_t n = strlen(words[k]);
			if (!strncasecmp(v, words[k], n) && !isalnum((unsigned char)v[n]))
				return true;
		}
		return false;
	}
	return false;
}

static void row(struct csvx *x, size_t line)
{
	struct imp *im = x->im;
	struct arena *a = im->inv->arena;
	bool any = false;
	for (size_t i = 0; i < x->ncols && !any; i++)
		any = cell(x, i)[strspn(cell(x, i), " \t")] != '\0';
	if (!any)
		return; /* ",,,," */
	if (total_row(x)) {
		imp_warn(im, line, "a total row, not a part: skipped");
		return;
	}
	for (size_t i = 0; i < x->ncols; i++) {
		const char *why = x->cols[i].icol == ICOL_QUANTITY ? bad_quantity(im, cell(x, i)) : NULL;
		if (why) {
			x->nbad++;
			imp_warn(im, line, "quantity \"%s\" %s: row skipped", cell(x, i), why);
			return;
		}
	}
	const char *po = x->map[ICOL_PO] >= 0 ? cell(x, (size_t)x->map[ICOL_PO]) : "";
	const char *ln = x->map[ICOL_LINE] >= 0 ? cell(x, (size_t)x->map[ICOL_LINE]) : "";
	/* the PO's own line number names the line, else the file's line */
	const char *id = *po && *ln ? arena_printf(a, "part/%s/%s", po, ln)
			 : *ln	    ? arena_printf(a, "part/line-%s", ln)
			 : *po	    ? arena_printf(a, "part/%s/%zu", po, line)
				    : arena_printf(a, "part/%zu", line);
	struct component *c = imp_add(im, KIND_PART, id);
	const char *src = imp_src(im, line);
	im->line = line;
	for (size_t i = 0; i < x->ncols; i++) {
		const char *v = cell(x, i);
		const struct column *col = &x->cols[i];
		if (!*v)
			continue;
		if (col->icol < 0) {
			imp_extra(im, c, col->extra, v, NULL, src);
			continue;
		}
		switch (col->icol) {
		case ICOL_DATE: {
			/* an unreadable date stays raw only: never a decoded acquisition date */
			const char *d = csv_date(x, v, line);
			imp_set(im, c, FK_ACQUIRED, v, d ? d : "", src);
			break;
		}
		case ICOL_QUANTITY: {
			/* bad_quantity has refused the row when this is not a number */
			const char *q = quantity(im, v);
			imp_set(im, c, FK_QUANTITY, v, q ? q : "", src);
			break;
		}
		case ICOL_PO:
			imp_extra(im, c, "po_number", v, NULL, src);
			break;
		case ICOL_DESCRIPTION:
			imp_extra(im, c, "description", v, NULL, src);
			break;
		case ICOL_LINE:
			imp_extra(im, c, "po_line", v, NULL, src);
			break;
		default:
			imp_set(im, c, col_key[col->icol], v, NULL, src);
		}
	}
	x->nparts++;
}

enum rec_result { REC_OK, REC_BAD, REC_RESYNC, REC_FATAL };

/* No header found: when columns were mapped by name, say which name the
 * first line lacks; else say what a header looks like. */
static void header_missing(struct csvx *x, struct strbuf *err)
{
	if (mapped_by_name(x) && x->first) {
		clear_record(x);
		for (size_t i = 0; i < x->nfirst; i++)
			cell_cb(x->first[i], strlen(x->first[i]), x);
		if (set_header(x, x->first_line, err) < 0)
			return;
		x->have_header = false;
		strbuf_reset(err);
	}
	strbuf_addf(err,
		    "no header row in the first %d records (one naming columns such as "
		    "Manufacturer, Part Number, Supplier; or map them with --map)",
		    CSV_HEADER_SCAN);
}

static enum rec_result record(struct csvx *x, size_t first, size_t last, struct strbuf *err)
{
	struct imp *im = x->im;
	if (!x->have_header) {
		/* The header is the first record naming a column we know or a
		 * column given to --map (or the first record at all when columns
		 * are mapped by number); title lines before it are skipped. */
		x->nrecords++;
		if (x->nrecords == 1) {
			x->first = arena_calloc(im->inv->arena, x->ncell + 1, sizeof *x->first);
			for (size_t i = 0; i < x->ncell; i++)
				x->first[i] = arena_strdup(im->inv->arena, cell(x, i));
			x->nfirst = x->ncell;
			x->first_line = first;
		}
		if (header_score(x) >= 1 || names_a_mapped_column(x) ||
		    (x->nrecords == 1 && mapped_by_number(x)))
			return set_header(x, first, err) < 0 ? REC_FATAL : REC_OK;
		if (x->nrecords >= CSV_HEADER_SCAN) {
			header_missing(x, err);
			return REC_FATAL;
		}
		if (!x->preamble_first)
			x->preamble_first = first;
		x->preamble_last = last;
		return REC_OK;
	}
	x->nrows++;
	size_t n = x->ncell;
	while (n > x->ncols && !*cell(x, n - 1))
		n--; /* trailing empty fields some spreadsheets add */
	if (n != x->ncols) {
		x->nbad++;
		if (last > first) {
			imp_warn(im, first,
				 "%zu fields where the header has %zu, over lines %zu-%zu (an "
				 "unbalanced quote?): row skipped, reading again from line %zu",
				 x->ncell, x->ncols, first, last, first + 1);
			return REC_RESYNC;
		}
		imp_warn(im, first, "%zu fields where the header has %zu: row skipped", x->ncell,
			 x->ncols);
		return REC_BAD;
	}
	if (x->big_cell) {
		x->nbad++;
		size_t k = x->big_cell - 1;
		imp_warn(im, first,
			 "field %zu (\"%s\") is %zu bytes, over the %u-byte limit: row "
			 "skipped",
			 k + 1, k < x->ncols ? x->cols[k].header : "?", x->big_len, CSV_MAX_FIELD);
		return REC_BAD;
	}
	row(x, first);
	return REC_OK;
}

static bool blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* libcsv's state inside a field (FIELD_BEGUN): with p.quoted, an open quote. */
#define LIBCSV_FIELD_BEGUN 2

struct feed {
	char *text;
	size_t len, pos, lineno;
	/* the record being fed: where it starts, its first line, its line count */
	size_t rec_pos, rec_line, rec_lines;
	bool in_rec;
};

/* Drop the record being read and start again on the line after its first. */
static void resync(struct csvx *x, struct feed *f)
{
	csv_free(&x->p);
	parser_init(x, CSV_OPTS_STRICT);
	const char *nl = memchr(f->text + f->rec_pos, '\n', f->len - f->rec_pos);
	f->pos = nl ? (size_t)(nl - f->text) + 1 : f->len;
	f->lineno = f->rec_line;
	clear_record(x);
	f->in_rec = false;
}

static enum rec_result end_record(struct csvx *x, struct feed *f, struct strbuf *err)
{
	enum rec_result r = record(x, f->rec_line, f->lineno, err);
	if (r == REC_RESYNC) {
		resync(x, f);
		return REC_OK;
	}
	clear_record(x);
	f->in_rec = false;
	return r;
}

/* A strict parse error on a record's only line: read the line again leniently
 * (a bare inch mark, 24" LCD, is text), and give up on it if that fails too. */
static enum rec_result lenient_line(struct csvx *x, struct feed *f, const char *line, size_t n,
				    struct strbuf *err)
{
	struct imp *im = x->im;
	enum rec_result r = REC_OK;
	csv_free(&x->p);
	clear_record(x);
	parser_init(x, CSV_OPTS_LENIENT);
	csv_parse(&x->p, line, n, cell_cb, row_cb, x);
	if (x->done && !(x->p.quoted && x->p.pstate == LIBCSV_FIELD_BEGUN)) {
		size_t before = x->nbad;
		r = record(x, f->rec_line, f->lineno, err);
		if (r == REC_OK && x->nbad == before)
			imp_warn(im, f->rec_line,
				 "a quote (\") in the middle of a field: read as text");
	} else {
		x->nbad++;
		imp_warn(im, f->rec_line, "unbalanced quote (\"): row skipped");
	}
	csv_free(&x->p);
	parser_init(x, CSV_OPTS_STRICT);
	clear_record(x);
	f->in_rec = false;
	return r == REC_RESYNC ? REC_OK : r;
}

/* The end of the file inside a record. */
static enum rec_result at_eof(struct csvx *x, struct feed *f, struct strbuf *err)
{
	struct imp *im = x->im;
	bool open_quote = x->p.quoted && x->p.pstate == LIBCSV_FIELD_BEGUN;
	if (csv_fini(&x->p, cell_cb, row_cb, x) == 0 && !open_quote && x->done)
		return end_record(x, f, err);
	x->nbad++;
	if (f->rec_lines > 1) {
		imp_warn(im, f->rec_line,
			 "quoted field not closed before the end of the file: row skipped, reading "
			 "again from line %zu",
			 f->rec_line + 1);
		resync(x, f);
	} else {
		imp_warn(im, f->rec_line,
			 "quoted field not closed at the end of the file: row "
			 "skipped");
		clear_record(x);
		f->in_rec = false;
	}
	return REC_OK;
}

int import_csv(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	struct csvx x = {.im = im, .cells = STRBUF_INIT};
	struct feed f = {.text = text, .len = len};
	int rc = -1;

	/* old Mac files end lines with CR alone: make them LF for the line feed */
	if (!memchr(text, '\n', len))
		for (char *p = text; (p = memchr(p, '\r', len - (size_t)(p - text))); p++)
			*p = '\n';
	x.delim = im->opt->csv_delim;
	if (!x.delim) {
		size_t s = 0;
		while (s < len && (text[s] == '\n' || text[s] == '\r'))
			s++;
		const char *nl = memchr(text + s, '\n', len - s);
		x.delim = csvr_guess_delim(text + s, nl ? (size_t)(nl - text) - s : len - s);
	}
	parser_init(&x, CSV_OPTS_STRICT);
	for (;;) {
		enum rec_result r = REC_OK;
		if (f.pos >= len) {
			if (!f.in_rec)
				break;
			r = at_eof(&x, &f, err);
			if (r == REC_FATAL)
				goto out;
			continue;
		}
		const char *line = text + f.pos;
		const char *nl = memchr(line, '\n', len - f.pos);
		size_t n = nl ? (size_t)(nl - line) + 1 : len - f.pos;
		f.lineno++;
		if (!f.in_rec) {
			if (blank_line(line, n)) {
				f.pos += n;
				continue;
			}
			f.in_rec = true;
			f.rec_pos = f.pos;
			f.rec_line = f.lineno;
			f.rec_lines = 0;
		}
		f.rec_lines++;
		f.pos += n;
		size_t used = csv_parse(&x.p, line, n, cell_cb, row_cb, &x);
		if (used < n || csv_error(&x.p) == CSV_EPARSE) {
			if (f.rec_lines == 1) {
				r = lenient_line(&x, &f, line, n, err);
			} else {
				x.nbad++;
				imp_warn(
					im, f.rec_line,
					"the quoted field opened on this line is broken by a quote "
					"on line %zu: row skipped, reading again from line %zu",
					f.lineno, f.rec_line + 1);
				resync(&x, &f);
			}
		} else if (x.done) {
			r = end_record(&x, &f, err);
		} else if (f.rec_lines > CSV_MAX_LINES || f.pos - f.rec_pos > CSV_MAX_RECORD) {
			x.nbad++;
			imp_warn(im, f.rec_line,
				 "a quoted field runs on for over %d lines (an unbalanced quote?): "
				 "row "
				 "skipped, reading again from line %zu",
				 CSV_MAX_LINES, f.rec_line + 1);
			resync(&x, &f);
		}
		if (r == REC_FATAL)
			goto out;
	}
	if (!x.have_header) {
		header_missing(&x, err);
		goto out;
	}
	if (!x.nrows)
		imp_warn(im, 0, "no rows after the header");
	im->inv->nskipped += x.nbad;
	if (x.nbad) /* the count always shows, past the cap on warnings */
		inventory_warn(
			im->inv, im->name, im->what,
			"%zu malformed rows skipped, %zu parts read (see the warnings above)",
			x.nbad, x.nparts);
	rc = 0;
out:
	csv_free(&x.p);
	strbuf_release(&x.cells);
	free(x.off);
	free(x.clen);
	return rc;
}
