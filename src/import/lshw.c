/*
 * lshw.c — lshw -json and lshw -xml output into a whole machine: system,
 * baseboard, cpus, memory banks, PCI functions, NVMe controllers, disks and
 * USB devices.
 *
 * lshw prints one tree of nodes (lyonel/lshw src/core/hw.cc: id, class,
 * description, vendor, product, serial, version, businfo "pci@0000:00:1f.2",
 * "nvme@0", "scsi@0:0.0.0", "usb@1:2", slot, size, logicalname, children).
 * Both forms are first read into the same small tree (struct lnode), so the
 * mapping to components is written once.  What each carries:
 *
 *   - names, not ids, in both: vendor and product are what lshw looked up
 *     (pci.ids names, JEDEC names from its own short table, or a DIMM's
 *     manufacturer string as SMBIOS gave it: "Samsung", "80AD000080AD");
 *   - the XML also carries the ids, as "modalias" attributes
 *     ("pci:v00001AF4d00001042sv...sd...bc01sc00i00", "usb:v046DpC52B...")
 *     and "pci.vendor"/"pci.device" hints; the JSON (B.02.19) has neither;
 *   - neither has SPD data: no DRAM maker.
 *
 * A node is a component by its businfo (pci@, nvme@, usb@, scsi@/ide@/
 * virtio@ with class disk) or its class and id (system, core, bank:N,
 * cpu:N).  Memory banks lshw reports as empty ("[empty]", no size) are not
 * modules.  A JSON node that is not an object, or "children" that is not an
 * array, is warned about and counted as skipped (imp_skip): what it held was
 * never judged, and a scan must not pass for it.
 */
#include "import/import-int.h"
#include "util/lazylib.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct lnode {
	const char *id, *cls, *description, *vendor, *product, *serial, *version, *businfo;
	const char *slot, *size, *logicalname, *modalias, *handle;
	const char *pci_vendor, *pci_device; /* XML hints */
	const char *nqn;                     /* configuration "nqn" (NVMe) */
	bool hypervisor;                     /* capability "hypervisor" (a CPU's flag) */
	const char *path;                    /* where in the file: "/vm/core/memory/bank:0" */
	struct lnode *child, *next;
	struct lnode *parent;
};

/* ---- the mapping ---- */

static void set(struct imp *im, struct component *c, enum fkey k, const char *v, const char *src)
{
	if (v && *v)
		imp_set(im, c, k, v, NULL, src);
}

/* "DIMM DDR4 Synchronous 2666 MHz (0.4 ns)" -> "DDR4" */
static const char *mem_type(struct imp *im, const char *desc)
{
	static const char *const types[] = {"LPDDR5X", "LPDDR5", "LPDDR4X", "LPDDR4", "LPDDR3",
					    "DDR5",    "DDR4",   "DDR3",    "DDR2",   "DDR"};
	for (size_t i = 0; desc && i < sizeof types / sizeof types[0]; i++) {
		const char *p = strstr(desc, types[i]);
		if (p && (p == desc || p[-1] == ' ') && (!p[strlen(types[i])] ||
							 p[strlen(types[i])] == ' '))
			return arena_strdup(im->inv->arena, types[i]);
	}
	return NULL;
}

/* modalias "pci:v00001AF4d00001042sv00001AF4sd00001100bc01sc00i00" into ids. */
static void pci_modalias(struct imp *im, struct component *c, const char *m, const char *src)
{
	unsigned v, d, sv, sd, bc, sc, pi;
	if (!m || sscanf(m, "pci:v%8xd%8xsv%8xsd%8xbc%2xsc%2xi%2x", &v, &d, &sv, &sd, &bc, &sc,
			 &pi) != 7)
		return;
	struct arena *a = im->inv->arena;
	imp_set(im, c, FK_PCI_VENDOR, m, arena_printf(a, "%04x", v & 0xffff), src);
	imp_set(im, c, FK_PCI_DEVICE, m, arena_printf(a, "%04x", d & 0xffff), src);
	if (sv)
		imp_set(im, c, FK_PCI_SUBVENDOR, m, arena_printf(a, "%04x", sv & 0xffff), src);
	if (sd)
		imp_set(im, c, FK_PCI_SUBDEVICE, m, arena_printf(a, "%04x", sd & 0xffff), src);
	imp_set(im, c, FK_PCI_CLASS, m, arena_printf(a, "%02x%02x%02x", bc, sc, pi), src);
}

