/*
 * test_review.c — `chipscreen review`: a reviewed hit is remembered, shown,
 * decided no-match, and forgotten when the listed entry changes
 * (match/review.h).
 *
 * The list is two records written here in OFAC's legacy CSV layout (as
 * tests/fixtures/lists/ofac-sdn-bench has them; ent_num 23647 and its alias
 * are copied from there).
 */
#include "testutil.h"

#include <sqlite3.h>
#include <string.h>

#define SDN_ROW_1952                                                                           \
	"23647,\"WEI, Zhao\",\"individual\",\"TCO\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 16 " \
	"Sep 1952; nationality China.\"\n"
#define SDN_ROW_OTHER                                                                          \
	"306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
#define ALT_ROW "23647,37349,\"aka\",\"WEI, Zhang\",-0- \n"

static void import(const char *dir, const char *db, const char *sdn)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT;
	test_write_str(dir, "sdn/sdn.csv", sdn);
	test_write_str(dir, "sdn/alt.csv", ALT_ROW);
	strbuf_addf(&p, "%s/sdn/sdn.csv", dir);
	if (run_cmd(&out, &err, "lists", "import", "-q", "--force", "--db", db, p.buf, NULL) != 0 &&
	    run_cmd(&out, &err, "lists", "import", "-q", "--db", db, p.buf, NULL) != 0)
		fail_msg("import: %s", err.buf);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&p);
}

static void test_review(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, csv = STRBUF_INIT;
	strbuf_addf(&db, "%s/t.db", dir);
	import(dir, db.buf, SDN_ROW_OTHER SDN_ROW_1952);
	/* a person's name alone: a potential match, with its entry */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "Zhang Wei", NULL), 1);
	assert_non_null(strstr(out.buf, "1.00  SDN        WEI, Zhao\n"));
	assert_non_null(strstr(out.buf, "      entry: ofac-sdn:23647\n"));
	assert_non_null(strstr(out.buf, "      verdict if confirmed: PROHIBITED"));
	/* errors: who and why are required; the entry must exist and be SOURCE:REF */
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice",
				 "Zhang Wei", "ofac-sdn:23647", NULL),
			 2);
	assert_non_null(strstr(err.buf, "--by and --why are required"));
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice", "--why",
				 "x", "Zhang Wei", "23647", NULL),
			 2);
	assert_non_null(strstr(err.buf, "the entry must be SOURCE:REF"));
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice", "--why",
				 "x", "Zhang Wei", "ofac-sdn:99999", NULL),
			 2);
	assert_non_null(strstr(err.buf, "no listed entry ofac-sdn:99999"));
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--list", NULL), 0);
	assert_non_null(strstr(out.buf, "no reviews recorded"));
	/* recorded: later screens of the name, in any order and case, remember it */
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice", "--why",
				 "born 1988, not 1952", "Zhang Wei", "ofac-sdn:23647", NULL),
			 0);
	assert_non_null(strstr(out.buf, "recorded: \"Zhang Wei\" is not the party of "
					"ofac-sdn:23647 (by alice)"));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "WEI zhang", NULL), 0);
	assert_non_null(strstr(out.buf, "      decision: no-match: reviewed, not this party (by "
					"alice, "));
	assert_non_null(strstr(out.buf, ": born 1988, not 1952)\n"));
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "--json", "Zhang Wei", NULL),
			 0);
	assert_non_null(strstr(out.buf, "\"decision\":\t\"no-match\""));
	assert_non_null(strstr(out.buf, "\"holds\":\ttrue"));
	test_write_str(dir, "in.csv", "name\nZhang Wei\n");
	strbuf_addf(&csv, "%s/in.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "-q", "--db", db.buf, "--column",
				 "name", csv.buf, NULL),
			 0);
	assert_non_null(strstr(out.buf, ",no-match,")); /* then the audit columns */
	assert_non_null(strstr(out.buf, "reviewed, not this party"));
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--list", NULL), 0);
	assert_non_null(strstr(out.buf, "ofac-sdn:23647  \"Zhang Wei\": not this party, by "
					"alice: born 1988, not 1952\n"));
	/* the list changes the entry: the review no longer holds, and says so */
	import(dir, db.buf,
	       SDN_ROW_OTHER "23647,\"WEI, Zhao\",\"individual\",\"TCO\",-0- ,-0- ,-0- ,-0- ,-0- "
			     ",-0- ,-0- ,\"DOB 16 Sep 1988; nationality China.\"\n");
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "Zhang Wei", NULL), 1);
	assert_non_null(strstr(out.buf, "a review (by alice, "));
	assert_non_null(strstr(out.buf, ") no longer holds: the listed entry changed since"));
	assert_non_null(strstr(out.buf, "      verdict if confirmed: PROHIBITED"));
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--list", NULL), 0);
	assert_non_null(strstr(out.buf, "(no longer holds: the entry changed)"));
	/* the list removed: the entry is on no list, not "changed" (it said so) */
	assert_int_equal(run_cmd(&out, &err, "lists", "remove", "--db", db.buf, "ofac-sdn", NULL),
			 0);
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--list", NULL), 0);
	assert_non_null(strstr(out.buf, "\"Zhang Wei\": not this party, by alice: born 1988, not "
					"1952 (no longer holds: the entry is on no loaded list)\n"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&csv);
	test_rmtree(dir);
	free(dir);
}

