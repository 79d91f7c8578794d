/*
 * classify.c — the item's ECCN paragraph and requirement classes on a date.
 *
 * From an ECCN given: the row of data/export/eccns.tsv valid on the date,
 * exact or the nearest parent paragraph ("3B001.c.1.b" falls under
 * "3B001.c").  From parameters, the Technical Notes to 3A090:
 *   TPP = 2 x MacTOPS x bit length (given directly here), PD = TPP / die area;
 *   2023-11-17 on: 3A090.a: TPP >= 4800, or TPP >= 1600 and PD >= 5.92;
 *                  3A090.b: TPP 2400..4800 and PD 1.6..5.92, or TPP >= 1600
 *                  and PD 3.2..5.92; neither applies to an item not designed
 *                  or marketed for datacenters with TPP < 4800;
 *   2022-10-07 to 2023-11-16: TPP >= 4800 and aggregate I/O >= 600 GB/s;
 *   3A090.c (2024-12-02 on): memory bandwidth density > 2 GB/s/mm2.
 * An input the result depends on that is not known (datacenter flag, die
 * area, the 2022 I/O rate, HBM density) yields one candidate per outcome,
 * each saying what it assumes; determine.c tries them all.  A catalogue
 * value marked as an estimate that a candidate rests on is its gap.
 *
 * An IC below 3A090 is 3A991.p when its TOPS reach 8: TOPS = TPP / bit
 * length >= TPP / 64, so any TPP >= 512 is >= 8 TOPS at any bit length.
 * Below that the tool does not decide between 3A991.p (by I/O rate) and
 * EAR99, and says so.
 */
#include "export/export.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
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

static bool estimated(const struct xitem *it, const char *field)
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
		out[i] = i < 5 ? (char)toupper((unsigned char)s[i]) : (char)tolower((unsigned char)s[i]);
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

static void hbm_split(const struct xinput *in, double dens, struct arena *a, const char *classes,
		      const char *eccn, const char *why, const char *gap, struct xclass *c)
{
	if (isnan(dens)) {
		c->unknown = "--hbm-density";
		add(c, subst(a, classes, "hbm", "hbm"), eccn, why,
		    "memory bandwidth density >= 3.3 GB/s/mm2 (not given)", gap);
		add(c, subst(a, classes, "hbm", "hbmlo"), eccn, why,
		    "memory bandwidth density below 3.3 GB/s/mm2 (not given)", gap);
		return;
	}
	(void)in;
	add(c, subst(a, classes, "hbm", dens >= 3.3 - EPS ? "hbm" : "hbmlo"), eccn, why, NULL,
	    gap);
}

static int from_eccn(const struct xtables *t, const struct xinput *in, struct arena *a,
		     struct xclass *c, struct strbuf *err)
{
	char code[64];
	if (!eccn_normalize(in->eccn, code, sizeof code)) {
		strbuf_addf(err, "--eccn '%s' is not an ECCN (e.g. 3A090.a, 4A090.b, 3B001.c, EAR99)",
			    in->eccn);
		return -1;
	}
	char d[11];
	bool other;
	const struct xeccn *e = find_eccn(t, code, in->date, &other);
	if (!e) {
		add(c, "any", arena_strdup(a, code),
		    arena_printf(a, "ECCN %s as given", code), NULL,
		    arena_printf(a,
				 other ? "ECCN %s did not exist on %s in the bundled rules"
				       : "ECCN %s is not modelled by export-check (see "
					 "data/export/eccns.tsv); its licence requirements are not "
					 "decided",
				 code, date_format(in->date, d)));
		return 0;
	}
	const char *why = arena_printf(a, "ECCN %s as given (%s: %s; %s)", code, e->eccn, e->what,
				       e->source);
	const char *gap = e->confirmed ? NULL
				       : arena_printf(a, "ECCN %s on this date rests on an "
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
			add(c, subst(a, e->classes, "a", in->datacenter ? "adc" : "andc"), eccn, why,
			    NULL, gap);
		}
	} else if (has_class(e->classes, "hbm")) {
		hbm_split(in, in->hbm_density, a, e->classes, eccn, why, gap, c);
	} else {
		add(c, e->classes, eccn, why, NULL, gap);
	}
	return 0;
}

/* The 2023 class of a TPP/PD/datacenter triple: "adc", "andc", "b" or NULL. */
static const char *tp_class(double tpp, double pd, int dc)
{
	const char *cls = NULL;
	if (tpp >= 4800 - EPS)
		return dc ? "adc" : "andc";
	if (tpp >= 1600 - EPS && pd >= 5.92 - EPS)
		cls = "adc";
	else if ((tpp >= 2400 - EPS && pd >= 1.6 - EPS && pd < 5.92 - EPS) ||
		 (tpp >= 1600 - EPS && pd >= 3.2 - EPS && pd < 5.92 - EPS))
		cls = "b";
	/* Note to 3A090: .a/.b do not apply to items not designed or marketed
	 * for datacenters with TPP < 4800 */
	return cls && !dc ? NULL : cls;
}

