/*
 * test_lists_audit.c — what makes a screening defensible and safe: lists
 * never downgraded unnoticed (issue 13.1), the publisher's date and where it
 * came from (13.2), the audit trail in every result (13.4), and the hostile
 * and careless inputs of issue 17: --out naming the input (17.2), an org
 * table whose name is a control byte (17.3), formula injection (17.4), the
 * import size cap (17.5); and screen-names' separator and empty names.
 */
#include "testutil.h"

#include "util/log.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void slurp(const char *path, struct strbuf *out)
{
	strbuf_reset(out);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(out, buf, n);
	fclose(f);
}

static void copy_file(const char *from, const char *to)
{
	struct strbuf b = STRBUF_INIT;
	slurp(from, &b);
	FILE *f = fopen(to, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b.buf, 1, b.len, f), b.len);
	fclose(f);
	strbuf_release(&b);
}

/* Set a file's modification time to midday UTC of day (YYYY-MM-DD). */
static void set_mtime(const char *path, int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	time_t t = timegm(&tm);
	struct timeval tv[2] = {{t, 0}, {t, 0}};
	assert_int_equal(utimes(path, tv), 0);
}

/* Files in dir whose name holds s (the temporary files of --out). */
static int count_named(const char *dir, const char *s)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		n += strstr(e->d_name, s) != NULL;
	closedir(d);
	return n;
}

/* Parties named in legislation, in the published layout; INFO verdicts. */
static const char leg_header[] =
	"schema,name,aliases,topics,program,authority,reason,report-date,start-date,end-date,"
	"country,notes,source_url\n";

static void test_out_is_input(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	char *in = test_path(dir, "sup.csv"), *sym = test_path(dir, "sym.csv"),
	     *hard = test_path(dir, "hard.csv"), *out = test_path(dir, "out.csv");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, before = STRBUF_INIT, after = STRBUF_INIT;
	struct strbuf leg = STRBUF_INIT, sup = STRBUF_INIT;
	strbuf_addf(&leg, "%sCompany,ChangXin Memory Technologies,CXMT,debarment,Section 5949 of "
			  "the NDAA FY2023,,,,,,,,\n",
		    leg_header);
	test_write_str(dir, "leg.csv", leg.buf);
	char *legp = test_path(dir, "leg.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, legp, NULL), 0);
	strbuf_addstr(&sup, "id,name\n");
	for (int i = 0; i < 2000; i++) /* more than one read buffer */
		strbuf_addf(&sup, "%d,Supplier number %d of the master file\n", i, i);
	test_write_str(dir, "sup.csv", sup.buf);
	assert_int_equal(symlink("sup.csv", sym), 0);
	assert_int_equal(link(in, hard), 0);
	slurp(in, &before);
	const char *outs[] = {in, sym, hard};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(run_cmd(&o, &e, "screen-names", "--db", db, "--column", "name",
					 "-q", "--out", outs[i], in, NULL),
				 2);
		assert_non_null(strstr(e.buf, "the output is the input file"));
		slurp(in, &after);
		assert_int_equal(after.len, before.len);
		assert_memory_equal(after.buf, before.buf, before.len);
	}
	/* a good run replaces out.csv whole and leaves no temporary file */
	test_write_str(dir, "out.csv", "old output\n");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "--db", db, "--column", "name", "-q",
				 "--out", out, in, NULL),
			 0);
	slurp(out, &after);
	assert_true(!strncmp(after.buf, "id,name,matched_name,", 21));
	assert_non_null(strstr(after.buf, "\n1999,Supplier number 1999 of the master file,"));
	assert_int_equal(count_named(dir, ".tmp."), 0);
	/* a run that fails (no such store) leaves the old output and no temporary file */
	test_write_str(dir, "out.csv", "old output\n");
	char *nodb = test_path(dir, "missing.db");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "--db", nodb, "--column", "name", "-q",
				 "--out", out, in, NULL),
			 2);
	slurp(out, &after);
	assert_string_equal(after.buf, "old output\n");
	assert_int_equal(count_named(dir, ".tmp."), 0);
	free(nodb);
	free(legp);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&leg);
	strbuf_release(&sup);
	test_rmtree(dir);
	free(dir);
	free(db);
	free(in);
	free(sym);
	free(hard);
	free(out);
}

