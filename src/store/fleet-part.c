/*
 * fleet-part.c — what makes two components the same part, and two snapshots
 * the same inventory.
 *
 * A part is the component's kind and every field that says what it is —
 * maker strings, JEP106 codes, part numbers, models, PCI/USB/NVMe ids,
 * firmware, sizes — raw and decoded, with their flags.  Left out are the
 * fields that tell one instance from another (serial numbers, UUIDs, asset
 * tags, locators, bus addresses, kernel device names, sockets, dmidecode's
 * memory set and structure handles), the labels a purchase record carries
 * (supplier, quantity, site, tag, PO number), and the field sources, which
 * name paths and files.  Two further identifiers are
 * per device: the WWID, EUI-64 and NGUID of a drive are dropped when the
 * component carries the IEEE OUI they embed (the collectors and the smartctl
 * importer set it from them); an NVMe subsysnqn is cut after its naming
 * authority ("nqn.1994-11.com.samsung"), since the rest names the serial.
 *
 * A unit is a part plus the facts the judge reads from the component itself:
 * the acquisition date, the manufacture date (and whether its source failed
 * its own check), the declared purpose.  Everything the judge and identify
 * see of a component is therefore in its unit, and one verdict per unit is
 * the verdict of each of its components (doc/fleet.md, "Parts and units").
 */
#include "store/fleet-int.h"
#include "inventory-json.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static bool has_oui(const struct component *c)
{
	return component_field(c, FK_IEEE_OUI, false) || component_field(c, FK_IEEE_OUI, true);
}

bool field_is_instance(const struct component *c, const struct field *f)
{
	switch (f->key) {
	case FK_SERIAL:
	case FK_UUID:
	case FK_ASSET_TAG:
	case FK_LOCATOR:
	case FK_BANK_LOCATOR:
	case FK_PCI_ADDRESS:
	case FK_DEVICE:
	case FK_SOCKET:
	case FK_SUPPLIER:
	case FK_QUANTITY:
	case FK_SITE:
	case FK_TAG:
		return true;
	case FK_WWID:
	case FK_EUI64:
	case FK_NGUID:
		return has_oui(c);
	case FK_EXTRA:
		if (!f->name)
			return false;
		/* a purchase order line; dmidecode's memory set and structure
		 * handles, which say where a part sits, not what it is */
		if (!strcmp(f->name, "po_number") || !strcmp(f->name, "set") ||
		    has_suffix(f->name, "handle"))
			return true;
		/* further namespaces of an NVMe drive: "ns2_wwid" */
		if (has_suffix(f->name, "_wwid") || has_suffix(f->name, "_eui64") ||
		    has_suffix(f->name, "_nguid"))
			return has_oui(c);
		return false;
	default:
		return false;
	}
}

bool field_is_fact(const struct field *f)
{
	return f->key == FK_ACQUIRED || f->key == FK_MANUFACTURE_DATE || f->key == FK_PURPOSE;
}

static const char *fname(const struct field *f)
{
	return f->key == FK_EXTRA ? (f->name ? f->name : "") : field_key_name(f->key);
}

/* The flags that belong to a part's identity. */
static unsigned fflags(const struct field *f)
{
	return f->flags & (FIELD_RAW | FIELD_UNTRUSTED);
}

/* Raw before decoded, then by key (extras last, by name), then by value. */
static int cmp_field(const void *a, const void *b)
{
	const struct field *x = *(const struct field *const *)a;
	const struct field *y = *(const struct field *const *)b;
	unsigned fx = fflags(x), fy = fflags(y);
	if (fx != fy)
		return fx < fy ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	int c = x->key == FK_EXTRA ? strcmp(fname(x), fname(y)) : 0;
	return c ? c : strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

/* The value that goes into the part: subsysnqn cut after its authority. */
static const char *part_value(const struct field *f, struct strbuf *tmp)
{
	if (f->key != FK_NVME_SUBSYSNQN || !f->value)
		return f->value;
	const char *colon = strchr(f->value, ':');
	if (!colon)
		return f->value;
	strbuf_reset(tmp);
	strbuf_add(tmp, f->value, (size_t)(colon - f->value));
	return tmp->buf;
}

/* The identifying (or, when facts, the fact) fields of c, sorted, into v
 * (room for c->nfields). */
static size_t select_fields(const struct component *c, bool facts, const struct field **v)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		if (!f->value)
			continue;
		if (facts ? field_is_fact(f) : !field_is_fact(f) && !field_is_instance(c, f))
			v[n++] = f;
	}
	qsort(v, n, sizeof *v, cmp_field);
	return n;
}

/* Room for the fields of c: on the stack when they fit. */
#define FIELDS_ON_STACK 64
static const struct field **field_room(const struct component *c, const struct field **stack)
{
	return c->nfields <= FIELDS_ON_STACK ? stack : xcalloc(c->nfields, sizeof *stack);
}

static void field_room_free(const struct field **v, const struct field **stack)
{
	if (v != stack)
		free(v);
}

void part_digest(const struct component *c, struct strbuf *tmp, unsigned char out[DIGEST_LEN])
{
	const struct field *stack[FIELDS_ON_STACK], **v = field_room(c, stack);
	size_t n = select_fields(c, false, v);
	struct strbuf cut = STRBUF_INIT;
	strbuf_reset(tmp);
	canon_str(tmp, "part/1");
	canon_str(tmp, kind_name(c->kind));
	for (size_t i = 0; i < n; i++) {
		canon_int(tmp, fflags(v[i]));
		canon_str(tmp, fname(v[i]));
		canon_str(tmp, part_value(v[i], &cut));
	}
	sha256(tmp->buf, tmp->len, out);
	strbuf_release(&cut);
	field_room_free(v, stack);
}

