/*
 * fleet.h — the fleet in the store: hosts, their inventory snapshots, and
 * the verdicts of every screening run, with what produced them.
 *
 * doc/fleet.md describes the tables; in short:
 *
 *   hosts ──< snapshots ──< snapshot_units >── units >── parts
 *                                                │
 *   rule_versions, rulesets ── runs ──< verdicts ┘
 *
 * A host is a machine (matched across imports by its SMBIOS UUID, else its
 * serial number, else its name) or a set of purchase records (one per CSV
 * file and site).  Each import of a host is one transaction; a snapshot equal
 * to the host's last one (same canonical digest, collected_at and collector
 * left out) is not stored again.  A snapshot keeps the inventory JSON as read,
 * compressed, so an auditor can replay exactly what was judged.
 *
 * Judging scales with distinct parts, not with components: a *part* is what
 * identifies a kind of component (its kind and identifying fields, without
 * serials, locators or addresses), and a *unit* is a part in one acquisition
 * context (acquired and manufacture dates, declared purpose) — everything the
 * judge reads from a component.  Identify and judge run once per unit; a
 * snapshot refers to units with a count, and counts per host and component
 * come from SQL.  A run judges every unit (full), or only the units a changed
 * rule can affect plus the units it has not seen (incremental), copying the
 * rest from the run it builds on.
 */
#ifndef STORE_FLEET_H
#define STORE_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chipscreen.h"
#include "identify/identify.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "store/store.h"
#include "util/date.h"
#include "util/strbuf.h"

struct fleet;

/* Open the store and its fleet tables (path NULL: the default store).  A
 * read-only open of a missing or foreign file fails with the reason. */
int fleet_open(struct fleet **out, const char *path, bool readonly, struct strbuf *err);
void fleet_close(struct fleet *f);
struct store *fleet_store(struct fleet *f);

/* ---------------------------------------------------------------------- */
/* Import                                                                  */

enum fleet_host_kind { FLEET_MACHINE, FLEET_RECORDS };

struct fleet_host_opts {
	enum fleet_host_kind kind;
	const char *name;    /* --host, or a fallback name; see fleet_prepare */
	bool name_overrides; /* --host: replaces the inventory's hostname */
	const char *key;     /* records: the host key ("records:po.csv@Leeds"); else NULL */
	const char *site;    /* label: --site, or the CSV site */
	const char *const *tags;
	size_t ntags;
	const char *sources; /* the files read, for the record */
	/* The input bytes to keep as the snapshot's document (a collect JSON
	 * file as read), or NULL to keep the inventory as chipscreen wrote it. */
	const char *original;
	size_t original_len;
	/* original already as one zstd frame that decodes to exactly it (an
	 * upload as the agent compressed it): stored as it is, not compressed
	 * again.  NULL: fleet_prepare compresses original. */
	const char *original_zstd;
	size_t original_zstd_len;
};

enum fleet_outcome { FLEET_NEW_HOST, FLEET_CHANGED, FLEET_UNCHANGED };

struct fleet_imported {
	enum fleet_outcome outcome;
	int64_t host, snapshot; /* snapshot: the new one, or the last one when unchanged */
	char key[160];          /* "uuid:4c4c4544-...", "serial:...", "name:web01" */
	char name[128];         /* the host's name as stored */
	size_t ncomps;          /* components, purchase quantities counted */
	size_t nunits;          /* distinct units in the snapshot */
	char warning[512];      /* purchase lines dated before the part was made, or "" */
	/* the inventory was collected before the host's current snapshot (an
	 * agent's spooled report sent late, an old capture imported): stored in
	 * the host's history, the current one left as it is; warning says so */
	bool older;
};

/*
 * Everything an import computes without the database (digests, part and
 * unit identities, the compressed document), so that it can run on another
 * thread than the one writing.  The inventory must stay alive until commit.
 */
