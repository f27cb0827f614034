/* emit.c: rows out as CSV, an aligned table or an .xlsx sheet, with --columns. */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "sbuf.h"
#include "tabfmt.h"
#include "text.h"
#include "where.h"
#include "xlsxout.h"
#include "xmem.h"

struct emit {
	FILE *f;
	int table;
	struct csvio_writer *w;
	size_t ncols;			/* of the caller's rows */
	size_t *pick;			/* the columns written, in order */
	size_t npick;
	const char **head;		/* header of the columns written */
	char ***rows;			/* a table's rows, until emit_end() */
	size_t nrows, cap;
	int started;			/* the CSV header is out */
	struct xlsxout *x;		/* a workbook's, or NULL */
	int xcode;			/* its first failure, or LB_OK */
};

/*
 * How a column of lb's outputs goes into a workbook, by its name: the
 * contract's dates as dates, its counts as numbers, the report's percent
 * as a percent; all else as text (ids, phones, classes such as 1-1).
 */
static enum xlsx_type
column_type(const char *name)
{
	static const char *const dates[] = { "date", "birth_date",
	    "enrolled_on", "due_date", "last_date", NULL };
	static const char *const numbers[] = { "days_late", "count", "total",
	    "target", "guardian_age", "parent_visits_per_year", "academic",
	    "max_mentees", "load", "score", NULL };
	size_t i;

	for (i = 0; dates[i] != NULL; i++)
		if (strcmp(name, dates[i]) == 0)
			return XT_DATE;
	for (i = 0; numbers[i] != NULL; i++)
		if (strcmp(name, numbers[i]) == 0)
			return XT_NUMBER;
	return strcmp(name, "percent") == 0 ? XT_PERCENT : XT_TEXT;
}

static int
start_workbook(struct emit *e, const struct emit_opts *o, int *code)
{
	enum xlsx_type *types = xcalloc(e->npick + 1, sizeof(*types));
	size_t i;
	int rc = 0;

	for (i = 0; i < e->npick; i++)
		types[i] = column_type(e->head[i]);
	if ((e->x = xlsxout_open_stream(e->f, code)) == NULL ||
	    xlsxout_sheet(e->x, o->sheet != NULL ? o->sheet : "Sheet1",
	    e->npick, e->head, types, code) != 0)
		rc = -1;
	free(types);
	return rc;
}

/*
 * Resolve columns against header into *pick (malloc'd, *npick entries).
 * Returns 0, or -1 after a message.
 */
static int
pick_columns(const char *columns, size_t ncols, const char *const *header,
    size_t **pick, size_t *npick)
{
	struct sbuf name = SBUF_INIT, names = SBUF_INIT;
	const char *s, *end, *t, *hint;
	size_t len, i, n = 0, cap = 0;
	size_t *out = NULL;

	*pick = NULL;
	*npick = 0;
	if (columns == NULL) {
		out = xcalloc(ncols + 1, sizeof(*out));
		for (i = 0; i < ncols; i++)
			out[i] = i;
		*pick = out;
		*npick = ncols;
		return 0;
	}
	sbuf_init(&name);
	for (s = columns;; s = end + 1) {
		end = s + strcspn(s, ",");
		sbuf_reset(&name);
		sbuf_add(&name, s, (size_t)(end - s));
		t = text_trim(name.buf, &len);
		if (len == 0) {
			diag_error(NULL, 0, 0, _("--columns: empty column name "
			    "in '%s' (expected names separated by commas)"),
			    columns);
			goto fail;
		}
		name.buf[(t - name.buf) + len] = '\0';
		for (i = 0; i < ncols; i++)
			if (strcmp(header[i], t) == 0)
				break;
		if (i == ncols) {
			hint = where_suggest(t, header, ncols);
			if (hint != NULL)
				diag_error(NULL, 0, 0, _("--columns: unknown "
				    "column '%s' (did you mean '%s'?)"), t,
				    hint);
			else {
				sbuf_init(&names);
				for (i = 0; i < ncols; i++)
					sbuf_printf(&names, "%s%s", i ? ", " : "",
					    header[i]);
				diag_error(NULL, 0, 0, _("--columns: unknown "
				    "column '%s' (expected one of %s)"), t,
				    names.buf);
				sbuf_release(&names);
			}
			goto fail;
		}
		XGROW(out, n + 1, cap);
		out[n++] = i;
		if (*end == '\0')
			break;
	}
	sbuf_release(&name);
	*pick = out;
	*npick = n;
	return 0;
fail:
	sbuf_release(&name);
	free(out);
	return -1;
}

