/*
 * inventory.c — the inventory and component containers, and the names of
 * kinds, field keys, confidences and verdicts.
 *
 * Components are few (tens to a few hundred per host) and have few fields
 * (under 30), so fields live in a small array searched linearly: cheaper than
 * any hash at these sizes, and the order of reading is kept for output.
 */
#include "chipscreen.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

static const char *const kind_names[KIND__COUNT] = {
	[KIND_SYSTEM] = "system",   [KIND_BASEBOARD] = "baseboard",
	[KIND_CHASSIS] = "chassis", [KIND_BIOS] = "bios",
	[KIND_CPU] = "cpu",         [KIND_DIMM] = "dimm",
	[KIND_PCI] = "pci",         [KIND_NVME] = "nvme",
	[KIND_DISK] = "disk",       [KIND_USB] = "usb",
	[KIND_EMMC] = "emmc",       [KIND_PART] = "part",
	[KIND_OTHER] = "other",
};

static const char *const key_names[FK__COUNT] = {
	[FK_MANUFACTURER] = "manufacturer",
	[FK_PRODUCT] = "product",
	[FK_MODEL] = "model",
	[FK_PART_NUMBER] = "part_number",
	[FK_SERIAL] = "serial",
	[FK_UUID] = "uuid",
	[FK_VERSION] = "version",
	[FK_FIRMWARE] = "firmware",
	[FK_REVISION] = "revision",
	[FK_ASSET_TAG] = "asset_tag",
	[FK_LOCATOR] = "locator",
	[FK_BANK_LOCATOR] = "bank_locator",
	[FK_SIZE_BYTES] = "size_bytes",
	[FK_MEMORY_TYPE] = "memory_type",
	[FK_FORM_FACTOR] = "form_factor",
	[FK_SPEED_MTS] = "speed_mts",
	[FK_RANKS] = "ranks",
	[FK_JEDEC_MODULE] = "jedec_module",
	[FK_JEDEC_DRAM] = "jedec_dram",
	[FK_JEDEC_CONTROLLER] = "jedec_controller",
	[FK_JEDEC_REGISTER] = "jedec_register",
	[FK_MANUFACTURE_DATE] = "manufacture_date",
	[FK_SPD_CRC] = "spd_crc",
	[FK_PCI_ADDRESS] = "pci_address",
	[FK_PCI_VENDOR] = "pci_vendor",
	[FK_PCI_DEVICE] = "pci_device",
	[FK_PCI_SUBVENDOR] = "pci_subsystem_vendor",
	[FK_PCI_SUBDEVICE] = "pci_subsystem_device",
	[FK_PCI_CLASS] = "pci_class",
	[FK_PCI_REVISION] = "pci_revision",
	[FK_USB_VENDOR] = "usb_vendor",
	[FK_USB_PRODUCT] = "usb_product",
	[FK_USB_BCD_DEVICE] = "usb_bcd_device",
	[FK_USB_CLASS] = "usb_class",
	[FK_NVME_SUBSYSNQN] = "nvme_subsysnqn",
	[FK_WWID] = "wwid",
	[FK_EUI64] = "eui64",
	[FK_NGUID] = "nguid",
	[FK_IEEE_OUI] = "ieee_oui",
	[FK_TRANSPORT] = "transport",
	[FK_DEVICE] = "device",
	[FK_EMMC_MANFID] = "emmc_manfid",
	[FK_EMMC_OEMID] = "emmc_oemid",
	[FK_EMMC_NAME] = "emmc_name",
	[FK_SOCKET] = "socket",
	[FK_SUPPLIER] = "supplier",
	[FK_QUANTITY] = "quantity",
	[FK_ACQUIRED] = "acquired",
	[FK_SITE] = "site",
	[FK_PURPOSE] = "purpose",
	[FK_TAG] = "tag",
	[FK_FIRST_SEEN] = "first_seen",
	[FK_CPU_VENDOR] = "cpu_vendor",
	[FK_EXTRA] = "extra",
};

const char *kind_name(enum kind k)
{
	return (unsigned)k < KIND__COUNT ? kind_names[k] : "other";
}

int kind_from_name(const char *name)
{
	for (int k = 0; k < KIND__COUNT; k++)
		if (!strcmp(kind_names[k], name))
			return k;
	return -1;
}

const char *field_key_name(enum fkey k)
{
	return (unsigned)k < FK__COUNT ? key_names[k] : "extra";
}

int field_key_from_name(const char *name)
{
	/* the first byte rules out most names without a call (imports read
	 * millions of fields) */
	for (int k = 0; k < FK_EXTRA; k++)
		if (key_names[k][0] == name[0] && !strcmp(key_names[k], name))
			return k;
	return FK_EXTRA;
}

int confidence_from_name(const char *name)
{
	for (int c = CONF_NONE; c <= CONF_CERTAIN; c++)
		if (!strcmp(name, confidence_name((enum confidence)c)))
			return c;
	return -1;
}

const char *confidence_name(enum confidence c)
{
	switch (c) {
	case CONF_CERTAIN:
		return "certain";
	case CONF_STRONG:
		return "strong";
	case CONF_WEAK:
		return "weak";
	default:
		return "none";
	}
}

