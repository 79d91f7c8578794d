/*
 * nvme.c — NVMe controllers under /sys/class/nvme, with their namespaces'
 * world-wide names and their PCI ids.
 *
 * One component per controller (nvme/nvme0).  A dual-ported drive has two
 * controllers in one subsystem; both are listed, each naming its subsystem
 * (nvme_subsystem), so a report can show them as one drive.
 *
 * What the kernel shows (drivers/nvme/host/sysfs.c):
 *   - model, serial, firmware_rev: the Identify Controller strings, padded
 *     with spaces to 40, 20 and 8 bytes.  Raw keeps the padding; decoded is
 *     trimmed.
 *   - subsysnqn (also under /sys/class/nvme-subsystem/NAME), transport (pcie,
 *     tcp, rdma, fc, loop), address (the PCI address for pcie), cntlid.
 *   - device/: for pcie, the PCI function with vendor, device and subsystem
 *     ids.  These are the strongest sign of the maker; when a tree lacks them
 *     an unread note says so, and what else identifies the drive.
 *   - namespaces, nvmeXnY (or nvmeXcYnZ, a path of a multipath namespace):
 *     wwid ("uuid.", "eui." + NGUID or EUI-64, or "nvme." + the PCI vendor
 *     id, serial and model), eui ("00 25 38 ..."), nguid (a UUID-form
 *     string).  The IEEE OUI, which names the maker that registered the
 *     identifier, is decoded from the first namespace: bytes 0-2 of the
 *     EUI-64, else bytes 8-10 of the NGUID (NVMe base spec, NGUID format),
 *     else from the wwid.  Naming the maker is identify's job.
 * The first namespace's ids are the wwid, eui64 and nguid fields; further
 * namespaces are kept as extra fields nsN_wwid, nsN_eui64, nsN_nguid.
 *
 * A PCIe controller is also a PCI function, which pci.c has listed already
 * (pci/0000:3b:00.0): one drive, two components, and every finding twice.
 * So the PCI function is folded into the controller: the fields only it has
 * (class, revision) move over with their sources, the extra field
 * pci_component keeps its id, and it leaves the inventory.  Only when the
 * two agree on every field they share; otherwise both stay, with a warning.
 * (A disk's host controller, by contrast, is another device: block.c keeps
 * it as host_pci_address.)
 */
#include "collect/collect.h"
#include "collect/sysfs.h"
#include "util/fileio.h"
#include "util/hex.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define NVME_CLASS  "/sys/class/nvme"
#define NVME_SUBSYS "/sys/class/nvme-subsystem"
#define WHAT        "NVMe controller"

static const struct attr_spec ctrl_attrs[] = {
	{"model", FK_MODEL, NULL, AF_TEXT, 0, true},
	{"serial", FK_SERIAL, NULL, AF_TEXT, 0, true},
	{"firmware_rev", FK_FIRMWARE, NULL, AF_TEXT, 0, true},
	{"subsysnqn", FK_NVME_SUBSYSNQN, NULL, AF_TEXT, 0, false},
	{"transport", FK_TRANSPORT, NULL, AF_TEXT, 0, false},
	{"cntlid", FK_EXTRA, "cntlid", AF_TEXT, 0, false},
};

static const struct attr_spec pci_attrs[] = {
	{"vendor", FK_PCI_VENDOR, NULL, AF_HEX_0X, 4, false},
	{"device", FK_PCI_DEVICE, NULL, AF_HEX_0X, 4, false},
	{"subsystem_vendor", FK_PCI_SUBVENDOR, NULL, AF_HEX_0X, 4, false},
	{"subsystem_device", FK_PCI_SUBDEVICE, NULL, AF_HEX_0X, 4, false},
};

/* Which subsystem each controller belongs to, from the subsystems' links. */
struct subsys_map {
	char **ctrl, **subsys;
	size_t n;
};

static void map_subsystems(struct collect_ctx *cc, struct subsys_map *m)
{
	char **subs;
	int ns = sysfs_list(cc, NVME_SUBSYS, "NVMe subsystems", false, &subs);
	for (int i = 0; i < ns; i++) {
		struct strbuf dir = STRBUF_INIT;
		strbuf_addf(&dir, "%s/%s", NVME_SUBSYS, subs[i]);
		char **ents;
		int ne = sysfs_list(cc, dir.buf, "NVMe subsystem", false, &ents);
		for (int j = 0; j < ne; j++) {
			if (!sysfs_name_num(ents[j], "nvme"))
				continue;
			m->ctrl = xreallocarray(m->ctrl, m->n + 1, sizeof *m->ctrl);
			m->subsys = xreallocarray(m->subsys, m->n + 1, sizeof *m->subsys);
			m->ctrl[m->n] = xstrdup(ents[j]);
			m->subsys[m->n++] = xstrdup(subs[i]);
		}
		free_names(ents, ne > 0 ? ne : 0);
		strbuf_release(&dir);
	}
	free_names(subs, ns > 0 ? ns : 0);
}

static const char *subsystem_of(const struct subsys_map *m, const char *ctrl)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->ctrl[i], ctrl))
			return m->subsys[i];
	return NULL;
}

