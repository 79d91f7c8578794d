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
#include "util/date.h"

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
