/* fuzz_list_special_leg.c — the special_leg list reader, fmt_special_leg (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("special.csv", fmt_special_leg)
