/* xlsxout.c: tables written as an .xlsx workbook (on libxlsxwriter). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "date.h"
#include "diag.h"
#include "i18n.h"
#include "ofile.h"
#include "sbuf.h"
#include "text.h"
#include "xlsxout.h"
#include "xmem.h"

#define SHEETNAME_MAX 31	/* Excel's limit, in UTF-16 units */
#define WIDTH_MAX 60		/* a column no wider, whatever its text */
#define CUT_SHOWN 5		/* cut cells named one by one, the rest counted */

struct sheet {
	lxw_worksheet *ws;	/* NULL: no sheet started */
	char *name;		/* as written (made valid) */
	size_t n;
	char **header;
	enum xlsx_type *types;
	size_t *width;		/* widest text of each column, display columns */
	lxw_row_t row;		/* the next row to write */
	lxw_row_t header_row;
	int header_out;
};

struct xlsxout {
	struct ofile *of;	/* the target, opened early to fail early */
	FILE *out;		/* or the caller's stream (xlsxout_open_stream) */
	lxw_workbook *wb;
	int fd;			/* the scratch file libxlsxwriter writes into */
	char *scratch;		/* its name while it has one (to unlink) */
	char *tmpdir;
	lxw_format *bold, *text, *date, *pct;
	struct sheet cur;
	char **names;		/* the sheets' names so far */
	size_t nnames, capnames;
	long cut;		/* cells cut to XLSXOUT_MAX_CELL */
	int failed;		/* a row or sheet failed: exit code */
};

/*
 * libxlsxwriter prints its own "[ERROR] ..." lines to stderr (naming the
 * scratch file, which means nothing to a teacher) before returning an
 * error that we turn into one message of ours; its stderr is muted while
 * it does what can fail that way.  lb is single-threaded.
 */
static int
mute(void)
{
	int saved, null;

	fflush(stderr);
	saved = dup(STDERR_FILENO);
	if (saved < 0)
		return -1;
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null < 0 || dup2(null, STDERR_FILENO) < 0) {
		if (null >= 0)
			close(null);
		close(saved);
		return -1;
	}
	close(null);
	return saved;
}

static void
unmute(int saved)
{
	if (saved < 0)
		return;
	dup2(saved, STDERR_FILENO);
	close(saved);
}

static void
oom(void)
{
	diag_die(LB_OSERR, "%s", _("out of memory"));
}

/*
 * Bytes of the UTF-8 character at s (at most left), and in *units the
 * UTF-16 units Excel counts it as (2 beyond the BMP: its limits of 31
 * and 32767 characters are in those).
 */
static size_t
char_len(const char *s, size_t left, size_t *units)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

	if (n > left)
		n = left;
	*units = n == 4 ? 2 : 1;
	return n;
}

/* Bytes of the longest prefix of s[0..len) of at most max UTF-16 units. */
static size_t
fit_units(const char *s, size_t len, size_t max)
{
	size_t i = 0, used = 0, k, u;

	while (i < len) {
		k = char_len(s + i, len - i, &u);
		if (used + u > max)
			break;
		used += u;
		i += k;
	}
	return i;
}

/* Excel compares sheet names without case (ASCII letters here). */
static int
name_taken(const struct xlsxout *x, const char *name)
{
	size_t i;

	/* Excel keeps "History" for itself (change tracking). */
	if (strcasecmp(name, "History") == 0)
		return 1;
	for (i = 0; i < x->nnames; i++)
		if (strcasecmp(x->names[i], name) == 0)
			return 1;
	return 0;
}

/*
 * name made a valid, new sheet name: the characters Excel refuses become
 * _, so do a ' first or last; cut to 31 characters; " (2)" and so on
 * added (the base cut to leave room) when the name is taken.  Renaming
 * rather than refusing: a sheet is named from data (a school, a class)
 * and the workbook is still wanted.
 */
