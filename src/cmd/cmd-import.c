/*
 * cmd-import.c — `chipscreen import FILE|DIR...`: read inventories and tool
 * outputs into the store, one host per transaction.
 *
 * Files are taken in the order given, directories walked in name order.
 * Each file's format is detected from its content (--format forces one).
 * How files become hosts (doc/fleet.md, "Importing"):
 *
 *   - a chipscreen collect JSON file, or a CycloneDX BOM, is one host;
 *   - a CSV purchase order or asset register is one host of purchase
 *     records per site named in it (or one for the file);
 *   - tool outputs (dmidecode, smartctl, lspci, lsusb) named together on the
 *     command line, or found in one directory, describe one machine — unless
 *     there are two outputs of a tool that describes a whole machine
 *     (dmidecode, lspci, lsusb), in which case each file is its own host.
 *
 * A file that cannot be read is rejected with its name and the reason and
 * the others go on; the exit status is then 2.
 *
 * This file parses the options, plans the inputs into hosts and writes them
 * into the store, in input order, on this thread.  Reading and parsing the
 * collect JSON files ahead, on worker threads, is import/pipeline.c's job;
 * what a worker does for the store (fleet_prepare) is handed to it as calls.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "collect/capture.h"
#include "import/group.h"
#include "import/import.h"
#include "import/pipeline.h"
#include "partdate.h"
#include "rules/rules.h"
#include "util/date.h"
#include "inventory-json.h"
#include "store/fleet.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/progress.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"usage: chipscreen import [--db FILE] [--format F] [--host NAME] [--site SITE]\n"
	"                         [--tag TAG]... [--map FIELD=COLUMN]... [--delimiter C]\n"
	"                         [--date-order dmy|mdy] [--acquired D] [--register FILE]\n"
	"                         [-q] [-v] FILE|DIR...\n"
	"\n"
	"Import inventories into the store: chipscreen collect JSON files (one host\n"
	"each), dmidecode, smartctl (-x text or --json), lspci, lsusb, CycloneDX BOMs\n"
	"and CSV purchase orders or asset registers.  A host's new snapshot is kept\n"
	"when it differs from its last one.\n"
	"\n"
	"      --db FILE        the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -f, --format F       read every file as F: inventory-json, dmidecode, smartctl,\n"
	"                       smartctl-json, lspci, lsusb, cyclonedx, csv, spd,\n"
	"                       decode-dimms, lshw, lshw-xml, glpi\n"
	"  -H, --host NAME      the host's name, for tool outputs that carry none (and\n"
	"                       instead of the one they carry); one host only\n"
	"  -s, --site SITE      label the hosts with a site (a CSV site column wins)\n"
	"  -t, --tag TAG        label the hosts with a tag (repeatable)\n"
	"  -m, --map F=COL      CSV: read field F from column COL (header or number):\n"
	"                       supplier, manufacturer, part_number, model, quantity,\n"
	"                       date, site, serial, tag, purpose, po_number, description\n"
	"      --delimiter C    CSV: the field separator (default: detected)\n"
	"      --date-order O   CSV: read dates like 03/04/2024 as dmy or mdy\n"
	"      --register FILE  an asset register (CSV: host name, serial or asset tag, and\n"
	"                       a purchase date): each host it names gets that date for\n"
	"                       its parts without their own record\n"
	"      --acquired D     the hosts' parts were acquired on D (unless a record says\n"
	"                       otherwise; a part made later keeps its manufacture date)\n"
	"  -q, --quiet          no progress and no summary\n"
	"  -v, --verbose        one line per host\n"
	"      --jobs N         threads reading collect JSON (default: one per CPU)\n"
	"      --commit-every N commit every N hosts, so that an import killed midway\n"
	"                       keeps them (default: the whole import is one transaction)\n"
	"\n"
	"Which inputs are one machine (as scan decides): the tool outputs of one\n"
	"directory, or all of them with --host, are one machine; on the command line,\n"
	"one dmidecode, lspci and lsusb dump together are one machine, and each\n"
	"smartctl report is a machine of its own.  Two dumps of one tool are two\n"
	"machines.\n"
	"Exit status: 0 every file imported, 2 a file was rejected, held records that\n"
	"could not be read, or an error.\n";

#define HELP_SHOWN (-1)

struct opts {
	const char *db, *host, *site;
	const char **tags;
	size_t ntags;
	enum import_format format;
	struct import_options io;
	int quiet, verbose, jobs;
	size_t commit_every;       /* hosts per transaction; 0: the whole import */
	day_t acquired;            /* --acquired: the parts without a record were acquired then */
	const char *register_path; /* --register: an asset register (host -> purchase date) */
	struct inventory *reg;     /* its rows */
	atomic_bool *reg_used;     /* per row: matched a host (set by the workers too) */
};

/* ---------------------------------------------------------------------- */
/* Inputs                                                                  */

struct input {
	char *path;
	int group;              /* files of one group may describe one machine */
	enum import_format fmt; /* detected, or IMPORT_AUTO: not recognised */
	bool capture;           /* a capture (capture_is_capture): one machine, as collect --root */
};

struct inputs {
	struct input *v;
	size_t n, cap;
	int ngroups;
	char **group_name; /* per group: the directory's name, or NULL (command line) */
	size_t errors;
};

static void add_input(struct inputs *in, const char *path, int group)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 64;
		in->v = xreallocarray(in->v, in->cap, sizeof *in->v);
	}
	in->v[in->n++] = (struct input){xstrdup(path), group, IMPORT_AUTO, false};
}

