/*
 * cmd-export-check.c — `chipscreen export-check`: is a US licence required to
 * ship this chip, computer, HBM or chipmaking tool to this destination and
 * customer on this date (doc/export.md, doc/chipscreen-export-check.1)?
 *
 * One shipment from the flags, or a batch of order lines (--orders FILE.csv)
 * whose columns are found by their header names or mapped with --map
 * FIELD=COLUMN (a header name or a 1-based number), as the purchase-record
 * import maps them; flags given with --orders are the default for a column
 * the file lacks or leaves empty.  A line that cannot be read (a bad country
 * code, an unknown item, a malformed number) is reported with its line and
 * makes the exit status 2: a batch is never passed with lines unchecked.
 *
 * The exit status follows scan's --fail-on: 1 when an answer is at or above
 * --fail-on (NOTIFY by default: any answer but NO-LICENSE-REQUIRED).
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "export/export.h"
#include "util/csvread.h"
#include "util/number.h"
#include "util/log.h"
#include "util/progress.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char usage[] =
	"usage: chipscreen export-check [--item NAME | --eccn ECCN | --tpp N [--die-area MM2]\n"
	"                               [--datacenter yes|no|unknown] [--hbm-density "
	"GB_PER_S_PER_MM2]]\n"
	"                               --destination CC [--end-user NAME] [--end-user-hq CC]\n"
	"                               [--parent-hq CC] [--end-use none|advanced-node-fab|\n"
	"                               supercomputer|sme|unknown] [--date YYYY-MM-DD] [--db "
	"FILE]\n"
	"                               [--informed TEXT] [--format table|json|csv|sarif]\n"
	"                               [--orders FILE.csv [--map FIELD=COL]...] [--fail-on "
	"ANSWER]\n"
	"\n"
	"Whether a US export licence is required for an advanced computing IC, a computer\n"
	"containing one, high-bandwidth memory or semiconductor manufacturing equipment,\n"
	"to a destination and end user on a date, under the rules of 2022-10-07 to 2026\n"
	"(data/export/).  The answer is LICENSE-REQUIRED, NOTIFY (licence exception NAC\n"
	"or ACA), NO-LICENSE-REQUIRED, or REVIEW (an input is unknown or the governing\n"
	"fact is UNCONFIRMED: the output says which), with every ground: provision,\n"
	"Federal Register citation, review policy and licence exceptions.\n"
	"\n"
	"The item (one of):\n"
	"  --item NAME           a part of the catalogue (A100, H100, H20, MI300X, ...)\n"
	"  --eccn ECCN           an ECCN paragraph (3A090.a, 4A090.b, 3B001.c, 3B993, EAR99)\n"
	"  --tpp N               Total Processing Performance (2 x MacTOPS x bit length)\n"
	"  --die-area MM2        applicable die area, for performance density = TPP / area\n"
	"  --datacenter V        designed or marketed for datacenters: yes, no, unknown\n"
	"  --hbm-density D       HBM memory bandwidth density, GB/s per mm2 (3A090.c;\n"
	"                        a memory part: not with --tpp)\n"
	"The shipment:\n"
	"  --destination CC      country of destination (required): ISO 3166 alpha-2\n"
	"                        code, alpha-3 code or ISO name\n"
	"  --end-user NAME       screened against the bundled Entity List parties and --db\n"
	"  --end-user-hq CC      where the end user is headquartered\n"
	"  --parent-hq CC        where its ultimate parent is headquartered (none: no parent)\n"
	"  --owner NAME          a party owning >= 50 % of the end user (unknown: not known)\n"
	"  --end-use E           none (default: no end use known), advanced-node-fab,\n"
	"                        supercomputer, sme, unknown\n"
	"  --date YYYY-MM-DD     the date of the export (default today)\n"
	"  --export-from CC      the country shipped from (default US; the destination\n"
	"                        itself: an in-country transfer)\n"
	"  --origin us|foreign   US-origin (default) or foreign-made item\n"
	"  --fdp yes|no|unknown  a foreign-made item is a direct product of US technology\n"
	"  --informed TEXT       a licence requirement by an is-informed letter to you\n"
	"Input and output:\n"
	"  --db FILE             also screen against the lists imported into this store\n"
	"  --orders FILE.csv     a batch of order lines (fields: ref, item, eccn, tpp,\n"
	"                        die_area, datacenter, hbm_density, destination, end_user,\n"
	"                        end_user_hq, parent_hq, owner, end_use, date, export_from,\n"
	"                        informed); the flags above are defaults for every line\n"
	"  -m, --map F=COL       read field F from column COL (header name or number)\n"
	"  -F, --format F        table (default), json, csv or sarif\n"
	"  -f, --fail-on A       exit 1 when an answer is at or above A: LICENSE-REQUIRED,\n"
	"                        REVIEW, NOTIFY (default) or NO-LICENSE-REQUIRED (always)\n"
	"  -q, --quiet           no progress for --orders\n"
	"  -h, --help            this help\n"
	"\n"
	"Exit status: 0 no answer at or above --fail-on, 1 some, 2 usage or input error\n"
	"(also when a line of --orders could not be checked).\n";

enum ofield {
	F_REF,
	F_ITEM,
	F_ECCN,
	F_TPP,
	F_DIE,
	F_DC,
	F_HBM,
	F_DEST,
	F_EU,
	F_EUHQ,
	F_PHQ,
	F_OWNER,
	F_USE,
	F_DATE,
	F_FROM,
	F_INFORMED,
	F__COUNT
};
static const char *const field_names[F__COUNT] = {
	"ref",         "item",        "eccn",        "tpp",         "die_area",  "datacenter",
	"hbm_density", "destination", "end_user",    "end_user_hq", "parent_hq", "owner",
	"end_use",     "date",        "export_from", "informed"};
/* header synonyms (normalised: lower case, letters and digits only) */
static const struct {
	const char *name;
	enum ofield f;
} synonyms[] = {
	{"order", F_REF},          {"orderid", F_REF},
	{"orderno", F_REF},        {"po", F_REF},
	{"line", F_REF},           {"part", F_ITEM},
	{"product", F_ITEM},       {"model", F_ITEM},
	{"customer", F_EU},        {"enduser", F_EU},
	{"consignee", F_EU},       {"country", F_DEST},
	{"shiptocountry", F_DEST}, {"destinationcountry", F_DEST},
	{"dieareamm2", F_DIE},     {"enduse", F_USE},
	{"enduserhq", F_EUHQ},     {"parenthq", F_PHQ},
	{"shipdate", F_DATE},      {"exportfrom", F_FROM},
	{"hbmdensity", F_HBM},     {"diearea", F_DIE},
	{"exportdate", F_DATE},
};

