/*
 * test_html.c — the HTML report without a browser: the escaping function,
 * the SVG charts (parsed as XML by python3, bars and axes against the
 * numbers), the digest, and `chipscreen report` / `scan --format html` end
 * to end: every finding of the store in the document, hostile text escaped,
 * nothing that would make a request, the digest checkable, and each error
 * path's exit status and message.
 */
#include "html-fixture.h"

#include "report/html.h"
#include "report/svg.h"
#include "util/date.h"

#include <cjson/cJSON.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char *esc(const char *s)
{
	struct strbuf o = STRBUF_INIT;
	html_text(&o, s);
	return strbuf_detach(&o, NULL);
}

static void test_escape(void **state)
{
	(void)state;
	char *s = esc("<script>alert(\"x\")</script>&'");
	assert_string_equal(s, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
	free(s);
	/* an RTL override cannot reorder the page: it is shown, not obeyed */
	s = esc("MTA\xe2\x80\xae"
		"18<b>");
	assert_string_equal(s, "MTA\\u202e18&lt;b&gt;");
	free(s);
	/* controls and bytes that are not UTF-8 */
	s = esc("a\nb\xff");
	assert_string_equal(s, "a\\x0ab\\xff");
	free(s);
	/* UTF-8 text passes */
	s = esc("致态 & Ø");
	assert_string_equal(s, "致态 &amp; Ø");
	free(s);
	s = esc(NULL);
	assert_string_equal(s, "");
	free(s);
}

static void test_num(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(html_num(0, b), "0");
	assert_string_equal(html_num(999, b), "999");
	assert_string_equal(html_num(1000, b), "1,000");
	assert_string_equal(html_num(1047892, b), "1,047,892");
	assert_string_equal(html_num(100000, b), "100,000");
}

static void test_axis(void **state)
{
	(void)state;
	size_t step;
	assert_int_equal(svg_axis_max(0, &step), 1);
	assert_int_equal(step, 1);
	assert_int_equal(svg_axis_max(7, &step), 7);
	assert_int_equal(step, 1);
	assert_int_equal(svg_axis_max(9, &step), 10);
	assert_int_equal(step, 2);
	assert_int_equal(svg_axis_max(92, &step), 100);
	assert_int_equal(step, 20);
	assert_int_equal(svg_axis_max(2288, &step), 2500);
	assert_int_equal(step, 500);
	assert_int_equal(svg_axis_max(100000, &step), 100000);
	assert_int_equal(step, 20000);
}

/* Run svg_check.py on svg; its output. */
static char *check_svg(const char *svg)
{
	char *dir = test_tmpdir();
	test_write_str(dir, "c.svg", svg);
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
	strbuf_addf(&cmd, "python3 %s %s/c.svg 2>&1", src_path("tests/report/svg_check.py"), dir);
	FILE *p = popen(cmd.buf, "r");
	assert_non_null(p);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		strbuf_add(&out, buf, n);
	int st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st))
		fail_msg("the SVG does not parse as XML (python3 needed: tools/deps.sh test):\n%s\n"
			 "%s",
			 out.buf, svg);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&cmd);
	return strbuf_detach(&out, NULL);
}

static void test_svg_bars(void **state)
{
	(void)state;
	const char *labels[] = {"us-ndaa889-a1b", "<evil> & \"rule\""};
	const char *series[] = {"PROHIBITED", "INFO"};
	const char *classes[] = {"v-prohibited", "v-info"};
	const size_t values[] = {92, 756, 0, 130};
	struct strbuf o = STRBUF_INIT;
	svg_bar_chart(&o, &(struct svg_bars){"t1", "Findings <by> rule", "desc & more", labels, 2,
					     series, classes, 2, values, "components"});
	char *got = check_svg(o.buf);
	/* largest total 848 -> axis 0..1000 by 200; width = value * 480 / 1000 */
	assert_string_equal(got, "title Findings <by> rule\n"
				 "desc yes\n"
				 "tick 0 230.0\n"
				 "tick 200 326.0\n"
				 "tick 400 422.0\n"
				 "tick 600 518.0\n"
				 "tick 800 614.0\n"
				 "tick 1000 710.0\n"
				 "bar v-prohibited 92 230.00 44.16\n"
				 "bar v-info 756 274.16 362.88\n"
				 "bar v-info 130 230.00 62.40\n");
	/* the label is escaped, a zero segment is not drawn, patterns are defined */
	assert_non_null(strstr(o.buf, "&lt;evil&gt; &amp; &quot;rule&quot;"));
	assert_non_null(strstr(o.buf, "<pattern id=\"t1-pat-prohibited\""));
	assert_non_null(strstr(o.buf, "fill=\"url(#t1-pat-prohibited)\""));
	assert_non_null(strstr(o.buf, "role=\"img\" aria-labelledby=\"t1-t t1-d\""));
	free(got);
	strbuf_release(&o);
}

