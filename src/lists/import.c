/*
 * import.c — format detection, the in-memory import, and the atomic swap of a
 * source in the store.
 */
#include "lists/lists.h"
#include "match/normalize.h"
#include "util/country.h"
#include "util/datadir.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const struct store_step schema[] = {
	{1, "CREATE TABLE list_sources("
	    " id TEXT PRIMARY KEY, format TEXT NOT NULL, path TEXT NOT NULL,"
	    " version TEXT, imported_at TEXT NOT NULL,"
	    " entries INTEGER NOT NULL, names INTEGER NOT NULL, addresses INTEGER NOT NULL,"
	    " ids INTEGER NOT NULL, rows INTEGER NOT NULL, dropped INTEGER NOT NULL,"
	    " recoded INTEGER NOT NULL);"
	    "CREATE TABLE list_entries("
	    " id INTEGER PRIMARY KEY, source TEXT NOT NULL REFERENCES list_sources(id),"
	    " ref TEXT, list TEXT NOT NULL, type TEXT, name TEXT NOT NULL, programs TEXT,"
	    " citation TEXT, start_date TEXT, end_date TEXT, remarks TEXT, url TEXT,"
	    " line INTEGER);"
	    "CREATE INDEX list_entries_source ON list_entries(source);"
	    "CREATE TABLE list_names("
	    " id INTEGER PRIMARY KEY, entry INTEGER NOT NULL REFERENCES list_entries(id),"
	    " name TEXT NOT NULL, kind TEXT NOT NULL);"
	    "CREATE INDEX list_names_entry ON list_names(entry);"
	    "CREATE TABLE list_addresses("
	    " entry INTEGER NOT NULL REFERENCES list_entries(id), address TEXT, country TEXT);"
	    "CREATE INDEX list_addresses_entry ON list_addresses(entry);"
	    "CREATE TABLE list_ids("
	    " entry INTEGER NOT NULL REFERENCES list_entries(id), type TEXT, value TEXT NOT NULL,"
	    " norm TEXT NOT NULL, country TEXT);"
	    "CREATE INDEX list_ids_entry ON list_ids(entry);"
	    "CREATE INDEX list_ids_norm ON list_ids(norm);"
	    "CREATE TABLE list_problems("
	    " source TEXT NOT NULL, file TEXT, line INTEGER, dropped INTEGER NOT NULL,"
	    " what TEXT NOT NULL);"
	    "CREATE INDEX list_problems_source ON list_problems(source);"},
	/* the CSL's licence columns; the links behind names lent by the org table */
	{2, "ALTER TABLE list_entries ADD COLUMN license_requirement TEXT;"
	    "ALTER TABLE list_entries ADD COLUMN license_policy TEXT;"
	    "ALTER TABLE list_names ADD COLUMN note TEXT;"
	    "ALTER TABLE list_names ADD COLUMN confidence TEXT;"},
	/* the publisher's date and where it was read (13.2), where the file came
	 * from, and every version ever loaded, for the audit trail */
	{3, "ALTER TABLE list_sources ADD COLUMN published TEXT;"
	    "ALTER TABLE list_sources ADD COLUMN published_from TEXT;"
	    "ALTER TABLE list_sources ADD COLUMN url TEXT;"
	    "CREATE TABLE list_history("
	    " source TEXT NOT NULL, imported_at TEXT NOT NULL, format TEXT NOT NULL,"
	    " path TEXT NOT NULL, url TEXT, version TEXT, published TEXT, published_from TEXT,"
	    " entries INTEGER NOT NULL, replaced TEXT);"
	    "CREATE INDEX list_history_source ON list_history(source);"},
	/* Step 3 left the lists loaded before it without a publication date (so
	 * every search warned "age unknown" and the downgrade check had nothing
	 * to compare) and without history (lists history: "no import recorded").
	 * Their dates were in version: "file date D" (the file's mtime) or the
	 * date a dated format read from the file. */
	{4, "UPDATE list_sources SET published = substr(version, 11, 10),"
	    " published_from = 'the file''s modification time (the file states no date)',"
	    " version = NULL"
	    " WHERE published IS NULL AND version LIKE 'file date ____-__-__';"
	    "UPDATE list_sources SET published = substr(version, 1, 10),"
	    " published_from = CASE format"
	    "  WHEN 'ofac-xml' THEN 'the file''s publshInformation Publish_Date'"
	    "  WHEN 'dpl' THEN 'the newest Last_Update in the file'"
	    "  WHEN 'dod-1260h' THEN 'the newest listing start date in the file'"
	    "  ELSE 'the newest last_change in the file' END"
	    " WHERE published IS NULL AND format IN ('ofac-xml', 'dpl', 'dod-1260h', 'ftm')"
	    " AND version GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*';"
	    "INSERT INTO list_history(source, imported_at, format, path, url, version, published,"
	    " published_from, entries, replaced)"
	    " SELECT id, imported_at, format, path, url, version, published, published_from,"
	    " entries, NULL FROM list_sources s WHERE NOT EXISTS (SELECT 1 FROM list_history h"
	    " WHERE h.source = s.id AND h.imported_at = s.imported_at);"},
	/* the built name index of the lists as loaded (lists/index-load.c): one
	 * row, its key what it was built from */
	{5, "CREATE TABLE list_index(key TEXT NOT NULL, data BLOB NOT NULL);"},
};

/* The version of the lists tables in st (0: none yet), or -1. */
static int schema_have(struct store *st)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT version FROM schema_versions WHERE module = 'lists'",
			       -1, &q, NULL))
		return -1;
	int v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
	sqlite3_finalize(q);
	return v;
}