static void usb_modalias(struct imp *im, struct component *c, const char *m, const char *src)
{
	unsigned v, p;
	if (!m || sscanf(m, "usb:v%4xp%4x", &v, &p) != 2)
		return;
	imp_set(im, c, FK_USB_VENDOR, m, arena_printf(im->inv->arena, "%04x", v), src);
	imp_set(im, c, FK_USB_PRODUCT, m, arena_printf(im->inv->arena, "%04x", p), src);
}

static const char *src_of(struct imp *im, const struct lnode *n)
{
	return imp_srcf(im, "%s", n->path);
}

/* The common fields: maker and model names, serial, version. */
static void common(struct imp *im, struct component *c, const struct lnode *n, enum fkey model)
{
	const char *src = src_of(im, n);
	set(im, c, FK_MANUFACTURER, n->vendor, src);
	set(im, c, model, n->product, src);
	set(im, c, FK_SERIAL, n->serial, src);
}

static void bank(struct imp *im, const struct lnode *n)
{
	if (!n->size || (n->description && strstr(n->description, "[empty]")))
		return;
	const char *src = src_of(im, n);
	const char *slot = n->slot && *n->slot ? n->slot : n->id;
	struct component *c =
		imp_add(im, KIND_DIMM, arena_printf(im->inv->arena, "dimm/%s", slot));
	common(im, c, n, FK_PART_NUMBER);
	set(im, c, FK_LOCATOR, n->slot, src);
	imp_set(im, c, FK_SIZE_BYTES, n->size, n->size, src);
	const char *t = mem_type(im, n->description);
	if (t)
		imp_dec(im, c, FK_MEMORY_TYPE, t, src);
	if (n->description)
		imp_extra(im, c, "description", n->description, NULL, src);
}

/* lshw shows an NVMe controller as its PCI function, with the drive's model,
 * serial and firmware in place of the PCI names ("NVMe device", /dev/nvmeN). */
static bool is_nvme(const struct lnode *n)
{
	return (n->logicalname && !strncmp(n->logicalname, "/dev/nvme", 9)) ||
	       (n->description && !strcmp(n->description, "NVMe device"));
}

static void pci(struct imp *im, const struct lnode *n)
{
	const char *src = src_of(im, n);
	const char *addr = n->businfo + 4;
	bool nvme = is_nvme(n);
	/* the device's name: the last part of its logical name ("nvme0" too) */
	const char *dev = nvme ? n->logicalname : NULL;
	if (dev && strrchr(dev, '/'))
		dev = strrchr(dev, '/') + 1;
	struct component *c =
		nvme ? imp_add(im, KIND_NVME,
			       arena_printf(im->inv->arena, "nvme/%s", dev && *dev ? dev : addr))
		     : imp_add(im, KIND_PCI, arena_printf(im->inv->arena, "pci/%s", addr));
	imp_set(im, c, FK_PCI_ADDRESS, n->businfo, addr, src);
	common(im, c, n, nvme ? FK_MODEL : FK_PRODUCT);
	if (nvme) {
		set(im, c, FK_FIRMWARE, n->version, src);
		set(im, c, FK_DEVICE, dev, src);
		set(im, c, FK_NVME_SUBSYSNQN, n->nqn, src);
		imp_dec(im, c, FK_TRANSPORT, "nvme", src);
	}
	pci_modalias(im, c, n->modalias, src);
	if (!component_field(c, FK_PCI_VENDOR, false) && n->pci_vendor)
		imp_set(im, c, FK_PCI_VENDOR, n->pci_vendor, hex_norm(im, n->pci_vendor, 4), src);
	if (n->description)
		imp_extra(im, c, "description", n->description, NULL, src);
}

static const char *transport_of(const char *businfo)
{
	if (!businfo)
		return NULL;
	if (!strncmp(businfo, "nvme@", 5))
		return "nvme";
	if (!strncmp(businfo, "virtio@", 7))
		return "virtio";
	if (!strncmp(businfo, "usb@", 4))
		return "usb";
	if (!strncmp(businfo, "scsi@", 5) || !strncmp(businfo, "ide@", 4))
		return NULL; /* SATA or SAS: lshw does not say which */
	return NULL;
}

