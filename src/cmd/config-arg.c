/*
 * config-arg.c — --config FILE, as scan, profiles, fleet, rescreen, hosts and
 * report read it.
 *
 * A config file named on the command line that sets nothing (an empty file,
 * or comments only) is refused: it is most likely the wrong file, and reading
 * it would drop the profile the user meant, so a gate would pass in the
 * exposure view.  A device such as /dev/null stays the way to read no config.
 */
#include "cmd/cmd.h"
#include "rules/profile.h"
#include "util/strbuf.h"

#include <sys/stat.h>

int cmd_config_read(struct profile_request *rq, const char *path, struct strbuf *err)
{
	size_t before = rq->nset;
	const char *profile = rq->profile;
	struct stat st;
	int rc = config_read(rq, path, true, err);
	if (!rc && rq->nset == before && rq->profile == profile && !stat(path, &st) &&
	    S_ISREG(st.st_mode)) {
		strbuf_addf(err,
			    "%s: sets nothing (empty, or comments only): give a config with "
			    "'profile = NAME' or 'KEY = VALUE' lines (doc/rules.md), or "
			    "--config /dev/null to read none",
			    path);
		return -1;
	}
	return rc;
}
