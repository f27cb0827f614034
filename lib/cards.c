/* cards.c: the contact card (联系卡) of each child, with whom to call. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actlog.h"
#include "card.h"
#include "cards.h"
#include "csvio.h"
#include "diag.h"
#include "duelist.h"
#include "history.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "query.h"
#include "render.h"
#include "report.h"
#include "roster.h"
#include "sbuf.h"
#include "schedule.h"
#include "schema.h"
#include "strmap.h"
#include "table.h"
#include "xmem.h"

/* Set *code to c and return -1: a failure whose message was printed. */
static int
fail(int c, int *code)
{
	*code = c;
	return -1;
}


/*
 * The child's record (成长记录): per card, the rows of each part, kept
 * with their day and place in the file so that each part reads in date
 * order whatever order the file has.
 */
enum { P_CONTACTS, P_DUE, P_MARKS, P_CHANGES, NPARTS };

static const char *const head_contacts[] = { "card_col_date", "kind",
	"card_col_staff", "note" };
static const char *const head_due[] = { "due_date", "kind", "due_status",
	"days_late" };
static const char *const head_marks[] = { "card_col_date", "card_col_old",
	"card_col_new" };
static const char *const head_changes[] = { "card_col_date",
	"card_col_field", "card_col_old", "card_col_new" };

struct rows {
	char **cell;		/* n * ncols, owned */
	date_t *day;
	long *seq;
	size_t n, cap, capday, capseq;
};

struct record {
	const struct policy *p;
	struct strmap *card_of;		/* student_id -> card */
	size_t ncards;
	struct rows *rows[NPARTS];	/* per part, per card */
	const struct table *staff;
	long seq;
};

/* Add a row of part k to card i: ncols strings, copied. */
static void
rows_add(struct record *rc, int k, size_t i, date_t day, size_t ncols,
    const char *const *v)
{
	struct rows *r = &rc->rows[k][i];
	size_t c;

	XGROW(r->cell, (r->n + 1) * ncols, r->cap);
	XGROW(r->day, r->n + 1, r->capday);
	XGROW(r->seq, r->n + 1, r->capseq);
	for (c = 0; c < ncols; c++)
		r->cell[r->n * ncols + c] = xstrdup(v[c] != NULL ? v[c] : "");
	r->day[r->n] = day;
	r->seq[r->n] = rc->seq++;
	r->n++;
}

/* Sort a card's rows of part k by day, then as they came. */
static void
rows_sort(struct rows *r, size_t ncols)
{
	size_t i, j, c;
	char *t;
	date_t d;
	long s;

	/* Insertion sort: a child's rows are few, and nearly in order. */
	for (i = 1; i < r->n; i++)
		for (j = i; j > 0 && (r->day[j - 1] > r->day[j] ||
		    (r->day[j - 1] == r->day[j] && r->seq[j - 1] >
		    r->seq[j])); j--) {
			d = r->day[j], r->day[j] = r->day[j - 1];
			r->day[j - 1] = d;
			s = r->seq[j], r->seq[j] = r->seq[j - 1];
			r->seq[j - 1] = s;
			for (c = 0; c < ncols; c++) {
				t = r->cell[j * ncols + c];
				r->cell[j * ncols + c] =
				    r->cell[(j - 1) * ncols + c];
				r->cell[(j - 1) * ncols + c] = t;
			}
		}
}

/* A word of the policy in the desk's script (a kind's label: 谈心). */
static const char *
desk_word(const char *s)
{
	return i18n_script() == I18N_HANT ? policy_hant(s) : s;
}

/* "李春华（T07）" when the staff list has id, else id. */
static void
staff_text(struct sbuf *sb, const struct record *rc, const char *id)
{
	long row;

	if (rc->staff != NULL && *id != '\0' && (row = table_find(rc->staff,
	    SC_STAFF_ID, id)) >= 0 && *table_get(rc->staff, (size_t)row,
	    SC_NAME) != '\0')
		sbuf_printf(sb, "%s%s%s%s", table_get(rc->staff, (size_t)row,
		    SC_NAME), report_label(rc->p, "paren_open"), id,
		    report_label(rc->p, "paren_close"));
	else
		sbuf_adds(sb, id);
}

