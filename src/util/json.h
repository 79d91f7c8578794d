/*
 * json.h — one JSON document in a buffer, and nothing after it.
 *
 * cJSON stops at the end of the first value and says where: "{...}{...}"
 * (two collect outputs appended to one file, `collect >> a.json`) parses as
 * its first document, the second unsaid.  A reader of a file or a body that
 * holds one document asks here instead, and learns where the rest starts.
 * White space after the document (the newline every tool writes) is fine.
 */
#ifndef UTIL_JSON_H
#define UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

/* s[0..len) as one JSON document; NULL when it is not, with *at the byte
 * offset of the trouble and *more true when a document parsed but more than
 * white space follows it (at *at), false when it did not parse (cJSON stopped
 * near *at). */
struct cJSON *json_parse_one(const char *s, size_t len, size_t *at, bool *more);

/* The name of a member that appears twice in object o, or NULL.  JSON
 * leaves a repeated name's meaning open (cJSON reads the first, most readers
 * the last), so a document with one says two things at once: a host named
 * twice, a DIMM whose manufacturer is Micron and Samsung, a screen request's
 * "min" given twice.  Readers refuse it rather than read it one way. */
const char *json_repeated_member(const struct cJSON *o);

#endif
