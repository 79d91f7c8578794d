/*
 * test_import_dmidecode_layouts.c — dmidecode texts as users hold them
 * (issue 11, item 3): real dumps whose tabs became spaces (or vanished)
 * when copied out of a ticket, a web page or an e-mail; the 2.0-2.7 layout
 * ("Handle 0x0011" alone, then "DMI type 17, 27 bytes."); and files from
 * which nothing is recognised, which are errors naming the file.
 *
 * Every variant of a real file must give exactly the components, fields
 * and values of the original (compared as inventory text, sources aside).
 */
#include "testutil.h"
#include "import-test.h"

#include "chipscreen.h"
#include "import/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return strbuf_detach(&sb, NULL);
}

/* Each component's kind, id and decoded fields, one line each, in order. */
static void digest(const struct inventory *inv, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		strbuf_addf(out, "%s %s:", kind_name(c->kind), c->id);
		for (enum fkey k = 0; k < FK_EXTRA; k++) {
			const char *v = component_get(c, k);
			if (v)
				strbuf_addf(out, " %s=%s", field_key_name(k), v);
		}
		strbuf_addch(out, '\n');
	}
}

static size_t ndimms(const struct inventory *inv)
{
	size_t n = 0;
	for (size_t i = 0; i < inv->ncomps; i++)
		n += inv->comps[i].kind == KIND_DIMM;
	return n;
}

enum mangle { M_TABS4, M_TABS2, M_TABS8, M_NONE, M_PREFIX, M_NBSP, M_CRLF, M__COUNT };
static const char *const mangle_name[] = {"tabs->4 spaces", "tabs->2 spaces", "tabs->8 spaces",
					  "no indentation", "every line indented 3 spaces",
					  "no-break spaces", "CRLF"};

static char *mangle(const char *s, size_t n, enum mangle m)
{
	struct strbuf sb = STRBUF_INIT;
	bool bol = true;
	for (size_t i = 0; i < n; i++) {
		if (bol && m == M_PREFIX)
			strbuf_addstr(&sb, "   ");
		bol = s[i] == '\n';
		if (s[i] == '\t') {
			static const char *const rep[] = {"    ", "  ", "        ", "", NULL,
							  "\xC2\xA0\xC2\xA0", NULL};
			strbuf_addstr(&sb, rep[m] ? rep[m] : "\t");
		} else if (s[i] == '\n' && m == M_CRLF) {
			strbuf_addstr(&sb, "\r\n");
		} else {
			strbuf_addch(&sb, s[i]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void test_copied_indentation(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		size_t dimms;
	} files[] = {
		{"hw/dmidecode/glpi_dell-r620.txt", 16},   {"hw/dmidecode/glpi_dell-r720.txt", 8},
		{"hw/dmidecode/glpi_hp-dl360-gen8.txt", 8}, {"hw/dmidecode/glpi_lenovo-thinkpad.txt", 2},
		{"hw/dmidecode/glpi_S3000AHLX.txt", 3},
	};
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		SKIP_WITHOUT_SHARED(path, files[f].file);
		size_t n;
		char *text = slurp(path, &n);
		struct inventory *inv = must_import_text(text, "orig.txt", IMPORT_DMIDECODE, NULL);
		assert_int_equal(ndimms(inv), files[f].dimms);
		digest(inv, &want);
		inventory_free(inv);
		for (int m = 0; m < M__COUNT; m++) {
			char *t = mangle(text, n, (enum mangle)m);
			/* detected as dmidecode, too */
			assert_int_equal(import_detect(t, strlen(t), NULL), IMPORT_DMIDECODE);
			inv = must_import_text(t, "copy.txt", IMPORT_AUTO, NULL);
			digest(inv, &got);
			if (strcmp(want.buf, got.buf))
				fail_msg("%s, %s: components differ:\n%s\nwant:\n%s", files[f].file,
					 mangle_name[m], got.buf, want.buf);
			inventory_free(inv);
			free(t);
		}
		free(text);
	}
	strbuf_release(&want);
	strbuf_release(&got);
}

/* dmidecode 2.0-2.7: "Handle 0x0023" then "\tDMI type 17, 27 bytes." */
static void test_old_layout(void **state)
{
	(void)state;
	SKIP_WITHOUT_SHARED(orig, "hw/dmidecode/glpi_S3000AHLX.txt");
	SKIP_WITHOUT_SHARED(old, "hw/dmidecode-layouts/dmidecode-2.7-layout_S3000AHLX.txt");
	struct inventory *a = must_import(orig, IMPORT_DMIDECODE, NULL);
	struct inventory *b = must_import(old, IMPORT_AUTO, NULL);
	struct strbuf da = STRBUF_INIT, db = STRBUF_INIT;
	digest(a, &da);
	digest(b, &db);
	assert_string_equal(da.buf, db.buf);
	assert_int_equal(ndimms(b), 3);
	const struct component *c = inventory_find(b, "dimm/J8J1");
	assert_non_null(c);
	assert_string_equal(component_get(c, FK_PART_NUMBER), "M3 78T2953EZ3-CE6");
	assert_string_equal(component_get(c, FK_MANUFACTURER), "0xCE00000000000000");
	assert_int_equal(b->nwarnings, a->nwarnings);
	/* and with its tabs turned into spaces */
	size_t n;
	char *text = slurp(old, &n);
	char *t = mangle(text, n, M_TABS4);
	struct inventory *d = must_import_text(t, "old-spaces.txt", IMPORT_AUTO, NULL);
	struct strbuf dd = STRBUF_INIT;
	digest(d, &dd);
	assert_string_equal(da.buf, dd.buf);
	free(t);
	free(text);
	inventory_free(a);
	inventory_free(b);
	inventory_free(d);
	strbuf_release(&da);
	strbuf_release(&db);
	strbuf_release(&dd);
}

/* Nothing recognised: an error naming the file, for this format and any. */
static void test_nothing_recognised(void **state)
{
	(void)state;
	/* only records chipscreen does not read (type 20 mapped addresses) */
	static const char t20[] = "# dmidecode 3.3\nSMBIOS 3.0.0 present.\n\n"
				  "Handle 0x0024, DMI type 20, 19 bytes\n"
				  "Memory Device Mapped Address\n"
				  "\tStarting Address: 0x00000000000\n"
				  "\tEnding Address: 0x0003FFFFFFF\n\n";
	char *e = must_reject(t20, sizeof t20 - 1, "t20.txt", IMPORT_AUTO, NULL);
	assert_non_null(strstr(e, "t20.txt: nothing recognised: no component could be read "
				  "from it as dmidecode"));
	free(e);
	/* smartctl banner and nothing else */
	static const char sm[] = "smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0] (local "
				 "build)\nCopyright (C) 2002-22, Bruce Allen, Christian Franke, "
				 "www.smartmontools.org\n\n";
	e = must_reject(sm, sizeof sm - 1, "sm.txt", IMPORT_AUTO, NULL);
	assert_non_null(strstr(e, "sm.txt: nothing recognised"));
	free(e);
	/* the hint names an option that exists */
	static const char junk[] = "hello\nworld\n";
	e = must_reject(junk, sizeof junk - 1, "notes.txt", IMPORT_AUTO, NULL);
	assert_non_null(strstr(e, "chipscreen import --format FORMAT"));
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copied_indentation),
		cmocka_unit_test(test_old_layout),
		cmocka_unit_test(test_nothing_recognised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
