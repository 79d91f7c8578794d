/*
 * scan-table.c — `scan --format table`: the report for people.
 *
 * Layout, top to bottom: what was scanned (host, profile or the exposure
 * view, date, rule set); the findings grouped by verdict from most to least
 * severe, one aligned row each (component, what it is, maker, rule) with the
 * why, the acquisition basis, the reach of the measure over components and
 * the attribution evidence indented beneath; the rules cited, with their
 * official citations; what could not be identified or read, because the
 * reader must see what was not judged; and a summary line.
 *
 * Every string is passed through display_safe_add() before it reaches the
 * terminal: hardware strings are already escaped by the inventory, but rule
 * text and hand-made inventories are not, and a control character or a bidi
 * override in a part number must not rewrite the screen.  Widths are counted in
 * terminal cells (utf8proc), so CJK part names keep the columns aligned.
 * The report is built in memory and written at once.
 */
#include "report/report.h"
#include "report/scan-common.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utf8proc.h>

static int color_mode = REPORT_COLOR_AUTO;
static int verbose;
static int width_set;

void report_set_color(int mode)
{
	color_mode = mode;
}

void report_set_verbose(int v)
{
	verbose = v;
}

void report_set_width(int cols)
{
	width_set = cols;
}

struct out {
	struct strbuf sb;
	int color;
	int width;
};

enum { IND = 6, LABEL = 10 };

static int use_color(FILE *f)
{
	if (color_mode != REPORT_COLOR_AUTO)
		return color_mode == REPORT_COLOR_ALWAYS;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return 0;
	return isatty(fileno(f));
}

static int term_width(FILE *f)
{
	int w = width_set;
	struct winsize ws;
	if (w <= 0 && isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0)
		w = ws.ws_col;
	if (w <= 0)
		w = 100;
	return w < 40 ? 40 : w;
}

static const char *verdict_color(int v)
{
	switch (v) {
	case V_PROHIBITED:
		return "\033[1;31m";
	case V_REMOVE_BY:
		return "\033[31m";
	case V_NO_NEW_PURCHASE:
	case V_LICENSE:
		return "\033[33m";
	case V_REVIEW:
		return "\033[35m";
	case V_INFO:
		return "\033[36m";
	default:
		return "\033[32m";
	}
}

#define BOLD_YELLOW "\033[1;33m"
#define RESET       "\033[0m"

static void color_on(struct out *o, const char *code)
{
	if (o->color)
		strbuf_addstr(&o->sb, code);
}

static void color_off(struct out *o)
{
	if (o->color)
		strbuf_addstr(&o->sb, RESET);
}

/* Terminal cells of a string that display_safe_add produced. */
static int cells(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int w = 0;
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (len <= 0) {
			w++;
			i++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? cw : 0;
		i += (size_t)len;
	}
	return w;
}

static int safe_cells(const char *s)
{
	struct strbuf t = STRBUF_INIT;
	display_safe_add(&t, s);
	int w = cells(t.buf, t.len);
	strbuf_release(&t);
	return w;
}

static void spaces(struct strbuf *sb, int n)
{
	while (n-- > 0)
		strbuf_addch(sb, ' ');
}

static bool has_wide(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (len <= 0)
			return false;
		if (utf8proc_charwidth(cp) > 1)
			return true;
		i += (size_t)len;
	}
	return false;
}

/*
 * Break text (already made safe) into lines of at most avail cells, at
 * spaces; each line is appended to lines with a '\n'.  A word longer than a
 * line is broken between characters when hard (table cells, where alignment
 * matters) or when it holds wide characters (CJK has no spaces); otherwise
 * it stays whole on its own line, so URLs and ids can still be copied.
 * Returns the number of lines, at least one.
 */
