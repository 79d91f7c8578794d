/*
 * cyclonedx.c — CycloneDX 1.4-1.6 JSON hardware BOMs into components.
 *
 * Components of type "device" become parts (KIND_PART: a maker and a part
 * or model name, as declared rather than read from hardware); "firmware"
 * becomes KIND_OTHER with its version.  Software components (library,
 * application, ...) are counted and skipped with one warning: chipscreen
 * judges hardware.  Nested components are read too.
 *
 * A component that cannot be read (not an object, no type, a device with
 * nothing to identify it by, a nested "components" that is not an array) is
 * warned about and counted as skipped (imp_skip): a scan of the BOM then
 * exits 2 rather than "No findings" for hardware it never judged.
 *
 * Standard members map as: manufacturer.name (1.6) or manufacture.name
 * (1.4/1.5) -> manufacturer; supplier.name -> supplier; name -> model (or
 * product when a model property is given); version -> version (firmware);
 * description, group, publisher, purl, cpe -> extras.  Properties whose name
 * ends in a known word (serialNumber, partNumber, mpn, model, ...) fill the
 * matching key; the others become extras under their own name.
 *
 * chipscreen's own CycloneDX output carries every field as properties
 * "chipscreen:raw:<key>" and "chipscreen:decoded:<key>" next to
 * "chipscreen:kind" and "chipscreen:id".  A component that has them is read
 * from them alone, so an inventory written as CycloneDX reads back the same.
 */
#include "import/import-int.h"
#include "util/utf8.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CS_PREFIX "chipscreen:"

struct cdx {
	struct imp *im;
	size_t nsoftware;
	const char *software_example;
	size_t ndevices;
};

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *prop(const cJSON *props, const char *name)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, props)
	{
		const char *n = jstr(p, "name");
		if (n && !strcmp(n, name))
			return jstr(p, "value");
	}
	return NULL;
}

static bool has_own_fields(const cJSON *props)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, props)
	{
		const char *n = jstr(p, "name");
		if (n && (str_prefix(n, CS_PREFIX "raw:") || str_prefix(n, CS_PREFIX "decoded:")))
			return true;
	}
	return false;
}

/* Property names other tools use for the keys we have. */
static const struct {
	const char *word; /* last segment, lower case, letters and digits only */
	enum fkey key;
} prop_words[] = {
	{"serialnumber", FK_SERIAL},
	{"serial", FK_SERIAL},
	{"partnumber", FK_PART_NUMBER},
	{"mpn", FK_PART_NUMBER},
	{"model", FK_MODEL},
	{"modelnumber", FK_MODEL},
	{"manufacturer", FK_MANUFACTURER},
	{"assettag", FK_ASSET_TAG},
	{"firmwareversion", FK_FIRMWARE},
	{"firmware", FK_FIRMWARE},
	{"quantity", FK_QUANTITY},
	{"site", FK_SITE},
	{"purpose", FK_PURPOSE},
	{"supplier", FK_SUPPLIER},
};

static int prop_key(const char *name)
{
	const char *last = strrchr(name, ':');
	last = last ? last + 1 : name;
	char w[32];
	size_t o = 0;
	for (const char *p = last; *p && o < sizeof w - 1; p++)
		if (isalnum((unsigned char)*p))
			w[o++] = (char)tolower((unsigned char)*p);
	w[o] = '\0';
	for (size_t i = 0; i < sizeof prop_words / sizeof prop_words[0]; i++)
		if (!strcmp(prop_words[i].word, w))
			return (int)prop_words[i].key;
	return -1;
}

/* chipscreen:raw:<key> and chipscreen:decoded:<key>: the values are stored
 * escaped (\xNN, \\), so undo that before setting them again. */
static void own_field(struct imp *im, struct component *c, const char *name, const char *value,
		      const cJSON *props, const char *src)
{
	bool raw = str_prefix(name, CS_PREFIX "raw:");
	const char *key = name + strlen(raw ? CS_PREFIX "raw:" : CS_PREFIX "decoded:");
	if (!*key || !value)
		return;
	char *bytes = arena_alloc(im->inv->arena, strlen(value) + 1);
	size_t n = utf8_unescape(value, bytes);
	int k = field_key_from_name(key);
	struct field *f;
	if (k == FK_EXTRA) /* extras have no bytes form: a NUL ends them */
		f = component_set_extra(im->inv, c, key, raw ? FIELD_RAW : 0, bytes, src);
	else
		f = component_set_bytes(im->inv, c, (enum fkey)k, raw ? FIELD_RAW : 0, bytes, n,
					src);
	char *untrusted = arena_printf(im->inv->arena, CS_PREFIX "untrusted:%s:%s",
				       raw ? "raw" : "decoded", key);
	const char *u = prop(props, untrusted);
	if (f && u && !strcmp(u, "true"))
		f->flags |= FIELD_UNTRUSTED;
}

