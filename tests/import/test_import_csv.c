/*
 * test_import_csv.c — purchase orders and asset registers as CSV: header
 * synonyms, explicit mappings, dates, and every way a spreadsheet export goes
 * wrong (stray quotes, ragged rows, huge cells, Latin-1, UTF-16, nothing).
 */
#include "import-test.h"

#include "import/import-int.h"

#include <stdlib.h>

static const char po_csv[] =
	"Purchase orders 2024\n"                                                            /* 1 */
	"\n"                                                                                /* 2 */
	"PO Number,Vendor,Mfr,MPN,Qty,Order Date,Site,Unit Price\n"                         /* 3 */
	"PO-1,Acme Dist,Micron,MTA36ASF8G72PZ-3G2E1,4,2024-02-14,Berlin,120.00\n"           /* 4 */
	"PO-1,Acme Dist,\"Kingston, Inc.\",KSM32RD8/16HDR,\"1,200\",14/02/2024,Berlin,80\n" /* 5 */
	"PO-2,Foo,Samsung,M393A8G40MB2-CVF,2,03/04/2024,Paris,1\n"                          /* 6 */
	"PO-3,\"Bar,Baz,Samsung,X,1,2024-01-01,Rome,1\n"                                    /* 7 */
	"PO-4,Qux,Hynix,HMA81GU6DJR8N-XN,1,2024-05-06,Rome,2\n"                             /* 8 */
	"PO-5,Cafe,Caf\xe9 Mfr,ABC,1,2024-05-07,Lyon,3\n"                                   /* 9 */
	"PO-6,Too,Many,Cols,1,2024-05-07,Lyon,3,extra\n"                                    /* 10 */
	",,,,,,,\n"                                                                         /* 11 */
	"PO-7,\"Multi\nLine Dist\",Micron,\"5\"\" bay\",1,2024-06-01,Oslo,\n"; /* 12-13 */

static void test_purchase_order(void **state)
{
	(void)state;
	struct inventory *inv = must_import_text(po_csv, "po.csv", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 6);
	assert_int_equal(count_kind(inv, KIND_PART), 6);
	assert_str(inv->host.collector, "import csv");

	const struct component *c = find(inv, "part/PO-1/4");
	assert_str(raw(c, FK_SUPPLIER), "Acme Dist");
	assert_str(raw(c, FK_MANUFACTURER), "Micron");
	assert_str(raw(c, FK_PART_NUMBER), "MTA36ASF8G72PZ-3G2E1");
	assert_str(raw(c, FK_QUANTITY), "4");
	assert_str(dec(c, FK_QUANTITY), "4");
	assert_str(raw(c, FK_ACQUIRED), "2024-02-14");
	assert_str(dec(c, FK_ACQUIRED), "2024-02-14");
	assert_str(raw(c, FK_SITE), "Berlin");
	assert_str(extra(c, "po_number", true), "PO-1");
	assert_str(extra(c, "unit_price", true), "120.00");
	assert_str(src_of(c, FK_PART_NUMBER), "po.csv:4");

	c = find(inv, "part/PO-1/5");
	assert_str(raw(c, FK_MANUFACTURER), "Kingston, Inc.");
	assert_str(raw(c, FK_QUANTITY), "1,200");
	assert_str(dec(c, FK_QUANTITY), "1200");
	assert_str(raw(c, FK_ACQUIRED), "14/02/2024");
	assert_str(dec(c, FK_ACQUIRED), "2024-02-14"); /* 14 cannot be a month */

	c = find(inv, "part/PO-2/6");
	assert_str(raw(c, FK_ACQUIRED), "03/04/2024");
	assert_null(dec(c, FK_ACQUIRED)); /* ambiguous: not used as a date */
	assert_warning(inv, "line 6: date \"03/04/2024\" is ambiguous (day/month or month/day?): "
			    "kept raw");

	/* the stray quote on line 7 costs line 7 only */
	assert_warning(inv, "line 7: the quoted field opened on this line is broken by a quote on "
			    "line 12: row skipped, reading again from line 8");
	assert_str(raw(find(inv, "part/PO-4/8"), FK_MANUFACTURER), "Hynix");
	c = find(inv, "part/PO-5/9");
	assert_str(raw(c, FK_MANUFACTURER), "Caf\\xe9 Mfr");
	assert_warning(inv, "line 9: manufacturer is not valid UTF-8");
	assert_warning(inv, "line 10: 9 fields where the header has 8: row skipped");
	/* a quoted field may hold a newline and doubled quotes */
	c = find(inv, "part/PO-7/12");
	assert_str(raw(c, FK_SUPPLIER), "Multi\\x0aLine Dist");
	assert_str(raw(c, FK_PART_NUMBER), "5\" bay");
	assert_null(extra(c, "unit_price", true));

	assert_warning(inv, "line 1, before the header row (line 3), skipped");
	assert_warning(inv, "2 malformed rows skipped, 6 parts read");
	/* and the note of the columns used (issue 12 item 6) */
	assert_int_equal(inv->nwarnings, 7);
	inventory_free(inv);
}

