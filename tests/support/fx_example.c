/*
 * fx_example.c — the example server (fx_example.h), described as data.
 *
 * The story the parts tell: a 2U Cascade Lake server bought in 2019 with
 * four Micron 32 GiB RDIMMs, given four Kingston 32 GiB RDIMMs in 2024, a
 * ZhiTai NVMe SSD for scratch and a Huawei 25GE card.  SMBIOS lists all 24
 * slots, 8 populated; the SPD EEPROMs of the 8 modules sit on SMBus 0 at
 * 0x50-0x57 behind ee1004, and each SMBIOS memory device carries the same
 * serial number and part number as its SPD image, so collect joins them.
 *
 * Names and numbers are chosen to be plausible for the hardware they
 * describe (PCI ids that hwdata's pci.ids knows, part numbers of the makers'
 * forms, JEP106 codes as stored) and obviously fake where they identify one
 * unit (serials, UUID, hostname).
 */
#include "fx_example.h"
#include "fx_smbios.h"
#include "fx_spd.h"
#include "fx_sysfs.h"
#include "testutil.h"

#include "collect/capture.h"
#include "util/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- memory ---- */

/* JEP106 codes as stored in SPD (continuation count with parity, id). */
#define MICRON   0x80, 0x2C
#define KINGSTON 0x01, 0x98
#define IDT      0x80, 0xB3 /* registering clock driver */

/* The same codes as the SMBIOS Module Manufacturer ID word (little-endian). */
#define SMBIOS_MICRON   0x2C80
#define SMBIOS_KINGSTON 0x9801

struct module {
	const char *slot; /* SMBIOS device locator */
	int spd_addr;     /* SPD EEPROM address on SMBus 0 */
	const char *maker, *part;
	uint16_t smbios_mfr;
	uint8_t module_maker[2], dram_maker[2];
	uint32_t serial;
	int year, week;
};

/* Micron MTA36ASF4G72PZ-3G2E1: 32 GB DDR4-3200 RDIMM, 2Rx4, 8 Gbit E-die.
 * Kingston KSM32RD4/32MRR: 32 GB DDR4-3200 RDIMM, 2Rx4, Micron R-die. */
/* clang-format off */
static const struct module modules[] = {
	{"CPU1_DIMM_A1", 0x50, "Micron Technology", "MTA36ASF4G72PZ-3G2E1", SMBIOS_MICRON,
	 {MICRON}, {MICRON}, 0x0EBB0001, 2019, 18},
	{"CPU1_DIMM_B1", 0x51, "Kingston", "KSM32RD4/32MRR", SMBIOS_KINGSTON,
	 {KINGSTON}, {MICRON}, 0x0EAA0001, 2024, 9},
	{"CPU1_DIMM_D1", 0x52, "Micron Technology", "MTA36ASF4G72PZ-3G2E1", SMBIOS_MICRON,
	 {MICRON}, {MICRON}, 0x0EBB0002, 2019, 18},
	{"CPU1_DIMM_E1", 0x53, "Kingston", "KSM32RD4/32MRR", SMBIOS_KINGSTON,
	 {KINGSTON}, {MICRON}, 0x0EAA0002, 2024, 9},
	{"CPU2_DIMM_A1", 0x54, "Micron Technology", "MTA36ASF4G72PZ-3G2E1", SMBIOS_MICRON,
	 {MICRON}, {MICRON}, 0x0EBB0003, 2019, 21},
	{"CPU2_DIMM_B1", 0x55, "Kingston", "KSM32RD4/32MRR", SMBIOS_KINGSTON,
	 {KINGSTON}, {MICRON}, 0x0EAA0003, 2024, 11},
	{"CPU2_DIMM_D1", 0x56, "Micron Technology", "MTA36ASF4G72PZ-3G2E1", SMBIOS_MICRON,
	 {MICRON}, {MICRON}, 0x0EBB0004, 2019, 21},
	{"CPU2_DIMM_E1", 0x57, "Kingston", "KSM32RD4/32MRR", SMBIOS_KINGSTON,
	 {KINGSTON}, {MICRON}, 0x0EAA0004, 2024, 11},
};
/* clang-format on */
#define NMODULES (sizeof modules / sizeof modules[0])

