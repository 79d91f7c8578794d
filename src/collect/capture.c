/*
 * capture.c — record what collect reads, copy it to a directory or a
 * .tar.gz, and extract captures safely (see capture.h).
 *
 * Recording gives logical paths ("/sys/block/sda/device/vendor").  Each is
 * walked from the root one component at a time with lstat: a link is noted
 * with its target and the walk goes on from where it points, a directory is
 * noted and entered.  The result is a set of physical entries (directory,
 * file, link) that is sorted, so parents come before children, and written
 * out.  File contents are read only when written, so memory stays small.
 */
#include "collect/capture.h"
#include "collect/collect.h"
#include "collect/sysfs.h"
#include "util/fileio.h"
#include "util/lazylib.h"
#include "util/xalloc.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MANIFEST "chipscreen-capture.txt"
#define MAX_HOPS 40 /* links followed in one path, as the kernel's ELOOP limit */

/* libarchive, loaded on first use (util/lazylib.h): commands that never see
 * an archive do not pay for mapping it. */
#define ARCHIVE_FUNCS(X)                                                                           \
	X(archive_entry_filetype)                                                                  \
	X(archive_entry_free)                                                                      \
	X(archive_entry_hardlink)                                                                  \
	X(archive_entry_new)                                                                       \
	X(archive_entry_pathname)                                                                  \
	X(archive_entry_perm)                                                                      \
	X(archive_entry_set_filetype)                                                              \
	X(archive_entry_set_mtime)                                                                 \
	X(archive_entry_set_pathname)                                                              \
	X(archive_entry_set_perm)                                                                  \
	X(archive_entry_set_size)                                                                  \
	X(archive_entry_set_symlink)                                                               \
	X(archive_entry_size)                                                                      \
	X(archive_entry_symlink)                                                                   \
	X(archive_error_string)                                                                    \
	X(archive_read_data_block)                                                                 \
	X(archive_read_free)                                                                       \
	X(archive_read_new)                                                                        \
	X(archive_read_next_header)                                                                \
	X(archive_read_open_filename)                                                              \
	X(archive_read_support_filter_all)                                                         \
	X(archive_read_support_format_tar)                                                         \
	X(archive_write_add_filter_gzip)                                                           \
	X(archive_write_close)                                                                     \
	X(archive_write_data)                                                                      \
	X(archive_write_data_block)                                                                \
	X(archive_write_disk_new)                                                                  \
	X(archive_write_disk_set_options)                                                          \
	X(archive_write_finish_entry)                                                              \
	X(archive_write_free)                                                                      \
	X(archive_write_header)                                                                    \
	X(archive_write_new)                                                                       \
	X(archive_write_open_filename)                                                             \
	X(archive_write_set_format_pax_restricted)
ARCHIVE_FUNCS(LAZYLIB_DECLARE)
static const struct lazysym archive_syms[] = {ARCHIVE_FUNCS(LAZYLIB_ENTRY){NULL, NULL}};
#ifndef LIBARCHIVE_SONAME
#define LIBARCHIVE_SONAME "libarchive.so.13"
#endif
static struct lazylib libarchive =
	LAZYLIB_INIT(LIBARCHIVE_SONAME, "libarchive13", "capture archives (.tar.gz)", archive_syms);

/* ---- recording ---- */

struct pathset {
	char **v;
	size_t n, cap;
};

static void pathset_add(struct pathset *s, const char *p)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = xstrdup(p);
}

static void record_path(void *arg, const char *path)
{
	pathset_add(arg, path);
}

static void pathset_free(struct pathset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* ---- the entries to copy ---- */

enum etype { E_DIR, E_FILE, E_LINK, E_OTHER };

struct centry {
	char *path; /* physical, root-relative, leading '/' */
	enum etype type;
	char *target; /* E_LINK */
};

struct entries {
	struct centry *v;
	size_t n, cap;
};

static void add_entry(struct entries *e, const char *path, enum etype type, const char *target)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 256;
		e->v = xreallocarray(e->v, e->cap, sizeof *e->v);
	}
	e->v[e->n++] = (struct centry){xstrdup(path), type, target ? xstrdup(target) : NULL};
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct centry *)a)->path, ((const struct centry *)b)->path);
}

