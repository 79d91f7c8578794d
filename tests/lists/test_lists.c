/*
 * test_lists.c — importing list files (good and damaged), replacing a source
 * atomically, the org-table hook, search/compare/screen-names end to end, and
 * the quality floors on the labelled set.
 */
#include "testutil.h"

#include "lists/lists.h"
#include "lists/index-load.h"
#include "match/quality.h"
#include "util/log.h"

#include <string.h>

/* A parties-in-legislation file, in the published column layout. */
static const char special_leg[] =
	"schema,name,aliases,topics,program,authority,reason,report-date,start-date,end-date,"
	"country,notes,source_url\n"
	"Company,ChangXin Memory Technologies,CXMT,debarment,Section 5949 of the NDAA "
	"FY2023,United States Congress,,,,,,,https://example.invalid/a\n"
	"Company,Yangtze Memory Technologies Corp,YMTC,debarment,Section 5949 of the NDAA "
	"FY2023,United States Congress,,,,,,,https://example.invalid/a\n";

static char *dbpath(const char *dir)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/cs.db", dir);
	return strbuf_detach(&p, NULL);
}

static int import(const char *db, const char *dir, const char *rel, const char *source,
		  struct strbuf *out, struct strbuf *err)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, rel);
	int rc = source ? run_cmd(out, err, "lists", "import", "--db", db, "--source", source,
				  p.buf, NULL)
			: run_cmd(out, err, "lists", "import", "--db", db, p.buf, NULL);
	strbuf_release(&p);
	return rc;
}

static void test_bad_rows(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf big = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addstr(&big, "schema,name,aliases,topics,program,authority,reason,report-date,"
			    "start-date,end-date,country,notes,source_url\n");
	strbuf_addstr(&big, "Company,Good One Ltd,,,Section 889,,,,,,,,\n"); /* line 2 */
	strbuf_addstr(&big, "Company,Too Few,,\n");                          /* line 3 */
	strbuf_addstr(&big, "Company,Soci\xe9t\xe9 G\xe9n\xe9rale,,,Section 889,,,,,,,,\n"); /* 4 */
	strbuf_addstr(&big, "Company,\""); /* line 5 */
	for (int i = 0; i < 70000; i++)
		strbuf_addch(&big, 'x');
	strbuf_addstr(&big, "\",,,Section 889,,,,,,,,\n");
	strbuf_addstr(&big, "Company,\"Unbalanced Quote,,,Section 889,,,,,,,,\n"); /* line 6 */
	for (int i = 0; i < 40; i++)                                               /* 7..46 */
		strbuf_addf(&big, "Company,Party %d Trading,,,Section 889,,,,,,,,\n", i);
	test_write(dir, "bad.csv", big.buf, big.len);
	assert_int_equal(import(db, dir, "bad.csv", NULL, &out, &err), 0);
	assert_non_null(strstr(err.buf, "bad.csv:3: 4 fields, expected 13; record skipped"));
	assert_non_null(strstr(err.buf, "bad.csv:4: field 2 is not UTF-8: read as Windows-1252"));
	assert_non_null(
		strstr(err.buf, "bad.csv:5: a field is longer than 64 KiB; record skipped"));
	assert_non_null(strstr(err.buf, "bad.csv:6: unbalanced quote"));
	/* the rest imported: good one, the recoded one, and the parties after the quote
	 * (the resync gives up line 6 only; line 7's record is read again) */
	assert_non_null(strstr(out.buf, "42 entries"));
	assert_non_null(strstr(out.buf, "rows skipped"));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "Societe Generale", NULL), 1);
	assert_non_null(strstr(out.buf, "Société Générale"));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "Party 39 Trading", NULL), 1);
	assert_int_equal(run_cmd(&out, &err, "lists", "problems", "--db", db, "us-bad", NULL), 1);
	assert_non_null(strstr(out.buf, "bad.csv:3: 4 fields"));
	strbuf_release(&big);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(db);
}

