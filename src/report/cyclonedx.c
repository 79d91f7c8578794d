/*
 * cyclonedx.c — `scan --format cyclonedx`: a CycloneDX 1.5 JSON BOM of the
 * hardware, with the verdicts as properties.
 *
 * The host is metadata.component (type "device"); each inventory component
 * is a top-level component of type "device" whose bom-ref is its chipscreen
 * id.  CycloneDX 1.5 has no component.manufacturer (1.6 added it), so the
 * attributed maker goes to "publisher" and to chipscreen:maker* properties;
 * "supplier" is kept for the purchase record's supplier.  Identifiers are
 * properties named chipscreen:raw:<field> (exactly as read) and
 * chipscreen:decoded:<field>.  Each finding adds chipscreen:<what>:<rule id>
 * properties: verdict, citation, effective, deadline, binding, via, acquired,
 * reason, and one chipscreen:evidence:<rule id> per evidence item.  Property
 * names are listed in doc/scan-schema.md.
 *
 * Every BOM gets a fresh random serialNumber, as the specification asks.
 */
#include "inventory-json.h"
#include "report/report.h"
#include "report/scan-common.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0.0.0"
#endif

#define HOST_REF "chipscreen:host"

static void prop(cJSON *props, const char *name, const char *value)
{
	struct strbuf tmp = STRBUF_INIT;
	if (!value)
		return;
	cJSON *p = cJSON_CreateObject();
	json_add_utf8(p, "name", name);
	cJSON_AddStringToObject(p, "value", utf8_valid_or_escaped(value, &tmp));
	cJSON_AddItemToArray(props, p);
	strbuf_release(&tmp);
}

static void propf(cJSON *props, const char *prefix, const char *rule, const char *value)
{
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "chipscreen:%s:%s", prefix, rule ? rule : "?");
	prop(props, name.buf, value);
	strbuf_release(&name);
}

/* A version 4 (random) UUID as RFC 4122 writes it. */
static void uuid4(char out[37])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	for (size_t i = got; i < sizeof b; i++) /* no entropy source: still well-formed */
		b[i] = (unsigned char)rand();
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

static void maker_props(cJSON *props, const char *key, const struct maker *m)
{
	struct strbuf n = STRBUF_INIT;
	if (m->org) {
		strbuf_addf(&n, "chipscreen:%s", key);
		prop(props, n.buf, m->name ? m->name : m->org);
		strbuf_addstr(&n, "_id");
		prop(props, n.buf, m->org);
		strbuf_setlen(&n, n.len - 3);
		strbuf_addstr(&n, "_confidence");
		prop(props, n.buf, confidence_name(m->conf));
	} else {
		strbuf_addf(&n, "chipscreen:%s_unknown_reason", key);
		prop(props, n.buf, m->unknown_reason ? m->unknown_reason : "no reason given");
	}
	strbuf_release(&n);
}

static void finding_props(cJSON *props, const struct finding *f)
{
	char d[11];
	const char *rule = f->rule_id;
	propf(props, "verdict", rule, verdict_name(f->verdict));
	propf(props, "binding", rule, f->binding ? "true" : "false");
	propf(props, "citation", rule, f->citation);
	propf(props, "effective", rule, day_or_null(f->effective, d));
	propf(props, "deadline", rule, day_or_null(f->deadline, d));
	propf(props, "via", rule, f->via);
	propf(props, "acquired", rule, f->acquired);
	propf(props, "reach", rule, f->reach);
	propf(props, "reason", rule, f->reason);
	const struct maker *m = finding_maker(f);
	struct strbuf t = STRBUF_INIT;
	for (size_t i = 0; m && i < m->nev; i++) {
		strbuf_reset(&t);
		evidence_text(&t, &m->ev[i]);
		propf(props, "evidence", rule, t.buf);
	}
	strbuf_release(&t);
}

static const char *first_of(const struct component *c, enum fkey a, enum fkey b, enum fkey d)
{
	const char *v = component_get(c, a);
	if (!v)
		v = component_get(c, b);
	return v ? v : component_get(c, d);
}

static cJSON *component_json(const struct scan_result *r, const struct component *c, long index,
			     int worst, const size_t *idx)
{
	cJSON *o = cJSON_CreateObject();
	struct strbuf t = STRBUF_INIT;
	cJSON_AddStringToObject(o, "type", "device");
	json_add_utf8(o, "bom-ref", c->id);
	const char *part = comp_part(c);
	json_add_utf8(o, "name", part ? part : c->id ? c->id : kind_name(c->kind));
	json_add_utf8(o, "version", first_of(c, FK_FIRMWARE, FK_REVISION, FK_VERSION));
	comp_describe(&t, c);
	json_add_utf8(o, "description", t.buf);
	const struct attribution *a = c->attr;
	if (a && a->maker.org)
		json_add_utf8(o, "publisher", a->maker.name ? a->maker.name : a->maker.org);
	const char *supplier = component_get(c, FK_SUPPLIER);
	if (supplier)
		json_add_utf8(cJSON_AddObjectToObject(o, "supplier"), "name", supplier);
	cJSON *props = cJSON_AddArrayToObject(o, "properties");
	prop(props, "chipscreen:id", c->id);
	prop(props, "chipscreen:kind", kind_name(c->kind));
	prop(props, "chipscreen:source", c->source);
	prop(props, "chipscreen:status", comp_status(c, worst));
	if (a) {
		maker_props(props, "maker", &a->maker);
		if (a->has_chip)
			maker_props(props, "chip_maker", &a->chip_maker);
	} else {
		strbuf_reset(&t);
		comp_unknown_reason(&t, c);
		prop(props, "chipscreen:maker_unknown_reason", t.buf);
	}
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		strbuf_reset(&t);
		strbuf_addf(&t, "chipscreen:%s:%s", f->flags & FIELD_RAW ? "raw" : "decoded",
			    f->key == FK_EXTRA ? f->name : field_key_name(f->key));
		prop(props, t.buf, f->value);
	}
	for (size_t i = 0; i < r->nfindings; i++)
		if (finding_comp_index(r, &r->findings[idx[i]]) == index)
			finding_props(props, &r->findings[idx[i]]);
	strbuf_release(&t);
	return o;
}

