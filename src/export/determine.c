/*
 * determine.c — one export licence determination: the grounds, the answer,
 * and what was checked, assumed and left undecided.
 *
 * Every input that is not known is enumerated: the item's candidate classes
 * (classify.c), the headquarters class (D5 / A56 / OTHER), the end use, a
 * possible list match, the owner.  Each combination is judged on its own:
 * the requirement rows of data/export/requirements.tsv that match it, its
 * Entity List hits, an is-informed letter.  A combination's answer is
 *   LICENSE-REQUIRED  a CONFIRMED licence requirement applies;
 *   REVIEW            else, a ground is UNCONFIRMED (or the item's class, the
 *                     destination's group rests on an UNCONFIRMED fact);
 *   NOTIFY            else, only licence exceptions NAC/ACA apply;
 *   NO-LICENSE-REQUIRED otherwise.
 * The determination is that answer when every combination agrees, and
 * REVIEW naming the inputs that change it when they do not: so no unknown
 * can ever produce NO-LICENSE-REQUIRED where a value it could take would
 * require a licence.
 */
#include "export/export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const answer_names[] = {"NO-LICENSE-REQUIRED", "NOTIFY", "REVIEW",
					   "LICENSE-REQUIRED"};

const char *xanswer_name(enum xanswer a)
{
	return a < XA__COUNT ? answer_names[a] : "?";
}

int xanswer_from_name(const char *s)
{
	for (int i = 0; i < XA__COUNT; i++)
		if (!strcasecmp(s, answer_names[i]))
			return i;
	if (!strcasecmp(s, "NLR"))
		return XA_NLR;
	if (!strcasecmp(s, "LICENSE"))
		return XA_LICENSE;
	return -1;
}

static const char *const eu_names[] = {"none", "advanced-node-fab", "supercomputer", "sme",
				       "unknown"};

const char *xend_use_name(enum xend_use e)
{
	return e < XEU__COUNT ? eu_names[e] : "?";
}

int xend_use_from_name(const char *s)
{
	for (int i = 0; i < XEU__COUNT; i++)
		if (!strcmp(s, eu_names[i]))
			return i;
	return -1;
}

void xinput_init(struct xinput *in)
{
	memset(in, 0, sizeof *in);
	in->tpp = in->die_area = in->hbm_density = NAN;
	in->datacenter = -1;
	in->end_use = XEU_NONE;
	in->date = date_today();
	in->export_from = "US";
	in->origin_us = 1;
	in->fdp = -1;
}

/* ---- list helpers ---- */

#define PUSH_STR(a, arr, n, cap, s) (*ARENA_PUSH(a, arr, n, cap) = (s))

static void note(struct arena *a, const char ***arr, size_t *n, size_t *cap, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*arr)[i], s))
			return;
	PUSH_STR(a, *arr, *n, *cap, s);
}

#define CHECKED(r, a, s)   note(a, &(r)->checked, &(r)->nchecked, &(r)->capchecked, s)
#define UNKNOWN(r, a, s)   note(a, &(r)->unknowns, &(r)->nunknowns, &(r)->capunknowns, s)
#define ASSUMED(r, a, s)   note(a, &(r)->assumed, &(r)->nassumed, &(r)->capassumed, s)
#define UNDECIDED(r, a, s) note(a, &(r)->not_decided, &(r)->nnot_decided, &(r)->capnot_decided, s)

