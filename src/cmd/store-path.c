/*
 * store-path.c — commands that read a store refuse one that is not there.
 *
 * Opening a store creates it, so `fleet --db chipscren.db` used to create an
 * empty store and report "0 hosts", exit 0: a typo that passes a gate.  Only
 * the commands that fill a store (import, lists import) create one, or any
 * command given --create; the others check the path first (cmd.h).  An
 * empty file is refused too: SQLite would take it for a new store and
 * overwrite it, and it is most likely the wrong file named.
 *
 * Also here: the lower-casing that lets --format JSON and --profile CN-CII
 * through (a word the user obviously meant is not a usage error).
 */
#include "cmd/cmd.h"
#include "chipscreen.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/log.h"

#include <ctype.h>
#include <sys/stat.h>

int store_must_exist(const char *cmd, const char *db, bool can_create)
{
	struct strbuf def = STRBUF_INIT;
	const char *path = db ? db : store_default_path(&def);
	struct stat st;
	int rc = 0;
	if (!path_exists(path)) {
		log_error("%s: no store at %s%s: a typo? (chipscreen import, chipscreen lists "
			  "import and chipscreen lists update create a store%s)",
			  cmd, path, db ? "" : " (the default store)",
			  can_create ? "; --create makes an empty one" : "");
		rc = EXIT_ERROR;
	} else if (is_dir(path)) {
		log_error("%s: %s is a directory, not a store: give the store's file with --db",
			  cmd, path);
		rc = EXIT_ERROR;
	} else if (!stat(path, &st) && S_ISREG(st.st_mode) && st.st_size == 0) {
		/* SQLite would take an empty file for a new store and write one into it */
		log_error("%s: %s is an empty file, not a store: a typo? (chipscreen import, "
			  "chipscreen lists import and chipscreen lists update create a store)",
			  cmd, path);
		rc = EXIT_ERROR;
	}
	strbuf_release(&def);
	return rc;
}

const char *cmd_lowercase(char *buf, size_t n, const char *s)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[i] = '\0';
	return s[i] ? s : buf; /* too long for buf: not a word we know anyway */
}
