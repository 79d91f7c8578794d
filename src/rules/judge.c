/*
 * judge.c — verdicts.
 *
 * For one component and one rule:
 *
 *   1. match a party: the maker, then the chip maker, then any conflicting
 *      attribution signal, through kb_org_relation() as of the part's
 *      acquisition (or manufacturing) date, so that brands that changed hands
 *      resolve to the owner of the day.  The finding's relation names the
 *      brand behind the maker (ZhiTai is YMTC's) and the link from the maker
 *      to the party the measure names, with its confidence;
 *   2. no profile: INFO (the exposure view).  A rule that does not bind the
 *      profile: INFO.  Export and listing rules: INFO, always;
 *   3. otherwise each restriction gives a verdict as of the date (purchase →
 *      PROHIBITED or NO-NEW-PURCHASE by acquisition date; use → REMOVE-BY
 *      until its deadline, PROHIBITED after; ...) and the worst wins;
 *   4. what the tool cannot decide turns a binding verdict into REVIEW, naming
 *      the verdict it would be: a weak attribution, an affiliate the measure
 *      does not name, a link to the party that the facts mark unconfirmed
 *      (HiSilicon to Huawei), a chip inside another maker's part when the measure's
 *      wording does not say it reaches components, an unknown product class,
 *      purpose or network part, an unverified rule.  What is decidedly out of
 *      the measure (another product class, a declared purpose outside its
 *      limb) turns it into INFO.
 *
 * Every finding also gets a brief (a few words) when it is INFO, for the
 * table's compact listing: whom the measure binds, or why it does not bite.
 *
 * Attributions are read only: identify gives identical parts one shared
 * attribution.  Everything written into a finding is copied into the
 * inventory's arena.
 */
#include "rules/judge.h"
#include "identify/kb.h"
#include "partdate.h"
#include "util/date.h"
#include "util/suggest.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* When the part was acquired, and what says so. */
struct acq {
	day_t day;             /* known acquisition date; 0 unknown */
	const char *basis;     /* "2024-01-01 (purchase record: po.csv)" */
	day_t made;            /* manufacturing date: a day, or the Monday of its ISO week */
	const char *made_text; /* "2024-W07 (manufacture_date, spd/0-0050)" */
	const char *note;      /* why some evidence was not used */
	day_t seen;            /* acquired by then: collected, or first seen by the fleet */
	const char *seen_text; /* "2026-06-02T10:00:00Z (collected by ...)", or the day */
	bool seen_fleet;       /* seen is the fleet's first sight of the part */
};

/* One evaluation of one rule for one matched party. */
struct outcome {
	enum verdict v;
	bool binding;
	const struct restriction *x;
	day_t effective, deadline;
	const char *acquired;
	const char *brief; /* for INFO: a few words (arena) */
	struct strbuf reason;
};

struct match {
	const struct party *p;
	const struct maker *m; /* NULL for a conflict signal */
	const struct evidence *conflict;
	const char *via;         /* "maker", "chip_maker", "conflict" */
	const char *how;         /* the link to the party (kb_org_relation), NULL for itself */
	struct org_relation rel; /* that link, with its confidence */
	bool affiliate_only;     /* matched only as an affiliate the measure does not name */
};

static const char *fmt_day(day_t d, char *buf)
{
	return date_format(d, buf);
}

/* ---------------------------------------------------------------------- */
/* Acquisition                                                             */

/* The part's dates, as every stage reads them (partdate.h). */
static void find_acq(const struct judge_opts *o, struct arena *a, const struct component *c,
		     struct acq *q)
{
	struct part_date pd;
	part_date(c, o->acquired, o->date, a, &pd);
	memset(q, 0, sizeof *q);
	q->day = pd.acquired;
	q->basis = pd.acq_text;
	q->made = pd.made;
	q->made_text = pd.made_text;
	q->note = pd.note;
	if (pd.seen) {
		q->seen = pd.seen;
		q->seen_text = arena_strdup(a, fmt_day(pd.seen, (char[16]){0}));
		q->seen_fleet = true;
	}
}

/* The collection date bounds the acquisition: a part in an inventory
 * collected (or captured) on a day was acquired by that day. */
static void find_seen(struct arena *a, const struct inventory *inv, struct acq *q)
{
	day_t d = part_seen_by(inv);
	if (!d || (q->seen && q->seen <= d))
		return; /* the fleet saw it earlier */
	q->seen = d;
	q->seen_fleet = false;
	q->seen_text = arena_printf(a, "%s (%s)", inv->host.collected_at,
				    inv->host.collector ? inv->host.collector : "collected");
}

/* Acquired after it was seen in a machine (the fleet's first sight of it, or
 * an inventory collected before the date given): the record is for another
 * unit, or wrong.  The sight wins, as the manufacture date wins over an
 * acquisition before it (partdate.h): the acquisition is unknown, on or
 * before the sight, and a note says why.  A purchase order's own line
 * (KIND_PART) is no sight: it may date a planned purchase after it was
 * imported. */
static void seen_before_acquired(struct arena *a, const struct component *c, struct acq *q)
{
	if (c->kind == KIND_PART || !q->day || !q->seen || q->day <= q->seen)
		return;
	const char *n = arena_printf(
		a, "the acquisition date %s is after the part was %s %s: that record is for "
		   "another unit or wrong, and the sight wins",
		q->basis, q->seen_fleet ? "first seen in the fleet's snapshot of" : "in the inventory collected",
		q->seen_text);
	q->note = q->note ? arena_printf(a, "%s; %s", q->note, n) : n;
	q->day = 0;
	q->basis = NULL;
}

/* Was the part made on or after day, for sure?  An ISO week counts only when
 * it starts on or after the day. */
static bool made_after(const struct acq *q, day_t day)
{
	return q->made && q->made >= day;
}

/* The date for attributing the maker: brands change hands, and who made a
 * part is decided when it was made (as identify decides it). */
static day_t attribution_date(const struct judge_opts *o, const struct acq *q)
{
	return q->made ? q->made : q->day ? q->day : o->date;
}

/* ---------------------------------------------------------------------- */
/* Declared uses: purposes and network parts                               */

/* Values of vocabulary attr declared on the component (its purpose field),
 * else by the profile.  Returns the count; *from says which. */
