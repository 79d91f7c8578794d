/*
 * cmd-identify.c — `chipscreen identify`: explain who made one part.
 *
 * The options build one component, as collect or an importer would have
 * read it, and identify attributes it exactly as in a scan; so what this
 * command prints is what a scan would have concluded from those identifiers.
 * Exit status, grep-like: 0 a maker was found, 1 none was, 2 error.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "report/report.h"
#include "report/scan-common.h"
#include "identify/identify.h"
#include "import/import.h"
#include "inventory-json.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/hex.h"
#include "util/log.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char usage[] =
	"usage: chipscreen identify [--json] [--date D] [--kind KIND] [OPTIONS] [STRING]\n"
	"\n"
	"Say who made one part, and who made the chips on it, with the evidence.\n"
	"The options give the part's identifiers.  A STRING alone is tried as every\n"
	"kind it could be (1e49:0071 or [1e49:0071]: a PCI and a USB vendor:device;\n"
	"8086:1521:19e5:d116: a PCI device and subsystem; a428b7: an OUI;\n"
	"nqn./eui./naa. names; a JEP106 code, name, part number or model), and the\n"
	"output says which were tried; with options, STRING is a manufacturer\n"
	"string, part number or model.\n"
	"\n"
	"  --jedec ID          JEP106 module maker: 0x80,0x2c  802C  \"Bank 1, Hex 0x2C\"\n"
	"  --dram ID           JEP106 DRAM maker (SPD bytes), same forms\n"
	"  --manufacturer S    manufacturer string: a name, 002C0632002C, 0x7F98000000000000\n"
	"  --part S            part number            --model S   model string\n"
	"  --pci V:D[:SV[:SD]] PCI vendor, device, subsystem vendor and device\n"
	"  --usb V:P           USB vendor and product\n"
	"  --oui X             IEEE OUI (NVMe identify)  --eui64 X  namespace EUI-64\n"
	"  --nqn S             NVMe subsysnqn          --emmc X    eMMC CID manfid\n"
	"  --spd FILE          an SPD dump: raw EEPROM image, hex text (i2cdump, xxd,\n"
	"                      hexdump -C, illumos) or decode-dimms output\n"
	"  --kind KIND         dimm, nvme, disk, pci, usb, emmc, part, or a whole machine's\n"
	"                      system, baseboard, chassis, bios, cpu, other\n"
	"                      (default: from the options)\n"
	"  --date D            attribute as of D (YYYY-MM-DD; default today)\n"
	"  --acquired D        the part was acquired on D (ownership is judged then)\n"
	"  --json              one JSON object: maker, chip_maker, unknown_reason, ...\n"
	"  --pci-ids FILE      hwdata pci.ids (default: $CHIPSCREEN_PCI_IDS, /usr/share/hwdata)\n"
	"  --usb-ids FILE      hwdata usb.ids (default: $CHIPSCREEN_USB_IDS, /usr/share/hwdata)\n"
	"                      (a FILE that does not exist is an error; '' reads none)\n"
	"  -h, --help          this help\n"
	"\n"
	"Exit status: 0 a maker was found, 1 the maker is unknown, 2 usage or input error.\n";

enum {
	O_JEDEC = 256,
	O_DRAM,
	O_MANUF,
	O_PART,
	O_MODEL,
	O_PCI,
	O_USB,
	O_OUI,
	O_EUI,
	O_NQN,
	O_EMMC,
	O_KIND,
	O_DATE,
	O_ACQ,
	O_JSON,
	O_PCIIDS,
	O_USBIDS,
	O_SPD,
};

struct opts {
	const char *jedec, *dram, *manuf, *part, *model, *pci, *usb, *oui, *eui, *nqn, *emmc;
	const char *kind, *date, *acquired, *pci_ids, *usb_ids, *query, *spd;
	int json;
};

/* "0x80,0x2c" -> "802C"; anything else is passed on as given. */
static void jedec_field(struct inventory *inv, struct component *c, enum fkey key, const char *v)
{
	if (!strncasecmp(v, "bank", 4)) {
		component_set(inv, c, key == FK_JEDEC_MODULE ? FK_MANUFACTURER : FK_JEDEC_DRAM,
			      FIELD_RAW, v, "command line");
		return;
	}
	char buf[64];
	size_t k = 0;
	for (const char *p = v; *p && k < sizeof buf - 1; p++) {
		if (*p == '0' && (p[1] == 'x' || p[1] == 'X')) {
			p++;
			continue;
		}
		if (*p == ',' || *p == ' ')
			continue;
		buf[k++] = (char)(*p >= 'a' && *p <= 'f' ? *p - 'a' + 'A' : *p);
	}
	buf[k] = 0;
	/* A short "0x80,0x2c" pair goes to the SPD field; longer strings are OEM forms. */
	component_set(inv, c, k == 4 ? key : FK_MANUFACTURER, FIELD_RAW, k == 4 ? buf : v,
		      "command line");
}