struct opts {
	const char *v[F__COUNT]; /* the flags, by field */
	const char *db, *orders, *format;
	const char *map[F__COUNT];
	int fail_on;
	bool quiet;
	const char *origin, *fdp;
};

static int field_of(const char *name)
{
	for (int i = 0; i < F__COUNT; i++)
		if (!strcasecmp(field_names[i], name))
			return i;
	return -1;
}

static int parse_map(struct opts *o, const char *arg, const char *cmd)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return usage_error(cmd, "--map %s: expected FIELD=COLUMN", arg);
	char f[32];
	snprintf(f, sizeof f, "%.*s", (int)(eq - arg), arg);
	int k = field_of(f);
	if (k < 0)
		return usage_error(cmd,
				   "--map %s: no field '%s' (fields: ref, item, eccn, "
				   "tpp, die_area, datacenter, hbm_density, destination, "
				   "end_user, end_user_hq, parent_hq, owner, end_use, date, "
				   "export_from, informed)",
				   arg, f);
	o->map[k] = eq + 1;
	return 0;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{"item", required_argument, NULL, 1000 + F_ITEM},
		{"eccn", required_argument, NULL, 1000 + F_ECCN},
		{"tpp", required_argument, NULL, 1000 + F_TPP},
		{"die-area", required_argument, NULL, 1000 + F_DIE},
		{"datacenter", required_argument, NULL, 1000 + F_DC},
		{"hbm-density", required_argument, NULL, 1000 + F_HBM},
		{"destination", required_argument, NULL, 1000 + F_DEST},
		{"end-user", required_argument, NULL, 1000 + F_EU},
		{"end-user-hq", required_argument, NULL, 1000 + F_EUHQ},
		{"parent-hq", required_argument, NULL, 1000 + F_PHQ},
		{"owner", required_argument, NULL, 1000 + F_OWNER},
		{"end-use", required_argument, NULL, 1000 + F_USE},
		{"date", required_argument, NULL, 1000 + F_DATE},
		{"export-from", required_argument, NULL, 1000 + F_FROM},
		{"informed", required_argument, NULL, 1000 + F_INFORMED},
		{"db", required_argument, NULL, 'd'},
		{"orders", required_argument, NULL, 'O'},
		{"map", required_argument, NULL, 'm'},
		{"format", required_argument, NULL, 'F'},
		{"fail-on", required_argument, NULL, 'f'},
		{"origin", required_argument, NULL, 'o'},
		{"fdp", required_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0; /* full reset (GNU): tests run commands in-process */
	while ((c = getopt_long(argc, argv, "m:F:f:qh", opts, NULL)) != -1) {
		if (c >= 1000 && c < 1000 + F__COUNT) {
			o->v[c - 1000] = optarg;
			continue;
		}
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'O':
			o->orders = optarg;
			break;
		case 'm':
			if (parse_map(o, optarg, "export-check"))
				return EXIT_ERROR;
			break;
		case 'F':
			if (strcmp(optarg, "table") && strcmp(optarg, "json") &&
			    strcmp(optarg, "csv") && strcmp(optarg, "sarif"))
				return usage_error(
					"export-check",
					"--format %s: expected table, json, csv or sarif", optarg);
			o->format = optarg;
			break;
		case 'f':
			o->fail_on = xanswer_from_name(optarg);
			if (o->fail_on < 0)
				return usage_error(
					"export-check",
					"--fail-on %s: expected LICENSE-REQUIRED, REVIEW, "
					"NOTIFY or NO-LICENSE-REQUIRED",
					optarg);
			break;
		case 'o':
			o->origin = optarg;
			break;
		case 'p':
			o->fdp = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			return -1;
		default:
			return usage_bad_option("export-check", argc, argv);
		}
	}
	if (optind != argc)
		return usage_error("export-check", "unexpected argument '%s'", argv[optind]);
	for (int k = 0; k < F__COUNT; k++)
		if (o->map[k] && !o->orders)
			return usage_error("export-check", "--map needs --orders");
	if (!o->orders && !o->v[F_DEST])
		return usage_error("export-check", "--destination CC is required");
	return 0;
}

