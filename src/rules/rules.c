/*
 * rules.c — loading and validating the rule set (data/rules/).
 *
 * Order: the vocabulary first (schema/vocabulary.json: attributes and product
 * classes), then the product-class table (schema/product-classes.tsv) and the
 * words that say what a part is (schema/product-keywords.tsv), then
 * every measure file, sorted by name so ids and versions are stable.  Each
 * rule is read through get(), which looks in the rule first and in its
 * measure second, and reports errors at the path where the value was written.
 *
 * The version of the rule set is a hash (FNV-1a 64) of every file read, so a
 * stored verdict can say exactly which rules produced it; a rule's version is
 * the hash of its own measure file.
 */
#include "rules/rules.h"
#include "rules/jcheck.h"
#include "util/datadir.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/suggest.h"
#include "util/tsv.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RULE_FILE_MAX (1u << 20)

static const char *const restricts_names[R__COUNT] = {
	[R_PURCHASE] = "purchase",
	[R_INSTALLATION] = "installation",
	[R_FUNDING] = "funding",
	[R_USE] = "use",
	[R_CAP] = "cap",
	[R_SUPPLY] = "supply",
	[R_AUTHORIZATION] = "authorization",
	[R_EXPORT] = "export",
	[R_LISTING] = "listing",
};

static const char *const components_names[] = {"covered", "unclear", "not-covered"};

const char *restricts_name(enum restricts r)
{
	return (unsigned)r < R__COUNT ? restricts_names[r] : "?";
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

/* ---------------------------------------------------------------------- */
/* Vocabulary                                                              */

const struct attrdef *attr_find(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nattrs; i++)
		if (!strcmp(rs->attrs[i].name, name))
			return &rs->attrs[i];
	return NULL;
}

bool attr_word_known(const struct ruleset *rs, const char *name, const char *word)
{
	const struct attrdef *d = attr_find(rs, name);
	return d && strlist_has(&d->values, word);
}

bool class_known(const struct ruleset *rs, const char *cls)
{
	return strlist_has(&rs->classes, cls);
}

static int load_attrdef(struct jctx *j, const cJSON *o, const char *path, struct attrdef *d)
{
	static const char *const keys[] = {"name", "type", "multi", "values", "description", NULL};
	const char *type;
	if (jc_object(j, o, path) < 0 || jc_keys(j, o, path, keys) < 0 ||
	    jc_str(j, cJSON_GetObjectItemCaseSensitive(o, "name"), jc_key(j, path, "name"),
		   &d->name) < 0 ||
	    jc_str(j, cJSON_GetObjectItemCaseSensitive(o, "type"), jc_key(j, path, "type"), &type) <
		    0 ||
	    jc_str(j, cJSON_GetObjectItemCaseSensitive(o, "description"),
		   jc_key(j, path, "description"), &d->description) < 0)
		return -1;
	if (!strcmp(type, "bool"))
		d->type = AT_BOOL;
	else if (!strcmp(type, "country"))
		d->type = AT_COUNTRY;
	else if (!strcmp(type, "word"))
		d->type = AT_WORD;
	else
		return jc_fail(j, jc_key(j, path, "type"),
			       "unknown type \"%s\" (known: bool, country, word)", type);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "multi");
	if (m && jc_bool(j, m, jc_key(j, path, "multi"), &d->multi) < 0)
		return -1;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "values");
	if (d->type == AT_WORD && jc_strlist(j, v, jc_key(j, path, "values"), &d->values) < 0)
		return -1;
	return 0;
}

