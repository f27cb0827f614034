/* pair.h: mentors and buddies for the roster, by min-cost assignment. */
#ifndef LB_PAIR_H
#define LB_PAIR_H

#include <stddef.h>

struct policy;
struct table;
struct query;

/*
 * The assignment engine.  Left nodes (children) are given to right nodes
 * (teachers, buddies) along arcs of non-negative cost; right node j takes
 * at most cap[j] left nodes, and its k-th one (k from 0) costs
 * unit_cost(ctx, j, k) more, which must not decrease as k grows (a convex
 * load cost).  Left nodes are taken in index order: each is added by a
 * shortest augmenting path (Dijkstra with potentials on a binary heap,
 * stopped at the first free unit), so after every step the assignment is
 * of least total cost for the left nodes placed so far, and a left node
 * that cannot be placed without unplacing an earlier one stays unplaced
 * (earlier = higher priority).  Equal-cost choices go to the lower index,
 * so the result depends only on the numbering.
 */
struct pair_problem {
	size_t nleft, nright;
	const size_t *first;	/* arcs of left i: first[i] .. first[i+1] */
	const size_t *to;	/* right node of each arc */
	const long long *cost;	/* cost of each arc, >= 0 */
	const int *cap;		/* per right node, >= 0 */
	long long (*unit_cost)(void *ctx, size_t right, int k);	/* NULL: 0 */
	void *ctx;
};

/*
 * Solve pp: match[i] becomes the right node of left i, or -1 when it
 * could not be placed.  Returns the total cost (arcs plus units).
 */
long long pair_solve(const struct pair_problem *pp, long *match);

/* Options of pair_roster(). */
struct pair_opts {
	int rebalance;		/* recompute every pair, not only invalid ones */
	struct query *query;	/* only pair children it holds for (NULL: all) */
	int explain;		/* fill *explain */
};

/* The columns of the explanation, NULL-terminated. */
extern const char *const pair_explain_cols[];
#define PAIR_EXPLAIN_NCOLS 10

/* One row per child paired (or tried), in roster order. */
struct pair_explain {
	size_t nrows;
	char ***rows;		/* rows[r][0 .. PAIR_EXPLAIN_NCOLS) */
};
void pair_explain_free(struct pair_explain *e);

/*
 * Give every active child of roster (status active or empty) a mentor
 * from staff and, when pool is not NULL, a buddy from pool, under the
 * policy's pairing rules: mentor_id and buddy_id are set (the columns
 * added at the end when missing), nothing else changes.  Valid existing
 * pairs stay unless o->rebalance.  A child left without a mentor or buddy
 * gets a message naming its roster line and why; *unpaired counts them.
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
