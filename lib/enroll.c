/* enroll.c: intake rows normalised, checked and merged into the roster. */
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "csvio.h"
#include "diag.h"
#include "enroll.h"
#include "history.h"
#include "i18n.h"
#include "policy.h"
#include "sbuf.h"
#include "strmap.h"
#include "table.h"
#include "xmem.h"

/* Say in the history (when kept) that field of the child went old -> new. */
static void
record(struct enroll *e, const struct table *in, size_t r, const char *id,
    const char *field, const char *old, const char *new)
{
	struct sbuf sb = SBUF_INIT;

	if (e->history == NULL)
		return;
	sbuf_init(&sb);
	sbuf_printf(&sb, "%s:%ld", in->name, in->lines[r]);
	history_batch_add(e->history, e->as_of, id, field, old, new, sb.buf);
	sbuf_release(&sb);
}

static void
remember_where(struct enroll *e, const char *id, const char *file, long line)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s:%ld", file, line);
	XGROW(e->where, e->nwhere + 1, e->capwhere);
	e->where[e->nwhere] = sbuf_detach(&sb);
	strmap_put(e->first, id, (long)e->nwhere);
	e->nwhere++;
}

/* Keep a rejected row as it was read, plus what was wrong with it. */
static void
reject(struct enroll *e, const struct table *in, size_t r, const char *why)
{
	size_t c, row, ecol;

	ecol = table_add_extra(e->rejects, REJECTS_COLUMN);
	row = table_add_row(e->rejects, NULL, in->lines[r]);
	for (c = 0; c < in->ncols; c++) {
		size_t to = in->canon[c] >= 0 ?
		    (size_t)e->rejects->col[in->canon[c]] :
		    table_add_extra(e->rejects, in->names[c]);

		table_set_cell(e->rejects, row, to, in->rows[r][c]);
	}
	table_set_cell(e->rejects, row, ecol, why);
	e->rejected++;
}

/*
 * Warn about the child's card as it now stands in the roster (the intake
 * row may be a partial update): incomplete, or perhaps another child's.
 */
static void
warn_card(struct enroll *e, const char *file, long line, long row)
{
	struct sbuf sb = SBUF_INIT;
	char *v[RC_COUNT];
	date_t birth;
	long other;
	int c;

	for (c = 0; c < RC_COUNT; c++)
		v[c] = (char *)table_get(e->roster, (size_t)row, c);
	sbuf_init(&sb);
	if (card_missing(e->policy, (const char *const *)v, &sb, 0) > 0) {
		if (!e->quiet)
			diag_warn(file, line, 0, _("incomplete card for '%s' "
			    "(missing %s)"), v[RC_STUDENT_ID], sb.buf);
		e->incomplete++;
	}
	if (e->quiet)
		goto done;
	if (card_birth((const char *const *)v, &birth) == DATE_MONTH)
		diag_warn(file, line, 0, _("birth_date of '%s' is the month "
		    "%s without its day (expected a day, or an id_card that "
		    "gives it): no birthday greeting falls due"),
		    v[RC_STUDENT_ID], v[RC_BIRTH_DATE]);
	if (*v[RC_ID_CARD] != '\0') {
		other = strmap_put(e->id_card, v[RC_ID_CARD], row);
		if (other != row)
			diag_warn(file, line, 0, _("'%s' has the id_card of "
			    "'%s': the same child twice?"), v[RC_STUDENT_ID],
			    table_get(e->roster, (size_t)other, RC_STUDENT_ID));
	}
	sbuf_reset(&sb);
	sbuf_printf(&sb, "%s\t%s", v[RC_NAME], v[RC_BIRTH_DATE]);
	other = strmap_put(e->name_birth, sb.buf, row);
	if (other != row)
		diag_warn(file, line, 0, _("'%s' has the name and birth date "
		    "of '%s': the same child twice?"), v[RC_STUDENT_ID],
		    table_get(e->roster, (size_t)other, RC_STUDENT_ID));
done:
	sbuf_release(&sb);
}

/* Whether intake column c is an unknown one the roster takes over. */
static int
extra_col(const struct table *in, size_t c)
{
	return in->canon[c] < 0 && strcmp(in->names[c], REJECTS_COLUMN) != 0;
}

/*
 * A new child's row: the intake row's values (v for the canonical
 * columns, which are added as needed), all at once.
 */
static long
add_new_row(struct table *ro, const struct table *in, size_t r,
    char *const *v)
{
	char **vals;
	size_t c;
	long row;

	for (c = 0; c < RC_COUNT; c++)
		if (*v[c] != '\0')
			(void)table_add_col(ro, (int)c);
	vals = xreallocarray(NULL, ro->ncols + 1, sizeof(*vals));
	for (c = 0; c < ro->ncols; c++)
		vals[c] = (char *)"";
	for (c = 0; c < RC_COUNT; c++)
		if (*v[c] != '\0')
			vals[ro->col[c]] = v[c];
	for (c = 0; c < in->ncols; c++)
		if (extra_col(in, c) && *in->rows[r][c] != '\0')
			vals[table_add_extra(ro, in->names[c])] =
			    in->rows[r][c];
	row = (long)table_add_row(ro, vals, in->lines[r]);
	free(vals);
	return row;
}

/*
 * Put a valid intake row into the roster: a new child is added whole; a
 * child already there gets the values the intake gives (an empty intake
 * cell never erases what the roster knows).
 */
