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
 * name paths and files.  Identifiers unique to a device are cut to what
 * identify reads from them (identify/identify.c), so that drives of one model
 * are one part and identify attributes the part as it attributes the drive:
 * a WWID to the OUI of its EUI-64 or NAA 5/6 form ("naa.5002538") or the PCI
 * vendor of its "nvme." form ("nvme.8086-"), an EUI-64 to its OUI, an NVMe
 * subsysnqn to its naming authority ("nqn.1994-11.com.samsung"), or to the
 * PCI vendor and subsystem vendor that follow org.nvmexpress
 * ("nqn.2014.08.org.nvmexpress:80868086"); other WWID forms (t10 names hold
 * the serial), NGUIDs and the ids of further namespaces ("ns2_wwid"), which
 * identify does not read, are left out.  tests/store/test_fleet_parts.c
 * checks on real inputs that a unit and its components are attributed alike.
 *
 * A unit is a part plus the facts the judge reads from the component itself:
 * the acquisition date (with its source: the purchase record a finding
 * cites), the manufacture date (and whether its source failed its own check),
 * the declared purpose, and the day the host first held the part (set by the
 * store, fleet-seen.c; left out of the snapshot's digest).  Everything the judge and identify
 * see of a component is therefore in its unit, and one verdict per unit is
 * the verdict of each of its components (doc/fleet.md, "Parts and units").
 */
#include "store/fleet-int.h"
#include "inventory-json.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static bool is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* The length of s up to its sixth hex digit (identify's hex6: separators
 * '-', ':' and ' ' skipped), 0 when there are not six. */
static size_t six_hex(const char *s)
{
	int k = 0;
	for (const char *p = s; *p; p++) {
		if (is_hex(*p)) {
			if (++k == 6)
				return (size_t)(p - s) + 1;
		} else if (*p != '-' && *p != ':' && *p != ' ') {
			return 0;
		}
	}
	return 0;
}

/* How much of a WWID identify reads; 0: nothing. */
static size_t wwid_prefix(const char *v)
{
	size_t n;
	if (!strncasecmp(v, "eui.", 4) && (n = six_hex(v + 4)))
		return 4 + n;
	if (!strncasecmp(v, "naa.", 4) && (v[4] == '5' || v[4] == '6') && (n = six_hex(v + 5)))
		return 5 + n;
	if (!strncasecmp(v, "nvme.", 5) && strlen(v) > 9 && v[9] == '-')
		return 10;
	return 0;
}

/* How much of an EUI-64 identify reads (its OUI); 0: nothing. */
static size_t eui64_prefix(const char *v)
{
	size_t skip = !strncasecmp(v, "eui.", 4) ? 4 : 0;
	if (v[skip] == '0' && (v[skip + 1] == 'x' || v[skip + 1] == 'X'))
		skip += 2;
	size_t n = six_hex(v + skip);
	return n ? skip + n : 0;
}

/* How much of an NVMe subsysnqn says who made the drive: up to the colon
 * after the naming authority, or for org.nvmexpress the eight hex digits of
 * the PCI vendor and subsystem vendor after it. */
static size_t nqn_prefix(const char *v)
{
	const char *colon = strchr(v, ':');
	if (!colon)
		return strlen(v);
	size_t n = (size_t)(colon - v);
	if (n >= 14 && !strncasecmp(colon - 14, "org.nvmexpress", 14)) {
		size_t k = 0;
		while (k < 8 && colon[1 + k])
			k++;
		return n + 1 + k;
	}
	return n;
}

/* How much of f goes into the part: all of it, a prefix, or 0 for none. */
static size_t part_len(const struct field *f)
{
	switch (f->key) {
	case FK_WWID:
		return wwid_prefix(f->value);
	case FK_EUI64:
		return eui64_prefix(f->value);
	case FK_NVME_SUBSYSNQN:
		return nqn_prefix(f->value);
	case FK_NGUID:
		return 0;
	default:
		return strlen(f->value);
	}
}

/* Extra fields that say where a part sits or how it is wired, not what it
 * is: dmidecode's memory set and structure handles, sysfs paths, the PCI
 * function behind a drive, the NVMe subsystem and controller ids, a purchase
 * order number; and the ids of further namespaces, which identify does not
 * read. */
static bool instance_extra(const char *name)
{
	static const char *const names[] = {"po_number",     "set",
					    "sysfs_path",    "host_pci_address",
					    "pci_component", "nvme_subsystem",
					    "cntlid",        "location_in_chassis"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i]))
			return true;
	return has_suffix(name, "handle") || has_suffix(name, "handles") ||
	       has_suffix(name, "_wwid") || has_suffix(name, "_eui64") ||
	       has_suffix(name, "_nguid");
}