/* Every contact of the children carded, from the log at path. */
static int
read_contacts(struct record *rc, const char *path,
    const struct csvio_opts *copts, int *code)
{
	struct actlog_reader *rd;
	struct actlog_row row;
	struct sbuf id = SBUF_INIT, who = SBUF_INIT;
	const struct contact *ct;
	const char *v[4];
	char iso[DATE_ISO_LEN];
	int *cols = NULL, n;
	size_t ncols = 0, h;
	long hstaff = -1, hnote = -1, i;

	if ((rd = actlog_open(path, rc->p, copts, &cols, &ncols, code)) ==
	    NULL)
		return -1;
	for (h = 0; h < ncols; h++)
		if (cols[h] == LC_STAFF_ID)
			hstaff = (long)h;
		else if (cols[h] == LC_NOTE)
			hnote = (long)h;
	sbuf_init(&id);
	sbuf_init(&who);
	while ((n = actlog_next(rd, &row)) == 1) {
		sbuf_reset(&id);
		sbuf_add(&id, row.id, row.idlen);
		if ((i = strmap_get(rc->card_of, id.buf)) < 0)
			continue;
		actlog_resolve(rd, &row);
		/* lb-due's reading of the log warns about these. */
		if (row.kind < 0 || row.day == DATE_NONE)
			continue;
		ct = &rc->p->contacts[row.kind];
		sbuf_reset(&who);
		staff_text(&who, rc, hstaff >= 0 && (size_t)hstaff <
		    row.raw->n ? row.raw->v[hstaff] : "");
		v[0] = date_format(row.day, iso);
		v[1] = desk_word(ct->label != NULL && *ct->label != '\0' ?
		    ct->label : ct->kind);
		v[2] = who.buf;
		v[3] = hnote >= 0 && (size_t)hnote < row.raw->n ?
		    row.raw->v[hnote] : "";
		rows_add(rc, P_CONTACTS, (size_t)i, row.day, 4, v);
	}
	if (n < 0)
		*code = actlog_code(rd);
	actlog_close(rd);
	free(cols);
	sbuf_release(&id);
	sbuf_release(&who);
	return n < 0 ? -1 : 0;
}

/*
 * The items now due for the children carded, as lb-due lists them as of
 * as_of: the roster's children fed to the same schedule (lib/schedule.h)
 * and the log read into it.  keep[r]: roster row r is carded.
 */
static int
read_due(struct record *rc, const struct table *roster,
    const unsigned char *keep, const char *log,
    const struct csvio_opts *copts, date_t as_of, int *code)
{
	struct schedule s;
	struct duelist d;
	struct child c;
	struct sbuf label = SBUF_INIT;
	const char *v[RC_COUNT], *row[4];
	char due[DATE_ISO_LEN], late[24];
	const struct cadence_item *it;
	size_t r, k;
	long n, i;
	int ret = -1;

	schedule_init(&s, rc->p);
	duelist_init(&d, rc->p, as_of, time(NULL), 0);
	child_init(&c);
	sbuf_init(&label);
	for (r = 0; r < roster->nrows; r++) {
		roster_row_values(roster, r, v);
		roster_child(&c, rc->p, v, as_of, NULL, 0);
		n = schedule_add(&s, &c, keep[r] && child_active(&c, as_of),
		    roster->name, roster->lines[r]);
		/* The list's child n is the schedule's child n. */
		if (n >= 0 && duelist_add(&d, c.id, c.name, c.class, c.mentor,
		    "", "") != (size_t)n)
			abort();
	}
	duelist_rank(&d);
	schedule_start(&s, as_of, DATE_NONE);
	if (schedule_read_log(&s, log, copts, code) != 0)
		goto done;
	d.nitems = schedule_due(&s, 0, &d.items, &d.capitems);
	duelist_order(&d);
	for (k = 0; k < d.nitems; k++) {
		it = duelist_item(&d, k);
		if ((i = strmap_get(rc->card_of, duelist_id(&d, it->child))) <
		    0)
			continue;
		sbuf_reset(&label);
		duelist_item_label(&label, &d, it);
		snprintf(late, sizeof(late), "%ld", (long)it->days_late);
		row[0] = date_format(it->due, due);
		row[1] = desk_word(label.buf);
		row[2] = report_label(rc->p, it->days_late > 0 ?
		    "due_status.overdue" : "due_status.due");
		row[3] = it->days_late > 0 ? late : "";
		rows_add(rc, P_DUE, (size_t)i, DATE_NONE, 4, row);
	}
	ret = 0;
done:
	sbuf_release(&label);
	child_release(&c);
	duelist_free(&d);
	schedule_release(&s);
	return ret;
}

