/*
 * orgtable.c — chipscreen's own organisation table (data/orgs.tsv and
 * data/org-links.tsv, the identify knowledge base's tables: doc/knowledge.md)
 * read as a name source for screening.
 *
 * Each organisation becomes an entry of list ORG with its display name and
 * its aliases in every script.  A brand or a subsidiary is a name its owner
 * trades or is known under, so for every brand and subsidiary link that
 * holds on the day asked, the child's names are lent to every owner above it
 * (HIKSEMI -> Hikstorage -> Hikvision), each with the chain of links in a
 * sentence and the weakest confidence met on the way, for the hit to quote.
 * Affiliates lend nothing: an affiliate is another party, not a name.
 *
 * The tables are ours, so a damaged row is an error (file and line), not a
 * row skipped: a silently shorter table would be a silent miss.  The name
 * index (match/index.c) decides which organisations lend their names to
 * which listed parties.
 */
#include "lists/lists.h"
#include "identify/orgs.h"
#include "util/tsv.h"
#include "util/strmap.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8 /* links followed upwards; the tables have 2 at most */

/* ---------------------------------------------------------------------- */

struct olink {
	uint32_t org, parent; /* entry indexes */
	bool brand;           /* else subsidiary */
	int conf;             /* 0 confirmed, 1 secondary, 2 unconfirmed */
	const char *phrase;   /* "ZhiTai (致态) is a brand of Yangtze ..." */
	const char *source;
};

static const char *const conf_names[] = {"confirmed", "secondary", "unconfirmed"};

struct otab {
	struct limport *imp;
	struct strmap ids; /* org id -> entry index */
	struct olink *links;
	size_t nlinks, caplinks;
	size_t *own; /* per entry: how many of its names are its own */
	day_t day;   /* the links that hold on this day lend names */
};

/* The rows come through identify/orgs.c, the reader identify's knowledge
 * base shares; here each organisation becomes a list entry with its names. */
static int ot_find(void *arg, const char *id)
{
	struct otab *o = arg;
	uint32_t ix;
	return strmap_get(&o->ids, id, strlen(id), &ix) ? (int)ix : -1;
}

static int ot_org(void *arg, struct tsv *t, const struct orgs_row *r, struct strbuf *err)
{
	struct otab *o = arg;
	struct limport *imp = o->imp;
	imp->rows++;
	strmap_put(&o->ids, r->id, strlen(r->id), (uint32_t)imp->n, NULL);
	struct lentry *e = limport_entry(imp, t->line);
	e->list = "ORG";
	e->ref = limport_str(imp, r->id);
	e->type = "organisation";
	e->citation = limport_str(imp, r->source);
	lentry_name(imp, e, r->name, "name");
	if (!e->name)
		return tsv_fail(t, err, "%s", "empty name");
	for (int i = 0; i < r->naliases; i++)
		lentry_name(imp, e, r->alias[i], "alias");
	return 0;
}

static const char *phrase(struct limport *imp, const char *child, bool brand, const char *parent,
			  day_t from, day_t until, int conf)
{
	char f[11], u[11];
	const char *rel = brand ? "a brand" : "a subsidiary";
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s is %s of %s", child, rel, parent);
	if (from)
		strbuf_addf(&sb, " since %s", date_format(from, f));
	if (until)
		strbuf_addf(&sb, " until %s", date_format(until, u));
	strbuf_addf(&sb, " (%s)", conf_names[conf]);
	const char *r = arena_strndup(imp->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

/* A link: brands and subsidiaries that hold on the day asked lend names;
 * an affiliate is another party, not a name of the parent. */
static int ot_link(void *arg, struct tsv *t, const struct orgs_link *x, struct strbuf *err)
{
	(void)t;
	(void)err;
	struct otab *o = arg;
	struct limport *imp = o->imp;
	imp->rows++;
	if (x->rel == REL_AFFILIATE)
		return 0;
	if ((x->from && o->day < x->from) || (x->until && o->day >= x->until))
		return 0; /* not on the day asked */
	bool brand = x->rel == REL_BRAND;
	int conf = (int)x->conf;
	struct olink *l = ARENA_PUSH(imp->arena, o->links, o->nlinks, o->caplinks);
	l->org = (uint32_t)x->org;
	l->parent = (uint32_t)x->parent;
	l->brand = brand;
	l->conf = conf;
	l->phrase = phrase(imp, imp->e[x->org].name, brand, imp->e[x->parent].name, x->from,
			   x->until, conf);
	l->source = limport_str(imp, x->source);
	return 0;
}

/* Lend the own names of child to every owner above `at`, following links
 * upwards; path holds the links taken so far. */
static void lend(struct otab *o, uint32_t child, uint32_t at, const struct olink **path, int depth)
{
	struct limport *imp = o->imp;
	if (depth == MAX_DEPTH)
		return;
	for (size_t i = 0; i < o->nlinks; i++) {
		const struct olink *l = &o->links[i];
		if (l->org != at || l->parent == child)
			continue;
		bool cycle = false;
		for (int k = 0; k < depth; k++)
			if (path[k]->org == l->parent)
				cycle = true;
		if (cycle)
			continue;
		path[depth] = l;
		bool brand = true;
		int conf = 0;
		struct strbuf note = STRBUF_INIT;
		for (int k = 0; k <= depth; k++) {
			brand = brand && path[k]->brand;
			if (path[k]->conf > conf)
				conf = path[k]->conf;
			/* "A is a brand of B (c), and B is a subsidiary of C (c)" */
			strbuf_addf(&note, "%s%s", k ? ", and " : "", path[k]->phrase);
		}
		strbuf_addstr(&note, "; org-links.tsv, source ");
		for (int k = 0; k <= depth; k++)
			strbuf_addf(&note, "%s%s", k ? "; " : "", path[k]->source);
		const char *nt = arena_strndup(imp->arena, note.buf, note.len);
		strbuf_release(&note);
		struct lentry *owner = &imp->e[l->parent];
		for (size_t k = 0; k < o->own[child]; k++) {
			struct lname *n = lentry_name_new(imp, owner, imp->e[child].names[k].name,
							  brand ? "brand" : "subsidiary");
			if (n) {
				n->note = nt;
				n->confidence = conf_names[conf];
			}
		}
		lend(o, child, l->parent, path, depth + 1);
	}
}

int orgtable_read(struct limport *imp, const char *dir, day_t day, struct strbuf *err)
{
	struct otab o;
	memset(&o, 0, sizeof o);
	o.imp = imp;
	strmap_init(&o.ids);
	o.day = day;
	const struct orgs_reader rd = {&o, ot_find, ot_org, ot_link};
	int rc = orgs_read(imp->arena, dir, &rd, err);
	if (rc == 0) {
		/* own names first, so that lending reads only them */
		o.own = xcalloc(imp->n + 1, sizeof *o.own);
		for (size_t i = 0; i < imp->n; i++)
			o.own[i] = imp->e[i].nnames;
		const struct olink *path[MAX_DEPTH];
		for (size_t i = 0; i < imp->n; i++)
			lend(&o, (uint32_t)i, (uint32_t)i, path, 0);
		free(o.own);
	}
	strmap_free(&o.ids);
	return rc;
}
