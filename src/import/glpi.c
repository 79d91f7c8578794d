/*
 * glpi.c — a GLPI agent inventory (glpi-agent --json, the JSON inventory
 * format of glpi-project/inventory_format, inventory.schema.json) into a
 * whole machine.
 *
 * The document is {"action": "inventory", "deviceid": ..., "content": {...}};
 * content holds arrays per kind.  What is read (doc/import-formats.md):
 *
 *   bios         system (smanufacturer, smodel, ssn) and baseboard (mmanufacturer,
 *                mmodel, msn); hardware.name and .uuid are host facts
 *   cpus         manufacturer, name
 *   memories     manufacturer, model (the part number), serialnumber, caption
 *                (the slot), capacity (MiB), type, speed; slots without a
 *                capacity and naming no module are empty and skipped; a
 *                capacity that is no number keeps the module, size unknown
 *   storages     manufacturer, model, serial, firmware, wwn, disksize (MB),
 *                interface (NVMe drives are nvme components)
 *   controllers  vendorid/productid or pciid "vvvv:dddd", pcisubsystemid,
 *                pcislot, pciclass, manufacturer, name
 *   usbdevices   vendorid, productid, manufacturer, name, serial
 *
 * An entry that is not an object, or a section that is not an array, is
 * warned about and counted as skipped (imp_skip): a device never judged
 * must not let a scan pass.
 *
 * What it lacks: the agent drops manufacturer strings that are JEP106 hex
 * (Memory.pm filters "^0x" and digit runs), so modules often carry only a
 * part number; no SPD, so no DRAM maker; no NVMe OUI or EUI-64.
 */
#include "import/import-int.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *str(struct imp *im, const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (!v) { /* the older agents wrote upper-case keys (OCS inventory) */
		char up[64];
		size_t n = strlen(k);
		if (n >= sizeof up)
			return NULL;
		for (size_t i = 0; i <= n; i++)
			up[i] = (char)(k[i] >= 'a' && k[i] <= 'z' ? k[i] - 32 : k[i]);
		v = cJSON_GetObjectItemCaseSensitive(o, up);
	}
	if (cJSON_IsString(v) && *v->valuestring)
		return v->valuestring;
	if (cJSON_IsNumber(v))
		return arena_printf(im->inv->arena, "%.0f", v->valuedouble);
	return NULL;
}

static void set(struct imp *im, struct component *c, enum fkey k, const char *v, const char *src)
{
	if (v)
		imp_set(im, c, k, v, NULL, src);
}

/* content.k (or its upper-case name), an array; anything else there is a
 * section that could not be read, counted as skipped. */
static const cJSON *arr(struct imp *im, const cJSON *content, const char *k)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(content, k);
	if (!a) {
		char up[32];
		size_t n = strlen(k);
		for (size_t i = 0; i <= n && i < sizeof up; i++)
			up[i] = (char)(k[i] >= 'a' && k[i] <= 'z' ? k[i] - 32 : k[i]);
		a = cJSON_GetObjectItemCaseSensitive(content, up);
	}
	if (a && !cJSON_IsArray(a) && !cJSON_IsNull(a)) {
		imp_skip(im, 0, "content.%s: expected an array: not read", k);
		return NULL;
	}
	return a;
}

/* Item i of content.k is one device; one that is not an object is skipped
 * and counted.  true when it can be read. */
static bool item(struct imp *im, const cJSON *o, const char *k, int i)
{
	if (cJSON_IsObject(o))
		return true;
	imp_skip(im, 0, "content.%s[%d]: expected an object: skipped", k, i);
	return false;
}

/* "MiB" -> bytes */
static const char *mib(struct imp *im, const char *v)
{
	char *end;
	unsigned long long n = v ? strtoull(v, &end, 10) : 0;
	if (!v || *end || !n || n > (1ull << 40))
		return NULL;
	return arena_printf(im->inv->arena, "%llu", n << 20);
}

static void bios(struct imp *im, const cJSON *content)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(content, "bios");
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(content, "hardware");
	if (!b)
		b = cJSON_GetObjectItemCaseSensitive(content, "BIOS");
	if (!h)
		h = cJSON_GetObjectItemCaseSensitive(content, "HARDWARE");
	if (h) {
		imp_host(im, &im->inv->host.hostname, str(im, h, "name"));
		imp_host(im, &im->inv->host.uuid, str(im, h, "uuid"));
	}
	if (!b)
		return;
	const char *src = imp_srcf(im, "content.bios");
	const char *sm = str(im, b, "smanufacturer"), *sp = str(im, b, "smodel");
	if (sm || sp) {
		struct component *c = imp_add(im, KIND_SYSTEM, "system");
		set(im, c, FK_MANUFACTURER, sm, src);
		set(im, c, FK_PRODUCT, sp, src);
		set(im, c, FK_SERIAL, str(im, b, "ssn"), src);
		imp_host(im, &im->inv->host.vendor, sm);
		imp_host(im, &im->inv->host.product, sp);
		imp_host(im, &im->inv->host.serial, str(im, b, "ssn"));
	}
	const char *mm = str(im, b, "mmanufacturer"), *mp = str(im, b, "mmodel");
	if (mm || mp) {
		struct component *c = imp_add(im, KIND_BASEBOARD, "baseboard");
		set(im, c, FK_MANUFACTURER, mm, src);
		set(im, c, FK_PRODUCT, mp, src);
		set(im, c, FK_SERIAL, str(im, b, "msn"), src);
	}
}

