/*
 * test_export_bounds.c — export-check at every threshold and every effective
 * date (the value or day on either side), the rule that no unknown input can
 * give NO-LICENSE-REQUIRED where a value it could take needs a licence, the
 * JSON against doc/export-check.schema.json, and the input errors (exit 2).
 */
#include "testutil.h"

#include "chipscreen.h"
#include "cmd/cmd.h"
#include "export/export.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static struct xtables *T;
static struct xscreen *S;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	T = xtables_load(NULL, &err);
	if (!T || xscreen_open(&S, T, NULL, &err) < 0) {
		print_message("%s\n", err.buf);
		return -1;
	}
	strbuf_release(&err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	xscreen_free(S);
	xtables_free(T);
	return 0;
}

/* A customer in China, unlisted, headquartered there, no parent. */
static void base(struct xinput *in, const char *dest, const char *date)
{
	xinput_init(in);
	in->destination = dest;
	in->end_user = "Example Trading Co., Ltd.";
	in->end_user_hq = dest;
	in->parent_hq = "none";
	in->end_use_given = true;
	in->date = date_parse(date);
}

struct got {
	struct arena *a;
	struct xresult r;
	char ids[256];
};

static void run(const struct xinput *in, struct got *g)
{
	g->a = arena_new();
	struct strbuf err = STRBUF_INIT;
	int rc = xdetermine(T, S, in, g->a, &g->r, &err);
	if (rc < 0)
		print_message("%s\n", err.buf);
	assert_int_equal(rc, 0);
	strbuf_release(&err);
	g->ids[0] = 0;
	for (size_t i = 0; i < g->r.ngrounds; i++) {
		size_t l = strlen(g->ids);
		snprintf(g->ids + l, sizeof g->ids - l, "%s%s", l ? "," : "", g->r.grounds[i].id);
	}
}

static void check(const struct xinput *in, enum xanswer ans, const char *eccn, const char *ids)
{
	struct got g;
	run(in, &g);
	if (g.r.answer != ans || strcmp(g.ids, ids))
		print_message("got %s [%s] eccn %s\n", xanswer_name(g.r.answer), g.ids,
			      g.r.eccn ? g.r.eccn : "null");
	assert_string_equal(xanswer_name(g.r.answer), xanswer_name(ans));
	if (eccn) {
		assert_non_null(g.r.eccn);
		assert_string_equal(g.r.eccn, eccn);
	} else
		assert_null(g.r.eccn);
	if (ids)
		assert_string_equal(g.ids, ids);
	arena_free(g.a);
}

static void tp(const char *date, double tpp, double die, int dc, const char *eccn)
{
	struct xinput in;
	base(&in, "GB", date);
	in.tpp = tpp;
	in.die_area = die;
	in.datacenter = dc;
	struct got g;
	run(&in, &g);
	if (!eccn ? g.r.eccn != NULL : !g.r.eccn || strcmp(g.r.eccn, eccn))
		print_message("TPP %.0f die %.1f dc %d: %s\n", tpp, die, dc,
			      g.r.eccn ? g.r.eccn : "null");
	if (eccn) {
		assert_non_null(g.r.eccn);
		assert_string_equal(g.r.eccn, eccn);
	} else
		assert_null(g.r.eccn);
	arena_free(g.a);
}

static void test_tpp_thresholds(void **state)
{
	(void)state;
	const char *d = "2026-07-31";
	/* 3A090.a.1: TPP 4800 */
	tp(d, 4800, 2000, 1, "3A090.a");
	tp(d, 4799, 2000, 1, "3A090.b"); /* PD 2.4: the b.1 band */
	/* 3A090.a.2: TPP 1600 with PD 5.92 */
	tp(d, 1600, 270.2, 1, "3A090.a"); /* PD 5.9215 */
	tp(d, 1600, 270.3, 1, "3A090.b"); /* PD 5.9193: b.2 */
	tp(d, 1599, 270.1, 1, "3A991.p"); /* PD 5.92 but TPP < 1600 */
	/* 3A090.b.1: TPP 2400..4800 with PD 1.6..5.92 */
	tp(d, 2400, 1500, 1, "3A090.b"); /* PD 1.6 */
	tp(d, 2400, 1501, 1, "3A991.p"); /* PD 1.599 */
	tp(d, 2399, 1499, 1, "3A991.p"); /* PD 1.6004, TPP < 2400, PD < 3.2 */
	/* 3A090.b.2: TPP >= 1600 with PD 3.2..5.92 */
	tp(d, 1600, 500, 1, "3A090.b"); /* PD 3.2 */
	tp(d, 1600, 501, 1, "3A991.p"); /* PD 3.19 */
	/* not designed or marketed for datacenters: only TPP >= 4800 counts */
	tp(d, 4799, 800, 0, "3A991.p");
	tp(d, 4800, 800, 0, "3A090.a");
	/* below 3A090: TPP 512 is >= 8 TOPS at any bit length */
	tp(d, 512, 1000, 1, "3A991.p");
	tp(d, 511, 1000, 1, NULL);
	/* the 2022 text (I/O not known for bare parameters): TPP 4799 is below at any I/O */
	tp("2023-11-16", 4799, 100, 1, "3A991.p");
}

