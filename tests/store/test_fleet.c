/*
 * test_fleet.c — the fleet store: host identity, history (a changed
 * snapshot is kept, an unchanged one is not kept twice), parts and units,
 * purchase quantities, documents, and transactions that leave nothing
 * behind when they fail.
 */
#include "fleet-test.h"

#include <stdlib.h>

struct fx {
	char *dir;
	struct fleet *f;
};

static int fx_setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	x->dir = test_tmpdir();
	x->f = t_fleet(x->dir);
	*state = x;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;
	fleet_close(x->f);
	test_rmtree(x->dir);
	free(x->dir);
	free(x);
	return 0;
}

static struct inventory *server(const char *week_b1)
{
	struct inventory *inv =
		t_host("db1", "4C4C4544-0046-4810-8057-B3C04F385A31", "B3C0F385A31");
	t_dimm(inv, "DIMM_A1", "80ce", "80ce", "M393A4K40DB3-CWE", "2021-W14", "1a2b3c4d");
	t_dimm(inv, "DIMM_A2", "80ce", "80ce", "M393A4K40DB3-CWE", "2021-W14", "1a2b3c4e");
	t_dimm(inv, "DIMM_B1", "802c", "802c", "MTA36ASF4G72PZ-3G2R1", week_b1, "99aa0001");
	t_pci(inv, "0000:3b:00.0", "19e5", "1822", "020000");
	return inv;
}

static void test_history(void **state)
{
	struct fx *x = *state;
	struct inventory *a = server("2024-W07");
	struct fleet_imported r = t_import(x->f, a, "fallback");
	assert_int_equal(r.outcome, FLEET_NEW_HOST);
	/* the UUID identifies the machine, in lower case */
	assert_string_equal(r.key, "uuid:4c4c4544-0046-4810-8057-b3c04f385a31");
	assert_string_equal(r.name, "db1");
	assert_int_equal(r.ncomps, 4);
	assert_int_equal(r.nunits, 3); /* the two Samsung DIMMs are one unit */
	int64_t first = r.snapshot;

	/* collected again a day later, nothing else changed: not stored twice */
	struct inventory *b = server("2024-W07");
	b->host.collected_at = "2025-01-02T00:00:00Z";
	b->host.collector = "chipscreen collect 0.2.0";
	r = t_import(x->f, b, "fallback");
	assert_int_equal(r.outcome, FLEET_UNCHANGED);
	assert_int_equal(r.snapshot, first);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshots"), 1);

	/* the same parts with a warning the last one did not have (a table's
	 * checksum wrong): news, kept, not dropped as "unchanged"; the same
	 * warning again is not */
	struct inventory *w = server("2024-W07");
	inventory_warn(w, "/sys/firmware/dmi/tables/DMI", "SMBIOS tables",
		       "the table's checksum is wrong");
	r = t_import(x->f, w, "fallback");
	assert_int_equal(r.outcome, FLEET_CHANGED);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshots"), 2);
	inventory_free(w);
	w = server("2024-W07");
	inventory_warn(w, "/sys/firmware/dmi/tables/DMI", "SMBIOS tables",
		       "the table's checksum is wrong");
	r = t_import(x->f, w, "fallback");
	assert_int_equal(r.outcome, FLEET_UNCHANGED);
	inventory_free(w);
	/* and back without it: news again */
	w = server("2024-W07");
	r = t_import(x->f, w, "fallback");
	assert_int_equal(r.outcome, FLEET_CHANGED);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshots"), 3);
	inventory_free(w);

	/* a DIMM swapped: a new snapshot, the old one kept */
	struct inventory *c = server("2019-W10");
	r = t_import(x->f, c, "fallback");
	assert_int_equal(r.outcome, FLEET_CHANGED);
	assert_true(r.snapshot != first);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshots"), 4);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM hosts"), 1);
	assert_int_equal(t_sql(x->f, "SELECT snapshots FROM hosts"), 4);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT last_snapshot = %lld FROM hosts", (long long)r.snapshot);
	assert_int_equal(t_sql(x->f, sql), 1);
	/* the Micron part is one part in two units: made in 2024 and in 2019 */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts"), 3);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units"), 4);
	inventory_free(a);
	inventory_free(b);
	inventory_free(c);
}

/* An inventory collected before the host's current snapshot (an agent's
 * spooled report sent late) goes into the history; the host is not rolled
 * back to it.  A later one becomes current again. */
