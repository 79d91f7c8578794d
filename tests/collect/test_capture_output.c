/*
 * test_capture_output.c — capture and collect never destroy what they read,
 * and a write that fails leaves nothing that could be read as a machine
 * (collect/capture.c capture_run(), cmd/cmd-collect.c, util/fileio.c
 * same_file()).
 *
 * Before: `capture --root db1.tar.gz -o db1.tar.gz` rewrote the archive being
 * read, and removed it when the write failed; `collect --root db1.tar.gz -o
 * db1.tar.gz` replaced the capture with the inventory, exit 0; a capture into
 * a directory on a full disk left the part written before the disk filled, a
 * tree `scan --root` read as a machine without its SMBIOS tables (so without
 * memory: no REVIEW under a rule naming Micron); a collect -o on a full disk
 * left an empty file where the inventory was to be.  The full disk is played
 * by RLIMIT_FSIZE (writes past it fail with EFBIG, as on a full disk they fail
 * with ENOSPC).  The machine read is the shipped example capture.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "collect/capture.h"
#include "util/fileio.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

static const char *example(void)
{
	return src_path("examples/server");
}

static char *join(const char *dir, const char *name)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	return strbuf_detach(&p, NULL);
}

/* The bytes of path, to compare before and after. */
static char *slurp_file(const char *path, size_t *n)
{
	struct strbuf b = STRBUF_INIT, e = STRBUF_INIT;
	if (read_file(path, 64 << 20, &b, &e) < 0)
		fail_msg("%s", e.buf);
	strbuf_release(&e);
	*n = b.len;
	return strbuf_detach(&b, NULL);
}

static void test_output_is_input(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *cap = join(dir, "db1.tar.gz");
	struct capture_stats st;
	struct strbuf err = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(capture_run(example(), cap, &st, &err), 0);
	size_t n0, n1;
	char *before = slurp_file(cap, &n0);

	assert_int_equal(capture_run(cap, cap, &st, &err), -1);
	char want[1024];
	snprintf(want, sizeof want, "%s: is the capture being read (--root): give another output",
		 cap);
	assert_string_equal(err.buf, want);

	assert_int_equal(run_cmd(&o, &e, "collect", "--root", cap, "-o", cap, NULL), 2);
	snprintf(want, sizeof want,
		 "chipscreen: error: %s: is the capture being read (--root): give another "
		 "output\n",
		 cap);
	assert_string_equal(e.buf, want);

	char *after = slurp_file(cap, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	/* and read from it, written elsewhere: as before */
	char *inv = join(dir, "inv.json");
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", cap, "-o", inv, NULL), 0);
	assert_true(path_exists(inv));
	free(inv);
	free(before);
	free(after);
	strbuf_release(&err);
	strbuf_release(&o);
	strbuf_release(&e);
	free(cap);
	test_rmtree(dir);
	free(dir);
}

/* Files past limit bytes cannot be written, until full_disk_end(). */
static struct rlimit saved;
static void full_disk(rlim_t limit)
{
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	struct rlimit r = {.rlim_cur = limit, .rlim_max = saved.rlim_max};
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &r), 0);
}
static void full_disk_end(void)
{
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
}

static void test_failed_capture_leaves_nothing(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *out = join(dir, "db1"), *empty = join(dir, "empty");
	assert_int_equal(mkdir(empty, 0777), 0);
	struct capture_stats st;
	struct strbuf err = STRBUF_INIT;
	/* the example's DMI table is 3989 bytes: smaller files before it are
	 * written, then it fails */
	full_disk(2048);
	int rc1 = capture_run(example(), out, &st, &err);
	int rc2 = capture_run(example(), empty, &st, &err);
	full_disk_end();
	assert_int_equal(rc1, -1);
	assert_int_equal(rc2, -1);
	assert_non_null(strstr(err.buf, ": File too large (nothing of the capture was kept in "));
	/* the new directory is gone; the empty one given is there, still empty */
	assert_false(path_exists(out));
	assert_true(is_dir(empty));
	char **names;
	assert_int_equal(list_dir(empty, &names, &err), 0);
	free_names(names, 0);
	strbuf_release(&err);
	free(out);
	free(empty);
	test_rmtree(dir);
	free(dir);
}

static void test_failed_collect_leaves_the_old_file(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *inv = join(dir, "inv.json");
	test_write_str(dir, "inv.json", "an earlier inventory\n");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	full_disk(2048); /* the example's inventory is some 75 KB */
	int rc = run_cmd(&o, &e, "collect", "--root", example(), "-o", inv, NULL);
	full_disk_end();
	assert_int_equal(rc, 2);
	char want[1024];
	snprintf(want, sizeof want, "chipscreen: error: %s: write failed (nothing written there)\n",
		 inv);
	assert_string_equal(e.buf, want);
	size_t n;
	char *now = slurp_file(inv, &n);
	assert_string_equal(now, "an earlier inventory\n");
	free(now);
	char **names;
	assert_int_equal(list_dir(dir, &names, &e), 1); /* no temporary left beside it */
	free_names(names, 1);
	strbuf_release(&o);
	strbuf_release(&e);
	free(inv);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_is_input),
		cmocka_unit_test(test_failed_capture_leaves_nothing),
		cmocka_unit_test(test_failed_collect_leaves_the_old_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
