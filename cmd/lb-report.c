/* lb-report: the figures a school reports and a county merges. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "query.h"
#include "render.h"
#include "merge.h"
#include "metrics.h"
#include "report.h"
#include "sbuf.h"
#include "tabfmt.h"
#include "table.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-report [-p policy] [-l log] [--as-of date]\n"
    "                 [--term name | --from date --to date | --month yyyy-mm]\n"
    "                 [--format table|csv|md|html] [--columns list] [--detail]\n"
    "                 [--suppress n] [--where expr ...] [--encoding enc]\n"
    "                 [--excel] [-o file] [roster]\n"
    "       lb-report [-p policy] --cards --where expr ... [--format table|html]\n"
    "                 [--staff staff] [--pool pool] [--as-of date]\n"
    "                 [--encoding enc] [-o file] [roster]\n"
    "       lb-report [-p policy] --merge [--format table|csv|md|html]\n"
    "                 [--columns list] [--excel] [-o file] report.csv ...\n"
    "       lb-report [-p policy] --print-policy\n");

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "cards", no_argument, NULL, OPT_CARDS },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
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
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "staff", required_argument, NULL, OPT_STAFF },
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
	const char *policy, *log, *output, *encoding, *term, *month, *columns;
	const char *staff, *pool;	/* names on --cards */
	const char **where;	/* the --where expressions */
	size_t nwhere;
	date_t as_of, from, to;
	int format, detail, excel, merge, print_policy, cards;
	long suppress;
};