static int new_group(struct inputs *in, const char *name)
{
	in->group_name = xreallocarray(in->group_name, (size_t)in->ngroups + 1, sizeof(char *));
	in->group_name[in->ngroups] = name ? xstrdup(name) : NULL;
	return in->ngroups++;
}

/* A capture (capture_is_capture): one machine, read as `collect --root`
 * reads it; walked as a directory of files, its SPD EEPROMs were imported
 * as one host each and its sysfs attributes rejected one by one. */
static void add_capture(struct inputs *in, const char *path)
{
	add_input(in, path, new_group(in, NULL));
	in->v[in->n - 1].capture = true;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/*
 * The store and its companions (-wal, -shm) are not inputs, even inside a
 * directory given: known by device and inode, taken once, so the walk needs
 * no call per file to tell (resolving each path cost a second per 100,000
 * files, before the first was read).
 */
struct store_files {
	dev_t dev[3];
	ino_t ino[3];
	int n;
};

static void store_files_init(struct store_files *sf, const char *db)
{
	static const char *const suf[] = {"", "-wal", "-shm"};
	sf->n = 0;
	for (int i = 0; db && i < 3; i++) {
		struct strbuf p = STRBUF_INIT;
		struct stat st;
		strbuf_addf(&p, "%s%s", db, suf[i]);
		if (stat(p.buf, &st) == 0) {
			sf->dev[sf->n] = st.st_dev;
			sf->ino[sf->n++] = st.st_ino;
		}
		strbuf_release(&p);
	}
}

static bool is_store(const struct store_files *sf, dev_t dev, ino_t ino)
{
	for (int i = 0; i < sf->n; i++)
		if (sf->dev[i] == dev && sf->ino[i] == ino)
			return true;
	return false;
}

static void walk(struct inputs *in, const char *dir, const struct store_files *sf)
{
	struct dir_entry *ents;
	dev_t dev;
	struct strbuf err = STRBUF_INIT, path = STRBUF_INIT;
	int n = list_dir_entries(dir, &ents, &dev, &err);
	if (n < 0) {
		log_error("%s", err.buf);
		in->errors++;
		strbuf_release(&err);
		return;
	}
	int group = -1;
	char *trimmed = xstrdup(dir);
	size_t tl = strlen(trimmed);
	while (tl > 1 && trimmed[tl - 1] == '/')
		trimmed[--tl] = '\0';
	/* files first, then subdirectories: a directory's files stay together */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n; i++) {
			struct dir_entry *x = &ents[i];
			if (x->name[0] == '.')
				continue;
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", trimmed, x->name);
			struct stat st;
			if (x->type == DT_UNKNOWN) { /* a file system that does not say */
				if (lstat(path.buf, &st) < 0)
					continue;
				x->type = (unsigned char)IFTODT(st.st_mode);
				x->ino = st.st_ino;
			}
			if (x->type == DT_DIR) {
				if (pass == 1 && capture_is_capture(path.buf))
					add_capture(in, path.buf);
				else if (pass == 1)
					walk(in, path.buf, sf);
				continue;
			}
			if (pass == 1)
				continue;
			dev_t fdev = dev;
			ino_t fino = x->ino;
			if (x->type == DT_LNK) {
				/* links to directories are not followed */
				if (stat(path.buf, &st) < 0 || !S_ISREG(st.st_mode))
					continue;
				fdev = st.st_dev;
				fino = st.st_ino;
			} else if (x->type != DT_REG) {
				continue;
			}
			if (is_store(sf, fdev, fino))
				continue;
			if (capture_is_capture(path.buf)) {
				add_capture(in, path.buf);
				continue;
			}
			if (group < 0)
				group = new_group(in, base_name(trimmed));
			add_input(in, path.buf, group);
		}
	}
	free_dir_entries(ents, n);
	free(trimmed);
	strbuf_release(&err);
	strbuf_release(&path);
}

static void collect_inputs(struct inputs *in, int argc, char **argv, const char *db)
{
	int cmdline = -1;
	struct store_files sf;
	store_files_init(&sf, db);
	for (int i = 0; i < argc; i++) {
		if (capture_is_capture(argv[i])) {
			add_capture(in, argv[i]);
		} else if (is_dir(argv[i])) {
			size_t n0 = in->n, e0 = in->errors;
			walk(in, argv[i], &sf);
			/* a wrong or empty directory imports nothing: say so */
			if (in->n == n0 && in->errors == e0) {
				log_error("%s: no file to import in this directory or below it "
					  "(hidden files and links to directories are not read)",
					  argv[i]);
				in->errors++;
			}
		} else {
			if (cmdline < 0)
				cmdline = new_group(in, NULL);
			add_input(in, argv[i], cmdline);
		}
	}
}

static void free_inputs(struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->v[i].path);
	for (int i = 0; i < in->ngroups; i++)
		free(in->group_name[i]);
	free(in->group_name);
	free(in->v);
}

/* The format from the start of the file; IMPORT_AUTO when unknown or unreadable. */
static enum import_format sniff(const char *path)
{
	char buf[16384];
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return IMPORT_AUTO;
	size_t n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	enum import_format f = import_detect(buf, n, path);
	if (f == IMPORT_AUTO && n == sizeof buf) {
		/* a long preamble: look further, as import_detect would */
		struct strbuf data = STRBUF_INIT, err = STRBUF_INIT;
		if (read_file(path, IMPORT_MAX_FILE, &data, &err) == 0)
			f = import_detect(data.buf, data.len, path);
		strbuf_release(&data);
		strbuf_release(&err);
	}
	return f;
}

/* A document of its own (group.h): never merged with another input. */
static bool standalone(enum import_format f)
{
	return group_role(f) == GROUP_STANDALONE;
}

