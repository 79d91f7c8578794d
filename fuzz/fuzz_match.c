/*
 * fuzz_match.c — name scoring and the name index against each other
 * (match/score.c, match/index.c): the input's first line is a query, each
 * further line (up to 24) a listed name of its own entry, an organisation
 * or, on odd lines, a person.  A small index is built from them and the
 * query searched twice, through the index and --exhaustive: the two must
 * give the same hits with the same scores (the index's promise, doc/matching.md
 * "Index"), each score in [0, 1].  Then compare_names() of the query with
 * every listed name, both ways, with and without the index's weights: a
 * number in [0, 1] and an explanation.  Joined, split, respelt and clipped
 * words (score_tokens) are where the index marks names by keys of their
 * own: a dictionary of list words helps the fuzzer make them.
 */
#include "fuzz-support.h"

#include "match/index.h"
#include "util/xalloc.h"

#include <math.h>
#include <string.h>

#define MAX_LISTED 24

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("CHIPSCREEN_DATA", CHIPSCREEN_DATADIR, 0);
	return 0;
}

/* The input split at newlines into at most n NUL-terminated lines in buf. */
static int split_lines(const uint8_t *data, size_t size, char *buf, char **line, int n)
{
	memcpy(buf, data, size);
	buf[size] = '\0';
	int k = 0;
	for (char *p = buf; p && k < n;) {
		line[k++] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	return k;
}

static void check_score(double s, const char *what)
{
	if (!(s >= 0 && s <= 1))
		fuzz_abort("%s: score %f outside [0, 1]", what, s);
}

static void search_both(struct nindex *ix, const char *query)
{
	struct nx_query q = {.name = query, .min = 0.05, .limit = 1000};
	struct nx_result a = {0}, b = {0};
	int ra = nindex_search(ix, &q, &a);
	q.exhaustive = true;
	int rb = nindex_search(ix, &q, &b);
	if (ra != rb || a.n != b.n)
		fuzz_abort("index and exhaustive differ for \"%s\": %zu and %zu hits", query, a.n,
			   b.n);
	for (size_t i = 0; i < a.n; i++) {
		check_score(a.hits[i].score, "search");
		if (a.hits[i].entry != b.hits[i].entry || a.hits[i].name != b.hits[i].name ||
		    fabs(a.hits[i].score - b.hits[i].score) > 1e-12)
			fuzz_abort("index and exhaustive differ for \"%s\" at hit %zu", query, i);
	}
	nx_result_release(&a);
	nx_result_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0; /* a few names: longer inputs only slow the run */
	struct strbuf err = STRBUF_INIT;
	struct nindex *ix = nindex_new(&err);
	if (!ix)
		fuzz_abort("no normalisation tables: %s", err.buf);
	char *buf = xmalloc(size + 1), *line[MAX_LISTED + 1];
	int n = split_lines(data, size, buf, line, MAX_LISTED + 1);
	uint32_t entry[MAX_LISTED + 1];
	for (int i = 1; i < n; i++) { /* every entry, then the names (match/index.h) */
		struct nx_entry e = {.id = i,
				     .source = "fuzz",
				     .ref = "1",
				     .list = "FUZZ",
				     .type = i % 2 ? "Individual" : "Entity",
				     .name = line[i]};
		entry[i] = nindex_add_entry(ix, &e, false);
	}
	for (int i = 1; i < n; i++)
		nindex_add_name(ix, entry[i], line[i], "primary");
	nindex_finish(ix);
	nindex_build_keys(ix);
	search_both(ix, line[0]);
	struct strbuf why = STRBUF_INIT;
	for (int i = 1; i < n; i++) {
		for (int way = 0; way < 2; way++) {
			const char *a = way ? line[i] : line[0], *b = way ? line[0] : line[i];
			strbuf_reset(&why);
			check_score(compare_names(ix, a, b, &why, NULL), "compare with weights");
			check_score(compare_names(NULL, a, b, NULL, NULL), "compare");
		}
	}
	strbuf_release(&why);
	free(buf);
	nindex_free(ix);
	strbuf_release(&err);
	return 0;
}
