/*
 * datadir.c — finding the knowledge tables and the rule set.
 *
 * Three places, in order:
 *   1. $CHIPSCREEN_DATA, when set (tests, a rule set under review);
 *   2. the directory chosen at build time, when it exists: the source tree's
 *      data/ for a build in place, PREFIX/share/chipscreen for `make install`;
 *   3. ../share/chipscreen beside the executable, so that a tree installed
 *      with DESTDIR, copied elsewhere or unpacked from a package still finds
 *      its own data (the build-time path may name a directory that never
 *      existed on this machine).
 * When none exists the build-time path is returned, so errors name the place
 * an installed chipscreen expects.
 */
#include "util/datadir.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <dir of the executable>/../share/chipscreen into buf, or false. */
static bool beside_executable(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	int len = snprintf(buf, size, "%s/../share/chipscreen", exe);
	return len > 0 && (size_t)len < size && is_dir(buf);
}

const char *data_dir(void)
{
	static char found[PATH_MAX];
	static const char *chosen;
	const char *env = getenv("CHIPSCREEN_DATA");
	if (env && *env)
		return env;
	if (!chosen)
		chosen = is_dir(CHIPSCREEN_DATADIR) || !beside_executable(found, sizeof found)
				 ? CHIPSCREEN_DATADIR
				 : found;
	return chosen;
}

const char *data_path(struct strbuf *out, const char *rel)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s/%s", data_dir(), rel);
	return out->buf;
}
