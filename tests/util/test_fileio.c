/*
 * test_fileio.c — read_file: small files through its stack buffer, large ones
 * sized once and read straight into the result; every byte, whatever the
 * size relative to the buffer, and the cap enforced.
 */
#include "testutil.h"

#include "util/fileio.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

static void check_size(const char *dir, size_t size)
{
	char *data = malloc(size + 1);
	for (size_t i = 0; i < size; i++)
		data[i] = (char)('a' + (i * 7 + i / 13) % 26);
	char rel[32];
	snprintf(rel, sizeof rel, "f%zu", size);
	test_write(dir, rel, data, size);
	struct strbuf path = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", dir, rel);
	assert_int_equal(read_file(path.buf, 1 << 20, &out, &err), 0);
	assert_int_equal(out.len, size);
	assert_memory_equal(out.buf, data, size);
	assert_int_equal(out.buf[size], '\0');
	/* the cap: one byte less than the file is refused, with the file named */
	if (size) {
		assert_int_equal(read_file(path.buf, size - 1, &out, &err), -1);
		assert_non_null(strstr(err.buf, path.buf));
		assert_non_null(strstr(err.buf, "larger than"));
		assert_int_equal(out.len, 0);
		assert_int_equal(read_file(path.buf, size, &out, &err), 0);
		assert_int_equal(out.len, size);
	}
	free(data);
	strbuf_release(&path);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_sizes(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	static const size_t sizes[] = {0, 1, 8191, 8192, 8193, 16383, 16384, 16385, 100003, 262144};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		check_size(dir, sizes[i]);
	test_rmtree(dir);
	free(dir);
}

static void test_unsized_and_errors(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* /proc files say size 0: read to the end all the same */
	assert_int_equal(read_file("/proc/self/status", 1 << 20, &out, &err), 0);
	assert_true(out.len > 100);
	assert_non_null(strstr(out.buf, "Name:"));
	assert_int_equal(out.buf[out.len - 1], '\n');
	assert_int_equal(read_file("/nonexistent/chipscreen-file", 100, &out, &err), -1);
	assert_string_equal(err.buf, "/nonexistent/chipscreen-file: no such file");
	assert_int_equal(read_file("/", 100, &out, &err), -1);
	assert_non_null(strstr(err.buf, "/: "));
	strbuf_release(&out);
	strbuf_release(&err);
}

/* list_dir_entries: sorted, without . and .., each entry's type and inode as
 * stat sees them; list_dir the same names. */
static void test_dir_entries(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	test_write_str(dir, "b.json", "{}");
	test_write_str(dir, "sub/c.txt", "c");
	test_write_str(dir, ".hidden", "h");
	struct strbuf p = STRBUF_INIT, q = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/b.json", dir);
	strbuf_addf(&q, "%s/a-link", dir);
	assert_int_equal(symlink(p.buf, q.buf), 0);
	struct dir_entry *v;
	dev_t dev;
	int n = list_dir_entries(dir, &v, &dev, &err);
	assert_int_equal(n, 4);
	static const char *const names[] = {".hidden", "a-link", "b.json", "sub"};
	static const unsigned char types[] = {DT_REG, DT_LNK, DT_REG, DT_DIR};
	for (int i = 0; i < n; i++) {
		struct stat st;
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", dir, names[i]);
		assert_int_equal(lstat(p.buf, &st), 0);
		assert_string_equal(v[i].name, names[i]);
		assert_int_equal(v[i].type, types[i]);
		assert_int_equal(v[i].ino, st.st_ino);
		assert_int_equal(dev, st.st_dev);
	}
	free_dir_entries(v, n);
	char **nv;
	assert_int_equal(list_dir(dir, &nv, &err), 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(nv[i], names[i]);
	free_names(nv, 4);
	/* not a directory: -1 and the reason, with the path */
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/nothing", dir);
	assert_int_equal(list_dir_entries(p.buf, &v, NULL, &err), -1);
	assert_null(v);
	assert_non_null(strstr(err.buf, "no such file"));
	assert_non_null(strstr(err.buf, p.buf));
	test_rmtree(dir);
	free(dir);
	strbuf_release(&p);
	strbuf_release(&q);
	strbuf_release(&err);
}

/* replace_open / replace_close: an output replaced whole.  `report -o
 * /dev/null`, as root, renamed its temporary file onto /dev/null and left a
 * regular file there; a link given as the output was replaced by a file. */
static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(read_file(path, 1 << 20, &sb, &err), 0);
	strbuf_release(&err);
	return strbuf_detach(&sb, NULL);
}

static int put(const char *path, const char *text, bool ok)
{
	struct replace r;
	struct strbuf err = STRBUF_INIT;
	FILE *f = replace_open(&r, path, &err);
	assert_non_null(f);
	fputs(text, f);
	int rc = replace_close(&r, f, ok, &err);
	strbuf_release(&err);
	return rc;
}

static void test_replace(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf a = STRBUF_INIT, link = STRBUF_INIT, dev = STRBUF_INIT, err = STRBUF_INIT;
	struct stat st;
	strbuf_addf(&a, "%s/a.html", dir);
	strbuf_addf(&link, "%s/link.html", dir);
	strbuf_addf(&dev, "%s/null", dir);
	/* a new file, then replaced, keeping its mode */
	assert_int_equal(put(a.buf, "one", true), 0);
	assert_int_equal(chmod(a.buf, 0640), 0);
	assert_int_equal(put(a.buf, "two", true), 0);
	char *t = slurp(a.buf);
	assert_string_equal(t, "two");
	free(t);
	assert_int_equal(stat(a.buf, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	/* not ok: the file as it was, no temporary left */
	assert_int_equal(put(a.buf, "three", false), -1);
	t = slurp(a.buf);
	assert_string_equal(t, "two");
	free(t);
	/* a link: the file it names is replaced, the link kept */
	assert_int_equal(symlink(a.buf, link.buf), 0);
	assert_int_equal(put(link.buf, "four", true), 0);
	assert_int_equal(lstat(link.buf, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	t = slurp(a.buf);
	assert_string_equal(t, "four");
	free(t);
	/* a device (through a link to /dev/null, which nothing may replace):
	 * written in place, the link and the device as they were */
	assert_int_equal(symlink("/dev/null", dev.buf), 0);
	assert_int_equal(put(dev.buf, "five", true), 0);
	assert_int_equal(lstat(dev.buf, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	DIR *d = opendir(dir);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 3); /* a.html, link.html, null: no temporary left */
	/* a directory that does not exist */
	struct replace r;
	assert_null(replace_open(&r, "/nonexistent/r.html", &err));
	assert_string_equal(err.buf, "/nonexistent/r.html: cannot write: No such file or directory");
	test_rmtree(dir);
	free(dir);
	strbuf_release(&a);
	strbuf_release(&link);
	strbuf_release(&dev);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_unsized_and_errors),
		cmocka_unit_test(test_dir_entries),
		cmocka_unit_test(test_replace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
