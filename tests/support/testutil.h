/*
 * testutil.h — what every cmocka test program shares.
 *
 * Tests that read the real captures and list files published by others find
 * them under tests/fixtures/ (copied there with their origin and licence, see
 * the README.md of each folder there), so a clean checkout runs every test.  A file
 * missing from there fails loudly (SKIP_WITHOUT_SHARED names it).
 * Tests that replay machines build their trees in a fresh temporary directory
 * (test_tmpdir), removed by test_rmtree.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "util/strbuf.h"

/* Path of a published real-data file under <srcdir>/tests/fixtures/
 * ($CHIPSCREEN_FIXTURES overrides the folder), or NULL when it does not exist. */
const char *shared_data(const char *rel);

#define SKIP_WITHOUT_SHARED(var, rel)                                                              \
	const char *var = shared_data(rel);                                                        \
	do {                                                                                       \
		if (!var) {                                                                        \
			print_message("SKIP: tests/fixtures/%s is absent; test not run\n", rel);   \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

/* Path of a file in the source tree (data/, tests/fixtures/...). */
const char *src_path(const char *rel);

/* dir/rel, allocated: free it. */
char *test_path(const char *dir, const char *rel);
/* A new empty directory; free the result with test_rmtree + free. */
char *test_tmpdir(void);
void test_rmtree(const char *dir);
/* Write bytes to dir/rel, creating directories. Fails the test on error. */
void test_write(const char *dir, const char *rel, const void *data, size_t len);
void test_write_str(const char *dir, const char *rel, const char *text);
void test_symlink(const char *dir, const char *rel, const char *target);

/*
 * Run a chipscreen command in-process (argv[0] is the command name, as
 * `chipscreen collect ...` would pass it) with stdout and stderr captured.
 * Returns the exit status.  out/err may be NULL.
 */
int run_cmd(struct strbuf *out, struct strbuf *err, const char *cmd, ...);
int run_cmdv(struct strbuf *out, struct strbuf *err, int argc, const char **argv);

/*
 * Run body as an ordinary user: here when this process is not root, else in
 * a child that drops to nobody (65534), so that tests of unreadable files
 * test something under CI's root too.  What body appends to out comes back
 * in out (from the child through a pipe); body must not use cmocka's asserts.
 */
void run_as_user(void (*body)(void *ctx, struct strbuf *out), void *ctx, struct strbuf *out);

/* The component whose "id" is id in a collect or scan JSON document's
 * "components", or NULL. */
struct cJSON;
const struct cJSON *test_component(const struct cJSON *doc, const char *id);
/* A machine as collect sees it without root: a new directory holding one PCI
 * function (an Intel SATA controller: something read) and the /proc files
 * given (NULL: none), meminfo and cpuinfo.  Free with test_rmtree + free. */
char *fx_proc_machine(const char *meminfo, const char *cpuinfo);

/* A component's decoded field key ({"value", "source"}): its value, or NULL;
 * its source in *source when source is not NULL. */
const char *test_decoded(const struct cJSON *c, const char *key, const char **source);

#endif
