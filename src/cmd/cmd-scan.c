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
#include "import/import.h"
#include "inventory-json.h"
#include "report/report.h"
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

static const char usage[] =
	"usage: chipscreen scan [--profile P] [--attr KEY=VALUE]... [--date D] [--acquired D]\n"
	"                       [--fail-on VERDICT] [--format F] [--config FILE] [--verbose]\n"
	"                       [--root DIR | FILE...]\n"
	"\n"
	"Collect this machine's hardware (or read a captured tree with --root, or\n"
	"files: collect JSON, dmidecode, smartctl, lspci, lsusb, CycloneDX, CSV purchase\n"
	"records), identify who made each part and who made its chips, and judge them\n"
	"against the bundled rules for an operator profile.  Tool outputs named one\n"
	"after another (dmidecode, smartctl, lspci, lsusb, SPD dumps) are one machine;\n"
	"every other file is judged on its own.\n"
	"\n"
	"  -p, --profile P      a bundled profile (chipscreen profiles), or 'none'\n"
	"                       for the exposure view; default: the config file's\n"
	"  -a, --attr K=V       set a profile attribute (repeatable; overrides the\n"
	"                       profile and the config): jurisdiction=CN, cii=yes,\n"
	"                       purpose=public-safety, network=5g-core, ...\n"
	"  -d, --date D         judge as of D (YYYY-MM-DD); default today\n"
	"      --acquired D     the parts were acquired on D (incoming inspection)\n"
	"  -f, --fail-on V      exit 1 when a verdict is at or above V (PROHIBITED,\n"
	"                       REMOVE-BY, NO-NEW-PURCHASE, LICENSE, REVIEW, INFO,\n"
	"                       CLEAR); default REVIEW\n"
	"  -F, --format F       table, json, csv, cyclonedx, sarif or html; default table\n"
	"  -c, --config FILE    read this config file instead of the usual ones\n"
	"  -r, --root DIR       read a captured tree (or capture archive) instead of /\n"
	"  -v, --verbose        table: INFO findings and every rule cited in full, and\n"
	"                       the clear components listed\n"
	"\n"
	"Without a profile, scan shows the exposure view: every measure, in every\n"
	"jurisdiction, that names each part's maker, as INFO.\n"
	"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 error.\n";

/* parse_args: --help was printed; exit 0. */
#define HELP_SHOWN (-1)

struct scan_opts {
	const char *profile, *config, *root, *format;
	const char **attrs;
	int nattrs;
	day_t date, acquired;
	int fail_on;
	bool verbose;
};

/* Formats that describe a machine only in part: given together, one machine. */
static bool partial_format(enum import_format f)
{
	return f == IMPORT_DMIDECODE || f == IMPORT_SMARTCTL_TEXT || f == IMPORT_SMARTCTL_JSON ||
	       f == IMPORT_LSPCI || f == IMPORT_LSUSB ||
	       f == IMPORT_SPD || f == IMPORT_DECODE_DIMMS; /* merged onto its module */
}

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
 * Read files[0] into inv, in any format import reads (import/import.h), and
 * set *used to the number of files read.  A collect JSON file, a CycloneDX
 * BOM or a CSV of purchase records is one inventory, judged on its own; tool
 * outputs (dmidecode, smartctl, lspci, lsusb, SPD dumps) that follow each other on the
 * command line describe one machine and are read into one inventory, so
 * `scan dmi.txt lspci.txt smart-sda.txt` judges one host.
 */
