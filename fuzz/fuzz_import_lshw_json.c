/* fuzz_import_lshw_json.c — the lshw json importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_LSHW_JSON)
