/*
 * lists.h — restricted-party lists: import from the files as published, and
 * the tables they live in (store module "lists").
 *
 * An import reads one file completely into memory (struct limport: entries
 * with their names, addresses and identifiers, plus the problems met, each
 * with its line), and only then replaces the source in the store, in one
 * transaction.  So a file that cannot be read, or holds no entry, leaves the
 * previous version of the source untouched, and readers never see half a
 * list.  Nor is a list downgraded unnoticed: inside that transaction, a file
 * the publisher dated before the loaded version, or with under half its
 * entries, is refused unless forced, and the replaced version is reported
 * and kept in list_history.  The publication date is the file's own where
 * its format states one, else the download's Last-Modified, else the mtime,
 * and the store says which (published_from).  Rows that are malformed (unbalanced quotes, wrong column count,
 * oversized fields) are skipped and reported with their line; bytes that are
 * not UTF-8 are read as Windows-1252 and reported; everything else is kept.
 * But a file whose end shows it was cut (limport_cut) is refused unless
 * forced, and so is a file that --format names as a format whose signature
 * it does not have while it has another's (the detection's signatures).
 *
 * Formats (detected from the content, or named with --format, which is
 * checked against the same signatures):
 *   ofac-csv     OFAC legacy CSV: sdn.csv (or cons_prim.csv) with alt.csv and
 *                add.csv (cons_alt.csv, cons_add.csv) read from beside it
 *   ofac-xml     OFAC sdnList XML (sdn.xml, consolidated.xml)
 *   csl-csv      trade.gov Consolidated Screening List CSV, current or legacy
 *                columns, and the older 36-column Entity List layout
 *   csl-json     CSL JSON: {"results": [...]} or a bare array
 *   dpl          BIS Denied Persons List, tab-separated
 *   ftm          OpenSanctions FollowTheMoney JSON lines
 *   special-leg  parties named in legislation (schema,name,aliases,... CSV)
 *   dod-1260h    DoD Section 1260H list CSV
 *   orgs         a flattened organisation and brand table (org_id, name, kind,
 *                source), for users' own tables (doc/matching.md)
 *   org-table    chipscreen's bundled organisation table: data/orgs.tsv and
 *                data/org-links.tsv, read by lists/orgtable.c
 *
 * Schema (store_ensure_schema "lists"): list_sources, list_entries,
 * list_names, list_addresses, list_ids, list_problems, list_history;
 * doc/matching.md.  lists update (lists/update.c, lists/fetch.c) fetches
 * the official files named in data/list-sources.tsv.
 */
#ifndef LISTS_H
#define LISTS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/strbuf.h"

struct lname {
	const char *name;
	const char *kind; /* primary, aka, fka, nka, weak, alias, previous, brand, ... */
	/* org-table names lent through a brand or subsidiary link: the link in a
	 * sentence ("ZhiTai (致态) is a brand of ...") and its confidence */
	const char *note, *confidence;
};

struct laddr {
	const char *text;
	const char *country; /* ISO 3166 alpha-2 when known, else as written */
};

struct lid {
	const char *type, *value, *country;
};

struct lentry {
	const char *ref;  /* the list's own id: OFAC ent_num, CSL _id, FtM id */
	const char *list; /* SDN, EL, DPL, ... */
	const char *type; /* individual, entity, vessel, aircraft, or "" */
	const char *name;
	const char *programs, *citation, *start_date, *end_date, *remarks, *url;
	/* the CSL's own columns (BIS lists): who needs a licence, and the policy */
	const char *license_requirement, *license_policy;
	struct lname *names;
	size_t nnames, capnames;
	struct laddr *addrs;
	size_t naddrs, capaddrs;
	struct lid *ids;
	size_t nids, capids;
	long line;
};

struct lproblem {
	long line;
	const char *file; /* NULL: the imported file itself */
	const char *what;
	bool dropped; /* the row was not imported (else only recoded) */
};

struct lwriter;

