/*
 * fmt-json.c — CSL JSON and OpenSanctions FollowTheMoney JSON lines (cJSON).
 *
 * The CSL file is one array of records (bare, or under "results").  Rather
 * than parse it whole, the reader walks the array and hands each record's
 * bytes to cJSON, so a damaged record is reported with the line it starts
 * on, and a file that ends inside the array is known as cut (limport_cut:
 * refused unless forced, which imports every complete record).
 *
 * FtM files hold one entity per line; a last line that is no whole JSON value
 * is where a cut file ends (limport_cut).  Sanctions and addresses are entities
 * of their own that point at their subject, so the file is read twice: first
 * to collect them, then to build the entries.
 */
#include "lists/lists.h"
#include "util/strmap.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_FILE ((size_t)1 << 30)

static const char *jstr(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsArray(v)) { /* programs: ["A", "B"] */
		static char buf[1024];
		buf[0] = '\0';
		cJSON *x;
		cJSON_ArrayForEach(x, v)
		{
			if (cJSON_IsString(x) &&
			    strlen(buf) + strlen(x->valuestring) + 3 < sizeof buf) {
				if (buf[0])
					strcat(buf, "; ");
				strcat(buf, x->valuestring);
			}
		}
		return buf[0] ? buf : NULL;
	}
	return NULL;
}

static const char *list_code_json(struct limport *imp, const char *source)
{
	if (!source)
		return "CSL";
	const char *o = strchr(source, '('), *c = o ? strchr(o, ')') : NULL;
	if (o && c && c - o > 1 && c - o < 12)
		return arena_strndup(imp->arena, o + 1, (size_t)(c - o - 1));
	return arena_strdup(imp->arena, source);
}

static void csl_record(struct limport *imp, cJSON *r, long line)
{
	const char *name = jstr(r, "name");
	if (!name || !*name) {
		limport_problem(imp, line, true, "record without a name; skipped");
		return;
	}
	struct lentry *e = limport_entry(imp, line);
	cJSON *src = cJSON_GetObjectItem(r, "source");
	const char *s = cJSON_IsString(src) ? src->valuestring : NULL;
	if (cJSON_IsObject(src))
		s = jstr(src, "full_name") ? jstr(src, "full_name") : jstr(src, "code");
	e->list = list_code_json(imp, s);
	const char *succ = strstr(name, "; and any successor");
	char *nm = succ ? xstrndup(name, (size_t)(succ - name)) : xstrdup(name);
	lentry_name(imp, e, nm, "primary");
	free(nm);
	e->ref = limport_str(imp, jstr(r, "id") ? jstr(r, "id") : jstr(r, "_id"));
	if (!e->ref)
		e->ref = limport_str(imp, jstr(r, "entity_number"));
	const char *type = limport_str(imp, jstr(r, "type"));
	e->type = type ? type : "";
	e->programs = limport_str(imp, jstr(r, "programs"));
	e->citation = limport_str(imp, jstr(r, "federal_register_notice"));
	e->start_date = limport_str(imp, jstr(r, "start_date"));
	e->end_date = limport_str(imp, jstr(r, "end_date"));
	e->remarks = limport_str(imp, jstr(r, "remarks"));
	e->url = limport_str(imp, jstr(r, "source_list_url"));
	e->license_requirement = limport_str(imp, jstr(r, "license_requirement"));
	e->license_policy = limport_str(imp, jstr(r, "license_policy"));
	cJSON *x;
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(r, "alt_names"))
	{
		if (cJSON_IsString(x))
			lentry_name(imp, e, x->valuestring, "alias");
	}
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(r, "addresses"))
	{
		struct strbuf a = STRBUF_INIT;
		const char *parts[] = {"address", "city", "state", "postal_code"};
		for (int i = 0; i < 4; i++) {
			const char *v = jstr(x, parts[i]);
			if (v && *v)
				strbuf_addf(&a, "%s%s", a.len ? ", " : "", v);
		}
		lentry_addr(imp, e, a.len ? a.buf : NULL, jstr(x, "country"));
		strbuf_release(&a);
	}
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(r, "ids"))
	{
		const char *t = jstr(x, "type"), *v = jstr(x, "number");
		if (v && t && !strstr(t, "Website") && !strstr(t, "Email") && !strstr(t, "Gender"))
			lentry_id(imp, e, t, v, jstr(x, "country"));
	}
	const char *cits[] = {"citizenships", "nationalities"};
	for (int i = 0; i < 2; i++) {
		cJSON_ArrayForEach(x, cJSON_GetObjectItem(r, cits[i]))
		{
			if (cJSON_IsString(x))
				lentry_addr(imp, e, NULL, x->valuestring);
		}
		const char *one = jstr(r, cits[i]);
		if (one && cJSON_IsString(cJSON_GetObjectItem(r, cits[i])))
			lentry_addr(imp, e, NULL, one);
	}
}