/* ---------------------------------------------------------------------- */
/* Importing                                                               */

struct totals {
	size_t files, rejected, hosts[3];
	size_t comps;
	bool rolled_back;  /* the (last) transaction failed: what it held is not stored */
	size_t hosts_lost; /* hosts counted in a transaction that was rolled back */
};

static const char *const outcome_word[] = {"new", "changed", "unchanged"};

static void report_host(const struct opts *o, const struct fleet_imported *r, const char *src)
{
	if (o->verbose && !o->quiet)
		printf("%-9s %s (%s): %zu components, %zu distinct parts  %s\n",
		       outcome_word[r->outcome], r->name, r->key, r->ncomps, r->nunits, src);
	/* a purchase line dated before the part it names was made */
	if (r->warning[0] && !o->quiet)
		log_warn("%s", r->warning);
}

static int store_host(struct fleet *f, const struct opts *o, struct inventory *inv,
		      struct fleet_host_opts *ho, struct totals *t)
{
	struct fleet_imported res;
	struct strbuf err = STRBUF_INIT;
	if (!ho->site)
		ho->site = o->site;
	ho->tags = o->tags;
	ho->ntags = o->ntags;
	int rc = fleet_import(f, inv, ho, &res, &err);
	if (rc < 0) {
		log_error("%s: %s", ho->sources, err.buf);
		t->rejected++;
	} else {
		t->hosts[res.outcome]++;
		t->comps += res.ncomps;
		report_host(o, &res, ho->sources);
	}
	strbuf_release(&err);
	return rc;
}

static void stem(char *out, size_t n, const char *path)
{
	snprintf(out, n, "%s", base_name(path));
	char *dot = strrchr(out, '.');
	if (dot && dot != out)
		*dot = '\0';
}

static const char *comp_site(const struct component *c)
{
	const char *s = component_get(c, FK_SITE);
	return s && *s ? s : NULL;
}

/* ---- the asset register (--register) ---- */

/* A register row's host name: a Host, Hostname, Host Name, Computer Name or
 * Device Name column (kept as an extra by the CSV reader). */
static const char *reg_hostname(const struct component *c)
{
	static const char *const names[] = {"host",        "hostname", "host_name", "computer_name",
					    "device_name", "computer", "name"};
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA)
			for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
				if (!strcmp(c->fields[i].name, names[k]))
					return c->fields[i].value;
	return NULL;
}

static bool same_ci(const char *a, const char *b)
{
	return a && b && *a && !strcasecmp(a, b);
}

/* Does register row r name this machine: its SMBIOS serial, one of its asset
 * tags, or its name? */
static bool reg_names(const struct component *r, const struct inventory *inv, const char *name)
{
	const char *serial = component_get(r, FK_SERIAL), *tag = component_get(r, FK_TAG);
	const char *host = reg_hostname(r);
	if (same_ci(serial, inv->host.serial) || same_ci(host, inv->host.hostname) ||
	    same_ci(host, name))
		return true;
	for (size_t i = 0; tag && i < inv->ncomps; i++)
		if (same_ci(tag, component_get(&inv->comps[i], FK_ASSET_TAG)))
			return true;
	return false;
}

/* The purchase date the register gives this machine, stamped on its parts
 * that have none of their own (as --acquired does, with the row as source). */
static void register_apply(const struct opts *o, struct inventory *inv, const char *name)
{
	if (!o->reg)
		return;
	for (size_t i = 0; i < o->reg->ncomps; i++) {
		const struct component *r = &o->reg->comps[i];
		const struct field *d = component_field(r, FK_ACQUIRED, false);
		day_t day = d ? date_parse(d->value) : 0;
		if (!day || !reg_names(r, inv, name))
			continue;
		atomic_store(&o->reg_used[i], true);
		part_date_stamp(inv, day, d->source ? d->source : o->register_path);
		return;
	}
}

