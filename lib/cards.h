/* cards.h: the contact card (联系卡) of each child, with whom to call. */
#ifndef LB_CARDS_H
#define LB_CARDS_H

#include "date.h"

struct csvio_opts;
struct policy;
struct query;
struct table;

/* What cards_write() reads and writes. */
struct cards_opts {
	const char *staff;	/* staff list: mentors and contacts' staff named */
	const char *pool;	/* buddy pool: buddies named */
	const char *log;	/* activity log: the child's contacts, what is due */
	const char *history;	/* history.csv: marks and card changes */
	const struct csvio_opts *copts;
	const char *out;	/* NULL: stdout */
	int html;		/* a printable page */
	int md;			/* Markdown */
	date_t as_of;
};

/*
 * Write the contact card of every child of roster that q's expressions
 * hold for (q unbound: it is bound to the roster here), its values as
 * normalised and in words, to o->out (NULL: stdout; atomically, not
 * world-readable: cards are personal data), as text or, with o->html, as
 * a printable page dated o->as_of, with o->md as Markdown.  With o->staff and o->pool (NULL:
 * none), the mentor and buddy are named with their phone and class.
 * With o->log or o->history, each card is followed by the child's record
 * (成长记录, 一人一档), and a page is one child's:
 * - with the log, every contact of the child in it (date, the kind in
 *   the policy's words, who, by name when the staff list has them, and
 *   the note), in date order, and the items now due for it, as lb-due
 *   lists them as of o->as_of (the same engine: lib/schedule.h);
 * - with the history, the child's marks (academic) over time and every
 *   other change of its card (date, field, old, new), in date order.
 * No child: a warning, nothing written.  Returns 0, or -1 with *code set
 * after a message.
 */
int cards_write(const struct policy *p, const struct table *roster,
    struct query *q, const struct cards_opts *o, int *code);

#endif
