/*
 * cmd-scan.c — `chipscreen scan`: collect (or read) an inventory, identify
 * the makers, judge them against the rules for the operator's profile as of
 * a date, and report.
 *
 * The exit status makes scan a CI gate and an incoming-inspection check: 1
 * when any verdict is at or above --fail-on (default REVIEW: anything that
 * binds the operator or needs a person's decision), 0 otherwise, 2 on any
 * error — an unreadable config or rule file is an error, never a quiet
 * fallback to fewer rules.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "collect/capture.h"
#include "collect/collect.h"
#include "identify/identify.h"
#include "import/group.h"
#include "import/import.h"
#include "inventory-json.h"
#include "partdate.h"
#include "report/report.h"
#include "report/scan-common.h"
#include "rules/judge.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "util/date.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char usage[] =
	"usage: chipscreen scan [--profile P] [--attr KEY=VALUE]... [--date D] [--acquired D]\n"
	"                       [--fail-on VERDICT] [--min-verdict V] [--format F]\n"
	"                       [--config FILE] [--verbose]\n"
	"                       [--root DIR | [--host NAME] [--map F=COL]... [--date-order O]\n"
	"                       FILE...]\n"
	"\n"
	"Collect this machine's hardware (or read a captured tree with --root, or\n"
	"files: collect JSON, dmidecode, smartctl, lspci, lsusb, CycloneDX, CSV purchase\n"
	"records), identify who made each part and who made its chips, and judge them\n"
	"against the bundled rules for an operator profile.  Which files are one\n"
	"machine (as import decides): one dmidecode, lspci and lsusb dump together are\n"
	"one; each smartctl report, collect JSON file, BOM or CSV file is one of its\n"
	"own; --host NAME makes the tool outputs one machine.  Several machines: a\n"
	"section each (table), one document with a \"hosts\" array (json).\n"
	"\n"
	"  -p, --profile P      a bundled profile (chipscreen profiles), or 'none'\n"
	"                       for the exposure view; default: the config file's\n"
	"  -a, --attr K=V       set a profile attribute (repeatable; overrides the\n"
	"                       profile and the config): jurisdiction=CN, cii=yes,\n"
	"                       purpose=public-safety, network=5g-core, ...\n"
	"  -d, --date D         judge as of D (YYYY-MM-DD); default today\n"
	"      --acquired D     the parts were acquired on D (incoming inspection)\n"
	"  -f, --fail-on V      exit 1 when a verdict is at or above V (PROHIBITED,\n"
	"                       REMOVE-BY, NO-NEW-PURCHASE, LICENSE, REVIEW,\n"
	"                       NOT-IDENTIFIED, INFO, CLEAR); default REVIEW;\n"
	"                       NOT-IDENTIFIED and below: a part whose maker (or chip\n"
	"                       maker) is unknown fails too\n"
	"      --min-verdict V  table, json, csv: show only findings at or above V (the\n"
	"                       same levels); the summary and the exit status still\n"
	"                       count everything\n"
	"  -F, --format F       table, json, csv, cyclonedx, sarif or html; default table\n"
	"  -c, --config FILE    read this config file instead of the usual ones\n"
	"  -r, --root DIR       read a captured tree (or capture archive) instead of /\n"
	"  -H, --host NAME      the files' tool outputs are one machine, named NAME\n"
	"  -m, --map F=COL      CSV: read field F from column COL (as import --map)\n"
	"      --date-order O   CSV: read dates like 03/04/2024 as dmy or mdy\n"
	"  -v, --verbose        table: INFO findings and every rule cited in full, and\n"
	"                       the clear components listed\n"
	"\n"
	"Without a profile, scan shows the exposure view: every measure, in every\n"
	"jurisdiction, that names each part's maker, as INFO.\n"
	"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 error.\n";

/* parse_args: --help was printed; exit 0. */
#define HELP_SHOWN (-1)

struct scan_opts {
	const char *profile, *config, *root, *format, *host;
	struct import_options io;
	const char **attrs;
	int nattrs;
	day_t date, acquired;
	struct fail_on fail_on;
	struct fail_on min; /* --min-verdict */
	bool min_given;
	bool verbose;
};

/* The format of a file, from its start (IMPORT_AUTO: not recognised; reading
 * it then says why). */
static enum import_format input_format(const char *path)
{
	char buf[65536];
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return IMPORT_AUTO;
	size_t n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	return import_detect(buf, n, path);
}