static size_t declared(const struct judge_opts *o, struct arena *a, const struct component *c,
		       const char *attr, struct strlist *out, const char **from)
{
	const char *v = component_get(c, FK_PURPOSE);
	out->n = 0;
	out->v = NULL;
	if (v) {
		char *copy = arena_strdup(a, v), *save = NULL;
		out->v = arena_calloc(a, strlen(v) + 1, sizeof(char *));
		for (char *t = strtok_r(copy, ", \t;", &save); t;
		     t = strtok_r(NULL, ", \t;", &save))
			if (attr_word_known(o->rs, attr, t))
				out->v[out->n++] = t;
		if (out->n) {
			*from = "the component's purpose field";
			return out->n;
		}
	}
	const struct strlist *pv = profile_get(o->profile, attr);
	if (pv && pv->n) {
		*out = *pv;
		*from = "the profile";
		return out->n;
	}
	return 0;
}

static bool intersects(const struct strlist *a, const struct strlist *b)
{
	for (size_t i = 0; i < a->n; i++)
		if (strlist_has(b, a->v[i]))
			return true;
	return false;
}

static void join(struct strbuf *sb, const struct strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++)
		strbuf_addf(sb, "%s%s", i ? sep : "", l->v[i]);
}

/* ---------------------------------------------------------------------- */
/* One restriction                                                         */

static day_t restriction_from(const struct rule *r, const struct party *p,
			      const struct restriction *x)
{
	day_t from = x->from ? x->from : r->effective;
	return p->since > from ? p->since : from;
}

static void restriction_verdict(const struct judge_opts *o, const struct rule *r,
				const struct party *p, const struct restriction *x,
				const struct acq *q, struct arena *a, struct outcome *out)
{
	char b1[16], b2[16];
	day_t from = restriction_from(r, p, x);
	out->x = x;
	out->effective = from;
	out->deadline = 0;
	out->acquired = q->day ? q->basis : "unknown";
	out->brief = NULL;
	strbuf_reset(&out->reason);
	if (x->what == R_EXPORT) {
		out->v = V_INFO;
		out->brief = "export restriction: matters when screening customers";
		strbuf_addf(
			&out->reason,
			"%s restricts exports to %s, not owning or buying its hardware (%s); it "
			"bites when a customer is screened (LICENSE, chipscreen screen-names)",
			r->title, p->name, x->requires);
		return;
	}
	if (x->what == R_LISTING) {
		out->v = V_INFO;
		out->brief = "a listing: restricts no purchase or use by itself";
		strbuf_addf(&out->reason, "%s: %s", r->title, x->requires);
		return;
	}
	if (o->date < from) {
		out->v = V_INFO;
		out->brief = arena_printf(a, "not in force until %s", fmt_day(from, b1));
		strbuf_addf(&out->reason, "not in force yet: from %s, %s", fmt_day(from, b1),
			    x->requires);
		return;
	}
	switch (x->what) {
	case R_PURCHASE:
	case R_INSTALLATION:
	case R_FUNDING:
		if (q->day && q->day >= from) {
			out->v = V_PROHIBITED;
			strbuf_addf(&out->reason, "acquired %s, on or after %s: %s", q->basis,
				    fmt_day(from, b1), x->requires);
		} else if (q->day) {
			out->v = V_NO_NEW_PURCHASE;
			strbuf_addf(&out->reason,
				    "acquired %s, before %s: may be kept, but buying more (spares "
				    "and replacements included) is barred: %s",
				    q->basis, fmt_day(from, b1), x->requires);
		} else if (q->seen && q->seen < from && !made_after(q, from) && q->seen_fleet) {
			/* the fleet had it before the ban: acquired before it */
			out->v = V_NO_NEW_PURCHASE;
			out->acquired = arena_printf(a, "on or before %s (first seen in the fleet's "
							"snapshot of %s)",
						     q->seen_text, q->seen_text);
			strbuf_addf(&out->reason,
				    "acquired before %s: the fleet first saw it in a snapshot of "
				    "%s; it may be kept, but buying more (spares and replacements "
				    "included) is barred: %s",
				    fmt_day(from, b2), q->seen_text, x->requires);
		} else if (q->seen && q->seen < from && !made_after(q, from)) {
			/* it was already there before the ban: acquired before it */
			out->v = V_NO_NEW_PURCHASE;
			out->acquired = arena_printf(a, "before %s (already in the inventory "
							"collected %s)",
						     fmt_day(from, b1), q->seen_text);
			strbuf_addf(&out->reason,
				    "acquired before %s: it was already in the inventory collected "
				    "%s; it may be kept, but buying more (spares and replacements "
				    "included) is barred: %s",
				    fmt_day(from, b2), q->seen_text, x->requires);
		} else if (made_after(q, from)) {
			out->v = V_PROHIBITED;
			out->acquired = arena_printf(a, "on or after %s (made %s)",
						     fmt_day(q->made, b2), q->made_text);
			strbuf_addf(&out->reason,
				    "made %s, after %s, so necessarily acquired after it: %s",
				    q->made_text, fmt_day(from, b1), x->requires);
		} else {
			out->v = V_NO_NEW_PURCHASE;
			strbuf_addf(
				&out->reason,
				"acquisition date unknown: PROHIBITED if acquired on or after %s "
				"(give a purchase record or --acquired); buying more is barred: %s",
				fmt_day(from, b1), x->requires);
			if (q->made_text)
				strbuf_addf(&out->reason, " (made %s, before the ban)",
					    q->made_text);
		}
		if (q->note)
			strbuf_addf(&out->reason, "; %s", q->note);
		return;
	case R_USE:
		if (x->by && o->date <= x->by) {
			out->v = V_REMOVE_BY;
			out->deadline = x->by;
			strbuf_addf(&out->reason, "use allowed until %s: %s", fmt_day(x->by, b1),
				    x->requires);
		} else if (x->by) {
			out->v = V_PROHIBITED;
			strbuf_addf(&out->reason, "the deadline %s has passed: %s",
				    fmt_day(x->by, b1), x->requires);
		} else {
			out->v = V_PROHIBITED;
			strbuf_addf(&out->reason, "use barred since %s: %s", fmt_day(from, b1),
				    x->requires);
		}
		return;
	case R_CAP:
		out->v = V_REVIEW;
		strbuf_addf(&out->reason, "a share of the network, judged on the fleet: %s",
			    x->requires);
		return;
	case R_SUPPLY:
		out->v = V_REVIEW;
		strbuf_addf(&out->reason,
			    "binds what the operator supplies, not its own use: %s; whether this "
			    "part goes into such a supply is a person's decision",
			    x->requires);
		return;
	case R_AUTHORIZATION:
		out->v = V_REVIEW;
		strbuf_addf(
			&out->reason,
			"%s; whether this model holds an authorization granted before %s cannot "
			"be decided here",
			x->requires, fmt_day(from, b1));
		return;
	default:
		out->v = V_INFO;
		out->brief = x->requires;
		strbuf_addstr(&out->reason, x->requires);
		return;
	}
}

