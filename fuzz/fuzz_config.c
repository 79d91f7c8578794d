/*
 * fuzz_config.c — a configuration file (~/.config/chipscreen/config, or
 * --config FILE): the profile request it makes, resolved against the
 * bundled rule set and profiles as scan does.
 */
#include "fuzz-support.h"

#include "rules/profile.h"
#include "rules/rules.h"
#include "util/arena.h"

static struct ruleset *rs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct strbuf err = STRBUF_INIT;
	rs = ruleset_load(CHIPSCREEN_DATADIR, &err);
	if (!rs || profiles_load(rs, CHIPSCREEN_DATADIR, &err) < 0) {
		fprintf(stderr, "the bundled rules do not load: %s\n", err.buf);
		abort();
	}
	strbuf_release(&err);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("config", data, size);
	struct arena *a = arena_new();
	struct profile_request rq;
	profile_request_init(&rq, a);
	struct strbuf err = STRBUF_INIT;
	const struct profile *p = NULL;
	if (config_read(&rq, path, true, &err) < 0) {
		if (!err.len)
			fuzz_abort("a refused configuration without a reason");
	} else if (profile_resolve(rs, &rq, &p, &err) < 0 && !err.len) {
		fuzz_abort("a refused profile request without a reason");
	}
	arena_free(a);
	strbuf_release(&err);
	return 0;
}
