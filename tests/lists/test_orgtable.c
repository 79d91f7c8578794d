/*
 * test_orgtable.c — chipscreen's own organisation table as a name source:
 * `lists import --orgs`, the table read implicitly when never imported, the
 * brand and subsidiary links with their dates and confidence, the bridges
 * between table and lists, and damaged tables.
 */
#include "testutil.h"

#include "lists/hit-json.h"
#include "lists/index-load.h"
#include "lists/lists.h"
#include "match/index.h"
#include "util/date.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static char *dbpath(const char *dir)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/cs.db", dir);
	return strbuf_detach(&p, NULL);
}

/* A store holding one real list file, and nothing else. */
static char *store_with(const char *dir, const char *real)
{
	char *db = dbpath(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db, real, NULL), 0);
	strbuf_release(&out);
	strbuf_release(&err);
	return db;
}

/* search NAME: exit status, and the text (out) for the caller to check. */
static int search(const char *db, const char *name, struct strbuf *out)
{
	struct strbuf err = STRBUF_INIT;
	int rc = run_cmd(out, &err, "search", "--db", db, name, NULL);
	strbuf_release(&err);
	return rc;
}

/* Only the DoD 1260H list: the table is read from data/ and says so. */
static void test_bundled_with_1260h(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(dod, "lists/dod-1260h/sanctions.csv");
	char *dir = test_tmpdir(), *db = store_with(dir, dod);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* the brand, both scripts, and the old spelling */
	const char *ymtc[] = {"ZhiTai", "致态", "致钛", "ZHITAI"};
	for (size_t i = 0; i < sizeof ymtc / sizeof *ymtc; i++) {
		assert_int_equal(search(db, ymtc[i], &out), 1);
		assert_non_null(strstr(out.buf,
				       "1.00  DOD-1260H  Yangtze Memory Technologies Co., Ltd.\n"));
		assert_non_null(strstr(out.buf,
				       "from chipscreen's org table (bundled, not imported): "
				       "ZhiTai (致态) is a brand of Yangtze Memory Technologies "
				       "Co., Ltd. (confirmed); org-links.tsv, source "
				       "YMTC (长江存储及旗下致态品牌), https://www.zhitai.com/ ; "
				       "https://www.ymtc.com/; listed as \"Yangtze Memory "
				       "Technologies Co., Ltd.\""));
		assert_non_null(
			strstr(out.buf, "verdict: INFO: named by the Department of Defense"));
	}
	/* the Chinese names of YMTC itself */
	assert_int_equal(search(db, "长江存储", &out), 1);
	assert_non_null(strstr(out.buf, "1.00  DOD-1260H  Yangtze Memory Technologies Co., Ltd.\n"
					"      matched: 长江存储\n"));
	assert_non_null(strstr(out.buf,
			       "\"长江存储\" is a name of Yangtze Memory Technologies Co., "
			       "Ltd. (orgs.tsv, source "
			       "BIS Entity List rule effective 2022-12-16 (YMTC; Federal Register, December 2022); pci.ids 1e49 (Yangtze Memory Technologies) and public lspci logs; JEDEC JEP106BO (May 2026) as tabled in openocd src/helper/jep106.inc, and i2c-tools eeprom/decode-dimms (JEP106BB))"));
	assert_int_equal(search(db, "长江存储科技有限责任公司", &out), 1);
	assert_non_null(strstr(out.buf, "Yangtze Memory Technologies Co., Ltd.\n"));
	/* HIKSEMI -> Hikstorage -> Hikvision: both links quoted, weakest confidence */
	assert_int_equal(search(db, "HIKSEMI", &out), 1);
	assert_non_null(strstr(out.buf,
			       "1.00  DOD-1260H  Hangzhou Hikvision Digital Technology Co., Ltd.\n"
			       "      matched: HIKSEMI\n"));
	assert_non_null(strstr(out.buf,
			       "HIKSEMI is a brand of Hangzhou Hikstorage Technology Co., "
			       "Ltd. (secondary), and Hangzhou Hikstorage Technology Co., Ltd. "
			       "is a subsidiary of Hangzhou Hikvision Digital Technology Co., "
			       "Ltd. (secondary)"));
	assert_int_equal(search(db, "海康存储", &out), 1);
	assert_non_null(strstr(out.buf, "Hangzhou Hikvision Digital Technology Co., Ltd.\n"));
	/* negatives: an affiliate lends nothing; a brand sold in 2017 is not Micron's
	 * (and Micron is on no list); unrelated words around a brand.  "Yangtze
	 * Mason" shares the word "Yangtze" (a river) with YMTC's own name, and
	 * each keeps a word the other lacks, spelt nothing alike ("mason",
	 * "memory"): a conflict (match/score.h CONFLICT_NEAR), 0.35 -> 0.24, no
	 * hit even at the recall-first threshold (--min 0.30); it was a
	 * potential match there before the ninth round */
	assert_int_equal(
		run_cmd(&out, &err, "search", "--min", "0.30", "--db", db, "Yangtze Mason", NULL),
		0);
	assert_int_equal(
		run_cmd(&out, &err, "compare", "--db", db, "Yangtze Mason", "Yangtze Memory", NULL),
		0);
	assert_non_null(strstr(out.buf, "0.242 no-match"));
	assert_non_null(strstr(out.buf, "both keep a word the other lacks, none spelt alike: "
					"x0.70"));
	assert_int_equal(search(db, "Hubei Yangtze Mason Semiconductor", &out), 0);
	assert_int_equal(search(db, "Lexar", &out), 0);
	assert_int_equal(search(db, "Crucial", &out), 0);
	/* a brand with other words around it: only the brand's share of the name
	 * matches, so at most a potential match for a person to review */
	assert_int_equal(search(db, "ZhiTai Trading Ltd", &out), 1);
	assert_non_null(
		strstr(out.buf, "0.44  DOD-1260H  Yangtze Memory Technologies Co., Ltd.\n"));
	assert_non_null(strstr(out.buf, "      decision: potential match: the name is similar, "
					"not the same; review it\n"));
	/* the brand inside a longer name: below the default 0.38 (the listed
	 * name is one word of the query, match/score.h ALONE_FACTOR: 0.42 ->
	 * 0.32), but at --min 0.30 a potential match through the brand for a
	 * person to review */
	assert_int_equal(run_cmd(&out, &err, "search", "--min", "0.30", "--db", db,
				 "Hikmicro Sensing Holdings", NULL),
			 1);
	assert_non_null(strstr(out.buf, "0.32  DOD-1260H  Hangzhou Hikvision Digital Technology"));
	assert_non_null(strstr(out.buf, "decision: potential match"));
	assert_int_equal(search(db, "Hikmicro Sensing Holdings", &out), 0);
	/* the store holds only the list: the table was read, not imported */
	assert_int_equal(run_cmd(&out, &err, "lists", "--db", db, NULL), 0);
	assert_null(strstr(out.buf, "chipscreen-orgs"));
	/* DoD calls China Mobile Limited "China Mobile", the table calls the group so:
	 * the group's names go to the group's entry only */
	assert_int_equal(search(db, "中国移动", &out), 1);
	assert_non_null(
		strstr(out.buf, "DOD-1260H  China Mobile Communications Group Co., Ltd.\n"));
	assert_null(strstr(out.buf, "China Mobile Limited"));
	/* "China Telecom" names the table's China Telecom Corporation Limited and DoD's
	 * China Telecom Group: the full name decides, legal form and all */
	assert_int_equal(search(db, "中国电信", &out), 1);
	assert_non_null(strstr(out.buf, "DOD-1260H  China Telecom Corporation Limited\n"));
	assert_null(strstr(out.buf, "China Telecom Group"));
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Only the NDAA s.5949 file: YMTC is "Yangtze Memory Technologies Corp". */
static void test_bundled_with_5949(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(leg, "lists/us-special-leg/section_5949.csv");
	char *dir = test_tmpdir(), *db = store_with(dir, leg);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *q[] = {"ZhiTai", "致态", "长江存储", "Yangtze Memory Technologies Co., Ltd."};
	for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
		assert_int_equal(search(db, q[i], &out), 1);
		assert_non_null(strstr(out.buf, "NDAA-5949  Yangtze Memory Technologies Corp\n"));
		assert_non_null(
			strstr(out.buf, "verdict: INFO: from 2027-12-23 US executive agencies"));
	}
	assert_int_equal(search(db, "ZhiTai", &out), 1);
	assert_non_null(strstr(out.buf,
			       "ZhiTai (致态) is a brand of Yangtze Memory Technologies Co., "
			       "Ltd. (confirmed)"));
	/* Hikvision is not in s.5949 */
	assert_int_equal(search(db, "HIKSEMI", &out), 0);
	assert_int_equal(search(db, "Hikvision", &out), 0);
	/* the JSON names the link */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "--json", "致态", NULL), 1);
	assert_non_null(strstr(out.buf, "\"matched_name\":\t\"致态\""));
	assert_non_null(strstr(out.buf, "\"verdict\":\t\"INFO\""));
	assert_non_null(strstr(out.buf, "\"matched_via\":\t\"chipscreen's org table (bundled, not "
					"imported): ZhiTai (致态) is a brand of Yangtze Memory "
					"Technologies Co., Ltd. (confirmed)"));
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* lists import --orgs: a source of its own, used instead of the bundled read. */
static void test_import_orgs(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(dod, "lists/dod-1260h/sanctions.csv");
	char *dir = test_tmpdir(), *db = store_with(dir, dod);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	setenv("CHIPSCREEN_TODAY", "2026-03-01", 1);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db, "--orgs", NULL), 0);
	unsetenv("CHIPSCREEN_TODAY");
	assert_non_null(strstr(out.buf, "orgs.tsv: chipscreen-orgs (org-table, links as of "
					"2026-03-01): "));
	assert_int_equal(run_cmd(&out, &err, "lists", "--db", db, NULL), 0);
	assert_non_null(
		strstr(out.buf, "chipscreen-orgs          org-table   links as of 2026-03-01"));
	assert_int_equal(search(db, "ZhiTai", &out), 1);
	assert_non_null(strstr(out.buf,
			       "from org table chipscreen-orgs (imported): ZhiTai (致态) is a "
			       "brand of Yangtze Memory Technologies Co., Ltd. (confirmed)"));
	/* removed again: the bundled table steps in */
	assert_int_equal(
		run_cmd(&out, &err, "lists", "remove", "--db", db, "chipscreen-orgs", NULL), 0);
	assert_int_equal(search(db, "ZhiTai", &out), 1);
	assert_non_null(strstr(out.buf, "(bundled, not imported)"));
	/* usage */
	assert_int_equal(run_cmd(&out, &err, "lists", "--db", db, "--orgs", NULL), 2);
	assert_non_null(strstr(err.buf, "--orgs goes with import"));
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db, NULL), 2);
	assert_non_null(strstr(err.buf, "import needs at least one FILE, or --orgs"));
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A table of the test's own: links over time, and the verdict limits. */
static const char orgs_tsv[] =
	"# test table, after data/orgs.tsv\n"
	"id\tname\tcountry\toem\taliases\tsource\n"
	"ymtc\tYangtze Memory Technologies Co., Ltd.\tCN\t\tYMTC|长江存储\tregulations.md §2a\n"
	"zhitai\tZhiTai (致态)\tCN\t\tZhiTai|致态\tregulations.md §9\n"
	"ymtc-japan\tYangtze Memory Technologies Japan\tJP\t\tYMTC Japan\tregulations.md §2a\n"
	"oldbrand\tOldbrand Storage\tCN\t\tOldbrand\ttest: a brand sold in 2020\n"
	"mason\tHubei Yangtze Mason\tCN\t\tYangtze Mason\tidentifiers.md §3.1\n";