static void entries_sort_unique(struct entries *e)
{
	if (!e->n)
		return;
	qsort(e->v, e->n, sizeof *e->v, cmp_entry);
	size_t o = 1;
	for (size_t i = 1; i < e->n; i++) {
		if (!strcmp(e->v[i].path, e->v[o - 1].path)) {
			free(e->v[i].path);
			free(e->v[i].target);
			continue;
		}
		e->v[o++] = e->v[i];
	}
	e->n = o;
}

static void entries_free(struct entries *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].path);
		free(e->v[i].target);
	}
	free(e->v);
}

/* ---- walking recorded paths ---- */

/* The number of components of a path, counting a name after each '/'. */
static int ncomponents(const char *p)
{
	int d = 0;
	bool in = false;
	for (; *p; p++) {
		if (*p == '/')
			in = false;
		else if (!in) {
			in = true;
			d++;
		}
	}
	return d;
}

/*
 * The target to store for a link at linkpath (physical).  Relative targets
 * that stay inside the tree are kept as they are.  Absolute ones, and ones
 * that climb above the root (where the kernel stops at "/"), are rewritten
 * relative to the link, pointing where they resolve, so the capture stays
 * self-contained.
 */
void capture_link_target(const char *linkpath, const char *target, struct strbuf *out)
{
	struct strbuf dir = STRBUF_INIT, resolved = STRBUF_INIT;
	strbuf_addstr(&dir, linkpath);
	char *slash = strrchr(dir.buf, '/');
	strbuf_setlen(&dir, slash ? (size_t)(slash - dir.buf) : 0);
	int d = ncomponents(dir.buf), ups = 0;
	bool inside = target[0] != '/', leading = true;
	for (const char *p = target; *p && inside;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2)) {
			inside = leading && ++ups <= d;
		} else if (n && !(n == 1 && *p == '.')) {
			leading = false;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	strbuf_reset(out);
	if (inside) {
		strbuf_addstr(out, target);
	} else {
		/* resolve lexically from the root, then express relative to dir */
		sysfs_join(&resolved, dir.buf, target);
		if (!strcmp(resolved.buf, "/"))
			strbuf_reset(&resolved);
		for (int i = 0; i < d; i++)
			strbuf_addstr(out, i ? "/.." : "..");
		if (resolved.len)
			strbuf_addf(out, "%s%s", d ? "" : ".", resolved.buf);
		else if (!d)
			strbuf_addch(out, '.');
	}
	strbuf_release(&dir);
	strbuf_release(&resolved);
}

struct walker {
	const char *root;
	struct entries *e;
	struct strbuf full; /* scratch: root + path */
};

static const char *full_path(struct walker *w, const char *path)
{
	path_join(&w->full, w->root, *path ? path : "/");
	return w->full.buf;
}

/* A listed directory: its links and subdirectories, so a replayed listing
 * finds the same devices. */
static void add_listing(struct walker *w, const char *dir)
{
	char **names;
	int n = list_dir(full_path(w, dir), &names, NULL);
	struct strbuf p = STRBUF_INIT, t = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", dir, names[i]);
		struct stat st;
		if (lstat(full_path(w, p.buf), &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			add_entry(w->e, p.buf, E_DIR, NULL);
		} else if (S_ISLNK(st.st_mode)) {
			char buf[PATH_MAX];
			ssize_t k = readlink(w->full.buf, buf, sizeof buf - 1);
			if (k < 0)
				continue;
			buf[k] = '\0';
			capture_link_target(p.buf, buf, &t);
			add_entry(w->e, p.buf, E_LINK, t.buf);
		}
	}
	free_names(names, n > 0 ? n : 0);
	strbuf_release(&p);
	strbuf_release(&t);
}

