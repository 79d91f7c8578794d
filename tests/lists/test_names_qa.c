/*
 * test_names_qa.c — the name-screening commands (search, compare,
 * screen-names, review) used as a compliance analyst would, on the fixture
 * lists and on hostile input.  Each test failed before the fix it guards.
 */
#include "testutil.h"

#include "util/fileio.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A store in dir holding the DoD 1260H list (Huawei, YMTC, ...). */
static char *store_1260h(const char *dir)
{
	char *db = test_path(dir, "cs.db");
	const char *dod = shared_data("lists/dod-1260h/sanctions.csv");
	assert_non_null(dod);
	assert_int_equal(run_cmd(NULL, NULL, "lists", "import", "-q", "--db", db, dod, NULL), 0);
	return db;
}

/* --min nan passed the range check (NaN compares false both ways): search
 * said "no hit", exit 0, screen-names wrote no-match for Huawei, compare
 * no-match for the same name twice. */
static void test_min_nan(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = store_1260h(dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	test_write_str(dir, "sup.csv", "name\nHuawei Technologies\n");
	char *sup = test_path(dir, "sup.csv");
	const char *const bad[] = {"nan", "inf", "0x1", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(
			run_cmd(&o, &e, "search", "--db", db, "--min", bad[i], "Huawei", NULL), 2);
		assert_non_null(strstr(e.buf, "--min must be a number from 0 to 1"));
		assert_string_equal(o.buf, "");
		assert_int_equal(
			run_cmd(&o, &e, "compare", "--min", bad[i], "Huawei", "Huawei", NULL), 2);
		assert_non_null(strstr(e.buf, "--min must be a number from 0 to 1"));
		assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column",
					 "name", "--min", bad[i], sup, NULL),
				 2);
		assert_non_null(strstr(e.buf, "--min must be a number from 0 to 1"));
		assert_string_equal(o.buf, "");
	}
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--min", "5e-1", "Huawei", NULL), 1);
	free(sup);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* "screen-names - < sup.csv -o sup.csv" replaced the supplier master with
 * the output: the input's identity was checked only when named. */