static const char links_tsv[] =
	"org\trelation\tparent\tfrom\tuntil\tconfidence\tnote\tsource\n"
	"zhitai\tbrand\tymtc\t\t\tunconfirmed\ttest: confidence lowered\tregulations.md §9\n"
	"ymtc-japan\tsubsidiary\tymtc\t\t\tsecondary\t\tregulations.md §2a\n"
	"oldbrand\tbrand\tymtc\t2015-01-01\t2020-06-30\tconfirmed\ttest\ttest\n"
	"mason\taffiliate\tymtc\t\t\tunconfirmed\t\tidentifiers.md §3.1\n";

/* The hits for names, one after the other, as a server writes them
 * (lists/hit-json.c) keeping each entry's printed parts, and as a writer
 * keeping none writes them: the same text.  One entry is hit by its own
 * name, by a brand the facts mark unconfirmed and by a subsidiary's name,
 * whose verdicts are lowered: a lowered verdict is never kept for, nor
 * taken from, the entry's own.  Returns the hits with a lowered verdict. */
static int kept_parts_agree(const char *db, const char *const *names, size_t n)
{
	struct store *st;
	struct nindex *ix;
	struct lsource *src;
	size_t nsrc;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(nindex_open(db, &st, &ix, &err), 0);
	assert_int_equal(lists_sources(st, &src, &nsrc, &err), 0);
	struct hit_writer *kept = hit_writer_new(ix, src, nsrc, (size_t)1 << 20);
	struct hit_writer *none = hit_writer_new(ix, src, nsrc, 0);
	int lowered = 0;
	for (size_t i = 0; i < n; i++) {
		struct nx_query q = {.name = names[i], .min = DECIDE_REVIEW, .limit = 20};
		struct nx_result res;
		nindex_search(ix, &q, &res);
		assert_true(res.n > 0);
		for (size_t k = 0; k < res.n; k++) {
			cJSON *a = hit_writer_json(kept, &q, &res, &res.hits[k], "now");
			cJSON *b = hit_writer_json(none, &q, &res, &res.hits[k], "now");
			char *sa = cJSON_PrintUnformatted(a), *sb = cJSON_PrintUnformatted(b);
			assert_string_equal(sa, sb);
			lowered += !strstr(sa, "\"verdict_lowered\":null");
			cJSON_free(sa);
			cJSON_free(sb);
			cJSON_Delete(a);
			cJSON_Delete(b);
		}
		nx_result_release(&res);
	}
	assert_true(hit_writer_kept(kept) > 0);
	hit_writer_free(kept);
	hit_writer_free(none);
	free(src);
	nindex_free(ix);
	store_close(st);
	strbuf_release(&err);
	return lowered;
}

