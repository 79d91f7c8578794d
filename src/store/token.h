/*
 * token.h — API tokens for the fleet service (`chipscreen token`,
 * `chipscreen serve`).
 *
 * A token is 32 random bytes (getrandom) written as "cs_" and 64 hex
 * digits.  It is shown once, when created; the store keeps only its SHA-256
 * (table tokens, module "tokens"), so a copy of the store gives no one a
 * usable token.  Each token has a unique name (what the server logs instead
 * of the token), a role — agent (uploads inventories), reader (reads the
 * fleet and screens names), admin (both, and /metrics) — an optional expiry
 * date and, once revoked, the time it was.  Rows are never deleted: the log
 * lines that name a token keep meaning something.
 */
#ifndef STORE_TOKEN_H
#define STORE_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/date.h"
#include "util/strbuf.h"

enum token_role { ROLE_AGENT = 1, ROLE_READER = 2, ROLE_ADMIN = 4 };

#define TOKEN_HASH_LEN 32
#define TOKEN_TEXT_LEN 67 /* "cs_" + 64 hex digits */

struct token_info {
	int64_t id;
	char name[128];
	enum token_role role;
	char created[21], revoked[21]; /* revoked "" while valid */
	day_t expires;                 /* 0: never */
	unsigned char hash[TOKEN_HASH_LEN];
};

/* "agent", "reader", "admin" -> role; 0 when unknown. */
enum token_role token_role_parse(const char *s);
const char *token_role_name(enum token_role r);

/* Make sure the tokens table exists. */
int token_schema(struct store *st, struct strbuf *err);
/* SHA-256 of a token's text. */
void token_hash(const char *text, size_t len, unsigned char out[TOKEN_HASH_LEN]);
/* Constant-time equality of two hashes. */
bool token_hash_equal(const unsigned char *a, const unsigned char *b);

/* Create a token; its text (shown once) into text[TOKEN_TEXT_LEN + 1].
 * name NULL or "": "<role>-<id>".  A name in use is refused. */
int token_create(struct store *st, enum token_role role, const char *name, day_t expires,
		 char *text, struct token_info *out, struct strbuf *err);
/* Every token, oldest first; *out malloc'd (free it). */
int token_list(struct store *st, struct token_info **out, size_t *n, struct strbuf *err);
/* Revoke the token of that name (or "#ID"); -1 with err when there is none
 * or it was revoked already. */
int token_revoke(struct store *st, const char *name, struct strbuf *err);
/* Usable as of today: not revoked, not expired. */
bool token_usable(const struct token_info *t, day_t today);

#endif
