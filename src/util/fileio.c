#include "util/fileio.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/syscall.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif
#include <stdint.h>
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

static void too_large(struct strbuf *err, const char *path, size_t max)
{
	if (err) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: larger than %zu bytes", path, max);
	}
}

int read_file(const char *path, size_t max, struct strbuf *out, struct strbuf *err)
{
	strbuf_reset(out);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		describe_errno(err, path, errno);
		return -1;
	}
	return read_fd(fd, path, max, out, err);
}

int read_fd(int fd, const char *path, size_t max, struct strbuf *out, struct strbuf *err)
{
	strbuf_reset(out);
	/* A regular file says its size: one over the cap is refused before
	 * a byte of it is read (a 1 GB input once cost twice its cap in
	 * memory on the way to its refusal).  Pipes and sysfs files, whose
	 * size says nothing, are still bounded by the loop below. */
	struct stat st0;
	bool regular = fstat(fd, &st0) == 0 && S_ISREG(st0.st_mode);
	if (regular && (uintmax_t)st0.st_size > max) {
		too_large(err, path, max);
		close(fd);
		return -1;
	}
	/* Small files (sysfs attributes) go through buf.  A file that fills it
	 * is sized once with fstat and the rest is read straight into out: the
	 * knowledge tables are a few hundred KiB, and growing out 8 KiB at a
	 * time copied them over and over.  sysfs says 4096 whatever a file
	 * holds, so the size is only a guess: reading goes on to the end. */
	char buf[8192];
	bool sized = false;
	/* A regular file larger than buf is sized now and read straight into
	 * out: an import reads thousands of quarter-megabyte collect files. */
	if (regular && (size_t)st0.st_size > sizeof buf) {
		sized = true;
		strbuf_grow(out, (size_t)st0.st_size + 1); /* + 1: the read that sees the end */
	}
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
			too_large(err, path, max);
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

static int list_open_dir(DIR *d, const char *dir, struct dir_entry **out, dev_t *dev,
			 struct strbuf *err);

int list_dir_entries(const char *dir, struct dir_entry **out, dev_t *dev, struct strbuf *err)
{
	return list_open_dir(opendir(dir), dir, out, dev, err);
}

/* The listing of d (closed after; NULL when opening failed, errno set). */
static int list_open_dir(DIR *d, const char *dir, struct dir_entry **out, dev_t *dev,
			 struct strbuf *err)
{
	*out = NULL;
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

static int names_of(struct dir_entry *v, int n, char ***names);

int list_dir(const char *dir, char ***names, struct strbuf *err)
{
	struct dir_entry *v;
	int n = list_dir_entries(dir, &v, NULL, err);
	return names_of(v, n, names);
}

/* The names of v[0..n) moved to *names; v freed. */
static int names_of(struct dir_entry *v, int n, char ***names)
{
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

bool same_file(const char *a, const char *b)
{
	struct stat x, y;
	return !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

FILE *replace_open(struct replace *r, const char *path, struct strbuf *err)
{
	struct stat st;
	memset(r, 0, sizeof *r);
	r->path = path;
	bool exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		FILE *f = fopen(path, "w");
		if (!f)
			strbuf_addf(err, "%s: cannot write: %s", path, strerror(errno));
		return f;
	}
	char *real = exists ? realpath(path, NULL) : NULL;
	r->final = real ? real : xstrdup(path);
	size_t n = strlen(r->final) + 16;
	r->tmp = xmalloc(n);
	snprintf(r->tmp, n, "%s.tmp.XXXXXX", r->final);
	int fd = mkstemp(r->tmp);
	FILE *f = NULL;
	if (fd >= 0) {
		/* mkstemp makes it 0600: the mode the file had, or a new file's */
		mode_t mask = umask(0);
		umask(mask);
		(void)fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask);
		if (!(f = fdopen(fd, "w"))) {
			close(fd);
			unlink(r->tmp);
		}
	}
	if (!f) {
		strbuf_addf(err, "%s: cannot write: %s", path, strerror(errno));
		free(r->tmp);
		free(r->final);
		memset(r, 0, sizeof *r);
	}
	return f;
}

int replace_close(struct replace *r, FILE *f, bool ok, struct strbuf *err)
{
	bool werr = ferror(f) != 0;
	int e = errno;
	if (fclose(f) != 0 && !werr)
		werr = true, e = errno;
	int rc = 0;
	if (werr && ok) {
		strbuf_addf(err, "%s: writing failed: %s (nothing written there)", r->path,
			    strerror(e));
		rc = -1;
	} else if (ok && r->tmp && rename(r->tmp, r->final) != 0) {
		strbuf_addf(err, "%s: cannot write: %s", r->path, strerror(errno));
		rc = -1;
	}
	if (r->tmp && (!ok || rc))
		unlink(r->tmp);
	free(r->tmp);
	free(r->final);
	memset(r, 0, sizeof *r);
	return ok ? rc : -1;
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

/* ---- files under a root ----
 *
 * A root (collect --root) is a tree from elsewhere: a link in it may point
 * anywhere on this machine (proc/sys/kernel/hostname -> /etc/shadow), and a
 * FIFO or device in it would block or act on open.  Paths are therefore
 * resolved by the kernel under the root (openat2 RESOLVE_BENEATH: absolute
 * links, ".." above the root and /proc magic links fail with EXDEV), or,
 * where openat2 is missing (Linux < 5.6), by realpath and a prefix check,
 * then opened with O_NOFOLLOW.  Only regular files are read. */

static bool whole_machine(const char *root)
{
	return !root || !*root || !strcmp(root, "/");
}

static void describe_under(struct strbuf *err, const char *root, const char *path, int errnum)
{
	struct strbuf full = STRBUF_INIT;
	path_join(&full, root, path);
	if (errnum == EXDEV) {
		if (err) {
			strbuf_reset(err);
			strbuf_addf(err,
				    "%s: leads out of the root %s (a symbolic link or \"..\"); "
				    "not followed",
				    full.buf, root);
		}
	} else {
		describe_errno(err, full.buf, errnum);
	}
	strbuf_release(&full);
}

#ifdef SYS_openat2
/*
 * openat2 with RESOLVE_BENEATH fails with EAGAIN when a rename or mount
 * anywhere on the system races with a lookup through ".." (sysfs links are
 * all "../../devices/..."): openat2(2) says to retry.  Without the retry, a
 * busy machine turned a readable attribute into "unreadable" now and then,
 * and a component lost a field (a scan's count changed from run to run).
 * CHIPSCREEN_OPENAT2_EAGAIN=N (tests) makes the first N calls fail so.
 */
static int openat2_beneath(int dirfd, const char *rel, int flags)
{
	static int injected = -1;
	if (injected < 0) {
		const char *e = getenv("CHIPSCREEN_OPENAT2_EAGAIN");
		injected = e ? atoi(e) : 0;
	}
	struct open_how how = {.flags = (uint64_t)flags,
			       .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
	for (int tries = 0;; tries++) {
		int fd;
		if (injected > 0) {
			injected--;
			fd = -1;
			errno = EAGAIN;
		} else {
			fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
		}
		if (fd >= 0 || errno != EAGAIN || tries == 1000)
			return fd;
	}
}
#endif

/* Does path climb above its root with ".." (lexically, as openat2 sees it)? */
static bool climbs_out(const char *path)
{
	int depth = 0;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return true;
		} else if (n && !(n == 1 && p[0] == '.')) {
			depth++;
		}
		p += n;
	}
	return false;
}

/* The fallback: the real path must stay under the real root. */
static int open_checked(const char *root, const char *path, int flags)
{
	struct strbuf full = STRBUF_INIT;
	path_join(&full, root, path);
	/* errno at once: a realpath that succeeds may still change it */
	char *real = realpath(full.buf, NULL);
	int why = errno;
	char *rroot = real ? realpath(root, NULL) : NULL;
	why = real && !rroot ? errno : why;
	strbuf_release(&full);
	int fd = -1;
	size_t n = rroot ? strlen(rroot) : 0;
	if (climbs_out(path)) {
		errno = EXDEV; /* as openat2 says it, whether or not the target exists */
	} else if (!real || !rroot) {
		errno = why;
	} else if (strncmp(real, rroot, n) || (real[n] != '/' && real[n] != '\0')) {
		errno = EXDEV;
	} else {
		fd = open(real, flags | O_NOFOLLOW);
	}
	int saved = errno;
	free(real);
	free(rroot);
	errno = saved;
	return fd;
}

int open_beneath(const char *root, const char *path, int flags, struct strbuf *err)
{
	/* openat2 refuses O_PATH with any flag but O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC */
	flags |= O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY);
	if (whole_machine(root)) {
		int fd = open(path, flags);
		if (fd < 0)
			describe_errno(err, path, errno);
		return fd;
	}
	int fd = -1;
#ifdef SYS_openat2
	/* CHIPSCREEN_NO_OPENAT2 (tests): the fallback, as on Linux < 5.6 */
	if (getenv("CHIPSCREEN_NO_OPENAT2")) {
		fd = open_checked(root, path, flags);
		if (fd < 0)
			describe_under(err, root, path, errno);
		return fd;
	}
	int rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0) {
		describe_errno(err, root, errno);
		return -1;
	}
	const char *rel = path;
	while (*rel == '/')
		rel++;
	fd = openat2_beneath(rfd, *rel ? rel : ".", flags);
	int saved = errno;
	close(rfd);
	errno = saved;
	if (fd < 0 && (errno == ENOSYS || errno == EAGAIN)) /* EAGAIN: still racing */
		fd = open_checked(root, path, flags);
#else
	fd = open_checked(root, path, flags);
#endif
	if (fd < 0)
		describe_under(err, root, path, errno);
	return fd;
}

