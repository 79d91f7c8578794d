/*
 * cmd-report.c — `chipscreen report`: the fleet as a document for auditors,
 * one self-contained HTML file (report/html.h), or PDF printed from it by
 * headless Chromium.
 *
 * The judging is `fleet`'s: the same screening run (store/fleet.h:
 * fleet_screen, reused when one covers the fleet for this profile, date and
 * rules) and the same fleet_report_build; the report adds only what a
 * document needs besides — the parts not identified, hosts per site, the
 * lists in the store and the run's verdict fingerprint.
 *
 * The file is written beside its destination and renamed into place, so a
 * failed run leaves no half report, and never over the store itself.  A
 * store or filter that selects no host is an error (exit 2), not an empty
 * document.
 */
#define _POSIX_C_SOURCE 200809L
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "cmd/fleet-opts.h"
#include "report/html.h"
#include "util/date.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"usage: chipscreen report [--db FILE] [--profile P] [--attr KEY=VALUE]... [--date D]\n"
	"                         [--config FILE] [--site SITE]... [--tag TAG]... [--host H]...\n"
	"                         [--format html|pdf] [--paper A4|Letter] [--timeout SECONDS]\n"
	"                         -o FILE\n"
	"\n"
	"Write the fleet's screening as one self-contained HTML document for auditors\n"
	"(cover, summary, charts, binding findings by rule, review, appendix), or as\n"
	"PDF printed from it by headless Chromium.\n"
	"\n"
	"      --db FILE        the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -p, --profile P      a bundled profile, or 'none' for the exposure view\n"
	"  -a, --attr K=V       set a profile attribute (repeatable)\n"
	"  -d, --date D         judge as of D (YYYY-MM-DD); default today\n"
	"  -c, --config FILE    read this config file instead of the usual ones\n"
	"  -s, --site SITE      only hosts of this site (repeatable: any of them)\n"
	"  -t, --tag TAG        only hosts with this tag (repeatable: all of them)\n"
	"  -H, --host H         only this host, by name or key (repeatable)\n"
	"  -F, --format F       html (default) or pdf (needs the Debian package chromium)\n"
	"  -o, --output FILE    write here; html only: '-' or none for standard output\n"
	"      --paper P        print on A4 or Letter (pdf default A4; html: the printer's)\n"
	"      --timeout S      give Chromium this long to print (default 120)\n"
	"\n"
	"Exit status: 0 report written, 2 error.\n";

struct opts {
	struct fleet_cli c;
	const char *out, *paper;
	bool pdf;
	int timeout;
};

static int parse(struct opts *o, int argc, char **argv)
{
	enum { OPT_DB = 256, OPT_TIMEOUT, OPT_PAPER };
	static const struct option lo[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"profile", required_argument, NULL, 'p'},
		{"attr", required_argument, NULL, 'a'},
		{"date", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'F'},
		{"site", required_argument, NULL, 's'},
		{"tag", required_argument, NULL, 't'},
		{"host", required_argument, NULL, 'H'},
		{"output", required_argument, NULL, 'o'},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"paper", required_argument, NULL, OPT_PAPER},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct fleet_cli *c = &o->c;
	size_t n = (size_t)argc + 1;
	c->cmd = "report";
	c->attrs = xcalloc(n, sizeof *c->attrs);
	c->sites = xcalloc(n, sizeof *c->sites);
	c->tags = xcalloc(n, sizeof *c->tags);
	c->hosts = xcalloc(n, sizeof *c->hosts);
	o->timeout = 120;
	optind = 0;
	int ch;
	char *end;
	while ((ch = getopt_long(argc, argv, "p:a:d:c:F:s:t:H:o:h", lo, NULL)) != -1) {
		switch (ch) {
		case OPT_DB:
			c->db = optarg;
			break;
		case 'p':
			c->profile = optarg;
			break;
		case 'a':
			c->attrs[c->nattrs++] = optarg;
			break;
		case 'd':
			if (!(c->date = date_parse(optarg)))
				return usage_error("report",
						   "--date %s: expected a date YYYY-MM-DD", optarg);
			break;
		case 'c':
			c->config = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "html") && strcmp(optarg, "pdf"))
				return usage_error("report", "--format %s: expected html or pdf",
						   optarg);
			o->pdf = !strcmp(optarg, "pdf");
			break;
		case 's':
			c->sites[c->nsites++] = optarg;
			break;
		case 't':
			c->tags[c->ntags++] = optarg;
			break;
		case 'H':
			c->hosts[c->nhosts++] = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case OPT_TIMEOUT:
			o->timeout = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o->timeout < 1 || o->timeout > 3600)
				return usage_error("report",
						   "--timeout %s: expected seconds, 1 to 3600",
						   optarg);
			break;
		case OPT_PAPER:
			if (!strcasecmp(optarg, "a4"))
				o->paper = "A4";
			else if (!strcasecmp(optarg, "letter"))
				o->paper = "Letter";
			else
				return usage_error("report", "--paper %s: expected A4 or Letter",
						   optarg);
			break;
		case 'h':
			print_usage(usage);
			return FLEET_HELP_SHOWN;
		default:
			return usage_error("report", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (o->pdf && (!o->out || !strcmp(o->out, "-")))
		return usage_error("report", "--format pdf needs -o FILE");
	if (!c->date)
		c->date = date_today();
	if (o->pdf && !o->paper)
		o->paper = "A4";
	c->fail_on = V_REVIEW;
	c->filter =
		(struct fleet_filter){c->sites, c->nsites, c->tags, c->ntags, c->hosts, c->nhosts};
	return 0;
}

