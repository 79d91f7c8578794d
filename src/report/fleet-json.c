/*
 * fleet-json.c — `fleet --format json` ("chipscreen-fleet/1") and
 * `rescreen --format json` ("chipscreen-rescreen/1"), for programs
 * (doc/fleet.md, "JSON").
 *
 * Every key is always present, null when there is nothing to say; "hosts"
 * and "components" are counts; dates are "YYYY-MM-DD".  Text from hardware
 * and from the rules is made valid UTF-8 before it is written.
 */
#include "report/report.h"
#include "report/scan-common.h"
#include "store/fleet.h"
#include "util/date.h"

#include <cjson/cJSON.h>
#include <string.h>

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0.0.0"
#endif

static void verdict_or_null(cJSON *o, const char *key, int v)
{
	str_or_null(o, key, v >= 0 ? verdict_name((enum verdict)v) : NULL);
}

static cJSON *string_list(const char *const *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

/* "a\nb" -> ["a", "b"] */
static cJSON *lines(const char *s)
{
	cJSON *a = cJSON_CreateArray();
	struct strbuf tmp = STRBUF_INIT, one = STRBUF_INIT;
	for (const char *p = s; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		strbuf_reset(&one);
		strbuf_add(&one, p, n);
		cJSON_AddItemToArray(a, cJSON_CreateString(utf8_valid_or_escaped(one.buf, &tmp)));
		p = nl ? nl + 1 : p + n;
	}
	strbuf_release(&tmp);
	strbuf_release(&one);
	return a;
}

static cJSON *rule_json(const struct fleet_rule_sum *s)
{
	cJSON *o = cJSON_CreateObject();
	str_or_null(o, "rule", s->rule_id);
	str_or_null(o, "title", s->title);
	str_or_null(o, "version", s->version);
	str_or_null(o, "jurisdiction", s->jurisdiction);
	str_or_null(o, "authority", s->authority);
	str_or_null(o, "citation", s->citation);
	str_or_null(o, "url", s->url);
	verdict_or_null(o, "worst", s->worst);
	cJSON_AddNumberToObject(o, "hosts", (double)s->hosts);
	cJSON_AddNumberToObject(o, "components", (double)s->components);
	cJSON_AddNumberToObject(o, "binding_hosts", (double)s->binding_hosts);
	cJSON_AddNumberToObject(o, "binding_components", (double)s->binding_components);
	cJSON *v = cJSON_AddObjectToObject(o, "verdicts");
	for (int i = V_PROHIBITED; i >= V_INFO; i--)
		cJSON_AddNumberToObject(v, verdict_name((enum verdict)i), (double)s->verdicts[i]);
	date_or_null(o, "next_deadline", s->next_deadline);
	cJSON_AddNumberToObject(o, "next_deadline_components", (double)s->next_deadline_components);
	if (s->upcoming) {
		cJSON *u = cJSON_AddObjectToObject(o, "upcoming");
		date_or_null(u, "date", s->upcoming);
		str_or_null(u, "what", s->upcoming_what);
	} else {
		cJSON_AddNullToObject(o, "upcoming");
	}
	return o;
}

static cJSON *finding_json(const struct fleet_finding *f)
{
	cJSON *o = cJSON_CreateObject();
	str_or_null(o, "host", f->host_name);
	str_or_null(o, "host_key", f->host_key);
	str_or_null(o, "site", f->site);
	cJSON_AddItemToObject(o, "components", lines(f->ids));
	cJSON_AddNumberToObject(o, "count", (double)f->count);
	str_or_null(o, "kind", f->kind);
	str_or_null(o, "part", f->part);
	str_or_null(o, "makers", f->makers);
	str_or_null(o, "rule", f->rule_id);
	str_or_null(o, "rule_version", f->rule_version);
	str_or_null(o, "verdict", verdict_name(f->verdict));
	cJSON_AddBoolToObject(o, "binding", f->binding);
	date_or_null(o, "effective", f->effective);
	date_or_null(o, "deadline", f->deadline);
	str_or_null(o, "requires", f->requires);
	str_or_null(o, "org", f->org);
	str_or_null(o, "org_name", f->org_name);
	str_or_null(o, "via", f->via);
	str_or_null(o, "relation", f->relation);
	str_or_null(o, "acquired", f->acquired);
	str_or_null(o, "reason", f->reason);
	str_or_null(o, "evidence", f->evidence);
	return o;
}

/* A part whose maker or chip maker is unknown, with the reason. */
static cJSON *unidentified_json(const struct fleet_unidentified *u)
{
	cJSON *o = cJSON_CreateObject();
	str_or_null(o, "host", u->host_name);
	str_or_null(o, "host_key", u->host_key);
	str_or_null(o, "site", u->site);
	cJSON_AddItemToObject(o, "components", lines(u->ids));
	cJSON_AddNumberToObject(o, "count", (double)u->count);
	str_or_null(o, "kind", u->kind);
	str_or_null(o, "part", u->part);
	str_or_null(o, "makers", u->makers);
	cJSON_AddStringToObject(o, "status", STATUS_NOT_IDENTIFIED);
	str_or_null(o, "reason", u->reason);
	return o;
}

/* "filter": {"sites", "tags", "hosts"}: the hosts counted (fleet, rescreen). */
static void filter_json(cJSON *o, const struct fleet_filter *f)
{
	cJSON *flt = cJSON_AddObjectToObject(o, "filter");
	cJSON_AddItemToObject(flt, "sites", string_list(f ? f->sites : NULL, f ? f->nsites : 0));
	cJSON_AddItemToObject(flt, "tags", string_list(f ? f->tags : NULL, f ? f->ntags : 0));
	cJSON_AddItemToObject(flt, "hosts", string_list(f ? f->hosts : NULL, f ? f->nhosts : 0));
}

struct cJSON *report_fleet_to_json(const struct fleet_report *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "schema", FLEET_SCHEMA);
	cJSON_AddStringToObject(o, "generator", "chipscreen " CHIPSCREEN_VERSION);
	str_or_null(o, "profile", r->profile);
	date_or_null(o, "date", r->date);
	cJSON_AddNumberToObject(o, "run", (double)r->run);
	str_or_null(o, "ruleset_version", r->ruleset);
	filter_json(o, r->filter);
	cJSON_AddNumberToObject(o, "hosts", (double)r->hosts);
	cJSON_AddNumberToObject(o, "components", (double)r->components);
	cJSON_AddNumberToObject(o, "hosts_with_findings", (double)r->hosts_with_findings);
	cJSON_AddNumberToObject(o, "components_with_findings", (double)r->components_with_findings);
	cJSON_AddNumberToObject(o, "not_identified", (double)r->not_identified_components);
	verdict_or_null(o, "worst", r->worst);
	cJSON *rules = cJSON_AddArrayToObject(o, "rules");
	for (size_t i = 0; i < r->nrules; i++)
		cJSON_AddItemToArray(rules, rule_json(&r->rules[i]));
	cJSON *fs = cJSON_AddArrayToObject(o, "findings");
	for (size_t i = 0; i < r->nfindings; i++)
		cJSON_AddItemToArray(fs, finding_json(&r->findings[i]));
	cJSON *us = cJSON_AddArrayToObject(o, "not_identified_parts");
	for (size_t i = 0; i < r->nunidentified; i++)
		cJSON_AddItemToArray(us, unidentified_json(&r->unidentified[i]));
	cJSON *nr = cJSON_AddArrayToObject(o, "nothing_read");
	for (size_t i = 0; i < r->nnothing_read; i++) {
		const struct fleet_unread_host *u = &r->nothing_read[i];
		cJSON *h = cJSON_CreateObject();
		str_or_null(h, "host", u->host_name);
		str_or_null(h, "host_key", u->host_key);
		str_or_null(h, "site", u->site);
		cJSON_AddStringToObject(h, "status", NOTHING_READ_STATUS);
		cJSON_AddStringToObject(h, "verdict", verdict_name(V_REVIEW));
		str_or_null(h, "reason", u->reason);
		cJSON_AddItemToArray(nr, h);
	}
	return o;
}