int read_file_beneath(const char *root, const char *path, size_t max, struct strbuf *out,
		      struct strbuf *err)
{
	strbuf_reset(out);
	/* O_PATH first: a device node or FIFO is never opened for reading
	 * (opening some devices acts; a FIFO blocks).  O_NONBLOCK on the real
	 * open covers a file swapped for a FIFO in between. */
	int fd = open_beneath(root, path, O_PATH, err);
	if (fd < 0)
		return -1;
	struct stat st;
	int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	close(fd);
	if (ok)
		fd = open_beneath(root, path, O_RDONLY | O_NONBLOCK, err);
	if (ok && fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		ok = 0;
	}
	if (!ok) {
		struct strbuf full = STRBUF_INIT;
		path_join(&full, root, path);
		if (S_ISDIR(st.st_mode)) {
			describe_errno(err, full.buf, EISDIR);
		} else if (err) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: not a regular file (%s); not read", full.buf,
				    S_ISFIFO(st.st_mode)   ? "a FIFO"
				    : S_ISSOCK(st.st_mode) ? "a socket"
							   : "a device");
		}
		strbuf_release(&full);
		return -1;
	}
	if (fd < 0)
		return -1;
	struct strbuf full = STRBUF_INIT;
	path_join(&full, root, path);
	int rc = read_fd(fd, full.buf, max, out, err);
	strbuf_release(&full);
	return rc;
}