static int split_ids(const char *s, char out[4][8])
{
	int n = 0;
	memset(out, 0, 4 * sizeof out[0]);
	for (const char *p = s; *p && n < 4;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (len == 0 || len > 6)
			return -1;
		memcpy(out[n], p, len);
		out[n][len] = 0;
		uint32_t v;
		if (!hex_parse_u32(out[n], &v) || v > 0xffff)
			return -1;
		snprintf(out[n], sizeof out[n], "%04x", v);
		n++;
		if (!colon)
			break;
		p = colon + 1;
	}
	return n;
}

static int build(struct inventory *inv, const struct opts *o, struct component **out)
{
	int kind = -1;
	if (o->kind && (kind = kind_from_name(o->kind)) < 0)
		return usage_error("identify",
				   "--kind %s: expected dimm, nvme, disk, pci, usb, emmc, part, "
				   "system, baseboard, chassis, bios, cpu or other",
				   o->kind);
	if (kind < 0)
		kind = o->jedec || o->dram          ? KIND_DIMM
		       : o->nqn || o->oui || o->eui ? KIND_NVME
		       : o->pci                     ? KIND_PCI
		       : o->usb                     ? KIND_USB
		       : o->emmc                    ? KIND_EMMC
						    : KIND_PART;
	struct component *c = inventory_add(inv, (enum kind)kind, "command-line", "command line");
	const char *src = "command line";
	char ids[4][8];
	if (o->jedec)
		jedec_field(inv, c, FK_JEDEC_MODULE, o->jedec);
	if (o->dram)
		jedec_field(inv, c, FK_JEDEC_DRAM, o->dram);
	if (o->pci) {
		int n = split_ids(o->pci, ids);
		if (n < 1)
			return usage_error("identify",
					   "--pci: expected VENDOR:DEVICE in hex, not '%s'",
					   o->pci);
		static const enum fkey keys[4] = {FK_PCI_VENDOR, FK_PCI_DEVICE, FK_PCI_SUBVENDOR,
						  FK_PCI_SUBDEVICE};
		for (int i = 0; i < n; i++)
			component_set(inv, c, keys[i], FIELD_RAW, ids[i], src);
		if (kind == KIND_NVME)
			component_set(inv, c, FK_PCI_CLASS, FIELD_RAW, "010802", src);
	}
	if (o->usb) {
		int n = split_ids(o->usb, ids);
		if (n < 1 || n > 2)
			return usage_error("identify",
					   "--usb: expected VENDOR:PRODUCT in hex, not '%s'",
					   o->usb);
		component_set(inv, c, FK_USB_VENDOR, FIELD_RAW, ids[0], src);
		if (n > 1)
			component_set(inv, c, FK_USB_PRODUCT, FIELD_RAW, ids[1], src);
	}
	component_set(inv, c, FK_MANUFACTURER, FIELD_RAW, o->manuf, src);
	component_set(inv, c, FK_PART_NUMBER, FIELD_RAW, o->part, src);
	component_set(inv, c, FK_MODEL, FIELD_RAW, o->model, src);
	static const struct {
		enum fkey key;
		const char *flag;
	} typed[] = {{FK_IEEE_OUI, "--oui"}, {FK_NVME_SUBSYSNQN, "--nqn"}, {FK_EMMC_MANFID, "--emmc"}};
	const char *given[] = {o->oui, o->nqn, o->emmc};
	for (size_t i = 0; i < sizeof typed / sizeof *typed; i++) {
		const char *want = given[i] ? identify_value_shape(typed[i].key, given[i]) : NULL;
		if (want)
			return usage_error("identify", "%s %s: expected %s", typed[i].flag, given[i],
					   want);
	}
	component_set(inv, c, FK_IEEE_OUI, FIELD_RAW, o->oui, src);
	component_set(inv, c, FK_EUI64, FIELD_RAW, o->eui, src);
	component_set(inv, c, FK_NVME_SUBSYSNQN, FIELD_RAW, o->nqn, src);
	component_set(inv, c, FK_EMMC_MANFID, FIELD_RAW, o->emmc, src);
	component_set(inv, c, FK_ACQUIRED, 0, o->acquired, src);
	component_set_extra(inv, c, "query", FIELD_RAW, o->query, src);
	*out = c;
	return 0;
}

