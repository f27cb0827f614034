/* test_cadence.c: the schedule engine: month ends, leap days, terms, holidays. */
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "date.h"
#include "policy.h"
#include "tap.h"
#include "tapdate.h"

static const char *
iso(date_t d)
{
	static char buf[4][DATE_ISO_LEN];
	static int i;

	i = (i + 1) % 4;
	return date_format(d, buf[i]);
}

/* The due date of kind for child 0 (DATE_NONE when nothing is due). */
static date_t
due_of(struct cadence *c, const char *kind, long within, int cp)
{
	struct cadence_item *items = NULL;
	size_t n, cap = 0, i;
	date_t d = DATE_NONE;
	int k = cadence_kind(c, kind);

	n = cadence_due(c, within, &items, &cap);
	for (i = 0; i < n; i++)
		if (items[i].child == 0 && items[i].kind == k &&
		    items[i].checkpoint == cp) {
			d = items[i].due;
			break;
		}
	free(items);
	return d;
}

/* Child i of c: enrolled and born on those days (NULL: not known). */
static void
set_child(struct cadence *c, size_t i, const char *enrolled,
    const char *birth, int att)
{
	struct cadence_child ch;

	ch.enrolled_on = enrolled ? D(enrolled) : DATE_NONE;
	ch.birth = birth ? D(birth) : DATE_NONE;
	ch.attention = att;
	ch.volunteer = 0;
	cadence_set_child(c, i, &ch);
}

static struct cadence *
engine(const struct policy *p, const char *as_of, const char *enrolled,
    const char *birth, int att)
{
	struct cadence *c = cadence_new(p, D(as_of), 1);

	set_child(c, 0, enrolled, birth, att);
	return c;
}

