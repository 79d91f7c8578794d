/*
 * test_lists_qa.c — the lists commands used as a new user would, on the
 * fixture lists and on hostile variants of them: a cut file, a repeated
 * header, a missing or empty store, an unknown source, a store of the
 * previous schema.  Each test failed before the fix it guards.
 */
#include "testutil.h"
#include "util/fileio.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

/* The first n bytes of a fixture, or all of it (n 0), into b. */
static void fixture_head(const char *rel, size_t n, struct strbuf *b)
{
	const char *p = shared_data(rel);
	assert_non_null(p);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	char buf[8192];
	size_t k;
	strbuf_reset(b);
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(b, buf, k);
	fclose(f);
	if (n && n < b->len)
		strbuf_setlen(b, n);
}

/* A CSL CSV cut inside its last quoted field (a download cut short) was
 * imported whole, the last entry's field cut, with no word; then with the
 * cut record reported but exit 0: now refused unless --force. */
static void test_cut_inside_quotes(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	/* 3000 bytes: the header, four rows and the fifth cut in its ids field */
	fixture_head("lists/csl/consolidated-sample.csv", 3000, &b);
	test_write(dir, "consolidated.csv", b.buf, b.len);
	char *p = test_path(dir, "consolidated.csv");
	/* refused (a first import: no loaded version showed the shortfall) */
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 2);
	assert_non_null(strstr(e.buf, "consolidated.csv: ends inside a quoted field of its last "
				      "record (line 6), at byte 3000: truncated? nothing imported; "
				      "--force imports the 4 entries read"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--force", "--db", db, p, NULL), 0);
	assert_non_null(strstr(o.buf, "csl (csl-csv): 4 entries, 6 names, 2 addresses, 0 ids; "
				      "1 rows skipped"));
	assert_non_null(strstr(e.buf, "consolidated.csv:6: the file ends inside a quoted field "
				      "(cut short?); record skipped"));
	/* the same in a one-line file */
	test_write_str(dir, "t2.csv",
		       "source,entity_number,type,programs,name\n"
		       "\"Entity List (EL) - Bureau of Industry and Security\",,"
		       "Entity,EAR,\"Foo Trading");
	free(p);
	p = test_path(dir, "t2.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 2);
	assert_non_null(strstr(e.buf, "t2.csv:2: the file ends inside a quoted field"));
	assert_non_null(strstr(e.buf, "no entry could be read (1 rows, 1 rejected); nothing "
				      "imported (no version of csl-t2 was loaded)"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Import rel cut to its first n bytes (size - back when back) as name in dir. */
static char *cut_fixture(const char *dir, const char *rel, size_t n, size_t back, const char *name)
{
	struct strbuf b = STRBUF_INIT;
	fixture_head(rel, 0, &b);
	strbuf_setlen(&b, back ? b.len - back : n);
	test_write(dir, name, b.buf, b.len);
	strbuf_release(&b);
	return test_path(dir, name);
}

/* A list file cut short (a failed download) imported with exit 0: the OFAC
 * XML cut at 3000 bytes gave 1 of its 4 entries, and on a first import no
 * loaded version showed the shortfall, so a listed party had "no hit".  The
 * same for a cut FtM, DPL and CSV (test_cut_inside_quotes).  Now each is
 * refused, the store untouched, unless --force; a damaged line in the
 * middle of a whole file is still only dropped. */
static void test_cut_lists(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	char *xml = cut_fixture(dir, "lists/ofac-xml/sdn.xml", 3000, 0, "sdn.xml");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, xml, NULL), 2);
	assert_non_null(strstr(e.buf, "sdn.xml: ends inside <aka>, at byte 3000: truncated? "
				      "nothing imported; --force imports the 1 entries read"));
	/* cut in the root's end tag: every entry there, the document not whole */
	char *xml2 = cut_fixture(dir, "lists/ofac-xml/sdn.xml", 0, 5, "sdn2.xml");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, xml2, NULL), 2);
	assert_non_null(strstr(e.buf, "sdn2.xml: ends inside <sdnList>, at byte 8003: truncated?"));
	char *ftm = cut_fixture(dir, "lists/ftm/zala-entities.ftm.json", 0, 100, "zala.ftm.json");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, ftm, NULL), 2);
	assert_non_null(strstr(e.buf,
			       "zala.ftm.json: ends inside its last JSON object (line 91), "
			       "at byte 146273: truncated? nothing imported; --force imports "
			       "the 14 entries read"));
	char *dpl = cut_fixture(dir, "lists/bis-dpl.txt", 0, 30, "dpl.txt");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, dpl, NULL), 2);
	assert_non_null(strstr(e.buf, "dpl.txt: ends inside a quoted field of its last record "
				      "(line 582), at byte 145583: truncated? nothing imported; "
				      "--force imports the 580 entries read"));
	/* cut between two fields: narrower than the record before, no line end
	 * (a whole file without a last line end, as the CSL sample, is read) */
	char *dpl2 = cut_fixture(dir, "lists/bis-dpl.txt", 0, 58, "dpl2.txt");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, dpl2, NULL), 2);
	assert_non_null(strstr(e.buf, "dpl2.txt: ends inside its last record, 9 fields of 12 and "
				      "no line end (line 582), at byte 145555: truncated? nothing "
				      "imported; --force imports the 580 entries read"));
	/* nothing of them in a store: none is left by the failed runs */
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, NULL), 2);
	assert_non_null(strstr(e.buf, "lists: no store at "));
	/* forced: what was read, said as a warning */
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--force", "--db", db, xml, NULL), 0);
	assert_non_null(strstr(o.buf, "ofac-sdn (ofac-xml, 2014-07-16): 1 entries"));
	assert_non_null(strstr(e.buf, "warning: ") &&
			strstr(e.buf, "sdn.xml: ends inside <aka>, "
				      "at byte 3000: truncated? imported the 1 entries read, as "
				      "--force asks"));
	/* the whole file replaces it; then a cut one is refused, the whole kept */
	const char *whole = shared_data("lists/ofac-xml/sdn.xml");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, whole, NULL), 0);
	assert_non_null(strstr(o.buf, "ofac-sdn (ofac-xml, 2014-07-16): 4 entries"));
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "--db", db, "--source", "ofac-sdn", xml2, NULL),
		2);
	assert_non_null(strstr(e.buf, "truncated? nothing imported (the previous version of "
				      "ofac-sdn is kept); --force imports the 3 entries read"));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, "--json", NULL), 0);
	assert_non_null(strstr(o.buf, "\"entries\":\t4,"));
	/* a damaged line in the middle of a whole FtM file: dropped, exit 0 */
	fixture_head("lists/ftm/zala-entities.ftm.json", 0, &b);
	char *l50 = b.buf;
	for (int i = 1; i < 50; i++)
		l50 = strchr(l50, '\n') + 1;
	l50[0] = '['; /* ["id": ...: no JSON value */
	test_write(dir, "mid.ftm.json", b.buf, b.len);
	char *mid = test_path(dir, "mid.ftm.json");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, mid, NULL), 0);
	assert_non_null(strstr(o.buf, "ftm-mid (ftm, 2026-04-29T07:55:02): 14 entries"));
	assert_non_null(strstr(e.buf, "mid.ftm.json:50: not a JSON object (malformed or "
				      "truncated); skipped"));
	assert_null(strstr(e.buf, "truncated?"));
	free(xml);
	free(xml2);
	free(ftm);
	free(dpl);
	free(dpl2);
	free(mid);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* An explicit --format was not checked against the file: the CSL sample
 * read as dod-1260h gave 13 "DoD 1260H" entries (verdict INFO) and, forced,
 * replaced that source.  A file with another format's signature is now
 * refused, --force or not; the signatures are the detection's, which also
 * reads an FtM file whose first entity is longer than the 4 KiB it looks at
 * (it was taken for CSL JSON, "not a CSL file"). */