/* Walk one recorded path, adding what it goes through and where it ends. */
static void walk(struct walker *w, const char *path)
{
	struct strbuf cur = STRBUF_INIT, rest = STRBUF_INIT, next = STRBUF_INIT, t = STRBUF_INIT;
	strbuf_addstr(&rest, path);
	/* A listing is recorded as the path of the directory; one that ends in a
	 * link is the link itself (a readlink) unless written with a trailing
	 * slash, which names the directory it points to (as in POSIX). */
	bool slash = rest.len && rest.buf[rest.len - 1] == '/', final_link = false;
	int hops = 0;
	while (rest.len) {
		/* take the first component of rest */
		size_t skip = strspn(rest.buf, "/");
		size_t n = strcspn(rest.buf + skip, "/");
		strbuf_reset(&next);
		strbuf_add(&next, rest.buf + skip, n);
		memmove(rest.buf, rest.buf + skip + n, rest.len - skip - n + 1);
		rest.len -= skip + n;
		bool last = strspn(rest.buf, "/") == rest.len;
		if (!next.len || !strcmp(next.buf, "."))
			continue;
		if (!strcmp(next.buf, "..")) {
			char *s = strrchr(cur.buf, '/');
			strbuf_setlen(&cur, s ? (size_t)(s - cur.buf) : 0);
			continue;
		}
		size_t keep = cur.len;
		strbuf_addch(&cur, '/');
		strbuf_add(&cur, next.buf, next.len);
		struct stat st;
		if (lstat(full_path(w, cur.buf), &st) < 0)
			break;
		if (S_ISLNK(st.st_mode)) {
			char buf[PATH_MAX];
			ssize_t k = readlink(w->full.buf, buf, sizeof buf - 1);
			if (k < 0 || ++hops > MAX_HOPS)
				break;
			buf[k] = '\0';
			capture_link_target(cur.buf, buf, &t);
			add_entry(w->e, cur.buf, E_LINK, t.buf);
			final_link = final_link || last;
			/* continue from where the link points */
			strbuf_reset(&next);
			strbuf_addf(&next, "%s/%s", buf, rest.buf);
			strbuf_reset(&rest);
			strbuf_add(&rest, next.buf, next.len);
			strbuf_setlen(&cur, buf[0] == '/' ? 0 : keep);
		} else if (S_ISDIR(st.st_mode)) {
			add_entry(w->e, cur.buf, E_DIR, NULL);
			if (last && (!final_link || slash))
				add_listing(w, cur.buf);
		} else {
			if (last)
				add_entry(w->e, cur.buf, S_ISREG(st.st_mode) ? E_FILE : E_OTHER,
					  NULL);
			break;
		}
	}
	strbuf_release(&cur);
	strbuf_release(&rest);
	strbuf_release(&next);
	strbuf_release(&t);
}

/* ---- writing ---- */

struct writer {
	const char *root; /* where files are read from */
	const char *out;
	struct archive *ar; /* NULL: writing a directory */
	struct capture_stats *st;
	struct strbuf notes; /* what was not copied, for the manifest */
	struct strbuf err;
	time_t now;
};

/* Read a file to copy.  1: read; 0: unreadable for permissions (kept as
 * an empty file without permissions); -1: not copied (noted). */
static int read_for_copy(struct writer *wr, const char *path, struct strbuf *data)
{
	struct strbuf full = STRBUF_INIT, e = STRBUF_INIT;
	path_join(&full, wr->root, path);
	int rc = 1;
	int fd = open(full.buf, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && (errno == EACCES || errno == EPERM)) {
		strbuf_addf(&wr->notes,
			    "  %s: permission denied (kept as an empty file without "
			    "permissions)\n",
			    path);
		rc = 0;
	} else {
		if (fd >= 0)
			close(fd);
		/* beneath the root, as collect read it: never a file outside */
		if (read_file_beneath(wr->root, path, CAPTURE_MAX_FILE, data, &e) < 0) {
			strbuf_addf(&wr->notes, "  %s: not copied: %s\n", path, e.buf);
			rc = -1;
		}
	}
	strbuf_release(&full);
	strbuf_release(&e);
	return rc;
}

static int ar_fail(struct writer *wr, const char *what)
{
	strbuf_reset(&wr->err);
	strbuf_addf(&wr->err, "%s: %s: %s", wr->out, what, sym_archive_error_string(wr->ar));
	return -1;
}

