/*
 * test_pipeline.c — the import pipeline (import/pipeline.h): whatever the
 * number of threads, inputs come back in input order, and a bad file comes
 * back with its error naming it while the others are read (issue 16 item 7).
 *
 * The inputs are collect JSON files written here by inventory_write; each
 * names its host after its index, so the consumer can check that what it
 * got for input i was read from file i.  prepare sleeps on some inputs, so
 * that with several workers later inputs are ready before earlier ones.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "import/pipeline.h"
#include "inventory-json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NFILES 300
#define BAD_JSON 17  /* not JSON at all */
#define MISSING 42   /* no such file */
#define NOTHING 101  /* JSON with no component */
#define STOP_AT 250  /* the consumer stops here in test_stop */

struct fx {
	char *dir;
	char *paths[NFILES];
};

static void write_host(struct fx *x, int i)
{
	char name[32];
	snprintf(name, sizeof name, "host-%03d", i);
	struct inventory *inv = inventory_new();
	inv->host.hostname = inventory_strdup(inv, name);
	struct component *c = inventory_add(inv, KIND_PCI, "pci/0000:00:00.0", "sysfs");
	component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, "8086", "sysfs");
	char *p = x->paths[i];
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(inventory_write(inv, f), 0);
	fclose(f);
	inventory_free(inv);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	x->dir = test_tmpdir();
	for (int i = 0; i < NFILES; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s/h%03d.json", x->dir, i);
		x->paths[i] = strdup(p);
		if (i == BAD_JSON)
			test_write_str(x->dir, "h017.json", "{\"schema\": \"chipscreen-inventory/1\", ");
		else if (i == NOTHING)
			test_write_str(x->dir, "h101.json", "{\"schema\": \"chipscreen-inventory/1\", "
							    "\"host\": {}, \"components\": []}");
		else if (i != MISSING)
			write_host(x, i);
	}
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;
	test_rmtree(x->dir);
	free(x->dir);
	for (int i = 0; i < NFILES; i++)
		free(x->paths[i]);
	free(x);
	return 0;
}

/* What the consumer saw. */
struct seen {
	size_t n, order_errors, prepared, released, threads;
	size_t wrong_state; /* a thread's calls given another state than its own */
	char err[NFILES][256];
	enum import_format fmt[NFILES];
	bool host_ok[NFILES];
	size_t stop_at; /* consume says stop at this index (0: never) */
};

static void *begin(void *ctx)
{
	struct seen *s = ctx;
	__atomic_fetch_add(&s->threads, 1, __ATOMIC_RELAXED);
	return ctx; /* the state handed to prepare */
}

/* (no cmocka assertion off the test's thread: they count instead) */
static void end(void *ctx, void *state)
{
	struct seen *s = ctx;
	if (state != ctx)
		__atomic_fetch_add(&s->wrong_state, 1, __ATOMIC_RELAXED);
}

/* Later inputs overtake earlier ones: every seventh is slow. */
static void prepare(void *ctx, void *state, struct import_item *it)
{
	struct seen *s = ctx;
	if (state != ctx)
		__atomic_fetch_add(&s->wrong_state, 1, __ATOMIC_RELAXED);
	if (it->index % 7 == 0)
		nanosleep(&(struct timespec){0, 2000000}, NULL);
	it->prep = malloc(1);
	__atomic_fetch_add(&s->prepared, 1, __ATOMIC_RELAXED);
}

static void release(void *ctx, void *prep)
{
	struct seen *s = ctx;
	free(prep);
	__atomic_fetch_add(&s->released, 1, __ATOMIC_RELAXED);
}

static int consume(void *ctx, struct import_item *it)
{
	struct seen *s = ctx;
	if (it->index != s->n)
		s->order_errors++;
	size_t i = it->index;
	s->fmt[i] = it->fmt;
	snprintf(s->err[i], sizeof s->err[i], "%s", it->err.buf ? it->err.buf : "");
	char want[32];
	snprintf(want, sizeof want, "host-%03zu", i);
	s->host_ok[i] = it->inv && it->inv->host.hostname &&
			!strcmp(it->inv->host.hostname, want) && it->prep;
	s->n++;
	if (s->stop_at && i == s->stop_at)
		return IMPORT_PIPELINE_STOP;
	return it->err.len || it->fmt == IMPORT_AUTO ? -1 : 0;
}