/* The figures shown with a class never sit on the other side of a bound
 * from the value classified: 4799.9 was shown "TPP 4800" beside 3A991.p,
 * 1600 / 270.3 "PD 5.92" beside 3A090.b, 20999.6 "tpp 21000 < 21000". */
static void shown(double tpp, double die, const char *dest, const char *want_tpp,
		  const char *want_pd, const char *why_has)
{
	struct xinput in;
	base(&in, dest, "2026-07-31");
	in.tpp = tpp;
	in.die_area = die;
	in.datacenter = 1;
	struct got g;
	run(&in, &g);
	assert_string_equal(g.r.tpp_shown, want_tpp);
	assert_string_equal(g.r.pd_shown, want_pd);
	bool found = strstr(g.r.eccn_why, why_has) != NULL;
	for (size_t i = 0; !found && i < g.r.ngrounds; i++)
		found = g.r.grounds[i].review_policy &&
			strstr(g.r.grounds[i].review_policy, why_has);
	if (!found)
		fail_msg("\"%s\" not in \"%s\"", why_has, g.r.eccn_why);
	arena_free(g.a);
}

static void test_shown_figures(void **state)
{
	(void)state;
	shown(4799.9, 10000, "GB", "4799.9", "0.48", "TPP 4799.9, PD 0.48: 3A991.p");
	shown(4800, 10000, "GB", "4800", "0.48", "TPP 4800, PD 0.48: 3A090.a");
	shown(1600, 270.3, "GB", "1600", "5.919", "PD 5.919: 3A090.b");
	shown(1600, 270.2, "GB", "1600", "5.92", "PD 5.92: 3A090.a");
	/* no bound near: as before */
	shown(4992, 826, "GB", "4992", "6.04", "TPP 4992, PD 6.04: 3A090.a");
	/* the 91 FR 1684 limit: TPP under 21,000 */
	shown(20999.6, 814, "CN", "20999.6", "25.80", "tpp 20999.6 < 21000");
	/* 3A090.c is a density above 2: 2.0001 is not shown "2.00 > 2" */
	struct xinput in;
	base(&in, "CN", "2026-07-31");
	in.hbm_density = 2.0001;
	struct got g;
	run(&in, &g);
	assert_string_equal(g.r.eccn, "3A090.c");
	assert_non_null(strstr(g.r.eccn_why, "density 2.0001 GB/s/mm2 > 2: 3A090.c"));
	arena_free(g.a);
}

static void test_hbm_threshold(void **state)
{
	(void)state;
	struct xinput in;
	base(&in, "CN", "2026-07-31");
	in.hbm_density = 2.0;
	check(&in, XA_NLR, NULL, "");
	in.hbm_density = 2.01;
	check(&in, XA_REVIEW, "3A090.c", "hbmlo,hbm-hq"); /* License Exception HBM: UNCONFIRMED */
	in.hbm_density = 3.3;
	check(&in, XA_LICENSE, "3A090.c", "hbm,hbm-hq");
}

static void at(const char *dest, const char *date, struct xinput *in, enum xanswer ans,
	       const char *ids)
{
	in->destination = dest;
	in->end_user_hq = dest;
	in->date = date_parse(date);
	struct got g;
	run(in, &g);
	if (g.r.answer != ans || strcmp(g.ids, ids))
		print_message("%s %s: got %s [%s]\n", dest, date, xanswer_name(g.r.answer), g.ids);
	assert_string_equal(xanswer_name(g.r.answer), xanswer_name(ans));
	assert_string_equal(g.ids, ids);
	arena_free(g.a);
}

