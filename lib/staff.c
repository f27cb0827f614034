/* staff.c: the staff list: a teacher's places, and names on a report. */
#include <string.h>

#include "card.h"
#include "diag.h"
#include "i18n.h"
#include "policy.h"
#include "report.h"
#include "schema.h"
#include "staff.h"
#include "table.h"
#include "text.h"

int
staff_capacity(const struct table *s, size_t r, int dflt, int *cap)
{
	const char *v = table_get(s, r, SC_MAX_MENTEES);
	long long n;

	*cap = dflt;
	if (*v == '\0')
		return 0;
	if (text_whole(v, 100000, &n) != 0) {
		diag_error(s->name, s->lines[r], 0, _("bad max_mentees '%s' "
		    "(expected a whole number, 0 or more)"), v);
		return -1;
	}
	*cap = (int)n;
	return 0;
}

int
staff_name_report(struct report *r, const struct policy *p, const char *path,
    const struct csvio_opts *copts, int *code)
{
	struct table *s;
	size_t i;
	long row;
	int cap, bad = 0;

	if ((s = table_read(path, FK_STAFF, p, copts, code)) == NULL)
		return -1;
	if (card_table_names(s) != 0) {
		table_free(s);
		*code = LB_DATAERR;
		return -1;
	}
	for (i = 0; i < s->nrows; i++)
		if (*table_get(s, i, SC_STAFF_ID) != '\0' &&
		    *table_get(s, i, SC_NAME) != '\0')
			report_name_mentor(r, table_get(s, i, SC_STAFF_ID),
			    table_get(s, i, SC_NAME));
	for (i = 0; i < r->n; i++) {
		struct report_row *x = &r->row[i];

		if (strcmp(x->metric, "mentor_load") != 0 ||
		    strncmp(x->group, "mentor=", 7) != 0 ||
		    (row = table_find(s, SC_STAFF_ID, x->group + 7)) < 0)
			continue;
		if (staff_capacity(s, (size_t)row, p->pairing.max_mentees,
		    &cap) != 0)
			bad = 1;
		else
			x->total = cap;
	}
	table_free(s);
	if (bad) {
		*code = LB_DATAERR;
		return -1;
	}
	return 0;
}
