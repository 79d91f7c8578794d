/*
 * chipscreen.h — the core types, shared by every stage.
 *
 * The pipeline (see doc/design.md):
 *
 *   collect / import ──► inventory ──► identify ──► attributions ──► judge ──► findings ──► report
 *
 * An inventory is one host's components as read.  Each component keeps its
 * fields twice where it matters: the raw value exactly as read (JEP106 bytes
 * with their parity bits, hex-encoded part numbers, space-padded strings) and
 * the decoded value.  Every field names the file it came from, so a verdict can
 * always be traced back to bytes on disk.
 *
 * Memory: an inventory owns an arena (util/arena.h).  Every string and array
 * hanging off the inventory — fields, attributions, evidence — is allocated
 * there and freed at once with inventory_free().  Stages never free pieces.
 *
 * Stages talk through these types only; each stage's own header declares its
 * entry points (collect/collect.h, identify/identify.h, rules/judge.h, ...).
 */
#ifndef CHIPSCREEN_H
#define CHIPSCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/arena.h"

/* Exit statuses, as grep and linters use them. */
enum {
	EXIT_CLEAR = 0,    /* nothing found */
	EXIT_FINDINGS = 1, /* findings at or above the threshold */
	EXIT_ERROR = 2,    /* usage or input error */
};

/* The inventory JSON schema version (doc/inventory-schema.md). */
#define INVENTORY_SCHEMA "chipscreen-inventory/1"

/* ---------------------------------------------------------------------- */
/* Components                                                              */

enum kind {
	KIND_SYSTEM,    /* SMBIOS type 1 */
	KIND_BASEBOARD, /* SMBIOS type 2 */
	KIND_CHASSIS,   /* SMBIOS type 3 */
	KIND_BIOS,      /* SMBIOS type 0 */
	KIND_CPU,       /* SMBIOS type 4 */
	KIND_DIMM,      /* memory module: SMBIOS type 17 and/or SPD */
	KIND_PCI,       /* PCI function */
	KIND_NVME,      /* NVMe controller */
	KIND_DISK,      /* SATA, SAS, virtio, USB block device */
	KIND_USB,       /* USB device */
	KIND_EMMC,      /* eMMC / SD card */
	KIND_PART,      /* a line of a purchase order or asset register */
	KIND_OTHER,
	KIND__COUNT
};

/*
 * Field keys.  The names (field_key_name) are the JSON keys of
 * doc/inventory-schema.md; adding one means adding it there and in
 * util/fields.c.  FK_EXTRA carries a free name for anything an importer
 * reads that has no key yet, so no data is dropped.
 */
enum fkey {
	FK_MANUFACTURER, /* free-text maker string as read (SMBIOS, USB, SCSI vendor) */
	FK_PRODUCT,      /* product name (SMBIOS system/board, USB product string) */
	FK_MODEL,        /* drive / device model string */
	FK_PART_NUMBER,  /* module or part number */
	FK_SERIAL,
	FK_UUID,
	FK_VERSION,
	FK_FIRMWARE,
	FK_REVISION,
	FK_ASSET_TAG,
	FK_LOCATOR, /* SMBIOS device locator, e.g. "DIMM_A1" */
	FK_BANK_LOCATOR,
	FK_SIZE_BYTES,
	FK_MEMORY_TYPE, /* "DDR4", "DDR5", ... */
	FK_FORM_FACTOR,
	FK_SPEED_MTS,
	FK_RANKS,
	FK_JEDEC_MODULE, /* JEP106 module maker: 4 hex digits, cont. byte then id byte, parity kept
			  */
	FK_JEDEC_DRAM,   /* JEP106 DRAM maker, same form */
	FK_JEDEC_CONTROLLER, /* SMBIOS 0x30 Memory Subsystem Controller Manufacturer ID */
	FK_JEDEC_REGISTER,   /* RCD maker */
	FK_MANUFACTURE_DATE, /* "2024-W07" (SPD) or "2024-02-14" */
	FK_SPD_CRC,          /* "ok" or "bad: stored 0x1234, computed 0x5678" */
	FK_PCI_ADDRESS,      /* "0000:3b:00.0" */
	FK_PCI_VENDOR,       /* 4 lower-case hex digits */
	FK_PCI_DEVICE,
	FK_PCI_SUBVENDOR,
	FK_PCI_SUBDEVICE,
	FK_PCI_CLASS, /* 6 hex digits */
	FK_PCI_REVISION,
	FK_USB_VENDOR, /* 4 lower-case hex digits */
	FK_USB_PRODUCT,
	FK_USB_BCD_DEVICE,
	FK_USB_CLASS,
	FK_NVME_SUBSYSNQN,
	FK_WWID,
	FK_EUI64,
	FK_NGUID,
	FK_IEEE_OUI,    /* 6 lower-case hex digits */
	FK_TRANSPORT,   /* "nvme", "sata", "sas", "virtio", "usb", "mmc" */
	FK_DEVICE,      /* kernel name: "sda", "nvme0", "1-1.2" */
	FK_EMMC_MANFID, /* "0x000013" as in sysfs */
	FK_EMMC_OEMID,
	FK_EMMC_NAME,
	FK_SOCKET,
	FK_SUPPLIER, /* purchase records */
	FK_QUANTITY,
	FK_ACQUIRED, /* YYYY-MM-DD the part was acquired */
	FK_SITE,
	FK_PURPOSE, /* declared use, e.g. "public-safety" (profile purpose vocabulary) */
	FK_TAG,
	FK_FIRST_SEEN, /* YYYY-MM-DD the fleet store first saw the part: acquired by then */
	/* The CPU's vendor id: the x86 CPUID vendor string as /proc/cpuinfo's
	 * vendor_id shows it ("GenuineIntel"), or "arm-0xNN", an Arm CPU
	 * implementer code.  Before FK_EXTRA, after the others: the fleet store
	 * orders a part's fields by this enum, and existing parts keep theirs. */
	FK_CPU_VENDOR,
	FK_EXTRA, /* any other key: struct field.name holds it */
	FK__COUNT
};

