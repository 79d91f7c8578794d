/*
 * arena.h — region allocation.
 *
 * An inventory, a knowledge base or a rule set lives as long as one command
 * runs and is freed at once.  Allocating it from an arena makes ownership
 * trivial (nothing is freed piecemeal, nothing leaks) and allocation cheap.
 * Allocation failure aborts with a message: chipscreen has no way to recover
 * from out-of-memory that would be better than stopping.
 */
#ifndef UTIL_ARENA_H
#define UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Forget everything allocated, keeping one block for what comes next. */
void arena_reset(struct arena *a);
void *arena_alloc(struct arena *a, size_t n); /* zeroed, aligned for any type */
/* Not zeroed: for memory the caller writes whole at once (a struct copied in). */
void *arena_alloc_uninit(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t count, size_t size);
/* Grow an array held in the arena: returns a copy with room for newcap items. */
void *arena_grow(struct arena *a, void *old, size_t oldcap, size_t newcap, size_t size);
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
size_t arena_used(const struct arena *a); /* bytes handed out, for benchmarks */

/* Push one item onto an arena array (ptr, count, capacity); evaluates to the new slot. */
#define ARENA_PUSH(a, ptr, n, cap)                                                                 \
	((n) == (cap)                                                                              \
		 ? ((ptr) = arena_grow((a), (ptr), (cap), (cap) ? (cap)*2 : 8, sizeof *(ptr)),     \
		    (cap) = (cap) ? (cap)*2 : 8)                                                   \
		 : 0,                                                                              \
	 &(ptr)[(n)++])

#endif