static char *
sheet_name(const struct xlsxout *x, const char *name)
{
	struct sbuf sb = SBUF_INIT, try = SBUF_INIT;
	size_t len = name != NULL ? strlen(name) : 0, i = 0, used = 0, k, u;
	unsigned long n;
	char suffix[32];

	sbuf_init(&sb);
	while (i < len) {
		k = char_len(name + i, len - i, &u);
		if (used + u > SHEETNAME_MAX)
			break;
		if (k == 1 && (strchr("[]:*?/\\", name[i]) != NULL ||
		    (unsigned char)name[i] < 0x20 || name[i] == 0x7f))
			sbuf_addc(&sb, '_');
		else
			sbuf_add(&sb, name + i, k);
		used += u;
		i += k;
	}
	if (sb.len > 0 && sb.buf[0] == '\'')
		sb.buf[0] = '_';
	if (sb.len > 0 && sb.buf[sb.len - 1] == '\'')
		sb.buf[sb.len - 1] = '_';
	if (sb.len == 0)
		sbuf_printf(&sb, "Sheet%zu", x->nnames + 1);
	if (!name_taken(x, sb.buf))
		return sbuf_detach(&sb);
	sbuf_init(&try);
	for (n = 2;; n++) {
		snprintf(suffix, sizeof(suffix), " (%lu)", n);
		sbuf_reset(&try);
		sbuf_add(&try, sb.buf,
		    fit_units(sb.buf, sb.len, SHEETNAME_MAX - strlen(suffix)));
		sbuf_adds(&try, suffix);
		if (!name_taken(x, try.buf))
			break;
	}
	sbuf_release(&sb);
	return sbuf_detach(&try);
}

/*
 * The file libxlsxwriter writes the workbook into: a new file in the
 * temporary folder, mode 0600 (mkstemp), close-on-exec.  Linux lets it be
 * unlinked at once and still named as /proc/self/fd/N, so no copy of the
 * children's data is left behind, even by a kill -9; where /proc is
 * missing (a bare chroot) it keeps its name until close or abort.
 * Returns the name to give libxlsxwriter (malloc'd), or NULL after a
 * message.
 */
static char *
scratch_open(struct xlsxout *x)
{
	struct sbuf sb = SBUF_INIT;
	char proc[64];

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s/lb-xlsx.XXXXXX", x->tmpdir);
	x->fd = mkstemp(sb.buf);
	if (x->fd < 0) {
		diag_error(NULL, 0, 0, _("cannot create a temporary file in "
		    "'%s': %s (set TMPDIR to a folder you can write)"),
		    x->tmpdir, strerror(errno));
		sbuf_release(&sb);
		return NULL;
	}
	fcntl(x->fd, F_SETFD, FD_CLOEXEC);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", x->fd);
	if (access(proc, W_OK) == 0 && unlink(sb.buf) == 0) {
		sbuf_release(&sb);
		return xstrdup(proc);
	}
	x->scratch = xstrdup(sb.buf);
	return sbuf_detach(&sb);
}

static void
scratch_close(struct xlsxout *x)
{
	if (x->scratch != NULL)
		unlink(x->scratch);
	free(x->scratch);
	x->scratch = NULL;
	if (x->fd >= 0)
		close(x->fd);
	x->fd = -1;
}

static lxw_format *
new_format(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);

	if (f == NULL)
		oom();
	return f;
}

static struct xlsxout *start(struct xlsxout *x, int *code);

/* Zip bytes on a terminal are noise, and can upset it: 1 after a message. */
static int
terminal(int fd, int *code)
{
	if (!isatty(fd))
		return 0;
	diag_error(NULL, 0, 0, _("will not write a workbook to a terminal "
	    "(name an output file, or redirect standard output)"));
	*code = LB_USAGE;
	return 1;
}

