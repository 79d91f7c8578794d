/*
 * fleet-int.h — what the fleet files share, not part of the public API.
 *
 * fleet.c        opening, the schema, host matching and the import transaction
 * fleet-part.c   digests: snapshot, part and unit identity; part documents
 * fleet-map.c    hash maps (digest -> id, id -> id) and SHA-256
 * fleet-judge.c  screening runs: rule versions, identify + judge per unit
 * fleet-query.c  fanning verdicts out to hosts and components; diffs; stats
 * fleet-words.c  a stored row's part, makers and evidence in words, when read
 */
#ifndef STORE_FLEET_INT_H
#define STORE_FLEET_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>

#include "store/fleet.h"
#include "util/strmap.h"

#define DIGEST_LEN 32

/* ---- maps ---- */

/* 32-byte digest -> id (0: absent).  util/strmap keyed by the digest's
 * bytes, the ids in an array by entry index (an id put again replaces). */
struct dmap {
	struct strmap keys;
	int64_t *vals;
	size_t cap, n;
};
void dmap_init(struct dmap *m);
void dmap_free(struct dmap *m);
int64_t dmap_get(const struct dmap *m, const unsigned char *key);
void dmap_put(struct dmap *m, const unsigned char *key, int64_t val);

/* int64 -> int64, keys and values non-zero: the same map, keyed by the
 * key's eight bytes. */
struct imap {
	struct dmap m;
};
void imap_init(struct imap *m);
void imap_free(struct imap *m);
int64_t imap_get(const struct imap *m, int64_t key); /* 0 when absent */
void imap_put(struct imap *m, int64_t key, int64_t val);

void sha256(const void *data, size_t len, unsigned char out[DIGEST_LEN]);
/* SHA-256 of "TAG:VALUE", without building the string. */
void sha256_tagged(char tag, const char *value, unsigned char out[DIGEST_LEN]);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void hex_of(const unsigned char *b, size_t n, char *out);

/* Length-prefixed pieces, so that no two different sequences give the same bytes. */
void canon_str(struct strbuf *sb, const char *s);
void canon_int(struct strbuf *sb, long long v);

/* ---- part and unit identity (fleet-part.c) ---- */

/* Is field f what tells instances apart (serial, locator, address ...) rather
 * than what the part is?  c is the component it belongs to. */
bool field_is_instance(const struct component *c, const struct field *f);
/* Is field f one of the unit facts (acquisition, manufacture, purpose)? */
bool field_is_fact(const struct field *f);

/* A component's digests (fleet-part.c, comp_digests). */
struct comp_digest {
	unsigned char whole[DIGEST_LEN]; /* every field but sources, kind and id */
	unsigned char part[DIGEST_LEN];  /* the part: identifying fields */
	unsigned char unit[DIGEST_LEN];  /* the part and the facts */
};

/* Scratch buffers for comp_digests; facts holds the last component's facts
 * encoding (see unit_facts_push). */
struct digest_scratch {
	struct strbuf whole, part, facts;
};

void comp_digests(const struct component *c, struct digest_scratch *ds, struct comp_digest *out);
/* The canonical digest of a snapshot: host facts (not collected_at or
 * collector), what could not be read, and the components' whole digests by
 * id (cd[i] is inv->comps[i]'s). */
void snapshot_digest(const struct inventory *inv, const struct comp_digest *cd, struct strbuf *tmp,
		     unsigned char out[DIGEST_LEN]);
/* The part's document: an inventory holding one component, no sources. */
char *part_document(const struct component *c);
/* Facts: lines "flags<TAB>key<TAB>value", and "<TAB>source" for an
 * acquisition date.  Values are escaped inventory strings, which hold no
 * control characters. */
void unit_facts_push(struct inventory *inv, struct component *c, const char *facts);
/* The unit as identify and the judge see it: a component of inv with the
 * part's fields (shared with part, not copied) and the facts. */
struct component *unit_make(struct inventory *inv, const struct component *part, const char *facts,
			    const char *id);
/* How many components this one stands for: a purchase line's quantity. */
long comp_count(const struct component *c);

/* ---- what the store adds to a snapshot's components (fleet-seen.c) ---- */