static size_t layout(const char *text, size_t n, int avail, bool hard, struct strbuf *lines)
{
	const char *p = text, *end = text + n;
	size_t nl = 0;
	int col = 0;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		if (w == p)
			break;
		int ww = cells(w, (size_t)(p - w));
		if (col > 0 && col + 1 + ww > avail) {
			strbuf_addch(lines, '\n');
			nl++;
			col = 0;
		} else if (col > 0) {
			strbuf_addch(lines, ' ');
			col++;
		}
		if (ww <= avail || !(hard || has_wide(w, (size_t)(p - w)))) {
			strbuf_add(lines, w, (size_t)(p - w));
			col += ww;
			continue;
		}
		while (w < p) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)w,
			                                        (utf8proc_ssize_t)(p - w), &cp);
			if (len <= 0)
				len = 1;
			int cw = cells(w, (size_t)len);
			if (col > 0 && col + cw > avail) {
				strbuf_addch(lines, '\n');
				nl++;
				col = 0;
			}
			strbuf_add(lines, w, (size_t)len);
			col += cw;
			w += len;
		}
	}
	strbuf_addch(lines, '\n');
	return nl + 1;
}

/* The i-th line of a layout() result: start and length. */
static const char *nth_line(const char *lines, size_t i, size_t *len)
{
	while (i-- && (lines = strchr(lines, '\n')) != NULL)
		lines++;
	if (!lines || !*lines) {
		*len = 0;
		return "";
	}
	const char *e = strchr(lines, '\n');
	*len = e ? (size_t)(e - lines) : strlen(lines);
	return lines;
}

/*
 * Print text wrapped to the width: the first line at column `indent`,
 * after `label` padded to LABEL cells when there is one; later lines
 * indented to where the text began, plus `hang`.
 */
static void wrap_hang(struct out *o, int indent, const char *label, int hang, const char *text)
{
	struct strbuf t = STRBUF_INIT, lines = STRBUF_INIT;
	display_safe_add(&t, text);
	int start = indent + (label ? LABEL : 0);
	int avail = o->width - start - hang;
	size_t n = layout(t.buf, t.len, avail < 20 ? 20 : avail, false, &lines);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *l = nth_line(lines.buf, i, &len);
		if (i == 0) {
			spaces(&o->sb, indent);
			if (label) {
				strbuf_addstr(&o->sb, label);
				spaces(&o->sb, LABEL - (int)strlen(label));
			}
		} else {
			spaces(&o->sb, start + hang);
		}
		strbuf_add(&o->sb, l, len);
		strbuf_addch(&o->sb, '\n');
	}
	strbuf_release(&t);
	strbuf_release(&lines);
}

static void wrap(struct out *o, int indent, const char *label, const char *text)
{
	wrap_hang(o, indent, label, 0, text);
}

/* ---- header ---- */

static void header(struct out *o, const struct scan_result *r)
{
	const struct host *h = &r->inv->host;
	char d[11];
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t, "%s", h->hostname ? h->hostname : "(host name unknown)");
	if (h->vendor || h->product)
		strbuf_addf(&t, " (%s%s%s)", h->vendor ? h->vendor : "",
		            h->vendor && h->product ? " " : "", h->product ? h->product : "");
	wrap(o, 0, "host", t.buf);
	if (r->profile)
		wrap(o, 0, "profile", r->profile);
	else
		wrap(o, 0, "profile",
		     "exposure view (no profile): every measure that names a part's maker, "
		     "without a verdict against you");
	strbuf_reset(&t);
	strbuf_addf(&t, "%s", r->date ? date_format(r->date, d) : "(none)");
	wrap(o, 0, "date", t.buf);
	wrap(o, 0, "rules", r->ruleset_version ? r->ruleset_version : "(version unknown)");
	if (h->collected_at) {
		strbuf_reset(&t);
		strbuf_addf(&t, "%s by %s from %s%s", h->collected_at,
		            h->collector ? h->collector : "?", h->root ? h->root : "/",
		            h->is_root ? " (as root)" : " (not as root)");
		wrap(o, 0, "collected", t.buf);
	}
	strbuf_release(&t);
}

/* ---- findings ---- */

/* Columns of the finding rows: component, part, maker, rule. */
enum { C_ID, C_PART, C_MAKER, C_RULE, NCOL };
struct cols {
	int w[NCOL];
};

