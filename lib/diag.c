/* diag.c: one-line diagnostics "prog: file:line:col: message" on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "text.h"

static const char *prog = "lb";
static long nerrors;

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

/*
 * s to stderr with its control characters shown, not obeyed: a name or
 * an argument holding ESC ] or ESC [2J would otherwise retitle or clear
 * the terminal of whoever reads the message (cron mails it to the IT
 * teacher), and a line break would forge a message of its own.
 */
static void
put_shown(const char *s)
{
	size_t n = strlen(s), i, k;
	char shown[8];

	for (i = 0; i < n; i += k)
		if ((k = text_control_shown(s + i, n - i, shown)) > 0)
			fputs(shown, stderr);
		else {
			fputc(s[i], stderr);
			k = 1;
		}
}

static void
vmessage(const char *kind, const char *file, long line, long col,
    const char *fmt, va_list ap)
{
	char small[512], *text = small;
	va_list copy;
	int len;

	/* Formatted first, to be shown: no xmalloc, which may die here. */
	va_copy(copy, ap);
	len = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (len >= (int)sizeof(small) && (text = malloc((size_t)len + 1)) !=
	    NULL)
		(void)vsnprintf(text, (size_t)len + 1, fmt, ap);
	else if (len >= (int)sizeof(small))
		text = small;	/* cut: better than nothing */
	/* One fprintf per part is fine: stderr is unbuffered, but lines from
	 * one process never interleave with themselves. */
	fprintf(stderr, "%s: ", prog);
	if (file != NULL) {
		put_shown(file);
		if (line > 0) {
			fprintf(stderr, ":%ld", line);
			if (col > 0)
				fprintf(stderr, ":%ld", col);
		}
		fputs(": ", stderr);
	}
	if (kind != NULL)
		fputs(kind, stderr);
	if (len >= 0)
		put_shown(text);
	fputc('\n', stderr);
	if (text != small)
		free(text);
}

void
diag_verror(const char *file, long line, long col, const char *fmt, va_list ap)
{
	nerrors++;
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
diag_tally_init(struct diag_tally *t, const char *file, long shown)
{
	memset(t, 0, sizeof(*t));
	t->file = file;
	t->shown = shown > 0 ? shown : DIAG_TALLY_SHOWN;
}

void
diag_tally_row(struct diag_tally *t, long line, const char *what,
    const char *value)
{
	size_t k;

	for (k = 0; k < t->nkinds; k++)
		if (strcmp(t->kind[k].what, what) == 0)
			break;
	if (k == t->nkinds) {
		/* More kinds than a tally holds: each row said, none hidden
		 * under another kind's count. */
		if (k == DIAG_TALLY_KINDS) {
			diag_warn(t->file, line, 0, _("%s '%s' (row not "
			    "counted)"), what, value);
			return;
		}
		t->kind[t->nkinds++].what = what;
	}
	if (++t->kind[k].n <= t->shown)
		diag_warn(t->file, line, 0, _("%s '%s' (row not counted)"),
		    what, value);
}

long
diag_tally_count(const struct diag_tally *t)
{
	long n = 0;
	size_t k;

	for (k = 0; k < t->nkinds; k++)
		n += t->kind[k].n;
	return n;
}

void
diag_tally_end(struct diag_tally *t)
{
	size_t k;
	long more;

	for (k = 0; k < t->nkinds; k++)
		if ((more = t->kind[k].n - t->shown) > 0)
			diag_warn(t->file, 0, 0, P_("%ld more row with %s not "
			    "counted", "%ld more rows with %s not counted",
			    (unsigned long)more), more, t->kind[k].what);
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
