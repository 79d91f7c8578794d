/*
 * test_fleet_judge.c — screening runs over the store: verdicts per part fanned
 * out to hosts and components, the fleet report, and rescreen after the rule
 * set changes — a new finding, a cleared one, a moved deadline and a changed
 * verdict, each with its old and new rule versions — with an incremental run
 * that judges only what the changed rules reach and gives exactly what a
 * full run gives.
 *
 * The rules are the test's own (a data directory of its own, with the
 * shipped knowledge tables, schema and profiles), so the counts do not move
 * when the shipped rules do.  Runs go through the real identify (counted,
 * fleet-test.h), end to end: JEP106 802C is Micron, 0443 Ramaxel with 8A91
 * CXMT DRAM, PCI 19e5 Huawei, and a module with no code names nobody.  The
 * audit-trail test injects its own attributions (t_identify): what it checks
 * is what the fleet stores, whoever attributed.  The knowledge changing
 * (a table, hwdata) makes the next run full.
 */
#include "fleet-test.h"

#include "describe.h"
#include "report/report.h"
#include "rules/judge.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "util/date.h"

#include <stdarg.h>
#include <stdlib.h>

#define MEASURE(id, title, jur, binds, parties, scope, comps, restr)                               \
	"{\"measure\": \"" id "\", \"source\": \"test\", \"authority\": \"Test Authority\", "      \
	"\"jurisdiction\": \"" jur                                                                 \
	"\", \"instrument\": \"test instrument\", \"citation\": \"Test "                           \
	"citation\", \"rules\": [{\"id\": \"" id "\", \"title\": \"" title "\", \"confidence\": "  \
	"\"confirmed\", \"effective\": \"2022-01-01\", \"binds\": " binds                          \
	", \"parties\": " parties ", \"scope\": " scope ", \"components\": \"" comps               \
	"\", \"reach\": \"test reach\", "                                                          \
	"\"restrictions\": " restr "}]}"

static const char micron_rule[] = MEASURE(
	"test-micron", "Test: no new Micron", "CN", "[{\"jurisdiction\": [\"CN\"], \"cii\": true}]",
	"[{\"org\": \"micron\", \"name\": \"Micron\", \"affiliates\": true, \"makes\": "
	"[\"memory\", \"storage\"]}]",
	"[\"all\"]", "covered",
	"[{\"restricts\": \"purchase\", \"from\": \"2023-05-21\", \"requires\": \"stop "
	"purchasing\"}]");

#define HUAWEI_RULE(by)                                                                            \
	MEASURE("test-huawei", "Test: Huawei out of the network", "CN",                            \
		"[{\"jurisdiction\": [\"CN\"]}]",                                                  \
		"[{\"org\": \"huawei\", \"name\": \"Huawei\", \"affiliates\": true}]",             \
		"[\"telecom-equipment\"]", "covered",                                              \
		"[{\"restricts\": \"use\", \"by\": \"" by "\", \"requires\": \"remove it\"}]")

static const char huawei_2027[] = HUAWEI_RULE("2027-12-31");
static const char huawei_2026[] = HUAWEI_RULE("2026-06-30");

static const char cxmt_rule[] = MEASURE(
	"test-cxmt", "Test: no CXMT chips", "CN", "[{\"jurisdiction\": [\"CN\"], \"cii\": true}]",
	"[{\"org\": \"cxmt\", \"name\": \"CXMT\", \"affiliates\": false}]", "[\"all\"]", "covered",
	"[{\"restricts\": \"purchase\", \"from\": \"2024-01-01\", \"requires\": \"no CXMT\"}]");

struct fx {
	char *dir, *data;
	struct fleet *f;
	struct ruleset *rs;
	struct kb *kb;
	struct arena *a;
	const struct profile *p;
};