static const char *comp_id(const struct component *c)
{
	return c && c->id ? c->id : "(host)";
}

static void row_cells(const struct finding *f, struct strbuf *part, struct strbuf *maker)
{
	strbuf_reset(part);
	strbuf_reset(maker);
	if (f->comp) {
		comp_describe(part, f->comp);
		comp_makers(maker, f->comp);
	}
	if (!f->comp || !f->comp->attr)
		strbuf_addstr(maker, f->org_name ? f->org_name : f->org ? f->org : "");
}

static void widen(struct cols *c, int col, const char *s)
{
	int w = safe_cells(s);
	if (w > c->w[col])
		c->w[col] = w;
}

/* Widest word of s, so that a column can keep part numbers whole. */
static int widest_word(const char *s)
{
	struct strbuf t = STRBUF_INIT;
	display_safe_add(&t, s);
	int most = 0;
	for (const char *p = t.buf; *p;) {
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		int n = cells(w, (size_t)(p - w));
		most = n > most ? n : most;
		while (*p == ' ')
			p++;
	}
	strbuf_release(&t);
	return most;
}

/*
 * Natural widths of every row the report prints (findings, and the parts
 * listed as not identified or clear), then narrowed to fit the terminal:
 * part and maker first (part no narrower than its longest part number, up to
 * 18 cells), then component and rule.  A column narrower than a cell wraps
 * the cell onto more lines.
 */
static struct cols measure(const struct scan_result *r, int width)
{
	struct cols c = {{9, 4, 5, 4}}; /* the header words */
	int least[NCOL] = {[C_ID] = 12, [C_PART] = 12, [C_MAKER] = 10, [C_RULE] = 12};
	struct strbuf part = STRBUF_INIT, maker = STRBUF_INIT;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		row_cells(f, &part, &maker);
		widen(&c, C_ID, comp_id(f->comp));
		widen(&c, C_PART, part.buf);
		widen(&c, C_MAKER, maker.buf);
		widen(&c, C_RULE, f->rule_id ? f->rule_id : "?");
	}
	for (size_t i = 0; i < r->inv->ncomps; i++) {
		const struct component *co = &r->inv->comps[i];
		strbuf_reset(&part);
		strbuf_reset(&maker);
		comp_describe(&part, co);
		comp_makers(&maker, co);
		widen(&c, C_ID, comp_id(co));
		widen(&c, C_PART, part.buf);
		int ww = widest_word(part.buf);
		if (ww > least[C_PART])
			least[C_PART] = ww < 18 ? ww : 18;
		if (comp_identified(co))
			widen(&c, C_MAKER, maker.buf);
	}
	strbuf_release(&part);
	strbuf_release(&maker);
	static const int order[] = {C_PART, C_MAKER, C_ID, C_RULE};
	for (;;) {
		int total = 2 + 2 * (NCOL - 1);
		for (int k = 0; k < NCOL; k++)
			total += c.w[k];
		if (total <= width)
			break;
		/* narrow the widest of the first shrinkable pair, else the next pair */
		int pick = -1;
		for (int pass = 0; pass < 2 && pick < 0; pass++)
			for (int k = pass * 2; k < pass * 2 + 2; k++)
				if (c.w[order[k]] > least[order[k]] &&
				    (pick < 0 || c.w[order[k]] > c.w[pick]))
					pick = order[k];
		if (pick < 0)
			break;
		c.w[pick]--;
	}
	return c;
}

