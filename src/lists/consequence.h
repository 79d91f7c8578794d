/*
 * consequence.h — what a hit on a list means for the one who screens:
 * data/list-consequences.tsv read as a table, never as `if`s.
 *
 * A row: list (a list code as imported — EL, SDN, DPL, DOD-1260H, an
 * OpenSanctions dataset — "PREFIX*" for a family, "*" for any list no row
 * names), program (empty: any; else a program code the entry must carry, for
 * lists whose consequence depends on the program, such as OFAC's non-SDN
 * list), verdict (src/chipscreen.h names), meaning, citation, confidence
 * (confirmed: the facts files or the list's own licence columns say so;
 * unconfirmed: general knowledge, to verify), source.
 *
 * An entry's consequence: of the rows naming one of its lists (an FtM entry
 * has several, comma-separated), those naming one of its programs win over
 * those for any program; among them the most severe verdict, the first row
 * on a tie; a list no row names counts as the "*" row.  The entry's
 * consequence is the most severe of its lists'.
 *
 * Two rows are not lists but limits, for names an organisation table lends
 * (match/index.c): "@subsidiary" (the name is a subsidiary's, the listing
 * names its owner) and "@unconfirmed" (the link is unconfirmed).  Such a hit
 * gets at most their verdict, and their meaning says why.
 */
#ifndef LISTS_CONSEQUENCE_H
#define LISTS_CONSEQUENCE_H

#include "chipscreen.h"
#include "util/arena.h"
#include "util/strbuf.h"

struct consequence {
	const char *list, *program;
	enum verdict verdict;
	const char *meaning, *citation, *confidence, *source;
	long line;
};

struct ctable {
	struct arena *arena;
	const char *path;
	struct consequence *rows;
	size_t n, cap;
	const struct consequence *any;         /* the "*" row */
	const struct consequence *subsidiary;  /* the "@subsidiary" limit */
	const struct consequence *unconfirmed; /* the "@unconfirmed" limit */
};

/* Read dir/list-consequences.tsv (dir NULL: data_dir()).  NULL with err
 * naming the file and line when it is missing or damaged, or lacks the "*",
 * "@subsidiary" or "@unconfirmed" row. */
struct ctable *ctable_load(const char *dir, struct strbuf *err);
void ctable_free(struct ctable *t);
/* The consequence of an entry on list (comma-separated codes) with programs
 * (free text: codes separated by ; , [ ] or spaces; may be NULL). */
const struct consequence *ctable_find(const struct ctable *t, const char *list,
				      const char *programs);

#endif
