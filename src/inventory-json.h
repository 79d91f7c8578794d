/*
 * inventory-json.h — the inventory as JSON (doc/inventory-schema.md).
 *
 * This is chipscreen's interchange format: `collect` writes it, `import` and
 * `scan FILE` read it back.  Reading is strict about structure (a wrong type is
 * an error naming the JSON path) and lenient about unknown keys, which are
 * kept as extra fields so nothing read is lost.
 */
#ifndef INVENTORY_JSON_H
#define INVENTORY_JSON_H

#include <cjson/cJSON.h>

#include "chipscreen.h"
#include "util/arena.h"
#include "util/strbuf.h"

cJSON *inventory_to_json(const struct inventory *inv);
cJSON *component_to_json(const struct component *c);
cJSON *attribution_to_json(const struct attribution *a);
cJSON *maker_to_json(const struct maker *m);
/* One piece of evidence: {"field", "raw", "rule", "source", "org",
 * "confidence"}, members with no value left out. */
cJSON *evidence_to_json(const struct evidence *e);
/* An array of those back, its strings in a: 0, or -1 when arr is not such
 * an array (a wrong type, an unknown confidence). */
int evidence_from_json(const cJSON *arr, struct arena *a, struct evidence **out, size_t *n);
/* Fill inv from a parsed document.  Returns 0, or -1 with err set
 * ("components[3].raw.serial: expected an object"). */
int inventory_from_json(const cJSON *doc, struct inventory *inv, struct strbuf *err);
/* The same for a document a store kept: what an earlier chipscreen stored
 * it reads still (a repeated member as its first, a fact of another type as
 * absent), so that a host's history never becomes unreadable.  Documents
 * being imported or uploaded are read with inventory_from_json. */
int inventory_from_json_stored(const cJSON *doc, struct inventory *inv, struct strbuf *err);
/* Read a file holding an inventory document. */
int inventory_load_file(const char *path, struct inventory *inv, struct strbuf *err);
/* Write inv as pretty JSON to f. */
int inventory_write(const struct inventory *inv, FILE *f);
/* Write inv as JSON to f: pretty (indented, a member a line) or compact (one
 * line, no space), followed by a newline. */
int inventory_write_json(const struct inventory *inv, FILE *f, bool pretty);
/* Add "key": value only when value is non-NULL. */
void json_add_str(cJSON *obj, const char *key, const char *value);

#endif