/* Issue 17.3: a name field of only a control byte segfaulted the import. */
static void test_control_byte_name(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	test_write_str(dir, "orgs.tsv",
		       "org_id\tname\tkind\tsource\n"
		       "x\t\x01\tname\thttps://example.invalid/x\n"
		       "x\t\x1f\x02\talias\thttps://example.invalid/x\n"
		       "y\tGood Org Ltd\tname\thttps://example.invalid/y\n");
	char *p = test_path(dir, "orgs.tsv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(o.buf, "orgs (orgs): 1 entries, 1 names"));
	assert_non_null(strstr(e.buf, "orgs.tsv:2: org_id, name, kind and source must all be "
				      "given; row skipped"));
	assert_non_null(strstr(e.buf, "orgs.tsv:3: org_id, name, kind and source must all be "
				      "given; row skipped"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Issue 17.4: list names, programs and the input's own cells reach the CSV. */
static void test_formula_guard(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, leg = STRBUF_INIT;
	strbuf_addf(&leg,
		    "%sCompany,\"=HYPERLINK(\"\"http://x.invalid\"\",\"\"Evil Trading\"\")\",,"
		    "debarment,@SUM(1+1),,,,,,,,\n",
		    leg_header);
	test_write_str(dir, "leg.csv", leg.buf);
	test_write_str(dir, "sup.csv",
		       "name,note\n"
		       "\"=HYPERLINK(\"\"http://x.invalid\"\",\"\"Evil Trading\"\")\",+1\n"
		       "'quoted,-2\n");
	char *lp = test_path(dir, "leg.csv"), *sp = test_path(dir, "sup.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, lp, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "screen-names", "--db", db, "--column", "name", "-q",
				 "--fail-on", "INFO", sp, NULL),
			 1);
	/* every cell that a spreadsheet would run starts with an apostrophe */
	assert_non_null(strstr(o.buf, "\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"Evil "
				      "Trading\"\")\",'+1,\"'=HYPERLINK("));
	assert_non_null(strstr(o.buf, ",US-LEG,'@SUM(1+1),'@SUM(1+1),REVIEW,"));
	assert_non_null(strstr(o.buf, "\n''quoted,'-2,"));
	assert_null(strstr(o.buf, ",=HYPERLINK"));
	assert_null(strstr(o.buf, ",@SUM"));
	free(lp);
	free(sp);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&leg);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A ;-separated master (as spreadsheets in many locales save it): detected,
 * and the output keeps the separator; an empty name is reported. */
static void test_separator_and_empty_names(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	char *lp = test_path(dir, "leg.csv"), *sp = test_path(dir, "sup.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db,
				 src_path("tests/fixtures/lists/us-special-leg/section_5949.csv"),
				 NULL),
			 0);
	test_write_str(dir, "sup.csv",
		       "id;supplier;city\n"
		       "1;Semiconductor Manufacturing International Corporation;Shanghai\n"
		       "2;  ;Nowhere\n"
		       "3;Acme Screws, Inc.;Springfield\n");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "--db", db, "--column", "supplier", sp, NULL), 2);
	assert_true(!strncmp(o.buf, "id;supplier;city;matched_name;score;source;", 43));
	assert_non_null(strstr(o.buf, "\n1;Semiconductor Manufacturing International "
				      "Corporation;Shanghai;"));
	assert_non_null(strstr(o.buf, ";NDAA-5949;"));
	assert_non_null(strstr(o.buf, "\n3;Acme Screws, Inc.;Springfield;;;;"));
	/* the unscreened row says so in the file too, not "no-match" */
	assert_non_null(strstr(o.buf, ";Nowhere;;;;;;;;;;;;not-screened;"));
	assert_non_null(strstr(e.buf, "sup.csv:3: empty name in column 'supplier'; row not "
				      "screened"));
	/* and its row says so: not "no-match" with a screened_at, which a
	 * reader of the output would take for a party screened and clear */
	assert_non_null(strstr(o.buf, "\n2;;Nowhere;;;;;;;;;;;;not-screened;;;;\n"));
	assert_non_null(strstr(e.buf, "sup.csv: 1 rows damaged or not screened"));
	/* given explicitly, the same; a comma file stays a comma file */
	assert_int_equal(run_cmd(&o, &e, "screen-names", "--db", db, "--column", "supplier",
				 "--delimiter", ";", "-q", sp, NULL),
			 2);
	assert_true(!strncmp(o.buf, "id;supplier;city;matched_name;", 30));
	test_write_str(dir, "sup.csv", "id,supplier\n1,\"Acme; Screws\"\n");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "--db", db, "--column", "supplier", "-q", sp, NULL),
		0);
	assert_true(!strncmp(o.buf, "id,supplier,matched_name,", 25));
	assert_non_null(strstr(o.buf, "\n1,Acme; Screws,,"));
	free(lp);
	free(sp);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Issue 13.1: the current SDN CSV, then the 2014 SDN XML, must not leave 4. */