static void load_rules(struct fx *x)
{
	struct strbuf err = STRBUF_INIT;
	ruleset_free(x->rs);
	x->rs = ruleset_load(x->data, &err);
	if (!x->rs || profiles_load(x->rs, x->data, &err) < 0)
		fail_msg("%s", err.buf);
	struct profile_request rq;
	profile_request_init(&rq, x->a);
	assert_int_equal(profile_request_add_arg(&rq, "jurisdiction=CN", &err), 0);
	assert_int_equal(profile_request_add_arg(&rq, "cii=yes", &err), 0);
	if (profile_resolve(x->rs, &rq, &x->p, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
}

static void fleet_of_four(struct fleet *f)
{
	struct inventory *h1 = t_host("h1", "10000000-0000-4000-8000-000000000001", NULL);
	t_dimm(h1, "A1", "802c", "802c", "MTA36ASF4G72PZ-3G2R1", "2024-W07", "00000001");
	t_dimm(h1, "A2", "802c", "802c", "MTA36ASF4G72PZ-3G2R1", "2024-W07", "00000002");
	t_pci(h1, "0000:3b:00.0", "19e5", "1822", "020000");
	t_pci(h1, "0000:00:00.0", "8086", "09a2", "060400");
	struct inventory *h2 = t_host("h2", "10000000-0000-4000-8000-000000000002", NULL);
	for (int i = 0; i < 4; i++) {
		char slot[16], serial[32];
		snprintf(slot, sizeof slot, "B%d", i);
		snprintf(serial, sizeof serial, "%08x", 0x100 + i);
		t_dimm(h2, slot, "80ce", "80ce", "M393A4K40DB3-CWE", "2021-W14", serial);
	}
	t_pci(h2, "0000:00:00.0", "8086", "09a2", "060400");
	struct inventory *h3 = t_host("h3", "10000000-0000-4000-8000-000000000003", NULL);
	t_dimm(h3, "C1", "0443", "8a91", "RMSA3310MB86HAF-3200", "2022-W10", "0000c001");
	t_dimm(h3, "C2", "0443", "8a91", "RMSA3310MB86HAF-3200", "2022-W10", "0000c002");
	t_pci(h3, "0000:3b:00.0", "19e5", "1822", "020000");
	struct inventory *h4 = t_host("h4", "10000000-0000-4000-8000-000000000004", NULL);
	t_dimm(h4, "D1", NULL, NULL, NULL, NULL, NULL); /* no code: unknown maker */
	struct inventory *v[] = {h1, h2, h3, h4};
	for (int i = 0; i < 4; i++) {
		t_import(f, v[i], "x");
		inventory_free(v[i]);
	}
}

static int fx_setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	x->dir = test_tmpdir();
	x->data = t_datadir(x->dir);
	setenv("CHIPSCREEN_DATA", x->data, 1);
	t_rule(x->data, "test-micron", micron_rule);
	t_rule(x->data, "test-huawei", huawei_2027);
	x->a = arena_new();
	x->kb = t_kb(x->data);
	load_rules(x);
	x->f = t_fleet(x->dir);
	fleet_of_four(x->f);
	*state = x;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;
	fleet_close(x->f);
	ruleset_free(x->rs);
	kb_free(x->kb);
	arena_free(x->a);
	test_rmtree(x->dir);
	free(x->dir);
	free(x->data);
	free(x);
	return 0;
}

/* A run through identify (counted); injected: through t_identify instead,
 * with a knowledge version of its own. */
static struct fleet_run screen_with(struct fx *x, const char *date, bool full, bool injected)
{
	struct fleet_screen_opts o = {.rs = x->rs,
				      .kb = x->kb,
				      .profile = x->p,
				      .date = date_parse(date),
				      .command = "test",
				      .full = full,
				      .identify = injected ? t_identify : t_identify_counted,
				      .kb_version = injected ? "test-kb" : NULL};
	struct strbuf err = STRBUF_INIT;
	struct fleet_run run;
	if (fleet_screen(x->f, &o, &run, &err) < 0)
		fail_msg("screen: %s", err.buf);
	strbuf_release(&err);
	return run;
}

static struct fleet_run screen(struct fx *x, const char *date, bool full)
{
	return screen_with(x, date, full, false);
}

static const struct fleet_rule_sum *rule_sum(const struct fleet_rule_sum *v, size_t n,
					     const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].rule_id, id))
			return &v[i];
	fail_msg("no totals for rule %s", id);
	return NULL;
}

