/*
 * test_import_dmidecode_cut.c — what a dmidecode dump says of its own length,
 * and a dump cut short has memory that was not read (import/dmidecode.c
 * memory_cut()).
 *
 * dmidecode prints "N structures occupying M bytes." for a whole SMBIOS 2.x
 * table only (not with -t, which filters; not for an SMBIOS 3 table, whose
 * entry point has no count).  A dump holding fewer, or ending in the middle
 * of a line outside the end-of-table record, was cut: the Dell R620's dump
 * cut before its first Memory Device read as a machine without memory,
 * "No findings", exit 0 under cn-cii, whose rule names Micron, with only a
 * warning.  Now a part "dimm/not-read" with the reason is added, judged
 * REVIEW.  A whole dump, a dump cut inside its end-of-table record and a
 * filtered one (no count) add nothing.  The dump is the real Dell R620 one
 * (tests/fixtures/hw/README.md), cut here.
 */
#include "import-test.h"

#include "import/import-int.h"
#include "util/fileio.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

static struct strbuf r620;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	int rc = read_file(src_path("tests/fixtures/hw/dmidecode/glpi_dell-r620.txt"), 1 << 20,
			   &r620, &err);
	if (rc)
		print_message("%s\n", err.buf);
	strbuf_release(&err);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	strbuf_release(&r620);
	return 0;
}

/* The dump up to (not including) the first occurrence of at, plus more bytes. */
static struct inventory *import_cut(const char *at, size_t more)
{
	const char *p = strstr(r620.buf, at);
	assert_non_null(p);
	size_t n = (size_t)(p - r620.buf) + more;
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (import_buffer(r620.buf, n, "r620-cut.txt", IMPORT_DMIDECODE, NULL, inv, &err))
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	return inv;
}

static const struct field *not_read_field(const struct inventory *inv)
{
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		if (strcmp(c->id, "dimm/not-read"))
			continue;
		for (size_t j = 0; j < c->nfields; j++)
			if (c->fields[j].key == FK_EXTRA &&
			    !strcmp(c->fields[j].name, "memory.not_read"))
				return &c->fields[j];
	}
	return NULL;
}

static const char *not_read(const struct inventory *inv)
{
	const struct field *f = not_read_field(inv);
	return f ? f->value : NULL;
}

static void test_cut_before_memory(void **state)
{
	(void)state;
	/* at a line's start, just before the first Memory Device record */
	struct inventory *inv = import_cut("Handle 0x1100, DMI type 17", 0);
	assert_int_equal(count_kind(inv, KIND_DIMM), 1);
	assert_string_equal(not_read(inv),
			    "the dmidecode output holds 44 of the 99 structures dmidecode "
			    "announced: it was cut, and memory devices among the missing ones were "
			    "not read (keep the whole output of dmidecode)");
	/* where the file ends */
	assert_string_equal(not_read_field(inv)->source, "r620-cut.txt:483");
	inventory_free(inv);

	/* scanned: the question under a rule naming a memory maker, exit 1 */
	char *dir = test_tmpdir();
	const char *p = strstr(r620.buf, "Handle 0x1100, DMI type 17");
	test_write(dir, "r620-cut.txt", r620.buf, (size_t)(p - r620.buf));
	struct strbuf path = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&path, "%s/r620-cut.txt", dir);
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
				 "--format", "json", path.buf, NULL),
			 1);
	cJSON *d = cJSON_Parse(o.buf);
	assert_non_null(d);
	const cJSON *f, *hit = NULL;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings"))
	{
		if (!strcmp(cJSON_GetObjectItem(f, "component")->valuestring, "dimm/not-read"))
			hit = f;
	}
	assert_non_null(hit);
	assert_string_equal(cJSON_GetObjectItem(hit, "rule")->valuestring, "cn-cac-micron-2023");
	assert_string_equal(cJSON_GetObjectItem(hit, "verdict")->valuestring, "REVIEW");
	assert_non_null(strstr(cJSON_GetObjectItem(hit, "reason")->valuestring,
			       "the maker of this memory part is unknown (memory that was not "
			       "read: the dmidecode output holds 44 of the 99 structures"));
	cJSON_Delete(d);
	strbuf_release(&path);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

