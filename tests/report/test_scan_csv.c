/*
 * test_scan_csv.c — `scan --format csv`: parsed back with libcsv (strict),
 * every cell equals the finding or component it came from after the formula
 * guard, and removing the guard gives the value back exactly.
 */
#include "testutil.h"

#include "fixture.h"
#include "render.h"
#include "report/report.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

enum { MAXROWS = 64, MAXCOLS = 40 };

struct table {
	char *cell[MAXROWS][MAXCOLS];
	size_t ncols[MAXROWS];
	size_t nrows;
};

static void on_cell(void *s, size_t len, void *data)
{
	struct table *t = data;
	assert_true(t->nrows < MAXROWS && t->ncols[t->nrows] < MAXCOLS);
	char *c = malloc(len + 1);
	memcpy(c, s ? s : "", len);
	c[len] = '\0';
	t->cell[t->nrows][t->ncols[t->nrows]++] = c;
}

static void on_row(int term, void *data)
{
	(void)term;
	struct table *t = data;
	t->nrows++;
}

static void parse(const char *text, struct table *t)
{
	memset(t, 0, sizeof *t);
	struct csv_parser p;
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	size_t n = strlen(text);
	assert_int_equal(csv_parse(&p, text, n, on_cell, on_row, t), n);
	assert_int_equal(csv_fini(&p, on_cell, on_row, t), 0);
	csv_free(&p);
}

static void table_free(struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols[r]; c++)
			free(t->cell[r][c]);
}

static int col(const struct table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols[0]; c++)
		if (!strcmp(t->cell[0][c], name))
			return (int)c;
	fail_msg("no column %s", name);
	return -1;
}

/* Assert that a cell holds value (NULL: empty) once guarded, and unguards to it. */
static void check(const struct table *t, size_t row, const char *name, const char *value)
{
	const char *cell = t->cell[row][col(t, name)];
	struct strbuf g = STRBUF_INIT;
	csv_guard_cell(&g, value);
	if (strcmp(cell, g.buf))
		fail_msg("row %zu, %s: \"%s\", want \"%s\"", row, name, cell, g.buf);
	const char *back = cell[0] == '\'' ? cell + 1 : cell;
	assert_string_equal(back, value ? value : "");
	strbuf_release(&g);
}

