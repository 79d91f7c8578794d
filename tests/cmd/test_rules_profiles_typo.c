/*
 * test_rules_profiles_typo.c — `rules ID` and `profiles NAME` with a typo
 * name what was probably meant (cmd/cmd-rules.c, cmd/cmd-profiles.c, through
 * util/suggest).
 *
 * scan --profile cn-ci said "did you mean cn-cii?"; profiles cn-ci said only
 * "no profile 'cn-ci'", and rules us-ndaa5949 (the section as people write it)
 * only "no rule", though the ids us-ndaa5949-a1a and -a1b are its two rules.
 * Both exit 2 as before; a word near nothing says what it said.
 */
#include "testutil.h"

#include <stdlib.h>

static void check(const char *cmd, const char *arg, const char *want)
{
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	assert_int_equal(run_cmd(&o, &e, cmd, arg, NULL), 2);
	assert_string_equal(e.buf, want);
	assert_string_equal(o.buf, "");
	strbuf_release(&o);
	strbuf_release(&e);
}

static void test_typos(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	check("rules", "us-ndaa5949",
	      "chipscreen rules: no rule 'us-ndaa5949'; did you mean us-ndaa5949-a1a or "
	      "us-ndaa5949-a1b? ('chipscreen rules' lists them)\n"
	      "Try 'chipscreen rules --help'.\n");
	check("rules", "cn-cac-micron-2032",
	      "chipscreen rules: no rule 'cn-cac-micron-2032'; did you mean cn-cac-micron-2023? "
	      "('chipscreen rules' lists them)\n"
	      "Try 'chipscreen rules --help'.\n");
	check("profiles", "cn-ci",
	      "chipscreen profiles: no profile 'cn-ci'; did you mean cn-cii? ('chipscreen "
	      "profiles' lists them)\n"
	      "Try 'chipscreen profiles --help'.\n");
	check("profiles", "zzzzzz",
	      "chipscreen profiles: no profile 'zzzzzz'; 'chipscreen profiles' lists them\n"
	      "Try 'chipscreen profiles --help'.\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_typos)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
