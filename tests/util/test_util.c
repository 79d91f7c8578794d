/*
 * test_util.c — dates, hex, UTF-8 escaping, strbuf, arena.
 */
#include "testutil.h"

#include "util/arena.h"
#include "util/date.h"
#include "util/hex.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void test_dates(void **state)
{
	(void)state;
	char buf[11];
	assert_int_equal(date_parse("1970-01-02"), 0); /* before 1971: rejected */
	assert_int_equal(date_parse("2023-05-21"), 19498);
	assert_string_equal(date_format(19498, buf), "2023-05-21");
	assert_int_equal(date_parse("2024-02-29") - date_parse("2024-02-28"), 1);
	assert_int_equal(date_parse("2023-02-29"), 0);
	assert_int_equal(date_parse("2023-13-01"), 0);
	assert_int_equal(date_parse("2023-5-21"), 0);
	assert_int_equal(date_parse("2023-05-21x"), 0);
	assert_int_equal(date_parse(NULL), 0);
	assert_string_equal(date_format(0, buf), "");
	assert_string_equal(date_format(date_parse("2027-12-23"), buf), "2027-12-23");
	/* ISO weeks: 2024-W01 starts Monday 2024-01-01; 2021-W01 starts 2021-01-04;
	 * 2020 has 53 weeks (W53 = 2020-12-28), 2021 has not. */
	assert_string_equal(date_format(date_from_iso_week(2024, 1), buf), "2024-01-01");
	assert_string_equal(date_format(date_from_iso_week(2021, 1), buf), "2021-01-04");
	assert_string_equal(date_format(date_from_iso_week(2020, 53), buf), "2020-12-28");
	assert_int_equal(date_from_iso_week(2021, 53), 0);
	assert_int_equal(date_from_iso_week(2021, 0), 0);
	assert_string_equal(date_format(date_from_iso_week(2019, 23), buf), "2019-06-03");
}

/* Why a string is not a date: a date of the right form outside the years
 * read is said to be out of range, with the range, not "expected YYYY-MM-DD". */
