/* fuzz_import_dmidecode.c — the dmidecode importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_DMIDECODE)
