/* merge.c: reports of several schools (lb-report CSV files) added up. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "merge.h"
#include "report.h"
#include "text.h"
#include "xmem.h"

/* A whole number of at most 15 digits, or -1. */
static long long
whole_number(const char *s)
{
	long long v;

	return text_whole(s, 999999999999999LL, &v) == 0 ? v : -1;
}

static int
metric_word(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
		    *s == '_'))
			return 0;
	return 1;
}

int
merge_file(struct report *r, const char *path,
    const struct csvio_opts *opts, int *code)
{
	struct csvio_reader *in;
	const struct csvio_row *h, *row;
	struct report_row *out;
	const char *name;
	long long count, total;
	size_t i;
	int rc, k;

	if ((in = csvio_open(path, opts, code)) == NULL)
		return -1;
	name = csvio_name(in);
	h = csvio_header(in);
	for (i = 0; i < 7 && i < h->n; i++)
		if (strcmp(h->v[i], report_csv_cols()[i]) != 0)
			break;
	if (i < 7 || h->n > 8 || (h->n == 8 && strcmp(h->v[7], "detail") != 0)) {
		diag_error(name, h->line, 0, _("not a report of lb-report "
		    "(expected the header 'metric,group,count,total,percent,"
		    "target,met')"));
		goto bad;
	}
	while ((rc = csvio_next(in, &row)) == 1) {
		if (!metric_word(row->v[0])) {
			diag_error(name, row->line, 1, _("bad metric name '%s' "
			    "(expected a word of a-z, 0-9 and _)"), row->v[0]);
			goto bad;
		}
		for (k = 2; k <= 3; k++) {
			if (row->v[k][0] == '<') {
				diag_error(name, row->line, k + 1,
				    _("suppressed %s '%s' cannot be summed "
				    "(merge the reports made without "
				    "--suppress)"), report_csv_cols()[k], row->v[k]);
				goto bad;
			}
			if (whole_number(row->v[k]) < 0) {
				diag_error(name, row->line, k + 1,
				    _("bad %s '%s' (expected a whole number)"),
				    report_csv_cols()[k], row->v[k]);
				goto bad;
			}
		}
		count = whole_number(row->v[2]);
		total = whole_number(row->v[3]);
		if (count > total && strcmp(row->v[0], "mentor_load") != 0) {
			diag_error(name, row->line, 3, _("count %lld is above "
			    "its total %lld"), count, total);
			goto bad;
		}
		out = report_row(r, row->v[0], row->v[1]);
		out->count += count;
		if (strcmp(out->metric, "mentor_load") != 0)
			out->total += total;
		else if (total > out->total)
			out->total = total;
	}
	if (rc < 0) {
		*code = csvio_code(in);
		csvio_close(in);
		return -1;
	}
	csvio_close(in);
	return 0;
bad:
	*code = LB_DATAERR;
	csvio_close(in);
	return -1;
}

void
merge_finish(struct report *r, const struct policy *p)
{
	const struct report_row *whole = report_find(r, "children", "");
	size_t i;

	for (i = 0; whole != NULL && i < r->n; i++)
		if (strcmp(r->row[i].metric, "children") == 0)
			r->row[i].total = whole->count;
	report_set_targets(r, p);
}
