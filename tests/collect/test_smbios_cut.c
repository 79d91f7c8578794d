/*
 * test_smbios_cut.c — an SMBIOS table cut short has memory that was not read
 * (collect/smbios.c memory_lost(), collect/memory.c collect_memory_not_read()).
 *
 * A capture whose sys/firmware/dmi/tables/DMI lost its end (a copy cut
 * short, a full disk) was read up to the cut with a warning, and the memory
 * devices after it were simply absent: a server with a Samsung module before
 * the cut and a Micron one after it was "No findings", exit 0, under cn-cii,
 * whose rule names Micron.  Now the cut adds a part "dimm/not-read" whose
 * maker is unknown for the reason the table gives, REVIEW under that rule,
 * through `collect --root` and `scan --root` as a user runs them.  A whole
 * table, and one cut inside its end-of-table structure, add nothing; a module
 * read from its SPD EEPROM keeps its answer.
 *
 * The tables are built from the specification's layouts (DSP0134, through
 * tests/support/fx_smbios.c), as the other SMBIOS tests build them: no
 * binary SMBIOS capture is among the real fixtures.  Structures are laid out
 * type 0, 1, 16, 17 (Samsung), 17 (Micron), 127; the end-of-table structure
 * is 6 bytes (4 of header, 2 NULs).
 */
#include "testutil.h"
#include "fx_smbios.h"
#include "fx_spd.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DMI "/sys/firmware/dmi/tables/DMI"

static const struct fx_dimm dimms[] = {
	{.locator = "DIMM_A1",
	 .bank_locator = "P0 CHANNEL A",
	 .size_bytes = 32ull << 30,
	 .form_factor = FX_FF_DIMM,
	 .memory_type = FX_MEM_DDR4,
	 .speed = 3200,
	 .rank = 2,
	 .manufacturer = "Samsung",
	 .serial = "ABCDEF01",
	 .part_number = "M393A4K40DB3-CWE",
	 .module_mfr_id = 0xCE80},
	{.locator = "DIMM_B1",
	 .bank_locator = "P0 CHANNEL B",
	 .size_bytes = 32ull << 30,
	 .form_factor = FX_FF_DIMM,
	 .memory_type = FX_MEM_DDR4,
	 .speed = 3200,
	 .rank = 2,
	 .manufacturer = "Micron Technology",
	 .serial = "3A1B2C3D",
	 .part_number = "MTA36ASF4G72PZ-3G2R1",
	 .module_mfr_id = 0x2C80},
};

static struct fx_smbios machine(unsigned major, unsigned minor, size_t truncate)
{
	struct fx_smbios m = {
		.major = (uint8_t)major,
		.minor = (uint8_t)minor,
		.bios = {.vendor = "Dell Inc.", .version = "2.9.4", .date = "08/16/2022"},
		.system = {.manufacturer = "Dell Inc.",
			   .product = "PowerEdge R650",
			   .serial = "7XK9P33"},
		.dimms = dimms,
		.ndimms = sizeof dimms / sizeof dimms[0],
		.truncate = truncate,
	};
	return m;
}

/* A capture root holding the table (and what fx_smbios_write lays out). */
static char *capture(unsigned major, unsigned minor, size_t truncate, struct fx_layout *l)
{
	struct fx_smbios m = machine(major, minor, truncate);
	char *dir = test_tmpdir();
	fx_smbios_write(&m, dir, l);
	return dir;
}

static cJSON *json_of(const char *what, int rc, int want, struct strbuf *o)
{
	if (rc != want)
		fail_msg("%s: exit %d, not %d", what, rc, want);
	cJSON *doc = cJSON_Parse(o->buf);
	if (!doc)
		fail_msg("%s: not JSON: %.200s", what, o->buf);
	return doc;
}

/* `collect --root dir`: the document, and stderr in err. */
static cJSON *collect(const char *dir, struct strbuf *err)
{
	struct strbuf o = STRBUF_INIT;
	cJSON *doc = json_of("collect", run_cmd(&o, err, "collect", "--root", dir, NULL), 0, &o);
	strbuf_release(&o);
	return doc;
}