static const char *org_name(const cJSON *comp, const char *member)
{
	return jstr(cJSON_GetObjectItemCaseSensitive(comp, member), "name");
}

static void standard_fields(struct imp *im, struct component *c, const cJSON *comp,
			    const cJSON *props, bool firmware, const char *path)
{
	const char *v;
	char *src;
#define SRC(member) (src = (char *)imp_srcf(im, "%s.%s", path, member))
	/* properties first: a "model" property makes name the product name */
	const cJSON *p;
	int i = 0;
	cJSON_ArrayForEach(p, props)
	{
		const char *n = jstr(p, "name"), *val = jstr(p, "value");
		i++;
		if (!n || !val || str_prefix(n, CS_PREFIX))
			continue;
		int k = prop_key(n);
		const char *psrc = imp_srcf(im, "%s.properties[%d]", path, i - 1);
		if (k >= 0)
			imp_set(im, c, (enum fkey)k, val, NULL, psrc);
		else
			imp_extra(im, c, n, val, NULL, psrc);
	}
	if ((v = org_name(comp, "manufacturer")) || (v = org_name(comp, "manufacture")))
		imp_set(im, c, FK_MANUFACTURER, v, NULL,
			SRC(org_name(comp, "manufacturer") ? "manufacturer.name"
							   : "manufacture.name"));
	if ((v = org_name(comp, "supplier")))
		imp_set(im, c, FK_SUPPLIER, v, NULL, SRC("supplier.name"));
	if ((v = jstr(comp, "name"))) {
		enum fkey k =
			firmware || component_field(c, FK_MODEL, true) ? FK_PRODUCT : FK_MODEL;
		imp_set(im, c, k, v, NULL, SRC("name"));
	}
	if ((v = jstr(comp, "version")))
		imp_set(im, c, firmware ? FK_FIRMWARE : FK_VERSION, v, NULL, SRC("version"));
	static const char *const extras[] = {"description", "group", "publisher", "author",
					     "purl",        "cpe",   "bom-ref"};
	for (size_t e = 0; e < sizeof extras / sizeof extras[0]; e++)
		if ((v = jstr(comp, extras[e])))
			imp_extra(im, c, extras[e], v, NULL, SRC(extras[e]));
#undef SRC
}

static void walk(struct cdx *x, const cJSON *arr, const char *parent);

static void component(struct cdx *x, const cJSON *comp, const char *path)
{
	struct imp *im = x->im;
	const char *type = jstr(comp, "type");
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(comp, "properties");
	if (props && !cJSON_IsArray(props)) {
		imp_warn(im, 0, "%s.properties: expected an array: ignored", path);
		props = NULL;
	}
	bool firmware = type && !strcmp(type, "firmware");
	if (!type) {
		/* required by every CycloneDX version: a device or software? */
		imp_skip(im, 0, "%s: no \"type\" (device, firmware, library, ...): skipped", path);
		goto children;
	}
	if (strcmp(type, "device") != 0 && !firmware) {
		x->nsoftware++;
		if (!x->software_example)
			x->software_example = type;
		goto children;
	}
	enum kind k = firmware ? KIND_OTHER : KIND_PART;
	const char *ks = prop(props, CS_PREFIX "kind");
	if (ks) {
		int kk = kind_from_name(ks);
		if (kk < 0)
			imp_warn(im, 0, "%s: unknown chipscreen:kind \"%s\": read as %s", path, ks,
				 kind_name(k));
		else
			k = (enum kind)kk;
	}
	const char *id = prop(props, CS_PREFIX "id"), *ref = jstr(comp, "bom-ref"),
		   *name = jstr(comp, "name");
	if (!id)
		id = arena_printf(im->inv->arena, "%s/%s", kind_name(k),
				  ref    ? ref
				  : name ? name
					 : path);
	struct component *c = imp_add(im, k, id);
	const char *csrc = prop(props, CS_PREFIX "source");
	if (csrc)
		c->source = arena_strdup(im->inv->arena, csrc);
	x->ndevices++;
	if (has_own_fields(props)) {
		const cJSON *p;
		int i = 0;
		cJSON_ArrayForEach(p, props)
		{
			const char *n = jstr(p, "name");
			i++;
			if (n && (str_prefix(n, CS_PREFIX "raw:") ||
				  str_prefix(n, CS_PREFIX "decoded:")))
				own_field(im, c, n, jstr(p, "value"), props,
					  imp_srcf(im, "%s.properties[%d]", path, i - 1));
		}
	} else {
		standard_fields(im, c, comp, props, firmware, path);
		/* the BOM says what it is: firmware is of class firmware, as a
		 * purchase record's product_class column says it (a kind "other"
		 * is of class unknown, which any maker could have made) */
		bool declared = false;
		for (size_t i = 0; i < c->nfields && !declared; i++)
			declared = c->fields[i].key == FK_EXTRA &&
				   !strcmp(c->fields[i].name, "product_class");
		if (firmware && !declared)
			imp_extra(im, c, "product_class", "firmware", "firmware",
				  imp_srcf(im, "%s.type", path));
	}
	if (!c->nfields && c == &im->inv->comps[im->inv->ncomps - 1]) {
		/* nothing to identify or judge it by: a part of nobody, which
		 * every rule would have to REVIEW, and a BOM of only such
		 * devices would read as one with hardware in it */
		imp_skip(im, 0, "%s: a device with no name, maker, part number or property: "
				"skipped", path);
		im->inv->ncomps--;
		x->ndevices--;
	}
children:;
	const cJSON *kids = cJSON_GetObjectItemCaseSensitive(comp, "components");
	if (kids)
		walk(x, kids, path);
}

