/*
 * test_tables.c — every row of every knowledge table is exercised.
 *
 * Each test walks one table of the loaded kb and, for every row, builds the
 * identifier the row describes, runs identification on a component carrying
 * it, and checks that the row's own organisation comes out.  A broken row, a
 * row shadowed by an earlier one, or a look-up that stops working fails here
 * with the row named.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "identify/jep106.h"
#include "identify/kb.h"
#include "identify/pattern.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

static struct kb *kb;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	kb = kb_load(src_path("data"), "", "", &err);
	/* every table, read now: the tests below walk them */
	if (!kb || kb_load_all(kb, &err) < 0)
		print_message("kb_load: %s\n", err.buf);
	strbuf_release(&err);
	return kb && !kb->table_error ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	kb_free(kb);
	return 0;
}

/* Identify one component with one field; returns its attribution. */
static const struct attribution *one(struct inventory *inv, enum kind kind, enum fkey key,
				     const char *value)
{
	struct component *c = inventory_add(inv, kind, "t", "test");
	component_set(inv, c, key, FIELD_RAW, value, "test");
	identify_component(kb, inv, c, date_parse("2025-06-01"));
	return c->attr;
}

/* Does the maker's evidence hold an entry pointing at org? */
static bool ev_has(const struct maker *m, const char *org)
{
	for (size_t i = 0; i < m->nev; i++)
		if (m->ev[i].org && !strcmp(m->ev[i].org, org))
			return true;
	return false;
}

static void fail_row(const char *table, const char *key, const char *want, const struct maker *m)
{
	print_error("%s row %s: expected evidence for %s; maker %s (%s)\n", table, key, want,
		    m->org ? m->org : "unknown", m->org ? "" : m->unknown_reason);
	fail();
}

static void test_jep106_rows(void **state)
{
	(void)state;
	int rows = 0;
	for (int bank = 1; bank <= JEP106_MAX_BANK; bank++) {
		for (int id7 = 1; id7 < 127; id7++) {
			uint8_t id = jep106_with_parity((uint8_t)id7);
			const struct code *c = kb_jep(kb, bank, id);
			if (!c)
				continue;
			rows++;
			const char *org = kb->orgs[c->org].id;
			struct inventory *inv = inventory_new();
			/* the SPD pair as collect writes it (the table's own code column) */
			char spd[8];
			snprintf(spd, sizeof spd, "%02X%02X",
				 jep106_with_parity((uint8_t)(bank - 1)), id);
			assert_string_equal(spd, c->key);
			const struct attribution *a = one(inv, KIND_DIMM, FK_JEDEC_MODULE, spd);
			if (!ev_has(&a->maker, org) || a->maker.ev[0].conf != CONF_CERTAIN)
				fail_row("jep106.tsv", spd, org, &a->maker);
			/* dmidecode's form of the same code */
			char bh[32];
			snprintf(bh, sizeof bh, "Bank %d, Hex 0x%02X", bank, id);
			a = one(inv, KIND_DIMM, FK_MANUFACTURER, bh);
			if (!ev_has(&a->maker, org))
				fail_row("jep106.tsv", bh, org, &a->maker);
			/* and the DRAM field names the chip maker */
			a = one(inv, KIND_DIMM, FK_JEDEC_DRAM, spd);
			if (!ev_has(&a->chip_maker, org))
				fail_row("jep106.tsv (dram)", spd, org, &a->chip_maker);
			inventory_free(inv);
		}
	}
	/* 14 full banks from JEDEC via decode-dimms/openocd, then the later ones */
	assert_true(rows > 14 * 126);
}

static void vendor_rows(const struct code *(*lookup)(const struct kb *, unsigned), enum kind kind,
			enum fkey key, const char *table)
{
	int rows = 0;
	for (unsigned v = 0; v < 65536; v++) {
		const struct code *c = lookup(kb, v); /* the table's rows only: no hwdata here */
		if (!c)
			continue;
		rows++;
		char hex[8];
		snprintf(hex, sizeof hex, "%04x", v);
		assert_string_equal(hex, c->key);
		struct inventory *inv = inventory_new();
		/* a plain PCI function / USB device: the vendor id is its maker */
		const struct attribution *a = one(inv, kind, key, hex);
		const char *org = kb->orgs[c->org].id;
		if (!ev_has(&a->maker, org) || a->maker.ev[0].conf != CONF_CERTAIN)
			fail_row(table, hex, org, &a->maker);
		inventory_free(inv);
	}
	assert_true(rows > 20);
}

