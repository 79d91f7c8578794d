/*
 * pci.c — every PCI function under /sys/bus/pci/devices.
 *
 * The kernel names each function by its address (DDDD:BB:DD.F) and shows the
 * configuration-space ids as "0x%04x" (vendor, device, subsystem ids),
 * "0x%06x" (class) and "0x%02x" (revision).  Raw fields keep that text; the
 * decoded ones drop the 0x.  The vendor is the silicon maker; the subsystem
 * vendor is the board or OEM (Dell 1028 over a Micron 1344 controller), and
 * both are kept so identify can tell them apart.
 */
#include "collect/collect.h"
#include "collect/sysfs.h"
#include "util/fileio.h"

#include <stdlib.h>
#include <string.h>

static const struct attr_spec pci_attrs[] = {
	{"vendor", FK_PCI_VENDOR, NULL, AF_HEX_0X, 4, true},
	{"device", FK_PCI_DEVICE, NULL, AF_HEX_0X, 4, true},
	{"subsystem_vendor", FK_PCI_SUBVENDOR, NULL, AF_HEX_0X, 4, false},
	{"subsystem_device", FK_PCI_SUBDEVICE, NULL, AF_HEX_0X, 4, false},
	{"class", FK_PCI_CLASS, NULL, AF_HEX_0X, 6, true},
	{"revision", FK_PCI_REVISION, NULL, AF_HEX_0X, 2, false},
};

#define PCI_DEVICES "/sys/bus/pci/devices"

static void collect_function(struct collect_ctx *cc, const char *name)
{
	struct strbuf dir = STRBUF_INIT, id = STRBUF_INIT;
	strbuf_addf(&dir, "%s/%s", PCI_DEVICES, name);
	strbuf_addf(&id, "pci/%s", name);
	struct component *c = inventory_add(cc->inv, KIND_PCI, id.buf, dir.buf);
	if (sysfs_is_pci_address(name))
		component_set(cc->inv, c, FK_PCI_ADDRESS, 0, name, dir.buf);
	else
		inventory_warn(cc->inv, dir.buf, "PCI function",
			       "%s: the name is not a PCI address (DDDD:BB:DD.F)", dir.buf);
	sysfs_read_attrs(cc, c, dir.buf, pci_attrs, sizeof pci_attrs / sizeof pci_attrs[0],
			 "PCI function");
	strbuf_release(&dir);
	strbuf_release(&id);
}

void collect_pci(struct collect_ctx *cc)
{
	char **names;
	int n = sysfs_list(cc, PCI_DEVICES, "PCI functions", true, &names);
	for (int i = 0; i < n; i++)
		collect_function(cc, names[i]);
	free_names(names, n > 0 ? n : 0);
}