static void drive(struct imp *im, const struct lnode *n, enum kind k)
{
	const char *src = src_of(im, n);
	/* a disk lshw found by class alone has no businfo (a hand-trimmed file,
	 * some controllers); nor perhaps a logicalname: its id names it then */
	const char *name = n->logicalname && *n->logicalname ? n->logicalname
			   : n->businfo && *n->businfo	      ? n->businfo
			   : n->id && *n->id		      ? n->id
							      : "disk";
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	struct component *c = imp_add(
		im, k, arena_printf(im->inv->arena, "%s/%s", k == KIND_NVME ? "nvme" : "disk", base));
	common(im, c, n, FK_MODEL);
	set(im, c, FK_FIRMWARE, n->version, src);
	set(im, c, FK_DEVICE, n->logicalname, src);
	if (n->size)
		imp_set(im, c, FK_SIZE_BYTES, n->size, n->size, src);
	const char *tr = n->businfo ? transport_of(n->businfo) : NULL;
	if (tr)
		imp_dec(im, c, FK_TRANSPORT, tr, src);
	/* its PCI function's ids, when lshw gave them (XML) */
	for (const struct lnode *p = n->parent; p; p = p->parent)
		if (p->businfo && !strncmp(p->businfo, "pci@", 4)) {
			pci_modalias(im, c, p->modalias, src_of(im, p));
			break;
		}
}

static void usb(struct imp *im, const struct lnode *n)
{
	if (!strchr(n->businfo, ':'))
		return; /* "usb@1": a root hub, the kernel's; the PCI function is the hardware */
	const char *src = src_of(im, n);
	struct component *c =
		imp_add(im, KIND_USB, arena_printf(im->inv->arena, "usb/%s", n->businfo + 4));
	common(im, c, n, FK_PRODUCT);
	usb_modalias(im, c, n->modalias, src);
}

static void node(struct imp *im, const struct lnode *n)
{
	const char *cls = n->cls ? n->cls : "", *bi = n->businfo ? n->businfo : "";
	const char *id = n->id ? n->id : "";
	if (!strcmp(cls, "processor") && n->hypervisor)
		/* the CPU says it runs under a hypervisor (lshw lists
		 * /proc/cpuinfo's flags): a guest, whose memory is its host's */
		im->cpu_flags = "hypervisor";
	if (!strcmp(cls, "system") && !n->parent) {
		im->machine = true; /* a whole machine, not a -class extract */
		imp_host(im, &im->inv->host.hostname, n->id);
		if (!n->vendor && !n->product && !n->serial)
			goto children; /* a VM's lshw often knows nothing of it */
		struct component *c = imp_add(im, KIND_SYSTEM, "system");
		common(im, c, n, FK_PRODUCT);
		set(im, c, FK_VERSION, n->version, src_of(im, n));
		imp_host(im, &im->inv->host.vendor, n->vendor);
		imp_host(im, &im->inv->host.product, n->product);
		imp_host(im, &im->inv->host.serial, n->serial);
	} else if (!strcmp(cls, "bus") && !strcmp(id, "core") &&
		   (n->vendor || n->product || n->serial)) {
		struct component *c = imp_add(im, KIND_BASEBOARD, "baseboard");
		common(im, c, n, FK_PRODUCT);
		set(im, c, FK_VERSION, n->version, src_of(im, n));
	} else if (!strcmp(cls, "memory") && !strncmp(id, "bank", 4)) {
		bank(im, n);
	} else if (!strcmp(cls, "processor") && (n->vendor || n->product)) {
		struct component *c = imp_add(
			im, KIND_CPU,
			arena_printf(im->inv->arena, "cpu/%s", n->slot && *n->slot ? n->slot : id));
		common(im, c, n, FK_MODEL);
		set(im, c, FK_SOCKET, n->slot, src_of(im, n));
	} else if (!strncmp(bi, "pci@", 4)) {
		pci(im, n);
	} else if (!strncmp(bi, "nvme@", 5) && !strchr(bi, ':')) {
		drive(im, n, KIND_NVME);
	} else if (!strcmp(cls, "disk") && strncmp(bi, "nvme@", 5) &&
		   (n->product || n->vendor || n->serial || !strncmp(bi, "virtio@", 7))) {
		drive(im, n, KIND_DISK);
	} else if (!strncmp(bi, "usb@", 4)) {
		usb(im, n);
	}
children:
	for (const struct lnode *ch = n->child; ch; ch = ch->next)
		node(im, ch);
}

