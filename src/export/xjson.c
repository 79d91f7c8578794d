/*
 * xjson.c — a determination as JSON (doc/export-check.schema.json):
 * {"answer", "eccn", "tpp", "pd", "grounds": [{provision, citation,
 * review_policy, exceptions, why}], "unknowns", "checked"}, plus what the
 * scripts of compliance teams may ignore: "eccn_why", "assumed",
 * "not_decided", "confirmed" per ground, and "ref" for an order line.
 */
#include "export/export.h"

#include <cjson/cJSON.h>
#include <math.h>

static void add_strs(cJSON *o, const char *key, const char **v, size_t n)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
}

static void add_num(cJSON *o, const char *key, double v, double scale)
{
	if (isnan(v))
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, round(v * scale) / scale);
}

struct cJSON *xresult_json(const struct xresult *r)
{
	cJSON *o = cJSON_CreateObject();
	if (r->ref)
		cJSON_AddStringToObject(o, "ref", r->ref);
	cJSON_AddStringToObject(o, "answer", xanswer_name(r->answer));
	if (r->eccn)
		cJSON_AddStringToObject(o, "eccn", r->eccn);
	else
		cJSON_AddNullToObject(o, "eccn");
	cJSON_AddStringToObject(o, "eccn_why", r->eccn_why ? r->eccn_why : "");
	add_num(o, "tpp", r->tpp, 1000);
	add_num(o, "pd", r->pd, 10000);
	cJSON *gs = cJSON_AddArrayToObject(o, "grounds");
	for (size_t i = 0; i < r->ngrounds; i++) {
		const struct xground *g = &r->grounds[i];
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "provision", g->provision);
		cJSON_AddStringToObject(j, "citation", g->citation);
		cJSON_AddStringToObject(j, "review_policy", g->review_policy);
		cJSON_AddStringToObject(j, "exceptions", g->exceptions);
		cJSON_AddStringToObject(j, "why", g->why);
		cJSON_AddStringToObject(j, "answer", xanswer_name(g->answer));
		cJSON_AddBoolToObject(j, "confirmed", g->confirmed);
		cJSON_AddStringToObject(j, "id", g->id);
		cJSON_AddItemToArray(gs, j);
	}
	add_strs(o, "unknowns", r->unknowns, r->nunknowns);
	add_strs(o, "checked", r->checked, r->nchecked);
	add_strs(o, "assumed", r->assumed, r->nassumed);
	add_strs(o, "not_decided", r->not_decided, r->nnot_decided);
	return o;
}
