/*
 * html-page.c — what every HTML report shares: the escaping function, the
 * page's head with its inline style sheet and script, verdict words, and the
 * digest of the data shown.
 *
 * The style sheet uses the system font stack (no web font is fetched) and
 * has a print part: A4 or Letter (the browser's paper size; margins fit
 * both), page numbers in the page margin where the browser supports margin
 * boxes (Chromium does), table headers repeated on each page (thead is a
 * table-header-group), sections starting on a new page, no row split.
 *
 * The script only sorts and filters tables marked class="data": a click (or
 * Enter) on a column header sorts by it, numerically when the cells are
 * numbers; the box above a table hides the rows that do not contain its
 * text.  Without script every row is shown in the order written.
 */
#include "report/html.h"
#include "report/scan-common.h"

#include <nettle/sha2.h>
#include <string.h>

#ifndef CHIPSCREEN_VERSION
#define CHIPSCREEN_VERSION "0.0.0"
#endif

static void escape(struct strbuf *out, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e;
		switch (s[i]) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			continue;
		}
		strbuf_add(out, s + from, i - from);
		strbuf_addstr(out, e);
		from = i + 1;
	}
	strbuf_add(out, s + from, n - from);
}

void html_text(struct strbuf *out, const char *s)
{
	if (!s)
		return;
	/* the common case, plain ASCII text, needs no display pass */
	const unsigned char *p = (const unsigned char *)s;
	while (*p >= 0x20 && *p < 0x7f)
		p++;
	if (!*p) {
		escape(out, s, (size_t)(p - (const unsigned char *)s));
		return;
	}
	struct strbuf safe = STRBUF_INIT;
	display_safe_add(&safe, s);
	escape(out, safe.buf, safe.len);
	strbuf_release(&safe);
}

const char *html_num(size_t v, char buf[32])
{
	char t[32];
	int n = snprintf(t, sizeof t, "%zu", v), k = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = t[i];
	}
	buf[k] = 0;
	return buf;
}

void html_verdict_class(struct strbuf *out, const char *name)
{
	strbuf_addstr(out, "v-");
	for (const char *p = name; *p; p++)
		strbuf_addch(out, *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
}

void html_verdict(struct strbuf *out, const char *name)
{
	strbuf_addstr(out, "<span class=\"v ");
	html_verdict_class(out, name);
	strbuf_addstr(out, "\">");
	html_text(out, name);
	strbuf_addstr(out, "</span>");
}

void html_digest(const char *data, size_t len, char hex[65])
{
	static const char hexd[] = "0123456789abcdef";
	struct sha256_ctx c;
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, len, (const uint8_t *)data);
	sha256_digest(&c, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++) {
		hex[2 * i] = hexd[d[i] >> 4];
		hex[2 * i + 1] = hexd[d[i] & 15];
	}
	hex[64] = 0;
}

