/* roster.c: the roster's children: what every command takes from a roster row. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "policy.h"
#include "roster.h"
#include "schema.h"
#include "table.h"
#include "text.h"
#include "when.h"
#include "xmem.h"

void
child_init(struct child *c)
{
	memset(c, 0, sizeof(*c));
	sbuf_init(&c->text);
}

void
child_release(struct child *c)
{
	int k;

	if (c->scratch != NULL)
		for (k = 0; k < RC_COUNT; k++)
			free(c->scratch[k]);
	free(c->scratch);
	free(c->when);
	sbuf_release(&c->text);
}

/*
 * v trimmed: v itself when it has no blanks around it (most values),
 * else a copy appended to sb, NUL-terminated; *at gets the copy's offset
 * (the pointer is set once sb has stopped growing), or SIZE_MAX.
 */
static const char *
keep(struct sbuf *sb, const char *v, size_t *at)
{
	size_t len = strlen(v), n;
	const char *t = text_trim_n(v, len, &n);

	*at = SIZE_MAX;
	if (n == len)
		return v;
	*at = sb->len;
	sbuf_add(sb, t, n);
	sbuf_addc(sb, '\0');
	return NULL;
}

/* Index of v's canonical word among d's values, or -1. */
static int
domain_index(const struct policy *p, enum domain d, const char *v)
{
	const char *const *vals = schema_domain_values(d);
	const char *canon;
	int i, err = 0;

	if ((canon = policy_value(p, d, v, &err)) == NULL)
		return -1;
	for (i = 0; vals[i] != NULL; i++)
		if (strcmp(vals[i], canon) == 0)
			return i;
	return -1;
}

/*
 * The attention lb-enroll gives a row whose attention is empty: the key
 * rules' (card_normalize() applies them to the normalised values).
 */
static int
derived_attention(struct child *c, const struct policy *p,
    const char *const *v, date_t as_of)
{
	struct sbuf errs = SBUF_INIT;
	int k, a;

	if (c->scratch == NULL)
		c->scratch = xcalloc(RC_COUNT, sizeof(*c->scratch));
	for (k = 0; k < RC_COUNT; k++) {
		free(c->scratch[k]);
		c->scratch[k] = xstrdup(v[k]);
	}
	sbuf_init(&errs);
	(void)card_normalize(p, c->scratch, as_of, 0, &errs);
	sbuf_release(&errs);
	a = domain_index(p, DOM_ATTENTION, c->scratch[RC_ATTENTION]);
	return a >= 0 ? a : 0;
}

void
roster_child(struct child *c, const struct policy *p, const char *const *v,
    date_t as_of, const char *file, long line)
{
	static const int col[8] = { RC_STUDENT_ID, RC_NAME, RC_CLASS,
		RC_GRADE, RC_VILLAGE, RC_MENTOR_ID, RC_BUDDY_ID,
		RC_VOLUNTEER_ID };
	const char **field[8];
	size_t at[8];
	int k, s;

	field[0] = &c->id;
	field[1] = &c->name;
	field[2] = &c->class;
	field[3] = &c->grade;
	field[4] = &c->village;
	field[5] = &c->mentor;
	field[6] = &c->buddy;
	field[7] = &c->volunteer;
	sbuf_reset(&c->text);
	for (k = 0; k < 8; k++)
		*field[k] = keep(&c->text, v[col[k]], &at[k]);
	for (k = 0; k < 8; k++)
		if (at[k] != SIZE_MAX)
			*field[k] = c->text.buf + at[k];

	if (text_blank(v[RC_STATUS]))
		s = CHILD_ACTIVE;
	else if ((s = domain_index(p, DOM_STATUS, v[RC_STATUS])) < 0) {
		if (file != NULL)
			diag_warn(file, line, 0, _("unknown status '%s' "
			    "(expected one of active, transferred, graduated, "
			    "dropped): child left out"), v[RC_STATUS]);
		s = CHILD_STATUS_UNKNOWN;
	}
	c->status = (enum child_status)s;
	if (text_blank(v[RC_ATTENTION]))
		c->attention = p->nkey_rules > 0 ?
		    derived_attention(c, p, v, as_of) : 0;
	else if ((c->attention = domain_index(p, DOM_ATTENTION,
	    v[RC_ATTENTION])) < 0)
		c->attention = 0;
	/* A birth month without its day gives no birthday (card_birth()). */
	if (card_birth(v, &c->birth) != DATE_DAY)
		c->birth = DATE_NONE;
	if (date_parse(v[RC_ENROLLED_ON], &c->enrolled_on) != 0 &&
	    date_parse_sheet(v[RC_ENROLLED_ON], &c->enrolled_on) < 0)
		c->enrolled_on = DATE_NONE;
	/* The policy stays the same from one row to the next. */
	if (p->nwhen_kinds > 0) {
		if (c->when == NULL)
			c->when = xmalloc(p->nwhen_kinds);
		when_choose(p, v, c->attention, as_of, c->when);
	}
}

