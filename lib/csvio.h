/* csvio.h: strict, streaming CSV in (on libcsv) and minimal RFC 4180 out. */
#ifndef LB_CSVIO_H
#define LB_CSVIO_H

#include <stddef.h>
#include <stdio.h>

struct csvio_reader;

struct csvio_row {
	size_t n;		/* number of fields */
	char **v;		/* NUL-terminated UTF-8 values */
	size_t *len;		/* byte length of each value */
	long line;		/* line where the record starts, from 1 */
};

#define CSVIO_MAX_FIELD_DEFAULT (16u << 20)
#define CSVIO_MAX_COLS 16384	/* the most columns a spreadsheet has */

struct csvio_opts {
	const char *encoding;	/* iconv name of the input; NULL = UTF-8 */
	size_t max_field;	/* bytes; 0 = CSVIO_MAX_FIELD_DEFAULT */
	int empty_ok;		/* an empty input has no header and no rows */
	const char *sheet;	/* a workbook's sheet, name or number; NULL: the first */
	int verbatim;		/* keep --excel protection as written (tests of it) */
	/*
	 * The table as people lay out a sheet (csvio_open() below): column
	 * gives the column a header name maps to (>= 0), or -1 for a name
	 * lb does not know; NULL: the first row is the header, as in the
	 * files lb writes.
	 */
	int (*column)(const void *arg, const char *name);
	const void *column_arg;
};

/*
 * Open path ("-" or NULL: stdin, named "<stdin>") and read its header row.
 * An .xlsx or .xls workbook (told by its first bytes, whatever its name)
 * is read through workbook.h: opts->sheet, or its first visible sheet,
 * row N of the sheet being line N; a workbook on stdin is refused (it
 * must be named).  A CSV file is streamed: only the current record is held.  A UTF-8 BOM is
 * stripped, CRLF and LF both end records, and the input is converted from
 * opts->encoding to UTF-8 on the way in.  Refused, with a message naming
 * the file and line: a missing file (LB_NOINPUT), an empty file (unless
 * opts->empty_ok: then the header has no names and there are no rows), an empty
 * or duplicate header name, NUL bytes, invalid UTF-8 (suggesting
 * --encoding), an unclosed or stray quote, a field longer than max_field,
 * a header of more than CSVIO_MAX_COLS columns (all LB_DATAERR), a read
 * error (LB_IOERR).  Returns NULL with *code set
 * after printing the message.  Free with csvio_close().
 *
 * With opts->column, the table is found as people lay it out: rows above
 * the header (a title, "填表日期：...") are skipped with a warning naming
 * each, the header being the first row, of the first CSVIO_LAYOUT_SCAN,
 * in which at least two names (one, in a one-column row) are known
 * columns (none such: the first row, whose message then says what is
 * missing); a second header row under it (父亲 over 姓名|电话, from merged
 * cells) is joined to it when that names more known columns ("父亲电话",
 * or the lower name alone when only it is known and not taken); empty
 * names at the header's end drop their columns, which must then be
 * empty in every row.  In the rows, blank rows (between data rows) and
 * footer rows (合计, 小计, 制表人, ...: csvio_footer()) are skipped with a
 * warning naming the line.  Fields of lb's own --excel protection ('=...
 * and ="0123") are read back as they were, in every mode (unless
 * opts->verbatim).
 */
struct csvio_reader *csvio_open(const char *path, const struct csvio_opts *opts,
    int *code);

/* Display name ("<stdin>" for stdin) and the header row (owned by r). */
const char *csvio_name(const struct csvio_reader *r);
const struct csvio_row *csvio_header(const struct csvio_reader *r);

/*
 * Next data record: returns 1 and points *row at it (valid until the next
 * call), 0 at the end, -1 after printing a message (csvio_code() tells the
 * exit code).  A record whose field count differs from the header's is an
 * error naming its line.  Blank lines are skipped (but counted).
 */
int csvio_next(struct csvio_reader *r, const struct csvio_row **row);

#define CSVIO_LAYOUT_SCAN 30

/*
 * 1 when the named file is an .xlsx or .xls workbook (by its first
 * bytes): a file lb writes into as CSV must not be one.  0 otherwise,
 * also when it cannot be read (the caller's own open says why).
 */
int csvio_workbook(const char *path);

/*
 * 1 when a row whose first non-blank field is s (NUL-terminated) is a
 * sheet's footer or signature line: 合计, 小计, 总计, 共计, 制表人, 审核人,
 * 填表人, 负责人, 备注, 说明, 注: ... (Simplified and Traditional).
 */
int csvio_footer(const char *s);
/*
 * For a caller that reads ahead (rows wait in a ring while their lookups'
 * memory is fetched): csvio_next() then returns -1 without printing, and
 * csvio_report() prints the message once the rows read before the error
 * have had their say, so messages stay in line order.
 */
void csvio_hold_errors(struct csvio_reader *r);
void csvio_report(struct csvio_reader *r);
int csvio_code(const struct csvio_reader *r);
void csvio_close(struct csvio_reader *r);

/* Writing. */
enum {
	CSVIO_EXCEL = 1		/* BOM first, CRLF, formula cells neutralised */
};

struct csvio_writer;

/* Write to f (not closed by the writer).  Free with csvio_writer_free(). */
struct csvio_writer *csvio_writer_new(FILE *f, int flags);

/*
 * CSV text[0..*len) as written with LF, its records' line ends (an LF
 * outside quotes) made CRLF, as a file that has them gets its appended
 * rows; frees text, returns the new text and sets *len.
 */
char *csvio_crlf(char *text, size_t *len);
/*
 * Write one record: fields quoted only when they hold a comma, quote, CR or
 * LF (or leading/trailing space), quotes doubled.  With CSVIO_EXCEL, a
 * cell starting with = + - @ | or % (after any blanks, control
 * characters, BOMs, U+00A0 or U+3000), or with TAB or CR, gets a
 * leading ' so a spreadsheet shows it as text, and what a spreadsheet
 * would turn into a number or a date is written as ="..." so it stays
 * text: digit strings of 11 or more digits (an ID, a mobile number) or
 * with a leading 0, and class-like codes 1-1, 3/2 (one or two digits on
 * each side).  NULL values are written as empty.
 */
void csvio_write_row(struct csvio_writer *w, size_t n, char *const *v);
void csvio_writer_free(struct csvio_writer *w);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int csvio_valid_utf8(const char *s, size_t len);

#endif
