/*
 * test_judge.c — verdicts of every shipped rule on the boundaries of its
 * dates, scope, purpose limits and profiles, and the named cases.
 *
 * Attributions are set by hand (judgeutil.h), so these tests hold whatever
 * identify does; test_identified.c runs the same cases through identify.
 */
#include "judgeutil.h"

/* A fresh inventory and result per test. */
struct fx {
	struct inventory *inv;
	struct scan_result res;
	struct arena *a;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->inv = inventory_new();
	f->res.inv = f->inv;
	f->a = arena_new();
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	inventory_free(f->inv);
	arena_free(f->a);
	free(f);
	return 0;
}

static struct component *micron_dimm(struct fx *f, const char *made)
{
	struct component *c =
		t_part(f->inv, KIND_DIMM, "dimm/A1", "micron", CONF_CERTAIN, "micron");
	if (made)
		component_set(f->inv, c, FK_MANUFACTURE_DATE, 0, made, "spd/0-0050#320");
	return c;
}

static struct component *huawei_nic(struct fx *f, const char *org)
{
	struct component *c = t_part(f->inv, KIND_PCI, "pci/0000:3b:00.0", org, CONF_CERTAIN, NULL);
	component_set(f->inv, c, FK_PCI_CLASS, 0, "020000", "sysfs");
	return c;
}

/* ---------------------------------------------------------------------- */
/* CAC on Micron                                                           */

static void test_cac_micron_made_2024_prohibited(void **state)
{
	struct fx *f = *state;
	const struct finding *x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL,
					  micron_dimm(f, "2024-W07"), "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
	assert_true(x->binding);
	assert_string_equal(x->via, "maker");
	assert_string_equal(x->org, "micron");
	assert_string_equal(x->jurisdiction, "CN");
	assert_string_equal(x->rule_confidence, "confirmed");
	assert_int_equal(x->effective, date_parse("2023-05-21"));
	assert_string_equal(x->acquired, "on or after 2024-02-12 (made 2024-W07 (spd/0-0050#320))");
	assert_contains(x->reason, "necessarily acquired after it");
	assert_contains(x->citation, "Cybersecurity Law");
}

static void test_cac_micron_made_2019(void **state)
{
	struct fx *f = *state;
	struct component *c = micron_dimm(f, "2019-W10");
	const struct finding *x =
		t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_string_equal(x->acquired, "unknown");
	assert_contains(x->reason,
			"acquisition date unknown: PROHIBITED if acquired on or after 2023-05-21");
	/* the same part, delivered on 2024-01-01 */
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", "2024-01-01", c,
		    "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
	assert_string_equal(x->acquired, "2024-01-01 (--acquired)");
	/* delivered before the ban: may be kept */
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", "2023-05-20", c,
		    "cn-cac-micron-2023");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_contains(x->reason, "buying more (spares and replacements included) is barred");
}

static void test_cac_purchase_record_wins(void **state)
{
	struct fx *f = *state;
	struct component *c = micron_dimm(f, NULL);
	component_set(f->inv, c, FK_ACQUIRED, 0, "2022-11-30", "po-2022.csv:14");
	const struct finding *x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", "2024-01-01", c,
					  "cn-cac-micron-2023");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_string_equal(x->acquired, "2022-11-30 (purchase record: po-2022.csv:14)");
	component_set(f->inv, c, FK_ACQUIRED, 0, "2023-05-21", "po-2023.csv:2");
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
	/* a broken date is not evidence, and says so */
	component_set(f->inv, c, FK_ACQUIRED, 0, "31/05/2023", "po.csv:3");
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_contains(x->reason, "the acquired field \"31/05/2023\" is not a date");
}

/* A purchase record dating a part after it was seen in a machine is for
 * another unit, or wrong: the sight wins.  Before, a record of 2025 made a
 * module already in an inventory of 2023 PROHIBITED ("acquired after the
 * ban"). */