static void test_svg_timeline(void **state)
{
	(void)state;
	const char *labels[] = {"uk-dvd-huawei-2022", "us-ndaa5949-a1a"};
	day_t from = date_parse("2026-12-07"), to = date_parse("2031-12-31");
	struct svg_event ev[] = {
		{0, date_parse("2027-12-31"), "remove all Huawei equipment", "v-remove-by"},
		{1, date_parse("2027-12-23"), "purchase restriction", "v-no-new-purchase"},
		{1, date_parse("2040-01-01"), "beyond the axis: not drawn", "v-info"},
	};
	struct strbuf o = STRBUF_INIT;
	svg_timeline_chart(
		&o, &(struct svg_timeline){"t2", "Deadlines", "d", labels, 2, from, to, ev, 3});
	char *got = check_svg(o.buf);
	/* x = 230 + days since 2026-12-07 * 480 / 1850 days */
	char want[256];
	snprintf(want, sizeof want,
		 "title Deadlines\ndesc yes\nevent 2027-12-31 %.1f\n"
		 "event 2027-12-23 %.1f\n",
		 230 + 389 * 480.0 / 1850, 230 + 381 * 480.0 / 1850);
	assert_string_equal(got, want);
	free(got);
	strbuf_release(&o);
}

static void test_digest(void **state)
{
	(void)state;
	char hex[65];
	html_digest("abc", 3, hex); /* FIPS 180-2, appendix B.1 */
	assert_string_equal(hex,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* ---------------------------------------------------------------------- */

/* The bytes between the data markers, as doc/report.md says to cut them. */
static void digest_of_doc(const char *doc, char hex[65])
{
	const char *b = strstr(doc, HTML_DATA_BEGIN), *e = strstr(doc, HTML_DATA_END);
	assert_non_null(b);
	assert_non_null(e);
	b += strlen(HTML_DATA_BEGIN);
	html_digest(b, (size_t)(e - b), hex);
}

static cJSON *fleet_json(struct hfx *x)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "fleet", "--db", x->db, "--profile", "us-federal-contractor",
			 "--date", "2026-12-07", "--format", "json", NULL);
	if (rc > 1)
		fail_msg("fleet: %s", err.buf);
	cJSON *j = cJSON_Parse(out.buf);
	assert_non_null(j);
	strbuf_release(&out);
	strbuf_release(&err);
	return j;
}

