/*
 * describe.h — a component, its makers and their evidence in words, shared
 * by the renderers and the fleet store's readers (describe.c).  The one
 * formatter: nothing stores these words.
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
/* The same from the makers' display names (NULL: unknown; chip NULL: no chip
 * maker to name) for a part of this kind. */
void makers_words(struct strbuf *out, enum kind kind, const char *maker, const char *chip);

/* The attribution a finding matched: the chip maker when via is "chip_maker". */
const struct maker *finding_maker(const struct finding *f);
bool finding_via_chip(const struct finding *f);
/* "jedec_dram 802C: JEP106 bank 1 0x2C [data/jep106.tsv] (certain)" */
void evidence_text(struct strbuf *out, const struct evidence *e);
/* n evidence lines joined by "; ". */
void evidence_words(struct strbuf *out, const struct evidence *ev, size_t n);

#endif
