/*
 * test_rules.c — the shipped rule set and its loader: invariants of every
 * rule, a sweep of every rule over profiles and the boundaries of its dates,
 * product classes, and clear errors for malformed files.
 */
#include "judgeutil.h"

#include "util/fileio.h"

#include <stdio.h>
#include <stdlib.h>

/* ---------------------------------------------------------------------- */
/* The shipped rules                                                       */

static void test_shipped_invariants(void **state)
{
	(void)state;
	assert_true(T_rs->nrules >= 15);
	assert_int_equal(strlen(T_rs->version), 16);
	static const char *const must[] = {
		"cn-cac-micron-2023",     "us-bis-el-ymtc-2022",     "us-bis-el-smic-2020",
		"us-bis-el-huawei-2019",  "us-ndaa889-a1a",          "us-ndaa889-a1b",
		"us-ndaa5949-a1a",        "us-fcc-covered-list-usf", "us-fcc-22-84-authorization",
		"uk-dvd-huawei-2022",     "de-5g-huawei-zte-2024",   "se-pts-huawei-zte-2020",
		"us-dod-1260h-ymtc-2024",
	};
	for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) {
		const struct rule *r = rule_find(T_rs, must[i]);
		if (!r)
			fail_msg("rule %s missing", must[i]);
		assert_true(r->confirmed);
	}
	bool kb_knows = kb_org_name(T_kb, "micron") != NULL;
	assert_true(kb_knows); /* the knowledge base must load: party ids are checked against it */
	for (size_t i = 0; i < T_rs->nrules; i++) {
		const struct rule *r = &T_rs->rules[i];
		for (size_t k = i + 1; k < T_rs->nrules; k++)
			assert_string_not_equal(r->id, T_rs->rules[k].id);
		assert_true(r->effective > 0);
		/* every rule names its public source, never the developers' notes */
		assert_true(r->source && *r->source && !strstr(r->source, "shared/") &&
			    !strstr(r->source, "regulations.md"));
		assert_true(!r->announced || r->announced <= r->effective);
		for (size_t k = 0; k < r->nparties; k++)
			if (kb_knows && !kb_org_name(T_kb, r->parties[k].org))
				fail_msg(
					"%s: party %s is not an organisation of the knowledge base",
					r->id, r->parties[k].org);
		for (size_t k = 0; k < r->nrestr; k++) {
			const struct restriction *x = &r->restr[k];
			assert_true(!x->by || x->by >= (x->from ? x->from : r->effective));
		}
		/* only URLs the facts give */
		if (r->url)
			assert_true(
				!strcmp(r->url, "https://www.fcc.gov/supplychain/coveredlist") ||
				strstr(r->url,
				       "gov.uk/government/publications/targeted-consultations") ||
				strstr(r->url,
				       "pts.se/en/news/press-releases/2020/four-companies"));
	}
	/* §5949's wording reaches components; CAC's does not say */
	assert_int_equal(rule_find(T_rs, "us-ndaa5949-a1a")->components, COMP_COVERED);
	assert_int_equal(rule_find(T_rs, "cn-cac-micron-2023")->components, COMP_UNCLEAR);
	assert_false(rule_find(T_rs, "us-dod-1260h-cxmt-2025")->confirmed);
	assert_null(rule_find(T_rs, "cn-cac-micron"));
}

/* The profile that every rule binds, everywhere in every network. */
static const struct profile *everything(struct arena *a)
{
	return t_profile(a, NULL, "jurisdiction=CN,US,GB,DE,SE", "cii=yes", "federal_agency=yes",
			 "federal_contractor=yes", "usf_recipient=yes", "exporter=yes",
			 "equipment_supplier=yes", "dvd_recipient=yes", "de_5g_contract=yes",
			 "se_pts_licensee=yes", "purpose=public-safety",
			 "network=5g-core,5g-access,5g-transport,5g-management,core,"
			 "national-security-site,central-function",
			 NULL);
}

static const char *class_of(const struct rule *r, const struct party *p)
{
	const struct strlist *s = p->scope.n ? &p->scope : &r->scope;
	return strcmp(s->v[0], "all") ? s->v[0] : "memory";
}

