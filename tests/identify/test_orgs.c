/*
 * test_orgs.c — identify/orgs, the one reader of orgs.tsv and org-links.tsv
 * that identify's knowledge base and the screening org table share: what a
 * row becomes (aliases split, the oem flag, links resolved through the
 * caller's index, dates, relation and confidence), rows handed over in file
 * order, and each error with file and line, the caller's own refusals
 * included.
 */
#include "testutil.h"

#include "identify/orgs.h"
#include "util/date.h"

#include <string.h>

#define MAXO 8

struct seen {
	const char *id[MAXO];
	int norgs;
	struct orgs_row org[MAXO];
	struct orgs_link link[MAXO];
	int nlinks;
	const char *refuse; /* an id the caller refuses */
};

static int find(void *arg, const char *id)
{
	struct seen *s = arg;
	for (int i = 0; i < s->norgs; i++)
		if (!strcmp(s->id[i], id))
			return i;
	return -1;
}

static int org(void *arg, struct tsv *t, const struct orgs_row *r, struct strbuf *err)
{
	struct seen *s = arg;
	if (s->refuse && !strcmp(r->id, s->refuse))
		return tsv_fail(t, err, "refused \"%s\"", r->id);
	assert_true(s->norgs < MAXO);
	s->org[s->norgs] = *r;
	s->id[s->norgs++] = r->id;
	return 0;
}

static int link(void *arg, struct tsv *t, const struct orgs_link *l, struct strbuf *err)
{
	(void)t;
	(void)err;
	struct seen *s = arg;
	assert_true(s->nlinks < MAXO);
	s->link[s->nlinks++] = *l;
	return 0;
}

static const char orgs_head[] = "id\tname\tcountry\toem\taliases\tsource\n";
static const char links_head[] = "org\trelation\tparent\tfrom\tuntil\tconfidence\tnote\tsource\n";

static int read_dir(const char *dir, struct seen *s, struct strbuf *err)
{
	struct arena *a = arena_new();
	const struct orgs_reader rd = {s, find, org, link};
	int rc = orgs_read(a, dir, &rd, err);
	/* the rows' strings live in the arena: checked by the caller before */
	if (rc == 0) {
		assert_int_equal(s->norgs, 3);
		assert_string_equal(s->org[0].id, "micron");
		assert_string_equal(s->org[0].name, "Micron Technology");
		assert_string_equal(s->org[0].country, "US");
		assert_false(s->org[0].oem);
		assert_int_equal(s->org[0].naliases, 2);
		assert_string_equal(s->org[0].alias[0], "Micron");
		assert_string_equal(s->org[0].alias[1], "美光");
		assert_string_equal(s->org[0].source, "JEP106AM");
		assert_int_equal(s->org[1].naliases, 0);
		assert_true(s->org[2].oem);
		/* "HP||x|": an empty alias between bars is handed over, a trailing bar adds none */
		assert_int_equal(s->org[2].naliases, 3);
		assert_string_equal(s->org[2].alias[1], "");
		assert_string_equal(s->org[2].alias[2], "x");
		assert_int_equal(s->nlinks, 2);
		const struct orgs_link *l = &s->link[0];
		assert_int_equal(l->org, 1);
		assert_int_equal(l->parent, 0);
		assert_int_equal(l->rel, REL_BRAND);
		assert_int_equal(l->conf, LC_CONFIRMED);
		assert_int_equal(l->from, 0);
		assert_int_equal(l->until, date_parse("2025-02-01"));
		assert_string_equal(l->note, "sold");
		assert_string_equal(l->source, "press release");
		l = &s->link[1];
		assert_int_equal(l->rel, REL_AFFILIATE); /* handed over: the caller decides */
		assert_int_equal(l->conf, LC_UNCONFIRMED);
		assert_int_equal(l->from, date_parse("2020-01-01"));
		assert_int_equal(l->until, 0);
	}
	arena_free(a);
	return rc;
}

