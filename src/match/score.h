/*
 * score.h — comparing two tokenised names (doc/matching.md, "Scoring").
 *
 * Token similarity, one pair at a time (token_sim):
 *   - words: optimal-string-alignment distance d over code points, allowed
 *     up to max_edits(m) edits where m is the longer length (0 up to 3
 *     characters, 1 up to 7, 2 beyond); similarity 1 - d/m, else 0;
 *   - numbers and CJK bigrams: equal or nothing ("11420" never meets
 *     "belletech");
 *   - an initial and a word with that first letter: 0.8;
 *   - two legal forms: 1 for the same class, 0.8 otherwise;
 *   - anything else: 0.
 *
 * A name score pairs query tokens with listed tokens one-to-one (greedy on
 * similarity times weight, ties by position), then
 *
 *   Q = sum(s * a_q) / sum(a_q)        query weight covered
 *   C = sum(s * b_c) / sum(b_c)        listed weight covered
 *   score = Q * (1 - LAMBDA * (1 - C))
 *
 * where a and b are token weights (IDF over the loaded lists, legal forms
 * and initials fixed low).  Unmatched query tokens cost their full weight;
 * unmatched listed tokens cost LAMBDA of theirs, so "Huawei" still finds
 * "Huawei Technologies Co., Ltd." while "emma daniels" does not find
 * "EMMA LLC".  Because score <= Q, a name can only reach a threshold T if
 * the query tokens it covers weigh at least T of the query: that is what
 * lets the index skip names (match/index.h).
 */
#ifndef MATCH_SCORE_H
#define MATCH_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "match/normalize.h"

#ifndef SCORE_LAMBDA
#define SCORE_LAMBDA 0.5
#endif
/* An unmatched query token costs SCORE_DELTA of its weight: a middle name,
 * patronymic or second family name the list does not give is common. */
#ifndef SCORE_DELTA
#define SCORE_DELTA 0.5
#endif
/* The least share of the query weight the matched query tokens must hold
 * for the score to reach t: M / (M + DELTA * (A - M)) >= t. */
static inline double score_need(double t)
{
	return t <= 0 ? 0 : t * SCORE_DELTA / (1 - t + t * SCORE_DELTA);
}
/* A place word (match/normalize.h norm_is_place) in the query weighs this
 * share of the unseen-word weight, like legal forms, so that "Hikvision USA"
 * still finds Hikvision (listed names keep their places' weight: "Electronics"
 * must not find "China Electronics"); two different places on both sides
 * multiply the score by PLACE_MISMATCH ("Bank of China", "Bank of India"). */
#define WEIGHT_PLACE   0.15
#define PLACE_MISMATCH 0.5
/* Both names hold a number the other does not: the score is multiplied by this. */
#define NUM_MISMATCH 0.6
/* Under it a word pair's similarity is two edits in six or seven letters
 * (1 - 2/7 = 0.714) or a three-letter voiced pair (0.667), or a word
 * shortened (SIM_PREFIX): when such a pair is a name's only paired word,
 * score_pairs() weighs the score by it again. */
#define SIM_WEAK 0.72
/* A conflict: both names keep a word or a number (not a legal form, initial
 * or place) that pairs with nothing, and no such word of one is spelt like
 * one of the other (letters alike, 1 - edits / length, at least
 * CONFLICT_NEAR, or a word of three letters at least that starts the other:
 * "al"/"el" and "INFO"/"INFORMATION" are alike, "2"/"3" are not, the
 * numbers on top of NUM_MISMATCH): two names differing by a name, not by a
 * spelling ("SIBOMANA, Ignace" and "MURWANASHYAKA, Ignace"; "EBTEKAR SANAT
 * ILIA" and "EBTEKAR SANAT ELYA" differ by a spelling, 0.5).  The score is
 * multiplied by CONFLICT_FACTOR.  Chosen on the tuning pairs
 * (doc/matching.md, ninth round). */
#define CONFLICT_NEAR   0.5
#define CONFLICT_FACTOR 0.7
/* One word paired, and words left over in one name only: a listed name
 * that is one word of a longer query ("SMOOTH", a ship, in "John Smith";
 * "SARA" in "Sara Silva"), or a query that is one word of a longer listed
 * name ("Hikvision" against "DIVISION 39", two edits; "Dahua" against "BEN
 * DAHA, Mahri Sidi Amar").  The score is multiplied by ALONE_FACTOR = 0.38
 * / 0.50, the default threshold over the one it had before the conflict
 * rule, so that such a name meets the default as it did.  The labelled
 * pairs cannot price this shape (their false pairs leave out names whose
 * words lie inside the other's), the benchmark's made-up names can:
 * without it 5,612 more rows of 100,000 were flagged, "John Smith" against
 * "SMOOTH" (doc/matching.md). */
#define ALONE_FACTOR 0.76
#ifndef FUZZY_COST
#define FUZZY_COST 1.0
#endif
/* Legal forms and initials weigh a fixed share of the weight of a word seen
 * nowhere in the lists, so that they stay light however many names are loaded. */
