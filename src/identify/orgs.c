/*
 * orgs.c — reading orgs.tsv and org-links.tsv (see orgs.h).  The checks are
 * those kb.c and lists/orgtable.c each made before there was one reader:
 * an id and a name on every row, no id twice, links between known
 * organisations, a known relation and confidence, real dates in order.
 */
#include "identify/orgs.h"
#include "util/date.h"

#include <string.h>

static int read_orgs(struct arena *a, const char *path, const struct orgs_reader *rd,
		     struct strbuf *err)
{
	static const char *const want[] = {"id",      "name",   "country", "oem",
					   "aliases", "source", NULL};
	struct tsv t;
	if (tsv_open(a, &t, path, want, err) < 0)
		return -1;
	int rc;
	while ((rc = tsv_next(&t, 6, err)) > 0) {
		char **r = t.row;
		if (!*r[0] || !*r[1])
			return tsv_fail(&t, err, "%s", "empty id or name");
		if (rd->find(rd->arg, r[0]) >= 0)
			return tsv_fail(&t, err, "organisation \"%s\" defined twice", r[0]);
		struct orgs_row o = {r[0], r[1], r[2], r[5], !strcmp(r[3], "oem"), NULL, 0};
		size_t most = 1;
		for (const char *s = r[4]; (s = strchr(s, '|')); s++)
			most++;
		o.alias = arena_alloc(a, most * sizeof *o.alias);
		for (char *s = r[4], *bar; s && *s; s = bar ? bar + 1 : NULL) {
			bar = strchr(s, '|');
			if (bar)
				*bar = '\0';
			o.alias[o.naliases++] = s;
		}
		if (rd->org(rd->arg, &t, &o, err) < 0)
			return -1;
	}
	return rc;
}

/* A word of the table: its index in words, -1 when it is none of them. */
static int word(const char *s, const char *const *words, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, words[i]))
			return i;
	return -1;
}

static int read_links(struct arena *a, const char *path, const struct orgs_reader *rd,
		      struct strbuf *err)
{
	static const char *const want[] = {"org",        "relation", "parent", "from", "until",
					   "confidence", "note",     "source", NULL};
	static const char *const rels[] = {"brand", "subsidiary", "affiliate"};
	static const char *const confs[] = {"confirmed", "secondary", "unconfirmed"};
	struct tsv t;
	if (tsv_open(a, &t, path, want, err) < 0)
		return -1;
	int rc;
	while ((rc = tsv_next(&t, 8, err)) > 0) {
		char **r = t.row;
		struct orgs_link l = {0};
		l.org = rd->find(rd->arg, r[0]);
		l.parent = rd->find(rd->arg, r[2]);
		if (l.org < 0 || l.parent < 0)
			return tsv_fail(&t, err, "unknown organisation \"%s\" (not in orgs.tsv)",
					l.org < 0 ? r[0] : r[2]);
		int rel = word(r[1], rels, 3), conf = word(r[5], confs, 3);
		if (rel < 0)
			return tsv_fail(&t, err, "relation \"%s\": brand, subsidiary or affiliate",
					r[1]);
		if (conf < 0)
			return tsv_fail(&t, err,
					"confidence \"%s\": confirmed, secondary or unconfirmed",
					r[5]);
		l.rel = (enum link_rel)rel;
		l.conf = (enum link_conf)conf;
		l.from = *r[3] ? date_parse(r[3]) : 0;
		l.until = *r[4] ? date_parse(r[4]) : 0;
		if ((*r[3] && !l.from) || (*r[4] && !l.until))
			return tsv_fail(&t, err, "\"%s\" is not a date (YYYY-MM-DD)",
					*r[3] && !l.from ? r[3] : r[4]);
		if (l.from && l.until && l.from >= l.until)
			return tsv_fail(&t, err, "%s", "\"from\" is not before \"until\"");
		l.note = r[6];
		l.source = r[7];
		if (rd->link(rd->arg, &t, &l, err) < 0)
			return -1;
	}
	return rc;
}

int orgs_read(struct arena *a, const char *dir, const struct orgs_reader *rd,
	      struct strbuf *err)
{
	const char *orgs = arena_printf(a, "%s/orgs.tsv", dir);
	const char *links = arena_printf(a, "%s/org-links.tsv", dir);
	if (read_orgs(a, orgs, rd, err) < 0)
		return -1;
	return read_links(a, links, rd, err);
}
