/*
 * test_cmd_import.c — `chipscreen import` end to end: every format it reads
 * (the real outputs in tests/fixtures/hw/ where they exist, documents written
 * here from the formats' specifications where they do not), how files
 * become hosts, labels, history, progress, and a batch holding files that
 * are corrupt or foreign: each rejected with its name and the reason, the
 * rest imported, exit status 2.
 */
#include "../store/fleet-test.h"

#include "cmd/cmd.h"

#include <stdlib.h>

struct fx {
	char *dir, *db;
};

static int fx_setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	x->dir = test_tmpdir();
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/store.db", x->dir);
	x->db = strbuf_detach(&p, NULL);
	*state = x;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;
	test_rmtree(x->dir);
	free(x->dir);
	free(x->db);
	free(x);
	return 0;
}

static long long q(struct fx *x, const char *sql)
{
	struct fleet *f = t_fleet(x->dir);
	long long v = t_sql(f, sql);
	fleet_close(f);
	return v;
}

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (!strstr((hay), (needle))) {                                                    \
			print_message("%s\n", (hay));                                              \
			fail_msg("the text above does not contain \"%s\"", (needle));              \
		}                                                                                  \
	} while (0)

static char *path(struct fx *x, const char *rel)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", x->dir, rel);
	return strbuf_detach(&p, NULL);
}

static void write_inventory(struct fx *x, const char *rel, struct inventory *inv)
{
	char *p = path(x, rel);
	char *slash = strrchr(p, '/');
	*slash = '\0';
	struct strbuf err = STRBUF_INIT;
	if (make_dirs(p, &err) < 0)
		fail_msg("%s", err.buf);
	*slash = '/';
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(inventory_write(inv, f), 0);
	fclose(f);
	free(p);
	strbuf_release(&err);
	inventory_free(inv);
}

static struct inventory *collected(const char *name, const char *uuid, const char *pn)
{
	struct inventory *inv = t_host(name, uuid, NULL);
	t_dimm(inv, "A1", "80ce", "80ce", pn, "2021-W14", "00000001");
	t_dimm(inv, "A2", "80ce", "80ce", pn, "2021-W14", "00000002");
	t_pci(inv, "0000:00:00.0", "8086", "09a2", "060400");
	return inv;
}

static void test_shared_tool_outputs(void **state)
{
	struct fx *x = *state;
	SKIP_WITHOUT_SHARED(dmi, "hw/dmidecode");
	char *dmidecode = strdup(dmi);
	SKIP_WITHOUT_SHARED(pci, "hw/lspci/glpi_linux-xps.txt");
	char *lspci = strdup(pci);
	SKIP_WITHOUT_SHARED(usb, "hw/lsusb/glpi_dell-xt2.txt");
	char *lsusb = strdup(usb);
	SKIP_WITHOUT_SHARED(smart, "hw/smartctl");
	char *smartctl = strdup(smart);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* five dmidecode outputs in one directory: five machines, by SMBIOS UUID */
	int rc = run_cmd(&out, &err, "import", "-v", "--db", x->db, dmidecode, NULL);
	assert_int_equal(rc, 0);
	assert_contains(out.buf,
			"new       glpi_dell-r620 (uuid:4c4c4544-0046-4810-8057-b3c04f385a31)"
			": 22 components, 7 distinct parts");
	assert_contains(err.buf, "5 files into");
	assert_contains(err.buf, "5 new hosts, 0 changed, 0 unchanged");
	/* 16 DIMMs of one SK hynix part in the R620: one part, one unit */
	assert_int_equal(q(x, "SELECT count(*) FROM parts WHERE kind = 'dimm' AND"
			      " instr(document, '\"HMT42GR7AFR4A-PB\"')"),
			 1);
	/* lspci and lsusb named together: one machine, named with --host */
	rc = run_cmd(&out, &err, "import", "-v", "--db", x->db, "--host", "xps13", lspci, lsusb,
		     NULL);
	assert_int_equal(rc, 0);
	assert_contains(out.buf, "new       xps13 (name:xps13): 35 components");
	/* smartctl -x outputs of a directory: one machine named after it */
	rc = run_cmd(&out, &err, "import", "-v", "--db", x->db, smartctl, NULL);
	assert_int_equal(rc, 0);
	assert_contains(out.buf, "new       smartctl (name:smartctl): 3 components");
	assert_int_equal(q(x, "SELECT count(*) FROM hosts"), 7);
	/* the same again: nothing new is stored */
	rc = run_cmd(&out, &err, "import", "--db", x->db, dmidecode, NULL);
	assert_int_equal(rc, 0);
	assert_contains(err.buf, "0 new hosts, 0 changed, 5 unchanged");
	assert_int_equal(q(x, "SELECT count(*) FROM snapshots"), 7);
	strbuf_release(&out);
	strbuf_release(&err);
	free(dmidecode);
	free(lspci);
	free(lsusb);
	free(smartctl);
}