static int load_input(char **files, int nfiles, int *used, struct inventory *inv,
		      struct strbuf *err)
{
	enum import_format f = input_format(files[0]);
	*used = 1;
	if (import_file(files[0], IMPORT_AUTO, NULL, inv, err) < 0)
		return -1;
	if (!partial_format(f))
		return 0;
	while (*used < nfiles && partial_format(input_format(files[*used]))) {
		if (import_file(files[*used], IMPORT_AUTO, NULL, inv, err) < 0)
			return -1;
		(*used)++;
	}
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
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "p:a:d:f:F:c:r:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			so->profile = optarg;
			break;
		case 'a':
			so->attrs[so->nattrs++] = optarg;
			break;
		case 'd':
		case 'A': {
			day_t d = date_parse(optarg);
			if (!d)
				return usage_error("scan", "--%s %s: expected a date YYYY-MM-DD",
						   c == 'd' ? "date" : "acquired", optarg);
			*(c == 'd' ? &so->date : &so->acquired) = d;
			break;
		}
		case 'f':
			so->fail_on = verdict_from_name(optarg);
			if (so->fail_on < 0)
				return usage_error(
					"scan",
					"--fail-on %s: expected PROHIBITED, REMOVE-BY, "
					"NO-NEW-PURCHASE, LICENSE, REVIEW, INFO or CLEAR",
					optarg);
			break;
		case 'F':
			so->format = optarg;
			if (!report_format_known(optarg))
				return usage_error("scan",
						   "--format %s: expected table, json, csv, "
						   "cyclonedx, sarif or html",
						   optarg);
			break;
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
			return usage_error("scan", "unknown option");
		}
	}
	if (so->root && optind < argc)
		return usage_error("scan", "give --root or files, not both");
	return 0;
}

/* Config files, then --profile, then --attr: later layers win. */
static int build_profile(const struct ruleset *rs, const struct scan_opts *so,
			 struct profile_request *rq, const struct profile **out)
{
	struct strbuf err = STRBUF_INIT;
	int rc = so->config ? config_read(rq, so->config, true, &err)
			    : config_read_default(rq, &err);
	if (!rc && so->profile)
		profile_request_add(rq, "profile", so->profile, "--profile");
	for (int i = 0; !rc && i < so->nattrs; i++)
		rc = profile_request_add_arg(rq, so->attrs[i], &err);
	if (!rc)
		rc = profile_resolve(rs, rq, out, &err);
	if (rc)
		log_error("%s", err.buf);
	strbuf_release(&err);
	return rc;
}

/* Identify, judge and report one inventory; returns the worst verdict, or -2 on error. */
static int scan_one(const struct scan_opts *so, const struct ruleset *rs, const struct kb *kb,
		    const struct profile *p, struct inventory *inv)
{
	struct scan_result res = {.inv = inv};
	struct judge_opts jo = {rs, kb, p, so->date, so->acquired};
	struct strbuf err = STRBUF_INIT;
	identify_inventory(kb, inv, so->acquired ? so->acquired : so->date);
	judge_inventory(&jo, &res);
	int worst = scan_worst(&res);
	if (report_scan(&res, so->format, stdout, &err) < 0) {
		log_error("%s", err.buf);
		worst = -2;
	}
	fflush(stdout);
	strbuf_release(&err);
	return worst;
}

/* Collect this machine (or --root), or read each FILE; one report each. */
static int scan_inputs(const struct scan_opts *so, int argc, char **argv, const struct ruleset *rs,
		       const struct kb *kb, const struct profile *p)
{
	int worst = -1;
	bool collect = optind == argc;
	for (int i = optind; i < argc || collect; i++) {
		struct inventory *inv = inventory_new();
		struct strbuf err = STRBUF_INIT;
		int w, used;
		if (collect) {
			/* --root takes a capture directory or a .tar.gz capture */
			if (capture_collect(inv, so->root ? so->root : "/", &err) < 0) {
				log_error("%s", err.buf);
				w = -2;
			} else {
				w = scan_one(so, rs, kb, p, inv);
			}
		} else if (load_input(argv + i, argc - i, &used, inv, &err) < 0) {
			log_error("%s", err.buf);
			w = -2;
		} else {
			i += used - 1;
			w = scan_one(so, rs, kb, p, inv);
		}
		strbuf_release(&err);
		inventory_free(inv);
		if (w == -2)
			return EXIT_ERROR;
		if (w > worst)
			worst = w;
		if (collect)
			break;
	}
	return worst >= so->fail_on ? EXIT_FINDINGS : EXIT_CLEAR;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_opts so = {.format = "table", .fail_on = V_REVIEW};
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
	if (build_profile(rs, &so, &rq, &p) < 0)
		goto out;
	if (!(kb = kb_load(NULL, NULL, NULL, &err))) {
		log_error("%s", err.buf);
		goto out;
	}
	rc = scan_inputs(&so, argc, argv, rs, kb, p);
out:
	kb_free(kb);
	ruleset_free(rs);
	arena_free(a);
	strbuf_release(&err);
	free(so.attrs);
	return rc;
}
