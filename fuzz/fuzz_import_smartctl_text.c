/* fuzz_import_smartctl_text.c — the smartctl_text importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_SMARTCTL_TEXT)