static void test_never_downgrade(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(sdn, "lists/ofac-sdn-bench/sdn.csv");
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *names[] = {"sdn.csv", "alt.csv", "add.csv"};
	test_write_str(dir, "cur/.keep", "");
	for (int i = 0; i < 3; i++) {
		struct strbuf from = STRBUF_INIT;
		strbuf_addf(&from, "lists/ofac-sdn-bench/%s", names[i]);
		char *to = test_path(dir, "cur/x");
		snprintf(strrchr(to, '/') + 1, 8, "%s", names[i]);
		copy_file(shared_data(from.buf), to);
		free(to);
		strbuf_release(&from);
	}
	char *cur = test_path(dir, "cur/sdn.csv");
	set_mtime(cur, 2026, 11, 30); /* the CSV states no date: its mtime is the date */
	const char *xml = shared_data("lists/ofac-xml/sdn.xml");
	assert_non_null(xml);
	/* both in one command: an error, nothing imported */
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, cur, xml, NULL), 2);
	assert_non_null(strstr(e.buf, "are both source ofac-sdn: import one version of a list "
				      "at a time (nothing imported)"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, cur, NULL), 0);
	assert_non_null(strstr(o.buf, "ofac-sdn (ofac-csv): 8976 entries"));
	assert_non_null(strstr(o.buf, "published 2026-11-30 (from the file's modification time "
				      "(the file states no date))"));
	/* the 2014 XML: older, and 4 entries: refused, the 8976 kept */
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "--db", db, "--source", "ofac-sdn", xml, NULL),
		2);
	assert_non_null(strstr(e.buf, "sdn.xml: published 2014-07-16 (the file's publshInformation "
				      "Publish_Date), older than the loaded version of ofac-sdn "
				      "(published 2026-11-30, the file's modification time (the "
				      "file states no date); 8976 entries); nothing imported "
				      "(--force imports an older list anyway)"));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, NULL), 0);
	assert_non_null(strstr(o.buf, "2026-11-30 mtime      8976"));
	/* a newer file with under half the entries: refused too */
	test_write_str(dir, "small/sdn.csv",
		       "1,\"FIRST PARTY\",-0-,\"CUBA\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n"
		       "2,\"SECOND PARTY\",-0-,\"CUBA\",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n");
	char *small = test_path(dir, "small/sdn.csv");
	set_mtime(small, 2026, 12, 1);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, small, NULL), 2);
	assert_non_null(strstr(e.buf, "small/sdn.csv: 2 entries, under half of the 8976 in the "
				      "loaded version of ofac-sdn (published 2026-11-30); nothing "
				      "imported (--force if the list really shrank)"));
	/* --force: done, and the replacement said old -> new */
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "-q", "--force", "--db", db, small, NULL), 0);
	assert_non_null(strstr(o.buf, "replaced ofac-sdn: version -, published 2026-11-30, 8976 "
				      "entries -> version -, published 2026-12-01, 2 entries"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--force", "--db", db, "--source",
				 "ofac-sdn", xml, NULL),
			 0);
	assert_non_null(strstr(o.buf, "replaced ofac-sdn: version -, published 2026-12-01, 2 "
				      "entries -> version 2014-07-16, published 2014-07-16, 4 "
				      "entries"));
	/* the same version again is fine, and reported */
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "--db", db, "--source", "ofac-sdn", xml, NULL),
		0);
	assert_non_null(strstr(o.buf, "published 2014-07-16, 4 entries -> version 2014-07-16, "
				      "published 2014-07-16, 4 entries"));
	/* the history: every version loaded, newest first, refusals not among them */
	assert_int_equal(run_cmd(&o, &e, "lists", "history", "--db", db, "ofac-sdn", NULL), 0);
	const char *h1 = strstr(o.buf, "  ofac-sdn  version 2014-07-16, published 2014-07-16 (the "
				       "file's publshInformation Publish_Date), 4 entries, from ");
	const char *h2 = strstr(o.buf, "    replaced version -, published 2026-12-01, 2 entries\n");
	const char *h3 = strstr(o.buf, "  ofac-sdn  version -, published 2026-11-30 (the file's "
				       "modification time (the file states no date)), 8976 entries");
	assert_true(h1 && h2 && h3 && h1 < h2 && h2 < h3);
	int rows = 0;
	for (const char *q = o.buf; (q = strstr(q, "  ofac-sdn  ")); q++)
		rows++;
	assert_int_equal(rows, 4);
	assert_int_equal(run_cmd(&o, &e, "lists", "history", "--db", db, "csl", NULL), 2);
	assert_non_null(strstr(e.buf, "no import recorded for csl in "));
	free(cur);
	free(small);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Issue 13.2: the date each format's publisher states, and where it is read. */