int report_fleet_json(const struct fleet_report *r, FILE *out)
{
	return report_json_write(report_fleet_to_json(r), out);
}

static cJSON *change_json(const struct fleet_change *x)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "type", fleet_change_name(x->type));
	str_or_null(o, "rule", x->rule_id);
	str_or_null(o, "title", x->rule_title);
	str_or_null(o, "old_version", x->old_version);
	str_or_null(o, "new_version", x->new_version);
	str_or_null(o, "old_ruleset", x->old_ruleset);
	str_or_null(o, "new_ruleset", x->new_ruleset);
	verdict_or_null(o, "old_verdict", x->old_verdict);
	verdict_or_null(o, "new_verdict", x->new_verdict);
	cJSON_AddBoolToObject(o, "old_binding", x->old_binding);
	cJSON_AddBoolToObject(o, "new_binding", x->new_binding);
	date_or_null(o, "old_deadline", x->old_deadline);
	date_or_null(o, "new_deadline", x->new_deadline);
	str_or_null(o, "kind", x->kind);
	str_or_null(o, "part", x->part);
	str_or_null(o, "makers", x->makers);
	str_or_null(o, "org_name", x->org_name);
	str_or_null(o, "reason", x->reason);
	cJSON_AddBoolToObject(o, "new_part", x->new_unit);
	cJSON_AddNumberToObject(o, "hosts", (double)x->hosts);
	cJSON_AddNumberToObject(o, "components", (double)x->components);
	return o;
}

