/*
 * cpuinfo.c — the processors from /proc/cpuinfo when SMBIOS gave none.
 *
 * Processors come from SMBIOS type 4, which only root may read.  Run as
 * another user (an agent under its own account, a container), collect found
 * none, and a measure naming a processor maker (NDAA FY2023 §5949: SMIC's
 * processors) had nothing to judge.  /proc/cpuinfo is readable by anyone: it
 * has one block per logical CPU, and on x86 each names its package ("physical
 * id"), the CPUID vendor string ("vendor_id") and model ("model name"); on
 * Arm, the MIDR implementer code ("CPU implementer") and part.  One component
 * per package, "cpu/cpuinfo-N", with the vendor id as cpu_vendor (identify
 * reads it against cpu-vendors.tsv), the model, and the logical CPUs counted.
 * Nothing is added when SMBIOS listed processors (they say more: socket,
 * serial) or when nothing else was read (capture_collect's "nothing read").
 */
#include "collect/collect.h"
#include "collect/proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PACKAGE 64 /* packages kept apart; more fold into the last */

struct package {
	bool seen;
	char vendor[128], model[128];
	unsigned threads;
};

/* The value after "key<tabs>: " on line (n bytes), into out; false when the
 * line is not that key. */
static bool value_of(const char *line, size_t n, const char *key, char *out, size_t cap)
{
	size_t k = strlen(key);
	if (n <= k || strncmp(line, key, k) || (line[k] != '\t' && line[k] != ' ' && line[k] != ':'))
		return false;
	const char *colon = memchr(line, ':', n);
	if (!colon)
		return false;
	const char *v = colon + 1, *end = line + n;
	while (v < end && *v == ' ')
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	size_t len = (size_t)(end - v) < cap - 1 ? (size_t)(end - v) : cap - 1;
	memcpy(out, v, len);
	out[len] = '\0';
	return true;
}

/* Fold one logical CPU's block (its lines) into its package. */
static void add_block(struct package *pk, const char *vendor, const char *model, int id)
{
	struct package *p = &pk[id < 0 ? 0 : id >= MAX_PACKAGE ? MAX_PACKAGE - 1 : id];
	if (!p->seen) {
		snprintf(p->vendor, sizeof p->vendor, "%s", vendor);
		snprintf(p->model, sizeof p->model, "%s", model);
		p->seen = true;
	}
	p->threads++;
}

static void parse(const char *text, struct package *pk)
{
	char vendor[128] = "", model[128] = "", v[120];
	int id = -1;
	bool in_block = false;
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if (value_of(line, n, "processor", v, sizeof v)) {
			if (in_block)
				add_block(pk, vendor, model, id);
			in_block = true;
			vendor[0] = model[0] = '\0';
			id = -1;
		} else if (value_of(line, n, "vendor_id", v, sizeof v)) {
			snprintf(vendor, sizeof vendor, "%s", v);
		} else if (value_of(line, n, "CPU implementer", v, sizeof v)) {
			snprintf(vendor, sizeof vendor, "arm-%s", v);
		} else if (value_of(line, n, "model name", v, sizeof v)) {
			snprintf(model, sizeof model, "%s", v);
		} else if (value_of(line, n, "physical id", v, sizeof v)) {
			char *end;
			long x = strtol(v, &end, 10);
			id = *end || x < 0 || x > 1 << 20 ? -1 : (int)x;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (in_block)
		add_block(pk, vendor, model, id);
}

bool cpuinfo_has_flag(const char *text, const char *flag)
{
	size_t fl = strlen(flag);
	const char *line = text;
	while (line && *line) {
		const char *next = strchr(line, '\n');
		size_t n = next ? (size_t)(next - line) : strlen(line);
		if (n > 5 && !strncmp(line, "flags", 5)) {
			const char *colon = memchr(line, ':', n);
			for (const char *w = colon; w && w < line + n;) {
				while (w < line + n && (*w == ' ' || *w == ':' || *w == '\t'))
					w++;
				const char *e = w;
				while (e < line + n && *e != ' ' && *e != '\t')
					e++;
				if ((size_t)(e - w) == fl && !strncmp(w, flag, fl))
					return true;
				w = e;
			}
			return false;
		}
		line = next ? next + 1 : NULL;
	}
	return false;
}

void collect_cpuinfo(struct collect_ctx *cc)
{
	struct inventory *inv = cc->inv;
	if (!inv->ncomps)
		return; /* nothing else read: capture_collect says so */
	for (size_t i = 0; i < inv->ncomps; i++)
		if (inv->comps[i].kind == KIND_CPU)
			return; /* SMBIOS listed them */
	const char *text = cc_cpuinfo(cc);
	if (text)
		cpuinfo_decode(inv, text, PROC_CPUINFO);
}

/* Kept in cc because collect_memory() reads the flags of the same file: one
 * read, so both judge the same text and a capture records it once. */
const char *cc_cpuinfo(struct collect_ctx *cc)
{
	if (!cc->cpuinfo_tried) {
		cc->cpuinfo_tried = true;
		struct strbuf text = STRBUF_INIT;
		if (cc_read(cc, PROC_CPUINFO, 4 << 20, &text, NULL) == 0)
			cc->cpuinfo = strbuf_detach(&text, NULL);
		strbuf_release(&text);
	}
	return cc->cpuinfo;
}

int cpuinfo_decode(struct inventory *inv, const char *text, const char *src)
{
	struct package *pk = calloc(MAX_PACKAGE, sizeof *pk);
	if (!pk)
		abort();
	parse(text, pk);
	int n = 0;
	for (int i = 0; i < MAX_PACKAGE; i++) {
		if (!pk[i].seen || (!pk[i].vendor[0] && !pk[i].model[0]))
			continue;
		char id[32], count[16];
		snprintf(id, sizeof id, "cpu/cpuinfo-%d", i);
		struct component *c = inventory_add(inv, KIND_CPU, id, src);
		component_set(inv, c, FK_CPU_VENDOR, 0, pk[i].vendor, src);
		component_set(inv, c, FK_MODEL, 0, pk[i].model, src);
		snprintf(count, sizeof count, "%u", pk[i].threads);
		component_set_extra(inv, c, "logical_cpus", 0, count, src);
		n++;
	}
	free(pk);
	return n;
}
