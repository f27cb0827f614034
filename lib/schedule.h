/*
 * schedule.h: the contact schedule of the children followed: the roster's
 * children and the activity log fed into the cadence engines, the same
 * way for lb-due and lb-report, so the two agree by construction.
 */
#ifndef LB_SCHEDULE_H
#define LB_SCHEDULE_H

#include <stddef.h>
#include "cadence.h"
#include "date.h"

struct child;
struct csvio_opts;
struct policy;
struct progress;
struct strmap;

/* The number schedule_add() gives a child of the roster not followed. */
#define SCHEDULE_SKIPPED (-2)

struct schedule {
	const struct policy *p;
	struct strmap *ids;	/* every roster id -> child, or SCHEDULE_SKIPPED */
	struct cadence_child *facts;	/* per child followed, until started */
	size_t n, cap;		/* children followed */
	unsigned char *when;	/* per child followed, its choices of the
				   kinds with when rules (child.when),
				   until the engine takes them */
	size_t capwhen;
	struct cadence *cad;	/* the engine, once started */
	date_t *first;		/* per kind: cadence_first_day() */
	date_t as_of;
	struct progress *progress;	/* the log's reading told (the
					   caller's), or NULL */
};

void schedule_init(struct schedule *s, const struct policy *p);
void schedule_release(struct schedule *s);

/*
 * Add roster child c (read at file:line): followed when follow (the
 * caller decides: child_active() on its day, and --where), else only
 * known, so that its log rows are skipped without a warning.  A second
 * row of an id already added is warned about and left out (the first
 * row counts): -1.  Otherwise the child's number, 0, 1, ... in the order
 * followed children are added, or SCHEDULE_SKIPPED.
 */
long schedule_add(struct schedule *s, const struct child *c, int follow,
    const char *file, long line);

/*
 * After the last child: the engine of what is due as of as_of
 * (cadence_new()); with from != DATE_NONE, that of compliance over the
 * period [from, as_of], which also tells what is due as of its end
 * (cadence_new_period()).
 */
void schedule_start(struct schedule *s, date_t as_of, date_t from);

/*
 * Stream the log at path ("-": stdin) into the engines: the one reading
 * of the log (actlog_open(): a missing file is LB_NOINPUT; an empty or
 * header-only one holds no contacts).  Rows of children not followed
 * are skipped; a row of a student the roster does not have, with a
 * kind the policy does not know, or with a date that is no day, is
 * warned about (file:line, the same words in every command; past ten
 * of a kind, a count) and not counted.  A row dated after the engine's
 * day, or before the first day its kind can count from
 * (cadence_first_day(): for lb-report, older than its period can see),
 * is skipped unread, its student not looked up.  The ids are let go
 * of after the log (s->ids is NULL: no schedule_add() after it).
 * Returns 0, or -1 with *code set after a message.
 */
int schedule_read_log(struct schedule *s, const char *path,
    const struct csvio_opts *opts, int *code);

/*
 * The contacts due by as_of + within for the children followed
 * (cadence_due()): an item is overdue when its days_late > 0.
 */
size_t schedule_due(const struct schedule *s, long within,
    struct cadence_item **items, size_t *cap);

#endif