static cJSON *scan(const char *dir, int want)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	int rc = run_cmd(&o, &e, "scan", "--root", dir, "--profile", "cn-cii", "--date",
			 "2026-06-01", "--format", "json", NULL);
	if (rc != want)
		print_message("%s", e.buf);
	cJSON *doc = json_of("scan", rc, want, &o);
	strbuf_release(&o);
	strbuf_release(&e);
	return doc;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The finding on component id, NULL when none. */
static const cJSON *finding(const cJSON *doc, const char *id)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(doc, "findings"))
	{
		const char *c = jstr(f, "component");
		if (c && !strcmp(c, id))
			return f;
	}
	return NULL;
}

static int nfindings(const cJSON *doc)
{
	return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "findings"));
}

/* The reason of the part "dimm/not-read" (which must be there). */
static const char *not_read(const cJSON *doc)
{
	const cJSON *c = test_component(doc, "dimm/not-read");
	if (!c)
		fail_msg("no component dimm/not-read");
	return test_decoded(c, "memory.not_read", NULL);
}

static void done(cJSON *doc, char *dir)
{
	cJSON_Delete(doc);
	test_rmtree(dir);
	free(dir);
}

/* Cut in the Micron module's strings: the Samsung module read, the other not. */
static void test_cut_in_memory_device(void **state)
{
	(void)state;
	struct fx_layout l;
	char *dir = capture(2, 8, 6 + 10, &l);
	size_t len = l.table_len - 16;
	struct strbuf err = STRBUF_INIT;
	cJSON *doc = collect(dir, &err);
	assert_non_null(test_component(doc, "dimm/DIMM_A1"));
	assert_null(test_component(doc, "dimm/DIMM_B1"));
	const cJSON *c = test_component(doc, "dimm/not-read");
	assert_non_null(c);
	assert_string_equal(jstr(c, "kind"), "dimm");
	assert_string_equal(jstr(c, "source"), DMI);
	const char *src;
	char want[400];
	snprintf(want, sizeof want,
		 "the SMBIOS table ends at byte %zu of the %zu its entry point announces, inside "
		 "a structure of type 17: it was cut, and memory devices from there on were not "
		 "read",
		 len, l.table_len);
	assert_string_equal(test_decoded(c, "memory.not_read", &src), want);
	assert_string_equal(src, DMI);
	assert_null(test_decoded(c, "size_bytes", NULL));
	/* the warning names the file and what was wrong */
	snprintf(want, sizeof want,
		 DMI ": structure at offset 0x%04zX (type 17, handle 0x1101) runs past the end of "
		     "the table (0x%04zX bytes, entry point says 0x%04zX): kept the 4 structures "
		     "before it; memory devices from it on were not read",
		 l.dimm_off[1], len, l.table_len);
	if (!strstr(err.buf, want))
		fail_msg("stderr: %s\nwanted: %s", err.buf, want);
	cJSON_Delete(doc);
	strbuf_release(&err);

	/* scanned under cn-cii (rule naming Micron): the question, exit 1 */
	doc = scan(dir, 1);
	assert_int_equal(nfindings(doc), 1);
	const cJSON *f = finding(doc, "dimm/not-read");
	assert_non_null(f);
	assert_string_equal(jstr(f, "rule"), "cn-cac-micron-2023");
	assert_string_equal(jstr(f, "verdict"), "REVIEW");
	snprintf(want, sizeof want,
		 "the maker of this memory part is unknown (memory that was not read: the SMBIOS "
		 "table ends at byte %zu of the %zu its entry point announces, inside a structure "
		 "of type 17: it was cut, and memory devices from there on were not read)",
		 len, l.table_len);
	if (!strstr(jstr(f, "reason"), want))
		fail_msg("reason: %s\nwanted: %s", jstr(f, "reason"), want);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(doc, "summary"), "worst"),
			    "REVIEW");
	done(doc, dir);
}

