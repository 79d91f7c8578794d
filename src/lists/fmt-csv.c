/*
 * fmt-csv.c — the list formats that are CSV or TSV: OFAC legacy CSV, the
 * trade.gov CSL CSV (all three layouts), the BIS Denied Persons List, the
 * special-legislation and DoD 1260H files, and chipscreen's org table.
 *
 * Every format goes through each_record(), which reports damaged records with
 * their line (and drops them), reports fields that were not UTF-8 (and
 * keeps them, read as Windows-1252), and says when the file was cut
 * (limport_cut: refused unless forced): its last record ends inside a quoted
 * field, or, without a line end, has fewer fields than the one before.
 */
#include "util/csvread.h"
#include "lists/lists.h"
#include "util/strmap.h"
#include "util/utf8.h"
#include "util/date.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef void (*rec_fn)(struct limport *imp, const struct csvrec *rec, void *ctx);

struct sub {
	const char *path; /* a file read besides the main one (alt.csv), or NULL */
};

static void problem_in(struct limport *imp, const char *file, long line, bool dropped,
		       const char *what)
{
	struct lproblem *p = limport_problem(imp, line, dropped, "%s", what);
	if (p && file)
		p->file = arena_strdup(imp->meta, file);
}

/* Read path; call fn for each sound record.  want: the exact field count, or
 * 0 for any (the format checks).  The first record is passed too: formats
 * with a header check it themselves. */
static int each_record(struct limport *imp, const char *path, bool side, char delim, int want,
		       rec_fn fn, void *ctx, struct strbuf *err)
{
	struct csvr r;
	if (csvr_open(&r, path, NULL, delim, err) < 0)
		return -1;
	const char *file = side ? path : NULL;
	struct csvrec rec;
	int rc, nf = 0, prev_nf = 0; /* the widths of the last two records */
	long last = 0;
	struct strbuf msg = STRBUF_INIT;
	while ((rc = csvr_next(&r, &rec)) != 0) {
		imp->rows += side ? 0 : 1;
		if (rc == 1) {
			prev_nf = nf;
			nf = rec.nf;
			last = rec.line;
		}
		if (rc == 2) {
			const char *why;
			csvr_lost(&r, &why);
			strbuf_reset(&msg);
			strbuf_addf(&msg, "%s; record skipped", r.lost_why);
			problem_in(imp, file, rec.line, true, msg.buf);
			continue;
		}
		if (rec.oversized) {
			problem_in(imp, file, rec.line, true,
				   "a field is longer than 64 KiB; record skipped");
			continue;
		}
		if (rec.toomany || (want && rec.nf != want)) {
			strbuf_reset(&msg);
			strbuf_addf(&msg, "%d fields, expected %d; record skipped", rec.nf, want);
			problem_in(imp, file, rec.line, true, msg.buf);
			continue;
		}
		if (rec.nul)
			problem_in(imp, file, rec.line, false,
				   "a field holds NUL bytes: each read as a space");
		for (int i = 0; i < rec.nf; i++)
			if (!utf8_valid(rec.f[i], rec.len[i])) {
				strbuf_reset(&msg);
				strbuf_addf(&msg, "field %d is not UTF-8: read as Windows-1252",
					    i + 1);
				problem_in(imp, file, rec.line, false, msg.buf);
				break;
			}
		fn(imp, &rec, ctx);
		limport_between(imp);
	}
	/* a file cut short ends inside a quoted field, or between fields: a
	 * last record narrower than the one before it, without a line end */
	if (r.cut_line)
		limport_cut(imp, file, r.cut_line, "inside a quoted field of its last record");
	else if (r.unterminated && last && nf < prev_nf)
		limport_cut(imp, file, last,
			    "inside its last record, %d fields of %d and no line end", nf, prev_nf);
	csvr_close(&r);
	strbuf_release(&msg);
	return 0;
}

static const char *fld(struct limport *imp, const struct csvrec *rec, int i)
{
	return i >= 0 && i < rec->nf ? limport_str(imp, rec->f[i]) : NULL;
}

