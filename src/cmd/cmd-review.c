/*
 * cmd-review.c — `chipscreen review --by WHO --why TEXT NAME SOURCE:REF`,
 * `chipscreen review --list`
 *
 * Records that a potential match was reviewed and the screened party is not
 * the listed one (match/review.h): later `search` and `screen-names` runs
 * of the same name show the review and decide no-match, until the listed
 * entry changes.  Reviews are kept, never edited: a new review of the same
 * name and entry comes after the old one and wins.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "lists/review.h"
#include "report/scan-common.h"
#include "util/fileio.h"
#include "util/log.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen review [--db FILE] --by WHO --why TEXT NAME SOURCE:REF\n"
	"       chipscreen review [--db FILE] --list\n"
	"\n"
	"Record that NAME, screened, is not the party of the listed entry SOURCE:REF\n"
	"(search prints each hit's entry so: \"entry: ofac-sdn:23647\").  Later\n"
	"screens of NAME (same words, any order, case or legal-form spelling) show\n"
	"the review and decide no-match for that entry, as long as the entry is as\n"
	"it was reviewed: when a list update changes it (names, type, programs,\n"
	"dates, addresses, identifiers), the review no longer holds and says so.\n"
	"\n"
	"  --by WHO      who reviewed (required)\n"
	"  --why TEXT    why it is not this party: date of birth, address, ... (required)\n"
	"  --list        print the recorded reviews and whether each still holds\n"
	"  --db FILE     the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -h, --help    this help\n"
	"\n"
	"Exit status: 0 recorded (or listed), 2 error.\n";

/* One field of a review for the terminal: a store is shared, and a control
 * in a name or reason recorded before they were refused must not move the
 * cursor or begin a line that reads as another review. */
static const char *shown(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	display_safe_add(sb, s ? s : "");
	return sb->buf;
}

/* A control character in s (C0 or DEL): a review's words are one line. */
static bool has_control(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static int list_reviews(struct store *st)
{
	struct review *r;
	size_t n;
	struct strbuf err = STRBUF_INIT;
	if (review_load(st, &r, &n, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	if (!n)
		printf("no reviews recorded in %s\n", st->path);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT, d = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		printf("%s  %s:%s  \"%s\": not this party, by %s: %s%s\n", r[i].at,
		       shown(&d, r[i].source), r[i].ref, shown(&a, r[i].name),
		       shown(&b, r[i].reviewer), shown(&c, r[i].reason),
		       r[i].current  ? ""
		       : r[i].listed ? " (no longer holds: the entry changed)"
				     : " (no longer holds: the entry is on no loaded list)");
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
	strbuf_release(&d);
	review_free(r, n);
	strbuf_release(&err);
	return EXIT_CLEAR;
}

int cmd_review(int argc, char **argv)
{
	static const struct option opts[] = {
		{"by", required_argument, NULL, 'b'},  {"why", required_argument, NULL, 'w'},
		{"list", no_argument, NULL, 'l'},      {"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},      {NULL, 0, NULL, 0},
	};
	const char *by = NULL, *why = NULL, *db = NULL;
	bool list = false;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			by = optarg;
			break;
		case 'w':
			why = optarg;
			break;
		case 'l':
			list = true;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			return print_usage(usage);
		default:
			return usage_bad_option("review", argc, argv);
		}
	}
	if (!list && argc - optind != 2)
		return usage_error("review", "give the NAME screened and the entry SOURCE:REF");
	if (list && argc != optind)
		return usage_error("review", "--list takes no NAME");
	if (!list && (!by || !*by || !why || !*why))
		return usage_error("review", "--by and --why are required: a review says who and why");
	if (!list && (has_control(by) || has_control(why) || has_control(argv[optind])))
		return usage_error("review", "NAME, --by and --why are one line of text each, "
					     "without control characters (a tab, a newline)");
	const char *entry = list ? NULL : argv[optind + 1];
	const char *colon = entry ? strrchr(entry, ':') : NULL;
	if (entry && (!colon || colon == entry || !colon[1]))
		return usage_error("review", "the entry must be SOURCE:REF (as search prints it), "
					     "not '%s'",
				   entry);
	struct strbuf err = STRBUF_INIT, def = STRBUF_INIT;
	const char *path = db ? db : store_default_path(&def);
	struct store *st = NULL;
	int rc = EXIT_ERROR;
	if (!path_exists(path))
		log_error("%s: no store yet: import lists first (chipscreen lists import FILE...)",
			  path);
	else if (store_open(&st, path, false, &err) < 0)
		log_error("%s", err.buf);
	else if (list)
		rc = list_reviews(st);
	else {
		char source[256];
		snprintf(source, sizeof source, "%.*s", (int)(colon - entry), entry);
		if (review_add(st, argv[optind], source, colon + 1, by, why, &err) < 0) {
			log_error("%s", err.buf);
		} else {
			printf("recorded: \"%s\" is not the party of %s (by %s)\n", argv[optind],
			       entry, by);
			rc = EXIT_CLEAR;
		}
	}
	store_close(st);
	strbuf_release(&err);
	strbuf_release(&def);
	return rc;
}
