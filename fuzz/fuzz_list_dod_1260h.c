/* fuzz_list_dod_1260h.c — the dod_1260h list reader, fmt_dod_1260h (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("sanctions.csv", fmt_dod_1260h)