static void test_older_not_current(void **state)
{
	struct fx *x = *state;
	struct inventory *now = server("2024-W07");
	now->host.collected_at = "2026-12-08T01:40:00Z";
	struct fleet_imported r = t_import(x->f, now, "fallback");
	int64_t current = r.snapshot;
	assert_false(r.older);

	struct inventory *old = server("2019-W10"); /* the DIMM before its swap */
	old->host.hostname = "db1-old-name";
	old->host.collected_at = "2026-12-01T00:00:00Z";
	r = t_import(x->f, old, "fallback");
	assert_int_equal(r.outcome, FLEET_CHANGED);
	assert_true(r.older);
	assert_true(r.snapshot != current);
	assert_string_equal(r.warning,
			    "db1: collected 2026-12-01T00:00:00Z, before the host's current "
			    "snapshot (collected 2026-12-08T01:40:00Z): kept in its history, not "
			    "made current");
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT last_snapshot = %lld FROM hosts", (long long)current);
	assert_int_equal(t_sql(x->f, sql), 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM hosts WHERE name = 'db1'"), 1);
	assert_int_equal(t_sql(x->f, "SELECT snapshots FROM hosts"), 2);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshots"), 2);
	/* its rows are kept with it: the history can be replayed */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM snapshot_units WHERE snapshot = %lld",
		 (long long)r.snapshot);
	assert_int_equal(t_sql(x->f, sql), 3);

	/* the same time in another zone is not older; a later one is current */
	struct inventory *later = server("2019-W10");
	later->host.collected_at = "2026-12-08T02:40:00+01:00";
	r = t_import(x->f, later, "fallback");
	assert_false(r.older);
	assert_string_equal(r.warning, "");
	snprintf(sql, sizeof sql, "SELECT last_snapshot = %lld FROM hosts", (long long)r.snapshot);
	assert_int_equal(t_sql(x->f, sql), 1);
	/* a report from a clock set in the future is current (as the latest);
	 * it holds no later report back */
	struct inventory *future = server("2024-W07");
	future->host.collected_at = "2099-01-01T00:00:00Z";
	r = t_import(x->f, future, "fallback");
	assert_false(r.older);
	struct inventory *fixed = server("2019-W10");
	fixed->host.collected_at = "2026-12-09T00:00:00Z";
	r = t_import(x->f, fixed, "fallback");
	assert_false(r.older);
	snprintf(sql, sizeof sql, "SELECT last_snapshot = %lld FROM hosts", (long long)r.snapshot);
	assert_int_equal(t_sql(x->f, sql), 1);
	inventory_free(future);
	inventory_free(fixed);
	inventory_free(now);
	inventory_free(old);
	inventory_free(later);
}

static void test_identity(void **state)
{
	struct fx *x = *state;
	/* first known by name only (lspci output with --host) */
	struct inventory *a = t_host(NULL, NULL, NULL);
	t_pci(a, "0000:00:1f.3", "8086", "a348", "040300");
	struct fleet_host_opts o = {.kind = FLEET_MACHINE, .name = "web01", .sources = "lspci.txt"};
	struct fleet_imported r;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(fleet_import(x->f, a, &o, &r, &err), 0);
	assert_string_equal(r.key, "name:web01");
	/* then collected, with its UUID: the same host */
	struct inventory *b = t_host("web01", "00112233-4455-6677-8899-aabbccddeeff", NULL);
	t_pci(b, "0000:00:1f.3", "8086", "a348", "040300");
	r = t_import(x->f, b, "x");
	assert_int_equal(r.outcome, FLEET_CHANGED);
	assert_string_equal(r.key, "name:web01");
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM hosts"), 1);
	assert_int_equal(t_sql(x->f, "SELECT uuid = '00112233-4455-6677-8899-aabbccddeeff' "
				     "FROM hosts"),
			 1);
	/* a placeholder UUID identifies nothing: the serial does */
	struct inventory *c = t_host("x1", "03000200-0400-0500-0006-000700080009", "ABC123");
	struct inventory *d = t_host("x2", "03000200-0400-0500-0006-000700080009", "ABC124");
	t_pci(c, "0000:00:00.0", "8086", "0d57", "060000");
	t_pci(d, "0000:00:00.0", "8086", "0d57", "060000");
	assert_string_equal(t_import(x->f, c, "x").key, "serial:ABC123");
	assert_string_equal(t_import(x->f, d, "x").key, "serial:ABC124");
	/* all zeros is no UUID and "To Be Filled By O.E.M." no serial: the name is left */
	struct inventory *e =
		t_host("lab7", "00000000-0000-0000-0000-000000000000", "To Be Filled By O.E.M.");
	t_pci(e, "0000:00:00.0", "8086", "0d57", "060000");
	assert_string_equal(t_import(x->f, e, "x").key, "name:lab7");
	/* nothing at all, and no name given: refused, with what to do */
	struct inventory *n = t_host(NULL, NULL, NULL);
	struct fleet_host_opts none = {.kind = FLEET_MACHINE, .sources = "anon.txt"};
	assert_int_equal(fleet_import(x->f, n, &none, &r, &err), -1);
	assert_non_null(strstr(err.buf, "give it a name with --host"));
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM hosts"), 4);
	strbuf_release(&err);
	inventory_free(a);
	inventory_free(b);
	inventory_free(c);
	inventory_free(d);
	inventory_free(e);
	inventory_free(n);
}