static void test_cac_record_after_sight(void **state)
{
	struct fx *f = *state;
	struct component *c = micron_dimm(f, NULL);
	component_set(f->inv, c, FK_ACQUIRED, 0, "2025-06-01", "po-2025.csv:7");
	/* collected before the ban: acquired before it */
	f->inv->host.collected_at = "2023-01-10T09:00:00Z";
	f->inv->host.collector = "chipscreen collect 0.1.0";
	const struct finding *x =
		t_judge(&f->res, t_named("cn-cii"), "2025-08-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_string_equal(x->acquired,
			    "before 2023-05-21 (already in the inventory collected "
			    "2023-01-10T09:00:00Z (chipscreen collect 0.1.0))");
	assert_contains(x->reason,
			"the acquisition date 2025-06-01 (purchase record: po-2025.csv:7) is after "
			"the part was in the inventory collected 2023-01-10T09:00:00Z (chipscreen "
			"collect 0.1.0): that record is for another unit or wrong, and the sight wins");
	/* collected after the ban: when it was bought is not known */
	f->inv->host.collected_at = "2024-03-01T09:00:00Z";
	x = t_judge(&f->res, t_named("cn-cii"), "2025-08-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_string_equal(x->acquired, "unknown");
	assert_contains(x->reason, "acquisition date unknown: PROHIBITED if acquired on or after "
				   "2023-05-21");
	assert_contains(x->reason, "that record is for another unit or wrong");
	/* a record on or before the sight stands */
	f->inv->host.collected_at = "2025-07-01T09:00:00Z";
	x = t_judge(&f->res, t_named("cn-cii"), "2025-08-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
	assert_string_equal(x->acquired, "2025-06-01 (purchase record: po-2025.csv:7)");
	/* a purchase order's own line is no sight: a planned purchase */
	struct component *po =
		t_part(f->inv, KIND_PART, "po/1", "micron", CONF_CERTAIN, "micron");
	component_set(f->inv, po, FK_ACQUIRED, 0, "2025-09-01", "po-2025.csv:8");
	x = t_judge(&f->res, t_named("cn-cii"), "2025-10-01", NULL, po, "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
}

static void test_cac_iso_week_boundary(void **state)
{
	struct fx *f = *state;
	/* 2023-W21 starts Monday 2023-05-22, after the ban: made after it */
	const struct finding *x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL,
					  micron_dimm(f, "2023-W21"), "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
	/* 2023-W20 runs 05-15..05-21: may have been made before the ban */
	fx_teardown(state);
	fx_setup(state);
	f = *state;
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, micron_dimm(f, "2023-W20"),
		    "cn-cac-micron-2023");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	/* a day date works too, and a bad SPD CRC makes it no evidence */
	fx_teardown(state);
	fx_setup(state);
	f = *state;
	struct component *c = micron_dimm(f, "2023-05-21");
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
	((struct field *)component_field(c, FK_MANUFACTURE_DATE, false))->flags |= FIELD_UNTRUSTED;
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_contains(x->reason, "is not used: its source failed its own check");
}

static void test_cac_dates(void **state)
{
	struct fx *f = *state;
	struct component *c = micron_dimm(f, "2024-W07");
	const struct finding *x =
		t_judge(&f->res, t_named("cn-cii"), "2023-05-20", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_INFO);
	assert_false(x->binding);
	assert_contains(x->reason, "not in force yet: from 2023-05-21");
	x = t_judge(&f->res, t_named("cn-cii"), "2023-05-21", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
}

static void test_cac_chip_inside_kingston(void **state)
{
	struct fx *f = *state;
	struct component *c =
		t_part(f->inv, KIND_DIMM, "dimm/B1", "kingston", CONF_CERTAIN, "micron");
	const struct finding *x =
		t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_REVIEW);
	assert_true(x->binding);
	assert_string_equal(x->via, "chip_maker");
	assert_contains(x->reason, "its chips are made by");
	assert_contains(x->reason, "whether it reaches Micron chips inside other makers' modules");
	assert_contains(x->reason, "it would be NO-NEW-PURCHASE");
	assert_contains(x->reach, "is not stated");
}

static void test_cac_not_bound_and_weak(void **state)
{
	struct fx *f = *state;
	struct component *c = micron_dimm(f, "2024-W07");
	const struct finding *x = t_judge(&f->res, t_named("us-exporter"), "2025-03-01", NULL, c,
					  "cn-cac-micron-2023");
	assert_verdict(x, V_INFO);
	assert_false(x->binding);
	assert_contains(x->reason, "binds jurisdiction=CN and cii=yes, not this operator");
	/* a CN operator that is not CII */
	x = t_judge(&f->res, t_profile(f->a, NULL, "jurisdiction=CN", "cii=no", NULL), "2025-03-01",
		    NULL, c, "cn-cac-micron-2023");
	assert_verdict(x, V_INFO);
	/* a maker guessed from a free-text name: REVIEW, naming the verdict it would be */
	struct component *w = t_part(f->inv, KIND_DIMM, "dimm/C1", "micron", CONF_WEAK, NULL);
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", "2024-01-01", w,
		    "cn-cac-micron-2023");
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "the attribution is weak");
	assert_contains(x->reason, "it would be PROHIBITED");
}

static void test_cac_other_and_unknown_makers(void **state)
{
	struct fx *f = *state;
	struct component *s =
		t_part(f->inv, KIND_DIMM, "dimm/S", "samsung", CONF_CERTAIN, "samsung");
	t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, s, "cn-cac-micron-2023");
	assert_int_equal(f->res.nfindings, 0);
	/* unknown maker of a memory module: Micron makes those, a person must look */
	struct component *u = t_part(f->inv, KIND_DIMM, "dimm/U", NULL, CONF_NONE, NULL);
	const struct finding *x =
		t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, u, "cn-cac-micron-2023");
	assert_verdict(x, V_REVIEW);
	assert_string_equal(x->org, "unknown");
	assert_contains(x->reason, "the maker of this memory part is unknown");
	/* ... not so for a USB keyboard, and not in the exposure view */
	struct component *k = t_part(f->inv, KIND_USB, "usb/1-1", NULL, CONF_NONE, NULL);
	component_set(f->inv, k, FK_USB_CLASS, 0, "03", "sysfs");
	t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, k, "cn-cac-micron-2023");
	assert_int_equal(f->res.nfindings, 0);
	t_judge(&f->res, NULL, "2025-03-01", NULL, u, "cn-cac-micron-2023");
	assert_int_equal(f->res.nfindings, 0);
	/* before the ban, an unknown maker is no question yet */
	t_judge(&f->res, t_named("cn-cii"), "2023-05-20", NULL, u, "cn-cac-micron-2023");
	assert_int_equal(f->res.nfindings, 0);
}

