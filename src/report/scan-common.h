/*
 * scan-common.h — what every scan renderer shares, so that the table, the
 * JSON, the CSV, CycloneDX and SARIF count, order and describe the same way.
 *
 * A component's status is its worst verdict when it has findings; without
 * findings it is CLEAR only when identify named its maker (and its chip maker,
 * where one applies).  Otherwise it is NOT-IDENTIFIED: chipscreen does not
 * know, so it does not say clear.
 */
#ifndef REPORT_SCAN_COMMON_H
#define REPORT_SCAN_COMMON_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "chipscreen.h"
#include "describe.h"
#include "util/strbuf.h"

#define STATUS_NOT_IDENTIFIED "NOT-IDENTIFIED"

struct scan_summary {
	size_t ncomps, nfindings;
	size_t verdicts[V__COUNT]; /* findings per verdict; [V_CLEAR] counts components */
	size_t not_identified;     /* components with a maker or chip maker unknown */
	size_t with_findings;      /* components with at least one finding */
	int worst;                 /* worst verdict of any finding, V_CLEAR when none;
				    * V_REVIEW when no component (NOTHING_READ_REASON) */
};

/* Index of f's component in r->inv->comps, or -1 (no component, or not from this inventory). */
long finding_comp_index(const struct scan_result *r, const struct finding *f);
/* For each component, its worst verdict (-1: no finding).  Caller frees. */
int *scan_worst_by_comp(const struct scan_result *r);
void scan_summarize(const struct scan_result *r, struct scan_summary *s);

/* Is the attribution complete: maker known, and chip maker known where it applies? */
bool comp_identified(const struct component *c);
/* Why not, in one sentence ("maker: ...; DRAM maker: ..."); empty when identified. */
void comp_unknown_reason(struct strbuf *out, const struct component *c);
/* "CLEAR", "NOT-IDENTIFIED" or the worst verdict's name. */
const char *comp_status(const struct component *c, int worst);

/* "YYYY-MM-DD", or NULL for day 0.  buf holds at least 11 bytes. */
const char *day_or_null(day_t d, char *buf);
/* "SMBIOS /sys/firmware/dmi/tables/DMI: permission denied": what could not
 * be read (or the warning), the file, and why; appended to out. */
void note_text(struct strbuf *out, const struct note *n);
/* o[key] = v, or null for NULL.  Inventory strings are valid UTF-8 already;
 * rule and list text is checked here, so that the document always is. */
void str_or_null(cJSON *o, const char *key, const char *v);
/* o[key] = "YYYY-MM-DD", or null for day 0. */
void date_or_null(cJSON *o, const char *key, day_t d);

/* Indices of r->findings, most severe first; REMOVE-BY by deadline; else in order.  Caller frees.
 */
size_t *scan_sorted_findings(const struct scan_result *r);

/* s itself when it is valid UTF-8, else a copy in tmp with each bad byte as \xNN. */
const char *utf8_valid_or_escaped(const char *s, struct strbuf *tmp);

/* Add "key": value when value is non-NULL, made valid UTF-8 first. */
void json_add_utf8(cJSON *obj, const char *key, const char *value);

/*
 * Append s for display to a person: C0/C1 controls and bytes that are not
 * UTF-8 become \xNN, bidi controls and line separators \uNNNN, so that text
 * from hardware cannot move the cursor or reorder what is shown.
 */
void display_safe_add(struct strbuf *out, const char *s);

#endif
