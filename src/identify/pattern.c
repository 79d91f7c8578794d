/*
 * pattern.c — matching the pattern language of pattern.h.
 *
 * A backtracking matcher: '*' tries the shortest extension first, '#' the
 * longest.  The
 * patterns are short and anchored, values are at most a few hundred bytes
 * (longer ones are refused before matching), so the worst case stays small.
 */
#include "identify/pattern.h"

#include <string.h>

static unsigned char up(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 'A') : c;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Does the set starting at p (just after '[') hold c?  *end is set past ']'. */
static bool set_has(const char *p, unsigned char c, const char **end)
{
	bool hit = false;
	c = up(c);
	while (*p && *p != ']') {
		unsigned char lo = up((unsigned char)*p), hi = lo;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = up((unsigned char)p[2]);
			p += 3;
		} else {
			p++;
		}
		if (c >= lo && c <= hi)
			hit = true;
	}
	*end = *p ? p + 1 : p;
	return hit;
}

static bool match_at(const char *p, const unsigned char *s, const unsigned char *e)
{
	while (*p) {
		switch (*p) {
		case '*':
			p++;
			if (!*p)
				return true;
			for (const unsigned char *t = s; t <= e; t++)
				if (match_at(p, t, e))
					return true;
			return false;
		case '#': {
			/* greedy, giving digits back one at a time; one must stay */
			const unsigned char *start = s;
			while (s < e && is_digit(*s))
				s++;
			if (s == start)
				return false;
			p++;
			for (const unsigned char *t = s; t > start; t--)
				if (match_at(p, t, e))
					return true;
			return false;
		}
		case '?':
			if (s == e)
				return false;
			p++;
			s++;
			break;
		case '[': {
			const char *end;
			if (s == e || !set_has(p + 1, *s, &end))
				return false;
			p = end;
			s++;
			break;
		}
		default:
			if (s == e || up(*s) != up((unsigned char)*p))
				return false;
			p++;
			s++;
		}
	}
	return s == e;
}

bool pattern_match(const char *pat, const char *s, size_t n)
{
	return match_at(pat, (const unsigned char *)s, (const unsigned char *)s + n);
}

bool pattern_valid(const char *pat, const char **why)
{
	if (!*pat) {
		*why = "empty pattern";
		return false;
	}
	for (const char *p = pat; *p; p++) {
		if (*p == '[') {
			const char *q = strchr(p, ']');
			if (!q || q == p + 1) {
				*why = "unbalanced or empty [ ]";
				return false;
			}
			p = q;
		}
	}
	return true;
}

void pattern_first(const char *pat, bool first[256])
{
	memset(first, 0, 256 * sizeof first[0]);
	switch (*pat) {
	case '*':
	case '?':
		memset(first, 1, 256 * sizeof first[0]);
		return;
	case '#':
		for (int c = '0'; c <= '9'; c++)
			first[c] = true;
		return;
	case '[': {
		for (int c = 0; c < 256; c++) {
			const char *end;
			if (set_has(pat + 1, (unsigned char)c, &end))
				first[up((unsigned char)c)] = true;
		}
		return;
	}
	default:
		first[up((unsigned char)*pat)] = true;
	}
}
