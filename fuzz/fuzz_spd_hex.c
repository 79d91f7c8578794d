/*
 * fuzz_spd_hex.c — SPD hex dumps ("OOOO: XX XX ..."), then the image they
 * give decoded as fuzz_spd decodes one.
 */
#include "fuzz-support.h"

#include "collect/spd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t img[SPD_MAX_SIZE];
	size_t n = 0;
	struct strbuf err = STRBUF_INIT;
	spd_is_hex_text((const char *)data, size);
	if (spd_parse_hex_text((const char *)data, size, img, sizeof img, &n, &err) == 0) {
		if (n > sizeof img)
			fuzz_abort("%zu bytes parsed into %zu", n, sizeof img);
		struct inventory *inv = inventory_new();
		struct component *c = inventory_add(inv, KIND_DIMM, "dimm/fuzz", "fuzz");
		spd_decode(inv, c, img, n, "fuzz");
		inventory_free(inv);
	} else if (!err.len) {
		fuzz_abort("a refused hex dump without a reason");
	}
	strbuf_release(&err);
	return 0;
}
