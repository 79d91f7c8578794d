/*
 * orgs.h — the one reader of chipscreen's organisation tables, data/orgs.tsv
 * (who is who: id, name, country, oem, aliases, source) and
 * data/org-links.tsv (brands, subsidiaries and affiliates over time: org,
 * relation, parent, from, until, confidence, note, source; doc/knowledge.md).
 *
 * Two models are built from these rows: identify's knowledge base (kb.c:
 * every link, resolved as of a component's date) and the screening name
 * source (lists/orgtable.c: the brand and subsidiary links that hold on one
 * day, lending names upwards).  They keep their own indexes and phrasing;
 * what a row may hold, and every error about it, is decided here once, so
 * the two cannot disagree about the tables.
 *
 * The reader goes row by row, in file order, and hands each checked row to
 * the caller, which may refuse it (its own checks, e.g. a name that already
 * names another organisation): the first error in the files is the one
 * reported, with file and line (util/tsv).  Organisations are known to the
 * reader only through the caller's find(), so it keeps no index of its own.
 */
#ifndef IDENTIFY_ORGS_H
#define IDENTIFY_ORGS_H

#include <stdbool.h>

#include "chipscreen.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/tsv.h"

enum link_rel { REL_BRAND, REL_SUBSIDIARY, REL_AFFILIATE };
enum link_conf { LC_CONFIRMED, LC_SECONDARY, LC_UNCONFIRMED };

/* A row of orgs.tsv.  Strings are in the arena given to orgs_read. */
struct orgs_row {
	const char *id, *name, *country, *source;
	bool oem; /* the oem column says "oem": a platform vendor */
	/* the aliases column split at '|' ("a||b" gives "a", "", "b"; "a|" gives "a") */
	const char **alias;
	int naliases;
};

/* A row of org-links.tsv, its organisations resolved through find(). */
struct orgs_link {
	int org, parent; /* the caller's indexes */
	enum link_rel rel;
	enum link_conf conf;
	day_t from, until; /* from inclusive, until exclusive; 0: open */
	const char *note, *source;
};

struct orgs_reader {
	void *arg;
	/* The caller's index of organisation id, read so far; -1 none. */
	int (*find)(void *arg, const char *id);
	/* An organisation / a link, checked: 0, or -1 with err (tsv_fail(t, ...)). */
	int (*org)(void *arg, struct tsv *t, const struct orgs_row *r, struct strbuf *err);
	int (*link)(void *arg, struct tsv *t, const struct orgs_link *l, struct strbuf *err);
};

/* Read dir/orgs.tsv, then dir/org-links.tsv: 0, or -1 with err naming the
 * file and line of the first error. */
int orgs_read(struct arena *a, const char *dir, const struct orgs_reader *rd,
	      struct strbuf *err);

#endif
