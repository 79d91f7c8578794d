/*
 * test_conflict_order.c — the attribution of a part whose signals disagree
 * does not depend on the order of lines, fields or files (issue 11, item 1).
 *
 * The input is a smartctl -x information section written from smartctl's
 * documented layout (nvmeprint.cpp prints "PCI Vendor ID:" and "PCI Vendor
 * Subsystem ID:" on two lines when the ids differ): a ZhiTai (YMTC) drive
 * whose model string, PCI vendor id and OUI say YMTC, whose subsystem vendor
 * is SK hynix's and, in the second input, whose OUI is Samsung's.  Every
 * permutation of its identifying lines (5! = 120) must give the same maker,
 * confidence, chip maker, OEM and set of conflicting organisations; so must
 * every permutation of a component's fields, and both orders of two files.
 * The judge then names the conflicting maker with at least REVIEW.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "import/import.h"
#include "rules/judge.h"
#include "rules/profile.h"
#include "rules/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kb *kb;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	kb = kb_load(src_path("data"), "", "", &err);
	if (!kb)
		print_message("kb_load: %s\n", err.buf);
	strbuf_release(&err);
	return kb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	kb_free(kb);
	return 0;
}

static const char head[] = "smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0-13-amd64] (local "
			   "build)\n"
			   "Copyright (C) 2002-22, Bruce Allen, Christian Franke, "
			   "www.smartmontools.org\n\n"
			   "=== START OF INFORMATION SECTION ===\n";

/* The attribution as a string that ignores the order of the evidence. */
static void summary(const struct attribution *a, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "maker=%s/%s chip=%s/%s oem=%s conflicts=",
		    a->maker.org ? a->maker.org : "-", confidence_name(a->maker.conf),
		    a->chip_maker.org ? a->chip_maker.org : "-",
		    confidence_name(a->chip_maker.conf), a->oem.org ? a->oem.org : "-");
	/* the set of conflicting organisations, sorted */
	const char *v[32];
	size_t n = 0;
	for (size_t i = 0; i < a->nconflicts && n < 32; i++) {
		size_t j = 0;
		while (j < n && strcmp(v[j], a->conflicts[i].org))
			j++;
		if (j == n)
			v[n++] = a->conflicts[i].org;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			const char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", v[i]);
}

static void import_identify(const char *text, struct strbuf *out)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (import_buffer(text, strlen(text), "drive.txt", IMPORT_SMARTCTL_TEXT, NULL, inv, &err))
		fail_msg("import: %s", err.buf);
	assert_int_equal(inv->ncomps, 1);
	identify_inventory(kb, inv, 0);
	summary(inv->comps[0].attr, out);
	strbuf_release(&err);
	inventory_free(inv);
}

/* Next permutation of p[0..n) in lexicographic order; false after the last. */
static bool next_perm(int *p, int n)
{
	int i = n - 2;
	while (i >= 0 && p[i] >= p[i + 1])
		i--;
	if (i < 0)
		return false;
	int j = n - 1;
	while (p[j] <= p[i])
		j--;
	int t = p[i];
	p[i] = p[j];
	p[j] = t;
	for (int a = i + 1, b = n - 1; a < b; a++, b--)
		t = p[a], p[a] = p[b], p[b] = t;
	return true;
}

/* Every order of lines gives want; returns the number of orders tried. */
static int all_line_orders(const char *const *lines, int n, const char *want)
{
	int p[8], tried = 0;
	struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
	for (int i = 0; i < n; i++)
		p[i] = i;
	do {
		strbuf_reset(&text);
		strbuf_addstr(&text, head);
		for (int i = 0; i < n; i++)
			strbuf_addf(&text, "%s\n", lines[p[i]]);
		import_identify(text.buf, &got);
		if (strcmp(got.buf, want))
			fail_msg("order %d%d%d%d%d: %s, want %s", p[0], p[1], p[2], p[3], p[4],
				 got.buf, want);
		tried++;
	} while (next_perm(p, n));
	strbuf_release(&text);
	strbuf_release(&got);
	return tried;
}

/* Model, vendor id and OUI agree on YMTC; the subsystem vendor is SK hynix's:
 * a board/OEM signal, not the maker, in every order. */
static void test_subsystem_vendor_is_oem(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"Model Number:                       ZHITAI TiPlus5000 1TB",
		"PCI Vendor ID:                      0x1e49",
		"PCI Vendor Subsystem ID:            0x1c5c",
		"IEEE OUI Identifier:                0xa428b7",
		"Serial Number:                      ZTA21T0KA2222222",
	};
	int n = all_line_orders(lines, 5,
				"maker=ymtc/certain chip=ymtc/strong oem=skhynix conflicts=");
	assert_int_equal(n, 120);
}

/* The OUI says Samsung, the model and the vendor id say YMTC: two agreeing
 * signals outweigh one that disagrees, in every order, and Samsung stays
 * listed as a conflict. */
static void test_agreeing_signals_win(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"Model Number:                       ZHITAI TiPlus5000 1TB",
		"PCI Vendor ID:                      0x1e49",
		"PCI Vendor Subsystem ID:            0x1c5c",
		"IEEE OUI Identifier:                0x002538",
		"Firmware Version:                   ZTA09139",
	};
	int n = all_line_orders(lines, 5,
				"maker=ymtc/certain chip=ymtc/strong oem=skhynix conflicts=samsung");
	assert_int_equal(n, 120);
}

