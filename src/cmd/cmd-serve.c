/*
 * cmd-serve.c — `chipscreen serve`: the fleet service (server/server.h,
 * doc/api.md).  This file only reads the options.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "server/server.h"
#include "store/store.h"
#include "util/log.h"
#include "util/number.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen serve [--db FILE] --listen ADDR:PORT [--tls-cert PEM --tls-key PEM]\n"
	"                        [--config FILE] [--insecure] [--log FILE] [options]\n"
	"\n"
	"Serve the fleet over HTTPS: agents upload inventories (chipscreen agent),\n"
	"readers list hosts, read scans and the fleet report, search and screen names\n"
	"(doc/api.md).  Every request but /healthz needs a token (chipscreen token).\n"
	"Plain HTTP only on a loopback address, or with --insecure.\n"
	"\n"
	"      --db FILE            the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -l, --listen A:P         address and port: 127.0.0.1:8443, [::]:8443, 0.0.0.0:8443\n"
	"      --tls-cert PEM       the server's certificate (chain), PEM\n"
	"      --tls-key PEM        its private key, PEM\n"
	"  -c, --config FILE        the operator profile's config (as scan --config)\n"
	"      --insecure           allow plain HTTP on a non-loopback address\n"
	"      --log FILE           the request log (default: stderr)\n"
	"  -q, --quiet              no request log\n"
	"      --body-limit BYTES   largest body, and decoded document (default 8388608)\n"
	"      --max-connections N  simultaneous connections (default 256)\n"
	"      --idle-timeout S     close a connection silent for S seconds (default 30)\n"
	"      --request-timeout S  a request's body must arrive within S seconds (default 60)\n"
	"      --rate R             requests a second per token (default 20; 0: no limit)\n"
	"      --burst N            requests a token may make at once (default 40)\n"
	"      --batch N            uploads per commit at most (default 64)\n"
	"      --search-cache N     search answers kept for queries asked again (default\n"
	"                           4096; 0: none)\n"
	"      --drain S            on SIGTERM, wait S seconds for requests in flight (default 30)\n"
	"      --json-max-depth N   nesting of a JSON body, at most (default 32)\n"
	"      --json-max-values N  values in a JSON body, at most (default 1000000)\n"
	"\n"
	"Exit status: 0 stopped by SIGTERM or SIGINT, 2 error.\n";

static int num(const char *opt, const char *v, double lo, double hi, double *out)
{
	if (!number_in(v, lo, hi, out))
		return usage_error("serve", "--%s %s: expected a number from %g to %g", opt, v, lo,
				   hi);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	enum {
		OPT_DB = 256,
		OPT_CERT,
		OPT_KEY,
		OPT_INSECURE,
		OPT_LOG,
		OPT_BODY,
		OPT_CONN,
		OPT_IDLE,
		OPT_REQ,
		OPT_RATE,
		OPT_BURST,
		OPT_BATCH,
		OPT_ANSWERS,
		OPT_DRAIN,
		OPT_DEPTH,
		OPT_VALUES,
	};
	static const struct option opts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"listen", required_argument, NULL, 'l'},
		{"tls-cert", required_argument, NULL, OPT_CERT},
		{"tls-key", required_argument, NULL, OPT_KEY},
		{"config", required_argument, NULL, 'c'},
		{"insecure", no_argument, NULL, OPT_INSECURE},
		{"log", required_argument, NULL, OPT_LOG},
		{"quiet", no_argument, NULL, 'q'},
		{"body-limit", required_argument, NULL, OPT_BODY},
		{"max-connections", required_argument, NULL, OPT_CONN},
		{"idle-timeout", required_argument, NULL, OPT_IDLE},
		{"request-timeout", required_argument, NULL, OPT_REQ},
		{"rate", required_argument, NULL, OPT_RATE},
		{"burst", required_argument, NULL, OPT_BURST},
		{"batch", required_argument, NULL, OPT_BATCH},
		{"search-cache", required_argument, NULL, OPT_ANSWERS},
		{"drain", required_argument, NULL, OPT_DRAIN},
		{"json-max-depth", required_argument, NULL, OPT_DEPTH},
		{"json-max-values", required_argument, NULL, OPT_VALUES},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct server_config c;
	server_config_defaults(&c);
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT;
	double v;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "l:c:qh", opts, NULL)) != -1) {
		int bad = 0;
		switch (ch) {
		case OPT_DB:
			c.db = optarg;
			break;
		case 'l':
			c.listen = optarg;
			break;
		case OPT_CERT:
			c.tls_cert = optarg;
			break;
		case OPT_KEY:
			c.tls_key = optarg;
			break;
		case 'c':
			c.config = optarg;
			break;
		case OPT_INSECURE:
			c.insecure = true;
			break;
		case OPT_LOG:
			c.log_file = optarg;
			break;
		case 'q':
			c.quiet = true;
			break;
		case OPT_BODY:
			if (!(bad = num("body-limit", optarg, 1024, 1 << 30, &v)))
				c.body_limit = (size_t)v;
			break;
		case OPT_CONN:
			if (!(bad = num("max-connections", optarg, 1, 10000, &v)))
				c.connections = (unsigned)v;
			break;
		case OPT_IDLE:
			if (!(bad = num("idle-timeout", optarg, 1, 3600, &v)))
				c.idle_timeout = (unsigned)v;
			break;
		case OPT_REQ:
			if (!(bad = num("request-timeout", optarg, 1, 3600, &v)))
				c.request_timeout = (unsigned)v;
			break;
		case OPT_RATE:
			bad = num("rate", optarg, 0, 1e6, &c.rate);
			break;
		case OPT_BURST:
			if (!(bad = num("burst", optarg, 1, 1e6, &v)))
				c.burst = (unsigned)v;
			break;
		case OPT_BATCH:
			if (!(bad = num("batch", optarg, 1, 10000, &v)))
				c.batch = (unsigned)v;
			break;
		case OPT_ANSWERS:
			if (!(bad = num("search-cache", optarg, 0, 1e6, &v)))
				c.search_cache = (unsigned)v;
			break;
		case OPT_DRAIN:
			if (!(bad = num("drain", optarg, 0, 3600, &v)))
				c.drain = (unsigned)v;
			break;
		case OPT_DEPTH:
			if (!(bad = num("json-max-depth", optarg, 4, 1000, &v)))
				c.json_depth = (unsigned)v;
			break;
		case OPT_VALUES:
			if (!(bad = num("json-max-values", optarg, 100, 1e8, &v)))
				c.json_members = (size_t)v;
			break;
		case 'h':
			return print_usage(usage);
		default:
			return usage_bad_option("serve", argc, argv);
		}
		if (bad)
			return bad;
	}
	if (optind < argc)
		return usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (!c.listen)
		return usage_error("serve", "give --listen ADDRESS:PORT (127.0.0.1:8443)");
	if (!c.db)
		c.db = store_default_path(&path);
	/* a --db mistyped made an empty store and served it: no token in it,
	 * every agent refused, the fleet empty; `token create` makes the store */
	if (store_must_exist("serve", c.db, false)) {
		log_error("serve: make the store and its tokens first: chipscreen token create --db "
			  "%s --role agent",
			  c.db);
		strbuf_release(&path);
		return EXIT_ERROR;
	}
	int rc = server_run(&c, &err) == 0 ? EXIT_CLEAR : EXIT_ERROR;
	if (rc)
		log_error("serve: %s", err.buf);
	strbuf_release(&err);
	strbuf_release(&path);
	return rc;
}
