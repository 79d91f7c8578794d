/*
 * usb.c — not built yet (issue: collect).
 */
#include "collect/collect.h"

void collect_usb(struct collect_ctx *cc)
{
	(void)cc;
}
