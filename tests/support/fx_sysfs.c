/*
 * fx_sysfs.c — writing the sysfs tree of a described machine (fx_sysfs.h).
 *
 * Each kind of device has one function that computes where the kernel puts
 * it in /sys/devices and writes its attributes there, then the links the
 * kernel adds in /sys/bus, /sys/class and /sys/block.  Device paths nest the
 * way the kernel nests devices: an NVMe controller under its PCI function, a
 * SATA disk under ataN/hostH/targetH:0:0/H:0:0:0 under its controller.
 */
#include "fx_sysfs.h"

#include "util/fileio.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fail(const char *what, const struct strbuf *err)
{
	fprintf(stderr, "fx_sysfs: %s: %s\n", what, err ? err->buf : strerror(errno));
	return -1;
}

int fx_bytes(const char *root, const char *path, const void *data, size_t len)
{
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s%s", root, path);
	int rc = write_file(p.buf, data, len, &err) < 0 ? fail(path, &err) : 0;
	strbuf_release(&p);
	strbuf_release(&err);
	return rc;
}

int fx_attr(const char *root, const char *path, const char *value)
{
	if (!value)
		return 0;
	struct strbuf v = STRBUF_INIT;
	strbuf_addf(&v, "%s\n", value);
	int rc = fx_bytes(root, path, v.buf, v.len);
	strbuf_release(&v);
	return rc;
}

int fx_dir(const char *root, const char *path)
{
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s%s", root, path);
	int rc = make_dirs(p.buf, &err) < 0 ? fail(path, &err) : 0;
	strbuf_release(&p);
	strbuf_release(&err);
	return rc;
}

/* Split a path into its components (pointers into a copy held by buf). */
static int split(char *buf, const char **comp, int max)
{
	int n = 0;
	for (char *tok = strtok(buf, "/"); tok && n < max; tok = strtok(NULL, "/"))
		comp[n++] = tok;
	return n;
}

int fx_link(const char *root, const char *path, const char *target)
{
	char lbuf[4096], tbuf[4096];
	const char *lc[128], *tc[128];
	snprintf(lbuf, sizeof lbuf, "%s", path);
	snprintf(tbuf, sizeof tbuf, "%s", target);
	int nl = split(lbuf, lc, 128) - 1; /* the link's directory */
	int nt = split(tbuf, tc, 128);
	int k = 0;
	while (k < nl && k < nt && !strcmp(lc[k], tc[k]))
		k++;
	struct strbuf rel = STRBUF_INIT, p = STRBUF_INIT;
	for (int i = k; i < nl; i++)
		strbuf_addstr(&rel, "../");
	for (int i = k; i < nt; i++)
		strbuf_addf(&rel, "%s%s", tc[i], i + 1 < nt ? "/" : "");
	strbuf_addf(&p, "%s%s", root, path);
	char *slash = strrchr(p.buf, '/');
	*slash = '\0';
	struct strbuf err = STRBUF_INIT;
	int rc = 0;
	if (make_dirs(p.buf, &err) < 0)
		rc = fail(path, &err);
	*slash = '/';
	unlink(p.buf);
	if (rc == 0 && symlink(rel.buf, p.buf) < 0)
		rc = fail(path, NULL);
	strbuf_release(&rel);
	strbuf_release(&p);
	strbuf_release(&err);
	return rc;
}

/* dir/name = value, padded with spaces to width when shorter. */
static int attr(const char *root, const char *dir, const char *name, const char *value,
		size_t width)
{
	if (!value)
		return 0;
	struct strbuf p = STRBUF_INIT, v = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, name);
	strbuf_addstr(&v, value);
	while (v.len < width)
		strbuf_addch(&v, ' ');
	int rc = fx_attr(root, p.buf, v.buf);
	strbuf_release(&p);
	strbuf_release(&v);
	return rc;
}

/* ---- PCI ---- */

static const struct fx_pci *find_pci(const struct fx_machine *m, const char *addr)
{
	for (const struct fx_pci *p = m->pci; p && p->address; p++)
		if (!strcmp(p->address, addr))
			return p;
	return NULL;
}

