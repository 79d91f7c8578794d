/*
 * cmd-screen-names.c — `chipscreen screen-names FILE.csv --column NAME [--out FILE]`
 *
 * Batch-screens a supplier or customer master.  The input streams through
 * lists/csvread.h (constant memory, damaged rows reported with their line);
 * each output row repeats the input fields and adds, of the hits at or above
 * --min, a match before a potential match, and of those the one with the most
 * severe verdict (the best score among equals):
 * matched_name, score, source, programs, citation, verdict, consequence,
 * license_requirement, listed_name, matched_via (how a name lent by an
 * organisation table came) and other_hits (the rest, counted, the first three
 * named), empty when nothing reaches --min; then the audit
 * trail: list_source, list_version, list_date (the loaded version the hit
 * came from) and screened_at, on every row.  The exit status follows
 * --fail-on, as scan's does: 1 when a row's verdict is at or above it.
 *
 * The output uses the input's separator (guessed from the header unless
 * --delimiter), every cell through the formula guard of util/csvout.h: names
 * come from list files and supplier masters anyone can edit.  --out is never
 * the input (same device and inode, so links too), and is written to a
 * temporary file renamed over it at the end: a failed run leaves no half file
 * and the previous output in place.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "util/csvread.h"
#include "lists/lists.h"
#include "lists/index-load.h"
#include "util/csvout.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/number.h"
#include "util/progress.h"
#include "util/utf8.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: chipscreen screen-names [options] --column NAME FILE.csv\n"
	"\n"
	"Screen every name in column NAME of FILE.csv (- for standard input) against\n"
	"the loaded restricted-party lists.  The output CSV repeats the input columns\n"
	"and adds matched_name, score, source, programs, citation, verdict,\n"
	"consequence, license_requirement, listed_name, matched_via (how a brand or\n"
	"other name from the organisation table led to the listed party) and\n"
	"other_hits (how many other parties the name hit, the first three with list,\n"
	"name, score and decision): empty where no listed name reaches --min;\n"
	"decision: match, potential-match (a person\n"
	"reviews it; its consequence reads \"if confirmed\"), no-match or not-screened\n"
	"(a row with no name: no screened_at either); then the audit trail:\n"
	"list_source, list_version and list_date (the loaded list the hit came from,\n"
	"with the publisher's date) and screened_at (when the run started, UTC), on\n"
	"every row screened.  The lists loaded\n"
	"are printed on standard error first, with a warning for any list published\n"
	"more than 7 days ago ($CHIPSCREEN_LISTS_MAX_AGE days, 0: never).\n"
	"Of several hits, the row shows a match before a potential match, and of\n"
	"those the one with the most severe verdict (other_hits names the rest):\n"
	"PROHIBITED (dealings barred: SDN, DPL), LICENSE (a licence is needed to\n"
	"export to the party: Entity List, MEU, UVL), REVIEW (a person decides),\n"
	"INFO (no export restriction: DoD 1260H, NDAA s.889, s.5949).  Damaged rows\n"
	"(wrong field count, fields over 64 KiB: cut), rows that cannot be read, and\n"
	"rows whose name is empty or has nothing to screen on (only legal forms:\n"
	"\"Co., Ltd.\"), are reported on standard error with their line; a\n"
	"file with no row under its header is an error.  Cells starting with\n"
	"= + - @ ' (or tab, CR) get a leading ' so that a spreadsheet does not run\n"
	"them.  Progress goes to standard error.\n"
	"\n"
	"  --column NAME          the column holding the names (header name)\n"
	"  -o, --out FILE         write to FILE instead of standard output; never the\n"
	"                         input, and written whole or not at all\n"
	"  --min SCORE            threshold (default 0.38; 0.31 misses fewer: doc/matching.md)\n"
	"  --source LIST          only these sources or lists, comma-separated (one\n"
	"                         that names nothing loaded is an error)\n"
	"  --country-column NAME  a column with the party's country (supporting evidence)\n"
	"  --address-column NAME  a column with the party's address (supporting evidence)\n"
	"  --id-column NAME       a column with an identifier to match exactly\n"
	"  --delimiter C          the input's field separator (default: guessed from the\n"
	"                         header among , ; tab |); the output uses the same one\n"
	"  --exhaustive           score every listed name (the index's reference; slow)\n"
	"  --fail-on VERDICT      exit 1 when a row's verdict is at or above VERDICT:\n"
	"                         PROHIBITED, LICENSE, REVIEW (default), INFO (any hit)\n"
	"                         or CLEAR (any row screened)\n"
	"  --db FILE              the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -q, --quiet            no progress, no list of the lists loaded\n"
	"  -h, --help             this help\n"
	"\n"
	"Exit status: 0 no verdict at or above --fail-on, 1 some, 2 error (also when\n"
	"rows were damaged or could not be screened and none reached --fail-on).\n";

/* ---- the columns added to every row (doc/chipscreen-screen-names.1) ---- */