#define WEIGHT_LEGAL   0.06
#define WEIGHT_INITIAL 0.1
/* Without lists, words weigh 1 and this stands for the unseen word. */
#define IDF_UNIFORM     2.5
#define SIM_INITIAL     0.8
#define SIM_LEGAL_OTHER 0.8

/* Edits allowed between two words whose longer one has m code points. */
int max_edits(uint32_t m);
/* Deletions a word of n code points needs in the index so that every partner
 * within max_edits shares a deletion key with it. */
int deletion_depth(uint32_t n);

/* Two words beyond the edit budget that sound alike (the same phonetic key,
 * of at least PHON_MIN consonant classes): "qadhafi" and "gaddafi". */
#define SIM_PHONETIC 0.8
#define PHON_MIN     3
/* The phonetic key of an ASCII word of 4+ letters into out: consonant classes
 * (b/p, f/v/w, c/g/j/k/q, s/z/x, d/t, sh/ch, ...) with vowels and doubled
 * letters dropped.  Its length, or 0 when the word has none (too short,
 * another script, digits, fewer than PHON_MIN classes). */
int phon_key(const char *w, char *out, size_t cap);

/* The Arabic article written joined to a word ("alharamain", "elkaddafi",
 * "alzrooni"), where the other name writes the word alone or the article
 * apart: its length in bytes (2) when w (n code points) opens with "al" or
 * "el" and ARTICLE_REST letters at least follow, the first a consonant
 * (not "electronic", "alexander"), else 0.  Words compare
 * without it too, by edits only and at most SIM_PHONETIC, and the index keys
 * the rest's deletions as well, so that it finds what scoring pairs. */
#define ARTICLE_REST 5
int joined_article(const char *w, uint32_t n);

/* A word that is the start of the other, shortened as names are
 * ("KAMCHI"/"KAMCHIBEK", "NEMAT"/"NEMATOLLAH", "KATRA"/"KATRANJI",
 * "PUREBRAHIM"/"PUREBRAHIMABADI", "BALOCH"/"BALOCHISTAN"): ASCII, the
 * shorter of PREFIX_MIN letters at least and half the longer's at least,
 * the rest no patronymic ending ("IVANOV" is not "IVANOVICH", the son of an
 * Ivan; "ARKADY"/"ARKADYEVICH").  Scores SIM_PREFIX; the index keys every
 * listed word by its prefixes in that range (index.c prefix keys). */
#define SIM_PREFIX 0.7
#define PREFIX_MIN 5
#define PREFIX_MAX 63 /* longer words are not keyed (index.c reads 64 code points) */
/* Whether the shorter of two words is such a start of the longer. */
bool prefix_of(const char *x, uint32_t xn, const char *y, uint32_t yn);
/* The lengths a word of n ASCII letters may be shortened to and still pair
 * with it by prefix_of: [*lo, *hi], empty when *lo > *hi. */
void prefix_lengths(uint32_t n, uint32_t *lo, uint32_t *hi);

enum sim_why {
	SIM_NONE,
	SIM_EXACT,
	SIM_FUZZY,
	SIM_INITIAL_OF,
	SIM_LEGAL_SAME,
	SIM_LEGAL_DIFF,
	SIM_PHONETIC_OF,
	SIM_PREFIX_OF
};

/* Similarity of token x (kind, UTF-8 text) to token y; *why says how. */
double token_sim(char kx, const char *x, uint32_t xcps, char ky, const char *y, uint32_t ycps,
		 enum sim_why *why, int *edits);
/* The same, with the words' phonetic keys (phon_key(), "" for none) given by
 * a caller that compares one word with many (the index), or NULL. */
double token_sim_keyed(char kx, const char *x, uint32_t xcps, const char *xk, char ky,
		       const char *y, uint32_t ycps, const char *yk, enum sim_why *why, int *edits);

struct pairing {
	int nq, nc;
	int match[NAME_MAX_TOKENS];   /* query token -> listed token or -1 */
	int matched[NAME_MAX_TOKENS]; /* listed token -> query token or -1 */
	double sim[NAME_MAX_TOKENS];  /* of the query token's pair */
	double q, c, score;
	/* the factors score_pairs() applied after Q and C, so that an
	 * explanation accounts for the whole score: NUM_MISMATCH, PLACE_MISMATCH,
	 * the weak pair's similarity (SIM_WEAK; 1 none) */
	bool num, place;
	double weak;
	bool conflict; /* the conflict rule (CONFLICT_NEAR) lowered the score */
	char alone;    /* the one-word rule (ALONE_FACTOR) lowered the score: 'q' the query
			* keeps words, 'c' the listed name does; 0 not */
};

/* Pair and score.  a[nq], b[nc] weights; sim[i * nc + j] the similarities. */
/* ka[nq], kb[nc]: the tokens' kinds (NULL: all words). */
void score_pairs(int nq, const double *a, const char *ka, int nc, const double *b, const char *kb,
		 const double *sim, struct pairing *out);

/* The chance that two names scoring s are the same name, as measured on the
 * tuning pairs (interpolated between score bands): a calibrated reading of
 * the score, shown beside it. */
double score_probability(double s);

