/*
 * test_stdout_full.c — an answer lost on its way out is an error: with
 * standard output on a full disk (/dev/full), search printed nothing and
 * exited 1 (or 0 for "no hit"), lists 0, as if answered.  Runs the built
 * binary (BUILD/chipscreen), since main() makes the check.  Also what else
 * main() decides: an unknown option is said once (getopt's own message came
 * first).
 */
#include "testutil.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run BUILD/chipscreen with argv[1..], standard output to /dev/full and
 * standard error into err; the exit status. */
static int run_full(const char *const *args, struct strbuf *err)
{
	char bin[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", bin, sizeof bin - 16);
	assert_true(n > 0);
	bin[n] = '\0';
	for (int i = 0; i < 3; i++) /* BUILD/tests/cmd/test_stdout_full -> BUILD */
		*strrchr(bin, '/') = '\0';
	strcat(bin, "/chipscreen");
	if (access(bin, X_OK))
		fail_msg("%s is not built (make all)", bin);
	int pe[2];
	assert_int_equal(pipe(pe), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int full = open("/dev/full", O_WRONLY);
		if (full < 0 || dup2(full, STDOUT_FILENO) < 0 || dup2(pe[1], STDERR_FILENO) < 0)
			_exit(99);
		close(pe[0]);
		const char *argv[16] = {bin};
		for (int i = 0; args[i] && i < 14; i++)
			argv[i + 1] = args[i];
		setenv("CHIPSCREEN_LISTS_MAX_AGE", "0", 1);
		execv(bin, (char *const *)argv);
		_exit(98);
	}
	close(pe[1]);
	strbuf_reset(err);
	char buf[4096];
	ssize_t k;
	while ((k = read(pe[0], buf, sizeof buf)) > 0)
		strbuf_add(err, buf, (size_t)k);
	close(pe[0]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void test_stdout_full(void **state)
{
	(void)state;
	if (access("/dev/full", W_OK)) {
		print_message("SKIP: no /dev/full\n");
		skip();
	}
	char *dir = test_tmpdir();
	struct strbuf db = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&db, "%s/cs.db", dir);
	const char *dod = shared_data("lists/dod-1260h/sanctions.csv");
	assert_non_null(dod);
	assert_int_equal(run_cmd(NULL, NULL, "lists", "import", "-q", "--db", db.buf, dod, NULL),
			 0);
	const char *hit[] = {"search", "--db", db.buf, "Huawei Technologies", NULL};
	assert_int_equal(run_full(hit, &err), 2);
	assert_non_null(strstr(err.buf, "chipscreen: error: standard output: write error: No space "
					"left on device"));
	const char *nohit[] = {"search", "--db", db.buf, "Acme Widgets", NULL};
	assert_int_equal(run_full(nohit, &err), 2);
	const char *lists[] = {"lists", "--db", db.buf, NULL};
	assert_int_equal(run_full(lists, &err), 2);
	assert_non_null(strstr(err.buf, "standard output: write error"));
	strbuf_release(&db);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

static void test_unknown_option_once(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	const char *bad[] = {"search", "--foo", "Acme", NULL};
	assert_int_equal(run_full(bad, &err), 2);
	assert_string_equal(err.buf, "chipscreen search: unknown option --foo (or an ambiguous "
				     "abbreviation)\nTry 'chipscreen search --help'.\n");
	const char *bad2[] = {"lists", "-Z", NULL};
	assert_int_equal(run_full(bad2, &err), 2);
	assert_null(strstr(err.buf, "invalid option"));
	assert_non_null(strstr(err.buf, "chipscreen lists: -Z: unknown option"));
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stdout_full),
		cmocka_unit_test(test_unknown_option_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
