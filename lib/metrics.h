/*
 * metrics.h: lb-report's figures from a roster and its log: the children,
 * their breakdowns and rates, compliance and what is overdue.
 */
#ifndef LB_METRICS_H
#define LB_METRICS_H

#include "date.h"

struct csvio_opts;
struct policy;
struct report;
struct table;

/* Which children are counted, and what is read. */
struct metrics_opts {
	const unsigned char *keep;	/* per roster row: counted (NULL: all) */
	date_t day;		/* the day: who is in the programme */
	int detail;		/* keep the IDs and the name lists */
	const char *log;	/* the activity log ("-": stdin), or NULL */
	const struct csvio_opts *copts;	/* how to read it */
	date_t from;		/* with log: the period's first day */
};

/*
 * Compute the figures of DESIGN.md (see lb-report(1) for the exact
 * definitions) into r, targets from p, over the children of roster kept
 * by o and in the programme on o->day (dropped ones count in
 * retention_rate).  Values are normalised through the policy's rules; a
 * status no rule recognises is warned about (file:line) and the child
 * left out; so is a second row of a student ID (the first counts, as in
 * lb-due).  With o->log, the contact figures too, from the log read by
 * schedule_read_log() (the roster is read once for both), by kind, by
 * class and by mentor ("mentor=": the children without one):
 * - "compliance": per contact kind with a schedule, of the contacts
 *   that fell due in [o->from, o->day], those done on time
 *   (cadence_compliance());
 * - "overdue": the items lb-due
 *   lists with status overdue as of o->day, counted by the same engine:
 *   the two commands agree by construction.
 * With detail, the list "missed_contacts" names the children with a
 * contact missed.  Returns 0, or -1 with *code set after a message.
 */
int metrics_compute(struct report *r, const struct policy *p,
    const struct table *roster, const struct metrics_opts *o, int *code);

#endif