struct limport {
	struct arena *arena; /* the entries' strings: emptied after each batch written */
	struct arena *meta;  /* what outlives a batch: path, source, version, problems */
	const char *path, *format, *source, *version;
	struct lentry *e;
	size_t n, cap;
	struct lproblem *pb;
	size_t npb, cappb;
	size_t rows, dropped, recoded;
	size_t named; /* entries with a name: what will be stored */
	/* the publisher's date (YYYY-MM-DD) and where it was read; the URL the
	 * file was downloaded from, or NULL */
	const char *published, *published_from, *url;
	bool force; /* replace even a newer or twice larger loaded version */
	/* Streaming (lists_import_file): for formats whose reader never goes
	 * back to an entry once the next record starts, the transaction opens
	 * before reading and every LIMPORT_BATCH entries are written and their
	 * memory reused, so memory stays bounded whatever the file's size.  The
	 * price: the store's write lock is held while the file is read. */
	bool stream;
	struct lwriter *w;   /* the open transaction, or NULL */
	struct strbuf werr;  /* a batch that could not be written */
	size_t pb_more;      /* problems beyond LIMPORT_MAX_PROBLEMS: counted, not kept */
	/* The file ends early (limport_cut): where, as "inside <sdnEntry>", on
	 * which line, and in which file (NULL: the imported one; else a side
	 * file such as alt.csv).  NULL: the file is whole as far as its format
	 * can tell. */
	const char *cut, *cut_file;
	long cut_line;
};

#define LIMPORT_BATCH        4096
#define LIMPORT_MAX_PROBLEMS 10000

/* Formats whose import streams (csl-csv, dpl, special-leg, ftm, ofac-xml)
 * use bounded memory whatever the file's size: a 69 MB CSV of 400,000
 * entries took 25 MB (it took 500 MB held whole).  The others (ofac-csv,
 * whose alt.csv and add.csv refer back to every entry; csl-json, parsed as
 * one document; dod-1260h, orgs) hold the whole list in memory, so their
 * files above LISTS_MAX_BYTES are refused before they are read; streamed
 * files are bounded by LISTS_MAX_STREAM_BYTES (time and disk).
 * import_opts.max_bytes (lists import --max-size) changes either.  The
 * official lists are far smaller: the trade.gov CSL about 10 MiB, OFAC's
 * SDN CSV 2 MiB; OpenSanctions' combined sanctions data about 1 GiB. */
#define LISTS_MAX_BYTES        ((size_t)256 << 20)
#define LISTS_MAX_STREAM_BYTES ((size_t)8 << 30)
bool lists_format_streams(const char *format);

struct import_opts {
	const char *format; /* NULL: detect */
	const char *source; /* NULL: derived from the file */
	const char *today;  /* YYYY-MM-DD for imported_at; NULL: now */
	bool force;         /* allow an older or much smaller version (lists import --force) */
	/* the publisher's date when the file states none (HTTP Last-Modified),
	 * and where it came from; the download URL */
	const char *published, *published_from, *url;
	size_t max_bytes; /* 0: LISTS_MAX_BYTES */
	const char *label; /* recorded and shown as the file's path (a URL), or NULL */
	/* source was typed by the user (lists import --source): one that names
	 * no loaded source but is a letter or two from one, or from the file's
	 * own id, is refused unless forced ("cls" would sit beside csl) */
	bool source_typed;
};

struct import_result {
	char source[128], format[32], version[64];
	char published[32], published_from[160];
	size_t entries, names, addresses, ids, rows, dropped, recoded;
	/* the version this import replaced (replaced false: none was loaded) */
	bool replaced;
	char old_version[64], old_published[32], old_published_from[160];
	size_t old_entries;
};

/* Delete source, its entries, names, addresses, ids and problems, within the
 * caller's transaction.  1, 0 when there was no such source, or -1 with err. */
int lists_delete_source(struct store *st, const char *source, struct strbuf *err);
/* Before `lists remove` deletes source: a list_history row (format
 * "removed", 0 entries, replaced: what was loaded), so the audit trail shows
 * when a list stopped being screened against.  0, or -1 with err. */
int lists_record_removal(struct store *st, const char *source, struct strbuf *err);

/* The "lists" schema steps; call before any query. */
int lists_schema(struct store *st, struct strbuf *err);

/* Read path (any format above) and replace its source in the store.  On
 * failure (-1, err says why) the store is unchanged.  Problems found in rows
 * are printed to stderr (at most a screenful; all are kept in list_problems). */
int lists_import_file(struct store *st, const char *path, const struct import_opts *o,
		      struct import_result *res, struct strbuf *err);

/* The source id that importing path with o would replace (the store is not
 * touched; the format is detected as the import would).  -1 with err. */
int lists_file_source(const char *path, const struct import_opts *o, char *buf, size_t n,
		      struct strbuf *err);

/* The hook for a flattened organisation and brand table (TSV: org_id, name,
 * kind, source; doc/matching.md).  Same as lists_import_file with format "orgs". */
