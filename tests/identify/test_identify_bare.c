/*
 * test_identify_bare.c — `chipscreen identify STRING` with a bare
 * identifier (issue 11, item 9): the string is tried as every kind it could
 * be, and the output says which.  Ids are pci.ids / usb.ids / IEEE entries
 * (pci.ids and the IEEE registry: 1e49 YMTC, a428b7 YMTC's OUI, 0634 Micron
 * USB).
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static void test_bare(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	/* a PCI id (bundled table: YMTC); usb.ids is not read ("" below) */
	assert_int_equal(run_cmd(&out, &err, "identify", "--pci-ids", "", "--usb-ids", "",
				 "1e49:0071", NULL),
			 0);
	assert_non_null(strstr(out.buf, "\"1e49:0071\" tried as: PCI vendor:device, USB "
					"vendor:product, JEP106 code, name, part number or model\n"));
	assert_non_null(strstr(out.buf, "as PCI vendor:device:\nmaker:      Yangtze Memory "
					"Technologies Co., Ltd. [ymtc], certain"));
	assert_null(strstr(out.buf, "padding"));
	/* a USB id of the bundled table: Micron (0634) */
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--pci-ids", "", "--usb-ids", "",
				 "0634:5603", NULL),
			 0);
	assert_non_null(strstr(out.buf, "as USB vendor:product:\nmaker:      Micron"));
	/* an OUI, as JSON: one reading found, one object, with what was tried */
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--json", "a428b7", NULL), 0);
	cJSON *j = cJSON_Parse(out.buf);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "maker"), "id")->valuestring,
			    "ymtc");
	assert_string_equal(cJSON_GetObjectItem(j, "read_as")->valuestring, "IEEE OUI");
	assert_string_equal(cJSON_GetObjectItem(j, "tried")->valuestring,
			    "IEEE OUI, JEP106 code, name, part number or model");
	cJSON_Delete(j);
	/* nothing found: every reading's reason, and exit 1 */
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "--pci-ids", "", "--usb-ids", "",
				 "fffe:0001", NULL),
			 1);
	assert_non_null(strstr(out.buf, "as PCI vendor:device:\nmaker:      unknown:"));
	assert_non_null(strstr(out.buf, "as USB vendor:product:\nmaker:      unknown:"));
	/* an NQN names Samsung by its domain */
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify",
				 "nqn.1994-11.com.samsung:nvme:PM1733:2.5-inch:S4YNNE0N500123", NULL),
			 0);
	assert_non_null(strstr(out.buf, "as NVMe subsysnqn:\nmaker:      Samsung"));
	/* a JEP106 pair still reads as one */
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "identify", "0x80,0x2c", NULL), 0);
	assert_non_null(strstr(out.buf, "Micron Technology, Inc. [micron], certain"));
	strbuf_release(&out);
	strbuf_release(&err);
}

/* --pci-ids with a typo fell back to the bundled table without a word */
static void test_missing_tables(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	assert_int_equal(run_cmd(&out, &err, "identify", "--pci-ids", "/nonexistent/pci.ids",
				 "--pci", "1e49:0071", NULL),
			 2);
	assert_non_null(strstr(err.buf, "--pci-ids /nonexistent/pci.ids: no such file"));
	assert_int_equal(run_cmd(&out, &err, "identify", "--usb-ids", "/nonexistent/usb.ids",
				 "--usb", "0634:5603", NULL),
			 2);
	assert_non_null(strstr(err.buf, "--usb-ids /nonexistent/usb.ids: no such file"));
	strbuf_release(&out);
	strbuf_release(&err);
}

/* An identifier typed with the wrong shape is an input error (exit 2, what
 * it should be), not an unknown maker (exit 1); the right shape still reads. */
