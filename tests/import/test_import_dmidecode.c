/*
 * test_import_dmidecode.c — dmidecode text on the real glpi-agent samples,
 * expectations read off the files, and on fixtures written in dmidecode
 * 3.x's format for what the samples lack (Module Manufacturer ID, sizes in
 * GB, speeds in MT/s).
 */
#include "import-test.h"

#include "import/import-int.h"
#include "util/fileio.h"

#include <stdlib.h>

static void test_dell_r620(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/dmidecode/glpi_dell-r620.txt");
	struct inventory *inv = must_import(path, IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 22);
	assert_int_equal(count_kind(inv, KIND_DIMM), 16);
	assert_int_equal(count_kind(inv, KIND_CPU), 2);
	assert_int_equal(inv->nwarnings, 0);
	assert_str(inv->host.vendor, "Dell Inc.");
	assert_str(inv->host.product, "PowerEdge R620");
	assert_str(inv->host.serial, "3FHW8Z1");
	assert_str(inv->host.uuid, "4C4C4544-0046-4810-8057-B3C04F385A31");
	assert_str(inv->host.smbios_version, "2.7");
	assert_str(inv->host.collector, "import dmidecode");

	/* serials in file order, as dmidecode printed them (some space-padded) */
	static const char *const serials[16] = {"1E60FA92", "1E50FA98", "1E10FA91", "1E20FA5F",
						"0D7A9A0A", "1E30FA5D", "3561867A", "1E30FA7F",
						"0B2B0D87", "1660EDAB", "0D6A9A06", "1E40FA91",
						"0B3B100A", "0B6B0D9E", "1E70FA94", "1680EDBD"};
	size_t k = 0;
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		if (c->kind != KIND_DIMM)
			continue;
		assert_str(raw(c, FK_MANUFACTURER), "00AD00B300AD");
		assert_str(raw(c, FK_PART_NUMBER), "HMT42GR7AFR4A-PB  ");
		assert_str(dec(c, FK_PART_NUMBER), "HMT42GR7AFR4A-PB");
		assert_str(raw(c, FK_SIZE_BYTES), "16384 MB");
		assert_str(dec(c, FK_SIZE_BYTES), "17179869184");
		assert_str(raw(c, FK_MEMORY_TYPE), "DDR3");
		assert_str(dec(c, FK_SPEED_MTS), "1600");
		assert_str(dec(c, FK_RANKS), "2");
		assert_str(raw(c, FK_FORM_FACTOR), "DIMM");
		assert_null(component_field(c, FK_BANK_LOCATOR, true)); /* "Not Specified" */
		assert_str(component_get(c, FK_SERIAL), serials[k++]);
	}
	assert_int_equal(k, 16);
	const struct component *a1 = find(inv, "dimm/DIMM_A1");
	assert_str(raw(a1, FK_LOCATOR), "DIMM_A1 ");
	assert_str(dec(a1, FK_LOCATOR), "DIMM_A1");
	assert_str(raw(a1, FK_SERIAL), "1E60FA92");
	assert_str(raw(a1, FK_ASSET_TAG), "01133763");
	assert_str(extra(a1, "type_detail", true), "Synchronous Registered (Buffered)");
	assert_str(base_of(src_of(a1, FK_MANUFACTURER)), "glpi_dell-r620.txt:498");
	assert_str(base_of(src_of(a1, FK_PART_NUMBER)), "glpi_dell-r620.txt:501");
	assert_str(base_of(a1->source), "glpi_dell-r620.txt");
	const struct component *b8 = find(inv, "dimm/DIMM_B8");
	assert_int_equal(b8->kind, KIND_DIMM);

	const struct component *sys = find(inv, "system");
	assert_int_equal(sys->kind, KIND_SYSTEM);
	assert_str(raw(sys, FK_PRODUCT), "PowerEdge R620");
	assert_null(raw(sys, FK_VERSION)); /* Not Specified */
	assert_str(extra(sys, "sku_number", true), "SKU=NotProvided;ModelName=PowerEdge R620");
	const struct component *bios = find(inv, "bios");
	assert_str(raw(bios, FK_MANUFACTURER), "Dell Inc.");
	assert_str(raw(bios, FK_VERSION), "2.9.0");
	assert_str(extra(bios, "release_date", true), "12/06/2019");
	assert_str(extra(bios, "release_date", false), "2019-12-06");
	const struct component *bb = find(inv, "baseboard");
	assert_str(raw(bb, FK_PRODUCT), "0PXXHP");
	assert_str(raw(bb, FK_SERIAL), "..CN7475144H0028.");
	const struct component *ch = find(inv, "chassis");
	assert_str(raw(ch, FK_ASSET_TAG), "FHW8Z1                        ");
	assert_str(dec(ch, FK_ASSET_TAG), "FHW8Z1");
	const struct component *cpu = find(inv, "cpu/CPU1");
	assert_str(raw(cpu, FK_SOCKET), "CPU1");
	assert_str(raw(cpu, FK_MANUFACTURER), "Intel");
	assert_str(dec(cpu, FK_MODEL), "Intel(R) Xeon(R) CPU E5-2650 0 @ 2.00GHz");
	assert_str(extra(cpu, "cpu_id", true), "D7 06 02 00 FF FB EB BF");
	inventory_free(inv);
}

