/*
 * test_import_frame.c — what every format shares: detection over every
 * real sample, format names, file errors, forced wrong formats, several
 * files into one inventory, chipscreen's own JSON, and mutated inputs that
 * must give an import or a message, never a crash (run under ASan too).
 */
#include "import-test.h"

#include "inventory-json.h"
#include "util/fileio.h"

#include <stdint.h>
#include <stdlib.h>

static const struct {
	const char *rel;
	enum import_format f;
} samples[] = {
	{"hw/dmidecode/glpi_S3000AHLX.txt", IMPORT_DMIDECODE},
	{"hw/dmidecode/glpi_dell-r620.txt", IMPORT_DMIDECODE},
	{"hw/dmidecode/glpi_dell-r720.txt", IMPORT_DMIDECODE},
	{"hw/dmidecode/glpi_hp-dl360-gen8.txt", IMPORT_DMIDECODE},
	{"hw/dmidecode/glpi_lenovo-thinkpad.txt", IMPORT_DMIDECODE},
	{"hw/smartctl/Crucial_CT1000P1SSD8_02A1B045C660.txt", IMPORT_SMARTCTL_TEXT},
	{"hw/smartctl/Lexar_SSD_NM610_PRO_1TB_5BE535A9BEBA.txt", IMPORT_SMARTCTL_TEXT},
	{"hw/smartctl/Lexar_SSD_NM6A1_512GB_70A80069D5B6.txt", IMPORT_SMARTCTL_TEXT},
	{"hw/lspci/glpi_linux-imac.txt", IMPORT_LSPCI},
	{"hw/lspci/glpi_linux-xps.txt", IMPORT_LSPCI},
	{"hw/hwdata_lspci-dump.txt", IMPORT_LSPCI},
	{"hw/lsusb/glpi_dell-xt2.txt", IMPORT_LSUSB},
	/* what is not an inventory source is recognised as nothing */
	{"hw/nvme-cli_tree-pcie.out", IMPORT_AUTO},
	{"hw/nvme-cli_tree-pcie.tar.xz", IMPORT_AUTO},
	{"hw/README.md", IMPORT_AUTO},
	{"hw/storages/glpi_f31-nanobox.dump", IMPORT_AUTO},
	{"hw/storages/glpi_f33-imac.dump", IMPORT_AUTO},
	{"hw/storages/glpi_sles-multipath-sas.dump", IMPORT_AUTO},
	{"hw/storages/glpi_ubuntu-18.04.5-xps.dump", IMPORT_AUTO},
	/* SPD hex text is read since issue 11 */
	{"hw/spd-hex/ddr4_AQD-D4U32N32-SBW.spd", IMPORT_SPD},
	{"hw/spd-hex/lpddr5_SOCAMM2.spd", IMPORT_SPD},
};

