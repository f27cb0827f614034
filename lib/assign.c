/* assign.c: least-cost assignment under capacities, by augmenting paths. */
#include <stdlib.h>
#include <string.h>

#include "assign.h"
#include "xmem.h"

/*
 * The network.  Nodes are the left nodes 0..n-1, the right nodes
 * n..n+m-1, the hubs n+m..n+m+H-1 and the sink n+m+H.  A "slot" is a
 * right node j (slot j) or a hub h (slot m + h): node n + k is slot k,
 * so node n + to[a] is the head of left arc a and n + hto[a] that of hub
 * arc a.  Each left node placed sits in the slot its arc enters.
 *
 * Residual arcs: left i -> the head of each of its arcs but its own
 * slot; slot -> each left node sitting in it (cost negated); hub -> the
 * head of each of its arcs (no capacity); the head of a hub arc carrying
 * flow -> the arc's hub (cost negated); right j -> sink while j has room
 * (at the next unit's cost).  Potentials keep every reduced cost c +
 * pot[u] - pot[v] non-negative, so Dijkstra applies; the sink's
 * potential stays 0 because the search stops before anything farther
 * than the sink, and the others only decrease.  A left node not yet
 * placed has no arc into it: its potential is set afresh before its
 * search, as low as its arcs allow.
 *
 * A hub may have thousands of arcs, of which a search needs the few
 * shortest: each hub keeps its arcs in a binary heap by hcost[a] -
 * pot[head], so that a settled hub hands them out in order, one entry of
 * the search's heap at a time (entry v = nn + the arc's place in hh).
 * Potentials only decrease, so a key only grows: its arc sinks.
 *
 * Before a search, a breadth-first walk along arcs of reduced cost 0
 * tries to reach the sink: such a path is a shortest one, with fewest
 * arcs (fewest left nodes moved), and often there is one, so most left
 * nodes are added without a search.  When the walk fails, every node it
 * saw is dead until the potentials change: augmenting adds arcs only at
 * the nodes of its path, none of them dead.
 */

struct heapent {
	long long d;
	size_t v;
};

/* An arc of the walk: its head, and how it is entered (as relax()). */
struct step {
	size_t w;
	long arc;
	long long raw;
};

struct solver {
	const struct assign_problem *ap;
	size_t n, m, nh, sink, nn;
	long long *pot, *dist;
	long long *pcost;	/* raw cost of the left arc into a node */
	long *prev;		/* node before, on the path found */
	long *parc;		/* hub arc into a node: 2a forward, 2a+1 back */
	unsigned *seen, *done, stamp;
	long *slot;		/* of each left node, or -1 */
	long long *mcost;	/* cost of the arc into its slot */
	int *load;		/* per right node */
	long *hflow;		/* units along each hub arc */
	size_t *hub_of;		/* the hub of each hub arc */
	size_t *rfirst, *rarc;	/* hub arcs into slot k: rfirst[k] .. */
	size_t *hh;		/* each hub's arcs, a heap in its hfirst range */
	size_t *hpos;		/* place of each hub arc in hh */
	long *head, *next, *prevm;	/* left nodes sitting in each slot */
	struct heapent *heap;
	size_t nheap, capheap;
	size_t *final;		/* nodes settled by the last search */
	size_t nfinal;
	unsigned *dead, epoch;	/* dead[v] == epoch: no way on from v */
	unsigned *walked, walk;	/* walked[v] == walk: this walk saw v */
	struct step *steps;	/* out of the node being walked from */
	size_t nsteps, capsteps;
	size_t *queue, nqueue;	/* nodes seen by the walk, in order */
	size_t *hstack;		/* places of hh being looked at */
	size_t capstack;
};

static int
heap_less(const struct heapent *a, const struct heapent *b)
{
	return a->d < b->d || (a->d == b->d && a->v < b->v);
}

