/*
 * log.h — messages to the user, on stderr, always prefixed "chipscreen: ".
 *
 * Messages about input name the file and say what is wrong with it, so that
 * a user can act on them ("DMI: entry point checksum is 0x12, should be 0").
 * log_quiet() silences warnings for tests that provoke them on purpose.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Shown unless quiet (log_info needs verbose). */
void log_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_quiet(int quiet);
int log_is_quiet(void);
void log_set_verbose(int verbose);

#endif