struct xlsxout *
xlsxout_open(const char *path, int *code)
{
	struct xlsxout *x;

	if ((path == NULL || strcmp(path, "-") == 0) &&
	    terminal(STDOUT_FILENO, code))
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->fd = -1;
	x->of = ofile_open(path, OFILE_PRIVATE);
	if (x->of == NULL) {
		*code = LB_CANTCREAT;
		xlsxout_abort(x);
		return NULL;
	}
	return start(x, code);
}

struct xlsxout *
xlsxout_open_stream(FILE *f, int *code)
{
	struct xlsxout *x;

	if (terminal(fileno(f), code))
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->fd = -1;
	x->out = f;
	return start(x, code);
}

/* The scratch file and the workbook behind x's target. */
static struct xlsxout *
start(struct xlsxout *x, int *code)
{
	lxw_workbook_options opt;
	const char *t = getenv("TMPDIR");
	char *name;
	int quiet;

	x->tmpdir = xstrdup(t != NULL && *t != '\0' ? t : "/tmp");
	if ((name = scratch_open(x)) == NULL) {
		*code = LB_CANTCREAT;
		xlsxout_abort(x);
		return NULL;
	}
	/*
	 * constant_memory: each row goes to a temporary file as it comes,
	 * so 100,000 rows take no more memory than ten; rows come in order
	 * anyway, and the column widths are kept here, as rows pass.  Its
	 * temporary files go where ours does (TMPDIR, not always /tmp).
	 */
	memset(&opt, 0, sizeof(opt));
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = x->tmpdir;
	quiet = mute();
	x->wb = workbook_new_opt(name, &opt);
	unmute(quiet);
	free(name);
	if (x->wb == NULL)
		oom();
	x->bold = new_format(x->wb);
	format_set_bold(x->bold);
	/* Text cells are formatted as text ("@"), so that an ID edited in
	 * Excel stays text instead of losing its leading zeros. */
	x->text = new_format(x->wb);
	format_set_num_format(x->text, "@");
	x->date = new_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	x->pct = new_format(x->wb);
	format_set_num_format(x->pct, "0.00%");
	return x;
}

