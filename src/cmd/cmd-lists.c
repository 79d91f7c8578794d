/*
 * cmd-lists.c — `chipscreen lists [import [--orgs] FILE... | update | problems SOURCE |
 * remove SOURCE]`
 *
 * Shows the loaded restricted-party lists with their publication dates,
 * imports list files as published (lists/lists.h for the formats and the
 * refusals that keep a list from being downgraded) and chipscreen's own
 * organisation table (--orgs), fetches the official lists (update,
 * lists/update.c), lists the problems an import met, and removes a source.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "report/report.h"
#include "lists/index-load.h"
#include "lists/lists.h"
#include "store/store.h"
#include "util/datadir.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: chipscreen lists [--db FILE] [--json]\n"
	"       chipscreen lists import [--db FILE] [--format FMT] [--source ID] [--force]\n"
	"                               [--max-size MIB] FILE...\n"
	"       chipscreen lists import [--db FILE] --orgs [FILE...]\n"
	"       chipscreen lists update [--db FILE] [--source ID,...] [--optional] [--force]\n"
	"                               [--from DIR | --mirror URL | --url ID=URL...]\n"
	"       chipscreen lists history [--db FILE] [--json] [SOURCE]\n"
	"       chipscreen lists problems [--db FILE] SOURCE\n"
	"       chipscreen lists remove [--db FILE] SOURCE\n"
	"\n"
	"Without a subcommand, show the loaded lists: source, format, version or date,\n"
	"counts, and when each was imported.\n"
	"\n"
	"import reads list files exactly as the authorities publish them and replaces\n"
	"each file's source in the store at once; a file that cannot be read leaves the\n"
	"previous version in place.  Damaged rows are reported with their line and\n"
	"skipped; the rest is imported.  A file whose end shows it was cut (XML never\n"
	"closed, a last JSON line or CSV record cut off) is refused unless --force.\n"
	"A list is never downgraded unnoticed: a file\n"
	"the publisher dated before the loaded version of its source, or one with under\n"
	"half its entries, is refused unless --force; two files of one source in one\n"
	"command are an error; every replacement is reported (old -> new).  The\n"
	"publication date is the file's own (OFAC XML Publish_Date, DPL Last_Update,\n"
	"FtM last_change, 1260H start dates), else the download's HTTP Last-Modified,\n"
	"else the file's modification time, and lists says which.\n"
	"Formats (detected, or --format):\n"
	"  ofac-csv     OFAC sdn.csv with alt.csv and add.csv beside it (or a directory)\n"
	"  ofac-xml     OFAC sdn.xml / consolidated.xml\n"
	"  csl-csv      trade.gov Consolidated Screening List CSV (any of its layouts)\n"
	"  csl-json     trade.gov CSL JSON (with \"results\" or a bare array)\n"
	"  dpl          BIS Denied Persons List (tab-separated)\n"
	"  ftm          OpenSanctions FollowTheMoney JSON lines\n"
	"  special-leg  parties named in legislation (NDAA s.889, s.5949)\n"
	"  dod-1260h    DoD Section 1260H list\n"
	"  orgs         a flattened organisation and brand table of your own:\n"
	"               org_id<TAB>name<TAB>kind<TAB>source (doc/matching.md)\n"
	"\n"
	"update fetches the official lists named in data/list-sources.tsv (trade.gov\n"
	"CSL, OFAC SDN and consolidated, BIS DPL; with --optional OpenSanctions too)\n"
	"over HTTPS, every one before any is imported, so a failed download changes\n"
	"nothing; then imports each as import does (parsed, refused when older or under\n"
	"half the loaded version).  --from DIR reads the same file names from DIR\n"
	"(air-gapped sites); --mirror URL fetches URL/<file>; --url ID=URL one source.\n"
	"\n"
	"history lists every version ever imported, newest first, with its publication\n"
	"date, entry count, where it came from and the version it replaced.\n"
	"\n"
	"--orgs imports chipscreen's own organisation table (data/orgs.tsv and\n"
	"data/org-links.tsv, or $CHIPSCREEN_DATA) as source chipscreen-orgs: every\n"
	"organisation's names and aliases, and the names of its brands and subsidiaries\n"
	"with the links that hold today.  search and screen-names read that table\n"
	"from data/ by themselves when it was never imported, and say so.\n"
	"\n"
	"  --db FILE      the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  --format FMT   do not detect the format (a file that looks like another\n"
	"                 format is refused)\n"
	"  --source ID    store under this source id instead of the derived one (an id\n"
	"                 a letter or two from a loaded one is refused: --force)\n"
	"  --orgs         import chipscreen's organisation table (with or without FILEs)\n"
	"  --force        import a file older or much smaller than the loaded version,\n"
	"                 or the entries read from a file cut short\n"
	"  --max-size MIB refuse files above MIB before reading them (default 256 for\n"
	"                 ofac-csv, csl-json, dod-1260h, orgs, held in memory; 8192 for\n"
	"                 the others, imported as they are read)\n"
	"  --source ID,.. update: only these sources (see data/list-sources.tsv)\n"
	"  --optional     update: the optional sources too (OpenSanctions, CC BY-NC)\n"
	"  --from DIR     update: read DIR/<file> instead of downloading\n"
	"  --mirror URL   update: download URL/<file> instead of the publishers' URLs\n"
	"  --url ID=URL   update: download source ID from URL, and update it (repeatable)\n"
	"  --timeout S    update: give up a download after S seconds (default 600)\n"
	"  --sources-table FILE  update: another sources table\n"
	"  --json         machine-readable output\n"
	"  -q, --quiet    no warnings about damaged rows\n"
	"  -h, --help     this help\n";

static int show(struct store *st, bool json)
{
	sqlite3_stmt *q;
	struct strbuf err = STRBUF_INIT;
	if (lists_schema(st, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, format, version, entries, names, addresses, ids, rows,"
			       " dropped, recoded, imported_at, path, published, published_from, url"
			       " FROM list_sources ORDER BY id",
			       -1, &q, NULL)) {
		log_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		return EXIT_ERROR;
	}
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	int n = 0;
	if (!json && sqlite3_step(q) == SQLITE_ROW && sqlite3_reset(q) == SQLITE_OK)
		printf("%-24s %-11s %-22s %-17s %8s %8s %8s %6s %7s  %s\n", "SOURCE", "FORMAT",
		       "VERSION", "PUBLISHED", "ENTRIES", "NAMES", "ADDRS", "IDS", "SKIPPED",
		       "IMPORTED");
	struct strbuf from = STRBUF_INIT;
	while (sqlite3_step(q) == SQLITE_ROW) {
		n++;
		const char *c[15];
		for (int i = 0; i < 15; i++)
			c[i] = (const char *)sqlite3_column_text(q, i);
		if (json) {
			cJSON *o = cJSON_CreateObject();
			const char *keys[] = {"source",      "format",    "version",  "entries",
					      "names",       "addresses", "ids",      "rows",
					      "skipped",     "recoded",   "imported_at", "path",
					      "published",   "published_from", "url"};
			for (int i = 0; i < 15; i++) {
				if (i >= 3 && i <= 9)
					cJSON_AddNumberToObject(o, keys[i],
								sqlite3_column_int64(q, i));
				else if (i == 14 && !c[i])
					cJSON_AddNullToObject(o, keys[i]);
				else
					cJSON_AddStringToObject(o, keys[i], c[i] ? c[i] : "");
			}
			cJSON_AddItemToArray(arr, o);
		} else {
			/* the date with where it came from: the publisher's file, its
			 * server (http), or only the file's mtime */
			struct lsource ls = {0};
			snprintf(ls.published, sizeof ls.published, "%s", c[12] ? c[12] : "");
			snprintf(ls.published_from, sizeof ls.published_from, "%s",
				 c[13] ? c[13] : "");
			strbuf_reset(&from);
			if (ls.published[0])
				strbuf_addf(&from, "%s %s", ls.published, lsource_date_kind(&ls));
			printf("%-24s %-11s %-22s %-17s %8s %8s %8s %6s %7s  %s\n", c[0], c[1],
			       c[2] ? c[2] : "-", from.len ? from.buf : "-", c[3], c[4], c[5],
			       c[6], c[8], c[10]);
		}
	}
	strbuf_release(&from);
	sqlite3_finalize(q);
	if (json)
		report_json_write(arr, stdout);
	if (!n) {
		/* an empty store is no answer to "what do I screen against" */
		log_error("no lists loaded in %s (chipscreen lists update, or lists import "
			  "FILE...)",
			  st->path);
		return EXIT_ERROR;
	}
	if (!json) {
		printf("(PUBLISHED: the publisher's date, read from the file itself (file), "
		       "the server's\nLast-Modified on download (http), or only the file's "
		       "modification time (mtime))\n");
	}
	return EXIT_CLEAR;
}