/* ---------------------------------------------------------------------- */

static void shell_word(struct strbuf *sb, const char *s)
{
	bool plain = *s != 0;
	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./"
			    "=:@+,",
			    *p))
			plain = false;
	if (plain) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '\'');
	for (const char *p = s; *p; p++)
		if (*p == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *p);
	strbuf_addch(sb, '\'');
}

static void opt_word(struct strbuf *sb, const char *opt, const char *v)
{
	strbuf_addf(sb, " %s ", opt);
	shell_word(sb, v);
}

/* The command that gives the same report: every choice spelt out, the date too. */
static void reproduce(struct strbuf *sb, const struct opts *o, const char *db)
{
	const struct fleet_cli *c = &o->c;
	char d[11];
	strbuf_addstr(sb, "chipscreen report");
	opt_word(sb, "--db", db);
	if (c->config)
		opt_word(sb, "--config", c->config);
	if (c->profile)
		opt_word(sb, "--profile", c->profile);
	for (size_t i = 0; i < c->nattrs; i++)
		opt_word(sb, "--attr", c->attrs[i]);
	opt_word(sb, "--date", date_format(c->date, d));
	for (size_t i = 0; i < c->nsites; i++)
		opt_word(sb, "--site", c->sites[i]);
	for (size_t i = 0; i < c->ntags; i++)
		opt_word(sb, "--tag", c->tags[i]);
	for (size_t i = 0; i < c->nhosts; i++)
		opt_word(sb, "--host", c->hosts[i]);
	strbuf_addstr(sb, o->pdf ? " --format pdf" : " --format html");
	if (o->paper)
		opt_word(sb, "--paper", o->paper);
	opt_word(sb, "-o", o->out && strcmp(o->out, "-") ? o->out : "report.html");
}

/* SOURCE_DATE_EPOCH, when set, fixes the time (reproducible builds' convention). */
static void generated_at(char *buf, size_t n)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *col(struct arena *a, sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? arena_strdup(a, s) : NULL;
}

/* The list sources imported into the store; none when it has no list tables. */
static int list_versions(struct fleet *f, struct arena *a, struct html_list_version **out,
			 size_t *n)
{
	struct store *st = fleet_store(f);
	sqlite3_stmt *q;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, format, version, imported_at, entries FROM list_sources"
			       " ORDER BY id",
			       -1, &q, NULL) != SQLITE_OK)
		return sqlite3_errmsg(st->db) && strstr(sqlite3_errmsg(st->db), "no such table")
			       ? 0
			       : -1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct html_list_version *l = ARENA_PUSH(a, *out, *n, cap);
		l->source = col(a, q, 0);
		l->format = col(a, q, 1);
		l->version = col(a, q, 2);
		l->imported_at = col(a, q, 3);
		l->entries = sqlite3_column_int64(q, 4);
	}
	return sqlite3_finalize(q) == SQLITE_OK ? 0 : -1;
}