static void free_map(struct subsys_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->ctrl[i]);
		free(m->subsys[i]);
	}
	free(m->ctrl);
	free(m->subsys);
}

static const char *digits(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return NULL;
	while (isdigit((unsigned char)*s))
		s++;
	return s;
}

/* The namespace id of a namespace directory name, or -1:
 * "nvme0n1" -> 1, "nvme1c2n3" (a multipath path) -> 3. */
static long namespace_id(const char *name)
{
	if (strncmp(name, "nvme", 4))
		return -1;
	const char *p = digits(name + 4);
	if (p && *p == 'c')
		p = digits(p + 1);
	if (!p || *p != 'n')
		return -1;
	const char *end = digits(p + 1);
	if (!end || *end)
		return -1;
	return strtol(p + 1, NULL, 10);
}

/* Read one namespace's ids; first says whether they are the main fields.
 * Sets oui (with its source) when one is found and none was before: from
 * the EUI-64, else the NGUID, else the wwid. */
static void read_namespace(struct collect_ctx *cc, struct component *c, const char *ctrl,
			   const char *ns, long nsid, bool first, struct strbuf *oui_src,
			   char oui[7])
{
	char wname[32], ename[32], gname[32];
	snprintf(wname, sizeof wname, "ns%ld_wwid", nsid);
	snprintf(ename, sizeof ename, "ns%ld_eui64", nsid);
	snprintf(gname, sizeof gname, "ns%ld_nguid", nsid);
	const struct attr_spec specs[] = {
		{"wwid", first ? FK_WWID : FK_EXTRA, wname, AF_TEXT, 0, false},
		{"eui", first ? FK_EUI64 : FK_EXTRA, ename, AF_BYTES, 8, false},
		{"nguid", first ? FK_NGUID : FK_EXTRA, gname, AF_BYTES, 16, false},
	};
	struct strbuf dir = STRBUF_INIT, v = STRBUF_INIT,
		      path[3] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
	struct strbuf wwid = STRBUF_INIT;
	strbuf_addf(&dir, "%s/%s", ctrl, ns);
	unsigned char eui[8], nguid[16];
	bool ok[3] = {false, false, false};
	for (int i = 0; i < 3; i++) {
		if (sysfs_get(cc, dir.buf, specs[i].name, WHAT, &v) != 1)
			continue;
		strbuf_addf(&path[i], "%s/%s", dir.buf, specs[i].name);
		ok[i] = sysfs_set(cc, c, &specs[i], path[i].buf, v.buf, v.len, WHAT);
		if (i == 0)
			strbuf_add(&wwid, v.buf, v.len);
		else if (ok[i])
			sysfs_hex_bytes(v.buf, v.len, i == 1 ? eui : nguid, i == 1 ? 8 : 16);
	}
	const char *detail = NULL;
	if (oui[0]) {
		/* the first namespace with one gave it */
	} else if (ok[1]) {
		hex_encode(eui, 3, oui);
		strbuf_addf(oui_src, "%s#EUI-64 bytes 0-2", path[1].buf);
	} else if (ok[2] && (nguid[8] | nguid[9] | nguid[10])) {
		hex_encode(nguid + 8, 3, oui);
		strbuf_addf(oui_src, "%s#NGUID bytes 8-10", path[2].buf);
	} else if (ok[0] && sysfs_oui_from_wwid(wwid.buf, oui, &detail)) {
		strbuf_addf(oui_src, "%s#%s", path[0].buf, detail);
	}
	/* A wwid of the "nvme." form carries the Identify Controller VID, which
	 * is the PCI vendor id: use it when the PCI function did not give one. */
	char vid[8];
	if (!component_field(c, FK_PCI_VENDOR, false) && wwid.len > 9 &&
	    !strncmp(wwid.buf, "nvme.", 5) && wwid.buf[9] == '-' &&
	    sysfs_hex_id(wwid.buf + 5, 4, AF_HEX, 4, vid)) {
		strbuf_reset(&v);
		strbuf_addf(&v, "%s/wwid#Identify Controller VID", dir.buf);
		component_set(cc->inv, c, FK_PCI_VENDOR, 0, vid, v.buf);
	}
	strbuf_release(&wwid);
	strbuf_release(&dir);
	strbuf_release(&v);
	for (int i = 0; i < 3; i++)
		strbuf_release(&path[i]);
}

static void read_namespaces(struct collect_ctx *cc, struct component *c, const char *ctrl)
{
	char **names;
	int n = sysfs_list(cc, ctrl, WHAT, false, &names);
	char oui[7] = "";
	struct strbuf oui_src = STRBUF_INIT;
	bool first = true;
	for (int i = 0; i < n; i++) {
		long nsid = namespace_id(names[i]);
		if (nsid < 0)
			continue;
		/* the first namespace that shows an id gives the main fields */
		size_t before = c->nfields;
		read_namespace(cc, c, ctrl, names[i], nsid, first, &oui_src, oui);
		first = first && c->nfields == before;
	}
	if (oui[0])
		component_set(cc->inv, c, FK_IEEE_OUI, 0, oui, oui_src.buf);
	free_names(names, n > 0 ? n : 0);
	strbuf_release(&oui_src);
}