int lists_import_orgs(struct store *st, const char *path, struct import_result *res,
		      struct strbuf *err);

/* Import chipscreen's own organisation table (dir/orgs.tsv and
 * dir/org-links.tsv; dir NULL: data_dir()) as source ORGTABLE_SOURCE, with
 * the brand and subsidiary links that hold on day (0: today).  -1 with err
 * naming the file and line when a table is damaged; the store is unchanged. */
#define ORGTABLE_SOURCE "chipscreen-orgs"
int lists_import_org_table(struct store *st, const char *dir, day_t day, struct import_result *res,
			   struct strbuf *err);

/* Read the same tables into imp (lists/orgtable.c): one entry per
 * organisation (list ORG) with its name (kind "name") and aliases ("alias"),
 * and, for every brand or subsidiary link holding on day, the names of the
 * brand or subsidiary lent to each owner above it (kind "brand" when every
 * step is a brand, else "subsidiary"), with the chain of links as note and
 * the weakest confidence on the way.  Affiliates lend nothing. */
int orgtable_read(struct limport *imp, const char *dir, day_t day, struct strbuf *err);

/* Download url to dest (lists/fetch.c): https only, or http to this
 * machine's loopback; bounded in time and size.  -1 with err. */
struct fetch_opts {
	long timeout;     /* seconds, 0: 600 */
	size_t max_bytes; /* 0: LISTS_MAX_BYTES */
};
struct fetch_result {
	size_t bytes;
	char last_modified[16]; /* YYYY-MM-DD from Last-Modified, or "" */
};
int lists_fetch(const char *url, const char *dest, const struct fetch_opts *o,
		struct fetch_result *res, struct strbuf *err);

/* `lists update` (lists/update.c): the sources of data/list-sources.tsv,
 * fetched (or read from from_dir), all of them before any is imported;
 * then each imported as lists_import_file does.  done is called for each
 * imported source.  -1 with err when any failed. */
struct update_opts {
	const char *table;    /* the sources table; NULL: data/list-sources.tsv */
	const char *from_dir; /* read DIR/<file> instead of downloading */
	const char *mirror;   /* fetch BASE/<file> instead of each source's url */
	const char *const *urls; /* "ID=URL" overrides */
	size_t nurls;
	const char *only;     /* comma-separated source ids; NULL: every default one */
	bool optional;        /* also the optional sources (OpenSanctions) */
	bool force;
	long timeout;
	size_t max_bytes;
	void (*done)(const char *what, const struct import_result *r);
};
int lists_update(struct store *st, const struct update_opts *o, struct strbuf *err);

/* A loaded source, as the audit trail of a screening names it
 * (lists/sources.c). */
struct lsource {
	char id[128], format[32], version[64];
	char published[32];        /* YYYY-MM-DD, or "" when unknown */
	char published_from[160];  /* where that date was read */
	char imported_at[32];
	char origin[512];          /* the URL downloaded from, else the file imported */
	size_t entries;
};

/* The loaded sources, by id; free(*out).  -1 with err. */
int lists_sources(struct store *st, struct lsource **out, size_t *n, struct strbuf *err);
const struct lsource *lists_source_find(const struct lsource *v, size_t n, const char *id);
/* "file" (the file's own date), "http" (Last-Modified), "mtime", or "none". */
const char *lsource_date_kind(const struct lsource *s);

/* A source published longer ago than this many days is warned about on
 * every screening; $CHIPSCREEN_LISTS_MAX_AGE (days, 0: never) changes it. */
#define LISTS_MAX_AGE_DAYS 7
int lists_max_age_days(void);
/* At the start of a screening (cmd: the command's name): when verbose, one
 * line per source on stderr ("screening against ..."); always a warning for
 * each list older than lists_max_age_days() or of unknown date.  Returns the
 * number of such warnings. */
int lists_announce(const struct lsource *v, size_t n, const char *cmd, bool verbose);
/* lists_announce's warnings only, for st's lists (search, compare --db). */
int lists_check_age(struct store *st, const char *cmd);
/* A --source filter (comma-separated source ids or list codes, any case, as
 * the index compares them): -1 with err naming the first item that names no
 * loaded source and no list of any loaded entry.  A typo would otherwise
 * screen against nothing and report "no hit". */
int lists_check_filter(struct store *st, const char *filter, struct strbuf *err);
/* The audit trail of a hit on source, into the JSON object o: list_source,
 * list_version, list_date, list_date_from (search --json; lists/hit-json.c
 * adds screened_at after). */
