/*
 * test_fleet_read.c — the fast collect reader (store/fleet-read.c) against
 * the general one (cJSON + inventory_from_json).
 *
 * Whatever the fast reader accepts, the general reader must accept too and
 * make the same inventory of: host, notes, components, fields in the same
 * order with the same keys, flags, names, values and sources.  What it does
 * not take (escapes, bytes to escape, duplicated or reordered members,
 * values of another type, syntax errors) it must leave to the general
 * reader.  Documents: the generated fleet's hosts as collect writes them
 * (compact and indented, attributions included), the example capture, the
 * real tool outputs under tests/fixtures/hw/ as the import stores them, and
 * hostile variants, truncations and byte flips of those.  Each is read from
 * read-only pages ending where the document does: the reader must never
 * write to the document (the import keeps it as read) nor read past its end.
 */
#include "fleet-test.h"

#include "../../bench/fleet/fleetgen.h"
#include "collect/capture.h"
#include "import/import.h"
#include "util/date.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <sys/mman.h>

static struct kb *kb;

static int setup(void **state)
{
	(void)state;
	kb = t_kb(NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kb_free(kb);
	return 0;
}

static int strcmp0(const char *a, const char *b)
{
	return a == b ? 0 : !a || !b ? 1 : strcmp(a, b);
}

static void same_str(const char *what, const char *a, const char *b)
{
	if (strcmp0(a, b))
		fail_msg("%s: fast \"%s\", general \"%s\"", what, a ? a : "(null)",
			 b ? b : "(null)");
}

static void same_notes(const struct note *a, size_t na, const struct note *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		same_str("note path", a[i].path, b[i].path);
		same_str("note what", a[i].what, b[i].what);
		same_str("note reason", a[i].reason, b[i].reason);
	}
}

static void same_inventory(const struct inventory *a, const struct inventory *b)
{
	const struct host *x = &a->host, *y = &b->host;
	same_str("hostname", x->hostname, y->hostname);
	same_str("vendor", x->vendor, y->vendor);
	same_str("product", x->product, y->product);
	same_str("serial", x->serial, y->serial);
	same_str("uuid", x->uuid, y->uuid);
	same_str("collected_at", x->collected_at, y->collected_at);
	same_str("collector", x->collector, y->collector);
	same_str("root", x->root, y->root);
	same_str("smbios_version", x->smbios_version, y->smbios_version);
	assert_int_equal(x->is_root, y->is_root);
	same_notes(a->unread, a->nunread, b->unread, b->nunread);
	same_notes(a->warnings, a->nwarnings, b->warnings, b->nwarnings);
	assert_int_equal(a->ncomps, b->ncomps);
	for (size_t i = 0; i < a->ncomps; i++) {
		const struct component *c = &a->comps[i], *d = &b->comps[i];
		assert_int_equal(c->kind, d->kind);
		same_str("id", c->id, d->id);
		same_str("source", c->source, d->source);
		if (c->nfields != d->nfields)
			fail_msg("%s: %zu fields, general %zu", c->id, c->nfields, d->nfields);
		for (size_t k = 0; k < c->nfields; k++) {
			const struct field *f = &c->fields[k], *g = &d->fields[k];
			assert_int_equal(f->key, g->key);
			assert_int_equal(f->flags, g->flags);
			same_str("field name", f->name, g->name);
			same_str("field value", f->value, g->value);
			same_str("field source", f->source, g->source);
		}
	}
}

struct tally {
	size_t fast, general, rejected;
};

/* Read text both ways; the fast reader may only take what the general one
 * reads alike.  Returns 1 fast, 0 general, -1 rejected. */
static int both(const char *text, size_t len, struct tally *t)
{
	struct strbuf err = STRBUF_INIT;
	struct inventory *slow = inventory_new();
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	int ok = doc && inventory_from_json(doc, slow, &err) == 0;
	cJSON_Delete(doc);
	/* the fast reader, as import calls it, on a copy it cannot write to:
	 * pages made read-only, the document ending where they do (no
	 * terminator to lean on, no byte past the end to read) */
	long pg = sysconf(_SC_PAGESIZE);
	size_t span = (len + (size_t)pg - 1) / (size_t)pg * (size_t)pg + (size_t)pg;
	char *pages = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(pages != MAP_FAILED);
	char *copy = pages + (span - (size_t)pg - len);
	memcpy(copy, text, len);
	assert_int_equal(mprotect(pages, span - (size_t)pg, PROT_READ), 0);
	assert_int_equal(mprotect(pages + span - (size_t)pg, (size_t)pg, PROT_NONE), 0);
	struct inventory *fast = inventory_new();
	int rc = fleet_read_inventory(copy, len, fast);
	if (rc == 1) {
		if (!ok)
			fail_msg("the fast reader took a document the general one rejects (%s): "
				 "%.300s",
				 err.buf, text);
		same_inventory(fast, slow);
	}
	assert_memory_equal(copy, text, len);
	munmap(pages, span);
	int r = rc == 1 ? 1 : ok ? 0 : -1;
	if (t)
		(*(r == 1 ? &t->fast : r == 0 ? &t->general : &t->rejected))++;
	inventory_free(fast);
	inventory_free(slow);
	strbuf_release(&err);
	return r;
}

