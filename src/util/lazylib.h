/*
 * lazylib.h — shared libraries loaded on first use (dlopen), not at start-up.
 *
 * libarchive and libxml2 are needed only to read or write capture archives
 * and to import the OFAC XML lists, yet linking them makes every command map
 * ICU and libstdc++ and run their constructors: about 3.5 ms and 1.5 MiB on
 * each start of `chipscreen collect`, most of its time.  So they are not
 * linked; the one file that uses each declares a table of the functions it
 * calls, and lazylib_load() opens the library and fills the table the first
 * time a command needs it (systemd does the same for its optional libraries).
 *
 * Declaring a table (in the user's .c file, after the library's own header,
 * so the compiler checks every call against the real prototypes):
 *
 *	#define ARCHIVE_FUNCS(X) X(archive_read_new) X(archive_read_free) ...
 *	ARCHIVE_FUNCS(LAZYLIB_DECLARE)            // static T *sym_archive_read_new; ...
 *	static const struct lazysym archive_syms[] = {ARCHIVE_FUNCS(LAZYLIB_ENTRY) {0}};
 *	static struct lazylib libarchive = LAZYLIB_INIT("libarchive.so.13", "libarchive13",
 *	                                                "capture archives", archive_syms);
 *
 * and calling sym_archive_read_new() once lazylib_load(&libarchive, err) has
 * returned 0.  A library that cannot be loaded is an error the user can act
 * on, kept and repeated on later calls:
 *
 *   "libarchive.so.13 cannot be loaded (needed for capture archives): ...:
 *    cannot open shared object file; install the Debian package libarchive13"
 *
 * Libraries are never closed: what they allocated may still be in use, and a
 * process opens each at most once.  Not thread-safe (chipscreen's commands
 * are single-threaded).
 */
#ifndef UTIL_LAZYLIB_H
#define UTIL_LAZYLIB_H

#include "util/strbuf.h"

struct lazysym {
	const char *name; /* the symbol ("archive_read_new"); NULL ends a table */
	void **addr;      /* where its address goes (a function or variable pointer) */
};

struct lazylib {
	const char *soname;  /* "libarchive.so.13" */
	const char *package; /* the Debian package shipping it: "libarchive13" */
	const char *purpose; /* what it is needed for, for the message */
	const struct lazysym *syms;
	int state;   /* 0 not tried, 1 loaded, -1 failed */
	char *error; /* the failure, kept for later calls */
};

#define LAZYLIB_INIT(soname, package, purpose, syms)                                               \
	{                                                                                          \
		(soname), (package), (purpose), (syms), 0, NULL                                    \
	}
#define LAZYLIB_DECLARE(f) static __typeof__(f) *sym_##f;
#define LAZYLIB_ENTRY(f)   {#f, (void **)&sym_##f},

/* Open the library and fill its table, the first time; 0 when loaded, -1
 * with err set (reset first) when it cannot be. */
int lazylib_load(struct lazylib *lib, struct strbuf *err);

#endif
