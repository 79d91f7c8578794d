/*
 * test_virtual_host.c — a memory module that names no maker, in a virtual
 * machine's SMBIOS, is the hypervisor's memory.
 *
 * VMware guests list "RAM slot #N" modules with Manufacturer, Part Number
 * and Serial "Not Specified" (older virtual hardware) beside "VMware
 * Virtual RAM" ones; Xen guests name no maker either.  Such a module was
 * "maker unknown", so every VMware VM got a REVIEW for a Chinese CII
 * operator (Micron) and for a US agency after §5949 took effect (YMTC,
 * CXMT): the false alarm issue 11 item 8 set out to end.  The importers
 * copy the host's SMBIOS system strings onto a module naming nobody, and
 * virtual.tsv's host rows (systemd-detect-virt's DMI vendor table) say it
 * is virtual, in `scan FILE` and in `import` + `fleet` alike.  On a
 * physical host the same module stays unknown (REVIEW); a module naming
 * its maker is untouched; the VMware system record is a virtual machine,
 * not "a virtual disk" (a model row for disks matched its product name
 * first).  The dmidecode text is written from dmidecode's
 * format (type 1 and type 17 records as dmidecode 3.x prints them).
 */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sys_fmt[] = "# dmidecode 3.3\n"
			      "Getting SMBIOS data from sysfs.\n"
			      "SMBIOS 2.7 present.\n\n"
			      "Handle 0x0001, DMI type 1, 27 bytes\n"
			      "System Information\n"
			      "\tManufacturer: %s\n"
			      "\tProduct Name: %s\n"
			      "\tVersion: None\n"
			      "\tSerial Number: Not Specified\n\n";
static const char bare[] = "Handle 0x0044, DMI type 17, 34 bytes\n"
			   "Memory Device\n"
			   "\tArray Handle: 0x0043\n"
			   "\tError Information Handle: No Error\n"
			   "\tTotal Width: 32 bits\n"
			   "\tData Width: 32 bits\n"
			   "\tSize: 8192 MB\n"
			   "\tForm Factor: DIMM\n"
			   "\tSet: None\n"
			   "\tLocator: RAM slot #0\n"
			   "\tBank Locator: RAM slot #0\n"
			   "\tType: DRAM\n"
			   "\tType Detail: EDO\n"
			   "\tSpeed: Unknown\n"
			   "\tManufacturer: Not Specified\n"
			   "\tSerial Number: Not Specified\n"
			   "\tAsset Tag: Not Specified\n"
			   "\tPart Number: Not Specified\n\n"
			   "Handle 0x0045, DMI type 17, 34 bytes\n"
			   "Memory Device\n"
			   "\tSize: 8192 MB\n"
			   "\tLocator: DIMM B1\n"
			   "\tType: DDR4\n"
			   "\tManufacturer: Samsung\n"
			   "\tPart Number: M393A1K43BB1-CTD\n\n";

static cJSON *component(cJSON *doc, const char *id)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "components"))
	{
		if (!strcmp(cJSON_GetObjectItem(c, "id")->valuestring, id))
			return (cJSON *)c;
	}
	fail_msg("no component %s", id);
	return NULL;
}

/* scan FILE for cn-cii: its exit status, the module's "virtual" reason
 * (NULL if none) in *virt and the Samsung module's maker in *other. */
static int scan(const char *path, char **virt, char **other)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "scan", "--profile", "cn-cii", "--date", "2026-06-01",
			 "--format", "json", path, NULL);
	cJSON *d = cJSON_Parse(out.buf);
	if (!d)
		fail_msg("not JSON: %.300s %s", out.buf, err.buf);
	const cJSON *a = cJSON_GetObjectItem(component(d, "dimm/RAM slot #0"), "attribution");
	const cJSON *v = cJSON_GetObjectItem(a, "virtual");
	*virt = v && cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
	/* the system itself: a virtual machine, not "a virtual disk" */
	v = cJSON_GetObjectItem(cJSON_GetObjectItem(component(d, "system"), "attribution"),
				"virtual");
	if (strstr(path, "vmware"))
		assert_non_null(strstr(v->valuestring, "is VMware virtual machine"));
	a = cJSON_GetObjectItem(component(d, "dimm/DIMM B1"), "attribution");
	*other = strdup(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "maker"), "id")->valuestring);
	cJSON_Delete(d);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}

static int fleet(const char *dir, const char *path, const char *db)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char dbpath[1024];
	snprintf(dbpath, sizeof dbpath, "%s/%s", dir, db);
	assert_int_equal(run_cmd(&out, &err, "import", "--db", dbpath, "--host", "h1", path, NULL),
			 0);
	strbuf_reset(&out);
	int rc = run_cmd(&out, &err, "fleet", "--db", dbpath, "--profile", "cn-cii", "--date",
			 "2026-06-01", NULL);
	strbuf_release(&out);
	strbuf_release(&err);
	return rc;
}

static char *write_host(const char *dir, const char *file, const char *vendor,
			const char *product)
{
	char text[4096];
	int n = snprintf(text, sizeof text, sys_fmt, vendor, product);
	snprintf(text + n, sizeof text - (size_t)n, "%s", bare);
	test_write(dir, file, text, strlen(text));
	char *path = malloc(strlen(dir) + strlen(file) + 2);
	sprintf(path, "%s/%s", dir, file);
	return path;
}

static void test_vm_and_metal(void **state)
{
	(void)state;
	setenv("CHIPSCREEN_DATA", src_path("data"), 1);
	char *dir = test_tmpdir();
	char *virt, *other;

	char *vm = write_host(dir, "vmware.txt", "VMware, Inc.", "VMware Virtual Platform");
	assert_int_equal(scan(vm, &virt, &other), 0);
	assert_non_null(virt);
	assert_non_null(strstr(virt, "a memory module that names no maker, on a host whose SMBIOS "
				     "system is \"VMware...\""));
	assert_string_equal(other, "samsung");
	free(virt);
	free(other);
	assert_int_equal(fleet(dir, vm, "vm.db"), 0);

	char *xen = write_host(dir, "xen.txt", "Xen", "HVM domU");
	assert_int_equal(scan(xen, &virt, &other), 0);
	assert_non_null(virt);
	free(virt);
	free(other);

	/* the same module on a physical server: who made it is still a question */
	char *metal = write_host(dir, "metal.txt", "Dell Inc.", "PowerEdge R740");
	assert_int_equal(scan(metal, &virt, &other), 1);
	assert_null(virt);
	free(other);
	assert_int_equal(fleet(dir, metal, "metal.db"), 1);

	free(vm);
	free(xen);
	free(metal);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_vm_and_metal)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
