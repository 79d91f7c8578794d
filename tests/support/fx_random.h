/*
 * fx_random.h — random valid inputs for the property tests (doc/testing.md,
 * "Property tests"): inventories built through the inventory API and
 * restricted-party list entries built through the list import API.
 *
 * The fuzzers (fuzz/) give parsers hostile bytes; these generators give the
 * code after the parsers — the fleet store's SQL writers, the list store and
 * the report renderers — inputs that every parser could have produced, with
 * what a hostile device or list file can put in a valid one: quotes,
 * backslashes and literal "\x41", control characters (no NUL: C strings
 * cannot hold one), bidi overrides, markup and spreadsheet formulas, several
 * scripts, empty and very long values, duplicated serial numbers, hundreds of
 * components.  A quarter of the components carry the codes of makers the
 * shipped rules name (Micron, CXMT, Huawei, YMTC), so that judging them
 * gives findings to render.
 *
 * Reproducible: the PRNG is splitmix64.  prop_seed() is the run's seed,
 * CHIPSCREEN_PROP_SEED when set (a number, or "random" for the clock), else
 * a fixed default; iteration i uses prop_iter_seed(seed, i), and a failure
 * prints that number, which CHIPSCREEN_PROP_SEED=N CHIPSCREEN_PROP_ITER=1
 * replays alone.  CHIPSCREEN_PROP_ITER sets the number of iterations.
 */
#ifndef FX_RANDOM_H
#define FX_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chipscreen.h"
#include "util/strbuf.h"

struct prng {
	uint64_t s;
};

uint64_t prng_next(struct prng *r);
/* Uniform in [0, n); 0 when n is 0. */
uint32_t prng_below(struct prng *r, uint32_t n);
/* True with probability num/den. */
bool prng_chance(struct prng *r, uint32_t num, uint32_t den);

/* The run's seed (CHIPSCREEN_PROP_SEED, else def) and iteration count
 * (CHIPSCREEN_PROP_ITER, else def). */
uint64_t prop_seed(uint64_t def);
unsigned prop_iterations(unsigned def);
/* The seed of iteration i: the seed itself for i 0, so that a printed
 * iteration seed replays with one iteration. */
uint64_t prop_iter_seed(uint64_t seed, unsigned i);

/* Append a random text of a few pieces (words, hostile strings, scripts,
 * controls, sometimes 1-9 KiB) to out; may append nothing. */
void fx_random_text(struct prng *r, struct strbuf *out);
/* Same, never empty and never only blanks. */
void fx_random_word_text(struct prng *r, struct strbuf *out);

struct fx_random_opts {
	size_t max_comps;   /* components: 0..max_comps, now and then 5x that */
	bool markup;        /* put "<script>" and other markup in values */
	const char *serial; /* the host's serial (NULL: random) */
	const char *uuid;   /* the host's UUID (NULL: random, maybe none) */
};

/* A random valid inventory (free with inventory_free). */
struct inventory *fx_random_inventory(struct prng *r, const struct fx_random_opts *o);

#endif