static void
sheet_free(struct sheet *s)
{
	size_t i;

	for (i = 0; s->header != NULL && i < s->n; i++)
		free(s->header[i]);
	free(s->header);
	free(s->types);
	free(s->width);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

static void
widen(struct sheet *s, size_t c, size_t w)
{
	if (w > s->width[c])
		s->width[c] = w;
}

/* Display width of the widest line of s[0..len). */
static size_t
text_lines_width(const char *s, size_t len)
{
	const char *nl;
	size_t w, max = 0;

	while ((nl = memchr(s, '\n', len)) != NULL) {
		w = text_width(s, (size_t)(nl - s));
		if (w > max)
			max = w;
		len -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	w = text_width(s, len);
	return w > max ? w : max;
}

/* One message for an error of libxlsxwriter's writing a cell. */
static int
cell_failed(struct xlsxout *x, lxw_row_t r, lxw_col_t c, lxw_error err,
    int *code)
{
	char cell[LXW_MAX_CELL_NAME_LENGTH];

	if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
		oom();
	lxw_rowcol_to_cell(cell, r, c);
	diag_error(NULL, 0, 0, _("sheet '%s' cell %s: %s"), x->cur.name, cell,
	    lxw_strerror(err));
	*code = x->failed = LB_DATAERR;
	return -1;
}

/*
 * A text cell at r, c.  Text over Excel's 32767 characters is cut, with
 * a warning, rather than refused: a cell that long is a pasted document
 * or a broken export, the whole workbook should not be lost to it, and
 * the table it comes from still holds every character.  Widens column c
 * when widths is set.
 */
static int
put_text(struct xlsxout *x, lxw_row_t r, lxw_col_t c, const char *v,
    lxw_format *f, int widths, int *code)
{
	size_t len = strlen(v), keep = fit_units(v, len, XLSXOUT_MAX_CELL);
	char *cut = NULL, cell[LXW_MAX_CELL_NAME_LENGTH];
	lxw_error err;

	if (keep < len) {
		x->cut++;
		if (x->cut <= CUT_SHOWN) {
			lxw_rowcol_to_cell(cell, r, c);
			diag_warn(NULL, 0, 0, _("sheet '%s' cell %s: text cut "
			    "to %d characters, the most a spreadsheet cell "
			    "holds"), x->cur.name, cell, XLSXOUT_MAX_CELL);
		}
		cut = xstrndup(v, keep);
		v = cut;
	}
	if (widths)
		widen(&x->cur, c, text_lines_width(v, keep));
	err = worksheet_write_string(x->cur.ws, r, c, v, f);
	free(cut);
	if (err != LXW_NO_ERROR)
		return cell_failed(x, r, c, err, code);
	return 0;
}

/*
 * A decimal number as strtod reads it, whole: strtod also takes blanks
 * first, hexadecimal, "inf" and "nan", none of which a table means as a
 * number (and Excel has no infinity).  More than 15 significant digits
 * is no number either: Excel keeps 15, and such a value is an ID in the
 * wrong column, to be kept whole as text.
 */
static int
decimal(const char *s, double *out)
{
	const char *p = s + (*s == '+' || *s == '-'), *q;
	char *end;
	int digits = 0, lead = 1;

	if (!isdigit((unsigned char)p[0]) &&
	    !(p[0] == '.' && isdigit((unsigned char)p[1])))
		return 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return 0;
	for (q = p; *q != '\0' && *q != 'e' && *q != 'E'; q++) {
		if (*q == '0' && lead)
			continue;
		if (isdigit((unsigned char)*q)) {
			lead = 0;
			digits++;
		}
	}
	if (digits > 15)
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*out);
}

/*
 * "YYYY-MM-DD" naming a real day that Excel can show: its 1900 date
 * system has no earlier day, so those stay text.
 */
static int
iso_date(const char *s, lxw_datetime *dt)
{
	char buf[DATE_ISO_LEN];
	date_t d;
	int y, m, day;

	if (date_parse(s, &d) < 0 || strcmp(date_format(d, buf), s) != 0)
		return 0;
	date_to_ymd(d, &y, &m, &day);
	if (y < 1900)
		return 0;
	memset(dt, 0, sizeof(*dt));
	dt->year = y;
	dt->month = m;
	dt->day = day;
	return 1;
}

static int
put_cell(struct xlsxout *x, lxw_col_t c, const char *v, int *code)
{
	struct sheet *s = &x->cur;
	lxw_error err = LXW_NO_ERROR;
	lxw_datetime dt;
	double d;
	int n;

	if (v == NULL || *v == '\0')
		return 0;
	switch (s->types[c]) {
	case XT_TEXT:
		break;
	case XT_DATE:
		if (!iso_date(v, &dt))
			break;
		widen(s, c, 10);
		err = worksheet_write_datetime(s->ws, s->row, c, &dt, x->date);
		goto written;
	case XT_NUMBER:
		if (!decimal(v, &d))
			break;
		widen(s, c, strlen(v));
		err = worksheet_write_number(s->ws, s->row, c, d, NULL);
		goto written;
	case XT_PERCENT:
		if (!decimal(v, &d))
			break;
		/* As 0.00% shows it. */
		n = snprintf(NULL, 0, "%.2f%%", d);
		widen(s, c, n > 0 ? (size_t)n : 0);
		err = worksheet_write_number(s->ws, s->row, c, d / 100, x->pct);
		goto written;
	}
	return put_text(x, s->row, c, v, x->text, 1, code);
written:
	if (err != LXW_NO_ERROR)
		return cell_failed(x, s->row, c, err, code);
	return 0;
}

/* The sheet's header, once, after its titles. */
static int
put_header(struct xlsxout *x, int *code)
{
	struct sheet *s = &x->cur;
	size_t c;

	if (s->header_out)
		return 0;
	s->header_out = 1;
	s->header_row = s->row;
	for (c = 0; c < s->n; c++)
		if (put_text(x, s->row, c, s->header[c], x->bold, 0, code) < 0)
			return -1;
	s->row++;
	return 0;
}

/* The current sheet's header, filter, frozen row and widths; frees it. */
static int
finish_sheet(struct xlsxout *x, int *code)
{
	struct sheet *s = &x->cur;
	char range[LXW_MAX_CELL_RANGE_LENGTH];
	lxw_error err;
	size_t c, w;

	if (s->ws == NULL)
		return 0;
	if (put_header(x, code) < 0)
		return -1;
	err = worksheet_autofilter(s->ws, s->header_row, 0, s->row - 1,
	    (lxw_col_t)(s->n - 1));
	if (err == LXW_NO_ERROR) {
		worksheet_freeze_panes(s->ws, s->header_row + 1, 0);
		for (c = 0; c < s->n && err == LXW_NO_ERROR; c++) {
			/* A little room, and never narrower than a date. */
			w = s->width[c] + 1;
			w = w < 4 ? 4 : w > WIDTH_MAX ? WIDTH_MAX : w;
			/* Cells typed into a text column later stay text. */
			err = worksheet_set_column(s->ws, (lxw_col_t)c,
			    (lxw_col_t)c, (double)w,
			    s->types[c] == XT_TEXT ? x->text : NULL);
		}
	}
	if (err == LXW_NO_ERROR && s->row > s->header_row + 1) {
		/* No green triangles on IDs kept as text on purpose. */
		lxw_rowcol_to_range(range, s->header_row + 1, 0, s->row - 1,
		    (lxw_col_t)(s->n - 1));
		err = worksheet_ignore_errors(s->ws,
		    LXW_IGNORE_NUMBER_STORED_AS_TEXT, range);
	}
	if (err != LXW_NO_ERROR) {
		if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
			oom();
		diag_error(NULL, 0, 0, _("sheet '%s': %s"), s->name,
		    lxw_strerror(err));
		*code = x->failed = LB_DATAERR;
		return -1;
	}
	sheet_free(s);
	return 0;
}

int
xlsxout_sheet(struct xlsxout *x, const char *name, size_t n,
    const char *const *header, const enum xlsx_type *types, int *code)
{
	struct sheet *s = &x->cur;
	lxw_worksheet *ws;
	char *fixed;
	size_t c;
	int quiet, e;

	if (x->failed) {
		*code = x->failed;
		return -1;
	}
	if (finish_sheet(x, code) < 0)
		return -1;
	fixed = sheet_name(x, name);
	if (n == 0 || n > XLSXOUT_MAX_COLS) {
		diag_error(NULL, 0, 0, _("sheet '%s': %zu columns (a "
		    "spreadsheet holds 1 to %d; write CSV instead)"), fixed, n,
		    XLSXOUT_MAX_COLS);
		free(fixed);
		*code = x->failed = LB_DATAERR;
		return -1;
	}
	/* In constant_memory mode a sheet opens its temporary file. */
	quiet = mute();
	errno = 0;
	ws = workbook_add_worksheet(x->wb, fixed);
	e = errno;
	unmute(quiet);
	if (ws == NULL) {
		diag_error(NULL, 0, 0, _("cannot create a temporary file in "
		    "'%s': %s (set TMPDIR to a folder you can write)"),
		    x->tmpdir, e != 0 ? strerror(e) : _("unknown error"));
		free(fixed);
		*code = x->failed = LB_CANTCREAT;
		return -1;
	}
	XGROW(x->names, x->nnames + 1, x->capnames);
	x->names[x->nnames++] = xstrdup(fixed);
	s->ws = ws;
	s->name = fixed;
	s->n = n;
	s->header = xcalloc(n, sizeof(*s->header));
	s->types = xcalloc(n, sizeof(*s->types));
	s->width = xcalloc(n, sizeof(*s->width));
	for (c = 0; c < n; c++) {
		s->header[c] = xstrdup(header[c] != NULL ? header[c] : "");
		s->types[c] = types != NULL ? types[c] : XT_TEXT;
		/* Bold, and the filter's button beside it. */
		s->width[c] = text_lines_width(s->header[c],
		    strlen(s->header[c])) + 3;
	}
	s->row = 0;
	return 0;
}

int
xlsxout_title(struct xlsxout *x, const char *text, int *code)
{
	struct sheet *s = &x->cur;

	if (x->failed) {
		*code = x->failed;
		return -1;
	}
	if (s->ws == NULL || s->header_out) {
		/* A caller's mistake, said rather than written askew. */
		diag_error(NULL, 0, 0, _("a title goes before the rows of a "
		    "sheet"));
		*code = x->failed = LB_DATAERR;
		return -1;
	}
	if (put_text(x, s->row, 0, text != NULL ? text : "", x->bold, 0,
	    code) < 0)
		return -1;
	s->row++;
	return 0;
}

int
xlsxout_row(struct xlsxout *x, const char *const *v, int *code)
{
	struct sheet *s = &x->cur;
	size_t c;

	if (x->failed) {
		*code = x->failed;
		return -1;
	}
	if (s->ws == NULL) {
		diag_error(NULL, 0, 0, _("a row before any sheet"));
		*code = x->failed = LB_DATAERR;
		return -1;
	}
	if (put_header(x, code) < 0)
		return -1;
	if (s->row >= XLSXOUT_MAX_ROWS) {
		diag_error(NULL, 0, 0, _("sheet '%s': more than %lu rows, "
		    "more than a spreadsheet holds (write CSV instead)"),
		    s->name, (unsigned long)(XLSXOUT_MAX_ROWS - s->header_row - 1));
		*code = x->failed = LB_DATAERR;
		return -1;
	}
	for (c = 0; c < s->n; c++)
		if (put_cell(x, (lxw_col_t)c, v[c], code) < 0)
			return -1;
	s->row++;
	return 0;
}

/* Part i of z is well-formed XML, read back whole; else the reason in why. */
static int
xml_ok(zip_t *z, zip_uint64_t i, struct sbuf *why)
{
	XML_Parser p = XML_ParserCreate(NULL);
	zip_file_t *f;
	char buf[65536];
	zip_int64_t n;
	int ok = 0;

	if (p == NULL)
		oom();
	f = zip_fopen_index(z, i, 0);
	if (f == NULL) {
		sbuf_adds(why, zip_strerror(z));
		XML_ParserFree(p);
		return 0;
	}
	while ((n = zip_fread(f, buf, sizeof(buf))) > 0)
		if (XML_Parse(p, buf, (int)n, 0) == XML_STATUS_ERROR)
			break;
	if (n < 0)
		sbuf_adds(why, zip_file_strerror(f));
	else if (n > 0 || XML_Parse(p, "", 0, 1) == XML_STATUS_ERROR)
		sbuf_adds(why, XML_ErrorString(XML_GetErrorCode(p)));
	else
		ok = 1;
	zip_fclose(f);
	XML_ParserFree(p);
	return ok;
}

/*
 * Read the workbook back: libxlsxwriter does not check its writes into
 * its own temporary files (a full TMPDIR leaves a sheet cut short inside
 * a zip that closes fine), and a cut part is XML that never ends.  So
 * every part must be in the zip, read back whole (CRC) and well-formed.
 * Returns 0, or -1 with the reason in why.
 */
static int
verify(struct xlsxout *x, struct sbuf *why)
{
	zip_t *z;
	zip_int64_t n, i;
	const char *name;
	size_t len;
	int fd, zerr = 0, ok = 1;
	zip_error_t ze;

	if (lseek(x->fd, 0, SEEK_SET) < 0 || (fd = dup(x->fd)) < 0) {
		sbuf_adds(why, strerror(errno));
		return -1;
	}
	z = zip_fdopen(fd, ZIP_CHECKCONS, &zerr);
	if (z == NULL) {
		close(fd);
		zip_error_init_with_code(&ze, zerr);
		sbuf_adds(why, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	n = zip_get_num_entries(z, 0);
	for (i = 0; ok && i < n; i++) {
		name = zip_get_name(z, (zip_uint64_t)i, 0);
		if (name == NULL)
			continue;
		len = strlen(name);
		if ((len > 4 && strcmp(name + len - 4, ".xml") == 0) ||
		    (len > 5 && strcmp(name + len - 5, ".rels") == 0)) {
			sbuf_printf(why, "%s: ", name);
			if (!xml_ok(z, (zip_uint64_t)i, why))
				ok = 0;
			else
				sbuf_reset(why);
		}
	}
	zip_discard(z);
	if (ok && n <= 0)
		sbuf_adds(why, _("no parts in it"));
	return ok && n > 0 ? 0 : -1;
}

/* The scratch file's bytes into the output stream. */
static int
copy_out(struct xlsxout *x)
{
	FILE *out = x->of != NULL ? ofile_stream(x->of) : x->out;
	char buf[65536];
	ssize_t n;

	if (lseek(x->fd, 0, SEEK_SET) < 0)
		return -1;
	for (;;) {
		n = read(x->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		/* A short write shows in ofile_commit's check. */
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			return 0;
	}
}

int
xlsxout_close(struct xlsxout *x, int *code)
{
	struct sbuf why = SBUF_INIT;
	lxw_error err;
	int quiet, e;

	if (x->failed) {
		/* Its message was said when it failed. */
		*code = x->failed;
		xlsxout_abort(x);
		return -1;
	}
	if (finish_sheet(x, code) < 0) {
		xlsxout_abort(x);
		return -1;
	}
	if (x->cut > CUT_SHOWN)
		diag_warn(NULL, 0, 0, P_("%ld more cell cut to %d characters",
		    "%ld more cells cut to %d characters", x->cut - CUT_SHOWN),
		    x->cut - CUT_SHOWN, XLSXOUT_MAX_CELL);
	quiet = mute();
	errno = 0;
	err = workbook_close(x->wb);	/* frees it, failing or not */
	e = errno;
	unmute(quiet);
	x->wb = NULL;
	sbuf_init(&why);
	if (err != LXW_NO_ERROR) {
		/* errno names the cause (ENOSPC) better than the library. */
		sbuf_adds(&why, e != 0 ? strerror(e) : lxw_strerror(err));
		goto broken;
	}
	if (verify(x, &why) < 0)
		goto broken;
	if (copy_out(x) < 0) {
		e = errno;
		diag_error(NULL, 0, 0, _("cannot read a temporary file in "
		    "'%s': %s"), x->tmpdir, strerror(e));
		goto fail;
	}
	sbuf_release(&why);
	/* A stream is the caller's to commit (and check). */
	e = x->of != NULL ? ofile_commit(x->of) : 0;
	x->of = NULL;
	xlsxout_abort(x);
	if (e < 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
broken:
	diag_error(NULL, 0, 0, _("cannot write '%s': cannot put the workbook "
	    "together in '%s': %s (is that folder full? set TMPDIR to a "
	    "folder with room)"), x->of != NULL ? ofile_path(x->of) :
	    _("the output"), x->tmpdir, why.buf);
fail:
	sbuf_release(&why);
	*code = LB_IOERR;
	xlsxout_abort(x);
	return -1;
}

void
xlsxout_abort(struct xlsxout *x)
{
	size_t i;

	if (x == NULL)
		return;
	if (x->wb != NULL)
		lxw_workbook_free(x->wb);
	sheet_free(&x->cur);
	ofile_abort(x->of);
	scratch_close(x);
	for (i = 0; i < x->nnames; i++)
		free(x->names[i]);
	free(x->names);
	free(x->tmpdir);
	free(x);
}