static int load_vocabulary(struct ruleset *rs, const char *path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	struct jctx j = {path, err, rs->arena};
	cJSON *doc = NULL;
	int rc = -1;
	if (read_file(path, RULE_FILE_MAX, &text, err) < 0)
		goto out;
	if (!(doc = jc_parse(&j, text.buf)))
		goto out;
	static const char *const keys[] = {"source", "attributes", "product_classes", NULL};
	if (jc_object(&j, doc, "") < 0 || jc_keys(&j, doc, "", keys) < 0)
		goto out;
	const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(doc, "attributes");
	const cJSON *classes = cJSON_GetObjectItemCaseSensitive(doc, "product_classes");
	if (!cJSON_IsArray(attrs)) {
		jc_fail(&j, "attributes", "expected an array");
		goto out;
	}
	if (!cJSON_IsArray(classes)) {
		jc_fail(&j, "product_classes", "expected an array");
		goto out;
	}
	rs->attrs =
		arena_calloc(rs->arena, (size_t)cJSON_GetArraySize(attrs) + 1, sizeof *rs->attrs);
	const cJSON *it;
	cJSON_ArrayForEach(it, attrs)
	{
		const char *p = jc_index(&j, "attributes", (int)rs->nattrs);
		if (load_attrdef(&j, it, p, &rs->attrs[rs->nattrs]) < 0)
			goto out;
		if (attr_find(rs, rs->attrs[rs->nattrs].name)) {
			jc_fail(&j, p, "attribute \"%s\" defined twice",
				rs->attrs[rs->nattrs].name);
			goto out;
		}
		rs->nattrs++;
	}
	size_t n = (size_t)cJSON_GetArraySize(classes);
	rs->classes.v = arena_calloc(rs->arena, n + 1, sizeof(char *));
	rs->class_desc = arena_calloc(rs->arena, n + 1, sizeof(char *));
	rs->class_chips = arena_calloc(rs->arena, n + 1, sizeof(char *));
	static const char *const ckeys[] = {"name", "description", "chips", NULL};
	cJSON_ArrayForEach(it, classes)
	{
		const char *p = jc_index(&j, "product_classes", (int)rs->classes.n);
		if (jc_object(&j, it, p) < 0 || jc_keys(&j, it, p, ckeys) < 0 ||
		    jc_str(&j, cJSON_GetObjectItemCaseSensitive(it, "name"), jc_key(&j, p, "name"),
			   &rs->classes.v[rs->classes.n]) < 0 ||
		    jc_str(&j, cJSON_GetObjectItemCaseSensitive(it, "description"),
			   jc_key(&j, p, "description"), &rs->class_desc[rs->classes.n]) < 0)
			goto out;
		const cJSON *chips = cJSON_GetObjectItemCaseSensitive(it, "chips");
		if (chips && jc_str(&j, chips, jc_key(&j, p, "chips"),
				    &rs->class_chips[rs->classes.n]) < 0)
			goto out;
		rs->classes.n++;
	}
	if (!class_known(rs, "unknown")) {
		jc_fail(&j, "product_classes", "the class \"unknown\" must be defined");
		goto out;
	}
	rc = 0;
out:
	cJSON_Delete(doc);
	strbuf_release(&text);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Product classes                                                         */

/* One row of product-classes.tsv (by, match, class, source: every column
 * needed, so an empty one is an error). */
static int class_row_parse(struct ruleset *rs, struct tsv *t, struct class_row *row,
			   struct strbuf *err)
{
	char **col = t->row;
	for (int i = 0; i < 4; i++)
		if (!*col[i])
			return tsv_fail(t, err, "column %d is empty", i + 1);
	row->key = -1;
	if (!strncmp(col[0], "extra:", 6)) {
		row->key = FK_EXTRA;
		row->extra = arena_strdup(rs->arena, col[0] + 6);
	} else if (strcmp(col[0], "kind")) {
		row->key = field_key_from_name(col[0]);
		if (row->key == FK_EXTRA)
			return tsv_fail(t, err, "unknown field \"%s\"", col[0]);
	} else if (strcmp(col[1], "*") && kind_from_name(col[1]) < 0) {
		return tsv_fail(t, err, "unknown kind \"%s\"", col[1]);
	}
	if (strcmp(col[2], "=") && !class_known(rs, col[2]))
		return tsv_fail(t, err, "unknown product class \"%s\"", col[2]);
	for (char *p = col[1]; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	row->match = col[1]; /* the table's text is in rs->arena */
	row->cls = col[2];
	row->source = col[3];
	return 0;
}

static int load_classes(struct ruleset *rs, const char *path, struct strbuf *err)
{
	static const char *const want[] = {"by", "match", "class", "source", NULL};
	struct tsv t;
	size_t cap = 0;
	int rc;
	if (tsv_open(rs->arena, &t, path, want, err) < 0)
		return -1;
	t.layout = "by, match, class, source";
	while ((rc = tsv_next(&t, 4, err)) > 0) {
		struct class_row *row = ARENA_PUSH(rs->arena, rs->crows, rs->ncrows, cap);
		if (class_row_parse(rs, &t, row, err) < 0)
			return -1;
	}
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Product keywords: what the part's own text says it is                   */

/*
 * " word word " in out: ASCII letters and digits lower-cased, every run of
 * anything else one space, with a space at each end, so that a keyword is
 * found as whole words by strstr ("SATA SSD," holds " ssd ", "SSDs" does not;
 * "SO-DIMM" and "SODIMM" are both written in the table).
 */
static void class_text_normalise(const char *s, struct strbuf *out)
{
	strbuf_addch(out, ' ');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x80 && isalnum(ch))
			strbuf_addch(out, (char)tolower(ch));
		else if (out->buf[out->len - 1] != ' ')
			strbuf_addch(out, ' ');
	}
	if (out->buf[out->len - 1] != ' ')
		strbuf_addch(out, ' ');
}

static int load_keywords(struct ruleset *rs, const char *path, struct strbuf *err)
{
	static const char *const want[] = {"by", "word", "class", "source", NULL};
	struct tsv t;
	if (tsv_open(rs->arena, &t, path, want, err) < 0)
		return -1;
	size_t cap = 0;
	struct strbuf w = STRBUF_INIT;
	int rc;
	while ((rc = tsv_next(&t, 4, err)) == 1) {
		const char *by = t.row[0], *word = t.row[1], *cls = t.row[2];
		if (strcmp(by, "text") && strcmp(by, "pattern")) {
			rc = tsv_fail(&t, err, "by is \"%s\" (known: text, pattern)", by);
			break;
		}
		if (!class_known(rs, cls)) {
			rc = tsv_fail(&t, err, "unknown product class \"%s\"", cls);
			break;
		}
		strbuf_reset(&w);
		class_text_normalise(word, &w);
		if (w.len < 3) {
			rc = tsv_fail(&t, err, "the word \"%s\" has no letter or digit", word);
			break;
		}
		struct class_word *cw = ARENA_PUSH(rs->arena, rs->cwords, rs->ncwords, cap);
		cw->pattern = by[0] == 'p';
		cw->word = cw->pattern ? word : arena_strdup(rs->arena, w.buf);
		cw->cls = cls;
		cw->source = t.row[3];
	}
	strbuf_release(&w);
	return rc < 0 ? -1 : 0;
}

/* The fields whose words say what a part is, in the order they are read. */
static const char *class_text(const struct component *c, size_t i)
{
	switch (i) {
	case 0:
		return component_get(c, FK_MODEL);
	case 1:
		return component_get(c, FK_PRODUCT);
	default:
		break;
	}
	size_t k = 2;
	for (size_t f = 0; f < c->nfields; f++)
		if (c->fields[f].key == FK_EXTRA && (!strcmp(c->fields[f].name, "description") ||
						     !strcmp(c->fields[f].name, "category")))
			if (k++ == i)
				return c->fields[f].value;
	return NULL;
}

static const char *class_of_words(const struct ruleset *rs, const struct component *c,
				  const char *pattern_kind, const char **source)
{
	for (size_t i = 0; pattern_kind && i < rs->ncwords; i++)
		if (rs->cwords[i].pattern && !strcmp(rs->cwords[i].word, pattern_kind)) {
			*source = rs->cwords[i].source;
			return rs->cwords[i].cls;
		}
	struct strbuf text = STRBUF_INIT;
	for (size_t f = 0; f < 2 + c->nfields; f++) {
		const char *v = class_text(c, f);
		if (v && *v)
			class_text_normalise(v, &text);
	}
	const char *cls = NULL;
	for (size_t i = 0; text.len && !cls && i < rs->ncwords; i++)
		if (!rs->cwords[i].pattern && strstr(text.buf, rs->cwords[i].word)) {
			cls = rs->cwords[i].cls;
			*source = rs->cwords[i].source;
		}
	strbuf_release(&text);
	return cls;
}

const char *class_chips(const struct ruleset *rs, const char *cls)
{
	for (size_t k = 0; k < rs->classes.n; k++)
		if (!strcmp(rs->classes.v[k], cls))
			return rs->class_chips[k];
	return NULL;
}

static const char *field_value(const struct component *c, const struct class_row *row)
{
	if (row->key == -1)
		return kind_name(c->kind);
	if (row->key != FK_EXTRA)
		return component_get(c, (enum fkey)row->key);
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA && !strcmp(c->fields[i].name, row->extra))
			return c->fields[i].value;
	return NULL;
}