/* ---------------------------------------------------------------------- */
/* One rule, one matched party                                             */

static bool export_only(const struct rule *r)
{
	for (size_t i = 0; i < r->nrestr; i++)
		if (r->restr[i].what != R_EXPORT && r->restr[i].what != R_LISTING)
			return false;
	return true;
}

static const struct strlist *party_scope(const struct rule *r, const struct party *p)
{
	return p->scope.n ? &p->scope : &r->scope;
}

static bool scope_all(const struct strlist *s)
{
	return s->n == 1 && !strcmp(s->v[0], "all");
}

/* Keep a copy of src in dst (dst's reason buffer is reused). */
static void take(struct outcome *dst, const struct outcome *src)
{
	struct strbuf keep = dst->reason;
	*dst = *src;
	dst->reason = keep;
	strbuf_reset(&dst->reason);
	strbuf_addstr(&dst->reason, src->reason.buf);
}

/* Is a worse than the best so far (b, unset when b->x is NULL)?  At the same
 * verdict the earlier deadline or start is the one to act on. */
static bool worse(const struct outcome *a, const struct outcome *b)
{
	if (!b->x)
		return true;
	if (a->v != b->v)
		return a->v > b->v;
	if (a->deadline && b->deadline)
		return a->deadline < b->deadline;
	return a->v == V_INFO && a->effective < b->effective;
}

/* Evaluate every restriction of r, with the network parts they concern. */
static void restrictions_verdict(const struct judge_opts *o, const struct component *c,
				 const struct rule *r, const struct party *p, const struct acq *q,
				 struct arena *a, struct outcome *out)
{
	struct strlist net;
	const char *net_from = NULL;
	size_t nnet = declared(o, a, c, "network", &net, &net_from);
	struct outcome cur = {.reason = STRBUF_INIT}, undet = {.reason = STRBUF_INIT};
	struct strbuf outside = STRBUF_INIT, alts = STRBUF_INIT;
	char b1[16];
	for (size_t i = 0; i < r->nrestr; i++) {
		const struct restriction *x = &r->restr[i];
		restriction_verdict(o, r, p, x, q, a, &cur);
		if (!x->network.n || (nnet && intersects(&x->network, &net))) {
			if (worse(&cur, out))
				take(out, &cur);
		} else if (!nnet) {
			if (worse(&cur, &undet))
				take(&undet, &cur);
			if (cur.v >= V_REVIEW) {
				/* what each part of the network would give */
				strbuf_addstr(&alts, alts.len ? "; in " : "in ");
				join(&alts, &x->network, "/");
				strbuf_addf(&alts, ": %s", verdict_name(cur.v));
				if (cur.deadline)
					strbuf_addf(&alts, " %s", fmt_day(cur.deadline, b1));
				else if (x->by)
					strbuf_addf(&alts, " (deadline %s passed)",
						    fmt_day(x->by, b1));
			}
		} else {
			if (outside.len)
				strbuf_addstr(&outside, ", ");
			join(&outside, &x->network, "/");
		}
	}
	if (!out->x && !undet.x) {
		/* every restriction concerns another part of the network */
		out->v = V_INFO;
		out->x = &r->restr[0];
		out->effective = restriction_from(r, p, out->x);
		out->acquired = q->day ? q->basis : "unknown";
		strbuf_reset(&out->reason);
		strbuf_addf(&out->reason, "the network part declared by %s (", net_from);
		join(&out->reason, &net, ", ");
		strbuf_addf(&out->reason, ") is outside the parts this measure covers (%s)",
			    outside.buf);
		out->brief = arena_printf(a, "covers %s; the declared network part is not one",
					  outside.buf);
	} else if (undet.x && undet.v >= V_REVIEW && (!out->x || undet.v > out->v)) {
		take(out, &undet);
		strbuf_reset(&out->reason);
		strbuf_addf(
			&out->reason,
			"the part of the network is not declared (purpose field, or network= in "
			"the profile): %s; the worst: %s",
			alts.buf, undet.reason.buf);
		out->v = V_REVIEW;
		out->deadline = 0;
		out->brief = NULL;
	} else if (!out->x) {
		take(out, &undet); /* not in force yet, wherever it sits */
	}
	strbuf_release(&cur.reason);
	strbuf_release(&undet.reason);
	strbuf_release(&outside);
	strbuf_release(&alts);
}

/* ---------------------------------------------------------------------- */
/* One rule, one match: the verdict with what the tool cannot decide       */

static const char *maker_label(const struct judge_opts *o, const struct maker *m)
{
	if (!m || !m->org)
		return "an unknown maker";
	const char *n = kb_org_name(o->kb, m->org);
	return n ? n : m->name ? m->name : m->org;
}

/* "made by Micron" / "Micron chips on a part made by Kingston". */
static void subject(const struct judge_opts *o, const struct component *c, const struct match *mt,
		    struct strbuf *sb)
{
	const char *name = kb_org_name(o->kb, mt->p->org);
	if (!name)
		name = mt->p->name;
	/* through a subsidiary or affiliate: name the maker, then the link */
	const char *who = mt->how && mt->m ? maker_label(o, mt->m) : name;
	if (!strcmp(mt->via, "chip_maker"))
		strbuf_addf(sb, "its chips are made by %s, the part by %s", who,
			    maker_label(o, &c->attr->maker));
	else if (!strcmp(mt->via, "conflict"))
		strbuf_addf(sb, "a conflicting signal (%s) points to %s", mt->conflict->rule, name);
	else
		strbuf_addf(sb, "made by %s", who);
	if (mt->how)
		strbuf_addf(sb, " (%s)", mt->how);
}

