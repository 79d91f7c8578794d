/* fuzz_import_lsusb.c — the lsusb importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_LSUSB)
