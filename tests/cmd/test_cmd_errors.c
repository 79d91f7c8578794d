/*
 * test_cmd_errors.c — the errors a new user meets first, each naming the file
 * and what is wrong, exit 2, where each gave exit 0 or a message that did
 * not say what was wrong: an empty file or a directory given as the store,
 * an empty directory given to import, collect or scan, an empty config,
 * an agent's CA or token file that is not one, --min-verdict's message, and
 * an option without its value (said to be "unknown").
 */
#include "testutil.h"

#include "chipscreen.h"
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ctx {
	char *dir;
	char path[512];
};

static const char *in_dir(struct ctx *c, const char *name)
{
	snprintf(c->path, sizeof c->path, "%s/%s", c->dir, name);
	return c->path;
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof *c);
	c->dir = test_tmpdir();
	test_write_str(c->dir, "empty.txt", "");
	test_write_str(c->dir, "comments.conf", "# a config of comments only\n\n");
	test_write_str(c->dir, "two-lines.txt", "hello world\nthis is not it\n");
	test_write_str(c->dir, "adir/sub/.hidden", "x");
	/* nothing here may touch the store or config of whoever runs the tests */
	setenv("XDG_DATA_HOME", c->dir, 1);
	setenv("XDG_CONFIG_HOME", c->dir, 1);
	setenv("CHIPSCREEN_CONFIG", "", 1);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	test_rmtree(c->dir);
	free(c->dir);
	free(c);
	return 0;
}

/* exit 2, and stderr holds each of the strings */
static void expect_error(struct strbuf *err, int rc, const char *a, const char *b)
{
	if (rc != EXIT_ERROR || !strstr(err->buf, a) || (b && !strstr(err->buf, b)))
		fail_msg("exit %d, want 2 with \"%s\" and \"%s\":\n%s", rc, a, b ? b : "",
			 err->buf);
}

/* An empty file as the store was taken for a new store and overwritten. */
static void test_store_empty_file(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT;
	char db[512];
	snprintf(db, sizeof db, "%s", in_dir(c, "empty.txt"));
	int rc = run_cmd(NULL, &err, "fleet", "--db", db, NULL);
	expect_error(&err, rc, "fleet: ", "empty.txt is an empty file, not a store");
	struct stat st;
	assert_int_equal(stat(db, &st), 0);
	assert_int_equal(st.st_size, 0); /* left as it was */
	rc = run_cmd(NULL, &err, "search", "--db", db, "Huawei", NULL);
	expect_error(&err, rc, "empty.txt is an empty file, not a store", NULL);
	strbuf_release(&err);
}

static void test_store_directory(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT;
	int rc = run_cmd(NULL, &err, "lists", "--db", in_dir(c, "adir"), NULL);
	expect_error(&err, rc, "adir is a directory, not a store", "--db");
	strbuf_release(&err);
}

/* An import of a directory with nothing in it said "0 files", exit 0. */
static void test_import_empty_directory(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT;
	char db[512];
	snprintf(db, sizeof db, "%s/fleet.db", c->dir);
	int rc = run_cmd(NULL, &err, "import", "--db", db, in_dir(c, "adir"), NULL);
	expect_error(&err, rc, "adir: no file to import in this directory", NULL);
	strbuf_release(&err);
}

