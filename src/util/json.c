/*
 * json.c — one JSON document, nothing after it (json.h).
 *
 * JSON's white space is four characters (RFC 8259, section 2: space, tab,
 * line feed, carriage return); anything else after the document is more
 * content, which a reader would drop without a word.
 */
#include "util/json.h"

#include <cjson/cJSON.h>
#include <string.h>

static bool json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

cJSON *json_parse_one(const char *s, size_t len, size_t *at, bool *more)
{
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(s, len, &end, 0);
	*more = false;
	*at = end && end >= s ? (size_t)(end - s) : 0;
	if (!doc)
		return NULL;
	while (*at < len && json_space(s[*at]))
		(*at)++;
	if (*at < len) {
		*more = true;
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

const char *json_repeated_member(const cJSON *o)
{
	for (const cJSON *a = o ? o->child : NULL; a; a = a->next)
		for (const cJSON *b = a->next; b; b = b->next)
			if (a->string && b->string && !strcmp(a->string, b->string))
				return a->string;
	return NULL;
}