/* An Entity List row for YMTC in the CSL's current layout, as the facts give it
 * (regulations.md §2a: effective 2022-12-16, all items subject to the EAR). */
static const char el_csv[] =
	"_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
	"start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
	"vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
	"source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
	"source_information_url,ids\n"
	"t1,Entity List (EL) - Bureau of Industry and Security,,,,\"Yangtze Memory Technologies "
	"Co., Ltd.\",,\"Wuhan, CN\",87 FR 77505,2022-12-16,,,For all items subject to the EAR.,"
	"Presumption of denial.,,,,,,,,,YMTC,,,,,,\n";

static void test_links_dates_and_limits(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, t = STRBUF_INIT;
	test_write_str(dir, "el.csv", el_csv);
	test_write_str(dir, "tab/orgs.tsv", orgs_tsv);
	test_write_str(dir, "tab/org-links.tsv", links_tsv);
	strbuf_addf(&t, "%s/tab", dir);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/el.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db, p.buf, NULL), 0);
	struct store *st;
	assert_int_equal(store_open(&st, db, false, &err), 0);
	struct import_result r;
	/* on 2019-01-01 the old brand is YMTC's */
	assert_int_equal(lists_import_org_table(st, t.buf, date_parse("2019-01-01"), &r, &err), 0);
	assert_string_equal(r.source, "chipscreen-orgs");
	assert_string_equal(r.version, "links as of 2019-01-01");
	assert_int_equal(r.entries, 5);
	/* ymtc: 3 own + 3 of ZhiTai + 2 of its Japan subsidiary + 2 of the old brand
	 * (not the affiliate's); the others their own */
	assert_int_equal(r.names, 10 + 3 + 2 + 2 + 2);
	store_close(st);
	assert_int_equal(search(db, "Oldbrand", &out), 1);
	assert_non_null(strstr(out.buf,
			       "Oldbrand Storage is a brand of Yangtze Memory Technologies "
			       "Co., Ltd. since 2015-01-01 until 2020-06-30 (confirmed)"));
	assert_non_null(strstr(out.buf, "verdict: LICENSE: a licence is required"));
	/* today it is not */
	assert_int_equal(store_open(&st, db, false, &err), 0);
	assert_int_equal(lists_import_org_table(st, t.buf, date_parse("2026-01-01"), &r, &err), 0);
	assert_int_equal(r.names, 8 + 3 + 2 + 2 + 2);
	store_close(st);
	assert_int_equal(search(db, "Oldbrand", &out), 0);
	/* the entity itself, and its own names: LICENSE, with the CSL's columns */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "--json", "长江存储", NULL), 1);
	assert_non_null(strstr(out.buf, "\"verdict\":\t\"LICENSE\""));
	assert_non_null(
		strstr(out.buf, "\"license_requirement\":\t\"For all items subject to the EAR.\""));
	assert_non_null(strstr(out.buf, "\"license_policy\":\t\"Presumption of denial.\""));
	assert_non_null(strstr(out.buf, "\"verdict_lowered\":\tnull"));
	/* an unconfirmed brand link: REVIEW, and why */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db, "--json", "ZhiTai", NULL), 1);
	assert_non_null(strstr(out.buf, "\"verdict\":\t\"REVIEW\""));
	assert_non_null(strstr(out.buf, "\"verdict_lowered\":\t\"the name matched comes through a "
					"brand or ownership link that the facts mark unconfirmed"));
	/* a subsidiary's name: REVIEW, the listing names the owner */
	assert_int_equal(search(db, "YMTC Japan", &out), 1);
	assert_non_null(strstr(out.buf, "verdict: REVIEW: the name matched is a subsidiary's"));
	/* an affiliate lends nothing */
	assert_int_equal(search(db, "Yangtze Mason", &out), 0);
	/* the server's kept parts: the entry's own verdict, then lowered ones */
	const char *const seq[] = {"长江存储", "ZhiTai", "YMTC Japan", "ZhiTai", "长江存储"};
	assert_int_equal(kept_parts_agree(db, seq, sizeof seq / sizeof *seq), 3);
	/* screen-names: the verdict decides the exit status */
	test_write_str(dir, "c.csv", "name\nYMTC Japan\nAcme Corp\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/c.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db, "-q", "--column", "name",
				 "--fail-on", "LICENSE", p.buf, NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db, "-q", "--column", "name",
				 p.buf, NULL),
			 1);
	assert_non_null(strstr(out.buf, "YMTC Japan,YMTC Japan,1.000,EL,,87 FR 77505,REVIEW,"
					"\"the name matched is a subsidiary's"));
	assert_non_null(strstr(out.buf, "\nAcme Corp,,,,,,,,,,,,no-match,,,,20"));
	assert_non_null(strstr(out.buf,
			       ",\"Yangtze Memory Technologies Co., Ltd.\",\"org table "
			       "chipscreen-orgs (imported): Yangtze Memory Technologies Japan is "
			       "a subsidiary of Yangtze Memory Technologies Co., Ltd. "
			       "(secondary)"));
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&t);
	strbuf_release(&p);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Damaged tables: file and line, and the previous import stays. */