enum {
	C_MATCHED_NAME,
	C_SCORE,
	C_SOURCE,
	C_PROGRAMS,
	C_CITATION,
	C_VERDICT,
	C_CONSEQUENCE,
	C_LICENSE_REQUIREMENT,
	C_LISTED_NAME,
	C_MATCHED_VIA,
	C_OTHER_HITS, /* the other parties the name hit: how many, the first three */
	C_DECISION,   /* match, potential-match, no-match (match/index.h) */
	/* the audit trail: which loaded list, and when */
	C_LIST_SOURCE,
	C_LIST_VERSION,
	C_LIST_DATE,
	C_SCREENED_AT,
	NADDED
};

static const char *const added_cols[NADDED] = {
	[C_MATCHED_NAME] = "matched_name",
	[C_SCORE] = "score",
	[C_SOURCE] = "source",
	[C_PROGRAMS] = "programs",
	[C_CITATION] = "citation",
	[C_VERDICT] = "verdict",
	[C_CONSEQUENCE] = "consequence",
	[C_LICENSE_REQUIREMENT] = "license_requirement",
	[C_LISTED_NAME] = "listed_name",
	[C_MATCHED_VIA] = "matched_via",
	[C_OTHER_HITS] = "other_hits",
	[C_DECISION] = "decision",
	[C_LIST_SOURCE] = "list_source",
	[C_LIST_VERSION] = "list_version",
	[C_LIST_DATE] = "list_date",
	[C_SCREENED_AT] = "screened_at",
};

/* What a run knows besides the hit: the loaded sources and when it started. */
struct audit {
	struct lsource *src;
	size_t nsrc;
	char screened_at[32];
	struct strbuf title; /* the readable name of an OpenSanctions hit's datasets */
	struct strbuf conseq; /* "if confirmed: ..." for a potential match */
	struct strbuf others; /* the other_hits cell */
	struct strbuf otitle; /* a list's title in it (title holds the source cell's) */
};