/* Field flags. */
enum {
	FIELD_RAW = 1u << 0,       /* exactly as read; otherwise decoded by collect/import */
	FIELD_UNTRUSTED = 1u << 1, /* read from a source that failed its own check (bad SPD CRC) */
};

struct field {
	enum fkey key;
	unsigned flags;
	const char *name;   /* only for FK_EXTRA */
	const char *value;  /* valid UTF-8: bytes that are not are kept as \xNN escapes */
	const char *source; /* file it came from, relative to the root, plus "#detail" */
};

struct attribution; /* identify/identify.h */

struct component {
	enum kind kind;
	const char *id;     /* unique within the host: "dimm/DIMM_A1", "pci/0000:3b:00.0" */
	const char *source; /* the main file it was read from */
	struct field *fields;
	size_t nfields, capfields;
	struct attribution *attr; /* NULL until identify has run */
};

/*
 * Memory that was not read module by module (the kernel shows no module to a
 * user, an SMBIOS table or dmidecode dump cut short, an inventory without
 * modules): one part with this id, whose extra field MEMORY_NOT_READ says
 * why, and, on a CPU that reports a hypervisor, CPU_FLAGS the flags that
 * say so.  Written by collect (collect_memory_not_read) and import
 * (imp_memory_not_read), read by identify (the maker's unknown reason, a
 * guest's memory): one name for each, here, where all three may look.
 */
#define DIMM_NOT_READ_ID "dimm/not-read"
#define MEMORY_NOT_READ "memory.not_read"
#define CPU_FLAGS "cpu.flags"

/* Something that could not be read, or was read and found wrong. */
struct note {
	const char *path;   /* file or directory concerned */
	const char *what;   /* "SMBIOS tables", "SPD EEPROM", ... */
	const char *reason; /* human-readable: "permission denied: run as root" */
};

struct host {
	const char *hostname;
	const char *vendor; /* system manufacturer */
	const char *product;
	const char *serial;
	const char *uuid;
	const char *collected_at; /* ISO 8601 UTC */
	const char *collector;    /* "chipscreen collect 0.1.0", "import dmidecode" */
	const char *root;         /* "/" or the captured tree read */
	const char *smbios_version;
	bool is_root; /* collected with root privileges */
};

struct inventory {
	struct arena *arena;
	struct host host;
	struct component *comps;
	size_t ncomps, capcomps;
	struct note *unread; /* what could not be read, and why */
	size_t nunread, capunread;
	struct note *warnings; /* bad input: checksum, truncation, hostile strings */
	size_t nwarnings, capwarnings;
	/* records an importer found and could not read (a malformed CSV row, a
	 * CycloneDX component without its type, a dmidecode record without its
	 * type line, ...: import/imp_skip, each warned about): whatever part
	 * they held was not judged, so a scan of them cannot say "nothing found" */
	size_t nskipped;
};

