/* cadence.h: the contact schedule engine: what is due, and what was done on time. */
#ifndef LB_CADENCE_H
#define LB_CADENCE_H

#include <stddef.h>
#include <stdint.h>
#include "date.h"

struct contact;
struct policy;
struct term;

/*
 * One engine serves lb-due (what is due as of a day) and lb-report
 * (compliance over a period).  Its memory is a few flat arrays of
 * children x kinds, never the log: the caller streams the log once and
 * feeds each row to cadence_record(), in any order.
 *
 * The rules, all from the policy's contacts (struct contact):
 *
 * - every P (or by_attention[level] when set): the next contact is due
 *   P after the last one on or before the as-of day, or after
 *   enrolled_on when that is later (a contact before the child entered
 *   the programme is shown, but its clock starts there).  A child with no
 *   record is due P after enrolled_on (P after the start of the current
 *   term when enrolled_on is unknown): a child nobody ever saw must not
 *   look better than one seen once long ago, and lb-enroll stamps
 *   enrolled_on with the day a child enters the programme.  A due date
 *   before the start of the current term (the latest term begun by the
 *   as-of day) is taken as that start: lateness counts within the term.
 * - vacation: pause: a due date that falls in a holiday or between terms
 *   moves to the first school day after it (unchanged when the calendar
 *   has no school day after it).
 * - checkpoints (start, middle, end of the current term): windows of the
 *   policy's width (default 2 weeks) at [start, start+w), centred on the
 *   term's midpoint, and [end-w, end].  A window with no contact in it is
 *   due on its last day (listed once that day is within reach, never
 *   while the window is merely open); a contact after a missed window
 *   (before the next window opens) settles it late.  A child enrolled
 *   after a window closed owes nothing for it.  Windows belong to the term containing
 *   the as-of day (in a vacation: the term that just ended).
 * - per_term N: the k-th contact of the term is due by
 *   S + k*L/N - 1 where S is the term start (or enrolled_on when later)
 *   and L the days from S to the term end, so the N-th falls on the last
 *   day of term.  A kind with both every and per_term is due at the
 *   earlier of the two.
 * - on_birthday: a greeting is due on each birthday (February 29 is kept
 *   on February 28 in common years) from the current term's start up to
 *   the horizon; one sent within the kind's window (default 7 days)
 *   before or after counts, and once the window has passed a greeting
 *   not sent is missed: no longer due.
 * - Records dated after the as-of day are not counted: as of that day
 *   they had not happened, so --as-of gives reproducible answers.

 * - when rules (policy.h): a child of a kind with rules follows the
 *   schedule when.h chose for it (its every, per_term and checkpoints
 *   in place of the kind's own), or none: never due.
 * - No rule (every, checkpoints, per_term, on_birthday): never due.
 * - A volunteers' own kind (struct contact's by_volunteer is
 *   VOLUNTEER_ONLY) is due only for the children who have a volunteer
 *   (cadence_child.volunteer).
 *
 * Dates are day counts (date.h), so TZ never changes a result.
 */

/*
 * 1 when contact kind ct has a rule that can make it due (every,
 * by_attention, checkpoints, per_term, on_birthday, a vacation pace):
 * the kinds lb-due can list and lb-report measures.
 */
int cadence_scheduled(const struct contact *ct);

/* What the engine needs to know about a child. */
struct cadence_child {
	date_t enrolled_on;	/* DATE_NONE when unknown */
	date_t birth;		/* DATE_NONE when unknown */
	int attention;		/* 0 general, 1 key, 2 intervention, 3 case */
	int volunteer;		/* 1: has a volunteer (volunteer_id): owes the
				   kinds volunteers carry, which the others
				   never owe */
};

struct cadence;

/*
 * An engine for what is due as of as_of, for nchildren children indexed
 * 0..nchildren-1 (every child starts with enrolled_on and birth unknown,
 * attention general).  p must outlive it.  Free with cadence_free().
 */
struct cadence *cadence_new(const struct policy *p, date_t as_of,
    size_t nchildren);

/*
 * An engine for compliance over the period [from, to] (lb-report's
 * "contacts due in the period that were done on time").  Feed it the same
 * way; then ask cadence_compliance().  The period is cut into slots, one
 * per contact that falls due, each with a window in which a contact
 * counts as on time:
 * - every P: consecutive slots of P from `from`; a slot falls due when
 *   it ends by `to` and does not begin before enrolled_on; on time when a
 *   contact lies inside it.  With vacation: pause a slot with no school
 *   day in it owes nothing.
 * - checkpoints: each window (as above) of each term whose window ends in
 *   [from, to] and not before enrolled_on; on time when a contact lies in
 *   the window.
 * - per_term N: the k-th deadline (S + k*L/N - 1, S the term's start) of
 *   each term that falls in [from, to] and not before enrolled_on; on
 *   time when the term had at least k contacts by it.
 * - on_birthday: each birthday in [from, to] on or after enrolled_on; on
 *   time when a greeting lies within the window before or after it.
 * A kind with no slot due for a child in the period (a yearly card
 * review, a meeting due after `to`, a child enrolled late) counts one
 * contact due when the child had one of it in the period (then on time)
 * or when the engine of the last day lists it, overdue or due that day
 * (then missed): every kind lb-due lists is measured.  Contacts after
 * `to` never count.
 * The engine also answers cadence_due() as of `to` (the engine of
 * cadence_new(p, to, ...), fed alongside): what lb-due lists that day.
 */
