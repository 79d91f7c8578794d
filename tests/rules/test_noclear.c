/*
 * test_noclear.c — never silently clear (issue 12, items 1 and 2).
 *
 * A table: every product class × every shipped rule that reaches chips
 * inside other makers' parts (§5949: covered; the CAC conclusion on Micron:
 * unclear) × chip maker known-restricted / known-other / unknown ×
 * acquisition known-before / known-after / unknown.  The expected verdicts
 * are the ones doc/rules.md ("Chips inside parts") documents:
 *
 *   known-other                   no finding (CLEAR)
 *   unknown, a class that holds
 *     other makers' chips         REVIEW, naming what it would be
 *     (memory, storage, computer,
 *     unknown)
 *   unknown, any other class      no finding: a processor's or a network
 *                                 card's chips are its maker's
 *   known-restricted, covered     PROHIBITED after the ban, else NO-NEW-PURCHASE
 *   known-restricted, unclear     REVIEW
 *
 * and, over the whole table, no unknown chip maker of a class that holds
 * chips is ever CLEAR under a rule that binds the profile.  The parts are
 * purchase-record lines (the part is Kingston's; its class declared by a
 * product_class column), so the test holds whatever identify does.
 */
#include "judgeutil.h"

struct chiprule {
	const char *rule, *profile, *date;
	const char *before, *after;  /* acquisition dates on each side of the ban */
	const char *restricted[2];   /* a party making memory, one making storage */
	bool covered;                /* components: covered (else unclear) */
};

static const struct chiprule chiprules[] = {
	{"us-ndaa5949-a1a", "us-federal-agency", "2028-03-01", "2027-06-01", "2028-02-01",
	 {"cxmt", "ymtc"}, true},
	{"cn-cac-micron-2023", "cn-cii", "2025-01-01", "2022-01-01", "2024-02-01",
	 {"micron", "micron"}, false},
};

enum chip { CHIP_RESTRICTED, CHIP_OTHER, CHIP_UNKNOWN };
enum acqk { ACQ_BEFORE, ACQ_AFTER, ACQ_UNKNOWN };

static bool holds_chips(const char *cls)
{
	static const char *const hold[] = {"memory", "storage", "computer", "unknown"};
	for (size_t i = 0; i < sizeof hold / sizeof hold[0]; i++)
		if (!strcmp(hold[i], cls))
			return true;
	return false;
}

static struct component *line(struct inventory *inv, const char *cls, enum chip chip,
			      const char *restricted, const char *acquired)
{
	struct component *c = inventory_add(inv, KIND_PART, "part/2", "po.csv");
	if (strcmp(cls, "unknown"))
		component_set_extra(inv, c, "product_class", 0, cls, "po.csv:2");
	if (acquired)
		component_set(inv, c, FK_ACQUIRED, 0, acquired, "po.csv:2");
	struct attribution *a = arena_alloc(inv->arena, sizeof *a);
	a->maker.org = a->maker.name = "kingston";
	a->maker.conf = CONF_STRONG;
	if (chip != CHIP_UNKNOWN) {
		a->has_chip = true;
		a->chip_maker.org = chip == CHIP_OTHER ? "samsung" : restricted;
		a->chip_maker.name = a->chip_maker.org;
		a->chip_maker.conf = CONF_CERTAIN;
	} else {
		a->chip_maker.unknown_reason = "does not apply to this kind of part";
	}
	c->attr = a;
	return c;
}

/* The documented verdict; -1 for no finding (CLEAR). */
static int expected(const struct chiprule *r, const char *cls, enum chip chip, enum acqk acq)
{
	switch (chip) {
	case CHIP_OTHER:
		return -1;
	case CHIP_UNKNOWN:
		return holds_chips(cls) ? V_REVIEW : -1;
	case CHIP_RESTRICTED:
		if (!r->covered)
			return V_REVIEW;
		return acq == ACQ_AFTER ? V_PROHIBITED : V_NO_NEW_PURCHASE;
	}
	return -2;
}

static void test_table(void **state)
{
	(void)state;
	static const char *const chipname[] = {"restricted", "other", "unknown"};
	static const char *const acqname[] = {"before", "after", "unknown"};
	size_t cases = 0, unknown_review = 0;
	for (size_t k = 0; k < T_rs->classes.n; k++) {
		const char *cls = T_rs->classes.v[k];
		for (size_t ri = 0; ri < sizeof chiprules / sizeof chiprules[0]; ri++) {
			const struct chiprule *r = &chiprules[ri];
			for (int chip = 0; chip < 3; chip++) {
				for (int acq = 0; acq < 3; acq++) {
					struct inventory *inv = inventory_new();
					struct scan_result res = {.inv = inv};
					const char *when = acq == ACQ_BEFORE  ? r->before
							   : acq == ACQ_AFTER ? r->after
									      : NULL;
					const char *restricted =
						r->restricted[!strcmp(cls, "storage")];
					struct component *c =
						line(inv, cls, chip, restricted, when);
					const struct finding *f =
						t_judge(&res, t_named(r->profile), r->date, NULL,
							c, r->rule);
					int want = expected(r, cls, chip, acq);
					int got = f ? (int)f->verdict : -1;
					if (got != want)
						fail_msg("%s × %s × chip %s × acquired %s: %s, want "
							 "%s (%s)",
							 cls, r->rule, chipname[chip], acqname[acq],
							 got < 0 ? "CLEAR" : verdict_name(got),
							 want < 0 ? "CLEAR" : verdict_name(want),
							 f ? f->reason : "no finding");
					if (chip == CHIP_UNKNOWN && holds_chips(cls)) {
						/* never silently clear, and say what it would be */
						assert_true(f && f->binding);
						assert_string_equal(f->via, "chip_maker");
						assert_contains(f->reason, "chip maker unknown: could be");
						assert_contains(f->reason, "it would be ");
						unknown_review++;
					}
					cases++;
					inventory_free(inv);
				}
			}
		}
	}
	assert_int_equal(cases, T_rs->classes.n * 2 * 3 * 3);
	assert_int_equal(unknown_review, 4 * 2 * 3);
}

