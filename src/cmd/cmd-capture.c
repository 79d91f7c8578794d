/*
 * cmd-capture.c — `chipscreen capture [--root DIR|FILE] -o FILE.tar.gz|DIR`
 *
 * Copy exactly what collect reads (collect/capture.h), to replay later with
 * `collect --root` or `scan --root`, or to send to whoever screens the fleet.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "collect/capture.h"
#include "util/log.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen capture [--root DIR|FILE] -o FILE.tar.gz|DIR\n"
	"\n"
	"Copy exactly the files chipscreen collect reads on this machine (sysfs\n"
	"attributes, SMBIOS tables, SPD EEPROMs), the directories it lists and the\n"
	"symbolic links on the way, so that `chipscreen collect --root CAPTURE`\n"
	"gives the same inventory elsewhere.  The capture holds serial numbers and\n"
	"the hostname.  Run as root to include what only root can read.\n"
	"\n"
	"  -o, --output OUT  write OUT: a .tar.gz or .tgz file, or else a new (or\n"
	"                    empty) directory\n"
	"  --root DIR|FILE   capture from a tree or a capture archive instead of /\n"
	"  -q, --quiet       no summary on standard error\n"
	"  -h, --help        this help\n";

int cmd_capture(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = "/", *output = NULL;
	int c, quiet = 0;
	optind = 0; /* full reset (GNU): tests run commands in-process, one after another */
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			return print_usage(usage);
		default:
			return usage_bad_option("capture", argc, argv);
		}
	}
	if (optind < argc)
		return usage_error("capture", "unexpected argument '%s'", argv[optind]);
	if (!output || !*output)
		return usage_error("capture", "-o FILE.tar.gz or -o DIR is required");

	struct capture_stats st;
	struct strbuf err = STRBUF_INIT;
	if (capture_run(root, output, &st, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	if (!quiet) {
		fprintf(stderr,
			"chipscreen: captured %zu files, %zu links and %zu directories from %s "
			"into %s\n",
			st.files, st.links, st.dirs, root, output);
		if (st.unreadable)
			fprintf(stderr,
				"chipscreen: %zu files were unreadable without root; they are kept "
				"empty and unreadable (see chipscreen-capture.txt)\n",
				st.unreadable);
		if (st.skipped)
			fprintf(stderr,
				"chipscreen: %zu paths were not copied (see "
				"chipscreen-capture.txt)\n",
				st.skipped);
		fprintf(stderr, "chipscreen: the capture holds serial numbers and the hostname\n");
	}
	return EXIT_CLEAR;
}
