/*
 * spd.c — not built yet (issue: collect).
 */
#include "collect/collect.h"

void collect_spd(struct collect_ctx *cc)
{
	(void)cc;
}
