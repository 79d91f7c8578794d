/*
 * test_export_qa.c — regressions found by an independent export-compliance
 * review of export-check (each test failed before its fix): wrong
 * NO-LICENSE-REQUIRED answers, review policies contradicting the facts,
 * catalogue values from a secondary source not marked as estimates, and
 * batch lines whose blank cells were silently defaulted.  Each test names
 * the fact (Federal Register rule or facts-sheet row) it checks.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "cmd/cmd.h"
#include "export/export.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXARG 40

static cJSON *xc(int *rc, struct strbuf *errout, const char *first, ...)
{
	const char *argv[MAXARG];
	int argc = 0;
	argv[argc++] = "export-check";
	argv[argc++] = "--format";
	argv[argc++] = "json";
	va_list ap;
	va_start(ap, first);
	for (const char *s = first; s && argc < MAXARG - 1; s = va_arg(ap, const char *))
		argv[argc++] = s;
	va_end(ap);
	argv[argc] = NULL;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	*rc = run_cmdv(&out, &err, argc, argv);
	cJSON *d = cJSON_Parse(out.buf);
	if (errout)
		strbuf_addstr(errout, err.buf);
	strbuf_release(&out);
	strbuf_release(&err);
	return d;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItem(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void ids(const cJSON *d, char *buf, size_t n)
{
	buf[0] = 0;
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItem(d, "grounds"))
	{
		size_t l = strlen(buf);
		snprintf(buf + l, n - l, "%s%s", l ? "," : "", str(g, "id"));
	}
}

static const cJSON *ground(const cJSON *d, const char *id)
{
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItem(d, "grounds")) if (!strcmp(str(g, "id"), id))
		return g;
	return NULL;
}

static void expect(const cJSON *d, const char *answer, const char *want_ids)
{
	assert_non_null(d);
	char got[512];
	ids(d, got, sizeof got);
	if (strcmp(str(d, "answer"), answer) || (want_ids && strcmp(got, want_ids)))
		print_message("got %s [%s]\n", str(d, "answer"), got);
	assert_string_equal(str(d, "answer"), answer);
	if (want_ids)
		assert_string_equal(got, want_ids);
}

static bool any_contains(const cJSON *d, const char *key, const char *needle)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(d, key)) if (strstr(s->valuestring, needle))
		return true;
	return false;
}

#define A100 "--tpp", "4992", "--die-area", "826", "--datacenter", "yes"
#define CN_CO                                                                                      \
	"--end-user", "Shenzhen Example Cloud Co., Ltd.", "--end-user-hq", "CN", "--parent-hq",    \
		"none"

/* A processor's TPP given together with an HBM density was classified as a
 * memory part only: a TPP 5000 datacenter IC to China came out NLR.  An IC
 * is classified by its TPP (3A090.a/.b); 3A090.c excludes co-packaged logic
 * whose dominant function is processing: the two together are refused. */
static void test_tpp_with_hbm_density(void **state)
{
	(void)state;
	int rc;
	struct strbuf err = STRBUF_INIT;
	cJSON *d = xc(&rc, &err, "--tpp", "5000", "--datacenter", "yes", "--hbm-density", "1",
		      "--destination", "CN", CN_CO, "--date", "2026-07-31", NULL);
	assert_int_equal(rc, 2);
	assert_null(d);
	assert_non_null(strstr(err.buf, "--hbm-density"));
	strbuf_release(&err);
}

/* 91 FR 1684 (2026-01-15): exports from the US to China/Macau of TPP < 21,000
 * are case-by-case; only D:5/Macau-headquartered entities OUTSIDE China and
 * Macau stay presumption of denial.  The headquarters ground used to add a
 * contradicting "presumption of denial" for every Chinese customer in China. */
