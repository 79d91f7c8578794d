/*
 * number.c — decimal numbers read whole (util/number.h): the characters are
 * checked before strtod sees them, so that no spelling of NaN, infinity or
 * hexadecimal gets through, and the range test is written so NaN fails it.
 */
#include "util/number.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool number_in(const char *s, double lo, double hi, double *out)
{
	if (!s || !*s || strspn(s, "0123456789.+-eE") != strlen(s))
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}