static void
heap_push(struct solver *s, long long d, size_t v)
{
	size_t i, up;
	struct heapent e = { d, v };

	XGROW(s->heap, s->nheap + 1, s->capheap);
	i = s->nheap++;
	while (i > 0) {
		up = (i - 1) / 2;
		if (!heap_less(&e, &s->heap[up]))
			break;
		s->heap[i] = s->heap[up];
		i = up;
	}
	s->heap[i] = e;
}

static struct heapent
heap_pop(struct solver *s)
{
	struct heapent top = s->heap[0], last = s->heap[--s->nheap];
	size_t i = 0, c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && heap_less(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!heap_less(&s->heap[c], &last))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->nheap > 0)
		s->heap[i] = last;
	return top;
}

static long long
unit(const struct solver *s, size_t j, int k)
{
	if (s->ap->unit_cost == NULL)
		return 0;
	return s->ap->unit_cost(s->ap->ctx, j, k);
}

/* Relax the arc into v: a strictly shorter path wins, so ties keep the
 * first path found, which came from the node popped first. */
static void
relax(struct solver *s, size_t v, long long d, size_t from, long arc,
    long long raw)
{
	if (s->seen[v] == s->stamp && s->dist[v] <= d)
		return;
	s->seen[v] = s->stamp;
	s->dist[v] = d;
	s->prev[v] = (long)from;
	s->parc[v] = arc;
	s->pcost[v] = raw;
	heap_push(s, d, v);
}

/*
 * Relax the reverse arcs from slot node v to the left nodes in it.  A
 * left node with no arc but the one into its slot could go nowhere else:
 * it is passed over (when every child reaches the teachers through its
 * class's hub, that is every one of them).
 */
static void
relax_members(struct solver *s, size_t v, long long d)
{
	const size_t *first = s->ap->first;
	long i;

	for (i = s->head[v - s->n]; i >= 0; i = s->next[i])
		if (first[i + 1] - first[i] > 1)
			relax(s, (size_t)i, d - s->mcost[i] + s->pot[v] -
			    s->pot[i], v, -1, 0);
}

/* Relax the reverse arcs from slot node v to the hubs sending it flow. */
static void
relax_back(struct solver *s, size_t v, long long d)
{
	size_t r, a, w, k = v - s->n;

	for (r = s->rfirst[k]; r < s->rfirst[k + 1]; r++) {
		a = s->rarc[r];
		if (s->hflow[a] == 0)
			continue;
		w = s->n + s->m + s->hub_of[a];
		relax(s, w, d - s->ap->hcost[a] + s->pot[v] - s->pot[w], v,
		    2 * (long)a + 1, 0);
	}
}

/* Move left node i into slot k, at arc cost c. */
static void
seat(struct solver *s, size_t i, size_t k, long long c)
{
	long old = s->slot[i];

	if (old >= 0) {
		if (s->prevm[i] >= 0)
			s->next[s->prevm[i]] = s->next[i];
		else
			s->head[old] = s->next[i];
		if (s->next[i] >= 0)
			s->prevm[s->next[i]] = s->prevm[i];
	}
	s->slot[i] = (long)k;
	s->mcost[i] = c;
	s->prevm[i] = -1;
	s->next[i] = s->head[k];
	if (s->head[k] >= 0)
		s->prevm[s->head[k]] = (long)i;
	s->head[k] = (long)i;
}

/* The order of hub arcs a and b in their hub's heap. */
static int
hub_less(const struct solver *s, size_t a, size_t b)
{
	long long ka = s->ap->hcost[a] - s->pot[s->n + s->ap->hto[a]];
	long long kb = s->ap->hcost[b] - s->pot[s->n + s->ap->hto[b]];

	return ka < kb || (ka == kb && a < b);
}