static void test_r17_hq_in_china(void **state)
{
	(void)state;
	int rc;
	cJSON *d = xc(&rc, NULL, A100, "--destination", "CN", CN_CO, "--date", "2026-07-31", NULL);
	expect(d, "LICENSE-REQUIRED", "adc-cnmo-us");
	assert_true(!strncmp(str(ground(d, "adc-cnmo-us"), "review_policy"), "case-by-case", 12));
	cJSON_Delete(d);
	/* the day before 91 FR 1684: both grounds, both presumption of denial */
	d = xc(&rc, NULL, A100, "--destination", "CN", CN_CO, "--date", "2026-01-14", NULL);
	expect(d, "LICENSE-REQUIRED", "adc-cnmo,adc-hq-2025");
	cJSON_Delete(d);
	/* a Macau-headquartered company's subsidiary in Singapore: still denial */
	d = xc(&rc, NULL, A100, "--destination", "SG", "--end-user", "Example Macau Holdings",
	       "--end-user-hq", "MO", "--parent-hq", "none", "--date", "2026-07-31", NULL);
	expect(d, "LICENSE-REQUIRED", "adc-hq-2026");
	assert_true(!strncmp(str(ground(d, "adc-hq-2026"), "review_policy"),
			     "presumption of denial", 21));
	cJSON_Delete(d);
	/* reexported from Singapore to China: denial (adc-cnmo-abroad), the HQ row adds nothing */
	d = xc(&rc, NULL, A100, "--destination", "CN", CN_CO, "--export-from", "SG", "--date",
	       "2026-07-31", NULL);
	expect(d, "LICENSE-REQUIRED", "adc-cnmo-abroad");
	cJSON_Delete(d);
}

/* The MI325X's TPP (20,800) and DRAM bandwidth are cited from Tom's Hardware,
 * a secondary source (facts: "MI325X TPP 20,800 [TOMS26]", UNCONFIRMED): they
 * were not marked as estimates, so the case-by-case policy of 91 FR 1684
 * (TPP < 21,000) was stated as settled. */
static void test_mi325x_estimate(void **state)
{
	(void)state;
	int rc;
	cJSON *d = xc(&rc, NULL, "--item", "MI325X", "--destination", "CN", CN_CO, "--date",
		      "2026-07-31", NULL);
	expect(d, "REVIEW", NULL);
	assert_true(any_contains(d, "unknowns", "TPP of MI325X in the catalogue is an estimate"));
	cJSON_Delete(d);
	/* an estimated TPP cannot make a binding LICENSE-REQUIRED either (Ascend 910B) */
	d = xc(&rc, NULL, "--item", "Ascend 910B", "--destination", "CN", CN_CO, "--date",
	       "2026-07-31", NULL);
	expect(d, "REVIEW", NULL);
	cJSON_Delete(d);
	/* but an Entity List ground (all items) still binds */
	d = xc(&rc, NULL, "--item", "Ascend 910B", "--destination", "CN", "--end-user", "YMTC",
	       "--end-user-hq", "CN", "--parent-hq", "none", "--date", "2026-07-31", NULL);
	expect(d, "LICENSE-REQUIRED", NULL);
	cJSON_Delete(d);
}

/* YMTC was on the Unverified List from 2022-10-07 (87 FR 61971, CONFIRMED)
 * before the Entity List (2022-12-16): on 2022-12-15 the answer was a plain
 * NLR; the UVL's consequences (§ 744.15) are not modelled: REVIEW. */
static void test_ymtc_uvl(void **state)
{
	(void)state;
	int rc;
	cJSON *d = xc(&rc, NULL, "--eccn", "EAR99", "--destination", "CN", "--end-user", "YMTC",
		      "--end-user-hq", "CN", "--parent-hq", "none", "--date", "2022-12-15", NULL);
	expect(d, "REVIEW", NULL);
	assert_true(any_contains(d, "unknowns", "87 FR 61971"));
	cJSON_Delete(d);
	d = xc(&rc, NULL, "--eccn", "EAR99", "--destination", "CN", "--end-user", "YMTC",
	       "--end-user-hq", "CN", "--parent-hq", "none", "--date", "2022-12-16", NULL);
	expect(d, "LICENSE-REQUIRED", "el");
	cJSON_Delete(d);
}

/* § 744.23(a)(4)(ii) (CONFIRMED, eCFR 2024 text): a CCL item for developing or
 * producing front-end SME by an entity headquartered in Macau/D:5, wherever
 * it is, needs a licence; only the Macau/D:5 destination limb was modelled,
 * so a 3A991.p IC to such an entity's lab in Germany was NLR. */