static void test_parts_and_units(void **state)
{
	struct fx *x = *state;
	/* two hosts, the same memory part with other serials and slots */
	struct inventory *a = t_host("a", "11111111-2222-3333-4444-555555555555", NULL);
	struct inventory *b = t_host("b", "11111111-2222-3333-4444-666666666666", NULL);
	for (int i = 0; i < 8; i++) {
		char slot[16], serial[16];
		snprintf(slot, sizeof slot, "DIMM_%c1", 'A' + i);
		snprintf(serial, sizeof serial, "%08x", 0x1000 + i);
		t_dimm(a, slot, "0198", "802c", "KSM32RD4/32MEI", "2022-W10", serial);
		snprintf(serial, sizeof serial, "%08x", 0x2000 + i);
		t_dimm(b, slot, "0198", "802c", "KSM32RD4/32MEI", i < 4 ? "2022-W10" : "2023-W30",
		       serial);
	}
	/* NVMe: the WWID is per drive, the OUI it embeds is the part's */
	struct component *n1 = inventory_add(a, KIND_NVME, "nvme/nvme0", "/sys/class/nvme/nvme0");
	component_set(a, n1, FK_MODEL, 0, "SAMSUNG MZQL23T8HCLS-00A07", "model");
	component_set(a, n1, FK_WWID, 0, "eui.002538b111111111", "wwid");
	component_set(a, n1, FK_IEEE_OUI, 0, "002538", "wwid");
	component_set(a, n1, FK_NVME_SUBSYSNQN, 0,
		      "nqn.1994-11.com.samsung:nvme:PM9A3:2.5-inch:S64HNE0R111111", "nqn");
	struct component *n2 = inventory_add(b, KIND_NVME, "nvme/nvme0", "/sys/class/nvme/nvme0");
	component_set(b, n2, FK_MODEL, 0, "SAMSUNG MZQL23T8HCLS-00A07", "model");
	component_set(b, n2, FK_WWID, 0, "eui.002538b222222222", "wwid");
	component_set(b, n2, FK_IEEE_OUI, 0, "002538", "wwid");
	component_set(b, n2, FK_NVME_SUBSYSNQN, 0,
		      "nqn.1994-11.com.samsung:nvme:PM9A3:2.5-inch:S64HNE0R222222", "nqn");
	t_import(x->f, a, "a");
	struct fleet_imported r = t_import(x->f, b, "b");
	assert_int_equal(r.ncomps, 9);
	assert_int_equal(r.nunits, 3);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts"), 2);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units"), 3);
	/* the units carry what the judge reads of the component itself */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE made = '2023-W30'"), 1);
	assert_int_equal(t_sql(x->f, "SELECT sum(count) FROM snapshot_units"), 18);
	/* host b holds 4 + 4 DIMMs of one part in two units */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshot_units su JOIN units u ON "
				     "u.id = su.unit WHERE su.count = 4"),
			 2);
	/* the part's document keeps the authority of the NQN, not the serial */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts WHERE document LIKE "
				     "'%nqn.1994-11.com.samsung\"%'"),
			 1);
	/* and of the WWID the OUI identify reads (the rest is the drive's own) */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts WHERE document LIKE "
				     "'%\"eui.002538\"%'"),
			 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts WHERE instr(document, 'S64HNE') "
				     "OR instr(document, '002538b') OR instr(document, 'DIMM_')"),
			 0);
	inventory_free(a);
	inventory_free(b);
}

