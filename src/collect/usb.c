/*
 * usb.c — USB devices under /sys/bus/usb/devices.
 *
 * The directory holds devices ("1-1", "1-1.2": bus, then port path), their
 * interfaces ("1-1.2:1.0": a colon, then configuration and interface) and
 * root hubs ("usb1").  Only devices are components (usb/1-1.2).
 *
 * Root hubs are skipped: they are the kernel's stand-in for a host
 * controller (vendor 1d6b, Linux Foundation, with the kernel version as
 * manufacturer), and the controller itself is the PCI function collect
 * already lists.  A device that is not a root hub is kept whatever its
 * vendor, so a Linux USB gadget (also 1d6b) is still a component.
 *
 * The kernel prints idVendor, idProduct and bcdDevice as "%04x" and
 * bDeviceClass as "%02x", without 0x; manufacturer, product and serial are
 * the device's own string descriptors, and absent when it has none.
 */
#include "collect/collect.h"
#include "collect/sysfs.h"
#include "util/fileio.h"

#include <stdlib.h>
#include <string.h>

#define USB_DEVICES "/sys/bus/usb/devices"
#define WHAT        "USB device"

static const struct attr_spec usb_attrs[] = {
	{"idVendor", FK_USB_VENDOR, NULL, AF_HEX, 4, true},
	{"idProduct", FK_USB_PRODUCT, NULL, AF_HEX, 4, true},
	{"bcdDevice", FK_USB_BCD_DEVICE, NULL, AF_HEX, 4, false},
	{"bDeviceClass", FK_USB_CLASS, NULL, AF_HEX, 2, false},
	{"manufacturer", FK_MANUFACTURER, NULL, AF_TEXT, 0, false},
	{"product", FK_PRODUCT, NULL, AF_TEXT, 0, false},
	{"serial", FK_SERIAL, NULL, AF_TEXT, 0, false},
};

static void collect_device(struct collect_ctx *cc, const char *name)
{
	struct strbuf dir = STRBUF_INIT, id = STRBUF_INIT, phys = STRBUF_INIT, pci = STRBUF_INIT;
	strbuf_addf(&dir, "%s/%s", USB_DEVICES, name);
	strbuf_addf(&id, "usb/%s", name);
	struct component *c = inventory_add(cc->inv, KIND_USB, id.buf, dir.buf);
	component_set(cc->inv, c, FK_DEVICE, 0, name, dir.buf);
	sysfs_read_attrs(cc, c, dir.buf, usb_attrs, sizeof usb_attrs / sizeof usb_attrs[0], WHAT);
	if (sysfs_pci_address_in(sysfs_resolve(cc, dir.buf, &phys), &pci)) {
		strbuf_addstr(&dir, "#device path");
		component_set_extra(cc->inv, c, "host_pci_address", 0, pci.buf, dir.buf);
	}
	strbuf_release(&dir);
	strbuf_release(&id);
	strbuf_release(&phys);
	strbuf_release(&pci);
}

void collect_usb(struct collect_ctx *cc)
{
	char **names;
	int n = sysfs_list(cc, USB_DEVICES, "USB devices", false, &names);
	for (int i = 0; i < n; i++)
		if (!strchr(names[i], ':') && !sysfs_name_num(names[i], "usb"))
			collect_device(cc, names[i]);
	free_names(names, n > 0 ? n : 0);
}
