/*
 * tables.c — the data/export tables into struct xtables.
 *
 * Our own tables: a damaged row (bad date, unknown status or answer, a
 * number that is not one) is an error naming the file and line, never a row
 * skipped, since a silently shorter requirement table would be a silent
 * "no licence required".
 */
#include "export/export.h"
#include "util/datadir.h"
#include "util/tsv.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int parse_day(struct tsv *t, const char *s, day_t *out, bool open_ok, struct strbuf *err)
{
	if (!strcmp(s, "-")) {
		if (!open_ok)
			return tsv_fail(t, err, "a date is required here, not '-'");
		*out = 0;
		return 0;
	}
	*out = date_parse(s);
	if (!*out)
		return tsv_fail(t, err, "'%s' is not a date (YYYY-MM-DD)", s);
	return 0;
}

static int parse_status(struct tsv *t, const char *s, bool *out, struct strbuf *err)
{
	if (strcmp(s, "C") && strcmp(s, "U"))
		return tsv_fail(t, err, "status '%s': expected C or U", s);
	*out = !strcmp(s, "C");
	return 0;
}

static int parse_num(struct tsv *t, const char *s, double *out, struct strbuf *err)
{
	if (!strcmp(s, "-")) {
		*out = NAN;
		return 0;
	}
	char *end;
	*out = strtod(s, &end);
	if (end == s || *end || !isfinite(*out) || *out < 0)
		return tsv_fail(t, err, "'%s' is not a number", s);
	return 0;
}

static int open_table(struct xtables *x, struct tsv *t, const char *dir, const char *name,
		      const char *const *want, struct strbuf *err)
{
	struct strbuf p = STRBUF_INIT;
	if (dir)
		strbuf_addf(&p, "%s/export/%s", dir, name);
	else {
		strbuf_addstr(&p, "export/");
		strbuf_addstr(&p, name);
		struct strbuf q = STRBUF_INIT;
		data_path(&q, p.buf);
		strbuf_reset(&p);
		strbuf_addstr(&p, q.buf);
		strbuf_release(&q);
	}
	int rc = tsv_open(x->a, t, arena_strdup(x->a, p.buf), want, err);
	strbuf_release(&p);
	return rc;
}

static int load_rules(struct xtables *x, const char *dir, struct strbuf *err)
{
	static const char *const want[] = {"rule",      "title",    "citation", "published",
					   "effective", "enforced", "status",   "url",
					   "source",    NULL};
	struct tsv t;
	if (open_table(x, &t, dir, "rules.tsv", want, err) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = tsv_next(&t, 9, err)) == 1) {
		struct xrule *r = ARENA_PUSH(x->a, x->rules, x->nrules, cap);
		r->id = t.row[0];
		r->title = t.row[1];
		r->citation = t.row[2];
		r->published = t.row[3];
		r->effective = t.row[4];
		if (strcmp(t.row[5], "yes") && strcmp(t.row[5], "no"))
			return tsv_fail(&t, err, "enforced '%s': expected yes or no", t.row[5]);
		r->enforced = !strcmp(t.row[5], "yes");
		if (parse_status(&t, t.row[6], &r->confirmed, err) < 0)
			return -1;
		r->url = t.row[7];
		r->source = t.row[8];
	}
	return rc;
}

static int load_groups(struct xtables *x, const char *dir, struct strbuf *err)
{
	static const char *const want[] = {"group",   "from",     "to",     "status",
					   "members", "citation", "source", NULL};
	struct tsv t;
	if (open_table(x, &t, dir, "groups.tsv", want, err) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = tsv_next(&t, 7, err)) == 1) {
		struct xgroup *g = ARENA_PUSH(x->a, x->groups, x->ngroups, cap);
		g->group = t.row[0];
		if (parse_day(&t, t.row[1], &g->from, false, err) < 0 ||
		    parse_day(&t, t.row[2], &g->to, true, err) < 0 ||
		    parse_status(&t, t.row[3], &g->confirmed, err) < 0)
			return -1;
		g->members = t.row[4];
		g->citation = t.row[5];
		g->source = t.row[6];
	}
	return rc;
}

static int row_answer(struct tsv *t, const char *s, enum xrow_answer *out, struct strbuf *err)
{
	static const char *const names[] = {"LICENSE", "NOTIFY", "REVIEW", "NOT-ENFORCED", "FDP"};
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum xrow_answer)i;
			return 0;
		}
	return tsv_fail(t, err, "answer '%s': expected LICENSE, NOTIFY, REVIEW, NOT-ENFORCED or FDP", s);
}