static void test_purchase_quantities(void **state)
{
	struct fx *x = *state;
	struct inventory *po = inventory_new();
	struct component *c = inventory_add(po, KIND_PART, "part/2", "po.csv");
	component_set(po, c, FK_MANUFACTURER, FIELD_RAW, "Micron", "po.csv:2");
	component_set(po, c, FK_PART_NUMBER, FIELD_RAW, "MTA18ASF2G72PZ-3G2R1", "po.csv:2");
	component_set(po, c, FK_QUANTITY, FIELD_RAW, "500", "po.csv:2");
	component_set(po, c, FK_QUANTITY, 0, "500", "po.csv:2");
	component_set(po, c, FK_ACQUIRED, 0, "2024-03-01", "po.csv:2");
	c = inventory_add(po, KIND_PART, "part/3", "po.csv");
	component_set(po, c, FK_MANUFACTURER, FIELD_RAW, "Micron", "po.csv:3");
	component_set(po, c, FK_PART_NUMBER, FIELD_RAW, "MTA18ASF2G72PZ-3G2R1", "po.csv:3");
	component_set(po, c, FK_QUANTITY, FIELD_RAW, "many", "po.csv:3"); /* not a number */
	component_set(po, c, FK_ACQUIRED, 0, "2022-11-30", "po.csv:3");
	struct fleet_host_opts o = {.kind = FLEET_RECORDS,
				    .name = "po.csv @ Leeds",
				    .name_overrides = true,
				    .key = "records:po.csv@Leeds",
				    .site = "Leeds",
				    .sources = "po.csv"};
	struct fleet_imported r;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(fleet_import(x->f, po, &o, &r, &err), 0);
	/* 500 ordered, plus a line whose quantity cannot be read: counted once */
	assert_int_equal(r.ncomps, 501);
	assert_string_equal(r.key, "records:po.csv@Leeds");
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM hosts WHERE kind = 'records' AND "
				     "site = 'Leeds'"),
			 1);
	/* one part, two acquisition contexts */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts"), 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units"), 2);
	strbuf_release(&err);
	inventory_free(po);
}

