/*
 * fleetgen.h — a deterministic generated fleet, for the fleet benchmark
 * (header-only: bench/fleet/gen-fleet.c writes it as collect JSON files,
 * bench/fleet/bench-rescreen.c reads the store it was imported into).
 *
 * Host i is a function of (seed, i) alone, so any host can be regenerated
 * and the same command gives the same fleet.  The mix is what a data centre
 * holds: rack servers of six makes (one in fifty a Huawei TaiShan with
 * HiSilicon PCI functions and a Hi1822 NIC), desktops and laptops; memory
 * modules from Samsung, SK hynix, Micron, Kingston (Micron or SK hynix DRAM),
 * Crucial, Smart Modular and Ramaxel (CXMT DRAM), each with a JEP106 module
 * and DRAM code as SPD stores them; NVMe drives (Samsung, Micron, Solidigm,
 * Intel, Kioxia, YMTC, ZhiTai), SATA drives, NICs, RAID controllers, GPUs and
 * USB devices by their PCI/USB ids.  Between 40 and 200 components a host.
 * Ids are from the identifier sources listed in doc/knowledge.md where it gives them.
 *
 * A component looks like collect's: raw ids with their sysfs/SPD sources,
 * decoded values, serial numbers and locators per instance.
 */
#ifndef BENCH_FLEETGEN_H
#define BENCH_FLEETGEN_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "chipscreen.h"

struct gen {
	uint64_t s;
};

