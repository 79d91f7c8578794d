/*
 * test_json_appended.c — a JSON input holding a second document after the
 * first (`collect > a.json; collect >> a.json`, two GLPI or CycloneDX
 * files concatenated) is refused by import and scan, exit 2, naming the file
 * and where the rest starts (import/import.c import_json_parse,
 * util/json.c).  cJSON stops after the first value: both commands read the
 * first document, dropped the second without a word, and exited 0, so a
 * machine's second inventory was never judged.  A single document followed
 * by blank lines still reads.
 *
 * The inputs are the fixtures of tests/fixtures/hw: the Dell R620 dmidecode
 * dump (real, glpi-agent's resources) written as collect writes an
 * inventory, the GLPI agent inventory and the CycloneDX BOM (synthetic), and
 * the lshw outputs (a real KVM guest run, a synthetic Dell server).
 */
#include "testutil.h"

#include "import/import.h"
#include "inventory-json.h"
#include "util/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The collect document of the R620 dump, as collect writes it to a pipe or
 * a file (compact): one line and its newline. */
static void collect_doc(struct strbuf *out)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (import_file(src_path("tests/fixtures/hw/dmidecode/glpi_dell-r620.txt"),
			IMPORT_DMIDECODE, NULL, inv, &err) < 0)
		fail_msg("%s", err.buf);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(inventory_write_json(inv, f, false), 0);
	fclose(f);
	strbuf_add(out, buf, len);
	free(buf);
	inventory_free(inv);
	strbuf_release(&err);
}

