#include "store/store.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int lock_wait_ms(void);

const char *store_default_path(struct strbuf *out)
{
	strbuf_reset(out);
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		strbuf_addf(out, "%s/chipscreen/chipscreen.db", xdg);
	else if (home && *home)
		strbuf_addf(out, "%s/.local/share/chipscreen/chipscreen.db", home);
	else
		strbuf_addstr(out, "chipscreen.db");
	return out->buf;
}

int store_error(struct store *st, struct strbuf *err, const char *what)
{
	if (err) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
		/* "disk I/O error" alone does not say which: the disk is full,
		 * failing, mounted read-only, or the file is not ours to read */
		int code = sqlite3_extended_errcode(st->db) & 0xff;
		int sys = sqlite3_system_errno(st->db);
		if ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) && sys > 0)
			strbuf_addf(err, " (%s)", strerror(sys));
		if (st->readonly_why && (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_READONLY)
			strbuf_addf(err, " (the store is read-only for this user: %s)",
				    st->readonly_why);
	}
	return -1;
}

/*
 * What a failed first read says about the file.  Only a file SQLite does not
 * recognise (or a database of someone else's, foreign()) is "not a chipscreen
 * store": a full or failing disk, a read-only file system or a file this user
 * may not read is a fault of the machine, and blaming the file sends the
 * operator to check --db instead of the disk.  SQLite's own words follow
 * (store_error), with the system's reason for an I/O error.
 */
static const char *read_failure(struct store *st)
{
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_NOTADB
		       ? "not a chipscreen store"
		       : "cannot read the store";
}

/* Why this user cannot write path or its directory, or NULL when it can. */
static char *why_not_writable(const char *path)
{
	struct strbuf why = STRBUF_INIT;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (access(path, W_OK) < 0 && errno != ENOENT)
		strbuf_addf(&why, "%s is not writable (%s)", path, strerror(errno));
	else if (access(dir, W_OK) < 0)
		strbuf_addf(&why, "its directory %s is not writable (%s)", dir, strerror(errno));
	free(dir);
	if (!why.len) {
		strbuf_release(&why);
		return NULL;
	}
	return strbuf_detach(&why, NULL);
}

/* "file:" URI of path with immutable=1: '%', '?' and '#' escaped. */
static void immutable_uri(struct strbuf *out, const char *path)
{
	strbuf_addstr(out, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			strbuf_addf(out, "%%%02X", (unsigned char)*p);
		else
			strbuf_addch(out, *p);
	}
	strbuf_addstr(out, "?immutable=1");
}

static int first_read(struct store *st)
{
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) ==
			       SQLITE_OK
		       ? 0
		       : -1;
}

/*
 * The first read failed because SQLite could not make the WAL's -shm file
 * (the directory is not writable).  Open immutable instead, when no log is
 * pending: with a pending log an immutable open would read stale data.
 */
static int reopen_immutable(struct store *st, struct strbuf *err)
{
	struct strbuf wal = STRBUF_INIT, uri = STRBUF_INIT;
	strbuf_addf(&wal, "%s-wal", st->path);
	struct stat sw;
	int rc = 0;
	if (stat(wal.buf, &sw) == 0 && sw.st_size > 0) {
		strbuf_reset(err);
		strbuf_addf(err,
			    "%s: cannot be read by this user: %s, and it has a pending write-ahead "
			    "log (%s) that only a user who may write there can merge",
			    st->path, st->readonly_why, wal.buf);
		rc = -1;
	} else {
		sqlite3_close(st->db);
		st->db = NULL;
		immutable_uri(&uri, st->path);
		if (sqlite3_open_v2(uri.buf, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
				    NULL) != SQLITE_OK ||
		    first_read(st) < 0)
			rc = store_error(st, err, read_failure(st));
	}
	strbuf_release(&wal);
	strbuf_release(&uri);
	return rc;
}