/* Whether source is loaded (list_sources has it). */
static bool source_loaded(struct store *st, const char *source)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM list_sources WHERE id = ?", -1, &q, NULL))
		return false;
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	bool r = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return r;
}

static int problems(struct store *st, const char *source)
{
	sqlite3_stmt *q;
	struct strbuf err = STRBUF_INIT;
	if (lists_schema(st, &err) < 0 ||
	    sqlite3_prepare_v2(
		    st->db,
		    "SELECT file, line, dropped, what FROM list_problems WHERE source = ?"
		    " ORDER BY rowid",
		    -1, &q, NULL)) {
		log_error("%s", err.len ? err.buf : sqlite3_errmsg(st->db));
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		n++;
		printf("%s:%lld: %s%s\n", sqlite3_column_text(q, 0),
		       (long long)sqlite3_column_int64(q, 1),
		       sqlite3_column_int(q, 2) ? "" : "(kept) ", sqlite3_column_text(q, 3));
	}
	sqlite3_finalize(q);
	if (!n && !source_loaded(st, source)) {
		log_error("no source '%s' in %s (chipscreen lists shows the loaded ones)", source,
			  st->path);
		return EXIT_ERROR;
	}
	if (!n)
		printf("no problems recorded for %s\n", source);
	return n ? EXIT_FINDINGS : EXIT_CLEAR;
}

