/* cadence.c: the contact schedule engine behind lb-due and lb-report. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "cadence.h"
#include "policy.h"
#include "prefetch.h"
#include "strmap.h"
#include "when.h"
#include "xmem.h"

#define UNSET 0xff		/* attention of a child never set */
#define DEFAULT_WINDOW 14	/* days, when a kind has checkpoints but no window */
#define BIRTHDAY_WINDOW 7	/* days a greeting may come early or late */
#define MAX_SLOTS 4096		/* per kind in a period: "every 1 day" for 10 years */

/*
 * Records wait in a ring for this many later ones before they are
 * applied, the memory they touch being fetched meanwhile (see
 * cadence_record); the period engine fetches in two steps.
 */
#define LAG 8
#define RING (2 * LAG)


_Static_assert(CONTACT_KINDS_MAX <= UINT16_MAX, "kinds fit cadence_item.kind");

/* Per child x kind, as of a day: 8 bytes, for a million children. */
struct state {
	date_t last;		/* last contact up to as_of, or DATE_NONE */
	uint16_t count;		/* contacts in the current term up to as_of */
	uint8_t cp;		/* bit i: window i done; bit 3+i: done late */
	uint8_t pad;
};

struct window {
	date_t a, b;		/* inclusive; a > b when the kind has none */
};

enum slot_type { SL_EVERY, SL_WINDOW, SL_NTH, SL_BIRTHDAY };

/* A record on its way to the state it changes. */
struct pending {
	size_t i;
	int k;
	date_t day;
	void *at;		/* the state, or the period's counts (NULL: not yet) */
	/*
	 * A period engine's record goes to the engine of its last day in
	 * the same step: its state there (NULL: the kind has none), and
	 * whether the period's slots take it (skip_period: not).
	 */
	struct state *inner_at;
	int skip_period;
};

/* A contact falling due in a period, and where it counts as on time. */
struct slot {
	date_t a, b;		/* SL_BIRTHDAY: a is the year */
	int seq;		/* SL_NTH: k-th of its term */
	unsigned char type;
	unsigned char due;	/* 0: only counted (an earlier SL_NTH) */
};

struct tmpl {
	struct slot *slot;
	size_t n;
};

struct cadence {
	const struct policy *p;
	size_t n, nk;
	int period;		/* 1: compliance engine */
	date_t as_of;		/* due engine: the day; period: its end */
	date_t from;
	const struct term *term;	/* due engine: the current term */
	/*
	 * Per child, in one place: a record's check of its child and the
	 * update it makes touch one line of memory, not three.
	 */
	struct kid {
		date_t enrolled, birth;
		unsigned char att;	/* UNSET until cadence_set_child */
		unsigned char volunteer;	/* has one: owes the kinds
						   volunteers carry */
	} *kid;

	/*
	 * due engine.  Only kinds with a rule have a state: the others are
	 * never due, and reading a county's log touches one state per row,
	 * at random, so the array is kept as small as it can be.
	 */
	int *col;		/* [nk]: column of kind k in st, or -1 */
	size_t ncol;
	struct state *st;	/* [n * ncol] */
	/* [nk][1 + nwhen][checkpoint]: the kind's own windows, each rule's */
	struct window (**win)[3];
	/*
	 * The calendar, asked for every child: the next school day of each
	 * day from school0 (school[d - school0], nschool of them), and the
	 * openings of each kind's after window (open[k], nopen[k]).
	 */
	date_t *school, school0;
	size_t nschool;
	date_t **open;
	size_t *nopen;
	date_t ***after;	/* [nk][variant]: a monthly every added to
				   each day of the school table, or NULL */

	/*
	 * A kind's schedule varies by child: its own for the child's
	 * attention (variants 0-3), or its when rule r (variant 4 + r);
	 * sel[i * nw + slot] is child i's choice for the kind of when slot
	 * (when.h), wkind[slot] that kind.  The period engine shares its
	 * inner engine's sel.
	 */
	unsigned char *sel;
	size_t nw;
	int *wkind;

	/*
	 * compliance engine: child i's counts start at off[i], one per slot
	 * of each kind in turn, as laid out for its attention a and its
	 * choices of the kinds with when rules (counts_of() finds kind k's).
	 */
	int enrolled_unknown;	/* some child set has no enrolled_on */
	struct tmpl **tmpl;	/* [nk][variant] */
	struct cadence *inner;	/* the due engine as of the period's end */
	/*
	 * [nk][attention]: for a kind without when rules; their slots come
	 * first, own_total[attention] of them, then those of the kinds
	 * with rules, in slot order, as each child's choices lay them out.
	 */
	size_t (*koff)[4];
	size_t own_total[4];
	size_t *off;		/* [n] into counts */
	date_t *first;		/* [nk]: the first day a slot of kind k opens */
	unsigned char *counts;
	size_t ncounts, capcounts;

	struct pending ring[RING];
	size_t nring;		/* records that went through the ring */
	size_t napplied;	/* of them, applied */
};

static void flush(struct cadence *);

static date_t
add_period(date_t d, const struct period *pe, long times)
{
	switch (pe->unit) {
	case PU_DAYS:
		return date_add_days(d, (long)pe->n * times);
	case PU_WEEKS:
		return date_add_days(d, 7L * pe->n * times);
	case PU_MONTHS:
		return date_add_months(d, (long)pe->n * times);
	}
	return d;
}

static const struct period *
every_of(const struct contact *ct, int att)
{
	if (att >= 0 && att < 4 && ct->by_attention[att].n > 0)
		return &ct->by_attention[att];
	return ct->every.n > 0 ? &ct->every : NULL;
}

/* The schedules of kind ct: nvar(ct) variants (struct cadence says). */
static int
nvar(const struct contact *ct)
{
	return 4 + (int)ct->nwhen;
}