static char *json_of(const struct inventory *inv, bool pretty)
{
	cJSON *doc = inventory_to_json(inv);
	char *s = pretty ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	return s;
}

/* A collect document: identified, as collect writes it. */
static char *collect_doc(struct inventory *inv, bool pretty)
{
	identify_inventory(kb, inv, date_parse("2025-06-01"));
	return json_of(inv, pretty);
}

/* Flip bytes and cut the document: the fast reader must never take a
 * document the general reader reads otherwise. */
static void mutations(const char *doc, struct tally *t)
{
	size_t len = strlen(doc);
	char *m = malloc(len + 1);
	struct gen g = {12345};
	static const char flips[] = "\"\\{}[],: \t\n0x-tfnu\x01\x7f\xc3\xa9\xff";
	for (int i = 0; i < 3000; i++) {
		memcpy(m, doc, len + 1);
		size_t at = gen_below(&g, (unsigned)len);
		m[at] = flips[gen_below(&g, sizeof flips - 1)];
		both(m, len, t);
	}
	for (size_t cut = 0; cut < len; cut += 1 + len / 997)
		assert_int_not_equal(both(doc, cut, t), 1);
	free(m);
}

static void test_generated_fleet(void **state)
{
	(void)state;
	struct tally t = {0};
	for (unsigned i = 0; i < 40; i++) {
		struct inventory *inv = gen_host(7, i, i % 3);
		char *doc = collect_doc(inv, i % 2);
		assert_int_equal(both(doc, strlen(doc), &t), 1);
		if (i == 0)
			mutations(doc, &t);
		cJSON_free(doc);
		inventory_free(inv);
	}
	print_message("generated fleet: %zu read fast, %zu by the general reader, %zu rejected\n",
		      t.fast, t.general, t.rejected);
	assert_true(t.fast >= 40);
	assert_true(t.general > 0 && t.rejected > 0);
}

static void test_example_and_real_outputs(void **state)
{
	(void)state;
	struct tally t = {0};
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (capture_collect(inv, src_path("examples/server"), &err) < 0)
		fail_msg("%s", err.buf);
	char *doc = collect_doc(inv, false);
	assert_int_equal(both(doc, strlen(doc), &t), 1);
	mutations(doc, &t);
	cJSON_free(doc);
	inventory_free(inv);
	/* the tool outputs, as import stores them */
	const char *dirs[] = {"hw/dmidecode", "hw/smartctl", "hw/lspci", "hw/lsusb"};
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		const char *dir = shared_data(dirs[d]);
		if (!dir) {
			print_message("SKIP: tests/fixtures/%s is absent\n", dirs[d]);
			continue;
		}
		char *copy = strdup(dir);
		char **names;
		int n = list_dir(copy, &names, &err);
		for (int i = 0; i < n; i++) {
			struct strbuf p = STRBUF_INIT;
			strbuf_addf(&p, "%s/%s", copy, names[i]);
			inv = inventory_new();
			if (import_file(p.buf, IMPORT_AUTO, NULL, inv, &err) == 0) {
				doc = json_of(inv, false);
				/* what the importers read is kept as read: some of it
				 * holds escapes, which the general reader takes */
				assert_int_not_equal(both(doc, strlen(doc), &t), -1);
				cJSON_free(doc);
			}
			inventory_free(inv);
			strbuf_release(&p);
		}
		if (n >= 0)
			free_names(names, n);
		free(copy);
	}
	print_message("example and real outputs: %zu read fast, %zu by the general reader, %zu "
		      "rejected\n",
		      t.fast, t.general, t.rejected);
	strbuf_release(&err);
}

/* Each a small document and how it must be read: 1 fast, 0 general, -1
 * rejected. */