static void read_sample(const char *rel, struct strbuf *out)
{
	struct strbuf err = STRBUF_INIT;
	const char *p = shared_data(rel);
	assert_non_null(p);
	if (read_file(p, 1 << 24, out, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
}

static void test_detect_samples(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(dir, "hw");
	(void)dir;
	struct strbuf data = STRBUF_INIT;
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		read_sample(samples[i].rel, &data);
		enum import_format got = import_detect(data.buf, data.len, NULL);
		if (got != samples[i].f)
			fail_msg("%s: detected %s, expected %s", samples[i].rel,
				 import_format_name(got), import_format_name(samples[i].f));
		/* the first KiB is enough */
		size_t kib = data.len < 1024 ? data.len : 1024;
		assert_int_equal(import_detect(data.buf, kib, NULL), samples[i].f);
		/* content wins over a misleading name */
		if (samples[i].f != IMPORT_AUTO)
			assert_int_equal(import_detect(data.buf, data.len, "x-lsusb-dmidecode.csv"),
					 samples[i].f);
	}
	strbuf_release(&data);
}

static void test_detect_fixtures(void **state)
{
	(void)state;
	static const struct {
		const char *text, *name;
		enum import_format f;
	} cases[] = {
		{"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\"}", NULL,
		 IMPORT_CYCLONEDX},
		{"{\n\t\"schema\":\t\"chipscreen-inventory/1\",\n\t\"host\": {}}", NULL,
		 IMPORT_INVENTORY_JSON},
		{"{\"json_format_version\":[1,0],\"smartctl\":{}}", NULL, IMPORT_SMARTCTL_JSON},
		{"[{\"smartctl\":{\"version\":[7,2]}}]", NULL, IMPORT_SMARTCTL_JSON},
		{"{\"other\": 1}", "x.json", IMPORT_AUTO},
		{"{\"other\": 1}", "rack.cdx.json", IMPORT_CYCLONEDX},
		{"{\"other\": 1}", "/logs/smartctl-sda.json", IMPORT_SMARTCTL_JSON},
		{"\xEF\xBB\xBFSupplier;Manufacturer;MPN;Qty\n", NULL, IMPORT_CSV},
		{"\"Part Number\",\"Brand\"\r\n", NULL, IMPORT_CSV},
		{"a,b\n1,2\n", "orders.CSV", IMPORT_CSV},
		{"a,b\n1,2\n", NULL, IMPORT_AUTO},
		{"Item,MPN\n", NULL, IMPORT_AUTO}, /* one known name is not enough to say CSV */
		{"Slot:\t00:02.0\nClass:\tVGA compatible controller [0300]\n", NULL, IMPORT_LSPCI},
		{"00:1f.3 \"Audio device [0403]\" \"Intel Corporation [8086]\" \"X [9d70]\"\n",
		 NULL, IMPORT_LSPCI},
		{"0000:3c:00.0 Non-Volatile memory controller [0108]: Samsung [144d:a802]\n", NULL,
		 IMPORT_LSPCI},
		{"Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n", NULL,
		 IMPORT_LSUSB},
		{"smartctl 6.6 2017-11-05 r4594 [x86_64-linux] (local build)\n", NULL,
		 IMPORT_SMARTCTL_TEXT},
		{"\nHandle 0x0000, DMI type 0, 24 bytes\nBIOS Information\n", NULL,
		 IMPORT_DMIDECODE},
		{"hello world\n", "notes.txt", IMPORT_AUTO},
		{"anything", "dmidecode-host7.txt", IMPORT_DMIDECODE},
		{"anything", "host7.lspci", IMPORT_LSPCI},
		{"", NULL, IMPORT_AUTO},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum import_format got =
			import_detect(cases[i].text, strlen(cases[i].text), cases[i].name);
		if (got != cases[i].f)
			fail_msg("case %zu: detected %s, expected %s", i, import_format_name(got),
				 import_format_name(cases[i].f));
	}
	assert_int_equal(import_detect("Bus\0 001", 8, "x.csv"), IMPORT_AUTO); /* binary */

	for (int f = 0; f < IMPORT__COUNT; f++)
		assert_int_equal(import_format_from_name(import_format_name(f)), f);
	assert_int_equal(import_format_from_name("DMIDECODE"), IMPORT_DMIDECODE);
	assert_int_equal(import_format_from_name("inventory"), IMPORT_INVENTORY_JSON);
	assert_int_equal(import_format_from_name("cdx"), IMPORT_CYCLONEDX);
	assert_int_equal(import_format_from_name("smartctl-text"), IMPORT_SMARTCTL_TEXT);
	assert_int_equal(import_format_from_name("xml"), -1);
	assert_int_equal(import_format_from_name(NULL), -1);
	assert_str(import_format_name(IMPORT_SMARTCTL_JSON), "smartctl-json");
	assert_non_null(strstr(import_format_list(), "cyclonedx"));
	assert_str(import_column_name(ICOL_PART_NUMBER), "part_number");
}

static void test_file_errors(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	struct inventory *inv = inventory_new();

	strbuf_addf(&p, "%s/missing.txt", dir);
	assert_int_equal(import_file(p.buf, IMPORT_AUTO, NULL, inv, &err), -1);
	assert_non_null(strstr(err.buf, "missing.txt: no such file"));
	assert_int_equal(import_file(dir, IMPORT_AUTO, NULL, inv, &err), -1);
	assert_non_null(strstr(err.buf, ": is a directory, not a file"));

	test_write_str(dir, "notes.txt", "hello\nworld\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/notes.txt", dir);
	assert_int_equal(import_file(p.buf, IMPORT_AUTO, NULL, inv, &err), -1);
	assert_non_null(strstr(err.buf,
			       "notes.txt: not a format chipscreen recognises (it reads "
			       "inventory-json, dmidecode, smartctl, smartctl-json, lspci, "
			       "lsusb, cyclonedx, csv, spd, decode-dimms, lshw, lshw-xml, glpi); "
			       "if it is one of them, name it with "
			       "chipscreen import --format FORMAT"));

	static const unsigned char garbage[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0x3e};
	test_write(dir, "a.out", garbage, sizeof garbage);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/a.out", dir);
	assert_int_equal(import_file(p.buf, IMPORT_AUTO, NULL, inv, &err), -1);
	assert_non_null(strstr(err.buf, "a.out: binary data (NUL byte at offset 7), not text"));
	assert_int_equal(import_file(p.buf, IMPORT_DMIDECODE, NULL, inv, &err), -1);
	assert_non_null(strstr(err.buf, "a.out: binary data (NUL byte at offset 7), not text; it "
					"is not dmidecode"));
	assert_int_equal(inv->ncomps, 0);
	assert_int_equal(inv->nwarnings, 0);
	assert_null(inv->host.collector);

	/* a bad inventory document names the JSON path */
	test_write_str(dir, "inv.json",
		       "{\"schema\":\"chipscreen-inventory/1\",\"components\":"
		       "[{\"kind\":\"toaster\"}]}");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/inv.json", dir);
	assert_int_equal(import_file(p.buf, IMPORT_AUTO, NULL, inv, &err), -1);
	assert_non_null(strstr(err.buf, "inv.json: components[0].kind: unknown kind \"toaster\""));

	inventory_free(inv);
	strbuf_release(&p);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

/* Every sample forced through every other importer: an import or a message. */
static void test_forced_formats(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(dir, "hw");
	(void)dir;
	struct strbuf data = STRBUF_INIT, err = STRBUF_INIT;
	for (size_t i = 0; i < 12; i++) {
		read_sample(samples[i].rel, &data);
		for (int f = 1; f < IMPORT__COUNT; f++) {
			struct inventory *inv = inventory_new();
			int rc = import_buffer(data.buf, data.len, "forced", (enum import_format)f,
					       NULL, inv, &err);
			if (f == (int)samples[i].f)
				assert_int_equal(rc, 0);
			else if (rc != 0 && strncmp(err.buf, "forced: ", 8) != 0)
				fail_msg("%s as %s: %s", samples[i].rel, import_format_name(f),
					 err.buf);
			inventory_free(inv);
		}
	}
	/* and the plain refusals, word for word */
	static const struct {
		size_t sample;
		enum import_format as;
		const char *msg;
	} no[] = {
		{9, IMPORT_DMIDECODE, "forced: no DMI structures"},
		{1, IMPORT_LSUSB, "forced: no \"Bus NNN Device NNN: ID vvvv:pppp\" line"},
		{11, IMPORT_SMARTCTL_TEXT, "forced: no smartctl banner"},
		{5, IMPORT_CYCLONEDX, "forced: not valid JSON (near line 1, byte 0)"},
		{1, IMPORT_INVENTORY_JSON, "forced: not valid JSON (near line 1, byte 0)"},
		{1, IMPORT_CSV, "forced: no header row in the first 10 records"},
		{11, IMPORT_LSPCI, "forced: no lspci device line"},
	};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		read_sample(samples[no[i].sample].rel, &data);
		char *m = must_reject(data.buf, data.len, "forced", no[i].as, NULL);
		if (!str_prefix_ok(m, no[i].msg))
			fail_msg("%s as %s: \"%s\"", samples[no[i].sample].rel,
				 import_format_name(no[i].as), m);
		free(m);
	}
	strbuf_release(&data);
	strbuf_release(&err);
}

static void test_one_host_many_files(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(dir, "hw");
	(void)dir;
	const char *files[] = {"hw/dmidecode/glpi_dell-r620.txt", "hw/lspci/glpi_linux-xps.txt",
			       "hw/smartctl/Crucial_CT1000P1SSD8_02A1B045C660.txt",
			       "hw/lsusb/glpi_dell-xt2.txt"};
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT, data = STRBUF_INIT;
	inv->host.hostname = "db1"; /* set by the caller: kept */
	for (size_t i = 0; i < 4; i++) {
		char *p = strdup(shared_data(files[i]));
		assert_int_equal(import_file(p, IMPORT_AUTO, NULL, inv, &err), 0);
		free(p);
	}
	assert_int_equal(inv->ncomps, 22 + 20 + 1 + 15);
	assert_str(inv->host.hostname, "db1");
	assert_str(inv->host.vendor, "Dell Inc.");
	assert_str(inv->host.collector, "import dmidecode+lspci+smartctl+lsusb");

	/* a failed file leaves the inventory as it was */
	size_t n = inv->ncomps, w = inv->nwarnings;
	read_sample(files[1], &data);
	assert_int_equal(
		import_buffer(data.buf, data.len, "xps-as-dmi", IMPORT_DMIDECODE, NULL, inv, &err),
		-1);
	assert_int_equal(inv->ncomps, n);
	assert_int_equal(inv->nwarnings, w);
	assert_str(inv->host.collector, "import dmidecode+lspci+smartctl+lsusb");

	/* the same file twice: ids stay unique */
	read_sample(files[0], &data);
	assert_int_equal(
		import_buffer(data.buf, data.len, "again.txt", IMPORT_AUTO, NULL, inv, &err), 0);
	assert_str(find(inv, "dimm/DIMM_A1#2")->source, "again.txt");
	assert_str(find(inv, "system#2")->id, "system#2");
	assert_str(find(inv, "dimm/DIMM_A1")->id, "dimm/DIMM_A1");
	strbuf_release(&err);
	strbuf_release(&data);
	inv->host.hostname = NULL;
	inventory_free(inv);
}

static void test_inventory_json(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/dmidecode/glpi_S3000AHLX.txt");
	struct inventory *inv = must_import(path, IMPORT_AUTO, NULL);
	inv->host.hostname = "web7";
	inventory_warn(inv, "/x", "test", "a warning to carry");
	char *dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/web7.json", dir);
	FILE *f = fopen(p.buf, "w");
	assert_non_null(f);
	assert_int_equal(inventory_write(inv, f), 0);
	fclose(f);

	struct inventory *back = must_import(p.buf, IMPORT_AUTO, NULL);
	assert_int_equal(back->ncomps, inv->ncomps);
	assert_str(back->host.hostname, "web7");
	assert_str(back->host.collector, "import dmidecode"); /* as the document says */
	assert_warning(back, "a warning to carry");
	for (size_t i = 0; i < inv->ncomps; i++) {
		assert_str(back->comps[i].id, inv->comps[i].id);
		assert_int_equal(back->comps[i].nfields, inv->comps[i].nfields);
		for (size_t j = 0; j < inv->comps[i].nfields; j++) {
			/* the JSON groups raw and decoded fields: look each one up */
			const struct field *a = &inv->comps[i].fields[j], *b = NULL;
			for (size_t k = 0; k < back->comps[i].nfields && !b; k++) {
				const struct field *g = &back->comps[i].fields[k];
				if (g->key == a->key && g->flags == a->flags &&
				    (a->key != FK_EXTRA || !strcmp(g->name, a->name)))
					b = g;
			}
			assert_non_null(b);
			assert_str(b->value, a->value);
			assert_str(b->source, a->source);
		}
	}
	inventory_free(back);

	/* into an inventory that knows its host already: its facts are kept */
	back = inventory_new();
	back->host.hostname = "db1";
	assert_int_equal(import_file(p.buf, IMPORT_INVENTORY_JSON, NULL, back, &err), 0);
	assert_str(back->host.hostname, "db1");
	assert_str(back->host.uuid, "D7AFF990-4871-11DB-A6C6-0007E994F7C3");
	back->host.hostname = NULL;
	inventory_free(back);

	inv->host.hostname = NULL;
	inventory_free(inv);
	strbuf_release(&p);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

/* xorshift: the same "random" inputs on every run */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_mutations(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(dir, "hw");
	(void)dir;
	static const char specials[] = "\n\t \":,[]{}()#0x\\\xff\xc3";
	struct strbuf data = STRBUF_INIT, err = STRBUF_INIT;
	uint32_t seed = 2463534242u;
	const size_t nsrc = 12;
	for (int round = 0; round < 240; round++) {
		read_sample(samples[(size_t)round % nsrc].rel, &data);
		/* cut somewhere, then flip some bytes to structure characters */
		size_t len = data.len ? rnd(&seed) % data.len + 1 : 0;
		for (int k = 0; k < 24 && len; k++)
			data.buf[rnd(&seed) % len] = specials[rnd(&seed) % (sizeof specials - 1)];
		for (int f = 0; f < IMPORT__COUNT; f++) {
			struct inventory *inv = inventory_new();
			int rc = import_buffer(data.buf, len, "m", (enum import_format)f, NULL, inv,
					       &err);
			assert_true(rc == 0 || (rc == -1 && !strncmp(err.buf, "m: ", 3)));
			inventory_free(inv);
		}
	}
	strbuf_release(&data);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_samples),      cmocka_unit_test(test_detect_fixtures),
		cmocka_unit_test(test_file_errors),         cmocka_unit_test(test_forced_formats),
		cmocka_unit_test(test_one_host_many_files), cmocka_unit_test(test_inventory_json),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