/* "2026-11" -> the first and last day of that month; exits 64 if bad. */
static void
parse_month(const char *arg, date_t *from, date_t *to)
{
	int y, m, n = 0;

	if (sscanf(arg, "%4d-%2d%n", &y, &m, &n) != 2 || arg[n] != '\0' ||
	    strlen(arg) != 7 || !date_valid_ymd(y, m, 1))
		diag_die(LB_USAGE, _("--month: invalid month '%s' (expected "
		    "YYYY-MM)"), arg);
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
		diag_die(LB_USAGE, _("give only one of --term, --month and "
		    "--from/--to"));
	if ((a->from == DATE_NONE) != (a->to == DATE_NONE))
		diag_die(LB_USAGE, _("%s needs %s too"), a->from == DATE_NONE ?
		    "--to" : "--from", a->from == DATE_NONE ? "--from" : "--to");
	if (a->term != NULL) {
		if ((t = policy_term_named(p, a->term)) == NULL) {
			struct sbuf sb = SBUF_INIT;

			for (i = 0; i < p->nterms; i++)
				sbuf_printf(&sb, "%s%s", i ? ", " : "",
				    p->terms[i].name);
			diag_die(LB_USAGE, _("--term: unknown term '%s' "
			    "(expected one of the policy's terms: %s)"),
			    a->term, sb.len ? sb.buf : _("none"));
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
			diag_die(LB_USAGE, _("--from %s is after --to %s"),
			    date_format(a->from, buf), date_format(a->to,
			    (char[DATE_ISO_LEN]){ 0 }));
		r->from = a->from;
		/* Up to --as-of: what comes after has not happened. */
		r->to = a->to < a->as_of ? a->to : a->as_of;
	}
	if (r->from != DATE_NONE && r->to < r->from)
		diag_die(LB_USAGE, _("the period starts after --as-of %s"),
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
	/* --columns: the tidy rows, as CSV or as a plain table. */
	if (a->format == F_CSV || a->columns != NULL) {
		struct emit_opts eo;

		eo.table = a->format == F_TABLE;
		eo.csv_flags = a->excel ? CSVIO_EXCEL : 0;
		eo.columns = a->columns;
		(void)report_emit(r, f, &eo, a->suppress, a->detail);
		return ofile_commit(of) == 0 ? LB_OK : LB_IOERR;
	}
	switch (a->format) {
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

/*
 * --cards: the contact card of every child the --where expressions hold
 * for, as text or HTML.  Returns an exit code.
 */
static int
write_cards(const struct args *a, const struct policy *p,
    const struct table *roster, struct query *q,
    const struct csvio_opts *copts)
{
	struct render_card *cards;
	struct table *staff = NULL, *pool = NULL;
	struct sbuf sb = SBUF_INIT;
	char ***vals;
	const char **names, ***extra;
	struct ofile *of;
	size_t r, c, k, n = 0, nextra = 0;
	long row;
	int m, code = LB_OK;

	if (a->staff != NULL && (staff = table_read(a->staff, FK_STAFF, p,
	    copts, &code)) == NULL)
		return code;
	if (a->pool != NULL && (pool = table_read(a->pool, FK_POOL, p, copts,
	    &code)) == NULL) {
		table_free(staff);
		return code;
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
			code = LB_DATAERR;
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
		if (staff != NULL && (row = table_find(staff, SC_STAFF_ID,
		    vals[n][RC_MENTOR_ID])) >= 0) {
			sbuf_reset(&sb);
			sbuf_printf(&sb, "%s%s%s", table_get(staff, (size_t)row,
			    SC_NAME), policy_label(p, "paren_open"),
			    vals[n][RC_MENTOR_ID]);
			if (*table_get(staff, (size_t)row, SC_PHONE) != '\0')
				sbuf_printf(&sb, "%s%s", policy_label(p,
				    "comma"), table_get(staff, (size_t)row,
				    SC_PHONE));
			sbuf_adds(&sb, policy_label(p, "paren_close"));
			cards[n].mentor = sbuf_detach(&sb);
		}
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
	if ((of = ofile_open(a->output, OFILE_PRIVATE)) == NULL) {
		code = LB_CANTCREAT;
		goto done;
	}
	if (a->format == F_HTML)
		render_cards_html(ofile_stream(of), cards, n, p, a->as_of);
	else
		render_cards_text(ofile_stream(of), cards, n, p);
	if (ofile_commit(of) != 0)
		code = LB_IOERR;
done:
	for (r = 0; r < n; r++) {
		for (k = 0; k < RC_COUNT; k++)
			free(vals[r][k]);
		free(vals[r]);
		free(extra[r]);
		free((char *)cards[r].mentor);
		free((char *)cards[r].buddy);
	}
	sbuf_release(&sb);
	table_free(staff);
	table_free(pool);
	free(vals);
	free(extra);
	free(names);
	free(cards);
	return code;
}

/* Refuse options that make no sense together; exits 64. */
static void
check_args(struct args *a, int argc)
{
	int period = a->term != NULL || a->month != NULL ||
	    a->from != DATE_NONE || a->to != DATE_NONE;

	if (a->cards) {
		if (a->merge || a->log != NULL || a->detail || a->suppress ||
		    a->excel || a->columns != NULL || period)
			diag_die(LB_USAGE, _("--cards takes only --where, "
			    "--format table|html, --staff, --pool, --as-of, "
			    "--encoding and -o"));
		/* Every card at once is a choice to make in words. */
		if (a->nwhere == 0)
			diag_die(LB_USAGE, _("--cards needs --where (cards "
			    "hold personal data: say whose, e.g. --where %s or "
			    "--where class=3-2; every child's: --where "
			    "student_id!=)"), "name=王小明");
		if (a->format < 0)
			a->format = F_TABLE;
		if (a->format != F_TABLE && a->format != F_HTML)
			diag_die(LB_USAGE, _("--cards prints --format table or "
			    "html"));
		if (argc > 1)
			cli_usage(usage, LB_USAGE);
		return;
	}
	if (a->staff != NULL || a->pool != NULL)
		diag_die(LB_USAGE, _("--staff and --pool name the mentors and "
		    "buddies on --cards"));
	if (a->merge) {
		if (argc == 0)
			diag_die(LB_USAGE, _("--merge needs report files"));
		if (a->log != NULL || a->nwhere > 0 || a->detail || period)
			diag_die(LB_USAGE, _("--merge takes no -l, --where, "
			    "--detail or period: the reports have them"));
		if (a->format < 0)
			a->format = F_CSV;
	} else if (argc > 1) {
		cli_usage(usage, LB_USAGE);
	}
	if (a->format < 0)
		a->format = F_TABLE;
	if (a->excel && a->format != F_CSV)
		diag_die(LB_USAGE, _("--excel applies to --format csv only"));
	if (a->columns != NULL && a->format != F_CSV && a->format != F_TABLE)
		diag_die(LB_USAGE, _("--columns needs --format csv or table"));
	if (a->columns != NULL && emit_check(a->columns,
	    report_csv_ncols(a->detail), report_csv_cols()) != 0)
		exit(diag_close_stdout(LB_USAGE));
}

int
main(int argc, char *argv[])
{
	struct args a;
	struct csvio_opts copts = { NULL, 0, 0 };
	struct metrics_opts ropts = { NULL, DATE_NONE, 0 };
	unsigned char *keep = NULL;
	struct policy *policy;
	struct report r;
	struct table *roster = NULL;
	struct query *query = NULL;
	const char *path;
	int c, code = LB_OK, i;

	memset(&a, 0, sizeof(a));
	a.format = -1;
	a.as_of = a.from = a.to = DATE_NONE;
	a.where = xcalloc((size_t)argc + 1, sizeof(*a.where));
	diag_init(argv[0]);
	i18n_init();
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
		case OPT_CARDS:
			a.cards = 1;
			break;
		case OPT_COLUMNS:
			a.columns = optarg;
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
		case OPT_POOL:
			a.pool = optarg;
			break;
		case OPT_PRINT_POLICY:
			a.print_policy = 1;
			break;
		case OPT_STAFF:
			a.staff = optarg;
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
			a.where[a.nwhere++] = optarg;
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
		free(a.where);
		return code;
	}
	if (a.as_of == DATE_NONE)
		a.as_of = date_today();
	check_args(&a, argc);
	copts.encoding = a.encoding;

	report_init(&r);
	r.as_of = a.as_of;
	if (a.merge) {
		for (i = 0; i < argc && code == LB_OK; i++)
			if (merge_file(&r, argv[i], &copts, &code) != 0)
				break;
		merge_finish(&r, policy);
		r.as_of = DATE_NONE;
		goto write;
	}

	if (!a.cards)
		resolve_period(&a, policy, &r);
	free(r.school);
	r.school = xstrdup(policy->school_name);
	path = argc > 0 ? argv[0] : "-";
	cli_one_stdin(a.log, "-l", path, _("the roster"));
	if ((roster = table_read(path, FK_ROSTER, policy, &copts, &code)) ==
	    NULL)
		goto done;
	query = query_new(policy, a.as_of, a.where, a.nwhere, NULL, 0);
	if (a.cards) {
		if (query_bind(query, roster->ncols,
		    (const char *const *)roster->names, roster->canon) != 0)
			code = LB_USAGE;
		else
			code = write_cards(&a, policy, roster, query, &copts);
		goto done;
	}
	/* Grade 3's report is the report of a roster of grade 3 alone. */
	if ((keep = query_match(query, roster, &code)) == NULL)
		goto done;
	ropts.keep = keep;
	ropts.detail = a.detail;
	/* Who is in the programme: on the period's last day, or --as-of. */
	ropts.day = r.to != DATE_NONE && r.to < a.as_of ? r.to : a.as_of;
	metrics_roster(&r, policy, roster, &ropts);
	if (a.log != NULL) {
		if (r.from == DATE_NONE)
			diag_die(LB_USAGE, _("no term of the policy contains "
			    "or precedes %s: give the period (--term, --month "
			    "or --from/--to)"), date_format(a.as_of,
			    (char[DATE_ISO_LEN]){ 0 }));
		if (metrics_contacts(&r, policy, roster, &ropts, a.log,
		    &copts, r.from, &code) != 0)
			goto done;
	}
write:
	if (code == LB_OK)
		code = write_out(&a, &r, policy);
done:
	free(keep);
	query_free(query);
	table_free(roster);
	report_free(&r);
	policy_free(policy);
	free(a.where);
	return diag_close_stdout(code);
}