/* The end of the JSON value starting at s[i] ('{' or '['), or 0 if it is cut. */
static size_t value_end(const char *s, size_t n, size_t i, long *lines)
{
	int depth = 0;
	bool str = false;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '\n')
			(*lines)++;
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
			continue;
		}
		if (c == '"')
			str = true;
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return i + 1;
	}
	return 0;
}

int fmt_csl_json(struct limport *imp, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	if (read_file(imp->path, JSON_MAX_FILE, &text, err) < 0)
		return -1;
	const char *s = text.buf;
	size_t n = text.len, i = 0;
	long line = 1;
	while (i < n && s[i] != '[' && s[i] != '{')
		line += s[i++] == '\n';
	if (i < n && s[i] == '{') {
		const char *res = strstr(s + i, "\"results\"");
		if (!res) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: a JSON object without \"results\": not a CSL file",
				    imp->path);
			strbuf_release(&text);
			return -1;
		}
		for (; i < n && s + i < res; i++)
			line += s[i] == '\n';
		while (i < n && s[i] != '[')
			line += s[i++] == '\n';
	}
	if (i >= n) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: no array of records found", imp->path);
		strbuf_release(&text);
		return -1;
	}
	i++; /* past '[' */
	for (;;) {
		while (i < n &&
		       (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t' || s[i] == ','))
			line += s[i++] == '\n';
		if (i >= n) {
			limport_problem(imp, line, false,
					"the file ends inside the array (truncated)");
			limport_cut(imp, NULL, line, "inside the array of records");
			break;
		}
		if (s[i] == ']')
			break;
		long start = line;
		if (s[i] != '{') {
			limport_problem(imp, start, true,
					"expected a record ('{'); the rest is skipped");
			break;
		}
		size_t end = value_end(s, n, i, &line);
		imp->rows++;
		if (!end) {
			limport_problem(imp, start, true,
					"record cut off (truncated file); skipped");
			limport_cut(imp, NULL, start, "inside a record");
			break;
		}
		cJSON *r = cJSON_ParseWithLength(s + i, end - i);
		if (!r)
			limport_problem(imp, start, true, "malformed JSON record; skipped");
		else
			csl_record(imp, r, start);
		cJSON_Delete(r);
		i = end;
	}
	strbuf_release(&text);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* FollowTheMoney                                                          */

struct ftm_ctx {
	struct strmap sanctions; /* entity id -> index into progs */
	char **progs, **cits;
	size_t nprogs;
	struct strmap addrs; /* address entity id -> index into addr_text */
	char **addr_text, **addr_country;
	size_t naddrs;
};

static bool is_party(const char *schema)
{
	static const char *const s[] = {"Person",     "Company", "Organization", "LegalEntity",
					"PublicBody", "Vessel",  "Airplane"};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		if (!strcmp(schema, s[i]))
			return true;
	return false;
}

static void append(char **dst, const char *v)
{
	if (!v || !*v)
		return;
	if (*dst && strstr(*dst, v))
		return;
	size_t a = *dst ? strlen(*dst) : 0, b = strlen(v);
	*dst = xrealloc(*dst, a + b + 3);
	if (a)
		memcpy(*dst + a, "; ", 2), a += 2;
	memcpy(*dst + a, v, b + 1);
}

static const char *first(cJSON *props, const char *key)
{
	cJSON *a = cJSON_GetObjectItem(props, key);
	cJSON *v = cJSON_IsArray(a) ? cJSON_GetArrayItem(a, 0) : NULL;
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void ftm_collect(struct ftm_ctx *c, cJSON *j)
{
	const char *schema = jstr(j, "schema"), *id = jstr(j, "id");
	cJSON *props = cJSON_GetObjectItem(j, "properties");
	if (!schema || !id)
		return;
	if (!strcmp(schema, "Sanction")) {
		cJSON *ents = cJSON_GetObjectItem(props, "entity"), *x;
		cJSON_ArrayForEach(x, ents)
		{
			if (!cJSON_IsString(x))
				continue;
			uint32_t ix;
			if (!strmap_get(&c->sanctions, x->valuestring, strlen(x->valuestring),
					&ix)) {
				ix = (uint32_t)c->nprogs++;
				c->progs = xreallocarray(c->progs, c->nprogs, sizeof *c->progs);
				c->cits = xreallocarray(c->cits, c->nprogs, sizeof *c->cits);
				c->progs[ix] = c->cits[ix] = NULL;
				strmap_put(&c->sanctions, x->valuestring, strlen(x->valuestring),
					   ix, NULL);
			}
			append(&c->progs[ix], first(props, "program"));
			append(&c->progs[ix], first(props, "programId"));
			const char *auth = first(props, "authority");
			const char *url = first(props, "sourceUrl");
			append(&c->cits[ix], auth);
			append(&c->cits[ix], url);
		}
	} else if (!strcmp(schema, "Address")) {
		uint32_t ix = (uint32_t)c->naddrs++;
		c->addr_text = xreallocarray(c->addr_text, c->naddrs, sizeof *c->addr_text);
		c->addr_country =
			xreallocarray(c->addr_country, c->naddrs, sizeof *c->addr_country);
		const char *full = first(props, "full");
		c->addr_text[ix] = xstrdup(full                 ? full
					   : jstr(j, "caption") ? jstr(j, "caption")
								: "");
		const char *cc = first(props, "country");
		c->addr_country[ix] = cc ? xstrdup(cc) : NULL;
		strmap_put(&c->addrs, id, strlen(id), ix, NULL);
	}
}

static void ftm_entity(struct limport *imp, struct ftm_ctx *c, cJSON *j, long line)
{
	const char *schema = jstr(j, "schema"), *id = jstr(j, "id");
	cJSON *props = cJSON_GetObjectItem(j, "properties");
	if (!schema || !id || !is_party(schema))
		return;
	cJSON *target = cJSON_GetObjectItem(j, "target");
	if (target && !cJSON_IsTrue(target))
		return;
	struct lentry *e = limport_entry(imp, line);
	e->ref = limport_str(imp, id);
	e->type = limport_str(imp, schema);
	const char *caption = jstr(j, "caption");
	if (caption)
		lentry_name(imp, e, caption, "primary");
	static const char *const name_props[][2] = {
		{"name", "name"},      {"alias", "alias"},        {"previousName", "previous"},
		{"weakAlias", "weak"}, {"abbreviation", "alias"},
	};
	cJSON *x;
	for (size_t i = 0; i < sizeof name_props / sizeof *name_props; i++)
		cJSON_ArrayForEach(x, cJSON_GetObjectItem(props, name_props[i][0]))
		{
			if (cJSON_IsString(x))
				lentry_name(imp, e, x->valuestring, name_props[i][1]);
		}
	static const char *const country_props[] = {"country", "jurisdiction", "nationality",
						    "citizenship", "mainCountry"};
	for (size_t i = 0; i < sizeof country_props / sizeof *country_props; i++)
		cJSON_ArrayForEach(x, cJSON_GetObjectItem(props, country_props[i]))
		{
			if (cJSON_IsString(x))
				lentry_addr(imp, e, NULL, x->valuestring);
		}
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(props, "address"))
	{
		if (cJSON_IsString(x))
			lentry_addr(imp, e, x->valuestring, NULL);
	}
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(props, "addressEntity"))
	{
		uint32_t ix;
		if (cJSON_IsString(x) &&
		    strmap_get(&c->addrs, x->valuestring, strlen(x->valuestring), &ix))
			lentry_addr(imp, e, c->addr_text[ix], c->addr_country[ix]);
	}
	static const char *const id_props[] = {
		"registrationNumber", "innCode",   "ogrnCode", "taxNumber",      "leiCode",
		"swiftBic",           "imoNumber", "idNumber", "passportNumber", "vatCode",
		"okpoCode",           "kppCode"};
	for (size_t i = 0; i < sizeof id_props / sizeof *id_props; i++)
		cJSON_ArrayForEach(x, cJSON_GetObjectItem(props, id_props[i]))
		{
			if (cJSON_IsString(x))
				lentry_id(imp, e, id_props[i], x->valuestring, NULL);
		}
	struct strbuf ds = STRBUF_INIT;
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(j, "datasets"))
	{
		if (cJSON_IsString(x))
			strbuf_addf(&ds, "%s%s", ds.len ? "," : "", x->valuestring);
	}
	e->list = ds.len ? arena_strdup(imp->arena, ds.buf) : "FTM";
	strbuf_release(&ds);
	uint32_t ix;
	if (strmap_get(&c->sanctions, id, strlen(id), &ix)) {
		e->programs = limport_str(imp, c->progs[ix]);
		e->citation = limport_str(imp, c->cits[ix]);
	}
	const char *notes = first(props, "notes");
	e->remarks = limport_str(imp, notes);
	const char *change = jstr(j, "last_change");
	if (change && (!imp->version || strcmp(change, imp->version) > 0))
		imp->version = arena_strdup(imp->meta, change);
}

