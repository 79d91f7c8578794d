/*
 * fx_sysfs.h — sysfs trees built from declarative descriptions.
 *
 * Tests, benchmarks and example captures describe a machine (PCI functions,
 * NVMe controllers, disks, USB devices, MMC cards) and fx_machine() writes
 * the tree the kernel would show for it under a root directory, with the
 * kernel's layout and links: /sys/bus/pci/devices/ADDR -> the function under
 * /sys/devices/pciDDDD:BB/..., /sys/class/nvme/nvme0 -> .../ADDR/nvme/nvme0,
 * nvme0/device -> ../../../ADDR, /sys/block/sda -> .../block/sda, and so on.
 * The layout follows the kernel's sysfs ABI (Documentation/ABI, and the
 * drivers that create the attributes); it is not copied from any capture.
 *
 * Values are given as the kernel prints them ("0x1e49" for a PCI id, "1e49"
 * for a USB one, "0x000015" for an MMC manfid) and written followed by the
 * newline the kernel appends; a NULL value leaves the attribute out.  The
 * fixed-width strings the kernel shows padded are padded here the same way:
 * NVMe model, serial and firmware_rev to 40, 20 and 8 bytes; SCSI vendor,
 * model and rev to 8, 16 and 4.  A device whose PCI function is not declared
 * in the machine still gets a PCI directory, without attributes, as in a
 * partial snapshot.
 *
 * Every array ends with {0}, an entry whose first member is NULL.  Functions
 * return 0, or -1 after printing the reason on stderr.  To plant hostile
 * values, build the machine and overwrite files afterwards (writing through
 * the /sys/bus/... links works).
 *
 * Example, a server with a ZhiTai NVMe SSD and a Huawei NIC:
 *
 *	static const struct fx_pci pci[] = {
 *		{"0000:3b:00.0", "0000:3a:00.0", "0x1e49", "0x0071", "0x1e49", "0x0071",
 *		 "0x010802", "0x01"},
 *		{"0000:3a:00.0", NULL, "0x8086", "0x347a", "0x8086", "0x0000", "0x060400", "0x04"},
 *		{"0000:5e:00.0", NULL, "0x19e5", "0x1822", "0x19e5", "0xd139", "0x020000", "0x45"},
 *		{0},
 *	};
 *	static const struct fx_nvme nvme[] = {
 *		{.name = "nvme0", .pci = "0000:3b:00.0", .subsystem = "nvme-subsys0",
 *		 .model = "ZHITAI TiPlus7100 1TB", .serial = "ZTA21T0KA2333003LM",
 *		 .firmware_rev = "ZTA09139", .subsysnqn = "nqn.2021-09.com.ymtc:...",
 *		 .transport = "pcie", .cntlid = "1",
 *		 .ns = {{.name = "nvme0n1", .wwid = "eui.a428b7...", .eui = "a4 28 b7 ..."}}},
 *		{0},
 *	};
 *	struct fx_machine m = {.hostname = "db1", .pci = pci, .nvme = nvme};
 *	fx_machine(dir, &m);
 */
#ifndef FX_SYSFS_H
#define FX_SYSFS_H

#include <stdbool.h>
#include <stddef.h>

struct fx_pci {
	const char *address; /* "0000:3b:00.0" */
	/* The bridge it sits behind, declared in the same machine; NULL: the
	 * root bus (/sys/devices/pciDDDD:BB/ADDR). */
	const char *parent;
	const char *vendor, *device, *subsystem_vendor, *subsystem_device; /* "0x1e49" */
	const char *class_, *revision;                                     /* "0x010802", "0x01" */
};

struct fx_nvme_ns {
	/* "nvme0n1"; with fx_nvme.multipath, the path name "nvme0c0n1" (the
	 * namespace head nvme0n1 is made under the subsystem). */
	const char *name;
	const char *wwid;  /* "eui.a428b7...", "uuid.…", "nvme.1e49-…" */
	const char *eui;   /* EUI-64 as the kernel prints it: "a4 28 b7 00 00 00 00 01" */
	const char *nguid; /* UUID form: "a428b700-..." */
	const char *nsid;  /* "1"; NULL: taken from the name */
};