struct fleet_prepared;
/* What one thread needs to prepare (the compressor); NULL on out of memory. */
struct fleet_preparer;
struct fleet_preparer *fleet_preparer_new(void);
void fleet_preparer_free(struct fleet_preparer *pr);
/*
 * For re-imports: fleet_known_load notes every host's last snapshot digest
 * (call it before threads use f's preparers); a preparer given them with
 * fleet_preparer_known leaves the document of a snapshot that is one of them
 * uncompressed — most likely unchanged, so not stored — and fleet_commit
 * compresses it when it is to be stored after all.
 */
int fleet_known_load(struct fleet *f, struct strbuf *err);
void fleet_preparer_known(struct fleet_preparer *pr, const struct fleet *f);
/* pr NULL: a preparer for this call only. */
struct fleet_prepared *fleet_prepare(struct fleet_preparer *pr, struct inventory *inv,
				     const struct fleet_host_opts *o, struct strbuf *err);
void fleet_prepared_free(struct fleet_prepared *p);
/* Store it: one transaction (BEGIN IMMEDIATE ... COMMIT).  On -1 nothing of
 * it is in the store.  A purchase line naming a component's serial leaves
 * its date on that component of the inventory (the first_seen day prepare
 * set is taken away again). */
int fleet_commit(struct fleet *f, struct fleet_prepared *p, struct fleet_imported *res,
		 struct strbuf *err);
/*
 * Commit the hosts that follow in one transaction, each in a savepoint of
 * its own: a host that fails leaves the others, and a process killed
 * before fleet_batch_commit leaves the store as it was before the batch.
 * Writing many hosts per transaction spares SQLite rewriting the same index
 * pages once per host.  fleet_close rolls back an unfinished batch.
 */
int fleet_batch_begin(struct fleet *f, struct strbuf *err);
int fleet_batch_commit(struct fleet *f, struct strbuf *err);
/* The batch cannot be committed (rows of hosts in it could not be written):
 * fleet_commit refuses further hosts and fleet_batch_commit rolls it back. */
bool fleet_batch_failed(const struct fleet *f);
/*
 * A bulk import, between the two calls: the write-ahead log is copied back
 * into the database by a thread of its own rather than by the commits, and
 * the page cache is larger (512 MiB).  fleet_close ends it.
 */
int fleet_bulk_begin(struct fleet *f, struct strbuf *err);
void fleet_bulk_end(struct fleet *f);
/* Both at once. */
int fleet_import(struct fleet *f, struct inventory *inv, const struct fleet_host_opts *o,
		 struct fleet_imported *res, struct strbuf *err);

/*
 * Read a collect JSON document (doc/inventory-schema.md) into the empty
 * inventory inv the fast way (store/fleet-read.c): 1 when read, 0 when the
 * document is not in the plain form this reader takes — then discard inv and
 * read it with inventory_from_json, which gives the same inventory or says
 * what is wrong.  buf is only read (it need not be terminated); inv's
 * strings are copies in its arena.
 */
int fleet_read_inventory(const char *buf, size_t len, struct inventory *inv);

/*
 * Purchase records imported after the machines they bought parts for
 * (fleet-seen.c): fleet_purchase_hosts gives the machines (host ids, caller
 * frees) whose parts carry a serial number a purchase line of po names;
 * fleet_relink stores a new snapshot of one of them, its last one with those
 * parts dated by the lines (source: its sources and po_path).  A host none of
 * whose parts a line names is left as it is (outcome FLEET_UNCHANGED).
 */
int fleet_purchase_hosts(struct fleet *f, const struct inventory *po, int64_t **hosts, size_t *n,
			 struct strbuf *err);
int fleet_relink(struct fleet *f, int64_t host, const char *po_path, struct fleet_imported *res,
		 struct strbuf *err);

/* The document of a snapshot (inventory JSON), into out. */
int fleet_snapshot_document(struct fleet *f, int64_t snapshot, struct strbuf *out,
			    struct strbuf *err);

