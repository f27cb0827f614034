/* tap.h: the few TAP helpers the unit tests use (one header, no library). */
#ifndef LB_TAP_H
#define LB_TAP_H

#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tap_n, tap_failed;

/* ok(cond, "name"): one TAP line; returns cond so callers can add detail. */
#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static int __attribute__((format(printf, 4, 5), unused))
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

/* is_str(got, want, "name"): compares strings, showing both on failure. */
#define is_str(got, want, ...) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (!ok(g_ != NULL && w_ != NULL ? strcmp(g_, w_) == 0 : g_ == w_, \
		    __VA_ARGS__)) \
			printf("#   got:  '%s'\n#   want: '%s'\n", \
			    g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} while (0)

#define is_int(got, want, ...) \
	do { \
		long long g_ = (got), w_ = (want); \
		if (!ok(g_ == w_, __VA_ARGS__)) \
			printf("#   got:  %lld\n#   want: %lld\n", g_, w_); \
	} while (0)

/*
 * tap_capture() sends stderr to a temporary file while a test provokes
 * messages; tap_captured() restores it and returns what was written
 * (valid until the next call).
 */
static FILE *tap_err_file;
static int tap_saved_stderr = -1;

static void __attribute__((unused))
tap_capture(void)
{
	fflush(stderr);
	if (tap_saved_stderr >= 0) {
		fputs("tap_capture: already capturing\n", stderr);
		exit(2);
	}
	if ((tap_err_file = tmpfile()) == NULL) {
		perror("tmpfile");
		exit(2);
	}
	tap_saved_stderr = dup(2);
	dup2(fileno(tap_err_file), 2);
}

static __attribute__((unused)) const char *
tap_captured(void)
{
	static char *text;
	long n;

	fflush(stderr);
	dup2(tap_saved_stderr, 2);
	close(tap_saved_stderr);
	tap_saved_stderr = -1;
	free(text);
	n = ftell(tap_err_file);
	text = malloc((size_t)(n > 0 ? n : 0) + 1);
	rewind(tap_err_file);
	n = (long)fread(text, 1, (size_t)(n > 0 ? n : 0), tap_err_file);
	fclose(tap_err_file);
	text[n > 0 ? n : 0] = '\0';
	return text;
}

/* Return value for main(): 0 when all passed. */
#define done_testing() (printf("1..%d\n", tap_n), tap_failed ? 1 : 0)

#endif