/* ---------------------------------------------------------------------- */
/* Exposure view                                                           */

static void test_exposure_view(void **state)
{
	struct fx *f = *state;
	struct component *nic = huawei_nic(f, "huawei");
	t_judge(&f->res, NULL, "2025-03-01", NULL, nic, "x");
	/* every measure naming Huawei, in every jurisdiction, none binding */
	static const char *const want[] = {
		"de-5g-huawei-zte-2024",
		"se-pts-huawei-zte-2020",
		"uk-dvd-huawei-2022",
		"us-bis-el-huawei-2019",
		"us-fcc-22-84-authorization",
		"us-fcc-covered-list-usf",
		"us-ndaa889-a1a",
		"us-ndaa889-a1b",
	};
	assert_int_equal(f->res.nfindings, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < f->res.nfindings; i++) {
		assert_string_equal(f->res.findings[i].rule_id, want[i]);
		assert_int_equal(f->res.findings[i].verdict, V_INFO);
		assert_false(f->res.findings[i].binding);
		assert_contains(f->res.findings[i].reason, "exposure view (no profile)");
	}
	/* the Entity List one says where it bites */
	assert_contains(f->res.findings[3].reason, "LICENSE");
}

/* ---------------------------------------------------------------------- */
/* Entity List and 1260H: information in a hardware scan, for everyone     */

static void test_entity_list_info_for_every_profile(void **state)
{
	struct fx *f = *state;
	struct component *ssd = t_part(f->inv, KIND_NVME, "nvme/nvme0", "ymtc", CONF_CERTAIN, NULL);
	for (size_t i = 0; i < T_rs->nprofiles; i++) {
		const struct finding *x = t_judge(&f->res, &T_rs->profiles[i], "2025-03-01",
						  "2024-06-01", ssd, "us-bis-el-ymtc-2022");
		assert_verdict(x, V_INFO);
		assert_false(x->binding);
		assert_contains(x->reason, "restricts exports to Yangtze Memory");
		assert_contains(x->reason, "LICENSE");
		x = t_judge(&f->res, &T_rs->profiles[i], "2025-03-01", NULL, ssd,
			    "us-dod-1260h-ymtc-2024");
		assert_verdict(x, V_INFO);
	}
	struct component *smic = t_part(f->inv, KIND_CPU, "cpu/0", "smic", CONF_CERTAIN, NULL);
	assert_verdict(t_judge(&f->res, t_named("us-exporter"), "2021-01-01", NULL, smic,
			       "us-bis-el-smic-2020"),
		       V_INFO);
	struct component *cx = t_part(f->inv, KIND_DIMM, "dimm/X", "cxmt", CONF_CERTAIN, "cxmt");
	const struct finding *x = t_judge(&f->res, t_named("us-federal-agency"), "2025-03-01", NULL,
					  cx, "us-dod-1260h-cxmt-2025");
	assert_verdict(x, V_INFO);
	assert_string_equal(x->rule_confidence, "unverified");
}

/* ---------------------------------------------------------------------- */
/* NDAA §889                                                               */

static void test_889_a1a_agency(void **state)
{
	struct fx *f = *state;
	struct component *nic = huawei_nic(f, "huawei");
	const struct profile *p = t_named("us-federal-agency");
	assert_verdict(t_judge(&f->res, p, "2019-08-12", NULL, nic, "us-ndaa889-a1a"), V_INFO);
	assert_verdict(t_judge(&f->res, p, "2019-08-13", NULL, nic, "us-ndaa889-a1a"),
		       V_NO_NEW_PURCHASE);
	const struct finding *x =
		t_judge(&f->res, p, "2020-01-01", "2019-09-01", nic, "us-ndaa889-a1a");
	assert_verdict(x, V_PROHIBITED);
	assert_contains(x->citation, "FAR 52.204-25 (84 FR 40216, 2019-08-13)");
	/* a1b does not bind an agency */
	assert_verdict(t_judge(&f->res, p, "2021-01-01", NULL, nic, "us-ndaa889-a1b"), V_INFO);
}

static void test_889_a1b_contractor(void **state)
{
	struct fx *f = *state;
	struct component *nic = huawei_nic(f, "zte");
	const struct profile *p = t_named("us-federal-contractor");
	const struct finding *x = t_judge(&f->res, p, "2020-08-12", NULL, nic, "us-ndaa889-a1b");
	assert_verdict(x, V_INFO);
	assert_false(x->binding);
	x = t_judge(&f->res, p, "2020-08-13", NULL, nic, "us-ndaa889-a1b");
	assert_verdict(x, V_PROHIBITED);
	assert_true(x->binding);
	assert_contains(x->reason, "use barred since 2020-08-13");
	/* a Huawei processor is not telecommunications equipment */
	struct component *cpu = t_part(f->inv, KIND_CPU, "cpu/0", "huawei", CONF_CERTAIN, NULL);
	x = t_judge(&f->res, p, "2021-01-01", NULL, cpu, "us-ndaa889-a1b");
	assert_verdict(x, V_INFO);
	assert_contains(x->reason, "this part is processor");
	/* a Huawei part of unknown class: REVIEW */
	struct component *part = t_part(f->inv, KIND_PART, "po/1", "huawei", CONF_STRONG, NULL);
	x = t_judge(&f->res, p, "2021-01-01", NULL, part, "us-ndaa889-a1b");
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "product class unknown");
	assert_contains(x->reason, "it would be PROHIBITED");
}

