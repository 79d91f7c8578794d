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
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "import/group.h"
#include "import/import.h"
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
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
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
	"Exit status: 0 every file imported, 2 a file was rejected or an error.\n";

#define HELP_SHOWN (-1)

struct opts {
	const char *db, *host, *site;
	const char **tags;
	size_t ntags;
	enum import_format format;
	struct import_options io;
	int quiet, verbose, jobs;
	size_t commit_every; /* hosts per transaction; 0: the whole import */
	day_t acquired;      /* --acquired: the parts without a record were acquired then */
	const char *register_path;  /* --register: an asset register (host -> purchase date) */
	struct inventory *reg;      /* its rows */
	atomic_bool *reg_used;      /* per row: matched a host (set by the workers too) */
};

/* ---------------------------------------------------------------------- */
/* Inputs                                                                  */

struct input {
	char *path;
	int group;              /* files of one group may describe one machine */
	enum import_format fmt; /* detected, or IMPORT_AUTO: not recognised */
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
	in->v[in->n++] = (struct input){xstrdup(path), group, IMPORT_AUTO};
}

static int new_group(struct inputs *in, const char *name)
{
	in->group_name = xreallocarray(in->group_name, (size_t)in->ngroups + 1, sizeof(char *));
	in->group_name[in->ngroups] = name ? xstrdup(name) : NULL;
	return in->ngroups++;
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
				if (pass == 1)
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
		if (is_dir(argv[i])) {
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
	bool rolled_back; /* the (last) transaction failed: what it held is not stored */
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
	static const char *const names[] = {"host", "hostname", "host_name", "computer_name",
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
		bool key = component_get(r, FK_SERIAL) || component_get(r, FK_TAG) ||
			   reg_hostname(r);
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
out:
	inventory_free(all);
	strbuf_release(&err);
	return rc;
}

/* Tool outputs of one machine, merged. */
static int import_machine(struct fleet *f, const struct opts *o, struct input **files, size_t n,
			  const char *fallback, struct totals *t, struct host *seen)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT, sources = STRBUF_INIT;
	int rc = 0;
	size_t ok = 0;
	for (size_t i = 0; i < n; i++) {
		if (group_import_file(files[i]->path, files[i]->fmt, &o->io, inv, &err) < 0) {
			log_error("%s", err.buf);
			t->rejected++;
			rc = -1;
			continue;
		}
		strbuf_addf(&sources, "%s%s", sources.len ? "\n" : "", files[i]->path);
		ok++;
	}
	if (ok) {
		register_apply(o, inv, o->host ? o->host : fallback);
		part_date_stamp(inv, o->acquired, "import --acquired");
		struct fleet_host_opts ho = {.kind = FLEET_MACHINE,
					     .name = o->host ? o->host : fallback,
					     .name_overrides = o->host != NULL,
					     .sources = sources.buf};
		if (store_host(f, o, inv, &ho, t) < 0)
			rc = -1;
		if (seen) {
			/* what it claims to be, for group_check_claims */
			seen->uuid = inv->host.uuid ? xstrdup(inv->host.uuid) : NULL;
			seen->serial = inv->host.serial ? xstrdup(inv->host.serial) : NULL;
		}
	}
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
		if (in->v[i].fmt != IMPORT_AUTO && standalone(in->v[i].fmt))
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
/* The pipeline                                                            */

/*
 * Reading and parsing a collect JSON file, digesting it and compressing it
 * take most of an import; they need no database, so worker threads do them
 * (one per CPU) while this thread writes, in input order.  A ring of slots
 * bounds how far the workers run ahead.  Other formats are read by this
 * thread when their turn comes: they are rare next to collect files, and
 * tool outputs must be grouped first.
 *
 * cJSON allocates every node with malloc; a worker gives it an arena
 * (util/arena.h) instead (cJSON's hooks, per thread), reset after each file.
 */

static _Thread_local struct arena *json_arena;

/* cJSON's hooks: the thread's arena while it parses a file, else malloc. */
static void *json_alloc(size_t n)
{
	return json_arena ? arena_alloc_uninit(json_arena, n) : malloc(n);
}

static void json_free(void *p)
{
	if (!json_arena)
		free(p);
}

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

struct slot {
	int state;
	size_t index;
	enum import_format fmt;
	struct strbuf data, err;
	struct inventory *inv;
	struct fleet_prepared *prep;
	struct fleet_host_opts ho;
	char name[256];
};

struct pipeline {
	struct fleet *f; /* read only by the workers: its known digests */
	const struct opts *o;
	struct inputs *in;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot *ring;
	size_t nring, next, consumed;
	bool stop;
};

/* The general reader: cJSON (allocating from the thread's arena), then
 * inventory_from_json, which says what is wrong. */
static void parse_general(struct slot *s, const char *path, struct arena *ja)
{
	const char *end = NULL;
	json_arena = ja;
	cJSON *doc = cJSON_ParseWithLengthOpts(s->data.buf, s->data.len, &end, 0);
	if (!doc) {
		size_t off = end ? (size_t)(end - s->data.buf) : 0, line = 1;
		for (size_t i = 0; i < off && i < s->data.len; i++)
			line += s->data.buf[i] == '\n';
		strbuf_addf(&s->err, "%s: not valid JSON (near line %zu, byte %zu)", path, line,
			    off);
	} else {
		struct strbuf e = STRBUF_INIT;
		if (inventory_from_json(doc, s->inv, &e) < 0)
			strbuf_addf(&s->err, "%s: %s", path, e.buf);
		strbuf_release(&e);
		cJSON_Delete(doc);
	}
	json_arena = NULL;
	arena_reset(ja);
}

/* A collect JSON file in data: parsed, checked and prepared.  The plain
 * form chipscreen writes is read by the fast reader, anything else by cJSON
 * and inventory_from_json; the document kept is data, the file as read. */
static void prepare_inventory(const struct opts *o, struct slot *s, const char *path,
			      struct fleet_preparer *pr, struct arena *ja)
{
	s->inv = inventory_new();
	if (!fleet_read_inventory(s->data.buf, s->data.len, s->inv)) {
		inventory_free(s->inv);
		s->inv = inventory_new();
		parse_general(s, path, ja);
	}
	if (s->err.len)
		return;
	/* as import_buffer holds for every other format (and scan for this
	 * one): a document from which nothing was read is an error, not a
	 * host without hardware */
	if (!s->inv->ncomps && !s->inv->nunread) {
		strbuf_addf(&s->err, "%s: nothing recognised: no component could be read from it as %s",
			    path, import_format_name(IMPORT_INVENTORY_JSON));
		return;
	}
	stem(s->name, sizeof s->name, path);
	register_apply(o, s->inv, o->host ? o->host : s->name);
	part_date_stamp(s->inv, o->acquired, "import --acquired");
	s->ho = (struct fleet_host_opts){.kind = FLEET_MACHINE,
					 .name = o->host ? o->host : s->name,
					 .name_overrides = o->host != NULL,
					 .site = o->site,
					 .tags = o->tags,
					 .ntags = o->ntags,
					 .sources = path,
					 .original = s->data.buf,
					 .original_len = s->data.len};
	struct strbuf e = STRBUF_INIT;
	s->prep = fleet_prepare(pr, s->inv, &s->ho, &e);
	if (!s->prep)
		strbuf_addf(&s->err, "%s: %s", path, e.buf);
	strbuf_release(&e);
}

/* Ask the kernel to start reading a file a worker will soon want: the
 * workers then wait less on a fleet that is not in the page cache. */
static void prefetch(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
		close(fd);
	}
}

/* The worker's part for one input: its format, and for collect JSON the rest. */
static void work(const struct opts *o, struct slot *s, const struct input *x,
		 struct fleet_preparer *pr, struct arena *ja)
{
	s->fmt = o->format;
	if (s->fmt != IMPORT_AUTO && s->fmt != IMPORT_INVENTORY_JSON)
		return;
	if (read_file(x->path, IMPORT_MAX_FILE, &s->data, NULL) < 0) {
		/* unreadable: the importer says why, in this thread's turn */
		strbuf_reset(&s->err);
		s->fmt = IMPORT_AUTO;
		return;
	}
	if (s->fmt == IMPORT_AUTO)
		s->fmt = import_detect(s->data.buf, s->data.len, x->path);
	if (s->fmt == IMPORT_INVENTORY_JSON)
		prepare_inventory(o, s, x->path, pr, ja);
}

static void slot_clear(struct slot *s)
{
	fleet_prepared_free(s->prep);
	inventory_free(s->inv);
	s->prep = NULL;
	s->inv = NULL;
	strbuf_reset(&s->data);
	strbuf_reset(&s->err);
	s->name[0] = '\0';
}

static void *worker(void *arg)
{
	struct pipeline *pl = arg;
	struct fleet_preparer *pr = fleet_preparer_new();
	if (pr) /* else each host makes its own */
		fleet_preparer_known(pr, pl->f);
	struct arena *ja = arena_new();
	pthread_mutex_lock(&pl->mu);
	for (;;) {
		while (!pl->stop && pl->next < pl->in->n && pl->next >= pl->consumed + pl->nring)
			pthread_cond_wait(&pl->cv, &pl->mu);
		if (pl->stop || pl->next >= pl->in->n)
			break;
		size_t i = pl->next++;
		struct slot *s = &pl->ring[i % pl->nring];
		s->state = SLOT_BUSY;
		s->index = i;
		pthread_mutex_unlock(&pl->mu);
		if (i + pl->nring < pl->in->n)
			prefetch(pl->in->v[i + pl->nring].path);
		work(pl->o, s, &pl->in->v[i], pr, ja);
		pthread_mutex_lock(&pl->mu);
		s->state = SLOT_READY;
		pthread_cond_broadcast(&pl->cv);
	}
	pthread_mutex_unlock(&pl->mu);
	arena_free(ja);
	fleet_preparer_free(pr);
	return NULL;
}

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
static int consume(struct fleet *f, const struct opts *o, struct inputs *in, size_t i,
		   struct slot *s, struct totals *t, struct progress *pg, const size_t *last)
{
	struct input *x = &in->v[i];
	int rc = 0;
	x->fmt = s->fmt;
	t->files++;
	if (x->fmt == IMPORT_AUTO) {
		/* let the importer say why: unreadable, empty, binary, not recognised */
		struct inventory *inv = inventory_new();
		struct strbuf err = STRBUF_INIT;
		import_file(x->path, IMPORT_AUTO, &o->io, inv, &err);
		log_error("%s", err.buf);
		t->rejected++;
		rc = -1;
		strbuf_release(&err);
		inventory_free(inv);
		progress_step(pg, 1, 0);
	} else if (x->fmt == IMPORT_INVENTORY_JSON) {
		if (s->err.len) {
			log_error("%s", s->err.buf);
			t->rejected++;
			rc = -1;
		} else {
			struct fleet_imported res;
			struct strbuf err = STRBUF_INIT;
			if (fleet_commit(f, s->prep, &res, &err) < 0) {
				log_error("%s: %s", x->path, err.buf);
				t->rejected++;
				rc = -1;
			} else {
				t->hosts[res.outcome]++;
				t->comps += res.ncomps;
				report_host(o, &res, x->path);
			}
			strbuf_release(&err);
		}
		progress_step(pg, 1, 0);
	} else if (x->fmt == IMPORT_CYCLONEDX) {
		/* a BOM describes one device: a machine, named by its metadata */
		char name[256];
		stem(name, sizeof name, x->path);
		rc = import_machine(f, o, &x, 1, name, t, NULL);
		progress_step(pg, 1, 0);
	} else if (standalone(x->fmt)) {
		rc = import_records(f, o, x->path, x->fmt, t);
		progress_step(pg, 1, 0);
	}
	if (last[x->group] == i) {
		size_t nf;
		rc |= import_group(f, o, in, x->group, t, &nf);
		progress_step(pg, nf, 0);
	}
	return rc;
}

static int jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

static int import_all(struct fleet *f, const struct opts *o, struct inputs *in, struct totals *t)
{
	struct progress pg;
	struct batch b = {.max = o->commit_every, .t = t};
	int rc = 0;
	if (o->host) {
		/* --host names one host: know every format first */
		for (size_t i = 0; i < in->n; i++)
			in->v[i].fmt = o->format != IMPORT_AUTO ? o->format : sniff(in->v[i].path);
		size_t nh = host_groups(o, in);
		if (nh > 1) {
			log_error("--host names one host, but the input holds %zu (each collect "
				  "JSON file, BOM or CSV file is a host of its own, and so is each "
				  "of two dumps of one tool)",
				  nh);
			return -1;
		}
	}
	size_t *last = xcalloc((size_t)in->ngroups + 1, sizeof *last);
	for (size_t i = 0; i < in->n; i++)
		last[in->v[i].group] = i;
	struct pipeline pl = {.f = f, .o = o, .in = in};
	struct strbuf kerr = STRBUF_INIT;
	if (fleet_known_load(f, &kerr) < 0)
		log_warn("%s (every document is compressed)", kerr.buf);
	strbuf_release(&kerr);
	int nworkers = o->jobs > 0 ? o->jobs : jobs_default();
	pl.nring = (size_t)nworkers * 32;
	pl.ring = xcalloc(pl.nring, sizeof *pl.ring);
	for (size_t k = 0; k < pl.nring; k++) {
		strbuf_init(&pl.ring[k].data, 0);
		strbuf_init(&pl.ring[k].err, 0);
	}
	pthread_mutex_init(&pl.mu, NULL);
	pthread_cond_init(&pl.cv, NULL);
	pthread_t *th = xcalloc((size_t)nworkers, sizeof *th);
	int started = 0;
	cJSON_Hooks hooks = {json_alloc, json_free};
	cJSON_InitHooks(&hooks);
	for (; nworkers > 1 && started < nworkers; started++)
		if (pthread_create(&th[started], NULL, worker, &pl) != 0)
			break;
	progress_init(&pg, "import", "files", in->n, o->quiet);
	struct fleet_preparer *pr = started ? NULL : fleet_preparer_new();
	if (pr)
		fleet_preparer_known(pr, f);
	struct arena *ja = started ? NULL : arena_new();
	for (size_t i = 0; i < in->n; i++) {
		struct slot *s = &pl.ring[i % pl.nring];
		if (started) {
			pthread_mutex_lock(&pl.mu);
			while (s->state != SLOT_READY || s->index != i)
				pthread_cond_wait(&pl.cv, &pl.mu);
			pthread_mutex_unlock(&pl.mu);
		} else {
			/* no threads: this one does the workers' part too */
			work(o, s, &in->v[i], pr, ja);
		}
		if (batch_tick(f, &b) < 0) {
			rc = -1;
			break;
		}
		rc |= consume(f, o, in, i, s, t, &pg, last);
		if (fleet_batch_failed(f)) {
			/* the transaction lost rows of hosts already in it: it
			 * cannot be committed, and the rest would go with it */
			log_error("the import stops: its transaction cannot be committed");
			rc = -1;
			break;
		}
		b.hosts++;
		slot_clear(s);
		pthread_mutex_lock(&pl.mu);
		s->state = SLOT_FREE;
		pl.consumed = i + 1;
		pthread_cond_broadcast(&pl.cv);
		pthread_mutex_unlock(&pl.mu);
	}
	if (batch_end(f, &b) < 0)
		rc = -1;
	t->rolled_back = b.rolled_back;
	pthread_mutex_lock(&pl.mu);
	pl.stop = true;
	pthread_cond_broadcast(&pl.cv);
	pthread_mutex_unlock(&pl.mu);
	for (int k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	cJSON_InitHooks(NULL);
	progress_end(&pg);
	for (size_t k = 0; k < pl.nring; k++) {
		slot_clear(&pl.ring[k]);
		strbuf_release(&pl.ring[k].data);
		strbuf_release(&pl.ring[k].err);
	}
	arena_free(ja);
	fleet_preparer_free(pr);
	pthread_mutex_destroy(&pl.mu);
	pthread_cond_destroy(&pl.cv);
	free(th);
	free(pl.ring);
	free(last);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The command                                                             */

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_DB = 256, OPT_DELIM, OPT_ORDER, OPT_JOBS, OPT_COMMIT, OPT_ACQUIRED, OPT_REGISTER };
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
			o->site = *optarg ? optarg : NULL;
			break;
		case 't':
			if (*optarg)
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
		case OPT_ACQUIRED:
			if (!(o->acquired = date_parse(optarg)))
				rc = usage_error("import", "--acquired %s: expected a date YYYY-MM-DD",
						 optarg);
			break;
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
		fprintf(stderr, "; %zu host%s rolled back with a transaction that failed (not stored)",
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