/* ---- one input from strings (flags or an order line) ---- */

/* util/number: plain decimals only (strtod also read "0x2000" as 8192) */
static int num(const char *what, const char *s, double *out, struct strbuf *err)
{
	if (!number_in(s, 0, DBL_MAX, out)) {
		strbuf_addf(err, "%s '%s' is not a non-negative number", what, s);
		return -1;
	}
	return 0;
}

static int country(const char *what, const char *s, struct arena *a, const char **out,
		   struct strbuf *err)
{
	char cc[3];
	if (!xcountry_valid(s, cc)) {
		strbuf_addf(err,
			    "%s '%s' is not an ISO 3166-1 country code or name (CN, CHN, China)",
			    what, s);
		return -1;
	}
	*out = arena_strdup(a, cc);
	return 0;
}

static const char *val(const char *const *v, int k)
{
	return v[k] && *v[k] ? v[k] : NULL;
}

static int item_fields(const char *const *v, struct xinput *in, struct strbuf *err)
{
	in->item = val(v, F_ITEM);
	in->eccn = val(v, F_ECCN);
	const char *tpp = val(v, F_TPP), *die = val(v, F_DIE), *dc = val(v, F_DC),
		   *hbm = val(v, F_HBM);
	if ((in->item != NULL) + (in->eccn != NULL) + (tpp != NULL) > 1) {
		strbuf_addstr(err, "give one of --item, --eccn and --tpp");
		return -1;
	}
	if (tpp && hbm) {
		/* 3A090.c excludes HBM co-packaged with logic whose dominant function is
		 * processing: a processor is classified by its TPP, a memory part by its
		 * density; taking one for the other could hide a licence */
		strbuf_addstr(err, "give --tpp for a processor or --hbm-density for a memory "
				   "part, not both");
		return -1;
	}
	if (die && !tpp) {
		strbuf_addstr(err, "--die-area needs --tpp");
		return -1;
	}
	if (in->item && (die || dc || hbm)) {
		strbuf_addstr(err, "--item takes its parameters from the catalogue: give --tpp "
				   "instead to set them");
		return -1;
	}
	if (tpp && num("--tpp", tpp, &in->tpp, err) < 0)
		return -1;
	if (die && (num("--die-area", die, &in->die_area, err) < 0 || in->die_area <= 0)) {
		if (!err->len)
			strbuf_addf(err, "--die-area '%s' must be above 0", die);
		return -1;
	}
	if (hbm && num("--hbm-density", hbm, &in->hbm_density, err) < 0)
		return -1;
	if (dc) {
		if (!strcasecmp(dc, "yes"))
			in->datacenter = 1;
		else if (!strcasecmp(dc, "no"))
			in->datacenter = 0;
		else if (!strcasecmp(dc, "unknown"))
			in->datacenter = -1;
		else {
			strbuf_addf(err, "--datacenter '%s': expected yes, no or unknown", dc);
			return -1;
		}
	}
	return 0;
}