static void test_failed_import_keeps_previous(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	test_write_str(dir, "leg.csv", special_leg);
	test_write_str(dir, "empty.csv", "");
	test_write_str(dir, "header-only.csv",
		       "schema,name,aliases,topics,program,authority,reason,report-date,start-date,"
		       "end-date,country,notes,source_url\n");
	test_write_str(dir, "cut.json",
		       "[{\"name\": \"Complete Record Ltd\", \"source\": \"Entity List (EL) - "
		       "Bureau of Industry and Security\"},\n {\"name\": \"Cut Re");
	assert_int_equal(import(db, dir, "leg.csv", "leg", &out, &err), 0);
	assert_non_null(strstr(out.buf, "2 entries, 4 names"));
	assert_int_equal(import(db, dir, "empty.csv", "leg", &out, &err), 2);
	assert_non_null(strstr(err.buf, "empty.csv: empty file; nothing imported"));
	assert_int_equal(import(db, dir, "header-only.csv", "leg", &out, &err), 2);
	assert_non_null(strstr(err.buf, "no entry could be read"));
	assert_non_null(strstr(err.buf, "the previous version of leg is kept"));
	assert_int_equal(run_cmd(&out, &err, "lists", "--db", db, NULL), 0);
	assert_non_null(strstr(out.buf, "leg "));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "CXMT", NULL), 1);
	/* truncated JSON: refused; forced, the complete record is imported and
	 * the cut one reported */
	char *cut = test_path(dir, "cut.json");
	assert_int_equal(import(db, dir, "cut.json", NULL, &out, &err), 2);
	assert_non_null(strstr(err.buf, "cut.json: ends inside a record (line 2), at byte 115: "
					"truncated? nothing imported; --force imports the 1 "
					"entries read"));
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db, "--force", cut, NULL),
			 0);
	free(cut);
	assert_non_null(strstr(out.buf, "1 entries"));
	assert_non_null(strstr(err.buf, "cut.json:2: record cut off (truncated file); skipped"));
	assert_non_null(strstr(err.buf, "cut.json: ends inside a record (line 2), at byte 115: "
					"truncated? imported the 1 entries read, as --force asks"));
	/* unknown content */
	test_write_str(dir, "junk.txt", "hello world\n");
	assert_int_equal(import(db, dir, "junk.txt", NULL, &out, &err), 2);
	assert_non_null(strstr(err.buf, "junk.txt: unknown list format"));
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(db);
}

static void test_org_table(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	test_write_str(dir, "leg.csv", special_leg);
	assert_int_equal(import(db, dir, "leg.csv", NULL, &out, &err), 0);
	struct store *st;
	assert_int_equal(store_open(&st, db, false, &err), 0);
	struct import_result r;
	assert_int_equal(lists_import_orgs(st, src_path("tests/fixtures/names/orgs.tsv"), &r, &err),
			 0);
	assert_int_equal(r.entries, 4);
	store_close(st);
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "ZhiTai", NULL), 1);
	assert_non_null(strstr(out.buf, "Yangtze Memory Technologies Corp"));
	assert_non_null(strstr(out.buf, "org table Yangtze Memory Technologies Co., Ltd., brand"));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "--json", "致态", NULL), 1);
	assert_non_null(strstr(out.buf, "\"matched_name\":\t\"致态\""));
	assert_non_null(strstr(out.buf, "\"source\":\t\"NDAA-5949\""));
	/* an org that is on no list gives no hit by itself */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "HIKSEMI", NULL), 0);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(db);
}

