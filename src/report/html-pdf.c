/*
 * html-pdf.c — the HTML report printed to PDF by headless Chromium (Debian
 * package chromium): a real layout engine, not a PDF writer of our own.
 *
 * Chromium is looked for at run time ($CHIPSCREEN_CHROMIUM, else chromium
 * or chromium-browser on PATH), so chipscreen neither links nor requires it.
 * It runs in a process group of its own with a throw-away profile directory,
 * its background services (updates, sync, metrics) off and every host name
 * resolved to nothing, so that printing sends no request (the document needs
 * none), and it is killed when it takes longer than the timeout.
 */
#define _POSIX_C_SOURCE 200809L
#include "report/html.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool executable(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISREG(st.st_mode) && !access(p, X_OK);
}

const char *html_find_chromium(void)
{
	static char found[4096];
	const char *env = getenv("CHIPSCREEN_CHROMIUM");
	if (env && *env)
		return executable(env) ? env : NULL;
	static const char *const names[] = {"chromium", "chromium-browser"};
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		for (const char *p = path; *p;) {
			const char *c = strchr(p, ':');
			size_t n = c ? (size_t)(c - p) : strlen(p);
			if (n && n + strlen(names[k]) + 2 < sizeof found) {
				snprintf(found, sizeof found, "%.*s/%s", (int)n, p, names[k]);
				if (executable(found))
					return found;
			}
			p += n + (c != NULL);
		}
	}
	return NULL;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Wait for pid up to timeout_s; kill its group after that.  Exit status, or -1 on time-out. */
static int wait_for(pid_t pid, int timeout_s)
{
	int st;
	for (long waited = 0;; waited += 50) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		if (w < 0 && errno != EINTR)
			return 127;
		if (waited >= (long)timeout_s * 1000) {
			kill(-pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		sleep_ms(50);
	}
}

static void rmtree_profile(const char *dir)
{
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", "--", dir, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int html_to_pdf(const char *html_path, const char *pdf_path, int timeout_s, struct strbuf *err)
{
	strbuf_reset(err);
	const char *chromium = html_find_chromium();
	if (!chromium) {
		strbuf_addstr(err,
			      "--format pdf needs Chromium, which was not found (install the "
			      "Debian package chromium, or set CHIPSCREEN_CHROMIUM to its path); "
			      "--format html writes the same document");
		return -1;
	}
	char prof[] = "/tmp/chipscreen-chromium-XXXXXX";
	if (!mkdtemp(prof)) {
		strbuf_addf(err, "creating a Chromium profile directory: %s", strerror(errno));
		return -1;
	}
	struct strbuf a1 = STRBUF_INIT, a2 = STRBUF_INIT, url = STRBUF_INIT;
	strbuf_addf(&a1, "--print-to-pdf=%s", pdf_path);
	strbuf_addf(&a2, "--user-data-dir=%s", prof);
	strbuf_addstr(&url, "file://");
	if (html_path[0] != '/') {
		char cwd[4096];
		if (getcwd(cwd, sizeof cwd))
			strbuf_addf(&url, "%s/", cwd);
	}
	strbuf_addstr(&url, html_path);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execl(chromium, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		      "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
		      "--disable-extensions", "--disable-background-networking",
		      "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
		      "--host-resolver-rules=MAP * ~NOTFOUND", a2.buf, a1.buf, url.buf,
		      (char *)NULL);
		_exit(127);
	}
	int rc = pid < 0 ? 127 : wait_for(pid, timeout_s);
	rmtree_profile(prof);
	struct stat st;
	if (rc == -1)
		strbuf_addf(err, "%s took longer than %d s to print %s; nothing written", chromium,
			    timeout_s, html_path);
	else if (rc)
		strbuf_addf(err, "%s failed (exit status %d) printing %s", chromium, rc, html_path);
	else if (stat(pdf_path, &st) || st.st_size < 100)
		strbuf_addf(err, "%s wrote no PDF to %s", chromium, pdf_path);
	strbuf_release(&a1);
	strbuf_release(&a2);
	strbuf_release(&url);
	return err->len ? -1 : 0;
}
