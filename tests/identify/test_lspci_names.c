/*
 * test_lspci_names.c — plain `lspci` (no -n): the vendor's name is all that
 * names a device's maker.
 *
 * `lspci` and `lspci -mm` / `-vmm` without -n print pci.ids names and no
 * ids, and are what users paste.  The importer keeps the names as extras
 * (description, vendor_name) and warns that the ids are missing; identify
 * read nothing from them, so a Huawei network controller was "not
 * identified", and a US federal contractor's scan said "No findings",
 * exit 0.  The name now counts as a free-text name (weak): REVIEW naming
 * Huawei, never CLEAR; with -nn the id decides as before.  Two devices of
 * different vendors in one file keep their own makers (the memo key holds
 * the names).  Lines as lspci 3.9 prints them (pciutils ls-kernel/lspci.c
 * show_terse()).
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char plain[] =
	"00:00.0 Host bridge: Intel Corporation Device 0d57\n"
	"5e:00.0 Ethernet controller: Huawei Technologies Co., Ltd. Hi1822 Family (4*25GE) "
	"(rev 45)\n"
	"5e:00.1 Ethernet controller: Huawei Technologies Co., Ltd. Hi1822 Family (4*25GE) "
	"(rev 45)\n";
static const char mm[] = "5e:00.0 \"Ethernet controller\" \"Huawei Technologies Co., Ltd.\" "
			 "\"Hi1822 Family (4*25GE)\" -r45 \"Huawei Technologies Co., Ltd.\" "
			 "\"Device 0000\"\n";

/* "component rule verdict org" of each finding at REVIEW or above, and
 * each component's maker id and confidence. */
static void scan(const char *dir, const char *file, const char *text, int want_rc,
		 struct strbuf *found, struct strbuf *makers)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char path[1024];
	test_write(dir, file, text, strlen(text));
	snprintf(path, sizeof path, "%s/%s", dir, file);
	assert_int_equal(run_cmd(&out, &err, "scan", "--profile", "us-federal-contractor",
				 "--date", "2026-06-01", "--format", "json", path, NULL),
			 want_rc);
	cJSON *d = cJSON_Parse(out.buf);
	if (!d)
		fail_msg("not JSON: %.300s", out.buf);
	strbuf_reset(found);
	strbuf_reset(makers);
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings"))
	{
		const char *v = cJSON_GetObjectItem(f, "verdict")->valuestring;
		if (strcmp(v, "INFO"))
			strbuf_addf(found, "%s %s %s %s\n",
				    cJSON_GetObjectItem(f, "component")->valuestring,
				    cJSON_GetObjectItem(f, "rule")->valuestring, v,
				    cJSON_GetObjectItem(f, "org")->valuestring);
	}
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "components"))
	{
		const cJSON *m = cJSON_GetObjectItem(cJSON_GetObjectItem(f, "attribution"), "maker");
		strbuf_addf(makers, "%s %s %s\n", cJSON_GetObjectItem(f, "id")->valuestring,
			    cJSON_IsObject(m) ? cJSON_GetObjectItem(m, "id")->valuestring : "-",
			    cJSON_IsObject(m) ? cJSON_GetObjectItem(m, "confidence")->valuestring
					      : "-");
	}
	cJSON_Delete(d);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_names(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	struct strbuf found = STRBUF_INIT, makers = STRBUF_INIT;

	scan(dir, "lspci.txt", plain, 1, &found, &makers);
	assert_string_equal(makers.buf, "pci/0000:00:00.0 intel weak\n"
					"pci/0000:5e:00.0 huawei weak\n"
					"pci/0000:5e:00.1 huawei weak\n");
	assert_string_equal(found.buf, "pci/0000:5e:00.0 us-ndaa889-a1b REVIEW huawei\n"
				       "pci/0000:5e:00.1 us-ndaa889-a1b REVIEW huawei\n");

	scan(dir, "lspci-mm.txt", mm, 1, &found, &makers);
	assert_string_equal(makers.buf, "pci/0000:5e:00.0 huawei weak\n");
	assert_string_equal(found.buf, "pci/0000:5e:00.0 us-ndaa889-a1b REVIEW huawei\n");

	test_rmtree(dir);
	free(dir);
	strbuf_release(&found);
	strbuf_release(&makers);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_names)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
