/*
 * test_example.c — the example capture the project ships (examples/server).
 *
 * The committed capture must be exactly what the generator and `chipscreen
 * capture` make of the example server today (tests/support/fx_example.c),
 * so it cannot drift from them: files by content, symbolic links by target.
 * Directories are compared only through what they hold, since git keeps no
 * empty directory (an SPD driver's directory is empty in a capture: only
 * the link to it is read).  With CHIPSCREEN_WRITE_EXAMPLE=1 the first test
 * rewrites examples/server instead.
 *
 * Then the committed capture is replayed through the commands a user runs
 * (collect, capture to .tar.gz, scan), and the inventory is checked against
 * the machine as described in examples/README.md.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "fx_example.h"
#include "inventory-json.h"
#include "util/fileio.h"

#include <cjson/cJSON.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the committed capture against a fresh one ---- */

struct entry {
	char *path;         /* relative to the tree */
	char type;          /* 'f' file, 'l' link */
	struct strbuf data; /* contents, or the link's target */
};

struct tree {
	const char *base;
	struct entry *v;
	size_t n, cap;
	int errors;
};

static struct tree *walking; /* nftw passes no argument */

static int take(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DP)
		return 0;
	struct tree *t = walking;
	if (flag != FTW_F && flag != FTW_SL && flag != FTW_SLN) {
		print_message("%s: cannot be read\n", path);
		t->errors++;
		return 0;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->v = realloc(t->v, t->cap * sizeof *t->v);
		assert_non_null(t->v);
	}
	struct entry *e = &t->v[t->n++];
	e->path = strdup(path + strlen(t->base) + 1);
	strbuf_init(&e->data, 0);
	struct strbuf err = STRBUF_INIT;
	if (S_ISLNK(st->st_mode)) {
		char buf[PATH_MAX];
		ssize_t k = readlink(path, buf, sizeof buf - 1);
		assert_true(k >= 0);
		e->type = 'l';
		strbuf_add(&e->data, buf, (size_t)k);
	} else if (S_ISREG(st->st_mode)) {
		e->type = 'f';
		if (st->st_mode & 0444) {
			if (read_file(path, 64u << 20, &e->data, &err) < 0)
				fail_msg("%s", err.buf);
		} else {
			e->type = '0'; /* kept without permissions: unreadable as captured */
		}
	} else {
		print_message("%s: neither a file nor a link\n", path);
		t->errors++;
	}
	strbuf_release(&err);
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

static void read_tree(const char *base, struct tree *t)
{
	memset(t, 0, sizeof *t);
	t->base = base;
	walking = t;
	if (nftw(base, take, 16, FTW_PHYS) != 0)
		fail_msg("%s: cannot walk the tree", base);
	walking = NULL;
	qsort(t->v, t->n, sizeof *t->v, by_path);
}

static void free_tree(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].path);
		strbuf_release(&t->v[i].data);
	}
	free(t->v);
}

/* Print every difference; return how many. */
static int diff_trees(const struct tree *want, const struct tree *have)
{
	size_t i = 0, j = 0;
	int ndiff = 0;
	while (i < want->n || j < have->n) {
		int c = i == want->n   ? 1
			: j == have->n ? -1
				       : strcmp(want->v[i].path, have->v[j].path);
		if (c < 0) {
			print_message("  missing from the committed capture: %s\n",
				      want->v[i].path);
			i++;
		} else if (c > 0) {
			print_message("  not made by the generator: %s\n", have->v[j].path);
			j++;
		} else {
			const struct entry *a = &want->v[i++], *b = &have->v[j++];
			if (a->type == b->type && a->data.len == b->data.len &&
			    !memcmp(a->data.buf, b->data.buf, a->data.len))
				continue;
			if (a->type == 'l' || b->type == 'l')
				print_message("  %s: link to \"%s\", committed \"%s\"\n", a->path,
					      a->type == 'l' ? a->data.buf : "(a file)",
					      b->type == 'l' ? b->data.buf : "(a file)");
			else
				print_message("  %s: differs (%zu bytes made, %zu committed)\n",
					      a->path, a->data.len, b->data.len);
		}
		ndiff++;
	}
	return ndiff;
}

static bool writing(void)
{
	const char *w = getenv("CHIPSCREEN_WRITE_EXAMPLE");
	return w && !strcmp(w, "1");
}

