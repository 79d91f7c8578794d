/*
 * test_fleet_rows.c — the order snapshot rows are written in
 * (fleet_sort_rows): by snapshot, then unit, the table's key, as a
 * comparison sort of them all gives it, for rows as an import makes them
 * (snapshots rising, each snapshot's units in no order) with small and very
 * large unit ids, and for rows that are not in snapshot order (sorted all
 * at once).  Every row kept, none twice: the ids offsets are checked as a
 * permutation.
 */
#include "testutil.h"

#include "store/fleet-int.h"

#include <stdlib.h>
#include <string.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int by_key(const void *a, const void *b)
{
	const struct surow *x = a, *y = b;
	if (x->snapshot != y->snapshot)
		return x->snapshot < y->snapshot ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return 0;
}

/* n rows of hosts with up to 90 units each, unit ids below max_unit. */
static struct surow *make(size_t n, int64_t max_unit, bool rising)
{
	struct surow *v = calloc(n, sizeof *v);
	int64_t snap = 1;
	for (size_t i = 0; i < n; i++) {
		if (i && next() % 90 == 0)
			snap++;
		v[i].unit = (int64_t)(next() % (uint64_t)max_unit);
		v[i].snapshot = rising ? snap : (int64_t)(next() % 1000);
		v[i].count = 1;
		v[i].ids = i; /* which row it was */
	}
	/* (snapshot, unit) is the table's key: no two rows share it */
	struct surow *k = malloc(n * sizeof *k);
	memcpy(k, v, n * sizeof *k);
	qsort(k, n, sizeof *k, by_key);
	for (size_t i = 1; i < n; i++)
		if (!by_key(&k[i - 1], &k[i]))
			v[k[i].ids].unit = -2; /* dropped below */
	free(k);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].unit != -2)
			v[m++] = v[i];
	for (size_t i = 0; i < m; i++)
		v[i].ids = i;
	memset(v + m, 0, (n - m) * sizeof *v);
	return v;
}

static void check(size_t n, int64_t max_unit, bool rising, bool negative)
{
	struct surow *v = make(n, max_unit, rising);
	size_t m = 0;
	while (m < n && v[m].count)
		m++;
	if (negative && m)
		v[m / 2].unit = -1;
	struct surow *want = malloc(m * sizeof *want);
	memcpy(want, v, m * sizeof *want);
	qsort(want, m, sizeof *want, by_key);
	fleet_sort_rows(v, m);
	for (size_t i = 0; i < m; i++) {
		assert_int_equal(v[i].unit, want[i].unit);
		assert_int_equal(v[i].snapshot, want[i].snapshot);
		assert_int_equal(v[i].ids, want[i].ids);
	}
	free(want);
	free(v);
}

static void test_rising(void **state)
{
	(void)state;
	check(0, 10, true, false);
	check(1, 10, true, false);
	check(2, 10, true, false);
	check(5000, 100, true, false);
	check(200000, 60000, true, false);
	check(200000, 3000000, true, false);
	check(100000, (int64_t)1 << 40, true, false);
	check(50000, INT64_MAX, true, false);
}

static void test_others(void **state)
{
	(void)state;
	check(20000, 5000, false, false);  /* snapshots not rising */
	check(20000, 5000000, true, true); /* a unit below zero */
	check(20000, 5000000, false, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rising),
		cmocka_unit_test(test_others),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