static void test_report_document(void **state)
{
	struct hfx *x = *state;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(hfx_report(x, &err, "html", x->html), EXIT_CLEAR);
	char *doc = hfx_read(x->html);
	/* every finding: its rule and part; binding and review ones with their hosts */
	cJSON *j = fleet_json(x), *f;
	size_t binding = 0;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(j, "findings"))
	{
		const char *v = cJSON_GetObjectItem(f, "verdict")->valuestring;
		char *rule = esc(cJSON_GetObjectItem(f, "rule")->valuestring);
		char *part = esc(cJSON_GetObjectItem(f, "part")->valuestring);
		char *host = esc(cJSON_GetObjectItem(f, "host")->valuestring);
		assert_has(doc, rule);
		assert_has(doc, part);
		if (!strcmp(v, "REVIEW") || cJSON_IsTrue(cJSON_GetObjectItem(f, "binding"))) {
			assert_has(doc, host);
			binding += !strcmp(v, "PROHIBITED");
		}
		free(rule);
		free(part);
		free(host);
	}
	assert_int_equal(binding, 5); /* a Huawei NIC on four hosts, another on one */
	assert_has(doc, "<b>4</b><span>hosts with a restricted part</span>");
	assert_has(doc, "<b>5</b><span>hosts</span>");
	/* the two hosts' identical NICs are one finding with its hosts listed */
	assert_has(doc, "<details class=\"hl\"><summary>4 hosts</summary>");
	/* hostile text: escaped, the RTL override shown as text */
	assert_lacks(doc, "<script>alert");
	assert_has(doc, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;web");
	assert_has(doc, "R&amp;D &quot;lab&quot;");
	assert_lacks(doc, "\xe2\x80\xae");
	assert_has(doc, "MTA\\u202e18ASF");
	/* nothing that would make a request */
	assert_lacks(doc, "src=\"http");
	assert_lacks(doc, "<link");
	assert_lacks(doc, "url(http");
	assert_lacks(doc, "@import");
	assert_has(doc, "default-src 'none'");
	/* the cover: versions, run, the digest of what follows it */
	char hex[65], want[128];
	digest_of_doc(doc, hex);
	snprintf(want, sizeof want, "<code id=\"digest\">%s</code>", hex);
	assert_has(doc, want);
	assert_has(doc, "<dt>Generated at</dt><dd>2026-12-07T00:00:00Z</dd>");
	assert_has(doc, "chipscreen report --db ");
	assert_has(doc, " --profile us-federal-contractor --date 2026-12-07 --format html -o ");
	/* the charts, with titles and their numbers */
	assert_has(doc, "<title id=\"chart-rules-t\">Findings by rule and verdict</title>");
	assert_has(doc, "<title id=\"chart-sites-t\">Hosts by site and worst verdict</title>");
	/* the first bar: six NICs PROHIBITED under §889(a)(1)(B), the most severe rule */
	const char *bar = strstr(strstr(doc, "id=\"chart-rules\""), "<rect class=\"bar ");
	assert_non_null(bar);
	assert_memory_equal(bar, "<rect class=\"bar v-prohibited\" x=\"230.00\"", 41);
	assert_true(strstr(bar, "data-value=\"6\"") < strchr(bar, '>'));
	assert_non_null(strstr(bar, "data-value=\"6\""));
	/* the appendix: a rule scoped per party (FCC 22-84) lists its parties' classes once */
	assert_has(doc, "<td>per party: telecom-equipment, video-equipment, "
			"video-surveillance-equipment</td>");
	/* not identified: the empty modules, one part on five hosts, with why */
	assert_has(doc, "<h3>Parts not identified</h3><p>5 components");
	assert_has(doc, "<td class=\"n\">5</td><td class=\"n\">5</td></tr></tbody></table>"
			"</section>");
	/* hosts per site, most first: the chart's numbers (7 series, the last "no finding") */
	assert_has(doc, "<th scope=\"row\">Leeds</th><td class=\"n\">2</td>");
	assert_has(doc, "<th scope=\"row\">Paris</th><td class=\"n\">1</td><td class=\"n\">0</td>"
			"<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td>"
			"<td class=\"n\">1</td><td class=\"n\">0</td></tr>");
	assert_has(doc, "<th scope=\"row\">R&amp;D &quot;lab&quot;</th><td class=\"n\">1</td>");
	cJSON_Delete(j);
	free(doc);
	strbuf_release(&err);
}

/* cn-cii: the CAC decision binds; the Micron modules made in weeks 40 and 45
 * of 2023 are one row, each host with its own acquisition basis. */
static void test_report_acquisition_rows(void **state)
{
	struct hfx *x = *state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "report", "--db", x->db, "--profile", "cn-cii", "--date",
			 "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	const char *b = strstr(out.buf, "<div class=\"rule\" id=\"rule-cn-cac-micron-2023\">");
	assert_non_null(b);
	const char *row = strstr(b, "MTA18ASF2G72PZ-3G2");
	assert_non_null(row);
	const char *end = strstr(row, "</tbody>");
	assert_non_null(end);
	struct strbuf one = STRBUF_INIT;
	strbuf_add(&one, row, (size_t)(end - row));
	assert_has(one.buf, "<td>varies by host: listed with each</td>");
	assert_has(one.buf, "<summary>3 hosts</summary>");
	assert_has(one.buf, "db01.example.net <span class=\"muted\">(Paris)</span>: "
			    "<code>dimm/A1</code> — acquired on or after 2023-10-02");
	assert_has(one.buf, "web02.example.net <span class=\"muted\">(Leeds)</span>: "
			    "<code>dimm/A1</code> — acquired on or after 2023-11-06");
	/* one row for the part: it is not listed again in this rule's table */
	const char *table_end = strstr(end, "</table>"), *again = strstr(end, "MTA18ASF2G72PZ-3G2");
	assert_non_null(table_end);
	assert_true(!again || again > table_end);
	strbuf_release(&one);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* cn-cii: two hosts' Micron modules made in 2019, weeks 18 and 21, before
 * the CAC decision, of unknown acquisition: one row, whose reason is the
 * first host's ("made 2019-W18 ..., before the ban").  Each host in the list
 * carries its own manufacture date with its basis; the list once said only
 * "acquired unknown" for both, and week 21 was nowhere in the document. */
