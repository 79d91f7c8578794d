/*
 * test_cmd_docs.c — what a user reads agrees with what the program does.
 *
 * Three places describe each command's options: `chipscreen CMD --help`,
 * the man page doc/chipscreen-CMD.1 and the bash completion
 * dist/bash-completion/chipscreen.  They drifted (options the parser took
 * that no page named, a man page naming an option the parser refused,
 * completion offering scan's formats to import), so these tests tie them
 * together, with --help as the reference because it is printed by the code
 * that parses:
 *
 *  - every long option the parser's getopt table accepts is in --help
 *    (a few a shared table refuses for one command are listed below);
 *  - every option --help names is in the man page;
 *  - the completion takes its flags from --help, and for every option whose
 *    value is one of a set (formats, verdicts, roles, ...) it offers exactly
 *    the values the parser accepts: each is accepted, and each value the
 *    parser's error message lists is offered; the man page names each.
 *
 * Commands come from `chipscreen help`, so a new command is covered as soon
 * as it is listed.  The scan outputs README.md and examples/README.md show
 * are what the scan prints (but for the lines they elide with "...").
 */
#include "testutil.h"

#include "chipscreen.h"
#include "cmd/cmd.h"
#include "util/fileio.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCMD 64
#define MAXOPT 128

static char *listed[MAXCMD];
static size_t ncommands;

static char *slurp_src(const char *rel)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	if (read_file(src_path(rel), 1 << 22, &sb, &err) < 0)
		fail_msg("%s: %s", rel, err.buf);
	strbuf_release(&err);
	return strbuf_detach(&sb, NULL);
}

static bool optchar(int c)
{
	return islower(c) || isdigit(c) || c == '-';
}

/* Does text name --opt, not as a prefix of a longer one? */
static bool names_option(const char *text, const char *opt)
{
	size_t n = strlen(opt);
	for (const char *p = text; (p = strstr(p, "--")); p++)
		if (!strncmp(p + 2, opt, n) && !optchar((unsigned char)p[2 + n]))
			return true;
	return false;
}

/* The long options named in text ("--name"), without the dashes, unique. */
static size_t options_in(const char *text, char **out)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, "--")); p += 2) {
		if (p > text && optchar((unsigned char)p[-1]))
			continue;
		const char *o = p + 2;
		size_t len = 0;
		while (optchar((unsigned char)o[len]))
			len++;
		if (!len || !islower((unsigned char)*o))
			continue;
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			seen |= strlen(out[i]) == len && !strncmp(out[i], o, len);
		if (!seen && n < MAXOPT)
			out[n++] = strndup(o, len);
	}
	return n;
}

/* The long options of the getopt tables in a source file. */
static size_t table_options(const char *text, char **out)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, "{\"")); p += 2) {
		const char *name = p + 2, *q = strchr(name, '"');
		if (!q)
			break;
		const char *rest = q + 1;
		while (*rest == ',' || *rest == ' ' || *rest == '\t' || *rest == '\n')
			rest++;
		if (strncmp(rest, "required_argument", 17) && strncmp(rest, "no_argument", 11) &&
		    strncmp(rest, "optional_argument", 17))
			continue;
		if (n < MAXOPT)
			out[n++] = strndup(name, (size_t)(q - name));
	}
	return n;
}

static void free_all(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}

static char *help_of(const char *cmd)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int rc = run_cmd(&out, &err, cmd, "--help", NULL);
	if (rc != 0)
		fail_msg("%s --help: exit %d\n%s", cmd, rc, err.buf);
	strbuf_release(&err);
	return strbuf_detach(&out, NULL);
}

static char *man_of(const char *cmd)
{
	char rel[128];
	snprintf(rel, sizeof rel, "doc/chipscreen-%s.1", cmd);
	char *man = slurp_src(rel);
	/* roff writes a hyphen "\\-": read it as "-" */
	for (char *p = man; (p = strstr(p, "\\-"));)
		memmove(p, p + 1, strlen(p));
	return man;
}

/* The man page without its SYNOPSIS: where an option is described, not only listed. */
static char *man_body_of(const char *cmd)
{
	char *man = man_of(cmd);
	char *s = strstr(man, ".SH SYNOPSIS");
	char *e = s ? strstr(s + 1, "\n.SH ") : NULL;
	if (s && e)
		memmove(s, e + 1, strlen(e + 1) + 1);
	return man;
}

