/*
 * hosts.c — `chipscreen hosts`: the store's hosts as a table, JSON
 * (chipscreen-hosts/1) or CSV.  Names, sites and tags come from the
 * inventories and the command line: CSV cells get the formula guard.
 */
#include "report/report.h"
#include "report/scan-common.h"
#include "store/fleet.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_table(const struct fleet_host_row *v, size_t n, const char *const *worst, FILE *out)
{
	fprintf(out, "%-24s %-14s %-18s %-20s %10s  %s\n", "HOST", "SITE", "TAGS", "LAST IMPORT",
	       "COMPONENTS", "WORST");
	for (size_t i = 0; i < n; i++) {
		if (v[i].retired)
			fprintf(out, "%-24s %-14s %-18s %-20s %10s  retired %s\n", v[i].name,
			       v[i].site ? v[i].site : "-", v[i].tags ? v[i].tags : "-",
			       v[i].last_import, "-", v[i].retired_at ? v[i].retired_at : "");
		else
			fprintf(out, "%-24s %-14s %-18s %-20s %10zu  %s\n", v[i].name,
			       v[i].site ? v[i].site : "-", v[i].tags ? v[i].tags : "-",
			       v[i].last_import, v[i].components, worst[i]);
	}
}

static int print_json(const struct fleet_host_row *v, size_t n, const char *const *worst,
		      const struct fleet_report *r, FILE *out)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "schema", "chipscreen-hosts/1");
	str_or_null(o, "profile", r->profile);
	date_or_null(o, "date", r->date);
	cJSON_AddNumberToObject(o, "run", (double)r->run);
	cJSON *a = cJSON_AddArrayToObject(o, "hosts");
	for (size_t i = 0; i < n; i++) {
		cJSON *h = cJSON_CreateObject();
		str_or_null(h, "name", v[i].name);
		str_or_null(h, "key", v[i].key);
		str_or_null(h, "site", v[i].site);
		cJSON *tags = cJSON_AddArrayToObject(h, "tags");
		for (const char *p = v[i].tags; p && *p;) {
			size_t k = strcspn(p, ",");
			char *t = strndup(p, k);
			cJSON_AddItemToArray(tags, cJSON_CreateString(t));
			free(t);
			p += k + (p[k] == ',');
		}
		str_or_null(h, "first_seen", v[i].first_seen);
		str_or_null(h, "last_import", v[i].last_import);
		if (v[i].retired)
			cJSON_AddNullToObject(h, "components");
		else
			cJSON_AddNumberToObject(h, "components", (double)v[i].components);
		str_or_null(h, "worst", v[i].retired ? NULL : worst[i]);
		str_or_null(h, "retired_at", v[i].retired ? v[i].retired_at : NULL);
		cJSON_AddItemToArray(a, h);
	}
	return report_json_write(o, out);
}

static int print_csv(const struct fleet_host_row *v, size_t n, const char *const *worst, FILE *out)
{
	static const char *const cols[] = {"host", "key",        "site",  "tags",
					   "last_import", "components", "worst", "retired_at"};
	if (csv_write_row(out, cols, 8, 0) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char comps[24];
		snprintf(comps, sizeof comps, "%zu", v[i].components);
		const char *cells[8] = {v[i].name,
					v[i].key,
					v[i].site,
					v[i].tags,
					v[i].last_import,
					v[i].retired ? NULL : comps,
					v[i].retired ? NULL : worst[i],
					v[i].retired ? v[i].retired_at : NULL};
		if (csv_write_row(out, cells, 8, 1) < 0)
			return -1;
	}
	return 0;
}


int report_hosts(const struct fleet_report *r, const struct fleet_host_row *v, size_t n,
		 const char *const *worst, const char *format, FILE *out)
{
	if (!strcmp(format, "json"))
		return print_json(v, n, worst, r, out);
	if (!strcmp(format, "csv"))
		return print_csv(v, n, worst, out);
	print_table(v, n, worst, out);
	return ferror(out) ? -1 : 0;
}