static void test_committed_capture_is_generated(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	const char *committed = src_path(FX_EXAMPLE_DIR);
	char *dir = strdup(committed);
	if (writing()) {
		test_rmtree(dir);
		if (fx_example_capture(dir, &err) < 0)
			fail_msg("%s", err.buf);
		print_message("wrote %s\n", dir);
	}
	if (!is_dir(dir))
		fail_msg("%s is missing: make it with CHIPSCREEN_WRITE_EXAMPLE=1 %s", dir,
			 "build/tests/test_example");
	char *tmp = test_tmpdir();
	struct strbuf fresh = STRBUF_INIT;
	strbuf_addf(&fresh, "%s/server", tmp);
	if (fx_example_capture(fresh.buf, &err) < 0)
		fail_msg("%s", err.buf);
	struct tree want, have;
	read_tree(fresh.buf, &want);
	read_tree(dir, &have);
	assert_int_equal(want.errors, 0);
	assert_int_equal(have.errors, 0);
	/* the capture holds something of every kind collect reads */
	assert_true(want.n > 100);
	int nd = diff_trees(&want, &have);
	if (nd)
		fail_msg("%s differs from what tests/support/fx_example.c makes (%d "
			 "differences); if the change is intended, rewrite it with "
			 "CHIPSCREEN_WRITE_EXAMPLE=1 build/tests/test_example",
			 FX_EXAMPLE_DIR, nd);
	free_tree(&want);
	free_tree(&have);
	test_rmtree(tmp);
	free(tmp);
	free(dir);
	strbuf_release(&fresh);
	strbuf_release(&err);
}

/* ---- replaying it ---- */

static struct inventory *collect(const char *root, struct strbuf *json)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, e = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "collect", "--root", root, NULL);
	if (rc != 0)
		fail_msg("collect --root %s: exit %d: %s", root, rc, err.buf);
	/* collect prints each warning on standard error: there must be none */
	if (err.len)
		fail_msg("collect --root %s said: %s", root, err.buf);
	cJSON *doc = cJSON_Parse(out.buf);
	assert_non_null(doc);
	struct inventory *inv = inventory_new();
	if (inventory_from_json(doc, inv, &e) < 0)
		fail_msg("collect --root %s: %s", root, e.buf);
	if (json) {
		/* what differs between runs by design: when and from where */
		cJSON *h = cJSON_GetObjectItemCaseSensitive(doc, "host");
		cJSON_DeleteItemFromObjectCaseSensitive(h, "collected_at");
		cJSON_DeleteItemFromObjectCaseSensitive(h, "root");
		char *s = cJSON_Print(doc);
		strbuf_reset(json);
		strbuf_addstr(json, s);
		cJSON_free(s);
	}
	cJSON_Delete(doc);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&e);
	return inv;
}

static const char *get(struct inventory *inv, const char *id, enum fkey key, bool raw)
{
	struct component *c = inventory_find(inv, id);
	if (!c)
		fail_msg("no component %s", id);
	const struct field *f = component_field(c, key, raw);
	if (!f)
		fail_msg("%s: no %s%s", id, raw ? "raw " : "", field_key_name(key));
	if (f->flags & FIELD_UNTRUSTED)
		fail_msg("%s: %s is marked untrusted", id, field_key_name(key));
	return f->value;
}

static size_t count_kind(const struct inventory *inv, enum kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < inv->ncomps; i++)
		n += inv->comps[i].kind == k;
	return n;
}

/* What examples/README.md says the machine holds. */
static const struct {
	const char *slot, *part, *serial, *module, *dram, *date, *date_raw;
} dimms[] = {
	{"CPU1_DIMM_A1", "MTA36ASF4G72PZ-3G2E1", "0EBB0001", "802C", "802C", "2019-W18", "1918"},
	{"CPU1_DIMM_B1", "KSM32RD4/32MRR", "0EAA0001", "0198", "802C", "2024-W09", "2409"},
	{"CPU1_DIMM_D1", "MTA36ASF4G72PZ-3G2E1", "0EBB0002", "802C", "802C", "2019-W18", "1918"},
	{"CPU1_DIMM_E1", "KSM32RD4/32MRR", "0EAA0002", "0198", "802C", "2024-W09", "2409"},
	{"CPU2_DIMM_A1", "MTA36ASF4G72PZ-3G2E1", "0EBB0003", "802C", "802C", "2019-W21", "1921"},
	{"CPU2_DIMM_B1", "KSM32RD4/32MRR", "0EAA0003", "0198", "802C", "2024-W11", "2411"},
	{"CPU2_DIMM_D1", "MTA36ASF4G72PZ-3G2E1", "0EBB0004", "802C", "802C", "2019-W21", "1921"},
	{"CPU2_DIMM_E1", "KSM32RD4/32MRR", "0EAA0004", "0198", "802C", "2024-W11", "2411"},
};

