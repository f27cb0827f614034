/* history.h: the progress archive (进步档案): history.csv, every change to a child's card. */
#ifndef LB_HISTORY_H
#define LB_HISTORY_H

#include <stddef.h>
#include <sys/stat.h>
#include "date.h"

struct csvio_opts;
struct policy;

/*
 * history.csv (DESIGN.md): date,student_id,field,old,new,source, one row
 * per changed field of a child the roster had, appended by lb-enroll
 * --history and never rewritten: a value that changes back and forth is
 * all there.  field is the roster column's canonical key (or the
 * school's own header for its own columns), source "file:line" of the
 * intake row that changed it.
 */
enum history_col {
	HC_DATE, HC_STUDENT_ID, HC_FIELD, HC_OLD, HC_NEW, HC_SOURCE,
	HC_COUNT
};

/* The header lb writes (and reads back): "date,student_id,...,source". */
extern const char *const history_cols[HC_COUNT];

/* Rows waiting to be appended: n * HC_COUNT strings, owned. */
struct history_batch {
	char **v;
	size_t n, cap;
};

void history_batch_init(struct history_batch *b);
/* Copy one change (strings copied; old and new may be ""). */
void history_batch_add(struct history_batch *b, date_t day, const char *id,
    const char *field, const char *old, const char *new,
    const char *source);
void history_batch_release(struct history_batch *b);

/*
 * Appending a batch together with the roster it describes, so that the
 * history never claims a change the roster did not get, nor the roster
 * a change the history lost.  The order (see history.c) is:
 *   history_begin(): lock the history (the roster's lock is the
 *     caller's, taken first), mend what a killed run left;
 *   the caller writes the new roster under its temporary name and puts
 *     it on disk (ofile_ready());
 *   history_append(): append the rows with a journal that names the
 *     roster as it is now and the new one;
 *   the caller puts the new roster in place (ofile: rename is its
 *     commit);
 *   history_end(): the rows stay when the roster was replaced, and are
 *     cut off again when it was not.
 * A run killed in between leaves the journal, and the next
 * history_begin() does what history_end() would have: it cuts the rows
 * unless the new roster took the old one's place (see history.c).
 */
struct history_txn;

/*
 * Lock path (waiting up to wait_ms), repair it after a killed run, create
 * it with its header when missing or empty (mode 0600: personal data),
 * and make b's rows in its line ends, for history_append() (none: only
 * the header made).  roster names the roster file about to be replaced.  An existing file
 * whose first line is not the header, or that is a workbook, is refused
 * (LB_DATAERR).  Returns the transaction, or NULL with *code set after a
 * message (nothing appended).
 */
struct history_txn *history_begin(const char *path, const char *roster,
    const struct history_batch *b, long wait_ms, int *code);
/*
 * Append the rows (on disk when it returns), the journal first, naming
 * the new roster: next, written and synced under its temporary name
 * next_path (ofile_ready(), ofile_tmp()).  Returns 0, or -1 with *code
 * set after a message (nothing of the rows stays).  t NULL: nothing.
 */
int history_append(struct history_txn *t, const struct stat *next,
    const char *next_path, int *code);
/*
 * Finish: with written set the roster was replaced and the rows stay;
 * otherwise they stay only if the roster is nevertheless no longer the
 * file it was (replaced, then a later step failed), and are cut off
 * when it is.  Unlocks and frees t (NULL allowed).  Returns 0, or -1
 * after a message when the rows could not be cut (the journal stays,
 * and the next run cuts them).
 */
int history_end(struct history_txn *t, int written);

/* One row of a history being read; the strings live until the next row. */
struct history_row {
	date_t day;
	const char *id, *field, *old, *new, *source;
	long line;
};

/*
 * Read the history at path row by row, calling fn for each (stop early
 * by returning non-zero: that value is returned).  The header must name
 * date, student_id, field, old and new (source may be missing); each
 * row's date must be a day and its student_id present, else a message
 * names file:line (LB_DATAERR).  A missing file is LB_NOINPUT.  A run
 * killed between its append and its roster leaves rows a journal
 * disowns: they are left out (with a warning), as the next lb-enroll
 * cuts them.  Returns 0, fn's value, or -1 with *code set.
 */
int history_scan(const char *path, const struct csvio_opts *opts,
    int (*fn)(void *arg, const struct history_row *row), void *arg,
    int *code);

/*
 * The history file of a run: path when given, else the policy's
 * files.history (a relative name is of the roster's folder), else NULL.
 * Returns a new string or NULL.
 */
char *history_path(const struct policy *p, const char *given,
    const char *roster);

#endif
