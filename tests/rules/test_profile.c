/*
 * test_profile.c — bundled profiles, the config file, --attr, and how they
 * layer.
 */
#include "judgeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const struct profile *resolve(struct profile_request *rq, struct strbuf *err, int want_rc)
{
	const struct profile *p = NULL;
	int rc = profile_resolve(T_rs, rq, &p, err);
	if (rc != want_rc)
		fail_msg("profile_resolve returned %d (%s), expected %d", rc, err->buf, want_rc);
	return p;
}

static void test_bundled(void **state)
{
	(void)state;
	static const char *const names[] = {"cn-cii",
					    "de-mno",
					    "se-operator",
					    "uk-telecom-provider",
					    "us-exporter",
					    "us-federal-agency",
					    "us-federal-contractor",
					    "us-usf-carrier"};
	assert_int_equal(T_rs->nprofiles, 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(T_rs->profiles[i].name, names[i]);
	const struct profile *p = t_named("cn-cii");
	assert_true(profile_is(p, "cii"));
	assert_false(profile_is(p, "federal_contractor"));
	assert_string_equal(profile_get(p, "jurisdiction")->v[0], "CN");
	assert_true(profile_binds(p, rule_find(T_rs, "cn-cac-micron-2023")));
	assert_false(profile_binds(p, rule_find(T_rs, "us-ndaa889-a1b")));
	/* every bundled profile is bound by at least one rule */
	for (size_t i = 0; i < T_rs->nprofiles; i++) {
		size_t n = 0;
		for (size_t k = 0; k < T_rs->nrules; k++)
			n += profile_binds(&T_rs->profiles[i], &T_rs->rules[k]);
		if (!n)
			fail_msg("profile %s binds no rule", T_rs->profiles[i].name);
	}
	struct strbuf sb = STRBUF_INIT;
	binds_describe(rule_find(T_rs, "us-dod-1260h-ymtc-2024"), &sb);
	assert_string_equal(sb.buf, "nobody");
	strbuf_release(&sb);
}

static void test_config_file(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	test_write_str(dir, "c.conf",
		       "# chipscreen config\n\n  profile = cn-cii  \nsector = telecom, energy\n"
		       "purpose=public-safety\n");
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&path, "%s/c.conf", dir);
	struct arena *a = arena_new();
	struct profile_request rq;
	profile_request_init(&rq, a);
	assert_int_equal(config_read(&rq, path.buf, true, &err), 0);
	const struct profile *p = resolve(&rq, &err, 0);
	assert_string_equal(p->name, "cn-cii");
	assert_string_equal(p->label, "cn-cii (sector=telecom,energy, purpose=public-safety)");
	assert_int_equal(profile_get(p, "sector")->n, 2);
	assert_true(profile_is(p, "cii"));
	/* the command line overrides: --attr replaces the attribute */
	assert_int_equal(profile_request_add_arg(&rq, "sector=finance", &err), 0);
	p = resolve(&rq, &err, 0);
	assert_int_equal(profile_get(p, "sector")->n, 1);
	assert_string_equal(profile_get(p, "sector")->v[0], "finance");
	/* --profile none: the exposure view, even with a profile in the config */
	struct profile_request rq2;
	profile_request_init(&rq2, a);
	assert_int_equal(config_read(&rq2, path.buf, true, &err), 0);
	profile_request_add(&rq2, "profile", "none", "--profile");
	assert_null(resolve(&rq2, &err, 0));
	/* a profile named later drops the attributes set before it */
	profile_request_add(&rq2, "profile", "us-exporter", "--profile");
	p = resolve(&rq2, &err, 0);
	assert_string_equal(p->label, "us-exporter");
	/* nothing at all: exposure view */
	struct profile_request rq3;
	profile_request_init(&rq3, a);
	assert_int_equal(config_read(&rq3, "/nonexistent/chipscreen.conf", false, &err), 0);
	assert_null(resolve(&rq3, &err, 0));
	/* attributes alone: a custom profile */
	assert_int_equal(profile_request_add_arg(&rq3, "jurisdiction=us,gb", &err), 0);
	assert_int_equal(profile_request_add_arg(&rq3, "federal_contractor = Yes", &err), 0);
	p = resolve(&rq3, &err, 0);
	assert_string_equal(p->name, "custom");
	assert_string_equal(p->label, "custom (jurisdiction=US,GB, federal_contractor=yes)");
	assert_true(profile_binds(p, rule_find(T_rs, "us-ndaa889-a1b")));
	strbuf_release(&path);
	strbuf_release(&err);
	arena_free(a);
	test_rmtree(dir);
	free(dir);
}

static void expect_config_error(const char *text, const char *want)
{
	char *dir = test_tmpdir();
	test_write_str(dir, "c.conf", text);
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT, full = STRBUF_INIT;
	strbuf_addf(&path, "%s/c.conf", dir);
	struct arena *a = arena_new();
	struct profile_request rq;
	profile_request_init(&rq, a);
	const struct profile *p = NULL;
	int rc = config_read(&rq, path.buf, true, &err);
	if (!rc)
		rc = profile_resolve(T_rs, &rq, &p, &err);
	assert_int_equal(rc, -1);
	strbuf_addf(&full, "%s%s", path.buf, want);
	if (strncmp(err.buf, full.buf, full.len))
		fail_msg("error \"%s\", expected it to begin \"%s\"", err.buf, full.buf);
	strbuf_release(&path);
	strbuf_release(&err);
	strbuf_release(&full);
	arena_free(a);
	test_rmtree(dir);
	free(dir);
}