static inline uint64_t gen_next(struct gen *g)
{
	/* splitmix64 */
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline unsigned gen_below(struct gen *g, unsigned n)
{
	return n ? (unsigned)(gen_next(g) % n) : 0;
}

static inline unsigned gen_range(struct gen *g, unsigned lo, unsigned hi)
{
	return lo + gen_below(g, hi - lo + 1);
}

/* An item of a table, chosen by its weight member. */
static inline size_t gen_pick_idx(struct gen *g, const void *arr, size_t n, size_t size,
				  size_t woff)
{
	const char *p = arr;
	unsigned total = 0, w;
	for (size_t i = 0; i < n; i++) {
		memcpy(&w, p + i * size + woff, sizeof w);
		total += w;
	}
	unsigned r = gen_below(g, total);
	size_t i = 0;
	for (; i + 1 < n; i++) {
		memcpy(&w, p + i * size + woff, sizeof w);
		if (r < w)
			break;
		r -= w;
	}
	return i;
}

#define GEN_PICK(g, arr)                                                                           \
	(&(arr)[gen_pick_idx((g), (arr), sizeof(arr) / sizeof((arr)[0]), sizeof((arr)[0]),         \
			     (size_t)((const char *)&(arr)[0].weight - (const char *)&(arr)[0]))])

struct gen_dimm {
	const char *jmod, *jdram, *pn, *mfr, *type;
	unsigned gb, speed, weight;
};

static const struct gen_dimm gen_server_dimms[] = {
	{"80ce", "80ce", "M393A4K40DB3-CWE", "Samsung", "DDR4", 32, 3200, 20},
	{"80ce", "80ce", "M393A2K43DB3-CWE", "Samsung", "DDR4", 16, 3200, 10},
	{"80ce", "80ce", "M321R4GA3BB6-CQKET", "Samsung", "DDR5", 32, 4800, 8},
	{"80ad", "80ad", "HMA84GR7DJR4N-XN", "SK Hynix", "DDR4", 32, 3200, 15},
	{"80ad", "80ad", "HMCG88AGBRA191N", "SK Hynix", "DDR5", 32, 4800, 6},
	{"802c", "802c", "MTA36ASF4G72PZ-3G2R1", "Micron", "DDR4", 32, 3200, 12},
	{"802c", "802c", "MTC20F2085S1RC48BA1", "Micron", "DDR5", 32, 4800, 5},
	{"0198", "802c", "KSM32RD4/32MEI", "Kingston", "DDR4", 32, 3200, 6},
	{"0198", "80ad", "KSM32RD4/32HDR", "Kingston", "DDR4", 32, 3200, 4},
	{"859b", "802c", "CT32G4RFD432A", "Crucial", "DDR4", 32, 3200, 3},
	{"0194", "80ce", "SH564128FJ8NZQNSCG", "Smart Modular", "DDR4", 16, 3200, 2},
	{"0443", "8a91", "RMSA3310MB86HAF-3200", "Ramaxel", "DDR4", 16, 3200, 1},
};

static const struct gen_dimm gen_client_dimms[] = {
	{"80ce", "80ce", "M471A1K43DB1-CWE", "Samsung", "DDR4", 8, 3200, 10},
	{"80ad", "80ad", "HMA81GS6DJR8N-XN", "SK Hynix", "DDR4", 8, 3200, 8},
	{"802c", "802c", "MTA8ATF1G64AZ-3G2R1", "Micron", "DDR4", 8, 3200, 5},
	{"859b", "802c", "CT16G4SFRA32A", "Crucial", "DDR4", 16, 3200, 4},
	{"0198", "80ad", "KVR32S22S8/8", "Kingston", "DDR4", 8, 3200, 4},
	{"0443", "8a91", "RMSA3260MH78HAF-3200", "Ramaxel", "DDR4", 8, 3200, 1},
};

struct gen_nvme {
	const char *vid, *did, *model, *oui, *nqn, *fw;
	unsigned long long bytes;
	unsigned weight;
};

static const struct gen_nvme gen_server_nvme[] = {
	{"144d", "a80a", "SAMSUNG MZQL23T8HCLS-00A07", "002538",
	 "nqn.1994-11.com.samsung:nvme:PM9A3:2.5-inch:", "GDC5602Q", 3840755982336ull, 20},
	{"1344", "51c3", "Micron_7450_MTFDKCC3T8TFS", "00a075",
	 "nqn.2014.08.org.nvmexpress:13441344", "E2MU200", 3840755982336ull, 10},
	{"025e", "0b60", "SOLIDIGM SSDPF2KX038T1", "5cd2e4",
	 "nqn.2021-09.com.solidigm:", "9CV10410", 3840755982336ull, 8},
	{"8086", "0a54", "INTEL SSDPE2KX040T8", "5cd2e4", "nqn.2014.08.org.nvmexpress:80868086",
	 "VDV10184", 4000787030016ull, 8},
	{"1e0f", "0007", "KIOXIA KCD6XLUL3T84", "8ce38e", "nqn.2019-10.com.kioxia:", "GPK6",
	 3840755982336ull, 6},
	{"1e49", "1078", "YMTC PE321 3.84TB", "a428b7", "nqn.2020-07.com.ymtc:", "1.0.2",
	 3840755982336ull, 1},
};

static const struct gen_nvme gen_client_nvme[] = {
	{"144d", "a80a", "Samsung SSD 980 PRO 1TB", "002538",
	 "nqn.1994-11.com.samsung:nvme:980PRO:M.2:", "5B2QGXA7", 1000204886016ull, 10},
	{"c0a9", "540a", "CT1000P3SSD8", "00a075", "nqn.2016-08.com.micron:nvme:nvm-subsystem-sn-",
	 "P9CR30A", 1000204886016ull, 5},
	{"1e49", "0071", "ZHITAI TiPlus7100 1TB", "a428b7", "nqn.2020-07.com.ymtc:", "ZTA09139",
	 1000204886016ull, 2},
	{"15b7", "5006", "WD_BLACK SN850X 1000GB", "001b44",
	 "nqn.2018-01.com.wdc:nguid:", "620311WD", 1000204886016ull, 5},
};

struct gen_disk {
	const char *model, *oui, *fw;
	unsigned long long bytes;
	unsigned weight;
};

static const struct gen_disk gen_disks[] = {
	{"ST8000NM000A-2KE101", "000c50", "SN04", 8001563222016ull, 10},
	{"SAMSUNG MZ7LH960HAJR-00005", "002538", "HXT7904Q", 960197124096ull, 8},
	{"Micron_5300_MTFDDAK960TDS", "00a075", "D3MU001", 960197124096ull, 6},
	{"WUH721816ALE6L4", "000cca", "PCGNW232", 16000900661248ull, 6},
	{"TOSHIBA MG08ACA16TE", "000039", "0102", 16000900661248ull, 5},
};

struct gen_pci {
	const char *vid, *did, *cls;
	unsigned weight;
};

static const struct gen_pci gen_nics[] = {
	{"8086", "1572", "020000", 20}, /* Intel X710 */
	{"8086", "1593", "020000", 12}, /* Intel E810 */
	{"15b3", "1017", "020000", 15}, /* Mellanox ConnectX-5 */
	{"15b3", "101b", "020700", 6},  /* ConnectX-6 InfiniBand */
	{"14e4", "16d7", "020000", 12}, /* Broadcom BCM57414 */
	{"19e5", "1822", "020000", 1},  /* Huawei Hi1822 */
};

static const struct gen_pci gen_extras[] = {
	{"1000", "0014", "010400", 10}, /* Broadcom MegaRAID */
	{"10de", "20b2", "030200", 2},  /* NVIDIA A100 */
	{"1a03", "2000", "030000", 10}, /* ASPEED BMC graphics */
	{"102b", "0536", "030000", 4},  /* Matrox G200eR */
};

struct gen_platform {
	const char *vendor, *product, *board, *bios_vendor, *cpu, *cpu_mfr;
	const char *chip_vid; /* the chipset's PCI vendor */
	const char *subvid;   /* OEM subsystem vendor */
	unsigned weight;
	int server;
};

static const struct gen_platform gen_platforms[] = {
	{"Dell Inc.", "PowerEdge R650", "0PYXKY", "Dell Inc.",
	 "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", "Intel(R) Corporation", "8086", "1028", 20, 1},
	{"HPE", "ProLiant DL380 Gen10 Plus", "ProLiant DL380 Gen10 Plus", "HPE",
	 "Intel(R) Xeon(R) Gold 6330 CPU @ 2.00GHz", "Intel(R) Corporation", "8086", "1590", 18, 1},
	{"Lenovo", "ThinkSystem SR650 V2", "7Z73CTO1WW", "Lenovo",
	 "Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz", "Intel(R) Corporation", "8086", "17aa", 12,
	 1},
	{"Supermicro", "AS -2024US-TRT", "H12DSU-iN", "American Megatrends Inc.",
	 "AMD EPYC 7543 32-Core Processor", "Advanced Micro Devices, Inc.", "1022", "15d9", 10, 1},
	{"Inspur", "NF5280M6", "YZMB-02103-101", "American Megatrends International, LLC.",
	 "Intel(R) Xeon(R) Gold 5318Y CPU @ 2.10GHz", "Intel(R) Corporation", "8086", "1bd4", 6, 1},
	{"Huawei", "TaiShan 200 (Model 2280)", "BC82AMDDA", "Huawei Technologies Co., Ltd.",
	 "Kunpeng 920-4826", "HiSilicon", "19e5", "19e5", 2, 1},
	{"Dell Inc.", "OptiPlex 7090", "0W9FHX", "Dell Inc.",
	 "11th Gen Intel(R) Core(TM) i7-11700 @ 2.50GHz", "Intel(R) Corporation", "8086", "1028",
	 18, 0},
	{"LENOVO", "20XW0055GE", "20XW0055GE", "LENOVO",
	 "11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz", "Intel(R) Corporation", "8086", "17aa",
	 14, 0},
};

struct gen_usb {
	const char *vid, *pid, *cls, *product;
	unsigned weight;
};

static const struct gen_usb gen_usbs[] = {
	{"046b", "ff10", "00", "Virtual Keyboard and Mouse", 10},
	{"413c", "a102", "00", "iDRAC Virtual NIC USB Device", 4},
	{"0951", "1666", "00", "DataTraveler 3.0", 3},
	{"046d", "c31c", "00", "USB Keyboard", 4},
	{"12d1", "15c1", "02", "ME906s LTE M.2 Module", 1},
};

static inline void gen_set(struct inventory *inv, struct component *c, enum fkey k, unsigned flags,
			   const char *v, const char *src)
{
	component_set(inv, c, k, flags, v, src);
}

/* A value as read (raw) and as decoded, as collect keeps most of them. */
static inline void gen_both(struct inventory *inv, struct component *c, enum fkey k,
			    const char *raw, const char *dec, const char *src)
{
	if (raw)
		component_set(inv, c, k, FIELD_RAW, raw, src);
	if (dec)
		component_set(inv, c, k, 0, dec, src);
}

static inline void gen_extra(struct inventory *inv, struct component *c, const char *name,
			     unsigned flags, const char *v, const char *src)
{
	component_set_extra(inv, c, name, flags, v, src);
}

/* The six ids of a PCI function, raw ("0x8086") and decoded ("8086"),
 * each from its sysfs attribute. */
static inline void gen_pci_ids(struct inventory *inv, struct component *c, const char *dir,
			       const char *const vals[6])
{
	static const char *const keys[] = {"vendor",           "device", "subsystem_vendor",
					   "subsystem_device", "class",  "revision"};
	static const enum fkey fk[] = {FK_PCI_VENDOR,    FK_PCI_DEVICE, FK_PCI_SUBVENDOR,
				       FK_PCI_SUBDEVICE, FK_PCI_CLASS,  FK_PCI_REVISION};
	char src[96], v[16];
	for (int i = 0; i < 6; i++) {
		snprintf(src, sizeof src, "%s/%s", dir, keys[i]);
		snprintf(v, sizeof v, "0x%s", vals[i]);
		gen_both(inv, c, fk[i], v, vals[i], src);
	}
}

static inline void gen_pci_comp(struct inventory *inv, struct gen *g, unsigned bus, unsigned dev,
				unsigned fn, const char *vid, const char *did, const char *cls,
				const char *subvid)
{
	char addr[16], id[24], dir[64], sub[8];
	snprintf(addr, sizeof addr, "0000:%02x:%02x.%x", bus & 0xff, dev & 0x1f, fn & 7);
	snprintf(id, sizeof id, "pci/%s", addr);
	snprintf(dir, sizeof dir, "/sys/bus/pci/devices/%s", addr);
	snprintf(sub, sizeof sub, "%04x",
		 0x0100 + gen_below(g, 4) * 0x100 + (unsigned)(dev & 0xff));
	struct component *c = inventory_add(inv, KIND_PCI, id, dir);
	gen_set(inv, c, FK_PCI_ADDRESS, 0, addr, dir);
	const char *vals[] = {vid, did, subvid, sub, cls, "04"};
	gen_pci_ids(inv, c, dir, vals);
}

/* The chipset's functions: bridges, root ports and peripherals. */
static inline unsigned gen_chipset(struct inventory *inv, struct gen *g,
				   const struct gen_platform *p, unsigned n)
{
	static const char *const classes[] = {"060400", "060400", "060400", "088000",
					      "088000", "0c0330", "010601", "0c0500",
					      "060100", "110100", "050000", "0c8000"};
	unsigned made = 0;
	for (unsigned i = 0; i < n; i++) {
		char did[8];
		unsigned k = i % (sizeof classes / sizeof classes[0]);
		/* a platform has a fixed set of device ids: the host picks how many */
		snprintf(did, sizeof did, "%04x",
			 (strcmp(p->chip_vid, "8086") ? 0x1450 : 0x09a0) + i);
		gen_pci_comp(inv, g, i / 8, i % 32, i % 8, p->chip_vid, did, classes[k], p->subvid);
		made++;
	}
	return made;
}

/* A manufacture week: SPD's two BCD bytes ("2118": 2021, week 18) and ISO. */
static inline void gen_week(struct gen *g, unsigned base, char *raw, char *iso, size_t n)
{
	unsigned w = base + gen_below(g, 3);
	unsigned year = 2018 + w / 52 % 7, week = 1 + w % 52;
	snprintf(raw, n, "%02u%02u", year % 100, week);
	snprintf(iso, n, "%u-W%02u", year, week);
}

/* A memory module as collect reads it: SMBIOS type 17 and the SPD EEPROM. */
static inline void gen_dimm(struct inventory *inv, struct gen *g, const struct gen_dimm *d,
			    unsigned slot, unsigned week_base)
{
	char id[32], loc[24], bank[40], dmi[64], eeprom[64], src[96], dev[16];
	char serial[16], wraw[16], week[16], size[32], speed[16], jmod[8], jdram[8];
	unsigned cpu = slot / 16 + 1;
	snprintf(loc, sizeof loc, "CPU%u_DIMM_%c%u", cpu, 'A' + slot / 2 % 8, slot % 2 + 1);
	snprintf(bank, sizeof bank, "P%u_Node%u_Channel%u_Dimm%u", cpu - 1, slot / 8 % 2,
		 slot / 2 % 4, slot % 2);
	snprintf(id, sizeof id, "dimm/%s", loc);
	snprintf(dmi, sizeof dmi, "/sys/firmware/dmi/tables/DMI#type=17,handle=0x%04x",
		 0x1100 + slot);
	snprintf(dev, sizeof dev, "%u-%04x", slot / 8, 0x50 + slot % 8);
	snprintf(eeprom, sizeof eeprom, "/sys/bus/i2c/devices/%s/eeprom", dev);
	struct component *c = inventory_add(inv, KIND_DIMM, id, dmi);
	/* JEP106 codes as SPD stores them, upper case as SMBIOS 3.2+ prints them */
	for (int i = 0; i < 5; i++) {
		jmod[i] = (char)(d->jmod[i] >= 'a' ? d->jmod[i] - 32 : d->jmod[i]);
		jdram[i] = (char)(d->jdram[i] >= 'a' ? d->jdram[i] - 32 : d->jdram[i]);
	}
	snprintf(serial, sizeof serial, "%08X", (unsigned)gen_next(g));
	gen_week(g, week_base, wraw, week, sizeof week);
	snprintf(size, sizeof size, "%llu", (unsigned long long)d->gb << 30);
	snprintf(speed, sizeof speed, "%u", d->speed);
	gen_both(inv, c, FK_LOCATOR, loc, loc, dmi);
	gen_both(inv, c, FK_BANK_LOCATOR, bank, bank, dmi);
	gen_both(inv, c, FK_SIZE_BYTES, NULL, size, dmi);
	gen_both(inv, c, FK_FORM_FACTOR, "0x09", "DIMM", dmi);
	gen_both(inv, c, FK_MEMORY_TYPE, strcmp(d->type, "DDR5") ? "0x1A" : "0x22", d->type, dmi);
	gen_both(inv, c, FK_SPEED_MTS, NULL, speed, dmi);
	gen_both(inv, c, FK_MANUFACTURER, d->mfr, d->mfr, dmi);
	gen_both(inv, c, FK_SERIAL, serial, serial, dmi);
	gen_both(inv, c, FK_PART_NUMBER, d->pn, d->pn, dmi);
	gen_both(inv, c, FK_RANKS, NULL, d->gb >= 32 ? "2" : "1", dmi);
	gen_extra(inv, c, "configured_speed_mts", 0, speed, dmi);
	gen_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, jmod, dmi);
	snprintf(src, sizeof src, "%s#350-351", eeprom);
	gen_set(inv, c, FK_JEDEC_DRAM, FIELD_RAW, jdram, src);
	snprintf(src, sizeof src, "%s#133-134", eeprom);
	gen_set(inv, c, FK_JEDEC_REGISTER, FIELD_RAW, "80B3", src);
	snprintf(src, sizeof src, "%s#323-324", eeprom);
	gen_both(inv, c, FK_MANUFACTURE_DATE, wraw, week, src);
	snprintf(src, sizeof src, "%s#352", eeprom);
	gen_extra(inv, c, "dram_stepping", FIELD_RAW, "00", src);
	snprintf(src, sizeof src, "%s#126-127,254-255", eeprom);
	gen_set(inv, c, FK_SPD_CRC, 0, "ok", src);
	gen_set(inv, c, FK_DEVICE, 0, dev, eeprom);
}