int
emit_check(const char *columns, size_t ncols, const char *const *header)
{
	size_t *pick, n;

	if (pick_columns(columns, ncols, header, &pick, &n) != 0)
		return -1;
	free(pick);
	return 0;
}

struct emit *
emit_new(FILE *f, const struct emit_opts *o, size_t ncols,
    const char *const *header, int *code)
{
	struct emit *e = xcalloc(1, sizeof(*e));
	size_t i;
	int dummy;

	if (code == NULL)
		code = &dummy;
	*code = LB_USAGE;
	if (pick_columns(o->columns, ncols, header, &e->pick, &e->npick) != 0) {
		free(e);
		return NULL;
	}
	e->f = f;
	e->table = o->table;
	e->ncols = ncols;
	e->head = xcalloc(e->npick + 1, sizeof(*e->head));
	for (i = 0; i < e->npick; i++)
		e->head[i] = header[e->pick[i]];
	if (o->xlsx) {
		if (start_workbook(e, o, code) != 0) {
			emit_abort(e);
			return NULL;
		}
	} else if (!e->table)
		e->w = csvio_writer_new(f, o->csv_flags);
	*code = LB_OK;
	return e;
}

void
emit_row(struct emit *e, const char *const *v)
{
	const char *few[32], **out;
	char **copy;
	size_t i;

	if (e->table) {
		/* One block a row: the pointers, then their texts. */
		size_t len = 0, n;
		char *at;

		for (i = 0; i < e->npick; i++)
			if (v[e->pick[i]] != NULL)
				len += strlen(v[e->pick[i]]);
		copy = xmalloc((e->npick + 1) * sizeof(*copy) + len +
		    e->npick);
		at = (char *)(copy + e->npick + 1);
		for (i = 0; i < e->npick; i++) {
			n = v[e->pick[i]] != NULL ? strlen(v[e->pick[i]]) : 0;
			if (n > 0)
				memcpy(at, v[e->pick[i]], n);
			at[n] = '\0';
			copy[i] = at;
			at += n + 1;
		}
		copy[e->npick] = NULL;
		XGROW(e->rows, e->nrows + 1, e->cap);
		e->rows[e->nrows++] = copy;
		return;
	}
	if (e->w != NULL && !e->started) {
		csvio_write_row(e->w, e->npick, (char *const *)e->head);
		e->started = 1;
	}
	out = e->npick < 32 ? few : xcalloc(e->npick + 1, sizeof(*out));
	for (i = 0; i < e->npick; i++)
		out[i] = v[e->pick[i]];
	out[e->npick] = NULL;
	if (e->x == NULL)
		csvio_write_row(e->w, e->npick, (char *const *)out);
	else if (e->xcode == LB_OK)
		/* After a failure only emit_end() says it. */
		(void)xlsxout_row(e->x, out, &e->xcode);
	if (out != few)
		free(out);
}

static void
emit_free(struct emit *e)
{
	size_t r;

	for (r = 0; r < e->nrows; r++)
		free(e->rows[r]);
	free(e->rows);
	if (e->w != NULL)
		csvio_writer_free(e->w);
	xlsxout_abort(e->x);
	free(e->pick);
	free(e->head);
	free(e);
}

int
emit_end(struct emit *e)
{
	int code = LB_OK;

	if (e == NULL)
		return LB_OK;
	if (e->x != NULL) {
		if (e->xcode != LB_OK)
			code = e->xcode;	/* said; emit_free() aborts */
		else {
			if (xlsxout_close(e->x, &code) != 0 && code == LB_OK)
				code = LB_IOERR;
			e->x = NULL;		/* freed either way */
		}
	} else if (e->table)
		tabfmt_write(e->f, e->npick, e->head, e->nrows,
		    (const char *const *const *)e->rows,
		    tabfmt_term_width(fileno(e->f)));
	else if (!e->started)
		csvio_write_row(e->w, e->npick, (char *const *)e->head);
	emit_free(e);
	return code;
}

void
emit_abort(struct emit *e)
{
	if (e != NULL)
		emit_free(e);
}
