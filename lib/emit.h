/* emit.h: rows out as CSV, an aligned table or an .xlsx sheet, with --columns. */
#ifndef LB_EMIT_H
#define LB_EMIT_H

#include <stddef.h>
#include <stdio.h>

#include "i18n.h"

struct policy;

struct emit_opts {
	int table;		/* 1: an aligned table for people; 0: CSV */
	int csv_flags;		/* csvio flags (CSVIO_EXCEL) for CSV */
	const char *columns;	/* --columns "a,b,c", or NULL for all */
	int xlsx;		/* 1: an .xlsx workbook of one sheet */
	const char *sheet;	/* that sheet's name (NULL: "Sheet1") */
	/*
	 * Tables and workbooks in the user's language: with a policy, and
	 * messages in Chinese (i18n_script()), the header of column i is
	 * the policy's label for labels[i], and a value v of it the label
	 * "labels[i].v" when the policy has one (each item of a list such
	 * as "poverty;illness" alike); under zh_TW
	 * in Traditional characters (policy_word()).  labels NULL: each
	 * column's label is named by the column's name; labels[i] NULL:
	 * column i has none (a roster's own extra columns).  Columns and
	 * values without a label (ids, dates, numbers) are shown as they
	 * are; CSV always keeps the names and values.  policy NULL: no
	 * labels at all, --columns takes names only.
	 */
	const struct policy *policy;
	const char *const *labels;
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
 * The same for o->columns, where a column may also be named by its
 * label (o->policy, o->labels), in Simplified or Traditional characters
 * whatever the locale: 学籍号, 學籍號 or student_id.
 */
int emit_check_labels(const struct emit_opts *o, size_t ncols,
    const char *const *header);
/*
 * The script tables and workbooks of o are written in (lib/i18n.h):
 * I18N_NONE for CSV, without a policy, or when messages are English.
 */
enum i18n_script emit_script(const struct emit_opts *o);

/*
 * Start writing rows of header[0..ncols) to f: as CSV (the header row
 * first, rows as they come), or with o->table as a table written by
 * emit_end() (lib/tabfmt.h: aligned by display width, the header and a
 * rule kept, and, only when f is a terminal, long cells cut with "…" to
 * its width), or with o->xlsx as a workbook written to f by emit_end()
 * (lib/xlsxout.h: lb's dates as date cells, counts as numbers, percent
 * as percent, everything else, ids and classes first, as text; refused
 * at a terminal).  Only the columns of o->columns are written, in its
 * order.  Returns NULL after emit_check()'s message, or xlsxout's (then
 * *code, when code is not NULL, says which; else LB_USAGE).  header must
 * outlive e.
 */
struct emit *emit_new(FILE *f, const struct emit_opts *o, size_t ncols,
    const char *const *header, int *code);

/* One row of ncols values (NULL is empty); copied for a table. */
void emit_row(struct emit *e, const char *const *v);

/*
 * Finish: a CSV with no row gets its header row, a table or a workbook
 * is written.  Frees e (NULL is allowed).  Returns LB_OK, or the exit
 * code after a message when a workbook could not be made (a row past
 * its sheet's limit, no room for its temporary file).  Write errors of
 * CSV and tables show on the stream (ferror).
 */
int emit_end(struct emit *e);
/* Give up after an error: free e, writing nothing more (NULL allowed). */
void emit_abort(struct emit *e);

#endif
