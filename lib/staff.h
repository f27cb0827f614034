/* staff.h: the staff list: a teacher's places, and names on a report. */
#ifndef LB_STAFF_H
#define LB_STAFF_H

#include <stddef.h>

struct csvio_opts;
struct policy;
struct report;
struct table;

/*
 * The mentees teacher row r of staff list s may have: its max_mentees,
 * or dflt (the policy's pairing.max_mentees) when blank.  lb-pair fills
 * to it and lb-report measures load against it.  Returns 0, or -1 after
 * a message naming the file and line (exit code LB_DATAERR).
 */
int staff_capacity(const struct table *s, size_t r, int dflt, int *cap);

/*
 * Read the staff list at path for report r: each mentor group's teacher
 * by name (report_name_mentor()), and mentor_load's total the teacher's
 * own capacity.  Returns 0, or -1 with *code set after a message.
 */
int staff_name_report(struct report *r, const struct policy *p,
    const char *path, const struct csvio_opts *copts, int *code);

#endif
