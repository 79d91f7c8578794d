/*
 * test_concurrent.c — searches in many threads at once give what one thread
 * gives (match/index.h, "Searching"; issue 14: the server's searches run side
 * by side, each with a scratch of its own).
 *
 * The OFAC SDN set of the benchmarks is loaded; every name below is searched
 * once in one thread, its hits written as `search --json` writes them (the
 * explanation, tokens and decision included); then four threads, each with
 * its own scratch, search all names several times over in orders of their
 * own, and every answer must be the same text.  Run under ThreadSanitizer
 * (doc/matching.md, "Speed") it also shows that the index is only read.
 * The server's hits (lists/hit-json.c) keep each entry's part printed, from
 * whichever thread meets it first: threads sharing one such writer, with
 * room for all entries or for a few only, write what a writer keeping
 * nothing writes, byte for byte, names hitting the same entries one after
 * the other (the Islamic Revolutionary Guard Corps and its air force).
 */
#include "testutil.h"

#include "lists/hit-json.h"
#include "lists/index-load.h"
#include "lists/lists.h"

#include <pthread.h>
#include <string.h>

static char *dir;
static struct store *st;
static struct nindex *ix;

/* Names of the benchmarks and of test_pairs: companies, people, joined
 * words, another script, a query with a country. */
static const struct {
	const char *name, *country;
} names[] = {
	{"Banco Nacional de Cuba", NULL},
	{"Rosneft", NULL},
	{"Huawei Technologies", NULL},
	{"Islamic Revolutionary Guard Corps", NULL},
	{"Tidewater Middle East", NULL},
	{"Kim Jong Un", NULL},
	{"AIRKORYO", NULL},
	{"Захаров Никита", NULL},
	{"Hikvision USA Inc.", NULL},
	{"Muammar Gaddafi", "Libya"},
	{"Aleksei Chaliy", "RU"},
	{"Mahan Air", "Iran"},
	{"Pacific Trading GmbH", NULL},
	{"Zhang Wei", "CN"},
	{"Vacuum Karan Company", NULL},
	{"Hezbollah", NULL},
	{"IRGC Air Force", NULL},
	{"Islamic Revolutionary Guard Corps Qods Force", NULL},
};
#define NNAMES  (sizeof names / sizeof *names)
#define THREADS 4
#define ROUNDS  3

static char *expect[NNAMES], *expect_w[NNAMES];
static struct lsource *src;
static size_t nsrc;
static struct hit_writer *writer; /* the one the threads share, NULL: none */
#define AT "2026-12-07T10:00:00Z"

/* The answer to names[i], as one string: the hits as nindex_hit_json()
 * writes them, or with w, as the server writes them. */
static char *answer_with(struct nx_scratch *sc, size_t i, struct hit_writer *w)
{
	struct nx_query q = {.name = names[i].name,
			     .country = names[i].country,
			     .min = DECIDE_RECALL,
			     .limit = 20};
	struct nx_result res;
	if (sc)
		nindex_search_in(ix, sc, &q, &res);
	else
		nindex_search(ix, &q, &res);
	cJSON *arr = cJSON_CreateArray();
	for (size_t k = 0; k < res.n; k++)
		cJSON_AddItemToArray(arr, w ? hit_writer_json(w, &q, &res, &res.hits[k], AT)
					    : nindex_hit_json(ix, &q, &res, &res.hits[k]));
	char *s = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	nx_result_release(&res);
	return s;
}

static char *answer(struct nx_scratch *sc, size_t i)
{
	return answer_with(sc, i, writer);
}

static int setup(void **state)
{
	(void)state;
	dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/t.db", dir);
	int rc = run_cmd(&out, &err, "lists", "import", "-q", "--db", p.buf,
			 src_path("tests/fixtures/lists/ofac-sdn-bench/sdn.csv"), NULL);
	if (rc == 0)
		rc = nindex_open(p.buf, &st, &ix, &err);
	strbuf_release(&p);
	strbuf_release(&out);
	strbuf_release(&err);
	if (rc != 0)
		return -1;
	nindex_build_keys(ix); /* searches in threads never build them */
	if (lists_sources(st, &src, &nsrc, &err) < 0)
		return -1;
	struct hit_writer *w = hit_writer_new(ix, src, nsrc, 0);
	for (size_t i = 0; i < NNAMES; i++) {
		expect[i] = answer(NULL, i);
		expect_w[i] = answer_with(NULL, i, w);
	}
	hit_writer_free(w);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < NNAMES; i++) {
		cJSON_free(expect[i]);
		cJSON_free(expect_w[i]);
	}
	free(src);
	nindex_free(ix);
	store_close(st);
	test_rmtree(dir);
	free(dir);
	return 0;
}