/* Every version ever imported (list_history), newest first: which list a
 * past screening ran against. */
static int history(struct store *st, const char *source, bool json)
{
	sqlite3_stmt *q;
	struct strbuf err = STRBUF_INIT;
	if (lists_schema(st, &err) < 0 ||
	    sqlite3_prepare_v2(st->db,
			       "SELECT source, imported_at, format, version, published, published_from,"
			       " entries, path, replaced FROM list_history"
			       " WHERE ?1 IS NULL OR source = ?1 ORDER BY imported_at DESC, rowid DESC",
			       -1, &q, NULL)) {
		log_error("%s", err.len ? err.buf : sqlite3_errmsg(st->db));
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	if (source)
		sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	int n = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *c[9];
		for (int i = 0; i < 9; i++)
			c[i] = (const char *)sqlite3_column_text(q, i);
		n++;
		if (json) {
			static const char *const keys[] = {
				"source",  "imported_at", "format", "version", "published",
				"published_from", "entries", "path", "replaced"};
			cJSON *o = cJSON_CreateObject();
			for (int i = 0; i < 9; i++) {
				if (i == 6)
					cJSON_AddNumberToObject(o, keys[i], sqlite3_column_int64(q, i));
				else if (c[i])
					cJSON_AddStringToObject(o, keys[i], c[i]);
				else
					cJSON_AddNullToObject(o, keys[i]);
			}
			cJSON_AddItemToArray(arr, o);
			continue;
		}
		if (c[2] && !strcmp(c[2], "removed")) { /* lists remove */
			printf("%s  %s  removed (lists remove): no longer screened against\n",
			       c[1], c[0]);
			if (c[8])
				printf("    it was %s, from %s\n", c[8], c[7]);
			continue;
		}
		printf("%s  %s  version %s, published %s (%s), %s entries, from %s\n", c[1], c[0],
		       c[3] ? c[3] : "-", c[4] ? c[4] : "-", c[5] ? c[5] : "no date known", c[6],
		       c[7]);
		if (c[8])
			printf("    replaced %s\n", c[8]);
	}
	sqlite3_finalize(q);
	if (json)
		report_json_write(arr, stdout);
	if (!n) {
		log_error("no import recorded%s%s in %s", source ? " for " : "",
			  source ? source : "", st->path);
		return EXIT_ERROR;
	}
	return EXIT_CLEAR;
}

