/*
 * test_import_spd_order.c — an SPD dump and its machine's dmidecode give
 * one module, whatever their order.
 *
 * import.c documents that an SPD dump "fed with that machine's dmidecode"
 * goes onto the module sharing its serial or part number.  Three things
 * broke it: `scan dmi.txt dimm.spd` judged the dump as a machine of its own
 * (SPD was not among the formats scan reads together); with the dump first,
 * its module stayed apart from the dmidecode one (two modules: the DRAM
 * maker on the dump's, none on the listed one); and a dump whose fields all went
 * onto an existing module was refused as "nothing recognised".
 *
 * The SPD file is the real illumos DDR4 LRDIMM dump in tests/fixtures/hw/
 * spd-hex (serial BAADCAFE); the dmidecode record is written in dmidecode
 * 3.x's format with that serial and part number.
 */
#include "testutil.h"
#include "import-test.h"

#include "chipscreen.h"
#include "import/import.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char dmi[] = "# dmidecode 3.3\n"
			  "Getting SMBIOS data from sysfs.\n"
			  "SMBIOS 3.2.0 present.\n\n"
			  "Handle 0x0001, DMI type 1, 27 bytes\n"
			  "System Information\n"
			  "\tManufacturer: Supermicro\n"
			  "\tProduct Name: SYS-1029P-WTR\n\n"
			  "Handle 0x1100, DMI type 17, 84 bytes\n"
			  "Memory Device\n"
			  "\tSize: 128 GB\n"
			  "\tForm Factor: DIMM\n"
			  "\tLocator: P1-DIMMA1\n"
			  "\tType: DDR4\n"
			  "\tManufacturer: Samsung\n"
			  "\tSerial Number: BAADCAFE\n"
			  "\tPart Number: M386AAK40B40-CWD    \n\n";

/* The DIMMs: id, then each field key=value, sorted, one line each. */
static void dimms(const struct inventory *inv, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		if (c->kind != KIND_DIMM)
			continue;
		strbuf_addf(out, "%s:", c->id);
		for (enum fkey k = 0; k < FK_EXTRA; k++) {
			const char *v = component_get(c, k);
			if (v)
				strbuf_addf(out, " %s=%s", field_key_name(k), v);
		}
		strbuf_addch(out, '\n');
	}
}

static void test_order(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(spd, "hw/spd-hex/ddr4_M386AAK40B40-CWD70.spd");
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, err = STRBUF_INIT;
	/* dmidecode, then the dump */
	struct inventory *inv = must_import_text(dmi, "dmi.txt", IMPORT_AUTO, NULL);
	assert_int_equal(import_file(spd, IMPORT_AUTO, NULL, inv, &err), 0);
	dimms(inv, &a);
	inventory_free(inv);
	/* the dump, then dmidecode */
	inv = must_import(spd, IMPORT_AUTO, NULL);
	assert_int_equal(import_buffer(dmi, sizeof dmi - 1, "dmi.txt", IMPORT_AUTO, NULL, inv, &err),
			 0);
	dimms(inv, &b);
	inventory_free(inv);
	assert_string_equal(a.buf, b.buf);
	/* one module, with the SPD's DRAM maker and the SMBIOS locator */
	assert_non_null(strstr(a.buf, "dimm/P1-DIMMA1:"));
	assert_non_null(strstr(a.buf, " jedec_dram=80CE"));
	assert_null(strchr(strchr(a.buf, '\n') + 1, '\n'));
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&err);
}

/* scan reads the two as one machine, in either order, when the user says
 * they are one (--host; import/group.h: a drive's or a module's dump named
 * beside a machine's is not assumed to be of that machine). */
static void test_scan(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(spd, "hw/spd-hex/ddr4_M386AAK40B40-CWD70.spd");
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	test_write(dir, "dmi.txt", dmi, sizeof dmi - 1);
	char path[1024];
	snprintf(path, sizeof path, "%s/dmi.txt", dir);
	const char *orders[2][2] = {{path, spd}, {spd, path}};
	for (int o = 0; o < 2; o++) {
		struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
		assert_int_equal(run_cmd(&out, &err, "scan", "--host", "db01", "--format", "json",
					 orders[o][0], orders[o][1], NULL),
				 0);
		cJSON *d = cJSON_Parse(out.buf);
		if (!d)
			fail_msg("order %d: one JSON document expected: %.200s", o, out.buf);
		int n = 0;
		const cJSON *c;
		cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "components"))
		{
			if (strcmp(cJSON_GetObjectItem(c, "kind")->valuestring, "dimm"))
				continue;
			n++;
			assert_string_equal(cJSON_GetObjectItem(c, "id")->valuestring,
					    "dimm/P1-DIMMA1");
		}
		assert_int_equal(n, 1);
		cJSON_Delete(d);
		strbuf_release(&out);
		strbuf_release(&err);
	}
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
