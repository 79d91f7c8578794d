/*
 * cmd-report.c — `chipscreen report`: the fleet as a document for auditors,
 * one self-contained HTML file (report/html.h), or PDF printed from it by
 * headless Chromium.
 *
 * The document is report_fleet_document's (report/html.h), the function the
 * server's GET /report calls too: the same screening run as `fleet`, the
 * same fleet report, and what a document needs besides.  This command adds
 * the options and two sections of its own: --screen reads the output of a
 * `screen-names` run (report/html-screen.c), --orders runs export-check's
 * engine on order lines (export_orders_each, cmd-export-check.c: the same
 * column mapping and determination) and hands the answers to the report as
 * plain strings, the report layer sitting below export/.
 *
 * The file is written beside its destination and renamed into place
 * (util/fileio.h replace_open: a device written in place, a link followed),
 * so a failed run leaves no half report, and never over the store itself.  A
 * store or filter that selects no host is an error (exit 2), not an empty
 * document.
 */
#define _POSIX_C_SOURCE 200809L
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "cmd/fleet-opts.h"
#include "export/export.h"
#include "report/html.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
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
	"                         [--screen FILE.csv [--screen-column NAME]]\n"
	"                         [--orders FILE.csv [--map FIELD=COL]...]\n"
	"                         [--format html|pdf] [--paper A4|Letter] [--timeout SECONDS]\n"
	"                         -o FILE\n"
	"\n"
	"Write the fleet's screening as one self-contained HTML document for auditors\n"
	"(cover, summary, charts, binding findings by rule, review, name screening and\n"
	"export check when given, appendix), or as\n"
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
	"      --screen FILE    show the name screening in FILE, the output of\n"
	"                       chipscreen screen-names (decisions, lists, versions, reviews)\n"
	"      --screen-column C  the column of the screened names (default: the first,\n"
	"                       when the input had one column; else it must be given)\n"
	"      --orders FILE    determine the order lines of FILE as export-check --orders\n"
	"                       does (lines without a date: --date) and show the answers;\n"
	"                       end users are screened against the store's lists, so\n"
	"                       the store must hold some (chipscreen lists import --db)\n"
	"  -m, --map F=COL      read export-check field F from column COL (repeatable)\n"
	"  -F, --format F       html (default) or pdf (needs the Debian package chromium)\n"
	"  -o, --output FILE    write here; html only: '-' or none for standard output\n"
	"      --paper P        print on A4 or Letter (pdf default A4; html: the printer's)\n"
	"      --timeout S      give Chromium this long to print (default 120)\n"
	"\n"
	"Exit status: 0 report written, 2 error.\n";

struct opts {
	struct fleet_cli c;
	const char *out, *paper;
	const char *screen, *screen_column, *orders;
	const char **maps; /* --map FIELD=COL, checked by export-check's reader */
	size_t nmaps;
	bool pdf;
	int timeout;
};

