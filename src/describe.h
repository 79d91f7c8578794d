/*
 * describe.h — a component, its makers and their evidence in words, shared
 * by the renderers and the fleet store (describe.c).
 */
#ifndef DESCRIBE_H
#define DESCRIBE_H

#include <stdbool.h>

#include "chipscreen.h"
#include "util/strbuf.h"

/* The model, part number or product name that tells a person what the part is, or NULL. */
const char *comp_part(const struct component *c);
/* "dimm KSM32RD8/16MEI": the kind and the part, or the kind and vendor:device ids. */
void comp_describe(struct strbuf *out, const struct component *c);
/* "DRAM" for memory modules, "chips" otherwise. */
const char *chip_word(const struct component *c);
/* "Kingston", "Kingston, DRAM by Micron", or "unknown". */
void comp_makers(struct strbuf *out, const struct component *c);

/* The attribution a finding matched: the chip maker when via is "chip_maker". */
const struct maker *finding_maker(const struct finding *f);
bool finding_via_chip(const struct finding *f);
/* "jedec_dram 802C: JEP106 bank 1 0x2C [data/jep106.tsv] (certain)" */
void evidence_text(struct strbuf *out, const struct evidence *e);

#endif
