/*
 * scan-table.c — `scan --format table`: the report for people.
 *
 * A compliance officer's page, top to bottom: what was scanned (host,
 * profile or the exposure view, date, rule set); the findings by verdict,
 * most severe first; the rules cited; the sources of the evidence; what
 * could not be identified or read, because the reader must see what was not
 * judged; and a summary line.
 *
 * Findings that say the same thing are one entry: same rule, verdict, via,
 * maker and chip maker, part, deadline, relation, kind of acquisition basis
 * and kind of evidence.  Four identical modules are "4 × dimm MTA...: A1,
 * D1, A2, D2" with the why and the evidence once.  Where they were read (a
 * source path in the reason) is left out of the table; dates that differ
 * without changing the verdict are merged into the why ("made 2019-W18 or
 * 2019-W21") and listed per component under "acquired".  The other formats
 * keep every finding whole.
 *
 * Binding entries (REVIEW and above) show the why, the acquisition basis and
 * the evidence, strongest first, each citing its source by number in the
 * "Evidence sources" legend.  INFO entries are one line each — the rule and
 * a few words (finding.brief: whom the measure binds, or why it does not
 * bite) — under one heading per set of components.  With verbose, INFO
 * entries are shown in full, every rule cited with its citation, and the
 * clear components are listed.
 *
 * Every string is passed through display_safe_add() before it reaches the
 * terminal: hardware strings are already escaped by the inventory, but rule
 * text and hand-made inventories are not, and a control character or a bidi
 * override in a part number must not rewrite the screen.  Widths are counted in
 * terminal cells (utf8proc), so CJK text wraps where it should.  The report
 * is built in memory and written at once.
 */
#include "report/report.h"
#include "report/scan-common.h"
#include "util/date.h"
#include "util/xalloc.h"

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
	const char **sources; /* the evidence legend, in order of first citation */
	size_t nsources, capsources;
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
 * Print text wrapped to the width: the first line at column `indent`, after
 * `label` padded to lw cells when there is one; later lines indented to
 * where the text began, plus `hang`.
 */
static void wrap_label(struct out *o, int indent, const char *label, int lw, int hang,
		       const char *text)
{
	struct strbuf t = STRBUF_INIT, lines = STRBUF_INIT, l0 = STRBUF_INIT;
	display_safe_add(&t, text);
	if (label)
		display_safe_add(&l0, label);
	int start = indent + (label ? lw : 0);
	int avail = o->width - start - hang;
	size_t n = layout(t.buf, t.len, avail < 20 ? 20 : avail, false, &lines);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *l = nth_line(lines.buf, i, &len);
		if (i == 0) {
			spaces(&o->sb, indent);
			if (label) {
				strbuf_add(&o->sb, l0.buf, l0.len);
				spaces(&o->sb, lw - cells(l0.buf, l0.len));
			}
		} else {
			spaces(&o->sb, start + hang);
		}
		strbuf_add(&o->sb, l, len);
		while (o->sb.len && o->sb.buf[o->sb.len - 1] == ' ')
			strbuf_setlen(&o->sb, o->sb.len - 1);
		strbuf_addch(&o->sb, '\n');
	}
	strbuf_release(&t);
	strbuf_release(&lines);
	strbuf_release(&l0);
}

static void wrap_hang(struct out *o, int indent, const char *label, int hang, const char *text)
{
	wrap_label(o, indent, label, LABEL, hang, text);
}

static void wrap(struct out *o, int indent, const char *label, const char *text)
{
	wrap_hang(o, indent, label, 0, text);
}

