/* pair.h: mentors and buddies for the roster, by min-cost assignment. */
#ifndef LB_PAIR_H
#define LB_PAIR_H

#include <stddef.h>
#include "date.h"

struct policy;
struct table;
struct query;

/* Options of pair_roster(). */
struct pair_opts {
	date_t as_of;		/* children in the programme that day */
	int rebalance;		/* recompute every pair, not only invalid ones */
	struct query *query;	/* only pair children it holds for (NULL: all) */
	int explain;		/* fill *explain */
};

/* The columns of the explanation, NULL-terminated. */
extern const char *const pair_explain_cols[];
#define PAIR_EXPLAIN_NCOLS 12

/* One row per child paired (or tried), in roster order. */
struct pair_explain {
	size_t nrows;
	char ***rows;		/* rows[r][0 .. PAIR_EXPLAIN_NCOLS) */
};
void pair_explain_free(struct pair_explain *e);

/*
 * Give every child of roster in the programme on o->as_of
 * (child_active()) a mentor
 * from staff and, when pool is not NULL, a buddy from pool, under the
 * policy's pairing rules: mentor_id and buddy_id are set (the columns
 * added at the end when missing), nothing else changes.  Valid existing
 * pairs stay unless o->rebalance; the other children are paired at the
 * least total cost by the policy's weights (assign.h) over all eligible
 * teachers, so that every one gets a mentor whenever the teachers have
 * places enough, never beyond a teacher's capacity.  Classes are compared
 * by canonical name (classname.h) in all three files; a class of the
 * staff list that no roster row is in is a warning.
 * When the staff list has volunteers (role volunteer, active), every
 * such child also gets a volunteer (volunteer_id): kept when still valid
 * (unless o->rebalance), else the children who need most first (case,
 * intervention, key, then general ones while places remain), each level
 * placed so that as many as can get one of their own village, within
 * each volunteer's max_mentees (else pairing.volunteer.max_mentees);
 * a child of attention key or above left without one is a warning.
 * Without volunteers volunteer_id is left as it is.
 * A child left without a mentor or buddy gets a message naming its
 * roster line and why, and children without a mentor one more line
 * saying how many places are missing; *unpaired counts the children.
 * Bad values in any of the files (duplicate ids, unknown role or status,
 * a bad max_mentees or academic) print "file:line: ..." and return -1
 * (LB_DATAERR) before anything is changed.  With o->explain, *explain
 * gets one row per child considered (free with pair_explain_free()).
 */
int pair_roster(struct table *roster, const struct table *staff,
    const struct table *pool, const struct policy *p,
    const struct pair_opts *o, long *unpaired, struct pair_explain *explain);

/*
 * An academic result as a number: 0-100 as written, bands 优/良/中/差
 * as 90/80/70/55 and A-E as 90/80/70/60/50.  Returns 0, -1 when empty
 * (*v = -1) and -2 when it is none of these.
 */
int pair_academic(const char *s, double *v);

#endif