/* Value v of the card's field in words ("—" for none). */
static void
field_words(struct sbuf *sb, const struct policy *p, int col, const char *v)
{
	if (*v == '\0')
		sbuf_adds(sb, "—");
	else if (col >= 0)
		report_value_text(p, col, v, sb);
	else
		sbuf_adds(sb, v);
}

/* A change of a carded child's card: a mark, or another field. */
static int
history_row(void *arg, const struct history_row *hr)
{
	struct record *rc = arg;
	struct sbuf o = SBUF_INIT, nw = SBUF_INIT;
	const char *v[4];
	char iso[DATE_ISO_LEN];
	long i;
	int col;

	if ((i = strmap_get(rc->card_of, hr->id)) < 0)
		return 0;
	col = schema_col_index(FK_ROSTER, hr->field);
	sbuf_init(&o);
	sbuf_init(&nw);
	field_words(&o, rc->p, col, hr->old);
	field_words(&nw, rc->p, col, hr->new);
	v[0] = date_format(hr->day, iso);
	if (col == RC_ACADEMIC) {
		v[1] = o.buf;
		v[2] = nw.buf;
		rows_add(rc, P_MARKS, (size_t)i, hr->day, 3, v);
	} else {
		v[1] = col >= 0 ? report_label(rc->p, hr->field) : hr->field;
		v[2] = o.buf;
		v[3] = nw.buf;
		rows_add(rc, P_CHANGES, (size_t)i, hr->day, 4, v);
	}
	sbuf_release(&o);
	sbuf_release(&nw);
	return 0;
}

static void
record_free(struct record *rc)
{
	size_t k, i, c;
	static const size_t ncols[NPARTS] = { 4, 4, 3, 4 };

	for (k = 0; k < NPARTS; k++) {
		if (rc->rows[k] == NULL)
			continue;
		for (i = 0; i < rc->ncards; i++) {
			for (c = 0; c < rc->rows[k][i].n * ncols[k]; c++)
				free(rc->rows[k][i].cell[c]);
			free(rc->rows[k][i].cell);
			free(rc->rows[k][i].day);
			free(rc->rows[k][i].seq);
		}
		free(rc->rows[k]);
	}
	strmap_free(rc->card_of);
}

/*
 * Read the record of the n cards (ids[i] the student of card i, keep
 * the roster rows carded) and hang its parts on the cards; parts[] gets
 * NPARTS per card.  Returns 0, or -1 with *code set after a message.
 */
static int
read_record(struct record *rc, const struct cards_opts *o,
    const struct table *roster, const unsigned char *keep,
    struct render_card *cards, char ***vals, size_t n,
    struct render_part *parts, int *code)
{
	static const struct {
		const char *key;
		size_t ncols;
		const char *const *head;
	} def[NPARTS] = {
		{ "card_contacts", 4, head_contacts },
		{ "card_due", 4, head_due },
		{ "card_marks", 3, head_marks },
		{ "card_changes", 4, head_changes },
	};
	size_t i, k;