/* The added cells of a row: empty but for screened_at when hit is NULL. */
static void hit_cells(const char *cell[NADDED], const struct nindex *ix, const struct nx_hit *hit,
		      const struct nx_verdict *v, struct audit *a, char *score, size_t n)
{
	for (int i = 0; i < NADDED; i++)
		cell[i] = NULL;
	cell[C_SCREENED_AT] = a->screened_at;
	cell[C_DECISION] = decision_name(hit ? hit->decision : DEC_NO_MATCH);
	if (!hit)
		return;
	const struct nx_entry *e = &ix->entries[hit->entry];
	snprintf(score, n, "%.3f", hit->score);
	cell[C_MATCHED_NAME] = hit->by_id ? hit->evidence : ix->names[hit->name].name;
	cell[C_SCORE] = score;
	cell[C_SOURCE] = lists_list_title(e->list, &a->title);
	cell[C_PROGRAMS] = e->programs;
	cell[C_CITATION] = e->citation;
	cell[C_VERDICT] = verdict_name(v->verdict);
	const char *meaning = v->lowered ? v->lowered : v->c->meaning;
	if (hit->decision == DEC_MATCH) {
		cell[C_CONSEQUENCE] = meaning;
	} else if (hit->decision == DEC_NO_MATCH) { /* reviewed away: who, when, why */
		cell[C_CONSEQUENCE] = hit->decided;
	} else { /* a potential match: the consequence once a person confirms it */
		strbuf_reset(&a->conseq);
		strbuf_addf(&a->conseq, "if confirmed: %s", meaning);
		cell[C_CONSEQUENCE] = a->conseq.buf;
	}
	cell[C_LICENSE_REQUIREMENT] = e->license_requirement;
	cell[C_LISTED_NAME] = e->name;
	cell[C_MATCHED_VIA] = hit->by_id ? NULL : ix->names[hit->name].via;
	const struct lsource *s = lists_source_find(a->src, a->nsrc, e->source);
	cell[C_LIST_SOURCE] = e->source;
	if (s) {
		cell[C_LIST_VERSION] = s->version[0] ? s->version : NULL;
		cell[C_LIST_DATE] = s->published[0] ? s->published : NULL;
	}
}

/*
 * The other_hits cell: the hits besides res->hits[shown] that a person has
 * not reviewed away, how many and the first three by score ("2: DoD 1260H
 * 'HUAWEI TECHNOLOGIES CO., LTD.' 1.000 match; ..."), NULL for none.  The
 * row shows a match first, then the most severe verdict, so a better-scoring
 * hit of a milder list would otherwise be out of sight ("Huawei" from CN
 * showed a potential match to a blocked bank and hid its 1.00 DoD 1260H
 * match, until issue 13's eighth round made the bank no hit).
 */
static const char *other_hits(const struct nindex *ix, const struct nx_result *res, size_t shown,
			      struct audit *a)
{
	size_t n = 0;
	for (size_t i = 0; i < res->n; i++)
		n += i != shown && res->hits[i].decision != DEC_NO_MATCH;
	if (!n)
		return NULL;
	struct strbuf *o = &a->others;
	strbuf_reset(o);
	strbuf_addf(o, "%zu", n);
	size_t said = 0;
	for (size_t i = 0; i < res->n && said < 3; i++) {
		const struct nx_hit *h = &res->hits[i];
		if (i == shown || h->decision == DEC_NO_MATCH)
			continue;
		const struct nx_entry *e = &ix->entries[h->entry];
		strbuf_addf(o, "%s%s '%s' %.3f %s", said ? "; " : ": ",
			    lists_list_title(e->list, &a->otitle), e->name, h->score,
			    decision_name(h->decision));
		said++;
	}
	if (n > said)
		strbuf_addstr(o, "; ...");
	return o->buf;
}

/* ---- writing rows ---- */

struct out {
	FILE *f;
	char delim;
	struct strbuf line;
};

static void out_field(struct out *o, const char *s, size_t n, bool first)
{
	if (!first)
		strbuf_addch(&o->line, o->delim);
	csv_add_field(&o->line, s, n, o->delim, true);
}

static void out_str(struct out *o, const char *s)
{
	out_field(o, s ? s : "", s ? strlen(s) : 0, false);
}

static void out_end(struct out *o)
{
	strbuf_addch(&o->line, '\n');
	fwrite(o->line.buf, 1, o->line.len, o->f);
	strbuf_reset(&o->line);
}

static void out_added(struct out *o, const char *const cell[NADDED])
{
	for (int i = 0; i < NADDED; i++)
		out_str(o, cell[i]);
	out_end(o);
}

/* ---- the output file: never the input, replaced whole ---- */

