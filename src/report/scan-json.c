/*
 * scan-json.c — `scan --format json`: the scan for programs, schema
 * "chipscreen-scan/1" (doc/scan-schema.md, doc/scan.schema.json).
 *
 * Components are written exactly as in the inventory document
 * (inventory-json.c), with their attribution and a "status"; every finding
 * key is always present, null when the judge had nothing to say, so readers
 * need no existence tests.  Dates are "YYYY-MM-DD".
 */
#include "inventory-json.h"
#include "report/report.h"
#include "report/scan-common.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0.0.0"
#endif

static cJSON *host_json(const struct host *h)
{
	cJSON *o = cJSON_CreateObject();
	str_or_null(o, "hostname", h->hostname);
	json_add_utf8(o, "vendor", h->vendor);
	json_add_utf8(o, "product", h->product);
	json_add_utf8(o, "serial", h->serial);
	json_add_utf8(o, "uuid", h->uuid);
	json_add_utf8(o, "smbios_version", h->smbios_version);
	json_add_utf8(o, "collected_at", h->collected_at);
	json_add_utf8(o, "collector", h->collector);
	json_add_utf8(o, "root", h->root);
	cJSON_AddBoolToObject(o, "root_privileges", h->is_root);
	return o;
}

static cJSON *summary_json(const struct scan_summary *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "components", (double)s->ncomps);
	cJSON_AddNumberToObject(o, "findings", (double)s->nfindings);
	cJSON_AddStringToObject(o, "worst", verdict_name((enum verdict)s->worst));
	cJSON *v = cJSON_AddObjectToObject(o, "verdicts");
	for (int i = V_PROHIBITED; i >= V_CLEAR; i--)
		cJSON_AddNumberToObject(v, verdict_name((enum verdict)i), (double)s->verdicts[i]);
	cJSON_AddNumberToObject(o, "with_findings", (double)s->with_findings);
	cJSON_AddNumberToObject(o, "not_identified", (double)s->not_identified);
	if (!s->ncomps) /* worst is REVIEW: say why */
		cJSON_AddStringToObject(o, "nothing_read", NOTHING_READ_REASON);
	return o;
}

/* The evidence of the attribution the finding matched, as inventory-json writes it. */
static cJSON *evidence_json(const struct finding *f)
{
	const struct maker *m = finding_maker(f);
	if (!m || !m->org)
		return cJSON_CreateArray();
	cJSON *mj = maker_to_json(m);
	cJSON *ev = cJSON_DetachItemFromObjectCaseSensitive(mj, "evidence");
	cJSON_Delete(mj);
	return ev ? ev : cJSON_CreateArray();
}

static cJSON *finding_json(const struct finding *f)
{
	cJSON *o = cJSON_CreateObject();
	str_or_null(o, "component", f->comp ? f->comp->id : NULL);
	str_or_null(o, "rule", f->rule_id);
	str_or_null(o, "rule_title", f->rule_title);
	str_or_null(o, "rule_version", f->rule_version);
	cJSON_AddStringToObject(o, "verdict", verdict_name(f->verdict));
	cJSON_AddBoolToObject(o, "binding", f->binding);
	str_or_null(o, "citation", f->citation);
	str_or_null(o, "url", f->url);
	str_or_null(o, "authority", f->authority);
	str_or_null(o, "jurisdiction", f->jurisdiction);
	date_or_null(o, "effective", f->effective);
	date_or_null(o, "deadline", f->deadline);
	str_or_null(o, "deadline_requires", f->deadline_what);
	str_or_null(o, "org", f->org);
	str_or_null(o, "org_name", f->org_name);
	str_or_null(o, "via", f->via);
	str_or_null(o, "relation", f->relation);
	str_or_null(o, "acquired", f->acquired);
	str_or_null(o, "reach", f->reach);
	str_or_null(o, "reason", f->reason);
	str_or_null(o, "rule_confidence", f->rule_confidence);
	cJSON_AddItemToObject(o, "evidence", evidence_json(f));
	return o;
}

static cJSON *notes_json(const struct note *v, size_t n, const char *reason_key)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		json_add_utf8(o, "path", v[i].path);
		json_add_utf8(o, "what", v[i].what);
		json_add_utf8(o, reason_key, v[i].reason ? v[i].reason : "");
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

cJSON *report_scan_to_json(const struct scan_result *r)
{
	const struct inventory *inv = r->inv;
	struct scan_summary s;
	scan_summarize(r, &s);
	int *worst = scan_worst_by_comp(r);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "schema", SCAN_SCHEMA);
	cJSON *tool = cJSON_AddObjectToObject(doc, "tool");
	cJSON_AddStringToObject(tool, "name", "chipscreen");
	cJSON_AddStringToObject(tool, "version", CHIPSCREEN_VERSION);
	cJSON_AddItemToObject(doc, "host", host_json(&inv->host));
	str_or_null(doc, "profile", r->profile);
	cJSON_AddBoolToObject(doc, "exposure_view", r->profile == NULL);
	date_or_null(doc, "date", r->date);
	str_or_null(doc, "ruleset_version", r->ruleset_version);
	cJSON_AddItemToObject(doc, "summary", summary_json(&s));
	cJSON *comps = cJSON_AddArrayToObject(doc, "components");
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		cJSON *cj = component_to_json(c);
		cJSON_AddStringToObject(cj, "status", comp_status(c, worst[i]));
		if (!comp_identified(c)) {
			struct strbuf why = STRBUF_INIT;
			comp_unknown_reason(&why, c);
			json_add_utf8(cj, "not_identified_reason", why.buf);
			strbuf_release(&why);
		}
		cJSON_AddItemToArray(comps, cj);
	}
	size_t *idx = scan_sorted_findings(r);
	cJSON *fs = cJSON_AddArrayToObject(doc, "findings");
	for (size_t i = 0; i < r->nfindings; i++)
		cJSON_AddItemToArray(fs, finding_json(&r->findings[idx[i]]));
	cJSON_AddItemToObject(doc, "unreadable", notes_json(inv->unread, inv->nunread, "reason"));
	cJSON_AddItemToObject(doc, "warnings",
			      notes_json(inv->warnings, inv->nwarnings, "message"));
	free(idx);
	free(worst);
	return doc;
}

int report_scan_json(const struct scan_result *r, FILE *out)
{
	cJSON *doc = report_scan_to_json(r);
	return report_json_write(doc, out);
}
