/*
 * fleet-test.h — what the fleet tests share (header-only: the build links
 * tests/support into every test, not files beside the tests).
 *
 * Inventories are built here from the specifications: JEP106 codes as SPD
 * stores them (Micron bank 1 0x2C -> "802c", Samsung "80ce", Kingston bank 2
 * 0x98 -> "0198", Ramaxel bank 5 0x43 -> "0443", CXMT bank 11 0x91 -> "8a91",
 * the JEDEC JEP106 and pci.ids sources §2), PCI vendor ids (Huawei 19e5, YMTC 1e49,
 * Intel 8086, §3.1).
 *
 * Attribution: t_kb() loads the real knowledge base (data/), and fails the
 * test when it is missing or does not know the organisations these codes
 * name; t_identify_counted() is identify_component() with a call counter,
 * for tests that go end to end.  t_identify() is an identifier a test injects
 * instead, for tests about the fleet code itself (what it stores, indexes
 * and diffs does not depend on who made an attribution): it names the maker
 * from the codes above with a table of its own, and the chip maker of a
 * memory module from its DRAM code.
 */
#ifndef TESTS_STORE_FLEET_TEST_H
#define TESTS_STORE_FLEET_TEST_H

#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "inventory-json.h"
#include "store/fleet.h"
#include "util/fileio.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static inline struct inventory *t_host(const char *name, const char *uuid, const char *serial)
{
	struct inventory *inv = inventory_new();
	inv->host.hostname = name ? inventory_strdup(inv, name) : NULL;
	inv->host.uuid = uuid ? inventory_strdup(inv, uuid) : NULL;
	inv->host.serial = serial ? inventory_strdup(inv, serial) : NULL;
	inv->host.collected_at = "2025-01-01T00:00:00Z";
	inv->host.collector = "chipscreen collect test";
	return inv;
}

static inline struct component *t_dimm(struct inventory *inv, const char *slot, const char *jmod,
				       const char *jdram, const char *pn, const char *week,
				       const char *serial)
{
	char id[64], src[64];
	snprintf(id, sizeof id, "dimm/%s", slot);
	snprintf(src, sizeof src, "spd/%s", slot);
	struct component *c = inventory_add(inv, KIND_DIMM, id, src);
	if (jmod)
		component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, jmod, src);
	if (jdram)
		component_set(inv, c, FK_JEDEC_DRAM, FIELD_RAW, jdram, src);
	if (pn)
		component_set(inv, c, FK_PART_NUMBER, 0, pn, src);
	if (week)
		component_set(inv, c, FK_MANUFACTURE_DATE, 0, week, src);
	if (serial)
		component_set(inv, c, FK_SERIAL, FIELD_RAW, serial, src);
	component_set(inv, c, FK_LOCATOR, 0, slot, src);
	return c;
}

static inline struct component *t_pci(struct inventory *inv, const char *addr, const char *vendor,
				      const char *device, const char *cls)
{
	char id[64], src[96];
	snprintf(id, sizeof id, "pci/%s", addr);
	snprintf(src, sizeof src, "/sys/bus/pci/devices/%s", addr);
	struct component *c = inventory_add(inv, KIND_PCI, id, src);
	component_set(inv, c, FK_PCI_ADDRESS, 0, addr, src);
	if (vendor)
		component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, vendor, src);
	if (device)
		component_set(inv, c, FK_PCI_DEVICE, FIELD_RAW, device, src);
	if (cls)
		component_set(inv, c, FK_PCI_CLASS, FIELD_RAW, cls, src);
	return c;
}

/* ---- the injected identifier ---- */

static const struct {
	const char *code, *org;
} t_codes[] = {
	{"802c", "micron"},   {"80ce", "samsung"}, {"80ad", "skhynix"},
	{"0198", "kingston"}, {"8a91", "cxmt"},    {"0443", "ramaxel"},
	{"19e5", "huawei"},   {"1e49", "ymtc"},    {"8086", "intel"},
};

static inline const char *t_org_of(const char *code)
{
	for (size_t i = 0; code && i < sizeof t_codes / sizeof t_codes[0]; i++)
		if (!strcmp(t_codes[i].code, code))
			return t_codes[i].org;
	return NULL;
}

static inline void t_maker(struct maker *m, const char *org, const char *field, const char *raw)
{
	if (!org) {
		m->unknown_reason = "no code the test table knows";
		return;
	}
	m->org = org;
	m->name = org;
	m->conf = CONF_CERTAIN;
	m->nev = 0;
	(void)field;
	(void)raw;
}

static int t_identify_calls;

/* The real knowledge base of datadir (NULL: data_dir()); fails the test when
 * it does not load or does not know the makers the fleet tests use. */