/* The file exists but cannot be opened: say why in the user's terms. */
static void cannot_open(struct store *st, struct strbuf *err)
{
	if (access(st->path, R_OK) < 0 && errno != ENOENT) {
		describe_errno(err, st->path, errno);
	} else if (access(st->path, F_OK) < 0 && st->readonly_why) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: cannot create the store: %s", st->path, st->readonly_why);
	} else {
		store_error(st, err, "cannot open the store");
	}
}

/*
 * A database with tables but no schema_versions is someone else's: adding
 * chipscreen's tables to it, or switching it to WAL, would alter a file the
 * user never meant as a store (a mistyped --db).  It is refused before
 * anything is written.  An empty database (a new file) becomes a store.
 */
static bool foreign(struct store *st, struct strbuf *err)
{
	sqlite3_stmt *q;
	int tables = 0, marker = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT count(*), coalesce(sum(type = 'table' AND name = "
			       "'schema_versions'), 0) FROM sqlite_master",
			       -1, &q, NULL) != SQLITE_OK) {
		store_error(st, err, read_failure(st));
		return true;
	}
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		tables = sqlite3_column_int(q, 0);
		marker = sqlite3_column_int(q, 1);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW) {
		store_error(st, err, read_failure(st));
		return true;
	}
	if (tables && !marker) {
		strbuf_reset(err);
		strbuf_addf(err,
			    "%s: an SQLite database without chipscreen's schema_versions table: "
			    "not a chipscreen store (left unchanged; give --db a chipscreen "
			    "store or a new file)",
			    st->path);
		return true;
	}
	return false;
}

/* SQLite counts every allocation in global statistics, under a global
 * mutex, unless told not to before it initializes: nothing here reads them,
 * and the server's writer and request threads took that one mutex for each
 * allocation (locking and unlocking mutexes fell from 3% to 1% of the
 * server's samples on new-host uploads). */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open(struct store **out, const char *path, bool readonly, struct strbuf *err)
{
	pthread_once(&sqlite_once, sqlite_setup);
	struct strbuf def = STRBUF_INIT;
	*out = NULL;
	/* the fleet schema's step 5 drops columns (ALTER TABLE DROP COLUMN, 3.35):
	 * say so before a store is half upgraded by an older library */
	if (sqlite3_libversion_number() < 3035000) {
		strbuf_addf(err, "chipscreen needs SQLite 3.35 or later; this is %s",
			    sqlite3_libversion());
		return -1;
	}
	if (!path)
		path = store_default_path(&def);
	if (!readonly) {
		char *dir = xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (make_dirs(dir, err) < 0) {
				free(dir);
				strbuf_release(&def);
				return -1;
			}
		}
		free(dir);
	}
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	strbuf_release(&def);
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	st->readonly_why = why_not_writable(st->path);
	if (sqlite3_open_v2(st->path, &st->db, flags, NULL) != SQLITE_OK) {
		cannot_open(st, err);
		store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, lock_wait_ms());
	sqlite3_extended_result_codes(st->db, 1);
	/* A foreign file (not SQLite) fails on the first read; so does a WAL
	 * store in a directory this user may not write (no -shm). */
	if (first_read(st) < 0) {
		int code = sqlite3_extended_errcode(st->db);
		if (st->readonly_why &&
		    ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN)) {
			if (reopen_immutable(st, err) < 0) {
				store_close(st);
				return -1;
			}
		} else {
			store_error(st, err, read_failure(st));
			store_close(st);
			return -1;
		}
	}
	if (!readonly && !st->readonly_why && sqlite3_db_readonly(st->db, "main") == 1)
		st->readonly_why = xstrdup("SQLite opened it read-only");
	if (!readonly && st->readonly_why && sqlite3_db_readonly(st->db, "main") != 1) {
		/* writable after all (root, or an ACL access() did not see) */
		free(st->readonly_why);
		st->readonly_why = NULL;
	}
	if (st->readonly_why)
		readonly = true; /* prepared by whoever may write it */
	if (foreign(st, err)) {
		store_close(st);
		return -1;
	}
	/* 32 KiB pages for a new store (an existing one keeps its own): a
	 * fleet's compressed snapshot documents (4 to 20 KiB) pack three to a
	 * page where 16 KiB pages left a quarter of the space empty, and a bulk
	 * import writes an eighth as many log frames as with the default 4 KiB
	 * (doc/fleet.md, "Scale": the store a tenth smaller, the import 4% faster) */
	if (!readonly &&
	    (sqlite3_exec(st->db, "PRAGMA page_size=32768", NULL, NULL, NULL) != SQLITE_OK ||
	     sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
	     sqlite3_exec(st->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK ||
	     sqlite3_exec(st->db,
			  "CREATE TABLE IF NOT EXISTS schema_versions("
			  " module TEXT PRIMARY KEY, version INTEGER NOT NULL)",
			  NULL, NULL, NULL) != SQLITE_OK)) {
		store_error(st, err, "cannot prepare the store");
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st->path);
	free(st->readonly_why);
	free(st);
}

