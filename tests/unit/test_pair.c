/* test_pair.c: the assignment engine against brute force, and pair_roster. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "diag.h"
#include "pair.h"
#include "policy.h"
#include "schema.h"
#include "table.h"

#define MAXL 7
#define MAXR 4

struct inst {
	size_t n, m;
	size_t first[MAXL + 1], to[MAXL * MAXR];
	long long cost[MAXL * MAXR];
	int cap[MAXR];
	long long slope[MAXR], base[MAXR];
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
make(struct inst *in, struct pair_problem *pp)
{
	size_t i, j, a = 0;

	in->n = 1 + rnd(MAXL);
	in->m = 1 + rnd(MAXR);
	for (j = 0; j < in->m; j++) {
		in->cap[j] = (int)rnd(3);
		in->slope[j] = rnd(3) * 5;
		in->base[j] = rnd(4);
	}
	for (i = 0; i < in->n; i++) {
		in->first[i] = a;
		for (j = 0; j < in->m; j++)
			if (rnd(3) != 0) {
				in->to[a] = j;
				in->cost[a++] = rnd(25);
			}
	}
	in->first[in->n] = a;
	pp->nleft = in->n;
	pp->nright = in->m;
	pp->first = in->first;
	pp->to = in->to;
	pp->cost = in->cost;
	pp->cap = in->cap;
	pp->unit_cost = unit_cost;
	pp->ctx = in;
}

/* Best by brute force: the placed set earliest by priority, then cost. */
static void
brute(const struct inst *in, size_t i, long *cur, int *load, long long c,
    unsigned long set, unsigned long *bset, long long *bcost)
{
	size_t a, j;

	if (i == in->n) {
		for (j = 0; j < in->m; j++)
			for (int k = 0; k < load[j]; k++)
				c += in->base[j] + in->slope[j] * k;
		if (set > *bset || (set == *bset && c < *bcost)) {
			*bset = set;
			*bcost = c;
		}
		return;
	}
	cur[i] = -1;
	brute(in, i + 1, cur, load, c, set, bset, bcost);
	for (a = in->first[i]; a < in->first[i + 1]; a++) {
		j = in->to[a];
		if (load[j] >= in->cap[j])
			continue;
		load[j]++;
		cur[i] = (long)j;
		brute(in, i + 1, cur, load, c + in->cost[a],
		    set | 1UL << (MAXL - 1 - i), bset, bcost);
		load[j]--;
	}
}

static void
test_brute_force(void)
{
	struct inst in;
	struct pair_problem pp;
	long match[MAXL], match2[MAXL], cur[MAXL];
	int load[MAXR], bad_opt = 0, bad_cap = 0, bad_det = 0, t;
	unsigned long bset, set;
	long long got, bcost;
	size_t i;

	for (t = 0; t < 2000; t++) {
		make(&in, &pp);
		got = pair_solve(&pp, match);
		memset(load, 0, sizeof(load));
		set = 0;
		for (i = 0; i < in.n; i++)
			if (match[i] >= 0) {
				load[match[i]]++;
				set |= 1UL << (MAXL - 1 - i);
			}
		for (i = 0; i < in.m; i++)
			if (load[i] > in.cap[i])
				bad_cap++;
		bset = 0;
		bcost = 1LL << 60;
		memset(load, 0, sizeof(load));
		brute(&in, 0, cur, load, 0, 0, &bset, &bcost);
		if (set != bset || got != bcost) {
			if (bad_opt++ == 0)
				printf("# instance %d: got set %lx cost %lld, best "
				    "%lx %lld\n", t, set, got, bset, bcost);
		}
		(void)pair_solve(&pp, match2);
		if (memcmp(match, match2, in.n * sizeof(long)) != 0)
			bad_det++;
	}
	ok(bad_opt == 0, "optimal on 2000 random instances (%d not)", bad_opt);
	ok(bad_cap == 0, "capacity never exceeded");
	ok(bad_det == 0, "same input, same result");
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
	struct pair_problem pp = { 6, 2, first, to, cost, cap, convex, NULL };
	size_t i;

	for (i = 0; i < 6; i++) {
		first[i] = 2 * i;
		to[2 * i] = 0;
		to[2 * i + 1] = 1;
		cost[2 * i] = cost[2 * i + 1] = 0;
	}
	first[6] = 12;
	(void)pair_solve(&pp, match);
	for (i = 0; i < 6; i++)
		load[match[i]]++;
	ok(load[0] == 3 && load[1] == 3, "convex load cost balances 3/3 "
	    "(got %d/%d)", load[0], load[1]);

	/* Equal costs: the lower index wins. */
	pp.nleft = 1;
	pp.unit_cost = NULL;
	(void)pair_solve(&pp, match);
	ok(match[0] == 0, "tie goes to the lower right index");

	/* One seat for two: the earlier left node keeps it. */
	cap[0] = 1;
	cap[1] = 0;
	pp.nleft = 2;
	cost[0] = 50;
	cost[2] = 0;
	(void)pair_solve(&pp, match);
	ok(match[0] == 0 && match[1] == -1, "short capacity: priority order "
	    "decides who is placed");

	/* An augmenting path moves an earlier child to its second choice. */
	cap[0] = cap[1] = 1;
	cost[0] = 0;
	cost[1] = 1;
	cost[2] = 0;
	cost[3] = 100;
	(void)pair_solve(&pp, match);
	ok(match[0] == 1 && match[1] == 0, "reassigns along a shorter path");
}

