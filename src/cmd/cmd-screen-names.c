/*
 * cmd-screen-names.c — `chipscreen screen-names FILE.csv --column NAME [--out FILE]`
 *
 * Batch-screens a supplier or customer master.  The input streams through
 * lists/csvread.h (constant memory, damaged rows reported with their line);
 * each output row repeats the input fields and adds, of the hits at or above
 * --min, the one with the most severe verdict (the best score among equals):
 * matched_name, score, source, programs, citation, verdict, consequence,
 * license_requirement, listed_name and matched_via (how a name lent by an
 * organisation table came), empty when nothing reaches --min.  The exit status
 * follows --fail-on, as scan's does: 1 when a row's verdict is at or above it.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "lists/csvread.h"
#include "match/index.h"
#include "util/log.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage[] =
	"usage: chipscreen screen-names [options] --column NAME FILE.csv\n"
	"\n"
	"Screen every name in column NAME of FILE.csv (- for standard input) against\n"
	"the loaded restricted-party lists.  The output CSV repeats the input columns\n"
	"and adds matched_name, score, source, programs, citation, verdict,\n"
	"consequence, license_requirement, listed_name and matched_via (how a brand or\n"
	"other name from the organisation table led to the listed party): empty where\n"
	"no listed name reaches --min; a last column, decision, says match,\n"
	"potential-match (a person reviews it; consequence \"if confirmed\") or no-match.\n"
	"No listed name reaches --min.  Of several hits, the row shows the one with the most "
	"severe verdict:\n"
	"PROHIBITED (dealings barred: SDN, DPL), LICENSE (a licence is needed to\n"
	"export to the party: Entity List, MEU, UVL), REVIEW (a person decides),\n"
	"INFO (no export restriction: DoD 1260H, NDAA s.889, s.5949).  Rows that\n"
	"cannot be read are reported on standard error with their line.  Progress\n"
	"goes to standard error.\n"
	"\n"
	"  --column NAME          the column holding the names (header name)\n"
	"  -o, --out FILE         write to FILE instead of standard output\n"
	"  --min SCORE            threshold (default 0.50)\n"
	"  --source LIST          only these sources or lists, comma-separated\n"
	"  --country-column NAME  a column with the party's country (supporting evidence)\n"
	"  --address-column NAME  a column with the party's address (supporting evidence)\n"
	"  --id-column NAME       a column with an identifier to match exactly\n"
	"  --delimiter C          the input's field separator (default ,)\n"
	"  --exhaustive           score every listed name (the index's reference; slow)\n"
	"  --fail-on VERDICT      exit 1 when a row's verdict is at or above VERDICT:\n"
	"                         PROHIBITED, LICENSE, REVIEW (default) or INFO (any hit)\n"
	"  --db FILE              the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -q, --quiet            no progress\n"
	"  -h, --help             this help\n"
	"\n"
	"Exit status: 0 no verdict at or above --fail-on, 1 some, 2 error (also when\n"
	"rows could not be screened and none reached --fail-on).\n";

/* The added columns of a row without a hit. */
#define EMPTY_HIT ",,,,,,,,,,,no-match\n"

static void put_field(FILE *out, const char *s, size_t n, bool first)
{
	if (!first)
		fputc(',', out);
	bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
	for (size_t i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = true;
	if (!quote) {
		fwrite(s, 1, n, out);
		return;
	}
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', out);
		fputc(s[i], out);
	}
	fputc('"', out);
}

static void put_str(FILE *out, const char *s)
{
	put_field(out, s ? s : "", s ? strlen(s) : 0, false);
}

static int find_col(const struct csvrec *h, const char *name)
{
	for (int i = 0; i < h->nf; i++)
		if (!strcasecmp(h->f[i], name))
			return i;
	return -1;
}

