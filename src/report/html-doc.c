/*
 * html-doc.c — the fleet document from the store (report/html.h:
 * report_fleet_document), the one function behind `chipscreen report` and
 * the server's GET /report, so that both give the same bytes for the same
 * store, profile, date and filters (the generation time aside).
 *
 * It gathers what report_fleet_html renders: the screening run (the same
 * fleet_screen and fleet_report_build as `fleet`; a run covering the fleet
 * for this context is reused, so the two callers show one run), the parts
 * not identified, hosts per site, the lists imported into the store, the
 * run's verdict fingerprint, the time and the command that reproduces the
 * document.  A store or filter that selects no host is the caller's error
 * (1), never an empty document.  Everything is read before a byte is
 * written: a failure leaves the output untouched.
 */
#define _POSIX_C_SOURCE 200809L
#include "report/html.h"
#include "rules/profile.h"
#include "store/fleet.h"
#include "util/arena.h"
#include "util/date.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void html_generated_at(char buf[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int html_file_digest(const char *path, char hex[65], struct strbuf *err)
{
	static const char hexd[] = "0123456789abcdef";
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		strbuf_addf(err, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	struct sha256_ctx c;
	unsigned char buf[65536], d[SHA256_DIGEST_SIZE];
	size_t n;
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sha256_update(&c, n, buf);
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		strbuf_addf(err, "%s: read error", path);
		return -1;
	}
	sha256_digest(&c, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++) {
		hex[2 * i] = hexd[d[i] >> 4];
		hex[2 * i + 1] = hexd[d[i] & 15];
	}
	hex[64] = 0;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The command that gives the same document                                */

static void shell_word(struct strbuf *sb, const char *s)
{
	bool plain = *s != 0;
	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./"
			    "=:@+,",
			    *p))
			plain = false;
	if (plain) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '\'');
	for (const char *p = s; *p; p++)
		if (*p == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *p);
	strbuf_addch(sb, '\'');
}

static void opt_word(struct strbuf *sb, const char *opt, const char *v)
{
	strbuf_addf(sb, " %s ", opt);
	shell_word(sb, v);
}

/* The profile as judged, whatever set it: no config file is read (a
 * profile or an attribute set in /etc/chipscreen.conf, the user's config or
 * --config FILE would be missing on the machine that runs the command
 * again, or read differently there), the base profile is named, and every
 * attribute it does not set is given with --attr. */
static void profile_words(struct strbuf *sb, const struct profile *p)
{
	opt_word(sb, "--config", "/dev/null");
	if (!p) {
		opt_word(sb, "--profile", "none");
		return;
	}
	if (strcmp(p->name, "custom"))
		opt_word(sb, "--profile", p->name);
	struct strbuf kv = STRBUF_INIT;
	for (size_t i = 0; i < p->nattrs; i++) {
		const struct profile_attr *a = &p->attrs[i];
		if (a->origin && !strncmp(a->origin, "profile ", 8))
			continue;
		strbuf_reset(&kv);
		strbuf_addf(&kv, "%s=", a->def->name);
		for (size_t k = 0; k < a->values.n; k++)
			strbuf_addf(&kv, "%s%s", k ? "," : "", a->values.v[k]);
		opt_word(sb, "--attr", kv.buf);
	}
	strbuf_release(&kv);
}

/* Every choice spelt out, the date too. */
static void reproduce(struct strbuf *sb, const struct report_doc *d)
{
	const struct fleet_filter *flt = d->filter;
	char day[11];
	strbuf_addstr(sb, "chipscreen report");
	opt_word(sb, "--db", d->db);
	profile_words(sb, d->profile);
	opt_word(sb, "--date", date_format(d->date, day));
	for (size_t i = 0; flt && i < flt->nsites; i++)
		opt_word(sb, "--site", flt->sites[i]);
	for (size_t i = 0; flt && i < flt->ntags; i++)
		opt_word(sb, "--tag", flt->tags[i]);
	for (size_t i = 0; flt && i < flt->nhosts; i++)
		opt_word(sb, "--host", flt->hosts[i]);
	for (size_t i = 0; i < d->nextra; i++) {
		strbuf_addch(sb, ' ');
		shell_word(sb, d->extra[i]);
	}
	strbuf_addstr(sb, d->pdf ? " --format pdf" : " --format html");
	if (d->paper)
		opt_word(sb, "--paper", d->paper);
	opt_word(sb, "-o", d->out && strcmp(d->out, "-") ? d->out : "report.html");
}

/* ---------------------------------------------------------------------- */
/* The lists in the store                                                  */

static const char *col(struct arena *a, sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s && *s ? arena_strdup(a, s) : NULL;
}

/* The list sources imported into the store; none when it has no list
 * tables (the report never creates them).  Stores imported before the
 * lists kept a publication date have no column for it. */
