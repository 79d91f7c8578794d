/*
 * export.h — US export licence determination for advanced computing ICs,
 * computers, HBM and semiconductor manufacturing equipment (doc/export.md).
 *
 * The knowledge is data (the data/export tables, each row citing its Federal
 * Register source and marked CONFIRMED or UNCONFIRMED): the rule documents,
 * the country groups by date, the ECCN paragraphs, the licence requirements
 * as dated rows, the Entity List parties the facts name, and a catalogue of
 * known parts.  The code only matches rows; it holds no requirement of its
 * own.
 *
 * One determination (determine.c):
 *   1. classify the item (classify.c): an ECCN paragraph given, or the TPP,
 *      performance density, datacenter flag or HBM density computed from the
 *      parameters or the catalogue, under the text in force on the date;
 *   2. place the destination and the headquarters in the country groups of
 *      that date (destination.c);
 *   3. screen the end user (and its >= 50 % owner) against the bundled parties
 *      and the imported lists with chipscreen's own name index (parties.c);
 *   4. match every requirement row.
 * An input that is not known (datacenter flag, die area, end user's
 * headquarters, end use "unknown", a possible list match) is not guessed:
 * every value it could take is tried, and when the answers differ the
 * answer is REVIEW naming the input.  A row, a country-group membership, a
 * catalogue value or a listing date marked UNCONFIRMED can never make an
 * answer binding: what rests on it is REVIEW naming the gap.  Only a
 * CONFIRMED licence requirement is LICENSE-REQUIRED whatever else is unknown.
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/date.h"
#include "util/strbuf.h"

/* Ordered by severity, for --fail-on. */
enum xanswer { XA_NLR = 0, XA_NOTIFY, XA_REVIEW, XA_LICENSE, XA__COUNT };
const char *xanswer_name(enum xanswer a); /* "NO-LICENSE-REQUIRED", ... */
int xanswer_from_name(const char *s);     /* -1 if unknown; case-insensitive */

/* The first and last dates the bundled rules describe. */
#define XDATE_FIRST "2022-10-07"
#define XDATE_FACTS "2026-07-31"

/* ---- the tables (tables.c) ---- */

struct xrule {
	const char *id, *title, *citation, *published, *effective, *url, *source;
	bool enforced, confirmed;
};

struct xgroup {
	const char *group, *members, *citation, *source;
	day_t from, to; /* to 0: open */
	bool confirmed;
};

enum xrow_answer { XR_LICENSE, XR_NOTIFY, XR_REVIEW, XR_NOT_ENFORCED, XR_FDP };

struct xreq {
	const char *id, *item, *dest, *end_use, *hq, *from_cc;
	day_t from, to;
	enum xrow_answer answer;
	const char *provision, *rule, *policy, *exceptions, *why, *source;
	bool confirmed;
	long line;
};

struct xeccn {
	const char *eccn, *classes, *what, *source;
	day_t from, to;
	bool confirmed;
};

struct xitem {
	const char *name, *aliases, *vendor, *kind, *estimate, *basis, *source;
	double peak, bits;                              /* TPP = peak x bits */
	double tpp, die_area, io, hbm_density, dram_bw; /* NAN: not given */
	int datacenter;                                 /* 1, 0, -1 unknown */
};

struct xparty {
	const char *name, *aliases, *country, *citation, *requirement, *policy, *source;
	int footnote; /* 0, 1, 4, 5 */
	day_t fn_from, listed, maybe_from;
};

struct xthr {
	const char *paragraph, *computer, *source;
	day_t from, to;
	double tpp_min, tpp_max, pd_min, pd_max, io_min, hbm_gt, hbm_lt; /* NAN: no condition */
	bool needs_dc, confirmed;
};

struct xlimit {
	const char *id, *parameter, *otherwise, *source;
	double max;
};

struct xtables {
	struct arena *a;
	struct xlimit *limits;
	size_t nlimits;
	struct xthr *thr;
	size_t nthr;
	struct xrule *rules;
	size_t nrules;
	struct xgroup *groups;
	size_t ngroups;
	struct xreq *reqs;
	size_t nreqs;
	struct xeccn *eccns;
	size_t neccns;
	struct xitem *items;
	size_t nitems;
	struct xparty *parties;
	size_t nparties;
};

/* Read the tables in dir/export (dir NULL: data_dir()).  NULL with err naming the
 * file and line when a table is missing or damaged. */
struct xtables *xtables_load(const char *dir, struct strbuf *err);
void xtables_free(struct xtables *t);
const struct xrule *xtables_rule(const struct xtables *t, const char *id);
/* The catalogue part named name (or one of its aliases), case-insensitive. */
const struct xitem *xtables_item(const struct xtables *t, const char *name);

/* ---- destinations (destination.c) ---- */

/* Is cc a country: an ISO 3166-1 alpha-2 code (upper or lower case), an
 * alpha-3 code or an ISO name ("China", "CHN", "Viet Nam"; exactly, as
 * screen-names reads a country column: lists/country_code_given)?  Its
 * alpha-2 code into out[3].  Anything else, a typo too, is false. */
bool xcountry_valid(const char *cc, char out[3]);

struct xdest {
	char cc[3];
	bool cn, mo, d1, d4, d5, a5, a6, emb, ae;
	bool uncertain;            /* a membership used rests on an UNCONFIRMED row */
	const char *uncertain_why; /* which */
	char groups[64];           /* "D:1 D:4 D:5" */
};
void xdest_place(const struct xtables *t, const char *cc, day_t day, struct xdest *d);
/* "D5" (Macau or D:5), "A56" (US, A:5 or A:6) or "OTHER". */
const char *xhq_class(const struct xtables *t, const char *cc, day_t day);

