/*
 * identify.h — who made each part, and who made the chips on it.
 *
 * The knowledge base (struct kb) is loaded once from data/: JEP106 codes,
 * PCI and USB vendor ids (hwdata's pci.ids/usb.ids at run time, plus a bundled
 * table of the vendors that matter for screening), part-number and model
 * patterns, NVMe subsysnqn domains, IEEE OUIs, organisations, brands and
 * dated ownership.  Every row carries its source, which becomes the source of
 * the evidence it produces.
 *
 * identify_component() fills c->attr (allocated in the inventory's arena):
 * the product maker and, where it applies, the chip maker, each with a
 * confidence (certain: a registered code; strong: a part-number or model
 * pattern; weak: a free-text name) and its evidence, or unknown with the
 * reason.  Attribution is as of a date, because brands change hands (Lexar
 * was Micron's until 2017-08-31): the component's manufacturing date when
 * known (who made it is decided when it was made), else its acquisition date,
 * else the as_of argument (0: today).
 *
 * Where a part names an OEM rather than its maker (a PCI subsystem vendor,
 * "HP" on a DIMM, an HP spare part number), the OEM goes to attr->oem and
 * the maker stays unknown unless something else names it.
 *
 * Evidence strings are copied into the inventory's arena: an attribution
 * outlives the kb it was made with.
 */
#ifndef IDENTIFY_H
#define IDENTIFY_H

#include <stdbool.h>

#include "chipscreen.h"
#include "util/strbuf.h"

struct kb;

/* Load the knowledge base from datadir (NULL: data_dir()).  pci_ids and
 * usb_ids name hwdata's files (NULL: the usual places; "" to not read them).
 * Reads the organisations and their links (errors there: NULL and err); each
 * identifier table is read by the first look-up that needs it, and one that
 * cannot be read then is logged and named in the unknown reasons it causes. */
struct kb *kb_load(const char *datadir, const char *pci_ids, const char *usb_ids,
		   struct strbuf *err);
void kb_free(struct kb *kb);

void identify_component(const struct kb *kb, struct inventory *inv, struct component *c,
			day_t as_of);
void identify_inventory(const struct kb *kb, struct inventory *inv, day_t as_of);
/* NULL when raw has the shape key's values have (an OUI's 6 hex digits, an
 * NQN's prefix, an eMMC id's hex), else what the value should be. */
const char *identify_value_shape(enum fkey key, const char *raw);

/* Display name of an organisation id ("micron" -> "Micron Technology, Inc."), NULL if unknown. */
const char *kb_org_name(const struct kb *kb, const char *org);

/*
 * Is org the party itself, or (when with_affiliates) one of its subsidiaries,
 * affiliates or brands as of the date?  On true, *how (if non-NULL) is set to
 * a phrase for the evidence: "Crucial is a brand of Micron", "HiSilicon is a
 * subsidiary of Huawei".  Static storage or kb-owned; do not free.
 */
bool kb_org_is(const struct kb *kb, const char *org, const char *party, bool with_affiliates,
	       day_t as_of, const char **how);

/*
 * The same question, with what the rules engine needs to weigh the answer:
 * data/org-links.tsv marks each relation confirmed, secondary or unconfirmed
 * (as the facts files do), and a chain is as strong as its weakest link.  An
 * unconfirmed link should give REVIEW, not a binding verdict.  Brand links
 * count even without with_affiliates (a brand is the party itself).
 */
struct org_relation {
	const char *how;        /* the phrase(s); NULL when org is the party itself */
	const char *confidence; /* "confirmed", "secondary" or "unconfirmed"; NULL for the party
				   itself */
	const char *source;     /* the source of the last link */
	bool unconfirmed;       /* some link on the way is unconfirmed */
	bool affiliation;       /* goes through a subsidiary or affiliate link, not only brands */
};
bool kb_org_relation(const struct kb *kb, const char *org, const char *party, bool with_affiliates,
		     day_t as_of, struct org_relation *rel);

/* How long reading the tables took so far (ms) and how many table rows were
 * read: kb_load's part plus every table read since on first use (all of them
 * after kb_load_all() in identify/kb.h). */
double kb_load_ms(const struct kb *kb);
size_t kb_nrows(const struct kb *kb);

/*
 * The ownership step behind a maker, as identify recorded it in the evidence
 * ("Crucial is a brand of Micron Technology, Inc."), or NULL when the maker
 * was named directly.  m->org is already the owner; this keeps the brand
 * visible for findings (struct finding.relation).
 */
const char *maker_relation(const struct maker *m);

/* Field name of the evidence entries that record an ownership step. */
#define EVIDENCE_OWNERSHIP "ownership"

#endif