static void test_document(void **state)
{
	struct fx *x = *state;
	static const char text[] = "{\"schema\": \"chipscreen-inventory/1\", \"host\": "
				   "{\"hostname\": \"doc1\"}, \"components\": []}\n";
	struct inventory *inv = t_host("doc1", NULL, NULL);
	struct fleet_host_opts o = {.kind = FLEET_MACHINE,
				    .sources = "doc1.json",
				    .original = text,
				    .original_len = strlen(text)};
	struct fleet_imported r;
	struct strbuf err = STRBUF_INIT, doc = STRBUF_INIT;
	assert_int_equal(fleet_import(x->f, inv, &o, &r, &err), 0);
	assert_int_equal(fleet_snapshot_document(x->f, r.snapshot, &doc, &err), 0);
	assert_string_equal(doc.buf, text); /* exactly as read */
	/* a document written by chipscreen reads back as the same inventory */
	struct inventory *b = server("2024-W07");
	r = t_import(x->f, b, "x");
	assert_int_equal(fleet_snapshot_document(x->f, r.snapshot, &doc, &err), 0);
	struct inventory *back = inventory_new();
	cJSON *j = cJSON_Parse(doc.buf);
	assert_non_null(j);
	assert_int_equal(inventory_from_json(j, back, &err), 0);
	cJSON_Delete(j);
	assert_int_equal(back->ncomps, 4);
	assert_string_equal(component_get(&back->comps[2], FK_PART_NUMBER), "MTA36ASF4G72PZ-3G2R1");
	/* a snapshot that is not there, and a document that is damaged */
	assert_int_equal(fleet_snapshot_document(x->f, 999, &doc, &err), -1);
	assert_non_null(strstr(err.buf, "no snapshot 999"));
	struct store *st = fleet_store(x->f);
	assert_int_equal(sqlite3_exec(st->db, "UPDATE snapshots SET document = x'00112233'", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(fleet_snapshot_document(x->f, r.snapshot, &doc, &err), -1);
	assert_non_null(strstr(err.buf, "does not decompress"));
	strbuf_release(&err);
	strbuf_release(&doc);
	inventory_free(inv);
	inventory_free(b);
	inventory_free(back);
}

static void test_batch_savepoints(void **state)
{
	struct fx *x = *state;
	struct strbuf err = STRBUF_INIT;
	struct fleet_imported r;
	assert_int_equal(fleet_batch_begin(x->f, &err), 0);
	struct inventory *a = server("2024-W07");
	struct inventory *bad = t_host(NULL, NULL, NULL); /* no name: refused */
	t_dimm(bad, "DIMM_Z9", "802c", "802c", "MTC20F2085S1RC48BA1", "2023-W01", "ffff0000");
	struct inventory *c = t_host("c", "99999999-2222-3333-4444-555555555555", NULL);
	t_dimm(c, "DIMM_A1", "80ad", "80ad", "HMA84GR7DJR4N-XN", "2020-W33", "abcd0001");
	struct fleet_host_opts o = {.kind = FLEET_MACHINE, .sources = "t"};
	assert_int_equal(fleet_import(x->f, a, &o, &r, &err), 0);
	assert_int_equal(fleet_import(x->f, bad, &o, &r, &err), -1);
	assert_int_equal(fleet_import(x->f, c, &o, &r, &err), 0);
	assert_int_equal(fleet_batch_commit(x->f, &err), 0);
	/* the refused host left nothing, not even its new part */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM hosts"), 2);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts WHERE document LIKE "
				     "'%MTC20F2085S1RC48BA1%'"),
			 0);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshots"), 2);
	/* a batch not committed is not kept */
	assert_int_equal(fleet_batch_begin(x->f, &err), 0);
	struct inventory *d = t_host("d", "77777777-2222-3333-4444-555555555555", NULL);
	t_pci(d, "0000:00:00.0", "8086", "0d57", "060000");
	assert_int_equal(fleet_import(x->f, d, &o, &r, &err), 0);
	fleet_close(x->f);
	x->f = t_fleet(x->dir);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM hosts"), 2);
	strbuf_release(&err);
	inventory_free(a);
	inventory_free(bad);
	inventory_free(c);
	inventory_free(d);
}

/* Batches after a batch keep the set of host values they look hosts up in
 * (fleet.c, hostval), but not when another connection wrote hosts
 * meanwhile: a host it added is found, not added again. */
static void test_batch_other_writer(void **state)
{
	struct fx *x = *state;
	struct strbuf err = STRBUF_INIT;
	struct fleet_imported r;
	struct fleet_host_opts o = {.kind = FLEET_MACHINE, .sources = "t"};
	struct inventory *a = t_host("a", "11111111-2222-3333-4444-555555555555", NULL);
	t_pci(a, "0000:00:00.0", "8086", "0d57", "060000");
	assert_int_equal(fleet_batch_begin(x->f, &err), 0);
	assert_int_equal(fleet_import(x->f, a, &o, &r, &err), 0);
	assert_int_equal(fleet_batch_commit(x->f, &err), 0);
	/* another connection adds host e */
	struct fleet *other = t_fleet(x->dir);
	struct inventory *e = t_host("e", "eeeeeeee-2222-3333-4444-555555555555", "SN-E");
	t_pci(e, "0000:00:00.0", "8086", "0d57", "060000");
	assert_int_equal(fleet_import(other, e, &o, &r, &err), 0);
	assert_int_equal(r.outcome, FLEET_NEW_HOST);
	int64_t host_e = r.host;
	fleet_close(other);
	/* the next batch finds it */
	struct inventory *e2 = t_host("e", "eeeeeeee-2222-3333-4444-555555555555", "SN-E");
	t_pci(e2, "0000:00:00.0", "8086", "0d57", "060000");
	assert_int_equal(fleet_batch_begin(x->f, &err), 0);
	assert_int_equal(fleet_import(x->f, e2, &o, &r, &err), 0);
	assert_int_equal(fleet_batch_commit(x->f, &err), 0);
	assert_int_equal(r.outcome, FLEET_UNCHANGED);
	assert_int_equal(r.host, host_e);
	/* and a batch after its own finds what it wrote */
	struct inventory *a2 = t_host("a", "11111111-2222-3333-4444-555555555555", NULL);
	t_pci(a2, "0000:00:00.0", "8086", "0d57", "060000");
	assert_int_equal(fleet_batch_begin(x->f, &err), 0);
	assert_int_equal(fleet_import(x->f, a2, &o, &r, &err), 0);
	assert_int_equal(fleet_batch_commit(x->f, &err), 0);
	assert_int_equal(r.outcome, FLEET_UNCHANGED);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM hosts"), 2);
	strbuf_release(&err);
	inventory_free(a);
	inventory_free(a2);
	inventory_free(e);
	inventory_free(e2);
}