/* A machine's inventory being prepared (no database): each component
 * without an acquisition date gets first_seen, the snapshot's day (collected,
 * else today); serials gets its serial hashes (snapshots.serials). */
void seen_prepare(struct inventory *inv, struct strbuf *serials);
/* The first_seen fields taken away again, once the snapshot is committed:
 * the caller's inventory is as it gave it. */
void seen_forget(struct inventory *inv);
/* The same, about to be committed (prev_snapshot: the host's last one, 0 for
 * a new host): a component a purchase line's serial names takes its date
 * (and loses first_seen); a component the host held before takes the day
 * first seen then.  part[i] is component i's part digest; changed[i] is set
 * for each component changed.  Contradicted purchase lines go to warn. */
int seen_stamp(struct fleet *f, struct inventory *inv, int64_t prev_snapshot,
	       const unsigned char *const *part, bool *changed, struct strbuf *warn,
	       struct strbuf *err);
/* A purchase record's lines with a serial number and a date, noted for the
 * machines that hold those serials (purchase_serials). */
int seen_purchases(struct fleet *f, const struct inventory *inv, struct strbuf *err);

/* ---- a stored row in words (fleet-words.c) ---- */

/* Parts' and units' words, each made once (a query's rows hold the same
 * part and unit many times), in arena a. */
struct unit_words {
	const char *part, *makers;
};
struct words {
	struct fleet *f;
	struct arena *a;
	struct imap parts, units; /* id -> index + 1 in pw, uw */
	const char **pw;
	struct unit_words *uw;
	size_t np, capp, nu, capu;
	bool failed; /* a lookup failed in the store: the caller reports it */
};
void words_init(struct words *w, struct fleet *f, struct arena *a);
void words_free(struct words *w);
/* The unit's part in words ("dimm KSM32RD8/16MEI", from the part's document)
 * and its makers ("Kingston, DRAM by Micron", from its attribution; NULL when
 * the unit is not attributed yet). */
void words_unit(struct words *w, int64_t unit, const char **part, const char **makers);
/* A verdict's stored evidence in words: the JSON array read and put into
 * words, or the words an older run stored, as they are; NULL for none. */
const char *evidence_words_of(struct arena *a, const char *stored);

/* ---- the handle ---- */

struct placeholder {
	char kind[8]; /* "uuid", "serial" */
	char *value;
};

#define FLEET_STMTS 48

/*
 * snapshot_units, one row per (snapshot, unit), is keyed by snapshot then
 * unit: a commit's rows go at the table's end, on a page or two.  By unit it
 * is read through the index snapshot_units_unit, on (snapshot >> 10, unit,
 * count): its key starts with the snapshot's epoch (1,024 snapshots), so a
 * commit's entries all land among the current epoch's few dozen pages.  The
 * index keyed by unit alone would put them at the end of each unit's entries,
 * pages all over the index, each one written again to the log at every
 * commit (what the table keyed by (unit, snapshot) did, 1.7 MB of log per
 * upload at 25,000 hosts).  A unit's rows are then one search an epoch
 * (98 epochs for 100,000 hosts of one snapshot each):
 *
 *   WITH RECURSIVE SU_EPOCHS SELECT ... FROM su_epochs e
 *     CROSS JOIN snapshot_units su WHERE SU_EPOCH_OF("su") = e.n AND su.unit = ?
 *
 * The expression must be the index's, "snapshot >> 10", for SQLite to use
 * the index, and CROSS JOIN keeps the order (the units, the epochs, then
 * snapshot_units): left to itself SQLite chose to scan the whole index.
 */
#define SU_EPOCHS                                                                                  \
	"su_epochs(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM su_epochs WHERE n <"                \
	" (SELECT coalesce(max(snapshot), 0) >> 10 FROM snapshot_units))"
#define SU_EPOCH_OF(alias) "(" alias ".snapshot >> 10)"

/* A snapshot's row, held until its batch commits (fleet.c, flush_rows);
 * its ids text is at ids in the fleet's rowtext (one buffer for all rows
 * rather than a string each: a malloc, a free and a strlen per row were a
 * tenth of the writer's time). */
struct surow {
	int64_t unit, snapshot, count;
	size_t ids, idslen;
};
/* Rows by (snapshot, unit), as the table keeps them (fleet.c). */
void fleet_sort_rows(struct surow *rows, size_t n);