/* Refuse an output that is the input itself (any link to it, or the file
 * standard input was redirected from: "- < suppliers.csv -o suppliers.csv"
 * replaced the supplier master with the output), then open it to be
 * replaced whole (util/fileio.h).  NULL after saying why. */
static FILE *target_open(struct replace *t, const char *out, const char *in)
{
	struct stat si, so;
	bool std = !strcmp(in, "-");
	if (stat(out, &so) == 0 && (std ? fstat(STDIN_FILENO, &si) : stat(in, &si)) == 0 &&
	    si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
		log_error("%s: the output is the input file %s; nothing written (give another "
			  "--out)",
			  out, std ? "(standard input)" : in);
		return NULL;
	}
	struct strbuf err = STRBUF_INIT;
	FILE *f = replace_open(t, out, &err);
	if (!f)
		log_error("%s", err.buf);
	strbuf_release(&err);
	return f;
}

/* Close f, the file put in place when ok.  False on a write error. */
static bool target_close(struct replace *t, FILE *f, bool ok)
{
	struct strbuf err = STRBUF_INIT;
	int rc = replace_close(t, f, ok, &err);
	if (ok && rc)
		log_error("%s", err.buf);
	strbuf_release(&err);
	return !rc;
}

/* Is header cell f (n bytes) the column name, case and the blanks around
 * it aside ("Name " as a spreadsheet keeps it)? */
static bool col_is(const char *f, size_t n, const char *name)
{
	while (n && (*f == ' ' || *f == '\t'))
		f++, n--;
	while (n && (f[n - 1] == ' ' || f[n - 1] == '\t' || f[n - 1] == '\r'))
		n--;
	return n == strlen(name) && !strncasecmp(f, name, n);
}

/* The column called name: -1 when none; -2 when two are (which one holds
 * the names is a guess: the second was never screened). */
static int find_col(const struct csvrec *h, const char *name)
{
	int at = -1;
	for (int i = 0; i < h->nf; i++)
		if (col_is(h->f[i], h->len[i], name)) {
			if (at >= 0)
				return -2;
			at = i;
		}
	return at;
}

struct opts {
	const char *column, *out, *db, *country_col, *address_col, *id_col;
	char delim; /* 0: guessed from the header */
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
			if (!number_in(optarg, 0, 1, &o->q.min))
				return usage_error("screen-names",
						   "--min must be a number from 0 to 1, not '%s'",
						   optarg);
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
			if ((strlen(optarg) != 1 && strcmp(optarg, "\\t")) || optarg[0] == '"' ||
			    optarg[0] == '\n' || optarg[0] == '\r')
				return usage_error("screen-names",
						   "--delimiter is one character (not a quote)");
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
			return usage_bad_option("screen-names", argc, argv);
		}
	}
	if (!o->column)
		return usage_error("screen-names", "--column NAME is required");
	if (optind + 1 != argc)
		return usage_error("screen-names", "give one input FILE (or - for standard input)");
	return 0;
}

/* A name that is only blanks screens nothing: the row is reported. */
static bool blank_name(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s > ' ')
			return false;
	return true;
}

struct run {
	struct opts *o;
	const char *in;
	struct nindex *ix;
	struct audit audit;
	struct out out;
	struct progress p; /* rows screened, and matched */
	size_t bad;        /* rows damaged or not screened */
	int worst; /* most severe verdict of a hit, V_CLEAR: rows screened, -1: none */
	int ncol, cname, ccountry, caddr, cid;
};

/* Count the row as damaged or not screened, once however many problems. */
static void row_bad(struct run *r, bool *counted)
{
	if (!*counted)
		r->bad++;
	*counted = true;
}