/* Two sockets, six channels A-F, two slots per channel. */
#define NSLOTS 24

static const struct module *module_in(const char *slot)
{
	for (size_t i = 0; i < NMODULES; i++)
		if (!strcmp(modules[i].slot, slot))
			return &modules[i];
	return NULL;
}

/* SMBIOS memory devices for every slot; the strings live in names. */
static void slots(struct fx_dimm *d, char names[][2][48], char serials[][9])
{
	for (int i = 0; i < NSLOTS; i++) {
		int cpu = i / 12, ch = i % 12 / 2, n = i % 2;
		snprintf(names[i][0], sizeof names[i][0], "CPU%d_DIMM_%c%d", cpu + 1, 'A' + ch,
			 n + 1);
		snprintf(names[i][1], sizeof names[i][1], "P%d_Node%d_Channel%d_Dimm%d", cpu,
			 ch / 3, ch % 3, n);
		d[i] = (struct fx_dimm){.locator = names[i][0],
					.bank_locator = names[i][1],
					.form_factor = FX_FF_DIMM,
					.memory_type = FX_MEM_DDR4};
		const struct module *m = module_in(names[i][0]);
		if (!m)
			continue; /* empty slot: size 0 */
		snprintf(serials[i], sizeof serials[i], "%08X", (unsigned)m->serial);
		d[i].size_bytes = 32ull << 30;
		d[i].speed = 3200;
		d[i].configured_speed = 2933; /* what Cascade Lake runs at */
		d[i].rank = 2;
		d[i].manufacturer = m->maker;
		d[i].serial = serials[i];
		d[i].part_number = m->part;
		d[i].module_mfr_id = m->smbios_mfr;
	}
}

static void install_spd(const char *root)
{
	for (size_t i = 0; i < NMODULES; i++) {
		const struct module *m = &modules[i];
		struct fx_spd s = {
			.type = FX_DDR4,
			.module = FX_RDIMM,
			.module_maker = {m->module_maker[0], m->module_maker[1]},
			.dram_maker = {m->dram_maker[0], m->dram_maker[1]},
			.register_maker = {IDT},
			.part = m->part,
			.serial = m->serial,
			.year = m->year,
			.week = m->week,
			.die_gbit = 8,
			.width = 4,
			.ranks = 2,
			.ecc = true,
		};
		fx_spd_install(root, 0, m->spd_addr, &s);
	}
}

/* ---- firmware: SMBIOS 3.3 ---- */

static const struct fx_cpu cpus[] = {
	{.socket = "CPU1",
	 .manufacturer = "Intel(R) Corporation",
	 .version = "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz",
	 .id = 0xBFEBFBFF00050657ull, /* CPUID 0x50657: Cascade Lake */
	 .max_speed = 4000,
	 .core_count = 20,
	 .family = 0xB3}, /* Intel Xeon */
	{.socket = "CPU2",
	 .manufacturer = "Intel(R) Corporation",
	 .version = "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz",
	 .id = 0xBFEBFBFF00050657ull,
	 .max_speed = 4000,
	 .core_count = 20,
	 .family = 0xB3},
};

