/*
 * token.c — the tokens table: create, list, revoke (store/token.h).
 *
 * Only the SHA-256 of a token is stored.  The token carries 256 random
 * bits, so a plain hash (no salt, no slow KDF) is enough: nobody can guess
 * back a random 256-bit value, and the server can then find a token by
 * hashing what a client sends.
 */
#include "store/token.h"
#include "util/hex.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static const struct store_step token_steps[] = {
	{1, "CREATE TABLE tokens("
	    " id INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL UNIQUE,"
	    " role TEXT NOT NULL CHECK (role IN ('agent', 'reader', 'admin')),"
	    " hash BLOB NOT NULL UNIQUE,"
	    " created TEXT NOT NULL,"
	    " expires TEXT,"
	    " revoked TEXT)"},
};

static const char *const role_names[] = {[ROLE_AGENT] = "agent",
					 [ROLE_READER] = "reader",
					 [ROLE_ADMIN] = "admin"};

enum token_role token_role_parse(const char *s)
{
	for (int r = ROLE_AGENT; r <= ROLE_ADMIN; r <<= 1)
		if (!strcmp(s, role_names[r]))
			return (enum token_role)r;
	return 0;
}

const char *token_role_name(enum token_role r)
{
	return r == ROLE_AGENT || r == ROLE_READER || r == ROLE_ADMIN ? role_names[r] : "?";
}

int token_schema(struct store *st, struct strbuf *err)
{
	return store_ensure_schema(st, "tokens", token_steps,
				   sizeof token_steps / sizeof *token_steps, err);
}

void token_hash(const char *text, size_t len, unsigned char out[TOKEN_HASH_LEN])
{
	struct sha256_ctx c;
	sha256_init(&c);
	sha256_update(&c, len, (const uint8_t *)text);
	sha256_digest(&c, TOKEN_HASH_LEN, out);
}

bool token_hash_equal(const unsigned char *a, const unsigned char *b)
{
	/* every byte looked at, whatever differs first */
	volatile unsigned char d = 0;
	for (size_t i = 0; i < TOKEN_HASH_LEN; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

static int random_bytes(unsigned char *b, size_t n, struct strbuf *err)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom(b + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			strbuf_reset(err);
			strbuf_addf(err, "cannot read random bytes: %s", strerror(errno));
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

static void row_info(sqlite3_stmt *q, struct token_info *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(q, 0);
	snprintf(t->name, sizeof t->name, "%s", (const char *)sqlite3_column_text(q, 1));
	t->role = token_role_parse((const char *)sqlite3_column_text(q, 2));
	if (sqlite3_column_bytes(q, 3) == TOKEN_HASH_LEN)
		memcpy(t->hash, sqlite3_column_blob(q, 3), TOKEN_HASH_LEN);
	snprintf(t->created, sizeof t->created, "%s", (const char *)sqlite3_column_text(q, 4));
	if (sqlite3_column_type(q, 5) != SQLITE_NULL)
		t->expires = date_parse((const char *)sqlite3_column_text(q, 5));
	if (sqlite3_column_type(q, 6) != SQLITE_NULL)
		snprintf(t->revoked, sizeof t->revoked, "%s",
			 (const char *)sqlite3_column_text(q, 6));
}

#define TOKEN_COLUMNS "id, name, role, hash, created, expires, revoked"

static int insert(struct store *st, enum token_role role, const char *name, day_t expires,
		  const unsigned char *hash, int64_t *id, struct strbuf *err)
{
	sqlite3_stmt *q;
	char now[21], exp[11];
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO tokens(name, role, hash, created, expires)"
			       " VALUES(?, ?, ?, ?, ?)",
			       -1, &q, NULL) != SQLITE_OK)
		return store_error(st, err, "creating a token");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, token_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 3, hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, timestamp_now(now), -1, SQLITE_TRANSIENT);
	if (expires)
		sqlite3_bind_text(q, 5, date_format(expires, exp), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: a token named '%s' exists already", st->path, name);
		return -1;
	}
	if (rc != SQLITE_DONE)
		return store_error(st, err, "creating a token");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int token_create(struct store *st, enum token_role role, const char *name, day_t expires,
		 char *text, struct token_info *out, struct strbuf *err)
{
	unsigned char raw[32];
	if (random_bytes(raw, sizeof raw, err) < 0)
		return -1;
	memcpy(text, "cs_", 3);
	hex_encode(raw, sizeof raw, text + 3);
	memset(out, 0, sizeof *out);
	token_hash(text, TOKEN_TEXT_LEN, out->hash);
	out->role = role;
	out->expires = expires;
	if (store_begin(st, err) < 0)
		return -1;
	/* without a name: a placeholder made unique by the hash, then role-ID */
	char tmp[80];
	hex_encode(out->hash, 16, tmp);
	bool named = name && *name;
	if (insert(st, role, named ? name : tmp, expires, out->hash, &out->id, err) < 0)
		goto fail;
	if (named) {
		snprintf(out->name, sizeof out->name, "%s", name);
	} else {
		snprintf(out->name, sizeof out->name, "%s-%lld", token_role_name(role),
			 (long long)out->id);
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(st->db, "UPDATE tokens SET name = ? WHERE id = ?", -1, &q,
				       NULL) != SQLITE_OK) {
			store_error(st, err, "naming a token");
			goto fail;
		}
		sqlite3_bind_text(q, 1, out->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, out->id);
		int rc = sqlite3_step(q);
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE) {
			if (rc == SQLITE_CONSTRAINT_UNIQUE) {
				strbuf_reset(err);
				strbuf_addf(err, "%s: a token named '%s' exists already; give --name",
					    st->path, out->name);
			} else {
				store_error(st, err, "naming a token");
			}
			goto fail;
		}
	}
	timestamp_now(out->created);
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int token_list(struct store *st, struct token_info **out, size_t *n, struct strbuf *err)
{
	sqlite3_stmt *q;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT " TOKEN_COLUMNS " FROM tokens ORDER BY id", -1, &q,
			       NULL) != SQLITE_OK)
		return store_error(st, err, "reading the tokens");
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct token_info *v = realloc(*out, cap * sizeof *v);
			if (!v)
				abort();
			*out = v;
		}
		row_info(q, &(*out)[(*n)++]);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_error(st, err, "reading the tokens");
	}
	return 0;
}

int token_revoke(struct store *st, const char *name, struct strbuf *err)
{
	sqlite3_stmt *q;
	char now[21];
	bool by_id = name[0] == '#';
	if (sqlite3_prepare_v2(st->db,
			       by_id ? "UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL"
				     : "UPDATE tokens SET revoked = ? WHERE name = ? AND revoked IS NULL",
			       -1, &q, NULL) != SQLITE_OK)
		return store_error(st, err, "revoking a token");
	sqlite3_bind_text(q, 1, timestamp_now(now), -1, SQLITE_TRANSIENT);
	if (by_id)
		sqlite3_bind_int64(q, 2, strtoll(name + 1, NULL, 10));
	else
		sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_error(st, err, "revoking a token");
	if (sqlite3_changes(st->db) != 1) {
		strbuf_reset(err);
		strbuf_addf(err, "%s: no valid token named '%s' (see chipscreen token list)",
			    st->path, name);
		return -1;
	}
	return 0;
}

bool token_usable(const struct token_info *t, day_t today)
{
	return !t->revoked[0] && (!t->expires || today <= t->expires);
}