int lists_schema(struct store *st, struct strbuf *err)
{
	const int latest = schema[sizeof schema / sizeof *schema - 1].version;
	const int upgraded = 4; /* the last step that changes what is loaded */
	int have = schema_have(st);
	if (store_ensure_schema(st, "lists", schema, sizeof schema / sizeof *schema, err) < 0)
		return -1;
	/* an upgrade is said once, with what became of the data */
	if (have > 0 && have < upgraded) { /* 5 adds a table of its own: nothing to say */
		sqlite3_stmt *q;
		int n = -1;
		if (!sqlite3_prepare_v2(st->db, "SELECT count(*) FROM list_sources", -1, &q, NULL) &&
		    sqlite3_step(q) == SQLITE_ROW)
			n = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		log_warn("%s: the lists tables were upgraded from version %d to %d; the %d "
			 "sources loaded are kept, their publication dates taken from their "
			 "old version column, and recorded as the first entries of lists history",
			 st->path, have, latest, n);
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The in-memory import                                                    */

struct limport *limport_new(const char *path)
{
	struct limport *imp = xcalloc(1, sizeof *imp);
	imp->arena = arena_new();
	imp->meta = arena_new();
	strbuf_init(&imp->werr, 0);
	imp->path = arena_strdup(imp->meta, path);
	return imp;
}

void limport_free(struct limport *imp)
{
	if (!imp)
		return;
	limport_abort(imp);
	arena_free(imp->arena);
	arena_free(imp->meta);
	strbuf_release(&imp->werr);
	free(imp);
}

struct lentry *limport_entry(struct limport *imp, long line)
{
	struct lentry *e = ARENA_PUSH(imp->arena, imp->e, imp->n, imp->cap);
	memset(e, 0, sizeof *e);
	e->line = line;
	e->type = "";
	return e;
}

/* Control bytes count as blanks: they become spaces in the value, so a
 * field of only control bytes trims to nothing, as a field of spaces does. */
static bool blank(char c)
{
	return (unsigned char)c <= ' ';
}

const char *limport_str(struct limport *imp, const char *s)
{
	if (!s)
		return NULL;
	while (*s && blank(*s))
		s++;
	size_t n = strlen(s);
	while (n && blank(s[n - 1]))
		n--;
	if (!n || (n == 3 && !memcmp(s, "-0-", 3)))
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	if (utf8_or_cp1252(&sb, s, n))
		imp->recoded++;
	/* C1 controls U+0091/U+0092 are Windows-1252 quotes carried into UTF-8. */
	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; i < sb.len; i++) {
		unsigned char c = (unsigned char)sb.buf[i];
		if (c == 0xC2 && i + 1 < sb.len &&
		    ((unsigned char)sb.buf[i + 1] == 0x91 ||
		     (unsigned char)sb.buf[i + 1] == 0x92)) {
			strbuf_addstr(&out,
				      (unsigned char)sb.buf[i + 1] == 0x91 ? "\u2018" : "\u2019");
			i++;
		} else if (c < 0x20) {
			strbuf_addch(&out, ' ');
		} else {
			strbuf_addch(&out, (char)c);
		}
	}
	const char *r = arena_strndup(imp->arena, out.buf, out.len);
	strbuf_release(&sb);
	strbuf_release(&out);
	return r;
}

struct lname *lentry_name_new(struct limport *imp, struct lentry *e, const char *name,
			      const char *kind)
{
	name = limport_str(imp, name);
	if (!name)
		return NULL;
	for (size_t i = 0; i < e->nnames; i++)
		if (!strcmp(e->names[i].name, name))
			return NULL;
	struct lname *n = ARENA_PUSH(imp->arena, e->names, e->nnames, e->capnames);
	memset(n, 0, sizeof *n);
	n->name = name;
	n->kind = arena_strdup(imp->arena, kind);
	if (!e->name)
		e->name = name;
	return n;
}

void lentry_name(struct limport *imp, struct lentry *e, const char *name, const char *kind)
{
	lentry_name_new(imp, e, name, kind);
}

void lentry_addr(struct limport *imp, struct lentry *e, const char *text, const char *country)
{
	text = limport_str(imp, text);
	country = limport_str(imp, country);
	if (!text && !country)
		return;
	struct laddr *a = ARENA_PUSH(imp->arena, e->addrs, e->naddrs, e->capaddrs);
	a->text = text;
	const char *cc = country ? country_code(country) : NULL;
	a->country = cc ? arena_strdup(imp->arena, cc) : country;
}

void lentry_id(struct limport *imp, struct lentry *e, const char *type, const char *value,
	       const char *country)
{
	value = limport_str(imp, value);
	if (!value)
		return;
	struct lid *d = ARENA_PUSH(imp->arena, e->ids, e->nids, e->capids);
	d->type = limport_str(imp, type);
	d->value = value;
	d->country = limport_str(imp, country);
}

struct lproblem *limport_problem(struct limport *imp, long line, bool dropped, const char *fmt,
				 ...)
{
	if (dropped)
		imp->dropped++;
	if (imp->npb >= LIMPORT_MAX_PROBLEMS) { /* a file of garbage must not fill memory */
		imp->pb_more++;
		return NULL;
	}
	va_list ap;
	va_start(ap, fmt);
	struct lproblem *p = ARENA_PUSH(imp->meta, imp->pb, imp->npb, imp->cappb);
	p->line = line;
	p->file = NULL;
	p->dropped = dropped;
	p->what = arena_vprintf(imp->meta, fmt, ap);
	va_end(ap);
	return p;
}

void limport_cut(struct limport *imp, const char *file, long line, const char *fmt, ...)
{
	if (imp->cut)
		return;
	va_list ap;
	va_start(ap, fmt);
	imp->cut = arena_vprintf(imp->meta, fmt, ap);
	va_end(ap);
	imp->cut_file = file ? arena_strdup(imp->meta, file) : NULL;
	imp->cut_line = line;
}

/* ---------------------------------------------------------------------- */
/* Countries (Debian iso-codes)                                            */

struct country {
	char *key, *code;
};
static struct country *countries;
static size_t ncountries;
static pthread_once_t countries_once = PTHREAD_ONCE_INIT; /* the server searches in threads */

static void country_add(const char *name, const char *code)
{
	struct strbuf k = STRBUF_INIT;
	normalize_plain(name, &k);
	countries = xreallocarray(countries, ncountries + 1, sizeof *countries);
	countries[ncountries].key = strbuf_detach(&k, NULL);
	countries[ncountries].code = xstrdup(code);
	ncountries++;
}

static void countries_load(void)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	const char *path = "/usr/share/iso-codes/json/iso_3166-1.json";
	if (read_file(path, 1 << 22, &text, &err) < 0) {
		log_warn("%s (install the iso-codes package): country names stay as written",
			 err.buf);
	} else {
		cJSON *j = cJSON_Parse(text.buf);
		cJSON *arr = cJSON_GetObjectItem(j, "3166-1"), *c;
		cJSON_ArrayForEach(c, arr)
		{
			const char *code = cJSON_GetStringValue(cJSON_GetObjectItem(c, "alpha_2"));
			/* alpha_3 too: CHN, RUS, USA are ISO 3166 codes, the
			 * ones many supplier masters hold (no name is three
			 * letters, so none is taken for another) */
			const char *keys[] = {"name", "official_name", "common_name", "alpha_3"};
			for (int i = 0; code && i < 4; i++) {
				const char *v =
					cJSON_GetStringValue(cJSON_GetObjectItem(c, keys[i]));
				if (v)
					country_add(v, code);
			}
		}
		cJSON_Delete(j);
	}
	/* Names the US lists use that ISO spells otherwise (OFAC, BIS usage). */
	static const char *const us_usage[][2] = {
		{"Burma", "MM"},       {"Korea, North", "KP"},
		{"North Korea", "KP"}, {"Korea, South", "KR"},
		{"South Korea", "KR"}, {"Russia", "RU"},
		{"Iran", "IR"},        {"Syria", "SY"},
		{"Vietnam", "VN"},     {"Laos", "LA"},
		{"Moldova", "MD"},     {"Venezuela", "VE"},
		{"Bolivia", "BO"},     {"Tanzania", "TZ"},
		{"Taiwan", "TW"},      {"Hong Kong", "HK"},
		{"Macau", "MO"},       {"Congo, Democratic Republic of the", "CD"},
		{"Turkey", "TR"},      {"Czech Republic", "CZ"},
		{"Palestinian", "PS"}, {"West Bank", "PS"},
		{"Gaza", "PS"},        {"Kosovo", "XK"},
	};
	for (size_t i = 0; i < sizeof us_usage / sizeof *us_usage; i++)
		country_add(us_usage[i][0], us_usage[i][1]);
	strbuf_release(&text);
	strbuf_release(&err);
}

