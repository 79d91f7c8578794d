/*
 * fleet-words.c — a stored row in the words a person reads, when it is read.
 *
 * The store keeps data, not report text: a part is its document (the
 * identifying fields), a unit's makers are its attribution (JSON, with the
 * makers' ids and names), a verdict's evidence is a JSON array of the
 * evidence records (struct evidence: field, raw, rule, source, org,
 * confidence).  The words ("dimm KSM32RD8/16MEI", "Kingston, DRAM by
 * Micron", "jedec_dram \"802C\": JEP106 ... (certain)") are made here from
 * that data with describe.c, the one formatter, so that a change of wording
 * changes no stored byte, no digest and no run fingerprint.
 *
 * Runs written before the store kept evidence as JSON (fleet schema step 5)
 * hold it as words already: those are shown as they are.
 */
#include "store/fleet-int.h"
#include "describe.h"
#include "inventory-json.h"

#include <string.h>

void words_init(struct words *w, struct fleet *f, struct arena *a)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->a = a;
	imap_init(&w->parts);
	imap_init(&w->units);
}

void words_free(struct words *w)
{
	imap_free(&w->parts);
	imap_free(&w->units);
}

/* The statement for a miss: q bound to id and stepped to its row, or NULL
 * (and w->failed: the row is there, unless the store failed). */
static sqlite3_stmt *row_of(struct words *w, const char *sql, int64_t id)
{
	struct strbuf err = STRBUF_INIT;
	sqlite3_stmt *q = fleet_stmt(w->f, sql, &err);
	strbuf_release(&err);
	if (q) {
		sqlite3_bind_int64(q, 1, id);
		if (sqlite3_step(q) == SQLITE_ROW)
			return q;
		sqlite3_reset(q);
	}
	w->failed = true;
	return NULL;
}

/* The part's words from its document; the kind alone when the document
 * does not read (part_document wrote it, so it always should). */
static const char *describe_document(struct arena *a, const char *kind, const char *document)
{
	cJSON *doc = document ? cJSON_Parse(document) : NULL;
	struct inventory *inv = inventory_new();
	struct strbuf e = STRBUF_INIT, sb = STRBUF_INIT;
	if (doc && inventory_from_json(doc, inv, &e) == 0 && inv->ncomps == 1)
		comp_describe(&sb, &inv->comps[0]);
	else
		strbuf_addstr(&sb, kind ? kind : "part");
	const char *s = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&e);
	inventory_free(inv);
	cJSON_Delete(doc);
	return s;
}

static const char SQL_PART[] = "SELECT kind, document FROM parts WHERE id = ?";

/* "dimm KSM32RD8/16MEI": the part's words, made once. */
static const char *part_words(struct words *w, int64_t part)
{
	int64_t k = imap_get(&w->parts, part);
	if (k)
		return w->pw[k - 1];
	sqlite3_stmt *q = row_of(w, SQL_PART, part);
	if (!q)
		return NULL;
	const char *s = describe_document(w->a, (const char *)sqlite3_column_text(q, 0),
					  (const char *)sqlite3_column_text(q, 1));
	sqlite3_reset(q);
	*ARENA_PUSH(w->a, w->pw, w->np, w->capp) = s;
	imap_put(&w->parts, part, (int64_t)w->np);
	return s;
}

/* A unit's part, and its makers' display names: the attribution's name,
 * else the org id. */
static const char SQL_UNIT[] =
	"SELECT u.part, p.kind, u.attribution IS NOT NULL,"
	" coalesce(json_extract(u.attribution, '$.maker.name'), u.maker),"
	" CASE WHEN u.has_chip THEN"
	"  coalesce(json_extract(u.attribution, '$.chip_maker.name'), u.chip_maker) END"
	" FROM units u JOIN parts p ON p.id = u.part WHERE u.id = ?";

/* "Kingston, DRAM by Micron" from SQL_UNIT's row; NULL: not attributed yet. */
static const char *makers_of(struct arena *a, sqlite3_stmt *q)
{
	if (!sqlite3_column_int(q, 2))
		return NULL;
	int kind = kind_from_name((const char *)sqlite3_column_text(q, 1));
	struct strbuf sb = STRBUF_INIT;
	makers_words(&sb, kind < 0 ? KIND_OTHER : (enum kind)kind,
		     (const char *)sqlite3_column_text(q, 3),
		     (const char *)sqlite3_column_text(q, 4));
	const char *s = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return s;
}

void words_unit(struct words *w, int64_t unit, const char **part, const char **makers)
{
	int64_t k = imap_get(&w->units, unit);
	if (!k) {
		sqlite3_stmt *q = row_of(w, SQL_UNIT, unit);
		if (!q) {
			*part = *makers = NULL;
			return;
		}
		int64_t p = sqlite3_column_int64(q, 0);
		const char *mk = makers_of(w->a, q);
		sqlite3_reset(q); /* before part_words steps a statement of its own */
		struct unit_words *x = ARENA_PUSH(w->a, w->uw, w->nu, w->capu);
		x->makers = mk;
		x->part = part_words(w, p);
		imap_put(&w->units, unit, (int64_t)w->nu);
		k = (int64_t)w->nu;
	}
	*part = w->uw[k - 1].part;
	*makers = w->uw[k - 1].makers;
}

const char *evidence_words_of(struct arena *a, const char *stored)
{
	if (!stored)
		return NULL;
	cJSON *j = stored[0] == '[' ? cJSON_Parse(stored) : NULL;
	struct evidence *ev;
	size_t n;
	if (!j || evidence_from_json(j, a, &ev, &n) < 0) {
		cJSON_Delete(j);
		return arena_strdup(a, stored); /* an older run's words */
	}
	cJSON_Delete(j);
	struct strbuf sb = STRBUF_INIT;
	evidence_words(&sb, ev, n);
	const char *s = n ? arena_strdup(a, sb.buf) : NULL;
	strbuf_release(&sb);
	return s;
}