static void test_fleet_report(void **state)
{
	struct fx *x = *state;
	struct fleet_run run = screen(x, "2025-03-01", false);
	assert_string_equal(run.mode, "full");
	assert_string_equal(run.why_full, "no earlier run for this profile");
	assert_int_equal(run.units_total, 6); /* h1/h3 NIC and h1/h2 bridge are one unit each */
	assert_int_equal(run.units_judged, 6);
	struct fleet_report *r;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(fleet_report_build(x->f, run.id, x->rs, NULL, &r, &err), 0);
	assert_int_equal(r->hosts, 4);
	assert_int_equal(r->components, 13);
	assert_int_equal(r->hosts_with_findings, 3);
	assert_int_equal(r->components_with_findings, 5);
	assert_int_equal(r->worst, V_PROHIBITED);
	assert_int_equal(r->nrules, 2);
	const struct fleet_rule_sum *m = rule_sum(r->rules, r->nrules, "test-micron");
	assert_int_equal(m->hosts, 2);
	assert_int_equal(m->components, 3);
	assert_int_equal(m->verdicts[V_PROHIBITED], 2); /* h1: made 2024, after the ban */
	assert_int_equal(m->verdicts[V_REVIEW], 1);     /* h4: maker unknown */
	assert_int_equal(m->worst, V_PROHIBITED);
	const struct fleet_rule_sum *h = rule_sum(r->rules, r->nrules, "test-huawei");
	assert_int_equal(h->hosts, 2);
	assert_int_equal(h->components, 2);
	assert_int_equal(h->next_deadline, date_parse("2027-12-31"));
	assert_int_equal(h->next_deadline_components, 2);
	/* per host: h1 has its DIMMs (one finding for the two) and its NIC */
	size_t on_h1 = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct fleet_finding *f = &r->findings[i];
		if (strcmp(f->host_name, "h1"))
			continue;
		on_h1++;
		if (!strcmp(f->rule_id, "test-micron")) {
			assert_int_equal(f->count, 2);
			assert_string_equal(f->ids, "dimm/A1\ndimm/A2");
			assert_int_equal(f->verdict, V_PROHIBITED);
			assert_true(f->binding);
			assert_string_equal(f->made_fact, "2024-W07");
			assert_string_equal(f->org_name, "Micron Technology, Inc.");
			assert_string_equal(f->via, "maker");
			assert_non_null(strstr(f->evidence, "JEP106"));
		} else {
			assert_string_equal(f->rule_id, "test-huawei");
			assert_int_equal(f->verdict, V_REMOVE_BY);
			assert_int_equal(f->deadline, date_parse("2027-12-31"));
		}
	}
	assert_int_equal(on_h1, 2);
	fleet_report_free(r);
	/* what identify made of each unit is stored with it */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE maker = 'micron' AND "
				     "chip_maker = 'micron'"),
			 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE maker = 'samsung' AND "
				     "chip_maker = 'samsung'"),
			 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE maker = 'ramaxel' AND "
				     "chip_maker = 'cxmt'"),
			 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE maker = 'huawei'"), 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE maker = 'intel'"), 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE maker IS NULL AND "
				     "chip_maker IS NULL AND has_chip"),
			 1);
	/* filtered to one host */
	const char *hosts[] = {"h3"};
	struct fleet_filter flt = {.hosts = hosts, .nhosts = 1};
	assert_int_equal(fleet_report_build(x->f, run.id, x->rs, &flt, &r, &err), 0);
	assert_int_equal(r->hosts, 1);
	assert_int_equal(r->components, 3);
	assert_int_equal(r->nrules, 1);
	assert_string_equal(r->rules[0].rule_id, "test-huawei");
	fleet_report_free(r);
	/* the same context again: the run is reused, nothing judged */
	struct fleet_run again = screen(x, "2025-03-01", false);
	assert_string_equal(again.mode, "reused");
	assert_int_equal(again.id, run.id);
	strbuf_release(&err);
}

static const struct fleet_change *change(const struct fleet_changes *c, const char *rule,
					 enum fleet_change_type t, const char *part)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].rule_id, rule) && c->v[i].type == t &&
		    (!part || (c->v[i].part && strstr(c->v[i].part, part))))
			return &c->v[i];
	fail_msg("no %s change for %s", fleet_change_name(t), rule);
	return NULL;
}

/* Two runs judged alike: the same verdicts, row for row. */
static void same_verdicts(struct fleet *f, int64_t a, int64_t b)
{
	char ha[65], hb[65];
	size_t na, nb;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(fleet_run_fingerprint(f, a, ha, &na, &err), 0);
	assert_int_equal(fleet_run_fingerprint(f, b, hb, &nb, &err), 0);
	assert_int_equal(na, nb);
	assert_string_equal(ha, hb);
	strbuf_release(&err);
}