/*
 * Joined and split words: "AIR KORYO" and "AIRKORYO", "CHONG CHON GANG" and
 * "CHONGCHONGANG".  A word of one side equal to two or three adjacent words
 * of the other, run together, is paired with them all: score_tokens() merges
 * them into one token (their weights summed, similarity 1 with the word)
 * before pairing, and reports each as paired with it.
 */
struct tokview {
	char kind;
	const char *text;
	uint32_t len; /* bytes */
	bool folded;  /* may have lost a plural s (normalize.h ntok; a listed word: unknown, so true) */
};

/* The most words one word may be split into ("UNO MAS UNO", "UNOMASUNO"). */
#define JOIN_MAX_PARTS 3

/* The ways words run together may be written as one word, each
 * NUL-terminated: as they are; their English plural folded as
 * normalize_name() folds one word of five letters or more (match/normalize.h
 * norm_fold_plural: "de" "los" -> "delo", what "DELOS" became); and with the
 * plural s the normalisation took from a part put back ("TRANS GAZELLE" is
 * "tran" "gazelle": "transgazelle").  Shared by scoring and the index, so
 * both know a join by the same forms. */
#define JOIN_FORM_MAX 128
#define JOIN_FORMS 6
struct join_form {
	uint32_t len;
	char text[JOIN_FORM_MAX];
};
/* The forms of y[0..k-1] (2 <= k <= JOIN_MAX_PARTS) in out; their number
 * (0 when the words are too long to run together).  The first *nspell
 * (NULL: not wanted) are spellings a respelt join may start from: the
 * words as written, and with the Arabic article's l written as the sun
 * letter after it, as transliterations do ("ABDUL RAHMAN" and
 * "ABDURRAHMAN", "NASR AL DIN" and "NASRUDDIN": join_assimilated).  The s is put back only
 * after a part that may have lost one (tokview.folded), of two words as
 * written (restore_s): "TRANS GAZELLE", not "GAZELLE TRANS", nor three words
 * (a lookup each for the query, for no pair seen). */
int join_forms(const struct tokview *y, int k, bool restore_s, struct join_form *out, int *nspell);

/* Whether x is y[0..k-1] run together (words only): 1 written so (any of
 * join_forms()), SIM_JOIN_RESPELT when two words run together have x's
 * phonetic key ("KHAYRBIK", "KHEIR BEIK"), else 0. */
double joined_sim(const struct tokview *x, const struct tokview *y, int k);
#define JOIN_PART 4
/* Whether two words y[0..1] run together may be respelt and still be the
 * word they give: the first of JOIN_PART letters at least and both of
 * JOIN_RESPELT_MIN ("EMMA TEL" and "EMATEL", "KHUDDAM-UL" and "KHUDAMUL";
 * not "Li Wang" and "LIWINAG").  With a part shorter than JOIN_PART
 * (join_short) one edit is left, and fewer than it has letters. */
bool join_respellable(const struct tokview *y, int k);
bool join_short(const struct tokview *y, int k);
#define JOIN_RESPELT_MIN 7
/* The shortest word such words respelt can pair with: two edits (the
 * budget) shorter than two words of JOIN_PART, one shorter than
 * JOIN_RESPELT_MIN. */
#define JOIN_MIN_WORD (2 * JOIN_PART - 2)
#define SIM_JOIN_RESPELT 0.75

/* Clipped compounds: a word made of the opening letters of one word and the
 * whole of a later one, the short words between left out ("AEROCONDOR" and
 * "AERONAUTICA CONDOR", "FINCIMEX" and "FINANCIERA CIMEX", "FRUCOSTA" and
 * "FRUTAS DE LA COSTA").  x is y[0]'s first CLIP_HEAD to CLIP_HEAD_MAX
 * letters (not all of it) followed by y[k-1] of CLIP_TAIL letters or more, y[1..k-2]
 * words of CLIP_GAP letters at most, x of CLIP_WORD letters at least:
 * SIM_JOIN_CLIPPED, else 0.  k is 2 to CLIP_MAX_PARTS. */
double clipped_sim(const struct tokview *x, const struct tokview *y, int k);
#define CLIP_MAX_PARTS 4
#define CLIP_HEAD 3
#define CLIP_HEAD_MAX 7 /* "AERO", "INVEST": longer heads are words of their own */
#define CLIP_TAIL 4
#define CLIP_GAP 3
#define CLIP_WORD 7
#define SIM_JOIN_CLIPPED 0.8

/* score_pairs() over the tokens q[nq] and c[nc], joined words merged first,
 * then score_penalties(). */
void score_tokens(int nq, const struct tokview *q, const double *a, int nc,
		  const struct tokview *c, const double *b, const double *sim, struct pairing *out);

/* The conflict and one-word rules (CONFLICT_NEAR, ALONE_FACTOR) on a pairing
 * of the tokens q[nq] and c[nc]: they only ever lower out->score, so the
 * index's bound holds.  score_tokens() applies them; a caller of
 * score_pairs() must too. */
void score_penalties(int nq, const struct tokview *q, int nc, const struct tokview *c,
		     struct pairing *out);

#endif