/* ---------------------------------------------------------------------- */
/* Screening runs                                                          */

/* Attribute one component: identify_component() unless a test or a
 * benchmark injects its own. */
typedef void (*fleet_identify_fn)(void *ctx, const struct kb *kb, struct inventory *inv,
				  struct component *c, day_t as_of);

struct fleet_screen_opts {
	const struct ruleset *rs;
	const struct kb *kb;
	const struct profile *profile; /* NULL: the exposure view */
	day_t date;
	const char *command;        /* "fleet", "rescreen": recorded with the run */
	bool full;                  /* re-identify and re-judge every unit */
	bool reuse;                 /* a run for the same context covering every unit will do */
	fleet_identify_fn identify; /* NULL: identify_component */
	void *identify_ctx;
	const char *kb_version; /* NULL: fingerprint of the knowledge files */
	bool what_if;           /* judged as of another date than today: never a baseline */
};

/* Whether a run as of date is a what-if: as of another day than today, so
 * never the baseline the next rescreen compares with (a report as of 2031
 * had become one).  The one rule for fleet, rescreen, hosts, report and the
 * server's /report and /api/v1/fleet. */
static inline bool fleet_what_if(day_t date)
{
	return date != date_today();
}

struct fleet_run {
	int64_t id;           /* the run the verdicts are in */
	int64_t base;         /* the run it was compared with / built on; 0 none */
	const char *mode;     /* "full", "incremental", "reused" (static strings) */
	char why_full[160];   /* why a full run was needed, when it was; else "" */
	size_t units_total;   /* units the run covers */
	size_t units_judged;  /* units identified and judged in this run */
	size_t rules_changed; /* rules added, removed or modified since the base */
	size_t verdicts;      /* verdicts this run judged and stored (the rest are its base's) */
	char ruleset[32], base_ruleset[32];
	char date[11], base_date[11];
};

/* The latest run for this profile (any date), 0 if none; *date gets its date. */
int64_t fleet_last_run(struct fleet *f, const struct profile *p, day_t *date);
/* (fleet_last_run skips what-if runs: those judged as of another date.) */

/* Make sure there is a run judging every unit in the store for the profile,
 * date, rule set and knowledge base of o; fill run. */
int fleet_screen(struct fleet *f, const struct fleet_screen_opts *o, struct fleet_run *run,
		 struct strbuf *err);

/* A fingerprint of a run's verdicts (SHA-256 over them, sorted, in hex) and
 * how many there are: two runs that judged alike have the same one. */
int fleet_run_fingerprint(struct fleet *f, int64_t run, char hex[65], size_t *count,
			  struct strbuf *err);

/* Unit `unit` as a run identifies and judges it: one component, added to
 * inv, made of its part's stored document and its facts. */
int fleet_unit_component(struct fleet *f, int64_t unit, struct inventory *inv,
			 struct component **out, struct strbuf *err);

/* The fingerprint of the identify knowledge (data files besides rules and
 * profiles, hwdata's id files); a change makes the next run full. */
const char *fleet_kb_fingerprint(struct strbuf *out);
/* The profile's key: label and attributes; "none" for the exposure view. */
void fleet_profile_key(const struct profile *p, struct strbuf *out);

/* ---------------------------------------------------------------------- */
/* Reading the fleet for reports                                           */

struct fleet_filter {
	const char *const *sites; /* any of */
	size_t nsites;
	const char *const *tags; /* all of */
	size_t ntags;
	const char *const *hosts; /* any of: name or key */
	size_t nhosts;
};

/* How the filter's values are named in the caller's messages: as the
 * commands' options ("--site dc1-berln") or as the API's query arguments
 * ("site=dc1-berln"). */
enum fleet_filter_words { FILTER_OPTIONS, FILTER_QUERY };