static void test_rescreen_after_rule_changes(void **state)
{
	struct fx *x = *state;
	struct fleet_run first = screen(x, "2025-03-01", false);
	char micron_v[32], huawei_v1[32]; /* the rule set is loaded again below */
	snprintf(micron_v, sizeof micron_v, "%s", rule_find(x->rs, "test-micron")->version);
	snprintf(huawei_v1, sizeof huawei_v1, "%s", rule_find(x->rs, "test-huawei")->version);
	/* CXMT is added, the Micron rule withdrawn, the Huawei deadline brought forward */
	t_rule(x->data, "test-cxmt", cxmt_rule);
	t_unrule(x->data, "test-micron");
	t_rule(x->data, "test-huawei", huawei_2026);
	load_rules(x);
	t_identify_calls = 0;
	struct fleet_run run = screen(x, "2025-03-01", false);
	assert_string_equal(run.mode, "incremental");
	assert_int_equal(run.base, first.id);
	assert_int_equal(run.rules_changed, 3);
	/* only what the three rules reach: the Micron DIMMs and the unknown one
	 * (what the old rule found), the Huawei NIC, the CXMT-chip DIMMs */
	assert_int_equal(run.units_judged, 4);
	assert_int_equal(t_identify_calls, 4);
	/* it stores what it judged; the rest of its verdicts are its base's */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM verdicts WHERE run = %lld",
		 (long long)run.id);
	assert_int_equal(t_sql(x->f, sql), 2); /* the CXMT DIMMs and the Huawei NIC */
	struct fleet_changes *c;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(fleet_changes_build(x->f, first.id, run.id, x->rs, NULL, &c, &err), 0);
	assert_int_equal(c->count[CHANGE_NEW], 1);
	assert_int_equal(c->count[CHANGE_CLEARED], 2);
	assert_int_equal(c->count[CHANGE_DEADLINE], 1);
	assert_int_equal(c->count[CHANGE_VERDICT], 0);
	const struct fleet_change *n = change(c, "test-cxmt", CHANGE_NEW, "RMSA3310");
	assert_null(n->old_version); /* the rule did not exist */
	assert_string_equal(n->new_version, rule_find(x->rs, "test-cxmt")->version);
	assert_int_equal(n->new_verdict, V_NO_NEW_PURCHASE); /* made 2022, before the ban */
	assert_int_equal(n->hosts, 1);
	assert_int_equal(n->components, 2);
	assert_false(n->new_unit);
	const struct fleet_change *cl = change(c, "test-micron", CHANGE_CLEARED, "MTA36");
	assert_string_equal(cl->old_version, micron_v);
	assert_null(cl->new_version); /* withdrawn */
	assert_int_equal(cl->old_verdict, V_PROHIBITED);
	assert_int_equal(cl->components, 2);
	const struct fleet_change *d = change(c, "test-huawei", CHANGE_DEADLINE, NULL);
	assert_string_equal(d->old_version, huawei_v1);
	assert_string_equal(d->new_version, rule_find(x->rs, "test-huawei")->version);
	assert_string_not_equal(d->old_version, d->new_version);
	assert_int_equal(d->old_deadline, date_parse("2027-12-31"));
	assert_int_equal(d->new_deadline, date_parse("2026-06-30"));
	assert_int_equal(d->hosts, 2);
	/* totals now, for the rules that changed */
	const struct fleet_rule_sum *hs = rule_sum(c->rules, c->nrules, "test-huawei");
	assert_int_equal(hs->next_deadline, date_parse("2026-06-30"));
	fleet_changes_free(c);
	/* a full run gives the same verdicts as the incremental one */
	struct fleet_run full = screen(x, "2025-03-01", true);
	assert_string_equal(full.mode, "full");
	assert_string_equal(full.why_full, "a full run was asked for");
	same_verdicts(x->f, run.id, full.id);
	assert_int_equal(fleet_changes_build(x->f, run.id, full.id, x->rs, NULL, &c, &err), 0);
	assert_int_equal(c->n, 0);
	fleet_changes_free(c);
	strbuf_release(&err);
}

