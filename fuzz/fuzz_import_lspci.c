/* fuzz_import_lspci.c — the lspci importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_LSPCI)