/* A section heading after a blank line, coloured, wrapped to the width. */
static void heading(struct out *o, const char *color, const char *text)
{
	strbuf_addch(&o->sb, '\n');
	color_on(o, color);
	wrap_hang(o, 0, NULL, 2, text);
	strbuf_setlen(&o->sb, o->sb.len - 1);
	color_off(o);
	strbuf_addch(&o->sb, '\n');
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

/* ---- entries: findings that say the same thing ---- */

enum { CONF_W = 9 }; /* "certain" and two blanks */

struct group {
	const struct finding **f; /* in report order */
	size_t n, cap;
	char *key;
};

struct groups {
	struct group *v;
	size_t n, cap;
};

/* The kind of acquisition basis: a date from a purchase record, from
 * --acquired, from the manufacturing date, or none. */
static const char *acq_kind(const char *acq)
{
	if (!acq || !strncmp(acq, "unknown", 7))
		return "unknown";
	if (strstr(acq, "(purchase record"))
		return "record";
	if (strstr(acq, "(--acquired)"))
		return "given";
	if (!strncmp(acq, "on or after ", 12))
		return "made";
	return acq;
}

static void key_add(struct strbuf *k, const char *s)
{
	strbuf_addstr(k, s ? s : "\x1e");
	strbuf_addch(k, '\x1f');
}

/* What must be the same for two findings to be one entry. */
static char *finding_key(const struct finding *f)
{
	struct strbuf k = STRBUF_INIT;
	strbuf_addf(&k, "%d\x1f%d\x1f%ld\x1f", (int)f->verdict, (int)f->binding, (long)f->deadline);
	key_add(&k, f->rule_id);
	key_add(&k, f->via);
	key_add(&k, f->org);
	key_add(&k, f->relation);
	key_add(&k, f->brief);
	key_add(&k, acq_kind(f->acquired));
	if (f->comp) {
		comp_describe(&k, f->comp);
		strbuf_addch(&k, '\x1f');
		comp_makers(&k, f->comp);
		strbuf_addch(&k, '\x1f');
	}
	const struct maker *m = finding_maker(f);
	if (m)
		strbuf_addf(&k, "%d\x1f", (int)m->conf);
	for (size_t i = 0; m && i < m->nev; i++) {
		key_add(&k, m->ev[i].field);
		key_add(&k, m->ev[i].rule);
		strbuf_addf(&k, "%d\x1f", (int)m->ev[i].conf);
	}
	return strbuf_detach(&k, NULL);
}

static void group_push(struct group *g, const struct finding *f)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 4;
		g->f = xreallocarray(g->f, g->cap, sizeof *g->f);
	}
	g->f[g->n++] = f;
}

/* Entries of the findings idx[0..n), in order of their first finding. */
static void groups_build(struct groups *gs, const struct scan_result *r, const size_t *idx,
			 size_t n)
{
	memset(gs, 0, sizeof *gs);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &r->findings[idx[i]];
		char *key = finding_key(f);
		struct group *g = NULL;
		for (size_t k = 0; k < gs->n && !g; k++)
			if (!strcmp(gs->v[k].key, key))
				g = &gs->v[k];
		if (g) {
			free(key);
		} else {
			if (gs->n == gs->cap) {
				gs->cap = gs->cap ? 2 * gs->cap : 8;
				gs->v = xreallocarray(gs->v, gs->cap, sizeof *gs->v);
			}
			g = &gs->v[gs->n++];
			memset(g, 0, sizeof *g);
			g->key = key;
		}
		group_push(g, f);
	}
}

static void groups_free(struct groups *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		free(gs->v[i].f);
		free(gs->v[i].key);
	}
	free(gs->v);
}

/* "dimm/CPU1_DIMM_A1" -> "CPU1_DIMM_A1", under a heading that names the kind. */
static const char *short_id(const struct component *c)
{
	if (!c || !c->id)
		return "(host)";
	const char *k = kind_name(c->kind);
	size_t n = strlen(k);
	if (!strncmp(c->id, k, n) && c->id[n] == '/' && c->id[n + 1])
		return c->id + n + 1;
	return c->id;
}

/* "4 × dimm MTA36ASF4G72PZ-3G2E1: CPU1_DIMM_A1, CPU1_DIMM_D1, ..."; a part
 * that is the only one of its kind ("system") is not named twice. */
static void heading_of(struct strbuf *out, const struct component *const *c, size_t n)
{
	if (!c[0]) {
		strbuf_addstr(out, "(host)");
		return;
	}
	if (n > 1)
		strbuf_addf(out, "%zu × ", n);
	comp_describe(out, c[0]);
	if (n == 1 && c[0]->id && !strcmp(c[0]->id, kind_name(c[0]->kind)))
		return;
	strbuf_addstr(out, ": ");
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(out, "%s%s", i ? ", " : "", short_id(c[i]));
		/* a purchase line's units: "part X: 2" named only the line, where
		 * the fleet counts the 4 modules it bought */
		const struct field *q = component_field(c[i], FK_QUANTITY, false);
		if (q && strcmp(q->value, "1"))
			strbuf_addf(out, " [quantity %s]", q->value);
	}
}

