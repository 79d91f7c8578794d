/*
 * destination.c — a country's place in the country groups on a date
 * (data/export/groups.tsv), and the headquarters test.
 *
 * Codes are validated against ISO 3166-1 (the iso-codes package's
 * iso_3166-1.json, read once): a typo is an input error, never "not in D:5".
 * Hong Kong is listed with China in the table (85 FR 83765), so every China
 * requirement reaches it; Macau is its own destination.
 */
#include "export/export.h"
#include "util/fileio.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define ISO_3166 "/usr/share/iso-codes/json/iso_3166-1.json"

/* The alpha-2 codes, 26 x 26 flags. */
static bool iso_known[26 * 26];
static int iso_state; /* 0 not read, 1 read, -1 unreadable */

static void iso_load(void)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	iso_state = -1;
	if (read_file(ISO_3166, 4u << 20, &text, &err) < 0) {
		log_error("%s (install the iso-codes package): country codes cannot be checked",
			  err.buf);
		goto out;
	}
	cJSON *doc = cJSON_Parse(text.buf);
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "3166-1"))
	{
		const cJSON *a2 = cJSON_GetObjectItem(c, "alpha_2");
		const char *s = cJSON_IsString(a2) ? a2->valuestring : "";
		if (strlen(s) == 2 && isupper((unsigned char)s[0]) &&
		    isupper((unsigned char)s[1])) {
			iso_known[(s[0] - 'A') * 26 + (s[1] - 'A')] = true;
			iso_state = 1;
		}
	}
	cJSON_Delete(doc);
	if (iso_state < 0)
		log_error("%s: no alpha_2 codes read", ISO_3166);
out:
	strbuf_release(&text);
	strbuf_release(&err);
}

bool xcountry_valid(const char *cc, char out[3])
{
	if (!cc || strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) ||
	    !isalpha((unsigned char)cc[1]))
		return false;
	if (!iso_state)
		iso_load();
	char up[3] = {(char)toupper((unsigned char)cc[0]), (char)toupper((unsigned char)cc[1]), 0};
	if (iso_state < 0 || !iso_known[(up[0] - 'A') * 26 + (up[1] - 'A')])
		return false;
	memcpy(out, up, 3);
	return true;
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