static const struct period *
every_v(const struct contact *ct, int v)
{
	if (v < 4)
		return every_of(ct, v);
	return ct->when[v - 4].every.n > 0 ? &ct->when[v - 4].every : NULL;
}

static int
per_term_v(const struct contact *ct, int v)
{
	return v < 4 ? ct->per_term : ct->when[v - 4].per_term;
}

static int
checkpoints_v(const struct contact *ct, int v)
{
	return v < 4 ? ct->checkpoints : ct->when[v - 4].checkpoints;
}

/* Child i's variant of kind k (i set), or -1: the kind is never due for it. */
static int
variant(const struct cadence *c, size_t i, int k)
{
	int slot = c->p->contacts[k].when_slot;
	unsigned char b;

	if (slot < 0 || c->sel == NULL)
		return c->kid[i].att;
	b = c->sel[i * c->nw + (size_t)slot];
	if (b == WHEN_NONE)
		return -1;
	return b == WHEN_OWN ? c->kid[i].att : 4 + (b - WHEN_RULE);
}

/* The checkpoint windows of variant v of kind k. */
static const struct window *
win_of(const struct cadence *c, int k, int v)
{
	return c->win[k][v < 4 ? 0 : v - 3];
}

const struct term *
cadence_term(const struct policy *p, date_t d)
{
	const struct term *t = NULL;
	size_t i;

	for (i = 0; i < p->nterms; i++)
		if (p->terms[i].start <= d)
			t = &p->terms[i];
	return t;
}

static const struct term *
holiday_containing(const struct policy *p, date_t d)
{
	size_t i;

	for (i = 0; i < p->nholidays; i++) {
		if (p->holidays[i].start > d)
			break;
		if (d <= p->holidays[i].end)
			return &p->holidays[i];
	}
	return NULL;
}

int
cadence_school_day(const struct policy *p, date_t d)
{
	return policy_term_at(p, d) != NULL && holiday_containing(p, d) == NULL;
}

date_t
cadence_next_school_day(const struct policy *p, date_t d)
{
	const struct term *h;
	date_t x = d;
	size_t i;

	for (;;) {
		if (policy_term_at(p, x) == NULL) {
			for (i = 0; i < p->nterms && p->terms[i].start <= x; i++)
				;
			if (i == p->nterms)
				return d;
			x = p->terms[i].start;
			continue;
		}
		if ((h = holiday_containing(p, x)) == NULL)
			return x;
		x = h->end + 1;
	}
}

date_t
cadence_birthday(date_t birth, int year)
{
	int y, m, d;

	date_to_ymd(birth, &y, &m, &d);
	if (m == 2 && d == 29 && date_days_in_month(year, 2) == 28)
		d = 28;
	return date_from_ymd(year, m, d);
}

/* The three windows of checkpoints cps (CP_* bits) of kind ct in term t. */
static void
windows(const struct contact *ct, int cps, const struct term *t,
    struct window w[3])
{
	long width, mid;
	int i;

	for (i = 0; i < 3; i++) {
		w[i].a = 1;
		w[i].b = 0;
	}
	if (t == NULL || cps == 0)
		return;
	width = ct->window.n > 0 ?
	    add_period(t->start, &ct->window, 1) - t->start : DEFAULT_WINDOW;
	if (width > t->end - t->start + 1)
		width = t->end - t->start + 1;
	mid = t->start + (t->end - t->start) / 2;
	if (cps & CP_START) {
		w[0].a = t->start;
		w[0].b = t->start + width - 1;
	}
	if (cps & CP_MIDDLE) {
		w[1].a = mid - width / 2;
		w[1].b = w[1].a + width - 1;
	}
	if (cps & CP_END) {
		w[2].a = t->end - width + 1;
		w[2].b = t->end;
	}
}

static struct cadence *
alloc_engine(const struct policy *p, size_t n)
{
	struct cadence *c = xcalloc(1, sizeof(*c));
	size_t i;

	c->p = p;
	c->n = n;
	c->nk = p->ncontacts;
	c->kid = bigmem_calloc(n ? n : 1, sizeof(*c->kid));
	for (i = 0; i < n; i++) {
		c->kid[i].enrolled = c->kid[i].birth = DATE_NONE;
		c->kid[i].att = UNSET;
	}
	c->nw = p->nwhen_kinds;
	c->wkind = xcalloc(c->nw + 1, sizeof(*c->wkind));
	for (i = 0; i < c->nk; i++)
		if (p->contacts[i].when_slot >= 0)
			c->wkind[p->contacts[i].when_slot] = (int)i;
	return c;
}

int
cadence_scheduled(const struct contact *ct)
{
	int a;

	for (a = 0; a < 4; a++)
		if (ct->by_attention[a].n > 0)
			return 1;
	return ct->every.n > 0 || ct->checkpoints != 0 || ct->per_term > 0 ||
	    ct->on_birthday || ct->vacation_every.n > 0 || ct->nwhen > 0;
}

/* The width in days of ct's window starting on a. */
static long
window_days(const struct contact *ct, date_t a)
{
	return ct->window.n > 0 ? add_period(a, &ct->window, 1) - a :
	    DEFAULT_WINDOW;
}

/* How far from the birthday a greeting counts: the kind's window, or a week. */
static long
birthday_window(const struct contact *ct)
{
	return ct->window.n > 0 ? window_days(ct, 0) : BIRTHDAY_WINDOW;
}

/*
 * The first opening of ct's after window after day d: the start of the
 * first holiday named after_holiday starting after d, or the first
 * MM-DD after d.  DATE_NONE when ct has no after, or the calendar lists
 * no such holiday after d.
 */
