/*
 * memo.c — the attribution memo (see memo.h for what it may reuse and why
 * that is safe).  Two tables, both util/strmap (the project's one hash
 * table): keys to what the first attribution with that key can do for the
 * next (struct memo_slot, in an array indexed by the key's entry), and
 * digests to their numbers (their entry index).  Patches are copied into an
 * arena that lives as long as the memo.
 *
 * This is identify's hot path, and it used to have its own tables (slots
 * holding hash and key pointer).  On strmap, the fleet mix of bench_identify
 * runs 0.5% more instructions and has 8% more L1 read misses (cachegrind,
 * 200,000 components: about one more miss a component, the extra hop from
 * strmap's slot to its entry); best of alternating runs on one core, 1M
 * components, against the old tables: fleet 5.11 vs 5.27 M/s (0.97), unique
 * 2.44 vs 2.68 (0.91), distinct 0.89 vs 0.95 (0.94).  The target (fleet mix
 * at 2 M/s) stays met, so one table it is.
 */
#include "identify/memo.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool memo_field(const struct field *f)
{
	switch (f->key) {
	case FK_MANUFACTURER:
	case FK_PRODUCT:
	case FK_MODEL:
	case FK_PART_NUMBER:
	case FK_JEDEC_MODULE:
	case FK_JEDEC_DRAM:
	case FK_JEDEC_CONTROLLER:
	case FK_JEDEC_REGISTER:
	case FK_MANUFACTURE_DATE:
	case FK_PCI_VENDOR:
	case FK_PCI_SUBVENDOR:
	case FK_PCI_CLASS:
	case FK_USB_VENDOR:
	case FK_USB_CLASS:
	case FK_NVME_SUBSYSNQN:
	case FK_IEEE_OUI:
	case FK_TRANSPORT:
	case FK_EMMC_MANFID:
	case FK_EMMC_NAME:
	case FK_ACQUIRED:
		return true;
	case FK_EXTRA:
		return !strncmp(f->name, "smbios.", 7) || !strcmp(f->name, "query") ||
		       !strcmp(f->name, "vendor_name") || !strcmp(f->name, "description") ||
		       !strcmp(f->name, "rotational"); /* a disk's medium: has_chip */
	default:
		return false;
	}
}

static bool unique_field(const struct field *f)
{
	return f->key == FK_WWID || f->key == FK_EUI64;
}

/* One evidence entry of a memoised attribution that quotes a unique value:
 * in array arr (0 maker, 1 chip maker, 2 OEM, 3 conflicts), entry idx, at
 * offset off of the component's unique value number k. */
struct patch {
	uint8_t arr, k;
	uint16_t off;
	uint32_t idx;
};

enum memo_use {
	MEMO_SHARE, /* the same attribution */
	MEMO_PATCH, /* a copy, with the raw values of the patches changed */
	MEMO_EACH,  /* attribute each component on its own */
};

/* What a key's first attribution does for the next components with it;
 * kept small, as a fleet of drives that all differ makes a hundred thousand. */
struct memo_slot {
	struct attribution *attr;
	const struct patch *patch; /* npatch of them, in the memo's arena */
	uint8_t use;		   /* enum memo_use */
	uint8_t npatch;
	bool known;		   /* false: the pending slot memo_find gave for a new key */
};

struct memo {
	struct strmap digests; /* a unique field's digest -> its number (entry index) */
	struct strmap keys;    /* a component's key -> slot[entry index] */
	struct memo_slot *slot, pending;
	size_t cap;
	struct arena *patches;
};

#define MAXPATCH 255

bool memo_key(struct memo *m, const struct component *c, memo_digest_fn *digest, void *arg,
	      char *buf, size_t cap, size_t *len, const char *u[MEMO_MAXUNIQUE], int *nu)
{
	size_t k = 0;
	*nu = 0;
	buf[k++] = (char)c->kind;
	for (size_t i = 0; i < c->nfields; i++) {
		const struct field *f = &c->fields[i];
		if (unique_field(f)) {
			/* the digest, by its number: the key stays short */
			char d[MEMO_DIGEST_CAP];
			size_t dn = 0;
			if (*nu == MEMO_MAXUNIQUE || k + 2 + sizeof(uint32_t) > cap)
				return false;
			if (!digest(arg, f, d, &dn))
				return false;
			uint32_t id = (uint32_t)strmap_intern(&m->digests, d, dn, NULL);
			buf[k++] = (char)(f->key + 1);
			buf[k++] = (char)((f->flags & (FIELD_RAW | FIELD_UNTRUSTED)) + 1);
			memo_put(buf, &k, &id, sizeof id);
			u[(*nu)++] = f->value;
			continue;
		}
		if (!memo_field(f))
			continue;
		size_t vn = strlen(f->value), nn = f->key == FK_EXTRA ? strlen(f->name) + 1 : 0;
		if (k + 3 + nn + vn + 1 > cap)
			return false;
		buf[k++] = (char)(f->key + 1);
		buf[k++] = (char)((f->flags & (FIELD_RAW | FIELD_UNTRUSTED)) + 1);
		if (nn) {
			memcpy(buf + k, f->name, nn);
			k += nn;
		}
		memcpy(buf + k, f->value, vn + 1);
		k += vn + 1;
	}
	*len = k;
	return true;
}