const char *country_code(const char *name)
{
	pthread_once(&countries_once, countries_load);
	size_t n = strlen(name);
	static _Thread_local char code[3]; /* each searching thread its own */
	if (n == 2 && isalpha((unsigned char)name[0]) && isalpha((unsigned char)name[1])) {
		code[0] = (char)toupper((unsigned char)name[0]);
		code[1] = (char)toupper((unsigned char)name[1]);
		code[2] = '\0';
		/* UK: reserved in ISO 3166-1 at the United Kingdom's request */
		if (!strcmp(code, "UK"))
			code[1] = 'B', code[0] = 'G';
		return code;
	}
	struct strbuf k = STRBUF_INIT;
	normalize_plain(name, &k);
	const char *r = NULL;
	for (size_t i = 0; i < ncountries && !r; i++)
		if (!strcmp(countries[i].key, k.buf))
			r = countries[i].code;
	strbuf_release(&k);
	return r;
}

const char *country_code_given(const char *name)
{
	char cc[3];
	const char *c = country_code(name);
	/* an unreadable ISO table (-1) leaves two letters unchecked, as
	 * country_code takes them */
	return c && (strlen(name) != 2 || country_code_check(c, cc) != 0) ? c : NULL;
}

enum party_kind party_kind(const char *type)
{
	static const struct {
		const char *word;
		enum party_kind kind;
	} words[] = {
		{"individual", PARTY_PERSON},  {"person", PARTY_PERSON},
		{"entity", PARTY_ORG},         {"organization", PARTY_ORG},
		{"organisation", PARTY_ORG},   {"company", PARTY_ORG},
		{"legalentity", PARTY_ORG},    {"publicbody", PARTY_ORG},
		{"vessel", PARTY_VESSEL},      {"aircraft", PARTY_AIRCRAFT},
		{"airplane", PARTY_AIRCRAFT},
	};
	for (size_t i = 0; type && i < sizeof words / sizeof *words; i++)
		if (!strcasecmp(type, words[i].word))
			return words[i].kind;
	return PARTY_UNKNOWN;
}

/* ---------------------------------------------------------------------- */
/* Detection                                                               */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static char *stem(const char *path)
{
	char *s = xstrdup(base_name(path));
	const char *exts[] = {".ftm.json", ".jsonl", ".json", ".csv", ".txt", ".xml", ".tsv"};
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		size_t n = strlen(s), k = strlen(exts[i]);
		if (n > k && !strcasecmp(s + n - k, exts[i])) {
			s[n - k] = '\0';
			break;
		}
	}
	return s;
}

/*
 * The format whose signature head (the file's first bytes, NUL-terminated)
 * has, or NULL: what auto-detection takes, and what an explicit --format is
 * checked against (resolve).  *sure is false when it is only a guess: a
 * JSON object on a first line longer than head, with neither FtM's keys nor
 * "results" in view, is taken for CSL JSON, but says nothing against
 * --format ftm.
 */
static const char *detect(const char *head, size_t n, bool *sure)
{
	size_t i = 0;
	*sure = true;
	if (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && isspace((unsigned char)head[i]))
		i++;
	const char *s = head + i;
	if (i == n)
		return NULL;
	if (*s == '<')
		return strstr(s, "sdnList") ? "ofac-xml" : NULL;
	if (*s == '[')
		return "csl-json";
	if (*s == '{') {
		const char *nl = memchr(s, '\n', n - i);
		size_t len = nl ? (size_t)(nl - s) : n - i;
		cJSON *j = cJSON_ParseWithLength(s, len);
		bool ftm = j && cJSON_GetObjectItem(j, "schema") &&
			   cJSON_GetObjectItem(j, "properties");
		if (!j) { /* a first line longer than head: its keys in view */
			ftm = strstr(s, "\"schema\"") && strstr(s, "\"properties\"");
			*sure = ftm || strstr(s, "\"results\"");
		}
		cJSON_Delete(j);
		return ftm ? "ftm" : "csl-json";
	}
	if (!strncmp(s, "_id,source,entity_number", 24) ||
	    !strncmp(s, "source,entity_number,type,programs,name", 39) ||
	    !strncmp(s, "Source List,Entity Number", 25))
		return "csl-csv";
	if (!strncmp(s, "\"Name\"\t\"Street_Address\"", strlen("\"Name\"\t\"Street_Address\"")) ||
	    !strncmp(s, "Name\tStreet_Address", strlen("Name\tStreet_Address")))
		return "dpl";
	if (!strncmp(s, "schema,name,aliases,topics,program", 34))
		return "special-leg";
	if (!strncmp(s, "Name,Clean Name,Alias", 21))
		return "dod-1260h";
	if (!strncmp(s, "org_id\tname\tkind\tsource", 23))
		return "orgs";
	/* OFAC legacy: ent_num,"NAME",... */
	size_t d = 0;
	while (d < n - i && isdigit((unsigned char)s[d]))
		d++;
	if (d > 0 && d < n - i && s[d] == ',')
		return "ofac-csv";
	return NULL;
}

/* The comma-separated format head would be detected as, had a spreadsheet
 * not saved it with delim between the fields of its first line ("_id;source;
 * entity_number;..."), or NULL. */
static const char *resaved_with(const char *head, size_t n, char delim)
{
	char line[512];
	size_t k = 0;
	for (size_t i = 0; i < n && head[i] != '\n' && k + 1 < sizeof line; i++)
		line[k++] = head[i] == delim ? ',' : head[i] == ',' ? delim : head[i];
	line[k] = '\0';
	if (!memchr(head, delim, k))
		return NULL;
	bool sure;
	const char *f = detect(line, k, &sure);
	/* the comma formats only: the DPL and the org table are tab-separated */
	return f && strcmp(f, "dpl") && strcmp(f, "orgs") && strcmp(f, "ofac-csv") ? f : NULL;
}