static void test_rescreen_new_hosts_and_dates(void **state)
{
	struct fx *x = *state;
	struct fleet_run first = screen(x, "2025-03-01", false);
	/* a host imported since: judged against every rule, nothing else */
	struct inventory *h5 = t_host("h5", "10000000-0000-4000-8000-000000000005", NULL);
	t_dimm(h5, "E1", "802c", "802c", "MTC20F2085S1RC48BA1", "2023-W40", "0000e001");
	t_pci(h5, "0000:3b:00.0", "19e5", "1822", "020000"); /* a NIC the fleet knows */
	t_import(x->f, h5, "x");
	inventory_free(h5);
	t_identify_calls = 0;
	struct fleet_run run = screen(x, "2025-03-01", false);
	assert_string_equal(run.mode, "incremental");
	assert_int_equal(run.units_judged, 1);
	assert_int_equal(t_identify_calls, 1);
	struct fleet_changes *c;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(fleet_changes_build(x->f, first.id, run.id, x->rs, NULL, &c, &err), 0);
	assert_int_equal(c->n, 1);
	assert_int_equal(c->v[0].type, CHANGE_NEW);
	assert_true(c->v[0].new_unit);
	assert_int_equal(c->v[0].new_verdict, V_PROHIBITED);
	fleet_changes_free(c);
	/* the deadline passes: REMOVE-BY becomes PROHIBITED (a full run: the date moved) */
	struct fleet_run later = screen(x, "2028-01-10", false);
	assert_string_equal(later.mode, "full");
	assert_non_null(
		strstr(later.why_full, "the date changed (the last run was as of 2025-03-01)"));
	assert_int_equal(fleet_changes_build(x->f, run.id, later.id, x->rs, NULL, &c, &err), 0);
	const struct fleet_change *v = change(c, "test-huawei", CHANGE_VERDICT, NULL);
	assert_int_equal(v->old_verdict, V_REMOVE_BY);
	assert_int_equal(v->new_verdict, V_PROHIBITED);
	assert_int_equal(v->hosts, 3);
	assert_string_equal(v->old_version, v->new_version); /* the rule did not change */
	fleet_changes_free(c);
	/* a list is loaded: the run records it, and the rescreen says so */
	struct store *st = fleet_store(x->f);
	assert_int_equal(sqlite3_exec(st->db,
				      "INSERT INTO sources(kind, name, version, loaded_at) VALUES "
				      "('list', 'ofac-sdn', '2025-02-14', '2025-02-15T00:00:00Z')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	struct fleet_run listed = screen(x, "2028-01-10", false);
	assert_string_equal(listed.mode, "incremental");
	assert_int_equal(listed.units_judged, 0);
	assert_int_equal(fleet_changes_build(x->f, later.id, listed.id, x->rs, NULL, &c, &err), 0);
	assert_int_equal(c->nsources, 1);
	assert_string_equal(c->sources[0], "list ofac-sdn: added, version 2025-02-14");
	fleet_changes_free(c);
	strbuf_release(&err);
}

static void test_audit_trail(void **state)
{
	struct fx *x = *state;
	struct fleet_run run = screen_with(x, "2025-03-01", false, true);
	/* the run names what produced it, and the rule as read is stored */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM runs WHERE id = %lld AND date = '2025-03-01' AND kb = "
		 "'test-kb' AND ruleset = '%s' AND profile_key LIKE 'custom: %%cii=yes%%'",
		 (long long)run.id, x->rs->version);
	assert_int_equal(t_sql(x->f, sql), 1);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM rule_versions WHERE rule_id = 'test-micron' AND version = "
		 "'%s' "
		 "AND instr(document, 'stop purchasing') AND file = 'test-micron.json'",
		 rule_find(x->rs, "test-micron")->version);
	assert_int_equal(t_sql(x->f, sql), 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM rulesets WHERE instr(rules, "
				     "'test-huawei ') AND instr(rules, 'test-micron ')"),
			 1);
	/* every verdict names its run, rule version and reason */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM verdicts WHERE reason = '' OR "
				     "rule_version IS NULL"),
			 0);
	/* the attribution judged is kept with the part */
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE maker = 'micron' AND "
				     "chip_maker = 'micron' AND instr(attribution, 'micron')"),
			 1);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM unit_orgs WHERE org = 'cxmt'"), 1);
}