/* util/inventory.c */
struct inventory *inventory_new(void);
void inventory_free(struct inventory *inv);
struct component *inventory_add(struct inventory *inv, enum kind kind, const char *id,
				const char *source);
struct component *inventory_find(struct inventory *inv, const char *id);
/*
 * One device listed twice (an NVMe controller and its PCI function): fold
 * comps[from] into comps[into] and drop it.  The fields only it has move over
 * with their sources, the extra field pci_component keeps its id.  Only when
 * the two agree on every field they share; otherwise both stay, with a
 * warning saying why they were taken for one ("have <why> but differ in ...").
 * comps[into] moves down one place when from < into.
 */
bool inventory_fold(struct inventory *inv, size_t into, size_t from, const char *why);
/*
 * A memory module that names no maker (no manufacturer, part number, JEDEC
 * id, model or product, or only the words of field_no_value) among
 * comps[from..] gets the host's SMBIOS system manufacturer and product name
 * as extras smbios.system_vendor and smbios.system_product, source src: in
 * a virtual machine's SMBIOS (VMware's "RAM slot #0", Xen's DIMMs) such a
 * module is the hypervisor's memory, and identify can say so from them
 * (virtual.tsv "host" rows).  Copied onto the module, not looked up on the
 * host, so that the module's part in the fleet store says the same.  One
 * implementation for collect (live and --root) and every importer.
 */
void inventory_bare_dimms(struct inventory *inv, size_t from, const char *src);
/*
 * An inventory that holds no component: nothing was read from the input (a
 * host stored by an older version, which took uploads without components, or
 * a machine none of whose sources could be read).  No part was judged, so it
 * is never a clean host: REVIEW, shown with this status and reason by scan,
 * fleet, hosts, report and the server alike.
 */
#define NOTHING_READ_STATUS "NOTHING-READ"
#define NOTHING_READ_REASON                                                                      \
	"nothing was read: the inventory holds no component (stored by an older version, or "     \
	"none of the machine's sources could be read), so no part was judged; collect it again "  \
	"(as root) and import it"
/* Whether v is blank or one of the words SMBIOS readers print for a string
 * that is not there ("Not Specified", "Not Provided", dmidecode's
 * "<BAD INDEX>" and "<OUT OF SPEC>"), which some firmware writes as strings. */
bool field_no_value(const char *v);
/* A copy of s in the inventory's arena, made valid UTF-8 as field values are. */
const char *inventory_strdup(struct inventory *inv, const char *s);
const char *inventory_strndup(struct inventory *inv, const char *s, size_t n);
void inventory_unread(struct inventory *inv, const char *path, const char *what,
		      const char *reason);
