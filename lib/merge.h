/* merge.h: reports of several schools (lb-report CSV files) added up. */
#ifndef LB_MERGE_H
#define LB_MERGE_H

struct csvio_opts;
struct policy;
struct report;

/*
 * Add the rows of a CSV report of lb-report (path "-" = stdin) to r,
 * summing counts and totals of equal metric and group.  Refused, naming
 * the file and line: a header that is not metric,group,count,total,
 * percent,target,met (an extra last column detail is allowed and
 * ignored), a metric name that is not a word of [a-z0-9_], a count or
 * total that is not a whole number (a suppressed "<5" says so), a count
 * above its total.  Returns 0, or -1 with *code set after a message.
 */
int merge_file(struct report *r, const char *path,
    const struct csvio_opts *opts, int *code);

/*
 * After the last merge_file(): every children group's total
 * becomes the merged children total (a school without a group has it
 * as 0 of its children, which its file does not say), and targets come
 * from p.  (mentor_load's total is the mentor's capacity, the same in
 * every file: merging keeps the largest instead of summing.)
 */
void merge_finish(struct report *r, const struct policy *p);

#endif
