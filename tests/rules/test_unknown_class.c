/*
 * test_unknown_class.c — a part whose maker is unknown and whose class cannot
 * be told is a question under a binding rule, not a clear (rules/judge.c
 * could_make()).
 *
 * A party "could make" a part when the class is among what it makes (or its
 * scope).  A part of class "unknown" (a USB device whose class is defined per
 * interface, or an lsusb line without -v; a purchase line nothing describes)
 * matched nothing, so a USB device whose vendor id no table knows was "not
 * identified" and the host passed, exit 0, for a US federal contractor under
 * §889(a)(1)(B), whose parties make video surveillance and telecommunications
 * equipment: it could be a Hikvision camera.  The chips of such a part were
 * already a question (judge_chips); now its maker is too.  A declared class
 * outside the parties' scope stays without a finding.
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Scan text as file name under us-federal-contractor; the findings' "rule
 * verdict component" lines, and the first reason. */
static int scan(const char *dir, const char *name, const char *text, struct strbuf *lines,
		char **reason)
{
	test_write_str(dir, name, text);
	struct strbuf path = STRBUF_INIT, o = STRBUF_INIT, e = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", dir, name);
	int rc = run_cmd(&o, &e, "scan", "--profile", "us-federal-contractor", "--date",
			 "2026-06-01", "--format", "json", path.buf, NULL);
	cJSON *d = cJSON_Parse(o.buf);
	if (!d)
		fail_msg("not JSON: %s %s", o.buf, e.buf);
	strbuf_reset(lines);
	*reason = NULL;
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings"))
	{
		strbuf_addf(lines, "%s %s %s\n", cJSON_GetObjectItem(f, "rule")->valuestring,
			    cJSON_GetObjectItem(f, "verdict")->valuestring,
			    cJSON_GetObjectItem(f, "component")->valuestring);
		if (!*reason)
			*reason = strdup(cJSON_GetObjectItem(f, "reason")->valuestring);
	}
	cJSON_Delete(d);
	strbuf_release(&path);
	strbuf_release(&o);
	strbuf_release(&e);
	return rc;
}

static void test_unknown_class_unknown_maker(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir(), *reason;
	struct strbuf lines = STRBUF_INIT;

	/* lsusb without -v: no class; a vendor id in no table */
	assert_int_equal(
		scan(dir, "lsusb.txt", "Bus 001 Device 003: ID fffa:0001 \n", &lines, &reason), 1);
	assert_string_equal(lines.buf, "us-ndaa889-a1b REVIEW usb/001:003\n");
	assert_string_equal(
		reason,
		"the maker of this part is unknown (usb_vendor fffa is in neither chipscreen's "
		"vendor table nor usb.ids), and what the part is cannot be told (product class "
		"unknown); us-ndaa889-a1b binds this operator and names Huawei Technologies "
		"Company, ZTE Corporation, Hytera Communications Corporation, Hangzhou Hikvision "
		"Digital Technology Company, Dahua Technology Company, who could have made it: a "
		"person must find out who made it");
	free(reason);

	/* a purchase line nothing describes: the same question */
	assert_int_equal(
		scan(dir, "po.csv", "Manufacturer,Model\nAcme Vision,AV-300\n", &lines, &reason),
		1);
	assert_string_equal(lines.buf, "us-ndaa889-a1b REVIEW part/2\n");
	free(reason);

	/* declared a peripheral, which no party of §889 makes: no finding */
	assert_int_equal(scan(dir, "po2.csv",
			      "Manufacturer,Model,Product Class\nAcme Vision,AV-300,peripheral\n",
			      &lines, &reason),
			 0);
	assert_string_equal(lines.buf, "");
	assert_null(reason);
	strbuf_release(&lines);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_unknown_class_unknown_maker)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