static int ar_put(struct writer *wr, const char *path, enum etype type, const char *target,
		  const char *data, size_t len, unsigned perm)
{
	struct archive_entry *ae = sym_archive_entry_new();
	sym_archive_entry_set_pathname(ae, path + 1); /* relative: no leading '/' */
	sym_archive_entry_set_mtime(ae, wr->now, 0);
	if (type == E_DIR) {
		sym_archive_entry_set_filetype(ae, AE_IFDIR);
		sym_archive_entry_set_perm(ae, 0755);
	} else if (type == E_LINK) {
		sym_archive_entry_set_filetype(ae, AE_IFLNK);
		sym_archive_entry_set_perm(ae, 0777);
		sym_archive_entry_set_symlink(ae, target);
	} else {
		sym_archive_entry_set_filetype(ae, AE_IFREG);
		sym_archive_entry_set_perm(ae, perm);
		sym_archive_entry_set_size(ae, (la_int64_t)len);
	}
	int rc = 0;
	if (sym_archive_write_header(wr->ar, ae) != ARCHIVE_OK)
		rc = ar_fail(wr, path);
	else if (len && sym_archive_write_data(wr->ar, data, len) != (la_ssize_t)len)
		rc = ar_fail(wr, path);
	sym_archive_entry_free(ae);
	return rc;
}

static int dir_put(struct writer *wr, const char *path, enum etype type, const char *target,
		   const char *data, size_t len, unsigned perm)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s%s", wr->out, path);
	int rc = 0;
	strbuf_reset(&wr->err);
	if (type == E_DIR) {
		rc = make_dirs(p.buf, &wr->err);
	} else if (type == E_LINK) {
		if (symlink(target, p.buf) < 0) {
			describe_errno(&wr->err, p.buf, errno);
			rc = -1;
		}
	} else {
		rc = write_file(p.buf, data, len, &wr->err);
		if (rc == 0 && chmod(p.buf, perm) < 0) {
			describe_errno(&wr->err, p.buf, errno);
			rc = -1;
		}
	}
	strbuf_release(&p);
	return rc;
}

static int put(struct writer *wr, const char *path, enum etype type, const char *target,
	       const char *data, size_t len, unsigned perm)
{
	return wr->ar ? ar_put(wr, path, type, target, data, len, perm)
		      : dir_put(wr, path, type, target, data, len, perm);
}

static int write_entry(struct writer *wr, const struct centry *ce)
{
	if (ce->type == E_DIR) {
		wr->st->dirs++;
		return put(wr, ce->path, E_DIR, NULL, NULL, 0, 0);
	}
	if (ce->type == E_LINK) {
		wr->st->links++;
		return put(wr, ce->path, E_LINK, ce->target, NULL, 0, 0);
	}
	if (ce->type == E_OTHER) {
		strbuf_addf(&wr->notes, "  %s: not copied: not a regular file\n", ce->path);
		wr->st->skipped++;
		return 0;
	}
	struct strbuf data = STRBUF_INIT;
	int r = read_for_copy(wr, ce->path, &data), rc = 0;
	if (r > 0) {
		wr->st->files++;
		rc = put(wr, ce->path, E_FILE, NULL, data.buf, data.len, 0444);
	} else if (r == 0) {
		wr->st->unreadable++;
		rc = put(wr, ce->path, E_FILE, NULL, NULL, 0, 0);
	} else {
		wr->st->skipped++;
	}
	strbuf_release(&data);
	return rc;
}

static void manifest(struct writer *wr, const struct inventory *inv, const char *root,
		     struct strbuf *m)
{
	strbuf_addf(m,
		    "chipscreen capture\n"
		    "collector: %s\n"
		    "captured_at: %s\n"
		    "captured_as_root: %s\n"
		    "root: %s\n"
		    "hostname: %s\n"
		    "files: %zu\nlinks: %zu\ndirectories: %zu\n"
		    "unreadable: %zu\nnot_copied: %zu\n\n",
		    inv->host.collector ? inv->host.collector : "chipscreen",
		    inv->host.collected_at ? inv->host.collected_at : "",
		    inv->host.is_root ? "yes" : "no", root,
		    inv->host.hostname ? inv->host.hostname : "(unknown)", wr->st->files,
		    wr->st->links, wr->st->dirs, wr->st->unreadable, wr->st->skipped);
	strbuf_addstr(m,
		      "This tree holds exactly the files `chipscreen collect` read on this\n"
		      "machine (sysfs attributes, SMBIOS/DMI tables, SPD EEPROM contents), the\n"
		      "links and subdirectories of the directories it listed, and the symbolic\n"
		      "links met on the way.  It holds the SERIAL NUMBERS of the machine and of\n"
		      "its parts, and the hostname: treat it as you treat an asset register.\n"
		      "\n"
		      "Replay it with:  chipscreen collect --root THIS  (or scan --root THIS)\n");
	if (wr->notes.len)
		strbuf_addf(m, "\nNot copied as read:\n%s", wr->notes.buf);
}