static bool prefix_match(const char *value, const char *match)
{
	if (!strcmp(match, "*"))
		return true;
	if (!strncmp(value, "0x", 2) || !strncmp(value, "0X", 2))
		value += 2;
	for (; *match; match++, value++)
		if (tolower((unsigned char)*value) != *match)
			return false;
	return true;
}

int product_class_check(const struct ruleset *rs, const struct inventory *inv,
			struct strbuf *err)
{
	for (size_t i = 0; i < inv->ncomps; i++) {
		const struct component *c = &inv->comps[i];
		const struct class_row *row = NULL;
		const char *v = NULL;
		for (size_t r = 0; r < rs->ncrows && !row; r++)
			if (!strcmp(rs->crows[r].cls, "=") && (v = field_value(c, &rs->crows[r])) &&
			    *v)
				row = &rs->crows[r];
		if (!row || strcmp(product_class_infer(rs, c, NULL, NULL), "unknown"))
			continue; /* none declared, or declared and known */
		if (!strcasecmp(v, "unknown"))
			continue; /* "we do not know": the honest declaration */
		struct strbuf near = STRBUF_INIT;
		strbuf_reset(err);
		const char *where = c->source;
		for (size_t f = 0; f < c->nfields; f++)
			if (c->fields[f].value == v && c->fields[f].source)
				where = c->fields[f].source; /* the file and line */
		strbuf_addf(err, "%s: product_class \"%s\" is not a product class", where, v);
		if (suggest_nearest(&near, v, (const char *const *)rs->classes.v, rs->classes.n, 3))
			strbuf_addf(err, "; did you mean %s?", near.buf);
		strbuf_addstr(err, " (the classes:");
		for (size_t k = 0; k < rs->classes.n; k++)
			strbuf_addf(err, "%s %s", k ? "," : "", rs->classes.v[k]);
		strbuf_addch(err, ')');
		strbuf_release(&near);
		return -1;
	}
	return 0;
}