static void test_effective_dates(void **state)
{
	(void)state;
	struct xinput in;
	/* 2022-10-07: § 744.23(a)(2) advanced-node fab end use in China */
	base(&in, "CN", "2022-10-07");
	in.eccn = "EAR99";
	in.end_use = XEU_FAB;
	at("CN", "2022-10-07", &in, XA_LICENSE, "fab-2022-cn");
	/* 2023-01-17: Macau */
	base(&in, "MO", "2023-01-16");
	in.item = "A100";
	at("MO", "2023-01-16", &in, XA_NLR, "");
	at("MO", "2023-01-17", &in, XA_LICENSE, "ac22-mo");
	/* 2023-11-17: D:1/D:4 destinations, performance density, NAC */
	at("VN", "2023-11-16", &in, XA_NLR, "");
	at("VN", "2023-11-17", &in, XA_LICENSE, "adc-d1d4");
	/* 2024-04-04: ACA split from NAC; HQ policy to presumption of denial */
	base(&in, "VN", "2024-04-03");
	in.tpp = 5285;
	in.die_area = 609;
	in.datacenter = 0;
	at("VN", "2024-04-03", &in, XA_REVIEW, "nb-d1d4-2023");
	at("VN", "2024-04-04", &in, XA_NOTIFY, "nb-d1d4");
	/* 2024-12-02: the December 2024 Entity List additions */
	base(&in, "CN", "2024-12-01");
	in.eccn = "EAR99";
	in.end_user = "Naura Technology Group Co., Ltd.";
	at("CN", "2024-12-01", &in, XA_NLR, "");
	at("CN", "2024-12-02", &in, XA_LICENSE, "el");
	/* Biren: published 2023-10-19, effective 2023-10-17 per one secondary (UNCONFIRMED) */
	base(&in, "CN", "2023-10-16");
	in.eccn = "EAR99";
	in.end_user = "Biren";
	at("CN", "2023-10-16", &in, XA_NLR, "");
	at("CN", "2023-10-17", &in, XA_REVIEW, "el-date");
	at("CN", "2023-10-18", &in, XA_REVIEW, "el-date");
	at("CN", "2023-10-19", &in, XA_LICENSE, "el");
	/* 2024-12-02 / compliance 2024-12-31: 3A090.c */
	base(&in, "CN", "2024-12-01");
	in.hbm_density = 9.9;
	at("CN", "2024-12-01", &in, XA_NLR, "");
	at("CN", "2024-12-02", &in, XA_REVIEW, "hbm-wait");
	at("CN", "2024-12-30", &in, XA_REVIEW, "hbm-wait");
	at("CN", "2024-12-31", &in, XA_LICENSE, "hbm,hbm-hq");
	/* 2025-01-13: the headquarters limb moves to § 742.6(a)(6)(iii)(A) */
	base(&in, "DE", "2025-01-12");
	in.item = "A100";
	in.end_user_hq = "DE";
	in.parent_hq = "CN";
	struct got g;
	run(&in, &g);
	assert_string_equal(g.ids, "adc-hq-2024");
	arena_free(g.a);
	in.date = date_parse("2025-01-13");
	run(&in, &g);
	assert_string_equal(g.ids, "adc-hq-2025");
	arena_free(g.a);
	/* 2025-01-16: the foundry due-diligence rule is named as not decided */
	in.date = date_parse("2025-01-15");
	run(&in, &g);
	bool foundry = false;
	for (size_t i = 0; i < g.r.nnot_decided; i++)
		foundry |= strstr(g.r.not_decided[i], "90 FR 5298") != NULL;
	assert_false(foundry);
	arena_free(g.a);
	in.date = date_parse("2025-01-16");
	run(&in, &g);
	for (size_t i = 0; i < g.r.nnot_decided; i++)
		foundry |= strstr(g.r.not_decided[i], "90 FR 5298") != NULL;
	assert_true(foundry);
	arena_free(g.a);
	/* 2026-01-15: case-by-case for exports from the US to China */
	base(&in, "CN", "2026-01-14");
	in.item = "A100";
	at("CN", "2026-01-14", &in, XA_LICENSE, "adc-cnmo,adc-hq-2025");
	at("CN", "2026-01-15", &in, XA_LICENSE, "adc-cnmo-us");
	/* 2026-02-03: Cambodia leaves D:5 (still D:1) */
	base(&in, "KH", "2026-02-02");
	in.item = "A100";
	at("KH", "2026-02-02", &in, XA_LICENSE, "adc-d5x,adc-hq-2026");
	at("KH", "2026-02-03", &in, XA_LICENSE, "adc-d1d4");
	/* the UAE: D:4 until R21, whose date was not seen */
	base(&in, "AE", "2025-12-31");
	in.item = "A100";
	at("AE", "2025-12-31", &in, XA_LICENSE, "adc-d1d4");
	/* in the window both D:4 and A:5 are UNCONFIRMED: REVIEW */
	at("AE", "2026-01-01", &in, XA_REVIEW, "ae-r21");
	base(&in, "AE", "2026-07-31");
	in.item = "RTX 4090";
	at("AE", "2026-07-31", &in, XA_REVIEW, "ae-r21");
}

