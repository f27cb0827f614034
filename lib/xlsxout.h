/* xlsxout.h: tables written as an .xlsx workbook (on libxlsxwriter). */
#ifndef LB_XLSXOUT_H
#define LB_XLSXOUT_H

#include <stddef.h>
#include <stdio.h>

/*
 * How a column's values become cells.  Whatever a value's type, one that
 * does not fit it is written as text, unchanged: a workbook never shows
 * what the table did not say.
 */
enum xlsx_type {
	XT_TEXT,	/* a text cell always: ids, phones, class names like 1-1, codes */
	XT_DATE,	/* "YYYY-MM-DD" -> a date cell shown yyyy-mm-dd; anything else as text */
	XT_NUMBER,	/* a decimal number -> a number cell; anything else (empty, "<5", "-") as text/blank */
	XT_PERCENT	/* "87.50" meaning 87.5 % -> the number 0.875 shown with a percent format 0.00%; else text */
};

/* The most rows and columns a sheet holds (Excel's limits). */
#define XLSXOUT_MAX_ROWS 1048576
#define XLSXOUT_MAX_COLS 16384
/* The most characters (UTF-16 units, as Excel counts) of a cell. */
#define XLSXOUT_MAX_CELL 32767

struct xlsxout;

/*
 * A workbook to be written to path (NULL or "-": stdout, refused with
 * LB_USAGE when stdout is a terminal).  The output file is opened here
 * (through ofile: a temporary file beside path), so that a path that
 * cannot be written is refused (LB_CANTCREAT) before any work; path
 * itself is not written until xlsxout_close.  Returns NULL with *code
 * after a message.
 */
struct xlsxout *xlsxout_open(const char *path, int *code);
/*
 * The same, written to the caller's stream f at xlsxout_close() (which
 * then neither closes nor commits it: the caller's ofile does), refused
 * when f is a terminal.
 */
struct xlsxout *xlsxout_open_stream(FILE *f, int *code);

/*
 * Start a new sheet called name (made valid for Excel: at most 31
 * characters, none of []:*?/\ (each becomes _), no ' first or last,
 * unique within the workbook (" (2)" added), "Sheet<N>" when empty) with
 * n columns (1 to XLSXOUT_MAX_COLS): header names (bold, the row frozen,
 * an autofilter over the table) and each column's type.  header and types
 * are copied.  Returns 0, or -1 with *code after a message (LB_DATAERR:
 * no columns or too many; LB_CANTCREAT: no temporary file).
 */
int xlsxout_sheet(struct xlsxout *x, const char *name, size_t n,
    const char *const *header, const enum xlsx_type *types, int *code);

/*
 * Optionally, a line of text above the header (a title such as
 * 留守儿童关爱帮扶工作统计, or the period), in bold; call it after
 * xlsxout_sheet and before the sheet's first row, once per line.  Titles
 * do not widen the columns (they run over the empty cells beside them).
 * Returns 0, or -1 with *code after a message (LB_DATAERR).
 */
int xlsxout_title(struct xlsxout *x, const char *text, int *code);

/*
 * Append a row of the current sheet: n values (NULL or "" = empty cell),
 * valid UTF-8.  A value over XLSXOUT_MAX_CELL characters is cut to fit
 * with a warning (the first few named, the rest counted at close).
 * Returns 0, or -1 with *code after a message (LB_DATAERR: the sheet is
 * full at XLSXOUT_MAX_ROWS rows, suggesting CSV).  After a failure only
 * xlsxout_abort is left to do.
 */
int xlsxout_row(struct xlsxout *x, const char *const *v, int *code);

/*
 * Set each sheet's column widths to fit its text (a CJK / full-width
 * character counts two, capped at 60), write the workbook, check it
 * reads back whole, and replace path atomically (via ofile: a new file
 * gets mode 0600, children's personal data; the old file untouched on
 * any failure).  A workbook with no sheet gets one empty sheet.  Returns
 * 0, or -1 with *code after a message (LB_IOERR: disk full, a temporary
 * file cut short...).  Frees x.
 */
int xlsxout_close(struct xlsxout *x, int *code);

/* Give up: nothing written, path untouched; frees x (NULL allowed). */
void xlsxout_abort(struct xlsxout *x);

#endif
