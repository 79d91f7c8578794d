/*
 * test_untrusted.c — a field whose source failed its own check names nobody
 * (identify.c, untrusted_field()).
 *
 * An SPD image whose CRC does not match is corrupt or misread; collect and
 * import keep its fields marked untrusted, and doc/inventory-schema.md says
 * identify must not rest an attribution on them.  It did: a Kingston DDR4
 * module with SK hynix DRAM, its base CRC wrong, was "certain" Kingston with
 * "certain" SK hynix DRAM, and CLEAR under cn-cii, whose rule names Micron (a
 * DRAM maker): a silent pass on bytes that failed their check.  Now both
 * sides are unknown, the reason quotes what was read and where, and the
 * module is REVIEW.  The image is built from the JEDEC DDR4 layout
 * (tests/support/fx_spd.c), never from a real dump; the same image with its
 * CRC right stays CLEAR.  Inside one identify_inventory() run, a trusted and
 * an untrusted twin do not share an attribution (the memo keys on trust).
 */
#include "testutil.h"
#include "fx_spd.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "util/date.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct fx_spd kingston_hynix = {
	.type = FX_DDR4,
	.module_maker = {0x01, 0x98}, /* Kingston */
	.dram_maker = {0x80, 0xAD},   /* SK hynix */
	.part = "KSM26RS8/8HDI",
	.serial = 0x0A0B0C0D,
	.year = 2022,
	.week = 7,
	.die_gbit = 8,
	.width = 8,
	.ranks = 1,
};

/* The image as a file in dir; bad: with a wrong base CRC. */
static char *spd_file(const char *dir, const char *name, bool bad)
{
	struct fx_spd d = kingston_hynix;
	d.bad_crc = bad;
	uint8_t img[FX_SPD_MAX];
	size_t n = fx_spd_build(&d, img);
	test_write(dir, name, img, n);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	return strbuf_detach(&p, NULL);
}

static const cJSON *member(const cJSON *o, const char *name)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!m)
		fail_msg("no member %s", name);
	return m;
}

static void test_identify_spd(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *bad = spd_file(dir, "bad.bin", true);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "identify", "--json", "--spd", bad, NULL), 1);
	cJSON *d = cJSON_Parse(o.buf);
	assert_non_null(d);
	const cJSON *m = member(d, "maker"), *cm = member(d, "chip_maker");
	assert_true(cJSON_IsNull(m));
	assert_true(cJSON_IsNull(cm));
	char want[1024];
	snprintf(want, sizeof want,
		 "jedec_module \"0198\" was read from a source that failed its own check "
		 "(%s#320-321): not used; part_number \"KSM26RS8/8HDI\" was read from a source "
		 "that failed its own check (%s#329-348): not used",
		 bad, bad);
	assert_string_equal(member(d, "maker_unknown_reason")->valuestring, want);
	snprintf(want, sizeof want,
		 "jedec_dram \"80AD\" was read from a source that failed its own check "
		 "(%s#350-351): not used",
		 bad);
	assert_string_equal(member(d, "chip_maker_unknown_reason")->valuestring, want);
	cJSON_Delete(d);

	/* the same bytes with the CRC right: Kingston, SK hynix DRAM, certain */
	char *good = spd_file(dir, "good.bin", false);
	strbuf_reset(&o);
	assert_int_equal(run_cmd(&o, &e, "identify", "--json", "--spd", good, NULL), 0);
	d = cJSON_Parse(o.buf);
	assert_string_equal(member(member(d, "maker"), "id")->valuestring, "kingston");
	assert_string_equal(member(member(d, "chip_maker"), "id")->valuestring, "skhynix");
	assert_string_equal(member(member(d, "chip_maker"), "confidence")->valuestring, "certain");
	cJSON_Delete(d);
	strbuf_release(&o);
	strbuf_release(&e);
	free(good);
	free(bad);
	test_rmtree(dir);
	free(dir);
}

