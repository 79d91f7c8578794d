/*
 * block.c — disks under /sys/block that are not NVMe or eMMC: SATA, SAS and
 * USB disks and optical drives (the SCSI layer: sdX, srX), and virtio disks
 * (vdX).
 *
 * /sys/block/NAME is a link into the device tree; the path it points to
 * tells the bus, so the transport is read from it, not guessed from the name:
 * a "usbN" component means usb, "end_device-"/"port-"/"expander-" sas,
 * "ataN" sata (libata: SATA or PATA), "rport-" fc, "sessionN" iscsi,
 * "virtioN" virtio, "vbd-" xen.  The path is kept (sysfs_path) and the last
 * PCI address in it is the host controller's (host_pci_address: not the
 * disk's own, so it is not the pci_address field).
 *
 * Skipped, because they are not hardware or another source covers them:
 * anything under /sys/devices/virtual (loop, ram, zram, dm, md, nbd...),
 * NVMe namespaces (nvme.c) and MMC cards (emmc.c).
 *
 * SCSI disks show the INQUIRY strings: device/vendor (8 bytes, padded),
 * device/model (16), device/rev (4).  Behind libata the vendor is always
 * "ATA" (SCSI/ATA Translation), which names no maker: it is kept raw but not
 * decoded, and the model, cut to 16 characters, carries the name.  The
 * world-wide name (device/wwid: "naa.", "eui." or "t10.") gives the IEEE OUI
 * when it is of a registered form, and VPD page 0x80 (device/vpd_pg80) the
 * serial number.  queue/rotational (Documentation/ABI/stable/sysfs-block)
 * says whether the disk spins ("1") or is solid-state ("0"), kept as the
 * extra "rotational".  virtio disks show the virtio vendor and device ids and,
 * when the host sets one, a serial.
 */
#include "collect/collect.h"
#include "collect/sysfs.h"
#include "util/fileio.h"

#include <stdlib.h>
#include <string.h>

#define SYS_BLOCK "/sys/block"
#define WHAT      "block device"

static const struct attr_spec scsi_attrs[] = {
	{"model", FK_MODEL, NULL, AF_TEXT, 0, false},
	{"rev", FK_FIRMWARE, NULL, AF_TEXT, 0, false},
	{"wwid", FK_WWID, NULL, AF_TEXT, 0, false},
};

static const struct attr_spec virtio_attrs[] = {
	{"vendor", FK_EXTRA, "virtio_vendor", AF_HEX_0X, 4, false},
	{"device", FK_EXTRA, "virtio_device", AF_HEX_0X, 4, false},
};

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The bus a disk hangs off, from the components of its device path. */
static const char *transport_of(const char *phys)
{
	static const struct {
		const char *prefix;
		bool numbered; /* prefix followed by digits only */
		const char *transport;
	} rules[] = {
		/* In order of precedence: a USB bridge to a SATA disk is usb. */
		{"usb", true, "usb"},        {"end_device-", false, "sas"},
		{"expander-", false, "sas"}, {"port-", false, "sas"},
		{"ata", true, "sata"},       {"rport-", false, "fc"},
		{"session", true, "iscsi"},  {"virtio", true, "virtio"},
		{"vbd-", false, "xen"},
	};
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		const char *p = phys;
		while (*p) {
			while (*p == '/')
				p++;
			size_t n = strcspn(p, "/");
			char comp[256];
			if (n && n < sizeof comp) {
				memcpy(comp, p, n);
				comp[n] = '\0';
				if (rules[r].numbered ? sysfs_name_num(comp, rules[r].prefix)
						      : starts(comp, rules[r].prefix))
					return rules[r].transport;
			}
			p += n;
		}
	}
	return NULL;
}

static bool skipped(const char *name, const char *phys, bool is_link)
{
	if (strstr(phys, "/devices/virtual/") || starts(name, "nvme") || strstr(phys, "/nvme/") ||
	    starts(name, "mmcblk") || strstr(phys, "/mmc_host/"))
		return true;
	/* Not a link (an old kernel, or a hand-made tree): go by the names the
	 * kernel gives its virtual block drivers. */
	static const char *const virt[] = {"loop", "ram", "zram", "dm-", "md", "nbd"};
	for (size_t i = 0; !is_link && i < sizeof virt / sizeof virt[0]; i++)
		if (starts(name, virt[i]))
			return true;
	return false;
}

/* The SCSI vendor: raw always, decoded unless it is libata's "ATA". */
static void scsi_vendor(struct collect_ctx *cc, struct component *c, const char *dev)
{
	static const struct attr_spec text = {"vendor", FK_MANUFACTURER, NULL, AF_TEXT, 0, false};
	struct strbuf v = STRBUF_INIT, path = STRBUF_INIT;
	if (sysfs_get(cc, dev, "vendor", WHAT, &v) == 1) {
		strbuf_addf(&path, "%s/vendor", dev);
		struct strbuf t = STRBUF_INIT;
		strbuf_add(&t, v.buf, v.len);
		strbuf_trim(&t);
		if (!strcmp(t.buf, "ATA"))
			component_set_bytes(cc->inv, c, FK_MANUFACTURER, FIELD_RAW, v.buf, v.len,
					    path.buf);
		else
			sysfs_set(cc, c, &text, path.buf, v.buf, v.len, WHAT);
		strbuf_release(&t);
	}
	strbuf_release(&v);
	strbuf_release(&path);
}

