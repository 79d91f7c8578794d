/*
 * test_consequences.c — what a hit means for the one who screens:
 * data/list-consequences.tsv row by row, the verdict and licence columns of
 * search and screen-names on the real CSL files, --fail-on, damaged tables.
 */
#include "testutil.h"

#include "lists/consequence.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *verdict_of(const struct ctable *t, const char *list, const char *programs)
{
	return verdict_name(ctable_find(t, list, programs)->verdict);
}

/* The bundled table: every list code chipscreen's readers produce. */
static void test_table(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct ctable *t = ctable_load(src_path("data"), &err);
	if (!t)
		fail_msg("%s", err.buf);
	assert_string_equal(verdict_of(t, "EL", NULL), "LICENSE");
	assert_string_equal(verdict_of(t, "MEU", NULL), "LICENSE");
	assert_string_equal(verdict_of(t, "UVL", NULL), "LICENSE");
	assert_string_equal(verdict_of(t, "DPL", NULL), "PROHIBITED");
	assert_string_equal(verdict_of(t, "SDN", "SDGT"), "PROHIBITED");
	assert_string_equal(verdict_of(t, "FSE", "FSE-IR"), "PROHIBITED");
	assert_string_equal(verdict_of(t, "13599", "IRAN"), "PROHIBITED");
	assert_string_equal(verdict_of(t, "SSI", "UKRAINE-EO13662"), "REVIEW");
	assert_string_equal(verdict_of(t, "ISN", "INKSNA"), "REVIEW");
	assert_string_equal(verdict_of(t, "DTC", NULL), "REVIEW");
	assert_string_equal(verdict_of(t, "CMIC", NULL), "INFO");
	assert_string_equal(verdict_of(t, "DOD-1260H", NULL), "INFO");
	assert_string_equal(verdict_of(t, "NDAA-889", NULL), "INFO");
	assert_string_equal(verdict_of(t, "NDAA-5949", NULL), "INFO");
	/* OFAC's non-SDN list: the program decides; a program row beats the list row */
	assert_string_equal(verdict_of(t, "OFAC-NONSDN", "CMIC-EO13959"), "INFO");
	assert_string_equal(verdict_of(t, "OFAC-NONSDN", "UKRAINE-EO13662] [RUSSIA-EO14024"),
			    "REVIEW");
	assert_string_equal(verdict_of(t, "OFAC-NONSDN", "FSE-SY"), "PROHIBITED");
	assert_string_equal(verdict_of(t, "OFAC-NONSDN", "561-Related"), "REVIEW");
	assert_string_equal(ctable_find(t, "OFAC-NONSDN", "561-Related")->program, "561-Related");
	assert_string_equal(ctable_find(t, "OFAC-NONSDN", "BURMA-EO14014")->program, "");
	/* a program code must be whole: "FSE-IRX" is not FSE-IR */
	assert_string_equal(ctable_find(t, "OFAC-NONSDN", "FSE-IRX")->program, "");
	/* OpenSanctions entries carry several datasets: the most severe counts, an
	 * unknown one counts as "*", enrichment data is no list */
	assert_string_equal(verdict_of(t, "eu_fsf,us_ofac_sdn,us_trade_csl", NULL), "PROHIBITED");
	assert_string_equal(verdict_of(t, "ext_ru_egrul", NULL), "INFO");
	assert_string_equal(verdict_of(t, "ext_ru_egrul,ua_nsdc_sanctions", NULL), "REVIEW");
	assert_string_equal(verdict_of(t, " us_trade_csl , ext_ru_egrul", NULL), "REVIEW");
	/* anything else: a person decides, never a silent clear */
	assert_string_equal(ctable_find(t, "XYZ", NULL)->list, "*");
	assert_string_equal(ctable_find(t, "", NULL)->list, "*");
	assert_string_equal(ctable_find(t, NULL, NULL)->list, "*");
	assert_string_equal(verdict_name(t->subsidiary->verdict), "REVIEW");
	assert_string_equal(verdict_name(t->unconfirmed->verdict), "REVIEW");
	/* the "@" limits are no lists */
	assert_string_equal(ctable_find(t, "@subsidiary", NULL)->list, "*");
	/* every row says how sure it is and where it comes from */
	for (size_t i = 0; i < t->n; i++) {
		assert_true(!strcmp(t->rows[i].confidence, "confirmed") ||
			    !strcmp(t->rows[i].confidence, "unconfirmed"));
		assert_true(strlen(t->rows[i].source) > 5);
	}
	/* what the facts confirm is marked so, and what they do not is not */
	assert_string_equal(ctable_find(t, "EL", NULL)->confidence, "confirmed");
	assert_string_equal(ctable_find(t, "DOD-1260H", NULL)->confidence, "confirmed");
	assert_string_equal(ctable_find(t, "UVL", NULL)->confidence, "unconfirmed");
	assert_string_equal(ctable_find(t, "SDN", NULL)->confidence, "unconfirmed");
	assert_string_equal(ctable_find(t, "DPL", NULL)->confidence, "unconfirmed");
	ctable_free(t);
	strbuf_release(&err);
}