static struct component *camera(struct fx *f, const char *org, const char *purpose)
{
	struct component *c = t_part(f->inv, KIND_PART, "po/cam", org, CONF_STRONG, NULL);
	component_set_extra(f->inv, c, "product_class", 0, "video-surveillance-equipment",
			    "po.csv:4");
	if (purpose)
		component_set(f->inv, c, FK_PURPOSE, 0, purpose, "po.csv:4");
	return c;
}

static void test_889_hikvision_purpose_limb(void **state)
{
	struct fx *f = *state;
	const struct profile *p = t_named("us-federal-contractor");
	const struct finding *x = t_judge(&f->res, p, "2021-01-01", NULL,
					  camera(f, "hikvision", NULL), "us-ndaa889-a1b");
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "its purpose is not declared");
	assert_contains(x->reason, "it would be PROHIBITED");
	x = t_judge(&f->res, p, "2021-01-01", NULL, camera(f, "dahua", "general"),
		    "us-ndaa889-a1b");
	assert_verdict(x, V_INFO);
	assert_false(x->binding);
	assert_contains(x->reason, "is outside the purposes");
	x = t_judge(&f->res, p, "2021-01-01", NULL, camera(f, "hytera", "public-safety"),
		    "us-ndaa889-a1b");
	assert_verdict(x, V_PROHIBITED);
	/* a purpose from the profile counts when the part declares none */
	x = t_judge(&f->res,
		    t_profile(f->a, "us-federal-contractor", "purpose=national-security", NULL),
		    "2021-01-01", NULL, camera(f, "hikvision", NULL), "us-ndaa889-a1b");
	assert_verdict(x, V_PROHIBITED);
	/* the part's own declaration wins over the profile's */
	x = t_judge(&f->res,
		    t_profile(f->a, "us-federal-contractor", "purpose=national-security", NULL),
		    "2021-01-01", NULL, camera(f, "hikvision", "general"), "us-ndaa889-a1b");
	assert_verdict(x, V_INFO);
}

/* ---------------------------------------------------------------------- */
/* NDAA §5949                                                              */

static void test_5949_takes_effect(void **state)
{
	struct fx *f = *state;
	struct component *ssd = t_part(f->inv, KIND_NVME, "nvme/nvme0", "ymtc", CONF_CERTAIN, NULL);
	const struct profile *p = t_named("us-federal-agency");
	const struct finding *x = t_judge(&f->res, p, "2027-12-22", NULL, ssd, "us-ndaa5949-a1a");
	assert_verdict(x, V_INFO);
	assert_contains(x->reason, "not in force yet: from 2027-12-23");
	x = t_judge(&f->res, p, "2027-12-23", NULL, ssd, "us-ndaa5949-a1a");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	x = t_judge(&f->res, p, "2028-06-01", "2028-01-10", ssd, "us-ndaa5949-a1a");
	assert_verdict(x, V_PROHIBITED);
	/* CXMT DRAM on a Kingston module: §5949 reaches parts that include them */
	struct component *d = t_part(f->inv, KIND_DIMM, "dimm/K", "kingston", CONF_CERTAIN, "cxmt");
	x = t_judge(&f->res, p, "2028-06-01", "2028-01-10", d, "us-ndaa5949-a1a");
	assert_verdict(x, V_PROHIBITED);
	assert_string_equal(x->via, "chip_maker");
	/* contractors: what they supply, a person's decision */
	x = t_judge(&f->res, t_named("us-federal-contractor"), "2027-12-22", NULL, ssd,
		    "us-ndaa5949-a1b");
	assert_verdict(x, V_INFO);
	x = t_judge(&f->res, t_named("us-federal-contractor"), "2027-12-23", NULL, ssd,
		    "us-ndaa5949-a1b");
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "binds what the operator supplies");
}

static void test_5949_unknown_dram_maker(void **state)
{
	struct fx *f = *state;
	struct component *d = t_part(f->inv, KIND_DIMM, "dimm/K", "kingston", CONF_CERTAIN, NULL);
	const struct finding *x = t_judge(&f->res, t_named("us-federal-agency"), "2028-01-01", NULL,
					  d, "us-ndaa5949-a1a");
	assert_verdict(x, V_REVIEW);
	assert_string_equal(x->via, "chip_maker");
	assert_contains(x->reason, "chip maker unknown (no SPD): could be Yangtze Memory "
				   "Technologies Co., Ltd. or ChangXin Memory Technologies, Inc. DRAM");
	assert_contains(x->reason, "SPD EEPROM");
	/* CAC leaves open whether it reaches chips: an unknown DRAM maker is a question
	 * (issue 12 item 2: unknown must not be safer than known Micron DRAM) */
	x = t_judge(&f->res, t_named("cn-cii"), "2025-01-01", NULL, d, "cn-cac-micron-2023");
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "could be Micron Technology, Inc. DRAM");
	assert_contains(x->reason, "may reach chips inside other makers' parts");
	/* before 2027-12-23 nothing to ask */
	t_judge(&f->res, t_named("us-federal-agency"), "2027-12-22", NULL, d, "us-ndaa5949-a1a");
	assert_int_equal(f->res.nfindings, 0);
}