static void test_report_made_rows(void **state)
{
	struct hfx *x = *state;
	const char *weeks[] = {"2019-W18", "2019-W21"};
	for (int i = 0; i < 2; i++) {
		char name[32], file[64];
		snprintf(name, sizeof name, "old%d.example.net", i + 1);
		snprintf(file, sizeof file, "%s/old%d.json", x->files, i + 1);
		struct inventory *inv = t_host(name, NULL, NULL);
		t_dimm(inv, "C1", "802c", "802c", "MTA36ASF4G72PZ-3G2E1", weeks[i], "00000002");
		FILE *f = fopen(file, "w");
		assert_non_null(f);
		assert_int_equal(inventory_write(inv, f), 0);
		fclose(f);
		inventory_free(inv);
		hfx_run("import", "import", "-q", "--db", x->db, "--site", "Oslo", file, NULL);
	}
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "report", "--db", x->db, "--profile", "cn-cii", "--date",
			 "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	const char *row = strstr(out.buf, "MTA36ASF4G72PZ-3G2E1");
	assert_non_null(row);
	const char *end = strstr(row, "</tbody>");
	assert_non_null(end);
	struct strbuf one = STRBUF_INIT;
	strbuf_add(&one, row, (size_t)(end - row));
	assert_has(one.buf, "(made 2019-W18 (manufacture_date), before the ban)");
	assert_has(one.buf, "<td>varies by host: listed with each</td>");
	assert_has(one.buf, "old1.example.net <span class=\"muted\">(Oslo)</span>: "
			    "<code>dimm/C1</code> — acquired unknown (made 2019-W18)");
	assert_has(one.buf, "old2.example.net <span class=\"muted\">(Oslo)</span>: "
			    "<code>dimm/C1</code> — acquired unknown (made 2019-W21)");
	strbuf_release(&one);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* de-mno: §889 and the CAC decision do not bind it; the German 5G contracts
 * do, and give the Huawei cards REVIEW (their network part undeclared).
 * Nothing is at LICENSE or worse, and the binding section once said "None:
 * no measure that binds this profile restricts a part identified in these
 * hosts" above six components a binding measure may restrict. */
static void test_report_binding_none_under_review(void **state)
{
	struct hfx *x = *state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "report", "--db", x->db, "--profile", "de-mno", "--date",
			 "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	assert_has(out.buf, "<h2>Binding findings, by rule</h2><p>None decided: no part is "
			    "found restricted (LICENSE or worse) by a measure that binds this "
			    "profile, but such measures have findings under review on 6 components "
			    "(<a href=\"#review\">below</a>): not cleared.</p>");
	assert_lacks(out.buf, "None: no measure that binds this profile restricts");
	/* the review section's words fit these rows: the maker is certain, the
	 * network part is what is open (it said "these parts need a fact
	 * chipscreen could not read") */
	assert_has(out.buf, "<p>Not cleared: parts a binding measure could restrict where "
			    "chipscreen cannot decide, for a fact it could not read (who made the "
			    "part or its chips, where it sits in the network, when it was bought) "
			    "or a question the measure&#39;s wording leaves open; each row says "
			    "which.</p>");
	/* us-federal-contractor's PROHIBITED findings: no such sentence */
	strbuf_reset(&out);
	assert_int_equal(run_cmd(&out, &err, "report", "--db", x->db, "--profile",
				 "us-federal-contractor", "--date", "2026-12-07", NULL),
			 0);
	assert_lacks(out.buf, "None decided");
	strbuf_release(&out);
	strbuf_release(&err);
}

/* The reproduce line spells out the profile as judged.  A profile set in a
 * config file ($CHIPSCREEN_CONFIG here; /etc/chipscreen.conf, the user's, or
 * --config FILE alike) was not in it: "chipscreen report --db S --date D"
 * run elsewhere judged another profile.  The line read with no config gives
 * the same verdicts fingerprint. */
