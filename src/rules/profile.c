/*
 * profile.c — operator profiles: bundled files, config files, --attr.
 *
 * Everything about a value is checked against the vocabulary when it is
 * read, wherever it comes from, so "cii = maybe" in a config file fails with
 * the file and line instead of silently meaning "no".
 */
#include "rules/profile.h"
#include "rules/jcheck.h"
#include "util/datadir.h"
#include "util/fileio.h"
#include "util/country.h"
#include "util/suggest.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PROFILE_FILE_MAX (256u << 10)

const struct profile *profile_find(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nprofiles; i++)
		if (!strcasecmp(rs->profiles[i].name, name)) /* CN-CII is cn-cii */
			return &rs->profiles[i];
	return NULL;
}

/* "no profile", with the nearest bundled names (a typo is not a custom profile). */
static void profile_unknown(const struct ruleset *rs, const struct profile_request *rq,
			    struct strbuf *err)
{
	const char **names = arena_calloc(rq->arena, rs->nprofiles + 1, sizeof *names);
	struct strbuf near = STRBUF_INIT;
	for (size_t i = 0; i < rs->nprofiles; i++)
		names[i] = rs->profiles[i].name;
	strbuf_addf(err, "%s: no profile \"%s\"", rq->profile_origin, rq->profile);
	if (suggest_nearest(&near, rq->profile, names, rs->nprofiles, 3))
		strbuf_addf(err, "; did you mean %s?", near.buf);
	strbuf_addstr(err, " (see 'chipscreen profiles')");
	strbuf_release(&near);
}

const struct strlist *profile_get(const struct profile *p, const char *attr)
{
	for (size_t i = 0; p && i < p->nattrs; i++)
		if (!strcmp(p->attrs[i].def->name, attr))
			return &p->attrs[i].values;
	return NULL;
}

bool profile_is(const struct profile *p, const char *attr)
{
	const struct strlist *v = profile_get(p, attr);
	return v && strlist_has(v, "yes");
}

static bool cond_met(const struct profile *p, const struct bind_cond *c)
{
	const struct strlist *have = profile_get(p, c->attr);
	if (!have) /* an unset yes/no is "no" */
		return strlist_has(&c->values, "no");
	for (size_t i = 0; i < have->n; i++)
		if (strlist_has(&c->values, have->v[i]))
			return true;
	return false;
}

bool profile_binds(const struct profile *p, const struct rule *r)
{
	if (!p)
		return false;
	for (size_t i = 0; i < r->nbinds; i++) {
		size_t k;
		for (k = 0; k < r->binds[i].n; k++)
			if (!cond_met(p, &r->binds[i].conds[k]))
				break;
		if (k == r->binds[i].n)
			return true;
	}
	return false;
}

static void add_values(struct strbuf *out, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		strbuf_addf(out, "%s%s", i ? "," : "", l->v[i]);
}

void profile_describe(const struct profile *p, struct strbuf *out)
{
	for (size_t i = 0; i < p->nattrs; i++) {
		strbuf_addf(out, "%s%s=", i ? " " : "", p->attrs[i].def->name);
		add_values(out, &p->attrs[i].values);
	}
}

void binds_describe(const struct rule *r, struct strbuf *out)
{
	if (!r->nbinds) {
		strbuf_addstr(out, "nobody");
		return;
	}
	for (size_t i = 0; i < r->nbinds; i++) {
		if (i)
			strbuf_addstr(out, ", or ");
		for (size_t k = 0; k < r->binds[i].n; k++) {
			strbuf_addf(out, "%s%s=", k ? " and " : "", r->binds[i].conds[k].attr);
			add_values(out, &r->binds[i].conds[k].values);
		}
	}
}

/* ---------------------------------------------------------------------- */
/* Setting attributes                                                      */

static struct profile_attr *attr_slot(struct arena *a, struct profile *p, const struct attrdef *d)
{
	for (size_t i = 0; i < p->nattrs; i++)
		if (p->attrs[i].def == d)
			return &p->attrs[i];
	struct profile_attr *pa = ARENA_PUSH(a, p->attrs, p->nattrs, p->capattrs);
	pa->def = d;
	return pa;
}

static int parse_bool(const char *v, const char **out)
{
	static const char *const yes[] = {"yes", "true", "1", "on", NULL};
	static const char *const no[] = {"no", "false", "0", "off", NULL};
	for (int i = 0; yes[i]; i++)
		if (!strcasecmp(v, yes[i]))
			return *out = "yes", 0;
	for (int i = 0; no[i]; i++)
		if (!strcasecmp(v, no[i]))
			return *out = "no", 0;
	return -1;
}