struct cadence *cadence_new_period(const struct policy *p, date_t from,
    date_t to, size_t nchildren);

void cadence_free(struct cadence *c);

/*
 * The choices of the children for the kinds with when rules (when.h):
 * sel[i * p->nwhen_kinds + ct->when_slot] is child i's for kind ct,
 * a schedule of the kind's own (every or by_attention, per_term,
 * checkpoints), one of its rules' instead, or none: then the kind is
 * never due for the child, nor measured.  The engine takes sel (malloc'd,
 * freed with the engine); call before the children are set.  Without
 * it every child follows each kind's own schedule.
 */
void cadence_set_when(struct cadence *c, unsigned char *sel);

/*
 * Set what the engine knows of child i (before its records are fed; the
 * facts decide which of them count).  Children never set are skipped by
 * cadence_due() and cadence_compliance(): leave inactive children unset.
 */
void cadence_set_child(struct cadence *c, size_t i,
    const struct cadence_child *ch);

/* Index of kind in the policy's contacts (the engine's kind number), or -1. */
int cadence_kind(const struct cadence *c, const char *kind);
/*
 * For a reader of a long log: the first day on which a contact of kind
 * k can change an answer of c; a record dated before it may be skipped
 * unread (it would count the same as no record).  DATE_NONE (before
 * every day) for an engine from cadence_new(), which shows the last
 * contact of each kind.  A term's report reads a year's log: half of it
 * is older than what the term and the day of its end can see.
 */
date_t cadence_first_day(const struct cadence *c, int k);

/*
 * Child i had a contact of kind k on day.  Returns 0 when it cannot count
 * (after the as-of day or period end, a child or kind out of range), else
 * 1; a record of a child never set is dropped when it is applied (its
 * memory is not touched here: a province's log is read at this pace).
 */
int cadence_record(struct cadence *c, size_t i, int k, date_t day);

/*
 * One contact due (or overdue) for one child: 20 bytes, for a province
 * lists five million.
 */
struct cadence_item {
	uint32_t child;
	uint16_t kind;
	uint8_t checkpoint;	/* CP_START, CP_MIDDLE, CP_END, or 0 */
	date_t due;
	date_t last;		/* last contact up to the as-of day, or DATE_NONE */
	int32_t days_late;	/* as_of - due: > 0 overdue, <= 0 not yet */
};

/*
 * Append to *items (grown with xrealloc; *cap is its capacity) every
 * contact due by as_of + within for the children set, in child, kind
 * order; an item is overdue when days_late > 0.  Returns the number of
 * items appended.  For an engine from cadence_new_period(), as of the
 * period's end.
 */
size_t cadence_due(const struct cadence *c, long within,
    struct cadence_item **items, size_t *cap);

/*
 * The same for child i and kind k alone, into out (no list grown: a
 * caller that only counts, as lb-report's overdue figures do); returns
 * how many.
 */
#define CADENCE_KIND_ITEMS 4	/* a regular rule and three checkpoints */
size_t cadence_due_of(const struct cadence *c, size_t i, int k, long within,
    struct cadence_item out[CADENCE_KIND_ITEMS]);

/*
 * For an engine from cadence_new_period(): add to *due the number of
 * contacts of kind k that fell due in the period for child i, and to
 * *on_time how many of them were done on time.  Children not set add
 * nothing.  Sum over children for a school, or by class for a breakdown.
 */
void cadence_compliance(const struct cadence *c, size_t i, int k,
    long *due, long *on_time);

/*
 * The calendar helpers the rules use, exposed for tests and reports:
 * a school day is a day inside a term and not in a holiday;
 * cadence_next_school_day() returns the first school day on or after d
 * (d itself when no term starts on or after it).
 */
int cadence_school_day(const struct policy *p, date_t d);
date_t cadence_next_school_day(const struct policy *p, date_t d);
/* The term containing d, else the last one that started before it; NULL if none. */
const struct term *cadence_term(const struct policy *p, date_t d);
/* The birthday of one born on birth in year (Feb 29 -> Feb 28 in common years). */
date_t cadence_birthday(date_t birth, int year);

#endif