static void test_damaged_tables(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf err = STRBUF_INIT, t = STRBUF_INIT;
	strbuf_addf(&t, "%s/tab", dir);
	test_write_str(dir, "tab/orgs.tsv", orgs_tsv);
	test_write_str(dir, "tab/org-links.tsv", links_tsv);
	struct store *st;
	assert_int_equal(store_open(&st, db, false, &err), 0);
	struct import_result r;
	assert_int_equal(lists_import_org_table(st, t.buf, date_parse("2026-01-01"), &r, &err), 0);
	static const struct {
		const char *file, *text, *what;
	} bad[] = {
		{"org-links.tsv",
		 "org\trelation\tparent\tfrom\tuntil\tconfidence\tnote\tsource\n"
		 "zhitai\tbrand\tnobody\t\t\tconfirmed\t\tx\n",
		 "org-links.tsv:2: unknown organisation \"nobody\" (not in orgs.tsv)"},
		{"org-links.tsv",
		 "org\trelation\tparent\tfrom\tuntil\tconfidence\tnote\tsource\n"
		 "zhitai\tbrand\tymtc\t2021-02-30\t\tconfirmed\t\tx\n",
		 "org-links.tsv:2: \"2021-02-30\" is not a date (YYYY-MM-DD)"},
		{"org-links.tsv",
		 "org\trelation\tparent\tfrom\tuntil\tconfidence\tnote\tsource\n"
		 "zhitai\towner\tymtc\t\t\tconfirmed\t\tx\n",
		 "org-links.tsv:2: relation \"owner\": brand, subsidiary or affiliate"},
		{"org-links.tsv",
		 "org\trelation\tparent\tfrom\tuntil\tconfidence\tnote\tsource\n"
		 "zhitai\tbrand\tymtc\t\t\tprobable\t\tx\n",
		 "org-links.tsv:2: confidence \"probable\": confirmed, secondary or unconfirmed"},
		{"org-links.tsv",
		 "org\trelation\tparent\tfrom\tuntil\tconfidence\tnote\tsource\n"
		 "zhitai\tbrand\tymtc\t2020-01-01\t2019-01-01\tconfirmed\t\tx\n",
		 "org-links.tsv:2: \"from\" is not before \"until\""},
		{"orgs.tsv", "id\tname\tcountry\toem\taliases\tsource\nymtc\tYMTC\tCN\t\t\t\n",
		 "orgs.tsv:2: empty source column: every row needs its source"},
		{"orgs.tsv", "id\tname\tcountry\toem\taliases\tsource\nymtc\tYMTC\tCN\n",
		 "orgs.tsv:2: 3 columns, the header has 6"},
		{"orgs.tsv",
		 "id\tname\tcountry\toem\taliases\tsource\nymtc\tYMTC\tCN\t\t\tx\nymtc\tY\tCN\t\t\t"
		 "x\n",
		 "orgs.tsv:3: organisation \"ymtc\" defined twice"},
		{"orgs.tsv", "id\tname\taliases\n",
		 "orgs.tsv:1: the header has no column \"source\""},
		{"orgs.tsv", "", "orgs.tsv:0: no header line"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		test_write_str(dir, "tab/orgs.tsv", orgs_tsv);
		test_write_str(dir, "tab/org-links.tsv", links_tsv);
		test_write_str(t.buf, bad[i].file, bad[i].text);
		assert_int_equal(lists_import_org_table(st, t.buf, 0, &r, &err), -1);
		if (!strstr(err.buf, bad[i].what))
			fail_msg("%s\nwanted: %s", err.buf, bad[i].what);
		assert_non_null(strstr(err.buf, "the previous version of chipscreen-orgs is kept"));
	}
	/* a NUL byte, a missing file */
	test_write_str(dir, "tab/org-links.tsv", links_tsv);
	test_write(dir, "tab/orgs.tsv", "id\0name", 7);
	assert_int_equal(lists_import_org_table(st, t.buf, 0, &r, &err), -1);
	assert_non_null(strstr(err.buf, "orgs.tsv: holds a NUL byte: not a text table"));
	struct strbuf gone = STRBUF_INIT;
	strbuf_addf(&gone, "%s/nowhere", dir);
	assert_int_equal(lists_import_org_table(st, gone.buf, 0, &r, &err), -1);
	assert_non_null(strstr(err.buf, "nowhere/orgs.tsv"));
	/* the first import is still there, whole */
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(st->db,
					    "SELECT version, entries, names FROM list_sources"
					    " WHERE id = 'chipscreen-orgs'",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "links as of 2026-01-01");
	assert_int_equal(sqlite3_column_int(q, 1), 5);
	assert_int_equal(sqlite3_column_int(q, 2), 8 + 3 + 2 + 2 + 2);
	sqlite3_finalize(q);
	store_close(st);
	strbuf_release(&gone);
	strbuf_release(&err);
	strbuf_release(&t);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A broken bundled table stops a search: a silently missing table would be a
 * silent miss ("ZhiTai" clear). */
static void test_broken_bundled_table(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = dbpath(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, d = STRBUF_INIT, p = STRBUF_INIT;
	const char *keep[] = {"legal-forms.tsv", "name-abbreviations.tsv", "list-consequences.tsv",
			      "orgs.tsv"};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		struct strbuf text = STRBUF_INIT;
		strbuf_reset(&p);
		strbuf_addf(&p, "data/%s", keep[i]);
		FILE *f = fopen(src_path(p.buf), "rb");
		assert_non_null(f);
		char buf[65536];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			strbuf_add(&text, buf, n);
		fclose(f);
		test_write(dir, p.buf, text.buf, text.len);
		strbuf_release(&text);
	}
	strbuf_reset(&p);
	test_write_str(dir, "data/org-links.tsv",
		       "org\trelation\tparent\tfrom\tuntil\tconfidence\tnote\tsource\n"
		       "zhitai\tbrand\tnobody\t\t\tconfirmed\t\tx\n");
	test_write_str(
		dir, "leg.csv",
		"schema,name,aliases,topics,program,authority,reason,report-date,start-date,"
		"end-date,country,notes,source_url\n"
		"Company,Yangtze Memory Technologies Corp,YMTC,debarment,Section 5949 of the "
		"NDAA FY2023,United States Congress,,,,,,,\n");
	strbuf_addf(&p, "%s/leg.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db, p.buf, NULL), 0);
	strbuf_addf(&d, "%s/data", dir);
	setenv("CHIPSCREEN_DATA", d.buf, 1);
	int rc = run_cmd(&out, &err, "search", "--db", db, "ZhiTai", NULL);
	unsetenv("CHIPSCREEN_DATA");
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err.buf,
			       "data/org-links.tsv:2: unknown organisation \"nobody\" (not "
			       "in orgs.tsv) (chipscreen's organisation table, read for every "
			       "search)"));
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&d);
	strbuf_release(&p);
	test_rmtree(dir);
	free(dir);
	free(db);
}

int main(void)
{
	log_set_quiet(0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_with_1260h),
		cmocka_unit_test(test_bundled_with_5949),
		cmocka_unit_test(test_import_orgs),
		cmocka_unit_test(test_links_dates_and_limits),
		cmocka_unit_test(test_damaged_tables),
		cmocka_unit_test(test_broken_bundled_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
