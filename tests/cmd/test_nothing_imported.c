/*
 * test_nothing_imported.c — `import` of a directory that holds no file
 * (a wrong path, an empty share, only hidden files) imported nothing and
 * said "0 files ...", exit 0: a scheduled import then fed the fleet report
 * nothing, silently.  Now: exit 2 naming the directory; a directory with a
 * file is imported as before.  And a collect document with no component
 * is refused by import as scan refuses it.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void test_empty_directory(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, in = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&db, "%s/store.db", dir);
	strbuf_addf(&in, "%s/drop", dir);
	test_write_str(dir, "drop/.hidden", "x\n");
	test_write_str(dir, "drop/sub/.also-hidden", "x\n");
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, in.buf, NULL), 2);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s: no file to import in this directory or below it", in.buf);
	if (!strstr(e.buf, want.buf))
		fail_msg("'%s' not in %s", want.buf, e.buf);
	/* with a file in it, the same directory imports */
	test_write_str(dir, "drop/sub/dmi.txt",
		       "# dmidecode 3.3\nSMBIOS 3.2.0 present.\n\n"
		       "Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n"
		       "\tManufacturer: Supermicro\n\tProduct Name: SYS-1029P-WTR\n"
		       "\tSerial Number: S123456\n\n");
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, in.buf, NULL), 0);
	strbuf_release(&want);
	strbuf_release(&db);
	strbuf_release(&in);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

/* A collect document with no component (an agent on a machine it could
 * not read, a hand-made file): scan refused it, import stored a host with
 * no hardware, exit 0, and fleet then cleared it. */
static void test_empty_inventory(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, in = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&db, "%s/store.db", dir);
	strbuf_addf(&in, "%s/h1.json", dir);
	test_write_str(dir, "h1.json",
		       "{\"schema\":\"chipscreen-inventory/1\",\"host\":{\"hostname\":\"h1\"},"
		       "\"components\":[]}\n");
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s: nothing recognised: no component could be read from it as "
			   "inventory-json", in.buf);
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", in.buf, NULL), 2);
	assert_non_null(strstr(e.buf, want.buf));
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, in.buf, NULL), 2);
	if (!strstr(e.buf, want.buf))
		fail_msg("'%s' not in %s", want.buf, e.buf);
	strbuf_release(&want);
	strbuf_release(&db);
	strbuf_release(&in);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

/* A CycloneDX device with nothing in it (no name, maker, part number or
 * property) was a part of nobody, REVIEW under every rule; a BOM of only
 * such devices was a machine with hardware in it. */
static void test_empty_devices(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf in = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&in, "%s/bom.json", dir);
	test_write_str(dir, "bom.json",
		       "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
		       "\"components\":[{\"type\":\"device\"},{\"type\":\"device\","
		       "\"name\":\"\"}]}\n");
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", in.buf, NULL), 2);
	assert_non_null(strstr(e.buf, "nothing recognised: no component could be read from it as "
				      "cyclonedx (components[0]: a device with no name, maker, "
				      "part number or property: skipped; ...)"));
	/* beside a real one: skipped with the warning, the real one judged */
	test_write_str(dir, "bom.json",
		       "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
		       "\"components\":[{\"type\":\"device\"},{\"type\":\"device\","
		       "\"name\":\"KSM32RD8/16HDR\",\"manufacturer\":{\"name\":\"Kingston\"}}]}"
		       "\n");
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
				 "--format", "json", in.buf, NULL),
			 1);
	assert_non_null(strstr(o.buf, "\"components\":\t1,"));
	strbuf_release(&in);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_empty_directory),
					   cmocka_unit_test(test_empty_inventory),
					   cmocka_unit_test(test_empty_devices)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
