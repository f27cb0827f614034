/* emit.c: rows out as CSV, an aligned table or an .xlsx sheet, with --columns. */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "policy.h"
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
	const char **head;		/* names of the columns written */
	const char **shown;		/* their header as shown (labels) */
	/* Labels: the script, the policy, each written column's label key
	   (NULL: none), and room for a row's values in words. */
	enum i18n_script sc;
	const struct policy *p;
	const char **lkey;
	struct sbuf *words;		/* per written column */
	struct sbuf key;
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
	    e->npick, e->shown, types, code) != 0)
		rc = -1;
	free(types);
	return rc;
}

/* The label key of column i of header under o, or NULL. */
static const char *
label_key(const struct emit_opts *o, size_t i, const char *const *header)
{
	if (o == NULL || o->policy == NULL)
		return NULL;
	return o->labels != NULL ? o->labels[i] : header[i];
}

/* The column named t by its label under o (either script), or ncols. */
static size_t
by_label(const struct emit_opts *o, size_t ncols, const char *const *header,
    const char *t)
{
	const char *k, *l;
	size_t i;

	for (i = 0; i < ncols; i++) {
		if ((k = label_key(o, i, header)) == NULL ||
		    (l = policy_label_get(o->policy, k)) == NULL)
			continue;
		if (strcmp(l, t) == 0 || strcmp(policy_hant(l), t) == 0)
			break;
	}
	return i;
}

/* The unknown column t: a message, with the name closest to it. */
static void
unknown_column(const struct emit_opts *o, size_t ncols,
    const char *const *header, const char *t)
{
	struct sbuf names = SBUF_INIT;
	const char **cand = xcalloc(3 * ncols + 1, sizeof(*cand));
	const char *hint, *k, *l;
	enum i18n_script sc;
	size_t i, n = 0;

	for (i = 0; i < ncols; i++) {
		cand[n++] = header[i];
		if ((k = label_key(o, i, header)) != NULL &&
		    (l = policy_label_get(o->policy, k)) != NULL) {
			cand[n++] = l;
			if (policy_hant(l) != l)
				cand[n++] = policy_hant(l);
		}
	}
	hint = where_suggest(t, cand, n);
	if (hint != NULL)
		diag_error(NULL, 0, 0, _("--columns: unknown "
		    "column '%s' (did you mean '%s'?)"), t, hint);
	else {
		/* In Chinese each with its label: student_id（学籍号）. */
		sc = o != NULL && o->policy != NULL ? i18n_script() : I18N_NONE;
		sbuf_init(&names);
		for (i = 0; i < ncols; i++) {
			sbuf_printf(&names, "%s%s", i ? ", " : "", header[i]);
			if (sc != I18N_NONE &&
			    (k = label_key(o, i, header)) != NULL &&
			    (l = policy_word(o->policy, k, sc)) != NULL)
				sbuf_printf(&names,
				    "\xef\xbc\x88%s\xef\xbc\x89", l);
		}
		diag_error(NULL, 0, 0, _("--columns: unknown "
		    "column '%s' (expected one of %s)"), t, names.buf);
		sbuf_release(&names);
	}
	free(cand);
}

/*
 * Resolve columns against header into *pick (malloc'd, *npick entries):
 * by name, or under o by label.  Returns 0, or -1 after a message.
 */
