/* merge.h: the reports of a county's schools (lb-report CSV files) merged. */
#ifndef LB_MERGE_H
#define LB_MERGE_H

struct csvio_opts;
struct policy;
struct report;
struct merge;

/*
 * A merge into county (an empty report), targets from p.  With
 * allow_mixed, reports of different periods are merged, and the county's
 * period says so (mixed_periods); without, they are refused.
 */
struct merge *merge_new(struct report *county, const struct policy *p,
    int allow_mixed);

/*
 * Read one report CSV of lb-report (path "-" = stdin): every school's
 * rows (a school's report, or a merge's schools: a merge's county rows
 * are left out, they are summed again) become a part of the county.
 * Refused, naming the file and line (and the other file): a header that
 * is not lb-report's (metric,group,count,total,percent,target,met, then
 * school, then detail, each optional), a metric that is not a word of
 * [a-z0-9_], a count or total that is not a whole number, "<N" or
 * ">=N", a count above its total, a row given twice; the same file
 * twice; a school in two files; a period other than the first file's
 * (unless allow_mixed).  A report without a school column or name is
 * named after its file, with a warning.  Returns 0, or -1 with *code
 * set after a message (LB_DATAERR for the refusals).
 */
int merge_file(struct merge *m, const char *path,
    const struct csvio_opts *opts, int *code);

/*
 * After the last merge_file(): the parts in natural order of the
 * schools' names, and the county's rows, the sums of what adds up
 * across schools: the whole school's figures and the groups by
 * left-behind type, attention, grade, gender, hardship and contact kind,
 * never classes, mentors or villages (every school has its own).  A sum
 * with a suppressed count in it is a lower bound (REPORT_AT_LEAST).
 * Frees m.
 */
void merge_finish(struct merge *m);

#endif