int list_dir_beneath(const char *root, const char *dir, char ***names, struct strbuf *err)
{
	*names = NULL;
	if (whole_machine(root))
		return list_dir(dir, names, err);
	int fd = open_beneath(root, dir, O_RDONLY | O_DIRECTORY, err);
	if (fd < 0)
		return -1;
	/* Listed from the descriptor: what was resolved under the root is
	 * what is listed, whatever the path's links do meanwhile. */
	struct strbuf full = STRBUF_INIT;
	path_join(&full, root, dir);
	DIR *d = fdopendir(fd);
	if (!d)
		close(fd);
	struct dir_entry *v;
	int n = list_open_dir(d, full.buf, &v, NULL, err);
	strbuf_release(&full);
	return names_of(v, n, names);
}

int readlink_beneath(const char *root, const char *path, struct strbuf *out)
{
	char buf[PATH_MAX];
	ssize_t n;
	if (whole_machine(root)) {
		n = readlink(path, buf, sizeof buf - 1);
	} else {
		/* The directory resolved under the root; the link itself read, not followed. */
		const char *slash = strrchr(path, '/');
		struct strbuf parent = STRBUF_INIT;
		strbuf_add(&parent, path, slash ? (size_t)(slash - path) : 0);
		int fd = open_beneath(root, parent.len ? parent.buf : "/", O_PATH | O_DIRECTORY,
				      NULL);
		strbuf_release(&parent);
		if (fd < 0)
			return -1;
		n = readlinkat(fd, slash ? slash + 1 : path, buf, sizeof buf - 1);
		close(fd);
	}
	if (n < 0)
		return -1;
	strbuf_reset(out);
	strbuf_add(out, buf, (size_t)n);
	return 0;
}

bool exists_beneath(const char *root, const char *path)
{
	if (whole_machine(root))
		return path_exists(path);
	int fd = open_beneath(root, path, O_PATH, NULL);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}
