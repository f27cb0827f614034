/* test_pair.c: pair_roster on small rosters, and academic results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "diag.h"
#include "pair.h"
#include "policy.h"
#include "schema.h"
#include "table.h"

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
	struct pair_opts o = { DATE_NONE, 0, NULL, 0 };
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
	test_academic();
	test_roster();
	return done_testing();
}
