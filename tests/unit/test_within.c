/*
 * test_within.c: --within N lists exactly the items due on or before the
 * as-of day plus N days, for every kind of schedule: every, checkpoints
 * with windows, per_term, on_birthday, after a holiday.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cadence.h"
#include "date.h"
#include "policy.h"
#include "tap.h"
#include "tapdate.h"

static const char policy_text[] =
    "calendar:\n"
    "  terms:\n"
    "    - name: 2026-autumn\n"
    "      start: 2026-09-01\n"
    "      end: 2027-01-22\n"
    "    - name: 2027-spring\n"
    "      start: 2027-02-22\n"
    "      end: 2027-07-02\n"
    "  holidays:\n"
    "    - name: 春节\n"
    "      start: 2027-02-06\n"
    "      end: 2027-02-13\n";

/*
 * Whether child 0 (enrolled 2026-09-01, born 2016-10-20, never contacted)
 * has an item of kind due on day, as of as_of with within.
 */
static int
listed(const struct policy *p, const char *kind, date_t as_of, long within,
    date_t day)
{
	struct cadence_child ch = { D("2026-09-01"), D("2016-10-20"), 0, 0 };
	struct cadence *c = cadence_new(p, as_of, 1);
	struct cadence_item *items = NULL;
	size_t n, i, cap = 0;
	int k = cadence_kind(c, kind), found = 0;

	cadence_set_child(c, 0, &ch);
	n = cadence_due(c, within, &items, &cap);
	for (i = 0; i < n; i++)
		if (items[i].kind == k && items[i].due == day &&
		    items[i].days_late == as_of - day)
			found = 1;
	free(items);
	cadence_free(c);
	return found;
}

/* The boundary of within for kind's item due on day, seen from as_of. */
static void
boundary(const struct policy *p, const char *kind, const char *day,
    const char *as_of)
{
	date_t d = D(day), a = D(as_of);
	long n = d - a;

	ok(listed(p, kind, a, n, d), "%s due %s: listed as of %s --within %ld",
	    kind, day, as_of, n);
	ok(!listed(p, kind, a, n - 1, d), "%s due %s: not as of %s --within %ld",
	    kind, day, as_of, n - 1);
	ok(listed(p, kind, d, 0, d), "%s due %s: listed on the day, --within 0",
	    kind, day);
	ok(!listed(p, kind, d - 1, 0, d), "%s due %s: not the day before, "
	    "--within 0", kind, day);
}

/*
 * An engine of thousands of children answers from calendar tables (the
 * next school day, monthly cadences added): the same items as an engine
 * of one child, which computes them, on days across the year.
 */
static void
tables_agree(const struct policy *p)
{
	static const char *const days[] = { "2026-09-10", "2026-10-08",
		"2026-12-31", "2027-01-30", "2027-02-25", "2027-03-31",
		"2027-06-30", NULL };
	struct cadence_child ch = { D("2026-09-01"), D("2016-10-20"), 0, 0 };
	struct cadence_item a[CADENCE_KIND_ITEMS], b[CADENCE_KIND_ITEMS];
	struct cadence *big, *one;
	size_t i, n, m, k, diff = 0, items = 0;
	int d, att;

	for (d = 0; days[d] != NULL; d++)
		for (att = 0; att < 4; att++) {
			ch.attention = att;
			big = cadence_new(p, D(days[d]), 2500);
			one = cadence_new(p, D(days[d]), 1);
			for (i = 0; i < 2500; i++)
				cadence_set_child(big, i, &ch);
			cadence_set_child(one, 0, &ch);
			for (k = 0; k < p->ncontacts; k++) {
				cadence_record(big, 7, (int)k, D("2026-09-20"));
				cadence_record(one, 0, (int)k, D("2026-09-20"));
			}
			for (k = 0; k < p->ncontacts; k++) {
				n = cadence_due_of(big, 7, (int)k, 30, a);
				m = cadence_due_of(one, 0, (int)k, 30, b);
				items += n;
				if (n != m)
					diff++;
				for (i = 0; i < n && i < m; i++)
					if (a[i].due != b[i].due ||
					    a[i].days_late != b[i].days_late)
						diff++;
			}
			cadence_free(big);
			cadence_free(one);
		}
	ok(items > 0, "the engines list items (%zu)", items);
	is_int((long)diff, 0, "from tables and computed, the same items");
}

int
main(void)
{
	char path[] = "/tmp/lbwithinXXXXXX";
	struct policy *p;
	FILE *f;
	int fd, code;

	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
		return 1;
	fputs(policy_text, f);
	fclose(f);
	p = policy_load(path, &code);
	unlink(path);
	ok(p != NULL, "the policy loads");
	if (p == NULL)
		return done_testing();
	/* every 1 month from enrolment (guardian_contact, no pause). */
	boundary(p, "guardian_contact", "2026-10-01", "2026-09-20");
	/* checkpoints: the start window (3 weeks) closes on 09-21. */
	boundary(p, "home_visit", "2026-09-21", "2026-09-10");
	/* An open window is not listed before its last day is in reach. */
	ok(!listed(p, "home_visit", D("2026-09-05"), 0, D("2026-09-21")),
	    "an open checkpoint window is not listed by --within 0");
	/* per_term 1: by the last day of term. */
	boundary(p, "meeting", "2027-01-22", "2027-01-10");
	/* on_birthday: on the day. */
	boundary(p, "birthday", "2026-10-20", "2026-10-13");
	/* after 春节, every 12 months: by the end of the four weeks after. */
	boundary(p, "card_review", "2027-03-05", "2027-02-20");
	tables_agree(p);
	policy_free(p);
	return done_testing();
}