	rc->ncards = n;
	for (i = 0; i < n; i++)
		if (strmap_get(rc->card_of, vals[i][RC_STUDENT_ID]) < 0)
			strmap_put(rc->card_of, vals[i][RC_STUDENT_ID],
			    (long)i);
	for (k = 0; k < NPARTS; k++)
		rc->rows[k] = xcalloc(n + 1, sizeof(*rc->rows[k]));
	if (o->log != NULL && (read_contacts(rc, o->log, o->copts,
	    code) != 0 || read_due(rc, roster, keep, o->log, o->copts,
	    o->as_of, code) != 0))
		return -1;
	if (o->history != NULL && history_scan(o->history, o->copts,
	    history_row, rc, code) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		cards[i].part = &parts[i * NPARTS];
		for (k = 0; k < NPARTS; k++) {
			if ((k <= P_DUE && o->log == NULL) ||
			    (k >= P_MARKS && o->history == NULL))
				continue;
			if (k != P_DUE)
				rows_sort(&rc->rows[k][i], def[k].ncols);
			parts[i * NPARTS + cards[i].npart] =
			    (struct render_part){ def[k].key, def[k].ncols,
			    def[k].head, rc->rows[k][i].cell,
			    rc->rows[k][i].n };
			cards[i].npart++;
		}
	}
	return 0;
}

/*
 * Staff member id as a card shows them, "李春华（T07，13652458735）":
 * whom to call, not only an id; NULL when staff is NULL or lacks id.
 * The caller frees it; sb is scratch.
 */
static char *
staff_shown(const struct table *staff, const struct policy *p,
    const char *id, struct sbuf *sb)
{
	long row;

	if (staff == NULL || *id == '\0' ||
	    (row = table_find(staff, SC_STAFF_ID, id)) < 0)
		return NULL;
	sbuf_reset(sb);
	sbuf_printf(sb, "%s%s%s", table_get(staff, (size_t)row, SC_NAME),
	    policy_label(p, "paren_open"), id);
	if (*table_get(staff, (size_t)row, SC_PHONE) != '\0')
		sbuf_printf(sb, "%s%s", policy_label(p, "comma"),
		    table_get(staff, (size_t)row, SC_PHONE));
	sbuf_adds(sb, policy_label(p, "paren_close"));
	return sbuf_detach(sb);
}

int
cards_write(const struct policy *p, const struct table *roster,
    struct query *q, const struct cards_opts *o, int *code)
{
	const char *staff_path = o->staff, *pool_path = o->pool;
	const struct csvio_opts *copts = o->copts;
	struct record rc;
	struct render_part *parts = NULL;
	unsigned char *keep;
	struct render_card *cards;
	struct table *staff = NULL, *pool = NULL;
	struct sbuf sb = SBUF_INIT;
	char ***vals;
	const char **names, ***extra;
	struct ofile *of;
	size_t r, c, k, n = 0, nextra = 0;
	long row;
	int m, ret = LB_OK;

	if (query_bind(q, roster->ncols, (const char *const *)roster->names,
	    roster->canon) != 0)
		return fail(LB_USAGE, code);
	if (staff_path != NULL && (staff = table_read(staff_path, FK_STAFF, p,
	    copts, code)) == NULL)
		return -1;
	if (staff != NULL && card_table_names(staff) != 0) {
		table_free(staff);
		return fail(LB_DATAERR, code);
	}
	if (pool_path != NULL && (pool = table_read(pool_path, FK_POOL, p, copts,
	    code)) == NULL) {
		table_free(staff);
		return -1;
	}
	if (pool != NULL && card_table_names(pool) != 0) {
		table_free(staff);
		table_free(pool);
		return fail(LB_DATAERR, code);
	}
	sbuf_init(&sb);
	memset(&rc, 0, sizeof(rc));
	rc.p = p;
	rc.card_of = strmap_new();
	rc.staff = staff;
	keep = xcalloc(roster->nrows + 1, 1);

