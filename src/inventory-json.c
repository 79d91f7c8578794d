#include "inventory-json.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <stdlib.h>

#include <string.h>

void json_add_str(cJSON *obj, const char *key, const char *value)
{
	if (value)
		cJSON_AddStringToObject(obj, key, value);
}

cJSON *evidence_to_json(const struct evidence *e)
{
	cJSON *o = cJSON_CreateObject();
	json_add_str(o, "field", e->field);
	json_add_str(o, "raw", e->raw);
	json_add_str(o, "rule", e->rule);
	json_add_str(o, "source", e->source);
	json_add_str(o, "org", e->org);
	cJSON_AddStringToObject(o, "confidence", confidence_name(e->conf));
	return o;
}

/* A member that must be a string when present: its text, NULL when absent;
 * *bad set when it is of another type. */
static const char *opt_str(const cJSON *o, const char *key, struct arena *a, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v)
		return NULL;
	if (!cJSON_IsString(v)) {
		*bad = true;
		return NULL;
	}
	return arena_strdup(a, v->valuestring);
}

int evidence_from_json(const cJSON *arr, struct arena *a, struct evidence **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!cJSON_IsArray(arr))
		return -1;
	size_t len = (size_t)cJSON_GetArraySize(arr);
	struct evidence *ev = len ? arena_alloc(a, len * sizeof *ev) : NULL;
	size_t k = 0;
	bool bad = false;
	for (const cJSON *o = arr->child; o && !bad; o = o->next, k++) {
		int conf = -1;
		const char *cs = cJSON_IsObject(o) ? opt_str(o, "confidence", a, &bad) : NULL;
		if (!cs || (conf = confidence_from_name(cs)) < 0)
			return -1;
		ev[k] = (struct evidence){.field = opt_str(o, "field", a, &bad),
					  .raw = opt_str(o, "raw", a, &bad),
					  .rule = opt_str(o, "rule", a, &bad),
					  .source = opt_str(o, "source", a, &bad),
					  .org = opt_str(o, "org", a, &bad),
					  .conf = (enum confidence)conf};
	}
	if (bad)
		return -1;
	*out = ev;
	*n = k;
	return 0;
}

cJSON *maker_to_json(const struct maker *m)
{
	if (!m->org)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", m->org);
	json_add_str(o, "name", m->name);
	cJSON_AddStringToObject(o, "confidence", confidence_name(m->conf));
	cJSON *ev = cJSON_AddArrayToObject(o, "evidence");
	for (size_t i = 0; i < m->nev; i++)
		cJSON_AddItemToArray(ev, evidence_to_json(&m->ev[i]));
	return o;
}

cJSON *attribution_to_json(const struct attribution *a)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "maker", maker_to_json(&a->maker));
	cJSON_AddItemToObject(o, "chip_maker", maker_to_json(&a->chip_maker));
	/* unknown_reason: one sentence covering whichever side is unknown. */
	const char *mr = a->maker.org ? NULL : a->maker.unknown_reason;
	const char *cr = a->chip_maker.org ? NULL : a->chip_maker.unknown_reason;
	if (mr && cr) {
		char *both = NULL;
		size_t n = strlen(mr) + strlen(cr) + 32;
		both = cJSON_malloc(n);
		snprintf(both, n, "maker: %s; chip maker: %s", mr, cr);
		cJSON_AddStringToObject(o, "unknown_reason", both);
		cJSON_free(both);
	} else if (mr || cr) {
		cJSON_AddStringToObject(o, "unknown_reason", mr ? mr : cr);
	}
	if (mr)
		cJSON_AddStringToObject(o, "maker_unknown_reason", mr);
	if (cr)
		cJSON_AddStringToObject(o, "chip_maker_unknown_reason", cr);
	if (a->virtual_reason)
		cJSON_AddStringToObject(o, "virtual", a->virtual_reason);
	if (a->oem.org)
		cJSON_AddItemToObject(o, "oem", maker_to_json(&a->oem));
	if (a->nconflicts) {
		cJSON *c = cJSON_AddArrayToObject(o, "conflicts");
		for (size_t i = 0; i < a->nconflicts; i++)
			cJSON_AddItemToArray(c, evidence_to_json(&a->conflicts[i]));
	}
	return o;
}

static const char *field_name(const struct field *f)
{
	return f->key == FK_EXTRA ? f->name : field_key_name(f->key);
}