/* Does every value of the filter name something in the store, and does the
 * whole filter select a host?  0 yes; 1 no, with err naming the value and
 * the store's nearest ones ("--site dc1-berln: no host in the store is at that site;
 * did you mean dc1-berlin?"); -1 on a store error. */
int fleet_filter_check(struct fleet *f, const struct fleet_filter *flt,
		       enum fleet_filter_words words, struct strbuf *err);

struct fleet_rule_sum {
	const char *rule_id, *version, *title, *jurisdiction;
	const char *authority, *citation, *url; /* the legal source, from the rule set */
	size_t hosts, components;                 /* with any finding of the rule */
	size_t binding_hosts, binding_components; /* with a binding finding */
	size_t verdicts[V__COUNT];                /* components per verdict */
	int worst;
	day_t next_deadline; /* earliest REMOVE-BY deadline of its findings; 0 none */
	size_t next_deadline_components;
	day_t upcoming; /* next date after the as-of date the rule's restrictions start or end */
	const char *upcoming_what;
};

struct fleet_finding {
	int64_t host, unit;
	const char *host_name, *host_key, *site;
	const char *ids; /* component ids, one per line */
	size_t count;    /* components (purchase quantities counted) */
	const char *kind, *part, *makers;
	const char *acquired_fact, *made_fact, *purpose_fact; /* the unit's facts, or NULL */
	const char *rule_id, *rule_version, *rule_title;
	enum verdict verdict;
	bool binding;
	day_t effective, deadline;
	const char *requires, *org, *org_name, *via, *relation, *acquired, *reason, *evidence;
};

/* A part of the (filtered) fleet whose maker, or chip maker where one applies,
 * is unknown: listed, never cleared. */
struct fleet_unidentified {
	const char *host_name, *host_key, *site;
	const char *ids;  /* component ids, one per line */
	size_t count;     /* components (purchase quantities counted) */
	const char *kind, *part, *makers;
	const char *reason; /* "maker: ...; chip maker: ..." */
};

/* A host of the (filtered) fleet whose last snapshot holds no component:
 * nothing was read from it (NOTHING_READ_REASON), never a clean host. */
struct fleet_unread_host {
	const char *host_name, *host_key, *site;
	const char *reason;
};

struct fleet_report {
	struct arena *arena;
	const char *profile; /* label, NULL: exposure view */
	day_t date;
	int64_t run;
	const char *ruleset;
	const struct fleet_filter *filter;
	size_t hosts, components; /* in the (filtered) fleet */
	size_t hosts_with_findings, components_with_findings;
	size_t not_identified_components; /* maker or chip maker unknown */
	struct fleet_unidentified *unidentified; /* those parts, by host name */
	size_t nunidentified;
	struct fleet_rule_sum *rules;     /* rules with findings, most severe first */
	size_t nrules;
	struct fleet_finding *findings; /* by host name, then severity */
	size_t nfindings;
	struct fleet_unread_host *nothing_read; /* by host name */
	size_t nnothing_read;
	int worst; /* worst verdict, -1 when there are no hosts; at least REVIEW
		    * when a host had nothing read */
};

/* Fan the verdicts of run out to the current snapshots of the hosts filter
 * selects (NULL: all).  rs gives titles and upcoming dates.  Free with
 * fleet_report_free. */
int fleet_report_build(struct fleet *f, int64_t run, const struct ruleset *rs,
		       const struct fleet_filter *filter, struct fleet_report **out,
		       struct strbuf *err);
void fleet_report_free(struct fleet_report *r);

/* ---------------------------------------------------------------------- */
/* What changed between two runs                                           */

enum fleet_change_type { CHANGE_NEW, CHANGE_CLEARED, CHANGE_VERDICT, CHANGE_DEADLINE };

