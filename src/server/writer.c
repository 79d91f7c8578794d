/*
 * writer.c — the one thread that writes uploads into the store.
 *
 * Request threads parse, digest and compress an upload (fleet_prepare) and
 * queue it here; this thread takes every queued upload (up to the batch
 * size), writes them in one transaction — each in a savepoint, so one that
 * fails leaves the others — commits, and only then wakes their requests,
 * which answer 201.  One commit (one fsync of the write-ahead log, the
 * connection is synchronous=FULL) covers the whole batch: under load the
 * batches grow and the cost of durability is shared.  A process killed at
 * any point loses only uploads that were not yet answered.
 */
#include "server/server-int.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct writer {
	struct fleet *f;
	pthread_t th, ckpt_th;
	sqlite3 *ckpt; /* the checkpointer's own connection */
	pthread_mutex_t mu;
	pthread_cond_t work, done, tick; /* tick: the checkpointer's, signalled on stop */
	struct upload_job *head, *tail;
	bool stop;
	unsigned batch;
	uint64_t commits;
	int wal_frames; /* frames in the log after the last commit (the WAL hook) */
};

/* Frames in the log beyond which the writer checkpoints between batches:
 * 4,096 pages, 128 MiB with the store's 32 KiB pages. */
#define WAL_FRAMES_MAX 4096

static void fail_all(struct upload_job *j, const char *why)
{
	for (; j; j = j->next) {
		j->rc = -1;
		snprintf(j->err, sizeof j->err, "%s", why);
	}
}

/* Write one batch; the jobs' rc and res set.  True when committed. */
static bool write_batch(struct writer *w, struct upload_job *jobs)
{
	struct strbuf err = STRBUF_INIT;
	if (fleet_batch_begin(w->f, &err) < 0) {
		fail_all(jobs, err.buf);
		strbuf_release(&err);
		return false;
	}
	for (struct upload_job *j = jobs; j; j = j->next) {
		j->rc = fleet_commit(w->f, j->prep, &j->res, &err);
		if (j->rc < 0)
			snprintf(j->err, sizeof j->err, "%s", err.buf);
	}
	bool ok = fleet_batch_commit(w->f, &err) == 0;
	if (!ok)
		fail_all(jobs, err.buf); /* rolled back: none of them is stored */
	strbuf_release(&err);
	return ok;
}