/* Let the arc at place p of hh sink to where its key belongs. */
static void
hub_sink(struct solver *s, size_t p)
{
	size_t base = s->ap->hfirst[s->hub_of[s->hh[p]]];
	size_t size = s->ap->hfirst[s->hub_of[s->hh[p]] + 1] - base;
	size_t q = p - base, c, x;

	for (;;) {
		c = 2 * q + 1;
		if (c >= size)
			break;
		if (c + 1 < size && hub_less(s, s->hh[base + c + 1],
		    s->hh[base + c]))
			c++;
		if (!hub_less(s, s->hh[base + c], s->hh[base + q]))
			break;
		x = s->hh[base + c];
		s->hh[base + c] = s->hh[base + q];
		s->hh[base + q] = x;
		s->hpos[s->hh[base + c]] = base + c;
		s->hpos[x] = base + q;
		q = c;
	}
}

/* Put the hub arc at place p of hh in the search's heap, at the distance
 * its head has through it: none below it in hh is nearer. */
static void
offer(struct solver *s, size_t p)
{
	size_t a = s->hh[p], hub = s->n + s->m + s->hub_of[a];

	heap_push(s, s->dist[hub] + s->pot[hub] + s->ap->hcost[a] -
	    s->pot[s->n + s->ap->hto[a]], s->nn + p);
}

/* The hub arc at place p of hh comes up: relax it, offer the next two. */
static void
take(struct solver *s, size_t p, long long d)
{
	size_t a = s->hh[p], h = s->hub_of[a], base = s->ap->hfirst[h];
	size_t size = s->ap->hfirst[h + 1] - base, c = 2 * (p - base) + 1;

	relax(s, s->n + s->ap->hto[a], d, s->n + s->m + h, 2 * (long)a, 0);
	if (c < size)
		offer(s, base + c);
	if (c + 1 < size)
		offer(s, base + c + 1);
}

/* Settle node v at reduced distance d: relax its residual arcs. */
static void
expand(struct solver *s, size_t v, long long d)
{
	const struct assign_problem *ap = s->ap;
	size_t a, w, j, h;

	if (v < s->n) {
		for (a = ap->first[v]; a < ap->first[v + 1]; a++) {
			if ((long)ap->to[a] == s->slot[v])
				continue;
			w = s->n + ap->to[a];
			relax(s, w, d + ap->cost[a] + s->pot[v] - s->pot[w], v,
			    -1, ap->cost[a]);
		}
		return;
	}
	if (v < s->n + s->m) {
		j = v - s->n;
		if (s->load[j] < ap->cap[j])
			relax(s, s->sink, d + unit(s, j, s->load[j]) +
			    s->pot[v], v, -1, 0);
	} else {
		h = v - s->n - s->m;
		if (ap->hfirst[h] < ap->hfirst[h + 1])
			offer(s, ap->hfirst[h]);
	}
	relax_members(s, v, d);
	relax_back(s, v, d);
}

static void
step(struct solver *s, size_t w, long arc, long long raw)
{
	XGROW(s->steps, s->nsteps + 1, s->capsteps);
	s->steps[s->nsteps].w = w;
	s->steps[s->nsteps].arc = arc;
	s->steps[s->nsteps++].raw = raw;
}

/* The arcs of reduced cost 0 out of hub v: the top of its heap. */
static void
hub_steps(struct solver *s, size_t v)
{
	const struct assign_problem *ap = s->ap;
	size_t h = v - s->n - s->m, base = ap->hfirst[h];
	size_t size = ap->hfirst[h + 1] - base, n = 0, q, a, w;

	if (size == 0)
		return;
	XGROW(s->hstack, n + 1, s->capstack);
	s->hstack[n++] = 0;
	while (n > 0) {
		q = s->hstack[--n];
		a = s->hh[base + q];
		w = s->n + ap->hto[a];
		if (ap->hcost[a] + s->pot[v] - s->pot[w] != 0)
			continue;
		step(s, w, 2 * (long)a, 0);
		XGROW(s->hstack, n + 2, s->capstack);
		if (2 * q + 2 < size)
			s->hstack[n++] = 2 * q + 2;
		if (2 * q + 1 < size)
			s->hstack[n++] = 2 * q + 1;
	}
}