static void test_published_dates(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *files[] = {"lists/ofac-xml/consolidated.xml", "lists/bis-dpl.txt",
			       "lists/dod-1260h/sanctions.csv", "lists/ftm/zala-entities.ftm.json"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db,
					 shared_data(files[i]), NULL),
				 0);
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, "--json", NULL), 0);
	assert_non_null(strstr(o.buf, "\"published\":\t\"2014-12-17\",\n\t\t\"published_from\":\t"
				      "\"the file's publshInformation Publish_Date\""));
	/* the DPL's newest Last_Update that is not in the future (3017 is a typo) */
	assert_non_null(strstr(o.buf, "\"published\":\t\"2022-09-02\",\n\t\t\"published_from\":\t"
				      "\"the newest Last_Update in the file\""));
	/* the newest, not the oldest: 1260H listings run 2021-06-03 to 2026-06-08, the
	 * FtM entities' last_change 2023-11-02 to 2026-04-29 */
	assert_non_null(strstr(o.buf, "\"version\":\t\"2026-06-08\","));
	assert_non_null(strstr(o.buf, "\"published\":\t\"2026-06-08\",\n\t\t\"published_from\":\t"
				      "\"the newest listing start date in the file\""));
	assert_non_null(strstr(o.buf, "\"version\":\t\"2026-04-29T07:55:02\","));
	assert_non_null(strstr(o.buf, "\"published\":\t\"2026-04-29\",\n\t\t\"published_from\":\t"
				      "\"the newest last_change in the file\""));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, NULL), 0);
	assert_non_null(strstr(o.buf, "ofac-cons                ofac-xml    2014-12-17             "
				      "2014-12-17 file"));
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Issue 13.4: every result names the list version it came from, and when. */
static void test_audit_trail(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *xml = shared_data("lists/ofac-xml/sdn.xml");
	assert_non_null(xml);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, xml, NULL), 0);
	test_write_str(dir, "sup.csv", "name\nBanco Nacional de Cuba\n");
	char *sp = test_path(dir, "sup.csv");
	setenv("CHIPSCREEN_TODAY", "2014-07-20", 1);
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "--db", db, "--column", "name", sp, NULL), 1);
	assert_non_null(strstr(e.buf, "screen-names: screening against ofac-sdn: version "
				      "2014-07-16, published 2014-07-16 (the file's "
				      "publshInformation Publish_Date), 4 entries, imported "));
	assert_null(strstr(e.buf, "older than"));
	assert_non_null(strstr(o.buf, ",PROHIBITED,"));
	assert_non_null(strstr(o.buf, ",ofac-sdn,2014-07-16,2014-07-16,"));
	/* eleven days later the list is stale: every screening says so */
	setenv("CHIPSCREEN_TODAY", "2014-07-27", 1);
	assert_int_equal(run_cmd(&o, &e, "screen-names", "--db", db, "--column", "name", "-q",
				 sp, NULL),
			 1);
	assert_non_null(strstr(e.buf, "screen-names: ofac-sdn was published 2014-07-16, 11 days "
				      "ago, older than 7 days"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--json", "National Bank of Cuba", NULL), 1);
	assert_non_null(strstr(e.buf, "search: ofac-sdn was published 2014-07-16, 11 days ago"));
	assert_non_null(strstr(o.buf, "\"list_source\":\t\"ofac-sdn\",\n\t\t\t\"list_version\":\t"
				      "\"2014-07-16\",\n\t\t\t\"list_date\":\t\"2014-07-16\""));
	assert_non_null(strstr(o.buf, "\"screened_at\":\t\"20"));
	assert_int_equal(run_cmd(&o, &e, "compare", "--db", db, "Banco Nacional", "Banco Nacional", NULL), 1);
	assert_non_null(strstr(e.buf, "compare: ofac-sdn was published 2014-07-16, 11 days ago"));
	/* the age is configurable */
	setenv("CHIPSCREEN_LISTS_MAX_AGE", "30", 1);
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "National Bank of Cuba", NULL), 1);
	assert_null(strstr(e.buf, "older than"));
	unsetenv("CHIPSCREEN_LISTS_MAX_AGE");
	unsetenv("CHIPSCREEN_TODAY");
	free(sp);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Issue 13.4: an OpenSanctions hit is named after a dataset, not 22 ids. */
