/*
 * jcheck.c — JSON checking helpers for rule and profile files.
 */
#include "rules/jcheck.h"
#include "util/json.h"
#include "util/date.h"

#include <stdarg.h>
#include <string.h>

int jc_fail(struct jctx *j, const char *path, const char *fmt, ...)
{
	va_list ap;
	strbuf_reset(j->err);
	strbuf_addf(j->err, "%s: ", j->file);
	if (path && *path)
		strbuf_addf(j->err, "%s: ", path);
	va_start(ap, fmt);
	strbuf_vaddf(j->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* A member named twice anywhere in the document: cJSON reads the first, a
 * person editing the file may mean the last ("effective" given again below
 * to change the date), so the file says two things and is refused. */
static int no_repeats(struct jctx *j, const cJSON *it, const char *path)
{
	const char *twice = cJSON_IsObject(it) ? json_repeated_member(it) : NULL;
	if (twice)
		return jc_fail(j, jc_key(j, path, twice),
			       "given twice in one object (which one counts is not defined): "
			       "keep one");
	int i = 0;
	for (const cJSON *c = it->child; c; c = c->next, i++)
		if (no_repeats(j, c, cJSON_IsObject(it) ? jc_key(j, path, c->string)
							: jc_index(j, path, i)) < 0)
			return -1;
	return 0;
}

cJSON *jc_parse(struct jctx *j, const char *text)
{
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithOpts(text, &end, 1);
	if (doc && no_repeats(j, doc, NULL) < 0) {
		cJSON_Delete(doc);
		return NULL;
	}
	if (doc)
		return doc;
	int line = 1;
	for (const char *p = text; end && p < end && *p; p++)
		line += *p == '\n';
	jc_fail(j, NULL, "line %d: not valid JSON", line);
	return NULL;
}

const char *jc_key(struct jctx *j, const char *path, const char *key)
{
	return path && *path ? arena_printf(j->arena, "%s.%s", path, key) : key;
}

const char *jc_index(struct jctx *j, const char *path, int i)
{
	return arena_printf(j->arena, "%s[%d]", path ? path : "", i);
}

int jc_object(struct jctx *j, const cJSON *item, const char *path)
{
	if (!cJSON_IsObject(item))
		return jc_fail(j, path && *path ? path : "top level", "expected an object");
	return 0;
}

int jc_keys(struct jctx *j, const cJSON *obj, const char *path, const char *const *allowed)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, obj)
	{
		size_t i;
		for (i = 0; allowed[i]; i++)
			if (!strcmp(allowed[i], it->string))
				break;
		if (allowed[i])
			continue;
		struct strbuf known = STRBUF_INIT;
		for (i = 0; allowed[i]; i++)
			strbuf_addf(&known, "%s%s", i ? ", " : "", allowed[i]);
		jc_fail(j, jc_key(j, path, it->string), "unknown key (known: %s)", known.buf);
		strbuf_release(&known);
		return -1;
	}
	return 0;
}

int jc_str(struct jctx *j, const cJSON *item, const char *path, const char **out)
{
	if (!cJSON_IsString(item) || !item->valuestring[0])
		return jc_fail(j, path, "expected a non-empty string");
	*out = arena_strdup(j->arena, item->valuestring);
	return 0;
}

int jc_bool(struct jctx *j, const cJSON *item, const char *path, bool *out)
{
	if (!cJSON_IsBool(item))
		return jc_fail(j, path, "expected true or false");
	*out = cJSON_IsTrue(item);
	return 0;
}

int jc_date(struct jctx *j, const cJSON *item, const char *path, day_t *out)
{
	if (!cJSON_IsString(item))
		return jc_fail(j, path, "expected a date as a string (YYYY-MM-DD)");
	*out = date_parse(item->valuestring);
	if (!*out)
		return jc_fail(j, path, "\"%s\" is not a date (YYYY-MM-DD)", item->valuestring);
	return 0;
}

int jc_strlist(struct jctx *j, const cJSON *item, const char *path, struct strlist *out)
{
	if (cJSON_IsString(item)) {
		out->v = arena_alloc(j->arena, sizeof *out->v);
		out->n = 1;
		return jc_str(j, item, path, &out->v[0]);
	}
	if (!cJSON_IsArray(item))
		return jc_fail(j, path, "expected an array of strings");
	int n = cJSON_GetArraySize(item);
	out->v = arena_calloc(j->arena, (size_t)n + 1, sizeof *out->v);
	out->n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, item)
	{
		if (jc_str(j, it, jc_index(j, path, (int)out->n), &out->v[out->n]) < 0)
			return -1;
		out->n++;
	}
	return 0;
}
