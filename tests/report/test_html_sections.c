/*
 * test_html_sections.c — the report's name-screening (--screen) and export
 * (--orders) sections on the inputs of html-fixture.h's hfx_sections: a real
 * screen-names run against OFAC SDN records and the DoD 1260H list with a
 * review recorded, and four order lines determined by export-check's
 * engine.  Checked: each section's exact rows (decision, list, version,
 * publication date, reviewer and reason; classification, destination,
 * licence needed, provision and citation; lines that read the same shown
 * once with their references), the summary lines, the cover's
 * inputs with their SHA-256, the digest covering the sections, the appendix
 * and reproduce line, and the inputs refused (exit 2, the file and line
 * named, nothing written).
 */
#include "html-fixture.h"

#include "report/html.h"

#include <ctype.h>

static int sections_setup(void **state)
{
	hfx_setup(state);
	hfx_sections(*state);
	return 0;
}

static char *report_with_sections(struct hfx *x)
{
	struct strbuf err = STRBUF_INIT;
	int rc = hfx_report_sections(x, &err, "html", x->html);
	if (rc)
		fail_msg("report: %s", err.buf);
	strbuf_release(&err);
	return hfx_read(x->html);
}

/* The text from the first occurrence of from up to (not including) to. */
static char *between(const char *doc, const char *from, const char *to)
{
	const char *b = strstr(doc, from);
	if (!b)
		fail_msg("the document does not contain \"%s\"", from);
	const char *e = strstr(b, to);
	assert_non_null(e);
	return strndup(b, (size_t)(e - b));
}

/* A UTC time of screen-names or review at p ("2026-12-07T13:12:17Z")? */
static bool stamp(const char *p)
{
	for (int i = 0; i < 20; i++)
		if ("dddd-dd-ddTdd:dd:ddZ"[i] == 'd' ? !isdigit((unsigned char)p[i])
						     : p[i] != "dddd-dd-ddTdd:dd:ddZ"[i])
			return false;
	return true;
}

static void test_screening(void **state)
{
	struct hfx *x = *state;
	char *doc = report_with_sections(x);
	assert_has(doc, "<h3>Name screening</h3><p>4 names screened: <b>1 match</b>, 1 potential "
			"match (a person decides), 1 reviewed as not this party, 1 with no hit.");
	char *s = between(doc, "<section id=\"screening\">", "</section>");
	assert_has(s, "The names in column <code>customer</code> of <code>");
	assert_has(s, "<tr><th scope=\"row\">match</th><td class=\"n\">1</td></tr>"
		      "<tr><th scope=\"row\">potential-match</th><td class=\"n\">1</td></tr>"
		      "<tr><th scope=\"row\">no-match, reviewed: not this party</th>"
		      "<td class=\"n\">1</td></tr>"
		      "<tr><th scope=\"row\">no-match, no hit</th><td class=\"n\">1</td></tr>");
	/* the lists the hits came from: version and publication date each */
	assert_has(s, "<tbody><tr><td>dod-1260h</td><td>2026-06-08</td><td>2026-06-08</td>"
		      "<td class=\"n\">2</td></tr><tr><td>ofac-sdn</td><td>not stated in the "
		      "file</td><td>2026-11-30</td><td class=\"n\">1</td></tr></tbody>");
	assert_has(s, "<tr><td><b>match</b></td><td>Yangtze Memory Technologies Co., Ltd.</td>"
		      "<td>Yangtze Memory Technologies Co., Ltd.</td><td>DOD-1260H<br><span "
		      "class=\"muted\">Section 1260H, NDAA FY2021 (Chinese military companies)"
		      "</span></td><td>2026-06-08<br><span class=\"muted\">published 2026-06-08"
		      "</span></td><td><span class=\"v v-info\">INFO</span> named by the "
		      "Department of Defense as a Chinese military company");
	assert_has(s, "<tr><td><b>potential-match</b></td><td>SMIC</td><td>Semiconductor "
		      "Manufacturing International Corporation<br><span class=\"muted\">matched "
		      "as SMIC</span></td>");
	assert_has(s, "<span class=\"v v-info\">INFO</span> if confirmed: named by the "
		      "Department of Defense");
	/* the reviewed hit: who, when, why */
	const char *r = strstr(s, "<tr><td>Zhang Wei</td><td>WEI, Zhao<br><span class=\"muted\">"
				  "matched as WEI, Zhang</span></td><td>SDN<br><span "
				  "class=\"muted\">TCO</span><br>version not stated<br><span "
				  "class=\"muted\">published 2026-11-30</span></td><td>alice</td>"
				  "<td class=\"d\">");
	assert_non_null(r);
	r = strstr(r, "<td class=\"d\">") + 14;
	assert_true(stamp(r));
	assert_string_equal(r + 20, "</td><td>born 1988, not 1952</td></tr></tbody></table>");
	/* no hit: counted, not listed */
	assert_lacks(s, "Acme Widgets");
	/* the cover names the file with its SHA-256 */
	char hex[65], want[256];
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(html_file_digest(x->screen, hex, &err), 0);
	snprintf(want, sizeof want, "screened.csv</code>, 4 names (SHA-256 <code>%s</code>)</dd>",
		 hex);
	assert_has(doc, want);
	strbuf_release(&err);
	free(s);
	free(doc);
}

