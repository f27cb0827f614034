/* query.h: the --where options of a command: which roster rows a question is about. */
#ifndef LB_QUERY_H
#define LB_QUERY_H

#include <stddef.h>
#include "date.h"

struct policy;
struct table;
struct where;

struct query;

/*
 * A query of the --where expressions exprs[0..n), all of which must hold
 * (n 0: every row holds).  An expression names a canonical roster column,
 * a policy header alias of one (姓名=王小明 means name=王小明), one of
 * the command's own columns own[0..nown) (lb-due's output columns: a
 * name there hides the roster column of that name), or another column of
 * the file (one the roster carries through).  Nothing is parsed before
 * query_bind().  as_of is the date normalisation computes for
 * (card_normalize()).  exprs and own must outlive the query; free it
 * with query_free().
 */
struct query *query_new(const struct policy *p, date_t as_of,
    const char *const *exprs, size_t n, const char *const *own, size_t nown);
void query_free(struct query *q);

/*
 * The values an = or != may compare own column k with (a NULL-terminated
 * list that must outlive q): any other is refused by query_bind() as a
 * typo would be (lb-due's status is overdue or due).
 */
void query_own_values(struct query *q, size_t k, const char *const *values);

/*
 * Parse the expressions for a file whose header is names[0..ncols), where
 * canon[i] is the canonical column of header i or -1 (as in struct
 * table); ncols 0 for the canonical columns alone.  The value of = and !=
 * on a column of canonical values is normalised through the policy as the
 * roster's are (left_behind=完全留守 is left_behind=both); on a date
 * column, any date form is taken (birth_date=2016/8/30).  On error prints
 * "--where: what at character N of 'expr'" (with "did you mean" where a
 * name is close) and returns -1: the exit code is LB_USAGE.  May be
 * called again for another file.
 */
int query_bind(struct query *q, size_t ncols, const char *const *names,
    const int *canon);

/*
 * One expression in the language of --where on the canonical roster
 * columns alone (or a policy header alias of one), its = or != value
 * made canonical as query_bind() makes it: what a policy's when rules
 * are.  NULL when it is not one, with the problem in err[errlen] and
 * its 1-based character in *pos.  Free with where_free().
 */
struct where *query_parse_roster(const struct policy *p, const char *expr,
    char *err, size_t errlen, size_t *pos);

/* 1 when some expression is on the roster (or the file), on own columns. */
int query_on_roster(const struct query *q);
int query_on_own(const struct query *q);

/*
 * Evaluate the expressions on the roster's columns for row[0..ncols) of
 * the bound file, after normalising its canonical values as lb-enroll
 * does (card_normalize(): blanks trimmed, dates ISO, spellings canonical,
 * ages as numbers, attention from the key rules when empty).  Returns 1
 * (all hold), 0, or -1 after a message naming file and line (file NULL:
 * none) and the student when a pattern hit its match limit (exit code
 * LB_DATAERR).
 */
int query_row(struct query *q, char *const *row, const char *file,
    long line);

/*
 * The canonical values (RC_COUNT of them, normalised, never NULL) of the
 * row query_row() looked at last; valid until its next call.
 */
char *const *query_values(const struct query *q);

/*
 * Evaluate the expressions on the command's own columns, own[0..nown)
 * values.  Returns as query_row().
 */
int query_own(const struct query *q, const char *const *own,
    const char *file, long line);

/*
 * Bind q to table t and evaluate it on every row: returns keep[nrows]
 * (malloc'd), 1 where every expression holds.  NULL with *code set
 * (LB_USAGE, LB_DATAERR) after a message.
 */
unsigned char *query_match(struct query *q, const struct table *t,
    int *code);

#endif