static void print_maker(FILE *f, const char *label, const struct maker *m)
{
	if (!m->org) {
		fprintf(f, "%-11s unknown: %s\n", label,
			m->unknown_reason ? m->unknown_reason : "");
		return;
	}
	fprintf(f, "%-11s %s [%s], %s\n", label, m->name, m->org, confidence_name(m->conf));
	for (size_t i = 0; i < m->nev; i++) {
		const struct evidence *e = &m->ev[i];
		fprintf(f, "  %-9s %s \"%s\": %s\n", confidence_name(e->conf), e->field, e->raw,
			e->rule);
		fprintf(f, "            source: %s\n", e->source ? e->source : "-");
	}
}

static void print_text(FILE *f, const struct attribution *a)
{
	print_maker(f, "maker:", &a->maker);
	if (a->virtual_reason)
		fprintf(f, "%-11s %s (no chips of its own: no restriction reaches it)\n", "virtual:",
			a->virtual_reason);
	if (a->has_chip)
		print_maker(f, "chip maker:", &a->chip_maker);
	if (a->oem.org)
		print_maker(f, "oem:", &a->oem);
	if (a->nconflicts) {
		fprintf(f, "conflicts:\n");
		for (size_t i = 0; i < a->nconflicts; i++) {
			const struct evidence *e = &a->conflicts[i];
			fprintf(f, "  %-9s %s \"%s\": %s [%s]\n            source: %s\n",
				confidence_name(e->conf), e->field, e->raw, e->rule, e->org,
				e->source ? e->source : "-");
		}
	}
}

/*
 * A bare STRING is tried as every kind of identifier it could be: "1e49:0071"
 * (or "[1e49:0071]", as lspci -nn prints it) as a PCI and as a USB
 * vendor:device, "8086:1521:19e5:d116" (--pci's form) as a PCI vendor,
 * device and subsystem, "a428b7" as an IEEE OUI, 16 hex digits
 * as an EUI-64, "nqn.", "eui." and "naa." names as what they say, and as a
 * JEP106 code, name, part number or model string.  Each reading is one
 * component identified on its own; those that name a maker are shown, and
 * the first line says which readings were tried.
 */
struct reading {
	const char *what; /* "PCI vendor:device" */
	enum kind kind;
	enum fkey keys[4];
	int nkeys; /* 0: the STRING as a "query" (JEP106, name, part, model) */
};

/* The ids of a bare STRING: without a 0x prefix, or the brackets lspci -nn
 * puts around vendor:device ("[8086:1521]"). */
static const char *bare_ids(const char *q, char *buf, size_t n)
{
	size_t len = strlen(q);
	if (len > 2 && q[0] == '[' && q[len - 1] == ']') {
		snprintf(buf, n, "%.*s", (int)(len - 2), q + 1);
		q = buf;
	}
	return q[0] == '0' && (q[1] == 'x' || q[1] == 'X') ? q + 2 : q;
}

