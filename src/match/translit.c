/*
 * translit.c — ICU transliteration of names (match/translit.h).
 *
 * ICU's C API renames every function with its major version
 * (utrans_openU is utrans_openU_72), so the symbol names are built from the
 * header's own macros: ICU_NAME(f) expands f first, then stringifies it.
 *
 * One transliterator, opened when first needed and used under a mutex: the
 * server normalises names in many threads, and ICU does not promise that one
 * transliterator may run in several at once.  Only names in a script other
 * than Latin or CJK come here, a small share of a search's time.
 */
#include "match/translit.h"
#include "util/lazylib.h"
#include "util/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

#define ICU_STR_(x) #x
#define ICU_STR(x)  ICU_STR_(x)

#define ICU_FUNCS(X) X(utrans_openU) X(utrans_transUChars) X(u_strFromUTF8) X(u_strToUTF8)
#define ICU_DECLARE(f) static __typeof__(f) *icu_##f;
#define ICU_ENTRY(f)   {ICU_STR(f), (void **)&icu_##f},
ICU_FUNCS(ICU_DECLARE)
static const struct lazysym icu_syms[] = {ICU_FUNCS(ICU_ENTRY){0}};
static struct lazylib libicu =
	LAZYLIB_INIT("libicui18n.so." ICU_STR(U_ICU_VERSION_MAJOR_NUM),
		     "libicu" ICU_STR(U_ICU_VERSION_MAJOR_NUM), "transliterating names", icu_syms);

static const char rules[] = "::[^[:Han:][:Hiragana:][:Katakana:]]; ::Russian-Latin/BGN; "
			    "\\u00B7 > ; ::Any-Latin; ::Latin-ASCII;";

static pthread_mutex_t trans_mu = PTHREAD_MUTEX_INITIALIZER; /* guards trans and state */
static UTransliterator *trans;
static int state; /* 0 not tried, 1 ready, -1 unavailable */

static bool latin_or_cjk(int32_t c)
{
	return c < 0x370 || (c >= 0x1E00 && c < 0x2000) || /* Latin, Latin Extended Additional */
	       (c >= 0x2000 && c < 0x2E80) ||              /* punctuation, symbols */
	       (c >= 0x2E80 && c < 0xA000) ||              /* CJK, kana */
	       (c >= 0xF900 && c < 0xFB00) || (c >= 0xFE30 && c < 0xFFF0) || c >= 0x20000;
}

bool translit_needed(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] < 0xC0) {
			i++;
			continue;
		}
		int32_t c;
		utf8proc_ssize_t k =
			utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0)
			return false;
		if (!latin_or_cjk(c) && utf8proc_category(c) <= UTF8PROC_CATEGORY_LO)
			return true;
		i += (size_t)k;
	}
	return false;
}

static bool open_trans(void)
{
	if (state)
		return state > 0;
	state = -1;
	struct strbuf err = STRBUF_INIT;
	if (lazylib_load(&libicu, &err) < 0) {
		log_warn("%s; names in other scripts are compared untransliterated", err.buf);
		strbuf_release(&err);
		return false;
	}
	strbuf_release(&err);
	UChar id[] = {'c', 's', 0}, r[sizeof rules];
	for (size_t i = 0; i < sizeof rules; i++)
		r[i] = (UChar)rules[i];
	UErrorCode ec = U_ZERO_ERROR;
	UParseError pe;
	trans = icu_utrans_openU(id, -1, UTRANS_FORWARD, r, (int32_t)(sizeof rules - 1), &pe, &ec);
	if (U_FAILURE(ec) || !trans) {
		log_warn("ICU cannot build the transliterator (error %d); names in other scripts "
			 "are compared untransliterated",
			 (int)ec);
		return false;
	}
	state = 1;
	return true;
}

static bool translit_locked(const char *s, size_t n, struct strbuf *out)
{
	strbuf_reset(out);
	if (!open_trans() || n > 4096) {
		strbuf_add(out, s, n);
		return false;
	}
	UChar buf[4 * 4096 + 64];
	int32_t len = 0, cap = (int32_t)(sizeof buf / sizeof *buf);
	UErrorCode ec = U_ZERO_ERROR;
	icu_u_strFromUTF8(buf, cap / 4, &len, s, (int32_t)n, &ec);
	if (U_FAILURE(ec)) {
		strbuf_add(out, s, n);
		return false;
	}
	int32_t limit = len;
	icu_utrans_transUChars(trans, buf, &len, cap, 0, &limit, &ec);
	char u8[4 * sizeof buf / sizeof *buf];
	int32_t u8len = 0;
	if (!U_FAILURE(ec))
		icu_u_strToUTF8(u8, (int32_t)sizeof u8, &u8len, buf, len, &ec);
	if (U_FAILURE(ec)) {
		strbuf_add(out, s, n);
		return false;
	}
	strbuf_add(out, u8, (size_t)u8len);
	return true;
}

bool translit_latin(const char *s, size_t n, struct strbuf *out)
{
	pthread_mutex_lock(&trans_mu);
	bool ok = translit_locked(s, n, out);
	pthread_mutex_unlock(&trans_mu);
	return ok;
}
