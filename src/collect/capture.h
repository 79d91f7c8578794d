/*
 * capture.h — copying exactly what collect reads, and reading it back.
 *
 * `chipscreen capture` runs collect with the record callback set, then
 * copies what was recorded: every file read, every directory listed (its
 * links and subdirectories, not its other files) and every symbolic link met
 * on the way, recreated as a link with its original relative target.  Paths
 * are copied at their physical place, never through a link, so the copy
 * replays identically under `collect --root`: same components, same fields,
 * same notes.  A file collect could not read for lack of permission is kept
 * as an empty file with no permissions, so a replay by a user sees the same
 * "permission denied"; other files that are not regular (devices) are left
 * out and listed in the manifest.
 *
 * The output is a directory, or a gzip-compressed tar written with
 * libarchive.  Either holds, beside the tree, chipscreen-capture.txt: who
 * captured what, when, and the reminder that the tree holds serial numbers.
 *
 * A capture archive can be given wherever a root can (collect --root,
 * scan --root): it is extracted to a temporary directory and removed after.
 * Archives are input from elsewhere, so extraction refuses absolute paths,
 * ".." in paths, hard links, device nodes, and archives larger than the
 * limits below; it leaves out (with a warning) links whose target would
 * leave the tree: absolute targets, targets climbing above the root, and
 * ".." after a name (which could climb out through another link).
 */
#ifndef COLLECT_CAPTURE_H
#define COLLECT_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "chipscreen.h"
#include "util/strbuf.h"

/* Limits on an archive given as a root. */
#define CAPTURE_MAX_ENTRIES 200000
#define CAPTURE_MAX_FILE    (64u << 20)
#define CAPTURE_MAX_TOTAL   (512u << 20)

struct capture_stats {
	size_t files, links, dirs;
	size_t unreadable; /* kept as empty files without permissions */
	size_t skipped;    /* not regular files: not copied */
};

/*
 * Collect from root (a directory, "/", or a capture archive) and copy what
 * was read to out: a new or empty directory, or a .tar.gz / .tgz file.
 * Returns 0, or -1 with err set.
 */
int capture_run(const char *root, const char *out, struct capture_stats *st, struct strbuf *err);

/*
 * Extract a capture archive (tar, with any compression libarchive reads)
 * into the existing directory dir.  -1 with err naming the archive, the entry
 * and what is wrong with it.  Symbolic links whose target would leave the
 * tree are not created; note (when not NULL) then says how many and which.
 */
int capture_extract(const char *archive, const char *dir, struct strbuf *note, struct strbuf *err);

/* A root to read from: the directory itself, or an archive extracted into a
 * temporary directory (tmp set), removed by capture_close. */
struct capture_root {
	char *dir;
	char *tmp;
	char *note; /* links left out of the extraction, or NULL */
};
int capture_open(const char *root, struct capture_root *r, struct strbuf *err);
void capture_close(struct capture_root *r);

/* The target stored in a capture for a link at linkpath (root-relative):
 * target itself when it is relative and stays inside the tree, else
 * rewritten relative to the link, pointing where it resolves. */
void capture_link_target(const char *linkpath, const char *target, struct strbuf *out);

/* Whether out names an archive (.tar.gz or .tgz) rather than a directory. */
bool capture_is_archive_name(const char *out);

/* Whether path is a capture: a directory holding the manifest capture writes
 * (chipscreen-capture.txt), or a file named as an archive.  import and scan
 * read one as a machine, as collect --root does. */
bool capture_is_capture(const char *path);

/*
 * collect_run() on root, which may be a capture archive.  For an archive,
 * host.root is the archive's name and notes name paths inside it
 * ("cap.tar.gz:/sys/...") rather than the temporary directory.
 * Returns 0, or -1 with err set (root absent, archive refused, nothing read:
 * no component at all, which would report a machine without hardware).
 */
int capture_collect(struct inventory *inv, const char *root, struct strbuf *err);

#endif