static int readings_of(const char *h, struct reading *r)
{
	int n = 0;
	size_t len = strlen(h);
	if (len == 19 && hex_all(h, 4) && h[4] == ':' && hex_all(h + 5, 4) && h[9] == ':' &&
	    hex_all(h + 10, 4) && h[14] == ':' && hex_all(h + 15, 4)) {
		r[n++] = (struct reading){"PCI vendor:device:subsystem vendor:subsystem device",
					  KIND_PCI,
					  {FK_PCI_VENDOR, FK_PCI_DEVICE, FK_PCI_SUBVENDOR,
					   FK_PCI_SUBDEVICE},
					  4};
	} else if (len == 9 && hex_all(h, 4) && h[4] == ':' && hex_all(h + 5, 4)) {
		r[n++] = (struct reading){"PCI vendor:device", KIND_PCI,
					  {FK_PCI_VENDOR, FK_PCI_DEVICE}, 2};
		r[n++] = (struct reading){"USB vendor:product", KIND_USB,
					  {FK_USB_VENDOR, FK_USB_PRODUCT}, 2};
	} else if (len == 4 && hex_all(h, 4)) {
		r[n++] = (struct reading){"PCI vendor", KIND_PCI, {FK_PCI_VENDOR}, 1};
		r[n++] = (struct reading){"USB vendor", KIND_USB, {FK_USB_VENDOR}, 1};
	} else if (len == 6 && hex_all(h, 6)) {
		r[n++] = (struct reading){"IEEE OUI", KIND_NVME, {FK_IEEE_OUI}, 1};
	} else if (len == 16 && hex_all(h, 16)) {
		r[n++] = (struct reading){"EUI-64", KIND_NVME, {FK_EUI64}, 1};
	} else if (!strncasecmp(h, "nqn.", 4)) {
		r[n++] = (struct reading){"NVMe subsysnqn", KIND_NVME, {FK_NVME_SUBSYSNQN}, 1};
	} else if (!strncasecmp(h, "eui.", 4) || !strncasecmp(h, "naa.", 4) ||
		   !strncasecmp(h, "nvme.", 5)) {
		r[n++] = (struct reading){"WWID", KIND_DISK, {FK_WWID}, 1};
	}
	r[n++] = (struct reading){"JEP106 code, name, part number or model", KIND_PART, {0}, 0};
	return n;
}

/* Identify the STRING in each reading; print those that name a maker (or,
 * when none does, every reason).  Returns the exit status. */
static int identify_bare(const struct kb *kb, const struct opts *o, day_t as_of)
{
	struct reading r[4];
	char buf[64];
	const char *h = bare_ids(o->query, buf, sizeof buf);
	int n = readings_of(h, r), found = 0;
	struct inventory *inv = inventory_new();
	struct component *c[4];
	char ids[4][8];
	for (int i = 0; i < n; i++) {
		c[i] = inventory_add(inv, r[i].kind, "command-line", "command line");
		if (!r[i].nkeys) {
			component_set_extra(inv, c[i], "query", FIELD_RAW, o->query, "command line");
		} else if (r[i].nkeys >= 2 || r[i].kind == KIND_PCI || r[i].kind == KIND_USB) {
			int k = split_ids(h, ids);
			for (int j = 0; j < k && j < r[i].nkeys; j++)
				component_set(inv, c[i], r[i].keys[j], FIELD_RAW, ids[j],
					      "command line");
		} else {
			component_set(inv, c[i], r[i].keys[0], FIELD_RAW, o->query, "command line");
		}
		component_set(inv, c[i], FK_ACQUIRED, 0, o->acquired, "command line");
		identify_component(kb, inv, c[i], as_of);
		found += c[i]->attr->maker.org != NULL;
	}
	/* the readings tried, first */
	struct strbuf tried = STRBUF_INIT;
	for (int i = 0; i < n; i++)
		strbuf_addf(&tried, "%s%s", i ? ", " : "", r[i].what);
	cJSON *arr = o->json ? cJSON_CreateArray() : NULL;
	if (!o->json) {
		/* shown as the reasons below show it: a control in the string
		 * (pasted from a dump) cannot move the cursor */
		struct strbuf q = STRBUF_INIT;
		display_safe_add(&q, o->query);
		printf("\"%s\" tried as: %s\n", q.buf, tried.buf);
		strbuf_release(&q);
	}
	for (int i = 0; i < n; i++) {
		if (found && !c[i]->attr->maker.org)
			continue;
		if (arr) {
			cJSON *j = attribution_to_json(c[i]->attr);
			cJSON_AddStringToObject(j, "read_as", r[i].what);
			cJSON_AddItemToArray(arr, j);
			continue;
		}
		printf("\nas %s:\n", r[i].what);
		print_text(stdout, c[i]->attr);
	}
	if (arr && cJSON_GetArraySize(arr) == 1) {
		/* one reading shown: that object, as for identifiers given by option */
		cJSON *one = cJSON_DetachItemFromArray(arr, 0);
		cJSON_AddStringToObject(one, "tried", tried.buf);
		cJSON_Delete(arr);
		report_json_write(one, stdout);
	} else if (arr) {
		report_json_write(arr, stdout);
	}
	strbuf_release(&tried);
	inventory_free(inv);
	return found ? 0 : 1;
}