/* /sys/devices/pciDDDD:BB/[bridges/]ADDR */
static void pci_dir(const struct fx_machine *m, const char *addr, struct strbuf *out, int depth)
{
	const struct fx_pci *p = find_pci(m, addr);
	if (p && p->parent && depth < 16) {
		pci_dir(m, p->parent, out, depth + 1);
	} else {
		strbuf_reset(out);
		const char *second = strchr(addr, ':');
		second = second ? strchr(second + 1, ':') : NULL;
		int bus = second ? (int)(second - addr) : (int)strlen(addr);
		strbuf_addf(out, "/sys/devices/pci%.*s", bus, addr);
	}
	strbuf_addf(out, "/%s", addr);
}

static int make_pci(const char *root, const struct fx_machine *m, const struct fx_pci *p)
{
	struct strbuf d = STRBUF_INIT, l = STRBUF_INIT;
	pci_dir(m, p->address, &d, 0);
	strbuf_addf(&l, "/sys/bus/pci/devices/%s", p->address);
	int rc = fx_dir(root, d.buf) | attr(root, d.buf, "vendor", p->vendor, 0) |
		 attr(root, d.buf, "device", p->device, 0) |
		 attr(root, d.buf, "subsystem_vendor", p->subsystem_vendor, 0) |
		 attr(root, d.buf, "subsystem_device", p->subsystem_device, 0) |
		 attr(root, d.buf, "class", p->class_, 0) |
		 attr(root, d.buf, "revision", p->revision, 0) | fx_link(root, l.buf, d.buf);
	strbuf_release(&d);
	strbuf_release(&l);
	return rc;
}

/* ---- NVMe ---- */

static int ns_attrs(const char *root, const char *dir, const struct fx_nvme_ns *ns)
{
	const char *nsid = ns->nsid;
	const char *n = strrchr(ns->name, 'n');
	return fx_dir(root, dir) | attr(root, dir, "wwid", ns->wwid, 0) |
	       attr(root, dir, "eui", ns->eui, 0) | attr(root, dir, "nguid", ns->nguid, 0) |
	       attr(root, dir, "nsid", nsid ? nsid : (n ? n + 1 : "1"), 0);
}

/* "nvme0c1n2" -> "nvme0n2" */
static void head_name(const char *path_name, struct strbuf *out)
{
	strbuf_reset(out);
	const char *c = strchr(path_name + 4, 'c');
	const char *n = strrchr(path_name, 'n');
	if (c && n && c < n) {
		strbuf_add(out, path_name, (size_t)(c - path_name));
		strbuf_addstr(out, n);
	} else {
		strbuf_addstr(out, path_name);
	}
}

