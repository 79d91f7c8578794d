/*
 * test_import_lshw_text.c — lshw's text forms are named, with the command
 * that works.
 *
 * Users paste `lshw`, `lshw -short` or `lshw -businfo` output; chipscreen
 * reads only `lshw -json` and `lshw -xml`, and said "not a format chipscreen
 * recognises ... name it with --format FORMAT", though no format would
 * take it.  The beginnings below are lshw B.02.19's output on a KVM guest.
 */
#include "testutil.h"
#include "import-test.h"

#include <stdlib.h>
#include <string.h>

static void test_text_forms(void **state)
{
	(void)state;
	static const struct {
		const char *text, *what;
	} forms[] = {
		{"vm\n    description: Computer\n    width: 64 bits\n"
		 "    capabilities: smp vsyscall32\n  *-core\n       description: Motherboard\n"
		 "       physical id: 0\n     *-memory\n          description: System memory\n",
		 "lshw's text output"},
		{"H/W path    Device    Class          Description\n"
		 "================================================\n"
		 "                      system         Computer\n"
		 "/0                    bus            Motherboard\n"
		 "/0/0                  memory         24GiB System memory\n",
		 "lshw -short output"},
		{"Bus info          Device    Class          Description\n"
		 "======================================================\n"
		 "                            system         Computer\n"
		 "pci@0000:00:00.0            bridge         Intel Corporation\n",
		 "lshw -businfo output"},
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		char *e = must_reject(forms[i].text, strlen(forms[i].text), "hw.txt", IMPORT_AUTO,
				      NULL);
		assert_non_null(strstr(e, "hw.txt: "));
		assert_non_null(strstr(e, forms[i].what));
		assert_non_null(strstr(e, "lshw -json and lshw -xml"));
		assert_null(strstr(e, "--format"));
		free(e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_text_forms)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
