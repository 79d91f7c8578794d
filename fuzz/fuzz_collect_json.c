/*
 * fuzz_collect_json.c — collect JSON (doc/inventory-schema.md), read by both
 * readers: cJSON + inventory_from_json (inventory-json.c), and the fast
 * reader import uses (store/fleet-read.c).  The fast reader may give up on
 * any document, but what it reads must be exactly what the general reader
 * makes of it, and it must accept nothing the general reader rejects.
 */
#include "fuzz-support.h"

#include "inventory-json.h"
#include "store/fleet.h"

#include <cjson/cJSON.h>

static int cmp0(const char *a, const char *b)
{
	return a == b ? 0 : !a || !b ? 1 : strcmp(a, b);
}

static void same(const char *what, const char *a, const char *b)
{
	if (cmp0(a, b))
		fuzz_abort("%s: fast \"%s\", general \"%s\"", what, a ? a : "(null)",
			   b ? b : "(null)");
}

static void same_notes(const struct note *a, size_t na, const struct note *b, size_t nb)
{
	if (na != nb)
		fuzz_abort("%zu notes, general %zu", na, nb);
	for (size_t i = 0; i < na; i++) {
		same("note path", a[i].path, b[i].path);
		same("note what", a[i].what, b[i].what);
		same("note reason", a[i].reason, b[i].reason);
	}
}

static void same_inventory(const struct inventory *a, const struct inventory *b)
{
	const struct host *x = &a->host, *y = &b->host;
	same("hostname", x->hostname, y->hostname);
	same("vendor", x->vendor, y->vendor);
	same("product", x->product, y->product);
	same("serial", x->serial, y->serial);
	same("uuid", x->uuid, y->uuid);
	same("collected_at", x->collected_at, y->collected_at);
	same("collector", x->collector, y->collector);
	same("root", x->root, y->root);
	same("smbios_version", x->smbios_version, y->smbios_version);
	if (x->is_root != y->is_root)
		fuzz_abort("root_privileges differ");
	same_notes(a->unread, a->nunread, b->unread, b->nunread);
	same_notes(a->warnings, a->nwarnings, b->warnings, b->nwarnings);
	if (a->ncomps != b->ncomps)
		fuzz_abort("%zu components, general %zu", a->ncomps, b->ncomps);
	for (size_t i = 0; i < a->ncomps; i++) {
		const struct component *c = &a->comps[i], *d = &b->comps[i];
		if (c->kind != d->kind)
			fuzz_abort("%s: kind differs", c->id);
		same("id", c->id, d->id);
		same("source", c->source, d->source);
		if (c->nfields != d->nfields)
			fuzz_abort("%s: %zu fields, general %zu", c->id, c->nfields, d->nfields);
		for (size_t k = 0; k < c->nfields; k++) {
			const struct field *f = &c->fields[k], *g = &d->fields[k];
			if (f->key != g->key || f->flags != g->flags)
				fuzz_abort("%s: field %zu key or flags differ", c->id, k);
			same("field name", f->name, g->name);
			same("field value", f->value, g->value);
			same("field source", f->source, g->source);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct inventory *slow = inventory_new(), *fast = inventory_new();
	struct strbuf err = STRBUF_INIT;
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(text, size, &end, 0);
	int ok = doc && inventory_from_json(doc, slow, &err) == 0;
	cJSON_Delete(doc);
	/* the fast reader gets exactly size bytes: ASan sees a read past them */
	char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	int rc = fleet_read_inventory(copy, size, fast);
	if (memcmp(copy, data, size))
		fuzz_abort("the fast reader wrote to the document");
	if (rc == 1) {
		if (!ok)
			fuzz_abort("the fast reader took a document the general one rejects (%s)",
				   err.buf);
		same_inventory(fast, slow);
	}
	free(copy);
	inventory_free(slow);
	inventory_free(fast);
	strbuf_release(&err);
	return 0;
}