/* An NVMe controller and its PCI function: one drive (collect/nvme.c). */
static inline void gen_nvme(struct inventory *inv, struct gen *g, const struct gen_nvme *m,
			    unsigned n)
{
	char id[24], dir[48], pdir[64], src[96], serial[24], rserial[32], rmodel[48], nqn[160];
	char wwid[64], eui[40], size[32], dev[16], addr[16], pcomp[24], subsys[24], cls[8];
	snprintf(dev, sizeof dev, "nvme%u", n);
	snprintf(id, sizeof id, "nvme/%s", dev);
	snprintf(dir, sizeof dir, "/sys/class/nvme/%s", dev);
	snprintf(addr, sizeof addr, "0000:%02x:00.0", 0x3b + n);
	snprintf(pdir, sizeof pdir, "/sys/bus/pci/devices/%s", addr);
	snprintf(pcomp, sizeof pcomp, "pci/%s", addr);
	snprintf(subsys, sizeof subsys, "nvme-subsys%u", n);
	struct component *c = inventory_add(inv, KIND_NVME, id, dir);
	snprintf(serial, sizeof serial, "S%012llX", (unsigned long long)(gen_next(g) >> 16));
	/* sysfs pads the identify strings with spaces: 20 and 40 bytes */
	snprintf(rserial, sizeof rserial, "%-20s", serial);
	snprintf(rmodel, sizeof rmodel, "%-40s", m->model);
	snprintf(src, sizeof src, "%s/model", dir);
	gen_both(inv, c, FK_MODEL, rmodel, m->model, src);
	snprintf(src, sizeof src, "%s/serial", dir);
	gen_both(inv, c, FK_SERIAL, rserial, serial, src);
	snprintf(src, sizeof src, "%s/firmware_rev", dir);
	gen_both(inv, c, FK_FIRMWARE, m->fw, m->fw, src);
	snprintf(nqn, sizeof nqn, "%s%s", m->nqn, serial);
	snprintf(src, sizeof src, "%s/subsysnqn", dir);
	gen_both(inv, c, FK_NVME_SUBSYSNQN, nqn, nqn, src);
	snprintf(src, sizeof src, "%s/transport", dir);
	gen_both(inv, c, FK_TRANSPORT, "pcie", "pcie", src);
	snprintf(src, sizeof src, "%s/cntlid", dir);
	gen_extra(inv, c, "cntlid", FIELD_RAW, "1", src);
	gen_extra(inv, c, "cntlid", 0, "1", src);
	gen_set(inv, c, FK_DEVICE, 0, dev, dir);
	snprintf(src, sizeof src, "%s/address", dir);
	gen_both(inv, c, FK_PCI_ADDRESS, addr, addr, src);
	gen_extra(inv, c, "nvme_subsystem", 0, subsys, dir);
	snprintf(cls, sizeof cls, "010802");
	const char *vals[] = {m->vid, m->did, m->vid, m->did, cls, "00"};
	gen_pci_ids(inv, c, pdir, vals);
	unsigned long long ext = gen_next(g) & 0xffffffffffull;
	snprintf(wwid, sizeof wwid, "eui.%s%010llx", m->oui, ext);
	snprintf(src, sizeof src, "%s/%sn1/wwid", dir, dev);
	gen_both(inv, c, FK_WWID, wwid, wwid, src);
	snprintf(eui, sizeof eui, "%.2s %.2s %.2s %02llx %02llx %02llx %02llx %02llx", m->oui,
		 m->oui + 2, m->oui + 4, ext >> 32 & 0xff, ext >> 24 & 0xff, ext >> 16 & 0xff,
		 ext >> 8 & 0xff, ext & 0xff);
	snprintf(src, sizeof src, "%s/%sn1/eui", dir, dev);
	gen_set(inv, c, FK_EUI64, FIELD_RAW, eui, src);
	snprintf(eui, sizeof eui, "%s%010llx", m->oui, ext);
	gen_set(inv, c, FK_EUI64, 0, eui, src);
	gen_set(inv, c, FK_IEEE_OUI, 0, m->oui, src);
	snprintf(size, sizeof size, "%llu", m->bytes);
	snprintf(src, sizeof src, "%s/%sn1/size", dir, dev);
	gen_set(inv, c, FK_SIZE_BYTES, 0, size, src);
	gen_extra(inv, c, "pci_component", 0, pcomp, pdir);
}