cJSON *component_to_json(const struct component *c)
{
	cJSON *o = cJSON_CreateObject();
	json_add_str(o, "id", c->id);
	cJSON_AddStringToObject(o, "kind", kind_name(c->kind));
	json_add_str(o, "source", c->source);
	cJSON *raw = cJSON_AddObjectToObject(o, "raw");
	cJSON *dec = cJSON_AddObjectToObject(o, "decoded");
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		cJSON *fo = cJSON_CreateObject();
		cJSON_AddStringToObject(fo, "value", f->value);
		json_add_str(fo, "source", f->source);
		if (f->flags & FIELD_UNTRUSTED)
			cJSON_AddTrueToObject(fo, "untrusted");
		cJSON_AddItemToObject((f->flags & FIELD_RAW) ? raw : dec, field_name(f), fo);
	}
	if (c->attr)
		cJSON_AddItemToObject(o, "attribution", attribution_to_json(c->attr));
	return o;
}

static cJSON *notes_to_json(const struct note *v, size_t n, const char *reason_key)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		json_add_str(o, "path", v[i].path);
		json_add_str(o, "what", v[i].what);
		json_add_str(o, reason_key, v[i].reason);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

cJSON *inventory_to_json(const struct inventory *inv)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "schema", INVENTORY_SCHEMA);
	cJSON *h = cJSON_AddObjectToObject(doc, "host");
	json_add_str(h, "hostname", inv->host.hostname);
	json_add_str(h, "vendor", inv->host.vendor);
	json_add_str(h, "product", inv->host.product);
	json_add_str(h, "serial", inv->host.serial);
	json_add_str(h, "uuid", inv->host.uuid);
	json_add_str(h, "smbios_version", inv->host.smbios_version);
	json_add_str(h, "collected_at", inv->host.collected_at);
	json_add_str(h, "collector", inv->host.collector);
	json_add_str(h, "root", inv->host.root);
	cJSON_AddBoolToObject(h, "root_privileges", inv->host.is_root);
	cJSON_AddItemToObject(doc, "unreadable",
			      notes_to_json(inv->unread, inv->nunread, "reason"));
	cJSON_AddItemToObject(doc, "warnings",
			      notes_to_json(inv->warnings, inv->nwarnings, "message"));
	cJSON *comps = cJSON_AddArrayToObject(doc, "components");
	for (size_t i = 0; i < inv->ncomps; i++)
		cJSON_AddItemToArray(comps, component_to_json(&inv->comps[i]));
	return doc;
}

int inventory_write(const struct inventory *inv, FILE *f)
{
	return inventory_write_json(inv, f, true);
}

int inventory_write_json(const struct inventory *inv, FILE *f, bool pretty)
{
	cJSON *doc = inventory_to_json(inv);
	char *s = pretty ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	if (!s)
		return -1;
	int rc = fputs(s, f) < 0 || fputc('\n', f) < 0 ? -1 : 0;
	cJSON_free(s);
	return rc;
}

/* ---- reading ---- */

static const char *get_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/*
 * Strings in an inventory document are in the escaped form the inventory
 * layer writes (util/utf8.h: \xNN for bytes that are not UTF-8, \\ for a
 * backslash).  Reading undoes the escaping before the setters apply it again,
 * so a document read and written back is the same document, however many
 * times it goes round.
 */
struct unesc {
	char *buf;
	size_t len;
};

static const char *unesc(struct unesc *u, const char *s)
{
	free(u->buf);
	u->buf = NULL;
	u->len = 0;
	if (!s)
		return NULL;
	u->buf = xmalloc(strlen(s) + 1);
	u->len = utf8_unescape(s, u->buf);
	return u->buf;
}

static int no_dup(const cJSON *o, const char *where, struct strbuf *err)
{
	const char *d = json_repeated_member(o); /* chipscreen never writes one */
	if (!d)
		return 0;
	strbuf_addf(err, "%s%s\"%s\" appears twice (which one is meant is not known)", where,
		    *where ? ": " : "", d);
	return -1;
}

/* The members read as strings are strings, or absent, or null: a number
 * where a name is expected is an error, not a host (or component) without
 * a name.  where: "host" or "components[N]". */
static int str_types(const cJSON *o, const char *const *keys, size_t n, const char *where,
		     struct strbuf *err)
{
	for (size_t i = 0; i < n; i++) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, keys[i]);
		if (m && !cJSON_IsString(m) && !cJSON_IsNull(m)) {
			strbuf_addf(err, "%s.%s: expected a string", where, keys[i]);
			return -1;
		}
	}
	return 0;
}

static const char *const HOST_KEYS[] = {"hostname",	  "vendor",    "product",
					"serial",	  "uuid",      "smbios_version",
					"collected_at", "collector", "root"};
static const char *const COMP_KEYS[] = {"id", "kind", "source"};