static void add_clause(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_clause(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	if (sb->len)
		strbuf_addstr(sb, "; ");
	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	/* clauses are joined with "; ": a sentence's own full stop would double up */
	if (sb->len && sb->buf[sb->len - 1] == '.')
		strbuf_setlen(sb, sb->len - 1);
}

/*
 * A signal that disagrees with the chosen maker names the party: the verdict
 * is at most REVIEW (a person decides which signal is right), never CLEAR and
 * never the other signal's verdict.  The clause names the signal (field, value
 * as read, confidence), so the reader can see which line of which file said
 * so.  Kept apart: the conflict rules are identify's (identify.c pick()).
 */
static void conflict_clause(const struct judge_opts *o, const struct component *c,
			    const struct match *mt, struct strbuf *review)
{
	const struct evidence *e = mt->conflict;
	const struct attribution *at = c->attr;
	add_clause(review,
		   "the chosen maker is %s, but a conflicting %s signal (%s \"%.*s\"%s%s) "
		   "points to %s",
		   maker_label(o, &at->maker), confidence_name(e->conf),
		   e->field ? e->field : "field", utf8_cut(e->raw ? e->raw : "", 64),
		   e->raw ? e->raw : "", e->rule ? ": " : "",
		   e->rule ? e->rule : "", mt->p->name);
}

/* What keeps the verdict from binding: review (cannot decide) or excl (out),
 * and excl in a few words (brief). */
static void doubts(const struct judge_opts *o, const struct component *c, const struct rule *r,
		   const struct match *mt, struct arena *a, struct strbuf *review,
		   struct strbuf *excl, struct strbuf *brief)
{
	const struct party *p = mt->p;
	const struct strlist *scope = party_scope(r, p);
	struct strbuf l = STRBUF_INIT;
	if (!scope_all(scope)) {
		const char *src;
		const char *cls = judge_class(o, c, &src);
		join(&l, scope, ", ");
		if (!strcmp(cls, "unknown"))
			add_clause(
				review,
				"what this part is cannot be told (product class unknown); for %s "
				"the measure covers %s",
				p->name, l.buf);
		else if (!strlist_has(scope, cls)) {
			add_clause(excl, "this part is %s (%s); for %s the measure covers only %s",
				   cls, src ? src : "its kind", p->name, l.buf);
			add_clause(brief, "covers only %s, not %s", l.buf, cls);
		}
	}
	if (p->purposes.n) {
		struct strlist pv;
		const char *from = NULL;
		strbuf_reset(&l);
		join(&l, &p->purposes, ", ");
		if (!declared(o, a, c, "purpose", &pv, &from))
			add_clause(review,
				   "its purpose is not declared (purpose field, or purpose= in the "
				   "profile); for %s the measure applies only to %s",
				   p->name, l.buf);
		else if (!intersects(&pv, &p->purposes)) {
			struct strbuf d = STRBUF_INIT;
			join(&d, &pv, ", ");
			add_clause(excl,
				   "the purpose declared by %s (%s) is outside the purposes the "
				   "measure limits %s to (%s)",
				   from, d.buf, p->name, l.buf);
			add_clause(brief, "limited to purposes %s, not %s", l.buf, d.buf);
			strbuf_release(&d);
		}
	}
	if (!strcmp(mt->via, "chip_maker")) {
		if (r->components == COMP_NOT_COVERED) {
			add_clause(excl,
				   "the measure does not reach chips inside other makers' "
				   "parts: %s",
				   r->reach);
			add_clause(brief, "does not reach chips inside other makers' parts");
		} else if (r->components == COMP_UNCLEAR)
			add_clause(review, "a component-level question: %s", r->reach);
	}
	if (mt->conflict)
		conflict_clause(o, c, mt, review);
	if (mt->affiliate_only)
		add_clause(review,
			   "%s; the measure names %s without its subsidiaries and "
			   "affiliates",
			   mt->how ? mt->how : "an affiliate", p->name);
	if (mt->rel.unconfirmed)
		add_clause(review,
			   "the link to %s is unconfirmed (source: %s): confirm who owns the maker "
			   "before acting on it",
			   p->name, mt->rel.source ? mt->rel.source : "the knowledge base");
	if (mt->m && mt->m->conf == CONF_WEAK)
		add_clause(review, "the attribution is weak (from a free-text name)");
	if (!r->confirmed)
		add_clause(review, "the rule is unverified: the facts behind it are not confirmed");
	strbuf_release(&l);
}

static void evaluate(const struct judge_opts *o, const struct component *c, const struct rule *r,
		     const struct match *mt, const struct acq *q, struct arena *a,
		     struct outcome *out)
{
	struct strbuf subj = STRBUF_INIT, review = STRBUF_INIT, excl = STRBUF_INIT,
		      tmp = STRBUF_INIT, brief = STRBUF_INIT;
	char b1[16];
	out->x = NULL;
	out->binding = false;
	out->brief = NULL;
	strbuf_reset(&out->reason);
	subject(o, c, mt, &subj);
	if (!o->profile || (!export_only(r) && !profile_binds(o->profile, r))) {
		/* exposure view, or a measure that binds someone else */
		restriction_verdict(o, r, mt->p, &r->restr[0], q, a, out);
		out->v = V_INFO;
		out->deadline = 0;
		strbuf_add(&tmp, out->reason.buf, out->reason.len);
		strbuf_reset(&out->reason);
		struct strbuf who = STRBUF_INIT;
		binds_describe(r, &who);
		if (!o->profile) {
			day_t from = restriction_from(r, mt->p, &r->restr[0]);
			strbuf_addf(&out->reason,
				    "exposure view (no profile): %s; %s names %s (in "
				    "force from %s): %s",
				    subj.buf, r->id, mt->p->name, fmt_day(from, b1),
				    export_only(r) ? tmp.buf : r->restr[0].requires);
			if (!export_only(r))
				out->brief = arena_printf(a, "restricts %s from %s; binds %s",
							  restricts_name(r->restr[0].what),
							  fmt_day(from, b1), who.buf);
		} else {
			strbuf_addf(&out->reason, "%s; %s binds %s, not this operator (%s)",
				    subj.buf, r->id, who.buf, o->profile->label);
			out->brief = arena_printf(a, "binds %s, not this profile", who.buf);
		}
		strbuf_release(&who);
		goto done;
	}
	restrictions_verdict(o, c, r, mt->p, q, a, out);
	strbuf_add(&tmp, out->reason.buf, out->reason.len);
	strbuf_reset(&out->reason);
	if (out->v <= V_INFO) {
		strbuf_addf(&out->reason, "%s; %s", subj.buf, tmp.buf);
		goto done;
	}
	doubts(o, c, r, mt, a, &review, &excl, &brief);
	if (excl.len) {
		strbuf_addf(&out->reason, "%s; not covered: %s (it would otherwise be %s: %s)",
			    subj.buf, excl.buf, verdict_name(out->v), tmp.buf);
		out->brief = arena_printf(a, "not covered: %s", brief.buf);
		out->v = V_INFO;
		out->deadline = 0;
	} else if (review.len) {
		if (out->v == V_REVIEW)
			strbuf_addf(&out->reason, "%s; %s; also: %s", subj.buf, tmp.buf,
				    review.buf);
		else
			strbuf_addf(&out->reason, "%s; %s; it would be %s: %s", subj.buf,
				    review.buf, verdict_name(out->v), tmp.buf);
		out->v = V_REVIEW;
		out->deadline = 0;
		out->binding = true;
	} else {
		strbuf_addf(&out->reason, "%s; %s", subj.buf, tmp.buf);
		out->binding = true;
	}
done:
	strbuf_release(&subj);
	strbuf_release(&review);
	strbuf_release(&excl);
	strbuf_release(&tmp);
	strbuf_release(&brief);
}

/* ---------------------------------------------------------------------- */
/* Findings                                                                */

static void emit(const struct judge_opts *o, struct scan_result *res, const struct component *c,
		 const struct rule *r, const char *org, const char *org_name, const char *via,
		 const char *relation, const struct outcome *out)
{
	struct arena *a = res->inv->arena;
	struct finding *f = ARENA_PUSH(a, res->findings, res->nfindings, res->capfindings);
	memset(f, 0, sizeof *f);
	f->comp = c;
	f->verdict = out->v;
	f->binding = out->binding && out->v >= V_REVIEW;
	f->rule_id = arena_strdup(a, r->id);
	f->rule_version = arena_strdup(a, r->version);
	f->rule_title = arena_strdup(a, r->title);
	f->authority = arena_strdup(a, r->authority);
	f->jurisdiction = arena_strdup(a, r->jurisdiction);
	if (out->x && out->x->citation)
		f->citation = arena_printf(a, "%s; %s", r->citation, out->x->citation);
	else
		f->citation = arena_strdup(a, r->citation);
	f->url = arena_strdup(a, r->url);
	f->rule_confidence = arena_strdup(a, r->confidence);
	f->effective = out->effective ? out->effective : r->effective;
	f->deadline = out->v == V_REMOVE_BY ? out->deadline : 0;
	f->deadline_what = out->x ? arena_strdup(a, out->x->requires) : NULL;
	f->org = arena_strdup(a, org);
	f->org_name = arena_strdup(a, org_name);
	f->via = arena_strdup(a, via);
	f->relation = arena_strdup(a, relation);
	f->acquired = arena_strdup(a, out->acquired ? out->acquired : "unknown");
	f->reach = arena_strdup(a, r->reach);
	f->reason = arena_strdup(a, out->reason.buf);
	f->brief = f->verdict == V_INFO ? arena_strdup(a, out->brief) : NULL;
}

/* Try party p against one attribution; on a match fill mt.  A measure that
 * names a party without its affiliates still matches them, as a question. */
static bool try_match(const struct judge_opts *o, const char *org, const struct party *p,
		      day_t when, struct match *mt)
{
	if (!org)
		return false;
	mt->affiliate_only = false;
	if (!kb_org_relation(o->kb, org, p->org, p->affiliates, when, &mt->rel)) {
		if (p->affiliates || !kb_org_relation(o->kb, org, p->org, true, when, &mt->rel))
			return false;
		mt->affiliate_only = true;
	}
	mt->p = p;
	mt->how = mt->rel.how;
	return true;
}

/* how, then "(confirmed)", or "(unconfirmed: source)" where the reader
 * should check it (the knowledge base's phrase may end in "(unconfirmed)");
 * nothing more when the confidence is not known (rel NULL). */
static void add_relation(struct strbuf *sb, const char *how, const struct org_relation *rel)
{
	static const char unc[] = " (unconfirmed)";
	size_t n = strlen(how), k = sizeof unc - 1;
	if (!rel) {
		strbuf_addstr(sb, how);
		return;
	}
	const char *conf = rel->confidence ? rel->confidence : "confirmed";
	if (n > k && !strcmp(how + n - k, unc))
		n -= k;
	strbuf_add(sb, how, n);
	if (strcmp(conf, "confirmed") && rel->source)
		strbuf_addf(sb, " (%s: %s)", conf, rel->source);
	else
		strbuf_addf(sb, " (%s)", conf);
}

/*
 * The brand behind a maker: the ownership steps identify recorded
 * (maker_relation), else a signal that named a brand of the maker while a
 * stronger one named the maker itself (the model says ZHITAI, the PCI vendor
 * id YMTC).  Appends "ZhiTai (致态) is a brand of ... (confirmed)".
 */
static void brand_step(const struct judge_opts *o, const struct maker *m, day_t when,
		       struct strbuf *sb)
{
	struct org_relation rel;
	struct strbuf steps = STRBUF_INIT;
	const char *brand = NULL;
	/* the steps as identify recorded them (with the date it used) */
	for (size_t i = 0; i < m->nev; i++) {
		const struct evidence *e = &m->ev[i];
		if (!e->field || strcmp(e->field, EVIDENCE_OWNERSHIP) || !e->rule)
			continue;
		strbuf_addf(&steps, "%s%s", steps.len ? "; " : "", e->rule);
		if (!brand)
			brand = e->raw;
	}
	if (steps.len) {
		bool known = brand && kb_org_relation(o->kb, brand, m->org, false, when, &rel);
		add_relation(sb, steps.buf, known && rel.how ? &rel : NULL);
		strbuf_release(&steps);
		return;
	}
	strbuf_release(&steps);
	for (size_t i = 0; i < m->nev; i++) {
		const struct evidence *e = &m->ev[i];
		if (!e->org || !strcmp(e->org, m->org))
			continue;
		if (kb_org_relation(o->kb, e->org, m->org, false, when, &rel) && rel.how &&
		    !rel.affiliation) {
			add_relation(sb, rel.how, &rel);
			return;
		}
	}
}

/* finding.relation: the brand behind the maker, then the link from the maker
 * to the party named; NULL when the maker is the party, named directly. */
static const char *relation_text(const struct judge_opts *o, const struct match *mt, day_t when,
				 struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	if (mt->m && mt->m->org)
		brand_step(o, mt->m, when, &sb);
	if (mt->how) {
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		add_relation(&sb, mt->how, &mt->rel);
	}
	const char *s = sb.len ? arena_strdup(a, sb.buf) : NULL;
	strbuf_release(&sb);
	return s;
}

static bool judge_rule(const struct judge_opts *o, struct scan_result *res,
		       const struct component *c, const struct rule *r, const struct acq *q)
{
	struct arena *a = res->inv->arena;
	const struct attribution *at = c->attr;
	day_t when = attribution_date(o, q);
	struct outcome best = {.reason = STRBUF_INIT}, cur = {.reason = STRBUF_INIT};
	struct match bm = {0};
	for (size_t i = 0; i < r->nparties; i++) {
		const struct party *p = &r->parties[i];
		size_t nvia = 2 + at->nconflicts;
		for (size_t k = 0; k < nvia; k++) {
			struct match mt = {0};
			const char *org;
			if (k == 0) {
				mt.m = &at->maker, mt.via = "maker", org = at->maker.org;
			} else if (k == 1) {
				if (!at->has_chip)
					continue;
				mt.m = &at->chip_maker, mt.via = "chip_maker",
				org = at->chip_maker.org;
			} else {
				mt.conflict = &at->conflicts[k - 2], mt.via = "conflict";
				org = mt.conflict->org;
			}
			if (!try_match(o, org, p, when, &mt))
				continue;
			evaluate(o, c, r, &mt, q, a, &cur);
			if (!best.x || cur.v > best.v) {
				take(&best, &cur);
				bm = mt;
			}
		}
	}
	bool found = best.x != NULL;
	if (found) {
		const char *name = kb_org_name(o->kb, bm.p->org);
		emit(o, res, c, r, bm.p->org, name ? name : bm.p->name, bm.via,
		     relation_text(o, &bm, when, a), &best);
	}
	strbuf_release(&best.reason);
	strbuf_release(&cur.reason);
	return found;
}

/* Is some restriction of r that would bind the owner in force on the date? */
static bool in_force_binding(const struct judge_opts *o, const struct rule *r,
			     const struct party *p)
{
	for (size_t i = 0; i < r->nrestr; i++) {
		enum restricts w = r->restr[i].what;
		if (w != R_EXPORT && w != R_LISTING &&
		    restriction_from(r, p, &r->restr[i]) <= o->date)
			return true;
	}
	return false;
}

/* A party "could make" class cls: what it makes, else its scope when
 * narrower than all.  A part whose class cannot be told ("unknown": a USB
 * device whose class is defined per interface, a purchase line nothing
 * describes) could be any of them: a camera of unknown make is as likely
 * Hikvision's as anyone's, as its chips are (judge_chips holds "unknown"
 * to carry other makers' chips). */
static bool could_make(const struct rule *r, const struct party *p, const char *cls)
{
	bool any = !strcmp(cls, "unknown");
	if (p->makes.n)
		return any || strlist_has(&p->makes, cls);
	const struct strlist *s = party_scope(r, p);
	return !scope_all(s) && (any || strlist_has(s, cls));
}

/*
 * The maker (or, where the measure reaches components, the chip maker) is
 * unknown, and a binding rule in force names a party that makes this kind of
 * part: that is a question for a person, not a CLEAR.
 */
static bool judge_unknown(const struct judge_opts *o, struct scan_result *res,
			  const struct component *c, const struct rule *r)
{
	const struct attribution *at = c->attr;
	bool chip = false; /* unknown chips: judge_chips() */
	if (at->maker.org || !profile_binds(o->profile, r))
		return false;
	const char *cls = judge_class(o, c, NULL);
	struct strbuf names = STRBUF_INIT;
	const struct party *first = NULL;
	for (size_t i = 0; i < r->nparties; i++) {
		const struct party *p = &r->parties[i];
		if (!in_force_binding(o, r, p) || !could_make(r, p, cls))
			continue;
		if (!first)
			first = p;
		strbuf_addf(&names, "%s%s", names.len ? ", " : "", p->name);
	}
	if (first) {
		const struct maker *m = chip ? &at->chip_maker : &at->maker;
		struct outcome out = {.v = V_REVIEW,
				      .binding = true,
				      .x = &r->restr[0],
				      .effective = restriction_from(r, first, &r->restr[0]),
				      .acquired = "unknown",
				      .reason = STRBUF_INIT};
		bool any = !strcmp(cls, "unknown"); /* could_make(): any party could */
		strbuf_addf(&out.reason, "the %s of this %s%spart is unknown (%s)%s; %s binds this "
					 "operator and names %s, %s: a person must find out who made it",
			    chip ? "chip maker" : "maker", any ? "" : cls, any ? "" : " ",
			    m->unknown_reason ? m->unknown_reason : "no evidence",
			    any ? ", and what the part is cannot be told (product class unknown)" : "",
			    r->id, names.buf, any ? "who could have made it" : "who make such parts");
		if (chip && c->kind == KIND_DIMM) /* a drive has no such place to look */
			strbuf_addstr(&out.reason,
				      " (for a memory module, the SPD EEPROM names the "
				      "DRAM maker: collect as root)");
		emit(o, res, c, r, "unknown", chip ? "unknown chip maker" : "unknown maker",
		     chip ? "chip_maker" : "maker", NULL, &out);
		strbuf_release(&out.reason);
	}
	strbuf_release(&names);
	return first != NULL;
}

/* ---------------------------------------------------------------------- */
/* Chips inside parts                                                      */

/* The kind column of data/patterns.tsv, in enum pat_kind's order. */
static const char *const pattern_kinds[] = {"dram-chip", "nand-chip", "module", "ssd",
					    "hdd",       "drive",     "oem-part"};

/* The kind of the data/patterns.tsv row the part number (spaces ignored, as
 * identify reads it) or else the model matches; NULL when none does. */
static const char *pattern_kind(const struct kb *kb, const struct component *c)
{
	char buf[128];
	const struct pattern *p = NULL;
	const char *pn = component_get(c, FK_PART_NUMBER), *model = component_get(c, FK_MODEL);
	if (!kb)
		return NULL;
	if (pn && strlen(pn) < sizeof buf) {
		size_t k = 0;
		for (const char *s = pn; *s; s++)
			if (*s != ' ')
				buf[k++] = *s;
		buf[k] = 0;
		p = kb_match(kb, &kb->patterns, PF_PART, buf, k);
	}
	if (!p && model && strlen(model) < sizeof buf)
		p = kb_match(kb, &kb->patterns, PF_MODEL, model, strlen(model));
	if (!p || p->code.kind >= sizeof pattern_kinds / sizeof pattern_kinds[0])
		return NULL;
	return pattern_kinds[p->code.kind];
}

/* The class of the component being judged, found once (judge_component sets
 * it): every rule asks, and a pattern look-up per rule would be wasted. */
static _Thread_local struct {
	const struct component *c;
	const struct ruleset *rs;
	const char *cls, *src;
} class_memo;

const char *judge_class(const struct judge_opts *o, const struct component *c, const char **source)
{
	if (class_memo.c == c && class_memo.rs == o->rs) {
		if (source)
			*source = class_memo.src;
		return class_memo.cls;
	}
	return product_class_infer(o->rs, c, pattern_kind(o->kb, c), source);
}

/* What a die maker named in free text looks like: the word after the maker. */
static bool chip_word(const char *w, size_t n)
{
	static const char *const words[] = {"die", "dram", "nand", "chips", "chip", "flash"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == n && !strncasecmp(w, words[i], n))
			return true;
	return false;
}

/*
 * A chip maker named in the part's own free text: "Micron E-die", "Samsung
 * B-die", "Hynix DRAM" in a description or model.  Weak evidence (anyone can
 * write it, and resellers do): shown, never enough to clear.  Returns the
 * org id and sets *said to the words that named it.
 */
static const char *chip_hint(const struct judge_opts *o, const struct component *c,
			     struct arena *a, const char **said)
{
	const char *texts[] = {component_get(c, FK_MODEL), NULL};
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA && !strcmp(c->fields[i].name, "description"))
			texts[1] = c->fields[i].value;
	for (size_t t = 0; t < 2 && o->kb; t++) {
		const char *s = texts[t];
		/* words: [start, end) of the last three, then a chip word */
		const char *ws[3] = {NULL, NULL, NULL};
		size_t wn[3] = {0, 0, 0};
		for (const char *p = s; p && *p;) {
			while (*p && !isalnum((unsigned char)*p))
				p++;
			const char *b = p;
			while (isalnum((unsigned char)*p))
				p++;
			if (p == b)
				break;
			if (chip_word(b, (size_t)(p - b)) && ws[2]) {
				/* "Micron E-die": skip a die revision of one or two bytes */
				int k = wn[2] <= 2 && ws[1] ? 1 : 2;
				int org = kb_name(o->kb, ws[k], wn[k]);
				if (org >= 0) {
					*said = arena_strndup(a, ws[k], (size_t)(p - ws[k]));
					return o->kb->orgs[org].id;
				}
			}
			ws[0] = ws[1], wn[0] = wn[1], ws[1] = ws[2], wn[1] = wn[2];
			ws[2] = b, wn[2] = (size_t)(p - b);
		}
	}
	return NULL;
}