static void group_heading(struct strbuf *out, const struct group *g)
{
	const struct component **c = xmalloc(g->n * sizeof *c);
	for (size_t i = 0; i < g->n; i++)
		c[i] = g->f[i]->comp;
	heading_of(out, c, g->n);
	free(c);
}

/* The components of findings f[0..n), short ids joined. */
static void ids_of(struct strbuf *out, const struct finding *const *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", short_id(f[i]->comp));
}

/* s without " (SOURCE)" for the sources of c's fields: where a date was read
 * differs from part to part, and the other formats keep it. */
static void strip_sources(struct strbuf *out, const char *s, const struct component *c)
{
	strbuf_reset(out);
	strbuf_addstr(out, s ? s : "");
	if (!c)
		return;
	struct strbuf pat = STRBUF_INIT;
	for (size_t i = 0; i <= c->nfields; i++) {
		const char *src = i < c->nfields ? c->fields[i].source : c->source;
		if (!src || !*src)
			continue;
		strbuf_reset(&pat);
		strbuf_addf(&pat, " (%s)", src);
		char *p;
		while ((p = strstr(out->buf, pat.buf)) != NULL) {
			size_t at = (size_t)(p - out->buf);
			memmove(p, p + pat.len, out->len - at - pat.len + 1);
			strbuf_setlen(out, out->len - pat.len);
		}
	}
	strbuf_release(&pat);
}

/* The words of s: offsets of their starts and lengths. */
struct words {
	const char *s;
	size_t *at, *len, n;
};

static void split_words(struct words *w, const char *s)
{
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == ' ';
	w->s = s;
	w->at = xmalloc(cap * sizeof *w->at);
	w->len = xmalloc(cap * sizeof *w->len);
	w->n = 0;
	for (const char *p = s; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *b = p;
		while (*p && *p != ' ')
			p++;
		w->at[w->n] = (size_t)(b - s);
		w->len[w->n++] = (size_t)(p - b);
	}
}

static bool same_word(const struct words *a, size_t i, const struct words *b, size_t j)
{
	return a->len[i] == b->len[j] && !memcmp(a->s + a->at[i], b->s + b->at[j], a->len[i]);
}

static bool is_punct(char ch)
{
	return ch == ',' || ch == ';' || ch == ':' || ch == '.' || ch == ')';
}

static bool is_open(char ch)
{
	return ch == '(' || ch == '[' || ch == '"';
}

/* Append the distinct words at position i, "A or B" ("A, B or C"), with the
 * punctuation they all start with written once before them and the
 * punctuation they all end in once after them: "(2024-W09 or 2024-W11):",
 * not "(2024-W09 or (2024-W11):". */
static void merged_word(struct strbuf *out, const struct words *w, size_t n, size_t i)
{
	size_t *pick = xmalloc(n * sizeof *pick), np = 0;
	for (size_t k = 0; k < n; k++) {
		bool seen = false;
		for (size_t j = 0; j < np && !seen; j++)
			seen = same_word(&w[pick[j]], i, &w[k], i);
		if (!seen)
			pick[np++] = k;
	}
	/* the common trailing punctuation, shorter than every word */
	size_t tail = 0;
	for (;;) {
		const struct words *a = &w[pick[0]];
		if (tail + 1 >= a->len[i])
			break;
		char ch = a->s[a->at[i] + a->len[i] - tail - 1];
		bool all = is_punct(ch);
		for (size_t j = 1; j < np && all; j++) {
			const struct words *b = &w[pick[j]];
			all = tail + 1 < b->len[i] && b->s[b->at[i] + b->len[i] - tail - 1] == ch;
		}
		if (!all)
			break;
		tail++;
	}
	/* the common leading punctuation, leaving every word something */
	size_t head = 0;
	for (;;) {
		const struct words *a = &w[pick[0]];
		if (head + tail + 1 >= a->len[i])
			break;
		char ch = a->s[a->at[i] + head];
		bool all = is_open(ch);
		for (size_t j = 1; j < np && all; j++) {
			const struct words *b = &w[pick[j]];
			all = head + tail + 1 < b->len[i] && b->s[b->at[i] + head] == ch;
		}
		if (!all)
			break;
		head++;
	}
	const struct words *a = &w[pick[0]];
	strbuf_add(out, a->s + a->at[i], head);
	for (size_t j = 0; j < np; j++) {
		const struct words *b = &w[pick[j]];
		if (j)
			strbuf_addstr(out, j + 1 == np ? " or " : ", ");
		strbuf_add(out, b->s + b->at[i] + head, b->len[i] - head - tail);
	}
	strbuf_add(out, a->s + a->at[i] + a->len[i] - tail, tail);
	free(pick);
}

