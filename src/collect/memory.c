/*
 * memory.c — the machine's memory when no module could be read.
 *
 * Memory modules come from SMBIOS (type 17, root only) and SPD EEPROMs
 * (root, and a driver).  Run as another user, or where the kernel exposes
 * neither, collect finds no module at all; every machine has memory, and
 * measures name memory makers (Micron, CXMT).  A report that lists no memory
 * would read as if there were nothing to judge: a clear that should be a
 * question.  So when the sources before this one gave no module, the memory
 * the kernel counts (/proc/meminfo MemTotal, readable by anyone) becomes one
 * component, "dimm/not-read", whose maker is unknown for the reason those
 * sources gave (the extra field memory.not_read), and judge asks a person
 * about it under every binding rule that names a memory maker.
 *
 * A virtual machine's memory is the host's, which no measure reaches through
 * the guest: the CPU's "hypervisor" flag (/proc/cpuinfo; CPUID leaf 1, ECX
 * bit 31, which hypervisors set for their guests) is kept as the extra field
 * cpu.flags, and identify reads it against virtual.tsv's "cpuflag" rows.
 * On a virtual machine whose SMBIOS names its platform (QEMU, VMware),
 * inventory_bare_dimms() adds the system strings as for any bare module.
 *
 * The same part, without a total, stands for the memory devices of an SMBIOS
 * table cut short (collect/smbios.c): collect_memory_not_read() makes it for
 * both, so that identify and judge see one kind of unread memory.
 */
#include "collect/collect.h"
#include "collect/proc.h"
#include "collect/smbios.h"
#include "collect/spd.h"
#include "util/fileio.h"

#include <stdlib.h>
#include <string.h>

#define MEMINFO "/proc/meminfo"

unsigned long long meminfo_total(const char *text)
{
	const char *p = strstr(text, "MemTotal:");
	if (!p || (p != text && p[-1] != '\n'))
		return 0;
	p += strlen("MemTotal:");
	char *end;
	unsigned long long kb = strtoull(p, &end, 10);
	while (*end == ' ')
		end++;
	if (end == p || strncmp(end, "kB", 2) || kb == 0 || kb > (~0ULL >> 10))
		return 0;
	return kb << 10;
}

/* Why no module was read: the notes of the memory sources, else SMBIOS said
 * nothing of them. */
static void why_not_read(const struct inventory *inv, struct strbuf *why)
{
	for (size_t i = 0; i < inv->nunread; i++) {
		const struct note *n = &inv->unread[i];
		if (strcmp(n->what, SMBIOS_WHAT) && strcmp(n->what, SPD_WHAT))
			continue;
		/* the reason's first clause: the note itself, listed beside the
		 * components, says the rest (which driver, which dump) */
		size_t k = strcspn(n->reason, ":;(");
		strbuf_addf(why, "%s%s: %.*s", why->len ? "; " : "", n->what, (int)k, n->reason);
		while (why->len && why->buf[why->len - 1] == ' ')
			strbuf_setlen(why, why->len - 1);
	}
	if (!why->len)
		strbuf_addstr(why, "the SMBIOS tables list no memory device and no SPD EEPROM "
				   "was found");
}

struct component *collect_memory_not_read(struct inventory *inv, const char *source,
					  const char *why)
{
	struct component *c = inventory_add(inv, KIND_DIMM, DIMM_NOT_READ_ID, source);
	component_set_extra(inv, c, MEMORY_NOT_READ, 0, why, source);
	return c;
}

void collect_memory(struct collect_ctx *cc)
{
	struct inventory *inv = cc->inv;
	/* nothing else read either (a wrong --root, a container without /sys):
	 * that is an error of its own (capture_collect), which a memory total
	 * read from /proc must not turn into a machine */
	if (!inv->ncomps)
		return;
	for (size_t i = 0; i < inv->ncomps; i++)
		if (inv->comps[i].kind == KIND_DIMM)
			return; /* modules were read: they say more than a total */
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	unsigned long long total = 0;
	if (cc_read(cc, MEMINFO, 1 << 20, &text, NULL) == 0)
		total = meminfo_total(text.buf);
	if (!total) {
		strbuf_release(&text);
		return; /* no kernel count either: the unread notes say it all */
	}
	why_not_read(inv, &why);
	struct component *c = collect_memory_not_read(inv, MEMINFO, why.buf);
	/* rounded up to whole GiB: MemTotal is what the kernel keeps after its
	 * own reservations, which move a little with each kernel and boot; the
	 * exact figure would make every reboot a changed snapshot in the fleet
	 * and every host a part of its own.  The modules' sum is at least it */
	unsigned long long gib = 1ULL << 30;
	component_setf(inv, c, FK_SIZE_BYTES, 0, MEMINFO, "%llu", (total + gib - 1) / gib * gib);
	strbuf_release(&text);
	const char *cpuinfo = cc_cpuinfo(cc); /* read by collect_cpuinfo() when it ran */
	if (cpuinfo && cpuinfo_has_flag(cpuinfo, "hypervisor"))
		component_set_extra(inv, c, CPU_FLAGS, 0, "hypervisor", PROC_CPUINFO);
	strbuf_release(&why);
}
