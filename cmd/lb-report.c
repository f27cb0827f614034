/* lb-report: the figures a school reports and a county merges. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "ofile.h"
#include "policy.h"
#include "render.h"
#include "report.h"
#include "sbuf.h"
#include "tabfmt.h"
#include "table.h"
#include "where.h"
#include "xmem.h"

static const char usage[] =
    "usage: lb-report [-p policy] [-l log] [--as-of date]\n"
    "                 [--term name | --from date --to date | --month yyyy-mm]\n"
    "                 [--format table|csv|md|html] [--detail] [--suppress n]\n"
    "                 [--where expr] [--encoding enc] [--excel] [-o file]\n"
    "                 [roster]\n"
    "       lb-report [-p policy] --merge [-o file] report.csv ...\n"
    "       lb-report [-p policy] --print-policy\n";

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "detail", no_argument, NULL, OPT_DETAIL },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "log", required_argument, NULL, 'l' },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "month", required_argument, NULL, OPT_MONTH },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "suppress", required_argument, NULL, OPT_SUPPRESS },
	{ "term", required_argument, NULL, OPT_TERM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ NULL, 0, NULL, 0 }
};

enum { F_TABLE, F_CSV, F_MD, F_HTML };
static const char *const formats[] = { "table", "csv", "md", "html", NULL };

struct args {
	const char *policy, *log, *output, *encoding, *term, *month, *where;
	date_t as_of, from, to;
	int format, detail, excel, merge, print_policy;
	long suppress;
};

/* "2026-11" -> the first and last day of that month; exits 64 if bad. */
static void
parse_month(const char *arg, date_t *from, date_t *to)
{
	int y, m, n = 0;

	if (sscanf(arg, "%4d-%2d%n", &y, &m, &n) != 2 || arg[n] != '\0' ||
	    strlen(arg) != 7 || !date_valid_ymd(y, m, 1))
		diag_die(LB_USAGE, "--month: invalid month '%s' (expected "
		    "YYYY-MM)", arg);
	*from = date_from_ymd(y, m, 1);
	*to = date_from_ymd(y, m, date_days_in_month(y, m));
}

/*
 * The period: --term, --month, --from/--to, else the term at --as-of up
 * to that day (in a vacation, the term that ended last; none before the
 * first term).  Exits 64 on a contradiction or an unknown term.
 */
static void
resolve_period(const struct args *a, const struct policy *p,
    struct report *r)
{
	const struct term *t = NULL;
	size_t i, given;
	char buf[DATE_ISO_LEN];

	given = (a->term != NULL) + (a->month != NULL) +
	    (a->from != DATE_NONE || a->to != DATE_NONE);
	if (given > 1)
		diag_die(LB_USAGE, "give only one of --term, --month and "
		    "--from/--to");
	if ((a->from == DATE_NONE) != (a->to == DATE_NONE))
		diag_die(LB_USAGE, "%s needs %s too", a->from == DATE_NONE ?
		    "--to" : "--from", a->from == DATE_NONE ? "--from" : "--to");
	if (a->term != NULL) {
		if ((t = policy_term_named(p, a->term)) == NULL) {
			struct sbuf sb = SBUF_INIT;

			for (i = 0; i < p->nterms; i++)
				sbuf_printf(&sb, "%s%s", i ? ", " : "",
				    p->terms[i].name);
			diag_die(LB_USAGE, "--term: unknown term '%s' (expected "
			    "one of the policy's terms: %s)", a->term,
			    sb.len ? sb.buf : "none");
		}
		free(r->period_name);
		r->period_name = xstrdup(t->name);
		r->from = t->start;
		/* A named period is reported up to --as-of, not beyond. */
		r->to = t->end < a->as_of ? t->end : a->as_of;
	} else if (a->month != NULL) {
		parse_month(a->month, &r->from, &r->to);
		if (r->to > a->as_of)
			r->to = a->as_of;
		free(r->period_name);
		r->period_name = xstrdup(a->month);
	} else if (a->from != DATE_NONE) {
		if (a->from > a->to)
			diag_die(LB_USAGE, "--from %s is after --to %s",
			    date_format(a->from, buf), date_format(a->to,
			    (char[DATE_ISO_LEN]){ 0 }));
		r->from = a->from;
		r->to = a->to;
	}
	if (r->from != DATE_NONE && r->to < r->from)
		diag_die(LB_USAGE, "the period starts after --as-of %s",
		    date_format(a->as_of, buf));
	if (given > 0)
		return;
	for (i = 0; i < p->nterms; i++)
		if (p->terms[i].start <= a->as_of)
			t = &p->terms[i];
	if (t != NULL) {
		free(r->period_name);
		r->period_name = xstrdup(t->name);
		r->from = t->start;
		r->to = t->end < a->as_of ? t->end : a->as_of;
	}
}

static struct where *
parse_where(const char *expr, const struct table *t)
{
	struct where *w;
	char err[256];
	size_t pos = 0;

	w = where_parse((const char *const *)t->names, t->ncols, expr, err,
	    sizeof(err), &pos);
	if (w == NULL)
		diag_die(LB_USAGE, "--where: %s at character %zu of '%s'", err,
		    pos, expr);
	return w;
}

