/*
 * destination.c — a country's place in the country groups on a date
 * (data/export/groups.tsv), and the headquarters test.
 *
 * Codes are validated against ISO 3166-1 (util/country.h, the iso-codes
 * package's table): a typo is an input error, never "not in D:5".
 * Hong Kong is listed with China in the table (85 FR 83765), so every China
 * requirement reaches it; Macau is its own destination.
 */
#include "export/export.h"
#include "lists/lists.h"
#include "util/country.h"
#include "util/fileio.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

bool xcountry_valid(const char *cc, char out[3])
{
	/* unreadable table: no code is known */
	if (country_code_check(cc, out) == 1)
		return true;
	const char *c = cc && strlen(cc) != 2 ? country_code_given(cc) : NULL;
	return c && country_code_check(c, out) == 1;
}

/* Is cc one of the space-separated codes of members? */
static bool member(const char *members, const char *cc)
{
	for (const char *p = members; *p;) {
		while (*p == ' ')
			p++;
		if (p[0] == cc[0] && p[1] == cc[1] && (p[2] == ' ' || p[2] == '\0'))
			return true;
		while (*p && *p != ' ')
			p++;
	}
	return false;
}

static bool *flag_of(struct xdest *d, const char *group)
{
	static const struct {
		const char *name;
		size_t off;
	} map[] = {
		{"D:1", offsetof(struct xdest, d1)}, {"D:4", offsetof(struct xdest, d4)},
		{"D:5", offsetof(struct xdest, d5)}, {"A:5", offsetof(struct xdest, a5)},
		{"A:6", offsetof(struct xdest, a6)}, {"EMBARGO", offsetof(struct xdest, emb)},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i].name, group))
			return (bool *)((char *)d + map[i].off);
	return NULL;
}

void xdest_place(const struct xtables *t, const char *cc, day_t day, struct xdest *d)
{
	memset(d, 0, sizeof *d);
	memcpy(d->cc, cc, 2);
	d->cn = !strcmp(cc, "CN") || !strcmp(cc, "HK");
	d->mo = !strcmp(cc, "MO");
	d->ae = !strcmp(cc, "AE");
	for (size_t i = 0; i < t->ngroups; i++) {
		const struct xgroup *g = &t->groups[i];
		if (day < g->from || (g->to && day > g->to) || !member(g->members, cc))
			continue;
		bool *f = flag_of(d, g->group);
		if (!f)
			continue;
		*f = true;
		/* the Part 746 row is a "not modelled" marker, not a doubtful membership */
		if (!g->confirmed && strcmp(g->group, "EMBARGO")) {
			d->uncertain = true;
			d->uncertain_why = g->source;
		}
		if (!strstr(d->groups, g->group) && strcmp(g->group, "EMBARGO")) {
			size_t n = strlen(d->groups);
			snprintf(d->groups + n, sizeof d->groups - n, "%s%s", n ? " " : "",
				 g->group);
		}
	}
}

const char *xhq_class(const struct xtables *t, const char *cc, day_t day)
{
	if (!strcmp(cc, "US"))
		return "A56";
	struct xdest d;
	xdest_place(t, cc, day, &d);
	if (d.mo || d.d5)
		return "D5";
	if (d.a5 || d.a6)
		return "A56";
	return "OTHER";
}
