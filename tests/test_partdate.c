/*
 * test_partdate.c — the date a part is judged as of (src/partdate.h): the
 * one rule identify, the judge and the fleet store share (issue 16 item 5),
 * and --acquired against the manufacture date (issue 12 item 7).
 */
#include "testutil.h"

#include "chipscreen.h"
#include "partdate.h"
#include "util/date.h"

#include <string.h>

static struct component *part(struct inventory *inv, const char *acquired, const char *made,
			      unsigned made_flags)
{
	struct component *c = inventory_add(inv, KIND_DIMM, "dimm/A1", "t");
	if (acquired)
		component_set(inv, c, FK_ACQUIRED, 0, acquired, "po.csv:2");
	if (made)
		component_set(inv, c, FK_MANUFACTURE_DATE, made_flags, made, "spd/0-0050");
	return c;
}

static void test_order(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct part_date pd;
	day_t asof = date_parse("2026-06-01"), opt = date_parse("2025-01-01");
	/* a record wins over --acquired */
	part_date(part(inv, "2024-03-01", "2024-W07", 0), opt, asof, inv->arena, &pd);
	assert_int_equal(pd.acquired, date_parse("2024-03-01"));
	assert_string_equal(pd.acq_text, "2024-03-01 (purchase record: po.csv:2)");
	assert_int_equal(pd.made, date_parse("2024-02-12")); /* the Monday of 2024-W07 */
	assert_int_equal(pd.when, pd.acquired);
	assert_string_equal(pd.what, "acquired");
	/* --acquired when there is no record */
	part_date(part(inv, NULL, "2024-W07", 0), opt, asof, inv->arena, &pd);
	assert_string_equal(pd.acq_text, "2025-01-01 (--acquired)");
	/* no acquisition: the manufacture date, else as_of */
	part_date(part(inv, NULL, "2024-W07", 0), 0, asof, inv->arena, &pd);
	assert_int_equal(pd.acquired, 0);
	assert_int_equal(pd.when, date_parse("2024-02-12"));
	assert_string_equal(pd.what, "manufactured");
	part_date(part(inv, NULL, NULL, 0), 0, asof, inv->arena, &pd);
	assert_int_equal(pd.when, asof);
	assert_string_equal(pd.what, "as of");
	/* without an arena: the same days, no texts */
	part_date(part(inv, "2024-03-01", "2024-W07", 0), 0, 0, NULL, &pd);
	assert_int_equal(pd.when, date_parse("2024-03-01"));
	assert_null(pd.acq_text);
	inventory_free(inv);
}

/* A bad-CRC manufacture date is used by nobody. */
static void test_untrusted(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct part_date pd;
	day_t asof = date_parse("2026-06-01");
	part_date(part(inv, NULL, "2016-W10", FIELD_UNTRUSTED), 0, asof, inv->arena, &pd);
	assert_int_equal(pd.made, 0);
	assert_int_equal(pd.when, asof);
	assert_string_equal(pd.note, "the manufacture date 2016-W10 is not used: its source "
				     "failed its own check");
	part_date(part(inv, NULL, "sometime", 0), 0, asof, inv->arena, &pd);
	assert_string_equal(pd.note, "the manufacture date \"sometime\" is not a date");
	part_date(part(inv, "last spring", NULL, 0), 0, asof, inv->arena, &pd);
	assert_int_equal(pd.acquired, 0);
	assert_string_equal(pd.note, "the acquired field \"last spring\" is not a date");
	inventory_free(inv);
}

/* Acquired before it was made: the manufacture date wins. */
static void test_contradiction(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct part_date pd;
	part_date(part(inv, NULL, "2024-W07", 0), date_parse("2019-01-01"), 0, inv->arena, &pd);
	assert_true(pd.contradicted);
	assert_int_equal(pd.acquired, date_parse("2024-02-12"));
	assert_string_equal(pd.acq_text, "on or after 2024-02-12 (made 2024-W07; given 2019-01-01)");
	assert_string_equal(pd.note, "the acquisition date 2019-01-01 (--acquired) is before the "
				     "part was made (2024-W07 (spd/0-0050)): the manufacture date "
				     "wins");
	/* within the week of manufacture: not a contradiction */
	part_date(part(inv, "2024-02-13", "2024-W07", 0), 0, 0, inv->arena, &pd);
	assert_false(pd.contradicted);
	assert_int_equal(pd.acquired, date_parse("2024-02-13"));
	inventory_free(inv);
}