static void test_format_checked(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT, want = STRBUF_INIT;
	char *csl = strdup(shared_data("lists/csl/consolidated-sample.csv")); /* a static buffer */
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "--db", db, "--format", "dod-1260h", csl, NULL),
		2);
	strbuf_addf(&want,
		    "%s: asked to import it as dod-1260h, but the file looks like csl-csv (its "
		    "first bytes are that format's); nothing imported (--format csl-csv, or no "
		    "--format, reads it as what it is)",
		    csl);
	assert_non_null(strstr(e.buf, want.buf));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, NULL), 2);
	assert_non_null(strstr(e.buf, "lists: no store at "));
	/* with the real list loaded, --force does not make it one either */
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db,
				 shared_data("lists/dod-1260h/sanctions.csv"), NULL),
			 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, "--force", "--format",
				 "dod-1260h", csl, NULL),
			 2);
	assert_non_null(strstr(e.buf, want.buf));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, "--json", NULL), 0);
	assert_non_null(strstr(o.buf, "\"entries\":\t233,"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, "--format", "csl-json",
				 shared_data("lists/ftm/t1-entities.ftm.json"), NULL),
			 2);
	assert_non_null(strstr(e.buf, "t1-entities.ftm.json: asked to import it as csl-json, but "
				      "the file looks like ftm"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, "--format", "ofac-csv",
				 shared_data("lists/ofac-xml/sdn.xml"), NULL),
			 2);
	assert_non_null(strstr(e.buf, "sdn.xml: asked to import it as ofac-csv, but the file "
				      "looks like ofac-xml"));
	/* an FtM file whose first line is over 4 KiB (its first such entity put
	 * again at the top: 14 entries and the repeat): ftm, detected or asked */
	fixture_head("lists/ftm/zala-entities.ftm.json", 0, &b);
	const char *nl = strchr(b.buf, '\n'), *start = b.buf;
	while (nl && nl - start < 4096) {
		start = nl + 1;
		nl = strchr(start, '\n');
	}
	assert_non_null(nl);
	struct strbuf lng = STRBUF_INIT;
	strbuf_add(&lng, start, (size_t)(nl + 1 - start));
	strbuf_add(&lng, b.buf, b.len);
	test_write(dir, "long.ftm.json", lng.buf, lng.len);
	char *p = test_path(dir, "long.ftm.json");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(o.buf, "ftm-long (ftm, 2026-04-29T07:55:02): 15 entries"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, "--format", "ftm", p, NULL),
			 0);
	assert_non_null(strstr(o.buf, "ftm-long (ftm, 2026-04-29T07:55:02): 15 entries"));
	free(p);
	free(csl);
	strbuf_release(&lng);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Two CSL files joined with cat: the second header became a listed party
 * called "name" that every query with the word "name" hit at 1.00. */
