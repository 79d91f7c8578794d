/*
 * sarif.c — `scan --format sarif`: SARIF 2.1.0 for CI dashboards.
 *
 * One run.  tool.driver.rules holds the rules that produced findings (id,
 * title, citation, help URI = the measure's URL); each finding is a result
 * whose level follows the verdict (PROHIBITED and REMOVE-BY: error;
 * NO-NEW-PURCHASE, LICENSE and REVIEW: warning; INFO: note), located
 * logically at the component id and physically at the file it was read from,
 * relative to %SRCROOT%-like base "ROOT" (the collection root).  What could
 * not be identified or read goes to the invocation's notifications, so a
 * dashboard shows what was not judged.  partialFingerprints let a dashboard
 * follow one finding across runs (host, component, rule).
 */
#include "report/report.h"
#include "report/scan-common.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0.0.0"
#endif

#define SARIF_SCHEMA                                                                               \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"                      \
	"sarif-schema-2.1.0.json"

static const char *level(enum verdict v)
{
	switch (v) {
	case V_PROHIBITED:
	case V_REMOVE_BY:
		return "error";
	case V_NO_NEW_PURCHASE:
	case V_LICENSE:
	case V_REVIEW:
		return "warning";
	default:
		return "note";
	}
}

static cJSON *text_obj(const char *text)
{
	cJSON *o = cJSON_CreateObject();
	json_add_utf8(o, "text", text ? text : "");
	return o;
}

/* Percent-encode a path or fragment for a URI reference (RFC 3986). */
static void pct(struct strbuf *out, const char *s, size_t n)
{
	static const char ok[] = "-._~/!$&'()*+,;=:@";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr(ok, c)))
			strbuf_addch(out, (char)c);
		else
			strbuf_addf(out, "%%%02X", c);
	}
}

/* "sys/firmware/dmi/tables/DMI" relative to ROOT; a "#detail" stays a fragment. */
static cJSON *artifact_location(const char *source)
{
	struct strbuf u = STRBUF_INIT;
	while (*source == '/')
		source++;
	const char *hash = strchr(source, '#');
	pct(&u, source, hash ? (size_t)(hash - source) : strlen(source));
	if (hash) {
		strbuf_addch(&u, '#');
		pct(&u, hash + 1, strlen(hash + 1));
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "uri", u.buf);
	cJSON_AddStringToObject(o, "uriBaseId", "ROOT");
	strbuf_release(&u);
	return o;
}

static cJSON *component_location(const struct scan_result *r, const struct component *c)
{
	cJSON *loc = cJSON_CreateObject();
	if (c && c->source && *c->source)
		cJSON_AddItemToObject(cJSON_AddObjectToObject(loc, "physicalLocation"),
				      "artifactLocation", artifact_location(c->source));
	cJSON *ll = cJSON_CreateObject();
	const char *id = c && c->id ? c->id : "(host)";
	json_add_utf8(ll, "name", id);
	struct strbuf fq = STRBUF_INIT;
	strbuf_addf(&fq, "%s/%s", r->inv->host.hostname ? r->inv->host.hostname : "", id);
	json_add_utf8(ll, "fullyQualifiedName", fq.buf);
	strbuf_release(&fq);
	if (c)
		cJSON_AddStringToObject(ll, "kind", kind_name(c->kind));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(loc, "logicalLocations"), ll);
	return loc;
}

/* Index of the rule in the driver's rules, adding it on first sight. */
static int rule_index(cJSON *rules, const struct finding *f)
{
	const char *id = f->rule_id ? f->rule_id : "?";
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, rules)
	{
		const cJSON *rid = cJSON_GetObjectItemCaseSensitive(it, "id");
		if (cJSON_IsString(rid) && !strcmp(rid->valuestring, id))
			return i;
		i++;
	}
	char d[11];
	cJSON *o = cJSON_CreateObject();
	json_add_utf8(o, "id", id);
	json_add_utf8(o, "name", f->rule_title ? f->rule_title : id);
	cJSON_AddItemToObject(o, "shortDescription", text_obj(f->rule_title ? f->rule_title : id));
	if (f->citation)
		cJSON_AddItemToObject(o, "fullDescription", text_obj(f->citation));
	json_add_utf8(o, "helpUri", f->url);
	cJSON *p = cJSON_AddObjectToObject(o, "properties");
	json_add_utf8(p, "citation", f->citation);
	json_add_utf8(p, "authority", f->authority);
	json_add_utf8(p, "jurisdiction", f->jurisdiction);
	json_add_utf8(p, "effective", day_or_null(f->effective, d));
	json_add_utf8(p, "rule_version", f->rule_version);
	json_add_utf8(p, "rule_confidence", f->rule_confidence);
	cJSON_AddItemToArray(rules, o);
	return i;
}

