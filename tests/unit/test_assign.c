/* test_assign.c: the assignment solver against brute force on small cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "assign.h"

#define MAXL 7
#define MAXR 4
#define MAXH 3
#define NONE (1LL << 50)

struct inst {
	size_t n, m, nh;
	size_t first[MAXL + 1], to[MAXL * (MAXR + MAXH)];
	long long cost[MAXL * (MAXR + MAXH)];
	size_t hfirst[MAXH + 1], hto[MAXH * (MAXR + MAXH)];
	long long hcost[MAXH * (MAXR + MAXH)];
	long long reach[MAXH][MAXR];	/* cheapest from hub h to j */
	int cap[MAXR];
	long long slope[MAXR], base[MAXR];
	long long eff[MAXL][MAXR];	/* cheapest way from i to j, or NONE */
};

static long long
unit_cost(void *ctx, size_t j, int k)
{
	struct inst *in = ctx;

	return in->base[j] + in->slope[j] * k;
}

static unsigned long rng = 12345;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng >> 33) % n;
}

static void
cheaper(long long *e, long long c)
{
	if (c < *e)
		*e = c;
}

/* Lower row[j] to c plus the cheapest way on from hub h to j. */
static void
via_hub(const struct inst *in, long long *row, size_t h, long long c)
{
	size_t j;

	for (j = 0; j < in->m; j++)
		if (in->reach[h][j] != NONE)
			cheaper(&row[j], c + in->reach[h][j]);
}

/*
 * A random instance: direct arcs, hubs with arcs to right nodes and to
 * later hubs, capacities, convex unit costs.  With single, every left
 * node has one arc, to a hub (the shape of lb-pair's mentors).
 */
static void
make(struct inst *in, struct assign_problem *ap, int hubs, int single)
{
	size_t i, j, h, a = 0, b = 0, x;

	in->n = 1 + rnd(MAXL);
	in->m = 1 + rnd(MAXR);
	in->nh = hubs ? rnd(MAXH + 1) : 0;
	if (single && in->nh == 0)
		in->nh = 1;
	for (j = 0; j < in->m; j++) {
		in->cap[j] = (int)rnd(3);
		in->slope[j] = rnd(3) * 5;
		in->base[j] = rnd(4);
	}
	for (h = 0; h < in->nh; h++) {
		in->hfirst[h] = b;
		for (x = 0; x < in->m + in->nh; x++) {
			/* To right nodes, and to later hubs only: no cycle. */
			if ((x >= in->m && x - in->m <= h) || rnd(3) == 0)
				continue;
			in->hto[b] = x;
			in->hcost[b++] = rnd(15);
		}
	}
	in->hfirst[in->nh] = b;
	/* The cheapest way on from each hub, the later hubs first. */
	for (h = in->nh; h-- > 0;) {
		for (j = 0; j < in->m; j++)
			in->reach[h][j] = NONE;
		for (b = in->hfirst[h]; b < in->hfirst[h + 1]; b++) {
			x = in->hto[b];
			if (x < in->m)
				cheaper(&in->reach[h][x], in->hcost[b]);
			else
				via_hub(in, in->reach[h], x - in->m,
				    in->hcost[b]);
		}
	}
	for (i = 0; i < in->n; i++) {
		in->first[i] = a;
		for (j = 0; j < in->m; j++)
			in->eff[i][j] = NONE;
		/* Arcs in a random order, the hubs among them. */
		for (x = 0; x < in->m + in->nh; x++) {
			j = (x + i) % (in->m + in->nh);
			if (single)
				j = in->m + rnd((unsigned)in->nh);
			else if (rnd(hubs ? 2 : 3) == 0)
				continue;
			in->to[a] = j;
			in->cost[a] = rnd(25);
			if (j < in->m)
				cheaper(&in->eff[i][j], in->cost[a]);
			else
				via_hub(in, in->eff[i], j - in->m, in->cost[a]);
			a++;
			if (single)
				break;
		}
	}
	in->first[in->n] = a;
	ap->nleft = in->n;
	ap->nright = in->m;
	ap->nhub = in->nh;
	ap->first = in->first;
	ap->to = in->to;
	ap->cost = in->cost;
	ap->hfirst = in->hfirst;
	ap->hto = in->hto;
	ap->hcost = in->hcost;
	ap->cap = in->cap;
	ap->unit_cost = unit_cost;
	ap->ctx = in;
}