/* Screen one record and write its row. */
static void screen_row(struct run *r, const struct csvrec *rec)
{
	const char *cell[NADDED];
	char score[16];
	progress_step(&r->p, 1, 0);
	bool damaged = rec->oversized || rec->toomany || rec->nf != r->ncol;
	if (damaged) {
		/* screened, but maybe on a cut name ("Huawei Technologies Co.,
		 * Ltd." unquoted): a damaged row, as the man page says */
		log_warn("%s:%ld: %s", r->in, rec->line,
			 rec->oversized ? "a field is longer than 64 KiB: cut there, in the output "
					  "too"
			 : rec->nf != r->ncol ? "wrong number of fields; the row is copied as read"
					      : "too many fields: the first 256 are copied");
		r->bad++;
	}
	if (rec->nul)
		log_warn("%s:%ld: a field holds NUL bytes: each read as a space", r->in,
			 rec->line);
	for (int i = 0; i < rec->nf; i++)
		out_field(&r->out, rec->f[i], rec->len[i], i == 0);
	hit_cells(cell, r->ix, NULL, NULL, &r->audit, score, sizeof score);
	if (r->cname >= rec->nf || blank_name(rec->f[r->cname])) {
		log_warn("%s:%ld: %s '%s'; row not screened", r->in, rec->line,
			 r->cname >= rec->nf ? "no field" : "empty name in column", r->o->column);
		row_bad(r, &damaged);
		/* not "no-match" at a time: a reader of the output would take
		 * the row for a party screened and clear */
		cell[C_DECISION] = "not-screened";
		cell[C_SCREENED_AT] = NULL;
		out_added(&r->out, cell);
		return;
	}
	struct nx_query q = r->o->q;
	q.name = rec->f[r->cname];
	if (!utf8_valid(q.name, rec->len[r->cname])) {
		/* read as Windows-1252 (match/normalize.h): right for a
		 * spreadsheet's "CSV" in western Europe, other letters for
		 * Windows-1251 Cyrillic ("Зала Аэро": no-match, as if screened) */
		log_warn("%s:%ld: the name in column '%s' is not UTF-8: read as Windows-1252 "
			 "(a file in another encoding: save it as CSV UTF-8)",
			 r->in, rec->line, r->o->column);
		row_bad(r, &damaged);
	}
	q.country = r->ccountry >= 0 && r->ccountry < rec->nf ? rec->f[r->ccountry] : NULL;
	if (q.country && !blank_name(q.country) && !country_code_given(q.country)) {
		/* compared as written, it would count as "listed elsewhere"
		 * against every hit and could hide one */
		log_warn("%s:%ld: country '%s' is not a country code or name; the row is "
			 "screened without it",
			 r->in, rec->line, q.country);
		row_bad(r, &damaged);
		q.country = NULL;
	}
	q.address = r->caddr >= 0 && r->caddr < rec->nf ? rec->f[r->caddr] : NULL;
	q.id = r->cid >= 0 && r->cid < rec->nf ? rec->f[r->cid] : NULL;
	struct nx_result res;
	nindex_search(r->ix, &q, &res);
	if (res.truncated_query) {
		/* screened on its first words only: "no-match" would cover
		 * the rest ("... Global Trading Partners Zala Aero") */
		log_warn("%s:%ld: the name in column '%s' has more than %d words: screened on "
			 "the first %d only",
			 r->in, rec->line, r->o->column, NAME_MAX_TOKENS, NAME_MAX_TOKENS);
		row_bad(r, &damaged);
	}
	if (!(res.unsearchable && !res.n) && r->worst < (int)V_CLEAR)
		r->worst = V_CLEAR; /* screened: what --fail-on CLEAR fails on */
	if (res.unsearchable && !res.n) { /* an identifier may still have matched */
		log_warn("%s:%ld: name '%s' in column '%s': %s; row not screened", r->in,
			 rec->line, q.name, r->o->column, res.unsearchable);
		row_bad(r, &damaged);
		cell[C_DECISION] = "not-screened";
		cell[C_SCREENED_AT] = NULL;
		out_added(&r->out, cell);
		nx_result_release(&res);
		return;
	}
	if (res.n) {
		/* the hit a person has not reviewed away (match/review.h) that
		 * is a match before one that is a potential match, the most
		 * severe of those, the best score among equals; a reviewed one
		 * only when all are.  A match first: at the default threshold a
		 * potential match to a blocked party sharing a word ("DIVISION
		 * 39" at 0.49 for "Hangzhou Hikvision") hid the 1.000 match to
		 * the DoD 1260H listing, decision and all (it stays in
		 * other_hits, and the exit status counts every hit). */
		struct nx_verdict v, best;
		size_t k = SIZE_MAX;
		int worst = -1;
		for (size_t i = 0; i < res.n; i++) {
			const struct nx_hit *h = &res.hits[i];
			if (h->decision == DEC_NO_MATCH)
				continue;
			nindex_verdict(r->ix, h, &v);
			if ((int)v.verdict > worst)
				worst = (int)v.verdict;
			if (k == SIZE_MAX || h->decision > res.hits[k].decision ||
			    (h->decision == res.hits[k].decision && v.verdict > best.verdict)) {
				best = v;
				k = i;
			}
		}
		bool reviewed = k == SIZE_MAX;
		if (reviewed)
			nindex_verdict(r->ix, &res.hits[k = 0], &best);
		if (!reviewed) {
			r->p.extra++; /* matched */
			if (worst > r->worst)
				r->worst = worst;
		}
		hit_cells(cell, r->ix, &res.hits[k], &best, &r->audit, score, sizeof score);
		cell[C_OTHER_HITS] = other_hits(r->ix, &res, k, &r->audit);
	}
	out_added(&r->out, cell);
	nx_result_release(&res);
}

