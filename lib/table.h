/* table.h: a whole CSV file of one kind, its headers mapped to canonical keys. */
#ifndef LB_TABLE_H
#define LB_TABLE_H

#include <stdio.h>
#include "schema.h"
#include "csvio.h"

struct ofile;
struct policy;

/*
 * The columns are those of the file, in the file's order: each is either a
 * canonical column (canon >= 0, named by its canonical key) or an unknown
 * one carried through (canon = -1, named as in the file).  Canonical
 * columns the file lacks can be added with table_add_col().
 *
 * The rows and their cells belong to the table and are read-only: a
 * row's values share one allocation, so a cell is changed only with
 * table_set() or table_set_cell(), and rows are removed only with
 * table_drop_rows().  A cell's value stays valid until it is set again,
 * its row dropped or the table freed; adding a column moves rows[r]
 * (not the values).
 */
struct table {
	enum file_kind kind;
	char *name;		/* display name of the source */
	size_t ncols;
	char **names;		/* output header names */
	int *canon;		/* per column: canonical index or -1 */
	int col[64];		/* per canonical index: column or -1 */
	size_t nrows;
	char ***rows;		/* rows[r][c]: NUL-terminated, never NULL */
	long *lines;		/* line each row starts on in its source */
};

/*
 * Read path ("-" = stdin) as a file of kind (table_open(): a workbook, a
 * sheet's title rows and footers): headers through the policy's
 * aliases (a header naming a canonical column twice is an error), unknown
 * columns kept in order; the kind's required columns must be present.
 * Values are kept as read.  Returns NULL with *code set after a message.
 * Free with table_free().
 */
struct table *table_read(const char *path, enum file_kind kind,
    const struct policy *p, const struct csvio_opts *opts, int *code);
/*
 * Map a header row h of a file of kind (named name in messages) onto the
 * canonical columns, for readers that stream rather than load a table:
 * col[c] (for every c below schema_ncols(kind)) becomes the position of
 * canonical column c in each record, or -1; canon[i], when canon is not
 * NULL, the canonical column of header i, or -1.  Two headers naming one
 * column, or a missing column of need (canonical names, NULL-terminated;
 * NULL: the kind's required columns), print "name:line: ..." and return
 * -1; else 0.
 */
int table_map_header(const char *name, const struct csvio_row *h,
    enum file_kind kind, const struct policy *p, const char *const *need,
    int *col, int *canon);

/*
 * Open path as a file of kind laid out as people lay out sheets: opts
 * (NULL: defaults) with csvio_opts.column mapping header names through
 * the policy's aliases (csvio_open() says what the layout finds).
 */
struct csvio_reader *table_open(const char *path, enum file_kind kind,
    const struct policy *p, const struct csvio_opts *opts, int *code);

/* An empty table of kind with its canonical columns, in schema order. */
struct table *table_new(enum file_kind kind, const char *name);
void table_free(struct table *t);

/* Value of canonical column c in row r ("" when the table lacks it). */
const char *table_get(const struct table *t, size_t r, int c);
/* Replace the value of canonical column c in row r (adding the column). */
void table_set(struct table *t, size_t r, int c, const char *v);
/*
 * Replace the value of column j (below ncols) in row r with a copy of v
 * (NULL: empty); v may be the old value, or point into it.
 */
void table_set_cell(struct table *t, size_t r, size_t j, const char *v);
/* Append canonical column c (empty in every row) unless present; returns its index. */
size_t table_add_col(struct table *t, int c);
/*
 * Append an unknown (passthrough) column called name, empty in every row,
 * unless one of that name is present; returns its index.
 */
size_t table_add_extra(struct table *t, const char *name);
/*
 * Append a row of ncols values (copied; v NULL, or a NULL value: empty);
 * returns its index.
 */
size_t table_add_row(struct table *t, char *const *v, long line);
/*
 * Remove (and free) every row r for which drop[r] (of nrows) is nonzero;
 * the others keep their order and their lines, renumbered from 0.
 */
void table_drop_rows(struct table *t, const unsigned char *drop);
/* Row of the first whose canonical column c equals v, or -1 (linear). */
long table_find(const struct table *t, int c, const char *v);

/* Write header and rows as CSV (csvio flags). */
void table_write(const struct table *t, FILE *f, int flags);

/*
 * Write t as CSV to path, replaced atomically (NULL or "-": stdout); a new
 * file gets mode 0600, as a roster holds children's personal data.
 * Returns 0, or -1 with *code set after a message.
 */
int table_write_path(const struct table *t, const char *path, int flags,
    int *code);
/*
 * The same written to path's new file but not yet in its place: the
 * caller puts it there with ofile_commit() (or drops it, ofile_abort()).
 * Returns NULL with *code set after a message.
 */
struct ofile *table_write_open(const struct table *t, const char *path,
    int flags, int *code);

#endif