static bool in_list(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, tok, n))
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* Does any class of the row's item list belong to the candidate's classes? */
static bool item_match(const char *row, const char *cand)
{
	if (in_list(row, "any"))
		return true;
	for (const char *p = row; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char tok[32];
		if (len < sizeof tok) {
			memcpy(tok, p, len);
			tok[len] = 0;
			if (in_list(cand, tok))
				return true;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* ---- one combination ---- */

struct combo {
	const struct xcand *cand;
	const char *hq;
	enum xend_use eu;
	const struct xhits *party; /* the hits that count in this combination */
	bool party_generic;        /* no end user named: assume a listed one */
	const struct xhit *owner;  /* an owner on the Entity List, or NULL */
	bool owner_generic;
	const char *cond;
	const struct xreq *fdp; /* an FDP row making a foreign-made item subject, or NULL */
};

struct ctx {
	const struct xtables *t;
	const struct xinput *in;
	struct arena *a;
	struct xdest dest;
	bool from_us;
	struct xresult *res;
	double tpp, dram_bw; /* of the item, NAN when not known */
	const struct xitem *item; /* the catalogue part, or NULL */
	const char *unscreened;   /* why the end user named could not be screened */
};

struct glist {
	struct xground *g;
	size_t n, cap;
};

static bool dest_match(const struct ctx *x, const struct combo *c, const char *tok)
{
	const struct xdest *d = &x->dest;
	if (!strcmp(tok, "ANY"))
		return true;
	if (!strcmp(tok, "CN"))
		return d->cn;
	if (!strcmp(tok, "MO"))
		return d->mo;
	if (!strcmp(tok, "D5X"))
		return d->d5 && !d->cn;
	if (!strcmp(tok, "D1D4"))
		return (d->d1 || d->d4) && !d->a5 && !d->a6 && !d->d5 && !d->mo;
	if (!strcmp(tok, "HQ"))
		return !strcmp(c->hq, "D5");
	if (!strcmp(tok, "HQX")) /* headquartered in Macau/D:5, shipped outside China/Macau */
		return !strcmp(c->hq, "D5") && !d->cn && !d->mo;
	if (!strcmp(tok, "REST"))
		return !d->cn && !d->mo && !d->d5;
	if (!strcmp(tok, "EMB"))
		return d->emb;
	if (!strcmp(tok, "AE"))
		return d->ae;
	if (!strcmp(tok, "OWNEREL"))
		return c->owner || c->owner_generic;
	return false;
}

static bool row_applies(const struct ctx *x, const struct combo *c, const struct xreq *r)
{
	day_t day = x->in->date;
	if (day < r->from || (r->to && day > r->to) || !item_match(r->item, c->cand->classes))
		return false;
	if (strcmp(r->end_use, "-") && strcmp(r->end_use, xend_use_name(c->eu)))
		return false;
	if (strcmp(r->hq, "-")) {
		bool ok =
			!strcmp(r->hq, "notD5") ? strcmp(c->hq, "D5") != 0 : !strcmp(r->hq, c->hq);
		if (!ok)
			return false;
	}
	bool ict = !strcmp(x->in->export_from, x->dest.cc);
	if ((!strcmp(r->from_cc, "US") && !x->from_us) || (!strcmp(r->from_cc, "nonUS") && x->from_us) ||
	    (!strcmp(r->from_cc, "ICT") && !ict) || (!strcmp(r->from_cc, "notICT") && ict))
		return false;
	char buf[128];
	snprintf(buf, sizeof buf, "%s", r->dest);
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (dest_match(x, c, tok))
			return true;
	return false;
}

static const char *rule_citation(const struct ctx *x, const char *id)
{
	const struct xrule *r = xtables_rule(x->t, id);
	if (!r)
		return id;
	if (!strcmp(r->effective, "-"))
		return arena_printf(x->a, "%s (%s; dates not seen)", r->citation, r->url);
	return arena_printf(x->a, "%s (effective %s) %s", r->citation, r->effective, r->url);
}

static struct xground *add_ground(const struct ctx *x, struct glist *gl, const char *id,
				  enum xanswer ans, bool confirmed)
{
	struct xground *g = ARENA_PUSH(x->a, gl->g, gl->n, gl->cap);
	memset(g, 0, sizeof *g);
	g->id = id;
	g->answer = ans;
	g->confirmed = confirmed;
	g->exceptions = "none";
	g->review_policy = "-";
	return g;
}

/* Foreign-made items are subject to the EAR only by de minimis or an FDP
 * rule, which the tool does not decide: such a ground cannot bind. */
static void foreign_downgrade(const struct ctx *x, const struct combo *c, struct xground *g)
{
	if (x->in->origin_us)
		return;
	if (c->fdp && c->fdp->confirmed) {
		g->why = arena_printf(x->a,
				      "%s -- foreign-made, but a direct product of US technology or "
				      "software: subject to the EAR by %s (%s)",
				      g->why, c->fdp->provision, rule_citation(x, c->fdp->rule));
		return;
	}
	g->confirmed = false;
	if (c->fdp) {
		g->why = arena_printf(x->a, "%s -- if %s reaches the foreign-made item: UNCONFIRMED: %s",
				      g->why, c->fdp->provision, c->fdp->why);
		return;
	}
	g->why = arena_printf(x->a,
			      "%s -- if the foreign-made item is subject to the EAR (US content "
			      "above de minimis, § 734.4, or a foreign direct product, § 734.9): "
			      "not decided by the tool",
			      g->why);
}

/* v as a limit's line shows it: whole, with decimals while rounding would
 * reach the limit v is under (20999.6 is not "21000 < 21000"). */
static const char *shown_limit(const struct ctx *x, const struct xlimit *l, double v)
{
	if (!strcmp(l->parameter, "tpp"))
		return xshow(x->t, x->in->date, 't', v, 0, x->a);
	char buf[64];
	int d = 0;
	do
		snprintf(buf, sizeof buf, "%.*f", d, v);
	while (v < l->max && strtod(buf, NULL) >= l->max && ++d <= 6);
	return arena_strdup(x->a, buf);
}

/* The review policy of row r for this item, under data/export/policy-limits.tsv. */
static const char *limited_policy(const struct ctx *x, const struct xreq *r)
{
	const char *policy = r->policy;
	struct strbuf why = STRBUF_INIT;
	bool over = false;
	for (size_t i = 0; i < x->t->nlimits && !over; i++) {
		const struct xlimit *l = &x->t->limits[i];
		if (strcmp(l->id, r->id))
			continue;
		double v = !strcmp(l->parameter, "tpp") ? x->tpp : x->dram_bw;
		const char *est = xitem_estimated(x->item, l->parameter)
					  ? " (a catalogue estimate: UNCONFIRMED)"
					  : "";
		if (isnan(v))
			strbuf_addf(&why, "%s%s not known (the policy needs it below %.0f)",
				    why.len ? "; " : "", l->parameter, l->max);
		else if (v >= l->max) {
			policy = *est ? arena_printf(x->a, "%s [%s %s%s]", l->otherwise,
						     l->parameter, shown_limit(x, l, v), est)
				      : l->otherwise;
			over = true;
		} else
			strbuf_addf(&why, "%s%s %s < %.0f%s", why.len ? "; " : "", l->parameter,
				    shown_limit(x, l, v), l->max, est);
	}
	if (!over && why.len)
		policy = arena_printf(x->a, "%s [%s]", policy, why.buf);
	strbuf_release(&why);
	return policy;
}

static void req_grounds(const struct ctx *x, const struct combo *c, struct glist *gl)
{
	for (size_t i = 0; i < x->t->nreqs; i++) {
		const struct xreq *r = &x->t->reqs[i];
		if (!row_applies(x, c, r))
			continue;
		if (r->answer == XR_FDP)
			continue; /* found by judge(): it qualifies the other rows */
		if (r->answer == XR_NOT_ENFORCED) {
			CHECKED(x->res, x->a,
				arena_printf(x->a, "not applied: %s (%s) -- %s", r->provision,
					     rule_citation(x, r->rule), r->why));
			continue;
		}
		enum xanswer ans = r->answer == XR_LICENSE  ? XA_LICENSE
				   : r->answer == XR_NOTIFY ? XA_NOTIFY
							    : XA_REVIEW;
		struct xground *g = add_ground(x, gl, r->id, ans, r->confirmed);
		g->provision = r->provision;
		g->citation = rule_citation(x, r->rule);
		g->review_policy = limited_policy(x, r);
		g->exceptions = r->exceptions;
		g->why = r->confirmed ? r->why : arena_printf(x->a, "UNCONFIRMED: %s", r->why);
		/* a row reached through a country-group membership that is itself
		 * UNCONFIRMED on this date cannot bind */
		if (x->dest.uncertain && g->confirmed &&
		    (strstr(r->dest, "D5X") || strstr(r->dest, "D1D4") ||
		     strstr(r->dest, "REST"))) {
			g->confirmed = false;
			g->why = arena_printf(x->a, "%s -- UNCONFIRMED: %s's group membership (%s)",
					      g->why, x->dest.cc, x->dest.uncertain_why);
		}
		/* a ground that rests on the item's class cannot bind when the class
		 * rests on an estimate or an UNCONFIRMED reading (rows for any item,
		 * the Entity List and end-use rows, still do) */
		if (c->cand->gap && g->confirmed && !in_list(r->item, "any")) {
			g->confirmed = false;
			g->why = arena_printf(x->a, "%s -- UNCONFIRMED: %s", g->why, c->cand->gap);
		}
		if (!strcmp(r->id, "aff-2025") || !strcmp(r->id, "aff-back")) {
			const char *who = c->owner ? c->owner->listed_name : "an Entity List party";
			g->why = arena_printf(x->a, "%s (owner: %s)", g->why, who);
			if (c->owner && c->owner->policy)
				g->review_policy = arena_printf(x->a, "%s: %s", g->review_policy,
								c->owner->policy);
		}
		foreign_downgrade(x, c, g);
	}
}

static bool sme_item(const char *classes)
{
	return in_list(classes, "sme5") || in_list(classes, "smew") || in_list(classes, "sme993") ||
	       in_list(classes, "ns2");
}

static void el_ground(const struct ctx *x, const struct combo *c, const struct xhit *h,
		      const char *who, struct glist *gl)
{
	day_t day = x->in->date;
	char d1[11], d2[11];
	if (h->listed && day < h->listed) {
		if (h->maybe_from && day >= h->maybe_from) {
			struct xground *g = add_ground(x, gl, "el-date", XA_REVIEW, false);
			g->provision =
				arena_printf(x->a, "§ 744.11; Entity List: %s", h->listed_name);
			g->citation = h->citation;
			g->why = arena_printf(x->a,
					      "UNCONFIRMED: %s matches %s, whose Entity List "
					      "listing is confirmed from %s only; from %s it may be "
					      "listed, or on another BIS list, whose consequences "
					      "are not decided (%s)",
					      who, h->listed_name, date_format(h->listed, d1),
					      date_format(h->maybe_from, d2),
					      h->citation ? h->citation : "-");
			return;
		}
		CHECKED(x->res, x->a,
			arena_printf(x->a, "%s matches %s, not yet listed on %s (listed %s)", who,
				     h->listed_name, date_format(day, d1),
				     date_format(h->listed, d2)));
		return;
	}
	bool fn = h->footnote && (!h->fn_from || day >= h->fn_from);
	struct xground *g = add_ground(x, gl, "el", XA_LICENSE, true);
	g->provision = arena_printf(
		x->a, "§ 744.11; Entity List: %s%s", h->listed_name,
		!fn                ? ""
		: h->footnote == 1 ? " (footnote 1: foreign direct product rule § 734.9(e)(1))"
		: h->footnote == 4 ? " (footnote 4: foreign direct product rule § 734.9(e)(2))"
				   : " (footnote 5: foreign direct product rule § 734.9(e)(3))");
	g->citation = h->citation ? h->citation : "-";
	g->review_policy = h->policy ? h->policy : "see the Entity List entry";
	g->exceptions = "none (§ 744.16: no licence exceptions for Entity List parties)";
	g->why = arena_printf(x->a, "%s matches '%s' (score %.2f, %s list) -- %s", who,
			      h->listed_name, h->score, h->source_db,
			      h->requirement ? h->requirement : "all items subject to the EAR");
	if (x->in->origin_us)
		return;
	if (fn && x->in->fdp == 1) {
		/* reached by the entry's FDP rule, whatever the US content */
		if (h->footnote == 5 && !sme_item(c->cand->classes)) {
			g->confirmed = false;
			g->why = arena_printf(x->a,
					      "%s -- UNCONFIRMED: the footnote 5 FDP product scope "
					      "beyond SME (3B) items",
					      g->why);
		} else
			g->why = arena_printf(
				x->a,
				"%s -- foreign-made, but a direct product of US "
				"technology or software: subject to the EAR by § 734.9(e)",
				g->why);
		return;
	}
	foreign_downgrade(x, c, g);
}

static void other_list_ground(const struct ctx *x, const struct combo *c, const struct xhit *h,
			      const char *who, struct glist *gl)
{
	if (!strcmp(h->verdict, "INFO") || !strcmp(h->verdict, "CLEAR")) {
		CHECKED(x->res, x->a,
			arena_printf(x->a, "%s matches '%s' (%s): no export licence consequence",
				     who, h->listed_name, h->list));
		return;
	}
	bool lic = !strcmp(h->verdict, "PROHIBITED") || !strcmp(h->verdict, "LICENSE");
	bool uvl = !strcmp(h->list, "UVL") || !strcmp(h->list, "MEU");
	struct xground *g =
		add_ground(x, gl, "list", lic && !uvl ? XA_LICENSE : XA_REVIEW, lic && !uvl);
	g->provision = arena_printf(x->a, "%s list entry: %s", h->list, h->listed_name);
	g->citation = h->citation ? h->citation : "-";
	g->review_policy = h->policy ? h->policy : "-";
	g->why = arena_printf(
		x->a, "%s matches '%s' (score %.2f, %s): %s%s", who, h->listed_name, h->score,
		h->list, h->verdict,
		uvl ? " -- the consequences of the Unverified List (§ 744.15) and the military "
		      "end-user list (§ 744.21) depend on the item and are not modelled"
		    : "");
	foreign_downgrade(x, c, g);
}

static void party_grounds(const struct ctx *x, const struct combo *c, struct glist *gl)
{
	const char *who =
		arena_printf(x->a, "end user '%s'", x->in->end_user ? x->in->end_user : "");
	if (c->party_generic) {
		struct xground *g = add_ground(x, gl, "el-unnamed", XA_LICENSE, true);
		g->provision = "§ 744.11 (Entity List)";
		g->citation = "15 CFR 744 Supp. 4";
		g->review_policy = "per the entry";
		g->exceptions = "none (§ 744.16)";
		g->why = x->unscreened
				 ? arena_printf(x->a,
						"the end user '%s' could not be screened (%s): it "
						"could be an Entity List party",
						x->in->end_user, x->unscreened)
				 : "the end user is not named (--end-user): it could be an Entity "
				   "List party";
		return;
	}
	for (int i = 0; c->party && i < c->party->n; i++) {
		const struct xhit *h = &c->party->h[i];
		if (h->ear_list && !strcmp(h->list, "EL"))
			el_ground(x, c, h, who, gl);
		else
			other_list_ground(x, c, h, who, gl);
	}
}

static void informed_ground(const struct ctx *x, struct glist *gl)
{
	if (!x->in->informed)
		return;
	struct xground *g = add_ground(x, gl, "informed", XA_LICENSE, true);
	g->provision =
		"is-informed notice from BIS (§ 744.21-744.23 \"is informed\" letters), entered "
		"with --informed";
	g->citation = x->in->informed;
	g->review_policy = "as the letter says";
	g->why = "a licence requirement imposed by a letter to the exporter, which no published "
		 "rule shows";
}

/* Does this candidate use a destination group at all (an EAR99 or AT item
 * to a destination outside Part 746 does not)? */
static bool uses_groups(const char *classes)
{
	static const char *const g[] = {"adc",  "andc",   "b",    "hbm", "hbmlo", "sme5",
					"smew", "sme993", "ac22", "any", "zu"};
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
		if (in_list(classes, g[i]))
			return true;
	return false;
}

static enum xanswer judge(const struct ctx *x, struct combo *c, struct glist *gl)
{
	for (size_t i = 0; !x->in->origin_us && x->in->fdp == 1 && !c->fdp && i < x->t->nreqs; i++)
		if (x->t->reqs[i].answer == XR_FDP && row_applies(x, c, &x->t->reqs[i]))
			c->fdp = &x->t->reqs[i];
	if (c->fdp)
		CHECKED(x->res, x->a,
			arena_printf(x->a, "foreign direct product: %s (%s)%s -- %s", c->fdp->provision,
				     rule_citation(x, c->fdp->rule),
				     c->fdp->confirmed ? "" : " UNCONFIRMED", c->fdp->why));
	req_grounds(x, c, gl);
	party_grounds(x, c, gl);
	informed_ground(x, gl);
	bool lic = false, rev = false, notify = false;
	for (size_t i = 0; i < gl->n; i++) {
		const struct xground *g = &gl->g[i];
		if (g->answer == XA_LICENSE && g->confirmed)
			lic = true;
		else if (g->answer == XA_NOTIFY && g->confirmed)
			notify = true;
		else
			rev = true;
	}
	if (lic)
		return XA_LICENSE;
	if (rev || c->cand->gap || (x->dest.uncertain && uses_groups(c->cand->classes)))
		return XA_REVIEW;
	return notify ? XA_NOTIFY : XA_NLR;
}

/* ---- the enumeration ---- */

struct dims {
	const struct xcand *cand[XCAND_MAX];
	int ncand;
	const char *hq[3];
	int nhq;
	enum xend_use eu[4];
	int neu;
	struct xhits party[2];
	bool party_generic[2];
	int nparty;
	const struct xhit *owner[2];
	bool owner_generic[2];
	int nowner;
	struct xhits owner_hits;
};

static const char *hq_label(const char *hq)
{
	return !strcmp(hq, "D5")    ? "end user or parent headquartered in Macau or D:5"
	       : !strcmp(hq, "A56") ? "end user and parent headquartered in the US, A:5 or A:6"
				    : "end user or parent headquartered elsewhere";
}

static int hq_dims(const struct ctx *x, struct dims *d)
{
	const struct xinput *in = x->in;
	const char *eu = in->end_user_hq ? xhq_class(x->t, in->end_user_hq, in->date) : NULL;
	bool no_parent = in->parent_hq && !strcmp(in->parent_hq, "none");
	const char *pa =
		in->parent_hq && !no_parent ? xhq_class(x->t, in->parent_hq, in->date) : NULL;
	if ((eu && !strcmp(eu, "D5")) || (pa && !strcmp(pa, "D5"))) {
		d->hq[d->nhq++] = "D5";
		return 0;
	}
	if (eu && (pa || no_parent)) {
		d->hq[d->nhq++] =
			!strcmp(eu, "A56") && (!pa || !strcmp(pa, "A56")) ? "A56" : "OTHER";
		return 0;
	}
	d->hq[d->nhq++] = "D5";
	d->hq[d->nhq++] = "A56";
	d->hq[d->nhq++] = "OTHER";
	return 1;
}

static void party_dims(struct ctx *x, struct xscreen *s, struct dims *d)
{
	const struct xinput *in = x->in;
	/* a name with nothing to screen on ("Co., Ltd.") is as good as none:
	 * "screened, no match" would clear an unknown end user */
	if (in->end_user)
		x->unscreened = xscreen_unsearchable(in->end_user);
	if (!in->end_user || x->unscreened) {
		d->nparty = 2;
		d->party_generic[1] = true;
		return;
	}
	struct xhits all;
	xscreen_name(s, in->end_user, x->a, &all);
	struct xhits *sure = &d->party[0], *maybe = &d->party[1];
	bool any_uncertain = false, any_certain = false;
	for (int i = 0; i < all.n; i++)
		any_certain |= all.h[i].certain;
	/* a name that matches a listed name exactly names that entry: its weaker
	 * resemblance to sibling entries ("SMIC" vs "SMIC (Beijing)") is not a
	 * second possible match */
	if (any_certain) {
		int k = 0;
		for (int i = 0; i < all.n; i++)
			if (all.h[i].certain)
				all.h[k++] = all.h[i];
		all.n = k;
	}
	for (int i = 0; i < all.n; i++) {
		if (all.h[i].certain)
			sure->h[sure->n++] = all.h[i];
		else
			any_uncertain = true;
		maybe->h[maybe->n++] = all.h[i];
	}
	d->nparty = any_uncertain ? 2 : 1;
	const char *cov =
		s ? arena_printf(x->a, "%zu bundled Entity List entries%s", xscreen_size(s, true),
				 xscreen_size(s, false)
					 ? arena_printf(x->a, " and %zu imported list entries",
							xscreen_size(s, false))
					 : "")
		  : "";
	if (!all.n)
		CHECKED(x->res, x->a,
			arena_printf(x->a,
				     "end user '%s' screened against %s: no match at 0.85 or above",
				     in->end_user, cov));
	for (int i = 0; i < all.n; i++)
		CHECKED(x->res, x->a,
			arena_printf(x->a,
				     "end user '%s' screened against %s: %s '%s' (%s, score %.2f)",
				     in->end_user, cov,
				     all.h[i].certain ? "matches" : "possible match (confirm)",
				     all.h[i].listed_name, all.h[i].list, all.h[i].score));
}

static void owner_dims(struct ctx *x, struct xscreen *s, struct dims *d)
{
	const struct xinput *in = x->in;
	d->nowner = 1;
	if (!in->owner)
		return;
	if (!strcmp(in->owner, "unknown")) {
		d->nowner = 2;
		d->owner_generic[1] = true;
		return;
	}
	xscreen_name(s, in->owner, x->a, &d->owner_hits);
	for (int i = 0; i < d->owner_hits.n; i++) {
		const struct xhit *h = &d->owner_hits.h[i];
		if (!h->ear_list || strcmp(h->list, "EL"))
			continue;
		/* an owner not yet listed on the date is no listed owner; one whose
		 * listing date is UNCONFIRMED may be */
		bool sure_listed = !h->listed || in->date >= h->listed;
		if (!sure_listed && !(h->maybe_from && in->date >= h->maybe_from))
			continue;
		if (h->certain && sure_listed) {
			d->owner[0] = h;
			d->nowner = 1;
			return;
		}
		d->owner[1] = h;
		d->nowner = 2;
	}
	if (!d->owner[0] && !d->owner[1])
		CHECKED(x->res, x->a,
			arena_printf(x->a, "owner '%s' screened: not on the Entity List",
				     in->owner));
}

static const char *combo_cond(const struct ctx *x, const struct dims *d, const struct combo *c)
{
	struct strbuf b = STRBUF_INIT;
	if (d->ncand > 1 && c->cand->cond)
		strbuf_addstr(&b, c->cand->cond);
	if (d->nhq > 1)
		strbuf_addf(&b, "%s%s", b.len ? "; " : "", hq_label(c->hq));
	if (d->neu > 1)
		strbuf_addf(&b, "%send use %s", b.len ? "; " : "", xend_use_name(c->eu));
	if (d->nparty > 1)
		strbuf_addf(&b, "%s%s", b.len ? "; " : "",
			    c->party_generic           ? "the end user is an Entity List party"
			    : c->party == &d->party[1] ? "the possible list match is the end user"
						       : "the end user is not listed");
	if (d->nowner > 1)
		strbuf_addf(&b, "%s%s", b.len ? "; " : "",
			    c->owner || c->owner_generic ? "owned >= 50 % by an Entity List party"
							 : "not owned by a listed party");
	const char *r = b.len ? arena_strdup(x->a, b.buf) : NULL;
	strbuf_release(&b);
	return r;
}

struct seen_ground {
	struct xground g;
	size_t count;
	const char *cond;
};

static bool same_ground(const struct xground *a, const struct xground *b)
{
	return !strcmp(a->provision, b->provision) && !strcmp(a->why, b->why) &&
	       !strcmp(a->review_policy, b->review_policy) && !strcmp(a->citation, b->citation);
}

static void merge(struct ctx *x, struct seen_ground **seen, size_t *n, size_t *cap,
		  const struct glist *gl, const char *cond)
{
	for (size_t i = 0; i < gl->n; i++) {
		size_t k = 0;
		while (k < *n && !same_ground(&(*seen)[k].g, &gl->g[i]))
			k++;
		if (k == *n) {
			struct seen_ground *sg = ARENA_PUSH(x->a, *seen, *n, *cap);
			sg->g = gl->g[i];
			sg->count = 0;
			sg->cond = cond;
		}
		(*seen)[k].count++;
	}
}

static void describe_inputs(struct ctx *x, const struct xclass *cl)
{
	struct xresult *r = x->res;
	struct arena *a = x->a;
	const struct xinput *in = x->in;
	char d[11];
	for (int i = 0; i < cl->n; i++)
		CHECKED(r, a,
			arena_printf(a, "classification: %s%s%s", cl->c[i].why,
				     cl->c[i].cond ? " -- if " : "",
				     cl->c[i].cond ? cl->c[i].cond : ""));
	CHECKED(r, a,
		arena_printf(a, "destination %s on %s: %s%s", x->dest.cc, date_format(in->date, d),
			     x->dest.groups[0] ? x->dest.groups
					       : "not in D:1, D:4, D:5, A:5 or A:6",
			     x->dest.mo                  ? " (Macau, named beside D:5)"
			     : !strcmp(x->dest.cc, "HK") ? " (Hong Kong is China, 85 FR 83765)"
							 : ""));
	if (in->end_user_hq || in->parent_hq)
		CHECKED(r, a,
			arena_printf(a, "headquarters: end user %s, ultimate parent %s",
				     in->end_user_hq ? in->end_user_hq : "not given",
				     in->parent_hq ? in->parent_hq : "not given"));
	CHECKED(r, a, arena_printf(a, "exported from %s", in->export_from));
	if (in->date > date_parse(XDATE_FACTS))
		CHECKED(r, a,
			arena_printf(
				a,
				"the bundled rules cover texts up to %s: later changes are not "
				"known to the tool",
				XDATE_FACTS));
	if (in->origin_us)
		ASSUMED(r, a,
			"the item is subject to the EAR: a US-origin item exported from the "
			"United States (--origin foreign changes this)");
	else
		ASSUMED(r, a,
			in->fdp == 1 ? "a foreign-made item that is the direct product of US "
				       "technology or software (--fdp yes)"
				     : "a foreign-made item: whether it is subject to the EAR "
				       "(de minimis, foreign direct product) is not decided");
	if (!in->end_use_given)
		ASSUMED(r, a,
			"no end use known (--end-use none): the § 744.23 end-use controls "
			"apply when the exporter knows of an advanced-node fab, supercomputer "
			"or SME end use");
	if (!in->owner)
		ASSUMED(r, a,
			"no owner of >= 50 % entered (--owner): the affiliates rule "
			"(90 FR 47201) was not checked");
	if (!in->informed)
		UNDECIDED(r, a, "is-informed letters: none entered (--informed)");
	if (in->date >= date_parse("2025-01-16"))
		UNDECIDED(r, a,
			  "Note 1 to 3A090.a (90 FR 5298, from 2025-01-16, compliance "
			  "2025-01-31): a front-end fabricator or OSAT exporting an applicable "
			  "advanced logic IC (16/14 nm or below, or non-planar transistors) must "
			  "presume it 3A090.a and datacenter unless the designer is approved or "
			  "authorized or the transistor-count attestation applies -- whether you "
			  "are one is not an input");
	UNDECIDED(r, a,
		  "classification of SME beyond the ECCN paragraph given, and of items "
		  "below 3A090 other than 3A991.p");
	UNDECIDED(r, a,
		  "U.S.-person support controls (§ 744.6), de minimis and foreign direct "
		  "product rules beyond --origin/--fdp, Part 746 embargoes, Validated End-User "
		  "authorizations");
	UNDECIDED(r, a,
		  "other end-use and end-user controls of Part 744 (military end use or end "
		  "users, § 744.21; nuclear, missile, chemical and biological end uses, "
		  "§§ 744.2-744.4) and the Unverified List (§ 744.15) beyond the parties "
		  "named");
}

static void set_eccn(struct ctx *x, const struct xclass *cl)
{
	struct xresult *r = x->res;
	r->tpp = cl->tpp;
	r->pd = cl->pd;
	r->tpp_shown = xshow(x->t, x->in->date, 't', cl->tpp, 0, x->a);
	r->pd_shown = xshow(x->t, x->in->date, 'p', cl->pd, 2, x->a);
	const char *e = cl->n ? cl->c[0].eccn : NULL;
	for (int i = 1; i < cl->n; i++)
		if (!e || !cl->c[i].eccn || strcmp(e, cl->c[i].eccn))
			e = NULL;
	r->eccn = e;
	r->eccn_why = cl->n == 1 ? cl->c[0].why
		      : e ? arena_printf(x->a, "%s (the licence rows depend on %s)", cl->c[0].why,
					 cl->unknown)
			  : arena_printf(x->a, "depends on %s", cl->unknown);
}

static void dim_unknowns(struct ctx *x, const struct dims *d, const enum xanswer *ans, const int *n,
			 const struct xclass *cl)
{
	static const char *const names[5] = {NULL, "--end-user-hq / --parent-hq (headquarters)",
					     "--end-use", NULL, "--owner"};
	int stride[5];
	stride[4] = 1;
	for (int k = 3; k >= 0; k--)
		stride[k] = stride[k + 1] * n[k + 1];
	int total = stride[0] * n[0];
	for (int k = 0; k < 5; k++) {
		if (n[k] < 2)
			continue;
		bool matters = false;
		for (int i = 0; i < total && !matters; i++) {
			int base = i - ((i / stride[k]) % n[k]) * stride[k];
			matters = ans[i] != ans[base];
		}
		if (!matters)
			continue;
		const char *what = names[k];
		if (k == 0)
			what = cl->unknown ? cl->unknown : "the item's classification";
		if (k == 3)
			what = x->unscreened ? arena_printf(x->a,
							    "--end-user '%s': %s, so not screened",
							    x->in->end_user, x->unscreened)
			       : x->in->end_user
				       ? arena_printf(x->a,
						      "a possible list match for '%s' (confirm "
						      "or rule it out)",
						      x->in->end_user)
				       : "--end-user (the end user is not named, so not screened)";
		UNKNOWN(x->res, x->a, what);
	}
}

static void gaps(struct ctx *x, const struct dims *d, const struct seen_ground *seen, size_t ns)
{
	for (int i = 0; i < d->ncand; i++)
		if (d->cand[i]->gap)
			UNKNOWN(x->res, x->a, d->cand[i]->gap);
	if (x->dest.uncertain)
		UNKNOWN(x->res, x->a,
			arena_printf(x->a, "country group membership of %s on this date: %s",
				     x->dest.cc, x->dest.uncertain_why));
	for (size_t i = 0; i < ns; i++)
		if (!seen[i].g.confirmed && seen[i].g.answer != XA_NLR)
			UNKNOWN(x->res, x->a, seen[i].g.why);
}

int xdetermine(const struct xtables *t, struct xscreen *s, const struct xinput *in, struct arena *a,
	       struct xresult *res, struct strbuf *err)
{
	memset(res, 0, sizeof *res);
	res->tpp = res->pd = NAN;
	res->ref = in->ref;
	if (in->date < date_parse(XDATE_FIRST)) {
		strbuf_addf(err,
			    "--date: the bundled rules start on %s (87 FR 62186); earlier "
			    "dates are not modelled",
			    XDATE_FIRST);
		return -1;
	}
	struct ctx x;
	memset(&x, 0, sizeof x);
	x.t = t;
	x.in = in;
	x.a = a;
	x.from_us = !strcmp(in->export_from, "US");
	x.res = res;
	struct xclass cl;
	if (xclassify(t, in, a, &cl, err) < 0)
		return -1;
	xdest_place(t, in->destination, in->date, &x.dest);
	set_eccn(&x, &cl);
	x.tpp = cl.tpp;
	x.dram_bw = cl.item ? cl.item->dram_bw : NAN;
	x.item = cl.item;

	struct dims d;
	memset(&d, 0, sizeof d);
	for (int i = 0; i < cl.n; i++)
		d.cand[d.ncand++] = &cl.c[i];
	hq_dims(&x, &d);
	if (in->end_use == XEU_UNKNOWN) {
		for (int i = 0; i < 4; i++)
			d.eu[d.neu++] = (enum xend_use)i;
	} else
		d.eu[d.neu++] = in->end_use;
	party_dims(&x, s, &d);
	owner_dims(&x, s, &d);
	describe_inputs(&x, &cl);
	if (!s || !xscreen_size(s, false))
		UNDECIDED(res, a,
			  "screening against the full Entity List and the other Consolidated "
			  "Screening List lists: only the parties the bundled rules name were "
			  "screened (import the lists with `chipscreen lists import` and give "
			  "--db)");

	int n[5] = {d.ncand, d.nhq, d.neu, d.nparty, d.nowner};
	int total = n[0] * n[1] * n[2] * n[3] * n[4];
	enum xanswer *ans = arena_calloc(a, (size_t)total, sizeof *ans);
	struct seen_ground *seen = NULL;
	size_t nseen = 0, capseen = 0;
	int idx = 0;
	for (int i0 = 0; i0 < n[0]; i0++)
		for (int i1 = 0; i1 < n[1]; i1++)
			for (int i2 = 0; i2 < n[2]; i2++)
				for (int i3 = 0; i3 < n[3]; i3++)
					for (int i4 = 0; i4 < n[4]; i4++, idx++) {
						struct combo c = {d.cand[i0],
								  d.hq[i1],
								  d.eu[i2],
								  &d.party[i3],
								  d.party_generic[i3],
								  d.owner[i4],
								  d.owner_generic[i4],
								  NULL,
								  NULL};
						c.cond = combo_cond(&x, &d, &c);
						struct glist gl = {0};
						ans[idx] = judge(&x, &c, &gl);
						merge(&x, &seen, &nseen, &capseen, &gl, c.cond);
					}
	enum xanswer final = ans[0];
	for (int i = 1; i < total; i++)
		if (ans[i] != final)
			final = XA_REVIEW;
	res->answer = final;
	if (final == XA_REVIEW) {
		dim_unknowns(&x, &d, ans, n, &cl);
		gaps(&x, &d, seen, nseen);
	}
	for (size_t i = 0; i < nseen; i++) {
		struct xground *g = ARENA_PUSH(a, res->grounds, res->ngrounds, res->capgrounds);
		*g = seen[i].g;
		if (seen[i].count < (size_t)total && seen[i].cond)
			g->why = arena_printf(a, "if %s: %s", seen[i].cond, g->why);
	}
	if (final == XA_REVIEW && !res->nunknowns)
		UNKNOWN(res, a, "the answers under the unknown inputs differ");
	return 0;
}
