/*
 * test_group.c — which inputs are one machine (import/group.h), the one
 * decision scan and import share (issue 12 item 4, issue 16 item 5).
 */
#include "testutil.h"

#include "chipscreen.h"
#include "import/group.h"

#include <stdlib.h>
#include <string.h>

/* The plan as text: "0+1 2 3" (machines by their inputs' indexes). */
static const char *plan_text(const struct group_input *in, size_t n, bool one_host, char *buf,
			     size_t cap)
{
	struct group_plan p;
	group_plan(in, n, one_host, &p);
	size_t o = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < p.n; k++) {
		for (size_t j = 0; j < p.m[k].n; j++)
			o += (size_t)snprintf(buf + o, cap - o, "%s%zu",
					      j ? "+" : (k ? " " : ""), p.m[k].v[j]);
	}
	group_plan_free(&p);
	return buf;
}

#define D IMPORT_DMIDECODE
#define S IMPORT_SMARTCTL_TEXT
#define SJ IMPORT_SMARTCTL_JSON
#define P IMPORT_LSPCI
#define U IMPORT_LSUSB
#define C IMPORT_CSV
#define J IMPORT_INVENTORY_JSON
#define B IMPORT_CYCLONEDX

static void test_roles(void **state)
{
	(void)state;
	assert_int_equal(group_role(IMPORT_DMIDECODE), GROUP_WHOLE_MACHINE);
	assert_int_equal(group_role(IMPORT_LSPCI), GROUP_WHOLE_MACHINE);
	assert_int_equal(group_role(IMPORT_LSUSB), GROUP_WHOLE_MACHINE);
	assert_int_equal(group_role(IMPORT_SMARTCTL_TEXT), GROUP_PART_OF_MACHINE);
	assert_int_equal(group_role(IMPORT_SMARTCTL_JSON), GROUP_PART_OF_MACHINE);
	assert_int_equal(group_role(IMPORT_INVENTORY_JSON), GROUP_STANDALONE);
	assert_int_equal(group_role(IMPORT_CYCLONEDX), GROUP_STANDALONE);
	assert_int_equal(group_role(IMPORT_CSV), GROUP_STANDALONE);
	/* a format this table does not know yet is never merged */
	assert_int_equal(group_role((enum import_format)IMPORT__COUNT), GROUP_STANDALONE);
	assert_int_equal(group_role((enum import_format)(IMPORT__COUNT + 7)), GROUP_STANDALONE);
	assert_int_equal(group_role(IMPORT_AUTO), GROUP_STANDALONE);
	assert_string_equal(group_role_name(GROUP_PART_OF_MACHINE), "part-of-machine");
}