	cards = xcalloc(roster->nrows + 1, sizeof(*cards));
	vals = xcalloc(roster->nrows + 1, sizeof(*vals));
	extra = xcalloc(roster->nrows + 1, sizeof(*extra));
	names = xcalloc(roster->ncols + 1, sizeof(*names));
	for (c = 0; c < roster->ncols; c++)
		if (roster->canon[c] < 0)
			names[nextra++] = roster->names[c];
	for (r = 0; r < roster->nrows; r++) {
		m = query_row(q, roster->rows[r], roster->name,
		    roster->lines[r]);
		if (m < 0) {
			ret = LB_DATAERR;
			goto done;
		}
		if (m == 0)
			continue;
		keep[r] = 1;
		/* The card shows the values as normalised, in words. */
		vals[n] = xcalloc(RC_COUNT, sizeof(**vals));
		for (k = 0; k < RC_COUNT; k++)
			vals[n][k] = xstrdup(query_values(q)[k]);
		extra[n] = xcalloc(nextra + 1, sizeof(**extra));
		for (c = 0, k = 0; c < roster->ncols; c++)
			if (roster->canon[c] < 0)
				extra[n][k++] = roster->rows[r][c];
		cards[n].v = vals[n];
		cards[n].nextra = nextra;
		cards[n].extra_name = names;
		cards[n].extra_value = extra[n];
		/* "李春华（T07，13652458735）": whom to call, not only an id. */
		cards[n].mentor = staff_shown(staff, p, vals[n][RC_MENTOR_ID],
		    &sb);
		cards[n].volunteer = staff_shown(staff, p,
		    vals[n][RC_VOLUNTEER_ID], &sb);
		if (pool != NULL && (row = table_find(pool, PC_STUDENT_ID,
		    vals[n][RC_BUDDY_ID])) >= 0) {
			sbuf_reset(&sb);
			sbuf_printf(&sb, "%s%s%s%s%s%s", table_get(pool,
			    (size_t)row, PC_NAME), policy_label(p,
			    "paren_open"), vals[n][RC_BUDDY_ID],
			    policy_label(p, "comma"),
			    table_get(pool, (size_t)row, PC_CLASS),
			    policy_label(p, "paren_close"));
			cards[n].buddy = sbuf_detach(&sb);
		}
		n++;
	}
	if (n == 0) {
		diag_warn(roster->name, 0, 0, _("no child for whom the --where "
		    "expressions hold (no card printed)"));
		goto done;
	}
	/* The record is read whole before the output file is begun. */
	if (o->log != NULL || o->history != NULL) {
		parts = xcalloc(n * NPARTS + 1, sizeof(*parts));
		if (read_record(&rc, o, roster, keep, cards, vals, n, parts,
		    code) != 0) {
			ret = *code;
			goto done;
		}
	}
	/* A card is personal data: such a file is not world-readable. */
	if ((of = ofile_open(o->out, OFILE_PRIVATE)) == NULL) {
		ret = LB_CANTCREAT;
		goto done;
	}
	if (o->html)
		render_cards_html(ofile_stream(of), cards, n, p, o->as_of);
	else if (o->md)
		render_cards_md(ofile_stream(of), cards, n, p, o->as_of);
	else
		render_cards_text(ofile_stream(of), cards, n, p);
	if (ofile_commit(of) != 0)
		ret = LB_IOERR;
done:
	for (r = 0; r < n; r++) {
		for (k = 0; k < RC_COUNT; k++)
			free(vals[r][k]);
		free(vals[r]);
		free(extra[r]);
		free((char *)cards[r].mentor);
		free((char *)cards[r].volunteer);
		free((char *)cards[r].buddy);
	}
	record_free(&rc);
	free(parts);
	free(keep);
	sbuf_release(&sb);
	table_free(staff);
	table_free(pool);
	free(vals);
	free(extra);
	free(names);
	free(cards);
	return ret == LB_OK ? 0 : fail(ret, code);
}
