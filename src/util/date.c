/*
 * date.c — Howard Hinnant's civil-from-days algorithms (public domain),
 * which are exact over the whole int32 range of days.
 */
#include "util/date.h"
#include "util/log.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

day_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int)doe - 719468;
}

void civil_from_days(day_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int yy = (int)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (mm <= 2);
	*m = (int)mm;
	*d = (int)dd;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

/* The years chipscreen reads: from 1971, so that day 0 (1970-01-01) can
 * stand for "no date", to 9999, the last a four-digit year writes. */
enum { DATE_FIRST_YEAR = 1971, DATE_LAST_YEAR = 9999 };

day_t date_parse_why(const char *s, const char **why)
{
	const char *no = NULL;
	int y = 0, m = 0, d = 0;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		no = DATE_FORM;
	for (int i = 0; !no && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			no = DATE_FORM;
	if (!no) {
		y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
		if (m < 1 || m > 12)
			no = "no such month (01 to 12)";
		else if (d < 1 || d > month_days(y, m))
			no = "no such day in that month";
		else if (y < DATE_FIRST_YEAR || y > DATE_LAST_YEAR)
			no = "out of range: dates from 1971-01-01 to 9999-12-31";
	}
	if (why)
		*why = no;
	return no ? 0 : days_from_civil(y, m, d);
}

day_t date_parse(const char *s)
{
	return date_parse_why(s, NULL);
}

char *date_format(day_t day, char *buf)
{
	if (day == 0) {
		buf[0] = '\0';
		return buf;
	}
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
	snprintf(buf, 11, "%04u-%02u-%02u", uy, um, ud);
	return buf;
}

day_t date_today(void)
{
	static atomic_bool warned;
	const char *env = getenv("CHIPSCREEN_TODAY"), *why = NULL;
	if (env && *env) {
		day_t d = date_parse_why(env, &why);
		if (d)
			return d;
		/* a run meant to be reproducible would judge by the clock
		 * without a word: said once a process */
		if (!atomic_exchange(&warned, true))
			log_warn("CHIPSCREEN_TODAY '%s': %s; the clock's date is used", env, why);
	}
	return (day_t)(time(NULL) / 86400);
}

day_t date_from_iso_week(int year, int week)
{
	if (year < DATE_FIRST_YEAR || year > DATE_LAST_YEAR || week < 1 || week > 53)
		return 0;
	/* ISO week 1 holds January 4th. */
	day_t jan4 = days_from_civil(year, 1, 4);
	int wd = (int)((jan4 + 3) % 7); /* 0 = Monday; 1970-01-01 was a Thursday */
	if (wd < 0)
		wd += 7;
	day_t week1_monday = jan4 - wd;
	day_t d = week1_monday + (week - 1) * 7;
	if (week == 53) {
		/* Only years whose Dec 28th falls in week 53 have one. */
		day_t dec28 = days_from_civil(year, 12, 28);
		if (d > dec28)
			return 0;
	}
	return d;
}

/* n digits at s as a number, or -1 */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool timestamp_parse(const char *s, int64_t *secs)
{
	if (!s || strnlen(s, 20) < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':')
		return false;
	char day[11];
	memcpy(day, s, 10);
	day[10] = '\0';
	day_t d = date_parse(day);
	int hh = digits(s + 11, 2), mi = digits(s + 14, 2), ss = digits(s + 17, 2);
	/* 60: a leap second, as the clock printed it */
	if (!d || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 60)
		return false;
	const char *p = s + 19;
	if (*p == '.' || *p == ',') {
		if (p[1] < '0' || p[1] > '9')
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	int off = 0;
	if ((*p == 'Z' || *p == 'z') && !p[1]) {
		off = 0;
	} else if (*p == '+' || *p == '-') {
		int oh = digits(p + 1, 2);
		const char *m = p + 3 + (p[3] == ':');
		int om = digits(m, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59 || m[2])
			return false;
		off = (*p == '-' ? -1 : 1) * (oh * 60 + om) * 60;
	} else {
		return false; /* no zone: a local time of some unknown place */
	}
	*secs = (int64_t)d * 86400 + hh * 3600 + mi * 60 + ss - off;
	return true;
}

char *timestamp_now(char *buf)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}