/* Is every comma-separated token of list one of allowed?  A misspelt class or
 * destination would silently never match: the row's requirement lost. */
static const char *bad_token(const char *list, const char *const *allowed)
{
	static char tok[32];
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		snprintf(tok, sizeof tok, "%.*s", (int)len, p);
		bool ok = false;
		for (size_t k = 0; allowed[k] && !ok; k++)
			ok = !strcmp(tok, allowed[k]);
		if (!ok)
			return tok;
		if (!e)
			break;
		p = e + 1;
	}
	return NULL;
}

static const char *const item_classes[] = {
	"ac22", "adc", "andc", "b",  "hbm",   "hbmlo", "sme5", "smew", "sme993", "ns2",
	"at",   "sc",  "lowic", "ear99", "ccl", "any", "zu",   "a",    NULL};
static const char *const dest_tokens[] = {"CN",  "MO",  "D5X", "D1D4", "HQ",      "HQX",
					  "REST", "EMB", "AE",  "ANY",  "OWNEREL", NULL};
static const char *const hq_tokens[] = {"-", "D5", "notD5", "A56", "OTHER", NULL};

static int load_reqs(struct xtables *x, const char *dir, struct strbuf *err)
{
	static const char *const want[] = {
		"id",         "item",   "dest",   "end_use",   "hq",   "from_cc",
		"from",       "to",     "answer", "provision", "rule", "review_policy",
		"exceptions", "status", "why",    "source",    NULL};
	struct tsv t;
	if (open_table(x, &t, dir, "requirements.tsv", want, err) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = tsv_next(&t, 16, err)) == 1) {
		struct xreq *r = ARENA_PUSH(x->a, x->reqs, x->nreqs, cap);
		r->line = t.line;
		r->id = t.row[0];
		r->item = t.row[1];
		r->dest = t.row[2];
		r->end_use = t.row[3];
		r->hq = t.row[4];
		r->from_cc = t.row[5];
		if (parse_day(&t, t.row[6], &r->from, false, err) < 0 ||
		    parse_day(&t, t.row[7], &r->to, true, err) < 0 ||
		    row_answer(&t, t.row[8], &r->answer, err) < 0 ||
		    parse_status(&t, t.row[13], &r->confirmed, err) < 0)
			return -1;
		if (strcmp(r->end_use, "-") && xend_use_from_name(r->end_use) < 0)
			return tsv_fail(&t, err, "end_use '%s' is not known", r->end_use);
		static const char *const from_cc[] = {"-", "US", "nonUS", "ICT", "notICT"};
		bool ok = false;
		for (size_t k = 0; k < sizeof from_cc / sizeof from_cc[0]; k++)
			ok |= !strcmp(r->from_cc, from_cc[k]);
		if (!ok)
			return tsv_fail(&t, err, "from_cc '%s': expected -, US, nonUS, ICT or notICT",
					r->from_cc);
		const char *bad;
		if ((bad = bad_token(r->item, item_classes)))
			return tsv_fail(&t, err, "item class '%s' is not known", bad);
		if ((bad = bad_token(r->dest, dest_tokens)))
			return tsv_fail(&t, err, "dest '%s' is not known", bad);
		if ((bad = bad_token(r->hq, hq_tokens)))
			return tsv_fail(&t, err, "hq '%s' is not known", bad);
		r->provision = t.row[9];
		r->rule = t.row[10];
		r->policy = t.row[11];
		r->exceptions = t.row[12];
		r->why = t.row[14];
		r->source = t.row[15];
		if (!xtables_rule(x, r->rule))
			return tsv_fail(&t, err, "rule '%s' is not in rules.tsv", r->rule);
	}
	return rc;
}

static int load_eccns(struct xtables *x, const char *dir, struct strbuf *err)
{
	static const char *const want[] = {"eccn",   "classes", "from",   "to",
					   "status", "what",    "source", NULL};
	struct tsv t;
	if (open_table(x, &t, dir, "eccns.tsv", want, err) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = tsv_next(&t, 7, err)) == 1) {
		struct xeccn *e = ARENA_PUSH(x->a, x->eccns, x->neccns, cap);
		e->eccn = t.row[0];
		e->classes = t.row[1];
		if (parse_day(&t, t.row[2], &e->from, false, err) < 0 ||
		    parse_day(&t, t.row[3], &e->to, true, err) < 0 ||
		    parse_status(&t, t.row[4], &e->confirmed, err) < 0)
			return -1;
		const char *bad = bad_token(e->classes, item_classes);
		if (bad)
			return tsv_fail(&t, err, "class '%s' is not known", bad);
		e->what = t.row[5];
		e->source = t.row[6];
	}
	return rc;
}

