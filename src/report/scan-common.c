/*
 * scan-common.c — counting, ordering and naming shared by the renderers.
 */
#include "report/scan-common.h"
#include "util/date.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

long finding_comp_index(const struct scan_result *r, const struct finding *f)
{
	const struct inventory *inv = r->inv;
	if (!f->comp || !inv || !inv->ncomps)
		return -1;
	/* Compare addresses as integers: findings point into inv->comps. */
	uintptr_t p = (uintptr_t)f->comp, lo = (uintptr_t)inv->comps;
	uintptr_t hi = (uintptr_t)(inv->comps + inv->ncomps);
	if (p < lo || p >= hi || (p - lo) % sizeof *inv->comps)
		return -1;
	return (long)((p - lo) / sizeof *inv->comps);
}

int *scan_worst_by_comp(const struct scan_result *r)
{
	size_t n = r->inv ? r->inv->ncomps : 0;
	int *worst = xmalloc((n ? n : 1) * sizeof *worst);
	for (size_t i = 0; i < n; i++)
		worst[i] = -1;
	/* the hidden ones too: a component's status is what was found */
	for (size_t i = 0; i < r->nfindings + r->nhidden; i++) {
		long c = finding_comp_index(r, &r->findings[i]);
		if (c >= 0 && (int)r->findings[i].verdict > worst[c])
			worst[c] = (int)r->findings[i].verdict;
	}
	return worst;
}

void scan_summarize(const struct scan_result *r, struct scan_summary *s)
{
	memset(s, 0, sizeof *s);
	s->ncomps = r->inv ? r->inv->ncomps : 0;
	s->nfindings = r->nfindings + r->nhidden; /* the summary counts everything */
	s->worst = V_CLEAR;
	for (size_t i = 0; i < s->nfindings; i++) {
		enum verdict v = r->findings[i].verdict;
		if ((unsigned)v >= V__COUNT)
			continue;
		s->verdicts[v]++;
		if ((int)v > s->worst)
			s->worst = (int)v;
	}
	int *worst = scan_worst_by_comp(r);
	for (size_t i = 0; i < s->ncomps; i++) {
		const struct component *c = &r->inv->comps[i];
		if (worst[i] >= 0)
			s->with_findings++;
		if (!comp_identified(c))
			s->not_identified++;
		else if (worst[i] < 0)
			s->verdicts[V_CLEAR]++;
	}
	free(worst);
	if (r->inv && !s->ncomps)
		s->worst = V_REVIEW; /* nothing read: never a clean host */
}

bool comp_identified(const struct component *c)
{
	const struct attribution *a = c->attr;
	return a && a->maker.org && (!a->has_chip || a->chip_maker.org);
}

void comp_unknown_reason(struct strbuf *out, const struct component *c)
{
	const struct attribution *a = c->attr;
	if (!a) {
		strbuf_addstr(out, "not identified: no attribution (identify did not run)");
		return;
	}
	if (!a->maker.org)
		strbuf_addf(out, "maker unknown: %s",
			    a->maker.unknown_reason ? a->maker.unknown_reason : "no reason given");
	if (a->has_chip && !a->chip_maker.org) {
		if (!a->maker.org)
			strbuf_addstr(out, "; ");
		strbuf_addf(out, "%s maker unknown: %s", c->kind == KIND_DIMM ? "DRAM" : "chip",
			    a->chip_maker.unknown_reason ? a->chip_maker.unknown_reason
							 : "no reason given");
	}
}

const char *comp_status(const struct component *c, int worst)
{
	if (worst >= 0)
		return verdict_name((enum verdict)worst);
	return comp_identified(c) ? verdict_name(V_CLEAR) : STATUS_NOT_IDENTIFIED;
}

const char *day_or_null(day_t d, char *buf)
{
	return d ? date_format(d, buf) : NULL;
}

static int cmp_findings(const void *a, const void *b, void *arg)
{
	const struct scan_result *r = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct finding *x = &r->findings[i], *y = &r->findings[j];
	if (x->verdict != y->verdict)
		return x->verdict > y->verdict ? -1 : 1;
	if (x->verdict == V_REMOVE_BY && x->deadline != y->deadline)
		return x->deadline < y->deadline ? -1 : 1;
	return i < j ? -1 : i > j; /* stable: the judge's order */
}

size_t *scan_sorted_findings(const struct scan_result *r)
{
	size_t *idx = xmalloc((r->nfindings ? r->nfindings : 1) * sizeof *idx);
	for (size_t i = 0; i < r->nfindings; i++)
		idx[i] = i;
	qsort_r(idx, r->nfindings, sizeof *idx, cmp_findings, (void *)r);
	return idx;
}

const char *utf8_valid_or_escaped(const char *s, struct strbuf *tmp)
{
	static const char hexd[] = "0123456789abcdef";
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t n = strlen(s), i = 0;
	utf8proc_int32_t cp;
	while (i < n) {
		utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (len <= 0)
			break;
		i += (size_t)len;
	}
	if (i == n)
		return s;
	strbuf_reset(tmp);
	strbuf_add(tmp, s, i);
	while (i < n) {
		utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (len > 0) {
			strbuf_add(tmp, p + i, (size_t)len);
			i += (size_t)len;
		} else {
			char e[4] = {'\\', 'x', hexd[p[i] >> 4], hexd[p[i] & 15]};
			strbuf_add(tmp, e, 4);
			i++;
		}
	}
	return tmp->buf;
}

void json_add_utf8(cJSON *obj, const char *key, const char *value)
{
	struct strbuf tmp = STRBUF_INIT;
	if (value)
		cJSON_AddStringToObject(obj, key, utf8_valid_or_escaped(value, &tmp));
	strbuf_release(&tmp);
}

/* Characters that move the cursor or reorder text: bidi controls and separators. */
static bool is_bidi_or_sep(utf8proc_int32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

void display_safe_add(struct strbuf *out, const char *s)
{
	static const char hexd[] = "0123456789abcdef";
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (len <= 0) {
			char e[4] = {'\\', 'x', hexd[p[i] >> 4], hexd[p[i] & 15]};
			strbuf_add(out, e, 4);
			i++;
		} else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
			strbuf_addf(out, "\\x%02x", (unsigned)cp);
			i += (size_t)len;
		} else if (is_bidi_or_sep(cp)) {
			strbuf_addf(out, "\\u%04x", (unsigned)cp);
			i += (size_t)len;
		} else {
			strbuf_add(out, p + i, (size_t)len);
			i += (size_t)len;
		}
	}
}

void str_or_null(cJSON *o, const char *key, const char *v)
{
	struct strbuf tmp = STRBUF_INIT;
	if (v)
		cJSON_AddStringToObject(o, key, utf8_valid_or_escaped(v, &tmp));
	else
		cJSON_AddNullToObject(o, key);
	strbuf_release(&tmp);
}

void date_or_null(cJSON *o, const char *key, day_t d)
{
	char buf[11];
	str_or_null(o, key, day_or_null(d, buf));
}

void note_text(struct strbuf *out, const struct note *n)
{
	size_t start = out->len;
	if (n->what)
		strbuf_addstr(out, n->what);
	if (n->path)
		strbuf_addf(out, "%s%s", out->len > start ? " " : "", n->path);
	strbuf_addf(out, "%s%s", out->len > start ? ": " : "", n->reason ? n->reason : "");
}
