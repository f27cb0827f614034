/* table.c: a whole CSV file of one kind in memory, its headers mapped to canonical keys. */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "sbuf.h"
#include "schema.h"
#include "strmap.h"
#include "table.h"
#include "xmem.h"

/*
 * Every cell is its own allocation, owned by the table: commands replace a
 * value with free() and xstrdup() (or table_set()), as they would any
 * other string they own.
 */

/* The table and its private bookkeeping, in one allocation. */
struct table_priv {
	struct table t;
	size_t rowcap;
	struct strmap *extra;	/* name -> column, of the unknown columns */
};

#define PRIV(t) ((struct table_priv *)(void *)(t))

static struct table *
alloc_table(enum file_kind kind, const char *name)
{
	struct table_priv *tp = xcalloc(1, sizeof(*tp));
	struct table *t = &tp->t;
	size_t i;

	t->kind = kind;
	t->name = xstrdup(name != NULL ? name : "");
	tp->extra = strmap_new();
	for (i = 0; i < sizeof(t->col) / sizeof(t->col[0]); i++)
		t->col[i] = -1;
	return t;
}

/* Room for one more row. */
static void
grow_rows(struct table *t)
{
	struct table_priv *tp = PRIV(t);

	if (t->nrows < tp->rowcap)
		return;
	tp->rowcap = tp->rowcap ? tp->rowcap * 2 : 256;
	t->rows = xreallocarray(t->rows, tp->rowcap, sizeof(*t->rows));
	t->lines = xreallocarray(t->lines, tp->rowcap, sizeof(*t->lines));
}

/* Append a column named name for canonical c (or -1); rows get "". */
static size_t
push_col(struct table *t, const char *name, int c)
{
	size_t i, j = t->ncols;

	t->ncols++;
	t->names = xreallocarray(t->names, t->ncols, sizeof(*t->names));
	t->canon = xreallocarray(t->canon, t->ncols, sizeof(*t->canon));
	t->names[j] = xstrdup(name);
	t->canon[j] = c;
	if (c >= 0)
		t->col[c] = (int)j;
	else
		(void)strmap_put(PRIV(t)->extra, name, (long)j);
	for (i = 0; i < t->nrows; i++) {
		t->rows[i] = xreallocarray(t->rows[i], t->ncols,
		    sizeof(*t->rows[i]));
		t->rows[i][j] = xstrdup("");
	}
	return j;
}

struct table *
table_new(enum file_kind kind, const char *name)
{
	struct table *t = alloc_table(kind, name);
	size_t c, n = schema_ncols(kind);

	for (c = 0; c < n; c++)
		push_col(t, schema_col_name(kind, c), (int)c);
	return t;
}

void
table_free(struct table *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
	}
	free(t->rows);
	free(t->lines);
	for (i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->names);
	free(t->canon);
	free(t->name);
	strmap_free(PRIV(t)->extra);
	free(PRIV(t));
}

/* "'student_id', '学号' or '学籍号'": the names a header may use for c. */
static void
header_examples(struct sbuf *sb, const struct policy *p, enum file_kind kind,
    int c)
{
	const char *names[4];
	char **alias = p != NULL ? p->aliases[kind][c] : NULL;
	size_t n = 0, i;

	names[n++] = schema_col_name(kind, (size_t)c);
	for (i = 0; alias != NULL && alias[i] != NULL && n < 4; i++)
		names[n++] = alias[i];
	for (i = 0; i < n; i++) {
		if (i > 0)
			sbuf_adds(sb, i + 1 == n ? _(" or ") : _(", "));
		sbuf_printf(sb, "'%s'", names[i]);
	}
}

int
table_map_header(const char *name, const struct csvio_row *h,
    enum file_kind kind, const struct policy *p, const char *const *need,
    int *col, int *canon)
{
	struct sbuf sb;
	size_t i;
	int c;

	for (c = 0; c < (int)schema_ncols(kind); c++)
		col[c] = -1;
	for (i = 0; i < h->n; i++) {
		c = p != NULL ? policy_column(p, kind, h->v[i]) :
		    schema_col_index(kind, h->v[i]);
		if (c >= (int)schema_ncols(kind))
			c = -1;
		if (canon != NULL)
			canon[i] = c;
		if (c < 0)
			continue;
		if (col[c] >= 0) {
			diag_error(name, h->line, 0,
			    _("headers '%s' and '%s' both name column '%s'"),
			    h->v[col[c]], h->v[i], schema_col_name(kind, (size_t)c));
			return -1;
		}
		col[c] = (int)i;
	}
	for (need = need != NULL ? need : schema_required_cols(kind);
	    *need != NULL; need++) {
		c = schema_col_index(kind, *need);
		if (c < 0 || col[c] >= 0)
			continue;
		sbuf_init(&sb);
		header_examples(&sb, p, kind, c);
		diag_error(name, h->line, 0,
		    _("missing column '%s' (expected a header such as %s)"),
		    *need, sb.buf);
		sbuf_release(&sb);
		return -1;
	}
	return 0;
}