static char *default_source(const char *format, const char *path)
{
	char *st = stem(path), *r;
	struct strbuf sb = STRBUF_INIT;
	if (!strcmp(format, "ofac-csv") || !strcmp(format, "ofac-xml")) {
		if (strstr(st, "cons"))
			strbuf_addstr(&sb, "ofac-cons");
		else if (!strcmp(st, "sdn"))
			strbuf_addstr(&sb, "ofac-sdn");
		else
			strbuf_addf(&sb, "ofac-%s", st);
	} else if (!strcmp(format, "csl-csv") || !strcmp(format, "csl-json")) {
		if (!strncmp(st, "consolidated", 12))
			strbuf_addstr(&sb, "csl");
		else
			strbuf_addf(&sb, "csl-%s", st);
	} else if (!strcmp(format, "dpl")) {
		strbuf_addstr(&sb, "bis-dpl");
	} else if (!strcmp(format, "ftm")) {
		strbuf_addf(&sb, "ftm-%s", st);
	} else if (!strcmp(format, "special-leg")) {
		strbuf_addf(&sb, "us-%s", st);
	} else if (!strcmp(format, "dod-1260h")) {
		strbuf_addstr(&sb, "dod-1260h");
	} else {
		strbuf_addstr(&sb, "orgs");
	}
	free(st);
	r = strbuf_detach(&sb, NULL);
	/* no comma: --source splits at commas, "us-sec 889, copy (1)" (from
	 * a download saved twice) could never be chosen alone */
	for (char *c = r; (c = strchr(c, ',')); c++)
		*c = '-';
	return r;
}

static const struct {
	const char *name;
	int (*read)(struct limport *, struct strbuf *);
} formats[] = {
	{"ofac-csv", fmt_ofac_csv},
	{"ofac-xml", fmt_ofac_xml},
	{"csl-csv", fmt_csl_csv},
	{"csl-json", fmt_csl_json},
	{"dpl", fmt_dpl},
	{"ftm", fmt_ftm},
	{"special-leg", fmt_special_leg},
	{"dod-1260h", fmt_dod_1260h},
	{"orgs", fmt_orgs},
};

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

static int bind_text(sqlite3_stmt *q, int i, const char *s)
{
	return s ? sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i);
}

static void id_norm(const char *v, struct strbuf *out)
{
	strbuf_reset(out);
	for (const char *p = v; *p; p++)
		if (isalnum((unsigned char)*p))
			strbuf_addch(out, (char)toupper((unsigned char)*p));
		else if ((unsigned char)*p >= 0x80)
			strbuf_addch(out, *p);
}

static int step_done(struct store *st, sqlite3_stmt *q, struct strbuf *err, const char *what)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_error(st, err, what);
	return 0;
}

/* One row per version ever loaded: what an auditor asks for ("which list did
 * you screen against on that day?"). */
static int write_history(struct store *st, struct limport *imp, const char *now,
			 const struct import_result *res, struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO list_history(source, imported_at, format, path, url,"
			       " version, published, published_from, entries, replaced)"
			       " VALUES(?,?,?,?,?,?,?,?,?,?)",
			       -1, &q, NULL))
		return store_error(st, err, "recording the history");
	char old[256];
	snprintf(old, sizeof old, "version %s, published %s, %zu entries",
		 res->old_version[0] ? res->old_version : "-",
		 res->old_published[0] ? res->old_published : "-", res->old_entries);
	bind_text(q, 1, imp->source);
	bind_text(q, 2, now);
	bind_text(q, 3, imp->format);
	bind_text(q, 4, imp->path);
	bind_text(q, 5, imp->url);
	bind_text(q, 6, imp->version);
	bind_text(q, 7, imp->published);
	bind_text(q, 8, imp->published_from);
	sqlite3_bind_int64(q, 9, (sqlite3_int64)res->entries);
	bind_text(q, 10, res->replaced ? old : NULL);
	int rc = step_done(st, q, err, "recording the history");
	sqlite3_finalize(q);
	return rc;
}

/* ---- the writer: one transaction from writer_start to the commit ---- */

struct lwriter {
	struct store *st;
	sqlite3_stmt *qe, *qn, *qa, *qi;
	struct strbuf norm;
	char now[32];
	struct import_result res; /* counts written, and the version replaced */
};

static void writer_free(struct lwriter *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->qe);
	sqlite3_finalize(w->qn);
	sqlite3_finalize(w->qa);
	sqlite3_finalize(w->qi);
	strbuf_release(&w->norm);
	free(w);
}

/* The loaded version of imp's source, if any, into res->old_*. */
static int read_old(struct store *st, struct limport *imp, struct import_result *res,
		    struct strbuf *err)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT version, published, published_from, entries FROM list_sources"
			       " WHERE id = ?",
			       -1, &q, NULL))
		return store_error(st, err, "reading the loaded version");
	sqlite3_bind_text(q, 1, imp->source, -1, SQLITE_STATIC);
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		const char *c[3];
		for (int i = 0; i < 3; i++)
			c[i] = (const char *)sqlite3_column_text(q, i);
		res->replaced = true;
		snprintf(res->old_version, sizeof res->old_version, "%s", c[0] ? c[0] : "");
		snprintf(res->old_published, sizeof res->old_published, "%s", c[1] ? c[1] : "");
		snprintf(res->old_published_from, sizeof res->old_published_from, "%s",
			 c[2] ? c[2] : "");
		res->old_entries = (size_t)sqlite3_column_int64(q, 3);
	}
	sqlite3_finalize(q);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_error(st, err, "reading the loaded version");
	return 0;
}

/* The rules that keep a list from being downgraded unnoticed (imp->force
 * lifts them): a file the publisher dated before the loaded version is
 * refused, and so is one with under half the loaded version's entries.
 * Decided inside the import's transaction, so no other import slips in. */
static bool in_future(const char *d);

static int refuse_downgrade(const struct limport *imp, const struct import_result *res,
			    struct strbuf *err)
{
	if (!res->replaced || imp->force)
		return 0;
	strbuf_reset(err);
	/* a loaded date in the future (an earlier chipscreen took it) is no
	 * reference: every real list would be "older" */
	if (imp->published && res->old_published[0] && !in_future(res->old_published) &&
	    strcmp(imp->published, res->old_published) < 0) {
		strbuf_addf(err,
			    "%s: published %s (%s), older than the loaded version of %s (published "
			    "%s, %s; %zu entries); nothing imported (--force imports an older "
			    "list anyway)",
			    imp->path, imp->published, imp->published_from, imp->source,
			    res->old_published, res->old_published_from, res->old_entries);
		return -1;
	}
	if (imp->named * 2 < res->old_entries) {
		strbuf_addf(err,
			    "%s: %zu entries, under half of the %zu in the loaded version of %s "
			    "(published %s); nothing imported (--force if the list really shrank)",
			    imp->path, imp->named, res->old_entries, imp->source,
			    res->old_published[0] ? res->old_published : "at an unknown date");
		return -1;
	}
	return 0;
}

/* Open the transaction, note the loaded version, remove it, and record the
 * source (its counts and dates come at the end): entries can then be
 * written as they are read.  -1 with err, nothing changed. */
