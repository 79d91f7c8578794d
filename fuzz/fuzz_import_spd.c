/* fuzz_import_spd.c — the spd importer: a raw EEPROM image or a hex dump (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_SPD)
