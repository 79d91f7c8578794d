#include "util/fileio.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void describe_errno(struct strbuf *err, const char *path, int errnum)
{
	if (!err)
		return;
	strbuf_reset(err);
	if (errnum == EACCES || errnum == EPERM)
		strbuf_addf(err, "%s: permission denied%s", path,
			    geteuid() != 0 ? " (readable by root only: run as root)" : "");
	else if (errnum == ENOENT)
		strbuf_addf(err, "%s: no such file", path);
	else
		strbuf_addf(err, "%s: %s", path, strerror(errnum));
}

int read_file(const char *path, size_t max, struct strbuf *out, struct strbuf *err)
{
	strbuf_reset(out);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		describe_errno(err, path, errno);
		return -1;
	}
	/* Small files (sysfs attributes) go through buf.  A file that fills it
	 * is sized once with fstat and the rest is read straight into out: the
	 * knowledge tables are a few hundred KiB, and growing out 8 KiB at a
	 * time copied them over and over.  sysfs says 4096 whatever a file
	 * holds, so the size is only a guess: reading goes on to the end. */
	char buf[8192];
	bool sized = false;
	for (;;) {
		bool direct = out->alloc - out->len > sizeof buf;
		char *dst = direct ? out->buf + out->len : buf;
		size_t room = direct ? out->alloc - out->len - 1 : sizeof buf;
		ssize_t n = read(fd, dst, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			describe_errno(err, path, errno);
			close(fd);
			strbuf_reset(out);
			return -1;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > max) {
			if (err) {
				strbuf_reset(err);
				strbuf_addf(err, "%s: larger than %zu bytes", path, max);
			}
			close(fd);
			strbuf_reset(out);
			return -1;
		}
		if (direct)
			strbuf_setlen(out, out->len + (size_t)n);
		else
			strbuf_add(out, buf, (size_t)n);
		struct stat st;
		if ((size_t)n == room && !sized && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (size_t)st.st_size > out->len) {
			sized = true;
			size_t want = (size_t)st.st_size < max ? (size_t)st.st_size : max;
			strbuf_grow(out, want - out->len + 1); /* + 1: the read that sees the end */
		}
	}
	close(fd);
	return 0;
}

int read_attr(const char *path, struct strbuf *out, struct strbuf *err)
{
	if (read_file(path, 64 * 1024, out, err) < 0)
		return -1;
	while (out->len && (out->buf[out->len - 1] == '\n' || out->buf[out->len - 1] == '\0'))
		strbuf_setlen(out, out->len - 1);
	return 0;
}

void path_join(struct strbuf *out, const char *root, const char *path)
{
	strbuf_reset(out);
	if (root && *root && strcmp(root, "/") != 0) {
		strbuf_addstr(out, root);
		while (out->len > 1 && out->buf[out->len - 1] == '/')
			strbuf_setlen(out, out->len - 1);
		if (path[0] != '/')
			strbuf_addch(out, '/');
	}
	strbuf_addstr(out, path);
}

static int cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct dir_entry *)a)->name, ((const struct dir_entry *)b)->name);
}

int list_dir_entries(const char *dir, struct dir_entry **out, dev_t *dev, struct strbuf *err)
{
	*out = NULL;
	DIR *d = opendir(dir);
	struct stat st;
	if (!d || fstat(dirfd(d), &st) < 0) {
		describe_errno(err, dir, errno);
		if (d)
			closedir(d);
		return -1;
	}
	if (dev)
		*dev = st.st_dev;
	int n = 0, cap = 0;
	struct dir_entry *v = NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, (size_t)cap, sizeof *v);
		}
		v[n++] = (struct dir_entry){xstrdup(de->d_name), de->d_type, de->d_ino};
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof *v, cmp_entries);
	*out = v;
	return n;
}

void free_dir_entries(struct dir_entry *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

int list_dir(const char *dir, char ***names, struct strbuf *err)
{
	struct dir_entry *v;
	int n = list_dir_entries(dir, &v, NULL, err);
	*names = NULL;
	if (n < 0)
		return -1;
	if (n) {
		*names = xreallocarray(NULL, (size_t)n, sizeof **names);
		for (int i = 0; i < n; i++)
			(*names)[i] = v[i].name; /* the names move over */
	}
	free(v);
	return n;
}

void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

bool path_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int make_dirs(const char *path, struct strbuf *err)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			describe_errno(err, p, errno);
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = 0;
	if (mkdir(p, 0777) < 0 && errno != EEXIST) {
		describe_errno(err, p, errno);
		rc = -1;
	}
	free(p);
	return rc;
}

int write_file(const char *path, const void *data, size_t len, struct strbuf *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (make_dirs(dir, err) < 0) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		describe_errno(err, path, errno);
		return -1;
	}
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			describe_errno(err, path, errno);
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0) {
		describe_errno(err, path, errno);
		return -1;
	}
	return 0;
}