static const char fr_csv[] =
	"Article;Fabricant;Fournisseur;Qt\xc3\xa9;Livr\xc3\xa9 le;Entrep\xc3\xb4t\r\n"
	"HMAA8GR7CJR4N-XN;SK hynix;Grossiste SA;10;14/02/2024;Lyon\r\n"
	"M393A8G40MB2-CVF;Samsung;Grossiste SA;2;03/04/2024;Paris\r\n";

static void test_custom_mapping(void **state)
{
	(void)state;
	struct import_options opt = {.date_order = IMPORT_DATE_DMY};
	struct strbuf err = STRBUF_INIT;
	const char *maps[] = {"part_number=Article",      "manufacturer=2",
			      "supplier=fournisseur",     "quantity=Qt\xc3\xa9",
			      "acquired=Livr\xc3\xa9 le", "site=Entrep\xc3\xb4t"};
	for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
		assert_int_equal(import_options_map(&opt, maps[i], &err), 0);
	struct inventory *inv = must_import_text(fr_csv, "achats.csv", IMPORT_CSV, &opt);
	assert_int_equal(inv->ncomps, 2);
	assert_int_equal(inv->nwarnings, 1); /* the columns used */
	const struct component *c = find(inv, "part/2");
	assert_str(raw(c, FK_PART_NUMBER), "HMAA8GR7CJR4N-XN");
	assert_str(raw(c, FK_MANUFACTURER), "SK hynix");
	assert_str(raw(c, FK_SUPPLIER), "Grossiste SA");
	assert_str(dec(c, FK_QUANTITY), "10");
	assert_str(dec(c, FK_ACQUIRED), "2024-02-14");
	assert_str(raw(c, FK_SITE), "Lyon");
	assert_str(dec(find(inv, "part/3"), FK_ACQUIRED), "2024-04-03"); /* day first, as told */
	inventory_free(inv);

	/* MDY, and a column left out with "-" becomes an extra */
	struct import_options us = {.date_order = IMPORT_DATE_MDY};
	assert_int_equal(import_options_map(&us, "supplier=-", &err), 0);
	inv = must_import_text("Vendor,Manufacturer,Part Number,Date\n"
			       "CDW,Micron,MTA18ASF2G72PZ-2G3B1,03/04/2024\n",
			       "us.csv", IMPORT_AUTO, &us);
	c = find(inv, "part/2");
	assert_str(dec(c, FK_ACQUIRED), "2024-03-04");
	assert_null(raw(c, FK_SUPPLIER));
	assert_str(extra(c, "vendor", true), "CDW");
	inventory_free(inv);

	/* mapping mistakes are errors naming the option and the header */
	struct import_options bad = {0};
	assert_int_equal(import_options_map(&bad, "part_number=Nope", &err), 0);
	char *m = must_reject(fr_csv, strlen(fr_csv), "achats.csv", IMPORT_CSV, &bad);
	assert_str(m,
		   "achats.csv: --map part_number=Nope: no column \"Nope\" in the header (line 1) "
		   "(columns: \"Article\", \"Fabricant\", \"Fournisseur\", \"Qt\xc3\xa9\", "
		   "\"Livr\xc3\xa9 le\", \"Entrep\xc3\xb4t\")");
	free(m);
	bad.csv_map[ICOL_PART_NUMBER] = "9";
	m = must_reject(fr_csv, strlen(fr_csv), "achats.csv", IMPORT_CSV, &bad);
	assert_str(m, "achats.csv: --map part_number=9: the header (line 1) has 6 columns");
	free(m);
	bad.csv_map[ICOL_PART_NUMBER] = "1";
	bad.csv_map[ICOL_MODEL] = "Article";
	m = must_reject(fr_csv, strlen(fr_csv), "achats.csv", IMPORT_CSV, &bad);
	assert_str(m,
		   "achats.csv: --map: column \"Article\" is mapped to both part_number and model");
	free(m);
	assert_int_equal(import_options_map(&bad, "qty=B", &err), -1);
	assert_str(err.buf, "--map qty=B: unknown field \"qty\" (supplier, manufacturer, "
			    "part_number, model, quantity, date, site, serial, tag, purpose, "
			    "po_number, description, line)");
	assert_int_equal(import_options_map(&bad, "part_number", &err), -1);
	assert_str(err.buf, "--map part_number: expected FIELD=COLUMN, e.g. part_number=MPN");
	assert_int_equal(import_options_map(&bad, "PO=Order", &err), 0);
	assert_str(bad.csv_map[ICOL_PO], "Order");
	strbuf_release(&err);
}