static void check_dimms(struct inventory *inv)
{
	assert_int_equal(count_kind(inv, KIND_DIMM), 8);
	char id[64];
	for (size_t i = 0; i < sizeof dimms / sizeof dimms[0]; i++) {
		snprintf(id, sizeof id, "dimm/%s", dimms[i].slot);
		/* one component per module: SMBIOS and SPD joined by serial */
		assert_string_equal(get(inv, id, FK_PART_NUMBER, false), dimms[i].part);
		assert_string_equal(get(inv, id, FK_SERIAL, false), dimms[i].serial);
		assert_string_equal(get(inv, id, FK_JEDEC_MODULE, true), dimms[i].module);
		assert_string_equal(get(inv, id, FK_JEDEC_DRAM, true), dimms[i].dram);
		assert_string_equal(get(inv, id, FK_JEDEC_REGISTER, true), "80B3");
		assert_string_equal(get(inv, id, FK_MANUFACTURE_DATE, false), dimms[i].date);
		assert_string_equal(get(inv, id, FK_MANUFACTURE_DATE, true), dimms[i].date_raw);
		assert_string_equal(get(inv, id, FK_SPD_CRC, false), "ok");
		assert_string_equal(get(inv, id, FK_SIZE_BYTES, false), "34359738368");
		assert_string_equal(get(inv, id, FK_MEMORY_TYPE, false), "DDR4");
		assert_string_equal(get(inv, id, FK_RANKS, false), "2");
		assert_string_equal(get(inv, id, FK_MANUFACTURER, false),
				    dimms[i].module[0] == '8' ? "Micron Technology" : "Kingston");
		/* the SPD image and the SMBIOS entry agree: nothing kept aside */
		struct component *c = inventory_find(inv, id);
		for (size_t f = 0; f < c->nfields; f++)
			if (c->fields[f].key == FK_EXTRA &&
			    !strncmp(c->fields[f].name, "smbios.", 7))
				fail_msg("%s: SMBIOS and SPD disagree on %s", id,
					 c->fields[f].name + 7);
	}
}

static void check_inventory(struct inventory *inv)
{
	for (size_t i = 0; i < inv->nwarnings; i++)
		print_message("warning: %s: %s\n", inv->warnings[i].path, inv->warnings[i].reason);
	for (size_t i = 0; i < inv->nunread; i++)
		print_message("unread: %s: %s\n", inv->unread[i].path, inv->unread[i].reason);
	assert_int_equal(inv->nwarnings, 0);
	assert_int_equal(inv->nunread, 0);
	assert_string_equal(inv->host.hostname, "example-db01");
	assert_string_equal(inv->host.vendor, "Example Systems");
	assert_string_equal(inv->host.product, "ES-2200 R2");
	assert_string_equal(inv->host.serial, "EXS2U0000042");
	assert_string_equal(inv->host.uuid, "4578616d-706c-6553-7973-000000000042");
	assert_string_equal(inv->host.smbios_version, "3.3.0");
	assert_int_equal(inv->ncomps, 31);
	assert_int_equal(count_kind(inv, KIND_CPU), 2);
	assert_string_equal(get(inv, "chassis", FK_FORM_FACTOR, false), "Rack Mount Chassis");
	check_dimms(inv);

	/* the ZhiTai SSD: YMTC's PCI vendor id and OUI */
	assert_int_equal(count_kind(inv, KIND_NVME), 1);
	assert_string_equal(get(inv, "nvme/nvme0", FK_PCI_VENDOR, false), "1e49");
	assert_string_equal(get(inv, "nvme/nvme0", FK_PCI_DEVICE, false), "0071");
	assert_string_equal(get(inv, "nvme/nvme0", FK_MODEL, false), "ZHITAI TiPlus7100 1TB");
	assert_string_equal(get(inv, "nvme/nvme0", FK_SERIAL, false), "ZTA21T0KA000000042");
	assert_string_equal(get(inv, "nvme/nvme0", FK_FIRMWARE, false), "ZTA09139");
	assert_string_equal(get(inv, "nvme/nvme0", FK_EUI64, false), "a428b70000000042");
	assert_string_equal(get(inv, "nvme/nvme0", FK_IEEE_OUI, false), "a428b7");

	/* the Huawei Hi1822 SP582: two Ethernet functions */
	static const char *const nic[] = {"pci/0000:5e:00.0", "pci/0000:5e:00.1"};
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(get(inv, nic[i], FK_PCI_VENDOR, false), "19e5");
		assert_string_equal(get(inv, nic[i], FK_PCI_VENDOR, true), "0x19e5");
		assert_string_equal(get(inv, nic[i], FK_PCI_DEVICE, false), "0206");
		assert_string_equal(get(inv, nic[i], FK_PCI_SUBVENDOR, false), "19e5");
		assert_string_equal(get(inv, nic[i], FK_PCI_SUBDEVICE, false), "d138");
		assert_string_equal(get(inv, nic[i], FK_PCI_CLASS, false), "020000");
	}
	assert_int_equal(count_kind(inv, KIND_PCI), 14);

	/* the neutral parts */
	assert_string_equal(get(inv, "disk/sda", FK_MODEL, false), "SAMSUNG MZ7LH240");
	assert_string_equal(get(inv, "disk/sda", FK_IEEE_OUI, false), "002538");
	assert_string_equal(get(inv, "disk/sda", FK_TRANSPORT, false), "sata");
	assert_string_equal(get(inv, "usb/1-3", FK_USB_VENDOR, false), "046d");
	assert_string_equal(get(inv, "usb/1-3", FK_USB_PRODUCT, false), "c31c");
}