static long long
units(const struct inst *in, const int *load)
{
	long long c = 0;
	size_t j;
	int k;

	for (j = 0; j < in->m; j++)
		for (k = 0; k < load[j]; k++)
			c += in->base[j] + in->slope[j] * k;
	return c;
}

/*
 * Best by brute force over every assignment: the placed set earliest by
 * priority (bit MAXL-1-i for left i, so a larger mask is better), then
 * the least cost.
 */
static void
brute(const struct inst *in, size_t i, int *load, long long c,
    unsigned long set, unsigned long *bset, long long *bcost)
{
	size_t j;

	if (i == in->n) {
		c += units(in, load);
		if (set > *bset || (set == *bset && c < *bcost)) {
			*bset = set;
			*bcost = c;
		}
		return;
	}
	brute(in, i + 1, load, c, set, bset, bcost);
	for (j = 0; j < in->m; j++) {
		if (in->eff[i][j] == NONE || load[j] >= in->cap[j])
			continue;
		load[j]++;
		brute(in, i + 1, load, c + in->eff[i][j],
		    set | 1UL << (MAXL - 1 - i), bset, bcost);
		load[j]--;
	}
}

static void
cross_check(const char *what, int hubs, int single, int cases)
{
	struct inst in;
	struct assign_problem ap;
	long match[MAXL], match2[MAXL];
	int load[MAXR], bad_set = 0, bad_cost = 0, bad_cap = 0, bad_arc = 0;
	int bad_det = 0, t;
	unsigned long bset, set;
	long long got, bcost, mine;
	size_t i;

	for (t = 0; t < cases; t++) {
		make(&in, &ap, hubs, single);
		got = assign_solve(&ap, match);
		memset(load, 0, sizeof(load));
		set = 0;
		mine = 0;
		for (i = 0; i < in.n; i++) {
			if (match[i] < 0)
				continue;
			if (match[i] >= (long)in.m ||
			    in.eff[i][match[i]] == NONE) {
				bad_arc++;
				continue;
			}
			load[match[i]]++;
			mine += in.eff[i][match[i]];
			set |= 1UL << (MAXL - 1 - i);
		}
		mine += units(&in, load);
		for (i = 0; i < in.m; i++)
			if (load[i] > in.cap[i])
				bad_cap++;
		bset = 0;
		bcost = NONE;
		memset(load, 0, sizeof(load));
		brute(&in, 0, load, 0, 0, &bset, &bcost);
		if (set != bset && bad_set++ == 0)
			printf("# case %d: placed %lx, best %lx\n", t, set, bset);
		if (set == bset && (got != bcost || mine != bcost) &&
		    bad_cost++ == 0)
			printf("# case %d: cost %lld (of the match %lld), "
			    "least %lld\n", t, got, mine, bcost);
		(void)assign_solve(&ap, match2);
		if (memcmp(match, match2, in.n * sizeof(long)) != 0)
			bad_det++;
	}
	ok(bad_set == 0, "%s: the best set by priority in %d cases (%d not)",
	    what, cases, bad_set);
	ok(bad_cost == 0, "%s: the least cost for that set (%d not)", what,
	    bad_cost);
	ok(bad_cap == 0, "%s: capacity never exceeded", what);
	ok(bad_arc == 0, "%s: every match along an arc or through hubs",
	    what);
	ok(bad_det == 0, "%s: same input, same result", what);
}

static long long
convex(void *ctx, size_t j, int k)
{
	(void)ctx;
	(void)j;
	return 10LL * k;
}