/* Commands whose options come from a table in another file. */
static const char *table_file(const char *cmd, char *buf, size_t size)
{
	if (!strcmp(cmd, "fleet") || !strcmp(cmd, "rescreen") || !strcmp(cmd, "hosts"))
		return "src/cmd/fleet-opts.c";
	if (!strcmp(cmd, "compare"))
		return "src/cmd/cmd-search.c";
	snprintf(buf, size, "src/cmd/cmd-%s.c", cmd);
	return buf;
}

/* Options a shared table holds that the command refuses ("unknown option"). */
static const struct {
	const char *cmd, *opts;
} refused[] = {
	{"rescreen", " stats min-verdict summary "},
	{"hosts", " stats min-verdict summary full fail-on "},
	{"compare", " source country address id limit exhaustive "},
};

static bool is_refused(const char *cmd, const char *opt)
{
	char key[64];
	snprintf(key, sizeof key, " %s ", opt);
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		if (!strcmp(refused[i].cmd, cmd) && strstr(refused[i].opts, key))
			return true;
	return false;
}

/* Every option the parser accepts is in --help. */
static void test_parser_options_in_help(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t c = 0; c < ncommands; c++) {
		const char *cmd = listed[c];
		if (!strcmp(cmd, "help") || !strcmp(cmd, "version"))
			continue;
		char buf[128], *opts[MAXOPT];
		char *src = slurp_src(table_file(cmd, buf, sizeof buf));
		char *help = help_of(cmd);
		size_t n = table_options(src, opts);
		for (size_t i = 0; i < n; i++)
			/* every command takes --help ('chipscreen help' says so) */
			if (!is_refused(cmd, opts[i]) && strcmp(opts[i], "help") &&
			    !names_option(help, opts[i])) {
				print_message("%s: the parser accepts --%s; --help does not say\n",
					      cmd, opts[i]);
				bad++;
			}
		free_all(opts, n);
		free(src);
		free(help);
	}
	assert_int_equal(bad, 0);
}

/* The refused ones are refused, so the list above stays true. */
static void test_refused_are_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char list[128];
		snprintf(list, sizeof list, "%s", refused[i].opts);
		for (char *o = strtok(list, " "); o; o = strtok(NULL, " ")) {
			/* a value the option would accept, so only refusal fails */
			char arg[64];
			snprintf(arg, sizeof arg, "--%s=%s", o,
				 strstr(o, "verdict") || !strcmp(o, "fail-on") ? "REVIEW" : "5");
			struct strbuf err = STRBUF_INIT;
			bool flag = !strcmp(o, "stats") || !strcmp(o, "summary") ||
				    !strcmp(o, "full") || !strcmp(o, "exhaustive");
			if (flag)
				snprintf(arg, sizeof arg, "--%s", o);
			int rc = run_cmd(NULL, &err, refused[i].cmd, arg, "A", "B", NULL);
			if (rc != EXIT_ERROR || !strstr(err.buf, o))
				fail_msg("%s %s: exit %d, want 2 naming it:\n%s", refused[i].cmd,
					 arg, rc, err.buf);
			strbuf_release(&err);
		}
	}
}

/* Every option --help names is described in the man page (not only listed in
 * its SYNOPSIS). */
static void test_help_options_in_man(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t c = 0; c < ncommands; c++) {
		const char *cmd = listed[c];
		if (!strcmp(cmd, "help") || !strcmp(cmd, "version"))
			continue;
		char *help = help_of(cmd), *man = man_body_of(cmd), *opts[MAXOPT];
		size_t n = options_in(help, opts);
		for (size_t i = 0; i < n; i++)
			if (strcmp(opts[i], "help") && !names_option(man, opts[i])) {
				print_message("%s: --help names --%s; doc/chipscreen-%s.1 does not "
					      "describe it\n",
					      cmd, opts[i], cmd);
				bad++;
			}
		free_all(opts, n);
		free(help);
		free(man);
	}
	assert_int_equal(bad, 0);
}

/* Every option a man page names is one some command's --help names: none
 * stale or misspelt (a page may name another command's option, "the --out
 * file of screen-names"). */