static inline struct kb *t_kb(const char *datadir)
{
	struct strbuf err = STRBUF_INIT;
	struct kb *kb = kb_load(datadir, NULL, NULL, &err);
	if (!kb)
		fail_msg("the knowledge base does not load: %s", err.buf);
	static const char *const need[] = {"micron", "samsung", "ramaxel",
					   "cxmt",   "huawei",  "intel"};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!kb_org_name(kb, need[i]))
			fail_msg("the knowledge base does not know \"%s\"", need[i]);
	strbuf_release(&err);
	return kb;
}

/* identify_component(), counted. */
static inline void t_identify_counted(void *ctx, const struct kb *kb, struct inventory *inv,
				      struct component *c, day_t as_of)
{
	(void)ctx;
	t_identify_calls++;
	identify_component(kb, inv, c, as_of);
}

static inline void t_identify(void *ctx, const struct kb *kb, struct inventory *inv,
			      struct component *c, day_t as_of)
{
	(void)ctx;
	(void)kb;
	(void)as_of;
	t_identify_calls++;
	struct attribution *a = arena_alloc(inv->arena, sizeof *a);
	if (c->kind == KIND_DIMM) {
		const char *mod = component_get(c, FK_JEDEC_MODULE);
		const char *dram = component_get(c, FK_JEDEC_DRAM);
		t_maker(&a->maker, t_org_of(mod), "jedec_module", mod);
		a->has_chip = true;
		t_maker(&a->chip_maker, t_org_of(dram), "jedec_dram", dram);
	} else {
		const char *v = component_get(c, FK_PCI_VENDOR);
		t_maker(&a->maker, t_org_of(v), "pci_vendor", v);
	}
	c->attr = a;
}

/* ---- a data directory of our own ---- */

static inline void t_copy_tree(const char *from, const char *to)
{
	char **names;
	struct strbuf err = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT, data = STRBUF_INIT;
	int n = list_dir(from, &names, &err);
	if (n < 0)
		fail_msg("%s", err.buf);
	if (make_dirs(to, &err) < 0)
		fail_msg("%s", err.buf);
	for (int i = 0; i < n; i++) {
		strbuf_reset(&a);
		strbuf_reset(&b);
		strbuf_addf(&a, "%s/%s", from, names[i]);
		strbuf_addf(&b, "%s/%s", to, names[i]);
		if (is_dir(a.buf)) {
			t_copy_tree(a.buf, b.buf);
			continue;
		}
		if (read_file(a.buf, 64u << 20, &data, &err) < 0 ||
		    write_file(b.buf, data.buf, data.len, &err) < 0)
			fail_msg("%s", err.buf);
	}
	free_names(names, n);
	strbuf_release(&err);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&data);
}

/* dir/data: a copy of the project's data directory (knowledge tables,
 * profiles, fleet data, rule schema) with no rules: the test writes its own
 * with t_rule(). */
static inline char *t_datadir(const char *dir)
{
	struct strbuf p = STRBUF_INIT, q = STRBUF_INIT;
	strbuf_addf(&p, "%s/data", dir);
	char *src = strdup(src_path("data"));
	t_copy_tree(src, p.buf);
	free(src);
	strbuf_addf(&q, "%s/rules", p.buf);
	char **names;
	struct strbuf err = STRBUF_INIT;
	int n = list_dir(q.buf, &names, &err);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (len > 5 && !strcmp(names[i] + len - 5, ".json")) {
			struct strbuf f = STRBUF_INIT;
			strbuf_addf(&f, "%s/%s", q.buf, names[i]);
			unlink(f.buf);
			strbuf_release(&f);
		}
	}
	free_names(names, n);
	strbuf_release(&err);
	strbuf_release(&q);
	return strbuf_detach(&p, NULL);
}

static inline void t_rule(const char *datadir, const char *measure, const char *json)
{
	struct strbuf rel = STRBUF_INIT;
	strbuf_addf(&rel, "rules/%s.json", measure);
	test_write_str(datadir, rel.buf, json);
	strbuf_release(&rel);
}

static inline void t_unrule(const char *datadir, const char *measure)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/rules/%s.json", datadir, measure);
	assert_int_equal(unlink(p.buf), 0);
	strbuf_release(&p);
}

/* A store in dir. */
static inline struct fleet *t_fleet(const char *dir)
{
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	struct fleet *f;
	strbuf_addf(&p, "%s/store.db", dir);
	if (fleet_open(&f, p.buf, false, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&p);
	strbuf_release(&err);
	return f;
}

static inline struct fleet_imported t_import(struct fleet *f, struct inventory *inv,
					     const char *name)
{
	struct fleet_host_opts o = {.kind = FLEET_MACHINE, .name = name, .sources = "test"};
	struct fleet_imported r;
	struct strbuf err = STRBUF_INIT;
	if (fleet_import(f, inv, &o, &r, &err) < 0)
		fail_msg("import: %s", err.buf);
	strbuf_release(&err);
	return r;
}

/* One integer from SQL on the fleet's store. */
static inline long long t_sql(struct fleet *f, const char *sql)
{
	sqlite3_stmt *q;
	long long v = -1;
	struct store *st = fleet_store(f);
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(st->db));
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

#endif
