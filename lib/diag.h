/* diag.h: program name, one-line diagnostics and the exit codes of lb. */
#ifndef LB_DIAG_H
#define LB_DIAG_H

#include <stdarg.h>
#include <stdnoreturn.h>

/*
 * The convention of lib/: a function that fails prints its message here
 * (file:line where there is one) and returns -1, or NULL for one that
 * makes something; where the failure can mean more than one exit code,
 * it sets *code (its last parameter) to it, else its comment names the
 * one.  Only main() exits; xmalloc() & co. die on out-of-memory (71).
 */

/*
 * Exit codes, sysexits(3) as DESIGN.md fixes them.  Every command's man
 * page lists the ones it uses under EXIT STATUS.
 */
enum lb_exit {
	LB_OK = 0,
	LB_FOUND = 1,		/* a documented "found something" result */
	LB_USAGE = 64,		/* bad command line */
	LB_DATAERR = 65,	/* bad input data */
	LB_NOINPUT = 66,	/* an input file is missing or unreadable */
	LB_UNAVAILABLE = 69,	/* not built yet, or a helper program missing */
	LB_OSERR = 71,		/* out of memory, other system error */
	LB_CANTCREAT = 73,	/* cannot create an output file */
	LB_IOERR = 74,		/* read or write error */
	LB_TEMPFAIL = 75,	/* another run holds the lock: try again */
	LB_CONFIG = 78		/* bad policy */
};

/* Remember the program name (basename of argv0) for every message. */
void diag_init(const char *argv0);
const char *diag_prog(void);

/*
 * Print "prog: file:line:col: message" to stderr.  file may be NULL (then
 * no location is printed), line 0 omits line and column, col 0 omits the
 * column.  Messages are lowercase, no full stop, the subject in quotes.
 * Counts the errors printed so far (diag_errors()).
 */
void diag_error(const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_verror(const char *file, long line, long col, const char *fmt,
    va_list ap);

/* The same with "warning: " after the location; not counted as error. */
void diag_warn(const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Print "prog: message" and exit with code.  Never returns. */
noreturn void diag_die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Number of diag_error() calls so far. */
long diag_errors(void);

/*
 * Warnings about the rows of one file, where a problem may repeat on
 * thousands of rows (a county's log written for another roster): each
 * kind of problem is named, with its row, for its first `shown` rows
 * (0: DIAG_TALLY_SHOWN); the rest are counted, and diag_tally_end()
 * prints one line per kind with the count.  A cap of one kind never
 * hides a problem of another.  The kinds are told apart by their text.
 */
#define DIAG_TALLY_SHOWN 10
#define DIAG_TALLY_KINDS 16
struct diag_tally {
	const char *file;
	long shown;
	struct {
		const char *what;	/* "unknown student" */
		long n;			/* rows with it */
	} kind[DIAG_TALLY_KINDS];
	size_t nkinds;
};

void diag_tally_init(struct diag_tally *t, const char *file, long shown);
/*
 * A row at line of the file has problem what (a phrase: "unknown kind")
 * in value: "file:line: warning: what 'value' (row not counted)".
 */
void diag_tally_row(struct diag_tally *t, long line, const char *what,
    const char *value);
/* Rows warned about so far, all kinds. */
long diag_tally_count(const struct diag_tally *t);
/* "file: warning: N more rows with what not counted", per kind capped. */
void diag_tally_end(struct diag_tally *t);

/*
 * Flush and close stdout, and check for write errors (a full disk is an
 * error, not silence).  EPIPE exits quietly with the current code.
 * Returns code, or LB_IOERR after printing a message.
 */
int diag_close_stdout(int code);

#endif