static void trim(char **s)
{
	while (isspace((unsigned char)**s))
		(*s)++;
	size_t n = strlen(*s);
	while (n && isspace((unsigned char)(*s)[n - 1]))
		(*s)[--n] = '\0';
}

/* Check one value of attribute d; returns the canonical form or NULL with err. */
static const char *check_value(struct arena *a, const struct attrdef *d, const char *v,
			       const char *origin, struct strbuf *err)
{
	const char *b;
	switch (d->type) {
	case AT_BOOL:
		if (parse_bool(v, &b) == 0)
			return b;
		strbuf_addf(err, "%s: %s: \"%s\" is not yes or no", origin, d->name, v);
		return NULL;
	case AT_COUNTRY: {
		/* "XX" would be a country no rule binds: nothing applies, all
		 * clear.  Unchecked only when the ISO table is missing (said). */
		char cc[3];
		if (country_code_check(v, cc) != 0)
			return arena_strdup(a, cc);
		strbuf_addf(err,
			    "%s: %s: \"%s\" is not an ISO 3166-1 alpha-2 country code (CN, US, "
			    "GB, ...)",
			    origin, d->name, v);
		return NULL;
	}
	case AT_WORD:
		if (strlist_has(&d->values, v))
			return arena_strdup(a, v);
		strbuf_addf(err, "%s: %s: \"%s\" is not one of: ", origin, d->name, v);
		add_values(err, &d->values);
		return NULL;
	}
	return NULL;
}

/* Set attribute key of p from text "a,b,c" (replacing what it held). */
static int set_text(const struct ruleset *rs, struct arena *a, struct profile *p, const char *key,
		    const char *value, const char *origin, struct strbuf *err)
{
	const struct attrdef *d = attr_find(rs, key);
	if (!d) {
		strbuf_addf(err, "%s: unknown attribute \"%s\" (known: profile", origin, key);
		for (size_t i = 0; i < rs->nattrs; i++)
			strbuf_addf(err, ", %s", rs->attrs[i].name);
		strbuf_addch(err, ')');
		return -1;
	}
	struct strlist l = {arena_calloc(a, strlen(value) + 2, sizeof(char *)), 0};
	char *copy = arena_strdup(a, value), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		trim(&tok);
		if (!*tok)
			continue;
		const char *v = check_value(a, d, tok, origin, err);
		if (!v)
			return -1;
		if (!strlist_has(&l, v))
			l.v[l.n++] = v;
	}
	if (!l.n) {
		strbuf_addf(err, "%s: %s: no value", origin, key);
		return -1;
	}
	if (l.n > 1 && !d->multi) {
		strbuf_addf(err, "%s: %s takes one value", origin, key);
		return -1;
	}
	struct profile_attr *pa = attr_slot(a, p, d);
	pa->values = l;
	pa->origin = arena_strdup(a, origin);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Bundled profiles                                                        */

static int load_profile_attrs(const struct ruleset *rs, struct jctx *j, const cJSON *attrs,
			      struct profile *p)
{
	if (jc_object(j, attrs, "attributes") < 0)
		return -1;
	const cJSON *it;
	cJSON_ArrayForEach(it, attrs)
	{
		const char *path = jc_key(j, "attributes", it->string);
		const struct attrdef *d = attr_find(rs, it->string);
		if (!d)
			return jc_fail(j, path, "unknown attribute");
		struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
		int rc = 0;
		if (d->type == AT_BOOL) {
			bool b;
			rc = jc_bool(j, it, path, &b);
			strbuf_addstr(&text, b ? "yes" : "no");
		} else {
			struct strlist l = {0};
			rc = jc_strlist(j, it, path, &l);
			for (size_t i = 0; !rc && i < l.n; i++) {
				if (strchr(l.v[i], ','))
					rc = jc_fail(j, jc_index(j, path, (int)i),
						     "a value cannot hold a comma");
				strbuf_addf(&text, "%s%s", i ? "," : "", l.v[i]);
			}
		}
		if (!rc) {
			const char *origin = arena_printf(j->arena, "profile %s", p->name);
			if (set_text(rs, j->arena, p, d->name, text.buf, path, &err) < 0) {
				/* err begins with the path; keep the file in front */
				strbuf_reset(j->err);
				strbuf_addf(j->err, "%s: %s", j->file, err.buf);
				rc = -1;
			} else {
				attr_slot(j->arena, p, d)->origin = origin;
			}
		}
		strbuf_release(&text);
		strbuf_release(&err);
		if (rc)
			return -1;
	}
	return 0;
}

