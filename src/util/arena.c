/*
 * arena.c — chained blocks; large requests get a block of their own.
 */
#include "util/arena.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)       /* first block */
#define BLOCK_MAX  (4 * 1024 * 1024) /* blocks grow with the arena, up to this */
#define ALIGN      _Alignof(max_align_t)

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void arena_reset(struct arena *a)
{
	/* The head is the newest growing block (big requests sit behind it):
	 * kept, so a reader that resets per file allocates nothing in steady
	 * state. */
	struct block *keep = a->head;
	if (!keep)
		return;
	for (struct block *b = keep->next, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	keep->next = NULL;
	keep->used = 0;
	a->total = 0;
}

static struct block *block_new(size_t size)
{
	struct block *b = xmalloc(sizeof *b + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *arena_alloc_uninit(struct arena *a, size_t n)
{
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	struct block *b = a->head;
	if (!b || b->size - b->used < n) {
		if (n > BLOCK_SIZE / 4) {
			/* A big request gets its own block, kept behind the head so
			 * the head's free space is not wasted. */
			struct block *big = block_new(n);
			big->used = n;
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			a->total += n;
			return big->data;
		}
		/* Blocks grow with what the arena holds, so a large inventory
		 * (a million attributions) takes few, large allocations. */
		size_t size = BLOCK_SIZE;
		while (size < BLOCK_MAX && size < a->total / 4)
			size *= 2;
		b = block_new(size);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	a->total += n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_alloc_uninit(a, n);
	memset(p, 0, n);
	return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size) {
		fprintf(stderr, "chipscreen: allocation overflow\n");
		abort();
	}
	return arena_alloc(a, count * size);
}

void *arena_grow(struct arena *a, void *old, size_t oldcap, size_t newcap, size_t size)
{
	void *p = arena_calloc(a, newcap, size);
	if (old && oldcap)
		memcpy(p, old, oldcap * size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
