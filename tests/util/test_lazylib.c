/*
 * test_lazylib.c — libraries loaded on first use: a table is filled from the
 * real library, and a missing library or symbol gives a message naming it
 * and the Debian package, the same on every later call.
 */
#include "testutil.h"

#include "util/lazylib.h"

#include <math.h>
#include <string.h>

#define M_FUNCS(X) X(cos) X(sqrt)
M_FUNCS(LAZYLIB_DECLARE)
static const struct lazysym m_syms[] = {M_FUNCS(LAZYLIB_ENTRY){NULL, NULL}};

static void test_loads(void **state)
{
	(void)state;
	struct lazylib lib = LAZYLIB_INIT("libm.so.6", "libc6", "tests", m_syms);
	struct strbuf err = STRBUF_INIT;
	assert_null(sym_cos);
	assert_int_equal(lazylib_load(&lib, &err), 0);
	assert_int_equal(lib.state, 1);
	assert_true(sym_cos(0.0) == 1.0);
	assert_true(sym_sqrt(81.0) == 9.0);
	/* a second call does nothing and succeeds */
	assert_int_equal(lazylib_load(&lib, &err), 0);
	assert_string_equal(err.buf, "");
	strbuf_release(&err);
}

static void test_missing_library(void **state)
{
	(void)state;
	static double (*sym_nothing)(double);
	static const struct lazysym syms[] = {{"cos", (void **)&sym_nothing}, {NULL, NULL}};
	struct lazylib lib =
		LAZYLIB_INIT("libchipscreen-absent.so.7", "libchipscreen-absent7", "a test", syms);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(lazylib_load(&lib, &err), -1);
	assert_non_null(strstr(err.buf, "libchipscreen-absent.so.7 cannot be loaded (needed for a "
					"test): "));
	assert_non_null(strstr(err.buf, "; install the Debian package libchipscreen-absent7"));
	assert_null(sym_nothing);
	/* the failure is kept: the same message again, without trying again */
	char *first = strdup(err.buf);
	strbuf_reset(&err);
	assert_int_equal(lazylib_load(&lib, &err), -1);
	assert_string_equal(err.buf, first);
	free(first);
	free(lib.error);
	strbuf_release(&err);
}

static void test_missing_symbol(void **state)
{
	(void)state;
	static double (*a)(double), (*b)(double);
	static const struct lazysym syms[] = {
		{"cos", (void **)&a}, {"chipscreen_no_such_function", (void **)&b}, {NULL, NULL}};
	struct lazylib lib = LAZYLIB_INIT("libm.so.6", "libc6", "a test", syms);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(lazylib_load(&lib, &err), -1);
	assert_string_equal(err.buf, "libm.so.6 has no symbol chipscreen_no_such_function (needed "
				     "for a test): the installed library is not the one "
				     "chipscreen was built for; reinstall the Debian package "
				     "libc6 or rebuild chipscreen");
	/* no half-filled table: what was found before is cleared again */
	assert_null(a);
	assert_null(b);
	assert_int_equal(lib.state, -1);
	free(lib.error);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_symbol),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