static void test_man_options_exist(void **state)
{
	(void)state;
	struct strbuf all = STRBUF_INIT;
	for (size_t c = 0; c < ncommands; c++)
		if (strcmp(listed[c], "help") && strcmp(listed[c], "version")) {
			char *help = help_of(listed[c]);
			strbuf_addstr(&all, help);
			free(help);
		}
	int bad = 0;
	for (size_t c = 0; c < ncommands; c++) {
		const char *cmd = listed[c];
		if (!strcmp(cmd, "help") || !strcmp(cmd, "version"))
			continue;
		char *man = man_of(cmd), *opts[MAXOPT];
		size_t n = options_in(man, opts);
		for (size_t i = 0; i < n; i++)
			if (strcmp(opts[i], "help") && !names_option(all.buf, opts[i])) {
				print_message(
					"doc/chipscreen-%s.1 names --%s; no command takes it\n",
					cmd, opts[i]);
				bad++;
			}
		free_all(opts, n);
		free(man);
	}
	strbuf_release(&all);
	assert_int_equal(bad, 0);
}

/*
 * Options whose value is one of a set.  sub: the subcommand before it;
 * probe: false where the parser's message does not list the values.
 */
static const struct {
	const char *cmd, *sub, *opt;
	bool probe;
	const char *arg; /* arguments the command needs before it reads the value */
} enums[] = {
	{"collect", NULL, "format", true, NULL},
	{"scan", NULL, "format", true, NULL},
	{"scan", NULL, "fail-on", true, NULL},
	{"scan", NULL, "date-order", true, NULL},
	{"import", NULL, "format", true, NULL},
	{"import", NULL, "date-order", true, NULL},
	{"fleet", NULL, "format", true, NULL},
	{"fleet", NULL, "fail-on", true, NULL},
	{"fleet", NULL, "min-verdict", true, NULL},
	{"rescreen", NULL, "format", true, NULL},
	{"rescreen", NULL, "fail-on", true, NULL},
	{"hosts", NULL, "format", true, NULL},
	{"report", NULL, "format", true, NULL},
	{"report", NULL, "paper", true, NULL},
	{"export-check", NULL, "format", true, NULL},
	{"export-check", NULL, "fail-on", true, NULL},
	{"screen-names", NULL, "fail-on", true, NULL},
	{"search", NULL, "type", true, NULL},
	{"compare", NULL, "type", true, NULL},
	{"token", "create", "role", true, NULL},
	{"identify", NULL, "kind", true, "1e49:0071"},
	{"lists", "import", "format", false, NULL},
	{"export-check", NULL, "end-use", true, "--item H100 --destination VN"},
	{"export-check", NULL, "origin", true, "--item H100 --destination VN"},
	{"export-check", NULL, "datacenter", true, "--tpp 5000 --destination VN"},
	{"export-check", NULL, "fdp", true, "--item H100 --destination VN"},
};

/* The words of the completion arm "CMD --OPT" (echo "..."), or NULL. */
static char *completion_values(const char *comp, const char *cmd, const char *opt)
{
	char key[96];
	snprintf(key, sizeof key, "\"%s --%s\"", cmd, opt);
	const char *p = strstr(comp, key);
	if (!p)
		return NULL;
	const char *eol = strchr(p, '\n'), *e = strstr(p, "echo \"");
	if (!e || (eol && e > eol))
		return NULL;
	e += 6;
	const char *q = strchr(e, '"');
	char *v = strndup(e, (size_t)(q - e));
	return v;
}

static bool has_word(const char *words, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = words; (p = strstr(p, w)); p++)
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* The values an error message lists: "expected a, b or c", "must be a or b, not 'x'". */
static size_t message_values(const char *msg, char **out)
{
	const char *p = strstr(msg, "expected ");
	p = p ? p + 9 : strstr(msg, "must be ");
	if (!p)
		return 0;
	if (!strncmp(p, "must be ", 8))
		p += 8;
	if (!strncmp(p, "one of ", 7))
		p += 7;
	char *s = strndup(p, strcspn(p, "\n"));
	char *cut = strstr(s, ", not '");
	if (cut)
		*cut = 0;
	size_t n = 0;
	for (char *w = strtok(s, ", ()"); w; w = strtok(NULL, ", ()"))
		if (strcmp(w, "or") && n < MAXOPT)
			out[n++] = strdup(w);
	free(s);
	return n;
}