static void test_screen_names(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT, o = STRBUF_INIT;
	test_write_str(dir, "leg.csv", special_leg);
	assert_int_equal(import(db, dir, "leg.csv", NULL, &out, &err), 0);
	test_write_str(dir, "suppliers.csv",
		       "id,supplier,city\n"
		       "1,\"Yangtze Memory Technologies Co., Ltd.\",Wuhan\n"
		       "2,Acme Screws,\"Springfield, IL\"\n"
		       "3,Changxin Memory Technology Inc,Hefei\n");
	strbuf_addf(&p, "%s/suppliers.csv", dir);
	strbuf_addf(&o, "%s/out.csv", dir);
	/* NDAA s.5949 binds federal agencies, not the screener: INFO, under the
	 * default --fail-on REVIEW; any hit fails with --fail-on INFO */
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db, "--column", "supplier",
				 "-q", p.buf, NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db, "--column", "supplier",
				 "--fail-on", "INFO", "--out", o.buf, p.buf, NULL),
			 1);
	struct strbuf csv = STRBUF_INIT;
	char buf[4096];
	FILE *f = fopen(o.buf, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	strbuf_addstr(&csv, buf);
	assert_non_null(strstr(csv.buf,
			       "id,supplier,city,matched_name,score,source,programs,citation,"
			       "verdict,consequence,license_requirement,listed_name,"
			       "matched_via,other_hits,decision,list_source,list_version,list_date,screened_at\n"));
	/* no hit: the added cells empty but for when it was screened */
	const char *acme = strstr(csv.buf, "2,Acme Screws,\"Springfield, IL\",,,,,,,,,,,,no-match,,,,");
	assert_non_null(acme);
	acme = strchr(acme, '\n') - 20;
	assert_true(acme[4] == '-' && acme[10] == 'T' && acme[19] == 'Z');
	/* the company's full name comes from chipscreen's org table, and says so */
	assert_non_null(strstr(csv.buf,
			       "1,\"Yangtze Memory Technologies Co., Ltd.\",Wuhan,\"Yangtze "
			       "Memory Technologies Co., Ltd.\",1.000,NDAA-5949,"));
	assert_non_null(strstr(csv.buf,
			       ",NDAA-5949,Section 5949 of the NDAA FY2023,Section 5949 of "
			       "the NDAA FY2023,INFO,from 2027-12-23 US executive agencies may "
			       "not buy electronic parts or products that include this party's "
			       "semiconductors; no export restriction on the screener,,Yangtze "
			       "Memory Technologies Corp,\"chipscreen's org table (bundled, not "
			       "imported): \"\"Yangtze Memory Technologies Co., Ltd.\"\" is a "
			       "name of Yangtze Memory Technologies Co., Ltd. (orgs.tsv, source "
			       "BIS Entity List rule effective 2022-12-16 (YMTC; Federal Register, December 2022); pci.ids 1e49 (Yangtze Memory Technologies) and public lspci logs; JEDEC JEP106BO (May 2026) as tabled in openocd src/helper/jep106.inc, and i2c-tools eeprom/decode-dimms (JEP106BB)"
			       "); listed as \"\"Yangtze Memory Technologies Corp\"\"\",,match,"
			       "us-leg,,"));
	assert_non_null(strstr(csv.buf, "3,Changxin Memory Technology Inc,Hefei,\"ChangXin Memory "
					"Technologies, Inc.\",1.000,NDAA-5949,"));
	assert_non_null(strstr(err.buf, "3 rows, 2 matched"));
	/* no such column; empty input */
	assert_int_equal(
		run_cmd(&out, &err, "screen-names", "--db", db, "--column", "name", p.buf, NULL),
		2);
	assert_non_null(strstr(err.buf, "no column 'name' in the header"));
	test_write_str(dir, "empty.csv", "");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/empty.csv", dir);
	assert_int_equal(
		run_cmd(&out, &err, "screen-names", "--db", db, "--column", "name", p.buf, NULL),
		2);
	assert_non_null(strstr(err.buf, "empty file"));
	/* compare */
	assert_int_equal(run_cmd(&out, &err, "compare", "--db", db, "--json", "BELLETECH CORP",
				 "11420 CORP.", NULL),
			 0);
	assert_non_null(strstr(out.buf, "\"match\":\tfalse"));
	assert_int_equal(run_cmd(&out, &err, "compare", "Yangtze Memory Technologies",
				 "YANGTZE MEMORY TECHNOLOGIES CORP", NULL),
			 1);
	strbuf_release(&csv);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&p);
	strbuf_release(&o);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Of several parties a name hits, the row shows one and other_hits the rest:
 * how many, the first three with list, name, score and decision. */