const char *product_class(const struct ruleset *rs, const struct component *c, const char **source)
{
	return product_class_infer(rs, c, NULL, source);
}

const char *product_class_infer(const struct ruleset *rs, const struct component *c,
				const char *pattern_kind, const char **source)
{
	const char *src = NULL, *cls = NULL;
	if (!source)
		source = &src;
	*source = NULL;
	for (size_t i = 0; i < rs->ncrows; i++) {
		const struct class_row *row = &rs->crows[i];
		const char *v = field_value(c, row);
		if (!v || !*v || !prefix_match(v, row->match))
			continue;
		if (source)
			*source = row->source;
		if (strcmp(row->cls, "="))
			return row->cls;
		/* a declared class: only one the vocabulary knows */
		for (size_t k = 0; k < rs->classes.n; k++)
			if (!strcasecmp(rs->classes.v[k], v))
				return rs->classes.v[k];
		return "unknown";
	}
	/* no row: the part's own words (purchase records, asset registers) */
	cls = class_of_words(rs, c, pattern_kind, source);
	return cls ? cls : "unknown";
}

/* ---------------------------------------------------------------------- */
/* Rules                                                                   */

/* Keys a measure may set as defaults for its rules. */
static const char *const inheritable[] = {
	"title",      "authority", "jurisdiction", "instrument", "citation", "url",
	"announced",  "effective", "confidence",   "binds",      "parties",  "scope",
	"components", "reach",     "restrictions", "notes",      "source",   NULL,
};

struct mctx {
	struct jctx j;
	struct ruleset *rs;
	const cJSON *measure;
	const cJSON *rule;
	const char *rpath; /* "rules[i]" */
};

/* The value of key for the rule, from the rule or else its measure; *path is
 * where it was written. */
static const cJSON *get(struct mctx *m, const char *key, const char **path)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(m->rule, key);
	if (v) {
		*path = jc_key(&m->j, m->rpath, key);
		return v;
	}
	*path = key;
	return cJSON_GetObjectItemCaseSensitive(m->measure, key);
}

static int need(struct mctx *m, const char *key, const cJSON **v, const char **path)
{
	*v = get(m, key, path);
	if (!*v)
		return jc_fail(&m->j, m->rpath, "missing \"%s\" (in the rule or its measure)", key);
	return 0;
}

static int get_str(struct mctx *m, const char *key, bool required, const char **out)
{
	const char *path;
	const cJSON *v = get(m, key, &path);
	*out = NULL;
	if (!v)
		return required ? need(m, key, &v, &path) : 0;
	return jc_str(&m->j, v, path, out);
}

static int get_date(struct mctx *m, const char *key, bool required, day_t *out)
{
	const char *path;
	const cJSON *v = get(m, key, &path);
	*out = 0;
	if (!v)
		return required ? need(m, key, &v, &path) : 0;
	return jc_date(&m->j, v, path, out);
}