/* Say that the header has no column name, and which it has. */
static void no_column(const char *in, const char *name, const struct csvrec *h, char delim)
{
	struct strbuf cols = STRBUF_INIT;
	for (int i = 0; i < h->nf && i < 20; i++)
		strbuf_addf(&cols, "%s'%.40s'", i ? ", " : "", h->f[i]);
	if (h->nf > 20)
		strbuf_addf(&cols, " and %d more", h->nf - 20);
	log_error("%s: no column '%s' in the header (columns separated by '%s': %s)", in, name,
		  delim == '\t' ? "\\t" : (char[]){delim, 0}, cols.buf);
	strbuf_release(&cols);
}

/* The header row and the columns asked for.  -1 after saying what is wrong. */
static int read_header(struct run *r, struct csvr *cr)
{
	struct csvrec h;
	int got = csvr_next(cr, &h);
	if (got != 1) {
		log_error("%s: %s", r->in,
			  got == 0 ? "empty file: no header row" : "unreadable header row");
		return -1;
	}
	if (cr->utf16) { /* every column name would be "not found" */
		log_error("%s: UTF-16 text (a spreadsheet's \"Unicode text\"): save it as CSV "
			  "UTF-8",
			  r->in);
		return -1;
	}
	r->ncol = h.nf;
	r->cname = find_col(&h, r->o->column);
	r->ccountry = r->o->country_col ? find_col(&h, r->o->country_col) : -1;
	r->caddr = r->o->address_col ? find_col(&h, r->o->address_col) : -1;
	r->cid = r->o->id_col ? find_col(&h, r->o->id_col) : -1;
	const struct {
		const char *name;
		int at;
	} asked[] = {{r->o->column, r->cname},
		     {r->o->country_col, r->ccountry},
		     {r->o->address_col, r->caddr},
		     {r->o->id_col, r->cid}};
	for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
		if (!asked[i].name || asked[i].at >= 0)
			continue;
		if (asked[i].at == -2)
			log_error("%s: the header has two columns called '%s': rename one, so that "
				  "it is clear which to read",
				  r->in, asked[i].name);
		else
			no_column(r->in, asked[i].name, &h, cr->delim);
		return -1;
	}
	/* the header is kept for the output row: h's fields live until the next read */
	r->out.delim = cr->delim;
	for (int i = 0; i < h.nf; i++)
		out_field(&r->out, h.f[i], h.len[i], i == 0);
	for (int i = 0; i < NADDED; i++)
		out_str(&r->out, added_cols[i]);
	return 0;
}

