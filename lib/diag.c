/* diag.c: one-line diagnostics "prog: file:line:col: message" on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"

static const char *prog = "lb";
static long nerrors;
static long limit;
static long limit_base;	/* errors counted before the limit was set */

void
diag_init(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	prog = slash != NULL ? slash + 1 : argv0;
}

const char *
diag_prog(void)
{
	return prog;
}

static void
vmessage(const char *kind, const char *file, long line, long col,
    const char *fmt, va_list ap)
{
	/* One fprintf per part is fine: stderr is unbuffered, but lines from
	 * one process never interleave with themselves. */
	fprintf(stderr, "%s: ", prog);
	if (file != NULL) {
		fputs(file, stderr);
		if (line > 0) {
			fprintf(stderr, ":%ld", line);
			if (col > 0)
				fprintf(stderr, ":%ld", col);
		}
		fputs(": ", stderr);
	}
	if (kind != NULL)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
diag_verror(const char *file, long line, long col, const char *fmt, va_list ap)
{
	nerrors++;
	if (limit > 0 && nerrors - limit_base > limit)
		return;
	vmessage(NULL, file, line, col, fmt, ap);
}

void
diag_error(const char *file, long line, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warn(const char *file, long line, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(_("warning: "), file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(code);
}

long
diag_errors(void)
{
	return nerrors;
}

void
diag_set_limit(long n)
{
	limit = n;
	limit_base = nerrors;
}

void
diag_flush_suppressed(void)
{
	if (limit > 0 && nerrors - limit_base > limit) {
		fprintf(stderr, "%s: ", prog);
		fprintf(stderr, _("... %ld more errors"),
		    nerrors - limit_base - limit);
		fputc('\n', stderr);
	}
}

int
diag_close_stdout(int code)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);
	int saved = errno;

	if (fclose(stdout) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (!failed)
		return code;
	/* A reader that went away (`lb-due | head`) is not our error. */
	if (saved == EPIPE)
		return code;
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, _("cannot write standard output: %s"),
	    strerror(saved));
	fputc('\n', stderr);
	return code == LB_OK || code == LB_FOUND ? LB_IOERR : code;
}
