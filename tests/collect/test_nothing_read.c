/*
 * test_nothing_read.c — a --root from which no component was read is an
 * error (exit 2), on collect, scan and agent alike (capture_collect): an
 * empty directory, a wrong one (a home directory given for the capture),
 * or a tree holding only a host name (or the /proc files read without root)
 * was reported as a machine with no hardware: "No findings", exit 0, a clean
 * pass for a CI gate.
 */
#include "testutil.h"
#include "fx_sysfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect_nothing(const char *root)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, want = STRBUF_INIT;
	strbuf_addf(&want,
		    "%s: nothing read: no SMBIOS table, PCI function, NVMe controller, disk, USB "
		    "device or MMC card under it (not a captured tree? chipscreen capture makes "
		    "one)",
		    root);
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", root, NULL), 2);
	if (!strstr(e.buf, want.buf))
		fail_msg("collect: '%s' not in %s", want.buf, e.buf);
	assert_string_equal(o.buf, "");
	assert_int_equal(run_cmd(&o, &e, "scan", "--profile", "cn-cii", "--root", root, NULL), 2);
	if (!strstr(e.buf, want.buf))
		fail_msg("scan: '%s' not in %s", want.buf, e.buf);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
}

static void test_empty_and_wrong_trees(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	expect_nothing(dir);
	/* a host name and files that are no hardware */
	test_write_str(dir, "proc/sys/kernel/hostname", "db1\n");
	test_write_str(dir, "notes.txt", "hello\n");
	expect_nothing(dir);
	/* the /proc files read when the root-only sources were not
	 * (collect/cpuinfo.c, collect/memory.c) are no machine on their own */
	test_write_str(dir, "proc/cpuinfo",
		       "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R)\n");
	test_write_str(dir, "proc/meminfo", "MemTotal:       16318480 kB\n");
	expect_nothing(dir);
	/* one USB stick on its controller is a machine read */
	static const struct fx_pci pci[] = {
		{"0000:00:14.0", NULL, "0x8086", "0xa36d", "0x8086", "0x7270", "0x0c0330", "0x10"},
		{0},
	};
	static const struct fx_usb usb[] = {
		{"1-1", "0000:00:14.0", "0781", "5581", "0100", "00", "SanDisk", "Ultra", "4C53000",
		 "08"},
		{0},
	};
	struct fx_machine m = {.pci = pci, .usb = usb};
	assert_int_equal(fx_machine(dir, &m), 0);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", dir, NULL), 0);
	assert_non_null(strstr(o.buf, "\"usb/1-1\""));
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_empty_and_wrong_trees)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
