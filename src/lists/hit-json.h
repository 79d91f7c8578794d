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
 * why, tokens...  The lists' audit trail (list_name, list_version, ...) is the
 * caller's to add: it knows the loaded sources (lists/lists.h). */
cJSON *nindex_hit_json(const struct nindex *ix, const struct nx_query *q,
		       const struct nx_result *res, const struct nx_hit *h);

#endif