/* ---------------------------------------------------------------------- */
/* FCC                                                                     */

static void test_fcc_covered_list_usf(void **state)
{
	struct fx *f = *state;
	const struct profile *p = t_named("us-usf-carrier");
	struct component *nic = huawei_nic(f, "huawei");
	assert_verdict(t_judge(&f->res, p, "2021-03-11", NULL, nic, "us-fcc-covered-list-usf"),
		       V_INFO);
	const struct finding *x =
		t_judge(&f->res, p, "2021-03-12", NULL, nic, "us-fcc-covered-list-usf");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_string_equal(x->url, "https://www.fcc.gov/supplychain/coveredlist");
	/* DJI: named from its own entry date */
	struct component *cam = t_part(f->inv, KIND_USB, "usb/2-1", "dji", CONF_CERTAIN, NULL);
	component_set(f->inv, cam, FK_USB_CLASS, 0, "0e", "sysfs");
	x = t_judge(&f->res, p, "2025-12-21", NULL, cam, "us-fcc-covered-list-usf");
	assert_verdict(x, V_INFO);
	x = t_judge(&f->res, p, "2025-12-22", NULL, cam, "us-fcc-covered-list-usf");
	assert_verdict(x, V_NO_NEW_PURCHASE);
	assert_int_equal(x->effective, date_parse("2025-12-22"));
	/* Kaspersky: software; a Kaspersky USB token is not covered */
	struct component *tok =
		t_part(f->inv, KIND_USB, "usb/2-2", "kaspersky", CONF_CERTAIN, NULL);
	component_set(f->inv, tok, FK_USB_CLASS, 0, "0b", "sysfs");
	x = t_judge(&f->res, p, "2023-01-01", NULL, tok, "us-fcc-covered-list-usf");
	assert_verdict(x, V_INFO);
	assert_contains(x->reason, "covers only software");
}

static void test_fcc_22_84(void **state)
{
	struct fx *f = *state;
	struct component *nic = huawei_nic(f, "huawei");
	const struct profile *sup = t_profile(f->a, NULL, "equipment_supplier=yes", NULL);
	assert_verdict(t_judge(&f->res, sup, "2023-02-05", NULL, nic, "us-fcc-22-84-authorization"),
		       V_INFO);
	const struct finding *x =
		t_judge(&f->res, sup, "2023-02-06", NULL, nic, "us-fcc-22-84-authorization");
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "holds an authorization granted before 2023-02-06");
	/* an owner is not bound */
	assert_verdict(t_judge(&f->res, t_named("us-usf-carrier"), "2024-01-01", NULL, nic,
			       "us-fcc-22-84-authorization"),
		       V_INFO);
}

/* ---------------------------------------------------------------------- */
/* UK, Germany, Sweden: deadlines by network part                          */

static void test_uk_dvd(void **state)
{
	struct fx *f = *state;
	struct component *nic = huawei_nic(f, "huawei");
	const char *id = "uk-dvd-huawei-2022";
	const struct profile *p = t_named("uk-telecom-provider");
	const struct finding *x = t_judge(&f->res, p, "2024-01-01", NULL, nic, id);
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "the part of the network is not declared");
	const struct profile *ran =
		t_profile(f->a, "uk-telecom-provider", "network=5g-access", NULL);
	assert_verdict(t_judge(&f->res, ran, "2022-10-12", NULL, nic, id), V_INFO);
	x = t_judge(&f->res, ran, "2024-01-01", NULL, nic, id);
	assert_verdict(x, V_REMOVE_BY);
	assert_int_equal(x->deadline, date_parse("2027-12-31"));
	assert_contains(x->deadline_what, "remove all Huawei equipment from 5G networks");
	assert_verdict(t_judge(&f->res, ran, "2027-12-31", NULL, nic, id), V_REMOVE_BY);
	assert_verdict(t_judge(&f->res, ran, "2028-01-01", NULL, nic, id), V_PROHIBITED);
	/* installed after the 2022-10-13 direction: barred at once */
	assert_verdict(t_judge(&f->res, ran, "2024-01-01", "2023-03-01", nic, id), V_PROHIBITED);
	const struct profile *core = t_profile(f->a, "uk-telecom-provider", "network=core", NULL);
	x = t_judge(&f->res, core, "2023-12-31", NULL, nic, id);
	assert_verdict(x, V_REMOVE_BY);
	assert_int_equal(x->deadline, date_parse("2023-12-31"));
	assert_verdict(t_judge(&f->res, core, "2024-01-01", NULL, nic, id), V_PROHIBITED);
	x = t_judge(&f->res, t_profile(f->a, "uk-telecom-provider", "network=none", NULL),
		    "2024-01-01", NULL, nic, id);
	assert_verdict(x, V_INFO);
	assert_contains(x->reason, "is outside the parts this measure covers");
	x = t_judge(&f->res,
		    t_profile(f->a, "uk-telecom-provider", "network=full-fibre-access", NULL),
		    "2024-01-01", NULL, nic, id);
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "35 %");
	/* the component's own declaration */
	component_set(f->inv, nic, FK_PURPOSE, 0, "national-security-site", "asset-register");
	assert_verdict(t_judge(&f->res, p, "2023-01-28", NULL, nic, id), V_REMOVE_BY);
	assert_verdict(t_judge(&f->res, p, "2023-01-29", NULL, nic, id), V_PROHIBITED);
}