int
child_active(const struct child *c, date_t d)
{
	return c->status == CHILD_ACTIVE &&
	    (c->enrolled_on == DATE_NONE || d == DATE_NONE ||
	    c->enrolled_on <= d);
}

void
roster_row_values(const struct table *t, size_t r, const char **v)
{
	char *const *row = t->rows[r];
	int k;

	for (k = 0; k < RC_COUNT; k++)
		v[k] = t->col[k] >= 0 ? row[t->col[k]] : "";
}

/* Streaming. */

struct roster_reader {
	const struct policy *p;
	date_t as_of;
	struct csvio_reader *rd;
	int col[RC_COUNT];	/* per canonical column: its position, or -1 */
	int *canon;		/* per header: its canonical column, or -1 */
	int code;
	struct sbuf trimmed;	/* roster_row()'s IDs trimmed */
};

/* roster_open() and roster_open_table(): need as table_map_header()'s. */
static struct roster_reader *
open_reader(const char *path, const struct policy *p, date_t as_of,
    const struct csvio_opts *opts, const char *const *need, int *code)
{
	struct roster_reader *r;
	const struct csvio_row *h;

	r = xcalloc(1, sizeof(*r));
	r->p = p;
	r->as_of = as_of;
	if ((r->rd = table_open(path, FK_ROSTER, p, opts, code)) == NULL) {
		free(r);
		return NULL;
	}
	h = csvio_header(r->rd);
	r->canon = xcalloc(h->n + 1, sizeof(*r->canon));
	if (table_map_header(csvio_name(r->rd), h, FK_ROSTER, p,
	    need, r->col, r->canon) != 0) {
		*code = LB_DATAERR;
		roster_close(r);
		return NULL;
	}
	return r;
}

struct roster_reader *
roster_open(const char *path, const struct policy *p, date_t as_of,
    const struct csvio_opts *opts, int *code)
{
	static const char *const id_only[] = { "student_id", NULL };

	return open_reader(path, p, as_of, opts, id_only, code);
}

struct roster_reader *
roster_open_table(const char *path, const struct policy *p,
    const struct csvio_opts *opts, int *code)
{
	return open_reader(path, p, DATE_NONE, opts, NULL, code);
}

int
roster_row(struct roster_reader *r, const struct csvio_row **row,
    const char **v)
{
	size_t at[RC_COUNT], n;
	const char *t;
	int k, rc;

	if ((rc = csvio_next(r->rd, row)) != 1) {
		if (rc < 0)
			r->code = csvio_code(r->rd);
		return rc;
	}
	/*
	 * IDs trimmed, as table_read() keeps them: into copies, the row
	 * being read-only (a sheet's cell may be another's too).
	 */
	sbuf_reset(&r->trimmed);
	for (k = 0; k < RC_COUNT; k++) {
		at[k] = SIZE_MAX;
		v[k] = r->col[k] >= 0 ? (*row)->v[r->col[k]] : "";
		if (r->col[k] < 0 || !schema_col_is_id(FK_ROSTER, (size_t)k))
			continue;
		t = text_trim_n(v[k], (*row)->len[r->col[k]], &n);
		if (t != v[k] || n != (*row)->len[r->col[k]]) {
			at[k] = r->trimmed.len;
			sbuf_add(&r->trimmed, t, n);
			sbuf_addc(&r->trimmed, '\0');
		}
	}
	/* The copies' addresses once the buffer has stopped growing. */
	for (k = 0; k < RC_COUNT; k++)
		if (at[k] != SIZE_MAX)
			v[k] = r->trimmed.buf + at[k];
	return 1;
}

const char *
roster_name(const struct roster_reader *r)
{
	return csvio_name(r->rd);
}

const struct csvio_row *
roster_header(const struct roster_reader *r)
{
	return csvio_header(r->rd);
}

const int *
roster_canon(const struct roster_reader *r)
{
	return r->canon;
}

int
roster_next(struct roster_reader *r, struct child *c,
    const struct csvio_row **row)
{
	const char *v[RC_COUNT];
	int k, rc;

	while ((rc = csvio_next(r->rd, row)) == 1) {
		for (k = 0; k < RC_COUNT; k++)
			v[k] = r->col[k] >= 0 ? (*row)->v[r->col[k]] : "";
		if (text_blank(v[RC_STUDENT_ID]))
			continue;
		roster_child(c, r->p, v, r->as_of, csvio_name(r->rd),
		    (*row)->line);
		return 1;
	}
	if (rc < 0)
		r->code = csvio_code(r->rd);
	return rc;
}

int
roster_code(const struct roster_reader *r)
{
	return r->code;
}

const char *
roster_get(const struct roster_reader *r, const struct csvio_row *row, int c)
{
	return c >= 0 && c < RC_COUNT && r->col[c] >= 0 ? row->v[r->col[c]] :
	    "";
}

void
roster_close(struct roster_reader *r)
{
	if (r == NULL)
		return;
	csvio_close(r->rd);
	free(r->canon);
	sbuf_release(&r->trimmed);
	free(r);
}