/* Read the register: its rows must give a date and a host. */
static int register_load(struct opts *o)
{
	struct strbuf err = STRBUF_INIT;
	struct import_options io = o->io;
	io.csv_register = true;
	o->reg = inventory_new();
	if (import_file(o->register_path, IMPORT_CSV, &io, o->reg, &err) < 0) {
		log_error("--register %s", err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	o->reg_used = calloc(o->reg->ncomps + 1, sizeof *o->reg_used);
	size_t usable = 0;
	for (size_t i = 0; i < o->reg->ncomps; i++) {
		const struct component *r = &o->reg->comps[i];
		bool key =
			component_get(r, FK_SERIAL) || component_get(r, FK_TAG) || reg_hostname(r);
		bool day = component_field(r, FK_ACQUIRED, false) != NULL;
		if (key && day)
			usable++;
		else
			log_warn("%s: row %s gives no %s: not used", o->register_path,
				 r->id + strlen("part/"),
				 key ? "purchase date" : "host (name, serial or asset tag)");
	}
	if (!usable) {
		log_error("--register %s: no row gives a host and a purchase date",
			  o->register_path);
		return -1;
	}
	return 0;
}

/* Rows that named no host imported: said, so a typo in a serial is seen. */
static void register_unused(const struct opts *o)
{
	for (size_t i = 0; o->reg && i < o->reg->ncomps; i++) {
		const struct field *d = component_field(&o->reg->comps[i], FK_ACQUIRED, false);
		if (!atomic_load(&o->reg_used[i]) && d)
			log_warn("%s: names no host imported here (by host name, SMBIOS serial or "
				 "asset tag)",
				 d->source ? d->source : o->register_path);
	}
}

/* What scan shows about a file (skipped title lines, an ambiguous date, a
 * stray quote, the columns used), import says on stderr: an import is not
 * quieter than a scan of the same file. */
static void file_warnings(const struct opts *o, const struct inventory *inv)
{
	if (o->quiet)
		return;
	for (size_t i = 0; i < inv->nwarnings; i++) {
		const struct note *n = &inv->warnings[i];
		if (n->what && !strcmp(n->what, CSV_COLUMNS_NOTE))
			log_note("%s: %s", n->path, n->reason);
		else
			log_warn("%s: %s", n->path, n->reason);
	}
}

/* A declared product class that is no class (a typo) would judge as
 * "unknown" in every fleet report: refused here as scan refuses it (the
 * rules' vocabulary is read only when a record declares a class). */
static int declared_classes_ok(const struct inventory *inv, struct strbuf *err)
{
	bool declared = false;
	for (size_t i = 0; i < inv->ncomps && !declared; i++)
		for (size_t k = 0; k < inv->comps[i].nfields && !declared; k++)
			declared = inv->comps[i].fields[k].key == FK_EXTRA &&
				   !strcmp(inv->comps[i].fields[k].name, "product_class");
	if (!declared)
		return 0;
	struct ruleset *rs = ruleset_load(NULL, err);
	if (!rs)
		return -1;
	int rc = product_class_check(rs, inv, err);
	ruleset_free(rs);
	return rc;
}

/* The machines already stored whose parts carry a serial number a line of
 * the purchase record names: a new snapshot each, those parts dated by the
 * lines (store/fleet.h, fleet_relink). */
static int relink(struct fleet *f, const struct opts *o, const char *path,
		  const struct inventory *po, struct totals *t)
{
	struct strbuf err = STRBUF_INIT;
	int64_t *hosts;
	size_t n;
	int rc = fleet_purchase_hosts(f, po, &hosts, &n, &err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct fleet_imported res;
		if (fleet_relink(f, hosts[i], path, &res, &err) < 0) {
			rc = -1;
		} else if (res.outcome != FLEET_UNCHANGED) {
			t->hosts[res.outcome]++;
			report_host(o, &res, path);
		}
	}
	if (rc < 0) {
		log_error("%s: dating the parts its serial numbers name: %s", path, err.buf);
		t->rejected++;
	}
	free(hosts);
	strbuf_release(&err);
	return rc;
}

/* Records path held that could not be read (n, counted by its importer:
 * inventory.nskipped) are not in the store: the rest is stored, and the
 * import is not a success (as scan).  -1 when n. */
static int skipped_records(const char *path, size_t n)
{
	if (!n)
		return 0;
	log_error("%s: %zu record%s could not be read (the warnings name %s): not in the "
		  "store, so no fleet report judges %s; correct the file and import it again",
		  path, n, n == 1 ? "" : "s", n == 1 ? "it" : "them", n == 1 ? "it" : "them");
	return -1;
}

/* Purchase records: one host per site named in the file (or one for the file). */
static int import_records(struct fleet *f, const struct opts *o, const char *path,
			  enum import_format fmt, struct totals *t)
{
	struct inventory *all = inventory_new();
	struct strbuf err = STRBUF_INIT;
	int rc = import_file(path, fmt, &o->io, all, &err);
	if (rc == 0 && declared_classes_ok(all, &err) < 0)
		rc = -1;
	if (rc < 0) {
		log_error("%s", err.buf);
		t->rejected++;
		goto out;
	}
	file_warnings(o, all);
	part_date_stamp(all, o->acquired, "import --acquired");
	for (size_t i = 0; i < all->ncomps; i++) {
		const char *site = comp_site(&all->comps[i]);
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++) {
			const char *s = comp_site(&all->comps[k]);
			seen = (s == NULL) == (site == NULL) && (!s || !strcmp(s, site));
		}
		if (seen)
			continue;
		struct inventory *sub = inventory_new();
		sub->host = all->host;
		sub->warnings = all->warnings;
		sub->nwarnings = all->nwarnings;
		for (size_t k = i; k < all->ncomps; k++) {
			const char *s = comp_site(&all->comps[k]);
			if ((s == NULL) != (site == NULL) || (s && strcmp(s, site)))
				continue;
			*ARENA_PUSH(sub->arena, sub->comps, sub->ncomps, sub->capcomps) =
				all->comps[k];
		}
		struct strbuf key = STRBUF_INIT, name = STRBUF_INIT;
		const char *o_host = o->host ? o->host : base_name(path);
		strbuf_addf(&key, "records:%s%s%s", o_host, site ? "@" : "", site ? site : "");
		strbuf_addf(&name, "%s%s%s", o_host, site ? " @ " : "", site ? site : "");
		struct fleet_host_opts ho = {.kind = FLEET_RECORDS,
					     .name = name.buf,
					     .name_overrides = true,
					     .key = key.buf,
					     .site = site,
					     .sources = path};
		if (store_host(f, o, sub, &ho, t) < 0)
			rc = -1;
		strbuf_release(&key);
		strbuf_release(&name);
		/* sub's components belong to all */
		inventory_free(sub);
	}
	if (rc == 0)
		rc = relink(f, o, path, all, t);
	if (skipped_records(path, all->nskipped) < 0)
		rc = -1;
out:
	inventory_free(all);
	strbuf_release(&err);
	return rc;
}

/* Tool outputs of one machine, merged. */
/* One machine read from tool outputs or a capture: its register row and
 * --acquired applied, stored under --host or the name its input gives. */
static int store_machine(struct fleet *f, const struct opts *o, struct inventory *inv,
			 const char *fallback, const char *sources, struct totals *t)
{
	const char *name = o->host ? o->host : fallback;
	register_apply(o, inv, name);
	part_date_stamp(inv, o->acquired, "import --acquired");
	struct fleet_host_opts ho = {.kind = FLEET_MACHINE,
				     .name = name,
				     .name_overrides = o->host != NULL,
				     .sources = sources};
	return store_host(f, o, inv, &ho, t);
}

static int import_machine(struct fleet *f, const struct opts *o, struct input **files, size_t n,
			  const char *fallback, struct totals *t, struct host *seen)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT, sources = STRBUF_INIT;
	int rc = 0;
	size_t ok = 0, *skipped = xcalloc(n + 1, sizeof *skipped);
	for (size_t i = 0; i < n; i++) {
		size_t before = inv->nskipped;
		if (group_import_file(files[i]->path, files[i]->fmt, &o->io, inv, &err) < 0) {
			log_error("%s", err.buf);
			t->rejected++;
			rc = -1;
			continue;
		}
		skipped[i] = inv->nskipped - before;
		strbuf_addf(&sources, "%s%s", sources.len ? "\n" : "", files[i]->path);
		ok++;
	}
	if (ok) {
		if (store_machine(f, o, inv, fallback, sources.buf, t) < 0)
			rc = -1;
		for (size_t i = 0; i < n; i++)
			if (skipped_records(files[i]->path, skipped[i]) < 0)
				rc = -1;
		if (seen) {
			/* what it claims to be, for group_check_claims */
			seen->uuid = inv->host.uuid ? xstrdup(inv->host.uuid) : NULL;
			seen->serial = inv->host.serial ? xstrdup(inv->host.serial) : NULL;
		}
	}
	free(skipped);
	inventory_free(inv);
	strbuf_release(&err);
	strbuf_release(&sources);
	return rc;
}

