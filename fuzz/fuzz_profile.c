/*
 * fuzz_profile.c — a profile file (data/profiles/NAME.json), loaded against the
 * bundled rule set as profiles_load loads the bundled ones.
 */
#include "fuzz-support.h"

#include "rules/profile.h"
#include "rules/rules.h"

#include <sys/stat.h>

static char datadir[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char p[4300];
	snprintf(datadir, sizeof datadir, "%s/data", fuzz_dir());
	snprintf(p, sizeof p, "%s/profiles", datadir);
	if (mkdir(datadir, 0700) < 0 || mkdir(p, 0700) < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_file("data/profiles/fuzz.json", data, size);
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(CHIPSCREEN_DATADIR, &err);
	if (!rs)
		fuzz_abort("the bundled rules do not load: %s", err.buf);
	if (profiles_load(rs, datadir, &err) < 0 && !err.len)
		fuzz_abort("a refused profile without a reason");
	ruleset_free(rs);
	strbuf_release(&err);
	return 0;
}
