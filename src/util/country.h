/*
 * country.h — ISO 3166-1 alpha-2 country codes, checked against the
 * iso-codes package's table (iso_3166-1.json, read once on first use).
 *
 * A country is an input in several places (export-check's destination, a
 * profile's jurisdiction): "XX" or "CH" for China must be an input error,
 * never a country no rule mentions and so "nothing applies".  One reader of
 * the table for all of them.
 */
#ifndef UTIL_COUNTRY_H
#define UTIL_COUNTRY_H

#include <stdbool.h>

/*
 * 1 when cc is an assigned alpha-2 code (any case; out gets it in upper
 * case, NUL-terminated), 0 when it is not, -1 when it has the form (two
 * ASCII letters, out set) but the table could not be read (said once on
 * stderr): the caller decides whether it may go on unchecked.
 */
int country_code_check(const char *cc, char out[3]);

#endif
