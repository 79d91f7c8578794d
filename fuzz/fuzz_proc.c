/*
 * fuzz_proc.c — /proc/cpuinfo and /proc/meminfo as collect reads them when
 * the root-only sources were not (collect/cpuinfo.c, collect/memory.c): from a
 * capture, the text is anyone's.  The input is one file's text, decoded as
 * both (a NUL ends it, as a C string would).
 */
#include "fuzz-support.h"

#include "collect/proc.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct inventory *inv = inventory_new();
	cpuinfo_decode(inv, text, "/proc/cpuinfo");
	(void)cpuinfo_has_flag(text, "hypervisor");
	(void)meminfo_total(text);
	inventory_free(inv);
	free(text);
	return 0;
}