static void test_report_reproduce_config(void **state)
{
	struct hfx *x = *state;
	test_write_str(x->dir, "cn.conf", "jurisdiction = CN\ncii = yes\n");
	struct strbuf conf = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&conf, "%s/cn.conf", x->dir);
	setenv("CHIPSCREEN_CONFIG", conf.buf, 1);
	int rc = run_cmd(&out, &err, "report", "--db", x->db, "--date", "2026-12-07", NULL);
	setenv("CHIPSCREEN_CONFIG", "", 1);
	if (rc)
		fail_msg("report: %s", err.buf);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want,
		    "<pre><code>chipscreen report --db %s --config /dev/null --attr "
		    "jurisdiction=CN --attr cii=yes --date 2026-12-07 --format html -o "
		    "report.html</code></pre>",
		    x->db);
	assert_has(out.buf, want.buf);
	const char *fp = strstr(out.buf, "Verdicts fingerprint</dt><dd><code>");
	assert_non_null(fp);
	char first[65];
	memcpy(first, fp + 35, 64);
	first[64] = 0;
	/* run as the line says, with no config: the same verdicts */
	strbuf_reset(&out);
	rc = run_cmd(&out, &err, "report", "--db", x->db, "--config", "/dev/null", "--attr",
		     "jurisdiction=CN", "--attr", "cii=yes", "--date", "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	assert_has(out.buf, want.buf);
	assert_has(out.buf, first);
	/* a bundled profile with an attribute of its own: named, the attribute given */
	strbuf_reset(&out);
	rc = run_cmd(&out, &err, "report", "--db", x->db, "--profile", "cn-cii", "--attr",
		     "sector=telecom,energy", "--date", "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	assert_has(out.buf, " --config /dev/null --profile cn-cii --attr sector=telecom,energy "
			    "--date 2026-12-07 ");
	strbuf_release(&conf);
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&want);
}

/* A purchase line of a Huawei card (SP582, 10 bought 2024-03-01), under
 * cn-cii: whose chips it carries is unknown, and the CAC decision may reach
 * Micron chips inside it: REVIEW.  "What would tell" gave the purchase
 * record's manufacturer and part number (the answer for a part of unknown
 * maker), which the record already holds; the chip maker is the question. */
