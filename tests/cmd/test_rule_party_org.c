/*
 * test_rule_party_org.c — a rule file whose party names an organisation the
 * knowledge base does not know is refused by every command that reads the
 * rules (rules/judge.c judge_check_parties), naming the file, the rule and
 * the id, with the nearest known ids.
 *
 * The rule loader checks that an org id is well formed ("lower-case letters,
 * digits, '-'"), not that it exists: a user's rule set (CHIPSCREEN_DATA) with
 * "huaweii" for "huawei" in the FCC 22-84 measure loaded, `rules` listed it,
 * and a scan of a Huawei card judged it against no party: the rule's finding
 * was silently gone.  The input is the shipped data/rules/us-fcc-22-84.json
 * with that one typo, and the shipped example capture examples/server.
 */
#include "../store/fleet-test.h"

#include <stdlib.h>

#define WANT                                                                                       \
	"rules/us-fcc-22-84.json: rule us-fcc-22-84-authorization: party \"huaweii\" is not an "   \
	"organisation chipscreen knows (data/orgs.tsv, or a JEP106 or hwdata vendor); did you "   \
	"mean huawei?\n"

static void expect_refused(const char *data, const char *cmd, ...)
{
	const char *argv[16];
	int argc = 0;
	va_list ap;
	va_start(ap, cmd);
	argv[argc++] = cmd;
	while (argc < 15 && (argv[argc] = va_arg(ap, const char *)))
		argc++;
	va_end(ap);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	assert_int_equal(run_cmdv(&out, &err, argc, argv), 2);
	strbuf_addf(&want, "chipscreen: error: %s/" WANT, data);
	assert_string_equal(err.buf, want.buf);
	assert_string_equal(out.buf, "");
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&want);
}

static void test_unknown_party(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	char *data = t_datadir(dir);
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT, db = STRBUF_INIT;
	assert_int_equal(read_file(src_path("data/rules/us-fcc-22-84.json"), 1 << 20, &text, &err),
			 0);
	char *p = strstr(text.buf, "\"org\": \"huawei\"");
	assert_non_null(p);
	struct strbuf typo = STRBUF_INIT;
	strbuf_add(&typo, text.buf, (size_t)(p - text.buf));
	strbuf_addstr(&typo, "\"org\": \"huaweii\"");
	strbuf_addstr(&typo, p + strlen("\"org\": \"huawei\""));
	t_rule(data, "us-fcc-22-84", typo.buf);
	setenv("CHIPSCREEN_DATA", data, 1);
	setenv("CHIPSCREEN_CONFIG", "", 1);
	const char *root = src_path("examples/server");
	expect_refused(data, "rules", NULL);
	expect_refused(data, "rules", "us-fcc-22-84-authorization", NULL);
	expect_refused(data, "scan", "--root", root, "--profile", "us-federal-contractor", NULL);
	strbuf_addf(&db, "%s/store.db", dir);
	expect_refused(data, "fleet", "--create", "--db", db.buf, NULL);
	/* the shipped measure, as it is: accepted */
	t_rule(data, "us-fcc-22-84", text.buf);
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(run_cmd(&out, &err, "rules", "us-fcc-22-84-authorization", NULL), 0);
	assert_non_null(strstr(out.buf, "    huawei: Huawei Technologies Company"));
	unsetenv("CHIPSCREEN_DATA");
	test_rmtree(dir);
	free(dir);
	free(data);
	strbuf_release(&text);
	strbuf_release(&typo);
	strbuf_release(&err);
	strbuf_release(&db);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_party),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
