/* fuzz_import_decode_dimms.c — the decode dimms importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_DECODE_DIMMS)