static void test_cut_among_memory(void **state)
{
	(void)state;
	/* in the middle of DIMM_A3's record: the modules read and the rest */
	struct inventory *inv =
		import_cut("Manufacturer: 00AD00B300AD\n\tSerial Number: 1E10FA91", 20);
	assert_int_equal(count_kind(inv, KIND_DIMM), 4);
	assert_non_null(find(inv, "dimm/DIMM_A3"));
	assert_non_null(strstr(not_read(inv), "holds 47 of the 99 structures"));
	inventory_free(inv);
}

static void test_nothing_added(void **state)
{
	(void)state;
	/* whole */
	struct inventory *inv = must_import_text(r620.buf, "r620.txt", IMPORT_DMIDECODE, NULL);
	assert_null(not_read(inv));
	assert_int_equal(count_kind(inv, KIND_DIMM), 16);
	inventory_free(inv);

	/* cut in its end-of-table record, without the count (as SMBIOS 3
	 * prints): nothing after it could be lost */
	char *nocount = strdup(r620.buf);
	char *c = strstr(nocount, "99 structures occupying 6622 bytes.\n");
	assert_non_null(c);
	memmove(c, c + strlen("99 structures occupying 6622 bytes.\n"),
		strlen(c + strlen("99 structures occupying 6622 bytes.\n")) + 1);
	size_t n = strlen(nocount);
	assert_string_equal(nocount + n - strlen("End Of Table\n\n"), "End Of Table\n\n");
	inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(
		import_buffer(nocount, n - 3, "r620-end.txt", IMPORT_DMIDECODE, NULL, inv, &err),
		0);
	assert_warning(inv, "the file ends in the middle of a line");
	assert_null(not_read(inv));
	inventory_free(inv);

	/* the same without the count, cut in the middle of a Memory Device line */
	const char *m = strstr(nocount, "\tPart Number: HMT42GR7AFR4A-PB");
	assert_non_null(m);
	inv = inventory_new();
	assert_int_equal(import_buffer(nocount, (size_t)(m - nocount) + 10, "r620-mid.txt",
				       IMPORT_DMIDECODE, NULL, inv, &err),
			 0);
	assert_string_equal(not_read(inv),
			    "the dmidecode output ends in the middle of a line: it was cut, and "
			    "memory devices after the cut were not read (keep the whole output of "
			    "dmidecode)");
	inventory_free(inv);
	free(nocount);
	strbuf_release(&err);
}

/* dmidecode -q prints no header, and titles of its own: "32-bit Memory Error
 * Information" is no count of 32 structures (it was read as one, and warned
 * "dmidecode announced 32 structures but the file holds 1") */
static void test_quiet_title_no_count(void **state)
{
	(void)state;
	static const char q[] = "Memory Device\n"
				"\tSize: 8 GB\n"
				"\tLocator: DIMM_A1\n"
				"\tManufacturer: Samsung\n"
				"\tPart Number: M393A1G40EB1-CRC\n"
				"\n"
				"32-bit Memory Error Information\n"
				"\tType: OK\n"
				"\tGranularity: Unknown\n"
				"\n";
	struct inventory *inv = must_import_text(q, "quiet.txt", IMPORT_DMIDECODE, NULL);
	assert_int_equal(inv->nwarnings, 0);
	assert_null(not_read(inv));
	assert_int_equal(count_kind(inv, KIND_DIMM), 1);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_before_memory),
		cmocka_unit_test(test_cut_among_memory),
		cmocka_unit_test(test_nothing_added),
		cmocka_unit_test(test_quiet_title_no_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
