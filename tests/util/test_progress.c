/*
 * test_progress.c — util/progress, the one progress display: into a log
 * (stderr not a terminal) a line per interval with the counts, a final
 * line marked done, nothing when quiet, nothing for a short run.
 */
#include "util/progress.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* Run fn with stderr sent to a file; the text it wrote. */
static char *captured(void (*fn)(void))
{
	char path[] = "/tmp/chipscreen-progress-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	static char buf[4096];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	buf[n < 0 ? 0 : n] = '\0';
	close(fd);
	unlink(path);
	return buf;
}

static void every_step(void)
{
	setenv("CHIPSCREEN_PROGRESS_INTERVAL", "0", 1);
	struct progress p;
	progress_init(&p, "screen-names", "rows", 0, false);
	p.extra_label = "matched";
	progress_step(&p, 1, 0);
	progress_step(&p, 1, 1);
	progress_end(&p);
}

static void quiet_run(void)
{
	setenv("CHIPSCREEN_PROGRESS_INTERVAL", "0", 1);
	struct progress p;
	progress_init(&p, "import", "files", 3, true);
	progress_step(&p, 3, 0);
	progress_end(&p);
}

static void short_run(void)
{
	setenv("CHIPSCREEN_PROGRESS_INTERVAL", "3600", 1);
	struct progress p;
	progress_init(&p, "import", "files", 3, false);
	progress_step(&p, 3, 0);
	progress_end(&p);
}

static void test_log_lines(void **state)
{
	(void)state;
	const char *out = captured(every_step);
	assert_non_null(strstr(out, "chipscreen screen-names: 1 rows, 0 matched ("));
	assert_non_null(strstr(out, "chipscreen screen-names: 2 rows, 1 matched ("));
	assert_non_null(strstr(out, "s), done\n"));
}

static void test_quiet_and_short(void **state)
{
	(void)state;
	assert_string_equal(captured(quiet_run), "");
	assert_string_equal(captured(short_run), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_lines),
		cmocka_unit_test(test_quiet_and_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