/* One table row: each cell wrapped within its column; n is 3 or 4 cells. */
static void row(struct out *o, const struct cols *c, const char *const *text, int n)
{
	struct strbuf lines[NCOL], t = STRBUF_INIT;
	size_t nl[NCOL], most = 1;
	for (int k = 0; k < n; k++) {
		strbuf_init(&lines[k], 0);
		strbuf_reset(&t);
		display_safe_add(&t, text[k] ? text[k] : "");
		nl[k] = layout(t.buf, t.len, c->w[k], true, &lines[k]);
		if (nl[k] > most)
			most = nl[k];
	}
	for (size_t i = 0; i < most; i++) {
		size_t start = o->sb.len;
		spaces(&o->sb, 2);
		for (int k = 0; k < n; k++) {
			size_t len;
			const char *l = nth_line(lines[k].buf, i, &len);
			strbuf_add(&o->sb, l, len);
			if (k < n - 1)
				spaces(&o->sb, c->w[k] - cells(l, len) + 2);
		}
		while (o->sb.len > start && o->sb.buf[o->sb.len - 1] == ' ')
			strbuf_setlen(&o->sb, o->sb.len - 1);
		strbuf_addch(&o->sb, '\n');
	}
	for (int k = 0; k < n; k++)
		strbuf_release(&lines[k]);
	strbuf_release(&t);
}

static void row4(struct out *o, const struct cols *c, const char *id, const char *part,
                 const char *maker, const char *rule)
{
	const char *text[NCOL] = {id, part, maker, rule};
	row(o, c, text, rule ? 4 : 3);
}

static void group_heading(struct out *o, const struct scan_result *r, const struct finding *f,
                          size_t count)
{
	char d[11];
	strbuf_addch(&o->sb, '\n');
	color_on(o, verdict_color(f->verdict));
	if (f->verdict == V_INFO && !r->profile)
		strbuf_addf(&o->sb,
		            "EXPOSURE (%zu): measures that name the maker; no profile, so "
		            "no verdict against you",
		            count);
	else if (f->verdict == V_REMOVE_BY)
		strbuf_addf(&o->sb, "REMOVE-BY %s (%zu)",
		            f->deadline ? date_format(f->deadline, d) : "(no date)", count);
	else
		strbuf_addf(&o->sb, "%s (%zu)", verdict_name(f->verdict), count);
	color_off(o);
	strbuf_addch(&o->sb, '\n');
}

static void finding_details(struct out *o, const struct scan_result *r, const struct finding *f)
{
	char d[11];
	struct strbuf t = STRBUF_INIT;
	if (f->verdict == V_REMOVE_BY) {
		strbuf_addf(&t, "remove by %s", f->deadline ? date_format(f->deadline, d) : "?");
		if (f->deadline_what)
			strbuf_addf(&t, ": %s", f->deadline_what);
		wrap(o, IND, "deadline", t.buf);
		strbuf_reset(&t);
	}
	if (r->profile && !f->binding)
		strbuf_addstr(&t, "Not binding on this profile. ");
	strbuf_addstr(&t, f->reason ? f->reason : "(no reason given)");
	wrap(o, IND, "why", t.buf);
	if (finding_via_chip(f) && f->comp) {
		strbuf_reset(&t);
		strbuf_addf(&t, "%s by %s on this part", chip_word(f->comp),
		            f->org_name ? f->org_name
		            : f->org    ? f->org
		                        : "?");
		if (f->reach)
			strbuf_addf(&t, "; the measure's wording on components: %s", f->reach);
		wrap(o, IND, "chips", t.buf);
	}
	if (f->relation)
		wrap(o, IND, "relation", f->relation);
	if (f->acquired)
		wrap(o, IND, "acquired", f->acquired);
	const struct maker *m = finding_maker(f);
	for (size_t i = 0; m && i < m->nev; i++) {
		strbuf_reset(&t);
		evidence_text(&t, &m->ev[i]);
		wrap(o, IND, i ? "" : "evidence", t.buf);
	}
	if (!m || !m->nev)
		wrap(o, IND, "evidence", "(none recorded)");
	strbuf_release(&t);
}

static bool same_group(const struct finding *a, const struct finding *b)
{
	return a->verdict == b->verdict &&
	       (a->verdict != V_REMOVE_BY || a->deadline == b->deadline);
}

