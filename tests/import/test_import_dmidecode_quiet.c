/*
 * test_import_dmidecode_quiet.c — `dmidecode -q` output, and dmidecode
 * output holding no table.
 *
 * With -q (--quiet) dmidecode prints no header, no "Handle 0x..., DMI type
 * N" lines, no handle references (Array Handle, L1 Cache Handle, ...) and
 * no inactive, end-of-table or OEM-specific records (dmidecode.c: the
 * FLAG_QUIET tests around pr_handle(), pr_comment() and the handle
 * attributes; dmidecode(8), -q).  `dmidecode -q -t memory` is a common way
 * to list DIMMs; it was refused as "not a format chipscreen recognises".
 * Each real dump, turned into its quiet form by those rules, must give
 * the components and values of the original.
 *
 * A machine without SMBIOS (a microVM) or a run without root gives the
 * "# dmidecode" header and dmidecode's complaint only; it was called "not
 * dmidecode output".  The error now quotes what dmidecode said.
 */
#include "testutil.h"
#include "import-test.h"

#include "chipscreen.h"
#include "import/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return strbuf_detach(&sb, NULL);
}

/* Each component's kind, id and decoded fields, one line each, in order. */
static void digest(const struct inventory *inv, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		strbuf_addf(out, "%s %s:", kind_name(c->kind), c->id);
		for (enum fkey k = 0; k < FK_EXTRA; k++) {
			const char *v = component_get(c, k);
			if (v)
				strbuf_addf(out, " %s=%s", field_key_name(k), v);
		}
		strbuf_addch(out, '\n');
	}
}

static bool starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* The text dmidecode -q would have printed for the same table. */
static char *quiet(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	bool skip = false; /* inside a record -q does not print */
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		p += n;
		unsigned h, t;
		if (sscanf(line, "Handle 0x%x, DMI type %u,", &h, &t) == 2) {
			skip = t == 126 || t == 127 || t >= 128;
			continue;
		}
		if (skip || starts(line, "# dmidecode") || starts(line, "Getting SMBIOS") ||
		    starts(line, "SMBIOS ") || strstr(line, "structures occupying") ||
		    starts(line, "Table at "))
			continue;
		const char *colon = strstr(line, ": ");
		if (line[0] == '\t' && colon && colon - line > 7 && !strncmp(colon - 7, " Handle", 7))
			continue; /* a handle reference */
		strbuf_addstr(&sb, line);
	}
	return strbuf_detach(&sb, NULL);
}

static void test_quiet_as_original(void **state)
{
	(void)state;
	static const char *const files[] = {
		"hw/dmidecode/glpi_dell-r620.txt",    "hw/dmidecode/glpi_dell-r720.txt",
		"hw/dmidecode/glpi_hp-dl360-gen8.txt", "hw/dmidecode/glpi_lenovo-thinkpad.txt",
		"hw/dmidecode/glpi_S3000AHLX.txt",
	};
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		SKIP_WITHOUT_SHARED(path, files[f]);
		size_t n;
		char *text = slurp(path, &n);
		struct inventory *inv = must_import_text(text, "orig.txt", IMPORT_DMIDECODE, NULL);
		digest(inv, &want);
		assert_true(inv->ncomps > 0);
		inventory_free(inv);
		char *q = quiet(text);
		assert_null(strstr(q, "Handle 0x"));
		assert_int_equal(import_detect(q, strlen(q), "memory.txt"), IMPORT_DMIDECODE);
		inv = must_import_text(q, "quiet.txt", IMPORT_AUTO, NULL);
		digest(inv, &got);
		if (strcmp(want.buf, got.buf))
			fail_msg("%s, -q: components differ:\n%s\nwant:\n%s", files[f], got.buf,
				 want.buf);
		inventory_free(inv);
		free(q);
		free(text);
	}
	strbuf_release(&want);
	strbuf_release(&got);
}

/* dmidecode -q -t 17 of a DIMM without a locator: named by its record. */
static void test_quiet_no_locator(void **state)
{
	(void)state;
	static const char t[] = "Memory Device\n"
				"\tSize: No Module Installed\n"
				"\tLocator: DIMM_A1\n"
				"\n"
				"Memory Device\n"
				"\tSize: 16 GB\n"
				"\tType: DDR4\n"
				"\tManufacturer: Micron\n"
				"\tPart Number: 18ASF2G72PDZ-2G6E1\n"
				"\n";
	assert_int_equal(import_detect(t, sizeof t - 1, NULL), IMPORT_DMIDECODE);
	struct inventory *inv = must_import_text(t, "q17.txt", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 1);
	assert_string_equal(inv->comps[0].id, "dimm/record-2");
	assert_string_equal(component_get(&inv->comps[0], FK_PART_NUMBER), "18ASF2G72PDZ-2G6E1");
	inventory_free(inv);
}

/* dmidecode found no table: its own words, not "not dmidecode output". */
static void test_no_table(void **state)
{
	(void)state;
	static const char vm[] = "# dmidecode 3.4\nScanning /dev/mem for entry point.\n";
	char *e = must_reject(vm, sizeof vm - 1, "vm.txt", IMPORT_AUTO, NULL);
	assert_non_null(strstr(e, "vm.txt: dmidecode output without any DMI structure: "
				  "dmidecode said \"Scanning /dev/mem for entry point.\""));
	assert_null(strstr(e, "not dmidecode output"));
	free(e);
	static const char user[] = "# dmidecode 3.3\n"
				   "/sys/firmware/dmi/tables/smbios_entry_point: Permission denied\n"
				   "Scanning /dev/mem for entry point.\n"
				   "/dev/mem: Permission denied\n";
	e = must_reject(user, sizeof user - 1, "user.txt", IMPORT_AUTO, NULL);
	assert_non_null(strstr(e, "Permission denied"));
	assert_non_null(strstr(e, "(run dmidecode as root)"));
	free(e);
	static const char none[] = "# dmidecode 2.12\n# No SMBIOS nor DMI entry point found, "
				   "sorry.\n";
	e = must_reject(none, sizeof none - 1, "none.txt", IMPORT_DMIDECODE, NULL);
	assert_non_null(strstr(e, "said \"No SMBIOS nor DMI entry point found, sorry.\""));
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet_as_original),
		cmocka_unit_test(test_quiet_no_locator),
		cmocka_unit_test(test_no_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
