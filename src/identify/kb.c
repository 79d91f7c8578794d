/*
 * kb.c — loading the knowledge tables of data/ and looking identifiers up.
 *
 * The tables are tab-separated text, a header line naming the columns, '#'
 * comments, and a source column on every row (doc/knowledge.md).  Each file
 * is read whole in one read() and split in place: the strings of the kb
 * point into that text, nothing is copied.  Errors name the file and line
 * ("data/orgs.tsv:12: ...").
 *
 * kb_load() reads only the organisations and their links, which every
 * attribution needs.  Each identifier table (enum kb_table) is read by the
 * first look-up that needs it: chipscreen collect on a machine without DIMMs
 * never reads the 1,800 rows of JEP106, nor the 2,700 OUIs when no drive
 * reports one.  The whole set, read by kb_load_all(), takes about a
 * millisecond.  A table that turns out broken on first use is logged once,
 * its look-ups find nothing, and identify names the reason on every part left
 * unknown (kb->table_error): a wrong table never gives a silent answer.
 *
 * Loading a table in the middle of a look-up must give the kb the same
 * content as reading everything up front, whatever the order: JEP106 rows
 * create organisations that other tables may name, so an organisation id not
 * found reads JEP106 first (kb_org_find); the OUI and nqn tables need the
 * controller roles of the PCI and USB tables, so they read those first;
 * hwdata's names are checked against every table's organisations, so hwdata
 * reads JEP106 first, and its organisations are never what a table row names.
 *
 * hwdata's pci.ids and usb.ids are large (1.3 MB) and rarely needed: the
 * bundled tables cover the vendors that matter for screening.  They are read
 * on the first vendor id the bundled tables lack, and only that vendor's
 * name is turned into an entry (memoised), so start-up stays fast.  The kb is
 * handed around const; the tables read on first use, this cache and the
 * rules built on first use are its only mutable parts (single-threaded).
 */
#include "identify/kb.h"
#include "identify/orgs.h"
#include "identify/pattern.h"
#include "util/datadir.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/strmap.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/tsv.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <strings.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- string maps (util/strmap.h), with -1 for "absent" ---- */

static int map_get(const struct strmap *m, const char *key)
{
	uint32_t v;
	return strmap_gets(m, key, &v) ? (int)v : -1;
}

/* Insert; returns the existing value if key is there already, else -1. */
static int map_put(struct strmap *m, const char *key, int val)
{
	uint32_t old;
	return strmap_puts(m, key, (uint32_t)val, &old) ? -1 : (int)old;
}

/* ---- 16-bit id maps (PCI and USB vendor ids) ----
 * util/strmap keyed by the id's two bytes: the bundled tables have a few
 * dozen rows, and pci.ids adds the ids that are looked up, one at a time. */

static void idmap_put(struct strmap *m, unsigned id, int code)
{
	uint16_t k = (uint16_t)id;
	strmap_put(m, &k, sizeof k, (uint32_t)code, NULL);
}

/* The code of id, -1 if none. */
static int idmap_get(const struct strmap *m, unsigned id)
{
	uint16_t k = (uint16_t)id;
	uint32_t v;
	return strmap_get(m, &k, sizeof k, &v) ? (int)v : -1;
}

/* ---- TSV files (util/tsv.h), under the data directory ---- */

static int kb_tsv_open(struct kb *kb, struct tsv *t, const char *rel, const char *const *want,
		       struct strbuf *err)
{
	return tsv_open(kb->arena, t, arena_printf(kb->arena, "%s/%s", kb->datadir, rel), want,
			err);
}

/* The next row, counted for kb_rows(). */
static int kb_tsv_next(struct kb *kb, struct tsv *t, int nwant, struct strbuf *err)
{
	int rc = tsv_next(t, nwant, err);
	kb->nrows += rc > 0;
	return rc;
}

/* Room for need items in a malloc'd array (doubling): tables reserve their
 * rows at once, so loading one moves the array at most once. */
static void *grow(void *v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return v;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	*cap = c;
	return xreallocarray(v, c, size);
}

/* ---- organisations ---- */

static int add_org(struct kb *kb, const char *id, const char *name, const char *source,
		   bool curated)
{
	kb->orgs = grow(kb->orgs, &kb->caporgs, kb->norgs + 1, sizeof *kb->orgs);
	struct org *o = &kb->orgs[kb->norgs++];
	memset(o, 0, sizeof *o);
	o->id = id;
	o->name = name;
	o->source = source;
	o->curated = curated;
	map_put(&kb->org_index, id, (int)(kb->norgs - 1));
	return (int)(kb->norgs - 1);
}

/* The organisations read so far. */
static int org_get(const struct kb *kb, const char *id)
{
	return id ? map_get(&kb->org_index, id) : -1;
}

/* Any organisation: one not found may be named by JEP106 only (it names
 * 1,600 makers chipscreen does not track), so JEP106 is read before saying
 * no.  Unknown ids cost that once. */
int kb_org_find(const struct kb *kb, const char *id)
{
	int o = org_get(kb, id);
	if (o < 0 && id && !kb->table[KT_JEP106] && kb_need(kb, KT_JEP106))
		o = org_get(kb, id);
	return o;
}

size_t name_normalise(const char *s, size_t n, char *out, size_t outsz)
{
	size_t k = 0;
	bool space = false;
	for (size_t i = 0; i < n && k + 1 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];
		/* ASCII letters and digits by hand: isalnum() and tolower() are
		 * calls through the locale, and this runs for every name read */
		unsigned char lc = c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
		if (c >= 0x80 || (lc >= 'a' && lc <= 'z') || (c >= '0' && c <= '9')) {
			if (space && k)
				out[k++] = ' ';
			space = false;
			if (k + 1 < outsz)
				out[k++] = (char)lc;
		} else {
			space = true;
		}
	}
	out[k] = 0;
	return k;
}

static int add_name(struct kb *kb, struct tsv *t, const char *name, int org, struct strbuf *err)
{
	char buf[256];
	size_t n = name_normalise(name, strlen(name), buf, sizeof buf);
	if (!n)
		return 0;
	char *key = arena_strndup(kb->arena, buf, n);
	int old = map_put(&kb->names, key, org);
	if (old >= 0 && old != org) {
		char msg[300];
		snprintf(msg, sizeof msg, "name \"%s\" already names %s", name, kb->orgs[old].id);
		return tsv_fail(t, err, "%s", msg);
	}
	return 0;
}

/* orgs.tsv and org-links.tsv come through identify/orgs.c, the reader
 * lists/orgtable.c shares; the kb adds its index of names and the links'
 * phrases. */
static int orgs_find(void *arg, const char *id)
{
	return org_get(arg, id);
}