/* ---- JSON ---- */

static const char *jtext(struct imp *im, const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v))
		return arena_printf(im->inv->arena, "%.0f", v->valuedouble);
	if (cJSON_IsArray(v) && cJSON_IsString(cJSON_GetArrayItem(v, 0)))
		return cJSON_GetArrayItem(v, 0)->valuestring; /* logicalname: the first */
	return NULL;
}

static struct lnode *from_json(struct imp *im, const cJSON *o, struct lnode *parent,
			       const char *ppath)
{
	if (!cJSON_IsObject(o))
		return NULL;
	struct lnode *n = arena_alloc(im->inv->arena, sizeof *n);
	n->parent = parent;
	n->id = jtext(im, o, "id");
	n->cls = jtext(im, o, "class");
	n->description = jtext(im, o, "description");
	n->vendor = jtext(im, o, "vendor");
	n->product = jtext(im, o, "product");
	n->serial = jtext(im, o, "serial");
	n->version = jtext(im, o, "version");
	n->businfo = jtext(im, o, "businfo");
	n->slot = jtext(im, o, "slot");
	n->size = jtext(im, o, "size");
	n->logicalname = jtext(im, o, "logicalname");
	n->handle = jtext(im, o, "handle");
	n->modalias = jtext(im, o, "modalias");
	n->nqn = jtext(im, cJSON_GetObjectItemCaseSensitive(o, "configuration"), "nqn");
	n->hypervisor = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(o, "capabilities"), "hypervisor") != NULL;
	n->path = arena_printf(im->inv->arena, "%s/%s", ppath, n->id ? n->id : "?");
	struct lnode **tail = &n->child;
	const cJSON *ch, *kids = cJSON_GetObjectItemCaseSensitive(o, "children");
	if (kids && !cJSON_IsArray(kids)) {
		imp_skip(im, 0, "%s/children: expected an array of nodes: not read", n->path);
		return n;
	}
	int i = 0;
	cJSON_ArrayForEach(ch, kids)
	{
		struct lnode *c = from_json(im, ch, n, n->path);
		if (c) {
			*tail = c;
			tail = &c->next;
		} else {
			imp_skip(im, 0, "%s/children[%d]: expected an lshw node (an object): skipped",
				 n->path, i);
		}
		i++;
	}
	return n;
}

/* A whole machine's tree: a root node of class "system" (lshw -json without
 * -class, whose extracts are nodes of other classes). */
static bool is_machine(const cJSON *o)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "class");
	return cJSON_IsObject(o) && cJSON_IsString(c) && !strcmp(c->valuestring, "system");
}

/* "db01" (Dell Inc. PowerEdge R640, serial ABC1234): the machine a tree is
 * of, as its root node names it. */
static void machine_name(struct strbuf *sb, const cJSON *o)
{
	static const char *const keys[] = {"vendor", "product", "serial"};
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
	strbuf_addf(sb, "\"%s\"", cJSON_IsString(id) ? id->valuestring : "?");
	const char *sep = " (";
	for (size_t k = 0; k < 3; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keys[k]);
		if (!cJSON_IsString(v) || !*v->valuestring)
			continue;
		strbuf_addf(sb, "%s%s%s", sep, k == 2 ? "serial " : "", v->valuestring);
		sep = k == 0 ? " " : ", ";
	}
	if (strcmp(sep, " ("))
		strbuf_addch(sb, ')');
}

/*
 * A second whole-machine tree after the first (`lshw -json >> a.json` run
 * twice).  Two machines' trees were read as one host holding both machines'
 * parts, under the first one's name: refused, the whole file (-1, err).
 * The same output again (one machine, printed twice) is read once, with a
 * warning: reading it twice counted every part twice (dimm/A1 and
 * dimm/A1#2), doubling what the fleet says the host holds, while refusing
 * a file that says nothing new would only cost the user a step.  Two
 * different outputs of one machine (before and after a change) are
 * refused too: lshw prints no date, so which one is current cannot be told.
 * 0: read doc; 1: skip it.
 */