static int writer_start(struct store *st, struct limport *imp, struct strbuf *err)
{
	struct lwriter *w = xcalloc(1, sizeof *w);
	w->st = st;
	strbuf_init(&w->norm, 0);
	timestamp_now(w->now);
	if (store_begin(st, err) < 0) {
		writer_free(w);
		return -1;
	}
	sqlite3 *db = st->db;
	sqlite3_stmt *qs = NULL;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO list_entries(source, ref, list, type, name, programs,"
			       " citation, start_date, end_date, remarks, url, line,"
			       " license_requirement, license_policy)"
			       " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &w->qe, NULL) ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO list_names(entry, name, kind, note, confidence)"
			       " VALUES(?,?,?,?,?)",
			       -1, &w->qn, NULL) ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO list_addresses(entry, address, country) VALUES(?,?,?)",
			       -1, &w->qa, NULL) ||
	    sqlite3_prepare_v2(
		    db, "INSERT INTO list_ids(entry, type, value, norm, country) VALUES(?,?,?,?,?)",
		    -1, &w->qi, NULL) ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO list_sources(id, format, path, imported_at, entries,"
			       " names, addresses, ids, rows, dropped, recoded)"
			       " VALUES(?,?,?,?,0,0,0,0,0,0,0)",
			       -1, &qs, NULL)) {
		store_error(st, err, "preparing the import");
		goto fail;
	}
	if (read_old(st, imp, &w->res, err) < 0 || lists_delete_source(st, imp->source, err) < 0)
		goto fail;
	sqlite3_bind_text(qs, 1, imp->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(qs, 2, imp->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(qs, 3, imp->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(qs, 4, w->now, -1, SQLITE_STATIC);
	if (step_done(st, qs, err, "recording the source") < 0)
		goto fail;
	sqlite3_finalize(qs);
	imp->w = w;
	return 0;
fail:
	sqlite3_finalize(qs);
	store_rollback(st);
	writer_free(w);
	return -1;
}

/* Write imp->e[0..n) (those with a name). */
static int write_entries(struct limport *imp, struct strbuf *err)
{
	struct lwriter *w = imp->w;
	struct store *st = w->st;
	struct import_result *res = &w->res;
	for (size_t i = 0; i < imp->n; i++) {
		struct lentry *e = &imp->e[i];
		if (!e->name)
			continue;
		sqlite3_stmt *qe = w->qe;
		sqlite3_bind_text(qe, 1, imp->source, -1, SQLITE_STATIC);
		bind_text(qe, 2, e->ref);
		bind_text(qe, 3, e->list ? e->list : "");
		bind_text(qe, 4, e->type);
		bind_text(qe, 5, e->name);
		bind_text(qe, 6, e->programs);
		bind_text(qe, 7, e->citation);
		bind_text(qe, 8, e->start_date);
		bind_text(qe, 9, e->end_date);
		bind_text(qe, 10, e->remarks);
		bind_text(qe, 11, e->url);
		sqlite3_bind_int64(qe, 12, e->line);
		bind_text(qe, 13, e->license_requirement);
		bind_text(qe, 14, e->license_policy);
		if (step_done(st, qe, err, "writing an entry") < 0)
			return -1;
		sqlite3_int64 id = sqlite3_last_insert_rowid(st->db);
		res->entries++;
		for (size_t k = 0; k < e->nnames; k++) {
			sqlite3_bind_int64(w->qn, 1, id);
			bind_text(w->qn, 2, e->names[k].name);
			bind_text(w->qn, 3, e->names[k].kind);
			bind_text(w->qn, 4, e->names[k].note);
			bind_text(w->qn, 5, e->names[k].confidence);
			if (step_done(st, w->qn, err, "writing a name") < 0)
				return -1;
			res->names++;
		}
		for (size_t k = 0; k < e->naddrs; k++) {
			sqlite3_bind_int64(w->qa, 1, id);
			bind_text(w->qa, 2, e->addrs[k].text);
			bind_text(w->qa, 3, e->addrs[k].country);
			if (step_done(st, w->qa, err, "writing an address") < 0)
				return -1;
			res->addresses++;
		}
		for (size_t k = 0; k < e->nids; k++) {
			id_norm(e->ids[k].value, &w->norm);
			if (!w->norm.len)
				continue;
			sqlite3_bind_int64(w->qi, 1, id);
			bind_text(w->qi, 2, e->ids[k].type);
			bind_text(w->qi, 3, e->ids[k].value);
			bind_text(w->qi, 4, w->norm.buf);
			bind_text(w->qi, 5, e->ids[k].country);
			if (step_done(st, w->qi, err, "writing an identifier") < 0)
				return -1;
			res->ids++;
		}
	}
	return 0;
}

static size_t count_named(const struct limport *imp)
{
	size_t n = 0;
	for (size_t i = 0; i < imp->n; i++)
		n += imp->e[i].name != NULL;
	return n;
}

void limport_between(struct limport *imp)
{
	if (!imp->w || !imp->stream || imp->n < LIMPORT_BATCH || imp->werr.len)
		return;
	imp->named += count_named(imp);
	if (write_entries(imp, &imp->werr) < 0) {
		if (!imp->werr.len)
			strbuf_addstr(&imp->werr, "writing the entries failed");
		return;
	}
	/* the entries are in the store: their memory is reused */
	arena_free(imp->arena);
	imp->arena = arena_new();
	imp->e = NULL;
	imp->n = imp->cap = 0;
}

int limport_begin(struct store *st, struct limport *imp, struct strbuf *err)
{
	return writer_start(st, imp, err);
}

void limport_abort(struct limport *imp)
{
	if (!imp->w)
		return;
	store_rollback(imp->w->st);
	writer_free(imp->w);
	imp->w = NULL;
}

/* Problems, the source's dates and counts, and the history row. */
static int write_end(struct limport *imp, struct strbuf *err)
{
	struct lwriter *w = imp->w;
	struct store *st = w->st;
	struct import_result *res = &w->res;
	sqlite3_stmt *qp = NULL, *qu = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO list_problems(source, file, line, dropped, what)"
			       " VALUES(?,?,?,?,?)",
			       -1, &qp, NULL) ||
	    sqlite3_prepare_v2(st->db,
			       "UPDATE list_sources SET path=?, version=?, published=?,"
			       " published_from=?, url=?, entries=?, names=?, addresses=?, ids=?,"
			       " rows=?, dropped=?, recoded=? WHERE id=?",
			       -1, &qu, NULL)) {
		store_error(st, err, "recording the source");
		goto out;
	}
	for (size_t i = 0; i < imp->npb; i++) {
		sqlite3_bind_text(qp, 1, imp->source, -1, SQLITE_STATIC);
		bind_text(qp, 2, imp->pb[i].file ? imp->pb[i].file : imp->path);
		sqlite3_bind_int64(qp, 3, imp->pb[i].line);
		sqlite3_bind_int(qp, 4, imp->pb[i].dropped);
		bind_text(qp, 5, imp->pb[i].what);
		if (step_done(st, qp, err, "writing a problem") < 0)
			goto out;
	}
	res->rows = imp->rows;
	res->dropped = imp->dropped;
	res->recoded = imp->recoded;
	bind_text(qu, 1, imp->path);
	bind_text(qu, 2, imp->version);
	bind_text(qu, 3, imp->published);
	bind_text(qu, 4, imp->published_from);
	bind_text(qu, 5, imp->url);
	size_t v[] = {res->entries, res->names,   res->addresses, res->ids,
		      res->rows,    res->dropped, res->recoded};
	for (int i = 0; i < 7; i++)
		sqlite3_bind_int64(qu, i + 6, (sqlite3_int64)v[i]);
	bind_text(qu, 13, imp->source);
	if (step_done(st, qu, err, "recording the counts") < 0)
		goto out;
	rc = write_history(st, imp, w->now, res, err);
out:
	sqlite3_finalize(qp);
	sqlite3_finalize(qu);
	return rc;
}