static void test_sme_end_use_hq(void **state)
{
	(void)state;
	int rc;
	cJSON *d = xc(&rc, NULL, "--eccn", "3A991.p", "--destination", "DE", "--end-user",
		      "Example SME Research GmbH", "--end-user-hq", "DE", "--parent-hq", "CN",
		      "--end-use", "sme", "--date", "2026-07-31", NULL);
	expect(d, "LICENSE-REQUIRED", "sme-eu-hq");
	cJSON_Delete(d);
	/* headquartered in Germany, no Chinese parent: no licence on this ground */
	d = xc(&rc, NULL, "--eccn", "3A991.p", "--destination", "DE", "--end-user",
	       "Example SME Research GmbH", "--end-user-hq", "DE", "--parent-hq", "none",
	       "--end-use", "sme", "--date", "2026-07-31", NULL);
	expect(d, "NO-LICENSE-REQUIRED", "");
	cJSON_Delete(d);
	/* before 88 FR 73424 (2023-11-17): the 2022 SME end-use text is not in the facts */
	d = xc(&rc, NULL, "--eccn", "3A991.p", "--destination", "DE", "--end-user",
	       "Example SME Research GmbH", "--end-user-hq", "DE", "--parent-hq", "CN",
	       "--end-use", "sme", "--date", "2023-11-16", NULL);
	expect(d, "NO-LICENSE-REQUIRED", "");
	cJSON_Delete(d);
}

/* --item with other spacing, case and punctuation finds the catalogue part;
 * a different part (A100 PCIe, H100 NVL) is still refused, never mapped. */
static void test_item_names(void **state)
{
	(void)state;
	static const char *const same[] = {" A100 ", "nvidia  a100", "NVIDIA-A100", "a100-80gb",
					   "RTX-4090", "geforce rtx4090"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		int rc;
		struct strbuf err = STRBUF_INIT;
		cJSON *d = xc(&rc, &err, "--item", same[i], "--destination", "CN", CN_CO, "--date",
			      "2026-07-31", NULL);
		if (!d)
			print_message("%s: %s\n", same[i], err.buf);
		assert_non_null(d);
		assert_string_equal(str(d, "eccn"), "3A090.a");
		cJSON_Delete(d);
		strbuf_release(&err);
	}
	static const char *const other[] = {"A100 PCIe", "H100 NVL", "A10", "A1000"};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		int rc;
		cJSON *d = xc(&rc, NULL, "--item", other[i], "--destination", "CN", NULL);
		assert_int_equal(rc, 2);
		assert_null(d);
	}
}

/* An order line with a blank date cell was checked as of today, silently. */
static void test_orders_blank_cells(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	test_write_str(dir, "o.csv",
		       "ref,eccn,destination,end_user,end_user_hq,parent_hq,date\n"
		       "1,EAR99,CN,,CN,none,2025-10-15\n"
		       "2,EAR99,CN,Example Co,CN,none,\n"
		       "3,EAR99,DE,Example GmbH,DE,none,2025-10-15\n");
	test_write_str(dir, "nouser.csv", "ref,item,destination,date\n1,A100,GB,2026-07-31\n");
	struct strbuf p = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/o.csv", dir);
	int rc = run_cmd(&out, &err, "export-check", "--orders", p.buf, "--format", "csv", NULL);
	assert_int_equal(rc, 2);
	/* a blank end user: it could be a listed party */
	assert_non_null(strstr(out.buf, "\n1,REVIEW,"));
	/* a blank date: the line is not checked */
	assert_non_null(strstr(err.buf, "o.csv:3: no date"));
	assert_null(strstr(out.buf, "\n2,"));
	assert_non_null(strstr(out.buf, "\n3,NO-LICENSE-REQUIRED,"));
	/* no end_user column at all: REVIEW, never NLR */
	strbuf_reset(&p);
	strbuf_reset(&out);
	strbuf_reset(&err);
	strbuf_addf(&p, "%s/nouser.csv", dir);
	rc = run_cmd(&out, &err, "export-check", "--orders", p.buf, "--format", "csv", NULL);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out.buf, "\n1,REVIEW,"));
	/* --date as the default of a blank cell is accepted */
	strbuf_reset(&p);
	strbuf_reset(&out);
	strbuf_reset(&err);
	strbuf_addf(&p, "%s/o.csv", dir);
	rc = run_cmd(&out, &err, "export-check", "--orders", p.buf, "--format", "csv", "--date",
		     "2026-07-31", NULL);
	assert_non_null(strstr(out.buf, "\n2,NO-LICENSE-REQUIRED,"));
	strbuf_release(&p);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

/* What the tool does not decide is said plainly: without --db only the
 * parties the bundled facts name are screened, not the whole Entity List. */