static int ftm_pass(struct limport *imp, struct ftm_ctx *c, int pass, struct strbuf *err)
{
	FILE *f = fopen(imp->path, "rb");
	if (!f) {
		describe_errno(err, imp->path, errno);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long no = 0, bad = 0; /* bad: the last line read, when it was no JSON object */
	while ((len = getline(&line, &cap, f)) > 0) {
		no++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		if (pass == 1)
			imp->rows++;
		if ((size_t)len > 64u << 20) {
			if (pass == 1)
				limport_problem(imp, no, true,
						"entity longer than 64 MiB; skipped");
			continue;
		}
		cJSON *j = cJSON_ParseWithLength(line, (size_t)len);
		bad = !j || !cJSON_IsObject(j) ? no : 0;
		if (bad) {
			if (pass == 1)
				limport_problem(
					imp, no, true,
					"not a JSON object (malformed or truncated); skipped");
		} else if (pass == 0) {
			ftm_collect(c, j);
		} else {
			ftm_entity(imp, c, j, no);
		}
		cJSON_Delete(j);
		if (pass == 1)
			limport_between(imp);
	}
	free(line);
	fclose(f);
	/* a damaged line among whole ones is dropped; the last one is where a
	 * download cut short ends */
	if (pass == 1 && bad)
		limport_cut(imp, NULL, bad, "inside its last JSON object");
	return 0;
}

int fmt_ftm(struct limport *imp, struct strbuf *err)
{
	struct ftm_ctx c;
	memset(&c, 0, sizeof c);
	strmap_init(&c.sanctions);
	strmap_init(&c.addrs);
	int rc = ftm_pass(imp, &c, 0, err);
	if (rc == 0)
		rc = ftm_pass(imp, &c, 1, err);
	for (size_t i = 0; i < c.nprogs; i++) {
		free(c.progs[i]);
		free(c.cits[i]);
	}
	for (size_t i = 0; i < c.naddrs; i++) {
		free(c.addr_text[i]);
		free(c.addr_country[i]);
	}
	free(c.progs);
	free(c.cits);
	free(c.addr_text);
	free(c.addr_country);
	strmap_free(&c.sanctions);
	strmap_free(&c.addrs);
	return rc;
}