static void test_pci_usb_rows(void **state)
{
	(void)state;
	vendor_rows(kb_pci_vendor, KIND_PCI, FK_PCI_VENDOR, "pci-vendors.tsv");
	vendor_rows(kb_usb_vendor, KIND_USB, FK_USB_VENDOR, "usb-vendors.tsv");
}

static void keyed_rows(const struct strmap *m, const char *table, enum kind kind, enum fkey key,
		       const char *pre, const char *post)
{
	int rows = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct code *c = &kb->codes[m->entries[i].value];
		char value[128];
		snprintf(value, sizeof value, "%s%s%s", pre, strmap_key(m, i), post);
		struct inventory *inv = inventory_new();
		const struct attribution *a = one(inv, kind, key, value);
		const char *org = kb->orgs[c->org].id;
		if (!ev_has(&a->maker, org))
			fail_row(table, value, org, &a->maker);
		inventory_free(inv);
		rows++;
	}
	assert_true(rows > 0);
}

static void test_oui_emmc_nqn_rows(void **state)
{
	(void)state;
	/* KIND_OTHER: a controller maker's OUI is its maker, not a hint */
	keyed_rows(&kb->oui, "oui.tsv", KIND_OTHER, FK_IEEE_OUI, "", "");
	keyed_rows(&kb->oui, "oui.tsv (eui64)", KIND_OTHER, FK_EUI64, "", "0000000001");
	keyed_rows(&kb->emmc, "emmc-manfid.tsv", KIND_EMMC, FK_EMMC_MANFID, "", "");
	keyed_rows(&kb->cpu, "cpu-vendors.tsv", KIND_CPU, FK_CPU_VENDOR, "", "");
	keyed_rows(&kb->nqn, "nqn-domains.tsv", KIND_OTHER, FK_NVME_SUBSYSNQN, "nqn.2014-08.",
		   ":nvme:test");
}

/* A value the pattern matches: # -> 7, * -> nothing, ? -> X, [..] -> first. */
static void example(const char *pat, char *out, size_t outsz)
{
	size_t k = 0;
	for (const char *p = pat; *p && k + 2 < outsz; p++) {
		if (*p == '#')
			out[k++] = '7';
		else if (*p == '?')
			out[k++] = 'X';
		else if (*p == '[') {
			out[k++] = p[1];
			p = strchr(p, ']');
		} else if (*p != '*')
			out[k++] = *p;
	}
	out[k] = 0;
}

static void test_pattern_rows(void **state)
{
	(void)state;
	const struct patset *ps = &kb->patterns;
	assert_true(ps->n > 80);
	for (int i = 0; i < ps->n; i++) {
		const struct pattern *p = &ps->v[i];
		char ex[128];
		example(p->pat, ex, sizeof ex);
		/* not shadowed: the row itself is the first match */
		unsigned field = p->fields == PF_MODEL ? PF_MODEL : PF_PART;
		const struct pattern *m = kb_match(kb, ps, field, ex, strlen(ex));
		if (m != p) {
			print_error("patterns.tsv row %s: example \"%s\" is taken by %s\n", p->pat,
				    ex, m ? m->pat : "nothing");
			fail();
		}
		struct inventory *inv = inventory_new();
		const struct attribution *a =
			one(inv, KIND_PART, field == PF_MODEL ? FK_MODEL : FK_PART_NUMBER, ex);
		const char *org = kb->orgs[p->code.org].id;
		const struct maker *side = p->code.role == ROLE_OEM ? &a->oem : &a->maker;
		if (!ev_has(side, org))
			fail_row("patterns.tsv", p->pat, org, side);
		if (p->code.chip >= 0 && !ev_has(&a->chip_maker, kb->orgs[p->code.chip].id))
			fail_row("patterns.tsv (chip)", p->pat, kb->orgs[p->code.chip].id,
				 &a->chip_maker);
		if (p->code.role == ROLE_OEM)
			assert_null(a->maker.org); /* an OEM part number hides the maker */
		inventory_free(inv);
	}
}

