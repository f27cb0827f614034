/* tabfmt.h: aligned text tables for the terminal, Chinese-width aware. */
#ifndef LB_TABFMT_H
#define LB_TABFMT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Write a table: the header, a rule of '-', then the rows, columns
 * padded to their widest cell by display width (text_width) and
 * separated by two spaces.  rows[r][c] may be NULL (empty).  When
 * max_width > 0 and the table is wider, the widest columns are narrowed
 * in turn (never below 4 columns) and cut cells end in "…".  Line breaks
 * inside cells are shown as "⏎".
 */
void tabfmt_write(FILE *f, size_t ncols, const char *const *header,
    size_t nrows, const char *const *const *rows, size_t max_width);

/* Width of the terminal on fd, or 0 when fd is not a terminal. */
size_t tabfmt_term_width(int fd);

#endif
