/*
 * kb.h — the knowledge base's insides, shared by kb.c (loading, look-ups,
 * organisations) and identify.c (attribution).  Nothing outside
 * src/identify/ includes this; the public interface is identify.h.
 *
 * Every table row becomes a struct code (an identifier naming an
 * organisation, with the rule text and source that evidence will quote).
 * Look-ups are direct where the key space is small (JEP106: bank x ID) and
 * hashed otherwise, so attributing a component costs a few memory reads per
 * field.
 *
 * Only orgs.tsv and org-links.tsv are read by kb_load(); every identifier
 * table is read by the first look-up that needs it (enum kb_table), so a
 * machine without DIMMs never reads JEP106 and one without OUIs never reads
 * oui.tsv.  kb_load_all() reads them all (benchmarks, tests, checks of the
 * data).  Loading a table appends to orgs[] and codes[], which may move them:
 * a struct code pointer from a look-up is to be used before the next look-up
 * in another table (identify.c does), and orgs are referred to by index.
 */
#ifndef IDENTIFY_KB_H
#define IDENTIFY_KB_H

#include <stdbool.h>
#include <stdint.h>

#include "chipscreen.h"
#include "util/strmap.h"
#include "identify/identify.h"
#include "identify/jep106.h"
#include "identify/orgs.h" /* enum link_rel, link_conf */

enum code_role {
	ROLE_MAKER,      /* the identifier names the maker */
	ROLE_ODM,        /* names who built it; a brand in the model string decides */
	ROLE_CONTROLLER, /* names the controller chip maker only */
	ROLE_BRIDGE,     /* a USB bridge: on storage, names the bridge, not the drive */
	ROLE_OEM,        /* names the reseller (OEM part numbers) */
};


struct org {
	const char *id, *name, *source;
	bool hwdata;     /* named by hwdata's pci.ids/usb.ids (not a table row) */
	bool oem;        /* a platform vendor: its name on a module or drive is the reseller */
	bool curated;    /* from data/orgs.tsv (else named by a JEP106/hwdata row) */
	bool controller; /* a controller maker (a PCI/USB row says so): its OUI or
			  * nqn on a drive names the controller, not the brand */
	const char *rule_name, *rule_oem; /* free-text evidence rules, built on first use */
	int link0, nlinks;                /* this org's rows in kb->links (as the child) */
	int virt;                         /* its virtual.tsv name row + 1; 0: none */
	int own;                          /* its first own-chips.tsv row + 1; 0: none */
};

struct link {
	int org, parent;
	enum link_rel rel;
	enum link_conf conf;
	day_t from, until;  /* from inclusive, until exclusive; 0: open */
	const char *phrase; /* "Crucial is a brand of Micron Technology, Inc." */
	const char *note, *source;
};

/* One identifier row of any table. */
struct code {
	int org;
	uint8_t role;     /* enum code_role */
	uint8_t kind;     /* patterns: enum pat_kind */
	int chip;         /* patterns: org of the chips implied, or -1 */
	const char *key;  /* the identifier as the table writes it */
	const char *rule; /* "JEP106 bank 1, ID 0x2C: Micron Technology"; NULL until
			   * code_rule() builds it (most rows are never quoted) */
	const char *source;
	const char *what;      /* the table: "JEP106", "PCI", "USB", "IEEE OUI", ... */
	const char *name;      /* the row's name column, when it has one */
	int16_t bank;          /* JEP106 rows */
	const char *chip_rule; /* patterns: the rule quoted for the chip maker */
};

enum pat_kind {
	PK_DRAM_CHIP,
	PK_NAND_CHIP,
	PK_MODULE,
	PK_SSD,
	PK_HDD,
	PK_DRIVE,
	PK_OEM_PART,
	PK_EQUIPMENT /* cameras, recorders, radios, network gear: no chip maker implied */
};
enum pat_field { PF_PART = 1, PF_MODEL = 2, PF_ANY = 3 };

struct pattern {
	const char *pat;
	uint8_t fields; /* enum pat_field bits */
	struct code code;
};