static const char smart_json[] =
	"{\"json_format_version\": [1, 0],\n"
	" \"smartctl\": {\"version\": [7, 3], \"argv\": [\"smartctl\", \"-j\", \"-x\", "
	"\"/dev/nvme0\"], \"exit_status\": 0},\n"
	" \"device\": {\"name\": \"/dev/nvme0\", \"type\": \"nvme\", \"protocol\": \"NVMe\"},\n"
	" \"model_name\": \"CT1000P1SSD8\", \"serial_number\": \"1915E1F2A3B4\",\n"
	" \"firmware_version\": \"P3CR013\",\n"
	" \"nvme_pci_vendor\": {\"id\": 49321, \"subsystem_id\": 49321},\n"
	" \"nvme_ieee_oui_identifier\": 41077,\n"
	" \"user_capacity\": {\"blocks\": 1953525168, \"bytes\": 1000204886016}}\n";

static const char bom[] =
	"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1,\n"
	" \"metadata\": {\"timestamp\": \"2024-05-01T10:00:00Z\",\n"
	"  \"component\": {\"type\": \"device\", \"name\": \"PowerEdge R650\",\n"
	"   \"manufacturer\": {\"name\": \"Dell Inc.\"},\n"
	"   \"properties\": [{\"name\": \"chipscreen:host:hostname\", \"value\": \"bomhost\"},\n"
	"                  {\"name\": \"chipscreen:host:serial\", \"value\": \"7XK2QW3\"}]}},\n"
	" \"components\": [\n"
	"  {\"type\": \"device\", \"manufacturer\": {\"name\": \"Micron Technology\"},\n"
	"   \"name\": \"MTA36ASF8G72PZ-3G2E1\", \"description\": \"64GB DDR4-3200 RDIMM\"},\n"
	"  {\"type\": \"device\", \"manufacturer\": {\"name\": \"Intel\"}, \"name\": "
	"\"X710-DA2\"}]}\n";

static const char po[] = "PO Number,Vendor,Mfr,MPN,Qty,Order Date,Site\n"
			 "PO-1,Acme Dist,Micron,MTA36ASF8G72PZ-3G2E1,4,2024-02-14,Berlin\n"
			 "PO-1,Acme Dist,Kingston,KSM32RD8/16HDR,\"1,200\",2024-02-14,Berlin\n"
			 "PO-2,Foo,Samsung,M393A8G40MB2-CVF,2,2024-04-03,Paris\n";

static const char register_csv[] = "Asset;Article;Maker;Pieces\n"
				   "A-1;HMA84GR7DJR4N-XN;SK hynix;10\n"
				   "A-2;MZQL23T8HCLS-00A07;Samsung;3\n";

static void test_generated_formats(void **state)
{
	struct fx *x = *state;
	test_write_str(x->dir, "in/smart-nvme0.json", smart_json);
	test_write_str(x->dir, "in/server.cdx.json", bom);
	test_write_str(x->dir, "in/po.csv", po);
	test_write_str(x->dir, "reg/register.csv", register_csv);
	write_inventory(
		x, "in/db1.json",
		collected("db1", "30000000-0000-4000-8000-000000000001", "M393A4K40DB3-CWE"));
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *in = path(x, "in"), *reg = path(x, "reg/register.csv");
	int rc = run_cmd(&out, &err, "import", "-v", "--db", x->db, in, NULL);
	if (rc)
		fail_msg("%s", err.buf);
	/* the collect file and the BOM are a host each, the PO one per site;
	 * the smartctl JSON, alone in the directory, is a machine named after it */
	assert_contains(out.buf, "new       db1 (uuid:30000000-0000-4000-8000-000000000001): 3 "
				 "components, 2 distinct parts");
	assert_contains(out.buf, "new       bomhost (serial:7XK2QW3): 2 components");
	assert_contains(out.buf,
			"new       po.csv @ Berlin (records:po.csv@Berlin): 1204 components");
	assert_contains(out.buf, "new       po.csv @ Paris (records:po.csv@Paris): 2 components");
	assert_contains(out.buf, "new       in (name:in): 1 components");
	assert_int_equal(q(x, "SELECT count(*) FROM hosts WHERE kind = 'records' AND site IN "
			      "('Berlin', 'Paris')"),
			 2);
	/* an asset register with its own column names, mapped */
	rc = run_cmd(&out, &err, "import", "-v", "--db", x->db, "--map", "part_number=Article",
		     "--map", "manufacturer=Maker", "--map", "quantity=Pieces", "--site", "Oslo",
		     reg, NULL);
	if (rc)
		fail_msg("%s", err.buf);
	assert_contains(out.buf, "(records:register.csv): 13 components, 2 distinct parts");
	assert_int_equal(q(x, "SELECT count(*) FROM hosts WHERE key = 'records:register.csv' AND "
			      "site = 'Oslo'"),
			 1);
	strbuf_release(&out);
	strbuf_release(&err);
	free(in);
	free(reg);
}

