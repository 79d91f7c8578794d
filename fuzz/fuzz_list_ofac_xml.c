/* fuzz_list_ofac_xml.c — the ofac_xml list reader, fmt_ofac_xml (fuzz-list.h). */
#include "fuzz-list.h"

FUZZ_LIST("sdn.xml", fmt_ofac_xml)
