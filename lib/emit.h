/* emit.h: rows out as CSV or as an aligned table, with --columns. */
#ifndef LB_EMIT_H
#define LB_EMIT_H

#include <stddef.h>
#include <stdio.h>

struct emit_opts {
	int table;		/* 1: an aligned table for people; 0: CSV */
	int csv_flags;		/* csvio flags (CSVIO_EXCEL) for CSV */
	const char *columns;	/* --columns "a,b,c", or NULL for all */
};

struct emit;

/*
 * Check a --columns list ("a,b,c": names of header[0..ncols), blanks
 * around them ignored; a name may come twice) without writing anything.
 * Returns 0, or -1 after a message "--columns: unknown column 'x'" (with
 * "did you mean" where a name is close, else the header's names): the
 * exit code is LB_USAGE.  columns NULL is all columns.
 */
int emit_check(const char *columns, size_t ncols, const char *const *header);

/*
 * Start writing rows of header[0..ncols) to f: as CSV (the header row
 * first, rows as they come), or with o->table as a table written by
 * emit_end() (lib/tabfmt.h: aligned by display width, the header and a
 * rule kept, and, only when f is a terminal, long cells cut with "…" to
 * its width).  Only the columns of o->columns are written, in its order.
 * Returns NULL after emit_check()'s message.  header must outlive e.
 */
struct emit *emit_new(FILE *f, const struct emit_opts *o, size_t ncols,
    const char *const *header);

/* One row of ncols values (NULL is empty); copied for a table. */
void emit_row(struct emit *e, const char *const *v);

/*
 * Finish: a CSV with no row gets its header row, a table is written.
 * Frees e (NULL is allowed).  Write errors show on the stream (ferror).
 */
void emit_end(struct emit *e);
/* Give up after an error: free e, writing nothing more (NULL allowed). */
void emit_abort(struct emit *e);

#endif
