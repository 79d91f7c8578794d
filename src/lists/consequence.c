/*
 * consequence.c — data/list-consequences.tsv: list and program -> verdict.
 */
#include "lists/consequence.h"
#include "util/tsv.h"
#include "util/datadir.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ctable *ctable_load(const char *dir, struct strbuf *err)
{
	static const char *const want[] = {"list",     "program",    "verdict", "meaning",
					   "citation", "confidence", "source",  NULL};
	struct ctable *t = xcalloc(1, sizeof *t);
	t->arena = arena_new();
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/list-consequences.tsv", dir ? dir : data_dir());
	t->path = arena_strdup(t->arena, p.buf);
	strbuf_release(&p);
	struct tsv f;
	int rc = tsv_open(t->arena, &f, t->path, want, err);
	while (rc >= 0 && (rc = tsv_next(&f, 7, err)) > 0) {
		char **r = f.row;
		int v = verdict_from_name(r[2]);
		if (!*r[0])
			rc = tsv_fail(&f, err, "%s", "empty list");
		else if (v < 0 || v == V_CLEAR)
			rc = tsv_fail(&f, err,
				      "verdict \"%s\": INFO, REVIEW, LICENSE or PROHIBITED", r[2]);
		else if (!*r[3])
			rc = tsv_fail(&f, err, "%s", "empty meaning");
		else if (strcmp(r[5], "confirmed") && strcmp(r[5], "unconfirmed"))
			rc = tsv_fail(&f, err, "confidence \"%s\": confirmed or unconfirmed", r[5]);
		if (rc < 0)
			break;
		struct consequence *c = ARENA_PUSH(t->arena, t->rows, t->n, t->cap);
		c->list = r[0];
		c->program = r[1];
		c->verdict = (enum verdict)v;
		c->meaning = r[3];
		c->citation = r[4];
		c->confidence = r[5];
		c->source = r[6];
		c->line = f.line;
		rc = 1;
	}
	if (rc == 0) {
		static const char *const special[] = {"*", "@subsidiary", "@unconfirmed"};
		const struct consequence **slot[] = {&t->any, &t->subsidiary, &t->unconfirmed};
		for (int k = 0; k < 3; k++) {
			for (size_t i = 0; i < t->n && !*slot[k]; i++)
				if (!strcmp(t->rows[i].list, special[k]) && !*t->rows[i].program)
					*slot[k] = &t->rows[i];
			if (!*slot[k] && rc == 0) {
				strbuf_reset(err);
				strbuf_addf(err, "%s: no \"%s\" row", t->path, special[k]);
				rc = -1;
			}
		}
	}
	if (rc < 0) {
		ctable_free(t);
		return NULL;
	}
	return t;
}

void ctable_free(struct ctable *t)
{
	if (!t)
		return;
	arena_free(t->arena);
	free(t);
}

/* Does the code list[0..n) match the row's list ("EL", "ext_*")? */
static bool list_match(const char *row, const char *code, size_t n)
{
	size_t k = strlen(row);
	if (k && row[k - 1] == '*')
		return k - 1 <= n && !strncasecmp(row, code, k - 1);
	return k == n && !strncasecmp(row, code, n);
}

static bool has_code(const char *text, const char *code)
{
	size_t k = strlen(code);
	for (const char *p = text; p && *p;) {
		while (*p && (*p == ';' || *p == ',' || *p == '[' || *p == ']' ||
			      isspace((unsigned char)*p)))
			p++;
		const char *s = p;
		while (*p && *p != ';' && *p != ',' && *p != '[' && *p != ']' &&
		       !isspace((unsigned char)*p))
			p++;
		if ((size_t)(p - s) == k && !strncasecmp(s, code, k))
			return true;
	}
	return false;
}

/* The row for one list code: rows naming one of the programs win over rows
 * for any program; then the most severe; then the first. */
static const struct consequence *find_one(const struct ctable *t, const char *code, size_t n,
					  const char *programs)
{
	const struct consequence *best = NULL;
	bool best_specific = false;
	for (size_t i = 0; i < t->n; i++) {
		const struct consequence *c = &t->rows[i];
		if (c == t->any || c->list[0] == '@' || !list_match(c->list, code, n))
			continue;
		bool specific = *c->program != '\0';
		if (specific && !has_code(programs, c->program))
			continue;
		if (!best || (specific && !best_specific) ||
		    (specific == best_specific && c->verdict > best->verdict)) {
			best = c;
			best_specific = specific;
		}
	}
	return best;
}

const struct consequence *ctable_find(const struct ctable *t, const char *list,
				      const char *programs)
{
	const struct consequence *best = NULL;
	for (const char *p = list ? list : ""; *p;) {
		const char *s = p;
		while (*p && *p != ',')
			p++;
		size_t n = (size_t)(p - s);
		if (*p)
			p++;
		while (n && isspace((unsigned char)*s))
			s++, n--;
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (!n)
			continue;
		/* a list no row names counts as the "*" row, even beside named ones */
		const struct consequence *c = find_one(t, s, n, programs);
		if (!c)
			c = t->any;
		if (!best || c->verdict > best->verdict)
			best = c;
	}
	return best ? best : t->any;
}
