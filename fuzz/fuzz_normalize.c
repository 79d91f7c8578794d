/*
 * fuzz_normalize.c — name normalisation (match/normalize.c), which every
 * name from a list or a query goes through: any bytes, UTF-8 or not.
 */
#include "fuzz-support.h"

#include "match/normalize.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("CHIPSCREEN_DATA", CHIPSCREEN_DATADIR, 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	const struct norm_tables *tab = norm_tables(&err);
	if (!tab)
		fuzz_abort("no normalisation tables: %s", err.buf);
	struct nname nn;
	nname_init(&nn);
	normalize_name(tab, (const char *)data, size, &nn);
	nname_release(&nn);
	struct strbuf out = STRBUF_INIT, s = STRBUF_INIT;
	strbuf_add(&s, (const char *)data, size);
	normalize_plain(s.buf, &out);
	strbuf_reset(&out);
	utf8_or_cp1252(&out, (const char *)data, size);
	strbuf_release(&out);
	strbuf_release(&s);
	strbuf_release(&err);
	return 0;
}