static void test_de_5g(void **state)
{
	struct fx *f = *state;
	struct component *nic = huawei_nic(f, "zte");
	const char *id = "de-5g-huawei-zte-2024";
	const struct profile *core = t_profile(f->a, "de-mno", "network=5g-core", NULL);
	assert_verdict(t_judge(&f->res, core, "2024-07-10", NULL, nic, id), V_INFO);
	const struct finding *x = t_judge(&f->res, core, "2026-12-31", NULL, nic, id);
	assert_verdict(x, V_REMOVE_BY);
	assert_int_equal(x->deadline, date_parse("2026-12-31"));
	assert_verdict(t_judge(&f->res, core, "2027-01-01", NULL, nic, id), V_PROHIBITED);
	const struct profile *mgmt = t_profile(f->a, "de-mno", "network=5g-management", NULL);
	x = t_judge(&f->res, mgmt, "2027-01-01", NULL, nic, id);
	assert_verdict(x, V_REMOVE_BY);
	assert_int_equal(x->deadline, date_parse("2029-12-31"));
	assert_verdict(t_judge(&f->res, mgmt, "2030-01-01", NULL, nic, id), V_PROHIBITED);
	/* not a party to the contracts */
	assert_verdict(t_judge(&f->res,
			       t_profile(f->a, NULL, "jurisdiction=DE", "network=5g-core", NULL),
			       "2027-01-01", NULL, nic, id),
		       V_INFO);
}

static void test_se_pts(void **state)
{
	struct fx *f = *state;
	struct component *nic = huawei_nic(f, "huawei");
	const char *id = "se-pts-huawei-zte-2020";
	const struct profile *p = t_profile(f->a, "se-operator", "network=central-function", NULL);
	assert_verdict(t_judge(&f->res, p, "2020-10-19", NULL, nic, id), V_INFO);
	const struct finding *x = t_judge(&f->res, p, "2024-12-31", NULL, nic, id);
	assert_verdict(x, V_REMOVE_BY);
	assert_int_equal(x->deadline, date_parse("2025-01-01"));
	assert_verdict(t_judge(&f->res, p, "2025-01-02", NULL, nic, id), V_PROHIBITED);
	assert_verdict(t_judge(&f->res, p, "2022-01-01", "2021-06-01", nic, id), V_PROHIBITED);
}

/* ---------------------------------------------------------------------- */
/* Whole inventory                                                         */

static void test_inventory_and_worst(void **state)
{
	struct fx *f = *state;
	micron_dimm(f, "2024-W07");
	t_part(f->inv, KIND_NVME, "nvme/nvme0", "ymtc", CONF_CERTAIN, NULL);
	huawei_nic(f, "huawei");
	t_part(f->inv, KIND_CPU, "cpu/0", "intel", CONF_CERTAIN, NULL);
	struct judge_opts o = {T_rs, T_kb, t_named("cn-cii"), date_parse("2025-03-01"), 0};
	judge_inventory(&o, &f->res);
	assert_string_equal(f->res.profile, "cn-cii");
	assert_string_equal(f->res.ruleset_version, T_rs->version);
	assert_int_equal(scan_worst(&f->res), V_PROHIBITED);
	size_t binding = 0;
	for (size_t i = 0; i < f->res.nfindings; i++)
		binding += f->res.findings[i].binding;
	assert_int_equal(binding, 1); /* only CAC binds a CN CII operator */
	struct scan_result empty = {0};
	struct inventory *none = inventory_new();
	empty.inv = none;
	/* nothing read: never clear (chipscreen.h NOTHING_READ_REASON) */
	assert_int_equal(scan_worst(&empty), V_REVIEW);
	empty.inv = NULL;
	assert_int_equal(scan_worst(&empty), -1);
	inventory_free(none);
}

/* ---------------------------------------------------------------------- */
/* Relations: brands, unconfirmed links, shared attributions               */

/* A component identified by the real knowledge base, as scan does it. */
static struct component *identified(struct fx *f, enum kind k, const char *id, const char *model,
				    const char *pci_vendor)
{
	struct component *c = inventory_add(f->inv, k, id, "test");
	if (model)
		component_set(f->inv, c, FK_MODEL, 0, model, "test/model");
	if (pci_vendor)
		component_set(f->inv, c, FK_PCI_VENDOR, 0, pci_vendor, "test/vendor");
	identify_component(T_kb, f->inv, c, date_parse("2025-03-01"));
	assert_non_null(c->attr);
	return c;
}