/* The tool outputs of directory (or command line) g, planned into machines
 * by group_plan (import/group.h); *nin gets the inputs' indexes. */
static void plan_of(const struct opts *o, const struct inputs *in, int g, struct group_plan *plan,
		    size_t **nin, size_t *n)
{
	struct group_input *gi = xcalloc(in->n + 1, sizeof *gi);
	*nin = xcalloc(in->n + 1, sizeof **nin);
	*n = 0;
	for (size_t i = 0; i < in->n; i++) {
		const struct input *x = &in->v[i];
		if (x->group != g || x->fmt == IMPORT_AUTO || standalone(x->fmt))
			continue;
		gi[*n] = (struct group_input){x->path, x->fmt, in->group_name[g] ? g : -1};
		(*nin)[(*n)++] = i;
	}
	group_plan(gi, *n, o->host != NULL, plan);
	free(gi);
}

/* The tool outputs of group g: one machine, or several (group_plan). */
static int import_group(struct fleet *f, const struct opts *o, struct inputs *in, int g,
			struct totals *t, size_t *nfiles)
{
	struct group_plan plan;
	size_t *nin, n;
	int rc = 0;
	plan_of(o, in, g, &plan, &nin, &n);
	*nfiles = n;
	struct input **files = xcalloc(n + 1, sizeof *files);
	struct host *seen = xcalloc(plan.n + 1, sizeof *seen);
	const char **names = xcalloc(plan.n + 1, sizeof *names);
	for (size_t k = 0; k < plan.n; k++) {
		const struct group_machine *m = &plan.m[k];
		char name[256];
		for (size_t j = 0; j < m->n; j++)
			files[j] = &in->v[nin[m->v[j]]];
		/* a directory that is one machine gives it its name */
		if (plan.n == 1 && in->group_name[g])
			snprintf(name, sizeof name, "%s", in->group_name[g]);
		else
			stem(name, sizeof name, files[0]->path);
		if (import_machine(f, o, files, m->n, name, t, &seen[k]) < 0)
			rc = -1;
		names[k] = files[0]->path;
	}
	/* two dumps that claim one machine but disagree: said (group.h) */
	const struct host **hosts = xcalloc(plan.n + 1, sizeof *hosts);
	struct strbuf warn = STRBUF_INIT;
	for (size_t k = 0; k < plan.n; k++)
		hosts[k] = &seen[k];
	if (plan.n > 1 && group_check_claims(hosts, names, plan.n, &warn) && !o->quiet)
		log_warn("%s", warn.buf);
	strbuf_release(&warn);
	for (size_t k = 0; k < plan.n; k++) {
		free((char *)seen[k].uuid);
		free((char *)seen[k].serial);
	}
	free(hosts);
	free(seen);
	free(names);
	free(files);
	free(nin);
	group_plan_free(&plan);
	return rc;
}

/* How many hosts the inputs make at least (for --host, which names one). */
static size_t host_groups(const struct opts *o, const struct inputs *in)
{
	size_t n = 0;
	for (size_t i = 0; i < in->n; i++)
		if (in->v[i].capture || (in->v[i].fmt != IMPORT_AUTO && standalone(in->v[i].fmt)))
			n++;
	for (int g = 0; g < in->ngroups; g++) {
		struct group_plan plan;
		size_t *nin, k;
		plan_of(o, in, g, &plan, &nin, &k);
		n += plan.n;
		free(nin);
		group_plan_free(&plan);
	}
	return n;
}

/* ---------------------------------------------------------------------- */
/* Collect JSON, prepared on the pipeline's workers (import/pipeline.h)     */

/* What a worker prepares of one collect JSON file for the store. */
struct prepared {
	struct fleet_prepared *fp;
	struct fleet_host_opts ho;
	char name[256];
};

