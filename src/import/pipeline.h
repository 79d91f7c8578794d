/*
 * pipeline.h — reading many import files on worker threads, handed back in
 * input order.
 *
 * Reading and parsing a collect JSON file, and what the caller computes from
 * it without its database (digests, a compressed document), take most of an
 * import of a fleet; the writing must stay on one thread and in input order
 * (a host's later snapshot after its earlier one, the messages in the order
 * the files were named).  So worker threads read, detect and parse files
 * ahead, and the calling thread consumes them in order: a ring of slots
 * bounds how far the workers run ahead (memory stays flat on 100,000 files).
 *
 * Only collect JSON is parsed on the workers; any other format is handed
 * over as detected, for the caller to import in its turn (tool outputs must
 * be grouped into machines first, and they are rare next to collect files).
 * A file that cannot be read or parsed is handed over too, with its error:
 * the caller reports it and the other files go on.
 *
 * This module knows files, formats and inventories, nothing of the store:
 * what the caller adds runs through the calls below (store/ is a layer up).
 */
#ifndef IMPORT_PIPELINE_H
#define IMPORT_PIPELINE_H

#include <stddef.h>

#include "chipscreen.h"
#include "import/import.h"
#include "util/strbuf.h"

/* One input, as a worker made it ready. */
struct import_item {
	size_t index;           /* its place in the input */
	const char *path;
	enum import_format fmt; /* forced or detected; IMPORT_AUTO: unreadable or not
				 * recognised, for the caller's importer to say why */
	struct strbuf data;     /* the file as read (when fmt was not forced to another
				 * format than collect JSON) */
	struct strbuf err;      /* collect JSON: what is wrong, naming the file */
	struct inventory *inv;  /* collect JSON read without error, else NULL */
	void *prep;             /* what the caller's prepare made, else NULL */
};

/* Return of consume: stop taking inputs (the import cannot go on). */
#define IMPORT_PIPELINE_STOP (-2)

struct import_pipeline_calls {
	void *ctx; /* passed to each call */
	/*
	 * The fast reader of the plain form of collect JSON (1 read, 0 not that
	 * form); NULL or 0: cJSON and inventory_from_json read it.
	 */
	int (*read_fast)(const char *buf, size_t len, struct inventory *inv);
	/* What a thread's prepare calls share (made and freed on that thread); may be NULL. */
	void *(*thread_begin)(void *ctx);
	void (*thread_end)(void *ctx, void *state);
	/* On a worker, for a collect JSON item read without error: may set
	 * item->prep, or item->err to reject it.  May be NULL. */
	void (*prepare)(void *ctx, void *state, struct import_item *item);
	/* On the calling thread, in input order: 0, -1 (this input failed, go
	 * on), or IMPORT_PIPELINE_STOP. */
	int (*consume)(void *ctx, struct import_item *item);
	/* Frees item->prep (before item->inv is freed).  May be NULL. */
	void (*release)(void *ctx, void *prep);
};

/*
 * Read n files (fmt: IMPORT_AUTO to detect each, or the format of all) with
 * jobs worker threads (0: one per CPU, at most 8; 1: none, this thread
 * reads), consuming each in input order.  Returns 0 when every consume
 * returned 0, else -1.
 */
int import_pipeline_run(const char *const *paths, size_t n, enum import_format fmt, int jobs,
			const struct import_pipeline_calls *calls);

#endif