static int check_out_dir(const char *out, struct strbuf *err)
{
	struct stat st;
	if (stat(out, &st) < 0)
		return make_dirs(out, err);
	if (!S_ISDIR(st.st_mode)) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: exists and is not a directory", out);
		return -1;
	}
	char **names;
	int n = list_dir(out, &names, err);
	free_names(names, n > 0 ? n : 0);
	if (n != 0) {
		if (n > 0) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: exists and is not empty; give a new directory", out);
		}
		return -1;
	}
	return 0;
}

static int open_out(struct writer *wr, struct strbuf *err)
{
	if (!capture_is_archive_name(wr->out))
		return check_out_dir(wr->out, err);
	if (lazylib_load(&libarchive, err) < 0)
		return -1;
	wr->ar = sym_archive_write_new();
	if (sym_archive_write_add_filter_gzip(wr->ar) != ARCHIVE_OK ||
	    sym_archive_write_set_format_pax_restricted(wr->ar) != ARCHIVE_OK ||
	    sym_archive_write_open_filename(wr->ar, wr->out) != ARCHIVE_OK) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: cannot write: %s", wr->out, sym_archive_error_string(wr->ar));
		sym_archive_write_free(wr->ar);
		wr->ar = NULL;
		return -1;
	}
	return 0;
}

static int write_all(struct writer *wr, const struct entries *e, const struct inventory *inv,
		     const char *root)
{
	for (size_t i = 0; i < e->n; i++)
		if (write_entry(wr, &e->v[i]) < 0)
			return -1;
	struct strbuf m = STRBUF_INIT;
	manifest(wr, inv, root, &m);
	int rc = put(wr, "/" MANIFEST, E_FILE, NULL, m.buf, m.len, 0444);
	strbuf_release(&m);
	return rc;
}

bool capture_is_archive_name(const char *out)
{
	size_t n = strlen(out);
	return (n > 7 && !strcmp(out + n - 7, ".tar.gz")) ||
	       (n > 4 && !strcmp(out + n - 4, ".tgz"));
}

bool capture_is_capture(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return false;
	if (!S_ISDIR(st.st_mode))
		return S_ISREG(st.st_mode) && capture_is_archive_name(path);
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "%s/" MANIFEST, path);
	bool yes = lstat(m.buf, &st) == 0 && S_ISREG(st.st_mode);
	strbuf_release(&m);
	return yes;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw);

/* What a capture that failed midway wrote into out, a directory that was
 * new or empty: removed, so that no partial tree is left to be read with
 * --root as if it were the machine (a capture cut before the SMBIOS tables
 * would be a machine without memory).  made: out itself was created. */