static void test_placeholder_rows(void **state)
{
	(void)state;
	const struct patset *ps = &kb->placeholders;
	assert_true(ps->n >= 20);
	for (int i = 0; i < ps->n; i++) {
		char ex[128];
		example(ps->v[i].pat, ex, sizeof ex);
		struct inventory *inv = inventory_new();
		const struct attribution *a = one(inv, KIND_DIMM, FK_PART_NUMBER, ex);
		if (a->maker.org || !strstr(a->maker.unknown_reason, "placeholder")) {
			print_error("placeholders.tsv row %s: \"%s\" gave %s\n", ps->v[i].pat, ex,
				    a->maker.org ? a->maker.org : a->maker.unknown_reason);
			fail();
		}
		inventory_free(inv);
	}
}

/* Every curated organisation: its name and each alias name it (weak). */
static void test_org_rows(void **state)
{
	(void)state;
	int n = 0;
	for (size_t i = 0; i < kb->norgs; i++) {
		const struct org *o = &kb->orgs[i];
		if (!o->curated)
			continue;
		n++;
		assert_non_null(o->source);
		assert_int_equal(kb_name(kb, o->name, strlen(o->name)), (int)i);
		assert_string_equal(kb_org_name(kb, o->id), o->name);
		struct inventory *inv = inventory_new();
		const struct attribution *a = one(inv, KIND_OTHER, FK_MANUFACTURER, o->name);
		if (!ev_has(&a->maker, o->id) || a->maker.ev[0].conf != CONF_WEAK)
			fail_row("orgs.tsv", o->id, o->id, &a->maker);
		inventory_free(inv);
	}
	assert_true(n > 100);
	/* every alias, from the names index */
	for (size_t i = 0; i < kb->names.n; i++) {
		const char *alias = strmap_key(&kb->names, i);
		int o = (int)kb->names.entries[i].value;
		assert_int_equal(kb_name(kb, alias, strlen(alias)), o);
	}
}

/* Every ownership row: true inside its dates, and resolution follows it
 * when it is a confirmed or secondary brand or subsidiary. */
static void test_link_rows(void **state)
{
	(void)state;
	assert_true(kb->nlinks > 40);
	for (size_t i = 0; i < kb->nlinks; i++) {
		const struct link *l = &kb->links[i];
		const char *child = kb->orgs[l->org].id, *parent = kb->orgs[l->parent].id;
		day_t in = l->from ? l->from : l->until ? l->until - 1 : date_parse("2025-01-01");
		struct org_relation r;
		if (!kb_org_relation(kb, child, parent, true, in, &r)) {
			print_error("org-links.tsv row %s -> %s not found at its own date\n", child,
				    parent);
			fail();
		}
		assert_non_null(r.how);
		assert_int_equal(r.unconfirmed, l->conf == LC_UNCONFIRMED);
		if (l->until) {
			/* the day it ends, this link no longer holds */
			struct org_relation after;
			bool still = kb_org_relation(kb, child, parent, true, l->until, &after);
			if (still)
				assert_true(after.how != l->phrase);
		}
		int chain[8], nchain;
		int owner = kb_resolve(kb, l->org, in, chain, &nchain);
		if (l->rel != REL_AFFILIATE && l->conf != LC_UNCONFIRMED)
			assert_true(nchain >= 1 && kb->links[chain[0]].parent == l->parent);
		else
			assert_true(owner != l->parent || nchain == 0 ||
				    kb->links[chain[0]].parent == l->parent);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jep106_rows),       cmocka_unit_test(test_pci_usb_rows),
		cmocka_unit_test(test_oui_emmc_nqn_rows), cmocka_unit_test(test_pattern_rows),
		cmocka_unit_test(test_placeholder_rows),  cmocka_unit_test(test_org_rows),
		cmocka_unit_test(test_link_rows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
