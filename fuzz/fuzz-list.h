/*
 * fuzz-list.h — one harness per list format (src/lists/fmt-*.c): the input
 * is the list file, read by the format's reader as `lists import --format`
 * calls it (the readers take a path: the input is written to a file).
 */
#include "fuzz-support.h"

#include "lists/lists.h"

static int fuzz_list(const uint8_t *data, size_t size, const char *name,
		     int (*reader)(struct limport *, struct strbuf *))
{
	const char *path = fuzz_file(name, data, size);
	struct limport *imp = limport_new(path);
	imp->format = "fuzz";
	imp->source = "fuzz";
	struct strbuf err = STRBUF_INIT;
	int rc = reader(imp, &err);
	if (rc < 0 && !err.len)
		fuzz_abort("a refused list without a reason");
	limport_free(imp);
	strbuf_release(&err);
	return 0;
}

#define FUZZ_LIST(name, reader)                                                                   \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                              \
	{                                                                                          \
		return fuzz_list(data, size, name, reader);                                        \
	}