static void test_s3000_hex_part_numbers(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/dmidecode/glpi_S3000AHLX.txt");
	struct inventory *inv = must_import(path, IMPORT_DMIDECODE, NULL);
	assert_int_equal(inv->ncomps, 8);
	assert_int_equal(count_kind(inv, KIND_DIMM), 3); /* J9J2: No Module Installed */
	assert_null(inv->host.vendor);                   /* System Manufacturer: Not Specified */
	assert_str(inv->host.uuid, "D7AFF990-4871-11DB-A6C6-0007E994F7C3");
	assert_str(inv->host.smbios_version, "2.4");

	const struct component *j8j1 = find(inv, "dimm/J8J1");
	assert_str(raw(j8j1, FK_MANUFACTURER), "0xCE00000000000000");
	assert_str(raw(j8j1, FK_PART_NUMBER), "0x4D332037385432393533455A332D43453620");
	assert_str(dec(j8j1, FK_PART_NUMBER), "M3 78T2953EZ3-CE6");
	assert_str(dec(j8j1, FK_SIZE_BYTES), "1073741824");
	assert_str(raw(j8j1, FK_BANK_LOCATOR), "CHAN A DIMM 1");
	assert_str(raw(j8j1, FK_SERIAL), "0x750174F7"); /* a number, not hex text */
	assert_null(dec(j8j1, FK_SERIAL));
	assert_str(raw(j8j1, FK_SPEED_MTS), "533 MHz (1.9 ns)");
	assert_str(dec(j8j1, FK_SPEED_MTS), "533");
	assert_str(raw(j8j1, FK_MEMORY_TYPE), "DDR2");

	const struct component *j8j2 = find(inv, "dimm/J8J2");
	assert_str(raw(j8j2, FK_MANUFACTURER), "0x7F98000000000000");
	assert_str(dec(j8j2, FK_PART_NUMBER), "K"); /* 0x4B then NUL padding */
	assert_str(dec(j8j2, FK_SIZE_BYTES), "2147483648");
	assert_str(find(inv, "dimm/J9J1")->id, "dimm/J9J1");

	const struct component *cpu = find(inv, "cpu/Intel(R) Genuine processor");
	assert_str(raw(cpu, FK_MANUFACTURER), "Intel(R) Corporation");
	assert_str(raw(find(inv, "baseboard"), FK_PRODUCT), "S3000AHLX");
	assert_str(extra(find(inv, "bios"), "release_date", false), "2006-09-01");
	inventory_free(inv);
}