/* A bucketed pattern list: for each upper-cased first byte, the indexes of
 * the patterns that can match there, in file order. */
struct patset {
	struct pattern *v;
	int n, cap;
	int *bucket[256];
	int nbucket[256];
};


struct hwids; /* lazily read pci.ids / usb.ids */

/* A virtual or emulated device (virtual.tsv): what identifies it, the
 * platform's owner, and the phrase evidence quotes. */
enum virt_match { VM_PCI, VM_USB, VM_MODEL, VM_NAME, VM_TRANSPORT, VM_HOST, VM_CPUFLAG };
struct vrow {
	uint8_t match;   /* enum virt_match */
	int vendor, dev; /* VM_PCI, VM_USB: ids; dev -1: the whole vendor */
	const char *key; /* VM_MODEL, VM_HOST: the prefix; VM_NAME: the org id */
	int org;         /* the platform's owner; for VM_NAME also the org named */
	const char *platform, *source;
	const char *rule; /* "virtual device: PCI 1af4 is virtio ..." */
};

/* A maker whose own fabs make the chips in its drives or modules
 * (own-chips.tsv), over a period: the chip maker is then inferred. */
struct ownchip {
	int org;
	uint8_t nand, dram; /* which chips */
	day_t from, until;  /* inclusive / exclusive; 0: open */
	const char *rule, *source;
};

/* The identifier tables, each read on first use, in this order by kb_load_all(). */
enum kb_table {
	KT_JEP106,       /* jep106.tsv */
	KT_PCI,          /* pci-vendors.tsv */
	KT_USB,          /* usb-vendors.tsv */
	KT_OUI,          /* oui.tsv (needs KT_PCI and KT_USB: their controller roles) */
	KT_EMMC,         /* emmc-manfid.tsv */
	KT_NQN,          /* nqn-domains.tsv (needs KT_PCI and KT_USB, as KT_OUI) */
	KT_CPU,          /* cpu-vendors.tsv */
	KT_PATTERNS,     /* patterns.tsv */
	KT_PLACEHOLDERS, /* placeholders.tsv */
	KT_VIRTUAL,      /* virtual.tsv */
	KT_OWNCHIPS,     /* own-chips.tsv */
	KT_NTABLES
};

struct kb {
	struct arena *arena;
	char *datadir;
	struct org *orgs; /* malloc'd: may move when a table loads */
	size_t norgs, caporgs;
	struct strmap org_index; /* id -> org */
	struct link *links;
	size_t nlinks, caplinks;

	int8_t table[KT_NTABLES]; /* 0 not read yet, 1 read (or being read), -1 failed */
	const char *table_error;  /* the first table that failed, and why */

	struct code *codes; /* every identifier row (JEP106, PCI, USB, OUI, eMMC, nqn);
			     * malloc'd: may move when a table loads */
	size_t ncodes, capcodes;
	int32_t jep[JEP106_MAX_BANK + 1][128]; /* [bank][id & 0x7f] -> code, -1 */
	struct strmap pci, usb; /* vendor id (its two bytes) -> code; a few dozen rows */
	struct strmap oui;                     /* "00a075" -> code */
	struct strmap emmc;                    /* "0x000013" -> code */
	struct strmap cpu;                     /* "genuineintel", "arm-0x48" -> code */
	struct strmap nqn;                     /* "com.samsung" -> code */
	struct strmap names;                   /* normalised alias -> org */
	struct patset patterns, placeholders;

	/* hwdata: read on the first vendor id the bundled tables lack. */
	char *pci_ids_path, *usb_ids_path;
	struct hwids *pci_hw, *usb_hw;
	bool pci_tried, usb_tried;
	const char *pci_hw_error, *usb_hw_error;

	struct strmap paths; /* kb_org_relation: "3>7>" -> index into path_phrases */
	const char **path_phrases;
	size_t npaths, cappaths;
	const char **jep_form;  /* [(code - jep0) * 5 + form]: rules of JEP106 rows read in
				 * other forms; allocated on first use */
	size_t jep0, njepcodes; /* JEP106 rows are codes[jep0 .. jep0 + njepcodes) */