static void test_other_hits(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT;
	test_write_str(dir, "leg.csv",
		       "schema,name,aliases,topics,program,authority,reason,report-date,"
		       "start-date,end-date,country,notes,source_url\n"
		       "Company,Orion Rocket Works Ltd,,debarment,Section 5949 of the NDAA "
		       "FY2023,United States Congress,,,,,,,https://example.invalid/a\n"
		       "Company,Orion Rocket Works GmbH,,debarment,Section 5949 of the NDAA "
		       "FY2023,United States Congress,,,,,,,https://example.invalid/a\n"
		       "Company,Orion Rocket Parts Sarl,,debarment,Section 5949 of the NDAA "
		       "FY2023,United States Congress,,,,,,,https://example.invalid/a\n");
	assert_int_equal(import(db, dir, "leg.csv", NULL, &out, &err), 0);
	test_write_str(dir, "s.csv", "id,supplier\n1,Orion Rocket Works\n2,Acme Screws\n");
	strbuf_addf(&p, "%s/s.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db, "--column", "supplier",
				 "-q", p.buf, NULL),
			 0);
	/* the two Orion Rocket Works at 0.928 each (a legal form more on the
	 * listed side); Orion Rocket Parts is under --min */
	assert_non_null(strstr(out.buf, ",Orion Rocket Works Ltd,,1: NDAA-5949 'Orion Rocket "
					"Works GmbH' 0.928 potential-match,potential-match,"));
	assert_non_null(strstr(out.buf, "2,Acme Screws,,,,,,,,,,,,no-match,"));
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&p);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* The real files: counts as published, and the labelled set's floors. */
static void test_real_lists_and_quality(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(sdn, "lists/ofac-sdn-bench/sdn.csv");
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *files[] = {"lists/ofac-sdn-bench/sdn.csv",
			       "lists/dod-1260h/sanctions.csv",
			       "lists/us-special-leg/section_5949.csv",
			       "lists/us-special-leg/section_889.csv",
			       "lists/bis-dpl.txt",
			       "lists/csl/consolidated-sample.csv",
			       "lists/ofac-xml/consolidated.xml",
			       "lists/ftm/zala-entities.ftm.json",
			       "lists/csl/el.csv"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		const char *p = shared_data(files[i]);
		assert_non_null(p);
		assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db, p, NULL), 0);
		if (i == 0)
			assert_non_null(
				strstr(out.buf, "8976 entries, 23318 names, 14495 addresses"));
		if (i == 6)
			assert_non_null(
				strstr(out.buf, "ofac-cons (ofac-xml, 2014-12-17): 16 entries"));
		if (i == 8) /* one entry spans several rows in this layout */
			assert_non_null(strstr(out.buf, "7 entries"));
	}
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db,
				 src_path("tests/fixtures/names/orgs.tsv"), NULL),
			 0);
	struct store *st;
	struct nindex *ix;
	assert_int_equal(nindex_open(db, &st, &ix, &err), 0);
	struct quality q;
	assert_int_equal(quality_eval(ix, src_path("tests/fixtures/names/labelled.tsv"), 0.85, 1,
				      &q, NULL, &err),
			 0);
	print_message("labelled set at 0.85: %d rows, P %.3f R %.3f F1 %.3f\n", q.rows, q.precision,
		      q.recall, q.f1);
	assert_true(q.rows >= 150);
	assert_true(q.precision >= 0.95);
	assert_true(q.recall >= 0.94);
	assert_int_equal(q.index_mismatches, 0); /* indexed == exhaustive */
	/* an identifier matches exactly */
	struct nx_query iq = {.name = "", .id = "A0181988", .min = 0.85};
	struct nx_result res;
	nindex_search(ix, &iq, &res);
	assert_int_equal(res.n, 0); /* that passport is in the 2014 XML, not loaded here */
	nx_result_release(&res);
	iq.id = "1084010"; /* AL ZAWAHIRI: "Passport 1084010 (Egypt)" in the SDN remarks */
	nindex_search(ix, &iq, &res);
	assert_int_equal(res.n, 1);
	assert_true(res.hits[0].by_id);
	assert_string_equal(ix->entries[res.hits[0].entry].name, "AL ZAWAHIRI, Dr. Ayman");
	nx_result_release(&res);
	nindex_free(ix);
	store_close(st);
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "--json", "--country",
				 "Switzerland", "Banco Nacional de Cuba", NULL),
			 1);
	assert_non_null(strstr(out.buf, "country CH matches (+0.05)"));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "--country", "CU",
				 "Banco Nacional de Cuba", NULL),
			 1);
	assert_non_null(strstr(out.buf, "listed in CH, not CU (-0.05)"));
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(db);
}

int main(void)
{
	log_set_quiet(0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_failed_import_keeps_previous),
		cmocka_unit_test(test_org_table),
		cmocka_unit_test(test_screen_names),
		cmocka_unit_test(test_other_hits),
		cmocka_unit_test(test_real_lists_and_quality),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
