/*
 * fileio.h — reading files whole, with errors a user can act on.
 *
 * Every reader takes a size cap: sysfs attributes are small and a DMI table is
 * at most 64 KiB (2.x) or 4 GiB in theory (3.x), so a hostile or broken file
 * can never make chipscreen allocate without bound.  On failure the functions
 * return -1 and fill err with a sentence naming the file and the reason
 * ("/sys/firmware/dmi/tables/DMI: permission denied").
 */
#ifndef UTIL_FILEIO_H
#define UTIL_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "util/strbuf.h"

/* Read the whole file into out (which is reset first).  At most max bytes;
 * a longer file is an error ("larger than N bytes"). */
int read_file(const char *path, size_t max, struct strbuf *out, struct strbuf *err);

/* The same on an open descriptor, which it closes; path names it in err.
 * A regular file larger than max is refused from its size, unread. */
int read_fd(int fd, const char *path, size_t max, struct strbuf *out, struct strbuf *err);

/* Read a small text attribute (sysfs), trailing newline removed.  Returns
 * -1 when absent or unreadable; err may be NULL. */
int read_attr(const char *path, struct strbuf *out, struct strbuf *err);

/* path under root: root "/" or NULL gives path itself. */
void path_join(struct strbuf *out, const char *root, const char *path);

/* Names in dir (not . and ..), sorted; returns count, -1 on error.  The caller
 * frees with free_names(). */
int list_dir(const char *dir, char ***names, struct strbuf *err);
void free_names(char **names, int n);
/* The same with what readdir says of each: its type (DT_REG, DT_DIR, DT_LNK,
 * ...; DT_UNKNOWN where the file system does not say) and inode, so a walk
 * needs no stat per file; *dev (may be NULL) is the directory's device.
 * The caller frees with free_dir_entries(). */
struct dir_entry {
	char *name;
	unsigned char type;
	ino_t ino;
};
int list_dir_entries(const char *dir, struct dir_entry **out, dev_t *dev, struct strbuf *err);
void free_dir_entries(struct dir_entry *v, int n);

/*
 * Files under a root (collect --root): path ("/sys/...") is resolved under
 * root and never leaves it, whatever links it meets (EXDEV: "leads out of
 * the root"); root NULL or "/" is the machine itself.  read_file_beneath
 * reads only regular files (a FIFO or device is "not a regular file"),
 * never blocks on open, and is capped at max like read_file.  Errors name
 * root + path.  readlink_beneath reads the link itself (its directory
 * resolved under the root); exists_beneath follows links under the root.
 */
int open_beneath(const char *root, const char *path, int flags, struct strbuf *err);
int read_file_beneath(const char *root, const char *path, size_t max, struct strbuf *out,
		      struct strbuf *err);
int list_dir_beneath(const char *root, const char *dir, char ***names, struct strbuf *err);
int readlink_beneath(const char *root, const char *path, struct strbuf *out);
bool exists_beneath(const char *root, const char *path);

bool path_exists(const char *path);
bool is_dir(const char *path);
/* a and b name one existing file (the same device and inode, through links
 * and other spellings): an output that is an input would be destroyed by
 * writing it. */
bool same_file(const char *a, const char *b);
/* mkdir -p */
int make_dirs(const char *path, struct strbuf *err);
/* Write data to path, creating parent directories. */
int write_file(const char *path, const void *data, size_t len, struct strbuf *err);
/*
 * An output file replaced whole: written to a temporary file beside it and
 * renamed into place when complete, so a full disk or an error leaves the
 * earlier file as it was.  A symbolic link is followed (the file it names is
 * replaced, the link kept), and the mode of the file replaced kept.  A
 * device, FIFO or socket (/dev/null, /dev/stdout) is written in place: a
 * rename onto /dev/null, as root, replaced the device with a regular file.
 */
struct replace {
	const char *path; /* as given, for messages */
	char *final;      /* the file renamed onto; NULL when written in place */
	char *tmp;        /* the temporary beside it */
};
/* NULL with err ("PATH: cannot write: ...") when it cannot be opened. */
FILE *replace_open(struct replace *r, const char *path, struct strbuf *err);
/* Close f; when ok, put the file in place.  -1 with err on a write or
 * rename error (nothing replaced); the temporary is removed unless it
 * became the file. */
int replace_close(struct replace *r, FILE *f, bool ok, struct strbuf *err);

/* Describe errno for a file, with a hint for permissions ("run as root"). */
void describe_errno(struct strbuf *err, const char *path, int errnum);

#endif
