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
#include "util/date.h"
#include "util/strbuf.h"

struct fleet_report;
struct fleet_unident_part;
struct fleet_site;
struct fleet_filter;
struct fleet;
struct kb;
struct profile;
struct ruleset;

/* Append s (NULL: nothing), made displayable and escaped for HTML. */
void html_text(struct strbuf *out, const char *s);

/* A list source as imported into the store (`chipscreen lists import`). */
struct html_list_version {
	const char *source, *format, *version, *imported_at;
	const char *published;      /* the publication date, NULL when not known */
	const char *published_from; /* where it was read ("the file's modification
				     * time (the file states no date)"), or NULL */
	long long entries;
};

/*
 * Name-screening results: the rows of a `chipscreen screen-names` output
 * (report --screen) that have a hit, decided or reviewed away.  Strings are
 * as the file gives them; reviewer, reviewed_at and review_reason are read
 * from the consequence screen-names writes for a hit reviewed as "not this
 * party" (NULL otherwise).
 */
struct html_screen_row {
	long line;
	const char *name, *decision, *matched_name, *listed_name, *score, *source, *programs,
		*citation, *verdict, *consequence, *list_source, *list_version, *list_date,
		*screened_at;
	const char *reviewer, *reviewed_at, *review_reason;
};

struct html_screen {
	const char *file;                   /* as given */
	const char *column;                 /* the column of the screened names */
	char sha256[65];                    /* of the file as read */
	const struct html_screen_row *rows; /* hits, in file order */
	size_t nrows;
	size_t screened; /* rows read */
	size_t matches, potential, reviewed, no_hit;
};

/*
 * Export determinations (report --orders): one per order line, as
 * `chipscreen export-check --orders` makes them (export/export.h), turned
 * into plain strings by the command (this layer sits below export/).
 */
struct html_export_ground {
	const char *answer, *provision, *citation, *policy, *exceptions, *why;
	bool confirmed;
};

struct html_export_line {
	const char *ref, *item, *destination, *end_user, *date;
	const char *answer; /* LICENSE-REQUIRED, NOTIFY, NO-LICENSE-REQUIRED, REVIEW */
	const char *eccn;   /* NULL: not decided */
	const char *eccn_why;
	double tpp, pd; /* NAN: unknown */
	const struct html_export_ground *grounds;
	size_t ngrounds;
	const char *const *unknowns;
	size_t nunknowns;
};

struct html_export {
	const char *file;
	char sha256[65];
	const struct html_export_line *lines;
	size_t n;
	const char *const *not_decided; /* what the engine does not decide, each once */
	size_t nnot_decided;
};

/* Read a screen-names output (column: the screened names' header, NULL:
 * the first column); strings in a.  0, or -1 with err naming the file and
 * line when it is not such an output. */
struct arena;
int html_screen_read(const char *path, const char *column, struct arena *a, struct html_screen *out,
		     struct strbuf *err);

/* SHA-256 (hex) of a file's bytes.  0, or -1 with err naming the file. */
int html_file_digest(const char *path, char hex[65], struct strbuf *err);

struct html_fleet_input {
	const struct fleet_report *r;
	const struct ruleset *rs;
	const struct profile *profile; /* NULL: the exposure view */
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
	const struct html_screen *screen; /* NULL: no name screening given */
	const struct html_export *exp;    /* NULL: no export check given */
};

/* The fleet report.  0, or -1 when it could not be written. */
int report_fleet_html(const struct html_fleet_input *in, FILE *out);

/*
 * The fleet document from the store, as `chipscreen report` writes it and
 * `chipscreen serve` serves it at /report (html-doc.c): the screening run
 * (fleet_screen, reused when one covers the fleet for this profile, date and
 * rules), the fleet report, the parts not identified, hosts per site, the
 * lists in the store and the run's fingerprint, rendered by
 * report_fleet_html.  Nothing is written before all of it was read.
 */
struct report_doc {
	struct fleet *f;
	const char *db; /* the store's path as given: the cover shows its file name */
	const struct ruleset *rs;
	const struct kb *kb;
	const struct profile *profile; /* NULL: the exposure view */
	day_t date;
	const struct fleet_filter *filter;
	const char *run_command;  /* recorded with a new screening run ("report", "serve") */
	bool query_words; /* errors name site=S (the API's /report), not --site S */
	const char *generated_at; /* NULL: now, or $SOURCE_DATE_EPOCH when set */
	const char *paper;
	const struct html_screen *screen;
	const struct html_export *exp;
	/* the command that reproduces the document (the appendix shows it; the
	 * profile is spelt out from profile, not from the options that set it) */
	const char *const *extra; /* further words after the filters (--screen FILE ...) */
	size_t nextra;
	bool pdf;
	const char *out; /* NULL or "-": "report.html" */
};
/* 0; 1 when the store or filter selects no host (err says which: a user's
 * error); -1 when the store could not be read or out not written. */
int report_fleet_document(const struct report_doc *d, FILE *out, struct strbuf *err);
/* "2026-12-07T05:59:00Z": now, or $SOURCE_DATE_EPOCH (reproducible builds' convention). */
void html_generated_at(char buf[32]);

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