static const char style[] =
	":root{--ink:#111827;--muted:#4b5563;--line:#d1d5db;--band:#f3f4f6;--accent:#1e3a5f}"
	"*{box-sizing:border-box}"
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',"
	"'Noto Sans','Liberation Sans',Arial,'Noto Sans CJK SC','WenQuanYi Micro "
	"Hei',sans-serif;color:var(--ink);margin:0;"
	"line-height:1.45;font-size:14px;background:#fff}"
	"main{max-width:1100px;margin:0 auto;padding:24px 32px 48px}"
	"h1{font-size:26px;margin:0 0 4px;color:var(--accent)}"
	"h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid "
	"var(--accent);color:var(--accent)}"
	"h3{font-size:16px;margin:22px 0 6px}"
	"p.lead{color:var(--muted);margin:0 0 16px}"
	".cover{border:1px solid var(--line);border-top:6px solid var(--accent);padding:18px "
	"22px;margin-bottom:18px;background:#fafafa}"
	".cover dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:3px "
	"18px;margin:12px 0 "
	"0}"
	".cover dt{color:var(--muted)}.cover dd{margin:0}"
	"code,.mono{font-family:ui-monospace,'DejaVu Sans Mono','Liberation Mono',Menlo,"
	"Consolas,monospace;font-size:12px;overflow-wrap:anywhere}"
	".cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0 14px}"
	".card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:150px}"
	".card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:12px}"
	"table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:13px}"
	"th,td{border:1px solid var(--line);padding:4px 7px;text-align:left;vertical-align:top}"
	"th{hyphens:auto}"
	"thead th{background:var(--band);position:sticky;top:0}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.d{white-space:nowrap}"
	"tbody tr:nth-child(even){background:#fafafa}"
	"tbody.g tr{background:#fff}tbody.g{border-top:2px solid #9ca3af}"
	"tr.hostrow td{border-top:none;font-size:12px;padding-top:0;color:var(--muted)}"
	"th[aria-sort]{cursor:pointer}"
	"th[aria-sort=ascending]::after{content:' \\25B2'}"
	"th[aria-sort=descending]::after{content:' \\25BC'}"
	".v{display:inline-block;font-weight:600;font-size:11px;padding:1px 6px;border-radius:3px;"
	"border:1px solid;white-space:nowrap;letter-spacing:.02em}"
	".v-prohibited{color:#fff;background:#8b0000;border-color:#8b0000}"
	".v-prohibited::before{content:'\\2716 '}"
	".v-remove-by{color:#fff;background:#c2410c;border-color:#c2410c}"
	".v-remove-by::before{content:'! '}"
	".v-no-new-purchase{color:#fff;background:#b45309;border-color:#b45309}"
	".v-no-new-purchase::before{content:'\\2298 '}"
	".v-license{color:#fff;background:#6d28d9;border-color:#6d28d9}"
	".v-license::before{content:'\\A7 '}"
	".v-review{color:#1f2937;background:#fde68a;border-color:#ca8a04}"
	".v-review::before{content:'? '}"
	".v-info{color:#1f2937;background:#e2e8f0;border-color:#64748b}"
	".v-clear{color:#fff;background:#15803d;border-color:#15803d}"
	".v-clear::before{content:'\\2713 '}"
	".v-not-identified{color:#1f2937;background:#e5e7eb;border-color:#6b7280;border-style:"
	"dashed}"
	"details{margin:2px 0}summary{cursor:pointer;color:var(--accent)}"
	".hosts{margin:4px 0;padding:0;font-size:11.5px;list-style:none}"
	".hosts li{display:inline}.hosts li+li::before{content:'; '}"
	"table.data,table.fixed{table-layout:fixed}td{overflow-wrap:anywhere}"
	".rule{border-left:4px solid var(--accent);padding:2px 0 2px 12px;margin:18px 0 6px}"
	".rule p{margin:2px 0}.muted{color:var(--muted)}"
	".chain{font-size:12px;margin:0;padding-left:16px}.chain li{margin:0}"
	"figure{margin:12px 0 22px;break-inside:avoid}figcaption{font-weight:600;margin-bottom:"
	"4px}"
	"svg.chart{max-width:100%;height:auto;font-family:inherit}"
	"svg .label,svg .legend,svg .total,svg .evlabel{font-size:11px;fill:#111827}"
	"svg .tick,svg .axis-unit{font-size:10px;fill:#4b5563}"
	"svg .grid{stroke:#e5e7eb}svg .lane{stroke:#d1d5db;stroke-dasharray:2 3}"
	"svg .today{stroke:#1e3a5f;stroke-width:1.5}"
	".filter{margin:4px 0;font:inherit;padding:3px 6px;width:18em}"
	".noprint{}"
	"@media print{"
	"@page{margin:16mm 12mm 18mm;"
	"@bottom-right{content:'Page ' counter(page) ' of ' counter(pages);font-size:9px;"
	"color:#4b5563}"
	"@bottom-left{content:'chipscreen report';font-size:9px;color:#4b5563}}"
	"body{font-size:10.5px}main{max-width:none;padding:0}th{font-size:9.5px}"
	".v{font-size:8.5px;padding:1px 3px}"
	".card{min-width:0;flex:1 1 0;padding:6px 8px}.card b{font-size:17px}"
	"h2{break-before:page;break-after:avoid}h3{break-after:avoid}"
	".cover+h2,section.first>h2{break-before:auto}"
	"thead{display:table-header-group}tr,figure,.card,tbody.g{break-inside:avoid}"
	"thead th{position:static}"
	".noprint,.filter,details.chart-data{display:none}"
	"details.hl>summary{display:none}details.hl::details-content{content-visibility:visible;"
	"display:block}"
	"a{color:inherit;text-decoration:none}"
	"}";

