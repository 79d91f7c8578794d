/*
 * hit-json.h — one search hit as JSON: what `search --json` prints for each
 * hit and what the server's /api/v1/search and /api/v1/screen answer, so
 * the two never drift apart.
 */
#ifndef MATCH_HIT_JSON_H
#define MATCH_HIT_JSON_H

#include <cjson/cJSON.h>

#include "match/index.h"

/* The hit's object: name, score, list, verdict, citation, why, tokens... */
cJSON *nindex_hit_json(struct nindex *ix, const struct nx_query *q, const struct nx_hit *h);

#endif
