/*
 * group.c — which inputs are one machine (the rules are in group.h).
 */
#include "import/group.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The role of each format, by enum value: a format added to import.h and not
 * here reads as 0, GROUP_STANDALONE, which merges it with nothing. */
static const enum group_role roles[IMPORT__COUNT] = {
	[IMPORT_INVENTORY_JSON] = GROUP_STANDALONE,
	[IMPORT_DMIDECODE] = GROUP_WHOLE_MACHINE,
	[IMPORT_SMARTCTL_TEXT] = GROUP_PART_OF_MACHINE,
	[IMPORT_SMARTCTL_JSON] = GROUP_PART_OF_MACHINE,
	[IMPORT_LSPCI] = GROUP_WHOLE_MACHINE,
	[IMPORT_LSUSB] = GROUP_WHOLE_MACHINE,
	[IMPORT_CYCLONEDX] = GROUP_STANDALONE,
	[IMPORT_CSV] = GROUP_STANDALONE,
	/* an SPD dump is one module of a machine: merged onto it (by serial or
	 * part number) when given with that machine's dmidecode */
	[IMPORT_SPD] = GROUP_PART_OF_MACHINE,
	[IMPORT_DECODE_DIMMS] = GROUP_PART_OF_MACHINE,
	[IMPORT_LSHW_JSON] = GROUP_WHOLE_MACHINE,
	[IMPORT_LSHW_XML] = GROUP_WHOLE_MACHINE,
	[IMPORT_GLPI] = GROUP_WHOLE_MACHINE,
};

enum group_role group_role(enum import_format f)
{
	return f > IMPORT_AUTO && f < IMPORT__COUNT ? roles[f] : GROUP_STANDALONE;
}

const char *group_role_name(enum group_role r)
{
	static const char *const names[] = {"standalone", "whole-machine", "part-of-machine"};
	return (unsigned)r < 3 ? names[r] : "standalone";
}

static struct group_machine *new_machine(struct group_plan *p, size_t cap, bool user)
{
	p->m = xreallocarray(p->m, p->n + 1, sizeof *p->m);
	struct group_machine *m = &p->m[p->n++];
	m->v = xcalloc(cap, sizeof *m->v);
	m->n = 0;
	m->user_grouped = user;
	return m;
}

/* The non-standalone inputs of one user group: one machine or several. */
static void plan_group(const struct group_input *in, const size_t *idx, size_t k, bool user,
		       struct group_plan *out)
{
	size_t count[IMPORT__COUNT] = {0}, whole = 0;
	bool twice = false;
	for (size_t i = 0; i < k; i++) {
		enum import_format f = in[idx[i]].fmt;
		if (group_role(f) == GROUP_WHOLE_MACHINE) {
			twice |= ++count[f] > 1;
			whole++;
		}
	}
	if (user && !twice) {
		struct group_machine *m = new_machine(out, k, true);
		for (size_t i = 0; i < k; i++)
			m->v[m->n++] = idx[i];
		return;
	}
	bool merged = false;
	for (size_t i = 0; i < k; i++) {
		bool w = group_role(in[idx[i]].fmt) == GROUP_WHOLE_MACHINE;
		if (w && !twice) {
			/* dmidecode + lspci + lsusb, one of each: one machine, placed
			 * where its first dump is */
			if (merged)
				continue;
			merged = true;
			struct group_machine *m = new_machine(out, whole, false);
			for (size_t j = i; j < k; j++)
				if (group_role(in[idx[j]].fmt) == GROUP_WHOLE_MACHINE)
					m->v[m->n++] = idx[j];
			continue;
		}
		struct group_machine *m = new_machine(out, 1, user);
		m->v[m->n++] = idx[i];
	}
}

void group_plan(const struct group_input *in, size_t n, bool one_host, struct group_plan *out)
{
	memset(out, 0, sizeof *out);
	size_t *idx = xcalloc(n + 1, sizeof *idx);
	bool *done = xcalloc(n + 1, sizeof *done);
	for (size_t i = 0; i < n; i++) {
		if (done[i] || in[i].fmt == IMPORT_AUTO)
			continue;
		if (group_role(in[i].fmt) == GROUP_STANDALONE) {
			struct group_machine *m = new_machine(out, 1, false);
			m->v[m->n++] = i;
			done[i] = true;
			continue;
		}
		/* every non-standalone input of this user group, in order */
		size_t k = 0;
		for (size_t j = i; j < n; j++)
			if (!done[j] && in[j].dir == in[i].dir && in[j].fmt != IMPORT_AUTO &&
			    group_role(in[j].fmt) != GROUP_STANDALONE) {
				idx[k++] = j;
				done[j] = true;
			}
		plan_group(in, idx, k, one_host || in[i].dir >= 0, out);
	}
	free(idx);
	free(done);
}

void group_plan_free(struct group_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->m[i].v);
	free(p->m);
	memset(p, 0, sizeof *p);
}

/* The value a file brought for one host fact, against the one read before. */
static void agree(struct inventory *inv, const char *path, const char *what, const char **slot,
		  const char *before)
{
	const char *now = *slot;
	if (before && now && strcmp(before, now))
		inventory_warn(inv, path, "host",
			       "its SMBIOS %s %s differs from %s, read before for the same machine: "
			       "are these inputs of one machine?",
			       what, now, before);
	if (before)
		*slot = before; /* the first one read stays */
}

int group_import_file(const char *path, enum import_format fmt, const struct import_options *opt,
		      struct inventory *inv, struct strbuf *err)
{
	const char *uuid = inv->host.uuid, *serial = inv->host.serial;
	/* let the file set its own values, then compare */
	inv->host.uuid = inv->host.serial = NULL;
	int rc = import_file(path, fmt, opt, inv, err);
	if (rc < 0) {
		inv->host.uuid = uuid;
		inv->host.serial = serial;
		return rc;
	}
	agree(inv, path, "UUID", &inv->host.uuid, uuid);
	agree(inv, path, "serial number", &inv->host.serial, serial);
	return 0;
}

/* Same text, both present. */
static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static bool differ(const char *a, const char *b)
{
	return a && b && strcmp(a, b);
}

size_t group_check_claims(const struct host *const *hosts, const char *const *names, size_t n,
			  struct strbuf *warn)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			const struct host *a = hosts[i], *b = hosts[j];
			bool su = same(a->uuid, b->uuid), ss = same(a->serial, b->serial);
			if (!su && !ss)
				continue;
			if (warn->len)
				strbuf_addch(warn, '\n');
			if (su && differ(a->serial, b->serial))
				strbuf_addf(warn,
					    "%s and %s claim one machine (SMBIOS UUID %s) but disagree "
					    "on its serial number (%s, %s): reported as two",
					    names[i], names[j], a->uuid, a->serial, b->serial);
			else if (ss && differ(a->uuid, b->uuid))
				strbuf_addf(warn,
					    "%s and %s claim one machine (serial number %s) but "
					    "disagree on its SMBIOS UUID (%s, %s): reported as two",
					    names[i], names[j], a->serial, a->uuid, b->uuid);
			else
				strbuf_addf(warn,
					    "%s and %s describe the same machine (%s %s): reported "
					    "as two; give one dump per machine",
					    names[i], names[j], su ? "SMBIOS UUID" : "serial number",
					    su ? a->uuid : a->serial);
			count++;
		}
	return count;
}