static int wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	((struct writer *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

/*
 * The checkpoint thread copies the log back while the writer goes on, but
 * under a steady load it never finds the log fully copied when a commit
 * starts, and only then may the log start over: it would grow without end
 * (20 GB in a 100,000-host load).  So when the log is long the writer, after
 * answering its batch, checkpoints itself — no other writer can add frames
 * meanwhile — and its next commit starts the log over.  Most frames are
 * already copied by the thread; this copies the rest.
 */
static void shorten_log(struct writer *w)
{
	if (w->wal_frames < WAL_FRAMES_MAX)
		return;
	int log = 0, done = 0;
	sqlite3_wal_checkpoint_v2(fleet_store(w->f)->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log,
				  &done);
	if (log >= 0 && done >= log)
		w->wal_frames = 0;
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->work, &w->mu);
		if (!w->head)
			break; /* stopping, nothing left */
		struct upload_job *jobs = w->head, *last = jobs;
		for (unsigned n = 1; n < w->batch && last->next; n++)
			last = last->next;
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&w->mu);
		bool ok = write_batch(w, jobs);
		pthread_mutex_lock(&w->mu);
		w->commits += ok;
		for (struct upload_job *j = jobs, *n; j; j = n) {
			n = j->next;
			j->done = true;
		}
		pthread_cond_broadcast(&w->done);
		pthread_mutex_unlock(&w->mu);
		shorten_log(w); /* after the batch is answered */
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/*
 * The write-ahead log is copied back into the database by a thread of its
 * own, every second, with PASSIVE checkpoints (which never wait for the
 * writer or block readers), rather than by whichever commit crosses the
 * autocheckpoint size: that commit, and every upload of its batch, would
 * wait for the copy.
 */
static void *checkpointer(void *arg)
{
	struct writer *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&w->tick, &w->mu, &until);
		if (w->stop)
			break;
		pthread_mutex_unlock(&w->mu);
		sqlite3_wal_checkpoint_v2(w->ckpt, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct writer *writer_start(const char *db, unsigned batch, struct strbuf *err)
{
	struct writer *w = xcalloc(1, sizeof *w);
	w->batch = batch ? batch : 1;
	/* synchronous=FULL: a commit is on disk (the log fsync'd) before it
	 * returns.  32 MiB of page cache keeps the pages a commit touches (the
	 * hosts' indexes, 17 MiB with 100,000 hosts, and the ends of the tables
	 * and of snapshot_units' current epoch): with 64 MiB the cache filled
	 * with snapshot pages appended long ago, and the server's peak RSS with
	 * 100,000 hosts was 212 MiB (167 MiB at 30,000 hosts, was 205); the
	 * log, once copied back, is cut to 64 MiB when it starts over. */
	if (fleet_open(&w->f, db, false, err) < 0 ||
	    store_exec(fleet_store(w->f), "PRAGMA synchronous=FULL", err) < 0 ||
	    store_exec(fleet_store(w->f), "PRAGMA wal_autocheckpoint=0", err) < 0 ||
	    store_exec(fleet_store(w->f), "PRAGMA cache_size=-32768", err) < 0 ||
	    store_exec(fleet_store(w->f), "PRAGMA journal_size_limit=67108864", err) < 0) {
		fleet_close(w->f);
		free(w);
		return NULL;
	}
	/* the checkpointer's connection must have read the database once: until
	 * then it does not know the file is in WAL mode, and its checkpoints do
	 * nothing (and say nothing) */
	sqlite3_wal_hook(fleet_store(w->f)->db, wal_hook, w);
	if (sqlite3_open_v2(db, &w->ckpt, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(w->ckpt, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) !=
		    SQLITE_OK) {
		strbuf_addf(err, "%s: cannot open: %s", db, sqlite3_errmsg(w->ckpt));
		sqlite3_close(w->ckpt);
		fleet_close(w->f);
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->done, NULL);
	pthread_cond_init(&w->tick, NULL);
	if (pthread_create(&w->th, NULL, writer_main, w) != 0) {
		strbuf_addstr(err, "cannot start the writer thread");
		sqlite3_close(w->ckpt);
		fleet_close(w->f);
		free(w);
		return NULL;
	}
	if (pthread_create(&w->ckpt_th, NULL, checkpointer, w) != 0) {
		strbuf_addstr(err, "cannot start the checkpoint thread");
		writer_stop(w);
		return NULL;
	}
	return w;
}

void writer_submit(struct writer *w, struct upload_job *j)
{
	j->next = NULL;
	j->done = false;
	pthread_mutex_lock(&w->mu);
	if (w->stop) {
		pthread_mutex_unlock(&w->mu);
		j->rc = -1;
		snprintf(j->err, sizeof j->err, "the server is stopping");
		return;
	}
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->work);
	while (!j->done)
		pthread_cond_wait(&w->done, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

void writer_stop(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_broadcast(&w->work);
	pthread_cond_broadcast(&w->tick);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	if (w->ckpt_th)
		pthread_join(w->ckpt_th, NULL);
	sqlite3_close(w->ckpt);
	fleet_close(w->f); /* the last connection: copies the log back */
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->done);
	pthread_cond_destroy(&w->tick);
	free(w);
}

uint64_t writer_commits(struct writer *w)
{
	pthread_mutex_lock(&w->mu);
	uint64_t n = w->commits;
	pthread_mutex_unlock(&w->mu);
	return n;
}
