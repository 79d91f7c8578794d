/*
 * test_corpus.c — every real and written-from-format hardware file under
 * tests/fixtures/hw/ imported and identified (issue 11, item 10): each file
 * yields components, and the number of them chipscreen cannot identify (a
 * maker, or a chip maker where one applies, unknown: what a scan lists under
 * "Could not identify") is printed per file and pinned in
 * tests/identify/corpus-pinned.tsv.  A count may only go down: a file whose
 * count rises fails, one whose count fell asks for the pin to be lowered,
 * and a file not pinned (a new fixture) fails until it is.
 *
 * Files that are not inventories are skipped by name below, with the reason.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "import/import.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct {
	const char *file, *why;
} skipped[] = {
	{"README.md", "the folder's notes"},
	{"nvme-cli_tree-pcie.tar.xz", "a sysfs tree: collect reads it (tests/collect)"},
	{"nvme-cli_tree-pcie.out", "nvme-cli's expected topology text, not an inventory"},
	{"glpi_f31-nanobox.dump", "a Perl Data::Dumper test dump of the GLPI agent, not a tool output"},
	{"glpi_f33-imac.dump", "a Perl Data::Dumper test dump of the GLPI agent"},
	{"glpi_sles-multipath-sas.dump", "a Perl Data::Dumper test dump of the GLPI agent"},
	{"glpi_ubuntu-18.04.5-xps.dump", "a Perl Data::Dumper test dump of the GLPI agent"},
};

struct pin {
	char file[256];
	int comps, unknown;
	bool seen;
};

static struct pin pins[128];
static int npins;

static void load_pins(void)
{
	FILE *f = fopen(src_path("tests/identify/corpus-pinned.tsv"), "r");
	assert_non_null(f);
	char line[512];
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		struct pin *p = &pins[npins];
		if (sscanf(line, "%255s %d %d", p->file, &p->comps, &p->unknown) == 3)
			npins++;
		assert_true(npins < 128);
	}
	fclose(f);
}

static struct pin *pin_of(const char *rel)
{
	for (int i = 0; i < npins; i++)
		if (!strcmp(pins[i].file, rel))
			return &pins[i];
	return NULL;
}

static bool is_skipped(const char *name)
{
	for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++)
		if (!strcmp(skipped[i].file, name))
			return true;
	return false;
}

static struct kb *kb;
static int failures, lowered;

static void one(const char *path, const char *rel)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	int rc = import_file(path, IMPORT_AUTO, NULL, inv, &err);
	int unknown = 0;
	if (rc == 0) {
		identify_inventory(kb, inv, 0);
		for (size_t i = 0; i < inv->ncomps; i++) {
			const struct attribution *a = inv->comps[i].attr;
			unknown += !(a->maker.org && (!a->has_chip || a->chip_maker.org));
		}
	}
	print_message("corpus: %-58s %3zu components, %2d not identified%s%s\n", rel, inv->ncomps,
		      unknown, rc ? ": " : "", rc ? err.buf : "");
	struct pin *p = pin_of(rel);
	if (rc || !inv->ncomps) {
		print_message("  FAIL: %s yields no components\n", rel);
		failures++;
	} else if (!p) {
		print_message("  FAIL: %s is not pinned: add \"%s\t%zu\t%d\" to corpus-pinned.tsv\n",
			      rel, rel, inv->ncomps, unknown);
		failures++;
	} else {
		p->seen = true;
		if (unknown > p->unknown || (int)inv->ncomps < p->comps) {
			print_message("  FAIL: %s: %zu components, %d not identified; pinned %d, "
				      "%d (not identified may only go down)\n",
				      rel, inv->ncomps, unknown, p->comps, p->unknown);
			failures++;
		} else if (unknown < p->unknown) {
			print_message("  better: lower the pin of %s to %d\n", rel, unknown);
			lowered++;
		}
	}
	strbuf_release(&err);
	inventory_free(inv);
}

static void walk(const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	char *names[256];
	int n = 0;
	while ((e = readdir(d)) && n < 256)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	/* in name order, so the printout is stable */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (int i = 0; i < n; i++) {
		char path[1024], r[512];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk(path, r);
		else if (!is_skipped(names[i]))
			one(path, r);
		free(names[i]);
	}
}

static void test_corpus(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(hw, "hw");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s", hw);
	struct strbuf err = STRBUF_INIT;
	kb = kb_load(src_path("data"), "", "", &err);
	assert_non_null(kb);
	load_pins();
	walk(dir, "hw");
	for (int i = 0; i < npins; i++)
		if (!pins[i].seen) {
			print_message("  FAIL: pinned %s was not found\n", pins[i].file);
			failures++;
		}
	print_message("corpus: %d files pinned, %d failing, %d better than pinned\n", npins,
		      failures, lowered);
	kb_free(kb);
	strbuf_release(&err);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpus)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
