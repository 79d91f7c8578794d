/*
 * profile.h — who the operator is: bundled profiles, the config file and
 * attributes from the command line.
 *
 * A profile is a set of attributes (rules/schema/vocabulary.json): a country
 * list, sectors, and yes/no facts such as "cii" or "federal_contractor".  A
 * rule binds an operator when the profile meets one of the rule's "binds"
 * alternatives.
 *
 * The profile a scan uses is built in layers, each replacing the attributes
 * it sets: the named profile (bundled, data/profiles/NAME.json), then the
 * config files (/etc/chipscreen.conf, then $XDG_CONFIG_HOME/chipscreen/config),
 * then --profile and --attr on the command line.  The config format is
 * "key = value" lines (doc/rules.md, "Config file").  No profile and no
 * attribute anywhere means the exposure view: no verdict against the owner.
 */
#ifndef RULES_PROFILE_H
#define RULES_PROFILE_H

#include <stdbool.h>

#include "rules/rules.h"

struct profile_attr {
	const struct attrdef *def;
	struct strlist values; /* bools are "yes" or "no" */
	const char *origin;    /* "profile cn-cii", "/etc/chipscreen.conf:3", "--attr" */
};

struct profile {
	const char *name;  /* "cn-cii", "custom" */
	const char *label; /* name plus any override: "cn-cii (sector=telecom)" */
	const char *title, *description, *source, *file;
	struct profile_attr *attrs;
	size_t nattrs, capattrs;
};

/* Load data/profiles/ (from the ruleset's data dir) into rs->profiles. */
int profiles_load(struct ruleset *rs, const char *datadir, struct strbuf *err);
const struct profile *profile_find(const struct ruleset *rs, const char *name);

/* The values of an attribute, NULL when unset. */
const struct strlist *profile_get(const struct profile *p, const char *attr);
/* Is a yes/no attribute set to yes? */
bool profile_is(const struct profile *p, const char *attr);
/* Does the profile meet one of the rule's binds alternatives? */
bool profile_binds(const struct profile *p, const struct rule *r);
/* "jurisdiction=CN cii=yes" into out. */
void profile_describe(const struct profile *p, struct strbuf *out);
/* "jurisdiction=CN and cii=yes, or ..." for a rule's binds; "nobody" when none. */
void binds_describe(const struct rule *r, struct strbuf *out);

/*
 * The request: what config files and flags say, in order.  Settings are
 * applied in the order added, so later layers win.
 */
struct profile_setting {
	const char *key, *value, *origin;
};

struct profile_request {
	struct arena *arena;
	const char *profile; /* last profile named; "none" for the exposure view */
	const char *profile_origin;
	struct profile_setting *set;
	size_t nset, capset;
};

void profile_request_init(struct profile_request *rq, struct arena *a);
/* Add one key = value (key "profile" names the base profile). */
void profile_request_add(struct profile_request *rq, const char *key, const char *value,
			 const char *origin);
/* Parse "KEY=VALUE" as --attr gives it.  -1 with err on a missing '='. */
int profile_request_add_arg(struct profile_request *rq, const char *arg, struct strbuf *err);

/*
 * Read one config file into rq.  A missing file is not an error when
 * must_exist is false; an unreadable one always is (an ignored config could
 * turn verdicts into an exposure view without anyone noticing).
 */
int config_read(struct profile_request *rq, const char *path, bool must_exist, struct strbuf *err);
/*
 * Read the usual config files: $CHIPSCREEN_CONFIG alone when set (empty: none),
 * else /etc/chipscreen.conf then $XDG_CONFIG_HOME/chipscreen/config (default
 * ~/.config/chipscreen/config).
 */
int config_read_default(struct profile_request *rq, struct strbuf *err);

/*
 * Build the profile.  *out is NULL for the exposure view (no profile and no
 * attributes, or profile "none").  -1 with err on an unknown profile, key or
 * value (naming where it came from).
 */
int profile_resolve(const struct ruleset *rs, const struct profile_request *rq,
		    const struct profile **out, struct strbuf *err);

#endif
