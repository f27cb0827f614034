/* cli.h: what every command does the same way on its command line. */
#ifndef LB_CLI_H
#define LB_CLI_H

#include <stddef.h>
#include <stdnoreturn.h>
#include <time.h>
#include "date.h"

struct policy;

/*
 * Long-option codes shared by the commands (above the range of short
 * options), so every command spells and handles them alike.
 */
enum cli_opt {
	OPT_AS_OF = 256, OPT_COLUMNS, OPT_DATE, OPT_ENCODING, OPT_EXCEL,
	OPT_SHEET, OPT_EXPLAIN, OPT_FORMAT, OPT_FROM, OPT_INTO, OPT_MENTOR, OPT_MERGE,
	OPT_MONTH, OPT_POOL, OPT_PRINT_POLICY, OPT_REBALANCE, OPT_REJECTS,
	OPT_ROSTER, OPT_SENDMAIL, OPT_STAFF, OPT_SUPPRESS, OPT_TERM, OPT_TO,
	OPT_VERSION, OPT_WHERE, OPT_WITHIN, OPT_BY, OPT_NOTE, OPT_FORCE,
	OPT_CHECK, OPT_DETAIL, OPT_CARDS, OPT_SENT, OPT_RESEND,
	OPT_ALLOW_MIXED, OPT_HISTORY, OPT_SINCE
};

/*
 * Print usage (the man page's SYNOPSIS, one "usage:" line per form; the
 * text marked N_() and translated here) and exit: to stderr with LB_USAGE
 * on misuse (to stdout with LB_OK; --help is cli_help()).
 */
noreturn void cli_usage(const char *usage, int code);

/*
 * One line of --help: an option as its man page's list of options heads
 * it ("-l log, --log log", never translated), or an exit code ("64"); and
 * what it does, one line, marked N_() (translated when printed).  A
 * command's table of them ends with { NULL, NULL }.
 */
struct cli_help {
	const char *opt;
	const char *what;
};

/*
 * Print --help and exit 0: the usage (as cli_usage), a blank line, the
 * options in the order of the man page's list, one a line with what it
 * does, a blank line, and the exit codes with what each means; all in
 * the user's language but the synopsis and the option names.
 * tests/man/0006 checks them against the man page.
 */
noreturn void cli_help(const char *usage, const struct cli_help *opts,
    const struct cli_help *exits);

/* Print "prog (lb) VERSION" and exit 0. */
noreturn void cli_version(void);

/*
 * Load the effective policy (path NULL: $LB_POLICY, else the built-in
 * default); on failure the loader's message has been printed and the
 * process exits with its code (78 bad policy, 66 missing file).
 */
struct policy *cli_policy(const char *path);

/* Print the policy as YAML on stdout; returns the exit code. */
int cli_print_policy(const struct policy *p);

/* Parse a date given to option opt (e.g. "--as-of"), exiting 64 if bad. */
date_t cli_date(const char *opt, const char *arg);

/* Parse a non-negative integer given to opt, exiting 64 if bad. */
long cli_count(const char *opt, const char *arg);

/*
 * Check that a format name is one of the NULL-terminated list allowed;
 * exits 64 naming them otherwise.  Returns its index.
 */
int cli_format(const char *arg, const char *const *allowed);

/*
 * Exit 64 when two of the input files path[0..n) (named what[i] in the
 * message; NULL: not given) are "-": one stdin cannot feed two, and the
 * second reader would find it empty (an empty log is a log without
 * contacts).
 */
void cli_one_stdin(const char *const *path, const char *const *what,
    size_t n);

/* The same for the operands argv[0..argc): '-' once at most. */
void cli_operands_one_stdin(int argc, char *const *argv, const char *what);

/*
 * A file a command reads or writes, for cli_no_overwrite(): its path
 * (NULL: not given; "-": a stream), the option that names it ("-o",
 * "--staff"; "" for an operand), what kind of file it is (a word such as
 * "roster", compared, never shown), and whether it is written.
 */
struct cli_file {
	const char *path;
	const char *option;
	const char *kind;
	int written;
};

/*
 * Exit 64, before anything is read or written, when a file written is
 * also another of f[0..n) (the same file by device and inode: a link or
 * another name is caught too) and the two are not of one kind: -o
 * roster.csv roster.csv updates the roster in place, but -o or --rejects
 * over the staff list, the log or the roster would replace it with
 * something else.  Two outputs on one file are refused too.
 */
void cli_no_overwrite(const struct cli_file *f, size_t n);

/*
 * The time stamped on mail and calendars: $SOURCE_DATE_EPOCH when set to
 * a number of seconds (reproducible output, as in reproducible builds),
 * else now.
 */
time_t cli_now(void);

#endif
