/*
 * smbios.c — not built yet (issue: collect).
 */
#include "collect/collect.h"

void collect_smbios(struct collect_ctx *cc)
{
	(void)cc;
}