static void write_tables(const char *dir, const char *orgs_rows, const char *links_rows)
{
	struct strbuf o = STRBUF_INIT, l = STRBUF_INIT;
	strbuf_addf(&o, "# organisations\n%s%s", orgs_head, orgs_rows);
	strbuf_addf(&l, "%s%s", links_head, links_rows);
	test_write_str(dir, "orgs.tsv", o.buf);
	test_write_str(dir, "org-links.tsv", l.buf);
	strbuf_release(&o);
	strbuf_release(&l);
}

static const char good_orgs[] = "micron\tMicron Technology\tUS\t\tMicron|美光\tJEP106AM\n"
				"crucial\tCrucial\tUS\t\t\tmicron.com\n"
				"hp\tHP Inc.\tUS\toem\tHP||x|\tpci.ids\n";
static const char good_links[] = "crucial\tbrand\tmicron\t\t2025-02-01\tconfirmed\tsold\t"
				 "press release\n"
				 "hp\taffiliate\tmicron\t2020-01-01\t\tunconfirmed\t\tx\n";

static void test_rows(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf err = STRBUF_INIT;
	struct seen s = {0};
	write_tables(dir, good_orgs, good_links);
	assert_int_equal(read_dir(dir, &s, &err), 0);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *orgs, *links, *refuse, *what;
	} bad[] = {
		{"micron\t\tUS\t\t\tx\n", "", NULL, "orgs.tsv:3: empty id or name"},
		{"micron\tM\tUS\t\t\tx\nmicron\tN\tUS\t\t\tx\n", "", NULL,
		 "orgs.tsv:4: organisation \"micron\" defined twice"},
		{good_orgs, "", "crucial", "orgs.tsv:4: refused \"crucial\""},
		{good_orgs, "crucial\tbrand\tnobody\t\t\tconfirmed\t\tx\n", NULL,
		 "org-links.tsv:2: unknown organisation \"nobody\" (not in orgs.tsv)"},
		{good_orgs, "nobody\tbrand\tmicron\t\t\tconfirmed\t\tx\n", NULL,
		 "org-links.tsv:2: unknown organisation \"nobody\" (not in orgs.tsv)"},
		{good_orgs, "crucial\towner\tmicron\t\t\tconfirmed\t\tx\n", NULL,
		 "org-links.tsv:2: relation \"owner\": brand, subsidiary or affiliate"},
		{good_orgs, "crucial\tbrand\tmicron\t\t\tprobable\t\tx\n", NULL,
		 "org-links.tsv:2: confidence \"probable\": confirmed, secondary or unconfirmed"},
		/* both dates bad: the first is named */
		{good_orgs, "crucial\tbrand\tmicron\t2021-02-30\t2021-13-01\tconfirmed\t\tx\n", NULL,
		 "org-links.tsv:2: \"2021-02-30\" is not a date (YYYY-MM-DD)"},
		{good_orgs, "crucial\tbrand\tmicron\t\t2021-13-01\tconfirmed\t\tx\n", NULL,
		 "org-links.tsv:2: \"2021-13-01\" is not a date (YYYY-MM-DD)"},
		{good_orgs, "crucial\tbrand\tmicron\t2020-01-01\t2020-01-01\tconfirmed\t\tx\n", NULL,
		 "org-links.tsv:2: \"from\" is not before \"until\""},
	};
	char *dir = test_tmpdir();
	struct strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct seen s = {0};
		s.refuse = bad[i].refuse;
		write_tables(dir, bad[i].orgs, bad[i].links);
		assert_int_equal(read_dir(dir, &s, &err), -1);
		if (!strstr(err.buf, bad[i].what))
			fail_msg("%s\nwanted: %s", err.buf, bad[i].what);
	}
	/* a table missing: named */
	struct strbuf gone = STRBUF_INIT;
	strbuf_addf(&gone, "%s/nowhere", dir);
	struct seen s = {0};
	assert_int_equal(read_dir(gone.buf, &s, &err), -1);
	assert_non_null(strstr(err.buf, "nowhere/orgs.tsv"));
	strbuf_release(&gone);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