static void read_address(struct collect_ctx *cc, struct component *c, const char *dir)
{
	static const struct attr_spec pci = {"address", FK_PCI_ADDRESS, NULL, AF_TEXT, 0, false};
	static const struct attr_spec other = {"address", FK_EXTRA, "address", AF_TEXT, 0, false};
	struct strbuf v = STRBUF_INIT, path = STRBUF_INIT;
	if (sysfs_get(cc, dir, "address", WHAT, &v) == 1) {
		strbuf_addf(&path, "%s/address", dir);
		const char *t = component_get(c, FK_TRANSPORT);
		bool is_pci = t && !strcmp(t, "pcie") && sysfs_is_pci_address(v.buf);
		sysfs_set(cc, c, is_pci ? &pci : &other, path.buf, v.buf, v.len, WHAT);
	}
	strbuf_release(&v);
	strbuf_release(&path);
}

static void read_pci_ids(struct collect_ctx *cc, struct component *c, const char *dir,
			 const char *name)
{
	struct strbuf dev = STRBUF_INIT;
	strbuf_addf(&dev, "%s/device", dir);
	sysfs_read_attrs(cc, c, dev.buf, pci_attrs, sizeof pci_attrs / sizeof pci_attrs[0], WHAT);
	if (!component_field(c, FK_PCI_VENDOR, true)) {
		const char *addr = component_get(c, FK_PCI_ADDRESS);
		struct strbuf why = STRBUF_INIT;
		strbuf_addf(
			&why,
			"no PCI vendor or device id for %s: its PCI function%s%s%s has no "
			"vendor attribute in this tree (a partial capture?), so the strongest "
			"sign of the maker is missing; the subsysnqn, the namespace OUI and the "
			"model remain",
			name, addr ? " (" : "", addr ? addr : "", addr ? ")" : "");
		inventory_unread(cc->inv, dev.buf, "NVMe PCI ids", why.buf);
		strbuf_release(&why);
	}
	strbuf_release(&dev);
}

static void collect_controller(struct collect_ctx *cc, const char *name, const struct subsys_map *m)
{
	struct strbuf dir = STRBUF_INIT, id = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&dir, "%s/%s", NVME_CLASS, name);
	strbuf_addf(&id, "nvme/%s", name);
	struct component *c = inventory_add(cc->inv, KIND_NVME, id.buf, dir.buf);
	sysfs_read_attrs(cc, c, dir.buf, ctrl_attrs, sizeof ctrl_attrs / sizeof ctrl_attrs[0],
			 WHAT);
	component_set(cc->inv, c, FK_DEVICE, 0, name, dir.buf);
	read_address(cc, c, dir.buf);
	const char *subsys = subsystem_of(m, name);
	if (subsys) {
		strbuf_addf(&path, "%s/%s", NVME_SUBSYS, subsys);
		if (!component_field(c, FK_NVME_SUBSYSNQN, true)) {
			static const struct attr_spec nqn = {
				"subsysnqn", FK_NVME_SUBSYSNQN, NULL, AF_TEXT, 0, false};
			sysfs_read_attrs(cc, c, path.buf, &nqn, 1, "NVMe subsystem");
		}
		strbuf_addf(&path, "/%s", name);
		component_set_extra(cc->inv, c, "nvme_subsystem", 0, subsys, path.buf);
	}
	const char *t = component_get(c, FK_TRANSPORT);
	if (t && !strcmp(t, "pcie"))
		read_pci_ids(cc, c, dir.buf, name);
	read_namespaces(cc, c, dir.buf);
	strbuf_release(&dir);
	strbuf_release(&id);
	strbuf_release(&path);
}

/* Each PCIe controller and the PCI function at its address are one drive. */
static void fold_pci_functions(struct inventory *inv)
{
	for (size_t ci = 0; ci < inv->ncomps; ci++) {
		if (inv->comps[ci].kind != KIND_NVME)
			continue;
		const char *addr = component_get(&inv->comps[ci], FK_PCI_ADDRESS);
		for (size_t fi = 0; addr && fi < inv->ncomps; fi++) {
			const char *a = component_get(&inv->comps[fi], FK_PCI_ADDRESS);
			if (inv->comps[fi].kind != KIND_PCI || !a || strcmp(a, addr))
				continue;
			if (inventory_fold(inv, ci, fi, "the same PCI address") && fi < ci)
				ci--; /* the controller moved down one place */
			break;
		}
	}
}

void collect_nvme(struct collect_ctx *cc)
{
	struct subsys_map m = {0};
	map_subsystems(cc, &m);
	char **names;
	int n = sysfs_list(cc, NVME_CLASS, "NVMe controllers", false, &names);
	for (int i = 0; i < n; i++)
		if (sysfs_name_num(names[i], "nvme"))
			collect_controller(cc, names[i], &m);
	free_names(names, n > 0 ? n : 0);
	free_map(&m);
	fold_pci_functions(cc->inv);
}