static int remove_source(struct store *st, const char *source)
{
	struct strbuf err = STRBUF_INIT;
	if (lists_schema(st, &err) < 0 || store_begin(st, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	int changed = lists_record_removal(st, source, &err) < 0
			      ? -1
			      : lists_delete_source(st, source, &err);
	if (changed < 0 || store_commit(st, &err) < 0) {
		store_rollback(st);
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	if (!changed) {
		log_error("no source '%s' in %s", source, st->path);
		return EXIT_ERROR;
	}
	printf("removed %s\n", source);
	return EXIT_CLEAR;
}

static void print_result(const char *what, const struct import_result *r)
{
	printf("%s: %s (%s%s%s): %zu entries, %zu names, %zu addresses, %zu ids", what, r->source,
	       r->format, r->version[0] ? ", " : "", r->version, r->entries, r->names, r->addresses,
	       r->ids);
	if (r->dropped || r->recoded)
		printf("; %zu rows skipped, %zu fields recoded (chipscreen lists "
		       "problems %s)",
		       r->dropped, r->recoded, r->source);
	printf("\n");
	if (r->published[0])
		printf("  published %s (from %s)\n", r->published, r->published_from);
	/* every replacement said, so a shrinking or older list is never silent */
	if (r->replaced)
		printf("  replaced %s: version %s, published %s, %zu entries -> version %s, "
		       "published %s, %zu entries\n",
		       r->source, r->old_version[0] ? r->old_version : "-",
		       r->old_published[0] ? r->old_published : "-", r->old_entries,
		       r->version[0] ? r->version : "-", r->published[0] ? r->published : "-",
		       r->entries);
}

/* Two files of one command that would replace the same source: the second
 * would silently replace the first.  0, or -1 after saying which. */
static int distinct_sources(int argc, char **argv, const struct import_opts *o)
{
	char (*src)[128] = calloc((size_t)argc + 1, sizeof *src);
	struct strbuf err = STRBUF_INIT;
	int rc = 0;
	for (int i = 0; i < argc && src; i++) {
		if (lists_file_source(argv[i], o, src[i], sizeof src[i], &err) < 0)
			continue; /* the import says why */
		for (int k = 0; k < i; k++)
			if (!strcmp(src[k], src[i])) {
				log_error("%s and %s are both source %s: import one version of a "
					  "list at a time (nothing imported)",
					  argv[k], argv[i], src[i]);
				rc = -1;
			}
	}
	free(src);
	strbuf_release(&err);
	return rc;
}

/* The name index of the lists as now loaded, built and kept in the store
 * (lists/index-load.h): the next search restores it instead of building. */
static void keep_index(struct store *st)
{
	struct strbuf err = STRBUF_INIT;
	if (lists_index_keep(st, &err) < 0)
		log_warn("%s (the next search builds the name index itself)", err.buf);
	strbuf_release(&err);
}

/* A source id that search --source, screen-names --source and lists remove
 * can name: not empty, no blank at either end (shown as nothing, or not
 * told apart), no comma (--source splits at commas, so "x,y" could never
 * be chosen alone), no control character. */
static bool source_id_ok(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 128 || id[0] == ' ' || id[n - 1] == ' ' || strchr(id, ','))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
			return false;
	return true;
}

static int import(struct store *st, int argc, char **argv, const struct import_opts *o, bool orgs)
{
	int failed = 0;
	if (orgs) {
		struct import_result r;
		struct strbuf err = STRBUF_INIT, p = STRBUF_INIT;
		if (lists_import_org_table(st, NULL, 0, &r, &err) < 0) {
			log_error("%s", err.buf);
			failed++;
		} else {
			print_result(data_path(&p, "orgs.tsv"), &r);
		}
		strbuf_release(&err);
		strbuf_release(&p);
	}
	if (distinct_sources(argc, argv, o) < 0)
		return EXIT_ERROR;
	for (int i = 0; i < argc; i++) {
		struct import_result r;
		struct strbuf err = STRBUF_INIT;
		if (lists_import_file(st, argv[i], o, &r, &err) < 0) {
			log_error("%s", err.buf);
			failed++;
		} else {
			print_result(argv[i], &r);
		}
		strbuf_release(&err);
	}
	keep_index(st);
	return failed ? EXIT_ERROR : EXIT_CLEAR;
}

struct lists_opts;
static int update_lists(struct store *st, struct lists_opts *lo);

struct lists_opts {
	const char *db;
	struct import_opts io;
	bool json, orgs;
	struct update_opts up; /* lists update */
	const char *urls[32];
};

/* One round of options, before the subcommand ("+": stop at it) or after
 * it.  False when the command is done: *status is then the exit status of
 * --help or of a usage error. */
static bool lists_getopt(int argc, char **argv, const char *optstring, struct lists_opts *lo,
			 int *status)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"format", required_argument, NULL, 'f'},
		{"source", required_argument, NULL, 's'}, {"json", no_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
		{"orgs", no_argument, NULL, 'o'},         {"force", no_argument, NULL, 'F'},
		{"max-size", required_argument, NULL, 'M'}, {"from", required_argument, NULL, 'R'},
		{"mirror", required_argument, NULL, 'm'},   {"url", required_argument, NULL, 'u'},
		{"optional", no_argument, NULL, 'O'},       {"timeout", required_argument, NULL, 't'},
		{"sources-table", required_argument, NULL, 'T'}, {NULL, 0, NULL, 0},
	};
	int c;
	optind = 0; /* full reset (GNU): tests run commands in-process, one after another */
	while ((c = getopt_long(argc, argv, optstring, opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			lo->db = optarg;
			break;
		case 'f':
			lo->io.format = optarg;
			break;
		case 's':
			lo->io.source = optarg;
			lo->io.source_typed = true;
			break;
		case 'j':
			lo->json = true;
			break;
		case 'q':
			log_set_quiet(1);
			break;
		case 'o':
			lo->orgs = true;
			break;
		case 'F':
			lo->io.force = true;
			break;
		case 'R':
			lo->up.from_dir = optarg;
			break;
		case 'm':
			lo->up.mirror = optarg;
			break;
		case 'u':
			if (lo->up.nurls == sizeof lo->urls / sizeof *lo->urls) {
				*status = usage_error("lists", "too many --url");
				return false;
			}
			lo->urls[lo->up.nurls++] = optarg;
			break;
		case 'O':
			lo->up.optional = true;
			break;
		case 'T':
			lo->up.table = optarg;
			break;
		case 't': {
			char *end;
			long t = strtol(optarg, &end, 10);
			if (*end || t < 1 || t > 86400) {
				*status = usage_error("lists", "--timeout takes seconds, 1 to 86400");
				return false;
			}
			lo->up.timeout = t;
			break;
		}
		case 'M': {
			char *end;
			unsigned long long mb = strtoull(optarg, &end, 10);
			if (*end || !mb || mb > (1ull << 20)) {
				*status = usage_error("lists", "--max-size takes MiB, 1 to 1048576");
				return false;
			}
			lo->io.max_bytes = (size_t)mb << 20;
			break;
		}
		case 'h':
			*status = print_usage(usage);
			return false;
		default:
			*status = usage_bad_option("lists", argc, argv);
			return false;
		}
	}
	return true;
}

/* Whether the store holds no list (the organisation table is one). */
static bool store_holds_no_list(struct store *st)
{
	struct lsource *src = NULL;
	size_t n = 0;
	struct strbuf err = STRBUF_INIT;
	bool none = lists_sources(st, &src, &n, &err) == 0 && n == 0;
	free(src);
	strbuf_release(&err);
	return none;
}

int cmd_lists(int argc, char **argv)
{
	struct lists_opts lo = {0};
	int rc;
	if (!lists_getopt(argc, argv, "+qh", &lo, &rc))
		return rc;
	const char *sub = optind < argc ? argv[optind] : NULL;
	if (sub) {
		/* options may also follow the subcommand */
		argc -= optind;
		argv += optind;
		if (!lists_getopt(argc, argv, "qh", &lo, &rc))
			return rc;
	}
	const char *db = lo.db;
	struct import_opts o = lo.io;
	bool json = lo.json, orgs = lo.orgs;
	if (sub && strcmp(sub, "import") && strcmp(sub, "problems") && strcmp(sub, "remove") &&
	    strcmp(sub, "update") && strcmp(sub, "history"))
		return usage_error("lists", "unknown subcommand '%s'", sub);
	bool update = sub && !strcmp(sub, "update");
	if (!update && (lo.up.from_dir || lo.up.mirror || lo.up.nurls || lo.up.optional ||
			lo.up.timeout || lo.up.table))
		return usage_error("lists", "--from, --mirror, --url, --optional, --timeout and "
					    "--sources-table go with update");
	if (update && (argc - optind || o.format))
		return usage_error("lists", "update takes no FILE and no --format (--from DIR "
					    "reads the files from DIR)");
	if (update && lo.up.from_dir && (lo.up.mirror || lo.up.nurls))
		return usage_error("lists", "--from reads files; --mirror and --url download");
	int nargs = sub ? argc - optind : 0;
	if (orgs && (!sub || strcmp(sub, "import")))
		return usage_error("lists", "--orgs goes with import");
	if (sub && !strcmp(sub, "import") && nargs < 1 && !orgs)
		return usage_error("lists", "import needs at least one FILE, or --orgs");
	bool hist = sub && !strcmp(sub, "history");
	if (hist && nargs > 1)
		return usage_error("lists", "history takes at most one SOURCE");
	if (sub && strcmp(sub, "import") && !update && !hist && nargs != 1)
		return usage_error("lists", "%s needs one SOURCE", sub);
	if (o.source && sub && !strcmp(sub, "import") && nargs > 1)
		return usage_error("lists", "--source names one source: import one file with it");
	if (o.source && sub && !strcmp(sub, "import") && !source_id_ok(o.source))
		return usage_error("lists",
				   "--source '%s': a source id is not empty, has no comma (search "
				   "--source splits at commas) and no blank at either end",
				   o.source);
	/* Only import and update make a store: showing, reading the history or
	 * the problems, or removing from one that does not exist (a mistyped
	 * --db) must not create an empty one and answer from it. */
	bool writes = sub && (!strcmp(sub, "import") || update);
	if (!writes && store_must_exist("lists", db, false))
		return EXIT_ERROR;
	struct store *st;
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT, def = STRBUF_INIT;
	strbuf_addstr(&path, db ? db : store_default_path(&def));
	strbuf_release(&def);
	bool created = writes && !path_exists(path.buf);
	char *dir = xstrdup(path.buf), *slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	bool dir_created = created && slash && slash != dir && !path_exists(dir);
	strbuf_reset(&err);
	if (store_open(&st, db, false, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		strbuf_release(&path);
		free(dir);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	if (!sub)
		rc = show(st, json);
	else if (!strcmp(sub, "import"))
		rc = import(st, nargs, argv + optind, &o, orgs);
	else if (update)
		rc = update_lists(st, &lo);
	else if (hist)
		rc = history(st, nargs ? argv[optind] : NULL, json);
	else if (!strcmp(sub, "problems"))
		rc = problems(st, argv[optind]);
	else
		rc = remove_source(st, argv[optind]);
	bool empty = created && rc == EXIT_ERROR && store_holds_no_list(st);
	store_close(st);
	if (empty) { /* made by this run, which imported nothing: a mistyped --db leaves no store */
		store_remove_files(path.buf);
		if (dir_created)
			rmdir(dir); /* the directory it made too, when empty */
	}
	strbuf_release(&path);
	free(dir);
	return rc;
}

static int update_lists(struct store *st, struct lists_opts *lo)
{
	struct strbuf err = STRBUF_INIT;
	lo->up.urls = lo->urls;
	lo->up.only = lo->io.source;
	lo->up.force = lo->io.force;
	lo->up.max_bytes = lo->io.max_bytes;
	lo->up.done = print_result;
	int rc = lists_update(st, &lo->up, &err) < 0 ? EXIT_ERROR : EXIT_CLEAR;
	if (rc)
		log_error("%s", err.buf);
	keep_index(st);
	strbuf_release(&err);
	return rc;
}
