#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

static int quiet, verbose;

void log_set_quiet(int q)
{
	quiet = q;
}

int log_is_quiet(void)
{
	return quiet;
}

void log_set_verbose(int v)
{
	verbose = v;
}

__attribute__((format(printf, 2, 0))) static void emit(const char *prefix, const char *fmt,
						       va_list ap)
{
	fputs("chipscreen: ", stderr);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit("error: ", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit("warning: ", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	if (quiet || !verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}

/* What the user should see even without --verbose (which columns of a CSV
 * were read as what): a note, silenced only by quiet. */
void log_note(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}