static void test_bad_files_in_batch(void **state)
{
	struct fx *x = *state;
	write_inventory(x, "batch/a.json",
			collected("a", "30000000-0000-4000-8000-00000000000a", "M393A4K40DB3-CWE"));
	write_inventory(x, "batch/c.json",
			collected("c", "30000000-0000-4000-8000-00000000000c", "M393A4K40DB3-CWE"));
	/* a collect file cut short, one with a wrong type, binary data, text of no
	 * known format, an empty file, a newer schema */
	test_write_str(x->dir, "batch/b-cut.json",
		       "{\"schema\": \"chipscreen-inventory/1\", \"host\": {\"hostname\": \"b\"}, "
		       "\"components\": [{\"id\": \"dimm/A1\", \"kind\": \"dimm\", \"raw\": {");
	test_write_str(x->dir, "batch/b-type.json",
		       "{\"schema\": \"chipscreen-inventory/1\", \"components\": {}}");
	test_write(x->dir, "batch/blob.bin",
		   "\x7f"
		   "ELF\x02\x01\x01\x00\x00\x00",
		   10);
	test_write_str(x->dir, "batch/notes.txt", "Shopping list: milk, eggs.\n");
	test_write_str(x->dir, "batch/empty.txt", "");
	test_write_str(x->dir, "batch/future.json",
		       "{\"schema\": \"chipscreen-inventory/9\", \"components\": []}");
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *dir = path(x, "batch");
	int rc = run_cmd(&out, &err, "import", "--db", x->db, dir, NULL);
	assert_int_equal(rc, EXIT_ERROR);
	assert_contains(err.buf, "b-cut.json: not valid JSON (near line 1, byte");
	assert_contains(err.buf, "b-type.json: components: expected an array");
	assert_contains(err.buf, "blob.bin: binary data (NUL byte at offset 7), not text");
	assert_contains(err.buf, "notes.txt: not a format chipscreen recognises");
	assert_contains(err.buf, "empty.txt: empty file");
	assert_contains(err.buf,
			"future.json: schema: version \"chipscreen-inventory/9\" is newer than "
			"this chipscreen reads");
	assert_contains(err.buf, "8 files into");
	assert_contains(err.buf, "2 new hosts, 0 changed, 0 unchanged (6 components); 6 rejected");
	/* the good ones are in, whole */
	assert_int_equal(q(x, "SELECT count(*) FROM hosts"), 2);
	assert_int_equal(q(x, "SELECT count(*) FROM snapshots"), 2);
	strbuf_release(&out);
	strbuf_release(&err);
	free(dir);
}

static void test_history_and_labels(void **state)
{
	struct fx *x = *state;
	write_inventory(x, "h/a.json",
			collected("a", "30000000-0000-4000-8000-00000000001a", "M393A4K40DB3-CWE"));
	write_inventory(x, "h/b.json",
			collected("b", "30000000-0000-4000-8000-00000000001b", "M393A4K40DB3-CWE"));
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *dir = path(x, "h");
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x->db, "--site", "Leeds", "--tag",
				 "prod", "--tag", "db", dir, NULL),
			 0);
	assert_contains(err.buf, "2 new hosts, 0 changed, 0 unchanged");
	assert_int_equal(q(x, "SELECT count(*) FROM hosts WHERE site = 'Leeds'"), 2);
	assert_int_equal(q(x, "SELECT count(*) FROM host_tags WHERE tag IN ('prod', 'db')"), 4);
	/* b gets other memory: changed; a is as it was: not stored twice */
	write_inventory(x, "h/b.json",
			collected("b", "30000000-0000-4000-8000-00000000001b", "M393A2K43DB3-CWE"));
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x->db, dir, NULL), 0);
	assert_contains(err.buf, "0 new hosts, 1 changed, 1 unchanged");
	assert_int_equal(q(x, "SELECT count(*) FROM snapshots"), 3);
	/* --host names one host */
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x->db, "--host", "x", dir, NULL),
			 EXIT_ERROR);
	assert_contains(err.buf, "--host names one host, but the input holds 2");
	strbuf_release(&out);
	strbuf_release(&err);
	free(dir);
}