static date_t
next_opening(const struct policy *p, const struct contact *ct, date_t d)
{
	date_t o;
	size_t i;
	int y, m, dd;

	if (ct->after_holiday != NULL) {
		/* Holidays are sorted by start. */
		for (i = 0; i < p->nholidays; i++)
			if (p->holidays[i].start > d &&
			    strcmp(p->holidays[i].name, ct->after_holiday) == 0)
				return p->holidays[i].start;
		return DATE_NONE;
	}
	if (ct->after_month == 0)
		return DATE_NONE;
	date_to_ymd(d, &y, &m, &dd);
	for (;; y++) {
		dd = ct->after_day;
		if (dd > date_days_in_month(y, ct->after_month))
			dd = date_days_in_month(y, ct->after_month);
		if ((o = date_from_ymd(y, ct->after_month, dd)) > d)
			return o;
	}
}

#define TABLES_FROM 2000	/* children from which tables pay */

/*
 * The calendar lookups of a due engine, made once for its children:
 * cadence_next_school_day() of every day the terms span, and the after
 * windows' openings of each kind over the years around them.
 */
static void
calendar_tables(struct cadence *c)
{
	const struct policy *p = c->p;
	date_t lo = 0, hi = -1, d, o;
	size_t k, n, cap;
	int a;

	/*
	 * Only where they pay: a school's hundred children ask less than a
	 * table costs to fill (a day and its sums for some years).
	 */
	if (p->nterms > 0 && c->n >= TABLES_FROM) {
		lo = p->terms[0].start - 366;
		hi = p->terms[p->nterms - 1].end + 1;
		c->school0 = lo;
		c->nschool = (size_t)(hi - lo + 1);
		c->school = xreallocarray(NULL, c->nschool,
		    sizeof(*c->school));
		for (d = lo; d <= hi; d++)
			c->school[d - lo] = cadence_next_school_day(p, d);
	}
	/* Months are dearer to add than days: each day's sum once. */
	c->after = xcalloc(c->nk ? c->nk : 1, sizeof(*c->after));
	for (k = 0; k < c->nk; k++)
		c->after[k] = xcalloc((size_t)nvar(&p->contacts[k]),
		    sizeof(**c->after));
	for (k = 0; c->school != NULL && k < c->nk; k++)
		for (a = 0; a < nvar(&p->contacts[k]); a++) {
			const struct period *pe = every_v(&p->contacts[k], a);

			if (pe == NULL || pe->unit != PU_MONTHS)
				continue;
			c->after[k][a] = xreallocarray(NULL, c->nschool,
			    sizeof(***c->after));
			for (d = lo; d <= hi; d++)
				c->after[k][a][d - lo] = add_period(d, pe, 1);
		}
	c->open = xcalloc(c->nk ? c->nk : 1, sizeof(*c->open));
	c->nopen = xcalloc(c->nk ? c->nk : 1, sizeof(*c->nopen));
	for (k = 0; k < c->nk; k++) {
		if (p->contacts[k].after_holiday == NULL)
			continue;
		cap = n = 0;
		for (o = next_opening(p, &p->contacts[k], DATE_NONE + 1);
		    o != DATE_NONE; o = next_opening(p, &p->contacts[k], o)) {
			XGROW(c->open[k], n + 1, cap);
			c->open[k][n++] = o;
		}
		c->nopen[k] = n;
	}
}

/* base plus every, variant v's of kind k, from the table when there. */
static date_t
every_after(const struct cadence *c, int v, int k,
    const struct period *every, date_t base)
{
	const date_t *t = c->after[k][v];

	if (t != NULL && base >= c->school0 &&
	    (size_t)(base - c->school0) < c->nschool)
		return t[base - c->school0];
	return add_period(base, every, 1);
}

/* cadence_next_school_day() of d, from the table when d is in it. */
static date_t
school_day(const struct cadence *c, date_t d)
{
	if (d >= c->school0 && (size_t)(d - c->school0) < c->nschool)
		return c->school[d - c->school0];
	return cadence_next_school_day(c->p, d);
}

