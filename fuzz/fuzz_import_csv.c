/* fuzz_import_csv.c — the csv importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_CSV)
