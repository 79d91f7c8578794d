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
 * inventory, the GLPI agent inventory and the CycloneDX BOM (synthetic).
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collect_appended),
		cmocka_unit_test(test_glpi_appended),
		cmocka_unit_test(test_cyclonedx_appended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
