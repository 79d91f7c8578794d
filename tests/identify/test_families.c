/*
 * test_families.c — part-number families of makers the rules name (issue
 * 11, item 10), and what the knowledge tables cite (items 7 and the data
 * rule): no row of patterns.tsv, org-links.tsv, virtual.tsv or
 * own-chips.tsv cites a shared/ path, every added family row cites a URL,
 * and every org-links row has a date or says in its note why it needs none.
 *
 * The model codes are from the makers' public product pages (cited in
 * data/patterns.tsv).
 */
#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kb *kb;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	kb = kb_load(src_path("data"), "", "", &err);
	strbuf_release(&err);
	return kb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	kb_free(kb);
	return 0;
}

static void test_families(void **state)
{
	(void)state;
	static const struct {
		const char *part, *org;
	} cases[] = {
		{"DS-2CD2143G2-I", "hikvision"},      {"DS-2DE4425IW-DE", "hikvision"},
		{"DS-7608NXI-K2", "hikvision"},       {"DS-9664NI-M16", "hikvision"},
		{"DS-2TD2617-6/QA", "hikvision"},     {"DS-K1T671M", "hikvision"},
		{"iDS-7204HQHI-M1/S", "hikvision"},   {"IPC-HFW2431S-S-S2", "dahua"},
		{"IPC-HDBW2431E-S-S2", "dahua"},      {"NVR4108HS-4KS2/L", "dahua"},
		{"DH-IPC-HFW2431SP-S-S2", "dahua"},   {"XVR5108HS-4KL-I3", "dahua"},
		{"IPC-B140H", "hilook"},              {"PD985", "hytera"},
		{"PT580H", "hytera"},                 {"S5735-L24T4S-A", "huawei"},
		{"CE6881-48S6CQ", "huawei"},          {"AirEngine 5761-11", "huawei"},
		{"MA5800-X7", "huawei"},              {"EchoLife HG8245H", "huawei"},
		{"ZXA10 C600", "zte"},                {"ZXHN F670L", "zte"},
		{"TiPlus7100", "ymtc"},               {"PC300", "ymtc"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct inventory *inv = inventory_new();
		struct component *c = inventory_add(inv, KIND_PART, "po/1", "po.csv");
		component_set(inv, c, FK_PART_NUMBER, 0, cases[i].part, "po.csv:2");
		component_set(inv, c, FK_MODEL, 0, cases[i].part, "po.csv:2");
		identify_component(kb, inv, c, 0);
		if (!c->attr->maker.org || strcmp(c->attr->maker.org, cases[i].org))
			fail_msg("%s: maker %s, want %s", cases[i].part,
				 c->attr->maker.org ? c->attr->maker.org : "unknown", cases[i].org);
		assert_int_equal(c->attr->maker.conf, CONF_STRONG);
		inventory_free(inv);
	}
	/* not everything that starts alike: a Samsung DIMM, a Cisco switch */
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_PART, "po/2", "po.csv");
	component_set(inv, c, FK_PART_NUMBER, 0, "WS-C2960X-24TS-L", "po.csv:3");
	identify_component(kb, inv, c, 0);
	assert_null(c->attr->maker.org);
	inventory_free(inv);
}

/* Each data row of a TSV file, with its header's columns. */
static void each_row(const char *rel, void (*fn)(const char *rel, char **col, int n, int line))
{
	FILE *f = fopen(src_path(rel), "r");
	assert_non_null(f);
	char buf[8192];
	int line = 0;
	bool header = false;
	while (fgets(buf, sizeof buf, f)) {
		line++;
		buf[strcspn(buf, "\n")] = 0;
		if (buf[0] == '#' || !buf[0])
			continue;
		if (!header) {
			header = true;
			continue;
		}
		char *col[16];
		int n = 0;
		for (char *p = buf, *tab; n < 16; p = tab + 1) {
			col[n++] = p;
			if (!(tab = strchr(p, '\t')))
				break;
			*tab = 0;
		}
		fn(rel, col, n, line);
	}
	fclose(f);
}

static void no_shared(const char *rel, char **col, int n, int line)
{
	for (int i = 0; i < n; i++)
		if (strstr(col[i], "shared/"))
			fail_msg("%s:%d cites a shared/ path: %s", rel, line, col[i]);
}

static void family_url(const char *rel, char **col, int n, int line)
{
	if (n == 6 && !strcmp(col[4], "equipment") && !strstr(col[5], "https://"))
		fail_msg("%s:%d: a family row without a URL: %s", rel, line, col[5]);
}

static void dated(const char *rel, char **col, int n, int line)
{
	/* org relation parent from until confidence note source */
	assert_int_equal(n, 8);
	if (!*col[3] && !*col[4] &&
	    !(strstr(col[6], "no date") || strstr(col[6], "every date") ||
	      strstr(col[6], "since it was") || strstr(col[6], "since its") ||
	      strstr(col[6], "not stated") || strstr(col[6], "so no date") ||
	      strstr(col[6], "brand link stays open") || strstr(col[6], "completion not")))
		fail_msg("%s:%d: %s -> %s has no date and its note does not say why: %s", rel, line,
			 col[0], col[2], col[6]);
	if (!strcmp(col[0], "elpida"))
		assert_string_equal(col[3], "2013-07-31");
}

static void test_sources(void **state)
{
	(void)state;
	each_row("data/patterns.tsv", no_shared);
	each_row("data/org-links.tsv", no_shared);
	each_row("data/virtual.tsv", no_shared);
	each_row("data/own-chips.tsv", no_shared);
	each_row("data/patterns.tsv", family_url);
	each_row("data/org-links.tsv", dated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_sources),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
