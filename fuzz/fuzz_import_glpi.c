/* fuzz_import_glpi.c — the glpi importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_GLPI)
