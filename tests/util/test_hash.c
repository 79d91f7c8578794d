/*
 * test_hash.c — util/hash against published vectors: FNV-1a 64 and 32 from
 * the FNV reference test suite (http://www.isthe.com/chongo/tech/comp/fnv/,
 * test_fnv.c), splitmix64's first outputs for seed 0 (Vigna's reference
 * splitmix64.c: each is the finaliser of seed + k * 0x9E3779B97F4A7C15).
 * The rule-set version printed by `chipscreen rules` is FNV-1a 64, so these
 * values are what keeps that version stable.
 */
#include "testutil.h"

#include "util/hash.h"

static void test_fnv1a64(void **state)
{
	(void)state;
	assert_true(hash_fnv1a64_str("") == 0xcbf29ce484222325ull);
	assert_true(hash_fnv1a64_str("a") == 0xaf63dc4c8601ec8cull);
	assert_true(hash_fnv1a64_str("foobar") == 0x85944171f73967e8ull);
	/* the buffer form, with the same basis, and continued over two pieces */
	assert_true(hash_fnv1a64(HASH_FNV64_INIT, "", 0) == 0xcbf29ce484222325ull);
	assert_true(hash_fnv1a64(HASH_FNV64_INIT, "foobar", 6) == 0x85944171f73967e8ull);
	assert_true(hash_fnv1a64(hash_fnv1a64(HASH_FNV64_INIT, "foo", 3), "bar", 3) ==
		    0x85944171f73967e8ull);
	/* bytes above 0x7f are hashed unsigned, and an embedded NUL counts */
	assert_true(hash_fnv1a64(HASH_FNV64_INIT, "a\0", 2) != hash_fnv1a64_str("a"));
	assert_true(hash_fnv1a64(HASH_FNV64_INIT, "\xff", 1) ==
		    ((0xcbf29ce484222325ull ^ 0xffu) * 1099511628211ull));
}

static void test_fnv1a32(void **state)
{
	(void)state;
	assert_int_equal(hash_fnv1a32_str(""), 0x811c9dc5u);
	assert_int_equal(hash_fnv1a32_str("a"), 0xe40c292cu);
	assert_int_equal(hash_fnv1a32_str("foobar"), 0xbf9cf968u);
}

static void test_mix64(void **state)
{
	(void)state;
	const uint64_t g = 0x9E3779B97F4A7C15ull;
	assert_true(hash_mix64(g) == 0xe220a8397b1dcdafull);
	assert_true(hash_mix64(2 * g) == 0x6e789e6aa1b965f4ull);
	assert_true(hash_mix64(3 * g) == 0x06c45d188009454full);
	assert_true(hash_mix64(4 * g) == 0xf88bb8a8724c81ecull);
	assert_true(hash_mix64(0) == 0);
}

static void test_words64(void **state)
{
	(void)state;
	/* pinned on the empty input, where byte order plays no part */
	assert_true(hash_words64("", 0) == hash_mix64(0x9E3779B97F4A7C15ull));
	/* every length through two words and a tail: equal keys hash equal,
	 * the bytes after n are not read, and one changed byte changes it */
	char a[24], b[24];
	for (size_t i = 0; i < sizeof a; i++)
		a[i] = b[i] = (char)('A' + i);
	for (size_t n = 1; n <= 20; n++) {
		b[n] = 'z';
		assert_true(hash_words64(a, n) == hash_words64(b, n));
		b[n] = a[n];
		b[n - 1] = 'z';
		assert_true(hash_words64(a, n) != hash_words64(b, n));
		b[n - 1] = a[n - 1];
		assert_true(hash_words64(a, n) != hash_words64(a, n - 1));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv1a64),
		cmocka_unit_test(test_fnv1a32),
		cmocka_unit_test(test_mix64),
		cmocka_unit_test(test_words64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
