/*
 * test_fleet_parts.c — a part keeps what identify reads.
 *
 * The fleet judges units, not components: a unit is the part's fields (the
 * component less what tells one instance from another: serials, locators,
 * addresses; per-device identifiers cut to the maker they embed) plus the
 * facts (acquisition, manufacture, purpose).  That is right only if identify
 * attributes the unit exactly as it attributes the component it came from.
 * These tests check it on real inputs: the example capture through collect,
 * and the real tool outputs under tests/fixtures/hw/ through the importers.
 * Each component is stored, its unit read back from the store
 * (fleet_unit_component, what a run identifies), and both are identified
 * with the real knowledge base: maker, chip maker, OEM and their
 * confidences, and the organisations of conflicting signals, must agree.
 */
#include "fleet-test.h"

#include "collect/capture.h"
#include "import/import.h"
#include "util/date.h"

#include <stdlib.h>

struct fx {
	char *dir;
	struct fleet *f;
	struct kb *kb;
};

static int fx_setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	x->dir = test_tmpdir();
	x->f = t_fleet(x->dir);
	x->kb = t_kb(NULL);
	*state = x;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;
	fleet_close(x->f);
	kb_free(x->kb);
	test_rmtree(x->dir);
	free(x->dir);
	free(x);
	return 0;
}

static const char *org_or(const char *org)
{
	return org ? org : "unknown";
}

static void same_maker(const char *id, const char *what, const struct maker *full,
		       const struct maker *unit)
{
	if (strcmp(org_or(full->org), org_or(unit->org)) || full->conf != unit->conf)
		fail_msg("%s: %s: the component gives %s (%s), its unit %s (%s)", id, what,
			 org_or(full->org), confidence_name(full->conf), org_or(unit->org),
			 confidence_name(unit->conf));
}

static void same_attribution(const struct component *full, const struct component *unit)
{
	const struct attribution *a = full->attr, *b = unit->attr;
	assert_non_null(a);
	assert_non_null(b);
	same_maker(full->id, "maker", &a->maker, &b->maker);
	same_maker(full->id, "chip maker", &a->chip_maker, &b->chip_maker);
	same_maker(full->id, "OEM", &a->oem, &b->oem);
	if (a->has_chip != b->has_chip)
		fail_msg("%s: has_chip differs", full->id);
	if (a->nconflicts != b->nconflicts)
		fail_msg("%s: %zu conflicting signals, its unit %zu", full->id, a->nconflicts,
			 b->nconflicts);
	for (size_t i = 0; i < a->nconflicts; i++)
		if (strcmp(org_or(a->conflicts[i].org), org_or(b->conflicts[i].org)))
			fail_msg("%s: conflict %zu names %s, its unit's %s", full->id, i,
				 org_or(a->conflicts[i].org), org_or(b->conflicts[i].org));
}

/* The inventory of a stored snapshot, as its document reads back. */
static struct inventory *stored(struct fx *x, int64_t snapshot)
{
	struct strbuf doc = STRBUF_INIT, err = STRBUF_INIT;
	if (fleet_snapshot_document(x->f, snapshot, &doc, &err) < 0)
		fail_msg("%s", err.buf);
	cJSON *j = cJSON_ParseWithLength(doc.buf, doc.len);
	assert_non_null(j);
	struct inventory *inv = inventory_new();
	if (inventory_from_json(j, inv, &err) < 0)
		fail_msg("%s", err.buf);
	cJSON_Delete(j);
	strbuf_release(&doc);
	strbuf_release(&err);
	return inv;
}

/*
 * Store inv, then compare every component with its unit: the component as
 * the snapshot's document holds it (what `scan` reads when a verdict is
 * replayed) and as it was in memory.  Returns how many components have a
 * known maker.
 */