static int check_words(struct mctx *m, const struct strlist *l, const char *path, const char *attr)
{
	for (size_t i = 0; i < l->n; i++)
		if (!attr_word_known(m->rs, attr, l->v[i]))
			return jc_fail(&m->j, jc_index(&m->j, path, (int)i),
				       "\"%s\" is not a %s of the vocabulary", l->v[i], attr);
	return 0;
}

static int check_classes(struct mctx *m, const struct strlist *l, const char *path, bool allow_all)
{
	for (size_t i = 0; i < l->n; i++) {
		if (allow_all && !strcmp(l->v[i], "all")) {
			if (l->n > 1)
				return jc_fail(&m->j, path, "\"all\" must be alone");
			continue;
		}
		if (!class_known(m->rs, l->v[i]) || !strcmp(l->v[i], "unknown"))
			return jc_fail(&m->j, jc_index(&m->j, path, (int)i),
				       "\"%s\" is not a product class", l->v[i]);
	}
	return 0;
}

static bool org_id_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

static int load_party(struct mctx *m, const cJSON *o, const char *path, struct party *p)
{
	static const char *const keys[] = {"org",      "name",  "affiliates", "since", "scope",
					   "purposes", "makes", "note",       NULL};
	struct jctx *j = &m->j;
	if (jc_object(j, o, path) < 0 || jc_keys(j, o, path, keys) < 0)
		return -1;
	const cJSON *v;
	if (jc_str(j, cJSON_GetObjectItemCaseSensitive(o, "org"), jc_key(j, path, "org"), &p->org) <
		    0 ||
	    jc_str(j, cJSON_GetObjectItemCaseSensitive(o, "name"), jc_key(j, path, "name"),
		   &p->name) < 0 ||
	    jc_bool(j, cJSON_GetObjectItemCaseSensitive(o, "affiliates"),
		    jc_key(j, path, "affiliates"), &p->affiliates) < 0)
		return -1;
	if (!org_id_ok(p->org))
		return jc_fail(j, jc_key(j, path, "org"),
			       "\"%s\" is not an organisation id (lower-case letters, digits, '-')",
			       p->org);
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "since")) &&
	    jc_date(j, v, jc_key(j, path, "since"), &p->since) < 0)
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "note")) &&
	    jc_str(j, v, jc_key(j, path, "note"), &p->note) < 0)
		return -1;
	const char *sp = jc_key(j, path, "scope"), *pp = jc_key(j, path, "purposes"),
		   *mp = jc_key(j, path, "makes");
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "scope")) &&
	    (jc_strlist(j, v, sp, &p->scope) < 0 || check_classes(m, &p->scope, sp, true) < 0))
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "purposes")) &&
	    (jc_strlist(j, v, pp, &p->purposes) < 0 ||
	     check_words(m, &p->purposes, pp, "purpose") < 0))
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "makes")) &&
	    (jc_strlist(j, v, mp, &p->makes) < 0 || check_classes(m, &p->makes, mp, false) < 0))
		return -1;
	return 0;
}

static int load_restriction(struct mctx *m, const cJSON *o, const char *path, struct restriction *r)
{
	static const char *const keys[] = {"restricts", "from",     "by", "network",
					   "requires",  "citation", NULL};
	struct jctx *j = &m->j;
	const char *what;
	const cJSON *v;
	if (jc_object(j, o, path) < 0 || jc_keys(j, o, path, keys) < 0 ||
	    jc_str(j, cJSON_GetObjectItemCaseSensitive(o, "restricts"),
		   jc_key(j, path, "restricts"), &what) < 0 ||
	    jc_str(j, cJSON_GetObjectItemCaseSensitive(o, "requires"), jc_key(j, path, "requires"),
		   &r->requires) < 0)
		return -1;
	int k;
	for (k = 0; k < R__COUNT; k++)
		if (!strcmp(restricts_names[k], what))
			break;
	if (k == R__COUNT) {
		struct strbuf known = STRBUF_INIT;
		for (int i = 0; i < R__COUNT; i++)
			strbuf_addf(&known, "%s%s", i ? ", " : "", restricts_names[i]);
		jc_fail(j, jc_key(j, path, "restricts"), "unknown restriction \"%s\" (known: %s)",
			what, known.buf);
		strbuf_release(&known);
		return -1;
	}
	r->what = (enum restricts)k;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "from")) &&
	    jc_date(j, v, jc_key(j, path, "from"), &r->from) < 0)
		return -1;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "by"))) {
		if (jc_date(j, v, jc_key(j, path, "by"), &r->by) < 0)
			return -1;
		if (r->what != R_USE && r->what != R_CAP)
			return jc_fail(j, jc_key(j, path, "by"),
				       "a deadline only makes sense for \"use\" or \"cap\"");
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "citation")) &&
	    jc_str(j, v, jc_key(j, path, "citation"), &r->citation) < 0)
		return -1;
	const char *np = jc_key(j, path, "network");
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "network")) &&
	    (jc_strlist(j, v, np, &r->network) < 0 ||
	     check_words(m, &r->network, np, "network") < 0))
		return -1;
	return 0;
}

