/* assign.h: least-cost assignment under capacities, by augmenting paths. */
#ifndef LB_ASSIGN_H
#define LB_ASSIGN_H

#include <stddef.h>

/*
 * The problem.  Left nodes (children) are given to right nodes (teachers,
 * buddies); right node j takes at most cap[j] left nodes, and its k-th
 * one (k from 0) costs unit_cost(ctx, j, k) more, which must not decrease
 * as k grows (a convex load cost: it spreads the left nodes).
 *
 * A left node reaches a right node along an arc of its own, or through
 * hubs: an arc from the left node to a hub, then hub arcs, each to a
 * right node or to another hub, costing the sum of the arcs on the way.
 * A hub has no capacity; it lets n left nodes reach m right nodes with
 * n + m arcs instead of n * m (a hub "any teacher", reached by every
 * child; a hub per class, reaching the class's teachers and that hub).
 * The hub arcs must form no cycle.  Every arc cost is >= 0.
 *
 * Left nodes that share a hub and have no other arc are interchangeable,
 * and no search needs to visit them: where every left node has a single
 * arc, to a hub, a search visits hubs and right nodes only, however many
 * left nodes there are.
 */
struct assign_problem {
	size_t nleft, nright, nhub;
	const size_t *first;	/* arcs of left i: first[i] .. first[i+1] */
	const size_t *to;	/* right node j, or nright + h for hub h */
	const long long *cost;	/* cost of each arc */
	const size_t *hfirst;	/* arcs of hub h: hfirst[h] .. hfirst[h+1] */
	const size_t *hto;	/* right node j, or nright + h, of each */
	const long long *hcost;	/* cost of each hub arc */
	const int *cap;		/* per right node, >= 0 */
	long long (*unit_cost)(void *ctx, size_t right, int k);	/* NULL: 0 */
	void *ctx;
};

/*
 * Solve ap: match[i] becomes the right node of left i, or -1 when it
 * could not be placed.  Returns the total cost (arcs and units).
 *
 * Left nodes are taken in index order (index = priority).  Each is added
 * by a shortest augmenting path (a walk along arcs of reduced cost 0 when
 * one reaches a free place, else Dijkstra with potentials, stopped at the
 * first free place), which may move earlier ones to other right nodes but
 * never unplaces them, so after every step the assignment costs least for
 * the left nodes placed so far.  Hence the set placed is the best one by
 * priority (as many as can be placed, and among the largest sets the one
 * whose earliest difference is placed: greedy on a matroid), and the cost
 * is the least of any assignment placing exactly that set, never over a
 * capacity.  Once every place is taken, the remaining left nodes are not
 * searched at all.
 *
 * A left node placed through hubs gets a right node the flow through its
 * hub reaches: left nodes in index order follow the hub arcs with flow
 * left, each hub's in the order of its arcs.  Every such split costs
 * the same.
 *
 * Of equally short paths, the walk takes one with the fewest arcs (the
 * fewest earlier left nodes moved) and Dijkstra the one reached first, so
 * the result depends only on the numbering and the arc order, never on
 * memory addresses.  The problem is only read; match has room for nleft
 * entries.
 */
long long assign_solve(const struct assign_problem *ap, long *match);

#endif
