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

#endif
