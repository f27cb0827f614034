/*
 * metrics.h: lb-report's figures from a roster and its log: the children,
 * their breakdowns and rates, compliance and what is overdue.
 */
#ifndef LB_METRICS_H
#define LB_METRICS_H

#include "date.h"

struct csvio_opts;
struct policy;
struct progress;
struct query;
struct report;

/* Which children are counted, and what is read. */
struct metrics_opts {
	date_t day;		/* the day: who is in the programme */
	int detail;		/* keep the IDs and the name lists */
	const char *log;	/* the activity log ("-": stdin), or NULL */
	const struct csvio_opts *copts;	/* how to read it and the roster */
	date_t from;		/* with log: the period's first day */
	struct progress *progress;	/* the reading told, or NULL */
};

/*
 * Compute the figures of DESIGN.md (see lb-report(1) for the exact
 * definitions) into r, targets from p, over the children of the roster
 * at path roster ("-": stdin) that q's expressions hold for (q is bound
 * to the file's columns first: an expression naming no column fails
 * before any row, LB_USAGE) and in the programme on o->day (dropped ones
 * count in retention_rate).  Values are normalised through the policy's
 * rules; a status no rule recognises is warned about (file:line) and the
 * child left out; so is a second row of a student ID (the first counts,
 * as in lb-due).  The roster is read once, as table_read() reads it, and
 * never held: per child only what the contact figures need (its class
 * and mentor numbers, the engine's state; with detail, its ID, name and
 * class).  With o->log, the contact figures too, from the log read by
 * schedule_read_log(), by kind, by class and by mentor ("mentor=": the
 * children without one):
 * - "compliance": per contact kind with a schedule, of the contacts
 *   that fell due in [o->from, o->day], those done on time
 *   (cadence_compliance());
 * - "overdue": the items lb-due lists with status overdue as of o->day,
 *   counted by the same engine: the two commands agree by construction.
 * With detail, the list "missed_contacts" names the children with a
 * contact missed.  Returns 0, or -1 with *code set after a message.
 */
int metrics_compute(struct report *r, const struct policy *p,
    const char *roster, struct query *q, const struct metrics_opts *o,
    int *code);

#endif
