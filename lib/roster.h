/* roster.h: the roster's children: what every command takes from a roster row. */
#ifndef LB_ROSTER_H
#define LB_ROSTER_H

#include <stddef.h>
#include "date.h"
#include "sbuf.h"

struct csvio_opts;
struct csvio_row;
struct policy;
struct table;

/*
 * A roster row as the commands read it: lb-due and lb-report, lb-pair,
 * lb-log's --roster check.  Each fact is computed here and nowhere else,
 * so the commands agree on the same file.
 */
enum child_status {
	CHILD_ACTIVE, CHILD_TRANSFERRED, CHILD_GRADUATED, CHILD_DROPPED,
	CHILD_STATUS_UNKNOWN
};

struct child {
	/*
	 * Trimmed values, valid until the next roster_child() on it and
	 * while the values it was given live.
	 */
	const char *id;		/* student_id ("" when the row has none) */
	const char *name;
	const char *class;
	const char *grade;
	const char *village;
	const char *mentor;	/* mentor_id, "" for none */
	const char *buddy;	/* buddy_id, "" for none */
	const char *volunteer;	/* volunteer_id, "" for none */
	enum child_status status;	/* an empty status is active */
	int attention;		/* 0 general, 1 key, 2 intervention, 3 case */
	date_t birth;		/* birth_date, else the resident ID's; or DATE_NONE */
	date_t enrolled_on;	/* DATE_NONE when unknown */
	/*
	 * Per contact kind with when rules (the policy's nwhen_kinds), the
	 * schedule the child follows: when_choose().  NULL when none has.
	 */
	unsigned char *when;

	struct sbuf text;	/* holds the strings above */
	char **scratch;		/* a row copy for the key rules, RC_COUNT */
};

/* An empty child record; release with child_release(). */
void child_init(struct child *c);
void child_release(struct child *c);

/*
 * Read the facts of roster row v[RC_COUNT] (the canonical columns as
 * written; "" where the file lacks one) into c, through the policy's
 * rules as lb-enroll normalises them: status and attention by their
 * canonical words; an empty attention from the key rules (as lb-enroll
 * fills it); the birth date from birth_date, else from a valid resident
 * ID; the schedules of the kinds with when rules (when_choose()).  A
 * status no rule knows is warned about at file:line (file NULL:
 * not) and kept as CHILD_STATUS_UNKNOWN; an attention no rule knows
 * counts as general.  as_of is the day lb-enroll would normalise for.
 */
void roster_child(struct child *c, const struct policy *p,
    const char *const *v, date_t as_of, const char *file, long line);

/*
 * The one definition of a child in the programme on day d: status active
 * (or empty), and not enrolled after d.  Every command follows, pairs,
 * counts and accepts contacts for exactly these children.
 */
int child_active(const struct child *c, date_t d);

/* The canonical columns of row r of table t (see roster_child()). */
void roster_row_values(const struct table *t, size_t r, const char **v);

/*
 * A roster read row by row (a province's does not fit a table):
 * roster_open() reads the header (mapped through the policy's aliases;
 * student_id must be there), roster_next() gives each row's child and the raw
 * row (for --where and carried columns).  Returns NULL with *code set
 * after a message.
 */
struct roster_reader;
struct roster_reader *roster_open(const char *path, const struct policy *p,
    date_t as_of, const struct csvio_opts *opts, int *code);
/*
 * A roster read as table_read() reads one, row by row (lb-report holds
 * no table: a province's is a gigabyte): the roster's required columns
 * must be there, and roster_row() gives every row, also those without a
 * student_id (counted, though never followed).
 */
struct roster_reader *roster_open_table(const char *path,
    const struct policy *p, const struct csvio_opts *opts, int *code);
/*
 * The next row, every one, into *row (as read, valid until the next
 * call) and its canonical values v[RC_COUNT] as table_read() keeps them
 * (ID columns trimmed, in copies valid as long; "" where the file has
 * no such column), for the caller's roster_child(): 1, 0 at the end, -1
 * after a message (roster_code() says the exit code).
 */
int roster_row(struct roster_reader *r, const struct csvio_row **row,
    const char **v);
/* The file's name in messages, its header row, per header its canonical column or -1. */
const char *roster_name(const struct roster_reader *r);
const struct csvio_row *roster_header(const struct roster_reader *r);
const int *roster_canon(const struct roster_reader *r);
/*
 * The next row into c (and *row, valid until the next call): 1, 0 at
 * the end, -1 after a message (roster_code() says the exit code).
 * Rows without a student_id are skipped.
 */
int roster_next(struct roster_reader *r, struct child *c,
    const struct csvio_row **row);
int roster_code(const struct roster_reader *r);
/* Canonical column c of a row roster_next() gave, as written ("" if none). */
const char *roster_get(const struct roster_reader *r,
    const struct csvio_row *row, int c);
void roster_close(struct roster_reader *r);

#endif