static void test_damaged_table(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf err = STRBUF_INIT;
	static const char head[] =
		"list\tprogram\tverdict\tmeaning\tcitation\tconfidence\tsource\n";
	static const char any[] = "*\t\tREVIEW\tany\t-\tunconfirmed\tdefault\n"
				  "@subsidiary\t\tREVIEW\ts\t-\tconfirmed\tx\n"
				  "@unconfirmed\t\tREVIEW\tu\t-\tconfirmed\tx\n";
	static const struct {
		const char *rows, *what;
	} bad[] = {
		{"EL\t\tMAYBE\tm\tc\tconfirmed\ts\n",
		 "list-consequences.tsv:2: verdict \"MAYBE\": INFO, REVIEW, LICENSE or PROHIBITED"},
		{"EL\t\tCLEAR\tm\tc\tconfirmed\ts\n", "list-consequences.tsv:2: verdict \"CLEAR\""},
		{"EL\t\tLICENSE\tm\tc\tsure\ts\n",
		 "list-consequences.tsv:2: confidence \"sure\": confirmed or unconfirmed"},
		{"EL\t\tLICENSE\t\tc\tconfirmed\ts\n", "list-consequences.tsv:2: empty meaning"},
		{"\t\tLICENSE\tm\tc\tconfirmed\ts\n", "list-consequences.tsv:2: empty list"},
		{"EL\t\tLICENSE\tm\tc\tconfirmed\t\n",
		 "list-consequences.tsv:2: empty source column: every row needs its source"},
		{"EL\tLICENSE\n", "list-consequences.tsv:2: 2 columns, the header has 7"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct strbuf text = STRBUF_INIT;
		strbuf_addf(&text, "%s%s%s", head, bad[i].rows, any);
		test_write_str(dir, "list-consequences.tsv", text.buf);
		strbuf_release(&text);
		assert_null(ctable_load(dir, &err));
		if (!strstr(err.buf, bad[i].what))
			fail_msg("%s\nwanted: %s", err.buf, bad[i].what);
	}
	test_write_str(dir, "list-consequences.tsv",
		       "list\tprogram\tverdict\tmeaning\tcitation\t"
		       "confidence\tsource\nEL\t\tLICENSE\tm\tc\t"
		       "confirmed\ts\n");
	assert_null(ctable_load(dir, &err));
	assert_non_null(strstr(err.buf, "list-consequences.tsv: no \"*\" row"));
	struct strbuf gone = STRBUF_INIT;
	strbuf_addf(&gone, "%s/none", dir);
	assert_null(ctable_load(gone.buf, &err));
	assert_non_null(strstr(err.buf, "none/list-consequences.tsv"));
	strbuf_release(&gone);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static char *read_all(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, NULL);
}

#define EL_MEANING                                                                                 \
	"\"a licence is required to export, re-export or transfer (in-country) items subject to "  \
	"the EAR when this party is a party to the transaction; the entry's license_requirement "  \
	"and license_policy say for which items and how applications are reviewed\""

/* The real CSL files: the verdict and licence columns, exactly. */
static void test_csl_columns(void **state)
{
	(void)state;
	/* shared_data() returns a static buffer: check both, then copy one */
	SKIP_WITHOUT_SHARED(el0, "lists/csl/el.csv");
	SKIP_WITHOUT_SHARED(sample0, "lists/csl/consolidated-sample.csv");
	(void)el0;
	char *sample = strdup(sample0);
	const char *el = shared_data("lists/csl/el.csv");
	char *dir = test_tmpdir();
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, db = STRBUF_INIT, in = STRBUF_INIT,
		      o = STRBUF_INIT;
	strbuf_addf(&db, "%s/cs.db", dir);
	strbuf_addf(&in, "%s/customers.csv", dir);
	strbuf_addf(&o, "%s/out.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db.buf, sample, el, NULL),
			 0);
	test_write_str(dir, "customers.csv",
		       "id,customer\n"
		       "1,China Electronics Technology Group Corporation 13th Research Institute "
		       "(CETC 13)\n"
		       "2,Academy of Aerospace Solid Propulsion Technology (AASPT)\n"
		       "3,Atlas Sanatgaran\n"
		       "4,I. ASH\n"
		       "5,\"RIM, Ryong Nam\"\n"
		       "6,ROSNEFT TRADE LIMITED\n"
		       "7,Sinobright Import and Export Company\n"
		       "8,Fazal Rahim Farid\n"
		       "9,Murat Peker\n"
		       "10,Springfield Screws Inc\n");
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db.buf, "--column", "customer",
				 "--out", o.buf, in.buf, NULL),
			 1);
	char *csv = read_all(o.buf);
	static const char *const rows[] = {
		"id,customer,matched_name,score,source,programs,citation,verdict,consequence,"
		"license_requirement,listed_name,matched_via,other_hits,decision,list_source,list_version,list_date,"
		"screened_at\n",
		"1,China Electronics Technology Group Corporation 13th Research Institute (CETC "
		"13),"
		"China Electronics Technology Group Corporation 13th Research Institute (CETC 13),"
		"1.000,EL,,83 FR 37423; 87 FR 77505,LICENSE," EL_MEANING ",\"For all items subject "
		"to the EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)\",China "
		"Electronics Technology Group Corporation 13th Research Institute (CETC 13),,,match,",
		"2,Academy of Aerospace Solid Propulsion Technology (AASPT),Academy of Aerospace "
		"Solid "
		"Propulsion Technology (AASPT),1.000,MEU,,85 FR 83799,LICENSE,\"a licence is "
		"required "
		"to export, re-export or transfer the items listed in Supplement No. 2 to part 744 "
		"to "
		"this party\",For any item subject to the EAR listed in supplement no. 2 to part "
		"744.,Academy of Aerospace Solid Propulsion Technology (AASPT),,,match,",
		"3,Atlas Sanatgaran,Atlas Sanatgaran,1.000,UVL,,,LICENSE,unverified end user: "
		"licence "
		"exceptions are not available for exports to this party and a UVL statement is "
		"needed "
		"before an export that needs no licence; chipscreen treats it as a licence "
		"decision,,"
		"Atlas Sanatgaran,,,match,",
		"4,I. ASH,I. ASH,1.000,DPL,,67 F.R. 56530 9/4/02 67 F.R. 10890 3/11/02 71 F.R. "
		"38843 "
		"7/10/06,PROHIBITED,\"export privileges denied: no one may take part in an export "
		"or "
		"re-export of items subject to the EAR to, from or for this party (standard denial "
		"order)\",,I. ASH,,,match,",
		"5,\"RIM, Ryong Nam\",\"RIM, Ryong Nam\",1.000,SDN,NPWMD,,PROHIBITED,\"blocked "
		"person: "
		"US persons may not deal with this party or in its property, nor with entities it "
		"owns 50 % or more\",,\"RIM, Ryong Nam\",,,match,",
		"6,ROSNEFT TRADE LIMITED,ROSNEFT TRADE LIMITED,1.000,SSI,UKRAINE-EO13662,,REVIEW,"
		"\"sectoral sanctions: only the transactions the directive in the programs column "
		"names are prohibited (new debt or equity, certain energy projects); others are "
		"allowed\",,ROSNEFT TRADE LIMITED,,,match,",
		"7,Sinobright Import and Export Company,Sinobright Import and Export Company,1.000,"
		"ISN,INKSNA,\"Vol. 88, No. 151, 08/08/2023\",REVIEW,\"nonproliferation sanctions: "
		"what "
		"is barred (US government procurement, export licences, assistance) depends on the "
		"statute in the programs column\",,Sinobright Import and Export Company,,,match,",
		"8,Fazal Rahim Farid,Fazal Rahim Farid,1.000,EL,,76 FR 71867,LICENSE," EL_MEANING
		",For all items subject to the EAR. (See §744.11 of the EAR).,Fazal Rahim Farid,,,match,",
		"9,Murat Peker,Murat Peker,1.000,EL,,78 FR 75485,LICENSE," EL_MEANING
		",For all items "
		"subject to the EAR. (See §744.11 of the EAR).,Murat Peker,,,match,",
		"10,Springfield Screws Inc,,,,,,,,,,,,no-match,,,,20",
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		if (!strstr(csv, rows[i]))
			fail_msg("row %zu not found:\n%s\nin:\n%s", i, rows[i], csv);
	free(csv);
	/* --fail-on: PROHIBITED rows (DPL, SDN) are there; nothing passes NO-NEW-PURCHASE
	 * but them; an INFO-only file passes the default */
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db.buf, "-q", "--column",
				 "customer", "--fail-on", "prohibited", in.buf, NULL),
			 1);
	test_write_str(dir, "lic.csv", "customer\nMurat Peker\nAtlas Sanatgaran\nNobody Ltd\n");
	strbuf_reset(&in);
	strbuf_addf(&in, "%s/lic.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db.buf, "-q", "--column",
				 "customer", "--fail-on", "PROHIBITED", in.buf, NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db.buf, "-q", "--column",
				 "customer", "--fail-on", "LICENSE", in.buf, NULL),
			 1);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db.buf, "-q", "--column",
				 "customer", "--fail-on", "MAYBE", in.buf, NULL),
			 2);
	assert_non_null(strstr(err.buf, "--fail-on MAYBE: expected PROHIBITED, LICENSE, REVIEW, "
					"INFO or CLEAR"));
	/* search --json: the verdict, the consequence and the CSL's own columns */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "--json",
				 "China Electronics Technology Group Corporation 13th Research "
				 "Institute",
				 NULL),
			 1);
	assert_non_null(strstr(out.buf, "\"verdict\":\t\"LICENSE\""));
	assert_non_null(strstr(out.buf, "\"consequence_citation\":\t\"15 CFR 744.11; Supplement "
					"No. 4 to part 744\""));
	assert_non_null(strstr(out.buf, "\"consequence_confidence\":\t\"confirmed\""));
	assert_non_null(strstr(out.buf, "\"license_requirement\":\t\"For all items subject to the "
					"EAR. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the "
					"EAR)\""));
	assert_non_null(strstr(out.buf,
			       "\"license_policy\":\t\"Policy of denial for all items "
			       "subject to the EAR apart from food and medicine designated "
			       "as EAR99, which will be reviewed on a case-by-case basis. "
			       "See §§ 746.8(b) and 744.21(e).\""));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "I. ASH", NULL), 1);
	assert_non_null(strstr(out.buf,
			       "      verdict: PROHIBITED: export privileges denied: no one "
			       "may take part in an export or re-export of items subject to "
			       "the EAR to, from or for this party (standard denial order) "
			       "(15 CFR 764.3; Supplement No. 1 to part 764; chipscreen's reading "
			       "of it is to be verified)\n"));
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&db);
	strbuf_release(&in);
	strbuf_release(&o);
	test_rmtree(dir);
	free(dir);
	free(sample);
}