static void test_export(void **state)
{
	struct hfx *x = *state;
	char *doc = report_with_sections(x);
	assert_has(doc, "<h3>Export check</h3><p>4 order lines: <b>2 need a licence</b>, 1 need "
			"review, 0 need a notification (NAC/ACA), 1 need no licence.");
	char *s = between(doc, "<section id=\"export\">", "</section>");
	assert_has(s, "<tr><th scope=\"row\">LICENSE-REQUIRED</th><td class=\"n\">2</td></tr>"
		      "<tr><th scope=\"row\">REVIEW</th><td class=\"n\">1</td></tr>"
		      "<tr><th scope=\"row\">NOTIFY</th><td class=\"n\">0</td></tr>"
		      "<tr><th scope=\"row\">NO-LICENSE-REQUIRED</th><td class=\"n\">1</td></tr>");
	/* per line: classification, destination, end user, date, licence, grounds */
	assert_has(s, "<tr><td>SO-1</td><td>A100</td><td><b>3A090.a</b><br><span class=\"muted\">"
		      "TPP 4992 (= 624 x 8 bits, 2 x MacTOPS x bit length), PD 6.04, I/O 600 "
		      "GB/s: 3A090.a (TPP &gt;= 4800)</span></td><td>CN</td><td>YMTC</td>"
		      "<td class=\"d\">2026-07-31</td><td><b>yes</b><br><span class=\"muted\">"
		      "LICENSE-REQUIRED</span></td><td><ol class=\"chain\"><li><b>§ 742.6(a)(6)"
		      "(iii)</b> [LICENSE-REQUIRED]: 91 FR 1684 (effective 2026-01-15)");
	assert_has(s, "<li><b>§ 744.11; Entity List: Yangtze Memory Technologies Co., Ltd.</b> "
		      "[LICENSE-REQUIRED]: 87 FR 77505, 77508 (2022-12-19; effective 2022-12-16)");
	assert_has(s, "review policy: presumption of denial; exceptions: none (§ 744.16: no "
		      "licence exceptions for Entity List parties)</li></ol></td></tr>");
	assert_has(s, "<tr><td>SO-2</td><td>RTX 4090</td><td><b>3A090.a</b>");
	assert_has(s, "<td>GB</td><td>Example Games Ltd</td><td class=\"d\">2026-07-31</td><td>"
		      "<b>no</b><br><span class=\"muted\">NO-LICENSE-REQUIRED</span></td><td>no "
		      "ground for a licence applies</td></tr>");
	assert_has(s,
		   "<td>SA</td><td>OVH, SAS</td><td class=\"d\">2026-07-31</td><td><b>yes</b>"
		   "<br><span class=\"muted\">LICENSE-REQUIRED</span></td><td><ol class=\"chain\">"
		   "<li><b>§ 742.6(a)(6)(iii)</b> [LICENSE-REQUIRED]: 88 FR 73458 (effective "
		   "2023-11-17)");
	assert_has(s, "review policy: presumption of approval (§ 742.6(b)(10)(ii))");
	/* no date on the line: the report's; an estimate in the catalogue: REVIEW */
	assert_has(s, "<tr><td>SO-4</td><td>H20</td><td><b>3A991.p</b>");
	assert_has(s, "<td>CN</td><td>Example Cloud Co</td><td class=\"d\">2026-12-07</td><td>"
		      "<b>REVIEW</b></td><td>no ground established: an unknown decides (below)"
		      "<br><span class=\"muted\">unknown: the TPP of H20 in the catalogue is an "
		      "estimate");
	/* what the engine does not decide, said once */
	assert_has(s, "<h3>Not decided by chipscreen</h3><ul><li>is-informed letters: none "
		      "entered (--informed)</li>");
	const char *sme = strstr(s, "classification of SME beyond the ECCN paragraph given");
	assert_non_null(sme);
	assert_null(strstr(sme + 1, "classification of SME beyond the ECCN paragraph given"));
	char hex[65], want[256];
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(html_file_digest(x->orders, hex, &err), 0);
	snprintf(want, sizeof want,
		 "orders.csv</code>, 4 order lines (SHA-256 <code>%s</code>)</dd>", hex);
	assert_has(doc, want);
	free(s);
	free(doc);
	/* a line that reads as another but for its reference: one row, both listed */
	struct strbuf p = STRBUF_INIT, o = STRBUF_INIT;
	test_write_str(x->dir, "repeat.csv",
		       HFX_ORDERS "SO-5,A100,CN,YMTC,CN,none,2026-07-31\n"
				  "SO-6,A100,CN,YMTC,CN,none,2026-07-30\n");
	strbuf_addf(&p, "%s/repeat.csv", x->dir);
	assert_int_equal(run_cmd(&o, &err, "report", "--db", x->db, "--date", "2026-12-07",
				 "--orders", p.buf, NULL),
			 EXIT_CLEAR);
	assert_has(o.buf, "<h3>Export check</h3><p>6 order lines: <b>4 need a licence</b>");
	assert_has(o.buf, "<tr><td><details class=\"hl\"><summary>2 order lines</summary><ul "
			  "class=\"hosts\"><li>SO-1</li><li>SO-5</li></ul></details></td><td>A100"
			  "</td>");
	assert_has(o.buf, "<tr><td>SO-6</td><td>A100</td>"); /* another date: its own row */
	assert_lacks(o.buf, "<tr><td>SO-1</td>");
	strbuf_release(&p);
	strbuf_release(&o);
	strbuf_release(&err);
}