/* Hosts met again within one import (one transaction) are the same hosts:
 * by UUID in another case, a host first known only by its name, and that
 * host renamed. */
static void test_same_host_in_one_import(void **state)
{
	struct fx *x = *state;
	write_inventory(
		x, "same/1.json",
		collected("srv-x", "4c4c4544-0000-4000-8000-00000000000a", "M393A4K40DB3-CWE"));
	write_inventory(
		x, "same/2.json",
		collected("srv-x", "4C4C4544-0000-4000-8000-00000000000A", "M393A2K43DB3-CWE"));
	write_inventory(x, "same/3.json", collected("srv-y", NULL, "M393A4K40DB3-CWE"));
	write_inventory(
		x, "same/4.json",
		collected("srv-y", "4c4c4544-0000-4000-8000-00000000000b", "M393A2K43DB3-CWE"));
	/* renamed: known by the UUID the host got from 4.json (its key is still its name) */
	write_inventory(
		x, "same/5.json",
		collected("srv-z", "4c4c4544-0000-4000-8000-00000000000b", "M393A4K40DB3-CWE"));
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *dir = path(x, "same");
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x->db, dir, NULL), 0);
	assert_contains(err.buf, "5 files into");
	assert_contains(err.buf, "2 new hosts, 3 changed, 0 unchanged");
	/* and once more: the same two hosts, each file a change from the one before */
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x->db, dir, NULL), 0);
	assert_contains(err.buf, "0 new hosts, 5 changed, 0 unchanged");
	strbuf_release(&out);
	strbuf_release(&err);
	free(dir);
}

/* A directory walked: its files, then its subdirectories; links to files
 * taken, links to directories and hidden files not; the store itself and its
 * -wal and -shm files, kept in the directory imported, never read as inputs
 * (known by inode, through a link too). */
static void test_walk(void **state)
{
	struct fx *x = *state;
	write_inventory(x, "w/a.json",
			collected("a", "30000000-0000-4000-8000-0000000000a1", "M393A4K40DB3-CWE"));
	write_inventory(x, "w/sub/c.json",
			collected("c", "30000000-0000-4000-8000-0000000000c1", "M393A4K40DB3-CWE"));
	write_inventory(x, "outside/b.json",
			collected("b", "30000000-0000-4000-8000-0000000000b1", "M393A4K40DB3-CWE"));
	write_inventory(x, "w/.hidden.json",
			collected("h", "30000000-0000-4000-8000-0000000000d1", "M393A4K40DB3-CWE"));
	char *w = path(x, "w"), *db = path(x, "w/store.db"), *b = path(x, "outside/b.json"),
	     *out_dir = path(x, "outside"), *l1 = path(x, "w/link.json"),
	     *l2 = path(x, "w/linkdir"), *l3 = path(x, "w/store-link");
	assert_int_equal(symlink(b, l1), 0);
	assert_int_equal(symlink(out_dir, l2), 0);
	assert_int_equal(symlink(db, l3), 0);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	/* twice: the second time, the store, its log and its index exist */
	for (int run = 0; run < 2; run++) {
		strbuf_reset(&out);
		strbuf_reset(&err);
		int rc = run_cmd(&out, &err, "import", "--db", db, w, NULL);
		if (rc != EXIT_CLEAR)
			fail_msg("%s", err.buf);
		assert_contains(err.buf, "3 files into");
		assert_contains(err.buf, run ? "0 new hosts, 0 changed, 3 unchanged"
					     : "3 new hosts, 0 changed, 0 unchanged");
	}
	struct fleet *f = NULL;
	struct strbuf e = STRBUF_INIT;
	assert_int_equal(fleet_open(&f, db, true, &e), 0);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM hosts"), 3);
	assert_int_equal(t_sql(f, "SELECT count(*) FROM hosts WHERE name IN ('a', 'b', 'c')"), 3);
	/* files first, then the subdirectory's */
	assert_int_equal(t_sql(f, "SELECT id FROM hosts WHERE name = 'c'"), 3);
	fleet_close(f);
	strbuf_release(&e);
	strbuf_release(&out);
	strbuf_release(&err);
	free(w);
	free(db);
	free(b);
	free(out_dir);
	free(l1);
	free(l2);
	free(l3);
}

