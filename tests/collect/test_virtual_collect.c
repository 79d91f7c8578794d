/*
 * test_virtual_collect.c — a virtual machine's memory, read live (collect,
 * scan --root), is the hypervisor's, as it is when the same machine's
 * dmidecode text is imported (tests/identify/test_virtual_host.c): one
 * implementation, inventory_bare_dimms().
 *
 * The SMBIOS tables are built from DSP0134's layouts (tests/support/
 * fx_smbios.c) with the strings each hypervisor's firmware writes:
 *   - QEMU (hw/smbios/smbios.c): type 1 "QEMU" / "Standard PC (Q35 + ICH9,
 *     2009)", type 17 "DIMM 0" with manufacturer "QEMU" and no serial or
 *     part number (string index 0);
 *   - VMware (older virtual hardware): type 1 "VMware, Inc." / "VMware
 *     Virtual Platform", type 17 "RAM slot #0" naming nothing;
 *   - Xen (tools/firmware/hvmloader/smbios.c): type 1 "Xen" / "HVM domU",
 *     type 17 "DIMM 0" naming nothing;
 *   - Hyper-V: type 1 "Microsoft Corporation" / "Virtual Machine", type 17
 *     "M0001" naming "Microsoft Corporation", serial and part "None";
 *   - a firmware that writes the words dmidecode prints for "no value" as
 *     strings ("Not Specified"), on a KVM guest.
 * Before the fix a bare module on VMware and Xen was "maker unknown": a
 * REVIEW for a Chinese CII operator on every virtual machine.  The same
 * bare module on a physical Dell stays unknown (REVIEW).
 */
#include "testutil.h"
#include "fx_smbios.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cJSON *comp(const cJSON *doc, const char *id)
{
	const cJSON *c = test_component(doc, id);
	if (!c)
		fail_msg("no component %s", id);
	return c;
}

/* scan --root on a machine with one module at locator loc: the exit status,
 * and the module's "virtual" reason (NULL: none) in *virt. */
static int scan_vm(const char *vendor, const char *product, const struct fx_dimm *d,
		   char **virt)
{
	struct fx_smbios m = {.major = 3,
			      .minor = 0,
			      .system = {.manufacturer = vendor, .product = product},
			      .dimms = d,
			      .ndimms = 1};
	char *dir = test_tmpdir();
	fx_smbios_write(&m, dir, NULL);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, id = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--root", dir, "--profile", "cn-cii", "--date",
			 "2026-06-01", "--format", "json", NULL);
	cJSON *doc = cJSON_Parse(out.buf);
	if (!doc)
		fail_msg("not JSON: %.300s %s", out.buf, err.buf);
	strbuf_addf(&id, "dimm/%s", d->locator);
	for (char *p = id.buf; *p; p++)
		*p = *p == ' ' || *p == '#' ? '_' : *p; /* as collect names components */
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(comp(doc, id.buf), "attribution");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "virtual");
	*virt = cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
	cJSON_Delete(doc);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&id);
	test_rmtree(dir);
	free(dir);
	return rc;
}

/* The same machine collected, imported and judged by fleet: its exit status. */
static int fleet_vm(const char *vendor, const char *product, const struct fx_dimm *d)
{
	struct fx_smbios m = {.major = 3,
			      .minor = 0,
			      .system = {.manufacturer = vendor, .product = product},
			      .dimms = d,
			      .ndimms = 1};
	char *dir = test_tmpdir();
	struct strbuf tree = STRBUF_INIT, db = STRBUF_INIT, js = STRBUF_INIT, o = STRBUF_INIT,
		      e = STRBUF_INIT;
	strbuf_addf(&tree, "%s/tree", dir);
	strbuf_addf(&db, "%s/fleet.db", dir);
	strbuf_addf(&js, "%s/h1.json", dir);
	test_write_str(dir, "tree/.keep", "");
	fx_smbios_write(&m, tree.buf, NULL);
	assert_int_equal(run_cmd(&o, &e, "collect", "--root", tree.buf, "-o", js.buf, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "import", "-q", "--db", db.buf, js.buf, NULL), 0);
	int rc = run_cmd(&o, &e, "fleet", "--db", db.buf, "--profile", "cn-cii", "--date",
			 "2026-06-01", NULL);
	strbuf_release(&tree);
	strbuf_release(&db);
	strbuf_release(&js);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	return rc;
}

static void test_guests(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	static const struct fx_dimm qemu = {.locator = "DIMM 0",
					    .size_bytes = 8ull << 30,
					    .form_factor = FX_FF_DIMM,
					    .memory_type = 0x07 /* RAM */,
					    .manufacturer = "QEMU"};
	static const struct fx_dimm bare_vmw = {.locator = "RAM slot #0",
						.size_bytes = 8ull << 30,
						.form_factor = FX_FF_DIMM,
						.memory_type = 0x07};
	static const struct fx_dimm bare_xen = {.locator = "DIMM 0",
						.size_bytes = 4ull << 30,
						.form_factor = FX_FF_DIMM,
						.memory_type = 0x07};
	static const struct fx_dimm words = {.locator = "DIMM 0",
					     .size_bytes = 4ull << 30,
					     .form_factor = FX_FF_DIMM,
					     .memory_type = 0x07,
					     .manufacturer = "Not Specified",
					     .serial = "Not Specified",
					     .part_number = "Not Specified"};
	/* Hyper-V: its type 17 names Microsoft, which makes no memory */
	static const struct fx_dimm hyperv = {.locator = "M0001",
					      .size_bytes = 4ull << 30,
					      .form_factor = FX_FF_UNKNOWN,
					      .memory_type = 0x01 /* Other */,
					      .manufacturer = "Microsoft Corporation",
					      .serial = "None",
					      .part_number = "None"};
	char *virt;

	assert_int_equal(scan_vm("QEMU", "Standard PC (Q35 + ICH9, 2009)", &qemu, &virt), 0);
	assert_non_null(virt);
	assert_non_null(strstr(virt, "QEMU"));
	free(virt);

	assert_int_equal(scan_vm("VMware, Inc.", "VMware Virtual Platform", &bare_vmw, &virt), 0);
	assert_non_null(virt);
	assert_non_null(strstr(virt, "a memory module that names no maker, on a host whose SMBIOS "
				     "system is \"VMware...\""));
	free(virt);

	assert_int_equal(scan_vm("Xen", "HVM domU", &bare_xen, &virt), 0);
	assert_non_null(virt);
	assert_non_null(strstr(virt, "system is \"Xen...\""));
	free(virt);

	assert_int_equal(scan_vm("QEMU", "Standard PC (i440FX + PIIX, 1996)", &words, &virt), 0);
	assert_non_null(virt);
	assert_non_null(strstr(virt, "system is \"QEMU...\""));
	free(virt);

	assert_int_equal(scan_vm("Microsoft Corporation", "Virtual Machine", &hyperv, &virt), 0);
	assert_non_null(virt);
	assert_non_null(strstr(virt, "Microsoft"));
	free(virt);

	/* the same module on a physical server: who made it is a question */
	assert_int_equal(scan_vm("Dell Inc.", "PowerEdge R740", &bare_vmw, &virt), 1);
	assert_null(virt);
	assert_int_equal(scan_vm("Dell Inc.", "PowerEdge R740", &words, &virt), 1);
	assert_null(virt);

	/* collect's document, imported, says the same in the fleet */
	assert_int_equal(fleet_vm("VMware, Inc.", "VMware Virtual Platform", &bare_vmw), 0);
	assert_int_equal(fleet_vm("Dell Inc.", "PowerEdge R740", &bare_vmw), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_guests)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