/* A store lists were never imported into (a fleet store, made by import)
 * and a source not loaded: the answer names what is missing.  It was
 * SQLite's "reading the lists: no such table: list_entries". */
static void test_review_no_list(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&db, "%s/fleet.db", dir);
	strbuf_addf(&p, "%s/host.json", dir);
	test_write_str(dir, "host.json",
		       "{\"schema\": \"chipscreen-inventory/1\", \"host\": {\"hostname\": "
		       "\"h1\"}, \"components\": [{\"id\": \"pci/0000:01:00.0\", \"kind\": "
		       "\"pci\", \"raw\": {\"pci_vendor\": {\"value\": \"0x19e5\"}, "
		       "\"pci_device\": {\"value\": \"0x1822\"}}}]}\n");
	if (run_cmd(&out, &err, "import", "-q", "--db", db.buf, p.buf, NULL) > 1)
		fail_msg("import: %s", err.buf);
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice", "--why",
				 "x", "Zhang Wei", "ofac-sdn:23647", NULL),
			 2);
	strbuf_addf(&want,
		    "chipscreen: error: %s: no list ofac-sdn is loaded in this store (chipscreen "
		    "lists shows those that are; search prints a hit's entry as SOURCE:REF)\n",
		    db.buf);
	assert_string_equal(err.buf, want.buf);
	/* with a list, another source: the same words; that source's entry: as before */
	import(dir, db.buf, SDN_ROW_OTHER SDN_ROW_1952);
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice", "--why",
				 "x", "Zhang Wei", "ofac-sdm:23647", NULL),
			 2);
	assert_non_null(strstr(err.buf, ": no list ofac-sdm is loaded in this store"));
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice", "--why",
				 "x", "Zhang Wei", "ofac-sdn:1", NULL),
			 2);
	assert_non_null(strstr(err.buf, ": no listed entry ofac-sdn:1 (search prints"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&want);
	strbuf_release(&p);
	test_rmtree(dir);
	free(dir);
}

/* A review's words are one line: a newline in --why made `review --list`
 * print a line that read as another review ("by admin"), and an escape
 * sequence in --by reached the terminal.  Refused when recorded; a store
 * holding one (written before) is listed with its controls escaped. */
static void test_review_controls(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/t.db", dir);
	import(dir, db.buf, SDN_ROW_OTHER SDN_ROW_1952);
	static const char forged[] = "dob differs\n2026-12-01T00:00:00Z  ofac-sdn:306  \"Banco "
				     "Nacional\": not this party, by admin: checked";
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice", "--why",
				 forged, "Zhang Wei", "ofac-sdn:23647", NULL),
			 2);
	assert_non_null(strstr(err.buf, "NAME, --by and --why are one line of text each, without "
					"control characters"));
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "bob\x1b[2J",
				 "--why", "x", "Zhang Wei", "ofac-sdn:23647", NULL),
			 2);
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--list", NULL), 0);
	assert_non_null(strstr(out.buf, "no reviews recorded"));
	/* one recorded before the refusal, written into the store directly */
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--by", "alice", "--why",
				 "dob differs", "Zhang Wei", "ofac-sdn:23647", NULL),
			 0);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db.buf, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE match_reviews SET reason = 'a' || char(10) || 'b',"
					 " reviewer = 'bob' || char(27) || '[2J'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(run_cmd(&out, &err, "review", "--db", db.buf, "--list", NULL), 0);
	assert_null(strchr(out.buf, '\x1b'));
	assert_non_null(strstr(out.buf, "ofac-sdn:23647  \"Zhang Wei\": not this party, by "
					"bob\\x1b[2J: a\\x0ab\n"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_review_no_list),
		cmocka_unit_test(test_review_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
