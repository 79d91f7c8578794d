/*
 * fuzz_rules.c — a rule (measure) file, data/rules/NAME.json: loaded and
 * validated as ruleset_load loads the bundled ones, beside the real
 * vocabulary and product classes (rules/schema/, linked in).
 */
#include "fuzz-support.h"

#include "rules/rules.h"

#include <sys/stat.h>

static char datadir[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char p[4300], schema[4300];
	snprintf(datadir, sizeof datadir, "%s/data", fuzz_dir());
	snprintf(p, sizeof p, "%s/rules", datadir);
	if (mkdir(datadir, 0700) < 0 || mkdir(p, 0700) < 0)
		abort();
	snprintf(p, sizeof p, "%s/rules/schema", datadir);
	snprintf(schema, sizeof schema, "%s/rules/schema", CHIPSCREEN_DATADIR);
	if (symlink(schema, p) < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[4300];
	snprintf(name, sizeof name, "data/rules/fuzz.json");
	fuzz_file(name, data, size);
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(datadir, &err);
	if (!rs && !err.len)
		fuzz_abort("a refused rule file without a reason");
	if (rs && !rs->version)
		fuzz_abort("a rule set without a version");
	ruleset_free(rs);
	strbuf_release(&err);
	return 0;
}