static void unwrite_dir(const char *out, bool made)
{
	nftw(out, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (!made)
		mkdir(out, 0777); /* the empty directory the user gave, as it was */
}

int capture_run(const char *root, const char *out, struct capture_stats *st, struct strbuf *err)
{
	struct capture_root r;
	/* writing the archive being read would destroy it, and a failed write
	 * would then remove it */
	if (same_file(root, out)) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: is the capture being read (--root): give another output",
			    out);
		return -1;
	}
	bool made = !path_exists(out);
	if (capture_open(root, &r, err) < 0)
		return -1;
	memset(st, 0, sizeof *st);
	struct pathset paths = {0};
	struct inventory *inv = inventory_new();
	struct collect_ctx cc = {
		.root = r.dir, .inv = inv, .record = record_path, .record_arg = &paths};
	collect_all(&cc);

	struct entries e = {0};
	struct walker w = {.root = r.dir, .e = &e, .full = STRBUF_INIT};
	for (size_t i = 0; i < paths.n; i++)
		walk(&w, paths.v[i]);
	entries_sort_unique(&e);

	struct writer wr = {.root = r.dir,
			    .out = out,
			    .st = st,
			    .notes = STRBUF_INIT,
			    .err = STRBUF_INIT,
			    .now = time(NULL)};
	int rc = open_out(&wr, err);
	bool opened = rc == 0;
	if (rc == 0 && write_all(&wr, &e, inv, root) < 0) {
		strbuf_reset(err);
		strbuf_addstr(err, wr.err.buf);
		rc = -1;
	}
	if (wr.ar) {
		if (sym_archive_write_close(wr.ar) != ARCHIVE_OK && rc == 0) {
			rc = ar_fail(&wr, "closing");
			strbuf_reset(err);
			strbuf_addstr(err, wr.err.buf);
		}
		sym_archive_write_free(wr.ar);
		if (rc < 0)
			unlink(out); /* no half archive that looks like a capture */
	} else if (rc < 0 && opened) {
		unwrite_dir(out, made);
		strbuf_addf(err, " (nothing of the capture was kept in %s)", out);
	}
	strbuf_release(&wr.notes);
	strbuf_release(&wr.err);
	strbuf_release(&w.full);
	entries_free(&e);
	pathset_free(&paths);
	inventory_free(inv);
	capture_close(&r);
	return rc;
}

/* ---- extraction ---- */

static int refuse(struct strbuf *err, const char *archive, const char *entry, const char *why)
{
	strbuf_reset(err);
	strbuf_addf(err, "%s: entry \"%s\": %s; not a chipscreen capture, or a hostile one",
		    archive, entry, why);
	return -1;
}

/* The entry name made relative ("./sys/x" -> "sys/x"), or -1 when it is
 * absolute or climbs with "..". */
static int entry_name(const char *name, struct strbuf *rel, const char **why)
{
	strbuf_reset(rel);
	if (name[0] == '/') {
		*why = "absolute path";
		return -1;
	}
	const char *p = name;
	while (*p) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2)) {
			*why = "\"..\" in the path";
			return -1;
		}
		if (n && !(n == 1 && *p == '.')) {
			if (rel->len)
				strbuf_addch(rel, '/');
			strbuf_add(rel, p, n);
		}
		p += n;
	}
	return 0;
}

/* A link target must be relative, made of leading ".." then names only, and
 * climb no higher than the link's own directory is deep.  Each link then
 * resolves inside the tree, whatever other links it goes through. */
static bool target_inside(const char *rel, const char *target)
{
	if (target[0] == '/' || !target[0])
		return false;
	int depth = ncomponents(rel) - 1;
	bool names = false;
	const char *p = target;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2)) {
			if (names || --depth < 0)
				return false;
		} else if (n && !(n == 1 && *p == '.')) {
			names = true;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	return true;
}

static int copy_data(struct archive *in, struct archive *out, const char *archive,
		     const char *entry, size_t *total, struct strbuf *err)
{
	const void *buf;
	size_t size;
	la_int64_t off;
	int r;
	while ((r = sym_archive_read_data_block(in, &buf, &size, &off)) == ARCHIVE_OK) {
		*total += size;
		if (*total > CAPTURE_MAX_TOTAL)
			return refuse(err, archive, entry,
				      "the archive unpacks to more than 512 MiB");
		if (sym_archive_write_data_block(out, buf, size, off) != ARCHIVE_OK) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: entry \"%s\": %s", archive, entry,
				    sym_archive_error_string(out));
			return -1;
		}
	}
	if (r != ARCHIVE_EOF) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: entry \"%s\": %s", archive, entry,
			    sym_archive_error_string(in));
		return -1;
	}
	return 0;
}

struct extraction {
	size_t total;                /* bytes written */
	size_t outside;              /* links left out: their target leaves the tree */
	struct strbuf first_outside; /* the first of them, for the message */
};

