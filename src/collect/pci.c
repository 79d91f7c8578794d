/*
 * pci.c — not built yet (issue: collect).
 */
#include "collect/collect.h"

void collect_pci(struct collect_ctx *cc)
{
	(void)cc;
}