static int make_nvme(const char *root, const struct fx_machine *m, const struct fx_nvme *c)
{
	struct strbuf pci = STRBUF_INIT, d = STRBUF_INIT, s = STRBUF_INIT, p = STRBUF_INIT,
		      h = STRBUF_INIT;
	int rc = 0;
	if (c->pci) {
		pci_dir(m, c->pci, &pci, 0);
		rc |= fx_dir(root, pci.buf);
		strbuf_addf(&d, "%s/nvme/%s", pci.buf, c->name);
	} else {
		/* fabrics controllers hang off the nvme-fabrics control device */
		strbuf_addstr(&pci, "/sys/devices/virtual/nvme-fabrics/ctl");
		strbuf_addf(&d, "%s/%s", pci.buf, c->name);
	}
	rc |= fx_dir(root, d.buf) | attr(root, d.buf, "model", c->model, 40) |
	      attr(root, d.buf, "serial", c->serial, 20) |
	      attr(root, d.buf, "firmware_rev", c->firmware_rev, 8) |
	      attr(root, d.buf, "subsysnqn", c->subsysnqn, 0) |
	      attr(root, d.buf, "transport", c->transport, 0) |
	      attr(root, d.buf, "address", c->address ? c->address : c->pci, 0) |
	      attr(root, d.buf, "cntlid", c->cntlid, 0) | attr(root, d.buf, "state", "live", 0);
	strbuf_addf(&p, "%s/device", d.buf);
	rc |= fx_link(root, p.buf, pci.buf);
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/subsystem", d.buf);
	rc |= fx_link(root, p.buf, "/sys/class/nvme");
	strbuf_reset(&p);
	strbuf_addf(&p, "/sys/class/nvme/%s", c->name);
	rc |= fx_link(root, p.buf, d.buf);
	if (c->subsystem) {
		strbuf_addf(&s, "/sys/devices/virtual/nvme-subsystem/%s", c->subsystem);
		rc |= fx_dir(root, s.buf) | attr(root, s.buf, "subsysnqn", c->subsysnqn, 0) |
		      attr(root, s.buf, "model", c->model, 40) |
		      attr(root, s.buf, "serial", c->serial, 20) |
		      attr(root, s.buf, "firmware_rev", c->firmware_rev, 8);
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", s.buf, c->name);
		rc |= fx_link(root, p.buf, d.buf);
		strbuf_reset(&p);
		strbuf_addf(&p, "/sys/class/nvme-subsystem/%s", c->subsystem);
		rc |= fx_link(root, p.buf, s.buf);
	}
	for (const struct fx_nvme_ns *ns = c->ns; ns < c->ns + 4 && ns->name; ns++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", d.buf, ns->name);
		rc |= ns_attrs(root, p.buf, ns);
		struct strbuf l = STRBUF_INIT, t = STRBUF_INIT;
		strbuf_addf(&l, "%s/device", p.buf);
		rc |= fx_link(root, l.buf, d.buf);
		if (c->multipath && c->subsystem) {
			head_name(ns->name, &h);
			strbuf_addf(&t, "%s/%s", s.buf, h.buf);
			struct fx_nvme_ns head = *ns;
			head.name = h.buf;
			rc |= ns_attrs(root, t.buf, &head);
		} else {
			strbuf_addstr(&h, ns->name);
			strbuf_addstr(&t, p.buf);
		}
		strbuf_reset(&l);
		strbuf_addf(&l, "/sys/block/%s", h.buf);
		rc |= fx_link(root, l.buf, t.buf);
		strbuf_reset(&h);
		strbuf_release(&l);
		strbuf_release(&t);
	}
	strbuf_release(&pci);
	strbuf_release(&d);
	strbuf_release(&s);
	strbuf_release(&p);
	strbuf_release(&h);
	return rc;
}

/* ---- USB ---- */

static const struct fx_usb *find_usb(const struct fx_machine *m, const char *busid)
{
	for (const struct fx_usb *u = m->usb; u && u->busid; u++)
		if (!strcmp(u->busid, busid))
			return u;
	return NULL;
}

/* PCI/usbN/N-a/N-a.b for "N-a.b" */
static void usb_dir(const struct fx_machine *m, const char *pci, const char *busid,
		    struct strbuf *out)
{
	pci_dir(m, pci, out, 0);
	int bus = atoi(busid);
	strbuf_addf(out, "/usb%d", bus);
	const char *dash = strchr(busid, '-');
	for (const char *p = dash ? dash + 1 : NULL; p && *p;) {
		size_t n = strcspn(p, ".");
		strbuf_addf(out, "/%.*s", (int)(p - busid) + (int)n, busid);
		p += n;
		if (*p == '.')
			p++;
	}
}

static int usb_attrs(const char *root, const char *dir, const char *vendor, const char *product,
		     const char *bcd, const char *cls, const char *mfr, const char *prod,
		     const char *serial)
{
	return fx_dir(root, dir) | attr(root, dir, "idVendor", vendor, 0) |
	       attr(root, dir, "idProduct", product, 0) | attr(root, dir, "bcdDevice", bcd, 0) |
	       attr(root, dir, "bDeviceClass", cls, 0) | attr(root, dir, "manufacturer", mfr, 0) |
	       attr(root, dir, "product", prod, 0) | attr(root, dir, "serial", serial, 0);
}

static int usb_interface(const char *root, const char *dev, const char *busid, const char *cls)
{
	struct strbuf d = STRBUF_INIT, l = STRBUF_INIT;
	strbuf_addf(&d, "%s/%s:1.0", dev, busid);
	strbuf_addf(&l, "/sys/bus/usb/devices/%s:1.0", busid);
	int rc = fx_dir(root, d.buf) | attr(root, d.buf, "bInterfaceClass", cls, 0) |
		 fx_link(root, l.buf, d.buf);
	strbuf_release(&d);
	strbuf_release(&l);
	return rc;
}