void store_remove_files(const char *path)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char p[4096];
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
		if ((size_t)snprintf(p, sizeof p, "%s%s", path, ext[i]) < sizeof p)
			remove(p);
}

int store_exec(struct store *st, const char *sql, struct strbuf *err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (err) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: %s", st->path, msg ? msg : "SQL error");
		}
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* ---- writers ----
 *
 * SQLite lets one writer in at a time; the others wait (the busy timeout,
 * CHIPSCREEN_LOCK_WAIT seconds, 60 by default: a fleet import commits in
 * batches well inside that).  So that one which gives up can say who holds
 * the store and since when, the writer leaves a note beside the store,
 * <store>-writer ("pid<TAB>since<TAB>command"), written once it holds the
 * lock and removed before it lets go.  A note whose process is gone says
 * nothing about the present holder and is reported as such.  Readers take
 * no lock in WAL mode and never wait. */

static int lock_wait_ms(void)
{
	const char *e = getenv("CHIPSCREEN_LOCK_WAIT");
	char *end;
	double s = e && *e ? strtod(e, &end) : 60;
	if (e && *e && (*end || s < 0 || s > 86400))
		s = 60;
	return (int)(s * 1000);
}

static void holder_path(const struct store *st, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s-writer", st->path);
}

/* This process's command line, spaces between arguments, cut at 200 bytes. */
static void own_command(struct strbuf *out)
{
	struct strbuf raw = STRBUF_INIT;
	if (read_file("/proc/self/cmdline", 4096, &raw, NULL) < 0 || !raw.len) {
		strbuf_addstr(out, "chipscreen");
	} else {
		for (size_t i = 0; i < raw.len && out->len < 200; i++)
			strbuf_addch(out, raw.buf[i] && raw.buf[i] != '\t' && raw.buf[i] != '\n'
						  ? raw.buf[i]
						  : ' ');
		while (out->len && out->buf[out->len - 1] == ' ')
			strbuf_setlen(out, out->len - 1);
	}
	strbuf_release(&raw);
}

static void holder_write(struct store *st)
{
	struct strbuf p = STRBUF_INIT, tmp = STRBUF_INIT, text = STRBUF_INIT;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	strbuf_addf(&text, "%ld\t%s\t", (long)getpid(), now);
	own_command(&text);
	strbuf_addch(&text, '\n');
	holder_path(st, &p);
	strbuf_addf(&tmp, "%s.%ld", p.buf, (long)getpid());
	/* best effort: a store in a directory we cannot write has no note */
	if (write_file(tmp.buf, text.buf, text.len, NULL) == 0 && rename(tmp.buf, p.buf) < 0)
		unlink(tmp.buf);
	strbuf_release(&p);
	strbuf_release(&tmp);
	strbuf_release(&text);
}

static void holder_clear(struct store *st)
{
	struct strbuf p = STRBUF_INIT;
	holder_path(st, &p);
	unlink(p.buf);
	strbuf_release(&p);
}

