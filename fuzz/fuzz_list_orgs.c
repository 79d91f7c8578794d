/* fuzz_list_orgs.c — the orgs list reader, fmt_orgs (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("orgs.tsv", fmt_orgs)