/* HiSilicon is Huawei's subsidiary only by an unconfirmed link: §889 names
 * Huawei's subsidiaries, but the verdict must wait for a person. */
static void test_889_hisilicon_unconfirmed(void **state)
{
	struct fx *f = *state;
	assert_non_null(kb_org_name(T_kb, "hisilicon"));
	struct component *nic = huawei_nic(f, "hisilicon");
	const struct finding *x = t_judge(&f->res, t_named("us-federal-contractor"), "2025-03-01",
					  NULL, nic, "us-ndaa889-a1b");
	assert_verdict(x, V_REVIEW);
	assert_true(x->binding);
	assert_string_equal(x->org, "huawei");
	assert_contains(x->reason, "made by HiSilicon Technologies Co., Ltd.");
	assert_contains(x->reason, "the link to Huawei Technologies Company is unconfirmed");
	assert_contains(x->reason, "it would be PROHIBITED: use barred since 2020-08-13");
	assert_string_equal(x->relation,
			    "HiSilicon Technologies Co., Ltd. is a subsidiary of Huawei "
			    "Technologies Co., Ltd. (unconfirmed: HiSilicon, About (a Huawei "
			    "company), https://www.hisilicon.com/en/about-us)");
	assert_null(x->brief);
	/* the agency limb, a purchase ban: REVIEW too, never NO-NEW-PURCHASE */
	x = t_judge(&f->res, t_named("us-federal-agency"), "2025-03-01", "2024-01-01", nic,
		    "us-ndaa889-a1a");
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "it would be PROHIBITED");
	/* Huawei itself: PROHIBITED, no relation */
	x = t_judge(&f->res, t_named("us-federal-contractor"), "2025-03-01", NULL,
		    huawei_nic(f, "huawei"), "us-ndaa889-a1b");
	assert_verdict(x, V_PROHIBITED);
	assert_null(x->relation);
}

/* Lorex: Dahua's (secondary) until the sale agreement of 2022-11-23, then
 * unconfirmed until the closing, then Skywatch's. */
static void test_889_lorex_over_time(void **state)
{
	struct fx *f = *state;
	const struct profile *p = t_named("us-federal-contractor");
	struct component *cam = camera(f, "lorex", "public-safety");
	component_set(f->inv, cam, FK_ACQUIRED, 0, "2022-06-01", "po.csv:2");
	const struct finding *x = t_judge(&f->res, p, "2025-03-01", NULL, cam, "us-ndaa889-a1b");
	assert_verdict(x, V_PROHIBITED);
	assert_contains(x->relation, "Lorex was a subsidiary of Zhejiang Dahua Technology");
	assert_contains(x->relation, "(secondary: Dahua Technology announcement 2022-094");
	component_set(f->inv, cam, FK_ACQUIRED, 0, "2023-06-01", "po.csv:2");
	x = t_judge(&f->res, p, "2025-03-01", NULL, cam, "us-ndaa889-a1b");
	assert_verdict(x, V_REVIEW);
	assert_contains(x->reason, "is unconfirmed");
	assert_contains(x->reason, "it would be PROHIBITED");
	assert_contains(x->relation, "(unconfirmed: Dahua Technology announcement 2022-094");
	component_set(f->inv, cam, FK_ACQUIRED, 0, "2024-06-01", "po.csv:2");
	assert_null(t_judge(&f->res, p, "2025-03-01", NULL, cam, "us-ndaa889-a1b"));
}

/* A Crucial SSD is Micron's: the finding says through which brand. */
static void test_cac_crucial_brand(void **state)
{
	struct fx *f = *state;
	struct component *ssd = identified(f, KIND_NVME, "nvme/nvme1", "CT1000P5PSSD8", NULL);
	assert_string_equal(ssd->attr->maker.org, "micron");
	const struct finding *x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", "2024-05-02",
					  ssd, "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
	assert_string_equal(x->relation,
			    "Crucial is a brand of Micron Technology, Inc. (confirmed)");
	/* the same when the PCI vendor id names Micron itself */
	ssd = identified(f, KIND_NVME, "nvme/nvme2", "CT1000P5PSSD8", "c0a9");
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", "2024-05-02", ssd,
		    "cn-cac-micron-2023");
	assert_verdict(x, V_PROHIBITED);
	assert_contains(x->relation, "Crucial is a brand of Micron Technology, Inc.");
	/* a Micron part named as Micron: no relation */
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", "2024-05-02", micron_dimm(f, NULL),
		    "cn-cac-micron-2023");
	assert_null(x->relation);
}

/* ZhiTai is YMTC's brand: by the model alone (identify records the
 * ownership step), and when YMTC's own PCI id outweighs the model. */
