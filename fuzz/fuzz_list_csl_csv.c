/* fuzz_list_csl_csv.c — the csl_csv list reader, fmt_csl_csv (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("csl.csv", fmt_csl_csv)