/* A SATA drive behind the chipset's AHCI controller (collect/block.c). */
static inline void gen_disk(struct inventory *inv, struct gen *g, const struct gen_disk *d,
			    unsigned n)
{
	char id[24], dir[48], src[96], serial[24], wwid[40], size[32], dev[8], path[128];
	snprintf(dev, sizeof dev, "sd%c", 'a' + n % 26);
	snprintf(id, sizeof id, "disk/%s", dev);
	snprintf(dir, sizeof dir, "/sys/block/%s", dev);
	snprintf(path, sizeof path,
		 "/sys/devices/pci0000:00/0000:00:17.0/ata%u/host%u/target%u:0:0/%u:0:0:0/block/%s",
		 n + 1, n, n, n, dev);
	struct component *c = inventory_add(inv, KIND_DISK, id, dir);
	gen_extra(inv, c, "sysfs_path", FIELD_RAW, path, dir);
	gen_set(inv, c, FK_DEVICE, 0, dev, dir);
	gen_set(inv, c, FK_TRANSPORT, 0, "sata", dir);
	gen_extra(inv, c, "host_pci_address", 0, "0000:00:17.0", dir);
	snprintf(src, sizeof src, "%s/device/vendor", dir);
	gen_set(inv, c, FK_MANUFACTURER, FIELD_RAW, "ATA     ", src);
	snprintf(src, sizeof src, "%s/device/model", dir);
	gen_both(inv, c, FK_MODEL, d->model, d->model, src);
	snprintf(src, sizeof src, "%s/device/rev", dir);
	gen_both(inv, c, FK_FIRMWARE, d->fw, d->fw, src);
	snprintf(wwid, sizeof wwid, "naa.5%s%09llx", d->oui,
		 (unsigned long long)(gen_next(g) & 0xfffffffffull));
	snprintf(src, sizeof src, "%s/device/wwid", dir);
	gen_both(inv, c, FK_WWID, wwid, wwid, src);
	snprintf(serial, sizeof serial, "ZL%08X", (unsigned)gen_next(g));
	snprintf(src, sizeof src, "%s/device/vpd_pg80", dir);
	gen_both(inv, c, FK_SERIAL, serial, serial, src);
	snprintf(src, sizeof src, "%s/device/wwid", dir);
	gen_set(inv, c, FK_IEEE_OUI, 0, d->oui, src);
	snprintf(size, sizeof size, "%llu", d->bytes);
	snprintf(src, sizeof src, "%s/size", dir);
	gen_set(inv, c, FK_SIZE_BYTES, 0, size, src);
}

