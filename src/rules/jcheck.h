/*
 * jcheck.h — checking JSON documents against what chipscreen expects, with
 * errors naming the file and the JSON path ("x.json: rules[0].effective:
 * \"2023-02-30\" is not a date (YYYY-MM-DD)").
 *
 * Rules and profiles are small hand-written files; their loaders walk them with
 * these helpers and stop at the first error, which is what a person fixing a
 * file needs.  Every helper returns 0, or -1 after writing the error.
 */
#ifndef RULES_JCHECK_H
#define RULES_JCHECK_H

#include <cjson/cJSON.h>

#include "chipscreen.h"
#include "rules/rules.h"
#include "util/strbuf.h"

struct jctx {
	const char *file; /* path shown in errors */
	struct strbuf *err;
	struct arena *arena; /* strings kept are copied here */
};

int jc_fail(struct jctx *j, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Parse text as JSON; a syntax error names the line. */
cJSON *jc_parse(struct jctx *j, const char *text);
/* Every key of obj must be in allowed (NULL-terminated). */
int jc_keys(struct jctx *j, const cJSON *obj, const char *path, const char *const *allowed);
int jc_object(struct jctx *j, const cJSON *item, const char *path);
/* A non-empty string, copied into the arena. */
int jc_str(struct jctx *j, const cJSON *item, const char *path, const char **out);
int jc_bool(struct jctx *j, const cJSON *item, const char *path, bool *out);
int jc_date(struct jctx *j, const cJSON *item, const char *path, day_t *out);
/* An array of non-empty strings (a single string is accepted as a list of one). */
int jc_strlist(struct jctx *j, const cJSON *item, const char *path, struct strlist *out);
/* path + "." + key, or path + "[i]", in the arena. */
const char *jc_key(struct jctx *j, const char *path, const char *key);
const char *jc_index(struct jctx *j, const char *path, int i);

#endif
