/*
 * lsusb.c — lsusb and lsusb -v listings into usb components.
 *
 * Each "Bus 001 Device 002: ID 0a5c:4500 ..." line starts a device, with id
 * "usb/001:002" (bus and device number: lsusb does not print the sysfs port
 * path).  The text after the ids comes from lsusb's usb.ids and is kept as
 * extra fields only.  With -v, the device descriptor adds what the device
 * itself says: iManufacturer, iProduct and iSerial strings, bcdDevice and
 * bDeviceClass, decoded to the forms sysfs uses ("0206", "09") next to the
 * text as printed.  Interface and endpoint descriptors are not read.
 */
#include "import/import-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "  iProduct                2 UHCI Host Controller" -> "UHCI Host Controller";
 * NULL when the index is 0 (no string). */
static const char *string_value(const char *v)
{
	while (*v == ' ')
		v++;
	if (!isdigit((unsigned char)*v))
		return NULL;
	unsigned long idx = strtoul(v, NULL, 10);
	while (isdigit((unsigned char)*v))
		v++;
	if (idx == 0)
		return NULL;
	return *v == ' ' ? v + 1 : v;
}

static void descriptor_line(struct imp *im, struct component *c, char *s, size_t line)
{
	char *p = s + 2, *key = p;
	while (*p && *p != ' ')
		p++;
	if (!*p)
		return;
	*p++ = '\0';
	while (*p == ' ')
		p++;
	const char *src = imp_src(im, line);
	im->line = line;
	if (!strcmp(key, "iManufacturer") || !strcmp(key, "iProduct") || !strcmp(key, "iSerial")) {
		const char *v = string_value(p);
		enum fkey k = key[1] == 'M'   ? FK_MANUFACTURER
			      : key[1] == 'P' ? FK_PRODUCT
					      : FK_SERIAL;
		if (v && *v)
			imp_set(im, c, k, v, NULL, src);
	} else if (!strcmp(key, "bcdDevice")) {
		unsigned hi, lo;
		char t;
		const char *dec = NULL;
		if (sscanf(p, "%2x.%2x%c", &hi, &lo, &t) == 2)
			dec = arena_printf(im->inv->arena, "%02x%02x", hi, lo);
		imp_set(im, c, FK_USB_BCD_DEVICE, p, dec ? dec : "", src);
	} else if (!strcmp(key, "bDeviceClass")) {
		unsigned cls;
		const char *dec = sscanf(p, "%u", &cls) == 1 && cls < 256
					  ? arena_printf(im->inv->arena, "%02x", cls)
					  : "";
		imp_set(im, c, FK_USB_CLASS, p, dec, src);
	} else if (!strcmp(key, "idVendor") || !strcmp(key, "idProduct")) {
		/* "0x1d6b Linux Foundation": the name is lsusb's, from usb.ids */
		const char *name = strchr(p, ' ');
		if (name)
			imp_extra(im, c, key[2] == 'V' ? "vendor_name" : "product_name", name + 1,
				  NULL, src);
	} else if (!strcmp(key, "bcdUSB")) {
		imp_extra(im, c, "bcd_usb", p, NULL, src);
	}
}

int import_lsusb(struct imp *im, char *text, size_t len, struct strbuf *err)
{
	struct lines L;
	struct component *cur = NULL;
	bool in_device = false;
	size_t ndev = 0;
	char *s;
	lines_init(&L, text, len);
	while ((s = lines_next(&L))) {
		unsigned bus, dev;
		int off = 0;
		char vid[5], pid[5];
		if (sscanf(s, "Bus %3u Device %3u: ID %4[0-9a-fA-F]:%4[0-9a-fA-F]%n", &bus, &dev,
			   vid, pid, &off) == 4 &&
		    off) {
			struct component *c =
				imp_add(im, KIND_USB,
					arena_printf(im->inv->arena, "usb/%03u:%03u", bus, dev));
			const char *src = imp_src(im, L.no);
			im->line = L.no;
			imp_dec(im, c, FK_USB_VENDOR, hex_norm(im, vid, 4), src);
			imp_dec(im, c, FK_USB_PRODUCT, hex_norm(im, pid, 4), src);
			const char *desc = s + off;
			while (*desc == ' ')
				desc++;
			imp_extra(im, c, "description", desc, NULL, src);
			if (strlen(vid) != 4 || strlen(pid) != 4)
				imp_warn(im, L.no, "USB ids \"%s:%s\" are not 4 hex digits each",
					 vid, pid);
			cur = c;
			in_device = false;
			ndev++;
			continue;
		}
		if (!cur)
			continue;
		if (!strcmp(s, "Device Descriptor:")) {
			in_device = true;
			continue;
		}
		/* device descriptor fields are indented by exactly two spaces */
		if (in_device && s[0] == ' ' && s[1] == ' ' && s[2] != ' ' && s[2])
			descriptor_line(im, cur, s, L.no);
		else if (in_device && s[0] != ' ')
			in_device = false;
	}
	if (!ndev) {
		strbuf_addstr(err,
			      "no \"Bus NNN Device NNN: ID vvvv:pppp\" line: not lsusb output");
		return -1;
	}
	if (L.cut)
		imp_warn(im, L.no, "the file ends in the middle of a line: it may be truncated");
	return 0;
}