static void test_header_again(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT, j = STRBUF_INIT;
	fixture_head("lists/csl/consolidated-sample.csv", 0, &b);
	const char *nl = strchr(b.buf, '\n');
	strbuf_add(&j, b.buf, (size_t)(nl + 1 - b.buf));
	strbuf_add(&j, b.buf, b.len);
	test_write(dir, "consolidated.csv", j.buf, j.len);
	char *p = test_path(dir, "consolidated.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(o.buf, "csl (csl-csv): 13 entries, 28 names, 15 addresses, 6 ids; "
				      "1 rows skipped"));
	assert_non_null(strstr(e.buf, "consolidated.csv:2: the header row again; row skipped"));
	/* no entry named "name": nothing near 1.00 (at the default 0.32 a
	 * listed "Nam" is one edit away, a potential match at 0.47) */
	assert_int_equal(run_cmd(&o, &e, "search", "--min", "0.9", "--db", db, "name", NULL), 0);
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	strbuf_release(&j);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A mistyped --db made an empty store and answered "no lists", exit 0; an
 * empty store, and an unknown source's problems, were exit 0 too. */
static void test_no_store(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "typo.db"), *e_db = test_path(dir, "e.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, want = STRBUF_INIT;
	struct stat sb;
	const char *subs[][3] = {{"lists", NULL, NULL},
				 {"lists", "history", NULL},
				 {"lists", "problems", "csl"},
				 {"lists", "remove", "csl"}};
	strbuf_addf(&want, "lists: no store at %s: a typo?", db);
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		const char *argv[6] = {subs[i][0]};
		int n = 1;
		for (int k = 1; k < 3 && subs[i][k]; k++)
			argv[n++] = subs[i][k];
		argv[n++] = "--db";
		argv[n++] = db;
		assert_int_equal(run_cmdv(&o, &e, n, argv), 2);
		assert_non_null(strstr(e.buf, want.buf));
		assert_int_not_equal(stat(db, &sb), 0);
	}
	/* a failed import into a new store leaves none (a mistyped --db) */
	test_write_str(dir, "empty.csv", "");
	char *p = test_path(dir, "empty.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", e_db, p, NULL), 2);
	assert_int_not_equal(stat(e_db, &sb), 0);
	/* an empty store: its one list removed */
	const char *leg = shared_data("lists/us-special-leg/section_889.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", e_db, "--source", "s889",
				 leg, NULL),
			 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "remove", "--db", e_db, "s889", NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", e_db, NULL), 2);
	assert_non_null(strstr(e.buf, "no lists loaded in "));
	assert_string_equal(o.buf, "");
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", e_db, "--json", NULL), 2);
	assert_string_equal(o.buf, "[]\n");
	/* problems of a source that is not there */
	const char *dpl = shared_data("lists/bis-dpl.txt");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", e_db, dpl, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "problems", "--db", e_db, "bis-dp1", NULL), 2);
	assert_non_null(strstr(e.buf, "no source 'bis-dp1' in "));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", e_db, NULL), 0);
	assert_non_null(strstr(o.buf, "bis-dpl                  dpl         2022-09-02"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
	free(db);
	free(e_db);
}

/* The lists tables as chipscreen wrote them before publication dates (schema
 * version 2, commit a9c7fd2): the date was in version ("file date D" for a
 * file's mtime). */
static const char v2_schema[] =
	"CREATE TABLE schema_versions(module TEXT PRIMARY KEY, version INTEGER NOT NULL);"
	"INSERT INTO schema_versions VALUES('lists', 2);"
	"CREATE TABLE list_sources(id TEXT PRIMARY KEY, format TEXT NOT NULL, path TEXT NOT NULL,"
	" version TEXT, imported_at TEXT NOT NULL, entries INTEGER NOT NULL, names INTEGER NOT "
	"NULL,"
	" addresses INTEGER NOT NULL, ids INTEGER NOT NULL, rows INTEGER NOT NULL,"
	" dropped INTEGER NOT NULL, recoded INTEGER NOT NULL);"
	"CREATE TABLE list_entries(id INTEGER PRIMARY KEY, source TEXT NOT NULL REFERENCES"
	" list_sources(id), ref TEXT, list TEXT NOT NULL, type TEXT, name TEXT NOT NULL,"
	" programs TEXT, citation TEXT, start_date TEXT, end_date TEXT, remarks TEXT, url TEXT,"
	" line INTEGER);"
	"CREATE INDEX list_entries_source ON list_entries(source);"
	"CREATE TABLE list_names(id INTEGER PRIMARY KEY, entry INTEGER NOT NULL REFERENCES"
	" list_entries(id), name TEXT NOT NULL, kind TEXT NOT NULL);"
	"CREATE INDEX list_names_entry ON list_names(entry);"
	"CREATE TABLE list_addresses(entry INTEGER NOT NULL REFERENCES list_entries(id),"
	" address TEXT, country TEXT);"
	"CREATE INDEX list_addresses_entry ON list_addresses(entry);"
	"CREATE TABLE list_ids(entry INTEGER NOT NULL REFERENCES list_entries(id), type TEXT,"
	" value TEXT NOT NULL, norm TEXT NOT NULL, country TEXT);"
	"CREATE INDEX list_ids_entry ON list_ids(entry);"
	"CREATE INDEX list_ids_norm ON list_ids(norm);"
	"CREATE TABLE list_problems(source TEXT NOT NULL, file TEXT, line INTEGER,"
	" dropped INTEGER NOT NULL, what TEXT NOT NULL);"
	"CREATE INDEX list_problems_source ON list_problems(source);"
	"ALTER TABLE list_entries ADD COLUMN license_requirement TEXT;"
	"ALTER TABLE list_entries ADD COLUMN license_policy TEXT;"
	"ALTER TABLE list_names ADD COLUMN note TEXT;"
	"ALTER TABLE list_names ADD COLUMN confidence TEXT;"
	/* what a9c7fd2's `lists import sdn.csv dpl.txt` left */
	"INSERT INTO list_sources VALUES('ofac-sdn', 'ofac-csv', '/lists/sdn.csv',"
	" 'file date 2026-11-30', '2026-12-01T08:00:00Z', 1, 2, 0, 0, 1, 0, 0);"
	"INSERT INTO list_sources VALUES('bis-dpl', 'dpl', '/lists/dpl.txt', '2022-09-02',"
	" '2026-12-01T08:00:01Z', 1, 1, 0, 0, 1, 0, 0);"
	"INSERT INTO list_entries(id, source, ref, list, type, name, programs) VALUES"
	" (1, 'ofac-sdn', '36', 'SDN', 'entity', 'AEROCARIBBEAN AIRLINES', 'CUBA'),"
	" (2, 'bis-dpl', NULL, 'DPL', 'entity', 'ZHANG TRADING', NULL);"
	"INSERT INTO list_names(entry, name, kind) VALUES (1, 'AEROCARIBBEAN AIRLINES', 'primary'),"
	" (1, 'AERO-CARIBBEAN', 'aka'), (2, 'ZHANG TRADING', 'primary');";

/* A store of the previous schema: the upgrade kept the entries but left
 * them undated (every search warned "age unknown", and the 2014 SDN XML
 * replaced a 2026 list unchecked) and out of the history, and said nothing. */
static void test_previous_schema(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "old.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	sqlite3 *s;
	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, v2_schema, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, NULL), 0);
	assert_non_null(strstr(e.buf, "old.db: the lists tables were upgraded from version 2 to "
				      "5; the 2 sources loaded are kept"));
	assert_non_null(strstr(o.buf, "bis-dpl                  dpl         2022-09-02          "
				      "   2022-09-02 file          1"));
	assert_non_null(strstr(o.buf, "ofac-sdn                 ofac-csv    -                   "
				      "   2026-11-30 mtime         1"));
	/* said once */
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, NULL), 0);
	assert_null(strstr(e.buf, "upgraded"));
	assert_int_equal(run_cmd(&o, &e, "lists", "history", "--db", db, NULL), 0);
	assert_string_equal(o.buf,
			    "2026-12-01T08:00:01Z  bis-dpl  version 2022-09-02, published "
			    "2022-09-02 (the newest Last_Update in the file), 1 entries, from "
			    "/lists/dpl.txt\n"
			    "2026-12-01T08:00:00Z  ofac-sdn  version -, published 2026-11-30 (the "
			    "file's modification time (the file states no date)), 1 entries, from "
			    "/lists/sdn.csv\n");
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Aero-Caribbean", NULL), 1);
	assert_non_null(strstr(o.buf, "AEROCARIBBEAN AIRLINES"));
	assert_null(strstr(e.buf, "states no publication date"));
	/* the migrated date guards the list: the 2014 XML is older */
	const char *xml = shared_data("lists/ofac-xml/sdn.xml");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, xml, NULL), 2);
	assert_non_null(strstr(e.buf, "published 2014-07-16"));
	free(db);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

