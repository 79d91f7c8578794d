#include "util/csvread.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <stdlib.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* Only the space is trimmed around unquoted fields: a tab may be the delimiter. */
static int only_space(unsigned char c)
{
	return c == ' ';
}

char csvr_guess_delim(const char *line, size_t n)
{
	static const char cands[] = {',', ';', '\t', '|'};
	size_t count[4] = {0};
	bool q = false;
	for (size_t i = 0; i < n; i++) {
		if (line[i] == '"')
			q = !q;
		else if (!q)
			for (int k = 0; k < 4; k++)
				count[k] += line[i] == cands[k];
	}
	int best = 0;
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cands[best];
}

static void parser_init(struct csvr *r)
{
	csv_init(&r->p, CSV_APPEND_NULL | CSV_STRICT_FINI);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	csv_set_space_func(&r->p, only_space);
}

int csvr_open(struct csvr *r, const char *path, FILE *f, char delim, struct strbuf *err)
{
	memset(r, 0, sizeof *r);
	for (int i = 0; i < CSVR_MAX_FIELDS; i++)
		strbuf_init(&r->fields[i], 0);
	for (int i = 0; i <= CSVR_MAX_LINES; i++) {
		strbuf_init(&r->pend[i], 0);
		strbuf_init(&r->redo[i], 0);
	}
	strbuf_init(&r->linebuf, 0);
	r->auto_delim = delim == 0;
	r->delim = delim ? delim : ',';
	if (path) {
		r->f = fopen(path, "rb");
		struct stat sb;
		if (r->f && fstat(fileno(r->f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
			fclose(r->f); /* else read as an "empty file" */
			r->f = NULL;
			errno = EISDIR;
		}
		if (!r->f) {
			describe_errno(err, path, errno);
			csvr_close(r);
			return -1;
		}
		r->own = true;
	} else {
		r->f = f;
	}
	parser_init(r);
	return 0;
}

void csvr_close(struct csvr *r)
{
	if (r->own && r->f)
		fclose(r->f);
	r->f = NULL;
	csv_free(&r->p);
	for (int i = 0; i < CSVR_MAX_FIELDS; i++)
		strbuf_release(&r->fields[i]);
	for (int i = 0; i <= CSVR_MAX_LINES; i++) {
		strbuf_release(&r->pend[i]);
		strbuf_release(&r->redo[i]);
	}
	strbuf_release(&r->linebuf);
}

static void on_field(void *s, size_t len, void *data)
{
	struct csvr *r = data;
	if (r->nf == CSVR_MAX_FIELDS) {
		r->toomany = true;
		return;
	}
	struct strbuf *f = &r->fields[r->nf++];
	strbuf_reset(f);
	if (len > CSVR_MAX_FIELD) {
		len = CSVR_MAX_FIELD;
		r->oversized = true;
	}
	if (s)
		strbuf_add(f, s, len);
	for (char *z = memchr(f->buf, '\0', f->len); z; z = memchr(z, '\0', f->len - (size_t)(z - f->buf))) {
		*z = ' ';
		r->nul = true;
	}
}

static void on_record(int c, void *data)
{
	struct csvr *r = data;
	(void)c;
	r->ready = 1;
	r->ready_line = r->pend_line;
}

/* Next physical line into r->linebuf with its number; false at the end. */
static bool next_line(struct csvr *r, long *lineno)
{
	strbuf_reset(&r->linebuf);
	if (r->redo_at < r->nredo) {
		struct strbuf *l = &r->redo[r->redo_at++];
		strbuf_add(&r->linebuf, l->buf, l->len);
		*lineno = r->line - (r->nredo - r->redo_at);
		if (r->redo_at == r->nredo)
			r->nredo = r->redo_at = 0;
		return true;
	}
	int c;
	bool any = false;
	/* Read at most one field's worth past the limit: the rest is skipped,
	 * but never the line end, or the next line would be read as the rest
	 * of this record (a row lost after a name of 128 KiB). */
	while ((c = getc(r->f)) != EOF) {
		any = true;
		if (c == '\n' || c == '\r') {
			strbuf_addch(&r->linebuf, c);
			if (c == '\n')
				break;
			/* a CR alone ends a line too, as for libcsv: a file saved
			 * with classic Mac line ends was one line, every row read
			 * as more header columns */
			int d = getc(r->f);
			if (d == '\n')
				strbuf_addch(&r->linebuf, d);
			else if (d != EOF)
				ungetc(d, r->f);
			break;
		}
		if (r->linebuf.len < CSVR_MAX_FIELD * 2)
			strbuf_addch(&r->linebuf, c);
	}
	if (!any)
		return false;
	r->unterminated = c == EOF; /* what a file cut short looks like, or a writer's habit */
	*lineno = ++r->line;
	return true;
}

/* Give up the record being built: parse again from its second line. */
static void resync(struct csvr *r, const char *why)
{
	r->lost_line = r->pend_line;
	r->lost_why = why;
	csv_free(&r->p);
	parser_init(r);
	r->nf = 0;
	r->oversized = r->toomany = r->nul = false;
	/* pend[1..] go back in front of whatever was still to redo */
	char *tmp[2 * CSVR_MAX_LINES + 2];
	size_t tlen[2 * CSVR_MAX_LINES + 2];
	int nt = 0;
	for (int i = 1; i < r->npend; i++, nt++) {
		tlen[nt] = r->pend[i].len;
		tmp[nt] = xmalloc(tlen[nt] + 1);
		memcpy(tmp[nt], r->pend[i].buf, tlen[nt]);
	}
	for (int i = r->redo_at; i < r->nredo; i++, nt++) {
		tlen[nt] = r->redo[i].len;
		tmp[nt] = xmalloc(tlen[nt] + 1);
		memcpy(tmp[nt], r->redo[i].buf, tlen[nt]);
	}
	if (nt > CSVR_MAX_LINES) { /* cannot happen: pend and redo never both fill */
		for (int i = CSVR_MAX_LINES; i < nt; i++)
			free(tmp[i]);
		nt = CSVR_MAX_LINES;
	}
	for (int i = 0; i < nt; i++) {
		strbuf_reset(&r->redo[i]);
		strbuf_add(&r->redo[i], tmp[i], tlen[i]);
		free(tmp[i]);
	}
	r->nredo = nt;
	r->redo_at = 0;
	r->npend = 0;
}

static void fill(struct csvr *r, struct csvrec *rec)
{
	rec->nf = r->nf;
	for (int i = 0; i < r->nf; i++) {
		rec->f[i] = r->fields[i].buf;
		rec->len[i] = r->fields[i].len;
	}
	rec->line = r->ready_line;
	rec->oversized = r->oversized;
	rec->toomany = r->toomany;
	rec->nul = r->nul;
	r->nf = 0;
	r->oversized = r->toomany = r->nul = false;
	r->ready = 0;
	r->npend = 0;
}

int csvr_next(struct csvr *r, struct csvrec *rec)
{
	for (;;) {
		if (r->lost_line) {
			rec->nf = 0;
			rec->line = r->lost_line;
			r->lost_line = 0;
			return 2;
		}
		if (r->ready) {
			fill(r, rec);
			return 1;
		}
		if (r->eof)
			return 0;
		long no;
		if (!next_line(r, &no)) {
			if (r->npend == 0 && r->nf == 0 && r->p.pstate == 0) {
				r->eof = true;
				continue;
			}
			/* libcsv reports an open quote at the end only in strict
			 * mode, which also refuses the stray quotes published
			 * lists contain: a file cut inside a quoted field (a
			 * truncated download) would pass with its last field cut */
			if ((r->p.pstate == 2 && r->p.quoted) ||
			    csv_fini(&r->p, on_field, on_record, r) != 0) {
				if (!r->cut_line)
					r->cut_line = r->pend_line;
				resync(r, "the file ends inside a quoted field (cut short?)");
				continue;
			}
			if (!r->ready)
				r->eof = true;
			r->npend = 0;
			continue;
		}
		char *s = r->linebuf.buf;
		size_t len = r->linebuf.len;
		if (no == 1 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
			s += 3, len -= 3;
		if (no == 1 && len >= 2 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2)))
			r->utf16 = true;
		if (no == 1 && r->auto_delim) {
			r->delim = csvr_guess_delim(s, len);
			csv_set_delim(&r->p, (unsigned char)r->delim);
		}
		if (len && s[0] == '\x1a' && (len == 1 || s[1] == '\r' || s[1] == '\n'))
			continue;
		if (r->npend == 0)
			r->pend_line = no;
		if (r->npend <= CSVR_MAX_LINES) {
			strbuf_reset(&r->pend[r->npend]);
			strbuf_add(&r->pend[r->npend], s, len);
			r->npend++;
		}
		csv_parse(&r->p, s, len, on_field, on_record, r);
		if (r->ready)
			continue;
		if (r->p.pstate == 0 && r->nf == 0) {
			r->npend = 0; /* a blank line */
			continue;
		}
		if (r->npend > CSVR_MAX_LINES)
			resync(r, "unbalanced quote: the record runs on over too many lines");
	}
}

long csvr_lost(struct csvr *r, const char **why)
{
	if (why)
		*why = r->lost_why;
	return r->lost_line;
}
