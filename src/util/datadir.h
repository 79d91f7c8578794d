/*
 * datadir.h — where the knowledge tables and the rule set live.
 *
 * $CHIPSCREEN_DATA when set, else the directory chosen at build time (the
 * source tree's data/ for a build in place, PREFIX/share/chipscreen for an
 * installed one).  Every table names its own path in errors.
 */
#ifndef UTIL_DATADIR_H
#define UTIL_DATADIR_H

#include "util/strbuf.h"

const char *data_dir(void);
/* data_dir() + "/" + rel into out; returns out->buf. */
const char *data_path(struct strbuf *out, const char *rel);

#endif
