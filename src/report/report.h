#ifndef REPORT_H
#define REPORT_H
#include <stdio.h>
#include "chipscreen.h"
#include "util/strbuf.h"
/* Render a scan in one of: table, json, csv, cyclonedx, sarif.  Returns 0, or -1 with err. */
int report_scan(const struct scan_result *r, const char *format, FILE *out, struct strbuf *err);
/* Is format one report_scan knows? */
int report_format_known(const char *format);
#endif
