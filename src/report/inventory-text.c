/*
 * inventory-text.c — `collect --format text`: host facts, then each
 * component with its decoded fields, raw fields where they differ, and the
 * list of what could not be read.
 */
#include "report/inventory-text.h"

#include <string.h>

static const char *fname(const struct field *f)
{
	return f->key == FK_EXTRA ? f->name : field_key_name(f->key);
}

/* The field with the same name and the other rawness, if any. */
static const struct field *twin(const struct component *c, const struct field *fl)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *g = &c->fields[i];
		if (g != fl && g->key == fl->key &&
		    (g->flags & FIELD_RAW) != (fl->flags & FIELD_RAW) &&
		    (fl->key != FK_EXTRA || !strcmp(g->name, fl->name)))
			return g;
	}
	return NULL;
}

static void write_maker(FILE *f, const char *label, const struct maker *m)
{
	if (m->org)
		fprintf(f, "    %-22s %s (%s)\n", label, m->name ? m->name : m->org,
			confidence_name(m->conf));
	else
		fprintf(f, "    %-22s unknown%s%s\n", label, m->unknown_reason ? ": " : "",
			m->unknown_reason ? m->unknown_reason : "");
}

void inventory_write_text(const struct inventory *inv, FILE *f)
{
	const struct host *h = &inv->host;
	fprintf(f, "host %s\n", h->hostname ? h->hostname : "(unknown)");
	if (h->vendor || h->product)
		fprintf(f, "  system    %s %s\n", h->vendor ? h->vendor : "",
			h->product ? h->product : "");
	if (h->serial)
		fprintf(f, "  serial    %s\n", h->serial);
	if (h->uuid)
		fprintf(f, "  uuid      %s\n", h->uuid);
	if (h->smbios_version)
		fprintf(f, "  smbios    %s\n", h->smbios_version);
	if (h->collected_at)
		fprintf(f, "  collected %s by %s from %s%s\n", h->collected_at,
			h->collector ? h->collector : "?", h->root ? h->root : "/",
			h->is_root ? " (as root)" : "");
	fprintf(f, "\n%zu components\n", inv->ncomps);
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		fprintf(f, "\n%s  [%s]\n", c->id ? c->id : "?", kind_name(c->kind));
		for (size_t j = 0; j < c->nfields; j++) {
			const struct field *fl = &c->fields[j];
			/* A raw value with a decoded twin is shown beside the twin. */
			const struct field *other = twin(c, fl);
			if ((fl->flags & FIELD_RAW) && other)
				continue;
			const struct field *raw = other;
			fprintf(f, "    %-22s %s", fname(fl), fl->value);
			if (raw && strcmp(raw->value, fl->value))
				fprintf(f, "  [raw: %s]", raw->value);
			if (fl->flags & FIELD_UNTRUSTED)
				fputs("  (untrusted)", f);
			fputc('\n', f);
		}
		if (c->attr) {
			write_maker(f, "maker", &c->attr->maker);
			if (c->attr->has_chip)
				write_maker(f, "chip maker", &c->attr->chip_maker);
			if (c->attr->oem.org)
				write_maker(f, "oem", &c->attr->oem);
		}
	}
	if (inv->nunread) {
		fprintf(f, "\nCould not read:\n");
		for (size_t i = 0; i < inv->nunread; i++)
			fprintf(f, "  %s (%s): %s\n",
				inv->unread[i].what ? inv->unread[i].what : "",
				inv->unread[i].path ? inv->unread[i].path : "",
				inv->unread[i].reason);
	}
	if (inv->nwarnings) {
		fprintf(f, "\nWarnings:\n");
		for (size_t i = 0; i < inv->nwarnings; i++)
			fprintf(f, "  %s%s%s\n", inv->warnings[i].path ? inv->warnings[i].path : "",
				inv->warnings[i].path ? ": " : "", inv->warnings[i].reason);
	}
}
