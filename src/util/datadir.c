#include "util/datadir.h"

#include <stdlib.h>

const char *data_dir(void)
{
	const char *env = getenv("CHIPSCREEN_DATA");
	return env && *env ? env : CHIPSCREEN_DATADIR;
}

const char *data_path(struct strbuf *out, const char *rel)
{
	strbuf_reset(out);
	strbuf_addf(out, "%s/%s", data_dir(), rel);
	return out->buf;
}
