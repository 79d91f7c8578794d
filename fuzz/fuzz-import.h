/*
 * fuzz-import.h — one harness per import format (src/import/): the input is
 * the file, as `chipscreen import --format FMT` reads it.  import_buffer
 * returns 0 or -1 with a message naming the file; on -1 the inventory must
 * be unchanged (import.h), which is checked.
 */
#include "fuzz-support.h"

#include "import/import.h"

static int fuzz_import(const uint8_t *data, size_t size, enum import_format fmt)
{
	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	int rc = import_buffer((const char *)data, size, "fuzz.in", fmt, NULL, inv, &err);
	if (rc < 0 && (inv->ncomps || inv->nwarnings || inv->nunread))
		fuzz_abort("a refused file left %zu components, %zu warnings in the inventory",
			   inv->ncomps, inv->nwarnings);
	if (rc < 0 && !strstr(err.buf, "fuzz.in"))
		fuzz_abort("a refusal that does not name the file: %s", err.buf);
	inventory_free(inv);
	strbuf_release(&err);
	return 0;
}

#define FUZZ_IMPORT(fmt)                                                                          \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                              \
	{                                                                                          \
		return fuzz_import(data, size, fmt);                                               \
	}
