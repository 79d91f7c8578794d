/* fuzz_list_dpl.c — the dpl list reader, fmt_dpl (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("dpl.txt", fmt_dpl)
