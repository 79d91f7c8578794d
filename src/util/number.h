/*
 * number.h — a decimal number given by a person (an option, a query
 * argument), read whole and checked against its range.
 *
 * strtod alone takes "nan", "inf", "0x1" and "" (as 0), and a range check
 * written as v < lo || v > hi lets NaN through, since every comparison with
 * it is false: "--min nan" screened against nothing and said "no hit".
 * Here only plain decimal notation is read ("0.85", "1", ".5", "5e-1").
 */
#ifndef UTIL_NUMBER_H
#define UTIL_NUMBER_H

#include <stdbool.h>

/* s as a decimal number from lo to hi into *out; false (out untouched) for
 * anything else. */
bool number_in(const char *s, double lo, double hi, double *out);

#endif