/* The cover's digest covers the new sections: they lie between the data
 * markers, and the digest of those bytes is the one shown. */
static void test_digest_and_appendix(void **state)
{
	struct hfx *x = *state;
	char *doc = report_with_sections(x);
	const char *b = strstr(doc, HTML_DATA_BEGIN), *e = strstr(doc, HTML_DATA_END);
	assert_non_null(b);
	assert_non_null(e);
	const char *scr = strstr(doc, "<section id=\"screening\">"),
		   *exp = strstr(doc, "<section id=\"export\">"),
		   *app = strstr(doc, "<section id=\"appendix\">");
	assert_true(b < scr && scr < exp && exp < app && app < e);
	b += strlen(HTML_DATA_BEGIN);
	char hex[65], want[128];
	html_digest(b, (size_t)(e - b), hex);
	snprintf(want, sizeof want, "<code id=\"digest\">%s</code>", hex);
	assert_has(doc, want);
	assert_has(doc, "shown for the one file named on the cover, as it was screened");
	assert_has(doc, "shown for the order lines of the file named on the cover only.");
	assert_has(doc, " --screen-column customer --orders ");
	assert_has(doc, "/orders.csv --format html -o ");
	free(doc);
	/* without the options: no section, and the appendix says so */
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(hfx_report(x, &err, "html", x->html), EXIT_CLEAR);
	doc = hfx_read(x->html);
	assert_lacks(doc, "id=\"screening\"");
	assert_lacks(doc, "id=\"export\"");
	assert_has(doc, "not part of this report (<code>--screen</code>).");
	assert_has(doc, "not part of this report (<code>--orders</code>).");
	free(doc);
	strbuf_release(&err);
}

/* The cover's lists: each publication date with where it was read, as
 * `chipscreen lists` gives it.  The SDN file states no date: its date is the
 * file's modification time, which the cover showed as "published
 * 2026-11-30", a date an auditor reads as the publisher's. */
static void test_cover_list_dates(void **state)
{
	struct hfx *x = *state;
	char *doc = report_with_sections(x);
	const char *cover = strstr(doc, "<table class=\"lists\">");
	assert_non_null(cover);
	char *end = strstr(cover, "</table>");
	assert_non_null(end);
	*end = 0;
	assert_has(cover, "<tr><td>ofac-sdn</td><td>ofac-csv</td><td>not stated in the file "
			  "(published 2026-11-30, from the file&#39;s modification time (the file "
			  "states no date))</td>");
	assert_has(cover, "<tr><td>dod-1260h</td><td>dod-1260h</td><td>2026-06-08 (published "
			  "2026-06-08, from the newest listing start date in the file)</td>");
	free(doc);
}

