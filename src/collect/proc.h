/*
 * proc.h — what collect reads from /proc when the root-only sources were not
 * read: the processors (collect/cpuinfo.c) and the memory total
 * (collect/memory.c).  The decoders take the files' text, so that tests and
 * fuzz/fuzz_proc.c drive them without a tree.
 */
#ifndef COLLECT_PROC_H
#define COLLECT_PROC_H

#include <stdbool.h>

#include "chipscreen.h"

/* The file, as named in sources; collect reads it once per run (cc_cpuinfo). */
#define PROC_CPUINFO "/proc/cpuinfo"

/* One component per package in cpuinfo's text ("cpu/cpuinfo-N"), source src;
 * how many. */
int cpuinfo_decode(struct inventory *inv, const char *text, const char *src);
/* Whether the first "flags" line of cpuinfo's text holds the word flag. */
bool cpuinfo_has_flag(const char *text, const char *flag);
/* meminfo's MemTotal in bytes, or 0 when the line is absent or not a number
 * of kB. */
unsigned long long meminfo_total(const char *text);

#endif