struct fx_nvme {
	const char *name;      /* "nvme0" */
	const char *pci;       /* its PCI function (pcie); NULL: a fabrics controller */
	const char *subsystem; /* "nvme-subsys0"; NULL: none */
	const char *model, *serial, *firmware_rev;            /* padded to 40, 20, 8 */
	const char *subsysnqn, *transport, *address, *cntlid; /* address NULL: the PCI address */
	bool multipath;
	struct fx_nvme_ns ns[4]; /* up to 4, ended by a NULL name */
};

enum fx_bus {
	FX_SATA,    /* libata: PCI/ataN/hostH/targetH:0:0/H:0:0:0 */
	FX_SAS,     /* PCI/hostH/port-H:0/end_device-H:0/target... */
	FX_USB,     /* USB device/BUSID:1.0/hostH/target... (usb_port names the device) */
	FX_SCSI,    /* any other SCSI HBA: PCI/hostH/target... */
	FX_VIRTIO,  /* virtio-blk: PCI/virtioH/block/vdX */
	FX_VIRTUAL, /* /sys/devices/virtual/block/NAME: loop, zram, dm-... */
};

struct fx_disk {
	const char *name; /* "sda", "vda", "loop0" */
	enum fx_bus bus;
	const char *pci;                  /* host controller's PCI function */
	const char *usb_port;             /* FX_USB: the USB device ("2-1") */
	int host;                         /* SCSI host number (and virtio device number) */
	const char *vendor, *model, *rev; /* SCSI INQUIRY, padded to 8, 16, 4 */
	const char *wwid;                 /* device/wwid */
	const char
		*serial; /* SCSI: device/vpd_pg80 (built as VPD page 0x80); virtio: NAME/serial */
	const char *virtio_vendor, *virtio_device; /* FX_VIRTIO: "0x1af4", "0x0002" */
};

struct fx_usb {
	const char *busid; /* "1-1", "1-1.2": root hub usbN is made for each bus */
	const char *pci;   /* host controller's PCI function */
	const char *idVendor, *idProduct, *bcdDevice,
		*bDeviceClass; /* "0781", "5581", "0100", "00" */
	const char *manufacturer, *product, *serial;
	const char *interface_class; /* bInterfaceClass of BUSID:1.0 ("08"); NULL: "ff" */
};

struct fx_mmc {
	const char *name; /* "mmc0:0001" */
	const char *host; /* controller: a platform device ("fe310000.mmc") or a PCI address */
	const char *type; /* "MMC", "SD", "SDIO" */
	const char *manfid, *oemid, *card_name, *serial, *date; /* "0x000015", "0x0100", ... */
	const char *fwrev, *hwrev, *prv, *cid;
	const char *vendor, *device; /* SDIO ids: "0x02d0" */
	const char *block;           /* "mmcblk0": made under the card and /sys/block */
};

struct fx_machine {
	const char *hostname; /* /proc/sys/kernel/hostname; NULL: none */
	const struct fx_pci *pci;
	const struct fx_nvme *nvme;
	const struct fx_disk *disks;
	const struct fx_usb *usb;
	const struct fx_mmc *mmc;
};

/* Write the machine's tree under root (an existing directory). */
int fx_machine(const char *root, const struct fx_machine *m);

/* Lower-level pieces, for trees no machine describes.  Paths are
 * root-relative and absolute ("/sys/..."). */
int fx_attr(const char *root, const char *path,
	    const char *value); /* value + "\n"; NULL: nothing */
int fx_bytes(const char *root, const char *path, const void *data, size_t len);
int fx_dir(const char *root, const char *path);
/* A link at path to target, written relative ("../../devices/..."), as sysfs does. */
int fx_link(const char *root, const char *path, const char *target);

#endif