static void test_zhitai_relation(void **state)
{
	struct fx *f = *state;
	static const char want[] =
		"ZhiTai (致态) is a brand of Yangtze Memory Technologies Co., Ltd. (confirmed)";
	struct component *a = identified(f, KIND_NVME, "nvme/nvme0", "ZHITAI TiPlus7100 1TB", NULL);
	struct component *b =
		identified(f, KIND_NVME, "nvme/nvme1", "ZHITAI TiPlus7100 1TB", "1e49");
	const struct profile *p = t_named("us-federal-agency");
	const struct finding *x =
		t_judge(&f->res, p, "2028-01-02", "2028-01-02", a, "us-ndaa5949-a1a");
	assert_verdict(x, V_PROHIBITED);
	assert_string_equal(x->relation, want);
	x = t_judge(&f->res, p, "2028-01-02", "2028-01-02", b, "us-ndaa5949-a1a");
	assert_verdict(x, V_PROHIBITED);
	assert_string_equal(x->relation, want);
	/* INFO findings carry it too, with a brief */
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, b, "us-bis-el-ymtc-2022");
	assert_verdict(x, V_INFO);
	assert_string_equal(x->relation, want);
	assert_string_equal(x->brief, "export restriction: matters when screening customers");
}

/* The briefs of INFO findings: whom the measure binds, or why it does not bite. */
static void test_info_briefs(void **state)
{
	struct fx *f = *state;
	struct component *nic = huawei_nic(f, "huawei");
	const struct finding *x =
		t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, nic, "us-ndaa889-a1b");
	assert_verdict(x, V_INFO);
	assert_string_equal(x->brief, "binds federal_contractor=yes, not this profile");
	struct component *ssd = t_part(f->inv, KIND_NVME, "nvme/nvme0", "ymtc", CONF_CERTAIN, NULL);
	x = t_judge(&f->res, t_named("us-federal-agency"), "2027-12-22", NULL, ssd,
		    "us-ndaa5949-a1a");
	assert_verdict(x, V_INFO);
	assert_string_equal(x->brief, "not in force until 2027-12-23");
	x = t_judge(&f->res, t_named("cn-cii"), "2025-03-01", NULL, ssd, "us-dod-1260h-ymtc-2024");
	assert_string_equal(x->brief, "a listing: restricts no purchase or use by itself");
	struct component *cpu = t_part(f->inv, KIND_CPU, "cpu/0", "huawei", CONF_CERTAIN, NULL);
	x = t_judge(&f->res, t_named("us-federal-contractor"), "2021-01-01", NULL, cpu,
		    "us-ndaa889-a1b");
	assert_string_equal(x->brief, "not covered: covers only telecom-equipment, not processor");
	x = t_judge(&f->res, NULL, "2025-03-01", NULL, micron_dimm(f, NULL), "cn-cac-micron-2023");
	assert_string_equal(
		x->brief, "restricts purchase from 2023-05-21; binds jurisdiction=CN and cii=yes");
	/* binding verdicts have none: the table shows them in full */
	x = t_judge(&f->res, t_named("us-federal-contractor"), "2021-01-01", NULL, nic,
		    "us-ndaa889-a1b");
	assert_verdict(x, V_PROHIBITED);
	assert_null(x->brief);
}

/* identify gives identical parts one attribution: judging must not touch it. */
static void test_shared_attribution_read_only(void **state)
{
	struct fx *f = *state;
	struct component *a = micron_dimm(f, "2019-W18");
	struct component *b = inventory_add(f->inv, KIND_DIMM, "dimm/A2", "test"); /* may move a */
	a = inventory_find(f->inv, "dimm/A1");
	component_set(f->inv, b, FK_MANUFACTURE_DATE, 0, "2024-W07", "spd/0-0051#320");
	b->attr = a->attr;
	struct attribution before = *a->attr;
	struct judge_opts o = {T_rs, T_kb, t_named("cn-cii"), date_parse("2025-03-01"), 0};
	judge_inventory(&o, &f->res);
	assert_memory_equal(a->attr, &before, sizeof before);
	assert_ptr_equal(a->attr, b->attr);
	assert_string_equal(a->attr->maker.org, "micron");
	/* one attribution, two verdicts: the dates are the components' own */
	assert_int_equal(f->res.nfindings, 2);
	assert_verdict(&f->res.findings[0], V_NO_NEW_PURCHASE);
	assert_verdict(&f->res.findings[1], V_PROHIBITED);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_cac_micron_made_2024_prohibited),
		T(test_cac_micron_made_2019),
		T(test_cac_purchase_record_wins),
		T(test_cac_record_after_sight),
		T(test_cac_iso_week_boundary),
		T(test_cac_dates),
		T(test_cac_chip_inside_kingston),
		T(test_cac_not_bound_and_weak),
		T(test_cac_other_and_unknown_makers),
		T(test_exposure_view),
		T(test_entity_list_info_for_every_profile),
		T(test_889_a1a_agency),
		T(test_889_a1b_contractor),
		T(test_889_hikvision_purpose_limb),
		T(test_5949_takes_effect),
		T(test_5949_unknown_dram_maker),
		T(test_fcc_covered_list_usf),
		T(test_fcc_22_84),
		T(test_uk_dvd),
		T(test_de_5g),
		T(test_se_pts),
		T(test_inventory_and_worst),
		T(test_889_hisilicon_unconfirmed),
		T(test_889_lorex_over_time),
		T(test_cac_crucial_brand),
		T(test_zhitai_relation),
		T(test_info_briefs),
		T(test_shared_attribution_read_only),
	};
	return cmocka_run_group_tests(tests, judgeutil_setup, judgeutil_teardown);
}