static void item_at(const char *item, const char *date, const char *eccn, bool gap)
{
	struct xinput in;
	base(&in, "GB", date);
	in.item = item;
	struct got g;
	run(&in, &g);
	if (!g.r.eccn || strcmp(g.r.eccn, eccn))
		print_message("%s on %s: %s\n", item, date, g.r.eccn ? g.r.eccn : "null");
	assert_non_null(g.r.eccn);
	assert_string_equal(g.r.eccn, eccn);
	/* an estimate it rests on is named; else a UK export is NLR */
	assert_string_equal(xanswer_name(g.r.answer), gap ? "REVIEW" : "NO-LICENSE-REQUIRED");
	arena_free(g.a);
}

static void test_catalogue(void **state)
{
	(void)state;
	const char *d = "2026-07-31";
	item_at("A100", d, "3A090.a", false);
	item_at("a100 sxm4", d, "3A090.a", false); /* aliases, any case */
	item_at("H100", d, "3A090.a", false);
	item_at("L40S", d, "3A090.a", false);
	item_at("RTX 4090", d, "3A090.a", false);
	item_at("MI300X", d, "3A090.a",
		false); /* TPP >= 4800: the estimated die area is not used */
	item_at("DGX H100", d, "4A090.a", false);
	item_at("H20", d, "3A991.p", true); /* TPP and die area are estimates */
	item_at("Ascend 910B", d, "3A090.a", true);
	/* the 2022 text: the A800's I/O (400 GB/s, an estimate) is below 600 */
	item_at("A800", "2023-11-16", "3A991.p", true);
	item_at("A100", "2023-11-16", "3A090", false);
	/* every catalogue row classifies without error */
	for (size_t i = 0; i < T->nitems; i++) {
		struct xinput in;
		base(&in, "CN", d);
		in.item = T->items[i].name;
		struct got g;
		run(&in, &g);
		assert_true(g.r.ngrounds > 0 || g.r.answer == XA_REVIEW);
		arena_free(g.a);
	}
}

/* A damaged table is an error naming the file and line, never a shorter table. */
static void test_damaged_tables(void **state)
{
	(void)state;
	static const char *const files[] = {"rules.tsv",        "groups.tsv", "requirements.tsv",
					    "eccns.tsv",        "items.tsv",  "parties.tsv",
					    "policy-limits.tsv"};
	char *dir = test_tmpdir();
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct strbuf p = STRBUF_INIT, text = STRBUF_INIT, err = STRBUF_INIT;
		for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
			strbuf_reset(&p);
			strbuf_addf(&p, "data/export/%s", files[k]);
			FILE *f = fopen(src_path(p.buf), "r");
			assert_non_null(f);
			strbuf_reset(&text);
			char buf[4096];
			size_t n;
			while ((n = fread(buf, 1, sizeof buf, f)) > 0)
				strbuf_add(&text, buf, n);
			fclose(f);
			if (k == i) /* a row whose date column reads "someday" */
				strbuf_addstr(&text,
					      "X\tsomeday\tsomeday\tsomeday\tsomeday\tsomeday"
					      "\tsomeday\tsomeday\tsomeday\tsomeday\tsomeday"
					      "\tsomeday\tsomeday\tsomeday\tsomeday\tsrc\n");
			strbuf_reset(&p);
			strbuf_addf(&p, "export/%s", files[k]);
			test_write(dir, p.buf, text.buf, text.len);
		}
		struct xtables *t = xtables_load(dir, &err);
		if (t || !strstr(err.buf, files[i]))
			print_message("%s: %s\n", files[i], err.buf);
		assert_null(t);
		assert_non_null(strstr(err.buf, files[i]));
		strbuf_release(&p);
		strbuf_release(&text);
		strbuf_release(&err);
	}
	test_rmtree(dir);
	free(dir);
}

