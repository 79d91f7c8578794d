/*
 * test_csvread.c — util/csvread, the CSV reader of screen-names, lists
 * import, import and export-check --orders: every record of a file comes
 * back, with its line, whatever the damage of the record before it.
 */
#include "testutil.h"

#include "util/csvread.h"

#include <string.h>

/* The records of dir/rel holding n bytes at data, as "line:field0|field1"
 * lines into out ("line:LOST" for a record given up); the delimiter found.
 * end: then how the file ended ("cut at LINE", "no line end"). */
static char read_end(const char *dir, const void *data, size_t n, struct strbuf *out, bool end)
{
	test_write(dir, "t.csv", data, n);
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/t.csv", dir);
	struct csvr r;
	assert_int_equal(csvr_open(&r, p.buf, NULL, 0, &err), 0);
	struct csvrec rec;
	int got;
	strbuf_reset(out);
	while ((got = csvr_next(&r, &rec)) != 0) {
		if (got == 2) {
			strbuf_addf(out, "%ld:LOST\n", rec.line);
			continue;
		}
		strbuf_addf(out, "%ld:", rec.line);
		for (int i = 0; i < rec.nf; i++)
			strbuf_addf(out, "%s%.20s", i ? "|" : "", rec.f[i]);
		strbuf_addch(out, '\n');
	}
	char delim = r.delim;
	/* how the file ended: inside a quoted field, without a line end */
	if (end) {
		if (r.cut_line)
			strbuf_addf(out, "cut at %ld\n", r.cut_line);
		if (r.unterminated)
			strbuf_addstr(out, "no line end\n");
	}
	csvr_close(&r);
	strbuf_release(&p);
	strbuf_release(&err);
	return delim;
}

/* A line longer than the reader keeps (128 KiB) lost its line end with the
 * rest: the next line was read as more of the same field, and its row was
 * never screened nor reported. */
static char read_all(const char *dir, const void *data, size_t n, struct strbuf *out)
{
	return read_end(dir, data, n, out, false);
}

static void test_long_line(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf b = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addstr(&b, "id,name\n1,");
	for (int i = 0; i < 200000; i++)
		strbuf_addch(&b, 'A');
	strbuf_addstr(&b, "\n2,Zala Aero\n3,Huawei\n");
	read_all(dir, b.buf, b.len, &out);
	assert_string_equal(out.buf, "1:id|name\n"
				     "2:1|AAAAAAAAAAAAAAAAAAAA\n"
				     "3:2|Zala Aero\n"
				     "4:3|Huawei\n");
	/* the same with CRLF line ends */
	strbuf_reset(&b);
	strbuf_addstr(&b, "id,name\r\n1,");
	for (int i = 0; i < 200000; i++)
		strbuf_addch(&b, 'A');
	strbuf_addstr(&b, "\r\n2,Zala Aero\r\n");
	read_all(dir, b.buf, b.len, &out);
	assert_string_equal(out.buf, "1:id|name\n"
				     "2:1|AAAAAAAAAAAAAAAAAAAA\n"
				     "3:2|Zala Aero\n");
	strbuf_release(&b);
	strbuf_release(&out);
	test_rmtree(dir);
	free(dir);
}

/* A file with classic Mac line ends (a lone CR, as libcsv reads them) was
 * one line: every row became more columns of the header, and screen-names
 * said "no row under the header". */
static void test_cr_line_ends(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf out = STRBUF_INIT;
	const char cr[] = "id;name\r1;Huawei\r2;\"Zala\rAero\"\r\r3;Acme\r";
	assert_int_equal(read_all(dir, cr, sizeof cr - 1, &out), ';');
	assert_string_equal(out.buf, "1:id|name\n"
				     "2:1|Huawei\n"
				     "3:2|Zala\rAero\n"
				     "6:3|Acme\n");
	/* CR LF and LF alone as before, mixed */
	const char mixed[] = "id,name\r\n1,Huawei\n2,\"Zala\r\nAero\"\r\n3,Acme";
	assert_int_equal(read_all(dir, mixed, sizeof mixed - 1, &out), ',');
	assert_string_equal(out.buf, "1:id|name\n"
				     "2:1|Huawei\n"
				     "3:2|Zala\r\nAero\n"
				     "5:3|Acme\n");
	strbuf_release(&out);
	test_rmtree(dir);
	free(dir);
}

/* How a file ends, for lists import to tell a cut file (csvr.cut_line,
 * csvr.unterminated): inside a quoted field (the record is lost, its line
 * kept), or without a line end, as whole published files do too. */
static void test_file_end(void **state)
{
	(void)state;
	char *dir = test_tmpdir();
	struct strbuf out = STRBUF_INIT;
	const char cut[] = "a,b\n1,2\n3,\"fo";
	read_end(dir, cut, sizeof cut - 1, &out, true);
	assert_string_equal(out.buf, "1:a|b\n2:1|2\n3:LOST\ncut at 3\nno line end\n");
	const char whole[] = "a,b\n1,2\n3,\"four\"";
	read_end(dir, whole, sizeof whole - 1, &out, true);
	assert_string_equal(out.buf, "1:a|b\n2:1|2\n3:3|four\nno line end\n");
	const char ended[] = "a,b\n1,\"2\n2\"\n";
	read_end(dir, ended, sizeof ended - 1, &out, true);
	assert_string_equal(out.buf, "1:a|b\n2:1|2\n2\n");
	strbuf_release(&out);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_cr_line_ends),
		cmocka_unit_test(test_file_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
