/*
 * collect.h — reading a machine's hardware straight from the kernel.
 *
 * Each source (SMBIOS, SPD, PCI, NVMe, block devices, USB, eMMC) is a function
 * taking a collect_ctx.  Sources read files only through the cc_* functions
 * below, which resolve paths under --root and record every path they touch.
 * That record is what `chipscreen capture` copies, so a capture holds exactly
 * what collect reads and replays to the same inventory.
 *
 * A source never fails the whole collection: what it cannot read goes into
 * inv->unread with the reason (permission, absent driver), what it reads and
 * finds wrong goes into inv->warnings, and the other sources carry on.
 */
#ifndef COLLECT_H
#define COLLECT_H

#include <stdbool.h>

#include "chipscreen.h"
#include "util/strbuf.h"

struct collect_ctx {
	const char *root; /* "/" or a captured tree */
	struct inventory *inv;
	/* Called with every path read, listed or followed ("/sys/..."), when set. */
	void (*record)(void *arg, const char *path);
	void *record_arg;
	/* /proc/cpuinfo as cc_cpuinfo() read it, for every source that needs it
	 * (processors, a virtual machine's memory): one read per run.  Zero
	 * before collect_all, which frees it. */
	char *cpuinfo;
	bool cpuinfo_tried;
};

/* Read a whole file under root; max caps its size.  -1 with err on failure. */
int cc_read(struct collect_ctx *cc, const char *path, size_t max, struct strbuf *out,
	    struct strbuf *err);
/* Read a sysfs attribute (trailing newline removed); -1 when absent or unreadable. */
int cc_attr(struct collect_ctx *cc, const char *path, struct strbuf *out);
/* Sorted names in a directory; -1 with err on failure. Free with free_names(). */
int cc_list(struct collect_ctx *cc, const char *dir, char ***names, struct strbuf *err);
/* Target of a symbolic link; -1 if not a link. */
int cc_readlink(struct collect_ctx *cc, const char *path, struct strbuf *out);
/* Does path exist under root (recorded too: absence is part of what was seen). */
bool cc_exists(struct collect_ctx *cc, const char *path);
/* The path as opened on this machine: root + path.  Valid until the next call. */
const char *cc_path(struct collect_ctx *cc, const char *path);

/* The sources, in the order collect runs them. */
void collect_host_facts(struct collect_ctx *cc); /* hostname, time, privileges */
void collect_smbios(struct collect_ctx *cc);     /* collect/smbios.c */
void collect_spd(struct collect_ctx *cc);        /* collect/spd.c */
void collect_pci(struct collect_ctx *cc);        /* collect/pci.c */
void collect_nvme(struct collect_ctx *cc);       /* collect/nvme.c */
void collect_block(struct collect_ctx *cc);      /* collect/block.c */
void collect_usb(struct collect_ctx *cc);        /* collect/usb.c */
void collect_emmc(struct collect_ctx *cc);       /* collect/emmc.c */
/* After the others: the processors from /proc/cpuinfo when SMBIOS gave none. */
void collect_cpuinfo(struct collect_ctx *cc); /* collect/cpuinfo.c */
/* After the others: the kernel's memory total when no module was read. */
void collect_memory(struct collect_ctx *cc); /* collect/memory.c */
/* The part "dimm/not-read" standing for memory that was not read, whose
 * maker is unknown for the reason why (its extra field memory.not_read). */
struct component *collect_memory_not_read(struct inventory *inv, const char *source,
					  const char *why); /* collect/memory.c */
/* /proc/cpuinfo's text, read on the first call and kept in cc for the later
 * ones; NULL when it could not be read (not retried either). */
const char *cc_cpuinfo(struct collect_ctx *cc); /* collect/cpuinfo.c */

/* Run every source into inv.  root NULL means "/". */
void collect_all(struct collect_ctx *cc);
/* Convenience: new context on inv and root, then collect_all(). */
void collect_run(struct inventory *inv, const char *root);

#endif
