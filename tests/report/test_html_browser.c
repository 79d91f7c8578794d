/*
 * test_html_browser.c — the fleet report in a real browser: headless
 * Chromium (Debian package chromium) and poppler-utils' pdfinfo and
 * pdftotext, which `tools/deps.sh test` installs.
 *
 *   - the page loads with no console message at all (a script error, or a
 *     request the page's Content-Security-Policy blocked, would print one);
 *   - a copy without that policy makes no request either: Chromium's
 *     network log holds no URL but the report's own and Chromium's own
 *     background services (update, accounts, spelling), which are sent to a
 *     resolver that answers nothing;
 *   - the DOM after the script ran (--dump-dom) holds every binding finding's
 *     host and every finding's rule, and the script's sort and filter hooks;
 *   - a screenshot is a PNG of the page;
 *   - the PDF (`report --format pdf`) has the page count pdfinfo reports in
 *     its own footer ("Page 1 of N"), and its text holds the sections and
 *     the findings;
 *   - with --screen and --orders (html-fixture.h: hfx_sections), the page
 *     still loads without a console message, the script makes the new
 *     sections' tables sortable, and the PDF's text holds their rows.
 *
 * Where Chromium is not installed the tests are skipped with a message
 * saying so (cmocka counts them as skipped); CI installs it.
 */
#include "html-fixture.h"

#include "report/html.h"

#include <cjson/cJSON.h>
#include <sys/wait.h>

/* Run a shell command (bounded by timeout(1)); its standard output. */
static char *sh(const char *cmd, int *status)
{
	struct strbuf out = STRBUF_INIT;
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		strbuf_add(&out, buf, n);
	int st = pclose(p);
	*status = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return strbuf_detach(&out, NULL);
}

static const char *chromium_or_skip(void)
{
	const char *c = html_find_chromium();
	if (!c) {
		print_message("chromium is not installed (Debian package chromium): the browser "
			      "tests are SKIPPED; CI installs it\n");
		skip();
	}
	return c;
}

/* chromium --headless ... ARGS URL, stderr to err_file; its stdout. */
static char *browse(const char *chromium, const char *args, const char *file, const char *err_file)
{
	struct strbuf cmd = STRBUF_INIT;
	strbuf_addf(&cmd,
		    "timeout 120 %s --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
		    "--no-first-run --disable-extensions --disable-background-networking "
		    "--disable-component-update --disable-sync --host-resolver-rules='MAP * "
		    "~NOTFOUND' --user-data-dir=%s.profile --enable-logging=stderr --v=0 %s "
		    "file://%s 2>%s",
		    chromium, file, args, file, err_file);
	int st;
	char *out = sh(cmd.buf, &st);
	if (st)
		fail_msg("chromium failed (%d): %s", st, cmd.buf);
	strbuf_release(&cmd);
	return out;
}

/* Text as a browser serialises it in the DOM: html_text, less the quotes'
 * entities (text nodes keep quotes as they are). */
static void dom_text(struct strbuf *out, const char *s)
{
	struct strbuf t = STRBUF_INIT;
	html_text(&t, s);
	for (const char *p = t.buf; *p;) {
		if (!strncmp(p, "&quot;", 6))
			strbuf_addch(out, '"'), p += 6;
		else if (!strncmp(p, "&#39;", 5))
			strbuf_addch(out, '\''), p += 5;
		else
			strbuf_addch(out, *p++);
	}
	strbuf_release(&t);
}

