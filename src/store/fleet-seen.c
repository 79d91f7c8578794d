/*
 * fleet-seen.c — what the store knows about a part's acquisition that no
 * single inventory says: the day the fleet first saw it, and the purchase
 * record that names its serial number.
 *
 * First seen.  When a machine's snapshot is committed, each component
 * without an acquisition date of its own gets the day the host first held
 * it: the day of the host's previous snapshot's component with the same
 * serial number, else in the same slot (component id) with the same part,
 * else this snapshot's day (its collection day, or the import day when the
 * inventory does not say).  That day bounds the acquisition from above
 * (partdate.h): a Micron module first seen in January 2023 was there before
 * China's stop-purchase of 2023-05-21.  The previous snapshot carries the
 * earliest day (each commit passes it on), so one snapshot is read, and only
 * for a host that changed: a new host costs no query at all.  A fleet-wide
 * index of every component's serial would also follow a module moved to
 * another host, at the price of a row per component (ten million for the
 * 100,000-host benchmark, which made the import five times slower): it is not
 * kept, and a moved module starts again at its new host's snapshot.
 *
 * Purchase lines.  A purchase record (a records host) that gives a line's
 * serial number and date puts them in purchase_serials; a machine's
 * component with that serial then takes the line's date as its acquisition
 * date, citing the line (part_date_link, the one implementation scan uses
 * too).  Either may come first: each machine snapshot keeps the 32-bit
 * FNV-1a hashes of its serial numbers, sorted (snapshots.serials, four bytes
 * a serial), so a purchase record imported later finds the machines that
 * may hold its serials without reading their documents
 * (fleet_purchase_hosts), and the importer stores a new snapshot of each
 * (fleet_relink).
 *
 * Both are facts of the unit, not of the inventory: the snapshot's digest is
 * the inventory's, so importing the same inventory again is still "unchanged".
 */
#include "store/fleet-int.h"
#include "inventory-json.h"
#include "partdate.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_PURCHASE_ALL[] = "SELECT serial FROM purchase_serials";
static const char SQL_PURCHASE_GET[] =
	"SELECT acquired, source, written FROM purchase_serials WHERE serial = ?";
static const char SQL_PURCHASE_PUT[] =
	"INSERT INTO purchase_serials(serial, acquired, source, written) VALUES(?, ?, ?, ?) "
	"ON CONFLICT(serial) DO UPDATE SET acquired = excluded.acquired, source = excluded.source,"
	" written = excluded.written";