/* The root hub: what the kernel's host controller driver registers (hcd.c). */
static int usb_root_hub(const char *root, const struct fx_machine *m, const struct fx_usb *u)
{
	struct strbuf d = STRBUF_INIT, l = STRBUF_INIT, hubid = STRBUF_INIT;
	int bus = atoi(u->busid);
	pci_dir(m, u->pci, &d, 0);
	strbuf_addf(&d, "/usb%d", bus);
	strbuf_addf(&l, "/sys/bus/usb/devices/usb%d", bus);
	strbuf_addf(&hubid, "%d-0", bus);
	int rc = usb_attrs(root, d.buf, "1d6b", "0002", "0601", "09", "Linux 6.1.0 xhci-hcd",
			   "xHCI Host Controller", u->pci) |
		 fx_link(root, l.buf, d.buf) | usb_interface(root, d.buf, hubid.buf, "09");
	strbuf_release(&d);
	strbuf_release(&l);
	strbuf_release(&hubid);
	return rc;
}

static int make_usb(const char *root, const struct fx_machine *m, const struct fx_usb *u)
{
	struct strbuf d = STRBUF_INIT, l = STRBUF_INIT;
	usb_dir(m, u->pci, u->busid, &d);
	strbuf_addf(&l, "/sys/bus/usb/devices/%s", u->busid);
	int rc = usb_root_hub(root, m, u) |
		 usb_attrs(root, d.buf, u->idVendor, u->idProduct, u->bcdDevice, u->bDeviceClass,
			   u->manufacturer, u->product, u->serial) |
		 fx_link(root, l.buf, d.buf) |
		 usb_interface(root, d.buf, u->busid,
			       u->interface_class ? u->interface_class : "ff");
	strbuf_release(&d);
	strbuf_release(&l);
	return rc;
}

/* ---- disks ---- */

static int vpd_pg80(const char *root, const char *dir, const char *serial)
{
	if (!serial)
		return 0;
	size_t n = strlen(serial);
	unsigned char page[260] = {0x00, 0x80, (unsigned char)(n >> 8), (unsigned char)n};
	if (n > sizeof page - 4)
		n = sizeof page - 4;
	memcpy(page + 4, serial, n);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/vpd_pg80", dir);
	int rc = fx_bytes(root, p.buf, page, n + 4);
	strbuf_release(&p);
	return rc;
}

/* The SCSI device directory (H:0:0:0) of a disk on a SCSI bus. */
static void scsi_dev(const struct fx_machine *m, const struct fx_disk *k, struct strbuf *out)
{
	int h = k->host;
	if (k->bus == FX_USB) {
		const struct fx_usb *u = find_usb(m, k->usb_port);
		usb_dir(m, u ? u->pci : "0000:00:14.0", k->usb_port, out);
		strbuf_addf(out, "/%s:1.0", k->usb_port);
	} else {
		pci_dir(m, k->pci ? k->pci : "0000:00:17.0", out, 0);
	}
	if (k->bus == FX_SATA)
		strbuf_addf(out, "/ata%d", h + 1);
	strbuf_addf(out, "/host%d", h);
	if (k->bus == FX_SAS)
		strbuf_addf(out, "/port-%d:0/end_device-%d:0", h, h);
	strbuf_addf(out, "/target%d:0:0/%d:0:0:0", h, h);
}

