/*
 * group.h — which inputs are one machine.  One implementation, shared by
 * `scan FILE...` and `import FILE|DIR...` (they used to disagree: scan merged
 * a Dell's and an HP's dmidecode dumps into one host that import split).
 *
 * Each format has a role (group_role):
 *
 *   standalone        a document of its own: a collect JSON file, a CycloneDX
 *                     BOM, a CSV of purchase records.  Never merged.
 *   whole-machine     one dump describes one whole machine: dmidecode,
 *                     lspci, lsusb (and lshw).  One dump, one machine.
 *   part-of-machine   one device of a machine: smartctl (one report per
 *                     drive).  Grouped with others only when the user says
 *                     so: the files sit in one directory (a directory per
 *                     host), or --host NAME names the one machine.
 *
 * A format this table does not know (one added to import.h later) is
 * standalone: never merged with anything, the conservative reading.
 *
 * The plan (group_plan), for the inputs of one user group (a directory, or
 * the command line) in order:
 *
 *   - standalone inputs: one machine each;
 *   - the rest, when the user said they are one machine (a directory, or
 *     --host): one machine, unless two dumps of one whole-machine format
 *     are there (two dmidecode dumps are two machines): then one each;
 *   - on the command line without --host: whole-machine dumps of different
 *     formats (dmidecode + lspci + lsusb) are one machine when no format
 *     appears twice, else one machine per dump; each smartctl report is a
 *     machine of its own.
 *
 * Reading a machine's inputs (group_import_file) also checks that they agree
 * on the SMBIOS UUID and serial: two inputs that claim one machine but
 * disagree leave a warning in the inventory, naming both values.
 */
#ifndef IMPORT_GROUP_H
#define IMPORT_GROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "import/import.h"

enum group_role { GROUP_STANDALONE, GROUP_WHOLE_MACHINE, GROUP_PART_OF_MACHINE };

/* The role of a format; GROUP_STANDALONE for any format not listed. */
enum group_role group_role(enum import_format f);
const char *group_role_name(enum group_role r); /* "whole-machine", ... */

struct group_input {
	const char *path;
	enum import_format fmt; /* IMPORT_AUTO: not recognised (never planned) */
	int dir;                /* the user's group: a directory's index; -1 the command line */
};

/* One machine: indexes into the inputs, in input order. */
struct group_machine {
	size_t *v;
	size_t n;
	bool user_grouped; /* a directory or --host said these are one machine */
};

struct group_plan {
	struct group_machine *m;
	size_t n;
};

/* Plan the machines of inputs in[0..n) (unrecognised inputs are left out),
 * in the order of their first input.  one_host: --host NAME was given. */
void group_plan(const struct group_input *in, size_t n, bool one_host, struct group_plan *out);
void group_plan_free(struct group_plan *p);

/* import_file into inv, one of a machine's inputs, checking that its SMBIOS
 * UUID and serial agree with those read before for the machine. */
int group_import_file(const char *path, enum import_format fmt, const struct import_options *opt,
		      struct inventory *inv, struct strbuf *err);

/*
 * Machines planned apart that claim to be one: the same SMBIOS UUID or serial
 * number on two of them (n hosts, named by names).  Appends one line per pair
 * to warn ("a.txt and b.txt claim one machine (SMBIOS UUID ...) but disagree
 * on its serial number"); returns the number of pairs.
 */
size_t group_check_claims(const struct host *const *hosts, const char *const *names, size_t n,
			  struct strbuf *warn);

#endif