static cJSON *host_json(const struct scan_result *r, const size_t *idx)
{
	const struct host *h = &r->inv->host;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "type", "device");
	cJSON_AddStringToObject(o, "bom-ref", HOST_REF);
	json_add_utf8(o, "name", h->hostname ? h->hostname : "(host name unknown)");
	json_add_utf8(o, "publisher", h->vendor);
	json_add_utf8(o, "description", h->product);
	cJSON *props = cJSON_AddArrayToObject(o, "properties");
	prop(props, "chipscreen:vendor", h->vendor);
	prop(props, "chipscreen:product", h->product);
	prop(props, "chipscreen:serial", h->serial);
	prop(props, "chipscreen:uuid", h->uuid);
	prop(props, "chipscreen:smbios_version", h->smbios_version);
	prop(props, "chipscreen:collected_at", h->collected_at);
	prop(props, "chipscreen:collector", h->collector);
	prop(props, "chipscreen:root", h->root);
	prop(props, "chipscreen:root_privileges", h->is_root ? "true" : "false");
	/* Findings about no component of this inventory belong to the host. */
	for (size_t i = 0; i < r->nfindings; i++)
		if (finding_comp_index(r, &r->findings[idx[i]]) < 0)
			finding_props(props, &r->findings[idx[i]]);
	return o;
}

static void note_props(cJSON *props, const char *name, const struct note *v, size_t n)
{
	struct strbuf t = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&t);
		note_text(&t, &v[i]);
		prop(props, name, t.buf);
	}
	strbuf_release(&t);
}

static cJSON *metadata_json(const struct scan_result *r, const size_t *idx)
{
	char ts[32], d[11];
	struct scan_summary s;
	scan_summarize(r, &s);
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "timestamp", timestamp_now(ts));
	cJSON *tools = cJSON_AddArrayToObject(cJSON_AddObjectToObject(m, "tools"), "components");
	cJSON *t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "type", "application");
	cJSON_AddStringToObject(t, "name", "chipscreen");
	cJSON_AddStringToObject(t, "version", CHIPSCREEN_VERSION);
	cJSON_AddItemToArray(tools, t);
	cJSON_AddItemToObject(m, "component", host_json(r, idx));
	cJSON *props = cJSON_AddArrayToObject(m, "properties");
	prop(props, "chipscreen:schema", SCAN_SCHEMA);
	prop(props, "chipscreen:profile", r->profile ? r->profile : "");
	prop(props, "chipscreen:exposure_view", r->profile ? "false" : "true");
	prop(props, "chipscreen:date", day_or_null(r->date, d));
	prop(props, "chipscreen:ruleset_version", r->ruleset_version);
	for (int v = V_PROHIBITED; v >= V_CLEAR; v--) {
		char n[64], c[32];
		snprintf(n, sizeof n, "chipscreen:summary:%s", verdict_name((enum verdict)v));
		snprintf(c, sizeof c, "%zu", s.verdicts[v]);
		prop(props, n, c);
	}
	char c[32];
	snprintf(c, sizeof c, "%zu", s.not_identified);
	prop(props, "chipscreen:summary:" STATUS_NOT_IDENTIFIED, c);
	note_props(props, "chipscreen:unreadable", r->inv->unread, r->inv->nunread);
	note_props(props, "chipscreen:warning", r->inv->warnings, r->inv->nwarnings);
	return m;
}

int report_scan_cyclonedx(const struct scan_result *r, FILE *out)
{
	char uuid[37], serial[48];
	uuid4(uuid);
	snprintf(serial, sizeof serial, "urn:uuid:%s", uuid);
	size_t *idx = scan_sorted_findings(r);
	int *worst = scan_worst_by_comp(r);
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json");
	cJSON_AddStringToObject(doc, "bomFormat", "CycloneDX");
	cJSON_AddStringToObject(doc, "specVersion", "1.5");
	cJSON_AddStringToObject(doc, "serialNumber", serial);
	cJSON_AddNumberToObject(doc, "version", 1);
	cJSON_AddItemToObject(doc, "metadata", metadata_json(r, idx));
	cJSON *comps = cJSON_AddArrayToObject(doc, "components");
	for (size_t i = 0; i < r->inv->ncomps; i++)
		cJSON_AddItemToArray(comps,
				     component_json(r, &r->inv->comps[i], (long)i, worst[i], idx));
	free(idx);
	free(worst);
	return report_json_write(doc, out);
}