/*
 * One text for texts that differ only in some words (dates that do not
 * change the verdict): "made 2019-W18 or 2019-W21, before the ban".  False
 * when they differ in their number of words: then they are shown apart.
 */
static bool merge_words(struct strbuf *out, struct strbuf *t, size_t n)
{
	struct words *w = xcalloc(n, sizeof *w);
	bool ok = true;
	for (size_t k = 0; k < n; k++) {
		split_words(&w[k], t[k].buf);
		ok = ok && w[k].n == w[0].n;
	}
	for (size_t i = 0; ok && i < w[0].n; i++) {
		if (i)
			strbuf_addch(out, ' ');
		bool same = true;
		for (size_t k = 1; k < n && same; k++)
			same = same_word(&w[0], i, &w[k], i);
		if (same)
			strbuf_add(out, w[0].s + w[0].at[i], w[0].len[i]);
		else
			merged_word(out, w, n, i);
	}
	for (size_t k = 0; k < n; k++) {
		free(w[k].at);
		free(w[k].len);
	}
	free(w);
	return ok;
}

/* Under label: the value once when it is the same for the whole entry,
 * else each value after the components it is for ("F1, G1: ..."). */
static void by_value(struct out *o, const char *label, const struct group *g, struct strbuf *v)
{
	bool *done = xcalloc(g->n, sizeof *done);
	const struct finding **sub = xmalloc(g->n * sizeof *sub);
	struct strbuf t = STRBUF_INIT;
	bool first = true;
	for (size_t i = 0; i < g->n; i++) {
		if (done[i])
			continue;
		size_t ns = 0;
		for (size_t j = i; j < g->n; j++)
			if (!done[j] && !strcmp(v[i].buf, v[j].buf)) {
				done[j] = true;
				sub[ns++] = g->f[j];
			}
		strbuf_reset(&t);
		if (ns < g->n) {
			ids_of(&t, sub, ns);
			strbuf_addstr(&t, ": ");
		}
		strbuf_addstr(&t, v[i].buf);
		wrap(o, IND, first ? label : "", t.buf);
		first = false;
	}
	strbuf_release(&t);
	free(sub);
	free(done);
}

/* The why of an entry: the findings' reasons, merged where they differ only
 * in dates and sources. */
static void why_lines(struct out *o, const struct scan_result *r, const struct group *g)
{
	struct strbuf *v = xcalloc(g->n, sizeof *v), m = STRBUF_INIT;
	const char *prefix = r->profile && !g->f[0]->binding ? "Not binding on this profile. " : "";
	for (size_t i = 0; i < g->n; i++) {
		strbuf_init(&v[i], 0);
		strip_sources(&v[i], g->f[i]->reason ? g->f[i]->reason : "(no reason given)",
			      g->f[i]->comp);
		if (*prefix) {
			strbuf_addstr(&m, prefix);
			strbuf_addstr(&m, v[i].buf);
			strbuf_reset(&v[i]);
			strbuf_addstr(&v[i], m.buf);
			strbuf_reset(&m);
		}
	}
	if (merge_words(&m, v, g->n))
		wrap(o, IND, "why", m.buf);
	else
		by_value(o, "why", g, v);
	for (size_t i = 0; i < g->n; i++)
		strbuf_release(&v[i]);
	free(v);
	strbuf_release(&m);
}

static void acquired_lines(struct out *o, const struct group *g)
{
	if (!g->f[0]->acquired)
		return;
	struct strbuf *v = xcalloc(g->n, sizeof *v);
	for (size_t i = 0; i < g->n; i++) {
		strbuf_init(&v[i], 0);
		strip_sources(&v[i], g->f[i]->acquired ? g->f[i]->acquired : "unknown",
			      g->f[i]->comp);
	}
	by_value(o, "acquired", g, v);
	for (size_t i = 0; i < g->n; i++)
		strbuf_release(&v[i]);
	free(v);
}