static int party_fields(const char *const *v, struct xinput *in, struct arena *a,
			struct strbuf *err)
{
	const char *dest = val(v, F_DEST);
	if (!dest) {
		strbuf_addstr(err, "no destination (--destination or a destination column)");
		return -1;
	}
	if (country("destination", dest, a, &in->destination, err) < 0)
		return -1;
	in->end_user = val(v, F_EU);
	if (val(v, F_EUHQ) &&
	    country("end user headquarters", v[F_EUHQ], a, &in->end_user_hq, err) < 0)
		return -1;
	const char *phq = val(v, F_PHQ);
	if (phq && !strcasecmp(phq, "none"))
		in->parent_hq = "none";
	else if (phq && country("parent headquarters", phq, a, &in->parent_hq, err) < 0)
		return -1;
	in->owner = val(v, F_OWNER);
	if (val(v, F_FROM) && country("export-from", v[F_FROM], a, &in->export_from, err) < 0)
		return -1;
	return 0;
}

static int make_input(const char *const *v, const struct opts *o, struct arena *a,
		      struct xinput *in, struct strbuf *err)
{
	xinput_init(in);
	in->ref = val(v, F_REF);
	if (item_fields(v, in, err) < 0 || party_fields(v, in, a, err) < 0)
		return -1;
	const char *use = val(v, F_USE);
	if (use) {
		int e = xend_use_from_name(use);
		if (e < 0) {
			strbuf_addf(err,
				    "end use '%s' (--end-use or an end_use column): expected none, "
				    "advanced-node-fab, supercomputer, sme or unknown",
				    use);
			return -1;
		}
		in->end_use = (enum xend_use)e;
		in->end_use_given = true;
	}
	const char *date = val(v, F_DATE);
	const char *why;
	if (date && !(in->date = date_parse_why(date, &why))) {
		strbuf_addf(err, "date '%s': %s", date, why);
		return -1;
	}
	in->informed = val(v, F_INFORMED);
	if (o->origin) {
		if (strcmp(o->origin, "us") && strcmp(o->origin, "foreign")) {
			strbuf_addf(err, "--origin '%s': expected us or foreign", o->origin);
			return -1;
		}
		in->origin_us = !strcmp(o->origin, "us");
	}
	if (o->fdp) {
		in->fdp = !strcmp(o->fdp, "yes") ? 1 : !strcmp(o->fdp, "no") ? 0 : -1;
		if (in->fdp < 0 && strcmp(o->fdp, "unknown")) {
			strbuf_addf(err, "--fdp '%s': expected yes, no or unknown", o->fdp);
			return -1;
		}
	}
	return 0;
}

/* ---- output ---- */

static void csv_field(FILE *out, const char *s, bool last)
{
	s = s ? s : "";
	bool q = strpbrk(s, ",\"\n\r") != NULL;
	if (q) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else
		fputs(s, out);
	fputc(last ? '\n' : ',', out);
}

static const char *join(struct arena *a, const struct xresult *r, int what)
{
	struct strbuf b = STRBUF_INIT;
	for (size_t i = 0; i < r->ngrounds; i++) {
		const struct xground *g = &r->grounds[i];
		const char *s = what == 0   ? g->provision
				: what == 1 ? g->review_policy
					    : g->exceptions;
		strbuf_addf(&b, "%s%s", b.len ? " | " : "", s);
	}
	const char *s = arena_strdup(a, b.buf);
	strbuf_release(&b);
	return s;
}

static const char *join_strs(struct arena *a, const char **v, size_t n)
{
	struct strbuf b = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&b, "%s%s", b.len ? " | " : "", v[i]);
	const char *s = arena_strdup(a, b.buf);
	strbuf_release(&b);
	return s;
}