static struct component *party_part(struct inventory *inv, const struct rule *r,
				    const struct party *p)
{
	struct component *c = t_part(inv, KIND_PART, "po/1", p->org, CONF_CERTAIN, NULL);
	component_set_extra(inv, c, "product_class", 0, class_of(r, p), "sweep");
	return c;
}

static day_t first_start(const struct rule *r, const struct party *p)
{
	day_t first = 0;
	for (size_t i = 0; i < r->nrestr; i++) {
		day_t f = r->restr[i].from ? r->restr[i].from : r->effective;
		if (p->since > f)
			f = p->since;
		if (!first || f < first)
			first = f;
	}
	return first;
}

/*
 * Every rule × party × profile: the day before it takes effect is never
 * binding; from the day it does, the profile it binds gets a binding verdict
 * (unless it only restricts exports or lists); unverified rules never go past
 * REVIEW; export and listing rules are INFO for everyone.
 */
static void test_sweep_every_rule(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct profile *all = everything(a);
	char d[16];
	size_t checked = 0;
	for (size_t i = 0; i < T_rs->nrules; i++) {
		const struct rule *r = &T_rs->rules[i];
		for (size_t k = 0; k < r->nparties; k++) {
			const struct party *p = &r->parties[k];
			struct inventory *inv = inventory_new();
			struct scan_result res = {.inv = inv};
			struct component *c = party_part(inv, r, p);
			day_t start = first_start(r, p);
			bool export_only = true;
			for (size_t x = 0; x < r->nrestr; x++)
				export_only &= r->restr[x].what == R_EXPORT ||
					       r->restr[x].what == R_LISTING;
			for (size_t pi = 0; pi <= T_rs->nprofiles; pi++) {
				const struct profile *pr =
					pi < T_rs->nprofiles ? &T_rs->profiles[pi] : all;
				const struct finding *f = t_judge(
					&res, pr, date_format(start - 1, d), NULL, c, r->id);
				assert_non_null(f);
				if (f->verdict > V_INFO || f->binding)
					fail_msg("%s/%s/%s: %s the day before it takes effect",
						 r->id, p->org, pr->name, verdict_name(f->verdict));
				f = t_judge(&res, pr, date_format(start, d), "2030-01-01", c,
					    r->id);
				assert_non_null(f);
				if (export_only || !r->confirmed)
					assert_true(f->verdict <=
						    (export_only ? V_INFO : V_REVIEW));
				if (pr == all && !export_only && f->verdict < V_REVIEW)
					fail_msg("%s/%s: %s on its first day for a profile it "
						 "binds: %s",
						 r->id, p->org, verdict_name(f->verdict),
						 f->reason);
				if (!profile_binds(pr, r))
					assert_int_equal(f->verdict, V_INFO);
				checked++;
			}
			inventory_free(inv);
		}
	}
	assert_true(checked > 100);
	arena_free(a);
}

/* ---------------------------------------------------------------------- */
/* Product classes                                                         */