bool field_is_instance(const struct component *c, const struct field *f)
{
	(void)c;
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
		return f->value && part_len(f) == 0;
	case FK_EXTRA:
		return f->name && instance_extra(f->name);
	default:
		return false;
	}
}

bool field_is_fact(const struct field *f)
{
	return f->key == FK_ACQUIRED || f->key == FK_MANUFACTURE_DATE || f->key == FK_PURPOSE ||
	       f->key == FK_FIRST_SEEN;
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

/* The value that goes into the part: per-device identifiers cut to what
 * identify reads (see the top of the file). */
static const char *part_value(const struct field *f, struct strbuf *tmp)
{
	if (!f->value)
		return f->value;
	size_t n = part_len(f);
	if (!f->value[n])
		return f->value;
	strbuf_reset(tmp);
	strbuf_add(tmp, f->value, n);
	return tmp->buf;
}

/*
 * The identifying fields of c into v (room for c->nfields), in the order
 * identify reads them from the part's document: the raw ones, then the
 * decoded ones, each in the component's order (what the snapshot document
 * holds).  The order is part of a part: when two signals of equal weight
 * disagree, identify goes by the first.  With facts: the fact fields,
 * sorted (identify and the judge read them by key).
 */
static size_t select_fields(const struct component *c, bool facts, const struct field **v)
{
	size_t n = 0;
	for (unsigned pass = 0; pass < 2; pass++) {
		unsigned raw = pass == 0 ? FIELD_RAW : 0;
		for (size_t i = 0; i < c->nfields; i++) {
			const struct field *f = &c->fields[i];
			if (!f->value || (f->flags & FIELD_RAW) != raw)
				continue;
			if (facts ? field_is_fact(f)
				  : !field_is_fact(f) && !field_is_instance(c, f))
				v[n++] = f;
		}
	}
	if (facts)
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

/* A field as (flags, name, value) into sb, with one growth of the buffer.
 * Names rather than key numbers: a key added to the enum must not change
 * every digest. */
static void canon_field(struct strbuf *sb, const struct field *f, const char *value, size_t n)
{
	const char *name = fname(f);
	size_t nn = strlen(name);
	strbuf_grow(sb, 1 + 4 + nn + 4 + n);
	unsigned char *p = (unsigned char *)sb->buf + sb->len;
	*p++ = (unsigned char)fflags(f);
	for (int i = 3; i >= 0; i--)
		*p++ = (unsigned char)(nn >> (8 * i));
	memcpy(p, name, nn);
	p += nn;
	for (int i = 3; i >= 0; i--)
		*p++ = (unsigned char)(n >> (8 * i));
	memcpy(p, value, n);
	p += n;
	strbuf_setlen(sb, (size_t)((char *)p - sb->buf));
}

/* An acquisition date's source (the purchase record's file and line) as a
 * fourth column: the finding cites it.  Tabs and newlines, which a file name
 * may hold, become blanks. */
static void fact_source(struct strbuf *facts, const char *src)
{
	strbuf_addch(facts, '\t');
	for (const char *p = src; *p; p++)
		strbuf_addch(facts, *p == '\t' || *p == '\n' ? ' ' : *p);
}

/*
 * One pass over the fields of c, raw ones then decoded ones, each in order
 * (what the document holds, and the order identify reads them in):
 *   whole  every field but the sources, with the component's id: the part
 *          digest and the fields the part leaves out or cuts (each field is
 *          hashed once); what the snapshot's digest is made of;
 *   part   the identifying fields, per-device identifiers cut;
 *   unit   the part and the facts (sorted, as unit_facts_push reads them).
 */
void comp_digests(const struct component *c, struct digest_scratch *ds, struct comp_digest *out)
{
	const struct field *fv[8];
	size_t nf = 0;
	struct strbuf *w = &ds->whole, *pt = &ds->part, *facts = &ds->facts;
	strbuf_reset(w);
	strbuf_reset(pt);
	canon_str(pt, "part/2");
	canon_str(pt, kind_name(c->kind));
	for (unsigned pass = 0; pass < 2; pass++) {
		unsigned raw = pass == 0 ? FIELD_RAW : 0;
		for (size_t i = 0; i < c->nfields; i++) {
			const struct field *f = &c->fields[i];
			if (!f->value || (f->flags & FIELD_RAW) != raw)
				continue;
			size_t n = strlen(f->value);
			if (field_is_fact(f)) {
				/* at most eight: four keys, raw and decoded, each once */
				if (nf < sizeof fv / sizeof fv[0])
					fv[nf++] = f;
				/* first seen is the store's, not the inventory's:
				 * the same inventory again is the same snapshot */
				if (f->key != FK_FIRST_SEEN)
					canon_field(w, f, f->value, n);
				continue;
			}
			if (field_is_instance(c, f)) {
				canon_field(w, f, f->value, n);
				continue;
			}
			/* identifying: hashed once, in the part; what the part
			 * leaves of a cut identifier goes to the whole */
			size_t pl = part_len(f);
			canon_field(pt, f, f->value, pl);
			if (pl != n)
				canon_field(w, f, f->value, n);
		}
	}
	sha256(pt->buf, pt->len, out->part);
	/* the whole: the part, and the rest, with the component's id */
	canon_str(w, "component/2");
	canon_str(w, c->id);
	strbuf_add(w, out->part, DIGEST_LEN);
	sha256(w->buf, w->len, out->whole);
	/* the facts, sorted (insertion: there are few) */
	for (size_t i = 1; i < nf; i++)
		for (size_t k = i; k > 0 && cmp_field(&fv[k - 1], &fv[k]) > 0; k--) {
			const struct field *t = fv[k];
			fv[k] = fv[k - 1];
			fv[k - 1] = t;
		}
	strbuf_reset(facts);
	for (size_t i = 0; i < nf; i++) {
		char fl[4];
		int m = snprintf(fl, sizeof fl, "%u", fflags(fv[i]));
		strbuf_add(facts, fl, (size_t)m);
		strbuf_addch(facts, '\t');
		strbuf_addstr(facts, fname(fv[i]));
		strbuf_addch(facts, '\t');
		strbuf_addstr(facts, fv[i]->value);
		if (fv[i]->key == FK_ACQUIRED && fv[i]->source)
			fact_source(facts, fv[i]->source);
		strbuf_addch(facts, '\n');
	}
	strbuf_reset(w);
	strbuf_add(w, out->part, DIGEST_LEN);
	canon_str(w, facts->buf);
	sha256(w->buf, w->len, out->unit);
}

struct idsum {
	const char *id;
	const unsigned char *whole;
};

static int cmp_idsum(const void *a, const void *b)
{
	const struct idsum *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : memcmp(x->whole, y->whole, DIGEST_LEN);
}

void snapshot_digest(const struct inventory *inv, const struct comp_digest *cd, struct strbuf *tmp,
		     unsigned char out[DIGEST_LEN])
{
	const struct host *h = &inv->host;
	strbuf_reset(tmp);
	canon_str(tmp, "snapshot/2");
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
	/* what was read and found wrong (a bad checksum, hostile text): a
	 * re-upload whose only news is a warning is news, not "unchanged"
	 * with the warning dropped.  Only when there are some: the digests of
	 * snapshots without warnings stay what they were, so a store does not
	 * see every host change once */
	if (inv->nwarnings) {
		canon_str(tmp, "warnings");
		canon_int(tmp, (long long)inv->nwarnings);
		for (size_t i = 0; i < inv->nwarnings; i++) {
			canon_str(tmp, inv->warnings[i].path);
			canon_str(tmp, inv->warnings[i].what);
			canon_str(tmp, inv->warnings[i].reason);
		}
	}
	/* the components by id (then content: ids should not repeat, but the
	 * order must not depend on where they were read) */
	struct idsum *order = xcalloc(inv->ncomps + 1, sizeof *order);
	for (size_t i = 0; i < inv->ncomps; i++)
		order[i] = (struct idsum){inv->comps[i].id ? inv->comps[i].id : "", cd[i].whole};
	qsort(order, inv->ncomps, sizeof *order, cmp_idsum);
	canon_int(tmp, (long long)inv->ncomps);
	for (size_t i = 0; i < inv->ncomps; i++)
		strbuf_add(tmp, order[i].whole, DIGEST_LEN);
	sha256(tmp->buf, tmp->len, out);
	free(order);
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

struct component *unit_make(struct inventory *inv, const struct component *part, const char *facts,
			    const char *id)
{
	struct component *c = inventory_add(inv, part->kind, id, NULL);
	c->capfields = part->nfields + 4;
	c->fields = arena_calloc(inv->arena, c->capfields, sizeof *c->fields);
	if (part->nfields)
		memcpy(c->fields, part->fields, part->nfields * sizeof *c->fields);
	c->nfields = part->nfields;
	unit_facts_push(inv, c, facts);
	return c;
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
		/* value, then the source when there is one (fact_source) */
		const char *t3 = memchr(t2 + 1, '\t', (size_t)(nl - t2 - 1));
		const char *end = t3 ? t3 : nl;
		f->value = arena_strndup(a, t2 + 1, (size_t)(end - t2 - 1));
		if (t3)
			f->source = arena_strndup(a, t3 + 1, (size_t)(nl - t3 - 1));
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