static int load_binds(struct mctx *m, struct rule *r)
{
	const char *path;
	const cJSON *v;
	struct jctx *j = &m->j;
	if (need(m, "binds", &v, &path) < 0)
		return -1;
	if (!cJSON_IsArray(v))
		return jc_fail(j, path, "expected an array of conditions ([] binds nobody)");
	r->binds = arena_calloc(j->arena, (size_t)cJSON_GetArraySize(v) + 1, sizeof *r->binds);
	const cJSON *alt;
	cJSON_ArrayForEach(alt, v)
	{
		const char *ap = jc_index(j, path, (int)r->nbinds);
		if (jc_object(j, alt, ap) < 0)
			return -1;
		struct binds_alt *b = &r->binds[r->nbinds++];
		b->conds = arena_calloc(j->arena, (size_t)cJSON_GetArraySize(alt) + 1,
					sizeof *b->conds);
		if (!alt->child)
			return jc_fail(j, ap, "an empty condition would bind everyone");
		const cJSON *c;
		cJSON_ArrayForEach(c, alt)
		{
			const char *cp = jc_key(j, ap, c->string);
			const struct attrdef *d = attr_find(m->rs, c->string);
			struct bind_cond *bc = &b->conds[b->n++];
			if (!d)
				return jc_fail(j, cp, "unknown attribute");
			bc->attr = d->name;
			if (d->type == AT_BOOL) {
				bool yes;
				if (jc_bool(j, c, cp, &yes) < 0)
					return -1;
				bc->values.v = arena_alloc(j->arena, sizeof(char *));
				bc->values.v[0] = yes ? "yes" : "no";
				bc->values.n = 1;
				continue;
			}
			if (jc_strlist(j, c, cp, &bc->values) < 0)
				return -1;
			if (d->type == AT_WORD && check_words(m, &bc->values, cp, d->name) < 0)
				return -1;
		}
	}
	return 0;
}

static int load_array(struct mctx *m, const char *key, const cJSON **v, const char **path)
{
	if (need(m, key, v, path) < 0)
		return -1;
	if (!cJSON_IsArray(*v) || !cJSON_GetArraySize(*v))
		return jc_fail(&m->j, *path, "expected a non-empty array");
	return 0;
}

