/*
 * csvout.c — the CSV formula guard and minimal RFC 4180 quoting (csvout.h).
 */
#include "util/csvout.h"

#include <string.h>

static bool needs_guard(const char *s, size_t n)
{
	return n && strchr("=+-@\t\r'", s[0]);
}

void csv_guard_cell(struct strbuf *out, const char *value)
{
	if (!value)
		return;
	if (needs_guard(value, strlen(value)))
		strbuf_addch(out, '\'');
	strbuf_addstr(out, value);
}

void csv_add_field(struct strbuf *out, const char *s, size_t n, char delim, bool guard)
{
	bool g = guard && needs_guard(s, n);
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (size_t i = 0; i < n && !quote; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = true;
	if (!quote) {
		if (g)
			strbuf_addch(out, '\'');
		strbuf_add(out, s, n);
		return;
	}
	strbuf_addch(out, '"');
	if (g)
		strbuf_addch(out, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, s[i]);
	}
	strbuf_addch(out, '"');
}
