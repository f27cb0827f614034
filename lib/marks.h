/* marks.h: progress over a period (进步档案): the children whose mark rose, fell or held. */
#ifndef LB_MARKS_H
#define LB_MARKS_H

#include <stddef.h>
#include "date.h"

struct csvio_opts;
struct policy;
struct report;

/* What the progress figures are of. */
struct marks_opts {
	const char *roster;	/* the roster (a file: read again here) */
	const char *history;	/* history.csv, or NULL */
	const char *since;	/* an older roster, or NULL */
	const char *const *where;	/* --where, nwhere of them */
	size_t nwhere;
	date_t from, to;	/* the period (from DATE_NONE: from the start) */
	int detail;		/* the list of the children whose mark fell */
	const struct csvio_opts *copts;
};

/*
 * Add the progress figures to r.  The children are those of the roster
 * in the programme on o->to that the --where expressions hold for (as
 * lb-report counts them); a child's mark is its roster's academic
 * (0-100 or a band, as lb-pair reads it).  Its mark at the start and at
 * the end of the period come:
 * - with o->history, from history.csv: the start is the new value of
 *   the last change of academic dated before the period, else the old
 *   value of the first change after that, else the roster's (never
 *   changed); the end the same at the period's last day;
 * - with o->since, the start from the older roster's academic (a child
 *   it does not have has none), the end from the roster's.
 * A child with a mark at both ends counts, in total, once in
 * marks_rose (the end above the start), marks_fell or marks_held; the
 * rows are for the whole and grouped by class, by mentor (mentor=: no
 * mentor) and by buddy (buddy=yes, buddy=no: does pairing help?).
 * With o->detail, the name list "marks_fell_children" (--detail) names the
 * children whose mark fell, with the two marks ("72 → 65"): those to
 * follow up.  Returns 0, or -1 with *code set after a message.
 */
int marks_compute(struct report *r, const struct policy *p,
    const struct marks_opts *o, int *code);

#endif
