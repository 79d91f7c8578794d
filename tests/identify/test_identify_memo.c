/*
 * test_identify_memo.c — identify_inventory() attributes every component
 * exactly as identify_component() does on its own.
 *
 * identify_inventory() reuses work across components: the signals of each
 * field value, whole attributions of identical components, and (for drives
 * whose WWN or EUI-64 is their only difference) a copy of a twin's
 * attribution with the raw values pointed at the drive's own.  None of that
 * may change an answer.  Here a few thousand generated components (the
 * identifiers of the real samples, hostile and malformed values, WWNs of
 * tracked and untracked OUIs, in every kind) are attributed both ways and
 * compared field by field; then the sharing itself is checked: what is
 * shared, what is copied, and that every quoted WWN is the drive's own.
 */
#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

static struct kb *kb;

static int setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	kb = kb_load(src_path("data"), "", "", &err);
	if (!kb)
		print_message("kb_load: %s\n", err.buf);
	strbuf_release(&err);
	return kb ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	kb_free(kb);
	return 0;
}

static uint32_t rng;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}
#define PICK(a) (a)[rnd() % (sizeof(a) / sizeof((a)[0]))]

/* From tests/identify/test_identify.c and the samples under tests/fixtures/hw/. */
static const char *const spd[] = {"802C", "80AD", "80CE", "0198", "8A91", "899B",  "0000",
				  "802D", "FFFF", "ZZ",   "002C", "9B",   "80 2C", "Samsung"};
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
				  "0xCE00000000000000",
				  "Crucial Technology",
				  "Bank 7, Hex 0x5E",
				  "9B",
				  "CE12000000000000",
				  "002D0632002C",
				  "Lorex",
				  "Dell",
				  "长江存储",
				  "ZZ"};
static const char *const parts[] = {"HMT42GR7AFR4A-PB", "M393B1G73QH0-CMA",
				    "9ASF1G72PZ-3G2E2", "MTA18ASF2G72PZ-2G3B1",
				    "647650-071",       "KF552C40-16",
				    "CT16G4DFRA32A",    "HMA81GU6DJR8N-XN",
				    "NOT AVAILABLE",    "0x4D332037385432393533455A332D43453620",
				    "1234567"};
static const char *const models[] = {"CT1000P1SSD8",
				     "Lexar SSD NM610 PRO 1TB",
				     "ZHITAI TiPlus7100 1TB",
				     "Samsung SSD 970 EVO Plus 1TB",
				     "HIKSEMI FUTURE 1TB",
				     "Corsair MP600 PRO",
				     "NE-512",
				     "YMTC PC300-1TB-B",
				     "Lexar JumpDrive S70",
				     "Not Specified",
				     "QEMU HARDDISK"};
static const char *const pcivendors[] = {"1344", "c0a9", "144d", "1e49", "1987", "1e4b", "1d97",
					 "8086", "19e5", "0000", "ffff", "zz",   "8888"};
static const char *const subvendors[] = {"1028", "1590", "17aa", "144d", "1344", "19e5"};
static const char *const ouis[] = {"00a075", "002538", "a428b7", "caf25b", "0000c0", "005076"};
static const char *const usbv[] = {"0634", "0951", "152d", "413c", "1d6b", "abcd"};
static const char *const acq[] = {"2016-05-01", "2017-08-31", "2020-01-01", "2023-03-01",
				  "not a date"};
static const char *const dates[] = {"2019-W23", "2015-W10", "2024-02-14", "garbage"};

/* A WWN or EUI-64 of the drive's own, in one of the forms the readers take. */
static void unique_id(struct inventory *inv, struct component *c, size_t i)
{
	switch (rnd() % 6) {
	case 0:
		component_setf(inv, c, FK_WWID, FIELD_RAW, "gen", "naa.5%s%09zx", PICK(ouis), i);
		break;
	case 1:
		component_setf(inv, c, FK_WWID, FIELD_RAW, "gen", "eui.%s%010zx", PICK(ouis), i);
		break;
	case 2:
		component_setf(inv, c, FK_EUI64, FIELD_RAW, "gen", "%s%s%010zx",
			       rnd() % 2 ? "eui." : "", PICK(ouis), i);
		break;
	case 3:
		component_setf(inv, c, FK_WWID, FIELD_RAW, "gen", "nvme.%s-%08zx", PICK(pcivendors),
			       i);
		break;
	case 4:
		component_setf(inv, c, FK_WWID, FIELD_RAW, "gen", "t10.ATA %zx", i);
		break;
	default: /* two of them */
		component_setf(inv, c, FK_WWID, FIELD_RAW, "gen", "naa.5%s%09zx", PICK(ouis), i);
		component_setf(inv, c, FK_EUI64, FIELD_RAW, "gen", "%s%010zx", PICK(ouis), i);
	}
}