static void test_progress_and_usage(void **state)
{
	struct fx *x = *state;
	for (int i = 0; i < 3; i++) {
		char rel[32], uuid[64];
		snprintf(rel, sizeof rel, "p/h%d.json", i);
		snprintf(uuid, sizeof uuid, "30000000-0000-4000-8000-0000000001%02d", i);
		write_inventory(x, rel, collected(rel, uuid, "M393A4K40DB3-CWE"));
	}
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *dir = path(x, "p");
	/* not a terminal: plain periodic lines (every 0 s here) */
	setenv("CHIPSCREEN_PROGRESS_INTERVAL", "0", 1);
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x->db, dir, NULL), 0);
	unsetenv("CHIPSCREEN_PROGRESS_INTERVAL");
	assert_contains(err.buf, "chipscreen import: 1/3 files (");
	assert_contains(err.buf, "chipscreen import: 3/3 files (0 s), done");
	/* quiet: nothing at all */
	assert_int_equal(run_cmd(&out, &err, "import", "-q", "--db", x->db, dir, NULL), 0);
	assert_string_equal(err.buf, "");
	assert_int_equal(run_cmd(&out, &err, "import", "--db", x->db, NULL), EXIT_ERROR);
	assert_contains(err.buf, "name the files or directories to import");
	assert_int_equal(run_cmd(&out, &err, "import", "--format", "xml", dir, NULL), EXIT_ERROR);
	assert_contains(err.buf, "--format xml: expected one of inventory-json, dmidecode");
	assert_int_equal(run_cmd(&out, &err, "import", "--map", "qty=B", dir, NULL), EXIT_ERROR);
	assert_contains(err.buf, "unknown field \"qty\"");
	for (int i = 0; i < 3; i++) {
		static const char *const bad[] = {"0", "-5", "ten"};
		assert_int_equal(run_cmd(&out, &err, "import", "--commit-every", bad[i], dir, NULL),
				 EXIT_ERROR);
		assert_contains(err.buf, "expected a number of hosts, 1 or more");
	}
	assert_int_equal(run_cmd(&out, NULL, "import", "--help", NULL), 0);
	assert_contains(out.buf, "usage: chipscreen import");
	strbuf_release(&out);
	strbuf_release(&err);
	free(dir);
}

/*
 * A capture (`chipscreen capture -o DIR` or `-o FILE.tar.gz`) is one
 * machine, read as `collect --root` reads it.  A capture directory was
 * walked as files: its eight SPD EEPROMs became eight hosts named after
 * their I2C addresses and its sysfs attributes were rejected one by one; an
 * archive was refused as binary data.  Given on the command line or found
 * in a directory, both are now the example server, once; `scan CAPTURE`
 * reads it as `scan --root CAPTURE` does.
 */
static void test_capture_is_one_machine(void **state)
{
	struct fx *x = *state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *dir = path(x, "caps/db1"), *tgz = path(x, "caps/db2.tar.gz"), *caps = path(x, "caps");
	assert_int_equal(run_cmd(&out, &err, "capture", "-q", "--root", src_path("examples/server"),
				 "-o", dir, NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "capture", "-q", "--root", src_path("examples/server"),
				 "-o", tgz, NULL),
			 0);
	int rc = run_cmd(&out, &err, "import", "-v", "--db", x->db, dir, tgz, NULL);
	assert_int_equal(rc, 0);
	assert_contains(out.buf, "new       example-db01 (uuid:4578616d-706c-6553-7973-"
				 "000000000042): 30 components, 23 distinct parts  ");
	assert_contains(err.buf, "2 files into");
	assert_contains(err.buf, "1 new host, 1 changed, 0 unchanged (60 components)");
	assert_int_equal(q(x, "SELECT count(*) FROM hosts"), 1);
	assert_int_equal(q(x, "SELECT count(*) FROM hosts WHERE name = 'example-db01'"), 1);
	/* found in a directory: the same, each capture once, nothing rejected */
	rc = run_cmd(&out, &err, "import", "--db", x->db, caps, NULL);
	assert_int_equal(rc, 0);
	assert_contains(err.buf, "2 files into");
	assert_int_equal(q(x, "SELECT count(*) FROM hosts"), 1);
	assert_int_equal(q(x, "SELECT count(*) FROM hosts WHERE name LIKE '0-00%'"), 0);
	/* scan of one capture given as a file: the machine, as --root reads it */
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", tgz, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_contains(out.buf, "host      example-db01 (Example Systems ES-2200 R2)\n");
	rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", dir, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_contains(out.buf, "host      example-db01 (Example Systems ES-2200 R2)\n");
	free(dir);
	free(tgz);
	free(caps);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shared_tool_outputs, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_generated_formats, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_files_in_batch, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_history_and_labels, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_same_host_in_one_import, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_walk, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_capture_is_one_machine, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_progress_and_usage, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