static void walk(struct cdx *x, const cJSON *arr, const char *parent)
{
	if (!cJSON_IsArray(arr)) {
		imp_skip(x->im, 0, "%s%scomponents: expected an array: ignored", parent,
			 *parent ? "." : "");
		return;
	}
	int i = 0;
	const cJSON *comp;
	cJSON_ArrayForEach(comp, arr)
	{
		char *path = arena_printf(x->im->inv->arena, "%s%scomponents[%d]", parent,
					  *parent ? "." : "", i++);
		if (!cJSON_IsObject(comp)) {
			imp_skip(x->im, 0, "%s: expected an object: skipped", path);
			continue;
		}
		component(x, comp, path);
	}
}

static void host_facts(struct imp *im, const cJSON *doc)
{
	struct host *h = &im->inv->host;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
	const cJSON *mc = cJSON_GetObjectItemCaseSensitive(meta, "component");
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(mc, "properties");
	static const struct {
		const char *prop;
		size_t off;
	} hp[] = {
		{CS_PREFIX "host:hostname", offsetof(struct host, hostname)},
		{CS_PREFIX "host:vendor", offsetof(struct host, vendor)},
		{CS_PREFIX "host:product", offsetof(struct host, product)},
		{CS_PREFIX "host:serial", offsetof(struct host, serial)},
		{CS_PREFIX "host:uuid", offsetof(struct host, uuid)},
		{CS_PREFIX "host:smbios_version", offsetof(struct host, smbios_version)},
	};
	for (size_t i = 0; i < sizeof hp / sizeof hp[0]; i++)
		imp_host(im, (const char **)((char *)h + hp[i].off), prop(props, hp[i].prop));
	const char *v = org_name(mc, "manufacturer");
	imp_host(im, &h->vendor, v ? v : org_name(mc, "manufacture"));
	imp_host(im, &h->product, jstr(mc, "name"));
	imp_host(im, &h->collected_at, jstr(meta, "timestamp"));
}

int import_cyclonedx(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	cJSON *doc = import_json_parse(text, len, err);
	if (!doc)
		return -1;
	int rc = -1;
	const char *bf = jstr(doc, "bomFormat"), *sv = jstr(doc, "specVersion");
	if (!cJSON_IsObject(doc) || !bf || strcmp(bf, "CycloneDX") != 0) {
		strbuf_addf(err,
			    "bomFormat: expected \"CycloneDX\", found %s%s%s: not a CycloneDX BOM",
			    bf ? "\"" : "", bf ? bf : "none", bf ? "\"" : "");
		goto out;
	}
	if (!sv || !str_prefix(sv, "1."))
		imp_warn(im, 0, "specVersion %s%s%s: chipscreen reads CycloneDX 1.4 to 1.6",
			 sv ? "\"" : "", sv ? sv : "missing", sv ? "\"" : "");
	host_facts(im, doc);
	struct cdx x = {.im = im};
	const cJSON *comps = cJSON_GetObjectItemCaseSensitive(doc, "components");
	if (comps && !cJSON_IsArray(comps)) {
		strbuf_addstr(err, "components: expected an array");
		goto out;
	}
	if (comps)
		walk(&x, comps, "");
	if (x.nsoftware)
		imp_warn(im, 0,
			 "%zu software components (type \"%s\", ...) skipped: chipscreen reads "
			 "hardware (device, firmware)",
			 x.nsoftware, x.software_example);
	if (!x.ndevices)
		imp_warn(im, 0, "no device or firmware component in this BOM");
	rc = 0;
out:
	cJSON_Delete(doc);
	return rc;
}
