/* report.h: a report's figures (metric, group, count of total), read. */
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
 * for children and mentor_load those counted.  bound says how count and
 * total are known: exactly, or in a merge as a school's file gave a
 * suppressed one ("<5": the value is the 5), or as a sum of such (at
 * least the value, written ">=123"): no percent then, never a silent
 * undercount.
 */
enum report_bound { REPORT_EXACT, REPORT_BELOW, REPORT_AT_LEAST };
struct report_row {
	char *metric;
	char *group;
	long long count, total;
	int target;
	unsigned char bound[2];		/* of count and total */
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
	/*
	 * What the figures are of, for titles and the CSV's school column
	 * and period rows (strings owned): the school (its name, and its
	 * code when the policy gives one); "" for a merge's county rows
	 * (the policy's school.county titles them).
	 */
	char *school;
	char *period_name;		/* term name, "2026-11", or "" */
	date_t from, to, as_of;		/* DATE_NONE when unknown */
	int mixed_periods;		/* a merge of different periods */
	/*
	 * A merge: the schools' reports as their files gave them, in
	 * natural order of their names; r's rows are the county's.
	 */
	struct report *part;
	size_t npart;
	char *source;			/* a part: the file it came from */
	/* With --staff: mentor_id -> index of its name in mentor_name. */
	struct strmap *mentor_index;
	char **mentor_name;
	size_t nmentor_name;
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
/*
 * Append a row of metric and group that r does not have yet, without
 * looking: a province's report has a million rows (see report_family()).
 */
struct report_row *report_row_new(struct report *r, const char *metric,
    const char *group);
/*
 * Whether r has rows of the family of metric and group (the metric and
 * the group up to its '=': compliance and "class="); with add, it has
 * from now on.  A family without rows takes report_row_new().
 */
int report_family(const struct report *r, const char *metric,
    const char *group, int add);

/* A new (empty) name list of r for --detail, under label key key. */
struct report_list *report_list_new(struct report *r, const char *key);
void report_list_add(struct report_list *l, const char *id,
    const char *name, const char *class, const char *note);
/*
 * A name list in the order a teacher reads it: by class, then by name
 * in the locale's collation (pinyin under zh_CN.UTF-8), then by ID.
 * l may be NULL.
 */
void report_list_sort(struct report_list *l);

/*
 * The word for key in the forms for people (policy_label()), in
 * Traditional characters at a Traditional desk (zh_TW, zh_HK) when it is
 * a word of the built-in policy (policy_hant()); a school's own words as
 * it writes them.  Never in CSV: its keys are the contract's.
 */
const char *report_label(const struct policy *p, const char *key);

/*
 * The school's name as the CSV's school column and the titles give it:
 * school.name, with school.code in brackets when the policy gives one
 * ("青山乡中心小学（3412345678）"), into a new string.
 */
char *report_school_text(const struct policy *p);

/*
 * Name mentor_id for the people's forms (report_group_text() of
 * "mentor=ID" shows "name（ID）").  The strings are copied.
 */
void report_name_mentor(struct report *r, const char *id, const char *name);

/* Put r's rows in the order of order[0..n), the old places of each. */
void report_reorder(struct report *r, const size_t *order);

/* Set every row's target from the policy (policy_target()). */
void report_set_targets(struct report *r, const struct policy *p);

/*
 * 100 * count / total in hundredths of a percent, rounded half up, in
 * integer arithmetic; -1 when total is 0 (or the figures are negative).
 */
long long report_hundredths(long long count, long long total);
/*
 * A row's percent, the same way: -1 also for a metric counted only
 * (report_count_only()), whose total is no base for a share.  Every
 * writer asks this, not report_hundredths() of the row's figures.
 */
long long report_row_hundredths(const struct report_row *row);
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
/*
 * The row's count (which 0) or total (1) as written under suppress,
 * with its bound: "12", "<5", ">=123" (human set: "≥123").
 */
char *report_figure_text(const struct report_row *row, int which,
    long suppress, int human, char *buf, size_t len);
/*
 * 1 for a metric whose rows are a number of things, not a share of
 * anything (overdue: items; its total is the count): no percent.
 */
int report_count_only(const char *metric);
/*
 * 1 when the row's count or total is suppressed, or known only as a
 * bound in a merge (percent and met blank).
 */
int report_row_hidden(const struct report_row *row, long suppress);

/*
 * A loosely compared province into out: "安徽省" -> "安徽", "广东广州某厂"
 * -> "广东", "" when blank.  Returns 1 when s starts with a known
 * province's name, 0 when out is s as written (trimmed).
 */
int report_province(const char *s, char *out, size_t len);

/*
 * The period of r (from, to, period_name) as lb-report's options give
 * it: the term named term, the month "YYYY-MM", the days [from, to]
 * (both or neither), at most one of them; else the term at as_of (in a
 * vacation, the term that ended last; none before the first term).  A
 * period is reported up to as_of, not beyond.  Returns 0, or -1 after a
 * message on a contradiction, an unknown term or a bad month (the exit
 * code is LB_USAGE).
 */
int report_period(struct report *r, const struct policy *p,
    const char *term, const char *month, date_t from, date_t to,
    date_t as_of);

/*
 * Write the tidy rows through lib/emit.h: metric,group,count,total,
 * percent,target,met,school (and detail with detail set), as CSV (csvio
 * flags in o), an aligned table or an .xlsx sheet, only the columns of
 * o->columns.  A merge's county rows come first, each school's after
 * them.  After each block's figures, its period as rows of metric
 * "period" (groups term=, month=, from=, to=, as_of=, and mixed=yes for
 * a merge of different periods; count and total empty), and a merge's
 * number of schools as metric "schools".  Returns LB_OK, or emit_new()'s or emit_end()'s exit code
 * after its message.
 */
int report_emit(const struct report *r, FILE *f, const struct emit_opts *o,
    long suppress, int detail);
/* The CSV's column names, and how many there are with or without detail. */
const char *const *report_csv_cols(void);
size_t report_csv_ncols(int detail);

/*
 * The period in words into buf: "2026年秋季学期（2026-09-01 至
 * 2026-12-07）" (a term's name in words from the label term.NAME, else
 * for YEAR-SEASON the labels year and season.SEASON), "" when none.
 */
void report_period_text(const struct report *r, const struct policy *p,
    char *buf, size_t len);

/*
 * The display text of a group into out: "" -> label "all";
 * "class=3-1" -> "班级 3-1"; "left_behind=both" -> "留守类型 完全留守"
 * (the value's label "left_behind.both" when the policy has one);
 * "mentor=T06" -> "帮扶教师 王芳（T06）" when r names T06.  With
 * bare set, only the value part ("3-1", "完全留守").
 */
void report_group_text(const struct report *r, const struct policy *p,
    const char *group, int bare, char *out, size_t len);
/*
 * Append to out value v of canonical roster column col in words: for a
 * column of canonical values the label "col.value" (policy_label(), so
 * the policy's word: both -> 完全留守, each item of
 * a ;-list joined by 、), else v itself.
 */
void report_value_text(const struct policy *p, int col, const char *v,
    struct sbuf *out);

#endif