static void test_date_why(void **state)
{
	(void)state;
	static const struct {
		const char *s, *why;
	} cases[] = {
		{"1969-12-31", "out of range: dates from 1971-01-01 to 9999-12-31"},
		{"1970-01-01", "out of range: dates from 1971-01-01 to 9999-12-31"},
		{"0000-01-01", "out of range: dates from 1971-01-01 to 9999-12-31"},
		{"2023-02-29", "no such day in that month"},
		{"2023-04-31", "no such day in that month"},
		{"2023-00-10", "no such month (01 to 12)"},
		{"2025-13-01", "no such month (01 to 12)"},
		{"2023-5-21", "expected a date YYYY-MM-DD"},
		{"21/05/2023", "expected a date YYYY-MM-DD"},
		{"", "expected a date YYYY-MM-DD"},
		{NULL, "expected a date YYYY-MM-DD"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *why = "unset";
		assert_int_equal(date_parse_why(cases[i].s, &why), 0);
		assert_string_equal(why, cases[i].why);
	}
	const char *why = "unset";
	assert_int_equal(date_parse_why("1971-01-01", &why), 365);
	assert_null(why);
	assert_int_equal(date_parse_why("9999-12-31", &why), 2932896);
	assert_null(why);
}

/* $CHIPSCREEN_TODAY that is no date was ignored without a word: a run meant
 * to be reproducible judged by the clock.  Now said, once a process. */
static void test_today_env(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_TODAY", "2027-12-23", 1);
	assert_int_equal(date_today(), date_parse("2027-12-23"));
	setenv("CHIPSCREEN_TODAY", "2026-02-30", 1);
	fflush(stderr);
	FILE *f = tmpfile();
	assert_non_null(f);
	int saved = dup(2);
	dup2(fileno(f), 2);
	day_t a = date_today(), b = date_today();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	unsetenv("CHIPSCREEN_TODAY");
	assert_int_equal(a, (day_t)(time(NULL) / 86400));
	assert_int_equal(b, a);
	char buf[512] = {0};
	rewind(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "chipscreen: warning: CHIPSCREEN_TODAY '2026-02-30': no such day "
				 "in that month; the clock's date is used\n");
}

/* collect's own stamps, other tools' offsets and fractions; no zone is no time */
static void test_timestamps(void **state)
{
	(void)state;
	int64_t t, u;
	assert_true(timestamp_parse("2026-12-08T01:40:00Z", &t));
	assert_int_equal(t, (int64_t)date_parse("2026-12-08") * 86400 + 6000);
	/* 02:40 at +01:00 is 01:40Z; a fraction is dropped */
	assert_true(timestamp_parse("2026-12-08T02:40:00.750+01:00", &u));
	assert_int_equal(u, t);
	assert_true(timestamp_parse("2026-12-07 20:40:00-0500", &u));
	assert_int_equal(u, t);
	assert_true(timestamp_parse("2026-12-08t01:40:01z", &u));
	assert_int_equal(u - t, 1);
	assert_false(timestamp_parse("2026-12-08T01:40:00", &u));
	assert_false(timestamp_parse("2026-12-08", &u));
	assert_false(timestamp_parse("2026-02-30T01:40:00Z", &u));
	assert_false(timestamp_parse("2026-12-08T24:00:00Z", &u));
	assert_false(timestamp_parse("2026-12-08T01:40:00Zjunk", &u));
	assert_false(timestamp_parse("2026-12-08T01:40:00+01", &u));
	assert_false(timestamp_parse("2026-12-08T01:40:00.Z", &u));
	assert_false(timestamp_parse("yesterday", &u));
	assert_false(timestamp_parse(NULL, &u));
}

static void test_hex(void **state)
{
	(void)state;
	uint8_t b[4];
	char s[16];
	assert_true(hex_decode("802cAD", 3, b));
	assert_int_equal(b[0], 0x80);
	assert_int_equal(b[1], 0x2c);
	assert_int_equal(b[2], 0xad);
	assert_false(hex_decode("8g", 1, b));
	hex_encode(b, 3, s);
	assert_string_equal(s, "802cad");
	hex_encode_upper(b, 2, ' ', s);
	assert_string_equal(s, "80 2C");
	uint32_t v;
	assert_true(hex_parse_u32("0x1e49", &v));
	assert_int_equal(v, 0x1e49);
	assert_true(hex_parse_u32("c0a9", &v));
	assert_int_equal(v, 0xc0a9);
	assert_false(hex_parse_u32("0x", &v));
	assert_false(hex_parse_u32("12z", &v));
	assert_false(hex_parse_u32("100000000", &v));
	/* hex_all: only the n bytes given are looked at; "" is all hex */
	assert_true(hex_all("09afAF", 6));
	assert_true(hex_all("1e49:zz", 4));
	assert_false(hex_all("1e4g", 4));
	assert_false(hex_all("0x12", 4));
	assert_true(hex_all("", 0));
	assert_false(hex_all("\xc2\xb9", 2)); /* superscript one is not a digit */
}

/* Code points: ASCII, two-, three- and four-byte forms; the limit; a stop at
 * the first invalid byte. */
static void test_utf8_codepoints(void **state)
{
	(void)state;
	int32_t cp[8];
	assert_int_equal(utf8_codepoints("a\xc3\xa9\xe6\x9c\x89\xf0\x9f\x98\x80", cp, 8), 4);
	assert_int_equal(cp[0], 'a');
	assert_int_equal(cp[1], 0xe9);
	assert_int_equal(cp[2], 0x6709);
	assert_int_equal(cp[3], 0x1f600);
	assert_int_equal(utf8_codepoints("abcdef", cp, 3), 3);
	assert_int_equal(cp[2], 'c');
	assert_int_equal(utf8_codepoints("ab\xff"
					 "cd",
					 cp, 8),
			 2);
	assert_int_equal(utf8_codepoints("", cp, 8), 0);
}

static void test_utf8(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	char out[64];
	/* clean UTF-8, including CJK, passes through */
	assert_true(utf8_clean("致态 TiPlus7100", strlen("致态 TiPlus7100")));
	assert_false(utf8_escape(&sb, "致态", strlen("致态")));
	assert_string_equal(sb.buf, "致态");
	/* invalid bytes, controls and backslashes are escaped, reversibly */
	const char bad[] = "A\xff\x01\\B\xe8\x87";
	strbuf_reset(&sb);
	assert_true(utf8_escape(&sb, bad, sizeof bad - 1));
	assert_string_equal(sb.buf, "A\\xff\\x01\\\\B\\xe8\\x87");
	assert_int_equal(utf8_unescape(sb.buf, out), sizeof bad - 1);
	assert_memory_equal(out, bad, sizeof bad - 1);
	/* NUL inside a firmware string */
	strbuf_reset(&sb);
	utf8_escape(&sb, "AB\0C", 4);
	assert_string_equal(sb.buf, "AB\\x00C");
	strbuf_release(&sb);
}

static void test_strbuf(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_memory_equal(sb.buf + sb.len - 4, "999,", 4);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "  padded \n");
	strbuf_trim(&sb);
	assert_string_equal(sb.buf, "padded");
	strbuf_release(&sb);
}

static void test_arena(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *big = arena_alloc(a, 1 << 20); /* own block */
	big[(1 << 20) - 1] = 'x';
	int *v = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < 10000; i++)
		*ARENA_PUSH(a, v, n, cap) = i;
	assert_int_equal(n, 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(v[i], i);
	assert_string_equal(arena_printf(a, "%s-%d", "x", 7), "x-7");
	assert_null(arena_strdup(a, NULL));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_date_why),  cmocka_unit_test(test_today_env),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_utf8),   cmocka_unit_test(test_utf8_codepoints),
		cmocka_unit_test(test_strbuf), cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
