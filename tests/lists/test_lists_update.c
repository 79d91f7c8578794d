/*
 * test_lists_update.c — `chipscreen lists update` against a local HTTP server
 * (python3 -m http.server on 127.0.0.1, started here and stopped at the end;
 * never the internet) serving the real list files of tests/fixtures/lists
 * under the names of data/list-sources.tsv.  Covers the downloads and the
 * HTTP Last-Modified date, a missing file (nothing imported), the count
 * sanity check, --from DIR, --url and --source, the HTTPS rule, and a server
 * that never answers (bounded by --timeout).
 */
#include "testutil.h"

#include "util/log.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct server {
	pid_t pid;
	int port;
	char base[64];
};

/* python3 -u -m http.server 0 on 127.0.0.1 in dir; its first line gives the port. */
static void server_start(struct server *s, const char *dir)
{
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execlp("timeout", "timeout", "300", "python3", "-u", "-m", "http.server", "0",
		       "--bind", "127.0.0.1", "--directory", dir, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	FILE *f = fdopen(fd[0], "r");
	char line[256] = "";
	assert_non_null(fgets(line, sizeof line, f)); /* "Serving HTTP on 127.0.0.1 port N ..." */
	fclose(f);
	const char *p = strstr(line, " port ");
	assert_non_null(p);
	s->port = atoi(p + 6);
	assert_true(s->port > 0);
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
}

static void server_stop(struct server *s)
{
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
}

static void copy_fixture(const char *rel, const char *dir, const char *name)
{
	const char *from = shared_data(rel);
	assert_non_null(from);
	FILE *in = fopen(from, "rb");
	assert_non_null(in);
	struct strbuf b = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		strbuf_add(&b, buf, n);
	fclose(in);
	test_write(dir, name, b.buf, b.len);
	strbuf_release(&b);
}

static void set_mtime(const char *path, int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	time_t t = timegm(&tm);
	struct timeval tv[2] = {{t, 0}, {t, 0}};
	assert_int_equal(utimes(path, tv), 0);
}

/* The four default sources' files, as data/list-sources.tsv names them. */
static void serve_dir(const char *dir)
{
	copy_fixture("lists/csl/consolidated-sample.csv", dir, "consolidated.csv");
	copy_fixture("lists/ofac-xml/sdn.xml", dir, "sdn.xml");
	copy_fixture("lists/ofac-xml/consolidated.xml", dir, "consolidated.xml");
	copy_fixture("lists/bis-dpl.txt", dir, "dpl.txt");
	char *csl = test_path(dir, "consolidated.csv");
	set_mtime(csl, 2026, 12, 1);
	free(csl);
}

static void test_update_over_http(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db"), *www = test_path(dir, "www");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, want = STRBUF_INIT;
	serve_dir(www);
	struct server s;
	server_start(&s, www);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "-q", "--db", db, "--mirror", s.base,
				 NULL),
			 0);
	strbuf_addf(&want, "%s/consolidated.csv: csl (csl-csv): 13 entries, 28 names", s.base);
	assert_non_null(strstr(o.buf, want.buf));
	strbuf_reset(&want);
	strbuf_addf(&want, "  published 2026-12-01 (from the HTTP Last-Modified of %s/consolidated.csv)",
		    s.base);
	assert_non_null(strstr(o.buf, want.buf));
	assert_non_null(strstr(o.buf, "ofac-sdn (ofac-xml, 2014-07-16): 4 entries"));
	assert_non_null(strstr(o.buf, "ofac-cons (ofac-xml, 2014-12-17): 16 entries"));
	assert_non_null(strstr(o.buf, "bis-dpl (dpl, 2022-09-02): 581 entries"));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, NULL), 0);
	assert_non_null(strstr(o.buf, "csl                      csl-csv     -                      "
				      "2026-12-01 http"));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, "--json", NULL), 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "\"url\":\t\"%s/sdn.xml\"", s.base);
	assert_non_null(strstr(o.buf, want.buf));
	/* the CSL shrinks to one entry: refused; the others still updated */
	test_write_str(www, "consolidated.csv",
		       "_id,source,entity_number,type,programs,name\n"
		       "1,\"Entity List (EL) - Bureau of Industry and Security\",,,,Lone Party\n");
	char *csl = test_path(www, "consolidated.csv");
	set_mtime(csl, 2026, 12, 5);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "-q", "--db", db, "--mirror", s.base,
				 NULL),
			 2);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/consolidated.csv: 1 entries, under half of the 13 in the loaded "
			   "version of csl (published 2026-12-01)",
		    s.base);
	assert_non_null(strstr(e.buf, want.buf));
	assert_non_null(strstr(e.buf, "1 of the lists could not be imported (see above): each is "
				      "as it was; the others were updated"));
	assert_non_null(strstr(o.buf, "replaced ofac-sdn: version 2014-07-16, published "
				      "2014-07-16, 4 entries -> version 2014-07-16"));
	/* a file missing on the server: nothing imported at all */
	unlink(csl);
	char *db2 = test_path(dir, "fresh.db");
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "-q", "--db", db2, "--mirror",
				 s.base, NULL),
			 2);
	strbuf_reset(&want);
	strbuf_addf(&want, "csl: %s/consolidated.csv: the server answered HTTP 404", s.base);
	assert_non_null(strstr(e.buf, want.buf));
	assert_non_null(strstr(e.buf, "not every list could be fetched: nothing imported"));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db2, NULL), 2);
	assert_non_null(strstr(e.buf, "lists: no store at ")); /* none left by the failed run */
	/* --source and --url: one source, from where it is said */
	strbuf_reset(&want);
	strbuf_addf(&want, "ofac-sdn=%s/sdn.xml", s.base);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "-q", "--db", db2, "--url", want.buf,
				 "--source", "ofac-sdn", NULL),
			 0);
	assert_non_null(strstr(o.buf, "ofac-sdn (ofac-xml, 2014-07-16): 4 entries"));
	assert_null(strstr(o.buf, "bis-dpl"));
	server_stop(&s);
	free(csl);
	free(db2);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
	free(db);
	free(www);
}