static void
test_small(void)
{
	size_t first[7], to[12];
	long long cost[12];
	int cap[2] = { 6, 6 }, load[2] = { 0, 0 };
	long match[6];
	struct assign_problem ap = { 6, 2, 0, first, to, cost, NULL, NULL,
	    NULL, cap, convex, NULL };
	size_t i;

	for (i = 0; i < 6; i++) {
		first[i] = 2 * i;
		to[2 * i] = 0;
		to[2 * i + 1] = 1;
		cost[2 * i] = cost[2 * i + 1] = 0;
	}
	first[6] = 12;
	(void)assign_solve(&ap, match);
	for (i = 0; i < 6; i++)
		load[match[i]]++;
	ok(load[0] == 3 && load[1] == 3, "convex load cost balances 3/3 "
	    "(got %d/%d)", load[0], load[1]);

	/* Equal costs: the lower index wins. */
	ap.nleft = 1;
	ap.unit_cost = NULL;
	(void)assign_solve(&ap, match);
	ok(match[0] == 0, "tie goes to the lower right index");

	/* One seat for two: the earlier left node keeps it. */
	cap[0] = 1;
	cap[1] = 0;
	ap.nleft = 2;
	cost[0] = 50;
	cost[2] = 0;
	(void)assign_solve(&ap, match);
	ok(match[0] == 0 && match[1] == -1, "short capacity: priority order "
	    "decides who is placed");

	/* An augmenting path moves an earlier child to its second choice. */
	cap[0] = cap[1] = 1;
	cost[0] = 0;
	cost[1] = 1;
	cost[2] = 0;
	cost[3] = 100;
	(void)assign_solve(&ap, match);
	ok(match[0] == 1 && match[1] == 0, "reassigns along a shorter path");
}

/*
 * The shape lb-pair builds: classes of children with direct arcs to
 * their class's teachers, and one hub reaching every teacher.  One
 * teacher of 24 has left: 150 children, 23 x 8 places.
 */
static void
test_hub_school(void)
{
	enum { N = 150, M = 24, PER = 8 };
	size_t first[N + 1], to[N * 3], hfirst[2], hto[M];
	long long cost[N * 3], hcost[M];
	int cap[M], load[M] = { 0 };
	long match[N];
	struct assign_problem ap = { N, M, 1, first, to, cost, hfirst, hto,
	    hcost, cap, convex, NULL };
	size_t i, a = 0, j, placed = 0, over = 0;

	for (j = 0; j < M; j++) {
		cap[j] = j == 0 ? 0 : PER;
		hto[j] = j;
		hcost[j] = j % 2 ? 10 : 0;
	}
	hfirst[0] = 0;
	hfirst[1] = M;
	for (i = 0; i < N; i++) {
		/* Twelve classes, two teachers each. */
		first[i] = a;
		to[a] = (i % 12) * 2;
		cost[a++] = 0;
		to[a] = (i % 12) * 2 + 1;
		cost[a++] = 10;
		to[a] = M;
		cost[a++] = 100;
	}
	first[N] = a;
	(void)assign_solve(&ap, match);
	for (i = 0; i < N; i++)
		if (match[i] >= 0) {
			placed++;
			load[match[i]]++;
		}
	for (j = 0; j < M; j++)
		over += load[j] > cap[j];
	ok(placed == N && over == 0, "every child placed through the hub "
	    "when a teacher leaves (%zu of %d, %zu over capacity)", placed,
	    N, over);

	/* 30 places for 150: the first 30 by priority, no more searching. */
	for (j = 0; j < M; j++)
		cap[j] = j < 6 ? 5 : 0;
	(void)assign_solve(&ap, match);
	for (i = placed = 0; i < N; i++)
		placed += match[i] >= 0 && i < 30;
	ok(placed == 30, "short of places: the 30 first placed (%zu)", placed);
}

int
main(void)
{
	cross_check("direct arcs", 0, 0, 1000);
	cross_check("hubs", 1, 0, 3000);
	cross_check("one arc each, to a hub", 1, 1, 2000);
	test_small();
	test_hub_school();
	return done_testing();
}