static int load_rule(struct mctx *m, struct rule *r)
{
	struct jctx *j = &m->j;
	const char *conf, *comps, *path;
	const cJSON *v;
	if (get_str(m, "title", true, &r->title) < 0 ||
	    get_str(m, "authority", true, &r->authority) < 0 ||
	    get_str(m, "jurisdiction", true, &r->jurisdiction) < 0 ||
	    get_str(m, "instrument", true, &r->instrument) < 0 ||
	    get_str(m, "citation", true, &r->citation) < 0 ||
	    get_str(m, "url", false, &r->url) < 0 || get_str(m, "source", true, &r->source) < 0 ||
	    get_str(m, "reach", true, &r->reach) < 0 || get_str(m, "notes", false, &r->notes) < 0 ||
	    get_str(m, "confidence", true, &conf) < 0 ||
	    get_str(m, "components", true, &comps) < 0 ||
	    get_date(m, "announced", false, &r->announced) < 0 ||
	    get_date(m, "effective", true, &r->effective) < 0)
		return -1;
	if (strlen(r->jurisdiction) != 2 || !isupper((unsigned char)r->jurisdiction[0]) ||
	    !isupper((unsigned char)r->jurisdiction[1])) {
		get(m, "jurisdiction", &path);
		return jc_fail(j, path, "\"%s\" is not a country code (two capitals: CN, US, GB)",
			       r->jurisdiction);
	}
	if (r->url && strncmp(r->url, "https://", 8)) {
		get(m, "url", &path);
		return jc_fail(j, path, "expected an https:// URL");
	}
	if (!strcmp(conf, "confirmed") || !strcmp(conf, "unverified")) {
		r->confidence = conf;
		r->confirmed = conf[0] == 'c';
	} else {
		get(m, "confidence", &path);
		return jc_fail(j, path, "\"%s\": expected \"confirmed\" or \"unverified\"", conf);
	}
	int k;
	for (k = 0; k < 3; k++)
		if (!strcmp(comps, components_names[k]))
			break;
	if (k == 3) {
		get(m, "components", &path);
		return jc_fail(j, path,
			       "\"%s\": expected \"covered\", \"unclear\" or \"not-covered\"",
			       comps);
	}
	r->components = (enum components)k;
	if (load_binds(m, r) < 0)
		return -1;
	if ((v = get(m, "scope", &path)) &&
	    (jc_strlist(j, v, path, &r->scope) < 0 || check_classes(m, &r->scope, path, true) < 0))
		return -1;
	if (load_array(m, "parties", &v, &path) < 0)
		return -1;
	r->parties = arena_calloc(j->arena, (size_t)cJSON_GetArraySize(v), sizeof *r->parties);
	const cJSON *it;
	cJSON_ArrayForEach(it, v)
	{
		const char *pp = jc_index(j, path, (int)r->nparties);
		struct party *p = &r->parties[r->nparties++];
		if (load_party(m, it, pp, p) < 0)
			return -1;
		if (!p->scope.n && !r->scope.n)
			return jc_fail(j, pp,
				       "no product scope: set \"scope\" here or in the rule");
	}
	if (load_array(m, "restrictions", &v, &path) < 0)
		return -1;
	r->restr = arena_calloc(j->arena, (size_t)cJSON_GetArraySize(v), sizeof *r->restr);
	cJSON_ArrayForEach(it, v)
	{
		const char *rp = jc_index(j, path, (int)r->nrestr);
		struct restriction *x = &r->restr[r->nrestr++];
		if (load_restriction(m, it, rp, x) < 0)
			return -1;
		day_t from = x->from ? x->from : r->effective;
		if (x->from && x->from < r->effective)
			return jc_fail(j, jc_key(j, rp, "from"),
				       "before the rule's effective date");
		if (x->by && x->by < from)
			return jc_fail(j, jc_key(j, rp, "by"),
				       "deadline before the restriction's start");
	}
	return 0;
}

static const struct rule *rule_find_in(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].id, id))
			return &rs->rules[i];
	return NULL;
}

const struct rule *rule_find(const struct ruleset *rs, const char *id)
{
	return rule_find_in(rs, id);
}

void rule_citation(const struct rule *r, struct strbuf *out)
{
	strbuf_addstr(out, r->citation);
	for (size_t i = 0; i < r->nrestr; i++) {
		const char *c = r->restr[i].citation;
		bool seen = !c || !*c;
		for (size_t k = 0; k < i && !seen; k++)
			seen = r->restr[k].citation && !strcmp(r->restr[k].citation, c);
		if (!seen)
			strbuf_addf(out, "; %s", c);
	}
}

