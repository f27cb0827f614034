/* report.h: the figures of lb-report: metrics over a roster, and merging reports. */
#ifndef LB_REPORT_H
#define LB_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include "date.h"

struct policy;
struct table;
struct csvio_opts;
struct emit_opts;
struct sbuf;
struct strmap;

/*
 * One figure: count out of total for a metric, for the whole (group "")
 * or one group written "dimension=value" (e.g. "class=3-1", "kind=talk").
 * target is the policy's target in whole percent, -1 for none.  detail
 * holds the student IDs behind the figure, ';'-separated (only with
 * --detail; NULL otherwise): for a rate those in total but not in count,
 * for children and mentor_load those counted.
 */
struct report_row {
	char *metric;
	char *group;
	long long count, total;
	int target;
	char *detail;
};

/* A named list of children for --detail (no_mentor, incomplete_card ...). */
struct report_item {
	char *id, *name, *class, *note;
};
struct report_list {
	char *key;		/* label key, e.g. "no_mentor" */
	struct report_item *item;
	size_t n, cap;
};

struct report {
	struct report_row *row;		/* in output order */
	size_t n, cap;
	/*
	 * "metric\037group" -> row, for rows [0, nindexed): built only when
	 * a row is looked for in a family that has rows (a merge; a render
	 * finding rows), not while a report is computed: a province's has a
	 * million rows.  A family is a metric and the group up to its '='
	 * (compliance and "class=", one per tally): families holds those
	 * with rows, so that a row of a new family is known to be new.
	 */
	struct strmap *index;
	size_t nindexed;
	struct strmap *families;
	struct report_list *list;	/* detail lists, in output order */
	size_t nlist;
	/* What the figures are of, for titles (strings owned). */
	char *school;			/* "" for a merge */
	char *period_name;		/* term name, "2026-11", or "" */
	date_t from, to, as_of;		/* DATE_NONE when unknown */
	int has_compliance;		/* 1 when compliance was computed */
};

/* An empty report; free with report_free() (which frees every string). */
void report_init(struct report *r);
void report_free(struct report *r);

/*
 * The row of metric and group, added (count = total = 0, target from
 * nothing: -1) at the end when absent.  Strings are copied.
 */
struct report_row *report_row(struct report *r, const char *metric,
    const char *group);
/* The row of metric and group, or NULL. */
const struct report_row *report_find(const struct report *r,
    const char *metric, const char *group);

/* Set every row's target from the policy (policy_target()). */
void report_set_targets(struct report *r, const struct policy *p);

/*
 * 100 * count / total in hundredths of a percent, rounded half up, in
 * integer arithmetic; -1 when total is 0 (or the figures are negative).
 */
long long report_hundredths(long long count, long long total);
/* The same written with two decimals ("88.65") into buf; "" for -1. */
char *report_percent(long long count, long long total, char *buf, size_t len);
/*
 * Whether a row meets its target: 1 yes, 0 no, -1 when it has no target
 * or no total.  The percent as written (rounded) is compared, so that a
 * reader never sees 95.00 marked short of 95.
 */
int report_met(const struct report_row *row);

/*
 * Suppression of small counts: 1 when v is from 1 to suppress - 1
 * (suppress 0 or 1: never).  Such a count is written "<suppress".
 */
int report_suppressed(long long v, long suppress);
/* v as written under suppress: "12" or "<5", into buf. */
char *report_count_text(long long v, long suppress, char *buf, size_t len);
/* 1 when the row's count or total is suppressed (percent and met blank). */
int report_row_hidden(const struct report_row *row, long suppress);

/* A loosely compared province: "安徽省" -> "安徽", "" when none. */
void report_province(const char *s, char *out, size_t len);

/* Options of report_compute() and report_contacts(). */
struct report_opts {
	const unsigned char *keep;	/* per roster row: counted (NULL: all) */
	date_t day;		/* children in the programme on it (child_active()) */
	int detail;		/* keep the IDs and the name lists */
};

/*
 * Compute every roster metric of DESIGN.md (see lb-report(1) for the
 * exact definitions) over the children of roster kept by o and active
 * on o->day (dropped ones count in retention_rate), into r, targets
 * from p.  Values are normalised through the policy's rules; a status
 * no rule recognises is warned about (file:line) and the child left out.
 */
void report_compute(struct report *r, const struct policy *p,
    const struct table *roster, const struct report_opts *o);

/*
 * The contact figures, from the log at log_path ("-": stdin) read by
 * schedule_read_log() for the children report_compute() counts:
 * - "compliance" (whole, by kind, class and mentor): per contact kind
 *   with a schedule, of the contacts that fell due in [from, o->day],
 *   those done on time (cadence_compliance());
 * - "overdue" (whole, by kind, mentor and class): the items lb-due
 *   lists with status overdue as of o->day, counted by the same engine
 *   (cadence_new()): the two commands agree by construction.
 * With detail, the list "overdue" names the children with a contact
 * missed.  Returns 0, or -1 with *code set after a message.
 */
int report_contacts(struct report *r, const struct policy *p,
    const struct table *roster, const struct report_opts *o,
    const char *log_path, const struct csvio_opts *copts, date_t from,
    int *code);

/*
 * Add the rows of a CSV report of lb-report (path "-" = stdin) to r,
 * summing counts and totals of equal metric and group.  Refused, naming
 * the file and line: a header that is not metric,group,count,total,
 * percent,target,met (an extra last column detail is allowed and
 * ignored), a metric name that is not a word of [a-z0-9_], a count or
 * total that is not a whole number (a suppressed "<5" says so), a count
 * above its total.  Returns 0, or -1 with *code set after a message.
 */
int report_merge_file(struct report *r, const char *path,
    const struct csvio_opts *opts, int *code);

/*
 * After the last report_merge_file(): every children group's total
 * becomes the merged children total (a school without a group has it
 * as 0 of its children, which its file does not say), and targets come
 * from p.  (mentor_load's total is the mentor's capacity, the same in
 * every file: merging keeps the largest instead of summing.)
 */
void report_merge_finish(struct report *r, const struct policy *p);

/*
 * Write the tidy rows through lib/emit.h: metric,group,count,total,
 * percent,target,met (and detail with detail set), as CSV (csvio flags
 * in o) or an aligned table, only the
 * columns of o->columns.  Returns 0, or -1 after emit_check()'s message
 * (LB_USAGE).
 */
int report_emit(const struct report *r, FILE *f, const struct emit_opts *o,
    long suppress, int detail);
/* The CSV's column names, and how many there are with or without detail. */
const char *const *report_csv_cols(void);
size_t report_csv_ncols(int detail);

/*
 * The display text of a group into out: "" -> label "all";
 * "class=3-1" -> "班级 3-1"; "left_behind=both" -> "留守类型 完全留守"
 * (the value's label "left_behind.both" when the policy has one).  With
 * bare set, only the value part ("3-1", "完全留守").
 */
void report_group_text(const struct policy *p, const char *group, int bare,
    char *out, size_t len);
/*
 * Append to out value v of canonical roster column col in words: for a
 * column of canonical values the label "col.value" (policy_label(), so
 * the policy's word: both -> 完全留守, each item of
 * a ;-list joined by 、), else v itself.
 */
void report_value_text(const struct policy *p, int col, const char *v,
    struct sbuf *out);

#endif