static int orgs_org(void *arg, struct tsv *t, const struct orgs_row *r, struct strbuf *err)
{
	struct kb *kb = arg;
	kb->nrows++;
	int o = add_org(kb, r->id, r->name, r->source, true);
	kb->orgs[o].oem = r->oem;
	if (add_name(kb, t, r->name, o, err) < 0)
		return -1;
	for (int i = 0; i < r->naliases; i++)
		if (add_name(kb, t, r->alias[i], o, err) < 0)
			return -1;
	return 0;
}

static day_t parse_day(struct tsv *t, const char *s, struct strbuf *err, int *bad)
{
	if (!*s)
		return 0;
	day_t d = date_parse(s);
	if (!d) {
		tsv_fail(t, err, "\"%s\" is not a date (YYYY-MM-DD)", s);
		*bad = 1;
	}
	return d;
}

static const char *link_phrase(struct kb *kb, const struct link *l)
{
	static const char *const rel[] = {"brand", "subsidiary", "affiliate"};
	const char *a = l->rel == REL_AFFILIATE ? "an" : "a";
	const char *child = kb->orgs[l->org].name, *parent = kb->orgs[l->parent].name;
	const char *unc = l->conf == LC_UNCONFIRMED ? " (unconfirmed)" : "";
	char f[11], u[11];
	date_format(l->from, f);
	date_format(l->until, u);
	if (l->from && l->until)
		return arena_printf(kb->arena, "%s was %s %s of %s from %s until %s%s", child, a,
				    rel[l->rel], parent, f, u, unc);
	if (l->until)
		return arena_printf(kb->arena, "%s was %s %s of %s until %s%s", child, a,
				    rel[l->rel], parent, u, unc);
	if (l->from)
		return arena_printf(kb->arena, "%s is %s %s of %s since %s%s", child, a,
				    rel[l->rel], parent, f, unc);
	return arena_printf(kb->arena, "%s is %s %s of %s%s", child, a, rel[l->rel], parent, unc);
}

static int orgs_link(void *arg, struct tsv *t, const struct orgs_link *x, struct strbuf *err)
{
	(void)t;
	(void)err;
	struct kb *kb = arg;
	kb->nrows++;
	struct link l = {0};
	l.org = x->org;
	l.parent = x->parent;
	l.rel = x->rel;
	l.conf = x->conf;
	l.from = x->from;
	l.until = x->until;
	l.note = x->note;
	l.source = x->source;
	l.phrase = link_phrase(kb, &l);
	*ARENA_PUSH(kb->arena, kb->links, kb->nlinks, kb->caplinks) = l;
	return 0;
}

static int load_orgs(struct kb *kb, struct strbuf *err)
{
	const struct orgs_reader rd = {kb, orgs_find, orgs_org, orgs_link};
	if (orgs_read(kb->arena, kb->datadir, &rd, err) < 0)
		return -1;
	/* Group each org's links: a stable sort by child keeps file order. */
	for (size_t i = 1; i < kb->nlinks; i++) {
		struct link x = kb->links[i];
		size_t j = i;
		while (j > 0 && kb->links[j - 1].org > x.org) {
			kb->links[j] = kb->links[j - 1];
			j--;
		}
		kb->links[j] = x;
	}
	for (size_t i = 0; i < kb->nlinks; i++) {
		struct org *o = &kb->orgs[kb->links[i].org];
		if (!o->nlinks)
			o->link0 = (int)i;
		o->nlinks++;
	}
	return 0;
}

static bool link_active(const struct link *l, day_t d)
{
	return (!l->from || d >= l->from) && (!l->until || d < l->until);
}

int kb_resolve(const struct kb *kb, int org, day_t d, int chain[8], int *nchain)
{
	int n = 0;
	for (int depth = 0; depth < 8 && org >= 0; depth++) {
		const struct org *o = &kb->orgs[org];
		int next = -1;
		for (int i = o->link0; i < o->link0 + o->nlinks; i++) {
			const struct link *l = &kb->links[i];
			if (l->rel != REL_AFFILIATE && l->conf != LC_UNCONFIRMED &&
			    link_active(l, d)) {
				next = l->parent;
				if (chain)
					chain[n] = i;
				n++;
				break;
			}
		}
		if (next < 0)
			break;
		org = next;
	}
	if (nchain)
		*nchain = n;
	return org;
}

bool kb_org_dated(const struct kb *kb, int org)
{
	for (int depth = 0; depth < 8 && org >= 0; depth++) {
		const struct org *o = &kb->orgs[org];
		int next = -1;
		for (int i = o->link0; i < o->link0 + o->nlinks; i++) {
			const struct link *l = &kb->links[i];
			if (l->from || l->until)
				return true;
			if (l->rel != REL_AFFILIATE && l->conf != LC_UNCONFIRMED)
				next = l->parent;
		}
		org = next;
	}
	return false;
}

/* ---- identifier tables ---- */

static int add_code(struct kb *kb, int org, int role, const char *key, const char *what,
		    const char *name, const char *source)
{
	kb->codes = grow(kb->codes, &kb->capcodes, kb->ncodes + 1, sizeof *kb->codes);
	struct code *c = &kb->codes[kb->ncodes++];
	memset(c, 0, sizeof *c);
	c->org = org;
	c->role = (uint8_t)role;
	c->chip = -1;
	c->key = key;
	c->what = what;
	c->name = name;
	c->source = source;
	return (int)(kb->ncodes - 1);
}

const char *code_rule(const struct kb *kb, const struct code *c)
{
	static const char *const note[] = {
		[ROLE_MAKER] = "",
		[ROLE_ODM] =
			" (builds drives for other brands too: the model string decides the brand)",
		[ROLE_CONTROLLER] =
			" (a controller maker: on a drive it names the controller, not the "
			"brand or the NAND)",
		[ROLE_BRIDGE] =
			" (a USB bridge maker: on a storage device it names the bridge chip, "
			"not the drive)",
		[ROLE_OEM] = "",
	};
	if (c->rule)
		return c->rule;
	struct code *w = (struct code *)c; /* the kb's one mutable cache: see the top */
	if (!strcmp(c->what, "JEP106"))
		w->rule = arena_printf(kb->arena, "JEP106 bank %d, ID 0x%.2s: %s", c->bank,
				       c->key + 2, c->name);
	else if (!strcmp(c->what, "PCI") || !strcmp(c->what, "USB"))
		w->rule = arena_printf(kb->arena, "%s vendor 0x%s: %s%s", c->what, c->key, c->name,
				       note[c->role]);
	else
		w->rule = arena_printf(kb->arena, "%s %s: %s", c->what, c->key,
				       kb->orgs[c->org].name);
	return c->rule;
}

