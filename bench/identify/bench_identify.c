/*
 * bench_identify.c — attribution throughput on one core.
 *
 *   build/bench/identify/bench_identify [N]     (default N = 1000000)
 *
 * Generates N varied components as collect and the importers write them
 * (DIMMs with SPD pairs, OEM hex strings, names and part numbers; NVMe drives
 * with PCI ids, model strings and OUIs; PCI functions; USB devices; purchase
 * lines), in three mixes:
 *
 *   fleet      identifiers drawn from lists of real ones, so they repeat as
 *              in a fleet (identical components share one attribution)
 *   unique     the same, each component also carrying a WWN of its own whose
 *              OUI names no tracked maker: no two components have the same
 *              identifiers, though the WWN is quoted nowhere in the result
 *   distinct   each component carrying a WWN of its own whose OUI names a
 *              maker (Samsung, Micron, YMTC, ...): the WWN is evidence, so
 *              every attribution differs from every other (the worst case)
 *
 * and times, in the same run, for each:
 *
 *   baseline   a pass that reads every field of every component (the memory
 *              floor: identification cannot be faster than reading its input)
 *   identify   identify_inventory() over the same components
 *
 * and prints components per second for both, their ratio, and the time
 * loading the knowledge base takes: kb_load alone (organisations and links;
 * each identifier table is read on first use), and every table read at once
 * with kb_load_all (the identify issue's target: under 5 ms).  Ratios, not
 * absolute times, are what compare across runs on a shared machine.
 * BENCH_ONLY=0, 1 or 2 runs one mix.
 */
#include "chipscreen.h"
#include "identify/identify.h"
#include "identify/kb.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint32_t rng = 2463534242u;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}
#define PICK(a) (a)[rnd() % (sizeof(a) / sizeof((a)[0]))]

static const char *const spd[] = {"802C", "80AD", "80CE", "0198", "8A91", "899B",
				  "830B", "017A", "8AC8", "859B", "0000", "802D"};
static const char *const mfr[] = {"00AD00B300AD",
				  "002C0632002C",
				  "80AD000080AD",
				  "Samsung",
				  "Micron Technology",
				  "Kingston",
				  "HP",
				  "Not Specified",
				  "0x7F98000000000000",
				  "Bank 1, Hex 0x2C",
				  "Hynix Semiconductor",
				  "UNKNOWN",
				  "0xCE00000000000000",
				  "Crucial Technology"};
static const char *const parts[] = {"HMT42GR7AFR4A-PB", "M393B1G73QH0-CMA",     "M471B5273CH0-CH9",
				    "9ASF1G72PZ-3G2E2", "MTA18ASF2G72PZ-2G3B1", "647650-071",
				    "KF552C40-16",      "CT16G4DFRA32A",        "HMA81GU6DJR8N-XN",
				    "NOT AVAILABLE",    "MTC40F2046S1RC48BA1",  "KVR26N19S8/8"};
static const char *const models[] = {"CT1000P1SSD8",
				     "Lexar SSD NM610 PRO 1TB",
				     "ZHITAI TiPlus7100 1TB",
				     "Samsung SSD 970 EVO Plus 1TB",
				     "Micron_7450_MTFDKBG3T8TFR",
				     "KINGSTON SNV2S1000G",
				     "HIKSEMI FUTURE 1TB",
				     "WDC WDS500G2B0A",
				     "INTEL SSDPEKNW010T8",
				     "YMTC PC300-1TB-B",
				     "Corsair MP600",
				     "SOLIDIGM SSDPFKNU010TZ"};
static const char *const pcivendors[] = {"1344", "c0a9", "144d", "1c5c", "1e49", "1987",
					 "1e4b", "1d97", "2646", "8086", "025e", "15b7"};
static const char *const subvendors[] = {"1028", "1590", "17aa", "144d", "1344"};
static const char *const ouis[] = {"00a075", "002538", "a428b7", "caf25b", "ace42e", "6479a7"};
static const char *const usbv[] = {"0634", "0951", "152d", "0bda", "413c", "0a5c", "1d6b", "0781"};
static const char *const pcifun[] = {"8086", "10ec", "14e4", "1002", "10de", "19e5", "1b4b"};

