/*
 * date.h — calendar dates as day numbers.
 *
 * Rules, acquisitions and manufacturing dates are days, not instants, so
 * chipscreen counts them as days since 1970-01-01 (day_t, proleptic
 * Gregorian, UTC).  Day 0 stands for "no date"; nothing chipscreen judges
 * happened on 1970-01-01.
 */
#ifndef UTIL_DATE_H
#define UTIL_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t day_t;

day_t days_from_civil(int y, int m, int d);
void civil_from_days(day_t z, int *y, int *m, int *d);
/* "YYYY-MM-DD" only, validated (month lengths, leap years).  Returns 0 if invalid. */
day_t date_parse(const char *s);
/* date_parse, and when s is not a date, why into *why, for a message
 * "<option> <s>: <why>" the same in every command: DATE_FORM for the wrong
 * form, "no such month ...", "no such day ..." for a day the calendar lacks,
 * or "out of range: dates from 1971-01-01 to 9999-12-31". */
#define DATE_FORM "expected a date YYYY-MM-DD"
day_t date_parse_why(const char *s, const char **why);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes); "" for day 0.  Returns buf. */
char *date_format(day_t d, char *buf);
/* Today in UTC, or $CHIPSCREEN_TODAY (YYYY-MM-DD) when set, for reproducible runs. */
day_t date_today(void);
/* The Monday of ISO week `week` of ISO year `year` (as SPD stores dates). 0 if invalid. */
day_t date_from_iso_week(int year, int week);
/* An ISO 8601 instant, "YYYY-MM-DDTHH:MM:SS" (or a space for the T), whole
 * seconds kept, fractions dropped, then "Z" or an offset "+HH:MM", "-HHMM":
 * seconds since 1970-01-01T00:00:00Z in *secs.  false for anything else,
 * which callers must treat as "when is not known", never as a time. */
bool timestamp_parse(const char *s, int64_t *secs);
/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
char *timestamp_now(char *buf);

#endif
