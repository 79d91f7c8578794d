/*
 * judgeutil.h — shared by the rules tests (header-only: the build links
 * the tests/support files into every test, not files beside the tests).
 *
 * A rule set and knowledge base loaded once per program, components with
 * attributions set by hand, and one-shot judging.  Tests set c->attr directly
 * (maker org, confidence, chip maker) so that they do not depend on identify;
 * the few that go through identify_inventory first check that the knowledge
 * base knows the organisation, and skip with a message otherwise.
 */
#ifndef TESTS_RULES_JUDGEUTIL_H
#define TESTS_RULES_JUDGEUTIL_H

#include "testutil.h"

#include "chipscreen.h"
#include "identify/identify.h"
#include "rules/judge.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "util/date.h"

#include <stdarg.h>
#include <string.h>

static struct ruleset *T_rs;
static struct kb *T_kb;

static inline int judgeutil_setup(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	T_rs = ruleset_load(NULL, &err);
	if (!T_rs || profiles_load(T_rs, NULL, &err) < 0) {
		print_error("%s\n", err.buf);
		return -1;
	}
	T_kb = kb_load(NULL, NULL, NULL, &err);
	strbuf_release(&err);
	return T_kb ? 0 : -1;
}

static inline int judgeutil_teardown(void **state)
{
	(void)state;
	ruleset_free(T_rs);
	kb_free(T_kb);
	return 0;
}

static inline struct component *t_part(struct inventory *inv, enum kind k, const char *id,
				       const char *maker, enum confidence conf, const char *chip)
{
	struct component *c = inventory_add(inv, k, id, "test");
	struct attribution *a = arena_alloc(inv->arena, sizeof *a);
	a->maker.org = maker;
	a->maker.name = maker;
	a->maker.conf = maker ? conf : CONF_NONE;
	if (!maker)
		a->maker.unknown_reason = "no identifier the knowledge base knows";
	if (k == KIND_DIMM) {
		a->has_chip = true;
		a->chip_maker.org = chip;
		a->chip_maker.name = chip;
		a->chip_maker.conf = chip ? CONF_CERTAIN : CONF_NONE;
		if (!chip)
			a->chip_maker.unknown_reason = "no SPD";
	}
	c->attr = a;
	return c;
}

static inline const struct profile *t_named(const char *name)
{
	const struct profile *p = profile_find(T_rs, name);
	assert_non_null(p);
	return p;
}

/* A profile: base (NULL: custom) plus "key=value" settings, NULL-terminated. */
static inline const struct profile *t_profile(struct arena *a, const char *base, ...)
{
	struct profile_request rq;
	struct strbuf err = STRBUF_INIT;
	const struct profile *p = NULL;
	profile_request_init(&rq, a);
	if (base)
		profile_request_add(&rq, "profile", base, "test");
	va_list ap;
	va_start(ap, base);
	for (const char *s; (s = va_arg(ap, const char *));)
		assert_int_equal(profile_request_add_arg(&rq, s, &err), 0);
	va_end(ap);
	if (profile_resolve(T_rs, &rq, &p, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	return p;
}

static inline const struct finding *t_judge(struct scan_result *res, const struct profile *p,
					    const char *date, const char *acquired,
					    const struct component *c, const char *rule_id)
{
	struct judge_opts o = {T_rs, T_kb, p, date_parse(date),
			       acquired ? date_parse(acquired) : 0};
	assert_true(o.date > 0);
	res->nfindings = 0;
	judge_component(&o, res, c);
	for (size_t i = 0; i < res->nfindings; i++)
		if (!strcmp(res->findings[i].rule_id, rule_id))
			return &res->findings[i];
	return NULL;
}

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		const char *h_ = (hay), *n_ = (needle);                                            \
		if (!h_ || !strstr(h_, n_))                                                        \
			fail_msg("\"%s\" does not contain \"%s\"", h_ ? h_ : "(null)", n_);        \
	} while (0)

#define assert_verdict(f, v)                                                                       \
	do {                                                                                       \
		const struct finding *f_ = (f);                                                    \
		if (!f_)                                                                           \
			fail_msg("no finding, expected %s", verdict_name(v));                      \
		if (f_->verdict != (v))                                                            \
			fail_msg("verdict %s, expected %s: %s", verdict_name(f_->verdict),         \
				 verdict_name(v), f_->reason);                                     \
	} while (0)

#endif