/* collect and scan --root of a directory that holds no machine: "No findings", exit 0. */
static void test_root_collects_nothing(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--root", in_dir(c, "adir"), "--profile", "cn-cii",
			 NULL);
	expect_error(&err, rc, "adir: nothing read", "chipscreen capture");
	assert_null(strstr(out.buf, "No findings"));
	rc = run_cmd(&out, &err, "collect", "--root", in_dir(c, "adir"), NULL);
	expect_error(&err, rc, "adir: nothing read", NULL);
	/* the shipped capture still collects */
	rc = run_cmd(&out, &err, "collect", "--root", src_path("examples/server"), NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* --config naming an empty file read as no config: the exposure view, exit 0. */
static void test_config_sets_nothing(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT;
	int rc = run_cmd(NULL, &err, "scan", "--config", in_dir(c, "empty.txt"), "--root",
			 src_path("examples/server"), NULL);
	expect_error(&err, rc, "empty.txt: sets nothing", "--config /dev/null");
	rc = run_cmd(NULL, &err, "profiles", "--config", in_dir(c, "comments.conf"), "--current",
		     NULL);
	expect_error(&err, rc, "comments.conf: sets nothing", NULL);
	/* /dev/null stays the way to read none */
	rc = run_cmd(NULL, &err, "scan", "--config", "/dev/null", "--root",
		     src_path("examples/server"), NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	strbuf_release(&err);
}

/* The agent: --ca was only a TLS failure per attempt; an empty token file
 * said "give --token". */
static void test_agent_files(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT;
	int rc = run_cmd(NULL, &err, "agent", "--server", "https://127.0.0.1:1", "--token", "x",
			 "--ca", in_dir(c, "two-lines.txt"), "--once", NULL);
	expect_error(&err, rc, "--ca ", "two-lines.txt: not a PEM certificate");
	rc = run_cmd(NULL, &err, "agent", "--server", "https://127.0.0.1:1", "--token", "x", "--ca",
		     in_dir(c, "missing.pem"), "--once", NULL);
	expect_error(&err, rc, "missing.pem: no such file", NULL);
	rc = run_cmd(NULL, &err, "agent", "--server", "https://127.0.0.1:1", "--token-file",
		     in_dir(c, "empty.txt"), "--once", NULL);
	expect_error(&err, rc, "empty.txt: empty file, no token in it", NULL);
	rc = run_cmd(NULL, &err, "agent", "--server", "https://127.0.0.1:1", "--token-file",
		     in_dir(c, "two-lines.txt"), "--once", NULL);
	expect_error(&err, rc, "two-lines.txt: not a token", NULL);
	strbuf_release(&err);
}

static void test_report_directory_inputs(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT;
	int rc = run_cmd(NULL, &err, "report", "--screen", in_dir(c, "adir"), "-o", "/dev/null",
			 NULL);
	expect_error(&err, rc, "--screen ", "adir: a directory; give the file");
	strbuf_release(&err);
}

/* A store with lists but no host: fleet said "0 hosts", no findings, exit 0
 * (a gate passed on a fleet whose import had failed); hosts listed nothing;
 * rescreen said nothing changed. */
static void test_store_without_hosts(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	char db[512];
	snprintf(db, sizeof db, "%s", in_dir(c, "lists-only.db"));
	test_write_str(c->dir, "sdn.csv",
		       "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
		       ",-0- ,-0- \n");
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "-q", "--db", db,
				 in_dir(c, "sdn.csv"), NULL),
			 0);
	int rc = run_cmd(&out, &err, "fleet", "--db", db, "--fail-on", "REVIEW", NULL);
	expect_error(&err, rc, "lists-only.db: the store holds no host yet", "nothing to judge");
	assert_null(strstr(out.buf, "0 hosts"));
	rc = run_cmd(&out, &err, "hosts", "--db", db, NULL);
	expect_error(&err, rc, "lists-only.db: the store holds no host yet", "chipscreen import");
	/* rescreen said "0 new, 0 cleared", exit 0: a gate passed on nothing */
	rc = run_cmd(&out, &err, "rescreen", "--db", db, "--fail-on", "REVIEW", NULL);
	expect_error(&err, rc, "lists-only.db: the store holds no host yet",
		     "nothing to screen again");
	assert_null(strstr(out.buf, "0 new"));
	strbuf_release(&err);
	strbuf_release(&out);
}

/* fleet --min-verdict's message named --fail-on. */
static void test_min_verdict_message(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	int rc = run_cmd(NULL, &err, "fleet", "--min-verdict", "SEVERE", NULL);
	expect_error(&err, rc, "--min-verdict SEVERE: expected PROHIBITED", NULL);
	assert_null(strstr(err.buf, "--fail-on"));
	strbuf_release(&err);
}

/* An option given without its value was reported as "unknown option". */
static void test_option_without_value(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	int rc = run_cmd(NULL, &err, "identify", "--spd", NULL);
	expect_error(&err, rc, "chipscreen identify: --spd needs a value", NULL);
	assert_null(strstr(err.buf, "unknown option"));
	rc = run_cmd(NULL, &err, "scan", "--no-such-option", NULL);
	expect_error(&err, rc, "chipscreen scan: unknown option --no-such-option", NULL);
	/* an empty value is a variable left unset, not "no site" */
	rc = run_cmd(NULL, &err, "import", "--site", "", "x.json", NULL);
	expect_error(&err, rc, "chipscreen import: --site: expected a site name", NULL);
	rc = run_cmd(NULL, &err, "import", "--tag", "", "x.json", NULL);
	expect_error(&err, rc, "chipscreen import: --tag: expected a tag", NULL);
	rc = run_cmd(NULL, &err, "agent", "--server", "https://127.0.0.1:1", "--site", "", NULL);
	expect_error(&err, rc, "chipscreen agent: --site: expected a site name", NULL);
	strbuf_release(&err);
}

