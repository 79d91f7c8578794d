/*
 * fleet-common.c — report_fleet() and report_rescreen(): pick the renderer
 * by name and check that what was written reached the stream.
 */
#include "report/report.h"
#include "store/fleet.h"

#include <errno.h>
#include <string.h>

const char *fleet_change_name(int type)
{
	static const char *const names[] = {"new", "cleared", "verdict", "deadline"};
	return type >= 0 && type < 4 ? names[type] : "?";
}

static int finish(int rc, FILE *out, const char *format, struct strbuf *err)
{
	if (rc < 0 || fflush(out) == EOF || ferror(out)) {
		int e = errno;
		strbuf_addf(err, "writing the %s report failed%s%s", format, e ? ": " : "",
			    e ? strerror(e) : "");
		return -1;
	}
	return 0;
}

int report_fleet(const struct fleet_report *r, const char *format, FILE *out, struct strbuf *err)
{
	strbuf_reset(err);
	errno = 0;
	if (!strcmp(format, "table"))
		return finish(report_fleet_table(r, out), out, format, err);
	if (!strcmp(format, "json"))
		return finish(report_fleet_json(r, out), out, format, err);
	if (!strcmp(format, "csv"))
		return finish(report_fleet_csv(r, out), out, format, err);
	strbuf_addf(err, "unknown format \"%s\" (formats: %s)", format, FLEET_FORMATS);
	return -1;
}

int report_rescreen(const struct fleet_changes *c, const struct fleet_run *run, const char *format,
		    FILE *out, struct strbuf *err)
{
	strbuf_reset(err);
	errno = 0;
	if (!strcmp(format, "table"))
		return finish(report_rescreen_table(c, run, out), out, format, err);
	if (!strcmp(format, "json"))
		return finish(report_rescreen_json(c, run, out), out, format, err);
	if (!strcmp(format, "csv"))
		return finish(report_rescreen_csv(c, run, out), out, format, err);
	strbuf_addf(err, "unknown format \"%s\" (formats: %s)", format, FLEET_FORMATS);
	return -1;
}