static void test_plans(void **state)
{
	(void)state;
	char buf[256];
	static const struct {
		enum import_format f[6];
		int dir[6];
		size_t n;
		bool one_host;
		const char *want;
		const char *what;
	} cases[] = {
		{{D, D}, {-1, -1}, 2, false, "0 1", "a Dell's and an HP's dmidecode: two"},
		{{D, P, U}, {-1, -1, -1}, 3, false, "0+1+2", "one of each dump: one machine"},
		{{S, S, S}, {-1, -1, -1}, 3, false, "0 1 2", "three smartctl reports: three"},
		{{S, S, SJ}, {-1, -1, -1}, 3, true, "0+1+2", "--host: one"},
		{{S, S, S}, {4, 4, 4}, 3, false, "0+1+2", "a directory per host: one"},
		{{S, S, S, S}, {4, 4, 5, 5}, 4, false, "0+1 2+3", "two directories: two"},
		{{D, S, P}, {-1, -1, -1}, 3, false, "0+2 1", "dumps together, the disk alone"},
		{{D, S, P}, {3, 3, 3}, 3, false, "0+1+2", "a host's directory: one"},
		{{D, D, S}, {3, 3, 3}, 3, false, "0 1 2", "two dmidecode in a directory: apart"},
		{{D, D}, {-1, -1}, 2, true, "0 1", "--host cannot make two dumps one"},
		{{C, D, J, P, B}, {-1, -1, -1, -1, -1}, 5, false, "0 1+3 2 4", "documents alone"},
		{{D, IMPORT_AUTO, P}, {-1, -1, -1}, 3, false, "0+2", "unrecognised: left out"},
		{{(enum import_format)IMPORT__COUNT, D}, {-1, -1}, 2, false, "0 1",
		 "a future format: alone"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct group_input in[6];
		for (size_t k = 0; k < cases[i].n; k++)
			in[k] = (struct group_input){"f", cases[i].f[k], cases[i].dir[k]};
		const char *got = plan_text(in, cases[i].n, cases[i].one_host, buf, sizeof buf);
		if (strcmp(got, cases[i].want))
			fail_msg("%s: plan \"%s\", want \"%s\"", cases[i].what, got, cases[i].want);
	}
}

static void test_claims(void **state)
{
	(void)state;
	struct host a = {.uuid = "4C4C4544-0046-4810-8057-B3C04F385A31", .serial = "3FHW8Z1"};
	struct host b = {.uuid = "4C4C4544-0046-4810-8057-B3C04F385A31", .serial = "9XYZ123"};
	struct host c = {.uuid = "30343536-3138-5355-4532-323336383335", .serial = "3FHW8Z1"};
	struct host d = {.uuid = "11111111-2222-3333-4444-555555555555", .serial = "OTHER"};
	const struct host *hosts[] = {&a, &b, &c, &d};
	const char *names[] = {"a.txt", "b.txt", "c.txt", "d.txt"};
	struct strbuf w = STRBUF_INIT;
	assert_int_equal(group_check_claims(hosts, names, 4, &w), 2);
	assert_non_null(strstr(w.buf, "a.txt and b.txt claim one machine (SMBIOS UUID "
				      "4C4C4544-0046-4810-8057-B3C04F385A31) but disagree on its "
				      "serial number (3FHW8Z1, 9XYZ123)"));
	assert_non_null(strstr(w.buf, "a.txt and c.txt claim one machine (serial number 3FHW8Z1) "
				      "but disagree on its SMBIOS UUID"));
	assert_null(strstr(w.buf, "d.txt"));
	strbuf_release(&w);
}


/* Two inputs read as one machine that disagree on its UUID: a warning. */
static void test_import_disagree(void **state)
{
	(void)state;
	static const char dmi[] = "# dmidecode 3.4\n"
				  "SMBIOS 3.2.0 present.\n\n"
				  "Handle 0x0001, DMI type 1, 27 bytes\n"
				  "System Information\n"
				  "\tManufacturer: Dell Inc.\n"
				  "\tProduct Name: PowerEdge R640\n"
				  "\tSerial Number: 7H2KXY2\n"
				  "\tUUID: %s\n\n";
	char *dir = test_tmpdir();
	char text[512];
	snprintf(text, sizeof text, dmi, "4C4C4544-0048-3210-804B-B7C04F585932");
	test_write_str(dir, "a.txt", text);
	snprintf(text, sizeof text, dmi, "4C4C4544-0048-3210-804B-000000000000");
	test_write_str(dir, "b.txt", text);
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT, p = STRBUF_INIT;
	strbuf_addf(&p, "%s/a.txt", dir);
	assert_int_equal(group_import_file(p.buf, IMPORT_AUTO, NULL, inv, &err), 0);
	assert_int_equal(inv->nwarnings, 0);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/b.txt", dir);
	assert_int_equal(group_import_file(p.buf, IMPORT_AUTO, NULL, inv, &err), 0);
	assert_string_equal(inv->host.uuid, "4C4C4544-0048-3210-804B-B7C04F585932");
	bool seen = false;
	for (size_t i = 0; i < inv->nwarnings; i++)
		seen |= strstr(inv->warnings[i].reason,
			       "its SMBIOS UUID 4C4C4544-0048-3210-804B-000000000000 differs from "
			       "4C4C4544-0048-3210-804B-B7C04F585932") != NULL;
	assert_true(seen);
	inventory_free(inv);
	strbuf_release(&err);
	strbuf_release(&p);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_plans),
		cmocka_unit_test(test_claims),
		cmocka_unit_test(test_import_disagree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
