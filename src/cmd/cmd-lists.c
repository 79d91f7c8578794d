/*
 * cmd-lists.c — `chipscreen lists [import [--orgs] FILE... | problems SOURCE | remove SOURCE]`
 *
 * Shows the loaded restricted-party lists, imports list files as published
 * (lists/lists.h for the formats) and chipscreen's own organisation table
 * (--orgs), lists the problems an import met, and removes a source.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "report/report.h"
#include "lists/lists.h"
#include "store/store.h"
#include "util/datadir.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen lists [--db FILE] [--json]\n"
	"       chipscreen lists import [--db FILE] [--format FMT] [--source ID] FILE...\n"
	"       chipscreen lists import [--db FILE] --orgs [FILE...]\n"
	"       chipscreen lists problems [--db FILE] SOURCE\n"
	"       chipscreen lists remove [--db FILE] SOURCE\n"
	"\n"
	"Without a subcommand, show the loaded lists: source, format, version or date,\n"
	"counts, and when each was imported.\n"
	"\n"
	"import reads list files exactly as the authorities publish them and replaces\n"
	"each file's source in the store at once; a file that cannot be read leaves the\n"
	"previous version in place.  Damaged rows are reported with their line and\n"
	"skipped; the rest is imported.  Formats (detected, or --format):\n"
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
	"--orgs imports chipscreen's own organisation table (data/orgs.tsv and\n"
	"data/org-links.tsv, or $CHIPSCREEN_DATA) as source chipscreen-orgs: every\n"
	"organisation's names and aliases, and the names of its brands and subsidiaries\n"
	"with the links that hold today.  search and screen-names read that table\n"
	"from data/ by themselves when it was never imported, and say so.\n"
	"\n"
	"  --db FILE      the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  --format FMT   do not detect the format\n"
	"  --source ID    store under this source id instead of the derived one\n"
	"  --orgs         import chipscreen's organisation table (with or without FILEs)\n"
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
			       " dropped, recoded, imported_at, path FROM list_sources ORDER BY id",
			       -1, &q, NULL)) {
		log_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		return EXIT_ERROR;
	}
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	int n = 0;
	if (!json)
		printf("%-24s %-11s %-22s %8s %8s %8s %6s %7s  %s\n", "SOURCE", "FORMAT", "VERSION",
		       "ENTRIES", "NAMES", "ADDRS", "IDS", "SKIPPED", "IMPORTED");
	while (sqlite3_step(q) == SQLITE_ROW) {
		n++;
		const char *c[12];
		for (int i = 0; i < 12; i++)
			c[i] = (const char *)sqlite3_column_text(q, i);
		if (json) {
			cJSON *o = cJSON_CreateObject();
			const char *keys[] = {"source",  "format",    "version",     "entries",
					      "names",   "addresses", "ids",         "rows",
					      "skipped", "recoded",   "imported_at", "path"};
			for (int i = 0; i < 12; i++) {
				if (i >= 3 && i <= 9)
					cJSON_AddNumberToObject(o, keys[i],
								sqlite3_column_int64(q, i));
				else
					cJSON_AddStringToObject(o, keys[i], c[i] ? c[i] : "");
			}
			cJSON_AddItemToArray(arr, o);
		} else {
			printf("%-24s %-11s %-22s %8s %8s %8s %6s %7s  %s\n", c[0], c[1],
			       c[2] ? c[2] : "-", c[3], c[4], c[5], c[6], c[8], c[10]);
		}
	}
	sqlite3_finalize(q);
	if (json) {
		report_json_write(arr, stdout);
	} else if (!n) {
		printf("(no lists loaded: chipscreen lists import FILE...)\n");
	}
	return EXIT_CLEAR;
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
	if (!n)
		printf("no problems recorded for %s\n", source);
	return n ? EXIT_FINDINGS : EXIT_CLEAR;
}

static int remove_source(struct store *st, const char *source)
{
	struct strbuf err = STRBUF_INIT;
	if (lists_schema(st, &err) < 0 || store_begin(st, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	int changed = lists_delete_source(st, source, &err);
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
	return failed ? EXIT_ERROR : EXIT_CLEAR;
}

struct lists_opts {
	const char *db;
	struct import_opts io;
	bool json, orgs;
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
		{"orgs", no_argument, NULL, 'o'},         {NULL, 0, NULL, 0},
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
		case 'h':
			*status = print_usage(usage);
			return false;
		default:
			*status = usage_error("lists", "unknown option");
			return false;
		}
	}
	return true;
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
	if (sub && strcmp(sub, "import") && strcmp(sub, "problems") && strcmp(sub, "remove"))
		return usage_error("lists", "unknown subcommand '%s'", sub);
	int nargs = sub ? argc - optind : 0;
	if (orgs && (!sub || strcmp(sub, "import")))
		return usage_error("lists", "--orgs goes with import");
	if (sub && !strcmp(sub, "import") && nargs < 1 && !orgs)
		return usage_error("lists", "import needs at least one FILE, or --orgs");
	if (sub && strcmp(sub, "import") && nargs != 1)
		return usage_error("lists", "%s needs one SOURCE", sub);
	if (o.source && sub && !strcmp(sub, "import") && nargs > 1)
		return usage_error("lists", "--source names one source: import one file with it");
	/* only import fills a store: the others read one that must be there */
	if ((!sub || strcmp(sub, "import")) && store_must_exist("lists", db, false))
		return EXIT_ERROR;
	struct store *st;
	struct strbuf err = STRBUF_INIT;
	if (store_open(&st, db, false, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	if (!sub)
		rc = show(st, json);
	else if (!strcmp(sub, "import"))
		rc = import(st, nargs, argv + optind, &o, orgs);
	else if (!strcmp(sub, "problems"))
		rc = problems(st, argv[optind]);
	else
		rc = remove_source(st, argv[optind]);
	store_close(st);
	return rc;
}
