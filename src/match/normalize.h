/*
 * normalize.h — names into comparable tokens (doc/matching.md, "Normalisation").
 *
 * A name is read as UTF-8 (bytes that are not valid UTF-8 are read as
 * Windows-1252, which is what such bytes in list files turn out to be), then
 * NFKC with case folding and marks stripped (utf8proc): "Ｈｕａｗｅｉ",
 * "HUAWEI" and "Huawéi" give the same letters.  The tokeniser then splits on
 * punctuation and spaces, with these rules:
 *
 *   - apostrophes join ("JIM'ALE" is "jimale"); "&" is the word "and";
 *   - single letters written with dots ("S.A.", "L.L.C.") join ("sa", "llc");
 *   - a token holding a digit is a number: it only ever equals itself;
 *   - a lone Latin letter is an initial;
 *   - runs of Han or kana characters lose their legal-form suffix
 *     (有限公司, ...) and become character bigrams, which keep their order;
 *   - legal forms (data/legal-forms.tsv) become one token whose text is
 *     their class ("Co., Ltd." and "Company Limited" are both "ltd"), unless
 *     the name would then hold nothing else;
 *   - abbreviations expand (data/name-abbreviations.tsv) and a light
 *     English plural rule folds "technologies" to "technology".
 *
 * The tables are loaded once from data_dir(); norm_tables() fails with a
 * message naming the file when they cannot be read.
 */
#ifndef MATCH_NORMALIZE_H
#define MATCH_NORMALIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

enum tok_kind {
	TK_WORD = 'W',
	TK_NUM = 'N',     /* holds a digit: exact match only */
	TK_LEGAL = 'L',   /* legal form; text is its class */
	TK_INITIAL = 'I', /* a single Latin letter */
	TK_CJK = 'C',     /* a Han/kana bigram (or single character) */
	TK_PLACE = 'P',   /* never a token's kind: a place word as scoring sees it */
};

#define NAME_MAX_TOKENS 40

struct ntok {
	char kind;
	bool folded;  /* an English plural folded away: "trans" is "tran" */
	uint32_t off; /* text at nname.buf.buf + off, NUL-terminated */
	uint32_t len; /* bytes */
	uint32_t cps; /* code points */
};

struct nname {
	int n;
	bool truncated; /* more than NAME_MAX_TOKENS tokens: the rest ignored */
	bool only_legal; /* every word a legal form ("Co., Ltd."): kept as words */
	struct ntok t[NAME_MAX_TOKENS];
	struct strbuf buf;
};

struct norm_tables;

/* Load (once) and return the tables; NULL with err naming the file on failure. */
const struct norm_tables *norm_tables(struct strbuf *err);
/* Drop the loaded tables (tests that change CHIPSCREEN_DATA). */
void norm_tables_reset(void);

void nname_init(struct nname *nn);
void nname_release(struct nname *nn);
/* Tokenise name (n bytes) into nn (reset first). */
void normalize_name(const struct norm_tables *tab, const char *name, size_t n, struct nname *nn);
/*
 * Why a normalised name gives nothing to screen on, or NULL: no letter or
 * digit at all (blank, punctuation: "!!!"), only legal forms ("Co.,
 * Ltd."), or only single letters ("A", "X Corp"), which name no party.
 * Every listed name would score 0 against the first two, and "no hit" would
 * read as a party screened and clear; a letter alone is a potential match
 * of every listed name with a word of that letter.  search, compare and
 * screen-names refuse such a name and say why.
 */
const char *name_unsearchable(const struct nname *nn);
/* The same for raw text, normalised with tab. */
const char *text_unsearchable(const struct norm_tables *tab, const char *name);

static inline const char *ntok_text(const struct nname *nn, int i)
{
	return nn->buf.buf + nn->t[i].off;
}

/* Whether the word w (n bytes, normalised) is a place (data/place-words.tsv):
 * scoring weighs it low and tells different places apart (match/score.h). */
/* The English plural of the ASCII word w[n] folded ("technologies" ->
 * "technology", "banks" -> "bank"; not "-ss", "-us", "-is") into out (n
 * bytes at least); the new length.  normalize_name() folds words of five
 * letters and more so; two words run together are compared with a word as
 * one word would be ("DE LOS" and "DELOS", folded "delo"). */
size_t norm_fold_plural(const char *w, size_t n, char *out);

bool norm_is_place(const struct norm_tables *tab, const char *w, size_t n);

/* Case-folded, accent-free form of s for display-independent comparisons
 * (addresses, countries): letters and digits only, single spaces. */
void normalize_plain(const char *s, struct strbuf *out);

/* Append s (n bytes) to out as valid UTF-8: invalid bytes are read as
 * Windows-1252.  Returns true if anything had to be recoded. */
bool utf8_or_cp1252(struct strbuf *out, const char *s, size_t n);

#endif