struct cJSON;
void lists_audit_json(struct cJSON *o, const struct lsource *v, size_t n, const char *source);

/* A readable name for a hit's list code: for an OpenSanctions entity's
 * comma list of dataset ids, the title of the first one named in
 * data/opensanctions-datasets.tsv and how many more ("US OFAC Specially
 * Designated Nationals (SDN) List (OpenSanctions us_ofac_sdn) and 3 more
 * datasets"), in buf; any other code is returned as it is. */
const char *lists_list_title(const char *list, struct strbuf *buf);

/* ---- internals shared by the format readers (lists/fmt-*.c) ---- */

struct limport *limport_new(const char *path);
void limport_free(struct limport *imp);
struct lentry *limport_entry(struct limport *imp, long line);
void lentry_name(struct limport *imp, struct lentry *e, const char *name, const char *kind);
/* Same, returning the name added (NULL when empty or already there). */
struct lname *lentry_name_new(struct limport *imp, struct lentry *e, const char *name,
			      const char *kind);
void lentry_addr(struct limport *imp, struct lentry *e, const char *text, const char *country);
void lentry_id(struct limport *imp, struct lentry *e, const char *type, const char *value,
	       const char *country);
/* A problem met at line; the first LIMPORT_MAX_PROBLEMS are kept (the
 * pointer, to set its file), the rest only counted (NULL). */
struct lproblem *limport_problem(struct limport *imp, long line, bool dropped, const char *fmt,
				 ...) __attribute__((format(printf, 4, 5)));
/* A reader found that the file ends early: an XML document whose root
 * element is never closed, a JSON-lines file whose last line is not a whole
 * value, a CSV whose last record ends inside a quoted field.  where says
 * where it ends ("inside <sdnEntry>"); only the first call counts.  The
 * import is then refused unless forced: a download cut short would else
 * become the screening basis with its last entries missing, and on a first
 * import no loaded version shows the shortfall.  A damaged record in the
 * middle of a whole file is only a problem (limport_problem). */
void limport_cut(struct limport *imp, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Readers call this between records: when streaming, a full batch is
 * written and its memory reused.  Nothing a reader holds from imp->arena
 * may live across the call but through imp->e. */
void limport_between(struct limport *imp);
/* Open the import's transaction now (streaming); limport_commit ends it,
 * limport_abort rolls it back. */
int limport_begin(struct store *st, struct limport *imp, struct strbuf *err);
void limport_abort(struct limport *imp);
/* Write imp (read completely) to the store, replacing its source, in one
 * transaction; fills res.  -1 with err: the store is unchanged. */
int limport_commit(struct store *st, struct limport *imp, struct import_result *res,
		   struct strbuf *err);
/* A copy of s trimmed, with -0- and "" made NULL; NULL stays NULL. */
const char *limport_str(struct limport *imp, const char *s);
/* ISO alpha-2 code for a country name or code, or NULL (iso-codes package). */
const char *country_code(const char *name);
/* The same for what a user gives as a country (search --country, a
 * screen-names country column): NULL also for two letters that are no
 * assigned code ("XX"), so that a typo is said, not compared with every
 * listed country as "listed elsewhere". */
const char *country_code_given(const char *name);
/* What kind of party an entry's type names, whichever list's words it is
 * in (OFAC individual/entity/vessel/aircraft, the CSL's capitalised ones,
 * FtM Person/Company/Organization/LegalEntity/PublicBody/Vessel/Airplane,
 * organisation), or what a user asks for (person, organization, ...);
 * PARTY_UNKNOWN for an empty or unknown type, which rules out nothing. */
enum party_kind { PARTY_UNKNOWN, PARTY_PERSON, PARTY_ORG, PARTY_VESSEL, PARTY_AIRCRAFT };
enum party_kind party_kind(const char *type);

int fmt_ofac_csv(struct limport *imp, struct strbuf *err);
int fmt_ofac_xml(struct limport *imp, struct strbuf *err);
int fmt_csl_csv(struct limport *imp, struct strbuf *err);
int fmt_csl_json(struct limport *imp, struct strbuf *err);
int fmt_dpl(struct limport *imp, struct strbuf *err);
int fmt_ftm(struct limport *imp, struct strbuf *err);
int fmt_special_leg(struct limport *imp, struct strbuf *err);
int fmt_dod_1260h(struct limport *imp, struct strbuf *err);
int fmt_orgs(struct limport *imp, struct strbuf *err);

#endif
