/*
 * bench-rescreen.c — full and incremental rescreens of a store the fleet
 * benchmark imported (bench/bench-fleet.sh), timed in the same run.
 *
 *   bench-rescreen --db DB [--profile P] [--date D]
 *
 *   1. a first screening of the fleet (everything is new);
 *   2. one rule changes: a measure naming CXMT is added;
 *   3. the incremental rescreen that follows (what the new rule can reach);
 *   4. a full rescreen with the same rules and date (every part identified
 *      and judged again), compared with the same first run: it must give
 *      exactly the verdicts and the changes of step 3.
 *
 * Each rescreen is timed as `chipscreen rescreen` does it: the run
 * (fleet_screen) and the comparison with the run before, counted over the
 * hosts (fleet_changes_build).  Loading the rules and the knowledge base is
 * the same for both and is timed apart.
 *
 * Attribution is identify's, with the knowledge base of the data directory
 * (as `chipscreen rescreen` does it).
 */
#include "identify/identify.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "store/fleet.h"
#include "util/datadir.h"
#include "util/date.h"
#include "util/fileio.h"

#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char cxmt_measure[] =
	"{\"measure\": \"bench-cxmt\", \"source\": \"bench/fleet/bench-rescreen.c: a measure "
	"added to time an incremental rescreen\", \"authority\": \"Benchmark\", \"jurisdiction\": "
	"\"CN\", \"instrument\": \"benchmark\", \"citation\": \"none: not a real measure\", "
	"\"rules\": [{\"id\": \"bench-cxmt\", \"title\": \"Benchmark: no CXMT memory\", "
	"\"confidence\": \"unverified\", \"effective\": \"2024-01-01\", \"binds\": "
	"[{\"jurisdiction\": [\"CN\"], \"cii\": true}], \"parties\": [{\"org\": \"cxmt\", "
	"\"name\": \"ChangXin Memory Technologies\", \"affiliates\": true}], \"scope\": "
	"[\"all\"], \"components\": \"covered\", \"reach\": \"benchmark\", \"restrictions\": "
	"[{\"restricts\": \"purchase\", \"requires\": \"benchmark\"}]}]}\n";

struct ctx {
	struct fleet *f;
	struct ruleset *rs;
	struct kb *kb;
	struct arena *a;
	const struct profile *p;
	day_t date;
};

static int load(struct ctx *c, const char *datadir, const char *profile)
{
	struct strbuf err = STRBUF_INIT;
	struct profile_request rq;
	ruleset_free(c->rs);
	c->rs = ruleset_load(datadir, &err);
	if (!c->rs || profiles_load(c->rs, datadir, &err) < 0) {
		fprintf(stderr, "bench-rescreen: %s\n", err.buf);
		return -1;
	}
	profile_request_init(&rq, c->a);
	profile_request_add(&rq, "profile", profile, "--profile");
	if (profile_resolve(c->rs, &rq, &c->p, &err) < 0) {
		fprintf(stderr, "bench-rescreen: %s\n", err.buf);
		return -1;
	}
	strbuf_release(&err);
	return 0;
}

/* One rescreen as the command does it, compared with run before (-1: the
 * last run, as the command does); returns seconds, -1 on error. */
static double rescreen(struct ctx *c, bool full, int64_t before, struct fleet_run *run,
		       size_t *changes)
{
	struct fleet_screen_opts o = {.rs = c->rs,
				      .kb = c->kb,
				      .profile = c->p,
				      .date = c->date,
				      .command = "bench",
				      .full = full};
	struct strbuf err = STRBUF_INIT;
	struct fleet_changes *ch = NULL;
	double t0 = now();
	if (before < 0)
		before = fleet_last_run(c->f, c->p, NULL);
	if (fleet_screen(c->f, &o, run, &err) < 0 ||
	    fleet_changes_build(c->f, before, run->id, c->rs, NULL, &ch, &err) < 0) {
		fprintf(stderr, "bench-rescreen: %s\n", err.buf);
		strbuf_release(&err);
		return -1;
	}
	double t = now() - t0;
	*changes = ch->n;
	fleet_changes_free(ch);
	strbuf_release(&err);
	return t;
}

