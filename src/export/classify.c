/*
 * classify.c — the item's ECCN paragraph and requirement classes on a date.
 *
 * From an ECCN given: the row of data/export/eccns.tsv valid on the date,
 * exact or the nearest parent paragraph ("3B001.c.1.b" falls under
 * "3B001.c").  From parameters: the rows of data/export/thresholds.tsv valid
 * on the date, in order (3A090 of 2022, 3A090.a.1/.a.2, 3A090.b.1/.b.2,
 * 3A991.p, 3A090.c), the first one met being the paragraph; the TPP (2 x
 * MacTOPS x bit length: the catalogue's peak rate x bits, or --tpp), the
 * performance density TPP / die area, the I/O rate and the datacenter flag
 * are compared with their bounds.  No condition is written here.
 *
 * An input the result depends on that is not known (datacenter flag, die
 * area, the 2022 I/O rate, HBM density) is tried at every value that can
 * change the outcome (0 and each bound of the rows the TPP meets): one
 * candidate per outcome, each saying what it assumes; determine.c tries
 * them all.  A catalogue value marked as an estimate that the outcome turns
 * on is the candidates' gap.  Below every row the ECCN is not decided
 * (3A991.p by I/O rate, or EAR99), and the output says so.
 */
#include "export/export.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EPS 1e-9

static void add(struct xclass *c, const char *classes, const char *eccn, const char *why,
		const char *cond, const char *gap)
{
	if (c->n >= XCAND_MAX)
		return;
	c->c[c->n++] = (struct xcand){classes, eccn, why, cond, gap};
}

bool xitem_estimated(const struct xitem *it, const char *field)
{
	if (!it)
		return false;
	size_t n = strlen(field);
	for (const char *p = it->estimate; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, field, n))
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* "3a090.A" -> "3A090.a"; false when it is not an ECCN or EAR99. */
static bool eccn_normalize(const char *s, char *out, size_t cap)
{
	size_t n = strlen(s);
	if (n >= cap)
		return false;
	if (!strcasecmp(s, "EAR99")) {
		strcpy(out, "EAR99");
		return true;
	}
	if (n < 5 || !isdigit((unsigned char)s[0]) || !strchr("ABCDEabcde", s[1]) || !s[1] ||
	    !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = i < 5 ? (char)toupper((unsigned char)s[i])
			       : (char)tolower((unsigned char)s[i]);
	out[n] = 0;
	if (n == 5)
		return true;
	if (out[5] != '.' || out[n - 1] == '.')
		return false;
	for (size_t i = 5; i < n; i++) {
		if (out[i] == '.' && out[i + 1] == '.')
			return false;
		if (out[i] != '.' && !isalnum((unsigned char)out[i]))
			return false;
	}
	return true;
}

static const struct xeccn *find_eccn(const struct xtables *t, const char *code, day_t day,
				     bool *exists_other_date)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", code);
	*exists_other_date = false;
	for (;;) {
		for (size_t i = 0; i < t->neccns; i++) {
			const struct xeccn *e = &t->eccns[i];
			if (strcmp(e->eccn, buf))
				continue;
			if (day >= e->from && (!e->to || day <= e->to))
				return e;
			*exists_other_date = true;
		}
		char *dot = strrchr(buf, '.');
		if (!dot || dot - buf < 5)
			return NULL;
		*dot = 0;
	}
}

/* classes with the class "a" (or "hbm") replaced by rep */
static const char *subst(struct arena *a, const char *classes, const char *from, const char *rep)
{
	struct strbuf b = STRBUF_INIT;
	size_t n = strlen(from);
	for (const char *p = classes; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (b.len)
			strbuf_addch(&b, ',');
		if (len == n && !strncmp(p, from, n))
			strbuf_addstr(&b, rep);
		else
			strbuf_add(&b, p, len);
		if (!e)
			break;
		p = e + 1;
	}
	const char *r = arena_strdup(a, b.buf);
	strbuf_release(&b);
	return r;
}