/* Push the steps of reduced cost 0 out of v (as expand() relaxes). */
static void
zero_steps(struct solver *s, size_t v)
{
	const struct assign_problem *ap = s->ap;
	const size_t *first = ap->first;
	size_t a, r, w, j, k;
	long i;

	if (v < s->n) {
		for (a = first[v]; a < first[v + 1]; a++) {
			w = s->n + ap->to[a];
			if ((long)ap->to[a] != s->slot[v] &&
			    ap->cost[a] + s->pot[v] - s->pot[w] == 0)
				step(s, w, -1, ap->cost[a]);
		}
		return;
	}
	k = v - s->n;
	if (k < s->m) {
		j = k;
		if (s->load[j] < ap->cap[j] &&
		    unit(s, j, s->load[j]) + s->pot[v] == 0)
			step(s, s->sink, -1, 0);
	} else
		hub_steps(s, v);
	for (i = s->head[k]; i >= 0; i = s->next[i])
		if (first[i + 1] - first[i] > 1 &&
		    s->pot[v] - s->mcost[i] - s->pot[i] == 0)
			step(s, (size_t)i, -1, 0);
	for (r = s->rfirst[k]; r < s->rfirst[k + 1]; r++) {
		a = s->rarc[r];
		w = s->n + s->m + s->hub_of[a];
		if (s->hflow[a] > 0 &&
		    s->pot[v] - ap->hcost[a] - s->pot[w] == 0)
			step(s, w, 2 * (long)a + 1, 0);
	}
}

/* A path of reduced cost 0 from root to the sink, in prev[]: 1, else 0. */
static int
zero_path(struct solver *s, size_t root)
{
	struct step st;
	size_t q, i, v;

	if (s->dead[root] == s->epoch)
		return 0;
	s->walk++;
	s->walked[root] = s->walk;
	s->queue[0] = root;
	s->nqueue = 1;
	for (q = 0; q < s->nqueue; q++) {
		v = s->queue[q];
		s->nsteps = 0;
		zero_steps(s, v);
		for (i = 0; i < s->nsteps; i++) {
			st = s->steps[i];
			if (st.w == s->sink) {
				s->prev[s->sink] = (long)v;
				return 1;
			}
			if (s->dead[st.w] == s->epoch ||
			    s->walked[st.w] == s->walk)
				continue;
			s->walked[st.w] = s->walk;
			s->prev[st.w] = (long)v;
			s->parc[st.w] = st.arc;
			s->pcost[st.w] = st.raw;
			s->queue[s->nqueue++] = st.w;
		}
	}
	for (q = 0; q < s->nqueue; q++)
		s->dead[s->queue[q]] = s->epoch;
	return 0;
}

/* Move every node of the path to the sink found for root (in prev[]). */
static void
apply(struct solver *s, size_t root)
{
	size_t v, u;
	long a;

	/*
	 * Walk back from the sink.  An arc out of a left node seats it in
	 * the arc's head (leaving its old slot, the node before it on the
	 * path); a hub arc gains a unit of flow forward, loses one back.
	 */
	v = (size_t)s->prev[s->sink];
	s->load[v - s->n]++;
	while (v != root) {
		u = (size_t)s->prev[v];
		a = s->parc[v];
		if (u < s->n && v >= s->n)
			seat(s, u, v - s->n, s->pcost[v]);
		else if (a >= 0 && a % 2 == 0)
			s->hflow[a / 2]++;
		else if (a >= 0)
			s->hflow[a / 2]--;
		v = u;
	}
}

