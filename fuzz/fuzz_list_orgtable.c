/*
 * fuzz_list_orgtable.c — the organisation table read as a name source
 * (lists/orgtable.c orgtable_read, `lists import --org-table DIR`): a
 * directory holding orgs.tsv and org-links.tsv, read through
 * identify/orgs.c, then every brand's and subsidiary's names lent to its
 * owners up the chain of links that hold on the day.  The input is both
 * files: orgs.tsv, a NUL byte, org-links.tsv (no NUL: org-links.tsv is
 * empty; a TSV file holds no NUL, so the split loses nothing).  The day is
 * fixed.  A refusal says why.
 */
#include "fuzz-support.h"

#include "lists/lists.h"
#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t n1 = nul ? (size_t)(nul - data) : size;
	fuzz_file("orgs.tsv", data, n1);
	fuzz_file("org-links.tsv", nul ? nul + 1 : data, nul ? size - n1 - 1 : 0);
	struct limport *imp = limport_new(fuzz_dir());
	imp->format = "fuzz";
	imp->source = "fuzz";
	struct strbuf err = STRBUF_INIT;
	if (orgtable_read(imp, fuzz_dir(), date_parse("2026-12-01"), &err) < 0 && !err.len)
		fuzz_abort("a refused organisation table without a reason");
	limport_free(imp);
	strbuf_release(&err);
	return 0;
}