enum mix { MIX_FLEET, MIX_UNIQUE, MIX_DISTINCT, NMIX };

static const char *const mixname[NMIX] = {"fleet", "unique", "distinct"};
static const char *const mixwhat[NMIX] = {
	"drawn from lists of real identifiers (repeats, as in a fleet)",
	"each with its own WWN, of an OUI no tracked maker has (no two alike in their "
	"identifiers)",
	"each with its own WWN, of a maker's OUI (every attribution quotes its own: the worst "
	"case)"};

/* unique and distinct: every component also carries a WWN of its own (as
 * NVMe and SAS drives do): NAA 5, then the OUI, then 36 bits of its own. */
static void generate(struct inventory *inv, size_t n, enum mix mix)
{
	char id[32];
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "c/%zu", i);
		unsigned r = rnd() % 10;
		struct component *c;
		if (r < 4) {
			c = inventory_add(inv, KIND_DIMM, id, "/sys/firmware/dmi/tables/DMI");
			if (rnd() % 2) {
				component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, PICK(spd), "spd");
				component_set(inv, c, FK_JEDEC_DRAM, FIELD_RAW, PICK(spd), "spd");
			}
			component_set(inv, c, FK_MANUFACTURER, 0, PICK(mfr), "dmi");
			component_set(inv, c, FK_PART_NUMBER, 0, PICK(parts), "dmi");
			component_set(inv, c, FK_MANUFACTURE_DATE, 0, "2019-W23", "spd");
		} else if (r < 7) {
			c = inventory_add(inv, KIND_NVME, id, "/sys/class/nvme");
			component_set(inv, c, FK_MODEL, 0, PICK(models), "nvme");
			component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, PICK(pcivendors), "pci");
			component_set(inv, c, FK_PCI_SUBVENDOR, FIELD_RAW, PICK(subvendors), "pci");
			component_set(inv, c, FK_IEEE_OUI, FIELD_RAW, PICK(ouis), "nvme");
			component_set(inv, c, FK_PCI_CLASS, FIELD_RAW, "010802", "pci");
		} else if (r < 8) {
			c = inventory_add(inv, KIND_PCI, id, "/sys/bus/pci");
			component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, PICK(pcifun), "pci");
			component_set(inv, c, FK_PCI_SUBVENDOR, FIELD_RAW, PICK(subvendors), "pci");
			component_set(inv, c, FK_PCI_CLASS, FIELD_RAW, "020000", "pci");
		} else if (r < 9) {
			c = inventory_add(inv, KIND_USB, id, "/sys/bus/usb");
			component_set(inv, c, FK_USB_VENDOR, FIELD_RAW, PICK(usbv), "usb");
			component_set(inv, c, FK_USB_PRODUCT, FIELD_RAW, "5603", "usb");
			component_set(inv, c, FK_MANUFACTURER, 0, "Generic", "usb");
		} else {
			c = inventory_add(inv, KIND_PART, id, "po.csv");
			component_set(inv, c, FK_MANUFACTURER, 0, PICK(mfr), "po.csv");
			component_set(inv, c, FK_PART_NUMBER, 0,
				      rnd() % 2 ? PICK(parts) : PICK(models), "po.csv");
			component_set(inv, c, FK_ACQUIRED, 0, "2024-03-15", "po.csv");
		}
		if (mix == MIX_UNIQUE)
			component_setf(inv, c, FK_WWID, FIELD_RAW, "gen", "naa.50050760%08zx", i);
		else if (mix == MIX_DISTINCT)
			component_setf(inv, c, FK_WWID, FIELD_RAW, "gen", "naa.5%s%09zx",
				       PICK(ouis), i);
	}
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const void *const *)a,
		  y = (uintptr_t) * (const void *const *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	struct strbuf err = STRBUF_INIT;
	double t0 = now();
	struct kb *kb = kb_load(NULL, NULL, NULL, &err);
	if (!kb || kb_load_all(kb, &err) < 0) {
		fprintf(stderr, "bench_identify: %s\n", err.buf);
		return 2;
	}
	double tload = (now() - t0) * 1e3;
	/* again, as every command does at start-up: the second load is the
	 * warm-cache number a user sees */
	kb_free(kb);
	t0 = now();
	kb = kb_load(NULL, NULL, NULL, &err);
	double tstart = (now() - t0) * 1e3;
	size_t startrows = kb_nrows(kb);
	if (kb_load_all(kb, &err) < 0) {
		fprintf(stderr, "bench_identify: %s\n", err.buf);
		return 2;
	}
	double tload2 = (now() - t0) * 1e3;

	printf("kb_load               %.2f ms (%zu rows: organisations and links; the other "
	       "tables on first use)\n",
	       tstart, startrows);
	printf("kb_load + kb_load_all %.2f ms cold, %.2f ms warm (%zu rows, every table; "
	       "target < 5 ms: %s)\n",
	       tload, tload2, kb_nrows(kb), tload2 < 5 ? "met" : "NOT met");
	double rate[NMIX] = {0};
	int only = getenv("BENCH_ONLY") ? atoi(getenv("BENCH_ONLY")) : -1;
	for (int mix = 0; mix < NMIX; mix++) {
		if (only >= 0 && only != mix)
			continue;
		struct inventory *inv = inventory_new();
		rng = 2463534242u;
		generate(inv, n, (enum mix)mix);
		printf("-- %s: %zu components, %s\n", mixname[mix], n, mixwhat[mix]);
		/* baseline: read every byte of every field value */
		double t0b = now();
		unsigned long sum = 0;
		for (size_t i = 0; i < inv->ncomps; i++) {
			const struct component *c = &inv->comps[i];
			for (size_t j = 0; j < c->nfields; j++)
				for (const char *p = c->fields[j].value; *p; p++)
					sum += (unsigned char)*p;
		}
		double tbase = now() - t0b;
		size_t before = arena_used(inv->arena);
		double t1 = now();
		identify_inventory(kb, inv, date_parse("2025-06-01"));
		double tid = now() - t1;
		size_t per = (arena_used(inv->arena) - before) / (n ? n : 1);
		size_t known = 0, chip = 0;
		for (size_t i = 0; i < inv->ncomps; i++) {
			known += inv->comps[i].attr->maker.org != NULL;
			chip += inv->comps[i].attr->chip_maker.org != NULL;
		}
		/* distinct attributions: how much the memo shared */
		const void **ptrs = malloc(n * sizeof *ptrs);
		for (size_t i = 0; i < n; i++)
			ptrs[i] = inv->comps[i].attr;
		qsort(ptrs, n, sizeof *ptrs, cmp_ptr);
		size_t distinct = n ? 1 : 0;
		for (size_t i = 1; i < n; i++)
			distinct += ptrs[i] != ptrs[i - 1];
		free(ptrs);
		printf("   with a maker %zu, with a chip maker %zu, %zu distinct attributions\n",
		       known, chip, distinct);
		printf("   baseline (read all)   %.0f components/s  (checksum %lu)\n",
		       (double)n / tbase, sum % 1000);
		printf("   identify_inventory    %.0f components/s  (%.0f ns each, %zu bytes "
		       "each)\n",
		       (double)n / tid, tid / (double)n * 1e9, per);
		printf("   ratio                 identify takes %.1fx the time of reading the "
		       "fields\n",
		       tid / tbase);
		rate[mix] = (double)n / tid;
		inventory_free(inv);
	}
	printf("target >= 2000000 components/s on one core:");
	for (int mix = 0; mix < NMIX; mix++)
		if (only < 0 || only == mix)
			printf("%s %s %.2f M/s %s", mix && only < 0 ? "," : "", mixname[mix],
			       rate[mix] / 1e6, rate[mix] >= 2e6 ? "met" : "NOT met");
	printf("\n");
	kb_free(kb);
	strbuf_release(&err);
	return 0;
}