static int run_probe(struct strbuf *err, size_t i, const char *value, bool help)
{
	const char *argv[16];
	char args[128];
	int argc = 0;
	argv[argc++] = enums[i].cmd;
	if (enums[i].sub)
		argv[argc++] = enums[i].sub;
	char opt[64];
	snprintf(opt, sizeof opt, "--%s=%s", enums[i].opt, value);
	argv[argc++] = opt;
	if (help)
		argv[argc++] = "--help";
	else if (enums[i].arg) {
		snprintf(args, sizeof args, "%s", enums[i].arg);
		char *save = NULL; /* strtok_r: the caller may be inside a strtok loop */
		for (char *w = strtok_r(args, " ", &save); w && argc < 14;
		     w = strtok_r(NULL, " ", &save))
			argv[argc++] = w;
	}
	argv[argc] = NULL;
	return run_cmdv(NULL, err, argc, argv);
}

static void test_completion(void **state)
{
	(void)state;
	char *comp = slurp_src("dist/bash-completion/chipscreen");
	/* flags come from the command's own --help, so every option completes */
	assert_non_null(strstr(comp, "chipscreen \"$1\" --help"));
	assert_non_null(strstr(comp, "chipscreen help"));
	/* subcommands (lists import, token create) from the usage lines of --help */
	assert_non_null(strstr(comp, "_chipscreen_subcommands \"$cmd\""));
	int bad = 0;
	for (size_t i = 0; i < sizeof enums / sizeof *enums; i++) {
		const char *cmd = enums[i].cmd, *opt = enums[i].opt;
		char *help = help_of(cmd), *man = man_of(cmd);
		if (!names_option(help, opt))
			fail_msg("%s: no --%s any more: update this test's table", cmd, opt);
		char *vals = completion_values(comp, cmd, opt);
		if (!vals) {
			print_message("completion: no values for %s --%s\n", cmd, opt);
			bad++;
			free(help);
			free(man);
			continue;
		}
		struct strbuf err = STRBUF_INIT;
		char *copy = strdup(vals);
		for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
			if (run_probe(&err, i, w, true) != 0) {
				print_message("completion offers %s --%s %s; it is refused:\n%s",
					      cmd, opt, w, err.buf);
				bad++;
			}
			if (!strstr(man, w)) {
				print_message("doc/chipscreen-%s.1 does not name --%s %s\n", cmd,
					      opt, w);
				bad++;
			}
		}
		free(copy);
		if (enums[i].probe) {
			char *mv[MAXOPT];
			int rc = run_probe(&err, i, "zz-not-a-value", false);
			size_t n = message_values(err.buf, mv);
			if (rc != EXIT_ERROR || !n) {
				print_message(
					"%s --%s zz-not-a-value: exit %d, values not listed:\n%s",
					cmd, opt, rc, err.buf);
				bad++;
			}
			for (size_t k = 0; k < n; k++) {
				if (!has_word(vals, mv[k])) {
					print_message(
						"%s --%s takes %s; completion does not offer it\n",
						cmd, opt, mv[k]);
					bad++;
				}
				/* --help is the reference: it names every value too
				 * (identify --kind listed 7 of its 13), but for the
				 * verdicts, which it gives as "at or above V" */
				if (strcmp(opt, "fail-on") && strcmp(opt, "min-verdict") &&
				    !strstr(help, mv[k])) {
					print_message("%s --help does not name --%s %s\n", cmd,
						      opt, mv[k]);
					bad++;
				}
			}
			free_all(mv, n);
		}
		strbuf_release(&err);
		free(vals);
		free(help);
		free(man);
	}
	free(comp);
	assert_int_equal(bad, 0);
}

/* chipscreen(1) names every command, and points to each one's page. */
static void test_main_page_lists_commands(void **state)
{
	(void)state;
	char *man = slurp_src("doc/chipscreen.1");
	for (char *p = man; (p = strstr(p, "\\-"));)
		memmove(p, p + 1, strlen(p));
	const char *cmds = strstr(man, ".SH COMMANDS");
	assert_non_null(cmds);
	int bad = 0;
	for (size_t c = 0; c < ncommands; c++) {
		char word[80], page[96];
		snprintf(word, sizeof word, " %s", listed[c]);
		snprintf(page, sizeof page, "chipscreen-%s (1)", listed[c]);
		bool help = !strcmp(listed[c], "help") || !strcmp(listed[c], "version");
		if (!strstr(cmds, word) || (!help && !strstr(man, page))) {
			print_message("doc/chipscreen.1 does not name %s, or not its page\n",
				      listed[c]);
			bad++;
		}
	}
	free(man);
	assert_int_equal(bad, 0);
}

/* Every line of a shown output (but "..." and the collection time) is in what
 * the command prints today. */