static void test_product_classes(void **state)
{
	(void)state;
	struct inventory *inv = inventory_new();
	static const struct {
		enum kind k;
		enum fkey key;
		const char *value, *cls;
	} cases[] = {
		{KIND_PCI, FK_PCI_CLASS, "020000", "telecom-equipment"},
		{KIND_PCI, FK_PCI_CLASS, "0x028000", "telecom-equipment"},
		{KIND_PCI, FK_PCI_CLASS, "070300", "telecom-equipment"},
		{KIND_PCI, FK_PCI_CLASS, "070000", "peripheral"},
		{KIND_PCI, FK_PCI_CLASS, "010802", "storage"},
		{KIND_PCI, FK_PCI_CLASS, "060400", "semiconductor"},
		{KIND_PCI, FK_PCI_CLASS, "0D1100", "telecom-equipment"},
		{KIND_NVME, FK_PCI_CLASS, "010802", "storage"},
		{KIND_NVME, FK_MODEL, "ZHITAI TiPlus7100", "storage"},
		{KIND_USB, FK_USB_CLASS, "0e", "video-equipment"},
		{KIND_USB, FK_USB_CLASS, "00", "unknown"},
		{KIND_USB, FK_USB_CLASS, "03", "peripheral"},
		{KIND_DIMM, FK_PART_NUMBER, "KSM32RD8/16", "memory"},
		{KIND_SYSTEM, FK_PRODUCT, "TaiShan 200", "computer"},
		{KIND_PART, FK_MODEL, "DS-2CD2143", "unknown"},
		{KIND_PCI, FK_PCI_DEVICE, "1234", "unknown"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct component *c = inventory_add(inv, cases[i].k, "x", "t");
		component_set(inv, c, cases[i].key, 0, cases[i].value, "t");
		const char *src;
		const char *cls = product_class(T_rs, c, &src);
		if (strcmp(cls, cases[i].cls))
			fail_msg("%s %s=%s: class %s, expected %s", kind_name(cases[i].k),
				 field_key_name(cases[i].key), cases[i].value, cls, cases[i].cls);
		assert_true(!strcmp(cls, "unknown") || src != NULL);
	}
	/* a purchase line's description says what it is (product-keywords.tsv):
	 * memory and storage words first, so that a module for a recorder is
	 * memory; a NIC or a camera holds no memory or NAND a rule reaches */
	static const struct {
		const char *text, *cls;
	} described[] = {
		{"NIC 2x25GE", "telecom-equipment"},
		{"Ethernet adapter, dual port", "telecom-equipment"},
		{"4MP IP camera", "video-surveillance-equipment"},
		{"16-channel NVR", "video-surveillance-equipment"},
		{"32GB DDR4 RDIMM for the NVR", "memory"},
		{"server with 2x NIC", "computer"},
		{"Xeon processor", "processor"},
		{"cable", "unknown"},
	};
	for (size_t i = 0; i < sizeof described / sizeof *described; i++) {
		struct component *p = inventory_add(inv, KIND_PART, "po/d", "t");
		component_set_extra(inv, p, "description", 0, described[i].text, "po.csv:2");
		const char *cls = product_class(T_rs, p, NULL);
		if (strcmp(cls, described[i].cls))
			fail_msg("description \"%s\": class %s, expected %s", described[i].text,
				 cls, described[i].cls);
	}
	/* a declared class wins; a class the vocabulary does not know is unknown */
	struct component *c = inventory_add(inv, KIND_PART, "po/1", "t");
	component_set_extra(inv, c, "product_class", 0, "uas", "po.csv:2");
	assert_string_equal(product_class(T_rs, c, NULL), "uas");
	struct component *d = inventory_add(inv, KIND_PART, "po/2", "t");
	component_set_extra(inv, d, "product_class", 0, "toaster", "po.csv:3");
	assert_string_equal(product_class(T_rs, d, NULL), "unknown");
	inventory_free(inv);
}

/* ---------------------------------------------------------------------- */
/* Malformed files                                                         */

static char *copy_data(void)
{
	char *dir = test_tmpdir();
	static const char *const files[] = {"rules/schema/vocabulary.json",
					    "rules/schema/product-classes.tsv",
					    "rules/schema/product-keywords.tsv",
					    "profiles/cn-cii.json", NULL};
	for (int i = 0; files[i]; i++) {
		struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "data/%s", files[i]);
		if (read_file(src_path(p.buf), 1 << 20, &text, &err) < 0)
			fail_msg("%s", err.buf);
		test_write(dir, files[i], text.buf, text.len);
		strbuf_release(&text);
		strbuf_release(&err);
		strbuf_release(&p);
	}
	return dir;
}

#define GOOD_RULE                                                                                  \
	"{\"id\": \"t-1\", \"title\": \"T\", \"confidence\": \"confirmed\",\n"                     \
	" \"effective\": \"2023-05-21\", \"binds\": [{\"cii\": true}],\n"                          \
	" \"parties\": [{\"org\": \"micron\", \"name\": \"Micron\", \"affiliates\": true}],\n"     \
	" \"scope\": [\"all\"], \"components\": \"unclear\", \"reach\": \"r\",\n"                  \
	" \"restrictions\": [{\"restricts\": \"purchase\", \"requires\": \"stop\"}]}"

#define MEASURE(name, extra, rule)                                                                 \
	"{\"measure\": \"" name "\", \"source\": \"s\", \"authority\": \"A\",\n"                   \
	" \"jurisdiction\": \"CN\", \"instrument\": \"I\", \"citation\": \"C\"" extra ",\n"        \
	" \"rules\": [" rule "]}\n"

