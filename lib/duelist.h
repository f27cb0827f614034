/*
 * duelist.h: the list lb-due makes: the children followed, the contacts
 * due for them (cadence_due()'s items), in the order people read them,
 * and that list as mail and as a calendar.
 */
#ifndef LB_DUELIST_H
#define LB_DUELIST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cadence.h"
#include "csvio.h"
#include "date.h"
#include "policy.h"
#include "sbuf.h"
#include "strmap.h"
#include "table.h"

struct emit_opts;
struct progress;
struct query;
struct schedule;

/*
 * The list's columns, in the order of the contract (DESIGN.md): status,
 * due_date, days_late, student_id, name, class, kind, mentor_id,
 * mentor_name, mentor_email, last_date.
 */
#define DUELIST_NCOLS 11
extern const char *const duelist_cols[DUELIST_NCOLS];
/*
 * The columns --where tests on the list itself, after the work (the
 * others are the roster's, tested before it): status here is overdue or
 * due, not the roster's status.  DUELIST_OWN_STATUS and DUELIST_OWN_KIND
 * are the places of status and kind among them.
 */
#define DUELIST_NOWN 7
extern const char *const duelist_own_cols[DUELIST_NOWN];
enum { DUELIST_OWN_STATUS = 0, DUELIST_OWN_KIND = 3 };
/* What status may be compared with (a typo would match nothing). */
extern const char *const duelist_statuses[];

/*
 * Distinct strings many children share (classes, mentors), kept once:
 * children hold their number, which is their rank in natural order
 * once duelist_rank() has run, so sorting by it is sorting by the string.
 */
struct duelist_interned {
	struct strmap *map;	/* string -> number, until duelist_rank() */
	size_t *at;		/* number -> offset in the pool */
	size_t n, cap;
};

/* What the list keeps of a child: 24 bytes, for a province's million. */
struct duelist_child {
	size_t at;		/* offset of its strings in the pool */
	uint32_t class, mentor;	/* interned */
	uint32_t volunteer;	/* interned with the mentors; the mentor's
				   when it has none (never asked then) */
};

struct duelist {
	const struct policy *p;
	date_t as_of;
	time_t now;		/* for mail Date and ics DTSTAMP */
	int phones;		/* keep guardians' phones (mail.guardian_phones) */

	/* Per child "id\0name\0", with phones "guardian\0phone\0" after. */
	struct sbuf pool;
	struct duelist_child *child;
	size_t n, cap;
	struct duelist_interned classes, mentors;

	const struct table *staff;	/* NULL without a staff list */
	long *mentor_row;	/* mentor -> staff row, or -1 */

	struct cadence_item *items;	/* grouped by child, as cadence_due() */
	size_t nitems, capitems;
	uint32_t *order;	/* after duelist_order(): items as listed */
	int volunteers;		/* some child has a volunteer */
	struct progress *progress;	/* the caller's, or NULL: the roster's
					   reading and the rows' writing told */
};

/* An empty list; phones: keep the guardians' names and phones too. */
void duelist_init(struct duelist *d, const struct policy *p, date_t as_of,
    time_t now, int phones);
void duelist_free(struct duelist *d);

/* Add a child; returns its number (0, 1, ...). */
size_t duelist_add(struct duelist *d, const char *id, const char *name,
    const char *class, const char *mentor, const char *guardian,
    const char *phone);
/*
 * Child i's volunteer (volunteer_id, not empty): the items of the kinds
 * volunteers carry are theirs (duelist_owner()).
 */
void duelist_set_volunteer(struct duelist *d, size_t i, const char *volunteer);
/* After the last child: number classes and mentors by rank. */
void duelist_rank(struct duelist *d);
/*
 * Stream the roster at path ("-": stdin) once, adding to d and to s
 * (schedule_add()) the children lb-due follows: active on d's day
 * (child_active()) and, with q, those its expressions on the roster hold
 * for (q is bound to the file's columns first).  Then duelist_rank().
 * Returns 0, or -1 with *code set after a message: a --where naming no
 * column fails before any row (LB_USAGE).
 */
int duelist_load(struct duelist *d, struct schedule *s, const char *path,
    const struct csvio_opts *opts, struct query *q, int *code);
/* The staff list the mentors are found in (kept, not copied). */
void duelist_set_staff(struct duelist *d, const struct table *staff);
/*
 * After d->items holds the items (grouped by child in increasing child
 * order, as cadence_due() gives them, perhaps filtered): order them by
 * due date (overdue first, the longest waiting first), then mentor,
 * class and id, then kind and checkpoint.
 */