/* --db adds the lists imported there; the bundled parties are not doubled. */
static void test_imported_lists(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(csl, "lists/csl/consolidated-sample.csv");
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/lists.db", dir);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "-q", "--db", db.buf, csl, NULL),
			 0);
	int rc = run_cmd(&out, &err, "export-check", "--format", "json", "--eccn", "EAR99",
			 "--destination", "CN", "--end-user",
			 "China Electronics Technology Group Corporation 13th Research Institute "
			 "(CETC 13)",
			 "--db", db.buf, "--date", "2026-07-31", NULL);
	assert_int_equal(rc, 1);
	cJSON *d = cJSON_Parse(out.buf);
	assert_string_equal(cJSON_GetObjectItem(d, "answer")->valuestring, "LICENSE-REQUIRED");
	cJSON *g = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "grounds"), 0);
	assert_string_equal(cJSON_GetObjectItem(g, "id")->valuestring, "el");
	assert_non_null(strstr(cJSON_GetObjectItem(g, "why")->valuestring, "imported list"));
	assert_non_null(strstr(cJSON_GetObjectItem(g, "review_policy")->valuestring, "denial"));
	cJSON_Delete(d);
	/* the name without "(CETC 13)" is a possible match a person confirms: REVIEW */
	rc = run_cmd(&out, &err, "export-check", "--format", "json", "--eccn", "EAR99",
		     "--destination", "CN", "--end-user",
		     "China Electronics Technology Group Corporation 13th Research Institute",
		     "--db", db.buf, "--date", "2026-07-31", NULL);
	d = cJSON_Parse(out.buf);
	assert_string_equal(cJSON_GetObjectItem(d, "answer")->valuestring, "REVIEW");
	assert_non_null(
		strstr(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "unknowns"), 0)->valuestring,
		       "possible list match"));
	cJSON_Delete(d);
	/* without --db the bundled parties do not know it: NLR */
	rc = run_cmd(&out, &err, "export-check", "--format", "json", "--eccn", "EAR99",
		     "--destination", "CN", "--end-user",
		     "China Electronics Technology Group Corporation 13th Research Institute",
		     "--date", "2026-07-31", NULL);
	assert_int_equal(rc, 0);
	/* YMTC with --db: one Entity List ground (the bundled one) */
	rc = run_cmd(&out, &err, "export-check", "--format", "json", "--eccn", "EAR99",
		     "--destination", "CN", "--end-user", "YMTC", "--db", db.buf, "--date",
		     "2026-07-31", NULL);
	assert_int_equal(rc, 1);
	d = cJSON_Parse(out.buf);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "grounds")), 1);
	cJSON_Delete(d);
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

/* ---- unknown inputs never give NO-LICENSE-REQUIRED where a value could need a licence ---- */

static enum xanswer answer_of(const struct xinput *in)
{
	struct got g;
	run(in, &g);
	enum xanswer a = g.r.answer;
	/* REVIEW always names why */
	if (a == XA_REVIEW)
		assert_true(g.r.nunknowns > 0);
	if (a == XA_NLR)
		assert_int_equal(g.r.nunknowns, 0);
	arena_free(g.a);
	return a;
}

/* Set dimension k of in to value v (-1: unknown). */
static void set_dim(struct xinput *in, int k, int v)
{
	static const char *const users[] = {"Example Trading Co., Ltd.", "YMTC"};
	static const char *const hqs[] = {"CN", "GB", "VN"};
	static const double dies[] = {300, 3000};
	switch (k) {
	case 0:
		in->end_user = v < 0 ? NULL : users[v];
		break;
	case 1:
		in->end_user_hq = v < 0 ? NULL : hqs[v];
		in->parent_hq = v < 0 ? NULL : "none";
		break;
	case 2:
		in->end_use = v < 0 ? XEU_UNKNOWN : (enum xend_use)v;
		break;
	case 3:
		in->datacenter = v;
		break;
	case 4:
		in->die_area = v < 0 ? NAN : dies[v];
		break;
	}
}

static const int dim_n[5] = {2, 3, 4, 2, 2};

/* Every completion of the unknown dims (mask) from index k on; the worst and whether all agree. */
static void completions(struct xinput in, int mask, int k, int ndims, bool *some_non_nlr,
			bool *all_license)
{
	if (k == ndims) {
		enum xanswer a = answer_of(&in);
		*some_non_nlr |= a != XA_NLR;
		*all_license &= a == XA_LICENSE;
		return;
	}
	if (!(mask & (1 << k))) {
		completions(in, mask, k + 1, ndims, some_non_nlr, all_license);
		return;
	}
	for (int v = 0; v < dim_n[k]; v++) {
		set_dim(&in, k, v);
		completions(in, mask, k + 1, ndims, some_non_nlr, all_license);
	}
}