static void test_hp_lenovo_r720(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(hp, "hw/dmidecode/glpi_hp-dl360-gen8.txt");
	struct inventory *inv = must_import(hp, IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 13);               /* no type 2 in this table */
	assert_int_equal(count_kind(inv, KIND_DIMM), 8); /* 24 slots, 16 empty */
	assert_int_equal(count_kind(inv, KIND_BASEBOARD), 0);
	const struct component *d = find(inv, "dimm/PROC  2 DIMM 12");
	assert_str(raw(d, FK_MANUFACTURER), "HP     ");
	assert_str(dec(d, FK_MANUFACTURER), "HP");
	assert_str(dec(d, FK_PART_NUMBER), "647650-071");
	assert_null(raw(d, FK_SERIAL));
	assert_str(raw(find(inv, "cpu/Proc 2"), FK_SOCKET), "Proc 2");
	assert_str(inv->host.product, "ProLiant DL360p Gen8");
	inventory_free(inv);

	SKIP_WITHOUT_SHARED(lenovo, "hw/dmidecode/glpi_lenovo-thinkpad.txt");
	inv = must_import(lenovo, IMPORT_AUTO, NULL);
	assert_int_equal(count_kind(inv, KIND_DIMM), 2);
	assert_str(raw(find(inv, "dimm/ChannelA-DIMM0"), FK_MANUFACTURER), "Samsung");
	assert_str(dec(find(inv, "dimm/ChannelA-DIMM0"), FK_PART_NUMBER), "M471B5273CH0-CH9");
	assert_str(dec(find(inv, "dimm/ChannelB-DIMM0"), FK_PART_NUMBER), "M471B5273DH0-CH9");
	assert_str(dec(find(inv, "dimm/ChannelB-DIMM0"), FK_SIZE_BYTES), "4294967296");
	assert_str(inv->host.vendor, "LENOVO");
	inventory_free(inv);

	SKIP_WITHOUT_SHARED(r720, "hw/dmidecode/glpi_dell-r720.txt");
	inv = must_import(r720, IMPORT_AUTO, NULL);
	assert_int_equal(count_kind(inv, KIND_DIMM), 8);
	for (size_t i = 0; i < inv->ncomps; i++) {
		if (inv->comps[i].kind != KIND_DIMM)
			continue;
		assert_str(raw(&inv->comps[i], FK_MANUFACTURER), "00CE00B300CE");
		assert_str(dec(&inv->comps[i], FK_PART_NUMBER), "M393B1G73QH0-CMA");
		assert_str(dec(&inv->comps[i], FK_SIZE_BYTES), "8589934592");
	}
	assert_str(inv->host.product, "PowerEdge R720xd");
	inventory_free(inv);
}

static void test_jep106_from_bank(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} ok[] = {
		{"Bank 1, Hex 0x2C", "802C"},  {"Bank 1, Hex 0xCE", "80CE"},
		{"Bank 2, Hex 0x98", "0198"},  {"Bank 4, Hex 0x0B", "830B"},
		{"Bank 5, Hex 0xCB", "04CB"},  {"Bank 6, Hex 0x9B", "859B"},
		{"Bank 7, Hex 0x32", "8632"},  {"Bank 10, Hex 0x9B", "899B"},
		{"Bank 11, Hex 0x91", "8A91"}, {"Bank 12, Hex 0x2C", "0B2C"},
	};
	char out[5];
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_true(jep106_from_bank(ok[i].in, out));
		assert_str(out, ok[i].out);
	}
	assert_false(jep106_from_bank("Unknown", out));
	assert_false(jep106_from_bank("Bank 0, Hex 0x2C", out));
	assert_false(jep106_from_bank("Bank 1, Hex 0x2C trailing", out));
	assert_false(jep106_from_bank("0x802C", out));
}

