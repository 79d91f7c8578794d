/*
 * test_min_boundary.c — a score equal to --min is a hit ("at or above",
 * as search --help says), in search and in screen-names, which share the
 * index's filter (match/index.c).  An identical name scores exactly 1, the
 * one score a test can name without depending on token weights, so
 * --min 1 is the boundary tested.  (tools/mutations.txt: `fin < q->min`
 * made `<=` survived every other test.)
 *
 * The list is one record in OFAC's legacy CSV layout (ent_num 306, as in
 * tests/fixtures/lists/ofac-sdn-bench/sdn.csv).
 */
#include "testutil.h"

#include <string.h>

#define SDN_ROW                                                                                \
	"306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"

static void test_min_is_inclusive(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT;
	strbuf_addf(&db, "%s/t.db", dir);
	test_write_str(dir, "sdn/sdn.csv", SDN_ROW);
	strbuf_addf(&p, "%s/sdn/sdn.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "-q", "--db", db.buf, p.buf, NULL),
			 0);
	/* score 1.00 at --min 1: a hit */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "--min", "1",
				 "Banco Nacional de Cuba", NULL),
			 1);
	assert_non_null(strstr(out.buf, "1.00  SDN        BANCO NACIONAL DE CUBA\n"));
	/* one letter off is below 1: no hit, exit 0 */
	assert_int_equal(run_cmd(&out, &err, "search", "--db", db.buf, "--min", "1",
				 "Banco Nacional de Cubb", NULL),
			 0);
	assert_non_null(strstr(out.buf, "no hit at or above 1.00"));
	/* screen-names: the same boundary */
	test_write_str(dir, "in.csv", "name\nBanco Nacional de Cuba\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/in.csv", dir);
	assert_int_equal(run_cmd(&out, &err, "screen-names", "-q", "--db", db.buf, "--column", "name", "--min", "1",
				 p.buf, NULL),
			 1);
	assert_non_null(strstr(out.buf, "BANCO NACIONAL DE CUBA"));
	strbuf_release(&db);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&p);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_min_is_inclusive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
