/*
 * report.h — how a scan is shown (doc/scan-schema.md).
 *
 * report_scan() picks one renderer by name; each renders the same facts:
 * the host, the profile (or the exposure view when there is none), the date,
 * every finding with its rule, citation, dates and evidence, the components
 * that could not be identified and why, and what could not be read.
 *
 * The settings below affect the table only and are process-wide, set once by
 * the command from its options (and by tests).
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "chipscreen.h"
#include "util/csvout.h"
#include "util/strbuf.h"

/* Render a scan in one of: table, json, csv, cyclonedx, sarif, html (report/html.h).  Returns 0, or -1 with err. */
int report_scan(const struct scan_result *r, const char *format, FILE *out, struct strbuf *err);
/* Is format one report_scan knows? */
int report_format_known(const char *format);
/* Write doc as indented JSON and a newline, and delete it.  0, or -1 when it
 * could not be printed (out of memory) or written. */
int report_json_write(cJSON *doc, FILE *out);

/* The names report_scan knows, for --help and error messages. */
#define REPORT_FORMATS "table, json, csv, cyclonedx, sarif, html"

/* The JSON document's schema name (doc/scan.schema.json). */
#define SCAN_SCHEMA "chipscreen-scan/1"

enum {
	REPORT_COLOR_AUTO = -1, /* on a terminal, unless NO_COLOR is set and not empty */
	REPORT_COLOR_NEVER = 0,
	REPORT_COLOR_ALWAYS = 1,
};
void report_set_color(int mode);
/* Table: also list the components without findings one by one (default: only counted). */
void report_set_verbose(int verbose);
/* Table: wrap at this many columns; 0 (default): the terminal's width, else 100. */
void report_set_width(int cols);

/* The renderers report_scan dispatches to. */
int report_scan_table(const struct scan_result *r, FILE *out);
int report_scan_json(const struct scan_result *r, FILE *out);
int report_scan_csv(const struct scan_result *r, FILE *out);
int report_scan_cyclonedx(const struct scan_result *r, FILE *out);
int report_scan_sarif(const struct scan_result *r, FILE *out);

/* The JSON document report_scan_json writes (doc/scan-schema.md); free with cJSON_Delete. */
struct cJSON;
struct cJSON *report_scan_to_json(const struct scan_result *r);

/* CSV: csv_guard_cell, the spreadsheet formula guard, is util/csvout.h's. */
/* CSV: one row of n cells (NULL: empty), quoted by libcsv, CRLF-terminated;
 * guard: through csv_guard_cell (data rows, not headers).  0, or -1. */
int csv_write_row(FILE *out, const char *const *cells, size_t n, int guard);

/*
 * The fleet (store/fleet.h): `chipscreen fleet` reports a screening run per
 * rule (hosts, components, next deadlines) and per host (its findings);
 * `chipscreen rescreen` reports what changed between two runs.  Formats:
 * table, json, csv (doc/fleet.md gives the JSON and CSV layouts).
 */
#define FLEET_FORMATS   "table, json, csv"
#define FLEET_SCHEMA    "chipscreen-fleet/1"
#define RESCREEN_SCHEMA "chipscreen-rescreen/1"

struct fleet_report;
struct fleet_changes;
struct fleet_run;
int report_fleet(const struct fleet_report *r, const char *format, FILE *out, struct strbuf *err);
/* `fleet --summary` (table): rules, per site and per maker counts of REVIEW
 * and above, the next deadlines and dates; no per-host listing. */
int report_fleet_summary(const struct fleet_report *r, FILE *out);
/* `chipscreen hosts`: rows v[0..n) with their worst verdict (NULL: retired),
 * as format (table, json, csv). */
struct fleet_host_row;
int report_hosts(const struct fleet_report *r, const struct fleet_host_row *v, size_t n,
		 const char *const *worst, const char *format, FILE *out);
int report_rescreen(const struct fleet_changes *c, const struct fleet_run *run, const char *format,
		    FILE *out, struct strbuf *err);
int report_fleet_table(const struct fleet_report *r, FILE *out);
int report_fleet_json(const struct fleet_report *r, FILE *out);
int report_fleet_csv(const struct fleet_report *r, FILE *out);
int report_rescreen_table(const struct fleet_changes *c, const struct fleet_run *run, FILE *out);
int report_rescreen_json(const struct fleet_changes *c, const struct fleet_run *run, FILE *out);
int report_rescreen_csv(const struct fleet_changes *c, const struct fleet_run *run, FILE *out);
struct cJSON *report_fleet_to_json(const struct fleet_report *r);
struct cJSON *report_rescreen_to_json(const struct fleet_changes *c, const struct fleet_run *run);
/* "new", "cleared", "verdict", "deadline" */
const char *fleet_change_name(int type);

#endif