struct run {
	struct fleet *f; /* the workers read only its known digests */
	const struct opts *o;
	struct inputs *in;
	struct totals *t;
	struct progress *pg;
	struct batch *b;
	const size_t *last; /* per group: its last input */
};

/* A worker's compressor, told the digests the store has (fleet_known_load). */
static void *preparer_begin(void *ctx)
{
	const struct run *r = ctx;
	struct fleet_preparer *pr = fleet_preparer_new();
	if (pr) /* else each host makes its own */
		fleet_preparer_known(pr, r->f);
	return pr;
}

static void preparer_end(void *ctx, void *state)
{
	(void)ctx;
	fleet_preparer_free(state);
}

/* A collect JSON file read: dated, named and prepared; the document kept is
 * the file as read. */
static void prepare(void *ctx, void *state, struct import_item *it)
{
	const struct run *r = ctx;
	const struct opts *o = r->o;
	struct prepared *p = xcalloc(1, sizeof *p);
	stem(p->name, sizeof p->name, it->path);
	register_apply(o, it->inv, o->host ? o->host : p->name);
	part_date_stamp(it->inv, o->acquired, "import --acquired");
	p->ho = (struct fleet_host_opts){.kind = FLEET_MACHINE,
					 .name = o->host ? o->host : p->name,
					 .name_overrides = o->host != NULL,
					 .site = o->site,
					 .tags = o->tags,
					 .ntags = o->ntags,
					 .sources = it->path,
					 .original = it->data.buf,
					 .original_len = it->data.len};
	struct strbuf e = STRBUF_INIT;
	p->fp = fleet_prepare(state, it->inv, &p->ho, &e);
	if (!p->fp)
		strbuf_addf(&it->err, "%s: %s", it->path, e.buf);
	strbuf_release(&e);
	it->prep = p;
}

static void release(void *ctx, void *prep)
{
	struct prepared *p = prep;
	(void)ctx;
	fleet_prepared_free(p->fp);
	free(p);
}

/* ---------------------------------------------------------------------- */
/* The transaction                                                         */

/*
 * The transaction.  By default the whole import is one: a report or a
 * rescreen that runs meanwhile sees the store as it was before the import or
 * as it is after it, never half a fleet, and a process killed midway leaves
 * the store as it was.  Each host has a savepoint of its own within it, so a
 * host that fails is rolled back alone and the rest goes on.  --commit-every N
 * commits every N hosts instead, for an import so long that keeping what is
 * done matters more than seeing it whole.
 */
struct batch {
	size_t hosts, max; /* max 0: no commit before the end */
	bool open;
	bool rolled_back; /* a commit failed: its hosts are not stored */
	struct totals *t;
	size_t at_begin[3], comps_at_begin; /* t's counts when the transaction began */
};

/* The transaction ended: a rolled-back one takes its hosts out of the
 * counts, so the summary says what is stored, not what was attempted. */
static void batch_settle(struct batch *b, bool committed)
{
	if (committed)
		return;
	b->rolled_back = true;
	for (int k = 0; k < 3; k++) {
		b->t->hosts_lost += b->t->hosts[k] - b->at_begin[k];
		b->t->hosts[k] = b->at_begin[k];
	}
	b->t->comps = b->comps_at_begin;
}

static int batch_tick(struct fleet *f, struct batch *b)
{
	struct strbuf err = STRBUF_INIT;
	int rc = 0;
	if (b->open && b->max && b->hosts >= b->max) {
		rc = fleet_batch_commit(f, &err);
		batch_settle(b, rc == 0);
		b->open = false;
	}
	if (!rc && !b->open) {
		rc = fleet_batch_begin(f, &err);
		b->open = rc == 0;
		b->hosts = 0;
		memcpy(b->at_begin, b->t->hosts, sizeof b->at_begin);
		b->comps_at_begin = b->t->comps;
	}
	if (rc)
		log_error("%s", err.buf);
	strbuf_release(&err);
	return rc;
}

static int batch_end(struct fleet *f, struct batch *b)
{
	struct strbuf err = STRBUF_INIT;
	int rc = b->open ? fleet_batch_commit(f, &err) : 0;
	if (b->open)
		batch_settle(b, rc == 0);
	b->open = false;
	if (rc)
		log_error("%s", err.buf);
	strbuf_release(&err);
	return rc;
}

/* This thread's part for input i, whose slot is ready. */
/* A collect JSON file, prepared by a worker: committed. */
static int commit_prepared(const struct run *r, const struct import_item *it)
{
	struct fleet_imported res;
	struct strbuf err = STRBUF_INIT;
	const struct prepared *p = it->prep;
	int rc = 0;
	if (it->err.len) {
		log_error("%s", it->err.buf);
		rc = -1;
	} else if (fleet_commit(r->f, p->fp, &res, &err) < 0) {
		log_error("%s: %s", it->path, err.buf);
		rc = -1;
	} else {
		r->t->hosts[res.outcome]++;
		r->t->comps += res.ncomps;
		report_host(r->o, &res, it->path);
	}
	if (rc)
		r->t->rejected++;
	strbuf_release(&err);
	return rc;
}

/* A file no importer recognised: the importer says why (unreadable, empty,
 * binary, not recognised). */
static int reject_unknown(const struct run *r, const char *path)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	import_file(path, IMPORT_AUTO, &r->o->io, inv, &err);
	log_error("%s", err.buf);
	r->t->rejected++;
	strbuf_release(&err);
	inventory_free(inv);
	return -1;
}

/* A capture: collected as `collect --root` would, then one machine like a
 * collect JSON file (named by its hostname, else the file's stem). */