/* Could a chip party p make the chips of a part of class cls? */
static bool could_make_chips(const struct rule *r, const struct party *p, const char *cls)
{
	if (!strcmp(cls, "memory") || !strcmp(cls, "storage"))
		return could_make(r, p, cls);
	return could_make(r, p, "memory") || could_make(r, p, "storage");
}

/*
 * Does a chip maker apply to this part?  For what was collected, identify
 * decided (a hard disk carries no NAND; an SSD does).  A line of a purchase
 * record is what its class says (declared, else its pattern and words):
 * memory, storage and whole systems hold other makers' chips, and a line
 * nothing describes may.
 */
static bool chips_apply(const struct judge_opts *o, const struct component *c, const char *cls)
{
	if (c->kind != KIND_PART && c->kind != KIND_OTHER)
		return c->attr->has_chip;
	/* a declared class ("peripheral") is the operator's word on what it is */
	return class_chips(o->rs, cls) || !strcmp(cls, "unknown");
}

/* The parties of r (in force, binding) that could make the chips, and the
 * verdict the first would give; *first NULL when none. */
static void chip_parties(const struct judge_opts *o, const struct component *c,
			 const struct rule *r, const char *cls, const struct acq *q,
			 struct arena *a, struct strbuf *names, const struct party **first,
			 struct outcome *would)
{
	*first = NULL;
	for (size_t i = 0; i < r->nparties; i++) {
		const struct party *p = &r->parties[i];
		if (!in_force_binding(o, r, p) || !could_make_chips(r, p, cls))
			continue;
		struct outcome cur = {.reason = STRBUF_INIT};
		restrictions_verdict(o, c, r, p, q, a, &cur);
		if (cur.x && cur.v >= V_REVIEW) {
			const char *n = kb_org_name(o->kb, p->org);
			strbuf_addf(names, "%s%s", names->len ? " or " : "", n ? n : p->name);
			if (!*first) {
				*first = p;
				take(would, &cur);
			}
		}
		strbuf_release(&cur.reason);
	}
}