/* Map the header onto the table's columns; -1 after a message. */
static int
map_header(struct table *t, const struct csvio_row *h, const struct policy *p)
{
	int col[64], *canon = xcalloc(h->n + 1, sizeof(*canon));
	size_t i;

	if (table_map_header(t->name, h, t->kind, p, NULL, col, canon) < 0) {
		free(canon);
		return -1;
	}
	for (i = 0; i < h->n; i++)
		push_col(t, canon[i] >= 0 ? schema_col_name(t->kind,
		    (size_t)canon[i]) : h->v[i], canon[i]);
	free(canon);
	return 0;
}

struct table *
table_read(const char *path, enum file_kind kind, const struct policy *p,
    const struct csvio_opts *opts, int *code)
{
	struct csvio_reader *r;
	const struct csvio_row *row;
	struct table *t;
	char **v;
	size_t i;
	int rc;

	r = csvio_open(path, opts, code);
	if (r == NULL)
		return NULL;
	t = alloc_table(kind, csvio_name(r));
	if (map_header(t, csvio_header(r), p) < 0) {
		*code = LB_DATAERR;
		goto fail;
	}
	while ((rc = csvio_next(r, &row)) == 1) {
		grow_rows(t);
		v = xreallocarray(NULL, t->ncols, sizeof(*v));
		for (i = 0; i < t->ncols; i++)
			v[i] = xstrndup(row->v[i], row->len[i]);
		t->rows[t->nrows] = v;
		t->lines[t->nrows] = row->line;
		t->nrows++;
	}
	if (rc < 0) {
		*code = csvio_code(r);
		goto fail;
	}
	csvio_close(r);
	*code = LB_OK;
	return t;
fail:
	csvio_close(r);
	table_free(t);
	return NULL;
}

const char *
table_get(const struct table *t, size_t r, int c)
{
	if (c < 0 || c >= 64 || t->col[c] < 0 || r >= t->nrows)
		return "";
	return t->rows[r][t->col[c]];
}

size_t
table_add_col(struct table *t, int c)
{
	if (t->col[c] >= 0)
		return (size_t)t->col[c];
	return push_col(t, schema_col_name(t->kind, (size_t)c), c);
}

void
table_set(struct table *t, size_t r, int c, const char *v)
{
	size_t j = table_add_col(t, c);
	char *old = t->rows[r][j];

	/* v may be the old value itself (or point into it). */
	t->rows[r][j] = xstrdup(v != NULL ? v : "");
	free(old);
}

size_t
table_add_row(struct table *t, char *const *v, long line)
{
	char **row;
	size_t i;

	grow_rows(t);
	row = xreallocarray(NULL, t->ncols ? t->ncols : 1, sizeof(*row));
	for (i = 0; i < t->ncols; i++)
		row[i] = xstrdup(v != NULL && v[i] != NULL ? v[i] : "");
	t->rows[t->nrows] = row;
	t->lines[t->nrows] = line;
	return t->nrows++;
}

size_t
table_add_extra(struct table *t, const char *name)
{
	long j;

	/* A hash, not a scan: an intake may carry a million columns. */
	if ((j = strmap_get(PRIV(t)->extra, name)) >= 0)
		return (size_t)j;
	return push_col(t, name, -1);
}

long
table_find(const struct table *t, int c, const char *v)
{
	size_t r;
	int j;

	if (c < 0 || c >= 64 || (j = t->col[c]) < 0)
		return -1;
	for (r = 0; r < t->nrows; r++)
		if (strcmp(t->rows[r][j], v) == 0)
			return (long)r;
	return -1;
}

void
table_write(const struct table *t, FILE *f, int flags)
{
	struct csvio_writer *w = csvio_writer_new(f, flags);
	size_t r;

	csvio_write_row(w, t->ncols, t->names);
	for (r = 0; r < t->nrows; r++)
		csvio_write_row(w, t->ncols, t->rows[r]);
	csvio_writer_free(w);
}

int
table_write_path(const struct table *t, const char *path, int flags)
{
	struct ofile *of;

	if (path == NULL || strcmp(path, "-") == 0) {
		table_write(t, stdout, flags);
		return LB_OK;
	}
	if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL)
		return LB_CANTCREAT;
	table_write(t, ofile_stream(of), flags);
	return ofile_commit(of) == 0 ? LB_OK : LB_IOERR;
}