struct opts {
	const char *column, *out, *db, *country_col, *address_col, *id_col;
	char delim;
	bool quiet;
	int fail_on;
	struct nx_query q;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{"column", required_argument, NULL, 'c'},
		{"out", required_argument, NULL, 'o'},
		{"min", required_argument, NULL, 'm'},
		{"source", required_argument, NULL, 's'},
		{"country-column", required_argument, NULL, 'C'},
		{"address-column", required_argument, NULL, 'A'},
		{"id-column", required_argument, NULL, 'I'},
		{"delimiter", required_argument, NULL, 'D'},
		{"exhaustive", no_argument, NULL, 'x'},
		{"db", required_argument, NULL, 'd'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"fail-on", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	int c;
	char *end;
	optind = 0; /* full reset (GNU): tests run commands in-process, one after another */
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->column = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'm':
			o->q.min = strtod(optarg, &end);
			if (*end || o->q.min < 0 || o->q.min > 1)
				return usage_error("screen-names", "--min must be from 0 to 1");
			break;
		case 's':
			o->q.sources = optarg;
			break;
		case 'C':
			o->country_col = optarg;
			break;
		case 'A':
			o->address_col = optarg;
			break;
		case 'I':
			o->id_col = optarg;
			break;
		case 'D':
			if (strlen(optarg) != 1 && strcmp(optarg, "\\t"))
				return usage_error("screen-names", "--delimiter is one character");
			o->delim = strcmp(optarg, "\\t") ? optarg[0] : '\t';
			break;
		case 'x':
			o->q.exhaustive = true;
			break;
		case 'd':
			o->db = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'f':
			o->fail_on = verdict_from_name(optarg);
			if (o->fail_on < 0)
				return usage_error(
					"screen-names",
					"--fail-on %s: expected PROHIBITED, LICENSE, REVIEW, "
					"INFO or CLEAR",
					optarg);
			break;
		case 'h':
			return -1;
		default:
			return usage_error("screen-names", "unknown option");
		}
	}
	if (!o->column)
		return usage_error("screen-names", "--column NAME is required");
	if (optind + 1 != argc)
		return usage_error("screen-names", "give one input FILE (or - for standard input)");
	return 0;
}

struct progress {
	bool tty, quiet;
	size_t rows, matched, bad;
};

static void show_progress(struct progress *p, bool last)
{
	if (p->quiet)
		return;
	if (p->tty) {
		if (last || p->rows % 1000 == 0)
			fprintf(stderr, "\rscreen-names: %zu rows, %zu matched%s", p->rows,
				p->matched, last ? "\n" : "");
	} else if (last || p->rows % 10000 == 0) {
		fprintf(stderr, "chipscreen: screen-names: %zu rows, %zu matched%s\n", p->rows,
			p->matched, last ? " (done)" : "");
	}
}