static void test_dates(void **state)
{
	(void)state;
	static const struct {
		const char *cell, *iso, *warning;
	} cases[] = {
		{"2024-02-14", "2024-02-14", NULL},
		{"2024-02-14T10:22:00Z", "2024-02-14", NULL},
		{"2024-02-14 10:22", "2024-02-14", NULL},
		{"2024/02/14", "2024-02-14", NULL},
		{"20240214", "2024-02-14", NULL},
		{"14 Feb 2024", "2024-02-14", NULL},
		{"14-Feb-2024", "2024-02-14", NULL},
		{"Feb 14, 2024", "2024-02-14", NULL},
		{"February 14 2024", "2024-02-14", NULL},
		{"25/12/2023", "2023-12-25", NULL},
		{"12/25/2023", "2023-12-25",
		 "date \"12/25/2023\" can only be month-first, but line 11 was day-first"},
		{"03/04/2024", NULL, "date \"03/04/2024\" is ambiguous"},
		{"03/04/24", NULL, "date \"03/04/24\" has a two-digit year: kept raw"},
		{"2023-02-30", NULL, "date \"2023-02-30\" is not a valid date: kept raw"},
		{"31/02/2024", NULL,
		 "date \"31/02/2024\" is not a valid DD/MM/YYYY date: kept raw"},
		{"45000", NULL, "date \"45000\" looks like a spreadsheet serial number"},
		{"soon", NULL, "\"soon\" is not a date chipscreen reads (YYYY-MM-DD): kept raw"},
	};
	size_t n = sizeof cases / sizeof cases[0];
	struct strbuf csv = STRBUF_INIT;
	strbuf_addstr(&csv, "Manufacturer,Purchase Date\n");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&csv, "Micron,\"%s\"\n", cases[i].cell);
	struct inventory *inv = must_import_text(csv.buf, "dates.csv", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, n);
	for (size_t i = 0; i < n; i++) {
		char id[32], w[160];
		snprintf(id, sizeof id, "part/%zu", i + 2);
		const struct component *c = find(inv, id);
		assert_str(raw(c, FK_ACQUIRED), cases[i].cell);
		if (cases[i].iso)
			assert_str(dec(c, FK_ACQUIRED), cases[i].iso);
		else
			assert_null(dec(c, FK_ACQUIRED));
		if (cases[i].warning) {
			snprintf(w, sizeof w, "line %zu: %s", i + 2, cases[i].warning);
			assert_warning(inv, w);
		}
	}
	inventory_free(inv);
	strbuf_release(&csv);
}