int cmd_screen_names(int argc, char **argv)
{
	/* every hit of an entry counts: the most severe verdict decides, not the best score */
	struct opts o = {.delim = 0, .fail_on = V_REVIEW, .q = {.min = DECIDE_REVIEW, .limit = 100}};
	int rc = parse(argc, argv, &o);
	if (rc < 0)
		return print_usage(usage);
	if (rc)
		return rc;
	struct run r = {.o = &o, .in = argv[optind], .worst = -1};
	bool from_stdin = !strcmp(r.in, "-");
	struct strbuf err = STRBUF_INIT;
	struct csvr cr;
	struct store *st = NULL;
	struct replace t = {0};
	bool ok = false;
	strbuf_init(&r.out.line, 0);
	strbuf_init(&r.audit.title, 0);
	strbuf_init(&r.audit.conseq, 0);
	strbuf_init(&r.audit.others, 0);
	strbuf_init(&r.audit.otitle, 0);
	if (csvr_open(&cr, from_stdin ? NULL : r.in, stdin, o.delim, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return EXIT_ERROR;
	}
	rc = EXIT_ERROR;
	if (read_header(&r, &cr) < 0)
		goto done;
	/* the output first: refusing it costs nothing, the index a second */
	r.out.f = stdout;
	if (o.out && !(r.out.f = target_open(&t, o.out, r.in)))
		goto done;
	if (store_must_exist("screen-names", o.db, false))
		goto done;
	if (nindex_open(o.db, &st, &r.ix, &err) < 0 ||
	    lists_check_filter(st, o.q.sources, &err) < 0 ||
	    lists_sources(st, &r.audit.src, &r.audit.nsrc, &err) < 0) {
		log_error("%s", err.buf);
		goto done;
	}
	timestamp_now(r.audit.screened_at);
	lists_announce(r.audit.src, r.audit.nsrc, "screen-names", !o.quiet);
	out_end(&r.out); /* the header row */
	progress_init(&r.p, "screen-names", "rows", 0, o.quiet);
	r.p.extra_label = "matched";
	r.p.summary = true; /* the rows and matches screened, said at the end */
	struct csvrec rec;
	int got;
	while ((got = csvr_next(&cr, &rec)) != 0) {
		if (got == 2) {
			const char *why;
			csvr_lost(&cr, &why);
			log_warn("%s:%ld: %s; row not screened", r.in, rec.line, cr.lost_why);
			r.bad++;
			continue;
		}
		screen_row(&r, &rec);
	}
	progress_end(&r.p);
	ok = true;
	if (!r.p.done) { /* a header and nothing under it is no clean result */
		log_error("%s: no row under the header: nothing screened", r.in);
		goto done; /* --out FILE left as it was */
	}
	if (r.out.f == stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			log_error("standard output: write error");
			ok = false;
		}
	} else {
		ok = target_close(&t, r.out.f, true);
		r.out.f = NULL;
	}
	if (r.bad)
		log_warn("%s: %zu rows damaged or not screened (see above)", r.in, r.bad);

	if (ok)
		rc = r.worst >= o.fail_on ? EXIT_FINDINGS
		     : r.bad                             ? EXIT_ERROR
							   : EXIT_CLEAR;
done:
	if (r.out.f && r.out.f != stdout) /* an error after the output was opened */
		target_close(&t, r.out.f, false);
	nindex_free(r.ix);
	if (st)
		store_close(st);
	free(r.audit.src);
	csvr_close(&cr);
	strbuf_release(&r.out.line);
	strbuf_release(&r.audit.title);
	strbuf_release(&r.audit.conseq);
	strbuf_release(&r.audit.others);
	strbuf_release(&r.audit.otitle);
	strbuf_release(&err);
	return rc;
}
