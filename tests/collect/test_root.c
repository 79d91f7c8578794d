/*
 * test_root.c — a --root tree is read without leaving it: links pointing out
 * of the tree (absolute, or climbing with "..") are not followed, FIFOs and
 * devices are not opened for reading (a FIFO once hung collect), and a huge
 * file is refused from its size before a byte of it is read (issue 17,
 * item 6).
 */
#include "testutil.h"

#include "chipscreen.h"
#include "collect/collect.h"
#include "util/fileio.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tree {
	char *root, *outside; /* the root, and a directory beside it holding a "secret" */
};

static struct tree make_tree(void)
{
	struct tree t = {test_tmpdir(), test_tmpdir()};
	test_write_str(t.outside, "secret", "shadow-line\n");
	test_write_str(t.outside, "dir/inner", "x\n");
	return t;
}

static void free_tree(struct tree *t)
{
	test_rmtree(t->root);
	test_rmtree(t->outside);
	free(t->root);
	free(t->outside);
}

static void expect_out_of_root(struct collect_ctx *cc, const char *path)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	assert_int_equal(cc_read(cc, path, 4096, &out, &err), -1);
	strbuf_addf(&want, "%s%s: leads out of the root %s (a symbolic link or \"..\"); not followed",
		    cc->root, path, cc->root);
	assert_string_equal(err.buf, want.buf);
	assert_int_equal(out.len, 0);
	assert_int_equal(cc_attr(cc, path, &out), -1);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&want);
}

static void test_links_out(void **state)
{
	(void)state;
	struct tree t = make_tree();
	struct strbuf target = STRBUF_INIT;
	/* absolute: the shadow file read as the host name */
	strbuf_addf(&target, "%s/secret", t.outside);
	test_symlink(t.root, "proc/sys/kernel/hostname", target.buf);
	/* relative, climbing above the root */
	strbuf_reset(&target);
	strbuf_addf(&target, "../../../../../../../../../../../..%s/secret", t.outside);
	test_symlink(t.root, "sys/class/dmi/id/sys_vendor", target.buf);
	/* a directory link out, and a link read through it */
	test_symlink(t.root, "sys/class/nvme", t.outside);
	test_symlink(t.outside, "dir/link", "inner");
	/* links that stay inside are followed */
	test_write_str(t.root, "sys/devices/pci0000:00/vendor", "0x8086\n");
	test_symlink(t.root, "sys/bus/pci/devices/0000:00:00.0", "../../../devices/pci0000:00");

	struct inventory *inv = inventory_new();
	struct collect_ctx cc = {.root = t.root, .inv = inv};
	expect_out_of_root(&cc, "/proc/sys/kernel/hostname");
	expect_out_of_root(&cc, "/sys/class/dmi/id/sys_vendor");
	expect_out_of_root(&cc, "/sys/class/nvme/secret");
	expect_out_of_root(&cc, "/../secret");
	char **names;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	assert_int_equal(cc_list(&cc, "/sys/class/nvme/", &names, &err), -1);
	assert_non_null(strstr(err.buf, "/sys/class/nvme/: leads out of the root"));
	assert_false(cc_exists(&cc, "/sys/class/nvme/secret"));
	assert_int_equal(cc_readlink(&cc, "/sys/class/nvme/dir/link", &out), -1);
	/* the link itself is read (a capture copies it), not what it points to */
	assert_int_equal(cc_readlink(&cc, "/sys/class/nvme", &out), 0);
	assert_string_equal(out.buf, t.outside);

	assert_int_equal(cc_attr(&cc, "/sys/bus/pci/devices/0000:00:00.0/vendor", &out), 0);
	assert_string_equal(out.buf, "0x8086");
	assert_int_equal(cc_list(&cc, "/sys/bus/pci/devices/", &names, &err), 1);
	assert_string_equal(names[0], "0000:00:00.0");
	free_names(names, 1);
	assert_true(cc_exists(&cc, "/sys/bus/pci/devices/0000:00:00.0/vendor"));

	/* the whole collect: the host name is not the secret */
	collect_all(&cc);
	assert_true(!inv->host.hostname || !strstr(inv->host.hostname, "shadow"));
	inventory_free(inv);
	strbuf_release(&err);
	strbuf_release(&out);
	strbuf_release(&target);
	free_tree(&t);
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "collect blocked on a FIFO\n";
	(void)!write(2, msg, sizeof msg - 1);
	_exit(1);
}

static void test_fifo_and_huge(void **state)
{
	(void)state;
	struct tree t = make_tree();
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT, out = STRBUF_INIT, want = STRBUF_INIT;
	test_write_str(t.root, "proc/sys/kernel/.keep", "");
	strbuf_addf(&p, "%s/proc/sys/kernel/hostname", t.root);
	assert_int_equal(mkfifo(p.buf, 0644), 0);
	/* 8 GiB, sparse: only its size is real */
	test_write_str(t.root, "sys/firmware/dmi/tables/smbios_entry_point", "");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/sys/firmware/dmi/tables/DMI", t.root);
	int fd = open(p.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 8ll << 30), 0);
	close(fd);

	signal(SIGALRM, on_alarm);
	alarm(20);
	struct inventory *inv = inventory_new();
	struct collect_ctx cc = {.root = t.root, .inv = inv};
	assert_int_equal(cc_read(&cc, "/proc/sys/kernel/hostname", 4096, &out, &err), -1);
	strbuf_addf(&want, "%s/proc/sys/kernel/hostname: not a regular file (a FIFO); not read",
		    t.root);
	assert_string_equal(err.buf, want.buf);

	assert_int_equal(cc_read(&cc, "/sys/firmware/dmi/tables/DMI", 64u << 20, &out, &err), -1);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s: larger than 67108864 bytes", p.buf);
	assert_string_equal(err.buf, want.buf);
	/* refused from its size: nothing was read into out */
	assert_true(out.alloc < 65536);

	collect_all(&cc); /* returns: nothing blocks */
	alarm(0);
	bool noted = false;
	for (size_t i = 0; i < inv->nunread; i++)
		noted |= !strcmp(inv->unread[i].path, "/sys/firmware/dmi/tables/DMI");
	for (size_t i = 0; i < inv->nwarnings; i++)
		noted |= !strcmp(inv->warnings[i].path, "/sys/firmware/dmi/tables/DMI");
	assert_true(noted);
	inventory_free(inv);

	/* read_file, given a huge regular file, refuses it before reading too */
	assert_int_equal(read_file(p.buf, 1 << 20, &out, &err), -1);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s: larger than 1048576 bytes", p.buf);
	assert_string_equal(err.buf, want.buf);
	assert_true(out.alloc < 65536);
	strbuf_release(&p);
	strbuf_release(&err);
	strbuf_release(&out);
	strbuf_release(&want);
	free_tree(&t);
}

/* The same where openat2 is missing (Linux < 5.6): realpath and a prefix check. */
static void test_links_out_fallback(void **state)
{
	setenv("CHIPSCREEN_NO_OPENAT2", "1", 1);
	test_links_out(state);
	test_fifo_and_huge(state);
	unsetenv("CHIPSCREEN_NO_OPENAT2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_links_out),
		cmocka_unit_test(test_fifo_and_huge),
		cmocka_unit_test(test_links_out_fallback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