void inventory_warn(struct inventory *inv, const char *path, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Set a field.  value is copied into the arena and made valid UTF-8;
 * trailing spaces and NULs (SMBIOS, NVMe padding) are kept for raw fields and
 * trimmed for decoded ones.  A NULL or empty value sets nothing.  A second set
 * of the same key and rawness replaces the first.
 */
struct field *component_set(struct inventory *inv, struct component *c, enum fkey key,
			    unsigned flags, const char *value, const char *source);
/* Same, for bytes that may hold NULs or no terminator (firmware strings). */
struct field *component_set_bytes(struct inventory *inv, struct component *c, enum fkey key,
				  unsigned flags, const void *bytes, size_t n, const char *source);
struct field *component_set_extra(struct inventory *inv, struct component *c, const char *name,
				  unsigned flags, const char *value, const char *source);
struct field *component_set_extra_bytes(struct inventory *inv, struct component *c,
					const char *name, unsigned flags, const void *bytes,
					size_t n, const char *source);
/* The trimming a field's value gets: none for a raw field; for a decoded one,
 * trailing spaces, tabs, newlines and NULs and leading spaces and tabs.  *n
 * becomes the trimmed length; the return is how many leading bytes to skip. */
size_t field_trim(const char *value, size_t *n, unsigned flags);
struct field *component_setf(struct inventory *inv, struct component *c, enum fkey key,
			     unsigned flags, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* The decoded value of key if there is one, else the raw one, else NULL. */
const char *component_get(const struct component *c, enum fkey key);
const struct field *component_field(const struct component *c, enum fkey key, bool raw);

const char *kind_name(enum kind k);
int kind_from_name(const char *name); /* -1 if unknown */
const char *field_key_name(enum fkey k);
int field_key_from_name(const char *name); /* FK_EXTRA if unknown */

/* ---------------------------------------------------------------------- */
/* Attribution (filled by identify)                                        */

enum confidence {
	CONF_NONE = 0,
	CONF_WEAK,    /* from a free-text name */
	CONF_STRONG,  /* from a part-number or model pattern */
	CONF_CERTAIN, /* from a registered code: JEP106, PCI/USB vendor id, OUI */
};

struct evidence {
	const char *field;  /* field key the value came from */
	const char *raw;    /* the value as read */
	const char *rule;   /* what matched: "JEP106 bank 1 0x2C", "part /^MTA/" */
	const char *source; /* the knowledge row's source column */
	const char *org;    /* organisation this evidence points to */
	enum confidence conf;
};

struct maker {
	const char *org;  /* organisation id ("micron"), NULL when unknown */
	const char *name; /* display name */
	enum confidence conf;
	const char *unknown_reason; /* set when org is NULL */
	struct evidence *ev;
	size_t nev;
};

struct attribution {
	struct maker maker;         /* who made the part */
	struct maker chip_maker;    /* who made the chips on it (DRAM; NAND only when visible) */
	bool has_chip;              /* does a chip maker apply to this kind of part */
	struct evidence *conflicts; /* signals that disagree with the chosen maker */
	size_t nconflicts;
	struct maker oem; /* the reseller a part names instead of its maker (PCI subsystem
			   * vendor, "HP" on a DIMM); org NULL when none */
	const char *virtual_reason; /* a virtual or emulated device (virtio, a hypervisor's
				     * memory): why; NULL for hardware.  No restriction
				     * reaches it (data/virtual.tsv) */
};

const char *confidence_name(enum confidence c);
int confidence_from_name(const char *name); /* -1 if unknown */

/* ---------------------------------------------------------------------- */
/* Verdicts (filled by judge)                                              */

/* Ordered from least to most severe, so comparisons work. */
enum verdict {
	V_CLEAR = 0,
	V_INFO,
	V_REVIEW,
	V_LICENSE,
	V_NO_NEW_PURCHASE,
	V_REMOVE_BY,
	V_PROHIBITED,
	V__COUNT
};

const char *verdict_name(enum verdict v); /* "PROHIBITED", "REMOVE-BY", ... */
int verdict_from_name(const char *name);  /* -1 if unknown; case-insensitive */

/* Dates are days since 1970-01-01 (util/date.h); 0 means "none". */
typedef int32_t day_t;

/*
 * One verdict: a component judged against one rule, for one profile, as of
 * one date.  judge (rules/) fills it; report/ renders it; store/ keeps it.
 * Strings are copies (in the inventory's arena) so a finding outlives the
 * rule set it came from and can be stored and compared across versions.
 */
struct finding {
	const struct component *comp;
	enum verdict verdict;
	bool binding; /* false: the measure names the maker but does not bind this operator */
	const char *rule_id;      /* "cn-cac-micron-2023" */
	const char *rule_version; /* version of the rule set the rule came from */
	const char *rule_title;
	const char *authority;    /* "Cyberspace Administration of China" */
	const char *jurisdiction; /* "CN" */
	const char *citation;     /* official citation */
	const char *url;
	const char *rule_confidence; /* "confirmed" or "unverified" */
	day_t effective;             /* when the measure took effect */
	day_t deadline;              /* REMOVE-BY: the date; else 0 */
	const char *deadline_what;   /* what the deadline requires */
	const char *org;             /* organisation the rule names, as attributed */
	const char *org_name;
	const char *via;      /* "maker" or "chip_maker": which attribution matched */
	const char *relation; /* "Crucial is a brand of Micron", or NULL when the party itself */
	const char *acquired; /* basis for the acquisition date, or "unknown" */
	const char *reach;    /* what the measure's wording says about components */
	const char *reason;   /* one or two sentences: why this verdict */
	const char *brief;    /* a few words for compact listings of INFO findings ("binds
			       * federal_contractor=yes, not this profile"); NULL otherwise */
};

/* A scan's outcome: one host, one profile (or none: the exposure view), one date. */
struct scan_result {
	struct inventory *inv;
	const char *profile; /* profile name, NULL for the exposure view */
	day_t date;          /* judged as of */
	const char *ruleset_version;
	struct finding *findings;
	size_t nfindings, capfindings;
	/* findings[nfindings .. nfindings + nhidden): below scan --min-verdict,
	 * not listed, but counted in the summary and in each component's status */
	size_t nhidden;
};

#endif