int limport_commit(struct store *st, struct limport *imp, struct import_result *res,
		   struct strbuf *err)
{
	int rc = 0;
	memset(res, 0, sizeof *res);
	if (!imp->w && writer_start(st, imp, err) < 0) {
		rc = -1;
	} else {
		if (imp->werr.len) { /* a batch written while reading failed */
			strbuf_reset(err);
			strbuf_add(err, imp->werr.buf, imp->werr.len);
			rc = -1;
		}
		imp->named += count_named(imp);
		if (rc == 0)
			rc = refuse_downgrade(imp, &imp->w->res, err);
		if (rc == 0)
			rc = write_entries(imp, err);
		if (rc == 0)
			rc = write_end(imp, err);
		if (rc == 0 && store_commit(st, err) < 0)
			rc = -1;
		if (rc < 0)
			store_rollback(st);
		*res = imp->w->res;
		writer_free(imp->w);
		imp->w = NULL;
	}
	snprintf(res->source, sizeof res->source, "%s", imp->source);
	snprintf(res->format, sizeof res->format, "%s", imp->format);
	snprintf(res->version, sizeof res->version, "%s", imp->version ? imp->version : "");
	snprintf(res->published, sizeof res->published, "%s",
		 imp->published ? imp->published : "");
	snprintf(res->published_from, sizeof res->published_from, "%s",
		 imp->published_from ? imp->published_from : "");
	return rc;
}

/* The first 20 problems, each under name (the file, or the URL a download
 * came from: its temporary file is gone when the user reads this).  The rest
 * are only in the store when the import was kept. */
static void report_problems(const struct limport *imp, const char *name, bool kept)
{
	size_t shown = 0;
	for (size_t i = 0; i < imp->npb; i++) {
		const struct lproblem *p = &imp->pb[i];
		if (shown++ == 20) {
			if (kept)
				log_warn("%s: ... and %zu more problems (chipscreen lists "
					 "problems %s)",
					 name, imp->npb + imp->pb_more - 20, imp->source);
			else
				log_warn("%s: ... and %zu more problems", name,
					 imp->npb + imp->pb_more - 20);
			break;
		}
		if (p->line)
			log_warn("%s:%ld: %s", p->file ? p->file : name, p->line, p->what);
		else
			log_warn("%s: %s", p->file ? p->file : name, p->what);
	}
}

/* The formats whose files state their own date, and where it is read. */
static const struct {
	const char *format, *from;
} dated[] = {
	{"ofac-xml", "the file's publshInformation Publish_Date"},
	{"dpl", "the newest Last_Update in the file"},
	{"dod-1260h", "the newest listing start date in the file"},
	{"ftm", "the newest last_change in the file"},
};

/* The date the publisher gave the list, and where it came from: the file's
 * own date where its format has one, else the one the caller got with it
 * (HTTP Last-Modified on download), else, said as such, the file's mtime,
 * which is only when the file was copied. */
/* A date after tomorrow on this machine's clock (not $CHIPSCREEN_TODAY: no
 * file was written in the future).  Taken as the publication date, it would
 * make every real newer list "older" and refused until that day, and the
 * list would never be stale. */
static bool in_future(const char *d)
{
	day_t x = date_parse(d);
	return x && x > (day_t)(time(NULL) / 86400) + 1;
}

static bool future_said(struct limport *imp, const char *d, const char *from)
{
	if (!in_future(d))
		return false;
	limport_problem(imp, 0, false, "the publication date %s (%s) is in the future: ignored",
			d, from);
	return true;
}

static void set_published(struct limport *imp, const struct import_opts *o, const char *path)
{
	for (size_t i = 0; imp->version && i < sizeof dated / sizeof *dated; i++) {
		char d[11];
		snprintf(d, sizeof d, "%s", imp->version);
		if (!strcmp(imp->format, dated[i].format) && date_parse(d) &&
		    !future_said(imp, d, dated[i].from)) {
			imp->published = arena_strdup(imp->meta, d);
			imp->published_from = dated[i].from;
			return;
		}
	}
	if (o->published && date_parse(o->published) &&
	    !future_said(imp, o->published,
			 o->published_from ? o->published_from : "given by the caller")) {
		imp->published = arena_strdup(imp->meta, o->published);
		imp->published_from = arena_strdup(
			imp->meta, o->published_from ? o->published_from : "given by the caller");
		return;
	}
	struct stat sb;
	if (o->url) /* a download's file is as old as the download: no publication date */
		return;
	if (stat(path, &sb) == 0) {
		struct tm tm;
		char d[16];
		gmtime_r(&sb.st_mtime, &tm);
		strftime(d, sizeof d, "%Y-%m-%d", &tm);
		if (future_said(imp, d, "the file's modification time"))
			return; /* no date: said as such, and the list's age is unknown */
		imp->published = arena_strdup(imp->meta, d);
		imp->published_from = "the file's modification time (the file states no date)";
	}
}

int lists_delete_source(struct store *st, const char *source, struct strbuf *err)
{
	static const char *const sql[] = {
		"DELETE FROM list_names WHERE entry IN (SELECT id FROM list_entries WHERE source = "
		"?1)",
		"DELETE FROM list_addresses WHERE entry IN (SELECT id FROM list_entries WHERE "
		"source = ?1)",
		"DELETE FROM list_ids WHERE entry IN (SELECT id FROM list_entries WHERE source = "
		"?1)",
		"DELETE FROM list_entries WHERE source = ?1",
		"DELETE FROM list_problems WHERE source = ?1",
		"DELETE FROM list_sources WHERE id = ?1",
	};
	int deleted = 0;
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(st->db, sql[i], -1, &q, NULL))
			return store_error(st, err, "deleting the source");
		sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
		int r = sqlite3_step(q);
		sqlite3_finalize(q);
		if (r != SQLITE_DONE)
			return store_error(st, err, "deleting the source");
		deleted = sqlite3_changes(st->db); /* the last: list_sources */
	}
	return deleted;
}