struct cJSON *report_rescreen_to_json(const struct fleet_changes *c, const struct fleet_run *run)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "schema", RESCREEN_SCHEMA);
	cJSON_AddStringToObject(o, "generator", "chipscreen " CHIPSCREEN_VERSION);
	str_or_null(o, "profile", c->profile);
	filter_json(o, c->filter);
	date_or_null(o, "date", c->new_date);
	date_or_null(o, "old_date", c->old_run ? c->old_date : 0);
	cJSON_AddNumberToObject(o, "run", (double)c->new_run);
	if (c->old_run)
		cJSON_AddNumberToObject(o, "old_run", (double)c->old_run);
	else
		cJSON_AddNullToObject(o, "old_run");
	str_or_null(o, "mode", run ? run->mode : NULL);
	str_or_null(o, "why_full", run && run->why_full[0] ? run->why_full : NULL);
	cJSON_AddNumberToObject(o, "units_judged", run ? (double)run->units_judged : 0);
	cJSON_AddNumberToObject(o, "units_total", run ? (double)run->units_total : 0);
	cJSON_AddNumberToObject(o, "rules_changed", run ? (double)run->rules_changed : 0);
	str_or_null(o, "old_ruleset", c->old_run ? c->old_ruleset : NULL);
	str_or_null(o, "new_ruleset", c->new_ruleset);
	cJSON *sum = cJSON_AddObjectToObject(o, "summary");
	cJSON_AddNumberToObject(sum, "new", (double)c->count[CHANGE_NEW]);
	cJSON_AddNumberToObject(sum, "cleared", (double)c->count[CHANGE_CLEARED]);
	cJSON_AddNumberToObject(sum, "verdict", (double)c->count[CHANGE_VERDICT]);
	cJSON_AddNumberToObject(sum, "deadline", (double)c->count[CHANGE_DEADLINE]);
	cJSON *ch = cJSON_AddArrayToObject(o, "changes");
	for (size_t i = 0; i < c->n; i++)
		cJSON_AddItemToArray(ch, change_json(&c->v[i]));
	cJSON *rules = cJSON_AddArrayToObject(o, "rules");
	for (size_t i = 0; i < c->nrules; i++)
		cJSON_AddItemToArray(rules, rule_json(&c->rules[i]));
	cJSON_AddItemToObject(o, "sources", string_list(c->sources, c->nsources));
	return o;
}

int report_rescreen_json(const struct fleet_changes *c, const struct fleet_run *run, FILE *out)
{
	return report_json_write(report_rescreen_to_json(c, run), out);
}