/* Split s on sep into trimmed parts; calls fn(part) for each non-empty part. */
static void split_each(const char *s, const char *sep, void (*fn)(const char *, void *), void *ctx)
{
	if (!s)
		return;
	size_t k = strlen(sep);
	const char *p = s;
	while (*p) {
		const char *q = strstr(p, sep);
		size_t n = q ? (size_t)(q - p) : strlen(p);
		char *part = xstrndup(p, n);
		char *a = part;
		while (*a == ' ')
			a++;
		size_t m = strlen(a);
		while (m && a[m - 1] == ' ')
			a[--m] = '\0';
		if (*a)
			fn(a, ctx);
		free(part);
		p += n;
		if (q)
			p += k;
	}
}

/* "Entity List (EL) - Bureau of Industry and Security" -> "EL" */
static const char *list_code(struct limport *imp, const char *source)
{
	if (!source)
		return "CSL";
	const char *o = strchr(source, '('), *c = o ? strchr(o, ')') : NULL;
	if (o && c && c - o > 1 && c - o < 12)
		return arena_strndup(imp->arena, o + 1, (size_t)(c - o - 1));
	return source;
}

/* An identifier worth exact matching: it has a digit, and its type is not
 * one of the descriptive items OFAC and the CSL keep in the same field. */
static bool real_id(const char *type, const char *value)
{
	bool digit = false;
	for (const char *p = value; *p; p++)
		if (isdigit((unsigned char)*p))
			digit = true;
	if (!digit)
		return false;
	static const char *const not_ids[] = {
		"website",   "email", "phone",  "directive",    "executive order",
		"sanctions", "date",  "gender", "transactions", "nationality",
		"citizen",   "dob",   "pob",    "linked to",    "effective"};
	for (size_t i = 0; type && i < sizeof not_ids / sizeof *not_ids; i++)
		if (strcasestr(type, not_ids[i]))
			return false;
	return true;
}

/* ---------------------------------------------------------------------- */
/* OFAC legacy CSV                                                         */

static const char *const ofac_id_types[] = {
	"Passport",
	"National ID No.",
	"Cedula No.",
	"Registration ID",
	"Registration Number",
	"Tax ID No.",
	"Identification Number",
	"D-U-N-S Number",
	"SWIFT/BIC",
	"Vessel Registration Identification",
	"IMO",
	"MMSI",
	"RUC #",
	"NIT #",
	"C.U.R.P. #",
	"R.F.C.",
	"Business Registration Document #",
	"Business Registration Number",
	"Company Number",
	"Commercial Registry Number",
	"Unified Social Credit Code (USCC)",
	"Trade License No.",
	"Legal Entity Number",
	"Aircraft Serial Identification",
	"Aircraft Manufacturer's Serial Number (MSN)",
	"Personal ID Card",
	"Driver's License No.",
	"SSN",
	"Certificate of Incorporation Number",
	"Public Registration Number",
	"Government Gazette Number",
	"V.A.T. Number",
	"Chinese Commercial Code",
	"Kenyan ID No.",
	"Bosnian Personal ID No.",
	"Stateless Person ID Card",
	"Residency Number",
};

struct ofac_ctx {
	struct strmap byref; /* ent_num -> entry index */
	const char *file;
	size_t nside; /* records read from the side file being read */
};

static void ofac_remark_item(const char *item, void *ctx)
{
	void **c = ctx;
	struct limport *imp = c[0];
	struct lentry *e = c[1];
	if (!strncmp(item, "alt. ", 5))
		item += 5;
	if (!strncmp(item, "a.k.a. '", 8) || !strncmp(item, "f.k.a. '", 8)) {
		const char *s = item + 8, *q = strrchr(s, '\'');
		if (q && q > s) {
			char *n = xstrndup(s, (size_t)(q - s));
			lentry_name(imp, e, n, "weak");
			free(n);
		}
		return;
	}
	if (!strncmp(item, "nationality ", 12) || !strncmp(item, "citizen ", 8)) {
		lentry_addr(imp, e, NULL, strchr(item, ' ') + 1);
		return;
	}
	for (size_t i = 0; i < sizeof ofac_id_types / sizeof *ofac_id_types; i++) {
		size_t k = strlen(ofac_id_types[i]);
		if (strncmp(item, ofac_id_types[i], k) || item[k] != ' ')
			continue;
		const char *v = item + k + 1;
		const char *paren = strrchr(v, '(');
		char *value = xstrndup(v, paren ? (size_t)(paren - v) : strlen(v));
		char *country = NULL;
		if (paren) {
			const char *close = strchr(paren, ')');
			country = xstrndup(paren + 1,
					   close ? (size_t)(close - paren - 1) : strlen(paren + 1));
		}
		size_t vn = strlen(value);
		while (vn && (value[vn - 1] == ' ' || value[vn - 1] == '.'))
			value[--vn] = '\0';
		if (real_id(ofac_id_types[i], value))
			lentry_id(imp, e, ofac_id_types[i], value, country);
		free(value);
		free(country);
		return;
	}
}