static size_t check_inventory(struct fx *x, struct inventory *inv, const char *name)
{
	day_t day = date_parse("2025-06-30");
	struct fleet_imported r = t_import(x->f, inv, name);
	assert_true(r.snapshot > 0);
	struct inventory *doc = stored(x, r.snapshot);
	assert_int_equal(doc->ncomps, inv->ncomps);
	sqlite3_stmt *q;
	struct store *st = fleet_store(x->f);
	assert_int_equal(sqlite3_prepare_v2(
				 st->db, "SELECT unit, ids FROM snapshot_units WHERE snapshot = ?",
				 -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(q, 1, r.snapshot);
	size_t compared = 0, known = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		int64_t unit = sqlite3_column_int64(q, 0);
		char *ids = strdup((const char *)sqlite3_column_text(q, 1));
		struct inventory *uinv = inventory_new();
		struct component *uc;
		struct strbuf err = STRBUF_INIT;
		if (fleet_unit_component(x->f, unit, uinv, &uc, &err) < 0)
			fail_msg("%s", err.buf);
		identify_component(x->kb, uinv, uc, day);
		for (char *id = strtok(ids, "\n"); id; id = strtok(NULL, "\n")) {
			struct component *c = inventory_find(inv, id);
			struct component *d = inventory_find(doc, id);
			if (!c || !d)
				fail_msg("%s: unit %lld names component %s, not in the inventory",
					 name, (long long)unit, id);
			identify_component(x->kb, doc, d, day);
			same_attribution(d, uc);
			identify_component(x->kb, inv, c, day);
			same_attribution(c, uc);
			compared++;
			known += c->attr->maker.org != NULL;
		}
		inventory_free(uinv);
		strbuf_release(&err);
		free(ids);
	}
	sqlite3_finalize(q);
	inventory_free(doc);
	/* every component is in exactly one unit */
	assert_int_equal(compared, inv->ncomps);
	return known;
}

static void test_example_capture(void **state)
{
	struct fx *x = *state;
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (capture_collect(inv, src_path("examples/server"), &err) < 0)
		fail_msg("%s", err.buf);
	/* the example server's 30 components; all but a few are named */
	assert_int_equal(inv->ncomps, 30);
	size_t known = check_inventory(x, inv, "example");
	assert_true(known >= 20);
	inventory_free(inv);
	strbuf_release(&err);
}

/* Every file of a directory under tests/fixtures/hw/, one host each. */
static size_t check_dir(struct fx *x, const char *dir, size_t *files)
{
	char **names;
	struct strbuf err = STRBUF_INIT, p = STRBUF_INIT;
	int n = list_dir(dir, &names, &err);
	if (n < 0)
		fail_msg("%s", err.buf);
	size_t comps = 0;
	for (int i = 0; i < n; i++) {
		if (names[i][0] == '.' || !strcmp(names[i], "README.md"))
			continue;
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", dir, names[i]);
		struct inventory *inv = inventory_new();
		if (import_file(p.buf, IMPORT_AUTO, NULL, inv, &err) < 0)
			fail_msg("%s", err.buf);
		comps += inv->ncomps;
		check_inventory(x, inv, names[i]);
		inventory_free(inv);
		(*files)++;
	}
	free_names(names, n);
	strbuf_release(&err);
	strbuf_release(&p);
	return comps;
}

static void test_shared_dmidecode(void **state)
{
	SKIP_WITHOUT_SHARED(dir, "hw/dmidecode");
	size_t files = 0;
	assert_true(check_dir(*state, dir, &files) > 0);
	assert_int_equal(files, 5);
}

static void test_shared_smartctl(void **state)
{
	SKIP_WITHOUT_SHARED(dir, "hw/smartctl");
	size_t files = 0;
	assert_int_equal(check_dir(*state, dir, &files), 3); /* one drive each */
	assert_int_equal(files, 3);
}

static void test_shared_lspci_lsusb(void **state)
{
	SKIP_WITHOUT_SHARED(pci, "hw/lspci");
	size_t files = 0;
	assert_true(check_dir(*state, pci, &files) > 0); /* shared_data's buffer is reused */
	SKIP_WITHOUT_SHARED(usb, "hw/lsusb");
	assert_true(check_dir(*state, usb, &files) > 0);
	assert_int_equal(files, 3);
}

static struct component *drive(struct inventory *inv, enum kind k, const char *id,
			       const char *model, const char *serial)
{
	struct component *c = inventory_add(inv, k, id, "test");
	component_set(inv, c, FK_MODEL, 0, model, "test");
	component_set(inv, c, FK_SERIAL, 0, serial, "test");
	return c;
}

/*
 * Per-device identifiers keep, in the part, what identify reads from them:
 * the OUI of an EUI-64 or a NAA 5/6 WWN, the PCI vendor of an "nvme." WWID
 * or of an org.nvmexpress NQN, the naming authority of another NQN.  The
 * rest (serial numbers, namespace ids) goes, so that drives of one model are
 * one part.  Ids from the JEDEC JEP106 and pci.ids sources: Intel PCI 8086,
 * Samsung OUI 002538, Seagate OUI 0004cf and 5000c5 is the WWN form.
 */
static void test_device_identifiers(void **state)
{
	struct fx *x = *state;
	struct inventory *inv = t_host("drives", NULL, NULL);
	/* an NVMe drive known only by its subsystem NQN (no PCI function read) */
	struct component *c =
		drive(inv, KIND_NVME, "nvme/nvme0", "INTEL SSDPE2KX040T8", "PHLJ0001");
	component_set(inv, c, FK_NVME_SUBSYSNQN, 0,
		      "nqn.2014.08.org.nvmexpress:80868086PHLJ0001       INTEL SSDPE2KX040T8",
		      "test");
	c = drive(inv, KIND_NVME, "nvme/nvme1", "INTEL SSDPE2KX040T8", "PHLJ0002");
	component_set(inv, c, FK_NVME_SUBSYSNQN, 0,
		      "nqn.2014.08.org.nvmexpress:80868086PHLJ0002       INTEL SSDPE2KX040T8",
		      "test");
	/* two drives known by their "nvme." WWID, which carries the PCI vendor */
	c = drive(inv, KIND_NVME, "nvme/nvme2", "Model X", "SER1");
	component_set(inv, c, FK_WWID, 0, "nvme.8086-5345523120202020-4d6f64656c2058-00000001",
		      "test");
	c = drive(inv, KIND_NVME, "nvme/nvme3", "Model X", "SER2");
	component_set(inv, c, FK_WWID, 0, "nvme.8086-5345523220202020-4d6f64656c2058-00000001",
		      "test");
	/* SATA drives by their NAA 5 WWN only, no OUI field */
	c = drive(inv, KIND_DISK, "disk/sda", "Model Y", "Y1");
	component_set(inv, c, FK_WWID, 0, "naa.5002538e00000041", "test");
	c = drive(inv, KIND_DISK, "disk/sdb", "Model Y", "Y2");
	component_set(inv, c, FK_WWID, 0, "naa.5002538e00000042", "test");
	/* an EUI-64 as the kernel's raw bytes */
	c = drive(inv, KIND_NVME, "nvme/nvme4", "Model Z", "Z1");
	component_set(inv, c, FK_EUI64, FIELD_RAW, "00 25 38 00 00 00 00 41", "test");
	/* an OUI field and a WWN of another organisation: both are read */
	c = drive(inv, KIND_DISK, "disk/sdc", "Model W", "W1");
	component_set(inv, c, FK_IEEE_OUI, 0, "002538", "test");
	component_set(inv, c, FK_WWID, 0, "naa.50004cf200000001", "test");
	c = drive(inv, KIND_DISK, "disk/sdd", "Model W", "W2");
	component_set(inv, c, FK_IEEE_OUI, 0, "002538", "test");
	component_set(inv, c, FK_WWID, 0, "naa.50004cf200000002", "test");
	component_set(inv, c, FK_NGUID, 0, "01000000-0000-0000-0025-380000000002", "test");
	check_inventory(x, inv, "drives");
	/* the makers, as identify reads them from those fields */
	const char *want[][2] = {{"nvme/nvme0", "intel"},
				 {"nvme/nvme2", "intel"},
				 {"disk/sda", "samsung"},
				 {"nvme/nvme4", "samsung"},
				 {"disk/sdc", "samsung"}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct component *w = inventory_find(inv, want[i][0]);
		if (!w->attr->maker.org || strcmp(w->attr->maker.org, want[i][1]))
			fail_msg("%s: maker %s, expected %s", want[i][0],
				 org_or(w->attr->maker.org), want[i][1]);
		assert_int_equal(w->attr->maker.conf, CONF_CERTAIN);
	}
	assert_int_equal(inventory_find(inv, "disk/sdc")->attr->nconflicts, 1);
	/* drives of one model are one part, whatever their serials and WWNs */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts"), 5);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_example_capture, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_shared_dmidecode, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_shared_smartctl, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_shared_lspci_lsusb, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_device_identifiers, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
