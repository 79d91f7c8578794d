/*
 * review.c — reviewed hits (match/review.h): the key of a screened name, and
 * freeing what lists/review.c read.  The table itself is read and written
 * by lists/review.c: matching takes what is handed to it.
 */
#include "match/review.h"
#include "match/normalize.h"

#include <stdlib.h>
#include <string.h>

void review_key(const struct nname *nn, struct strbuf *out)
{
	const char *t[NAME_MAX_TOKENS];
	int n = 0;
	for (int i = 0; i < nn->n; i++)
		t[n++] = ntok_text(nn, i);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(t[j - 1], t[j]) > 0; j--) {
			const char *x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	strbuf_reset(out);
	for (int i = 0; i < n; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", t[i]);
}

void review_free(struct review *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)r[i].query);
		free((char *)r[i].name);
		free((char *)r[i].source);
		free((char *)r[i].ref);
		free((char *)r[i].reviewer);
		free((char *)r[i].at);
		free((char *)r[i].reason);
	}
	free(r);
}