static void test_malformed(void **state)
{
	(void)state;
	/* an oversized field: the row goes, with the field named */
	struct strbuf csv = STRBUF_INIT;
	strbuf_addstr(&csv, "Manufacturer,Part Number,Notes\nMicron,A,ok\nSamsung,B,\"");
	for (int i = 0; i < 20000; i++)
		strbuf_addch(&csv, 'x');
	strbuf_addstr(&csv, "\"\nHynix,C,ok\n");
	struct inventory *inv = must_import_text(csv.buf, "big.csv", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 2);
	assert_warning(inv, "line 3: field 3 (\"Notes\") is 20000 bytes, over the 16384-byte "
			    "limit: row skipped");
	assert_str(raw(find(inv, "part/4"), FK_MANUFACTURER), "Hynix");
	inventory_free(inv);

	/* a quote that never closes, 150 good rows after it: one row lost */
	strbuf_reset(&csv);
	strbuf_addstr(&csv, "Manufacturer,Part Number\n\"Micron,oops\n");
	for (int i = 0; i < 150; i++)
		strbuf_addf(&csv, "Samsung,P%d\n", i);
	inv = must_import_text(csv.buf, "runaway.csv", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 150);
	assert_warning(inv, "line 2: a quoted field runs on for over 100 lines (an unbalanced "
			    "quote?): row skipped, reading again from line 3");
	assert_str(raw(find(inv, "part/152"), FK_PART_NUMBER), "P149");
	inventory_free(inv);

	/* text after a closing quote would swallow lines up to the next quote
	 * in a lenient parser: here it costs its own line only */
	inv = must_import_text("Manufacturer,Part Number,Qty\n"
			       "Micron,\"A\"x,1\n"
			       "Samsung,B,2\n"
			       "Hynix,\"C\",3\n"
			       "Nanya,D,4\n"
			       "Dell,Monitor 24\" LCD,1\n",
			       "swallow.csv", IMPORT_AUTO, NULL);
	assert_warning(inv, "line 2: unbalanced quote (\"): row skipped");
	assert_int_equal(inv->ncomps, 4);
	/* a bare inch mark is text */
	assert_str(raw(find(inv, "part/6"), FK_PART_NUMBER), "Monitor 24\" LCD");
	assert_warning(inv, "line 6: a quote (\") in the middle of a field: read as text");
	assert_str(raw(find(inv, "part/3"), FK_PART_NUMBER), "B");
	assert_str(raw(find(inv, "part/4"), FK_PART_NUMBER), "C");
	assert_str(raw(find(inv, "part/5"), FK_PART_NUMBER), "D");
	inventory_free(inv);

	/* a hundred and twenty ragged rows: fifty messages, a count, and the total */
	strbuf_reset(&csv);
	strbuf_addstr(&csv, "Manufacturer,Part Number\n");
	for (int i = 0; i < 120; i++)
		strbuf_addstr(&csv, "Micron\n");
	strbuf_addstr(&csv, "Micron,OK1\n");
	inv = must_import_text(csv.buf, "ragged.csv", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 1);
	assert_int_equal(inv->nwarnings, IMP_MAX_WARN + 3); /* + the columns used */
	assert_warning(inv, "line 51: 1 fields where the header has 2: row skipped");
	assert_null(warning_with(inv, "line 52:"));
	assert_warning(inv, "120 malformed rows skipped, 1 parts read");
	assert_warning(inv, "70 more warnings for this file not shown");
	inventory_free(inv);
	strbuf_release(&csv);

	/* quantities */
	inv = must_import_text("Manufacturer,Qty\nA,12\nB,1 200\nC,10 pcs\nD,2.5\nE,12,34\n",
			       "q.csv", IMPORT_AUTO, NULL);
	assert_str(dec(find(inv, "part/2"), FK_QUANTITY), "12");
	assert_str(dec(find(inv, "part/3"), FK_QUANTITY), "1200");
	/* a quantity that cannot count its row refuses the row, never counts it once */
	assert_null(inventory_find(inv, "part/4"));
	assert_warning(inv, "line 4: quantity \"10 pcs\" is not a whole number: row skipped");
	assert_null(inventory_find(inv, "part/5"));
	assert_warning(inv, "line 5: quantity \"2.5\" is not a whole number: row skipped");
	assert_warning(inv, "line 6: 3 fields where the header has 2: row skipped");
	assert_warning(inv, "3 malformed rows skipped, 2 parts read");
	inventory_free(inv);

	/* the range: 1 to 100,000,000 */
	inv = must_import_text("Manufacturer,Qty\nA,100000000\nB,100000001\nC,0\nD,"
			       "99999999999999999999999\nE,\"100,000,001\"\nF,000000000000001\n",
			       "range.csv", IMPORT_AUTO, NULL);
	assert_str(dec(find(inv, "part/2"), FK_QUANTITY), "100000000");
	assert_null(inventory_find(inv, "part/3"));
	assert_warning(inv, "line 3: quantity \"100000001\" is above 100,000,000, the most one "
			    "line may count: row skipped");
	assert_warning(inv, "line 4: quantity \"0\" is zero: row skipped");
	assert_warning(inv, "line 5: quantity \"99999999999999999999999\" is above 100,000,000");
	assert_warning(inv, "line 6: quantity \"100,000,001\" is above 100,000,000");
	assert_non_null(find(inv, "part/7"));
	assert_warning(inv, "4 malformed rows skipped, 2 parts read");
	/* the warnings name the file */
	const struct note *w = NULL;
	for (size_t i = 0; i < inv->nwarnings; i++)
		if (strstr(inv->warnings[i].reason, "line 3: quantity"))
			w = &inv->warnings[i];
	assert_non_null(w);
	assert_string_equal(base_of(w->path), "range.csv");
	inventory_free(inv);
}