static int load_items(struct xtables *x, const char *dir, struct strbuf *err)
{
	static const char *const want[] = {"name",  "aliases",     "vendor",   "kind",
					   "peak",  "bits",        "die_area", "datacenter",
					   "io",    "hbm_density", "dram_bw",  "estimate",
					   "basis", "source",      NULL};
	struct tsv t;
	if (open_table(x, &t, dir, "items.tsv", want, err) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = tsv_next(&t, 14, err)) == 1) {
		struct xitem *it = ARENA_PUSH(x->a, x->items, x->nitems, cap);
		char **row = t.row;
		it->name = t.row[0];
		it->aliases = t.row[1];
		it->vendor = t.row[2];
		it->kind = t.row[3];
		if (strcmp(it->kind, "ic") && strcmp(it->kind, "computer") &&
		    strcmp(it->kind, "hbm"))
			return tsv_fail(&t, err, "kind '%s': expected ic, computer or hbm",
					it->kind);
		if (parse_num(&t, row[4], &it->peak, err) < 0 ||
		    parse_num(&t, row[5], &it->bits, err) < 0 ||
		    parse_num(&t, row[6], &it->die_area, err) < 0 ||
		    parse_num(&t, row[8], &it->io, err) < 0 ||
		    parse_num(&t, row[9], &it->hbm_density, err) < 0 ||
		    parse_num(&t, row[10], &it->dram_bw, err) < 0)
			return -1;
		/* the Technical Note to 3A090: TPP = 2 x MacTOPS x bit length, where
		 * the datasheet's dense rate is 2 x MacTOPS */
		it->tpp = it->peak * it->bits;
		if (strcmp(it->kind, "hbm") && isnan(it->tpp))
			return tsv_fail(&t, err,
					"an IC or computer needs its peak rate and bit length");
		const char *dc = row[7];
		it->datacenter = !strcmp(dc, "yes") ? 1 : !strcmp(dc, "no") ? 0 : -1;
		if (it->datacenter < 0 && strcmp(dc, "-"))
			return tsv_fail(&t, err, "datacenter '%s': expected yes, no or -", dc);
		it->estimate = row[11];
		it->basis = row[12];
		it->source = row[13];
	}
	return rc;
}

static int load_parties(struct xtables *x, const char *dir, struct strbuf *err)
{
	static const char *const want[] = {"name",        "aliases", "country",    "footnote",
					   "fn_from",     "listed",  "maybe_from", "citation",
					   "requirement", "policy",  "source",     NULL};
	struct tsv t;
	if (open_table(x, &t, dir, "parties.tsv", want, err) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = tsv_next(&t, 11, err)) == 1) {
		struct xparty *p = ARENA_PUSH(x->a, x->parties, x->nparties, cap);
		p->name = t.row[0];
		p->aliases = t.row[1];
		p->country = t.row[2];
		const char *fn = t.row[3];
		if (strcmp(fn, "-") && strcmp(fn, "1") && strcmp(fn, "4") && strcmp(fn, "5"))
			return tsv_fail(&t, err, "footnote '%s': expected 1, 4, 5 or -", fn);
		p->footnote = strcmp(fn, "-") ? atoi(fn) : 0;
		if (parse_day(&t, t.row[4], &p->fn_from, true, err) < 0 ||
		    parse_day(&t, t.row[5], &p->listed, false, err) < 0 ||
		    parse_day(&t, t.row[6], &p->maybe_from, true, err) < 0)
			return -1;
		if (p->footnote && !p->fn_from)
			return tsv_fail(&t, err, "a footnote needs its fn_from date");
		p->citation = t.row[7];
		p->requirement = t.row[8];
		p->policy = t.row[9];
		p->source = t.row[10];
	}
	return rc;
}

static int load_limits(struct xtables *x, const char *dir, struct strbuf *err)
{
	static const char *const want[] = {"id", "parameter", "max", "otherwise", "source", NULL};
	struct tsv t;
	if (open_table(x, &t, dir, "policy-limits.tsv", want, err) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = tsv_next(&t, 5, err)) == 1) {
		struct xlimit *l = ARENA_PUSH(x->a, x->limits, x->nlimits, cap);
		l->id = t.row[0];
		l->parameter = t.row[1];
		if (strcmp(l->parameter, "tpp") && strcmp(l->parameter, "dram_bw"))
			return tsv_fail(&t, err, "parameter '%s': expected tpp or dram_bw",
					l->parameter);
		if (parse_num(&t, t.row[2], &l->max, err) < 0)
			return -1;
		if (isnan(l->max))
			return tsv_fail(&t, err, "max is required");
		l->otherwise = t.row[3];
		l->source = t.row[4];
	}
	return rc;
}