/* Serials compare without regard to case (a PO and SPD write them apart). */
static const char *lower(struct arena *a, const char *s)
{
	char *l = arena_strdup(a, s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

/* The serial of c that tells it from other parts, lower-cased; NULL. */
static const char *usable_serial(struct arena *a, const struct component *c)
{
	const char *s = component_get(c, FK_SERIAL);
	return part_serial_usable(s) ? lower(a, s) : NULL;
}

/* ---- purchase lines ---- */

/* The serials purchase records name, as digests: a machine's component is
 * looked up in the table only when its serial is one of them.  Read again at
 * the first host after a purchase record, or of a transaction. */
static int load_purchases(struct fleet *f, struct strbuf *err)
{
	if (f->purchases_ok)
		return 0;
	dmap_free(&f->purchases);
	dmap_init(&f->purchases);
	sqlite3_stmt *q = fleet_stmt(f, SQL_PURCHASE_ALL, err);
	if (!q)
		return -1;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		unsigned char d[DIGEST_LEN];
		sha256_tagged('p', (const char *)sqlite3_column_text(q, 0), d);
		dmap_put(&f->purchases, d, 1);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_error(f->st, err, "reading the purchase records' serial numbers");
	f->purchases_ok = true;
	return 0;
}

/* The purchase lines naming the serials of inv, as purchase components of
 * po (serial, acquired with the line as source). */
static int purchase_lines(struct fleet *f, struct inventory *inv, struct inventory *po,
			  struct strbuf *err)
{
	if (load_purchases(f, err) < 0)
		return -1;
	for (size_t i = 0; f->purchases.n && i < inv->ncomps; i++) {
		const char *s = usable_serial(inv->arena, &inv->comps[i]);
		unsigned char d[DIGEST_LEN];
		if (!s)
			continue;
		sha256_tagged('p', s, d);
		if (!dmap_get(&f->purchases, d))
			continue;
		sqlite3_stmt *q = fleet_stmt(f, SQL_PURCHASE_GET, err);
		if (!q)
			return -1;
		bind_text(q, 1, s);
		if (sqlite3_step(q) == SQLITE_ROW) {
			struct component *line = inventory_add(po, KIND_PART, "part/po", NULL);
			const char *src = col_text(po->arena, q, 1);
			component_set(po, line, FK_SERIAL, 0, col_text(po->arena, q, 2), src);
			component_set(po, line, FK_ACQUIRED, 0, col_text(po->arena, q, 0), src);
		}
		sqlite3_reset(q);
	}
	return 0;
}

int seen_purchases(struct fleet *f, const struct inventory *inv, struct strbuf *err)
{
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		const char *s = component_get(c, FK_SERIAL);
		const struct field *a = component_field(c, FK_ACQUIRED, false);
		if (c->kind != KIND_PART || !part_serial_usable(s) || !a || !date_parse(a->value))
			continue;
		sqlite3_stmt *q = fleet_stmt(f, SQL_PURCHASE_PUT, err);
		if (!q)
			return -1;
		bind_text(q, 1, lower(inv->arena, s));
		bind_text(q, 2, a->value);
		bind_text(q, 3, a->source ? a->source : c->source);
		bind_text(q, 4, s);
		if (fleet_done(f, q, "noting the purchase record's serial numbers", err) < 0)
			return -1;
		f->purchases_ok = false;
	}
	return 0;
}

/* ---- first seen ---- */

/* A component of the host's previous snapshot: how it is found again, and
 * the day first seen it was stored with. */
struct prev {
	const char *id, *serial;
	unsigned char part[DIGEST_LEN];
	const char *day;
};

struct prevs {
	struct prev *v;
	size_t n, cap;
};

/* The day first seen in a unit's facts; the snapshot's own day when the
 * facts predate first seen. */
static const char *facts_day(struct arena *a, const char *facts, const char *dflt)
{
	const char *p = facts ? strstr(facts, "\tfirst_seen\t") : NULL;
	if (!p)
		return dflt;
	p += strlen("\tfirst_seen\t");
	return arena_strndup(a, p, strcspn(p, "\t\n"));
}

/* The previous snapshot's components (in arena a): ids, parts and days from
 * its units, serials from its document. */
static int load_prevs(struct fleet *f, int64_t snap, struct arena *a, struct prevs *pv,
		      struct strbuf *err)
{
	sqlite3_stmt *q;
	const char *snap_day = NULL;
	if (fleet_prep(f, &q, "SELECT substr(coalesce(collected_at, imported_at), 1, 10)"
			      " FROM snapshots WHERE id = ?",
		       err) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, snap);
	if (sqlite3_step(q) == SQLITE_ROW)
		snap_day = col_text(a, q, 0);
	sqlite3_finalize(q);
	if (fleet_prep(f, &q,
		       "SELECT su.ids, u.facts, p.digest FROM snapshot_units su"
		       " JOIN units u ON u.id = su.unit JOIN parts p ON p.id = u.part"
		       " WHERE su.snapshot = ?",
		       err) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, snap);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *ids = (const char *)sqlite3_column_text(q, 0);
		const char *day = facts_day(a, (const char *)sqlite3_column_text(q, 1), snap_day);
		const void *part = sqlite3_column_blob(q, 2);
		if (sqlite3_column_bytes(q, 2) != DIGEST_LEN || !day)
			continue;
		for (const char *p = ids; p && *p;) {
			size_t len = strcspn(p, "\n");
			if (pv->n == pv->cap) {
				pv->cap = pv->cap ? pv->cap * 2 : 64;
				pv->v = xreallocarray(pv->v, pv->cap, sizeof *pv->v);
			}
			struct prev *x = &pv->v[pv->n++];
			x->id = arena_strndup(a, p, len);
			x->serial = NULL;
			memcpy(x->part, part, DIGEST_LEN);
			x->day = day;
			p = p[len] ? p + len + 1 : NULL;
		}
	}
	sqlite3_finalize(q);
	/* the serials, from the document as read */
	struct strbuf doc = STRBUF_INIT;
	struct inventory *inv = inventory_new();
	if (pv->n && fleet_snapshot_document(f, snap, &doc, err) == 0 &&
	    fleet_read_inventory(doc.buf, doc.len, inv)) {
		for (size_t i = 0; i < inv->ncomps; i++) {
			const char *s = usable_serial(a, &inv->comps[i]);
			for (size_t k = 0; s && k < pv->n; k++)
				if (inv->comps[i].id && !strcmp(pv->v[k].id, inv->comps[i].id))
					pv->v[k].serial = s;
		}
	}
	/* a document the fast reader does not take: ids and parts will do */
	inventory_free(inv);
	strbuf_release(&doc);
	return 0;
}

