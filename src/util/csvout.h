/*
 * csvout.h — writing CSV cells that a spreadsheet will open: the one formula
 * guard every CSV writer uses (scan, fleet, rescreen, screen-names).
 *
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return) as a formula, and the values written come from hardware anyone can
 * program or from list files and supplier masters anyone can edit
 * (=HYPERLINK(...) in a name).  Such a cell is written with a leading
 * apostrophe, and so is a cell that already starts with one, so a reader
 * recovers the value exactly by removing one leading apostrophe.
 */
#ifndef UTIL_CSVOUT_H
#define UTIL_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Append value (NULL: nothing) to out, after the formula guard. */
void csv_guard_cell(struct strbuf *out, const char *value);

/* Append s[0..n) to out as one CSV field for the separator delim: guarded
 * when guard, and quoted (quotes doubled) only when it holds delim, a quote,
 * a line break, or begins or ends with a space. */
void csv_add_field(struct strbuf *out, const char *s, size_t n, char delim, bool guard);

#endif
