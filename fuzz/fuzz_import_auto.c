/* fuzz_import_auto.c — the auto importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_AUTO)