static void generate(struct inventory *inv, size_t n, uint32_t seed)
{
	char id[32];
	rng = seed;
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof id, "c/%zu", i);
		struct component *c;
		switch (rnd() % 5) {
		case 0:
			c = inventory_add(inv, KIND_DIMM, id, "dmi");
			if (rnd() % 2) {
				component_set(inv, c, FK_JEDEC_MODULE, FIELD_RAW, PICK(spd), "spd");
				component_set(inv, c, FK_JEDEC_DRAM, FIELD_RAW, PICK(spd), "spd");
			}
			component_set(inv, c, FK_MANUFACTURER, 0, PICK(mfr), "dmi");
			if (rnd() % 2)
				component_set(inv, c, FK_PART_NUMBER, 0, PICK(parts), "dmi");
			if (rnd() % 2)
				component_set(inv, c, FK_MANUFACTURE_DATE, 0, PICK(dates), "spd");
			if (rnd() % 4 == 0)
				component_set_extra(inv, c, "smbios.manufacturer", 0, PICK(mfr),
						    "dmi");
			break;
		case 1:
			c = inventory_add(inv, rnd() % 3 ? KIND_NVME : KIND_DISK, id, "nvme");
			component_set(inv, c, FK_MODEL, 0, PICK(models), "nvme");
			if (rnd() % 2)
				component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, PICK(pcivendors),
					      "pci");
			if (rnd() % 2)
				component_set(inv, c, FK_PCI_SUBVENDOR, FIELD_RAW, PICK(subvendors),
					      "pci");
			if (rnd() % 3 == 0)
				component_set(inv, c, FK_IEEE_OUI, FIELD_RAW, PICK(ouis), "nvme");
			if (rnd() % 3 == 0)
				component_set(inv, c, FK_ACQUIRED, 0, PICK(acq), "po");
			break;
		case 2:
			c = inventory_add(inv, KIND_PCI, id, "pci");
			component_set(inv, c, FK_PCI_VENDOR, FIELD_RAW, PICK(pcivendors), "pci");
			component_set(inv, c, FK_PCI_CLASS, FIELD_RAW,
				      rnd() % 2 ? "020000" : "010802", "pci");
			break;
		case 3:
			c = inventory_add(inv, KIND_USB, id, "usb");
			component_set(inv, c, FK_USB_VENDOR, FIELD_RAW, PICK(usbv), "usb");
			if (rnd() % 2)
				component_set(inv, c, FK_USB_CLASS, FIELD_RAW, "08", "usb");
			if (rnd() % 2)
				component_set(inv, c, FK_PRODUCT, 0, PICK(models), "usb");
			break;
		default:
			c = inventory_add(inv, KIND_PART, id, "po.csv");
			component_set(inv, c, FK_MANUFACTURER, 0, PICK(mfr), "po.csv");
			component_set(inv, c, FK_PART_NUMBER, 0,
				      rnd() % 2 ? PICK(parts) : PICK(models), "po.csv");
			if (rnd() % 2)
				component_set(inv, c, FK_ACQUIRED, 0, PICK(acq), "po.csv");
			if (rnd() % 5 == 0)
				component_set_extra(inv, c, "query", 0, PICK(models), "cli");
		}
		if (rnd() % 3)
			unique_id(inv, c, i);
		if (rnd() % 4 == 0)
			component_set(inv, c, FK_SERIAL, 0, id, "gen"); /* not read: no effect */
	}
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static const char *S(const char *s)
{
	return s ? s : "(null)";
}