/* Does text hold s, or s without its full stop (clauses drop theirs)? */
static bool quotes(const char *text, const char *s)
{
	size_t n = strlen(s);
	if (n && s[n - 1] == '.')
		n--;
	return text && n && memmem(text, strlen(text), s, n);
}

static size_t source_ref(struct out *o, const char *src)
{
	for (size_t i = 0; i < o->nsources; i++)
		if (!strcmp(o->sources[i], src))
			return i + 1;
	if (o->nsources == o->capsources) {
		o->capsources = o->capsources ? 2 * o->capsources : 8;
		o->sources = xreallocarray(o->sources, o->capsources, sizeof *o->sources);
	}
	o->sources[o->nsources++] = src;
	return o->nsources;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Do two pieces of evidence say the same thing from the same source? */
static bool same_signal(const struct evidence *a, const struct evidence *b)
{
	return a->rule && same_str(a->rule, b->rule) && same_str(a->source, b->source) &&
	       a->conf == b->conf;
}

/* Is evidence i of the entry's attribution the same value on every part? */
static bool same_raw(const struct group *g, size_t i)
{
	const struct maker *m = finding_maker(g->f[0]);
	for (size_t j = 1; j < g->n; j++) {
		const struct maker *mj = finding_maker(g->f[j]);
		if (!mj || i >= mj->nev || !same_str(mj->ev[i].raw, m->ev[i].raw))
			return false;
	}
	return true;
}

/* The evidence of the attribution the rule matched, strongest first; the
 * value read is left out where it differs between the entry's parts (serial
 * numbers, world-wide names), and the source is a number in the legend. */
static void evidence_lines(struct out *o, const struct group *g)
{
	const struct maker *m = finding_maker(g->f[0]);
	if (!m || !m->nev) {
		wrap(o, IND, "evidence", "(none recorded)");
		return;
	}
	size_t *ord = xmalloc(m->nev * sizeof *ord);
	for (size_t i = 0; i < m->nev; i++) {
		size_t j = i;
		for (; j > 0 && m->ev[ord[j - 1]].conf < m->ev[i].conf; j--)
			ord[j] = ord[j - 1];
		ord[j] = i;
	}
	struct strbuf t = STRBUF_INIT;
	bool *done = xcalloc(m->nev, sizeof *done);
	for (size_t k = 0, line = 0; k < m->nev; k++) {
		const struct evidence *e = &m->ev[ord[k]];
		if (done[k])
			continue;
		/* signals that say the same (three ids carrying one OUI): one line */
		size_t same = 0;
		for (size_t j = k + 1; j < m->nev; j++)
			if (same_signal(e, &m->ev[ord[j]]))
				same++;
		strbuf_reset(&t);
		if (same) {
			for (size_t j = k; j < m->nev; j++)
				if (j == k || (!done[j] && same_signal(e, &m->ev[ord[j]]))) {
					done[j] = true;
					strbuf_addf(&t, "%s%s", j == k ? "" : ", ",
						    m->ev[ord[j]].field ? m->ev[ord[j]].field
									: "?");
				}
		} else {
			if (e->field)
				strbuf_addstr(&t, e->field);
			if (e->raw && same_raw(g, ord[k]))
				strbuf_addf(&t, "%s\"%s\"", e->field ? " " : "", e->raw);
		}
		if (e->rule)
			strbuf_addf(&t, "%s%s", t.len ? ": " : "", e->rule);
		if (e->source)
			strbuf_addf(&t, " [%zu]", source_ref(o, e->source));
		/* "      evidence  certain  TEXT", later lines under TEXT */
		spaces(&o->sb, IND);
		strbuf_addstr(&o->sb, line ? "" : "evidence");
		spaces(&o->sb, line ? LABEL : LABEL - (int)strlen("evidence"));
		wrap_label(o, 0, confidence_name(e->conf), CONF_W, IND + LABEL, t.buf);
		line++;
	}
	free(done);
	strbuf_release(&t);
	free(ord);
}

/* The maker column of old: "Kingston, DRAM by Micron", or the party named. */
static void maker_text(struct strbuf *out, const struct finding *f)
{
	if (f->comp && f->comp->attr)
		comp_makers(out, f->comp);
	else
		strbuf_addstr(out, f->org_name ? f->org_name : f->org ? f->org : "unknown");
}

/* An entry in full: the parts, the rule, the maker, then why and how sure. */
static void entry_full(struct out *o, const struct scan_result *r, const struct group *g)
{
	const struct finding *f = g->f[0];
	char d[11];
	struct strbuf t = STRBUF_INIT;
	group_heading(&t, g);
	wrap_hang(o, 2, NULL, 4, t.buf);
	strbuf_reset(&t);
	strbuf_addf(&t, "%s%s%s", f->rule_id ? f->rule_id : "?", f->rule_title ? ": " : "",
		    f->rule_title ? f->rule_title : "");
	wrap(o, IND, "rule", t.buf);
	strbuf_reset(&t);
	maker_text(&t, f);
	wrap(o, IND, "maker", t.buf);
	if (f->verdict == V_REMOVE_BY) {
		strbuf_reset(&t);
		strbuf_addf(&t, "remove by %s", f->deadline ? date_format(f->deadline, d) : "?");
		if (f->deadline_what)
			strbuf_addf(&t, ": %s", f->deadline_what);
		wrap(o, IND, "deadline", t.buf);
	}
	why_lines(o, r, g);
	/* the chips line, unless the why already quotes the measure's reach */
	if (finding_via_chip(f) && f->comp && !(f->reach && quotes(f->reason, f->reach))) {
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
	acquired_lines(o, g);
	evidence_lines(o, g);
	strbuf_release(&t);
}

/* A few words for an INFO entry: the judge's brief, else what the reason says. */
static const char *brief_of(const struct scan_result *r, const struct finding *f)
{
	if (f->brief)
		return f->brief;
	if (r->profile && !f->binding)
		return "not binding on this profile";
	return f->reason ? f->reason : "(no reason given)";
}

/* Do groups a and b concern the same components, maker and relation? */
static bool same_parts(const struct group *a, const struct group *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->f[i]->comp != b->f[i]->comp)
			return false;
	const char *x = a->f[0]->relation, *y = b->f[0]->relation;
	return x == y || (x && y && !strcmp(x, y));
}

/* INFO entries in a few words: one heading per set of components (with its
 * maker and relation), then one line per rule. */
static void info_compact(struct out *o, const struct scan_result *r, const struct groups *gs)
{
	int col = 0;
	for (size_t i = 0; i < gs->n; i++) {
		int w = safe_cells(gs->v[i].f[0]->rule_id ? gs->v[i].f[0]->rule_id : "?");
		col = w > col ? w : col;
	}
	bool *done = xcalloc(gs->n ? gs->n : 1, sizeof *done);
	struct strbuf t = STRBUF_INIT;
	for (size_t i = 0; i < gs->n; i++) {
		if (done[i])
			continue;
		const struct finding *f = gs->v[i].f[0];
		strbuf_reset(&t);
		group_heading(&t, &gs->v[i]);
		strbuf_addstr(&t, " (");
		maker_text(&t, f);
		strbuf_addch(&t, ')');
		wrap_hang(o, 2, NULL, 4, t.buf);
		if (f->relation)
			wrap(o, IND, "relation", f->relation);
		for (size_t j = i; j < gs->n; j++) {
			if (done[j] || !same_parts(&gs->v[i], &gs->v[j]))
				continue;
			done[j] = true;
			const struct finding *fj = gs->v[j].f[0];
			wrap_label(o, IND, fj->rule_id ? fj->rule_id : "?", col + 2, 0,
				   brief_of(r, fj));
		}
	}
	strbuf_release(&t);
	free(done);
}

static void section_heading(struct out *o, const struct scan_result *r, const struct finding *f,
			    size_t count)
{
	char d[11];
	struct strbuf t = STRBUF_INIT;
	if (f->verdict == V_INFO && !r->profile)
		strbuf_addf(&t,
			    "EXPOSURE (%zu): measures that name the maker; no profile, so "
			    "no verdict against you",
			    count);
	else if (f->verdict == V_INFO)
		strbuf_addf(
			&t,
			"INFO (%zu): measures that name the maker, not binding here as of the date",
			count);
	else if (f->verdict == V_REMOVE_BY)
		strbuf_addf(&t, "REMOVE-BY %s (%zu)",
			    f->deadline ? date_format(f->deadline, d) : "(no date)", count);
	else
		strbuf_addf(&t, "%s (%zu)", verdict_name(f->verdict), count);
	heading(o, verdict_color(f->verdict), t.buf);
	strbuf_release(&t);
}

static bool same_section(const struct finding *a, const struct finding *b)
{
	return a->verdict == b->verdict &&
	       (a->verdict != V_REMOVE_BY || a->deadline == b->deadline);
}

static void findings(struct out *o, const struct scan_result *r)
{
	if (!r->nfindings && r->nhidden) {
		strbuf_addf(&o->sb, "\nNo findings shown: %zu below --min-verdict (counted in the "
				    "summary).\n",
			    r->nhidden);
		return;
	}
	if (!r->inv->ncomps) { /* not "No findings": nothing was judged */
		strbuf_addstr(&o->sb, "\n" NOTHING_READ_STATUS " (REVIEW)\n");
		wrap(o, 2, NULL, NOTHING_READ_REASON);
		return;
	}
	if (!r->nfindings) {
		strbuf_addstr(&o->sb, "\nNo findings.\n");
		return;
	}
	size_t *idx = scan_sorted_findings(r);
	for (size_t i = 0; i < r->nfindings;) {
		const struct finding *f = &r->findings[idx[i]];
		size_t n = 1;
		while (i + n < r->nfindings && same_section(&r->findings[idx[i + n]], f))
			n++;
		section_heading(o, r, f, n);
		struct groups gs;
		groups_build(&gs, r, idx + i, n);
		if (f->verdict <= V_INFO && !verbose) {
			info_compact(o, r, &gs);
		} else {
			for (size_t k = 0; k < gs.n; k++)
				entry_full(o, r, &gs.v[k]);
		}
		groups_free(&gs);
		i += n;
	}
	free(idx);
}

/* ---- rules cited ---- */

/* Does some finding under this rule bind (REVIEW or above)? */
static bool rule_binds(const struct scan_result *r, const char *id)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const char *a = r->findings[i].rule_id;
		if (r->findings[i].verdict >= V_REVIEW && (a == id || (a && id && !strcmp(a, id))))
			return true;
	}
	return false;
}