static void put_csv(FILE *out, const struct xresult *r, struct arena *a)
{
	const char *tpp = r->tpp_shown ? r->tpp_shown : "", *pd = r->pd_shown ? r->pd_shown : "";
	csv_field(out, r->ref, false);
	csv_field(out, xanswer_name(r->answer), false);
	csv_field(out, r->eccn, false);
	csv_field(out, tpp, false);
	csv_field(out, pd, false);
	csv_field(out, join(a, r, 0), false);
	csv_field(out, join(a, r, 1), false);
	csv_field(out, join(a, r, 2), false);
	csv_field(out, join_strs(a, r->unknowns, r->nunknowns), true);
}

static void list_block(FILE *out, const char *title, const char **v, size_t n)
{
	if (!n)
		return;
	fprintf(out, "%s:\n", title);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  - %s\n", v[i]);
}

static void put_table(FILE *out, const struct xresult *r)
{
	const char *tpp = r->tpp_shown ? r->tpp_shown : "", *pd = r->pd_shown ? r->pd_shown : "";
	if (r->ref)
		fprintf(out, "order:   %s\n", r->ref);
	fprintf(out, "answer:  %s\n", xanswer_name(r->answer));
	fprintf(out, "eccn:    %s\n", r->eccn ? r->eccn : "not decided");
	fprintf(out, "         %s\n", r->eccn_why ? r->eccn_why : "");
	if (tpp[0] || pd[0])
		fprintf(out, "tpp/pd:  %s / %s\n", tpp[0] ? tpp : "-", pd[0] ? pd : "-");
	if (r->ngrounds)
		fprintf(out, "grounds:\n");
	for (size_t i = 0; i < r->ngrounds; i++) {
		const struct xground *g = &r->grounds[i];
		fprintf(out, "  %zu. [%s%s] %s\n", i + 1, xanswer_name(g->answer),
			g->confirmed ? "" : ", UNCONFIRMED", g->provision);
		fprintf(out, "     citation:       %s\n", g->citation);
		fprintf(out, "     review policy:  %s\n", g->review_policy);
		fprintf(out, "     exceptions:     %s\n", g->exceptions);
		fprintf(out, "     why:            %s\n", g->why);
	}
	list_block(out, "unknowns (why REVIEW)", r->unknowns, r->nunknowns);
	list_block(out, "checked", r->checked, r->nchecked);
	list_block(out, "assumed", r->assumed, r->nassumed);
	list_block(out, "not decided by the tool", r->not_decided, r->nnot_decided);
}

static cJSON *sarif_result(const struct xresult *r)
{
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "ruleId", xanswer_name(r->answer));
	cJSON_AddStringToObject(res, "level",
				r->answer == XA_LICENSE ? "error"
				: r->answer == XA_NLR   ? "note"
							: "warning");
	struct strbuf b = STRBUF_INIT;
	strbuf_addf(&b, "%s%s%s: %s", r->ref ? "order " : "", r->ref ? r->ref : "",
		    r->ref ? "" : "export", xanswer_name(r->answer));
	if (r->eccn)
		strbuf_addf(&b, " (ECCN %s)", r->eccn);
	for (size_t i = 0; i < r->ngrounds; i++)
		strbuf_addf(&b, "; %s [%s]", r->grounds[i].provision, r->grounds[i].review_policy);
	for (size_t i = 0; i < r->nunknowns; i++)
		strbuf_addf(&b, "; unknown: %s", r->unknowns[i]);
	cJSON *msg = cJSON_AddObjectToObject(res, "message");
	cJSON_AddStringToObject(msg, "text", b.buf);
	strbuf_release(&b);
	cJSON *props = cJSON_AddObjectToObject(res, "properties");
	cJSON_AddItemToObject(props, "determination", xresult_json(r));
	return res;
}

struct sink {
	FILE *out;
	const char *format;
	cJSON *arr; /* json and sarif collect */
	bool batch, begun;
	size_t n;
};

static void sink_begin(struct sink *k);

