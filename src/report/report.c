/*
 * report.c — report_scan(): pick the renderer by name, and check that what
 * was written reached the stream.
 */
#include "report/report.h"
#include "report/html.h"

#include <errno.h>
#include <string.h>

static const struct {
	const char *name;
	int (*render)(const struct scan_result *r, FILE *out);
} formats[] = {
	{"table", report_scan_table}, {"json", report_scan_json},
	{"csv", report_scan_csv},     {"cyclonedx", report_scan_cyclonedx},
	{"sarif", report_scan_sarif},
	{"html", report_scan_html},
};

int report_format_known(const char *format)
{
	if (!format)
		return 0;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (!strcmp(formats[i].name, format))
			return 1;
	return 0;
}

int report_scan(const struct scan_result *r, const char *format, FILE *out, struct strbuf *err)
{
	strbuf_reset(err);
	if (!r || !r->inv) {
		strbuf_addstr(err, "report: no scan result to render");
		return -1;
	}
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (format && !strcmp(formats[i].name, format)) {
			errno = 0;
			if (formats[i].render(r, out) < 0 || fflush(out) == EOF || ferror(out)) {
				int e = errno;
				strbuf_addf(err, "writing the %s report failed%s%s", format,
					    e ? ": " : "", e ? strerror(e) : "");
				return -1;
			}
			return 0;
		}
	}
	strbuf_addf(err, "unknown format \"%s\" (formats: %s)", format ? format : "",
		    REPORT_FORMATS);
	return -1;
}

int report_json_write(cJSON *doc, FILE *out)
{
	char *s = cJSON_Print(doc);
	cJSON_Delete(doc);
	if (!s)
		return -1;
	int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	cJSON_free(s);
	return rc;
}