/* Each rule once: in full when it binds (or verbose), else by its title. */
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
		bool full = verbose || rule_binds(r, f->rule_id);
		bool unconfirmed = f->rule_confidence && strcmp(f->rule_confidence, "confirmed");
		strbuf_reset(&t);
		strbuf_addf(&t, "%s%s%s", f->rule_id ? f->rule_id : "?", f->rule_title ? ": " : "",
			    f->rule_title ? f->rule_title : "");
		if (!full && unconfirmed)
			strbuf_addf(&t, " (%s)", f->rule_confidence);
		wrap_hang(o, 2, NULL, 2, t.buf);
		if (!full)
			continue;
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
		if (unconfirmed) {
			strbuf_reset(&t);
			strbuf_addf(&t, "%s: check the official text before acting on it",
				    f->rule_confidence);
			wrap(o, IND, "status", t.buf);
		}
	}
	strbuf_release(&t);
	free(idx);
}

/* The sources the evidence lines cite by number. */
static void evidence_sources(struct out *o)
{
	if (!o->nsources)
		return;
	strbuf_addstr(&o->sb, "\nEvidence sources\n");
	struct strbuf t = STRBUF_INIT;
	for (size_t i = 0; i < o->nsources; i++) {
		strbuf_reset(&t);
		strbuf_addf(&t, "[%zu] %s", i + 1, o->sources[i]);
		wrap_hang(o, 2, NULL, 4, t.buf);
	}
	strbuf_release(&t);
}

