/* test_when.c: when rules: how strict a schedule is, each child's choice, the engines' use of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "date.h"
#include "policy.h"
#include "schema.h"
#include "tap.h"
#include "tapdate.h"
#include "when.h"

/* Roster values, all "" but those given as column, value pairs (-1 ends). */
static const char **
row(int col, ...)
{
	static const char *v[RC_COUNT];
	va_list ap;
	int c;

	for (c = 0; c < RC_COUNT; c++)
		v[c] = "";
	va_start(ap, col);
	for (c = col; c >= 0; c = va_arg(ap, int))
		v[c] = va_arg(ap, const char *);
	va_end(ap);
	return v;
}

/* Items of kind k for child i that c lists due by its day + within. */
static size_t
items_for(const struct cadence *c, size_t i, int k, long within)
{
	struct cadence_item *items = NULL;
	size_t n, cap = 0, j, m = 0;

	n = cadence_due(c, within, &items, &cap);
	for (j = 0; j < n; j++)
		if (items[j].child == i && items[j].kind == k)
			m++;
	free(items);
	return m;
}

int
main(void)
{
	struct period day = { 1, PU_DAYS }, week = { 1, PU_WEEKS },
	    month = { 1, PU_MONTHS }, weeks2 = { 2, PU_WEEKS };
	struct cadence_child ch;
	struct cadence *c;
	const struct contact *co;
	struct policy *p;
	unsigned char *sel;
	long due, on_time;
	int code, k;

	/* How strict: a day 1, a week 7, a month 30; a term is 20 weeks. */
	is_int(when_interval(&day, 0, 0), 100, "every day: 1 day");
	is_int(when_interval(&week, 0, 0), 700, "every week: 7 days");
	is_int(when_interval(&month, 0, 0), 3000, "every month: 30 days");
	is_int(when_interval(NULL, 10, 0), 1400, "per_term 10: 14 days");
	is_int(when_interval(NULL, 0, CP_START | CP_MIDDLE | CP_END), 4666,
	    "three checkpoints: a third of a term");
	is_int(when_interval(&month, 10, 0), 1400,
	    "every month and per_term 10: the shorter");
	ok(when_interval(NULL, 0, 0) == WHEN_NEVER, "nothing: never");
	ok(when_interval(&weeks2, 0, 0) < when_interval(&month, 0, 0),
	    "2 weeks is stricter than a month");

	p = policy_load(NULL, &code);
	ok(p != NULL, "the built-in policy loads");
	if (p == NULL)
		return done_testing();
	co = policy_contact(p, "counselling");
	ok(co != NULL && co->nwhen == 1 && co->when_slot == 0 &&
	    p->nwhen_kinds == 1, "counselling is the built-in kind with rules");
	if (co == NULL || p->nwhen_kinds != 1)
		return done_testing();
	k = (int)(co - p->contacts);

	/* Each child's choice, from its values as written. */
	sel = malloc(3);
	when_choose(p, row(RC_HARDSHIP, "家庭贫困", -1), 0, D("2026-10-01"),
	    &sel[0]);
	is_int(sel[0], WHEN_NONE, "no mental_health: no counselling");
	when_choose(p, row(RC_HARDSHIP, "家庭贫困;心理健康", -1), 3,
	    D("2026-10-01"), &sel[1]);
	is_int(sel[1], WHEN_RULE, "心理健康 among the hardships: the rule");
	when_choose(p, row(RC_HARDSHIP, " mental_health ", -1), 0,
	    D("2026-10-01"), &sel[2]);
	is_int(sel[2], WHEN_RULE, "mental_health as the roster holds it");

	/* The engine of a day lists counselling for the rule's children. */
	c = cadence_new(p, D("2026-10-20"), 3);
	cadence_set_when(c, sel);
	ch.enrolled_on = D("2026-09-01");
	ch.birth = DATE_NONE;
	ch.attention = 0;
	cadence_set_child(c, 0, &ch);
	cadence_set_child(c, 1, &ch);
	cadence_set_child(c, 2, &ch);
	(void)cadence_record(c, 2, k, D("2026-10-12"));
	is_int(items_for(c, 0, k, 0), 0, "none for the child without it");
	is_int(items_for(c, 1, k, 0), 1, "overdue for the child never seen");
	is_int(items_for(c, 2, k, 0), 0, "not yet for the child seen 10-12");
	is_int(items_for(c, 2, k, 30), 1, "due two weeks after 10-12");
	cadence_free(c);

	/* The period engine: due only for the rule's children. */
	sel = malloc(3);
	sel[0] = WHEN_NONE;
	sel[1] = sel[2] = WHEN_RULE;
	c = cadence_new_period(p, D("2026-09-01"), D("2026-10-31"), 3);
	cadence_set_when(c, sel);
	cadence_set_child(c, 0, &ch);
	cadence_set_child(c, 1, &ch);
	cadence_set_child(c, 2, &ch);
	(void)cadence_record(c, 0, k, D("2026-09-10"));
	(void)cadence_record(c, 2, k, D("2026-09-10"));
	due = on_time = 0;
	cadence_compliance(c, 0, k, &due, &on_time);
	is_int(due, 0, "the child without the rule owes nothing");
	due = on_time = 0;
	cadence_compliance(c, 1, k, &due, &on_time);
	ok(due >= 3 && on_time == 0, "never counselled: all missed");
	due = on_time = 0;
	cadence_compliance(c, 2, k, &due, &on_time);
	ok(due >= 3 && on_time == 1, "once: one on time");
	cadence_free(c);

	policy_free(p);

	/* A birthday greeting is a kind's own schedule: kept without a rule. */
	{
		char path[] = "/tmp/test_when.XXXXXX";
		unsigned char b[2];
		FILE *f;
		int fd;

		if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
			return done_testing();
		fputs("contacts:\n  birthday:\n    when:\n"
		    "      - where: boarding=yes\n        every: 1 month\n", f);
		fclose(f);
		p = policy_load(path, &code);
		remove(path);
		ok(p != NULL && p->nwhen_kinds == 2, "a policy with two kinds "
		    "with rules loads");
		if (p == NULL)
			return done_testing();
		co = policy_contact(p, "birthday");
		when_choose(p, row(RC_BOARDING, "否", -1), 0, D("2026-10-01"),
		    b);
		is_int(b[co->when_slot], WHEN_OWN, "on_birthday: its own");
		when_choose(p, row(RC_BOARDING, "住校", -1), 0, D("2026-10-01"),
		    b);
		is_int(b[co->when_slot], WHEN_RULE, "a boarder: the rule");
		policy_free(p);
	}
	return done_testing();
}