static int list_versions(struct fleet *f, struct arena *a, struct html_list_version **out,
			 size_t *n, struct strbuf *err)
{
	struct store *st = fleet_store(f);
	sqlite3_stmt *q;
	size_t cap = 0;
	bool dated = true;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, format, version, imported_at, entries, published,"
			       " published_from FROM list_sources ORDER BY id",
			       -1, &q, NULL) != SQLITE_OK) {
		const char *why = sqlite3_errmsg(st->db);
		if (strstr(why, "no such table"))
			return 0;
		dated = false;
		if (!strstr(why, "no such column") ||
		    sqlite3_prepare_v2(st->db,
				       "SELECT id, format, version, imported_at, entries FROM "
				       "list_sources ORDER BY id",
				       -1, &q, NULL) != SQLITE_OK) {
			strbuf_addf(err, "%s: reading the list versions: %s", st->path,
				    sqlite3_errmsg(st->db));
			return -1;
		}
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct html_list_version *l = ARENA_PUSH(a, *out, *n, cap);
		l->source = col(a, q, 0);
		l->format = col(a, q, 1);
		l->version = col(a, q, 2);
		l->imported_at = col(a, q, 3);
		l->entries = sqlite3_column_int64(q, 4);
		l->published = dated ? col(a, q, 5) : NULL;
		l->published_from = dated ? col(a, q, 6) : NULL;
	}
	if (sqlite3_finalize(q) != SQLITE_OK) {
		strbuf_addf(err, "%s: reading the list versions: %s", st->path,
			    sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */

static int gather(const struct report_doc *d, struct fleet_report **r, struct arena *a,
		  struct html_fleet_input *in, char fp[65], struct strbuf *cmd, struct strbuf *err)
{
	struct fleet_screen_opts so = {.rs = d->rs,
				       .kb = d->kb,
				       .profile = d->profile,
				       .date = d->date,
				       .command = d->run_command,
				       .reuse = true,
				       .what_if = fleet_what_if(d->date)};
	struct fleet_run run;
	const struct fleet_filter *flt = d->filter;
	bool filtered = flt && (flt->nsites || flt->ntags || flt->nhosts);
	int rc = fleet_filter_check(d->f, flt, d->query_words ? FILTER_QUERY : FILTER_OPTIONS, err);
	if (rc)
		return rc;
	if (fleet_screen(d->f, &so, &run, err) < 0 ||
	    fleet_report_build(d->f, run.id, d->rs, flt, r, err) < 0)
		return -1;
	if (!(*r)->hosts) {
		struct strbuf why = STRBUF_INIT;
		if (filtered)
			strbuf_addstr(&why, "no host matches the --site, --tag and --host filters");
		else if (fleet_hosts_current(d->f, &why, err) < 0)
			return -1;
		strbuf_addf(err, "%s: %s; nothing to report", d->db,
			    why.len ? why.buf : "no host is current");
		strbuf_release(&why);
		return 1;
	}
	struct fleet_unident_part *u;
	struct fleet_site *s;
	struct html_list_version *l;
	size_t nu, ns, nl, nv;
	if (fleet_unidentified_list(d->f, flt, a, &u, &nu, err) < 0 ||
	    fleet_site_counts(d->f, flt, a, &s, &ns, err) < 0 ||
	    fleet_run_fingerprint(d->f, run.id, fp, &nv, err) < 0 ||
	    list_versions(d->f, a, &l, &nl, err) < 0)
		return -1;
	reproduce(cmd, d);
	const char *slash = strrchr(d->db, '/');
	*in = (struct html_fleet_input){.r = *r,
					.rs = d->rs,
					.profile = d->profile,
					.unident = u,
					.nunident = nu,
					.sites = s,
					.nsites = ns,
					.lists = l,
					.nlists = nl,
					.generated_at = d->generated_at,
					.command = cmd->buf,
					.fingerprint = fp,
					.nverdicts = nv,
					.store = slash ? slash + 1 : d->db,
					.paper = d->paper,
					.screen = d->screen,
					.exp = d->exp};
	return 0;
}

int report_fleet_document(const struct report_doc *d, FILE *out, struct strbuf *err)
{
	struct arena *a = arena_new();
	struct fleet_report *r = NULL;
	struct html_fleet_input in;
	struct strbuf cmd = STRBUF_INIT;
	char fp[65], at[32];
	int rc = gather(d, &r, a, &in, fp, &cmd, err);
	if (!rc) {
		if (!in.generated_at) {
			html_generated_at(at);
			in.generated_at = at;
		}
		if (report_fleet_html(&in, out) < 0) {
			strbuf_addstr(err, "writing the report failed");
			rc = -1;
		}
	}
	fleet_report_free(r);
	strbuf_release(&cmd);
	arena_free(a);
	return rc;
}