/* dmidecode 3.3+ output for an SMBIOS 3.2 type 17 (fields up to 0x34). */
static const char dmi33[] = "# dmidecode 3.3\n"
			    "Getting SMBIOS data from sysfs.\n"
			    "SMBIOS 3.2.0 present.\n"
			    "Table at 0x6F0E8000.\n"
			    "\n"
			    "Handle 0x0040, DMI type 4, 48 bytes\n"
			    "Processor Information\n"
			    "\tSocket Designation: CPU2\n"
			    "\tType: Central Processor\n"
			    "\tStatus: Unpopulated\n"
			    "\n"
			    "Handle 0x1100, DMI type 17, 84 bytes\n"
			    "Memory Device\n"
			    "\tSize: 32 GB\n"
			    "\tForm Factor: DIMM\n"
			    "\tLocator: P1-DIMMA1\n"
			    "\tBank Locator: P0_Node0_Channel0_Dimm0\n"
			    "\tType: DDR4\n"
			    "\tSpeed: 3200 MT/s\n"
			    "\tManufacturer: Micron Technology\n"
			    "\tSerial Number: 2A1B3C4D\n"
			    "\tPart Number: 36ASF4G72PZ-3G2E1   \n"
			    "\tRank: 2\n"
			    "\tConfigured Memory Speed: 2933 MT/s\n"
			    "\tMemory Technology: DRAM\n"
			    "\tFirmware Version: Not Specified\n"
			    "\tModule Manufacturer ID: Bank 1, Hex 0x2C\n"
			    "\tModule Product ID: Unknown\n"
			    "\tMemory Subsystem Controller Manufacturer ID: Bank 1, Hex 0x89\n"
			    "\tMemory Subsystem Controller Product ID: Unknown\n"
			    "\n"
			    "Handle 0x1101, DMI type 17, 84 bytes\n"
			    "Memory Device\n"
			    "\tSize: 16 GB\n"
			    "\tLocator: P1-DIMMB1\n"
			    "\tType: DDR4\n"
			    "\tSpeed: Unknown\n"
			    "\tManufacturer: Kingston\n"
			    "\tModule Manufacturer ID: Bank 2, Hex 0x98\n"
			    "\tMemory Subsystem Controller Manufacturer ID: Unknown\n"
			    "\n"
			    "Handle 0x1102, DMI type 17, 84 bytes\n"
			    "Memory Device\n"
			    "\tSize: 8192 MB\n"
			    "\tLocator: P1-DIMMB1\n"
			    "\tModule Manufacturer ID: Bank 6, Hex 0x9B\n"
			    "\n"
			    "Handle 0x1103, DMI type 17, 84 bytes\n"
			    "Memory Device\n"
			    "\tSize: No Module Installed\n"
			    "\tLocator: P1-DIMMC1\n"
			    "\tModule Manufacturer ID: Unknown\n"
			    "\n"
			    "Handle 0x1104, DMI type 17, 84 bytes\n"
			    "Memory Device\n"
			    "\tSize: 4 GB\n"
			    "\tModule Manufacturer ID: Bank one, Hex 0x2C\n"
			    "\n";