static int
pick_columns(const struct emit_opts *o, const char *columns, size_t ncols,
    const char *const *header, size_t **pick, size_t *npick)
{
	struct sbuf name = SBUF_INIT;
	const char *s, *end, *t;
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
		if (i == ncols)
			i = by_label(o, ncols, header, t);
		if (i == ncols) {
			unknown_column(o, ncols, header, t);
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
	struct emit_opts o = { .columns = columns };

	return emit_check_labels(&o, ncols, header);
}

int
emit_check_labels(const struct emit_opts *o, size_t ncols,
    const char *const *header)
{
	size_t *pick, n;

	if (pick_columns(o, o->columns, ncols, header, &pick, &n) != 0)
		return -1;
	free(pick);
	return 0;
}

enum i18n_script
emit_script(const struct emit_opts *o)
{
	if (o->policy == NULL || (!o->table && !o->xlsx))
		return I18N_NONE;
	return i18n_script();
}

/* The label of key k in e's script, or NULL. */
static const char *
word(struct emit *e, const char *k)
{
	return policy_word(e->p, k, e->sc);
}

/*
 * Value v of written column i as shown: the label of "key.v", or of each
 * item of a ;-separated list (hardship), the separators kept so that a
 * workbook reads back (lb-enroll takes the labels for the values); v
 * itself when the column has no label key or v no label.  A list is put
 * together in e->words[i].
 */
static const char *
value_word(struct emit *e, size_t i, const char *v)
{
	struct sbuf *w = &e->words[i];
	const char *l, *item, *end;
	size_t len;
	int found = 0;

	if (v == NULL || *v == '\0' || e->lkey[i] == NULL)
		return v;
	sbuf_reset(&e->key);
	sbuf_printf(&e->key, "%s.%s", e->lkey[i], v);
	if ((l = word(e, e->key.buf)) != NULL)
		return l;
	if (strchr(v, ';') == NULL)
		return v;
	sbuf_reset(w);
	for (item = v;; item = end + 1) {
		end = item + strcspn(item, ";");
		item = text_trim_n(item, (size_t)(end - item), &len);
		sbuf_reset(&e->key);
		sbuf_printf(&e->key, "%s.%.*s", e->lkey[i], (int)len, item);
		if ((l = word(e, e->key.buf)) != NULL) {
			sbuf_adds(w, l);
			found = 1;
		} else
			sbuf_add(w, item, len);
		if (*end == '\0')
			break;
		sbuf_addc(w, ';');
	}
	return found ? w->buf : v;
}

struct emit *
emit_new(FILE *f, const struct emit_opts *o, size_t ncols,
    const char *const *header, int *code)
{
	struct emit *e = xcalloc(1, sizeof(*e));
	const char *l;
	size_t i;
	int dummy;

	if (code == NULL)
		code = &dummy;
	*code = LB_USAGE;
	if (pick_columns(o, o->columns, ncols, header, &e->pick,
	    &e->npick) != 0) {
		free(e);
		return NULL;
	}
	e->f = f;
	e->table = o->table;
	e->ncols = ncols;
	e->head = xcalloc(e->npick + 1, sizeof(*e->head));
	e->shown = xcalloc(e->npick + 1, sizeof(*e->shown));
	sbuf_init(&e->key);
	if ((e->sc = emit_script(o)) != I18N_NONE) {
		e->p = o->policy;
		e->lkey = xcalloc(e->npick + 1, sizeof(*e->lkey));
		e->words = xcalloc(e->npick + 1, sizeof(*e->words));
	}
	for (i = 0; i < e->npick; i++) {
		e->head[i] = e->shown[i] = header[e->pick[i]];
		if (e->sc == I18N_NONE)
			continue;
		sbuf_init(&e->words[i]);
		e->lkey[i] = label_key(o, e->pick[i], header);
		if (e->lkey[i] != NULL && (l = word(e, e->lkey[i])) != NULL)
			e->shown[i] = l;
	}
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

	out = e->npick < 32 ? few : xcalloc(e->npick + 1, sizeof(*out));
	for (i = 0; i < e->npick; i++)
		out[i] = e->sc == I18N_NONE ? v[e->pick[i]] :
		    value_word(e, i, v[e->pick[i]]);
	out[e->npick] = NULL;
	if (e->table) {
		/* One block a row: the pointers, then their texts. */
		size_t len = 0, n;
		char *at;

		for (i = 0; i < e->npick; i++)
			if (out[i] != NULL)
				len += strlen(out[i]);
		copy = xmalloc((e->npick + 1) * sizeof(*copy) + len +
		    e->npick);
		at = (char *)(copy + e->npick + 1);
		for (i = 0; i < e->npick; i++) {
			n = out[i] != NULL ? strlen(out[i]) : 0;
			if (n > 0)
				memcpy(at, out[i], n);
			at[n] = '\0';
			copy[i] = at;
			at += n + 1;
		}
		copy[e->npick] = NULL;
		XGROW(e->rows, e->nrows + 1, e->cap);
		e->rows[e->nrows++] = copy;
		if (out != few)
			free(out);
		return;
	}
	if (e->w != NULL && !e->started) {
		csvio_write_row(e->w, e->npick, (char *const *)e->head);
		e->started = 1;
	}
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
	if (e->words != NULL)
		for (r = 0; r < e->npick; r++)
			sbuf_release(&e->words[r]);
	free(e->words);
	free(e->lkey);
	sbuf_release(&e->key);
	free(e->pick);
	free(e->head);
	free(e->shown);
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
		tabfmt_write(e->f, e->npick, e->shown, e->nrows,
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
