/*
 * country.c — ISO 3166-1 alpha-2 codes from iso_3166-1.json (country.h).
 *
 * 26 x 26 flags, filled once: a check is two array reads.  The table is the
 * iso-codes package's (Debian iso-codes, /usr/share/iso-codes/json), the
 * maintained copy of ISO 3166-1 that the system already carries.
 */
#include "util/country.h"
#include "util/fileio.h"
#include "util/log.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <string.h>

#define ISO_3166 "/usr/share/iso-codes/json/iso_3166-1.json"

static bool iso_known[26 * 26];
static int iso_state; /* 0 not read, 1 read, -1 unreadable */

static void iso_load(void)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	iso_state = -1;
	if (read_file(ISO_3166, 4u << 20, &text, &err) < 0) {
		log_error("%s (install the iso-codes package): country codes cannot be checked",
			  err.buf);
		goto out;
	}
	cJSON *doc = cJSON_Parse(text.buf);
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "3166-1"))
	{
		const cJSON *a2 = cJSON_GetObjectItem(c, "alpha_2");
		const char *s = cJSON_IsString(a2) ? a2->valuestring : "";
		if (strlen(s) == 2 && isupper((unsigned char)s[0]) &&
		    isupper((unsigned char)s[1])) {
			iso_known[(s[0] - 'A') * 26 + (s[1] - 'A')] = true;
			iso_state = 1;
		}
	}
	cJSON_Delete(doc);
	if (iso_state < 0)
		log_error("%s: no alpha_2 codes read", ISO_3166);
out:
	strbuf_release(&text);
	strbuf_release(&err);
}

int country_code_check(const char *cc, char out[3])
{
	if (!cc || strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) ||
	    !isalpha((unsigned char)cc[1]) || (unsigned char)cc[0] > 127 ||
	    (unsigned char)cc[1] > 127)
		return 0;
	char up[3] = {(char)toupper((unsigned char)cc[0]), (char)toupper((unsigned char)cc[1]), 0};
	if (!iso_state)
		iso_load();
	if (iso_state < 0) {
		memcpy(out, up, 3);
		return -1;
	}
	if (!iso_known[(up[0] - 'A') * 26 + (up[1] - 'A')])
		return 0;
	memcpy(out, up, 3);
	return 1;
}