static bool has_class(const char *classes, const char *cls)
{
	size_t n = strlen(cls);
	for (const char *p = classes; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, cls, n))
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* The License Exception HBM limit on day (NAN: none), from thresholds.tsv. */
static double hbm_le_limit(const struct xtables *t, day_t day)
{
	for (size_t i = 0; i < t->nthr; i++) {
		const struct xthr *h = &t->thr[i];
		if (!isnan(h->hbm_lt) && day >= h->from && (!h->to || day <= h->to))
			return h->hbm_lt;
	}
	return NAN;
}

static void hbm_split(const struct xtables *t, const struct xinput *in, double dens,
		      struct arena *a, const char *classes, const char *eccn, const char *why,
		      const char *gap, struct xclass *c)
{
	double lim = hbm_le_limit(t, in->date);
	if (isnan(lim)) {
		add(c, classes, eccn, why, NULL, gap);
		return;
	}
	if (isnan(dens)) {
		c->unknown = "--hbm-density";
		add(c, subst(a, classes, "hbm", "hbm"), eccn, why,
		    arena_printf(a, "memory bandwidth density >= %g GB/s/mm2 (not given)", lim),
		    gap);
		add(c, subst(a, classes, "hbm", "hbmlo"), eccn, why,
		    arena_printf(a, "memory bandwidth density below %g GB/s/mm2 (not given)", lim),
		    gap);
		return;
	}
	add(c, subst(a, classes, "hbm", dens >= lim - EPS ? "hbm" : "hbmlo"), eccn, why, NULL, gap);
}

static int from_eccn(const struct xtables *t, const struct xinput *in, struct arena *a,
		     struct xclass *c, struct strbuf *err)
{
	char code[64];
	if (!eccn_normalize(in->eccn, code, sizeof code)) {
		strbuf_addf(err,
			    "--eccn '%s' is not an ECCN (e.g. 3A090.a, 4A090.b, 3B001.c, EAR99)",
			    in->eccn);
		return -1;
	}
	char d[11];
	bool other;
	const struct xeccn *e = find_eccn(t, code, in->date, &other);
	if (!e) {
		add(c, "any", arena_strdup(a, code), arena_printf(a, "ECCN %s as given", code),
		    NULL,
		    arena_printf(a,
				 other ? "ECCN %s did not exist on %s in the bundled rules"
				       : "ECCN %s is not modelled by export-check (see "
					 "data/export/eccns.tsv); its licence requirements are not "
					 "decided",
				 code, date_format(in->date, d)));
		return 0;
	}
	const char *why =
		arena_printf(a, "ECCN %s as given (%s: %s; %s)", code, e->eccn, e->what, e->source);
	const char *gap = e->confirmed ? NULL
				       : arena_printf(a,
						      "ECCN %s on this date rests on an "
						      "UNCONFIRMED reading (%s)",
						      e->eccn, e->source);
	const char *eccn = arena_strdup(a, code);
	if (has_class(e->classes, "a")) {
		if (in->datacenter < 0) {
			c->unknown = "--datacenter";
			add(c, subst(a, e->classes, "a", "adc"), eccn, why,
			    "designed or marketed for datacenters (not given)", gap);
			add(c, subst(a, e->classes, "a", "andc"), eccn, why,
			    "not designed or marketed for datacenters (not given)", gap);
		} else {
			add(c, subst(a, e->classes, "a", in->datacenter ? "adc" : "andc"), eccn,
			    why, NULL, gap);
		}
	} else if (has_class(e->classes, "hbm")) {
		hbm_split(t, in, in->hbm_density, a, e->classes, eccn, why, gap, c);
	} else {
		add(c, e->classes, eccn, why, NULL, gap);
	}
	return 0;
}

static bool thr_valid(const struct xthr *h, day_t day)
{
	return day >= h->from && (!h->to || day <= h->to);
}

static bool tpp_in(const struct xthr *h, double tpp)
{
	return tpp >= h->tpp_min - EPS && (isnan(h->tpp_max) || tpp < h->tpp_max - EPS);
}