static void fixture(const char *rel, struct strbuf *out)
{
	struct strbuf err = STRBUF_INIT;
	if (read_file(src_path(rel), 1u << 20, out, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
}

/* import and scan of dir/name holding text: each exit status, stderr in e. */
static void run_both(const char *dir, const char *name, const char *text, size_t len,
		     int *import_rc, int *scan_rc, struct strbuf *ie, struct strbuf *se)
{
	test_write(dir, name, text, len);
	char *in = test_path(dir, name), *db = test_path(dir, "store.db");
	struct strbuf o = STRBUF_INIT;
	*import_rc = run_cmd(&o, ie, "import", "-q", "--db", db, in, NULL);
	*scan_rc = run_cmd(&o, se, "scan", "--profile", "none", "--date", "2026-06-01", in, NULL);
	remove(db);
	strbuf_release(&o);
	free(in);
	free(db);
}

/* doc twice: both commands refuse it with the offset of the second copy
 * (after the first one's white space), and import stores no host. */
static void refused_twice(const char *dir, const char *name, const struct strbuf *doc,
			  size_t line)
{
	size_t at = doc->len; /* the first copy's newline goes with it */
	struct strbuf two = STRBUF_INIT, want = STRBUF_INIT, ie = STRBUF_INIT, se = STRBUF_INIT;
	strbuf_add(&two, doc->buf, doc->len);
	strbuf_add(&two, doc->buf, doc->len);
	char *in = test_path(dir, name);
	strbuf_addf(&want,
		    "chipscreen: error: %s: more after the JSON document, at line %zu, byte %zu "
		    "(two documents appended?): nothing imported\n",
		    in, line, at);
	int irc, src;
	run_both(dir, name, two.buf, two.len, &irc, &src, &ie, &se);
	assert_int_equal(irc, 2);
	assert_int_equal(src, 2);
	if (!strstr(ie.buf, want.buf))
		fail_msg("import: '%s' not in: %s", want.buf, ie.buf);
	if (!strstr(se.buf, want.buf))
		fail_msg("scan: '%s' not in: %s", want.buf, se.buf);
	free(in);
	strbuf_release(&two);
	strbuf_release(&want);
	strbuf_release(&ie);
	strbuf_release(&se);
}

/* doc with blank lines after it: imported, scanned, no word of "more". */
static void read_once(const char *dir, const char *name, const struct strbuf *doc)
{
	struct strbuf one = STRBUF_INIT, ie = STRBUF_INIT, se = STRBUF_INIT;
	strbuf_add(&one, doc->buf, doc->len);
	strbuf_addstr(&one, "\n\r\n \t\n\n");
	int irc, src;
	run_both(dir, name, one.buf, one.len, &irc, &src, &ie, &se);
	if (irc != 0 || src != 0)
		fail_msg("import %d (%s), scan %d (%s)", irc, ie.buf, src, se.buf);
	assert_null(strstr(ie.buf, "more after"));
	assert_null(strstr(se.buf, "more after"));
	strbuf_release(&one);
	strbuf_release(&ie);
	strbuf_release(&se);
}

static void test_collect_appended(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	struct strbuf doc = STRBUF_INIT;
	collect_doc(&doc);
	/* one line each: the second starts line 2 */
	assert_int_equal(doc.buf[doc.len - 1], '\n');
	assert_null(memchr(doc.buf, '\n', doc.len - 1));
	refused_twice(dir, "a.json", &doc, 2);
	read_once(dir, "b.json", &doc);
	strbuf_release(&doc);
	test_rmtree(dir);
	free(dir);
}

static void test_glpi_appended(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	struct strbuf doc = STRBUF_INIT;
	fixture("tests/fixtures/hw/glpi/glpi-agent_inventory-synthetic.json", &doc);
	assert_int_equal(doc.len, 3233); /* 125 lines, the last ended */
	refused_twice(dir, "glpi.json", &doc, 126);
	read_once(dir, "glpi1.json", &doc);
	strbuf_release(&doc);
	test_rmtree(dir);
	free(dir);
}

/* The BOM holds a component without its type (a skipped record, exit 2 on
 * its own): appended, it is refused as a whole before that is looked at. */
static void test_cyclonedx_appended(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	struct strbuf doc = STRBUF_INIT;
	fixture("tests/fixtures/hw/skipped/cyclonedx_one-bad.json", &doc);
	assert_int_equal(doc.len, 614);
	refused_twice(dir, "bom.json", &doc, 13);
	strbuf_release(&doc);
	test_rmtree(dir);
	free(dir);
}

/* The same fixture twice, and the real KVM guest run after the synthetic
 * Dell server (two machines), as `lshw -json >> a.json` leaves them.  Both
 * were read as one host before: the two machines' parts under "db01", the
 * one machine's parts twice (dimm and pci ids with #2).  Now two machines
 * are refused (import and scan, exit 2, naming the file, the document and
 * both machines), two different outputs of one machine too, and the same
 * output twice is read once, with a warning. */
static void test_lshw_appended(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, two = STRBUF_INIT;
	struct strbuf ie = STRBUF_INIT, se = STRBUF_INIT;
	fixture("tests/fixtures/hw/lshw/lshw-json_server-synthetic.json", &a);
	fixture("tests/fixtures/hw/lshw/lshw-B.02.19_kvm-guest.json", &b);
	strbuf_add(&two, a.buf, a.len);
	strbuf_add(&two, b.buf, b.len);
	int irc, src;
	run_both(dir, "two.json", two.buf, two.len, &irc, &src, &ie, &se);
	assert_int_equal(irc, 2);
	assert_int_equal(src, 2);
	char *in = test_path(dir, "two.json");
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want,
		    "chipscreen: error: %s: two machines' lshw outputs seem appended: document "
		    "2, at line 219, is of \"vm\", the first of \"db01\" (Dell Inc. PowerEdge "
		    "R640 (SKU=NotProvided;ModelName=PowerEdge R640), serial ABC1234); nothing "
		    "imported: give each machine's output in a file of its own\n",
		    in);
	if (!strstr(ie.buf, want.buf) || !strstr(se.buf, want.buf))
		fail_msg("'%s' not in: %s / %s", want.buf, ie.buf, se.buf);
	free(in);

	/* one machine, a changed output appended: which is current? */
	strbuf_reset(&two);
	strbuf_add(&two, b.buf, b.len);
	const char *cpu = strstr(b.buf, "\"Intel(R) Xeon(R) Processor\"");
	assert_non_null(cpu);
	strbuf_add(&two, b.buf, (size_t)(cpu - b.buf));
	strbuf_addstr(&two, "\"Intel(R) Xeon(R) Gold\"");
	strbuf_addstr(&two, cpu + strlen("\"Intel(R) Xeon(R) Processor\""));
	strbuf_reset(&ie);
	strbuf_reset(&se);
	run_both(dir, "changed.json", two.buf, two.len, &irc, &src, &ie, &se);
	assert_int_equal(irc, 2);
	assert_int_equal(src, 2);
	assert_non_null(strstr(se.buf, "changed.json: two different lshw outputs of the machine "
				       "\"vm\" seem appended (document 2, at line 375, differs "
				       "from the first)"));

	/* one machine printed twice: read once */
	strbuf_reset(&two);
	strbuf_add(&two, b.buf, b.len);
	strbuf_add(&two, b.buf, b.len);
	struct inventory *one = inventory_new(), *twice = inventory_new();
	strbuf_reset(&ie);
	assert_int_equal(import_buffer(b.buf, b.len, "one.json", IMPORT_LSHW_JSON, NULL, one, &ie),
			 0);
	assert_int_equal(
		import_buffer(two.buf, two.len, "twice.json", IMPORT_LSHW_JSON, NULL, twice, &ie), 0);
	assert_int_equal(twice->ncomps, one->ncomps);
	for (size_t i = 0; i < one->ncomps; i++)
		assert_string_equal(twice->comps[i].id, one->comps[i].id);
	assert_int_equal(twice->nwarnings, one->nwarnings + 1);
	assert_string_equal(twice->warnings[twice->nwarnings - 1].reason,
			    "line 375: lshw document 2 is the same output as the first, appended "
			    "again: read once");
	inventory_free(one);
	inventory_free(twice);
	strbuf_release(&want);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&two);
	strbuf_release(&ie);
	strbuf_release(&se);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collect_appended),
		cmocka_unit_test(test_glpi_appended),
		cmocka_unit_test(test_cyclonedx_appended),
		cmocka_unit_test(test_lshw_appended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