static void findings(struct out *o, const struct scan_result *r, const struct cols *c)
{
	if (!r->nfindings) {
		strbuf_addstr(&o->sb, "\nNo findings.\n");
		return;
	}
	size_t *idx = scan_sorted_findings(r);
	struct strbuf part = STRBUF_INIT, maker = STRBUF_INIT;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[idx[i]];
		if (i == 0 || !same_group(&r->findings[idx[i - 1]], f)) {
			size_t n = 1;
			while (i + n < r->nfindings && same_group(&r->findings[idx[i + n]], f))
				n++;
			group_heading(o, r, f, n);
			row4(o, c, "COMPONENT", "PART", "MAKER", "RULE");
		}
		row_cells(f, &part, &maker);
		row4(o, c, comp_id(f->comp), part.buf, maker.buf, f->rule_id ? f->rule_id : "?");
		finding_details(o, r, f);
	}
	strbuf_release(&part);
	strbuf_release(&maker);
	free(idx);
}

/* ---- rules cited ---- */

static void rules_cited(struct out *o, const struct scan_result *r)
{
	if (!r->nfindings)
		return;
	size_t *idx = scan_sorted_findings(r);
	strbuf_addstr(&o->sb, "\nRules cited\n");
	struct strbuf t = STRBUF_INIT;
	char d[11];
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[idx[i]];
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++) {
			const char *a = r->findings[idx[j]].rule_id;
			seen = a == f->rule_id || (a && f->rule_id && !strcmp(a, f->rule_id));
		}
		if (seen)
			continue;
		strbuf_reset(&t);
		strbuf_addf(&t, "%s%s%s", f->rule_id ? f->rule_id : "?", f->rule_title ? ": " : "",
		            f->rule_title ? f->rule_title : "");
		wrap_hang(o, 2, NULL, 2, t.buf);
		wrap(o, IND, "citation", f->citation ? f->citation : "(none given)");
		strbuf_reset(&t);
		strbuf_addstr(&t, f->authority ? f->authority : "(authority unknown)");
		if (f->jurisdiction)
			strbuf_addf(&t, " (%s)", f->jurisdiction);
		if (f->effective)
			strbuf_addf(&t, ", effective %s", date_format(f->effective, d));
		wrap(o, IND, "by", t.buf);
		if (f->url)
			wrap(o, IND, "url", f->url);
		if (f->rule_confidence && strcmp(f->rule_confidence, "confirmed") != 0) {
			strbuf_reset(&t);
			strbuf_addf(&t, "%s: check the official text before acting on it",
			            f->rule_confidence);
			wrap(o, IND, "status", t.buf);
		}
	}
	strbuf_release(&t);
	free(idx);
}

/* ---- what was not judged ---- */

static void not_identified(struct out *o, const struct scan_result *r, const struct cols *c,
                           size_t count)
{
	if (!count)
		return;
	strbuf_addch(&o->sb, '\n');
	color_on(o, BOLD_YELLOW);
	strbuf_addf(&o->sb, "Could not identify (%zu): not judged, check by hand", count);
	color_off(o);
	strbuf_addch(&o->sb, '\n');
	struct strbuf part = STRBUF_INIT, why = STRBUF_INIT;
	for (size_t i = 0; i < r->inv->ncomps; i++) {
		const struct component *co = &r->inv->comps[i];
		if (comp_identified(co))
			continue;
		strbuf_reset(&part);
		strbuf_reset(&why);
		comp_describe(&part, co);
		comp_unknown_reason(&why, co);
		row4(o, c, comp_id(co), part.buf, "", NULL);
		wrap(o, IND, "why", why.buf);
	}
	strbuf_release(&part);
	strbuf_release(&why);
}

static void clear_list(struct out *o, const struct scan_result *r, const struct cols *c,
                       const int *worst, size_t count)
{
	if (!verbose || !count)
		return;
	strbuf_addch(&o->sb, '\n');
	color_on(o, verdict_color(V_CLEAR));
	strbuf_addf(&o->sb, "CLEAR (%zu)", count);
	color_off(o);
	strbuf_addch(&o->sb, '\n');
	struct strbuf part = STRBUF_INIT, maker = STRBUF_INIT;
	for (size_t i = 0; i < r->inv->ncomps; i++) {
		const struct component *co = &r->inv->comps[i];
		if (worst[i] >= 0 || !comp_identified(co))
			continue;
		strbuf_reset(&part);
		strbuf_reset(&maker);
		comp_describe(&part, co);
		comp_makers(&maker, co);
		row4(o, c, comp_id(co), part.buf, maker.buf, NULL);
	}
	strbuf_release(&part);
	strbuf_release(&maker);
}