static int
write_out(const struct args *a, const struct report *r,
    const struct policy *p)
{
	struct render_opts ro;
	struct ofile *of;
	FILE *f;

	/* Name lists are personal data: such a file is not world-readable. */
	if ((of = ofile_open(a->output, a->detail ? OFILE_PRIVATE : 0)) == NULL)
		return LB_CANTCREAT;
	f = ofile_stream(of);
	ro.suppress = a->suppress;
	ro.detail = a->detail;
	ro.width = a->output == NULL ? tabfmt_term_width(STDOUT_FILENO) : 0;
	switch (a->format) {
	case F_CSV:
		report_write_csv(r, f, a->excel ? CSVIO_EXCEL : 0, a->suppress,
		    a->detail);
		break;
	case F_MD:
		render_md(f, r, p, &ro);
		break;
	case F_HTML:
		render_html(f, r, p, &ro);
		break;
	default:
		render_table(f, r, p, &ro);
	}
	return ofile_commit(of) == 0 ? LB_OK : LB_IOERR;
}

int
main(int argc, char *argv[])
{
	struct args a;
	struct csvio_opts copts = { NULL, 0 };
	struct report_opts ropts = { NULL, 0 };
	struct policy *policy;
	struct report r;
	struct table *roster = NULL;
	struct where *where = NULL;
	const char *path;
	int c, code = LB_OK, i;

	memset(&a, 0, sizeof(a));
	a.format = -1;
	a.as_of = a.from = a.to = DATE_NONE;
	diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hl:o:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(usage, LB_OK);
		case 'l':
			a.log = optarg;
			break;
		case 'o':
			a.output = optarg;
			break;
		case 'p':
			a.policy = optarg;
			break;
		case OPT_AS_OF:
			a.as_of = cli_date("--as-of", optarg);
			break;
		case OPT_DETAIL:
			a.detail = 1;
			break;
		case OPT_ENCODING:
			a.encoding = optarg;
			break;
		case OPT_EXCEL:
			a.excel = 1;
			break;
		case OPT_FORMAT:
			a.format = cli_format(optarg, formats);
			break;
		case OPT_FROM:
			a.from = cli_date("--from", optarg);
			break;
		case OPT_MERGE:
			a.merge = 1;
			break;
		case OPT_MONTH:
			a.month = optarg;
			break;
		case OPT_PRINT_POLICY:
			a.print_policy = 1;
			break;
		case OPT_SUPPRESS:
			a.suppress = cli_count("--suppress", optarg);
			break;
		case OPT_TERM:
			a.term = optarg;
			break;
		case OPT_TO:
			a.to = cli_date("--to", optarg);
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_WHERE:
			a.where = optarg;
			break;
		default:
			cli_usage(usage, LB_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	policy = cli_policy(a.policy);
	if (a.print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		return code;
	}
	if (a.as_of == DATE_NONE)
		a.as_of = date_today();
	if (a.merge) {
		if (argc == 0)
			diag_die(LB_USAGE, "--merge needs report files");
		if (a.log != NULL || a.where != NULL || a.detail ||
		    a.term != NULL || a.month != NULL || a.from != DATE_NONE)
			diag_die(LB_USAGE, "--merge takes no -l, --where, "
			    "--detail or period: the reports have them");
		if (a.format < 0)
			a.format = F_CSV;
	} else if (argc > 1) {
		cli_usage(usage, LB_USAGE);
	}
	if (a.format < 0)
		a.format = F_TABLE;
	if (a.excel && a.format != F_CSV)
		diag_die(LB_USAGE, "--excel applies to --format csv only");
	copts.encoding = a.encoding;

	report_init(&r);
	r.as_of = a.as_of;
	if (a.merge) {
		for (i = 0; i < argc && code == LB_OK; i++)
			if (report_merge_file(&r, argv[i], &copts, &code) != 0)
				break;
		report_merge_finish(&r, policy);
		r.as_of = DATE_NONE;
		goto write;
	}

	resolve_period(&a, policy, &r);
	free(r.school);
	r.school = xstrdup(policy->school_name);
	path = argc > 0 ? argv[0] : "-";
	if ((roster = table_read(path, FK_ROSTER, policy, &copts, &code)) ==
	    NULL)
		goto done;
	if (a.where != NULL)
		where = parse_where(a.where, roster);
	ropts.where = where;
	ropts.detail = a.detail;
	if (report_compute(&r, policy, roster, &ropts) != 0) {
		code = LB_DATAERR;
		goto done;
	}
	if (a.log != NULL) {
		if (r.from == DATE_NONE)
			diag_die(LB_USAGE, "no term of the policy contains or "
			    "precedes %s: give the period (--term, --month or "
			    "--from/--to)", date_format(a.as_of,
			    (char[DATE_ISO_LEN]){ 0 }));
		if (report_compliance(&r, policy, roster, &ropts, a.log,
		    &copts, r.from, r.to, &code) != 0)
			goto done;
	}
write:
	if (code == LB_OK)
		code = write_out(&a, &r, policy);
done:
	where_free(where);
	table_free(roster);
	report_free(&r);
	policy_free(policy);
	return diag_close_stdout(code);
}
