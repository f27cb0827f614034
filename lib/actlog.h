/* actlog.h: the activity log: checking its rows and appending them safely. */
#ifndef LB_ACTLOG_H
#define LB_ACTLOG_H

#include <stddef.h>
#include "date.h"
#include "schema.h"

struct csvio_opts;
struct csvio_row;
struct policy;
struct sbuf;
struct strmap;

/*
 * Reading the log: the one reader lb-due, lb-report and lb-log's
 * duplicate check use.  A kind is found by its name, its label or an
 * alias (policy_kind()); the student id is trimmed; the date
 * is read in every form date_parse() takes.  The log is streamed, never
 * held.
 */
struct actlog_row {
	const char *id;		/* student_id, trimmed: id[0..idlen) */
	size_t idlen;
	int kind;		/* index in the policy's contacts, or -1 */
	date_t day;		/* DATE_NONE when the date is not a day */
	const char *kind_text;	/* the kind and date as written */
	const char *date_text;
	long line;
	const struct csvio_row *raw;	/* the row as read */
};

struct actlog_reader;

/*
 * Open the log at path ("-": stdin) and map its header through the
 * policy's aliases (date, student_id and kind are needed).  A path that
 * does not exist is an error (LB_NOINPUT): a typo in a crontab must not
 * look like a term without contacts.  An empty file, or one with only
 * its header, is a log with no contacts yet.  Returns NULL with *code
 * set after a message.  cols, when not NULL, gets per header its
 * canonical column or -1 (*ncols of them; the caller frees *cols).
 */
struct actlog_reader *actlog_open(const char *path, const struct policy *p,
    const struct csvio_opts *opts, int **cols, size_t *ncols, int *code);
const char *actlog_name(const struct actlog_reader *r);
/*
 * The next row: 1, 0 at the end, -1 for a broken record (csvio's
 * message; actlog_code() tells the exit code).  With hold (see
 * csvio_hold_errors()), the message waits for actlog_report().  The
 * row's day and kind are DATE_NONE and -1 until actlog_resolve() reads
 * them (a reader looking for ids only, lb-log's, does not).
 */
int actlog_next(struct actlog_reader *r, struct actlog_row *row);
void actlog_resolve(struct actlog_reader *r, struct actlog_row *row);
void actlog_hold_errors(struct actlog_reader *r);
void actlog_report(struct actlog_reader *r);
int actlog_code(const struct actlog_reader *r);
void actlog_close(struct actlog_reader *r);

/*
 * What a row is checked against.  students and staff map an id to 1
 * (active) or 0 (not active); NULL means "not checked".
 */
struct actlog_rules {
	const struct policy *p;
	date_t as_of;		/* no row may be dated after it ... */
	int force;		/* ... unless force */
	const struct strmap *students;
	const struct strmap *staff;
};

/*
 * Check one row v[LC_COUNT] (date, student_id, kind, staff_id, note; NULL
 * counts as empty) and normalise it into out[LC_COUNT] (malloc'd, the
 * caller frees them): blanks trimmed, the date in ISO form, a kind given
 * by its policy label (谈心) turned into the kind (talk).  The date must
 * be a real day, not after as_of unless force; the kind one of the
 * policy's; the student id present, matching the policy's log pattern,
 * known (and active, unless force) when students is given; the staff id, when present,
 * known and active when staff is given; every value valid UTF-8 (the
 * note may span lines).  Each problem is appended to err as "what is
 * wrong (expected ...)" joined by "; ".  Returns the number of problems.
 */
int actlog_check(const struct actlog_rules *r, const char *const *v,
    char **out, struct sbuf *err);

/* Rows waiting to be appended (canonical order, each LC_COUNT strings). */
struct actlog_batch {
	char **v;		/* n * LC_COUNT values, owned */
	long *line;		/* where each came from (0: the command line) */
	size_t n, cap;
};

void actlog_batch_init(struct actlog_batch *b);
/* Take ownership of the LC_COUNT malloc'd strings in v. */
void actlog_batch_add(struct actlog_batch *b, char **v, long line);
void actlog_batch_release(struct actlog_batch *b);

enum {
	ACTLOG_FORCE = 1	/* append exact duplicates too */
};

/*
 * Append the batch to the log at path, all rows or none:
 * - under ofile_lock(path) (waiting up to wait_ms; another run holding it
 *   gives LB_TEMPFAIL), so concurrent appends are serialised;
 * - a missing (or empty, or blank-lines-only) log is created with its
 *   header, atomically
 *   (temporary file renamed into place), mode 0600;
 * - an existing log's header must name date, student_id and kind (the
 *   policy's aliases count) and the new rows are written in its column
 *   order, with its line end (CRLF when its last line has one);
 * - its end must be plainly CSV: a last line without its line end has
 *   the log read whole (closed first if complete; an open quote is
 *   refused: LB_DATAERR, even with ACTLOG_FORCE);
 * - a row equal to an existing row in all five fields (dates compared
 *   as days), or to an earlier row of the batch, is refused (LB_DATAERR,
 *   nothing appended) unless flags has ACTLOG_FORCE; src names the
 *   batch's source in those messages.  A log under 1 MiB is read whole
 *   for it; a longer one backwards from its end, until 1000 records in a
 *   row are dated more than 7 days before the batch's earliest date;
 * - the rows are written in place: one write(2) to the log opened with
 *   O_APPEND, then fsync, so the cost is the rows' (and the end read),
 *   not the log's.  "<path>.journal" holds the sizes before and after,
 *   on disk before the write, emptied after; an append that a kill or
 *   power cut stopped half-way is cut back by the next call (with a
 *   warning), so that after it the log holds all of a batch or none.
 * Returns 0, or -1 with *code set after a message.
 */
int actlog_append(const char *path, const struct policy *p,
    const struct actlog_batch *b, const char *src, int flags, long wait_ms,
    int *code);

#endif