static const char *host_str(struct inventory *inv, const cJSON *h, const char *key)
{
	struct unesc u = {0};
	const char *v = unesc(&u, get_str(h, key));
	const char *r = v ? inventory_strndup(inv, v, u.len) : NULL;
	free(u.buf);
	return r;
}

static int read_fields(struct inventory *inv, struct component *c, const cJSON *obj, unsigned flags,
		       bool strict, const char *where, struct strbuf *err)
{
	if (!obj)
		return 0;
	if (!cJSON_IsObject(obj)) {
		strbuf_addf(err, "%s: expected an object", where);
		return -1;
	}
	if (strict && no_dup(obj, where, err) < 0)
		return -1;
	const cJSON *f;
	cJSON_ArrayForEach(f, obj)
	{
		const char *value = NULL, *source = NULL;
		unsigned fl = flags;
		if (cJSON_IsString(f)) {
			value = f->valuestring; /* shorthand: "key": "value" */
		} else if (cJSON_IsObject(f)) {
			/* one pass over the members (imports read millions of fields) */
			const cJSON *m, *mv = NULL, *ms = NULL, *mu = NULL;
			cJSON_ArrayForEach(m, f)
			{
				/* the first of a duplicated member counts, as with
				 * cJSON_GetObjectItemCaseSensitive */
				if (!m->string)
					continue;
				if (!mv && !strcmp(m->string, "value"))
					mv = m;
				else if (!ms && !strcmp(m->string, "source"))
					ms = m;
				else if (!mu && !strcmp(m->string, "untrusted"))
					mu = m;
			}
			value = cJSON_IsString(mv) ? mv->valuestring : NULL;
			source = cJSON_IsString(ms) ? ms->valuestring : NULL;
			if (cJSON_IsTrue(mu))
				fl |= FIELD_UNTRUSTED;
		}
		if (!value) {
			strbuf_addf(err, "%s.%s: expected a string or {\"value\": ...}", where,
				    f->string);
			return -1;
		}
		/* most strings hold no escape: those are read in place */
		struct unesc uv = {0}, us = {0};
		const char *v = value, *s = source;
		size_t vlen;
		if (strchr(value, '\\')) {
			v = unesc(&uv, value);
			vlen = uv.len;
		} else {
			vlen = strlen(value);
		}
		if (source && strchr(source, '\\'))
			s = unesc(&us, source);
		/* an extra field's name is escaped as values are (the setter
		 * escapes it again): "back\\slash" must not grow a backslash
		 * at every round */
		struct unesc un = {0};
		const char *name = strchr(f->string, '\\') ? unesc(&un, f->string) : f->string;
		int k = field_key_from_name(name);
		if (k == FK_EXTRA)
			component_set_extra_bytes(inv, c, name, fl, v, vlen, s);
		else
			component_set_bytes(inv, c, (enum fkey)k, fl, v, vlen, s);
		free(uv.buf);
		free(us.buf);
		free(un.buf);
	}
	return 0;
}

static void read_notes(struct inventory *inv, const cJSON *arr, bool warnings)
{
	const cJSON *n;
	cJSON_ArrayForEach(n, arr)
	{
		struct unesc up = {0}, uw = {0}, ur = {0};
		const char *path = unesc(&up, get_str(n, "path"));
		const char *what = unesc(&uw, get_str(n, "what"));
		const char *reason = unesc(&ur, get_str(n, warnings ? "message" : "reason"));
		if (reason && warnings)
			inventory_warn(inv, path, what, "%s", reason);
		else if (reason)
			inventory_unread(inv, path, what, reason);
		free(up.buf);
		free(uw.buf);
		free(ur.buf);
	}
}

