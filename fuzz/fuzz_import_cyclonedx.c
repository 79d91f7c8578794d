/* fuzz_import_cyclonedx.c — the cyclonedx importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_CYCLONEDX)