/* The first row of thresholds.tsv an IC with these values meets on day, or
 * NULL (a NAN value meets no condition on it). */
static const struct xthr *thr_match(const struct xtables *t, day_t day, double tpp, double pd,
				    double io, int dc)
{
	for (size_t i = 0; i < t->nthr; i++) {
		const struct xthr *h = &t->thr[i];
		if (!thr_valid(h, day) || isnan(h->tpp_min) || !tpp_in(h, tpp))
			continue;
		if (!isnan(h->pd_min) && !(pd >= h->pd_min - EPS))
			continue;
		if (!isnan(h->pd_max) && !(pd < h->pd_max - EPS))
			continue;
		if (!isnan(h->io_min) && !(io >= h->io_min - EPS))
			continue;
		if (h->needs_dc && !dc)
			continue;
		return h;
	}
	return NULL;
}

#define NSAMPLE 8

static void add_sample(double *v, int *n, double x)
{
	for (int i = 0; i < *n; i++)
		if (fabs(v[i] - x) < EPS)
			return;
	if (*n < NSAMPLE)
		v[(*n)++] = x;
	for (int i = *n - 1; i > 0 && v[i] < v[i - 1]; i--) {
		double tmp = v[i];
		v[i] = v[i - 1];
		v[i - 1] = tmp;
	}
}

/* Values of PD (which 0) or I/O (which 1) that reach every outcome: 0 and
 * each bound of the rows whose TPP condition the item meets. */
static void samples(const struct xtables *t, day_t day, double tpp, int which, double *v, int *n)
{
	*n = 0;
	add_sample(v, n, 0);
	for (size_t i = 0; i < t->nthr; i++) {
		const struct xthr *h = &t->thr[i];
		if (!thr_valid(h, day) || isnan(h->tpp_min) || !tpp_in(h, tpp))
			continue;
		double b[2] = {which ? h->io_min : h->pd_min, which ? NAN : h->pd_max};
		for (int k = 0; k < 2; k++)
			if (!isnan(b[k]))
				add_sample(v, n, b[k]);
	}
}

static const char *band(struct arena *a, const char *what, const double *v, int n, int j)
{
	if (j == n - 1)
		return arena_printf(a, "%s >= %g", what, v[j]);
	if (j == 0)
		return arena_printf(a, "%s < %g", what, v[1]);
	return arena_printf(a, "%g <= %s < %g", v[j], what, v[j + 1]);
}

/* Does rounding v to r carry it across bound b (as thr_match compares)? */
static bool crosses(double v, double r, double b)
{
	return !isnan(b) && (v >= b - EPS) != (r >= b - EPS);
}

/* The same for a bound that must be exceeded (3A090.c: density > 2) */
static bool crosses_above(double v, double r, double b)
{
	return !isnan(b) && (v > b + EPS) != (r > b + EPS);
}

const char *xshow(const struct xtables *t, day_t day, char which, double v, int decimals,
		  struct arena *a)
{
	if (isnan(v))
		return NULL;
	char buf[64];
	for (int d = decimals;; d++) {
		snprintf(buf, sizeof buf, "%.*f", d, v);
		double r = strtod(buf, NULL);
		bool across = false;
		for (size_t i = 0; i < t->nthr && !across; i++) {
			const struct xthr *h = &t->thr[i];
			if (!thr_valid(h, day))
				continue;
			across = which == 't'   ? crosses(v, r, h->tpp_min) || crosses(v, r, h->tpp_max)
				 : which == 'p' ? crosses(v, r, h->pd_min) || crosses(v, r, h->pd_max)
				 : which == 'i' ? crosses(v, r, h->io_min)
						: crosses_above(v, r, h->hbm_gt) ||
							  crosses(v, r, h->hbm_lt);
		}
		for (size_t i = 0; which == 't' && i < t->nlimits && !across; i++)
			across = !strcmp(t->limits[i].parameter, "tpp") &&
				 crosses(v, r, t->limits[i].max);
		if (!across || d >= 6)
			break;
	}
	return arena_strdup(a, buf);
}

