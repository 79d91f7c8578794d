/*
 * test_token.c — the tokens table (store/token.h) and `chipscreen token`:
 * the token's form, that only its SHA-256 is stored, names (given, made,
 * in use), listing, revocation (by name and #ID, twice), expiry, roles,
 * and the command's errors.
 */
#include "testutil.h"

#include "store/token.h"
#include "util/date.h"
#include "util/hex.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

static char *db_in(const char *dir)
{
	static char p[4096];
	snprintf(p, sizeof p, "%s/t.db", dir);
	return p;
}

static void test_create_stores_hash_only(void **state)
{
	char *dir = test_tmpdir();
	struct store *st;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(store_open(&st, db_in(dir), false, &err), 0);
	assert_int_equal(token_schema(st, &err), 0);
	char text[TOKEN_TEXT_LEN + 1];
	struct token_info t;
	assert_int_equal(token_create(st, ROLE_AGENT, "web-agents", 0, text, &t, &err), 0);
	assert_int_equal(strlen(text), 67);
	assert_memory_equal(text, "cs_", 3);
	uint8_t raw[32];
	assert_true(hex_decode(text + 3, 32, raw));
	/* the stored hash is SHA-256 of the text (computed here with nettle directly) */
	struct sha256_ctx c;
	uint8_t want[32];
	sha256_init(&c);
	sha256_update(&c, 67, (const uint8_t *)text);
	sha256_digest(&c, 32, want);
	struct token_info *v;
	size_t n;
	assert_int_equal(token_list(st, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "web-agents");
	assert_int_equal(v[0].role, ROLE_AGENT);
	assert_memory_equal(v[0].hash, want, 32);
	assert_true(token_hash_equal(v[0].hash, t.hash));
	assert_true(token_usable(&v[0], date_today()));
	free(v);
	/* the token's text is nowhere in the store */
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(st->db,
					    "SELECT count(*) FROM tokens WHERE name = ?1 OR "
					    "role = ?1 OR created = ?1 OR hex(hash) LIKE '%' || "
					    "upper(substr(?1, 4)) || '%'",
					    -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	/* two tokens never alike */
	char text2[TOKEN_TEXT_LEN + 1];
	struct token_info t2;
	assert_int_equal(token_create(st, ROLE_READER, NULL, 0, text2, &t2, &err), 0);
	assert_string_not_equal(text, text2);
	assert_string_equal(t2.name, "reader-2"); /* made from role and id */
	assert_false(token_hash_equal(t.hash, t2.hash));
	/* a name in use */
	assert_int_equal(token_create(st, ROLE_ADMIN, "web-agents", 0, text2, &t2, &err), -1);
	assert_non_null(strstr(err.buf, "a token named 'web-agents' exists already"));
	assert_int_equal(token_list(st, &v, &n, &err), 0);
	assert_int_equal(n, 2); /* the refused one left nothing */
	free(v);
	store_close(st);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&err);
}

static void test_revoke_and_expiry(void **state)
{
	char *dir = test_tmpdir();
	struct store *st;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(store_open(&st, db_in(dir), false, &err), 0);
	assert_int_equal(token_schema(st, &err), 0);
	char text[TOKEN_TEXT_LEN + 1];
	struct token_info t;
	day_t d = date_parse("2026-03-31");
	assert_int_equal(token_create(st, ROLE_READER, "q1", d, text, &t, &err), 0);
	assert_int_equal(token_create(st, ROLE_AGENT, "a", 0, text, &t, &err), 0);
	struct token_info *v;
	size_t n;
	assert_int_equal(token_list(st, &v, &n, &err), 0);
	assert_int_equal(v[0].expires, d);
	assert_true(token_usable(&v[0], d));      /* its last day */
	assert_false(token_usable(&v[0], d + 1)); /* the day after */
	free(v);
	assert_int_equal(token_revoke(st, "#2", &err), 0);
	assert_int_equal(token_revoke(st, "a", &err), -1); /* already */
	assert_non_null(strstr(err.buf, "no valid token named 'a'"));
	assert_int_equal(token_revoke(st, "nobody", &err), -1);
	assert_int_equal(token_list(st, &v, &n, &err), 0);
	assert_true(v[1].revoked[0]);
	assert_false(token_usable(&v[1], date_today()));
	free(v);
	store_close(st);
	test_rmtree(dir);
	free(dir);
	strbuf_release(&err);
}

static void test_command(void **state)
{
	char *dir = test_tmpdir();
	char *db = db_in(dir);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	assert_int_equal(run_cmd(&out, &err, "token", "create", "--db", db, "--role", "root", NULL),
			 2);
	assert_non_null(strstr(err.buf, "--role root: expected agent, reader or admin"));
	assert_int_equal(run_cmd(&out, &err, "token", "create", "--db", db, NULL), 2);
	assert_non_null(strstr(err.buf, "create needs --role"));
	assert_int_equal(run_cmd(&out, &err, "token", "create", "--db", db, "--role", "agent",
				 "--expires", "2001-01-01", NULL),
			 2);
	assert_non_null(strstr(err.buf, "--expires 2001-01-01 is in the past"));
	assert_int_equal(run_cmd(&out, &err, "token", "create", "--db", db, "--role", "agent",
				 "--name", "has space", NULL),
			 2);
	assert_int_equal(run_cmd(&out, &err, "token", "drop", "--db", db, NULL), 2);
	assert_non_null(strstr(err.buf, "unknown action 'drop'"));
	assert_int_equal(run_cmd(&out, &err, "token", "create", "--db", db, "--role", "admin",
				 "--name", "ops", NULL),
			 0);
	assert_int_equal(out.len, 68); /* the token and a newline, alone on stdout */
	assert_non_null(strstr(err.buf, "shown only this once"));
	assert_int_equal(run_cmd(&out, &err, "token", "list", "--db", db, NULL), 0);
	assert_non_null(strstr(out.buf, "ops"));
	assert_non_null(strstr(out.buf, "admin"));
	assert_non_null(strstr(out.buf, "valid"));
	assert_null(strstr(out.buf, "cs_"));
	assert_int_equal(run_cmd(&out, &err, "token", "revoke", "--db", db, NULL), 2);
	assert_int_equal(run_cmd(&out, &err, "token", "revoke", "--db", db, "ops", NULL), 0);
	assert_int_equal(run_cmd(&out, &err, "token", "list", "--db", db, NULL), 0);
	assert_non_null(strstr(out.buf, "revoked 20"));
	test_rmtree(dir);
	free(dir);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_stores_hash_only),
		cmocka_unit_test(test_revoke_and_expiry),
		cmocka_unit_test(test_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
