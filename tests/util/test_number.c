/*
 * test_number.c — util/number: a score or count given by a person is read
 * whole, and no spelling of NaN, infinity or hexadecimal passes its range.
 */
#include "testutil.h"

#include "util/number.h"

static void test_number_in(void **state)
{
	(void)state;
	double v = -7;
	const char *const good[] = {"0", "1", "0.5", ".5", "5e-1", "-0", "1.0", "0.85"};
	const double want[] = {0, 1, 0.5, 0.5, 0.5, 0, 1, 0.85};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		assert_true(number_in(good[i], 0, 1, &v));
		assert_true(v == want[i]);
	}
	/* "nan" passed "v < 0 || v > 1" (every comparison with NaN is false) */
	const char *const bad[] = {"nan",  "NaN", "-nan", "inf", "infinity", "0x1",   "",   " 0.5",
				   "0.5 ", "1.5", "-0.1", "1e",  "0.5x",     "1e999", "--1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = -7;
		assert_false(number_in(bad[i], 0, 1, &v));
		assert_true(v == -7);
	}
	assert_false(number_in(NULL, 0, 1, &v));
	assert_true(number_in("4096", 0, 1e6, &v));
	assert_true(v == 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_in),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