static int run(struct fx *x, int jobs, struct seen *s)
{
	struct import_pipeline_calls c = {.ctx = s,
					  .thread_begin = begin,
					  .thread_end = end,
					  .prepare = prepare,
					  .consume = consume,
					  .release = release};
	return import_pipeline_run((const char *const *)x->paths, NFILES, IMPORT_AUTO, jobs, &c);
}

/* Inputs in order and every good file read, for 1 to 8 threads. */
static void test_order(void **state)
{
	struct fx *x = *state;
	for (int jobs = 1; jobs <= 8; jobs *= 2) {
		struct seen *s = calloc(1, sizeof *s);
		assert_int_equal(run(x, jobs, s), -1); /* three bad inputs */
		assert_int_equal(s->n, NFILES);
		assert_int_equal(s->order_errors, 0);
		/* one reader per worker; with one job this thread reads */
		assert_int_equal(s->threads, jobs == 1 ? 1 : (size_t)jobs);
		for (int i = 0; i < NFILES; i++)
			if (i != BAD_JSON && i != MISSING && i != NOTHING) {
				assert_true(s->host_ok[i]);
				assert_int_equal(s->fmt[i], IMPORT_INVENTORY_JSON);
			}
		assert_int_equal(s->prepared, NFILES - 3);
		assert_int_equal(s->released, NFILES - 3);
		assert_int_equal(s->wrong_state, 0);
		free(s);
	}
}

/* A bad file comes back with its error naming it; the others are read. */
static void test_errors(void **state)
{
	struct fx *x = *state;
	struct seen *s = calloc(1, sizeof *s);
	assert_int_equal(run(x, 4, s), -1);
	char want[4200];
	snprintf(want, sizeof want, "%s: not valid JSON (near line 1, byte 36)", x->paths[BAD_JSON]);
	assert_string_equal(s->err[BAD_JSON], want);
	assert_false(s->host_ok[BAD_JSON]);
	snprintf(want, sizeof want,
		 "%s: nothing recognised: no component could be read from it as inventory-json",
		 x->paths[NOTHING]);
	assert_string_equal(s->err[NOTHING], want);
	/* unreadable: handed over undetected, for the importer to say why */
	assert_int_equal(s->fmt[MISSING], IMPORT_AUTO);
	assert_string_equal(s->err[MISSING], "");
	assert_true(s->host_ok[BAD_JSON + 1]);
	assert_true(s->host_ok[NFILES - 1]);
	free(s);
}

/* A consumer that says stop takes no further input; what the workers had
 * prepared ahead is still released. */
static void test_stop(void **state)
{
	struct fx *x = *state;
	for (int jobs = 1; jobs <= 4; jobs += 3) {
		struct seen *s = calloc(1, sizeof *s);
		s->stop_at = STOP_AT;
		assert_int_equal(run(x, jobs, s), -1);
		assert_int_equal(s->n, STOP_AT + 1);
		assert_int_equal(s->order_errors, 0);
		assert_int_equal(s->released, s->prepared);
		free(s);
	}
}

/* A forced format other than collect JSON is handed over unread. */
static void test_forced(void **state)
{
	struct fx *x = *state;
	struct seen *s = calloc(1, sizeof *s);
	struct import_pipeline_calls c = {.ctx = s, .consume = consume};
	assert_int_equal(import_pipeline_run((const char *const *)x->paths, NFILES, IMPORT_DMIDECODE, 2, &c), 0);
	assert_int_equal(s->n, NFILES);
	assert_int_equal(s->fmt[0], IMPORT_DMIDECODE);
	assert_int_equal(s->fmt[MISSING], IMPORT_DMIDECODE);
	assert_false(s->host_ok[0]);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_forced),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