static bool same_ev(const struct evidence *a, const struct evidence *b, size_t n)
{
	if (n && (!a || !b))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!same_str(a[i].field, b[i].field) || !same_str(a[i].raw, b[i].raw) ||
		    !same_str(a[i].rule, b[i].rule) || !same_str(a[i].source, b[i].source) ||
		    !same_str(a[i].org, b[i].org) || a[i].conf != b[i].conf)
			return false;
	return true;
}

static bool same_maker(const struct maker *a, const struct maker *b)
{
	return same_str(a->org, b->org) && same_str(a->name, b->name) && a->conf == b->conf &&
	       same_str(a->unknown_reason, b->unknown_reason) && a->nev == b->nev &&
	       !a->ev == !b->ev && same_ev(a->ev, b->ev, a->nev);
}

static void expect_same(const struct component *c, const struct attribution *a,
			const struct attribution *b)
{
	const char *what = !same_maker(&a->maker, &b->maker)                     ? "maker"
			   : !same_maker(&a->chip_maker, &b->chip_maker)         ? "chip maker"
			   : !same_maker(&a->oem, &b->oem)                       ? "OEM"
			   : a->has_chip != b->has_chip                          ? "has_chip"
			   : a->nconflicts != b->nconflicts                      ? "conflicts"
			   : !same_ev(a->conflicts, b->conflicts, a->nconflicts) ? "conflicts"
										 : NULL;
	if (what)
		fail_msg("%s: %s differs: inventory %s (%s), alone %s (%s)", c->id, what,
			 S(a->maker.org), S(a->maker.unknown_reason), S(b->maker.org),
			 S(b->maker.unknown_reason));
}

/* Does every evidence entry quoting a WWN or EUI-64 quote this component's own? */
static void expect_own_raw(const struct component *c)
{
	const struct attribution *a = c->attr;
	const struct maker *m[] = {&a->maker, &a->chip_maker, &a->oem};
	for (int k = 0; k < 4; k++) {
		const struct evidence *e = k < 3 ? m[k]->ev : a->conflicts;
		size_t n = k < 3 ? m[k]->nev : a->nconflicts;
		for (size_t i = 0; i < n; i++) {
			if (strcmp(e[i].field, "wwid") && strcmp(e[i].field, "eui64"))
				continue;
			const struct field *f = component_field(
				c, !strcmp(e[i].field, "wwid") ? FK_WWID : FK_EUI64, true);
			assert_non_null(f);
			size_t off = (size_t)((uintptr_t)e[i].raw - (uintptr_t)f->value);
			if ((uintptr_t)e[i].raw < (uintptr_t)f->value || off > strlen(f->value))
				fail_msg("%s: evidence quotes %s, not its own %s %s", c->id,
					 e[i].raw, e[i].field, f->value);
		}
	}
}

static void test_inventory_as_alone(void **state)
{
	(void)state;
	const size_t n = 6000;
	day_t day = date_parse("2025-06-01");
	struct inventory *inv = inventory_new(), *alone = inventory_new();
	generate(inv, n, 2463534242u);
	generate(alone, n, 2463534242u);
	identify_inventory(kb, inv, day);
	for (size_t i = 0; i < n; i++)
		identify_component(kb, alone, &alone->comps[i], day);
	size_t shared = 0, quoting = 0;
	for (size_t i = 0; i < n; i++) {
		const struct component *c = &inv->comps[i];
		expect_same(c, c->attr, alone->comps[i].attr);
		expect_own_raw(c);
		for (size_t j = 0; j < i && j < 64; j++)
			shared += inv->comps[j].attr == c->attr;
		quoting += c->attr->maker.nev && c->attr->maker.ev[0].raw != NULL;
	}
	/* the work was shared, or this test would prove nothing */
	assert_true(shared > 0);
	assert_true(quoting > n / 2);
	inventory_free(inv);
	inventory_free(alone);
}

