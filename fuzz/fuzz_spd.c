/*
 * fuzz_spd.c — an SPD EEPROM image (collect/spd.c), as read from
 * /sys/bus/i2c/devices/N-005X/eeprom: spd_decode on the bytes as they are.
 */
#include "fuzz-support.h"

#include "collect/spd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory *inv = inventory_new();
	struct component *c = inventory_add(inv, KIND_DIMM, "dimm/fuzz", "fuzz");
	spd_decode(inv, c, data, size, "fuzz");
	inventory_free(inv);
	return 0;
}
