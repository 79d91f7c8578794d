/*
 * inventory-text.h — the inventory for people: one block per component.
 */
#ifndef REPORT_INVENTORY_TEXT_H
#define REPORT_INVENTORY_TEXT_H

#include <stdio.h>

#include "chipscreen.h"

void inventory_write_text(const struct inventory *inv, FILE *f);

#endif