static void test_browser_dom(void **state)
{
	struct hfx *x = *state;
	const char *chromium = chromium_or_skip();
	struct strbuf err = STRBUF_INIT, ef = STRBUF_INIT, out = STRBUF_INIT;
	assert_int_equal(hfx_report(x, &err, "html", x->html), EXIT_CLEAR);
	strbuf_addf(&ef, "%s/chromium.err", x->dir);
	char *dom = browse(chromium, "--dump-dom", x->html, ef.buf);
	char *log = hfx_read(ef.buf);
	if (strstr(log, ":CONSOLE"))
		fail_msg("the page wrote to the console:\n%s", log);
	/* the script ran: filter boxes and sortable headers */
	assert_has(dom, "class=\"filter\"");
	assert_has(dom, "aria-sort=\"none\"");
	assert_has(dom, "Restricted hardware: screening report");
	/* every finding of the store */
	int rc = run_cmd(&out, &err, "fleet", "--db", x->db, "--profile", "us-federal-contractor",
			 "--date", "2026-12-07", "--format", "json", NULL);
	assert_int_equal(rc, EXIT_FINDINGS);
	cJSON *j = cJSON_Parse(out.buf), *f;
	size_t n = 0;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(j, "findings"))
	{
		struct strbuf e = STRBUF_INIT;
		dom_text(&e, cJSON_GetObjectItem(f, "rule")->valuestring);
		assert_has(dom, e.buf);
		strbuf_reset(&e);
		if (cJSON_IsTrue(cJSON_GetObjectItem(f, "binding"))) {
			dom_text(&e, cJSON_GetObjectItem(f, "host")->valuestring);
			assert_has(dom, e.buf);
		}
		strbuf_release(&e);
		n++;
	}
	assert_true(n >= 8);
	/* the hostile name is text in the DOM, not an element */
	assert_has(dom, "&lt;script&gt;alert(\"x\")&lt;/script&gt;&amp;'web");
	cJSON_Delete(j);
	free(dom);
	free(log);
	strbuf_release(&ef);
	strbuf_release(&out);
	strbuf_release(&err);
}

/*
 * The sort and filter script, driven in the page: a script appended to a
 * copy clicks the Hosts header of the exposure table twice (descending) and
 * of the binding table once (ascending: groups, a tbody each, move whole),
 * types in a filter box, and writes what it sees into attributes of <body>
 * that --dump-dom shows.
 */
static const char driver[] =
	"<script>(function(){var b=document.body;"
	"function col(t,name){var h=t.querySelectorAll('thead th');"
	"for(var i=0;i<h.length;i++)if(h[i].textContent===name)return i;return -1;}"
	"var x=document.querySelector('#exposure table.data'),i=col(x,'Hosts');"
	"var th=x.querySelectorAll('thead th')[i];th.click();th.click();"
	"var v=Array.prototype.map.call(x.tBodies[0].rows,function(r){"
	"return parseInt(r.cells[i].textContent.replace(/,/g,''),10);});"
	"b.setAttribute('data-x-sort',th.getAttribute('aria-sort'));"
	"b.setAttribute('data-x-hosts',v.join(' '));"
	"var g=document.querySelector('#binding table.data'),j=col(g,'Hosts');"
	"g.querySelectorAll('thead th')[j].click();"
	"b.setAttribute('data-g-hosts',Array.prototype.map.call(g.tBodies,function(t){"
	"return t.rows.length+':'+t.rows[0].cells[j].textContent;}).join(' '));"
	"var f=x.previousElementSibling;f.value='micron';f.dispatchEvent(new Event('input'));"
	"var shown=Array.prototype.filter.call(x.tBodies[0].rows,function(r){return !r.hidden;});"
	"b.setAttribute('data-x-filter',shown.length+'/'+x.tBodies[0].rows.length+' '+"
	"shown.every(function(r){return /micron/i.test(r.textContent);}));"
	"})();</script>";

static void test_browser_sort_filter(void **state)
{
	struct hfx *x = *state;
	const char *chromium = chromium_or_skip();
	struct strbuf err = STRBUF_INIT, t = STRBUF_INIT, copy = STRBUF_INIT, ef = STRBUF_INIT;
	assert_int_equal(hfx_report(x, &err, "html", x->html), EXIT_CLEAR);
	char *doc = hfx_read(x->html);
	char *end = strstr(doc, "</body>");
	assert_non_null(end);
	strbuf_add(&t, doc, (size_t)(end - doc));
	strbuf_addstr(&t, driver);
	strbuf_addstr(&t, end);
	test_write_str(x->dir, "driven.html", t.buf);
	strbuf_addf(&copy, "%s/driven.html", x->dir);
	strbuf_addf(&ef, "%s/chromium.err", x->dir);
	char *dom = browse(chromium, "--dump-dom", copy.buf, ef.buf);
	char *log = hfx_read(ef.buf);
	if (strstr(log, ":CONSOLE"))
		fail_msg("the page wrote to the console:\n%s", log);
	assert_has(dom, "data-x-sort=\"descending\"");
	/* the exposure rows by hosts, most first */
	const char *h = strstr(dom, "data-x-hosts=\"");
	assert_non_null(h);
	long prev = 1L << 30;
	size_t n = 0;
	for (const char *p = h + 14; *p != '"'; n++) {
		char *e;
		long v = strtol(p, &e, 10);
		assert_true(e > p);
		assert_true(v <= prev);
		prev = v;
		p = *e == ' ' ? e + 1 : e;
	}
	assert_true(n >= 3);
	/* the binding groups: the one on one host, then the one on four; each
	 * still its two rows (the finding and its hosts) */
	assert_has(dom, "data-g-hosts=\"2:1 2:4\"");
	/* the filter keeps the Micron rows only */
	const char *fl = strstr(dom, "data-x-filter=\"");
	assert_non_null(fl);
	assert_has(fl, " true\"");
	assert_true(atoi(fl + 15) >= 1);
	free(dom);
	free(log);
	free(doc);
	strbuf_release(&t);
	strbuf_release(&copy);
	strbuf_release(&ef);
	strbuf_release(&err);
}