/* VPD page 0x80, Unit Serial Number: a 4-byte header (page code at byte 1,
 * length at bytes 2-3, big-endian), then the serial in ASCII. */
static void scsi_serial(struct collect_ctx *cc, struct component *c, const char *dev)
{
	struct strbuf path = STRBUF_INIT, v = STRBUF_INIT;
	strbuf_addf(&path, "%s/vpd_pg80", dev);
	if (sysfs_get_bytes(cc, dev, "vpd_pg80", WHAT, &v) != 1) {
		/* absent, or noted */
	} else if (v.len < 4 || (unsigned char)v.buf[1] != 0x80 ||
		   4u + ((unsigned char)v.buf[2] << 8 | (unsigned char)v.buf[3]) > v.len) {
		inventory_warn(
			cc->inv, path.buf, WHAT,
			"%s: not a VPD Unit Serial Number page (%zu bytes, page code 0x%02x, "
			"or a length beyond the data); serial not read",
			path.buf, v.len, v.len > 1 ? (unsigned char)v.buf[1] : 0);
	} else {
		static const struct attr_spec serial = {"vpd_pg80", FK_SERIAL, NULL,
							AF_TEXT,    0,         false};
		size_t n = (size_t)((unsigned char)v.buf[2] << 8 | (unsigned char)v.buf[3]);
		strbuf_addstr(&path, "#bytes 4-");
		sysfs_set(cc, c, &serial, path.buf, v.buf + 4, n, WHAT);
	}
	strbuf_release(&path);
	strbuf_release(&v);
}

static void scsi_disk(struct collect_ctx *cc, struct component *c, const char *dir)
{
	struct strbuf dev = STRBUF_INIT;
	strbuf_addf(&dev, "%s/device", dir);
	scsi_vendor(cc, c, dev.buf);
	sysfs_read_attrs(cc, c, dev.buf, scsi_attrs, sizeof scsi_attrs / sizeof scsi_attrs[0],
			 WHAT);
	scsi_serial(cc, c, dev.buf);
	const char *wwid = component_get(c, FK_WWID), *detail;
	char oui[7];
	if (wwid && sysfs_oui_from_wwid(wwid, oui, &detail)) {
		struct strbuf src = STRBUF_INIT;
		strbuf_addf(&src, "%s/wwid#%s", dev.buf, detail);
		component_set(cc->inv, c, FK_IEEE_OUI, 0, oui, src.buf);
		strbuf_release(&src);
	}
	strbuf_release(&dev);
}

static void virtio_disk(struct collect_ctx *cc, struct component *c, const char *dir)
{
	static const struct attr_spec serial = {"serial", FK_SERIAL, NULL, AF_TEXT, 0, false};
	struct strbuf dev = STRBUF_INIT;
	strbuf_addf(&dev, "%s/device", dir);
	sysfs_read_attrs(cc, c, dev.buf, virtio_attrs, sizeof virtio_attrs / sizeof virtio_attrs[0],
			 WHAT);
	sysfs_read_attrs(cc, c, dir, &serial, 1, WHAT);
	strbuf_release(&dev);
}

static void collect_disk(struct collect_ctx *cc, const char *name)
{
	struct strbuf dir = STRBUF_INIT, phys = STRBUF_INIT, src = STRBUF_INIT, pci = STRBUF_INIT;
	strbuf_addf(&dir, "%s/%s", SYS_BLOCK, name);
	sysfs_resolve(cc, dir.buf, &phys);
	bool is_link = strcmp(phys.buf, dir.buf) != 0;
	if (skipped(name, phys.buf, is_link))
		goto out;
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "disk/%s", name);
	struct component *c = inventory_add(cc->inv, KIND_DISK, id.buf, dir.buf);
	strbuf_release(&id);
	component_set(cc->inv, c, FK_DEVICE, 0, name, dir.buf);
	strbuf_addf(&src, "%s#device path", dir.buf);
	if (is_link)
		component_set_extra(cc->inv, c, "sysfs_path", FIELD_RAW, phys.buf, dir.buf);
	const char *t = transport_of(phys.buf);
	if (t)
		component_set(cc->inv, c, FK_TRANSPORT, 0, t, src.buf);
	if (sysfs_pci_address_in(phys.buf, &pci))
		component_set_extra(cc->inv, c, "host_pci_address", 0, pci.buf, src.buf);
	/* the medium: an SSD holds NAND, a spinning disk none (identify) */
	static const struct attr_spec rot = {"queue/rotational", FK_EXTRA, "rotational",
					     AF_TEXT,            0,         false};
	sysfs_read_attrs(cc, c, dir.buf, &rot, 1, WHAT);
	if (starts(name, "vd"))
		virtio_disk(cc, c, dir.buf);
	else
		scsi_disk(cc, c, dir.buf);
out:
	strbuf_release(&dir);
	strbuf_release(&phys);
	strbuf_release(&src);
	strbuf_release(&pci);
}

void collect_block(struct collect_ctx *cc)
{
	char **names;
	int n = sysfs_list(cc, SYS_BLOCK, "block devices", true, &names);
	for (int i = 0; i < n; i++)
		collect_disk(cc, names[i]);
	free_names(names, n > 0 ? n : 0);
}
