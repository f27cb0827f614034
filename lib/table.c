/* table.c: a whole CSV file of one kind in memory, its headers mapped to canonical keys. */
#include <stdint.h>
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
#include "text.h"
#include "xmem.h"

/*
 * A row read (or added with its values) is one allocation, its block:
 * the row's array of cell pointers, then the values, one after another.
 * A county's roster is then 50,000 allocations rather than two million.
 * A cell set later (table_set_cell()) is a copy of its own, unless it is
 * empty: every empty cell not in a block points at the one static "".
 * So a cell is freed alone when it lies neither in its row's block
 * (known by address) nor at that "".  A column added to a block row
 * moves the row's pointers out of the block into an array of their own;
 * the values stay where they are.
 */

/* A row's block, [lo, hi); both NULL for a row without one. */
struct block {
	char *lo, *hi;
};

/* The table and its private bookkeeping, in one allocation. */
struct table_priv {
	struct table t;
	size_t rowcap;
	struct block *blocks;	/* per row */
	size_t nloose;		/* cells that are allocations of their own */
	struct strmap *extra;	/* name -> column, of the unknown columns */
};

#define PRIV(t) ((struct table_priv *)(void *)(t))

/* Every empty cell outside a block: never written, never freed. */
static char empty[1];

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
	tp->blocks = xreallocarray(tp->blocks, tp->rowcap,
	    sizeof(*tp->blocks));
}

/* Whether cell value v of row r is an allocation of its own. */
static int
loose(const struct table_priv *tp, size_t r, const char *v)
{
	uintptr_t a = (uintptr_t)v;

	return v != empty && (a < (uintptr_t)tp->blocks[r].lo ||
	    a >= (uintptr_t)tp->blocks[r].hi);
}

/* Free row r: its loose cells, its pointers, its block. */
static void
free_row(struct table_priv *tp, size_t r)
{
	struct table *t = &tp->t;
	size_t j;

	if (tp->nloose > 0)
		for (j = 0; j < t->ncols; j++)
			if (loose(tp, r, t->rows[r][j])) {
				free(t->rows[r][j]);
				tp->nloose--;
			}
	if ((char *)t->rows[r] != tp->blocks[r].lo)
		free(t->rows[r]);
	free(tp->blocks[r].lo);
}

/*
 * Append a row of the n = ncols values v (len[i] bytes each; NULL: the
 * values' strlen()), in one block.
 */
static size_t
push_block_row(struct table *t, char *const *v, const size_t *len,
    long line)
{
	struct table_priv *tp = PRIV(t);
	size_t i, n, size, ptrs = (t->ncols ? t->ncols : 1) * sizeof(char *);
	char **row, *p;

	grow_rows(t);
	size = ptrs;
	for (i = 0; i < t->ncols; i++)
		size += (len != NULL ? len[i] : strlen(v[i])) + 1;
	row = xmalloc(size);
	p = (char *)row + ptrs;
	for (i = 0; i < t->ncols; i++) {
		n = len != NULL ? len[i] : strlen(v[i]);
		memcpy(p, v[i], n);
		p[n] = '\0';
		row[i] = p;
		p += n + 1;
	}
	t->rows[t->nrows] = row;
	t->lines[t->nrows] = line;
	tp->blocks[t->nrows].lo = (char *)row;
	tp->blocks[t->nrows].hi = (char *)row + size;
	return t->nrows++;
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
		char **row = t->rows[i];

		/* The pointers of a block row move out of its block. */
		if ((char *)row == PRIV(t)->blocks[i].lo) {
			row = xreallocarray(NULL, t->ncols, sizeof(*row));
			memcpy(row, t->rows[i], j * sizeof(*row));
		} else
			row = xreallocarray(row, t->ncols, sizeof(*row));
		row[j] = empty;
		t->rows[i] = row;
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
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++)
		free_row(PRIV(t), i);
	free(t->rows);
	free(t->lines);
	free(PRIV(t)->blocks);
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
	const char *names[5];
	char **alias = p != NULL ? p->aliases[kind][c] : NULL;
	size_t n = 0, i;

	names[n++] = schema_col_name(kind, (size_t)c);
	for (i = 0; alias != NULL && alias[i] != NULL && n < 4; i++)
		names[n++] = alias[i];
	names[n] = NULL;
	text_list(sb, names, 1);
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