static cJSON *evidence_array(const struct finding *f)
{
	cJSON *a = cJSON_CreateArray();
	const struct maker *m = finding_maker(f);
	struct strbuf t = STRBUF_INIT, tmp = STRBUF_INIT;
	for (size_t i = 0; m && i < m->nev; i++) {
		strbuf_reset(&t);
		evidence_text(&t, &m->ev[i]);
		cJSON_AddItemToArray(a, cJSON_CreateString(utf8_valid_or_escaped(t.buf, &tmp)));
	}
	strbuf_release(&t);
	strbuf_release(&tmp);
	return a;
}

static void message_text(struct strbuf *t, const struct finding *f)
{
	char d[11];
	strbuf_addf(t, "%s: %s", verdict_name(f->verdict),
		    f->comp && f->comp->id ? f->comp->id : "(host)");
	if (f->comp) {
		strbuf_addstr(t, " (");
		comp_describe(t, f->comp);
		strbuf_addstr(t, "; ");
		comp_makers(t, f->comp);
		strbuf_addstr(t, ")");
	}
	strbuf_addf(t, " under %s", f->rule_id ? f->rule_id : "?");
	if (f->verdict == V_REMOVE_BY && f->deadline)
		strbuf_addf(t, ", remove by %s", date_format(f->deadline, d));
	strbuf_addf(t, ". %s", f->reason ? f->reason : "");
}

static cJSON *result_json(const struct scan_result *r, cJSON *rules, const struct finding *f)
{
	char d[11];
	cJSON *o = cJSON_CreateObject();
	json_add_utf8(o, "ruleId", f->rule_id ? f->rule_id : "?");
	cJSON_AddNumberToObject(o, "ruleIndex", rule_index(rules, f));
	cJSON_AddStringToObject(o, "level", level(f->verdict));
	struct strbuf t = STRBUF_INIT, shown = STRBUF_INIT;
	message_text(&t, f);
	display_safe_add(&shown, t.buf); /* dashboards render it */
	cJSON_AddItemToObject(o, "message", text_obj(shown.buf));
	strbuf_release(&shown);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "locations"),
			     component_location(r, f->comp));
	strbuf_reset(&t);
	strbuf_addf(&t, "%s|%s|%s", r->inv->host.hostname ? r->inv->host.hostname : "",
		    f->comp && f->comp->id ? f->comp->id : "", f->rule_id ? f->rule_id : "");
	json_add_utf8(cJSON_AddObjectToObject(o, "partialFingerprints"), "chipscreenFinding/v1",
		      t.buf);
	cJSON *p = cJSON_AddObjectToObject(o, "properties");
	cJSON_AddStringToObject(p, "verdict", verdict_name(f->verdict));
	cJSON_AddBoolToObject(p, "binding", f->binding);
	json_add_utf8(p, "effective", day_or_null(f->effective, d));
	json_add_utf8(p, "deadline", day_or_null(f->deadline, d));
	json_add_utf8(p, "deadline_requires", f->deadline_what);
	json_add_utf8(p, "citation", f->citation);
	json_add_utf8(p, "org", f->org);
	json_add_utf8(p, "org_name", f->org_name);
	json_add_utf8(p, "via", f->via);
	json_add_utf8(p, "relation", f->relation);
	json_add_utf8(p, "acquired", f->acquired);
	json_add_utf8(p, "reach", f->reach);
	json_add_utf8(p, "rule_confidence", f->rule_confidence);
	cJSON_AddItemToObject(p, "evidence", evidence_array(f));
	strbuf_release(&t);
	return o;
}