static void ofac_sdn_row(struct limport *imp, const struct csvrec *rec, void *vctx)
{
	struct ofac_ctx *ctx = vctx;
	const char *ref = fld(imp, rec, 0), *name = fld(imp, rec, 1);
	if (!ref || !name) {
		limport_problem(imp, rec->line, true, "no ent_num or no name; record skipped");
		return;
	}
	struct lentry *e = limport_entry(imp, rec->line);
	e->ref = ref;
	e->list = strstr(imp->source, "cons") ? "OFAC-NONSDN" : "SDN";
	const char *type = fld(imp, rec, 2);
	e->type = type ? type : "entity";
	lentry_name(imp, e, name, "primary");
	const char *prog = fld(imp, rec, 3);
	if (prog) {
		struct strbuf p = STRBUF_INIT;
		for (const char *s = prog; *s; s++) {
			if (!strncmp(s, "] [", 3)) {
				strbuf_addstr(&p, "; ");
				s += 2;
			} else if (*s != '[' && *s != ']') {
				strbuf_addch(&p, *s);
			}
		}
		e->programs = arena_strdup(imp->arena, p.buf);
		strbuf_release(&p);
	}
	e->remarks = fld(imp, rec, 11);
	if (e->remarks) {
		void *c[2] = {imp, e};
		split_each(e->remarks, "; ", ofac_remark_item, c);
	}
	strmap_put(&ctx->byref, ref, strlen(ref), (uint32_t)(imp->n - 1), NULL);
}

static struct lentry *ofac_find(struct limport *imp, struct ofac_ctx *ctx, const struct csvrec *rec)
{
	const char *ref = fld(imp, rec, 0);
	uint32_t ix;
	ctx->nside++;
	if (!ref || !strmap_get(&ctx->byref, ref, strlen(ref), &ix)) {
		struct lproblem *p = limport_problem(imp, rec->line, true,
						     "ent_num %s is not in the main file; row skipped",
						     ref ? ref : "(empty)");
		if (p)
			p->file = ctx->file;
		return NULL;
	}
	return &imp->e[ix];
}

static void ofac_alt_row(struct limport *imp, const struct csvrec *rec, void *vctx)
{
	struct lentry *e = ofac_find(imp, vctx, rec);
	if (!e)
		return;
	const char *kind = fld(imp, rec, 2);
	lentry_name(imp, e, fld(imp, rec, 3), kind ? kind : "aka");
}

static void ofac_add_row(struct limport *imp, const struct csvrec *rec, void *vctx)
{
	struct lentry *e = ofac_find(imp, vctx, rec);
	if (!e)
		return;
	const char *a = fld(imp, rec, 2), *c = fld(imp, rec, 3);
	struct strbuf sb = STRBUF_INIT;
	if (a)
		strbuf_addstr(&sb, a);
	if (c)
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", c);
	lentry_addr(imp, e, sb.len ? sb.buf : NULL, fld(imp, rec, 4));
	strbuf_release(&sb);
}

/* OFAC's side files, named as OFAC publishes them: each is read with the
 * primary file beside it, never as a list of its own (given alone, every
 * row was rejected as "6 fields, expected 12", 39,584 problems printed). */
static const char *ofac_side_file(const char *base)
{
	static const char *const names[][2] = {
		{"alt.csv", "aliases"},          {"add.csv", "addresses"},
		{"sdn_comments.csv", "remarks"}, {"cons_alt.csv", "aliases"},
		{"cons_add.csv", "addresses"},   {"cons_comments.csv", "remarks"}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcasecmp(base, names[i][0]))
			return names[i][1];
	return NULL;
}

