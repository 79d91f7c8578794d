/*
 * test_import_smartctl.c — smartctl text on the real linuxhw samples, and
 * text and JSON fixtures written from smartmontools' output formats (JSON
 * member names as smartctl 7.x documents and prints them).
 */
#include "import-test.h"

#include "util/fileio.h"

#include <stdlib.h>

static void test_crucial_p1(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(path, "hw/smartctl/Crucial_CT1000P1SSD8_02A1B045C660.txt");
	struct inventory *inv = must_import(path, IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 1);
	assert_int_equal(inv->nwarnings, 0);
	const struct component *c = find(inv, "nvme/CT1000P1SSD8"); /* serial masked "--" */
	assert_int_equal(c->kind, KIND_NVME);
	assert_str(raw(c, FK_MODEL), "CT1000P1SSD8");
	assert_str(raw(c, FK_SERIAL), "--");
	assert_str(raw(c, FK_FIRMWARE), "P3CR013");
	assert_str(raw(c, FK_PCI_VENDOR), "0xc0a9");
	assert_str(dec(c, FK_PCI_VENDOR), "c0a9");
	assert_str(dec(c, FK_PCI_SUBVENDOR), "c0a9");
	assert_str(raw(c, FK_IEEE_OUI), "0x00a075");
	assert_str(dec(c, FK_IEEE_OUI), "00a075");
	assert_str(raw(c, FK_SIZE_BYTES), "1,000,204,886,016 [1.00 TB]");
	assert_str(dec(c, FK_SIZE_BYTES), "1000204886016");
	assert_str(raw(c, FK_EUI64), "00a075 ..."); /* masked: no decoded EUI-64 */
	assert_null(dec(c, FK_EUI64));
	assert_str(dec(c, FK_TRANSPORT), "nvme");
	assert_str(base_of(src_of(c, FK_MODEL)), "Crucial_CT1000P1SSD8_02A1B045C660.txt:5");
	assert_str(base_of(src_of(c, FK_IEEE_OUI)), "Crucial_CT1000P1SSD8_02A1B045C660.txt:9");
	assert_str(inv->host.collector, "import smartctl");
	inventory_free(inv);
}

static void test_lexar_two_files_one_inventory(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(p1, "hw/smartctl/Lexar_SSD_NM610_PRO_1TB_5BE535A9BEBA.txt");
	char *a = strdup(p1);
	SKIP_WITHOUT_SHARED(p2, "hw/smartctl/Lexar_SSD_NM6A1_512GB_70A80069D5B6.txt");
	char *b = strdup(p2);
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(import_file(a, IMPORT_AUTO, NULL, inv, &err), 0);
	assert_int_equal(import_file(b, IMPORT_SMARTCTL_TEXT, NULL, inv, &err), 0);
	assert_int_equal(inv->ncomps, 2);
	const struct component *pro = find(inv, "nvme/Lexar SSD NM610 PRO 1TB");
	assert_str(dec(pro, FK_PCI_VENDOR), "1d97");
	assert_str(dec(pro, FK_IEEE_OUI), "caf25b");
	assert_str(raw(pro, FK_FIRMWARE), "26890");
	assert_str(extra(pro, "nvme_version", true), "1.4");
	assert_str(dec(pro, FK_SIZE_BYTES), "1000204886016"); /* Total NVM Capacity */
	const struct component *a1 = find(inv, "nvme/Lexar SSD NM6A1 512GB");
	assert_str(dec(a1, FK_SIZE_BYTES), "512110190592");
	assert_str(raw(a1, FK_FIRMWARE), "12544");
	strbuf_release(&err);
	inventory_free(inv);
	free(a);
	free(b);
}