/* What it would be follows the acquisition date. */
static void test_would_be(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct scan_result res = {.inv = inv};
	struct component *c = line(inv, "memory", CHIP_UNKNOWN, NULL, "2028-02-01");
	const struct finding *f =
		t_judge(&res, t_named("us-federal-agency"), "2028-03-01", NULL, c, "us-ndaa5949-a1a");
	assert_verdict(f, V_REVIEW);
	assert_contains(f->reason, "could be Yangtze Memory Technologies Co., Ltd. or ChangXin "
				   "Memory Technologies, Inc. DRAM");
	assert_contains(f->reason, "it would be PROHIBITED: acquired 2028-02-01");
	assert_string_equal(f->org, "unknown");
	/* before the ban is in force: nothing to ask */
	f = t_judge(&res, t_named("us-federal-agency"), "2027-12-22", NULL, c, "us-ndaa5949-a1a");
	assert_null(f);
	/* a rule that does not bind the profile: nothing to ask */
	f = t_judge(&res, t_named("us-exporter"), "2028-03-01", NULL, c, "us-ndaa5949-a1a");
	assert_null(f);
	inventory_free(inv);
}

/* "Micron E-die" in a description is weak evidence, shown, and matched. */
static void test_die_maker_in_text(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct scan_result res = {.inv = inv};
	struct component *c = line(inv, "memory", CHIP_UNKNOWN, NULL, "2024-03-01");
	component_set_extra(inv, c, "description", 0, "Kingston Fury 16GB DDR4-3200 Micron E-die",
			    "po.csv:2");
	const struct finding *f =
		t_judge(&res, t_named("cn-cii"), "2025-01-01", NULL, c, "cn-cac-micron-2023");
	assert_verdict(f, V_REVIEW);
	assert_string_equal(f->org, "micron");
	assert_string_equal(f->via, "chip_maker");
	assert_contains(f->reason, "names Micron Technology, Inc. chips (\"Micron E-die\"): weak "
				   "evidence");
	/* another maker named: still a question, the words shown */
	struct component *d = line(inv, "memory", CHIP_UNKNOWN, NULL, "2024-03-01");
	component_set_extra(inv, d, "description", 0, "DDR4 kit, Samsung B-die", "po.csv:3");
	f = t_judge(&res, t_named("cn-cii"), "2025-01-01", NULL, d, "cn-cac-micron-2023");
	assert_verdict(f, V_REVIEW);
	assert_string_equal(f->org, "unknown");
	assert_contains(f->reason, "(\"Samsung B-die\"): weak evidence from free text, not enough "
				   "to clear");
	inventory_free(inv);
}

/* The class from the part's own words and its pattern; a declared class wins. */
static void test_class_from_words(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct judge_opts o = {T_rs, T_kb, NULL, 0, 0};
	static const struct {
		const char *model, *desc, *declared, *want;
	} cases[] = {
		{"SA400S37/480G", NULL, NULL, "storage"}, /* patterns.tsv kind ssd */
		{NULL, "Kingston A400 480GB SATA SSD", NULL, "storage"},
		{NULL, "Samsung 980 1TB NVMe M.2", NULL, "storage"},
		{NULL, "16GB DDR4-3200 ECC RDIMM", NULL, "memory"},
		{NULL, "Crucial 32GB SO-DIMM", NULL, "memory"},
		{NULL, "memory module, 2Rx8", NULL, "memory"},
		{NULL, "PowerEdge R750 server, 2x 32GB RDIMM, 2x SSD", NULL, "computer"},
		{NULL, "a box of SSDs", NULL, "storage"},
		{NULL, "USB keyboard", NULL, "unknown"},
		{NULL, "Kingston A400 480GB SATA SSD", "peripheral", "peripheral"},
		{NULL, "NVMeoF adapter", NULL, "unknown"}, /* whole words only */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct component *c = inventory_add(inv, KIND_PART, "part/x", "po.csv");
		if (cases[i].model)
			component_set(inv, c, FK_MODEL, 0, cases[i].model, "po.csv:2");
		if (cases[i].desc)
			component_set_extra(inv, c, "description", 0, cases[i].desc, "po.csv:2");
		if (cases[i].declared)
			component_set_extra(inv, c, "product_class", 0, cases[i].declared,
					    "po.csv:2");
		const char *src = NULL;
		const char *got = judge_class(&o, c, &src);
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu (%s): %s, want %s", i,
				 cases[i].desc ? cases[i].desc : cases[i].model, got, cases[i].want);
		if (strcmp(got, "unknown"))
			assert_non_null(src);
	}
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_would_be),
		cmocka_unit_test(test_die_maker_in_text),
		cmocka_unit_test(test_class_from_words),
	};
	return cmocka_run_group_tests(tests, judgeutil_setup, judgeutil_teardown);
}