int fmt_ofac_csv(struct limport *imp, struct strbuf *err)
{
	const char *slash = strrchr(imp->path, '/');
	const char *base = slash ? slash + 1 : imp->path;
	const char *what = ofac_side_file(base);
	if (what) {
		strbuf_addf(err,
			    "%s is OFAC's file of %s, read with the sdn.csv (cons_prim.csv) beside "
			    "it: import that file, not this one",
			    imp->path, what);
		return -1;
	}
	struct ofac_ctx ctx;
	strmap_init(&ctx.byref);
	ctx.file = NULL;
	int rc = each_record(imp, imp->path, false, ',', 12, ofac_sdn_row, &ctx, err);
	/* alt.csv and add.csv beside sdn.csv (cons_alt.csv, cons_add.csv beside cons_prim.csv) */
	const char *prim = strstr(base, "prim");
	char side0[256], side1[256];
	if (prim) { /* cons_prim.csv: cons_alt.csv, cons_add.csv */
		int k = (int)(prim - base);
		snprintf(side0, sizeof side0, "%.*salt%s", k, base, prim + 4);
		snprintf(side1, sizeof side1, "%.*sadd%s", k, base, prim + 4);
	} else {
		snprintf(side0, sizeof side0, "alt.csv");
		snprintf(side1, sizeof side1, "add.csv");
	}
	const char *side[2] = {side0, side1};
	rec_fn fns[2] = {ofac_alt_row, ofac_add_row};
	int want[2] = {5, 6};
	for (int i = 0; rc == 0 && i < 2; i++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_add(&p, imp->path, (size_t)(base - imp->path));
		strbuf_addstr(&p, side[i]);
		if (path_exists(p.buf)) {
			ctx.file = arena_strdup(imp->meta, p.buf);
			ctx.nside = 0;
			rc = each_record(imp, p.buf, true, ',', want[i], fns[i], &ctx, err);
			/* an empty alt.csv (a download that failed) took every
			 * alias away without a word */
			if (rc == 0 && !ctx.nside)
				limport_problem(imp, 0, false,
						"%s beside it holds no record: %s not imported", p.buf,
						i ? "addresses" : "aliases");
		} else {
			limport_problem(imp, 0, false, "%s not found beside it: %s not imported",
					p.buf, i ? "addresses" : "aliases");
		}
		strbuf_release(&p);
	}
	strmap_free(&ctx.byref);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Header-driven CSV                                                       */

#define MAXCOL 64

struct cols {
	char name[MAXCOL][48];
	int n;
	int named; /* columns up to the last one with a name: rows may stop there */
	bool have;
	bool noname; /* no name column: every row is skipped, the file refused once */
};

static int col(const struct cols *c, const char *name);

/* A header cell as a column name: lower case, ' ', '-' and '/' as '_'. */
static size_t col_name(char *out, size_t size, const char *f, size_t len)
{
	size_t k = 0;
	for (size_t j = 0; j < len && k < size - 1; j++) {
		char ch = (char)tolower((unsigned char)f[j]);
		out[k++] = ch == ' ' || ch == '-' || ch == '/' ? '_' : ch;
	}
	out[k] = '\0';
	return k;
}

static void header_read(struct cols *c, const struct csvrec *rec)
{
	c->n = rec->nf < MAXCOL ? rec->nf : MAXCOL;
	for (int i = 0; i < c->n; i++)
		if (col_name(c->name[i], sizeof c->name[i], rec->f[i], rec->len[i]))
			c->named = i + 1;
	c->have = true;
	c->noname = col(c, "name") < 0 && col(c, "clean_name") < 0;
}

/* The header row again (files joined with cat, a spreadsheet's repeated
 * heading): read as data it would list a party called "name". */
static bool is_header_again(const struct cols *c, const struct csvrec *rec)
{
	if (rec->nf != c->n || !c->named)
		return false;
	for (int i = 0; i < c->n; i++) {
		char name[48];
		col_name(name, sizeof name, rec->f[i], rec->len[i]);
		if (strcmp(name, c->name[i]))
			return false;
	}
	return true;
}

static int col(const struct cols *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name))
			return i;
	return -1;
}