/* The sharing itself, on four drives of one model. */
static void test_what_is_shared(void **state)
{
	(void)state;
	static const char *const wwn[] = {
		"naa.5002538e4096d1c2", /* Samsung's OUI: evidence */
		"naa.5002538e4096d1c3",
		"naa.50050760000000a1", /* an OUI no tracked maker has: quoted nowhere */
		"naa.50050760000000a2",
	};
	struct inventory *inv = inventory_new();
	for (int i = 0; i < 4; i++) {
		static const char *const id[] = {"d0", "d1", "d2", "d3"};
		struct component *c = inventory_add(inv, KIND_NVME, id[i], "test");
		component_set(inv, c, FK_MODEL, 0, "Samsung SSD 970 EVO Plus 1TB", "test");
		component_set(inv, c, FK_WWID, FIELD_RAW, wwn[i], "test");
	}
	identify_inventory(kb, inv, date_parse("2025-06-01"));
	const struct attribution *a[4];
	for (int i = 0; i < 4; i++) {
		a[i] = inv->comps[i].attr;
		assert_string_equal(a[i]->maker.org, "samsung");
	}
	/* the WWN is evidence: two attributions, each quoting its drive's WWN */
	assert_ptr_not_equal(a[0], a[1]);
	assert_int_equal(a[0]->maker.nev, 2);
	assert_int_equal(a[1]->maker.nev, 2);
	assert_string_equal(a[0]->maker.ev[1].field, "wwid");
	assert_ptr_equal(a[0]->maker.ev[1].raw, inv->comps[0].fields[1].value);
	assert_ptr_equal(a[1]->maker.ev[1].raw, inv->comps[1].fields[1].value);
	assert_string_equal(a[1]->maker.ev[1].raw, "naa.5002538e4096d1c3");
	assert_string_equal(a[1]->maker.ev[1].rule, a[0]->maker.ev[1].rule);
	/* it names nobody: one attribution for both, which does not quote it */
	assert_ptr_equal(a[2], a[3]);
	assert_int_equal(a[2]->maker.nev, 1);
	assert_string_equal(a[2]->maker.ev[0].field, "model");
	inventory_free(inv);
}

/* When a side stays unknown, its reason may quote the WWN: never shared. */
static void test_reasons_not_shared(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	for (int i = 0; i < 2; i++) {
		struct component *c = inventory_add(inv, KIND_DISK, i ? "b" : "a", "test");
		component_set(inv, c, FK_MODEL, 0, "ACME HARDDISK", "test");
		component_setf(inv, c, FK_WWID, FIELD_RAW, "test", "naa.50050760000000%02x", i);
	}
	identify_inventory(kb, inv, date_parse("2025-06-01"));
	const struct attribution *a = inv->comps[0].attr, *b = inv->comps[1].attr;
	assert_ptr_not_equal(a, b);
	assert_null(a->maker.org);
	assert_null(b->maker.org);
	assert_non_null(strstr(a->maker.unknown_reason, "naa.5005076000000000"));
	assert_non_null(strstr(b->maker.unknown_reason, "naa.5005076000000001"));
	inventory_free(inv);
}

/* A WWN far longer than any (the digest refuses it) is attributed alone. */
static void test_hostile_unique(void **state)
{
	(void)state;
	static char big[80000];
	memcpy(big, "naa.5002538", 11);
	memset(big + 11, 'a', sizeof big - 12);
	struct inventory *inv = inventory_new(), *alone = inventory_new();
	struct inventory *both[] = {inv, alone};
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < 3; i++) {
			struct component *c = inventory_add(both[k], KIND_NVME, "x", "test");
			component_set(both[k], c, FK_MODEL, 0, "CT1000P1SSD8", "test");
			big[sizeof big - 2] = (char)('a' + i);
			component_set(both[k], c, FK_WWID, FIELD_RAW, big, "test");
			component_set(both[k], c, FK_EUI64, FIELD_RAW, "nvme.14", "test");
		}
	}
	identify_inventory(kb, inv, date_parse("2025-06-01"));
	for (int i = 0; i < 3; i++) {
		identify_component(kb, alone, &alone->comps[i], date_parse("2025-06-01"));
		expect_same(&inv->comps[i], inv->comps[i].attr, alone->comps[i].attr);
		expect_own_raw(&inv->comps[i]);
		/* Samsung's OUI in the WWN is a registered code: it outranks the
		 * Crucial model pattern, which becomes a conflict */
		assert_string_equal(inv->comps[i].attr->maker.org, "samsung");
		assert_int_equal(inv->comps[i].attr->nconflicts, 1);
	}
	inventory_free(inv);
	inventory_free(alone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inventory_as_alone),
		cmocka_unit_test(test_what_is_shared),
		cmocka_unit_test(test_reasons_not_shared),
		cmocka_unit_test(test_hostile_unique),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
