/*
 * test_strmap.c — util/strmap, the one string map: its hash is FNV-1a 64
 * (the reference vectors of test_hash.c) through splitmix64's finaliser, so
 * values derived from it (review fingerprints) are stable; entries keep
 * their insertion index through growth; put never replaces; keys are copied.
 */
#include "util/hash.h"
#include "util/strmap.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

static void test_hash_is_fnv_then_mix(void **state)
{
	(void)state;
	/* FNV-1a 64 of "foobar" is 0x85944171f73967e8 (FNV reference suite). */
	assert_true(strmap_hash("foobar", 6) == hash_mix64(0x85944171f73967e8ull));
	assert_true(strmap_hash("", 0) == hash_mix64(0xcbf29ce484222325ull));
}

static void test_zeroed_map_is_empty(void **state)
{
	(void)state;
	struct strmap m = {0};
	uint32_t v = 7;
	assert_false(strmap_gets(&m, "x", &v));
	assert_int_equal(v, 7);
	strmap_free(&m);
}

static void test_put_get_grow(void **state)
{
	(void)state;
	struct strmap m;
	strmap_init(&m);
	char key[32];
	for (uint32_t i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "key-%u", i);
		uint32_t stored = 0;
		assert_true(strmap_puts(&m, key, i * 3, &stored));
		assert_int_equal(stored, i * 3);
	}
	assert_int_equal(m.n, 5000);
	for (uint32_t i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "key-%u", i);
		uint32_t v = 0;
		assert_true(strmap_gets(&m, key, &v));
		assert_int_equal(v, i * 3);
		assert_string_equal(strmap_key(&m, i), key); /* insertion index kept */
	}
	/* put of a present key keeps the old value and reports it */
	uint32_t old = 0;
	assert_false(strmap_puts(&m, "key-42", 1, &old));
	assert_int_equal(old, 126);
	assert_false(strmap_gets(&m, "key-5000", NULL));
	/* keys with a length: embedded NUL and prefixes are distinct keys */
	assert_true(strmap_put(&m, "a\0b", 3, 1, NULL));
	assert_true(strmap_put(&m, "a", 1, 2, NULL));
	uint32_t v = 0;
	assert_true(strmap_get(&m, "a\0b", 3, &v));
	assert_int_equal(v, 1);
	strmap_free(&m);
	assert_int_equal(m.n, 0);
}

static void test_reserve_then_fill(void **state)
{
	(void)state;
	struct strmap m = {0};
	strmap_reserve(&m, 1000);
	size_t slots = m.nslots;
	assert_true(slots >= 2000);
	char key[16];
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "%d", i);
		strmap_puts(&m, key, (uint32_t)i, NULL);
	}
	assert_int_equal(m.nslots, slots); /* no rehash after a reserve */
	strmap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_is_fnv_then_mix),
		cmocka_unit_test(test_zeroed_map_is_empty),
		cmocka_unit_test(test_put_get_grow),
		cmocka_unit_test(test_reserve_then_fill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