/* The start of every row of a file with a header: the header row is read
 * into c (and not counted as a record); a record of another width than the
 * header's is skipped as a problem.  True for a record to read. */
static bool data_row(struct limport *imp, const struct csvrec *rec, struct cols *c)
{
	if (!c->have) {
		header_read(c, rec);
		imp->rows--;
		return false;
	}
	if (c->noname)
		return false;
	if (is_header_again(c, rec)) {
		limport_problem(imp, rec->line, true, "the header row again; row skipped");
		return false;
	}
	if (rec->nf > c->n || rec->nf < c->named) {
		limport_problem(imp, rec->line, true, "%d fields, expected %d; record skipped",
				rec->nf, c->n);
		return false;
	}
	return true;
}

/* A header without a name column (another layout, an HTML error page saved
 * as the list, a column renamed): one error, not a "no name" per row. */
static int need_name_col(struct limport *imp, const struct cols *c, int rc, struct strbuf *err)
{
	if (rc < 0 || !c->have || !c->noname)
		return rc;
	strbuf_reset(err);
	strbuf_addf(err, "%s: the first line has no name column: not a %s file with its header",
		    imp->path, imp->format);
	return -1;
}

/* A record without a name is skipped as a problem: there is nothing to match. */
static bool has_name(struct limport *imp, const struct csvrec *rec, const char *name)
{
	if (!name)
		limport_problem(imp, rec->line, true, "no name; record skipped");
	return name != NULL;
}

/* ---- CSL CSV ---- */

struct csl_ctx {
	struct cols c;
	struct lentry *last; /* per-row layout: rows of one entry follow each other */
	char lastkey[512];
};

static void add_alias(const char *a, void *ctx)
{
	void **c = ctx;
	lentry_name(c[0], c[1], a, "alias");
}

static void add_address(const char *a, void *ctx)
{
	void **c = ctx;
	/* "street, city, CC": the last part is the country code */
	const char *comma = strrchr(a, ',');
	const char *cc = comma ? comma + 1 : NULL;
	while (cc && *cc == ' ')
		cc++;
	if (cc && strlen(cc) == 2 && isupper((unsigned char)cc[0]) &&
	    isupper((unsigned char)cc[1])) {
		char *text = xstrndup(a, (size_t)(comma - a));
		lentry_addr(c[0], c[1], text, cc);
		free(text);
	} else {
		lentry_addr(c[0], c[1], a, NULL);
	}
}

static void add_csl_id(const char *item, void *ctx)
{
	void **c = ctx;
	char *s = xstrdup(item);
	char *p1 = strstr(s, ", ");
	if (p1) {
		*p1 = '\0';
		char *v = p1 + 2, *p2 = strstr(v, ", ");
		char *country = NULL;
		if (p2) {
			*p2 = '\0';
			country = p2 + 2;
		}
		if (real_id(s, v))
			lentry_id(c[0], c[1], s, v, country);
	}
	free(s);
}

static const char *csl_name(struct limport *imp, const char *name)
{
	if (!name)
		return NULL;
	const char *succ = strstr(name, "; and any successor");
	if (succ)
		return arena_strndup(imp->arena, name, (size_t)(succ - name));
	return name;
}

