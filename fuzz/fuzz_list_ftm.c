/* fuzz_list_ftm.c — the ftm list reader, fmt_ftm (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("entities.ftm.json", fmt_ftm)
