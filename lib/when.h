/* when.h: the when rules of contact kinds: which schedule of a kind each child follows. */
#ifndef LB_WHEN_H
#define LB_WHEN_H

#include "date.h"

struct contact;
struct period;
struct policy;

/*
 * A child's choice among the schedules of a kind with when rules, one
 * byte: the kind's own (every or by_attention, per_term, checkpoints),
 * rule r (WHEN_RULE + r), or none (the kind is never due for it).
 */
#define WHEN_OWN 0
#define WHEN_RULE 1
#define WHEN_NONE 0xff

/*
 * How strict a schedule is: its shortest interval between contacts, in
 * hundredths of a day.  every counts as its period (a day 1, a week 7,
 * a month 30 days), per_term N as a term of 20 weeks divided by N,
 * checkpoints as per_term of as many windows; the shortest of the three
 * when several are given.  WHEN_NEVER when none is.  The smaller, the
 * stricter.
 */
#define WHEN_NEVER 0x7fffffffL
long when_interval(const struct period *every, int per_term,
    int checkpoints);

/*
 * The choices of roster row v[RC_COUNT] (the canonical columns as
 * written, "" where the file has none) for the policy's kinds with when
 * rules, into out[p->nwhen_kinds] (out[ct->when_slot] for kind ct): the
 * strictest (when_interval()) of the kind's own schedule for the child's
 * attention (0 general .. 3 case, as roster_child() reads it) and of the
 * rules whose expressions all hold, the kind's own on a tie, then the
 * earlier rule; WHEN_NONE when neither the kind's own (every or
 * by_attention, per_term, checkpoints, on_birthday) nor any rule that
 * holds schedules it.  The expressions see the row's values as
 * query_row() does for --where (normalised as lb-enroll normalises
 * them, for the columns they name: as_of is the day it would normalise
 * for).  The one reader of the rules: lb-due and lb-report agree because
 * both take a child's choices from here (roster_child()).
 */
void when_choose(const struct policy *p, const char *const *v,
    int attention, date_t as_of, unsigned char *out);

#endif