static void csl_row(struct limport *imp, const struct csvrec *rec, void *vctx)
{
	struct csl_ctx *ctx = vctx;
	struct cols *c = &ctx->c;
	bool legacy36 = c->have && col(c, "source_list") >= 0;
	if (!data_row(imp, rec, c)) {
		/* the legacy layout spreads an entry over rows: kept whole in memory */
		if (col(c, "source_list") >= 0)
			imp->stream = false;
		return;
	}
	const char *name = csl_name(imp, fld(imp, rec, col(c, "name")));
	if (!has_name(imp, rec, name))
		return;
	const char *source = fld(imp, rec, legacy36 ? col(c, "source_list") : col(c, "source"));
	const char *fr = fld(imp, rec,
			     legacy36 ? col(c, "federal_register_notice")
				      : col(c, "federal_register_notice"));
	struct lentry *e = NULL;
	if (legacy36) {
		char key[512];
		snprintf(key, sizeof key, "%s|%s|%s", source ? source : "", name, fr ? fr : "");
		if (ctx->last && !strcmp(key, ctx->lastkey))
			e = ctx->last;
		snprintf(ctx->lastkey, sizeof ctx->lastkey, "%s", key);
	}
	void *cc[2] = {imp, NULL};
	if (!e) {
		e = limport_entry(imp, rec->line);
		ctx->last = e;
		e->list = list_code(imp, source);
		e->ref = fld(imp, rec, col(c, "_id"));
		if (!e->ref)
			e->ref = fld(imp, rec,
				     legacy36 ? col(c, "entity_number") : col(c, "entity_number"));
		const char *type = fld(imp, rec, legacy36 ? col(c, "sdn_type") : col(c, "type"));
		e->type = type ? type : "";
		lentry_name(imp, e, name, "primary");
		e->programs = fld(imp, rec, col(c, "programs"));
		e->citation = fr;
		e->start_date =
			fld(imp, rec, legacy36 ? col(c, "effective_date") : col(c, "start_date"));
		e->end_date =
			fld(imp, rec,
			    legacy36 ? col(c, "date_lifted_waived_expired") : col(c, "end_date"));
		e->remarks = fld(imp, rec, legacy36 ? col(c, "remarks_notes") : col(c, "remarks"));
		e->url = fld(imp, rec, legacy36 ? col(c, "web_link") : col(c, "source_list_url"));
		e->license_requirement = fld(imp, rec, col(c, "license_requirement"));
		e->license_policy = fld(imp, rec, col(c, "license_policy"));
		cc[1] = e;
		if (!legacy36) {
			split_each(fld(imp, rec, col(c, "alt_names")), "; ", add_alias, cc);
			split_each(fld(imp, rec, col(c, "addresses")), "; ", add_address, cc);
			split_each(fld(imp, rec, col(c, "ids")), "; ", add_csl_id, cc);
			const char *cit = fld(imp, rec, col(c, "citizenships"));
			const char *nat = fld(imp, rec, col(c, "nationalities"));
			if (cit)
				lentry_addr(imp, e, NULL, cit);
			if (nat && (!cit || strcmp(nat, cit)))
				lentry_addr(imp, e, NULL, nat);
		}
	}
	cc[1] = e;
	if (legacy36) {
		lentry_name(imp, e, fld(imp, rec, col(c, "alternate_name")), "alias");
		struct strbuf a = STRBUF_INIT;
		const char *parts[] = {"address", "city", "state_province", "postal_code"};
		for (int i = 0; i < 4; i++) {
			const char *v = fld(imp, rec, col(c, parts[i]));
			if (v)
				strbuf_addf(&a, "%s%s", a.len ? ", " : "", v);
		}
		const char *country = fld(imp, rec, col(c, "country"));
		bool dup = false;
		for (size_t i = 0; i < e->naddrs; i++)
			if (a.len && e->addrs[i].text && !strcmp(e->addrs[i].text, a.buf))
				dup = true;
		if (!dup)
			lentry_addr(imp, e, a.len ? a.buf : NULL, country);
		strbuf_release(&a);
	}
}

int fmt_csl_csv(struct limport *imp, struct strbuf *err)
{
	struct csl_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	int rc = each_record(imp, imp->path, false, ',', 0, csl_row, &ctx, err);
	/* without it no entry says which of the CSL's lists it is on: every hit
	 * is REVIEW where the Entity List would say LICENSE */
	if (rc == 0 && ctx.c.have && !ctx.c.noname && col(&ctx.c, "source") < 0 &&
	    col(&ctx.c, "source_list") < 0)
		limport_problem(imp, 1, false,
				"no source column: which list each entry is on is unknown, so "
				"its hits are REVIEW");
	return need_name_col(imp, &ctx.c, rc, err);
}

/* ---- BIS Denied Persons List ---- */

/* The DPL writes its effective and expiration dates MM/DD/YYYY: as
 * YYYY-MM-DD, as every other list's, so that they compare with today
 * ("06/17/2030" sorted before "2026-12-07": "listing ended 06/17/2030" on a
 * denial in force).  Anything else stays as written. */
