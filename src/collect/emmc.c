/*
 * emmc.c — not built yet (issue: collect).
 */
#include "collect/collect.h"

void collect_emmc(struct collect_ctx *cc)
{
	(void)cc;
}