static void test_dataset_names(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db,
				 shared_data("lists/ftm/zala-entities.ftm.json"), NULL),
			 0);
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Zala Aero", NULL), 1);
	assert_non_null(strstr(o.buf, "1.00  US OFAC Specially Designated Nationals (SDN) List "
				      "(OpenSanctions us_ofac_sdn) and 21 more datasets LLC CST\n"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--json", "Zala Aero", NULL), 1);
	assert_non_null(strstr(o.buf, "\"list_name\":\t\"US OFAC Specially Designated Nationals "
				      "(SDN) List (OpenSanctions us_ofac_sdn) and 21 more "
				      "datasets\""));
	test_write_str(dir, "sup.csv", "name\nZala Aero\n");
	char *sp = test_path(dir, "sup.csv");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "--db", db, "--column", "name", "-q", sp, NULL), 1);
	assert_non_null(strstr(o.buf, ",US OFAC Specially Designated Nationals (SDN) List "
				      "(OpenSanctions us_ofac_sdn) and 21 more datasets,"));
	free(sp);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Issue 17.5: a streamed format is written in batches of LIMPORT_BATCH
 * entries while it is read, in one transaction: all of it arrives, and a
 * refusal at the end (after batches were written) leaves the previous
 * version whole. */
static void test_streamed_import(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db"), *p = test_path(dir, "big.csv");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, big = STRBUF_INIT;
	strbuf_addstr(&big, leg_header);
	for (int i = 0; i < 10000; i++) /* 2 full batches and a part */
		strbuf_addf(&big, "Company,Party %d Trading,Alias %d,,Section 889,,,,,,CN,,\n", i,
			    i);
	test_write_str(dir, "big.csv", big.buf);
	set_mtime(p, 2026, 11, 1);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(o.buf, "us-big (special-leg): 10000 entries, 20000 names, 10000 "
				      "addresses"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Party 9999 Trading", NULL), 1);
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Party 17 Trading", NULL), 1);
	/* an older file of the same size: refused after its batches were written */
	set_mtime(p, 2026, 10, 1);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 2);
	assert_non_null(strstr(e.buf, "big.csv: published 2026-10-01"));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, "--json", NULL), 0);
	assert_non_null(strstr(o.buf, "\"entries\":\t10000,"));
	assert_non_null(strstr(o.buf, "\"published\":\t\"2026-11-01\""));
	/* a cut file: refused after its batches were written, the loaded
	 * version kept; forced, the complete rows are read, the cut one reported */
	strbuf_addstr(&big, "Company,\"Cut Party");
	test_write_str(dir, "big.csv", big.buf);
	set_mtime(p, 2026, 11, 2);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 2);
	assert_non_null(strstr(e.buf, "big.csv: ends inside a quoted field of its last record "
				      "(line 10002), at byte "));
	assert_non_null(strstr(e.buf, ": truncated? nothing imported (the previous version of "
				      "us-big is kept); --force imports the 10000 entries read"));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, "--json", NULL), 0);
	assert_non_null(strstr(o.buf, "\"published\":\t\"2026-11-01\""));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--force", "--db", db, p, NULL), 0);
	assert_non_null(strstr(e.buf, "big.csv:10002: the file ends inside a quoted field (cut "
				      "short?); record skipped"));
	assert_non_null(strstr(o.buf, "replaced us-big: version -, published 2026-11-01, 10000 "
				      "entries -> version -, published 20"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&big);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Issue 17.5: a file over the cap is refused before it is read. */
static void test_size_cap(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(sdn, "lists/ofac-sdn-bench/sdn.csv");
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "--db", db, "--max-size", "1", sdn, NULL), 2);
	assert_non_null(strstr(e.buf, "sdn.csv: 1 MiB, over the import limit of 1 MiB for ofac-csv "
				      "(an import of this format holds the whole list in memory); "
				      "nothing imported (--max-size MiB raises it)"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, "--max-size", "0", sdn,
				 NULL),
			 2);
	assert_non_null(strstr(e.buf, "--max-size takes MiB"));
	assert_int_equal(
		run_cmd(&o, &e, "lists", "import", "--db", db, "--max-size", "3", sdn, NULL), 0);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

int main(void)
{
	log_set_quiet(0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_is_input),
		cmocka_unit_test(test_control_byte_name),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_separator_and_empty_names),
		cmocka_unit_test(test_never_downgrade),
		cmocka_unit_test(test_published_dates),
		cmocka_unit_test(test_audit_trail),
		cmocka_unit_test(test_dataset_names),
		cmocka_unit_test(test_streamed_import),
		cmocka_unit_test(test_size_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