static long
merge_row(struct enroll *e, const struct table *in, size_t r, char **v,
    char *const *given)
{
	struct table *ro = e->roster;
	long row = strmap_get(e->row_of, v[RC_STUDENT_ID]);
	size_t c, to;
	int changed = 0;
	const char *val;

	if (row < 0) {
		row = add_new_row(ro, in, r, v);
		strmap_put(e->row_of, v[RC_STUDENT_ID], row);
		e->added++;
		return row;
	}
	for (c = 0; c < RC_COUNT; c++) {
		val = table_get(ro, (size_t)row, (int)c);
		if (*v[c] == '\0' || strcmp(val, v[c]) == 0)
			continue;
		/* Defaults and derived values only fill what is empty. */
		if (*given[c] == '\0' && *val != '\0')
			continue;
		/* Recorded before the old value is freed. */
		record(e, in, r, v[RC_STUDENT_ID], schema_col_name(FK_ROSTER,
		    c), val, v[c]);
		table_set(ro, (size_t)row, (int)c, v[c]);
		changed = 1;
	}
	for (c = 0; c < in->ncols; c++) {
		if (!extra_col(in, c) || *in->rows[r][c] == '\0')
			continue;
		to = table_add_extra(ro, in->names[c]);
		if (strcmp(ro->rows[row][to], in->rows[r][c]) == 0)
			continue;
		record(e, in, r, v[RC_STUDENT_ID], in->names[c],
		    ro->rows[row][to], in->rows[r][c]);
		table_set_cell(ro, (size_t)row, to, in->rows[r][c]);
		changed = 1;
	}
	if (changed)
		e->updated++;
	else
		e->unchanged++;
	return row;
}

static void
enroll_row(struct enroll *e, const struct table *in, size_t r, int flags)
{
	char *v[RC_COUNT], *given[RC_COUNT];
	struct sbuf errs = SBUF_INIT;
	long first, row;
	size_t c;

	sbuf_init(&errs);
	for (c = 0; c < RC_COUNT; c++) {
		v[c] = xstrdup(table_get(in, r, (int)c));
		given[c] = xstrdup(v[c]);
	}
	card_normalize(e->policy, v, e->as_of, flags, &errs);
	if (errs.len == 0 && *v[RC_STUDENT_ID] != '\0') {
		first = strmap_get(e->first, v[RC_STUDENT_ID]);
		if (first >= 0)
			sbuf_printf(&errs, _("student_id: '%s' is a duplicate "
			    "(first at %s)"), v[RC_STUDENT_ID],
			    e->where[first]);
	}
	if (errs.len > 0) {
		diag_error(in->name, in->lines[r], 0, "%s", errs.buf);
		reject(e, in, r, errs.buf);
	} else {
		remember_where(e, v[RC_STUDENT_ID], in->name, in->lines[r]);
		row = merge_row(e, in, r, v, given);
		warn_card(e, in->name, in->lines[r], row);
	}
	for (c = 0; c < RC_COUNT; c++) {
		free(v[c]);
		free(given[c]);
	}
	sbuf_release(&errs);
}

int
enroll_read(struct enroll *e, const char *path, const struct csvio_opts *opts,
    int *code)
{
	struct table *in;
	size_t c;

	if ((in = table_read(path, FK_ROSTER, e->policy, opts, code)) == NULL)
		return -1;
	for (c = 0; c < in->ncols; c++)
		if (extra_col(in, c))
			(void)table_add_extra(e->roster, in->names[c]);
	XGROW(e->in, e->nin + 1, e->capin);
	e->in[e->nin++] = in;
	return 0;
}

static void
enroll_file(struct enroll *e, const struct table *in)
{
	size_t r;
	int flags = 0;

	if (in->col[RC_LEFT_BEHIND] < 0)
		flags |= CARD_DERIVE_LEFT_BEHIND;
	for (r = 0; r < in->nrows; r++)
		enroll_row(e, in, r, flags);
}

/* Index the roster being merged into, so ids and duplicates are found. */
static void
index_roster(struct enroll *e)
{
	struct sbuf sb = SBUF_INIT;
	const char *card;
	size_t r;

	sbuf_init(&sb);
	for (r = 0; r < e->roster->nrows; r++) {
		strmap_put(e->row_of, table_get(e->roster, r, RC_STUDENT_ID),
		    (long)r);
		card = table_get(e->roster, r, RC_ID_CARD);
		if (*card != '\0')
			strmap_put(e->id_card, card, (long)r);
		sbuf_reset(&sb);
		sbuf_printf(&sb, "%s\t%s", table_get(e->roster, r, RC_NAME),
		    table_get(e->roster, r, RC_BIRTH_DATE));
		strmap_put(e->name_birth, sb.buf, (long)r);
	}
	sbuf_release(&sb);
}

void
enroll_init(struct enroll *e, const struct policy *p, date_t as_of,
    struct table *roster)
{
	memset(e, 0, sizeof(*e));
	e->policy = p;
	e->as_of = as_of;
	e->roster = roster;
	e->row_of = strmap_new();
	e->first = strmap_new();
	e->id_card = strmap_new();
	e->name_birth = strmap_new();
	e->rejects = table_new(FK_ROSTER, "rejects");
	index_roster(e);
}

void
enroll_rows(struct enroll *e)
{
	size_t i;

	for (i = 0; i < e->nin; i++)
		enroll_file(e, e->in[i]);
}

void
enroll_release(struct enroll *e)
{
	size_t i;

	for (i = 0; i < e->nin; i++)
		table_free(e->in[i]);
	free(e->in);
	for (i = 0; i < e->nwhere; i++)
		free(e->where[i]);
	free(e->where);
	strmap_free(e->row_of);
	strmap_free(e->first);
	strmap_free(e->id_card);
	strmap_free(e->name_birth);
	table_free(e->roster);
	table_free(e->rejects);
	memset(e, 0, sizeof(*e));
}
