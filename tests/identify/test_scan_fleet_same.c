/*
 * test_scan_fleet_same.c — `scan FILE` and `import FILE` + `fleet` give the
 * same attribution and verdicts for a part whose signals conflict (issue
 * 11, item 1): a ZhiTai drive whose smartctl report carries YMTC's model
 * and PCI vendor id and Micron's OUI, judged for a Chinese CII operator
 * (Micron restricted): REVIEW naming Micron and the conflicting signal,
 * both ways, whatever the order of the lines.
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char head[] = "smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0-13-amd64] (local "
			   "build)\n\n=== START OF INFORMATION SECTION ===\n";
static const char *const lines[] = {
	"Model Number:                       ZHITAI TiPlus7100 1TB\n",
	"Serial Number:                      ZTA21T0KA2222222\n",
	"PCI Vendor ID:                      0x1e49\n",
	"PCI Vendor Subsystem ID:            0x1c5c\n",
	"IEEE OUI Identifier:                0x00a075\n",
};

/* "rule verdict org via" of every finding, sorted, one per line. */
static void verdicts(const char *json, struct strbuf *out)
{
	cJSON *d = cJSON_Parse(json);
	if (!d)
		fail_msg("not JSON: %.200s", json);
	const cJSON *f;
	char *v[64];
	int n = 0;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings"))
	{
		char buf[256];
		snprintf(buf, sizeof buf, "%s %s %s %s",
			 cJSON_GetObjectItem(f, "rule")
				 ? cJSON_GetObjectItem(f, "rule")->valuestring
				 : cJSON_GetObjectItem(f, "rule_id")->valuestring,
			 cJSON_GetObjectItem(f, "verdict")->valuestring,
			 cJSON_GetObjectItem(f, "org")->valuestring,
			 cJSON_GetObjectItem(f, "via")->valuestring);
		if (n < 64)
			v[n++] = strdup(buf);
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	strbuf_reset(out);
	for (int i = 0; i < n; i++) {
		strbuf_addf(out, "%s\n", v[i]);
		free(v[i]);
	}
	cJSON_Delete(d);
}

static void test_same(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT,
		      first = STRBUF_INIT, text = STRBUF_INIT;
	static const int orders[][5] = {{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 4, 0, 3, 1}};
	for (int o = 0; o < 3; o++) {
		strbuf_reset(&text);
		strbuf_addstr(&text, head);
		for (int i = 0; i < 5; i++)
			strbuf_addstr(&text, lines[orders[o][i]]);
		char file[64], db[64], path[1024], dbpath[1024];
		snprintf(file, sizeof file, "drive%d.txt", o);
		snprintf(db, sizeof db, "store%d.db", o);
		test_write(dir, file, text.buf, text.len);
		snprintf(path, sizeof path, "%s/%s", dir, file);
		snprintf(dbpath, sizeof dbpath, "%s/%s", dir, db);
		strbuf_reset(&out);
		assert_int_equal(run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date",
					 "2025-06-01", "--format", "json", path, NULL),
				 1);
		verdicts(out.buf, &a);
		strbuf_reset(&out);
		assert_int_equal(run_cmd(&out, &err, "import", "--db", dbpath, "--host", "h1",
					 path, NULL),
				 0);
		strbuf_reset(&out);
		run_cmd(&out, &err, "fleet", "--db", dbpath, "--profile", "cn-cii", "--date",
			"2025-06-01", "--format", "json", NULL);
		verdicts(out.buf, &b);
		assert_string_equal(a.buf, b.buf);
		if (!o)
			strbuf_addstr(&first, a.buf);
		assert_string_equal(a.buf, first.buf);
	}
	/* Micron, named by the conflicting OUI: REVIEW */
	assert_non_null(strstr(first.buf, "cn-cac-micron-2023 REVIEW micron conflict\n"));
	test_rmtree(dir);
	free(dir);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&first);
	strbuf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_same)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
