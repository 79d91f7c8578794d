/*
 * fuzz-support.h — the definitions behind fuzz.h, included once by each
 * harness (a harness is one translation unit: the build links each fuzz_*.c
 * alone against libchipscreen.a).
 */
#ifndef FUZZ_SUPPORT_H
#define FUZZ_SUPPORT_H

#include "fuzz.h"

#include <ftw.h>
#include <stdarg.h>
#include <unistd.h>

static char fuzz_dirbuf[4096];

static int fuzz_rm(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(p);
	return 0;
}

static void fuzz_cleanup(void)
{
	if (fuzz_dirbuf[0])
		nftw(fuzz_dirbuf, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_dir(void)
{
	if (!fuzz_dirbuf[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(fuzz_dirbuf, sizeof fuzz_dirbuf, "%s/chipscreen-fuzz-XXXXXX",
			 t && *t ? t : "/tmp");
		if (!mkdtemp(fuzz_dirbuf)) {
			perror(fuzz_dirbuf);
			abort();
		}
		atexit(fuzz_cleanup);
	}
	return fuzz_dirbuf;
}

const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[4200];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

void fuzz_abort(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz invariant broken: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

#endif