static const char sata_text[] =
	"smartctl 7.2 2020-12-30 r5155 [x86_64-linux-5.10.0-8-amd64] (local build)\n"
	"Copyright (C) 2002-20, Bruce Allen, Christian Franke, www.smartmontools.org\n"
	"\n"
	"=== START OF INFORMATION SECTION ===\n"
	"Model Family:     Samsung based SSDs\n"
	"Device Model:     Samsung SSD 860 EVO 500GB\n"
	"Serial Number:    S3Z1NB0K123456A\n"
	"LU WWN Device Id: 5 002538 e40a0b5c8\n"
	"Firmware Version: RVT02B6Q\n"
	"User Capacity:    500,107,862,016 bytes [500 GB]\n"
	"Sector Size:      512 bytes logical/physical\n"
	"Rotation Rate:    Solid State Device\n"
	"Form Factor:      2.5 inches\n"
	"Device is:        In smartctl database [for details use: -P show]\n"
	"ATA Version is:   ACS-4 T13/BSR INCITS 529 revision 5\n"
	"SATA Version is:  SATA 3.2, 6.0 Gb/s (current: 6.0 Gb/s)\n"
	"Local Time is:    Mon Mar  1 10:00:00 2021 CET\n"
	"SMART support is: Available - device has SMART capability.\n"
	"SMART support is: Enabled\n"
	"\n";

static const char sas_text[] =
	"smartctl 7.3 2022-02-28 r5338 [x86_64-linux-5.15.0] (local build)\n"
	"Copyright (C) 2002-22, Bruce Allen, Christian Franke, www.smartmontools.org\n"
	"\n"
	"=== START OF INFORMATION SECTION ===\n"
	"Vendor:               SEAGATE\n"
	"Product:              ST4000NM0025\n"
	"Revision:             E002\n"
	"Compliance:           SPC-4\n"
	"User Capacity:        4,000,787,030,016 bytes [4.00 TB]\n"
	"Logical block size:   512 bytes\n"
	"Rotation Rate:        7200 rpm\n"
	"Form Factor:          3.5 inches\n"
	"Logical Unit id:      0x5000c500a1b2c3d4\n"
	"Serial number:        ZC1ABCDE\n"
	"Device type:          disk\n"
	"Transport protocol:   SAS (SPL-4)\n"
	"Local Time is:        Tue Mar  1 10:00:00 2022 UTC\n"
	"SMART support is:     Available - device has SMART capability.\n"
	"SMART support is:     Enabled\n"
	"Temperature Warning:  Enabled\n"
	"\n"
	"=== START OF READ SMART DATA SECTION ===\n"
	"SMART Health Status: OK\n"
	"\n"
	"Current Drive Temperature:     31 C\n"
	"Drive Trip Temperature:        60 C\n"
	"\n"
	"Manufactured in week 23 of year 2019\n"
	"Specified cycle count over device lifetime:  50000\n"
	"Accumulated start-stop cycles:  45\n";

static const char failed_text[] =
	"smartctl 7.2 2020-12-30 r5155 [x86_64-linux-5.10.0-8-amd64] (local build)\n"
	"Copyright (C) 2002-20, Bruce Allen, Christian Franke, www.smartmontools.org\n"
	"\n"
	"Smartctl open device: /dev/sdz failed: No such device\n";

