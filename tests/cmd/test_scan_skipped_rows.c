/*
 * test_scan_skipped_rows.c — a scan whose input held records it could not
 * read does not pass (cmd/cmd-scan.c skipped_records(), inventory.nskipped
 * counted by import/csv.c).
 *
 * A purchase order with a Samsung line and a Micron line whose quantity read
 * "10 pcs": the Micron row was skipped with a warning (doc/import-formats.md:
 * a malformed row is never counted as one unit), and the scan under cn-cii,
 * whose rule names Micron, said "No findings", exit 0.  Now exit 2 with a
 * message naming the file, as screen-names does with damaged rows; when
 * what was read reaches --fail-on, exit 1 as before; a clean order, 0.
 * import stored the rest and exited 0, so `import po.csv && fleet` judged a
 * fleet without the Micron line; now it stores the rest and exits 2
 * (cmd/cmd-import.c import_records()).  The other importers count the
 * records they skip the same way (import/imp_skip): test_skipped_records_
 * other_formats.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static int scan(const char *dir, const char *name, const char *text, struct strbuf *e)
{
	test_write_str(dir, name, text);
	struct strbuf path = STRBUF_INIT, o = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", dir, name);
	int rc = run_cmd(&o, e, "scan", "--profile", "cn-cii", "--date", "2026-06-01", path.buf,
			 NULL);
	assert_non_null(strstr(o.buf, "Summary:")); /* the report is written all the same */
	strbuf_release(&path);
	strbuf_release(&o);
	return rc;
}

static void test_skipped_rows(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	struct strbuf e = STRBUF_INIT, want = STRBUF_INIT;

	assert_int_equal(scan(dir, "po.csv",
			      "Manufacturer,Part Number,Qty\n"
			      "Samsung,M393A2K43BB1-CTD,2\n"
			      "Micron,MTA36ASF4G72PZ-3G2E1,10 pcs\n",
			      &e),
			 2);
	strbuf_addf(&want,
		    "chipscreen: error: %s/po.csv: 1 record could not be read (the warnings name "
		    "it): what it held was not judged, so nothing found is no answer; correct the "
		    "file and scan it again\n",
		    dir);
	if (!strstr(e.buf, want.buf))
		fail_msg("stderr: %s", e.buf);

	/* two rows of another field count: the message counts them */
	assert_int_equal(scan(dir, "po2.csv",
			      "Manufacturer,Part Number,Qty\n"
			      "Samsung,M393A2K43BB1-CTD,2\n"
			      "Micron,MTA36ASF4G72PZ-3G2E1,4,extra\n"
			      "Micron,MTA18ASF2G72PZ-2G3B1,2.5\n",
			      &e),
			 2);
	assert_non_null(strstr(e.buf, "po2.csv: 2 records could not be read"));

	/* what was read fails the gate already: findings, exit 1 */
	assert_int_equal(scan(dir, "po3.csv",
			      "Manufacturer,Part Number,Qty,Date\n"
			      "Micron,MTA36ASF4G72PZ-3G2E1,2,2024-01-10\n"
			      "Samsung,M393A2K43BB1-CTD,10 pcs,2024-01-10\n",
			      &e),
			 1);
	assert_null(strstr(e.buf, "could not be read"));

	/* nothing skipped, nothing found: 0 */
	assert_int_equal(scan(dir, "po4.csv",
			      "Manufacturer,Part Number,Qty\n"
			      "Samsung,M393A2K43BB1-CTD,2\n",
			      &e),
			 0);
	strbuf_release(&e);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
}

static void test_import_skipped_rows(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	test_write_str(dir, "po.csv",
		       "Manufacturer,Part Number,Qty\n"
		       "Samsung,M393A2K43BB1-CTD,2\n"
		       "Micron,MTA36ASF4G72PZ-3G2E1,10 pcs\n");
	struct strbuf db = STRBUF_INIT, po = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT,
		      want = STRBUF_INIT;
	strbuf_addf(&db, "%s/fleet.db", dir);
	strbuf_addf(&po, "%s/po.csv", dir);
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, po.buf, NULL), 2);
	strbuf_addf(&want,
		    "chipscreen: error: %s: 1 record could not be read (the warnings name it): not "
		    "in the store, so no fleet report judges it; correct the file and import it "
		    "again\n",
		    po.buf);
	assert_string_equal(e.buf, want.buf);
	/* the rest is stored: the Samsung line */
	assert_int_equal(run_cmd(&o, &e, "hosts", "--db", db.buf, "--format", "csv", NULL), 0);
	assert_non_null(strstr(o.buf, "\"po.csv\""));
	strbuf_release(&db);
	strbuf_release(&po);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
}

/* The other importers' skipped records (import/imp_skip): a CycloneDX
 * component without its type, an lshw or GLPI entry that is not an object,
 * smartctl JSON cut after its first drive, a dmidecode record without its
 * type line, an lspci device line that lost its colon.  Each file's other
 * parts are CLEAR under cn-cii; the record lost was a Micron part (or, in the
 * real dumps, a module or an NVMe drive): the scan said "No findings", exit 0,
 * and import stored the rest, exit 0.  Now both exit 2 naming the file. */
static void test_skipped_records_other_formats(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	static const char *const files[] = {
		"cyclonedx_one-bad.json",	   "lshw_one-bad.json",
		"smartctl_one-bad.json",	   "glpi_one-bad.json",
		"dmidecode_dell-r620_one-bad.txt", "lspci_linux-xps_one-bad.txt",
	};
	char *dir = test_tmpdir();
	struct strbuf path = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT, want = STRBUF_INIT,
		      db = STRBUF_INIT;
	strbuf_addf(&db, "%s/fleet.db", dir);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s%s", src_path("tests/fixtures/hw/skipped/"), files[i]);
		int rc = run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
				 path.buf, NULL);
		strbuf_reset(&want);
		strbuf_addf(&want,
			    "chipscreen: error: %s: 1 record could not be read (the warnings name "
			    "it): what it held was not judged, so nothing found is no answer; "
			    "correct the file and scan it again\n",
			    path.buf);
		if (rc != 2 || !strstr(e.buf, want.buf))
			fail_msg("scan %s: exit %d, stderr: %s", files[i], rc, e.buf);
		rc = run_cmd(&o, &e, "import", "-q", "--db", db.buf, path.buf, NULL);
		strbuf_reset(&want);
		strbuf_addf(&want,
			    "chipscreen: error: %s: 1 record could not be read (the warnings name "
			    "it): not in the store, so no fleet report judges it; correct the file "
			    "and import it again\n",
			    path.buf);
		if (rc != 2 || !strstr(e.buf, want.buf))
			fail_msg("import %s: exit %d, stderr: %s", files[i], rc, e.buf);
	}
	strbuf_release(&path);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
	strbuf_release(&db);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_skipped_rows),
					   cmocka_unit_test(test_import_skipped_rows),
					   cmocka_unit_test(test_skipped_records_other_formats)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