static void test_unknowns_never_clear(void **state)
{
	(void)state;
	static const char *const dests[] = {"CN", "GB", "VN", "MO"};
	static const char *const eccns[] = {NULL, "EAR99", "3B001.c", "3A090.b"};
	size_t runs = 0;
	for (int e = 0; e < 4; e++)
		for (int di = 0; di < 4; di++) {
			int ndims = e == 0 ? 5 : 3; /* datacenter and die area for --tpp only */
			for (int mask = 1; mask < (1 << ndims); mask++) {
				struct xinput in;
				xinput_init(&in);
				in.destination = dests[di];
				in.date = date_parse("2026-07-31");
				in.end_use_given = true;
				in.eccn = eccns[e];
				if (e == 0)
					in.tpp = 2000;
				/* concrete defaults: unlisted, GB HQ, no end use, datacenter, die
				 * 300 */
				set_dim(&in, 0, 0);
				set_dim(&in, 1, 1);
				set_dim(&in, 2, 0);
				if (e == 0) {
					set_dim(&in, 3, 1);
					set_dim(&in, 4, 0);
				}
				for (int k = 0; k < ndims; k++)
					if (mask & (1 << k))
						set_dim(&in, k, -1);
				enum xanswer unk = answer_of(&in);
				bool some = false, all = true;
				/* the completions start from the concrete defaults */
				struct xinput c = in;
				completions(c, mask, 0, ndims, &some, &all);
				runs++;
				if (some && unk == XA_NLR)
					print_message("%s to %s, unknown mask %d: NLR\n",
						      eccns[e] ? eccns[e] : "TPP 2000", dests[di],
						      mask);
				assert_false(some && unk == XA_NLR);
				if (all)
					assert_int_equal(unk, XA_LICENSE);
			}
		}
	/* and with no end user named, nothing is ever NLR */
	struct xinput in;
	xinput_init(&in);
	in.destination = "FR";
	in.eccn = "EAR99";
	in.date = date_parse("2026-07-31");
	assert_int_not_equal(answer_of(&in), XA_NLR);
	assert_true(runs > 100);
}

/* ---- the command: schema, errors, orders ---- */

static const char *python_with_jsonschema(void)
{
	int st = system("python3 -c 'import jsonschema' >/dev/null 2>&1");
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "python3" : NULL;
}