const char *code_form_rule(const struct kb *kb, const struct code *c, int form, int part)
{
	static const char *const parts[3] = {"module", "register", "DRAM"};
	size_t i = (size_t)(c - kb->codes) - kb->jep0; /* wraps for rows before JEP106's */
	if (i >= kb->njepcodes || form < 0 || form > 4)
		return code_rule(kb, c);
	size_t slot = i * 5 + (size_t)form;
	if (form == JF_OEM3 && part == 2)
		slot = i * 5 + JF_SPD; /* the SPD slot is free: SPD pairs use the plain rule */
	if (!kb->jep_form)
		((struct kb *)kb)->jep_form = xcalloc(kb->njepcodes * 5, sizeof(char *));
	if (!kb->jep_form[slot]) {
		const char *r = code_rule(kb, c);
		kb->jep_form[slot] =
			form == JF_OEM3 ? arena_printf(kb->arena, "%s, %s part: %s",
						       jep106_form_name((enum jep_form)form),
						       parts[part], r)
			: form == JF_BARE
				? arena_printf(kb->arena, "%s (bare ID byte: bank 1 assumed)", r)
				: arena_printf(kb->arena, "%s: %s",
					       jep106_form_name((enum jep_form)form), r);
	}
	return kb->jep_form[slot];
}

const char *org_name_rule(const struct kb *kb, int org, bool oem)
{
	struct org *o = &kb->orgs[org];
	const char **r = oem ? &o->rule_oem : &o->rule_name;
	if (!*r)
		*r = arena_printf(
			kb->arena, "free-text name: %s%s", o->name,
			oem ? " (an OEM: its name on a part is the reseller, not the maker)" : "");
	return *r;
}

/* The org a table row names: a curated id, or (JEP106 rows) an id of its own
 * named by the row.  Never one named by hwdata: those exist only once a
 * look-up needed them, and a table means the same whenever it is read. */
static int row_org(struct kb *kb, struct tsv *t, const char *id, const char *name, bool may_new,
		   struct strbuf *err)
{
	int o = kb_org_find(kb, id);
	if (o >= 0 && !kb->orgs[o].hwdata)
		return o;
	if (!may_new) {
		tsv_fail(t, err, "unknown organisation \"%s\" (not in orgs.tsv)", id);
		return -1;
	}
	return add_org(kb, id, name, t->path, false);
}

/* Room for every row of a table at once, in codes[] and (rows that name
 * organisations of their own: JEP106) orgs[]. */
static void reserve(struct kb *kb, const struct tsv *t, bool orgs)
{
	kb->codes = grow(kb->codes, &kb->capcodes, kb->ncodes + t->lines, sizeof *kb->codes);
	if (orgs) {
		kb->orgs = grow(kb->orgs, &kb->caporgs, kb->norgs + t->lines, sizeof *kb->orgs);
		strmap_reserve(&kb->org_index, t->lines);
	}
}

static int load_jep106(struct kb *kb, struct strbuf *err)
{
	static const char *const want[] = {"bank", "id", "code", "name", "org", "source", NULL};
	struct tsv t;
	if (kb_tsv_open(kb, &t, "jep106.tsv", want, err) < 0)
		return -1;
	memset(kb->jep, 0xff, sizeof kb->jep);
	reserve(kb, &t, true);
	kb->jep0 = kb->ncodes;
	int rc;
	while ((rc = kb_tsv_next(kb, &t, 6, err)) > 0) {
		char **r = t.row;
		char *end;
		long bank = strtol(r[0], &end, 10);
		uint32_t id;
		if (*end || bank < 1 || bank > JEP106_MAX_BANK)
			return tsv_fail(&t, err, "bank \"%s\" is not 1..32", r[0]);
		if (!hex_parse_u32(r[1], &id) || id > 0xff || !jep106_parity_ok((uint8_t)id) ||
		    !(id & 0x7f))
			return tsv_fail(&t, err, "id \"%s\" is not a JEP106 ID byte with parity",
					r[1]);
		if (kb->jep[bank][id & 0x7f] >= 0)
			return tsv_fail(&t, err, "bank %s has this id twice", r[0]);
		int o = row_org(kb, &t, r[4], r[3], true, err);
		if (o < 0)
			return -1;
		if (strlen(r[2]) != 4)
			return tsv_fail(&t, err, "code \"%s\" is not 4 hex digits", r[2]);
		int c = add_code(kb, o, ROLE_MAKER, r[2], "JEP106", r[3], r[5]);
		kb->codes[c].bank = (int16_t)bank;
		kb->jep[bank][id & 0x7f] = c;
		kb->njepcodes++;
	}
	return rc;
}

static int parse_role(const char *s)
{
	static const char *const names[] = {"maker", "odm", "controller", "bridge", "oem"};
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static int load_vendors(struct kb *kb, const char *rel, struct strmap *tab, const char *bus,
			struct strbuf *err)
{
	static const char *const want[] = {"vendor", "org", "role", "name", "source", NULL};
	struct tsv t;
	if (kb_tsv_open(kb, &t, rel, want, err) < 0)
		return -1;
	reserve(kb, &t, false);
	strmap_reserve(tab, t.lines);
	int rc;
	while ((rc = kb_tsv_next(kb, &t, 5, err)) > 0) {
		char **r = t.row;
		uint32_t v;
		if (strlen(r[0]) != 4 || !hex_parse_u32(r[0], &v))
			return tsv_fail(&t, err, "vendor \"%s\" is not 4 hex digits", r[0]);
		if (idmap_get(tab, v) >= 0)
			return tsv_fail(&t, err, "vendor %s listed twice", r[0]);
		int o = row_org(kb, &t, r[1], r[3], false, err);
		int role = parse_role(r[2]);
		if (o < 0)
			return -1;
		if (role < 0 || role == ROLE_OEM)
			return tsv_fail(&t, err, "role \"%s\": maker, odm, controller or bridge",
					r[2]);
		if (role == ROLE_CONTROLLER)
			kb->orgs[o].controller = true;
		idmap_put(tab, v, add_code(kb, o, role, r[0], bus, r[3], r[4]));
	}
	return rc;
}

static int load_keyed(struct kb *kb, const char *rel, const char *keycol, struct strmap *map,
		      const char *what, struct strbuf *err)
{
	const char *want[] = {keycol, "org", "source", NULL};
	struct tsv t;
	if (kb_tsv_open(kb, &t, rel, want, err) < 0)
		return -1;
	reserve(kb, &t, false);
	strmap_reserve(map, t.lines);
	int rc;
	while ((rc = kb_tsv_next(kb, &t, 3, err)) > 0) {
		char **r = t.row;
		for (char *p = r[0]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		int o = row_org(kb, &t, r[1], NULL, false, err);
		if (o < 0)
			return -1;
		int c = add_code(kb, o, ROLE_MAKER, r[0], what, NULL, r[2]);
		if (map_put(map, r[0], c) >= 0)
			return tsv_fail(&t, err, "\"%s\" listed twice", r[0]);
	}
	return rc;
}

static void patset_add(struct kb *kb, struct patset *ps, const struct pattern *p)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->v = xreallocarray(ps->v, (size_t)ps->cap, sizeof *ps->v);
	}
	ps->v[ps->n] = *p;
	bool first[256];
	pattern_first(p->pat, first);
	for (int b = 0; b < 256; b++) {
		if (!first[b])
			continue;
		ps->bucket[b] =
			xreallocarray(ps->bucket[b], (size_t)ps->nbucket[b] + 1, sizeof(int));
		ps->bucket[b][ps->nbucket[b]++] = ps->n;
	}
	ps->n++;
	(void)kb;
}