static void test_knowledge_changes(void **state)
{
	struct fx *x = *state;
	struct strbuf fp = STRBUF_INIT, fp2 = STRBUF_INIT, err = STRBUF_INIT;
	struct fleet_run first = screen(x, "2025-03-01", false);
	fleet_kb_fingerprint(&fp);
	/* a rule changes: not the knowledge */
	t_rule(x->data, "test-cxmt", cxmt_rule);
	assert_string_equal(fleet_kb_fingerprint(&fp2), fp.buf);
	t_unrule(x->data, "test-cxmt");
	/* the knowledge learns (a fiction of the test's) that Ramaxel is Micron's */
	struct strbuf links = STRBUF_INIT, p = STRBUF_INIT;
	strbuf_addf(&p, "%s/org-links.tsv", x->data);
	assert_int_equal(read_file(p.buf, 1 << 20, &links, &err), 0);
	strbuf_addstr(&links, "ramaxel\tsubsidiary\tmicron\t2020-01-01\t\tconfirmed\t"
			      "a fiction of the test\ttests/store/test_fleet_judge.c\n");
	assert_int_equal(write_file(p.buf, links.buf, links.len, &err), 0);
	assert_string_not_equal(fleet_kb_fingerprint(&fp2), fp.buf);
	kb_free(x->kb);
	x->kb = t_kb(x->data);
	t_identify_calls = 0;
	struct fleet_run run = screen(x, "2025-03-01", false);
	assert_string_equal(run.mode, "full");
	assert_string_equal(run.why_full, "the identify knowledge changed since the last run");
	assert_int_equal(t_identify_calls, 6);
	struct fleet_changes *c;
	assert_int_equal(fleet_changes_build(x->f, first.id, run.id, x->rs, NULL, &c, &err), 0);
	assert_int_equal(c->n, 1);
	const struct fleet_change *n = change(c, "test-micron", CHANGE_NEW, "RMSA3310");
	assert_int_equal(n->new_verdict, V_NO_NEW_PURCHASE); /* made 2022, before the ban */
	assert_int_equal(n->components, 2);
	assert_false(n->new_unit);
	fleet_changes_free(c);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM units WHERE maker = 'micron' AND "
				     "chip_maker = 'cxmt'"),
			 1);
	/* hwdata's id files are part of the knowledge: the one identify reads */
	char *ids = test_tmpdir();
	test_write_str(ids, "pci.ids", "8086  Intel Corporation\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/pci.ids", ids);
	fleet_kb_fingerprint(&fp);
	setenv("CHIPSCREEN_PCI_IDS", p.buf, 1);
	fleet_kb_fingerprint(&fp2);
	assert_string_not_equal(fp2.buf, fp.buf);
	strbuf_reset(&fp);
	strbuf_addstr(&fp, fp2.buf);
	test_write_str(ids, "pci.ids", "8086  Intel Corporation\n19e5  Huawei\n");
	assert_string_not_equal(fleet_kb_fingerprint(&fp2), fp.buf);
	unsetenv("CHIPSCREEN_PCI_IDS");
	test_rmtree(ids);
	free(ids);
	strbuf_release(&links);
	strbuf_release(&p);
	strbuf_release(&fp);
	strbuf_release(&fp2);
	strbuf_release(&err);
}

/* One text from SQL on the fleet's store, with one text parameter (NULL: none). */
static char *sql_text(struct fleet *f, const char *sql, const char *param)
{
	sqlite3_stmt *q;
	struct store *st = fleet_store(f);
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(st->db));
	if (param)
		sqlite3_bind_text(q, 1, param, -1, SQLITE_STATIC);
	char *v = NULL;
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		v = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return v;
}

/* How many stored texts of parts, units and verdicts hold s. */
static long long stored_with(struct fleet *f, const char *s)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM parts WHERE instr(document, ?1))"
		" + (SELECT count(*) FROM units WHERE instr(coalesce(attribution, ''), ?1))"
		" + (SELECT count(*) FROM verdicts WHERE instr(coalesce(evidence, ''), ?1)"
		"    OR instr(reason, ?1))";
	char *v = sql_text(f, sql, s);
	long long n = v ? atoll(v) : -1;
	free(v);
	return n;
}

static const struct fleet_finding *h1_micron(const struct fleet_report *r)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].host_name, "h1") &&
		    !strcmp(r->findings[i].rule_id, "test-micron"))
			return &r->findings[i];
	fail_msg("no test-micron finding on h1");
	return NULL;
}

/* The h1 Micron finding's words, as the report shows them: part, makers, evidence. */
static void h1_words(struct fx *x, int64_t run, char **part, char **makers, char **evidence)
{
	struct fleet_report *r;
	struct strbuf err = STRBUF_INIT;
	if (fleet_report_build(x->f, run, x->rs, NULL, &r, &err) < 0)
		fail_msg("%s", err.buf);
	const struct fleet_finding *f = h1_micron(r);
	*part = strdup(f->part);
	*makers = strdup(f->makers);
	*evidence = strdup(f->evidence);
	fleet_report_free(r);
	strbuf_release(&err);
}

/*
 * The store keeps data, not the words describe.c makes of it: the part is
 * its document, the makers the unit's attribution, a verdict's evidence a
 * JSON array of evidence records.  The words are made when read, so none of
 * them is in a stored column (a change of wording changes no stored byte,
 * digest or fingerprint); a run stored before (evidence in words) still
 * shows its words; a store of schema version 4 (parts.label, units.makers)
 * is upgraded and reads alike.
 */