static int copy_tree(const char *from, const char *to)
{
	char **names;
	struct strbuf err = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT, d = STRBUF_INIT;
	int n = list_dir(from, &names, &err), rc = n < 0 ? -1 : make_dirs(to, &err);
	for (int i = 0; !rc && i < n; i++) {
		strbuf_reset(&a);
		strbuf_reset(&b);
		strbuf_addf(&a, "%s/%s", from, names[i]);
		strbuf_addf(&b, "%s/%s", to, names[i]);
		if (is_dir(a.buf))
			rc = copy_tree(a.buf, b.buf);
		else if (read_file(a.buf, 64u << 20, &d, &err) < 0 ||
			 write_file(b.buf, d.buf, d.len, &err) < 0)
			rc = -1;
	}
	if (rc)
		fprintf(stderr, "bench-rescreen: %s\n", err.buf);
	if (n >= 0)
		free_names(names, n);
	strbuf_release(&err);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&d);
	return rc;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(int argc, char **argv)
{
	const char *db = NULL, *profile = "cn-cii", *date = "2025-06-30";
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"profile", required_argument, NULL, 'p'},
					     {"date", required_argument, NULL, 't'},
					     {NULL, 0, NULL, 0}};
	int ch;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'd')
			db = optarg;
		else if (ch == 'p')
			profile = optarg;
		else if (ch == 't')
			date = optarg;
		else
			return 2;
	}
	if (!db) {
		fprintf(stderr, "usage: bench-rescreen --db DB [--profile P] [--date D]\n");
		return 2;
	}
	struct ctx c = {.a = arena_new(), .date = date_parse(date)};
	struct strbuf err = STRBUF_INIT, data = STRBUF_INIT;
	char tmpl[] = "/tmp/bench-rescreen-XXXXXX";
	if (!mkdtemp(tmpl))
		return 1;
	strbuf_addf(&data, "%s/data", tmpl);
	/* a data directory of our own: the rule is added to a copy */
	if (copy_tree(data_dir(), data.buf) < 0)
		return 1;
	double t0 = now();
	if (load(&c, data.buf, profile) < 0 || !(c.kb = kb_load(NULL, NULL, NULL, &err)) ||
	    fleet_open(&c.f, db, false, &err) < 0) {
		fprintf(stderr, "bench-rescreen: %s\n", err.buf);
		return 1;
	}
	double t_load = now() - t0;
	struct fleet_stats st;
	fleet_stats(c.f, &st, &err);
	printf("bench-rescreen: %lld hosts, %lld components, %lld distinct parts, %lld units "
	       "(parts in an acquisition context)\n",
	       (long long)st.hosts, (long long)st.components, (long long)st.parts,
	       (long long)st.units);
	printf("bench-rescreen: profile %s, as of %s; loading rules and knowledge %.3f s\n",
	       profile, date, t_load);
	struct fleet_run r0, r1, r2;
	size_t n0, n1, n2;
	double t_first = rescreen(&c, true, -1, &r0, &n0);
	if (t_first < 0)
		return 1;
	printf("first screening (full):      %8.3f s  %zu units judged, %zu verdicts, %zu "
	       "changes since the last run\n",
	       t_first, r0.units_judged, r0.verdicts, n0);
	/* one rule changes */
	struct strbuf rule = STRBUF_INIT;
	strbuf_addf(&rule, "%s/rules/bench-cxmt.json", data.buf);
	if (write_file(rule.buf, cxmt_measure, strlen(cxmt_measure), &err) < 0 ||
	    load(&c, data.buf, profile) < 0) {
		fprintf(stderr, "bench-rescreen: %s\n", err.buf);
		return 1;
	}
	double t_inc = rescreen(&c, false, r0.id, &r1, &n1);
	if (t_inc < 0)
		return 1;
	printf("incremental (1 rule added):  %8.3f s  %zu of %zu units judged (%s), %zu changes\n",
	       t_inc, r1.units_judged, r1.units_total, r1.mode, n1);
	/* the same change, judged in full and compared with the same run */
	double t_full = rescreen(&c, true, r0.id, &r2, &n2);
	if (t_full < 0)
		return 1;
	printf("full (same rules and date):  %8.3f s  %zu units judged, %zu changes\n", t_full,
	       r2.units_judged, n2);
	char h1[65], h2[65];
	size_t c1, c2;
	if (fleet_run_fingerprint(c.f, r1.id, h1, &c1, &err) < 0 ||
	    fleet_run_fingerprint(c.f, r2.id, h2, &c2, &err) < 0) {
		fprintf(stderr, "bench-rescreen: %s\n", err.buf);
		return 1;
	}
	bool same = c1 == c2 && !strcmp(h1, h2);
	printf("incremental = full:          %s (%zu verdicts, %.16s...)\n",
	       same ? "yes, the same verdicts" : "NO: the verdicts differ", c1, h1);
	printf("ratio full / incremental:    %.1fx (target: at least 10x)\n",
	       t_inc > 0 ? t_full / t_inc : 0);
	printf("full rescreen vs target:     %.3f s for %lld components (target: under 20 s)\n",
	       t_full, (long long)st.components);
	fleet_close(c.f);
	kb_free(c.kb);
	ruleset_free(c.rs);
	arena_free(c.a);
	strbuf_release(&err);
	strbuf_release(&data);
	strbuf_release(&rule);
	nftw(tmpl, rm_one, 16, FTW_DEPTH | FTW_PHYS); /* the data directory's copy */
	return same && n2 == n1 ? 0 : 1;
}