static void write_firmware(const char *root)
{
	struct fx_dimm dimms[NSLOTS];
	char names[NSLOTS][2][48], serials[NSLOTS][9];
	slots(dimms, names, serials);
	struct fx_smbios m = {
		.major = 3,
		.minor = 3,
		.bios = {.vendor = "Example Systems",
			 .version = "3.4.1",
			 .date = "04/18/2024",
			 .major = 3,
			 .minor = 4},
		.system = {.manufacturer = "Example Systems",
			   .product = "ES-2200 R2",
			   .version = "A01",
			   .serial = "EXS2U0000042",
			   .sku = "ES2200-R2-BASE",
			   .family = "ES-2000",
			   .uuid = "4578616d-706c-6553-7973-000000000042"},
		.board = {.manufacturer = "Example Systems",
			  .product = "ES-MB-C621",
			  .version = "1.02",
			  .serial = "EXMB00000042"},
		.chassis = {.manufacturer = "Example Systems",
			    .version = "2U",
			    .serial = "EXCH00000042",
			    .asset_tag = "ASSET-0042",
			    .type = 0x17}, /* rack mount chassis */
		.cpus = cpus,
		.ncpus = sizeof cpus / sizeof cpus[0],
		.dimms = dimms,
		.ndimms = NSLOTS,
	};
	fx_smbios_write(&m, root, NULL);
	fx_smbios_write_dmi_id(&m, root);
}

/* ---- devices ---- */

#define ROOT_PORT_3A "0000:3a:00.0"
#define ROOT_PORT_5D "0000:5d:00.0"
#define PCH_PORT     "0000:00:1c.0"
#define AST_BRIDGE   "0000:01:00.0"
#define SATA         "0000:00:17.0"
#define XHCI         "0000:00:14.0"

static const struct fx_pci pci[] = {
	/* C620 (Lewisburg) chipset and the Sky Lake-E/Cascade Lake uncore */
	{"0000:00:00.0", NULL, "0x8086", "0x2020", "0x8086", "0x0000", "0x060000", "0x07"},
	{"0000:00:11.5", NULL, "0x8086", "0xa1d2", "0x8086", "0x0000", "0x010601", "0x09"},
	{XHCI, NULL, "0x8086", "0xa1af", "0x8086", "0x0000", "0x0c0330", "0x09"},
	{SATA, NULL, "0x8086", "0xa182", "0x8086", "0x0000", "0x010601", "0x09"},
	{PCH_PORT, NULL, "0x8086", "0xa190", "0x8086", "0x0000", "0x060400", "0xf9"},
	{"0000:00:1f.0", NULL, "0x8086", "0xa1c1", "0x8086", "0x0000", "0x060100", "0x09"},
	{"0000:00:1f.4", NULL, "0x8086", "0xa1a3", "0x8086", "0x0000", "0x0c0500", "0x09"},
	/* the BMC's display, behind its own bridge */
	{AST_BRIDGE, PCH_PORT, "0x1a03", "0x1150", "0x1a03", "0x1150", "0x060400", "0x04"},
	{"0000:02:00.0", AST_BRIDGE, "0x1a03", "0x2000", "0x1a03", "0x2000", "0x030000", "0x41"},
	/* CPU1 PCIe: the ZhiTai SSD on an M.2 riser, the Huawei NIC */
	{ROOT_PORT_3A, NULL, "0x8086", "0x2030", "0x8086", "0x0000", "0x060400", "0x07"},
	{"0000:3b:00.0", ROOT_PORT_3A, "0x1e49", "0x0071", "0x1e49", "0x0071", "0x010802", "0x01"},
	{ROOT_PORT_5D, NULL, "0x8086", "0x2030", "0x8086", "0x0000", "0x060400", "0x07"},
	/* Hi1822 SP582 (2*25GE): one function per port */
	{"0000:5e:00.0", ROOT_PORT_5D, "0x19e5", "0x0206", "0x19e5", "0xd138", "0x020000", "0x45"},
	{"0000:5e:00.1", ROOT_PORT_5D, "0x19e5", "0x0206", "0x19e5", "0xd138", "0x020000", "0x45"},
	{0},
};