/* next_opening() of kind k after d, holidays from their table. */
static date_t
opening_after(const struct cadence *c, int k, date_t d)
{
	const date_t *o = c->open[k];
	size_t lo = 0, hi = c->nopen[k], mid;

	if (c->p->contacts[k].after_holiday == NULL)
		return next_opening(c->p, &c->p->contacts[k], d);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (o[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nopen[k] ? o[lo] : DATE_NONE;
}

/*
 * A vacation day: in a holiday, or after one term's end and before the
 * next one's start.  The first one on or after d, or DATE_NONE.
 */
static date_t
next_vacation_day(const struct policy *p, date_t d)
{
	date_t best = DATE_NONE, x;
	size_t i;

	for (i = 0; i < p->nholidays; i++) {
		if (p->holidays[i].end < d)
			continue;
		x = p->holidays[i].start > d ? p->holidays[i].start : d;
		if (best == DATE_NONE || x < best)
			best = x;
		break;
	}
	for (i = 0; i + 1 < p->nterms; i++) {
		/* The gap after term i: [end + 1, next start - 1]. */
		if (p->terms[i + 1].start - 1 < d ||
		    p->terms[i].end + 1 > p->terms[i + 1].start - 1)
			continue;
		x = p->terms[i].end + 1 > d ? p->terms[i].end + 1 : d;
		if (best == DATE_NONE || x < best)
			best = x;
		break;
	}
	return best;
}

struct cadence *
cadence_new(const struct policy *p, date_t as_of, size_t n)
{
	struct cadence *c = alloc_engine(p, n);
	size_t i, k, r;

	c->as_of = as_of;
	c->term = cadence_term(p, as_of);
	c->col = xcalloc(c->nk ? c->nk : 1, sizeof(*c->col));
	for (k = 0; k < c->nk; k++)
		c->col[k] = cadence_scheduled(&p->contacts[k]) ?
		    (int)c->ncol++ : -1;
	c->st = bigmem_calloc(n * c->ncol + 1, sizeof(*c->st));
	for (i = 0; i < n * c->ncol; i++)
		c->st[i].last = DATE_NONE;
	c->win = xcalloc(c->nk ? c->nk : 1, sizeof(*c->win));
	for (k = 0; k < c->nk; k++) {
		const struct contact *ct = &p->contacts[k];

		c->win[k] = xcalloc(1 + ct->nwhen, sizeof(*c->win[k]));
		windows(ct, ct->checkpoints, c->term, c->win[k][0]);
		for (r = 0; r < ct->nwhen; r++)
			windows(ct, ct->when[r].checkpoints, c->term,
			    c->win[k][1 + r]);
	}
	calendar_tables(c);
	return c;
}

static void
add_slot(struct tmpl *t, date_t a, date_t b, int type, int seq, int due)
{
	if (t->n >= MAX_SLOTS)
		return;
	t->slot = xreallocarray(t->slot, t->n + 1, sizeof(*t->slot));
	t->slot[t->n].a = a;
	t->slot[t->n].b = b;
	t->slot[t->n].type = (unsigned char)type;
	t->slot[t->n].seq = seq;
	t->slot[t->n].due = (unsigned char)due;
	t->n++;
}

/*
 * Slots of ct's vacation pace: in each vacation (a holiday, or the gap
 * between two terms) meeting [from, to], consecutive periods from its
 * first day that end inside it and by to.
 */
static void
vacation_slots(const struct policy *p, const struct contact *ct, date_t from,
    date_t to, struct tmpl *t)
{
	date_t va, vb, a, b;
	size_t i, n = p->nholidays + p->nterms;
	long k;

	for (i = 0; i < n; i++) {
		if (i < p->nholidays) {
			va = p->holidays[i].start;
			vb = p->holidays[i].end;
		} else if (i - p->nholidays + 1 < p->nterms) {
			va = p->terms[i - p->nholidays].end + 1;
			vb = p->terms[i - p->nholidays + 1].start - 1;
		} else
			continue;
		if (vb < from || va > to || vb < va)
			continue;
		for (k = 0; t->n < MAX_SLOTS; k++) {
			a = add_period(va, &ct->vacation_every, k);
			b = add_period(va, &ct->vacation_every, k + 1) - 1;
			if (b > vb || b > to || b < a)
				break;
			if (b >= from)
				add_slot(t, a, b, SL_EVERY, 0, 1);
		}
	}
}

/* The slots of variant v of kind ct in [from, to]. */
static void
build_tmpl(const struct policy *p, const struct contact *ct, int v,
    date_t from, date_t to, struct tmpl *t)
{
	const struct period *every = every_v(ct, v);
	int per_term = per_term_v(ct, v);
	struct window w[3];
	date_t a, b, dk, o;
	size_t i;
	long k, len;
	int y, y0, y1, m, d;

	/*
	 * after: one slot per yearly window that closes in the period; a
	 * calendar without the holiday at all leaves the every slots.
	 */
	if (every != NULL && (o = next_opening(p, ct, date_add_days(from,
	    -366))) != DATE_NONE) {
		for (; o != DATE_NONE && o <= to; o = next_opening(p, ct, o)) {
			b = o + window_days(ct, o) - 1;
			if (b >= from && b <= to)
				add_slot(t, o, b, SL_WINDOW, 0, 1);
		}
		every = NULL;
	}
	/* vacation: a period: slots of it from the start of each vacation. */
	if (ct->vacation_every.n > 0)
		vacation_slots(p, ct, from, to, t);
	if (every != NULL) {
		for (k = 0; t->n < MAX_SLOTS; k++) {
			a = add_period(from, every, k);
			b = add_period(from, every, k + 1) - 1;
			if (b > to || b < a)
				break;
			if (ct->vacation_pause && p->nterms > 0 &&
			    cadence_next_school_day(p, a) > b)
				continue;
			add_slot(t, a, b, SL_EVERY, 0, 1);
		}
	}
	for (i = 0; i < p->nterms; i++) {
		const struct term *tm = &p->terms[i];

		if (tm->end < from || tm->start > to)
			continue;
		windows(ct, checkpoints_v(ct, v), tm, w);
		for (k = 0; k < 3; k++)
			if (w[k].a <= w[k].b && w[k].b >= from && w[k].b <= to)
				add_slot(t, w[k].a, w[k].b, SL_WINDOW, 0, 1);
		if (per_term <= 0)
			continue;
		len = tm->end - tm->start + 1;
		a = tm->start;
		for (k = 1; k <= per_term; k++) {
			dk = (date_t)(tm->start + k * len / per_term - 1);
			add_slot(t, a, dk, SL_NTH, (int)k, dk >= from && dk <= to);
			a = dk + 1;
		}
	}
	if (ct->on_birthday) {
		date_to_ymd(from, &y0, &m, &d);
		date_to_ymd(to, &y1, &m, &d);
		for (y = y0; y <= y1; y++)
			add_slot(t, y, y, SL_BIRTHDAY, 0, 1);
	}
}

struct cadence *
cadence_new_period(const struct policy *p, date_t from, date_t to, size_t n)
{
	struct cadence *c = alloc_engine(p, n);
	size_t i, k;
	int att;

	c->period = 1;
	c->from = from;
	c->as_of = to;
	c->inner = cadence_new(p, to, n);
	c->tmpl = xcalloc(c->nk ? c->nk : 1, sizeof(*c->tmpl));
	for (k = 0; k < c->nk; k++) {
		c->tmpl[k] = xcalloc((size_t)nvar(&p->contacts[k]),
		    sizeof(*c->tmpl[k]));
		for (att = 0; att < nvar(&p->contacts[k]); att++)
			build_tmpl(p, &p->contacts[k], att, from, to,
			    &c->tmpl[k][att]);
	}
	c->koff = xcalloc(c->nk ? c->nk : 1, sizeof(*c->koff));
	for (att = 0; att < 4; att++) {
		for (i = 0, k = 0; k < c->nk; k++) {
			c->koff[k][att] = i;
			if (p->contacts[k].when_slot < 0)
				i += c->tmpl[k][att].n;
		}
		c->own_total[att] = i;
	}
	c->off = bigmem_calloc(n ? n : 1, sizeof(*c->off));
	/*
	 * A record before the first slot of its kind opens counts for
	 * nothing here (only for the engine of the period's last day):
	 * a term's report reads a year's log.
	 */
	c->first = xcalloc(c->nk ? c->nk : 1, sizeof(*c->first));
	for (k = 0; k < c->nk; k++) {
		c->first[k] = to + 1;
		for (att = 0; att < nvar(&p->contacts[k]); att++)
			for (i = 0; i < c->tmpl[k][att].n; i++) {
				const struct slot *sl = &c->tmpl[k][att].slot[i];
				date_t a = sl->type == SL_BIRTHDAY ?
				    from - birthday_window(&p->contacts[k]) :
				    sl->a;

				if (a < c->first[k])
					c->first[k] = a;
			}
	}
	return c;
}

void
cadence_free(struct cadence *c)
{
	size_t k;
	int att;

	if (c == NULL)
		return;
	cadence_free(c->inner);
	free(c->first);
	free(c->school);
	if (c->open != NULL)
		for (k = 0; k < c->nk; k++)
			free(c->open[k]);
	if (c->after != NULL)
		for (k = 0; k < c->nk; k++) {
			for (att = 0; att < nvar(&c->p->contacts[k]); att++)
				free(c->after[k][att]);
			free(c->after[k]);
		}
	free(c->after);
	free(c->open);
	free(c->nopen);
	if (c->tmpl != NULL)
		for (k = 0; k < c->nk; k++) {
			for (att = 0; att < nvar(&c->p->contacts[k]); att++)
				free(c->tmpl[k][att].slot);
			free(c->tmpl[k]);
		}
	free(c->tmpl);
	free(c->koff);
	free(c->off);
	free(c->counts);
	free(c->st);
	free(c->col);
	if (c->win != NULL)
		for (k = 0; k < c->nk; k++)
			free(c->win[k]);
	free(c->win);
	if (!c->period)
		free(c->sel);	/* the period engine's is its inner's */
	free(c->wkind);
	free(c->kid);
	free(c);
}

void
cadence_set_when(struct cadence *c, unsigned char *sel)
{
	if (c->period) {
		cadence_set_when(c->inner, sel);
		c->sel = sel;
		return;
	}
	free(c->sel);
	c->sel = sel;
}

void
cadence_set_child(struct cadence *c, size_t i, const struct cadence_child *ch)
{
	size_t w, need;
	int v;
	int att = ch->attention >= 0 && ch->attention < 4 ? ch->attention : 0;

	if (i >= c->n)
		return;
	if (c->inner != NULL)
		cadence_set_child(c->inner, i, ch);
	flush(c);	/* the facts decide what a record does; counts move */
	c->kid[i].enrolled = ch->enrolled_on;
	if (ch->enrolled_on == DATE_NONE)
		c->enrolled_unknown = 1;
	c->kid[i].birth = ch->birth;
	c->kid[i].volunteer = ch->volunteer != 0;
	if (c->period && c->kid[i].att == UNSET) {
		c->kid[i].att = (unsigned char)att;	/* for variant() */
		need = c->own_total[att];
		for (w = 0; w < c->nw; w++)
			if ((v = variant(c, i, c->wkind[w])) >= 0)
				need += c->tmpl[c->wkind[w]][v].n;
		c->off[i] = c->ncounts;
		XGROW(c->counts, c->ncounts + need, c->capcounts);
		memset(c->counts + c->ncounts, 0, need);
		c->ncounts += need;
	}
	/* The slots were laid out for the first attention given. */
	if (!c->period || c->kid[i].att == UNSET)
		c->kid[i].att = (unsigned char)att;
}

int
cadence_kind(const struct cadence *c, const char *kind)
{
	return policy_kind(c->p, kind, strlen(kind));
}

/* The days of period pe at most (a month as 31 days), 0 when not set. */
static long
period_days(const struct period *pe)
{
	switch (pe->unit) {
	case PU_DAYS:
		return pe->n;
	case PU_WEEKS:
		return 7L * pe->n;
	case PU_MONTHS:
		return 31L * pe->n;
	}
	return 0;
}

/*
 * The first day a record of kind k changes what the due engine c can
 * answer for any child: a record before it counts the same as none.
 * Lateness never reaches back past the start S of the current term
 * (next_due()), so a contact more than one period (and the window of
 * an after rule) before S makes every due date S, as no contact at all
 * does for a child enrolled that long ago; for a child enrolled later,
 * the clock runs from its enrolment anyway.  per_term and checkpoints
 * count within the term, a greeting from a window before S.  DATE_NONE
 * (every record counts) where this does not hold: no current term, a
 * child without enrolled_on, a vacation pace.
 */
static date_t
due_first_day(const struct cadence *c, int k)
{
	const struct contact *ct = &c->p->contacts[k];
	long span = 0, d;
	int a;

	/* A kind without a schedule is never due: no record of it counts. */
	if (c->col[k] < 0)
		return c->as_of + 1;
	if (c->term == NULL || c->enrolled_unknown ||
	    ct->vacation_every.n > 0)
		return DATE_NONE;
	for (a = 0; a < nvar(ct); a++)
		if (every_v(ct, a) != NULL &&
		    (d = period_days(every_v(ct, a))) > span)
			span = d;
	if (span > 0 && (ct->after_holiday != NULL || ct->after_month != 0))
		span += period_days(&ct->window) > 0 ?
		    period_days(&ct->window) : DEFAULT_WINDOW;
	if (ct->on_birthday && birthday_window(ct) > span)
		span = birthday_window(ct);
	return c->term->start - (date_t)span - 1;
}

date_t
cadence_first_day(const struct cadence *c, int k)
{
	date_t d;

	if (!c->period || k < 0 || (size_t)k >= c->nk)
		return DATE_NONE;
	/* What the period's last day needs, and what its slots count. */
	d = due_first_day(c->inner, k);
	if (d != DATE_NONE && d > c->from)
		d = c->from;
	return d != DATE_NONE && d > c->first[k] ? c->first[k] : d;
}

static void
record_due(struct cadence *c, struct state *s, size_t i, int k, date_t day)
{
	const struct window *w;
	date_t next;
	int j, l, v = variant(c, i, k);

	/* A kind never due for the child keeps nothing of it. */
	if (v < 0)
		return;
	w = win_of(c, k, v);

	if (s->last == DATE_NONE || day > s->last)
		s->last = day;
	if (c->term != NULL && day >= c->term->start && day <= c->term->end &&
	    s->count < UINT16_MAX)
		s->count++;
	for (j = 0; j < 3; j++) {
		if (w[j].a > w[j].b)
			continue;
		if (day >= w[j].a && day <= w[j].b) {
			s->cp |= (uint8_t)(1 << j);
			continue;
		}
		next = DATE_NONE;
		for (l = j + 1; l < 3 && next == DATE_NONE; l++)
			if (w[l].a <= w[l].b)
				next = w[l].a;
		if (day > w[j].b && (next == DATE_NONE || day < next))
			s->cp |= (uint8_t)(1 << (3 + j));
	}
}

/* Where child i's counts of kind k are. */
static unsigned char *
counts_of(const struct cadence *c, size_t i, int k)
{
	size_t off, w, slot;
	int v;

	if (c->p->contacts[k].when_slot < 0)
		return c->counts + c->off[i] + c->koff[k][c->kid[i].att];
	/* After the other kinds', the kinds with rules as chosen. */
	off = c->own_total[c->kid[i].att];
	slot = (size_t)c->p->contacts[k].when_slot;
	for (w = 0; w < slot; w++)
		if ((v = variant(c, i, c->wkind[w])) >= 0)
			off += c->tmpl[c->wkind[w]][v].n;
	return c->counts + c->off[i] + off;
}

static void
record_period(struct cadence *c, size_t i, int k, date_t day,
    unsigned char *cnt)
{
	const struct tmpl *t;
	const struct slot *sl;
	date_t b;
	size_t j;
	long w;
	int v = variant(c, i, k);

	if (v < 0)
		return;
	t = &c->tmpl[k][v];

	for (j = 0; j < t->n; j++) {
		sl = &t->slot[j];
		if (sl->type == SL_BIRTHDAY) {
			if (c->kid[i].birth == DATE_NONE)
				continue;
			b = cadence_birthday(c->kid[i].birth, sl->a);
			w = birthday_window(&c->p->contacts[k]);
			if (day < b - w || day > b + w)
				continue;
		} else if (day < sl->a || day > sl->b)
			continue;
		if (cnt[j] < UINT8_MAX)
			cnt[j]++;
	}
}

static void
apply(struct cadence *c, struct pending *pd)
{
	/* Checked here, its memory fetched: a child never set counts nothing. */
	if (c->kid[pd->i].att == UNSET)
		return;
	if (c->period) {
		if (pd->inner_at != NULL)
			record_due(c->inner, pd->inner_at, pd->i, pd->k,
			    pd->day);
		if (pd->skip_period)
			return;
		if (pd->at == NULL)
			pd->at = counts_of(c, pd->i, pd->k);
		record_period(c, pd->i, pd->k, pd->day, pd->at);
	} else
		record_due(c, pd->at, pd->i, pd->k, pd->day);
}

/*
 * Apply every record still in the ring.  The order records are applied
 * in never matters (latest date, counts, bits), so this may come at any
 * time; it must come before anything reads or moves the state.
 */
static void
flush(struct cadence *c)
{
	while (c->napplied < c->nring)
		apply(c, &c->ring[c->napplied++ % RING]);
}

/*
 * Reading a log, each record lands on one child's state, at random in
 * an array as big as the roster: a cache miss per record, which at a
 * province's size costs more than reading the line.  So a record is
 * only noted here with the address it will change, that memory is
 * fetched, and the record is applied LAG records later, when the fetch
 * is done.  The period engine first fetches the child's offset, then
 * (LAG later) its counts.
 */
int
cadence_record(struct cadence *c, size_t i, int k, date_t day)
{
	struct pending *pd;

	if (i >= c->n || k < 0 || (size_t)k >= c->nk || day == DATE_NONE ||
	    day > c->as_of)
		return 0;
	if (!c->period && c->col[k] < 0)
		return 1;	/* never due: nothing to keep */
	/*
	 * A period engine: before every slot of its kind, the record
	 * counts only for the engine of the last day; for a kind without
	 * a schedule, for neither.
	 */
	if (c->period && day < c->first[k] && c->inner->col[k] < 0)
		return 1;
	if (c->nring - c->napplied == RING)
		apply(c, &c->ring[c->napplied++ % RING]);
	if (c->period && c->nring - c->napplied > LAG) {
		pd = &c->ring[(c->nring - LAG) % RING];
		if (!pd->skip_period && c->kid[pd->i].att != UNSET) {
			pd->at = counts_of(c, pd->i, pd->k);
			PREFETCH_W(pd->at);
		}
	}
	pd = &c->ring[c->nring++ % RING];
	pd->i = i;
	pd->k = k;
	pd->day = day;
	PREFETCH(&c->kid[i]);
	if (c->period) {
		pd->at = NULL;
		pd->skip_period = day < c->first[k];
		pd->inner_at = c->inner->col[k] < 0 ? NULL :
		    &c->inner->st[i * c->inner->ncol + (size_t)c->inner->col[k]];
		if (pd->inner_at != NULL)
			PREFETCH_W(pd->inner_at);
		if (!pd->skip_period)
			PREFETCH_W(&c->off[i]);
	} else {
		pd->at = &c->st[i * c->ncol + (size_t)c->col[k]];
		PREFETCH_W(pd->at);
	}
	return 1;
}

static date_t
earlier(date_t a, date_t b)
{
	if (a == DATE_NONE)
		return b;
	if (b == DATE_NONE)
		return a;
	return a < b ? a : b;
}

static void
set_item(struct cadence_item *it, size_t i, int k, int cp, date_t due,
    date_t last, date_t as_of)
{
	it->child = (uint32_t)i;
	it->kind = (uint16_t)k;
	it->checkpoint = (uint8_t)cp;
	it->due = due;
	it->last = last;
	it->days_late = as_of - due;
}

/* The next due date of the every / per_term / birthday rules, or DATE_NONE. */
static date_t
next_due(const struct cadence *c, size_t i, int k, int v, date_t horizon)
{
	const struct contact *ct = &c->p->contacts[k];
	const struct state *s = &c->st[i * c->ncol + (size_t)c->col[k]];
	const struct period *every = every_v(ct, v);
	int per_term = per_term_v(ct, v);
	const struct term *t = c->term;
	date_t best = DATE_NONE, base, d, lo, b, enrolled = c->kid[i].enrolled;
	long len, w;
	int y, y0, m, dd;

	/* The clock runs from the last contact, or a later enrolment. */
	base = s->last != DATE_NONE && (enrolled == DATE_NONE ||
	    s->last >= enrolled) ? s->last : enrolled != DATE_NONE ?
	    enrolled : t != NULL ? t->start : c->as_of;
	if (every != NULL) {
		best = every_after(c, v, k, every, base);
		/*
		 * after: once a year, by the end of the first window after
		 * the base, but not later than every and a window after it:
		 * a calendar listing the holiday in some years only must
		 * not hide a card left for years.
		 */
		if ((d = opening_after(c, k, base)) != DATE_NONE)
			best = earlier(d + window_days(ct, d) - 1,
			    best + window_days(ct, best) - 1);
	}
	/* vacation: a period is the pace while the child is home. */
	if (ct->vacation_every.n > 0)
		best = earlier(best, next_vacation_day(c->p,
		    add_period(base, &ct->vacation_every, 1)));
	/*
	 * Lateness never reaches back past the start of the current term:
	 * a mentor acts on this term's list, and what fell due in an earlier
	 * term (a child enrolled two years ago, never logged) is due now,
	 * not "776 days late".
	 */
	if (best != DATE_NONE && t != NULL && best < t->start)
		best = t->start;
	if (per_term > 0 && t != NULL && s->count < per_term) {
		base = enrolled != DATE_NONE && enrolled > t->start ?
		    enrolled : t->start;
		if (base <= t->end) {
			len = t->end - base + 1;
			d = (date_t)(base + (s->count + 1) * len / per_term - 1);
			best = earlier(best, d);
		}
	}
	if (best != DATE_NONE && ct->vacation_pause)
		best = school_day(c, best);
	if (ct->on_birthday && c->kid[i].birth != DATE_NONE) {
		lo = t != NULL ? t->start : c->as_of;
		if (enrolled != DATE_NONE && enrolled > lo)
			lo = enrolled;
		w = birthday_window(ct);
		date_to_ymd(horizon, &y, &m, &dd);
		date_to_ymd(lo, &y0, &m, &dd);
		for (; y >= y0; y--) {
			b = cadence_birthday(c->kid[i].birth, y);
			if (b < lo || b > horizon)
				continue;
			/*
			 * Due unless greeted within the window; once the
			 * window has passed, missed: a greeting weeks late
			 * is no greeting, and no longer on the list.
			 */
			if ((s->last == DATE_NONE || s->last < b - w) &&
			    c->as_of <= b + w)
				best = earlier(best, b);
			break;
		}
	}
	return best;
}

/*
 * The items of child i and kind k due by horizon, into out (at most one
 * of the regular rules and one per checkpoint window); returns how many.
 */
/*
 * A volunteers' own kind (pairing.volunteer.kinds) is owed only by the
 * children who have a volunteer: nobody else makes that visit.
 */
static int
owed(const struct cadence *c, size_t i, int k)
{
	return c->p->contacts[k].by_volunteer != VOLUNTEER_ONLY ||
	    c->kid[i].volunteer;
}

static size_t
items_of(const struct cadence *c, size_t i, int k, date_t horizon,
    struct cadence_item out[CADENCE_KIND_ITEMS])
{
	const struct state *s = &c->st[i * c->ncol + (size_t)c->col[k]];
	const struct window *w;
	size_t n = 0;
	date_t d;
	int j, v = variant(c, i, k);

	if (v < 0 || !owed(c, i, k))
		return 0;	/* no schedule of the kind is the child's */
	w = win_of(c, k, v);
	d = next_due(c, i, k, v, horizon);
	if (d != DATE_NONE && d <= horizon)
		set_item(&out[n++], i, k, 0, d, s->last, c->as_of);
	for (j = 0; j < 3; j++) {
		if (w[j].a > w[j].b || (s->cp & (1 << j | 1 << (3 + j))) != 0)
			continue;
		if (c->kid[i].enrolled != DATE_NONE &&
		    c->kid[i].enrolled > w[j].b)
			continue;
		d = w[j].b;
		if (c->p->contacts[k].vacation_pause)
			d = school_day(c, d);
		/* An open window is listed once its last day is in reach. */
		if (d > horizon)
			continue;
		set_item(&out[n++], i, k, 1 << j, d, s->last, c->as_of);
	}
	return n;
}

size_t
cadence_due(const struct cadence *c, long within, struct cadence_item **items,
    size_t *cap)
{
	struct cadence_item got[CADENCE_KIND_ITEMS];
	date_t horizon;
	size_t i, j, m, n = 0;
	int k;

	/* A compliance engine lists what is due as of its period's end. */
	if (c->period) {
		flush((struct cadence *)c);	/* its records feed the inner */
		return cadence_due(c->inner, within, items, cap);
	}
	horizon = date_add_days(c->as_of, within);
	/* The engine is const to the caller; the records it holds back are
	 * not (it was allocated writable, by cadence_new). */
	flush((struct cadence *)c);
	for (i = 0; i < c->n; i++) {
		if (c->kid[i].att == UNSET)
			continue;
		for (k = 0; (size_t)k < c->nk; k++) {
			if (c->col[k] < 0)
				continue;	/* no rule: never due */
			m = items_of(c, i, k, horizon, got);
			if (m > 0)
				XGROW(*items, n + m, *cap);
			for (j = 0; j < m; j++)
				(*items)[n++] = got[j];
		}
	}
	return n;
}

size_t
cadence_due_of(const struct cadence *c, size_t i, int k, long within,
    struct cadence_item out[CADENCE_KIND_ITEMS])
{
	if (c->period) {
		flush((struct cadence *)c);	/* its records feed the inner */
		return cadence_due_of(c->inner, i, k, within, out);
	}
	flush((struct cadence *)c);	/* as in cadence_due() */
	if (i >= c->n || k < 0 || (size_t)k >= c->nk || c->col[k] < 0 ||
	    c->kid[i].att == UNSET)
		return 0;
	return items_of(c, i, k, date_add_days(c->as_of, within), out);
}

/*
 * For child i and kind k of the due engine c: 1 when it holds a contact
 * of the kind on or after from; else -1 when it lists an item due by its
 * day (overdue, or due that very day: a deadline in the period, not
 * met); 0 otherwise.
 */
static int
done_or_overdue(const struct cadence *c, size_t i, int k, date_t from)
{
	struct cadence_item got[CADENCE_KIND_ITEMS];
	size_t j, m;

	if (c->col[k] < 0 || c->kid[i].att == UNSET)
		return 0;
	flush((struct cadence *)c);
	if (c->st[i * c->ncol + (size_t)c->col[k]].last >= from &&
	    c->st[i * c->ncol + (size_t)c->col[k]].last != DATE_NONE)
		return 1;
	m = items_of(c, i, k, c->as_of, got);
	for (j = 0; j < m; j++)
		if (got[j].days_late >= 0)
			return -1;
	return 0;
}

void
cadence_compliance(const struct cadence *c, size_t i, int k, long *due,
    long *on_time)
{
	const struct tmpl *t;
	const struct slot *sl;
	const unsigned char *cnt;
	date_t enrolled, b;
	size_t j;
	long cum = 0, slots = 0;
	int v;

	flush((struct cadence *)c);	/* as in cadence_due() */
	if (!c->period || i >= c->n || k < 0 || (size_t)k >= c->nk ||
	    c->kid[i].att == UNSET || !owed(c, i, k))
		return;
	if ((v = variant(c, i, k)) < 0)
		return;		/* never due for the child */
	t = &c->tmpl[k][v];
	cnt = counts_of(c, i, k);
	enrolled = c->kid[i].enrolled;
	for (j = 0; j < t->n; j++) {
		sl = &t->slot[j];
		switch (sl->type) {
		case SL_EVERY:
			if (enrolled != DATE_NONE && sl->a < enrolled)
				continue;
			break;
		case SL_WINDOW:
			if (enrolled != DATE_NONE && sl->b < enrolled)
				continue;
			break;
		case SL_NTH:
			cum = sl->seq == 1 ? cnt[j] : cum + cnt[j];
			if (!sl->due || (enrolled != DATE_NONE && sl->b < enrolled))
				continue;
			slots++;
			(*due)++;
			if (cum >= sl->seq)
				(*on_time)++;
			continue;
		case SL_BIRTHDAY:
			if (c->kid[i].birth == DATE_NONE)
				continue;
			b = cadence_birthday(c->kid[i].birth, sl->a);
			if (b < c->from || b > c->as_of ||
			    (enrolled != DATE_NONE && b < enrolled))
				continue;
			break;
		}
		slots++;
		(*due)++;
		if (cnt[j] > 0)
			(*on_time)++;
	}
	/*
	 * No slot of the kind fell due for the child in the period (a
	 * yearly card review, a meeting due at the end of term, a child
	 * enrolled late), yet lb-due lists it (overdue or due) at the
	 * period's end, or a contact of it was made in the period: the
	 * figures count that too, so that every kind lb-due lists is
	 * measured.
	 */
	if (slots == 0) {
		switch (done_or_overdue(c->inner, i, k, c->from)) {
		case 1:
			(*due)++;
			(*on_time)++;
			break;
		case -1:
			(*due)++;
			break;
		}
	}
}
