/*
 * cmd-token.c — `chipscreen token create|list|revoke`: the API tokens the
 * fleet service (`chipscreen serve`) accepts.
 *
 * create prints the token once, on stdout alone (so that a script can
 * capture it); the store keeps only its hash (store/token.h).
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "store/token.h"
#include "util/date.h"
#include "util/log.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen token create [--db FILE] --role agent|reader|admin [--name N]\n"
	"                               [--expires YYYY-MM-DD]\n"
	"       chipscreen token list [--db FILE]\n"
	"       chipscreen token revoke [--db FILE] NAME\n"
	"\n"
	"Manage the tokens chipscreen serve accepts (Authorization: Bearer TOKEN).\n"
	"create prints a new token once; the store keeps only its SHA-256.\n"
	"Roles: agent uploads inventories; reader reads the fleet and screens names;\n"
	"admin does both and reads /metrics.\n"
	"\n"
	"      --db FILE        the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -r, --role R         agent, reader or admin\n"
	"  -n, --name N         the token's name, logged by the server (default ROLE-ID)\n"
	"  -e, --expires D      last day the token is valid (default: no expiry)\n"
	"\n"
	"revoke takes the token's name (or #ID); the server refuses it within a second.\n"
	"Exit status: 0 done, 2 error.\n";

struct opts {
	const char *db, *name;
	enum token_role role;
	day_t expires;
};

static int parse(int argc, char **argv, struct opts *o)
{
	enum { OPT_DB = 256 };
	static const struct option opts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"role", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},
		{"expires", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "r:n:e:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			o->db = optarg;
			break;
		case 'r':
			if (!(o->role = token_role_parse(optarg)))
				return usage_error("token", "--role %s: expected agent, reader or admin",
						   optarg);
			break;
		case 'n':
			if (!*optarg || strlen(optarg) > 100 || strpbrk(optarg, " \t\r\n\"\\"))
				return usage_error("token",
						   "--name '%s': 1 to 100 characters, no spaces, "
						   "quotes or backslashes",
						   optarg);
			o->name = optarg;
			break;
		case 'e': {
			const char *why;
			if (!(o->expires = date_parse_why(optarg, &why)))
				return usage_error("token", "--expires %s: %s", optarg, why);
			break;
		}
		case 'h':
			print_usage(usage);
			return -1;
		default:
			return usage_bad_option("token", argc, argv);
		}
	}
	return 0;
}

static int create(struct store *st, const struct opts *o, struct strbuf *err)
{
	char text[TOKEN_TEXT_LEN + 1];
	struct token_info t;
	if (!o->role)
		return usage_error("token", "create needs --role agent, reader or admin");
	if (o->expires && o->expires < date_today()) {
		char d[11];
		return usage_error("token", "--expires %s is in the past",
				   date_format(o->expires, d));
	}
	if (token_create(st, o->role, o->name, o->expires, text, &t, err) < 0) {
		log_error("%s", err->buf);
		return EXIT_ERROR;
	}
	printf("%s\n", text);
	fprintf(stderr, "chipscreen: token '%s' (%s) created; it is shown only this once\n",
		t.name, token_role_name(t.role));
	return EXIT_CLEAR;
}

static int list(struct store *st, struct strbuf *err)
{
	struct token_info *v;
	size_t n;
	if (token_list(st, &v, &n, err) < 0) {
		log_error("%s", err->buf);
		return EXIT_ERROR;
	}
	day_t today = date_today();
	printf("%-5s %-24s %-7s %-21s %-11s %s\n", "id", "name", "role", "created", "expires",
	       "state");
	for (size_t i = 0; i < n; i++) {
		char d[11];
		const char *state = v[i].revoked[0] ? "revoked" : token_usable(&v[i], today) ? "valid"
											    : "expired";
		printf("%-5lld %-24s %-7s %-21s %-11s %s%s%s\n", (long long)v[i].id, v[i].name,
		       token_role_name(v[i].role), v[i].created,
		       v[i].expires ? date_format(v[i].expires, d) : "-", state,
		       v[i].revoked[0] ? " " : "", v[i].revoked);
	}
	if (!n)
		fprintf(stderr, "chipscreen: no token yet: chipscreen token create --role agent\n");
	free(v);
	return EXIT_CLEAR;
}

int cmd_token(int argc, char **argv)
{
	struct opts o = {0};
	if (argc < 2 || (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return argc < 2 ? usage_error("token", "give create, list or revoke")
				: print_usage(usage);
	const char *verb = argv[1];
	if (strcmp(verb, "create") && strcmp(verb, "list") && strcmp(verb, "revoke"))
		return usage_error("token", "unknown action '%s' (create, list, revoke)", verb);
	int rc = parse(argc - 1, argv + 1, &o);
	if (rc)
		return rc < 0 ? EXIT_CLEAR : rc;
	argc--, argv++;
	bool rev = !strcmp(verb, "revoke");
	if (rev && optind + 1 != argc)
		return usage_error("token", "revoke takes one token name");
	if (!rev && optind != argc)
		return usage_error("token", "unexpected argument '%s'", argv[optind]);
	/* create makes the store (the first step of a server); list and revoke
	 * on a --db mistyped made an empty one and said "no token yet" */
	if (strcmp(verb, "create") && store_must_exist("token", o.db, false))
		return EXIT_ERROR;
	struct store *st;
	struct strbuf err = STRBUF_INIT;
	rc = EXIT_ERROR;
	if (store_open(&st, o.db, false, &err) < 0 || token_schema(st, &err) < 0) {
		log_error("%s", err.buf);
	} else if (!strcmp(verb, "create")) {
		rc = create(st, &o, &err);
	} else if (!strcmp(verb, "list")) {
		rc = list(st, &err);
	} else if (token_revoke(st, argv[optind], &err) < 0) {
		log_error("%s", err.buf);
	} else {
		fprintf(stderr, "chipscreen: token '%s' revoked\n", argv[optind]);
		rc = EXIT_CLEAR;
	}
	store_close(st);
	strbuf_release(&err);
	return rc;
}