static void test_config_errors(void **state)
{
	(void)state;
	expect_config_error("profile = cn-cii\ncolour = red\n",
			    ":2: unknown attribute \"colour\" (known: profile, jurisdiction,");
	/* a key twice in one file: the last won silently (a profile flipped) */
	expect_config_error("profile = cn-cii\nsector = telecom\n\nprofile = us-federal-agency\n",
			    ":4: \"profile\" is given twice in this file (first at line 1): keep "
			    "the one meant");
	expect_config_error("sector = telecom\n# energy too\nsector = energy\n",
			    ":3: \"sector\" is given twice in this file (first at line 1)");
	expect_config_error("cii = maybe\n", ":1: cii: \"maybe\" is not yes or no");
	expect_config_error("\n\njurisdiction\n", ":3: expected \"key = value\"");
	expect_config_error("sector =\n", ":1: expected \"key = value\"");
	expect_config_error("jurisdiction = China\n",
			    ":1: jurisdiction: \"China\" is not an ISO 3166-1 alpha-2 country code");
	/* two letters that name no country: every rule would skip it, all clear */
	expect_config_error("jurisdiction = XX\n",
			    ":1: jurisdiction: \"XX\" is not an ISO 3166-1 alpha-2 country code");
	expect_config_error("jurisdiction = CH, zz\n",
			    ":1: jurisdiction: \"zz\" is not an ISO 3166-1 alpha-2 country code");
	expect_config_error("cii = yes, no\n", ":1: cii takes one value");
	expect_config_error("profile = cn-ci\n",
			    ":1: no profile \"cn-ci\"; did you mean cn-cii? (see 'chipscreen profiles')");
	expect_config_error("network = 5g-kore\n",
			    ":1: network: \"5g-kore\" is not one of: 5g-core,");
	expect_config_error("profile = none\ncii = yes\n",
			    ":2: attributes given with profile none");
	expect_config_error("purpose = \xff\xfe\n", ":1: purpose: \"\xff\xfe\" is not one of:");
}

static void test_config_default_paths(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf err = STRBUF_INIT, p = STRBUF_INIT;
	struct arena *a = arena_new();
	struct profile_request rq;
	char *old = getenv("CHIPSCREEN_CONFIG") ? strdup(getenv("CHIPSCREEN_CONFIG")) : NULL;
	/* CHIPSCREEN_CONFIG alone, when set */
	test_write_str(dir, "my.conf", "profile = de-mno\n");
	strbuf_addf(&p, "%s/my.conf", dir);
	setenv("CHIPSCREEN_CONFIG", p.buf, 1);
	profile_request_init(&rq, a);
	assert_int_equal(config_read_default(&rq, &err), 0);
	assert_string_equal(rq.profile, "de-mno");
	strbuf_addstr(&p, ":1");
	assert_string_equal(rq.profile_origin, p.buf);
	/* set and empty: no config at all */
	setenv("CHIPSCREEN_CONFIG", "", 1);
	profile_request_init(&rq, a);
	assert_int_equal(config_read_default(&rq, &err), 0);
	assert_null(rq.profile);
	/* an unreadable config is an error, not a silent exposure view */
	setenv("CHIPSCREEN_CONFIG", dir, 1);
	profile_request_init(&rq, a);
	assert_int_equal(config_read_default(&rq, &err), -1);
	assert_contains(err.buf, dir);
	/* XDG_CONFIG_HOME/chipscreen/config */
	unsetenv("CHIPSCREEN_CONFIG");
	char *oldx = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	test_write_str(dir, "chipscreen/config", "profile = se-operator\n");
	setenv("XDG_CONFIG_HOME", dir, 1);
	profile_request_init(&rq, a);
	if (access("/etc/chipscreen.conf", F_OK) == 0)
		print_message("note: /etc/chipscreen.conf exists and is read first\n");
	assert_int_equal(config_read_default(&rq, &err), 0);
	assert_string_equal(rq.profile, "se-operator");
	if (oldx)
		setenv("XDG_CONFIG_HOME", oldx, 1);
	else
		unsetenv("XDG_CONFIG_HOME");
	if (old)
		setenv("CHIPSCREEN_CONFIG", old, 1);
	free(old);
	free(oldx);
	strbuf_release(&err);
	strbuf_release(&p);
	arena_free(a);
	test_rmtree(dir);
	free(dir);
}

static void test_attr_args(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct profile_request rq;
	struct strbuf err = STRBUF_INIT;
	profile_request_init(&rq, a);
	assert_int_equal(profile_request_add_arg(&rq, "cii", &err), -1);
	assert_string_equal(err.buf, "--attr cii: expected KEY=VALUE");
	strbuf_reset(&err);
	assert_int_equal(profile_request_add_arg(&rq, "=yes", &err), -1);
	strbuf_reset(&err);
	assert_int_equal(profile_request_add_arg(&rq, "cii=", &err), 0);
	const struct profile *p = resolve(&rq, &err, -1);
	assert_null(p);
	assert_string_equal(err.buf, "--attr: cii: no value");
	strbuf_release(&err);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled),       cmocka_unit_test(test_config_file),
		cmocka_unit_test(test_config_errors), cmocka_unit_test(test_config_default_paths),
		cmocka_unit_test(test_attr_args),
	};
	return cmocka_run_group_tests(tests, judgeutil_setup, judgeutil_teardown);
}