static void sink_put(struct sink *k, const struct xresult *r, struct arena *a)
{
	if (!k->begun)
		sink_begin(k);
	k->n++;
	if (!strcmp(k->format, "json")) {
		cJSON *j = xresult_json(r);
		if (k->batch) {
			char *s = cJSON_PrintUnformatted(j);
			fprintf(k->out, "%s%s\n", k->n > 1 ? "," : "", s);
			free(s);
			cJSON_Delete(j);
		} else
			cJSON_AddItemToArray(k->arr, j);
	} else if (!strcmp(k->format, "sarif"))
		cJSON_AddItemToArray(k->arr, sarif_result(r));
	else if (!strcmp(k->format, "csv"))
		put_csv(k->out, r, a);
	else {
		if (k->n > 1)
			fputc('\n', k->out);
		put_table(k->out, r);
	}
}

static void sink_begin(struct sink *k)
{
	k->begun = true;
	if (!strcmp(k->format, "csv"))
		fputs("ref,answer,eccn,tpp,pd,provisions,review_policies,exceptions,unknowns\n",
		      k->out);
	if (!strcmp(k->format, "json") && k->batch)
		fputs("[\n", k->out);
	if (!strcmp(k->format, "sarif") || (!strcmp(k->format, "json") && !k->batch))
		k->arr = cJSON_CreateArray();
}

static void sink_end(struct sink *k)
{
	if (!strcmp(k->format, "json")) {
		if (k->batch) {
			fputs("]\n", k->out);
			return;
		}
		char *s = cJSON_Print(cJSON_GetArrayItem(k->arr, 0));
		fprintf(k->out, "%s\n", s);
		free(s);
	} else if (!strcmp(k->format, "sarif")) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "$schema",
					"https://json.schemastore.org/sarif-2.1.0.json");
		cJSON_AddStringToObject(doc, "version", "2.1.0");
		cJSON *runs = cJSON_AddArrayToObject(doc, "runs");
		cJSON *run = cJSON_CreateObject();
		cJSON *driver =
			cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
		cJSON_AddStringToObject(driver, "name", "chipscreen export-check");
		cJSON_AddStringToObject(driver, "version", CHIPSCREEN_VERSION);
		cJSON_AddStringToObject(driver, "informationUri",
					"https://www.bis.doc.gov/index.php/regulations");
		cJSON_AddItemToObject(run, "results", k->arr);
		k->arr = NULL;
		cJSON_AddItemToArray(runs, run);
		char *s = cJSON_Print(doc);
		fprintf(k->out, "%s\n", s);
		free(s);
		cJSON_Delete(doc);
	}
	cJSON_Delete(k->arr);
	k->arr = NULL;
}

/* ---- single and batch ---- */

static int check_one(const struct xtables *t, struct xscreen *s, const struct opts *o,
		     struct sink *k, int *worst)
{
	struct arena *a = arena_new();
	struct strbuf err = STRBUF_INIT;
	struct xinput in;
	struct xresult r;
	int rc = make_input(o->v, o, a, &in, &err);
	if (rc == 0)
		rc = xdetermine(t, s, &in, a, &r, &err);
	if (rc < 0) {
		usage_error("export-check", "%s", err.buf);
	} else {
		sink_put(k, &r, a);
		if ((int)r.answer > *worst)
			*worst = (int)r.answer;
	}
	strbuf_release(&err);
	arena_free(a);
	return rc;
}

static void norm_header(const char *s, size_t n, char *out, size_t cap)
{
	size_t j = 0;
	for (size_t i = 0; i < n && j + 1 < cap; i++)
		if (isalnum((unsigned char)s[i]))
			out[j++] = (char)tolower((unsigned char)s[i]);
	out[j] = 0;
}

/*
 * Column i of the header names field k.  A second column naming a field
 * (destination and country, customer and consignee) is an error: the line
 * says two things and the first was taken, DE where the other column said
 * CN.  A reference may come from several (order and line): it only labels.
 */
static int header_column(const struct csvrec *h, int *col, int k, int i, struct strbuf *err)
{
	if (col[k] < 0 || k == F_REF)
		col[k] = col[k] < 0 ? i : col[k];
	else if (col[k] != i) {
		strbuf_addf(err,
			    "columns \"%.*s\" (%d) and \"%.*s\" (%d) both give the %s: say which "
			    "with --map %s=COLUMN",
			    (int)h->len[col[k]], h->f[col[k]], col[k] + 1, (int)h->len[i], h->f[i], i + 1,
			    field_names[k], field_names[k]);
		return -1;
	}
	return 0;
}