/* Sort and filter the tables marked class="data" (see the comment above). */
static const char script[] =
	"(function(){\n"
	"function key(td){var t=td?td.getAttribute('data-sort')||td.textContent.trim():'';"
	"var n=t.replace(/,/g,'');return /^-?[0-9.]+$/.test(n)?[0,parseFloat(n)]:[1,t];}\n"
	"function cmp(a,b){return a[0]-b[0]||(a[0]?(a[1]<b[1]?-1:a[1]>b[1]?1:0):a[1]-b[1]);}\n"
	"function units(tb){var b=tb.tBodies;return "
	"Array.prototype.slice.call(b[0].classList.contains('g')?b:b[0].rows);}\n"
	"function first(u){return u.rows?u.rows[0]:u;}\n"
	"document.querySelectorAll('table.data').forEach(function(tb){\n"
	" if(!tb.tBodies.length||!units(tb).length)return;\n"
	" tb.querySelectorAll('thead th').forEach(function(th,i){\n"
	"  th.setAttribute('aria-sort','none');th.tabIndex=0;\n"
	"  function go(){var asc=th.getAttribute('aria-sort')!=='ascending';\n"
	"   tb.querySelectorAll('thead "
	"th').forEach(function(o){o.setAttribute('aria-sort','none');});\n"
	"   th.setAttribute('aria-sort',asc?'ascending':'descending');\n"
	"   var rows=units(tb),par=rows[0].parentNode;\n"
	"   rows.sort(function(a,b){var "
	"r=cmp(key(first(a).cells[i]),key(first(b).cells[i]));return asc?r:-r;});\n"
	"   rows.forEach(function(r){par.appendChild(r);});}\n"
	"  th.addEventListener('click',go);\n"
	"  th.addEventListener('keydown',function(e){if(e.key==='Enter')go();});});\n"
	" var f=document.createElement('input');f.type='search';f.className='filter';\n"
	" f.placeholder='Filter rows';f.setAttribute('aria-label','Filter the rows of this "
	"table');\n"
	" f.addEventListener('input',function(){var q=f.value.toLowerCase();\n"
	"  units(tb).forEach(function(r){"
	"r.hidden=q&&r.textContent.toLowerCase().indexOf(q)<0;});});\n"
	" tb.parentNode.insertBefore(f,tb);});\n"
	"})();\n";

void html_page_begin(struct strbuf *out, const char *title, const char *paper)
{
	strbuf_addstr(out,
		      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta name=\"generator\" content=\"chipscreen " CHIPSCREEN_VERSION "\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
		      "<title>");
	html_text(out, title);
	strbuf_addstr(out, "</title>\n<style>");
	strbuf_addstr(out, style);
	if (paper) /* "A4" or "Letter": otherwise the reader's printer decides */
		strbuf_addf(out, "@page{size:%s}", !strcmp(paper, "A4") ? "A4" : "letter");
	strbuf_addstr(out, "</style>\n</head>\n<body>\n<main>\n");
}

void html_page_end(struct strbuf *out)
{
	strbuf_addstr(out, "</main>\n<script>\n");
	strbuf_addstr(out, script);
	strbuf_addstr(out, "</script>\n</body>\n</html>\n");
}