/* --spd FILE: the modules of an SPD dump, each identified (a decode-dimms
 * text may hold several).  Other identifiers do not mix with it. */
static int identify_spd(const struct kb *kb, struct inventory *inv, const struct opts *o,
			day_t as_of)
{
	if (o->jedec || o->dram || o->manuf || o->part || o->model || o->pci || o->usb ||
	    o->oui || o->eui || o->nqn || o->emmc || o->query)
		return usage_error("identify", "--spd FILE takes no other identifier");
	struct strbuf err = STRBUF_INIT;
	static const char forms[] = "--spd reads a raw EEPROM image, i2cdump, xxd or hexdump -C "
				    "text, or decode-dimms output";
	if (import_file(o->spd, IMPORT_AUTO, NULL, inv, &err) < 0) {
		log_error("%s (%s)", err.buf, forms);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	int rc = 0;
	if (!inv->ncomps) {
		log_error("%s: no memory module in it (%s)", o->spd, forms);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < inv->ncomps; i++)
		if (inv->comps[i].kind != KIND_DIMM) {
			log_error("%s: not an SPD dump (it holds %s components; %s)", o->spd,
				  kind_name(inv->comps[i].kind), forms);
			return EXIT_ERROR;
		}
	for (size_t i = 0; i < inv->nwarnings; i++)
		log_warn("%s: %s", inv->warnings[i].path, inv->warnings[i].reason);
	cJSON *arr = o->json && inv->ncomps > 1 ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < inv->ncomps; i++) {
		struct component *c = &inv->comps[i];
		identify_component(kb, inv, c, as_of);
		if (o->json) {
			cJSON *j = attribution_to_json(c->attr);
			if (arr)
				cJSON_AddItemToArray(arr, j);
			else
				report_json_write(j, stdout);
		} else {
			printf("%s%s (%s)\n", i ? "\n" : "", c->id,
			       component_get(c, FK_PART_NUMBER) ? component_get(c, FK_PART_NUMBER)
								: "no part number");
			print_text(stdout, c->attr);
		}
		if (!c->attr->maker.org)
			rc = 1;
	}
	if (arr)
		report_json_write(arr, stdout);
	return rc;
}

