/* where.h: filter expressions such as "grade=3" or "guardian_age>=70". */
#ifndef LB_WHERE_H
#define LB_WHERE_H

#include <stddef.h>

struct where;

/*
 * Parse one expression over the columns names[0..n): field=value,
 * field!=value, field~PATTERN, field!~PATTERN (PCRE2, UTF, compiled once),
 * field<N, field<=N, field>N, field>=N (numbers, or ISO dates compared as
 * dates), field= (empty) and field!= (present).  On error returns NULL,
 * writes the message into err and the 1-based character position of the
 * problem into *pos.  names must outlive the result.
 *
 * `=` and `!=` compare the whole value exactly, also for ;-separated
 * list columns such as hardship (use `hardship~poverty` to test one entry
 * of a list).  `~` and `!~` search (unanchored, case sensitive; anchor
 * with ^ and $).  In <, <=, >, >= the value is a number, or an ISO date
 * YYYY-MM-DD; a record whose value is not a number (or not a date, which
 * may be written in the forms date_parse() accepts) does not match.
 */
struct where *where_parse(const char *const *names, size_t n, const char *expr,
    char *err, size_t errlen, size_t *pos);
void where_free(struct where *w);

/*
 * Evaluate on a record whose value for column i is values[i] (NULL counts
 * as empty).  Returns 1 (holds), 0 (does not) or -1 (a pattern hit its
 * match limit).
 */
int where_eval(const struct where *w, const char *const *values);

/* The column the expression tests, and its source text. */
size_t where_col(const struct where *w);
const char *where_text(const struct where *w);

/*
 * For "did you mean": the one of names[0..n) closest to word (ASCII case
 * ignored, a swap of two neighbours counting as one edit) when it is at
 * most 2 edits away and the edits are at most a third of its length;
 * else NULL.  Ties go to the earlier name.
 */
const char *where_suggest(const char *word, const char *const *names,
    size_t n);

#endif
