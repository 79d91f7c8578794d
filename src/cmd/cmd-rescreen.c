/*
 * cmd-rescreen.c — `chipscreen rescreen`: after a change to the rule set or
 * a list, judge the fleet again and say what changed.
 *
 * The new run is compared with the last run for the same profile: findings
 * that are new, findings cleared, verdicts that changed and deadlines that
 * moved, each with the rule's old and new versions and how many hosts and
 * components it concerns now.  When only rules changed since that run (same
 * date, same knowledge), only the parts those rules can reach are judged
 * again (doc/fleet.md, "Incremental runs").  Exit status: 1 when a new or
 * changed finding is at or above --fail-on (default REVIEW), else 0.
 */
#include "chipscreen.h"
#include "cmd/cmd.h"
#include "cmd/fleet-opts.h"
#include "report/report.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
	"usage: chipscreen rescreen [--db FILE] [--profile P] [--attr KEY=VALUE]... [--date D]\n"
	"                           [--config FILE] [--site SITE]... [--tag TAG]... [--host H]...\n"
	"                           [--format table|json|csv] [--fail-on VERDICT] [--full]\n"
	"\n"
	"Judge the fleet in the store again with the current rules and lists, and\n"
	"report what changed since the last run for the profile: new findings,\n"
	"cleared findings, changed verdicts and moved deadlines, with the old and\n"
	"new rule versions.\n"
	"\n"
	"      --db FILE        the store (default $XDG_DATA_HOME/chipscreen/chipscreen.db)\n"
	"  -p, --profile P      a bundled profile, or 'none' for the exposure view\n"
	"  -a, --attr K=V       set a profile attribute (repeatable)\n"
	"  -d, --date D         judge as of D (YYYY-MM-DD); default today\n"
	"  -c, --config FILE    read this config file instead of the usual ones\n"
	"  -s, --site SITE      count only hosts of this site (repeatable)\n"
	"  -t, --tag TAG        count only hosts with this tag (repeatable: all of them)\n"
	"  -H, --host H         count only this host, by name or key (repeatable)\n"
	"  -F, --format F       table, json or csv; default table\n"
	"  -f, --fail-on V      exit 1 when a new or changed verdict is at or above V;\n"
	"                       default REVIEW\n"
	"      --full           identify and judge every part again\n"
	"      --create         make an empty store when --db names none (else exit 2)\n"
	"\n"
	"Exit status: 0 nothing new at or above --fail-on, 1 new findings, 2 error.\n";

static int exit_status(const struct fleet_changes *ch, int fail_on)
{
	for (size_t i = 0; i < ch->n; i++) {
		const struct fleet_change *x = &ch->v[i];
		if (x->type != CHANGE_CLEARED && x->new_verdict >= fail_on)
			return EXIT_FINDINGS;
	}
	return EXIT_CLEAR;
}

int cmd_rescreen(int argc, char **argv)
{
	struct fleet_cli c = {.cmd = "rescreen"};
	struct fleet_env e;
	int rc;
	if (!fleet_cli_start(&c, &e, argc, argv, usage, false, &rc))
		return rc;
	struct fleet_screen_opts so = {.rs = e.rs,
				       .kb = e.kb,
				       .profile = e.profile,
				       .date = c.date,
				       .command = "rescreen",
				       .what_if = c.what_if,
				       .full = c.full};
	struct fleet_run run;
	struct fleet_changes *ch = NULL;
	struct strbuf err = STRBUF_INIT;
	int64_t before = fleet_last_run(e.f, e.profile, NULL);
	struct strbuf why = STRBUF_INIT;
	int current = 0;
	rc = EXIT_ERROR;
	if (fleet_screen(e.f, &so, &run, &err) < 0 ||
	    (current = fleet_hosts_current(e.f, &why, &err)) < 0) {
		log_error("%s", err.buf);
	} else if ((!run.units_total || !current) && !c.create) {
		/* "0 new, 0 cleared" would pass a gate on a store never imported
		 * into (the server's token store, a lists-only store), or whose
		 * hosts were all retired, as fleet refuses it */
		if (!why.len) /* hosts, none with a part: NOTHING-READ in fleet */
			strbuf_addf(&why,
				    "no host's last inventory holds a component (%d, nothing "
				    "read: chipscreen fleet lists them)",
				    current);
		log_error("%s: %s; nothing to screen again", e.db, why.buf);
	} else if (fleet_changes_build(e.f, before, run.id, e.rs, &c.filter, &ch, &err) < 0 ||
		   report_rescreen(ch, &run, c.format, stdout, &err) < 0) {
		log_error("%s", err.buf);
	} else {
		rc = exit_status(ch, c.fail_on);
	}
	fleet_changes_free(ch);
	strbuf_release(&why);
	strbuf_release(&err);
	fleet_env_close(&e);
	fleet_cli_free(&c);
	return rc;
}