static const char *pd_band(double pd)
{
	return pd >= 5.92 ? "PD >= 5.92" : pd >= 3.2 ? "3.2 <= PD < 5.92"
				   : pd >= 1.6	 ? "1.6 <= PD < 3.2"
						 : "PD < 1.6";
}

struct tpctx {
	const struct xinput *in;
	const struct xitem *it;
	struct arena *a;
	bool computer;
	const char *gap_tpp, *gap_pd;
	const char *tpp_how; /* " = 624 x 8 bits" from the catalogue, or "" */
};

static void add_below(struct tpctx *x, struct xclass *c, const char *why, const char *cond,
		      const char *gap)
{
	if (c->tpp >= 512 - EPS)
		add(c, "at,sc,ccl", x->computer ? "4A994.l" : "3A991.p",
		    arena_printf(x->a, "%s; TPP %.0f >= 512, so >= 8 TOPS at any bit length: %s", why,
				 c->tpp, x->computer ? "4A994.l" : "3A991.p"),
		    cond, gap);
	else
		add(c, "lowic", NULL,
		    arena_printf(x->a, "%s; below 3A090; whether 3A991.p (I/O >= 150 GB/s) or EAR99 "
				       "is not decided",
				 why),
		    cond, gap);
}

static void tp_2022(struct tpctx *x, struct xclass *c)
{
	const char *pre = x->computer ? "4A090" : "3A090";
	double io = x->it ? x->it->io : NAN;
	const char *gap = x->gap_tpp;
	if (c->tpp < 4800 - EPS) {
		add_below(x, c, arena_printf(x->a, "TPP %.0f < 4800 (3A090, 2022 text)", c->tpp),
			  NULL, gap);
		return;
	}
	if (!gap && estimated(x->it, "io"))
		gap = arena_printf(x->a, "the I/O rate of %s in the catalogue is an estimate",
				   x->it->name);
	const char *why = arena_printf(x->a, "TPP %.0f >= 4800", c->tpp);
	if (isnan(io)) {
		c->unknown = "aggregate bidirectional I/O rate (the 2022 text of 3A090)";
		add(c, "ac22,ccl", pre,
		    arena_printf(x->a, "%s and I/O >= 600 GB/s: %s (2022 text)", why, pre),
		    "I/O >= 600 GB/s (not given)", gap);
		add_below(x, c, arena_printf(x->a, "%s but I/O < 600 GB/s (2022 text)", why),
			  "I/O < 600 GB/s (not given)", gap);
	} else if (io >= 600 - EPS) {
		add(c, "ac22,ccl", pre,
		    arena_printf(x->a, "%s and I/O %.0f GB/s >= 600: %s (2022 text)", why, io, pre),
		    NULL, gap);
	} else {
		add_below(x, c, arena_printf(x->a, "%s but I/O %.0f GB/s < 600 (2022 text)", why, io),
			  NULL, gap);
	}
}