static int appended(struct imp *im, const cJSON *first, const cJSON *doc, int n, size_t line,
		    struct strbuf *err)
{
	if (cJSON_Compare(first, doc, true)) {
		imp_warn(im, line,
			 "lshw document %d is the same output as the first, appended again: "
			 "read once",
			 n);
		return 1;
	}
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	machine_name(&a, first);
	machine_name(&b, doc);
	if (!strcmp(a.buf, b.buf))
		strbuf_addf(err,
			    "two different lshw outputs of the machine %s seem appended (document "
			    "%d, at line %zu, differs from the first): which is current cannot be "
			    "told (lshw prints no date); nothing imported: keep one output per file",
			    a.buf, n, line);
	else
		strbuf_addf(err,
			    "two machines' lshw outputs seem appended: document %d, at line %zu, "
			    "is of %s, the first of %s; nothing imported: give each machine's "
			    "output in a file of its own",
			    n, line, b.buf, a.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	return -1;
}

int import_lshw_json(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	const char *p = text, *end = text + len;
	int roots = 0, ndocs = 0;
	cJSON *machine = NULL; /* the first whole-machine tree */
	/* one object, an array of them (lshw -json -class ...), or objects one
	 * after the other (older lshw wrote several without commas) */
	while (p < end) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p == end)
			break;
		const char *stop = NULL;
		cJSON *doc = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, 0);
		if (!doc) {
			json_parse_error(err, text, cJSON_GetErrorPtr());
			cJSON_Delete(machine);
			return -1;
		}
		ndocs++;
		if (is_machine(doc) && machine) {
			int k = appended(im, machine, doc, ndocs, imp_line_at(text, (size_t)(p - text)),
					 err);
			cJSON_Delete(doc);
			if (k < 0) {
				cJSON_Delete(machine);
				return -1;
			}
			p = stop ? stop : end;
			continue;
		}
		const cJSON *o;
		if (cJSON_IsArray(doc)) {
			int i = 0;
			cJSON_ArrayForEach(o, doc)
			{
				struct lnode *n = from_json(im, o, NULL, "");
				if (n)
					node(im, n), roots++;
				else
					imp_skip(im, 0,
						 "[%d]: expected an lshw node (an object): skipped", i);
				i++;
			}
		} else {
			struct lnode *n = from_json(im, doc, NULL, "");
			if (n)
				node(im, n), roots++;
			else
				imp_skip(im, 0, "a JSON value that is not an lshw node: skipped");
		}
		if (is_machine(doc) && !machine)
			machine = doc; /* kept, to compare what follows with */
		else
			cJSON_Delete(doc);
		p = stop ? stop : end;
	}
	cJSON_Delete(machine);
	if (!roots) {
		strbuf_addstr(err, "no lshw node (an object with \"id\" and \"class\")");
		return -1;
	}
	return 0;
}

/* ---- XML (libxml2, loaded on first use: util/lazylib.h) ---- */

#define LXML_FUNCS(X)                                                                              \
	X(xmlReadMemory)                                                                           \
	X(xmlDocGetRootElement)                                                                    \
	X(xmlFreeDoc)                                                                              \
	X(xmlGetProp)                                                                              \
	X(xmlNodeGetContent)                                                                       \
	X(xmlGetLastError)                                                                         \
	X(xmlFree)
LXML_FUNCS(LAZYLIB_DECLARE)
static const struct lazysym lxml_syms[] = {LXML_FUNCS(LAZYLIB_ENTRY){NULL, NULL}};
#ifndef LIBXML2_SONAME
#define LIBXML2_SONAME "libxml2.so.2"
#endif
static struct lazylib lxml = LAZYLIB_INIT(LIBXML2_SONAME, "libxml2", "lshw -xml", lxml_syms);

static const char *xdup(struct imp *im, xmlChar *t)
{
	if (!t)
		return NULL;
	const char *s = arena_strdup(im->inv->arena, (const char *)t);
	(*sym_xmlFree)(t);
	return s;
}

static bool is_el(xmlNodePtr x, const char *name)
{
	return x->type == XML_ELEMENT_NODE && !strcmp((const char *)x->name, name);
}