/*
 * The maker is known, the chips inside are not, and a binding rule in force
 * reaches chips inside other makers' parts (or its wording leaves it open):
 * REVIEW, "could be Micron DRAM".  A die maker the part's own text names is
 * shown as weak evidence, and matched against the rule's parties.
 */
static void judge_chips(const struct judge_opts *o, struct scan_result *res,
			const struct component *c, const struct rule *r, const struct acq *q)
{
	const struct attribution *at = c->attr;
	struct arena *a = res->inv->arena;
	if (at->chip_maker.org || r->components == COMP_NOT_COVERED ||
	    !profile_binds(o->profile, r))
		return;
	const char *src, *cls = judge_class(o, c, &src);
	if (!chips_apply(o, c, cls))
		return;
	struct strbuf names = STRBUF_INIT;
	const struct party *first;
	struct outcome out = {.reason = STRBUF_INIT};
	chip_parties(o, c, r, cls, q, a, &names, &first, &out);
	if (!first) {
		strbuf_release(&names);
		strbuf_release(&out.reason);
		return;
	}
	const char *chips = class_chips(o->rs, cls);
	const char *said = NULL, *hint = chip_hint(o, c, a, &said);
	struct match mt = {0};
	const struct party *named = NULL;
	for (size_t i = 0; hint && !named && i < r->nparties; i++)
		if (try_match(o, hint, &r->parties[i], attribution_date(o, q), &mt))
			named = &r->parties[i];
	struct strbuf why = STRBUF_INIT;
	if (named) {
		const char *n = kb_org_name(o->kb, named->org);
		strbuf_addf(&why,
			    "the part's own text names %s chips (\"%s\"): weak evidence from free "
			    "text, to be confirmed (the SPD of a module names its DRAM maker)",
			    n ? n : named->name, said);
	} else {
		strbuf_addstr(&why, "chip maker unknown");
		if (at->has_chip && at->chip_maker.unknown_reason)
			strbuf_addf(&why, " (%s)", at->chip_maker.unknown_reason);
		strbuf_addf(&why,
			    ": could be %s %s; the %s does not say whose %s it "
			    "carries",
			    names.buf, chips ? chips : "chips",
			    component_get(c, FK_PART_NUMBER) || component_get(c, FK_MODEL)
				    ? "part number"
				    : "part's description",
			    chips ? chips : "chips");
		if (hint)
			strbuf_addf(&why,
				    " (its text names %s (\"%s\"): weak evidence from free text, "
				    "not enough to clear)",
				    kb_org_name(o->kb, hint) ? kb_org_name(o->kb, hint) : hint, said);
		if (!strcmp(cls, "unknown"))
			strbuf_addstr(&why, "; what this part is cannot be told (product class "
					    "unknown): declare it in a product_class column");
		else if (!strcmp(cls, "memory") && c->kind == KIND_DIMM)
			strbuf_addstr(&why, " (the SPD EEPROM names the DRAM maker: collect as root)");
	}
	strbuf_addf(&why, "; %s %s: ", r->id,
		    r->components == COMP_COVERED ? "reaches chips inside other makers' parts"
						   : "may reach chips inside other makers' parts");
	strbuf_addstr(&why, r->reach);
	if (why.len && why.buf[why.len - 1] == '.')
		strbuf_setlen(&why, why.len - 1);
	strbuf_addf(&why, "; it would be %s: %s", verdict_name(out.v), out.reason.buf);
	strbuf_reset(&out.reason);
	strbuf_addstr(&out.reason, why.buf);
	out.v = V_REVIEW;
	out.binding = true;
	out.deadline = 0;
	if (named)
		emit(o, res, c, r, named->org,
		     kb_org_name(o->kb, named->org) ? kb_org_name(o->kb, named->org) : named->name,
		     "chip_maker", mt.how ? relation_text(o, &mt, attribution_date(o, q), a) : NULL,
		     &out);
	else
		emit(o, res, c, r, "unknown", "unknown chip maker", "chip_maker", NULL, &out);
	strbuf_release(&why);
	strbuf_release(&names);
	strbuf_release(&out.reason);
}

