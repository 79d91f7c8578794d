/*
 * usage.c — what every command shares for its usage: the error line, the
 * help text, and `chipscreen version`.  Kept apart from the command table
 * (cmd-help.c) so that chipscreen-collector, which links three commands,
 * does not pull in every other one (and the libraries they need).
 */
#include "chipscreen.h"
#include "cmd/cmd.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (cmd)
		fprintf(stderr, "chipscreen %s: ", cmd);
	else
		fputs("chipscreen: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nTry 'chipscreen %s --help'.\n", cmd);
	else
		fputc('\n', stderr);
	return EXIT_ERROR;
}

int usage_bad_option(const char *cmd, int argc, char **argv)
{
	const char *a = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	if (strncmp(a, "--", 2))
		return usage_error(cmd, "%s: unknown option, or an option without its value", a);
	/* a long option: GNU getopt sets optopt only when it knew the option */
	if (optopt)
		return usage_error(cmd, "%s needs a value", a);
	return usage_error(cmd, "unknown option %s (or an ambiguous abbreviation)", a);
}

int print_usage(const char *text)
{
	fputs(text, stdout);
	return EXIT_CLEAR;
}

int cmd_version(int argc, char **argv)
{
	printf("chipscreen %s\n", CHIPSCREEN_VERSION);
	return EXIT_CLEAR;
}
