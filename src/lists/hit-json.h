/*
 * hit-json.h — one search hit as JSON: what `search --json` prints for each
 * hit and what the server's /api/v1/search and /api/v1/screen answer, so
 * the two never drift apart.
 */
#ifndef LISTS_HIT_JSON_H
#define LISTS_HIT_JSON_H

#include <cjson/cJSON.h>

#include "lists/index-load.h"

/* The hit's object: name, score, decision, review, list, verdict, citation,
 * why, tokens..., without the lists' audit trail. */
cJSON *nindex_hit_json(const struct nindex *ix, const struct nx_query *q,
		       const struct nx_result *res, const struct nx_hit *h);

/* Hits written with the lists' audit trail (list_name, list_source,
 * list_version, list_date, list_date_from, screened_at), as search --json
 * and the server write them.  keep > 0: the parts of a hit that are its
 * entry's alone are printed once per entry and kept, up to keep bytes in
 * all, and spliced into later hits as cJSON raw values: the hits must then
 * be printed with cJSON_PrintUnformatted (a formatted print would lay those
 * parts out on one line) before the writer is freed (they refer to its
 * text), and ix and src must outlive the writer.  The explanation's tokens,
 * with their part of the why line, are kept the same way.  keep 0:
 * every field is a cJSON node, for any printing.  One writer serves any
 * number of threads at once. */
struct hit_writer;
struct lsource;
struct hit_writer *hit_writer_new(const struct nindex *ix, const struct lsource *src, size_t nsrc,
				  size_t keep);
void hit_writer_free(struct hit_writer *w);
/* The bytes of printed parts w keeps. */
size_t hit_writer_kept(struct hit_writer *w);
cJSON *hit_writer_json(struct hit_writer *w, const struct nx_query *q,
		       const struct nx_result *res, const struct nx_hit *h, const char *at);

#endif