	struct vrow *virt;
	size_t nvirt, capvirt;
	uint8_t virt_pci[8192], virt_usb[8192]; /* bit per vendor id with a virtual.tsv row */
	uint8_t virt_first[32]; /* bit per (upper-cased) first byte of a model row's key */
	struct ownchip *own;
	size_t nown, capown;

	double load_ms; /* time spent reading tables so far (kb_load and first uses) */
	size_t nrows;   /* rows read from data/ so far, for the record */
};

/* Read every table not read yet: 0, or -1 with err naming the first file and
 * line that is wrong (then the kb is still usable, without that table). */
int kb_load_all(struct kb *kb, struct strbuf *err);
/* Is table t read (reading it now if not)?  false when it cannot be read:
 * the reason is in kb->table_error and was logged once. */
bool kb_need(const struct kb *kb, enum kb_table t);

int kb_org_find(const struct kb *kb, const char *id); /* -1 if none */
/* The evidence rule of a row, built on first use and kept. */
const char *code_rule(const struct kb *kb, const struct code *c);
/* Same, for a JEP106 row read in another form ("OEM ... string, DRAM part: ..."). */
const char *code_form_rule(const struct kb *kb, const struct code *c, int form, int part);
/* "free-text name: Micron Technology, Inc." (oem: with the OEM caveat). */
const char *org_name_rule(const struct kb *kb, int org, bool oem);
/* The owner responsible at date d: follows brand and subsidiary links that
 * are confirmed or secondary.  chain (may be NULL) gets the links followed. */
int kb_resolve(const struct kb *kb, int org, day_t d, int chain[8], int *nchain);
/* Does any link of org (or its chain) change over time? */
bool kb_org_dated(const struct kb *kb, int org);

const struct code *kb_jep(const struct kb *kb, int bank, uint8_t id);
const struct code *kb_pci_vendor(const struct kb *kb, unsigned vendor);
const struct code *kb_usb_vendor(const struct kb *kb, unsigned vendor);
const struct code *kb_oui(const struct kb *kb, const char *oui6);
const struct code *kb_emmc(const struct kb *kb, const char *manfid);
/* A CPU vendor id as cpu-vendors.tsv keys it (lower case, no blanks). */
const struct code *kb_cpu(const struct kb *kb, const char *vendor);
const struct code *kb_nqn(const struct kb *kb, const char *domain);
/* Free-text name -> org (-1): the whole normalised string, then its first
 * two words, then its first word. */
int kb_name(const struct kb *kb, const char *s, size_t n);
const struct pattern *kb_match(const struct kb *kb, const struct patset *ps, unsigned fields,
			       const char *s, size_t n);
bool kb_placeholder(const struct kb *kb, const char *s, size_t n, const struct pattern **which);
/* Virtual devices: the row for a PCI vendor and device (device -1 when not
 * known: only whole-vendor rows), a USB vendor, a model string, an org. */
const struct vrow *kb_virtual_pci(const struct kb *kb, unsigned vendor, int device);
const struct vrow *kb_virtual_usb(const struct kb *kb, unsigned vendor);
const struct vrow *kb_virtual_model(const struct kb *kb, const char *model);
const struct vrow *kb_virtual_org(const struct kb *kb, int org);
const struct vrow *kb_virtual_transport(const struct kb *kb, const char *transport);
/* A host row (virtual.tsv "host") whose prefix starts s, an SMBIOS system
 * manufacturer or product name; NULL if none. */
const struct vrow *kb_virtual_host(const struct kb *kb, const char *s);
/* A cpuflag row whose flag is a word of flags ("hypervisor"), or NULL. */
const struct vrow *kb_virtual_cpuflag(const struct kb *kb, const char *flags);
/* Does org make its own NAND (nand) or DRAM (!nand) at date d?  NULL if not known to. */
const struct ownchip *kb_own_chips(const struct kb *kb, int org, bool nand, day_t d);

/* Normalise a free-text name for look-up: ASCII lower case, runs of
 * punctuation and space to one space, trimmed.  Returns the length. */
size_t name_normalise(const char *s, size_t n, char *out, size_t outsz);

#endif
