/*
 * auth.c — bearer tokens for the server.
 *
 * The tokens (store/token.h: hashes, roles, expiry, revocation) are held in
 * memory and read again from the store at most once a second, on the next
 * request: a token revoked with `chipscreen token revoke` is refused within
 * a second, with no read of the store per request.  A request's token is
 * hashed and compared with every known hash in constant time (each compare
 * looks at all 32 bytes, and every hash is compared), so the time taken
 * tells nothing about which tokens exist.
 *
 * The rate limit is a token bucket per API token: `rate` requests a second,
 * up to `burst` at once.
 */
#include "server/server-int.h"
#include "util/date.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct bucket {
	int64_t token;
	double level, last;
};

struct auth {
	pthread_mutex_t mu;
	struct store *st;
	struct token_info *v;
	size_t n;
	double loaded; /* monotonic seconds; 0 never */
	double rate;
	unsigned burst;
	struct bucket *b;
	size_t nb;
};

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct auth *auth_new(const char *db, double rate, unsigned burst, struct strbuf *err)
{
	struct auth *a = xcalloc(1, sizeof *a);
	if (store_open(&a->st, db, true, err) < 0) {
		free(a);
		return NULL;
	}
	pthread_mutex_init(&a->mu, NULL);
	a->rate = rate;
	a->burst = burst ? burst : 1;
	return a;
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	store_close(a->st);
	free(a->v);
	free(a->b);
	pthread_mutex_destroy(&a->mu);
	free(a);
}

/* Under a->mu.  A failed read keeps the tokens known before. */
static void refresh(struct auth *a)
{
	double now = mono();
	if (a->loaded && now - a->loaded < 1.0)
		return;
	struct token_info *v;
	size_t n;
	struct strbuf err = STRBUF_INIT;
	if (token_list(a->st, &v, &n, &err) == 0) {
		free(a->v);
		a->v = v;
		a->n = n;
		a->loaded = now;
	}
	strbuf_release(&err);
}

int auth_check(struct auth *a, const char *authorization, struct auth_who *who, const char **why)
{
	if (!authorization || strncasecmp(authorization, "Bearer ", 7)) {
		*why = "no bearer token: send Authorization: Bearer TOKEN";
		return 401;
	}
	const char *t = authorization + 7;
	while (*t == ' ' || *t == '\t')
		t++;
	/* whitespace around a header's value is not part of it (RFC 9110
	 * 5.5): a token pasted with a trailing space is the token */
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	unsigned char h[TOKEN_HASH_LEN];
	token_hash(t, n, h);
	pthread_mutex_lock(&a->mu);
	refresh(a);
	const struct token_info *found = NULL;
	for (size_t i = 0; i < a->n; i++)
		if (token_hash_equal(h, a->v[i].hash))
			found = &a->v[i];
	int status = 0;
	if (!found) {
		*why = "unknown token";
		status = 401;
	} else if (found->revoked[0]) {
		*why = "the token was revoked";
		status = 401;
	} else if (!token_usable(found, date_today())) {
		*why = "the token has expired";
		status = 401;
	} else {
		who->id = found->id;
		who->role = found->role;
		snprintf(who->name, sizeof who->name, "%s", found->name);
	}
	pthread_mutex_unlock(&a->mu);
	return status;
}

bool auth_rate_ok(struct auth *a, int64_t token)
{
	if (a->rate <= 0)
		return true;
	double now = mono();
	pthread_mutex_lock(&a->mu);
	struct bucket *b = NULL;
	for (size_t i = 0; i < a->nb; i++)
		if (a->b[i].token == token)
			b = &a->b[i];
	if (!b) {
		a->b = xrealloc(a->b, (a->nb + 1) * sizeof *a->b);
		b = &a->b[a->nb++];
		*b = (struct bucket){token, a->burst, now};
	}
	b->level = fmin(a->burst, b->level + (now - b->last) * a->rate);
	b->last = now;
	bool ok = b->level >= 1.0;
	if (ok)
		b->level -= 1.0;
	pthread_mutex_unlock(&a->mu);
	return ok;
}