int lists_record_removal(struct store *st, const char *source, struct strbuf *err)
{
	char now[32];
	timestamp_now(now);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO list_history(source, imported_at, format, path, url,"
			       " version, published, published_from, entries, replaced)"
			       " SELECT id, ?2, 'removed', path, url, NULL, NULL, NULL, 0,"
			       " 'version ' || coalesce(nullif(version, ''), '-') || ', published ' ||"
			       " coalesce(nullif(published, ''), '-') || ', ' || entries || ' entries'"
			       " FROM list_sources WHERE id = ?1",
			       -1, &q, NULL))
		return store_error(st, err, "recording the history");
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
	int rc = step_done(st, q, err, "recording the history");
	sqlite3_finalize(q);
	return rc;
}

bool lists_format_streams(const char *format)
{
	/* the formats whose readers never go back to an entry: written as read
	 * (the CSL's legacy layout, which spreads an entry over rows, turns it
	 * off when its header is read) */
	static const char *const streamed[] = {"csl-csv", "dpl", "special-leg", "ftm", "ofac-xml"};
	for (size_t i = 0; format && i < sizeof streamed / sizeof *streamed; i++)
		if (!strcmp(format, streamed[i]))
			return true;
	return false;
}
/* after "unknown --format": the nearest names, then every format (a typo is
 * exit 2 with what the user probably meant) */
static void format_choices(struct strbuf *err, const char *format)
{
	const char *names[sizeof formats / sizeof *formats];
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		names[i] = formats[i].name;
	size_t n = sizeof names / sizeof *names;
	struct strbuf near = STRBUF_INIT;
	if (suggest_nearest(&near, format, names, n, 3))
		strbuf_addf(err, " (did you mean %s?)", near.buf);
	strbuf_release(&near);
	strbuf_addstr(err, "; formats:");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(err, "%s %s", i ? "," : "", names[i]);
}


/* A file resolved for import: its real path (a directory's sdn.csv), its
 * format and reader.  Nothing is read but the first 4 KiB. */
struct resolved {
	char *real; /* owned, or NULL */
	const char *path, *format;
	int (*reader)(struct limport *, struct strbuf *);
};

static int resolve(const char *path, const struct import_opts *o, struct resolved *rv,
		   struct strbuf *err)
{
	memset(rv, 0, sizeof *rv);
	strbuf_reset(err);
	if (is_dir(path)) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/sdn.csv", path);
		if (!path_exists(p.buf)) {
			strbuf_reset(&p);
			strbuf_addf(&p, "%s/cons_prim.csv", path);
		}
		if (!path_exists(p.buf)) {
			strbuf_addf(err, "%s: a directory without sdn.csv or cons_prim.csv", path);
			strbuf_release(&p);
			return -1;
		}
		rv->real = strbuf_detach(&p, NULL);
		path = rv->real;
	}
	rv->path = path;
	/* a pipe (<(unzip -p ...)) gives its bytes once: the format read from
	 * them, the reader found the rest ("unknown list format", "XML error:
	 * Extra content"), or waited for a writer gone; stat opens nothing */
	struct stat sb;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		strbuf_addf(err,
			    "%s: not a regular file (a pipe or a device): a list file is read more "
			    "than once; save it to a file first; nothing imported",
			    path);
		goto fail;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		describe_errno(err, path, errno);
		goto fail;
	}
	if (fstat(fileno(f), &sb) < 0)
		sb.st_size = 0;
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	bool sure;
	const char *looks = detect(buf, n, &sure);
	const char *format = o->format;
	if (!format) {
		format = looks;
		if (!format) {
			if (n == 0)
				strbuf_addf(err, "%s: empty file; nothing imported", path);
			else if (n >= 2 && (!memcmp(buf, "\xFF\xFE", 2) ||
					    !memcmp(buf, "\xFE\xFF", 2)))
				strbuf_addf(err,
					    "%s: UTF-16 text (a spreadsheet's \"Unicode text\"): "
					    "save it as UTF-8 as published; nothing imported",
					    path);
			else if ((looks = resaved_with(buf, n, ';')) ||
				 (looks = resaved_with(buf, n, '\t')))
				strbuf_addf(err,
					    "%s: a %s file whose commas are now %s, as a "
					    "spreadsheet saves it: import the file as published (a "
					    "re-save can also change its dates, numbers and "
					    "encoding); nothing imported",
					    path, looks,
					    resaved_with(buf, n, ';') ? "semicolons" : "tabs");
			else
				strbuf_addf(err,
					    "%s: unknown list format (see chipscreen lists --help "
					    "for the formats, or give --format)",
					    path);
			goto fail;
		}
	}
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (!strcmp(formats[i].name, format)) {
			rv->reader = formats[i].read;
			rv->format = formats[i].name;
		}
	if (!rv->reader) {
		strbuf_addf(err, "unknown --format '%s'", format);
		format_choices(err, format);
		goto fail;
	}
	/* --format csl-csv read as dod-1260h replaced that source with the
	 * CSL's parties, each an INFO hit: a file with another format's
	 * signature is refused.  One without any is left to the reader
	 * (each checks its own header) */
	if (looks && sure && strcmp(looks, rv->format)) {
		strbuf_addf(err,
			    "%s: asked to import it as %s, but the file looks like %s (its first "
			    "bytes are that format's); nothing imported (--format %s, or no "
			    "--format, reads it as what it is)",
			    path, rv->format, looks, looks);
		goto fail;
	}
	/* the cap, checked before the file is read (lists.h, LISTS_MAX_BYTES) */
	bool streams = lists_format_streams(rv->format);
	size_t cap = o->max_bytes          ? o->max_bytes
		     : streams             ? LISTS_MAX_STREAM_BYTES
					   : LISTS_MAX_BYTES;
	if ((size_t)sb.st_size > cap) {
		strbuf_addf(err,
			    "%s: %lld MiB, over the import limit of %zu MiB for %s%s; nothing "
			    "imported (--max-size MiB raises it)",
			    path, (long long)(sb.st_size >> 20), cap >> 20, rv->format,
			    streams ? "" : " (an import of this format holds the whole list in "
					   "memory)");
		goto fail;
	}
	return 0;
fail:
	free(rv->real);
	rv->real = NULL;
	return -1;
}

/* Whether source has a loaded version (what a failed import says it keeps). */
static bool source_loaded(struct store *st, const char *source)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM list_sources WHERE id = ?", -1, &q, NULL))
		return true; /* the cautious wording */
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	bool r = sqlite3_step(q) != SQLITE_DONE;
	sqlite3_finalize(q);
	return r;
}

/*
 * A --source that names no loaded source but is a letter or two from one
 * (or from the id the file would get by itself): "cls" for "csl" would
 * store the file beside the old csl, which screening then still reads.  -1
 * with err saying so, unless forced (a new source of that id is wanted).
 */
