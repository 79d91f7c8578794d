/*
 * rules.h — the rule set: the measures chipscreen judges against, as data.
 *
 * Each file data/rules/NAME.json is one measure (a decision, a statute, a
 * listing) holding one or more rules.  Keys set on the measure are defaults
 * for its rules, so the citation of §889 is written once for its two limbs.
 * A rule says who it binds (profile attributes), whom it names (parties,
 * organisation ids of the identify knowledge base), which products it covers
 * (product classes), and what it restricts from when (restrictions, each with
 * its dates and, for some, the part of a network it concerns).
 *
 * Loading is strict: an unknown key is an error, because a misspelt
 * "efective" must not silently disable a rule; every error names the file and
 * the JSON path ("us-fcc-22-84.json: rules[0].parties[2].since: \"2023-02-30\"
 * is not a date").  The vocabulary (profile attributes, product classes) and
 * the table deriving a component's product class also live in data/rules/schema/
 * and are loaded with the rules: doc/rules.md describes all three.
 */
#ifndef RULES_RULES_H
#define RULES_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "chipscreen.h"
#include "util/strbuf.h"

struct strlist {
	const char **v;
	size_t n;
};

bool strlist_has(const struct strlist *l, const char *s);

/* What a restriction bars.  The judge maps each to a verdict (doc/rules.md). */
enum restricts {
	R_PURCHASE,      /* buying more, from a date */
	R_INSTALLATION,  /* installing new equipment (judged by acquisition date) */
	R_FUNDING,       /* spending program funds on it (USF) */
	R_USE,           /* continued use, optionally until a deadline */
	R_CAP,           /* a share of a network: a fleet-level question */
	R_SUPPLY,        /* what the operator supplies to someone else */
	R_AUTHORIZATION, /* equipment authorisation of new models */
	R_EXPORT,        /* exports to the party: not the owner's hardware */
	R_LISTING,       /* a listing that restricts nothing by itself */
	R__COUNT
};

const char *restricts_name(enum restricts r);

/* What the measure's own wording says about chips inside other makers' parts. */
enum components { COMP_COVERED, COMP_UNCLEAR, COMP_NOT_COVERED };

struct restriction {
	enum restricts what;
	day_t from;             /* in force from; the rule's effective date if absent */
	day_t by;               /* use/cap: the deadline (last day allowed); 0 none */
	struct strlist network; /* parts of a network concerned; empty: anywhere */
	const char *requires;   /* what it requires, in the measure's words */
	const char *citation;   /* the provision, when narrower than the rule's */
};

struct party {
	const char *org;  /* knowledge-base organisation id */
	const char *name; /* as the measure names it */
	const char *note;
	bool affiliates;         /* the measure says "subsidiaries and affiliates" */
	day_t since;             /* named from (list entries); 0: the rule's dates */
	struct strlist scope;    /* product classes; empty: the rule's */
	struct strlist purposes; /* purpose limit; empty: any purpose */
	struct strlist makes;    /* classes the party makes, for unknown-maker review */
};

struct bind_cond {
	const char *attr;      /* attribute name */
	struct strlist values; /* any of these; bools are "yes"/"no" */
};

struct binds_alt {
	struct bind_cond *conds; /* all of these */
	size_t n;
};

struct rule {
	const char *id, *measure, *file;
	const char *title, *authority, *jurisdiction, *instrument, *citation, *url;
	const char *source, *confidence, *reach, *notes;
	bool confirmed;
	day_t announced, effective;
	struct binds_alt *binds; /* any of these; none: binds nobody */
	size_t nbinds;
	struct party *parties;
	size_t nparties;
	struct strlist scope; /* "all" or product classes */
	enum components components;
	struct restriction *restr;
	size_t nrestr;
	const char *version; /* hash of the measure file */
};

enum attr_type { AT_BOOL, AT_COUNTRY, AT_WORD };

struct attrdef {
	const char *name, *description;
	enum attr_type type;
	bool multi;
	struct strlist values; /* AT_WORD: the allowed words */
};

struct class_row {
	int key;           /* enum fkey, or -1 for the kind */
	const char *extra; /* FK_EXTRA name */
	const char *match; /* value prefix, lower-case; "*" any */
	const char *cls;   /* class, or "=" for the field's value */
	const char *source;
};

/* A word that tells what a part is (schema/product-keywords.tsv). */
struct class_word {
	bool pattern;      /* a kind of data/patterns.tsv, else words of the part's text */
	const char *word;  /* " word " normalised (class_text_normalise), or the kind */
	const char *cls;
	const char *source;
};

struct profile;

struct ruleset {
	struct arena *arena;
	const char *dir; /* data/rules */
	const char *version;
	struct rule *rules;
	size_t nrules, caprules;
	struct attrdef *attrs;
	size_t nattrs;
	struct strlist classes;
	const char **class_desc;
	struct class_row *crows;
	size_t ncrows;
	const char **class_chips; /* per class: the chips it holds ("DRAM"), or NULL */
	struct class_word *cwords;
	size_t ncwords;
	struct profile *profiles; /* bundled, loaded by profiles_load() */
	size_t nprofiles, capprofiles;
};

/* Load DATADIR/rules (NULL: data_dir()).  NULL with err naming file and path. */
struct ruleset *ruleset_load(const char *datadir, struct strbuf *err);
void ruleset_free(struct ruleset *rs);

const struct rule *rule_find(const struct ruleset *rs, const char *id);
/* The rule's citation and, after it, each narrower provision its
 * restrictions cite ("Pub. L. 115-232, §889 (2018-08-13); FAR 52.204-25;
 * §889(a)(1)(B); FAR 52.204-24/-25 (85 FR 42665, 2020-07-14)"): what a
 * finding of the rule cites, as scan gives it, for a list of findings. */
void rule_citation(const struct rule *r, struct strbuf *out);
const struct attrdef *attr_find(const struct ruleset *rs, const char *name);
/* Does word belong to the vocabulary of attribute name (purpose, network)? */
bool attr_word_known(const struct ruleset *rs, const char *name, const char *word);
bool class_known(const struct ruleset *rs, const char *cls);

/*
 * A component's product class ("telecom-equipment", "memory", ..., "unknown"),
 * from the first matching row of product-classes.tsv.  *source (if non-NULL)
 * gets the row's source, NULL when no row matched.
 */
const char *product_class(const struct ruleset *rs, const struct component *c, const char **source);
/*
 * The same, and when no row of product-classes.tsv matches: the kind of the
 * part-number pattern that matched (pattern_kind, a kind of data/patterns.tsv
 * such as "ssd" or "module"; NULL when none), then the words of the part's
 * model, product and description ("SSD", "RDIMM", "memory module"), from
 * schema/product-keywords.tsv.  A declared product_class always wins.
 */
const char *product_class_infer(const struct ruleset *rs, const struct component *c,
				const char *pattern_kind, const char **source);
/*
 * A declared product class (a product_class column) that is no class of the
 * vocabulary ("stroage"): -1 with err naming the part's source, the value,
 * the nearest classes and all of them; 0 when every part of inv declares a
 * class chipscreen knows, or none.  Declared classes match in any case.
 */
int product_class_check(const struct ruleset *rs, const struct inventory *inv,
			struct strbuf *err);
/* The chips a class holds from other makers ("DRAM", "NAND flash"), from the
 * vocabulary's "chips"; NULL when it holds none. */
const char *class_chips(const struct ruleset *rs, const char *cls);

#endif
