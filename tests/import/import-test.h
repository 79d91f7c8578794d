/*
 * import-test.h — helpers the importer tests share (header-only: each test
 * program includes it; static inline so unused ones cost nothing).
 */
#ifndef IMPORT_TEST_H
#define IMPORT_TEST_H

#include "testutil.h"

#include "chipscreen.h"
#include "import/import.h"

#include <stdio.h>
#include <string.h>

/* Import a file that must import; fails the test with the message if not. */
static inline struct inventory *must_import(const char *path, enum import_format fmt,
					    const struct import_options *opt)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	int rc = import_file(path, fmt, opt, inv, &err);
	if (rc != 0)
		fail_msg("import %s: %s", path, err.buf);
	strbuf_release(&err);
	return inv;
}

/* Import text that must import. */
static inline struct inventory *must_import_text(const char *text, const char *name,
						 enum import_format fmt,
						 const struct import_options *opt)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	int rc = import_buffer(text, strlen(text), name, fmt, opt, inv, &err);
	if (rc != 0)
		fail_msg("import %s: %s", name, err.buf);
	strbuf_release(&err);
	return inv;
}

/* Import text that must be rejected; returns the message (caller frees). */
static inline char *must_reject(const char *data, size_t len, const char *name,
				enum import_format fmt, const struct import_options *opt)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	int rc = import_buffer(data, len, name, fmt, opt, inv, &err);
	if (rc != -1)
		fail_msg("import %s: expected a rejection, got %d", name, rc);
	assert_int_equal(inv->ncomps, 0);
	assert_int_equal(inv->nwarnings, 0);
	inventory_free(inv);
	return strbuf_detach(&err, NULL);
}

static inline const struct component *find(const struct inventory *inv, const char *id)
{
	for (size_t i = 0; i < inv->ncomps; i++)
		if (!strcmp(inv->comps[i].id, id))
			return &inv->comps[i];
	fail_msg("no component \"%s\"", id);
	return NULL;
}

static inline const char *dec(const struct component *c, enum fkey k)
{
	const struct field *f = component_field(c, k, false);
	return f ? f->value : NULL;
}

static inline const char *raw(const struct component *c, enum fkey k)
{
	const struct field *f = component_field(c, k, true);
	return f ? f->value : NULL;
}

static inline const char *src_of(const struct component *c, enum fkey k)
{
	const struct field *f = component_field(c, k, true);
	if (!f)
		f = component_field(c, k, false);
	return f ? f->source : NULL;
}

static inline const char *extra(const struct component *c, const char *name, bool israw)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (c->fields[i].key == FK_EXTRA && !strcmp(c->fields[i].name, name) &&
		    !!(c->fields[i].flags & FIELD_RAW) == israw)
			return c->fields[i].value;
	return NULL;
}

static inline size_t count_kind(const struct inventory *inv, enum kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < inv->ncomps; i++)
		n += inv->comps[i].kind == k;
	return n;
}

/* The first warning containing needle, or NULL. */
static inline const char *warning_with(const struct inventory *inv, const char *needle)
{
	for (size_t i = 0; i < inv->nwarnings; i++)
		if (strstr(inv->warnings[i].reason, needle))
			return inv->warnings[i].reason;
	return NULL;
}

static inline void assert_warning(const struct inventory *inv, const char *needle)
{
	if (!warning_with(inv, needle)) {
		for (size_t i = 0; i < inv->nwarnings; i++)
			print_message("  warning: %s\n", inv->warnings[i].reason);
		fail_msg("no warning containing \"%s\"", needle);
	}
}

/* "suffix" of a source "path:line": the part after the last '/'. */
static inline const char *base_of(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	return s ? s + 1 : path;
}

static inline bool str_prefix_ok(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

#define assert_str(a, b)                                                                           \
	do {                                                                                       \
		const char *a_ = (a), *b_ = (b);                                                   \
		if (!a_ || strcmp(a_, b_) != 0)                                                    \
			fail_msg("%s is \"%s\", expected \"%s\"", #a, a_ ? a_ : "(null)", b_);     \
	} while (0)

#endif