static int import_capture(const struct run *r, const char *path)
{
	const struct opts *o = r->o;
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	int rc = capture_collect(inv, path, &err);
	if (rc < 0) {
		log_error("%s", err.buf);
		r->t->rejected++;
	} else {
		char name[256];
		stem(name, sizeof name, path);
		size_t nl = strlen(name);
		if (nl > 4 && !strcmp(name + nl - 4, ".tar")) /* db1.tar.gz: db1 */
			name[nl - 4] = '\0';
		file_warnings(o, inv);
		rc = store_machine(r->f, o, inv, name, path, r->t);
	}
	inventory_free(inv);
	strbuf_release(&err);
	return rc;
}

/* Input i, a document of its own or a tool output; the group's tool
 * outputs once its last input is reached. */
static int import_input(const struct run *r, struct input *x, size_t i,
			const struct import_item *it)
{
	int rc = 0;
	if (x->capture)
		rc = import_capture(r, x->path);
	else if (x->fmt == IMPORT_AUTO)
		rc = reject_unknown(r, x->path);
	else if (x->fmt == IMPORT_INVENTORY_JSON)
		rc = commit_prepared(r, it);
	else if (x->fmt == IMPORT_CYCLONEDX) {
		/* a BOM describes one device: a machine, named by its metadata */
		char name[256];
		stem(name, sizeof name, x->path);
		rc = import_machine(r->f, r->o, &x, 1, name, r->t, NULL);
	} else if (standalone(x->fmt))
		rc = import_records(r->f, r->o, x->path, x->fmt, r->t);
	if (x->fmt == IMPORT_AUTO || standalone(x->fmt))
		progress_step(r->pg, 1, 0);
	if (r->last[x->group] == i) {
		size_t nf;
		rc |= import_group(r->f, r->o, r->in, x->group, r->t, &nf);
		progress_step(r->pg, nf, 0);
	}
	return rc;
}

/* The pipeline's consumer: input it->index, in its transaction. */
static int consume(void *ctx, struct import_item *it)
{
	const struct run *r = ctx;
	struct input *x = &r->in->v[it->index];
	if (batch_tick(r->f, r->b) < 0)
		return IMPORT_PIPELINE_STOP;
	x->fmt = x->capture ? IMPORT_AUTO : it->fmt; /* a capture is in no tool group */
	r->t->files++;
	int rc = import_input(r, x, it->index, it);
	if (fleet_batch_failed(r->f)) {
		/* the transaction lost rows of hosts already in it: it
		 * cannot be committed, and the rest would go with it */
		log_error("the import stops: its transaction cannot be committed");
		return IMPORT_PIPELINE_STOP;
	}
	r->b->hosts++;
	return rc;
}

/* --host names one host: know every format first. */
static int check_one_host(const struct opts *o, struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		in->v[i].fmt = in->v[i].capture           ? IMPORT_AUTO
			       : o->format != IMPORT_AUTO ? o->format
							  : sniff(in->v[i].path);
	size_t nh = host_groups(o, in);
	if (nh <= 1)
		return 0;
	log_error("--host names one host, but the input holds %zu (each collect "
		  "JSON file, BOM or CSV file is a host of its own, and so is each "
		  "of two dumps of one tool)",
		  nh);
	return -1;
}