/* A hostile server on 127.0.0.1: an HTML page sent as the list, a body sent
 * in chunks without a length, a redirect to plain HTTP. */
static const char hostile_py[] =
	"import http.server, sys\n"
	"class H(http.server.BaseHTTPRequestHandler):\n"
	"    def log_message(self, *a): pass\n"
	"    def do_GET(self):\n"
	"        if self.path == '/redir/dpl.txt':\n"
	"            self.send_response(302)\n"
	"            self.send_header('Location', 'http://example.invalid/dpl.txt')\n"
	"            self.end_headers(); return\n"
	"        if self.path == '/chunked/dpl.txt':\n"
	"            self.protocol_version = 'HTTP/1.0'\n"
	"            self.send_response(200); self.end_headers()\n"
	"            try:\n"
	"                for i in range(64): self.wfile.write(b'x' * 65536)\n"
	"            except Exception: pass\n"
	"            return\n"
	"        body = b'<html><body>Service unavailable</body></html>\\n'\n"
	"        self.send_response(200)\n"
	"        self.send_header('Content-Length', str(len(body)))\n"
	"        self.end_headers(); self.wfile.write(body)\n"
	"s = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
	"print('port', s.server_address[1], flush=True)\n"
	"s.serve_forever()\n";

static pid_t hostile_start(const char *dir, char *base, size_t n)
{
	test_write_str(dir, "hostile.py", hostile_py);
	char *py = test_path(dir, "hostile.py");
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execlp("timeout", "timeout", "120", "python3", py, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	free(py);
	FILE *f = fdopen(fd[0], "r");
	char line[64] = "";
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_true(atoi(line + 5) > 0);
	snprintf(base, n, "http://127.0.0.1:%d", atoi(line + 5));
	return pid;
}

static void test_hostile_server(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, url = STRBUF_INIT, want = STRBUF_INIT;
	char base[64];
	pid_t pid = hostile_start(dir, base, sizeof base);
	/* an HTML page for the DPL: refused once, naming the URL, not the
	 * temporary file it was saved in */
	strbuf_addf(&url, "bis-dpl=%s/html/dpl.txt", base);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--url", url.buf,
				 "--source", "bis-dpl", NULL),
			 2);
	strbuf_addf(&want,
		    "%s/html/dpl.txt: the first line has no name column: not a dpl file "
		    "with its header",
		    base);
	assert_non_null(strstr(e.buf, want.buf));
	assert_null(strstr(e.buf, "chipscreen-lists-"));
	/* 4 MiB in chunks, no Content-Length: cut at the 1 MiB limit */
	strbuf_reset(&url);
	strbuf_addf(&url, "bis-dpl=%s/chunked/dpl.txt", base);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--url", url.buf,
				 "--source", "bis-dpl", "--max-size", "1", NULL),
			 2);
	strbuf_reset(&want);
	strbuf_addf(&want, "bis-dpl: %s/chunked/dpl.txt: larger than the import limit of 1 MiB",
		    base);
	assert_non_null(strstr(e.buf, want.buf));
	/* a redirect to plain HTTP: said so, not "protocol not supported" alone */
	strbuf_reset(&url);
	strbuf_addf(&url, "bis-dpl=%s/redir/dpl.txt", base);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--url", url.buf,
				 "--source", "bis-dpl", NULL),
			 2);
	assert_non_null(strstr(e.buf, "/redir/dpl.txt: the server redirected to an address that "
				      "is not HTTPS"));
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&url);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A NUL byte in a name ended it as a C string: "Sinobright\0 Import and
 * Export Company" was screened as "Sinobright" (no hit, no word), and a
 * listed name with one was cut the same way. */