struct worker {
	int id;
	int wrong; /* answers that differ from one thread's */
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct nx_scratch *sc = nx_scratch_new(ix, 0);
	for (int r = 0; r < ROUNDS; r++)
		for (size_t k = 0; k < NNAMES; k++) {
			/* each thread its own order: thread id, round, position */
			size_t i = (k * 7 + (size_t)w->id * 5 + (size_t)r * 3) % NNAMES;
			char *s = answer(sc, i);
			if (strcmp(s, writer ? expect_w[i] : expect[i]))
				w->wrong++;
			cJSON_free(s);
		}
	nx_scratch_free(sc);
	return NULL;
}

static void test_threads_answer_as_one(void **state)
{
	(void)state;
	/* the names do find something: a test of empty answers proves little */
	assert_non_null(strstr(expect[0], "BANCO NACIONAL DE CUBA"));
	assert_non_null(strstr(expect[6], "AIR KORYO"));
	pthread_t t[THREADS];
	struct worker w[THREADS];
	for (int k = 0; k < THREADS; k++) {
		w[k] = (struct worker){k, 0};
		assert_int_equal(pthread_create(&t[k], NULL, work, &w[k]), 0);
	}
	for (int k = 0; k < THREADS; k++) {
		pthread_join(t[k], NULL);
		assert_int_equal(w[k].wrong, 0);
	}
}

/* Threads sharing a writer that keeps the entries' parts, with room for
 * every entry met, then for a few (the rest written field by field): the
 * answers are those of a writer keeping none. */
static void test_kept_parts_answer_as_none(void **state)
{
	/* the audit trail is there, and one entry in both answers (the IRGC's
	 * air force; "IRGC" alone is a word of "IRGC Air Force" at 0.29 since
	 * the one-word rule, score.h ALONE_FACTOR) */
	assert_non_null(strstr(expect_w[3], "\"list_source\":\"ofac-sdn\""));
	assert_non_null(strstr(expect_w[3], "\"screened_at\":\"" AT "\""));
	assert_non_null(strstr(expect_w[16], "\"entry\":\"ofac-sdn:12055\""));
	assert_non_null(strstr(expect_w[17], "\"entry\":\"ofac-sdn:12055\""));
	const size_t keep[] = {(size_t)16 << 20, 12000};
	for (size_t k = 0; k < sizeof keep / sizeof *keep; k++) {
		writer = hit_writer_new(ix, src, nsrc, keep[k]);
		/* one thread first, in order: every answer is one kept parts were
		 * spliced into, or (past the budget) one written as before */
		for (size_t i = 0; i < NNAMES; i++) {
			char *s = answer(NULL, i);
			assert_string_equal(s, expect_w[i]);
			cJSON_free(s);
		}
		assert_true(hit_writer_kept(writer) > 0);
		assert_true(hit_writer_kept(writer) <= keep[k]);
		/* asked again, every part and token is found: nothing more kept */
		size_t kept = hit_writer_kept(writer);
		for (size_t i = 0; i < NNAMES; i++)
			cJSON_free(answer(NULL, i));
		assert_int_equal(hit_writer_kept(writer), kept);
		test_threads_answer_as_one(state);
		hit_writer_free(writer);
		writer = NULL;
	}
}

/* Explaining a hit reads the query the search prepared (a misspelt word
 * weighs what the listed word it resembles weighs: found by the search); a
 * result without it (none is made so, but the function allows it) gets the
 * same text from preparing the query again. */
static void test_explain_reuses_the_prepared_query(void **state)
{
	(void)state;
	struct nx_query q = {.name = "Banco Nacionl de Cuba", .min = DECIDE_RECALL, .limit = 5};
	struct nx_result res;
	nindex_search(ix, &q, &res);
	assert_true(res.n >= 1);
	assert_non_null(res.prep);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	nindex_explain(ix, &q, &res, &res.hits[0], &a, NULL);
	struct nx_result bare = res;
	bare.prep = NULL;
	nindex_explain(ix, &q, &bare, &res.hits[0], &b, NULL);
	assert_string_equal(a.buf, b.buf);
	assert_string_equal(a.buf, "\"banco\"=\"banco\" 1.00 exact (w 7.1); \"nacionl\"~\"nacional\" "
				   "0.88 1 edit (w 7.9); \"de\"=\"de\" 1.00 exact (w 4.1); "
				   "\"cuba\"=\"cuba\" 1.00 exact (w 8.2) | query covered 0.96, "
				   "listed covered 0.96 -> 0.95");
	strbuf_release(&a);
	strbuf_release(&b);
	nx_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads_answer_as_one),
		cmocka_unit_test(test_kept_parts_answer_as_none),
		cmocka_unit_test(test_explain_reuses_the_prepared_query),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