/* OFAC's non-SDN file: the program decides (CMIC, 561, SSI); the JSON list of
 * the CSL API (el.json) keeps its licence columns too. */
static void test_ofac_programs_and_json(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(elj0, "lists/csl/api-v2-json/el.json");
	SKIP_WITHOUT_SHARED(cons0, "lists/ofac-cons_prim.csv");
	(void)elj0;
	char *cons = strdup(cons0); /* shared_data() returns a static buffer */
	const char *elj = shared_data("lists/csl/api-v2-json/el.json");
	char *dir = test_tmpdir();
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, db = STRBUF_INIT;
	strbuf_addf(&db, "%s/cs.db", dir);
	assert_int_equal(
		run_cmd(&out, &err, "lists", "import", "-q", "--db", db.buf, cons, elj, NULL), 0);
	static const struct {
		const char *name, *verdict;
	} cases[] = {
		{"CHINA TELECOM CORPORATION LIMITED", "INFO"},
		{"BANK OF KUNLUN CO LTD", "REVIEW"},
		{"OJSC ORENBURGNEFT", "REVIEW"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "--json", "--source",
					 "ofac-cons", cases[i].name, NULL),
				 1);
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "\"verdict\":\t\"%s\"", cases[i].verdict);
		if (!strstr(out.buf, want.buf))
			fail_msg("%s: %s not in\n%s", cases[i].name, want.buf, out.buf);
		strbuf_release(&want);
	}
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "--json", "--source",
				 "ofac-cons", "BANK OF KUNLUN CO LTD", NULL),
			 1);
	assert_non_null(strstr(out.buf,
			       "\"consequence\":\t\"foreign financial institution under "
			       "correspondent or payable-through account sanctions (Part 561 "
			       "list); review\""));
	/* a CSL JSON Entity List record keeps its licence requirement and policy */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "--json",
				 "Fazel Khalil Construction Company", NULL),
			 1);
	assert_non_null(strstr(out.buf, "\"source\":\t\"EL\""));
	assert_non_null(strstr(out.buf, "\"verdict\":\t\"LICENSE\""));
	assert_non_null(strstr(out.buf, "\"license_requirement\":\t\"For all items subject to the "
					"EAR. (See §744.11 of the EAR).\""));
	assert_non_null(strstr(out.buf, "\"license_policy\":\t\"Presumption of denial.\""));
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&db);
	test_rmtree(dir);
	free(dir);
	free(cons);
}