static void test_typed_shapes(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	static const char *const bad[][3] = {
		{"--oui", "zz", "--oui zz: expected an IEEE OUI: 6 hex digits"},
		{"--nqn", "foo", "--nqn foo: expected an NVMe qualified name"},
		{"--emmc", "xyz", "--emmc xyz: expected an eMMC manufacturer id in hex"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(run_cmd(&out, &err, "identify", bad[i][0], bad[i][1], NULL), 2);
		if (!strstr(err.buf, bad[i][2]))
			fail_msg("%s %s: %s", bad[i][0], bad[i][1], err.buf);
	}
	assert_int_equal(run_cmd(&out, &err, "identify", "--oui", "A4-28-B7", NULL), 0);
	assert_non_null(strstr(out.buf, "Yangtze Memory Technologies Co., Ltd. [ymtc], certain"));
	strbuf_release(&out);
	strbuf_release(&err);
}

/* vendor:device:subsystem vendor:subsystem device (--pci's own form) and
 * lspci -nn's "[vendor:device]" were tried only as a JEP106 code, name or
 * part number: "8086:1521:19e5:d116" (an Intel I350 on a Huawei card,
 * pci.ids) answered "maker: unknown: ... byte 2 (0x86) after the ID byte
 * should be padding", exit 1, and "[8086:1521]" "names no organisation
 * chipscreen knows", exit 1.  The answer is now the one --pci gives. */
static void test_bare_pci(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, want = STRBUF_INIT;
	assert_int_equal(run_cmd(&want, &e, "identify", "--pci", "8086:1521:19e5:d116", NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "identify", "8086:1521:19e5:d116", NULL), 0);
	assert_non_null(strstr(o.buf, "\"8086:1521:19e5:d116\" tried as: PCI vendor:device:"
				      "subsystem vendor:subsystem device, JEP106 code, name, part "
				      "number or model\n\nas PCI vendor:device:subsystem vendor:"
				      "subsystem device:\n"));
	/* the reading shown is what --pci says */
	assert_non_null(strstr(o.buf, want.buf));
	assert_non_null(strstr(o.buf, "maker:      Intel Corporation [intel], certain\n"));
	assert_non_null(strstr(o.buf, "oem:        Huawei Technologies Co., Ltd. [huawei], certain\n"));
	assert_int_equal(run_cmd(&o, &e, "identify", "[19e5:1822]", NULL), 0);
	assert_non_null(strstr(o.buf, "\"[19e5:1822]\" tried as: PCI vendor:device, USB "
				      "vendor:product, "));
	assert_non_null(strstr(o.buf, "\nas PCI vendor:device:\nmaker:      Huawei Technologies "
				      "Co., Ltd. [huawei], certain\n"));
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
}

/* The STRING is echoed as the reasons show text: a part number pasted from
 * a terminal dump can carry an escape sequence, which the "tried as" line
 * printed raw (ESC [ 2 J cleared the screen) while the reason under it
 * showed "\x1b[2J". */
static void test_controls(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "identify", "\x1b[2JACME\x07", NULL), 1);
	assert_null(strchr(o.buf, '\x1b'));
	assert_null(strchr(o.buf, '\x07'));
	assert_non_null(strstr(o.buf, "\"\\x1b[2JACME\\x07\" tried as: JEP106 code, name, part "
				      "number or model\n"));
	assert_non_null(strstr(o.buf, "query \"\\x1b[2JACME\\x07\" names no organisation"));
	strbuf_release(&o);
	strbuf_release(&e);
}

/* The NVMe specification's UUID form of an NQN
 * ("nqn.2014-08.org.nvmexpress:uuid:..."), given with --nqn, was answered
 * "no field identifies the maker (no manufacturer id or name, vendor id,
 * part number or model)", as if nothing had been given; it is read and
 * names no maker.  The VVVVSSSS form still names the PCI vendor. */
static void test_nqn_uuid_form(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(run_cmd(&out, &err, "identify", "--nqn",
				 "nqn.2014-08.org.nvmexpress:uuid:4f2a0a4e-1b2c-4d5e-8f90-1234", NULL),
			 1);
	assert_non_null(strstr(out.buf, "maker:      unknown: nvme_subsysnqn \"nqn.2014-08.org."
					"nvmexpress:uuid:4f2a0a4e-1b2c-4d5e-8f90-1234\": the NVMe "
					"specification's generic form (org.nvmexpress, not a PCI vendor "
					"id after the colon) names no maker\n"));
	assert_null(strstr(out.buf, "no field identifies the maker"));
	assert_int_equal(run_cmd(&out, &err, "identify", "--nqn",
				 "nqn.2014.08.org.nvmexpress:1e491e49ZTA21T0KA000000042", NULL),
			 0);
	assert_non_null(strstr(out.buf, "maker:      Yangtze Memory Technologies Co., Ltd. [ymtc]"));
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_bare),
					   cmocka_unit_test(test_missing_tables),
					   cmocka_unit_test(test_typed_shapes),
					   cmocka_unit_test(test_bare_pci),
					   cmocka_unit_test(test_controls),
					   cmocka_unit_test(test_nqn_uuid_form)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