static void patset_free(struct patset *ps)
{
	free(ps->v);
	for (int b = 0; b < 256; b++)
		free(ps->bucket[b]);
}

static int load_patterns(struct kb *kb, struct strbuf *err)
{
	static const char *const want[] = {"field", "pattern", "org", "chip",
					   "kind",  "source",  NULL};
	static const char *const kinds[] = {"dram-chip", "nand-chip", "module",  "ssd",
					    "hdd",       "drive",     "oem-part", "equipment"};
	struct tsv t;
	if (kb_tsv_open(kb, &t, "patterns.tsv", want, err) < 0)
		return -1;
	int rc;
	while ((rc = kb_tsv_next(kb, &t, 6, err)) > 0) {
		char **r = t.row;
		struct pattern p = {0};
		const char *why;
		p.pat = r[1];
		if (!pattern_valid(p.pat, &why))
			return tsv_fail(&t, err, "pattern: %s", why);
		p.fields = !strcmp(r[0], "part")    ? PF_PART
			   : !strcmp(r[0], "model") ? PF_MODEL
			   : !strcmp(r[0], "any")   ? PF_ANY
						    : 0;
		if (!p.fields)
			return tsv_fail(&t, err, "field \"%s\": part, model or any", r[0]);
		int o = row_org(kb, &t, r[2], NULL, false, err);
		if (o < 0)
			return -1;
		int chip = -1;
		if (strcmp(r[3], "-") && (chip = row_org(kb, &t, r[3], NULL, false, err)) < 0)
			return -1;
		int kind = -1;
		for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++)
			if (!strcmp(r[4], kinds[i]))
				kind = i;
		if (kind < 0)
			return tsv_fail(&t, err, "kind \"%s\" is not one of the documented kinds",
					r[4]);
		p.code.org = o;
		p.code.chip = chip;
		p.code.kind = (uint8_t)kind;
		p.code.role = kind == PK_OEM_PART ? ROLE_OEM : ROLE_MAKER;
		p.code.key = r[1];
		p.code.rule = arena_printf(kb->arena, "%s pattern %s: %s",
					   p.fields == PF_PART    ? "part-number"
					   : p.fields == PF_MODEL ? "model"
								  : "part/model",
					   r[1], kb->orgs[o].name);
		p.code.source = r[5];
		if (chip >= 0)
			p.code.chip_rule = arena_printf(
				kb->arena, "%s pattern %s: %s %s%s",
				p.fields == PF_MODEL ? "model" : "part-number", r[1],
				kind == PK_MODULE      ? "a module of"
				: kind == PK_NAND_CHIP ? "a NAND chip of"
						       : "a DRAM chip of",
				kb->orgs[chip].name,
				kind == PK_MODULE
					? ", a DRAM maker whose modules carry its own DRAM"
					: "");
		patset_add(kb, &kb->patterns, &p);
	}
	return rc;
}

static int load_placeholders(struct kb *kb, struct strbuf *err)
{
	static const char *const want[] = {"pattern", "source", NULL};
	struct tsv t;
	if (kb_tsv_open(kb, &t, "placeholders.tsv", want, err) < 0)
		return -1;
	int rc;
	while ((rc = kb_tsv_next(kb, &t, 2, err)) > 0) {
		struct pattern p = {0};
		const char *why;
		p.pat = t.row[0];
		if (!pattern_valid(p.pat, &why))
			return tsv_fail(&t, err, "pattern: %s", why);
		p.fields = PF_ANY;
		p.code.org = -1;
		p.code.chip = -1;
		p.code.key = t.row[0];
		p.code.rule = arena_printf(kb->arena, "placeholder %s", t.row[0]);
		p.code.source = t.row[1];
		patset_add(kb, &kb->placeholders, &p);
	}
	return rc;
}

/* ---- hwdata ---- */

/* pci.ids and usb.ids are read once, in 64 KiB pieces, into an index of
 * their vendor lines (id and where the name is); a name is read back with
 * pread when a look-up needs it.  So a server whose BMC's VGA id is not in
 * the bundled table pays a pass over pci.ids and 20 KiB, not the 1.3 MB
 * file and a 64 Ki-slot array kept in memory. */
struct hwent {
	uint32_t off; /* of the name in the file */
	uint16_t id, len;
};

struct hwids {
	int fd;
	struct hwent *v; /* by id, then by offset: the first line of an id wins */
	size_t n, cap;
};

static int hwent_cmp(const void *a, const void *b)
{
	const struct hwent *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* One line of the file at offset off; false at the end of the vendor list.
 * Vendor lines are "vvvv  Name" at the start of a line; the vendor list
 * ends where the class list ("C xx  Name") begins. */
static bool hwids_line(struct hwids *h, const char *p, size_t len, uint64_t off)
{
	if (len >= 2 && p[0] == 'C' && p[1] == ' ')
		return false;
	uint8_t b[2];
	if (len < 7 || len - 6 > UINT16_MAX || off + len > UINT32_MAX || !hex_decode(p, 2, b) ||
	    p[4] != ' ' || p[5] != ' ')
		return true;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 1024;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	h->v[h->n++] = (struct hwent){(uint32_t)(off + 6), (uint16_t)(b[0] << 8 | b[1]),
				      (uint16_t)(len - 6)};
	return true;
}

static void hwids_free(struct hwids *h)
{
	if (h) {
		close(h->fd);
		free(h->v);
		free(h);
	}
}

static struct hwids *hwids_read(const char *path, const char **error, struct arena *a)
{
	struct strbuf e = STRBUF_INIT;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		describe_errno(&e, path, errno);
		*error = arena_strdup(a, e.buf);
		strbuf_release(&e);
		return NULL;
	}
	struct hwids *h = xcalloc(1, sizeof *h);
	h->fd = fd;
	char buf[65536];
	size_t have = 0;   /* bytes in buf, from the start of a line */
	uint64_t base = 0; /* file offset of buf[0] */
	bool skip = false; /* in a line longer than buf: not a vendor line */
	bool more = true;
	while (more) {
		ssize_t n = read(fd, buf + have, sizeof buf - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			describe_errno(&e, path, errno);
			*error = arena_strdup(a, e.buf);
			strbuf_release(&e);
			hwids_free(h);
			return NULL;
		}
		/* a NUL byte ends the text, as it ends a C string */
		char *nul = memchr(buf + have, 0, (size_t)n);
		bool eof = n == 0 || nul;
		have = nul ? (size_t)(nul - buf) : have + (size_t)n;
		size_t at = 0;
		while (more && at < have) {
			char *nl = memchr(buf + at, '\n', have - at);
			if (!nl && !eof)
				break;
			size_t end = nl ? (size_t)(nl - buf) : have;
			if (!skip)
				more = hwids_line(h, buf + at, end - at, base + at);
			skip = false;
			at = end + 1;
		}
		if (eof)
			break;
		if (at == 0 && have == sizeof buf) {
			skip = true; /* drop the start of an overlong line */
			at = have;
		}
		at = at < have ? at : have;
		memmove(buf, buf + at, have - at);
		base += at;
		have -= at;
	}
	qsort(h->v, h->n, sizeof *h->v, hwent_cmp);
	return h;
}

