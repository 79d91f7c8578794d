/* fuzz_import_lshw_xml.c — the lshw xml importer (fuzz-import.h). */
#include "fuzz-import.h"

FUZZ_IMPORT(IMPORT_LSHW_XML)