static void test_store_keeps_data(void **state)
{
	struct fx *x = *state;
	struct fleet_run run = screen(x, "2025-03-01", false);
	char *part, *makers, *words;
	h1_words(x, run.id, &part, &makers, &words);
	/* the words, from the inputs: the part number, JEP106 802C, Micron */
	assert_string_equal(part, "dimm MTA36ASF4G72PZ-3G2R1");
	assert_string_equal(makers, "Micron Technology, Inc., DRAM by Micron Technology, Inc.");
	/* the evidence as stored: exactly the evidence records' members */
	char *stored = sql_text(x->f,
				"SELECT v.evidence FROM verdicts v JOIN units u ON u.id = v.unit"
				" WHERE v.rule_id = 'test-micron' AND u.maker = 'micron'",
				NULL);
	assert_non_null(stored);
	cJSON *j = cJSON_Parse(stored);
	assert_true(cJSON_IsArray(j));
	assert_true(cJSON_GetArraySize(j) >= 1);
	static const char *const members[] = {"field",  "raw", "rule",
					      "source", "org", "confidence"};
	for (const cJSON *e = j->child; e; e = e->next) {
		assert_true(cJSON_IsObject(e));
		for (const cJSON *m = e->child; m; m = m->next) {
			bool known = false;
			for (size_t k = 0; k < sizeof members / sizeof members[0]; k++)
				known |= !strcmp(m->string, members[k]);
			if (!known)
				fail_msg("evidence member \"%s\"", m->string);
			assert_true(cJSON_IsString(m));
		}
	}
	const cJSON *e0 = cJSON_GetArrayItem(j, 0);
	assert_string_equal(cJSON_GetObjectItem(e0, "field")->valuestring, "jedec_module");
	assert_string_equal(cJSON_GetObjectItem(e0, "raw")->valuestring, "802c");
	assert_string_equal(cJSON_GetObjectItem(e0, "org")->valuestring, "micron");
	assert_string_equal(cJSON_GetObjectItem(e0, "confidence")->valuestring, "certain");
	assert_non_null(strstr(cJSON_GetObjectItem(e0, "rule")->valuestring, "JEP106"));
	/* read back, they give the words shown, which are not what is stored */
	struct evidence *ev;
	size_t nev;
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(evidence_from_json(j, x->a, &ev, &nev), 0);
	assert_int_equal(nev, (size_t)cJSON_GetArraySize(j));
	evidence_words(&sb, ev, nev);
	assert_string_equal(sb.buf, words);
	cJSON_Delete(j);
	/* no word of describe.c's is stored: not the part, makers or evidence */
	assert_int_equal(stored_with(x->f, part), 0);
	assert_int_equal(stored_with(x->f, makers), 0);
	assert_int_equal(stored_with(x->f, words), 0);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM pragma_table_info('parts')"
				     " WHERE name = 'label'"),
			 0);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM pragma_table_info('units')"
				     " WHERE name = 'makers'"),
			 0);
	/* a store of version 4, as chipscreen left it before: upgraded, read alike */
	struct store *st = fleet_store(x->f);
	assert_int_equal(
		sqlite3_exec(st->db,
			     "ALTER TABLE parts ADD COLUMN label TEXT NOT NULL DEFAULT 'old';"
			     "ALTER TABLE units ADD COLUMN makers TEXT;"
			     "UPDATE units SET makers = 'old words';"
			     "UPDATE schema_versions SET version = 4 WHERE module = 'fleet';",
			     NULL, NULL, NULL),
		SQLITE_OK);
	fleet_close(x->f);
	x->f = t_fleet(x->dir);
	assert_int_equal(t_sql(x->f, "SELECT version FROM schema_versions WHERE module = 'fleet'"),
			 6);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM pragma_table_info('parts')"
				     " WHERE name = 'label'"),
			 0);
	assert_int_equal(t_sql(x->f, "SELECT count(*) FROM pragma_table_info('units')"
				     " WHERE name = 'makers'"),
			 0);
	char *part2, *makers2, *words2;
	h1_words(x, run.id, &part2, &makers2, &words2);
	assert_string_equal(part2, part);
	assert_string_equal(makers2, makers);
	assert_string_equal(words2, words);
	free(part2);
	free(makers2);
	free(words2);
	/* a run stored before kept its evidence in words: shown as they are */
	st = fleet_store(x->f);
	sqlite3_stmt *q;
	assert_int_equal(
		sqlite3_prepare_v2(st->db,
				   "UPDATE verdicts SET evidence = ?"
				   " WHERE rule_id = 'test-micron' AND evidence IS NOT NULL",
				   -1, &q, NULL),
		SQLITE_OK);
	sqlite3_bind_text(q, 1, "[a run's words] (certain)", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	h1_words(x, run.id, &part2, &makers2, &words2);
	assert_string_equal(words2, "[a run's words] (certain)");
	free(part2);
	free(makers2);
	free(words2);
	free(stored);
	free(part);
	free(makers);
	free(words);
	strbuf_release(&sb);
}

