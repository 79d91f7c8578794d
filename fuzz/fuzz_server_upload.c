/*
 * fuzz_server_upload.c — POST /api/v1/inventories as an agent sends it
 * (fuzz-server.h): the body decoded by its Content-Encoding within the
 * limit, measured (JSON depth and values), read as an inventory (the fast
 * reader, else cJSON and inventory_from_json), prepared and stored by the
 * writer.  A refusal is a 4xx with a reason; an upload answered 201 is read
 * back from the store and round-trips.  The first byte chooses the encoding
 * (server_body).
 */
#include "fuzz-server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return server_post("/api/v1/inventories", 0, data, size);
}