int cmd_identify(int argc, char **argv)
{
	static const struct option lopts[] = {
		{"jedec", required_argument, NULL, O_JEDEC},
		{"dram", required_argument, NULL, O_DRAM},
		{"manufacturer", required_argument, NULL, O_MANUF},
		{"part", required_argument, NULL, O_PART},
		{"model", required_argument, NULL, O_MODEL},
		{"pci", required_argument, NULL, O_PCI},
		{"usb", required_argument, NULL, O_USB},
		{"oui", required_argument, NULL, O_OUI},
		{"eui64", required_argument, NULL, O_EUI},
		{"nqn", required_argument, NULL, O_NQN},
		{"emmc", required_argument, NULL, O_EMMC},
		{"kind", required_argument, NULL, O_KIND},
		{"date", required_argument, NULL, O_DATE},
		{"acquired", required_argument, NULL, O_ACQ},
		{"json", no_argument, NULL, O_JSON},
		{"pci-ids", required_argument, NULL, O_PCIIDS},
		{"usb-ids", required_argument, NULL, O_USBIDS},
		{"spd", required_argument, NULL, O_SPD},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct opts o = {0};
	const char **slot[] = {
		[O_JEDEC - O_JEDEC] = &o.jedec,    [O_DRAM - O_JEDEC] = &o.dram,
		[O_MANUF - O_JEDEC] = &o.manuf,    [O_PART - O_JEDEC] = &o.part,
		[O_MODEL - O_JEDEC] = &o.model,    [O_PCI - O_JEDEC] = &o.pci,
		[O_USB - O_JEDEC] = &o.usb,        [O_OUI - O_JEDEC] = &o.oui,
		[O_EUI - O_JEDEC] = &o.eui,        [O_NQN - O_JEDEC] = &o.nqn,
		[O_EMMC - O_JEDEC] = &o.emmc,      [O_KIND - O_JEDEC] = &o.kind,
		[O_DATE - O_JEDEC] = &o.date,      [O_ACQ - O_JEDEC] = &o.acquired,
		[O_JSON - O_JEDEC] = NULL,         [O_PCIIDS - O_JEDEC] = &o.pci_ids,
		[O_USBIDS - O_JEDEC] = &o.usb_ids, [O_SPD - O_JEDEC] = &o.spd,
	};
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		if (ch == 'h')
			return print_usage(usage);
		if (ch == O_JSON)
			o.json = 1;
		else if (ch >= O_JEDEC && ch <= O_SPD && slot[ch - O_JEDEC])
			*slot[ch - O_JEDEC] = optarg;
		else
			return usage_bad_option("identify", argc, argv);
	}
	if (optind < argc)
		o.query = argv[optind++];
	if (optind < argc)
		return usage_error("identify", "one STRING only; quote it (unexpected '%s')",
				   argv[optind]);
	/* an empty value sets no field ('identify ""', a variable that was
	 * unset): it was answered "maker unknown", exit 1, as if looked up */
	const char *const vals[] = {o.jedec, o.dram, o.manuf, o.part, o.model, o.pci, o.usb,
				    o.oui,   o.eui,  o.nqn,   o.emmc, o.query, o.spd};
	bool any = false, empty = false;
	for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
		any |= vals[i] && vals[i][strspn(vals[i], " \t")];
		empty |= vals[i] && !vals[i][strspn(vals[i], " \t")];
	}
	if (!any)
		return usage_error("identify",
				   empty ? "nothing to identify: the identifier given is empty"
					 : "nothing to identify: give an identifier or a STRING");
	day_t as_of = date_today();
	const char *why;
	if (o.date && !(as_of = date_parse_why(o.date, &why)))
		return usage_error("identify", "--date %s: %s", o.date, why);
	if (o.acquired && !date_parse_why(o.acquired, &why))
		return usage_error("identify", "--acquired %s: %s", o.acquired, why);

	/* a table named on the command line must be there: a typo would
	 * silently fall back to chipscreen's own table (an empty name is the
	 * documented "none") */
	if (o.pci_ids && *o.pci_ids && !path_exists(o.pci_ids))
		return usage_error("identify", "--pci-ids %s: no such file", o.pci_ids);
	if (o.usb_ids && *o.usb_ids && !path_exists(o.usb_ids))
		return usage_error("identify", "--usb-ids %s: no such file", o.usb_ids);
	struct strbuf err = STRBUF_INIT;
	struct kb *kb = kb_load(NULL, o.pci_ids, o.usb_ids, &err);
	if (!kb) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	struct inventory *inv = inventory_new();
	struct component *c = NULL;
	int rc;
	if (o.spd) {
		rc = identify_spd(kb, inv, &o, as_of);
		inventory_free(inv);
		kb_free(kb);
		return rc;
	}
	if (o.query && !o.kind && !o.jedec && !o.dram && !o.manuf && !o.part && !o.model &&
	    !o.pci && !o.usb && !o.oui && !o.eui && !o.nqn && !o.emmc) {
		rc = identify_bare(kb, &o, as_of);
		inventory_free(inv);
		kb_free(kb);
		return rc;
	}
	rc = build(inv, &o, &c);
	if (rc == 0) {
		identify_component(kb, inv, c, as_of);
		if (o.json) {
			cJSON *j = attribution_to_json(c->attr);
			report_json_write(j, stdout);
		} else {
			print_text(stdout, c->attr);
		}
		rc = c->attr->maker.org ? 0 : 1;
	}
	inventory_free(inv);
	kb_free(kb);
	return rc;
}