/*
 * snapshot_units is found by unit one epoch of 1,024 snapshots at a time
 * (fleet-int.h, SU_EPOCHS): a unit the fixture's hosts hold in epoch 0 and
 * 1,100 more hosts hold up to snapshot 1,104, in epoch 1, is fanned out to
 * every one of them by the report, the unknown parts' list, a rescreen's
 * changes and a filtered report.
 */
#define EPOCH_HOSTS 1100
static void test_units_across_epochs(void **state)
{
	struct fx *x = *state;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(fleet_batch_begin(x->f, &err), 0);
	for (int i = 0; i < EPOCH_HOSTS; i++) {
		char name[32], uuid[64], serial[32];
		snprintf(name, sizeof name, "e%04d", i);
		snprintf(uuid, sizeof uuid, "20000000-0000-4000-8000-%012d", i);
		snprintf(serial, sizeof serial, "%08x", 0xe0000 + i);
		struct inventory *h = t_host(name, uuid, NULL);
		t_pci(h, "0000:3b:00.0", "19e5", "1822", "020000"); /* h1's and h3's NIC */
		t_dimm(h, "D1", NULL, NULL, NULL, NULL, NULL);       /* h4's unknown DIMM */
		t_import(x->f, h, "x");
		inventory_free(h);
	}
	assert_int_equal(fleet_batch_commit(x->f, &err), 0);
	assert_int_equal(t_sql(x->f, "SELECT max(snapshot) >> 10 FROM snapshot_units"), 1);
	struct fleet_run first = screen(x, "2025-03-01", false);
	struct fleet_report *r;
	assert_int_equal(fleet_report_build(x->f, first.id, x->rs, NULL, &r, &err), 0);
	assert_int_equal(r->hosts, 4 + EPOCH_HOSTS);
	const struct fleet_rule_sum *h = rule_sum(r->rules, r->nrules, "test-huawei");
	assert_int_equal(h->hosts, 2 + EPOCH_HOSTS);
	assert_int_equal(h->components, 2 + EPOCH_HOSTS);
	const struct fleet_rule_sum *m = rule_sum(r->rules, r->nrules, "test-micron");
	assert_int_equal(m->verdicts[V_REVIEW], 1 + EPOCH_HOSTS); /* the unknown DIMMs */
	assert_int_equal(r->not_identified_components, 1 + EPOCH_HOSTS);
	assert_int_equal(r->nunidentified, 1 + EPOCH_HOSTS);
	fleet_report_free(r);
	struct fleet_unident_part *u;
	size_t nu;
	assert_int_equal(fleet_unidentified_list(x->f, NULL, x->a, &u, &nu, &err), 0);
	assert_int_equal(nu, 1);
	assert_int_equal(u[0].hosts, 1 + EPOCH_HOSTS);
	assert_int_equal(u[0].components, 1 + EPOCH_HOSTS);
	/* one host of epoch 1 (the snapshots of the filter's hosts, not the
	 * fleet's current ones) */
	const char *hosts[] = {"e1099"};
	struct fleet_filter flt = {.hosts = hosts, .nhosts = 1};
	assert_int_equal(fleet_report_build(x->f, first.id, x->rs, &flt, &r, &err), 0);
	assert_int_equal(r->hosts, 1);
	h = rule_sum(r->rules, r->nrules, "test-huawei");
	assert_int_equal(h->hosts, 1);
	fleet_report_free(r);
	/* the Huawei deadline moves: the change reaches every host with the NIC */
	t_rule(x->data, "test-huawei", huawei_2026);
	load_rules(x);
	struct fleet_run run = screen(x, "2025-03-01", false);
	assert_string_equal(run.mode, "incremental");
	struct fleet_changes *c;
	assert_int_equal(fleet_changes_build(x->f, first.id, run.id, x->rs, NULL, &c, &err), 0);
	const struct fleet_change *d = change(c, "test-huawei", CHANGE_DEADLINE, NULL);
	assert_int_equal(d->hosts, 2 + EPOCH_HOSTS);
	assert_int_equal(d->components, 2 + EPOCH_HOSTS);
	fleet_changes_free(c);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fleet_report, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rescreen_after_rule_changes, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_rescreen_new_hosts_and_dates, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_audit_trail, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_knowledge_changes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_store_keeps_data, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_units_across_epochs, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