/* Column of each field: --map first, then the header's names. */
static int map_columns(const struct opts *o, const struct csvrec *h, int *col, struct strbuf *err)
{
	for (int k = 0; k < F__COUNT; k++)
		col[k] = -1;
	for (int k = 0; k < F__COUNT; k++) {
		const char *m = o->map[k];
		if (!m)
			continue;
		char *end;
		long n = strtol(m, &end, 10);
		if (isdigit((unsigned char)m[0]) && !*end) {
			if (n < 1 || n > h->nf) {
				strbuf_addf(err, "--map %s=%s: the header has %d columns",
					    field_names[k], m, h->nf);
				return -1;
			}
			col[k] = (int)n - 1;
			continue;
		}
		for (int i = 0; i < h->nf && col[k] < 0; i++)
			if (!strcasecmp(h->f[i], m))
				col[k] = i;
		if (col[k] < 0) {
			strbuf_addf(err, "--map %s=%s: no column \"%s\" in the header",
				    field_names[k], m, m);
			return -1;
		}
	}
	for (int i = 0; i < h->nf; i++) {
		char n[64], f[64];
		norm_header(h->f[i], h->len[i], n, sizeof n);
		for (int k = 0; k < F__COUNT; k++) {
			norm_header(field_names[k], strlen(field_names[k]), f, sizeof f);
			if (!o->map[k] && !strcmp(n, f) && header_column(h, col, k, i, err) < 0)
				return -1;
		}
		for (size_t s = 0; s < sizeof synonyms / sizeof synonyms[0]; s++)
			if (!o->map[synonyms[s].f] && !strcmp(n, synonyms[s].name) &&
			    header_column(h, col, synonyms[s].f, i, err) < 0)
				return -1;
	}
	if (col[F_ITEM] < 0 && col[F_ECCN] < 0 && col[F_TPP] < 0 && col[F_EU] < 0) {
		strbuf_addstr(err, "no item, eccn, tpp or end_user column in the header (map one "
				   "with --map FIELD=COLUMN)");
		return -1;
	}
	if (col[F_DEST] < 0 && !o->v[F_DEST]) {
		strbuf_addstr(err, "no destination column in the header and no --destination");
		return -1;
	}
	return 0;
}

/* What is done with each line's determination (in: its input; a: the line's arena). */
typedef void (*order_fn)(void *ctx, const struct xinput *in, const struct xresult *r,
			 struct arena *a);

