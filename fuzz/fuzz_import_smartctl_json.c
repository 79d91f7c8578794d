/* fuzz_import_smartctl_json.c — the smartctl_json importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_SMARTCTL_JSON)