/* The name of vendor v, read from the file into the arena; NULL if none. */
static const char *hwids_name(const struct hwids *h, unsigned v, struct arena *a)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) { /* the first entry with id >= v */
		size_t mid = lo + (hi - lo) / 2;
		if (h->v[mid].id < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == h->n || h->v[lo].id != v)
		return NULL;
	char *name = arena_alloc(a, (size_t)h->v[lo].len + 1);
	if (pread(h->fd, name, h->v[lo].len, h->v[lo].off) != (ssize_t)h->v[lo].len)
		return NULL; /* the file changed under us: not found rather than wrong */
	return name;
}

/* An org id from a name: "Realtek Semiconductor Co., Ltd." -> realtek-semiconductor. */
static char *slug(struct arena *a, const char *name, const char *prefix)
{
	static const char *const suffix[] = {"inc",  "incorporated", "ltd", "limited", "co",
					     "corp", "corporation",  "llc", "gmbh",    "sa",
					     "ag",   "bv",           "plc", "company", NULL};
	char buf[128];
	size_t n = name_normalise(name, strlen(name), buf, sizeof buf);
	for (size_t i = 0; i < n; i++)
		if (buf[i] == ' ')
			buf[i] = '-';
	for (;;) {
		char *dash = strrchr(buf, '-');
		if (!dash)
			break;
		bool cut = false;
		for (int i = 0; suffix[i]; i++)
			if (!strcmp(dash + 1, suffix[i]))
				cut = true;
		if (!cut)
			break;
		*dash = 0;
	}
	return arena_printf(a, "%s%s", prefix, buf[0] ? buf : "unnamed");
}

static const struct code *hw_vendor(struct kb *kb, unsigned v, bool pci)
{
	struct hwids **hw = pci ? &kb->pci_hw : &kb->usb_hw;
	bool *tried = pci ? &kb->pci_tried : &kb->usb_tried;
	const char *path = pci ? kb->pci_ids_path : kb->usb_ids_path;
	if (!*tried) {
		*tried = true;
		if (path && *path)
			*hw = hwids_read(path, pci ? &kb->pci_hw_error : &kb->usb_hw_error,
					 kb->arena);
	}
	const char *name = *hw ? hwids_name(*hw, v, kb->arena) : NULL;
	if (!name)
		return NULL;
	kb_need(kb, KT_JEP106); /* its organisations first, as if read at start-up */
	char *id = slug(kb->arena, name, "");
	int o = kb_org_find(kb, id);
	if (o >= 0 && kb->orgs[o].curated)
		id = slug(kb->arena, name, pci ? "pci-" : "usb-"), o = kb_org_find(kb, id);
	if (o < 0) {
		o = add_org(kb, id, name, pci ? kb->pci_ids_path : kb->usb_ids_path, false);
		kb->orgs[o].hwdata = true;
	}
	const char *src = arena_printf(kb->arena, "%s (hwdata)", path);
	int c = add_code(kb, o, ROLE_MAKER, arena_printf(kb->arena, "%04x", v), pci ? "PCI" : "USB",
			 kb->orgs[o].name, src);
	idmap_put(pci ? &kb->pci : &kb->usb, v, c);
	return &kb->codes[c];
}

/* ---- look-ups ---- */

const struct code *kb_jep(const struct kb *kb, int bank, uint8_t id)
{
	if (bank < 1 || bank > JEP106_MAX_BANK || !kb_need(kb, KT_JEP106))
		return NULL;
	int32_t c = kb->jep[bank][id & 0x7f];
	return c >= 0 ? &kb->codes[c] : NULL;
}

const struct code *kb_pci_vendor(const struct kb *kb, unsigned v)
{
	if (v > 0xffff || !kb_need(kb, KT_PCI))
		return NULL;
	int c = idmap_get(&kb->pci, v);
	if (c >= 0)
		return &kb->codes[c];
	return hw_vendor((struct kb *)kb, v, true);
}

const struct code *kb_usb_vendor(const struct kb *kb, unsigned v)
{
	if (v > 0xffff || !kb_need(kb, KT_USB))
		return NULL;
	int c = idmap_get(&kb->usb, v);
	if (c >= 0)
		return &kb->codes[c];
	return hw_vendor((struct kb *)kb, v, false);
}

static const struct code *keyed(const struct kb *kb, enum kb_table t, const struct strmap *m,
				const char *key)
{
	if (!kb_need(kb, t))
		return NULL;
	int c = map_get(m, key);
	return c >= 0 ? &kb->codes[c] : NULL;
}

const struct code *kb_oui(const struct kb *kb, const char *oui6)
{
	return keyed(kb, KT_OUI, &kb->oui, oui6);
}

const struct code *kb_emmc(const struct kb *kb, const char *manfid)
{
	return keyed(kb, KT_EMMC, &kb->emmc, manfid);
}

const struct code *kb_cpu(const struct kb *kb, const char *vendor)
{
	return keyed(kb, KT_CPU, &kb->cpu, vendor);
}

const struct code *kb_nqn(const struct kb *kb, const char *domain)
{
	return keyed(kb, KT_NQN, &kb->nqn, domain);
}

int kb_name(const struct kb *kb, const char *s, size_t n)
{
	char buf[256];
	size_t k = name_normalise(s, n, buf, sizeof buf);
	if (!k)
		return -1;
	int o = map_get(&kb->names, buf);
	/* then the first two words, then the first */
	for (int words = 2; o < 0 && words >= 1; words--) {
		int seen = 0;
		for (size_t i = 0; i < k; i++) {
			if (buf[i] == ' ' && ++seen == words) {
				buf[i] = 0;
				o = map_get(&kb->names, buf);
				break;
			}
		}
	}
	return o;
}

