/*
 * fleet-seen.c — what the store knows about a part's acquisition that no
 * single inventory says: the day the fleet first saw it, and the purchase
 * record that names its serial number.
 *
 * When a machine's snapshot is committed, each of its components is looked
 * up in first_seen: by its serial number (with its kind), or, when it has
 * none that tells parts apart, by its host, slot (component id) and part.
 * The earliest day any snapshot held it — the day it was collected, or
 * imported when the inventory does not say — bounds its acquisition from
 * above (partdate.h): a Micron module first seen in January 2023 was there
 * before China's stop-purchase of 2023-05-21.  A component with an
 * acquisition date of its own needs no bound and gets none.
 *
 * A purchase record (a records host) that gives a line's serial number and
 * date puts them in purchase_serials; a machine's component with that serial
 * then takes the line's date as its acquisition date, citing the line
 * (part_date_link, the one implementation scan uses too).  Either may come
 * first: a purchase record imported after the machine names the machines
 * that hold its serials (fleet_purchase_hosts), and the importer stores a
 * new snapshot of each (fleet_relink).
 *
 * Both are facts of the unit, not of the inventory: the snapshot's digest is
 * the inventory's, so importing the same inventory again is still "unchanged".
 */
#include "store/fleet-int.h"
#include "partdate.h"
#include "inventory-json.h"
#include "util/date.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <string.h>

static const char SQL_SEEN_UPSERT[] =
	"INSERT INTO first_seen(key, day, host, serial) VALUES(?, ?, ?, ?) "
	"ON CONFLICT(key) DO UPDATE SET day = min(day, excluded.day), host = excluded.host "
	"RETURNING day";
static const char SQL_PURCHASE_ANY[] = "SELECT EXISTS(SELECT 1 FROM purchase_serials)";
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

/* The component's key in first_seen. */
static void seen_key(const struct component *c, int64_t host, const unsigned char *part,
		     const char *serial, unsigned char out[DIGEST_LEN])
{
	struct strbuf sb = STRBUF_INIT;
	if (serial) {
		canon_str(&sb, "serial");
		canon_str(&sb, kind_name(c->kind));
		canon_str(&sb, serial);
	} else {
		canon_str(&sb, "slot");
		canon_int(&sb, host);
		canon_str(&sb, c->id ? c->id : "");
		strbuf_add(&sb, part, DIGEST_LEN);
	}
	sha256(sb.buf, sb.len, out);
	strbuf_release(&sb);
}

/* The purchase lines naming the serials of inv, as purchase components of
 * po (serial, acquired with the line as source). */
static int purchase_lines(struct fleet *f, struct inventory *inv, struct inventory *po,
			  struct strbuf *err)
{
	sqlite3_stmt *q = fleet_stmt(f, SQL_PURCHASE_ANY, err);
	if (!q)
		return -1;
	bool any = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	for (size_t i = 0; any && i < inv->ncomps; i++) {
		const char *s = component_get(&inv->comps[i], FK_SERIAL);
		if (!part_serial_usable(s) || !(q = fleet_stmt(f, SQL_PURCHASE_GET, err)))
			continue;
		bind_text(q, 1, lower(inv->arena, s));
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

int seen_stamp(struct fleet *f, struct inventory *inv, int64_t host, const char *now,
	       const unsigned char *const *part, bool *changed, struct strbuf *warn,
	       struct strbuf *err)
{
	char day[16], today[11];
	snprintf(today, sizeof today, "%.10s", now);
	day_t seen = part_seen_by(inv), t = date_parse(today);
	date_format(seen && seen < t ? seen : t, day);
	/* purchase lines first: a component they date needs no bound */
	struct inventory *po = inventory_new();
	int rc = purchase_lines(f, inv, po, err);
	if (!rc && po->ncomps) {
		part_date_link(po, inv, warn);
		for (size_t i = 0; i < inv->ncomps; i++)
			changed[i] = component_field(&inv->comps[i], FK_ACQUIRED, false) != NULL;
	}
	inventory_free(po);
	for (size_t i = 0; !rc && i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		const char *s = component_get(c, FK_SERIAL);
		const char *serial = part_serial_usable(s) ? lower(inv->arena, s) : NULL;
		unsigned char key[DIGEST_LEN];
		seen_key(c, host, part[i], serial, key);
		sqlite3_stmt *q = fleet_stmt(f, SQL_SEEN_UPSERT, err);
		if (!q)
			return -1;
		sqlite3_bind_blob(q, 1, key, DIGEST_LEN, SQLITE_STATIC);
		bind_text(q, 2, day);
		sqlite3_bind_int64(q, 3, host);
		bind_text(q, 4, serial);
		if (sqlite3_step(q) != SQLITE_ROW) {
			sqlite3_reset(q);
			return store_error(f->st, err, "noting when the parts were first seen");
		}
		const char *first = col_text(inv->arena, q, 0);
		sqlite3_reset(q);
		struct part_date pd;
		part_date(c, 0, 0, NULL, &pd);
		if (!pd.acquired) {
			component_set(inv, c, FK_FIRST_SEEN, 0, first, NULL);
			changed[i] = true;
		}
	}
	return rc;
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
	}
	return 0;
}

int fleet_purchase_hosts(struct fleet *f, const struct inventory *po, int64_t **hosts, size_t *n,
			 struct strbuf *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	*hosts = NULL;
	*n = 0;
	if (fleet_prep(f, &q,
		       "SELECT DISTINCT h.id FROM first_seen s JOIN hosts h ON h.id = s.host"
		       " WHERE s.serial = lower(?) AND h.last_snapshot IS NOT NULL",
		       err) < 0)
		return -1;
	for (size_t i = 0; i < po->ncomps; i++) {
		const struct component *c = &po->comps[i];
		const char *s = component_get(c, FK_SERIAL);
		if (c->kind != KIND_PART || !part_serial_usable(s) ||
		    !component_field(c, FK_ACQUIRED, false))
			continue;
		bind_text(q, 1, s);
		while (sqlite3_step(q) == SQLITE_ROW) {
			int64_t h = sqlite3_column_int64(q, 0);
			bool dup = false;
			for (size_t k = 0; k < *n && !dup; k++)
				dup = (*hosts)[k] == h;
			if (dup)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				*hosts = xreallocarray(*hosts, cap, sizeof **hosts);
			}
			(*hosts)[(*n)++] = h;
		}
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	return 0;
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
			rc = j ? inventory_from_json(j, inv, err) : -1;
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
