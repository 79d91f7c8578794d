/*
 * hit-json.c — a search hit as JSON (lists/hit-json.h).  The layout is
 * doc/lists.md's search --json: scores rounded to three decimals, absent
 * values null, never left out.
 */
#include "lists/hit-json.h"

#include <math.h>
#include <stdio.h>

static double round3(double x)
{
	return round(x * 1000) / 1000;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

cJSON *nindex_hit_json(const struct nindex *ix, const struct nx_query *q,
		       const struct nx_result *res, const struct nx_hit *h)
{
	const struct nx_entry *e = &ix->entries[h->entry];
	const char *matched = h->by_id ? NULL : ix->names[h->name].name;
	struct strbuf why = STRBUF_INIT;
	cJSON *tokens = cJSON_CreateArray();
	nindex_explain(ix, q, res, h, &why, tokens);
	struct nx_verdict v;
	nindex_verdict(ix, h, &v);
	cJSON *o = cJSON_CreateObject();
	add_str(o, "name", e->name);
	add_str(o, "matched_name", matched);
	cJSON_AddNumberToObject(o, "score", round3(h->score));
	cJSON_AddNumberToObject(o, "same_name_probability",
				round3(score_probability(h->name_score)));
	add_str(o, "decision", decision_name(h->decision));
	add_str(o, "decision_why", h->decided);
	if (e->ref) {
		char ent[512];
		snprintf(ent, sizeof ent, "%s:%s", e->source, e->ref);
		add_str(o, "entry", ent);
	} else {
		cJSON_AddNullToObject(o, "entry");
	}
	if (h->review) {
		cJSON *rv = cJSON_AddObjectToObject(o, "review");
		add_str(rv, "verdict", "not this party");
		add_str(rv, "by", h->review->reviewer);
		add_str(rv, "at", h->review->at);
		add_str(rv, "why", h->review->reason);
		cJSON_AddBoolToObject(rv, "holds", h->review->current);
	}
	add_str(o, "source", e->list);
	add_str(o, "programs", e->programs);
	add_str(o, "citation", e->citation);
	add_str(o, "verdict", verdict_name(v.verdict));
	add_str(o, "consequence", v.c->meaning);
	add_str(o, "consequence_citation", *v.c->citation != '-' ? v.c->citation : NULL);
	add_str(o, "consequence_confidence", v.c->confidence);
	add_str(o, "verdict_lowered", v.lowered);
	add_str(o, "license_requirement", e->license_requirement);
	add_str(o, "license_policy", e->license_policy);
	add_str(o, "why", why.buf);
	add_str(o, "matched_via", h->by_id ? NULL : ix->names[h->name].via);
	add_str(o, "dataset", e->source);
	add_str(o, "type", e->type && *e->type ? e->type : NULL);
	add_str(o, "start_date", e->start);
	add_str(o, "end_date", e->end);
	add_str(o, "url", e->url);
	cJSON *cs = cJSON_AddArrayToObject(o, "countries");
	for (int k = 0; k < e->ncountries; k++)
		cJSON_AddItemToArray(cs, cJSON_CreateString(e->countries[k]));
	cJSON_AddItemToObject(o, "tokens", tokens);
	strbuf_release(&why);
	return o;
}