/* Add left node root by a shortest augmenting path; 0 when there is none. */
static int
augment(struct solver *s, size_t root)
{
	const struct assign_problem *ap = s->ap;
	struct heapent e;
	size_t v, f, r, k, a;
	long long d, p;

	/* Nothing enters root yet: its potential may be any that keeps
	 * its arcs' reduced costs >= 0; the least makes its best arcs 0. */
	for (a = ap->first[root]; a < ap->first[root + 1]; a++) {
		p = s->pot[s->n + ap->to[a]] - ap->cost[a];
		if (a == ap->first[root] || p > s->pot[root])
			s->pot[root] = p;
	}
	if (zero_path(s, root)) {
		apply(s, root);
		return 1;
	}
	s->stamp++;
	s->nheap = 0;
	s->nfinal = 0;
	relax(s, root, 0, root, -1, 0);
	while (s->nheap > 0) {
		/* Nothing left can come nearer than the sink: stop, rather
		 * than settle every node as far away as the sink. */
		if (s->seen[s->sink] == s->stamp &&
		    s->heap[0].d >= s->dist[s->sink])
			break;
		e = heap_pop(s);
		v = e.v;
		if (v >= s->nn) {
			take(s, v - s->nn, e.d);
			continue;
		}
		if (s->done[v] == s->stamp || e.d != s->dist[v])
			continue;
		s->done[v] = s->stamp;
		s->final[s->nfinal++] = v;
		expand(s, v, e.d);
	}
	if (s->seen[s->sink] != s->stamp)
		return 0;
	s->epoch++;
	d = s->dist[s->sink];
	for (f = 0; f < s->nfinal; f++) {
		v = s->final[f];
		if (s->dist[v] == d)
			continue;
		s->pot[v] += s->dist[v] - d;
		if (v < s->n)
			continue;
		k = v - s->n;
		for (r = s->rfirst[k]; r < s->rfirst[k + 1]; r++)
			hub_sink(s, s->hpos[s->rarc[r]]);
	}
	apply(s, root);
	return 1;
}

/* Index the hub arcs by the slot they enter; put each hub's in a heap. */
static void
index_hubs(struct solver *s)
{
	const struct assign_problem *ap = s->ap;
	size_t nharc = s->nh > 0 ? ap->hfirst[s->nh] : 0, nslot = s->m + s->nh;
	size_t a, h, k;

	s->hflow = xcalloc(nharc + 1, sizeof(*s->hflow));
	s->hub_of = xcalloc(nharc + 1, sizeof(*s->hub_of));
	s->rarc = xcalloc(nharc + 1, sizeof(*s->rarc));
	s->rfirst = xcalloc(nslot + 2, sizeof(*s->rfirst));
	for (h = 0; h < s->nh; h++)
		for (a = ap->hfirst[h]; a < ap->hfirst[h + 1]; a++) {
			s->hub_of[a] = h;
			s->rfirst[ap->hto[a] + 2]++;
		}
	for (k = 0; k < nslot; k++)
		s->rfirst[k + 2] += s->rfirst[k + 1];
	for (a = 0; a < nharc; a++)
		s->rarc[s->rfirst[ap->hto[a] + 1]++] = a;

	/* Every potential is 0: each hub's heap is by cost. */
	s->hh = xcalloc(nharc + 1, sizeof(*s->hh));
	s->hpos = xcalloc(nharc + 1, sizeof(*s->hpos));
	for (a = 0; a < nharc; a++)
		s->hh[a] = s->hpos[a] = a;
	for (h = 0; h < s->nh; h++)
		for (a = (ap->hfirst[h + 1] - ap->hfirst[h]) / 2; a > 0; a--)
			hub_sink(s, ap->hfirst[h] + a - 1);
}

/*
 * Follow each left node sitting in a hub along the hub arcs' flow to a
 * right node: left nodes by index, each hub's arcs in order.  The flow
 * into a hub equals the flow out, and the hubs form no cycle, so every
 * walk ends at a right node.
 */