static inline void gen_usb(struct inventory *inv, const struct gen_usb *u, unsigned port)
{
	char id[24], dir[48], src[80], dev[16];
	snprintf(dev, sizeof dev, "1-%u", port);
	snprintf(id, sizeof id, "usb/%s", dev);
	snprintf(dir, sizeof dir, "/sys/bus/usb/devices/%s", dev);
	struct component *c = inventory_add(inv, KIND_USB, id, dir);
	gen_set(inv, c, FK_DEVICE, 0, dev, dir);
	snprintf(src, sizeof src, "%s/idVendor", dir);
	gen_both(inv, c, FK_USB_VENDOR, u->vid, u->vid, src);
	snprintf(src, sizeof src, "%s/idProduct", dir);
	gen_both(inv, c, FK_USB_PRODUCT, u->pid, u->pid, src);
	snprintf(src, sizeof src, "%s/bcdDevice", dir);
	gen_both(inv, c, FK_USB_BCD_DEVICE, "0100", "0100", src);
	snprintf(src, sizeof src, "%s/bDeviceClass", dir);
	gen_both(inv, c, FK_USB_CLASS, u->cls, u->cls, src);
	snprintf(src, sizeof src, "%s/product", dir);
	gen_both(inv, c, FK_PRODUCT, u->product, u->product, src);
	gen_extra(inv, c, "host_pci_address", 0, "0000:00:14.0", dir);
}

