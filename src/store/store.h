/*
 * store.h — chipscreen's SQLite store: one file, WAL mode.
 *
 * The store holds the imported restricted-party lists (lists/), and the fleet:
 * hosts, inventory snapshots, rule-set versions and verdicts (store/fleet*).
 * Each module owns its tables and declares them as numbered schema steps;
 * store_ensure_schema() applies the steps a database lacks, in one
 * transaction, and records the module's version in schema_versions.  So a
 * module adds a table by appending a step, never by editing an old one.
 *
 * The default file is $XDG_DATA_HOME/chipscreen/chipscreen.db (or
 * ~/.local/share/chipscreen/chipscreen.db); every command that uses the store
 * takes --db FILE.  WAL lets readers work while an import writes.
 *
 * One writer at a time: store_begin waits CHIPSCREEN_LOCK_WAIT seconds (60)
 * for another, then fails naming it from the note <store>-writer that every
 * writer leaves while it holds the lock (pid, since when, command line).
 * An existing SQLite database without schema_versions is not a store: it is
 * refused before anything is written.
 */
#ifndef STORE_H
#define STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

struct store {
	sqlite3 *db;
	char *path;
	/* Set when the store could only be opened for reading (file or
	 * directory not writable for this user): why, for every write error. */
	char *readonly_why;
	bool writing; /* between store_begin and store_commit/rollback: our note is out */
};

struct store_step {
	int version; /* 1, 2, 3, ... in order */
	const char *sql;
};

/* The default store path into out; returns out->buf. */
const char *store_default_path(struct strbuf *out);
/* Open (creating the file and its directory unless readonly).  path NULL
 * means the default.  -1 with err naming the file on failure.
 * A store this user may read but not write is opened for reading even when
 * readonly is false (readonly_why says why), so read commands work on it; a
 * write then fails naming that cause.  In a directory where SQLite cannot
 * make its shared-memory file, the store is opened immutable, unless a
 * write-ahead log is pending (it would be ignored): that is refused. */
int store_open(struct store **out, const char *path, bool readonly, struct strbuf *err);
void store_close(struct store *st);
/* Remove a closed store's file at path and SQLite's files beside it (the
 * write-ahead log, its index, a journal): for a store a command created and
 * left empty. */
void store_remove_files(const char *path);
/* Apply missing schema steps of module.  A database newer than the steps
 * known here is refused with a clear message. */
int store_ensure_schema(struct store *st, const char *module, const struct store_step *steps,
			size_t nsteps, struct strbuf *err);
int store_exec(struct store *st, const char *sql, struct strbuf *err);
int store_begin(struct store *st, struct strbuf *err); /* BEGIN IMMEDIATE */
int store_commit(struct store *st, struct strbuf *err);
void store_rollback(struct store *st);
/* err = "<path>: <what>: <sqlite message>"; returns -1. */
int store_error(struct store *st, struct strbuf *err, const char *what);

#endif