static const char *const verdict_names[V__COUNT] = {
	[V_CLEAR] = "CLEAR",
	[V_INFO] = "INFO",
	[V_REVIEW] = "REVIEW",
	[V_LICENSE] = "LICENSE",
	[V_NO_NEW_PURCHASE] = "NO-NEW-PURCHASE",
	[V_REMOVE_BY] = "REMOVE-BY",
	[V_PROHIBITED] = "PROHIBITED",
};

const char *verdict_name(enum verdict v)
{
	return (unsigned)v < V__COUNT ? verdict_names[v] : "?";
}

int verdict_from_name(const char *name)
{
	for (int v = 0; v < V__COUNT; v++) {
		if (!strcasecmp(verdict_names[v], name))
			return v;
		/* accept NO_NEW_PURCHASE and REMOVE_BY as well */
		const char *a = verdict_names[v], *b = name;
		while (*a && *b && (toupper((unsigned char)*b) == *a || (*a == '-' && *b == '_')))
			a++, b++;
		if (!*a && !*b)
			return v;
	}
	return -1;
}

struct inventory *inventory_new(void)
{
	struct arena *a = arena_new();
	struct inventory *inv = arena_alloc(a, sizeof *inv);
	inv->arena = a;
	return inv;
}

void inventory_free(struct inventory *inv)
{
	if (inv)
		arena_free(inv->arena);
}

struct component *inventory_add(struct inventory *inv, enum kind kind, const char *id,
				const char *source)
{
	struct component *c = ARENA_PUSH(inv->arena, inv->comps, inv->ncomps, inv->capcomps);
	c->kind = kind;
	c->id = inventory_strdup(inv, id);
	c->source = inventory_strdup(inv, source);
	return c;
}

struct component *inventory_find(struct inventory *inv, const char *id)
{
	for (size_t i = 0; i < inv->ncomps; i++)
		if (inv->comps[i].id && !strcmp(inv->comps[i].id, id))
			return &inv->comps[i];
	return NULL;
}

static const char *clean_copy(struct arena *a, const char *s, size_t n)
{
	if (utf8_clean(s, n))
		return arena_strndup(a, s, n);
	struct strbuf sb = STRBUF_INIT;
	utf8_escape(&sb, s, n);
	const char *r = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

const char *inventory_strdup(struct inventory *inv, const char *s)
{
	return s ? clean_copy(inv->arena, s, strlen(s)) : NULL;
}

const char *inventory_strndup(struct inventory *inv, const char *s, size_t n)
{
	return s ? clean_copy(inv->arena, s, n) : NULL;
}

static void add_note(struct arena *a, struct note **v, size_t *n, size_t *cap, const char *path,
		     const char *what, const char *reason)
{
	struct note *no = ARENA_PUSH(a, *v, *n, *cap);
	no->path = path ? clean_copy(a, path, strlen(path)) : NULL;
	no->what = what ? clean_copy(a, what, strlen(what)) : NULL;
	no->reason = clean_copy(a, reason, strlen(reason));
}

void inventory_unread(struct inventory *inv, const char *path, const char *what, const char *reason)
{
	add_note(inv->arena, &inv->unread, &inv->nunread, &inv->capunread, path, what, reason);
}

void inventory_warn(struct inventory *inv, const char *path, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(inv->arena, fmt, ap);
	va_end(ap);
	add_note(inv->arena, &inv->warnings, &inv->nwarnings, &inv->capwarnings, path, what, msg);
}

size_t field_trim(const char *value, size_t *n, unsigned flags)
{
	size_t skip = 0;
	if (flags & FIELD_RAW)
		return 0;
	while (*n && (value[*n - 1] == ' ' || value[*n - 1] == '\0' || value[*n - 1] == '\t' ||
		      value[*n - 1] == '\n'))
		(*n)--;
	while (skip < *n && (value[skip] == ' ' || value[skip] == '\t'))
		skip++;
	*n -= skip;
	return skip;
}

static struct field *set_field(struct inventory *inv, struct component *c, enum fkey key,
			       const char *name, unsigned flags, const char *value, size_t n,
			       const char *source)
{
	value += field_trim(value, &n, flags);
	if (n == 0)
		return NULL;
	struct field *f = NULL;
	/* names are kept escaped (a tab as \x09): compare the escaped form, or
	 * a second set of "tab\tname" would add a field of the same name */
	const char *kept = key == FK_EXTRA ? inventory_strdup(inv, name) : NULL;
	for (size_t i = 0; i < c->nfields; i++) {
		struct field *g = &c->fields[i];
		if (g->key == key && (g->flags & FIELD_RAW) == (flags & FIELD_RAW) &&
		    (key != FK_EXTRA || !strcmp(g->name, kept))) {
			f = g;
			break;
		}
	}
	if (!f)
		f = ARENA_PUSH(inv->arena, c->fields, c->nfields, c->capfields);
	f->key = key;
	f->flags = flags;
	f->name = kept;
	f->value = clean_copy(inv->arena, value, n);
	f->source = inventory_strdup(inv, source);
	return f;
}

struct field *component_set(struct inventory *inv, struct component *c, enum fkey key,
			    unsigned flags, const char *value, const char *source)
{
	if (!value || key == FK_EXTRA)
		return NULL;
	return set_field(inv, c, key, NULL, flags, value, strlen(value), source);
}

struct field *component_set_bytes(struct inventory *inv, struct component *c, enum fkey key,
				  unsigned flags, const void *bytes, size_t n, const char *source)
{
	if (!bytes || key == FK_EXTRA)
		return NULL;
	return set_field(inv, c, key, NULL, flags, bytes, n, source);
}

struct field *component_set_extra(struct inventory *inv, struct component *c, const char *name,
				  unsigned flags, const char *value, const char *source)
{
	if (!value || !name)
		return NULL;
	return set_field(inv, c, FK_EXTRA, name, flags, value, strlen(value), source);
}

struct field *component_set_extra_bytes(struct inventory *inv, struct component *c,
					const char *name, unsigned flags, const void *bytes,
					size_t n, const char *source)
{
	if (!bytes || !name)
		return NULL;
	return set_field(inv, c, FK_EXTRA, name, flags, bytes, n, source);
}

struct field *component_setf(struct inventory *inv, struct component *c, enum fkey key,
			     unsigned flags, const char *source, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = arena_vprintf(inv->arena, fmt, ap);
	va_end(ap);
	return component_set(inv, c, key, flags, v, source);
}

const struct field *component_field(const struct component *c, enum fkey key, bool raw)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == key && !!(c->fields[i].flags & FIELD_RAW) == raw)
			return &c->fields[i];
	return NULL;
}