void judge_component(const struct judge_opts *o, struct scan_result *r, const struct component *c)
{
	if (!c->attr)
		return; /* identify has not run: nothing to match */
	if (c->attr->virtual_reason)
		return; /* a hypervisor's device: no maker's hardware for a measure to reach */
	struct acq q;
	find_acq(o, r->inv->arena, c, &q);
	find_seen(r->inv->arena, r->inv, &q);
	seen_before_acquired(r->inv->arena, c, &q);
	class_memo.c = NULL;
	class_memo.cls = judge_class(o, c, &class_memo.src);
	class_memo.rs = o->rs;
	class_memo.c = c;
	for (size_t i = 0; i < o->rs->nrules; i++) {
		const struct rule *rule = &o->rs->rules[i];
		if (!judge_rule(o, r, c, rule, &q) && o->profile &&
		    !judge_unknown(o, r, c, rule))
			judge_chips(o, r, c, rule, &q);
	}
	class_memo.c = NULL;
}

void judge_inventory(const struct judge_opts *o, struct scan_result *r)
{
	struct arena *a = r->inv->arena;
	r->profile = o->profile ? arena_strdup(a, o->profile->label) : NULL;
	r->date = o->date;
	r->ruleset_version = arena_strdup(a, o->rs->version);
	for (size_t i = 0; i < r->inv->ncomps; i++)
		judge_component(o, r, &r->inv->comps[i]);
}