int
main(void)
{
	struct policy *p;
	struct cadence *c;
	struct cadence_item *items = NULL;
	size_t n, cap = 0, i;
	long due = 0, on_time = 0;
	date_t last;
	int code, gc, talk, hv, pc;

	setenv("TZ", "Pacific/Kiritimati", 1);
	p = policy_load(NULL, &code);
	ok(p != NULL, "the built-in policy loads");
	if (p == NULL)
		return done_testing();

	/* Month ends and leap days (guardian_contact: every month, no pause). */
	c = engine(p, "2026-01-31", "2025-09-01", NULL, 0);
	gc = cadence_kind(c, "guardian_contact");
	ok(gc >= 0, "guardian_contact is a kind");
	cadence_record(c, 0, gc, D("2026-01-31"));
	is_str(iso(due_of(c, "guardian_contact", 60, 0)), "2026-02-28",
	    "Jan 31 + 1 month = Feb 28");
	cadence_free(c);
	c = engine(p, "2028-01-31", "2025-09-01", NULL, 0);
	cadence_record(c, 0, gc, D("2028-01-31"));
	is_str(iso(due_of(c, "guardian_contact", 60, 0)), "2028-02-29",
	    "Jan 31 + 1 month = Feb 29 in a leap year");
	cadence_free(c);

	/* No record: due a period after enrolled_on, within this term. */
	c = engine(p, "2026-03-10", "2025-09-01", NULL, 0);
	is_str(iso(due_of(c, "guardian_contact", 0, 0)), "2026-02-24",
	    "no log since an earlier term: due at this term's start");
	/* Future-dated rows do not count. */
	is_int(cadence_record(c, 0, gc, D("2026-03-11")), 0,
	    "a row after the as-of day is not counted");
	is_int(cadence_record(c, 0, gc, D("2026-03-10")), 1,
	    "a row on the as-of day counts");
	is_str(iso(due_of(c, "guardian_contact", 31, 0)), "2026-04-10",
	    "due a month after the last row");
	cadence_free(c);
	c = engine(p, "2026-04-10", "2026-03-02", NULL, 0);
	is_str(iso(due_of(c, "guardian_contact", 0, 0)), "2026-04-02",
	    "no log yet: due a month after enrolment");
	cadence_free(c);

	/* Attention overrides: key children talk every 2 weeks. */
	c = engine(p, "2026-03-10", "2025-09-01", NULL, 1);
	talk = cadence_kind(c, "talk");
	cadence_record(c, 0, talk, D("2026-03-02"));
	is_str(iso(due_of(c, "talk", 30, 0)), "2026-03-16",
	    "key: talk 2 weeks after the last");
	cadence_free(c);

	/* Vacations: a talk due between terms moves to the next term's start. */
	c = engine(p, "2026-01-20", "2025-09-01", NULL, 0);
	cadence_record(c, 0, talk, D("2026-01-10"));
	is_str(iso(due_of(c, "talk", 60, 0)), "2026-02-24",
	    "due in the winter break: first day of the spring term");
	/* guardian_contact keeps its cadence in vacations. */
	cadence_record(c, 0, gc, D("2026-01-10"));
	is_str(iso(due_of(c, "guardian_contact", 60, 0)), "2026-02-10",
	    "a kind without pause stays due in the vacation");
	cadence_free(c);
	/* Holidays inside a term. */
	c = engine(p, "2026-04-20", "2025-09-01", NULL, 0);
	cadence_record(c, 0, talk, D("2026-04-01"));
	is_str(iso(due_of(c, "talk", 30, 0)), "2026-05-06",
	    "due on May 1 (a holiday): the first school day after");
	cadence_free(c);
	ok(!cadence_school_day(p, D("2026-05-03")), "May 3 is no school day");
	ok(cadence_school_day(p, D("2026-05-06")), "May 6 is a school day");
	ok(!cadence_school_day(p, D("2026-08-01")), "August is vacation");
	is_str(iso(cadence_next_school_day(p, D("2027-08-01"))), "2027-08-01",
	    "no term after: the day itself");

	/* Term boundaries: checkpoint windows of 3 weeks. */
	c = engine(p, "2026-03-10", "2025-09-01", NULL, 0);
	hv = cadence_kind(c, "home_visit");
	is_str(iso(due_of(c, "home_visit", 7, CP_START)), "2026-03-16",
	    "start window [Feb 24, Mar 16]: due on its last day");
	is_int(due_of(c, "home_visit", 7, CP_MIDDLE), DATE_NONE,
	    "the middle window has not opened");
	cadence_record(c, 0, hv, D("2026-02-24"));
	is_int(due_of(c, "home_visit", 7, CP_START), DATE_NONE,
	    "a visit on the term's first day settles the start window");
	cadence_free(c);
	c = engine(p, "2026-04-20", "2025-09-01", NULL, 0);
	is_str(iso(due_of(c, "home_visit", 0, CP_START)), "2026-03-16",
	    "a missed start visit is overdue");
	cadence_record(c, 0, hv, D("2026-04-01"));
	is_int(due_of(c, "home_visit", 0, CP_START), DATE_NONE,
	    "a late visit before the middle window settles it");
	is_str(iso(due_of(c, "home_visit", 30, CP_MIDDLE)), "2026-05-09",
	    "middle window [Apr 19, May 9] around the midpoint Apr 29");
	cadence_free(c);
	c = engine(p, "2026-04-20", "2026-03-20", NULL, 0);
	is_int(due_of(c, "home_visit", 0, CP_START), DATE_NONE,
	    "enrolled after the start window: nothing owed for it");
	cadence_free(c);

	/* per_term: parent_contact at least 3 a term (and monthly). */
	c = engine(p, "2026-06-01", "2025-09-01", NULL, 0);
	pc = cadence_kind(c, "parent_contact");
	cadence_record(c, 0, pc, D("2026-03-01"));
	cadence_record(c, 0, pc, D("2026-05-25"));
	is_str(iso(due_of(c, "parent_contact", 60, 0)), "2026-06-25",
	    "2 of 3 done: monthly cadence first");
	cadence_free(c);
	c = engine(p, "2026-06-01", "2025-09-01", NULL, 0);
	cadence_record(c, 0, pc, D("2026-05-30"));
	is_str(iso(due_of(c, "parent_contact", 60, 0)), "2026-05-20",
	    "1 of 3 done: the 2nd was due at two thirds of the term");
	cadence_free(c);

	/* Birthdays, Feb 29 in common years. */
	is_str(iso(cadence_birthday(D("2016-02-29"), 2026)), "2026-02-28",
	    "Feb 29 birthday on Feb 28 in 2026");
	is_str(iso(cadence_birthday(D("2016-02-29"), 2028)), "2028-02-29",
	    "Feb 29 birthday on Feb 29 in 2028");
	c = engine(p, "2026-03-07", "2025-09-01", "2016-02-29", 0);
	is_str(iso(due_of(c, "birthday", 0, 0)), "2026-02-28",
	    "a greeting not sent is overdue within the week after");
	cadence_record(c, 0, cadence_kind(c, "birthday"), D("2026-02-25"));
	is_int(due_of(c, "birthday", 0, 0), DATE_NONE,
	    "a greeting 3 days early counts");
	cadence_free(c);
	c = engine(p, "2026-03-08", "2025-09-01", "2016-02-29", 0);
	is_int(due_of(c, "birthday", 0, 0), DATE_NONE,
	    "past the week after the birthday, a greeting is missed, not listed");
	cadence_free(c);
	c = engine(p, "2026-03-10", "2025-09-01", "2015-09-20", 0);
	is_int(due_of(c, "birthday", 0, 0), DATE_NONE,
	    "a birthday before this term is not due");
	cadence_free(c);

	/* Children never set (inactive) are skipped; kinds without rules too. */
	c = cadence_new(p, D("2026-03-10"), 2);
	n = cadence_due(c, 30, &items, &cap);
	is_int(n, 0, "children not set owe nothing");
	(void)cadence_record(c, 1, talk, D("2026-03-01"));
	set_child(c, 1, "2025-09-01", NULL, 0);
	n = cadence_due(c, 30, &items, &cap);
	for (i = 0, last = 0; i < n; i++)
		if (items[i].child == 1 && items[i].kind == talk)
			last = items[i].last;
	is_int(last, DATE_NONE,
	    "a record of a child not set then is dropped, not counted later");
	is_int(due_of(c, "aid", 365, 0), DATE_NONE, "aid has no schedule");
	cadence_free(c);
	free(items);

	/* TZ never changes a result. */
	setenv("TZ", "America/Adak", 1);
	c = engine(p, "2026-01-31", "2025-09-01", NULL, 0);
	cadence_record(c, 0, gc, D("2026-01-31"));
	is_str(iso(due_of(c, "guardian_contact", 60, 0)), "2026-02-28",
	    "the same due date in another time zone");
	cadence_free(c);

	/*
	 * The clock of a regular contact runs from the last contact, or from
	 * the enrolment when that came later (a child enrolled again).
	 */
	c = engine(p, "2026-03-20", "2026-03-10", NULL, 0);
	cadence_record(c, 0, gc, D("2026-03-01"));
	is_str(iso(due_of(c, "guardian_contact", 60, 0)), "2026-04-10",
	    "a contact before the enrolment: due a month after the enrolment");
	cadence_free(c);

	/*
	 * A term's report reads a year's log: records long before the term
	 * (a month and a day, for a monthly kind) are skipped unread.
	 */
	c = cadence_new_period(p, D("2026-03-01"), D("2026-03-31"), 1);
	set_child(c, 0, "2025-09-01", "2015-03-12", 0);
	is_str(iso(cadence_first_day(c, gc)), "2026-01-23",
	    "guardian contacts count from a month and a day before the term");
	is_str(iso(cadence_first_day(c, hv)), "2026-02-23",
	    "home visits (checkpoints) from the term's start");
	ok(cadence_first_day(c, cadence_kind(c, "card_review")) <
	    D("2025-02-01"), "card reviews (yearly, after 春节) from a year back");
	cadence_free(c);
	c = cadence_new_period(p, D("2026-03-01"), D("2026-03-31"), 2);
	set_child(c, 0, "2025-09-01", "2015-03-12", 0);
	set_child(c, 1, NULL, "2015-03-12", 0);
	is_int(cadence_first_day(c, gc), DATE_NONE,
	    "a child without enrolled_on: every record counts");
	cadence_free(c);
	c = cadence_new(p, D("2026-03-31"), 1);
	is_int(cadence_first_day(c, gc), DATE_NONE,
	    "lb-due's engine shows last contacts: every record counts");
	cadence_free(c);

	/* Compliance over March 2026. */
	c = cadence_new_period(p, D("2026-03-01"), D("2026-03-31"), 1);
	set_child(c, 0, "2025-09-01", "2015-03-12", 0);
	cadence_record(c, 0, gc, D("2026-03-15"));
	cadence_record(c, 0, hv, D("2026-03-20"));
	cadence_record(c, 0, cadence_kind(c, "birthday"), D("2026-03-12"));
	is_int(cadence_record(c, 0, gc, D("2026-04-02")), 0,
	    "contacts after the period do not count");
	due = on_time = 0;
	cadence_compliance(c, 0, gc, &due, &on_time);
	is_int(due, 1, "one guardian contact fell due in March");
	is_int(on_time, 1, "and it was done");
	due = on_time = 0;
	cadence_compliance(c, 0, hv, &due, &on_time);
	is_int(due, 1, "the start visit fell due (window ends Mar 16)");
	is_int(on_time, 0, "a visit after the window is not on time");
	due = on_time = 0;
	cadence_compliance(c, 0, cadence_kind(c, "birthday"), &due, &on_time);
	is_int(due * 10 + on_time, 11, "the birthday greeting was on time");
	due = on_time = 0;
	cadence_compliance(c, 0, talk, &due, &on_time);
	is_int(due * 10 + on_time, 10, "one talk due in March, not done");
	cadence_free(c);
	c = cadence_new_period(p, D("2026-02-24"), D("2026-07-03"), 1);
	set_child(c, 0, "2025-09-01", "2015-03-12", 0);
	cadence_record(c, 0, pc, D("2026-03-01"));
	cadence_record(c, 0, pc, D("2026-03-02"));
	cadence_record(c, 0, pc, D("2026-06-01"));
	due = on_time = 0;
	cadence_compliance(c, 0, cadence_kind(c, "meeting"), &due, &on_time);
	is_int(due * 10 + on_time, 10, "one meeting a term, none held");
	cadence_free(c);

	policy_free(p);
	return done_testing();
}