static const char *iso_date(struct limport *imp, const char *s)
{
	int m, d, y, n = 0;
	if (!s || sscanf(s, "%2d/%2d/%4d%n", &m, &d, &y, &n) != 3 || s[n] || y < 1900)
		return s;
	char buf[40];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	return date_parse(buf) ? arena_strdup(imp->arena, buf) : s;
}

static void dpl_row(struct limport *imp, const struct csvrec *rec, void *vctx)
{
	struct cols *c = vctx;
	if (!data_row(imp, rec, c))
		return;
	const char *name = fld(imp, rec, col(c, "name"));
	if (!has_name(imp, rec, name))
		return;
	struct lentry *e = limport_entry(imp, rec->line);
	e->list = "DPL";
	lentry_name(imp, e, name, "primary");
	struct strbuf a = STRBUF_INIT;
	const char *parts[] = {"street_address", "city", "state", "postal_code"};
	for (int i = 0; i < 4; i++) {
		const char *v = fld(imp, rec, col(c, parts[i]));
		if (v)
			strbuf_addf(&a, "%s%s", a.len ? ", " : "", v);
	}
	lentry_addr(imp, e, a.len ? a.buf : NULL, fld(imp, rec, col(c, "country")));
	strbuf_release(&a);
	e->citation = fld(imp, rec, col(c, "fr_citation"));
	e->start_date = iso_date(imp, fld(imp, rec, col(c, "effective_date")));
	e->end_date = iso_date(imp, fld(imp, rec, col(c, "expiration_date")));
	e->remarks = fld(imp, rec, col(c, "action"));
	const char *upd = fld(imp, rec, col(c, "last_update"));
	char today[32];
	timestamp_now(today);
	today[10] = '\0';
	/* the list's own newest update; dates in the future are typos (3017) */
	if (upd && strcmp(upd, today) <= 0 && (!imp->version || strcmp(upd, imp->version) > 0))
		imp->version = arena_strdup(imp->meta, upd); /* outlives the batch */
}

int fmt_dpl(struct limport *imp, struct strbuf *err)
{
	struct cols c = {0};
	int rc = each_record(imp, imp->path, false, '\t', 0, dpl_row, &c, err);
	return need_name_col(imp, &c, rc, err);
}

/* ---- parties named in legislation (OpenSanctions us/special_leg sources) ---- */

static void special_row(struct limport *imp, const struct csvrec *rec, void *vctx)
{
	struct cols *c = vctx;
	if (!data_row(imp, rec, c))
		return;
	const char *name = fld(imp, rec, col(c, "name"));
	if (!has_name(imp, rec, name))
		return;
	struct lentry *e = limport_entry(imp, rec->line);
	const char *prog = fld(imp, rec, col(c, "program"));
	const char *sec = prog ? strstr(prog, "Section ") : NULL;
	e->list = "US-LEG";
	if (sec) {
		int n = atoi(sec + 8);
		if (n > 0)
			e->list = arena_printf(imp->arena, "NDAA-%d", n);
	}
	const char *schema = fld(imp, rec, col(c, "schema"));
	e->type = schema ? schema : "";
	lentry_name(imp, e, name, "primary");
	void *cc[2] = {imp, e};
	split_each(fld(imp, rec, col(c, "aliases")), ";", add_alias, cc);
	e->programs = prog;
	e->citation = prog;
	e->start_date = fld(imp, rec, col(c, "start_date"));
	e->end_date = fld(imp, rec, col(c, "end_date"));
	e->remarks = fld(imp, rec, col(c, "notes"));
	e->url = fld(imp, rec, col(c, "source_url"));
	lentry_addr(imp, e, NULL, fld(imp, rec, col(c, "country")));
}

int fmt_special_leg(struct limport *imp, struct strbuf *err)
{
	struct cols c = {0};
	int rc = each_record(imp, imp->path, false, ',', 0, special_row, &c, err);
	return need_name_col(imp, &c, rc, err);
}

/* ---- DoD Section 1260H: one row per listing; one entry per company ---- */

struct dod_ctx {
	struct cols c;
	struct strmap byname;
};