int scan_worst(const struct scan_result *r)
{
	if (!r->inv)
		return -1;
	if (!r->inv->ncomps)
		return V_REVIEW; /* nothing read (NOTHING_READ_REASON): never clear */
	int worst = V_CLEAR;
	for (size_t i = 0; i < r->nfindings; i++)
		if ((int)r->findings[i].verdict > worst)
			worst = (int)r->findings[i].verdict;
	return worst;
}

/* A party is matched by its organisation id against the identify knowledge
 * base; an id the base does not know (a typo in a user's rule file: "huaweii")
 * would match no part, and every part of that maker would pass as CLEAR.  The
 * rule loader cannot tell, as it reads no knowledge base: the commands that
 * judge check here, once both are loaded. */
int judge_check_parties(const struct ruleset *rs, const struct kb *kb, struct strbuf *err)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		for (size_t k = 0; k < r->nparties; k++) {
			const char *org = r->parties[k].org;
			if (kb_org_find(kb, org) >= 0)
				continue;
			strbuf_addf(err,
				    "%s: rule %s: party \"%s\" is not an organisation chipscreen "
				    "knows (data/orgs.tsv, or a JEP106 or hwdata vendor)",
				    r->file, r->id, org);
			const char **ids = xmalloc((kb->norgs ? kb->norgs : 1) * sizeof *ids);
			for (size_t n = 0; n < kb->norgs; n++)
				ids[n] = kb->orgs[n].id;
			struct strbuf near = STRBUF_INIT;
			if (suggest_nearest(&near, org, ids, kb->norgs, 3))
				strbuf_addf(err, "; did you mean %s?", near.buf);
			strbuf_release(&near);
			free(ids);
			return -1;
		}
	}
	return 0;
}