const struct pattern *kb_match(const struct kb *kb, const struct patset *ps, unsigned fields,
			       const char *s, size_t n)
{
	if (!n || !kb_need(kb, ps == &kb->placeholders ? KT_PLACEHOLDERS : KT_PATTERNS))
		return NULL;
	unsigned char b = (unsigned char)s[0];
	if (b >= 'a' && b <= 'z')
		b = (unsigned char)(b - 'a' + 'A');
	const int *v = ps->bucket[b];
	for (int i = 0; i < ps->nbucket[b]; i++) {
		const struct pattern *p = &ps->v[v[i]];
		if ((p->fields & fields) && pattern_match(p->pat, s, n))
			return p;
	}
	return NULL;
}

bool kb_placeholder(const struct kb *kb, const char *s, size_t n, const struct pattern **which)
{
	const struct pattern *p = kb_match(kb, &kb->placeholders, PF_ANY, s, n);
	if (which)
		*which = p;
	return p != NULL;
}

/* ---- the tables, read on first use ---- */

static int load_pci(struct kb *kb, struct strbuf *err)
{
	return load_vendors(kb, "pci-vendors.tsv", &kb->pci, "PCI", err);
}

static int load_usb(struct kb *kb, struct strbuf *err)
{
	return load_vendors(kb, "usb-vendors.tsv", &kb->usb, "USB", err);
}

static int load_oui(struct kb *kb, struct strbuf *err)
{
	return load_keyed(kb, "oui.tsv", "oui", &kb->oui, "IEEE OUI", err);
}

static int load_emmc(struct kb *kb, struct strbuf *err)
{
	return load_keyed(kb, "emmc-manfid.tsv", "manfid", &kb->emmc, "eMMC CID manufacturer id",
			  err);
}

static int load_cpu(struct kb *kb, struct strbuf *err)
{
	return load_keyed(kb, "cpu-vendors.tsv", "vendor", &kb->cpu, "CPU vendor id", err);
}

static int load_nqn(struct kb *kb, struct strbuf *err)
{
	return load_keyed(kb, "nqn-domains.tsv", "domain", &kb->nqn, "NVMe NQN naming authority",
			  err);
}

static int load_virtual(struct kb *kb, struct strbuf *err)
{
	static const char *const want[] = {"match", "key", "org", "platform", "source", NULL};
	static const char *const names[] = {"pci",	"usb",	"model",  "name",
					    "transport", "host", "cpuflag"};
	struct tsv t;
	if (kb_tsv_open(kb, &t, "virtual.tsv", want, err) < 0)
		return -1;
	int rc;
	while ((rc = kb_tsv_next(kb, &t, 5, err)) > 0) {
		char **r = t.row;
		struct vrow v = {.vendor = -1, .dev = -1};
		int m = -1;
		for (int i = 0; i < 7; i++)
			if (!strcmp(r[0], names[i]))
				m = i;
		if (m < 0)
			return tsv_fail(&t, err,
					"match \"%s\": pci, usb, model, name, transport, host or cpuflag",
					r[0]);
		v.match = (uint8_t)m;
		if ((v.org = row_org(kb, &t, r[2], NULL, false, err)) < 0)
			return -1;
		if (!*r[1] || !*r[3] || !*r[4])
			return tsv_fail(&t, err, "%s", "empty key, platform or source");
		v.key = r[1];
		v.platform = r[3];
		v.source = r[4];
		if (m == VM_PCI || m == VM_USB) {
			uint32_t a, b;
			char *colon = strchr(r[1], ':');
			if (colon)
				*colon = 0;
			if (strlen(r[1]) != 4 || !hex_parse_u32(r[1], &a) ||
			    (colon && (strlen(colon + 1) != 4 || !hex_parse_u32(colon + 1, &b))) ||
			    (colon && m == VM_USB))
				return tsv_fail(&t, err, "key: VENDOR%s in 4 hex digits",
						m == VM_PCI ? "[:DEVICE]" : "");
			v.vendor = (int)a;
			v.dev = colon ? (int)b : -1;
			uint8_t *bits = m == VM_PCI ? kb->virt_pci : kb->virt_usb;
			bits[a >> 3] |= (uint8_t)(1u << (a & 7));
			v.rule = arena_printf(kb->arena, "virtual device: %s %s%s%s is %s",
					      m == VM_PCI ? "PCI" : "USB", r[1], colon ? ":" : "",
					      colon ? colon + 1 : "", r[3]);
		} else if (m == VM_NAME) {
			if (v.org != kb_org_find(kb, r[1]))
				return tsv_fail(&t, err, "%s", "a name row's key is its org");
			v.rule = arena_printf(kb->arena, "virtual device: %s named as the maker: %s",
					      kb->orgs[v.org].name, r[3]);
			kb->orgs[v.org].virt = (int)kb->nvirt + 1;
		} else if (m == VM_HOST) {
			v.rule = arena_printf(kb->arena,
					      "virtual device: a memory module that names no maker, "
					      "on a host whose SMBIOS system is \"%s...\": %s",
					      r[1], r[3]);
		} else if (m == VM_CPUFLAG) {
			v.rule = arena_printf(kb->arena,
					      "virtual device: memory on a CPU that reports the flag "
					      "\"%s\": %s",
					      r[1], r[3]);
		} else if (m == VM_TRANSPORT) {
			v.rule = arena_printf(kb->arena, "virtual device: transport %s is %s", r[1],
					      r[3]);
		} else {
			v.rule = arena_printf(kb->arena, "virtual device: model \"%s...\" is %s",
					      r[1], r[3]);
			unsigned char f = (unsigned char)toupper((unsigned char)r[1][0]);
			kb->virt_first[f >> 3] |= (uint8_t)(1u << (f & 7));
		}
		*ARENA_PUSH(kb->arena, kb->virt, kb->nvirt, kb->capvirt) = v;
	}
	return rc;
}

static int load_ownchips(struct kb *kb, struct strbuf *err)
{
	static const char *const want[] = {"org", "chips", "from", "until", "note", "source", NULL};
	struct tsv t;
	if (kb_tsv_open(kb, &t, "own-chips.tsv", want, err) < 0)
		return -1;
	int rc;
	while ((rc = kb_tsv_next(kb, &t, 6, err)) > 0) {
		char **r = t.row;
		struct ownchip o = {0};
		if ((o.org = row_org(kb, &t, r[0], NULL, false, err)) < 0)
			return -1;
		o.nand = strstr(r[1], "nand") != NULL;
		o.dram = strstr(r[1], "dram") != NULL;
		if (!o.nand && !o.dram)
			return tsv_fail(&t, err, "chips \"%s\": nand, dram or nand|dram", r[1]);
		int bad = 0;
		o.from = parse_day(&t, r[2], err, &bad);
		o.until = parse_day(&t, r[3], err, &bad);
		if (bad)
			return -1;
		if (!*r[5])
			return tsv_fail(&t, err, "%s", "no source");
		o.source = r[5];
		o.rule = arena_printf(kb->arena, "%s makes the %s in its own %s: %s",
				      kb->orgs[o.org].name,
				      o.nand && o.dram ? "NAND and DRAM" : o.nand ? "NAND" : "DRAM",
				      o.nand && o.dram ? "drives and modules"
				      : o.nand         ? "drives"
						       : "modules",
				      r[4]);
		*ARENA_PUSH(kb->arena, kb->own, kb->nown, kb->capown) = o;
		if (!kb->orgs[o.org].own)
			kb->orgs[o.org].own = (int)kb->nown;
	}
	return rc;
}