static int import_all(struct fleet *f, const struct opts *o, struct inputs *in, struct totals *t)
{
	if (o->host && check_one_host(o, in) < 0)
		return -1;
	struct progress pg;
	struct batch b = {.max = o->commit_every, .t = t};
	size_t *last = xcalloc((size_t)in->ngroups + 1, sizeof *last);
	const char **paths = xcalloc(in->n + 1, sizeof *paths);
	for (size_t i = 0; i < in->n; i++) {
		last[in->v[i].group] = i;
		paths[i] = in->v[i].path;
	}
	struct strbuf kerr = STRBUF_INIT;
	if (fleet_known_load(f, &kerr) < 0)
		log_warn("%s (every document is compressed)", kerr.buf);
	strbuf_release(&kerr);
	struct run r = {f, o, in, t, &pg, &b, last};
	const struct import_pipeline_calls calls = {.ctx = &r,
						    .read_fast = fleet_read_inventory,
						    .thread_begin = preparer_begin,
						    .thread_end = preparer_end,
						    .prepare = prepare,
						    .consume = consume,
						    .release = release};
	progress_init(&pg, "import", "files", in->n, o->quiet);
	int rc = import_pipeline_run(paths, in->n, o->format, o->jobs, &calls);
	if (batch_end(f, &b) < 0)
		rc = -1;
	t->rolled_back = b.rolled_back;
	progress_end(&pg);
	free(paths);
	free(last);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The command                                                             */

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum {
		OPT_DB = 256,
		OPT_DELIM,
		OPT_ORDER,
		OPT_JOBS,
		OPT_COMMIT,
		OPT_ACQUIRED,
		OPT_REGISTER
	};
	static const struct option opts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"format", required_argument, NULL, 'f'},
		{"host", required_argument, NULL, 'H'},
		{"site", required_argument, NULL, 's'},
		{"tag", required_argument, NULL, 't'},
		{"map", required_argument, NULL, 'm'},
		{"delimiter", required_argument, NULL, OPT_DELIM},
		{"date-order", required_argument, NULL, OPT_ORDER},
		{"acquired", required_argument, NULL, OPT_ACQUIRED},
		{"register", required_argument, NULL, OPT_REGISTER},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"jobs", required_argument, NULL, OPT_JOBS},
		{"commit-every", required_argument, NULL, OPT_COMMIT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct strbuf err = STRBUF_INIT;
	int c, rc = 0;
	while (!rc && (c = getopt_long(argc, argv, "f:H:s:t:m:qvh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			o->db = optarg;
			break;
		case 'f': {
			int fmt = import_format_from_name(optarg);
			if (fmt <= 0)
				rc = usage_error("import", "--format %s: expected one of %s",
						 optarg, import_format_list());
			else
				o->format = (enum import_format)fmt;
			break;
		}
		case 'H':
			if (!*optarg)
				rc = usage_error("import", "--host: expected a name");
			o->host = optarg;
			break;
		case 's':
			/* an empty one is a variable left unset, not "no site" */
			if (!*optarg)
				rc = usage_error("import", "--site: expected a site name");
			o->site = optarg;
			break;
		case 't':
			if (!*optarg)
				rc = usage_error("import", "--tag: expected a tag");
			o->tags[o->ntags++] = optarg;
			break;
		case 'm':
			if (import_options_map(&o->io, optarg, &err) < 0)
				rc = usage_error("import", "%s", err.buf);
			break;
		case OPT_DELIM:
			if (!strcmp(optarg, "\\t") || !strcmp(optarg, "tab"))
				o->io.csv_delim = '\t';
			else if (strlen(optarg) == 1)
				o->io.csv_delim = optarg[0];
			else
				rc = usage_error("import", "--delimiter %s: expected one character",
						 optarg);
			break;
		case OPT_REGISTER:
			o->register_path = optarg;
			break;
		case OPT_ACQUIRED: {
			const char *why;
			if (!(o->acquired = date_parse_why(optarg, &why)))
				rc = usage_error("import", "--acquired %s: %s", optarg, why);
			break;
		}
		case OPT_ORDER:
			if (!strcasecmp(optarg, "dmy"))
				o->io.date_order = IMPORT_DATE_DMY;
			else if (!strcasecmp(optarg, "mdy"))
				o->io.date_order = IMPORT_DATE_MDY;
			else
				rc = usage_error("import", "--date-order %s: expected dmy or mdy",
						 optarg);
			break;
		case 'q':
			o->quiet = 1;
			break;
		case OPT_JOBS: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 64)
				rc = usage_error("import", "--jobs %s: expected 1 to 64", optarg);
			o->jobs = (int)n;
			break;
		}
		case OPT_COMMIT: {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(optarg, &end, 10);
			if (*end || !*optarg || *optarg == '-' || errno || n < 1)
				rc = usage_error(
					"import",
					"--commit-every %s: expected a number of hosts, 1 or more",
					optarg);
			o->commit_every = (size_t)n;
			break;
		}
		case 'v':
			o->verbose = 1;
			break;
		case 'h':
			print_usage(usage);
			rc = HELP_SHOWN;
			break;
		default:
			rc = usage_bad_option("import", argc, argv);
		}
	}
	strbuf_release(&err);
	if (!rc && optind >= argc)
		rc = usage_error("import", "name the files or directories to import");
	return rc;
}

static void summary(const struct opts *o, const struct totals *t, const char *db)
{
	if (o->quiet)
		return;
	fprintf(stderr,
		"chipscreen import: %zu file%s into %s: %zu new host%s, %zu changed, %zu "
		"unchanged (%zu components)",
		t->files, t->files == 1 ? "" : "s", db, t->hosts[FLEET_NEW_HOST],
		t->hosts[FLEET_NEW_HOST] == 1 ? "" : "s", t->hosts[FLEET_CHANGED],
		t->hosts[FLEET_UNCHANGED], t->comps);
	if (t->rejected)
		fprintf(stderr, "; %zu rejected (see above)", t->rejected);
	if (t->rolled_back && o->commit_every)
		fprintf(stderr,
			"; %zu host%s rolled back with a transaction that failed (not stored)",
			t->hosts_lost, t->hosts_lost == 1 ? "" : "s");
	else if (t->rolled_back)
		fprintf(stderr, "; rolled back: nothing of this import is stored");
	fputc('\n', stderr);
}

int cmd_import(int argc, char **argv)
{
	struct opts o = {0};
	o.tags = xcalloc((size_t)argc + 1, sizeof *o.tags);
	optind = 0;
	int rc = parse_args(argc, argv, &o);
	if (rc) {
		free(o.tags);
		return rc == HELP_SHOWN ? EXIT_CLEAR : rc;
	}
	struct strbuf err = STRBUF_INIT, dbpath = STRBUF_INIT;
	struct fleet *f = NULL;
	struct inputs in = {0};
	struct totals t = {0};
	const char *db = o.db ? o.db : store_default_path(&dbpath);
	if (fleet_open(&f, db, false, &err) < 0) {
		log_error("%s", err.buf);
		rc = EXIT_ERROR;
		goto out;
	}
	if (o.register_path && register_load(&o) < 0) {
		rc = EXIT_ERROR;
		goto out;
	}
	collect_inputs(&in, argc - optind, argv + optind, db);
	if (in.n > 1 && fleet_bulk_begin(f, &err) < 0)
		log_warn("%s (the commits checkpoint)", err.buf);
	rc = import_all(f, &o, &in, &t) < 0 || in.errors ? EXIT_ERROR : EXIT_CLEAR;
	fleet_bulk_end(f);
	register_unused(&o);
	summary(&o, &t, db);
out:
	inventory_free(o.reg);
	free(o.reg_used);
	fleet_close(f);
	free_inputs(&in);
	strbuf_release(&err);
	strbuf_release(&dbpath);
	free(o.tags);
	return rc;
}
