/*
 * config-arg.c — --config FILE, and the profile built from it, --profile and
 * --attr, as scan, profiles, fleet, rescreen, hosts and report take them.
 *
 * A config file named on the command line that sets nothing (an empty file,
 * or comments only) is refused: it is most likely the wrong file, and reading
 * it would drop the profile the user meant, so a gate would pass in the
 * exposure view.  A device such as /dev/null stays the way to read no config.
 */
#include "cmd/cmd.h"
#include "rules/profile.h"
#include "util/log.h"
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

/* --profile after a config that set attributes: the documented rule is that
 * a profile named later replaces them, which a user who put "sector =
 * telecom" in /etc/chipscreen.conf does not expect to happen silently. */
static void warn_dropped(const struct profile_request *rq, const char *profile)
{
	if (!rq->nset)
		return;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < rq->nset; i++)
		strbuf_addf(&sb, "%s%s = %s (%s)", i ? ", " : "", rq->set[i].key, rq->set[i].value,
			    rq->set[i].origin);
	log_warn("--profile %s replaces what the config set: %s; give it with --attr to keep "
		 "it",
		 profile, sb.buf);
	strbuf_release(&sb);
}

int cmd_profile_build(const struct ruleset *rs, struct profile_request *rq, const char *config,
		      const char *profile, const char *const *attrs, size_t nattrs,
		      const struct profile **out)
{
	struct strbuf err = STRBUF_INIT;
	int rc = config ? cmd_config_read(rq, config, &err) : config_read_default(rq, &err);
	if (!rc && profile) {
		warn_dropped(rq, profile);
		profile_request_add(rq, "profile", profile, "--profile");
	}
	for (size_t i = 0; !rc && i < nattrs; i++)
		rc = profile_request_add_arg(rq, attrs[i], &err);
	if (!rc)
		rc = profile_resolve(rs, rq, out, &err);
	if (rc)
		log_error("%s", err.buf);
	strbuf_release(&err);
	return rc;
}