static bool chromium_own(const char *url)
{
	static const char *const hosts[] = {".google.com/", ".googleapis.com/", ".gvt1.com/",
					    "//google.com/", "//www.google.com/"};
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
		if (strstr(url, hosts[i]))
			return true;
	return false;
}

static void test_browser_no_requests(void **state)
{
	struct hfx *x = *state;
	const char *chromium = chromium_or_skip();
	struct strbuf err = STRBUF_INIT, copy = STRBUF_INIT, args = STRBUF_INIT, ef = STRBUF_INIT;
	assert_int_equal(hfx_report(x, &err, "html", x->html), EXIT_CLEAR);
	/* without the policy, so that a request would be made, not blocked */
	char *doc = hfx_read(x->html);
	char *csp = strstr(doc, "<meta http-equiv=\"Content-Security-Policy\"");
	assert_non_null(csp);
	*strchr(csp, '\n') = 0;
	struct strbuf t = STRBUF_INIT;
	strbuf_add(&t, doc, (size_t)(csp - doc));
	strbuf_addstr(&t, csp + strlen(csp) + 1);
	strbuf_addf(&copy, "%s/open.html", x->dir);
	test_write_str(x->dir, "open.html", t.buf);
	strbuf_addf(&args, "--log-net-log=%s/net.json --dump-dom", x->dir);
	strbuf_addf(&ef, "%s/chromium.err", x->dir);
	free(browse(chromium, args.buf, copy.buf, ef.buf));
	strbuf_reset(&args);
	strbuf_addf(&args, "%s/net.json", x->dir);
	char *net = hfx_read(args.buf);
	size_t urls = 0;
	for (const char *p = net; (p = strstr(p, "\"url\":\"")); urls++) {
		p += 7;
		const char *end = strchr(p, '"');
		assert_non_null(end);
		struct strbuf u = STRBUF_INIT;
		strbuf_add(&u, p, (size_t)(end - p));
		if (strncmp(u.buf, "file://", 7) && !chromium_own(u.buf))
			fail_msg("the report made a request: %s", u.buf);
		strbuf_release(&u);
	}
	print_message("network log: %zu URLs, none but the file and Chromium's own services\n",
		      urls);
	free(net);
	free(doc);
	strbuf_release(&t);
	strbuf_release(&copy);
	strbuf_release(&args);
	strbuf_release(&ef);
	strbuf_release(&err);
}

static void test_browser_screenshot(void **state)
{
	struct hfx *x = *state;
	const char *chromium = chromium_or_skip();
	struct strbuf err = STRBUF_INIT, args = STRBUF_INIT, ef = STRBUF_INIT, png = STRBUF_INIT;
	assert_int_equal(hfx_report(x, &err, "html", x->html), EXIT_CLEAR);
	strbuf_addf(&png, "%s/shot.png", x->dir);
	strbuf_addf(&args, "--screenshot=%s --window-size=1280,2400 --hide-scrollbars", png.buf);
	strbuf_addf(&ef, "%s/chromium.err", x->dir);
	free(browse(chromium, args.buf, x->html, ef.buf));
	char *img = hfx_read(png.buf);
	assert_memory_equal(img, "\x89PNG\r\n\x1a\n", 8);
	/* IHDR: the window's size */
	assert_memory_equal(img + 16, "\x00\x00\x05\x00\x00\x00\x09\x60", 8);
	free(img);
	strbuf_release(&args);
	strbuf_release(&ef);
	strbuf_release(&png);
	strbuf_release(&err);
}

