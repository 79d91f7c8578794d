/*
 * cmd-profiles.c — `chipscreen profiles [NAME]`: the operator profiles.
 *
 * Listing shows the bundled profiles; showing one prints its attributes and
 * the rules that bind it.  --attributes lists what a custom profile can say,
 * and --current shows the profile scan would use with the same config and
 * flags, so a user can check the config file before trusting a scan.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "util/log.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: chipscreen profiles [NAME]\n"
	"       chipscreen profiles --attributes\n"
	"       chipscreen profiles --current [--profile P] [--attr K=V]... [--config FILE]\n"
	"\n"
	"List the bundled operator profiles, or show one: its attributes and the\n"
	"rules that bind it.  --attributes lists the attributes a custom profile\n"
	"can set (in the config file or with scan --attr); --current shows the\n"
	"profile scan would use with these flags and the config files.\n";

static void show_profile(const struct ruleset *rs, const struct profile *p)
{
	printf("%s  %s\n", p->label, p->title);
	printf("  %s\n", p->description);
	if (p->file)
		printf("  file:    %s\n", p->file);
	printf("  source:  %s\n", p->source);
	printf("  attributes:\n");
	for (size_t i = 0; i < p->nattrs; i++) {
		printf("    %s = ", p->attrs[i].def->name);
		for (size_t k = 0; k < p->attrs[i].values.n; k++)
			printf("%s%s", k ? "," : "", p->attrs[i].values.v[k]);
		printf("    (%s)\n", p->attrs[i].origin);
	}
	printf("  rules that bind it:\n");
	size_t n = 0;
	for (size_t i = 0; i < rs->nrules; i++)
		if (profile_binds(p, &rs->rules[i])) {
			printf("    %-28s %s\n", rs->rules[i].id, rs->rules[i].title);
			n++;
		}
	if (!n)
		printf("    none: scans give INFO only\n");
}

static void show_attributes(const struct ruleset *rs)
{
	for (size_t i = 0; i < rs->nattrs; i++) {
		const struct attrdef *d = &rs->attrs[i];
		printf("%-20s %s%s\n", d->name,
		       d->type == AT_BOOL      ? "yes|no"
		       : d->type == AT_COUNTRY ? "country code"
					       : "word",
		       d->multi ? ", comma-separated list" : "");
		printf("    %s\n", d->description);
		if (d->values.n) {
			printf("    values: ");
			for (size_t k = 0; k < d->values.n; k++)
				printf("%s%s", k ? ", " : "", d->values.v[k]);
			putchar('\n');
		}
	}
}

static int show_current(const struct ruleset *rs, const char *config, const char *profile,
			const char **attrs, int nattrs)
{
	struct arena *a = arena_new();
	struct profile_request rq;
	const struct profile *p = NULL;
	profile_request_init(&rq, a);
	int rc = cmd_profile_build(rs, &rq, config, profile, attrs, (size_t)nattrs, &p);
	if (!rc && p)
		show_profile(rs, p);
	else if (!rc)
		printf("no profile: scan shows the exposure view (every measure naming each "
		       "part's maker, as INFO)\n");
	arena_free(a);
	return rc ? EXIT_ERROR : EXIT_CLEAR;
}

/* A profile name that is none, with the nearest names (as scan --profile). */
static int no_profile(const struct ruleset *rs, const char *name)
{
	const char **names = xcalloc(rs->nprofiles + 1, sizeof *names);
	for (size_t i = 0; i < rs->nprofiles; i++)
		names[i] = rs->profiles[i].name;
	struct strbuf near = STRBUF_INIT;
	int rc = suggest_nearest(&near, name, names, rs->nprofiles, 3)
			 ? usage_error("profiles",
				       "no profile '%s'; did you mean %s? ('chipscreen profiles' "
				       "lists them)",
				       name, near.buf)
			 : usage_error("profiles",
				       "no profile '%s'; 'chipscreen profiles' lists them", name);
	strbuf_release(&near);
	free(names);
	return rc;
}

int cmd_profiles(int argc, char **argv)
{
	static const struct option opts[] = {
		{"attributes", no_argument, NULL, 'A'},
		{"current", no_argument, NULL, 'C'},
		{"profile", required_argument, NULL, 'p'},
		{"attr", required_argument, NULL, 'a'},
		{"config", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *config = NULL, *profile = NULL;
	const char **attrs = xcalloc((size_t)argc + 1, sizeof *attrs);
	int nattrs = 0, c, mode = 0, rc = EXIT_CLEAR;
	optind = 0; /* full reset (GNU): tests run commands in-process, one after another */
	while ((c = getopt_long(argc, argv, "p:a:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'A':
		case 'C':
			mode = c;
			break;
		case 'p':
			profile = optarg;
			break;
		case 'a':
			attrs[nattrs++] = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'h':
			free(attrs);
			return print_usage(usage);
		default:
			free(attrs);
			return usage_bad_option("profiles", argc, argv);
		}
	}
	if (argc - optind > 1 || (mode && optind < argc)) {
		free(attrs);
		return usage_error("profiles",
				   "give one profile name, or --attributes, or --current");
	}
	if ((profile || nattrs || config) && mode != 'C') {
		free(attrs);
		return usage_error("profiles", "--profile, --attr and --config go with --current");
	}
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(NULL, &err);
	if (!rs || profiles_load(rs, NULL, &err) < 0) {
		log_error("%s", err.buf);
		rc = EXIT_ERROR;
	} else if (mode == 'A') {
		show_attributes(rs);
	} else if (mode == 'C') {
		rc = show_current(rs, config, profile, attrs, nattrs);
	} else if (optind < argc) {
		const struct profile *p = profile_find(rs, argv[optind]);
		if (p)
			show_profile(rs, p);
		else
			rc = no_profile(rs, argv[optind]);
	} else {
		for (size_t i = 0; i < rs->nprofiles; i++)
			printf("%-22s %s\n", rs->profiles[i].name, rs->profiles[i].title);
	}
	ruleset_free(rs);
	strbuf_release(&err);
	free(attrs);
	return rc;
}