static const struct fx_nvme nvme[] = {
	{.name = "nvme0",
	 .pci = "0000:3b:00.0",
	 .subsystem = "nvme-subsys0",
	 .model = "ZHITAI TiPlus7100 1TB",
	 .serial = "ZTA21T0KA000000042",
	 .firmware_rev = "ZTA09139",
	 .subsysnqn = "nqn.2021-09.com.ymtc:nvme:ZTA21T0KA000000042",
	 .transport = "pcie",
	 .cntlid = "1",
	 .ns = {{.name = "nvme0n1",
		 .wwid = "eui.a428b70000000042",
		 .eui = "a4 28 b7 00 00 00 00 42"}}},
	{0},
};

static const struct fx_disk disks[] = {
	/* Samsung PM883 240 GB: INQUIRY shows the first 16 characters of the
	 * ATA model and the last 4 of the firmware revision */
	{.name = "sda",
	 .bus = FX_SATA,
	 .pci = SATA,
	 .host = 0,
	 .vendor = "ATA",
	 .model = "SAMSUNG MZ7LH240",
	 .rev = "404Q",
	 .wwid = "naa.5002538e00000042",
	 .serial = "S455NY0M000042"},
	{0},
};

static const struct fx_usb usb[] = {
	{"1-3", XHCI, "046d", "c31c", "6400", "00", "Logitech", "USB Keyboard", NULL, "03"},
	{0},
};

static const struct fx_machine machine = {
	.hostname = "example-db01",
	.pci = pci,
	.nvme = nvme,
	.disks = disks,
	.usb = usb,
};

int fx_example_server(const char *root)
{
	if (fx_machine(root, &machine) < 0)
		return -1;
	write_firmware(root);
	install_spd(root);
	return 0;
}

/* ---- the committed capture ---- */

/* The manifest lines that name when, where and by which build a capture was
 * made, and what the example shows instead. */
static const struct {
	const char *key, *value;
} fixed[] = {
	{"collector", "chipscreen capture (examples/server: see examples/README.md)"},
	{"captured_at", "(none: generated by tests/support/fx_example.c)"},
	{"captured_as_root", "(as the tests run)"},
	{"root", "(the tree fx_example_server() writes)"},
};

static void fix_manifest(const char *text, size_t len, struct strbuf *out)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl + 1 : end;
		size_t i;
		for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
			size_t k = strlen(fixed[i].key);
			if ((size_t)(e - p) > k && !strncmp(p, fixed[i].key, k) && p[k] == ':')
				break;
		}
		if (i < sizeof fixed / sizeof fixed[0])
			strbuf_addf(out, "%s: %s\n", fixed[i].key, fixed[i].value);
		else
			strbuf_add(out, p, (size_t)(e - p));
		p = e;
	}
}

int fx_example_capture(const char *out, struct strbuf *err)
{
	char *tmp = test_tmpdir();
	struct strbuf tree = STRBUF_INIT, man = STRBUF_INIT, text = STRBUF_INIT;
	strbuf_addf(&tree, "%s/tree", tmp);
	int rc = make_dirs(tree.buf, err);
	if (rc == 0 && fx_example_server(tree.buf) < 0) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: the example tree could not be written", tree.buf);
		rc = -1;
	}
	struct capture_stats st;
	if (rc == 0)
		rc = capture_run(tree.buf, out, &st, err);
	strbuf_addf(&man, "%s/chipscreen-capture.txt", out);
	if (rc == 0)
		rc = read_file(man.buf, 1 << 20, &text, err);
	if (rc == 0) {
		struct strbuf fixed_text = STRBUF_INIT;
		fix_manifest(text.buf, text.len, &fixed_text);
		/* capture writes it read-only: replace it, and keep it so */
		unlink(man.buf);
		rc = write_file(man.buf, fixed_text.buf, fixed_text.len, err);
		if (rc == 0)
			chmod(man.buf, 0444);
		strbuf_release(&fixed_text);
	}
	test_rmtree(tmp);
	free(tmp);
	strbuf_release(&tree);
	strbuf_release(&man);
	strbuf_release(&text);
	return rc;
}