static void test_browser_pdf(void **state)
{
	struct hfx *x = *state;
	chromium_or_skip();
	struct strbuf err = STRBUF_INIT, pdf = STRBUF_INIT, cmd = STRBUF_INIT;
	strbuf_addf(&pdf, "%s/report.pdf", x->dir);
	if (hfx_report(x, &err, "pdf", pdf.buf) != EXIT_CLEAR)
		fail_msg("report --format pdf: %s", err.buf);
	int st;
	strbuf_addf(&cmd, "pdfinfo %s", pdf.buf);
	char *info = sh(cmd.buf, &st);
	if (st)
		fail_msg("pdfinfo failed (install poppler-utils: tools/deps.sh test):\n%s", info);
	const char *pages = strstr(info, "Pages:");
	assert_non_null(pages);
	int n = atoi(pages + 6);
	assert_true(n >= 4); /* cover and summary, charts, findings, appendix at least */
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "pdftotext -layout %s -", pdf.buf);
	char *text = sh(cmd.buf, &st);
	assert_int_equal(st, 0);
	char footer[64];
	snprintf(footer, sizeof footer, "Page 1 of %d", n);
	assert_has(text, footer);
	snprintf(footer, sizeof footer, "Page %d of %d", n, n);
	assert_has(text, footer);
	assert_has(text, "Restricted hardware: screening report");
	assert_has(text, "Executive summary");
	assert_has(text, "Binding findings, by rule");
	assert_has(text, "us-ndaa889-a1b");
	assert_has(text, "web01.example.net");
	assert_has(text, "<script>alert(\"x\")</script>&'web"); /* shown as text */
	assert_has(text, "How to reproduce this report");
	free(info);
	free(text);
	strbuf_release(&cmd);
	strbuf_release(&pdf);
	strbuf_release(&err);
}

static int sections_setup(void **state)
{
	hfx_setup(state);
	hfx_sections(*state);
	return 0;
}

static void test_browser_sections(void **state)
{
	struct hfx *x = *state;
	const char *chromium = chromium_or_skip();
	struct strbuf err = STRBUF_INIT, ef = STRBUF_INIT, pdf = STRBUF_INIT, cmd = STRBUF_INIT;
	if (hfx_report_sections(x, &err, "html", x->html) != EXIT_CLEAR)
		fail_msg("report: %s", err.buf);
	strbuf_addf(&ef, "%s/chromium.err", x->dir);
	char *dom = browse(chromium, "--dump-dom", x->html, ef.buf);
	char *log = hfx_read(ef.buf);
	if (strstr(log, ":CONSOLE"))
		fail_msg("the page wrote to the console:\n%s", log);
	const char *scr = strstr(dom, "<section id=\"screening\">");
	const char *exp = strstr(dom, "<section id=\"export\">");
	assert_non_null(scr);
	assert_non_null(exp);
	/* the script ran on their tables: a filter box, sortable headers */
	assert_non_null(strstr(scr, "<input type=\"search\" class=\"filter\""));
	assert_non_null(strstr(exp, "aria-sort=\"none\""));
	assert_has(scr, "born 1988, not 1952");
	assert_has(exp, "§ 744.11; Entity List: Yangtze Memory Technologies Co., Ltd.");
	/* printed: the sections' rows in the PDF's text */
	strbuf_addf(&pdf, "%s/sections.pdf", x->dir);
	if (hfx_report_sections(x, &err, "pdf", pdf.buf) != EXIT_CLEAR)
		fail_msg("report --format pdf: %s", err.buf);
	int st;
	strbuf_addf(&cmd, "pdftotext %s -", pdf.buf);
	char *text = sh(cmd.buf, &st);
	assert_int_equal(st, 0);
	assert_has(text, "Name screening");
	assert_has(text, "Reviewed: not this party");
	assert_has(text, "alice");
	assert_has(text, "Export check");
	assert_has(text, "SO-4");
	assert_has(text, "3A991.p");
	free(text);
	free(dom);
	free(log);
	strbuf_release(&cmd);
	strbuf_release(&pdf);
	strbuf_release(&ef);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_browser_dom, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_browser_no_requests, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_browser_sort_filter, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_browser_screenshot, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_browser_pdf, hfx_setup, hfx_teardown),
		cmocka_unit_test_setup_teardown(test_browser_sections, sections_setup,
						hfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
