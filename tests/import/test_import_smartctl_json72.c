/*
 * test_import_smartctl_json72.c — smartctl 7.0-7.2 JSON for a SCSI/SAS
 * drive.  Those versions name the INQUIRY strings "vendor", "product" and
 * "revision" (scsiprint.cpp: jglb["vendor"], jglb["product"],
 * jglb["revision"]); 7.3 renamed them scsi_vendor, scsi_product and
 * scsi_revision.  Only the 7.3 names were read, so a 7.2 report lost the
 * drive's vendor and firmware (and, without model_name, the whole drive).
 * Both forms of one drive must give the same fields.
 */
#include "testutil.h"
#include "import-test.h"

#include "chipscreen.h"
#include "import/import.h"

#include <string.h>

static const char v72[] =
	"{\"json_format_version\": [1, 0],\n"
	" \"smartctl\": {\"version\": [7, 2], \"svn_revision\": \"5155\", \"exit_status\": 0},\n"
	" \"device\": {\"name\": \"/dev/sdb\", \"info_name\": \"/dev/sdb\", \"type\": \"scsi\", "
	"\"protocol\": \"SCSI\"},\n"
	" \"vendor\": \"SEAGATE\", \"product\": \"ST4000NM0023\", \"revision\": \"0004\",\n"
	" \"scsi_version\": \"SPC-4\",\n"
	" \"user_capacity\": {\"blocks\": 7814037168, \"bytes\": 4000787030016},\n"
	" \"serial_number\": \"Z1Z0ABCD0000C4261234\",\n"
	" \"scsi_transport_protocol\": {\"name\": \"SAS (SPL-3)\", \"value\": 6}}\n";

static const char v73[] =
	"{\"json_format_version\": [1, 0],\n"
	" \"smartctl\": {\"version\": [7, 3], \"svn_revision\": \"5338\", \"exit_status\": 0},\n"
	" \"device\": {\"name\": \"/dev/sdb\", \"info_name\": \"/dev/sdb\", \"type\": \"scsi\", "
	"\"protocol\": \"SCSI\"},\n"
	" \"scsi_vendor\": \"SEAGATE\", \"scsi_product\": \"ST4000NM0023\", \"scsi_revision\": "
	"\"0004\",\n"
	" \"scsi_version\": \"SPC-4\",\n"
	" \"user_capacity\": {\"blocks\": 7814037168, \"bytes\": 4000787030016},\n"
	" \"serial_number\": \"Z1Z0ABCD0000C4261234\",\n"
	" \"scsi_transport_protocol\": {\"name\": \"SAS (SPL-3)\", \"value\": 6}}\n";

static void test_72_as_73(void **state)
{
	(void)state;
	static const enum fkey keys[] = {FK_MANUFACTURER, FK_MODEL, FK_FIRMWARE, FK_SERIAL,
					 FK_SIZE_BYTES, FK_TRANSPORT};
	static const char *const want[] = {"SEAGATE", "ST4000NM0023",         "0004",
					   "Z1Z0ABCD0000C4261234", "4000787030016", "sas"};
	const char *texts[] = {v72, v73};
	for (int v = 0; v < 2; v++) {
		struct inventory *inv = must_import_text(texts[v], "sdb.json", IMPORT_AUTO, NULL);
		assert_int_equal(inv->ncomps, 1);
		const struct component *c = &inv->comps[0];
		assert_string_equal(c->id, "disk/sdb");
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			const char *got = component_get(c, keys[k]);
			if (!got || strcmp(got, want[k]))
				fail_msg("smartctl 7.%d: %s = %s, want %s", v ? 3 : 2,
					 field_key_name(keys[k]), got ? got : "(none)", want[k]);
		}
		inventory_free(inv);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_72_as_73)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
