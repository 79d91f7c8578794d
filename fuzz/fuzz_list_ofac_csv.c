/* fuzz_list_ofac_csv.c — the ofac_csv list reader, fmt_ofac_csv (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("sdn.csv", fmt_ofac_csv)