static void dod_row(struct limport *imp, const struct csvrec *rec, void *vctx)
{
	struct dod_ctx *ctx = vctx;
	struct cols *c = &ctx->c;
	if (!data_row(imp, rec, c))
		return;
	const char *name = fld(imp, rec, col(c, "clean_name"));
	if (!name)
		name = fld(imp, rec, col(c, "name"));
	if (!has_name(imp, rec, name))
		return;
	struct strbuf key = STRBUF_INIT;
	for (const char *p = name; *p; p++)
		strbuf_addch(&key, (char)tolower((unsigned char)*p));
	uint32_t ix;
	struct lentry *e;
	const char *start = fld(imp, rec, col(c, "start_date"));
	const char *end = fld(imp, rec, col(c, "end_date"));
	if (strmap_get(&ctx->byname, key.buf, key.len, &ix)) {
		e = &imp->e[ix];
	} else {
		e = limport_entry(imp, rec->line);
		e->list = "DOD-1260H";
		e->type = "Company";
		e->programs = "Section 1260H, NDAA FY2021 (Chinese military companies)";
		lentry_name(imp, e, name, "primary");
		strmap_put(&ctx->byname, key.buf, key.len, (uint32_t)(imp->n - 1), NULL);
	}
	/* the latest listing decides the dates shown */
	if (start && (!e->start_date || strcmp(start, e->start_date) >= 0)) {
		e->start_date = start;
		e->end_date = end;
		const char *url = fld(imp, rec, col(c, "source_url"));
		e->citation = url ? arena_printf(imp->arena, "DoD 1260H list of %s, %s", start, url)
				  : arena_printf(imp->arena, "DoD 1260H list of %s", start);
		e->url = url;
		const char *note = fld(imp, rec, col(c, "note"));
		if (note)
			e->remarks = note;
	}
	if (start && (!imp->version || strcmp(start, imp->version) > 0))
		imp->version = arena_strdup(imp->meta, start);
	void *cc[2] = {imp, e};
	split_each(fld(imp, rec, col(c, "alias")), ";", add_alias, cc);
	const char *prev = fld(imp, rec, col(c, "previous_name"));
	if (prev)
		lentry_name(imp, e, prev, "previous");
	strbuf_release(&key);
}

int fmt_dod_1260h(struct limport *imp, struct strbuf *err)
{
	struct dod_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	strmap_init(&ctx.byname);
	int rc = each_record(imp, imp->path, false, ',', 0, dod_row, &ctx, err);
	strmap_free(&ctx.byname);
	return need_name_col(imp, &ctx.c, rc, err);
}

/* ---- chipscreen's organisation and brand table ---- */

struct org_ctx {
	bool header;
	struct strmap byorg;
};

static void org_row(struct limport *imp, const struct csvrec *rec, void *vctx)
{
	struct org_ctx *ctx = vctx;
	if (!ctx->header) {
		ctx->header = true;
		imp->rows--;
		return;
	}
	const char *org = fld(imp, rec, 0), *name = fld(imp, rec, 1), *kind = fld(imp, rec, 2),
		   *src = fld(imp, rec, 3);
	if (!org || !name || !kind || !src) {
		limport_problem(imp, rec->line, true,
				"org_id, name, kind and source must all be given; row skipped");
		return;
	}
	uint32_t ix;
	struct lentry *e;
	if (strmap_get(&ctx->byorg, org, strlen(org), &ix)) {
		e = &imp->e[ix];
	} else {
		e = limport_entry(imp, rec->line);
		e->list = "ORG";
		e->ref = org;
		e->type = "organisation";
		e->citation = src;
		strmap_put(&ctx->byorg, org, strlen(org), (uint32_t)(imp->n - 1), NULL);
	}
	/* lentry_name_new: NULL when the name cleans to nothing (only control
	 * bytes) or is there already; there is then no name to make primary */
	struct lname *n = lentry_name_new(imp, e, name, kind);
	if (n && !strcmp(kind, "name"))
		e->name = n->name;
}

int fmt_orgs(struct limport *imp, struct strbuf *err)
{
	struct org_ctx ctx = {false, {0}};
	strmap_init(&ctx.byorg);
	int rc = each_record(imp, imp->path, false, '\t', 4, org_row, &ctx, err);
	strmap_free(&ctx.byorg);
	return rc;
}
