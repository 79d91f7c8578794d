/*
 * test_sources_public.c — the identifier tables cite public sources only.
 *
 * Every evidence line identify prints quotes its table row's source
 * column, so an auditor reads it.  Rows cited "shared/facts/identifiers.md
 * §2" (the founding team's private notes, a path nobody outside has) after
 * or instead of the public source (JEP106 edition, pci.ids, usb.ids, the
 * Linux eMMC ids, dmidecode, nvme-cli); the guide forbids it.  No data row
 * of these tables may name a shared/ path; each must name a source.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static void test_public(void **state)
{
	(void)state;
	static const char *const tables[] = {
		"data/jep106.tsv",  "data/pci-vendors.tsv", "data/usb-vendors.tsv",
		"data/emmc-manfid.tsv", "data/placeholders.tsv", "data/nqn-domains.tsv",
		"data/oui.tsv",     "data/patterns.tsv",    "data/own-chips.tsv",
		"data/virtual.tsv", "data/org-links.tsv",
	};
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		FILE *f = fopen(src_path(tables[t]), "r");
		if (!f)
			fail_msg("cannot open %s", tables[t]);
		char line[8192];
		int no = 0, rows = 0;
		while (fgets(line, sizeof line, f)) {
			no++;
			if (line[0] == '#' || line[0] == '\n')
				continue;
			rows++;
			if (strstr(line, "shared/") || strstr(line, "identifiers.md") ||
			    strstr(line, "regulations.md"))
				fail_msg("%s:%d cites a private notes file: %.200s", tables[t], no,
					 line);
			const char *tab = strrchr(line, '\t');
			if (!tab || tab[1] == '\n' || !tab[1])
				fail_msg("%s:%d: no source", tables[t], no);
		}
		fclose(f);
		assert_true(rows > 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_public)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