/* A slot the agent lists without a module: no capacity (or 0), and nothing
 * naming a module.  A capacity that is no number ("8 GB", "unknown") is not
 * an empty slot: the module was dropped without a word, with the maker that
 * a rule names. */
static bool empty_slot(const cJSON *m, const char *cap)
{
	static const char *const names[] = {"manufacturer", "model", "serialnumber", "MANUFACTURER",
					    "MODEL",        "SERIALNUMBER"};
	if (cap && strcmp(cap, "0"))
		return false;
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, names[k]);
		if (cJSON_IsString(v) && *v->valuestring && !field_no_value(v->valuestring))
			return false;
	}
	return true;
}

static void memories(struct imp *im, const cJSON *content)
{
	const cJSON *m;
	int i = 0;
	cJSON_ArrayForEach(m, arr(im, content, "memories"))
	{
		if (!item(im, m, "memories", i++))
			continue;
		const char *src = imp_srcf(im, "content.memories[%d]", i - 1);
		const char *cap = str(im, m, "capacity");
		const char *size = mib(im, cap);
		if (!size && empty_slot(m, cap))
			continue;
		if (!size) /* a module all the same: judged by what names it */
			imp_warn(im, 0,
				 "content.memories[%d].capacity %s%s%s is not a number of MiB: the "
				 "module is kept, its size unknown",
				 i - 1, cap ? "\"" : "", cap ? cap : "missing", cap ? "\"" : "");
		const char *slot = str(im, m, "caption");
		struct component *c = imp_add(
			im, KIND_DIMM,
			arena_printf(im->inv->arena, "dimm/%s", slot ? slot : str(im, m, "numslots")
								   ? str(im, m, "numslots")
								   : "?"));
		set(im, c, FK_MANUFACTURER, str(im, m, "manufacturer"), src);
		set(im, c, FK_PART_NUMBER, str(im, m, "model"), src);
		set(im, c, FK_SERIAL, str(im, m, "serialnumber"), src);
		set(im, c, FK_LOCATOR, slot, src);
		if (cap) /* raw only when it is no number: a size that could not be read */
			imp_set(im, c, FK_SIZE_BYTES, cap, size ? size : "", src);
		set(im, c, FK_MEMORY_TYPE, str(im, m, "type"), src);
		set(im, c, FK_SPEED_MTS, str(im, m, "speed"), src);
		set(im, c, FK_FORM_FACTOR, str(im, m, "description"), src);
	}
}

static void storages(struct imp *im, const cJSON *content)
{
	const cJSON *s;
	int i = 0;
	cJSON_ArrayForEach(s, arr(im, content, "storages"))
	{
		if (!item(im, s, "storages", i++))
			continue;
		const char *src = imp_srcf(im, "content.storages[%d]", i - 1);
		const char *name = str(im, s, "name"), *itf = str(im, s, "interface");
		const char *type = str(im, s, "type");
		if (type && strcasecmp(type, "disk"))
			continue; /* optical drives, card readers */
		bool nvme = (itf && !strcasecmp(itf, "nvme")) || (name && !strncmp(name, "nvme", 4));
		enum kind k = nvme ? KIND_NVME : KIND_DISK;
		struct component *c = imp_add(
			im, k,
			arena_printf(im->inv->arena, "%s/%s", nvme ? "nvme" : "disk",
				     name ? name : str(im, s, "serial") ? str(im, s, "serial") : "?"));
		set(im, c, FK_MANUFACTURER, str(im, s, "manufacturer"), src);
		set(im, c, FK_MODEL, str(im, s, "model"), src);
		set(im, c, FK_SERIAL, str(im, s, "serial"), src);
		set(im, c, FK_FIRMWARE, str(im, s, "firmware"), src);
		set(im, c, FK_DEVICE, name, src);
		const char *wwn = str(im, s, "wwn");
		if (wwn) {
			const char *h = wwn[0] == '0' && (wwn[1] == 'x' || wwn[1] == 'X') ? wwn + 2
											  : wwn;
			imp_set(im, c, FK_WWID, wwn,
				strncmp(h, "naa.", 4) && strncmp(h, "eui.", 4)
					? arena_printf(im->inv->arena, "naa.%s", h)
					: h,
				src);
		}
		const char *mb = str(im, s, "disksize");
		if (mb) {
			char *end;
			unsigned long long v = strtoull(mb, &end, 10);
			if (!*end && v)
				imp_set(im, c, FK_SIZE_BYTES, mb,
					arena_printf(im->inv->arena, "%llu", v * 1000000ull), src);
		}
		if (nvme)
			imp_dec(im, c, FK_TRANSPORT, "nvme", src);
		else if (itf && !strcasecmp(itf, "sata"))
			imp_dec(im, c, FK_TRANSPORT, "sata", src);
		else if (itf && !strcasecmp(itf, "sas"))
			imp_dec(im, c, FK_TRANSPORT, "sas", src);
	}
}