/* Row r's ID cells trimmed in place (schema_col_is_id()). */
static void
trim_ids(struct table *t, size_t r)
{
	const char *s;
	char *cell;
	size_t j, n;

	for (j = 0; j < t->ncols; j++) {
		if (t->canon[j] < 0 ||
		    !schema_col_is_id(t->kind, (size_t)t->canon[j]))
			continue;
		cell = t->rows[r][j];
		s = text_trim(cell, &n);
		if (s != cell || cell[n] != '\0') {
			memmove(cell, s, n);
			cell[n] = '\0';
		}
	}
}

struct layout {
	enum file_kind kind;
	const struct policy *p;
};

/* csvio_opts.column for a file of one kind. */
static int
layout_column(const void *arg, const char *name)
{
	const struct layout *l = arg;
	int c = l->p != NULL ? policy_column(l->p, l->kind, name) :
	    schema_col_index(l->kind, name);

	return c < (int)schema_ncols(l->kind) ? c : -1;
}

struct csvio_reader *
table_open(const char *path, enum file_kind kind, const struct policy *p,
    const struct csvio_opts *opts, int *code)
{
	struct csvio_opts o = { .encoding = NULL };
	struct layout l = { kind, p };

	if (opts != NULL)
		o = *opts;
	o.column = layout_column;
	o.column_arg = &l;	/* used by csvio_open() only */
	return csvio_open(path, &o, code);
}

struct table *
table_read(const char *path, enum file_kind kind, const struct policy *p,
    const struct csvio_opts *opts, int *code)
{
	struct csvio_reader *r;
	const struct csvio_row *row;
	struct table *t;
	int rc;

	r = table_open(path, kind, p, opts, code);
	if (r == NULL)
		return NULL;
	t = alloc_table(kind, csvio_name(r));
	if (map_header(t, csvio_header(r), p) < 0) {
		*code = LB_DATAERR;
		goto fail;
	}
	while ((rc = csvio_next(r, &row)) == 1)
		trim_ids(t, push_block_row(t, row->v, row->len, row->line));
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
table_set_cell(struct table *t, size_t r, size_t j, const char *v)
{
	struct table_priv *tp = PRIV(t);
	char *old = t->rows[r][j];

	/* v may be the old value itself (or point into it): copy first. */
	if (v == NULL || *v == '\0')
		t->rows[r][j] = empty;
	else {
		t->rows[r][j] = xstrdup(v);
		tp->nloose++;
	}
	if (loose(tp, r, old)) {
		free(old);
		tp->nloose--;
	}
}

void
table_set(struct table *t, size_t r, int c, const char *v)
{
	table_set_cell(t, r, table_add_col(t, c), v);
}

size_t
table_add_row(struct table *t, char *const *v, long line)
{
	struct table_priv *tp = PRIV(t);
	char **row, **vv;
	size_t i;

	if (v == NULL) {
		grow_rows(t);
		row = xreallocarray(NULL, t->ncols ? t->ncols : 1,
		    sizeof(*row));
		for (i = 0; i < t->ncols; i++)
			row[i] = empty;
		t->rows[t->nrows] = row;
		t->lines[t->nrows] = line;
		tp->blocks[t->nrows].lo = tp->blocks[t->nrows].hi = NULL;
		return t->nrows++;
	}
	/* NULL values are empty. */
	for (i = 0; i < t->ncols && v[i] != NULL; i++)
		;
	if (i == t->ncols)
		return push_block_row(t, v, NULL, line);
	vv = xreallocarray(NULL, t->ncols, sizeof(*vv));
	for (i = 0; i < t->ncols; i++)
		vv[i] = v[i] != NULL ? v[i] : empty;
	i = push_block_row(t, vv, NULL, line);
	free(vv);
	return i;
}

void
table_drop_rows(struct table *t, const unsigned char *drop)
{
	struct table_priv *tp = PRIV(t);
	size_t r, kept = 0;

	for (r = 0; r < t->nrows; r++) {
		if (drop[r]) {
			free_row(tp, r);
			continue;
		}
		t->rows[kept] = t->rows[r];
		t->lines[kept] = t->lines[r];
		tp->blocks[kept++] = tp->blocks[r];
	}
	t->nrows = kept;
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

struct ofile *
table_write_open(const struct table *t, const char *path, int flags,
    int *code)
{
	struct ofile *of;

	if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL) {
		*code = LB_CANTCREAT;
		return NULL;
	}
	table_write(t, ofile_stream(of), flags);
	return of;
}

int
table_write_path(const struct table *t, const char *path, int flags,
    int *code)
{
	struct ofile *of;

	if (path == NULL || strcmp(path, "-") == 0) {
		table_write(t, stdout, flags);
		return 0;
	}
	if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL) {
		*code = LB_CANTCREAT;
		return -1;
	}
	table_write(t, ofile_stream(of), flags);
	if (ofile_commit(of) != 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
}