static void
split_hubs(struct solver *s, long *match)
{
	const struct assign_problem *ap = s->ap;
	size_t *cur = xcalloc(s->nh + 1, sizeof(*cur)), h, i, k;

	for (h = 0; h < s->nh; h++)
		cur[h] = ap->hfirst[h];
	for (i = 0; i < s->n; i++) {
		for (k = (size_t)s->slot[i]; s->slot[i] >= 0 && k >= s->m;
		    k = ap->hto[cur[h]]) {
			h = k - s->m;
			while (s->hflow[cur[h]] == 0)
				cur[h]++;
			s->hflow[cur[h]]--;
		}
		match[i] = s->slot[i] >= 0 ? (long)k : -1;
	}
	free(cur);
}

long long
assign_solve(const struct assign_problem *ap, long *match)
{
	struct solver s;
	size_t i, a, nslot;
	long long total = 0, room = 0;
	int k;

	memset(&s, 0, sizeof(s));
	s.ap = ap;
	s.n = ap->nleft;
	s.m = ap->nright;
	s.nh = ap->nhub;
	s.sink = s.n + s.m + s.nh;
	s.nn = s.sink + 1;
	nslot = s.m + s.nh;
	s.pot = xcalloc(s.nn, sizeof(*s.pot));
	s.dist = xcalloc(s.nn, sizeof(*s.dist));
	s.pcost = xcalloc(s.nn, sizeof(*s.pcost));
	s.prev = xcalloc(s.nn, sizeof(*s.prev));
	s.parc = xcalloc(s.nn, sizeof(*s.parc));
	s.seen = xcalloc(s.nn, sizeof(*s.seen));
	s.done = xcalloc(s.nn, sizeof(*s.done));
	s.final = xcalloc(s.nn, sizeof(*s.final));
	s.dead = xcalloc(s.nn, sizeof(*s.dead));
	s.walked = xcalloc(s.nn, sizeof(*s.walked));
	s.queue = xcalloc(s.nn, sizeof(*s.queue));
	s.epoch = 1;
	s.slot = xcalloc(s.n + 1, sizeof(*s.slot));
	s.mcost = xcalloc(s.n + 1, sizeof(*s.mcost));
	s.load = xcalloc(s.m + 1, sizeof(*s.load));
	s.head = xmalloc((nslot + 1) * sizeof(*s.head));
	s.next = xmalloc((s.n + 1) * sizeof(*s.next));
	s.prevm = xmalloc((s.n + 1) * sizeof(*s.prevm));
	index_hubs(&s);
	for (i = 0; i < nslot; i++)
		s.head[i] = -1;
	for (i = 0; i < s.m; i++)
		room += ap->cap[i];
	for (i = 0; i < s.n; i++)
		s.slot[i] = -1;

	/* Without a free place no path can end: stop searching. */
	for (i = 0; i < s.n && room > 0; i++)
		room -= augment(&s, i);

	for (i = 0; i < s.n; i++)
		if (s.slot[i] >= 0)
			total += s.mcost[i];
	if (s.nh > 0)
		for (a = 0; a < ap->hfirst[s.nh]; a++)
			total += s.hflow[a] * ap->hcost[a];
	for (i = 0; i < s.m; i++)
		for (k = 0; k < s.load[i]; k++)
			total += unit(&s, i, k);
	split_hubs(&s, match);

	free(s.pot);
	free(s.dist);
	free(s.pcost);
	free(s.prev);
	free(s.parc);
	free(s.seen);
	free(s.done);
	free(s.final);
	free(s.slot);
	free(s.mcost);
	free(s.load);
	free(s.hflow);
	free(s.hub_of);
	free(s.rfirst);
	free(s.rarc);
	free(s.hh);
	free(s.hpos);
	free(s.head);
	free(s.next);
	free(s.prevm);
	free(s.heap);
	free(s.dead);
	free(s.walked);
	free(s.steps);
	free(s.queue);
	free(s.hstack);
	return total;
}