/* "vvvv:dddd" into two keys. */
static void id_pair(struct imp *im, struct component *c, const char *v, enum fkey a, enum fkey b,
		    const char *src)
{
	if (!v || strlen(v) != 9 || v[4] != ':' || !is_hex_n(v, 4) || !is_hex_n(v + 5, 4))
		return;
	char *x = arena_strdup(im->inv->arena, v);
	for (char *q = x; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	x[4] = 0;
	imp_set(im, c, a, v, x, src);
	imp_set(im, c, b, v, x + 5, src);
}

static void controllers(struct imp *im, const cJSON *content)
{
	const cJSON *x;
	int i = 0;
	cJSON_ArrayForEach(x, arr(im, content, "controllers"))
	{
		if (!item(im, x, "controllers", i++))
			continue;
		const char *src = imp_srcf(im, "content.controllers[%d]", i - 1);
		const char *slot = str(im, x, "pcislot");
		struct component *c = imp_add(
			im, KIND_PCI, arena_printf(im->inv->arena, "pci/%s", slot ? slot : "?"));
		set(im, c, FK_PCI_ADDRESS, slot, src);
		id_pair(im, c, str(im, x, "pciid"), FK_PCI_VENDOR, FK_PCI_DEVICE, src);
		const char *vid = str(im, x, "vendorid"), *pid = str(im, x, "productid");
		if (vid && !component_field(c, FK_PCI_VENDOR, false))
			imp_set(im, c, FK_PCI_VENDOR, vid, hex_norm(im, vid, 4), src);
		if (pid && !component_field(c, FK_PCI_DEVICE, false))
			imp_set(im, c, FK_PCI_DEVICE, pid, hex_norm(im, pid, 4), src);
		id_pair(im, c, str(im, x, "pcisubsystemid"), FK_PCI_SUBVENDOR, FK_PCI_SUBDEVICE,
			src);
		const char *cls = str(im, x, "pciclass");
		if (cls && strlen(cls) == 4 && is_hex_n(cls, 4))
			imp_set(im, c, FK_PCI_CLASS, cls,
				arena_printf(im->inv->arena, "%s00", hex_norm(im, cls, 4)), src);
		set(im, c, FK_MANUFACTURER, str(im, x, "manufacturer"), src);
		set(im, c, FK_PRODUCT, str(im, x, "name"), src);
	}
}

static void usbdevices(struct imp *im, const cJSON *content)
{
	const cJSON *u;
	int i = 0;
	cJSON_ArrayForEach(u, arr(im, content, "usbdevices"))
	{
		if (!item(im, u, "usbdevices", i)) {
			i++;
			continue;
		}
		const char *src = imp_srcf(im, "content.usbdevices[%d]", i);
		const char *vid = str(im, u, "vendorid"), *pid = str(im, u, "productid");
		struct component *c = imp_add(
			im, KIND_USB,
			arena_printf(im->inv->arena, "usb/%s:%s#%d", vid ? vid : "?", pid ? pid : "?",
				     i));
		i++;
		if (vid)
			imp_set(im, c, FK_USB_VENDOR, vid, hex_norm(im, vid, 4), src);
		if (pid)
			imp_set(im, c, FK_USB_PRODUCT, pid, hex_norm(im, pid, 4), src);
		set(im, c, FK_MANUFACTURER, str(im, u, "manufacturer"), src);
		set(im, c, FK_PRODUCT, str(im, u, "name"), src);
		set(im, c, FK_SERIAL, str(im, u, "serial"), src);
		set(im, c, FK_USB_CLASS, str(im, u, "class"), src);
	}
}

static void cpus(struct imp *im, const cJSON *content)
{
	const cJSON *p;
	int i = 0;
	cJSON_ArrayForEach(p, arr(im, content, "cpus"))
	{
		if (!item(im, p, "cpus", i)) {
			i++;
			continue;
		}
		const char *src = imp_srcf(im, "content.cpus[%d]", i);
		struct component *c =
			imp_add(im, KIND_CPU, arena_printf(im->inv->arena, "cpu/%d", i));
		i++;
		set(im, c, FK_MANUFACTURER, str(im, p, "manufacturer"), src);
		set(im, c, FK_MODEL, str(im, p, "name"), src);
		set(im, c, FK_SERIAL, str(im, p, "serial"), src);
	}
}

int import_glpi(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	cJSON *doc = import_json_parse(text, len, err);
	if (!doc)
		return -1;
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(doc, "content");
	if (!cJSON_IsObject(content)) {
		strbuf_addstr(err, "no \"content\" object: not a GLPI agent inventory");
		cJSON_Delete(doc);
		return -1;
	}
	bios(im, content); /* hardware.name first: deviceid adds a date to it */
	const char *dev = str(im, doc, "deviceid");
	if (dev)
		imp_host(im, &im->inv->host.hostname, dev);
	cpus(im, content);
	memories(im, content);
	storages(im, content);
	controllers(im, content);
	usbdevices(im, content);
	cJSON_Delete(doc);
	return 0;
}