/* ---- what was not judged ---- */

/*
 * The components that pick() accepts, under one heading per text (text_of):
 * "2 × cpu Xeon: CPU1, CPU2 (Intel)".  With mix, parts of different
 * descriptions that share the text share the heading too, each description
 * once ("bios; system ES-2200 R2; chassis"); else one heading per
 * description.  The text goes under label, or after the heading in
 * parentheses when label is NULL.
 */
static void by_part(struct out *o, const struct scan_result *r, const int *worst,
		    bool (*pick)(const struct component *, int),
		    void (*text_of)(struct strbuf *, const struct component *), bool mix,
		    const char *label)
{
	size_t n = r->inv->ncomps;
	const struct component *all = r->inv->comps;
	bool *done = xcalloc(n ? n : 1, sizeof *done), *sub = xcalloc(n ? n : 1, sizeof *sub);
	const struct component **c = xmalloc((n ? n : 1) * sizeof *c);
	struct strbuf *desc = xcalloc(n ? n : 1, sizeof *desc),
		      *text = xcalloc(n ? n : 1, sizeof *text);
	struct strbuf h = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_init(&desc[i], 0);
		strbuf_init(&text[i], 0);
		done[i] = !pick(&all[i], worst[i]);
		if (!done[i]) {
			comp_describe(&desc[i], &all[i]);
			text_of(&text[i], &all[i]);
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		strbuf_reset(&h);
		/* every part with this text (and, unless mix, this description) */
		for (size_t j = i; j < n; j++)
			sub[j] = !done[j] && !strcmp(text[i].buf, text[j].buf) &&
				 (mix || (all[j].kind == all[i].kind &&
					  !strcmp(desc[i].buf, desc[j].buf)));
		for (size_t j = i; j < n; j++) {
			if (!sub[j])
				continue;
			size_t nc = 0;
			for (size_t k = j; k < n; k++)
				if (sub[k] && all[k].kind == all[j].kind &&
				    !strcmp(desc[j].buf, desc[k].buf)) {
					sub[k] = false;
					done[k] = true;
					c[nc++] = &all[k];
				}
			if (h.len)
				strbuf_addstr(&h, "; ");
			heading_of(&h, c, nc);
		}
		if (!label)
			strbuf_addf(&h, " (%s)", text[i].buf);
		wrap_hang(o, 2, NULL, 4, h.buf);
		if (label)
			wrap(o, IND, label, text[i].buf);
	}
	for (size_t i = 0; i < n; i++) {
		strbuf_release(&desc[i]);
		strbuf_release(&text[i]);
	}
	strbuf_release(&h);
	free(desc);
	free(text);
	free(c);
	free(sub);
	free(done);
}