static bool same_file(const char *a, const char *b)
{
	struct stat x, y;
	return !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* ---------------------------------------------------------------------- */

struct doc {
	struct html_fleet_input in;
	struct arena *a;
	char at[32], fp[65];
	struct strbuf cmd;
};

static int gather(struct fleet_env *e, const struct opts *o, struct fleet_report **r, struct doc *d,
		  struct strbuf *err)
{
	struct fleet_screen_opts so = {.rs = e->rs,
				       .kb = e->kb,
				       .profile = e->profile,
				       .date = o->c.date,
				       .command = "report",
				       .reuse = true};
	struct fleet_run run;
	struct fleet_unident_part *u;
	struct fleet_site *s;
	struct html_list_version *l;
	if (fleet_screen(e->f, &so, &run, err) < 0 ||
	    fleet_report_build(e->f, run.id, e->rs, &o->c.filter, r, err) < 0)
		return -1;
	if (!(*r)->hosts) {
		strbuf_addf(err, "%s: %s; nothing to report", e->db,
			    o->c.nsites || o->c.ntags || o->c.nhosts
				    ? "no host matches the --site, --tag and --host filters"
				    : "the store holds no host yet (import inventories first: "
				      "chipscreen import)");
		return -1;
	}
	if (fleet_unidentified_list(e->f, &o->c.filter, d->a, &u, &d->in.nunident, err) < 0 ||
	    fleet_site_counts(e->f, &o->c.filter, d->a, &s, &d->in.nsites, err) < 0 ||
	    fleet_run_fingerprint(e->f, run.id, d->fp, &d->in.nverdicts, err) < 0)
		return -1;
	if (list_versions(e->f, d->a, &l, &d->in.nlists) < 0) {
		strbuf_addf(err, "%s: reading the list versions: %s", e->db,
			    sqlite3_errmsg(fleet_store(e->f)->db));
		return -1;
	}
	generated_at(d->at, sizeof d->at);
	reproduce(&d->cmd, o, e->db);
	const char *slash = strrchr(e->db, '/');
	d->in = (struct html_fleet_input){*r,
					  e->rs,
					  u,
					  d->in.nunident,
					  s,
					  d->in.nsites,
					  l,
					  d->in.nlists,
					  d->at,
					  d->cmd.buf,
					  d->fp,
					  d->in.nverdicts,
					  slash ? slash + 1 : e->db,
					  o->paper};
	return 0;
}

/* Write the HTML to path through a temporary file renamed into place. */
static int write_html(const struct html_fleet_input *in, const char *path, struct strbuf *err)
{
	if (!path || !strcmp(path, "-")) {
		if (report_fleet_html(in, stdout) < 0 || fflush(stdout) == EOF || ferror(stdout)) {
			strbuf_addstr(err, "writing the report to standard output failed");
			return -1;
		}
		return 0;
	}
	struct strbuf tmp = STRBUF_INIT;
	strbuf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	FILE *fp = fopen(tmp.buf, "w");
	int rc = -1;
	if (!fp)
		strbuf_addf(err, "%s: cannot write: %s", tmp.buf, strerror(errno));
	else if (report_fleet_html(in, fp) < 0 || fflush(fp) == EOF || ferror(fp))
		strbuf_addf(err, "%s: writing failed: %s", tmp.buf, strerror(errno));
	else if (fclose(fp) == EOF || (fp = NULL, rename(tmp.buf, path) < 0))
		strbuf_addf(err, "%s: cannot write: %s", path, strerror(errno));
	else
		rc = 0, fp = NULL;
	if (fp)
		fclose(fp);
	if (rc)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	return rc;
}

static int write_pdf(const struct html_fleet_input *in, const struct opts *o, struct strbuf *err)
{
	char dir[] = "/tmp/chipscreen-report-XXXXXX";
	if (!mkdtemp(dir)) {
		strbuf_addf(err, "creating a temporary directory: %s", strerror(errno));
		return -1;
	}
	struct strbuf html = STRBUF_INIT, pdf = STRBUF_INIT;
	strbuf_addf(&html, "%s/report.html", dir);
	strbuf_addf(&pdf, "%s.tmp-%ld", o->out, (long)getpid());
	int rc = write_html(in, html.buf, err);
	if (!rc && (rc = html_to_pdf(html.buf, pdf.buf, o->timeout, err)) == 0 &&
	    rename(pdf.buf, o->out) < 0) {
		strbuf_addf(err, "%s: cannot write: %s", o->out, strerror(errno));
		rc = -1;
	}
	unlink(pdf.buf);
	unlink(html.buf);
	rmdir(dir);
	strbuf_release(&html);
	strbuf_release(&pdf);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct opts o = {0};
	struct fleet_env e;
	int rc = parse(&o, argc, argv);
	if (!rc)
		rc = fleet_env_open(&o.c, &e);
	if (rc) {
		fleet_cli_free(&o.c);
		return rc == FLEET_HELP_SHOWN ? EXIT_CLEAR : rc;
	}
	struct doc d = {.a = arena_new(), .cmd = STRBUF_INIT};
	struct fleet_report *r = NULL;
	struct strbuf err = STRBUF_INIT;
	rc = EXIT_ERROR;
	if (o.out && strcmp(o.out, "-") && same_file(o.out, e.db))
		strbuf_addf(&err, "-o %s is the store itself: not overwritten", o.out);
	else if (gather(&e, &o, &r, &d, &err) == 0 &&
		 (o.pdf ? write_pdf(&d.in, &o, &err) : write_html(&d.in, o.out, &err)) == 0)
		rc = EXIT_CLEAR;
	if (rc)
		log_error("%s", err.buf);
	fleet_report_free(r);
	strbuf_release(&err);
	strbuf_release(&d.cmd);
	arena_free(d.a);
	fleet_env_close(&e);
	fleet_cli_free(&o.c);
	return rc;
}