static void test_text_fixtures(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(sata_text, "sda.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 1);
	const struct component *c = find(inv, "disk/S3Z1NB0K123456A");
	assert_int_equal(c->kind, KIND_DISK);
	assert_str(raw(c, FK_MODEL), "Samsung SSD 860 EVO 500GB");
	assert_str(raw(c, FK_WWID), "5 002538 e40a0b5c8");
	assert_str(dec(c, FK_WWID), "naa.5002538e40a0b5c8");
	assert_str(dec(c, FK_IEEE_OUI), "002538");
	assert_str(dec(c, FK_SIZE_BYTES), "500107862016");
	assert_str(raw(c, FK_FORM_FACTOR), "2.5 inches");
	assert_str(dec(c, FK_TRANSPORT), "sata");
	assert_str(extra(c, "model_family", true), "Samsung based SSDs");
	assert_str(src_of(c, FK_WWID), "sda.txt:8");
	inventory_free(inv);

	inv = must_import_text(sas_text, "sdb.txt", IMPORT_SMARTCTL_TEXT, NULL);
	c = find(inv, "disk/ZC1ABCDE");
	assert_str(raw(c, FK_MANUFACTURER), "SEAGATE");
	assert_str(raw(c, FK_MODEL), "ST4000NM0025");
	assert_str(raw(c, FK_FIRMWARE), "E002");
	assert_str(raw(c, FK_SERIAL), "ZC1ABCDE");
	assert_str(dec(c, FK_WWID), "naa.5000c500a1b2c3d4");
	assert_str(dec(c, FK_IEEE_OUI), "000c50");
	assert_str(dec(c, FK_TRANSPORT), "sas");
	assert_str(raw(c, FK_MANUFACTURE_DATE), "Manufactured in week 23 of year 2019");
	assert_str(dec(c, FK_MANUFACTURE_DATE), "2019-W23");
	assert_str(src_of(c, FK_MANUFACTURE_DATE), "sdb.txt:28");
	assert_str(dec(c, FK_SIZE_BYTES), "4000787030016");
	inventory_free(inv);

	/* smartctl could not open the device: nothing to list, and it says why */
	inv = must_import_text(failed_text, "sdz.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 0);
	assert_int_equal(inv->nunread, 1);
	assert_str(inv->unread[0].reason,
		   "line 4: Smartctl open device: /dev/sdz failed: No such device");
	assert_str(inv->unread[0].path, "sdz.txt");
	inventory_free(inv);

	/* several devices in one file, one banner each */
	struct strbuf all = STRBUF_INIT;
	strbuf_addstr(&all, sata_text);
	strbuf_addstr(&all, failed_text);
	strbuf_addstr(&all, sas_text);
	inv = must_import_text(all.buf, "all.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 2);
	assert_int_equal(inv->nunread, 1);
	assert_str(inv->unread[0].reason,
		   "line 24: Smartctl open device: /dev/sdz failed: No such device");
	assert_str(src_of(find(inv, "disk/ZC1ABCDE"), FK_MANUFACTURE_DATE), "all.txt:52");
	assert_null(raw(find(inv, "disk/S3Z1NB0K123456A"), FK_MANUFACTURE_DATE));
	strbuf_release(&all);
	inventory_free(inv);
}

static const char nvme_json[] =
	"{\n"
	"  \"json_format_version\": [1, 0],\n"
	"  \"smartctl\": {\"version\": [7, 3], \"svn_revision\": \"5338\",\n"
	"    \"platform_info\": \"x86_64-linux-6.1.0\", \"build_info\": \"(local build)\",\n"
	"    \"argv\": [\"smartctl\", \"-j\", \"-x\", \"/dev/nvme0\"], \"exit_status\": 0},\n"
	"  \"device\": {\"name\": \"/dev/nvme0\", \"info_name\": \"/dev/nvme0\", \"type\": "
	"\"nvme\",\n"
	"    \"protocol\": \"NVMe\"},\n"
	"  \"model_name\": \"CT1000P1SSD8\",\n"
	"  \"serial_number\": \"1915E1F2A3B4\",\n"
	"  \"firmware_version\": \"P3CR013\",\n"
	"  \"nvme_pci_vendor\": {\"id\": 49321, \"subsystem_id\": 4136},\n"
	"  \"nvme_ieee_oui_identifier\": 41077,\n"
	"  \"nvme_controller_id\": 1,\n"
	"  \"nvme_version\": {\"string\": \"1.3\", \"value\": 66304},\n"
	"  \"nvme_number_of_namespaces\": 1,\n"
	"  \"nvme_namespaces\": [{\"id\": 1,\n"
	"    \"size\": {\"blocks\": 1953525168, \"bytes\": 1000204886016},\n"
	"    \"formatted_lba_size\": 512,\n"
	"    \"eui64\": {\"oui\": 41077, \"ext_id\": 123456789}}],\n"
	"  \"user_capacity\": {\"blocks\": 1953525168, \"bytes\": 1000204886016},\n"
	"  \"logical_block_size\": 512,\n"
	"  \"smart_status\": {\"passed\": true}\n"
	"}\n";

static const char ata_json[] =
	"{\"json_format_version\":[1,0],\"smartctl\":{\"version\":[7,2],\"argv\":[\"smartctl\","
	"\"-j\",\"-i\",\"/dev/sda\"],\"exit_status\":0},"
	"\"device\":{\"name\":\"/dev/sda\",\"info_name\":\"/dev/sda [SAT]\",\"type\":\"sat\","
	"\"protocol\":\"ATA\"},"
	"\"model_family\":\"Samsung based SSDs\",\"model_name\":\"Samsung SSD 860 EVO 500GB\","
	"\"serial_number\":\"S3Z1NB0K123456A\",\"wwn\":{\"naa\":5,\"oui\":9528,\"id\":61213816264},"
	"\"firmware_version\":\"RVT02B6Q\",\"user_capacity\":{\"blocks\":976773168,"
	"\"bytes\":500107862016},\"logical_block_size\":512,\"rotation_rate\":0,"
	"\"form_factor\":{\"ata_value\":3,\"name\":\"2.5 inches\"},"
	"\"ata_version\":{\"string\":\"ACS-4 T13/BSR INCITS 529 revision 5\",\"major_value\":2556,"
	"\"minor_value\":94},\"sata_version\":{\"string\":\"SATA 3.2\",\"value\":255}}\n";

static const char scsi_json[] =
	"{\"json_format_version\":[1,0],\"smartctl\":{\"version\":[7,3],\"exit_status\":0},"
	"\"device\":{\"name\":\"/dev/sdb\",\"info_name\":\"/dev/sdb\",\"type\":\"scsi\","
	"\"protocol\":\"SCSI\"},"
	"\"scsi_vendor\":\"SEAGATE\",\"scsi_product\":\"ST4000NM0025\","
	"\"scsi_model_name\":\"SEAGATE ST4000NM0025\",\"scsi_revision\":\"E002\","
	"\"scsi_version\":\"SPC-4\",\"user_capacity\":{\"blocks\":7814037168,"
	"\"bytes\":4000787030016},\"logical_unit_id\":\"0x5000c500a1b2c3d4\","
	"\"serial_number\":\"ZC1ABCDE\",\"scsi_transport_protocol\":{\"name\":\"SAS (SPL-4)\","
	"\"value\":6},\"scsi_start_stop_cycle_counter\":{\"year_of_manufacture\":\"2019\","
	"\"week_of_manufacture\":\"23\",\"specified_cycle_count_over_device_lifetime\":50000}}\n";

static const char failed_json[] =
	"{\"json_format_version\":[1,0],\"smartctl\":{\"version\":[7,2],\"messages\":[{\"string\":"
	"\"Smartctl open device: /dev/sdz failed: No such device\",\"severity\":\"error\"}],"
	"\"exit_status\":2},\"device\":{\"name\":\"/dev/sdz\",\"info_name\":\"/dev/sdz\","
	"\"type\":\"ata\",\"protocol\":\"ATA\"}}\n";

static void test_json(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(nvme_json, "nvme0.json", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 1);
	assert_int_equal(inv->nwarnings, 0);
	const struct component *c = find(inv, "nvme/nvme0");
	assert_int_equal(c->kind, KIND_NVME);
	assert_str(dec(c, FK_DEVICE), "nvme0");
	assert_str(raw(c, FK_MODEL), "CT1000P1SSD8");
	assert_str(raw(c, FK_SERIAL), "1915E1F2A3B4");
	assert_str(raw(c, FK_FIRMWARE), "P3CR013");
	assert_str(raw(c, FK_PCI_VENDOR), "49321");
	assert_str(dec(c, FK_PCI_VENDOR), "c0a9");
	assert_str(dec(c, FK_PCI_SUBVENDOR), "1028");
	assert_str(dec(c, FK_IEEE_OUI), "00a075");
	assert_str(dec(c, FK_EUI64), "00a07500075bcd15");
	assert_str(dec(c, FK_SIZE_BYTES), "1000204886016");
	assert_str(dec(c, FK_TRANSPORT), "nvme");
	assert_str(src_of(c, FK_PCI_VENDOR), "nvme0.json#nvme_pci_vendor.id");
	assert_str(inv->host.collector, "import smartctl-json");
	inventory_free(inv);

	inv = must_import_text(ata_json, "sda.json", IMPORT_SMARTCTL_JSON, NULL);
	c = find(inv, "disk/sda");
	assert_int_equal(c->kind, KIND_DISK);
	assert_str(dec(c, FK_WWID), "naa.5002538e40a0b5c8");
	assert_str(raw(c, FK_WWID), "{\"naa\":5,\"oui\":9528,\"id\":61213816264}");
	assert_str(dec(c, FK_IEEE_OUI), "002538");
	assert_str(dec(c, FK_TRANSPORT), "sata");
	assert_str(raw(c, FK_FORM_FACTOR), "2.5 inches");
	assert_str(extra(c, "model_family", true), "Samsung based SSDs");
	assert_str(dec(c, FK_SIZE_BYTES), "500107862016");
	inventory_free(inv);

	inv = must_import_text(scsi_json, "sdb.json", IMPORT_AUTO, NULL);
	c = find(inv, "disk/sdb");
	assert_str(raw(c, FK_MODEL), "SEAGATE ST4000NM0025");
	assert_str(raw(c, FK_MANUFACTURER), "SEAGATE");
	assert_str(raw(c, FK_FIRMWARE), "E002");
	assert_str(dec(c, FK_WWID), "naa.5000c500a1b2c3d4");
	assert_str(dec(c, FK_IEEE_OUI), "000c50");
	assert_str(dec(c, FK_MANUFACTURE_DATE), "2019-W23");
	assert_str(dec(c, FK_TRANSPORT), "sas");
	inventory_free(inv);

	inv = must_import_text(failed_json, "sdz.json", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 0);
	assert_int_equal(inv->nunread, 1);
	assert_str(inv->unread[0].reason,
		   "smartctl.messages: Smartctl open device: /dev/sdz failed: No such device");
	inventory_free(inv);

	/* objects one after the other (smartctl -j for several devices), and an array */
	struct strbuf all = STRBUF_INIT;
	strbuf_addstr(&all, nvme_json);
	strbuf_addstr(&all, ata_json);
	strbuf_addstr(&all, scsi_json);
	inv = must_import_text(all.buf, "all.json", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 3);
	assert_str(src_of(find(inv, "disk/sdb"), FK_SERIAL), "all.json#[2].serial_number");
	inventory_free(inv);
	strbuf_reset(&all);
	strbuf_addf(&all, "[%s,%s]", ata_json, scsi_json);
	inv = must_import_text(all.buf, "arr.json", IMPORT_SMARTCTL_JSON, NULL);
	assert_int_equal(inv->ncomps, 2);
	inventory_free(inv);

	/* cut short after the first object: the first is kept, the loss reported */
	strbuf_reset(&all);
	strbuf_addstr(&all, ata_json);
	strbuf_add(&all, scsi_json, 100);
	inv = must_import_text(all.buf, "cut.json", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 1);
	assert_warning(inv, "not valid JSON (near line 2, byte");
	assert_warning(inv, "after 1 smartctl objects: the rest was not read");
	inventory_free(inv);
	strbuf_release(&all);
}

static void test_json_errors(void **state)
{
	(void)state;
	char *m = must_reject(nvme_json, 200, "cut.json", IMPORT_AUTO, NULL);
	assert_str(m, "cut.json: not valid JSON (near line 5, byte 199)");
	free(m);
	const char *cdx = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[]}";
	m = must_reject(cdx, strlen(cdx), "bom.json", IMPORT_SMARTCTL_JSON, NULL);
	assert_str(m, "bom.json: top level: not a smartctl --json object (no \"smartctl\" member)");
	free(m);
	const char *dmi = "# dmidecode 3.3\nHandle 0x0000, DMI type 0, 24 bytes\n";
	m = must_reject(dmi, strlen(dmi), "dmi.txt", IMPORT_SMARTCTL_TEXT, NULL);
	assert_str(m, "dmi.txt: no smartctl banner (\"smartctl 7.x ...\") and no \"=== START OF "
		      "INFORMATION SECTION ===\": not smartctl output");
	free(m);
	m = must_reject(dmi, strlen(dmi), "dmi.txt", IMPORT_SMARTCTL_JSON, NULL);
	assert_str(m, "dmi.txt: not valid JSON (near line 1, byte 0)");
	free(m);
	/* a JSON number where an id belongs is reported, not trusted */
	const char *bad =
		"{\"smartctl\":{},\"device\":{\"name\":\"/dev/nvme1\",\"protocol\":\"NVMe\"},"
		"\"model_name\":\"X\",\"nvme_pci_vendor\":{\"id\":700000}}";
	struct inventory *inv = must_import_text(bad, "bad.json", IMPORT_AUTO, NULL);
	assert_null(component_field(find(inv, "nvme/nvme1"), FK_PCI_VENDOR, false));
	assert_warning(inv, "bad.json#nvme_pci_vendor.id: 700000 is not a 4-digit hex number");
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crucial_p1),
		cmocka_unit_test(test_lexar_two_files_one_inventory),
		cmocka_unit_test(test_text_fixtures),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