int cmd_screen_names(int argc, char **argv)
{
	/* every hit of an entry counts: the most severe verdict decides, not the best score */
	struct opts o = {.delim = ',', .fail_on = V_REVIEW, .q = {.min = DECIDE_REVIEW, .limit = 100}};
	int rc = parse(argc, argv, &o);
	if (rc < 0)
		return print_usage(usage);
	if (rc)
		return rc;
	const char *in = argv[optind];
	struct strbuf err = STRBUF_INIT;
	struct csvr r;
	if (csvr_open(&r, strcmp(in, "-") ? in : NULL, stdin, o.delim, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	struct csvrec h;
	int got = csvr_next(&r, &h);
	if (got != 1) {
		log_error("%s: %s", in,
			  got == 0 ? "empty file: no header row" : "unreadable header row");
		csvr_close(&r);
		return EXIT_ERROR;
	}
	int ncol = h.nf;
	int cname = find_col(&h, o.column);
	int ccountry = o.country_col ? find_col(&h, o.country_col) : -1;
	int caddr = o.address_col ? find_col(&h, o.address_col) : -1;
	int cid = o.id_col ? find_col(&h, o.id_col) : -1;
	const char *missing = cname < 0                       ? o.column
			      : o.country_col && ccountry < 0 ? o.country_col
			      : o.address_col && caddr < 0    ? o.address_col
			      : o.id_col && cid < 0           ? o.id_col
							      : NULL;
	if (missing) {
		log_error("%s: no column '%s' in the header", in, missing);
		csvr_close(&r);
		return EXIT_ERROR;
	}
	struct store *st;
	struct nindex *ix;
	if (nindex_open(o.db, &st, &ix, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		csvr_close(&r);
		return EXIT_ERROR;
	}
	FILE *out = stdout;
	if (o.out && !(out = fopen(o.out, "w"))) {
		log_error("%s: cannot write: %s", o.out, strerror(errno));
		nindex_free(ix);
		store_close(st);
		csvr_close(&r);
		return EXIT_ERROR;
	}
	for (int i = 0; i < h.nf; i++)
		put_field(out, h.f[i], h.len[i], i == 0);
	fputs(",matched_name,score,source,programs,citation,verdict,consequence,"
	      "license_requirement,listed_name,matched_via,decision\n",
	      out);
	struct progress p = {isatty(2), o.quiet, 0, 0, 0};
	int worst = -1; /* no hit yet */
	struct csvrec rec;
	char score[16];
	while ((got = csvr_next(&r, &rec)) != 0) {
		if (got == 2) {
			const char *why;
			csvr_lost(&r, &why);
			log_warn("%s:%ld: %s; row not screened", in, rec.line, r.lost_why);
			p.bad++;
			continue;
		}
		p.rows++;
		if (rec.oversized || rec.toomany || rec.nf != ncol)
			log_warn("%s:%ld: %s; the row is copied as read", in, rec.line,
				 rec.oversized    ? "a field is longer than 64 KiB"
				 : rec.nf != ncol ? "wrong number of fields"
						  : "too many fields");
		for (int i = 0; i < rec.nf; i++)
			put_field(out, rec.f[i], rec.len[i], i == 0);
		if (cname >= rec.nf) {
			log_warn("%s:%ld: no field '%s'; row not screened", in, rec.line, o.column);
			p.bad++;
			fputs(EMPTY_HIT, out);
			continue;
		}
		struct nx_query q = o.q;
		q.name = rec.f[cname];
		q.country = ccountry >= 0 && ccountry < rec.nf ? rec.f[ccountry] : NULL;
		q.address = caddr >= 0 && caddr < rec.nf ? rec.f[caddr] : NULL;
		q.id = cid >= 0 && cid < rec.nf ? rec.f[cid] : NULL;
		struct nx_result res;
		nindex_search(ix, &q, &res);
		if (res.n) {
			/* the most severe hit a person has not reviewed away
			 * (match/review.h); a reviewed one only when all are */
			struct nx_verdict v, best;
			size_t k = SIZE_MAX;
			for (size_t i = 0; i < res.n; i++) {
				if (res.hits[i].decision == DEC_NO_MATCH)
					continue;
				nindex_verdict(ix, &res.hits[i], &v);
				if (k == SIZE_MAX || v.verdict > best.verdict) {
					best = v;
					k = i;
				}
			}
			bool reviewed = k == SIZE_MAX;
			if (reviewed)
				nindex_verdict(ix, &res.hits[k = 0], &best);
			const struct nx_hit *hit = &res.hits[k];
			const struct nx_entry *e = &ix->entries[hit->entry];
			if (!reviewed)
				p.matched++;
			if (!reviewed && (int)best.verdict > worst)
				worst = (int)best.verdict;
			put_str(out, hit->by_id ? hit->evidence : ix->names[hit->name].name);
			snprintf(score, sizeof score, "%.3f", hit->score);
			put_str(out, score);
			put_str(out, e->list);
			put_str(out, e->programs);
			put_str(out, e->citation);
			put_str(out, verdict_name(best.verdict));
			if (hit->decision == DEC_MATCH) {
				put_str(out, best.lowered ? best.lowered : best.c->meaning);
			} else if (reviewed) {
				put_str(out, hit->decided);
			} else { /* a potential match: the consequence once confirmed */
				struct strbuf c = STRBUF_INIT;
				strbuf_addf(&c, "if confirmed: %s",
					    best.lowered ? best.lowered : best.c->meaning);
				put_str(out, c.buf);
				strbuf_release(&c);
			}
			put_str(out, e->license_requirement);
			put_str(out, e->name);
			put_str(out, hit->by_id ? NULL : ix->names[hit->name].via);
			put_str(out, decision_name(hit->decision));
			fputc('\n', out);
		} else {
			fputs(EMPTY_HIT, out);
		}
		nx_result_release(&res);
		show_progress(&p, false);
	}
	show_progress(&p, true);
	bool to_stdout = out == stdout;
	bool werr = ferror(out) != 0;
	if (to_stdout)
		werr = fflush(stdout) != 0 || werr;
	else
		werr = fclose(out) != 0 || werr;
	if (werr)
		log_error("%s: write error", o.out ? o.out : "standard output");
	if (p.bad)
		log_warn("%s: %zu rows could not be screened (see above)", in, p.bad);
	nindex_free(ix);
	store_close(st);
	csvr_close(&r);
	strbuf_release(&err);
	if (werr)
		return EXIT_ERROR;
	if (p.matched && worst >= o.fail_on)
		return EXIT_FINDINGS;
	return p.bad ? EXIT_ERROR : EXIT_CLEAR;
}