static void test_collect_replays_the_machine(void **state)
{
	(void)state;
	struct inventory *inv = collect(src_path(FX_EXAMPLE_DIR), NULL);
	check_inventory(inv);
	inventory_free(inv);
}

static void test_archive_replays_the_same(void **state)
{
	(void)state;
	char *root = strdup(src_path(FX_EXAMPLE_DIR));
	char *tmp = test_tmpdir();
	struct strbuf tgz = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&tgz, "%s/example.tar.gz", tmp);
	int rc = run_cmd(&out, &err, "capture", "--root", root, "-o", tgz.buf, NULL);
	if (rc != 0)
		fail_msg("capture: exit %d: %s", rc, err.buf);
	assert_non_null(strstr(err.buf, "captured 123 files, 34 links"));

	struct strbuf from_dir = STRBUF_INIT, from_tgz = STRBUF_INIT;
	struct inventory *a = collect(root, &from_dir);
	struct inventory *b = collect(tgz.buf, &from_tgz);
	check_inventory(b);
	if (strcmp(from_dir.buf, from_tgz.buf)) {
		print_message("from %s:\n%s\nfrom %s:\n%s\n", root, from_dir.buf, tgz.buf,
			      from_tgz.buf);
		fail_msg("the archive replays differently from the directory");
	}
	inventory_free(a);
	inventory_free(b);
	test_rmtree(tmp);
	free(tmp);
	free(root);
	strbuf_release(&tgz);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&from_dir);
	strbuf_release(&from_tgz);
}

/* The example is a valid scan input: with a profile bound by a rule that
 * names Micron there are findings at REVIEW or above (exit 1), whatever
 * identification makes of the modules; the exposure view binds nobody. */
static void test_scan_takes_it(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_CONFIG", "", 1);
	char *root = strdup(src_path(FX_EXAMPLE_DIR));
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--root", root, "--profile", "cn-cii", NULL);
	if (rc != 1)
		fail_msg("scan --profile cn-cii: exit %d, want 1: %s", rc, err.buf);
	assert_non_null(strstr(out.buf, "example-db01"));
	assert_non_null(strstr(out.buf, "dimm/CPU2_DIMM_E1"));
	assert_non_null(strstr(out.buf, "cn-cac-micron-2023"));
	rc = run_cmd(&out, &err, "scan", "--root", root, "--profile", "none", NULL);
	if (rc != 0)
		fail_msg("scan --profile none: exit %d, want 0: %s", rc, err.buf);
	free(root);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* first: with CHIPSCREEN_WRITE_EXAMPLE=1 it rewrites what the others read */
		cmocka_unit_test(test_committed_capture_is_generated),
		cmocka_unit_test(test_collect_replays_the_machine),
		cmocka_unit_test(test_archive_replays_the_same),
		cmocka_unit_test(test_scan_takes_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
