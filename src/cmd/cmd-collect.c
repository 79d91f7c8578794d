/*
 * cmd-collect.c — `chipscreen collect [--root DIR] [--format json|text] [-o FILE]`
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "collect/capture.h"
#include "collect/collect.h"
#include "identify/identify.h"
#include "inventory-json.h"
#include "report/inventory-text.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/log.h"

#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: chipscreen collect [--root DIR|FILE] [--format json|text] [-o FILE]\n"
	"                          [--no-identify]\n"
	"\n"
	"Read this machine's hardware straight from the kernel: SMBIOS tables, SPD\n"
	"EEPROMs, PCI, NVMe, SATA/SAS/virtio block devices, USB and eMMC.  Runs as\n"
	"root or not; what could not be read is listed with the reason.  Each part\n"
	"gets its maker and chip maker with the evidence (see chipscreen identify).\n"
	"\n"
	"  --root DIR|FILE   read a captured tree or capture archive (.tar.gz, see\n"
	"                    chipscreen capture) instead of /\n"
	"  --format FORMAT   json (default; doc/inventory-schema.md) or text; JSON is\n"
	"                    indented on a terminal, compact (one line) otherwise\n"
	"  -o, --output FILE write to FILE instead of standard output\n"
	"  --no-identify     raw identifiers only, no maker attributions (left to\n"
	"                    `chipscreen import` or the server; needs no data files)\n"
	"  -q, --quiet       no warnings on standard error\n"
	"  -h, --help        this help\n";

bool collect_root_empty(const char *root, const struct inventory *inv)
{
	if (inv->ncomps)
		return false;
	log_error("%s: nothing collected from it: not a machine's root or a capture "
		  "(chipscreen capture -o FILE.tar.gz writes one)",
		  root);
	return true;
}

int cmd_collect(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},   {"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'}, {"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},         {"no-identify", no_argument, NULL, 'N'},
		{NULL, 0, NULL, 0},
	};
	const char *root = "/", *format = "json", *output = NULL;
	bool identify = true;
	int c;
	optind = 0; /* full reset (GNU): tests run commands in-process, one after another */
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'N':
			identify = false;
			break;
		case 'q':
			log_set_quiet(1);
			break;
		case 'h':
			return print_usage(usage);
		default:
			return usage_bad_option("collect", argc, argv);
		}
	}
	if (optind < argc)
		return usage_error("collect", "unexpected argument '%s'", argv[optind]);
	if (strcmp(format, "json") && strcmp(format, "text"))
		return usage_error("collect", "--format must be json or text, not '%s'", format);
	/* the capture read is the user's evidence: writing over it would
	 * replace it with the inventory, exit 0 */
	if (output && same_file(output, root)) {
		log_error("%s: is the capture being read (--root): give another output", output);
		return EXIT_ERROR;
	}

	struct inventory *inv = inventory_new();
	struct strbuf err = STRBUF_INIT;
	if (capture_collect(inv, root, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		inventory_free(inv);
		return EXIT_ERROR;
	}
	strbuf_release(&err);
	if (strcmp(root, "/") && collect_root_empty(root, inv)) {
		inventory_free(inv);
		return EXIT_ERROR;
	}
	/* Attribute makers; without the knowledge base the inventory is still
	 * written, only without attributions, and the reason is said. */
	struct strbuf kerr = STRBUF_INIT;
	struct kb *kb = identify ? kb_load(NULL, NULL, NULL, &kerr) : NULL;
	if (kb)
		identify_inventory(kb, inv, date_today());
	else if (identify)
		log_warn("no maker attributions: %s", kerr.buf);
	strbuf_release(&kerr);
	for (size_t i = 0; i < inv->nwarnings; i++)
		log_warn("%s: %s", inv->warnings[i].path ? inv->warnings[i].path : "",
			 inv->warnings[i].reason);

	/* A file is written beside its place and renamed into it when whole: a
	 * full disk leaves no half inventory (nor an empty one) where the file
	 * was, and an earlier file of that name stays as it was.  A device, a
	 * pipe or a link (-o /dev/stdout) is written in place. */
	struct strbuf tmp = STRBUF_INIT;
	FILE *out = stdout;
	struct stat ost;
	if (output) {
		if (lstat(output, &ost) == 0 && !S_ISREG(ost.st_mode))
			strbuf_addstr(&tmp, output);
		else
			strbuf_addf(&tmp, "%s.tmp-%ld", output, (long)getpid());
		if (!(out = fopen(tmp.buf, "w"))) {
			log_error("%s: cannot write: %s", output, strerror(errno));
			strbuf_release(&tmp);
			inventory_free(inv);
			kb_free(kb);
			return EXIT_ERROR;
		}
	}
	int rc = 0;
	/* indented for a person at a terminal; compact for files and pipes,
	 * which programs read (a fifth smaller, and faster to import) */
	if (!strcmp(format, "json"))
		rc = inventory_write_json(inv, out, isatty(fileno(out)));
	else
		inventory_write_text(inv, out);
	bool direct = output && !strcmp(tmp.buf, output);
	if (out != stdout &&
	    (fclose(out) != 0 || rc < 0 || (!direct && rename(tmp.buf, output) < 0))) {
		if (!direct)
			unlink(tmp.buf);
		rc = -1;
	}
	strbuf_release(&tmp);
	inventory_free(inv);
	kb_free(kb);
	if (rc < 0) {
		log_error("%s: write failed%s", output ? output : "standard output",
			  output && !direct ? " (nothing written there)" : "");
		return EXIT_ERROR;
	}
	return EXIT_CLEAR;
}
