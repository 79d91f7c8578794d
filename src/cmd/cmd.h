/*
 * cmd.h — the subcommands, one file each (src/cmd/cmd-NAME.c).
 *
 * Each command parses its own options (getopt_long), wires the stages it needs
 * and returns an exit status: EXIT_CLEAR (0), EXIT_FINDINGS (1) or
 * EXIT_ERROR (2).  `chipscreen CMD --help` prints the command's usage; the
 * full manual is doc/chipscreen-CMD.1.
 */
#ifndef CMD_H
#define CMD_H

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

extern const struct command commands[];
const struct command *command_find(const char *name);

/* Print "chipscreen CMD: <message>" and the hint to --help; returns EXIT_ERROR. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print usage text for a command to stdout and return 0. */
int print_usage(const char *text);

int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_identify(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_screen_names(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_fleet(int argc, char **argv);
int cmd_rescreen(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_agent(int argc, char **argv);

#endif