static int load_profile(struct ruleset *rs, const char *path, const char *base, struct strbuf *err)
{
	static const char *const keys[] = {"name",   "title",      "description",
					   "source", "attributes", NULL};
	struct strbuf text = STRBUF_INIT;
	struct jctx j = {path, err, rs->arena};
	cJSON *doc = NULL;
	int rc = -1;
	if (read_file(path, PROFILE_FILE_MAX, &text, err) < 0 || !(doc = jc_parse(&j, text.buf)))
		goto out;
	struct profile p = {0};
	if (jc_object(&j, doc, "") < 0 || jc_keys(&j, doc, "", keys) < 0 ||
	    jc_str(&j, cJSON_GetObjectItemCaseSensitive(doc, "name"), "name", &p.name) < 0 ||
	    jc_str(&j, cJSON_GetObjectItemCaseSensitive(doc, "title"), "title", &p.title) < 0 ||
	    jc_str(&j, cJSON_GetObjectItemCaseSensitive(doc, "description"), "description",
		   &p.description) < 0 ||
	    jc_str(&j, cJSON_GetObjectItemCaseSensitive(doc, "source"), "source", &p.source) < 0)
		goto out;
	if (strcmp(p.name, base)) {
		jc_fail(&j, "name", "\"%s\" does not match the file name (%s.json)", p.name, base);
		goto out;
	}
	if (!strcmp(p.name, "none") || !strcmp(p.name, "custom")) {
		jc_fail(&j, "name", "\"%s\" is reserved", p.name);
		goto out;
	}
	if (load_profile_attrs(rs, &j, cJSON_GetObjectItemCaseSensitive(doc, "attributes"), &p) < 0)
		goto out;
	if (!p.nattrs) {
		jc_fail(&j, "attributes", "a profile needs at least one attribute");
		goto out;
	}
	p.label = p.name;
	p.file = arena_strdup(rs->arena, path);
	*ARENA_PUSH(rs->arena, rs->profiles, rs->nprofiles, rs->capprofiles) = p;
	rc = 0;
out:
	cJSON_Delete(doc);
	strbuf_release(&text);
	return rc;
}

int profiles_load(struct ruleset *rs, const char *datadir, struct strbuf *err)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&dir, "%s/profiles", datadir ? datadir : data_dir());
	char **names = NULL;
	int n = list_dir(dir.buf, &names, err), rc = n < 0 ? -1 : 0;
	for (int i = 0; i < n && !rc; i++) {
		size_t len = strlen(names[i]);
		if (len < 6 || strcmp(names[i] + len - 5, ".json") || names[i][0] == '.')
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, names[i]);
		char *base = arena_strndup(rs->arena, names[i], len - 5);
		rc = load_profile(rs, path.buf, base, err);
	}
	if (n >= 0)
		free_names(names, n);
	strbuf_release(&dir);
	strbuf_release(&path);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Requests: config files and flags                                        */

void profile_request_init(struct profile_request *rq, struct arena *a)
{
	memset(rq, 0, sizeof *rq);
	rq->arena = a;
}

void profile_request_add(struct profile_request *rq, const char *key, const char *value,
			 const char *origin)
{
	if (!strcmp(key, "profile")) {
		rq->profile = arena_strdup(rq->arena, value);
		rq->profile_origin = arena_strdup(rq->arena, origin);
		/* a profile named later replaces attributes set before it */
		rq->nset = 0;
		return;
	}
	struct profile_setting *s = ARENA_PUSH(rq->arena, rq->set, rq->nset, rq->capset);
	s->key = arena_strdup(rq->arena, key);
	s->value = arena_strdup(rq->arena, value);
	s->origin = arena_strdup(rq->arena, origin);
}

int profile_request_add_arg(struct profile_request *rq, const char *arg, struct strbuf *err)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg) {
		strbuf_addf(err, "--attr %s: expected KEY=VALUE", arg);
		return -1;
	}
	char *key = arena_strndup(rq->arena, arg, (size_t)(eq - arg));
	trim(&key);
	profile_request_add(rq, key, eq + 1, "--attr");
	return 0;
}

