/* fuzz_list_csl_json.c — the csl_json list reader, fmt_csl_json (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("csl.json", fmt_csl_json)