/* A download cut short that the server served whole (a file left cut on
 * a mirror): refused, naming the URL, on a first update too, where no
 * loaded version shows the shortfall; --force imports what was read. */
static void test_update_cut(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db"), *www = test_path(dir, "www");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, url = STRBUF_INIT, want = STRBUF_INIT;
	const char *from = shared_data("lists/ofac-xml/sdn.xml");
	assert_non_null(from);
	FILE *in = fopen(from, "rb");
	assert_non_null(in);
	char buf[3000];
	assert_int_equal(fread(buf, 1, sizeof buf, in), sizeof buf);
	fclose(in);
	test_write(www, "sdn.xml", buf, sizeof buf);
	struct server s;
	server_start(&s, www);
	strbuf_addf(&url, "ofac-sdn=%s/sdn.xml", s.base);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "-q", "--db", db, "--url", url.buf,
				 "--source", "ofac-sdn", NULL),
			 2);
	strbuf_addf(&want, "%s/sdn.xml: ends inside <aka>, at byte 3000: truncated? nothing "
			   "imported; --force imports the 1 entries read",
		    s.base);
	assert_non_null(strstr(e.buf, want.buf));
	assert_null(strstr(e.buf, "chipscreen-lists-")); /* the URL, not the temporary file */
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db, NULL), 2);
	assert_non_null(strstr(e.buf, "lists: no store at "));
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "-q", "--force", "--db", db, "--url",
				 url.buf, "--source", "ofac-sdn", NULL),
			 0);
	assert_non_null(strstr(o.buf, "ofac-sdn (ofac-xml, 2014-07-16): 1 entries"));
	server_stop(&s);
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&url);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
	free(db);
	free(www);
}