void unit_digest(const struct component *c, const unsigned char part[DIGEST_LEN],
		 struct strbuf *facts, struct strbuf *tmp, unsigned char out[DIGEST_LEN])
{
	const struct field *stack[FIELDS_ON_STACK], **v = field_room(c, stack);
	size_t n = select_fields(c, true, v);
	strbuf_reset(facts);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(facts, "%u\t%s\t%s\n", fflags(v[i]), fname(v[i]), v[i]->value);
	field_room_free(v, stack);
	strbuf_reset(tmp);
	strbuf_add(tmp, part, DIGEST_LEN);
	canon_str(tmp, facts->buf);
	sha256(tmp->buf, tmp->len, out);
}

static int cmp_comp(const void *a, const void *b)
{
	const struct component *x = *(const struct component *const *)a;
	const struct component *y = *(const struct component *const *)b;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

void snapshot_digest(const struct inventory *inv, struct strbuf *tmp, unsigned char out[DIGEST_LEN])
{
	const struct host *h = &inv->host;
	strbuf_reset(tmp);
	canon_str(tmp, "snapshot/1");
	const char *facts[] = {h->hostname, h->vendor, h->product,       h->serial,
			       h->uuid,     h->root,   h->smbios_version};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
		canon_str(tmp, facts[i]);
	canon_int(tmp, h->is_root);
	canon_int(tmp, (long long)inv->nunread);
	for (size_t i = 0; i < inv->nunread; i++) {
		canon_str(tmp, inv->unread[i].path);
		canon_str(tmp, inv->unread[i].what);
		canon_str(tmp, inv->unread[i].reason);
	}
	const struct component **cv = xcalloc(inv->ncomps + 1, sizeof *cv);
	for (size_t i = 0; i < inv->ncomps; i++)
		cv[i] = &inv->comps[i];
	qsort(cv, inv->ncomps, sizeof *cv, cmp_comp);
	const struct field **fv = xcalloc(1, sizeof *fv);
	size_t capf = 1;
	canon_int(tmp, (long long)inv->ncomps);
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = cv[i];
		canon_str(tmp, kind_name(c->kind));
		canon_str(tmp, c->id);
		if (c->nfields > capf) {
			capf = c->nfields;
			fv = xrealloc(fv, capf * sizeof *fv);
		}
		for (size_t j = 0; j < c->nfields; j++)
			fv[j] = &c->fields[j];
		qsort(fv, c->nfields, sizeof *fv, cmp_field);
		canon_int(tmp, (long long)c->nfields);
		for (size_t j = 0; j < c->nfields; j++) {
			canon_int(tmp, fflags(fv[j]));
			canon_str(tmp, fname(fv[j]));
			canon_str(tmp, fv[j]->value);
		}
	}
	sha256(tmp->buf, tmp->len, out);
	free(fv);
	free(cv);
}

char *part_document(const struct component *c)
{
	const struct field *stack[FIELDS_ON_STACK], **v = field_room(c, stack);
	size_t n = select_fields(c, false, v);
	struct strbuf cut = STRBUF_INIT;
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "schema", INVENTORY_SCHEMA);
	cJSON *comps = cJSON_AddArrayToObject(doc, "components");
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToArray(comps, o);
	cJSON_AddStringToObject(o, "id", "part");
	cJSON_AddStringToObject(o, "kind", kind_name(c->kind));
	cJSON *raw = cJSON_AddObjectToObject(o, "raw");
	cJSON *dec = cJSON_AddObjectToObject(o, "decoded");
	for (size_t i = 0; i < n; i++) {
		cJSON *fo = cJSON_CreateObject();
		cJSON_AddStringToObject(fo, "value", part_value(v[i], &cut));
		if (v[i]->flags & FIELD_UNTRUSTED)
			cJSON_AddTrueToObject(fo, "untrusted");
		cJSON_AddItemToObject((v[i]->flags & FIELD_RAW) ? raw : dec, fname(v[i]), fo);
	}
	char *s = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	strbuf_release(&cut);
	field_room_free(v, stack);
	return s;
}

void unit_facts_push(struct inventory *inv, struct component *c, const char *facts)
{
	struct arena *a = inv->arena;
	const char *p = facts;
	while (p && *p) {
		const char *t1 = strchr(p, '\t');
		const char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		const char *nl = t2 ? strchr(t2 + 1, '\n') : NULL;
		if (!nl)
			break; /* written by unit_digest: cannot happen */
		struct field *f = ARENA_PUSH(a, c->fields, c->nfields, c->capfields);
		memset(f, 0, sizeof *f);
		f->flags = (unsigned)strtoul(p, NULL, 10);
		char *name = arena_strndup(a, t1 + 1, (size_t)(t2 - t1 - 1));
		f->key = (enum fkey)field_key_from_name(name);
		if (f->key == FK_EXTRA)
			f->name = name;
		f->value = arena_strndup(a, t2 + 1, (size_t)(nl - t2 - 1));
		p = nl + 1;
	}
}

long comp_count(const struct component *c)
{
	const struct field *f = component_field(c, FK_QUANTITY, false);
	if (!f || !f->value)
		return 1;
	char *end;
	long n = strtol(f->value, &end, 10);
	/* a bad or absurd quantity counts the line once; the document keeps it */
	return (*end || n <= 0 || n > 100000000L) ? 1 : n;
}