static const char *thr_text(struct arena *a, const struct xthr *h)
{
	struct strbuf b = STRBUF_INIT;
	strbuf_addf(&b, "TPP >= %g", h->tpp_min);
	if (!isnan(h->tpp_max))
		strbuf_addf(&b, " and < %g", h->tpp_max);
	if (!isnan(h->pd_min))
		strbuf_addf(&b, ", PD >= %g", h->pd_min);
	if (!isnan(h->pd_max))
		strbuf_addf(&b, " and < %g", h->pd_max);
	if (!isnan(h->io_min))
		strbuf_addf(&b, ", I/O >= %g GB/s", h->io_min);
	if (h->needs_dc)
		strbuf_addstr(&b, ", designed or marketed for datacenters");
	const char *r = arena_strdup(a, b.buf);
	strbuf_release(&b);
	return r;
}

struct tpctx {
	const struct xtables *t;
	const struct xinput *in;
	const struct xitem *it;
	struct arena *a;
	bool computer;
	const char *gap;     /* an estimate the result rests on */
	const char *tpp_how; /* " (= 624 x 8 bits, ...)" from the catalogue, or "" */
	double io;
};

/* One candidate from the row h met (NULL: none) under datacenter flag dc. */
static void add_result(struct tpctx *x, struct xclass *c, const struct xthr *h, int dc, double pd,
		       double io, const char *cond)
{
	struct arena *a = x->a;
	day_t day = x->in->date;
	const char *vals = arena_printf(
		a, "TPP %s%s%s%s", xshow(x->t, day, 't', c->tpp, 0, a), x->tpp_how,
		isnan(pd) ? "" : arena_printf(a, ", PD %s", xshow(x->t, day, 'p', pd, 2, a)),
		isnan(io) ? "" : arena_printf(a, ", I/O %s GB/s", xshow(x->t, day, 'i', io, 0, a)));
	if (!h) {
		add(c, "lowic", NULL,
		    arena_printf(a,
				 "%s: below 3A090 and 3A991.p by TPP; whether 3A991.p (I/O >= "
				 "150 GB/s) or EAR99 is not decided",
				 vals),
		    cond, x->gap);
		return;
	}
	/* the Note to 3A090, when it is what keeps the item out */
	const struct xthr *dch = !dc ? thr_match(x->t, x->in->date, c->tpp, pd, io, 1) : NULL;
	const char *note = dch && dch != h ? " (not designed or marketed for datacenters and TPP "
					     "< 4800: the Note to 3A090 excludes it from 3A090)"
					   : "";
	const char *label = x->computer && h->computer ? h->computer : h->paragraph;
	const char *why = arena_printf(a, "%s: %s (%s)%s", vals, label, thr_text(a, h), note);
	bool other;
	const struct xeccn *e = find_eccn(x->t, label, x->in->date, &other);
	const char *gap = x->gap;
	if (!gap && !h->confirmed)
		gap = arena_printf(a, "the parameters of %s are UNCONFIRMED (%s)", label,
				   h->source);
	if (!e) {
		add(c, "any", NULL, why, cond,
		    arena_printf(a,
				 "%s did not exist on this date; the classification is not "
				 "decided",
				 label));
		return;
	}
	const char *classes = has_class(e->classes, "a")
				      ? subst(a, e->classes, "a", dc ? "adc" : "andc")
				      : e->classes;
	add(c, classes, label, why, cond, gap);
}