/* Where the structures of the whole table lie. */
static struct fx_layout layout(unsigned major, unsigned minor)
{
	struct fx_smbios m = machine(major, minor, 0);
	struct strbuf ep = STRBUF_INIT, t = STRBUF_INIT;
	struct fx_layout l;
	fx_smbios_build(&m, &ep, &t, &l);
	strbuf_release(&ep);
	strbuf_release(&t);
	return l;
}

/* Cut on a structure boundary, before the first memory device: no module
 * read at all, as a machine without memory was judged (2.x, whose entry
 * point gives the table's exact length). */
static void test_cut_before_memory(void **state)
{
	(void)state;
	struct fx_layout l = layout(2, 8);
	size_t len = l.dimm_off[0];
	char *dir = capture(2, 8, l.table_len - len, NULL);
	struct strbuf err = STRBUF_INIT;
	cJSON *doc = collect(dir, &err);
	assert_null(test_component(doc, "dimm/DIMM_A1"));
	char want[400];
	snprintf(want, sizeof want,
		 "the SMBIOS table ends at byte %zu of the %zu its entry point announces, after 3 "
		 "whole structures: it was cut, and memory devices after the cut were not read",
		 len, l.table_len);
	assert_string_equal(not_read(doc), want);
	snprintf(want, sizeof want,
		 DMI ": table is 0x%04zX bytes, entry point says 0x%04zX: kept the 3 structures "
		     "read; memory devices after them were not read",
		 len, l.table_len);
	if (!strstr(err.buf, want))
		fail_msg("stderr: %s\nwanted: %s", err.buf, want);
	cJSON_Delete(doc);
	strbuf_release(&err);

	doc = scan(dir, 1);
	assert_int_equal(nfindings(doc), 1);
	const cJSON *f = finding(doc, "dimm/not-read");
	assert_non_null(f);
	assert_string_equal(jstr(f, "rule"), "cn-cac-micron-2023");
	assert_string_equal(jstr(f, "verdict"), "REVIEW");
	cJSON_Delete(doc);

	/* the same in the fleet, from collect's document imported */
	struct strbuf js = STRBUF_INIT, db = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&js, "%s/h1.json", dir);
	strbuf_addf(&db, "%s/fleet.db", dir);
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", dir, "-o", js.buf, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, js.buf, NULL), 0);
	strbuf_reset(&o);
	assert_int_equal(run_cmd(&o, &e, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
				 "2026-06-01", NULL),
			 1);
	if (!strstr(o.buf, "cn-cac-micron-2023") || !strstr(o.buf, "REVIEW"))
		fail_msg("fleet: %s", o.buf);
	strbuf_release(&js);
	strbuf_release(&db);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

/* 3.x gives the table's length as a maximum: cut between the two memory
 * devices, with no end-of-table structure. */
static void test_cut_33_between_modules(void **state)
{
	(void)state;
	struct fx_layout l = layout(3, 3);
	size_t len = l.dimm_off[1];
	char *dir = capture(3, 3, l.table_len - len, NULL);
	cJSON *doc = scan(dir, 1);
	assert_non_null(test_component(doc, "dimm/DIMM_A1"));
	assert_null(test_component(doc, "dimm/DIMM_B1"));
	char want[400];
	snprintf(want, sizeof want,
		 "the SMBIOS table ends at byte %zu, before the %zu its entry point announces at "
		 "most, after 4 whole structures and without its end-of-table structure: it was "
		 "cut, and memory devices after the cut were not read",
		 len, l.table_len);
	assert_string_equal(not_read(doc), want);
	assert_int_equal(nfindings(doc), 1);
	assert_string_equal(jstr(finding(doc, "dimm/not-read"), "verdict"), "REVIEW");
	done(doc, dir);
}

/* A whole table adds nothing, and nor does one cut inside its end-of-table
 * structure, after which nothing could be lost: the Micron module's own
 * finding, nothing else. */