static inline void gen_smbios(struct inventory *inv, const struct gen_platform *p,
			      const char *serial, const char *uuid, unsigned ncpu)
{
	char src[64], raw_uuid[40];
	/* SMBIOS stores the UUID's first three fields little-endian; the raw
	 * value is the 16 bytes in table order */
	size_t k = 0;
	for (const char *q = uuid; *q && k + 1 < sizeof raw_uuid; q++)
		if (*q != '-')
			raw_uuid[k++] = (char)(*q >= 'a' ? *q - 32 : *q);
	raw_uuid[k] = '\0';
	snprintf(src, sizeof src, "/sys/firmware/dmi/tables/DMI#type=0,handle=0x0000");
	struct component *c = inventory_add(inv, KIND_BIOS, "bios", src);
	gen_both(inv, c, FK_MANUFACTURER, p->bios_vendor, p->bios_vendor, src);
	gen_both(inv, c, FK_VERSION, p->server ? "2.17.1" : "1.21.0",
		 p->server ? "2.17.1" : "1.21.0", src);
	gen_extra(inv, c, "release_date", FIELD_RAW, "04/18/2024", src);
	gen_extra(inv, c, "release_date", 0, "2024-04-18", src);
	gen_set(inv, c, FK_REVISION, 0, p->server ? "2.17" : "1.21", src);
	snprintf(src, sizeof src, "/sys/firmware/dmi/tables/DMI#type=1,handle=0x0100");
	c = inventory_add(inv, KIND_SYSTEM, "system", src);
	gen_both(inv, c, FK_MANUFACTURER, p->vendor, p->vendor, src);
	gen_both(inv, c, FK_PRODUCT, p->product, p->product, src);
	gen_both(inv, c, FK_SERIAL, serial, serial, src);
	gen_both(inv, c, FK_UUID, raw_uuid, uuid, src);
	snprintf(src, sizeof src, "/sys/firmware/dmi/tables/DMI#type=2,handle=0x0200");
	c = inventory_add(inv, KIND_BASEBOARD, "baseboard", src);
	gen_both(inv, c, FK_MANUFACTURER, p->vendor, p->vendor, src);
	gen_both(inv, c, FK_PRODUCT, p->board, p->board, src);
	gen_both(inv, c, FK_SERIAL, serial, serial, src);
	snprintf(src, sizeof src, "/sys/firmware/dmi/tables/DMI#type=3,handle=0x0300");
	c = inventory_add(inv, KIND_CHASSIS, "chassis", src);
	gen_both(inv, c, FK_MANUFACTURER, p->vendor, p->vendor, src);
	gen_both(inv, c, FK_FORM_FACTOR, p->server ? "0x17" : "0x03",
		 p->server ? "Rack Mount Chassis" : "Desktop", src);
	gen_both(inv, c, FK_SERIAL, serial, serial, src);
	for (unsigned i = 0; i < ncpu; i++) {
		char id[16], sock[8];
		snprintf(sock, sizeof sock, "CPU%u", i + 1);
		snprintf(id, sizeof id, "cpu/%s", sock);
		snprintf(src, sizeof src, "/sys/firmware/dmi/tables/DMI#type=4,handle=0x%04x",
			 0x0400 + i);
		c = inventory_add(inv, KIND_CPU, id, src);
		gen_both(inv, c, FK_SOCKET, sock, sock, src);
		gen_both(inv, c, FK_MANUFACTURER, p->cpu_mfr, p->cpu_mfr, src);
		gen_both(inv, c, FK_MODEL, p->cpu, p->cpu, src);
		gen_extra(inv, c, "processor_id", FIELD_RAW, "57 06 05 00 FF FB EB BF", src);
		gen_extra(inv, c, "max_speed_mhz", 0, "4000", src);
		gen_extra(inv, c, "core_count", 0, p->server ? "32" : "8", src);
	}
}

