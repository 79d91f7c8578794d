/*
 * describe.c — a component, its makers and their evidence in words.
 *
 * The words a person reads for a part ("dimm KSM32RD8/16MEI", "Kingston,
 * DRAM by Micron", an evidence line) are the same on every output: the scan
 * renderers (report/), and the fleet's, whose rows the store reads back.
 * The store keeps the data (the part's fields, the attribution, the
 * evidence as JSON) and puts it into words here when it is read, so that a
 * change of wording changes no stored byte and no digest.  They sit on the
 * layer of the core types, so that the store does not include the report
 * layer above it (tools/layers.txt).
 */
#include "describe.h"

#include <string.h>

const char *comp_part(const struct component *c)
{
	/* A module is known by its part number; a drive or board by its model. */
	static const enum fkey dimm[] = {FK_PART_NUMBER, FK_MODEL, FK_PRODUCT, FK_EMMC_NAME};
	static const enum fkey other[] = {FK_MODEL, FK_PRODUCT, FK_PART_NUMBER, FK_EMMC_NAME};
	const enum fkey *keys = c->kind == KIND_DIMM || c->kind == KIND_PART ? dimm : other;
	for (size_t i = 0; i < 4; i++) {
		const char *v = component_get(c, keys[i]);
		if (v)
			return v;
	}
	return NULL;
}

void comp_describe(struct strbuf *out, const struct component *c)
{
	strbuf_addstr(out, kind_name(c->kind));
	const char *part = comp_part(c);
	const char *v = NULL, *d = NULL;
	if (!part && c->kind == KIND_PCI) {
		v = component_get(c, FK_PCI_VENDOR);
		d = component_get(c, FK_PCI_DEVICE);
	} else if (!part && c->kind == KIND_USB) {
		v = component_get(c, FK_USB_VENDOR);
		d = component_get(c, FK_USB_PRODUCT);
	}
	if (part)
		strbuf_addf(out, " %s", part);
	else if (v)
		strbuf_addf(out, " %s:%s", v, d ? d : "?");
}

static const char *kind_chip_word(enum kind kind)
{
	return kind == KIND_DIMM ? "DRAM" : "chips";
}

const char *chip_word(const struct component *c)
{
	return kind_chip_word(c->kind);
}

static const char *maker_label(const struct maker *m)
{
	return m->org ? m->name ? m->name : m->org : NULL;
}

void makers_words(struct strbuf *out, enum kind kind, const char *maker, const char *chip)
{
	strbuf_addstr(out, maker ? maker : "unknown");
	if (chip)
		strbuf_addf(out, ", %s by %s", kind_chip_word(kind), chip);
}

void comp_makers(struct strbuf *out, const struct component *c)
{
	const struct attribution *a = c->attr;
	makers_words(out, c->kind, a ? maker_label(&a->maker) : NULL,
		     a && a->has_chip ? maker_label(&a->chip_maker) : NULL);
}

bool finding_via_chip(const struct finding *f)
{
	return f->via && !strcmp(f->via, "chip_maker");
}

const struct maker *finding_maker(const struct finding *f)
{
	if (!f->comp || !f->comp->attr)
		return NULL;
	return finding_via_chip(f) ? &f->comp->attr->chip_maker : &f->comp->attr->maker;
}

void evidence_text(struct strbuf *out, const struct evidence *e)
{
	if (e->field)
		strbuf_addf(out, "%s ", e->field);
	if (e->raw)
		strbuf_addf(out, "\"%s\"", e->raw);
	if (e->rule)
		strbuf_addf(out, "%s%s", e->field || e->raw ? ": " : "", e->rule);
	if (e->source)
		strbuf_addf(out, " [%s]", e->source);
	strbuf_addf(out, " (%s)", confidence_name(e->conf));
}

void evidence_words(struct strbuf *out, const struct evidence *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(out, "; ");
		evidence_text(out, &ev[i]);
	}
}