static int load_thresholds(struct xtables *x, const char *dir, struct strbuf *err)
{
	static const char *const want[] = {"paragraph", "computer", "from",   "to",     "tpp_min",
					   "tpp_max",   "pd_min",   "pd_max", "io_min", "hbm_gt",
					   "hbm_lt",    "needs_dc", "status", "source", NULL};
	struct tsv t;
	if (open_table(x, &t, dir, "thresholds.tsv", want, err) < 0)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = tsv_next(&t, 14, err)) == 1) {
		struct xthr *h = ARENA_PUSH(x->a, x->thr, x->nthr, cap);
		char **row = t.row;
		h->paragraph = row[0];
		h->computer = strcmp(row[1], "-") ? row[1] : NULL;
		if (parse_day(&t, row[2], &h->from, false, err) < 0 ||
		    parse_day(&t, row[3], &h->to, true, err) < 0 ||
		    parse_num(&t, row[4], &h->tpp_min, err) < 0 ||
		    parse_num(&t, row[5], &h->tpp_max, err) < 0 ||
		    parse_num(&t, row[6], &h->pd_min, err) < 0 ||
		    parse_num(&t, row[7], &h->pd_max, err) < 0 ||
		    parse_num(&t, row[8], &h->io_min, err) < 0 ||
		    parse_num(&t, row[9], &h->hbm_gt, err) < 0 ||
		    parse_num(&t, row[10], &h->hbm_lt, err) < 0 ||
		    parse_status(&t, row[12], &h->confirmed, err) < 0)
			return -1;
		if (strcmp(row[11], "yes") && strcmp(row[11], "no"))
			return tsv_fail(&t, err, "needs_dc '%s': expected yes or no", row[11]);
		h->needs_dc = !strcmp(row[11], "yes");
		h->source = row[13];
	}
	return rc;
}

struct xtables *xtables_load(const char *dir, struct strbuf *err)
{
	struct xtables *x = xcalloc(1, sizeof *x);
	x->a = arena_new();
	if (load_rules(x, dir, err) < 0 || load_groups(x, dir, err) < 0 ||
	    load_reqs(x, dir, err) < 0 || load_eccns(x, dir, err) < 0 ||
	    load_items(x, dir, err) < 0 || load_parties(x, dir, err) < 0 ||
	    load_limits(x, dir, err) < 0 || load_thresholds(x, dir, err) < 0) {
		xtables_free(x);
		return NULL;
	}
	return x;
}

void xtables_free(struct xtables *t)
{
	if (!t)
		return;
	arena_free(t->a);
	free(t);
}

const struct xrule *xtables_rule(const struct xtables *t, const char *id)
{
	for (size_t i = 0; i < t->nrules; i++)
		if (!strcmp(t->rules[i].id, id))
			return &t->rules[i];
	return NULL;
}

/* A part name's key: its letters and digits, lower case ("NVIDIA-A100 80GB"
 * and "nvidia a100 80gb" are one name), at most cap - 1 of them. */
static void name_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t j = 0;
	for (size_t i = 0; i < n && s[i] && j + 1 < cap; i++)
		if (isalnum((unsigned char)s[i]))
			out[j++] = (char)tolower((unsigned char)s[i]);
	out[j] = 0;
}

/* Is key the key of the name or of one of the |-separated aliases? */
static bool names_match(const char *name, const char *aliases, const char *key)
{
	char k[128];
	name_key(name, strlen(name), k, sizeof k);
	if (!strcmp(k, key))
		return true;
	for (const char *p = aliases; *p;) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		name_key(p, len, k, sizeof k);
		if (!strcmp(k, key))
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* Case, spaces and punctuation do not matter ("a100", " A100 ", "A100-80GB");
 * a different model name (A10, A100 PCIe) is not found, never approximated. */
const struct xitem *xtables_item(const struct xtables *t, const char *name)
{
	char key[128];
	name_key(name, strlen(name), key, sizeof key);
	if (!key[0] || strlen(name) >= sizeof key)
		return NULL;
	for (size_t i = 0; i < t->nitems; i++)
		if (names_match(t->items[i].name, t->items[i].aliases, key))
			return &t->items[i];
	return NULL;
}