/*
 * Host i of the fleet.  round > 0 changes about one host in fifty (a drive
 * swapped, memory added), as a second collection a month later would.
 */
static inline struct inventory *gen_host(uint64_t seed, unsigned i, unsigned round)
{
	struct gen g = {seed * 0x100000001b3ull + i};
	struct inventory *inv = inventory_new();
	const struct gen_platform *p = GEN_PICK(&g, gen_platforms);
	char name[48], serial[24], uuid[40], when[32];
	snprintf(name, sizeof name, "%s%06u.dc%u.example.net", p->server ? "srv" : "ws", i,
		 i % 7 + 1);
	snprintf(serial, sizeof serial, "%c%07X", p->server ? 'S' : 'W', i * 2654435761u >> 4);
	uint64_t u1 = gen_next(&g), u2 = gen_next(&g);
	snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-a%03x-%012llx", (unsigned)(u1 >> 32),
		 (unsigned)(u1 >> 16) & 0xffff, (unsigned)u1 & 0xfff, (unsigned)(u2 >> 52),
		 (unsigned long long)(u2 & 0xffffffffffffull));
	snprintf(when, sizeof when, "2025-06-%02uT%02u:%02u:00Z", 1 + round % 28, i % 24, i % 60);
	inv->host.hostname = inventory_strdup(inv, name);
	inv->host.vendor = p->vendor;
	inv->host.product = p->product;
	inv->host.serial = inventory_strdup(inv, serial);
	inv->host.uuid = inventory_strdup(inv, uuid);
	inv->host.collected_at = inventory_strdup(inv, when);
	inv->host.collector = "chipscreen collect " CHIPSCREEN_VERSION;
	inv->host.root = "/";
	inv->host.smbios_version = "3.3.0";
	inv->host.is_root = true;
	bool changed = round && gen_below(&g, 50) == 0;
	unsigned ncpu = p->server ? 2 : 1;
	gen_smbios(inv, p, serial, uuid, ncpu);
	unsigned target = p->server ? gen_range(&g, 60, 200) : gen_range(&g, 40, 64);
	unsigned week = gen_below(&g, 52 * 7);
	if (p->server) {
		const struct gen_dimm *d = GEN_PICK(&g, gen_server_dimms);
		unsigned nd = 8u << gen_below(&g, 3); /* 8, 16 or 32 */
		if (changed)
			nd += 2;
		for (unsigned k = 0; k < nd; k++)
			gen_dimm(inv, &g, d, k, week);
		const struct gen_nvme *m = GEN_PICK(&g, gen_server_nvme);
		unsigned nn = gen_below(&g, 9);
		for (unsigned k = 0; k < nn; k++)
			gen_nvme(inv, &g, changed && k == 0 ? &gen_server_nvme[0] : m, k);
		const struct gen_disk *dk = GEN_PICK(&g, gen_disks);
		unsigned ns = nn ? gen_below(&g, 4) : gen_range(&g, 2, 12);
		for (unsigned k = 0; k < ns; k++)
			gen_disk(inv, &g, dk, k);
		unsigned bus = 0x17;
		const struct gen_pci *nic = GEN_PICK(&g, gen_nics);
		if (!strcmp(p->chip_vid, "19e5"))
			nic = &gen_nics[5]; /* TaiShan: the Hi1822 */
		for (unsigned k = 0; k < 2; k++)
			gen_pci_comp(inv, &g, bus + k, 0, 0, nic->vid, nic->did, nic->cls,
				     p->subvid);
		for (unsigned k = 0; k < 2; k++) {
			const struct gen_pci *x = GEN_PICK(&g, gen_extras);
			gen_pci_comp(inv, &g, bus + 4 + k, 0, 0, x->vid, x->did, x->cls, p->subvid);
		}
	} else {
		const struct gen_dimm *d = GEN_PICK(&g, gen_client_dimms);
		unsigned nd = 2 + 2 * gen_below(&g, 2);
		for (unsigned k = 0; k < nd; k++)
			gen_dimm(inv, &g, d, k, week);
		const struct gen_nvme *m = GEN_PICK(&g, gen_client_nvme);
		gen_nvme(inv, &g, m, 0);
		if (gen_below(&g, 4) == 0)
			gen_disk(inv, &g, GEN_PICK(&g, gen_disks), 0);
	}
	unsigned nu = p->server ? gen_range(&g, 2, 4) : gen_range(&g, 3, 6);
	for (unsigned k = 0; k < nu; k++)
		gen_usb(inv, GEN_PICK(&g, gen_usbs), k + 1);
	unsigned have = (unsigned)inv->ncomps;
	gen_chipset(inv, &g, p, target > have ? target - have : 4);
	return inv;
}

#endif