/*
 * Read the inputs of one machine (import/group.h decides which) into inv.
 * A file no format recognises is planned as a machine of its own, so that
 * reading it fails with the importer's reason.
 */
static int load_machine(const struct scan_opts *so, char **files, const struct group_machine *m,
			struct inventory *inv, struct strbuf *err)
{
	for (size_t k = 0; k < m->n; k++)
		if (group_import_file(files[m->v[k]], IMPORT_AUTO, &so->io, inv, err) < 0)
			return -1;
	/* which CSV columns were read as what: on stderr too, as import says it */
	for (size_t i = 0; i < inv->nwarnings; i++)
		if (inv->warnings[i].what && !strcmp(inv->warnings[i].what, CSV_COLUMNS_NOTE))
			log_note("%s: %s", inv->warnings[i].path, inv->warnings[i].reason);
	if (so->host && !(m->n == 1 && group_role(input_format(files[m->v[0]])) ==
						  GROUP_STANDALONE))
		inv->host.hostname = arena_strdup(inv->arena, so->host);
	return 0;
}

static int parse_args(int argc, char **argv, struct scan_opts *so)
{
	static const struct option opts[] = {
		{"profile", required_argument, NULL, 'p'},
		{"attr", required_argument, NULL, 'a'},
		{"date", required_argument, NULL, 'd'},
		{"acquired", required_argument, NULL, 'A'},
		{"fail-on", required_argument, NULL, 'f'},
		{"format", required_argument, NULL, 'F'},
		{"config", required_argument, NULL, 'c'},
		{"root", required_argument, NULL, 'r'},
		{"verbose", no_argument, NULL, 'v'},
		{"host", required_argument, NULL, 'H'},
		{"map", required_argument, NULL, 'm'},
		{"date-order", required_argument, NULL, 'O'},
		{"min-verdict", required_argument, NULL, 'M'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	struct strbuf err = STRBUF_INIT;
	while ((c = getopt_long(argc, argv, "p:a:d:f:F:c:r:vH:m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'H':
			if (!*optarg)
				return usage_error("scan", "--host: expected a name");
			so->host = optarg;
			break;
		case 'm':
			if (import_options_map(&so->io, optarg, &err) < 0) {
				usage_error("scan", "%s", err.buf);
				strbuf_release(&err);
				return EXIT_ERROR;
			}
			break;
		case 'O':
			if (!strcasecmp(optarg, "dmy"))
				so->io.date_order = IMPORT_DATE_DMY;
			else if (!strcasecmp(optarg, "mdy"))
				so->io.date_order = IMPORT_DATE_MDY;
			else
				return usage_error("scan", "--date-order %s: expected dmy or mdy",
						   optarg);
			break;
		case 'p':
			so->profile = optarg;
			break;
		case 'a':
			so->attrs[so->nattrs++] = optarg;
			break;
		case 'd':
		case 'A': {
			const char *why;
			day_t d = date_parse_why(optarg, &why);
			if (!d)
				return usage_error("scan", "--%s %s: %s",
						   c == 'd' ? "date" : "acquired", optarg, why);
			*(c == 'd' ? &so->date : &so->acquired) = d;
			break;
		}
		case 'f':
			if (fail_on_parse("scan", optarg, &so->fail_on))
				return EXIT_ERROR;
			break;
		case 'M':
			if (min_verdict_parse("scan", optarg, &so->min))
				return EXIT_ERROR;
			so->min_given = true;
			break;
		case 'F': {
			static char fmt[16];
			so->format = cmd_lowercase(fmt, sizeof fmt, optarg);
			if (!report_format_known(so->format))
				return usage_error("scan",
						   "--format %s: expected table, json, csv, "
						   "cyclonedx, sarif or html",
						   optarg);
			break;
		}
		case 'c':
			so->config = optarg;
			break;
		case 'r':
			so->root = optarg;
			break;
		case 'v':
			so->verbose = true;
			break;
		case 'h':
			print_usage(usage);
			return HELP_SHOWN;
		default:
			return usage_bad_option("scan", argc, argv);
		}
	}
	strbuf_release(&err);
	/* one capture given as a file: the machine it holds, as --root reads it */
	if (!so->root && optind == argc - 1 && capture_is_capture(argv[optind]))
		so->root = argv[optind++];
	if (so->root && optind < argc)
		return usage_error("scan", "give --root or files, not both");
	if (so->host && optind == argc)
		return usage_error("scan", "--host names the machine of the files given");
	/* the other formats are whole records (a BOM, a SARIF log, a page):
	 * a trimmed one would read as a host with fewer findings */
	if (so->min_given && strcmp(so->format, "table") && strcmp(so->format, "json") &&
	    strcmp(so->format, "csv"))
		return usage_error("scan", "--min-verdict trims table, json and csv output, "
					   "not --format %s",
				   so->format);
	return 0;
}

/*
 * --acquired: every part without its own acquisition record was acquired
 * that day, for identify, the judge and the report alike (partdate.h).  A
 * part made after that day contradicts it: its manufacture date wins, and
 * the user is told.
 */
static void acquired_stamp(const struct scan_opts *so, struct inventory *inv)
{
	char buf[16];
	size_t late = 0;
	if (!so->acquired)
		return;
	part_date_stamp(inv, so->acquired, "--acquired");
	for (size_t i = 0; i < inv->ncomps; i++) {
		struct part_date pd;
		part_date(&inv->comps[i], 0, 0, NULL, &pd);
		late += pd.contradicted;
	}
	if (late)
		log_warn("--acquired %s: %zu part%s made after that day: the manufacture date "
			 "wins for %s (see each finding's acquired)",
			 date_format(so->acquired, buf), late, late == 1 ? " was" : "s were",
			 late == 1 ? "it" : "them");
}

/*
 * --min-verdict: the findings below it move behind the shown ones
 * (res->nhidden), in their order; the renderers list the shown ones and
 * count them all.
 */
static void min_verdict_trim(const struct scan_opts *so, struct scan_result *res)
{
	size_t n = res->nfindings, k = 0, h = 0;
	if (!so->min_given || !n)
		return;
	struct finding *hidden = xcalloc(n, sizeof *hidden);
	for (size_t i = 0; i < n; i++) {
		if (min_verdict_shows(&so->min, (int)res->findings[i].verdict))
			res->findings[k++] = res->findings[i];
		else
			hidden[h++] = res->findings[i];
	}
	memcpy(res->findings + k, hidden, h * sizeof *hidden);
	res->nfindings = k;
	res->nhidden = h;
	free(hidden);
}

/* Identify and judge one inventory into res; returns the worst verdict. */
static int judge_one(const struct scan_opts *so, const struct ruleset *rs, const struct kb *kb,
		     const struct profile *p, struct scan_result *res, size_t *unidentified)
{
	struct judge_opts jo = {rs, kb, p, so->date, so->acquired};
	acquired_stamp(so, res->inv);
	identify_inventory(kb, res->inv, so->date);
	judge_inventory(&jo, res);
	for (size_t i = 0; i < res->inv->ncomps; i++)
		*unidentified += !comp_identified(&res->inv->comps[i]);
	int worst = scan_worst(res); /* the gate sees everything */
	min_verdict_trim(so, res);
	return worst;
}

/*
 * Report machine k of n.  One machine: the report as it always was.  Several:
 * the table gets a section per machine; JSON one document holding a "hosts"
 * array of the single-machine documents (doc/scan-schema.md); CSV one header
 * and every machine's rows.  0, or -1 with err.
 */
static int report_one(const struct scan_opts *so, const struct scan_result *res, size_t k,
		      size_t n, const char *sources, struct strbuf *err)
{
	if (n == 1)
		return report_scan(res, so->format, stdout, err);
	if (!strcmp(so->format, "table")) {
		printf("%s== machine %zu of %zu: %s ==\n\n", k ? "\n" : "", k + 1, n, sources);
		return report_scan(res, so->format, stdout, err);
	}
	if (!strcmp(so->format, "json")) {
		if (!k)
			printf("{\n\t\"schema\":\t\"chipscreen-scan-hosts/1\",\n\t\"tool\":\t{"
			       "\n\t\t\"name\":\t\"chipscreen\",\n\t\t\"version\":\t\"%s\"\n\t},"
			       "\n\t\"hosts\":\t[",
			       CHIPSCREEN_VERSION);
		else
			fputs(",", stdout);
		int rc = report_scan(res, so->format, stdout, err);
		if (k + 1 == n)
			fputs("]\n}\n", stdout);
		return rc;
	}
	/* csv: each machine's rows under the first one's header */
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	int rc = report_scan(res, so->format, mem, err);
	fclose(mem);
	const char *body = buf;
	if (k && rc == 0) {
		const char *nl = memchr(buf, '\n', len);
		body = nl ? nl + 1 : buf + len;
	}
	if (rc == 0)
		fwrite(body, 1, len - (size_t)(body - buf), stdout);
	free(buf);
	return rc;
}

/* "a.txt, b.txt": the files of machine m. */
static const char *machine_sources(char **files, const struct group_machine *m, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t k = 0; k < m->n; k++)
		strbuf_addf(sb, "%s%s", k ? ", " : "", files[m->v[k]]);
	return sb->buf;
}

/* Machines planned apart that claim to be one: a warning each. */
static void check_claims(char **files, const struct group_plan *plan,
			 const struct scan_result *res)
{
	const struct host **hosts = xcalloc(plan->n + 1, sizeof *hosts);
	const char **names = xcalloc(plan->n + 1, sizeof *names);
	struct strbuf warn = STRBUF_INIT;
	for (size_t k = 0; k < plan->n; k++) {
		hosts[k] = &res[k].inv->host;
		names[k] = files[plan->m[k].v[0]];
	}
	if (group_check_claims(hosts, names, plan->n, &warn))
		log_warn("%s", warn.buf);
	strbuf_release(&warn);
	free(hosts);
	free(names);
}

/*
 * A purchase line with a serial number dates the component with that serial,
 * in whichever of the files it is (partdate.h, part_date_link): a PO scanned
 * with the collect file of the machine it bought parts for.  Before
 * --acquired, which fills only what no record dates.
 */
static void link_purchases(struct scan_result *res, size_t n)
{
	struct strbuf warn = STRBUF_INIT;
	for (size_t j = 0; j < n; j++)
		for (size_t k = 0; k < n; k++)
			part_date_link(res[j].inv, res[k].inv, &warn);
	if (warn.len)
		log_warn("%s", warn.buf);
	strbuf_release(&warn);
}

/*
 * Records the files held and that could not be read (malformed CSV rows,
 * each warned with its line) are parts that were not judged: a scan that
 * found nothing else cannot pass (exit 2, as screen-names does with damaged
 * rows).  A purchase line of Micron modules whose quantity read "10 pcs" was
 * skipped, and the order came out "No findings", exit 0.  true when any.
 */
static bool skipped_records(char **files, const struct group_plan *plan,
			    const struct scan_result *res, struct strbuf *src)
{
	bool any = false;
	for (size_t k = 0; k < plan->n; k++) {
		size_t n = res[k].inv->nskipped;
		if (!n)
			continue;
		log_error("%s: %zu %s could not be read (the warnings name %s): what %s held was "
			  "not judged, so nothing found is no answer; correct the file and scan it "
			  "again",
			  machine_sources(files, &plan->m[k], src), n,
			  n == 1 ? "record" : "records", n == 1 ? "it" : "them",
			  n == 1 ? "it" : "they");
		any = true;
	}
	return any;
}

/* Collect this machine (or --root): one report. */
static int scan_collect(const struct scan_opts *so, const struct ruleset *rs, const struct kb *kb,
			const struct profile *p)
{
	struct inventory *inv = inventory_new();
	struct scan_result res = {.inv = inv};
	struct strbuf err = STRBUF_INIT;
	int w = -2;
	size_t unidentified = 0;
	/* --root takes a capture directory or a .tar.gz capture */
	if (capture_collect(inv, so->root ? so->root : "/", &err) < 0) {
		log_error("%s", err.buf);
	} else if (so->root && collect_root_empty(so->root, inv)) {
		w = -2;
	} else {
		w = judge_one(so, rs, kb, p, &res, &unidentified);
		if (report_scan(&res, so->format, stdout, &err) < 0) {
			log_error("%s", err.buf);
			w = -2;
		}
	}
	strbuf_release(&err);
	inventory_free(inv);
	if (w == -2)
		return EXIT_ERROR;
	return fail_on_hit(&so->fail_on, w, unidentified) ? EXIT_FINDINGS : EXIT_CLEAR;
}

/* Read each FILE, grouped into machines (import/group.h); one report each,
 * in one document.  Every file is read before anything is printed, so an
 * unreadable one is exit 2 with no half-written report. */
static int scan_files(const struct scan_opts *so, int nfiles, char **files,
		      const struct ruleset *rs, const struct kb *kb, const struct profile *p)
{
	struct group_input *in = xcalloc((size_t)nfiles + 1, sizeof *in);
	for (int i = 0; i < nfiles; i++) {
		in[i] = (struct group_input){files[i], input_format(files[i]), -1};
		/* not recognised: a machine of its own, whose reading says why */
		if (in[i].fmt == IMPORT_AUTO)
			in[i].fmt = IMPORT_INVENTORY_JSON;
	}
	struct group_plan plan;
	group_plan(in, (size_t)nfiles, so->host != NULL, &plan);
	free(in);
	int rc = EXIT_ERROR, worst = -1;
	size_t unidentified = 0;
	struct strbuf err = STRBUF_INIT, src = STRBUF_INIT;
	struct scan_result *res = xcalloc(plan.n + 1, sizeof *res);
	if (plan.n > 1 && strcmp(so->format, "table") && strcmp(so->format, "json") &&
	    strcmp(so->format, "csv")) {
		log_error("scan: the files are %zu machines, and --format %s describes one: scan "
			  "them one at a time, or use table, json or csv",
			  plan.n, so->format);
		goto out;
	}
	if (so->host && plan.n > 1) {
		log_error("scan: --host names one machine, but the files are %zu (each collect "
			  "JSON file, BOM or CSV file is one of its own, and so is each of two "
			  "dumps of one tool)",
			  plan.n);
		goto out;
	}
	for (size_t k = 0; k < plan.n; k++) {
		res[k].inv = inventory_new();
		if (load_machine(so, files, &plan.m[k], res[k].inv, &err) < 0) {
			log_error("%s", err.buf);
			goto out;
		}
	}
	/* a declared product class with a typo would judge as "unknown" */
	for (size_t k = 0; k < plan.n; k++)
		if (product_class_check(rs, res[k].inv, &err) < 0) {
			log_error("%s", err.buf);
			goto out;
		}
	check_claims(files, &plan, res);
	link_purchases(res, plan.n);
	for (size_t k = 0; k < plan.n; k++) {
		int w = judge_one(so, rs, kb, p, &res[k], &unidentified);
		if (w > worst)
			worst = w;
		if (report_one(so, &res[k], k, plan.n, machine_sources(files, &plan.m[k], &src),
			       &err) < 0) {
			log_error("%s", err.buf);
			goto out;
		}
		fflush(stdout);
	}
	rc = fail_on_hit(&so->fail_on, worst, unidentified) ? EXIT_FINDINGS : EXIT_CLEAR;
	if (rc == EXIT_CLEAR && skipped_records(files, &plan, res, &src))
		rc = EXIT_ERROR;
out:
	for (size_t k = 0; k < plan.n; k++)
		inventory_free(res[k].inv);
	free(res);
	group_plan_free(&plan);
	strbuf_release(&err);
	strbuf_release(&src);
	return rc;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_opts so = {
		.format = "table", .fail_on = {V_REVIEW, false}, .min = {V_CLEAR, true}};
	so.attrs = xcalloc((size_t)argc + 1, sizeof *so.attrs);
	optind = 0; /* full reset (GNU): tests run commands in-process, one after another */
	int rc = parse_args(argc, argv, &so);
	if (rc) {
		free(so.attrs);
		return rc == HELP_SHOWN ? EXIT_CLEAR : rc;
	}
	if (!so.date)
		so.date = date_today();
	report_set_verbose(so.verbose); /* process-wide: set on every run */
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(NULL, &err);
	struct kb *kb = NULL;
	struct arena *a = arena_new();
	struct profile_request rq;
	const struct profile *p = NULL;
	profile_request_init(&rq, a);
	rc = EXIT_ERROR;
	if (!rs || profiles_load(rs, NULL, &err) < 0) {
		log_error("%s", err.buf);
		goto out;
	}
	if (cmd_profile_build(rs, &rq, so.config, so.profile, so.attrs, (size_t)so.nattrs, &p) < 0)
		goto out;
	if (!(kb = kb_load(NULL, NULL, NULL, &err)) || judge_check_parties(rs, kb, &err) < 0) {
		log_error("%s", err.buf);
		goto out;
	}
	rc = optind == argc ? scan_collect(&so, rs, kb, p)
			    : scan_files(&so, argc - optind, argv + optind, rs, kb, p);
out:
	kb_free(kb);
	ruleset_free(rs);
	arena_free(a);
	strbuf_release(&err);
	free(so.attrs);
	return rc;
}