static void test_encodings_and_shapes(void **state)
{
	(void)state;
	/* UTF-8 BOM, CRLF, tab-delimited */
	struct inventory *inv = must_import_text("\xEF\xBB\xBFManufacturer\tPart Number\tSerial\r\n"
						 "Micron\tMTA9ASF1G72PZ-2G6D1\tABC123\r\n",
						 "tab.tsv", IMPORT_AUTO, NULL);
	const struct component *c = find(inv, "part/2");
	assert_str(raw(c, FK_MANUFACTURER), "Micron");
	assert_str(raw(c, FK_SERIAL), "ABC123");
	assert_int_equal(inv->nwarnings, 1); /* the columns used */
	inventory_free(inv);

	/* old Mac line ends (CR alone) */
	inv = must_import_text("Brand,MPN\rMicron,X1\rSamsung,X2\r", "mac.csv", IMPORT_AUTO, NULL);
	assert_int_equal(inv->ncomps, 2);
	assert_str(raw(find(inv, "part/3"), FK_PART_NUMBER), "X2");
	inventory_free(inv);

	/* header only: nothing to list, said so */
	/* header only: nothing to list is an error naming the file, never a clean pass */
	{
		static const char hdr[] = "Supplier,Manufacturer,Part Number\n";
		char *e = must_reject(hdr, sizeof hdr - 1, "empty-po.csv", IMPORT_AUTO, NULL);
		assert_non_null(strstr(e, "empty-po.csv: nothing recognised: no component could "
					  "be read from it as csv (no rows after the header)"));
		free(e);
	}

	char *m = must_reject("", 0, "nothing.csv", IMPORT_AUTO, NULL);
	assert_str(m, "nothing.csv: empty file");
	free(m);
	m = must_reject(" \n\n", 3, "blank.csv", IMPORT_CSV, NULL);
	assert_str(m, "blank.csv: empty file (white space only)");
	free(m);
	static const char utf16[] = "\xFF\xFEM\0f\0r\0,\0M\0P\0N\0\n\0";
	m = must_reject(utf16, sizeof utf16 - 1, "excel.csv", IMPORT_AUTO, NULL);
	assert_str(m, "excel.csv: UTF-16 text (byte order mark FF FE): save it as UTF-8");
	free(m);
	const char *nohdr =
		"1,2,3\n4,5,6\n7,8,9\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n";
	m = must_reject(nohdr, strlen(nohdr), "numbers.csv", IMPORT_CSV, NULL);
	assert_str(m, "numbers.csv: no header row in the first 10 records (one naming columns such "
		      "as Manufacturer, Part Number, Supplier; or map them with --map)");
	free(m);
	const char *idonly = "Serial,Qty\nA1,1\n";
	m = must_reject(idonly, strlen(idonly), "serials.csv", IMPORT_CSV, NULL);
	assert_str(m, "serials.csv: the header (line 1) names no manufacturer, part number, model, "
		      "supplier or description column (columns: \"Serial\", \"Qty\"); map them "
		      "with --map FIELD=COLUMN");
	free(m);
	/* an unmapped header named like a key does not clash with the key */
	struct import_options opt = {0};
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(import_options_map(&opt, "serial=Asset Serial", &err), 0);
	inv = must_import_text("Manufacturer,Serial,Asset Serial\nMicron,S1,S2\n", "s.csv",
			       IMPORT_AUTO, &opt);
	c = find(inv, "part/2");
	assert_str(raw(c, FK_SERIAL), "S2");
	assert_str(extra(c, "extra_serial", true), "S1");
	inventory_free(inv);
	strbuf_release(&err);
}