static int source_typo(struct store *st, const char *given, const char *derived,
		       struct strbuf *err)
{
	if (source_loaded(st, given) || strlen(given) < 3)
		return 0;
	const char *near = NULL;
	if (strcmp(given, derived) && suggest_distance(given, derived) <= 2)
		near = derived;
	sqlite3_stmt *q;
	char *id = NULL;
	if (!near && !sqlite3_prepare_v2(st->db, "SELECT id FROM list_sources ORDER BY id", -1, &q,
					 NULL)) {
		while (!id && sqlite3_step(q) == SQLITE_ROW) {
			const char *s = (const char *)sqlite3_column_text(q, 0);
			if (s && suggest_distance(given, s) <= 2)
				id = xstrdup(s);
		}
		sqlite3_finalize(q);
		near = id;
	}
	if (!near)
		return 0;
	strbuf_reset(err);
	strbuf_addf(err,
		    "--source %s: no source of that id is loaded; did you mean %s%s? (--force "
		    "stores the file as a new source %s)",
		    given, near, near == derived ? ", the file's own id" : " (loaded)", given);
	free(id);
	return -1;
}

/* What a failed import leaves. */
static void kept_note(struct strbuf *err, bool was_loaded, const char *source)
{
	if (was_loaded)
		strbuf_addf(err, "the previous version of %s is kept", source);
	else
		strbuf_addf(err, "nothing imported (no version of %s was loaded)", source);
}

/* A file whose end shows it was cut (limport_cut: a download cut short) is
 * refused unless forced, and said either way: on a first import nothing else
 * would show that its last entries are missing.  -1 with err when refused. */
static int refuse_cut(const struct limport *imp, const char *name, size_t named, bool was_loaded,
		      struct strbuf *err)
{
	if (!imp->cut)
		return 0;
	struct stat sb;
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "%s: ends %s", imp->cut_file ? imp->cut_file : name, imp->cut);
	if (imp->cut_line)
		strbuf_addf(&m, " (line %ld)", imp->cut_line);
	if (stat(imp->cut_file ? imp->cut_file : imp->path, &sb) == 0)
		strbuf_addf(&m, ", at byte %lld", (long long)sb.st_size);
	strbuf_addstr(&m, ": truncated?");
	int rc = 0;
	if (imp->force) {
		log_warn("%s imported the %zu entries read, as --force asks", m.buf, named);
	} else {
		strbuf_reset(err);
		strbuf_addf(err, "%s nothing imported", m.buf);
		if (was_loaded)
			strbuf_addf(err, " (the previous version of %s is kept)", imp->source);
		strbuf_addf(err, "; --force imports the %zu entries read", named);
		rc = -1;
	}
	strbuf_release(&m);
	return rc;
}

/* A message about a download names its URL (label), not the temporary file
 * it was saved in, gone when the user reads the message. */
static void relabel(struct strbuf *err, const char *path, const char *label)
{
	size_t k = strlen(path);
	if (!label || strncmp(err->buf, path, k))
		return;
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "%s%s", label, err->buf + k);
	strbuf_reset(err);
	strbuf_add(err, m.buf, m.len);
	strbuf_release(&m);
}

int lists_file_source(const char *path, const struct import_opts *o, char *buf, size_t n,
		      struct strbuf *err)
{
	struct import_opts none = {0};
	struct resolved rv;
	if (!o)
		o = &none;
	if (resolve(path, o, &rv, err) < 0)
		return -1;
	char *src = o->source ? xstrdup(o->source) : default_source(rv.format, rv.path);
	snprintf(buf, n, "%s", src);
	free(src);
	free(rv.real);
	return 0;
}

int lists_import_file(struct store *st, const char *path, const struct import_opts *o,
		      struct import_result *res, struct strbuf *err)
{
	struct import_opts none = {0};
	if (!o)
		o = &none;
	memset(res, 0, sizeof *res);
	if (lists_schema(st, err) < 0)
		return -1;
	struct resolved rv;
	if (resolve(path, o, &rv, err) < 0) {
		relabel(err, path, o->label);
		return -1;
	}
	path = rv.path;
	struct limport *imp = limport_new(path);
	imp->format = rv.format;
	imp->force = o->force;
	imp->url = o->url ? arena_strdup(imp->meta, o->url) : NULL;
	char *src = o->source ? xstrdup(o->source) : default_source(rv.format, path);
	imp->source = arena_strdup(imp->meta, src);
	free(src);
	if (o->source && o->source_typed && !o->force) {
		char *own = default_source(rv.format, path);
		int typo = source_typo(st, o->source, own, err);
		free(own);
		if (typo < 0) {
			limport_free(imp);
			free(rv.real);
			return -1;
		}
	}
	imp->stream = lists_format_streams(rv.format);
	bool was_loaded = source_loaded(st, imp->source); /* before a stream removes it */
	if (imp->stream && limport_begin(st, imp, err) < 0) {
		limport_free(imp);
		free(rv.real);
		return -1;
	}
	const char *name = o->label ? o->label : path;
	int rc = rv.reader(imp, err);
	if (rc == 0) {
		size_t named = imp->named;
		for (size_t i = 0; i < imp->n; i++)
			if (imp->e[i].name)
				named++;
		if (!named) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: no entry could be read (%zu rows, %zu rejected); ", name,
				    imp->rows, imp->dropped);
			kept_note(err, was_loaded, imp->source);
			rc = -1;
		} else {
			rc = refuse_cut(imp, name, named, was_loaded, err);
		}
	} else if (err->len) {
		relabel(err, path, o->label);
		strbuf_addstr(err, "; ");
		kept_note(err, was_loaded, imp->source);
	}
	if (rc == 0) {
		set_published(imp, o, path);
		if (o->label) /* a download: the URL, not the temporary file */
			imp->path = arena_strdup(imp->meta, o->label);
		struct strbuf cerr = STRBUF_INIT;
		rc = limport_commit(st, imp, res, &cerr);
		report_problems(imp, name, rc == 0);
		if (rc < 0) {
			strbuf_reset(err);
			strbuf_add(err, cerr.buf, cerr.len);
		}
		strbuf_release(&cerr);
	} else {
		report_problems(imp, name, false);
		limport_abort(imp);
	}
	limport_free(imp);
	free(rv.real);
	return rc;
}

int lists_import_orgs(struct store *st, const char *path, struct import_result *res,
		      struct strbuf *err)
{
	struct import_opts o = {.format = "orgs"};
	return lists_import_file(st, path, &o, res, err);
}

int lists_import_org_table(struct store *st, const char *dir, day_t day, struct import_result *res,
			   struct strbuf *err)
{
	memset(res, 0, sizeof *res);
	if (lists_schema(st, err) < 0)
		return -1;
	if (!dir)
		dir = data_dir();
	if (!day)
		day = date_today();
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/orgs.tsv", dir);
	struct limport *imp = limport_new(p.buf);
	strbuf_release(&p);
	imp->format = "org-table";
	imp->source = ORGTABLE_SOURCE;
	imp->force = true; /* our own table: its size and date are ours to change */
	char d[11];
	imp->version = arena_printf(imp->meta, "links as of %s", date_format(day, d));
	int rc = orgtable_read(imp, dir, day, err);
	if (rc == 0)
		rc = limport_commit(st, imp, res, err);
	else
		strbuf_addf(err, "; the previous version of %s is kept", ORGTABLE_SOURCE);
	limport_free(imp);
	return rc;
}