/* The verdict of the module in FILE under cn-cii: exit status and status. */
static void scan_status(const char *file, int want_rc, const char *want)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	int rc = run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01", "--format",
			 "json", file, NULL);
	if (rc != want_rc)
		fail_msg("scan %s: exit %d, not %d: %s", file, rc, want_rc, e.buf);
	cJSON *d = cJSON_Parse(o.buf);
	assert_non_null(d);
	const cJSON *c = cJSON_GetArrayItem(member(d, "components"), 0);
	assert_non_null(c);
	assert_string_equal(member(c, "status")->valuestring, want);
	cJSON_Delete(d);
	strbuf_release(&o);
	strbuf_release(&e);
}

static void test_scan_not_clear(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *bad = spd_file(dir, "bad.bin", true), *good = spd_file(dir, "good.bin", false);
	scan_status(good, 0, "CLEAR");
	scan_status(bad, 1, "REVIEW");
	free(good);
	free(bad);
	test_rmtree(dir);
	free(dir);
}

/* The fleet judges the part from the store, which keeps its fields'
 * trust but not their sources: the same question, worded without them. */
static void test_fleet(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *bad = spd_file(dir, "bad.bin", true);
	struct strbuf db = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&db, "%s/fleet.db", dir);
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, "--host", "h1", bad, NULL),
			 0);
	assert_int_equal(run_cmd(&o, &e, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
				 "2026-06-01", NULL),
			 1);
	if (!strstr(o.buf, "REVIEW          cn-cac-micron-2023") ||
	    !strstr(o.buf,
		    "the maker of this memory part is unknown (jedec_module \"0198\" was "
		    "read from a source that failed its own check: not used; part_number "
		    "\"KSM26RS8/8HDI\" was read from a source that failed its own check: not "
		    "used)"))
		fail_msg("fleet:\n%s", o.buf);
	strbuf_release(&db);
	strbuf_release(&o);
	strbuf_release(&e);
	free(bad);
	test_rmtree(dir);
	free(dir);
}

/* Two modules alike but for trust, in one inventory: the memo must not give
 * the untrusted one the trusted one's attribution, nor the reverse. */
static void test_memo_keys_on_trust(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	struct kb *kb = kb_load(src_path("data"), "", "", &err);
	if (!kb)
		fail_msg("kb_load: %s", err.buf);
	struct inventory *inv = inventory_new();
	static const unsigned flags[] = {FIELD_RAW, FIELD_RAW | FIELD_UNTRUSTED, FIELD_RAW};
	static const char *const ids[] = {"dimm/a", "dimm/b", "dimm/c"};
	for (int i = 0; i < 3; i++) {
		struct component *c = inventory_add(inv, KIND_DIMM, ids[i], "spd");
		component_set(inv, c, FK_JEDEC_MODULE, flags[i], "0198", "spd#320-321");
		component_set(inv, c, FK_JEDEC_DRAM, flags[i], "80AD", "spd#350-351");
	}
	identify_inventory(kb, inv, date_today());
	for (int i = 0; i < 3; i++) {
		const struct attribution *a = inv->comps[i].attr;
		assert_non_null(a);
		if (flags[i] & FIELD_UNTRUSTED) {
			assert_null(a->maker.org);
			assert_null(a->chip_maker.org);
			assert_string_equal(
				a->chip_maker.unknown_reason,
				"jedec_dram \"80AD\" was read from a source that failed "
				"its own check (spd#350-351): not used");
		} else {
			assert_string_equal(a->maker.org, "kingston");
			assert_string_equal(a->chip_maker.org, "skhynix");
		}
	}
	inventory_free(inv);
	kb_free(kb);
	strbuf_release(&err);
}

int main(void)
{
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identify_spd),
		cmocka_unit_test(test_scan_not_clear),
		cmocka_unit_test(test_fleet),
		cmocka_unit_test(test_memo_keys_on_trust),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