/* Air-gapped: the same files copied into a directory. */
static void test_update_from_dir(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db"), *in = test_path(dir, "in");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	serve_dir(in);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "-q", "--db", db, "--from", in, NULL),
			 0);
	assert_non_null(strstr(o.buf, "/in/consolidated.csv: csl (csl-csv): 13 entries"));
	assert_non_null(strstr(o.buf, "  published 2026-12-01 (from the file's modification time "
				      "(the file states no date))"));
	assert_non_null(strstr(o.buf, "bis-dpl (dpl, 2022-09-02): 581 entries"));
	/* a file missing: nothing imported */
	char *dpl = test_path(in, "dpl.txt");
	unlink(dpl);
	char *db2 = test_path(dir, "fresh.db");
	assert_int_equal(
		run_cmd(&o, &e, "lists", "update", "-q", "--db", db2, "--from", in, NULL), 2);
	assert_non_null(strstr(e.buf, "bis-dpl: "));
	assert_non_null(strstr(e.buf, "/in/dpl.txt is not there (--from "));
	assert_int_equal(run_cmd(&o, &e, "lists", "--db", db2, NULL), 2);
	assert_non_null(strstr(e.buf, "lists: no store at ")); /* none left by the failed run */
	free(dpl);
	free(db2);
	strbuf_release(&o);
	strbuf_release(&e);
	test_rmtree(dir);
	free(dir);
	free(db);
	free(in);
}

/* A server that promises 100,000 bytes and sends 13, then closes: once. */
static pid_t short_server(int *port)
{
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(ls, 4), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&a, &alen), 0);
	*port = ntohs(a.sin_port);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(30); /* never outlive the test */
		int c = accept(ls, NULL, NULL);
		char buf[4096];
		if (c >= 0 && read(c, buf, sizeof buf) > 0) {
			static const char r[] = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n"
						"Content-Type: text/csv\r\n\r\nname,id,other\n";
			if (write(c, r, sizeof r - 1) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close(ls);
	return pid;
}

static void test_update_refusals(void **state)
{
	(void)state;
	char *dir = test_tmpdir(), *db = test_path(dir, "cs.db");
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT, url = STRBUF_INIT;
	/* plain http to another machine: refused before any connection */
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--url",
				 "csl=http://example.invalid/consolidated.csv", NULL),
			 2);
	assert_non_null(strstr(e.buf, "csl: http://example.invalid/consolidated.csv: not an "
				      "https:// URL"));
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--url", "nosuch=https://x",
				 NULL),
			 2);
	assert_non_null(strstr(e.buf, "--url nosuch=https://x: expected SOURCE=URL with a known "
				      "SOURCE (the sources: csl, ofac-sdn, ofac-cons, bis-dpl"));
	assert_int_equal(
		run_cmd(&o, &e, "lists", "update", "--db", db, "--source", "csl,nosuch", NULL), 2);
	assert_non_null(strstr(e.buf, "--source nosuch: no such source in the sources table"));
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "somefile", NULL), 2);
	assert_non_null(strstr(e.buf, "update takes no FILE"));
	assert_int_equal(run_cmd(&o, &e, "lists", "import", "--db", db, "--mirror", "x", "f", NULL),
			 2);
	assert_non_null(strstr(e.buf, "go with update"));
	/* a server that accepts the connection and never answers: bounded by --timeout */
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(ls, 4), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&a, &alen), 0);
	strbuf_addf(&url, "csl=http://127.0.0.1:%d/consolidated.csv", ntohs(a.sin_port));
	time_t t0 = time(NULL);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--timeout", "2", "--url",
				 url.buf, "--source", "csl", NULL),
			 2);
	assert_true(time(NULL) - t0 < 20);
	assert_non_null(strstr(e.buf, "csl: http://127.0.0.1:"));
	assert_non_null(strstr(e.buf, "not every list could be fetched: nothing imported"));
	close(ls);
	/* a transfer cut short of its Content-Length: an error, nothing imported */
	int port;
	pid_t pid = short_server(&port);
	strbuf_reset(&url);
	strbuf_addf(&url, "csl=http://127.0.0.1:%d/consolidated.csv", port);
	assert_int_equal(run_cmd(&o, &e, "lists", "update", "--db", db, "--timeout", "10", "--url",
				 url.buf, "--source", "csl", NULL),
			 2);
	waitpid(pid, NULL, 0);
	assert_non_null(strstr(e.buf, "bytes remaining to read"));
	assert_non_null(strstr(e.buf, "not every list could be fetched: nothing imported"));
	strbuf_release(&o);
	strbuf_release(&e);
	strbuf_release(&url);
	test_rmtree(dir);
	free(dir);
	free(db);
}

int main(void)
{
	log_set_quiet(0);
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_update_over_http),
		cmocka_unit_test(test_update_cut),
		cmocka_unit_test(test_update_from_dir),
		cmocka_unit_test(test_update_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
