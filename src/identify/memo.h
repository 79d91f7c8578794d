/*
 * memo.h — the attribution memo of identify_inventory(): components with the
 * same identifiers get the same attribution.
 *
 * A fleet holds thousands of one DIMM model.  The memo key is the kind and
 * every field identification reads (key, rawness, trust, value), so two components
 * share an attribution only when every piece of its evidence, raw values
 * included, is the same.  Serial numbers and the like are not read, so they
 * do not split the key.
 *
 * WWNs and EUI-64s are read, and unique to each device: keyed by value, no
 * two drives would share anything.  What identification makes of one is the
 * OUI or vendor id inside it, so the key holds that reading instead (its
 * digest, made by identify.c, which alone knows how a field is read: the
 * signals it gives, their rules and where in the value they quote, and its
 * effects; the memo numbers each distinct digest).  Two drives whose
 * identifiers differ only there then differ only in the raw values their
 * evidence quotes, and the second gets a copy of the first's attribution with
 * those pointed at its own value (struct patch in memo.c), or the very same
 * attribution when its WWN named nobody and so is quoted nowhere.  A first
 * attribution that needed its notes (a side stayed unknown, and the reason
 * may quote the WWN) is not reused: each such drive is attributed on its own.
 *
 * Why a module of its own: the memo is a cache with its own correctness
 * argument (above) and its own tables; identify.c decides who made a part,
 * and knows nothing of the memo beyond the calls below.  It lives for one
 * identify_inventory() call; identify_component() has none.
 */
#ifndef IDENTIFY_MEMO_H
#define IDENTIFY_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chipscreen.h"

#define MEMO_MAXUNIQUE	 4   /* WWN/EUI-64 fields of one component the memo handles */
#define MEMO_DIGEST_CAP 128 /* the most a digest may take */

/* An attribution and its evidence arrays, allocated as one block (by
 * identify.c's commit, and by the memo's patched copies). */
struct attr_block {
	struct attribution a;
	struct evidence ev[];
};

struct memo;
struct memo_slot;

/* The digest of unique field f (a WWN or EUI-64) of the component being
 * keyed, into buf (at most MEMO_DIGEST_CAP bytes) at *len, which it
 * advances; false when the field cannot be told that way. */
typedef bool memo_digest_fn(void *arg, const struct field *f, char *buf, size_t *len);

struct memo *memo_new(void);
void memo_free(struct memo *m);

/* c's key into buf (cap bytes) and its unique values into u; false when it
 * does not fit or a unique value is read in a way the memo does not handle
 * (attribute c on its own).  digest is called for each unique field. */
bool memo_key(struct memo *m, const struct component *c, memo_digest_fn *digest, void *arg,
	      char *buf, size_t cap, size_t *len, const char *u[MEMO_MAXUNIQUE], int *nu);

/* The slot of key: one learnt before (memo_known), or where to learn it
 * (valid until the next call of memo_find or memo_learn). */
struct memo_slot *memo_find(struct memo *m, const char *key, size_t len);
bool memo_known(const struct memo_slot *s);
/* The attribution a known slot gives the component whose unique values are
 * u, allocated in inv's arena when it is a patched copy; NULL: attribute it
 * on its own. */
struct attribution *memo_reuse(struct inventory *inv, const struct memo_slot *s,
			       const char *const *u);
/* Learn, in the unknown slot s memo_find just gave for key, how c's
 * attribution serves the next components with that key.  notes: its
 * attribution read its notes (which may quote the unique values). */
void memo_learn(struct memo *m, struct memo_slot *s, const struct component *c, bool notes,
		const char *key, size_t len, const char *const *u, int nu);

/* Does p point into the string v (its terminator included)? */
static inline bool memo_points_into(const char *p, const char *v, size_t vn)
{
	return (uintptr_t)p >= (uintptr_t)v && (uintptr_t)p <= (uintptr_t)v + vn;
}

/* n bytes of v at buf + *k, advancing *k: how keys and digests are built. */
static inline void memo_put(char *buf, size_t *k, const void *v, size_t n)
{
	memcpy(buf + *k, v, n);
	*k += n;
}

#endif