static int load_measure(struct ruleset *rs, const char *path, const char *base,
			const struct strbuf *text, struct strbuf *err)
{
	struct jctx j = {path, err, rs->arena};
	cJSON *doc = jc_parse(&j, text->buf);
	int rc = -1;
	if (!doc)
		return -1;
	const char *allowed[64];
	size_t na = 0;
	allowed[na++] = "measure";
	allowed[na++] = "rules";
	for (size_t i = 0; inheritable[i]; i++)
		allowed[na++] = inheritable[i];
	allowed[na] = NULL;
	const char *mid;
	if (jc_object(&j, doc, "") < 0 || jc_keys(&j, doc, "", allowed) < 0 ||
	    jc_str(&j, cJSON_GetObjectItemCaseSensitive(doc, "measure"), "measure", &mid) < 0)
		goto out;
	if (strcmp(mid, base)) {
		jc_fail(&j, "measure", "\"%s\" does not match the file name (%s.json)", mid, base);
		goto out;
	}
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(doc, "rules");
	if (!cJSON_IsArray(rules) || !cJSON_GetArraySize(rules)) {
		jc_fail(&j, "rules", "expected a non-empty array");
		goto out;
	}
	char version[17];
	snprintf(version, sizeof version, "%016llx",
		 (unsigned long long)hash_fnv1a64(HASH_FNV64_INIT, text->buf, text->len));
	allowed[0] = "id";
	for (size_t i = 1; i < na; i++)
		allowed[i] = allowed[i + 1];
	const cJSON *it;
	int idx = 0;
	cJSON_ArrayForEach(it, rules)
	{
		struct mctx m = {j, rs, doc, it, jc_index(&j, "rules", idx++)};
		struct rule r = {0};
		if (jc_object(&j, it, m.rpath) < 0 || jc_keys(&j, it, m.rpath, allowed) < 0 ||
		    jc_str(&j, cJSON_GetObjectItemCaseSensitive(it, "id"),
			   jc_key(&j, m.rpath, "id"), &r.id) < 0)
			goto out;
		if (!org_id_ok(r.id)) {
			jc_fail(&j, jc_key(&j, m.rpath, "id"),
				"\"%s\": ids are lower-case letters, digits and '-'", r.id);
			goto out;
		}
		const struct rule *dup = rule_find_in(rs, r.id);
		if (dup) {
			jc_fail(&j, jc_key(&j, m.rpath, "id"), "\"%s\" is also defined in %s", r.id,
				dup->file);
			goto out;
		}
		r.measure = mid;
		r.file = arena_strdup(rs->arena, path);
		r.version = arena_strdup(rs->arena, version);
		if (load_rule(&m, &r) < 0)
			goto out;
		*ARENA_PUSH(rs->arena, rs->rules, rs->nrules, rs->caprules) = r;
	}
	rc = 0;
out:
	cJSON_Delete(doc);
	return rc;
}

static int load_rule_files(struct ruleset *rs, uint64_t *hash, struct strbuf *err)
{
	char **names = NULL;
	int n = list_dir(rs->dir, &names, err);
	if (n < 0)
		return -1;
	int rc = 0, nfiles = 0;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	for (int i = 0; i < n && !rc; i++) {
		size_t len = strlen(names[i]);
		if (len < 6 || strcmp(names[i] + len - 5, ".json") || names[i][0] == '.')
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", rs->dir, names[i]);
		if (read_file(path.buf, RULE_FILE_MAX, &text, err) < 0) {
			rc = -1;
			break;
		}
		*hash = hash_fnv1a64(*hash, names[i], len + 1);
		*hash = hash_fnv1a64(*hash, text.buf, text.len);
		char *base = arena_strndup(rs->arena, names[i], len - 5);
		rc = load_measure(rs, path.buf, base, &text, err);
		nfiles++;
	}
	if (!rc && !nfiles) {
		strbuf_addf(err, "%s: no rule files (*.json): refusing to judge against nothing",
			    rs->dir);
		rc = -1;
	}
	free_names(names, n);
	strbuf_release(&path);
	strbuf_release(&text);
	return rc;
}

struct ruleset *ruleset_load(const char *datadir, struct strbuf *err)
{
	struct arena *a = arena_new();
	struct ruleset *rs = arena_alloc(a, sizeof *rs);
	rs->arena = a;
	const char *base = datadir ? datadir : data_dir();
	rs->dir = arena_printf(a, "%s/rules", base);
	char *vocab = arena_printf(a, "%s/schema/vocabulary.json", rs->dir);
	char *classes = arena_printf(a, "%s/schema/product-classes.tsv", rs->dir);
	char *words = arena_printf(a, "%s/schema/product-keywords.tsv", rs->dir);
	uint64_t hash = HASH_FNV64_INIT;
	struct strbuf text = STRBUF_INIT;
	strbuf_reset(err);
	if (load_vocabulary(rs, vocab, err) < 0 || load_classes(rs, classes, err) < 0 ||
	    load_keywords(rs, words, err) < 0)
		goto fail;
	const char *hashed[] = {vocab, classes, words};
	for (int i = 0; i < 3; i++) {
		if (read_file(hashed[i], RULE_FILE_MAX, &text, err) < 0)
			goto fail;
		hash = hash_fnv1a64(hash, text.buf, text.len);
	}
	if (load_rule_files(rs, &hash, err) < 0)
		goto fail;
	rs->version = arena_printf(a, "%016llx", (unsigned long long)hash);
	strbuf_release(&text);
	return rs;
fail:
	strbuf_release(&text);
	arena_free(a);
	return NULL;
}

void ruleset_free(struct ruleset *rs)
{
	if (rs)
		arena_free(rs->arena);
}
