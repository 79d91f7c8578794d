/*
 * fuzz.h — what the libFuzzer harnesses share (doc/testing.md).
 *
 * Each fuzz/fuzz_*.c is one harness: LLVMFuzzerTestOneInput hands the input
 * to one parser of untrusted input, the way chipscreen calls it.  The
 * harnesses are built with clang -fsanitize=fuzzer,address,undefined against
 * a libchipscreen.a built with the same sanitizers (make fuzz), so a crash,
 * a leak, an out-of-bounds read or undefined behaviour stops the run with
 * the input that caused it.  A harness asserts what must hold whatever the
 * input (fuzz_abort): a parser that accepts must produce what its twin
 * produces, and so on.
 *
 * Parsers that read a file by path get the input written to a file in a
 * private temporary directory (fuzz_file), removed at exit.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chipscreen.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A private directory for this process, made on first use, removed at exit. */
const char *fuzz_dir(void);
/* Write data to <fuzz_dir>/name; returns the path (static storage, valid
 * until the next call). */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);
/* An invariant does not hold: say which, and abort (libFuzzer keeps the input). */
void fuzz_abort(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The data directory of this source tree (rules, profiles, knowledge). */
#ifndef CHIPSCREEN_DATADIR
#define CHIPSCREEN_DATADIR "data"
#endif

#endif