static void notes(struct out *o, const char *title, const struct note *v, size_t n)
{
	if (!n)
		return;
	strbuf_addch(&o->sb, '\n');
	color_on(o, BOLD_YELLOW);
	strbuf_addf(&o->sb, "%s (%zu)", title, n);
	color_off(o);
	strbuf_addch(&o->sb, '\n');
	struct strbuf t = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&t);
		if (v[i].what)
			strbuf_addstr(&t, v[i].what);
		if (v[i].path)
			strbuf_addf(&t, "%s%s", v[i].what ? " " : "", v[i].path);
		strbuf_addf(&t, "%s%s", t.len ? ": " : "", v[i].reason ? v[i].reason : "");
		wrap_hang(o, 2, NULL, 2, t.buf);
	}
	strbuf_release(&t);
}

/* ---- summary ---- */

/* One item of the summary, coloured when count is not zero; wraps at the width. */
static void summary_item(struct out *o, int *col, const char *sep, size_t count, const char *what,
                         const char *color, bool last)
{
	char item[64];
	int n = snprintf(item, sizeof item, "%zu %s", count, what);
	int sl = (int)strlen(sep);
	if (*col + sl + n + !last > o->width && *col > 9) { /* room for the next comma */
		strbuf_add(&o->sb, sep, (size_t)sl - 1);    /* the comma, not the blank */
		strbuf_addstr(&o->sb, "\n         ");
		*col = 9;
	} else {
		strbuf_addstr(&o->sb, sep);
		*col += sl;
	}
	if (count)
		color_on(o, color);
	strbuf_addstr(&o->sb, item);
	if (count)
		color_off(o);
	*col += n;
}

/* Findings by verdict, then what became of the components, each on its own line. */
static void summary(struct out *o, const struct scan_result *r, const struct scan_summary *s)
{
	const char *title = r->profile ? "Summary:" : "Summary (exposure view):";
	strbuf_addf(&o->sb, "\n%s", title);
	int col = (int)strlen(title);
	for (int v = V_PROHIBITED; v > V_CLEAR; v--)
		summary_item(o, &col, v == V_PROHIBITED ? " " : ", ", s->verdicts[v],
		             verdict_name((enum verdict)v), verdict_color(v), v == V_INFO);
	char comps[96];
	col = 9 + snprintf(comps, sizeof comps, "%zu component%s: %zu with findings", s->ncomps,
	                   s->ncomps == 1 ? "" : "s", s->with_findings);
	strbuf_addf(&o->sb, "\n         %s", comps);
	summary_item(o, &col, ", ", s->verdicts[V_CLEAR], "CLEAR", verdict_color(V_CLEAR), false);
	summary_item(o, &col, ", ", s->not_identified, "not identified", BOLD_YELLOW, true);
	strbuf_addch(&o->sb, '\n');
}

int report_scan_table(const struct scan_result *r, FILE *f)
{
	struct out o = {STRBUF_INIT, use_color(f), term_width(f)};
	struct scan_summary s;
	scan_summarize(r, &s);
	int *worst = scan_worst_by_comp(r);
	struct cols c = measure(r, o.width);
	header(&o, r);
	findings(&o, r, &c);
	rules_cited(&o, r);
	not_identified(&o, r, &c, s.not_identified);
	clear_list(&o, r, &c, worst, s.verdicts[V_CLEAR]);
	notes(&o, "Could not read", r->inv->unread, r->inv->nunread);
	notes(&o, "Warnings", r->inv->warnings, r->inv->nwarnings);
	summary(&o, r, &s);
	size_t n = fwrite(o.sb.buf, 1, o.sb.len, f);
	int rc = n == o.sb.len ? 0 : -1;
	strbuf_release(&o.sb);
	free(worst);
	return rc;
}
