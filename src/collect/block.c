/*
 * block.c — not built yet (issue: collect).
 */
#include "collect/collect.h"

void collect_block(struct collect_ctx *cc)
{
	(void)cc;
}