struct fleet {
	struct store *st;
	bool readonly;
	bool caches;        /* parts and units maps loaded */
	bool batch;         /* in a batch transaction: hosts are savepoints */
	bool batch_failed;  /* rows of hosts already in it could not be written */
	size_t flush_limit; /* rows kept before they are written, in a batch */
	struct surow *rows; /* in a batch: snapshot rows not yet written */
	size_t nrows, caprows;
	struct strbuf rowtext; /* their ids, one after the other */
	struct dmap parts, units;
	struct dmap hostvals;      /* digests of every key, UUID, serial and name in hosts */
	bool hostvals_ok;          /* hostvals is whole (in a batch: see fleet.c) */
	bool hostvals_kept;        /* it was whole when the last batch committed ... */
	int64_t hostvals_dv;       /* ... and this was the store's data_version then */
	struct dmap known;         /* hosts' last digests when an import began (fleet_known_load) */
	struct dmap purchases;     /* serials purchase records name (fleet-seen.c) */
	bool purchases_ok;         /* purchases is as the table (read again when not) */
	struct fleet_preparer *pr; /* the writer's, for documents a worker left uncompressed */
	sqlite3_stmt *su_multi;    /* snapshot rows, many at a time (flush_rows) */
	/* a bulk import (fleet_bulk_begin): checkpoints on a thread of their own */
	bool bulk, bulk_stop;
	sqlite3 *bulk_db;
	pthread_t bulk_thread;
	pthread_mutex_t bulk_mu;
	pthread_cond_t bulk_cv;
	struct placeholder *ph;
	size_t nph;
	/* prepared statements, by the address of their SQL text */
	struct {
		const char *sql;
		sqlite3_stmt *q;
	} stmts[FLEET_STMTS];
	size_t nstmts;
};

bool fleet_placeholder(const struct fleet *f, const char *kind, const char *value);

/* Prepare a statement or fail with the store's message. */
int fleet_prep(struct fleet *f, sqlite3_stmt **q, const char *sql, struct strbuf *err);
/* A statement kept for the handle's life (sql must be a string constant),
 * reset and unbound; NULL with err on failure. */
sqlite3_stmt *fleet_stmt(struct fleet *f, const char *sql, struct strbuf *err);
/* Step a statement that returns no row; -1 with err naming what. */
int fleet_done(struct fleet *f, sqlite3_stmt *q, const char *what, struct strbuf *err);
/* Bind text, NULL when s is NULL. */
void bind_text(sqlite3_stmt *q, int i, const char *s);
/* Column text copied into arena a, NULL for NULL. */
const char *col_text(struct arena *a, sqlite3_stmt *q, int i);

/* ---- a run's verdicts (fleet-judge.c) ---- */

/*
 * An incremental run stores only the verdicts it judged: those of the rules
 * that changed, and every verdict of the units new to it.  The others are
 * its base's.  A run's verdicts are therefore the rows of a chain of runs,
 * ending at a full run: each link's rows except those of rules a later link
 * judged again (skip, a JSON array of rule ids, for json_each).
 */
struct chain_link {
	int64_t run;
	const char *skip;
};

struct chain {
	struct chain_link *v;
	size_t n;
};

int chain_load(struct fleet *f, int64_t run, struct arena *a, struct chain *c, struct strbuf *err);
/* Incremental runs in a row before a full one is made instead. */
#define CHAIN_MAX 32

/* ---- reports (fleet-query.c) ---- */

/* Current snapshot -> host index, for the hosts a filter selects. */
struct current {
	struct imap snap; /* snapshot id -> index + 1 */
	int64_t *host;    /* host ids */
	const char **name, **key, **site;
	size_t *ncomps;    /* components of each host's snapshot (not light) */
	size_t n;          /* hosts; with direct, the largest host id + 1 */
	size_t components; /* total, purchase quantities counted */
	bool direct;       /* no map: every host counts, found by hosts(last_snapshot) */
};
/* light: only counting (no names, sites or totals): with no filter, nothing
 * is loaded and a host's index is its id. */
int current_load(struct fleet *f, const struct fleet_filter *flt, bool light, struct arena *a,
		 struct current *cur, struct strbuf *err);
void current_free(struct current *cur);

#endif