static void test_says_what_it_does_not_decide(void **state)
{
	(void)state;
	int rc;
	cJSON *d = xc(&rc, NULL, A100, "--destination", "GB", "--end-user", "Example Ltd",
		      "--end-user-hq", "GB", "--parent-hq", "none", "--date", "2026-07-31", NULL);
	expect(d, "NO-LICENSE-REQUIRED", "");
	assert_true(any_contains(d, "not_decided", "full Entity List"));
	assert_true(any_contains(d, "not_decided", "§ 744.21"));
	cJSON_Delete(d);
}

/* An end user whose name has nothing to screen on ("Co., Ltd.", "!!!") was
 * "screened: no match", and the H100 to Germany came out NLR: it is as good
 * as unnamed, REVIEW with the Entity List ground unknown, saying why. */
static void test_end_user_nothing_to_screen(void **state)
{
	(void)state;
	static const char *const names[][2] = {
		{"Co., Ltd.", "it is only a legal form, which names no party"},
		{"!!!", "it has no letter or digit to screen on"},
		{"X Corp", "it is only single letters, which name no party"},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		int rc;
		cJSON *d = xc(&rc, NULL, A100, "--destination", "DE", "--end-user", names[i][0],
			      "--end-user-hq", "DE", "--parent-hq", "none", "--date", "2026-07-31",
			      NULL);
		expect(d, "REVIEW", "el-unnamed");
		char want[200];
		snprintf(want, sizeof want, "--end-user '%s': %s, so not screened", names[i][0],
			 names[i][1]);
		if (!any_contains(d, "unknowns", want))
			fail_msg("no unknown '%s'", want);
		assert_false(any_contains(d, "checked", "screened against"));
		cJSON_Delete(d);
	}
	/* a name beside the legal form is screened as before */
	int rc;
	cJSON *d = xc(&rc, NULL, A100, "--destination", "DE", "--end-user", "Example GmbH",
		      "--end-user-hq", "DE", "--parent-hq", "none", "--date", "2026-07-31", NULL);
	expect(d, "NO-LICENSE-REQUIRED", "");
	assert_true(any_contains(d, "checked", "end user 'Example GmbH' screened against"));
	cJSON_Delete(d);
}

/* The Dec 2024 equipment makers and subsidiaries the facts name (89 FR 96837)
 * are bundled: Skyverse's Singapore entity, Naura's and Piotech's
 * subsidiaries, Empyrean Korea, Hwa Tsing, Zhichun, Kaishitong, Jingce,
 * Xinlian Rongchuang. */
static void test_dec2024_parties(void **state)
{
	(void)state;
	static const char *const names[] = {"Skyverse Technology (Singapore)",
					    "Naura Technology Group (Shanghai)",
					    "Piotech (Shenyang)",
					    "Empyrean Technology Korea",
					    "Hwa Tsing",
					    "Jingce",
					    "Kaishitong",
					    "Xinlian Rongchuang"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int rc;
		cJSON *d = xc(&rc, NULL, "--eccn", "EAR99", "--destination", "CN", "--end-user",
			      names[i], "--end-user-hq", "CN", "--parent-hq", "none", "--date",
			      "2026-07-31", NULL);
		if (strcmp(str(d, "answer"), "NO-LICENSE-REQUIRED") == 0)
			print_message("%s: NLR\n", names[i]);
		assert_string_not_equal(str(d, "answer"), "NO-LICENSE-REQUIRED");
		cJSON_Delete(d);
	}
}

/* The affiliates rule (90 FR 47201, 2025-09-29 to 2025-11-09): the affiliate
 * takes its owner's review policy, named; an owner whose listing date is
 * UNCONFIRMED on that date (Sophgo, 90 FR 4621) gives REVIEW, not a licence. */