static int from_json(const cJSON *doc, struct inventory *inv, bool strict, struct strbuf *err)
{
	strbuf_reset(err);
	if (!cJSON_IsObject(doc)) {
		strbuf_addstr(err, "top level: expected an object");
		return -1;
	}
	const char *schema = get_str(doc, "schema");
	if (!schema || strncmp(schema, "chipscreen-inventory/", 21) != 0) {
		strbuf_addf(err, "schema: expected \"%s\", found %s%s%s", INVENTORY_SCHEMA,
			    schema ? "\"" : "", schema ? schema : "none", schema ? "\"" : "");
		return -1;
	}
	if (strcmp(schema, INVENTORY_SCHEMA) != 0) {
		strbuf_addf(err, "schema: version \"%s\" is newer than this chipscreen reads (%s)",
			    schema, INVENTORY_SCHEMA);
		return -1;
	}
	if (strict && no_dup(doc, "top level", err) < 0)
		return -1;
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(doc, "host");
	if (h && !cJSON_IsObject(h)) {
		strbuf_addstr(err, "host: expected an object");
		return -1;
	}
	if (strict &&
	    (no_dup(h, "host", err) < 0 ||
	     str_types(h, HOST_KEYS, sizeof HOST_KEYS / sizeof *HOST_KEYS, "host", err) < 0))
		return -1;
	inv->host.hostname = host_str(inv, h, "hostname");
	inv->host.vendor = host_str(inv, h, "vendor");
	inv->host.product = host_str(inv, h, "product");
	inv->host.serial = host_str(inv, h, "serial");
	inv->host.uuid = host_str(inv, h, "uuid");
	inv->host.smbios_version = host_str(inv, h, "smbios_version");
	inv->host.collected_at = host_str(inv, h, "collected_at");
	inv->host.collector = host_str(inv, h, "collector");
	inv->host.root = host_str(inv, h, "root");
	inv->host.is_root = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h, "root_privileges"));
	read_notes(inv, cJSON_GetObjectItemCaseSensitive(doc, "unreadable"), false);
	read_notes(inv, cJSON_GetObjectItemCaseSensitive(doc, "warnings"), true);
	const cJSON *comps = cJSON_GetObjectItemCaseSensitive(doc, "components");
	if (!cJSON_IsArray(comps)) {
		strbuf_addstr(err, "components: expected an array");
		return -1;
	}
	int i = 0;
	const cJSON *co;
	cJSON_ArrayForEach(co, comps)
	{
		char where[64];
		snprintf(where, sizeof where, "components[%d]", i++);
		if (!cJSON_IsObject(co)) {
			strbuf_addf(err, "%s: expected an object", where);
			return -1;
		}
		if (strict &&
		    (no_dup(co, where, err) < 0 ||
		     str_types(co, COMP_KEYS, sizeof COMP_KEYS / sizeof *COMP_KEYS, where, err) < 0))
			return -1;
		const char *kind = get_str(co, "kind");
		int k = kind ? kind_from_name(kind) : -1;
		if (k < 0) {
			strbuf_addf(err, "%s.kind: unknown kind \"%s\"", where, kind ? kind : "");
			return -1;
		}
		const char *id = get_str(co, "id");
		char idbuf[32];
		if (!id) {
			snprintf(idbuf, sizeof idbuf, "%s/%d", kind, i - 1);
			id = idbuf;
		}
		struct unesc ui = {0}, us = {0};
		struct component *c = inventory_add(inv, (enum kind)k, unesc(&ui, id),
						    unesc(&us, get_str(co, "source")));
		free(ui.buf);
		free(us.buf);
		char sub[80];
		snprintf(sub, sizeof sub, "%s.raw", where);
		if (read_fields(inv, c, cJSON_GetObjectItemCaseSensitive(co, "raw"), FIELD_RAW, strict,
				sub,
				err) < 0)
			return -1;
		snprintf(sub, sizeof sub, "%s.decoded", where);
		if (read_fields(inv, c, cJSON_GetObjectItemCaseSensitive(co, "decoded"), 0, strict,
				sub,
				err) < 0)
			return -1;
	}
	return 0;
}

int inventory_from_json(const cJSON *doc, struct inventory *inv, struct strbuf *err)
{
	return from_json(doc, inv, true, err);
}

int inventory_from_json_stored(const cJSON *doc, struct inventory *inv, struct strbuf *err)
{
	return from_json(doc, inv, false, err);
}

int inventory_load_file(const char *path, struct inventory *inv, struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT, e = STRBUF_INIT;
	if (read_file(path, 512u << 20, &data, &e) < 0) {
		strbuf_reset(err);
		strbuf_addstr(err, e.buf);
		strbuf_release(&e);
		strbuf_release(&data);
		return -1;
	}
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(data.buf, data.len, &end, 0);
	if (!doc) {
		size_t off = end ? (size_t)(end - data.buf) : 0;
		size_t line = 1;
		for (size_t i = 0; i < off && i < data.len; i++)
			line += data.buf[i] == '\n';
		strbuf_reset(err);
		strbuf_addf(err, "%s: not valid JSON (near line %zu, byte %zu)", path, line, off);
		strbuf_release(&e);
		strbuf_release(&data);
		return -1;
	}
	int rc = inventory_from_json(doc, inv, &e);
	if (rc < 0) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: %s", path, e.buf);
	}
	cJSON_Delete(doc);
	strbuf_release(&e);
	strbuf_release(&data);
	return rc;
}
