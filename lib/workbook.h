/* workbook.h: a sheet of an .xlsx or .xls workbook, read as rows of text. */
#ifndef LB_WORKBOOK_H
#define LB_WORKBOOK_H

#include <stddef.h>

/* The most rows and columns a sheet of Excel 2007 and later can have. */
#define WORKBOOK_MAX_ROWS 1048576
#define WORKBOOK_MAX_COLS 16384

enum workbook_kind { WORKBOOK_NONE, WORKBOOK_XLSX, WORKBOOK_XLS };

/*
 * What a file's first n bytes say it is: "PK\3\4" -> WORKBOOK_XLSX, the
 * OLE2 magic D0 CF 11 E0 A1 B1 1A E1 -> WORKBOOK_XLS, else WORKBOOK_NONE.
 * An encrypted .xlsx is an OLE2 file too: it sniffs as WORKBOOK_XLS and
 * workbook_read() then says it is protected by a password.
 */
enum workbook_kind workbook_sniff(const void *head, size_t n);

struct workbook_sheet {
	char *name;		/* the sheet's name */
	size_t nrows, ncols;	/* up to the last row / column holding a value */
	char **cells;		/* nrows * ncols, row-major; NUL-terminated UTF-8, "" when empty, never NULL */
};

/*
 * Read one sheet of the workbook at path, of kind (from workbook_sniff;
 * WORKBOOK_NONE: sniffed here): sheet NULL = the first visible worksheet
 * in the workbook's order; else a sheet's name, or its number 1..n (a
 * string of digits, counting hidden sheets too, in the workbook's order)
 * when no sheet has that name.
 * Row r of the result is the sheet's row r+1 (so messages can say
 * path:LINE as Excel numbers rows), column c its column c+1.
 * Numbers come as Excel shows them in General format, dates and times as
 * YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or HH:MM:SS, booleans as TRUE and FALSE,
 * a merged range's value in each of its cells (.xlsx only: libfreexl does
 * not tell .xls merges).
 * On failure prints ONE line naming the file and returns NULL with *code
 * set: missing/unreadable file LB_NOINPUT; damaged, encrypted/password-
 * protected, or not really a workbook, a sheet past Excel's limits
 * LB_DATAERR; an unknown sheet LB_USAGE, the message listing the sheets.
 * The cells' strings belong to the sheet (a few blocks, not one
 * allocation a cell): free them all with workbook_sheet_free(), never
 * one by one.
 */
struct workbook_sheet *workbook_read(const char *path, enum workbook_kind kind,
    const char *sheet, int *code);
void workbook_sheet_free(struct workbook_sheet *s);

#endif