static void test_stamp(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	struct component *a = part(inv, "2024-03-01", NULL, 0);
	struct component *b = part(inv, NULL, NULL, 0);
	part_date_stamp(inv, date_parse("2025-05-05"), "--acquired");
	assert_string_equal(component_get(a, FK_ACQUIRED), "2024-03-01");
	assert_string_equal(component_get(b, FK_ACQUIRED), "2025-05-05");
	struct part_date pd;
	part_date(b, 0, 0, inv->arena, &pd);
	assert_string_equal(pd.acq_text, "2025-05-05 (--acquired)");
	inventory_free(inv);
}

/* A purchase line's serial dates the component with that serial (issue 12
 * item 7); a serial that tells nothing links nothing. */
static void test_link(void **state)
{
	(void)state;
	assert_true(part_serial_usable("2A3B4C5D"));
	assert_false(part_serial_usable("0000"));
	assert_false(part_serial_usable("123"));
	assert_false(part_serial_usable("Not Specified"));
	assert_false(part_serial_usable(NULL));
	struct inventory *po = inventory_new(), *inv = inventory_new();
	struct component *l1 = inventory_add(po, KIND_PART, "part/2", "po.csv");
	component_set(po, l1, FK_SERIAL, 0, "2a3b4c5d", "po.csv:2");
	component_set(po, l1, FK_ACQUIRED, 0, "2023-06-01", "po.csv:2");
	struct component *l2 = inventory_add(po, KIND_PART, "part/3", "po.csv");
	component_set(po, l2, FK_SERIAL, 0, "2A3B4C6E", "po.csv:3");
	component_set(po, l2, FK_ACQUIRED, 0, "2020-01-15", "po.csv:3");
	struct component *l3 = inventory_add(po, KIND_PART, "part/4", "po.csv");
	component_set(po, l3, FK_SERIAL, 0, "00000000", "po.csv:4");
	component_set(po, l3, FK_ACQUIRED, 0, "2020-01-15", "po.csv:4");
	struct component *a = part(inv, NULL, "2021-W10", 0);
	component_set(inv, a, FK_SERIAL, 0, "2A3B4C5D", "spd/0-0050");
	struct component *b = part(inv, NULL, "2021-W10", 0);
	component_set(inv, b, FK_SERIAL, 0, "2A3B4C6E", "spd/0-0051");
	struct component *c = part(inv, NULL, NULL, 0);
	component_set(inv, c, FK_SERIAL, 0, "00000000", "spd/0-0052");
	struct strbuf warn = STRBUF_INIT;
	assert_int_equal(part_date_link(po, inv, &warn), 2);
	struct part_date pd;
	part_date(&inv->comps[0], 0, 0, inv->arena, &pd);
	assert_string_equal(pd.acq_text, "2023-06-01 (purchase record: po.csv:2, serial 2a3b4c5d)");
	part_date(&inv->comps[1], 0, 0, inv->arena, &pd);
	assert_true(pd.contradicted);
	assert_int_equal(pd.acquired, date_parse("2021-03-08"));
	assert_string_equal(warn.buf, "po.csv:3: dimm/A1 (serial 2A3B4C6E) was bought 2020-01-15 "
				      "but made 2021-03-08: the manufacture date wins");
	assert_null(component_get(&inv->comps[2], FK_ACQUIRED));
	/* the fleet's first sight is read as an upper bound, not a date */
	component_set(inv, &inv->comps[2], FK_FIRST_SEEN, 0, "2023-01-10", NULL);
	part_date(&inv->comps[2], 0, date_parse("2026-06-01"), inv->arena, &pd);
	assert_int_equal(pd.seen, date_parse("2023-01-10"));
	assert_int_equal(pd.acquired, 0);
	assert_string_equal(pd.what, "as of");
	strbuf_release(&warn);
	inventory_free(po);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_untrusted),
		cmocka_unit_test(test_contradiction),
		cmocka_unit_test(test_stamp),
		cmocka_unit_test(test_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
