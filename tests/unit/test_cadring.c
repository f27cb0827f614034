/* test_cadring.c: the cadence engine gives the same answers however its records are held back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "date.h"
#include "policy.h"
#include "tap.h"
#include "tapdate.h"

/*
 * cadence_record() keeps a few records back while their memory is
 * fetched, and applies them later.  Two engines get the same records in
 * the same (shuffled) order: one is made to apply each at once (setting
 * a child's facts again flushes what is held back), the other is left
 * alone, so that records wait, the ring wraps and the two steps of the
 * period engine run.  Every answer must be the same.
 */

#define NCHILD 300
#define NREC 20000

static uint64_t seed = 7;

static uint32_t
rnd(uint32_t n)
{
	seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)((seed >> 33) % n);
}

static int
cmp_item(const void *pa, const void *pb)
{
	const struct cadence_item *a = pa, *b = pb;

	if (a->child != b->child)
		return a->child < b->child ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return a->checkpoint - b->checkpoint;
}

int
main(void)
{
	struct policy *p;
	struct cadence *a, *b, *pa, *pb;
	struct cadence_child ch[NCHILD];
	struct cadence_item *ia = NULL, *ib = NULL;
	size_t na, nb, capa = 0, capb = 0, i;
	long da, oa, db, ob, diff = 0, counted = 0, total_due = 0;
	date_t start = D("2025-09-01"), as_of = D("2026-06-30");
	int code, k, r, nk, ra, rb;

	p = policy_load(NULL, &code);
	ok(p != NULL, "the built-in policy loads");
	if (p == NULL)
		return done_testing();
	nk = (int)p->ncontacts;
	a = cadence_new(p, as_of, NCHILD);
	b = cadence_new(p, as_of, NCHILD);
	pa = cadence_new_period(p, D("2026-02-24"), as_of, NCHILD);
	pb = cadence_new_period(p, D("2026-02-24"), as_of, NCHILD);
	for (i = 0; i < NCHILD; i++) {
		ch[i].enrolled_on = rnd(4) == 0 ? DATE_NONE :
		    start - 400 + (date_t)rnd(500);
		ch[i].birth = rnd(5) == 0 ? DATE_NONE :
		    D("2013-01-01") + (date_t)rnd(2500);
		ch[i].attention = (int)rnd(4);
		ch[i].volunteer = (int)(i % 2);	/* owes companion visits */
		/* Some children are never set: their records do not count. */
		if (i % 17 == 5)
			continue;
		cadence_set_child(a, i, &ch[i]);
		cadence_set_child(b, i, &ch[i]);
		cadence_set_child(pa, i, &ch[i]);
		cadence_set_child(pb, i, &ch[i]);
	}
	for (r = 0; r < NREC; r++) {
		i = rnd(NCHILD);
		k = (int)rnd((uint32_t)nk);
		/* Dates out of order, a few after the as-of day. */
		date_t day = start + (date_t)rnd(320);

		ra = cadence_record(a, i, k, day);
		rb = cadence_record(b, i, k, day);
		if (ra != rb)
			diff++;
		counted += ra;
		(void)cadence_record(pa, i, k, day);
		(void)cadence_record(pb, i, k, day);
		/* b and pb apply it now. */
		if (i % 17 != 5) {
			cadence_set_child(b, i, &ch[i]);
			cadence_set_child(pb, i, &ch[i]);
		}
	}
	is_int(diff, 0, "cadence_record answers the same");
	ok(counted > NREC / 2 && counted < NREC, "most records count, not all "
	    "(%ld of %d)", counted, NREC);

	na = cadence_due(a, 14, &ia, &capa);
	nb = cadence_due(b, 14, &ib, &capb);
	is_int(na, nb, "as many items due (%zu)", na);
	ok(na > NCHILD, "many items are due");
	qsort(ia, na, sizeof(*ia), cmp_item);
	qsort(ib, nb, sizeof(*ib), cmp_item);
	diff = 0;
	for (i = 0; i < na && i < nb; i++)
		if (ia[i].child != ib[i].child || ia[i].kind != ib[i].kind ||
		    ia[i].checkpoint != ib[i].checkpoint ||
		    ia[i].due != ib[i].due || ia[i].last != ib[i].last ||
		    ia[i].days_late != ib[i].days_late)
			diff++;
	is_int(diff, 0, "the same items, due and last dates");

	diff = 0;
	for (i = 0; i < NCHILD; i++)
		for (k = 0; k < nk; k++) {
			da = oa = db = ob = 0;
			cadence_compliance(pa, i, k, &da, &oa);
			cadence_compliance(pb, i, k, &db, &ob);
			if (da != db || oa != ob)
				diff++;
			total_due += da;
		}
	is_int(diff, 0, "the same compliance, child by child and kind by kind");
	ok(total_due > NCHILD, "contacts fell due in the period (%ld)",
	    total_due);

	/* A record held back shows in the next query; so does one fed
	 * after a query. */
	{
		struct cadence *c = cadence_new(p, as_of, 1);
		int talk = cadence_kind(c, "talk");
		date_t last = DATE_NONE;

		ch[0].enrolled_on = D("2025-09-01");
		ch[0].attention = 0;
		cadence_set_child(c, 0, &ch[0]);
		na = cadence_due(c, 0, &ia, &capa);
		cadence_record(c, 0, talk, as_of - 40);
		na = cadence_due(c, 0, &ia, &capa);
		for (i = 0; i < na; i++)
			if (ia[i].kind == talk && ia[i].checkpoint == 0)
				last = ia[i].last;
		is_int(last, as_of - 40, "a record fed after a query counts "
		    "in the next");
		cadence_record(c, 0, talk, as_of - 35);
		na = cadence_due(c, 0, &ia, &capa);
		for (i = 0; i < na; i++)
			if (ia[i].kind == talk && ia[i].checkpoint == 0)
				last = ia[i].last;
		is_int(last, as_of - 35, "and again");
		cadence_free(c);
	}

	free(ia);
	free(ib);
	cadence_free(a);
	cadence_free(b);
	cadence_free(pa);
	cadence_free(pb);
	policy_free(p);
	return done_testing();
}