static const char *date(day_t d, char *buf)
{
	return d ? date_format(d, buf) : NULL;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct scan_result *r = scan_fixture();
	char *text = render(r, "csv");
	struct table t;
	parse(text, &t);
	/* header, 6 findings, then the 4 components without findings */
	assert_int_equal(t.nrows, 1 + 6 + 4);
	for (size_t i = 0; i < t.nrows; i++)
		assert_int_equal(t.ncols[i], 29);
	static const char *const header[] = {"host",
					     "profile",
					     "date",
					     "component",
					     "kind",
					     "part",
					     "maker",
					     "chip_maker",
					     "verdict",
					     "binding",
					     "rule",
					     "rule_title",
					     "citation",
					     "url",
					     "authority",
					     "jurisdiction",
					     "effective",
					     "deadline",
					     "deadline_requires",
					     "org",
					     "org_name",
					     "via",
					     "relation",
					     "acquired",
					     "reach",
					     "reason",
					     "rule_confidence",
					     "evidence",
					     "source"};
	for (size_t c = 0; c < 29; c++)
		assert_string_equal(t.cell[0][c], header[c]);

	/* findings, most severe first: fixture order 4, 3, 0, 1, 5, 2 */
	static const size_t order[] = {4, 3, 0, 1, 5, 2};
	char d1[11], d2[11];
	for (size_t i = 0; i < 6; i++) {
		const struct finding *f = &r->findings[order[i]];
		size_t row = i + 1;
		check(&t, row, "host", "db1");
		check(&t, row, "profile", r->profile);
		check(&t, row, "date", "2025-03-01");
		check(&t, row, "component", f->comp->id);
		check(&t, row, "kind", kind_name(f->comp->kind));
		check(&t, row, "verdict", verdict_name(f->verdict));
		check(&t, row, "binding", f->binding ? "true" : "false");
		check(&t, row, "rule", f->rule_id);
		check(&t, row, "rule_title", f->rule_title);
		check(&t, row, "citation", f->citation);
		check(&t, row, "url", f->url);
		check(&t, row, "authority", f->authority);
		check(&t, row, "jurisdiction", f->jurisdiction);
		check(&t, row, "effective", date(f->effective, d1));
		check(&t, row, "deadline", date(f->deadline, d2));
		check(&t, row, "deadline_requires", f->deadline_what);
		check(&t, row, "org", f->org);
		check(&t, row, "org_name", f->org_name);
		check(&t, row, "via", f->via);
		check(&t, row, "relation", f->relation);
		check(&t, row, "acquired", f->acquired);
		check(&t, row, "reach", f->reach);
		check(&t, row, "rule_confidence", f->rule_confidence);
		check(&t, row, "source", f->comp->source);
		if (order[i] != 5) /* the one reason with a byte that is not UTF-8 */
			check(&t, row, "reason", f->reason);
	}
	/* quotes, commas, a newline, CJK, formulas */
	check(&t, 2, "part", "致态 TiPlus7100 1TB");
	check(&t, 2, "reason",
	      "YMTC NAND in a drive of a system delivered to a US agency.\n"
	      "Contractor representations apply.");
	assert_string_equal(t.cell[5][col(&t, "part")],
			    "'=HYPERLINK(\"http://x.example\",\"Evil, \"\"Drive\"\"\")");
	assert_string_equal(t.cell[5][col(&t, "reason")],
			    "'-1+1 only a supplier name suggests Dahua (weak, \\xff byte): confirm "
			    "the maker.");
	check(&t, 5, "maker", "Dahua Technology");
	check(&t, 5, "evidence",
	      "supplier \"+Dahua reseller\": name ~ Dahua [data/names.tsv:7] (weak)");
	/* the chip-maker finding names both makers and the DRAM evidence */
	check(&t, 3, "maker", "Kingston Technology");
	check(&t, 3, "chip_maker", "Micron Technology");
	check(&t, 3, "evidence", "jedec_dram \"802C\": JEP106 bank 1 0x2C [JEP106AL] (certain)");
	check(&t, 1, "chip_maker", NULL); /* a USB camera has no chip maker */

	/* components without findings: clear only when identified */
	check(&t, 7, "component", "dimm/DIMM_C1");
	check(&t, 7, "verdict", "NOT-IDENTIFIED");
	check(&t, 7, "chip_maker", "unknown");
	check(&t, 7, "reason", "DRAM maker unknown: SPD not readable: run as root");
	check(&t, 7, "rule", NULL);
	check(&t, 8, "component", "cpu/CPU0");
	check(&t, 8, "verdict", "CLEAR");
	check(&t, 8, "part", "Intel(R) Xeon(R) Gold 6338");
	check(&t, 8, "reason", NULL);
	check(&t, 9, "component", "usb/1-1.4");
	check(&t, 9, "maker", "unknown");
	check(&t, 10, "component", "other/tpm0");
	check(&t, 10, "verdict", "NOT-IDENTIFIED");
	check(&t, 10, "reason", "not identified: no attribution (identify did not run)");

	/* RFC 4180: CRLF after every record */
	size_t n = strlen(text);
	assert_true(n > 2 && text[n - 2] == '\r' && text[n - 1] == '\n');
	table_free(&t);
	free(text);
	fixture_free(r);
}

static void test_guard(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"=1+1", "'=1+1"}, {"+1", "'+1"},    {"-1", "'-1"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},   {"\rx", "'\rx"},  {"'x", "''x"}, {"x=1", "x=1"},
		{"", ""},          {"致态", "致态"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf g = STRBUF_INIT;
		csv_guard_cell(&g, cases[i].in);
		assert_string_equal(g.buf, cases[i].out);
		strbuf_release(&g);
	}
	struct strbuf g = STRBUF_INIT;
	csv_guard_cell(&g, NULL);
	assert_string_equal(g.buf, "");
	strbuf_release(&g);
}

static void test_exposure(void **state)
{
	(void)state;
	struct scan_result *r = exposure_fixture();
	char *text = render(r, "csv");
	struct table t;
	parse(text, &t);
	assert_int_equal(t.nrows, 1 + 2 + 8);
	check(&t, 1, "profile", NULL);
	check(&t, 1, "verdict", "INFO");
	check(&t, 1, "binding", "false");
	check(&t, 1, "via", "chip_maker");
	check(&t, 1, "reach", "not stated in the decision");
	table_free(&t);
	free(text);
	fixture_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_guard),
		cmocka_unit_test(test_exposure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
