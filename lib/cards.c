/* cards.c: the contact card (联系卡) of each child, with whom to call. */
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "cards.h"
#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "query.h"
#include "render.h"
#include "sbuf.h"
#include "schema.h"
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
    struct query *q, const char *staff_path, const char *pool_path,
    const struct csvio_opts *copts, const char *out, int html, date_t as_of,
    int *code)
{
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
	/* A card is personal data: such a file is not world-readable. */
	if ((of = ofile_open(out, OFILE_PRIVATE)) == NULL) {
		ret = LB_CANTCREAT;
		goto done;
	}
	if (html)
		render_cards_html(ofile_stream(of), cards, n, p, as_of);
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
	sbuf_release(&sb);
	table_free(staff);
	table_free(pool);
	free(vals);
	free(extra);
	free(names);
	free(cards);
	return ret == LB_OK ? 0 : fail(ret, code);
}