static int parse(struct opts *o, int argc, char **argv)
{
	enum { OPT_TIMEOUT = FLEET_OPT_DB + 1, OPT_PAPER, OPT_SCREEN, OPT_SCREEN_COL, OPT_ORDERS };
	static const struct option lo[] = {
		FLEET_CLI_LONGOPTS,
		{"format", required_argument, NULL, 'F'},
		{"output", required_argument, NULL, 'o'},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"paper", required_argument, NULL, OPT_PAPER},
		{"screen", required_argument, NULL, OPT_SCREEN},
		{"screen-column", required_argument, NULL, OPT_SCREEN_COL},
		{"orders", required_argument, NULL, OPT_ORDERS},
		{"map", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct fleet_cli *c = &o->c;
	c->cmd = "report";
	fleet_cli_init(c, argc);
	o->maps = xcalloc((size_t)argc + 1, sizeof *o->maps);
	o->timeout = 120;
	int ch, rc;
	char *end;
	while ((ch = getopt_long(argc, argv, "p:a:d:c:F:s:t:H:o:m:h", lo, NULL)) != -1) {
		if ((rc = fleet_cli_option(c, ch, optarg)) == 1)
			continue;
		if (rc)
			return rc;
		switch (ch) {
		case 'F':
			if (strcmp(optarg, "html") && strcmp(optarg, "pdf"))
				return usage_error("report", "--format %s: expected html or pdf",
						   optarg);
			o->pdf = !strcmp(optarg, "pdf");
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
		case OPT_SCREEN:
			if (is_dir(optarg))
				return usage_error("report",
						   "--screen %s: a directory; give the file "
						   "chipscreen screen-names --out wrote",
						   optarg);
			o->screen = optarg;
			break;
		case OPT_SCREEN_COL:
			o->screen_column = optarg;
			break;
		case OPT_ORDERS:
			if (is_dir(optarg))
				return usage_error(
					"report",
					"--orders %s: a directory; give the order lines' "
					"CSV file",
					optarg);
			o->orders = optarg;
			break;
		case 'm':
			o->maps[o->nmaps++] = optarg;
			break;
		case 'h':
			print_usage(usage);
			return FLEET_HELP_SHOWN;
		default:
			return usage_bad_option("report", argc, argv);
		}
	}
	if (optind < argc)
		return usage_error("report", "unexpected argument '%s'", argv[optind]);
	if (o->screen_column && !o->screen)
		return usage_error("report", "--screen-column needs --screen");
	if (o->nmaps && !o->orders)
		return usage_error("report", "--map needs --orders");
	if (o->pdf && (!o->out || !strcmp(o->out, "-")))
		return usage_error("report", "--format pdf needs -o FILE");
	if (o->pdf && !o->paper)
		o->paper = "A4";
	fleet_cli_finish(c);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The export section: export-check's engine on --orders                   */

struct exp_acc {
	struct arena *a;
	struct html_export_line *v;
	size_t n, cap;
	const char **nd;
	size_t nnd, capnd;
};

static const char *item_text(struct arena *a, const struct xinput *in)
{
	if (in->item)
		return in->item;
	if (in->eccn)
		return arena_printf(a, "ECCN %s (given)", in->eccn);
	if (!isnan(in->tpp))
		return isnan(in->die_area)
			       ? arena_printf(a, "TPP %g", in->tpp)
			       : arena_printf(a, "TPP %g, die area %g mm2", in->tpp, in->die_area);
	if (!isnan(in->hbm_density))
		return arena_printf(a, "HBM, %g GB/s per mm2", in->hbm_density);
	return NULL;
}

/* One determination, copied: the engine's strings live for the call only. */
static void keep_line(void *ctx, const struct xinput *in, const struct xresult *r)
{
	struct exp_acc *x = ctx;
	struct arena *a = x->a;
	char d[11];
	struct html_export_line *l = ARENA_PUSH(a, x->v, x->n, x->cap);
	struct html_export_ground *g = arena_calloc(a, r->ngrounds + 1, sizeof *g);
	const char **u = arena_calloc(a, r->nunknowns + 1, sizeof *u);
	for (size_t i = 0; i < r->ngrounds; i++) {
		const struct xground *e = &r->grounds[i];
		g[i] = (struct html_export_ground){xanswer_name(e->answer),
						   arena_strdup(a, e->provision),
						   arena_strdup(a, e->citation),
						   arena_strdup(a, e->review_policy),
						   arena_strdup(a, e->exceptions),
						   arena_strdup(a, e->why),
						   e->confirmed};
	}
	for (size_t i = 0; i < r->nunknowns; i++)
		u[i] = arena_strdup(a, r->unknowns[i]);
	*l = (struct html_export_line){.ref = arena_strdup(a, r->ref ? r->ref : in->ref),
				       .item = arena_strdup(a, item_text(a, in)),
				       .destination = arena_strdup(a, in->destination),
				       .end_user = arena_strdup(a, in->end_user),
				       .date = arena_strdup(a, date_format(in->date, d)),
				       .answer = xanswer_name(r->answer),
				       .eccn = arena_strdup(a, r->eccn),
				       .eccn_why = arena_strdup(a, r->eccn_why),
				       .tpp = r->tpp,
				       .pd = r->pd,
				       .grounds = g,
				       .ngrounds = r->ngrounds,
				       .unknowns = u,
				       .nunknowns = r->nunknowns};
	for (size_t i = 0; i < r->nnot_decided; i++) {
		size_t k = 0;
		while (k < x->nnd && strcmp(x->nd[k], r->not_decided[i]))
			k++;
		if (k == x->nnd)
			*ARENA_PUSH(a, x->nd, x->nnd, x->capnd) =
				arena_strdup(a, r->not_decided[i]);
	}
}

static int orders(const struct opts *o, const char *db, struct arena *a, struct html_export *x)
{
	struct exp_acc acc = {.a = a};
	struct strbuf err = STRBUF_INIT;
	char d[11];
	*x = (struct html_export){.file = o->orders};
	if (html_file_digest(o->orders, x->sha256, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	if (export_orders_each("report", o->orders, o->maps, o->nmaps, db,
			       date_format(o->c.date, d), keep_line, &acc))
		return -1;
	x->lines = acc.v;
	x->n = acc.n;
	x->not_decided = acc.nd;
	x->nnot_decided = acc.nnd;
	return 0;
}

/* The words that give the same sections again: --screen, --orders, --map. */
static const char **extra_words(const struct opts *o, struct arena *a, size_t *n)
{
	const char **w = arena_calloc(a, 2 * o->nmaps + 6, sizeof *w);
	*n = 0;
	if (o->screen) {
		w[(*n)++] = "--screen";
		w[(*n)++] = o->screen;
		if (o->screen_column) {
			w[(*n)++] = "--screen-column";
			w[(*n)++] = o->screen_column;
		}
	}
	if (o->orders) {
		w[(*n)++] = "--orders";
		w[(*n)++] = o->orders;
	}
	for (size_t i = 0; i < o->nmaps; i++) {
		w[(*n)++] = "--map";
		w[(*n)++] = o->maps[i];
	}
	return w;
}

/* ---------------------------------------------------------------------- */

/* Write the HTML to path, replaced whole (util/fileio.h replace_open: a
 * device such as /dev/null written in place, a link followed). */
static int write_html(const struct report_doc *d, const char *path, struct strbuf *err)
{
	if (!path || !strcmp(path, "-")) {
		if (report_fleet_document(d, stdout, err))
			return -1;
		if (fflush(stdout) == EOF || ferror(stdout)) {
			strbuf_addstr(err, "writing the report to standard output failed");
			return -1;
		}
		return 0;
	}
	struct replace r;
	FILE *fp = replace_open(&r, path, err);
	if (!fp)
		return -1;
	if (report_fleet_document(d, fp, err)) {
		if (ferror(fp)) { /* a full disk: err said only "writing the report failed" */
			int e = errno;
			strbuf_reset(err);
			strbuf_addf(err, "%s: writing failed: %s (nothing written there)", path,
				    strerror(e));
		}
		replace_close(&r, fp, false, err);
		return -1;
	}
	return replace_close(&r, fp, true, err);
}

/* Chromium prints into a private directory; the PDF is then copied to the
 * output as the HTML is written. */
static int write_pdf(const struct report_doc *d, const struct opts *o, struct strbuf *err)
{
	char dir[] = "/tmp/chipscreen-report-XXXXXX";
	if (!mkdtemp(dir)) {
		strbuf_addf(err, "creating a temporary directory: %s", strerror(errno));
		return -1;
	}
	struct strbuf html = STRBUF_INIT, pdf = STRBUF_INIT, bytes = STRBUF_INIT;
	strbuf_addf(&html, "%s/report.html", dir);
	strbuf_addf(&pdf, "%s/report.pdf", dir);
	int rc = write_html(d, html.buf, err);
	if (!rc)
		rc = html_to_pdf(html.buf, pdf.buf, o->timeout, err);
	if (!rc)
		rc = read_file(pdf.buf, (size_t)1 << 31, &bytes, err);
	if (!rc) {
		struct replace r;
		FILE *fp = replace_open(&r, o->out, err);
		rc = !fp ? -1
			 : replace_close(&r, fp, fwrite(bytes.buf, 1, bytes.len, fp) == bytes.len,
					 err);
		if (fp && rc && !err->len)
			strbuf_addf(err, "%s: writing failed: %s (nothing written there)", o->out,
				    strerror(errno));
	}
	unlink(pdf.buf);
	unlink(html.buf);
	rmdir(dir);
	strbuf_release(&html);
	strbuf_release(&pdf);
	strbuf_release(&bytes);
	return rc;
}

/* The sections the options ask for besides the fleet's.  0, or -1 said. */
static int sections(const struct opts *o, const char *db, struct arena *a, struct html_screen *scr,
		    struct html_export *x)
{
	struct strbuf err = STRBUF_INIT;
	int rc = 0;
	if (o->screen && html_screen_read(o->screen, o->screen_column, a, scr, &err) < 0) {
		log_error("%s", err.buf);
		rc = -1;
	}
	if (!rc && o->orders && orders(o, db, a, x) < 0)
		rc = -1;
	strbuf_release(&err);
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
		free(o.maps);
		fleet_cli_free(&o.c);
		return rc == FLEET_HELP_SHOWN ? EXIT_CLEAR : rc;
	}
	struct arena *a = arena_new();
	struct html_screen scr;
	struct html_export x;
	struct strbuf err = STRBUF_INIT;
	size_t nextra;
	const char **extra = extra_words(&o, a, &nextra);
	struct report_doc d = {.f = e.f,
			       .db = e.db,
			       .rs = e.rs,
			       .kb = e.kb,
			       .profile = e.profile,
			       .date = o.c.date,
			       .filter = &o.c.filter,
			       .run_command = "report",
			       .paper = o.paper,
			       .screen = o.screen ? &scr : NULL,
			       .exp = o.orders ? &x : NULL,
			       .extra = extra,
			       .nextra = nextra,
			       .pdf = o.pdf,
			       .out = o.out};
	rc = EXIT_ERROR;
	if (o.out && strcmp(o.out, "-") && same_file(o.out, e.db))
		strbuf_addf(&err, "-o %s is the store itself: not overwritten", o.out);
	else if (o.out && strcmp(o.out, "-") &&
		 ((o.screen && same_file(o.out, o.screen)) ||
		  (o.orders && same_file(o.out, o.orders))))
		strbuf_addf(&err, "-o %s is an input (--screen or --orders): not overwritten",
			    o.out);
	else if (sections(&o, e.db, a, &scr, &x) < 0)
		; /* said */
	else if ((o.pdf ? write_pdf(&d, &o, &err) : write_html(&d, o.out, &err)) == 0)
		rc = EXIT_CLEAR;
	if (rc && err.len)
		log_error("%s", err.buf);
	strbuf_release(&err);
	arena_free(a);
	free(o.maps);
	fleet_env_close(&e);
	fleet_cli_free(&o.c);
	return rc;
}
