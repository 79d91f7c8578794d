/*
 * report-stub.c — TEMPORARY (rules branch): plain lines for every format, so
 * that `scan` builds and runs before the report engineer's formats land.
 * The integrator deletes this file at merge.
 */
#include "report/report.h"
#include "util/date.h"

#include <string.h>

int report_format_known(const char *format)
{
	static const char *const known[] = {"table", "json", "csv", "cyclonedx", "sarif", NULL};
	for (int i = 0; known[i]; i++)
		if (!strcmp(known[i], format))
			return 1;
	return 0;
}

int report_scan(const struct scan_result *r, const char *format, FILE *out, struct strbuf *err)
{
	char d[16];
	if (!report_format_known(format)) {
		strbuf_addf(err, "unknown format \"%s\"", format);
		return -1;
	}
	fprintf(out, "host %s, profile %s, as of %s, rules %s\n",
	        r->inv->host.hostname ? r->inv->host.hostname : "?",
	        r->profile ? r->profile : "none (exposure view)", date_format(r->date, d),
	        r->ruleset_version ? r->ruleset_version : "?");
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		fprintf(out, "%s\t%s\t%s\t%s\n", verdict_name(f->verdict), f->comp->id, f->rule_id,
		        f->reason);
	}
	return 0;
}