/* identify --spd of a file that is not an SPD dump said only what it was not
 * as a purchase record. */
static void test_spd_wrong_file(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT;
	test_write_str(c->dir, "po.csv", "a,b,c\n1,2,3\n");
	int rc = run_cmd(NULL, &err, "identify", "--spd", in_dir(c, "po.csv"), NULL);
	expect_error(&err, rc, "po.csv: ", "--spd reads a raw EEPROM image, i2cdump");
	strbuf_release(&err);
}

/* `lists import --format` with a typo said only "unknown": now the nearest
 * format and every format */
static void test_list_format_typo(void **state)
{
	struct ctx *c = *state;
	struct strbuf err = STRBUF_INIT;
	char db[512];
	snprintf(db, sizeof db, "%s", in_dir(c, "lists.db"));
	int rc = run_cmd(NULL, &err, "lists", "import", "--db", db, "--format", "ofac-cvs",
			 in_dir(c, "two-lines.txt"), NULL);
	expect_error(&err, rc, "unknown --format 'ofac-cvs' (did you mean ofac-csv?)",
		     "formats: ofac-csv, ofac-xml, csl-csv, csl-json, dpl, ftm, special-leg, "
		     "dod-1260h, orgs");
	strbuf_release(&err);
}

/* A date of the right form out of range said "expected a date YYYY-MM-DD"
 * (1969-12-31 is of that form): every date option now says the range, in
 * the words of util/date. */
static void test_date_out_of_range(void **state)
{
	(void)state;
	static const char *const cmds[][8] = {
		{"scan", "--date", "1969-12-31", "x.json"},
		{"scan", "--acquired", "1969-12-31", "x.json"},
		{"fleet", "--date", "1969-12-31"},
		{"rescreen", "--date", "1969-12-31"},
		{"report", "--date", "1969-12-31"},
		{"hosts", "--date", "1969-12-31"},
		{"identify", "--date", "1969-12-31", "x"},
		{"import", "--acquired", "1969-12-31", "x.txt"},
		{"token", "create", "--expires", "1969-12-31", "--name", "a"},
		{"export-check", "--eccn", "EAR99", "--destination", "CN", "--date", "1969-12-31"},
	};
	struct strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
		const char *const *a = cmds[i];
		int rc = run_cmd(NULL, &err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
		expect_error(&err, rc, "1969-12-31",
			     ": out of range: dates from 1971-01-01 to 9999-12-31");
		assert_null(strstr(err.buf, "YYYY-MM-DD"));
	}
	strbuf_release(&err);
}

/* A store path that does not exist: the message offers --create only to a
 * command that takes it.  report said "--create makes an empty one" and
 * then refused --create as an unknown option. */
static void test_no_store_create_hint(void **state)
{
	struct ctx *c = *state;
	static const char *const cmds[] = {"fleet", "rescreen", "hosts", "report"};
	struct strbuf err = STRBUF_INIT;
	char db[512];
	snprintf(db, sizeof db, "%s", in_dir(c, "typo.db"));
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
		int rc = run_cmd(NULL, &err, cmds[i], "--db", db, NULL);
		expect_error(&err, rc, "no store at ", "a typo?");
		bool hint = strstr(err.buf, "--create makes an empty one") != NULL;
		struct strbuf help = STRBUF_INIT;
		assert_int_equal(run_cmd(&help, NULL, cmds[i], "--help", NULL), 0);
		bool takes = strstr(help.buf, "--create") != NULL;
		if (hint != takes)
			fail_msg("%s: the message %s --create, --help %s it:\n%s", cmds[i],
				 hint ? "offers" : "does not offer", takes ? "names" : "does not name",
				 err.buf);
		strbuf_release(&help);
		assert_int_equal(access(db, F_OK), -1); /* a typo creates no store */
	}
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_empty_file),
		cmocka_unit_test(test_no_store_create_hint),
		cmocka_unit_test(test_store_directory),
		cmocka_unit_test(test_import_empty_directory),
		cmocka_unit_test(test_root_collects_nothing),
		cmocka_unit_test(test_config_sets_nothing),
		cmocka_unit_test(test_agent_files),
		cmocka_unit_test(test_report_directory_inputs),
		cmocka_unit_test(test_min_verdict_message),
		cmocka_unit_test(test_store_without_hosts),
		cmocka_unit_test(test_option_without_value),
		cmocka_unit_test(test_spd_wrong_file),
		cmocka_unit_test(test_list_format_typo),
		cmocka_unit_test(test_date_out_of_range),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
