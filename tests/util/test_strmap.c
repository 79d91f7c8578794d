/*
 * test_strmap.c — util/strmap, the one string map: its hash is FNV-1a 64
 * (the reference vectors of test_hash.c) through splitmix64's finaliser, so
 * values derived from it (review fingerprints) are stable; entries keep
 * their insertion index through growth; put never replaces; keys are copied;
 * binary keys (digests, integers' bytes) and values kept by the caller in an
 * array indexed by entry (strmap_intern, strmap_find), as identify's memo,
 * the kb's vendor ids and the store's digest maps use it.
 */
#include "util/hash.h"
#include "util/strmap.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
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

/* find and intern: the entry index, stable while the map grows. */
static void test_intern_find(void **state)
{
	(void)state;
	struct strmap m = {0};
	char key[32];
	bool added = false;
	for (int i = 0; i < 3000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		assert_int_equal(strmap_intern(&m, key, strlen(key), &added), i);
		assert_true(added);
	}
	assert_int_equal(strmap_intern(&m, "k17", 3, &added), 17);
	assert_false(added);
	assert_int_equal(strmap_intern(&m, "k2999", 5, NULL), 2999);
	assert_int_equal(strmap_find(&m, "k1234", 5), 1234);
	assert_int_equal(strmap_find(&m, "k3000", 5), -1);
	/* a key interned has value 0 until the caller says otherwise */
	uint32_t v = 9;
	assert_true(strmap_get(&m, "k5", 2, &v));
	assert_int_equal(v, 0);
	strmap_free(&m);
	assert_int_equal(strmap_find(&m, "k5", 2), -1); /* freed is empty again */
}

/* Fixed-size binary keys: 32-byte digests that share their first eight
 * bytes (the part a digest map used to hash alone) and differ after, and
 * integers' bytes with zero bytes in them. */
static void test_binary_keys(void **state)
{
	(void)state;
	struct strmap m = {0};
	unsigned char d[32];
	for (int i = 0; i < 500; i++) {
		memset(d, 0xab, sizeof d);
		d[31] = (unsigned char)i;
		d[30] = (unsigned char)(i >> 8);
		assert_int_equal(strmap_intern(&m, d, sizeof d, NULL), i);
	}
	memset(d, 0xab, sizeof d);
	d[31] = 77;
	d[30] = 0;
	assert_int_equal(strmap_find(&m, d, sizeof d), 77);
	assert_int_equal(strmap_find(&m, d, 31), -1); /* a prefix is another key */
	int64_t id = 0x100000000ll, other = 0;
	assert_true(strmap_put(&m, &id, sizeof id, 5, NULL));
	assert_int_equal(strmap_find(&m, &other, sizeof other), -1);
	uint32_t v = 0;
	assert_true(strmap_get(&m, &id, sizeof id, &v));
	assert_int_equal(v, 5);
	uint16_t vendor = 0x8086;
	assert_true(strmap_put(&m, &vendor, sizeof vendor, 12, NULL));
	assert_true(strmap_get(&m, &vendor, sizeof vendor, &v));
	assert_int_equal(v, 12);
	strmap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_is_fnv_then_mix),
		cmocka_unit_test(test_zeroed_map_is_empty),
		cmocka_unit_test(test_put_get_grow),
		cmocka_unit_test(test_reserve_then_fill),
		cmocka_unit_test(test_intern_find),
		cmocka_unit_test(test_binary_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