/* err for a writer that waited and gave up: who holds the store. */
static int busy_error(struct store *st, struct strbuf *err, time_t waited)
{
	struct strbuf p = STRBUF_INIT, text = STRBUF_INIT;
	holder_path(st, &p);
	strbuf_reset(err);
	strbuf_addf(err, "%s: the store is being written by another process", st->path);
	long pid = 0;
	char since[32] = "", *cmd = NULL;
	if (read_file(p.buf, 4096, &text, NULL) == 0) {
		char *tab1 = strchr(text.buf, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		if (tab2) {
			pid = strtol(text.buf, NULL, 10);
			snprintf(since, sizeof since, "%.*s", (int)(tab2 - tab1 - 1), tab1 + 1);
			cmd = tab2 + 1;
			cmd[strcspn(cmd, "\n")] = '\0';
		}
	}
	if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
		strbuf_addf(err, " (pid %ld, `%s`, writing since %s)", pid, cmd, since);
	else if (pid > 0)
		strbuf_addf(err, " (not a chipscreen writer that left a note: pid %ld, which left "
				 "%s, is gone)",
			    pid, p.buf);
	else
		strbuf_addstr(err, " (not one that left a note: sqlite3 or an older chipscreen?)");
	strbuf_addf(err, "; gave up after waiting %lds (CHIPSCREEN_LOCK_WAIT): run again when "
			 "it is done",
		    (long)waited);
	strbuf_release(&p);
	strbuf_release(&text);
	return -1;
}

int store_begin(struct store *st, struct strbuf *err)
{
	time_t t0 = time(NULL);
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		if ((sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_BUSY)
			return busy_error(st, err, time(NULL) - t0);
		return store_error(st, err, "starting to write");
	}
	holder_write(st);
	st->writing = true;
	return 0;
}

int store_commit(struct store *st, struct strbuf *err)
{
	if (st->writing) /* before letting go: the next writer's note is not ours */
		holder_clear(st);
	st->writing = false;
	return store_exec(st, "COMMIT", err);
}

void store_rollback(struct store *st)
{
	if (st->writing)
		holder_clear(st);
	st->writing = false;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int module_version(struct store *st, const char *module, int *version, struct strbuf *err)
{
	sqlite3_stmt *q;
	*version = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT version FROM schema_versions WHERE module = ?", -1,
			       &q, NULL) != SQLITE_OK)
		return store_error(st, err, "reading schema versions");
	sqlite3_bind_text(q, 1, module, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(st, err, "reading schema versions");
	return 0;
}

int store_ensure_schema(struct store *st, const char *module, const struct store_step *steps,
			size_t nsteps, struct strbuf *err)
{
	int have;
	if (module_version(st, module, &have, err) < 0)
		return -1;
	int latest = nsteps ? steps[nsteps - 1].version : 0;
	if (have > latest) {
		strbuf_reset(err);
		strbuf_addf(err,
			    "%s: the %s tables are at version %d, newer than this chipscreen "
			    "knows (%d): upgrade chipscreen",
			    st->path, module, have, latest);
		return -1;
	}
	if (have == latest)
		return 0;
	if (store_begin(st, err) < 0)
		return -1;
	/* Re-read inside the transaction: another process may have migrated. */
	if (module_version(st, module, &have, err) < 0)
		goto fail;
	for (size_t i = 0; i < nsteps; i++) {
		if (steps[i].version <= have)
			continue;
		if (store_exec(st, steps[i].sql, err) < 0)
			goto fail;
	}
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO schema_versions(module, version) VALUES(?, ?) "
			       "ON CONFLICT(module) DO UPDATE SET version = excluded.version",
			       -1, &q, NULL) != SQLITE_OK) {
		store_error(st, err, "recording schema version");
		goto fail;
	}
	sqlite3_bind_text(q, 1, module, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, latest);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_error(st, err, "recording schema version");
		goto fail;
	}
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}
