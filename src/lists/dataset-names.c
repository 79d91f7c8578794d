/*
 * dataset-names.c — a readable name for the list of a hit.  An OpenSanctions
 * entity carries the ids of every dataset that lists it ("us_ofac_sdn,eu_fsf,
 * gb_hmt_sanctions,..."), and a column of 30 ids tells a reader nothing; the
 * ids stay what the verdict is computed from, and this names the hit after
 * the first of them in data/opensanctions-datasets.tsv (the table's order is
 * the priority), with how many more list it.
 */
#include "lists/lists.h"
#include "util/arena.h"
#include "util/datadir.h"
#include "util/log.h"
#include "util/tsv.h"

#include <pthread.h>
#include <string.h>

struct dsname {
	const char *id, *title;
};

static struct arena *arena;
static struct dsname *names;
static size_t nnames, capnames;
static pthread_once_t loaded = PTHREAD_ONCE_INIT; /* the server names hits in many threads */

static void load(void)
{
	arena = arena_new();
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	static const char *const want[] = {"dataset", "title", "source", NULL};
	struct tsv t;
	int r = tsv_open(arena, &t, data_path(&p, "opensanctions-datasets.tsv"), want, &err);
	while (r == 0 && (r = tsv_next(&t, 3, &err)) == 1) {
		struct dsname *d = ARENA_PUSH(arena, names, nnames, capnames);
		d->id = t.row[0];
		d->title = t.row[1];
	}
	if (r < 0) /* the ids are shown as they are: less readable, still right */
		log_warn("%s", err.buf);
	strbuf_release(&p);
	strbuf_release(&err);
}

const char *lists_list_title(const char *list, struct strbuf *buf)
{
	if (!list)
		return NULL;
	pthread_once(&loaded, load);
	size_t n = 1, best = nnames;
	const char *best_id = NULL;
	size_t best_len = 0;
	for (const char *p = list;; n++) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		for (size_t i = 0; i < best && i < nnames; i++)
			if (strlen(names[i].id) == len && !strncmp(names[i].id, p, len)) {
				best = i;
				best_id = p;
				best_len = len;
			}
		if (!c)
			break;
		p = c + 1;
	}
	if (best == nnames && n == 1)
		return list; /* a list code (SDN, EL) or a dataset the table does not name */
	strbuf_reset(buf);
	if (best < nnames)
		strbuf_addf(buf, "%s (OpenSanctions %.*s)", names[best].title, (int)best_len,
			    best_id);
	else
		strbuf_addf(buf, "OpenSanctions %.*s", (int)strcspn(list, ","), list);
	if (n > 1)
		strbuf_addf(buf, " and %zu more dataset%s", n - 1, n > 2 ? "s" : "");
	return buf->buf;
}