static int check_orders(const struct xtables *t, struct xscreen *s, const struct opts *o,
			order_fn put, void *ctx)
{
	struct strbuf err = STRBUF_INIT;
	struct csvr r;
	bool std = !strcmp(o->orders, "-");
	if (csvr_open(&r, std ? NULL : o->orders, stdin, ',', &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		return -1;
	}
	struct csvrec h, rec;
	int got = csvr_next(&r, &h);
	int col[F__COUNT];
	if (got != 1) {
		log_error("%s: %s", o->orders,
			  got == 0 ? "empty file: no header row" : "unreadable header row");
		csvr_close(&r);
		return -1;
	}
	/* the header's fields are overwritten by the next record: keep copies */
	struct arena *ha = arena_new();
	struct csvrec hc = h;
	for (int i = 0; i < h.nf; i++)
		hc.f[i] = arena_strndup(ha, h.f[i], h.len[i]);
	if (map_columns(o, &hc, col, &err) < 0) {
		log_error("%s: %s", o->orders, err.buf);
		arena_free(ha);
		csvr_close(&r);
		strbuf_release(&err);
		return -1;
	}
	size_t rows = 0, bad = 0, lost = 0; /* lines read, of them not checked; records lost */
	struct progress pg;
	progress_init(&pg, "export-check", "lines", 0, o->quiet);
	while ((got = csvr_next(&r, &rec)) != 0) {
		if (got == 2) {
			log_warn("%s:%ld: %s; line not checked", o->orders, r.lost_line,
				 r.lost_why);
			lost++;
			continue;
		}
		rows++;
		struct arena *a = arena_new();
		const char *v[F__COUNT];
		for (int f = 0; f < F__COUNT; f++) {
			v[f] = o->v[f];
			if (col[f] >= 0 && col[f] < rec.nf && rec.len[col[f]])
				v[f] = arena_strndup(a, rec.f[col[f]], rec.len[col[f]]);
		}
		if (!v[F_REF])
			v[F_REF] = arena_printf(a, "line %ld", rec.line);
		struct xinput in;
		struct xresult res;
		strbuf_reset(&err);
		/* a blank date cell is not "today": the rules in force depend on it */
		if (col[F_DATE] >= 0 && !val(v, F_DATE))
			strbuf_addstr(&err, "no date (blank date cell; --date gives a default)");
		if (err.len || rec.nf != hc.nf || make_input(v, o, a, &in, &err) < 0 ||
		    xdetermine(t, s, &in, a, &res, &err) < 0) {
			log_warn("%s:%ld: %s; line not checked", o->orders, rec.line,
				 err.len ? err.buf : "wrong number of fields");
			bad++;
		} else {
			put(ctx, &in, &res, a);
		}
		arena_free(a);
		progress_step(&pg, 1, 0);
	}
	progress_end(&pg);
	arena_free(ha);
	csvr_close(&r);
	strbuf_release(&err);
	if (!rows && !lost) {
		log_error("%s: no order lines after the header", o->orders);
		return -1;
	}
	if (bad + lost)
		log_warn("%s: %zu of %zu lines could not be checked (see above)", o->orders,
			 bad + lost, rows + lost);
	return bad + lost ? -1 : 0;
}

struct sink_ctx {
	struct sink *k;
	int *worst;
};

static void to_sink(void *ctx, const struct xinput *in, const struct xresult *r, struct arena *a)
{
	struct sink_ctx *c = ctx;
	(void)in;
	sink_put(c->k, r, a);
	if ((int)r->answer > *c->worst)
		*c->worst = (int)r->answer;
}

/* For `report --orders` (cmd.h): the same tables, screening and batch. */
struct each_ctx {
	export_order_fn fn;
	void *ctx;
};

static void to_fn(void *ctx, const struct xinput *in, const struct xresult *r, struct arena *a)
{
	struct each_ctx *c = ctx;
	(void)a;
	c->fn(c->ctx, in, r);
}

int export_orders_each(const char *cmd, const char *path, const char *const *map, size_t nmap,
		       const char *db, const char *date, export_order_fn fn, void *ctx)
{
	struct opts o = {.orders = path, .quiet = true};
	o.v[F_DATE] = date;
	for (size_t i = 0; i < nmap; i++)
		if (parse_map(&o, map[i], cmd))
			return EXIT_ERROR;
	struct strbuf err = STRBUF_INIT;
	struct xtables *t = xtables_load(NULL, &err);
	struct xscreen *s = NULL;
	int rc = 0;
	if (!t || xscreen_open(&s, t, db, &err) < 0) {
		log_error("%s", err.buf);
		rc = EXIT_ERROR;
	} else if (check_orders(t, s, &o, to_fn, &(struct each_ctx){fn, ctx}) < 0) {
		rc = EXIT_ERROR;
	}
	xscreen_free(s);
	xtables_free(t);
	strbuf_release(&err);
	return rc;
}

int cmd_export_check(int argc, char **argv)
{
	struct opts o = {.format = "table", .fail_on = XA_NOTIFY};
	int rc = parse(argc, argv, &o);
	if (rc < 0)
		return print_usage(usage);
	if (rc)
		return rc;
	struct strbuf err = STRBUF_INIT;
	struct xtables *t = xtables_load(NULL, &err);
	struct xscreen *s = NULL;
	if (!t || xscreen_open(&s, t, o.db, &err) < 0) {
		log_error("%s", err.buf);
		strbuf_release(&err);
		xtables_free(t);
		return EXIT_ERROR;
	}
	struct sink k = {stdout, o.format, NULL, o.orders != NULL, false, 0};
	int worst = -1;
	rc = o.orders ? check_orders(t, s, &o, to_sink, &(struct sink_ctx){&k, &worst})
		      : check_one(t, s, &o, &k, &worst);
	if (k.begun)
		sink_end(&k); /* nothing at all is printed when no line could be checked */
	bool werr = fflush(stdout) != 0 || ferror(stdout);
	xscreen_free(s);
	xtables_free(t);
	strbuf_release(&err);
	if (werr) {
		log_error("standard output: write error");
		return EXIT_ERROR;
	}
	if (rc < 0)
		return EXIT_ERROR;
	return worst >= o.fail_on ? EXIT_FINDINGS : EXIT_CLEAR;
}