int config_read(struct profile_request *rq, const char *path, bool must_exist, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	if (!must_exist && access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (read_file(path, PROFILE_FILE_MAX, &text, err) < 0) {
		strbuf_release(&text);
		return -1;
	}
	int lineno = 0, rc = 0;
	/* the keys this file set and where, to refuse one given twice */
	struct seen {
		const char *key;
		int line;
	} *seen = NULL;
	size_t nseen = 0, capseen = 0;
	/* walk by hand: strtok would skip empty lines and miscount them */
	for (char *line = text.buf; line && !rc;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *s = line;
		line = nl ? nl + 1 : NULL;
		trim(&s);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		char *origin = arena_printf(rq->arena, "%s:%d", path, lineno);
		if (!eq) {
			strbuf_addf(err, "%s: expected \"key = value\"", origin);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = s, *value = eq + 1;
		trim(&key);
		trim(&value);
		if (!*key || !*value) {
			strbuf_addf(err, "%s: expected \"key = value\"", origin);
			rc = -1;
			break;
		}
		/* "profile = a" then "profile = b" in one file: the last won
		 * silently, and which was meant cannot be told */
		for (size_t k = 0; k < nseen && !rc; k++)
			if (!strcmp(seen[k].key, key)) {
				strbuf_addf(err,
					    "%s: \"%s\" is given twice in this file (first at "
					    "line %d): keep the one meant",
					    origin, key, seen[k].line);
				rc = -1;
			}
		if (rc)
			break;
		*ARENA_PUSH(rq->arena, seen, nseen, capseen) =
			(struct seen){arena_strdup(rq->arena, key), lineno};
		profile_request_add(rq, key, value, origin);
	}
	strbuf_release(&text);
	return rc;
}

int config_read_default(struct profile_request *rq, struct strbuf *err)
{
	const char *env = getenv("CHIPSCREEN_CONFIG");
	if (env)
		return *env ? config_read(rq, env, true, err) : 0;
	if (config_read(rq, "/etc/chipscreen.conf", false, err) < 0)
		return -1;
	struct strbuf p = STRBUF_INIT;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int rc = 0;
	if (xdg && *xdg)
		strbuf_addf(&p, "%s/chipscreen/config", xdg);
	else if (home && *home)
		strbuf_addf(&p, "%s/.config/chipscreen/config", home);
	if (p.len)
		rc = config_read(rq, p.buf, false, err);
	strbuf_release(&p);
	return rc;
}

int profile_resolve(const struct ruleset *rs, const struct profile_request *rq,
		    const struct profile **out, struct strbuf *err)
{
	*out = NULL;
	if (rq->profile && !strcasecmp(rq->profile, "none")) {
		if (rq->nset) {
			strbuf_addf(err,
				    "%s: attributes given with profile none (the exposure view)",
				    rq->set[0].origin);
			return -1;
		}
		return 0;
	}
	if (!rq->profile && !rq->nset)
		return 0;
	struct profile *p = arena_alloc(rq->arena, sizeof *p);
	if (rq->profile) {
		const struct profile *base = profile_find(rs, rq->profile);
		if (!base) {
			profile_unknown(rs, rq, err);
			return -1;
		}
		*p = *base;
		p->attrs = NULL;
		p->nattrs = p->capattrs = 0;
		for (size_t i = 0; i < base->nattrs; i++)
			*ARENA_PUSH(rq->arena, p->attrs, p->nattrs, p->capattrs) = base->attrs[i];
	} else {
		p->name = "custom";
		p->title = "custom profile";
		p->description = "built from attributes in the config file and on the command line";
		p->source = "config and command line";
	}
	struct strbuf label = STRBUF_INIT;
	for (size_t i = 0; i < rq->nset; i++) {
		const struct profile_setting *s = &rq->set[i];
		if (set_text(rs, rq->arena, p, s->key, s->value, s->origin, err) < 0) {
			strbuf_release(&label);
			return -1;
		}
	}
	/* the label shows what differs from the named profile */
	for (size_t i = 0; i < p->nattrs; i++) {
		if (rq->profile && !strncmp(p->attrs[i].origin, "profile ", 8))
			continue;
		strbuf_addf(&label, "%s%s=", label.len ? ", " : "", p->attrs[i].def->name);
		add_values(&label, &p->attrs[i].values);
	}
	p->label = label.len ? arena_printf(rq->arena, "%s (%s)", p->name, label.buf) : p->name;
	strbuf_release(&label);
	*out = p;
	return 0;
}
