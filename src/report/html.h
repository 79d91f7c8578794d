/*
 * html.h — the reports for auditors: one self-contained HTML document (CSS,
 * charts and a few lines of script inline, nothing fetched when it is
 * opened), for the fleet (`chipscreen report`) and for one host
 * (`scan --format html`), and its PDF through headless Chromium.
 *
 * Every string from hardware, the store, the rules or the lists goes through
 * html_text(): the one escaping function.  It first makes the text safe to
 * show (display_safe_add: controls, bytes that are not UTF-8, bidi marks
 * and line separators become visible \xNN / \uNNNN escapes, so an RTL
 * override in a part number cannot reorder the page) and then escapes the
 * five characters HTML gives meaning to, so the result is safe in element
 * content and in quoted attribute values alike.
 *
 * doc/report.md describes the document, its digest and how to check it.
 */
#ifndef REPORT_HTML_H
#define REPORT_HTML_H

#include <stdio.h>

#include "chipscreen.h"
#include "util/strbuf.h"

struct fleet_report;
struct fleet_unident_part;
struct fleet_site;
struct ruleset;

/* Append s (NULL: nothing), made displayable and escaped for HTML. */
void html_text(struct strbuf *out, const char *s);

/* A list source as imported into the store (`chipscreen lists import`). */
struct html_list_version {
	const char *source, *format, *version, *imported_at;
	long long entries;
};

struct html_fleet_input {
	const struct fleet_report *r;
	const struct ruleset *rs;
	const struct fleet_unident_part *unident;
	size_t nunident;
	const struct fleet_site *sites; /* store/fleet.h: hosts per site */
	size_t nsites;
	const struct html_list_version *lists;
	size_t nlists;
	const char *generated_at; /* "2026-12-07T05:59:00Z" */
	const char *command;      /* the command that reproduces the report */
	const char *fingerprint;  /* the run's verdict fingerprint (fleet_run_fingerprint) */
	size_t nverdicts;         /* verdicts the fingerprint covers */
	const char *store;        /* the store's file name */
	const char *paper;        /* "A4", "Letter", or NULL: the printer's */
};

/* The fleet report.  0, or -1 when it could not be written. */
int report_fleet_html(const struct html_fleet_input *in, FILE *out);
/* One host's scan (report_scan's "html"). */
int report_scan_html(const struct scan_result *r, FILE *out);

/* The page around a body: head with the inline style and script, and the
 * end.  title is escaped here; paper "A4" or "Letter" fixes the printed
 * page size, NULL leaves it to the printer. */
void html_page_begin(struct strbuf *out, const char *title, const char *paper);
void html_page_end(struct strbuf *out);
/* The digest of what the report shows: SHA-256 (hex) of the bytes between
 * HTML_DATA_BEGIN and HTML_DATA_END, markers excluded (doc/report.md). */
#define HTML_DATA_BEGIN "<!-- chipscreen-data-begin -->\n"
#define HTML_DATA_END   "<!-- chipscreen-data-end -->\n"
void html_digest(const char *data, size_t len, char hex[65]);
/* "1,047,892": a count for people (the sort script ignores the commas). */
const char *html_num(size_t v, char buf[32]);
/* A verdict word with its class, e.g. <span class="v v-prohibited">PROHIBITED</span>. */
void html_verdict(struct strbuf *out, const char *name);
/* "v-prohibited" for "PROHIBITED", "v-not-identified" for "NOT-IDENTIFIED". */
void html_verdict_class(struct strbuf *out, const char *name);

/*
 * Render an HTML file to PDF with headless Chromium (Debian package
 * chromium), found on PATH or as $CHIPSCREEN_CHROMIUM, within timeout_s.
 * 0, or -1 with err (Chromium missing: the message names the package).
 */
int html_to_pdf(const char *html_path, const char *pdf_path, int timeout_s, struct strbuf *err);
/* The Chromium binary, or NULL. */
const char *html_find_chromium(void);

#endif