void duelist_order(struct duelist *d);

static inline const char *
duelist_id(const struct duelist *d, size_t child)
{
	return d->pool.buf + d->child[child].at;
}

static inline const char *
duelist_name(const struct duelist *d, size_t child)
{
	const char *id = duelist_id(d, child);

	return id + strlen(id) + 1;
}

static inline const char *
duelist_class(const struct duelist *d, size_t child)
{
	return d->pool.buf + d->classes.at[d->child[child].class];
}

/* Mentor number m's id ("" for the children without one). */
static inline const char *
duelist_mentor_id(const struct duelist *d, uint32_t m)
{
	return d->pool.buf + d->mentors.at[m];
}

static inline const char *
duelist_mentor(const struct duelist *d, size_t child)
{
	return duelist_mentor_id(d, d->child[child].mentor);
}

/*
 * Whom item it is for: the child's volunteer for a kind volunteers carry
 * (struct contact's by_volunteer), when it has one, else its mentor
 * (volunteer is mentor then); a number of
 * duelist_mentor_id().  The list's mentor_* columns, its order, --mentor
 * and the mail all go by it.
 */
static inline uint32_t
duelist_owner(const struct duelist *d, const struct cadence_item *it)
{
	return d->p->contacts[it->kind].by_volunteer ?
	    d->child[it->child].volunteer : d->child[it->child].mentor;
}
/* Column c of mentor m's staff row, or "" when the staff list lacks it. */
const char *duelist_mentor_get(const struct duelist *d, uint32_t m, int c);

/* The i-th item listed (after duelist_order()). */
static inline const struct cadence_item *
duelist_item(const struct duelist *d, size_t i)
{
	return &d->items[d->order[i]];
}

/*
 * The text of an item's columns (duelist_cols), valid until the next
 * duelist_fields() on f.  Its dates are written once per day seen, not
 * once per item: a list in due-date order repeats each due date
 * thousands of times, and the last contacts fall within a year.  A
 * province's list has five million items.  Start from duelist_fields_init().
 */
#define DUELIST_DATES 256	/* days remembered, per date column */
struct duelist_date_cache {
	date_t day[DUELIST_DATES];
	char iso[DUELIST_DATES][DATE_ISO_LEN];
};
struct duelist_fields {
	const char *v[DUELIST_NCOLS];
	char late[24];
	struct duelist_date_cache due, last;
};
void duelist_fields_init(struct duelist_fields *f);
void duelist_fields(const struct duelist *d, const struct cadence_item *it,
    struct duelist_fields *f);

/*
 * Keep of d->items those of mentor (NULL: all) that q's expressions on
 * the list's own columns hold for, then order them (duelist_order()).
 * Returns 0, or -1 after a message (a pattern hit its match limit).
 */
int duelist_filter(struct duelist *d, const char *mentor,
    const struct query *q);

/*
 * Write the list as CSV, as an .xlsx sheet (eo->xlsx) or, with
 * eo->table, as an aligned table for people (kinds in the policy's
 * words), in the columns of eo->columns (checked with emit_check()
 * before).  Returns LB_OK, or emit_new()'s or emit_end()'s exit code
 * after its message.
 */
int duelist_write_rows(const struct duelist *d, FILE *f,
    const struct emit_opts *eo);

/* Append what an item asks for in the policy's words: "谈心", "家访（期中）". */
void duelist_item_label(struct sbuf *sb, const struct duelist *d,
    const struct cadence_item *it);

/*
 * One mail per mentor with the mentor's items, to the mbox stream f or
 * through the command sendmail; digest: also the leaders' digest (staff
 * with role leader, and the policy's mail.leaders).  Through sendmail,
 * sent_path (NULL: none) keeps what was delivered on the as-of day, and
 * a message delivered already is not sent again unless resend.  A
 * recipient not delivered is named and the others are still sent, then
 * *code is LB_TEMPFAIL (75: run again later) when some went; a command
 * that delivered none (or failed for each of the first three: the run
 * stops) leaves LB_UNAVAILABLE.
 * Returns 0, or -1 with *code set after a message.
 */
int duelist_write_mail(const struct duelist *d, FILE *f, const char *sendmail,
    int digest, const char *sent_path, int resend, int *code);
/* The items as an iCalendar, one all-day event each. */
void duelist_write_ics(const struct duelist *d, FILE *f);

#endif