static void test_nul_bytes(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *csl = shared_data("lists/csl/consolidated-sample.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, csl, NULL), 0);
	static const char sup[] = "name,note\nSinobright\0 Import and Export Company,x\n";
	test_write(dir, "sup.csv", sup, sizeof sup - 1);
	char *p = test_path(dir, "sup.csv");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "--db", db, "--column", "name", p, NULL),
			 1);
	assert_non_null(strstr(e.buf, "sup.csv:2: a field holds NUL bytes: each read as a space"));
	assert_non_null(strstr(o.buf, "\nSinobright  Import and Export Company,x,Sinobright Import "
				      "and Export Company,1.000,ISN,"));
	/* in a list */
	static const char leg[] =
		"schema,name,aliases,topics,program,authority,reason,report-date,start-date,"
		"end-date,country,notes,source_url\n"
		"Company,Zhejiang\0 Uniview Technologies Co.,,,Section 889,,,,,,CN,,\n";
	test_write(dir, "leg.csv", leg, sizeof leg - 1);
	free(p);
	p = test_path(dir, "leg.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(e.buf, "leg.csv:2: a field holds NUL bytes: each read as a space"));
	assert_int_equal(
		run_cmd(&o, &e, "search", "--db", db, "Zhejiang Uniview Technologies", NULL), 1);
	assert_non_null(strstr(o.buf, "Zhejiang  Uniview Technologies Co."));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* screen-names' silent passes: a --source that names nothing loaded
 * screened against nothing ("no hit", exit 0); a master with only its
 * header row screened nothing, exit 0; a directory was "an empty file". */
static void test_screen_names_silent(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db"), *out = test_path(dir, "out.csv");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *csl = shared_data("lists/csl/consolidated-sample.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, csl, NULL), 0);
	test_write_str(dir, "sup.csv", "name\nSinobright Import and Export Company\n");
	char *p = test_path(dir, "sup.csv");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--source", "cls", p, NULL),
			 2);
	assert_non_null(strstr(e.buf, "--source cls: no loaded source or list is called 'cls'"));
	assert_string_equal(o.buf, "");
	/* a source id, a list code in any case, a trailing comma */
	const char *good[] = {"csl", "isn", "EL,ISN", "csl,"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column",
					 "name", "--source", good[i], p, NULL),
				 1);
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--source", "ISN,nosuch", p, NULL),
			 2);
	assert_non_null(strstr(e.buf, "is called 'nosuch'"));
	/* only a header: an error, and --out is not written */
	test_write_str(dir, "hdr.csv", "name,country\n");
	free(p);
	p = test_path(dir, "hdr.csv");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--out", out, p, NULL),
			 2);
	assert_non_null(strstr(e.buf, "hdr.csv: no row under the header: nothing screened"));
	struct stat sb;
	assert_int_not_equal(stat(out, &sb), 0);
	/* a damaged row (an unquoted comma in the name) is screened on what
	 * was read, and makes the run exit 2 as the man page says; it was 0 */
	test_write_str(dir, "dmg.csv", "name,country\nHuawei Technologies Co., Ltd.,CN\n");
	free(p);
	p = test_path(dir, "dmg.csv");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", p, NULL), 2);
	assert_non_null(strstr(e.buf, "dmg.csv:2: wrong number of fields; the row is copied as "
				      "read"));
	assert_non_null(strstr(e.buf, "dmg.csv: 1 rows damaged or not screened"));
	/* a name over 64 KiB: cut, and said so (it was "copied as read") */
	struct strbuf big = STRBUF_INIT;
	strbuf_addstr(&big, "name\n");
	for (int i = 0; i < 70000; i++)
		strbuf_addch(&big, 'x');
	strbuf_addch(&big, '\n');
	test_write_str(dir, "big.csv", big.buf);
	strbuf_release(&big);
	free(p);
	p = test_path(dir, "big.csv");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", p, NULL), 2);
	assert_non_null(strstr(e.buf, "big.csv:2: a field is longer than 64 KiB: cut there, in the "
				      "output too"));
	/* a directory */
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", dir, NULL),
		2);
	assert_non_null(strstr(e.buf, "Is a directory"));
	free(p);
	free(out);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A UTF-16 file (a spreadsheet's "Unicode text"): screen-names said "no
 * column 'name' in the header", lists import "unknown list format". */
static void test_utf16(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *csl = shared_data("lists/csl/consolidated-sample.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, csl, NULL), 0);
	/* "name\nACME\n" in UTF-16LE with its byte-order mark */
	static const char u16[] = "\xFF\xFEn\0a\0m\0e\0\n\0A\0C\0M\0E\0\n\0";
	test_write(dir, "sup.csv", u16, sizeof u16 - 1);
	char *p = test_path(dir, "sup.csv");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", p, NULL), 2);
	assert_non_null(strstr(e.buf, "sup.csv: UTF-16 text (a spreadsheet's \"Unicode text\"): "
				      "save it as CSV UTF-8"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 2);
	assert_non_null(strstr(e.buf, "sup.csv: UTF-16 text (a spreadsheet's \"Unicode text\"): "
				      "save it as UTF-8 as published; nothing imported"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A list file opened in a spreadsheet and saved again has ; (or tabs)
 * between its fields: it was "unknown list format", which says nothing of
 * what happened; now what it was, and to import it as published. */
static void test_resaved_list(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	const char *csl = shared_data("lists/csl/consolidated-sample.csv");
	assert_int_equal(read_file(csl, 1 << 24, &b, NULL), 0);
	for (size_t i = 0; i < b.len; i++) /* as a German Excel writes it */
		if (b.buf[i] == ',')
			b.buf[i] = ';';
	test_write(dir, "consolidated.csv", b.buf, b.len);
	char *p = test_path(dir, "consolidated.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 2);
	assert_non_null(strstr(e.buf, "consolidated.csv: a csl-csv file whose commas are now "
				      "semicolons, as a spreadsheet saves it: import the file as "
				      "published"));
	/* the store this failed run created is not left behind, nor the
	 * directory it made for it (a mistyped --db) */
	struct stat sb;
	assert_int_not_equal(stat(db, &sb), 0);
	char *deep = test_path(dir, "typo/cs.db"), *typo = test_path(dir, "typo");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", deep, p, NULL), 2);
	assert_int_not_equal(stat(typo, &sb), 0);
	free(deep);
	free(typo);
	test_write_str(dir, "leg.csv",
		       "schema\tname\taliases\ttopics\tprogram\tauthority\n"
		       "Company\tAcme\t\tdebarment\tSection 889\tCongress\n");
	free(p);
	p = test_path(dir, "leg.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 2);
	assert_non_null(strstr(e.buf, "leg.csv: a special-leg file whose commas are now tabs"));
	/* not every file with a semicolon: still unknown */
	test_write_str(dir, "other.csv", "a;b;c\n1;2;3\n");
	free(p);
	p = test_path(dir, "other.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 2);
	assert_non_null(strstr(e.buf, "other.csv: unknown list format"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* update --from: a missing directory said "X is not there" for each of the
 * lists, a file given as the directory likewise, and a link loop "is not
 * there" though it is. */
static void test_update_from_dir(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db"), *in = test_path(dir, "in");
	char *nodir = test_path(dir, "nodir"), *file = test_path(dir, "in/x");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, want = STRBUF_INIT;
	test_write_str(dir, "in/x", "");
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--from", nodir, NULL), 2);
	strbuf_addf(&want, "--from %s: no such directory", nodir);
	assert_non_null(strstr(e.buf, want.buf));
	assert_null(strstr(e.buf, "is not there"));
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--from", file, NULL), 2);
	strbuf_reset(&want);
	strbuf_addf(&want, "--from %s: not a directory", file);
	assert_non_null(strstr(e.buf, want.buf));
	test_symlink(dir, "in/dpl.txt", "loop");
	test_symlink(dir, "in/loop", "dpl.txt");
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--from", in, "--source",
				 "bis-dpl", NULL),
			 2);
	assert_non_null(strstr(e.buf, "/in/dpl.txt: Too many levels of symbolic links (--from "));
	assert_non_null(strstr(e.buf, "nothing imported"));
	free(nodir);
	free(file);
	free(in);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* lists remove left no trace in lists history: the last entry still read
 * as if the list were screened against. */
static void test_remove_in_history(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *dpl = shared_data("lists/bis-dpl.txt");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, dpl, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "remove", "--db", db, "bis-dpl", NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "history", "--db", db, NULL), 0);
	const char *rm =
		strstr(o.buf, "  bis-dpl  removed (lists remove): no longer screened "
			      "against\n    it was version 2022-09-02, published 2022-09-02, "
			      "581 entries, from ");
	const char *imp = strstr(o.buf, "  bis-dpl  version 2022-09-02, published 2022-09-02");
	assert_non_null(rm);
	assert_non_null(imp);
	assert_true(rm < imp); /* newest first */
	assert_int_equal(run_cmd(&o, &e, "lists", "history", "--db", db, "--json", NULL), 0);
	assert_non_null(strstr(o.buf, "\"format\":\t\"removed\""));
	assert_non_null(strstr(o.buf, "\"replaced\":\t\"version 2022-09-02, published 2022-09-02, "
				      "581 entries\""));
	/* removing what is not there records nothing */
	assert_int_equal(run_cmd(&o, &e, "lists", "remove", "--db", db, "bis-dpl", NULL), 2);
	assert_int_equal(run_cmd(&o, &e, "lists", "history", "--db", db, NULL), 0);
	assert_null(strstr(strstr(o.buf, "removed") + 1, "removed"));
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A CSL CSV with its columns reordered reads the same; without its source
 * column every hit is REVIEW, and the import now says why. */
static void test_csl_columns(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	test_write_str(dir, "consolidated.csv",
		       "name,type,entity_number,programs,source\n"
		       "Foo Semiconductor Trading Ltd,Entity,,EAR,Entity List (EL) - Bureau of "
		       "Industry and Security\n");
	test_write_str(dir, "nosrc.csv",
		       "name,type,entity_number,programs\n"
		       "Foo Semiconductor Trading Ltd,Entity,,EAR\n");
	char *p = test_path(dir, "consolidated.csv"), *q = test_path(dir, "nosrc.csv");
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "--db", db, "--format", "csl-csv", p, NULL), 0);
	assert_null(strstr(e.buf, "no source column"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Foo Semiconductor Trading", NULL),
			 1);
	assert_non_null(strstr(o.buf, "verdict: LICENSE"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, "--format", "csl-csv",
				 "--source", "csl", "--force", q, NULL),
			 0);
	assert_non_null(strstr(e.buf, "nosrc.csv:1: no source column: which list each entry is on "
				      "is unknown, so its hits are REVIEW"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Foo Semiconductor Trading", NULL),
			 1);
	assert_non_null(strstr(o.buf, "verdict: REVIEW"));
	free(p);
	free(q);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Plain HTTP is for this machine only, but "http://127.0.0.1:80@host/"
 * (user 127.0.0.1, password 80, on host) passed the check and went to host. */
static void test_http_userinfo(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, url = STRBUF_INIT;
	const char *bad[] = {"http://127.0.0.1:80@example.invalid/dpl.txt",
			     "http://localhost@example.invalid/dpl.txt",
			     "http://127.0.0.1.example.invalid/dpl.txt", "http://[::1]:8x/dpl.txt"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		strbuf_reset(&url);
		strbuf_addf(&url, "bis-dpl=%s", bad[i]);
		assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--url", url.buf,
					 "--source", "bis-dpl", NULL),
				 2);
		assert_non_null(strstr(e.buf, ": not an https:// URL (plain http is accepted only "
					      "from this machine"));
	}
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&url);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A publication date in the future (a file's mtime from a wrong clock, a
 * mirror's Last-Modified) was taken as is: every real newer list was then
 * refused as "older" until that day, and the list was never stale. */
static void test_future_date(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	fixture_head("lists/csl/consolidated-sample.csv", 0, &b);
	test_write(dir, "consolidated.csv", b.buf, b.len);
	char *p = test_path(dir, "consolidated.csv");
	struct tm tm = {.tm_year = 2099 - 1900, .tm_mon = 0, .tm_mday = 1, .tm_hour = 12};
	time_t t = timegm(&tm);
	struct timeval tv[2] = {{t, 0}, {t, 0}};
	assert_int_equal(utimes(p, tv), 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(e.buf, "consolidated.csv: the publication date 2099-01-01 (the "
				      "file's modification time) is in the future: ignored"));
	assert_null(strstr(o.buf, "published 2099"));
	/* a store where an earlier chipscreen recorded 2099 */
	sqlite3 *s;
	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, "UPDATE list_sources SET published = '2099-01-01'", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(s);
	assert_int_equal(
		run_cmd(&o, &e, "search", "--db", db, "Sinobright Import and Export Company", NULL),
		1);
	assert_non_null(strstr(e.buf, "search: csl says it was published 2099-01-01, in the "
				      "future: its age is unknown"));
	tm = (struct tm){.tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = 1, .tm_hour = 12};
	t = timegm(&tm);
	struct timeval tv2[2] = {{t, 0}, {t, 0}};
	assert_int_equal(utimes(p, tv2), 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(o.buf, "replaced csl: version -, published 2099-01-01, 13 entries "
				      "-> version -, published 2026-11-01, 13 entries"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_inside_quotes),
		cmocka_unit_test(test_cut_lists),
		cmocka_unit_test(test_format_checked),
		cmocka_unit_test(test_header_again),
		cmocka_unit_test(test_no_store),
		cmocka_unit_test(test_previous_schema),
		cmocka_unit_test(test_hostile_server),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_screen_names_silent),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_resaved_list),
		cmocka_unit_test(test_update_from_dir),
		cmocka_unit_test(test_remove_in_history),
		cmocka_unit_test(test_csl_columns),
		cmocka_unit_test(test_http_userinfo),
		cmocka_unit_test(test_future_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