/* Two certain signals, one each: the tie is not decided by field order. */
static void test_tie_is_order_free(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"Model Number:                       NVMe SSD 1TB",
		"PCI Vendor ID:                      0x1344",
		"PCI Vendor Subsystem ID:            0x1344",
		"IEEE OUI Identifier:                0xa428b7",
		"Serial Number:                      X1",
	};
	struct strbuf first = STRBUF_INIT, text = STRBUF_INIT;
	strbuf_addstr(&text, head);
	for (int i = 0; i < 5; i++)
		strbuf_addf(&text, "%s\n", lines[i]);
	import_identify(text.buf, &first);
	/* whichever wins, the other is a conflict, and every order agrees */
	assert_non_null(strstr(first.buf, "conflicts=micron") ? first.buf
							       : strstr(first.buf, "conflicts=ymtc"));
	assert_int_equal(all_line_orders(lines, 5, first.buf), 120);
	strbuf_release(&first);
	strbuf_release(&text);
}

/* Fields of one component, in every order (a store may keep them in
 * another order than the file). */
static void test_field_orders(void **state)
{
	(void)state;
	static const struct {
		enum fkey k;
		const char *v;
	} f[] = {
		{FK_MODEL, "ZHITAI TiPlus7100 2TB"},
		{FK_PCI_VENDOR, "1e49"},
		{FK_PCI_SUBVENDOR, "1028"},
		{FK_IEEE_OUI, "00a075"},
		{FK_EUI64, "a428b78a2f000123"},
	};
	int p[5] = {0, 1, 2, 3, 4}, tried = 0;
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
	do {
		struct inventory *inv = inventory_new();
		struct component *c = inventory_add(inv, KIND_NVME, "nvme/x", "test");
		for (int i = 0; i < 5; i++)
			component_set(inv, c, f[p[i]].k, 0, f[p[i]].v, "test");
		identify_component(kb, inv, c, 0);
		summary(c->attr, &got);
		if (!tried)
			strbuf_addstr(&want, got.buf);
		else if (strcmp(got.buf, want.buf))
			fail_msg("field order %d%d%d%d%d: %s, want %s", p[0], p[1], p[2], p[3],
				 p[4], got.buf, want.buf);
		tried++;
		inventory_free(inv);
	} while (next_perm(p, 5));
	assert_int_equal(tried, 120);
	assert_string_equal(want.buf, "maker=ymtc/certain chip=ymtc/strong oem=dell "
				      "conflicts=micron");
	strbuf_release(&got);
	strbuf_release(&want);
}

/* Two files of one host (lspci and smartctl), in both orders: the same. */
static void test_file_orders(void **state)
{
	(void)state;
	static const char lspci[] =
		"01:00.0 Non-Volatile memory controller [0108]: Yangtze Memory Technologies "
		"Co.,Ltd Device [1e49:0071] (rev 01)\n"
		"\tSubsystem: SK hynix Device [1c5c:0071]\n";
	struct strbuf text = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	strbuf_addstr(&text, head);
	strbuf_addstr(&text, "Model Number:                       ZHITAI TiPlus7100 1TB\n"
			     "Serial Number:                      S1\n"
			     "PCI Vendor ID:                      0x1e49\n"
			     "PCI Vendor Subsystem ID:            0x1c5c\n"
			     "IEEE OUI Identifier:                0x002538\n");
	for (int order = 0; order < 2; order++) {
		struct inventory *inv = inventory_new();
		struct strbuf err = STRBUF_INIT;
		const char *t[2] = {lspci, text.buf};
		const char *nm[2] = {"lspci.txt", "smart.txt"};
		enum import_format fm[2] = {IMPORT_LSPCI, IMPORT_SMARTCTL_TEXT};
		for (int i = 0; i < 2; i++) {
			int k = order ? 1 - i : i;
			if (import_buffer(t[k], strlen(t[k]), nm[k], fm[k], NULL, inv, &err))
				fail_msg("%s", err.buf);
		}
		identify_inventory(kb, inv, 0);
		struct strbuf *out = order ? &b : &a;
		/* the summaries of all components, sorted by id */
		for (size_t i = 0; i < inv->ncomps; i++) {
			struct strbuf one = STRBUF_INIT;
			summary(inv->comps[i].attr, &one);
			if (inv->comps[i].kind == KIND_NVME) {
				strbuf_addf(out, "%s ", one.buf);
				assert_string_equal(one.buf, "maker=ymtc/certain chip=ymtc/strong "
							     "oem=skhynix conflicts=samsung");
			}
			strbuf_release(&one);
		}
		strbuf_release(&err);
		inventory_free(inv);
	}
	assert_string_equal(a.buf, b.buf);
	strbuf_release(&text);
	strbuf_release(&a);
	strbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subsystem_vendor_is_oem),
		cmocka_unit_test(test_agreeing_signals_win),
		cmocka_unit_test(test_tie_is_order_free),
		cmocka_unit_test(test_field_orders),
		cmocka_unit_test(test_file_orders),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