static void test_affiliate_owner(void **state)
{
	(void)state;
	int rc;
	cJSON *d = xc(&rc, NULL, "--eccn", "EAR99", "--destination", "DE", "--end-user",
		      "Example Sub GmbH", "--end-user-hq", "DE", "--parent-hq", "DE", "--owner",
		      "Naura", "--date", "2025-10-15", NULL);
	expect(d, "LICENSE-REQUIRED", "aff-2025");
	assert_non_null(strstr(str(ground(d, "aff-2025"), "review_policy"), "presumption of denial"));
	cJSON_Delete(d);
	d = xc(&rc, NULL, "--eccn", "EAR99", "--destination", "DE", "--end-user", "Example Sub GmbH",
	       "--end-user-hq", "DE", "--parent-hq", "DE", "--owner", "Sophgo", "--date",
	       "2025-10-15", NULL);
	expect(d, "REVIEW", NULL);
	cJSON_Delete(d);
	/* Naura was listed 2024-12-02: an owner before that is no listed owner -- but the
	 * affiliates rule did not exist then either: NLR */
	d = xc(&rc, NULL, "--eccn", "EAR99", "--destination", "DE", "--end-user", "Example Sub GmbH",
	       "--end-user-hq", "DE", "--parent-hq", "DE", "--owner", "Naura", "--date",
	       "2024-06-01", NULL);
	expect(d, "NO-LICENSE-REQUIRED", "");
	cJSON_Delete(d);
}

/* A misspelt destination or class in requirements.tsv ("D5x") never matched:
 * the requirement was silently lost.  Now the table is refused, naming it. */
static void test_table_tokens(void **state)
{
	(void)state;
	static const char *const files[] = {"rules.tsv",  "groups.tsv",        "requirements.tsv",
					    "eccns.tsv",  "items.tsv",         "parties.tsv",
					    "thresholds.tsv", "policy-limits.tsv"};
	static const char *const bad[][2] = {
		{"requirements.tsv", "bad1\tadc\tD5x\t-\t-\t-\t2023-11-17\t-\tLICENSE\tp\tR5\t-\t-\tC\tw\ts\n"},
		{"requirements.tsv", "bad2\tadcc\tCN\t-\t-\t-\t2023-11-17\t-\tLICENSE\tp\tR5\t-\t-\tC\tw\ts\n"},
		{"requirements.tsv", "bad3\tadc\tCN\t-\tD:5\t-\t2023-11-17\t-\tLICENSE\tp\tR5\t-\t-\tC\tw\ts\n"},
		{"eccns.tsv", "3A090.q\tadc,sme\t2023-11-17\t-\tC\tw\ts\n"}};
	static const char *const needle[] = {"dest 'D5x'", "item class 'adcc'", "hq 'D:5'",
					     "class 'sme'"};
	for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
		char *dir = test_tmpdir();
		for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
			struct strbuf p = STRBUF_INIT, text = STRBUF_INIT;
			strbuf_addf(&p, "data/export/%s", files[k]);
			FILE *f = fopen(src_path(p.buf), "r");
			assert_non_null(f);
			char buf[4096];
			size_t n;
			while ((n = fread(buf, 1, sizeof buf, f)) > 0)
				strbuf_add(&text, buf, n);
			fclose(f);
			if (!strcmp(files[k], bad[b][0])) {
				if (text.len && text.buf[text.len - 1] != '\n')
					strbuf_addch(&text, '\n');
				strbuf_addstr(&text, bad[b][1]);
			}
			strbuf_reset(&p);
			strbuf_addf(&p, "export/%s", files[k]);
			test_write(dir, p.buf, text.buf, text.len);
			strbuf_release(&p);
			strbuf_release(&text);
		}
		struct strbuf err = STRBUF_INIT;
		struct xtables *t = xtables_load(dir, &err);
		if (t || !strstr(err.buf, needle[b]))
			print_message("%s: %s\n", needle[b], err.buf);
		assert_null(t);
		assert_non_null(strstr(err.buf, needle[b]));
		assert_non_null(strstr(err.buf, bad[b][0]));
		strbuf_release(&err);
		test_rmtree(dir);
		free(dir);
	}
}

int main(void)
{
	setenv("CHIPSCREEN_TODAY", "2026-07-31", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpp_with_hbm_density),
		cmocka_unit_test(test_r17_hq_in_china),
		cmocka_unit_test(test_mi325x_estimate),
		cmocka_unit_test(test_ymtc_uvl),
		cmocka_unit_test(test_sme_end_use_hq),
		cmocka_unit_test(test_item_names),
		cmocka_unit_test(test_orders_blank_cells),
		cmocka_unit_test(test_says_what_it_does_not_decide),
		cmocka_unit_test(test_end_user_nothing_to_screen),
		cmocka_unit_test(test_dec2024_parties),
		cmocka_unit_test(test_affiliate_owner),
		cmocka_unit_test(test_table_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