static void tp_2023(struct tpctx *x, struct xclass *c)
{
	const char *pre = x->computer ? "4A090" : "3A090";
	int dcs[2], ndc = 0;
	double pds[4];
	int npd = 0;
	if (x->in->datacenter < 0) {
		dcs[ndc++] = 1;
		dcs[ndc++] = 0;
	} else
		dcs[ndc++] = x->in->datacenter;
	if (isnan(c->pd)) {
		pds[npd++] = 5.92;
		pds[npd++] = 3.2;
		pds[npd++] = 1.6;
		pds[npd++] = 0;
	} else
		pds[npd++] = c->pd;
	const char *seen[8];
	int nseen = 0;
	for (int i = 0; i < ndc; i++)
		for (int j = 0; j < npd; j++) {
			const char *cls = tp_class(c->tpp, pds[j], dcs[i]);
			const char *key = cls ? cls : "-";
			bool dup = false;
			for (int k = 0; k < nseen; k++)
				dup |= !strcmp(seen[k], key);
			if (dup)
				continue;
			seen[nseen++] = key;
			const char *cond = NULL;
			if (ndc > 1 || npd > 1)
				cond = arena_printf(
					x->a, "%s%s%s",
					ndc > 1 ? (dcs[i] ? "designed or marketed for datacenters"
							  : "not designed or marketed for datacenters")
						: "",
					ndc > 1 && npd > 1 ? ", " : "",
					npd > 1 ? pd_band(pds[j]) : "");
			bool pd_used = c->tpp < 4800 - EPS && c->tpp >= 1600 - EPS;
			const char *gap = x->gap_tpp ? x->gap_tpp : pd_used ? x->gap_pd : NULL;
			const char *why =
				isnan(c->pd)
					? arena_printf(x->a, "TPP %.0f%s", c->tpp, x->tpp_how)
					: arena_printf(x->a, "TPP %.0f%s, PD %.2f", c->tpp, x->tpp_how, c->pd);
			if (!cls) {
				add_below(x, c,
					  arena_printf(x->a, "%s: not 3A090.a/.b%s", why,
						       c->tpp >= 1600 - EPS && !dcs[i] && tp_class(c->tpp, pds[j], 1)
							       ? " (not designed or marketed for "
								 "datacenters and TPP < 4800)"
							       : ""),
					  cond, gap);
				continue;
			}
			bool b = !strcmp(cls, "b");
			if (b && x->computer && x->in->date < date_parse("2024-04-04")) {
				add(c, "any", NULL,
				    arena_printf(x->a, "%s: its ICs meet 3A090.b", why), cond,
				    "4A090.b did not exist before 2024-04-04; the computer's "
				    "classification then is not decided");
				continue;
			}
			add(c, arena_printf(x->a, "%s,ccl", cls),
			    arena_printf(x->a, "%s.%s", pre, b ? "b" : "a"),
			    arena_printf(x->a, "%s: %s.%s%s", why, pre, b ? "b" : "a",
					 c->tpp >= 4800 - EPS ? " (TPP >= 4800)"
					 : b		     ? " (3A090.b bands)"
							     : " (TPP >= 1600 and PD >= 5.92)"),
			    cond, gap);
		}
	if (c->n > 1)
		c->unknown = ndc > 1 && npd > 1 ? "--datacenter and --die-area"
			     : ndc > 1		 ? "--datacenter"
						 : "--die-area";
}

static void from_params(const struct xitem *it, const struct xinput *in, struct arena *a,
			struct xclass *c)
{
	double hbm = it ? it->hbm_density : in->hbm_density;
	bool is_hbm = it ? !strcmp(it->kind, "hbm") : !isnan(in->hbm_density);
	if (is_hbm) {
		const char *gap = estimated(it, "hbm_density")
					  ? arena_printf(a,
							 "the memory bandwidth density of %s in the "
							 "catalogue is an estimate",
							 it->name)
					  : NULL;
		if (in->date < date_parse("2024-12-02")) {
			add(c, "lowic", NULL,
			    "memory: 3A090.c did not exist before 2024-12-02; other ECCNs (3A991, "
			    "EAR99) are not decided",
			    NULL, NULL);
			return;
		}
		if (hbm > 2 + EPS) {
			hbm_split(in, hbm, a, "hbm,ccl", "3A090.c",
				  arena_printf(a, "memory bandwidth density %.2f GB/s/mm2 > 2: 3A090.c",
					       hbm),
				  gap, c);
			return;
		}
		add(c, "lowic", NULL,
		    arena_printf(a,
				 "memory bandwidth density %.2f GB/s/mm2 <= 2: not 3A090.c; other "
				 "ECCNs are not decided",
				 hbm),
		    NULL, gap);
		return;
	}
	struct tpctx x = {in, it, a, it && !strcmp(it->kind, "computer"), NULL, NULL, ""};
	if (it)
		x.tpp_how = arena_printf(a, " (= %g x %g bits, 2 x MacTOPS x bit length%s)", it->peak,
					 it->bits,
					 !strcmp(it->kind, "computer") ? ", of its most capable IC" : "");
	c->tpp = it ? it->tpp : in->tpp;
	double die = it ? it->die_area : in->die_area;
	if (!isnan(die) && die > 0)
		c->pd = c->tpp / die;
	if (estimated(it, "tpp"))
		x.gap_tpp = arena_printf(a, "the TPP of %s in the catalogue is an estimate (%s)",
					 it->name, it->basis);
	if (estimated(it, "die_area"))
		x.gap_pd = arena_printf(a, "the die area of %s in the catalogue is an estimate (%s)",
					it->name, it->basis);
	if (in->date < date_parse("2023-11-17"))
		tp_2022(&x, c);
	else
		tp_2023(&x, c);
}

int xclassify(const struct xtables *t, const struct xinput *in, struct arena *a,
	      struct xclass *out, struct strbuf *err)
{
	memset(out, 0, sizeof *out);
	out->tpp = out->pd = NAN;
	const struct xitem *it = NULL;
	if (in->item) {
		it = xtables_item(t, in->item);
		if (!it) {
			strbuf_addf(err,
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
		from_params(it, &tmp, a, out);
		return 0;
	}
	add(out, "any", NULL, "no item given", NULL,
	    "the item is not given (--item, --eccn or --tpp): only the requirements for any "
	    "item subject to the EAR were checked");
	return 0;
}