static int make_disk(const char *root, const struct fx_machine *m, const struct fx_disk *k)
{
	struct strbuf dev = STRBUF_INIT, b = STRBUF_INIT, p = STRBUF_INIT;
	int rc = 0;
	if (k->bus == FX_VIRTUAL) {
		strbuf_addf(&b, "/sys/devices/virtual/block/%s", k->name);
		rc |= fx_dir(root, b.buf);
	} else if (k->bus == FX_VIRTIO) {
		pci_dir(m, k->pci ? k->pci : "0000:00:04.0", &dev, 0);
		strbuf_addf(&dev, "/virtio%d", k->host);
		strbuf_addf(&b, "%s/block/%s", dev.buf, k->name);
		rc |= fx_dir(root, b.buf) | attr(root, dev.buf, "vendor", k->virtio_vendor, 0) |
		      attr(root, dev.buf, "device", k->virtio_device, 0) |
		      attr(root, b.buf, "serial", k->serial, 0);
	} else {
		scsi_dev(m, k, &dev);
		strbuf_addf(&b, "%s/block/%s", dev.buf, k->name);
		rc |= fx_dir(root, b.buf) | attr(root, dev.buf, "vendor", k->vendor, 8) |
		      attr(root, dev.buf, "model", k->model, 16) |
		      attr(root, dev.buf, "rev", k->rev, 4) |
		      attr(root, dev.buf, "wwid", k->wwid, 0) | vpd_pg80(root, dev.buf, k->serial);
	}
	if (dev.len) {
		strbuf_addf(&p, "%s/device", b.buf);
		rc |= fx_link(root, p.buf, dev.buf);
	}
	strbuf_reset(&p);
	strbuf_addf(&p, "/sys/block/%s", k->name);
	rc |= attr(root, b.buf, "size", "0", 0) | fx_link(root, p.buf, b.buf);
	strbuf_release(&dev);
	strbuf_release(&b);
	strbuf_release(&p);
	return rc;
}

/* ---- MMC ---- */

static int make_mmc(const char *root, const struct fx_machine *m, const struct fx_mmc *c)
{
	struct strbuf d = STRBUF_INIT, p = STRBUF_INIT;
	if (c->host && isxdigit((unsigned char)c->host[0]) && strchr(c->host, ':'))
		pci_dir(m, c->host, &d, 0);
	else
		strbuf_addf(&d, "/sys/devices/platform/%s", c->host ? c->host : "mmc");
	strbuf_addf(&d, "/mmc_host/mmc%d/%s", atoi(c->name + 3), c->name);
	strbuf_addf(&p, "/sys/bus/mmc/devices/%s", c->name);
	int rc = fx_dir(root, d.buf) | attr(root, d.buf, "type", c->type, 0) |
		 attr(root, d.buf, "manfid", c->manfid, 0) |
		 attr(root, d.buf, "oemid", c->oemid, 0) |
		 attr(root, d.buf, "name", c->card_name, 0) |
		 attr(root, d.buf, "serial", c->serial, 0) | attr(root, d.buf, "date", c->date, 0) |
		 attr(root, d.buf, "fwrev", c->fwrev, 0) | attr(root, d.buf, "hwrev", c->hwrev, 0) |
		 attr(root, d.buf, "prv", c->prv, 0) | attr(root, d.buf, "cid", c->cid, 0) |
		 attr(root, d.buf, "vendor", c->vendor, 0) |
		 attr(root, d.buf, "device", c->device, 0) | fx_link(root, p.buf, d.buf);
	if (c->block) {
		strbuf_addf(&d, "/block/%s", c->block);
		strbuf_reset(&p);
		strbuf_addf(&p, "/sys/block/%s", c->block);
		rc |= fx_dir(root, d.buf) | fx_link(root, p.buf, d.buf);
	}
	strbuf_release(&d);
	strbuf_release(&p);
	return rc;
}

int fx_machine(const char *root, const struct fx_machine *m)
{
	int rc = fx_dir(root, "/sys/block") | fx_dir(root, "/sys/bus/pci/devices") |
		 fx_attr(root, "/proc/sys/kernel/hostname", m->hostname);
	for (const struct fx_pci *p = m->pci; p && p->address; p++)
		rc |= make_pci(root, m, p);
	for (const struct fx_nvme *c = m->nvme; c && c->name; c++)
		rc |= make_nvme(root, m, c);
	for (const struct fx_usb *u = m->usb; u && u->busid; u++)
		rc |= make_usb(root, m, u);
	for (const struct fx_disk *k = m->disks; k && k->name; k++)
		rc |= make_disk(root, m, k);
	for (const struct fx_mmc *c = m->mmc; c && c->name; c++)
		rc |= make_mmc(root, m, c);
	return rc ? -1 : 0;
}
