/*
 * nvme.c — not built yet (issue: collect).
 */
#include "collect/collect.h"

void collect_nvme(struct collect_ctx *cc)
{
	(void)cc;
}