static void test_out_is_stdin(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = store_1260h(dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	const char text[] = "name\nHuawei Technologies\nAcme Widgets\n";
	test_write_str(dir, "sup.csv", text);
	char *sup = test_path(dir, "sup.csv"), *out = test_path(dir, "out.csv");
	int fd = open(sup, O_RDONLY), saved = dup(STDIN_FILENO);
	assert_true(fd >= 0 && saved >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	rewind(stdin); /* what the run before left in stdin's buffer goes */
	int rc = run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", "--out", sup,
			 "-", NULL);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	close(saved);
	clearerr(stdin);
	assert_int_equal(rc, 2);
	assert_non_null(strstr(e.buf, "sup.csv: the output is the input file (standard input); "
				      "nothing written"));
	assert_int_equal(read_file(sup, 1 << 20, &b, NULL), 0);
	assert_string_equal(b.buf, text);
	/* another --out is written */
	fd = open(sup, O_RDONLY);
	saved = dup(STDIN_FILENO);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	rewind(stdin); /* what the run before left in stdin's buffer goes */
	rc = run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", "--out", out,
		     "-", NULL);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	close(saved);
	clearerr(stdin);
	assert_int_equal(rc, 0); /* a 1260H listing is INFO, under --fail-on REVIEW */
	assert_int_equal(read_file(out, 1 << 20, &b, NULL), 0);
	assert_non_null(strstr(b.buf, "\nHuawei Technologies,Huawei Technologies,1.000,"));
	free(sup);
	free(out);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* --fail-on CLEAR, "every row, hit or not" (the man page, as scan's), gave
 * exit 0 on a file of clean names: only a hit counted. */
static void test_fail_on_clear(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = store_1260h(dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	test_write_str(dir, "clean.csv", "name\nAcme Widgets\n");
	test_write_str(dir, "hit.csv", "name\nAcme Widgets\nHuawei Technologies\n");
	test_write_str(dir, "none.csv", "name\n!!!\n");
	char *clean = test_path(dir, "clean.csv"), *hit = test_path(dir, "hit.csv"),
	     *none = test_path(dir, "none.csv");
	const struct {
		const char *level, *file;
		int rc;
	} want[] = {
		{"CLEAR", clean, 1},  {"CLEAR", hit, 1},  {"INFO", clean, 0}, {"INFO", hit, 1},
		{"REVIEW", clean, 0}, {"REVIEW", hit, 0}, {"CLEAR", none, 2},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column",
					 "name", "--fail-on", want[i].level, want[i].file, NULL),
				 want[i].rc);
	free(clean);
	free(hit);
	free(none);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Two columns called "name": the first was screened, the second never,
 * exit 0; the same for the country column. */
static void test_duplicate_column(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = store_1260h(dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	test_write_str(dir, "dup.csv", "id,name,Name\n1,Acme Widgets,Huawei Technologies\n");
	test_write_str(dir, "dupc.csv", "name,Country,country\nHuawei Technologies,CN,DE\n");
	char *dup = test_path(dir, "dup.csv"), *dupc = test_path(dir, "dupc.csv");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", dup, NULL),
		2);
	assert_non_null(strstr(e.buf, "dup.csv: the header has two columns called 'name': rename "
				      "one"));
	assert_string_equal(o.buf, "");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--country-column", "country", dupc, NULL),
			 2);
	assert_non_null(strstr(e.buf, "dupc.csv: the header has two columns called 'country'"));
	/* a column asked for once, beside a repeated one nobody asked for */
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", dupc, NULL),
		0);
	assert_non_null(strstr(o.buf, "\nHuawei Technologies,CN,DE,Huawei Technologies,1.000,"));
	free(dup);
	free(dupc);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A name in Windows-1251 ("Зала Аэро", as a Russian spreadsheet saves
 * "CSV") was read as Windows-1252 letters and written no-match, exit 0,
 * with no word: as if screened.  Said now, per row, and exit 2. */
static void test_name_not_utf8(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	const char *ftm = shared_data("lists/ftm/zala-entities.ftm.json");
	assert_int_equal(run_cmd(NULL, NULL, "lists", "import", "-q", "--db", db, ftm, NULL), 0);
	test_write_str(dir, "ru.csv", "name\n\xc7\xe0\xeb\xe0 \xc0\xfd\xf0\xee\nAcme Widgets\n");
	char *ru = test_path(dir, "ru.csv");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", ru, NULL), 2);
	assert_non_null(strstr(e.buf, "ru.csv:2: the name in column 'name' is not UTF-8: read as "
				      "Windows-1252"));
	assert_null(strstr(e.buf, "ru.csv:3"));
	assert_non_null(strstr(e.buf, "ru.csv: 1 rows damaged or not screened"));
	/* the same name in UTF-8 is found */
	test_write_str(dir, "ru8.csv", "name\nЗала Аэро\n");
	free(ru);
	ru = test_path(dir, "ru8.csv");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--fail-on", "INFO", ru, NULL),
			 1);
	assert_non_null(strstr(o.buf, "\nЗала Аэро,Zala Aero,1.000,"));
	free(ru);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* An empty alt.csv beside sdn.csv (a download that failed) took every
 * alias away without a word, where a missing one is warned about:
 * "National Bank of Cuba", an a.k.a. of BANCO NACIONAL DE CUBA, scored
 * 0.65 against the Spanish name instead of 1.00. */
static void test_ofac_side_empty(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	/* shared_data's path lives until its next call */
	assert_int_equal(read_file(shared_data("lists/ofac-sdn-2019/sdn.csv"), 64 << 20, &b, NULL),
			 0);
	test_write(dir, "ofac/sdn.csv", b.buf, b.len);
	assert_int_equal(read_file(shared_data("lists/ofac-sdn-2019/add.csv"), 64 << 20, &b, NULL),
			 0);
	test_write(dir, "ofac/add.csv", b.buf, b.len);
	test_write_str(dir, "ofac/alt.csv", "");
	char *p = test_path(dir, "ofac/sdn.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(e.buf, "ofac/sdn.csv: "));
	assert_non_null(strstr(e.buf, "ofac/alt.csv beside it holds no record: aliases not "
				      "imported"));
	assert_null(strstr(e.buf, "add.csv beside it"));
	assert_int_equal(run_cmd(&o, &e, "lists", "problems", "--db", db, "ofac-sdn", NULL), 1);
	assert_non_null(strstr(o.buf, "alt.csv beside it holds no record"));
	/* a side file given as a list of its own: said what it is (every row
	 * was rejected as "6 fields, expected 12", tens of thousands of lines) */
	char *add = test_path(dir, "ofac/add.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, add, NULL), 2);
	assert_non_null(strstr(e.buf, "ofac/add.csv is OFAC's file of addresses, read with the "
				      "sdn.csv (cons_prim.csv) beside it: import that file, not "
				      "this one"));
	assert_null(strstr(e.buf, "expected 12"));
	free(add);
	/* only OFAC's end-of-file mark in it: the same */
	test_write_str(dir, "ofac/alt.csv", "\x1a");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, p, NULL), 0);
	assert_non_null(strstr(e.buf, "alt.csv beside it holds no record"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* Of a row's hits, a match shows before a potential match: the row showed
 * the most severe verdict whatever the decision, so a potential match to a
 * blocked party sharing three words hid the company's 1.000 match on the
 * DoD 1260H list (decision "potential-match" on the row of a listed
 * company); a lower default threshold made it common.  The exit status still
 * counts the blocked party's potential match. */
static void test_match_shown_first(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	/* one SDN record, OFAC's legacy CSV layout, made up for the test */
	test_write_str(dir, "ofac/sdn.csv",
		       "900,\"HIKVISION DIGITAL TECHNOLOGY TRADING FZE\",-0- ,\"IRAN\",-0- ,-0- "
		       ",-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n");
	test_write_str(dir, "q.csv", "id,name\n1,\"Hangzhou Hikvision Digital Technology Co., "
				     "Ltd.\"\n");
	char *sdn = test_path(dir, "ofac/sdn.csv"), *q = test_path(dir, "q.csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, sdn,
				 src_path("tests/fixtures/lists/dod-1260h/sanctions.csv"), NULL),
			 0);
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", q,
				 NULL),
			 1);
	assert_non_null(strstr(o.buf, "1,\"Hangzhou Hikvision Digital Technology Co., Ltd.\","
				      "\"Hangzhou Hikvision Digital Technology Co., Ltd.\",1.000,"
				      "DOD-1260H,"));
	assert_non_null(strstr(o.buf, ",1: SDN 'HIKVISION DIGITAL TECHNOLOGY TRADING FZE' 0."));
	assert_non_null(strstr(o.buf, " potential-match,match,dod-1260h,"));
	free(sdn);
	free(q);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A name of more than 40 words was screened on its first 40 and written
 * no-match, exit 0, with no word (search warns): a listed name after them
 * was never looked at. */
static void test_name_too_long(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = store_1260h(dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	strbuf_addstr(&b, "name\n\"");
	for (int i = 0; i < 14; i++)
		strbuf_addstr(&b, "Global Trading Partners ");
	strbuf_addstr(&b, "Huawei Technologies\"\nAcme Widgets\n");
	test_write_str(dir, "long.csv", b.buf);
	char *p = test_path(dir, "long.csv");
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name", p, NULL), 2);
	assert_non_null(strstr(e.buf, "long.csv:2: the name in column 'name' has more than 40 "
				      "words: screened on the first 40 only"));
	assert_null(strstr(e.buf, "long.csv:3"));
	assert_non_null(strstr(e.buf, "long.csv: 1 rows damaged or not screened"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A country column of ISO 3166 alpha-3 codes (CHN, RUS, USA: what many
 * supplier masters hold) or UK had every row warned "not a country code or
 * name", screened without it, exit 2; the man page says ISO 3166 codes. */
static void test_country_alpha3(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = store_1260h(dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	test_write_str(dir, "c.csv",
		       "name,country\nHuawei Technologies,CHN\nAcme Widgets,USA\n"
		       "Acme Widgets,uk\nAcme Widgets,rus\nAcme Widgets,XXX\n");
	char *p = test_path(dir, "c.csv");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--country-column", "country", p, NULL),
			 2);
	assert_null(strstr(e.buf, "c.csv:2:"));
	assert_null(strstr(e.buf, "c.csv:3:"));
	assert_null(strstr(e.buf, "c.csv:4:"));
	assert_null(strstr(e.buf, "c.csv:5:"));
	assert_non_null(strstr(e.buf, "c.csv:6: country 'XXX' is not a country code or name"));
	assert_non_null(strstr(e.buf, "c.csv: 1 rows damaged or not screened"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--country", "CHN",
				 "Huawei Technologies", NULL),
			 1);
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--country", "PRC", "Huawei", NULL),
			 2);
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* search on a NAME it could not read whole (not UTF-8, more than 40
 * words) printed "no hit" and exit 0, as if screened. */
static void test_search_partial(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	const char *ftm = shared_data("lists/ftm/zala-entities.ftm.json");
	assert_int_equal(run_cmd(NULL, NULL, "lists", "import", "-q", "--db", db, ftm, NULL), 0);
	assert_int_equal(
		run_cmd(&o, &e, "search", "--db", db, "\xc7\xe0\xeb\xe0 \xc0\xfd\xf0\xee", NULL),
		2);
	assert_non_null(strstr(o.buf, "no hit at or above 0.38"));
	assert_non_null(strstr(e.buf, "search: the name is not UTF-8: read as Windows-1252"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Зала Аэро", NULL), 1);
	for (int i = 0; i < 14; i++)
		strbuf_addstr(&b, "Global Trading Partners ");
	strbuf_addstr(&b, "Zala Aero");
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, b.buf, NULL), 2);
	assert_non_null(strstr(e.buf, "the name has more than 40 words: the rest is ignored"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Acme Widgets", NULL), 0);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A list given through a pipe (<(unzip -p ...)) gave its bytes once: the
 * format was read from them and the reader found the rest, "unknown list
 * format" or "XML error: Extra content at the end of the document" (a
 * named pipe: the second open waited for a writer gone). */
static void test_import_pipe(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	int p[2];
	assert_int_equal(pipe(p), 0);
	assert_int_equal(read_file(shared_data("lists/bis-dpl.txt"), 1 << 20, &b, NULL), 0);
	strbuf_setlen(&b, 4000); /* within the pipe's buffer */
	assert_int_equal(write(p[1], b.buf, b.len), (ssize_t)b.len);
	close(p[1]);
	char fd[32];
	snprintf(fd, sizeof fd, "/dev/fd/%d", p[0]);
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, fd, NULL), 2);
	assert_non_null(strstr(e.buf, ": not a regular file (a pipe or a device): a list file is "
				      "read more than once; save it to a file first"));
	close(p[0]);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* A header cell with blanks around the column's name ("Name " as a
 * spreadsheet keeps it) was "no column 'name'", and the message did not say
 * which columns the header has. */
static void test_header_blanks(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = store_1260h(dir);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	test_write_str(dir, "sp.csv", "id,\"Name \",\" Country\t\"\n1,Huawei Technologies,CN\n");
	char *p = test_path(dir, "sp.csv");
	assert_int_equal(run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "name",
				 "--country-column", "country", "--fail-on", "INFO", p, NULL),
			 1);
	assert_non_null(strstr(o.buf, "\n1,Huawei Technologies,CN,Huawei Technologies,1.000,"
				      "DOD-1260H,"));
	assert_int_equal(
		run_cmd(&o, &e, "screen-names", "-q", "--db", db, "--column", "nme", p, NULL), 2);
	assert_non_null(strstr(e.buf, "sp.csv: no column 'nme' in the header (columns separated "
				      "by ',': 'id', 'Name ', ' Country\t')"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* lists import --source "" (or " ", or "x,y") stored a source that lists
 * shows as nothing and that search --source, which splits at commas, could
 * never choose; a file saved as "sec 889, copy (1).csv" got such an id. */
static void test_source_id(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, b = STRBUF_INIT;
	const char *leg = shared_data("lists/us-special-leg/section_889.csv");
	const char *const bad[] = {"", " ", "x,y", " csl"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, "--source", bad[i],
					 leg, NULL),
				 2);
		assert_non_null(strstr(e.buf, "a source id is not empty, has no comma"));
	}
	struct stat sb;
	assert_int_not_equal(stat(db, &sb), 0); /* refused before a store was made */
	assert_int_equal(read_file(leg, 1 << 20, &b, NULL), 0);
	test_write(dir, "sec 889, copy (1).csv", b.buf, b.len);
	char *p = test_path(dir, "sec 889, copy (1).csv");
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "-q", "--db", db, p, NULL), 0);
	assert_non_null(strstr(o.buf, ": us-sec 889- copy (1) (special-leg): 5 entries"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--source", "us-sec 889- copy (1)",
				 "Huawei", NULL),
			 1);
	/* the blanks around an item of --source are no part of it, as ids
	 * cannot start or end with one ("SDN, EL" was "no source ' EL'") */
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--source",
				 "nonesuch-never ,  us-sec 889- copy (1) ", "Huawei", NULL),
			 2);
	assert_non_null(strstr(e.buf, "no loaded source or list is called 'nonesuch-never'"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "--source",
				 " NDAA-889 ,  us-sec 889- copy (1) ", "Huawei", NULL),
			 1);
	assert_non_null(strstr(o.buf, "Huawei"));
	free(p);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&b);
	test_rmtree(dir);
	free(dir);
	free(db);
}

/* The DPL's dates were kept MM/DD/YYYY and compared with today's
 * YYYY-MM-DD as text: a denial in force until 2030 read "listing ended
 * 06/17/2030". */
static void test_dpl_dates(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	setenv("CHIPSCREEN_TODAY", "2026-12-07", 1);
	const char *dpl = shared_data("lists/bis-dpl.txt");
	assert_int_equal(run_cmd(NULL, NULL, "lists", "import", "-q", "--db", db, dpl, NULL), 0);
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Abdiel Padron Madrid", NULL), 1);
	assert_non_null(strstr(o.buf, "      listed: 2022-02-10 to 2030-06-17\n"));
	assert_non_null(strstr(o.buf, "-> 1.00; listing ends 2030-06-17\n"));
	assert_int_equal(run_cmd(&o, &e, "search", "--db", db, "Aaron Abraham Villa", NULL), 1);
	assert_non_null(strstr(o.buf, "-> 1.00; listing ended 2026-01-14\n"));
	unsetenv("CHIPSCREEN_TODAY");
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* clang-format off */
		cmocka_unit_test(test_min_nan),
		cmocka_unit_test(test_out_is_stdin),
		cmocka_unit_test(test_fail_on_clear),
		cmocka_unit_test(test_duplicate_column),
		cmocka_unit_test(test_name_not_utf8),
		cmocka_unit_test(test_ofac_side_empty),
		cmocka_unit_test(test_match_shown_first),
		cmocka_unit_test(test_name_too_long),
		cmocka_unit_test(test_country_alpha3),
		cmocka_unit_test(test_search_partial),
		cmocka_unit_test(test_import_pipe),
		cmocka_unit_test(test_header_blanks),
		cmocka_unit_test(test_source_id),
		cmocka_unit_test(test_dpl_dates),
		/* clang-format on */
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
