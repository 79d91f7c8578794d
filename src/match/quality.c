#include "match/quality.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <stdlib.h>

#include <string.h>

static bool expected(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && *p;) {
		const char *bar = strstr(p, " | ");
		size_t k = bar ? (size_t)(bar - p) : strlen(p);
		if (k == n && !memcmp(p, name, n))
			return true;
		p = bar ? bar + 3 : NULL;
	}
	return false;
}

static bool known(const struct nindex *ix, const char *list, const char **bad)
{
	for (const char *p = list; p && *p;) {
		const char *bar = strstr(p, " | ");
		size_t k = bar ? (size_t)(bar - p) : strlen(p);
		bool found = false;
		for (uint32_t e = 0; e < ix->nentries && !found; e++)
			if (strlen(ix->entries[e].name) == k && !memcmp(ix->entries[e].name, p, k))
				found = true;
		if (!found) {
			*bad = p;
			return false;
		}
		p = bar ? bar + 3 : NULL;
	}
	return true;
}

static bool same_hits(const struct nx_result *a, const struct nx_result *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->hits[i].entry != b->hits[i].entry || a->hits[i].score != b->hits[i].score)
			return false;
	return true;
}

int quality_eval(struct nindex *ix, const char *tsv, double min, int check_exhaustive,
		 struct quality *out, FILE *verbose, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	memset(out, 0, sizeof *out);
	if (read_file(tsv, 1 << 24, &text, err) < 0)
		return -1;
	int line = 0, rc = 0;
	for (char *p = text.buf; p && *p && rc == 0;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *l = p;
		p = nl ? nl + 1 : NULL;
		if (++line == 1 || !*l || *l == '#')
			continue;
		char *f[4] = {l, NULL, NULL, NULL};
		for (int i = 1; i < 4 && f[i - 1]; i++) {
			char *t = strchr(f[i - 1], '\t');
			if (t) {
				*t = '\0';
				f[i] = t + 1;
			}
		}
		if (!f[3]) {
			strbuf_reset(err);
			strbuf_addf(err, "%s:%d: expected 4 tab-separated columns", tsv, line);
			rc = -1;
			break;
		}
		const char *bad;
		if (*f[1] && !known(ix, f[1], &bad)) {
			strbuf_reset(err);
			strbuf_addf(err, "%s:%d: expected name is no listed entry: %s", tsv, line,
				    bad);
			rc = -1;
			break;
		}
		out->rows++;
		bool pos = *f[1];
		pos ? out->positives++ : out->negatives++;
		struct nx_query q = {.name = f[0], .min = min, .limit = 50};
		struct nx_result res;
		nindex_search(ix, &q, &res);
		bool hit = false, wrong = false;
		for (size_t i = 0; i < res.n; i++) {
			if (pos && expected(f[1], ix->entries[res.hits[i].entry].name))
				hit = true;
			else
				wrong = true;
		}
		if (hit)
			out->tp++;
		if (pos && !hit)
			out->fn++;
		if (wrong)
			out->fp++;
		if (verbose && ((pos && !hit) || wrong)) {
			fprintf(verbose, "%s\t%s\t%s\t", pos && !hit ? "MISS" : "FALSE", f[2],
				f[0]);
			if (!res.n)
				fprintf(verbose, "no hit\n");
			for (size_t i = 0; i < res.n; i++)
				fprintf(verbose, "%s%.3f %s (%s %s)%s", i ? "; " : "top ",
					res.hits[i].score, ix->names[res.hits[i].name].name,
					ix->entries[res.hits[i].entry].list,
					ix->entries[res.hits[i].entry].name,
					i + 1 == res.n ? "\n" : "");
		}
		if (check_exhaustive) {
			struct nx_result ex;
			q.exhaustive = true;
			nindex_search(ix, &q, &ex);
			if (!same_hits(&res, &ex))
				out->index_mismatches++;
			nx_result_release(&ex);
		}
		nx_result_release(&res);
	}
	strbuf_release(&text);
	int denom = out->tp + out->fp;
	out->precision = denom ? (double)out->tp / denom : 1;
	out->recall = out->positives ? (double)out->tp / (out->tp + out->fn) : 1;
	out->f1 = out->precision + out->recall > 0
			  ? 2 * out->precision * out->recall / (out->precision + out->recall)
			  : 0;
	return rc;
}

int lpairs_load(const char *tsv, struct lpairs *out, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	memset(out, 0, sizeof *out);
	if (read_file(tsv, 1 << 26, &text, err) < 0)
		return -1;
	size_t cap = 0;
	int line = 0;
	bool header = false;
	for (char *p = text.buf; p && *p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *l = p;
		p = nl ? nl + 1 : NULL;
		line++;
		if (!*l || *l == '#')
			continue;
		if (!header) { /* the column names */
			header = true;
			continue;
		}
		char *f[7] = {l};
		int nf = 1;
		for (char *t = l; nf < 7 && (t = strchr(t, '\t')); nf++) {
			*t++ = '\0';
			f[nf] = t;
		}
		if (nf < 5 || (strcmp(f[2], "0") && strcmp(f[2], "1"))) {
			strbuf_reset(err);
			strbuf_addf(err, "%s:%d: expected query, listed, label (0 or 1), type, script",
				    tsv, line);
			strbuf_release(&text);
			lpairs_release(out);
			return -1;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 1024;
			out->p = xrealloc(out->p, cap * sizeof *out->p);
		}
		out->p[out->n++] = (struct lpair){f[0], f[1], f[3], f[4], *f[2] == '1', 0};
	}
	out->text = strbuf_detach(&text, NULL);
	return 0;
}

void lpairs_release(struct lpairs *lp)
{
	free(lp->p);
	free(lp->text);
	memset(lp, 0, sizeof *lp);
}

void lpairs_score(struct nindex *ix, struct lpairs *lp)
{
	if (ix)
		nindex_build_keys(ix); /* thousands of comparisons */
	for (size_t i = 0; i < lp->n; i++)
		lp->p[i].score = compare_names_typed(ix, lp->p[i].query, lp->p[i].listed,
						     lp->p[i].type, NULL, NULL);
}

struct prf lpairs_prf(const struct lpairs *lp, double min, const char *type, const char *script)
{
	struct prf r = {0};
	for (size_t i = 0; i < lp->n; i++) {
		const struct lpair *x = &lp->p[i];
		if ((type && strcmp(type, x->type)) || (script && strcmp(script, x->script)))
			continue;
		bool found = x->score >= min;
		x->label ? r.pos++ : r.neg++;
		if (x->label)
			found ? r.tp++ : r.fn++;
		else if (found)
			r.fp++;
	}
	r.precision = r.tp + r.fp ? (double)r.tp / (r.tp + r.fp) : 1;
	r.recall = r.pos ? (double)r.tp / r.pos : 1;
	r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall)
					  : 0;
	return r;
}
