/*
 * fuzz_smbios.c — SMBIOS entry point and structure table
 * (/sys/firmware/dmi/tables/smbios_entry_point and DMI, collect/smbios.c).
 * The first byte says how long the entry point is (0: none, as when the
 * kernel exposes only the table; else 1 to 31 bytes, the 2.1 and 3.0
 * entry points being 31 and 24); the rest is the table.
 */
#include "fuzz-support.h"

#include "collect/smbios.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	size_t eplen = data[0] % 32;
	if (eplen > size - 1)
		eplen = size - 1;
	const uint8_t *ep = eplen ? data + 1 : NULL;
	struct inventory *inv = inventory_new();
	smbios_decode(inv, ep, eplen, data + 1 + eplen, size - 1 - eplen, "entry_point", "DMI");
	inventory_free(inv);
	return 0;
}
