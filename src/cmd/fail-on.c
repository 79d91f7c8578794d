/*
 * fail-on.c — --fail-on, shared by scan, fleet and rescreen.
 *
 * The gate's levels, most severe first: PROHIBITED, REMOVE-BY,
 * NO-NEW-PURCHASE, LICENSE, REVIEW, NOT-IDENTIFIED, INFO, CLEAR.
 * NOT-IDENTIFIED is not a verdict (no rule named the part): it is a part
 * whose maker, or chip maker where one applies, could not be told.  A gate at
 * NOT-IDENTIFIED (or below it) fails on such a part as well as on any verdict
 * from REVIEW up; a gate above it ignores them, as before.
 *
 * --min-verdict (scan, fleet) reads the same levels: what is shown is what a
 * gate at that level would fail on, so one word means one threshold.
 */
#include "cmd/cmd.h"
#include "chipscreen.h"

#include <strings.h>

/* The message names the option the user gave (--min-verdict reads the same levels). */
int verdict_level_parse(const char *cmd, const char *opt, const char *arg, struct fail_on *out)
{
	if (!strcasecmp(arg, "NOT-IDENTIFIED")) {
		out->verdict = V_REVIEW;
		out->unidentified = true;
		return 0;
	}
	int v = verdict_from_name(arg);
	if (v < 0)
		return usage_error(cmd,
				   "%s %s: expected PROHIBITED, REMOVE-BY, NO-NEW-PURCHASE, "
				   "LICENSE, REVIEW, NOT-IDENTIFIED, INFO or CLEAR",
				   opt, arg);
	out->verdict = v;
	out->unidentified = v <= V_INFO; /* INFO and CLEAR sit below NOT-IDENTIFIED */
	return 0;
}

int fail_on_parse(const char *cmd, const char *arg, struct fail_on *out)
{
	return verdict_level_parse(cmd, "--fail-on", arg, out);
}

int min_verdict_parse(const char *cmd, const char *arg, struct fail_on *out)
{
	return verdict_level_parse(cmd, "--min-verdict", arg, out);
}

bool min_verdict_shows(const struct fail_on *m, int verdict)
{
	return verdict >= m->verdict;
}

bool fail_on_hit(const struct fail_on *f, int worst, size_t unidentified)
{
	return worst >= f->verdict || (f->unidentified && unidentified > 0);
}