static void test_foreign_and_readonly(void **state)
{
	struct fx *x = *state;
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	struct fleet *f;
	/* read-only on a store without a fleet: said so */
	strbuf_addf(&p, "%s/empty.db", x->dir);
	struct store *st;
	assert_int_equal(store_open(&st, p.buf, false, &err), 0);
	store_close(st);
	assert_int_equal(fleet_open(&f, p.buf, true, &err), -1);
	assert_non_null(strstr(err.buf, "no fleet in this store: import inventories first"));
	/* a file that is not a store */
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/notes.txt", x->dir);
	test_write_str(x->dir, "notes.txt", "these are notes, not a database, long enough\n");
	assert_int_equal(fleet_open(&f, p.buf, false, &err), -1);
	assert_non_null(strstr(err.buf, "notes.txt: not a chipscreen store"));
	strbuf_release(&p);
	strbuf_release(&err);
}

/* Part identities read values as the inventory keeps them: escaped.  The
 * check for plain ASCII runs eight bytes at a time (util/utf8.c); a control
 * byte, a backslash, DEL or a byte above 0x7f past the eighth is still seen. */
static void test_long_values_escaped(void **state)
{
	struct fx *x = *state;
	struct inventory *inv = t_host("esc", "40000000-0000-4000-8000-000000000001", NULL);
	struct component *c = inventory_add(inv, KIND_USB, "usb/1-1", "usb");
	component_set(inv, c, FK_PRODUCT, FIELD_RAW, "ABCDEFGHIJKLMNOP\x01QRS", "usb");
	component_set(inv, c, FK_MODEL, FIELD_RAW, "ABCDEFGHIJKLMNOPQ\\R", "usb");
	component_set(inv, c, FK_VERSION, FIELD_RAW, "ABCDEFGHIJKLMNOPQR\x7fS", "usb");
	component_set(inv, c, FK_SERIAL, FIELD_RAW, "ABCDEFGHIJKLMNOPQRS\xffT", "usb");
	component_set(inv, c, FK_MANUFACTURER, FIELD_RAW, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "usb");
	assert_string_equal(component_get(c, FK_PRODUCT), "ABCDEFGHIJKLMNOP\\x01QRS");
	assert_string_equal(component_get(c, FK_MODEL), "ABCDEFGHIJKLMNOPQ\\\\R");
	assert_string_equal(component_get(c, FK_VERSION), "ABCDEFGHIJKLMNOPQR\\x7fS");
	assert_string_equal(component_get(c, FK_SERIAL), "ABCDEFGHIJKLMNOPQRS\\xffT");
	assert_string_equal(component_get(c, FK_MANUFACTURER), "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	t_import(x->f, inv, "x");
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts WHERE instr(document, "
				     "'ABCDEFGHIJKLMNOP\\\\x01QRS')"),
			 1);
	inventory_free(inv);
}

/* host "d1" with a DIMM and an NVMe drive; variant v changes one thing */
static struct inventory *drive_host(int v)
{
	struct inventory *inv = t_host("d1", "30000000-0000-4000-8000-000000000001", NULL);
	t_dimm(inv, "A1", "80ce", "80ce", "M393A4K40DB3-CWE", "2021-W14",
	       v == 1 ? "0000bbbb" : "0000aaaa");
	struct component *n = inventory_add(inv, KIND_NVME, "nvme/nvme0", "/sys/class/nvme/nvme0");
	component_set(inv, n, FK_MODEL, 0, "SAMSUNG MZQL23T8HCLS-00A07",
		      v == 3 ? "elsewhere" : "model");
	component_set(inv, n, FK_WWID, 0, v == 2 ? "eui.002538b000000002" : "eui.002538b000000001",
		      "wwid");
	component_set(inv, n, FK_IEEE_OUI, 0, "002538", "wwid");
	if (v == 4)
		inv->host.collected_at = "2025-02-01T00:00:00Z";
	return inv;
}