static void from_tpp(struct tpctx *x, struct xclass *c)
{
	day_t day = x->in->date;
	double pds[NSAMPLE], ios[NSAMPLE];
	int npd = 1, nio = 1, ndc = 1, dcs[2] = {x->in->datacenter, 0};
	pds[0] = c->pd;
	ios[0] = x->io;
	/* an unknown value no row bound reaches stays unknown (NAN) */
	if (isnan(c->pd))
		samples(x->t, day, c->tpp, 0, pds, &npd);
	if (npd == 1)
		pds[0] = c->pd;
	if (isnan(x->io))
		samples(x->t, day, c->tpp, 1, ios, &nio);
	if (nio == 1)
		ios[0] = x->io;
	if (x->in->datacenter < 0) {
		dcs[0] = 1;
		ndc = 2;
	}
	const struct xthr *seen[NSAMPLE * NSAMPLE * 2];
	int seen_dc[NSAMPLE * NSAMPLE * 2], seen_idx[NSAMPLE * NSAMPLE * 2], nseen = 0;
	for (int i = 0; i < ndc; i++)
		for (int j = 0; j < npd; j++)
			for (int k = 0; k < nio; k++) {
				const struct xthr *h =
					thr_match(x->t, day, c->tpp, pds[j], ios[k], dcs[i]);
				/* a row with "a" classes differs by the datacenter flag */
				int key_dc =
					h && !strncmp(h->paragraph, "3A090.a", 7) ? dcs[i] : -1;
				int dup = -1;
				for (int s = 0; s < nseen; s++)
					if (seen[s] == h && seen_dc[s] == key_dc)
						dup = s;
				struct strbuf cond = STRBUF_INIT;
				if (ndc > 1)
					strbuf_addstr(&cond,
						      dcs[i] ? "designed or marketed for "
							       "datacenters"
							     : "not designed or marketed for "
							       "datacenters");
				if (npd > 1)
					strbuf_addf(&cond, "%s%s (die area not given)",
						    cond.len ? ", " : "",
						    band(x->a, "PD", pds, npd, j));
				if (nio > 1)
					strbuf_addf(&cond, "%s%s (I/O rate not given)",
						    cond.len ? ", " : "",
						    band(x->a, "I/O", ios, nio, k));
				if (dup >= 0 && seen_idx[dup] < c->n) {
					/* the same outcome under other values: either assumption */
					struct xcand *cd = &c->c[seen_idx[dup]];
					cd->cond =
						arena_printf(x->a, "%s; or %s", cd->cond, cond.buf);
				} else if (dup < 0) {
					seen[nseen] = h;
					seen_idx[nseen] = c->n;
					seen_dc[nseen++] = key_dc;
					add_result(x, c, h, dcs[i], npd > 1 ? NAN : pds[j],
						   nio > 1 ? NAN : ios[k],
						   cond.len ? arena_strdup(x->a, cond.buf) : NULL);
				}
				strbuf_release(&cond);
			}
	if (c->n == 1)
		c->c[0].cond = NULL; /* one outcome whatever the unknowns: nothing assumed */
	if (c->n > 1) {
		struct strbuf u = STRBUF_INIT;
		if (ndc > 1)
			strbuf_addstr(&u, "--datacenter");
		if (npd > 1)
			strbuf_addf(&u, "%s--die-area", u.len ? " and " : "");
		if (nio > 1)
			strbuf_addf(&u, "%sthe I/O rate (2022 text of 3A090)",
				    u.len ? " and " : "");
		c->unknown = arena_strdup(x->a, u.buf);
		strbuf_release(&u);
	}
}

/* Does the outcome change over the samples of PD (which 0) or I/O (1)?  Then
 * an estimated die area or I/O rate is what the result rests on. */
static bool matters(const struct tpctx *x, const struct xclass *c, int which)
{
	double v[NSAMPLE];
	int n;
	samples(x->t, x->in->date, c->tpp, which, v, &n);
	int dc = x->in->datacenter < 0 ? 1 : x->in->datacenter;
	const struct xthr *first = NULL;
	for (int i = 0; i < n; i++) {
		const struct xthr *h = thr_match(x->t, x->in->date, c->tpp, which ? c->pd : v[i],
						 which ? v[i] : x->io, dc);
		if (i && h != first)
			return true;
		first = h;
	}
	return false;
}