const char *component_get(const struct component *c, enum fkey key)
{
	const struct field *f = component_field(c, key, false);
	if (!f)
		f = component_field(c, key, true);
	return f ? f->value : NULL;
}

/* The field of c with f's key, rawness and (for extras) name, or NULL. */
static const struct field *same_field(const struct component *c, const struct field *f)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *g = &c->fields[i];
		if (g->key == f->key && (g->flags & FIELD_RAW) == (f->flags & FIELD_RAW) &&
		    (f->key != FK_EXTRA || (g->name && f->name && !strcmp(g->name, f->name))))
			return g;
	}
	return NULL;
}

bool inventory_fold(struct inventory *inv, size_t into, size_t from, const char *why)
{
	struct component *c = &inv->comps[into];
	const struct component *p = &inv->comps[from];
	for (size_t i = 0; i < p->nfields; i++) {
		const struct field *g = same_field(c, &p->fields[i]);
		if (g && strcmp(g->value, p->fields[i].value)) {
			const char *name = p->fields[i].key == FK_EXTRA
						   ? p->fields[i].name
						   : field_key_name(p->fields[i].key);
			inventory_warn(inv, p->source, "PCI function",
				       "%s and %s have %s but differ in %s%s (\"%s\", \"%s\"): "
				       "both kept",
				       c->id, p->id, why,
				       p->fields[i].flags & FIELD_RAW ? "raw " : "", name, g->value,
				       p->fields[i].value);
			return false;
		}
	}
	for (size_t i = 0; i < p->nfields; i++) {
		const struct field *f = &p->fields[i];
		if (same_field(c, f))
			continue;
		if (f->key == FK_EXTRA)
			component_set_extra(inv, c, f->name, f->flags, f->value, f->source);
		else
			component_set(inv, c, f->key, f->flags, f->value, f->source);
	}
	component_set_extra(inv, c, "pci_component", 0, p->id, p->source);
	memmove(&inv->comps[from], &inv->comps[from + 1],
		(inv->ncomps - from - 1) * sizeof *inv->comps);
	inv->ncomps--;
	/* inventory_add() reuses the slot without clearing it */
	memset(&inv->comps[inv->ncomps], 0, sizeof *inv->comps);
	return true;
}

bool field_no_value(const char *v)
{
	while (*v == ' ')
		v++;
	return !*v || !strcmp(v, "Not Specified") || !strcmp(v, "Not Provided") ||
	       !strcmp(v, "<BAD INDEX>") || !strcmp(v, "<OUT OF SPEC>");
}

/* Whether a memory module names anyone who could have made it. */
static bool dimm_named(const struct component *c)
{
	static const enum fkey names[] = {FK_MANUFACTURER, FK_PART_NUMBER, FK_JEDEC_MODULE,
					  FK_JEDEC_DRAM,   FK_MODEL,       FK_PRODUCT};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		const char *v = component_get(c, names[k]);
		if (v && !field_no_value(v))
			return true;
	}
	return false;
}

void inventory_bare_dimms(struct inventory *inv, size_t from, const char *src)
{
	const char *vendor = inv->host.vendor, *product = inv->host.product;
	if (!vendor && !product)
		return;
	for (size_t i = from; i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		if (c->kind != KIND_DIMM || dimm_named(c))
			continue;
		component_set_extra(inv, c, "smbios.system_vendor", FIELD_RAW, vendor, src);
		component_set_extra(inv, c, "smbios.system_product", FIELD_RAW, product, src);
	}
}