static int block_in_output(const char *what, const char *block, const char *out)
{
	int bad = 0;
	char *copy = strdup(block);
	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n")) {
		size_t n = strlen(l);
		while (n && l[n - 1] == ' ')
			l[--n] = 0;
		if (!n || strstr(l, "...") || strstr(l, "collected "))
			continue;
		if (!strstr(out, l)) {
			print_message("%s shows a line the command does not print:\n  %s\n", what,
				      l);
			bad++;
		}
	}
	free(copy);
	return bad;
}

/* README.md's first scan, as printed on the date it shows (CHIPSCREEN_TODAY). */
static void test_readme_scan_output(void **state)
{
	(void)state;
	char *readme = slurp_src("README.md");
	const char *cmd = "$ build/chipscreen scan --root examples/server --profile cn-cii\n";
	char *b = strstr(readme, cmd);
	assert_non_null(b);
	b += strlen(cmd);
	char *e = strstr(b, "```");
	assert_non_null(e);
	*e = 0;
	const char *d = strstr(b, "\ndate      ");
	assert_non_null(d);
	char today[11];
	snprintf(today, sizeof today, "%.10s", d + 11);
	setenv("CHIPSCREEN_TODAY", today, 1);
	struct strbuf out = STRBUF_INIT;
	run_cmd(&out, NULL, "scan", "--root", src_path("examples/server"), "--profile", "cn-cii",
		NULL);
	unsetenv("CHIPSCREEN_TODAY");
	assert_int_equal(block_in_output("README.md", b, out.buf), 0);
	strbuf_release(&out);
	free(readme);
}

/* examples/README.md's outputs, one indented block per **profile**, at the date it names. */
static void test_example_readme_outputs(void **state)
{
	(void)state;
	char *text = slurp_src("examples/README.md");
	int bad = 0, blocks = 0;
	for (char *p = text; (p = strstr(p, "\n**"));) {
		p += 3;
		char profile[64];
		size_t n = strcspn(p, "*");
		snprintf(profile, sizeof profile, "%.*s", (int)n, p);
		/* the indented block after the heading */
		char *s = strstr(p, "\n\n    ");
		if (!s)
			break;
		s += 2;
		struct strbuf block = STRBUF_INIT;
		char *l = s;
		while (!strncmp(l, "    ", 4) || *l == '\n') {
			char *nl = strchr(l, '\n');
			if (!nl)
				break;
			if (*l != '\n')
				strbuf_add(&block, l + 4, (size_t)(nl - l - 3));
			if (*l == '\n' && nl[1] != ' ')
				break;
			l = nl + 1;
		}
		struct strbuf out = STRBUF_INIT;
		run_cmd(&out, NULL, "scan", "--root", src_path("examples/server"), "--profile",
			profile, "--date", "2026-06-01", NULL);
		char what[96];
		snprintf(what, sizeof what, "examples/README.md (%s)", profile);
		bad += block_in_output(what, block.buf, out.buf);
		blocks++;
		strbuf_release(&out);
		strbuf_release(&block);
		p = l;
	}
	free(text);
	assert_true(blocks >= 2);
	assert_int_equal(bad, 0);
}

/* The commands, from `chipscreen help` as the completion reads them. */
static void load_commands(void)
{
	struct strbuf out = STRBUF_INIT;
	assert_int_equal(run_cmd(&out, NULL, "help", NULL), 0);
	for (char *line = out.buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (!strncmp(line, "  ", 2) && islower((unsigned char)line[2]) &&
		    ncommands < MAXCMD) {
			size_t n = strcspn(line + 2, " \n");
			listed[ncommands++] = strndup(line + 2, n);
		}
		line = nl ? nl + 1 : NULL;
	}
	strbuf_release(&out);
	assert_true(ncommands >= 20);
}

static int setup(void **state)
{
	(void)state;
	/* probes must not find or make a store or config of the one running the tests */
	char *dir = test_tmpdir();
	setenv("XDG_DATA_HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	*state = dir;
	load_commands();
	return 0;
}

static int teardown(void **state)
{
	test_rmtree(*state);
	free(*state);
	free_all(listed, ncommands);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser_options_in_help),
		cmocka_unit_test(test_refused_are_refused),
		cmocka_unit_test(test_help_options_in_man),
		cmocka_unit_test(test_man_options_exist),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_main_page_lists_commands),
		cmocka_unit_test(test_readme_scan_output),
		cmocka_unit_test(test_example_readme_outputs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