static void from_params(const struct xtables *t, const struct xitem *it, const struct xinput *in,
			struct arena *a, struct xclass *c)
{
	double hbm = it ? it->hbm_density : in->hbm_density;
	bool is_hbm = it ? !strcmp(it->kind, "hbm") : !isnan(in->hbm_density);
	if (is_hbm) {
		const char *gap =
			xitem_estimated(it, "hbm_density")
				? arena_printf(a,
					       "the memory bandwidth density of %s in the "
					       "catalogue is an estimate",
					       it->name)
				: NULL;
		const struct xthr *h = NULL;
		for (size_t i = 0; i < t->nthr && !h; i++)
			if (!isnan(t->thr[i].hbm_gt) && thr_valid(&t->thr[i], in->date))
				h = &t->thr[i];
		if (!h) {
			add(c, "lowic", NULL,
			    "memory: no HBM paragraph (3A090.c) on this date; other ECCNs (3A991, "
			    "EAR99) are not decided",
			    NULL, NULL);
			return;
		}
		bool other;
		const struct xeccn *e = find_eccn(t, h->paragraph, in->date, &other);
		if (hbm > h->hbm_gt + EPS && e) {
			hbm_split(t, in, hbm, a, e->classes, h->paragraph,
				  arena_printf(a, "memory bandwidth density %s GB/s/mm2 > %g: %s",
					       xshow(t, in->date, 'h', hbm, 2, a), h->hbm_gt,
					       h->paragraph),
				  gap, c);
			return;
		}
		add(c, "lowic", NULL,
		    arena_printf(a,
				 "memory bandwidth density %s GB/s/mm2 <= %g: not %s; other "
				 "ECCNs are not decided",
				 xshow(t, in->date, 'h', hbm, 2, a), h->hbm_gt, h->paragraph),
		    NULL, gap);
		return;
	}
	struct tpctx x = {t, in, it, a, it && !strcmp(it->kind, "computer"), NULL, "", NAN};
	c->tpp = it ? it->tpp : in->tpp;
	double die = it ? it->die_area : in->die_area;
	if (!isnan(die) && die > 0)
		c->pd = c->tpp / die;
	if (it) {
		x.io = it->io;
		x.tpp_how =
			arena_printf(a, " (= %g x %g bits, 2 x MacTOPS x bit length%s)", it->peak,
				     it->bits, x.computer ? ", of its most capable IC" : "");
	}
	if (xitem_estimated(it, "tpp"))
		x.gap = arena_printf(a, "the TPP of %s in the catalogue is an estimate (%s)",
				     it->name, it->basis);
	else if (xitem_estimated(it, "die_area") && matters(&x, c, 0))
		x.gap = arena_printf(a, "the die area of %s in the catalogue is an estimate (%s)",
				     it->name, it->basis);
	else if (xitem_estimated(it, "io") && matters(&x, c, 1))
		x.gap = arena_printf(a, "the I/O rate of %s in the catalogue is an estimate (%s)",
				     it->name, it->basis);
	from_tpp(&x, c);
}

int xclassify(const struct xtables *t, const struct xinput *in, struct arena *a, struct xclass *out,
	      struct strbuf *err)
{
	memset(out, 0, sizeof *out);
	out->tpp = out->pd = NAN;
	const struct xitem *it = NULL;
	if (in->item) {
		it = xtables_item(t, in->item);
		if (!it) {
			strbuf_addf(
				err,
				"--item '%s' is not in the catalogue (data/export/items.tsv); give "
				"--tpp/--die-area/--datacenter or --eccn instead",
				in->item);
			return -1;
		}
		out->item = it;
	}
	if (in->eccn)
		return from_eccn(t, in, a, out, err);
	struct xinput tmp = *in;
	if (it && it->datacenter >= 0)
		tmp.datacenter = it->datacenter;
	if (it || !isnan(in->tpp) || !isnan(in->hbm_density)) {
		from_params(t, it, &tmp, a, out);
		return 0;
	}
	add(out, "any", NULL, "no item given", NULL,
	    "the item is not given (--item, --eccn or --tpp): only the requirements for any "
	    "item subject to the EAR were checked");
	return 0;
}