static void test_hostile(void **state)
{
	(void)state;
#define HEAD "{\"schema\": \"chipscreen-inventory/1\", "
	static const struct {
		const char *doc;
		int want;
	} cases[] = {
		{HEAD "\"components\": []}", 1},
		{HEAD "\"components\": [{\"kind\": \"dimm\"}]}", 1}, /* id made: dimm/0 */
		{HEAD
		 "\"components\": [{\"kind\": \"dimm\", \"decoded\": {\"model\": \"  A  \"}}]}",
		 1},
		{HEAD "\"components\": [{\"kind\": \"dimm\", \"raw\": {\"model\": \"  A  \"}}]}",
		 1},
		/* a field set twice says two things (Intel and Huawei): refused */
		{HEAD "\"components\": [{\"kind\": \"pci\", \"decoded\": {\"pci_vendor\": \"8086\","
		      " \"x\": \"1\", \"pci_vendor\": \"19e5\"}}]}",
		 -1},
		/* a value that trims to nothing sets nothing */
		{HEAD "\"components\": [{\"kind\": \"pci\", \"decoded\": {\"model\": \"   \"}}]}",
		 1},
		/* the first of a repeated member of a field counts */
		{HEAD
		 "\"components\": [{\"kind\": \"pci\", \"raw\": {\"model\": {\"value\": \"a\", "
		 "\"value\": \"b\", \"untrusted\": true, \"untrusted\": false}}}]}",
		 1},
		{HEAD
		 "\"host\": {\"hostname\": \"h\", \"root_privileges\": true, \"uuid\": null}, "
		 "\"unreadable\": [{\"path\": \"/sys\", \"what\": \"SPD\", \"reason\": \"no\"}],"
		 " \"warnings\": [{\"message\": \"m\"}, {\"path\": \"p\"}], \"components\": []}",
		 1},
		{HEAD
		 "\"extra\": {\"a\": [1, -2.5e3, true, null, \"\\n\\\"\"]}, \"components\": []}",
		 1},
		/* \u is cJSON's to check, even where nobody reads it */
		{HEAD "\"extra\": \"\\u00e9\", \"components\": []}", 0},
		/* left to the general reader, which reads them */
		{HEAD "\"components\": [{\"kind\": \"pci\", \"raw\": {\"model\": \"a\\\\xff\"}}]}",
		 0},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"raw\": {\"model\": \"\\u00e9\"}}]}",
		 0},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"raw\": {\"model\": \"\xff\"}}]}", 0},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"raw\": {\"model\": \"a\tb\"}}]}", 0},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"decoded\": {}, \"raw\": {}}]}", 0},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"kind\": \"dimm\"}]}", -1},
		/* attribution, passed over, is once too (fuzz_collect_json found the
		 * fast reader taking what the general one refuses) */
		{HEAD "\"components\": [{\"kind\": \"pci\", \"attribution\": {}, "
		      "\"attribution\": {}}]}",
		 -1},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"id\": 5}]}", -1},
		{HEAD "\"components\": []} trailing", 0},
		{"\xef\xbb\xbf" HEAD "\"components\": []}", 0},
		{HEAD "\"host\": {\"hostname\": \"a\", \"hostname\": \"b\"}, \"components\": []}",
		 -1},
		/* a host fact of another type: an error, not a host without it */
		{HEAD "\"host\": {\"hostname\": 5}, \"components\": []}", -1},
		{HEAD "\"host\": {\"collected_at\": {}}, \"components\": []}", -1},
		{HEAD "\"components\": [], \"components\": [{\"kind\": \"pci\"}]}", -1},
		{HEAD "\"unreadable\": {\"a\": {\"reason\": \"r\"}}, \"components\": []}", 0},
		{HEAD "\"n\": 0123, \"components\": []}", 0},
		/* errors */
		{HEAD "\"components\": [{\"kind\": \"gpu\"}]}", -1},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"raw\": {\"model\": 5}}]}", -1},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"raw\": {\"model\": {\"value\": 5, "
		      "\"value\": \"x\"}}}]}",
		 -1},
		{HEAD "\"components\": [{\"kind\": \"pci\", \"raw\": []}]}", -1},
		{HEAD "\"components\": {}}", -1},
		{"{\"schema\": \"chipscreen-inventory/2\", \"components\": []}", -1},
		{HEAD "\"host\": [], \"components\": []}", -1},
		{HEAD "\"components\": [}", -1},
		{"[]", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = both(cases[i].doc, strlen(cases[i].doc), NULL);
		if (got != cases[i].want)
			fail_msg("case %zu: read %d, expected %d: %s", i, got, cases[i].want,
				 cases[i].doc);
	}
	/* deep nesting in a member nobody reads: left to cJSON */
	struct strbuf deep = STRBUF_INIT;
	strbuf_addstr(&deep, HEAD "\"x\": ");
	for (int i = 0; i < 200; i++)
		strbuf_addch(&deep, '[');
	for (int i = 0; i < 200; i++)
		strbuf_addch(&deep, ']');
	strbuf_addstr(&deep, ", \"components\": []}");
	assert_int_equal(both(deep.buf, deep.len, NULL), 0);
	strbuf_release(&deep);
#undef HEAD
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_fleet),
		cmocka_unit_test(test_example_and_real_outputs),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