/* The evidence arrays of an attribution, in struct patch's order. */
static void ev_arrays(struct attribution *a, struct evidence ***v, size_t *n)
{
	v[0] = &a->maker.ev, n[0] = a->maker.nev;
	v[1] = &a->chip_maker.ev, n[1] = a->chip_maker.nev;
	v[2] = &a->oem.ev, n[2] = a->oem.nev;
	v[3] = &a->conflicts, n[3] = a->nconflicts;
}

/* The evidence entries of c's attribution quoting its unique values u, as
 * patches: their number, or -1 when they cannot be told apart (an entry
 * quoting a place that is also another field's value: a loader may share
 * strings) or are too many. */
static int find_patches(const struct component *c, const char *const *u, int nu, struct patch *p)
{
	struct evidence **arr[4];
	size_t n[4];
	int np = 0;
	ev_arrays(c->attr, arr, n);
	for (int a = 0; a < 4; a++) {
		for (size_t i = 0; i < n[a]; i++) {
			const char *raw = (*arr[a])[i].raw;
			int hit = -1, hits = 0;
			for (size_t j = 0; raw && j < c->nfields; j++) {
				const char *v = c->fields[j].value;
				if (memo_points_into(raw, v, strlen(v))) {
					hits++;
					for (int k = 0; k < nu; k++)
						if (v == u[k])
							hit = k;
				}
			}
			if (hit < 0)
				continue;
			if (hits > 1 || np == MAXPATCH)
				return -1;
			uint16_t off = (uint16_t)((uintptr_t)raw - (uintptr_t)u[hit]);
			p[np++] = (struct patch){(uint8_t)a, (uint8_t)hit, off, (uint32_t)i};
		}
	}
	return np;
}

/* How the attribution just made for c serves the next components with its
 * key: the same, a copy with the patches applied, or none (each attributed
 * on its own). */
void memo_learn(struct memo *m, struct memo_slot *s, const struct component *c, bool notes,
		const char *key, size_t len, const char *const *u, int nu)
{
	struct patch p[MAXPATCH];
	int np = 0;
	s->attr = c->attr;
	s->use = MEMO_SHARE;
	if (nu && notes)
		s->use = MEMO_EACH;
	else if (nu)
		np = find_patches(c, u, nu, p);
	if (np < 0)
		s->use = MEMO_EACH;
	else if (np > 0)
		s->use = MEMO_PATCH;
	s->npatch = (uint8_t)(np > 0 ? np : 0);
	s->patch = s->npatch ? memcpy(arena_alloc_uninit(m->patches, s->npatch * sizeof *p), p,
				      s->npatch * sizeof *p)
			     : NULL;
	s->known = true;
	size_t i = strmap_intern(&m->keys, key, len, NULL);
	if (i >= m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->slot = xreallocarray(m->slot, m->cap, sizeof *m->slot);
	}
	m->slot[i] = *s;
}

/* A copy of the memoised attribution quoting u, this component's unique
 * values: only the evidence arrays with an entry to change are copied. */
static struct attribution *patched(struct inventory *inv, const struct memo_slot *s,
				  const char *const *u)
{
	struct evidence **arr[4];
	size_t n[4], total = 0;
	unsigned copied = 0;
	const struct patch *patch = s->patch;
	ev_arrays(s->attr, arr, n);
	for (int i = 0; i < s->npatch; i++)
		copied |= 1u << patch[i].arr;
	for (int a = 0; a < 4; a++)
		if (copied & 1u << a)
			total += n[a];
	struct attr_block *b =
		arena_alloc_uninit(inv->arena, sizeof *b + total * sizeof(struct evidence));
	b->a = *s->attr;
	struct evidence *e = b->ev, **dst[4];
	ev_arrays(&b->a, dst, n);
	for (int a = 0; a < 4; a++) {
		if (!(copied & 1u << a))
			continue;
		*dst[a] = memcpy(e, *arr[a], n[a] * sizeof *e);
		e += n[a];
	}
	for (int i = 0; i < s->npatch; i++) {
		const struct patch *p = &patch[i];
		(*dst[p->arr])[p->idx].raw = u[p->k] + p->off;
	}
	return &b->a;
}

struct memo *memo_new(void)
{
	struct memo *m = xcalloc(1, sizeof *m);
	m->patches = arena_new();
	return m;
}

void memo_free(struct memo *m)
{
	if (!m)
		return;
	free(m->slot);
	strmap_free(&m->keys);
	strmap_free(&m->digests);
	arena_free(m->patches);
	free(m);
}

struct memo_slot *memo_find(struct memo *m, const char *key, size_t len)
{
	long i = strmap_find(&m->keys, key, len);
	if (i >= 0)
		return &m->slot[i];
	m->pending = (struct memo_slot){0};
	return &m->pending;
}

bool memo_known(const struct memo_slot *s)
{
	return s->known;
}

struct attribution *memo_reuse(struct inventory *inv, const struct memo_slot *s,
			       const char *const *u)
{
	if (s->use == MEMO_SHARE)
		return s->attr;
	if (s->use == MEMO_PATCH)
		return patched(inv, s, u);
	return NULL;
}