struct fleet_change {
	enum fleet_change_type type;
	int64_t unit;
	const char *rule_id, *rule_title;
	const char *old_version, *new_version; /* NULL: not judged / rule absent */
	const char *old_ruleset, *new_ruleset;
	int old_verdict, new_verdict; /* -1: none */
	bool old_binding, new_binding;
	day_t old_deadline, new_deadline;
	const char *kind, *part, *makers, *org_name;
	const char *reason; /* the new reason, or the old one for a cleared finding */
	bool new_unit;      /* the unit was not judged by the old run */
	size_t hosts, components;
};

struct fleet_changes {
	struct arena *arena;
	int64_t old_run, new_run;
	const char *old_ruleset, *new_ruleset;
	day_t old_date, new_date;
	const char *profile;
	const struct fleet_filter *filter; /* the hosts counted (the caller's), or NULL */
	struct fleet_change *v; /* by rule, then type, then components (most first) */
	size_t n;
	size_t count[4];              /* per type */
	struct fleet_rule_sum *rules; /* rules with changes: their totals now */
	size_t nrules;
	/* lists and other sources that changed: "kind name: old -> new" */
	const char **sources;
	size_t nsources;
};

/* Compare run old_run with run new_run (old_run 0: everything is new). */
int fleet_changes_build(struct fleet *f, int64_t old_run, int64_t new_run, const struct ruleset *rs,
			const struct fleet_filter *filter, struct fleet_changes **out,
			struct strbuf *err);
void fleet_changes_free(struct fleet_changes *c);

/* ---------------------------------------------------------------------- */
/* Hosts, for `chipscreen hosts` (fleet-hosts.c)                           */

struct fleet_host_row {
	const char *name, *key, *site, *tags; /* tags: comma-separated, or NULL */
	const char *first_seen, *last_import;
	size_t components; /* in its last snapshot */
	bool retired;
	const char *retired_at;
};

/* Every host, retired ones too, by name (rows in a). */
int fleet_hosts_list(struct fleet *f, struct arena *a, struct fleet_host_row **out, size_t *n,
		     struct strbuf *err);
/* How many hosts the reports count (not retired); when none, why into why:
 * none imported yet, or every one retired (a report of nothing judged must
 * say which).  -1 with err. */
int fleet_hosts_current(struct fleet *f, struct strbuf *why, struct strbuf *err);
/* Retire the host named (or keyed) name: no report counts it any more; its
 * snapshots and verdicts stay.  -1 with err (none, several, store error). */
int fleet_host_retire(struct fleet *f, const char *name, struct strbuf *err);

/* ---------------------------------------------------------------------- */
/* Sizes, for `fleet --stats` and the benchmark                            */

struct fleet_stats {
	int64_t hosts, snapshots, parts, units, unit_rows, components, runs, verdicts;
	int64_t file_bytes;                         /* the database file (and its WAL) */
	int64_t document_bytes, document_raw_bytes; /* snapshot documents, stored / as JSON */
};
int fleet_stats(struct fleet *f, struct fleet_stats *s, struct strbuf *err);

/* ---------------------------------------------------------------------- */
/* Parts not identified, for the HTML report (fleet-unident.c)             */

struct fleet_unident_part {
	int64_t part_id;
	const char *kind, *part, *makers, *cls;
	const char *maker_reason; /* identify's reason the maker is unknown; NULL: known */
	const char *chip_reason;  /* the same for the chip maker; NULL: known or n/a */
	size_t hosts, components; /* in the hosts the filter selects */
	const char *first_host;   /* one of them, by name order */
};

/* Every part whose maker (or chip maker, where one applies) is unknown and
 * that a selected host's current snapshot holds; strings in a. */
int fleet_unidentified_list(struct fleet *f, const struct fleet_filter *flt, struct arena *a,
			    struct fleet_unident_part **out, size_t *n, struct strbuf *err);

/* Hosts per site (site NULL: hosts without one), most hosts first. */
struct fleet_site {
	const char *site;
	size_t hosts;
};
int fleet_site_counts(struct fleet *f, const struct fleet_filter *flt, struct arena *a,
		      struct fleet_site **out, size_t *n, struct strbuf *err);

#endif