static void test_dmidecode_33_fixture(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(dmi33, "dmi33.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 4); /* no CPU (unpopulated), no empty DIMM */
	assert_int_equal(count_kind(inv, KIND_CPU), 0);
	const struct component *a1 = find(inv, "dimm/P1-DIMMA1");
	assert_str(raw(a1, FK_JEDEC_MODULE), "802C");
	assert_str(raw(a1, FK_JEDEC_CONTROLLER), "8089");
	assert_str(src_of(a1, FK_JEDEC_MODULE), "dmi33.txt:27");
	assert_str(dec(a1, FK_SIZE_BYTES), "34359738368");
	assert_str(dec(a1, FK_SPEED_MTS), "3200");
	assert_str(dec(a1, FK_PART_NUMBER), "36ASF4G72PZ-3G2E1");
	assert_str(raw(a1, FK_MANUFACTURER), "Micron Technology");
	assert_null(raw(a1, FK_FIRMWARE));
	assert_str(extra(a1, "configured_memory_speed", true), "2933 MT/s");
	assert_str(extra(a1, "module_product_id", true), "Unknown");
	assert_str(inv->host.smbios_version, "3.2.0");

	const struct component *b1 = find(inv, "dimm/P1-DIMMB1");
	assert_str(raw(b1, FK_JEDEC_MODULE), "0198");
	assert_null(raw(b1, FK_JEDEC_CONTROLLER));
	assert_null(dec(b1, FK_SPEED_MTS)); /* Unknown */
	assert_null(raw(b1, FK_SPEED_MTS));
	assert_str(dec(b1, FK_SIZE_BYTES), "17179869184");
	/* the same locator twice: the second gets a suffix */
	const struct component *b1b = find(inv, "dimm/P1-DIMMB1#2");
	assert_str(raw(b1b, FK_JEDEC_MODULE), "859B");
	assert_str(dec(b1b, FK_SIZE_BYTES), "8589934592");
	/* no locator: the handle names it; a bad id is kept and reported */
	const struct component *h = find(inv, "dimm/handle-0x1104");
	assert_null(raw(h, FK_JEDEC_MODULE));
	assert_str(extra(h, "module_manufacturer_id", true), "Bank one, Hex 0x2C");
	assert_warning(inv, "line 57: Module Manufacturer ID \"Bank one, Hex 0x2C\" is not");
	inventory_free(inv);
}

static void test_truncated_and_wrong(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/dmidecode/glpi_dell-r620.txt");
	struct strbuf data = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(read_file(path, 1 << 20, &data, &err), 0);
	/* cut in the middle of DIMM_A3's record (line 540 "Manufacturer: 00AD...") */
	const char *cut = strstr(data.buf, "Manufacturer: 00AD00B300AD\n\tSerial Number: 1E10FA91");
	assert_non_null(cut);
	size_t n = (size_t)(cut - data.buf) + 20;
	struct inventory *inv = inventory_new();
	assert_int_equal(import_buffer(data.buf, n, "r620-cut.txt", IMPORT_AUTO, NULL, inv, &err),
			 0);
	/* the three read, and the memory after the cut (dimm/not-read:
	 * test_import_dmidecode_cut.c) */
	assert_int_equal(count_kind(inv, KIND_DIMM), 4);
	assert_str(raw(find(inv, "dimm/DIMM_A3"), FK_MANUFACTURER), "00AD00");
	assert_warning(inv, "line 540: the file ends in the middle of a line: it may be truncated");
	assert_warning(inv, "dmidecode announced 99 structures but the file holds 47");
	inventory_free(inv);

	/* every prefix length imports or is rejected with a message, never crashes */
	for (size_t len = 0; len < data.len; len += 331) {
		inv = inventory_new();
		int rc = import_buffer(data.buf, len, "r620-prefix.txt", IMPORT_DMIDECODE, NULL,
				       inv, &err);
		assert_true(rc == 0 || (rc == -1 && strstr(err.buf, "r620-prefix.txt: ")));
		inventory_free(inv);
	}

	/* not dmidecode: an lspci listing forced as dmidecode */
	const char *lspci = "00:00.0 Host bridge [0600]: Intel Corporation Device [8086:1904]\n";
	char *msg = must_reject(lspci, strlen(lspci), "lspci.txt", IMPORT_DMIDECODE, NULL);
	assert_str(msg, "lspci.txt: no DMI structures (\"Handle 0x..., DMI type N, ...\" lines): "
			"not dmidecode output");
	free(msg);
	strbuf_release(&data);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dell_r620),
		cmocka_unit_test(test_s3000_hex_part_numbers),
		cmocka_unit_test(test_hp_lenovo_r720),
		cmocka_unit_test(test_jep106_from_bank),
		cmocka_unit_test(test_dmidecode_33_fixture),
		cmocka_unit_test(test_truncated_and_wrong),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
