/*
 * render.h — helpers for the report tests: render a scan into a string, and
 * validate a document against a JSON Schema with tests/schemas/validate.py.
 *
 * The validator needs python3 with the jsonschema module (Debian:
 * python3-jsonschema, installed by `tools/deps.sh test`).  When neither
 * python3 on PATH nor /usr/bin/python3 has it, the test fails and says so:
 * a schema check that cannot run must not pass.
 */
#ifndef TESTS_REPORT_RENDER_H
#define TESTS_REPORT_RENDER_H

#include "testutil.h"

#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* The report as a NUL-terminated string (free it). */
__attribute__((unused)) static char *render(const struct scan_result *r, const char *format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct strbuf err = STRBUF_INIT;
	int rc = report_scan(r, format, f, &err);
	if (rc != 0)
		fail_msg("report_scan %s: %s", format, err.buf);
	fclose(f);
	strbuf_release(&err);
	return buf;
}

static const char *python_with_jsonschema(void)
{
	static const char *const cands[] = {"python3", "/usr/bin/python3"};
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
		char cmd[256];
		snprintf(cmd, sizeof cmd, "%s -c 'import jsonschema' >/dev/null 2>&1", cands[i]);
		int st = system(cmd);
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			return cands[i];
	}
	return NULL;
}

/* Validate text against the schema at schema_rel (relative to the source tree). */
__attribute__((unused)) static void validate_json(const char *schema_rel, const char *text)
{
	const char *py = python_with_jsonschema();
	if (!py)
		fail_msg("cannot validate against %s: python3 with the jsonschema module is "
			 "missing; "
			 "install python3 and python3-jsonschema (sh tools/deps.sh test, as root)",
			 schema_rel);
	char *dir = test_tmpdir();
	test_write_str(dir, "doc.json", text);
	struct strbuf cmd = STRBUF_INIT;
	strbuf_addf(&cmd, "%s '%s/tests/schemas/validate.py' '%s/%s' '%s/doc.json'", py,
		    CHIPSCREEN_SRCDIR, CHIPSCREEN_SRCDIR, schema_rel, dir);
	int st = system(cmd.buf);
	int ok = st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	if (!ok)
		print_message("validator exit status %d for: %s\n",
			      WIFEXITED(st) ? WEXITSTATUS(st) : -1, cmd.buf);
	strbuf_release(&cmd);
	test_rmtree(dir);
	free(dir);
	assert_true(ok);
}

#endif