/* quiet: a document expected to fail, whose errors need not be shown */
static int validate(const char *dir, const char *name, const char *json, bool quiet)
{
	test_write_str(dir, name, json);
	struct strbuf cmd = STRBUF_INIT;
	char *py = strdup(src_path("tests/schemas/validate.py"));
	strbuf_addf(&cmd, "python3 '%s' '%s' '%s/%s' %s", py,
		    src_path("doc/export-check.schema.json"), dir, name,
		    quiet ? ">/dev/null 2>&1" : ">&2");
	free(py);
	int st = system(cmd.buf);
	strbuf_release(&cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_schema(void **state)
{
	(void)state;
	assert_non_null(python_with_jsonschema());
	char *dir = test_tmpdir();
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	const char *cases[][12] = {
		{"--item", "A100", "--destination", "CN", "--end-user", "YMTC", NULL},
		{"--item", "H20", "--destination", "CN", NULL},
		{"--eccn", "EAR99", "--destination", "GB", "--end-user", "Acme Ltd",
		 "--end-user-hq", "GB", "--parent-hq", "none", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *argv[20] = {"export-check", "--format", "json", "--date", "2026-07-31"};
		int argc = 5;
		for (int k = 0; cases[i][k]; k++)
			argv[argc++] = cases[i][k];
		run_cmdv(&out, &err, argc, argv);
		char name[16];
		snprintf(name, sizeof name, "d%zu.json", i);
		assert_int_equal(validate(dir, name, out.buf, false), 0);
	}
	/* a wrong answer is rejected */
	char *bad = strdup(out.buf);
	char *p = strstr(bad, "NO-LICENSE-REQUIRED");
	assert_non_null(p);
	memcpy(p, "NO-LICENSE-NEEDED!!", 19);
	assert_int_equal(validate(dir, "bad.json", bad, true), 1);
	free(bad);
	/* --orders: an array */
	test_write_str(dir, "orders.csv",
		       "Order,Part,Country,Customer,End User HQ,Parent HQ,Date\n"
		       "SO-1,A100,CN,YMTC,CN,none,2026-07-31\n"
		       "SO-2,RTX 4090,GB,Example Games Ltd,GB,none,2026-07-31\n"
		       "SO-3,H100,SA,\"OVH, SAS\",FR,none,2026-07-31\n");
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/orders.csv", dir);
	int rc =
		run_cmd(&out, &err, "export-check", "--format", "json", "--orders", path.buf, NULL);
	assert_int_equal(rc, 1);
	assert_int_equal(validate(dir, "orders.json", out.buf, false), 0);
	cJSON *arr = cJSON_Parse(out.buf);
	assert_int_equal(cJSON_GetArraySize(arr), 3);
	const char *want[] = {"LICENSE-REQUIRED", "NO-LICENSE-REQUIRED", "LICENSE-REQUIRED"};
	for (int i = 0; i < 3; i++) {
		cJSON *o = cJSON_GetArrayItem(arr, i);
		assert_string_equal(cJSON_GetObjectItem(o, "answer")->valuestring, want[i]);
	}
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "ref")->valuestring,
			    "SO-1");
	cJSON_Delete(arr);
	/* --map, by header name and by number, and csv output */
	test_write_str(dir, "m.csv", "a,b,c\nX1,EAR99,Yangtze Memory Technologies\n");
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/m.csv", dir);
	rc = run_cmd(&out, &err, "export-check", "--format", "csv", "--orders", path.buf, "--map",
		     "ref=a", "--map", "eccn=2", "--map", "end_user=c", "--destination", "CN",
		     "--date", "2026-07-31", NULL);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out.buf, "ref,answer,eccn,tpp,pd,provisions"));
	assert_non_null(strstr(out.buf,
			       "X1,LICENSE-REQUIRED,EAR99,,,\"§ 744.11; Entity List: "
			       "Yangtze Memory Technologies Co., Ltd.\",presumption of denial,"));
	/* sarif */
	rc = run_cmd(&out, &err, "export-check", "--format", "sarif", "--item", "A100",
		     "--destination", "CN", "--end-user", "YMTC", "--date", "2026-07-31", NULL);
	assert_int_equal(rc, 1);
	strbuf_reset(&path);
	test_write_str(dir, "r.sarif", out.buf);
	char *py = strdup(src_path("tests/schemas/validate.py"));
	strbuf_addf(&path, "python3 '%s' '%s' '%s/r.sarif' >&2", py,
		    src_path("tests/schemas/sarif/sarif-schema-2.1.0.json"), dir);
	free(py);
	int st = system(path.buf);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	strbuf_release(&path);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static void expect_error(const char *needle, ...)
{
	const char *argv[24] = {"export-check"};
	int argc = 1;
	va_list ap;
	va_start(ap, needle);
	for (const char *s; (s = va_arg(ap, const char *)) && argc < 23;)
		argv[argc++] = s;
	va_end(ap);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmdv(&out, &err, argc, argv);
	if (rc != 2 || !strstr(err.buf, needle))
		print_message("%s: rc %d, stderr: %s\n", needle, rc, err.buf);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err.buf, needle));
	assert_int_equal(out.len, 0);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_input_errors(void **state)
{
	(void)state;
	expect_error("--destination CC is required", "--item", "A100", NULL);
	expect_error("'XX' is not an ISO 3166-1", "--item", "A100", "--destination", "XX", NULL);
	/* a name or alpha-3 code is read as screen-names reads a country
	 * (exactly: a typo or "Korea" is not guessed) */
	expect_error("'Chna' is not an ISO 3166-1 country code or name", "--item", "A100",
		     "--destination", "Chna", NULL);
	expect_error("'Korea' is not an ISO 3166-1", "--item", "A100", "--destination", "Korea",
		     NULL);
	static const char *const names[][2] = {
		{"China", "CN"}, {"CHN", "CN"}, {"Viet Nam", "VN"}, {"Macao", "MO"}, {"deu", "DE"}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char cc[3];
		assert_true(xcountry_valid(names[i][0], cc));
		assert_string_equal(cc, names[i][1]);
	}
	struct strbuf o1 = STRBUF_INIT, o2 = STRBUF_INIT, e1 = STRBUF_INIT;
	assert_int_equal(run_cmd(&o1, &e1, "export-check", "--item", "A100", "--destination",
				 "People's Republic of China", "--end-user", "Foo", "--end-user-hq",
				 "China", "--parent-hq", "none", NULL),
			 1);
	assert_int_equal(run_cmd(&o2, &e1, "export-check", "--item", "A100", "--destination", "CN",
				 "--end-user", "Foo", "--end-user-hq", "CN", "--parent-hq", "none",
				 NULL),
			 1);
	assert_string_equal(o1.buf, o2.buf);
	strbuf_release(&o1);
	strbuf_release(&o2);
	strbuf_release(&e1);
	expect_error("'ZZ' is not an ISO", "--item", "A100", "--destination", "CN", "--end-user-hq",
		     "ZZ", NULL);
	expect_error("not in the catalogue", "--item", "B9000", "--destination", "CN", NULL);
	expect_error("not an ECCN", "--eccn", "3A09", "--destination", "CN", NULL);
	expect_error("give one of", "--item", "A100", "--tpp", "5000", "--destination", "CN", NULL);
	expect_error("not a non-negative number", "--tpp", "lots", "--destination", "CN", NULL);
	/* hexadecimal is no figure a datasheet gives: strtod read 0x2000 as 8192 */
	expect_error("--tpp '0x2000' is not a non-negative number", "--tpp", "0x2000",
		     "--destination", "CN", NULL);
	expect_error("--die-area needs --tpp", "--die-area", "800", "--destination", "CN", NULL);
	expect_error("expected yes, no or unknown", "--tpp", "5000", "--datacenter", "maybe",
		     "--destination", "CN", NULL);
	expect_error("end use 'fab'", "--item", "A100", "--destination", "CN", "--end-use", "fab",
		     NULL);
	expect_error("date '2025-02-30': no such day in that month", "--item", "A100",
		     "--destination", "CN", "--date", "2025-02-30", NULL);
	expect_error("start on 2022-10-07", "--item", "A100", "--destination", "CN", "--date",
		     "2022-10-06", NULL);
	expect_error("--format", "--item", "A100", "--destination", "CN", "--format", "xml", NULL);
	expect_error("--fail-on", "--item", "A100", "--destination", "CN", "--fail-on", "BAD",
		     NULL);
	expect_error("--map needs --orders", "--item", "A100", "--destination", "CN", "--map",
		     "item=2", NULL);
	expect_error("--map x=1: no field", "--orders", "o.csv", "--map", "x=1", NULL);
	expect_error("no store yet", "--item", "A100", "--destination", "CN", "--db",
		     "/nonexistent/chipscreen.db", NULL);
	/* orders: a missing file, an empty one, a bad line (exit 2, the other lines still out) */
	expect_error("/nonexistent/o.csv", "--orders", "/nonexistent/o.csv", NULL);
	char *dir = test_tmpdir();
	test_write_str(dir, "empty.csv", "");
	test_write_str(dir, "head.csv", "item,destination\n");
	test_write_str(dir, "bad.csv",
		       "item,destination,end_user\nA100,CN,YMTC\nA100,XX,YMTC\n"
		       "B9000,CN,YMTC\n");
	test_write_str(dir, "nocol.csv", "colour,size\nred,9\n");
	/* two columns for the destination: the first was taken, DE for CN */
	test_write_str(dir, "twodest.csv", "item,ship_to_country,end_user,country\nA100,DE,Foo,CN\n");
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/empty.csv", dir);
	expect_error("empty file", "--orders", p.buf, NULL);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/head.csv", dir);
	expect_error("no order lines", "--orders", p.buf, NULL);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/nocol.csv", dir);
	expect_error("no item, eccn, tpp or end_user column", "--orders", p.buf, NULL);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/twodest.csv", dir);
	expect_error("columns \"ship_to_country\" (2) and \"country\" (4) both give the "
		     "destination: say which with --map destination=COLUMN",
		     "--orders", p.buf, NULL);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/bad.csv", dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "export-check", "--orders", p.buf, "--format", "csv", NULL);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err.buf, "bad.csv:3: destination 'XX'"));
	assert_non_null(strstr(err.buf, "bad.csv:4: --item 'B9000'"));
	assert_non_null(strstr(err.buf, "2 of 3 lines could not be checked"));
	assert_non_null(strstr(out.buf, "line 2,LICENSE-REQUIRED"));
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&p);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	setenv("CHIPSCREEN_TODAY", "2026-07-31", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tpp_thresholds),  cmocka_unit_test(test_hbm_threshold),
		cmocka_unit_test(test_effective_dates), cmocka_unit_test(test_unknowns_never_clear),
		cmocka_unit_test(test_schema),          cmocka_unit_test(test_input_errors),
		cmocka_unit_test(test_catalogue),       cmocka_unit_test(test_damaged_tables),
		cmocka_unit_test(test_imported_lists),  cmocka_unit_test(test_shown_figures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