/* One refused run: exit 2, err naming what, no report written. */
static void refused(struct hfx *x, const char *why, const char *const *args)
{
	const char *argv[40] = {"report", "--db", x->db, "--date", "2026-12-07", "-o", x->html};
	int n = 7;
	for (int i = 0; args[i]; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	unlink(x->html);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(run_cmdv(&out, &err, n, argv), EXIT_ERROR);
	if (!strstr(err.buf, why))
		fail_msg("expected \"%s\" in: %s", why, err.buf);
	assert_int_equal(access(x->html, F_OK), -1);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_refused(void **state)
{
	struct hfx *x = *state;
	struct strbuf p = STRBUF_INIT, q = STRBUF_INIT, r = STRBUF_INIT;
	strbuf_addf(&p, "%s/customers.csv", x->dir); /* the input, not the output */
	refused(x,
		"customers.csv: no column 'matched_name': not the output of chipscreen "
		"screen-names",
		(const char *[]){"--screen", p.buf, NULL});
	refused(x, "screened.csv: no column 'client' in the header (--screen-column)",
		(const char *[]){"--screen", x->screen, "--screen-column", "client", NULL});
	refused(x, "screened.csv: the screened names are in a column of their own",
		(const char *[]){"--screen", x->screen, "--screen-column", "decision", NULL});
	/* a decision screen-names never writes */
	char *t = hfx_read(x->screen);
	char *m = strstr(t, ",potential-match,");
	assert_non_null(m);
	memcpy(m, ",probable-match!!,", 18);
	test_write_str(x->dir, "edited.csv", t);
	free(t);
	strbuf_addf(&q, "%s/edited.csv", x->dir);
	refused(x,
		"edited.csv:3: decision 'probable-match!!': expected match, potential-match or "
		"no-match",
		(const char *[]){"--screen", q.buf, "--screen-column", "customer", NULL});
	/* two input columns and no --screen-column: which one was screened is not
	 * in the file, and the first (an id column, say) was shown as the names */
	refused(x,
		"screened.csv: 2 columns before those screen-names adds (customer, country): "
		"say which holds the screened names with --screen-column",
		(const char *[]){"--screen", x->screen, NULL});
	test_write_str(x->dir, "header-only.csv",
		       "customer,matched_name,score,source,programs,citation,verdict,consequence,"
		       "license_requirement,listed_name,matched_via,other_hits,decision,list_source,"
		       "list_version,list_date,screened_at\n");
	strbuf_reset(&q);
	strbuf_addf(&q, "%s/header-only.csv", x->dir);
	refused(x, "header-only.csv: no row under the header: nothing was screened",
		(const char *[]){"--screen", q.buf, NULL});
	refused(x, "/nonexistent/s.csv: cannot read",
		(const char *[]){"--screen", "/nonexistent/s.csv", NULL});
	/* an order line export-check cannot read: named, nothing written */
	test_write_str(x->dir, "bad-orders.csv",
		       "Order,Part,Country,Date\nSO-1,A100,CN,2026-07-31\nSO-2,A100,Chna,"
		       "2026-07-31\n");
	strbuf_addf(&r, "%s/bad-orders.csv", x->dir);
	refused(x,
		"bad-orders.csv:3: destination 'Chna' is not an ISO 3166-1 country code or name "
		"(CN, CHN, China); line not checked",
		(const char *[]){"--orders", r.buf, NULL});
	refused(x, "report: --map x=1: no field 'x'",
		(const char *[]){"--orders", x->orders, "--map", "x=1", NULL});
	refused(x, "--map needs --orders", (const char *[]){"--map", "ref=1", NULL});
	refused(x, "--screen-column needs --screen",
		(const char *[]){"--screen-column", "customer", NULL});
	/* the output is never an input */
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	char *before = hfx_read(x->orders);
	assert_int_equal(run_cmd(&out, &err, "report", "--db", x->db, "--orders", x->orders, "-o",
				 x->orders, NULL),
			 EXIT_ERROR);
	assert_has(err.buf, "is an input (--screen or --orders): not overwritten");
	char *after = hfx_read(x->orders);
	assert_string_equal(before, after);
	free(before);
	free(after);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&p);
	strbuf_release(&q);
	strbuf_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screening),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_digest_and_appendix),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_cover_list_dates),
	};
	return cmocka_run_group_tests(tests, sections_setup, hfx_teardown);
}
