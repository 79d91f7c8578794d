#include "testutil.h"
#include "fx_sysfs.h"

#include "cmd/cmd.h"
#include "util/fileio.h"
#include "util/log.h"

#include <cjson/cJSON.h>

#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unistd.h>

const char *shared_data(const char *rel)
{
	static char buf[4096];
	const char *base = getenv("CHIPSCREEN_FIXTURES");
	if (base && *base)
		snprintf(buf, sizeof buf, "%s/%s", base, rel);
	else
		snprintf(buf, sizeof buf, "%s/tests/fixtures/%s", CHIPSCREEN_SRCDIR, rel);
	return access(buf, F_OK) == 0 ? buf : NULL;
}

const char *src_path(const char *rel)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s/%s", CHIPSCREEN_SRCDIR, rel);
	return buf;
}

char *test_path(const char *dir, const char *rel)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, rel);
	return strbuf_detach(&p, NULL);
}

char *test_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/chipscreen-test-XXXXXX", t && *t ? t : "/tmp");
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void test_rmtree(const char *dir)
{
	if (dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void test_write(const char *dir, const char *rel, const void *data, size_t len)
{
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, rel);
	if (write_file(p.buf, data, len, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&p);
	strbuf_release(&err);
}

void test_write_str(const char *dir, const char *rel, const char *text)
{
	test_write(dir, rel, text, strlen(text));
}

void test_symlink(const char *dir, const char *rel, const char *target)
{
	struct strbuf p = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, rel);
	char *slash = strrchr(p.buf, '/');
	*slash = '\0';
	if (make_dirs(p.buf, &err) < 0)
		fail_msg("%s", err.buf);
	*slash = '/';
	unlink(p.buf);
	if (symlink(target, p.buf) < 0)
		fail_msg("symlink %s -> %s failed", p.buf, target);
	strbuf_release(&p);
	strbuf_release(&err);
}

static void slurp(FILE *f, struct strbuf *sb)
{
	char buf[4096];
	size_t n;
	rewind(f);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (sb)
			strbuf_add(sb, buf, n);
}

int run_cmdv(struct strbuf *out, struct strbuf *err, int argc, const char **argv)
{
	const struct command *c = command_find(argv[0]);
	if (!c)
		fail_msg("no such command %s", argv[0]);
	fflush(stdout);
	fflush(stderr);
	FILE *fo = tmpfile(), *fe = tmpfile();
	assert_non_null(fo);
	assert_non_null(fe);
	int so = dup(1), se = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	char **args = calloc((size_t)argc + 1, sizeof *args);
	for (int i = 0; i < argc; i++)
		args[i] = strdup(argv[i]);
	optind = 0; /* full getopt reset, as GNU documents */
	opterr = 0; /* as main() */
	int quiet = log_is_quiet();
	int rc = c->run(argc, args);
	log_set_quiet(quiet);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	if (out)
		strbuf_reset(out);
	if (err)
		strbuf_reset(err);
	slurp(fo, out);
	slurp(fe, err);
	fclose(fo);
	fclose(fe);
	for (int i = 0; i < argc; i++)
		free(args[i]);
	free(args);
	return rc;
}

int run_cmd(struct strbuf *out, struct strbuf *err, const char *cmd, ...)
{
	const char *argv[64];
	int argc = 0;
	argv[argc++] = cmd;
	va_list ap;
	va_start(ap, cmd);
	const char *a;
	while ((a = va_arg(ap, const char *)) && argc < 63)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	return run_cmdv(out, err, argc, argv);
}

void run_as_user(void (*body)(void *ctx, struct strbuf *out), void *ctx, struct strbuf *out)
{
	if (geteuid() != 0) {
		body(ctx, out);
		return;
	}
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		struct strbuf sb = STRBUF_INIT;
		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
			strbuf_addstr(&sb, "setresuid failed\n");
		else
			body(ctx, &sb);
		ssize_t w = write(fd[1], sb.buf, sb.len);
		_exit(w == (ssize_t)sb.len ? 0 : 1);
	}
	close(fd[1]);
	char buf[1024];
	ssize_t n;
	while ((n = read(fd[0], buf, sizeof buf)) > 0)
		strbuf_add(out, buf, (size_t)n);
	close(fd[0]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

const cJSON *test_component(const cJSON *doc, const char *id)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "components"))
	{
		const cJSON *i = cJSON_GetObjectItemCaseSensitive(c, "id");
		if (cJSON_IsString(i) && !strcmp(i->valuestring, id))
			return c;
	}
	return NULL;
}

const char *test_decoded(const cJSON *c, const char *key, const char **source)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(c, "decoded"), key);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(f, "value");
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(f, "source");
	if (source)
		*source = cJSON_IsString(s) ? s->valuestring : NULL;
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

char *fx_proc_machine(const char *meminfo, const char *cpuinfo)
{
	static const struct fx_pci pci[] = {
		{"0000:00:1f.2", NULL, "0x8086", "0xa352", "0x8086", "0x7270", "0x010601", "0x10"},
		{0},
	};
	struct fx_machine m = {.hostname = "db1", .pci = pci};
	char *dir = test_tmpdir();
	if (fx_machine(dir, &m) < 0)
		fail_msg("fx_machine: %s", dir);
	if (meminfo)
		test_write_str(dir, "proc/meminfo", meminfo);
	if (cpuinfo)
		test_write_str(dir, "proc/cpuinfo", cpuinfo);
	return dir;
}