static void expect_load_error(const char *name, const char *text, size_t len, const char *err_want)
{
	char *dir = copy_data();
	struct strbuf rel = STRBUF_INIT, err = STRBUF_INIT;
	strbuf_addf(&rel, "rules/%s.json", name);
	test_write(dir, rel.buf, text, len);
	struct ruleset *rs = ruleset_load(dir, &err);
	if (rs)
		fail_msg("%s loaded, expected: %s", name, err_want);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s/rules/%s.json: %s", dir, name, err_want);
	if (strncmp(err.buf, want.buf, want.len))
		fail_msg("error \"%s\", expected it to begin \"%s\"", err.buf, want.buf);
	strbuf_release(&want);
	strbuf_release(&rel);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

#define EXPECT(name, text, err) expect_load_error(name, text, sizeof(text) - 1, err)

static void test_good_rule_loads(void **state)
{
	(void)state;
	char *dir = copy_data();
	test_write_str(dir, "rules/t.json", MEASURE("t", "", GOOD_RULE));
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(dir, &err);
	if (!rs)
		fail_msg("%s", err.buf);
	assert_int_equal(rs->nrules, 1);
	const struct rule *r = rule_find(rs, "t-1");
	assert_string_equal(r->citation, "C"); /* inherited from the measure */
	assert_int_equal(r->restr[0].what, R_PURCHASE);
	assert_int_equal(r->restr[0].from, 0);
	ruleset_free(rs);
	/* an empty folder of rules is an error, not an empty verdict */
	char *empty = copy_data();
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/rules", empty);
	assert_null(ruleset_load(empty, &err));
	assert_contains(err.buf, "no rule files (*.json): refusing to judge against nothing");
	strbuf_release(&p);
	strbuf_release(&err);
	test_rmtree(dir);
	test_rmtree(empty);
	free(dir);
	free(empty);
}

static void test_malformed_rules(void **state)
{
	(void)state;
	EXPECT("t", MEASURE("t", "", "{\"id\": \"t-1\", \"efective\": \"2023-05-21\"}"),
	       "rules[0].efective: unknown key (known: id, title,");
	EXPECT("t", MEASURE("t", ", \"effectiv\": \"2023-01-01\"", GOOD_RULE),
	       "effectiv: unknown key (known: measure, rules, title,");
	/* a default set on the measure is reported where it is written */
	EXPECT("t", MEASURE("t", ", \"announced\": \"2023-02-30\"", GOOD_RULE),
	       "announced: \"2023-02-30\" is not a date (YYYY-MM-DD)");
	EXPECT("t", "{\"measure\": \"t\",\n \"rules\": [\n  {\"id\": 1,}\n]}",
	       "line 3: not valid JSON");
	EXPECT("other", MEASURE("t", "", GOOD_RULE),
	       "measure: \"t\" does not match the file name (other.json)");
	EXPECT("t", "{\"measure\": \"t\", \"rules\": []}", "rules: expected a non-empty array");
	EXPECT("t", "[1, 2]", "top level: expected an object");
	EXPECT("t", "{\"measure\": \"t\"\0, \"rules\": []}", "line 1: not valid JSON");
	EXPECT("t", "{\"measure\": \"t\xff\", \"rules\": []}",
	       "measure: \"t\xff\" does not match the file name (t.json)");
}

/* Replace the first occurrence of from in GOOD_RULE by to. */
static void expect_rule_error(const char *from, const char *to, const char *err_want)
{
	const char *good = MEASURE("t", "", GOOD_RULE);
	const char *at = strstr(good, from);
	assert_non_null(at);
	struct strbuf text = STRBUF_INIT;
	strbuf_add(&text, good, (size_t)(at - good));
	strbuf_addstr(&text, to);
	strbuf_addstr(&text, at + strlen(from));
	expect_load_error("t", text.buf, text.len, err_want);
	strbuf_release(&text);
}

static void test_malformed_rule_fields(void **state)
{
	(void)state;
	expect_rule_error("\"org\": \"micron\"", "\"org\": 7",
			  "rules[0].parties[0].org: expected a non-empty string");
	expect_rule_error(
		"\"org\": \"micron\"", "\"org\": \"Micron Technology\"",
		"rules[0].parties[0].org: \"Micron Technology\" is not an organisation id");
	expect_rule_error("{\"cii\": true}", "{\"ciii\": true}",
			  "rules[0].binds[0].ciii: unknown attribute");
	expect_rule_error("{\"cii\": true}", "{\"cii\": \"yes\"}",
			  "rules[0].binds[0].cii: expected true or false");
	expect_rule_error("{\"cii\": true}", "{}",
			  "rules[0].binds[0]: an empty condition would bind everyone");
	expect_rule_error("\"binds\": [{\"cii\": true}],", "",
			  "rules[0]: missing \"binds\" (in the rule or its measure)");
	expect_rule_error(
		"\"confirmed\"", "\"probably\"",
		"rules[0].confidence: \"probably\": expected \"confirmed\" or \"unverified\"");
	expect_rule_error("\"scope\": [\"all\"]", "\"scope\": [\"toasters\"]",
			  "rules[0].scope[0]: \"toasters\" is not a product class");
	expect_rule_error("\"scope\": [\"all\"], ", "", "rules[0].parties[0]: no product scope");
	expect_rule_error("\"restricts\": \"purchase\"", "\"restricts\": \"purchse\"",
			  "rules[0].restrictions[0].restricts: unknown restriction \"purchse\"");
	expect_rule_error("\"restricts\": \"purchase\"",
			  "\"restricts\": \"purchase\", \"by\": \"2024-01-01\"",
			  "rules[0].restrictions[0].by: a deadline only makes sense for \"use\"");
	expect_rule_error("\"restricts\": \"purchase\"",
			  "\"restricts\": \"use\", \"by\": \"2020-01-01\"",
			  "rules[0].restrictions[0].by: deadline before the restriction's start");
	expect_rule_error("\"restricts\": \"purchase\"",
			  "\"restricts\": \"use\", \"network\": [\"moon\"]",
			  "rules[0].restrictions[0].network[0]: \"moon\" is not a network of the "
			  "vocabulary");
	expect_rule_error(
		"\"affiliates\": true}", "\"affiliates\": true, \"purposes\": [\"fun\"]}",
		"rules[0].parties[0].purposes[0]: \"fun\" is not a purpose of the vocabulary");
	expect_rule_error("\"2023-05-21\"", "\"2023-02-30\"",
			  "rules[0].effective: \"2023-02-30\" is not a date (YYYY-MM-DD)");
	expect_rule_error("\"id\": \"t-1\"", "\"id\": \"T 1\"",
			  "rules[0].id: \"T 1\": ids are lower-case letters");
}

static void test_duplicate_id(void **state)
{
	(void)state;
	char *dir = copy_data();
	test_write_str(dir, "rules/a.json", MEASURE("a", "", GOOD_RULE));
	test_write_str(dir, "rules/b.json", MEASURE("b", "", GOOD_RULE));
	struct strbuf err = STRBUF_INIT, want = STRBUF_INIT;
	assert_null(ruleset_load(dir, &err));
	strbuf_addf(&want,
		    "%s/rules/b.json: rules[0].id: \"t-1\" is also defined in %s/rules/a.json", dir,
		    dir);
	assert_string_equal(err.buf, want.buf);
	/* a missing vocabulary names its path */
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/rules/schema/vocabulary.json", dir);
	remove(want.buf);
	assert_null(ruleset_load(dir, &err));
	assert_contains(err.buf, want.buf);
	strbuf_release(&err);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
}

static void test_malformed_classes(void **state)
{
	(void)state;
	char *dir = copy_data();
	test_write_str(dir, "rules/t.json", MEASURE("t", "", GOOD_RULE));
	test_write_str(dir, "rules/schema/product-classes.tsv",
		       "# c\nby\tmatch\tclass\tsource\npci_class\t02\ttelecom-equipment\tx\n"
		       "pci_class\t03\tgadgets\tx\n");
	struct strbuf err = STRBUF_INIT, want = STRBUF_INIT;
	assert_null(ruleset_load(dir, &err));
	strbuf_addf(&want,
		    "%s/rules/schema/product-classes.tsv:4: unknown product class \"gadgets\"",
		    dir);
	assert_string_equal(err.buf, want.buf);
	test_write_str(dir, "rules/schema/product-classes.tsv",
		       "by\tmatch\tclass\tsource\nwheel_size\t02\tmemory\tx\n");
	assert_null(ruleset_load(dir, &err));
	assert_contains(err.buf, "product-classes.tsv:2: unknown field \"wheel_size\"");
	test_write_str(dir, "rules/schema/product-classes.tsv",
		       "by\tmatch\tclass\tsource\nkind\tdimm\n");
	assert_null(ruleset_load(dir, &err));
	assert_contains(err.buf, "product-classes.tsv:2: expected 4 tab-separated columns");
	strbuf_release(&err);
	strbuf_release(&want);
	test_rmtree(dir);
	free(dir);
}

static void test_malformed_profiles(void **state)
{
	(void)state;
	char *dir = copy_data();
	test_write_str(dir, "rules/t.json", MEASURE("t", "", GOOD_RULE));
	struct strbuf err = STRBUF_INIT;
	static const struct {
		const char *text, *err;
	} cases[] = {
		{"{\"name\": \"x\", \"title\": \"t\", \"description\": \"d\", \"source\": \"s\", "
		 "\"attributes\": {\"colour\": \"red\"}}",
		 "x.json: attributes.colour: unknown attribute"},
		{"{\"name\": \"x\", \"title\": \"t\", \"description\": \"d\", \"source\": \"s\", "
		 "\"attributes\": {\"sector\": [\"toys\"]}}",
		 "x.json: attributes.sector: sector: \"toys\" is not one of: telecom,"},
		{"{\"name\": \"y\", \"title\": \"t\", \"description\": \"d\", \"source\": \"s\", "
		 "\"attributes\": {\"cii\": true}}",
		 "x.json: name: \"y\" does not match the file name (x.json)"},
		{"{\"name\": \"x\", \"title\": \"t\", \"description\": \"d\", \"source\": \"s\", "
		 "\"attributes\": {}}",
		 "x.json: attributes: a profile needs at least one attribute"},
		{"{\"name\": \"x\", \"titel\": \"t\"}", "x.json: titel: unknown key"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		test_write_str(dir, "profiles/x.json", cases[i].text);
		struct ruleset *rs = ruleset_load(dir, &err);
		if (!rs)
			fail_msg("%s", err.buf);
		assert_int_equal(profiles_load(rs, dir, &err), -1);
		assert_contains(err.buf, cases[i].err);
		ruleset_free(rs);
	}
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

/* A member named twice: cJSON read the first ("effective" 2023-05-21 in a
 * rule, a second one below meant to move it to 2030 silently ignored), a
 * profile's attributes the last; each is refused with its file and path. */
static void test_repeated_members(void **state)
{
	(void)state;
	expect_rule_error("\"effective\": \"2023-05-21\",",
			  "\"effective\": \"2023-05-21\", \"effective\": \"2030-01-01\",",
			  "rules[0].effective: given twice in one object (which one counts "
			  "is not defined): keep one");
	expect_rule_error("{\"restricts\": \"purchase\",",
			  "{\"restricts\": \"purchase\", \"restricts\": \"use\",",
			  "rules[0].restrictions[0].restricts: given twice in one object");
	expect_rule_error("\"source\": \"s\",", "\"source\": \"s\", \"source\": \"t\",",
			  "source: given twice in one object");
	char *dir = copy_data();
	test_write_str(dir, "rules/t.json", MEASURE("t", "", GOOD_RULE));
	test_write_str(dir, "profiles/x.json",
		       "{\"name\": \"x\", \"title\": \"t\", \"description\": \"d\", "
		       "\"source\": \"s\", \"attributes\": {\"cii\": false, \"cii\": true}}");
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(dir, &err);
	if (!rs)
		fail_msg("%s", err.buf);
	assert_int_equal(profiles_load(rs, dir, &err), -1);
	assert_contains(err.buf, "x.json: attributes.cii: given twice in one object");
	ruleset_free(rs);
	strbuf_release(&err);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_invariants),
		cmocka_unit_test(test_sweep_every_rule),
		cmocka_unit_test(test_product_classes),
		cmocka_unit_test(test_good_rule_loads),
		cmocka_unit_test(test_malformed_rules),
		cmocka_unit_test(test_malformed_rule_fields),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_malformed_classes),
		cmocka_unit_test(test_malformed_profiles),
		cmocka_unit_test(test_repeated_members),
	};
	return cmocka_run_group_tests(tests, judgeutil_setup, judgeutil_teardown);
}