static int extract_entry(struct archive *in, struct archive *out, struct archive_entry *ae,
			 const char *archive, const char *dir, struct extraction *x,
			 struct strbuf *err)
{
	const char *pathname = sym_archive_entry_pathname(ae), *why = NULL;
	if (!pathname)
		return refuse(err, archive, "?", "no name");
	/* A copy: archive_entry_set_pathname below frees the entry's own
	 * string, and every message after it names the entry. */
	struct strbuf own = STRBUF_INIT, rel = STRBUF_INIT, full = STRBUF_INIT;
	strbuf_addstr(&own, pathname);
	const char *name = own.buf;
	int rc = 0;
	unsigned type = sym_archive_entry_filetype(ae);
	const char *link = sym_archive_entry_symlink(ae);
	if (entry_name(name, &rel, &why) < 0) {
		rc = refuse(err, archive, name, why);
	} else if (!rel.len) {
		rc = 0; /* the archive's own top directory */
	} else if (sym_archive_entry_hardlink(ae)) {
		rc = refuse(err, archive, name, "hard link");
	} else if (type == AE_IFLNK && !target_inside(rel.buf, link ? link : "")) {
		/* Not created, so it cannot lead a reader out of the tree.  Real
		 * trees have such links (a snapshot cut below /sys/module), so
		 * this is a note, not a refusal. */
		if (!x->outside++)
			strbuf_addf(&x->first_outside, "%s -> %s", name, link ? link : "");
	} else if (type != AE_IFDIR && type != AE_IFREG && type != AE_IFLNK) {
		rc = refuse(err, archive, name, "neither a file, a directory nor a symbolic link");
	} else if (type == AE_IFREG && sym_archive_entry_size(ae) > (la_int64_t)CAPTURE_MAX_FILE) {
		rc = refuse(err, archive, name, "a file larger than 64 MiB");
	} else {
		strbuf_addf(&full, "%s/%s", dir, rel.buf);
		sym_archive_entry_set_pathname(ae, full.buf);
		if (type == AE_IFDIR)
			sym_archive_entry_set_perm(ae, 0755);
		else if (type == AE_IFREG)
			sym_archive_entry_set_perm(ae,
						   (sym_archive_entry_perm(ae) & 0400) ? 0644 : 0);
		if (sym_archive_write_header(out, ae) != ARCHIVE_OK) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: entry \"%s\": %s", archive, name,
				    sym_archive_error_string(out));
			rc = -1;
		} else if (type == AE_IFREG) {
			rc = copy_data(in, out, archive, name, &x->total, err);
		}
		if (rc == 0 && sym_archive_write_finish_entry(out) != ARCHIVE_OK) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: entry \"%s\": %s", archive, name,
				    sym_archive_error_string(out));
			rc = -1;
		}
	}
	strbuf_release(&own);
	strbuf_release(&rel);
	strbuf_release(&full);
	return rc;
}

int capture_extract(const char *archive, const char *dir, struct strbuf *note, struct strbuf *err)
{
	if (note)
		strbuf_reset(note);
	if (lazylib_load(&libarchive, err) < 0)
		return -1;
	struct archive *in = sym_archive_read_new();
	sym_archive_read_support_filter_all(in);
	sym_archive_read_support_format_tar(in);
	struct archive *out = sym_archive_write_disk_new();
	sym_archive_write_disk_set_options(out, ARCHIVE_EXTRACT_SECURE_SYMLINKS |
							ARCHIVE_EXTRACT_SECURE_NODOTDOT);
	int rc = 0;
	if (sym_archive_read_open_filename(in, archive, 64 * 1024) != ARCHIVE_OK) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: not a readable capture archive: %s", archive,
			    sym_archive_error_string(in));
		rc = -1;
	}
	struct extraction x = {.first_outside = STRBUF_INIT};
	size_t count = 0;
	struct archive_entry *ae;
	while (rc == 0) {
		int r = sym_archive_read_next_header(in, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: not a readable capture archive: %s", archive,
				    sym_archive_error_string(in));
			rc = -1;
			break;
		}
		if (++count > CAPTURE_MAX_ENTRIES) {
			const char *name = sym_archive_entry_pathname(ae);
			rc = refuse(err, archive, name ? name : "?", "more than 200000 entries");
			break;
		}
		rc = extract_entry(in, out, ae, archive, dir, &x, err);
	}
	if (sym_archive_write_close(out) != ARCHIVE_OK && rc == 0) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: %s", archive, sym_archive_error_string(out));
		rc = -1;
	}
	if (note) {
		strbuf_reset(note);
		if (x.outside)
			strbuf_addf(note,
				    "%zu symbolic link%s pointing outside the capture %s not "
				    "extracted (%s%s)",
				    x.outside, x.outside > 1 ? "s" : "",
				    x.outside > 1 ? "were" : "was", x.first_outside.buf,
				    x.outside > 1 ? ", ..." : "");
	}
	strbuf_release(&x.first_outside);
	sym_archive_write_free(out);
	sym_archive_read_free(in);
	return rc;
}

