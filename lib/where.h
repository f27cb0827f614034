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

/*
 * Where where_parse_in() looks a field name up: among names[0..n) (the
 * column is the index; an empty name is never matched nor suggested),
 * then, for a word none of them is, through alias(arg, word) when alias
 * is not NULL (e.g. a policy's header aliases, 姓名 for name), which
 * returns a column below n or -1.
 */
struct where_fields {
	const char *const *names;
	size_t n;
	long (*alias)(void *arg, const char *word);
	void *arg;
};

/* where_parse() with field names looked up as fields says. */
struct where *where_parse_in(const struct where_fields *fields,
    const char *expr, char *err, size_t errlen, size_t *pos);

/* Free w and every expression chained after it (NULL is allowed). */
void where_free(struct where *w);

/*
 * Chain w after the last expression of list, so that where_eval() on
 * list holds when all of them hold (repeated --where options).  Returns
 * the head: list, or w when list is NULL.  The chain owns w.
 */
struct where *where_and(struct where *list, struct where *w);
/* The expression chained after w, or NULL. */
const struct where *where_next(const struct where *w);

/*
 * Evaluate on a record whose value for column i is values[i] (NULL counts
 * as empty).  Returns 1 (holds), 0 (does not) or -1 (a pattern hit its
 * match limit).  On a chain: 1 when every expression holds, else the
 * result of the first that does not.
 */
int where_eval(const struct where *w, const char *const *values);

/* The column the expression tests, and its source text. */
size_t where_col(const struct where *w);
const char *where_text(const struct where *w);

/*
 * For callers that know a column's spellings (a policy normalises 女 to
 * F): 1 when w compares whole values (= and !=), else 0; the value it
 * compares with, and the 1-based character position of that value in
 * where_text(); where_set_value() replaces the value (copied) of such an
 * expression.
 */
int where_is_equality(const struct where *w);
const char *where_value(const struct where *w);
size_t where_value_pos(const struct where *w);
void where_set_value(struct where *w, const char *value);

/*
 * For "did you mean": the one of names[0..n) closest to word (ASCII case
 * ignored, a swap of two neighbours counting as one edit) when it is at
 * most 2 edits away and the edits are at most a third of its length;
 * else NULL.  Ties go to the earlier name.
 */
const char *where_suggest(const char *word, const char *const *names,
    size_t n);

#endif
