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
#include "util/tsv.h"
#include "match/strmap.h"
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
};

static int read_orgs(struct otab *o, const char *path, struct strbuf *err)
{
	static const char *const want[] = {"id", "name", "aliases", "source", NULL};
	struct limport *imp = o->imp;
	struct tsv t;
	if (tsv_open(imp->arena, &t, path, want, err) < 0)
		return -1;
	int rc;
	while ((rc = tsv_next(&t, 4, err)) > 0) {
		char **r = t.row;
		imp->rows++;
		if (!*r[0] || !*r[1])
			return tsv_fail(&t, err, "%s", "empty id or name");
		if (!strmap_put(&o->ids, r[0], strlen(r[0]), (uint32_t)imp->n, NULL))
			return tsv_fail(&t, err, "organisation \"%s\" defined twice", r[0]);
		struct lentry *e = limport_entry(imp, t.line);
		e->list = "ORG";
		e->ref = limport_str(imp, r[0]);
		e->type = "organisation";
		e->citation = limport_str(imp, r[3]);
		lentry_name(imp, e, r[1], "name");
		if (!e->name)
			return tsv_fail(&t, err, "%s", "empty name");
		for (char *a = r[2], *bar; a && *a; a = bar ? bar + 1 : NULL) {
			bar = strchr(a, '|');
			if (bar)
				*bar = '\0';
			lentry_name(imp, e, a, "alias");
		}
	}
	return rc;
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

static int read_links(struct otab *o, const char *path, day_t day, struct strbuf *err)
{
	static const char *const want[] = {"org",        "relation", "parent", "from", "until",
					   "confidence", "note",     "source", NULL};
	struct limport *imp = o->imp;
	struct tsv t;
	if (tsv_open(imp->arena, &t, path, want, err) < 0)
		return -1;
	int rc;
	while ((rc = tsv_next(&t, 8, err)) > 0) {
		char **r = t.row;
		imp->rows++;
		uint32_t org, parent;
		if (!strmap_get(&o->ids, r[0], strlen(r[0]), &org) ||
		    !strmap_get(&o->ids, r[2], strlen(r[2]), &parent))
			return tsv_fail(&t, err, "unknown organisation \"%s\" (not in orgs.tsv)",
					strmap_get(&o->ids, r[0], strlen(r[0]), &org) ? r[2]
										      : r[0]);
		bool brand = !strcmp(r[1], "brand");
		if (!brand && strcmp(r[1], "subsidiary") && strcmp(r[1], "affiliate"))
			return tsv_fail(&t, err, "relation \"%s\": brand, subsidiary or affiliate",
					r[1]);
		int conf = -1;
		for (int i = 0; i < 3; i++)
			if (!strcmp(r[5], conf_names[i]))
				conf = i;
		if (conf < 0)
			return tsv_fail(&t, err,
					"confidence \"%s\": confirmed, secondary or unconfirmed",
					r[5]);
		day_t from = *r[3] ? date_parse(r[3]) : 0, until = *r[4] ? date_parse(r[4]) : 0;
		if ((*r[3] && !from) || (*r[4] && !until))
			return tsv_fail(&t, err, "\"%s\" is not a date (YYYY-MM-DD)",
					*r[3] && !from ? r[3] : r[4]);
		if (from && until && from >= until)
			return tsv_fail(&t, err, "%s", "\"from\" is not before \"until\"");
		if (!strcmp(r[1], "affiliate"))
			continue; /* another party, not a name of the parent */
		if ((from && day < from) || (until && day >= until))
			continue; /* not on the day asked */
		struct olink *l = ARENA_PUSH(imp->arena, o->links, o->nlinks, o->caplinks);
		l->org = org;
		l->parent = parent;
		l->brand = brand;
		l->conf = conf;
		l->phrase = phrase(imp, imp->e[org].name, brand, imp->e[parent].name, from, until,
				   conf);
		l->source = limport_str(imp, r[7]);
	}
	return rc;
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
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/orgs.tsv", dir);
	int rc = read_orgs(&o, p.buf, err);
	if (rc == 0) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/org-links.tsv", dir);
		rc = read_links(&o, p.buf, day, err);
	}
	strbuf_release(&p);
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