/* ---- the input ---- */

enum xend_use { XEU_NONE, XEU_FAB, XEU_SC, XEU_SME, XEU_UNKNOWN, XEU__COUNT };
const char *xend_use_name(enum xend_use e); /* "none", "advanced-node-fab", ... */
int xend_use_from_name(const char *s);

struct xinput {
	const char *item; /* catalogue name */
	const char *eccn;
	double tpp, die_area, hbm_density;              /* NAN: not given */
	int datacenter;                                 /* 1, 0, -1 unknown */
	const char *destination;                        /* ISO alpha-2, validated */
	const char *end_user, *end_user_hq, *parent_hq; /* parent "none": no other parent */
	const char *owner;                              /* >= 50 % owner; "unknown" */
	enum xend_use end_use;
	bool end_use_given;
	day_t date;
	const char *informed;    /* an is-informed letter, as entered */
	const char *export_from; /* country exported from: "US" (default) */
	int origin_us;           /* 1 US-origin / subject to the EAR (default), 0 foreign-made */
	int fdp;                 /* foreign-made: direct product of US technology? 1, 0, -1 */
	const char *ref;         /* the order line, for batch output */
};
void xinput_init(struct xinput *in); /* defaults: unknowns, US export, today */

/* ---- classification (classify.c) ---- */

/* Is the catalogue value field ("tpp", "dram_bw", ...) of it an estimate? */
bool xitem_estimated(const struct xitem *it, const char *field);

#define XCAND_MAX 6
struct xcand {
	const char *classes; /* requirement classes, comma-separated */
	const char *eccn;    /* "3A090.a", or NULL when not decided */
	const char *why;
	const char *cond; /* the value of an unknown input this candidate assumes, or NULL */
	const char *gap;  /* an UNCONFIRMED fact it rests on, or NULL */
};
struct xclass {
	struct xcand c[XCAND_MAX];
	int n;
	double tpp, pd; /* NAN when unknown */
	const struct xitem *item;
	const char *unknown; /* the input whose values the candidates enumerate, or NULL */
};
/* -1 with err for an input that cannot be classified at all (an unknown
 * catalogue name, a malformed ECCN). */
/*
 * A figure as the output shows it: with `decimals` decimals, more (up to 6)
 * when rounding would carry it across a bound of the date's rules that it
 * does not reach, so that "TPP 4800: 3A991.p" is never printed for 4799.9
 * (TPP 4799.9 and PD 1.599993 are).  which: 't' TPP (bounds: thresholds
 * and policy limits), 'p' performance density, 'i' I/O, 'h' HBM density.
 * NULL for NAN.
 */
const char *xshow(const struct xtables *t, day_t day, char which, double v, int decimals,
		  struct arena *a);
int xclassify(const struct xtables *t, const struct xinput *in, struct arena *a, struct xclass *out,
	      struct strbuf *err);

/* ---- parties (parties.c) ---- */

struct xscreen;
/* The bundled parties, indexed in memory; with db, also the lists imported
 * into that store.  -1 with err. */
int xscreen_open(struct xscreen **out, const struct xtables *t, const char *db, struct strbuf *err);
void xscreen_free(struct xscreen *s);
/* How many listed names the screening covers (for "checked"). */
size_t xscreen_size(const struct xscreen *s, bool bundled);

struct xhit {
	const char *listed_name, *list, *citation, *requirement, *policy, *source_db;
	double score;
	int footnote;
	day_t listed, maybe_from, fn_from; /* 0: not known (imported lists) */
	bool certain;                      /* a match a person need not confirm */
	bool ear_list;                     /* a BIS list that requires a licence */
	const char *verdict;               /* the list's consequence, for other lists */
};
#define XHIT_MAX 8
struct xhits {
	struct xhit h[XHIT_MAX];
	int n;
};
/* Screen name; hits allocated in a. */
int xscreen_name(struct xscreen *s, const char *name, struct arena *a, struct xhits *out);
/* Why name has nothing to screen on (no letter or digit, or only legal
 * forms: match/normalize.h name_unsearchable), or NULL: such an end user is
 * as good as unnamed, never "screened: no match". */
const char *xscreen_unsearchable(const char *name);

/* ---- the determination (determine.c) ---- */

struct xground {
	const char *id, *provision, *citation, *review_policy, *exceptions, *why;
	enum xanswer answer;
	bool confirmed;
};

struct xresult {
	enum xanswer answer;
	const char *eccn; /* NULL when not decided */
	const char *eccn_why;
	double tpp, pd; /* NAN when unknown */
	const char *tpp_shown, *pd_shown; /* as xshow prints them; NULL when unknown */
	struct xground *grounds;
	size_t ngrounds, capgrounds;
	const char **unknowns, **checked, **assumed, **not_decided;
	size_t nunknowns, capunknowns, nchecked, capchecked, nassumed, capassumed, nnot_decided,
		capnot_decided;
	const char *ref;
};

/* Determine in into res (strings in a).  -1 with err for an input error
 * (exit 2): an unknown item, a malformed ECCN, a date outside the rules. */
int xdetermine(const struct xtables *t, struct xscreen *s, const struct xinput *in, struct arena *a,
	       struct xresult *res, struct strbuf *err);

/* ---- output (xjson.c) ---- */
struct cJSON;
struct cJSON *xresult_json(const struct xresult *r);

#endif