static void notify(cJSON *list, const char *id, const char *text, cJSON *location)
{
	cJSON *n = cJSON_CreateObject();
	cJSON_AddStringToObject(cJSON_AddObjectToObject(n, "descriptor"), "id", id);
	cJSON_AddStringToObject(n, "level", "warning");
	cJSON_AddItemToObject(n, "message", text_obj(text));
	if (location)
		cJSON_AddItemToArray(cJSON_AddArrayToObject(n, "locations"), location);
	cJSON_AddItemToArray(list, n);
}

static void note_notifications(cJSON *list, const char *id, const struct note *v, size_t n)
{
	struct strbuf t = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&t);
		note_text(&t, &v[i]);
		cJSON *loc = NULL;
		if (v[i].path && *v[i].path) {
			loc = cJSON_CreateObject();
			cJSON_AddItemToObject(cJSON_AddObjectToObject(loc, "physicalLocation"),
					      "artifactLocation", artifact_location(v[i].path));
		}
		notify(list, id, t.buf, loc);
	}
	strbuf_release(&t);
}

static cJSON *invocation_json(const struct scan_result *r)
{
	cJSON *inv = cJSON_CreateObject();
	cJSON_AddTrueToObject(inv, "executionSuccessful");
	cJSON *list = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
	struct strbuf t = STRBUF_INIT;
	for (size_t i = 0; i < r->inv->ncomps; i++) {
		const struct component *c = &r->inv->comps[i];
		if (comp_identified(c))
			continue;
		strbuf_reset(&t);
		strbuf_addf(&t, "%s (", c->id ? c->id : "?");
		comp_describe(&t, c);
		strbuf_addstr(&t, ") was not judged: ");
		comp_unknown_reason(&t, c);
		notify(list, "chipscreen/not-identified", t.buf, component_location(r, c));
	}
	note_notifications(list, "chipscreen/unreadable", r->inv->unread, r->inv->nunread);
	note_notifications(list, "chipscreen/input-warning", r->inv->warnings, r->inv->nwarnings);
	strbuf_release(&t);
	return inv;
}

static cJSON *run_properties(const struct scan_result *r)
{
	char d[11];
	struct scan_summary s;
	scan_summarize(r, &s);
	cJSON *p = cJSON_CreateObject();
	json_add_utf8(p, "host", r->inv->host.hostname);
	if (r->profile)
		json_add_utf8(p, "profile", r->profile);
	else
		cJSON_AddNullToObject(p, "profile");
	cJSON_AddBoolToObject(p, "exposure_view", !r->profile);
	json_add_utf8(p, "date", day_or_null(r->date, d));
	json_add_utf8(p, "ruleset_version", r->ruleset_version);
	cJSON *v = cJSON_AddObjectToObject(p, "summary");
	for (int i = V_PROHIBITED; i >= V_CLEAR; i--)
		cJSON_AddNumberToObject(v, verdict_name((enum verdict)i), (double)s.verdicts[i]);
	cJSON_AddNumberToObject(v, STATUS_NOT_IDENTIFIED, (double)s.not_identified);
	return p;
}

int report_scan_sarif(const struct scan_result *r, FILE *out)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "$schema", SARIF_SCHEMA);
	cJSON_AddStringToObject(doc, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "runs"), run);
	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "chipscreen");
	cJSON_AddStringToObject(driver, "version", CHIPSCREEN_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", CHIPSCREEN_VERSION);
#ifdef CHIPSCREEN_HOME
	cJSON_AddStringToObject(driver, "informationUri", CHIPSCREEN_HOME);
#endif
	cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
	const char *root = r->inv->host.root;
	if (root && root[0] == '/') {
		struct strbuf u = STRBUF_INIT;
		strbuf_addstr(&u, "file://");
		pct(&u, root, strlen(root));
		if (u.buf[u.len - 1] != '/')
			strbuf_addch(&u, '/');
		cJSON *base = cJSON_AddObjectToObject(
			cJSON_AddObjectToObject(run, "originalUriBaseIds"), "ROOT");
		cJSON_AddStringToObject(base, "uri", u.buf);
		strbuf_release(&u);
	}
	cJSON_AddItemToArray(cJSON_AddArrayToObject(run, "invocations"), invocation_json(r));
	size_t *idx = scan_sorted_findings(r);
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < r->nfindings; i++)
		cJSON_AddItemToArray(results, result_json(r, rules, &r->findings[idx[i]]));
	free(idx);
	cJSON_AddItemToObject(run, "properties", run_properties(r));
	return report_json_write(doc, out);
}