static void test_nothing_added(void **state)
{
	(void)state;
	static const unsigned versions[][2] = {{2, 8}, {3, 3}};
	for (size_t v = 0; v < 2; v++)
		for (size_t cut = 0; cut < 6; cut += 3) { /* whole; 3 of the 6 end bytes */
			char *dir = capture(versions[v][0], versions[v][1], cut, NULL);
			struct strbuf err = STRBUF_INIT;
			cJSON *doc = collect(dir, &err);
			assert_null(test_component(doc, "dimm/not-read"));
			assert_null(strstr(err.buf, "not read"));
			assert_true(!strstr(err.buf, DMI ": ") == !cut);
			cJSON_Delete(doc);
			strbuf_release(&err);
			doc = scan(dir, 1);
			assert_int_equal(nfindings(doc), 1);
			const cJSON *f = finding(doc, "dimm/DIMM_B1");
			assert_non_null(f);
			assert_string_equal(jstr(f, "verdict"), "NO-NEW-PURCHASE");
			done(doc, dir);
		}
}

static const char *status(const cJSON *doc, const char *id)
{
	const cJSON *c = test_component(doc, id);
	if (!c)
		fail_msg("no component %s", id);
	return jstr(c, "status");
}

/* Modules read from their SPD EEPROMs keep their answers when the table is
 * cut: the Samsung one merged onto the SMBIOS module by its serial, the
 * Micron one, whose SMBIOS structure was lost, a part of its own. */
static void test_spd_keeps_answers(void **state)
{
	(void)state;
	static const struct fx_spd samsung = {.type = FX_DDR4,
					      .module = FX_RDIMM,
					      .module_maker = {0x80, 0xCE},
					      .dram_maker = {0x80, 0xCE},
					      .part = "M393A4K40DB3-CWE",
					      .serial = 0xABCDEF01,
					      .year = 2021,
					      .week = 7,
					      .width = 4,
					      .ranks = 2,
					      .ecc = true};
	static const struct fx_spd micron = {.type = FX_DDR4,
					     .module = FX_RDIMM,
					     .module_maker = {0x80, 0x2C},
					     .dram_maker = {0x80, 0x2C},
					     .part = "MTA36ASF4G72PZ-3G2R1",
					     .serial = 0x3A1B2C3D,
					     .year = 2021,
					     .week = 7,
					     .width = 4,
					     .ranks = 2,
					     .ecc = true};
	struct fx_layout l = layout(2, 8);
	char *whole = capture(2, 8, 0, NULL);
	char *cut = capture(2, 8, l.table_len - l.dimm_off[1] - 5, NULL);
	char *dirs[] = {whole, cut};
	for (int i = 0; i < 2; i++) {
		fx_spd_install(dirs[i], 0, 0x50, &samsung);
		fx_spd_install(dirs[i], 0, 0x51, &micron);
	}
	cJSON *w = scan(whole, 1), *c = scan(cut, 1);
	assert_string_equal(status(w, "dimm/DIMM_A1"), "CLEAR");
	assert_string_equal(status(c, "dimm/DIMM_A1"), "CLEAR");
	assert_string_equal(status(w, "dimm/DIMM_B1"), "NO-NEW-PURCHASE");
	assert_null(test_component(c, "dimm/DIMM_B1"));
	assert_string_equal(status(c, "dimm/spd-0-0051"), "NO-NEW-PURCHASE");
	assert_string_equal(jstr(finding(c, "dimm/spd-0-0051"), "rule"), "cn-cac-micron-2023");
	/* what the SPD did not show may be more memory still */
	assert_string_equal(status(c, "dimm/not-read"), "REVIEW");
	assert_null(test_component(w, "dimm/not-read"));
	assert_int_equal(nfindings(w), 1);
	assert_int_equal(nfindings(c), 2);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(c, "summary"), "worst"),
			    "NO-NEW-PURCHASE");
	cJSON_Delete(w);
	done(c, cut);
	test_rmtree(whole);
	free(whole);
}

int main(void)
{
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_in_memory_device),
		cmocka_unit_test(test_cut_before_memory),
		cmocka_unit_test(test_cut_33_between_modules),
		cmocka_unit_test(test_nothing_added),
		cmocka_unit_test(test_spd_keeps_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