/* The snapshot digest sees every field but sources: a serial or a WWID the
 * part leaves out or cuts, not a field's source or when it was collected. */
static void test_digest_sees_instances(void **state)
{
	struct fx *x = *state;
	static const struct {
		int variant;
		enum fleet_outcome want;
	} steps[] = {{0, FLEET_NEW_HOST},  {1, FLEET_CHANGED}, {2, FLEET_CHANGED},
		     {2, FLEET_UNCHANGED}, {3, FLEET_CHANGED}, {4, FLEET_UNCHANGED}};
	/* 3: variant 0's WWID again (counts), a field's source moved; 4: only
	 * that source moved back and collected_at changed (neither counts) */
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		struct inventory *inv = drive_host(steps[i].variant);
		struct fleet_imported r = t_import(x->f, inv, "d1");
		if (r.outcome != steps[i].want)
			fail_msg("step %zu (variant %d): outcome %d, expected %d", i,
				 steps[i].variant, r.outcome, steps[i].want);
		inventory_free(inv);
	}
	/* one part for the drive whatever its WWID: the OUI is the part's */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM parts WHERE kind = 'nvme'"), 1);
}

/* A store of schema version 5, its snapshot_units keyed by (unit, snapshot),
 * opened by this chipscreen: the rows move to the table keyed by (snapshot,
 * unit), every one kept, and the index by unit (fleet-int.h) is made. */
static void test_snapshot_units_migrated(void **state)
{
	struct fx *x = *state;
	struct inventory *a = server("2024-W07"), *b = server("2024-W08");
	t_import(x->f, a, "a");
	t_import(x->f, b, "b"); /* a second snapshot: the Micron DIMM's week changed */
	inventory_free(a);
	inventory_free(b);
	struct store *st = fleet_store(x->f);
	const char *v4 =
		"DROP INDEX snapshot_units_unit;"
		"CREATE TABLE su4(unit INTEGER NOT NULL, snapshot INTEGER NOT NULL,"
		" count INTEGER NOT NULL, ids TEXT NOT NULL, PRIMARY KEY(unit, snapshot)) WITHOUT ROWID;"
		"INSERT INTO su4 SELECT unit, snapshot, count, ids FROM snapshot_units;"
		"DROP TABLE snapshot_units; ALTER TABLE su4 RENAME TO snapshot_units;"
		"UPDATE schema_versions SET version = 5 WHERE module = 'fleet'";
	assert_int_equal(sqlite3_exec(st->db, v4, NULL, NULL, NULL), SQLITE_OK);
	const char *rows = "SELECT group_concat(snapshot || ':' || unit || ':' || count || ':' || ids,"
			   " ' ') FROM (SELECT * FROM snapshot_units ORDER BY snapshot, unit)";
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(st->db, rows, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	char *before = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	/* the old layout: the rows by unit first */
	const char *stored = "SELECT group_concat(snapshot || ':' || unit || ':' || count || ':' ||"
			     " ids, ' ') FROM snapshot_units";
	assert_int_equal(sqlite3_prepare_v2(st->db, stored, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_not_equal((const char *)sqlite3_column_text(q, 0), before);
	sqlite3_finalize(q);
	fleet_close(x->f);
	x->f = t_fleet(x->dir);
	st = fleet_store(x->f);
	assert_int_equal(t_sql(x->f, "SELECT version FROM schema_versions WHERE module = 'fleet'"), 6);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
				     " AND name = 'snapshot_units_unit'"),
			 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshot_units"), 6);
	/* the same rows, stored by snapshot first */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(sqlite3_prepare_v2(st->db, i ? stored : rows, -1, &q, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(q, 0), before);
		sqlite3_finalize(q);
	}
	free(before);
	/* and imports go on into the new table */
	struct inventory *c = server("2024-W09");
	struct fleet_imported r = t_import(x->f, c, "c");
	inventory_free(c);
	assert_int_equal(r.outcome, FLEET_CHANGED);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM snapshot_units"), 9);
}

int main(void)
{
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_history, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_older_not_current, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_identity, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_parts_and_units, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_purchase_quantities, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_document, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_batch_savepoints, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_batch_other_writer, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_foreign_and_readonly, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_long_values_escaped, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_digest_sees_instances, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_units_migrated, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