static struct lnode *from_xml(struct imp *im, xmlNodePtr x, struct lnode *parent,
			      const char *ppath)
{
	struct lnode *n = arena_alloc(im->inv->arena, sizeof *n);
	n->parent = parent;
	n->id = xdup(im, sym_xmlGetProp(x, (const xmlChar *)"id"));
	n->cls = xdup(im, sym_xmlGetProp(x, (const xmlChar *)"class"));
	n->handle = xdup(im, sym_xmlGetProp(x, (const xmlChar *)"handle"));
	n->modalias = xdup(im, sym_xmlGetProp(x, (const xmlChar *)"modalias"));
	n->path = arena_printf(im->inv->arena, "%s/%s (line %ld)", ppath, n->id ? n->id : "?",
			       (long)x->line);
	static const struct {
		const char *tag;
		size_t off;
	} fields[] = {
		{"description", offsetof(struct lnode, description)},
		{"vendor", offsetof(struct lnode, vendor)},
		{"product", offsetof(struct lnode, product)},
		{"serial", offsetof(struct lnode, serial)},
		{"version", offsetof(struct lnode, version)},
		{"businfo", offsetof(struct lnode, businfo)},
		{"slot", offsetof(struct lnode, slot)},
		{"size", offsetof(struct lnode, size)},
		{"logicalname", offsetof(struct lnode, logicalname)},
	};
	struct lnode **tail = &n->child;
	for (xmlNodePtr c = x->children; c; c = c->next) {
		if (is_el(c, "node")) {
			struct lnode *k = from_xml(im, c, n, n->path);
			*tail = k;
			tail = &k->next;
			continue;
		}
		if (is_el(c, "configuration")) {
			for (xmlNodePtr h = c->children; h; h = h->next) {
				if (!is_el(h, "setting"))
					continue;
				const char *name = xdup(im, sym_xmlGetProp(h, (const xmlChar *)"id"));
				if (name && !strcmp(name, "nqn"))
					n->nqn = xdup(im, sym_xmlGetProp(h, (const xmlChar *)"value"));
			}
			continue;
		}
		if (is_el(c, "capabilities")) {
			for (xmlNodePtr h = c->children; h; h = h->next) {
				if (!is_el(h, "capability"))
					continue;
				const char *name = xdup(im, sym_xmlGetProp(h, (const xmlChar *)"id"));
				if (name && !strcmp(name, "hypervisor"))
					n->hypervisor = true;
			}
			continue;
		}
		if (is_el(c, "hints")) {
			for (xmlNodePtr h = c->children; h; h = h->next) {
				if (!is_el(h, "hint"))
					continue;
				const char *name = xdup(im, sym_xmlGetProp(h, (const xmlChar *)"name"));
				const char *val = xdup(im, sym_xmlGetProp(h, (const xmlChar *)"value"));
				if (name && !strcmp(name, "pci.vendor"))
					n->pci_vendor = val;
				else if (name && !strcmp(name, "pci.device"))
					n->pci_device = val;
			}
			continue;
		}
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			const char **slot = (const char **)((char *)n + fields[i].off);
			if (is_el(c, fields[i].tag) && !*slot)
				*slot = xdup(im, sym_xmlNodeGetContent(c));
		}
	}
	return n;
}

int import_lshw_xml(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	if (lazylib_load(&lxml, err) < 0)
		return -1;
	if (len > INT32_MAX) {
		strbuf_addstr(err, "too large for an lshw -xml file");
		return -1;
	}
	xmlDocPtr doc = sym_xmlReadMemory(text, (int)len, im->name, NULL,
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = sym_xmlGetLastError();
		const char *m = e && e->message ? e->message : "parse error";
		size_t n = strlen(m);
		while (n && m[n - 1] == '\n') /* libxml2's messages end in one */
			n--;
		strbuf_addf(err, "not valid XML (line %d: %.*s)%s", e ? e->line : 0, (int)n, m,
			    !strncmp(m, "Extra content at the end", 24)
				    ? ": two lshw -xml outputs appended? Nothing imported: give each "
				      "in a file of its own"
				    : "");
		return -1;
	}
	xmlNodePtr root = sym_xmlDocGetRootElement(doc);
	int roots = 0;
	/* <list><node>...</node></list> (lshw -xml), or a bare <node> */
	for (xmlNodePtr x = root && is_el(root, "node") ? root : root ? root->children : NULL; x;
	     x = x == root ? NULL : x->next) {
		if (!is_el(x, "node"))
			continue;
		node(im, from_xml(im, x, NULL, ""));
		roots++;
	}
	sym_xmlFreeDoc(doc);
	if (!roots) {
		strbuf_addstr(err, "no <node> element: not lshw -xml output");
		return -1;
	}
	return 0;
}
