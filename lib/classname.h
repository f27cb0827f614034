/* classname.h: class names as schools write them, to canonical grade-number. */
#ifndef LB_CLASSNAME_H
#define LB_CLASSNAME_H

#include <stddef.h>

struct sbuf;

/*
 * Append the canonical name of class in to out: "G-N", the grade and the
 * class as numbers without leading zeros, grade 1-12.  Recognised are
 * the forms schools write, with blanks (ASCII or U+3000) around the parts
 * and an optional 班 at the end: 3-2, 3.2, 3－2, 3．2, 三(2)班, 三（2）班,
 * 三年级(2)班, 3年级2班, 三年级二班, 三年二班, 三2班; digits may be
 * full-width (３－２); grades 一..十二 and 初一..初三 (7-9), 高一..高三
 * (10-12), as in 初一(3)班 or 高二5班; class numbers up to 9999, in
 * digits or Chinese numerals (十二 = 12).
 * Returns 0 when in is one of these, else -1 and appends in as written,
 * trimmed of blanks (青山石门小学3-2, 2023级3班 and 大班 stay as they are).
 * The grade of a canonical name is the number before its '-'.
 */
int classname_canon(const char *in, struct sbuf *out);

/*
 * The number of a grade as schools write it: 3, ３, 三, 三年级 (年級, 年),
 * 3年级, 初一 (7) .. 初三, 高一 (10) .. 高三, blanks around it ignored.
 * Returns 1..12, or -1 when s is none of these (学前班 stays as written).
 */
int classname_grade(const char *s);

/*
 * The next name of a list of class names (a staff row's classes),
 * separated by any of ; ； , ， 、 / ／ and blanks (ASCII, U+3000, line
 * breaks).  Skips the separators at *list, sets *name to the start of
 * the name that follows and moves *list past it.  Returns the name's
 * length in bytes, 0 at the end of the list.  Nothing is copied: *name
 * points into the list.
 */
size_t classname_list_next(const char **list, const char **name);

#endif
