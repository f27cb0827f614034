/* enroll.h: intake rows normalised, checked and merged into the roster. */
#ifndef LB_ENROLL_H
#define LB_ENROLL_H

#include <stddef.h>
#include "date.h"

struct csvio_opts;
struct history_batch;
struct policy;
struct strmap;
struct table;

/*
 * The column --rejects adds.  A fixed rejects file is fed back as an
 * intake, so the column is dropped on the way in rather than carried
 * into the roster.
 */
#define REJECTS_COLUMN "error"

/*
 * One run of lb-enroll: the roster being built (an existing one merged
 * into, or a new one), the intakes read, the rows rejected, and the
 * counts of its summary.
 */
struct enroll {
	struct table **in;	/* the intakes read, in order */
	size_t nin, capin;
	const struct policy *policy;
	date_t as_of;
	struct table *roster;	/* the result: the old roster merged, or new */
	struct strmap *row_of;	/* student_id -> row of roster */
	struct strmap *first;	/* student_id -> index in where[] (this run) */
	char **where;		/* "file:line" of each id's first intake row */
	size_t nwhere, capwhere;
	struct strmap *id_card;	/* id_card -> row, to flag duplicates */
	struct strmap *name_birth;	/* "name\tbirth" -> row */
	struct table *rejects;	/* rejected rows as read, with "error" */
	long added, updated, unchanged, rejected, incomplete;
	/*
	 * A question asked of a roster (--where, --columns, a table): its
	 * cards' warnings are counted in the summary, not said row by row.
	 */
	int quiet;
	/*
	 * When not NULL (the caller's), every value an intake changes in a
	 * child the roster had is added to it (history.h): the date as_of,
	 * the column, the old and the new value, and "file:line".
	 */
	struct history_batch *history;
};

/*
 * Start a run over roster (owned from now on: enroll_release() frees
 * it), indexed so that its children are found by id, and the same child
 * twice by resident ID or by name and birth date.
 */
void enroll_init(struct enroll *e, const struct policy *p, date_t as_of,
    struct table *roster);
/*
 * Read the intake at path ("-": stdin) whole; its unknown columns are
 * added to the roster's (after the canonical ones, in input order).
 * Every intake is read before any row is enrolled, so that a missing
 * file stops the run before any message about a row.  Returns 0, or -1
 * with *code set after a message.
 */
int enroll_read(struct enroll *e, const char *path,
    const struct csvio_opts *opts, int *code);
/*
 * Enroll every row of the intakes read, in order: normalised and checked
 * (card_normalize(); a duplicate id within the run is a problem); a bad
 * row is reported (file:line) and kept in e->rejects with its problems
 * in REJECTS_COLUMN; a good one merged (a new child added whole, a child
 * the roster has gets the values the intake gives: an empty cell never
 * erases what the roster knows), and its card warned about when
 * incomplete or when it looks like another child's.
 */
void enroll_rows(struct enroll *e);
void enroll_release(struct enroll *e);

#endif
