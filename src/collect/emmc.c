/*
 * emmc.c — MMC, SD and SDIO cards under /sys/bus/mmc/devices ("mmc0:0001").
 *
 * The kernel (drivers/mmc/core/mmc.c, sd.c, sdio_bus.c) shows the card
 * identification register (CID) whole as cid, and its fields: manfid
 * ("0x%06x"), oemid ("0x%04x"), name, serial ("0x%08x"), date ("MM/YYYY"),
 * fwrev, hwrev and prv ("0x%x").  Raw fields keep that text; manfid, oemid
 * and serial are decoded in the same 0x form, lower-case, after checking
 * their width; the date becomes "YYYY-MM".  manfid is the card maker's id as
 * the MMC and SD associations assign it (0x000013 Micron, 0x000015
 * Samsung): not a JEP106 code, and naming the maker is identify's job.
 *
 * type ("MMC", "SD", "SDIO", "SD-combo") is the transport, decoded in
 * lower case.  SDIO cards (Wi-Fi and Bluetooth modules) have no CID: their
 * SDIO vendor and device ids are kept as sdio_vendor and sdio_device.
 */
#include "collect/collect.h"
#include "collect/sysfs.h"
#include "util/fileio.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MMC_DEVICES "/sys/bus/mmc/devices"
#define WHAT        "MMC/SD card"

static const struct attr_spec card_attrs[] = {
	{"manfid", FK_EMMC_MANFID, NULL, AF_HEX_KEEP, 6, true},
	{"oemid", FK_EMMC_OEMID, NULL, AF_HEX_KEEP, 4, false},
	{"name", FK_EMMC_NAME, NULL, AF_TEXT, 0, true},
	{"serial", FK_SERIAL, NULL, AF_HEX_KEEP, 8, false},
	{"fwrev", FK_FIRMWARE, NULL, AF_TEXT, 0, false},
	{"hwrev", FK_EXTRA, "hwrev", AF_TEXT, 0, false},
	{"prv", FK_REVISION, NULL, AF_TEXT, 0, false},
	{"cid", FK_EXTRA, "cid", AF_TEXT, 0, false},
};

static const struct attr_spec sdio_attrs[] = {
	{"vendor", FK_EXTRA, "sdio_vendor", AF_HEX_0X, 4, true},
	{"device", FK_EXTRA, "sdio_device", AF_HEX_0X, 4, true},
};

/* type: raw as read, decoded in lower case, which is also left in type. */
static void read_type(struct collect_ctx *cc, struct component *c, const char *dir,
		      struct strbuf *type)
{
	static const struct attr_spec spec = {"type", FK_TRANSPORT, NULL, AF_TEXT, 0, false};
	struct strbuf path = STRBUF_INIT;
	strbuf_reset(type);
	if (sysfs_get(cc, dir, "type", WHAT, type) == 1) {
		strbuf_addf(&path, "%s/type", dir);
		sysfs_set(cc, c, &spec, path.buf, type->buf, type->len, WHAT);
		for (size_t i = 0; i < type->len; i++)
			type->buf[i] = (char)tolower((unsigned char)type->buf[i]);
		component_set_bytes(cc->inv, c, FK_TRANSPORT, 0, type->buf, type->len, path.buf);
	}
	strbuf_release(&path);
}

/* "MM/YYYY" -> "YYYY-MM". */
static void read_date(struct collect_ctx *cc, struct component *c, const char *dir)
{
	struct strbuf v = STRBUF_INIT, path = STRBUF_INIT;
	if (sysfs_get(cc, dir, "date", WHAT, &v) == 1) {
		strbuf_addf(&path, "%s/date", dir);
		component_set_bytes(cc->inv, c, FK_MANUFACTURE_DATE, FIELD_RAW, v.buf, v.len,
				    path.buf);
		const char *s = v.buf;
		bool ok = v.len == 7 && isdigit((unsigned char)s[0]) &&
			  isdigit((unsigned char)s[1]) && s[2] == '/';
		for (int i = 3; ok && i < 7; i++)
			ok = isdigit((unsigned char)s[i]);
		int month = ok ? (s[0] - '0') * 10 + (s[1] - '0') : 0;
		if (ok && month >= 1 && month <= 12)
			component_setf(cc->inv, c, FK_MANUFACTURE_DATE, 0, path.buf, "%.4s-%.2s",
				       s + 3, s);
		else
			inventory_warn(cc->inv, path.buf, WHAT,
				       "%s: not a manufacturing date of the form MM/YYYY; kept "
				       "as read, not decoded",
				       path.buf);
	}
	strbuf_release(&v);
	strbuf_release(&path);
}

static void collect_card(struct collect_ctx *cc, const char *name)
{
	struct strbuf dir = STRBUF_INIT, id = STRBUF_INIT, type = STRBUF_INIT;
	strbuf_addf(&dir, "%s/%s", MMC_DEVICES, name);
	strbuf_addf(&id, "emmc/%s", name);
	struct component *c = inventory_add(cc->inv, KIND_EMMC, id.buf, dir.buf);
	component_set(cc->inv, c, FK_DEVICE, 0, name, dir.buf);
	read_type(cc, c, dir.buf, &type);
	bool sdio = !strcmp(type.buf, "sdio"), combo = !strcmp(type.buf, "sd-combo");
	if (!sdio) {
		sysfs_read_attrs(cc, c, dir.buf, card_attrs,
				 sizeof card_attrs / sizeof card_attrs[0], WHAT);
		read_date(cc, c, dir.buf);
	}
	if (sdio || combo)
		sysfs_read_attrs(cc, c, dir.buf, sdio_attrs,
				 sizeof sdio_attrs / sizeof sdio_attrs[0], WHAT);
	strbuf_release(&dir);
	strbuf_release(&id);
	strbuf_release(&type);
}

void collect_emmc(struct collect_ctx *cc)
{
	char **names;
	int n = sysfs_list(cc, MMC_DEVICES, "MMC/SD cards", false, &names);
	for (int i = 0; i < n; i++)
		collect_card(cc, names[i]);
	free_names(names, n > 0 ? n : 0);
}