const struct vrow *kb_virtual_pci(const struct kb *kb, unsigned vendor, int device)
{
	if (vendor > 0xffff || !kb_need(kb, KT_VIRTUAL) ||
	    !(kb->virt_pci[vendor >> 3] & (1u << (vendor & 7))))
		return NULL;
	for (size_t i = 0; i < kb->nvirt; i++) {
		const struct vrow *v = &kb->virt[i];
		if (v->match == VM_PCI && v->vendor == (int)vendor &&
		    (v->dev < 0 || v->dev == device))
			return v;
	}
	return NULL;
}

const struct vrow *kb_virtual_usb(const struct kb *kb, unsigned vendor)
{
	if (vendor > 0xffff || !kb_need(kb, KT_VIRTUAL) ||
	    !(kb->virt_usb[vendor >> 3] & (1u << (vendor & 7))))
		return NULL;
	for (size_t i = 0; i < kb->nvirt; i++)
		if (kb->virt[i].match == VM_USB && kb->virt[i].vendor == (int)vendor)
			return &kb->virt[i];
	return NULL;
}

const struct vrow *kb_virtual_model(const struct kb *kb, const char *model)
{
	while (*model == ' ')
		model++;
	unsigned char f = (unsigned char)toupper((unsigned char)*model);
	if (!kb_need(kb, KT_VIRTUAL) || !(kb->virt_first[f >> 3] & (1u << (f & 7))))
		return NULL; /* no row starts so: most models, without a string compare */
	for (size_t i = 0; i < kb->nvirt; i++) {
		const struct vrow *v = &kb->virt[i];
		if (v->match == VM_MODEL && !strncasecmp(model, v->key, strlen(v->key)))
			return v;
	}
	return NULL;
}

const struct vrow *kb_virtual_transport(const struct kb *kb, const char *transport)
{
	if (!kb_need(kb, KT_VIRTUAL))
		return NULL;
	for (size_t i = 0; i < kb->nvirt; i++)
		if (kb->virt[i].match == VM_TRANSPORT && !strcasecmp(kb->virt[i].key, transport))
			return &kb->virt[i];
	return NULL;
}

const struct vrow *kb_virtual_host(const struct kb *kb, const char *s)
{
	if (!kb_need(kb, KT_VIRTUAL))
		return NULL;
	for (size_t i = 0; i < kb->nvirt; i++) {
		const struct vrow *v = &kb->virt[i];
		/* a prefix, case and all, as systemd-detect-virt compares them */
		if (v->match == VM_HOST && !strncmp(s, v->key, strlen(v->key)))
			return v;
	}
	return NULL;
}