/* The day the host first held c, from its previous snapshot: the same
 * serial, else the same slot and part; NULL when it did not hold it. */
static const char *prev_day(const struct prevs *pv, const struct component *c, const char *serial,
			    const unsigned char *part)
{
	for (size_t k = 0; serial && k < pv->n; k++)
		if (pv->v[k].serial && !strcmp(pv->v[k].serial, serial))
			return pv->v[k].day;
	for (size_t k = 0; k < pv->n; k++)
		if (c->id && !strcmp(pv->v[k].id, c->id) && !memcmp(pv->v[k].part, part, DIGEST_LEN) &&
		    (!serial || !pv->v[k].serial))
			return pv->v[k].day;
	return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The sorted 32-bit hashes of inv's serials, big-endian, into blob. */
static void serial_hashes(struct inventory *inv, struct strbuf *blob)
{
	uint32_t *h = xcalloc(inv->ncomps + 1, sizeof *h);
	size_t n = 0;
	for (size_t i = 0; i < inv->ncomps; i++) {
		const char *s = usable_serial(inv->arena, &inv->comps[i]);
		if (s)
			h[n++] = hash_fnv1a32_str(s);
	}
	qsort(h, n, sizeof *h, cmp_u32);
	strbuf_reset(blob);
	for (size_t i = 0; i < n; i++) {
		unsigned char b[4] = {(unsigned char)(h[i] >> 24), (unsigned char)(h[i] >> 16),
				      (unsigned char)(h[i] >> 8), (unsigned char)h[i]};
		strbuf_add(blob, b, 4);
	}
	free(h);
}

/* The source of the first_seen fields the store sets, by which it takes
 * them away again: an inventory's own (from another store) are kept. */
static const char SEEN_SOURCE[] = "chipscreen store (first seen)";

static bool store_set(const struct field *f)
{
	return f->key == FK_FIRST_SEEN && f->source && !strcmp(f->source, SEEN_SOURCE);
}

void seen_prepare(struct inventory *inv, struct strbuf *serials)
{
	char day[16];
	day_t seen = part_seen_by(inv), t = date_today();
	date_format(seen && seen < t ? seen : t, day);
	for (size_t i = 0; i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		struct part_date pd;
		part_date(c, 0, 0, NULL, &pd);
		if (!pd.acquired && !component_get(c, FK_FIRST_SEEN))
			component_set(inv, c, FK_FIRST_SEEN, 0, day, SEEN_SOURCE);
	}
	serial_hashes(inv, serials);
}

/* c's first_seen field the store set taken away (a purchase line dates it
 * now, or the snapshot is stored). */
static void drop_first_seen(struct component *c)
{
	size_t k = 0;
	for (size_t j = 0; j < c->nfields; j++)
		if (!store_set(&c->fields[j]))
			c->fields[k++] = c->fields[j];
	c->nfields = k;
}

void seen_forget(struct inventory *inv)
{
	for (size_t i = 0; i < inv->ncomps; i++)
		drop_first_seen(&inv->comps[i]);
}

int seen_stamp(struct fleet *f, struct inventory *inv, int64_t prev_snapshot,
	       const unsigned char *const *part, bool *changed, struct strbuf *warn,
	       struct strbuf *err)
{
	/* purchase lines first: a component they date needs no bound */
	struct inventory *po = inventory_new();
	struct prevs pv = {0};
	int rc = purchase_lines(f, inv, po, err);
	if (!rc && po->ncomps) {
		/* which components the lines date: their acquired field is new */
		const char **was = xcalloc(inv->ncomps + 1, sizeof *was);
		for (size_t i = 0; i < inv->ncomps; i++) {
			const struct field *a = component_field(&inv->comps[i], FK_ACQUIRED, false);
			was[i] = a ? a->source : NULL;
		}
		part_date_link(po, inv, warn);
		for (size_t i = 0; i < inv->ncomps; i++) {
			const struct field *a = component_field(&inv->comps[i], FK_ACQUIRED, false);
			if (a && a->source != was[i]) {
				drop_first_seen(&inv->comps[i]);
				changed[i] = true;
			}
		}
		free(was);
	}
	inventory_free(po);
	if (!rc && prev_snapshot)
		rc = load_prevs(f, prev_snapshot, inv->arena, &pv, err);
	for (size_t i = 0; !rc && pv.n && i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		const struct field *fs = component_field(c, FK_FIRST_SEEN, false);
		if (!fs || !store_set(fs))
			continue; /* none, or the inventory's own */
		const char *first = prev_day(&pv, c, usable_serial(inv->arena, c), part[i]);
		if (first && strcmp(first, fs->value) < 0) {
			component_set(inv, c, FK_FIRST_SEEN, 0, first, SEEN_SOURCE);
			changed[i] = true;
		}
	}
	free(pv.v);
	return rc;
}

/* ---- a purchase record after the machines ---- */

static bool has_hash(const unsigned char *blob, size_t n, uint32_t h)
{
	size_t lo = 0, hi = n / 4;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const unsigned char *b = blob + 4 * mid;
		uint32_t v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
		if (v == h)
			return true;
		if (v < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

int fleet_purchase_hosts(struct fleet *f, const struct inventory *po, int64_t **hosts, size_t *n,
			 struct strbuf *err)
{
	struct arena *a = arena_new();
	uint32_t *want = xcalloc(po->ncomps + 1, sizeof *want);
	size_t nw = 0, cap = 0;
	*hosts = NULL;
	*n = 0;
	for (size_t i = 0; i < po->ncomps; i++) {
		const struct component *c = &po->comps[i];
		const char *s = usable_serial(a, c);
		if (c->kind == KIND_PART && s && component_field(c, FK_ACQUIRED, false))
			want[nw++] = hash_fnv1a32_str(s);
	}
	sqlite3_stmt *q = NULL;
	int rc = 0;
	if (nw && (rc = fleet_prep(f, &q,
				   "SELECT h.id, s.serials FROM hosts h JOIN snapshots s"
				   " ON s.id = h.last_snapshot WHERE h.kind = 'machine'"
				   " AND s.serials IS NOT NULL",
				   err)) == 0) {
		while (sqlite3_step(q) == SQLITE_ROW) {
			const unsigned char *blob = sqlite3_column_blob(q, 1);
			size_t len = (size_t)sqlite3_column_bytes(q, 1);
			bool hit = false;
			for (size_t k = 0; k < nw && !hit; k++)
				hit = has_hash(blob, len, want[k]);
			if (!hit)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				*hosts = xreallocarray(*hosts, cap, sizeof **hosts);
			}
			(*hosts)[(*n)++] = sqlite3_column_int64(q, 0);
		}
		sqlite3_finalize(q);
	}
	free(want);
	arena_free(a);
	return rc;
}

/* The facts each component of snapshot snap was stored with (the date a
 * record or --acquired gave it), back on the components of inv, read from
 * the snapshot's document: the document is the inventory as read.  The day
 * first seen is left out: the commit sets it again. */
static int restore_facts(struct fleet *f, int64_t snap, struct inventory *inv, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (fleet_prep(f, &q,
		       "SELECT su.ids, u.facts FROM snapshot_units su JOIN units u ON u.id = su.unit"
		       " WHERE su.snapshot = ?",
		       err) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, snap);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *ids = (const char *)sqlite3_column_text(q, 0);
		const char *facts = col_text(inv->arena, q, 1);
		for (const char *p = ids; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			for (size_t i = 0; i < inv->ncomps; i++) {
				struct component *c = &inv->comps[i];
				if (!c->id || strlen(c->id) != len || memcmp(c->id, p, len))
					continue;
				size_t k = 0;
				for (size_t j = 0; j < c->nfields; j++)
					if (!field_is_fact(&c->fields[j]))
						c->fields[k++] = c->fields[j];
				c->nfields = k;
				unit_facts_push(inv, c, facts);
				k = 0;
				for (size_t j = 0; j < c->nfields; j++)
					if (c->fields[j].key != FK_FIRST_SEEN)
						c->fields[k++] = c->fields[j];
				c->nfields = k;
			}
			p = nl ? nl + 1 : NULL;
		}
	}
	sqlite3_finalize(q);
	return 0;
}

/* The host's last snapshot as an inventory, with its facts; its name and
 * sources into name and sources. */
static int last_inventory(struct fleet *f, int64_t host, struct inventory *inv, struct strbuf *name,
			  struct strbuf *sources, struct strbuf *err)
{
	sqlite3_stmt *q;
	int64_t snap = 0;
	if (fleet_prep(f, &q,
		       "SELECT h.last_snapshot, h.name, s.sources FROM hosts h"
		       " JOIN snapshots s ON s.id = h.last_snapshot WHERE h.id = ?",
		       err) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, host);
	if (sqlite3_step(q) == SQLITE_ROW) {
		snap = sqlite3_column_int64(q, 0);
		strbuf_addstr(name, (const char *)sqlite3_column_text(q, 1));
		const char *s = (const char *)sqlite3_column_text(q, 2);
		strbuf_addstr(sources, s ? s : "");
	}
	sqlite3_finalize(q);
	struct strbuf doc = STRBUF_INIT;
	int rc = -1;
	if (!snap) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: host %lld has no snapshot", f->st->path, (long long)host);
	} else if (fleet_snapshot_document(f, snap, &doc, err) == 0) {
		if (fleet_read_inventory(doc.buf, doc.len, inv)) {
			rc = 0;
		} else {
			cJSON *j = cJSON_ParseWithLength(doc.buf, doc.len);
			rc = j ? inventory_from_json_stored(j, inv, err) : -1;
			cJSON_Delete(j);
			if (!j) {
				strbuf_reset(err);
				strbuf_addf(err, "%s: snapshot %lld is not JSON", f->st->path,
					    (long long)snap);
			}
		}
	}
	strbuf_release(&doc);
	return rc < 0 ? -1 : restore_facts(f, snap, inv, err);
}

int fleet_relink(struct fleet *f, int64_t host, const char *po_path, struct fleet_imported *res,
		 struct strbuf *err)
{
	struct inventory *inv = inventory_new(), *po = inventory_new();
	struct strbuf name = STRBUF_INIT, sources = STRBUF_INIT, warn = STRBUF_INIT;
	memset(res, 0, sizeof *res);
	res->outcome = FLEET_UNCHANGED;
	int rc = last_inventory(f, host, inv, &name, &sources, err);
	/* dated here, before the digest, so that the snapshot differs */
	if (!rc)
		rc = purchase_lines(f, inv, po, err);
	if (!rc && part_date_link(po, inv, &warn)) {
		strbuf_addf(&sources, "%s%s", sources.len ? "\n" : "", po_path);
		struct fleet_host_opts o = {.kind = FLEET_MACHINE,
					    .name = name.buf,
					    .name_overrides = true,
					    .sources = sources.buf};
		rc = fleet_import(f, inv, &o, res, err);
	}
	strbuf_release(&name);
	strbuf_release(&sources);
	strbuf_release(&warn);
	inventory_free(inv);
	inventory_free(po);
	return rc;
}
