/*
 * test_unknown_chip_hint.c — the REVIEW for a part whose chip maker is
 * unknown tells where to look only where that place exists: "the SPD EEPROM
 * names the DRAM maker" is said of a memory module, not of an SSD (it was
 * said of every part, so an NVMe drive's finding told the user to read an
 * SPD the drive does not have).  Real inputs: a Lexar NVMe smartctl report
 * and an Intel board's dmidecode with a Kingston DIMM whose DRAM maker
 * SMBIOS cannot tell, judged for a US federal agency after §5949 takes
 * effect (YMTC and CXMT chips).
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* The reason of the us-ndaa5949-a1a finding on component id. */
static char *reason(const char *json, const char *id)
{
	cJSON *d = cJSON_Parse(json);
	if (!d)
		fail_msg("not JSON: %.200s", json);
	char *r = NULL;
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "findings"))
	{
		const cJSON *rule = cJSON_GetObjectItem(f, "rule");
		const cJSON *comp = cJSON_GetObjectItem(f, "component");
		if (rule && cJSON_IsString(rule) && !strcmp(rule->valuestring, "us-ndaa5949-a1a") &&
		    comp && cJSON_IsString(comp) && !strcmp(comp->valuestring, id))
			r = strdup(cJSON_GetObjectItem(f, "reason")->valuestring);
	}
	cJSON_Delete(d);
	if (!r)
		fail_msg("no us-ndaa5949-a1a finding on %s", id);
	return r;
}

static char *scan(const char *rel, const char *id)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	SKIP_WITHOUT_SHARED(path, rel);
	assert_int_equal(run_cmd(&out, &err, "scan", "--profile", "us-federal-agency", "--date",
				 "2028-01-01", "--format", "json", path, NULL),
			 1);
	char *r = reason(out.buf, id);
	strbuf_release(&out);
	strbuf_release(&err);
	return r;
}

static void test_hint(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *r = scan("hw/smartctl/Lexar_SSD_NM610_PRO_1TB_5BE535A9BEBA.txt",
		       "nvme/Lexar SSD NM610 PRO 1TB");
	assert_non_null(strstr(r, "chip maker unknown (the drive does not report its NAND maker"));
	assert_null(strstr(r, "SPD"));
	free(r);
	r = scan("hw/dmidecode/glpi_S3000AHLX.txt", "dimm/J8J2");
	assert_non_null(strstr(r, "chip maker unknown"));
	assert_non_null(strstr(r, "the SPD EEPROM names the DRAM maker"));
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_hint)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