const struct vrow *kb_virtual_cpuflag(const struct kb *kb, const char *flags)
{
	if (!kb_need(kb, KT_VIRTUAL))
		return NULL;
	for (size_t i = 0; i < kb->nvirt; i++) {
		const struct vrow *v = &kb->virt[i];
		if (v->match != VM_CPUFLAG)
			continue;
		size_t n = strlen(v->key);
		/* a whole word of the space-separated flags */
		for (const char *p = flags; (p = strstr(p, v->key)); p += n)
			if ((p == flags || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
				return v;
	}
	return NULL;
}

const struct vrow *kb_virtual_org(const struct kb *kb, int org)
{
	if (org < 0 || !kb_need(kb, KT_VIRTUAL) || !kb->orgs[org].virt)
		return NULL;
	return &kb->virt[kb->orgs[org].virt - 1];
}

const struct ownchip *kb_own_chips(const struct kb *kb, int org, bool nand, day_t d)
{
	if (org < 0 || !kb_need(kb, KT_OWNCHIPS) || !kb->orgs[org].own)
		return NULL;
	for (size_t i = (size_t)kb->orgs[org].own - 1; i < kb->nown; i++) {
		const struct ownchip *o = &kb->own[i];
		if (o->org == org && (nand ? o->nand : o->dram) && (!o->from || d >= o->from) &&
		    (!o->until || d < o->until))
			return o;
	}
	return NULL;
}

static const struct {
	int (*load)(struct kb *kb, struct strbuf *err);
	bool vendors; /* needs the PCI and USB tables' controller roles */
} tables[KT_NTABLES] = {
	[KT_JEP106] = {load_jep106, false},     [KT_PCI] = {load_pci, false},
	[KT_USB] = {load_usb, false},           [KT_OUI] = {load_oui, true},
	[KT_EMMC] = {load_emmc, false},         [KT_NQN] = {load_nqn, true},
	[KT_CPU] = {load_cpu, false},
	[KT_PATTERNS] = {load_patterns, false}, [KT_PLACEHOLDERS] = {load_placeholders, false},
	[KT_VIRTUAL] = {load_virtual, false},   [KT_OWNCHIPS] = {load_ownchips, false},
};

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Read table t unless read (or tried) already; 0 when it is there. */
static int load_table(struct kb *kb, enum kb_table t, struct strbuf *err)
{
	if (kb->table[t]) {
		if (kb->table[t] > 0)
			return 0;
		strbuf_reset(err);
		strbuf_addstr(err, kb->table_error);
		return -1;
	}
	if (tables[t].vendors &&
	    (load_table(kb, KT_PCI, err) < 0 || load_table(kb, KT_USB, err) < 0)) {
		kb->table[t] = -1; /* without the controller roles its answers would be wrong */
		return -1;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kb->table[t] = 1; /* now: look-ups while it loads do not load it again */
	strbuf_reset(err);
	int rc = tables[t].load(kb, err);
	kb->load_ms += ms_since(&t0);
	if (rc < 0) {
		kb->table[t] = -1;
		if (!kb->table_error)
			kb->table_error = arena_strdup(kb->arena, err->buf);
		return -1;
	}
	return 0;
}

bool kb_need(const struct kb *ckb, enum kb_table t)
{
	if (ckb->table[t])
		return ckb->table[t] > 0;
	struct kb *kb = (struct kb *)ckb; /* its tables are read on first use: see the top */
	struct strbuf err = STRBUF_INIT;
	int rc = load_table(kb, t, &err);
	if (rc < 0)
		log_error("%s; makers it would name stay unknown", err.buf);
	strbuf_release(&err);
	return rc == 0;
}

int kb_load_all(struct kb *kb, struct strbuf *err)
{
	for (int t = 0; t < KT_NTABLES; t++)
		if (load_table(kb, (enum kb_table)t, err) < 0)
			return -1;
	return 0;
}

/* ---- the public part ---- */

static const char *first_existing(const char *env, const char *const *paths)
{
	const char *e = getenv(env);
	if (e)
		return e;
	for (int i = 0; paths[i]; i++)
		if (path_exists(paths[i]))
			return paths[i];
	return NULL;
}

struct kb *kb_load(const char *datadir, const char *pci_ids, const char *usb_ids,
		   struct strbuf *err)
{
	static const char *const pci_paths[] = {
		"/usr/share/hwdata/pci.ids", "/usr/share/misc/pci.ids", "/usr/share/pci.ids", NULL};
	static const char *const usb_paths[] = {"/usr/share/hwdata/usb.ids",
						"/usr/share/misc/usb.ids",
						"/var/lib/usbutils/usb.ids", NULL};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct kb *kb = xcalloc(1, sizeof *kb);
	kb->arena = arena_new();
	kb->datadir = xstrdup(datadir ? datadir : data_dir());
	strmap_reserve(&kb->org_index, 256);
	strmap_reserve(&kb->names, 1024);
	if (!pci_ids)
		pci_ids = first_existing("CHIPSCREEN_PCI_IDS", pci_paths);
	if (!usb_ids)
		usb_ids = first_existing("CHIPSCREEN_USB_IDS", usb_paths);
	kb->pci_ids_path = pci_ids ? xstrdup(pci_ids) : NULL;
	kb->usb_ids_path = usb_ids ? xstrdup(usb_ids) : NULL;
	strbuf_reset(err);
	/* The organisations and their links: every attribution needs them.  The
	 * identifier tables are read on first use (kb_need). */
	if (load_orgs(kb, err) < 0) {
		kb_free(kb);
		return NULL;
	}
	kb->load_ms = ms_since(&t0);
	return kb;
}

void kb_free(struct kb *kb)
{
	if (!kb)
		return;
	strmap_free(&kb->org_index);
	strmap_free(&kb->names);
	strmap_free(&kb->oui);
	strmap_free(&kb->emmc);
	strmap_free(&kb->cpu);
	strmap_free(&kb->nqn);
	strmap_free(&kb->paths);
	patset_free(&kb->patterns);
	patset_free(&kb->placeholders);
	strmap_free(&kb->pci);
	strmap_free(&kb->usb);
	free(kb->jep_form);
	hwids_free(kb->pci_hw);
	hwids_free(kb->usb_hw);
	free(kb->pci_ids_path);
	free(kb->usb_ids_path);
	free(kb->datadir);
	free(kb->orgs);
	free(kb->codes);
	arena_free(kb->arena);
	free(kb);
}

const char *kb_org_name(const struct kb *kb, const char *org)
{
	int o = kb_org_find(kb, org);
	return o >= 0 ? kb->orgs[o].name : NULL;
}

/* Depth-first up the links active at d; brand links always count, the others
 * only with affiliates.  On success fills rel with the phrases on the path. */
static bool org_walk(const struct kb *kb, int o, int target, bool aff, day_t d, int depth,
		     int *path, int *npath)
{
	if (o == target)
		return true;
	if (depth >= 8)
		return false;
	const struct org *org = &kb->orgs[o];
	for (int i = org->link0; i < org->link0 + org->nlinks; i++) {
		const struct link *l = &kb->links[i];
		if (!link_active(l, d) || (!aff && l->rel != REL_BRAND))
			continue;
		path[depth] = i;
		if (org_walk(kb, l->parent, target, aff, d, depth + 1, path, npath)) {
			if (*npath < depth + 1)
				*npath = depth + 1;
			return true;
		}
	}
	return false;
}

bool kb_org_relation(const struct kb *kb, const char *org, const char *party, bool with_affiliates,
		     day_t as_of, struct org_relation *rel)
{
	struct org_relation dummy;
	if (!rel)
		rel = &dummy;
	memset(rel, 0, sizeof *rel);
	if (!kb || !org || !party)
		return false;
	if (!strcmp(org, party))
		return true;
	int o = kb_org_find(kb, org), p = kb_org_find(kb, party);
	if (o < 0 || p < 0)
		return false;
	int path[8], npath = 0;
	if (!org_walk(kb, o, p, with_affiliates, as_of ? as_of : date_today(), 0, path, &npath))
		return false;
	/* Phrases joined; the weakest confidence on the path is the relation's. */
	size_t len = 0;
	rel->confidence = "confirmed";
	for (int i = 0; i < npath; i++) {
		const struct link *l = &kb->links[path[i]];
		len += strlen(l->phrase) + 2;
		if (l->conf == LC_UNCONFIRMED)
			rel->confidence = "unconfirmed", rel->unconfirmed = true;
		else if (l->conf == LC_SECONDARY && !rel->unconfirmed)
			rel->confidence = "secondary";
		if (l->rel != REL_BRAND)
			rel->affiliation = true;
	}
	rel->source = kb->links[path[npath - 1]].source;
	if (npath == 1) {
		rel->how = kb->links[path[0]].phrase; /* the usual case: no allocation */
		return true;
	}
	/* Longer chains are joined once per distinct path and kept, so asking
	 * again (for every component and rule) allocates nothing. */
	char key[96];
	size_t k = 0;
	for (int i = 0; i < npath; i++)
		k += (size_t)snprintf(key + k, sizeof key - k, "%d>", path[i]);
	struct strmap *paths = (struct strmap *)&kb->paths;
	int at = map_get(paths, key);
	if (at >= 0) {
		rel->how = kb->path_phrases[at];
		return true;
	}
	char *how = arena_alloc(kb->arena, len + 1);
	for (int i = 0; i < npath; i++) {
		if (i)
			strcat(how, "; ");
		strcat(how, kb->links[path[i]].phrase);
	}
	struct kb *w = (struct kb *)kb;
	*ARENA_PUSH(w->arena, w->path_phrases, w->npaths, w->cappaths) = how;
	map_put(paths, arena_strdup(w->arena, key), (int)(w->npaths - 1));
	rel->how = how;
	return true;
}

bool kb_org_is(const struct kb *kb, const char *org, const char *party, bool with_affiliates,
	       day_t as_of, const char **how)
{
	struct org_relation r;
	bool yes = kb_org_relation(kb, org, party, with_affiliates, as_of, &r);
	if (how)
		*how = yes ? r.how : NULL;
	return yes;
}