/* Header names from data/csv-headers.tsv, with "#", "No.", "Nr", "Number"
 * and punctuation read alike (issue 12 item 6). */
static void test_header_names(void **state)
{
	(void)state;
	static const struct {
		const char *h;
		int col;
	} cases[] = {
		{"Mfr Part #", ICOL_PART_NUMBER},     {"Mfr. Part No.", ICOL_PART_NUMBER},
		{"MfrPartNumber", ICOL_PART_NUMBER},  {"Mfr Part Nr", ICOL_PART_NUMBER},
		{"MFR_PART_NUM", ICOL_PART_NUMBER},   {"Manufacturer Part #", ICOL_PART_NUMBER},
		{"P/N", ICOL_PART_NUMBER},            {"EBELN", ICOL_PO},
		{"Purchasing Document", ICOL_PO},     {"EBELP", ICOL_LINE},
		{"Line No.", ICOL_LINE},              {"Vendor Account", ICOL_SUPPLIER},
		{"Need-By Date", ICOL_DATE},          {"Quantity Ordered", ICOL_QUANTITY},
		{"Serial #", ICOL_SERIAL},            {"Item", -1},
		{"Unit Price", -1},                   {"", -1},
		{"#", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (csv_column_of_header(cases[i].h) != cases[i].col)
			fail_msg("\"%s\": column %d, want %d", cases[i].h,
				 csv_column_of_header(cases[i].h), cases[i].col);
	assert_null(csv_headers_error());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_purchase_order),
		cmocka_unit_test(test_custom_mapping),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_encodings_and_shapes),
		cmocka_unit_test(test_header_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
