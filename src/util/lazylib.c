/*
 * lazylib.c — dlopen on first use (see lazylib.h).
 *
 * RTLD_NOW: every symbol the library needs is bound at load time, so a
 * broken installation fails here, with a message, and not in the middle of
 * writing an archive.  RTLD_LOCAL: the library's symbols stay out of the
 * global namespace; chipscreen reaches them only through its tables.
 */
#include "util/lazylib.h"
#include "util/xalloc.h"

#include <dlfcn.h>
#include <stdlib.h>

static int fail(struct lazylib *lib, struct strbuf *err)
{
	lib->state = -1;
	lib->error = xstrdup(err->buf);
	return -1;
}

int lazylib_load(struct lazylib *lib, struct strbuf *err)
{
	if (lib->state > 0)
		return 0;
	strbuf_reset(err);
	if (lib->state < 0) {
		strbuf_addstr(err, lib->error);
		return -1;
	}
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		strbuf_addf(
			err,
			"%s cannot be loaded (needed for %s): %s; install the Debian package %s",
			lib->soname, lib->purpose, why ? why : "unknown error", lib->package);
		return fail(lib, err);
	}
	for (const struct lazysym *s = lib->syms; s && s->name; s++) {
		dlerror();
		void *addr = dlsym(h, s->name);
		if (!addr) {
			strbuf_addf(err,
				    "%s has no symbol %s (needed for %s): the installed library is "
				    "not the one chipscreen was built for; reinstall the Debian "
				    "package %s or rebuild chipscreen",
				    lib->soname, s->name, lib->purpose, lib->package);
			dlclose(h);
			for (const struct lazysym *t = lib->syms; t != s; t++)
				*t->addr = NULL;
			return fail(lib, err);
		}
		*s->addr = addr;
	}
	lib->state = 1;
	return 0;
}