static bool pick_unidentified(const struct component *c, int worst)
{
	(void)worst;
	return !comp_identified(c);
}

static bool pick_clear(const struct component *c, int worst)
{
	return worst < 0 && comp_identified(c);
}

static void not_identified(struct out *o, const struct scan_result *r, const int *worst,
			   size_t count)
{
	if (!count)
		return;
	char t[96];
	snprintf(t, sizeof t, "Could not identify (%zu): not judged, check by hand", count);
	heading(o, BOLD_YELLOW, t);
	by_part(o, r, worst, pick_unidentified, comp_unknown_reason, true, "why");
}

static void clear_list(struct out *o, const struct scan_result *r, const int *worst, size_t count)
{
	if (!verbose || !count)
		return;
	char t[64];
	snprintf(t, sizeof t, "CLEAR (%zu)", count);
	heading(o, verdict_color(V_CLEAR), t);
	by_part(o, r, worst, pick_clear, comp_makers, false, NULL);
}

static void notes(struct out *o, const char *title, const struct note *v, size_t n)
{
	if (!n)
		return;
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t, "%s (%zu)", title, n);
	heading(o, BOLD_YELLOW, t.buf);
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&t);
		note_text(&t, &v[i]);
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
	struct out o = {STRBUF_INIT, use_color(f), term_width(f), NULL, 0, 0};
	struct scan_summary s;
	scan_summarize(r, &s);
	int *worst = scan_worst_by_comp(r);
	header(&o, r);
	findings(&o, r);
	rules_cited(&o, r);
	evidence_sources(&o);
	not_identified(&o, r, worst, s.not_identified);
	clear_list(&o, r, worst, s.verdicts[V_CLEAR]);
	notes(&o, "Could not read", r->inv->unread, r->inv->nunread);
	notes(&o, "Warnings", r->inv->warnings, r->inv->nwarnings);
	summary(&o, r, &s);
	size_t n = fwrite(o.sb.buf, 1, o.sb.len, f);
	int rc = n == o.sb.len ? 0 : -1;
	strbuf_release(&o.sb);
	free(o.sources);
	free(worst);
	return rc;
}