/* ---- roots ---- */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

int capture_open(const char *root, struct capture_root *r, struct strbuf *err)
{
	memset(r, 0, sizeof *r);
	struct stat st;
	if (stat(root, &st) < 0) {
		describe_errno(err, root, errno);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		r->dir = xstrdup(root);
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: neither a directory nor a capture archive", root);
		return -1;
	}
	const char *t = getenv("TMPDIR");
	struct strbuf tmpl = STRBUF_INIT;
	strbuf_addf(&tmpl, "%s/chipscreen-root-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpl.buf)) {
		describe_errno(err, tmpl.buf, errno);
		strbuf_release(&tmpl);
		return -1;
	}
	/* The real path: extraction refuses to write through links, and the
	 * temporary directory's own path may hold one. */
	char *real = realpath(tmpl.buf, NULL);
	r->tmp = real ? real : xstrdup(tmpl.buf);
	r->dir = xstrdup(r->tmp);
	strbuf_release(&tmpl);
	struct strbuf note = STRBUF_INIT;
	int rc = capture_extract(root, r->dir, &note, err);
	if (note.len)
		r->note = strbuf_detach(&note, NULL);
	strbuf_release(&note);
	if (rc < 0) {
		capture_close(r);
		return -1;
	}
	return 0;
}

void capture_close(struct capture_root *r)
{
	if (r->tmp)
		nftw(r->tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(r->tmp);
	free(r->dir);
	free(r->note);
	memset(r, 0, sizeof *r);
}

/* Replace the temporary directory in s by "archive:". */
static const char *untemp(struct arena *a, const char *s, const char *tmp, const char *archive)
{
	if (!s || !strstr(s, tmp))
		return s;
	struct strbuf sb = STRBUF_INIT;
	size_t tl = strlen(tmp);
	const char *hit;
	while ((hit = strstr(s, tmp))) {
		strbuf_add(&sb, s, (size_t)(hit - s));
		strbuf_addf(&sb, "%s:", archive);
		s = hit + tl;
	}
	strbuf_addstr(&sb, s);
	const char *r = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return r;
}

int capture_collect(struct inventory *inv, const char *root, struct strbuf *err)
{
	struct capture_root r;
	if (capture_open(root, &r, err) < 0)
		return -1;
	collect_run(inv, r.dir);
	if (r.tmp) {
		inv->host.root = arena_strdup(inv->arena, root);
		if (r.note)
			inventory_warn(inv, root, "capture archive", "%s", r.note);
		struct note *lists[2] = {inv->unread, inv->warnings};
		size_t counts[2] = {inv->nunread, inv->nwarnings};
		for (int l = 0; l < 2; l++)
			for (size_t i = 0; i < counts[l]; i++) {
				lists[l][i].path =
					untemp(inv->arena, lists[l][i].path, r.tmp, root);
				lists[l][i].reason =
					untemp(inv->arena, lists[l][i].reason, r.tmp, root);
			}
	}
	capture_close(&r);
	/* a tree with nothing in it (a wrong directory, an empty archive, a
	 * container without /sys) would otherwise be a machine with no
	 * hardware: "No findings", exit 0 */
	if (!inv->ncomps) {
		strbuf_reset(err);
		strbuf_addf(err,
			    "%s: nothing read: no SMBIOS table, PCI function, NVMe controller, "
			    "disk, USB device or MMC card under it (",
			    root);
		if (inv->nwarnings)
			strbuf_addstr(err, inv->warnings[0].reason);
		else
			strbuf_addstr(err, strcmp(root, "/")
						   ? "not a captured tree? chipscreen capture makes one"
						   : "is /sys mounted?");
		strbuf_addch(err, ')');
		return -1;
	}
	return 0;
}