/* A listing whose end date is past binds no one: "AARON ABRAHAM VILLA", a
 * DPL denial that expired on 2026-01-14, was PROHIBITED; one in force until
 * 2030 keeps its verdict.  screen-names writes the lowered verdict, and
 * --fail-on REVIEW passes a file whose only hit is the ended listing. */
static void test_listing_ended(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, db = STRBUF_INIT, in = STRBUF_INIT;
	strbuf_addf(&db, "%s/cs.db", dir);
	setenv("CHIPSCREEN_TODAY", "2026-12-07", 1);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "-q", "--db", db.buf,
				 src_path("tests/fixtures/lists/bis-dpl.txt"), NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "--json",
				 "Aaron Abraham Villa", NULL),
			 1);
	assert_non_null(strstr(out.buf, "\"verdict\":\t\"INFO\""));
	assert_non_null(strstr(out.buf, "\"verdict_lowered\":\t\"the listing has ended"));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "Abdiel Padron Madrid", NULL),
			 1);
	assert_non_null(strstr(out.buf, "verdict: PROHIBITED"));
	test_write_str(dir, "c.csv", "id,customer\n1,Aaron Abraham Villa\n");
	strbuf_addf(&in, "%s/c.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "--db", db.buf, "-q", "--column",
				 "customer", in.buf, NULL),
			 0);
	assert_non_null(strstr(out.buf, ",INFO,"));
	assert_non_null(strstr(out.buf, "the listing has ended"));
	/* the day before it ended, it bound */
	setenv("CHIPSCREEN_TODAY", "2026-01-13", 1);
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "Aaron Abraham Villa", NULL),
			 1);
	assert_non_null(strstr(out.buf, "verdict: PROHIBITED"));
	unsetenv("CHIPSCREEN_TODAY");
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&db);
	strbuf_release(&in);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	log_set_quiet(0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_damaged_table),
		cmocka_unit_test(test_csl_columns),
		cmocka_unit_test(test_ofac_programs_and_json),
		cmocka_unit_test(test_listing_ended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
