/*
 * fuzz_server_screen.c — POST /api/v1/screen, a batch of names screened
 * against the index of the list imported at set-up (fuzz-server.h): the
 * body decoded, measured (8 levels, 200,000 values), parsed, {"names": [...]}
 * of strings or objects (name, country, address, id) and "min".  The first
 * byte chooses the encoding (server_body).
 */
#include "fuzz-server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return server_post("/api/v1/screen", 1, data, size);
}