static void
test_academic(void)
{
	double v;

	ok(pair_academic("85", &v) == 0 && v == 85, "academic 85");
	ok(pair_academic("优", &v) == 0 && v == 90, "academic 优");
	ok(pair_academic("b", &v) == 0 && v == 80, "academic b");
	ok(pair_academic("", &v) == -1 && v == -1, "academic empty");
	ok(pair_academic("101", &v) == -2, "academic 101 is bad");
	ok(pair_academic("good", &v) == -2, "academic 'good' is bad");
}

static void
add(struct table *t, const char *const *v)
{
	(void)table_add_row(t, (char *const *)v, (long)t->nrows + 2);
}

static void
add_child(struct table *ro, const char *id, const char *cls,
    const char *attention)
{
	const char *v[RC_COUNT] = { 0 };
	int c;

	for (c = 0; c < RC_COUNT; c++)
		v[c] = "";
	v[RC_STUDENT_ID] = id;
	v[RC_NAME] = id;
	v[RC_CLASS] = cls;
	v[RC_LEFT_BEHIND] = "both";
	v[RC_ATTENTION] = attention;
	add(ro, v);
}

static void
add_teacher(struct table *st, const char *id, const char *role,
    const char *classes, const char *max)
{
	const char *v[SC_COUNT];
	int c;

	for (c = 0; c < SC_COUNT; c++)
		v[c] = "";
	v[SC_STAFF_ID] = id;
	v[SC_NAME] = id;
	v[SC_ROLE] = role;
	v[SC_CLASSES] = classes;
	v[SC_MAX_MENTEES] = max;
	add(st, v);
}

static void
test_roster(void)
{
	struct policy *p;
	struct table *ro, *st;
	struct pair_opts o = { 0, NULL, 0 };
	long unpaired;
	int code = 0, n1 = 0, n2 = 0;
	size_t r;
	const char *key_mentor;

	if ((p = policy_load(NULL, &code)) == NULL) {
		ok(0, "default policy loads");
		return;
	}
	p->pairing.w_key_to_loaded = 30;
	ro = table_new(FK_ROSTER, "roster");
	st = table_new(FK_STAFF, "staff");
	add_teacher(st, "T2", "head_teacher", "1-1", "8");
	add_teacher(st, "T1", "head_teacher", "1-1", "8");
	add_child(ro, "S4", "1-1", "general");
	add_child(ro, "S1", "1-1", "key");
	add_child(ro, "S3", "1-1", "general");
	add_child(ro, "S2", "1-1", "general");
	ok(pair_roster(ro, st, NULL, p, &o, &unpaired, NULL) == 0 &&
	    unpaired == 0, "pairs a class");
	key_mentor = table_get(ro, 1, RC_MENTOR_ID);
	is_str(key_mentor, "T1", "key child to the lower id on a tie");
	for (r = 0; r < ro->nrows; r++)
		if (strcmp(table_get(ro, r, RC_MENTOR_ID), key_mentor) == 0)
			n1++;
		else
			n2++;
	ok(n1 < n2, "key child's mentor is the lighter loaded (%d < %d)",
	    n1, n2);

	/* The second teacher leaves: only its children move. */
	table_free(st);
	st = table_new(FK_STAFF, "staff");
	add_teacher(st, "T1", "head_teacher", "1-1", "8");
	add_teacher(st, "T3", "head_teacher", "1-1", "8");
	ok(pair_roster(ro, st, NULL, p, &o, &unpaired, NULL) == 0,
	    "re-pairs after a teacher leaves");
	is_str(table_get(ro, 1, RC_MENTOR_ID), "T1", "kept pair stays");
	for (r = 0, n2 = 0; r < ro->nrows; r++)
		n2 += strcmp(table_get(ro, r, RC_MENTOR_ID), "T3") == 0;
	ok(n2 == 3, "the leaver's children went to the new teacher (%d)", n2);

	/* Capacity: one seat, four children. */
	table_free(st);
	st = table_new(FK_STAFF, "staff");
	add_teacher(st, "T1", "head_teacher", "1-1", "2");
	code = pair_roster(ro, st, NULL, p, &o, &unpaired, NULL);
	ok(code == 0 && unpaired == 2, "capacity short: two unpaired (%ld)",
	    unpaired);
	is_str(table_get(ro, 1, RC_MENTOR_ID), "T1", "key child keeps the seat");
	table_free(st);
	table_free(ro);
	policy_free(p);
}

int
main(void)
{
	diag_init("test_pair");
	test_brute_force();
	test_small();
	test_academic();
	test_roster();
	return done_testing();
}