static void test_report_po_chip_tell(void **state)
{
	struct hfx *x = *state;
	test_write_str(x->dir, "po.csv",
		       "supplier,manufacturer,part_number,quantity,date\n"
		       "Acme,Huawei,SP582,10,2024-03-01\n");
	struct strbuf po = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&po, "%s/po.csv", x->dir);
	hfx_run("import", "import", "-q", "--db", x->db, "--host", "po-2024", po.buf, NULL);
	int rc = run_cmd(&out, &err, "report", "--db", x->db, "--profile", "cn-cii", "--host",
			 "po-2024", "--date", "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	const char *sec = strstr(out.buf, "<h3>Findings needing review</h3>");
	assert_non_null(sec);
	const char *row = strstr(sec, "part SP582");
	assert_non_null(row);
	const char *end = strstr(row, "</tbody>");
	assert_non_null(end);
	struct strbuf one = STRBUF_INIT;
	strbuf_add(&one, row, (size_t)(end - row));
	assert_has(one.buf, "chip maker unknown: could be Micron Technology, Inc. chips");
	assert_has(one.buf, "<td>the chip maker: the vendor&#39;s declaration or datasheet for "
			    "this part</td>");
	assert_lacks(one.buf, "on the purchase record</td>");
	strbuf_release(&one);
	strbuf_release(&po);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* -o a device or a link: `report -o /dev/null`, as root, renamed the
 * report onto /dev/null and left a regular file in place of the device (a
 * machine's /dev/null gone); a link was replaced by a file.  Here through
 * links (nothing may replace /dev/null itself): the device written in place,
 * a link's file replaced, both links kept; the PDF the same way. */
static void test_report_output_links(void **state)
{
	struct hfx *x = *state;
	struct strbuf dev = STRBUF_INIT, link = STRBUF_INIT, file = STRBUF_INIT, err = STRBUF_INIT;
	struct strbuf out = STRBUF_INIT;
	strbuf_addf(&dev, "%s/null.html", x->dir);
	strbuf_addf(&file, "%s/kept.html", x->dir);
	strbuf_addf(&link, "%s/link.html", x->dir);
	assert_int_equal(symlink("/dev/null", dev.buf), 0);
	test_write_str(x->dir, "kept.html", "old");
	assert_int_equal(symlink(file.buf, link.buf), 0);
	struct stat st;
	assert_int_equal(hfx_report(x, &err, "html", dev.buf), EXIT_CLEAR);
	assert_int_equal(lstat(dev.buf, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(hfx_report(x, &err, "html", link.buf), EXIT_CLEAR);
	assert_int_equal(lstat(link.buf, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	char *doc = hfx_read(file.buf);
	assert_memory_equal(doc, "<!DOCTYPE html>", 15);
	free(doc);
	strbuf_release(&dev);
	strbuf_release(&link);
	strbuf_release(&file);
	strbuf_release(&err);
	strbuf_release(&out);
}

/* The next deadlines of a federal agency with a YMTC drive (PCI vendor
 * 0x1e49, pci.ids), as of 2026-12-07: §5949(a)(1)(A) binds agencies from
 * 2027-12-23 (Pub. L. 117-263), so its findings are INFO today; the table
 * said "(not binding)" beside it, as beside §5949(a)(1)(B), which binds
 * contractors, not this profile. */
static void test_report_deadline_binds_later(void **state)
{
	struct hfx *x = *state;
	struct inventory *inv = t_host("nas01.example.net", NULL, NULL);
	t_pci(inv, "0000:3b:00.0", "1e49", "0071", "010802");
	struct strbuf p = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/nas01.json", x->files);
	FILE *f = fopen(p.buf, "w");
	assert_non_null(f);
	assert_int_equal(inventory_write(inv, f), 0);
	fclose(f);
	inventory_free(inv);
	hfx_run("import", "import", "-q", "--db", x->db, "--site", "Oslo", p.buf, NULL);
	int rc = run_cmd(&out, &err, "report", "--db", x->db, "--profile", "us-federal-agency",
			 "--date", "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	const char *t = strstr(out.buf, "<h3>Next deadlines</h3>");
	assert_non_null(t);
	const char *a = strstr(t, "<td>us-ndaa5949-a1a</td>"), *b = strstr(t, "<td>us-ndaa5949-a1b</td>");
	assert_non_null(a);
	assert_non_null(b);
	char *ra = strndup(a, (size_t)(strstr(a, "</tr>") - a) + 5);
	char *rb = strndup(b, (size_t)(strstr(b, "</tr>") - b) + 5);
	assert_has(ra, "<td class=\"n\">1 (binds this profile from then)</td></tr>");
	assert_has(rb, "<td class=\"n\">1 (not binding)</td></tr>");
	free(ra);
	free(rb);
	assert_has(out.buf, "<td class=\"d\">2027-12-23</td><td>us-ndaa5949-a1a</td>");
	strbuf_release(&p);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* The citation of a binding rule is what its findings cite, as scan gives
 * them: §889(a)(1)(B)'s restriction cites the provision and its FAR rule
 * (85 FR 42665), which the report's rule block and appendix left out, and
 * fleet's CSV the same. */
static void test_report_restriction_citation(void **state)
{
	struct hfx *x = *state;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	static const char want[] = "Pub. L. 115-232, §889 (2018-08-13); FAR 52.204-25; "
				   "§889(a)(1)(B); FAR 52.204-24/-25 (85 FR 42665, 2020-07-14)";
	assert_int_equal(hfx_report(x, &err, "html", x->html), EXIT_CLEAR);
	char *doc = hfx_read(x->html);
	const char *b = strstr(doc, "<div class=\"rule\" id=\"rule-us-ndaa889-a1b\">");
	assert_non_null(b);
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "<p>Citation: %s</p>", want);
	assert_has(b, p.buf);
	strbuf_reset(&p);
	strbuf_addf(&p, "<td>%s</td>", want); /* the appendix */
	assert_has(doc, p.buf);
	free(doc);
	assert_int_equal(run_cmd(&out, &err, "fleet", "--db", x->db, "--profile",
				 "us-federal-contractor", "--date", "2026-12-07", "--format", "csv",
				 NULL),
			 EXIT_FINDINGS);
	strbuf_reset(&p);
	strbuf_addf(&p, ",\"%s\"\r\n", want);
	assert_has(out.buf, p.buf);
	strbuf_release(&p);
	strbuf_release(&err);
	strbuf_release(&out);
}

/* The review section's "What would tell": for a Huawei card the evidence
 * names (PCI vendor 0x19e5), under de-mno, what is open is the part of the
 * network it sits in, not its PCI ids; for a module of unknown maker under
 * cn-cii, the SPD that would name it.  The card's row once told the reader
 * to run lspci for a maker already certain. */
static void test_report_review_tell(void **state)
{
	struct hfx *x = *state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "report", "--db", x->db, "--profile", "de-mno", "--date",
			 "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	const char *sec = strstr(out.buf, "<h3>Findings needing review</h3>");
	assert_non_null(sec);
	const char *row = strstr(sec, "pci 19e5:1822");
	assert_non_null(row);
	const char *end = strstr(row, "</tbody>");
	assert_non_null(end);
	struct strbuf one = STRBUF_INIT;
	strbuf_add(&one, row, (size_t)(end - row));
	assert_has(one.buf, "the part of the network is not declared");
	assert_has(one.buf, "<td>not who made it, which the evidence names: what the reason "
			    "leaves open (the part of the network or the purpose it serves, when "
			    "it was acquired, the measure&#39;s reach), from the operator&#39;s "
			    "records or counsel</td>");
	assert_lacks(one.buf, "lspci");
	strbuf_reset(&one);
	strbuf_reset(&out);
	strbuf_reset(&err);
	rc = run_cmd(&out, &err, "report", "--db", x->db, "--profile", "cn-cii", "--date",
		     "2026-12-07", NULL);
	if (rc)
		fail_msg("report: %s", err.buf);
	sec = strstr(out.buf, "<h3>Findings needing review</h3>");
	assert_non_null(sec);
	row = strstr(sec, "unknown maker");
	assert_non_null(row);
	end = strstr(row, "</tbody>");
	assert_non_null(end);
	strbuf_add(&one, row, (size_t)(end - row));
	assert_has(one.buf, "<td>the module maker&#39;s JEP106 code in the SPD EEPROM (collect "
			    "as root), or the label on the module</td>");
	strbuf_release(&one);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_report_errors(void **state)
{
	struct hfx *x = *state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(
		run_cmd(&out, &err, "report", "--db", x->db, "--site", "Mars", "-o", x->html, NULL),
		EXIT_ERROR);
	assert_has(err.buf, "--site Mars: no host in the store is at that site");
	assert_int_equal(run_cmd(&out, &err, "report", "--db", x->db, "-o", x->db, NULL),
			 EXIT_ERROR);
	assert_has(err.buf, "is the store itself: not overwritten");
	assert_int_equal(run_cmd(&out, &err, "report", "--db", x->db, "--format", "pdf", NULL),
			 EXIT_ERROR);
	assert_has(err.buf, "--format pdf needs -o FILE");
	assert_int_equal(run_cmd(&out, &err, "report", "--format", "docx", NULL), EXIT_ERROR);
	assert_has(err.buf, "--format docx: expected html or pdf");
	assert_int_equal(run_cmd(&out, &err, "report", "--timeout", "0", NULL), EXIT_ERROR);
	setenv("CHIPSCREEN_CHROMIUM", "/nonexistent/chromium", 1);
	struct strbuf pdf = STRBUF_INIT;
	strbuf_addf(&pdf, "%s/r.pdf", x->dir);
	assert_int_equal(hfx_report(x, &err, "pdf", pdf.buf), EXIT_ERROR);
	assert_has(err.buf, "install the Debian package chromium");
	assert_int_equal(access(pdf.buf, F_OK), -1); /* nothing half written */
	unsetenv("CHIPSCREEN_CHROMIUM");
	/* an empty store */
	struct strbuf db = STRBUF_INIT;
	strbuf_addf(&db, "%s/empty.db", x->dir);
	assert_int_equal(run_cmd(&out, &err, "report", "--db", db.buf, "-o", x->html, NULL),
			 EXIT_ERROR);
	assert_has(err.buf, "no store at");
	assert_int_equal(access(db.buf, F_OK), -1); /* a typo creates no store */
	/* a store with no host yet */
	assert_int_equal(run_cmd(&out, &err, "lists", "import", "--db", db.buf,
				 src_path("tests/fixtures/lists/us-special-leg/section_889.csv"), NULL),
			 EXIT_CLEAR);
	assert_int_equal(run_cmd(&out, &err, "report", "--db", db.buf, "-o", x->html, NULL),
			 EXIT_ERROR);
	assert_has(err.buf, "the store holds no host yet");
	/* a directory that does not exist: nothing written, the path named */
	assert_int_equal(
		run_cmd(&out, &err, "report", "--db", x->db, "-o", "/nonexistent/r.html", NULL),
		EXIT_ERROR);
	assert_has(err.buf, "/nonexistent/r.html: cannot write: No such file or directory");
	/* no -o: the document on standard output */
	assert_int_equal(run_cmd(&out, &err, "report", "--db", x->db, "--date", "2026-12-07", NULL),
			 EXIT_CLEAR);
	assert_memory_equal(out.buf, "<!DOCTYPE html>", 15);
	assert_has(out.buf, "</html>\n");
	assert_int_equal(run_cmd(&out, &err, "report", "--help", NULL), EXIT_CLEAR);
	assert_has(out.buf, "usage: chipscreen report");
	strbuf_release(&db);
	strbuf_release(&pdf);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* Chromium that hangs, fails or prints nothing: exit 2, the reason, no file. */
static void test_pdf_chromium_errors(void **state)
{
	struct hfx *x = *state;
	static const struct {
		const char *script, *message;
	} cases[] = {
		{"#!/bin/sh\nsleep 30\n", "took longer than 1 s to print"},
		{"#!/bin/sh\nexit 3\n", "failed (exit status 3) printing"},
		{"#!/bin/sh\nexit 0\n", "wrote no PDF to"},
	};
	struct strbuf err = STRBUF_INIT, fake = STRBUF_INIT, pdf = STRBUF_INIT, o = STRBUF_INIT;
	strbuf_addf(&fake, "%s/fake-chromium", x->dir);
	strbuf_addf(&pdf, "%s/r.pdf", x->dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		test_write_str(x->dir, "fake-chromium", cases[i].script);
		assert_int_equal(chmod(fake.buf, 0755), 0);
		setenv("CHIPSCREEN_CHROMIUM", fake.buf, 1);
		int rc = run_cmd(&o, &err, "report", "--db", x->db, "--date", "2026-12-07",
				 "--format", "pdf", "--timeout", "1", "-o", pdf.buf, NULL);
		assert_int_equal(rc, EXIT_ERROR);
		assert_has(err.buf, cases[i].message);
		assert_int_equal(access(pdf.buf, F_OK), -1);
	}
	unsetenv("CHIPSCREEN_CHROMIUM");
	strbuf_release(&o);
	strbuf_release(&err);
	strbuf_release(&fake);
	strbuf_release(&pdf);
}

/* The CSV the fleet writes neutralises a formula in a host's name. */
static void test_csv_guard(void **state)
{
	struct hfx *x = *state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, "fleet", "--db", x->db, "--profile", "us-federal-contractor",
			 "--date", "2026-12-07", "--format", "csv", NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_has(out.buf, "\"'=cmd|' /C calc'!A0\"");
	assert_lacks(out.buf, ",=cmd");
	assert_lacks(out.buf, ",\"=cmd");
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_scan_html(void **state)
{
	struct hfx *x = *state;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, p = STRBUF_INIT;
	strbuf_addf(&p, "%s/hostile.json", x->files);
	int rc = run_cmd(&out, &err, "scan", "--profile", "us-federal-contractor", "--date",
			 "2026-12-07", "--format", "html", p.buf, NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	assert_has(out.buf, "<!DOCTYPE html>");
	assert_has(out.buf, "<span class=\"v v-prohibited\">PROHIBITED</span>");
	assert_has(out.buf, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;web");
	assert_lacks(out.buf, "<script>alert");
	assert_lacks(out.buf, "\xe2\x80\xae");
	assert_has(out.buf, "pci/0000:01:00.0");
	char hex[65], want[128];
	digest_of_doc(out.buf, hex);
	snprintf(want, sizeof want, "<code id=\"digest\">%s</code>", hex);
	assert_has(out.buf, want);
	strbuf_release(&p);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_axis),
		cmocka_unit_test(test_svg_bars),
		cmocka_unit_test(test_svg_timeline),
		cmocka_unit_test(test_digest),
		cmocka_unit_test_setup_teardown(test_report_document, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_acquisition_rows, hfx_setup,
						hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_made_rows, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_reproduce_config, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_output_links, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_deadline_binds_later, hfx_setup,
						hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_restriction_citation, hfx_setup,
						hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_review_tell, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_po_chip_tell, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_binding_none_under_review, hfx_setup,
						hfx_teardown),
		cmocka_unit_test_setup_teardown(test_report_errors, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_pdf_chromium_errors, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_csv_guard, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_scan_html, hfx_setup, hfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
